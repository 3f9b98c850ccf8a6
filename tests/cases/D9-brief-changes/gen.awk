# Hourly long CSV (README; the days by ../hours.awk), 2019-06-01..02; the
# units differ only in PM2.5: 甲县 30 then 70, 乙县 40, 丙县 50.
BEGIN {
    header()
    for (d = 1; d <= 2; d++) {
        pm25_day("A1", 2019, 6, d, d == 1 ? 30 : 70)
        pm25_day("B1", 2019, 6, d, 40)
        pm25_day("C1", 2019, 6, d, 50)
    }
}
