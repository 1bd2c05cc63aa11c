/* SPDX-License-Identifier: MIT */
#ifndef HD_TEST_STORE_FX_H
#define HD_TEST_STORE_FX_H

/*
 * The fixture of the store's unit tests (test_store_*.c): a fresh
 * database in a temporary directory, migrated, and small queries to look
 * at it. Split out of the one test_store.c of old (issue 11, item 7).
 */
/*
 * The store against a real SQLite file: every test gets a fresh database
 * in its own temporary directory, migrated, and removed afterwards.
 */
#include "app/notify.h"
#include "app/process.h"
#include "db/db.h"
#include "db/migrate.h"
#include "db_sqlite_h.h"
#include "store/outbox.h"
#include "store/process.h"
#include "store/setting.h"
#include "store/token.h"
#include "store/user.h"
#include "util/clock.h"
#include "util/config.h"
#include "util/rand.h"
#include "util/str.h"

#include <dirent.h>
#include <setjmp.h>
#include <sodium.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* cmocka.h needs setjmp.h, stdarg.h and stddef.h first. */
#include <cmocka.h>

extern const struct hd_embedded hd_migrations[];
extern const size_t hd_migrations_count;

struct fx {
	char dir[64];
	char path[128];
	struct db_conn *c;
};

/* ---- fixture ----------------------------------------------------------- */

/* Milliseconds until the next mail is due (store_outbox_next_due). */
static inline int64_t
next_due(struct db_conn *c, int64_t now_ms)
{
	int64_t ms = -2;

	assert_int_equal(store_outbox_next_due(c, now_ms, &ms), HD_OK);
	return ms;
}

static inline void
remove_dir(const char *dir)
{
	char p[512];
	struct dirent *e;
	DIR *d;

	if ((d = opendir(dir)) != NULL) {
		while ((e = readdir(d)) != NULL) {
			if (strcmp(e->d_name, ".") == 0 ||
			    strcmp(e->d_name, "..") == 0)
				continue;
			snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
			unlink(p);
		}
		closedir(d);
	}
	rmdir(dir);
}

static inline int
setup(void **state)
{
	struct fx *f;

	if ((f = calloc(1, sizeof(*f))) == NULL)
		return -1;
	hd_strlcpy(f->dir, "/tmp/hausdesk-test-store-XXXXXX", sizeof(f->dir));
	if (mkdtemp(f->dir) == NULL) {
		free(f);
		return -1;
	}
	snprintf(f->path, sizeof(f->path), "%s/hausdesk.db", f->dir);
	if (db_open(f->path, 0, &f->c) != HD_OK || db_migrate(f->c) != HD_OK) {
		db_close(f->c);
		remove_dir(f->dir);
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static inline int
teardown(void **state)
{
	struct fx *f = *state;

	db_close(f->c);
	remove_dir(f->dir);
	free(f);
	return 0;
}

/* Runs a test-only SQL script on the connection. */
static inline void
exec_sql(struct fx *f, const char *sql)
{
	char *err = NULL;

	if (sqlite3_exec(test_sqlite(f->c), sql, NULL, NULL, &err) !=
	    SQLITE_OK) {
		char msg[512];

		snprintf(msg, sizeof(msg), "%s", err ? err : "?");
		sqlite3_free(err);
		fail_msg("SQL failed: %s", msg);
	}
}

static inline sqlite3_stmt *
q_prepare(struct fx *f, const char *fmt, va_list ap)
{
	char sql[2048];
	sqlite3_stmt *st = NULL;

	vsnprintf(sql, sizeof(sql), fmt, ap);
	if (sqlite3_prepare_v2(test_sqlite(f->c), sql, -1, &st, NULL) !=
	    SQLITE_OK)
		fail_msg(
		    "prepare %s: %s", sql, sqlite3_errmsg(test_sqlite(f->c)));
	return st;
}

/* The integer in the first column of the first row (-1: no row). The
 * query bypasses the store's statement cache. */
static inline int64_t q_int(struct fx *f, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static inline int64_t
q_int(struct fx *f, const char *fmt, ...)
{
	sqlite3_stmt *st;
	int64_t v = -1;
	va_list ap;

	va_start(ap, fmt);
	st = q_prepare(f, fmt, ap);
	va_end(ap);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* The text in the first column of the first row into buf ("<no row>",
 * "<null>" otherwise); returns buf. */
static inline const char *q_text(struct fx *f, char *buf, size_t n,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static inline const char *
q_text(struct fx *f, char *buf, size_t n, const char *fmt, ...)
{
	sqlite3_stmt *st;
	va_list ap;

	va_start(ap, fmt);
	st = q_prepare(f, fmt, ap);
	va_end(ap);
	hd_strlcpy(buf, "<no row>", n);
	if (sqlite3_step(st) == SQLITE_ROW)
		hd_strlcpy(buf,
		    sqlite3_column_type(st, 0) == SQLITE_NULL
			? "<null>"
			: (const char *)sqlite3_column_text(st, 0),
		    n);
	sqlite3_finalize(st);
	return buf;
}

static inline int64_t
count_orgs(struct fx *f)
{
	return q_int(f, "SELECT count(*) FROM orgs");
}

static inline void
two_orgs(struct fx *f)
{
	exec_sql(f, "INSERT INTO orgs(id, name, created_at) VALUES "
		    "(1, 'ABC Hausverwaltung', 0), (2, 'XYZ Immobilien', 0)");
}

#endif
