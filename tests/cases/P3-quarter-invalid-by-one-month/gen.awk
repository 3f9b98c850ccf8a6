# Hourly long CSV for 2019-Q3, constant values (README): B1 has no PM2.5
# on 2019-08-01..05 (empty fields), everything else every hour.
BEGIN {
    print "station,time,so2,no2,pm10,pm25,co,o3"
    split("31 31 30", ml, " ")
    for (m = 7; m <= 9; m++)
        for (d = 1; d <= ml[m - 6]; d++)
            for (h = 0; h < 24; h++) {
                t = sprintf("2019-%02d-%02dT%02d:00", m, d, h)
                print "A1," t ",10,20,50,30,0.8,100"
                pm25 = (m == 8 && d <= 5) ? "" : "60"
                print "B1," t ",20,40,100," pm25 ",1.6,150"
            }
}
