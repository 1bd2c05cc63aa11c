/* SPDX-License-Identifier: MIT */
#include "store/role.h"

#include "core/assign.h"
#include "store/page.h"

/*
 * in_use of role r: everything that refers to it. The assignee check is
 * last and only runs for roles not found in use otherwise.
 */
#define ROLE_COLS                                                              \
	"r.id, r.name, r.description, r.assign, "                              \
	"CASE WHEN EXISTS (SELECT 1 FROM staff s WHERE s.role_id = r.id) "     \
	"OR EXISTS (SELECT 1 FROM process_type_roles t "                       \
	"WHERE t.role_id = r.id) "                                             \
	"OR EXISTS (SELECT 1 FROM orgs o WHERE o.id = r.org_id "               \
	"AND o.fallback_role_id = r.id) "                                      \
	"OR EXISTS (SELECT 1 FROM process_assignees a "                        \
	"WHERE a.role_id = r.id) THEN 1 ELSE 0 END "

static json_t *
role_row(struct db_stmt *st)
{
	return json_pack("{s:I,s:s,s:s,s:s,s:b}", "id",
	    (json_int_t)db_col_i64(st, 0), "name", db_col_text(st, 1),
	    "description", db_col_text(st, 2), "assign",
	    assign_mode_name((enum assign_mode)db_col_int(st, 3)), "in_use",
	    db_col_int(st, 4));
}

enum hd_status
store_role_insert(struct db_conn *c, int64_t org_id, const char *name,
    const char *description, int64_t *id)
{
	return db_insert(c, id,
	    "INSERT INTO roles(org_id, name, description) VALUES (?, ?, ?)",
	    "itt", org_id, name, description ? description : "");
}

enum hd_status
store_role_check(struct db_conn *c, int64_t org_id, int64_t id)
{
	int64_t found;

	return db_scalar(c, &found,
	    "SELECT id FROM roles WHERE id = ? AND org_id = ?", "ii", id,
	    org_id);
}

enum hd_status
store_role_json(struct db_conn *c, int64_t org_id, int64_t id, json_t **out)
{
	return store_one_of(c,
	    "SELECT " ROLE_COLS "FROM roles r WHERE r.org_id = ? AND r.id = ?",
	    org_id, id, role_row, out);
}

enum hd_status
store_role_list(struct db_conn *c, int64_t org_id, int64_t cursor, int limit,
    int64_t *next, json_t **items)
{
	struct db_stmt *st = db_prepare(c,
	    "SELECT " ROLE_COLS "FROM roles r "
	    "WHERE r.org_id = ? AND r.id > ? ORDER BY r.id LIMIT ?");

	db_bind(st, "iii", org_id, cursor, (int64_t)limit + 1);
	return store_page(st, limit, next, role_row, items);
}

enum hd_status
store_role_update(struct db_conn *c, int64_t org_id, int64_t id,
    const char *name, const char *description, const enum assign_mode *assign)
{
	/* -1 keeps the mode as it is. */
	int64_t mode = assign != NULL ? (int64_t)*assign : -1;

	return db_update_one(c,
	    "UPDATE roles SET name = coalesce(?1, name), "
	    "description = coalesce(?2, description), "
	    "assign = CASE ?5 WHEN -1 THEN assign ELSE ?5 END "
	    "WHERE org_id = ?3 AND id = ?4",
	    "ttiii", name, description, org_id, id, mode);
}

enum hd_status
store_role_delete(struct db_conn *c, int64_t org_id, int64_t id)
{
	struct db_stmt *st;
	enum hd_status s;

	st = db_prepare(c,
	    "SELECT " ROLE_COLS "FROM roles r WHERE r.org_id = ? AND r.id = ?");
	db_bind(st, "ii", org_id, id);
	if ((s = db_row(st)) == HD_OK && db_col_int(st, 4))
		s = HD_ECONFLICT;
	db_end(st);
	if (s != HD_OK)
		return s;
	return db_update_one(c, "DELETE FROM roles WHERE org_id = ? AND id = ?",
	    "ii", org_id, id);
}
