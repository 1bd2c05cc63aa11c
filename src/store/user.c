/* SPDX-License-Identifier: MIT */
#include "store/user.h"

#include "util/str.h"

#define USER_COLS STORE_USER_COLS("")

void
store_user_row(sqlite3_stmt *st, struct store_user *u)
{
	u->id = sqlite3_column_int64(st, 0);
	u->org_id = sqlite3_column_int64(st, 1);
	u->is_employee = sqlite3_column_int(st, 2);
	u->is_admin = sqlite3_column_int(st, 3);
	u->active = sqlite3_column_int(st, 4);
	u->has_password = sqlite3_column_int(st, 5);
	hd_strlcpy(u->name, db_text(st, 6), sizeof(u->name));
	hd_strlcpy(u->email, db_text(st, 7), sizeof(u->email));
	hd_strlcpy(u->password_hash, db_text(st, 8), sizeof(u->password_hash));
}

static enum hd_status
read_user(struct db_conn *c, sqlite3_stmt *st, struct store_user *u)
{
	int rc = sqlite3_step(st);
	enum hd_status s;

	if (rc == SQLITE_ROW) {
		store_user_row(st, u);
		s = HD_OK;
	} else {
		s = rc == SQLITE_DONE ? HD_ENOTFOUND : db_status(c, rc);
	}
	db_done(st);
	return s;
}

enum hd_status
store_user_get(struct db_conn *c, int64_t id, struct store_user *out)
{
	sqlite3_stmt *st =
	    db_stmt(c, "SELECT " USER_COLS "FROM users WHERE id = ?");

	if (st == NULL)
		return HD_EIO;
	db_bind(st, "i", id);
	return read_user(c, st, out);
}

enum hd_status
store_user_by_email(
    struct db_conn *c, const char *email, struct store_user *out)
{
	sqlite3_stmt *st = db_stmt(
	    c, "SELECT " USER_COLS "FROM users WHERE email = ? ORDER BY id");

	if (st == NULL)
		return HD_EIO;
	db_bind(st, "t", email);
	return read_user(c, st, out);
}

enum hd_status
store_user_by_address(struct db_conn *c, const char *email, int64_t org_id,
    bool with_password, struct store_user *out, size_t max, size_t *n)
{
	sqlite3_stmt *st;
	int rc;

	*n = 0;
	st = db_stmt(c, "SELECT " USER_COLS "FROM users WHERE email = ?1 "
			"AND (?2 = 0 OR org_id = ?2) "
			"AND (?3 = 0 OR password_hash IS NOT NULL) "
			"ORDER BY id LIMIT ?4");
	if (st == NULL)
		return HD_EIO;
	db_bind(st, "tibi", email, org_id, (int)with_password, (int64_t)max);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < max)
		store_user_row(st, &out[(*n)++]);
	db_done(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? HD_OK : db_status(c, rc);
}

enum hd_status
store_user_set_password(struct db_conn *c, int64_t id, const char *hash)
{
	return db_exec(c, "UPDATE users SET password_hash = ? WHERE id = ?",
	    "ti", hash, id);
}

enum hd_status
store_employee_insert(struct db_conn *c, int64_t org_id, const char *name,
    const char *email, bool is_admin, int64_t *id)
{
	return db_int(c, id,
	    "INSERT INTO users(org_id, kind, name, email, is_admin, "
	    "created_at) VALUES (?, 'employee', ?, ?, ?, "
	    "strftime('%s','now')) RETURNING id",
	    "ittb", org_id, name, email, (int)is_admin);
}

static json_t *
employee_row(sqlite3_stmt *st)
{
	const char *status = !sqlite3_column_int(st, 4)	  ? "inactive"
			     : !sqlite3_column_int(st, 5) ? "invited"
							  : "active";

	return json_pack("{s:I,s:s,s:s,s:b,s:b,s:s}", "id",
	    (json_int_t)sqlite3_column_int64(st, 0), "name", db_text(st, 1),
	    "email", db_text(st, 2), "is_admin", sqlite3_column_int(st, 3),
	    "active", sqlite3_column_int(st, 4), "status", status);
}

json_t *
store_employee_json(struct db_conn *c, int64_t org_id, int64_t id)
{
	sqlite3_stmt *st;
	json_t *j = NULL;

	st = db_stmt(c, "SELECT id, name, email, is_admin, active, "
			"password_hash IS NOT NULL FROM users "
			"WHERE org_id = ? AND id = ? AND kind = 'employee'");
	if (st == NULL)
		return NULL;
	db_bind(st, "ii", org_id, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		j = employee_row(st);
	db_done(st);
	return j;
}

json_t *
store_employee_list(
    struct db_conn *c, int64_t org_id, int64_t cursor, int limit, int64_t *next)
{
	sqlite3_stmt *st;
	json_t *items = json_array();
	int n = 0;

	*next = 0;
	st = db_stmt(c, "SELECT id, name, email, is_admin, active, "
			"password_hash IS NOT NULL FROM users "
			"WHERE org_id = ? AND kind = 'employee' AND id > ? "
			"ORDER BY id LIMIT ?");
	if (st == NULL || items == NULL) {
		json_decref(items);
		return NULL;
	}
	db_bind(st, "iii", org_id, cursor, (int64_t)limit + 1);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (n++ == limit) {
			break;
		}
		*next = sqlite3_column_int64(st, 0);
		json_array_append_new(items, employee_row(st));
	}
	if (n <= limit)
		*next = 0;
	db_done(st);
	return items;
}

enum hd_status
store_employee_update(struct db_conn *c, int64_t org_id, int64_t id,
    const char *name, const bool *is_admin, const bool *active)
{
	/* -1 keeps the column as it is. */
	int64_t adm = is_admin ? *is_admin : -1, act = active ? *active : -1;
	int64_t found;

	return db_int(c, &found,
	    "UPDATE users SET name = coalesce(?1, name), "
	    "is_admin = CASE ?2 WHEN -1 THEN is_admin ELSE ?2 END, "
	    "active = CASE ?3 WHEN -1 THEN active ELSE ?3 END "
	    "WHERE org_id = ?4 AND id = ?5 AND kind = 'employee' RETURNING id",
	    "tiiii", name, adm, act, org_id, id);
}

enum hd_status
store_org_name(struct db_conn *c, int64_t org_id, char *buf, size_t n)
{
	sqlite3_stmt *st = db_stmt(c, "SELECT name FROM orgs WHERE id = ?");
	enum hd_status s = HD_ENOTFOUND;

	if (st == NULL)
		return HD_EIO;
	db_bind(st, "i", org_id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		hd_strlcpy(buf, db_text(st, 0), n);
		s = HD_OK;
	}
	db_done(st);
	return s;
}
