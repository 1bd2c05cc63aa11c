/* SPDX-License-Identifier: MIT */
/* Reading Vorgänge as their viewer may see them. */
#include "store/process.h"
#include "util/jsonx.h"
#include "util/str.h"

#include <string.h>

/* The visibility rule, shared by every query below: ?V1 org, ?V2 viewer
 * kind, ?V3 viewer id (product.md, "Who may see what"). */
#define VISIBLE(p)                                                             \
	p ".org_id = ?1 AND (?2 = 0 OR (?2 = 2 AND " p ".reporter_id = ?3) "   \
	  "OR (?2 = 1 AND (" p ".created_by = ?3 OR EXISTS (SELECT 1 FROM "    \
	  "process_assignees a WHERE a.process_id = " p ".id AND "             \
	  "a.employee_id = ?3) OR EXISTS (SELECT 1 FROM staff s WHERE "        \
	  "s.property_id = " p ".property_id AND s.employee_id = ?3))))"

enum hd_status
store_process_visible(struct db_conn *c, const struct viewer *v, int64_t id)
{
	int64_t x;
	enum hd_status st;

	st = db_int(c, &x,
	    "SELECT p.id FROM processes p WHERE " VISIBLE("p") " AND p.id = ?4",
	    "iiii", v->org_id, (int64_t)v->kind, v->user_id, id);
	return st;
}

/* Columns: process id, employee id, name, role id, role name, reason. */
#define ASSIGNEE_COLS                                                          \
	"SELECT a.process_id, a.employee_id, u.name, a.role_id, r.name, "      \
	"a.reason FROM process_assignees a "                                   \
	"JOIN users u ON u.id = a.employee_id "                                \
	"LEFT JOIN roles r ON r.id = a.role_id "

/* Contacts see who works on it, not why. */
static json_t *
assignee_row(sqlite3_stmt *st, const struct viewer *v)
{
	json_t *o = json_pack("{s:I,s:s,s:o,s:o}", "employee_id",
	    (json_int_t)sqlite3_column_int64(st, 1), "name", db_text(st, 2),
	    "role_id",
	    sqlite3_column_type(st, 3) == SQLITE_NULL
		? json_null()
		: json_integer(sqlite3_column_int64(st, 3)),
	    "role_name",
	    hd_json_str_or_null((const char *)sqlite3_column_text(st, 4)));

	if (o != NULL && v->kind != VIEW_CONTACT)
		json_object_set_new(o, "reason", json_string(db_text(st, 5)));
	return o;
}

static json_t *
assignees_json(struct db_conn *c, const struct viewer *v, int64_t id)
{
	sqlite3_stmt *st;
	json_t *arr = json_array();

	st = db_stmt(c, ASSIGNEE_COLS "WHERE a.process_id = ? "
				      "ORDER BY u.name, u.id");
	if (st == NULL || arr == NULL) {
		json_decref(arr);
		return NULL;
	}
	db_bind(st, "i", id);
	while (sqlite3_step(st) == SQLITE_ROW)
		json_array_append_new(arr, assignee_row(st, v));
	db_done(st);
	return arr;
}

static json_t *
history_json(struct db_conn *c, const struct viewer *v, int64_t id)
{
	sqlite3_stmt *st;
	json_t *arr = json_array();

	/* Contacts see when it was filed and how its status changed. */
	st = db_stmt(c, "SELECT at, event, text FROM history WHERE "
			"process_id = ?1 AND (?2 = 0 OR event IN ('created', "
			"'status')) ORDER BY id");
	if (st == NULL || arr == NULL) {
		json_decref(arr);
		return NULL;
	}
	db_bind(st, "ib", id, (int)(v->kind == VIEW_CONTACT));
	while (sqlite3_step(st) == SQLITE_ROW)
		json_array_append_new(
		    arr, json_pack("{s:o,s:s,s:s}", "at",
			     hd_json_time(sqlite3_column_int64(st, 0)), "event",
			     db_text(st, 1), "text", db_text(st, 2)));
	db_done(st);
	return arr;
}

json_t *
store_comment_list(struct db_conn *c, const struct viewer *v, int64_t id)
{
	sqlite3_stmt *st;
	json_t *arr = json_array();

	st = db_stmt(c, "SELECT cm.id, cm.body, cm.internal, u.kind, u.id, "
			"u.name, cm.created_at FROM comments cm "
			"JOIN users u ON u.id = cm.author_id "
			"WHERE cm.process_id = ?1 AND (?2 = 0 OR NOT "
			"cm.internal) ORDER BY cm.id");
	if (st == NULL || arr == NULL) {
		json_decref(arr);
		return NULL;
	}
	db_bind(st, "ib", id, (int)(v->kind == VIEW_CONTACT));
	while (sqlite3_step(st) == SQLITE_ROW)
		json_array_append_new(arr,
		    json_pack("{s:I,s:s,s:b,s:{s:s,s:I,s:s},s:o}", "id",
			(json_int_t)sqlite3_column_int64(st, 0), "body",
			db_text(st, 1), "internal", sqlite3_column_int(st, 2),
			"author", "kind", db_text(st, 3), "id",
			(json_int_t)sqlite3_column_int64(st, 4), "name",
			db_text(st, 5), "created_at",
			hd_json_time(sqlite3_column_int64(st, 6))));
	db_done(st);
	return arr;
}

