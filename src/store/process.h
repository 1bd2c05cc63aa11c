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
};

/*
 * Creates a Vorgang filed by v (contacts file for themselves; employees
 * for in->reporter_id or, when 0, themselves): checks the references,
 * routes it (src/core/route.c), and inserts it with its assignees, history
 * and outbox mails on c, inside the caller's transaction. On a bad
 * reference returns HD_EINVAL (field in *field; "reporter_contact_id" also
 * for a contact who is no tenant or owner of the property), or
 * HD_EFORBIDDEN (field "property_id" or "unit_id") when a contact files
 * for a property it has no tenancy or ownership in, or an employee who is
 * not an admin for a property where they hold no role.
 */
enum hd_status store_process_create(struct db_conn *c, const struct viewer *v,
    const struct process_new *in, const char **field, int64_t *id);

/*
 * Applies the current routing rules to open Vorgang id: replaces the
 * assignees, writes the reasons to the history and mails those newly
 * assigned. HD_ENOTFOUND when not visible, HD_ECONFLICT when closed.
 */
enum hd_status store_process_reroute(
    struct db_conn *c, const struct viewer *v, int64_t id);

/* Changes the status (when st is not NULL) and/or sets the assignees
 * (when ids is not NULL: active employees of the org; HD_EINVAL with
 * *field "assignee_ids" otherwise), recording history; mails newly
 * assigned employees. */
enum hd_status store_process_update(struct db_conn *c, const struct viewer *v,
    int64_t id, const enum hd_pstatus *st, const int64_t *ids, size_t n_ids,
    const char **field);

/* Adds a comment by v (contacts: public only, HD_EFORBIDDEN otherwise)
 * and mails the other side. */
enum hd_status store_comment_add(struct db_conn *c, const struct viewer *v,
    int64_t process_id, const char *body, bool internal, int64_t *id);

/* HD_OK when v may see Vorgang id, else HD_ENOTFOUND. */
enum hd_status store_process_visible(
    struct db_conn *c, const struct viewer *v, int64_t id);

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
/* Writes the list answer {"items": [comments visible to v], "next":
 * null} of Vorgang id (already checked visible). */
enum hd_status store_comment_list_write(
    struct db_conn *c, const struct viewer *v, int64_t id, struct hd_jw *w);

struct process_filter {
	const char *status; /* NULL: any */
	int64_t assignee;   /* 0: any */
	int64_t property_id;
	int64_t type_id;
	bool unrouted;
	const char *q; /* NULL: no search */
};

/* Writes the list answer {"items": [...], "next": cursor or null}: a page
 * of the Vorgänge visible to v, newest first. */
enum hd_status store_process_list_write(struct db_conn *c,
    const struct viewer *v, const struct process_filter *f, int64_t cursor,
    int limit, struct hd_jw *w);
/* The same answer for the first page of v's own queue, as the answer
 * cache keeps it: *page and *len (not a copy: hand *ref to
 * store_process_queue_page_release once it is sent). HD_ENOTFOUND when
 * it is not kept. */
enum hd_status store_process_queue_page(const struct viewer *v,
    const struct process_filter *f, int64_t cursor, int limit,
    const char **page, size_t *len, void **ref);
/* Lets go of a page store_process_queue_page handed out. */
void store_process_queue_page_release(void *ref);

#endif
