/* SPDX-License-Identifier: MIT */
/*
 * The SQLite driver: connections, statements and columns. Transactions,
 * the WAL and figures are in sqlite_tx.c, the change feed in
 * sqlite_feed.c. `?` and `?N` placeholders are SQLite's own.
 */
#include "db/sqlite.h"

#include "util/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How long a statement waits for a lock another connection holds. */
#define BUSY_MS 5000
/* Page caches in KiB: every connection's, and the writer's, which keeps
 * the inner pages of the indexes every create writes. */
#define CACHE_KIB 4000
#define WRITER_CACHE_KIB 16000
/* After a WAL restart, a WAL grown in a burst shrinks to this again. */
#define JOURNAL_LIMIT "67108864"

enum hd_status
db_sqlite_status(struct sq_conn *c, int rc, const char *sql)
{
	enum hd_status s;

	switch (rc) {
	case SQLITE_OK:
	case SQLITE_DONE:
	case SQLITE_ROW:
		return HD_OK;
	case SQLITE_CONSTRAINT_UNIQUE:
	case SQLITE_CONSTRAINT_PRIMARYKEY:
	case SQLITE_CONSTRAINT_FOREIGNKEY:
		return HD_ECONFLICT;
	case SQLITE_NOMEM:
	case SQLITE_IOERR_NOMEM:
		return HD_ENOMEM;
	default:
		break;
	}
	/* A full disk or a damaged file is logged once, where it is noted
	 * (db/health.c), not for every statement that meets it. */
	s = db_sqlite_condition(rc, c->h ? sqlite3_system_errno(c->h) : 0,
	    c->h ? sqlite3_errmsg(c->h) : sqlite3_errstr(rc));
	if (s != HD_EIO)
		return s;
	hd_log(HD_LOG_ERROR, "database: %s (%d)%s%.80s",
	    c->h ? sqlite3_errmsg(c->h) : sqlite3_errstr(rc), rc,
	    sql ? " in: " : "", sql ? sql : "");
	return HD_EIO;
}

