/* SPDX-License-Identifier: MIT */
#ifndef HD_STORE_PROCESS_H
#define HD_STORE_PROCESS_H

#include "core/process.h"
#include "core/visibility.h"
#include "db/db.h"
#include "util/jsonw.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* The id of the next history entry of Vorgang ?1 (SQL): history is
 * clustered by Vorgang and numbered within it (migration 006). */
#define HISTORY_NEXT_ID                                                        \
	"(SELECT coalesce(max(id), 0) + 1 FROM history WHERE process_id = ?1)"

struct process_new {
	int64_t type_id;
	int64_t property_id;
	int64_t unit_id;     /* 0: none */
	int64_t reporter_id; /* a contact, or the filing employee */
	const char *subject;
	const char *description;
	/* Files the filer will upload next (0..PROCESS_FOLLOW_MAX): the
	 * assignment mails wait for them, at most PROCESS_FOLLOW_WAIT_MS. */
	int64_t attachments_to_follow;
	/* The reporter need not live at the property: a mail from an
	 * address an admin completed ("Nicht zugeordnet", app/inbound.c). */
	bool reporter_anywhere;
};
#define PROCESS_FOLLOW_MAX 20
#define PROCESS_FOLLOW_WAIT_MS (10 * 60 * 1000)

struct event;
struct pctx;
struct route_result;
struct event;

/*
 * The one place that writes a history entry: ev (core/event.h) as data
 * (store/event_json.h), under kind ("created", "status", "routed", …,
 * what the API shows as the entry's "event"), by actor_id (0: the
 * system), at the clock's now. Rendered in the reader's language when
 * read.
 */
enum hd_status store_history_add(struct db_conn *c, int64_t process_id,
    const char *kind, const struct event *ev, int64_t actor_id);

/*
 * Inserts a Vorgang filed by v (contacts file for themselves; employees
 * for in->reporter_id or, when 0, themselves) with the next number of
 * its organisation and year, after checking its references, inside the
 * caller's transaction; *id is the new Vorgang. On a bad reference
 * returns HD_EINVAL (field in *field; "reporter_contact_id" also for a
 * contact who is no tenant or owner of the property), or HD_EFORBIDDEN
 * (field "property_id" or "unit_id") when a contact files for a property
 * it has no tenancy or ownership in, or an employee who is not an admin
 * for a property where they hold no role. Routing, history and mails are
 * the caller's (app_process_file).
 */
enum hd_status store_process_insert(struct db_conn *c, const struct viewer *v,
    const struct process_new *in, const char **field, int64_t *id);
/* Writes the history entry of Vorgang p's filing by v ("Vorgang angelegt
 * von …"). */
enum hd_status store_process_note_created(
    struct db_conn *c, const struct viewer *v, const struct pctx *p);

/*
 * Makes the assignees of Vorgang id those of res (routed, or chosen by
 * hand): removes the ones it had (unless fresh: just inserted, none),
 * sets its unrouted flag, and writes to the history each assignee's
 * reason as event ("routed", "rerouted", "assigned") by actor_id (0:
 * the system), or why nobody could be found ("unrouted").
 */
enum hd_status store_process_assign(struct db_conn *c, int64_t id,
    const struct route_result *res, const char *event, bool fresh,
    int64_t actor_id);
/*
 * Hands Vorgang id from employee `from` to employee `to` (a substitute,
 * or a colleague of a deactivated one): `from` is no longer assigned,
 * `to` is (with from's role, unless assigned already), and ev (an
 * EVENT_HANDOVER) goes into the history by actor_id as event
 * "handover". *reason gets the German sentence (for the mail; n bytes).
 * HD_ENOTFOUND when `from` is not assigned to it.
 */
enum hd_status store_process_handover(struct db_conn *c, int64_t id,
    int64_t from, int64_t to, const struct event *ev, int64_t actor_id,
    char *reason, size_t n);
/* The Vorgänge (open, in_progress, waiting) employee_id of org_id is
 * assigned to, by id, into *out (heap, caller frees) and *n. */
