/* SPDX-License-Identifier: MIT */
/* Inbound mail's rows (inbound.h). */
#include "store/inbound.h"

#include "store/page.h"
#include "store/process.h"
#include "util/clock.h"
#include "util/str.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum hd_status
store_mailbox_find(
    struct db_conn *c, const char *address, struct store_mailbox *out)
{
	struct db_stmt *st;
	enum hd_status s;

	st = db_prepare(c, "SELECT id, org_id, coalesce(type_id, 0) "
			   "FROM mailboxes WHERE lower(address) = lower(?)");
	db_bind(st, "t", address);
	if ((s = db_row(st)) == HD_OK) {
		out->id = db_col_i64(st, 0);
		out->org_id = db_col_i64(st, 1);
		out->type_id = db_col_i64(st, 2);
	}
	db_end(st);
	return s;
}

/* HD_OK when type_id is 0 or a type of org, else HD_EINVAL. */
static enum hd_status
type_ok(struct db_conn *c, int64_t org_id, int64_t type_id)
{
	enum hd_status s;
	int64_t found;

	if (type_id == 0)
		return HD_OK;
	s = db_scalar(c, &found,
	    "SELECT id FROM process_types WHERE id = ? AND org_id = ?", "ii",
	    type_id, org_id);
	return s == HD_ENOTFOUND ? HD_EINVAL : s;
}

/* HD_ECONFLICT when a mailbox other than id has address. */
static enum hd_status
address_free(struct db_conn *c, const char *address, int64_t id)
{
	enum hd_status s;
	int64_t found;

	s = db_scalar(c, &found,
	    "SELECT id FROM mailboxes WHERE lower(address) = lower(?) "
	    "AND id <> ?",
	    "ti", address, id);
	if (s == HD_OK)
		return HD_ECONFLICT;
	return s == HD_ENOTFOUND ? HD_OK : s;
}

enum hd_status
store_mailbox_insert(struct db_conn *c, int64_t org_id, const char *address,
    int64_t type_id, int64_t *id)
{
	enum hd_status s;

	if ((s = type_ok(c, org_id, type_id)) != HD_OK ||
	    (s = address_free(c, address, 0)) != HD_OK)
		return s;
	return db_insert(c, id,
	    "INSERT INTO mailboxes(org_id, address, type_id, created_at) "
	    "VALUES (?, lower(?), ?, ?)",
	    "itIi", org_id, address, type_id, hd_now());
}

enum hd_status
store_mailbox_update(struct db_conn *c, int64_t org_id, int64_t id,
    const char *address, bool set_type, int64_t type_id)
{
	enum hd_status s;

	if ((set_type && (s = type_ok(c, org_id, type_id)) != HD_OK) ||
	    (address != NULL && (s = address_free(c, address, id)) != HD_OK))
		return s;
	return db_update_one(c,
	    "UPDATE mailboxes SET address = coalesce(lower(?1), address), "
	    "type_id = CASE WHEN ?2 = 1 THEN ?3 ELSE type_id END "
	    "WHERE id = ?4 AND org_id = ?5",
	    "tbIii", address, (int)set_type, type_id, id, org_id);
}

enum hd_status
store_mailbox_delete(struct db_conn *c, int64_t org_id, int64_t id)
{

	return db_update_one(c,
	    "DELETE FROM mailboxes WHERE id = ? AND org_id = ?", "ii", id,
	    org_id);
}

static json_t *
mailbox_row(struct db_stmt *st)
{
	return json_pack("{s:I,s:s,s:o}", "id", (json_int_t)db_col_i64(st, 0),
	    "address", db_col_text(st, 1), "type_id", store_col_id(st, 2));
}

enum hd_status
store_mailbox_json(struct db_conn *c, int64_t org_id, int64_t id, json_t **out)
{
	return store_one_of(c,
	    "SELECT id, address, type_id FROM mailboxes "
	    "WHERE id = ?2 AND org_id = ?1",
	    org_id, id, mailbox_row, out);
}

enum hd_status
store_mailbox_list(struct db_conn *c, int64_t org_id, json_t **items)
{
	struct db_stmt *st;
	int64_t next;

	st = db_prepare(c, "SELECT id, address, type_id FROM mailboxes "
			   "WHERE org_id = ? ORDER BY id LIMIT ?");
	db_bind(st, "ii", org_id, store_row_limit(-1));
	return store_page(st, -1, &next, mailbox_row, items);
}

enum hd_status
store_inbound_sole_org(struct db_conn *c, int64_t *org_id)
{
	struct db_stmt *st;
	enum hd_status s;
	int n = 0;

	st = db_prepare(c, "SELECT id FROM orgs ORDER BY id LIMIT 2");
	db_bind(st, "");
	while (db_step(st))
		if (n++ == 0)
			*org_id = db_col_i64(st, 0);
	s = db_end(st);
	return s == HD_OK && n != 1 ? HD_ENOTFOUND : s;
}

