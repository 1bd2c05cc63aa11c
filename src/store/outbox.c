/* SPDX-License-Identifier: MIT */
#include "store/outbox.h"

#include "mail/message.h"
#include "util/config.h"
#include "util/jsonx.h"

#include <stdlib.h>
#include <string.h>

enum hd_status
store_outbox_add(struct db_conn *c, int64_t org_id, const char *to_addr,
    const char *to_name, const char *kind, int64_t process_id,
    const char *subject, const char *body)
{
	char mid[128];

	mail_message_id_new(hd_cfg.mail_from, mid, sizeof(mid));
	return db_exec(c,
	    "INSERT INTO outbox(org_id, to_addr, to_name, subject, body, kind,"
	    " message_id, process_id, next_attempt_at, queued_at, created_at) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, strftime('%s','now') * 1000, "
	    "strftime('%s','now') * 1000, strftime('%s','now'))",
	    "itttttt"
	    "I",
	    org_id, to_addr, to_name, subject, body, kind, mid, process_id);
}

static char *
dup_col(sqlite3_stmt *st, int col)
{
	return strdup(db_text(st, col));
}

enum hd_status
store_outbox_due(struct db_conn *c, int64_t now_ms, struct outbox_item *items,
    int max, int *n)
{
	sqlite3_stmt *st;
	int rc;

	*n = 0;
	st = db_stmt(c, "SELECT o.id, o.attempts, o.created_at, o.to_addr, "
			"coalesce(o.to_name, ''), o.subject, o.body, "
			"o.message_id, (SELECT g.name FROM orgs g WHERE "
			"g.id = o.org_id), "
			"coalesce(o.queued_at, o.created_at * 1000) "
			"FROM outbox o "
			"WHERE o.state = 'queued' AND o.next_attempt_at <= ? "
			"ORDER BY o.next_attempt_at, o.id LIMIT ?");
	if (st == NULL)
		return HD_EIO;
	db_bind(st, "ii", now_ms, (int64_t)max);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct outbox_item *it = &items[*n];

		it->id = sqlite3_column_int64(st, 0);
		it->attempts = sqlite3_column_int(st, 1);
		it->created_at = sqlite3_column_int64(st, 2);
		it->to_addr = dup_col(st, 3);
		it->to_name = dup_col(st, 4);
		it->subject = dup_col(st, 5);
		it->body = dup_col(st, 6);
		it->message_id = dup_col(st, 7);
		it->from_name = dup_col(st, 8);
		it->queued_at = sqlite3_column_int64(st, 9);
		(*n)++;
		if (!it->to_addr || !it->to_name || !it->subject || !it->body ||
		    !it->message_id || !it->from_name) {
			db_done(st);
			return HD_ENOMEM;
		}
	}
	db_done(st);
	return rc == SQLITE_DONE ? HD_OK : db_status(c, rc);
}

void
store_outbox_item_cleanup(struct outbox_item *it)
{
	free(it->to_addr);
	free(it->to_name);
	free(it->subject);
	free(it->body);
	free(it->message_id);
	free(it->from_name);
	memset(it, 0, sizeof(*it));
}

/* db_exec for an UPDATE of one row: HD_ENOTFOUND when it changed none.
 * (RETURNING would tell as well, but SQLite buffers it in a temporary
 * table: twice the cost on the worker's path.) */
static enum hd_status
one_row(struct db_conn *c, enum hd_status st)
{
	if (st == HD_OK && sqlite3_changes(c->h) == 0)
		return HD_ENOTFOUND;
	return st;
}

enum hd_status
store_outbox_claim(struct db_conn *c, int64_t id, int attempts, int64_t now_ms,
    int64_t lease_until)
{
	return one_row(
	    c, db_exec(c,
		   "UPDATE outbox SET attempts = attempts + 1, "
		   "last_attempt_at = ?, next_attempt_at = ? WHERE id = ? AND "
		   "state = 'queued' AND attempts = ?",
		   "iiii", now_ms, lease_until, id, (int64_t)attempts));
}

/*
 * The results below name the claim they close by its attempt count: a
 * claim that no longer holds (its mail was claimed again, or is done)
 * records nothing.
 */
enum hd_status
store_outbox_sent(struct db_conn *c, int64_t id, int attempt, int64_t now)
{
	return one_row(
	    c, db_exec(c,
		   "UPDATE outbox SET state = 'sent', sent_at = ?, "
		   "last_error = NULL WHERE id = ? AND state = 'queued' AND "
		   "attempts = ?",
		   "iii", now, id, (int64_t)attempt));
}

enum hd_status
store_outbox_failed(struct db_conn *c, int64_t id, int attempt,
    const char *error, int64_t next_at)
{
	return one_row(
	    c, db_exec(c,
		   "UPDATE outbox SET last_error = ?1, "
		   "state = CASE WHEN ?2 = 0 THEN 'failed' ELSE 'queued' END, "
		   "next_attempt_at = CASE WHEN ?2 = 0 THEN next_attempt_at "
		   "ELSE ?2 END WHERE id = ?3 AND state = 'queued' AND "
		   "attempts = ?4",
		   "tiii", error, next_at, id, (int64_t)attempt));
}

enum hd_status
store_outbox_release(struct db_conn *c, int64_t id, int attempt, int64_t now_ms)
{
	return one_row(
	    c, db_exec(c,
		   "UPDATE outbox SET attempts = attempts - 1, "
		   "next_attempt_at = ? WHERE id = ? AND state = 'queued' AND "
		   "attempts = ?",
		   "iii", now_ms, id, (int64_t)attempt));
}

