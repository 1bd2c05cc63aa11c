/* SPDX-License-Identifier: MIT */
/*
 * Bulk loads (store/bulk.h). The buffered tables are written with one
 * INSERT of STORE_BULK_ROWS rows: per row, SQLite then pays only for the
 * B-tree work, not for a statement's start (reset, binding, opening a
 * cursor per index); PostgreSQL for one round trip per 32 rows instead
 * of one per row. The statements are fixed texts (db_prepare caches them
 * by address) bound with one db_bind of all their parameters, spelt out
 * by the macros below.
 */
#include "store/bulk.h"

#include "store/property.h"

#include <stdlib.h>
#include <string.h>

/* Strings of the rows kept per table; a row whose strings do not fit
 * into an empty buffer is written alone. */
#define TEXT_CAP (STORE_BULK_ROWS * 1024)

/* "s, s, …" and "ff…" STORE_BULK_ROWS times; M(0), …, M(31). */
#define X2(s) s ", " s
#define X4(s) X2(X2(s))
#define X8(s) X2(X4(s))
#define X16(s) X2(X8(s))
#define X32(s) X2(X16(s))
#define F2(f) f f
#define F4(f) F2(F2(f))
#define F8(f) F2(F4(f))
#define F16(f) F2(F8(f))
#define F32(f) F2(F16(f))
#define EACH8(M, o)                                                            \
	M(o + 0), M(o + 1), M(o + 2), M(o + 3), M(o + 4), M(o + 5), M(o + 6),  \
	    M(o + 7)
#define EACH32(M) EACH8(M, 0), EACH8(M, 8), EACH8(M, 16), EACH8(M, 24)
_Static_assert(STORE_BULK_ROWS == 32, "the macros spell out 32 rows");

enum table { T_STAFF, T_RESIDENT, T_ASSIGNEE, T_HISTORY, T_COMMENT, T_N };

/* A buffered row: its integers and strings, in the order of its
 * table's columns (see the table's ARGS below). */
struct row {
	int64_t v[5];
	const char *s[2]; /* into the batch's text, or NULL */
};

struct batch {
	size_t n, used;
	struct row rows[STORE_BULK_ROWS];
	char text[TEXT_CAP];
};

struct store_bulk {
	struct db_conn *c;
	struct batch t[T_N];
};

/* ---- the buffered tables ---------------------------------------------- */

#define STAFF_SQL                                                              \
	"INSERT INTO staff(org_id, property_id, employee_id, role_id) VALUES "
#define STAFF_ROW "(?, ?, ?, ?)"
#define STAFF_FMT "iiii"
#define STAFF_ARGS(k) r[k].v[0], r[k].v[1], r[k].v[2], r[k].v[3]

#define RESIDENT_SQL                                                           \
	"INSERT INTO residents(org_id, property_id, contact_id, unit_id, "     \
	"relation, created_at) VALUES "
#define RESIDENT_ROW "(?, ?, ?, ?, ?, ?)"
#define RESIDENT_FMT "iiiIti"
#define RESIDENT_ARGS(k)                                                       \
	r[k].v[0], r[k].v[1], r[k].v[2], r[k].v[3], r[k].s[0], r[k].v[4]

#define ASSIGNEE_SQL                                                           \
	"INSERT INTO process_assignees(process_id, employee_id, role_id, "     \
	"reason, status) VALUES "
#define ASSIGNEE_ROW "(?, ?, ?, ?, ?)"
#define ASSIGNEE_FMT "iiItt"
#define ASSIGNEE_ARGS(k) r[k].v[0], r[k].v[1], r[k].v[2], r[k].s[0], r[k].s[1]

#define HISTORY_SQL                                                            \
	"INSERT INTO history(process_id, id, at, event, text, actor_id) "      \
	"VALUES "
#define HISTORY_ROW "(?, ?, ?, ?, ?, ?)"
#define HISTORY_FMT "iiittI"
#define HISTORY_ARGS(k)                                                        \
	r[k].v[0], r[k].v[1], r[k].v[2], r[k].s[0], r[k].s[1], r[k].v[3]

