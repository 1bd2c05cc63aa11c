/* SPDX-License-Identifier: MIT */
#include "store/token.h"

#include "util/rand.h"
#include "util/str.h"

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
    const char *name, const char *token_hash, int64_t *id)
{
	return db_int(c, id,
	    "INSERT INTO api_tokens(org_id, user_id, name, token_hash, "
	    "created_at) VALUES (?, ?, ?, ?, strftime('%s','now')) "
	    "RETURNING id",
	    "iitt", org_id, user_id, name, token_hash);
}

enum hd_status
store_apitoken_lookup(
    struct db_conn *c, const char *token_hash, struct store_user *user)
{
	enum hd_status s = HD_EUNAUTH;
	sqlite3_stmt *st;

	st = db_stmt(c, "SELECT " STORE_USER_COLS(
			    "u.") "FROM api_tokens t JOIN users u ON "
				  "u.id = t.user_id WHERE t.token_hash = ?");
	if (st == NULL)
		return HD_EIO;
	db_bind(st, "t", token_hash);
	if (sqlite3_step(st) == SQLITE_ROW) {
		store_user_row(st, user);
		s = user->active ? HD_OK : HD_EUNAUTH;
	}
	db_done(st);
	return s;
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
