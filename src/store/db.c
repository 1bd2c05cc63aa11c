/* SPDX-License-Identifier: MIT */
#include "store/db.h"

#include "store/health.h"
#include "store/vcache.h"
#include "util/log.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct hd_embedded {
	const char *name;
	const char *data;
	size_t len;
};
extern const struct hd_embedded hd_migrations[];
extern const size_t hd_migrations_count;

/* Opens path with the SQLite open flags given (see db_open). */
static enum hd_status
open_flags(const char *path, int flags, struct db_conn **out)
{
	bool readonly = !(flags & SQLITE_OPEN_READWRITE);
	struct db_conn *c;

	*out = NULL;
	if ((c = calloc(1, sizeof(*c))) == NULL)
		return HD_ENOMEM;
	c->pool = -1;
	flags |= SQLITE_OPEN_NOMUTEX;
	if (sqlite3_open_v2(path, &c->h, flags, NULL) != SQLITE_OK) {
		hd_log(HD_LOG_ERROR, "cannot open database %s: %s", path,
		    c->h ? sqlite3_errmsg(c->h) : "out of memory");
		db_close(c);
		return HD_EIO;
	}
	sqlite3_busy_timeout(c->h, 5000);
	sqlite3_extended_result_codes(c->h, 1);
	if ((!readonly && sqlite3_exec(c->h, "PRAGMA journal_mode=WAL", NULL,
			      NULL, NULL) != SQLITE_OK) ||
	    sqlite3_exec(c->h,
		"PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL;"
		"PRAGMA temp_store=MEMORY; PRAGMA cache_size=-4000;",
		NULL, NULL, NULL) != SQLITE_OK) {
		hd_log(HD_LOG_ERROR, "cannot configure database %s: %s", path,
		    sqlite3_errmsg(c->h));
		db_close(c);
		return HD_EIO;
	}
	*out = c;
	return HD_OK;
}

enum hd_status
db_open(const char *path, bool readonly, struct db_conn **out)
{
	return open_flags(path,
	    readonly ? SQLITE_OPEN_READONLY
		     : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
	    out);
}

enum hd_status
db_open_existing(const char *path, struct db_conn **out)
{
	return open_flags(path, SQLITE_OPEN_READWRITE, out);
}

void
db_close(struct db_conn *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < DB_CACHE_SLOTS; i++)
		sqlite3_finalize(c->cache[i].st);
	sqlite3_close(c->h);
	free(c);
}

enum hd_status
db_status(struct db_conn *c, int rc)
{
	enum hd_status st;

	switch (rc) {
	case SQLITE_OK:
	case SQLITE_DONE:
	case SQLITE_ROW:
		return HD_OK;
	case SQLITE_CONSTRAINT_UNIQUE:
	case SQLITE_CONSTRAINT_PRIMARYKEY:
		return HD_ECONFLICT;
	case SQLITE_CONSTRAINT_FOREIGNKEY:
		return HD_ECONFLICT;
	case SQLITE_NOMEM:
		return HD_ENOMEM;
	default:
		break;
	}
	/* A full disk or a damaged file is logged once, where it is
	 * noted, not for every statement that meets it. */
	if ((st = db_health_note(rc, sqlite3_system_errno(c->h),
		 sqlite3_errmsg(c->h))) != HD_EIO)
		return st;
	hd_log(HD_LOG_ERROR, "database: %s (%d)", sqlite3_errmsg(c->h), rc);
	return HD_EIO;
}

sqlite3_stmt *
db_stmt(struct db_conn *c, const char *sql)
{
	uintptr_t h = ((uintptr_t)sql >> 3) * 2654435761u;
	size_t i, slot = h % DB_CACHE_SLOTS;
	sqlite3_stmt *st;

	for (i = 0; i < DB_CACHE_SLOTS; i++) {
		size_t k = (slot + i) % DB_CACHE_SLOTS;
		if (c->cache[k].sql == sql) {
			sqlite3_reset(c->cache[k].st);
			sqlite3_clear_bindings(c->cache[k].st);
			return c->cache[k].st;
		}
		if (c->cache[k].sql == NULL) {
			slot = k;
			break;
		}
	}
	if (sqlite3_prepare_v3(c->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st,
		NULL) != SQLITE_OK) {
		hd_log(
		    HD_LOG_ERROR, "prepare: %s: %s", sqlite3_errmsg(c->h), sql);
		return NULL;
	}
	if (i == DB_CACHE_SLOTS || c->cache[slot].sql != NULL) {
		/* Cache full: should not happen with our fixed query set. */
		hd_log(HD_LOG_ERROR, "statement cache full");
		sqlite3_finalize(st);
		return NULL;
	}
	c->cache[slot].sql = sql;
	c->cache[slot].st = st;
	return st;
}

