/* SPDX-License-Identifier: MIT */
/* The reporter card of a Vorgang (reporter.h). */
#include "store/reporter.h"

#include "store/page.h"
#include "store/process_rows.h"

/* The reporter of Vorgang ?4 as v (?1..?3) sees it: kind, id, name,
 * e-mail, phone; their (first) relation to its property; the Vorgang's
 * unit, else that of their (first) tenancy or ownership there. */
static const char *const card_sql =
    "SELECT p.reporter_kind, p.reporter_id, u.name, u.email, u.phone, "
    "(SELECT r.relation FROM residents r WHERE r.contact_id = "
    "p.reporter_id AND r.property_id = p.property_id ORDER BY r.id "
    "LIMIT 1), "
    "coalesce((SELECT n.label FROM units n WHERE n.id = p.unit_id), "
    "(SELECT n.label FROM residents r JOIN units n ON n.id = r.unit_id "
    "WHERE r.contact_id = p.reporter_id AND r.property_id = p.property_id "
    "ORDER BY r.id LIMIT 1)) "
    "FROM processes p JOIN users u ON u.id = p.reporter_id "
    "WHERE p.id = ?4 AND " VISIBLE("p");

/* The reporter's other Vorgänge (?5) v sees, newest first. */
static const char *const others_sql =
    "SELECT p.id, p.number, p.subject, p.status, p.created_at FROM "
    "processes p WHERE p.reporter_id = ?5 AND p.id <> ?4 AND " VISIBLE(
	"p") " ORDER BY p.id DESC LIMIT ?6";

static json_t *
other_row(struct db_stmt *st)
{
	return json_pack("{s:I,s:o,s:o,s:o,s:o}", "id",
	    (json_int_t)db_col_i64(st, 0), "number", store_col_text(st, 1),
	    "subject", store_col_text(st, 2), "status", store_col_text(st, 3),
	    "created_at", store_col_time(st, 4, 1));
}

enum hd_status
store_reporter_json(
    struct db_conn *c, const struct viewer *v, int64_t id, json_t **out)
{
	struct db_stmt *st;
	enum hd_status s;
	json_t *j = NULL, *items = NULL;
	int64_t reporter = 0, next = 0;

	*out = NULL;
	st = db_prepare(c, card_sql);
	db_bind(st, "iiii", v->org_id, (int64_t)v->kind, v->user_id, id);
	if ((s = db_row(st)) == HD_OK) {
		reporter = db_col_i64(st, 1);
		j = json_pack("{s:o,s:I,s:o,s:o,s:o,s:o,s:o}", "kind",
		    store_col_text(st, 0), "id", (json_int_t)reporter, "name",
		    store_col_text(st, 2), "email", store_col_text(st, 3),
		    "phone", store_col_text(st, 4), "relation",
		    store_col_text(st, 5), "unit_label", store_col_text(st, 6));
		if (j == NULL)
			s = HD_ENOMEM;
	}
	db_end(st);
	if (s != HD_OK)
		return s;
	st = db_prepare(c, others_sql);
	db_bind(st, "iiiiii", v->org_id, (int64_t)v->kind, v->user_id, id,
	    reporter, store_row_limit(STORE_REPORTER_OTHERS_MAX));
	if ((s = store_page(st, STORE_REPORTER_OTHERS_MAX, &next, other_row,
		 &items)) != HD_OK) {
		json_decref(j);
		return s;
	}
	if (json_object_set_new(j, "processes", items) != 0 ||
	    json_object_set_new(j, "more_processes", json_boolean(next != 0)) !=
		0) {
		json_decref(j);
		return HD_ENOMEM;
	}
	*out = j;
	return HD_OK;
}
