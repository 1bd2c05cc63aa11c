/* SPDX-License-Identifier: MIT */
#include "store/token.h"

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
	    " expires_at) VALUES (?, ?, ?, strftime('%s','now'), ?)",
	    "titi", token_hash, user_id, csrf, expires_at);
}

enum hd_status
store_session_lookup(struct db_conn *c, const char *token_hash, int64_t now,
    struct store_user *user, int64_t *session_id, char *csrf,
    int64_t *expires_at)
{
	enum hd_status s = HD_EUNAUTH;
	sqlite3_stmt *st;

	/* One query: this runs on every request of a logged-in browser. */
	st =
	    db_stmt(c, "SELECT " STORE_USER_COLS(
			   "u.") ", s.id, s.csrf_token, s.expires_at "
				 "FROM sessions s "
				 "JOIN users u ON u.id = s.user_id "
				 "WHERE s.token_hash = ? AND s.expires_at > ?");
	if (st == NULL)
		return HD_EIO;
	db_bind(st, "ti", token_hash, now);
	if (sqlite3_step(st) == SQLITE_ROW) {
		store_user_row(st, user);
		*session_id = sqlite3_column_int64(st, STORE_USER_NCOLS);
		hd_strlcpy(
		    csrf, db_text(st, STORE_USER_NCOLS + 1), HD_TOKEN_MAX);
		if (expires_at != NULL)
			*expires_at =
			    sqlite3_column_int64(st, STORE_USER_NCOLS + 2);
		s = user->active ? HD_OK : HD_EUNAUTH;
	}
	db_done(st);
	return s;
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
	return db_int(c, id,
	    "INSERT INTO api_tokens(org_id, user_id, name, token_hash, "
	    "created_at, expires_at) VALUES (?, ?, ?, ?, "
	    "strftime('%s','now'), ?) RETURNING id",
	    "iittI", org_id, user_id, name, token_hash, expires_at);
}

enum hd_status
store_apitoken_lookup(struct db_conn *c, const char *token_hash, int64_t now,
    struct store_user *user, int64_t *id, int64_t *expires_at)
{
	enum hd_status s = HD_EUNAUTH;
	sqlite3_stmt *st;

	st = db_stmt(c,
	    "SELECT " STORE_USER_COLS(
		"u.") ", t.id, coalesce(t.expires_at, 0) "
		      "FROM api_tokens t JOIN users u ON u.id = t.user_id "
		      "WHERE t.token_hash = ?1 "
		      "AND (t.expires_at IS NULL OR t.expires_at > ?2)");
	if (st == NULL)
		return HD_EIO;
	db_bind(st, "ti", token_hash, now);
	if (sqlite3_step(st) == SQLITE_ROW) {
		store_user_row(st, user);
		if (id != NULL)
			*id = sqlite3_column_int64(st, STORE_USER_NCOLS);
		if (expires_at != NULL) {
			*expires_at =
			    sqlite3_column_int64(st, STORE_USER_NCOLS + 1);
			if (*expires_at == 0)
				*expires_at = INT64_MAX;
		}
		s = user->active ? HD_OK : HD_EUNAUTH;
	}
	db_done(st);
	return s;
}

#define APITOKEN_COLS                                                          \
	"t.id, t.name, t.user_id, u.name, t.created_at, t.expires_at, "        \
	"g.last_used_at FROM api_tokens t JOIN users u ON u.id = t.user_id "   \
	"LEFT JOIN api_token_use g ON g.token_id = t.id "

/* A time column as RFC 3339, or null. */
static json_t *
time_or_null(sqlite3_stmt *st, int col)
{
	return sqlite3_column_type(st, col) == SQLITE_NULL
		   ? json_null()
		   : hd_json_time(sqlite3_column_int64(st, col));
}

static json_t *
apitoken_row(sqlite3_stmt *st)
{
	return json_pack("{s:I,s:s,s:{s:I,s:s},s:o,s:o,s:o}", "id",
	    (json_int_t)sqlite3_column_int64(st, 0), "name", db_text(st, 1),
	    "user", "id", (json_int_t)sqlite3_column_int64(st, 2), "name",
	    db_text(st, 3), "created_at", time_or_null(st, 4), "expires_at",
	    time_or_null(st, 5), "last_used_at", time_or_null(st, 6));
}

json_t *
store_apitoken_list(
    struct db_conn *c, int64_t org_id, int64_t cursor, int limit, int64_t *next)
{
	sqlite3_stmt *st;
	json_t *items = json_array();
	int n = 0;

	*next = 0;
	st =
	    db_stmt(c, "SELECT " APITOKEN_COLS
		       "WHERE t.org_id = ? AND t.id > ? ORDER BY t.id LIMIT ?");
	if (st == NULL || items == NULL) {
		json_decref(items);
		return NULL;
	}
	db_bind(st, "iii", org_id, cursor, (int64_t)limit + 1);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (n++ == limit)
			break;
		*next = sqlite3_column_int64(st, 0);
		json_array_append_new(items, apitoken_row(st));
	}
	if (n <= limit)
		*next = 0;
	db_done(st);
	return items;
}

json_t *
store_apitoken_json(struct db_conn *c, int64_t org_id, int64_t id)
{
	sqlite3_stmt *st;
	json_t *j = NULL;

	st = db_stmt(
	    c, "SELECT " APITOKEN_COLS "WHERE t.org_id = ? AND t.id = ?");
	if (st == NULL)
		return NULL;
	db_bind(st, "ii", org_id, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		j = apitoken_row(st);
	db_done(st);
	return j;
}

enum hd_status
store_apitoken_delete(struct db_conn *c, int64_t org_id, int64_t id)
{
	int64_t found;

	return db_int(c, &found,
	    "DELETE FROM api_tokens WHERE id = ? AND org_id = ? RETURNING id",
	    "ii", id, org_id);
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
	    "ON CONFLICT(token_id) DO UPDATE SET "
	    "last_used_at = max(last_used_at, excluded.last_used_at)",
	    "ii", id, t);
}

enum hd_status
store_usertoken_create(struct db_conn *c, int64_t user_id, const char *purpose,
    const char *token_hash, int64_t expires_at)
{
	enum hd_status s;

	s = db_exec(c,
	    "UPDATE user_tokens SET used_at = strftime('%s','now') "
	    "WHERE user_id = ? AND purpose = ? AND used_at IS NULL",
	    "it", user_id, purpose);
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
	sqlite3_stmt *st;
	enum hd_status s = HD_EBADTOKEN;
	int64_t id = 0;

	st =
	    db_stmt(c, "SELECT id, user_id, expires_at, used_at IS NOT NULL "
		       "FROM user_tokens WHERE token_hash = ? AND purpose = ?");
	if (st == NULL)
		return HD_EIO;
	db_bind(st, "tt", token_hash, purpose);
	if (sqlite3_step(st) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		*user_id = sqlite3_column_int64(st, 1);
		if (sqlite3_column_int(st, 3) ||
		    sqlite3_column_int64(st, 2) <= now)
			s = HD_EGONE;
		else
			s = HD_OK;
	}
	db_done(st);
	if (s != HD_OK)
		return s;
	return db_exec(c, "UPDATE user_tokens SET used_at = ? WHERE id = ?",
	    "ii", now, id);
}
