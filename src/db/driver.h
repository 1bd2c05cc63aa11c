/* SPDX-License-Identifier: MIT */
#ifndef HD_DB_DRIVER_H
#define HD_DB_DRIVER_H

/*
 * Inside src/db/ only: what a driver implements (struct db_ops), and the
 * part of every connection and statement that db.c keeps, whatever the
 * driver. A driver's connection and statement structs begin with these
 * (struct sq_conn { struct db_conn base; sqlite3 *h; ... }), so db.c
 * hands the base out and the driver casts it back.
 */
#include "db/db.h"

#include <stdarg.h>

/* Prepared statements cached per connection; the store's fixed set of
 * queries needs about 150. */
#define DB_CACHE_SLOTS 256

/* The phases of a migration run a driver may act in (db_ops.migrating). */
enum db_migrating {
	DB_MIGRATING_BEFORE_ALL,
	DB_MIGRATING_CHECK,
	DB_MIGRATING_AFTER_ALL,
};

/* What db.c asks of a driver's transaction function. */
enum db_tx {
	DB_TX_BEGIN,	   /* a write transaction */
	DB_TX_SAVEPOINT,   /* a nested level */
	DB_TX_RELEASE,	   /* ends the innermost savepoint, keeping it */
	DB_TX_COMMIT,	   /* the outermost level */
	DB_TX_ROLLBACK_TO, /* undoes and ends the innermost savepoint */
	DB_TX_ROLLBACK,	   /* the outermost level */
	DB_TX_READ,	   /* a read snapshot */
	DB_TX_READ_END,
};

struct db_stmt {
	const struct db_ops *ops;
	struct db_conn *conn;
	const char *sql;
	enum hd_status status; /* first error of its bind or step */
	bool active;	       /* between db_prepare and db_end */
	bool done;	       /* stepped to its end or to an error */
};

struct db_conn {
	const struct db_ops *ops;
	int depth;	 /* transaction nesting (savepoints) */
	bool aborted;	 /* the database rolled the transaction back itself */
	bool feeding;	 /* the feed is attached (DB_WRITER) */
	bool fed;	 /* a row was reported since the last commit call */
	bool retryable;	 /* db_retryable: since the last db_begin */
	int pool;	 /* the read pool it belongs to (pool.c), or -1 */
	uint64_t ticket; /* the feed's, when its read snapshot began */
	struct {
		const char *sql;
		bool want_id;
		struct db_stmt *st;
	} cache[DB_CACHE_SLOTS];
};

/*
 * A driver. Statements reach it through db.c only: the cache, the
 * bookkeeping of depth, errors and the feed's commit calls are db.c's.
 */
