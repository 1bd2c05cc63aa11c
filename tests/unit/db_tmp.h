/* SPDX-License-Identifier: MIT */
#ifndef HD_TEST_DB_TMP_H
#define HD_TEST_DB_TMP_H

/*
 * For the unit tests of src/db/: an SQLite file in a fresh temporary
 * directory, and its removal with its WAL and shared memory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* cmocka.h needs setjmp.h, stdarg.h and stddef.h first. */
#include <cmocka.h>

struct db_tmp {
	char dir[64];
	char path[128];
};

static inline void
db_tmp_make(struct db_tmp *t)
{
	snprintf(t->dir, sizeof(t->dir), "/tmp/hd-db-test-XXXXXX");
	assert_non_null(mkdtemp(t->dir));
	snprintf(t->path, sizeof(t->path), "%s/t.db", t->dir);
}

static inline void
db_tmp_remove(const struct db_tmp *t)
{
	static const char *const ends[] = {"", "-wal", "-shm", "-journal"};
	char p[160];

	for (size_t i = 0; i < sizeof(ends) / sizeof(ends[0]); i++) {
		snprintf(p, sizeof(p), "%s%s", t->path, ends[i]);
		unlink(p);
	}
	rmdir(t->dir);
}

#endif
