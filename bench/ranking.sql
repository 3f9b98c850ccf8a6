-- SPDX-License-Identifier: MIT
-- The monthly unit ranking job of bench/ in DuckDB, run by duckdb_rank.mjs,
-- which replaces :stations and :output with quoted SQL string literals and
-- :hourly with the query that reads the input file in its layout (one row
-- per station-hour: station, time in UTC+8, so2, no2, pm10, pm25, co, o3;
-- gen_hourly.c --layout), and runs the statements one by one (each ends
-- with ';' at the end of a line). README.md ("The job") defines the job; pandas_rank.py and
-- reference_rank.py compute the same thing.
--
-- Every rounded value is computed in integers: the hourly values are read as
-- INTEGER (CO as DECIMAL(9,1), then in tenths of mg/m3), a mean is kept as
-- sum/count and rounded half to even by integer division (GB/T 8170 on the
-- exact value, N1.4.3). DOUBLE avg() and round() would misjudge exact ties.

-- round_half_even(num, den) for num >= 0, den > 0 (NULL when den is 0)
CREATE MACRO rhe(num, den) AS
    CASE WHEN den > 0 THEN
        num // den + CASE WHEN 2 * (num % den) > den
                            OR (2 * (num % den) = den AND (num // den) % 2 = 1)
                          THEN 1 ELSE 0 END
    END;

-- N5.4 percentile of a list sorted ascending, in the list's integer units:
-- k = 1 + (n-1)p/100 in exact integers, s = floor(k), f = 100(k - s), and
-- X(s) + (X(s+1) - X(s)) * f/100 rounded half to even (NULL when n = 0).
CREATE MACRO pct(xs, p) AS
    CASE WHEN len(xs) > 0 THEN
        rhe(xs[1 + (len(xs) - 1) * p // 100] * 100
            + CASE WHEN 1 + (len(xs) - 1) * p // 100 < len(xs)
                   THEN (xs[2 + (len(xs) - 1) * p // 100] - xs[1 + (len(xs) - 1) * p // 100])
                        * ((len(xs) - 1) * p % 100)
                   ELSE 0 END,
            100)
    END;

COPY (
WITH stations AS (
    SELECT station, unit
    FROM read_csv(:stations, auto_detect = false, header = true, delim = ',', quote = '"',
                  columns = {'station': 'VARCHAR', 'unit': 'VARCHAR'})
),
hourly AS (
    -- The time T starts the hour (T, T+1h]: hour-ending label hour(T)+1 of
    -- T's own day (N1.3.3), so the day is T's date and slot hour(T) (0..23)
    -- holds label hour(T)+1; 23:00 is label 24 of the same day.
    SELECT station,
           CAST("time" AS DATE) AS day,
           hour("time")         AS slot,
           so2, no2, pm10, pm25,
           CAST(co * 10 AS INTEGER) AS co,          -- tenths of mg/m3
           o3
    FROM (:hourly)
),
-- L1 (N1.5): station daily means valid with >= 20 hours (N5.1.5), rounded;
-- the day's O3 gathered into 24 slots (NULL where missing) in the same hash
-- aggregation, so no sort of the rows is needed for the 8-hour windows.
station_day AS (
    SELECT station, day,
           CASE WHEN count(so2)  >= 20 THEN rhe(sum(so2)::BIGINT,  count(so2))  END AS so2,
           CASE WHEN count(no2)  >= 20 THEN rhe(sum(no2)::BIGINT,  count(no2))  END AS no2,
           CASE WHEN count(pm10) >= 20 THEN rhe(sum(pm10)::BIGINT, count(pm10)) END AS pm10,
           CASE WHEN count(pm25) >= 20 THEN rhe(sum(pm25)::BIGINT, count(pm25)) END AS pm25,
           CASE WHEN count(co)   >= 20 THEN rhe(sum(co)::BIGINT,   count(co))   END AS co,
           list_value(
               max(o3) FILTER (WHERE slot =  0), max(o3) FILTER (WHERE slot =  1),
               max(o3) FILTER (WHERE slot =  2), max(o3) FILTER (WHERE slot =  3),
               max(o3) FILTER (WHERE slot =  4), max(o3) FILTER (WHERE slot =  5),
               max(o3) FILTER (WHERE slot =  6), max(o3) FILTER (WHERE slot =  7),
               max(o3) FILTER (WHERE slot =  8), max(o3) FILTER (WHERE slot =  9),
               max(o3) FILTER (WHERE slot = 10), max(o3) FILTER (WHERE slot = 11),
               max(o3) FILTER (WHERE slot = 12), max(o3) FILTER (WHERE slot = 13),
               max(o3) FILTER (WHERE slot = 14), max(o3) FILTER (WHERE slot = 15),
               max(o3) FILTER (WHERE slot = 16), max(o3) FILTER (WHERE slot = 17),
               max(o3) FILTER (WHERE slot = 18), max(o3) FILTER (WHERE slot = 19),
               max(o3) FILTER (WHERE slot = 20), max(o3) FILTER (WHERE slot = 21),
               max(o3) FILTER (WHERE slot = 22), max(o3) FILTER (WHERE slot = 23)
           ) AS o3_slots
    FROM hourly
    GROUP BY station, day
),
-- The 17 windows labelled 8..24 (N5.1.3) cover slots s..s+7, s = 0..16; a
-- window is valid with >= 6 hours (N5.1.2) and its mean is rounded (L1).
-- Only the valid windows' rounded means are kept.
o3_windows AS (
    SELECT * EXCLUDE (o3_slots),
           list_filter(
               list_transform(
                   list_transform(range(17), s -> list_slice(o3_slots, s + 1, s + 8)),
                   w -> CASE WHEN list_count(w) >= 6
                             THEN rhe(list_sum(w)::BIGINT, list_count(w)) END),
               m -> m IS NOT NULL) AS win
    FROM station_day
),
-- MDA8 valid with >= 14 valid windows, or when the rounded maximum exceeds
-- 160 (N5.1.4). L2: a unit's daily value is the rounded mean of its
-- stations' valid values (N5.3.2); a unit-day with none is NULL (N5.3.3).
unit_day AS (
    SELECT s.unit, w.day,
           rhe(sum(so2)::BIGINT,  count(so2))  AS so2,
           rhe(sum(no2)::BIGINT,  count(no2))  AS no2,
           rhe(sum(pm10)::BIGINT, count(pm10)) AS pm10,
           rhe(sum(pm25)::BIGINT, count(pm25)) AS pm25,
           rhe(sum(co)::BIGINT,   count(co))   AS co,
           rhe(sum(mda8)::BIGINT, count(mda8)) AS o3
    FROM (SELECT *,
                 CASE WHEN len(win) >= 14 OR list_max(win) > 160 THEN list_max(win) END AS mda8
          FROM o3_windows) AS w
    JOIN stations AS s USING (station)
    GROUP BY s.unit, w.day
),
-- L3: monthly statistics, rounded (N5.4, N5.5), and the number of valid
-- unit-days per pollutant for the monthly minimum (N5.2).
unit_month AS (
    SELECT unit,
           strftime(day, '%Y-%m') AS period,
           CASE WHEN month(any_value(day)) = 2 THEN 25 ELSE 27 END AS minimum,
           rhe(sum(so2)::BIGINT,  count(so2))  AS so2,
           rhe(sum(no2)::BIGINT,  count(no2))  AS no2,
           rhe(sum(pm10)::BIGINT, count(pm10)) AS pm10,
           rhe(sum(pm25)::BIGINT, count(pm25)) AS pm25,
           pct(list_sort(list(co) FILTER (WHERE co IS NOT NULL)), 95) AS co,
           pct(list_sort(list(o3) FILTER (WHERE o3 IS NOT NULL)), 90) AS o3,
           least(count(so2), count(no2), count(pm10), count(pm25), count(co), count(o3)) AS fewest
    FROM unit_day
    GROUP BY unit, period
),
-- L4/L5 (N6.2): single indices in hundredths, C*100/S rounded half to even
-- (CO is in tenths, so its S is 40), summed; NULL when a statistic is
-- missing (N6.2.6). Only sufficient units are ranked (N5.2.2, N6.3).
scored AS (
    SELECT unit, period,
           rhe(so2 * 100, 60) + rhe(no2 * 100, 40) + rhe(pm10 * 100, 70)
             + rhe(pm25 * 100, 35) + rhe(co * 100, 40) + rhe(o3 * 100, 160) AS composite,
           fewest >= minimum AS sufficient
    FROM unit_month
)
SELECT unit,
       period,
       CASE WHEN composite IS NOT NULL
            THEN printf('%d.%02d', composite // 100, composite % 100) END AS composite_index,
       CASE WHEN composite IS NOT NULL AND sufficient
            THEN rank() OVER (PARTITION BY period, composite IS NOT NULL AND sufficient
                              ORDER BY composite) END AS rank
FROM scored
ORDER BY period, unit
) TO :output (FORMAT csv, HEADER true, DELIMITER ',');
