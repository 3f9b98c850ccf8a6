# Hourly long CSV for 2019-05 (README; the days by ../hours.awk): A1 on
# 05-01..14, B1 on 05-01..13, C1 every day of May.
BEGIN {
    header()
    for (d = 1; d <= 31; d++) {
        if (d <= 14)
            pm25_day("A1", 2019, 5, d, 30)
        if (d <= 13)
            day("B1", 2019, 5, d, 20, 40, 100, 60, 1.6, 150)
        day("C1", 2019, 5, d, 15, 30, 70, 45, 1.0, 120)
    }
}
