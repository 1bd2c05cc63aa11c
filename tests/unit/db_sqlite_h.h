/* SPDX-License-Identifier: MIT */
#ifndef HD_TEST_DB_SQLITE_H_H
#define HD_TEST_DB_SQLITE_H_H

/*
 * For unit tests that reach past the database layer into SQLite — to
 * make a statement fail (sqlite3_interrupt from a trace hook), or to
 * run a script of several statements: the SQLite handle of a
 * connection. Only tests use this; src/ outside src/db/ never does.
 */
#include "db/sqlite.h"

static inline sqlite3 *
test_sqlite(struct db_conn *c)
{
	return ((struct sq_conn *)c)->h;
}

#endif
