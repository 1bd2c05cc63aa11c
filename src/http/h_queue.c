/* SPDX-License-Identifier: MIT */
/* The work queue beside the lists (issue 13): counts, unread marks and
 * bulk changes of Vorgänge. */
#include "app/queue.h"
#include "core/validate.h"
#include "http/crud.h"
#include "http/handlers.h"
#include "store/process.h"

#include <string.h>

#define MAX_ASSIGNEES 50

void
h_process_count(struct hd_req *r, struct hd_resp *w)
{
	struct viewer v = hd_viewer(r);
	struct process_filter f;
	int64_t n;
	bool more;
	enum hd_status st;

	if (!h_process_filter_read(r, w, &f))
		return;
	/* A count reads up to 10,001 rows, and a sparse filter reads the
	 * organisation's Vorgänge to find them: on the search threads. */
	if (hd_defer(r, w))
		return;
	st = store_process_count(r->rd, &v, &f, &n, &more);
	hd_resp_read(w, 200, st,
	    st == HD_OK
		? json_pack("{s:I,s:b}", "count", (json_int_t)n, "more", more)
		: NULL,
	    "Vorgänge");
}

void
h_process_unread(struct hd_req *r, struct hd_resp *w)
{
	struct viewer v = hd_viewer(r);
	struct hd_buf b;
	struct hd_jw jw;

	hd_buf_init(&b, HD_MAX_RESPONSE);
	hd_jw_init(&jw, &b);
	hd_resp_buf(w, 200, &b, store_process_unread_write(r->rd, &v, &jw));
}

void
h_process_seen(struct hd_req *r, struct hd_resp *w)
{
	struct viewer v = hd_viewer(r);
	enum hd_status st = app_process_seen(&v, r->id[0]);

	if (st == HD_OK)
		hd_resp_empty(w);
	else
		hd_resp_err(w, st, NULL, "%s",
		    st == HD_ENOTFOUND ? "no such Vorgang"
				       : "could not note the Vorgang as read");
}

void
h_process_bulk(struct hd_req *r, struct hd_resp *w)
{
	static const char *const statuses[] = {
	    "open", "in_progress", "waiting", "resolved", "closed", NULL};
	struct viewer v = hd_viewer(r);
	int64_t ids[APP_BULK_MAX], who[MAX_ASSIGNEES];
	struct app_bulk_result out[APP_BULK_MAX];
	struct app_bulk b = {0};
	enum hd_pstatus ps;
	const char *status, *field = NULL;
	size_t n, i;
	bool has_ids, has_who;
	enum hd_status st;
	json_t *items;

	if (!hd_in_id_list(r, w, "ids", APP_BULK_MAX, ids, &n, &has_ids) ||
	    !hd_in_enum(r, w, "status", statuses, false, &status) ||
	    !hd_in_id_list(r, w, "assignee_ids", MAX_ASSIGNEES, who,
		&b.n_assignees, &has_who) ||
	    !hd_in_text_opt(r, w, "note", HD_MAX_TEXT, true, &b.note))
		return;
	if (!has_ids || n == 0) {
		hd_resp_err(w, HD_EINVAL, "ids",
		    "ids must name from 1 to %d Vorgänge", APP_BULK_MAX);
		return;
	}
	if (has_who && b.n_assignees == 0) {
		hd_resp_err(w, HD_EINVAL, "assignee_ids",
		    "assignee_ids must name at least one employee");
		return;
	}
	if (status == NULL && !has_who) {
		hd_resp_err(w, HD_EINVAL, "status",
		    "a bulk change needs a status or assignee_ids");
		return;
	}
	if (b.note != NULL && *b.note == '\0')
		b.note = NULL;
	if (status != NULL && hd_pstatus_parse(status, &ps))
		b.to = &ps;
	if (has_who)
		b.assignee_ids = who;
	st = app_process_bulk(&v, ids, n, &b, out, &field);
	if (st != HD_OK) {
		hd_resp_err(w, st, field, "%s",
		    st == HD_EINVAL ? "assignee_ids: only active employees can "
				      "be assigned"
				    : "could not change the Vorgänge");
		return;
	}
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(
		    items, json_pack("{s:I,s:s}", "id", (json_int_t)out[i].id,
			       "result",
			       out[i].st == HD_OK ? "updated" : "not_found"));
	hd_resp_json(w, 200, json_pack("{s:o}", "items", items));
}
