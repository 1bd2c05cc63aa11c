/* SPDX-License-Identifier: MIT */
#include "app/process.h"
#include "core/day.h"
#include "core/event.h"
#include "core/validate.h"
#include "http/crud.h"
#include "http/handlers.h"
#include "store/process.h"
#include "util/clock.h"

#include <string.h>

#define MAX_ASSIGNEES 50

/*
 * Status, assignees and routing are staff matters: a contact gets 403 on
 * its own Vorgang and, like everybody, 404 on one it cannot see.
 */
static bool
staff_only(struct hd_req *r, struct hd_resp *w)
{
	struct viewer v = hd_viewer(r);

	if (v.kind != VIEW_CONTACT)
		return true;
	if (hd_process_shown(r, w, &v, 200))
		hd_resp_err(w, HD_EFORBIDDEN, NULL,
		    "only employees can change a Vorgang");
	return false;
}

/* Answers 200/201 with the full Vorgang as the caller sees it. */
static void
answer_process(struct hd_req *r, struct hd_resp *w, unsigned status)
{
	struct viewer v = hd_viewer(r);
	struct hd_buf b;
	enum hd_status st;

	hd_buf_init(&b, HD_MAX_RESPONSE);
	st = store_process_answer_lang(r->rd, &v, hd_req_lang(r), r->id[0], &b);
	if (st == HD_ENOTFOUND) {
		hd_buf_cleanup(&b);
		hd_resp_err(w, HD_ENOTFOUND, NULL, "no such Vorgang");
	} else {
		hd_resp_buf(w, status, &b, st);
	}
}

/*
 * Answers a use case of a Vorgang that succeeded: the Vorgang as the
 * caller now sees it, written inside the job (app/process.h) and taken
 * from b, with the given HTTP status; 404 when the caller can no longer
 * see it (an employee may hand a Vorgang on to others).
 */
static void
answer_changed(struct hd_resp *w, const struct app_reply *rep, struct hd_buf *b,
    unsigned status)
{
	if (rep->hidden) {
		hd_buf_cleanup(b);
		hd_resp_err(w, HD_ENOTFOUND, NULL, "no such Vorgang");
	} else {
		hd_resp_buf(w, status, b, HD_OK);
	}
}

static const char *
field_message(const char *field)
{
	if (field == NULL)
		return "invalid reference";
	if (strcmp(field, "type_id") == 0)
		return "type_id: no such process type is available to you";
	if (strcmp(field, "property_id") == 0)
		return "property_id: no such property";
	if (strcmp(field, "unit_id") == 0)
		return "unit_id: no such unit in this property";
	if (strcmp(field, "reporter_contact_id") == 0)
		return "reporter_contact_id: no tenant or owner of this "
		       "property has this id";
	return "assignee_ids: only active employees can be assigned";
}

void
h_process_create(struct hd_req *r, struct hd_resp *w)
{
	struct viewer v = hd_viewer(r);
	struct process_new in = {0};
	struct app_reply rep = {0};
	enum hd_status st;
	struct hd_buf b;

	if (!hd_in_id(r, w, "type_id", true, &in.type_id) ||
	    !hd_in_id(r, w, "property_id", true, &in.property_id) ||
	    !hd_in_id(r, w, "unit_id", false, &in.unit_id) ||
	    !hd_in_text(r, w, "subject", HD_MAX_SUBJECT, false, &in.subject) ||
	    !hd_in_text(
		r, w, "description", HD_MAX_TEXT, true, &in.description) ||
	    !hd_in_id(r, w, "reporter_contact_id", false, &in.reporter_id) ||
	    !hd_in_id(r, w, "attachments_to_follow", false,
		&in.attachments_to_follow))
		return;
	if (in.attachments_to_follow > PROCESS_FOLLOW_MAX) {
		hd_resp_err(w, HD_EINVAL, "attachments_to_follow",
		    "attachments_to_follow must be 0 to %d",
		    PROCESS_FOLLOW_MAX);
		return;
	}
	if (v.kind == VIEW_CONTACT && in.reporter_id != 0 &&
	    in.reporter_id != v.user_id) {
		hd_resp_err(w, HD_EFORBIDDEN, "reporter_contact_id",
		    "you can only file requests for yourself");
		return;
	}
	hd_buf_init(&b, HD_MAX_RESPONSE);
	rep.answer = &b;
	rep.lang = hd_req_lang(r);
	if ((st = app_process_file(&v, &in, &rep)) == HD_OK) {
		answer_changed(w, &rep, &b, 201);
		return;
	}
	hd_buf_cleanup(&b);
	if (st == HD_EFORBIDDEN && v.kind == VIEW_CONTACT)
		hd_resp_err(w, st, rep.field,
		    "you can only file requests for properties where "
		    "you are a tenant or an owner and have not moved out");
	else if (st == HD_EFORBIDDEN)
		hd_resp_err(w, st, rep.field,
		    "you can only file Vorgänge for properties where "
		    "you hold a role");
	else if (st == HD_EINVAL)
		hd_resp_err(w, st, rep.field, "%s", field_message(rep.field));
	else
		hd_resp_err(w, st, NULL, "could not file the request");
}

