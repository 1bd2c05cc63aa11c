/* SPDX-License-Identifier: MIT */
/* The use cases of a Vorgang (process.h). */
#include "app/process.h"

#include "app/absence.h"
#include "app/notify.h"
#include "core/route.h"
#include "store/attachment.h"
#include "store/pctx.h"
#include "store/routing.h"
#include "util/clock.h"
#include "util/jsonw.h"
#include "util/metrics.h"

#include <stdlib.h>
#include <string.h>

/* How often a create routes again when other creates keep taking the
 * round-robin turn it read (each retry sees their turn: it only fails
 * again when yet another create came first). */
#define ROUTE_TURN_TRIES 32

/* One routing of Vorgang p: core/ decides over the type's roles and the
 * staff at the property; the fallback role and the admins are loaded
 * only when nobody there can take it. */
enum hd_status
app_process_route_once(struct db_conn *c, const struct pctx *p, int32_t day,
    struct store_routing *rt, struct route_result *res)
{
	enum hd_status st;

	if ((st = store_routing_load(c, p, day, rt)) != HD_OK ||
	    (st = route_compute(&rt->in, res)) != HD_OK)
		return st;
	if (!res->unrouted)
		return HD_OK;
	route_result_cleanup(res);
	if ((st = store_routing_load_fallback(c, p, rt)) != HD_OK)
		return st;
	return route_compute(&rt->in, res);
}

/*
 * Routes Vorgang p on today's absences and the roles' pick modes, and
 * takes the round-robin turns it used (compare and set: when another
 * create took one first, it routes again on the new turn). rt and res
 * are the caller's to clean up.
 */
static enum hd_status
route(struct db_conn *c, const struct pctx *p, struct store_routing *rt,
    struct route_result *res)
{
	int32_t day = app_today();
	enum hd_status st;
	bool taken = false;
	int i;

	for (i = 0; i < ROUTE_TURN_TRIES; i++) {
		if (i > 0) {
			route_result_cleanup(res);
			store_routing_cleanup(rt);
		}
		if ((st = app_process_route_once(c, p, day, rt, res)) !=
			HD_OK ||
		    (st = store_routing_turns_take(c, p, rt, res, &taken)) !=
			HD_OK)
			return st;
		if (taken)
			return HD_OK;
	}
	return HD_EBUSY;
}

/* Mails each assignee of res who is not one of before[0..n_before). */
static enum hd_status
mail_assignees(struct db_conn *c, const struct pctx *p,
    const struct store_routing *rt, const struct route_result *res,
    const int64_t *before, size_t n_before)
{
	enum hd_status st = HD_OK;
	size_t i, k;

	for (i = 0; i < res->n && st == HD_OK; i++) {
		const struct route_assignee *a = &res->items[i];
		bool known = false;

		for (k = 0; k < n_before; k++)
			known = known || before[k] == a->employee_id;
		if (!known)
			st = app_notify_assigned(c, p,
			    store_routing_email(rt, a->employee_id),
			    a->employee_name,
			    store_routing_lang(rt, a->employee_id), &a->ev,
			    res->unrouted ? &res->why : NULL);
	}
	return st;
}

/*
 * Ends the job on c with status st. A job that succeeded first writes
 * Vorgang id as v now sees it into r->answer (when wanted; r->hidden
 * when v no longer can): an answer that cannot be written fails the job,
 * so that nothing changes without its answer. Returns the job's or the
 * commit's status.
 */
enum hd_status
app_process_finish(struct db_conn *c, const struct viewer *v, int64_t id,
    enum hd_status st, struct app_reply *r)
{
	size_t at = r->answer != NULL ? r->answer->len : 0;
	enum hd_status out;
	struct hd_jw jw;