static enum hd_status
vbind(sqlite3_stmt *st, const char *fmt, va_list ap)
{
	int i, rc = SQLITE_OK;

	for (i = 1; *fmt && rc == SQLITE_OK; fmt++, i++) {
		switch (*fmt) {
		case 'i':
			rc = sqlite3_bind_int64(st, i, va_arg(ap, int64_t));
			break;
		case 'b':
			rc = sqlite3_bind_int(st, i, va_arg(ap, int) ? 1 : 0);
			break;
		case 'I': {
			int64_t v = va_arg(ap, int64_t);
			rc = v ? sqlite3_bind_int64(st, i, v)
			       : sqlite3_bind_null(st, i);
			break;
		}
		case 't': {
			const char *s = va_arg(ap, const char *);
			rc = s ? sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC)
			       : sqlite3_bind_null(st, i);
			break;
		}
		default:
			return HD_EINVAL;
		}
	}
	return rc == SQLITE_OK ? HD_OK : HD_EIO;
}

enum hd_status
db_bind(sqlite3_stmt *st, const char *fmt, ...)
{
	enum hd_status s;
	va_list ap;

	va_start(ap, fmt);
	s = vbind(st, fmt, ap);
	va_end(ap);
	return s;
}

void
db_done(sqlite3_stmt *st)
{
	if (st != NULL)
		sqlite3_reset(st);
}

static enum hd_status
vexec(struct db_conn *c, const char *sql, const char *fmt, va_list ap)
{
	sqlite3_stmt *st;
	enum hd_status s;
	int rc;

	if ((st = db_stmt(c, sql)) == NULL)
		return HD_EIO;
	if ((s = vbind(st, fmt, ap)) != HD_OK)
		goto out;
	rc = sqlite3_step(st);
	while (rc == SQLITE_ROW)
		rc = sqlite3_step(st);
	s = db_status(c, rc);
out:
	db_done(st);
	return s;
}

enum hd_status
db_exec(struct db_conn *c, const char *sql, const char *fmt, ...)
{
	enum hd_status s;
	va_list ap;

	va_start(ap, fmt);
	s = vexec(c, sql, fmt, ap);
	va_end(ap);
	return s;
}

enum hd_status
db_insert(
    struct db_conn *c, int64_t *rowid, const char *sql, const char *fmt, ...)
{
	enum hd_status s;
	va_list ap;

	va_start(ap, fmt);
	s = vexec(c, sql, fmt, ap);
	va_end(ap);
	/* The connection's last rowid is the statement's own: a row a
	 * trigger inserts does not change it once the trigger has ended. */
	if (s == HD_OK)
		*rowid = sqlite3_last_insert_rowid(c->h);
	return s;
}

enum hd_status
db_int(struct db_conn *c, int64_t *out, const char *sql, const char *fmt, ...)
{
	sqlite3_stmt *st;
	enum hd_status s;
	va_list ap;
	int rc;

	if ((st = db_stmt(c, sql)) == NULL)
		return HD_EIO;
	va_start(ap, fmt);
	s = vbind(st, fmt, ap);
	va_end(ap);
	if (s != HD_OK)
		goto out;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int64(st, 0);
		/* Finish the statement so RETURNING writes complete. */
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			;
		s = db_status(c, rc);
	} else if (rc == SQLITE_DONE) {
		s = HD_ENOTFOUND;
	} else {
		s = db_status(c, rc);
	}
out:
	db_done(st);
	return s;
}

const char *
db_text(sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);

	return t ? (const char *)t : "";
}

/* Runs one transaction-control statement, prepared once per connection
 * (these run on every request; parsing them each time showed in profiles). */
