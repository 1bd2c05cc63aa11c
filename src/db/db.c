/* SPDX-License-Identifier: MIT */
/*
 * The driver-neutral half of db.h: picks the driver, caches statements,
 * keeps the state of a statement and of a connection's transactions, and
 * calls the feed's commit after each transaction that reported rows.
 * Everything a database does itself is behind c->ops.
 */
#include "db/driver.h"
#include "util/log.h"

#include <stdlib.h>
#include <string.h>

/* The drivers built in, for the process-wide calls. */
static const struct db_ops *const drivers[] = {&db_sqlite_ops};
#define N_DRIVERS (sizeof(drivers) / sizeof(drivers[0]))

const struct db_ops *
db_ops_of(enum db_driver d)
{
	for (size_t i = 0; i < N_DRIVERS; i++)
		if (drivers[i]->driver == d)
			return drivers[i];
	return NULL;
}

void
db_drivers_init(void)
{
	for (size_t i = 0; i < N_DRIVERS; i++)
		if (drivers[i]->init != NULL)
			drivers[i]->init();
}

enum hd_status
db_open(const char *target, unsigned flags, struct db_conn **out)
{
	const struct db_ops *ops = NULL;
	struct db_conn *c = NULL;
	enum hd_status s;

	*out = NULL;
	switch (db_driver_of(target)) {
	case DB_SQLITE:
		ops = &db_sqlite_ops;
		break;
	case DB_PGSQL: {
		extern const struct db_ops db_pgsql_ops; /* pgsql.c */

		ops = &db_pgsql_ops;
		break;
	}
	case DB_NONE:
		hd_log(HD_LOG_ERROR,
		    "database: the target is neither a file path nor a "
		    "postgresql:// URI or libpq key=value string");
		return HD_EINVAL;
	}
	if ((s = ops->open(target, flags, &c)) != HD_OK)
		return s;
	c->ops = ops;
	c->pool = -1;
	*out = c;
	return HD_OK;
}

void
db_close(struct db_conn *c)
{
	if (c == NULL)
		return;
	/* Closing would roll back too, but the feed must hear of it. */
	while (c->depth > 0)
		db_rollback(c);
	for (size_t i = 0; i < DB_CACHE_SLOTS; i++)
		if (c->cache[i].st != NULL)
			c->ops->finalize(c->cache[i].st);
	c->ops->close(c);
}

enum db_driver
db_conn_driver(const struct db_conn *c)
{
	return c->ops->driver;
}

/* The statement cached for (sql, want_id), prepared on a miss. Open
 * addressing over the string's address: the store's queries are a fixed
 * set of literals. */
static struct db_stmt *
cache_get(struct db_conn *c, const char *sql, bool want_id)
{
	uintptr_t h = (((uintptr_t)sql >> 3) + want_id) * 2654435761u;
	size_t i, k = 0, slot = h % DB_CACHE_SLOTS;
	struct db_stmt *st;

	for (i = 0; i < DB_CACHE_SLOTS; i++) {
		k = (slot + i) % DB_CACHE_SLOTS;
		if (c->cache[k].sql == sql && c->cache[k].want_id == want_id)
			return c->cache[k].st;
		if (c->cache[k].sql == NULL)
			break;
	}
	if (i == DB_CACHE_SLOTS) {
		hd_log(HD_LOG_ERROR, "database: statement cache full (%d)",
		    DB_CACHE_SLOTS);
		return NULL;
	}
	if (c->ops->prepare(c, sql, want_id, &st) != HD_OK)
		return NULL;
	st->ops = c->ops;
	st->conn = c;
	st->sql = sql;
	c->cache[k].sql = sql;
	c->cache[k].want_id = want_id;
	c->cache[k].st = st;
	return st;
}

struct db_stmt *
db_cached(struct db_conn *c, const char *sql)
{
	return cache_get(c, sql, false);
}

/* Makes st ready to bind and step, restarting it when still in use. */
static struct db_stmt *
start(struct db_stmt *st)
{
	if (st == NULL)
		return NULL;
	if (st->active)
		st->ops->reset(st);
	st->status = HD_OK;
	st->done = false;
	st->active = true;
	return st;
}

struct db_stmt *
db_prepare(struct db_conn *c, const char *sql)
{
	return start(cache_get(c, sql, false));
}

