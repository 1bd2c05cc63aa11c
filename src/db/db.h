/* SPDX-License-Identifier: MIT */
#ifndef HD_DB_DB_H
#define HD_DB_DB_H

/*
 * The database, whichever it is: connections, statements, bind, step,
 * column, transactions with savepoints, read snapshots, the change feed
 * and the few figures and WAL controls the writer and /metrics need.
 * Nothing here names SQLite or PostgreSQL; a driver per database sits
 * behind a table of functions (src/db/driver.h, as Dovecot's lib-sql):
 * sqlite.c now, pgsql.c with issue 12.
 *
 * A connection and its statements are used by one thread at a time.
 *
 * SQL handed in keeps to what both databases understand (DESIGN11.md):
 * `?` or `?N` placeholders (numbered as SQLite does: a bare `?` is one
 * more than the largest number so far), integer times computed in C,
 * integer booleans compared explicitly, INSERT ... ON CONFLICT rather
 * than INSERT OR IGNORE/REPLACE, no SQLite-only functions. What must
 * differ per database is the driver's.
 *
 * Where the PostgreSQL driver will differ (marked "PostgreSQL:" below):
 * it prepares each statement per connection (PQprepare, typed by the
 * first db_bind's fmt), translates placeholders to $N
 * (db_placeholders_pg), fetches a statement's whole result at its first
 * db_step (so several statements of one connection may be stepped at
 * once, as on SQLite), reads text results, gets new ids from RETURNING
 * id, and feeds changes from triggers (and LISTEN/NOTIFY for other
 * processes) instead of a pre-update hook.
 */
#include "util/status.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum db_driver {
	DB_NONE = 0, /* not a target this build understands */
	DB_SQLITE = 1,
	DB_PGSQL = 2,
};

struct db_conn; /* opaque */
struct db_stmt; /* opaque: a prepared statement of one connection */

/*
 * Which driver a target names: "postgresql://…" and "postgres://…" URIs
 * (scheme in any case) and libpq "key=value …" strings (a word of
 * letters and underscores, then '=') are PostgreSQL; any other URI
 * ("mysql://…") is DB_NONE; anything else is an SQLite file path
 * (":memory:" and "./a=b.db" included). NULL and "" are DB_NONE. Pure.
 */
enum db_driver db_driver_of(const char *target);
/*
 * target as it may be shown in messages and logs: an SQLite path as it
 * is; a PostgreSQL URI without the password of its user part
 * (user:secret@ → user@) and with a password= of its query as ***; a
 * key=value string without its password pair. Written to buf (n bytes,
 * cut to fit); returns buf. Pure.
 */
const char *db_target_shown(const char *target, char *buf, size_t n);

/* Flags of db_open. */
enum {
	/* Opens an existing database for reading only. */
	DB_READONLY = 1u << 0,
	/*
	 * The process's writing connection: the change feed set with
	 * db_feed_set is attached, the WAL frames after each commit are
	 * counted (db_wal_frames), automatic checkpoints are off (the
	 * checkpointer and db_wal_checkpoint do them), a large page cache.
	 * PostgreSQL: the feed's triggers are checked instead.
	 */
	DB_WRITER = 1u << 1,
	/* Never creates the database: the server's own connections, which
	 * must not make a new, empty file where the old one was deleted. */
	DB_EXISTING = 1u << 2,
};

/*
 * Opens target (see db_driver_of) with flags: on SQLite, creating the
 * file unless DB_READONLY, with WAL, foreign keys, synchronous=FULL, a
 * busy timeout of 5 s and extended result codes. *out is the connection
 * (caller frees with db_close), NULL on error. HD_EINVAL for a target no
 * driver of this build serves, HD_ENOMEM, HD_EIO when the database
 * cannot be opened or (DB_WRITER) lacks a table or column the feed
 * watches (is it migrated?); logged.
 */
enum hd_status db_open(
    const char *target, unsigned flags, struct db_conn **out);
/* Finalizes the cached statements and closes. Accepts NULL. */
void db_close(struct db_conn *c);
/* The driver serving c. */
enum db_driver db_conn_driver(const struct db_conn *c);

/*
 * Applies the embedded migrations (src/store/migrations, scripts/
 * embed-dir.py) not yet applied, each in its own transaction, recording
 * each in schema_version. A migration is a file "NNN_name.sql" at the
 * top of the directory (for every database) or in the subdirectory of
 * c's dialect ("sqlite/", "pgsql/"), applied in the order of NNN and
 * recorded by NNN and the file's own name (without the directory, as
 * before migrations had dialects).
 * HD_EIO (logged) when one fails, which is rolled back;
 * HD_EINVAL (logged) for two files of one number or an .sql file
 * without one.
 */
