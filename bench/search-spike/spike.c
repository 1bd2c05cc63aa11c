/* SPDX-License-Identifier: MIT */
/*
 * The search spike (docs/search.md): builds candidate search indexes on a
 * copy of the scale-1 data set and times them. Not part of the product;
 * the measurements behind the design.
 *
 *   spike fold-test
 *   spike build  --db P --table T [--detail full|column] [--prefix '2 3']
 *                [--content own|none|view]
 *   spike query  --db P --table T [--reps N] [--mix FILE] [--viewer V]
 *                [--mode fts|join] [--org-token]
 *       V: admin, employee:ID (staff from the database), or the id of
 *       an employee. --mode join checks visibility with the SQL rule on
 *       processes instead of the scope column.
 *   spike render --db P          50 ids → the list rows, as fetch_rows
 *   spike create --db COPY --table T [--n 10000] [--batch 32]
 *                [--fts none|explicit|trigger]
 *   spike count  --db P          total counts for list filters
 *   spike like   --db P          today's LIKE search, for reference
 *
 * Prints figures; asserts nothing about speed.
 */
#include "core/fold.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_PROPS 4096

static double
now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static void
die(sqlite3 *h, const char *what)
{
	fprintf(stderr, "spike: %s: %s\n", what, h ? sqlite3_errmsg(h) : "");
	exit(1);
}

static sqlite3_stmt *
prep(sqlite3 *h, const char *sql)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
		die(h, sql);
	return st;
}

static void
exec(sqlite3 *h, const char *sql)
{
	if (sqlite3_exec(h, sql, NULL, NULL, NULL) != SQLITE_OK)
		die(h, sql);
}

static int64_t
scalar(sqlite3 *h, const char *sql)
{
	sqlite3_stmt *st = prep(h, sql);
	int64_t v =
	    sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;

	sqlite3_finalize(st);
	return v;
}

/* ---- SQL functions: the folding, for building from SQL ------------------ */

static void
fn_fold(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const char *s = (const char *)sqlite3_value_text(argv[0]);
	int n = sqlite3_value_bytes(argv[0]);
	char buf[8192], *big;
	size_t len;

	(void)argc;
	if (s == NULL) {
		sqlite3_result_null(cx);
		return;
	}
	len = fold_text(s, (size_t)n, buf, sizeof(buf));
	if (len < sizeof(buf)) {
		sqlite3_result_text(cx, buf, (int)len, SQLITE_TRANSIENT);
		return;
	}
	big = malloc(len + 1);
	if (big == NULL) {
		sqlite3_result_error_nomem(cx);
		return;
	}
	fold_text(s, (size_t)n, big, len + 1);
	sqlite3_result_text(cx, big, (int)len, free);
}

static void
fn_num(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const char *s = (const char *)sqlite3_value_text(argv[0]);
	char buf[256];
	size_t len;

	(void)argc;
	if (s == NULL) {
		sqlite3_result_null(cx);
		return;
	}
	len = fold_number(s, buf, sizeof(buf));
	sqlite3_result_text(cx, buf, (int)len, SQLITE_TRANSIENT);
}

static void
fn_phone(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const char *s = (const char *)sqlite3_value_text(argv[0]);
	char buf[512];
	size_t len;

	(void)argc;
	if (s == NULL) {
		sqlite3_result_text(cx, "", 0, SQLITE_STATIC);
		return;
	}
	len = fold_phone(s, buf, sizeof(buf));
	sqlite3_result_text(cx, buf, (int)len, SQLITE_TRANSIENT);
}

static void
fn_email(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const char *s = (const char *)sqlite3_value_text(argv[0]);
	char buf[512];
	size_t len;

	(void)argc;
	if (s == NULL) {
		sqlite3_result_text(cx, "", 0, SQLITE_STATIC);
		return;
	}
	len = fold_email(s, buf, sizeof(buf));
	sqlite3_result_text(cx, buf, (int)len, SQLITE_TRANSIENT);
}

static sqlite3 *
open_db(const char *path)
{
	sqlite3 *h;

	if (sqlite3_open(path, &h) != SQLITE_OK)
		die(h, path);
	exec(h, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
		"PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY; "
		"PRAGMA cache_size=-12000;");
	sqlite3_create_function(h, "hd_fold", 1,
	    SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, fn_fold, NULL, NULL);
	sqlite3_create_function(h, "hd_num", 1,
	    SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, fn_num, NULL, NULL);
	sqlite3_create_function(h, "hd_email", 1,
	    SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, fn_email, NULL, NULL);
	sqlite3_create_function(h, "hd_phone", 1,
	    SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, fn_phone, NULL, NULL);
	return h;
}

/* The columns of a Vorgang's search document, from the rows (the view
 * process_search_doc has them under these names). */
#define DOC_SELECT                                                             \
	"SELECT p.id AS id, "                                                  \
	"hd_fold(p.subject || ' ' || p.description || CASE WHEN "              \
	"p.comment_count > 0 THEN coalesce(' ' || (SELECT group_concat("       \
	"c.body, ' ') FROM comments c WHERE c.process_id = p.id AND "          \
	"c.internal = 0), '') ELSE '' END) AS body, "                          \
	"CASE WHEN p.comment_count > 0 THEN hd_fold((SELECT group_concat("     \
	"c.body, ' ') FROM comments c WHERE c.process_id = p.id AND "          \
	"c.internal = 1)) END AS internal, "                                   \
	"hd_fold(u.name || ' ' || coalesce(u.email, '') || ' ' || "            \
	"coalesce(u.phone, '')) || ' ' || hd_email(u.email) || ' ' || "        \
	"hd_phone(u.phone) AS who, "                                           \
	"hd_fold(pr.name || ' ' || pr.street || ' ' || pr.postal_code || ' ' " \
	"|| pr.city || coalesce(' ' || un.label, '')) AS place, "              \
	"hd_num(p.number) AS num, "                                            \
	"'o' || p.org_id || ' p' || p.property_id || ' r' || p.reporter_id "   \
	"|| ' c' || p.created_by || coalesce((SELECT group_concat(' e' || "    \
	"a.employee_id, '') FROM process_assignees a WHERE a.process_id = "    \
	"p.id), '') AS scope "                                                 \
	"FROM processes p JOIN users u ON u.id = p.reporter_id "               \
	"JOIN properties pr ON pr.id = p.property_id "                         \
	"LEFT JOIN units un ON un.id = p.unit_id "

/* ---- fold-test ------------------------------------------------------------
 */

