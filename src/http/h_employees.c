/* SPDX-License-Identifier: MIT */
#include "app/account.h"
#include "app/admin.h"
#include "app/handover.h"
#include "core/validate.h"
#include "http/crud.h"
#include "http/handlers.h"
#include "store/reporter.h"
#include "store/setting.h"
#include "store/token.h"
#include "store/user.h"

#include <string.h>

void
h_employee_create(struct hd_req *r, struct hd_resp *w)
{
	const char *name, *email;
	bool is_admin = false, has_admin;
	enum hd_status st;
	int64_t id = 0;

	if (!hd_in_text(r, w, "name", HD_MAX_NAME, false, &name) ||
	    !hd_in_email(r, w, "email", true, &email) ||
	    !hd_in_bool(r, w, "is_admin", &is_admin, &has_admin))
		return;
	st = app_employee_add(r->auth.org_id, name, email, is_admin, &id);
	if (st != HD_OK) {
		hd_resp_err(w, st, st == HD_ECONFLICT ? "email" : NULL, "%s",
		    st == HD_ECONFLICT ? "this e-mail address is already in use"
				       : "could not create the employee");
		return;
	}
	hd_crud_get(r, w, store_employee_json, id, 201, "employee");
}

void
h_employee_list(struct hd_req *r, struct hd_resp *w)
{
	const char *q, *active;
	int64_t cursor, next;
	enum hd_status st;
	json_t *items;
	int limit;

	if (!hd_in_page(r, w, &limit, &cursor) || !hd_in_search(r, w, &q))
		return;
	active = hd_query(r, "active");
	if (active != NULL && strcmp(active, "true") != 0 &&
	    strcmp(active, "false") != 0 && *active != '\0') {
		hd_resp_err(
		    w, HD_EINVAL, "active", "active must be true or false");
		return;
	}
	if (q != NULL || (active != NULL && *active != '\0'))
		st = store_employee_search(r->rd, r->auth.org_id, q,
		    active == NULL || *active == '\0' ? -1
		    : strcmp(active, "true") == 0     ? 1
						      : 0,
		    cursor, limit, &next, &items);
	else
		st = store_employee_list(
		    r->rd, r->auth.org_id, cursor, limit, &next, &items);
	hd_resp_page(w, st, items, next, "employees");
}

void
h_employee_get(struct hd_req *r, struct hd_resp *w)
{
	hd_crud_get(r, w, store_employee_json, r->id[0], 200, "employee");
}

void
h_employee_patch(struct hd_req *r, struct hd_resp *w)
{
	bool is_admin, has_admin, active, has_active;
	const char *name;
	enum hd_status st;

	if (!hd_in_text_opt(r, w, "name", HD_MAX_NAME, false, &name) ||
	    !hd_in_bool(r, w, "is_admin", &is_admin, &has_admin) ||
	    !hd_in_bool(r, w, "active", &active, &has_active))
		return;
	if (r->id[0] == r->auth.user_id &&
	    ((has_admin && !is_admin) || (has_active && !active))) {
		hd_resp_err(w, HD_ECONFLICT, has_active ? "active" : "is_admin",
		    "you cannot remove your own admin rights or deactivate "
		    "yourself");
		return;
	}
	/* Deactivation ends the sessions and revokes the API tokens for
	 * good: reactivating gives back the login, not the old tokens. */
	st = app_employee_change(r->auth.org_id, r->id[0], name,
	    has_admin ? &is_admin : NULL, has_active ? &active : NULL);
	if (st != HD_OK) {
		hd_resp_err(w, st, NULL, "%s",
		    st == HD_ENOTFOUND ? "no such employee"
				       : "could not update the employee");
		return;
	}
	hd_crud_get(r, w, store_employee_json, r->id[0], 200, "employee");
}

void
h_employee_invite(struct hd_req *r, struct hd_resp *w)
{
	enum hd_status st = app_invite_send(r->auth.org_id, r->id[0], true);

	if (st != HD_OK) {
		hd_resp_err(w, st, NULL, "%s",
		    st == HD_ENOTFOUND	 ? "no such employee"
		    : st == HD_ECONFLICT ? "this employee has already accepted "
					   "the invitation or is deactivated"
					 : "could not send the invitation");
		return;
	}
	hd_resp_json(w, 202, json_pack("{s:s}", "status", "sent"));
}

/* Answers the settings of the caller's organisation. */
static void
settings_answer(struct hd_req *r, struct hd_resp *w)
{
	json_t *j;
	enum hd_status st = store_settings_json(r->rd, r->auth.org_id, &j);

	hd_resp_read(w, 200, st, j, "organisation");
}

void
h_settings_get(struct hd_req *r, struct hd_resp *w)
{
	settings_answer(r, w);
}

void
h_settings_patch(struct hd_req *r, struct hd_resp *w)
{
	enum hd_status st;
	int64_t role_id;

	if (json_object_get(r->body, "fallback_role_id") == NULL) {
		settings_answer(r, w);
		return;
	}
	if (!hd_in_id(r, w, "fallback_role_id", false, &role_id))
		return;
	st = app_settings_set_fallback(r->auth.org_id, role_id);
	if (st != HD_OK) {
		hd_resp_err(w, st, "fallback_role_id", "%s",
		    st == HD_EINVAL ? "no such role"
				    : "could not save the settings");
		return;
	}
	settings_answer(r, w);
}

void
h_employee_handover(struct hd_req *r, struct hd_resp *w)
{
	struct viewer v = {r->auth.org_id, r->auth.user_id, VIEW_ADMIN};
	bool reroute = false, has_reroute, more = false;
	const char *note = NULL;
	int64_t to = 0;
	size_t moved = 0;
	enum hd_status st;

	if (!hd_in_id(r, w, "to_employee_id", false, &to) ||
	    !hd_in_bool(r, w, "reroute", &reroute, &has_reroute) ||
	    !hd_in_text_opt(r, w, "note", HD_MAX_NOTE, true, &note))
		return;
	if ((to != 0) == reroute) {
		hd_resp_err(w, HD_EINVAL, "to_employee_id",
		    "name either to_employee_id or reroute: true");
		return;
	}
	st = app_employee_handover(&v, r->id[0], to, note, &moved, &more);
	if (st != HD_OK) {
		hd_resp_err(w, st, st == HD_EINVAL ? "to_employee_id" : NULL,
		    "%s",
		    st == HD_ENOTFOUND	 ? "no such employee"
		    : st == HD_ECONFLICT ? "deactivate the employee first"
		    : st == HD_EINVAL ? "to_employee_id: only another active "
					"employee can take the Vorgänge"
				      : "could not hand the Vorgänge over");
		return;
	}
	hd_resp_json(w, 200,
	    json_pack("{s:I,s:b}", "moved", (json_int_t)moved, "more", more));
}

void
h_process_reporter(struct hd_req *r, struct hd_resp *w)
{
	struct viewer v = hd_viewer(r);
	enum hd_status st;
	json_t *j;

	st = store_reporter_json(r->rd, &v, r->id[0], &j);
	hd_resp_read(w, 200, st, j, "Vorgang");
}
