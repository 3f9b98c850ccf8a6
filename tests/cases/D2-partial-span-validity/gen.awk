# Hourly long CSV for 2019-05 (README), every hour of a day at the day's
# value: A1 on 05-01..14, B1 on 05-01..13, C1 every day of May.
function row(st, d, pm25, so2, no2, pm10, co, o3,   h) {
    for (h = 0; h < 24; h++)
        printf "%s,2019-05-%02dT%02d:00,%s,%s,%s,%s,%s,%s\n", st, d, h, so2,
            no2, pm10, pm25, co, o3
}
BEGIN {
    print "station,time,so2,no2,pm10,pm25,co,o3"
    for (d = 1; d <= 31; d++) {
        if (d <= 14)
            row("A1", d, 30, 10, 20, 50, 0.8, 100)
        if (d <= 13)
            row("B1", d, 60, 20, 40, 100, 1.6, 150)
        row("C1", d, 45, 15, 30, 70, 1.0, 120)
    }
}