/* Reads ?status=: one status or several separated by commas. */
static bool
read_statuses(struct hd_req *r, struct hd_resp *w, unsigned *out)
{
	const char *s = hd_query(r, "status");
	char name[32];
	enum hd_pstatus ps;
	size_t len;

	*out = 0;
	while (s != NULL && *s != '\0') {
		len = strcspn(s, ",");
		if (len == 0 || len >= sizeof(name))
			goto bad;
		memcpy(name, s, len);
		name[len] = '\0';
		if (!hd_pstatus_parse(name, &ps))
			goto bad;
		*out |= PSTATUS_BIT(ps);
		s += len;
		if (*s == ',' && *++s == '\0')
			goto bad;
	}
	return true;
bad:
	hd_resp_err(w, HD_EINVAL, "status",
	    "status must be one or more of open, in_progress, waiting, "
	    "resolved, closed, separated by commas");
	return false;
}

/* Reads ?sort=. */
static bool
read_sort(struct hd_req *r, struct hd_resp *w, enum process_sort *out)
{
	static const char *const names[] = {
	    "-created", "created", "-activity", "activity", "unanswered"};
	const char *s = hd_query(r, "sort");

	*out = PSORT_NEWEST;
	if (s == NULL || *s == '\0')
		return true;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(s, names[i]) == 0) {
			*out = (enum process_sort)i;
			return true;
		}
	hd_resp_err(w, HD_EINVAL, "sort",
	    "sort must be one of -created, created, -activity, activity, "
	    "unanswered");
	return false;
}

/* The Unix time at which local day `day` begins in the default zone
 * (DAY_ZONE_DEFAULT): the first quarter hour from 14 hours before UTC
 * midnight whose local day it is. */
static int64_t
day_start(int32_t day)
{
	int64_t t = (int64_t)day * 86400 - 14 * 3600;
	int32_t d;

	for (int i = 0; i < 28 * 4; i++, t += 900)
		if (day_local_get(NULL, t, &d) == HD_OK && d == day)
			return t;
	return (int64_t)day * 86400;
}

/* Reads a date ?key=YYYY-MM-DD as the Unix time its local day begins
 * (next: the day after); 0 when absent. */
static bool
read_day(struct hd_req *r, struct hd_resp *w, const char *key, bool next,
    int64_t *out)
{
	const char *s = hd_query(r, key);
	int32_t day;

	*out = 0;
	if (s == NULL || *s == '\0')
		return true;
	if (!day_iso_parse(s, &day)) {
		hd_resp_err(
		    w, HD_EINVAL, key, "%s must be a date YYYY-MM-DD", key);
		return false;
	}
	*out = day_start(next ? day + 1 : day);
	return true;
}

bool
h_process_filter_read(
    struct hd_req *r, struct hd_resp *w, struct process_filter *f)
{
	const char *s;

	memset(f, 0, sizeof(*f));
	if (!read_statuses(r, w, &f->statuses) || !read_sort(r, w, &f->sort))
		return false;
	s = hd_query(r, "assignee");
	if (s != NULL && strcmp(s, "me") == 0)
		f->assignee = r->auth.user_id;
	else if (!hd_query_id(r, w, "assignee", &f->assignee))
		return false;
	if (!hd_query_id(r, w, "property_id", &f->property_id) ||
	    !hd_query_id(r, w, "type_id", &f->type_id) ||
	    !hd_query_id(r, w, "unit_id", &f->unit_id) ||
	    !read_day(r, w, "created_from", false, &f->created_from) ||
	    !read_day(r, w, "created_to", true, &f->created_to))
		return false;
	s = hd_query(r, "unrouted");
	if (s != NULL && strcmp(s, "true") != 0 && strcmp(s, "false") != 0 &&
	    *s != '\0') {
		hd_resp_err(
		    w, HD_EINVAL, "unrouted", "unrouted must be true or false");
		return false;
	}
	f->unrouted = s != NULL && strcmp(s, "true") == 0;
	s = hd_query(r, "overdue");
	if (s != NULL && strcmp(s, "true") != 0 && strcmp(s, "false") != 0 &&
	    *s != '\0') {
		hd_resp_err(
		    w, HD_EINVAL, "overdue", "overdue must be true or false");
		return false;
	}
	f->overdue = s != NULL && strcmp(s, "true") == 0;
	return hd_in_search(r, w, &f->q);
}

