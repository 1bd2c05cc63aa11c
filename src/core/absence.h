/* SPDX-License-Identifier: MIT */
#ifndef HD_ABSENCE_H
#define HD_ABSENCE_H

#include "util/status.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Absences (Abwesenheiten): an employee is away from starts_on to ends_on,
 * both whole days in the organisation's time zone and both inclusive
 * (core/day.h), optionally naming a substitute (Vertretung). An absence
 * from 01.12. to 12.12. runs on the 1st from midnight and on the 12th
 * until midnight; on the 13th the employee is back.
 */
struct absence {
	int64_t id;
	int64_t employee_id;
	int32_t starts_on;     /* day number, core/day.h */
	int32_t ends_on;       /* inclusive, >= starts_on */
	int64_t substitute_id; /* 0: none */
};

/*
 * Checks an absence as entered: HD_EINVAL with *field set ("ends_on",
 * "substitute_id") when it ends before it starts or names the employee as
 * their own substitute; HD_OK otherwise. Whether the substitute exists
 * and is active is the caller's to check (it may change later anyway;
 * routing re-checks on every day).
 */
enum hd_status absence_entry_check(const struct absence *a, const char **field);

/* True when a runs on day (starts_on <= day <= ends_on). */
bool absence_day_covers(const struct absence *a, int32_t day);

/*
 * The absence of employee_id that runs on day among list[0..n), or NULL
 * when the employee is present that day. Absences of one employee should
 * not overlap (the API refuses it), but when they do the answer is still
 * fixed: one that names a substitute wins over one that does not, then
 * the one that started last, then the one later in the list.
 *
 * *until (may be NULL) gets the last day of the time away: the end of the
 * absence found, carried on through absences that overlap it or follow
 * it the next day, so "abwesend bis" names the day the employee is back
 * minus one.
 */
const struct absence *absence_list_find(const struct absence *list, size_t n,
    int64_t employee_id, int32_t day, int32_t *until);

/* True when an absence of the same employee overlaps a in list[0..n)
 * (an entry with a's id is a itself and ignored). */
bool absence_list_overlaps(
    const struct absence *list, size_t n, const struct absence *a);

#endif