#define COMMENT_SQL                                                            \
	"INSERT INTO comments(process_id, author_id, body, internal, "         \
	"created_at) VALUES "
#define COMMENT_ROW "(?, ?, ?, ?, ?)"
#define COMMENT_FMT "iitbi"
#define COMMENT_ARGS(k)                                                        \
	r[k].v[0], r[k].v[1], r[k].s[0], (int)r[k].v[2], r[k].v[3]

/* Binds row r (one) or rows r[0..STORE_BULK_ROWS) (many). */
typedef enum hd_status (*bind_fn)(struct db_stmt *st, const struct row *r);

#define BINDERS(name, FMT, ARGS)                                               \
	static enum hd_status name##_one(                                      \
	    struct db_stmt *st, const struct row *r)                           \
	{                                                                      \
		return db_bind(st, FMT, ARGS(0));                              \
	}                                                                      \
	static enum hd_status name##_many(                                     \
	    struct db_stmt *st, const struct row *r)                           \
	{                                                                      \
		return db_bind(st, F32(FMT), EACH32(ARGS));                    \
	}

BINDERS(staff, STAFF_FMT, STAFF_ARGS)
BINDERS(resident, RESIDENT_FMT, RESIDENT_ARGS)
BINDERS(assignee, ASSIGNEE_FMT, ASSIGNEE_ARGS)
BINDERS(history, HISTORY_FMT, HISTORY_ARGS)
BINDERS(comment, COMMENT_FMT, COMMENT_ARGS)

static const struct {
	const char *one, *many;
	bind_fn bind_one, bind_many;
} tables[T_N] = {
    [T_STAFF] = {STAFF_SQL STAFF_ROW, STAFF_SQL X32(STAFF_ROW), staff_one,
	staff_many},
    [T_RESIDENT] = {RESIDENT_SQL RESIDENT_ROW, RESIDENT_SQL X32(RESIDENT_ROW),
	resident_one, resident_many},
    [T_ASSIGNEE] = {ASSIGNEE_SQL ASSIGNEE_ROW, ASSIGNEE_SQL X32(ASSIGNEE_ROW),
	assignee_one, assignee_many},
    [T_HISTORY] = {HISTORY_SQL HISTORY_ROW, HISTORY_SQL X32(HISTORY_ROW),
	history_one, history_many},
    [T_COMMENT] = {COMMENT_SQL COMMENT_ROW, COMMENT_SQL X32(COMMENT_ROW),
	comment_one, comment_many},
};

/* Runs the statement sql bound by bind with rows r. */
static enum hd_status
run(struct db_conn *c, const char *sql, bind_fn bind, const struct row *r)
{
	struct db_stmt *st = db_prepare(c, sql);

	bind(st, r);
	while (db_step(st))
		;
	return db_end(st);
}

/* Writes the rows kept for table t: all in one statement when it is
 * full, one by one otherwise (the rest at a flush). Empties it. */
static enum hd_status
flush(struct store_bulk *b, enum table t)
{
	struct batch *bt = &b->t[t];
	enum hd_status st = HD_OK;
	size_t i;

	if (bt->n == STORE_BULK_ROWS)
		st = run(b->c, tables[t].many, tables[t].bind_many, bt->rows);
	else
		for (i = 0; i < bt->n && st == HD_OK; i++)
			st = run(b->c, tables[t].one, tables[t].bind_one,
			    &bt->rows[i]);
	bt->n = 0;
	bt->used = 0;
	return st;
}

static size_t
text_size(const char *s)
{
	return s != NULL ? strlen(s) + 1 : 0;
}

/* A copy of s in bt's text (which has room), or NULL for NULL. */
static const char *
keep(struct batch *bt, const char *s)
{
	size_t n = text_size(s);
	char *p = bt->text + bt->used;

	if (s == NULL)
		return NULL;
	memcpy(p, s, n);
	bt->used += n;
	return p;
}

