/* SPDX-License-Identifier: MIT */
/*
 * Writing Vorgänge: a new one, its assignees, its status, and the history
 * of each change. The use cases that put these together (and route, and
 * mail) are app/process.c's.
 */
#include "store/process.h"

#include "core/event.h"
#include "core/route.h"
#include "store/archive.h"
#include "store/event_json.h"
#include "store/page.h"
#include "store/pctx.h"
#include "store/search.h"
#include "util/clock.h"
#include "util/str.h"

#include <stdlib.h>
#include <string.h>

enum hd_status
store_history_add(struct db_conn *c, int64_t process_id, const char *kind,
    const struct event *ev, int64_t actor_id)
{
	enum hd_status st;
	char *data = NULL;

	if ((st = event_json_write(ev, &data)) != HD_OK)
		return st;
	/* Checked with the next statement that waits, at the latest the
	 * job's commit (db_exec_later). */
	st = db_exec_later(c,
	    "INSERT INTO history(process_id, id, at, event, text, actor_id, "
	    "data) VALUES (?1, " HISTORY_NEXT_ID ", ?5, ?2, '', ?3, ?4)",
	    "itIti", process_id, kind, actor_id, data, hd_now());
	free(data);
	return st;
}

enum hd_status
store_process_assign(struct db_conn *c, int64_t id,
    const struct route_result *res, const char *event, bool fresh,
    int64_t actor_id)
{
	enum hd_status st;
	size_t i;

	/* A Vorgang just created has nobody to remove. */
	if (!fresh)
		st = db_exec(c,
		    "DELETE FROM process_assignees WHERE process_id = ?", "i",
		    id);
	else
		st = HD_OK;
	if (st == HD_OK)
		st = db_exec_later(c,
		    "UPDATE processes SET unrouted = ?, updated_at = ? "
		    "WHERE id = ?",
		    "bii", (int)res->unrouted, hd_now(), id);
	if (st == HD_OK && res->n == 0)
		st = store_history_add(c, id, "unrouted", &res->why, actor_id);
	for (i = 0; i < res->n && st == HD_OK; i++) {
		const struct route_assignee *a = &res->items[i];
		char *data = NULL;

		/* The reason as data, rendered in the reader's language;
		 * reason keeps the German sentence beside it for what
		 * reads the column itself (the demo generator's check
		 * against the server's routing, operators' SQL). */
		if ((st = event_json_write(&a->ev, &data)) != HD_OK)
			break;
		st = db_exec_later(c,
		    "INSERT INTO process_assignees(process_id, employee_id, "
		    "role_id, reason, status, reason_data) VALUES (?1, ?2, "
		    "?3, ?4, (SELECT status FROM processes WHERE id = ?1), "
		    "?5)",
		    "iiItt", id, a->employee_id, a->role_id, a->reason, data);
		free(data);
		if (st == HD_OK)
			st = store_history_add(c, id, event, &a->ev, actor_id);
	}
	return st;
}

/* A check's row (its first column in *x) and the statement ended: HD_OK,
 * HD_ENOTFOUND or the error. NULL: a check not sent, HD_ENOTFOUND. */
static enum hd_status
check_row(struct db_stmt **stp, int64_t *x)
{
	struct db_stmt *st = *stp;
	enum hd_status s;

	*stp = NULL;
	if (st == NULL)
		return HD_ENOTFOUND;
	if ((s = db_row(st)) == HD_OK)
		*x = db_col_i64(st, 0);
	db_end(st);
	return s;
}

enum {
	CK_TYPE,
	CK_PROPERTY,
	CK_UNIT,
	CK_RESIDENT,
	CK_STAFF,
	CK_REPORTER,
	CK_N
};

/* The checks' reads, sent at once (db_send): on PostgreSQL one round
 * trip for all of them; judged in turn by check_new. */
