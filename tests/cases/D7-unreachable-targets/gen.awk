# Hourly long CSV for 2019-12 (README; the days by ../hours.awk): A1 PM2.5
# 100, 160 on 12-01..05; B1 PM2.5 30.
BEGIN {
    header()
    for (d = 1; d <= 31; d++) {
        pm25_day("A1", 2019, 12, d, d <= 5 ? 160 : 100)
        pm25_day("B1", 2019, 12, d, 30)
    }
}
