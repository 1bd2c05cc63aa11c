/* SPDX-License-Identifier: MIT */
/* The store's change feed: the one list of watched tables (feed.h). */
#include "store/feed.h"

#include "db/db.h"
#include "store/vcache.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

/*
 * The watched tables, the most written first (the driver looks a table
 * up by name for every row written). cols[0] is where the Vorgang is (its
 * key, for processes), cols[1] the employee of an assignment; text_col a
 * name an answer shows (its change, or a delete, touches every entry).
 */
enum {
	W_PROCESSES,
	W_ASSIGNEES,
	W_HISTORY,
	W_OUTBOX,
	W_COMMENTS,
	W_USERS,
	W_SESSIONS,
	W_API_TOKENS,
	W_ORGS,
	W_TYPES,
	W_PROPERTIES,
	W_UNITS,
	W_ROLES,
	W_ATTACHMENTS,
	N_WATCHED
};

static const struct db_watch watched[N_WATCHED] = {
    [W_PROCESSES] = {"processes", {"id", NULL}, NULL},
    [W_ASSIGNEES] = {"process_assignees", {"process_id", "employee_id"}, NULL},
    [W_HISTORY] = {"history", {"process_id", NULL}, NULL},
    /* A mail queued again (an admin's resend) has its state changed and
     * its attempts set to 0; the worker's own claims and results do not
     * both. */
    [W_OUTBOX] = {"outbox", {"attempts", NULL}, "state"},
    [W_COMMENTS] = {"comments", {"process_id", NULL}, NULL},
    [W_USERS] = {"users", {NULL, NULL}, "name"},
    [W_SESSIONS] = {"sessions", {NULL, NULL}, NULL},
    [W_API_TOKENS] = {"api_tokens", {NULL, NULL}, NULL},
    [W_ORGS] = {"orgs", {NULL, NULL}, NULL},
    [W_TYPES] = {"process_types", {NULL, NULL}, "name"},
    [W_PROPERTIES] = {"properties", {NULL, NULL}, "name"},
    [W_UNITS] = {"units", {NULL, NULL}, "label"},
    [W_ROLES] = {"roles", {NULL, NULL}, "name"},
    /* A file arrived: the Vorgang's answer shows it, and assignment
     * mails that waited for it may be due now (the worker looks). */
    [W_ATTACHMENTS] = {"attachments", {"process_id", NULL}, NULL},
};

static _Atomic uint64_t auth_epoch;
/* The open batch's: only the writer's thread touches these. */
static bool auth_dirty, mail_queued;
static void (*on_mail)(void *);
static void *on_mail_arg;

/* Reports the Vorgang (and employee) of one side of a change; 0 (no id
 * is) reports a change to every entry and page. */
static void
note_side(const int64_t v[2], bool employee)
{
	vcache_note(v[0]);
	if (!employee)
		return;
	if (v[1] != 0)
		vcache_note_queue(v[1]);
	else
		vcache_note(0);
}

/* A change to a table an answer shows. */
static void
note_answer(const struct db_change *ch)
{
	const struct db_watch *w = &watched[ch->table];

	if (!vcache_on())
		return;
	if (w->text_col != NULL) {
		/* A new row is shown by no entry yet. */
		if (ch->op == DB_DELETE ||
		    (ch->op == DB_UPDATE && ch->text_changed))
			vcache_note(0);
		return;
	}
	if (ch->op != DB_INSERT)
		note_side(ch->old_v, w->cols[1] != NULL);
	if (ch->op != DB_DELETE)
		note_side(ch->new_v, w->cols[1] != NULL);
}

static void
row(void *arg, const struct db_change *ch)
{
	(void)arg;
	switch (ch->table) {
	case W_USERS:
		auth_dirty = true;
		note_answer(ch);
		break;
	case W_SESSIONS:
	case W_API_TOKENS:
	case W_ORGS:
		auth_dirty = true;
		break;
	case W_ATTACHMENTS:
		note_answer(ch);
		mail_queued = mail_queued || ch->op == DB_INSERT;
		break;
	case W_OUTBOX:
		if (ch->op == DB_INSERT ||
		    (ch->op == DB_UPDATE && ch->text_changed &&
			ch->new_v[0] == 0))
			mail_queued = true;
		break;
	default:
		note_answer(ch);
		break;
	}
}

static void
commit(void *arg, bool committed)
{
	(void)arg;
	/* A reader that sees the new epoch reads the committed rows. */
	if (auth_dirty)
		atomic_fetch_add(&auth_epoch, 1);
	vcache_after_commit();
	if (mail_queued && committed && on_mail != NULL)
		on_mail(on_mail_arg);
	auth_dirty = false;
	mail_queued = false;
}

static uint64_t
ticket(void *arg)
{
	(void)arg;
	return vcache_ticket();
}

enum hd_status
store_feed_start(void)
{
	const struct db_feed f = {
	    .watch = watched,
	    .n = N_WATCHED,
	    .row = row,
	    .commit = commit,
	    .ticket = ticket,
	};

	return db_feed_set(&f);
}

void
store_feed_stop(void)
{
	db_feed_set(NULL);
}

uint64_t
store_auth_epoch(void)
{
	return atomic_load(&auth_epoch);
}

void
store_feed_on_mail(void (*fn)(void *arg), void *arg)
{
	on_mail = fn;
	on_mail_arg = arg;
}
