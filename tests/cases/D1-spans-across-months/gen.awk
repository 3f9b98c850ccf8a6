# Hourly long CSV (README; the days by ../hours.awk): 2017-12-20..
# 2018-01-10 and 2018-12-20..2019-02-10. A1: PM2.5 50 in the first run,
# 40 in the second, no rows on 2019-02-01; B1: PM2.5 60.
function ml(y, m) {
    if (m == 2)
        return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
    return m == 4 || m == 6 || m == 9 || m == 11 ? 30 : 31
}
# every day from y0-m0-d0 to y1-m1-d1
function run(y0, m0, d0, y1, m1, d1, a_pm25,   y, m, d) {
    y = y0; m = m0; d = d0
    while (y * 10000 + m * 100 + d <= y1 * 10000 + m1 * 100 + d1) {
        if (!(y == 2019 && m == 2 && d == 1))
            pm25_day("A1", y, m, d, a_pm25)
        day("B1", y, m, d, 20, 40, 100, 60, 1.6, 150)
        if (++d > ml(y, m)) { d = 1; if (++m > 12) { m = 1; y++ } }
    }
}
BEGIN {
    header()
    run(2017, 12, 20, 2018, 1, 10, 50)
    run(2018, 12, 20, 2019, 2, 10, 40)
}
