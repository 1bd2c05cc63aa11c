/* SPDX-License-Identifier: MIT */
#ifndef HD_DB_H
#define HD_DB_H

#include "util/status.h"

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

/*
 * A thin adapter over one SQLite connection with a cache of prepared
 * statements keyed by the SQL string's address (pass string literals).
 *
 * Use: st = db_stmt(c, SQL); db_bind(st, "it", id, name); step; then
 * db_done(st) — which resets it, so no statement holds a read snapshot
 * open between requests.
 */
#define DB_CACHE_SLOTS 256

struct db_conn {
	sqlite3 *h;
	struct {
		const char *sql;
		sqlite3_stmt *st;
	} cache[DB_CACHE_SLOTS];
	int depth;	 /* transaction nesting (savepoints) */
	int pool;	 /* the read pool it belongs to (pool.c), or -1 */
	uint64_t ticket; /* the answer cache's, when db_read_begin began */
};

/* Opens path (creating it unless readonly) with WAL, foreign keys,
 * synchronous=FULL and a busy timeout. Caller frees with db_close. */
enum hd_status db_open(const char *path, bool readonly, struct db_conn **out);
/* Like db_open read-write, but never creates the file: the server's own
 * connections, which must not make a new, empty database where the old
 * one was deleted. */
enum hd_status db_open_existing(const char *path, struct db_conn **out);
/* Finalizes cached statements and closes. Accepts NULL. */
void db_close(struct db_conn *c);

/* Applies the embedded migrations not yet applied (in one transaction
 * each). Returns HD_EIO with a log line on failure. */
enum hd_status db_migrate(struct db_conn *c);

/* The cached statement for sql (a string literal), reset and unbound;
 * NULL on a prepare error (logged). */
sqlite3_stmt *db_stmt(struct db_conn *c, const char *sql);
/* Binds parameters 1..n from fmt: 'i' int64_t, 'b' bool (int),
 * 't' const char * (NULL binds NULL), 'I' int64_t where 0 binds NULL. */
enum hd_status db_bind(sqlite3_stmt *st, const char *fmt, ...);
/* Resets st so its read snapshot is released. Accepts NULL. */
void db_done(sqlite3_stmt *st);

/* Runs one statement with db_bind-style parameters and no result rows;
 * maps SQLITE_CONSTRAINT_UNIQUE to HD_ECONFLICT. */
enum hd_status db_exec(
    struct db_conn *c, const char *sql, const char *fmt, ...);
/* Like db_exec for one INSERT into a rowid table; *rowid is the new row's.
 * Cheaper than RETURNING, which SQLite buffers in a temporary table. */
enum hd_status db_insert(
    struct db_conn *c, int64_t *rowid, const char *sql, const char *fmt, ...);
/* Like db_exec for a statement returning one integer (e.g. RETURNING id
 * or SELECT count): HD_ENOTFOUND when no row. */
enum hd_status db_int(
    struct db_conn *c, int64_t *out, const char *sql, const char *fmt, ...);

/* Maps an SQLite result code to a status (logs unexpected errors): a full
 * disk is HD_EFULL, a damaged file HD_EUNAVAIL (store/health.h). */
enum hd_status db_status(struct db_conn *c, int rc);

/* Column helpers: text as "" when NULL. */
const char *db_text(sqlite3_stmt *st, int col);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK; nested calls use savepoints. */
enum hd_status db_begin(struct db_conn *c);
enum hd_status db_commit(struct db_conn *c);
void db_rollback(struct db_conn *c);

/*
 * One read snapshot for several queries (a deferred transaction on a
 * read connection): cheaper than a snapshot per statement, and
 * consistent. Returns whether it began one (false when c is already in a
 * transaction); pass that to db_read_end.
 */
bool db_read_begin(struct db_conn *c);
void db_read_end(struct db_conn *c, bool begun);
/* True when c holds a read snapshot now: a transaction that has read (a
 * BEGIN without a read yet takes its snapshot at the first read). */
bool db_snapshot_held(struct db_conn *c);
/* The answer cache's ticket (vcache.h) for what c reads next: the one
 * taken when its read transaction began, or a new one outside of one. */
uint64_t db_read_ticket(struct db_conn *c);

/*
 * The process-wide writer (writer.c): one connection, one job at a time,
 * with group commit. db_writer_acquire waits for the writer and opens a
 * savepoint for the job inside the batch transaction; db_writer_release
 * releases it when st is HD_OK (rolls it back otherwise — one bad
 * request fails alone), and returns only after the batch holding the job
 * was committed and fsync'ed: HD_OK then means durable. The last job of a
 * batch (nobody else waiting) commits for all; jobs arriving meanwhile
 * form the next batch.
 */
enum hd_status db_writer_open(const char *path);
void db_writer_close(void);
struct db_conn *db_writer_acquire(void);
enum hd_status db_writer_release(struct db_conn *c, enum hd_status st);
/* Batches and jobs committed so far, and how often the WAL was restarted
 * (for /metrics and the benchmark report). */
void db_writer_stats(uint64_t *batches, uint64_t *jobs, uint64_t *wal_restarts);
/* The WAL size in 4 KiB frames above which the writer, between two
 * batches, copies the rest of the WAL into the database and starts it
 * anew (default 16384: 64 MiB), so that it cannot grow without end under
 * steady writes. */
void db_writer_wal_limit(int frames);
/*
 * The auth epoch: grows after every batch of the writer that inserted,
 * updated or deleted a row of users, sessions, api_tokens or orgs has
 * been committed (or rolled back), before its jobs are answered. A
 * credential read on a snapshot taken after reading epoch E is current
 * as long as the epoch is still E — for writes through this process's
 * writer; other processes on the same file (the CLI) do not bump it.
 */
uint64_t db_auth_epoch(void);

/* Bounds the memory of all connections together (SQLite's soft heap
 * limit): page caches give pages back beyond it. */
void db_memory_limit(int64_t bytes);

/*
 * The read pools (pool.c): set the path once, then take a connection for
 * one request and give it back. db_reader_get blocks while all of its pool
 * are in use and returns NULL when the database cannot be opened.
 * DB_POOL_READ serves GET requests: few connections (about one per HTTP
 * thread is busy at a time) with large page caches, so that the inner
 * B-tree pages of the big tables stay cached. DB_POOL_CHANGE serves the
 * requests of the write pool, which read little (a credential, a check)
 * and may be many at once: small caches.
 */
enum db_pool { DB_POOL_READ, DB_POOL_CHANGE };
enum hd_status db_reader_set_path(const char *path);
struct db_conn *db_reader_get(enum db_pool which);
void db_reader_put(struct db_conn *c);
/* Closes the idle pooled connections (at shutdown). */
void db_reader_close_all(void);

#endif
