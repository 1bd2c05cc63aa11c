/* SPDX-License-Identifier: MIT */
/*
 * Transactions, savepoints and read snapshots (db.h): the nesting depth,
 * and what happens when the database ends a transaction on its own.
 */
#include "db/driver.h"
#include "util/log.h"

/* After an error inside a transaction: whether the database ended it,
 * so that later statements would run outside of it. */
void
db_tx_lost(struct db_conn *c, enum hd_status s)
{
	if (c->depth == 0 || c->aborted || !c->ops->tx_lost(c))
		return;
	c->aborted = true;
	hd_log(HD_LOG_ERROR,
	    "database: the transaction was rolled back after an error (%s)",
	    hd_status_str(s));
}

enum hd_status
db_begin(struct db_conn *c)
{
	enum hd_status s;

	if (c->aborted)
		return HD_EIO;
	c->retryable = false;
	s = c->ops->tx(c, c->depth == 0 ? DB_TX_BEGIN : DB_TX_SAVEPOINT);
	if (s == HD_OK)
		c->depth++;
	return s;
}

enum hd_status
db_commit(struct db_conn *c)
{
	enum hd_status s;

	if (c->depth == 0) {
		hd_log(HD_LOG_ERROR, "database: commit outside a transaction");
		return HD_EIO;
	}
	if (c->aborted) {
		db_rollback(c);
		return HD_EIO;
	}
	s = c->ops->tx(c, c->depth == 1 ? DB_TX_COMMIT : DB_TX_RELEASE);
	if (s != HD_OK) {
		db_tx_lost(c, s);
		db_rollback(c);
		return s;
	}
	if (--c->depth == 0)
		db_feed_end(c, true);
	return HD_OK;
}

void
db_rollback(struct db_conn *c)
{
	if (c->depth == 0)
		return;
	if (!c->aborted)
		c->ops->tx(
		    c, c->depth == 1 ? DB_TX_ROLLBACK : DB_TX_ROLLBACK_TO);
	if (--c->depth == 0) {
		c->aborted = false;
		db_feed_end(c, false);
	}
}

bool
db_retryable(const struct db_conn *c)
{
	return c->retryable;
}

int
db_depth(const struct db_conn *c)
{
	return c->depth;
}

/* The feed's ticket now; 0 without one. */
static uint64_t
ticket(void)
{
	const struct db_feed *f = db_feed_get();

	return f != NULL && f->ticket != NULL ? f->ticket(f->arg) : 0;
}

bool
db_read_begin(struct db_conn *c)
{
	if (c->depth > 0)
		return false;
	/* Before the snapshot, which begins at the first read. */
	c->ticket = ticket();
	if (c->ops->tx(c, DB_TX_READ) != HD_OK)
		return false;
	c->depth++;
	return true;
}

void
db_read_end(struct db_conn *c, bool begun)
{
	if (!begun || c->depth == 0)
		return;
	c->ops->tx(c, DB_TX_READ_END);
	if (--c->depth == 0)
		c->aborted = false;
}

bool
db_snapshot_held(struct db_conn *c)
{
	return c->ops->snapshot_held(c);
}

uint64_t
db_read_ticket(struct db_conn *c)
{
	if (c->depth > 0)
		return c->ticket;
	return ticket();
}

enum hd_status
db_try_lock(struct db_conn *c, int64_t key, bool *got)
{
	enum hd_status st;
	int64_t x = 0;

	*got = false;
	if (db_conn_driver(c) != DB_PGSQL) {
		*got = true;
		return HD_OK;
	}
	st = db_scalar(c, &x,
	    "SELECT CASE WHEN pg_try_advisory_xact_lock(?) THEN 1 ELSE 0 END",
	    "i", key);
	*got = st == HD_OK && x == 1;
	return st;
}
