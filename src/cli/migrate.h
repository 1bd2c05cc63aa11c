/* SPDX-License-Identifier: MIT */
#ifndef HD_CLI_MIGRATE_H
#define HD_CLI_MIGRATE_H

/*
 * `hausdesk migrate-db`'s copy of one table (migrate_copy.c): the rows of
 * a table read through db.h from one database and inserted through db.h
 * into another, by column name, with a checksum of what was read —
 * computed the same way when the copy is read back, so that the two can
 * be compared. No table is named here: the tables and columns are the
 * schema's (db_schema_read).
 */
#include "db/db.h"

#include <stdint.h>

/* Rows per INSERT at most (fewer for wide tables: PostgreSQL takes at
 * most 65535 parameters a statement, SQLite 32766). */
#define MIGRATE_BATCH_ROWS 128
#define MIGRATE_BATCH_PARAMS 30000

/* What was read of one table: its rows, and the sum of a BLAKE2b hash
 * of each row (its values by column, with their kinds and lengths) —
 * a sum, so that it does not depend on the order the rows come in (text
 * keys sort differently on the two databases). */
struct migrate_sum {
	int64_t rows;
	uint64_t sum[2];
};

/* The SQL of one table, built once and kept until both connections are
 * closed: db.h caches statements by the SQL's address. */
struct migrate_sql {
	char *select;  /* SELECT the columns FROM t */
	char *any;     /* SELECT 1 FROM t LIMIT 1 */
	char *insert;  /* INSERT INTO t (the columns) VALUES (...) × batch */
	char *insert1; /* the same for one row */
	int batch;     /* rows of insert */
};

/* Builds the SQL of table t (its columns as named there). HD_EINVAL
 * (said on stderr) for a name that is not a plain identifier. */
enum hd_status migrate_sql_build(
    const struct db_table *t, struct migrate_sql *out);
void migrate_sql_free(struct migrate_sql *q);

/* Whether table t of c has a row (*yes). */
enum hd_status migrate_any(
    struct db_conn *c, const struct migrate_sql *q, bool *yes);

/*
 * Copies every row of t from src into dst (inside dst's transaction),
 * reading the columns as t's kinds say; *sum is what was read. HD_OK or
 * the first error (the caller rolls dst back).
 */
enum hd_status migrate_copy(struct db_conn *src, struct db_conn *dst,
    const struct db_table *t, const struct migrate_sql *q,
    struct migrate_sum *sum);

/* Reads every row of t on c into *sum, as migrate_copy does. */
enum hd_status migrate_sum(struct db_conn *c, const struct db_table *t,
    const struct migrate_sql *q, struct migrate_sum *sum);

/* *sum as 32 hexadecimal digits and a NUL (buf: 33 bytes). */
void migrate_sum_hex(const struct migrate_sum *sum, char *buf);

#endif
