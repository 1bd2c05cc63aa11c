/* SPDX-License-Identifier: MIT */
/* Reading Vorgänge as their viewer may see them. */
#include "store/attachment.h"
#include "store/event_json.h"
#include "store/process_rows.h"
#include "util/str.h"

#include <string.h>

enum hd_status
store_process_visible(struct db_conn *c, const struct viewer *v, int64_t id)
{
	int64_t x;
	enum hd_status st;

	st = db_scalar(c, &x,
	    "SELECT p.id FROM processes p WHERE " VISIBLE("p") " AND p.id = ?4",
	    "iiii", v->org_id, (int64_t)v->kind, v->user_id, id);
	return st;
}

enum hd_status
store_process_in_org(struct db_conn *c, int64_t org_id, int64_t id)
{
	int64_t x;

	return db_scalar(c, &x,
	    "SELECT id FROM processes WHERE id = ? AND org_id = ?", "ii", id,
	    org_id);
}

/* Column col as a JSON text value (null for SQL NULL). */
static void
jw_col_text(struct hd_jw *w, const char *key, struct db_stmt *st, int col)
{
	size_t len;
	const char *t = db_col_text_or_null(st, col, &len);

	if (t == NULL)
		hd_jw_null(w, key);
	else
		hd_jw_strn(w, key, t, len);
}

/* Column col as a JSON integer (null for SQL NULL). */
static void
jw_col_int(struct hd_jw *w, const char *key, struct db_stmt *st, int col)
{
	if (db_col_null(st, col))
		hd_jw_null(w, key);
	else
		hd_jw_int(w, key, db_col_i64(st, col));
}

/* The event stored in column data as a sentence in v's language; the
 * text of column text for a row from before events. */
static void
jw_event(struct hd_jw *w, const char *key, struct db_stmt *st, int data,
    int text, const struct viewer *v)
{
	char buf[EVENT_TEXT_MAX];
	size_t len;

	(void)v;
	event_json_render(db_col_text_or_null(st, data, &len),
	    db_col_text(st, text), (enum hd_lang)w->lang, buf, sizeof(buf));
	hd_jw_str(w, key, buf);
}

/* Contacts see who works on it, not why. */
void
assignee_row(struct hd_jw *w, struct db_stmt *st, const struct viewer *v)
{
	hd_jw_obj(w, NULL);
	hd_jw_int(w, "employee_id", db_col_i64(st, 1));
	jw_col_text(w, "name", st, 2);
	jw_col_int(w, "role_id", st, 3);
	jw_col_text(w, "role_name", st, 4);
	if (v->kind != VIEW_CONTACT)
		jw_event(w, "reason", st, 6, 5, v);
	hd_jw_obj_end(w);
}

/* Runs st (bound) to its end, writing each row with row(); the status
 * of the statement or of the writer. */
static enum hd_status
write_rows(struct db_stmt *st, struct hd_jw *w, const struct viewer *v,
    void (*row)(struct hd_jw *, struct db_stmt *, const struct viewer *))
{
	enum hd_status s;

	while (w->st == HD_OK && db_step(st))
		row(w, st, v);
	s = db_end(st);
	return s != HD_OK ? s : w->st;
}

/* The assignees of a Vorgang from st (assignees_send), noted in m too;
 * ends st. */
static enum hd_status
write_assignees(struct db_stmt *st, const struct viewer *v, struct hd_jw *w,
    struct vc_meta *m)
{
	enum hd_status s;

	hd_jw_arr(w, "assignees");
	while (w->st == HD_OK && db_step(st)) {
		assignee_row(w, st, v);
		vc_meta_assignee(m, db_col_i64(st, 1));
	}
	if ((s = db_end(st)) != HD_OK)
		return s;
	hd_jw_arr_end(w);
	return w->st;
}

/* The reads of one Vorgang are sent at once (db_send) and read in turn:
 * on PostgreSQL one round trip for all of them. */
