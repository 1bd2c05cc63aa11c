/* SPDX-License-Identifier: MIT */
/* The search text of Vorgänge (search.h, docs/search.md). */
#include "store/search.h"

#include "core/fold.h"
#include "util/buf.h"

#include <stdlib.h>
#include <string.h>

/* Vorgänge re-indexed per transaction by store_search_fill. */
#define SEARCH_FILL_BATCH "2000"

/* ASCII other than letters and digits separates words, in the index and
 * in queries alike (so "Whg.", "V-2024-00012" and "a@b.de" split). */
static void
search_split(char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch < 0x80 &&
		    !((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
			(ch >= '0' && ch <= '9')))
			s[i] = ' ';
	}
}

/* Appends s (n bytes) as f folds it, and a space, to b. */
static enum hd_status
search_add(struct hd_buf *b, const char *s, size_t n,
    size_t (*f)(const char *, char *, size_t))
{
	size_t cap = 2 * n + 64, len;
	enum hd_status st;
	char *out;

	if (s == NULL || n == 0)
		return HD_OK;
	if ((out = malloc(cap)) == NULL)
		return HD_ENOMEM;
	len = f != NULL ? f(s, out, cap) : fold_text(s, n, out, cap);
	if (len >= cap)
		len = cap - 1;
	search_split(out, len);
	st = hd_buf_add(b, out, len);
	if (st == HD_OK)
		st = hd_buf_add(b, " ", 1);
	free(out);
	return st;
}

static enum hd_status
search_adds(struct hd_buf *b, const char *s)
{
	return search_add(b, s, s ? strlen(s) : 0, NULL);
}

/* The columns of the Vorgang's own row and those it points to. */
#define SEARCH_ROW                                                             \
	"SELECT p.number, p.subject, p.description, u.name, u.email, "         \
	"u.phone, pr.name, pr.street, pr.postal_code, pr.city, un.label "      \
	"FROM processes p JOIN users u ON u.id = p.reporter_id "               \
	"JOIN properties pr ON pr.id = p.property_id "                         \
	"LEFT JOIN units un ON un.id = p.unit_id WHERE p.id = ?"

static enum hd_status
search_row(struct db_conn *c, int64_t id, struct hd_buf *doc)
{
	enum hd_status s = HD_OK, e;
	struct db_stmt *st;
	bool found = false;

	st = db_prepare(c, SEARCH_ROW);
	db_bind(st, "i", id);
	if (db_step(st)) {
		const char *num = db_col_text(st, 0);
		const char *mail = db_col_text(st, 4);
		const char *phone = db_col_text(st, 5);

		found = true;
		s = search_adds(doc, num);
		for (int k = 1; s == HD_OK && k <= 10; k++)
			s = search_adds(doc, db_col_text(st, k));
		if (s == HD_OK && num != NULL)
			s = search_add(doc, num, strlen(num), fold_number);
		if (s == HD_OK && mail != NULL)
			s = search_add(doc, mail, strlen(mail), fold_email);
		if (s == HD_OK && phone != NULL)
			s = search_add(doc, phone, strlen(phone), fold_phone);
	}
	e = db_end(st);
	if (s == HD_OK)
		s = e;
	return s == HD_OK && !found ? HD_ENOTFOUND : s;
}

static enum hd_status
search_comments(
    struct db_conn *c, int64_t id, struct hd_buf *doc, struct hd_buf *internal)
{
	enum hd_status s = HD_OK, e;
	struct db_stmt *st;

	st = db_prepare(c, "SELECT body, internal FROM comments "
			   "WHERE process_id = ? ORDER BY id");
	db_bind(st, "i", id);
	while (s == HD_OK && db_step(st))
		s = search_adds(
		    db_col_int(st, 1) ? internal : doc, db_col_text(st, 0));
	e = db_end(st);
	return s == HD_OK ? e : s;
}

enum hd_status
store_search_index(struct db_conn *c, int64_t id)
{
	struct hd_buf doc, internal;
	enum hd_status s;

	hd_buf_init(&doc, HD_SEARCH_DOC_MAX);
	hd_buf_init(&internal, HD_SEARCH_DOC_MAX);
	s = search_row(c, id, &doc);
	if (s == HD_OK)
		s = search_comments(c, id, &doc, &internal);
	/* A text beyond the limit keeps what fitted. */
	if (s == HD_ETOOBIG)
		s = HD_OK;
	if (s == HD_OK)
		s = db_exec_later(c,
		    "DELETE FROM process_search WHERE process_id = ?", "i", id);
	if (s == HD_OK)
		s = db_exec_later(c,
		    "INSERT INTO process_search(process_id, doc, internal) "
		    "VALUES (?, ?, ?)",
		    "itt", id, doc.data ? doc.data : "",
		    internal.data ? internal.data : "");
	hd_buf_cleanup(&doc);
	hd_buf_cleanup(&internal);
	return s;
}

