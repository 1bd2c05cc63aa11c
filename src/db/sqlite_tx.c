/* SPDX-License-Identifier: MIT */
/*
 * The SQLite driver's transactions, scripts, WAL controls and figures.
 * BEGIN, COMMIT and the savepoint statements run on every request:
 * they are prepared once per connection (parsing them each time showed
 * in profiles).
 */
#include "db/sqlite.h"
#include "util/log.h"

#include <stdio.h>

/* As sqlite.c sets it; a checkpoint may wait less. */
#define BUSY_MS 5000

/* Runs one transaction statement, from the connection's cache. */
static enum hd_status
run(struct sq_conn *c, const char *sql)
{
	struct db_stmt *st = db_cached(&c->base, sql);
	sqlite3_stmt *h;
	int rc;

	if (st == NULL)
		return HD_EIO;
	h = ((struct sq_stmt *)st)->h;
	rc = sqlite3_step(h);
	sqlite3_reset(h);
	return rc == SQLITE_DONE ? HD_OK : db_sqlite_status(c, rc, sql);
}

enum hd_status
db_sqlite_tx(struct db_conn *base, enum db_tx op)
{
	struct sq_conn *c = (struct sq_conn *)base;
	bool open = !sqlite3_get_autocommit(c->h);
	enum hd_status s;

	switch (op) {
	case DB_TX_BEGIN:
		/* The write lock from the start: a deferred transaction
		 * that writes after reading may fail with SQLITE_BUSY. */
		return run(c, "BEGIN IMMEDIATE");
	case DB_TX_SAVEPOINT:
		return run(c, "SAVEPOINT sp");
	case DB_TX_RELEASE:
		return run(c, "RELEASE sp");
	case DB_TX_COMMIT:
	case DB_TX_READ_END:
		return run(c, "COMMIT");
	case DB_TX_ROLLBACK_TO:
		/* Nothing to undo when SQLite already rolled back all. */
		if (!open)
			return HD_OK;
		if ((s = run(c, "ROLLBACK TO sp")) != HD_OK)
			return s;
		return run(c, "RELEASE sp");
	case DB_TX_ROLLBACK:
		return open ? run(c, "ROLLBACK") : HD_OK;
	case DB_TX_READ:
		return run(c, "BEGIN");
	}
	return HD_EINVAL;
}

bool
db_sqlite_tx_lost(struct db_conn *base)
{
	return sqlite3_get_autocommit(((struct sq_conn *)base)->h) != 0;
}

bool
db_sqlite_snapshot_held(struct db_conn *base)
{
	return sqlite3_txn_state(((struct sq_conn *)base)->h, NULL) !=
	       SQLITE_TXN_NONE;
}

enum hd_status
db_sqlite_script(struct db_conn *base, const char *sql)
{
	struct sq_conn *c = (struct sq_conn *)base;
	int rc = sqlite3_exec(c->h, sql, NULL, NULL, NULL);

	/* SQLite's message of the failing statement is the connection's. */
	return rc == SQLITE_OK ? HD_OK : db_sqlite_status(c, rc, sql);
}

enum hd_status
db_sqlite_checkpoint(
    struct db_conn *base, enum db_checkpoint mode, int busy_ms, int *frames)
{
	struct sq_conn *c = (struct sq_conn *)base;
	int log = 0, copied = 0, rc;

	if (busy_ms > 0)
		sqlite3_busy_timeout(c->h, busy_ms);
	rc = sqlite3_wal_checkpoint_v2(c->h, NULL,
	    mode == DB_CHECKPOINT_RESTART ? SQLITE_CHECKPOINT_RESTART
					  : SQLITE_CHECKPOINT_PASSIVE,
	    &log, &copied);
	if (busy_ms > 0)
		sqlite3_busy_timeout(c->h, BUSY_MS);
	if (frames != NULL)
		*frames = log;
	if (rc == SQLITE_OK) {
		if (mode == DB_CHECKPOINT_RESTART)
			c->wal_frames = 0;
		c->checkpoint_rc = 0;
		return HD_OK;
	}
	if ((rc & 0xff) == SQLITE_BUSY)
		return HD_ECONFLICT;
	/* Once per kind of failure and connection: on a full disk every
	 * checkpoint fails the same way. */
	if (rc != c->checkpoint_rc)
		hd_log(HD_LOG_WARN, "checkpoint: %s", sqlite3_errmsg(c->h));
	c->checkpoint_rc = rc;
	return HD_EIO;
}

int
db_sqlite_wal_frames(const struct db_conn *base)
{
	return ((const struct sq_conn *)base)->wal_frames;
}

enum hd_status
db_sqlite_cache_set(struct db_conn *base, int kib)
{
	struct sq_conn *c = (struct sq_conn *)base;
	char sql[64];
	int rc;

	snprintf(sql, sizeof(sql), "PRAGMA cache_size=-%d", kib);
	rc = sqlite3_exec(c->h, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? HD_OK : db_sqlite_status(c, rc, sql);
}

enum hd_status
db_sqlite_tune(struct db_conn *base, enum db_tune how)
{
	static const char *const sql[] = {
	    [DB_TUNE_BULK] = "PRAGMA synchronous=OFF; "
			     "PRAGMA foreign_keys=OFF; "
			     "PRAGMA cache_size=-262144",
	    [DB_TUNE_NORMAL] = "PRAGMA synchronous=FULL; "
			       "PRAGMA foreign_keys=ON; "
			       "PRAGMA cache_size=-16000; "
			       "PRAGMA wal_checkpoint(TRUNCATE)",
	    [DB_TUNE_ANALYZE] = "PRAGMA analysis_limit=1000; ANALYZE",
	};
	struct sq_conn *c = (struct sq_conn *)base;
	int rc = sqlite3_exec(c->h, sql[how], NULL, NULL, NULL);

	return rc == SQLITE_OK ? HD_OK : db_sqlite_status(c, rc, sql[how]);
}

void
db_sqlite_memory_limit(int64_t bytes)
{
	sqlite3_soft_heap_limit64(bytes);
}

void
db_sqlite_stats(struct db_stats *s)
{
	s->mem_used += sqlite3_memory_used();
	s->mem_peak += sqlite3_memory_highwater(0);
}
