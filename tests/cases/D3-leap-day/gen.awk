# Hourly long CSV (README): 02-27..03-02 of 2019, 2020 and 2021, every hour
# of a day at the day's value. A1: PM2.5 40 (2019, 2020), 140 on
# 2020-02-29, 30 (2021). B1: PM2.5 60.
function row(st, y, m, d, pm25, so2, no2, pm10, co, o3,   h) {
    for (h = 0; h < 24; h++)
        printf "%s,%04d-%02d-%02dT%02d:00,%s,%s,%s,%s,%s,%s\n", st, y, m, d,
            h, so2, no2, pm10, pm25, co, o3
}
function days(y, a,   d, last) {
    last = y == 2020 ? 29 : 28
    for (d = 27; d <= last; d++) {
        row("A1", y, 2, d, d == 29 ? 140 : a, 10, 20, 50, 0.8, 100)
        row("B1", y, 2, d, 60, 20, 40, 100, 1.6, 150)
    }
    for (d = 1; d <= 2; d++) {
        row("A1", y, 3, d, a, 10, 20, 50, 0.8, 100)
        row("B1", y, 3, d, 60, 20, 40, 100, 1.6, 150)
    }
}
BEGIN {
    print "station,time,so2,no2,pm10,pm25,co,o3"
    days(2019, 40)
    days(2020, 40)
    days(2021, 30)
}
