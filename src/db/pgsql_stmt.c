/* SPDX-License-Identifier: MIT */
/*
 * The PostgreSQL driver's statements. db_prepare only translates the
 * placeholders (db_placeholders_pg); the statement is prepared on the
 * server (PQprepare, named per connection) at its first execution,
 * typed by the fmt of its db_bind: 'i', 'I' and 'b' int8, 't' text,
 * 'x' bytea. The first db_step runs it and fetches the whole result, so
 * that several statements of one connection can be stepped at once, as
 * on SQLite; the later steps walk the rows. Integers and bytea go in
 * binary, text as it is; results come as text (libpq's default), read
 * by the column functions.
 */
#include "db/pgsql.h"
#include "db/placeholder.h"
#include "util/log.h"

#include <endian.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Type OIDs of pg_type (stable since PostgreSQL 7). */
#define BOOLOID 16
#define BYTEAOID 17
#define INT8OID 20
#define TEXTOID 25

/* db_insert's: the new row's key, as a row. */
static const char returning[] = " RETURNING id";

enum hd_status
db_pgsql_prepare(
    struct db_conn *base, const char *sql, bool want_id, struct db_stmt **out)
{
	struct pg_stmt *st;
	enum hd_status s;
	char *q = NULL;
	int n = 0;

	(void)base;
	*out = NULL;
	if ((s = db_placeholders_pg(sql, &q, &n)) != HD_OK) {
		hd_log(
		    HD_LOG_ERROR, "prepare: bad placeholders in: %.80s", sql);
		return s;
	}
	if (want_id) {
		size_t len = strlen(q);
		char *r = realloc(q, len + sizeof(returning));

		if (r == NULL) {
			free(q);
			return HD_ENOMEM;
		}
		memcpy(r + len, returning, sizeof(returning));
		q = r;
	}
	if ((st = calloc(1, sizeof(*st))) == NULL)
		goto nomem;
	st->sql = q;
	st->n_params = n;
	st->blob_col = -1;
	if (n > 0 &&
	    ((st->types = calloc((size_t)n, sizeof(Oid))) == NULL ||
		(st->bind_types = calloc((size_t)n, sizeof(Oid))) == NULL ||
		(st->values = calloc((size_t)n, sizeof(char *))) == NULL ||
		(st->lengths = calloc((size_t)n, sizeof(int))) == NULL ||
		(st->formats = calloc((size_t)n, sizeof(int))) == NULL ||
		(st->ints = calloc((size_t)n, sizeof(uint64_t))) == NULL))
		goto nomem;
	*out = &st->base;
	return HD_OK;
nomem:
	if (st != NULL) {
		st->sql = NULL;
		db_pgsql_finalize(&st->base);
	}
	free(q);
	return HD_ENOMEM;
}

/* Forgets the result and the decoded blob of the row in hand. */
static void
drop_result(struct pg_stmt *st)
{
	PQclear(st->res);
	st->res = NULL;
	st->row = st->n_rows = 0;
	PQfreemem(st->blob);
	st->blob = NULL;
	st->blob_col = -1;
}

/* Whatever db_send sent for st is no longer wanted. */
static void
forget(struct pg_stmt *st, bool gone)
{
	if ((st->inflight || gone) && st->base.conn != NULL)
		db_pgsql_forget((struct pg_conn *)st->base.conn, st, gone);
	st->inflight = false;
	st->sent = false;
	PQclear(st->pre);
	st->pre = NULL;
	st->pre_st = HD_OK;
}

void
db_pgsql_finalize(struct db_stmt *base)
{
	struct pg_stmt *st = (struct pg_stmt *)base;

	forget(st, true);
	drop_result(st);
	free(st->sql);
	free(st->types);
	free(st->bind_types);
	free(st->values);
	free(st->lengths);
	free(st->formats);
	free(st->ints);
	free(st);
}

/* Binds parameter i from the next argument(s) of type t; false for a
 * letter db_bind does not know. */
