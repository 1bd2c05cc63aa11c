/* SPDX-License-Identifier: MIT */
#include "util/clock.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static _Atomic int64_t offset_s;

void
hd_clock_offset_set(int64_t seconds)
{
	atomic_store(&offset_s, seconds);
}

bool
hd_clock_offset_load(const char *file)
{
	char buf[64], *end;
	FILE *f = fopen(file, "r");
	long long v;
	size_t n;

	if (f == NULL)
		return false;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	errno = 0;
	v = strtoll(buf, &end, 10);
	if (end == buf || errno != 0)
		return false;
	hd_clock_offset_set((int64_t)v);
	return true;
}

int64_t
hd_now(void)
{
	return (int64_t)time(NULL) + atomic_load(&offset_s);
}

int64_t
hd_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ((int64_t)ts.tv_sec + atomic_load(&offset_s)) * 1000 +
	       ts.tv_nsec / 1000000;
}

int64_t
hd_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Two decimal digits of v (0..99) at p. */
static void
two(char *p, int v)
{
	p[0] = (char)('0' + v / 10);
	p[1] = (char)('0' + v % 10);
}

void
hd_time_format(int64_t t, char *buf, size_t n)
{
	char out[80];
	int64_t days, secs, z, era, doe, yoe, y, doy, mp, d, m;

	if (n == 0)
		return;
	/* Years 1970..9999 by arithmetic (every answer carries times); the
	 * rest through gmtime_r. */
	if (t < 0 || t > INT64_C(253402300799)) {
		time_t tt = (time_t)t;
		struct tm tm;

		if (gmtime_r(&tt, &tm) == NULL)
			tm = (struct tm){.tm_year = 70, .tm_mday = 1};
		snprintf(out, sizeof(out), "%04d-%02d-%02dT%02d:%02d:%02dZ",
		    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		    tm.tm_min, tm.tm_sec);
	} else {
		/* Days to civil date: H. Hinnant, "chrono-Compatible
		 * Low-Level Date Algorithms". */
		days = t / 86400;
		secs = t % 86400;
		z = days + 719468;
		era = z / 146097;
		doe = z - era * 146097;
		yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
		y = yoe + era * 400;
		doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
		mp = (5 * doy + 2) / 153;
		d = doy - (153 * mp + 2) / 5 + 1;
		m = mp < 10 ? mp + 3 : mp - 9;
		y += m <= 2;
		memcpy(out, "0000-00-00T00:00:00Z", 21);
		two(out, (int)(y / 100));
		two(out + 2, (int)(y % 100));
		two(out + 5, (int)m);
		two(out + 8, (int)d);
		two(out + 11, (int)(secs / 3600));
		two(out + 14, (int)(secs / 60 % 60));
		two(out + 17, (int)(secs % 60));
	}
	snprintf(buf, n, "%s", out);
}

int
hd_time_year(int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm) == NULL)
		return 1970;
	return tm.tm_year + 1900;
}

/* n decimal digits at s into *v; false unless all are digits. */
static bool
digits(const char *s, int n, int64_t *v)
{
	*v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		*v = *v * 10 + (s[i] - '0');
	}
	return true;
}

bool
hd_time_parse(const char *s, int64_t *out)
{
	int64_t y, mo, d, h, mi, sec, oh = 0, om = 0, days, era, yoe, doy;
	static const int mdays[] = {
	    31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	const char *p;

	if (strlen(s) < 20 || !digits(s, 4, &y) || s[4] != '-' ||
	    !digits(s + 5, 2, &mo) || s[7] != '-' || !digits(s + 8, 2, &d) ||
	    (s[10] != 'T' && s[10] != 't') || !digits(s + 11, 2, &h) ||
	    s[13] != ':' || !digits(s + 14, 2, &mi) || s[16] != ':' ||
	    !digits(s + 17, 2, &sec))
		return false;
	p = s + 19;
	if (*p == '.') /* fractions of a second: dropped */
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	if ((*p == 'Z' || *p == 'z') && p[1] == '\0') {
		/* UTC */
	} else if ((*p == '+' || *p == '-') && strlen(p) == 6 &&
		   digits(p + 1, 2, &oh) && p[3] == ':' &&
		   digits(p + 4, 2, &om) && oh <= 23 && om <= 59) {
		if (*p == '-') {
			oh = -oh;
			om = -om;
		}
	} else {
		return false;
	}
	if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] ||
	    (mo == 2 && d == 29 &&
		(y % 4 != 0 || (y % 100 == 0 && y % 400 != 0))) ||
	    h > 23 || mi > 59 || sec > 60)
		return false;
	/* Civil date to days: H. Hinnant, as hd_time_format. */
	y -= mo <= 2;
	era = y / 400;
	yoe = y - era * 400;
	doy = (153 * (mo > 2 ? mo - 3 : mo + 9) + 2) / 5 + d - 1;
	days = era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
	*out = days * 86400 + h * 3600 + mi * 60 + sec - oh * 3600 - om * 60;
	return true;
}
