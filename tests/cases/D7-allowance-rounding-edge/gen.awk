# Hourly long CSV (README; the days by ../hours.awk): A1 PM2.5 70 and B1
# PM2.5 71 on 2019-12-30; C1 PM2.5 35 on 12-22..30.
BEGIN {
    header()
    for (d = 22; d <= 30; d++) {
        if (d == 30) {
            pm25_day("A1", 2019, 12, d, 70)
            pm25_day("B1", 2019, 12, d, 71)
        }
        pm25_day("C1", 2019, 12, d, 35)
    }
}