enum hd_status db_migrate(struct db_conn *c);

/*
 * *version gets the highest migration applied to c (0 when none is);
 * HD_ENOTFOUND when c has no schema_version table (not hausdesk's
 * database, or a new one), HD_EIO when it cannot be read.
 */
enum hd_status db_schema_version(struct db_conn *c, int64_t *version);

/*
 * Runs sql, one or more statements without parameters (migrations,
 * tests, PRAGMAs); result rows are dropped. Never with text from
 * outside, nor with BEGIN/COMMIT (db_begin keeps the depth). HD_OK, or
 * the status of the first failing statement (logged).
 */
enum hd_status db_script(struct db_conn *c, const char *sql);

/*
 * The prepared statement for sql on c, cached per connection by the
 * string's address (pass literals; one SQL text, one address). NULL on a
 * prepare error (logged); db_bind, db_step and db_end take that NULL
 * and report the error. Use:
 *
 *	st = db_prepare(c, SQL);
 *	db_bind(st, "it", id, name);
 *	while (db_step(st))
 *		... db_col_*(st, k) ...
 *	s = db_end(st);
 *
 * A statement is in use from db_prepare to db_end; preparing the same
 * SQL again before db_end restarts it. PostgreSQL: prepared (with
 * placeholders translated) at its first execution.
 */
struct db_stmt *db_prepare(struct db_conn *c, const char *sql);

/*
 * Binds parameters 1..n, one per character of fmt, which must name every
 * parameter of the statement (HD_EINVAL, logged, otherwise):
 *   'i' int64_t; 'I' int64_t, where 0 binds NULL; 'b' bool (an int
 *   0 or 1: booleans are integer columns); 't' const char *, NULL binds
 *   NULL; 'x' const void *, size_t: a blob, a NULL pointer binds NULL.
 * Text and blobs are borrowed until db_end. Pass int64_t for 'i' and 'I'
 * (a plain int is undefined behaviour through the varargs). An error is
 * kept: db_step then returns false and db_end reports it. A statement is
 * bound with the same fmt every time (PostgreSQL: fmt types it).
 */
enum hd_status db_bind(struct db_stmt *st, const char *fmt, ...);

/*
 * Runs st up to its next row: true with a row in hand, false at the end
 * or on an error (kept for db_end, logged unless it is a conflict). Once
 * false, stays false until db_end. Inside a transaction the database
 * rolled back on its own (SQLite after a full disk, PostgreSQL after a
 * lost connection), every statement fails with HD_EIO until the caller
 * has rolled back (or failed to commit) to the outermost level, so that
 * nothing runs outside the transaction meant.
 */
bool db_step(struct db_stmt *st);

/*
 * Steps st to its next row, for "one row or none": HD_OK with the row in
 * hand, HD_ENOTFOUND when there is none, the error otherwise (as db_end
 * will return it). So "not found" and "broken" stay apart:
 *
 *	if ((s = db_row(st)) == HD_OK)
 *		... db_col_*(st, k) ...
 *	db_end(st);
 *	return s;
 */
enum hd_status db_row(struct db_stmt *st);

/*
 * Ends the use of st and returns its outcome: HD_OK when it ran to its
 * end or was left early without error; otherwise the error of its failed
 * bind or step: HD_ECONFLICT for a unique or foreign key violation,
 * HD_ENOMEM, HD_EIO for the rest (and for NULL: a failed db_prepare).
 * Resets st, so that no statement holds a read snapshot between
 * requests, and forgets its bindings.
 */
enum hd_status db_end(struct db_stmt *st);

/*
 * Columns of the row in hand, counted from 0. Text and blobs stay valid
 * until the next db_step or db_end. NULL reads as 0, "" or (blob) NULL
 * with length 0; db_col_null tells. PostgreSQL: integers are parsed from
 * the text result.
 */
int64_t db_col_i64(struct db_stmt *st, int col);
int db_col_int(struct db_stmt *st, int col);
bool db_col_null(struct db_stmt *st, int col);
const char *db_col_text(struct db_stmt *st, int col);
/* Text with its length in bytes (*len). */
const char *db_col_textn(struct db_stmt *st, int col, size_t *len);
/* The same, but NULL (and *len 0) for SQL NULL: one call where
 * db_col_null and db_col_textn would be two (JSON answers, which write
 * null for it). */
