/* SPDX-License-Identifier: MIT */
#ifndef HD_DB_SQLITE_H
#define HD_DB_SQLITE_H

/* Inside the SQLite driver (sqlite.c, sqlite_feed.c) only. */
#include "db/driver.h"

#include <sqlite3.h>

/* Where a watched table keeps the columns of its db_watch: positions in
 * the table (-1: none), and whether a column is the rowid itself. */
struct sq_watch {
	int col[2];
	bool is_rowid[2];
	int text_col;
};

struct sq_conn {
	struct db_conn base;
	sqlite3 *h;
	int wal_frames;	   /* DB_WRITER: in the WAL after the last commit */
	int checkpoint_rc; /* how the last checkpoint failed (logged), or 0 */
	/* The feed's tables, resolved when c opened (sqlite_feed.c). */
	const struct db_watch *names;
	struct sq_watch *watch;
	size_t n_watch;
};

struct sq_stmt {
	struct db_stmt base;
	sqlite3_stmt *h;
	int n_params;
};

/* Maps SQLite result code rc on c to a status; logs what is not a
 * conflict, with the start of sql (may be NULL). */
enum hd_status db_sqlite_status(struct sq_conn *c, int rc, const char *sql);

/* The status for an SQLite result code rc (extended) and the errno
 * behind it (0 if unknown): a full disk (SQLITE_FULL, or an I/O error for
 * ENOSPC) is HD_EFULL, a damaged file (SQLITE_CORRUPT, SQLITE_NOTADB)
 * HD_EUNAVAIL, each noted in db/health.h with detail, SQLite's message;
 * anything else HD_EIO. */
enum hd_status db_sqlite_condition(int rc, int sys_errno, const char *detail);

/* Of sqlite_check.c (struct db_ops). */
int db_sqlite_check(struct db_conn *base, enum db_check kind, int max,
    void (*problem)(void *arg, const char *text), void *arg);
enum hd_status db_sqlite_has_table(
    struct db_conn *base, const char *name, bool *yes);
enum hd_status db_sqlite_migrating(struct db_conn *base, enum db_migrating ph);
void db_sqlite_init(void);

/* Of sqlite_schema.c (struct db_ops). */
enum hd_status db_sqlite_schema(struct db_conn *base, struct db_schema *s);
enum hd_status db_sqlite_bind_values(
    struct db_stmt *base, const struct db_value *v, int n);

/* Attaches feed f to c: resolves its tables' columns and sets the
 * pre-update hook. HD_EIO (logged) when a table or column is missing. */
enum hd_status db_sqlite_feed_attach(
    struct sq_conn *c, const struct db_feed *f);
/* Frees what db_sqlite_feed_attach allocated. */
void db_sqlite_feed_detach(struct sq_conn *c);

/* The driver's functions of sqlite_tx.c (struct db_ops). */
enum hd_status db_sqlite_tx(struct db_conn *base, enum db_tx op);
bool db_sqlite_tx_lost(struct db_conn *base);
bool db_sqlite_snapshot_held(struct db_conn *base);
enum hd_status db_sqlite_script(struct db_conn *base, const char *sql);
enum hd_status db_sqlite_checkpoint(
    struct db_conn *base, enum db_checkpoint mode, int busy_ms, int *frames);
int db_sqlite_wal_frames(const struct db_conn *base);
enum hd_status db_sqlite_cache_set(struct db_conn *base, int kib);
enum hd_status db_sqlite_tune(struct db_conn *base, enum db_tune how);
void db_sqlite_memory_limit(int64_t bytes);
void db_sqlite_stats(struct db_stats *s);

#endif
