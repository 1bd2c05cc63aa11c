/* SPDX-License-Identifier: MIT */
#include "store/property.h"

#include "store/contact.h"
#include "store/role.h"
#include "util/jsonx.h"

/* The condition "property p is visible to contact param (0: staff)". */
#define VISIBLE(param)                                                         \
	"(" param " = 0 OR EXISTS (SELECT 1 FROM residents x "                 \
	"WHERE x.property_id = p.id AND x.contact_id = " param ")) "

#define PROPERTY_COLS                                                          \
	"p.id, p.name, p.street, p.postal_code, p.city, p.external_id "

#define STAFF_SELECT                                                           \
	"SELECT s.id, s.property_id, s.employee_id, e.name, e.active, "        \
	"s.role_id, r.name FROM staff s "                                      \
	"JOIN users e ON e.id = s.employee_id "                                \
	"JOIN roles r ON r.id = s.role_id "

#define RESIDENT_SELECT                                                        \
	"SELECT x.id, x.property_id, p.name, x.contact_id, u.name, u.email, "  \
	"x.unit_id, n.label, x.relation FROM residents x "                     \
	"JOIN properties p ON p.id = x.property_id "                           \
	"JOIN users u ON u.id = x.contact_id "                                 \
	"LEFT JOIN units n ON n.id = x.unit_id "

static json_t *
text_or_null(sqlite3_stmt *st, int col)
{
	return hd_json_str_or_null((const char *)sqlite3_column_text(st, col));
}

static json_t *
id_or_null(sqlite3_stmt *st, int col)
{
	return sqlite3_column_type(st, col) == SQLITE_NULL
		   ? json_null()
		   : json_integer(sqlite3_column_int64(st, col));
}

static json_t *
property_row(sqlite3_stmt *st)
{
	return json_pack("{s:I,s:s,s:s,s:s,s:s,s:o}", "id",
	    (json_int_t)sqlite3_column_int64(st, 0), "name", db_text(st, 1),
	    "street", db_text(st, 2), "postal_code", db_text(st, 3), "city",
	    db_text(st, 4), "external_id", text_or_null(st, 5));
}

static json_t *
unit_row(sqlite3_stmt *st)
{
	return json_pack("{s:I,s:I,s:s,s:s}", "id",
	    (json_int_t)sqlite3_column_int64(st, 0), "property_id",
	    (json_int_t)sqlite3_column_int64(st, 1), "label", db_text(st, 2),
	    "kind", db_text(st, 3));
}

static json_t *
staff_row(sqlite3_stmt *st)
{
	return json_pack("{s:I,s:I,s:I,s:s,s:b,s:I,s:s}", "id",
	    (json_int_t)sqlite3_column_int64(st, 0), "property_id",
	    (json_int_t)sqlite3_column_int64(st, 1), "employee_id",
	    (json_int_t)sqlite3_column_int64(st, 2), "employee_name",
	    db_text(st, 3), "employee_active", sqlite3_column_int(st, 4),
	    "role_id", (json_int_t)sqlite3_column_int64(st, 5), "role_name",
	    db_text(st, 6));
}

static json_t *
resident_row(sqlite3_stmt *st)
{
	return json_pack("{s:I,s:I,s:s,s:I,s:s,s:o,s:o,s:o,s:s}", "id",
	    (json_int_t)sqlite3_column_int64(st, 0), "property_id",
	    (json_int_t)sqlite3_column_int64(st, 1), "property_name",
	    db_text(st, 2), "contact_id",
	    (json_int_t)sqlite3_column_int64(st, 3), "contact_name",
	    db_text(st, 4), "contact_email", text_or_null(st, 5), "unit_id",
	    id_or_null(st, 6), "unit_label", text_or_null(st, 7), "relation",
	    db_text(st, 8));
}

/*
 * Steps st, bound with limit + 1 as its row limit, into a new array of
 * row(st), and resets it. *next is the id (column 0) of the last row
 * returned when there are more, else 0; limit < 0 takes every row.
 * NULL on a database error.
 */