static bool
bind_one(struct pg_stmt *st, int i, char t, va_list *ap)
{
	int64_t v;

	st->values[i] = NULL;
	st->lengths[i] = 0;
	st->formats[i] = 1; /* binary */
	switch (t) {
	case 'i':
	case 'I':
	case 'b':
		v = t == 'b' ? (va_arg(*ap, int) ? 1 : 0)
			     : va_arg(*ap, int64_t);
		st->bind_types[i] = INT8OID;
		if (t == 'I' && v == 0)
			return true;
		st->ints[i] = htobe64((uint64_t)v);
		st->values[i] = (const char *)&st->ints[i];
		st->lengths[i] = 8;
		return true;
	case 't':
		st->bind_types[i] = TEXTOID;
		st->formats[i] = 0;
		st->values[i] = va_arg(*ap, const char *);
		return true;
	case 'x': {
		const void *p = va_arg(*ap, const void *);
		size_t n = va_arg(*ap, size_t);

		st->bind_types[i] = BYTEAOID;
		if (n > INT32_MAX)
			return false;
		/* A non-NULL pointer with n 0 is an empty bytea, not NULL. */
		st->values[i] = p;
		st->lengths[i] = (int)n;
		return true;
	}
	default:
		return false;
	}
}

enum hd_status
db_pgsql_bind(struct db_stmt *base, const char *fmt, va_list ap)
{
	struct pg_stmt *st = (struct pg_stmt *)base;
	bool ok = true;
	va_list aq;
	int i;

	va_copy(aq, ap);
	for (i = 0; fmt[i] && ok; i++)
		ok = i < st->n_params && bind_one(st, i, fmt[i], &aq);
	va_end(aq);
	if (!ok || i != st->n_params) {
		hd_log(HD_LOG_ERROR, "bind: \"%s\" for %d parameters in: %.80s",
		    fmt, st->n_params, base->sql);
		return HD_EINVAL;
	}
	st->bound = true;
	return HD_OK;
}

/* Sends st's PQprepare when the server lacks it as bound now: never
 * prepared, prepared before a reset, or with other types (a caller that
 * binds one statement with two fmts: allowed, but each change costs a
 * round trip). Pipelined: the caller reads its result. */
bool
db_pgsql_needs_prepare(struct pg_conn *c, struct pg_stmt *st)
{
	if (st->gen == c->gen &&
	    (st->n_params == 0 || memcmp(st->types, st->bind_types,
				      (size_t)st->n_params * sizeof(Oid)) == 0))
		return false;
	if (st->gen == c->gen) {
		/* Another fmt: the old one stays on the server until the
		 * connection closes (rare; a DEALLOCATE would cost a
		 * round trip too). */
		hd_log(HD_LOG_WARN, "statement bound with another fmt: %.80s",
		    st->base.sql);
	}
	return true;
}

/* Runs st: alone when it is prepared and nothing is pending or in
 * flight (the usual case), else in one round trip with what is and its
 * PQprepare. *res: st's result (caller clears). */
static enum hd_status
run(struct pg_conn *c, struct pg_stmt *st, PGresult **res)
{
	if (!c->piping && c->n_pending == 0 && !db_pgsql_needs_prepare(c, st)) {
		*res = PQexecPrepared(c->h, st->name, st->n_params, st->values,
		    st->lengths, st->formats, 0);
		return db_pgsql_status(c, *res, st->base.sql);
	}
	return db_pgsql_pipeline(c, st, res);
}

/*
 * run, once more when the connection broke at a transaction's first
 * statement and is connected anew: the server had ended its process
 * (restarted, or the database was closed to clients meanwhile), which the
 * pool learns only when it next uses the connection. Nothing of the
 * transaction was committed (its BEGIN went out with this statement, and
 * no COMMIT), so running it again on the new connection is the same
 * transaction. Autocommit statements and later statements are not run
 * again: they may have taken effect.
 */
static enum hd_status
run_fresh(struct pg_conn *c, struct pg_stmt *st, PGresult **res)
{
	const char *pending[PG_PENDING_MAX];
	int n = c->n_pending;
	enum hd_status s;

	memcpy(pending, c->pending, sizeof(pending));
	s = run(c, st, res);
	if (s != HD_EUNAVAIL || !db_pgsql_tx_unsent_in(pending, n) ||
	    PQstatus(c->h) != CONNECTION_OK)
		return s;
	PQclear(*res);
	*res = NULL;
	memcpy(c->pending, pending, sizeof(pending));
	c->n_pending = n;
	c->lost = false;
	hd_log(HD_LOG_WARN, "database: statement sent again on the new "
			    "connection");
	return run(c, st, res);
}

/* The result db_send sent for: read back with what else is in flight. */
static enum hd_status
fetch(struct pg_conn *c, struct pg_stmt *st, PGresult **res)
{
	enum hd_status s = HD_OK;

	if (st->inflight)
		s = db_pgsql_drain(c, NULL);
	st->sent = false;
	*res = st->pre;
	st->pre = NULL;
	if (s == HD_OK)
		s = st->pre_st;
	st->pre_st = HD_OK;
	if (s == HD_OK && *res == NULL)
		s = HD_EIO;
	return s;
}

