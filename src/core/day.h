/* SPDX-License-Identifier: MIT */
#ifndef HD_DAY_H
#define HD_DAY_H

#include "util/status.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Whole calendar days, as absences are entered: a day is the number of
 * days since 1970-01-01 (day 0), in the proleptic Gregorian calendar.
 * Which day "today" is depends on the organisation's time zone: at
 * 00:30 in Berlin it is already the next day, while UTC is still on the
 * one before. core/ reads no time zone files, so it knows the zones by
 * their rules (see day.c); DAY_ZONE_DEFAULT is the organisation's zone
 * when none is set.
 */

#define DAY_ZONE_DEFAULT "Europe/Berlin"
#define DAY_ISO_MAX 11 /* "2026-12-12" and NUL */

/* The day of y-m-d; false when there is no such date (years 1..9999). */
bool day_civil_make(int y, int m, int d, int32_t *day);

/* Splits day into year, month (1..12) and day of month (1..31). */
void day_civil_split(int32_t day, int *y, int *m, int *d);

/* Weekday of day: 0 Sunday .. 6 Saturday. */
int day_week_day(int32_t day);

/*
 * Parses "YYYY-MM-DD" (exactly that: four digits, dashes, two digits
 * each, a real date) into *day. Returns false for anything else.
 */
bool day_iso_parse(const char *s, int32_t *day);

/* Writes day as "YYYY-MM-DD" into buf (n >= DAY_ISO_MAX). */
void day_iso_format(int32_t day, char *buf, size_t n);

/* True when core knows the rules of zone name (NULL or "": the default). */
bool day_zone_known(const char *zone);

/*
 * The local calendar day at Unix time t in zone (NULL or "":
 * DAY_ZONE_DEFAULT) into *day. Returns HD_EINVAL for a zone core does not
 * know (the caller may then take the day from the system's zone data),
 * else HD_OK.
 */
enum hd_status day_local_get(const char *zone, int64_t t, int32_t *day);

#endif
