/* SPDX-License-Identifier: MIT */
#include "core/day.h"

#include <stdio.h>
#include <string.h>

/*
 * The zones core knows. Europe has kept one rule since 1996: summer time
 * from the last Sunday of March, 01:00 UTC, to the last Sunday of
 * October, 01:00 UTC, one hour ahead. Days before 1996 (nobody enters an
 * absence for them) are computed with the same rule.
 */
static const struct zone {
	const char *name;
	int offset; /* standard time, seconds east of UTC */
	bool eu;    /* EU summer time */
} zones[] = {
    {"Europe/Berlin", 3600, true},
    {"Europe/Amsterdam", 3600, true},
    {"Europe/Brussels", 3600, true},
    {"Europe/Busingen", 3600, true},
    {"Europe/Copenhagen", 3600, true},
    {"Europe/Luxembourg", 3600, true},
    {"Europe/Madrid", 3600, true},
    {"Europe/Oslo", 3600, true},
    {"Europe/Paris", 3600, true},
    {"Europe/Prague", 3600, true},
    {"Europe/Rome", 3600, true},
    {"Europe/Stockholm", 3600, true},
    {"Europe/Vaduz", 3600, true},
    {"Europe/Vienna", 3600, true},
    {"Europe/Warsaw", 3600, true},
    {"Europe/Zurich", 3600, true},
    {"Europe/Dublin", 0, true},
    {"Europe/Lisbon", 0, true},
    {"Europe/London", 0, true},
    {"Europe/Athens", 7200, true},
    {"Europe/Helsinki", 7200, true},
    {"Europe/Riga", 7200, true},
    {"Europe/Tallinn", 7200, true},
    {"Europe/Vilnius", 7200, true},
    {"UTC", 0, false},
    {"Etc/UTC", 0, false},
};

/* Floor division, for days before 1970. */
static int64_t
floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* Days from civil: H. Hinnant, "chrono-Compatible Low-Level Date
 * Algorithms" (as hd_time_format in util/clock.c). */
static int64_t
days_from_civil(int64_t y, int64_t m, int64_t d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = floor_div(y, 400);
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int
month_days(int y, int m)
{
	static const int n[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : n[m - 1];
}

bool
day_civil_make(int y, int m, int d, int32_t *day)
{
	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 ||
	    d > month_days(y, m))
		return false;
	*day = (int32_t)days_from_civil(y, m, d);
	return true;
}

void
day_civil_split(int32_t day, int *y, int *m, int *d)
{
	int64_t z = (int64_t)day + 719468, era, doe, yoe, doy, mp;

	era = floor_div(z, 146097);
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

int
day_week_day(int32_t day)
{
	/* 1970-01-01 was a Thursday. */
	return (int)(((int64_t)day % 7 + 7 + 4) % 7);
}

/* The n decimal digits at s, or -1. */
static int
digits(const char *s, int n)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

bool
day_iso_parse(const char *s, int32_t *day)
{
	int y, m, d;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	y = digits(s, 4);
	m = digits(s + 5, 2);
	d = digits(s + 8, 2);
	if (y < 0 || m < 0 || d < 0)
		return false;
	return day_civil_make(y, m, d, day);
}

void
day_iso_format(int32_t day, char *buf, size_t n)
{
	int y, m, d;

	day_civil_split(day, &y, &m, &d);
	snprintf(buf, n, "%04d-%02d-%02d", y, m, d);
}

static const struct zone *
zone_find(const char *name)
{
	size_t i;

	if (name == NULL || name[0] == '\0')
		name = DAY_ZONE_DEFAULT;
	for (i = 0; i < sizeof(zones) / sizeof(zones[0]); i++)
		if (strcmp(zones[i].name, name) == 0)
			return &zones[i];
	return NULL;
}

bool
day_zone_known(const char *zone)
{
	return zone_find(zone) != NULL;
}

/* Unix time of the last Sunday of month m in year y, 01:00 UTC. */
static int64_t
last_sunday_1am(int y, int m)
{
	int32_t last;

	day_civil_make(y, m, month_days(y, m), &last);
	return ((int64_t)last - day_week_day(last)) * 86400 + 3600;
}

enum hd_status
day_local_get(const char *zone, int64_t t, int32_t *day)
{
	const struct zone *z = zone_find(zone);
	int64_t off;
	int y, m, d;

	/* Years 1..9999, as everywhere else here. */
	if (z == NULL || t < INT64_C(-62135596800) || t > INT64_C(253402300799))
		return HD_EINVAL;
	off = z->offset;
	if (z->eu) {
		/* The UTC year is the local one except in the hours around
		 * New Year, far from both changes. */
		day_civil_split((int32_t)floor_div(t, 86400), &y, &m, &d);
		if (t >= last_sunday_1am(y, 3) && t < last_sunday_1am(y, 10))
			off += 3600;
	}
	*day = (int32_t)floor_div(t + off, 86400);
	return HD_OK;
}
