/* SPDX-License-Identifier: MIT */
/* Pages of API objects from a statement (page.h). */
#include "store/page.h"

#include "util/jsonx.h"
#include "util/str.h"

#include <stdlib.h>

enum hd_status
store_page(struct db_stmt *st, int limit, int64_t *next,
    json_t *(*row)(struct db_stmt *st), json_t **items)
{
	enum hd_status s = HD_OK, e;
	json_t *a = json_array(), *o;
	int n = 0;

	*next = 0;
	*items = NULL;
	if (a == NULL)
		s = HD_ENOMEM;
	while (s == HD_OK && db_step(st)) {
		if (n++ == limit)
			break;
		*next = db_col_i64(st, 0);
		if ((o = row(st)) == NULL || json_array_append_new(a, o) != 0)
			s = HD_ENOMEM;
	}
	if (limit < 0 || n <= limit)
		*next = 0;
	e = db_end(st);
	if (s == HD_OK)
		s = e;
	if (s != HD_OK) {
		json_decref(a);
		return s;
	}
	*items = a;
	return HD_OK;
}

int64_t
store_row_limit(int limit)
{
	/* No LIMIT -1 (PostgreSQL refuses it) nor NULL (SQLite does). */
	return limit < 0 ? INT32_MAX : (int64_t)limit + 1;
}

enum hd_status
store_one(struct db_stmt *st, json_t *(*row)(struct db_stmt *st), json_t **out)
{
	enum hd_status s;

	*out = NULL;
	if ((s = db_row(st)) == HD_OK && (*out = row(st)) == NULL)
		s = HD_ENOMEM;
	db_end(st);
	return s;
}

enum hd_status
store_one_of(struct db_conn *c, const char *sql, int64_t org_id, int64_t id,
    json_t *(*row)(struct db_stmt *st), json_t **out)
{
	struct db_stmt *st = db_prepare(c, sql);

	db_bind(st, "ii", org_id, id);
	return store_one(st, row, out);
}

enum hd_status
store_text_read(struct db_stmt *st, char *buf, size_t n)
{
	enum hd_status s;

	if ((s = db_row(st)) == HD_OK)
		hd_strlcpy(buf, db_col_text(st, 0), n);
	db_end(st);
	return s;
}

enum hd_status
store_ids_read(struct db_stmt *st, int64_t **out, size_t *n)
{
	enum hd_status s = HD_OK, e;
	size_t cap = 0;
	int64_t *p;

	*out = NULL;
	*n = 0;
	while (s == HD_OK && db_step(st)) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			if ((p = realloc(*out, cap * sizeof(*p))) == NULL) {
				s = HD_ENOMEM;
				break;
			}
			*out = p;
		}
		(*out)[(*n)++] = db_col_i64(st, 0);
	}
	e = db_end(st);
	return s != HD_OK ? s : e;
}

json_t *
store_col_text(struct db_stmt *st, int col)
{
	size_t len;
	const char *t = db_col_text_or_null(st, col, &len);

	return t != NULL ? json_stringn(t, len) : json_null();
}

json_t *
store_col_id(struct db_stmt *st, int col)
{
	return db_col_null(st, col) ? json_null()
				    : json_integer(db_col_i64(st, col));
}

json_t *
store_col_time(struct db_stmt *st, int col, int64_t div)
{
	return db_col_null(st, col) ? json_null()
				    : hd_json_time(db_col_i64(st, col) / div);
}
