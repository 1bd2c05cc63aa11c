/* SPDX-License-Identifier: MIT */
#include "store/setting.h"

#include "store/user.h"

json_t *
store_settings_json(struct db_conn *c, int64_t org_id)
{
	sqlite3_stmt *st;
	json_t *j = NULL;

	st = db_stmt(c, "SELECT fallback_role_id FROM orgs WHERE id = ?");
	if (st == NULL)
		return NULL;
	db_bind(st, "i", org_id);
	if (sqlite3_step(st) == SQLITE_ROW)
		j = json_pack("{s:o}", "fallback_role_id",
		    sqlite3_column_type(st, 0) == SQLITE_NULL
			? json_null()
			: json_integer(sqlite3_column_int64(st, 0)));
	db_done(st);
	return j;
}

enum hd_status
store_settings_set_fallback(struct db_conn *c, int64_t org_id, int64_t role_id)
{
	int64_t found;
	enum hd_status st;

	if (role_id != 0) {
		st = db_int(c, &found,
		    "SELECT id FROM roles WHERE id = ? AND org_id = ?", "ii",
		    role_id, org_id);
		if (st == HD_ENOTFOUND)
			return HD_EINVAL;
		if (st != HD_OK)
			return st;
	}
	return db_exec(c, "UPDATE orgs SET fallback_role_id = ? WHERE id = ?",
	    "Ii", role_id, org_id);
}

enum hd_status
store_org_ensure(struct db_conn *c, const char *name, const char *admin_email,
    const char *admin_name, const char *password_hash, int64_t *org_id,
    bool *created)
{
	enum hd_status st;
	int64_t uid;

	*created = false;
	st = db_int(c, org_id, "SELECT id FROM orgs WHERE name = ?", "t", name);
	if (st != HD_ENOTFOUND)
		return st; /* it exists (HD_OK), left as it is; or an error */
	st = db_int(c, org_id,
	    "INSERT INTO orgs(name, created_at) VALUES (?, "
	    "strftime('%s','now')) RETURNING id",
	    "t", name);
	if (st != HD_OK)
		return st;
	st = store_employee_insert(
	    c, *org_id, admin_name, admin_email, true, &uid);
	if (st != HD_OK)
		return st;
	st = store_user_set_password(c, uid, password_hash);
	*created = st == HD_OK;
	return st;
}
