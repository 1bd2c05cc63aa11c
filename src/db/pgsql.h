/* SPDX-License-Identifier: MIT */
#ifndef HD_DB_PGSQL_H
#define HD_DB_PGSQL_H

/*
 * Inside the PostgreSQL driver (pgsql*.c) and its tests only: the
 * driver's connection and statement, and what its files share.
 * docs/postgresql.md tells the design; pgsql_feed.c the change feed's.
 */
#include "db/driver.h"

#include <libpq-fe.h>

/* The watched table of a feed entry, as the driver resolved it. */
struct pg_watch {
	const char *table; /* the db_watch's name, borrowed */
};

/* A transaction statement not sent yet: it goes out in one round trip
 * with the next statement (pgsql_tx.c). */
enum { PG_PENDING_MAX = 4 };

/* What went out in pipeline mode and has not been read back yet
 * (pgsql_pipe.c): one entry per query, in the order sent. */
enum pg_sent_kind {
	PG_SENT_TX,    /* a transaction statement: its failure is reported */
	PG_SENT_PREP,  /* st's PQsendPrepare */
	PG_SENT_ROWS,  /* st's rows, wanted at its db_step (db_send) */
	PG_SENT_LATER, /* a write whose rows are not wanted (db_exec_later) */
	PG_SENT_SYNC,  /* a sync point: an error aborts only up to it */
};
struct pg_sent {
	enum pg_sent_kind kind;
	const char *sql;    /* for the log */
	struct pg_stmt *st; /* PREP and ROWS; NULL once it is forgotten */
};
/* Queries in flight on one connection before they are read back. */
enum { PG_SENT_MAX = 64 };

struct pg_conn {
	struct db_conn base;
	PGconn *h;
	unsigned flags;	 /* db_open's */
	unsigned gen;	 /* bumped by each reset: statements prepared before
			    it are gone from the server */
	unsigned names;	 /* prepared statements named so far */
	bool lost;	 /* the connection broke inside a transaction */
	bool ran;	 /* a statement ran since the transaction began */
	int pid;	 /* the server process, for the feed's listeners */
	int64_t changes; /* rows the last command changed (db_update) */
	/* Transaction statements to send before the next one. */
	const char *pending[PG_PENDING_MAX];
	int n_pending;
	/* Sent in pipeline mode, not read back yet (pgsql_pipe.c). */
	struct pg_sent sent[PG_SENT_MAX];
	int n_sent;
	bool piping; /* in libpq's pipeline mode */
	/* The change feed (pgsql_feed.c): on for a DB_WRITER connection. */
	const struct db_watch *watch;
	size_t n_watch;
};

struct pg_stmt {
	struct db_stmt base;
	char *sql; /* with $N placeholders (and RETURNING id) */
	int n_params;
	char name[24];	 /* on the server, once prepared */
	unsigned gen;	 /* the connection's gen when prepared; 0: not */
	Oid *types;	 /* as prepared */
	Oid *bind_types; /* as bound now */
	const char **values;
	int *lengths, *formats;
	uint64_t *ints; /* big-endian int8 values */
	bool bound;
	bool inflight;	       /* sent for db_send, its result not read yet */
	bool sent;	       /* sent for db_send: pre holds its outcome */
	PGresult *pre;	       /* db_send's result, read before its step */
	enum hd_status pre_st; /* and its status */
	PGresult *res;	       /* the whole result, from the first step */
	int row, n_rows;
	unsigned char *blob; /* bytea of the row in hand, decoded */
	size_t blob_len;
	int blob_col;
};

/* libpq's last message on h on one line, into buf (size bytes); buf. */
const char *db_pgsql_error(PGconn *h, char *buf, size_t size);

/* The status of SQLSTATE code state (NULL: none). Pure. */
enum hd_status db_pgsql_sqlstate(const char *state);

/*
 * The status of result res (NULL: libpq had none) of sql (may be NULL)
 * on c: HD_OK for a command or rows, else per SQLSTATE. Logs what is
 * not a conflict. A broken connection is reset (statements prepared
 * are then gone; inside a transaction, c->lost) and gives HD_EIO.
 */
