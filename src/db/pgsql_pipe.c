/* SPDX-License-Identifier: MIT */
/*
 * The PostgreSQL driver's pipeline (libpq's pipeline mode): queries sent
 * one after another without waiting, their results read back later in
 * one round trip. What uses it:
 *
 * - db_send: a read's rows are on their way while the caller binds the
 *   next (a GET of one Vorgang sends its five reads at once);
 * - db_exec_later: a write whose rows are not wanted goes out at once
 *   and is checked with the next statement that waits, at the latest
 *   with its savepoint's RELEASE or the COMMIT (so a job's failed write
 *   fails that job alone);
 * - the end of a read snapshot: its ROLLBACK is sent with a sync and
 *   read back with the connection's next query, no round trip of its own;
 * - every statement that waits: the transaction statements queued
 *   before it (pgsql_tx.c) go out in the same round trip.
 *
 * A query that fails aborts the queries after it up to the next sync
 * point (PGRES_PIPELINE_ABORTED): those report HD_EIO, and inside a
 * transaction PostgreSQL then refuses the rest until the caller rolls
 * back, as after any failed statement (db.h).
 */
#include "db/pgsql.h"
#include "util/log.h"

#include <stdio.h>
#include <string.h>

/* Whether res is a success (rows, a command, or nothing to do). */
static bool
res_ok(const PGresult *res)
{
	switch (PQresultStatus(res)) {
	case PGRES_COMMAND_OK:
	case PGRES_TUPLES_OK:
	case PGRES_EMPTY_QUERY:
		return true;
	default:
		return false;
	}
}

static bool
enter(struct pg_conn *c)
{
	if (c->piping)
		return true;
	if (PQenterPipelineMode(c->h) != 1)
		return false;
	c->piping = true;
	return true;
}

static void
push(struct pg_conn *c, enum pg_sent_kind kind, const char *sql,
    struct pg_stmt *st)
{
	c->sent[c->n_sent].kind = kind;
	c->sent[c->n_sent].sql = sql;
	c->sent[c->n_sent].st = st;
	c->n_sent++;
}

/* A send failed: libpq's reason, logged; everything in flight is read
 * back (what can be) so that the connection is usable again. */
static enum hd_status
send_failed(struct pg_conn *c, const char *what)
{
	char err[256];

	hd_log(HD_LOG_ERROR, "database: cannot send %.80s: %s", what,
	    db_pgsql_error(c->h, err, sizeof(err)));
	db_pgsql_drain(c, NULL);
	return PQstatus(c->h) == CONNECTION_BAD ? HD_EUNAVAIL : HD_EIO;
}

enum hd_status
db_pgsql_send_tx(struct pg_conn *c, const char *sql)
{
	if (c->n_sent + 1 >= PG_SENT_MAX) {
		enum hd_status s = db_pgsql_drain(c, NULL);

		if (s != HD_OK)
			return s;
	}
	if (!enter(c))
		return send_failed(c, sql);
	if (PQsendQueryParams(c->h, sql, 0, NULL, NULL, NULL, NULL, 0) != 1)
		return send_failed(c, sql);
	push(c, PG_SENT_TX, sql, NULL);
	return HD_OK;
}

/* Sends the queued transaction statements. */
static enum hd_status
send_pending(struct pg_conn *c)
{
	int n = c->n_pending;
	enum hd_status s = HD_OK;

	c->n_pending = 0;
	for (int k = 0; k < n && s == HD_OK; k++)
		s = db_pgsql_send_tx(c, c->pending[k]);
	return s;
}

