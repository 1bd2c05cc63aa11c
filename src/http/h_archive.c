/* SPDX-License-Identifier: MIT */
/*
 * Ending things (issue 13, item 4): archiving types, properties and
 * contacts (their PATCH with {"archived": bool}, their lists' ?archived=),
 * and editing and removing units and residents.
 */
#include "app/archive.h"
#include "core/day.h"
#include "core/validate.h"
#include "http/handlers.h"
#include "store/property.h"

#include <string.h>

static const char *const unit_kinds[] = {
    "apartment", "commercial", "parking", "other", NULL};
static const char *const relations[] = {"tenant", "owner", NULL};

bool
h_archive_query(struct hd_req *r, struct hd_resp *w, bool *archived)
{
	const char *s = hd_query(r, "archived");

	*archived = s != NULL && strcmp(s, "true") == 0;
	if (s == NULL || *s == '\0' || strcmp(s, "true") == 0 ||
	    strcmp(s, "false") == 0)
		return true;
	hd_resp_err(w, HD_EINVAL, "archived", "archived must be true or false");
	return false;
}

bool
h_archive_patch(struct hd_req *r, struct hd_resp *w, enum store_archivable what,
    const char *noun, bool *done)
{
	json_t *v = json_object_get(r->body, "archived");
	enum hd_status st;

	*done = false;
	if (v == NULL)
		return true;
	if (!json_is_boolean(v)) {
		hd_resp_err(
		    w, HD_EINVAL, "archived", "archived must be true or false");
		return false;
	}
	if (json_object_size(r->body) != 1) {
		hd_resp_err(w, HD_EINVAL, "archived",
		    "archived is changed on its own, without other fields");
		return false;
	}
	st = app_archive_set(r->auth.org_id, what, r->id[0], json_is_true(v));
	if (st == HD_ENOTFOUND)
		hd_resp_err(w, st, NULL, "no such %s", noun);
	else if (st != HD_OK)
		hd_resp_err(w, st, NULL, "could not save the change");
	*done = st == HD_OK;
	return st == HD_OK;
}

void
h_unit_patch(struct hd_req *r, struct hd_resp *w)
{
	const char *label, *kind;
	enum hd_status st;
	json_t *j;

	if (!hd_in_text_opt(r, w, "label", HD_MAX_SHORT, false, &label) ||
	    !hd_in_enum(r, w, "kind", unit_kinds, false, &kind))
		return;
	if (label != NULL && label[0] == '\0') {
		hd_resp_err(w, HD_EINVAL, "label", "label cannot be empty");
		return;
	}
	st = app_unit_change(r->auth.org_id, r->id[0], r->id[1], label, kind);
	if (st == HD_ENOTFOUND)
		hd_resp_err(w, st, NULL, "no such unit at this property");
	else if (st == HD_ECONFLICT)
		hd_resp_err(w, st, "label",
		    "this property already has a unit with this label");
	else if (st != HD_OK)
		hd_resp_err(w, st, NULL, "could not save the change");
	if (st != HD_OK)
		return;
	st = store_unit_json(r->rd, r->auth.org_id, r->id[1], &j);
	hd_resp_read(w, 200, st, j, "unit");
}

void
h_unit_delete(struct hd_req *r, struct hd_resp *w)
{
	enum hd_status st = app_unit_remove(r->auth.org_id, r->id[0], r->id[1]);

	if (st == HD_OK)
		hd_resp_empty(w);
	else if (st == HD_ENOTFOUND)
		hd_resp_err(w, st, NULL, "no such unit at this property");
	else if (st == HD_ECONFLICT)
		hd_resp_err(w, st, NULL,
		    "Vorgänge or residents name this unit; change them first");
	else
		hd_resp_err(w, st, NULL, "could not remove the unit");
}

/* Reads moved_out_on: "YYYY-MM-DD", or null for none. */
static bool
in_moved_out(
    struct hd_req *r, struct hd_resp *w, struct store_resident_change *in)
{
	json_t *v = json_object_get(r->body, "moved_out_on");

	in->set_moved_out = v != NULL;
	if (v == NULL || json_is_null(v))
		return true;
	if (json_is_string(v) &&
	    day_iso_parse(json_string_value(v), &in->moved_out_on)) {
		in->has_moved_out = true;
		return true;
	}
	hd_resp_err(w, HD_EINVAL, "moved_out_on",
	    "moved_out_on must be a date YYYY-MM-DD, or null for none");
	return false;
}

void
h_resident_patch(struct hd_req *r, struct hd_resp *w)
{
	struct store_resident_change in = {0};
	const char *field = NULL;
	enum hd_status st;
	json_t *j;

	if (!hd_in_enum(r, w, "relation", relations, false, &in.relation) ||
	    !hd_in_id(r, w, "unit_id", false, &in.unit_id) ||
	    !in_moved_out(r, w, &in))
		return;
	in.set_unit = json_object_get(r->body, "unit_id") != NULL;
	st = app_resident_change(
	    r->auth.org_id, r->id[0], r->id[1], &in, &field);
	if (st == HD_ENOTFOUND)
		hd_resp_err(w, st, NULL, "no such resident at this property");
	else if (st == HD_EINVAL)
		hd_resp_err(
		    w, st, field, "unit_id: no such unit at this property");
	else if (st == HD_ECONFLICT)
		hd_resp_err(w, st, NULL,
		    "this contact already has this relation to this property "
		    "(and unit)");
	else if (st != HD_OK)
		hd_resp_err(w, st, NULL, "could not save the change");
	if (st != HD_OK)
		return;
	st = store_resident_json(r->rd, r->auth.org_id, r->id[1], &j);
	hd_resp_read(w, 200, st, j, "resident");
}

void
h_resident_delete(struct hd_req *r, struct hd_resp *w)
{
	enum hd_status st =
	    app_resident_remove(r->auth.org_id, r->id[0], r->id[1]);

	if (st == HD_OK)
		hd_resp_empty(w);
	else if (st == HD_ENOTFOUND)
		hd_resp_err(w, st, NULL, "no such resident at this property");
	else
		hd_resp_err(w, st, NULL, "could not remove the resident");
}
