/* SPDX-License-Identifier: MIT */
/*
 * The PostgreSQL driver's transactions, scripts and round trips.
 *
 * Fewer round trips: BEGIN, SAVEPOINT, RELEASE and ROLLBACK TO are not
 * sent when asked for but queued, and go out with the next statement in
 * one round trip (libpq's pipeline mode), or with the COMMIT. A
 * savepoint released or rolled back before any statement ran at its
 * level is never sent at all, nor is a transaction in which nothing ran.
 * So a writer's job (BEGIN, SAVEPOINT, its statements, RELEASE, COMMIT)
 * costs one round trip per statement plus one for the commit, as on a
 * connection without transactions. Nothing changes for the caller: a
 * queued statement that fails makes the statement it went out with
 * fail (logged as the queued one's error), and PostgreSQL then refuses
 * the rest of the transaction until the caller rolls back, as after any
 * failed statement (db.h).
 *
 * Read snapshots are REPEATABLE READ, READ ONLY transactions: one
 * snapshot from their first query to their end.
 */
#include "db/pgsql.h"
#include "util/log.h"

#include <string.h>

static const char begin_write[] = "BEGIN";
static const char begin_read[] =
    "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY";
static const char savepoint[] = "SAVEPOINT sp";
static const char release[] = "RELEASE SAVEPOINT sp";
static const char rollback_to[] = "ROLLBACK TO SAVEPOINT sp";

/* Queues sql to go out with the next statement. */
static enum hd_status
queue(struct pg_conn *c, const char *sql)
{
	PGresult *res = NULL;
	enum hd_status s;

	if (c->n_pending == PG_PENDING_MAX) {
		s = db_pgsql_pipeline(c, NULL, &res);
		PQclear(res);
		if (s != HD_OK)
			return s;
	}
	c->pending[c->n_pending++] = sql;
	return HD_OK;
}

bool
db_pgsql_tx_unsent_in(const char *const *pending, int n)
{
	return n > 0 && (pending[0] == begin_write || pending[0] == begin_read);
}

/* Whether the transaction has not reached the server yet: its BEGIN is
 * still queued. */
static bool
unsent(const struct pg_conn *c)
{
	return db_pgsql_tx_unsent_in(c->pending, c->n_pending);
}

/* Ends the innermost savepoint: not sent at all when nothing ran in it. */
static enum hd_status
end_savepoint(struct pg_conn *c, bool undo)
{
	enum hd_status s;

	if (c->n_pending > 0 && c->pending[c->n_pending - 1] == savepoint) {
		c->n_pending--;
		return HD_OK;
	}
	if (undo) {
		/* Writes sent for db_exec_later are undone: their errors
		 * are not the next statement's (a sync point first, so that
		 * the ROLLBACK TO is not aborted by them). */
		if (c->piping)
			db_pgsql_drain(c, NULL);
		if ((s = queue(c, rollback_to)) != HD_OK)
			return s;
		return queue(c, release);
	}
	if ((s = queue(c, release)) != HD_OK)
		return s;
	/* The savepoint's own writes are checked with its release: their
	 * failure is the job's, not the next one's. */
	if (db_pgsql_later_pending(c)) {
		PGresult *res = NULL;

		s = db_pgsql_pipeline(c, NULL, &res);
		PQclear(res);
	}
	return s;
}

/* COMMIT, with whatever is queued, in one round trip. */
static enum hd_status
commit(struct pg_conn *c)
{
	enum hd_status s;
	PGresult *res = NULL;

	if (unsent(c)) {
		c->n_pending = 0;
		return HD_OK;
	}
	if (!db_pgsql_alive(c)) {
		c->lost = true;
		return HD_EUNAVAIL;
	}
	if ((s = queue(c, "COMMIT")) != HD_OK)
		return s;
	s = db_pgsql_pipeline(c, NULL, &res);
	/* A COMMIT of a transaction that had failed rolls it back and
	 * says so in its command tag, without an error. */
	if (s == HD_OK &&
	    (res == NULL || strcmp(PQcmdStatus(res), "COMMIT") != 0)) {
		hd_log(HD_LOG_ERROR, "database: commit of a failed transaction "
				     "rolled it back");
		s = HD_EIO;
	}
	PQclear(res);
	/* Over, or still open (a queued statement failed before it): then
	 * the caller's rollback ends it. */
	if (s != HD_OK && PQtransactionStatus(c->h) == PQTRANS_IDLE)
		c->lost = true;
	return s;
}

