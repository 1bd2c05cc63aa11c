/* SPDX-License-Identifier: MIT */
/* Absences and round-robin turns (absence.h). */
#include "store/absence.h"

#include "core/day.h"
#include "store/page.h"
#include "util/clock.h"

#include <stdlib.h>

#define ABSENCE_COLS                                                           \
	"SELECT a.id, a.employee_id, a.starts_on, a.ends_on, "                 \
	"a.substitute_id, s.name, u.name FROM absences a "                     \
	"JOIN users u ON u.id = a.employee_id "                                \
	"LEFT JOIN users s ON s.id = a.substitute_id "

/* Day column col as "YYYY-MM-DD". */
static json_t *
day_json(struct db_stmt *st, int col)
{
	char buf[DAY_ISO_MAX];

	day_iso_format((int32_t)db_col_i64(st, col), buf, sizeof(buf));
	return json_string(buf);
}

static json_t *
absence_row(struct db_stmt *st)
{
	json_t *j = json_object();

	if (j == NULL)
		return NULL;
	json_object_set_new(j, "id", json_integer(db_col_i64(st, 0)));
	json_object_set_new(j, "employee_id", json_integer(db_col_i64(st, 1)));
	json_object_set_new(
	    j, "employee_name", json_string(db_col_text(st, 6)));
	json_object_set_new(j, "starts_on", day_json(st, 2));
	json_object_set_new(j, "ends_on", day_json(st, 3));
	if (db_col_null(st, 4)) {
		json_object_set_new(j, "substitute_id", json_null());
		json_object_set_new(j, "substitute_name", json_null());
	} else {
		json_object_set_new(
		    j, "substitute_id", json_integer(db_col_i64(st, 4)));
		json_object_set_new(
		    j, "substitute_name", json_string(db_col_text(st, 5)));
	}
	return j;
}

/* Steps st into a new array of absence rows in *items, and ends it. */
static enum hd_status
rows(struct db_stmt *st, json_t **items)
{
	enum hd_status s = HD_OK, e;
	json_t *row;

	if ((*items = json_array()) == NULL)
		s = HD_ENOMEM;
	while (s == HD_OK && db_step(st)) {
		if ((row = absence_row(st)) == NULL ||
		    json_array_append_new(*items, row) != 0)
			s = HD_ENOMEM;
	}
	e = db_end(st);
	if (s == HD_OK)
		s = e;
	if (s != HD_OK) {
		json_decref(*items);
		*items = NULL;
	}
	return s;
}

/* HD_OK when employee_id is an employee of org_id (*active: whether
 * active), HD_ENOTFOUND when not. */
static enum hd_status
employee_of(
    struct db_conn *c, int64_t org_id, int64_t employee_id, bool *active)
{
	int64_t a = 0;
	enum hd_status s;

	s = db_scalar(c, &a,
	    "SELECT active FROM users WHERE id = ? AND org_id = ? AND "
	    "kind = 'employee'",
	    "ii", employee_id, org_id);
	if (active != NULL)
		*active = a != 0;
	return s;
}

enum hd_status
store_absence_load(struct db_conn *c, int64_t org_id, int32_t day,
    struct absence **out, size_t *n)
{
	enum hd_status s = HD_OK, e;
	struct db_stmt *st;
	size_t cap = 0;
	void *p;

	*out = NULL;
	*n = 0;
	st = db_prepare(c,
	    "SELECT id, employee_id, starts_on, ends_on, "
	    "coalesce(substitute_id, 0) FROM absences "
	    "WHERE org_id = ? AND ends_on >= ? ORDER BY id LIMIT ?");
	db_bind(st, "iii", org_id, (int64_t)day, (int64_t)STORE_ABSENCE_MAX);
	while (s == HD_OK && db_step(st)) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			if ((p = realloc(*out, cap * sizeof(**out))) == NULL) {
				s = HD_ENOMEM;
				break;
			}
			*out = p;
		}
		(*out)[*n] = (struct absence){
		    .id = db_col_i64(st, 0),
		    .employee_id = db_col_i64(st, 1),
		    .starts_on = (int32_t)db_col_i64(st, 2),
		    .ends_on = (int32_t)db_col_i64(st, 3),
		    .substitute_id = db_col_i64(st, 4),
		};
		(*n)++;
	}
	e = db_end(st);
	if (s == HD_OK)
		s = e;
	if (s != HD_OK) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return s;
}

