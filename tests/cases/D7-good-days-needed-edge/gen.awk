# Hourly long CSV (README; the days by ../hours.awk): 2019-10-13..21 for
# A1, B1, C1 alike: PM2.5 30 on 13..17, 100 on 18..21.
BEGIN {
    header()
    for (d = 13; d <= 21; d++) {
        pm25_day("A1", 2019, 10, d, d <= 17 ? 30 : 100)
        pm25_day("B1", 2019, 10, d, d <= 17 ? 30 : 100)
        pm25_day("C1", 2019, 10, d, d <= 17 ? 30 : 100)
    }
}