enum hd_status
store_outbox_resend(
    struct db_conn *c, int64_t org_id, int64_t id, int64_t now_ms)
{
	enum hd_status st;
	int64_t got;

	st = db_int(c, &got,
	    "UPDATE outbox SET state = 'queued', attempts = 0, "
	    "next_attempt_at = ?1, queued_at = ?1 WHERE id = ?2 AND "
	    "org_id = ?3 AND state = 'failed' RETURNING id",
	    "iii", now_ms, id, org_id);
	if (st != HD_ENOTFOUND)
		return st;
	st =
	    db_int(c, &got, "SELECT id FROM outbox WHERE id = ? AND org_id = ?",
		"ii", id, org_id);
	return st == HD_OK ? HD_ECONFLICT : st;
}

enum hd_status
store_outbox_resend_all(
    struct db_conn *c, int64_t org_id, int64_t now_ms, int64_t *n)
{
	enum hd_status st;

	*n = 0;
	st = db_exec(c,
	    "UPDATE outbox SET state = 'queued', attempts = 0, "
	    "next_attempt_at = ?1, queued_at = ?1 WHERE org_id = ?2 AND "
	    "state = 'failed'",
	    "ii", now_ms, org_id);
	if (st == HD_OK)
		*n = sqlite3_changes64(c->h);
	return st;
}

int64_t
store_outbox_next_due(struct db_conn *c, int64_t now_ms)
{
	int64_t at;

	/* The first entry of the outbox_due index: a seek, where min()
	 * with a count to tell "none" walked every queued mail. */
	if (db_int(c, &at,
		"SELECT next_attempt_at FROM outbox WHERE state = 'queued' "
		"ORDER BY next_attempt_at LIMIT 1",
		"") != HD_OK)
		return -1;
	return at > now_ms ? at - now_ms : 0;
}

enum hd_status
store_outbox_counts(
    struct db_conn *c, int64_t *queued, int64_t *sent, int64_t *failed)
{
	sqlite3_stmt *st =
	    db_stmt(c, "SELECT coalesce(sum(state = 'queued'), 0), "
		       "coalesce(sum(state = 'sent'), 0), "
		       "coalesce(sum(state = 'failed'), 0) FROM outbox");

	if (st == NULL)
		return HD_EIO;
	if (sqlite3_step(st) == SQLITE_ROW) {
		*queued = sqlite3_column_int64(st, 0);
		*sent = sqlite3_column_int64(st, 1);
		*failed = sqlite3_column_int64(st, 2);
	}
	db_done(st);
	return HD_OK;
}

#define MAIL_COLUMNS                                                           \
	"SELECT id, to_addr, subject, kind, state, attempts, last_error, "     \
	"process_id, created_at, sent_at, last_attempt_at, next_attempt_at "   \
	"FROM outbox "

static json_t *
time_or_null(sqlite3_stmt *st, int col, int64_t div)
{
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return json_null();
	return hd_json_time(sqlite3_column_int64(st, col) / div);
}

/* The mail of the current row of a MAIL_COLUMNS statement. */
static json_t *
mail_json(sqlite3_stmt *st)
{
	bool queued = strcmp(db_text(st, 4), "queued") == 0;

	return json_pack("{s:I,s:s,s:s,s:s,s:s,s:i,s:o,s:o,s:o,s:o,s:o,s:o}",
	    "id", (json_int_t)sqlite3_column_int64(st, 0), "to", db_text(st, 1),
	    "subject", db_text(st, 2), "kind", db_text(st, 3), "state",
	    db_text(st, 4), "attempts", sqlite3_column_int(st, 5), "last_error",
	    hd_json_str_or_null((const char *)sqlite3_column_text(st, 6)),
	    "process_id",
	    sqlite3_column_type(st, 7) == SQLITE_NULL
		? json_null()
		: json_integer(sqlite3_column_int64(st, 7)),
	    "created_at", hd_json_time(sqlite3_column_int64(st, 8)), "sent_at",
	    time_or_null(st, 9, 1), "last_attempt_at",
	    time_or_null(st, 10, 1000), "next_attempt_at",
	    queued ? time_or_null(st, 11, 1000) : json_null());
}

json_t *
store_outbox_list(struct db_conn *c, int64_t org_id, int64_t process_id,
    const char *to, int64_t cursor, int limit, int64_t *next)
{
	sqlite3_stmt *st;
	json_t *items = json_array();
	int n = 0;

	*next = 0;
	st = db_stmt(c,
	    MAIL_COLUMNS "WHERE org_id = ?1 "
			 "AND (?2 = 0 OR process_id = ?2) "
			 "AND (?3 IS NULL OR to_addr = ?3 COLLATE NOCASE) "
			 "AND (?4 = 0 OR id < ?4) ORDER BY id DESC LIMIT ?5");
	if (st == NULL || items == NULL) {
		json_decref(items);
		return NULL;
	}
	db_bind(
	    st, "iitii", org_id, process_id, to, cursor, (int64_t)limit + 1);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (n++ == limit)
			break;
		*next = sqlite3_column_int64(st, 0);
		json_array_append_new(items, mail_json(st));
	}
	if (n <= limit)
		*next = 0;
	db_done(st);
	return items;
}

json_t *
store_outbox_json(struct db_conn *c, int64_t org_id, int64_t id)
{
	sqlite3_stmt *st =
	    db_stmt(c, MAIL_COLUMNS "WHERE id = ? AND org_id = ?");
	json_t *o = NULL;

	if (st == NULL)
		return NULL;
	db_bind(st, "ii", id, org_id);
	if (sqlite3_step(st) == SQLITE_ROW)
		o = mail_json(st);
	db_done(st);
	return o;
}
