/* SPDX-License-Identifier: MIT */
/* Correcting a Vorgang and previewing its re-routing (process.h). */
#include "app/absence.h"
#include "app/process.h"
#include "core/event.h"
#include "core/route.h"
#include "store/pctx.h"
#include "store/routing.h"
#include "util/jsonw.h"

#include <stdlib.h>
#include <string.h>

enum hd_status
app_process_edit_in(struct db_conn *c, const struct viewer *v, int64_t id,
    const struct process_edit *e, const enum hd_pstatus *to, const int64_t *ids,
    size_t n, const char *comment, const char *note, const char **field)
{
	char actor[256];
	struct pctx p;
	enum hd_status st;
	bool moved = false;

	*field = NULL;
	if ((st = store_process_visible(c, v, id)) != HD_OK ||
	    (st = pctx_load(c, id, &p)) != HD_OK)
		return st;
	st = store_org_user_name(c, v->user_id, actor, sizeof(actor));
	if (st == HD_OK)
		st = store_process_edit(c, v, &p, e, actor, field, &moved);
	pctx_cleanup(&p);
	if (st == HD_OK && (to != NULL || ids != NULL || comment != NULL))
		st = app_process_update_in(
		    c, v, id, to, ids, n, comment, note, field);
	return st;
}

enum hd_status
app_process_edit(const struct viewer *v, int64_t id,
    const struct process_edit *e, const enum hd_pstatus *to, const int64_t *ids,
    size_t n, const char *comment, const char *note, struct app_reply *r)
{
	struct db_conn *c;
	enum hd_status st;

	r->field = NULL;
	r->id = id;
	if ((c = db_writer_acquire()) == NULL)
		return HD_EIO;
	st = app_process_edit_in(
	    c, v, id, e, to, ids, n, comment, note, &r->field);
	return app_process_finish(c, v, id, st, r);
}

/* Whether the employees of res are exactly before[0..n). */
static bool
same_people(const struct route_result *res, const int64_t *before, size_t n)
{
	size_t i, k;

	if (res->n != n)
		return false;
	for (i = 0; i < res->n; i++) {
		bool found = false;

		for (k = 0; k < n && !found; k++)
			found = before[k] == res->items[i].employee_id;
		if (!found)
			return false;
	}
	return true;
}

/* Writes the preview of res (the assignees now: before[0..n)). */
static enum hd_status
write_preview(const struct route_result *res, const int64_t *before, size_t n,
    struct hd_jw *w)
{
	char text[EVENT_TEXT_MAX];
	enum hd_status st = HD_OK;
	size_t i;

	hd_jw_obj(w, NULL);
	hd_jw_arr(w, "assignees");
	for (i = 0; i < res->n && st == HD_OK; i++) {
		const struct route_assignee *a = &res->items[i];

		st = event_render(&a->ev, w->lang, text, sizeof(text));
		hd_jw_obj(w, NULL);
		hd_jw_int(w, "employee_id", a->employee_id);
		hd_jw_str(w, "name", a->employee_name);
		if (a->role_id != 0)
			hd_jw_int(w, "role_id", a->role_id);
		else
			hd_jw_null(w, "role_id");
		hd_jw_str(w, "role_name", a->role_name);
		hd_jw_str(w, "reason", text);
		hd_jw_obj_end(w);
	}
	hd_jw_arr_end(w);
	hd_jw_bool(w, "unrouted", res->unrouted);
	if (st == HD_OK && res->unrouted && res->n == 0) {
		st = event_render(&res->why, w->lang, text, sizeof(text));
		hd_jw_str(w, "why", text);
	} else {
		hd_jw_null(w, "why");
	}
	hd_jw_arr(w, "current");
	for (i = 0; i < n; i++)
		hd_jw_int(w, NULL, before[i]);
	hd_jw_arr_end(w);
	hd_jw_bool(w, "changes", !same_people(res, before, n));
	hd_jw_obj_end(w);
	return st;
}

enum hd_status
app_process_route_preview(
    struct db_conn *c, const struct viewer *v, int64_t id, struct hd_jw *w)
{
	struct store_routing rt;
	struct route_result res;
	struct pctx p;
	enum hd_status st;
	int64_t *before = NULL;
	size_t n_before = 0;

	memset(&rt, 0, sizeof(rt));
	memset(&res, 0, sizeof(res));
	if ((st = store_process_visible(c, v, id)) != HD_OK ||
	    (st = pctx_load(c, id, &p)) != HD_OK)
		return st;
	st = store_process_assignee_ids(c, id, &before, &n_before);
	if (st == HD_OK)
		st = app_process_route_once(c, &p, app_today(), &rt, &res);
	if (st == HD_OK)
		st = write_preview(&res, before, n_before, w);
	free(before);
	route_result_cleanup(&res);
	store_routing_cleanup(&rt);
	pctx_cleanup(&p);
	return st;
}