/* Re-indexes the Vorgänge sql (one id parameter) names. */
static enum hd_status
search_index_of(struct db_conn *c, const char *sql, int64_t key)
{
	enum hd_status s = HD_OK, e;
	struct db_stmt *st;
	int64_t *ids = NULL, *p;
	size_t n = 0, cap = 0;

	st = db_prepare(c, sql);
	db_bind(st, "i", key);
	while (s == HD_OK && db_step(st)) {
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			if ((p = realloc(ids, cap * sizeof(*ids))) == NULL) {
				s = HD_ENOMEM;
				break;
			}
			ids = p;
		}
		ids[n++] = db_col_i64(st, 0);
	}
	e = db_end(st);
	if (s == HD_OK)
		s = e;
	for (size_t i = 0; s == HD_OK && i < n; i++)
		s = store_search_index(c, ids[i]);
	free(ids);
	return s;
}

enum hd_status
store_search_index_reporter(struct db_conn *c, int64_t user_id)
{
	return search_index_of(
	    c, "SELECT id FROM processes WHERE reporter_id = ?", user_id);
}

enum hd_status
store_search_index_property(struct db_conn *c, int64_t property_id)
{
	return search_index_of(
	    c, "SELECT id FROM processes WHERE property_id = ?", property_id);
}

enum hd_status
store_search_fill(struct db_conn *c, bool all, int64_t *n)
{
	enum hd_status s;
	int64_t last = 0, before, gap = 0;

	*n = 0;
	/* Unless all: filled when the newest Vorgang has its text (the
	 * fill goes in the order of ids, and a server writes the text of
	 * every Vorgang it creates; two look-ups, not a scan). */
	s = db_scalar(c, &gap,
	    "SELECT CASE WHEN (SELECT max(id) FROM processes) = (SELECT "
	    "max(process_id) FROM process_search) OR NOT EXISTS (SELECT 1 "
	    "FROM processes) THEN 0 ELSE 1 END",
	    "");
	if (s != HD_OK || (gap == 0 && !all))
		return s;
	do {
		before = *n;
		if ((s = db_begin(c)) != HD_OK)
			return s;
		s = search_index_of(c,
		    "SELECT p.id FROM processes p WHERE p.id > ? AND NOT "
		    "EXISTS (SELECT 1 FROM process_search s WHERE "
		    "s.process_id = p.id) ORDER BY p.id "
		    "LIMIT " SEARCH_FILL_BATCH,
		    last);
		if (s == HD_OK)
			s = db_scalar(c, &last,
			    "SELECT coalesce(max(process_id), 0) FROM "
			    "process_search",
			    "");
		if (s == HD_OK)
			s = db_scalar(
			    c, n, "SELECT count(*) FROM process_search", "");
		if (s == HD_OK)
			s = db_commit(c);
		else
			db_rollback(c);
	} while (s == HD_OK && *n > before);
	return s;
}

int
store_search_patterns(
    const char *q, char pat[HD_SEARCH_MAX_WORDS][HD_SEARCH_WORD_MAX + 8])
{
	char folded[HD_SEARCH_MAX_WORDS * HD_SEARCH_WORD_MAX * 4];
	size_t len = fold_text(q, strlen(q), folded, sizeof(folded));
	int k = 0;

	if (len >= sizeof(folded))
		len = sizeof(folded) - 1;
	search_split(folded, len);
	for (size_t i = 0; i < len && k < HD_SEARCH_MAX_WORDS;) {
		size_t o = 0;

		while (i < len && folded[i] == ' ')
			i++;
		if (i == len)
			break;
		pat[k][o++] = '%';
		for (; i < len && folded[i] != ' '; i++) {
			char ch = folded[i];
			if (o + 3 >= HD_SEARCH_WORD_MAX + 6)
				continue;
			if (ch == '%' || ch == '_' || ch == '\\')
				pat[k][o++] = '\\';
			pat[k][o++] = ch;
		}
		pat[k][o++] = '%';
		pat[k][o] = '\0';
		k++;
	}
	return k;
}
