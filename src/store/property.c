/* SPDX-License-Identifier: MIT */
#include "store/property.h"

#include "store/contact.h"
#include "store/page.h"
#include "store/role.h"
#include "store/search.h"
#include "util/clock.h"

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
property_row(struct db_stmt *st)
{
	return json_pack("{s:I,s:s,s:s,s:s,s:s,s:o}", "id",
	    (json_int_t)db_col_i64(st, 0), "name", db_col_text(st, 1), "street",
	    db_col_text(st, 2), "postal_code", db_col_text(st, 3), "city",
	    db_col_text(st, 4), "external_id", store_col_text(st, 5));
}

static json_t *
unit_row(struct db_stmt *st)
{
	return json_pack("{s:I,s:I,s:s,s:s}", "id",
	    (json_int_t)db_col_i64(st, 0), "property_id",
	    (json_int_t)db_col_i64(st, 1), "label", db_col_text(st, 2), "kind",
	    db_col_text(st, 3));
}

static json_t *
staff_row(struct db_stmt *st)
{
	return json_pack("{s:I,s:I,s:I,s:s,s:b,s:I,s:s}", "id",
	    (json_int_t)db_col_i64(st, 0), "property_id",
	    (json_int_t)db_col_i64(st, 1), "employee_id",
	    (json_int_t)db_col_i64(st, 2), "employee_name", db_col_text(st, 3),
	    "employee_active", db_col_int(st, 4), "role_id",
	    (json_int_t)db_col_i64(st, 5), "role_name", db_col_text(st, 6));
}

static json_t *
resident_row(struct db_stmt *st)
{
	return json_pack("{s:I,s:I,s:s,s:I,s:s,s:o,s:o,s:o,s:s}", "id",
	    (json_int_t)db_col_i64(st, 0), "property_id",
	    (json_int_t)db_col_i64(st, 1), "property_name", db_col_text(st, 2),
	    "contact_id", (json_int_t)db_col_i64(st, 3), "contact_name",
	    db_col_text(st, 4), "contact_email", store_col_text(st, 5),
	    "unit_id", store_col_id(st, 6), "unit_label", store_col_text(st, 7),
	    "relation", db_col_text(st, 8));
}

enum hd_status
store_property_insert(struct db_conn *c, int64_t org_id,
    const struct store_property_in *in, int64_t *id)
{
	return db_insert(c, id,
	    "INSERT INTO properties(org_id, name, street, postal_code, city, "
	    "external_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
	    "ittttti", org_id, in->name, in->street, in->postal_code, in->city,
	    in->external_id, hd_now());
}

enum hd_status
store_property_update(struct db_conn *c, int64_t org_id, int64_t id,
    const struct store_property_in *in, bool set_external_id)
{
	enum hd_status s;
	int64_t n = 0;

	s = db_update(c, &n,
	    "UPDATE properties SET name = coalesce(?1, name), "
	    "street = coalesce(?2, street), "
	    "postal_code = coalesce(?3, postal_code), "
	    "city = coalesce(?4, city), "
	    "external_id = CASE WHEN ?5 = 1 THEN ?6 ELSE external_id END "
	    "WHERE org_id = ?7 AND id = ?8",
	    "ttttbtii", in->name, in->street, in->postal_code, in->city,
	    (int)set_external_id, in->external_id, org_id, id);
	if (s == HD_OK && n == 0)
		return HD_ENOTFOUND;
	return s == HD_OK ? store_search_index_property(c, id) : s;
}

enum hd_status
store_property_check(
    struct db_conn *c, int64_t org_id, int64_t id, int64_t contact_id)
{
	int64_t found;

	return db_scalar(c, &found,
	    "SELECT p.id FROM properties p WHERE p.org_id = ?1 AND p.id = ?2 "
	    "AND " VISIBLE("?3"),
	    "iii", org_id, id, contact_id);
}

/* Sets "units" of property object j: the units of property_id visible
 * to contact_id. */