const char *db_col_text_or_null(struct db_stmt *st, int col, size_t *len);
const void *db_col_blob(struct db_stmt *st, int col, size_t *len);

/*
 * One statement, no rows wanted (rows are stepped through and dropped):
 * prepare, bind fmt, run, end. Returns db_end's status.
 */
enum hd_status db_exec(
    struct db_conn *c, const char *sql, const char *fmt, ...);
/*
 * One INSERT of one row into a table whose integer key is `id`; *id is
 * the new row's. HD_ENOTFOUND (*id unchanged) when it inserted none
 * (ON CONFLICT DO NOTHING). sql has no RETURNING clause and no trailing
 * ';', and is no upsert that may update (SQLite reports no id then:
 * use db_scalar with RETURNING id). SQLite: the connection's last rowid
 * (cheaper than RETURNING, which SQLite buffers in a temporary table; a
 * row a trigger inserts does not change it). PostgreSQL: the driver
 * appends RETURNING id.
 */
enum hd_status db_insert(
    struct db_conn *c, int64_t *id, const char *sql, const char *fmt, ...);
/*
 * One UPDATE or DELETE (or an INSERT ... SELECT): *n (may be NULL) the
 * rows it changed, 0 when none matched — cheaper than RETURNING, which
 * SQLite buffers in a temporary table. Returns db_end's status.
 * PostgreSQL: the command's tuple count.
 */
enum hd_status db_update(
    struct db_conn *c, int64_t *n, const char *sql, const char *fmt, ...);
/* db_update of rows that must be there: HD_ENOTFOUND when it changed
 * none. */
enum hd_status db_update_one(
    struct db_conn *c, const char *sql, const char *fmt, ...);
/*
 * The first column of the first row as an integer (SELECT count(*), or a
 * write with RETURNING, which is run to its end); HD_ENOTFOUND when
 * there is no row, *out then unchanged.
 */
enum hd_status db_scalar(
    struct db_conn *c, int64_t *out, const char *sql, const char *fmt, ...);

/*
 * Transactions. db_begin at the outermost level starts a write
 * transaction (SQLite: BEGIN IMMEDIATE, so that it holds the write lock
 * from the start); nested, a savepoint. db_commit commits or releases
 * the innermost level; when that fails, it is rolled back and the error
 * returned. db_rollback rolls the innermost level back (a no-op outside
 * a transaction). The commit and BEGIN statements are prepared once per
 * connection.
 *
 * After a statement fails inside a transaction, roll back (the level or
 * all): PostgreSQL refuses every further statement of a transaction
 * after an error until it is rolled back to a savepoint. So do not catch
 * HD_ECONFLICT from an INSERT and carry on — use ON CONFLICT, or a
 * savepoint (nested db_begin) around the statement that may fail.
 */
enum hd_status db_begin(struct db_conn *c);
enum hd_status db_commit(struct db_conn *c);
void db_rollback(struct db_conn *c);
/* The nesting depth: 0 outside a transaction. */
int db_depth(const struct db_conn *c);

/*
 * Takes the lock named key for the rest of c's transaction, if nobody
 * else holds it: *got says whether it did. On PostgreSQL an advisory
 * lock (pg_try_advisory_xact_lock), so that of several server processes
 * on one database only one runs a job at a time; on SQLite always true
 * (one writer at a time anyway). Call inside a transaction.
 */
enum hd_status db_try_lock(struct db_conn *c, int64_t key, bool *got);
/* The keys of db_try_lock, one per job. */
#define DB_LOCK_REMINDERS INT64_C(0x6864726d6e64) /* "hdrmnd" */

/*
 * One read snapshot for several queries (a deferred transaction on a
 * read connection; PostgreSQL: REPEATABLE READ, READ ONLY): consistent,
 * and cheaper than a snapshot per statement. Returns whether it began one
 * (false when c is already in a transaction, or on an error, logged);
 * pass that to db_read_end. Before it begins, it takes the feed's ticket
 * (db_read_ticket).
 */
bool db_read_begin(struct db_conn *c);
void db_read_end(struct db_conn *c, bool begun);
/* True when c holds a read snapshot now: a transaction that has read (a
 * BEGIN without a read yet takes its snapshot at the first read). */