	r->hidden = false;
	if (st == HD_OK && r->answer != NULL) {
		hd_jw_init(&jw, r->answer);
		jw.lang = r->lang;
		out = store_process_write(c, v, id, true, &jw);
		if (out == HD_ENOTFOUND)
			r->hidden = true;
		else if (out != HD_OK)
			st = out;
	}
	st = db_writer_release(c, st);
	if ((st != HD_OK || r->hidden) && r->answer != NULL)
		hd_buf_truncate(r->answer, at);
	if (st != HD_OK)
		r->hidden = false;
	return st;
}

enum hd_status
app_process_file_in(struct db_conn *c, const struct viewer *v,
    const struct process_new *in, const char **field, int64_t *id)
{
	struct store_routing rt;
	struct route_result res;
	struct pctx p;
	enum hd_status st;

	memset(&rt, 0, sizeof(rt));
	memset(&res, 0, sizeof(res));
	if ((st = store_process_insert(c, v, in, field, id)) != HD_OK ||
	    (st = pctx_load(c, *id, &p)) != HD_OK)
		return st;
	st = store_process_note_created(c, v, &p);
	if (st == HD_OK)
		st = route(c, &p, &rt, &res);
	if (st == HD_OK)
		st = store_process_assign(c, p.id, &res, "routed", true, 0);
	if (st == HD_OK)
		st = mail_assignees(c, &p, &rt, &res, NULL, 0);
	if (st == HD_OK)
		st = app_notify_receipt(c, &p);
	/* The assignment mails wait for the files announced. */
	if (st == HD_OK && in->attachments_to_follow > 0)
		st = store_attachment_mails_hold(c, *id,
		    in->attachments_to_follow,
		    hd_now_ms() + PROCESS_FOLLOW_WAIT_MS);
	route_result_cleanup(&res);
	store_routing_cleanup(&rt);
	pctx_cleanup(&p);
	return st;
}

/* A create as one job of the writer (db_writer_run), which may run it
 * again after a deadlock: each run starts afresh. */
struct file_job {
	const struct viewer *v;
	const struct process_new *in;
	struct app_reply *r;
	size_t at; /* the answer's length before the job */
};

static enum hd_status
file_job(struct db_conn *c, void *arg)
{
	struct file_job *j = arg;
	struct app_reply *r = j->r;
	enum hd_status st;
	struct hd_jw jw;

	r->field = NULL;
	r->id = 0;
	r->hidden = false;
	if (r->answer != NULL)
		hd_buf_truncate(r->answer, j->at);
	st = app_process_file_in(c, j->v, j->in, &r->field, &r->id);
	/* The answer is written inside the job, as finish() does. */
	if (st == HD_OK && r->answer != NULL) {
		enum hd_status out;

		hd_jw_init(&jw, r->answer);
		jw.lang = r->lang;
		out = store_process_write(c, j->v, r->id, true, &jw);
		if (out == HD_ENOTFOUND)
			r->hidden = true;
		else if (out != HD_OK)
			st = out;
	}
	return st;
}

enum hd_status
app_process_file(
    const struct viewer *v, const struct process_new *in, struct app_reply *r)
{
	struct file_job j = {v, in, r, r->answer != NULL ? r->answer->len : 0};
	enum hd_status st;

	st = db_writer_run(file_job, &j);
	if ((st != HD_OK || r->hidden) && r->answer != NULL)
		hd_buf_truncate(r->answer, j.at);
	if (st != HD_OK)
		r->hidden = false;
	else
		hd_metrics_process_created();
	return st;
}

