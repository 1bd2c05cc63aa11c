/* SPDX-License-Identifier: MIT */
/* Reading Vorgänge as their viewer may see them. */
#include "store/process.h"
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

/* Column col as a JSON text value (null for SQL NULL). */
static void
jw_col_text(struct hd_jw *w, const char *key, sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);

	if (t == NULL)
		hd_jw_null(w, key);
	else
		hd_jw_strn(w, key, (const char *)t,
		    (size_t)sqlite3_column_bytes(st, col));
}

/* Column col as a JSON integer (null for SQL NULL). */
static void
jw_col_int(struct hd_jw *w, const char *key, sqlite3_stmt *st, int col)
{
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		hd_jw_null(w, key);
	else
		hd_jw_int(w, key, sqlite3_column_int64(st, col));
}

/* Contacts see who works on it, not why. */
static void
assignee_row(struct hd_jw *w, sqlite3_stmt *st, const struct viewer *v)
{
	hd_jw_obj(w, NULL);
	hd_jw_int(w, "employee_id", sqlite3_column_int64(st, 1));
	jw_col_text(w, "name", st, 2);
	jw_col_int(w, "role_id", st, 3);
	jw_col_text(w, "role_name", st, 4);
	if (v->kind != VIEW_CONTACT)
		jw_col_text(w, "reason", st, 5);
	hd_jw_obj_end(w);
}

/* Runs st (bound) to its end, writing each row with row(); the status
 * of the statement or of the writer. */
static enum hd_status
write_rows(struct db_conn *c, sqlite3_stmt *st, struct hd_jw *w,
    const struct viewer *v,
    void (*row)(struct hd_jw *, sqlite3_stmt *, const struct viewer *))
{
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW && w->st == HD_OK)
		row(w, st, v);
	db_done(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return db_status(c, rc);
	return w->st;
}

static enum hd_status
write_assignees(
    struct db_conn *c, const struct viewer *v, int64_t id, struct hd_jw *w)
{
	sqlite3_stmt *st;
	enum hd_status s;

	st = db_stmt(c, ASSIGNEE_COLS "WHERE a.process_id = ? "
				      "ORDER BY u.name, u.id");
	if (st == NULL)
		return HD_EIO;
	db_bind(st, "i", id);
	hd_jw_arr(w, "assignees");
	s = write_rows(c, st, w, v, assignee_row);
	hd_jw_arr_end(w);
	return s != HD_OK ? s : w->st;
}

static void
history_row(struct hd_jw *w, sqlite3_stmt *st, const struct viewer *v)
{
	(void)v;
	hd_jw_obj(w, NULL);
	hd_jw_time(w, "at", sqlite3_column_int64(st, 0));
	jw_col_text(w, "event", st, 1);
	jw_col_text(w, "text", st, 2);
	hd_jw_obj_end(w);
}

static enum hd_status
write_history(
    struct db_conn *c, const struct viewer *v, int64_t id, struct hd_jw *w)
{
	sqlite3_stmt *st;
	enum hd_status s;

	/* Contacts see when it was filed and how its status changed. */
	st = db_stmt(c, "SELECT at, event, text FROM history WHERE "
			"process_id = ?1 AND (?2 = 0 OR event IN ('created', "
			"'status')) ORDER BY id");
	if (st == NULL)
		return HD_EIO;
	db_bind(st, "ib", id, (int)(v->kind == VIEW_CONTACT));
	hd_jw_arr(w, "history");
	s = write_rows(c, st, w, v, history_row);
	hd_jw_arr_end(w);
	return s != HD_OK ? s : w->st;
}

static void
comment_row(struct hd_jw *w, sqlite3_stmt *st, const struct viewer *v)
{
	(void)v;
	hd_jw_obj(w, NULL);
	hd_jw_int(w, "id", sqlite3_column_int64(st, 0));
	jw_col_text(w, "body", st, 1);
	hd_jw_bool(w, "internal", sqlite3_column_int(st, 2) != 0);
	hd_jw_obj(w, "author");
	jw_col_text(w, "kind", st, 3);
	hd_jw_int(w, "id", sqlite3_column_int64(st, 4));
	jw_col_text(w, "name", st, 5);
	hd_jw_obj_end(w);
	hd_jw_time(w, "created_at", sqlite3_column_int64(st, 6));
	hd_jw_obj_end(w);
}

