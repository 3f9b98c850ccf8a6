/* SPDX-License-Identifier: MIT */
/*
 * Civil dates and periods (include/aq/date.h). The day-number conversion is
 * the classic era-based algorithm for the proleptic Gregorian calendar;
 * everything is UTC+8 by rule (P1), never the process's time zone.
 */
#include <stdio.h>
#include <string.h>

#include "aq/date.h"

int32_t aq_day_from_civil(int y, int m, int d)
{
    int era, yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void aq_civil_from_day(int32_t z, int *year, int *month, int *day)
{
    int era, doe, yoe, y, doy, mp, d, m;

    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = yoe + era * 400;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp + (mp < 10 ? 3 : -9);
    if (year)
        *year = y + (m <= 2);
    if (month)
        *month = m;
    if (day)
        *day = d;
}

int aq_month_days(int year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30,
                                 31, 31, 30, 31, 30, 31};
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

    if (month < 1 || month > 12)
        return 0;
    return days[month - 1] + (month == 2 && leap);
}

int aq_date_valid(int year, int month, int day)
{
    return year >= 1900 && year <= 2200 && month >= 1 && month <= 12 &&
           day >= 1 && day <= aq_month_days(year, month);
}

static int digits(const char *s, size_t n, int *out)
{
    size_t i;
    int v = 0;

    for (i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

aq_status aq_day_parse(const char *text, int32_t *day)
{
    int y, m, d;

    if (!text || strlen(text) != 10 || digits(text, 4, &y) < 0 ||
        text[4] != '-' || digits(text + 5, 2, &m) < 0 || text[7] != '-' ||
        digits(text + 8, 2, &d) < 0 || !aq_date_valid(y, m, d))
        return AQ_EINVALID;
    *day = aq_day_from_civil(y, m, d);
    return AQ_OK;
}

aq_status aq_period_parse(const char *text, aq_period *out)
{
    size_t len = text ? strlen(text) : 0;
    int y, i;

    if (len < 4 || digits(text, 4, &y) < 0 || y < 1900 || y > 2200)
        return AQ_EINVALID;
    if (len == 4) {
        out->kind = AQ_PERIOD_YEAR;
        out->year = y;
        out->index = 0;
        return AQ_OK;
    }
    if (text[4] != '-')
        return AQ_EINVALID;
    if (len == 7 && (text[5] == 'Q' || text[5] == 'q') &&
        digits(text + 6, 1, &i) == 0 && i >= 1 && i <= 4) {
        out->kind = AQ_PERIOD_QUARTER;
        out->year = y;
        out->index = i;
        return AQ_OK;
    }
    if (len == 7 && digits(text + 5, 2, &i) == 0 && i >= 1 && i <= 12) {
        out->kind = AQ_PERIOD_MONTH;
        out->year = y;
        out->index = i;
        return AQ_OK;
    }
    return AQ_EINVALID;
}

char *aq_period_format(char *dst, size_t cap, aq_period p)
{
    switch (p.kind) {
    case AQ_PERIOD_MONTH:
        snprintf(dst, cap, "%04d-%02d", p.year, p.index);
        break;
    case AQ_PERIOD_QUARTER:
        snprintf(dst, cap, "%04d-Q%d", p.year, p.index);
        break;
    case AQ_PERIOD_YEAR:
        snprintf(dst, cap, "%04d", p.year);
        break;
    }
    return dst;
}

void aq_period_days(aq_period p, int32_t *first, int32_t *last)
{
    int m0 = 1, m1 = 12;

    if (p.kind == AQ_PERIOD_MONTH)
        m0 = m1 = p.index;
    else if (p.kind == AQ_PERIOD_QUARTER) {
        m0 = 3 * p.index - 2;
        m1 = 3 * p.index;
    } else if (p.index >= 1 && p.index <= 12) {
        m1 = p.index; /* a year to date (N5.2) */
    }
    if (first)
        *first = aq_day_from_civil(p.year, m0, 1);
    if (last)
        *last = aq_day_from_civil(p.year, m1, aq_month_days(p.year, m1));
}

aq_period aq_period_prev(aq_period p)
{
    if (p.kind == AQ_PERIOD_YEAR) {
        p.year--;
    } else if (p.index > 1) {
        p.index--;
    } else {
        p.year--;
        p.index = p.kind == AQ_PERIOD_MONTH ? 12 : 4;
    }
    return p;
}

aq_period aq_period_prev_year(aq_period p)
{
    p.year--;
    return p;
}

int aq_period_last_month(aq_period p)
{
    if (p.kind == AQ_PERIOD_MONTH)
        return p.index;
    if (p.kind == AQ_PERIOD_QUARTER)
        return 3 * p.index;
    return p.index >= 1 && p.index <= 12 ? p.index : 12;
}

char *aq_day_format(char *dst, size_t cap, int32_t day)
{
    int y, m, d;

    aq_civil_from_day(day, &y, &m, &d);
    snprintf(dst, cap, "%04d-%02d-%02d", y, m, d);
    return dst;
}

aq_span aq_span_of_period(aq_period p)
{
    aq_span s;

    aq_period_days(p, &s.first, &s.last);
    return s;
}

int aq_span_whole_months(aq_span s)
{
    int y, m, d;

    aq_civil_from_day(s.first, NULL, NULL, &d);
    if (d != 1 || s.last < s.first)
        return 0;
    aq_civil_from_day(s.last, &y, &m, &d);
    return d == aq_month_days(y, m);
}

int aq_span_period(aq_span s, aq_period *out)
{
    aq_period p;
    int y0, m0, y1, m1;

    if (!aq_span_whole_months(s))
        return 0;
    aq_civil_from_day(s.first, &y0, &m0, NULL);
    aq_civil_from_day(s.last, &y1, &m1, NULL);
    if (y0 != y1)
        return 0;
    p.year = y0;
    if (m0 == m1) {
        p.kind = AQ_PERIOD_MONTH;
        p.index = m0;
    } else if (m0 % 3 == 1 && m1 == m0 + 2) {
        p.kind = AQ_PERIOD_QUARTER;
        p.index = (m0 + 2) / 3;
    } else if (m0 == 1 && m1 == 12) {
        p.kind = AQ_PERIOD_YEAR;
        p.index = 0;
    } else {
        return 0;
    }
    if (out)
        *out = p;
    return 1;
}

int aq_day_prev_year(int32_t day, int32_t *out)
{
    int y, m, d;

    aq_civil_from_day(day, &y, &m, &d);
    /* D3: 29 February has no counterpart in a year without one */
    if (d > aq_month_days(y - 1, m))
        return 0;
    *out = aq_day_from_civil(y - 1, m, d);
    return 1;
}

aq_status aq_time_parse(const char *s, size_t len, int64_t *minutes)
{
    int y, mo, d, h, mi, sec = 0, off = 8 * 60;
    size_t i = 16;

    if (len < 16 || s[4] != '-' || s[7] != '-' ||
        (s[10] != 'T' && s[10] != ' ') || s[13] != ':')
        return AQ_EPARSE;
    if (digits(s, 4, &y) || digits(s + 5, 2, &mo) || digits(s + 8, 2, &d) ||
        digits(s + 11, 2, &h) || digits(s + 14, 2, &mi))
        return AQ_EPARSE;
    if (!aq_date_valid(y, mo, d) || h > 24 || mi > 59 || (h == 24 && mi))
        return AQ_EPARSE;
    if (i < len && s[i] == ':') {
        if (len < i + 3 || digits(s + i + 1, 2, &sec) || sec > 60)
            return AQ_EPARSE;
        i += 3;
        if (i < len && s[i] == '.') /* fractional seconds: ignored */
            for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++)
                ;
    }
    if (i < len) {
        int oh = 0, om = 0, sign;
        if (s[i] == 'Z' && i + 1 == len) {
            off = 0;
        } else if (s[i] == '+' || s[i] == '-') {
            sign = s[i] == '-' ? -1 : 1;
            i++;
            if (len - i == 2 && !digits(s + i, 2, &oh))
                ;
            else if (len - i == 4 && !digits(s + i, 2, &oh) &&
                     !digits(s + i + 2, 2, &om))
                ;
            else if (len - i == 5 && s[i + 2] == ':' &&
                     !digits(s + i, 2, &oh) && !digits(s + i + 3, 2, &om))
                ;
            else
                return AQ_EPARSE;
            if (oh > 14 || om > 59)
                return AQ_EPARSE;
            off = sign * (oh * 60 + om);
        } else {
            return AQ_EPARSE;
        }
    }
    /* to UTC+8 minutes: local time minus its offset plus 8 hours */
    *minutes = (int64_t)aq_day_from_civil(y, mo, d) * 1440 + h * 60 + mi -
               off + 8 * 60;
    return AQ_OK;
}
