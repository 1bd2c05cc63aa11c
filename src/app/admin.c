/* SPDX-License-Identifier: MIT */
/* Changes to an organisation's own data (admin.h): one job each. */
#include "app/admin.h"

#include "db/db.h"
#include "store/outbox.h"
#include "store/ptype.h"
#include "store/role.h"
#include "store/setting.h"
#include "store/token.h"
#include "store/user.h"
#include "util/clock.h"

enum hd_status
app_property_add(
    int64_t org_id, const struct store_property_in *in, int64_t *id)
{
	struct db_conn *c;

	if ((c = db_writer_acquire()) == NULL)
		return HD_EIO;
	return db_writer_release(c, store_property_insert(c, org_id, in, id));
}

enum hd_status
app_property_change(int64_t org_id, int64_t id,
    const struct store_property_in *in, bool set_external_id)
{
	struct db_conn *c;

	if ((c = db_writer_acquire()) == NULL)
		return HD_EIO;
	return db_writer_release(
	    c, store_property_update(c, org_id, id, in, set_external_id));
}

enum hd_status
app_unit_add(int64_t org_id, int64_t property_id, const char *label,
    const char *kind, int64_t *id)
{
	struct db_conn *c;

	if ((c = db_writer_acquire()) == NULL)
		return HD_EIO;
	return db_writer_release(
	    c, store_unit_insert(c, org_id, property_id, label, kind, id));
}

enum hd_status
app_staff_add(int64_t org_id, int64_t property_id, int64_t employee_id,
    int64_t role_id, int64_t *id, const char **field)
{
	struct db_conn *c;

	if ((c = db_writer_acquire()) == NULL)
		return HD_EIO;
	return db_writer_release(c, store_staff_insert(c, org_id, property_id,
					employee_id, role_id, id, field));
}

enum hd_status
app_staff_remove(int64_t org_id, int64_t property_id, int64_t id)
{
	struct db_conn *c;

	if ((c = db_writer_acquire()) == NULL)
		return HD_EIO;
	return db_writer_release(
	    c, store_staff_delete(c, org_id, property_id, id));
}

enum hd_status
app_resident_add(int64_t org_id, int64_t property_id, int64_t contact_id,
    int64_t unit_id, const char *relation, int64_t *id, const char **field)
{
	struct db_conn *c;

	if ((c = db_writer_acquire()) == NULL)
		return HD_EIO;
	return db_writer_release(
	    c, store_resident_insert(c, org_id, property_id, contact_id,
		   unit_id, relation, id, field));
}

enum hd_status
app_role_add(int64_t org_id, const char *name, const char *description,
    const enum assign_mode *assign, int64_t *id)
{
	struct db_conn *c;
	enum hd_status st;

	if ((c = db_writer_acquire()) == NULL)
		return HD_EIO;
	st = store_role_insert(c, org_id, name, description, id);
	if (st == HD_OK && assign != NULL)
		st = store_role_update(c, org_id, *id, NULL, NULL, assign);
	return db_writer_release(c, st);
}

enum hd_status
app_role_change(int64_t org_id, int64_t id, const char *name,
    const char *description, const enum assign_mode *assign)
{
	struct db_conn *c;

	if ((c = db_writer_acquire()) == NULL)
		return HD_EIO;
	return db_writer_release(
	    c, store_role_update(c, org_id, id, name, description, assign));
}

enum hd_status
app_role_remove(int64_t org_id, int64_t id)
{
	struct db_conn *c;

	if ((c = db_writer_acquire()) == NULL)
		return HD_EIO;
	return db_writer_release(c, store_role_delete(c, org_id, id));
}

