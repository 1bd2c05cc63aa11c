/* SPDX-License-Identifier: MIT */
#ifndef HD_STORE_PAGE_H
#define HD_STORE_PAGE_H

/* Inside the store: one page of a list as API objects, and the columns
 * the API shows as null when they are. */
#include "db/db.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Steps st — bound with limit + 1 as its row limit (store_row_limit) —
 * into a new array of row(st) in *items (caller owns), and ends it.
 * *next is the id (column 0) of the last row returned when there are
 * more, else 0; limit < 0 takes every row. The statement's error, or
 * HD_ENOMEM; *items NULL then.
 */
enum hd_status store_page(struct db_stmt *st, int limit, int64_t *next,
    json_t *(*row)(struct db_stmt *st), json_t **items);
/* The row limit to bind for a page of limit rows (-1: all). */
int64_t store_row_limit(int limit);
/* Ends st after reading one object with row() into *out: HD_ENOTFOUND
 * when there was no row, HD_ENOMEM when row() failed, or the error. */
enum hd_status store_one(
    struct db_stmt *st, json_t *(*row)(struct db_stmt *st), json_t **out);
/* store_one of sql with org_id bound as ?1 and id as ?2 (the object of
 * an organisation by its id). */
enum hd_status store_one_of(struct db_conn *c, const char *sql, int64_t org_id,
    int64_t id, json_t *(*row)(struct db_stmt *st), json_t **out);

/* Ends st after copying column 0 of its one row into buf[n]:
 * HD_ENOTFOUND when there was no row, or the error. */
enum hd_status store_text_read(struct db_stmt *st, char *buf, size_t n);
/* Ends st after reading column 0 of every row into a new array *out
 * (caller frees) of *n ids; HD_ENOMEM or the error (*out then may hold
 * what was read). */
enum hd_status store_ids_read(struct db_stmt *st, int64_t **out, size_t *n);

/* Column col as a JSON string, integer or time (RFC 3339 of Unix
 * seconds / div), null for SQL NULL. */
json_t *store_col_text(struct db_stmt *st, int col);
json_t *store_col_id(struct db_stmt *st, int col);
json_t *store_col_time(struct db_stmt *st, int col, int64_t div);

#endif