enum hd_status
store_inbound_seen(struct db_conn *c, int64_t org_id, const char *message_id,
    struct store_inbound_seen *out)
{
	struct db_stmt *st;
	enum hd_status s;

	st = db_prepare(c, "SELECT outcome, coalesce(process_id, 0), "
			   "coalesce(comment_id, 0) FROM inbound_mail "
			   "WHERE org_id = ? AND message_id = ?");
	db_bind(st, "it", org_id, message_id);
	if ((s = db_row(st)) == HD_OK) {
		hd_strlcpy(
		    out->outcome, db_col_text(st, 0), sizeof(out->outcome));
		out->process_id = db_col_i64(st, 1);
		out->comment_id = db_col_i64(st, 2);
	}
	db_end(st);
	return s;
}

enum hd_status
store_inbound_log(struct db_conn *c, int64_t org_id, const char *message_id,
    const char *sender, const char *subject, const char *outcome,
    const char *reason, int64_t process_id, int64_t comment_id, int64_t *id)
{
	return db_insert(c, id,
	    "INSERT INTO inbound_mail(org_id, message_id, sender, subject, "
	    "outcome, reason, process_id, comment_id, received_at) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
	    "itttttIIi", org_id, message_id, sender, subject, outcome, reason,
	    process_id, comment_id, hd_now());
}

enum hd_status
store_inbound_sole_property(struct db_conn *c, int64_t contact_id,
    int64_t *property_id, int64_t *unit_id)
{
	struct db_stmt *st;
	enum hd_status s;
	int64_t prop = 0, unit = 0;
	int n = 0, units = 0;

	st = db_prepare(c, "SELECT property_id, coalesce(unit_id, 0) "
			   "FROM residents WHERE contact_id = ? "
			   "ORDER BY property_id, unit_id");
	db_bind(st, "i", contact_id);
	while (db_step(st)) {
		int64_t p = db_col_i64(st, 0), u = db_col_i64(st, 1);

		if (n == 0 || p != prop)
			n++;
		prop = p;
		if (u != 0 && u != unit) {
			unit = u;
			units++;
		}
	}
	if ((s = db_end(st)) != HD_OK)
		return s;
	if (n != 1)
		return HD_ENOTFOUND;
	*property_id = prop;
	*unit_id = units == 1 ? unit : 0;
	return HD_OK;
}

enum hd_status
store_inbound_process_by_number(
    struct db_conn *c, int64_t org_id, const char *number, int64_t *id)
{
	return db_scalar(c, id,
	    "SELECT id FROM processes WHERE org_id = ? AND number = ?", "it",
	    org_id, number);
}

enum hd_status
store_inbound_process_owner(
    struct db_conn *c, int64_t id, int64_t *org_id, int64_t *reporter_id)
{
	struct db_stmt *st;
	enum hd_status s;

	st = db_prepare(
	    c, "SELECT org_id, reporter_id FROM processes WHERE id = ?");
	db_bind(st, "i", id);
	if ((s = db_row(st)) == HD_OK) {
		*org_id = db_col_i64(st, 0);
		*reporter_id = db_col_i64(st, 1);
	}
	db_end(st);
	return s;
}

enum hd_status
store_unassigned_insert(
    struct db_conn *c, const struct store_unassigned_new *in, int64_t *id)
{
	return db_insert(c, id,
	    "INSERT INTO inbound_unassigned(org_id, inbound_id, sender, "
	    "sender_name, contact_id, type_id, subject, body, raw, "
	    "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	    "iittIIttxi", in->org_id, in->inbound_id, in->sender,
	    in->sender_name, in->contact_id, in->type_id, in->subject, in->body,
	    in->raw, in->raw_len, hd_now());
}

#define UNASSIGNED_COLS                                                        \
	"id, sender, sender_name, contact_id, type_id, subject, body, "        \
	"created_at, process_id "

static json_t *
unassigned_row(struct db_stmt *st)
{
	return json_pack("{s:I,s:{s:s,s:s,s:o},s:o,s:s,s:s,s:o,s:o}", "id",
	    (json_int_t)db_col_i64(st, 0), "sender", "address",
	    db_col_text(st, 1), "name", db_col_text(st, 2), "contact_id",
	    store_col_id(st, 3), "type_id", store_col_id(st, 4), "subject",
	    db_col_text(st, 5), "body", db_col_text(st, 6), "received_at",
	    store_col_time(st, 7, 1), "process_id", store_col_id(st, 8));
}

enum hd_status
store_unassigned_list(struct db_conn *c, int64_t org_id, int64_t cursor,
    int limit, int64_t *next, json_t **items)
{
	struct db_stmt *st;

	st = db_prepare(c, "SELECT " UNASSIGNED_COLS "FROM inbound_unassigned "
			   "WHERE org_id = ? AND process_id IS NULL "
			   "AND id > ? ORDER BY id LIMIT ?");
	db_bind(st, "iii", org_id, cursor, store_row_limit(limit));
	return store_page(st, limit, next, unassigned_row, items);
}