/* Buffers row in (its strings borrowed, copied here) for table t,
 * writing the table's rows when it is full. */
static enum hd_status
add(struct store_bulk *b, enum table t, const struct row *in)
{
	struct batch *bt = &b->t[t];
	size_t need = text_size(in->s[0]) + text_size(in->s[1]);
	enum hd_status st;
	struct row *r;

	if (bt->used + need > sizeof(bt->text) && (st = flush(b, t)) != HD_OK)
		return st;
	if (need > sizeof(bt->text))
		return run(b->c, tables[t].one, tables[t].bind_one, in);
	r = &bt->rows[bt->n++];
	memcpy(r->v, in->v, sizeof(r->v));
	r->s[0] = keep(bt, in->s[0]);
	r->s[1] = keep(bt, in->s[1]);
	return bt->n == STORE_BULK_ROWS ? flush(b, t) : HD_OK;
}

/* ---- the load ------------------------------------------------------------ */

enum hd_status
store_bulk_begin(struct db_conn *c, struct store_bulk **out)
{
	struct store_bulk *b;
	enum hd_status st;

	*out = NULL;
	if ((b = calloc(1, sizeof(*b))) == NULL)
		return HD_ENOMEM;
	b->c = c;
	if ((st = db_tune(c, DB_TUNE_BULK)) == HD_OK &&
	    (st = db_begin(c)) == HD_OK) {
		*out = b;
		return HD_OK;
	}
	db_tune(c, DB_TUNE_NORMAL);
	free(b);
	return st;
}

enum hd_status
store_bulk_flush(struct store_bulk *b)
{
	enum hd_status st = HD_OK;
	int t;

	/* Every kept row refers only to rows written at once: any order. */
	for (t = 0; t < T_N; t++)
		if (st == HD_OK)
			st = flush(b, (enum table)t);
		else
			b->t[t].n = b->t[t].used = 0;
	return st;
}

enum hd_status
store_bulk_commit(struct store_bulk *b)
{
	enum hd_status st = store_bulk_flush(b);

	if (st == HD_OK)
		st = db_commit(b->c);
	if (st == HD_OK)
		st = db_begin(b->c);
	return st;
}

enum hd_status
store_bulk_end(struct store_bulk *b, enum hd_status st)
{
	enum hd_status st2;

	if (b == NULL)
		return st;
	if (st == HD_OK)
		st = store_bulk_flush(b);
	/* Rows are written as filed (awaiting an answer since created):
	 * those staff answered publicly wait only from the reporter's first
	 * message after that answer, if any (migration 019's rule). */
	if (st == HD_OK)
		st = db_exec(b->c,
		    "UPDATE processes SET awaiting_since = (SELECT "
		    "min(c.created_at) FROM comments c WHERE c.process_id = "
		    "processes.id AND c.internal = 0 AND c.author_id = "
		    "processes.reporter_id AND c.created_at > (SELECT "
		    "max(s.created_at) FROM comments s WHERE s.process_id = "
		    "processes.id AND s.internal = 0 AND s.author_id <> "
		    "processes.reporter_id)) WHERE awaiting_since IS NOT NULL "
		    "AND EXISTS (SELECT 1 FROM comments s WHERE s.process_id = "
		    "processes.id AND s.internal = 0 AND s.author_id <> "
		    "processes.reporter_id)",
		    "");
	/* db_commit rolls back itself when it fails. */
	if (st == HD_OK)
		st = db_commit(b->c);
	else if (db_depth(b->c) > 0)
		db_rollback(b->c);
	if (st == HD_OK)
		st = db_tune(b->c, DB_TUNE_ANALYZE);
	st2 = db_tune(b->c, DB_TUNE_NORMAL);
	free(b);
	return st != HD_OK ? st : st2;
}

/* ---- rows written at once -------------------------------------------- */