static struct db_stmt *
sent(struct db_stmt *st)
{
	db_send(st);
	return st;
}

static struct db_stmt *
assignees_send(struct db_conn *c, int64_t id)
{
	struct db_stmt *st =
	    db_prepare(c, ASSIGNEE_COLS "WHERE a.process_id "
					"= ? ORDER BY u.name, u.id");

	db_bind(st, "i", id);
	return sent(st);
}

static void
history_row(struct hd_jw *w, struct db_stmt *st, const struct viewer *v)
{
	size_t len;
	const char *data = db_col_text_or_null(st, 3, &len);
	struct event ev;

	event_init(&ev, EVENT_LEGACY);
	hd_jw_obj(w, NULL);
	hd_jw_time(w, "at", db_col_i64(st, 0));
	jw_col_text(w, "event", st, 1);
	jw_event(w, "text", st, 3, 2, v);
	/* The event's code, for a client that shows its own words. */
	if (data != NULL && event_json_read(data, &ev) == HD_OK)
		hd_jw_str(w, "code", event_code_name(ev.code));
	event_cleanup(&ev);
	hd_jw_obj_end(w);
}

/* Contacts see when it was filed and how its status changed. */
static struct db_stmt *
history_send(struct db_conn *c, const struct viewer *v, int64_t id)
{
	struct db_stmt *st;

	st = db_prepare(c, "SELECT at, event, text, data FROM history WHERE "
			   "process_id = ?1 AND (?2 = 0 OR event IN "
			   "('created', 'status')) ORDER BY id");
	db_bind(st, "ib", id, (int)(v->kind == VIEW_CONTACT));
	return sent(st);
}

/* Ends st. */
static enum hd_status
write_history(struct db_stmt *st, const struct viewer *v, struct hd_jw *w)
{
	enum hd_status s;

	hd_jw_arr(w, "history");
	s = write_rows(st, w, v, history_row);
	hd_jw_arr_end(w);
	return s != HD_OK ? s : w->st;
}

static void
comment_row(struct hd_jw *w, struct db_stmt *st, const struct viewer *v)
{
	(void)v;
	hd_jw_obj(w, NULL);
	hd_jw_int(w, "id", db_col_i64(st, 0));
	jw_col_text(w, "body", st, 1);
	hd_jw_bool(w, "internal", db_col_int(st, 2) != 0);
	hd_jw_obj(w, "author");
	jw_col_text(w, "kind", st, 3);
	hd_jw_int(w, "id", db_col_i64(st, 4));
	jw_col_text(w, "name", st, 5);
	hd_jw_obj_end(w);
	hd_jw_time(w, "created_at", db_col_i64(st, 6));
	hd_jw_obj_end(w);
}

/* The comments of Vorgang id visible to v. */
static struct db_stmt *
comments_send(struct db_conn *c, const struct viewer *v, int64_t id)
{
	struct db_stmt *st;

	st = db_prepare(c, "SELECT cm.id, cm.body, cm.internal, u.kind, u.id, "
			   "u.name, cm.created_at FROM comments cm "
			   "JOIN users u ON u.id = cm.author_id "
			   "WHERE cm.process_id = ?1 AND (?2 = 0 OR "
			   "cm.internal = 0) ORDER BY cm.id");
	db_bind(st, "ib", id, (int)(v->kind == VIEW_CONTACT));
	return sent(st);
}

/* The comments of st (comments_send) as the array key; ends st. */
static enum hd_status
write_comments(struct db_stmt *st, const struct viewer *v, const char *key,
    struct hd_jw *w)
{
	enum hd_status s;

	hd_jw_arr(w, key);
	s = write_rows(st, w, v, comment_row);
	hd_jw_arr_end(w);
	return s != HD_OK ? s : w->st;
}

enum hd_status
store_comment_list_write(
    struct db_conn *c, const struct viewer *v, int64_t id, struct hd_jw *w)
{
	enum hd_status s;

