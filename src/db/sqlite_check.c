/* SPDX-License-Identifier: MIT */
/*
 * The SQLite driver's checks of a file (db_check, db_has_table), what it
 * does around migrations, and the conditions it reports to db/health.h:
 * a full disk and a damaged file, from failed statements and from
 * SQLite's error log.
 */
#include "db/health.h"
#include "db/sqlite.h"
#include "util/log.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

enum hd_status
db_sqlite_condition(int rc, int sys_errno, const char *detail)
{
	char why[256];

	switch (rc & 0xff) {
	case SQLITE_FULL:
		return db_health_note(DB_COND_FULL, detail);
	case SQLITE_IOERR:
		if (sys_errno != ENOSPC)
			return HD_EIO;
		return db_health_note(DB_COND_FULL, detail);
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		snprintf(why, sizeof(why), "SQLite: %s",
		    detail && *detail ? detail : "corrupt");
		return db_health_note(DB_COND_DAMAGED, why);
	default:
		return HD_EIO;
	}
}

/* The errno in an os_unix.c line of SQLite's log, "os_unix.c:N: (E)
 * call(path) - text"; 0 when there is none. */
static int
unix_errno(const char *msg)
{
	const char *p = msg ? strstr(msg, ": (") : NULL;
	int n = 0;

	if (p == NULL || strncmp(msg, "os_unix.c:", 10) != 0)
		return 0;
	for (p += 3; *p >= '0' && *p <= '9' && n < 100000; p++)
		n = n * 10 + (*p - '0');
	return *p == ')' ? n : 0;
}

/* SQLite's error log: a full disk or a damaged page, whichever
 * statement meets it — also one whose error a caller never sees. */
static void
sqlite_log(void *arg, int rc, const char *msg)
{
	(void)arg;
	switch (rc & 0xff) {
	case SQLITE_FULL:
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		db_sqlite_condition(rc, 0, msg);
		break;
	case SQLITE_IOERR:
		db_sqlite_condition(rc, unix_errno(msg), msg);
		break;
	default:
		break;
	}
}

void
db_sqlite_init(void)
{
	if (sqlite3_config(SQLITE_CONFIG_LOG, sqlite_log, NULL) != SQLITE_OK)
		hd_log(HD_LOG_WARN, "SQLite's error log cannot be watched: "
				    "a damaged file shows only as errors");
}

/* Reports SQLite's message of the failure on c; returns -1. */
static int
failed(struct sq_conn *c, void (*problem)(void *, const char *), void *arg)
{
	problem(arg, sqlite3_errmsg(c->h));
	return -1;
}

/* The problems a PRAGMA lists, one row each ("ok": none). */
static int
pragma_rows(struct sq_conn *c, const char *sql, int max,
    void (*problem)(void *, const char *), void *arg)
{
	sqlite3_stmt *st = NULL;
	int n = 0, rc;

	if (sqlite3_prepare_v2(c->h, sql, -1, &st, NULL) != SQLITE_OK)
		return failed(c, problem, arg);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *line = (const char *)sqlite3_column_text(st, 0);

		if (line == NULL || strcmp(line, "ok") == 0)
			continue;
		if (n++ < max)
			problem(arg, line);
	}
	if (rc != SQLITE_DONE)
		n = failed(c, problem, arg);
	sqlite3_finalize(st);
	return n;
}

/* Foreign keys that point nowhere. */
static int
refs(struct sq_conn *c, int max, void (*problem)(void *, const char *),
    void *arg)
{
	sqlite3_stmt *st = NULL;
	char line[512];
	int n = 0, rc;

	if (sqlite3_prepare_v2(
		c->h, "PRAGMA foreign_key_check", -1, &st, NULL) != SQLITE_OK)
		return failed(c, problem, arg);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n++ >= max)
			continue;
		snprintf(line, sizeof(line),
		    "row %lld of table %s refers to a missing row of %s",
		    (long long)sqlite3_column_int64(st, 1),
		    (const char *)sqlite3_column_text(st, 0),
		    (const char *)sqlite3_column_text(st, 2));
		problem(arg, line);
	}
	if (rc != SQLITE_DONE)
		n = failed(c, problem, arg);
	sqlite3_finalize(st);
	return n;
}

int
db_sqlite_check(struct db_conn *base, enum db_check kind, int max,
    void (*problem)(void *arg, const char *text), void *arg)
{
	struct sq_conn *c = (struct sq_conn *)base;
	char sql[64];

	switch (kind) {
	case DB_CHECK_READABLE:
		/* The schema is on the first page: a file that is no
		 * database, or whose first page is damaged, fails here. */
		if (sqlite3_exec(c->h, "SELECT 1 FROM sqlite_master LIMIT 1",
			NULL, NULL, NULL) != SQLITE_OK)
			return failed(c, problem, arg);
		return 0;
	case DB_CHECK_QUICK:
	case DB_CHECK_FULL:
		snprintf(sql, sizeof(sql), "PRAGMA %s(%d)",
		    kind == DB_CHECK_QUICK ? "quick_check" : "integrity_check",
		    max);
		return pragma_rows(c, sql, max, problem, arg);
	case DB_CHECK_REFS:
		return refs(c, max, problem, arg);
	}
	return 0;
}

enum hd_status
db_sqlite_has_table(struct db_conn *base, const char *name, bool *yes)
{
	struct sq_conn *c = (struct sq_conn *)base;
	sqlite3_stmt *st = NULL;
	int rc;

	rc = sqlite3_prepare_v2(c->h,
	    "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND "
	    "name = ?",
	    -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
		if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			*yes = sqlite3_column_int(st, 0) > 0;
			rc = SQLITE_OK;
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_OK ? HD_OK : db_sqlite_status(c, rc, NULL);
}

/*
 * A migration that rebuilds a table other tables refer to (SQLite cannot
 * drop a constraint in place) must run with foreign keys off — the
 * pragma is ignored inside a transaction — and the keys are checked
 * before its commit instead (sqlite.org/lang_altertable.html, "Making
 * Other Kinds Of Table Schema Changes").
 */
enum hd_status
db_sqlite_migrating(struct db_conn *base, enum db_migrating ph)
{
	struct sq_conn *c = (struct sq_conn *)base;
	sqlite3_stmt *st = NULL;
	int64_t broken = 0;
	int rc;

	switch (ph) {
	case DB_MIGRATING_BEFORE_ALL:
	case DB_MIGRATING_AFTER_ALL:
		rc = sqlite3_exec(c->h,
		    ph == DB_MIGRATING_BEFORE_ALL ? "PRAGMA foreign_keys=OFF"
						  : "PRAGMA foreign_keys=ON",
		    NULL, NULL, NULL);
		return rc == SQLITE_OK ? HD_OK : db_sqlite_status(c, rc, NULL);
	case DB_MIGRATING_CHECK:
		break;
	}
	rc = sqlite3_prepare_v2(c->h,
	    "SELECT count(*) FROM pragma_foreign_key_check", -1, &st, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		broken = sqlite3_column_int64(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_OK)
		return db_sqlite_status(c, rc, NULL);
	if (broken > 0) {
		hd_log(HD_LOG_ERROR, "migration: %lld rows break a foreign key",
		    (long long)broken);
		return HD_EIO;
	}
	return HD_OK;
}
