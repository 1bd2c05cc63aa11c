/* SPDX-License-Identifier: MIT */
#include "store/contact.h"

#include "store/page.h"
#include "store/property.h"
#include "store/search.h"
#include "store/token.h"
#include "util/clock.h"
#include "util/str.h"

#include <strings.h>

/* status: portal access — password set, invitation pending, or none. */
#define CONTACT_COLS                                                           \
	"u.id, u.name, u.email, u.phone, "                                     \
	"CASE WHEN u.password_hash IS NOT NULL THEN 'active' "                 \
	"WHEN EXISTS (SELECT 1 FROM user_tokens t WHERE t.user_id = u.id "     \
	"AND t.purpose = 'invite' AND t.used_at IS NULL) THEN 'invited' "      \
	"ELSE 'no_access' END "

static json_t *
contact_row(struct db_stmt *st)
{
	return json_pack("{s:I,s:s,s:o,s:o,s:s}", "id",
	    (json_int_t)db_col_i64(st, 0), "name", db_col_text(st, 1), "email",
	    store_col_text(st, 2), "phone", store_col_text(st, 3), "status",
	    db_col_text(st, 4));
}

enum hd_status
store_contact_insert(struct db_conn *c, int64_t org_id,
    const struct store_contact_in *in, int64_t *id)
{
	return db_insert(c, id,
	    "INSERT INTO users(org_id, kind, name, email, phone, created_at) "
	    "VALUES (?, 'contact', ?, ?, ?, ?)",
	    "ittti", org_id, in->name, in->email, in->phone, hd_now());
}

enum hd_status
store_contact_check(struct db_conn *c, int64_t org_id, int64_t id)
{
	int64_t found;

	return db_scalar(c, &found,
	    "SELECT id FROM users WHERE id = ? AND org_id = ? "
	    "AND kind = 'contact'",
	    "ii", id, org_id);
}

/* The e-mail address of contact id of org into buf ("" for none). */
static enum hd_status
contact_email(
    struct db_conn *c, int64_t org_id, int64_t id, char *buf, size_t n)
{
	struct db_stmt *st;

	st = db_prepare(c, "SELECT coalesce(email, '') FROM users "
			   "WHERE id = ? AND org_id = ? AND kind = 'contact'");
	db_bind(st, "ii", id, org_id);
	return store_text_read(st, buf, n);
}

enum hd_status
store_contact_update(struct db_conn *c, int64_t org_id, int64_t id,
    const struct store_contact_in *in)
{
	char old[320];
	enum hd_status s;
	int64_t k = 0;

	if ((s = contact_email(c, org_id, id, old, sizeof(old))) != HD_OK)
		return s;
	s = db_update(c, &k,
	    "UPDATE users SET name = coalesce(?1, name), "
	    "email = CASE WHEN ?2 = 1 THEN ?3 ELSE email END, "
	    "phone = CASE WHEN ?4 = 1 THEN ?5 ELSE phone END "
	    "WHERE id = ?6 AND org_id = ?7 AND kind = 'contact'",
	    "tbtbtii", in->name, (int)in->set_email, in->email,
	    (int)in->set_phone, in->phone, id, org_id);
	if (s == HD_OK && k == 0)
		s = HD_ENOTFOUND;
	if (s == HD_OK)
		s = store_search_index_reporter(c, id);
	if (s != HD_OK || !in->set_email ||
	    strcasecmp(old, in->email ? in->email : "") == 0)
		return s;
	s = db_exec(c,
	    "UPDATE user_tokens SET used_at = ? "
	    "WHERE user_id = ? AND used_at IS NULL",
	    "ii", hd_now(), id);
	if (s == HD_OK)
		s = store_session_delete_user(c, id);
	return s;
}

enum hd_status
store_contact_json(struct db_conn *c, int64_t org_id, int64_t id,
    bool residences, json_t **out)
{
	struct db_stmt *st;
	enum hd_status s;
	json_t *res;

	st = db_prepare(c, "SELECT " CONTACT_COLS "FROM users u "
			   "WHERE u.org_id = ? AND u.id = ? "
			   "AND u.kind = 'contact'");
	db_bind(st, "ii", org_id, id);
	if ((s = store_one(st, contact_row, out)) != HD_OK || !residences)
		return s;
	if ((s = store_residence_list(c, org_id, id, &res)) == HD_OK &&
	    json_object_set_new(*out, "residences", res) != 0)
		s = HD_ENOMEM;
	if (s != HD_OK) {
		json_decref(*out);
		*out = NULL;
	}
	return s;
}

enum hd_status
store_contact_list(struct db_conn *c, int64_t org_id, const char *q,
    int64_t cursor, int limit, int64_t *next, json_t **items)
{
	struct db_stmt *st;

	st = db_prepare(c,
	    "WITH q(pat) AS (SELECT " STORE_LIKE_PATTERN(
		"?2") ") "
		      "SELECT " CONTACT_COLS "FROM users u, q "
		      "WHERE u.org_id = ?1 AND u.kind = 'contact' "
		      "AND u.id > ?3 "
		      "AND (?2 IS NULL OR lower(u.name) LIKE q.pat ESCAPE '\\' "
		      "OR lower(u.email) LIKE q.pat ESCAPE '\\' "
		      "OR lower(u.phone) LIKE q.pat ESCAPE '\\') "
		      "ORDER BY u.id LIMIT ?4");
	db_bind(st, "itii", org_id, q, cursor, (int64_t)limit + 1);
	return store_page(st, limit, next, contact_row, items);
}