	hd_jw_obj(w, NULL);
	s = write_comments(comments_send(c, v, id), v, "items", w);
	hd_jw_null(w, "next");
	hd_jw_obj_end(w);
	return s != HD_OK ? s : w->st;
}

void
process_fields(struct hd_jw *w, struct db_stmt *st)
{
	hd_jw_int(w, "id", db_col_i64(st, 0));
	jw_col_text(w, "number", st, 1);
	hd_jw_int(w, "type_id", db_col_i64(st, 2));
	jw_col_text(w, "type_name", st, 3);
	hd_jw_int(w, "property_id", db_col_i64(st, 4));
	jw_col_text(w, "property_name", st, 5);
	jw_col_int(w, "unit_id", st, 6);
	jw_col_text(w, "unit_label", st, 7);
	hd_jw_obj(w, "reporter");
	jw_col_text(w, "kind", st, 8);
	hd_jw_int(w, "id", db_col_i64(st, 9));
	jw_col_text(w, "name", st, 10);
	hd_jw_obj_end(w);
	jw_col_text(w, "subject", st, 11);
	jw_col_text(w, "description", st, 12);
	jw_col_text(w, "status", st, 13);
	hd_jw_bool(w, "unrouted", db_col_int(st, 14) != 0);
	hd_jw_bool(w, "overdue", db_col_int(st, 20) != 0);
	hd_jw_time(w, "created_at", db_col_i64(st, 15));
	hd_jw_time(w, "updated_at", db_col_i64(st, 16));
}

void
process_meta(struct db_stmt *st, struct vc_meta *m)
{
	m->org_id = db_col_i64(st, 18);
	m->property_id = db_col_i64(st, 4);
	m->created_by = db_col_i64(st, 19);
	m->n_assignees = 0;
}

/*
 * store_process_write, also giving what the answer cache keeps: the meta
 * and where the object (from its '{' at *start) ends its assignees.
 */
static enum hd_status
process_write(struct db_conn *c, const struct viewer *v, int64_t id, bool full,
    struct hd_jw *w, struct vc_meta *m, size_t *start, size_t *split)
{
	struct db_stmt *st, *as, *hs = NULL, *cs = NULL, *ts = NULL;
	enum hd_status s;
	int64_t n_comments = 0;

	/* All sent before the first is read. The rows of a Vorgang v may
	 * not see are read and dropped unwritten: the first query decides. */
	st = db_prepare(c, PROCESS_COLS "WHERE " VISIBLE("p") " AND p.id = ?4");
	db_bind(st, "iiii", v->org_id, (int64_t)v->kind, v->user_id, id);
	db_send(st);
	as = assignees_send(c, id);
	if (full) {
		hs = history_send(c, v, id);
		cs = comments_send(c, v, id);
		ts = sent(store_attachment_list_prepare(c, id));
	}
	if ((s = db_row(st)) == HD_OK) {
		hd_jw_obj(w, NULL);
		*start = w->b->len - 1;
		process_fields(w, st);
		process_meta(st, m);
		n_comments = db_col_i64(st, 17);
	}
	db_end(st);
	if (s != HD_OK)
		goto out;
	s = write_assignees(as, v, w, m);
	as = NULL;
	if (s != HD_OK)
		goto out;
	*split = w->b->len - *start;
	if (!full)
		goto out;
	s = write_history(hs, v, w);
	hs = NULL;
	if (s != HD_OK)
		goto out;
	if (n_comments == 0) {
		hd_jw_arr(w, "comments");
		hd_jw_arr_end(w);
	} else {
		s = write_comments(cs, v, "comments", w);
		cs = NULL;
		if (s != HD_OK)
			goto out;
	}
	s = store_attachment_list_write_st(ts, "attachments", w);
	ts = NULL;
out:
	/* The reads not written: ended unread. */
	if (as != NULL)
		db_end(as);
	if (hs != NULL)
		db_end(hs);
	if (cs != NULL)
		db_end(cs);
	if (ts != NULL)
		db_end(ts);
	if (s != HD_OK)
		return s;
	hd_jw_obj_end(w);
	return w->st;
}

