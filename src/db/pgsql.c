/* SPDX-License-Identifier: MIT */
/*
 * The PostgreSQL driver (libpq): connections, what an error means, and
 * the table of functions. Statements are in pgsql_stmt.c, transactions
 * and scripts in pgsql_tx.c, the change feed in pgsql_feed.c and
 * pgsql_listen.c; docs/postgresql.md tells the whole design.
 *
 * A target is a libpq URI (postgresql://…) or key=value string, handed
 * to libpq as it is: never logged, it may hold a password.
 */
#include "db/pgsql.h"

#include "util/log.h"

#include <stdlib.h>
#include <string.h>

const char *
db_pgsql_error(PGconn *h, char *buf, size_t size)
{
	const char *m = PQerrorMessage(h);
	size_t n = 0;
	bool blank = true; /* drops leading blanks and runs of them */

	for (; *m && n + 1 < size; m++) {
		bool b = *m == ' ' || *m == '\n' || *m == '\t' || *m == '\r';

		if (!(b && blank))
			buf[n++] = b ? ' ' : *m;
		blank = b;
	}
	while (n > 0 && buf[n - 1] == ' ')
		n--;
	buf[n] = '\0';
	return buf;
}

enum hd_status
db_pgsql_sqlstate(const char *state)
{
	if (state == NULL)
		return HD_EIO;
	/* unique_violation, foreign_key_violation (an exclusion would be
	 * a conflict too). */
	if (strcmp(state, "23505") == 0 || strcmp(state, "23503") == 0 ||
	    strcmp(state, "23P01") == 0)
		return HD_ECONFLICT;
	if (strcmp(state, "53100") == 0) /* disk_full */
		return HD_EFULL;
	if (strcmp(state, "53200") == 0) /* out_of_memory */
		return HD_ENOMEM;
	/* connection_exception (class 08), admin_shutdown, crash_shutdown,
	 * cannot_connect_now: the server is not there for us (503). */
	if (strncmp(state, "08", 2) == 0 || strcmp(state, "57P01") == 0 ||
	    strcmp(state, "57P02") == 0 || strcmp(state, "57P03") == 0)
		return HD_EUNAVAIL;
	/* The rest, CHECK and NOT NULL violations included, are broken
	 * writes or a broken server: 500 (serialization failures and
	 * deadlocks, 40001/40P01, also mark the connection db_retryable). */
	return HD_EIO;
}

/* Connects c anew after its connection broke: a new server process,
 * without c's prepared statements or transaction. */
static bool
reset(struct pg_conn *c)
{
	char err[256];
	int old = c->pid;

	db_pgsql_pipe_lost(c);
	PQreset(c->h);
	if (PQstatus(c->h) != CONNECTION_OK) {
		hd_log(HD_LOG_ERROR, "database: cannot reconnect: %s",
		    db_pgsql_error(c->h, err, sizeof(err)));
		return false;
	}
	c->gen++;
	c->pid = PQbackendPID(c->h);
	if (c->watch != NULL)
		db_pgsql_writer_pid(old, c->pid);
	if (db_pgsql_session(c) != HD_OK)
		return false;
	hd_log(HD_LOG_WARN, "database: connection reset");
	return true;
}

bool
db_pgsql_alive(struct pg_conn *c)
{
	if (PQstatus(c->h) == CONNECTION_OK)
		return true;
	return reset(c);
}

/* After the connection broke: everything in flight is gone. */
static void
broken(struct pg_conn *c)
{
	char err[256];

	hd_log(HD_LOG_ERROR, "database: connection lost: %s",
	    db_pgsql_error(c->h, err, sizeof(err)));
	c->n_pending = 0;
	if (c->base.depth > 0)
		c->lost = true;
	reset(c);
}

enum hd_status
db_pgsql_status(struct pg_conn *c, const PGresult *res, const char *sql)
{
	char err[256];
	const char *state, *msg;
	enum hd_status s;

	switch (res ? PQresultStatus(res) : PGRES_FATAL_ERROR) {
	case PGRES_COMMAND_OK:
	case PGRES_TUPLES_OK:
	case PGRES_EMPTY_QUERY:
	case PGRES_PIPELINE_SYNC:
		return HD_OK;
	default:
		break;
	}
	/* A lost server is unavailable, not broken: 503, and the MTA or
	 * the client tries again. */
	if (PQstatus(c->h) == CONNECTION_BAD) {
		broken(c);
		return HD_EUNAVAIL;
	}
	state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	s = db_pgsql_sqlstate(state);
	/* serialization_failure, deadlock_detected: the transaction may
	 * succeed when run again (db_retryable, db_writer_run). */
	if (state != NULL &&
	    (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0))
		c->base.retryable = true;
	if (s == HD_ECONFLICT)
		return s;
	msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	if (msg == NULL)
		msg = db_pgsql_error(c->h, err, sizeof(err));
	hd_log(HD_LOG_ERROR, "database: %s (%s)%s%.80s", msg,
	    state ? state : "no SQLSTATE", sql ? " in: " : "", sql ? sql : "");
	return s;
}

