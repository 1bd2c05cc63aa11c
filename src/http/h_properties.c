/* SPDX-License-Identifier: MIT */
#include "app/admin.h"
#include "core/validate.h"
#include "http/crud.h"
#include "http/handlers.h"
#include "store/property.h"
#include "util/str.h"

#include <string.h>

static const char *const unit_kinds[] = {
    "apartment", "commercial", "parking", "other", NULL};
static const char *const relations[] = {"tenant", "owner", NULL};

/* The caller for visibility: a contact's id, 0 for staff (who see all
 * properties of their organisation). */
static int64_t
viewer(const struct hd_req *r)
{
	return r->auth.kind == HD_CONTACT ? r->auth.user_id : 0;
}

/* PATCH: a field that cannot be removed may be absent, not null. */
static bool
not_null(struct hd_req *r, struct hd_resp *w, const char *key)
{
	if (!json_is_null(json_object_get(r->body, key)))
		return true;
	hd_resp_err(w, HD_EINVAL, key,
	    "%s cannot be removed; leave it out to keep it", key);
	return false;
}

/* Reads the fields of a property: all but external_id required when
 * creating; absent ones stay NULL when changing. */
static bool
in_property(struct hd_req *r, struct hd_resp *w, bool create,
    struct store_property_in *in)
{
	bool (*text)(struct hd_req *, struct hd_resp *, const char *, size_t,
	    bool, const char **) = create ? hd_in_text : hd_in_text_opt;

	if (!text(r, w, "name", HD_MAX_NAME, false, &in->name) ||
	    !text(r, w, "street", HD_MAX_NAME, false, &in->street) ||
	    !text(r, w, "postal_code", HD_MAX_SHORT, false, &in->postal_code) ||
	    !text(r, w, "city", HD_MAX_NAME, false, &in->city) ||
	    !hd_in_text_opt(
		r, w, "external_id", HD_MAX_SHORT, false, &in->external_id))
		return false;
	return create ||
	       (not_null(r, w, "name") && not_null(r, w, "street") &&
		   not_null(r, w, "postal_code") && not_null(r, w, "city"));
}

/* What an id field of a request body names, for messages. */
static const char *
id_noun(const char *field)
{
	if (strcmp(field, "employee_id") == 0)
		return "employee";
	if (strcmp(field, "role_id") == 0)
		return "role";
	if (strcmp(field, "contact_id") == 0)
		return "contact";
	return "unit at this property";
}

/* Answers a failed write at a property: field names the body field at
 * fault for HD_EINVAL; conflict_field and conflict describe a 409. */
static void
write_err(struct hd_resp *w, enum hd_status st, const char *field,
    const char *conflict_field, const char *conflict)
{
	if (st == HD_ENOTFOUND)
		hd_resp_err(w, st, NULL, "no such property");
	else if (st == HD_EINVAL && field != NULL)
		hd_resp_err(w, st, field, "%s: no such %s in your organisation",
		    field, id_noun(field));
	else if (st == HD_ECONFLICT)
		hd_resp_err(w, st, conflict_field, "%s", conflict);
	else
		hd_resp_err(w, st, NULL, "could not save the change");
}

/* Answers the property read after a change: status with it, or the
 * failure. */
static void
answer_property(struct hd_req *r, struct hd_resp *w, unsigned status,
    int64_t id, int64_t contact_id)
{
	json_t *j;
	enum hd_status st =
	    store_property_json(r->rd, r->auth.org_id, id, contact_id, &j);

	hd_resp_read(w, status, st, j, "property");
}

/* Whether property r->id[0] is there for contact_id; answers 404 (or
 * the failure to find out) when not. */
static bool
property_found(struct hd_req *r, struct hd_resp *w, int64_t contact_id)
{
	enum hd_status st =
	    store_property_check(r->rd, r->auth.org_id, r->id[0], contact_id);

	if (st == HD_OK)
		return true;
	hd_resp_read(w, 200, st, NULL, "property");
	return false;
}

void
h_property_create(struct hd_req *r, struct hd_resp *w)
{
	struct store_property_in in;
	enum hd_status st;
	int64_t id = 0;

	if (!in_property(r, w, true, &in))
		return;
	if ((st = app_property_add(r->auth.org_id, &in, &id)) != HD_OK) {
		write_err(w, st, NULL, "external_id",
		    "another property has this external_id");
		return;
	}
	answer_property(r, w, 201, id, 0);
}

void
h_property_list(struct hd_req *r, struct hd_resp *w)
{
	int64_t cursor, next;
	enum hd_status st;
	const char *q;
	json_t *items;
	int limit;

	if (!hd_in_page(r, w, &limit, &cursor) || !hd_in_search(r, w, &q))
		return;
	st = store_property_list(
	    r->rd, r->auth.org_id, viewer(r), q, cursor, limit, &next, &items);
	hd_resp_page(w, st, items, next, "properties");
}

