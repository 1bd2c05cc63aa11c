/* SPDX-License-Identifier: MIT */
/* The search text of Vorgänge (search.h, docs/search.md). */
#include "store/search.h"

#include "core/fold.h"
#include "util/buf.h"

#include <stdio.h>
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

/*
 * Takes Vorgang id's current text out of the FTS5 index (SQLite; its row
 * id is -id, migration 016), when it has one. With VALUES, not INSERT … SELECT:
 * a statement that reads while it writes the FTS5 table opens a savepoint, at
 * which FTS5 writes its pending terms to disk as a segment of their own — one
 * per Vorgang, then merged again and again (a fill of 100,000 slowed to 2,000
 * in 3 minutes).
 */
static enum hd_status
search_fts_delete(struct db_conn *c, int64_t id)
{
	enum hd_status s = HD_OK, e;
	struct db_stmt *st;

	st = db_prepare(c, "SELECT doc, internal FROM process_search "
			   "WHERE process_id = ?");
	db_bind(st, "i", id);
	if (db_step(st))
		s = db_exec(c,
		    "INSERT INTO process_fts(process_fts, rowid, doc, "
		    "internal) VALUES ('delete', ?, ?, ?)",
		    "itt", -id, db_col_text(st, 0), db_col_text(st, 1));
	e = db_end(st);
	return s == HD_OK ? e : s;
}

enum hd_status
store_search_index(struct db_conn *c, int64_t id)
{
	struct hd_buf doc, internal;
	bool fts = db_conn_driver(c) == DB_SQLITE;
	enum hd_status s;

	hd_buf_init(&doc, HD_SEARCH_DOC_MAX);
	hd_buf_init(&internal, HD_SEARCH_DOC_MAX);
	s = search_row(c, id, &doc);
	if (s == HD_OK)
		s = search_comments(c, id, &doc, &internal);
	/* A text beyond the limit keeps what fitted. */
	if (s == HD_ETOOBIG)
		s = HD_OK;
	/* SQLite: the FTS5 index of the text (external content) is told
	 * the old text before the row goes, the new after it comes. */
	if (s == HD_OK && fts)
		s = search_fts_delete(c, id);
	if (s == HD_OK)
		s = db_exec_later(c,
		    "DELETE FROM process_search WHERE process_id = ?", "i", id);
	if (s == HD_OK)
		s = db_exec_later(c,
		    "INSERT INTO process_search(process_id, doc, internal) "
		    "VALUES (?, ?, ?)",
		    "itt", id, doc.data ? doc.data : "",
		    internal.data ? internal.data : "");
	if (s == HD_OK && fts)
		s = db_exec(c,
		    "INSERT INTO process_fts(rowid, doc, internal) "
		    "VALUES (?, ?, ?)",
		    "itt", -id, doc.data ? doc.data : "",
		    internal.data ? internal.data : "");
	hd_buf_cleanup(&doc);
	hd_buf_cleanup(&internal);
	return s;
}

/* Indexes (with fn) the rows whose ids sql (one id parameter) names. */
static enum hd_status
search_each(struct db_conn *c, const char *sql, int64_t key,
    enum hd_status (*fn)(struct db_conn *, int64_t))
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
		s = fn(c, ids[i]);
	free(ids);
	return s;
}

