/* SPDX-License-Identifier: MIT */
#include "store/contact.h"

#include "store/property.h"
#include "store/token.h"
#include "util/jsonx.h"
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
contact_row(sqlite3_stmt *st)
{
	return json_pack("{s:I,s:s,s:o,s:o,s:s}", "id",
	    (json_int_t)sqlite3_column_int64(st, 0), "name", db_text(st, 1),
	    "email",
	    hd_json_str_or_null((const char *)sqlite3_column_text(st, 2)),
	    "phone",
	    hd_json_str_or_null((const char *)sqlite3_column_text(st, 3)),
	    "status", db_text(st, 4));
}

enum hd_status
store_contact_insert(struct db_conn *c, int64_t org_id,
    const struct store_contact_in *in, int64_t *id)
{
	return db_int(c, id,
	    "INSERT INTO users(org_id, kind, name, email, phone, created_at) "
	    "VALUES (?, 'contact', ?, ?, ?, strftime('%s','now')) "
	    "RETURNING id",
	    "ittt", org_id, in->name, in->email, in->phone);
}

enum hd_status
store_contact_check(struct db_conn *c, int64_t org_id, int64_t id)
{
	int64_t found;

	return db_int(c, &found,
	    "SELECT id FROM users WHERE id = ? AND org_id = ? "
	    "AND kind = 'contact'",
	    "ii", id, org_id);
}

/* The e-mail address of contact id of org into buf ("" for none). */
static enum hd_status
contact_email(
    struct db_conn *c, int64_t org_id, int64_t id, char *buf, size_t n)
{
	sqlite3_stmt *st;
	enum hd_status s;
	int rc;

	st = db_stmt(c, "SELECT coalesce(email, '') FROM users "
			"WHERE id = ? AND org_id = ? AND kind = 'contact'");
	if (st == NULL)
		return HD_EIO;
	db_bind(st, "ii", id, org_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		hd_strlcpy(buf, db_text(st, 0), n);
		s = HD_OK;
	} else {
		s = rc == SQLITE_DONE ? HD_ENOTFOUND : db_status(c, rc);
	}
	db_done(st);
	return s;
}

enum hd_status
store_contact_update(struct db_conn *c, int64_t org_id, int64_t id,
    const struct store_contact_in *in)
{
	char old[320];
	enum hd_status s;
	int64_t found;

	if ((s = contact_email(c, org_id, id, old, sizeof(old))) != HD_OK)
		return s;
	s = db_int(c, &found,
	    "UPDATE users SET name = coalesce(?1, name), "
	    "email = CASE WHEN ?2 THEN ?3 ELSE email END, "
	    "phone = CASE WHEN ?4 THEN ?5 ELSE phone END "
	    "WHERE id = ?6 AND org_id = ?7 AND kind = 'contact' RETURNING id",
	    "tbtbtii", in->name, (int)in->set_email, in->email,
	    (int)in->set_phone, in->phone, id, org_id);
	if (s != HD_OK || !in->set_email ||
	    strcasecmp(old, in->email ? in->email : "") == 0)
		return s;
	s = db_exec(c,
	    "UPDATE user_tokens SET used_at = strftime('%s','now') "
	    "WHERE user_id = ? AND used_at IS NULL",
	    "i", id);
	if (s == HD_OK)
		s = store_session_delete_user(c, id);
	return s;
}

json_t *
store_contact_json(
    struct db_conn *c, int64_t org_id, int64_t id, bool residences)
{
	sqlite3_stmt *st;
	json_t *j = NULL, *res;

	st = db_stmt(c,
	    "SELECT " CONTACT_COLS "FROM users u "
	    "WHERE u.org_id = ? AND u.id = ? AND u.kind = 'contact'");
	if (st == NULL)
		return NULL;
	db_bind(st, "ii", org_id, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		j = contact_row(st);
	db_done(st);
	if (j == NULL || !residences)
		return j;
	res = store_residence_list(c, org_id, id);
	if (res == NULL || json_object_set_new(j, "residences", res) != 0) {
		json_decref(j);
		return NULL;
	}
	return j;
}

json_t *
store_contact_list(struct db_conn *c, int64_t org_id, const char *q,
    int64_t cursor, int limit, int64_t *next)
{
	sqlite3_stmt *st;
	json_t *items = json_array();
	int n = 0;

	*next = 0;
	st = db_stmt(c,
	    "WITH q(pat) AS (SELECT " STORE_LIKE_PATTERN(
		"?2") ") "
		      "SELECT " CONTACT_COLS "FROM users u, q "
		      "WHERE u.org_id = ?1 AND u.kind = 'contact' "
		      "AND u.id > ?3 "
		      "AND (?2 IS NULL OR u.name LIKE q.pat ESCAPE '\\' "
		      "OR u.email LIKE q.pat ESCAPE '\\' "
		      "OR u.phone LIKE q.pat ESCAPE '\\') "
		      "ORDER BY u.id LIMIT ?4");
	if (st == NULL || items == NULL) {
		json_decref(items);
		return NULL;
	}
	db_bind(st, "itii", org_id, q, cursor, (int64_t)limit + 1);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (n++ == limit)
			break;
		*next = sqlite3_column_int64(st, 0);
		json_array_append_new(items, contact_row(st));
	}
	if (n <= limit)
		*next = 0;
	db_done(st);
	return items;
}