void
h_property_get(struct hd_req *r, struct hd_resp *w)
{
	answer_property(r, w, 200, r->id[0], viewer(r));
}

void
h_property_patch(struct hd_req *r, struct hd_resp *w)
{
	struct store_property_in in;
	enum hd_status st;

	if (!in_property(r, w, false, &in))
		return;
	st = app_property_change(r->auth.org_id, r->id[0], &in,
	    json_object_get(r->body, "external_id") != NULL);
	if (st != HD_OK) {
		write_err(w, st, NULL, "external_id",
		    "another property has this external_id");
		return;
	}
	answer_property(r, w, 200, r->id[0], 0);
}

void
h_unit_create(struct hd_req *r, struct hd_resp *w)
{
	const char *label, *kind;
	enum hd_status st;
	int64_t id = 0;

	if (!hd_in_text(r, w, "label", HD_MAX_SHORT, false, &label) ||
	    !hd_in_enum(r, w, "kind", unit_kinds, false, &kind))
		return;
	st = app_unit_add(
	    r->auth.org_id, r->id[0], label, kind ? kind : "apartment", &id);
	if (st != HD_OK) {
		write_err(w, st, NULL, "label",
		    "this property already has a unit with this label");
		return;
	}
	hd_crud_get(r, w, store_unit_json, id, 201, "unit");
}

void
h_unit_list(struct hd_req *r, struct hd_resp *w)
{
	int64_t cursor, next;
	enum hd_status st;
	json_t *items;
	int limit;

	if (!hd_in_page(r, w, &limit, &cursor) ||
	    !property_found(r, w, viewer(r)))
		return;
	st = store_unit_list(r->rd, r->auth.org_id, r->id[0], viewer(r), cursor,
	    limit, &next, &items);
	hd_resp_page(w, st, items, next, "units");
}

void
h_staff_create(struct hd_req *r, struct hd_resp *w)
{
	int64_t employee_id, role_id, id = 0;
	const char *field = NULL;
	enum hd_status st;

	if (!hd_in_id(r, w, "employee_id", true, &employee_id) ||
	    !hd_in_id(r, w, "role_id", true, &role_id))
		return;
	st = app_staff_add(
	    r->auth.org_id, r->id[0], employee_id, role_id, &id, &field);
	if (st != HD_OK) {
		write_err(w, st, field, NULL,
		    "this employee already has this role at this property");
		return;
	}
	hd_crud_get(r, w, store_staff_json, id, 201, "staff assignment");
}

/* A store read of a page of what belongs to property_id. */
typedef enum hd_status (*sub_page_fn)(struct db_conn *c, int64_t org_id,
    int64_t property_id, int64_t cursor, int limit, int64_t *next,
    json_t **items);

/* GET of a list below property r->id[0] (staff): 404 without it. */
static void
sub_list(
    struct hd_req *r, struct hd_resp *w, sub_page_fn list, const char *what)
{
	int64_t cursor, next = 0;
	json_t *items = NULL;
	enum hd_status st;
	int limit;

	if (!hd_in_page(r, w, &limit, &cursor) || !property_found(r, w, 0))
		return;
	st =
	    list(r->rd, r->auth.org_id, r->id[0], cursor, limit, &next, &items);
	hd_resp_page(w, st, items, next, what);
}

void
h_staff_list(struct hd_req *r, struct hd_resp *w)
{
	sub_list(r, w, store_staff_list, "staff assignments");
}

void
h_staff_delete(struct hd_req *r, struct hd_resp *w)
{
	enum hd_status st;

	st = app_staff_remove(r->auth.org_id, r->id[0], r->id[1]);
	if (st == HD_OK)
		hd_resp_empty(w);
	else if (st == HD_ENOTFOUND)
		hd_resp_err(
		    w, st, NULL, "no such staff assignment at this property");
	else
		hd_resp_err(w, st, NULL, "could not remove the assignment");
}

void
h_resident_create(struct hd_req *r, struct hd_resp *w)
{
	int64_t contact_id, unit_id, id = 0;
	const char *relation, *field = NULL;
	enum hd_status st;

	if (!hd_in_id(r, w, "contact_id", true, &contact_id) ||
	    !hd_in_id(r, w, "unit_id", false, &unit_id) ||
	    !hd_in_enum(r, w, "relation", relations, true, &relation))
		return;
	st = app_resident_add(r->auth.org_id, r->id[0], contact_id, unit_id,
	    relation, &id, &field);
	if (st != HD_OK) {
		write_err(w, st, field, NULL,
		    "this contact already has this relation to this property "
		    "(and unit)");
		return;
	}
	hd_crud_get(r, w, store_resident_json, id, 201, "resident");
}

void
h_resident_list(struct hd_req *r, struct hd_resp *w)
{
	sub_list(r, w, store_resident_list, "residents");
}