static enum hd_status
vbind(struct db_stmt *st, const char *fmt, va_list ap)
{
	enum hd_status s;

	if (st == NULL)
		return HD_EIO;
	if (st->status != HD_OK)
		return st->status;
	if ((s = st->ops->bind(st, fmt, ap)) != HD_OK)
		st->status = s;
	return s;
}

enum hd_status
db_bind(struct db_stmt *st, const char *fmt, ...)
{
	enum hd_status s;
	va_list ap;

	va_start(ap, fmt);
	s = vbind(st, fmt, ap);
	va_end(ap);
	return s;
}

bool
db_step(struct db_stmt *st)
{
	int r;

	if (st == NULL || st->done || st->status != HD_OK)
		return false;
	if (st->conn->aborted) {
		st->status = HD_EIO;
		st->done = true;
		return false;
	}
	if ((r = st->ops->step(st)) > 0)
		return true;
	st->done = true;
	if (r < 0) {
		if (st->status == HD_OK)
			st->status = HD_EIO;
		db_tx_lost(st->conn, st->status);
	}
	return false;
}

enum hd_status
db_row(struct db_stmt *st)
{
	if (db_step(st))
		return HD_OK;
	if (st == NULL)
		return HD_EIO;
	return st->status != HD_OK ? st->status : HD_ENOTFOUND;
}

enum hd_status
db_end(struct db_stmt *st)
{
	enum hd_status s;

	if (st == NULL)
		return HD_EIO;
	s = st->status;
	if (st->active)
		st->ops->reset(st);
	st->active = false;
	st->done = false;
	st->status = HD_OK;
	/* A statement outside a transaction is one of its own. */
	if (st->conn->depth == 0)
		db_feed_end(st->conn, s == HD_OK);
	return s;
}

int64_t
db_col_i64(struct db_stmt *st, int col)
{
	return st->ops->col_i64(st, col);
}

int
db_col_int(struct db_stmt *st, int col)
{
	return (int)st->ops->col_i64(st, col);
}

bool
db_col_null(struct db_stmt *st, int col)
{
	return st->ops->col_null(st, col);
}

const char *
db_col_textn(struct db_stmt *st, int col, size_t *len)
{
	const char *t = st->ops->col_text(st, col, len);

	if (t == NULL) {
		*len = 0;
		return "";
	}
	return t;
}

const char *
db_col_text_or_null(struct db_stmt *st, int col, size_t *len)
{
	const char *t = st->ops->col_text(st, col, len);

	if (t == NULL)
		*len = 0;
	return t;
}

const char *
db_col_text(struct db_stmt *st, int col)
{
	const char *t = st->ops->col_text(st, col, NULL);

	return t ? t : "";
}

const void *
db_col_blob(struct db_stmt *st, int col, size_t *len)
{
	return st->ops->col_blob(st, col, len);
}

/* A started statement for sql with fmt's parameters bound (an error is
 * kept in it); NULL when it cannot be prepared. */
static struct db_stmt *
vstart(struct db_conn *c, const char *sql, bool want_id, const char *fmt,
    va_list ap)
{
	struct db_stmt *st = start(cache_get(c, sql, want_id));

	if (st != NULL)
		vbind(st, fmt, ap);
	return st;
}

enum hd_status
db_exec(struct db_conn *c, const char *sql, const char *fmt, ...)
{
	struct db_stmt *st;
	va_list ap;

	va_start(ap, fmt);
	st = vstart(c, sql, false, fmt, ap);
	va_end(ap);
	while (db_step(st))
		;
	return db_end(st);
}

/* Steps st to its end (so that a write with RETURNING completes), the
 * first column of its first row into *v; whether there was a row. */
static bool
first_i64(struct db_stmt *st, int64_t *v)
{
	if (!db_step(st))
		return false;
	*v = db_col_i64(st, 0);
	while (db_step(st))
		;
	return true;
}

/* db_end's status, else HD_ENOTFOUND without a value, else v in *out. */
static enum hd_status
end_with(struct db_stmt *st, bool got, int64_t v, int64_t *out)
{
	enum hd_status s = db_end(st);

	if (s != HD_OK)
		return s;
	if (!got)
		return HD_ENOTFOUND;
	*out = v;
	return HD_OK;
}

