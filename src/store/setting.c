/* SPDX-License-Identifier: MIT */
#include "store/setting.h"

#include "store/page.h"
#include "store/user.h"
#include "util/clock.h"

static json_t *
settings_row(struct db_stmt *st)
{
	return json_pack("{s:o}", "fallback_role_id", store_col_id(st, 0));
}

enum hd_status
store_settings_json(struct db_conn *c, int64_t org_id, json_t **out)
{
	struct db_stmt *st =
	    db_prepare(c, "SELECT fallback_role_id FROM orgs WHERE id = ?");

	db_bind(st, "i", org_id);
	return store_one(st, settings_row, out);
}

enum hd_status
store_settings_set_fallback(struct db_conn *c, int64_t org_id, int64_t role_id)
{
	int64_t found;
	enum hd_status st;

	if (role_id != 0) {
		st = db_scalar(c, &found,
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
	st = db_scalar(
	    c, org_id, "SELECT id FROM orgs WHERE name = ?", "t", name);
	if (st != HD_ENOTFOUND)
		return st; /* it exists (HD_OK), left as it is; or an error */
	st = db_insert(c, org_id,
	    "INSERT INTO orgs(name, created_at) VALUES (?, ?)", "ti", name,
	    hd_now());
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

enum hd_status
store_org_find(struct db_conn *c, const char *name, int64_t *org_id)
{
	return db_scalar(
	    c, org_id, "SELECT id FROM orgs WHERE name = ?", "t", name);
}
