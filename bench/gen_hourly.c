/* SPDX-License-Identifier: MIT */
/*
 * gen_hourly: deterministic synthetic hourly air-quality data in aqrank's
 * long CSV format, for the benchmarks of bench/ (issue 6).
 *
 * Writes one row per station and hour, and (with --stations-file) the
 * jurisdiction's stations file that assigns every station to its unit:
 *
 *   station,time,so2,no2,pm10,pm25,co,o3        station,unit
 *   1001A,2024-01-01T00:00,14,41,88,57,1.1,23   1001A,安阳市
 *
 * Units (N1.1): ug/m3 as integers, CO in mg/m3 with one decimal. The time is
 * local time (UTC+8, N1.3.1) and names the hour that BEGINS at it: the value
 * covers (T, T+1h], which is hour-ending label hour(T)+1 of T's day (N1.3.3),
 * so 23:00 is label 24 of the same day and hours 00..23 of a date belong to
 * that date. Rows are time-major (every station for one hour, then the next
 * hour), the order in which national data arrives. Every station-hour row is
 * written; about 2% of the values are missing (empty fields): station
 * outages of hours (all six values empty), rare maintenance outages of two to
 * ten days (so that some unit-months fall below the monthly minimum of
 * N5.2) and single missing values.
 *
 * The signal: per-unit base levels with a north/south gradient, a seasonal
 * cycle (PM, SO2, CO high in the heating season; O3 high in summer), diurnal
 * cycles (O3 afternoon peak, NO2 rush hours), a unit-wide AR(1) "weather"
 * factor that makes multi-day pollution episodes, station-level AR(1) noise
 * and a spring dust bump in PM10.
 *
 * Same arguments, same bytes: one xoshiro256** stream seeded by --seed, fed
 * in a fixed order. Only the C library and libm are used.
 *
 * --layout writes the same data in another layout of the long CSV, as
 * users' files come (issue 19); the values and their missing draws are the
 * same in every layout:
 *
 *   canonical  station,time,so2,no2,pm10,pm25,co,o3; 2024-01-01T00:00; LF
 *   issue19    station_code,city,timestamp,pm25,pm10,so2,no2,co,o3;
 *              2024-01-01T00:00:00+08:00
 *   crlf       canonical with CRLF line ends
 *   quoted     "station","name",time,...: every text quoted, names with a
 *              comma; a space instead of T (2024-01-01 00:00)
 *   name       station,name,time,...: a station-name column; NA for a
 *              missing value
 *   reordered  time,station,o3,co,pm25,pm10,no2,so2; times in UTC with
 *              seconds (2023-12-31T16:00:00Z); NA for a missing value
 *
 * Build: cc -O2 -std=c11 -D_DEFAULT_SOURCE -o gen_hourly gen_hourly.c -lm
 * Usage: gen_hourly [--stations N] [--days D] [--start YYYY-MM-DD]
 *                   [--seed S] [--cities C] [--output FILE]
 *                   [--stations-file FILE] [--layout NAME]
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_POLLUTANTS 6

/* ---- random numbers: xoshiro256** seeded through splitmix64 ---- */