enum hd_status
app_ptype_add(int64_t org_id, const char *name, const char *description,
    bool portal, const int64_t *role_ids, size_t n,
    const int64_t *response_hours, int64_t *id)
{
	struct db_conn *c;
	enum hd_status st;

	if ((c = db_writer_acquire()) == NULL)
		return HD_EIO;
	st = store_ptype_insert(
	    c, org_id, name, description, portal, role_ids, n, id);
	if (st == HD_OK && response_hours != NULL)
		st = store_ptype_set_response_hours(
		    c, org_id, *id, *response_hours);
	return db_writer_release(c, st);
}

enum hd_status
app_ptype_change(int64_t org_id, int64_t id, const char *name,
    const char *description, const bool *portal, const int64_t *role_ids,
    size_t n, const int64_t *response_hours)
{
	struct db_conn *c;
	enum hd_status st;

	if ((c = db_writer_acquire()) == NULL)
		return HD_EIO;
	st = store_ptype_update(
	    c, org_id, id, name, description, portal, role_ids, n);
	if (st == HD_OK && response_hours != NULL)
		st = store_ptype_set_response_hours(
		    c, org_id, id, *response_hours);
	return db_writer_release(c, st);
}

enum hd_status
app_contact_add(int64_t org_id, const struct store_contact_in *in, int64_t *id)
{
	struct db_conn *c;

	if ((c = db_writer_acquire()) == NULL)
		return HD_EIO;
	return db_writer_release(c, store_contact_insert(c, org_id, in, id));
}

enum hd_status
app_contact_change(
    int64_t org_id, int64_t id, const struct store_contact_in *in)
{
	struct db_conn *c;

	if ((c = db_writer_acquire()) == NULL)
		return HD_EIO;
	return db_writer_release(c, store_contact_update(c, org_id, id, in));
}

enum hd_status
app_employee_change(int64_t org_id, int64_t id, const char *name,
    const bool *is_admin, const bool *active)
{
	struct db_conn *c;
	enum hd_status st;

	if ((c = db_writer_acquire()) == NULL)
		return HD_EIO;
	st = store_employee_update(c, org_id, id, name, is_admin, active);
	if (st == HD_OK && active != NULL && !*active)
		st = store_session_delete_user(c, id);
	if (st == HD_OK && active != NULL && !*active)
		st = store_apitoken_delete_user(c, id);
	return db_writer_release(c, st);
}

enum hd_status
app_settings_set_fallback(int64_t org_id, int64_t role_id)
{
	struct db_conn *c;

	if ((c = db_writer_acquire()) == NULL)
		return HD_EIO;
	return db_writer_release(
	    c, store_settings_set_fallback(c, org_id, role_id));
}

enum hd_status
app_apitoken_add(int64_t org_id, int64_t user_id, const char *name,
    int64_t expires_at, const char *scope, char token[HD_TOKEN_MAX],
    int64_t *id)
{
	char hash[HD_HASH_MAX];
	struct db_conn *c;

	hd_token_new(token);
	hd_token_hash(token, hash);
	if ((c = db_writer_acquire()) == NULL)
		return HD_EIO;
	return db_writer_release(c, store_apitoken_create(c, org_id, user_id,
					name, hash, expires_at, scope, id));
}

enum hd_status
app_apitoken_revoke(int64_t org_id, int64_t id)
{
	struct db_conn *c;

	if ((c = db_writer_acquire()) == NULL)
		return HD_EIO;
	return db_writer_release(c, store_apitoken_delete(c, org_id, id));
}

enum hd_status
app_mail_resend(int64_t org_id, int64_t id)
{
	struct db_conn *c;

	if ((c = db_writer_acquire()) == NULL)
		return HD_EIO;
	return db_writer_release(
	    c, store_outbox_resend(c, org_id, id, hd_now_ms()));
}

enum hd_status
app_mail_resend_all(int64_t org_id, int64_t *n)
{
	struct db_conn *c;

	if ((c = db_writer_acquire()) == NULL)
		return HD_EIO;
	return db_writer_release(
	    c, store_outbox_resend_all(c, org_id, hd_now_ms(), n));
}