void
h_process_list(struct hd_req *r, struct hd_resp *w)
{
	struct viewer v = hd_viewer(r);
	struct process_filter f;
	int64_t cursor;
	int limit;
	struct hd_buf b;
	struct hd_jw jw;
	struct store_queue_page page;

	if (!hd_in_page(r, w, &limit, &cursor) ||
	    !h_process_filter_read(r, w, &f))
		return;
	/* An unchanged queue is sent as kept, without a copy. */
	/* The kept page is German. */
	if (hd_req_lang(r) == HD_LANG_DE &&
	    store_process_queue_page(&v, &f, cursor, limit, &page) == HD_OK) {
		hd_resp_shared(w, page.json, page.len,
		    store_process_queue_page_release, page.lease);
		return;
	}
	/* A search (?q=) scans the Vorgänge — most of a second over a
	 * million: not on an HTTP thread, where it would hold up every
	 * connection that thread serves. Lists start from an index and take
	 * milliseconds; they stay, as does a single Vorgang read (~60 µs,
	 * against the handoff's ~28 µs). */
	if ((f.q != NULL || f.sort >= PSORT_ACTIVE) && hd_defer(r, w))
		return;
	hd_buf_init(&b, HD_MAX_RESPONSE);
	hd_jw_init(&jw, &b);
	jw.lang = hd_req_lang(r);
	hd_resp_buf(w, 200, &b,
	    store_process_list_write(r->rd, &v, &f, cursor, limit, &jw));
}

void
h_process_get(struct hd_req *r, struct hd_resp *w)
{
	answer_process(r, w, 200);
}

/* Reads assignee_ids: a non-empty list of distinct employee ids. */
static bool
read_assignees(
    struct hd_req *r, struct hd_resp *w, int64_t *ids, size_t *n, bool *present)
{
	if (!hd_in_id_list(
		r, w, "assignee_ids", MAX_ASSIGNEES, ids, n, present))
		return false;
	if (*present && *n == 0) {
		hd_resp_err(w, HD_EINVAL, "assignee_ids",
		    "assignee_ids must name at least one employee");
		return false;
	}
	return true;
}

/* Reads the corrections of a PATCH (type_id, property_id, unit_id —
 * null removes it — and subject) into *e; *any: one was given. */
static bool
read_edit(
    struct hd_req *r, struct hd_resp *w, struct process_edit *e, bool *any)
{
	static const char *const keys[] = {"type_id", "property_id", NULL};
	json_t *unit = json_object_get(r->body, "unit_id");
	size_t i;

	memset(e, 0, sizeof(*e));
	for (i = 0; keys[i] != NULL; i++)
		if (json_is_null(json_object_get(r->body, keys[i]))) {
			hd_resp_err(w, HD_EINVAL, keys[i],
			    "%s cannot be removed; leave it out to keep it",
			    keys[i]);
			return false;
		}
	if (!hd_in_id(r, w, "type_id", false, &e->type_id) ||
	    !hd_in_id(r, w, "property_id", false, &e->property_id) ||
	    !hd_in_id(r, w, "unit_id", false, &e->unit_id) ||
	    !hd_in_text_opt(
		r, w, "subject", HD_MAX_SUBJECT, false, &e->subject))
		return false;
	if (e->subject != NULL && e->subject[0] == '\0') {
		hd_resp_err(w, HD_EINVAL, "subject", "subject cannot be empty");
		return false;
	}
	e->has_type = e->type_id != 0;
	e->has_property = e->property_id != 0;
	e->has_unit = unit != NULL;
	*any =
	    e->has_type || e->has_property || e->has_unit || e->subject != NULL;
	return true;
}

/* The message of a refused correction or change. */
static const char *
patch_message(enum hd_status st, const char *field)
{
	if (st == HD_ENOTFOUND)
		return "no such Vorgang";
	if (st == HD_EINVAL && field != NULL && strcmp(field, "type_id") == 0)
		return "type_id: no such process type in your organisation "
		       "(or it is archived)";
	if (st == HD_EINVAL && field != NULL &&
	    strcmp(field, "property_id") == 0)
		return "property_id: no such property in your organisation "
		       "(or it is archived)";
	if (st == HD_EINVAL)
		return field_message(field);
	if (st == HD_EFORBIDDEN)
		return "property_id: you hold no role at this property";
	return "could not update the Vorgang";
}