enum hd_status
db_pgsql_send(struct pg_conn *c, struct pg_stmt *st, enum pg_sent_kind kind)
{
	enum hd_status s;

	/* Room for the pending statements, a PQprepare, st and a sync. */
	if (c->n_sent + c->n_pending + 3 >= PG_SENT_MAX &&
	    (s = db_pgsql_drain(c, NULL)) != HD_OK)
		return s;
	if ((s = send_pending(c)) != HD_OK)
		return s;
	if (!enter(c))
		return send_failed(c, st->base.sql);
	if (db_pgsql_needs_prepare(c, st)) {
		snprintf(st->name, sizeof(st->name), "s%u", ++c->names);
		if (PQsendPrepare(c->h, st->name, st->sql, st->n_params,
			st->bind_types) != 1)
			return send_failed(c, st->base.sql);
		/* Prepared as far as what follows knows; undone when the
		 * PQprepare fails (drain). */
		st->gen = c->gen;
		if (st->n_params > 0)
			memcpy(st->types, st->bind_types,
			    (size_t)st->n_params * sizeof(Oid));
		push(c, PG_SENT_PREP, st->base.sql, st);
	}
	if (PQsendQueryPrepared(c->h, st->name, st->n_params, st->values,
		st->lengths, st->formats, 0) != 1)
		return send_failed(c, st->base.sql);
	push(c, kind, st->base.sql, kind == PG_SENT_ROWS ? st : NULL);
	if (kind == PG_SENT_ROWS)
		st->inflight = true;
	return HD_OK;
}

enum hd_status
db_pgsql_sync(struct pg_conn *c)
{
	if (!c->piping ||
	    (c->n_sent > 0 && c->sent[c->n_sent - 1].kind == PG_SENT_SYNC))
		return HD_OK;
	if (PQpipelineSync(c->h) != 1)
		return send_failed(c, "a sync");
	push(c, PG_SENT_SYNC, NULL, NULL);
	return HD_OK;
}

bool
db_pgsql_later_pending(const struct pg_conn *c)
{
	for (int k = 0; k < c->n_sent; k++)
		if (c->sent[k].kind == PG_SENT_LATER)
			return true;
	return false;
}

void
db_pgsql_forget(struct pg_conn *c, struct pg_stmt *st, bool gone)
{
	for (int k = 0; k < c->n_sent; k++)
		if (c->sent[k].st == st &&
		    (gone || c->sent[k].kind == PG_SENT_ROWS))
			c->sent[k].st = NULL;
	st->inflight = false;
}

void
db_pgsql_pipe_lost(struct pg_conn *c)
{
	for (int k = 0; k < c->n_sent; k++) {
		struct pg_stmt *st = c->sent[k].st;

		if (st == NULL)
			continue;
		if (c->sent[k].kind == PG_SENT_PREP)
			st->gen = 0;
		if (c->sent[k].kind == PG_SENT_ROWS) {
			st->inflight = false;
			st->pre_st = HD_EIO;
		}
	}
	c->n_sent = 0;
	c->piping = false;
}

/* A failed query of a drain, judged once everything is read (then a
 * broken connection shows as broken, not as the query's error). */
struct failure {
	PGresult *res; /* NULL: none yet, or no result came */
	const char *sql;
	struct pg_stmt *st; /* a ROWS entry's, else NULL */
	bool any;
};

/* The outcome of one entry's result q (NULL: none came, the connection
 * broke). The first failure is kept in *f for the end of the drain. */
static void
settle(const struct pg_sent *e, PGresult *q, struct failure *f, PGresult **last)
{
	enum hd_status s = HD_OK;

	if (q == NULL || !res_ok(q)) {
		s = HD_EIO; /* the first failure's own status comes later */
		if (!f->any) {
			f->any = true;
			f->res = q;
			f->sql = e->sql;
			f->st = e->kind == PG_SENT_ROWS ? e->st : NULL;
			q = NULL;
		}
	}
	switch (e->kind) {
	case PG_SENT_PREP:
		if (s != HD_OK && e->st != NULL)
			e->st->gen = 0;
		break;
	case PG_SENT_ROWS:
		if (e->st != NULL) {
			e->st->inflight = false;
			e->st->pre_st = s;
			if (s == HD_OK) {
				e->st->pre = q;
				q = NULL;
			}
		}
		break;
	case PG_SENT_TX:
		if (last != NULL && s == HD_OK) {
			PQclear(*last);
			*last = q;
			q = NULL;
		}
		break;
	default:
		break;
	}
	PQclear(q);
}