/* The columns of a Vorgang as process_row reads them. */
#define PROCESS_COLS                                                           \
	"SELECT p.id, p.number, p.type_id, t.name, p.property_id, pr.name, "   \
	"p.unit_id, un.label, p.reporter_kind, p.reporter_id, ru.name, "       \
	"p.subject, p.description, p.status, p.unrouted, p.created_at, "       \
	"p.updated_at FROM processes p "                                       \
	"JOIN process_types t ON t.id = p.type_id "                            \
	"JOIN properties pr ON pr.id = p.property_id "                         \
	"LEFT JOIN units un ON un.id = p.unit_id "                             \
	"JOIN users ru ON ru.id = p.reporter_id "

static json_t *
process_row(sqlite3_stmt *st)
{
	return json_pack("{s:I,s:s,s:I,s:s,s:I,s:s,s:o,s:o,"
			 "s:{s:s,s:I,s:s},s:s,s:s,s:s,s:b,s:o,s:o}",
	    "id", (json_int_t)sqlite3_column_int64(st, 0), "number",
	    db_text(st, 1), "type_id", (json_int_t)sqlite3_column_int64(st, 2),
	    "type_name", db_text(st, 3), "property_id",
	    (json_int_t)sqlite3_column_int64(st, 4), "property_name",
	    db_text(st, 5), "unit_id",
	    sqlite3_column_type(st, 6) == SQLITE_NULL
		? json_null()
		: json_integer(sqlite3_column_int64(st, 6)),
	    "unit_label",
	    hd_json_str_or_null((const char *)sqlite3_column_text(st, 7)),
	    "reporter", "kind", db_text(st, 8), "id",
	    (json_int_t)sqlite3_column_int64(st, 9), "name", db_text(st, 10),
	    "subject", db_text(st, 11), "description", db_text(st, 12),
	    "status", db_text(st, 13), "unrouted", sqlite3_column_int(st, 14),
	    "created_at", hd_json_time(sqlite3_column_int64(st, 15)),
	    "updated_at", hd_json_time(sqlite3_column_int64(st, 16)));
}

json_t *
store_process_json(
    struct db_conn *c, const struct viewer *v, int64_t id, bool full)
{
	sqlite3_stmt *st;
	json_t *j = NULL, *parts[3] = {NULL, NULL, NULL};

	st = db_stmt(c, PROCESS_COLS "WHERE " VISIBLE("p") " AND p.id = ?4");
	if (st == NULL)
		return NULL;
	db_bind(st, "iiii", v->org_id, (int64_t)v->kind, v->user_id, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		j = process_row(st);
	db_done(st);
	if (j == NULL)
		return NULL;
	parts[0] = assignees_json(c, v, id);
	if (full) {
		parts[1] = history_json(c, v, id);
		parts[2] = store_comment_list(c, v, id);
	}
	if (parts[0] == NULL || (full && (!parts[1] || !parts[2]))) {
		json_decref(j);
		json_decref(parts[0]);
		json_decref(parts[1]);
		json_decref(parts[2]);
		return NULL;
	}
	json_object_set_new(j, "assignees", parts[0]);
	if (full) {
		json_object_set_new(j, "history", parts[1]);
		json_object_set_new(j, "comments", parts[2]);
	}
	return j;
}

/* Builds "%text%" for LIKE with %, _ and \ escaped by '\'. */
static void
like_pattern(const char *q, char *buf, size_t n)
{
	size_t o = 0;

	buf[o++] = '%';
	for (; *q && o + 3 < n; q++) {
		if (*q == '%' || *q == '_' || *q == '\\')
			buf[o++] = '\\';
		buf[o++] = *q;
	}
	buf[o++] = '%';
	buf[o] = '\0';
}

/*
 * Appends the Vorgänge ids[0..n) (newest first, already checked visible)
 * with their assignees to items: two queries for the whole page instead
 * of two per Vorgang.
 */
static enum hd_status
bulk_rows(struct db_conn *c, const struct viewer *v, const int64_t *ids, int n,
    json_t *items)
{
	char list[501 * 21 + 2];
	sqlite3_stmt *st;
	size_t off = 0, k = 0;
	int i, rc;

	for (i = 0; i < n; i++)
		off += (size_t)snprintf(list + off, sizeof(list) - off,
		    "%c%lld", i ? ',' : '[', (long long)ids[i]);
	snprintf(list + off, sizeof(list) - off, "]");
	st = db_stmt(c, PROCESS_COLS "WHERE p.id IN (SELECT value FROM "
				     "json_each(?)) ORDER BY p.id DESC");
	if (st == NULL)
		return HD_EIO;
	db_bind(st, "t", list);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(items, process_row(st));
	db_done(st);
	if (rc != SQLITE_DONE)
		return db_status(c, rc);
	st = db_stmt(c, ASSIGNEE_COLS "WHERE a.process_id IN (SELECT value "
				      "FROM json_each(?)) ORDER BY "
				      "a.process_id DESC, u.name, u.id");
	if (st == NULL)
		return HD_EIO;
	db_bind(st, "t", list);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t pid = sqlite3_column_int64(st, 0);
		json_t *o;

		/* Both lists run newest first: advance to this Vorgang. */
		while (k < json_array_size(items) &&
		       json_integer_value(json_object_get(
			   json_array_get(items, k), "id")) != pid)
			k++;
		if (k == json_array_size(items))
			break;
		o = json_array_get(items, k);
		if (json_object_get(o, "assignees") == NULL)
			json_object_set_new(o, "assignees", json_array());
		json_array_append_new(
		    json_object_get(o, "assignees"), assignee_row(st, v));
	}
	db_done(st);
	for (k = 0; k < json_array_size(items); k++)
		if (json_object_get(json_array_get(items, k), "assignees") ==
		    NULL)
			json_object_set_new(json_array_get(items, k),
			    "assignees", json_array());
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? HD_OK : db_status(c, rc);
}