enum hd_status db_pgsql_status(
    struct pg_conn *c, const PGresult *res, const char *sql);

/* A connection to target, with the driver's defaults (keepalives,
 * UTF-8, application_name) beneath the target's own settings; NULL
 * without memory. Check PQstatus. */
PGconn *db_pgsql_connect(const char *target);

/* Whether c's connection works, resetting it when it broke; false
 * (logged) when it cannot be reset now. */
bool db_pgsql_alive(struct pg_conn *c);
/* Whether the queue pending[0..n) begins a transaction (its BEGIN not
 * sent yet). */
bool db_pgsql_tx_unsent_in(const char *const *pending, int n);

/* The session settings of c (after a connect or reset). */
enum hd_status db_pgsql_session(struct pg_conn *c);

/* Statements (pgsql_stmt.c), for the table of functions. */
enum hd_status db_pgsql_prepare(
    struct db_conn *base, const char *sql, bool want_id, struct db_stmt **out);
void db_pgsql_finalize(struct db_stmt *base);
enum hd_status db_pgsql_bind(struct db_stmt *base, const char *fmt, va_list ap);
int db_pgsql_step(struct db_stmt *base);
void db_pgsql_reset(struct db_stmt *base);
int64_t db_pgsql_col_i64(struct db_stmt *base, int col);
/* Rows the last INSERT, UPDATE or DELETE on c changed (PQcmdTuples). */
int64_t db_pgsql_changes(struct db_conn *base);
bool db_pgsql_col_null(struct db_stmt *base, int col);
const char *db_pgsql_col_text(struct db_stmt *base, int col, size_t *len);
const void *db_pgsql_col_blob(struct db_stmt *base, int col, size_t *len);

/* Transactions and scripts (pgsql_tx.c). */
enum hd_status db_pgsql_tx(struct db_conn *base, enum db_tx op);
bool db_pgsql_tx_lost(struct db_conn *base);
bool db_pgsql_snapshot_held(struct db_conn *base);
enum hd_status db_pgsql_script(struct db_conn *base, const char *sql);
/*
 * One round trip (libpq's pipeline mode): what is in flight, c's
 * pending transaction statements, then, when st is not NULL, st's
 * PQprepare (when the server lacks it) and st itself. *res: the result
 * of the last query (caller clears; st's rows), NULL when it did not
 * run. HD_OK, or the status of the first query that failed (logged;
 * the later ones did not run).
 */
enum hd_status db_pgsql_pipeline(
    struct pg_conn *c, struct pg_stmt *st, PGresult **res);
/* Whether the server lacks st as bound now (pgsql_stmt.c). */
bool db_pgsql_needs_prepare(struct pg_conn *c, struct pg_stmt *st);
/*
 * Pipeline mode (pgsql_pipe.c). db_pgsql_send sends c's queued
 * transaction statements, st's PQprepare when the server lacks it, and
 * st (kind PG_SENT_ROWS or PG_SENT_LATER), without waiting for anything;
 * HD_EIO (logged) when they cannot be sent. db_pgsql_sync sends a sync
 * point. db_pgsql_drain sends one when the last query has none, reads
 * every result back and leaves pipeline mode: each ROWS statement gets
 * its result (or its error) in pre; the return is the first error of
 * the TX, PREP and LATER queries (HD_OK when there is none or c was not
 * in pipeline mode); *last (may be NULL) the result of the last query
 * before the final sync when it was a TX query (caller clears).
 * db_pgsql_forget: st's rows are no longer wanted (reset); gone: st is
 * freed (finalize), nothing may point at it.
 */
enum hd_status db_pgsql_send(
    struct pg_conn *c, struct pg_stmt *st, enum pg_sent_kind kind);
