# Hourly long CSV for 2019, constant values (README): A1 every hour of the
# year; B1 every hour but 2019-08-01..05 (no rows at all those days).
BEGIN {
    print "station,time,so2,no2,pm10,pm25,co,o3"
    split("31 28 31 30 31 30 31 31 30 31 30 31", ml, " ")
    for (m = 1; m <= 12; m++)
        for (d = 1; d <= ml[m]; d++)
            for (h = 0; h < 24; h++) {
                t = sprintf("2019-%02d-%02dT%02d:00", m, d, h)
                print "A1," t ",10,20,50,30,0.8,100"
                if (!(m == 8 && d <= 5))
                    print "B1," t ",20,40,100,60,1.6,150"
            }
}