bool db_snapshot_held(struct db_conn *c);
/* The feed's ticket (struct db_feed) for what c reads next: the one
 * taken when its read snapshot began, or a new one outside of one; 0
 * without a feed or ticket function. */
uint64_t db_read_ticket(struct db_conn *c);

/*
 * The change feed: which rows of which tables a transaction changed,
 * reported to one listener. Its table list (store/feed.c) is handed over
 * once with db_feed_set, before the writing connection (DB_WRITER)
 * opens; only that connection reports.
 *
 * Table and column names are SQL identifiers ([A-Za-z_][A-Za-z0-9_]*).
 */
struct db_watch {
	const char *table;
	/* Integer columns reported, with their values before and after
	 * (NULL: unused). The table's integer key may be one of them. */
	const char *cols[2];
	/* An UPDATE reports whether this column changed (NULL: none). */
	const char *text_col;
};

enum db_op { DB_INSERT = 1, DB_UPDATE = 2, DB_DELETE = 3 };

struct db_change {
	int table; /* index in the watch list */
	enum db_op op;
	/* Values of cols[] before (UPDATE, DELETE) and after (INSERT,
	 * UPDATE); 0 where there is none, for NULL, and for unused cols. */
	int64_t old_v[2], new_v[2];
	/* UPDATE: whether text_col's value changed. False otherwise. */
	bool text_changed;
};

/*
 * row: one changed row of a watched table, for every row written — by
 * the statement, by a trigger or a foreign key action, in a WITHOUT
 * ROWID table, or by a DELETE without WHERE — including rows of a
 * savepoint later rolled back (over-reporting is allowed, missing a row
 * is not). commit: once after each transaction (or statement outside
 * one) that reported a row, when it has committed (committed true) or rolled
 * back (false) — for the writer's batch, before any of its jobs is answered.
 * ticket (optional): the listener's count, read by db_read_begin before a
 * snapshot begins (the answer cache's ticket). row and commit run on the
 * thread of the writing connection, never at once.
 *
 * PostgreSQL: triggers on the watched tables record the rows; the driver
 * reads them and calls row just before COMMIT (not as each statement
 * runs), and learns of other processes' commits by LISTEN/NOTIFY (row
 * and commit then on its listening thread, still never at once).
 */
struct db_feed {
	const struct db_watch *watch; /* borrowed: keep it static */
	size_t n;
	void (*row)(void *arg, const struct db_change *ch);
	void (*commit)(void *arg, bool committed);
	uint64_t (*ticket)(void *arg);
	void *arg;
};

#define DB_FEED_MAX 32

/*
 * Sets the feed (copied; f->watch borrowed) for connections opened with
 * DB_WRITER from now on; NULL removes it. Call before serving, not while
 * a writing connection is open. HD_EINVAL (logged; the feed before
 * stays) for a name that is not an identifier, n over DB_FEED_MAX, or
 * row or commit missing.
 */
enum hd_status db_feed_set(const struct db_feed *f);

/*
 * The WAL (SQLite; on PostgreSQL these do nothing and return HD_OK or 0).
 * db_wal_checkpoint copies WAL frames into the database file: PASSIVE
 * what it can without waiting; RESTART all, then waits up to busy_ms for
 * readers to leave the WAL so the next write starts it from the
 * beginning. *frames (may be NULL): frames in the WAL afterwards. HD_OK
 * when done; HD_ECONFLICT when readers or the writer kept it from
 * finishing (try again later); HD_EIO otherwise, logged.
 */
enum db_checkpoint { DB_CHECKPOINT_PASSIVE, DB_CHECKPOINT_RESTART };
enum hd_status db_wal_checkpoint(
    struct db_conn *c, enum db_checkpoint mode, int busy_ms, int *frames);
/* DB_WRITER connections: the frames in the WAL after c's last commit,
 * 0 after a successful RESTART through c. */
int db_wal_frames(const struct db_conn *c);

/* Sets c's page cache to kib KiB (the read pools: large for GET
 * requests, small for the write pool's short reads). */
enum hd_status db_cache_set(struct db_conn *c, int kib);

/* Bounds the memory of all SQLite connections together (a soft heap
 * limit: page caches give pages back beyond it). */
void db_memory_limit(int64_t bytes);

/* Figures for /metrics: the memory the database library holds now and
 * at most since start (bytes; SQLite's), and the writer's group commits
 * (batches), its jobs and WAL restarts. */
struct db_stats {
	int64_t mem_used, mem_peak;
	uint64_t batches, jobs, wal_restarts;
};
void db_stats(struct db_stats *s);