void
h_process_patch(struct hd_req *r, struct hd_resp *w)
{
	struct viewer v = hd_viewer(r);
	int64_t ids[MAX_ASSIGNEES];
	const char *status, *comment = NULL, *note = NULL;
	struct app_reply rep = {0};
	struct process_edit e;
	enum hd_pstatus ps;
	bool has_ids, edit;
	size_t n;
	enum hd_status st;
	struct hd_buf b;
	static const char *const statuses[] = {
	    "open", "in_progress", "waiting", "resolved", "closed", NULL};

	if (!staff_only(r, w) ||
	    !hd_in_enum(r, w, "status", statuses, false, &status) ||
	    !read_assignees(r, w, ids, &n, &has_ids) ||
	    !hd_in_text_opt(r, w, "comment", HD_MAX_TEXT, true, &comment) ||
	    !hd_in_text_opt(r, w, "note", HD_MAX_NOTE, true, &note) ||
	    !read_edit(r, w, &e, &edit))
		return;
	if (note != NULL && *note != '\0' && !has_ids) {
		hd_resp_err(w, HD_EINVAL, "note",
		    "a hand-over note goes with assignee_ids");
		return;
	}
	if (status != NULL)
		hd_pstatus_parse(status, &ps);
	hd_buf_init(&b, HD_MAX_RESPONSE);
	rep.answer = &b;
	rep.lang = hd_req_lang(r);
	if (edit)
		st = app_process_edit(&v, r->id[0], &e, status ? &ps : NULL,
		    has_ids ? ids : NULL, n, comment, note, &rep);
	else
		st = app_process_change(&v, r->id[0], status ? &ps : NULL,
		    has_ids ? ids : NULL, n, comment, note, &rep);
	if (st == HD_OK) {
		answer_changed(w, &rep, &b, 200);
		return;
	}
	hd_buf_cleanup(&b);
	hd_resp_err(w, st, rep.field, "%s", patch_message(st, rep.field));
}

void
h_process_route_preview(struct hd_req *r, struct hd_resp *w)
{
	struct viewer v = hd_viewer(r);
	enum hd_status st;
	struct hd_buf b;
	struct hd_jw jw;

	if (!staff_only(r, w))
		return;
	hd_buf_init(&b, HD_MAX_RESPONSE);
	hd_jw_init(&jw, &b);
	jw.lang = hd_req_lang(r);
	st = app_process_route_preview(r->rd, &v, r->id[0], &jw);
	if (st == HD_ENOTFOUND) {
		hd_buf_cleanup(&b);
		hd_resp_err(w, st, NULL, "no such Vorgang");
		return;
	}
	hd_resp_buf(w, 200, &b, st);
}

void
h_process_reroute(struct hd_req *r, struct hd_resp *w)
{
	struct viewer v = hd_viewer(r);
	struct app_reply rep = {0};
	enum hd_status st;
	struct hd_buf b;

	if (!staff_only(r, w))
		return;
	hd_buf_init(&b, HD_MAX_RESPONSE);
	rep.answer = &b;
	rep.lang = hd_req_lang(r);
	if ((st = app_process_reroute(&v, r->id[0], &rep)) == HD_OK) {
		answer_changed(w, &rep, &b, 200);
		return;
	}
	hd_buf_cleanup(&b);
	hd_resp_err(w, st, NULL, "%s",
	    st == HD_ENOTFOUND	 ? "no such Vorgang"
	    : st == HD_ECONFLICT ? "a resolved or closed Vorgang cannot "
				   "be re-routed"
				 : "could not re-route the Vorgang");
}

void
h_comment_create(struct hd_req *r, struct hd_resp *w)
{
	struct viewer v = hd_viewer(r);
	bool internal = false, has_internal;
	struct app_reply rep = {0};
	const char *body;
	enum hd_status st;

	if (!hd_in_text(r, w, "body", HD_MAX_TEXT, true, &body) ||
	    !hd_in_bool(r, w, "internal", &internal, &has_internal))
		return;
	st = app_comment_add(&v, r->id[0], body, internal, &rep);
	if (st != HD_OK) {
		hd_resp_err(w, st, rep.field, "%s",
		    st == HD_ENOTFOUND	  ? "no such Vorgang"
		    : st == HD_EFORBIDDEN ? "internal comments are for staff "
					    "only"
					  : "could not save the comment");
		return;
	}
	hd_resp_json(w, 201,
	    json_pack("{s:I,s:I,s:s,s:b,s:{s:s,s:I,s:s},s:o}", "id",
		(json_int_t)rep.id, "process_id", (json_int_t)r->id[0], "body",
		body, "internal", internal, "author", "kind",
		r->auth.kind == HD_CONTACT ? "contact" : "employee", "id",
		(json_int_t)r->auth.user_id, "name", r->auth.name, "created_at",
		hd_json_time(hd_now())));
}

void
h_comment_list(struct hd_req *r, struct hd_resp *w)
{
	struct viewer v = hd_viewer(r);
	struct hd_buf b;
	struct hd_jw jw;

	if (!hd_process_shown(r, w, &v, 200))
		return;
	hd_buf_init(&b, HD_MAX_RESPONSE);
	hd_jw_init(&jw, &b);
	jw.lang = hd_req_lang(r);
	hd_resp_buf(
	    w, 200, &b, store_comment_list_write(r->rd, &v, r->id[0], &jw));
}