enum hd_status
store_absence_insert(struct db_conn *c, int64_t org_id, const struct absence *a,
    int64_t actor_id, int64_t *id, const char **field)
{
	struct absence *list = NULL;
	enum hd_status s;
	size_t n = 0;
	bool active;

	*field = NULL;
	if ((s = employee_of(c, org_id, a->employee_id, NULL)) != HD_OK)
		return s;
	if ((s = absence_entry_check(a, field)) != HD_OK)
		return s;
	if (a->substitute_id != 0) {
		s = employee_of(c, org_id, a->substitute_id, &active);
		if (s == HD_ENOTFOUND || (s == HD_OK && !active)) {
			*field = "substitute_id";
			return HD_EINVAL;
		}
		if (s != HD_OK)
			return s;
	}
	if ((s = store_absence_load(c, org_id, a->starts_on, &list, &n)) !=
	    HD_OK)
		return s;
	if (n >= STORE_ABSENCE_MAX || absence_list_overlaps(list, n, a)) {
		*field = "starts_on";
		s = HD_ECONFLICT;
	}
	free(list);
	if (s != HD_OK)
		return s;
	return db_insert(c, id,
	    "INSERT INTO absences(org_id, employee_id, starts_on, ends_on, "
	    "substitute_id, created_by, created_at) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?)",
	    "iiiiIIi", org_id, a->employee_id, (int64_t)a->starts_on,
	    (int64_t)a->ends_on, a->substitute_id, actor_id, hd_now());
}

enum hd_status
store_absence_json(struct db_conn *c, int64_t org_id, int64_t id, json_t **out)
{
	return store_one_of(c, ABSENCE_COLS "WHERE a.org_id = ? AND a.id = ?",
	    org_id, id, absence_row, out);
}

enum hd_status
store_absence_list(
    struct db_conn *c, int64_t org_id, int64_t employee_id, json_t **items)
{
	struct db_stmt *st;
	enum hd_status s;

	*items = NULL;
	if ((s = employee_of(c, org_id, employee_id, NULL)) != HD_OK)
		return s;
	st = db_prepare(c, ABSENCE_COLS "WHERE a.org_id = ? AND "
					"a.employee_id = ? ORDER BY "
					"a.starts_on, a.id LIMIT ?");
	db_bind(st, "iii", org_id, employee_id, (int64_t)STORE_ABSENCE_MAX);
	return rows(st, items);
}

enum hd_status
store_absence_current(
    struct db_conn *c, int64_t org_id, int32_t day, json_t **items)
{
	struct db_stmt *st;

	st = db_prepare(c, ABSENCE_COLS "WHERE a.org_id = ? AND "
					"a.ends_on >= ? ORDER BY "
					"a.starts_on, a.id LIMIT ?");
	db_bind(st, "iii", org_id, (int64_t)day, (int64_t)STORE_ABSENCE_MAX);
	return rows(st, items);
}

enum hd_status
store_absence_colleagues(
    struct db_conn *c, int64_t org_id, int32_t day, json_t **items)
{
	const struct absence *a;
	struct absence *list = NULL;
	char iso[DAY_ISO_MAX];
	enum hd_status s, e;
	struct db_stmt *st;
	int32_t until;
	size_t n = 0;
	json_t *j;