enum hd_status
db_pgsql_session(struct pg_conn *c)
{
	/* Feed rows come as notices (pgsql_feed.c); a read-only
	 * connection refuses writes as SQLite's does. */
	const char *sql[3] = {"SET client_min_messages TO notice",
	    (c->flags & DB_READONLY) ? "SET default_transaction_read_only TO on"
				     : NULL,
	    c->watch != NULL ? "SET hausdesk.feed TO on" : NULL};
	char err[256];

	/* Not through db_pgsql_status, which resets a broken connection:
	 * this runs inside a reset. */
	for (int i = 0; i < 3; i++) {
		PGresult *res;
		bool ok;

		if (sql[i] == NULL)
			continue;
		res = PQexec(c->h, sql[i]);
		ok = PQresultStatus(res) == PGRES_COMMAND_OK;
		PQclear(res);
		if (!ok) {
			hd_log(HD_LOG_ERROR, "database: %s failed: %s", sql[i],
			    db_pgsql_error(c->h, err, sizeof(err)));
			return HD_EIO;
		}
	}
	return HD_OK;
}

static void
pg_close(struct db_conn *base)
{
	struct pg_conn *c = (struct pg_conn *)base;

	db_pgsql_feed_detach(c);
	PQfinish(c->h);
	free(c);
}

/*
 * Our defaults come before the target, whose own settings win:
 * keepalives, so that a server gone silent is noticed in about a
 * minute rather than the kernel's two hours; UTF-8; a name in
 * pg_stat_activity.
 */
PGconn *
db_pgsql_connect(const char *target)
{
	static const char *const keys[] = {"application_name",
	    "client_encoding", "keepalives", "keepalives_idle",
	    "keepalives_interval", "keepalives_count", "dbname", NULL};
	const char *values[] = {
	    "hausdesk", "UTF8", "1", "30", "10", "3", target, NULL};

	return PQconnectdbParams(keys, values, 1);
}

static enum hd_status
pg_open(const char *target, unsigned flags, struct db_conn **out)
{
	char err[256];
	enum hd_status s = HD_EIO;
	struct pg_conn *c;

	*out = NULL;
	if ((c = calloc(1, sizeof(*c))) == NULL)
		return HD_ENOMEM;
	c->flags = flags;
	c->gen = 1;
	if ((c->h = db_pgsql_connect(target)) == NULL) {
		s = HD_ENOMEM;
		goto out;
	}
	if (PQstatus(c->h) != CONNECTION_OK) {
		/* libpq's message names host and port, never the password. */
		hd_log(HD_LOG_ERROR, "cannot connect to PostgreSQL: %s",
		    db_pgsql_error(c->h, err, sizeof(err)));
		goto out;
	}
	c->pid = PQbackendPID(c->h);
	PQsetNoticeReceiver(c->h, db_pgsql_notice, c);
	if ((s = db_pgsql_session(c)) != HD_OK)
		goto out;
	if ((flags & DB_WRITER) && db_feed_get() != NULL)
		s = db_pgsql_feed_attach(c, db_feed_get());
out:
	if (s != HD_OK) {
		pg_close(&c->base);
		return s;
	}
	*out = &c->base;
	return HD_OK;
}

/* db_tune: a bulk load commits without waiting for its fsync (data that
 * can be generated again; the server's own durability is untouched: a
 * crash loses the last commits, never consistency); ANALYZE after it. */
static enum hd_status
pg_tune(struct db_conn *c, enum db_tune how)
{
	switch (how) {
	case DB_TUNE_BULK:
		return db_script(c, "SET synchronous_commit = off");
	case DB_TUNE_NORMAL:
		return db_script(c, "RESET synchronous_commit");
	case DB_TUNE_ANALYZE:
		return db_script(c, "ANALYZE");
	}
	return HD_EINVAL;
}

/* db_has_table: a table of that name in the schema of the search path. */
static enum hd_status
pg_has_table(struct db_conn *c, const char *name, bool *yes)
{
	int64_t n = 0;
	enum hd_status s;

	s = db_scalar(c, &n,
	    "SELECT count(*) FROM pg_catalog.pg_tables "
	    "WHERE schemaname = current_schema() AND tablename = ?",
	    "t", name);
	*yes = s == HD_OK && n > 0;
	return s;
}

const struct db_ops db_pgsql_ops = {
    .driver = DB_PGSQL,
    .dialect = "pgsql",
    .open = pg_open,
    .close = pg_close,
    .prepare = db_pgsql_prepare,
    .finalize = db_pgsql_finalize,
    .bind = db_pgsql_bind,
    .step = db_pgsql_step,
    .reset = db_pgsql_reset,
    .col_i64 = db_pgsql_col_i64,
    .col_null = db_pgsql_col_null,
    .col_text = db_pgsql_col_text,
    .col_blob = db_pgsql_col_blob,
    .last_id = NULL, /* db_insert's RETURNING id comes as a row */
    .tx = db_pgsql_tx,
    .tx_lost = db_pgsql_tx_lost,
    .snapshot_held = db_pgsql_snapshot_held,
    .script = db_pgsql_script,
    .checkpoint = db_pgsql_checkpoint,
    .wal_frames = db_pgsql_wal_frames,
    .cache_set = db_pgsql_cache_set,
    .memory_limit = NULL,
    .has_table = pg_has_table,
    .changes = db_pgsql_changes,
    .tune = pg_tune,
    .stats = NULL,
    .schema = db_pgsql_schema,
    .bind_values = db_pgsql_bind_values,
    .send = db_pgsql_send_op,
    .copy_triggers = db_pgsql_copy_triggers,
    .ids_sync = db_pgsql_ids_sync,
};
