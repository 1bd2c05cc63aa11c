/* SPDX-License-Identifier: MIT */
#include "app/account.h"
#include "app/admin.h"
#include "core/validate.h"
#include "http/handlers.h"
#include "store/contact.h"
#include "store/user.h"
#include "util/str.h"

#include <string.h>

/* Reads the fields of a contact. Creating, name is required; changing,
 * absent fields stay NULL and null removes email or phone. */
static bool
in_contact(struct hd_req *r, struct hd_resp *w, bool create,
    struct store_contact_in *in)
{
	if (!(create ? hd_in_text : hd_in_text_opt)(
		r, w, "name", HD_MAX_NAME, false, &in->name) ||
	    !hd_in_email(r, w, "email", false, &in->email) ||
	    !hd_in_text_opt(r, w, "phone", HD_MAX_SHORT, false, &in->phone))
		return false;
	in->set_email = json_object_get(r->body, "email") != NULL;
	in->set_phone = json_object_get(r->body, "phone") != NULL;
	if (json_is_null(json_object_get(r->body, "name"))) {
		hd_resp_err(w, HD_EINVAL, "name",
		    "name cannot be removed; leave it out to keep it");
		return false;
	}
	return true;
}

/* Answers a failed write of a contact. */
static void
contact_err(struct hd_resp *w, enum hd_status st)
{
	if (st == HD_ENOTFOUND)
		hd_resp_err(w, st, NULL, "no such contact");
	else if (st == HD_ECONFLICT)
		hd_resp_err(
		    w, st, "email", "this e-mail address is already in use");
	else
		hd_resp_err(w, st, NULL, "could not save the contact");
}

void
h_contact_create(struct hd_req *r, struct hd_resp *w)
{
	struct store_contact_in in;
	enum hd_status st;
	int64_t id = 0;
	json_t *j;

	if (!in_contact(r, w, true, &in))
		return;
	if ((st = app_contact_add(r->auth.org_id, &in, &id)) != HD_OK) {
		contact_err(w, st);
		return;
	}
	st = store_contact_json(r->rd, r->auth.org_id, id, false, &j);
	hd_resp_read(w, 201, st, j, "contact");
}

void
h_contact_list(struct hd_req *r, struct hd_resp *w)
{
	int64_t cursor, next;
	enum hd_status st;
	const char *q;
	json_t *items;
	bool archived;
	int limit;

	if (!hd_in_page(r, w, &limit, &cursor) || !hd_in_search(r, w, &q) ||
	    !h_archive_query(r, w, &archived))
		return;
	/* A search scans the contacts: on the search threads (hd_defer). */
	if (q != NULL && hd_defer(r, w))
		return;
	st = store_contact_list(
	    r->rd, r->auth.org_id, q, archived, cursor, limit, &next, &items);
	hd_resp_page(w, st, items, next, "contacts");
}

void
h_contact_get(struct hd_req *r, struct hd_resp *w)
{
	json_t *j;
	enum hd_status st =
	    store_contact_json(r->rd, r->auth.org_id, r->id[0], true, &j);

	hd_resp_read(w, 200, st, j, "contact");
}

void
h_contact_patch(struct hd_req *r, struct hd_resp *w)
{
	struct store_contact_in in;
	enum hd_status st;
	bool done;
	json_t *j;

	if (!h_archive_patch(r, w, STORE_ARCHIVE_CONTACT, "contact", &done))
		return;
	if (done) {
		st = store_contact_json(
		    r->rd, r->auth.org_id, r->id[0], true, &j);
		hd_resp_read(w, 200, st, j, "contact");
		return;
	}
	if (!in_contact(r, w, false, &in))
		return;
	st = app_contact_change(r->auth.org_id, r->id[0], &in);
	if (st != HD_OK) {
		contact_err(w, st);
		return;
	}
	st = store_contact_json(r->rd, r->auth.org_id, r->id[0], true, &j);
	hd_resp_read(w, 200, st, j, "contact");
}

void
h_contact_invite(struct hd_req *r, struct hd_resp *w)
{
	enum hd_status st = app_invite_send(r->auth.org_id, r->id[0], false);

	if (st != HD_OK) {
		if (st == HD_ENOTFOUND)
			hd_resp_err(w, st, NULL, "no such contact");
		else if (st == HD_EINVAL)
			hd_resp_err(w, st, "email",
			    "the contact has no e-mail address; add one first");
		else if (st == HD_ECONFLICT)
			hd_resp_err(w, st, NULL,
			    "this contact already has portal access (or is "
			    "deactivated); a forgotten password can be reset");
		else
			hd_resp_err(
			    w, st, NULL, "could not send the invitation");
		return;
	}
	hd_resp_json(w, 202, json_pack("{s:s}", "status", "sent"));
}