static json_t *
collect(
    sqlite3_stmt *st, int limit, int64_t *next, json_t *(*row)(sqlite3_stmt *))
{
	json_t *items = json_array();
	int n = 0, rc = SQLITE_DONE;

	*next = 0;
	while (items != NULL && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n++ == limit)
			break;
		*next = sqlite3_column_int64(st, 0);
		json_array_append_new(items, row(st));
	}
	if (items != NULL && rc != SQLITE_ROW && rc != SQLITE_DONE) {
		json_decref(items);
		items = NULL;
	}
	if (limit < 0 || n <= limit)
		*next = 0;
	db_done(st);
	return items;
}

/* SQLite's row limit for a page of limit rows plus one (-1: all). */
static int64_t
row_limit(int limit)
{
	return limit < 0 ? -1 : (int64_t)limit + 1;
}

enum hd_status
store_property_insert(struct db_conn *c, int64_t org_id,
    const struct store_property_in *in, int64_t *id)
{
	return db_int(c, id,
	    "INSERT INTO properties(org_id, name, street, postal_code, city, "
	    "external_id, created_at) VALUES (?, ?, ?, ?, ?, ?, "
	    "strftime('%s','now')) RETURNING id",
	    "ittttt", org_id, in->name, in->street, in->postal_code, in->city,
	    in->external_id);
}

enum hd_status
store_property_update(struct db_conn *c, int64_t org_id, int64_t id,
    const struct store_property_in *in, bool set_external_id)
{
	int64_t found;

	return db_int(c, &found,
	    "UPDATE properties SET name = coalesce(?1, name), "
	    "street = coalesce(?2, street), "
	    "postal_code = coalesce(?3, postal_code), "
	    "city = coalesce(?4, city), "
	    "external_id = CASE WHEN ?5 THEN ?6 ELSE external_id END "
	    "WHERE org_id = ?7 AND id = ?8 RETURNING id",
	    "ttttbtii", in->name, in->street, in->postal_code, in->city,
	    (int)set_external_id, in->external_id, org_id, id);
}

enum hd_status
store_property_check(
    struct db_conn *c, int64_t org_id, int64_t id, int64_t contact_id)
{
	int64_t found;

	return db_int(c, &found,
	    "SELECT p.id FROM properties p WHERE p.org_id = ?1 AND p.id = ?2 "
	    "AND " VISIBLE("?3"),
	    "iii", org_id, id, contact_id);
}

/* Sets "units" of property object j: the units of property_id visible
 * to contact_id. HD_EIO on failure. */
static enum hd_status
add_units(struct db_conn *c, json_t *j, int64_t org_id, int64_t property_id,
    int64_t contact_id)
{
	int64_t next;
	json_t *units =
	    store_unit_list(c, org_id, property_id, contact_id, 0, -1, &next);

	if (units == NULL || json_object_set_new(j, "units", units) != 0)
		return HD_EIO;
	return HD_OK;
}

json_t *
store_property_json(
    struct db_conn *c, int64_t org_id, int64_t id, int64_t contact_id)
{
	sqlite3_stmt *st;
	json_t *j = NULL;

	st = db_stmt(c, "SELECT " PROPERTY_COLS "FROM properties p "
			"WHERE p.org_id = ?1 AND p.id = ?2 AND " VISIBLE("?3"));
	if (st == NULL)
		return NULL;
	db_bind(st, "iii", org_id, id, contact_id);
	if (sqlite3_step(st) == SQLITE_ROW)
		j = property_row(st);
	db_done(st);
	if (j != NULL && add_units(c, j, org_id, id, contact_id) != HD_OK) {
		json_decref(j);
		j = NULL;
	}
	return j;
}