static enum hd_status
add_units(struct db_conn *c, json_t *j, int64_t org_id, int64_t property_id,
    int64_t contact_id)
{
	enum hd_status s;
	int64_t next;
	json_t *units;

	s = store_unit_list(
	    c, org_id, property_id, contact_id, 0, -1, &next, &units);
	if (s == HD_OK && json_object_set_new(j, "units", units) != 0)
		s = HD_ENOMEM;
	return s;
}

enum hd_status
store_property_json(struct db_conn *c, int64_t org_id, int64_t id,
    int64_t contact_id, json_t **out)
{
	struct db_stmt *st;
	enum hd_status s;

	st = db_prepare(c,
	    "SELECT " PROPERTY_COLS "FROM properties p "
	    "WHERE p.org_id = ?1 AND p.id = ?2 AND " VISIBLE("?3"));
	db_bind(st, "iii", org_id, id, contact_id);
	if ((s = store_one(st, property_row, out)) == HD_OK &&
	    (s = add_units(c, *out, org_id, id, contact_id)) != HD_OK) {
		json_decref(*out);
		*out = NULL;
	}
	return s;
}

enum hd_status
store_property_list(struct db_conn *c, int64_t org_id, int64_t contact_id,
    const char *q, int64_t cursor, int limit, int64_t *next, json_t **items)
{
	struct db_stmt *st;
	enum hd_status s;
	json_t *j;
	size_t i;

	st = db_prepare(c,
	    "WITH q(pat) AS (SELECT " STORE_LIKE_PATTERN(
		"?3") ") "
		      "SELECT " PROPERTY_COLS "FROM properties p, q "
		      "WHERE p.org_id = ?1 AND " VISIBLE(
			  "?2") "AND p.id > ?4 "
				"AND (?3 IS NULL OR lower(p.name) LIKE q.pat "
				"ESCAPE '\\' "
				"OR lower(p.street) LIKE q.pat ESCAPE '\\' "
				"OR lower(p.postal_code) LIKE q.pat ESCAPE "
				"'\\' "
				"OR lower(p.city) LIKE q.pat ESCAPE '\\' "
				"OR lower(p.external_id) LIKE q.pat ESCAPE "
				"'\\') "
				"ORDER BY p.id LIMIT ?5");
	db_bind(
	    st, "iitii", org_id, contact_id, q, cursor, store_row_limit(limit));
	s = store_page(st, limit, next, property_row, items);
	if (s != HD_OK || contact_id == 0)
		return s;
	/* The portal offers a contact's own units when filing. */
	json_array_foreach(*items, i, j)
	{
		int64_t pid = json_integer_value(json_object_get(j, "id"));

		if ((s = add_units(c, j, org_id, pid, contact_id)) != HD_OK) {
			json_decref(*items);
			*items = NULL;
			return s;
		}
	}
	return HD_OK;
}

enum hd_status
store_unit_insert(struct db_conn *c, int64_t org_id, int64_t property_id,
    const char *label, const char *kind, int64_t *id)
{
	enum hd_status s = store_property_check(c, org_id, property_id, 0);

	if (s != HD_OK)
		return s;
	return db_insert(c, id,
	    "INSERT INTO units(org_id, property_id, label, kind) "
	    "VALUES (?, ?, ?, ?)",
	    "iitt", org_id, property_id, label, kind);
}

enum hd_status
store_unit_json(struct db_conn *c, int64_t org_id, int64_t id, json_t **out)
{
	return store_one_of(c,
	    "SELECT id, property_id, label, kind FROM units "
	    "WHERE org_id = ? AND id = ?",
	    org_id, id, unit_row, out);
}

