/* SPDX-License-Identifier: MIT */
/* Inbound mail, intake addresses and "Nicht zugeordnet" (api.md, "Inbound
 * mail"; docs/mail-in.md). */
#include "app/inbound.h"
#include "core/validate.h"
#include "http/crud.h"
#include "http/handlers.h"
#include "store/inbound.h"
#include "util/settings.h"
#include "util/str.h"

#include <string.h>

/* Takes one raw RFC 5322 message: 200 with what it became, 422 when it
 * cannot be parsed (an MTA bounces it), 503 when the database failed
 * (an MTA keeps it and retries; nothing was written). */
void
h_inbound_mail(struct hd_req *r, struct hd_resp *w)
{
	struct app_inbound_in in = {0};
	struct app_inbound_out out;
	const char *rcpt = hd_query(r, "recipient");
	enum hd_status st;
	json_t *j;

	if (rcpt != NULL && (*rcpt == '\0' || !hd_valid_email(rcpt))) {
		hd_resp_err(w, HD_EINVAL, "recipient",
		    "recipient must be an e-mail address");
		return;
	}
	in.raw = r->raw;
	in.len = r->raw_len;
	in.org_id = r->auth.org_id;
	in.recipient = rcpt;
	in.cap = hd_cfg.inbound_cap;
	st = app_inbound_take(&in, &out);
	if (st == HD_EINVAL) {
		hd_resp_err(w, HD_EUNPROCESSABLE, NULL,
		    "the body is not an RFC 5322 message that can be read");
		return;
	}
	if (st == HD_ENOMEM || st == HD_EFULL) {
		hd_resp_err(w, st, NULL, "the mail could not be taken");
		return;
	}
	if (st != HD_OK) {
		hd_resp_err(w, HD_EUNAVAIL, NULL,
		    "the database is not available; nothing was taken, "
		    "send the mail again later");
		return;
	}
	j = json_pack("{s:s}", "result", app_inbound_result_name(out.result));
	if (j != NULL && out.process_id != 0)
		json_object_set_new(
		    j, "process_id", json_integer(out.process_id));
	if (j != NULL && out.comment_id != 0)
		json_object_set_new(
		    j, "comment_id", json_integer(out.comment_id));
	if (j != NULL && out.unassigned_id != 0)
		json_object_set_new(
		    j, "unassigned_id", json_integer(out.unassigned_id));
	if (j != NULL && out.reason != NULL)
		json_object_set_new(j, "reason", json_string(out.reason));
	if (j != NULL && out.dropped > 0)
		json_object_set_new(
		    j, "dropped_attachments", json_integer(out.dropped));
	hd_resp_json(w, 200, j);
}

void
h_unassigned_list(struct hd_req *r, struct hd_resp *w)
{
	hd_crud_list(r, w, store_unassigned_list, "the mails not yet assigned");
}

void
h_unassigned_get(struct hd_req *r, struct hd_resp *w)
{
	hd_crud_get(r, w, store_unassigned_json, r->id[0], 200, "mail");
}

/* An admin completes property and type: the Vorgang is filed and
 * routed; 201 with the mail, now with its process_id. */
void
h_unassigned_complete(struct hd_req *r, struct hd_resp *w)
{
	int64_t property_id, type_id, process_id = 0;
	const char *field = NULL;
	enum hd_status st;

	if (!hd_in_id(r, w, "property_id", true, &property_id) ||
	    !hd_in_id(r, w, "type_id", true, &type_id))
		return;
	st = app_inbound_complete(r->auth.org_id, r->auth.user_id, r->id[0],
	    property_id, type_id, &process_id, &field);
	if (st == HD_ENOTFOUND) {
		hd_resp_err(w, st, NULL, "no such mail");
		return;
	}
	if (st == HD_ECONFLICT) {
		hd_resp_err(w, st, NULL, "this mail is a Vorgang already");
		return;
	}
	if (st == HD_EINVAL || st == HD_EFORBIDDEN) {
		hd_resp_err(w, HD_EINVAL, field,
		    "%s is not one of your "
		    "organisation's",
		    field ? field : "a reference");
		return;
	}
	if (st != HD_OK) {
		hd_resp_err(w, st, NULL, "could not file the Vorgang");
		return;
	}
	hd_crud_get(r, w, store_unassigned_json, r->id[0], 201, "mail");
}

/* The answers of the mailbox store functions. */
static void
mailbox_err(struct hd_resp *w, enum hd_status st)
{
	if (st == HD_ECONFLICT)
		hd_resp_err(w, st, "address",
		    "another mailbox has this address already");
	else if (st == HD_EINVAL)
		hd_resp_err(w, st, "type_id",
		    "type_id must be a process type of your organisation");
	else if (st == HD_ENOTFOUND)
		hd_resp_err(w, st, NULL, "no such mailbox");
	else
		hd_resp_err(w, st, NULL, "could not save the mailbox");
}

void
h_mailbox_create(struct hd_req *r, struct hd_resp *w)
{
	const char *address;
	int64_t type_id, id = 0;
	enum hd_status st;

	if (!hd_in_email(r, w, "address", true, &address) ||
	    !hd_in_id(r, w, "type_id", false, &type_id))
		return;
	st = app_mailbox_add(r->auth.org_id, address, type_id, &id);
	if (st != HD_OK) {
		mailbox_err(w, st);
		return;
	}
	hd_crud_get(r, w, store_mailbox_json, id, 201, "mailbox");
}

void
h_mailbox_list(struct hd_req *r, struct hd_resp *w)
{
	json_t *items = NULL;
	enum hd_status st = store_mailbox_list(r->rd, r->auth.org_id, &items);

	hd_resp_page(w, st, items, 0, "the mailboxes");
}

void
h_mailbox_get(struct hd_req *r, struct hd_resp *w)
{
	hd_crud_get(r, w, store_mailbox_json, r->id[0], 200, "mailbox");
}

void
h_mailbox_patch(struct hd_req *r, struct hd_resp *w)
{
	bool set_type = json_object_get(r->body, "type_id") != NULL;
	const char *address;
	int64_t type_id;
	enum hd_status st;

	if (!hd_in_email(r, w, "address", false, &address) ||
	    !hd_in_id(r, w, "type_id", false, &type_id))
		return;
	st = app_mailbox_change(
	    r->auth.org_id, r->id[0], address, set_type, type_id);
	if (st != HD_OK) {
		mailbox_err(w, st);
		return;
	}
	hd_crud_get(r, w, store_mailbox_json, r->id[0], 200, "mailbox");
}

void
h_mailbox_delete(struct hd_req *r, struct hd_resp *w)
{
	enum hd_status st = app_mailbox_remove(r->auth.org_id, r->id[0]);

	if (st != HD_OK) {
		mailbox_err(w, st);
		return;
	}
	hd_resp_empty(w);
}