enum hd_status
store_unassigned_json(
    struct db_conn *c, int64_t org_id, int64_t id, json_t **out)
{
	return store_one_of(c,
	    "SELECT " UNASSIGNED_COLS "FROM inbound_unassigned "
	    "WHERE org_id = ? AND id = ?",
	    org_id, id, unassigned_row, out);
}

static char *
dup_col(struct db_stmt *st, int col)
{
	return strdup(db_col_text(st, col));
}

enum hd_status
store_unassigned_get(
    struct db_conn *c, int64_t org_id, int64_t id, struct store_unassigned *out)
{
	struct db_stmt *st;
	enum hd_status s;
	const void *raw;
	size_t len = 0;

	memset(out, 0, sizeof(*out));
	st = db_prepare(c, "SELECT id, org_id, inbound_id, "
			   "coalesce(contact_id, 0), coalesce(type_id, 0), "
			   "coalesce(process_id, 0), sender, sender_name, "
			   "subject, body, raw FROM inbound_unassigned "
			   "WHERE org_id = ? AND id = ?");
	db_bind(st, "ii", org_id, id);
	if ((s = db_row(st)) == HD_OK) {
		out->id = db_col_i64(st, 0);
		out->org_id = db_col_i64(st, 1);
		out->inbound_id = db_col_i64(st, 2);
		out->contact_id = db_col_i64(st, 3);
		out->type_id = db_col_i64(st, 4);
		out->process_id = db_col_i64(st, 5);
		out->sender = dup_col(st, 6);
		out->sender_name = dup_col(st, 7);
		out->subject = dup_col(st, 8);
		out->body = dup_col(st, 9);
		raw = db_col_blob(st, 10, &len);
		if (raw != NULL && len > 0 &&
		    (out->raw = malloc(len)) != NULL) {
			memcpy(out->raw, raw, len);
			out->raw_len = len;
		}
		if (out->sender == NULL || out->sender_name == NULL ||
		    out->subject == NULL || out->body == NULL ||
		    (raw != NULL && len > 0 && out->raw == NULL))
			s = HD_ENOMEM;
	}
	db_end(st);
	if (s != HD_OK)
		store_unassigned_cleanup(out);
	return s;
}

void
store_unassigned_cleanup(struct store_unassigned *u)
{
	free(u->sender);
	free(u->sender_name);
	free(u->subject);
	free(u->body);
	free(u->raw);
	memset(u, 0, sizeof(*u));
}

enum hd_status
store_unassigned_done(struct db_conn *c, int64_t id, int64_t process_id)
{
	enum hd_status s;
	int64_t n = 0;

	s = db_update(c, &n,
	    "UPDATE inbound_unassigned SET process_id = ?, completed_at = ?, "
	    "raw = NULL WHERE id = ? AND process_id IS NULL",
	    "iii", process_id, hd_now(), id);
	if (s == HD_OK && n == 0)
		return HD_ECONFLICT;
	if (s == HD_OK)
		s = db_exec(c,
		    "UPDATE inbound_mail SET outcome = 'created', "
		    "process_id = ?1 WHERE id = (SELECT inbound_id FROM "
		    "inbound_unassigned WHERE id = ?2)",
		    "ii", process_id, id);
	return s;
}

enum hd_status
store_outbox_bounced(struct db_conn *c, const char *message_id,
    const char *reason, int64_t *process_id)
{
	char bracketed[STORE_INBOUND_MSGID_MAX + 3];
	struct db_stmt *st;
	enum hd_status s;
	int64_t id = 0;

	if (message_id[0] == '<')
		hd_strlcpy(bracketed, message_id, sizeof(bracketed));
	else
		snprintf(bracketed, sizeof(bracketed), "<%s>", message_id);
	st = db_prepare(c, "SELECT id, coalesce(process_id, 0) FROM outbox "
			   "WHERE message_id = ?");
	db_bind(st, "t", bracketed);
	if ((s = db_row(st)) == HD_OK) {
		id = db_col_i64(st, 0);
		*process_id = db_col_i64(st, 1);
	}
	db_end(st);
	if (s != HD_OK)
		return s;
	return db_exec(c,
	    "UPDATE outbox SET state = 'failed', last_error = ? "
	    "WHERE id = ? AND state <> 'failed'",
	    "ti", reason, id);
}

enum hd_status
store_lease_take(struct db_conn *c, const char *name, const char *holder,
    int64_t now, int64_t ttl)
{
	enum hd_status s;
	int64_t n = 0;

	s = db_update(c, &n,
	    "INSERT INTO leases(name, holder, until_at) VALUES (?1, ?2, ?3) "
	    "ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, "
	    "until_at = excluded.until_at WHERE leases.holder = "
	    "excluded.holder "
	    "OR leases.until_at < ?4",
	    "ttii", name, holder, now + ttl, now);
	return s == HD_OK && n == 0 ? HD_ECONFLICT : s;
}
