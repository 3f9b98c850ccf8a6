# Hourly long CSV for 2019-12 (README), every hour of a day at the day's
# value: A1 PM2.5 100, 160 on 12-01..05; B1 PM2.5 30.
function row(st, d, pm25,   h) {
    for (h = 0; h < 24; h++)
        printf "%s,2019-12-%02dT%02d:00,10,20,50,%s,0.8,100\n", st, d, h,
            pm25
}
BEGIN {
    print "station,time,so2,no2,pm10,pm25,co,o3"
    for (d = 1; d <= 31; d++) {
        row("A1", d, d <= 5 ? 160 : 100)
        row("B1", d, 30)
    }
}