json_t *
store_property_list(struct db_conn *c, int64_t org_id, int64_t contact_id,
    const char *q, int64_t cursor, int limit, int64_t *next)
{
	sqlite3_stmt *st;
	json_t *items, *j;
	size_t i;

	st = db_stmt(c,
	    "WITH q(pat) AS (SELECT " STORE_LIKE_PATTERN(
		"?3") ") "
		      "SELECT " PROPERTY_COLS "FROM properties p, q "
		      "WHERE p.org_id = ?1 AND " VISIBLE(
			  "?2") "AND p.id > ?4 "
				"AND (?3 IS NULL OR p.name LIKE q.pat ESCAPE "
				"'\\' "
				"OR p.street LIKE q.pat ESCAPE '\\' "
				"OR p.postal_code LIKE q.pat ESCAPE '\\' "
				"OR p.city LIKE q.pat ESCAPE '\\' "
				"OR p.external_id LIKE q.pat ESCAPE '\\') "
				"ORDER BY p.id LIMIT ?5");
	if (st == NULL)
		return NULL;
	db_bind(st, "iitii", org_id, contact_id, q, cursor, row_limit(limit));
	items = collect(st, limit, next, property_row);
	if (items == NULL || contact_id == 0)
		return items;
	/* The portal offers a contact's own units when filing. */
	json_array_foreach(items, i, j)
	{
		int64_t pid = json_integer_value(json_object_get(j, "id"));

		if (add_units(c, j, org_id, pid, contact_id) != HD_OK) {
			json_decref(items);
			return NULL;
		}
	}
	return items;
}

enum hd_status
store_unit_insert(struct db_conn *c, int64_t org_id, int64_t property_id,
    const char *label, const char *kind, int64_t *id)
{
	enum hd_status s = store_property_check(c, org_id, property_id, 0);

	if (s != HD_OK)
		return s;
	return db_int(c, id,
	    "INSERT INTO units(org_id, property_id, label, kind) "
	    "VALUES (?, ?, ?, ?) RETURNING id",
	    "iitt", org_id, property_id, label, kind);
}

