# Hourly long CSV (README), every hour of a day at the day's value:
# 2019-10-13..21 for A1, B1, C1 alike: PM2.5 30 on 13..17, 100 on 18..21.
function row(st, d, pm25,   h) {
    for (h = 0; h < 24; h++)
        printf "%s,2019-10-%02dT%02d:00,10,20,50,%s,0.8,100\n", st, d, h,
            pm25
}
BEGIN {
    print "station,time,so2,no2,pm10,pm25,co,o3"
    for (d = 13; d <= 21; d++) {
        row("A1", d, d <= 17 ? 30 : 100)
        row("B1", d, d <= 17 ? 30 : 100)
        row("C1", d, d <= 17 ? 30 : 100)
    }
}
