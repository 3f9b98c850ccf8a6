# Hourly long CSV (README; the days by ../hours.awk), 2019-06-01..21; the
# units differ only in PM2.5.
BEGIN {
    header()
    for (d = 1; d <= 21; d++) {
        pm25_day("A1", 2019, 6, d, 70)
        pm25_day("B1", 2019, 6, d, 56)
        pm25_day("C1", 2019, 6, d, 63)
        pm25_day("D1", 2019, 6, d, 63)
        pm25_day("E1", 2019, 6, d, 42)
    }
}
