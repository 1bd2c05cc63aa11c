/* SPDX-License-Identifier: MIT */
#include "store/token.h"

#include "store/page.h"
#include "util/clock.h"
#include "util/jsonx.h"
#include "util/rand.h"
#include "util/str.h"

#include <stdint.h>

enum hd_status
store_session_create(struct db_conn *c, int64_t user_id, const char *token_hash,
    const char *csrf, int64_t expires_at)
{
	return db_exec(c,
	    "INSERT INTO sessions(token_hash, user_id, csrf_token, created_at,"
	    " expires_at) VALUES (?, ?, ?, ?, ?)",
	    "titii", token_hash, user_id, csrf, hd_now(), expires_at);
}

/* A found credential's status: HD_EUNAUTH for an inactive user. */
static enum hd_status
found(enum hd_status s, const struct store_user *u)
{
	if (s == HD_ENOTFOUND || (s == HD_OK && !u->active))
		return HD_EUNAUTH;
	return s;
}

enum hd_status
store_session_lookup(struct db_conn *c, const char *token_hash, int64_t now,
    struct store_user *user, int64_t *session_id, char *csrf,
    int64_t *expires_at)
{
	struct db_stmt *st;
	enum hd_status s;

	/* One query: this runs on every request of a logged-in browser. */
	st = db_prepare(c,
	    "SELECT " STORE_USER_COLS(
		"u.") ", s.id, s.csrf_token, s.expires_at "
		      "FROM sessions s "
		      "JOIN users u ON u.id = s.user_id "
		      "WHERE s.token_hash = ? AND s.expires_at > ?");
	db_bind(st, "ti", token_hash, now);
	if ((s = db_row(st)) == HD_OK) {
		store_user_row(st, user);
		*session_id = db_col_i64(st, STORE_USER_NCOLS);
		hd_strlcpy(
		    csrf, db_col_text(st, STORE_USER_NCOLS + 1), HD_TOKEN_MAX);
		if (expires_at != NULL)
			*expires_at = db_col_i64(st, STORE_USER_NCOLS + 2);
	}
	db_end(st);
	return found(s, user);
}

enum hd_status
store_session_delete(struct db_conn *c, int64_t session_id)
{
	return db_exec(c, "DELETE FROM sessions WHERE id = ?", "i", session_id);
}

enum hd_status
store_session_delete_user(struct db_conn *c, int64_t user_id)
{
	return db_exec(
	    c, "DELETE FROM sessions WHERE user_id = ?", "i", user_id);
}

enum hd_status
store_apitoken_create(struct db_conn *c, int64_t org_id, int64_t user_id,
    const char *name, const char *token_hash, int64_t expires_at, int64_t *id)
{
	return db_insert(c, id,
	    "INSERT INTO api_tokens(org_id, user_id, name, token_hash, "
	    "created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
	    "iittiI", org_id, user_id, name, token_hash, hd_now(), expires_at);
}

enum hd_status
store_apitoken_lookup(struct db_conn *c, const char *token_hash, int64_t now,
    struct store_user *user, int64_t *id, int64_t *expires_at)
{
	struct db_stmt *st;
	enum hd_status s;

	st = db_prepare(c,
	    "SELECT " STORE_USER_COLS(
		"u.") ", t.id, coalesce(t.expires_at, 0) "
		      "FROM api_tokens t JOIN users u ON u.id = t.user_id "
		      "WHERE t.token_hash = ?1 "
		      "AND (t.expires_at IS NULL OR t.expires_at > ?2)");
	db_bind(st, "ti", token_hash, now);
	if ((s = db_row(st)) == HD_OK) {
		store_user_row(st, user);
		if (id != NULL)
			*id = db_col_i64(st, STORE_USER_NCOLS);
		if (expires_at != NULL) {
			*expires_at = db_col_i64(st, STORE_USER_NCOLS + 1);
			if (*expires_at == 0)
				*expires_at = INT64_MAX;
		}
	}
	db_end(st);
	return found(s, user);
}

#define APITOKEN_COLS                                                          \
	"t.id, t.name, t.user_id, u.name, t.created_at, t.expires_at, "        \
	"g.last_used_at FROM api_tokens t JOIN users u ON u.id = t.user_id "   \
	"LEFT JOIN api_token_use g ON g.token_id = t.id "

