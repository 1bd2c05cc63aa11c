/* SPDX-License-Identifier: MIT */
/* Whole days, the organisation's time zone, and when an absence runs. */
#include "core/absence.h"
#include "core/day.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* cmocka.h needs setjmp.h, stdarg.h and stddef.h first. */
#include <cmocka.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Day numbers (days since 1970-01-01) of dates used below. */
#define NOV30 20787 /* 2026-11-30 */
#define DEC01 20788
#define DEC12 20799
#define DEC13 20800
#define JAN03 20821 /* 2027-01-03 */

/* Unix times (UTC) around Frau Huber's absence, 01.12.–12.12.2026. */
#define T_NOV30_2330Z INT64_C(1796081400) /* 00:30 on 1 Dec in Berlin */
#define T_DEC12_2259Z INT64_C(1797116340) /* 23:59 on 12 Dec in Berlin */
#define T_DEC12_2300Z INT64_C(1797116400) /* 00:00 on 13 Dec in Berlin */

static int32_t
day(const char *iso)
{
	int32_t d = 0;

	assert_true(day_iso_parse(iso, &d));
	return d;
}

static int32_t
local(const char *zone, int64_t t)
{
	int32_t d = 0;

	assert_int_equal(day_local_get(zone, t, &d), HD_OK);
	return d;
}

static void
iso_dates_parse_exactly(void **state)
{
	int32_t d;

	(void)state;
	assert_int_equal(day("1970-01-01"), 0);
	assert_int_equal(day("2026-12-12"), DEC12);
	assert_int_equal(day("2024-02-29"), 19782);
	assert_int_equal(day("0001-01-01"), -719162);
	assert_int_equal(day("9999-12-31"), 2932896);
	assert_false(day_iso_parse("2026-02-29", &d));
	assert_false(day_iso_parse("1900-02-29", &d));
	assert_false(day_iso_parse("2026-13-01", &d));
	assert_false(day_iso_parse("2026-00-10", &d));
	assert_false(day_iso_parse("2026-12-32", &d));
	assert_false(day_iso_parse("2026-12-00", &d));
	assert_false(day_iso_parse("2026-1-01", &d));
	assert_false(day_iso_parse("2026-12-12 ", &d));
	assert_false(day_iso_parse("2026/12/12", &d));
	assert_false(day_iso_parse("+026-12-12", &d));
	assert_false(day_iso_parse("0000-01-01", &d));
	assert_false(day_iso_parse("12.12.2026", &d));
	assert_false(day_iso_parse("", &d));
	assert_false(day_iso_parse(NULL, &d));
}

static void
days_format_back_to_the_same_date_and_weekday(void **state)
{
	char buf[DAY_ISO_MAX], again[DAY_ISO_MAX];
	int32_t d, back;
	int y, m, dd;

	(void)state;
	for (d = -719162; d < 2932897; d += 997) {
		day_iso_format(d, buf, sizeof(buf));
		assert_true(day_iso_parse(buf, &back));
		assert_int_equal(back, d);
		day_civil_split(d, &y, &m, &dd);
		assert_true(day_civil_make(y, m, dd, &back));
		assert_int_equal(back, d);
		day_iso_format(back, again, sizeof(again));
		assert_string_equal(buf, again);
	}
	day_iso_format(DEC12, buf, sizeof(buf));
	assert_string_equal(buf, "2026-12-12");
	assert_int_equal(day_week_day(0), 4);	  /* a Thursday */
	assert_int_equal(day_week_day(DEC12), 6); /* a Saturday */
	assert_int_equal(day_week_day(-1), 3);
}

