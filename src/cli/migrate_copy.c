/* SPDX-License-Identifier: MIT */
/*
 * migrate-db's copy of one table and its checksum (cli/migrate.h): rows
 * read through db.h by column, inserted through db.h a batch at a time,
 * each row hashed as it is read.
 */
#include "cli/migrate.h"
#include "util/buf.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The longest SQL of one table: a batch's placeholders and the names. */
#define SQL_MAX (MIGRATE_BATCH_PARAMS * 4 + DB_SCHEMA_COLS * DB_NAME_MAX * 2)

static bool
ident_ok(const char *s)
{
	if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		*s == '_'))
		return false;
	for (s++; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
			(*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

/* Appends t's column list, quoted: "a", "b". */
static enum hd_status
add_cols(struct hd_buf *b, const struct db_table *t)
{
	enum hd_status s = HD_OK;

	for (int k = 0; k < t->n_cols && s == HD_OK; k++)
		s = hd_buf_printf(b, "%s\"%s\"", k ? ", " : "", t->col[k]);
	return s;
}

/* Appends rows groups of n placeholders: (?, ?), (?, ?). */
static enum hd_status
add_values(struct hd_buf *b, int rows, int n)
{
	enum hd_status s = HD_OK;

	for (int r = 0; r < rows && s == HD_OK; r++) {
		s = hd_buf_adds(b, r ? ", (" : "(");
		for (int k = 0; k < n && s == HD_OK; k++)
			s = hd_buf_adds(b, k ? ", ?" : "?");
		if (s == HD_OK)
			s = hd_buf_adds(b, ")");
	}
	return s;
}

static enum hd_status
build_insert(const struct db_table *t, int rows, char **out)
{
	struct hd_buf b;
	enum hd_status s;

	hd_buf_init(&b, SQL_MAX);
	s = hd_buf_printf(&b, "INSERT INTO \"%s\" (", t->name);
	if (s == HD_OK)
		s = add_cols(&b, t);
	if (s == HD_OK)
		s = hd_buf_adds(&b, ") VALUES ");
	if (s == HD_OK)
		s = add_values(&b, rows, t->n_cols);
	if (s == HD_OK)
		s = hd_buf_take(&b, out, NULL);
	hd_buf_cleanup(&b);
	return s;
}

enum hd_status
migrate_sql_build(const struct db_table *t, struct migrate_sql *q)
{
	struct hd_buf b;
	enum hd_status s;
	int k;

	memset(q, 0, sizeof(*q));
	for (k = 0; k < t->n_cols && ident_ok(t->col[k]); k++)
		;
	if (!ident_ok(t->name) || k < t->n_cols || t->n_cols == 0) {
		fprintf(stderr,
		    "hausdesk: table %s: a table or column name that is not "
		    "a plain SQL identifier, or no columns\n",
		    t->name);
		return HD_EINVAL;
	}
	q->batch = MIGRATE_BATCH_PARAMS / t->n_cols;
	if (q->batch > MIGRATE_BATCH_ROWS)
		q->batch = MIGRATE_BATCH_ROWS;
	hd_buf_init(&b, SQL_MAX);
	s = hd_buf_adds(&b, "SELECT ");
	if (s == HD_OK)
		s = add_cols(&b, t);
	if (s == HD_OK)
		s = hd_buf_printf(&b, " FROM \"%s\"", t->name);
	if (s == HD_OK)
		s = hd_buf_take(&b, &q->select, NULL);
	if (s == HD_OK)
		s = hd_buf_printf(&b, "SELECT 1 FROM \"%s\" LIMIT 1", t->name);
	if (s == HD_OK)
		s = hd_buf_take(&b, &q->any, NULL);
	hd_buf_cleanup(&b);
	if (s == HD_OK)
		s = build_insert(t, q->batch, &q->insert);
	if (s == HD_OK)
		s = build_insert(t, 1, &q->insert1);
	if (s != HD_OK)
		migrate_sql_free(q);
	return s;
}

void
migrate_sql_free(struct migrate_sql *q)
{
	free(q->select);
	free(q->any);
	free(q->insert);
	free(q->insert1);
	memset(q, 0, sizeof(*q));
}

enum hd_status
migrate_any(struct db_conn *c, const struct migrate_sql *q, bool *yes)
{
	struct db_stmt *st = db_prepare(c, q->any);
	enum hd_status s = db_row(st);

	*yes = s == HD_OK;
	db_end(st);
	return s == HD_ENOTFOUND ? HD_OK : s;
}

/* Adds a row's hash to sum. */
static void
sum_add(struct migrate_sum *sum, crypto_generichash_state *h)
{
	unsigned char out[16];
	uint64_t lane;

	crypto_generichash_final(h, out, sizeof(out));
	for (int i = 0; i < 2; i++) {
		lane = 0;
		for (int j = 7; j >= 0; j--)
			lane = lane << 8 | out[i * 8 + j];
		sum->sum[i] += lane;
	}
	sum->rows++;
}

/* Hashes a tag, a 64-bit number (little-endian), and n bytes of p. */
static void
hash_value(
    crypto_generichash_state *h, char tag, uint64_t x, const void *p, size_t n)
{
	unsigned char b[9];

	b[0] = (unsigned char)tag;
	for (int i = 0; i < 8; i++)
		b[1 + i] = (unsigned char)(x >> (8 * i));
	crypto_generichash_update(h, b, sizeof(b));
	if (n > 0)
		crypto_generichash_update(h, p, n);
}

/*
 * Reads the row in hand of st into v[] (t's columns; text and blobs
 * copied when copy, so that they outlive the next step — the caller
 * frees v[k].p) and hashes it into sum. HD_ENOMEM.
 */
static enum hd_status
read_row(struct db_stmt *st, const struct db_table *t, struct db_value *v,
    bool copy, struct migrate_sum *sum)
{
	crypto_generichash_state h;
	enum hd_status s = HD_OK;

	crypto_generichash_init(&h, NULL, 0, 16);
	for (int k = 0; k < t->n_cols; k++) {
		const void *p = NULL;
		size_t n = 0;

		memset(&v[k], 0, sizeof(v[k]));
		v[k].kind = t->kind[k];
		if (db_col_null(st, k)) {
			v[k].null = true;
			hash_value(&h, 'N', 0, NULL, 0);
			continue;
		}
		switch (t->kind[k]) {
		case DB_KIND_INT:
			v[k].i = db_col_i64(st, k);
			hash_value(&h, 'I', (uint64_t)v[k].i, NULL, 0);
			continue;
		case DB_KIND_TEXT:
			p = db_col_textn(st, k, &n);
			hash_value(&h, 'T', n, p, n);
			break;
		case DB_KIND_BLOB:
			p = db_col_blob(st, k, &n);
			hash_value(&h, 'B', n, p, n);
			break;
		}
		v[k].len = n;
		v[k].p = p;
		if (copy) {
			char *c = malloc(n + 1);

			if (c == NULL) {
				v[k].null = true; /* nothing to free */
				s = HD_ENOMEM;
				continue;
			}
			if (n > 0)
				memcpy(c, p, n);
			c[n] = '\0';
			v[k].p = c;
		}
	}
	sum_add(sum, &h);
	return s;
}

static void
free_values(struct db_value *v, int n)
{
	for (int i = 0; i < n; i++)
		if (v[i].kind != DB_KIND_INT && !v[i].null)
			free((void *)v[i].p);
}

/* Inserts n values (whole rows) with sql. */
static enum hd_status
insert(struct db_conn *dst, const char *sql, const struct db_value *v, int n)
{
	struct db_stmt *st = db_prepare(dst, sql);

	db_bind_values(st, v, n);
	db_step(st);
	return db_end(st);
}

enum hd_status
migrate_copy(struct db_conn *src, struct db_conn *dst, const struct db_table *t,
    const struct migrate_sql *q, struct migrate_sum *sum)
{
	struct db_value *v;
	struct db_stmt *st;
	enum hd_status s = HD_OK, e;
	int rows = 0, n = t->n_cols;

	memset(sum, 0, sizeof(*sum));
	if ((v = calloc((size_t)q->batch * (size_t)n, sizeof(*v))) == NULL)
		return HD_ENOMEM;
	st = db_prepare(src, q->select);
	while (s == HD_OK && db_step(st)) {
		s = read_row(st, t, v + rows * n, true, sum);
		rows++;
		if (s == HD_OK && rows == q->batch)
			s = insert(dst, q->insert, v, rows * n);
		if (rows == q->batch || s != HD_OK) {
			free_values(v, rows * n);
			rows = 0;
		}
	}
	e = db_end(st);
	if (s == HD_OK)
		s = e;
	for (int r = 0; r < rows && s == HD_OK; r++)
		s = insert(dst, q->insert1, v + r * n, n);
	free_values(v, rows * n);
	free(v);
	return s;
}

enum hd_status
migrate_sum(struct db_conn *c, const struct db_table *t,
    const struct migrate_sql *q, struct migrate_sum *sum)
{
	struct db_value v[DB_SCHEMA_COLS];
	struct db_stmt *st;
	enum hd_status s = HD_OK, e;

	memset(sum, 0, sizeof(*sum));
	st = db_prepare(c, q->select);
	while (s == HD_OK && db_step(st))
		s = read_row(st, t, v, false, sum);
	e = db_end(st);
	return s != HD_OK ? s : e;
}

void
migrate_sum_hex(const struct migrate_sum *sum, char *buf)
{
	snprintf(buf, 33, "%016llx%016llx", (unsigned long long)sum->sum[0],
	    (unsigned long long)sum->sum[1]);
}
