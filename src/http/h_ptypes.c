/* SPDX-License-Identifier: MIT */
#include "app/admin.h"
#include "core/validate.h"
#include "http/handlers.h"
#include "store/ptype.h"

/* Reads "role_ids": distinct role ids in routing order (may be empty).
 * *present tells whether it was sent; required makes absence an error. */
static bool
in_role_ids(struct hd_req *r, struct hd_resp *w, bool required, int64_t *ids,
    size_t *n, bool *present)
{
	if (!hd_in_id_list(
		r, w, "role_ids", STORE_PTYPE_MAX_ROLES, ids, n, present))
		return false;
	if (required && !*present) {
		hd_resp_err(w, HD_EINVAL, "role_ids",
		    "role_ids is required: the role ids in routing order "
		    "(may be empty)");
		return false;
	}
	return true;
}

/* Answers a failed write of a process type. */
static void
ptype_err(struct hd_resp *w, enum hd_status st)
{
	if (st == HD_ENOTFOUND)
		hd_resp_err(w, st, NULL, "no such process type");
	else if (st == HD_ECONFLICT)
		hd_resp_err(
		    w, st, "name", "a process type with this name exists");
	else if (st == HD_EINVAL)
		hd_resp_err(w, st, "role_ids",
		    "role_ids: every id must be a role of your organisation");
	else
		hd_resp_err(w, st, NULL, "could not save the process type");
}

/* "response_hours": whole hours 1..STORE_PTYPE_MAX_RESPONSE_HOURS, or
 * null for none (0 in *out); *given says whether it was sent. */
static bool
in_response_hours(
    struct hd_req *r, struct hd_resp *w, int64_t *out, bool *given)
{
	json_t *v = json_object_get(r->body, "response_hours");

	*out = 0;
	*given = v != NULL;
	if (v == NULL || json_is_null(v))
		return true;
	if (!json_is_integer(v) || json_integer_value(v) < 1 ||
	    json_integer_value(v) > STORE_PTYPE_MAX_RESPONSE_HOURS) {
		hd_resp_err(w, HD_EINVAL, "response_hours",
		    "response_hours must be whole hours from 1 to 8760, or "
		    "null for none");
		return false;
	}
	*out = (int64_t)json_integer_value(v);
	return true;
}

void
h_ptype_create(struct hd_req *r, struct hd_resp *w)
{
	int64_t ids[STORE_PTYPE_MAX_ROLES], id = 0;
	const char *name, *description;
	bool portal = true, has_portal, has_ids, has_hours;
	int64_t hours;
	enum hd_status st;
	json_t *j;
	size_t n;

	if (!hd_in_text(r, w, "name", HD_MAX_NAME, false, &name) ||
	    !hd_in_description(r, w, &description) ||
	    !in_role_ids(r, w, true, ids, &n, &has_ids) ||
	    !hd_in_bool(r, w, "portal", &portal, &has_portal) ||
	    !in_response_hours(r, w, &hours, &has_hours))
		return;
	st = app_ptype_add(r->auth.org_id, name, description, portal, ids, n,
	    has_hours ? &hours : NULL, &id);
	if (st != HD_OK) {
		ptype_err(w, st);
		return;
	}
	st = store_ptype_json(r->rd, r->auth.org_id, id, false, &j);
	hd_resp_read(w, 201, st, j, "process type");
}

void
h_ptype_list(struct hd_req *r, struct hd_resp *w)
{
	int64_t cursor, next;
	enum hd_status st;
	json_t *items;
	bool archived;
	int limit;

	if (!hd_in_page(r, w, &limit, &cursor) ||
	    !h_archive_query(r, w, &archived))
		return;
	st = store_ptype_list(r->rd, r->auth.org_id, r->auth.kind == HD_CONTACT,
	    archived, cursor, limit, &next, &items);
	hd_resp_page(w, st, items, next, "process types");
}

void
h_ptype_get(struct hd_req *r, struct hd_resp *w)
{
	json_t *j;
	enum hd_status st = store_ptype_json(
	    r->rd, r->auth.org_id, r->id[0], r->auth.kind == HD_CONTACT, &j);

	hd_resp_read(w, 200, st, j, "process type");
}

void
h_ptype_patch(struct hd_req *r, struct hd_resp *w)
{
	int64_t ids[STORE_PTYPE_MAX_ROLES];
	const char *name, *description;
	bool portal, has_portal, has_ids, has_hours;
	int64_t hours;
	enum hd_status st;
	bool done;
	json_t *j;
	size_t n;

	if (!h_archive_patch(r, w, STORE_ARCHIVE_PTYPE, "process type", &done))
		return;
	if (!done &&
	    (!hd_in_text_opt(r, w, "name", HD_MAX_NAME, false, &name) ||
		!hd_in_description(r, w, &description) ||
		!in_role_ids(r, w, false, ids, &n, &has_ids) ||
		!hd_in_bool(r, w, "portal", &portal, &has_portal) ||
		!in_response_hours(r, w, &hours, &has_hours)))
		return;
	if (done) {
		st = store_ptype_json(
		    r->rd, r->auth.org_id, r->id[0], false, &j);
		hd_resp_read(w, 200, st, j, "process type");
		return;
	}
	if (json_is_null(json_object_get(r->body, "name"))) {
		hd_resp_err(w, HD_EINVAL, "name",
		    "name cannot be removed; leave it out to keep it");
		return;
	}
	st = app_ptype_change(r->auth.org_id, r->id[0], name, description,
	    has_portal ? &portal : NULL, has_ids ? ids : NULL, n,
	    has_hours ? &hours : NULL);
	if (st != HD_OK) {
		ptype_err(w, st);
		return;
	}
	st = store_ptype_json(r->rd, r->auth.org_id, r->id[0], false, &j);
	hd_resp_read(w, 200, st, j, "process type");
}