	*items = NULL;
	if ((s = store_absence_load(c, org_id, day, &list, &n)) != HD_OK)
		return s;
	if ((*items = json_array()) == NULL)
		s = HD_ENOMEM;
	st = db_prepare(c, "SELECT id, name FROM users WHERE org_id = ? AND "
			   "kind = 'employee' AND active = 1 "
			   "ORDER BY name, id LIMIT ?");
	db_bind(st, "ii", org_id, (int64_t)STORE_COLLEAGUES_MAX);
	while (s == HD_OK && db_step(st)) {
		a = absence_list_find(list, n, db_col_i64(st, 0), day, &until);
		if (a != NULL)
			day_iso_format(until, iso, sizeof(iso));
		j = json_pack("{s:I,s:s,s:o,s:o}", "id",
		    (json_int_t)db_col_i64(st, 0), "name", db_col_text(st, 1),
		    "absent_until", a != NULL ? json_string(iso) : json_null(),
		    "substitute_id",
		    a != NULL && a->substitute_id != 0
			? json_integer(a->substitute_id)
			: json_null());
		if (j == NULL || json_array_append_new(*items, j) != 0)
			s = HD_ENOMEM;
	}
	e = db_end(st);
	free(list);
	if (s == HD_OK)
		s = e;
	if (s != HD_OK) {
		json_decref(*items);
		*items = NULL;
	}
	return s;
}

enum hd_status
store_absence_get(
    struct db_conn *c, int64_t org_id, int64_t id, struct absence *a)
{
	struct db_stmt *st;
	enum hd_status s;

	st = db_prepare(c, "SELECT id, employee_id, starts_on, ends_on, "
			   "coalesce(substitute_id, 0) FROM absences "
			   "WHERE org_id = ? AND id = ?");
	db_bind(st, "ii", org_id, id);
	if ((s = db_row(st)) == HD_OK)
		*a = (struct absence){
		    .id = db_col_i64(st, 0),
		    .employee_id = db_col_i64(st, 1),
		    .starts_on = (int32_t)db_col_i64(st, 2),
		    .ends_on = (int32_t)db_col_i64(st, 3),
		    .substitute_id = db_col_i64(st, 4),
		};
	db_end(st);
	return s;
}

enum hd_status
store_absence_delete(struct db_conn *c, int64_t org_id, int64_t id)
{
	int64_t gone = 0;

	return db_scalar(c, &gone,
	    "DELETE FROM absences WHERE org_id = ? AND id = ? RETURNING id",
	    "ii", org_id, id);
}

enum hd_status
store_absence_until(struct db_conn *c, int64_t org_id, int64_t employee_id,
    int32_t day, int32_t *until)
{
	struct absence *list = NULL;
	enum hd_status s;
	size_t n = 0;

	*until = 0;
	if ((s = store_absence_load(c, org_id, day, &list, &n)) != HD_OK)
		return s;
	if (absence_list_find(list, n, employee_id, day, until) == NULL)
		*until = 0;
	free(list);
	return HD_OK;
}

enum hd_status
store_turn_take(struct db_conn *c, int64_t property_id, int64_t role_id,
    int64_t from, int64_t to, bool *taken)
{
	enum hd_status s;
	int64_t got = 0;

	/* RETURNING rather than a count of changed rows: the same on both
	 * databases. No turn stored yet: the first to insert it takes it; a
	 * create at once finds the row there (on PostgreSQL after the
	 * first's commit) and inserts nothing. */
	if (from == 0)
		s = db_scalar(c, &got,
		    "INSERT INTO role_turns(property_id, role_id, turn) "
		    "VALUES (?, ?, ?) ON CONFLICT (property_id, role_id) "
		    "DO NOTHING RETURNING turn",
		    "iii", property_id, role_id, to);
	else
		s = db_scalar(c, &got,
		    "UPDATE role_turns SET turn = ? WHERE property_id = ? "
		    "AND role_id = ? AND turn = ? RETURNING turn",
		    "iiii", to, property_id, role_id, from);
	*taken = s == HD_OK;
	return s == HD_ENOTFOUND ? HD_OK : s;
}
