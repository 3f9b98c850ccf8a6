# Hourly long CSV (README), every hour of a day at the day's value:
# A1 PM2.5 70 and B1 PM2.5 71 on 2019-12-30; C1 PM2.5 35 on 12-22..30.
function row(st, d, pm25,   h) {
    for (h = 0; h < 24; h++)
        printf "%s,2019-12-%02dT%02d:00,10,20,50,%s,0.8,100\n", st, d, h,
            pm25
}
BEGIN {
    print "station,time,so2,no2,pm10,pm25,co,o3"
    for (d = 22; d <= 30; d++) {
        if (d == 30) {
            row("A1", d, 70)
            row("B1", d, 71)
        }
        row("C1", d, 35)
    }
}
