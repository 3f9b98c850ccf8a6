# Hourly long CSV (README; the days by ../hours.awk): 02-27..03-02 of
# 2019, 2020 and 2021. A1: PM2.5 40 (2019, 2020), 140 on 2020-02-29, 30
# (2021). B1: PM2.5 60.
function days(y, a,   d, last) {
    last = y == 2020 ? 29 : 28
    for (d = 27; d <= last; d++) {
        pm25_day("A1", y, 2, d, d == 29 ? 140 : a)
        day("B1", y, 2, d, 20, 40, 100, 60, 1.6, 150)
    }
    for (d = 1; d <= 2; d++) {
        pm25_day("A1", y, 3, d, a)
        day("B1", y, 3, d, 20, 40, 100, 60, 1.6, 150)
    }
}
BEGIN {
    header()
    days(2019, 40)
    days(2020, 40)
    days(2021, 30)
}
