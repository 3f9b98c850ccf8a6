# Hourly long CSV for 2019-03 (README): every hour of a day has the day's
# value. A1: PM2.5 30 + d on day d; B1: PM2.5 60, no rows on 03-05, 03-06.
function day(st, d, so2, no2, pm10, pm25, co, o3,   h) {
    for (h = 0; h < 24; h++)
        printf "%s,2019-03-%02dT%02d:00,%s,%s,%s,%s,%s,%s\n", st, d, h,
            so2, no2, pm10, pm25, co, o3
}
BEGIN {
    print "station,time,so2,no2,pm10,pm25,co,o3"
    for (d = 1; d <= 31; d++) {
        day("A1", d, 10, 20, 50, 30 + d, 0.8, 100)
        if (d != 5 && d != 6)
            day("B1", d, 20, 40, 100, 60, 1.6, 150)
    }
}
