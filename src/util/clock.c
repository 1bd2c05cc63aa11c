/* SPDX-License-Identifier: MIT */
#include "util/clock.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

int64_t
hd_now(void)
{
	return (int64_t)time(NULL);
}

int64_t
hd_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
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