enum hd_status
db_pgsql_drain(struct pg_conn *c, PGresult **last)
{
	struct failure f = {NULL, NULL, NULL, false};
	enum hd_status s;
	int k, n;
	bool left = false;

	if (last != NULL)
		*last = NULL;
	if (!c->piping)
		return HD_OK;
	if (c->n_sent == 0 || c->sent[c->n_sent - 1].kind != PG_SENT_SYNC) {
		if (PQpipelineSync(c->h) == 1)
			push(c, PG_SENT_SYNC, NULL, NULL);
	}
	n = c->n_sent;
	for (k = 0; k < n; k++) {
		const struct pg_sent *e = &c->sent[k];
		PGresult *q = NULL, *r;

		if (e->kind == PG_SENT_SYNC) {
			if ((r = PQgetResult(c->h)) == NULL)
				break;
			PQclear(r); /* PGRES_PIPELINE_SYNC */
			continue;
		}
		/* A query's results end with a NULL. */
		while ((r = PQgetResult(c->h)) != NULL) {
			PQclear(q);
			q = r;
		}
		if (q == NULL)
			break; /* the connection broke */
		settle(e, q, &f, last);
	}
	/* Broken: what did not come failed. */
	for (int j = k; j < n; j++)
		if (c->sent[j].kind != PG_SENT_SYNC)
			settle(&c->sent[j], NULL, &f, NULL);
	c->n_sent = 0;
	c->piping = false;
	if (k == n && PQexitPipelineMode(c->h) != 1)
		left = true;
	if (!f.any && !left)
		return HD_OK;
	if (last != NULL) {
		PQclear(*last);
		*last = NULL;
	}
	/* Logged (a conflict is not), a broken connection reset. */
	s = db_pgsql_status(c, f.res, f.sql ? f.sql : "a pipeline");
	PQclear(f.res);
	if (s == HD_OK)
		s = HD_EIO;
	if (f.st != NULL) {
		f.st->pre_st = s;
		return HD_OK; /* the statement's own error, at its step */
	}
	return s;
}

enum hd_status
db_pgsql_pipeline(struct pg_conn *c, struct pg_stmt *st, PGresult **res)
{
	enum hd_status s;

	*res = NULL;
	if (st != NULL) {
		if ((s = db_pgsql_send(c, st, PG_SENT_ROWS)) != HD_OK) {
			db_pgsql_forget(c, st, false);
			return s;
		}
		s = db_pgsql_drain(c, NULL);
		if (s == HD_OK)
			s = st->pre_st;
		*res = st->pre;
		st->pre = NULL;
		st->pre_st = HD_OK;
		if (s != HD_OK) {
			PQclear(*res);
			*res = NULL;
		}
		return s;
	}
	if ((s = send_pending(c)) != HD_OK)
		return s;
	return db_pgsql_drain(c, res);
}

enum hd_status
db_pgsql_send_op(struct db_stmt *base, bool later)
{
	struct pg_stmt *st = (struct pg_stmt *)base;
	struct pg_conn *c = (struct pg_conn *)base->conn;
	enum hd_status s;

	if (!st->bound && st->n_params > 0) {
		hd_log(HD_LOG_ERROR, "send: %d parameters not bound in: %.80s",
		    st->n_params, base->sql);
		return HD_EINVAL;
	}
	if (c->base.depth == 0)
		c->lost = false;
	if (!db_pgsql_alive(c))
		return HD_EUNAVAIL;
	s = db_pgsql_send(c, st, later ? PG_SENT_LATER : PG_SENT_ROWS);
	if (s != HD_OK) {
		db_pgsql_forget(c, st, false);
		return s;
	}
	if (!later)
		st->sent = true;
	return HD_OK;
}