int
db_pgsql_step(struct db_stmt *base)
{
	struct pg_stmt *st = (struct pg_stmt *)base;
	struct pg_conn *c = (struct pg_conn *)base->conn;
	PGresult *res = NULL;

	if (st->res != NULL) {
		PQfreemem(st->blob);
		st->blob = NULL;
		st->blob_col = -1;
		return ++st->row < st->n_rows ? 1 : 0;
	}
	if (!st->bound && st->n_params > 0) {
		hd_log(HD_LOG_ERROR, "step: %d parameters not bound in: %.80s",
		    st->n_params, base->sql);
		base->status = HD_EINVAL;
		return -1;
	}
	if (st->sent) {
		base->status = fetch(c, st, &res);
	} else {
		if (c->base.depth == 0)
			c->lost = false;
		if (!db_pgsql_alive(c)) {
			base->status = HD_EUNAVAIL;
			return -1;
		}
		base->status = run_fresh(c, st, &res);
	}
	if (base->status != HD_OK) {
		PQclear(res);
		return -1;
	}
	st->res = res;
	st->row = 0;
	st->n_rows = PQntuples(res);
	c->changes = strtoll(PQcmdTuples(res), NULL, 10); /* "" → 0 */
	return st->n_rows > 0 ? 1 : 0;
}

int64_t
db_pgsql_changes(struct db_conn *base)
{
	return ((struct pg_conn *)base)->changes;
}

void
db_pgsql_reset(struct db_stmt *base)
{
	struct pg_stmt *st = (struct pg_stmt *)base;

	drop_result(st);
	st->bound = false;
	forget(st, false);
}

/* Whether the row in hand has column col. */
static bool
has(const struct pg_stmt *st, int col)
{
	return st->res != NULL && st->row < st->n_rows && col >= 0 &&
	       col < PQnfields(st->res);
}

int64_t
db_pgsql_col_i64(struct db_stmt *base, int col)
{
	struct pg_stmt *st = (struct pg_stmt *)base;
	const char *t;
	long long v;

	if (!has(st, col) || PQgetisnull(st->res, st->row, col))
		return 0;
	t = PQgetvalue(st->res, st->row, col);
	/* A boolean (SELECT a = b, EXISTS …) reads as SQLite's 0 or 1. */
	if (PQftype(st->res, col) == BOOLOID)
		return t[0] == 't';
	/* numeric (sum() of bigint) and floats: the integer part, as
	 * SQLite's conversion gives (out of range: the nearest end). */
	v = strtoll(t, NULL, 10);
	return (int64_t)v;
}

bool
db_pgsql_col_null(struct db_stmt *base, int col)
{
	struct pg_stmt *st = (struct pg_stmt *)base;

	return !has(st, col) || PQgetisnull(st->res, st->row, col);
}

/* Decodes column col, a bytea, of the row in hand into st->blob. */
static bool
decode(struct pg_stmt *st, int col)
{
	size_t n = 0;

	if (st->blob_col == col)
		return true;
	PQfreemem(st->blob);
	st->blob_col = -1;
	st->blob = PQunescapeBytea(
	    (const unsigned char *)PQgetvalue(st->res, st->row, col), &n);
	if (st->blob == NULL)
		return false;
	st->blob_len = n;
	st->blob_col = col;
	return true;
}

const char *
db_pgsql_col_text(struct db_stmt *base, int col, size_t *len)
{
	struct pg_stmt *st = (struct pg_stmt *)base;

	if (len != NULL)
		*len = 0;
	if (!has(st, col) || PQgetisnull(st->res, st->row, col))
		return NULL;
	if (len != NULL)
		*len = (size_t)PQgetlength(st->res, st->row, col);
	return PQgetvalue(st->res, st->row, col);
}

const void *
db_pgsql_col_blob(struct db_stmt *base, int col, size_t *len)
{
	struct pg_stmt *st = (struct pg_stmt *)base;

	*len = 0;
	if (!has(st, col) || PQgetisnull(st->res, st->row, col))
		return NULL;
	/* A text column's bytes are its blob, as on SQLite. */
	if (PQftype(st->res, col) != BYTEAOID) {
		*len = (size_t)PQgetlength(st->res, st->row, col);
		return PQgetvalue(st->res, st->row, col);
	}
	if (!decode(st, col))
		return NULL;
	*len = st->blob_len;
	return st->blob;
}