static void
check_send(struct db_conn *c, const struct viewer *v,
    const struct process_new *in, struct db_stmt **ck)
{
	ck[CK_TYPE] = db_prepare(c,
	    "SELECT portal FROM process_types WHERE id = ? AND org_id = ? "
	    "AND archived = 0");
	db_bind(ck[CK_TYPE], "ii", in->type_id, v->org_id);
	ck[CK_PROPERTY] = db_prepare(c,
	    "SELECT id FROM properties WHERE id = ? AND org_id = ? AND "
	    "archived = 0");
	db_bind(ck[CK_PROPERTY], "ii", in->property_id, v->org_id);
	if (in->unit_id != 0) {
		ck[CK_UNIT] = db_prepare(
		    c, "SELECT id FROM units WHERE id = ? AND property_id = ?");
		db_bind(ck[CK_UNIT], "ii", in->unit_id, in->property_id);
	}
	if (v->kind == VIEW_CONTACT) {
		ck[CK_RESIDENT] = db_prepare(c,
		    "SELECT id FROM residents WHERE contact_id = ?1 AND "
		    "property_id = ?2 AND (?3 = 0 OR unit_id IS NULL OR "
		    "unit_id = ?3) AND (moved_out_on IS NULL OR "
		    "moved_out_on >= ?4) LIMIT 1");
		db_bind(ck[CK_RESIDENT], "iiii", v->user_id, in->property_id,
		    in->unit_id, (int64_t)store_today());
	}
	if (v->kind == VIEW_EMPLOYEE) {
		ck[CK_STAFF] = db_prepare(c,
		    "SELECT 1 FROM staff WHERE property_id = ? AND "
		    "employee_id = ? LIMIT 1");
		db_bind(ck[CK_STAFF], "ii", in->property_id, v->user_id);
	}
	if (v->kind != VIEW_CONTACT && in->reporter_id != 0) {
		ck[CK_REPORTER] = db_prepare(c,
		    "SELECT u.id FROM users u WHERE u.id = ?1 AND "
		    "u.org_id = ?2 AND u.kind = 'contact' AND u.archived = 0 "
		    "AND (?4 = 1 OR "
		    "EXISTS (SELECT 1 FROM residents x WHERE x.contact_id = "
		    "u.id AND x.property_id = ?3))");
		db_bind(ck[CK_REPORTER], "iiib", in->reporter_id, v->org_id,
		    in->property_id, (int)in->reporter_anywhere);
	}
	for (int i = 0; i < CK_N; i++)
		if (ck[i] != NULL)
			db_send(ck[i]);
}

/* Judges the checks of check_send in turn. */
static enum hd_status
check_judge(const struct viewer *v, const struct process_new *in,
    struct db_stmt **ck, int64_t *reporter, const char **field)
{
	enum hd_status st;
	int64_t x = 0;

	*field = "type_id";
	st = check_row(&ck[CK_TYPE], &x);
	if (st != HD_OK || (v->kind == VIEW_CONTACT && !x))
		return st == HD_OK || st == HD_ENOTFOUND ? HD_EINVAL : st;
	*field = "property_id";
	if ((st = check_row(&ck[CK_PROPERTY], &x)) != HD_OK)
		return st == HD_ENOTFOUND ? HD_EINVAL : st;
	*field = "unit_id";
	if (in->unit_id != 0 && (st = check_row(&ck[CK_UNIT], &x)) != HD_OK)
		return st == HD_ENOTFOUND ? HD_EINVAL : st;
	*reporter = v->user_id;
	if (v->kind == VIEW_CONTACT) {
		*field = "property_id";
		st = check_row(&ck[CK_RESIDENT], &x);
		if (st == HD_ENOTFOUND && in->unit_id != 0)
			*field = "unit_id";
		return st == HD_ENOTFOUND ? HD_EFORBIDDEN : st;
	}
	/* Staff file where they may see Vorgänge (docs/product.md, "Who
	 * may see what"): admins anywhere in their organisation, employees
	 * only at a property where they hold a role. */
	if (v->kind == VIEW_EMPLOYEE) {
		*field = "property_id";
		if ((st = check_row(&ck[CK_STAFF], &x)) != HD_OK)
			return st == HD_ENOTFOUND ? HD_EFORBIDDEN : st;
	}
	/* On behalf of a tenant or owner of that property only. */
	if (in->reporter_id != 0) {
		*field = "reporter_contact_id";
		if ((st = check_row(&ck[CK_REPORTER], &x)) != HD_OK)
			return st == HD_ENOTFOUND ? HD_EINVAL : st;
		*reporter = in->reporter_id;
	}
	*field = NULL;
	return HD_OK;
}

/* Checks the references of a new Vorgang; HD_EINVAL names the field. */
static enum hd_status
check_new(struct db_conn *c, const struct viewer *v,
    const struct process_new *in, int64_t *reporter, const char **field)
{
	struct db_stmt *ck[CK_N] = {NULL};
	enum hd_status st;

	check_send(c, v, in, ck);
	st = check_judge(v, in, ck, reporter, field);
	/* Those not judged: ended unread. */
	for (int i = 0; i < CK_N; i++)
		if (ck[i] != NULL)
			db_end(ck[i]);
	return st;
}

enum hd_status
store_process_insert(struct db_conn *c, const struct viewer *v,
    const struct process_new *in, const char **field, int64_t *id)
{
	char number[HD_NUMBER_MAX];
	enum hd_status st;
	int64_t reporter = 0, seq, now = hd_now();
	int year = hd_time_year(now);

	if ((st = check_new(c, v, in, &reporter, field)) != HD_OK)
		return st;
	/* Two statements rather than one with RETURNING, which SQLite
	 * buffers in a temporary table (5 % of a create's time). A failed
	 * upsert fails the read after it. */
	/* The upsert goes out with the read (db_exec_later): one round trip
	 * on PostgreSQL. */
	st = db_exec_later(c,
	    "INSERT INTO process_counters(org_id, year, last) VALUES (?, ?, 1) "
	    "ON CONFLICT(org_id, year) DO UPDATE SET last = "
	    "process_counters.last + 1",
	    "ii", v->org_id, (int64_t)year);
	if (st == HD_OK)
		st = db_scalar(c, &seq,
		    "SELECT last FROM process_counters WHERE org_id = ? AND "
		    "year = ?",
		    "ii", v->org_id, (int64_t)year);
	if (st != HD_OK)
		return st;
	hd_process_number(year, seq, number, sizeof(number));
	st = db_insert(c, id,
	    "INSERT INTO processes(org_id, number, type_id, property_id, "
	    "unit_id, reporter_kind, reporter_id, created_by, subject, "
	    "description, created_at, updated_at, awaiting_since) VALUES (?, "
	    "?, ?, ?, ?, (SELECT kind FROM users WHERE id = ?6), ?6, ?, ?, ?, "
	    "?, ?, CASE WHEN (SELECT kind FROM users WHERE id = ?6) = "
	    "'contact' THEN ?10 END)",
	    "itiiIiittii", v->org_id, number, in->type_id, in->property_id,
	    in->unit_id, reporter, v->user_id, in->subject, in->description,
	    now, now);
	return st == HD_OK ? store_search_index(c, *id) : st;
}