/* The filters every list query shares: ?7 property, ?8 type, ?9 unrouted,
 * ?10 LIKE pattern and ?11 number for q. */
#define FILTERS                                                                \
	" AND (?7 = 0 OR p.property_id = ?7) AND (?8 = 0 OR p.type_id = ?8)"   \
	" AND (?9 = 0 OR p.unrouted = 1) AND (?10 IS NULL OR p.number = ?11"   \
	" COLLATE NOCASE OR p.subject LIKE ?10 ESCAPE '\\' OR"                 \
	" p.description LIKE ?10 ESCAPE '\\')"

/*
 * The list query for this viewer and filter, all with the same
 * parameters (?1 org, ?2 viewer kind, ?3 viewer, ?4 cursor, ?5 status,
 * ?6 assignee, ?7..?11 FILTERS, ?12 limit). Each starts from the index
 * that narrows most: a queue from the assignments (status kept beside
 * them), a tenant's list from the reporter, everything else from the
 * organisation's Vorgänge, newest first.
 */
static const char *
list_sql(const struct viewer *v, const struct process_filter *f)
{
	if (f->assignee != 0 && f->status != NULL)
		return "SELECT p.id FROM process_assignees x CROSS JOIN "
		       "processes p ON p.id = x.process_id WHERE "
		       "x.employee_id = ?6 AND x.status = ?5 AND "
		       "(?4 = 0 OR x.process_id < ?4) AND " VISIBLE("p") FILTERS
		    " ORDER BY x.process_id DESC LIMIT ?12";
	if (f->assignee != 0)
		return "SELECT p.id FROM process_assignees x CROSS JOIN "
		       "processes p ON p.id = x.process_id WHERE "
		       "x.employee_id = ?6 AND (?4 = 0 OR x.process_id < ?4) "
		       "AND " VISIBLE("p") FILTERS
		    " ORDER BY x.process_id DESC LIMIT ?12";
	if (v->kind == VIEW_CONTACT)
		return "SELECT p.id FROM processes p WHERE p.reporter_id = ?3 "
		       "AND p.org_id = ?1 AND ?2 = 2 AND (?4 = 0 OR p.id < ?4) "
		       "AND (?5 IS NULL OR p.status = ?5) AND ?6 = 0" FILTERS
		       " ORDER BY p.id DESC LIMIT ?12";
	return "SELECT p.id FROM processes p WHERE " VISIBLE(
	    "p") " AND (?4 = 0 OR p.id < ?4) AND (?5 IS NULL OR p.status = ?5)"
		 " AND ?6 = 0" FILTERS " ORDER BY p.id DESC LIMIT ?12";
}

json_t *
store_process_list(struct db_conn *c, const struct viewer *v,
    const struct process_filter *f, int64_t cursor, int limit, int64_t *next)
{
	char like[512];
	sqlite3_stmt *st;
	json_t *items = json_array();
	int64_t ids[501];
	int n = 0;
	int rc;

	*next = 0;
	if (f->q != NULL)
		like_pattern(f->q, like, sizeof(like));
	st = db_stmt(c, list_sql(v, f));
	if (st == NULL || items == NULL) {
		json_decref(items);
		return NULL;
	}
	db_bind(st, "iiiitiiibtti", v->org_id, (int64_t)v->kind, v->user_id,
	    cursor, f->status, f->assignee, f->property_id, f->type_id,
	    (int)f->unrouted, f->q ? like : NULL, f->q, (int64_t)limit + 1);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n <= limit)
		ids[n++] = sqlite3_column_int64(st, 0);
	db_done(st);
	if (n > limit) {
		n = limit;
		*next = ids[n - 1];
	}
	if (n > 0 && bulk_rows(c, v, ids, n, items) != HD_OK) {
		json_decref(items);
		return NULL;
	}
	return items;
}