static int
cmd_fold_test(void)
{
	static const char *const cases[][2] = {{"Müller", "muller"},
	    {"Mueller", "muller"}, {"MÜLLER", "muller"}, {"muller", "muller"},
	    {"Mu\xcc\x88ller", "muller"}, /* decomposed ü */
	    {"Straße", "strasse"}, {"STRASSE", "strasse"},
	    {"Strasse", "strasse"}, {"Weiß", "weiss"}, {"Yılmaz", "yilmaz"},
	    {"Öztürk", "ozturk"}, {"Oeztuerk", "ozturk"}, {"Jäger", "jager"},
	    {"Jaeger", "jager"}, {"Michael", "michal"}, {"Queen", "quen"},
	    {"Steuer", "steur"}, {"Goethe", "gothe"}, {"Łódź", "lodz"},
	    {"Ayşe", "ayse"}, {"Æsop", "asop"},
	    {"f.mueller.3@x.example", "f.muller.3@x.example"},
	    {"Gewerbe 1, EG", "gewerbe 1, eg"}, {"ẞ", "ss"},
	    {"naïve café", "naive cafe"}, {"Zoë", "zo"}, {"Zoe", "zo"}};
	static const char *const numbers[][2] = {
	    {"V-2024-07706", "2024 07706 7706 706 06"},
	    {"V-2025-135142", "2025 135142 35142 5142 142 42"}};
	static const char *const phones[][2] = {
	    {"0164 1213377", "01641213377 1641213377 641213377 41213377 "
			     "1213377 213377 13377 3377"},
	    {"+49 151 2345", "01512345 1512345 512345 12345 2345"}};
	static const char *const queries[][2] = {
	    {"Müller Hauptstr.", "{body internal who place num} : \"muller\"* "
				 "AND {body internal who place num} : "
				 "\"hauptstr\"*"},
	    {"V-2025-4711", "num : \"2025\" AND num : \"4711\"*"},
	    {"2024-07706", "num : \"2024\" AND num : \"07706\"*"},
	    {"v-20", "num : \"20\"*"},
	    {"Mü Mül", "{body internal who place num} : \"mu\" AND "
		       "{body internal who place num} : \"mul\"*"},
	    {"Whg. 1", "{body internal who place num} : \"whg\"* AND "
		       "{body internal who place num} : \"1\""},
	    {"2024 135142", "{body internal who place num} : \"2024\" AND "
			    "{body internal who place num} : \"135142\"*"},
	    {"F.Mueller.3@Eigentuemer.example",
		"who : \"fmuller3eigentumerexample\"*"},
	    {"0164 1213377", "who : \"01641213377\"*"},
	    {"+49 (164) 121", "who : \"0164121\"*"},
	    {"Preis 5\xe2\x82\xac", "{body internal who place num} : "
				    "\"preis\"* AND {body internal who place "
				    "num} : \"5\""},
	    {"\"OR\" NEAR(", "{body internal who place num} : \"or\" AND "
			     "{body internal who place num} : \"near\"*"}};
	struct fold_viewer adm = {0, 1, 1, NULL, 0, false};
	char buf[1024];
	int bad = 0;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		fold_text(cases[i][0], strlen(cases[i][0]), buf, sizeof(buf));
		if (strcmp(buf, cases[i][1]) != 0) {
			printf("FAIL fold %s: %s, want %s\n", cases[i][0], buf,
			    cases[i][1]);
			bad++;
		}
	}
	for (i = 0; i < 2; i++) {
		fold_number(numbers[i][0], buf, sizeof(buf));
		if (strcmp(buf, numbers[i][1]) != 0) {
			printf("FAIL number %s: %s\n", numbers[i][0], buf);
			bad++;
		}
		fold_phone(phones[i][0], buf, sizeof(buf));
		if (strcmp(buf, phones[i][1]) != 0) {
			printf("FAIL phone %s: %s\n", phones[i][0], buf);
			bad++;
		}
	}
	for (i = 0; i < sizeof(queries) / sizeof(queries[0]); i++) {
		if (!fold_query(queries[i][0], &adm, NULL, buf, sizeof(buf)) ||
		    strcmp(buf, queries[i][1]) != 0) {
			printf("FAIL query %s: %s\n", queries[i][0], buf);
			bad++;
		}
	}
	if (fold_query("  - . ", &adm, NULL, buf, sizeof(buf))) {
		printf("FAIL empty query gave %s\n", buf);
		bad++;
	}
	/* The fold of a prefix is a prefix of the fold. */
	{
		const char *w = "Mueller Straße Öztürk Queen Goethe";
		char a[256], b[256];
		size_t n = strlen(w), la, lb;

		lb = fold_text(w, n, b, sizeof(b));
		for (size_t k = 1; k < n; k++) {
			if (((unsigned char)w[k] & 0xC0) == 0x80)
				continue;
			la = fold_text(w, k, a, sizeof(a));
			if (la > lb || memcmp(a, b, la) != 0) {
				printf("FAIL prefix %zu: %s / %s\n", k, a, b);
				bad++;
			}
		}
	}
	printf("fold-test: %s\n", bad ? "FAILED" : "ok");
	return bad ? 1 : 0;
}

/* ---- build ------------------------------------------------------------------
 */

static int
cmd_build(const char *db, const char *table, const char *detail,
    const char *prefix, const char *content)
{
	sqlite3 *h = open_db(db);
	char sql[2048];
	sqlite3_stmt *st;
	int64_t max, lo;
	double t0 = now_ms(), t;

	exec(h, "DROP VIEW IF EXISTS process_search_doc; "
		"CREATE VIEW process_search_doc AS " DOC_SELECT);
	snprintf(sql, sizeof(sql), "DROP TABLE IF EXISTS %s", table);
	exec(h, sql);
	snprintf(sql, sizeof(sql),
	    "CREATE VIRTUAL TABLE %s USING fts5(body, internal, who, place, "
	    "num, scope, tokenize = 'unicode61 remove_diacritics 2', "
	    "detail = %s, columnsize = 0%s%s%s%s)",
	    table, detail, prefix[0] ? ", prefix = '" : "", prefix,
	    prefix[0] ? "'" : "",
	    strcmp(content, "none") == 0 ? ", content = ''"
	    : strcmp(content, "view") == 0
		? ", content = 'process_search_doc', content_rowid = 'id'"
		: "");
	exec(h, sql);
	snprintf(sql, sizeof(sql),
	    "INSERT INTO %s(rowid, body, internal, who, place, num, scope) "
	    "SELECT id, body, internal, who, place, num, scope FROM "
	    "process_search_doc WHERE id BETWEEN ?1 AND ?2",
	    table);
	st = prep(h, sql);
	max = scalar(h, "SELECT max(id) FROM processes");
	for (lo = 1; lo <= max; lo += 50000) {
		exec(h, "BEGIN");
		sqlite3_bind_int64(st, 1, lo);
		sqlite3_bind_int64(st, 2, lo + 49999);
		if (sqlite3_step(st) != SQLITE_DONE)
			die(h, "insert");
		sqlite3_reset(st);
		exec(h, "COMMIT");
		t = now_ms();
		fprintf(stderr, "  %lld / %lld (%.1f s)\n",
		    (long long)lo + 49999, (long long)max, (t - t0) / 1e3);
	}
	sqlite3_finalize(st);
	exec(h, "PRAGMA wal_checkpoint(TRUNCATE)");
	printf("build %s (detail=%s prefix='%s' content=%s): %.1f s\n", table,
	    detail, prefix, content, (now_ms() - t0) / 1e3);
	snprintf(sql, sizeof(sql),
	    "SELECT name, sum(pgsize) FROM dbstat WHERE name LIKE '%s%%' "
	    "GROUP BY name ORDER BY name",
	    table);
	st = prep(h, sql);
	while (sqlite3_step(st) == SQLITE_ROW)
		printf("  %-28s %8.1f MB\n", sqlite3_column_text(st, 0),
		    (double)sqlite3_column_int64(st, 1) / 1e6);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return 0;
}

