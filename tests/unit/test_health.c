/* SPDX-License-Identifier: MIT */
/*
 * The database file's conditions (src/db/health.c, and the SQLite
 * driver's part in src/db/sqlite_check.c) against real SQLite
 * files: failures map to the statuses answered (507, 503), a damaged page
 * met by any statement is noted through SQLite's error log, and the
 * writer refuses to commit into a file deleted under it. The conditions
 * are process-wide and a lost file stays lost: the tests run in order.
 */
#include "db/health.h"
#include "db/sqlite.h"

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* With cmocka.h (which needs setjmp.h, stdarg.h and stddef.h first). */
#include "writer_db.h"

static void
full_and_io_errors_map_to_their_answers(void **state)
{
	const char *why;

	(void)state;
	assert_int_equal(db_health_get(NULL), DB_COND_OK);
	assert_int_equal(db_health_status(HD_EIO), HD_EIO);
	/* Some I/O error that is not about space is not a full disk. */
	assert_int_equal(
	    db_sqlite_condition(SQLITE_IOERR_WRITE, EIO, "x"), HD_EIO);
	assert_int_equal(db_health_get(NULL), DB_COND_OK);
	assert_int_equal(
	    db_sqlite_condition(SQLITE_IOERR_WRITE, ENOSPC, "x"), HD_EFULL);
	assert_int_equal(db_sqlite_condition(SQLITE_FULL, 0, "x"), HD_EFULL);
	assert_int_equal(db_health_get(&why), DB_COND_FULL);
	assert_non_null(strstr(why, "full"));
	/* A generic failure while the disk is full is the full disk; other
	 * answers stay what they are. */
	assert_int_equal(db_health_status(HD_EIO), HD_EFULL);
	assert_int_equal(db_health_status(HD_ECONFLICT), HD_ECONFLICT);
	/* Right after a failure, one commit that fit says nothing yet. */
	db_health_write_ok();
	assert_int_equal(db_health_get(NULL), DB_COND_FULL);
}

/* Overwrites every page of path but the first with 0xff. */
static void
damage(const char *path)
{
	char junk[4096];
	int fd = open(path, O_WRONLY);
	off_t pages;
	int i;

	assert_true(fd >= 0);
	pages = lseek(fd, 0, SEEK_END) / (off_t)sizeof(junk);
	memset(junk, 0xff, sizeof(junk));
	for (i = 1; i < pages; i++)
		assert_int_equal(pwrite(fd, junk, sizeof(junk),
				     (off_t)i * (off_t)sizeof(junk)),
		    (ssize_t)sizeof(junk));
	close(fd);
}

static void
damage_met_by_any_statement_is_noted(void **state)
{
	char dir[64], path[128];
	const char *why;
	sqlite3 *h;
	int rc;

	(void)state;
	writer_db_create(dir, sizeof(dir), "/tmp/hd-health-XXXXXX", path,
	    sizeof(path), "d.db");
	damage(path);
	assert_int_equal(
	    sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	/* A plain read, outside the driver: SQLite's log tells. */
	rc =
	    sqlite3_exec(h, "SELECT count(*) FROM processes", NULL, NULL, NULL);
	assert_int_not_equal(rc, SQLITE_OK);
	sqlite3_close(h);
	assert_int_equal(db_health_get(&why), DB_COND_DAMAGED);
	assert_non_null(strstr(why, "hausdesk check"));
	assert_int_equal(db_health_status(HD_EIO), HD_EUNAVAIL);
	writer_db_remove(dir, "d.db");
}

static void
writer_refuses_to_commit_into_a_deleted_file(void **state)
{
	char dir[64], path[128], p[160];
	struct db_conn *c;
	const char *why;

	(void)state;
	writer_db_create(dir, sizeof(dir), "/tmp/hd-health-XXXXXX", path,
	    sizeof(path), "g.db");
	assert_int_equal(db_writer_open(path), HD_OK);
	job("CREATE TABLE t(v INTEGER)");
	assert_true(db_health_files_ok());
	snprintf(p, sizeof(p), "%s-wal", path);
	assert_int_equal(unlink(p), 0);
	assert_int_equal(unlink(path), 0);
	c = db_writer_acquire();
	assert_non_null(c);
	assert_int_equal(db_exec(c, "INSERT INTO t(v) VALUES (1)", ""), HD_OK);
	assert_int_equal(db_writer_release(c, HD_OK), HD_EUNAVAIL);
	assert_false(db_health_files_ok());
	assert_int_equal(db_health_get(&why), DB_COND_GONE);
	assert_non_null(strstr(why, "deleted"));
	db_writer_close();
	writer_db_remove(dir, "g.db");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(full_and_io_errors_map_to_their_answers),
	    cmocka_unit_test(damage_met_by_any_statement_is_noted),
	    cmocka_unit_test(writer_refuses_to_commit_into_a_deleted_file),
	};

	/* Before the first connection, as serve does. */
	db_health_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