/* ROLLBACK. wait: read its result now; else it goes out with a sync
 * point and is read with the connection's next query (the end of a
 * read snapshot: no round trip of its own). */
static enum hd_status
rollback(struct pg_conn *c, bool wait)
{
	PGresult *res = NULL;
	enum hd_status s;

	if (unsent(c)) {
		c->n_pending = 0;
		return HD_OK;
	}
	c->n_pending = 0;
	if (PQstatus(c->h) != CONNECTION_OK)
		return HD_OK; /* the server rolled back when it broke */
	/* What is in flight is rolled back with it: a sync point first, so
	 * that an error of it does not abort the ROLLBACK. */
	if (c->piping && db_pgsql_sync(c) != HD_OK)
		return HD_EIO;
	if ((s = db_pgsql_send_tx(c, "ROLLBACK")) != HD_OK)
		return s;
	if (!wait)
		return db_pgsql_sync(c);
	s = db_pgsql_drain(c, &res);
	if (s == HD_OK && res == NULL)
		s = HD_EIO;
	PQclear(res);
	return s;
}

enum hd_status
db_pgsql_tx(struct db_conn *base, enum db_tx op)
{
	struct pg_conn *c = (struct pg_conn *)base;

	switch (op) {
	case DB_TX_BEGIN:
	case DB_TX_READ:
		c->lost = false;
		return queue(c, op == DB_TX_BEGIN ? begin_write : begin_read);
	case DB_TX_SAVEPOINT:
		return queue(c, savepoint);
	case DB_TX_RELEASE:
		return end_savepoint(c, false);
	case DB_TX_ROLLBACK_TO:
		return end_savepoint(c, true);
	case DB_TX_COMMIT:
		return commit(c);
	case DB_TX_READ_END: /* read only: nothing to keep, no failure */
		return rollback(c, false);
	case DB_TX_ROLLBACK:
		return rollback(c, true);
	}
	return HD_EINVAL;
}

bool
db_pgsql_tx_lost(struct db_conn *base)
{
	return ((struct pg_conn *)base)->lost;
}

bool
db_pgsql_snapshot_held(struct db_conn *base)
{
	PGTransactionStatusType t =
	    PQtransactionStatus(((struct pg_conn *)base)->h);

	/* A queued BEGIN has not begun: the snapshot comes with the first
	 * query, as on SQLite. */
	return t == PQTRANS_INTRANS || t == PQTRANS_INERROR;
}

enum hd_status
db_pgsql_script(struct db_conn *base, const char *sql)
{
	struct pg_conn *c = (struct pg_conn *)base;
	PGresult *res = NULL;
	enum hd_status s;

	if (c->base.depth == 0)
		c->lost = false;
	if (!db_pgsql_alive(c))
		return HD_EUNAVAIL;
	/* The simple protocol, which takes several statements, cannot be
	 * pipelined: what is queued goes first. */
	if (c->n_pending > 0 || c->piping) {
		s = db_pgsql_pipeline(c, NULL, &res);
		PQclear(res);
		if (s != HD_OK)
			return s;
	}
	/* Stops at the first statement that fails, and returns its
	 * result; outside a transaction, all of it is one. */
	res = PQexec(c->h, sql);
	s = db_pgsql_status(c, res, sql);
	PQclear(res);
	return s;
}

enum hd_status
db_pgsql_checkpoint(
    struct db_conn *base, enum db_checkpoint mode, int busy_ms, int *frames)
{
	(void)base;
	(void)mode;
	(void)busy_ms;
	/* The server checkpoints on its own. */
	if (frames != NULL)
		*frames = 0;
	return HD_OK;
}

int
db_pgsql_wal_frames(const struct db_conn *base)
{
	(void)base;
	return 0;
}

enum hd_status
db_pgsql_cache_set(struct db_conn *base, int kib)
{
	/* The server's shared_buffers are the cache of every connection. */
	(void)base;
	(void)kib;
	return HD_OK;
}