enum hd_status store_process_open_of(struct db_conn *c, int64_t org_id,
    int64_t employee_id, int64_t **out, size_t *n);
/* The ids of the current assignees of Vorgang id into *out (heap,
 * caller frees) and *n. */
enum hd_status store_process_assignee_ids(
    struct db_conn *c, int64_t id, int64_t **out, size_t *n);
/* Changes the status of Vorgang p to `to` (nothing when it has it
 * already), for the Vorgang and its assignments, with the history entry
 * naming actor (v's name). */
enum hd_status store_process_set_status(struct db_conn *c,
    const struct viewer *v, const struct pctx *p, enum hd_pstatus to,
    const char *actor);

/* A correction of a Vorgang (PATCH /processes/{id}): what is not "has"
 * (subject: NULL) stays. unit_id 0 removes the unit. */
struct process_edit {
	bool has_type, has_property, has_unit;
	int64_t type_id, property_id, unit_id;
	const char *subject;
};
/*
 * Corrects Vorgang p (v may see it; actor is v's name) as e says: a
 * type or property of v's organisation, not archived; a unit of the
 * (new) property — a new property without a unit given drops the unit.
 * Each change is a history entry "changed" (old → new), and the search
 * text follows. *moved: the type or property changed (routing may
 * differ now). HD_EINVAL with *field ("type_id", "property_id",
 * "unit_id") for a reference that is not there; HD_EFORBIDDEN with
 * "property_id" when an employee who is no admin moves it to a property
 * where they hold no role. Nothing is written on an error.
 */
enum hd_status store_process_edit(struct db_conn *c, const struct viewer *v,
    const struct pctx *p, const struct process_edit *e, const char *actor,
    const char **field, bool *moved);

/* Adds a comment by v to Vorgang process_id (contacts: public only,
 * HD_EFORBIDDEN otherwise) and marks the Vorgang updated; the caller
 * checked that v may see it. *id is the new comment. */
enum hd_status store_comment_insert(struct db_conn *c, const struct viewer *v,
    int64_t process_id, const char *body, bool internal, int64_t *id);

/* A person to write to. */
struct store_addressee {
	char name[256];
	char email[256];
	int lang; /* enum hd_lang: their locale */
	int64_t id;
};
/* The rows of st (bound: name, email, locale, id) into *out (heap,
 * caller frees) and *n; ends st. */
enum hd_status store_addressees_read(
    struct db_stmt *st, struct store_addressee **out, size_t *n);
/* The active assignees of Vorgang id with their addresses into *out
 * (heap, caller frees) and *n, by name. */
enum hd_status store_process_addressees(
    struct db_conn *c, int64_t id, struct store_addressee **out, size_t *n);
/* The active assignees of Vorgang id and the active employees who wrote
 * a comment on it, each once, with their addresses into *out (heap,
 * caller frees) and *n: who hears of the reporter's replies. */
enum hd_status store_process_participants(
    struct db_conn *c, int64_t id, struct store_addressee **out, size_t *n);

/* HD_OK when v may see Vorgang id, else HD_ENOTFOUND. */
enum hd_status store_process_visible(
    struct db_conn *c, const struct viewer *v, int64_t id);

/* HD_OK when Vorgang id is org_id's, else HD_ENOTFOUND (for a caller
 * that is no user: an inbound mail acts for the organisation). */
enum hd_status store_process_in_org(
    struct db_conn *c, int64_t org_id, int64_t id);

/* Writes the API object of Vorgang id as v may see it (with history and
 * comments when full); HD_ENOTFOUND, writing nothing, when v cannot see
 * it. */
enum hd_status store_process_write(struct db_conn *c, const struct viewer *v,
    int64_t id, bool full, struct hd_jw *w);
/* Appends the answer of GET /processes/{id} for v to b: as
 * store_process_write with full, from the answer cache when it holds the
 * Vorgang (vcache.h); b unchanged on an error. */
enum hd_status store_process_answer(
    struct db_conn *c, const struct viewer *v, int64_t id, struct hd_buf *b);
/* The same in lang (enum hd_lang): the answer cache holds German
 * answers only. */