enum hd_status
store_process_write(struct db_conn *c, const struct viewer *v, int64_t id,
    bool full, struct hd_jw *w)
{
	struct vc_meta m;
	size_t start = 0, split = 0;

	return process_write(c, v, id, full, w, &m, &start, &split);
}

/*
 * Whether employee or admin v may see the Vorgang id of cached meta m:
 * the rule (core/visibility.h) asked with what the entry notes, the
 * facts it lacks read only when they decide — the staff of the property,
 * then (for more assignees than the entry notes) the assignment.
 */
static enum hd_status
visible_cached(struct db_conn *c, const struct viewer *v, int64_t id,
    const struct vc_meta *m)
{
	struct vis_facts f = {.org_id = m->org_id,
	    .created_by = m->created_by,
	    .reporter_id = 0, /* contacts are never answered from it */
	    .assigned = m->n_assignees < 0 ? VIS_UNKNOWN : VIS_NO,
	    .staff = VIS_UNKNOWN};
	enum vis_answer a;
	enum hd_status st = HD_OK;
	int64_t yes = 0;

	for (int i = 0; i < m->n_assignees; i++)
		if (m->assignees[i] == v->user_id)
			f.assigned = VIS_YES;
	if ((a = visibility_process(v, &f)) == VIS_DEPENDS) {
		st = db_scalar(c, &yes,
		    "SELECT CASE WHEN EXISTS (SELECT 1 FROM staff WHERE "
		    "employee_id = ? AND property_id = ?) THEN 1 ELSE 0 END",
		    "ii", v->user_id, m->property_id);
		f.staff = yes ? VIS_YES : VIS_NO;
	}
	if (st == HD_OK && a == VIS_DEPENDS &&
	    (a = visibility_process(v, &f)) == VIS_DEPENDS) {
		st = db_scalar(c, &yes,
		    "SELECT CASE WHEN EXISTS (SELECT 1 FROM process_assignees "
		    "WHERE process_id = ? AND employee_id = ?) THEN 1 ELSE 0 "
		    "END",
		    "ii", id, v->user_id);
		f.assigned = yes ? VIS_YES : VIS_NO;
		a = visibility_process(v, &f);
	}
	if (st != HD_OK)
		return st;
	return a == VIS_VISIBLE ? HD_OK : HD_ENOTFOUND;
}

enum hd_status
store_process_answer(
    struct db_conn *c, const struct viewer *v, int64_t id, struct hd_buf *b)
{
	return store_process_answer_lang(c, v, HD_LANG_DE, id, b);
}

enum hd_status
store_process_answer_lang(struct db_conn *c, const struct viewer *v, int lang,
    int64_t id, struct hd_buf *b)
{
	/* The cache keeps the German answer. */
	bool cached =
	    v->kind != VIEW_CONTACT && lang == HD_LANG_DE && vcache_on();
	size_t start = 0, split = 0, at = b->len;
	uint64_t t = 0;
	struct vc_meta m;
	struct hd_jw w;
	enum hd_status st;
	bool begun;

	if (cached && vcache_get(id, true, &m, b)) {
		vcache_count(1, 0);
		if ((st = visible_cached(c, v, id, &m)) != HD_OK)
			hd_buf_truncate(b, at);
		return st;
	}
	if (cached)
		vcache_count(0, 1);
	hd_jw_init(&w, b);
	w.lang = lang;
	begun = db_read_begin(c);
	t = db_read_ticket(c); /* before the snapshot begins */
	st = process_write(c, v, id, true, &w, &m, &start, &split);
	db_read_end(c, begun);
	if (st != HD_OK)
		hd_buf_truncate(b, at);
	else if (cached)
		vcache_put(
		    id, t, &m, b->data + start, b->len - start, split, true);
	return st;
}