enum hd_status
app_process_reroute_in(struct db_conn *c, const struct viewer *v, int64_t id)
{
	struct store_routing rt;
	struct route_result res;
	struct pctx p;
	enum hd_status st;
	enum hd_pstatus ps;
	int64_t *before = NULL;
	size_t n_before = 0;

	memset(&rt, 0, sizeof(rt));
	memset(&res, 0, sizeof(res));
	if ((st = store_process_visible(c, v, id)) != HD_OK ||
	    (st = pctx_load(c, id, &p)) != HD_OK)
		return st;
	if (!hd_pstatus_parse(p.status, &ps) || !hd_pstatus_is_open(ps))
		st = HD_ECONFLICT;
	if (st == HD_OK)
		st = store_process_assignee_ids(c, id, &before, &n_before);
	if (st == HD_OK)
		st = route(c, &p, &rt, &res);
	if (st == HD_OK)
		st = store_process_assign(
		    c, id, &res, "rerouted", false, v->user_id);
	if (st == HD_OK)
		st = mail_assignees(c, &p, &rt, &res, before, n_before);
	free(before);
	route_result_cleanup(&res);
	store_routing_cleanup(&rt);
	pctx_cleanup(&p);
	return st;
}

enum hd_status
app_process_reroute(const struct viewer *v, int64_t id, struct app_reply *r)
{
	struct db_conn *c;

	r->field = NULL;
	r->id = id;
	if ((c = db_writer_acquire()) == NULL)
		return HD_EIO;
	return app_process_finish(
	    c, v, id, app_process_reroute_in(c, v, id), r);
}

/* Assigns the employees ids[0..n) to Vorgang p by hand (actor: v's
 * name), mailing those newly assigned; the hand-over note (NULL or "":
 * none) goes into each history entry and assignment mail. */
static enum hd_status
assign_by_hand(struct db_conn *c, const struct viewer *v, const struct pctx *p,
    const int64_t *ids, size_t n, const char *actor, const char *note)
{
	struct store_routing rt;
	struct route_result res;
	enum hd_status st;
	int64_t *before = NULL;
	size_t n_before = 0;

	memset(&rt, 0, sizeof(rt));
	memset(&res, 0, sizeof(res));
	st = store_routing_manual(c, v->org_id, ids, n, actor, &rt, &res);
	for (size_t i = 0; st == HD_OK && i < res.n; i++)
		res.items[i].ev.text = note != NULL && *note ? note : NULL;
	if (st == HD_OK)
		st = store_process_assignee_ids(c, p->id, &before, &n_before);
	if (st == HD_OK)
		st = store_process_assign(
		    c, p->id, &res, "assigned", false, v->user_id);
	if (st == HD_OK)
		st = mail_assignees(c, p, &rt, &res, before, n_before);
	free(before);
	route_result_cleanup(&res);
	store_routing_cleanup(&rt);
	return st;
}

enum hd_status
app_process_change_in(struct db_conn *c, const struct viewer *v, int64_t id,
    const enum hd_pstatus *to, const int64_t *ids, size_t n, const char **field)
{
	return app_process_update_in(c, v, id, to, ids, n, NULL, NULL, field);
}

enum hd_status
app_process_reassign_in(struct db_conn *c, const struct viewer *v, int64_t id,
    const enum hd_pstatus *to, const int64_t *ids, size_t n, const char *note,
    const char **field)
{
	return app_process_update_in(c, v, id, to, ids, n, NULL, note, field);
}

enum hd_status
app_process_change(const struct viewer *v, int64_t id,
    const enum hd_pstatus *to, const int64_t *ids, size_t n,
    const char *comment, const char *note, struct app_reply *r)
{
	struct db_conn *c;
	enum hd_status st;

	r->field = NULL;
	r->id = id;
	if ((c = db_writer_acquire()) == NULL)
		return HD_EIO;
	st = app_process_update_in(
	    c, v, id, to, ids, n, comment, note, &r->field);
	return app_process_finish(c, v, id, st, r);
}

/* Mails a public comment to the other side: the reporter when staff
 * wrote it, the assignees when the reporter did. */
static enum hd_status
mail_comment(struct db_conn *c, const struct viewer *v, const struct pctx *p,
    const char *author, const char *body)
{
	struct store_addressee *to = NULL;
	enum hd_status st;
	size_t n = 0, i;

	if (v->kind != VIEW_CONTACT) {
		if (!p->reporter_is_contact || p->reporter_email[0] == '\0')
			return HD_OK;
		return app_notify_comment(c, p, p->reporter_email,
		    p->reporter_name, p->reporter_lang, true, author, body);
	}
	st = store_process_participants(c, p->id, &to, &n);
	for (i = 0; i < n && st == HD_OK; i++)
		st = app_notify_comment(c, p, to[i].email, to[i].name,
		    to[i].lang, false, author, body);
	free(to);
	return st;
}

