/* SPDX-License-Identifier: MIT */
#ifndef HD_TEST_PG_TMP_H
#define HD_TEST_PG_TMP_H

/*
 * For the unit tests of the PostgreSQL driver: the throw-away server
 * that tests/infra/with-pg.js started (HAUSDESK_TEST_PG), an empty
 * schema for each test, and a way to break a connection as a server
 * restart or a network failure would.
 */
#include "db/db.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* cmocka.h needs setjmp.h, stdarg.h and stddef.h first. */
#include <cmocka.h>

/* The server's URI; fails the test when it was not started for it. */
static inline const char *
pg_target(void)
{
	const char *t = getenv("HAUSDESK_TEST_PG");

	if (t == NULL || *t == '\0')
		fail_msg("HAUSDESK_TEST_PG is not set: run this test through "
			 "node tests/infra/with-pg.js (meson test db_pg)");
	return t;
}

/* Drops everything the last test made: a fresh public schema (the
 * feed's trigger functions included). */
static inline void
pg_fresh(void)
{
	struct db_conn *c = NULL;

	assert_int_equal(db_open(pg_target(), 0, &c), HD_OK);
	assert_int_equal(db_script(c, "DROP SCHEMA IF EXISTS public CASCADE; "
				      "CREATE SCHEMA public"),
	    HD_OK);
	db_close(c);
}

/* The server process of c. */
static inline int64_t
pg_pid(struct db_conn *c)
{
	int64_t pid = 0;

	assert_int_equal(
	    db_scalar(c, &pid, "SELECT pg_backend_pid()", ""), HD_OK);
	return pid;
}

/* Ends the server process pid from another connection, as a restart of
 * the server or a broken network would, and waits until it is gone. */
static inline void
pg_kill(int64_t pid)
{
	struct db_conn *k = NULL;
	int64_t n = 1;

	assert_int_equal(db_open(pg_target(), 0, &k), HD_OK);
	assert_int_equal(
	    db_scalar(
		k, &n, "SELECT pg_terminate_backend(?::int)::int", "i", pid),
	    HD_OK);
	assert_int_equal(n, 1);
	for (int i = 0; i < 5000 && n > 0; i++, usleep(1000))
		assert_int_equal(db_scalar(k, &n,
				     "SELECT count(*) FROM pg_stat_activity "
				     "WHERE pid = ?",
				     "i", pid),
		    HD_OK);
	assert_int_equal(n, 0);
	db_close(k);
}

#endif
