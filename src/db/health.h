/* SPDX-License-Identifier: MIT */
#ifndef HD_DB_HEALTH_H
#define HD_DB_HEALTH_H

#include "util/status.h"

#include <stdbool.h>

/*
 * What is known to be wrong with the server's database, for the answers
 * to requests and for /healthz. A condition is noted where it shows: the
 * driver, for whichever statement meets it (SQLite: its error log and
 * each failed statement's result), the writer before each group commit
 * and a check about once a second (the file deleted or replaced). Any
 * thread.
 */
enum db_condition {
	DB_COND_OK = 0,
	DB_COND_FULL,	 /* writes fail for lack of space; reads go on */
	DB_COND_DAMAGED, /* the database met a damaged page or header */
	DB_COND_GONE,	 /* the file or its WAL was deleted or replaced */
};

/* Lets each driver report conditions it learns of outside a statement
 * (SQLite: its error log). Call once before the first connection is
 * opened. */
void db_health_init(void);

/* Remembers device and inode of the files that hold target (SQLite:
 * path and path-wal, opened by now), to be watched from here on; nothing
 * for a database that is no file of this process's. HD_EIO (logged) when
 * the database file cannot be stat'ed. */
enum hd_status db_health_watch(const char *target);

/* Checks that the watched files are still the ones opened (two stat
 * calls, about a microsecond each). False, with DB_COND_GONE noted and
 * logged the first time, when either was deleted or replaced; true when
 * nothing is watched. */
bool db_health_files_ok(void);

/* Notes condition cond (DB_COND_FULL or DB_COND_DAMAGED; detail, the
 * database's own message, goes into the first log line of it) and
 * returns the status to answer with: HD_EFULL or HD_EUNAVAIL. For the
 * drivers. */
enum hd_status db_health_note(enum db_condition cond, const char *detail);

/* A group commit that wrote something succeeded: the disk is not full
 * any more — when none failed for lack of space in the last 2 s. */
void db_health_write_ok(void);

/* The light periodic check: the watched files, and whether the free
 * space on a full disk is back (then writes are tried again freely and
 * /healthz says ok). */
void db_health_poll(void);

/* The worst condition known now; *why (may be NULL) gets a static text
 * for people, "" when ok. */
enum db_condition db_health_get(const char **why);

/* The status a failure st should be answered with: a generic HD_EIO
 * while a condition is known becomes that condition's (HD_EFULL,
 * HD_EUNAVAIL); any other st stays. */
enum hd_status db_health_status(enum hd_status st);

#endif