static void
today_is_the_day_in_berlin_not_in_utc(void **state)
{
	(void)state;
	/* Winter: Berlin is an hour ahead of UTC. */
	assert_int_equal(local(NULL, T_NOV30_2330Z), DEC01);
	assert_int_equal(local("", T_NOV30_2330Z), DEC01);
	assert_int_equal(local("Europe/Berlin", T_NOV30_2330Z), DEC01);
	assert_int_equal(local("UTC", T_NOV30_2330Z), NOV30);
	assert_int_equal(local("Europe/London", T_NOV30_2330Z), NOV30);
	assert_int_equal(local("Europe/Helsinki", T_NOV30_2330Z - 3600), DEC01);
	/* Summer: two hours. 2026-06-30 22:30 UTC is 1 July in Berlin,
	 * 30 June in London (BST, one hour). */
	assert_int_equal(local(NULL, INT64_C(1782858600)), day("2026-07-01"));
	assert_int_equal(
	    local("Europe/London", INT64_C(1782858600)), day("2026-06-30"));
	assert_int_equal(
	    local("Europe/London", INT64_C(1782862200)), day("2026-07-01"));
}

static void
summer_time_starts_and_ends_on_the_last_sundays(void **state)
{
	/* 29 March 2026, 01:00 UTC: 02:00 CET becomes 03:00 CEST. */
	const int64_t spring = INT64_C(1774746000);
	/* 25 October 2026, 01:00 UTC: 03:00 CEST becomes 02:00 CET. */
	const int64_t autumn = INT64_C(1792890000);

	(void)state;
	/* 22:30 UTC the evening before: 23:30 CET, still the 28th. */
	assert_int_equal(local(NULL, spring - 9000), day("2026-03-28"));
	/* 22:30 UTC on the 29th: 00:30 CEST, already the 30th. */
	assert_int_equal(local(NULL, spring + 77400), day("2026-03-30"));
	/* 22:30 UTC on the 24th: 00:30 CEST on the 25th. */
	assert_int_equal(local(NULL, autumn - 9000), day("2026-10-25"));
	/* 22:30 UTC on the 25th: 23:30 CET, still the 25th. */
	assert_int_equal(local(NULL, autumn + 77400), day("2026-10-25"));
	/* Around New Year, far from both changes. */
	assert_int_equal(local(NULL, INT64_C(1798759800)), day("2027-01-01"));
	assert_int_equal(local(NULL, INT64_C(-1800)), 0);
}

static void
unknown_zone_and_time_out_of_range_are_refused(void **state)
{
	int32_t d = 42;

	(void)state;
	assert_false(day_zone_known("Mars/Olympus"));
	assert_false(day_zone_known("europe/berlin"));
	assert_true(day_zone_known("Europe/Vienna"));
	assert_true(day_zone_known(NULL));
	assert_int_equal(day_local_get("Mars/Olympus", 0, &d), HD_EINVAL);
	assert_int_equal(day_local_get(NULL, INT64_MAX, &d), HD_EINVAL);
	assert_int_equal(day_local_get(NULL, INT64_MIN, &d), HD_EINVAL);
	assert_int_equal(d, 42);
}

static const struct absence huber = {1, 10, DEC01, DEC12, 20};

static void
absence_that_starts_today_runs_from_local_midnight(void **state)
{
	(void)state;
	/* 00:30 in Berlin on the first day: away, though UTC says the
	 * day before. */
	assert_true(absence_day_covers(&huber, local(NULL, T_NOV30_2330Z)));
	assert_false(absence_day_covers(&huber, local("UTC", T_NOV30_2330Z)));
	assert_true(absence_day_covers(&huber, DEC01));
	assert_false(absence_day_covers(&huber, NOV30));
}

static void
absence_that_ends_today_runs_until_local_midnight(void **state)
{
	(void)state;
	assert_true(absence_day_covers(&huber, local(NULL, T_DEC12_2259Z)));
	assert_false(absence_day_covers(&huber, local(NULL, T_DEC12_2300Z)));
	assert_true(absence_day_covers(&huber, DEC12));
	assert_false(absence_day_covers(&huber, DEC13));
}

static void
one_day_absence_covers_only_that_day(void **state)
{
	const struct absence a = {2, 10, DEC12, DEC12, 0};

	(void)state;
	assert_false(absence_day_covers(&a, DEC12 - 1));
	assert_true(absence_day_covers(&a, DEC12));
	assert_false(absence_day_covers(&a, DEC13));
}

