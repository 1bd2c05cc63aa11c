/* SPDX-License-Identifier: MIT */
#include "store/role.h"

/*
 * in_use of role r: everything that refers to it. The assignee check is
 * last and only runs for roles not found in use otherwise: it has no
 * index on role_id to use.
 */
#define ROLE_COLS                                                              \
	"r.id, r.name, r.description, "                                        \
	"(EXISTS (SELECT 1 FROM staff s WHERE s.role_id = r.id) "              \
	"OR EXISTS (SELECT 1 FROM process_type_roles t "                       \
	"WHERE t.role_id = r.id) "                                             \
	"OR EXISTS (SELECT 1 FROM orgs o WHERE o.id = r.org_id "               \
	"AND o.fallback_role_id = r.id) "                                      \
	"OR EXISTS (SELECT 1 FROM process_assignees a "                        \
	"WHERE a.role_id = r.id)) "

static json_t *
role_row(sqlite3_stmt *st)
{
	return json_pack("{s:I,s:s,s:s,s:b}", "id",
	    (json_int_t)sqlite3_column_int64(st, 0), "name", db_text(st, 1),
	    "description", db_text(st, 2), "in_use", sqlite3_column_int(st, 3));
}

enum hd_status
store_role_insert(struct db_conn *c, int64_t org_id, const char *name,
    const char *description, int64_t *id)
{
	return db_int(c, id,
	    "INSERT INTO roles(org_id, name, description) VALUES (?, ?, ?) "
	    "RETURNING id",
	    "itt", org_id, name, description ? description : "");
}

enum hd_status
store_role_check(struct db_conn *c, int64_t org_id, int64_t id)
{
	int64_t found;

	return db_int(c, &found,
	    "SELECT id FROM roles WHERE id = ? AND org_id = ?", "ii", id,
	    org_id);
}

json_t *
store_role_json(struct db_conn *c, int64_t org_id, int64_t id)
{
	sqlite3_stmt *st;
	json_t *j = NULL;

	st = db_stmt(c,
	    "SELECT " ROLE_COLS "FROM roles r WHERE r.org_id = ? AND r.id = ?");
	if (st == NULL)
		return NULL;
	db_bind(st, "ii", org_id, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		j = role_row(st);
	db_done(st);
	return j;
}

json_t *
store_role_list(
    struct db_conn *c, int64_t org_id, int64_t cursor, int limit, int64_t *next)
{
	sqlite3_stmt *st;
	json_t *items = json_array();
	int n = 0;

	*next = 0;
	st =
	    db_stmt(c, "SELECT " ROLE_COLS "FROM roles r "
		       "WHERE r.org_id = ? AND r.id > ? ORDER BY r.id LIMIT ?");
	if (st == NULL || items == NULL) {
		json_decref(items);
		return NULL;
	}
	db_bind(st, "iii", org_id, cursor, (int64_t)limit + 1);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (n++ == limit)
			break;
		*next = sqlite3_column_int64(st, 0);
		json_array_append_new(items, role_row(st));
	}
	if (n <= limit)
		*next = 0;
	db_done(st);
	return items;
}

enum hd_status
store_role_update(struct db_conn *c, int64_t org_id, int64_t id,
    const char *name, const char *description)
{
	int64_t found;

	return db_int(c, &found,
	    "UPDATE roles SET name = coalesce(?1, name), "
	    "description = coalesce(?2, description) "
	    "WHERE org_id = ?3 AND id = ?4 RETURNING id",
	    "ttii", name, description, org_id, id);
}

enum hd_status
store_role_delete(struct db_conn *c, int64_t org_id, int64_t id)
{
	sqlite3_stmt *st;
	enum hd_status s;
	int64_t found;
	int rc;

	st = db_stmt(c,
	    "SELECT " ROLE_COLS "FROM roles r WHERE r.org_id = ? AND r.id = ?");
	if (st == NULL)
		return HD_EIO;
	db_bind(st, "ii", org_id, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		s = sqlite3_column_int(st, 3) ? HD_ECONFLICT : HD_OK;
	else
		s = rc == SQLITE_DONE ? HD_ENOTFOUND : db_status(c, rc);
	db_done(st);
	if (s != HD_OK)
		return s;
	return db_int(c, &found,
	    "DELETE FROM roles WHERE org_id = ? AND id = ? RETURNING id", "ii",
	    org_id, id);
}