static int
run(struct db_conn *c, const char *sql)
{
	sqlite3_stmt *st = db_stmt(c, sql);
	int rc;

	if (st == NULL)
		return SQLITE_ERROR;
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

enum hd_status
db_begin(struct db_conn *c)
{
	int rc = run(c, c->depth == 0 ? "BEGIN IMMEDIATE" : "SAVEPOINT sp");

	if (rc != SQLITE_OK)
		return db_status(c, rc);
	c->depth++;
	return HD_OK;
}

enum hd_status
db_commit(struct db_conn *c)
{
	int rc = run(c, c->depth == 1 ? "COMMIT" : "RELEASE sp");

	if (rc != SQLITE_OK) {
		enum hd_status s = db_status(c, rc);
		db_rollback(c);
		return s;
	}
	c->depth--;
	return HD_OK;
}

void
db_rollback(struct db_conn *c)
{
	if (c->depth == 0)
		return;
	if (c->depth == 1) {
		run(c, "ROLLBACK");
	} else {
		run(c, "ROLLBACK TO sp");
		run(c, "RELEASE sp");
	}
	c->depth--;
}

bool
db_read_begin(struct db_conn *c)
{
	if (c->depth > 0)
		return false;
	/* Before the snapshot, which begins at the first read. */
	c->ticket = vcache_ticket();
	if (run(c, "BEGIN") != SQLITE_OK)
		return false;
	c->depth++;
	return true;
}

bool
db_snapshot_held(struct db_conn *c)
{
	return sqlite3_txn_state(c->h, NULL) != SQLITE_TXN_NONE;
}

uint64_t
db_read_ticket(struct db_conn *c)
{
	return c->depth > 0 ? c->ticket : vcache_ticket();
}

void
db_read_end(struct db_conn *c, bool begun)
{
	if (!begun)
		return;
	run(c, "COMMIT");
	c->depth--;
}

/* Applies migration i in a transaction of its own; the foreign keys must
 * still hold afterwards. */
static enum hd_status
migrate_one(struct db_conn *c, size_t i)
{
	enum hd_status s;
	char *err = NULL;
	int64_t broken = 0;

	if ((s = db_begin(c)) != HD_OK)
		return s;
	if (sqlite3_exec(c->h, hd_migrations[i].data, NULL, NULL, &err) !=
	    SQLITE_OK) {
		hd_log(HD_LOG_ERROR, "migration %s: %s", hd_migrations[i].name,
		    err ? err : "?");
		sqlite3_free(err);
		db_rollback(c);
		return HD_EIO;
	}
	s = db_int(
	    c, &broken, "SELECT count(*) FROM pragma_foreign_key_check", "");
	if (s == HD_OK && broken > 0) {
		hd_log(HD_LOG_ERROR,
		    "migration %s: %lld rows break a foreign key",
		    hd_migrations[i].name, (long long)broken);
		s = HD_EIO;
	}
	if (s == HD_OK)
		s = db_exec(c,
		    "INSERT INTO schema_version(version, name, applied_at) "
		    "VALUES (?, ?, strftime('%s','now'))",
		    "it", (int64_t)(i + 1), hd_migrations[i].name);
	if (s != HD_OK) {
		db_rollback(c);
		return s;
	}
	return db_commit(c);
}

enum hd_status
db_migrate(struct db_conn *c)
{
	enum hd_status s;
	int64_t have = 0;
	size_t i;

	if (sqlite3_exec(c->h,
		"CREATE TABLE IF NOT EXISTS schema_version ("
		"version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
		"applied_at INTEGER NOT NULL)",
		NULL, NULL, NULL) != SQLITE_OK)
		return db_status(c, sqlite3_errcode(c->h));
	s = db_int(c, &have,
	    "SELECT coalesce(max(version), 0) FROM schema_version", "");
	if (s != HD_OK || (size_t)have >= hd_migrations_count)
		return s;
	/*
	 * A migration that rebuilds a table other tables refer to (SQLite
	 * cannot drop a constraint in place) must run with foreign keys off
	 * — the pragma is ignored inside a transaction — and the keys are
	 * checked before its commit instead (sqlite.org/lang_altertable.html,
	 * "Making Other Kinds Of Table Schema Changes").
	 */
	sqlite3_exec(c->h, "PRAGMA foreign_keys=OFF", NULL, NULL, NULL);
	for (i = (size_t)have; i < hd_migrations_count && s == HD_OK; i++)
		s = migrate_one(c, i);
	sqlite3_exec(c->h, "PRAGMA foreign_keys=ON", NULL, NULL, NULL);
	return s;
}

void
db_memory_limit(int64_t bytes)
{
	sqlite3_soft_heap_limit64(bytes);
}
