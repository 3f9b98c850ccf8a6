# The hourly long CSV of the D* cases: each case's gen.awk runs with this
# file (`awk -f ../hours.awk -f gen.awk` in its cmd) and says only its
# days and values. A day is 24 hours at the day's value.

# the header of the long CSV
function header() {
    print "station,time,so2,no2,pm10,pm25,co,o3"
}

# station st on y-m-d: SO2, NO2, PM10, PM2.5, CO, O3 every hour
function day(st, y, m, d, so2, no2, pm10, pm25, co, o3,   h) {
    for (h = 0; h < 24; h++)
        printf "%s,%04d-%02d-%02dT%02d:00,%s,%s,%s,%s,%s,%s\n", st, y, m, d,
            h, so2, no2, pm10, pm25, co, o3
}

# the same where only PM2.5 differs: SO2 10, NO2 20, PM10 50, CO 0.8,
# O3 100 (the composite index then moves with PM2.5 alone)
function pm25_day(st, y, m, d, pm25) {
    day(st, y, m, d, 10, 20, 50, pm25, 0.8, 100)
}