enum hd_status
store_process_note_created(
    struct db_conn *c, const struct viewer *v, const struct pctx *p)
{
	struct event ev;

	event_init(&ev, EVENT_CREATED);
	ev.actor = p->creator_name;
	ev.portal = v->kind == VIEW_CONTACT;
	return store_history_add(c, p->id, "created", &ev, v->user_id);
}

enum hd_status
store_process_assignee_ids(
    struct db_conn *c, int64_t id, int64_t **out, size_t *n)
{
	struct db_stmt *st;

	st = db_prepare(c, "SELECT employee_id FROM process_assignees "
			   "WHERE process_id = ?");
	db_bind(st, "i", id);
	return store_ids_read(st, out, n);
}

enum hd_status
store_process_handover(struct db_conn *c, int64_t id, int64_t from, int64_t to,
    const struct event *ev, int64_t actor_id, char *reason, size_t n)
{
	struct db_stmt *q;
	enum hd_status st;
	int64_t role = 0;
	char *data = NULL;

	q = db_prepare(c, "SELECT coalesce(role_id, 0) FROM process_assignees "
			  "WHERE process_id = ? AND employee_id = ?");
	db_bind(q, "ii", id, from);
	if ((st = db_row(q)) == HD_OK)
		role = db_col_i64(q, 0);
	db_end(q);
	if (st == HD_OK)
		st = event_de_render(ev, reason, n);
	if (st == HD_OK)
		st = db_exec(c,
		    "DELETE FROM process_assignees WHERE process_id = ? AND "
		    "employee_id = ?",
		    "ii", id, from);
	if (st == HD_OK)
		st = event_json_write(ev, &data);
	if (st == HD_OK)
		st = db_exec_later(c,
		    "INSERT INTO process_assignees(process_id, employee_id, "
		    "role_id, reason, status, reason_data) VALUES (?1, ?2, ?3, "
		    "?4, (SELECT status FROM processes WHERE id = ?1), ?5) "
		    "ON CONFLICT (process_id, employee_id) DO NOTHING",
		    "iiItt", id, to, role, reason, data);
	free(data);
	if (st == HD_OK)
		st = db_exec(c,
		    "UPDATE processes SET updated_at = ? WHERE id = ?", "ii",
		    hd_now(), id);
	if (st == HD_OK)
		st = store_history_add(c, id, "handover", ev, actor_id);
	return st;
}

enum hd_status
store_process_open_of(struct db_conn *c, int64_t org_id, int64_t employee_id,
    int64_t **out, size_t *n)
{
	struct db_stmt *st;

	st = db_prepare(c,
	    "SELECT a.process_id FROM process_assignees a "
	    "JOIN processes p ON p.id = a.process_id "
	    "WHERE a.employee_id = ? AND p.org_id = ? AND a.status IN "
	    "('open', 'in_progress', 'waiting') ORDER BY a.process_id");
	db_bind(st, "ii", employee_id, org_id);
	return store_ids_read(st, out, n);
}

enum hd_status
store_process_set_status(struct db_conn *c, const struct viewer *v,
    const struct pctx *p, enum hd_pstatus to, const char *actor)
{
	enum hd_pstatus from;
	struct event ev;
	enum hd_status st;

	if (!hd_pstatus_parse(p->status, &from) || from == to)
		return HD_OK;
	/* A status change is a response: no reminder after it. */
	st = db_exec(c,
	    "UPDATE processes SET status = ?1, updated_at = ?2, "
	    "responded_at = coalesce(responded_at, ?2) WHERE id = ?3",
	    "tii", hd_pstatus_name(to), hd_now(), p->id);
	if (st == HD_OK)
		st = db_exec(c,
		    "UPDATE process_assignees SET status = ? WHERE "
		    "process_id = ?",
		    "ti", hd_pstatus_name(to), p->id);
	event_init(&ev, EVENT_STATUS);
	ev.from = from;
	ev.to = to;
	ev.actor = actor;
	if (st == HD_OK)
		st = store_history_add(c, p->id, "status", &ev, v->user_id);
	return st;
}