enum hd_status store_process_answer_lang(struct db_conn *c,
    const struct viewer *v, int lang, int64_t id, struct hd_buf *b);
/* Writes the list answer {"items": [comments visible to v], "next":
 * null} of Vorgang id (already checked visible). */
enum hd_status store_comment_list_write(
    struct db_conn *c, const struct viewer *v, int64_t id, struct hd_jw *w);

/* The orders of a list (?sort=): newest or oldest received first, most
 * or least recent activity (updated_at) first. */
enum process_sort {
	PSORT_NEWEST, /* -created, the default */
	PSORT_OLDEST, /* created */
	PSORT_ACTIVE, /* -activity */
	PSORT_QUIET,  /* activity */
	/* unanswered: only those waiting for staff's public answer (the
	 * reporter wrote last, or nobody answered yet), longest waiting
	 * first (processes.awaiting_since, migration 019) */
	PSORT_UNANSWERED,
	PSORT_N
};

/* A list's statuses: a bit per enum hd_pstatus (0: any). */
#define PSTATUS_BIT(s) (1u << (unsigned)(s))
#define PSTATUS_UNFINISHED                                                     \
	(PSTATUS_BIT(HD_PS_OPEN) | PSTATUS_BIT(HD_PS_IN_PROGRESS) |            \
	    PSTATUS_BIT(HD_PS_WAITING))

struct process_filter {
	unsigned statuses; /* PSTATUS_BIT of each; 0: any */
	int64_t assignee;  /* 0: any */
	int64_t property_id;
	int64_t type_id;
	int64_t unit_id;
	int64_t created_from; /* Unix time, inclusive; 0: none */
	int64_t created_to;   /* Unix time, exclusive; 0: none */
	bool unrouted;
	bool overdue; /* only overdue ones (docs/routing.md, "Reminders") */
	enum process_sort sort;
	const char *q; /* NULL: no search */
};

/* The most a count (store_process_count) counts: above it the answer is
 * "more than PROCESS_COUNT_MAX". */
#define PROCESS_COUNT_MAX 10000

/* Counts the Vorgänge of the list f for v, up to PROCESS_COUNT_MAX + 1,
 * into *n (*more: there are more than PROCESS_COUNT_MAX, *n is then
 * PROCESS_COUNT_MAX). */
enum hd_status store_process_count(struct db_conn *c, const struct viewer *v,
    const struct process_filter *f, int64_t *n, bool *more);

/* The most ids store_process_unread_write lists. */
#define PROCESS_UNREAD_MAX 500

/* Notes that employee v has seen Vorgang id now (it is unread for them
 * again after its next change), inside the caller's transaction; the
 * caller checked that v may see it. */
enum hd_status store_process_seen(
    struct db_conn *c, const struct viewer *v, int64_t id);
/* Writes {"ids": [...]}: up to PROCESS_UNREAD_MAX of v's unfinished
 * assigned Vorgänge, newest first, changed since v last opened them (or
 * never opened). */
enum hd_status store_process_unread_write(
    struct db_conn *c, const struct viewer *v, struct hd_jw *w);

/* Writes the list answer {"items": [...], "next": cursor or null}: a page
 * of the Vorgänge visible to v, in f's order. */
enum hd_status store_process_list_write(struct db_conn *c,
    const struct viewer *v, const struct process_filter *f, int64_t cursor,
    int limit, struct hd_jw *w);
/* A page the answer cache lends out: json[0..len) stays valid until
 * lease is handed to store_process_queue_page_release (from any thread;
 * a void * so that it can be a release callback itself). */
struct store_queue_page {
	const char *json;
	size_t len;
	void *lease;
};
/* The same answer as store_process_list_write for the first page of v's
 * own queue, as the answer cache keeps it: lent, not a copy, into *out.
 * HD_ENOTFOUND when it is not kept. */
enum hd_status store_process_queue_page(const struct viewer *v,
    const struct process_filter *f, int64_t cursor, int limit,
    struct store_queue_page *out);
/* Lets go of a page store_process_queue_page lent out. */
void store_process_queue_page_release(void *lease);

#endif
