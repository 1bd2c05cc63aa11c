/* SPDX-License-Identifier: MIT */
#include "app/admin.h"
#include "core/validate.h"
#include "http/handlers.h"
#include "store/outbox.h"
#include "util/clock.h"
#include "util/str.h"

#include <string.h>

void
h_mail_list(struct hd_req *r, struct hd_resp *w)
{
	int64_t cursor, next, process_id;
	enum hd_status st;
	const char *to;
	json_t *items;
	int limit;

	if (!hd_in_page(r, w, &limit, &cursor) ||
	    !hd_query_id(r, w, "process_id", &process_id))
		return;
	to = hd_query(r, "to");
	if (to != NULL && *to == '\0')
		to = NULL;
	if (to != NULL && (!hd_utf8_valid(to, strlen(to)) ||
			      !hd_valid_text(to, HD_MAX_EMAIL, false))) {
		hd_resp_err(w, HD_EINVAL, "to",
		    "to must be an e-mail address of at most %d bytes",
		    HD_MAX_EMAIL);
		return;
	}
	/* Filtering by address scans the mail log, which grows with every
	 * mail sent: on the search threads (hd_defer). */
	if (to != NULL && hd_defer(r, w))
		return;
	st = store_outbox_list(r->rd, r->auth.org_id, process_id, to, cursor,
	    limit, &next, &items);
	hd_resp_page(w, st, items, next, "the mail");
}

/* Queues a failed mail of the caller's organisation again: the same
 * Message-ID, due now, with a fresh give-up clock. */
void
h_mail_resend(struct hd_req *r, struct hd_resp *w)
{
	enum hd_status st = app_mail_resend(r->auth.org_id, r->id[0]);
	json_t *j;

	if (st == HD_OK) {
		st = store_outbox_json(r->rd, r->auth.org_id, r->id[0], &j);
		hd_resp_read(w, 200, st, j, "mail");
	} else if (st == HD_ENOTFOUND) {
		hd_resp_err(w, st, NULL, "no such mail");
	} else if (st == HD_ECONFLICT) {
		hd_resp_err(w, st, NULL,
		    "only failed mail can be sent again; this one is queued "
		    "or sent");
	} else {
		hd_resp_err(w, st, NULL, "could not queue the mail again");
	}
}

/* Queues every failed mail of the caller's organisation again. */
void
h_mail_resend_all(struct hd_req *r, struct hd_resp *w)
{
	int64_t n = 0;
	enum hd_status st = app_mail_resend_all(r->auth.org_id, &n);

	if (st != HD_OK) {
		hd_resp_err(w, st, NULL, "could not queue the mail again");
		return;
	}
	hd_resp_json(w, 200, json_pack("{s:I}", "resent", (json_int_t)n));
}
