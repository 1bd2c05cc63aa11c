/* SPDX-License-Identifier: MIT */
#ifndef HD_TEST_WRITER_DB_H
#define HD_TEST_WRITER_DB_H

/*
 * For the unit tests of the writer and what hangs on it: a migrated
 * database in a fresh temporary directory, removed again afterwards, and
 * running SQL as one job of the writer.
 */
#include "db/db.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <unistd.h>

/* cmocka.h needs setjmp.h, stdarg.h and stddef.h first. */
#include <cmocka.h>

/* Makes dir (from a template like "/tmp/hd-x-XXXXXX") and the migrated
 * database path = dir/name in it. */
static void
writer_db_create(char *dir, size_t dn, const char *tmpl, char *path, size_t pn,
    const char *name)
{
	struct db_conn *c;

	snprintf(dir, dn, "%s", tmpl);
	assert_non_null(mkdtemp(dir));
	snprintf(path, pn, "%s/%s", dir, name);
	assert_int_equal(db_open(path, 0, &c), HD_OK);
	assert_int_equal(db_migrate(c), HD_OK);
	db_close(c);
}

/* Removes the database dir/name with its WAL and shared memory, and dir. */
static void
writer_db_remove(const char *dir, const char *name)
{
	static const char *const ends[] = {"", "-wal", "-shm"};
	char p[256];

	for (size_t i = 0; i < sizeof(ends) / sizeof(ends[0]); i++) {
		snprintf(p, sizeof(p), "%s/%s%s", dir, name, ends[i]);
		unlink(p);
	}
	rmdir(dir);
}

/* Runs sql (no parameters) as one job of the writer; it must commit. */
static void
job(const char *sql)
{
	struct db_conn *c = db_writer_acquire();
	enum hd_status st;

	assert_non_null(c);
	if ((st = db_script(c, sql)) != HD_OK)
		fail_msg("%s: %s", sql, hd_status_str(st));
	assert_int_equal(db_writer_release(c, HD_OK), HD_OK);
}

#endif