static json_t *
apitoken_row(struct db_stmt *st)
{
	return json_pack("{s:I,s:s,s:{s:I,s:s},s:o,s:o,s:o}", "id",
	    (json_int_t)db_col_i64(st, 0), "name", db_col_text(st, 1), "user",
	    "id", (json_int_t)db_col_i64(st, 2), "name", db_col_text(st, 3),
	    "created_at", store_col_time(st, 4, 1), "expires_at",
	    store_col_time(st, 5, 1), "last_used_at", store_col_time(st, 6, 1));
}

enum hd_status
store_apitoken_list(struct db_conn *c, int64_t org_id, int64_t cursor,
    int limit, int64_t *next, json_t **items)
{
	struct db_stmt *st;

	st = db_prepare(c,
	    "SELECT " APITOKEN_COLS
	    "WHERE t.org_id = ? AND t.id > ? ORDER BY t.id LIMIT ?");
	db_bind(st, "iii", org_id, cursor, (int64_t)limit + 1);
	return store_page(st, limit, next, apitoken_row, items);
}

enum hd_status
store_apitoken_json(struct db_conn *c, int64_t org_id, int64_t id, json_t **out)
{
	return store_one_of(c,
	    "SELECT " APITOKEN_COLS "WHERE t.org_id = ? AND t.id = ?", org_id,
	    id, apitoken_row, out);
}

enum hd_status
store_apitoken_delete(struct db_conn *c, int64_t org_id, int64_t id)
{

	return db_update_one(c,
	    "DELETE FROM api_tokens WHERE id = ? AND org_id = ?", "ii", id,
	    org_id);
}

enum hd_status
store_apitoken_delete_user(struct db_conn *c, int64_t user_id)
{
	return db_exec(
	    c, "DELETE FROM api_tokens WHERE user_id = ?", "i", user_id);
}

enum hd_status
store_apitoken_touch(struct db_conn *c, int64_t id, int64_t t)
{
	return db_exec(c,
	    "INSERT INTO api_token_use(token_id, last_used_at) "
	    "SELECT id, ?2 FROM api_tokens WHERE id = ?1 "
	    "ON CONFLICT(token_id) DO UPDATE SET last_used_at = CASE WHEN "
	    "excluded.last_used_at > api_token_use.last_used_at THEN "
	    "excluded.last_used_at ELSE api_token_use.last_used_at END",
	    "ii", id, t);
}

enum hd_status
store_usertoken_create(struct db_conn *c, int64_t user_id, const char *purpose,
    const char *token_hash, int64_t expires_at)
{
	enum hd_status s;

	s = db_exec(c,
	    "UPDATE user_tokens SET used_at = ? "
	    "WHERE user_id = ? AND purpose = ? AND used_at IS NULL",
	    "iit", hd_now(), user_id, purpose);
	if (s != HD_OK)
		return s;
	return db_exec(c,
	    "INSERT INTO user_tokens(user_id, purpose, token_hash, expires_at)"
	    " VALUES (?, ?, ?, ?)",
	    "itti", user_id, purpose, token_hash, expires_at);
}

enum hd_status
store_usertoken_consume(struct db_conn *c, const char *purpose,
    const char *token_hash, int64_t now, int64_t *user_id)
{
	struct db_stmt *st;
	enum hd_status s;
	int64_t id = 0;

	st = db_prepare(c, "SELECT id, user_id, expires_at, CASE WHEN used_at "
			   "IS NOT NULL THEN 1 ELSE 0 END FROM user_tokens "
			   "WHERE token_hash = ? AND purpose = ?");
	db_bind(st, "tt", token_hash, purpose);
	if ((s = db_row(st)) == HD_OK) {
		id = db_col_i64(st, 0);
		*user_id = db_col_i64(st, 1);
		if (db_col_int(st, 3) || db_col_i64(st, 2) <= now)
			s = HD_EGONE;
	} else if (s == HD_ENOTFOUND) {
		s = HD_EBADTOKEN;
	}
	db_end(st);
	if (s != HD_OK)
		return s;
	return db_exec(c, "UPDATE user_tokens SET used_at = ? WHERE id = ?",
	    "ii", now, id);
}