typedef struct {
	uint64_t s[4];
} rng_t;

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void rng_seed(rng_t *r, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t rng_next(rng_t *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

/* uniform in [0, 1) with 53 random bits */
static double rng_uniform(rng_t *r)
{
	return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

/* standard normal by Box-Muller; one value per call keeps the stream simple */
static double rng_normal(rng_t *r)
{
	double u1 = 1.0 - rng_uniform(r); /* (0, 1] */
	double u2 = rng_uniform(r);
	return sqrt(-2.0 * log(u1)) * cos(2.0 * M_PI * u2);
}

/* ---- calendar ---- */

/* days since 1970-01-01 -> civil date (proleptic Gregorian) */
static void civil_from_days(long z, int *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long yy = yoe + era * 400;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yy + (*m <= 2));
}

static long days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153L * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int day_of_year(int y, int m, int d)
{
	return (int)(days_from_civil(y, m, d) - days_from_civil(y, 1, 1)) + 1;
}

/* ---- places ---- */

/* Characters common in Chinese place names; two of them plus 市 make a
 * plausible (UTF-8, 9-byte) city name. 48 * 48 = 2304 distinct names. */
static const char *const name_chars[] = {
	"安", "宁", "平", "阳", "山", "江", "河", "海", "南", "北", "东", "西",
	"州", "城", "华", "兴", "长", "新", "龙", "泉", "德", "丰", "林", "源",
	"庆", "昌", "乐", "武", "青", "云", "临", "清", "湖", "石", "春", "金",
	"宜", "嘉", "通", "明", "福", "吉", "岳", "常", "合", "白", "原", "沙",
};
#define N_NAME_CHARS (sizeof name_chars / sizeof name_chars[0])

typedef struct {
	char name[32];
	double north;     /* 0 = south coast .. 1 = North China Plain */
	double urban;     /* traffic intensity, scales NO2 and CO */
	double weather;   /* city-wide AR(1) state, log-space */
	double ozone_met; /* city-wide AR(1) state for photochemistry */
} city_t;

typedef struct {
	int city;
	double noise[N_POLLUTANTS]; /* station AR(1) states */
	double offset[N_POLLUTANTS]; /* fixed siting bias, log-space */
	int outage_left;            /* hours of outage still to come */
} station_t;

enum { PM25, PM10, SO2, NO2, CO, O3 };

static void make_city_names(city_t *cities, int n, rng_t *r)
{
	unsigned char used[N_NAME_CHARS * N_NAME_CHARS];
	memset(used, 0, sizeof used);
	for (int c = 0; c < n; c++) {
		size_t k;
		do {
			k = (size_t)(rng_uniform(r) * (double)(N_NAME_CHARS * N_NAME_CHARS));
		} while (used[k] || k / N_NAME_CHARS == k % N_NAME_CHARS);
		used[k] = 1;
		snprintf(cities[c].name, sizeof cities[c].name, "%s%s市",
			 name_chars[k / N_NAME_CHARS], name_chars[k % N_NAME_CHARS]);
	}
}

/* ---- output ---- */

typedef struct {
	FILE *f;
	char buf[1 << 16];
	size_t len;
} out_t;

static void out_flush(out_t *o)
{
	if (o->len && fwrite(o->buf, 1, o->len, o->f) != o->len) {
		perror("gen_hourly: write");
		exit(1);
	}
	o->len = 0;
}

static void out_bytes(out_t *o, const char *s, size_t n)
{
	if (o->len + n > sizeof o->buf)
		out_flush(o);
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

static void out_str(out_t *o, const char *s)
{
	out_bytes(o, s, strlen(s));
}

/* v in decimal at s (NUL-terminated); returns the end */
static char *put_uint(char *s, unsigned v)
{
	char tmp[16];
	int i = sizeof tmp;
	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	memcpy(s, tmp + i, sizeof tmp - (size_t)i);
	s += sizeof tmp - (size_t)i;
	*s = '\0';
	return s;
}

/* ---- the model ---- */

static double clampd(double x, double lo, double hi)
{
	return x < lo ? lo : x > hi ? hi : x;
}

/* Mean-one lognormal multiplier for a standard-normal state x at scale s. */
static double lognorm(double x, double s)
{
	return exp(s * x - 0.5 * s * s);
}

/* ---- layouts ---- */

enum { F_STATION = -1, F_NAME = -2, F_CITY = -3, F_TIME = -4 }; /* else a pollutant */
enum { T_PLAIN, T_OFFSET, T_SPACE, T_UTC };

typedef struct {
	const char *name, *header, *eol, *missing;
	int time;       /* T_* */
	int quote;      /* text fields in quotes */
	int ncols;
	int cols[10];   /* F_* or a pollutant */
} layout_t;

static const layout_t layouts[] = {
	{"canonical", "station,time,so2,no2,pm10,pm25,co,o3", "\n", "", T_PLAIN, 0,
	 8, {F_STATION, F_TIME, SO2, NO2, PM10, PM25, CO, O3}},
	{"issue19", "station_code,city,timestamp,pm25,pm10,so2,no2,co,o3", "\n", "", T_OFFSET, 0,
	 9, {F_STATION, F_CITY, F_TIME, PM25, PM10, SO2, NO2, CO, O3}},
	{"crlf", "station,time,so2,no2,pm10,pm25,co,o3", "\r\n", "", T_PLAIN, 0,
	 8, {F_STATION, F_TIME, SO2, NO2, PM10, PM25, CO, O3}},
	{"quoted", "\"station\",\"name\",\"time\",\"so2\",\"no2\",\"pm10\",\"pm25\",\"co\",\"o3\"",
	 "\n", "", T_SPACE, 1, 9, {F_STATION, F_NAME, F_TIME, SO2, NO2, PM10, PM25, CO, O3}},
	{"name", "station,name,time,so2,no2,pm10,pm25,co,o3", "\n", "NA", T_PLAIN, 0,
	 9, {F_STATION, F_NAME, F_TIME, SO2, NO2, PM10, PM25, CO, O3}},
	{"reordered", "time,station,o3,co,pm25,pm10,no2,so2", "\n", "NA", T_UTC, 0,
	 8, {F_TIME, F_STATION, O3, CO, PM25, PM10, NO2, SO2}},
};
#define N_LAYOUTS (sizeof layouts / sizeof layouts[0])

/* The time text of the hour that begins at h:00 of day `day` (days since
 * 1970-01-01, UTC+8) in the layout's spelling. */
static int time_text(char *ts, size_t cap, const layout_t *l, long day, int h)
{
	int y, m, d;

	if (l->time == T_UTC) {
		/* 8 hours earlier, in UTC */
		long hours = day * 24 + h - 8;
		long dd = hours >= 0 ? hours / 24 : -((-hours + 23) / 24);
		civil_from_days(dd, &y, &m, &d);
		return snprintf(ts, cap, "%04d-%02d-%02dT%02d:00:00Z", y, m, d, (int)(hours - dd * 24));
	}
	civil_from_days(day, &y, &m, &d);
	if (l->time == T_OFFSET)
		return snprintf(ts, cap, "%04d-%02d-%02dT%02d:00:00+08:00", y, m, d, h);
	return snprintf(ts, cap, "%04d-%02d-%02d%c%02d:00", y, m, d, l->time == T_SPACE ? ' ' : 'T', h);
}

static void usage(FILE *f)
{
	fprintf(f, "usage: gen_hourly [--stations N] [--days D] [--start YYYY-MM-DD]\n"
		   "                  [--seed S] [--cities C] [--output FILE]\n"
		   "                  [--stations-file FILE] [--layout NAME]\n"
		   "defaults: 1700 stations, 365 days from 2024-01-01, seed 1,\n"
		   "          cities (units) = stations / 5, output to stdout,\n"
		   "          no stations file, layout canonical\n"
		   "layouts: canonical issue19 crlf quoted name reordered\n");
}

static long parse_long(const char *opt, const char *s, long lo, long hi)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || *end || end == s || v < lo || v > hi) {
		fprintf(stderr, "gen_hourly: %s: '%s' is not an integer in [%ld, %ld]\n", opt, s, lo, hi);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	long n_stations = 1700, n_days = 365, n_cities = -1;
	uint64_t seed = 1;
	int y0 = 2024, m0 = 1, d0 = 1;
	const char *output = NULL, *stations_file = NULL;
	const layout_t *lay = &layouts[0];

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return 0;
		}
		if (i + 1 >= argc) {
			usage(stderr);
			return 2;
		}
		const char *v = argv[++i];
		if (!strcmp(a, "--stations"))
			n_stations = parse_long(a, v, 1, 100000);
		else if (!strcmp(a, "--days"))
			n_days = parse_long(a, v, 1, 100000);
		else if (!strcmp(a, "--cities"))
			n_cities = parse_long(a, v, 1, 2000);
		else if (!strcmp(a, "--seed"))
			seed = (uint64_t)parse_long(a, v, 0, 0x7fffffffL);
		else if (!strcmp(a, "--output"))
			output = v;
		else if (!strcmp(a, "--stations-file"))
			stations_file = v;
		else if (!strcmp(a, "--layout")) {
			size_t k;
			for (k = 0; k < N_LAYOUTS && strcmp(v, layouts[k].name); k++)
				;
			if (k == N_LAYOUTS) {
				fprintf(stderr, "gen_hourly: --layout: '%s' is not a layout\n", v);
				usage(stderr);
				return 2;
			}
			lay = &layouts[k];
		}
		else if (!strcmp(a, "--start")) {
			if (sscanf(v, "%4d-%2d-%2d", &y0, &m0, &d0) != 3 || m0 < 1 || m0 > 12 || d0 < 1 || d0 > 31) {
				fprintf(stderr, "gen_hourly: --start: '%s' is not YYYY-MM-DD\n", v);
				return 2;
			}
		} else {
			usage(stderr);
			return 2;
		}
	}
	if (n_cities < 0)
		n_cities = n_stations / 5 > 0 ? n_stations / 5 : 1;
	if (n_cities > n_stations)
		n_cities = n_stations;

	rng_t rng;
	rng_seed(&rng, seed);

	city_t *cities = calloc((size_t)n_cities, sizeof *cities);
	station_t *stations = calloc((size_t)n_stations, sizeof *stations);
	int *per_city = calloc((size_t)n_cities, sizeof *per_city);
	double *weight = calloc((size_t)n_cities, sizeof *weight);
	if (!cities || !stations || !per_city || !weight) {
		fprintf(stderr, "gen_hourly: out of memory\n");
		return 1;
	}

	make_city_names(cities, (int)n_cities, &rng);
	for (long c = 0; c < n_cities; c++) {
		cities[c].north = rng_uniform(&rng);
		cities[c].urban = 0.7 + 0.6 * rng_uniform(&rng);
		cities[c].weather = rng_normal(&rng);
		cities[c].ozone_met = rng_normal(&rng);
	}

	/* Every city has at least one station; the rest go to cities with
	 * lognormal weights, so a few big cities have 10-30 stations. */
	double wsum = 0;
	for (long c = 0; c < n_cities; c++) {
		per_city[c] = 1;
		weight[c] = exp(0.9 * rng_normal(&rng));
		wsum += weight[c];
	}
	for (long s = n_cities; s < n_stations; s++) {
		double u = rng_uniform(&rng) * wsum, acc = 0;
		long c = 0;
		for (; c < n_cities - 1; c++) {
			acc += weight[c];
			if (u < acc)
				break;
		}
		per_city[c]++;
	}
	/* Station codes are consecutive within a city, as CNEMC's are. */
	for (long c = 0, s = 0; c < n_cities; c++)
		for (int k = 0; k < per_city[c]; k++, s++)
			stations[s].city = (int)c;
	if (stations_file) {
		/* the jurisdiction: station,unit (the unit is the city) */
		FILE *sf = fopen(stations_file, "wb");
		if (!sf) {
			fprintf(stderr, "gen_hourly: %s: %s\n", stations_file, strerror(errno));
			return 1;
		}
		fputs("station,unit\n", sf);
		for (long s = 0; s < n_stations; s++)
			fprintf(sf, "%ldA,%s\n", 1001 + s, cities[stations[s].city].name);
		if (fclose(sf)) {
			perror("gen_hourly: write stations file");
			return 1;
		}
	}
	for (long s = 0; s < n_stations; s++) {
		for (int p = 0; p < N_POLLUTANTS; p++) {
			stations[s].noise[p] = rng_normal(&rng);
			stations[s].offset[p] = 0.12 * rng_normal(&rng);
		}
	}

	out_t *out = malloc(sizeof *out);
	if (!out) {
		fprintf(stderr, "gen_hourly: out of memory\n");
		return 1;
	}
	out->len = 0;
	out->f = output ? fopen(output, "wb") : stdout;
	if (!out->f) {
		fprintf(stderr, "gen_hourly: %s: %s\n", output, strerror(errno));
		return 1;
	}

	out_str(out, lay->header);
	out_str(out, lay->eol);

	/* AR(1) coefficients per hour: city weather decorrelates in ~1.5 days,
	 * station noise in ~5 hours. */
	const double phi_w = 0.972, phi_o = 0.95, phi_s = 0.8;
	const double sig_w = sqrt(1 - phi_w * phi_w);
	const double sig_o = sqrt(1 - phi_o * phi_o);
	const double sig_s = sqrt(1 - phi_s * phi_s);

	long day0 = days_from_civil(y0, m0, d0);
	for (long day = 0; day < n_days; day++) {
		int y, m, d;
		civil_from_days(day0 + day, &y, &m, &d);
		double doy = day_of_year(y, m, d);
		/* +1 in mid-January, -1 in mid-July */
		double winter = cos(2 * M_PI * (doy - 15) / 365.25);
		double dust = exp(-((doy - 100) / 25) * ((doy - 100) / 25));

		for (int h = 0; h < 24; h++) {
			/* the hour that begins at h:00 (hour-ending label h+1, N1.3.3) */
			char ts[40];
			time_text(ts, sizeof ts, lay, day0 + day, h);

			for (long c = 0; c < n_cities; c++) {
				cities[c].weather = phi_w * cities[c].weather + sig_w * rng_normal(&rng);
				cities[c].ozone_met = phi_o * cities[c].ozone_met + sig_o * rng_normal(&rng);
			}
			/* diurnal shapes, mean roughly one over the day */
			double di_pm = 1 + 0.15 * cos(2 * M_PI * (h - 22) / 24.0);
			double di_no2 = 1 + 0.22 * cos(2 * M_PI * (h - 8) / 12.0) + 0.08 * cos(2 * M_PI * (h - 21) / 24.0);
			double di_o3 = 0.25 + 0.75 * (1 + cos(2 * M_PI * (h - 15) / 24.0));

			for (long s = 0; s < n_stations; s++) {
				station_t *st = &stations[s];
				const city_t *ct = &cities[st->city];
				for (int p = 0; p < N_POLLUTANTS; p++)
					st->noise[p] = phi_s * st->noise[p] + sig_s * rng_normal(&rng);

				if (st->outage_left > 0) {
					st->outage_left--;
				} else {
					double u = rng_uniform(&rng);
					if (u < 0.0006) {
						/* a fault: geometric length, mean ~15 hours */
						st->outage_left = 1 + (int)(-14.0 * log(1.0 - rng_uniform(&rng)));
					} else if (u < 0.0006 + 0.00004) {
						/* maintenance: 2 to 10 days, uniform in hours;
						 * ~3% of station-months meet one */
						st->outage_left = 48 + (int)(rng_uniform(&rng) * 193.0);
					}
				}
				int down = st->outage_left > 0;

				double nf = ct->north, wx = ct->weather;
				double v[N_POLLUTANTS];
				v[PM25] = (22 + 38 * nf) * (1 + (0.3 + 0.35 * nf) * winter) * di_pm * lognorm(wx, 0.55) *
					  lognorm(st->noise[PM25], 0.18) * exp(st->offset[PM25]);
				v[PM10] = v[PM25] * (1.45 + 0.35 * nf + 0.9 * nf * dust) * lognorm(st->noise[PM10], 0.12) *
					  exp(st->offset[PM10]);
				v[SO2] = (5 + 13 * nf) * (1 + 0.55 * winter) * lognorm(wx, 0.3) * lognorm(st->noise[SO2], 0.25) *
					 exp(st->offset[SO2]);
				v[NO2] = (18 + 14 * nf) * ct->urban * (1 + 0.2 * winter) * di_no2 * lognorm(wx, 0.35) *
					 lognorm(st->noise[NO2], 0.2) * exp(st->offset[NO2]);
				v[CO] = (0.55 + 0.45 * nf) * (0.8 + 0.2 * ct->urban) * (1 + 0.4 * winter) * di_pm *
					lognorm(wx, 0.4) * lognorm(st->noise[CO], 0.15) * exp(st->offset[CO]);
				v[O3] = (62 + 10 * nf) * (1 - 0.42 * winter) * di_o3 * lognorm(ct->ozone_met, 0.25) *
					lognorm(st->noise[O3], 0.15) * exp(st->offset[O3]) / (1 + 0.15 * (wx > 0 ? wx : 0));
				/* hourly O3 rarely exceeds ~400 ug/m3 in China: saturate the lognormal tail */
				v[O3] = 420 * tanh(v[O3] / 420);

				/* the values as text, drawn missing in aqrank's column
				 * order in every layout */
				static const int column[N_POLLUTANTS] = {SO2, NO2, PM10, PM25, CO, O3};
				char val[N_POLLUTANTS][16];
				for (int c = 0; c < N_POLLUTANTS; c++) {
					int p = column[c];
					int missing = down || rng_uniform(&rng) < 0.008;
					if (missing)
						strcpy(val[p], lay->missing);
					else if (p == CO) {
						/* one decimal, at least 0.1 mg/m3 */
						unsigned tenths = (unsigned)lround(clampd(v[CO], 0.1, 50) * 10);
						char *e = put_uint(val[p], tenths / 10);
						*e++ = '.';
						put_uint(e, tenths % 10);
					} else {
						/* integers; 2 ug/m3 is a typical reporting floor */
						put_uint(val[p], (unsigned)lround(clampd(v[p], 2, 2000)));
					}
				}
				/* station code: CNEMC style, 4 digits and a letter */
				char code[16], *ce = put_uint(code, (unsigned)(1001 + s));
				ce[0] = 'A';
				ce[1] = '\0';
				for (int c = 0; c < lay->ncols; c++) {
					const char *q = lay->quote ? "\"" : "";
					if (c)
						out_bytes(out, ",", 1);
					out_str(out, lay->cols[c] < 0 ? q : "");
					switch (lay->cols[c]) {
					case F_STATION:
						out_str(out, code);
						break;
					case F_CITY:
						out_str(out, ct->name);
						break;
					case F_NAME: /* quoted: with a comma */
						out_str(out, ct->name);
						out_str(out, lay->quote ? ", " : "");
						out_str(out, code);
						out_str(out, "号站");
						break;
					case F_TIME:
						out_str(out, ts);
						break;
					default:
						out_str(out, val[lay->cols[c]]);
					}
					out_str(out, lay->cols[c] < 0 ? q : "");
				}
				out_str(out, lay->eol);
			}
		}
	}
	out_flush(out);
	if (fflush(out->f) || (output && fclose(out->f))) {
		perror("gen_hourly: write");
		return 1;
	}
	free(out);
	free(weight);
	free(per_city);
	free(stations);
	free(cities);
	return 0;
}
