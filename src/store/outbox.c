/* SPDX-License-Identifier: MIT */
#include "store/outbox.h"

#include "store/page.h"
#include "util/clock.h"

#include <stdlib.h>
#include <string.h>

enum hd_status
store_outbox_add(struct db_conn *c, int64_t org_id, const char *to_addr,
    const char *to_name, const char *kind, int64_t process_id,
    const char *subject, const char *body, const char *message_id)
{
	int64_t now = hd_now();

	/* Due (and its give-up clock started) at the second it is queued. */
	return db_exec(c,
	    "INSERT INTO outbox(org_id, to_addr, to_name, subject, body, kind,"
	    " message_id, process_id, next_attempt_at, queued_at, created_at) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?9, ?9, ?10)",
	    "itttttt"
	    "Iii",
	    org_id, to_addr, to_name, subject, body, kind, message_id,
	    process_id, now * 1000, now);
}

static char *
dup_col(struct db_stmt *st, int col)
{
	return strdup(db_col_text(st, col));
}

enum hd_status
store_outbox_due(struct db_conn *c, int64_t now_ms, struct outbox_item *items,
    int max, int *n)
{
	enum hd_status s = HD_OK, e;
	struct db_stmt *st;

	*n = 0;
	st =
	    db_prepare(c, "SELECT o.id, o.attempts, o.created_at, o.to_addr, "
			  "coalesce(o.to_name, ''), o.subject, o.body, "
			  "o.message_id, (SELECT g.name FROM orgs g WHERE "
			  "g.id = o.org_id), "
			  "coalesce(o.queued_at, o.created_at * 1000) "
			  "FROM outbox o "
			  "WHERE o.state = 'queued' AND o.next_attempt_at <= ? "
			  "ORDER BY o.next_attempt_at, o.id LIMIT ?");
	db_bind(st, "ii", now_ms, (int64_t)max);
	while (s == HD_OK && db_step(st)) {
		struct outbox_item *it = &items[*n];

		it->id = db_col_i64(st, 0);
		it->attempts = db_col_int(st, 1);
		it->created_at = db_col_i64(st, 2);
		it->to_addr = dup_col(st, 3);
		it->to_name = dup_col(st, 4);
		it->subject = dup_col(st, 5);
		it->body = dup_col(st, 6);
		it->message_id = dup_col(st, 7);
		it->from_name = dup_col(st, 8);
		it->queued_at = db_col_i64(st, 9);
		(*n)++;
		if (!it->to_addr || !it->to_name || !it->subject || !it->body ||
		    !it->message_id || !it->from_name)
			s = HD_ENOMEM;
	}
	e = db_end(st);
	return s != HD_OK ? s : e;
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

/*
 * On PostgreSQL several processes' workers claim from one outbox, each in
 * its writer's batch, which also holds the locks of other jobs (a
 * create's counter row). A claim that waited for a row another batch
 * holds could close a cycle (that batch waiting for the counter this one
 * holds): PostgreSQL would end it as a deadlock after a second and fail
 * every job of the batch. So the claim skips a row another transaction
 * has locked (FOR UPDATE SKIP LOCKED): that mail is the other worker's.
 * SQLite has one writer: no other transaction holds a row.
 */
enum hd_status
store_outbox_claim(struct db_conn *c, int64_t id, int attempts, int64_t now_ms,
    int64_t lease_until)
{
	if (db_conn_driver(c) == DB_PGSQL)
		return db_update_one(c,
		    "UPDATE outbox SET attempts = attempts + 1, "
		    "last_attempt_at = ?, next_attempt_at = ? WHERE id = "
		    "(SELECT id FROM outbox WHERE id = ? AND state = 'queued' "
		    "AND attempts = ? FOR UPDATE SKIP LOCKED)",
		    "iiii", now_ms, lease_until, id, (int64_t)attempts);
	return db_update_one(c,
	    "UPDATE outbox SET attempts = attempts + 1, "
	    "last_attempt_at = ?, next_attempt_at = ? WHERE id = ? AND "
	    "state = 'queued' AND attempts = ?",
	    "iiii", now_ms, lease_until, id, (int64_t)attempts);
}

/*
 * The results below name the claim they close by its attempt count: a
 * claim that no longer holds (its mail was claimed again, or is done)
 * records nothing.
 */
enum hd_status
store_outbox_sent(struct db_conn *c, int64_t id, int attempt, int64_t now)
{
	return db_update_one(c,
	    "UPDATE outbox SET state = 'sent', sent_at = ?, "
	    "last_error = NULL WHERE id = ? AND state = 'queued' AND "
	    "attempts = ?",
	    "iii", now, id, (int64_t)attempt);
}

enum hd_status
store_outbox_failed(struct db_conn *c, int64_t id, int attempt,
    const char *error, int64_t next_at)
{
	return db_update_one(c,
	    "UPDATE outbox SET last_error = ?1, "
	    "state = CASE WHEN ?2 = 0 THEN 'failed' ELSE 'queued' END, "
	    "next_attempt_at = CASE WHEN ?2 = 0 THEN next_attempt_at "
	    "ELSE ?2 END WHERE id = ?3 AND state = 'queued' AND "
	    "attempts = ?4",
	    "tiii", error, next_at, id, (int64_t)attempt);
}

enum hd_status
store_outbox_release(struct db_conn *c, int64_t id, int attempt, int64_t now_ms)
{
	return db_update_one(c,
	    "UPDATE outbox SET attempts = attempts - 1, "
	    "next_attempt_at = ? WHERE id = ? AND state = 'queued' AND "
	    "attempts = ?",
	    "iii", now_ms, id, (int64_t)attempt);
}

enum hd_status
store_outbox_resend(
    struct db_conn *c, int64_t org_id, int64_t id, int64_t now_ms)
{
	enum hd_status st;
	int64_t n = 0, got;

	st = db_update(c, &n,
	    "UPDATE outbox SET state = 'queued', attempts = 0, "
	    "next_attempt_at = ?1, queued_at = ?1 WHERE id = ?2 AND "
	    "org_id = ?3 AND state = 'failed'",
	    "iii", now_ms, id, org_id);
	if (st != HD_OK || n > 0)
		return st;
	st = db_scalar(c, &got,
	    "SELECT id FROM outbox WHERE id = ? AND org_id = ?", "ii", id,
	    org_id);
	return st == HD_OK ? HD_ECONFLICT : st;
}

enum hd_status
store_outbox_resend_all(
    struct db_conn *c, int64_t org_id, int64_t now_ms, int64_t *n)
{
	*n = 0;
	return db_update(c, n,
	    "UPDATE outbox SET state = 'queued', attempts = 0, "
	    "next_attempt_at = ?1, queued_at = ?1 WHERE org_id = ?2 AND "
	    "state = 'failed'",
	    "ii", now_ms, org_id);
}

enum hd_status
store_outbox_next_due(struct db_conn *c, int64_t now_ms, int64_t *ms)
{
	enum hd_status s;
	int64_t at = 0;

	/* The first entry of the outbox_due index: a seek, where min()
	 * with a count to tell "none" walked every queued mail. */
	s = db_scalar(c, &at,
	    "SELECT next_attempt_at FROM outbox WHERE state = 'queued' "
	    "ORDER BY next_attempt_at LIMIT 1",
	    "");
	*ms = -1;
	if (s == HD_ENOTFOUND)
		return HD_OK;
	if (s == HD_OK)
		*ms = at > now_ms ? at - now_ms : 0;
	return s;
}

enum hd_status
store_outbox_counts(
    struct db_conn *c, int64_t *queued, int64_t *sent, int64_t *failed)
{
	struct db_stmt *st;
	enum hd_status s;

	*queued = *sent = *failed = 0;
	st = db_prepare(c,
	    "SELECT coalesce(sum(CASE WHEN state = 'queued' THEN 1 ELSE 0 "
	    "END), 0), coalesce(sum(CASE WHEN state = 'sent' THEN 1 ELSE 0 "
	    "END), 0), coalesce(sum(CASE WHEN state = 'failed' THEN 1 ELSE 0 "
	    "END), 0) FROM outbox");
	if ((s = db_row(st)) == HD_OK) {
		*queued = db_col_i64(st, 0);
		*sent = db_col_i64(st, 1);
		*failed = db_col_i64(st, 2);
	}
	db_end(st);
	return s;
}

#define MAIL_COLUMNS                                                           \
	"SELECT id, to_addr, subject, kind, state, attempts, last_error, "     \
	"process_id, created_at, sent_at, last_attempt_at, next_attempt_at "   \
	"FROM outbox "

/* The mail of the current row of a MAIL_COLUMNS statement. */
static json_t *
mail_json(struct db_stmt *st)
{
	bool queued = strcmp(db_col_text(st, 4), "queued") == 0;

	return json_pack("{s:I,s:s,s:s,s:s,s:s,s:i,s:o,s:o,s:o,s:o,s:o,s:o}",
	    "id", (json_int_t)db_col_i64(st, 0), "to", db_col_text(st, 1),
	    "subject", db_col_text(st, 2), "kind", db_col_text(st, 3), "state",
	    db_col_text(st, 4), "attempts", db_col_int(st, 5), "last_error",
	    store_col_text(st, 6), "process_id", store_col_id(st, 7),
	    "created_at", store_col_time(st, 8, 1), "sent_at",
	    store_col_time(st, 9, 1), "last_attempt_at",
	    store_col_time(st, 10, 1000), "next_attempt_at",
	    queued ? store_col_time(st, 11, 1000) : json_null());
}

enum hd_status
store_outbox_list(struct db_conn *c, int64_t org_id, int64_t process_id,
    const char *to, int64_t cursor, int limit, int64_t *next, json_t **items)
{
	struct db_stmt *st;

	st = db_prepare(c,
	    MAIL_COLUMNS "WHERE org_id = ?1 AND (?2 = 0 OR process_id = ?2) "
			 "AND (?3 IS NULL OR lower(to_addr) = lower(?3)) "
			 "AND (?4 = 0 OR id < ?4) ORDER BY id DESC LIMIT ?5");
	db_bind(
	    st, "iitii", org_id, process_id, to, cursor, (int64_t)limit + 1);
	return store_page(st, limit, next, mail_json, items);
}

enum hd_status
store_outbox_json(struct db_conn *c, int64_t org_id, int64_t id, json_t **out)
{
	return store_one_of(c, MAIL_COLUMNS "WHERE id = ?2 AND org_id = ?1",
	    org_id, id, mail_json, out);
}
