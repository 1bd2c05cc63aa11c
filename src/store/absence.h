/* SPDX-License-Identifier: MIT */
#ifndef HD_STORE_ABSENCE_H
#define HD_STORE_ABSENCE_H

/*
 * Absences (Abwesenheiten) of employees, and the round-robin turns of
 * the roles (docs/routing.md). Days are day numbers (core/day.h) in the
 * organisation's time zone; the API shows them as "YYYY-MM-DD".
 */
#include "core/absence.h"
#include "db/db.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* At most this many absences of one organisation that have not ended
 * are loaded for routing or a check; more are refused when entered. */
#define STORE_ABSENCE_MAX 4096

/*
 * Inserts absence a (a->employee_id, starts_on, ends_on, substitute_id)
 * of org_id, entered by actor_id; *id is the new absence. HD_ENOTFOUND
 * when org has no such employee; HD_EINVAL with *field ("ends_on",
 * "substitute_id") for a range that ends before it starts, a substitute
 * who is the employee, no employee of org or deactivated; HD_ECONFLICT
 * (field "starts_on") when it overlaps another absence of the employee,
 * or when the organisation has STORE_ABSENCE_MAX absences that have not
 * ended.
 */
enum hd_status store_absence_insert(struct db_conn *c, int64_t org_id,
    const struct absence *a, int64_t actor_id, int64_t *id, const char **field);

/* The API object {id, employee_id, starts_on, ends_on, substitute_id,
 * substitute_name} of absence id in org into *out (caller owns). */
enum hd_status store_absence_json(
    struct db_conn *c, int64_t org_id, int64_t id, json_t **out);

/* The absences of employee_id in org, by start, as API objects into
 * *items (caller owns). HD_ENOTFOUND when org has no such employee. */
enum hd_status store_absence_list(
    struct db_conn *c, int64_t org_id, int64_t employee_id, json_t **items);

/* The absences of org that run on day or later (ends_on >= day), with
 * the employee's name, as API objects (and "employee_name") into *items:
 * what lists show as "abwesend bis". */
enum hd_status store_absence_current(
    struct db_conn *c, int64_t org_id, int32_t day, json_t **items);

/* At most this many colleagues in GET /colleagues. */
#define STORE_COLLEAGUES_MAX 2000

/*
 * The active employees of org by name, as {id, name, absent_until,
 * substitute_id} into *items (caller owns): absent_until the last day
 * away ("YYYY-MM-DD") when away on day, else null; substitute_id whom
 * the absence running on day names (null: none). For the substitute
 * choice and "abwesend bis" next to names.
 */
enum hd_status store_absence_colleagues(
    struct db_conn *c, int64_t org_id, int32_t day, json_t **items);

/* Absence id of org into *a. HD_ENOTFOUND when there is none. */
enum hd_status store_absence_get(
    struct db_conn *c, int64_t org_id, int64_t id, struct absence *a);

/* Deletes absence id of org. HD_ENOTFOUND when there is none. */
enum hd_status store_absence_delete(
    struct db_conn *c, int64_t org_id, int64_t id);

/*
 * The absences of org with ends_on >= day into *out (heap, caller frees)
 * and *n: every absence routing on day needs, including those that
 * follow on, for "abwesend bis".
 */
enum hd_status store_absence_load(struct db_conn *c, int64_t org_id,
    int32_t day, struct absence **out, size_t *n);

/*
 * The last day employee_id of org is away, counted from day, into
 * *until (0 when present on day). HD_OK or the database's error.
 */
enum hd_status store_absence_until(struct db_conn *c, int64_t org_id,
    int64_t employee_id, int32_t day, int32_t *until);

/*
 * Round robin: takes the turn of role_id at property_id from `from` (the
 * turn read, 0: none stored) to `to`, only if it is still `from`
 * (compare and set); *taken says whether it was. Inside the create's
 * write job: two creates at once never take the same turn, on SQLite's
 * single writer as on PostgreSQL (where the second waits for the first's
 * commit and then finds the turn moved on).
 */
enum hd_status store_turn_take(struct db_conn *c, int64_t property_id,
    int64_t role_id, int64_t from, int64_t to, bool *taken);

#endif