/*
 * Checks of a database's own consistency (`hausdesk check`, and serve
 * before it starts). DB_CHECK_READABLE: the catalogue can be read at
 * all (a file that is no database, or whose first page is damaged,
 * fails); DB_CHECK_QUICK and DB_CHECK_FULL: every page (and with FULL
 * every index entry); DB_CHECK_REFS: rows whose foreign key points
 * nowhere. problem(arg, text) is called for each problem found, at most
 * max times; returns how many were found, or -1 when the check itself
 * failed (problem() is called with why: on a damaged file a finding
 * too). PostgreSQL checks itself: 0.
 */
enum db_check {
	DB_CHECK_READABLE,
	DB_CHECK_QUICK,
	DB_CHECK_FULL,
	DB_CHECK_REFS,
};
int db_check(struct db_conn *c, enum db_check kind, int max,
    void (*problem)(void *arg, const char *text), void *arg);
/* Whether table name exists (*yes); HD_OK or the error. */
enum hd_status db_has_table(struct db_conn *c, const char *name, bool *yes);

/*
 * The schema as the driver reads it from the catalogue, for tools that
 * handle every table without knowing them (`hausdesk migrate-db`): the
 * ordinary tables of the database (SQLite: of the main file, without
 * its own sqlite_* tables; PostgreSQL: of the current schema), each with
 * its columns in order and the tables its foreign keys name. Tables come
 * ordered so that a table follows every table it refers to (a reference
 * to itself aside); a cycle of references is HD_EINVAL (logged).
 * Columns are integers (SQLite INTEGER affinity; PostgreSQL smallint,
 * integer, bigint, boolean), text (TEXT, varchar) or blobs (BLOB,
 * bytea); a column of any other type is HD_EINVAL (logged).
 */
enum db_kind { DB_KIND_INT = 1, DB_KIND_TEXT, DB_KIND_BLOB };

#define DB_NAME_MAX 64 /* an identifier and its NUL (PostgreSQL: 63) */
#define DB_SCHEMA_TABLES                                                       \
	56		  /* tables db_schema_read reads at most (a            \
			     copy prepares 4 statements a table of the         \
			     256 a connection caches) */
#define DB_SCHEMA_COLS 64 /* columns per table */

struct db_table {
	char name[DB_NAME_MAX];
	int n_cols;
	char col[DB_SCHEMA_COLS][DB_NAME_MAX];
	enum db_kind kind[DB_SCHEMA_COLS];
	/* The integer key column "id" whose new values a sequence gives
	 * (SQLite: INTEGER PRIMARY KEY; PostgreSQL: an identity or serial
	 * column): its position, -1 when the table has none. */
	int id_col;
	int n_refs;
	int ref[DB_SCHEMA_TABLES]; /* tables referred to (indexes) */
};

struct db_schema {
	int n;
	struct db_table t[DB_SCHEMA_TABLES];
};

/* Fills *out (big: allocate it) with c's schema, ordered as above.
 * HD_OK, HD_EINVAL (logged) for what it cannot describe (more tables or
 * columns than the limits, an unknown column type, a cycle), or the
 * error of the catalogue query. */
enum hd_status db_schema_read(struct db_conn *c, struct db_schema *out);
/* The index of table name in s, -1 when it has none. */
int db_schema_find(const struct db_schema *s, const char *name);

/* One parameter's value for db_bind_values: kind as db_bind's 'i', 't'
 * and 'x' (a NULL of that kind when null is set); text and blobs
 * borrowed until db_end. */
struct db_value {
	enum db_kind kind;
	bool null;
	int64_t i;
	const void *p; /* text (NUL-terminated) or blob bytes */
	size_t len;    /* blob length */
};

/* Binds parameters 1..n from v[]: db_bind for a list known only at run
 * time (every parameter of the statement, as db_bind). */
enum hd_status db_bind_values(
    struct db_stmt *st, const struct db_value *v, int n);

/*
 * For copying a whole database into c, inside c's transaction: with on,
 * the triggers of the schema's own (the comment counters, the feed's)
 * are switched off — the rows copied carry their counts already —, and
 * switched on again with !on. PostgreSQL: ALTER TABLE … DISABLE TRIGGER
 * USER (needs the tables' owner; foreign keys are still checked).
 * SQLite cannot switch triggers off: HD_EINVAL.
 */
