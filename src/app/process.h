/* SPDX-License-Identifier: MIT */
#ifndef HD_APP_PROCESS_H
#define HD_APP_PROCESS_H

/*
 * The use cases of a Vorgang: filing one, changing its status or
 * assignees, re-routing it, commenting on it. Each is one function that
 * opens a write job (db_writer_acquire), asks core/ who is responsible
 * (route_compute), writes through store/, composes the mails
 * (app/notify.h) and queues them in the same job, and — when the caller
 * wants an answer — writes the Vorgang as the caller now sees it with
 * the writer's own connection before the job ends (its pages are hot,
 * and the answer is exactly what is committed: no read follows the
 * commit). It returns once the job is durable (HD_OK) or rolled back.
 *
 * Each has a twin *_in that runs inside a transaction the caller holds
 * on c and writes no answer: for tests, tools and the benchmark's floor.
 *
 * Taking an inbound mail (issue 13) belongs beside these, in its own
 * file (app/inbound.c): parse with mail/, then file a Vorgang or comment
 * on one through the *_in functions here, in one job.
 */
#include "core/process.h"
#include "core/visibility.h"
#include "db/db.h"
#include "store/process.h"
#include "util/buf.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What a use case of a Vorgang gives back beside its status. */
struct app_reply {
	/* In: where to append the Vorgang as the caller sees it after the
	 * change (JSON), or NULL for no answer. Unchanged on an error. */
	struct hd_buf *answer;
	/* Out, with HD_OK and an answer wanted: the caller can no longer
	 * see the Vorgang (an employee may hand it on); nothing written. */
	bool hidden;
	/* Out, with HD_EINVAL or HD_EFORBIDDEN: the field at fault (a
	 * static string) or NULL. */
	const char *field;
	/* Out: the Vorgang (app_process_file) or comment (app_comment_add)
	 * made. */
	int64_t id;
	/* In: the language of the answer's sentences (enum hd_lang). */
	int lang;
};

/*
 * Files a Vorgang for v (store_process_insert says who may file what,
 * and the errors), routes it, and mails its assignees and (a contact's
 * request) its reporter. The answer is written with status 201 in mind:
 * the new Vorgang as v sees it.
 */
enum hd_status app_process_file(
    const struct viewer *v, const struct process_new *in, struct app_reply *r);

/*
 * Changes Vorgang id's status (to, unless NULL) and/or assignees (ids,
 * unless NULL: n active employees of v's organisation; HD_EINVAL with
 * field "assignee_ids" otherwise), each with its history entry; mails
 * those newly assigned. HD_ENOTFOUND when v cannot see it. With a
 * comment (NULL or "": none), adds it as v's public comment. A change
 * to waiting, resolved or closed mails the reporter (only the reporter),
 * with the comment; a comment without such a change is mailed as
 * app_comment_add mails it. A hand-over note (NULL or "": none) with
 * ids goes into each assignment's history entry and mail (issue 13).
 */
enum hd_status app_process_change(const struct viewer *v, int64_t id,
    const enum hd_pstatus *to, const int64_t *ids, size_t n,
    const char *comment, const char *note, struct app_reply *r);

/*
 * Applies the current routing rules to open Vorgang id: replaces its
 * assignees, writes the reasons to the history and mails those newly
 * assigned. HD_ENOTFOUND when v cannot see it, HD_ECONFLICT when it is
 * resolved or closed.
 */
enum hd_status app_process_reroute(
    const struct viewer *v, int64_t id, struct app_reply *r);

/*
 * Adds a comment by v to Vorgang id (contacts: public only, HD_EFORBIDDEN
 * otherwise) and mails a public one to the other side: the reporter when
 * staff wrote it, the assignees when the reporter did. A public comment
 * by the reporter on a resolved Vorgang reopens it (status open, with
 * its history entry). r->id is the
 * comment; no answer is written (r->answer is ignored). HD_ENOTFOUND
 * when v cannot see the Vorgang.
 */
enum hd_status app_comment_add(const struct viewer *v, int64_t id,
    const char *body, bool internal, struct app_reply *r);

/* The same inside the caller's transaction on c. */
enum hd_status app_process_file_in(struct db_conn *c, const struct viewer *v,
    const struct process_new *in, const char **field, int64_t *id);
enum hd_status app_process_change_in(struct db_conn *c, const struct viewer *v,
    int64_t id, const enum hd_pstatus *to, const int64_t *ids, size_t n,
    const char **field);
enum hd_status app_process_update_in(struct db_conn *c, const struct viewer *v,
    int64_t id, const enum hd_pstatus *to, const int64_t *ids, size_t n,
    const char *comment, const char *note, const char **field);
/* app_process_change_in with a hand-over note (NULL: none). */
enum hd_status app_process_reassign_in(struct db_conn *c,
    const struct viewer *v, int64_t id, const enum hd_pstatus *to,
    const int64_t *ids, size_t n, const char *note, const char **field);
enum hd_status app_process_reroute_in(
    struct db_conn *c, const struct viewer *v, int64_t id);
enum hd_status app_comment_add_in(struct db_conn *c, const struct viewer *v,
    int64_t id, const char *body, bool internal, int64_t *comment_id);

/*
 * Corrects Vorgang id (PATCH with type_id, property_id, unit_id or
 * subject: store_process_edit says what is checked), then changes its
 * status, assignees and comment as app_process_change does, all in one
 * job: nothing changes when any part fails. A change of type or
 * property leaves the assignees as they were (a hand-over note goes with
 * ids as in app_process_change); re-routing is asked for
 * (app_process_route_preview, app_process_reroute).
 */
enum hd_status app_process_edit(const struct viewer *v, int64_t id,
    const struct process_edit *e, const enum hd_pstatus *to, const int64_t *ids,
    size_t n, const char *comment, const char *note, struct app_reply *r);
enum hd_status app_process_edit_in(struct db_conn *c, const struct viewer *v,
    int64_t id, const struct process_edit *e, const enum hd_pstatus *to,
    const int64_t *ids, size_t n, const char *comment, const char *note,
    const char **field);

/*
 * Writes into w whom re-routing Vorgang id would assign now, and why,
 * without changing anything (GET /processes/{id}/route-preview):
 * {"assignees": [...], "unrouted": bool, "why": sentence or null,
 * "current": [employee ids assigned now], "changes": bool}. Reads on c
 * (a reader). HD_ENOTFOUND when v cannot see it.
 */
enum hd_status app_process_route_preview(
    struct db_conn *c, const struct viewer *v, int64_t id, struct hd_jw *w);

struct pctx;
struct store_routing;
struct route_result;
/* For process*.c only: one routing of p on day (no turn taken), and the
 * end of a job with the answer (app_process_file's). */
enum hd_status app_process_route_once(struct db_conn *c, const struct pctx *p,
    int32_t day, struct store_routing *rt, struct route_result *res);
enum hd_status app_process_finish(struct db_conn *c, const struct viewer *v,
    int64_t id, enum hd_status st, struct app_reply *r);

#endif