/* The comments of Vorgang id visible to v as the array key. */
static enum hd_status
write_comments(struct db_conn *c, const struct viewer *v, int64_t id,
    const char *key, struct hd_jw *w)
{
	sqlite3_stmt *st;
	enum hd_status s;

	st = db_stmt(c, "SELECT cm.id, cm.body, cm.internal, u.kind, u.id, "
			"u.name, cm.created_at FROM comments cm "
			"JOIN users u ON u.id = cm.author_id "
			"WHERE cm.process_id = ?1 AND (?2 = 0 OR NOT "
			"cm.internal) ORDER BY cm.id");
	if (st == NULL)
		return HD_EIO;
	db_bind(st, "ib", id, (int)(v->kind == VIEW_CONTACT));
	hd_jw_arr(w, key);
	s = write_rows(c, st, w, v, comment_row);
	hd_jw_arr_end(w);
	return s != HD_OK ? s : w->st;
}

enum hd_status
store_comment_list_write(
    struct db_conn *c, const struct viewer *v, int64_t id, struct hd_jw *w)
{
	enum hd_status s;

	hd_jw_obj(w, NULL);
	s = write_comments(c, v, id, "items", w);
	hd_jw_null(w, "next");
	hd_jw_obj_end(w);
	return s != HD_OK ? s : w->st;
}

/* The columns of a Vorgang as process_fields reads them, and the number
 * of its comments (kept by triggers, migration 005). */
#define PROCESS_COLS                                                           \
	"SELECT p.id, p.number, p.type_id, t.name, p.property_id, pr.name, "   \
	"p.unit_id, un.label, p.reporter_kind, p.reporter_id, ru.name, "       \
	"p.subject, p.description, p.status, p.unrouted, p.created_at, "       \
	"p.updated_at, p.comment_count FROM processes p "                      \
	"JOIN process_types t ON t.id = p.type_id "                            \
	"JOIN properties pr ON pr.id = p.property_id "                         \
	"LEFT JOIN units un ON un.id = p.unit_id "                             \
	"JOIN users ru ON ru.id = p.reporter_id "

/* The members of a Vorgang up to updated_at, inside its open object. */
static void
process_fields(struct hd_jw *w, sqlite3_stmt *st)
{
	hd_jw_int(w, "id", sqlite3_column_int64(st, 0));
	jw_col_text(w, "number", st, 1);
	hd_jw_int(w, "type_id", sqlite3_column_int64(st, 2));
	jw_col_text(w, "type_name", st, 3);
	hd_jw_int(w, "property_id", sqlite3_column_int64(st, 4));
	jw_col_text(w, "property_name", st, 5);
	jw_col_int(w, "unit_id", st, 6);
	jw_col_text(w, "unit_label", st, 7);
	hd_jw_obj(w, "reporter");
	jw_col_text(w, "kind", st, 8);
	hd_jw_int(w, "id", sqlite3_column_int64(st, 9));
	jw_col_text(w, "name", st, 10);
	hd_jw_obj_end(w);
	jw_col_text(w, "subject", st, 11);
	jw_col_text(w, "description", st, 12);
	jw_col_text(w, "status", st, 13);
	hd_jw_bool(w, "unrouted", sqlite3_column_int(st, 14) != 0);
	hd_jw_time(w, "created_at", sqlite3_column_int64(st, 15));
	hd_jw_time(w, "updated_at", sqlite3_column_int64(st, 16));
}

