# Hourly long CSV (README), 2019-06-01..02, every hour of a day at the
# day's value; the units differ only in PM2.5: 甲县 30 then 70, 乙县 40,
# 丙县 50.
function row(st, d, pm25,   h) {
    for (h = 0; h < 24; h++)
        printf "%s,2019-06-%02dT%02d:00,10,20,50,%s,0.8,100\n", st, d, h,
            pm25
}
BEGIN {
    print "station,time,so2,no2,pm10,pm25,co,o3"
    for (d = 1; d <= 2; d++) {
        row("A1", d, d == 1 ? 30 : 70)
        row("B1", d, 40)
        row("C1", d, 50)
    }
}
