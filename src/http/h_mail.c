/* SPDX-License-Identifier: MIT */
#include "core/validate.h"
#include "http/handlers.h"
#include "store/outbox.h"
#include "util/str.h"

#include <string.h>

void
h_mail_list(struct hd_req *r, struct hd_resp *w)
{
	int64_t cursor, next, process_id;
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
	items = store_outbox_list(
	    r->rd, r->auth.org_id, process_id, to, cursor, limit, &next);
	if (items == NULL)
		hd_resp_err(w, HD_EIO, NULL, "could not list the mail");
	else
		hd_resp_list(w, items, next);
}