enum hd_status
store_process_write(struct db_conn *c, const struct viewer *v, int64_t id,
    bool full, struct hd_jw *w)
{
	sqlite3_stmt *st;
	enum hd_status s;
	int64_t n_comments = 0;
	int rc;

	st = db_stmt(c, PROCESS_COLS "WHERE " VISIBLE("p") " AND p.id = ?4");
	if (st == NULL)
		return HD_EIO;
	db_bind(st, "iiii", v->org_id, (int64_t)v->kind, v->user_id, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		hd_jw_obj(w, NULL);
		process_fields(w, st);
		n_comments = sqlite3_column_int64(st, 17);
	}
	db_done(st);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? HD_ENOTFOUND : db_status(c, rc);
	if ((s = write_assignees(c, v, id, w)) != HD_OK ||
	    (full && (s = write_history(c, v, id, w)) != HD_OK))
		return s;
	if (full && n_comments == 0) {
		hd_jw_arr(w, "comments");
		hd_jw_arr_end(w);
	} else if (full &&
		   (s = write_comments(c, v, id, "comments", w)) != HD_OK) {
		return s;
	}
	hd_jw_obj_end(w);
	return w->st;
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
 * Writes the Vorgänge ids[0..n) (newest first, already checked visible)
 * with their assignees: two queries for the whole page, stepped side by
 * side (both run newest first), instead of two per Vorgang.
 */
static enum hd_status
bulk_rows(struct db_conn *c, const struct viewer *v, const int64_t *ids, int n,
    struct hd_jw *w)
{
	char list[501 * 21 + 2];
	sqlite3_stmt *st, *as;
	size_t off = 0;
	int i, rc, arc = SQLITE_DONE;
	int64_t pid;

	for (i = 0; i < n; i++)
		off += (size_t)snprintf(list + off, sizeof(list) - off,
		    "%c%lld", i ? ',' : '[', (long long)ids[i]);
	snprintf(list + off, sizeof(list) - off, "]");
	st = db_stmt(c, PROCESS_COLS "WHERE p.id IN (SELECT value FROM "
				     "json_each(?1)) AND p.org_id = ?2 "
				     "ORDER BY p.id DESC");
	as = db_stmt(c, ASSIGNEE_COLS "WHERE a.process_id IN (SELECT value "
				      "FROM json_each(?)) ORDER BY "
				      "a.process_id DESC, u.name, u.id");
	if (st == NULL || as == NULL)
		return HD_EIO;
	db_bind(st, "ti", list, v->org_id);
	db_bind(as, "t", list);
	arc = sqlite3_step(as);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && w->st == HD_OK) {
		pid = sqlite3_column_int64(st, 0);
		hd_jw_obj(w, NULL);
		process_fields(w, st);
		hd_jw_arr(w, "assignees");
		/* Skip rows of a Vorgang newer than this one (none expected),
		 * then write this one's. */
		while (arc == SQLITE_ROW && sqlite3_column_int64(as, 0) > pid)
			arc = sqlite3_step(as);
		while (
		    arc == SQLITE_ROW && sqlite3_column_int64(as, 0) == pid) {
			assignee_row(w, as, v);
			arc = sqlite3_step(as);
		}
		hd_jw_arr_end(w);
		hd_jw_obj_end(w);
	}
	db_done(st);
	db_done(as);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return db_status(c, rc);
	if (arc != SQLITE_DONE && arc != SQLITE_ROW)
		return db_status(c, arc);
	return w->st;
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
	/* One's own queue is the assignment index alone: being assigned
	 * makes a Vorgang visible (product.md), assignments are made only
	 * within the organisation, and bulk_rows checks the organisation
	 * again on every row it writes. */
	if (f->assignee == v->user_id && v->kind != VIEW_CONTACT &&
	    f->status != NULL && f->property_id == 0 && f->type_id == 0 &&
	    !f->unrouted && f->q == NULL)
		return "SELECT x.process_id FROM process_assignees x WHERE "
		       "x.employee_id = ?6 AND x.status = ?5 AND "
		       "(?4 = 0 OR x.process_id < ?4) "
		       "ORDER BY x.process_id DESC LIMIT ?12";
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

enum hd_status
store_process_list_write(struct db_conn *c, const struct viewer *v,
    const struct process_filter *f, int64_t cursor, int limit, struct hd_jw *w)
{
	char like[512];
	sqlite3_stmt *st;
	int64_t ids[501];
	int n = 0;
	int rc = SQLITE_DONE;
	enum hd_status s = HD_OK;

	if (f->q != NULL)
		like_pattern(f->q, like, sizeof(like));
	st = db_stmt(c, list_sql(v, f));
	if (st == NULL)
		return HD_EIO;
	db_bind(st, "iiiitiiibtti", v->org_id, (int64_t)v->kind, v->user_id,
	    cursor, f->status, f->assignee, f->property_id, f->type_id,
	    (int)f->unrouted, f->q ? like : NULL, f->q, (int64_t)limit + 1);
	while (n <= limit && (rc = sqlite3_step(st)) == SQLITE_ROW)
		ids[n++] = sqlite3_column_int64(st, 0);
	db_done(st);
	if (n <= limit && rc != SQLITE_DONE)
		return db_status(c, rc);
	hd_jw_obj(w, NULL);
	hd_jw_arr(w, "items");
	if (n > 0)
		s = bulk_rows(c, v, ids, n > limit ? limit : n, w);
	hd_jw_arr_end(w);
	if (n > limit) {
		char cur[24];

		snprintf(cur, sizeof(cur), "%lld", (long long)ids[limit - 1]);
		hd_jw_str(w, "next", cur);
	} else {
		hd_jw_null(w, "next");
	}
	hd_jw_obj_end(w);
	return s != HD_OK ? s : w->st;
}