/* Re-indexes the Vorgänge sql (one id parameter) names. */
static enum hd_status
search_index_of(struct db_conn *c, const char *sql, int64_t key)
{
	return search_each(c, sql, key, store_search_index);
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

/* One kind of row store_search_fill fills: whether the newest row has its
 * text (1: a gap), the missing ids after ? (at most a batch), the last
 * id with a text, how many have one, and the function that writes one. */
struct search_kind {
	const char *gap, *missing, *last, *count;
	enum hd_status (*fn)(struct db_conn *, int64_t);
};

static const struct search_kind search_kinds[] = {
    {"SELECT CASE WHEN (SELECT max(id) FROM processes) = (SELECT "
     "max(process_id) FROM process_search) OR NOT EXISTS (SELECT 1 "
     "FROM processes) THEN 0 ELSE 1 END",
	"SELECT p.id FROM processes p WHERE p.id > ? AND NOT "
	"EXISTS (SELECT 1 FROM process_search s WHERE "
	"s.process_id = p.id) ORDER BY p.id LIMIT " SEARCH_FILL_BATCH,
	"SELECT coalesce(max(process_id), 0) FROM process_search",
	"SELECT count(*) FROM process_search", store_search_index},
    /* The newest contact: per organisation from the index users_org
     * (org_id, kind, id) alone, so that no page of the table is read
     * (neither the employees before it nor a damaged row). */
    {"SELECT CASE WHEN coalesce((SELECT max((SELECT max(u.id) FROM users "
     "u WHERE u.org_id = o.id AND u.kind = 'contact')) FROM orgs o), 0) = "
     "coalesce((SELECT max(user_id) FROM contact_search), 0) THEN 0 ELSE "
     "1 END",
	"SELECT u.id FROM users u WHERE u.id > ? AND u.kind = 'contact' "
	"AND NOT EXISTS (SELECT 1 FROM contact_search s WHERE s.user_id = "
	"u.id) ORDER BY u.id LIMIT " SEARCH_FILL_BATCH,
	"SELECT coalesce(max(user_id), 0) FROM contact_search",
	"SELECT count(*) FROM contact_search", store_search_contact},
    {"SELECT CASE WHEN coalesce((SELECT max(id) FROM properties), 0) = "
     "coalesce((SELECT max(property_id) FROM property_search), 0) "
     "THEN 0 ELSE 1 END",
	"SELECT p.id FROM properties p WHERE p.id > ? AND NOT EXISTS "
	"(SELECT 1 FROM property_search s WHERE s.property_id = p.id) "
	"ORDER BY p.id LIMIT " SEARCH_FILL_BATCH,
	"SELECT coalesce(max(property_id), 0) FROM property_search",
	"SELECT count(*) FROM property_search", store_search_property},
};

static enum hd_status
search_fill_kind(
    struct db_conn *c, const struct search_kind *k, bool all, int64_t *n)
{
	enum hd_status s;
	int64_t last = 0, before, gap = 0;

	*n = 0;
	/* Unless all: filled when the newest row has its text (the fill
	 * goes in the order of ids, and a server writes the text of every
	 * row it creates; two look-ups, not a scan). */
	s = db_scalar(c, &gap, k->gap, "");
	if (s != HD_OK || (gap == 0 && !all))
		return s;
	do {
		before = *n;
		if ((s = db_begin(c)) != HD_OK)
			return s;
		s = search_each(c, k->missing, last, k->fn);
		if (s == HD_OK)
			s = db_scalar(c, &last, k->last, "");
		if (s == HD_OK)
			s = db_scalar(c, n, k->count, "");
		if (s == HD_OK)
			s = db_commit(c);
		else
			db_rollback(c);
	} while (s == HD_OK && *n > before);
	return s;
}

enum hd_status
store_search_fill(struct db_conn *c, bool all, int64_t *n)
{
	enum hd_status s = HD_OK;
	int64_t m = 0;

	*n = 0;
	for (size_t i = 0;
	     s == HD_OK && i < sizeof(search_kinds) / sizeof(search_kinds[0]);
	     i++) {
		s = search_fill_kind(c, &search_kinds[i], all, &m);
		if (i == 0)
			*n = m;
	}
	return s;
}

/* Replaces the row of id in table (key column key) by doc. */
static enum hd_status
search_put(struct db_conn *c, const char *del, const char *ins, int64_t id,
    struct hd_buf *doc)
{
	enum hd_status s = db_exec(c, del, "i", id);

	if (s == HD_OK)
		s = db_exec(c, ins, "it", id, doc->data ? doc->data : "");
	return s;
}

enum hd_status
store_search_contact(struct db_conn *c, int64_t user_id)
{
	enum hd_status s = HD_OK, e;
	struct hd_buf doc;
	struct db_stmt *st;
	bool found = false;

	hd_buf_init(&doc, HD_SEARCH_DOC_MAX);
	st = db_prepare(c, "SELECT name, email, phone FROM users "
			   "WHERE id = ? AND kind = 'contact'");
	db_bind(st, "i", user_id);
	if (db_step(st)) {
		const char *mail = db_col_text(st, 1);
		const char *phone = db_col_text(st, 2);

		found = true;
		for (int k = 0; s == HD_OK && k < 3; k++)
			s = search_adds(&doc, db_col_text(st, k));
		if (s == HD_OK && mail != NULL)
			s = search_add(&doc, mail, strlen(mail), fold_email);
		if (s == HD_OK && phone != NULL)
			s = search_add(&doc, phone, strlen(phone), fold_phone);
	}
	e = db_end(st);
	if (s == HD_OK)
		s = e;
	if (s == HD_OK && found)
		s = search_put(c,
		    "DELETE FROM contact_search WHERE user_id = ?",
		    "INSERT INTO contact_search(user_id, doc) VALUES (?, ?)",
		    user_id, &doc);
	hd_buf_cleanup(&doc);
	return s;
}

enum hd_status
store_search_property(struct db_conn *c, int64_t property_id)
{
	enum hd_status s = HD_OK, e;
	struct hd_buf doc;
	struct db_stmt *st;
	bool found = false;

	hd_buf_init(&doc, HD_SEARCH_DOC_MAX);
	st = db_prepare(c,
	    "SELECT name, street, postal_code, city, external_id FROM "
	    "properties WHERE id = ?");
	db_bind(st, "i", property_id);
	if (db_step(st)) {
		found = true;
		for (int k = 0; s == HD_OK && k < 5; k++)
			s = search_adds(&doc, db_col_text(st, k));
	}
	e = db_end(st);
	if (s == HD_OK)
		s = e;
	if (s == HD_OK && found) {
		st = db_prepare(c, "SELECT label FROM units WHERE property_id "
				   "= ? ORDER BY id");
		db_bind(st, "i", property_id);
		while (s == HD_OK && db_step(st))
			s = search_adds(&doc, db_col_text(st, 0));
		e = db_end(st);
		if (s == HD_OK)
			s = e;
	}
	/* A text beyond the limit keeps what fitted. */
	if (s == HD_ETOOBIG)
		s = HD_OK;
	if (s == HD_OK && found)
		s = search_put(c,
		    "DELETE FROM property_search WHERE property_id = ?",
		    "INSERT INTO property_search(property_id, doc) VALUES (?, "
		    "?)",
		    property_id, &doc);
	hd_buf_cleanup(&doc);
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

/* Whether byte b begins a character (UTF-8). */
static bool
search_char_start(char b)
{
	return ((unsigned char)b & 0xC0) != 0x80;
}

/* Appends the trigrams of word w (n bytes) to out as FTS5 strings joined
 * by AND: all of them up to HD_SEARCH_TRIGRAMS, else that many spread
 * over the word, first and last among them. */
static size_t
search_trigrams(const char *w, size_t n, char *out, size_t cap, size_t len)
{
	size_t pos[HD_SEARCH_WORD_MAX + 1], chars = 0, t, k, take;

	for (size_t i = 0; i < n && chars < HD_SEARCH_WORD_MAX; i++)
		if (search_char_start(w[i]))
			pos[chars++] = i;
	if (chars < 3)
		return len;
	/* The end of the last whole character counted. */
	pos[chars] = n;
	t = chars - 2;
	take = t < HD_SEARCH_TRIGRAMS ? t : HD_SEARCH_TRIGRAMS;
	for (k = 0; k < take; k++) {
		size_t i = take == t ? k : k * (t - 1) / (take - 1);
		size_t b = pos[i + 3] - pos[i];
		int m = snprintf(out + len, cap - len, "%s\"%.*s\"",
		    len > 0 ? " AND " : "", (int)b, w + pos[i]);

		if (m < 0 || (size_t)m >= cap - len) {
			out[len] = '\0';
			return len;
		}
		len += (size_t)m;
	}
	return len;
}

size_t
store_search_match(const char *q, char *out, size_t cap)
{
	char folded[HD_SEARCH_MAX_WORDS * HD_SEARCH_WORD_MAX * 4];
	size_t len = fold_text(q, strlen(q), folded, sizeof(folded)), o = 0;
	int k = 0;

	if (cap == 0)
		return 0;
	out[0] = '\0';
	if (len >= sizeof(folded))
		len = sizeof(folded) - 1;
	search_split(folded, len);
	for (size_t i = 0; i < len && k < HD_SEARCH_MAX_WORDS; k++) {
		size_t start;

		while (i < len && folded[i] == ' ')
			i++;
		if (i == len)
			break;
		start = i;
		while (i < len && folded[i] != ' ')
			i++;
		/* The same bytes as store_search_patterns keeps. */
		o = search_trigrams(folded + start,
		    i - start < HD_SEARCH_WORD_MAX ? i - start
						   : HD_SEARCH_WORD_MAX,
		    out, cap, o);
	}
	return o;
}
