/* SPDX-License-Identifier: MIT */
/*
 * Absences (Abwesenheiten) with a substitute: admins for anyone, an
 * employee for themself (docs/routing.md).
 */
#include "app/absence.h"
#include "core/day.h"
#include "core/validate.h"
#include "http/crud.h"
#include "http/handlers.h"
#include "store/absence.h"

#include <string.h>

/* True when the caller may manage the absences of employee_id; answers
 * 403 otherwise. */
static bool
may_manage(struct hd_req *r, struct hd_resp *w, int64_t employee_id)
{
	if (r->auth.is_admin || r->auth.user_id == employee_id)
		return true;
	hd_resp_err(w, HD_EFORBIDDEN, NULL,
	    "only an administrator or the employee themself may do this");
	return false;
}

/* The day of body field key ("YYYY-MM-DD") into *day; 422 otherwise. */
static bool
in_day(struct hd_req *r, struct hd_resp *w, const char *key, int32_t *day)
{
	json_t *v = json_object_get(r->body, key);

	if (json_is_string(v) && day_iso_parse(json_string_value(v), day))
		return true;
	hd_resp_err(w, HD_EINVAL, key, "%s must be a date YYYY-MM-DD", key);
	return false;
}

/* Why an absence with field at fault was refused. */
static const char *
invalid_why(const char *field)
{
	if (field != NULL && strcmp(field, "ends_on") == 0)
		return "the absence ends before it starts";
	return "the substitute must be another active employee";
}

void
h_absence_create(struct hd_req *r, struct hd_resp *w)
{
	struct absence a = {.employee_id = r->id[0]};
	const char *field = NULL;
	enum hd_status st;
	int64_t id = 0;

	if (!may_manage(r, w, a.employee_id) ||
	    !in_day(r, w, "starts_on", &a.starts_on) ||
	    !in_day(r, w, "ends_on", &a.ends_on) ||
	    !hd_in_id(r, w, "substitute_id", false, &a.substitute_id))
		return;
	st = app_absence_add(r->auth.org_id, r->auth.user_id, &a, &id, &field);
	if (st != HD_OK) {
		hd_resp_err(w, st, field, "%s",
		    st == HD_ENOTFOUND ? "no such employee"
		    : st == HD_ECONFLICT
			? "this absence overlaps another of the employee"
		    : st == HD_EINVAL ? invalid_why(field)
				      : "could not save the absence");
		return;
	}
	hd_crud_get(r, w, store_absence_json, id, 201, "absence");
}

void
h_absence_list(struct hd_req *r, struct hd_resp *w)
{
	enum hd_status st;
	json_t *items;

	if (!may_manage(r, w, r->id[0]))
		return;
	st = store_absence_list(r->rd, r->auth.org_id, r->id[0], &items);
	if (st == HD_ENOTFOUND)
		hd_resp_err(w, st, NULL, "no such employee");
	else
		hd_resp_page(w, st, items, 0, "absences");
}

void
h_absence_current(struct hd_req *r, struct hd_resp *w)
{
	enum hd_status st;
	json_t *items;

	st = store_absence_current(r->rd, r->auth.org_id, app_today(), &items);
	hd_resp_page(w, st, items, 0, "absences");
}

/* Absence r->id[0] of the caller's organisation into *a, when the caller
 * may manage it; answers 404 or 403 otherwise. */
static bool
own_absence(struct hd_req *r, struct hd_resp *w, struct absence *a)
{
	enum hd_status st =
	    store_absence_get(r->rd, r->auth.org_id, r->id[0], a);

	if (st != HD_OK) {
		hd_resp_err(w, st, NULL, "%s",
		    st == HD_ENOTFOUND ? "no such absence"
				       : "could not read the absence");
		return false;
	}
	return may_manage(r, w, a->employee_id);
}

void
h_absence_delete(struct hd_req *r, struct hd_resp *w)
{
	struct absence a;
	enum hd_status st;

	if (!own_absence(r, w, &a))
		return;
	st = app_absence_remove(r->auth.org_id, a.id);
	if (st == HD_OK)
		hd_resp_empty(w);
	else
		hd_resp_err(w, st, NULL, "%s",
		    st == HD_ENOTFOUND ? "no such absence"
				       : "could not delete the absence");
}

void
h_absence_handover(struct hd_req *r, struct hd_resp *w)
{
	const char *note = NULL, *field = NULL;
	struct absence a;
	enum hd_status st;
	size_t n = 0;

	if (!own_absence(r, w, &a) ||
	    !hd_in_text_opt(r, w, "note", HD_MAX_SUBJECT, false, &note))
		return;
	st = app_absence_handover(
	    r->auth.org_id, r->auth.user_id, &a, note, &n, &field);
	if (st != HD_OK) {
		hd_resp_err(w, st, field, "%s",
		    st == HD_EINVAL ? "the absence names no active substitute"
		    : st == HD_ECONFLICT ? "the absence is over"
					 : "could not hand the Vorgänge over");
		return;
	}
	hd_resp_json(w, 200, json_pack("{s:I}", "handed_over", (json_int_t)n));
}

void
h_colleague_list(struct hd_req *r, struct hd_resp *w)
{
	enum hd_status st;
	json_t *items;

	st = store_absence_colleagues(
	    r->rd, r->auth.org_id, app_today(), &items);
	hd_resp_page(w, st, items, 0, "colleagues");
}