enum hd_status
store_unit_list(struct db_conn *c, int64_t org_id, int64_t property_id,
    int64_t contact_id, int64_t cursor, int limit, int64_t *next,
    json_t **items)
{
	struct db_stmt *st;

	st = db_prepare(c, "SELECT u.id, u.property_id, u.label, u.kind "
			   "FROM units u WHERE u.org_id = ?1 "
			   "AND u.property_id = ?2 AND u.id > ?4 "
			   "AND (?3 = 0 OR EXISTS (SELECT 1 FROM residents x "
			   "WHERE x.contact_id = ?3 AND x.unit_id = u.id)) "
			   "ORDER BY u.id LIMIT ?5");
	db_bind(st, "iiiii", org_id, property_id, contact_id, cursor,
	    store_row_limit(limit));
	return store_page(st, limit, next, unit_row, items);
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
	s = db_scalar(c, &found,
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
	return db_insert(c, id,
	    "INSERT INTO staff(org_id, property_id, employee_id, role_id) "
	    "VALUES (?, ?, ?, ?)",
	    "iiii", org_id, property_id, employee_id, role_id);
}

enum hd_status
store_staff_json(struct db_conn *c, int64_t org_id, int64_t id, json_t **out)
{
	return store_one_of(c, STAFF_SELECT "WHERE s.org_id = ? AND s.id = ?",
	    org_id, id, staff_row, out);
}

enum hd_status
store_staff_list(struct db_conn *c, int64_t org_id, int64_t property_id,
    int64_t cursor, int limit, int64_t *next, json_t **items)
{
	struct db_stmt *st;

	st = db_prepare(c, STAFF_SELECT "WHERE s.org_id = ? AND s.property_id "
					"= ? AND s.id > ? ORDER BY s.id "
					"LIMIT ?");
	db_bind(
	    st, "iiii", org_id, property_id, cursor, store_row_limit(limit));
	return store_page(st, limit, next, staff_row, items);
}

enum hd_status
store_staff_delete(
    struct db_conn *c, int64_t org_id, int64_t property_id, int64_t id)
{
	return db_update_one(c,
	    "DELETE FROM staff WHERE org_id = ? AND property_id = ? AND id = ?",
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
		 (s = db_scalar(c, &found,
		      "SELECT id FROM units WHERE id = ? AND property_id = ? "
		      "AND org_id = ?",
		      "iii", unit_id, property_id, org_id)) == HD_ENOTFOUND)
		*field = "unit_id";
	if (s != HD_OK)
		return *field ? HD_EINVAL : s;
	/* No UNIQUE constraint can cover a NULL unit_id; the writer's
	 * transaction makes check and insert one step. */
	s = db_scalar(c, &found,
	    "SELECT id FROM residents WHERE contact_id = ?1 "
	    "AND property_id = ?2 AND unit_id IS NOT DISTINCT FROM ?3 "
	    "AND relation = ?4",
	    "iiIt", contact_id, property_id, unit_id, relation);
	if (s != HD_ENOTFOUND)
		return s == HD_OK ? HD_ECONFLICT : s;
	return db_insert(c, id,
	    "INSERT INTO residents(org_id, property_id, contact_id, unit_id, "
	    "relation, created_at) VALUES (?, ?, ?, ?, ?, ?)",
	    "iiiIti", org_id, property_id, contact_id, unit_id, relation,
	    hd_now());
}

enum hd_status
store_resident_json(struct db_conn *c, int64_t org_id, int64_t id, json_t **out)
{
	return store_one_of(c,
	    RESIDENT_SELECT "WHERE x.org_id = ? AND x.id = ?", org_id, id,
	    resident_row, out);
}

enum hd_status
store_resident_list(struct db_conn *c, int64_t org_id, int64_t property_id,
    int64_t cursor, int limit, int64_t *next, json_t **items)
{
	struct db_stmt *st;

	st = db_prepare(c, RESIDENT_SELECT
	    "WHERE x.org_id = ? AND x.property_id = ? AND x.id > ? "
	    "ORDER BY x.id LIMIT ?");
	db_bind(
	    st, "iiii", org_id, property_id, cursor, store_row_limit(limit));
	return store_page(st, limit, next, resident_row, items);
}

enum hd_status
store_residence_list(
    struct db_conn *c, int64_t org_id, int64_t contact_id, json_t **items)
{
	struct db_stmt *st;
	int64_t next;

	st = db_prepare(c, RESIDENT_SELECT "WHERE x.org_id = ? AND "
					   "x.contact_id = ? ORDER BY x.id");
	db_bind(st, "ii", org_id, contact_id);
	return store_page(st, -1, &next, resident_row, items);
}
