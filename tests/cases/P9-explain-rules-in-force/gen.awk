# Hourly long CSV for 2018-02, constant values (README); every station
# every hour, the reference sites with much higher values.
BEGIN {
    print "station,time,so2,no2,pm10,pm25,co,o3"
    for (d = 1; d <= 28; d++)
        for (h = 0; h < 24; h++) {
            t = sprintf("2018-02-%02dT%02d:00", d, h)
            print "A1," t ",10,20,50,30,0.8,100"
            print "B1," t ",20,40,100,60,1.6,150"
            print "B2," t ",200,400,1000,600,16,1500"
            print "C1," t ",200,400,1000,600,16,1500"
        }
}