/* Runs a PRAGMA (or other statement without parameters) on c. */
static enum hd_status
pragma(struct sq_conn *c, const char *sql)
{
	int rc = sqlite3_exec(c->h, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? HD_OK : db_sqlite_status(c, rc, sql);
}

/* After each commit on a DB_WRITER connection: the frames now in the
 * WAL, for the writer's decision to restart it (db_wal_frames). */
static int
wal_hook(void *arg, sqlite3 *db, const char *name, int frames)
{
	(void)db;
	(void)name;
	((struct sq_conn *)arg)->wal_frames = frames;
	return SQLITE_OK;
}

/* What the process's writing connection needs beyond any other. */
static enum hd_status
writer_setup(struct sq_conn *c)
{
	enum hd_status s;
	char sql[64];

	snprintf(sql, sizeof(sql), "PRAGMA cache_size=-%d", WRITER_CACHE_KIB);
	if ((s = pragma(c, sql)) != HD_OK ||
	    (s = pragma(c, "PRAGMA journal_size_limit=" JOURNAL_LIMIT)) !=
		HD_OK)
		return s;
	/* Checkpoints run in the background (the checkpointer), not in a
	 * request's commit. */
	sqlite3_wal_autocheckpoint(c->h, 0);
	sqlite3_wal_hook(c->h, wal_hook, c);
	if (db_feed_get() != NULL)
		return db_sqlite_feed_attach(c, db_feed_get());
	return HD_OK;
}

static void
sq_close(struct db_conn *base)
{
	struct sq_conn *c = (struct sq_conn *)base;

	db_sqlite_feed_detach(c);
	sqlite3_close(c->h);
	free(c);
}

static enum hd_status
sq_open(const char *path, unsigned flags, struct db_conn **out)
{
	bool ro = (flags & DB_READONLY) != 0;
	int oflags = ro ? SQLITE_OPEN_READONLY
		     : (flags & DB_EXISTING)
			 ? SQLITE_OPEN_READWRITE
			 : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	enum hd_status s = HD_EIO;
	struct sq_conn *c;
	char sql[160];

	*out = NULL;
	if ((c = calloc(1, sizeof(*c))) == NULL)
		return HD_ENOMEM;
	if (sqlite3_open_v2(path, &c->h, oflags | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK) {
		hd_log(HD_LOG_ERROR, "cannot open database %s: %s", path,
		    c->h ? sqlite3_errmsg(c->h) : "out of memory");
		goto out;
	}
	sqlite3_busy_timeout(c->h, BUSY_MS);
	sqlite3_extended_result_codes(c->h, 1);
	snprintf(sql, sizeof(sql),
	    "PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL;"
	    "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-%d;",
	    CACHE_KIB);
	if ((!ro && (s = pragma(c, "PRAGMA journal_mode=WAL")) != HD_OK) ||
	    (s = pragma(c, sql)) != HD_OK) {
		hd_log(HD_LOG_ERROR, "cannot configure database %s", path);
		goto out;
	}
	if ((flags & DB_WRITER) && (s = writer_setup(c)) != HD_OK)
		goto out;
	s = HD_OK;
out:
	if (s != HD_OK) {
		sq_close(&c->base);
		return s;
	}
	*out = &c->base;
	return HD_OK;
}

/* Whether only blanks (and a ';') are left of a statement's text. */
static bool
only_blanks(const char *p)
{
	for (; *p; p++)
		if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r' &&
		    *p != ';')
			return false;
	return true;
}

static enum hd_status
sq_prepare(
    struct db_conn *base, const char *sql, bool want_id, struct db_stmt **out)
{
	struct sq_conn *c = (struct sq_conn *)base;
	const char *tail = NULL;
	struct sq_stmt *st;
	int rc;

	/* SQLite's last rowid serves db_insert: the SQL is the same. */
	(void)want_id;
	*out = NULL;
	if ((st = calloc(1, sizeof(*st))) == NULL)
		return HD_ENOMEM;
	rc = sqlite3_prepare_v3(
	    c->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st->h, &tail);
	if (rc != SQLITE_OK || st->h == NULL) {
		enum hd_status s = HD_EINVAL;

		if (rc != SQLITE_OK)
			s = db_sqlite_status(c, rc, sql);
		else
			hd_log(HD_LOG_ERROR, "prepare: no statement in: %.80s",
			    sql);
		free(st);
		return s;
	}
	/* A second statement would never run: say so instead. */
	if (tail != NULL && !only_blanks(tail)) {
		hd_log(HD_LOG_ERROR,
		    "prepare: more than one statement in: %.80s", sql);
		sqlite3_finalize(st->h);
		free(st);
		return HD_EINVAL;
	}
	st->n_params = sqlite3_bind_parameter_count(st->h);
	*out = &st->base;
	return HD_OK;
}

static void
sq_finalize(struct db_stmt *base)
{
	struct sq_stmt *st = (struct sq_stmt *)base;

	sqlite3_finalize(st->h);
	free(st);
}

/* A bind error of db_bind's own (a type or count), not SQLite's. */
#define BAD_FMT (-1)

/* Binds parameter i from the next argument(s) of type t. */
static int
bind_one(sqlite3_stmt *h, int i, char t, va_list *ap)
{
	switch (t) {
	case 'i':
		return sqlite3_bind_int64(h, i, va_arg(*ap, int64_t));
	case 'b':
		return sqlite3_bind_int(h, i, va_arg(*ap, int) ? 1 : 0);
	case 'I': {
		int64_t v = va_arg(*ap, int64_t);

		return v ? sqlite3_bind_int64(h, i, v)
			 : sqlite3_bind_null(h, i);
	}
	case 't': {
		const char *s = va_arg(*ap, const char *);

		return s ? sqlite3_bind_text(h, i, s, -1, SQLITE_STATIC)
			 : sqlite3_bind_null(h, i);
	}
	case 'x': {
		const void *p = va_arg(*ap, const void *);
		size_t n = va_arg(*ap, size_t);

		/* A non-NULL pointer with n 0 is an empty blob, not NULL. */
		return p ? sqlite3_bind_blob64(h, i, p, n, SQLITE_STATIC)
			 : sqlite3_bind_null(h, i);
	}
	default:
		return BAD_FMT;
	}
}

static enum hd_status
sq_bind(struct db_stmt *base, const char *fmt, va_list ap)
{
	struct sq_stmt *st = (struct sq_stmt *)base;
	va_list aq;
	int i, rc = SQLITE_OK;

	va_copy(aq, ap);
	for (i = 0; fmt[i] && rc == SQLITE_OK; i++)
		rc = i < st->n_params ? bind_one(st->h, i + 1, fmt[i], &aq)
				      : BAD_FMT;
	va_end(aq);
	/* Checked as it goes (this runs for every statement). */
	if (rc == BAD_FMT || (rc == SQLITE_OK && i != st->n_params)) {
		hd_log(HD_LOG_ERROR, "bind: \"%s\" for %d parameters in: %.80s",
		    fmt, st->n_params, base->sql);
		return HD_EINVAL;
	}
	if (rc != SQLITE_OK)
		return db_sqlite_status(
		    (struct sq_conn *)base->conn, rc, base->sql);
	return HD_OK;
}

static int
sq_step(struct db_stmt *base)
{
	struct sq_stmt *st = (struct sq_stmt *)base;
	int rc = sqlite3_step(st->h);

	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	base->status =
	    db_sqlite_status((struct sq_conn *)base->conn, rc, base->sql);
	return -1;
}

static void
sq_reset(struct db_stmt *base)
{
	struct sq_stmt *st = (struct sq_stmt *)base;

	sqlite3_reset(st->h);
	sqlite3_clear_bindings(st->h);
}

static int64_t
sq_col_i64(struct db_stmt *base, int col)
{
	return sqlite3_column_int64(((struct sq_stmt *)base)->h, col);
}

static bool
sq_col_null(struct db_stmt *base, int col)
{
	return sqlite3_column_type(((struct sq_stmt *)base)->h, col) ==
	       SQLITE_NULL;
}

static const char *
sq_col_text(struct db_stmt *base, int col, size_t *len)
{
	sqlite3_stmt *h = ((struct sq_stmt *)base)->h;
	const unsigned char *t = sqlite3_column_text(h, col);

	/* The length after the text: it may convert the value. */
	if (len != NULL)
		*len = t ? (size_t)sqlite3_column_bytes(h, col) : 0;
	return (const char *)t;
}

static const void *
sq_col_blob(struct db_stmt *base, int col, size_t *len)
{
	sqlite3_stmt *h = ((struct sq_stmt *)base)->h;
	const void *p;

	*len = 0;
	if (sqlite3_column_type(h, col) == SQLITE_NULL)
		return NULL;
	p = sqlite3_column_blob(h, col);
	*len = (size_t)sqlite3_column_bytes(h, col);
	/* SQLite answers NULL for an empty blob; NULL means SQL NULL. */
	return p ? p : "";
}

static int64_t
sq_changes(struct db_conn *base)
{
	return sqlite3_changes64(((struct sq_conn *)base)->h);
}

static bool
sq_last_id(struct db_conn *base, int64_t *id)
{
	struct sq_conn *c = (struct sq_conn *)base;

	/* The connection's last rowid is the statement's own: a row a
	 * trigger inserts does not change it once the trigger has ended.
	 * No change: ON CONFLICT DO NOTHING inserted nothing, and the last
	 * rowid is an older statement's. */
	if (sqlite3_changes64(c->h) == 0)
		return false;
	*id = sqlite3_last_insert_rowid(c->h);
	return true;
}

/* The database and its WAL: deleted or replaced under a running server,
 * a commit into them would be acknowledged and lost. */
static const char *const sq_files[] = {"", "-wal", NULL};

const struct db_ops db_sqlite_ops = {
    .driver = DB_SQLITE,
    .dialect = "sqlite",
    .open = sq_open,
    .close = sq_close,
    .prepare = sq_prepare,
    .finalize = sq_finalize,
    .bind = sq_bind,
    .step = sq_step,
    .reset = sq_reset,
    .col_i64 = sq_col_i64,
    .col_null = sq_col_null,
    .col_text = sq_col_text,
    .col_blob = sq_col_blob,
    .last_id = sq_last_id,
    .tx = db_sqlite_tx,
    .tx_lost = db_sqlite_tx_lost,
    .snapshot_held = db_sqlite_snapshot_held,
    .script = db_sqlite_script,
    .checkpoint = db_sqlite_checkpoint,
    .wal_frames = db_sqlite_wal_frames,
    .cache_set = db_sqlite_cache_set,
    .memory_limit = db_sqlite_memory_limit,
    .stats = db_sqlite_stats,
    .changes = sq_changes,
    .tune = db_sqlite_tune,
    .check = db_sqlite_check,
    .has_table = db_sqlite_has_table,
    .migrating = db_sqlite_migrating,
    .schema = db_sqlite_schema,
    .bind_values = db_sqlite_bind_values,
    .init = db_sqlite_init,
    .files = sq_files,
};