static void
absence_entries_are_checked(void **state)
{
	const struct absence backwards = {0, 10, DEC12, DEC01, 0};
	const struct absence self = {0, 10, DEC01, DEC12, 10};
	const char *field = "x";

	(void)state;
	assert_int_equal(absence_entry_check(&huber, &field), HD_OK);
	assert_null(field);
	assert_int_equal(absence_entry_check(&backwards, &field), HD_EINVAL);
	assert_string_equal(field, "ends_on");
	assert_int_equal(absence_entry_check(&self, &field), HD_EINVAL);
	assert_string_equal(field, "substitute_id");
}

static void
list_find_gives_the_running_absence_and_the_last_day_away(void **state)
{
	/* Holiday 1.–12.12. with Meier, then a training 13.–14.12., then
	 * back; sick 3.1. alone; Lang away 1.–31.12. */
	static const struct absence list[] = {
	    {1, 10, DEC01, DEC12, 20},
	    {2, 12, DEC01, DEC01 + 30, 0},
	    {3, 10, DEC13, DEC13 + 1, 0},
	    {4, 10, JAN03, JAN03, 0},
	};
	const struct absence *a;
	int32_t until = 0;

	(void)state;
	assert_null(absence_list_find(list, COUNT(list), 10, NOV30, &until));
	a = absence_list_find(list, COUNT(list), 10, DEC01, &until);
	assert_non_null(a);
	assert_int_equal(a->id, 1);
	assert_int_equal(a->substitute_id, 20);
	/* Back on the 15th: away until the 14th. */
	assert_int_equal(until, DEC13 + 1);
	a = absence_list_find(list, COUNT(list), 10, DEC13, &until);
	assert_int_equal(a->id, 3);
	assert_int_equal(until, DEC13 + 1);
	assert_null(absence_list_find(list, COUNT(list), 10, DEC13 + 2, NULL));
	a = absence_list_find(list, COUNT(list), 10, JAN03, &until);
	assert_int_equal(a->id, 4);
	assert_int_equal(until, JAN03);
	assert_null(absence_list_find(list, COUNT(list), 11, DEC01, &until));
	assert_null(absence_list_find(NULL, 0, 10, DEC01, &until));
}

static void
overlapping_absences_prefer_one_with_a_substitute(void **state)
{
	/* A sick day entered inside a holiday: the holiday's substitute
	 * still stands in, and the later end counts. */
	static const struct absence list[] = {
	    {1, 10, DEC01, DEC12, 20},
	    {2, 10, DEC01 + 2, DEC01 + 2, 0},
	    {3, 10, DEC01 + 5, DEC13 + 3, 30},
	};
	const struct absence *a;
	int32_t until = 0;

	(void)state;
	a = absence_list_find(list, 2, 10, DEC01 + 2, &until);
	assert_int_equal(a->id, 1);
	assert_int_equal(until, DEC12);
	/* Two with substitutes: the one that started last. */
	a = absence_list_find(list, COUNT(list), 10, DEC01 + 6, &until);
	assert_int_equal(a->id, 3);
	assert_int_equal(until, DEC13 + 3);
	assert_true(absence_list_overlaps(list, COUNT(list), &list[1]));
	assert_false(absence_list_overlaps(list, 1, &list[0]));
	{
		const struct absence later = {9, 10, DEC13, DEC13, 0};
		const struct absence other = {9, 11, DEC01, DEC12, 0};

		assert_false(absence_list_overlaps(list, 2, &later));
		assert_false(absence_list_overlaps(list, 3, &other));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(iso_dates_parse_exactly),
	    cmocka_unit_test(days_format_back_to_the_same_date_and_weekday),
	    cmocka_unit_test(today_is_the_day_in_berlin_not_in_utc),
	    cmocka_unit_test(summer_time_starts_and_ends_on_the_last_sundays),
	    cmocka_unit_test(unknown_zone_and_time_out_of_range_are_refused),
	    cmocka_unit_test(
		absence_that_starts_today_runs_from_local_midnight),
	    cmocka_unit_test(absence_that_ends_today_runs_until_local_midnight),
	    cmocka_unit_test(one_day_absence_covers_only_that_day),
	    cmocka_unit_test(absence_entries_are_checked),
	    cmocka_unit_test(
		list_find_gives_the_running_absence_and_the_last_day_away),
	    cmocka_unit_test(overlapping_absences_prefer_one_with_a_substitute),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