struct db_ops {
	enum db_driver driver;
	const char *dialect; /* the subdirectory of its own migrations */
	/* A zeroed connection (calloc) of the driver's struct, opened. */
	enum hd_status (*open)(
	    const char *target, unsigned flags, struct db_conn **out);
	/* After db.c finalized every statement of c. */
	void (*close)(struct db_conn *c);
	/* want_id: for db_insert (PostgreSQL appends RETURNING id). Logs
	 * its errors. */
	enum hd_status (*prepare)(struct db_conn *c, const char *sql,
	    bool want_id, struct db_stmt **out);
	void (*finalize)(struct db_stmt *st);
	enum hd_status (*bind)(struct db_stmt *st, const char *fmt, va_list ap);
	/* 1: a row; 0: the end; -1: an error, in st->status (logged). */
	int (*step)(struct db_stmt *st);
	/* Back to its start, bindings forgotten. */
	void (*reset)(struct db_stmt *st);
	int64_t (*col_i64)(struct db_stmt *st, int col);
	bool (*col_null)(struct db_stmt *st, int col);
	/* NULL for SQL NULL; *len its length unless len is NULL. */
	const char *(*col_text)(struct db_stmt *st, int col, size_t *len);
	const void *(*col_blob)(struct db_stmt *st, int col, size_t *len);
	/* The id of the row the last INSERT on c inserted; false when it
	 * inserted none. NULL: an INSERT prepared with want_id returns its
	 * id as a row instead. */
	bool (*last_id)(struct db_conn *c, int64_t *id);
	enum hd_status (*tx)(struct db_conn *c, enum db_tx op);
	/* Inside a transaction (depth > 0): whether the database has
	 * ended it on its own. */
	bool (*tx_lost)(struct db_conn *c);
	bool (*snapshot_held)(struct db_conn *c);
	enum hd_status (*script)(struct db_conn *c, const char *sql);
	enum hd_status (*checkpoint)(struct db_conn *c, enum db_checkpoint mode,
	    int busy_ms, int *frames);
	int (*wal_frames)(const struct db_conn *c);
	enum hd_status (*cache_set)(struct db_conn *c, int kib);
	/* Process-wide; may be NULL. */
	void (*memory_limit)(int64_t bytes);
	void (*stats)(struct db_stats *s); /* adds its figures to s */
	/* Rows the last INSERT, UPDATE or DELETE on c changed (db_update).
	 * Required (PostgreSQL: PQcmdTuples of the command's result). */
	int64_t (*changes)(struct db_conn *c);
	/* db_check: the problems found (problem() for each, at most max),
	 * -1 when the check itself failed (problem() with why). NULL: the
	 * database checks itself; nothing to report. */
	int (*check)(struct db_conn *c, enum db_check kind, int max,
	    void (*problem)(void *arg, const char *text), void *arg);
	/* Required (PostgreSQL: the catalogue of the search path). */
	enum hd_status (*has_table)(
	    struct db_conn *c, const char *name, bool *yes);
	/* Around and inside db_migrate (may be NULL): BEFORE_ALL and
	 * AFTER_ALL outside any transaction, CHECK before each migration's
	 * commit (an error rolls it back). */
	enum hd_status (*migrating)(struct db_conn *c, enum db_migrating ph);
	enum hd_status (*tune)(struct db_conn *c, enum db_tune how);
	/* Process-wide, before the first connection (may be NULL): where the
	 * driver learns of conditions outside any statement (db/health.h). */
	void (*init)(void);
	/* The files of a target that must stay the ones opened (health.c):
	 * suffixes to the target's path, the first one's file must exist;
	 * NULL when the database is no file of this process's. */
	const char *const *files;
	/* db_schema_read: every table, then their columns and references,
	 * through db_schema_add_*; schema.c orders them. */
	enum hd_status (*schema)(struct db_conn *c, struct db_schema *out);
	/* db_bind_values: st's parameters from v (n checked by db.c
	 * against nothing: the driver counts). */
	enum hd_status (*bind_values)(
	    struct db_stmt *st, const struct db_value *v, int n);
	/* db_send (later false: its rows are read at its db_step) and
	 * db_exec_later (true: only its error is read, later); a bound
	 * statement. NULL: the statement runs when it is stepped. */
	enum hd_status (*send)(struct db_stmt *st, bool later);
	/* db_copy_triggers, db_ids_sync; NULL: HD_EINVAL, HD_OK. */
	enum hd_status (*copy_triggers)(struct db_conn *c, bool on);
	enum hd_status (*ids_sync)(struct db_conn *c, int *n);
};

extern const struct db_ops db_sqlite_ops;

/* The driver built in for d, NULL for none. */
const struct db_ops *db_ops_of(enum db_driver d);
/* Calls each driver's init (db_health_init). */
void db_drivers_init(void);

/* The feed set with db_feed_set, or NULL. */
const struct db_feed *db_feed_get(void);
/* For a driver's feed: reports one changed row of c's transaction. */
void db_feed_row(struct db_conn *c, const struct db_change *ch);
/* After a transaction of c (or a statement outside of one) ended: the
 * feed's commit, once, when c reported rows since the last call. */
void db_feed_end(struct db_conn *c, bool committed);
/* After error s inside a transaction: marks c aborted (logged) when the
 * database ended the transaction itself. */
void db_tx_lost(struct db_conn *c, enum hd_status s);

/* The cached statement for sql on c, prepared on first use, without
 * starting it (a driver's own transaction statements); NULL on error. */
struct db_stmt *db_cached(struct db_conn *c, const char *sql);

/* For a driver's schema op, which adds every table first: adds table
 * name (its index; -1, logged, when there are too many), a column of
 * table t, a reference from t to the table named ref (HD_EINVAL, logged,
 * when there is none). */
int db_schema_add_table(struct db_schema *s, const char *name);
enum hd_status db_schema_add_col(
    struct db_schema *s, int t, const char *name, enum db_kind kind, bool id);
enum hd_status db_schema_add_ref(struct db_schema *s, int t, const char *ref);

/* Adds the writer's figures to s (writer.c). */
void db_writer_stats_add(struct db_stats *s);

/* Whether s is an SQL identifier: [A-Za-z_][A-Za-z0-9_]*, at most 63
 * bytes (PostgreSQL's limit). */
bool db_ident_ok(const char *s);

#endif