enum hd_status
store_bulk_user(
    struct store_bulk *b, const struct store_bulk_user *u, int64_t *id)
{
	return db_insert(b->c, id,
	    "INSERT INTO users(org_id, kind, name, email, phone, is_admin, "
	    "password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	    "ittttbti", u->org_id, u->employee ? "employee" : "contact",
	    u->name, u->email, u->phone, (int)u->is_admin, u->password_hash,
	    u->created_at);
}

enum hd_status
store_bulk_property(struct store_bulk *b, int64_t org_id,
    const struct store_property_in *in, int64_t created_at, int64_t *id)
{
	return db_insert(b->c, id,
	    "INSERT INTO properties(org_id, name, street, postal_code, city, "
	    "external_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
	    "ittttti", org_id, in->name, in->street, in->postal_code, in->city,
	    in->external_id, created_at);
}

enum hd_status
store_bulk_unit(struct store_bulk *b, int64_t org_id, int64_t property_id,
    const char *label, const char *kind, int64_t *id)
{
	return db_insert(b->c, id,
	    "INSERT INTO units(org_id, property_id, label, kind) VALUES "
	    "(?, ?, ?, ?)",
	    "iitt", org_id, property_id, label, kind);
}

enum hd_status
store_bulk_process(
    struct store_bulk *b, const struct store_bulk_process *p, int64_t *id)
{
	return db_insert(b->c, id,
	    "INSERT INTO processes(org_id, number, type_id, property_id, "
	    "unit_id, reporter_kind, reporter_id, created_by, subject, "
	    "description, status, unrouted, created_at, updated_at, "
	    "awaiting_since) VALUES (?, ?, ?, ?, ?, 'contact', ?, ?, ?, ?, ?, "
	    "?, ?, ?, ?12)",
	    "itiiIiitttbii", p->org_id, p->number, p->type_id, p->property_id,
	    p->unit_id, p->reporter_id, p->created_by, p->subject,
	    p->description, p->status, (int)p->unrouted, p->created_at,
	    p->updated_at);
}

enum hd_status
store_bulk_counter(struct store_bulk *b, int64_t org_id, int year, int64_t last)
{
	return db_exec(b->c,
	    "INSERT INTO process_counters(org_id, year, last) VALUES (?, ?, ?) "
	    "ON CONFLICT(org_id, year) DO UPDATE SET last = CASE WHEN "
	    "excluded.last > process_counters.last THEN excluded.last ELSE "
	    "process_counters.last END",
	    "iii", org_id, (int64_t)year, last);
}

/* ---- rows buffered ------------------------------------------------------- */

enum hd_status
store_bulk_staff(struct store_bulk *b, int64_t org_id, int64_t property_id,
    int64_t employee_id, int64_t role_id)
{
	struct row r = {{org_id, property_id, employee_id, role_id}, {0}};

	return add(b, T_STAFF, &r);
}

enum hd_status
store_bulk_resident(struct store_bulk *b, int64_t org_id, int64_t property_id,
    int64_t contact_id, int64_t unit_id, const char *relation,
    int64_t created_at)
{
	struct row r = {{org_id, property_id, contact_id, unit_id, created_at},
	    {relation, NULL}};

	return add(b, T_RESIDENT, &r);
}

enum hd_status
store_bulk_assignee(struct store_bulk *b, int64_t process_id,
    int64_t employee_id, int64_t role_id, const char *reason,
    const char *status)
{
	struct row r = {{process_id, employee_id, role_id}, {reason, status}};

	return add(b, T_ASSIGNEE, &r);
}

enum hd_status
store_bulk_history(struct store_bulk *b, int64_t process_id, int64_t id,
    int64_t at, const char *event, const char *text, int64_t actor_id)
{
	struct row r = {{process_id, id, at, actor_id}, {event, text}};

	return add(b, T_HISTORY, &r);
}

enum hd_status
store_bulk_comment(struct store_bulk *b, int64_t process_id, int64_t author_id,
    const char *body, bool internal, int64_t created_at)
{
	struct row r = {{process_id, author_id, internal ? 1 : 0, created_at},
	    {body, NULL}};

	return add(b, T_COMMENT, &r);
}