/* Whether a change to status to is one the reporter hears of. */
static bool
status_mailed(const struct pctx *p, enum hd_pstatus to)
{
	enum hd_pstatus from;

	if (!hd_pstatus_parse(p->status, &from) || from == to)
		return false;
	return to == HD_PS_WAITING || to == HD_PS_RESOLVED ||
	       to == HD_PS_CLOSED;
}

enum hd_status
app_process_update_in(struct db_conn *c, const struct viewer *v, int64_t id,
    const enum hd_pstatus *to, const int64_t *ids, size_t n,
    const char *comment, const char *note, const char **field)
{
	char actor[256];
	struct pctx p;
	enum hd_status st;
	bool tell, has_comment = comment != NULL && comment[0] != '\0';
	int64_t comment_id = 0;

	*field = NULL;
	if ((st = store_process_visible(c, v, id)) != HD_OK ||
	    (st = pctx_load(c, id, &p)) != HD_OK)
		return st;
	tell = to != NULL && status_mailed(&p, *to);
	st = store_org_user_name(c, v->user_id, actor, sizeof(actor));
	if (st == HD_OK && to != NULL)
		st = store_process_set_status(c, v, &p, *to, actor);
	if (st == HD_OK && ids != NULL) {
		st = assign_by_hand(c, v, &p, ids, n, actor, note);
		if (st == HD_EINVAL)
			*field = "assignee_ids";
	}
	if (st == HD_OK && has_comment)
		st =
		    store_comment_insert(c, v, id, comment, false, &comment_id);
	/* One mail to the reporter: the status with the comment, or the
	 * comment alone. */
	if (st == HD_OK && tell)
		st = app_notify_status(c, &p, hd_pstatus_name(*to), actor,
		    has_comment ? comment : NULL);
	else if (st == HD_OK && has_comment)
		st = mail_comment(c, v, &p, actor, comment);
	pctx_cleanup(&p);
	return st;
}

enum hd_status
app_comment_add_in(struct db_conn *c, const struct viewer *v, int64_t id,
    const char *body, bool internal, int64_t *comment_id)
{
	char author[256];
	struct pctx p;
	enum hd_status st;

	if ((st = store_process_visible(c, v, id)) != HD_OK ||
	    (st = store_comment_insert(c, v, id, body, internal, comment_id)) !=
		HD_OK ||
	    internal)
		return st;
	if ((st = pctx_load(c, id, &p)) != HD_OK)
		return st;
	st = store_org_user_name(c, v->user_id, author, sizeof(author));
	/* The reporter answering a resolved Vorgang reopens it (issue 13,
	 * item 5), with the history entry of the change. */
	if (st == HD_OK && v->kind == VIEW_CONTACT &&
	    strcmp(p.status, hd_pstatus_name(HD_PS_RESOLVED)) == 0)
		st = store_process_set_status(c, v, &p, HD_PS_OPEN, author);
	if (st == HD_OK)
		st = mail_comment(c, v, &p, author, body);
	pctx_cleanup(&p);
	return st;
}

enum hd_status
app_comment_add(const struct viewer *v, int64_t id, const char *body,
    bool internal, struct app_reply *r)
{
	struct db_conn *c;
	enum hd_status st;

	r->field = NULL;
	r->hidden = false;
	r->id = 0;
	if ((c = db_writer_acquire()) == NULL)
		return HD_EIO;
	st = app_comment_add_in(c, v, id, body, internal, &r->id);
	if (st == HD_EFORBIDDEN)
		r->field = "internal";
	return db_writer_release(c, st);
}