enum hd_status db_copy_triggers(struct db_conn *c, bool on);
/* After rows were inserted with explicit ids: moves each sequence that
 * gives new ids past its table's largest id (PostgreSQL: setval), so
 * that the next insert without an id does not collide; *n (may be NULL)
 * the sequences set. SQLite takes the next rowid from the table: HD_OK,
 * *n 0. */
enum hd_status db_ids_sync(struct db_conn *c, int *n);

/*
 * For loading much generated data (demo --scale) on c: DB_TUNE_BULK
 * before, outside a transaction (SQLite: no fsyncs — data that can be
 * generated again —, a big page cache, and no foreign key checks — the
 * loader's rows are consistent by construction, test_demo_scale checks
 * them; a fifth of the load's time), DB_TUNE_NORMAL after (durable and
 * checked again, the WAL copied back and truncated), DB_TUNE_ANALYZE to
 * gather the planner's figures once loaded. HD_OK or the error; a
 * database without such knobs: HD_OK.
 */
enum db_tune { DB_TUNE_BULK, DB_TUNE_NORMAL, DB_TUNE_ANALYZE };
enum hd_status db_tune(struct db_conn *c, enum db_tune how);

/*
 * Locks for what must run once across the processes on one database
 * (lock.c): PostgreSQL's session-level advisory locks, taken on c and
 * held until db_unlock or until c closes (or its connection breaks: the
 * server then frees it — a holder checks again with db_lock_try, which
 * is true again for the connection holding it). SQLite has one process
 * per database: always taken. key: the job's own 64-bit number.
 * db_lock_try: *got 1 when c holds the lock now, 0 when another
 * connection does; HD_OK or the error. db_lock_wait waits for it.
 */
enum hd_status db_lock_try(struct db_conn *c, int64_t key, int *got);
enum hd_status db_lock_wait(struct db_conn *c, int64_t key);
enum hd_status db_unlock(struct db_conn *c, int64_t key);

/*
 * The process-wide writer (writer.c): one connection (DB_WRITER), one
 * job at a time, with group commit. db_writer_acquire waits for the
 * writer and opens a savepoint for the job inside the batch transaction;
 * db_writer_release releases it when st is HD_OK (rolls it back
 * otherwise — one bad request fails alone), and returns only after the
 * batch holding the job was committed and made durable: HD_OK then
 * means durable. The last job of a batch (nobody else waiting) commits
 * for all; jobs arriving meanwhile form the next batch. The change feed
 * (db_feed_set, before db_writer_open) hears of each batch's rows, and
 * its commit runs after the batch's commit, before any job is answered.
 * db_writer_acquire returns NULL when no transaction can be begun.
 * PostgreSQL: a pooled connection in its own transaction per batch.
 */
enum hd_status db_writer_open(const char *target);
void db_writer_close(void);
struct db_conn *db_writer_acquire(void);
enum hd_status db_writer_release(struct db_conn *c, enum hd_status st);
/* The WAL size in 4 KiB frames above which the writer, between two
 * batches, copies the rest of the WAL into the database and starts it
 * anew (default 16384: 64 MiB), so that it cannot grow without end under
 * steady writes. */
void db_writer_wal_limit(int frames);

/*
 * The read pools (pool.c): set the target once, then take a connection
 * for one request and give it back. db_reader_get blocks while all of its
 * pool are in use and returns NULL when the database cannot be opened.
 * DB_POOL_READ serves GET requests: few connections (about one per HTTP
 * thread is busy at a time) with large page caches, so that the inner
 * B-tree pages of the big tables stay cached. DB_POOL_CHANGE serves the
 * requests of the write pool, which read little (a credential, a check)
 * and may be many at once: small caches.
 */
enum db_pool { DB_POOL_READ, DB_POOL_CHANGE };
enum hd_status db_reader_set_target(const char *target);
struct db_conn *db_reader_get(enum db_pool which);
void db_reader_put(struct db_conn *c);
/* Closes the idle pooled connections (at shutdown). */
void db_reader_close_all(void);

/*
 * The background checkpointer (checkpoint.c), on its own connection to
 * target: copies the WAL into the database now and then (PASSIVE, never
 * blocking the writer or readers), so that no request's commit does it,
 * and polls the database file's health (health.h). Start it after
 * db_writer_open, which turns automatic checkpoints off. Stop: a last
 * checkpoint; accepts a checkpointer not started.
 */
enum hd_status db_checkpointer_start(const char *target);
void db_checkpointer_stop(void);

#endif