enum hd_status db_pgsql_send_tx(struct pg_conn *c, const char *sql);
enum hd_status db_pgsql_sync(struct pg_conn *c);
enum hd_status db_pgsql_drain(struct pg_conn *c, PGresult **last);
void db_pgsql_forget(struct pg_conn *c, struct pg_stmt *st, bool gone);
/* Whether LATER writes are in flight on c (their errors not read yet). */
bool db_pgsql_later_pending(const struct pg_conn *c);
/* After a reset: nothing is in flight any more. */
void db_pgsql_pipe_lost(struct pg_conn *c);
/* db_ops.send: db_send (later false) and db_exec_later (true). */
enum hd_status db_pgsql_send_op(struct db_stmt *base, bool later);

/* Of pgsql_schema.c (struct db_ops): what migrate-db needs. */
enum hd_status db_pgsql_schema(struct db_conn *c, struct db_schema *s);
enum hd_status db_pgsql_bind_values(
    struct db_stmt *base, const struct db_value *v, int n);
enum hd_status db_pgsql_copy_triggers(struct db_conn *c, bool on);
enum hd_status db_pgsql_ids_sync(struct db_conn *c, int *n);

/* The WAL controls of db.h, which PostgreSQL has no use for here. */
enum hd_status db_pgsql_checkpoint(
    struct db_conn *base, enum db_checkpoint mode, int busy_ms, int *frames);
int db_pgsql_wal_frames(const struct db_conn *base);
enum hd_status db_pgsql_cache_set(struct db_conn *base, int kib);

/*
 * The change feed (pgsql_feed.c). db_pgsql_feed_attach makes the
 * triggers of f's tables current (creating or replacing them when they
 * differ) and turns reporting on for c's session; HD_EIO (logged) when
 * a table or column is missing or not an integer where one must be.
 */
enum hd_status db_pgsql_feed_attach(struct pg_conn *c, const struct db_feed *f);
void db_pgsql_feed_detach(struct pg_conn *c);
/* libpq's notice receiver of every connection: feed rows (arg: c). */
void db_pgsql_notice(void *arg, const PGresult *res);
/*
 * Parses a feed record ("<table> <I|U|D> <old0> <old1> <new0> <new1>
 * <0|1>") into *ch, with ch->table the index of its table in
 * watch[0..n) (the first of that name). False when it is no record or
 * names no table of the list. Pure.
 */
bool db_pgsql_feed_parse(const char *rec, const struct db_watch *watch,
    size_t n, struct db_change *ch);
/* The channel the triggers notify on. */
#define PG_FEED_CHANNEL "hausdesk_feed"

/*
 * Other processes' changes (pgsql_listen.c): a connection that LISTENs
 * on the feed's channel and reports each committed change of a watched
 * table through the feed set with db_feed_set — every row, then one
 * commit(true) per run of rows of one server process — except those of
 * this process's DB_WRITER connections, which reported them already.
 * The caller owns the listener: one thread at a time. (Which thread
 * runs it, and how its calls are kept apart from the writer's, is for
 * the process's wiring: docs/postgresql.md.)
 */
struct pg_listen;
/* Connects to target and listens. HD_EINVAL (target), HD_ENOMEM,
 * HD_EIO (logged). */
enum hd_status db_pgsql_listen_open(const char *target, struct pg_listen **out);
void db_pgsql_listen_close(struct pg_listen *l);
/* The socket to wait on for input (poll), -1 when broken. */
int db_pgsql_listen_fd(const struct pg_listen *l);
/*
 * Reports the changes that arrived, waiting up to ms (0: none) for the
 * first. *n (may be NULL): rows reported. HD_EIO when the connection
 * broke, and again at the next call, which connects anew: changes of
 * the time between are lost, so the caller must treat everything as
 * changed, at both (and cache nothing until a call returns HD_OK).
 */
enum hd_status db_pgsql_listen_poll(struct pg_listen *l, int ms, int *n);
/*
 * A barrier: reports every change committed before this call (one round
 * trip to the server). What a request must do before it trusts a cache
 * that other processes' writes may have made stale.
 */
enum hd_status db_pgsql_listen_sync(struct pg_listen *l, int *n);

/* This process's DB_WRITER connections' server processes (their changes
 * are reported by the notices already). */
void db_pgsql_writer_pid(int old_pid, int new_pid);
bool db_pgsql_is_writer_pid(int pid);

#endif