/* ---- the vocabulary: prefix expansion ----------------------------------- */

struct vocab {
	sqlite3_stmt *st;
	int limit;
};

/* fold_expand: the words of search_words that begin with w[0..n). */
static int
vocab_expand(void *arg, const char *w, size_t n, char *out, size_t cap)
{
	struct vocab *vo = arg;
	size_t o = 0, len;
	int k = 0;

	sqlite3_bind_text(vo->st, 1, w, (int)n, SQLITE_TRANSIENT);
	sqlite3_bind_int(vo->st, 2, vo->limit + 1);
	while (sqlite3_step(vo->st) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(vo->st, 0);

		len = (size_t)sqlite3_column_bytes(vo->st, 0);
		if (k == vo->limit || o + len + 8 >= cap) {
			k = -1;
			break;
		}
		o += (size_t)snprintf(
		    out + o, cap - o, "%s\"%s\"", k ? " OR " : "", t);
		k++;
	}
	sqlite3_reset(vo->st);
	return k;
}

static sqlite3_stmt *
vocab_stmt(sqlite3 *h)
{
	/* the words from w up to w followed by the highest code point:
	 * those beginning with w (BINARY collation compares bytes) */
	return prep(h, "SELECT word FROM search_words WHERE word >= ?1 "
		       "AND word < ?1 || char(1114111) LIMIT ?2");
}

/* Builds search_words from the index (one-time: fts5vocab reads every
 * doclist), the words with a letter outside the scope column. */
static int
cmd_vocab(const char *db, const char *table)
{
	sqlite3 *h = open_db(db);
	char sql[512];
	double t0 = now_ms();

	exec(h, "DROP TABLE IF EXISTS search_words; CREATE TABLE "
		"search_words(word TEXT PRIMARY KEY) WITHOUT ROWID");
	snprintf(sql, sizeof(sql),
	    "CREATE VIRTUAL TABLE temp.vc USING fts5vocab(main, %s, 'col')",
	    table);
	exec(h, sql);
	exec(h, "INSERT OR IGNORE INTO search_words SELECT term FROM temp.vc "
		"WHERE col <> 'scope' AND term GLOB '*[^0-9]*'");
	printf("vocab from %s: %lld words in %.1f s, %.1f MB\n", table,
	    (long long)scalar(h, "SELECT count(*) FROM search_words"),
	    (now_ms() - t0) / 1e3,
	    (double)scalar(h, "SELECT sum(pgsize) FROM dbstat WHERE name = "
			      "'search_words'") /
		1e6);
	sqlite3_close(h);
	return 0;
}

/* ---- query ------------------------------------------------------------------
 */

static const char *const default_mix[] = {"Heizung", "bitte", "Rechnung",
    "Schimmel Schlafzimmer", "Kostenvoranschlag", "Schadennummer",
    "Versicherung informiert", "Müller", "Mueller", "muller", "Yilmaz",
    "Öztürk", "Frau Kraemer", "Holger Müller", "Natalia Koch", "Hauptstraße 86",
    "Lindenstrasse", "Heinrich-Heine-Str", "Mainz", "Whg. 3", "2024-07706",
    "V-2025-4711", "07706", "135142", "V-2023-12",
    "f.mueller.3@eigentuemer.example", "mueller.3", "1213377", "0164 1213377",
    "Mü", "Mül", "Haupt", "Rech", "Xylophon", "Heizung Hauptstraße",
    "Müller Wasser", "Kai Stein", "Sophienstr 4", NULL};

struct sample {
	double ms;
	int rows;
};

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
pct(double *v, int n, double p)
{
	int i = (int)(p * (n - 1) + 0.5);

	return n ? v[i] : 0;
}