json_t *
store_unit_json(struct db_conn *c, int64_t org_id, int64_t id)
{
	sqlite3_stmt *st;
	json_t *j = NULL;

	st = db_stmt(c, "SELECT id, property_id, label, kind FROM units "
			"WHERE org_id = ? AND id = ?");
	if (st == NULL)
		return NULL;
	db_bind(st, "ii", org_id, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		j = unit_row(st);
	db_done(st);
	return j;
}

json_t *
store_unit_list(struct db_conn *c, int64_t org_id, int64_t property_id,
    int64_t contact_id, int64_t cursor, int limit, int64_t *next)
{
	sqlite3_stmt *st;

	st = db_stmt(c, "SELECT u.id, u.property_id, u.label, u.kind "
			"FROM units u WHERE u.org_id = ?1 "
			"AND u.property_id = ?2 AND u.id > ?4 "
			"AND (?3 = 0 OR EXISTS (SELECT 1 FROM residents x "
			"WHERE x.contact_id = ?3 AND x.unit_id = u.id)) "
			"ORDER BY u.id LIMIT ?5");
	if (st == NULL)
		return NULL;
	db_bind(st, "iiiii", org_id, property_id, contact_id, cursor,
	    row_limit(limit));
	return collect(st, limit, next, unit_row);
}

enum hd_status
store_staff_insert(struct db_conn *c, int64_t org_id, int64_t property_id,
    int64_t employee_id, int64_t role_id, int64_t *id, const char **field)
{
	enum hd_status s;
	int64_t found;

	*field = NULL;
	if ((s = store_property_check(c, org_id, property_id, 0)) != HD_OK)
		return s;
	s = db_int(c, &found,
	    "SELECT id FROM users WHERE id = ? AND org_id = ? "
	    "AND kind = 'employee'",
	    "ii", employee_id, org_id);
	if (s == HD_ENOTFOUND)
		*field = "employee_id";
	else if (s == HD_OK &&
		 (s = store_role_check(c, org_id, role_id)) == HD_ENOTFOUND)
		*field = "role_id";
	if (s != HD_OK)
		return *field ? HD_EINVAL : s;
	return db_int(c, id,
	    "INSERT INTO staff(org_id, property_id, employee_id, role_id) "
	    "VALUES (?, ?, ?, ?) RETURNING id",
	    "iiii", org_id, property_id, employee_id, role_id);
}

json_t *
store_staff_json(struct db_conn *c, int64_t org_id, int64_t id)
{
	sqlite3_stmt *st;
	json_t *j = NULL;

	st = db_stmt(c, STAFF_SELECT "WHERE s.org_id = ? AND s.id = ?");
	if (st == NULL)
		return NULL;
	db_bind(st, "ii", org_id, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		j = staff_row(st);
	db_done(st);
	return j;
}

json_t *
store_staff_list(struct db_conn *c, int64_t org_id, int64_t property_id,
    int64_t cursor, int limit, int64_t *next)
{
	sqlite3_stmt *st;

	st = db_stmt(c, STAFF_SELECT "WHERE s.org_id = ? AND s.property_id = ? "
				     "AND s.id > ? ORDER BY s.id LIMIT ?");
	if (st == NULL)
		return NULL;
	db_bind(st, "iiii", org_id, property_id, cursor, row_limit(limit));
	return collect(st, limit, next, staff_row);
}

enum hd_status
store_staff_delete(
    struct db_conn *c, int64_t org_id, int64_t property_id, int64_t id)
{
	int64_t found;

	return db_int(c, &found,
	    "DELETE FROM staff WHERE org_id = ? AND property_id = ? AND id = ? "
	    "RETURNING id",
	    "iii", org_id, property_id, id);
}

enum hd_status
store_resident_insert(struct db_conn *c, int64_t org_id, int64_t property_id,
    int64_t contact_id, int64_t unit_id, const char *relation, int64_t *id,
    const char **field)
{
	enum hd_status s;
	int64_t found;

	*field = NULL;
	if ((s = store_property_check(c, org_id, property_id, 0)) != HD_OK)
		return s;
	s = store_contact_check(c, org_id, contact_id);
	if (s == HD_ENOTFOUND)
		*field = "contact_id";
	else if (s == HD_OK && unit_id != 0 &&
		 (s = db_int(c, &found,
		      "SELECT id FROM units WHERE id = ? AND property_id = ? "
		      "AND org_id = ?",
		      "iii", unit_id, property_id, org_id)) == HD_ENOTFOUND)
		*field = "unit_id";
	if (s != HD_OK)
		return *field ? HD_EINVAL : s;
	/* No UNIQUE constraint can cover a NULL unit_id; the writer's
	 * transaction makes check and insert one step. */
	s = db_int(c, &found,
	    "SELECT id FROM residents WHERE contact_id = ?1 "
	    "AND property_id = ?2 AND unit_id IS ?3 AND relation = ?4",
	    "iiIt", contact_id, property_id, unit_id, relation);
	if (s != HD_ENOTFOUND)
		return s == HD_OK ? HD_ECONFLICT : s;
	return db_int(c, id,
	    "INSERT INTO residents(org_id, property_id, contact_id, unit_id, "
	    "relation, created_at) VALUES (?, ?, ?, ?, ?, "
	    "strftime('%s','now')) RETURNING id",
	    "iiiIt", org_id, property_id, contact_id, unit_id, relation);
}

json_t *
store_resident_json(struct db_conn *c, int64_t org_id, int64_t id)
{
	sqlite3_stmt *st;
	json_t *j = NULL;

	st = db_stmt(c, RESIDENT_SELECT "WHERE x.org_id = ? AND x.id = ?");
	if (st == NULL)
		return NULL;
	db_bind(st, "ii", org_id, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		j = resident_row(st);
	db_done(st);
	return j;
}

json_t *
store_resident_list(struct db_conn *c, int64_t org_id, int64_t property_id,
    int64_t cursor, int limit, int64_t *next)
{
	sqlite3_stmt *st;

	st = db_stmt(c, RESIDENT_SELECT
	    "WHERE x.org_id = ? AND x.property_id = ? AND x.id > ? "
	    "ORDER BY x.id LIMIT ?");
	if (st == NULL)
		return NULL;
	db_bind(st, "iiii", org_id, property_id, cursor, row_limit(limit));
	return collect(st, limit, next, resident_row);
}

json_t *
store_residence_list(struct db_conn *c, int64_t org_id, int64_t contact_id)
{
	sqlite3_stmt *st;
	int64_t next;

	st = db_stmt(c,
	    RESIDENT_SELECT "WHERE x.org_id = ? AND x.contact_id = ? "
			    "ORDER BY x.id");
	if (st == NULL)
		return NULL;
	db_bind(st, "ii", org_id, contact_id);
	return collect(st, -1, &next, resident_row);
}
