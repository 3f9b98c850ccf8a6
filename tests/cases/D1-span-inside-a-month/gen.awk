# Hourly long CSV for 2019-03 (README; the days by ../hours.awk). A1:
# PM2.5 30 + d on day d; B1: PM2.5 60, no rows on 03-05, 03-06.
BEGIN {
    header()
    for (d = 1; d <= 31; d++) {
        pm25_day("A1", 2019, 3, d, 30 + d)
        if (d != 5 && d != 6)
            day("B1", 2019, 3, d, 20, 40, 100, 60, 1.6, 150)
    }
}
