/* SPDX-License-Identifier: MIT */
#include "store/ptype.h"

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
	enum hd_status s = HD_EIO;
	int rc = SQLITE_DONE;
	sqlite3_stmt *st;

	st = db_stmt(c, "SELECT r.id, r.name FROM process_type_roles t "
			"JOIN roles r ON r.id = t.role_id "
			"WHERE t.type_id = ? ORDER BY t.position");
	if (st == NULL || ids == NULL || roles == NULL)
		goto out;
	db_bind(st, "i", id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_int_t rid = sqlite3_column_int64(st, 0);

		json_array_append_new(ids, json_integer(rid));
		json_array_append_new(roles,
		    json_pack("{s:I,s:s}", "id", rid, "name", db_text(st, 1)));
	}
	db_done(st);
	if (rc != SQLITE_DONE)
		goto out;
	if (json_object_set(j, "role_ids", ids) == 0 &&
	    json_object_set(j, "roles", roles) == 0)
		s = HD_OK;
out:
	json_decref(ids);
	json_decref(roles);
	return s;
}

/* The object of the current row, without its roles. */
static json_t *
ptype_row(sqlite3_stmt *st)
{
	return json_pack("{s:I,s:s,s:s,s:b}", "id",
	    (json_int_t)sqlite3_column_int64(st, 0), "name", db_text(st, 1),
	    "description", db_text(st, 2), "portal", sqlite3_column_int(st, 3));
}

enum hd_status
store_ptype_insert(struct db_conn *c, int64_t org_id, const char *name,
    const char *description, bool portal, const int64_t *role_ids, size_t n,
    int64_t *id)
{
	enum hd_status s;

	s = db_int(c, id,
	    "INSERT INTO process_types(org_id, name, description, portal) "
	    "VALUES (?, ?, ?, ?) RETURNING id",
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
	int64_t por = portal ? *portal : -1, found;
	enum hd_status s;

	s = db_int(c, &found,
	    "UPDATE process_types SET name = coalesce(?1, name), "
	    "description = coalesce(?2, description), "
	    "portal = CASE ?3 WHEN -1 THEN portal ELSE ?3 END "
	    "WHERE org_id = ?4 AND id = ?5 RETURNING id",
	    "ttiii", name, description, por, org_id, id);
	if (s != HD_OK || role_ids == NULL)
		return s;
	return set_roles(c, org_id, id, role_ids, n);
}

json_t *
store_ptype_json(
    struct db_conn *c, int64_t org_id, int64_t id, bool for_contact)
{
	sqlite3_stmt *st;
	json_t *j = NULL;

	st = db_stmt(c, "SELECT id, name, description, portal "
			"FROM process_types WHERE org_id = ?1 AND id = ?2 "
			"AND (?3 = 0 OR portal = 1)");
	if (st == NULL)
		return NULL;
	db_bind(st, "iib", org_id, id, (int)for_contact);
	if (sqlite3_step(st) == SQLITE_ROW)
		j = ptype_row(st);
	db_done(st);
	/* Contacts need not know the internal roles. */
	if (j != NULL && !for_contact && add_roles(c, j, id) != HD_OK) {
		json_decref(j);
		j = NULL;
	}
	return j;
}

json_t *
store_ptype_list(struct db_conn *c, int64_t org_id, bool for_contact,
    int64_t cursor, int limit, int64_t *next)
{
	sqlite3_stmt *st;
	json_t *items = json_array(), *j;
	int n = 0, rc = SQLITE_DONE;
	size_t i;

	*next = 0;
	st = db_stmt(c, "SELECT id, name, description, portal "
			"FROM process_types WHERE org_id = ?1 "
			"AND (?2 = 0 OR portal = 1) AND id > ?3 "
			"ORDER BY id LIMIT ?4");
	if (st == NULL || items == NULL) {
		json_decref(items);
		return NULL;
	}
	db_bind(
	    st, "ibii", org_id, (int)for_contact, cursor, (int64_t)limit + 1);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n++ == limit)
			break;
		*next = sqlite3_column_int64(st, 0);
		json_array_append_new(items, ptype_row(st));
	}
	db_done(st);
	if (n <= limit)
		*next = 0;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		goto fail;
	json_array_foreach(items, i, j)
	{
		int64_t id = json_integer_value(json_object_get(j, "id"));

		if (!for_contact && add_roles(c, j, id) != HD_OK)
			goto fail;
	}
	return items;
fail:
	json_decref(items);
	return NULL;
}