static int
load_props(sqlite3 *h, int64_t emp, int64_t *props)
{
	sqlite3_stmt *st = prep(h, "SELECT DISTINCT property_id FROM staff "
				   "WHERE employee_id = ? ORDER BY 1");
	int n = 0;

	sqlite3_bind_int64(st, 1, emp);
	while (sqlite3_step(st) == SQLITE_ROW && n < MAX_PROPS)
		props[n++] = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

#define VISIBLE_SQL                                                            \
	"p.org_id = ?2 AND (?3 = 0 OR (?3 = 2 AND p.reporter_id = ?4) "        \
	"OR (?3 = 1 AND (p.created_by = ?4 OR EXISTS (SELECT 1 FROM "          \
	"process_assignees a WHERE a.process_id = p.id AND "                   \
	"a.employee_id = ?4) OR EXISTS (SELECT 1 FROM staff s WHERE "          \
	"s.property_id = p.property_id AND s.employee_id = ?4))))"

/* --mode walk: Vorgang → property in memory (4 bytes each), filled once
 * from the property index; an employee's search walks the words' matches
 * newest first, keeps those at the employee's properties (a bitmap), and
 * merges those assigned to or filed by them (a second, small FTS query on
 * "e<id>" OR "c<id>"). After WALK_BUDGET matches without 51 it finishes
 * with the scope-token query below where it stopped. */
#define WALK_BUDGET 100000
static uint32_t *prop_of;
static int64_t prop_of_n;

static void
load_prop_map(sqlite3 *h)
{
	sqlite3_stmt *st;
	double t0 = now_ms();

	prop_of_n = scalar(h, "SELECT max(id) FROM processes") + 1;
	prop_of = calloc((size_t)prop_of_n, sizeof(*prop_of));
	st = prep(h, "SELECT id, property_id FROM processes INDEXED BY "
		     "processes_property");
	while (sqlite3_step(st) == SQLITE_ROW)
		prop_of[sqlite3_column_int64(st, 0)] =
		    (uint32_t)sqlite3_column_int64(st, 1);
	sqlite3_finalize(st);
	printf("  property map: %lld entries, %.1f MB, loaded in %.1f ms\n",
	    (long long)prop_of_n, (double)prop_of_n * 4 / 1e6, now_ms() - t0);
}

static int
cmp_desc(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? 1 : x > y ? -1 : 0;
}

/* One employee search by walking; returns the rows found (<= 51). */
static int
walk_search(sqlite3 *h, sqlite3_stmt *words, sqlite3_stmt *own,
    sqlite3_stmt *scoped, sqlite3_stmt *staff, int64_t emp, const char *wmatch,
    const char *omatch, const char *smatch, int64_t *budget_hits)
{
	static uint8_t bits[1 << 17];
	int64_t got[160], last = 0, id;
	int n = 0, m, walked = 0, i, k;
	uint32_t p;

	(void)h;
	memset(bits, 0, sizeof(bits));
	sqlite3_bind_int64(staff, 1, emp);
	while (sqlite3_step(staff) == SQLITE_ROW) {
		p = (uint32_t)sqlite3_column_int64(staff, 0);
		bits[p >> 3 & 0x1FFFF] |= (uint8_t)(1u << (p & 7));
	}
	sqlite3_reset(staff);
	sqlite3_bind_text(words, 1, wmatch, -1, SQLITE_STATIC);
	while (n < 51 && sqlite3_step(words) == SQLITE_ROW) {
		id = sqlite3_column_int64(words, 0);
		last = id;
		if (++walked > WALK_BUDGET)
			break;
		p = id < prop_of_n ? prop_of[id] : 0;
		if (bits[p >> 3 & 0x1FFFF] & (1u << (p & 7)))
			got[n++] = id;
	}
	sqlite3_reset(words);
	if (walked > WALK_BUDGET) {
		(*budget_hits)++;
		sqlite3_bind_text(scoped, 1, smatch, -1, SQLITE_STATIC);
		sqlite3_bind_int64(scoped, 2, last);
		while (n < 102 && sqlite3_step(scoped) == SQLITE_ROW)
			got[n++] = sqlite3_column_int64(scoped, 0);
		sqlite3_reset(scoped);
	}
	m = n;
	sqlite3_bind_text(own, 1, omatch, -1, SQLITE_STATIC);
	while (m < n + 51 && sqlite3_step(own) == SQLITE_ROW)
		got[m++] = sqlite3_column_int64(own, 0);
	sqlite3_reset(own);
	qsort(got, (size_t)m, sizeof(got[0]), cmp_desc);
	for (i = 0, k = 0; i < m && k < 51; i++)
		if (i == 0 || got[i] != got[i - 1])
			got[k++] = got[i];
	return k;
}

static int
cmd_walk(const char *db, const char *table, int reps, int64_t emp, int kx)
{
	sqlite3 *h = open_db(db);
	struct vocab vo = {vocab_stmt(h), kx};
	struct fold_expand x = {vocab_expand, &vo, 0};
	struct fold_viewer adm = {0, 1, 0, NULL, 0, false};
	struct fold_viewer ev = {1, 1, emp, NULL, 0, false};
	static int64_t props[MAX_PROPS];
	char sql[512], w[65536], o[65536 + 128], sm[65536];
	sqlite3_stmt *words, *own, *scoped, *staff;
	double *all, *per, t0;
	int i, r, rows = 0, n_all = 0, n_mix;
	int64_t budget = 0;

	load_prop_map(h);
	ev.property_ids = props;
	ev.n_properties = load_props(h, emp, props);
	snprintf(sql, sizeof(sql),
	    "SELECT rowid FROM %s WHERE %s MATCH ? ORDER BY rowid DESC", table,
	    table);
	words = prep(h, sql);
	own = prep(h, sql);
	snprintf(sql, sizeof(sql),
	    "SELECT rowid FROM %s WHERE %s MATCH ?1 AND rowid < ?2 "
	    "ORDER BY rowid DESC",
	    table, table);
	scoped = prep(h, sql);
	staff = prep(h, "SELECT DISTINCT property_id FROM staff WHERE "
			"employee_id = ?");
	for (n_mix = 0; default_mix[n_mix] != NULL; n_mix++)
		;
	all = calloc((size_t)(n_mix * reps), sizeof(double));
	per = calloc((size_t)reps, sizeof(double));
	printf("walk %s employee %lld (%d properties) reps=%d expand=%d\n",
	    table, (long long)emp, ev.n_properties, reps, kx);
	for (i = 0; i < n_mix; i++) {
		for (r = -1; r < reps; r++) {
			size_t ol;

			t0 = now_ms();
			if (!fold_query(
				default_mix[i], &adm, &x, w, sizeof(w))) {
				rows = 0;
				goto timed;
			}
			fold_query(default_mix[i], &ev, &x, sm, sizeof(sm));
			ol = (size_t)snprintf(o, sizeof(o),
			    "%s AND scope : (\"e%lld\" OR \"c%lld\")", w,
			    (long long)emp, (long long)emp);
			(void)ol;
			rows = walk_search(h, words, own, scoped, staff, emp, w,
			    o, sm, &budget);
		timed:
			if (r >= 0) {
				per[r] = now_ms() - t0;
				all[n_all++] = per[r];
			}
		}
		qsort(per, (size_t)reps, sizeof(double), cmp_double);
		printf("  %-34s %3d rows  p50 %8.3f ms  max %8.3f ms\n",
		    default_mix[i], rows, pct(per, reps, 0.5), per[reps - 1]);
	}
	qsort(all, (size_t)n_all, sizeof(double), cmp_double);
	t0 = 0;
	for (i = 0; i < n_all; i++)
		t0 += all[i];
	printf("  ALL %d searches: p50 %.3f ms  p90 %.3f ms  p99 %.3f ms  "
	       "max %.3f ms  mean %.3f ms  (budget reached %lld times)\n",
	    n_all, pct(all, n_all, 0.5), pct(all, n_all, 0.9),
	    pct(all, n_all, 0.99), all[n_all - 1], t0 / n_all,
	    (long long)budget);
	sqlite3_finalize(words);
	sqlite3_finalize(own);
	sqlite3_finalize(scoped);
	sqlite3_finalize(staff);
	sqlite3_finalize(vo.st);
	sqlite3_close(h);
	return 0;
}

static int
cmd_query(const char *db, const char *table, int reps, const char *viewer,
    const char *mode, bool org_token, const char *mixfile, bool verbose, int k,
    size_t min_expand)
{
	static int64_t props[MAX_PROPS];
	static char lines[256][128];
	const char *mix[257];
	sqlite3 *h = open_db(db);
	struct fold_viewer v = {0, 1, 0, props, 0, org_token};
	bool join = strcmp(mode, "join") == 0;
	char sql[1024], match[65536];
	struct vocab vo = {NULL, k};
	struct fold_expand x = {vocab_expand, &vo, min_expand};
	sqlite3_stmt *st;
	double *all, *per, t0;
	int n_mix = 0, i, r, rows = 0, n_all = 0;

	if (mixfile != NULL) {
		FILE *f = fopen(mixfile, "r");

		if (f == NULL)
			die(NULL, mixfile);
		while (n_mix < 256 &&
		       fgets(lines[n_mix], sizeof(lines[0]), f) != NULL) {
			lines[n_mix][strcspn(lines[n_mix], "\n")] = '\0';
			if (lines[n_mix][0] != '\0' && lines[n_mix][0] != '#') {
				mix[n_mix] = lines[n_mix];
				n_mix++;
			}
		}
		fclose(f);
	} else {
		for (; default_mix[n_mix] != NULL; n_mix++)
			mix[n_mix] = default_mix[n_mix];
	}
	if (strcmp(viewer, "admin") != 0) {
		v.kind = 1;
		v.user_id = strtoll(viewer, NULL, 10);
		v.n_properties = load_props(h, v.user_id, props);
	}
	if (join)
		snprintf(sql, sizeof(sql),
		    "SELECT p.id FROM %s s JOIN processes p ON p.id = s.rowid "
		    "WHERE %s MATCH ?1 AND " VISIBLE_SQL
		    " ORDER BY s.rowid DESC LIMIT 51",
		    table, table);
	else
		snprintf(sql, sizeof(sql),
		    "SELECT rowid FROM %s WHERE %s MATCH ?1 "
		    "ORDER BY rowid DESC LIMIT 51",
		    table, table);
	st = prep(h, sql);
	all = calloc((size_t)(n_mix * reps), sizeof(double));
	per = calloc((size_t)reps, sizeof(double));
	if (k > 0)
		vo.st = vocab_stmt(h);
	printf("query %s viewer=%s (%d properties) mode=%s%s reps=%d "
	       "expand=%d\n",
	    table, viewer, v.n_properties, mode, org_token ? " org-token" : "",
	    reps, k);
	for (i = 0; i < n_mix; i++) {
		struct fold_viewer fv = v;

		if (join) {
			fv.kind = 0; /* no scope in the MATCH */
			fv.org_token = false;
		}
		for (r = -1; r < reps; r++) { /* r = -1: warm-up */
			t0 = now_ms();
			/* the query is built (and expanded) each time: it is
			 * part of the search's cost */
			if (!fold_query(mix[i], &fv, k > 0 ? &x : NULL, match,
				sizeof(match))) {
				rows = 0;
				goto timed;
			}
			sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
			if (join) {
				sqlite3_bind_int64(st, 2, v.org_id);
				sqlite3_bind_int(st, 3, v.kind);
				sqlite3_bind_int64(st, 4, v.user_id);
			}
			rows = 0;
			while (sqlite3_step(st) == SQLITE_ROW)
				rows++;
			if (sqlite3_reset(st) != SQLITE_OK)
				die(h, match);
		timed:
			if (r >= 0) {
				per[r] = now_ms() - t0;
				all[n_all++] = per[r];
			}
		}
		qsort(per, (size_t)reps, sizeof(double), cmp_double);
		printf("  %-34s %3d rows  p50 %8.3f ms  max %8.3f ms\n", mix[i],
		    rows, pct(per, reps, 0.5), per[reps - 1]);
		if (verbose)
			printf("      %.300s\n", match);
	}
	qsort(all, (size_t)n_all, sizeof(double), cmp_double);
	t0 = 0;
	for (i = 0; i < n_all; i++)
		t0 += all[i];
	printf("  ALL %d searches: p50 %.3f ms  p90 %.3f ms  p99 %.3f ms  "
	       "max %.3f ms  mean %.3f ms\n",
	    n_all, pct(all, n_all, 0.5), pct(all, n_all, 0.9),
	    pct(all, n_all, 0.99), all[n_all - 1], t0 / n_all);
	sqlite3_finalize(st);
	sqlite3_finalize(vo.st);
	sqlite3_close(h);
	free(all);
	free(per);
	return 0;
}

/* ---- render: 50 ids to list rows, as fetch_rows does on a cache miss ----- */

static int
cmd_render(const char *db, const char *table, int kx)
{
	sqlite3 *h = open_db(db);
	struct fold_viewer v = {0, 1, 1, NULL, 0, false};
	char sql[512], match[4096], list[51 * 21 + 2];
	sqlite3_stmt *ids, *rows, *as;
	double t0, tq[64], tr[64];
	size_t off;
	int i, n, nq = 0, k;
	struct vocab vo = {NULL, kx};
	struct fold_expand x = {vocab_expand, &vo, 0};

	snprintf(sql, sizeof(sql),
	    "SELECT rowid FROM %s WHERE %s MATCH ? ORDER BY rowid DESC "
	    "LIMIT 50",
	    table, table);
	ids = prep(h, sql);
	if (kx > 0)
		vo.st = vocab_stmt(h);
	rows = prep(h,
	    "SELECT p.id, p.number, p.type_id, t.name, p.property_id, pr.name, "
	    "p.unit_id, un.label, p.reporter_kind, p.reporter_id, ru.name, "
	    "p.subject, p.description, p.status, p.unrouted, p.created_at, "
	    "p.updated_at, p.comment_count, p.org_id, p.created_by "
	    "FROM processes p JOIN process_types t ON t.id = p.type_id "
	    "JOIN properties pr ON pr.id = p.property_id "
	    "LEFT JOIN units un ON un.id = p.unit_id "
	    "JOIN users ru ON ru.id = p.reporter_id "
	    "WHERE p.id IN (SELECT value FROM json_each(?1)) AND p.org_id = 1 "
	    "ORDER BY p.id DESC");
	as = prep(h,
	    "SELECT a.process_id, a.employee_id, u.name, a.role_id, r.name, "
	    "a.reason FROM process_assignees a JOIN users u ON u.id = "
	    "a.employee_id LEFT JOIN roles r ON r.id = a.role_id WHERE "
	    "a.process_id IN (SELECT value FROM json_each(?)) ORDER BY "
	    "a.process_id DESC, u.name, u.id");
	for (i = 0; default_mix[i] != NULL && nq < 64; i++) {
		if (!fold_query(default_mix[i], &v, kx > 0 ? &x : NULL, match,
			sizeof(match)))
			continue;
		sqlite3_bind_text(ids, 1, match, -1, SQLITE_STATIC);
		off = 0;
		n = 0;
		while (sqlite3_step(ids) == SQLITE_ROW)
			off += (size_t)snprintf(list + off, sizeof(list) - off,
			    "%c%lld", n++ ? ',' : '[',
			    (long long)sqlite3_column_int64(ids, 0));
		sqlite3_reset(ids);
		if (n < 10)
			continue;
		snprintf(list + off, sizeof(list) - off, "]");
		for (k = 0; k < 2; k++) { /* first and second time */
			t0 = now_ms();
			sqlite3_bind_text(rows, 1, list, -1, SQLITE_STATIC);
			while (sqlite3_step(rows) == SQLITE_ROW)
				;
			sqlite3_reset(rows);
			sqlite3_bind_text(as, 1, list, -1, SQLITE_STATIC);
			while (sqlite3_step(as) == SQLITE_ROW)
				;
			sqlite3_reset(as);
			(k == 0 ? tq : tr)[nq] = now_ms() - t0;
		}
		printf("  %-34s %2d rows: first %.3f ms, again %.3f ms\n",
		    default_mix[i], n, tq[nq], tr[nq]);
		nq++;
	}
	if (nq == 0)
		return 1;
	qsort(tq, (size_t)nq, sizeof(double), cmp_double);
	qsort(tr, (size_t)nq, sizeof(double), cmp_double);
	printf("render: first p50 %.3f ms max %.3f ms; again p50 %.3f ms "
	       "max %.3f ms\n",
	    pct(tq, nq, 0.5), tq[nq - 1], pct(tr, nq, 0.5), tr[nq - 1]);
	sqlite3_finalize(ids);
	sqlite3_finalize(vo.st);
	sqlite3_finalize(rows);
	sqlite3_finalize(as);
	sqlite3_close(h);
	return 0;
}

/* ---- create: the rows of a create, with and without the search row ----- */

static uint64_t
next_rand(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static int
cmd_create(
    const char *db, const char *table, long n, long batch, const char *fts)
{
	sqlite3 *h = open_db(db);
	sqlite3_stmt *tn, *counter, *last, *proc, *hist, *unr, *asg, *mail,
	    *doc = NULL, *del = NULL;
	static int64_t tu[100000], tp[100000], tun[100000], emps[4096];
	int n_t = 0, n_e = 0, k, na;
	uint64_t seed = 42;
	char sql[512], number[32], body[601], mid[64];
	double t0, secs;
	long i;
	int64_t pid, cnt;
	bool update = strcmp(fts, "update") == 0;

	sqlite3_wal_autocheckpoint(h, 0);
	exec(h, "DROP VIEW IF EXISTS process_search_doc; "
		"CREATE VIEW process_search_doc AS " DOC_SELECT);
	tn = prep(h, "SELECT r.contact_id, r.property_id, r.unit_id FROM "
		     "residents r ORDER BY r.id LIMIT 100000");
	while (sqlite3_step(tn) == SQLITE_ROW) {
		tu[n_t] = sqlite3_column_int64(tn, 0);
		tp[n_t] = sqlite3_column_int64(tn, 1);
		tun[n_t++] = sqlite3_column_int64(tn, 2);
	}
	sqlite3_finalize(tn);
	tn = prep(h, "SELECT id FROM users WHERE kind = 'employee' ORDER BY "
		     "id");
	while (sqlite3_step(tn) == SQLITE_ROW && n_e < 4096)
		emps[n_e++] = sqlite3_column_int64(tn, 0);
	sqlite3_finalize(tn);
	counter = prep(h, "INSERT INTO process_counters(org_id, year, last) "
			  "VALUES (1, 2026, 1) ON CONFLICT(org_id, year) DO "
			  "UPDATE SET last = last + 1");
	last = prep(h, "SELECT last FROM process_counters WHERE org_id = 1 "
		       "AND year = 2026");
	proc = prep(h,
	    "INSERT INTO processes(org_id, number, type_id, property_id, "
	    "unit_id, reporter_kind, reporter_id, created_by, subject, "
	    "description, created_at, updated_at) VALUES (1, ?1, 1, ?2, ?3, "
	    "'contact', ?4, ?4, 'Wasserfleck an der Decke', 'Im Bad ist seit "
	    "gestern ein Wasserfleck an der Decke, er wird größer. Bitte "
	    "prüfen Sie das. Mit freundlichen Grüßen', strftime('%s','now'), "
	    "strftime('%s','now'))");
	hist = prep(h, "INSERT INTO history(process_id, id, at, event, text, "
		       "actor_id) VALUES (?, ?, strftime('%s','now'), "
		       "'created', 'Vorgang angelegt von Frau Muster', NULL)");
	unr = prep(h, "UPDATE processes SET unrouted = 0, updated_at = "
		      "strftime('%s','now') WHERE id = ?");
	asg = prep(h, "INSERT INTO process_assignees(process_id, employee_id, "
		      "role_id, reason, status) VALUES (?, ?, NULL, 'Rolle "
		      "Hausmeisterin an Musterstraße 1', 'open')");
	mail = prep(h, "INSERT INTO outbox(org_id, to_addr, to_name, subject, "
		       "body, kind, message_id, process_id, next_attempt_at, "
		       "created_at) VALUES (1, 'empfaenger@muster.example', "
		       "'Frau Muster', '[V-2026-000001] Neuer Vorgang', ?, "
		       "'assigned', ?, ?, strftime('%s','now') * 1000, "
		       "strftime('%s','now'))");
	if (strcmp(fts, "trigger") == 0) {
		snprintf(sql, sizeof(sql),
		    "CREATE TEMP TRIGGER spike_fts AFTER INSERT ON "
		    "main.processes BEGIN INSERT INTO %s(rowid, body, "
		    "internal, "
		    "who, place, num, scope) SELECT id, body, internal, who, "
		    "place, num, scope FROM process_search_doc WHERE id = "
		    "NEW.id; END",
		    table);
		exec(h, sql);
	} else if (strcmp(fts, "explicit") == 0 || update) {
		snprintf(sql, sizeof(sql),
		    "INSERT INTO %s(rowid, body, internal, who, place, num, "
		    "scope) SELECT id, body, internal, who, place, num, scope "
		    "FROM process_search_doc WHERE id = ?",
		    table);
		doc = prep(h, sql);
		snprintf(
		    sql, sizeof(sql), "DELETE FROM %s WHERE rowid = ?", table);
		del = prep(h, sql);
	}
	memset(body, 'x', 600);
	body[600] = '\0';
	cnt = scalar(h, "SELECT max(id) FROM processes");
	t0 = now_ms();
	for (i = 0; i < n; i++) {
		if (i % batch == 0)
			exec(h, "BEGIN");
		if (update) {
			/* re-index an existing Vorgang, as a reassignment
			 * would: delete (reads the old document) and insert */
			pid = 1 + (int64_t)(next_rand(&seed) % (uint64_t)cnt);
			sqlite3_bind_int64(del, 1, pid);
			if (sqlite3_step(del) != SQLITE_DONE)
				die(h, "delete");
			sqlite3_reset(del);
			sqlite3_bind_int64(doc, 1, pid);
			if (sqlite3_step(doc) != SQLITE_DONE)
				die(h, "doc");
			sqlite3_reset(doc);
			goto next;
		}
		k = (int)(next_rand(&seed) % (uint64_t)n_t);
		na = next_rand(&seed) % 100 < 78 ? 2 : 1;
		if (sqlite3_step(counter) != SQLITE_DONE)
			die(h, "counter");
		sqlite3_reset(counter);
		sqlite3_step(last);
		snprintf(number, sizeof(number), "V-2026-%05lld",
		    (long long)sqlite3_column_int64(last, 0));
		sqlite3_reset(last);
		sqlite3_bind_text(proc, 1, number, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(proc, 2, tp[k]);
		if (tun[k])
			sqlite3_bind_int64(proc, 3, tun[k]);
		else
			sqlite3_bind_null(proc, 3);
		sqlite3_bind_int64(proc, 4, tu[k]);
		if (sqlite3_step(proc) != SQLITE_DONE)
			die(h, "process");
		sqlite3_reset(proc);
		pid = sqlite3_last_insert_rowid(h);
		for (int j = 0; j < 1 + na; j++) {
			sqlite3_bind_int64(hist, 1, pid);
			sqlite3_bind_int(hist, 2, j + 1);
			if (sqlite3_step(hist) != SQLITE_DONE)
				die(h, "history");
			sqlite3_reset(hist);
		}
		sqlite3_bind_int64(unr, 1, pid);
		sqlite3_step(unr);
		sqlite3_reset(unr);
		for (int j = 0; j < na; j++) {
			sqlite3_bind_int64(asg, 1, pid);
			sqlite3_bind_int64(
			    asg, 2, emps[(next_rand(&seed) % (uint64_t)n_e)]);
			sqlite3_step(asg);
			sqlite3_reset(asg);
		}
		for (int j = 0; j <= na; j++) {
			snprintf(mid, sizeof(mid), "<%lld.%d@spike>",
			    (long long)pid, j);
			sqlite3_bind_text(mail, 1, body, -1, SQLITE_STATIC);
			sqlite3_bind_text(mail, 2, mid, -1, SQLITE_TRANSIENT);
			sqlite3_bind_int64(mail, 3, pid);
			if (sqlite3_step(mail) != SQLITE_DONE)
				die(h, "mail");
			sqlite3_reset(mail);
		}
		if (doc != NULL) {
			sqlite3_bind_int64(doc, 1, pid);
			if (sqlite3_step(doc) != SQLITE_DONE)
				die(h, "doc");
			sqlite3_reset(doc);
		}
	next:
		if (i % batch == batch - 1 || i == n - 1)
			exec(h, "COMMIT");
	}
	secs = (now_ms() - t0) / 1e3;
	printf("create fts=%s %ld in %.2f s: %.0f/s, %.1f us each (%ld per "
	       "commit)\n",
	    fts, n, secs, (double)n / secs, secs * 1e6 / (double)n, batch);
	sqlite3_close(h);
	return 0;
}

/* ---- count ------------------------------------------------------------------
 */

static void
timed_count(sqlite3 *h, const char *what, const char *sql)
{
	double t0 = now_ms();
	int64_t v = scalar(h, sql);

	printf("  %-58s %8lld  %9.2f ms\n", what, (long long)v, now_ms() - t0);
}

static int
cmd_count(const char *db, const char *table)
{
	sqlite3 *h = open_db(db);
	char sql[1024];

#define OPEN "p.status IN ('open','in_progress','waiting')"
#define CAP(inner) "SELECT count(*) FROM (" inner " LIMIT 10001)"
	for (int rep = 0; rep < 2; rep++) {
		printf("count, run %d\n", rep + 1);
		timed_count(h, "admin, all: exact",
		    "SELECT count(*) FROM processes p WHERE p.org_id = 1");
		timed_count(h, "admin, all: capped at 10,001",
		    CAP("SELECT 1 FROM processes p WHERE p.org_id = 1 ORDER BY "
			"p.id DESC"));
		timed_count(h, "admin, open: exact",
		    "SELECT count(*) FROM processes p WHERE p.org_id = 1 "
		    "AND " OPEN);
		timed_count(h, "admin, open: capped",
		    CAP("SELECT 1 FROM processes p WHERE p.org_id = 1 AND " OPEN
			" ORDER BY p.id DESC"));
		timed_count(h, "admin, waiting + type 40: exact",
		    "SELECT count(*) FROM processes p WHERE p.org_id = 1 AND "
		    "p.status = 'waiting' AND p.type_id = 40");
		timed_count(h, "admin, waiting + type 40: capped",
		    CAP("SELECT 1 FROM processes p WHERE p.org_id = 1 AND "
			"p.status = 'waiting' AND p.type_id = 40 ORDER BY "
			"p.id DESC"));
		timed_count(h, "admin, property 77: exact",
		    "SELECT count(*) FROM processes p WHERE p.property_id = "
		    "77");
		timed_count(h, "Herr Stein (6), assigned, open: exact",
		    "SELECT count(*) FROM process_assignees x WHERE "
		    "x.employee_id = 6 AND x.status IN ('open','in_progress',"
		    "'waiting')");
		timed_count(h, "Herr Stein (6), assigned, all: exact",
		    "SELECT count(*) FROM process_assignees x WHERE "
		    "x.employee_id = 6");
		timed_count(h, "Herr Stein (6), all visible: exact",
		    "SELECT count(*) FROM processes p WHERE p.org_id = 1 AND "
		    "(p.created_by = 6 OR EXISTS (SELECT 1 FROM "
		    "process_assignees a WHERE a.process_id = p.id AND "
		    "a.employee_id = 6) OR EXISTS (SELECT 1 FROM staff s WHERE "
		    "s.property_id = p.property_id AND s.employee_id = 6))");
		timed_count(h, "Herr Stein (6), all visible: by his properties",
		    "SELECT count(*) FROM processes p WHERE p.property_id IN "
		    "(SELECT property_id FROM staff WHERE employee_id = 6)");
		timed_count(h, "Herr Stein (6), all visible: capped",
		    CAP("SELECT 1 FROM processes p WHERE p.org_id = 1 AND "
			"(p.created_by = 6 OR EXISTS (SELECT 1 FROM "
			"process_assignees a WHERE a.process_id = p.id AND "
			"a.employee_id = 6) OR EXISTS (SELECT 1 FROM staff s "
			"WHERE s.property_id = p.property_id AND "
			"s.employee_id = 6)) ORDER BY p.id DESC"));
		snprintf(sql, sizeof(sql),
		    "SELECT count(*) FROM %s WHERE %s MATCH "
		    "'{body internal who place num} : \"heizung\"*'",
		    table, table);
		timed_count(h, "search 'Heizung', admin: exact", sql);
		snprintf(sql, sizeof(sql),
		    "SELECT count(*) FROM (SELECT 1 FROM %s WHERE %s MATCH "
		    "'{body internal who place num} : \"heizung\"*' ORDER BY "
		    "rowid DESC LIMIT 10001)",
		    table, table);
		timed_count(h, "search 'Heizung', admin: capped", sql);
		snprintf(sql, sizeof(sql),
		    "SELECT count(*) FROM %s WHERE %s MATCH "
		    "'{body internal who place num} : \"muller\"*'",
		    table, table);
		timed_count(h, "search 'Müller', admin: exact", sql);
		snprintf(sql, sizeof(sql),
		    "SELECT count(*) FROM %s WHERE %s MATCH "
		    "'{body internal who place num} : \"bitte\"*'",
		    table, table);
		timed_count(h, "search 'bitte', admin: exact", sql);
		snprintf(sql, sizeof(sql),
		    "SELECT count(*) FROM (SELECT 1 FROM %s WHERE %s MATCH "
		    "'{body internal who place num} : \"bitte\"*' ORDER BY "
		    "rowid DESC LIMIT 10001)",
		    table, table);
		timed_count(h, "search 'bitte', admin: capped", sql);
	}
	/* The estimate above the cap: the share of the walked range that
	 * matched, times the whole range. */
	{
		int64_t lo =
		    scalar(h, "SELECT min(id) FROM (SELECT p.id FROM "
			      "processes p WHERE p.org_id = 1 AND " OPEN
			      " ORDER BY p.id DESC LIMIT 10001)");
		int64_t hi = scalar(h, "SELECT max(id) FROM processes");
		int64_t all = scalar(
		    h, "SELECT count(*) FROM processes WHERE org_id = 1");
		int64_t exact = scalar(h, "SELECT count(*) FROM processes p "
					  "WHERE p.org_id = 1 AND " OPEN);

		printf("estimate admin/open: 10,001 matches in ids %lld..%lld "
		       "→ %.0f (exact %lld)\n",
		    (long long)lo, (long long)hi,
		    10001.0 * (double)all / (double)(hi - lo + 1),
		    (long long)exact);
	}
	sqlite3_close(h);
	return 0;
}

/* ---- like: today's search ----------------------------------------------- */

static int
cmd_like(const char *db)
{
	sqlite3 *h = open_db(db);
	static const char *const qs[] = {"%Yilmaz%", "%Heizung%", "%Xylophon%"};

	for (size_t i = 0; i < 3; i++) {
		sqlite3_stmt *st = prep(h,
		    "SELECT p.id FROM processes p WHERE p.org_id = 1 AND "
		    "(p.number = ?2 COLLATE NOCASE OR p.subject LIKE ?1 ESCAPE "
		    "'\\' OR p.description LIKE ?1 ESCAPE '\\') ORDER BY p.id "
		    "DESC LIMIT 51");
		double t0 = now_ms();
		int n = 0;

		sqlite3_bind_text(st, 1, qs[i], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, qs[i], -1, SQLITE_STATIC);
		while (sqlite3_step(st) == SQLITE_ROW)
			n++;
		printf(
		    "like %-12s %2d rows %9.1f ms\n", qs[i], n, now_ms() - t0);
		sqlite3_finalize(st);
	}
	sqlite3_close(h);
	return 0;
}

/* ---- verify: a delete through the view removes exactly the indexed words */

static int
cmd_verify(const char *db, const char *table)
{
	sqlite3 *h = open_db(db);
	char sql[512];
	int64_t before, after;

	exec(h, "BEGIN");
	snprintf(sql, sizeof(sql),
	    "SELECT count(*) FROM %s WHERE %s MATCH 'num : \"2021\" AND "
	    "num : \"12345\" AND {body who place} : \"betroffen\"' AND "
	    "rowid = 12345",
	    table, table);
	before = scalar(h, sql);
	snprintf(sql, sizeof(sql), "DELETE FROM %s WHERE rowid = 12345", table);
	exec(h, sql);
	snprintf(sql, sizeof(sql),
	    "SELECT count(*) FROM %s WHERE %s MATCH 'num : \"2021\" AND "
	    "num : \"12345\"' AND rowid = 12345",
	    table, table);
	after = scalar(h, sql);
	exec(h, "ROLLBACK");
	printf("verify: found before the delete %lld, after %lld\n",
	    (long long)before, (long long)after);
	sqlite3_close(h);
	return before == 1 && after == 0 ? 0 : 1;
}

/* ---- main -------------------------------------------------------------------
 */

static const char *
opt(int argc, char **argv, const char *name, const char *def)
{
	for (int i = 2; i + 1 < argc; i++)
		if (strcmp(argv[i], name) == 0)
			return argv[i + 1];
	return def;
}

static bool
flag(int argc, char **argv, const char *name)
{
	for (int i = 2; i < argc; i++)
		if (strcmp(argv[i], name) == 0)
			return true;
	return false;
}

int
main(int argc, char **argv)
{
	const char *db, *table;

	if (argc < 2) {
		fprintf(stderr, "usage: spike fold-test|build|query|render|"
				"create|count|like ...\n");
		return 2;
	}
	if (strcmp(argv[1], "fold-test") == 0)
		return cmd_fold_test();
	db = opt(argc, argv, "--db", NULL);
	table = opt(argc, argv, "--table", "process_search");
	if (db == NULL) {
		fprintf(stderr, "spike: --db is required\n");
		return 2;
	}
	if (strcmp(argv[1], "build") == 0)
		return cmd_build(db, table, opt(argc, argv, "--detail", "full"),
		    opt(argc, argv, "--prefix", ""),
		    opt(argc, argv, "--content", "own"));
	if (strcmp(argv[1], "query") == 0)
		return cmd_query(db, table,
		    (int)strtol(opt(argc, argv, "--reps", "20"), NULL, 10),
		    opt(argc, argv, "--viewer", "admin"),
		    opt(argc, argv, "--mode", "fts"),
		    flag(argc, argv, "--org-token"),
		    opt(argc, argv, "--mix", NULL), flag(argc, argv, "-v"),
		    (int)strtol(opt(argc, argv, "--expand", "0"), NULL, 10),
		    (size_t)strtol(
			opt(argc, argv, "--min-expand", "0"), NULL, 10));
	if (strcmp(argv[1], "render") == 0)
		return cmd_render(db, table,
		    (int)strtol(opt(argc, argv, "--expand", "0"), NULL, 10));
	if (strcmp(argv[1], "walk") == 0)
		return cmd_walk(db, table,
		    (int)strtol(opt(argc, argv, "--reps", "20"), NULL, 10),
		    strtoll(opt(argc, argv, "--viewer", "6"), NULL, 10),
		    (int)strtol(opt(argc, argv, "--expand", "64"), NULL, 10));
	if (strcmp(argv[1], "verify") == 0)
		return cmd_verify(db, table);
	if (strcmp(argv[1], "vocab") == 0)
		return cmd_vocab(db, table);
	if (strcmp(argv[1], "create") == 0)
		return cmd_create(db, table,
		    strtol(opt(argc, argv, "--n", "10000"), NULL, 10),
		    strtol(opt(argc, argv, "--batch", "32"), NULL, 10),
		    opt(argc, argv, "--fts", "none"));
	if (strcmp(argv[1], "count") == 0)
		return cmd_count(db, table);
	if (strcmp(argv[1], "like") == 0)
		return cmd_like(db);
	fprintf(stderr, "spike: unknown command %s\n", argv[1]);
	return 2;
}
