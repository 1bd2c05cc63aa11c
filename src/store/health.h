/* SPDX-License-Identifier: MIT */
#ifndef HD_HEALTH_H
#define HD_HEALTH_H

#include "util/status.h"

#include <stdbool.h>

/*
 * What is known to be wrong with the server's database file, for the
 * answers to requests and for /healthz. A condition is noted where it
 * shows: SQLite's error log (a full disk or a damaged page, whichever
 * statement meets it), the writer before each group commit and a check
 * about once a second (the file deleted or replaced). Any thread.
 */
enum db_condition {
	DB_COND_OK = 0,
	DB_COND_FULL,	 /* writes fail for lack of space; reads go on */
	DB_COND_DAMAGED, /* SQLite met a damaged page or header */
	DB_COND_GONE,	 /* the file or its WAL was deleted or replaced */
};

/* Routes SQLite's error log here (and, for unexpected errors, to the
 * log). Call once before the first connection is opened. */
void db_health_init(void);

/* Remembers device and inode of path and of path-wal (opened by now), to
 * be watched from here on. HD_EIO (logged) when path cannot be stat'ed. */
enum hd_status db_health_watch(const char *path);

/* Checks that the watched files are still the ones opened (two stat
 * calls, about a microsecond each). False, with DB_COND_GONE noted and
 * logged the first time, when either was deleted or replaced; true when
 * nothing is watched. */
bool db_health_files_ok(void);

/* Notes an SQLite result code (extended) and the errno behind it (0 if
 * unknown), e.g. from a failed statement: SQLITE_FULL or ENOSPC mark the
 * disk full, SQLITE_CORRUPT and SQLITE_NOTADB the file damaged (detail,
 * SQLite's message, goes into the log line). Returns the status to
 * answer with: HD_EFULL, HD_EUNAVAIL, or HD_EIO for anything else. */
enum hd_status db_health_note(int rc, int sys_errno, const char *detail);

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