enum hd_status
db_insert(struct db_conn *c, int64_t *id, const char *sql, const char *fmt, ...)
{
	struct db_stmt *st;
	bool got;
	int64_t v = 0;
	va_list ap;

	va_start(ap, fmt);
	st = vstart(c, sql, true, fmt, ap);
	va_end(ap);
	got = first_i64(st, &v); /* RETURNING id, where the driver added it */
	/* Before db_end, which may call the feed: nothing else has run. */
	if (st != NULL && st->status == HD_OK && !got && c->ops->last_id)
		got = c->ops->last_id(c, &v);
	return end_with(st, got, v, id);
}

/* db_update with the parameters in ap. */
static enum hd_status
vupdate(
    struct db_conn *c, int64_t *n, const char *sql, const char *fmt, va_list ap)
{
	struct db_stmt *st = vstart(c, sql, false, fmt, ap);
	int64_t k = 0;

	while (db_step(st))
		;
	/* Before db_end, which may call the feed: nothing else has run. */
	if (st != NULL && st->status == HD_OK)
		k = c->ops->changes(c);
	if (n != NULL)
		*n = k;
	return db_end(st);
}

enum hd_status
db_update(struct db_conn *c, int64_t *n, const char *sql, const char *fmt, ...)
{
	enum hd_status s;
	va_list ap;

	va_start(ap, fmt);
	s = vupdate(c, n, sql, fmt, ap);
	va_end(ap);
	return s;
}

enum hd_status
db_update_one(struct db_conn *c, const char *sql, const char *fmt, ...)
{
	enum hd_status s;
	int64_t n = 0;
	va_list ap;

	va_start(ap, fmt);
	s = vupdate(c, &n, sql, fmt, ap);
	va_end(ap);
	return s == HD_OK && n == 0 ? HD_ENOTFOUND : s;
}

enum hd_status
db_scalar(
    struct db_conn *c, int64_t *out, const char *sql, const char *fmt, ...)
{
	struct db_stmt *st;
	bool got;
	int64_t v = 0;
	va_list ap;

	va_start(ap, fmt);
	st = vstart(c, sql, false, fmt, ap);
	va_end(ap);
	got = first_i64(st, &v);
	return end_with(st, got, v, out);
}

enum hd_status
db_script(struct db_conn *c, const char *sql)
{
	enum hd_status s;

	if (c->aborted)
		return HD_EIO;
	s = c->ops->script(c, sql);
	if (s != HD_OK)
		db_tx_lost(c, s);
	if (c->depth == 0)
		db_feed_end(c, s == HD_OK);
	return s;
}

bool
db_ident_ok(const char *s)
{
	size_t i;

	if (s == NULL)
		return false;
	for (i = 0; s[i] != '\0'; i++) {
		char ch = s[i];
		bool alpha = (ch >= 'a' && ch <= 'z') ||
			     (ch >= 'A' && ch <= 'Z') || ch == '_';

		if (!alpha && (i == 0 || ch < '0' || ch > '9'))
			return false;
	}
	return i > 0 && i < 64;
}

enum hd_status
db_wal_checkpoint(
    struct db_conn *c, enum db_checkpoint mode, int busy_ms, int *frames)
{
	return c->ops->checkpoint(c, mode, busy_ms, frames);
}

int
db_wal_frames(const struct db_conn *c)
{
	return c->ops->wal_frames(c);
}

enum hd_status
db_cache_set(struct db_conn *c, int kib)
{
	if (kib <= 0)
		return HD_EINVAL;
	return c->ops->cache_set(c, kib);
}

void
db_memory_limit(int64_t bytes)
{
	for (size_t i = 0; i < N_DRIVERS; i++)
		if (drivers[i]->memory_limit != NULL)
			drivers[i]->memory_limit(bytes);
}

void
db_stats(struct db_stats *s)
{
	memset(s, 0, sizeof(*s));
	for (size_t i = 0; i < N_DRIVERS; i++)
		if (drivers[i]->stats != NULL)
			drivers[i]->stats(s);
	db_writer_stats_add(s);
}

int
db_check(struct db_conn *c, enum db_check kind, int max,
    void (*problem)(void *arg, const char *text), void *arg)
{
	if (c->ops->check == NULL)
		return 0;
	return c->ops->check(c, kind, max, problem, arg);
}

enum hd_status
db_tune(struct db_conn *c, enum db_tune how)
{
	return c->ops->tune != NULL ? c->ops->tune(c, how) : HD_OK;
}

enum hd_status
db_has_table(struct db_conn *c, const char *name, bool *yes)
{
	*yes = false;
	if (!db_ident_ok(name))
		return HD_EINVAL;
	return c->ops->has_table(c, name, yes);
}
