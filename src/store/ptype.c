/* SPDX-License-Identifier: MIT */
#include "store/ptype.h"

#include "store/page.h"
#include "store/role.h"

/* Replaces the roles of process type id by role_ids[0..n). */
static enum hd_status
set_roles(struct db_conn *c, int64_t org_id, int64_t id,
    const int64_t *role_ids, size_t n)
{
	enum hd_status s;
	size_t i;

	for (i = 0; i < n; i++) {
		s = store_role_check(c, org_id, role_ids[i]);
		if (s != HD_OK)
			return s == HD_ENOTFOUND ? HD_EINVAL : s;
	}
	s = db_exec(
	    c, "DELETE FROM process_type_roles WHERE type_id = ?", "i", id);
	for (i = 0; i < n && s == HD_OK; i++)
		s = db_exec(c,
		    "INSERT INTO process_type_roles(type_id, role_id, "
		    "position) VALUES (?, ?, ?)",
		    "iii", id, role_ids[i], (int64_t)i);
	return s;
}

/* Adds role_ids and roles (in routing order) to process type object j. */
static enum hd_status
add_roles(struct db_conn *c, json_t *j, int64_t id)
{
	json_t *ids = json_array(), *roles = json_array();
	enum hd_status s = HD_OK, e;
	struct db_stmt *st;

	st = db_prepare(c, "SELECT r.id, r.name FROM process_type_roles t "
			   "JOIN roles r ON r.id = t.role_id "
			   "WHERE t.type_id = ? ORDER BY t.position");
	db_bind(st, "i", id);
	if (ids == NULL || roles == NULL)
		s = HD_ENOMEM;
	while (s == HD_OK && db_step(st)) {
		json_int_t rid = db_col_i64(st, 0);

		if (json_array_append_new(ids, json_integer(rid)) != 0 ||
		    json_array_append_new(
			roles, json_pack("{s:I,s:s}", "id", rid, "name",
				   db_col_text(st, 1))) != 0)
			s = HD_ENOMEM;
	}
	e = db_end(st);
	if (s == HD_OK)
		s = e;
	if (s == HD_OK && (json_object_set(j, "role_ids", ids) != 0 ||
			      json_object_set(j, "roles", roles) != 0))
		s = HD_ENOMEM;
	json_decref(ids);
	json_decref(roles);
	return s;
}

/* The object of the current row, without its roles. */
static json_t *
ptype_row(struct db_stmt *st)
{
	return json_pack("{s:I,s:s,s:s,s:b,s:o,s:b}", "id",
	    (json_int_t)db_col_i64(st, 0), "name", db_col_text(st, 1),
	    "description", db_col_text(st, 2), "portal", db_col_int(st, 3),
	    "response_hours",
	    db_col_null(st, 4) ? json_null()
			       : json_integer((json_int_t)db_col_i64(st, 4)),
	    "archived", db_col_int(st, 5));
}

enum hd_status
store_ptype_insert(struct db_conn *c, int64_t org_id, const char *name,
    const char *description, bool portal, const int64_t *role_ids, size_t n,
    int64_t *id)
{
	enum hd_status s;

	s = db_insert(c, id,
	    "INSERT INTO process_types(org_id, name, description, portal) "
	    "VALUES (?, ?, ?, ?)",
	    "ittb", org_id, name, description ? description : "", (int)portal);
	if (s != HD_OK)
		return s;
	return set_roles(c, org_id, *id, role_ids, n);
}

enum hd_status
store_ptype_update(struct db_conn *c, int64_t org_id, int64_t id,
    const char *name, const char *description, const bool *portal,
    const int64_t *role_ids, size_t n)
{
	/* -1 keeps portal as it is. */
	int64_t por = portal ? *portal : -1, k = 0;
	enum hd_status s;

	s = db_update(c, &k,
	    "UPDATE process_types SET name = coalesce(?1, name), "
	    "description = coalesce(?2, description), "
	    "portal = CASE ?3 WHEN -1 THEN portal ELSE ?3 END "
	    "WHERE org_id = ?4 AND id = ?5",
	    "ttiii", name, description, por, org_id, id);
	if (s == HD_OK && k == 0)
		s = HD_ENOTFOUND;
	if (s != HD_OK || role_ids == NULL)
		return s;
	return set_roles(c, org_id, id, role_ids, n);
}

enum hd_status
store_ptype_json(struct db_conn *c, int64_t org_id, int64_t id,
    bool for_contact, json_t **out)
{
	struct db_stmt *st;
	enum hd_status s;

	st = db_prepare(c, "SELECT id, name, description, portal, "
			   "response_hours, archived "
			   "FROM process_types WHERE org_id = ?1 AND id = ?2 "
			   "AND (?3 = 0 OR portal = 1)");
	db_bind(st, "iib", org_id, id, (int)for_contact);
	if ((s = store_one(st, ptype_row, out)) != HD_OK)
		return s;
	/* Contacts need not know the internal roles. */
	if (!for_contact && (s = add_roles(c, *out, id)) != HD_OK) {
		json_decref(*out);
		*out = NULL;
	}
	return s;
}

enum hd_status
store_ptype_list(struct db_conn *c, int64_t org_id, bool for_contact,
    bool archived, int64_t cursor, int limit, int64_t *next, json_t **items)
{
	struct db_stmt *st;
	enum hd_status s;
	json_t *j;
	size_t i;

	st = db_prepare(c, "SELECT id, name, description, portal, "
			   "response_hours, archived "
			   "FROM process_types WHERE org_id = ?1 "
			   "AND (?2 = 0 OR portal = 1) AND id > ?3 "
			   "AND ((?5 = 1 AND ?2 = 0) OR archived = 0) "
			   "ORDER BY id LIMIT ?4");
	db_bind(st, "ibiib", org_id, (int)for_contact, cursor,
	    (int64_t)limit + 1, (int)archived);
	if ((s = store_page(st, limit, next, ptype_row, items)) != HD_OK ||
	    for_contact)
		return s;
	json_array_foreach(*items, i, j)
	{
		int64_t id = json_integer_value(json_object_get(j, "id"));

		if ((s = add_roles(c, j, id)) != HD_OK) {
			json_decref(*items);
			*items = NULL;
			return s;
		}
	}
	return HD_OK;
}

enum hd_status
store_ptype_set_response_hours(
    struct db_conn *c, int64_t org_id, int64_t id, int64_t hours)
{
	int64_t k = 0;
	enum hd_status s;

	s = db_update(c, &k,
	    "UPDATE process_types SET response_hours = ? WHERE org_id = ? "
	    "AND id = ?",
	    "Iii", hours, org_id, id);
	return s == HD_OK && k == 0 ? HD_ENOTFOUND : s;
}
