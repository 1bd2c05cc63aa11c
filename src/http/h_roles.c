/* SPDX-License-Identifier: MIT */
#include "app/admin.h"
#include "core/validate.h"
#include "http/crud.h"
#include "http/handlers.h"
#include "store/role.h"

/* Answers a failed write of a role. */
static void
role_err(struct hd_resp *w, enum hd_status st, const char *what)
{
	if (st == HD_ENOTFOUND)
		hd_resp_err(w, st, NULL, "no such role");
	else if (st == HD_ECONFLICT)
		hd_resp_err(w, st, "name", "a role with this name exists");
	else
		hd_resp_err(w, st, NULL, "could not %s the role", what);
}

/* The optional "assign" of a role's body into *mode (*has: given).
 * False, with the answer written, for anything but a known mode. */
static bool
in_assign(
    struct hd_req *r, struct hd_resp *w, enum assign_mode *mode, bool *has)
{
	json_t *v = json_object_get(r->body, "assign");

	*has = v != NULL;
	if (v == NULL)
		return true;
	if (!json_is_string(v) ||
	    !assign_mode_parse(json_string_value(v), mode)) {
		hd_resp_err(w, HD_EINVAL, "assign",
		    "assign must be \"all\", \"round_robin\" or "
		    "\"least_open\"");
		return false;
	}
	return true;
}

void
h_role_create(struct hd_req *r, struct hd_resp *w)
{
	const char *name, *description;
	enum assign_mode mode = ASSIGN_ALL;
	enum hd_status st;
	bool has_mode;
	int64_t id = 0;

	if (!hd_in_text(r, w, "name", HD_MAX_NAME, false, &name) ||
	    !hd_in_description(r, w, &description) ||
	    !in_assign(r, w, &mode, &has_mode))
		return;
	st = app_role_add(
	    r->auth.org_id, name, description, has_mode ? &mode : NULL, &id);
	if (st != HD_OK) {
		role_err(w, st, "create");
		return;
	}
	hd_crud_get(r, w, store_role_json, id, 201, "role");
}

void
h_role_list(struct hd_req *r, struct hd_resp *w)
{
	hd_crud_list(r, w, store_role_list, "roles");
}

void
h_role_get(struct hd_req *r, struct hd_resp *w)
{
	hd_crud_get(r, w, store_role_json, r->id[0], 200, "role");
}

void
h_role_patch(struct hd_req *r, struct hd_resp *w)
{
	const char *name, *description;
	enum assign_mode mode = ASSIGN_ALL;
	enum hd_status st;
	bool has_mode;

	if (!hd_in_text_opt(r, w, "name", HD_MAX_NAME, false, &name) ||
	    !hd_in_description(r, w, &description) ||
	    !in_assign(r, w, &mode, &has_mode))
		return;
	if (name == NULL && json_object_get(r->body, "name") != NULL) {
		hd_resp_err(w, HD_EINVAL, "name",
		    "name cannot be removed; leave it out to keep it");
		return;
	}
	st = app_role_change(r->auth.org_id, r->id[0], name, description,
	    has_mode ? &mode : NULL);
	if (st != HD_OK) {
		role_err(w, st, "update");
		return;
	}
	hd_crud_get(r, w, store_role_json, r->id[0], 200, "role");
}

void
h_role_delete(struct hd_req *r, struct hd_resp *w)
{
	enum hd_status st;

	st = app_role_remove(r->auth.org_id, r->id[0]);
	if (st == HD_OK)
		hd_resp_empty(w);
	else if (st == HD_ECONFLICT)
		hd_resp_err(w, st, NULL,
		    "the role is still in use: by staff assignments, process "
		    "types, Vorgänge assigned through it or as the fallback "
		    "role (see in_use)");
	else
		role_err(w, st, "delete");
}
