/* SPDX-License-Identifier: MIT */
/*
 * parse_floor: the least work any reader of the benchmark CSV must do, a
 * reference between "read the bytes" (cat, wc -l) and "do the job" (the
 * peers and aqrank). Informative only: the floor of issue 6 is wc -l.
 *
 * Reads the file in 1 MiB blocks, finds lines with memchr, splits fields on
 * ',', parses the six value fields of aqrank's long CSV
 * (station,time,so2,no2,pm10,pm25,co,o3) with a decimal parser (no strtod,
 * no copy), and prints rows, empty fields and the sum of all values. No
 * validation, no time parsing, no grouping. Assumes no quoted fields (the
 * generator writes none).
 *
 * Build: cc -O2 -D_GNU_SOURCE -o parse_floor parse_floor.c
 * Usage: parse_floor FILE.csv
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK (1u << 20)
#define FIRST_VALUE_FIELD 2 /* station,time come first */

/* [s, e) holds digits with at most one '.'; enough for this format */
static double parse_decimal(const char *s, const char *e)
{
	unsigned long ip = 0, fp = 0, scale = 1;
	while (s < e && *s != '.')
		ip = ip * 10 + (unsigned long)(*s++ - '0');
	if (s < e)
		for (s++; s < e; s++) {
			fp = fp * 10 + (unsigned long)(*s - '0');
			scale *= 10;
		}
	return (double)ip + (double)fp / (double)scale;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: parse_floor FILE.csv\n");
		return 2;
	}
	FILE *f = fopen(argv[1], "rb");
	if (!f) {
		perror(argv[1]);
		return 1;
	}
	char *buf = malloc(2 * (size_t)BLOCK);
	if (!buf)
		return 1;
	size_t carry = 0;
	long rows = 0, empty = 0;
	double sum = 0;
	for (;;) {
		size_t n = fread(buf + carry, 1, BLOCK, f);
		size_t len = carry + n;
		if (len == 0)
			break;
		char *end = buf + len;
		char *stop = n ? memrchr(buf, '\n', len) : end - 1;
		if (!stop) {
			if (len >= BLOCK) {
				fprintf(stderr, "%s: line longer than %u bytes\n", argv[1], BLOCK);
				return 1;
			}
			carry = len;
			continue;
		}
		stop++;
		for (char *p = buf; p < stop;) {
			char *nl = memchr(p, '\n', (size_t)(stop - p));
			if (!nl)
				nl = stop;
			if (rows++ > 0) {
				int col = 0;
				char *field = p;
				for (char *q = p; q <= nl; q++) {
					if (q < nl && *q != ',')
						continue;
					if (col >= FIRST_VALUE_FIELD) {
						if (q == field)
							empty++;
						else
							sum += parse_decimal(field, q);
					}
					col++;
					field = q + 1;
				}
			}
			p = nl + 1;
		}
		carry = (size_t)(end - stop);
		memmove(buf, stop, carry);
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		perror(argv[1]);
		return 1;
	}
	printf("rows=%ld empty_fields=%ld sum=%.1f\n", rows - 1, empty, sum);
	free(buf);
	fclose(f);
	return 0;
}
