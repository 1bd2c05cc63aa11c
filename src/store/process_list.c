/* SPDX-License-Identifier: MIT */
/* Lists of Vorgänge: which a viewer may see, and their items. */
#include "core/event.h"
#include "store/process_rows.h"
#include "store/search.h"
#include "util/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Where the items of a page are, in the order they are written. */
struct page {
	const int64_t *ids;
	int n;
	size_t (*at)[2]; /* offset and length in the arena; length 0: none */
	struct hd_buf arena;
	bool cached;	 /* offer what is read to the answer cache */
	uint64_t ticket; /* under this ticket */
	int lang;	 /* of the answer (hd_jw.lang) */
};

/* The index of pid in the page (ids run newest first), or -1. */
static int
page_index(const struct page *pg, int64_t pid, int *from)
{
	while (*from < pg->n && pg->ids[*from] > pid)
		(*from)++;
	if (*from < pg->n && pg->ids[*from] == pid)
		return *from;
	for (int i = 0; i < pg->n; i++)
		if (pg->ids[i] == pid)
			return i;
	return -1;
}

/*
 * A chunk of up to CHUNK ids bound as parameters ?1..?50 (0 binds NULL,
 * which matches nothing): SQL both databases run, where SQLite's
 * json_each or PostgreSQL's arrays would each be their own (a recursive
 * CTE splitting one text parameter was portable too, but took 40 % more
 * instructions for a queue page: SQLite's substr counts characters from
 * the start). A page of up to 500 takes 10 chunks; the default, 50, one.
 */
#define CHUNK 50
#define Q5 "?,?,?,?,?"
#define Q10 Q5 "," Q5
#define Q50 Q10 "," Q10 "," Q10 "," Q10 "," Q10
#define I10 "IIIIIIIIII"
#define I50 I10 I10 I10 I10 I10
#define A10(v, k)                                                              \
	v[k], v[k + 1], v[k + 2], v[k + 3], v[k + 4], v[k + 5], v[k + 6],      \
	    v[k + 7], v[k + 8], v[k + 9]
#define A50(v) A10(v, 0), A10(v, 10), A10(v, 20), A10(v, 30), A10(v, 40)

/*
 * Writes the Vorgänge ids[0..CHUNK) (0 for none; newest first) into the
 * page's arena, with their assignees, and offers them to the answer
 * cache (employees only): two queries for all of them, stepped side by
 * side (both run newest first), instead of two per Vorgang. A Vorgang of
 * another organisation is left out.
 */
static enum hd_status
fetch_chunk(struct db_conn *c, const struct viewer *v, struct page *pg,
    const int64_t *ids, int *from)
{
	struct db_stmt *st, *as;
	size_t start, split;
	enum hd_status s, s2;
	bool arow;
	int64_t pid;
	int i;
	struct vc_meta meta;
	struct hd_jw w;

	st = db_prepare(c, PROCESS_COLS "WHERE p.id IN (" Q50 ") AND "
					"p.org_id = ?51 ORDER BY p.id DESC");
	as = db_prepare(c, ASSIGNEE_COLS "WHERE a.process_id IN (" Q50 ") "
					 "ORDER BY a.process_id DESC, u.name, "
					 "u.id");
	db_bind(st, I50 "i", A50(ids), v->org_id);
	db_bind(as, I50, A50(ids));
	arow = db_step(as);
	hd_jw_init(&w, &pg->arena);
	while (w.st == HD_OK && db_step(st)) {
		pid = db_col_i64(st, 0);
		hd_jw_init(&w, &pg->arena);
		w.lang = pg->lang;
		start = pg->arena.len;
		hd_jw_obj(&w, NULL);
		process_fields(&w, st);
		process_meta(st, &meta);
		hd_jw_arr(&w, "assignees");
		/* Skip rows of a Vorgang newer than this one (none expected),
		 * then write this one's. */
		while (arow && db_col_i64(as, 0) > pid)
			arow = db_step(as);
		while (arow && db_col_i64(as, 0) == pid) {
			assignee_row(&w, as, v);
			vc_meta_assignee(&meta, db_col_i64(as, 1));
			arow = db_step(as);
		}
		hd_jw_arr_end(&w);
		split = pg->arena.len - start;
		hd_jw_obj_end(&w);
		if (w.st != HD_OK)
			break;
		if ((i = page_index(pg, pid, from)) >= 0) {
			pg->at[i][0] = start;
			pg->at[i][1] = pg->arena.len - start;
		}
		if (pg->cached)
			vcache_put(pid, pg->ticket, &meta,
			    pg->arena.data + start, pg->arena.len - start,
			    split, false);
	}
	s = db_end(st);
	s2 = db_end(as);
	if (s != HD_OK)
		return s;
	return s2 != HD_OK ? s2 : w.st;
}

/* fetch_chunk for the Vorgänge miss[0..k), CHUNK at a time (newest
 * first, as they are). */
static enum hd_status
fetch_rows(struct db_conn *c, const struct viewer *v, struct page *pg,
    const int64_t *miss, int k)
{
	enum hd_status s = HD_OK;
	int64_t ids[CHUNK];
	int from = 0;

	for (int i = 0; i < k && s == HD_OK; i += CHUNK) {
		int n = k - i < CHUNK ? k - i : CHUNK;

		memset(ids, 0, sizeof(ids));
		memcpy(ids, miss + i, (size_t)n * sizeof(*ids));
		s = fetch_chunk(c, v, pg, ids, &from);
	}
	return s;
}

/* Writes ids[0..n) with their assignees, the cached ones from the cache
 * (when pg.cached), the others from the database: gathered in an arena
 * first, so that they are written in order. */
static enum hd_status
gather_rows(struct db_conn *c, const struct viewer *v, const int64_t *ids,
    int n, struct hd_jw *w)
{
	struct page pg = {.ids = ids,
	    .n = n,
	    .cached =
		v->kind != VIEW_CONTACT && w->lang == HD_LANG_DE && vcache_on(),
	    .ticket = db_read_ticket(c),
	    .lang = w->lang};
	int64_t *miss;
	struct vc_meta m;
	enum hd_status s = HD_ENOMEM;
	size_t at;
	int k = 0;

	pg.at = calloc((size_t)n, sizeof(*pg.at));
	miss = malloc((size_t)n * sizeof(*miss));
	if (pg.at == NULL || miss == NULL)
		goto out;
	hd_buf_init(&pg.arena, w->b->max);
	hd_buf_reserve(&pg.arena, (size_t)n * 1024); /* a list item ~1 KB */
	for (int i = 0; i < n; i++) {
		at = pg.arena.len;
		if (pg.cached && vcache_get(ids[i], false, &m, &pg.arena) &&
		    m.org_id == v->org_id) {
			pg.at[i][0] = at;
			pg.at[i][1] = pg.arena.len - at;
			continue;
		}
		hd_buf_truncate(&pg.arena, at);
		miss[k++] = ids[i];
	}
	if (pg.cached)
		vcache_count((unsigned)(n - k), (unsigned)k);
	s = k > 0 ? fetch_rows(c, v, &pg, miss, k) : HD_OK;
	hd_buf_reserve(w->b, pg.arena.len + 64);
	for (int i = 0; s == HD_OK && i < n; i++)
		if (pg.at[i][1] > 0)
			hd_jw_raw(w, pg.arena.data + pg.at[i][0], pg.at[i][1]);
	hd_buf_cleanup(&pg.arena);
out:
	free(pg.at);
	free(miss);
	return s != HD_OK ? s : w->st;
}

struct cached_item {
	int64_t id;
	int64_t org_id;
};

/* hd_jw_raw_from: the list item of a Vorgang of the organisation from
 * the answer cache. */
static bool
cached_item(void *arg, struct hd_buf *b)
{
	const struct cached_item *it = arg;
	size_t at = b->len;
	struct vc_meta m;

	if (vcache_get(it->id, false, &m, b) && m.org_id == it->org_id)
		return true;
	hd_buf_truncate(b, at);
	return false;
}

/*
 * Writes the Vorgänge ids[0..n) (newest first, already checked visible)
 * with their assignees: those the answer cache holds (employees only)
 * from it, the others from the database. Cached items up to the first
 * that is not go straight into the answer; the rest are gathered.
 */
static enum hd_status
bulk_rows(struct db_conn *c, const struct viewer *v, const int64_t *ids, int n,
    struct hd_jw *w)
{
	struct cached_item it = {0, v->org_id};
	int first = 0;

	if (v->kind != VIEW_CONTACT && w->lang == HD_LANG_DE && vcache_on()) {
		hd_buf_reserve(w->b, (size_t)n * 1024); /* a list item ~1 KB */
		vcache_prefetch(ids, n);
		for (; first < n; first++) {
			it.id = ids[first];
			if (!hd_jw_raw_from(w, cached_item, &it))
				break;
		}
		vcache_count((unsigned)first, 0);
		if (first == n || w->st != HD_OK)
			return w->st;
	}
	return gather_rows(c, v, ids + first, n - first, w);
}

/*
 * The list queries. Parameters, the same for all: ?1 org, ?2 viewer kind,
 * ?3 viewer, ?4 cursor (the last id of the page before; 0: none), ?5..?9
 * statuses (NULL for an unused slot; ?5 NULL: any), ?10 assignee, ?11
 * property, ?12 type, ?13 unrouted, ?14 the LIKE pattern of q's first
 * word and ?19..?21 of its next (store_search_patterns: folded as
 * process_search is, so both sides are lower case; NULL: none), ?15 q
 * itself for an exact number, ?16 unit, ?17 created from, ?18
 * created before, ?22 bits: 1 overdue only, 2 unanswered only, ?23
 * limit (the last, so that every query names it and db_bind's count fits;
 * only LB_SEARCH's name ?24, its MATCH, after it).
 */
/* Word ?n of a search in the Vorgang's text (and, for staff, its internal
 * comments). */
#define SEARCH_WORD(n)                                                         \
	"(?" n " IS NULL OR s.doc LIKE ?" n                                    \
	" ESCAPE '\\' OR (?2 <> " VIEW_SQL_CONTACT " AND s.internal LIKE ?" n  \
	" ESCAPE '\\'))"
#define SEARCHED                                                                      \
	"(?14 IS NULL OR lower(p.number) = lower(?15) OR EXISTS (SELECT 1 "           \
	"FROM process_search s WHERE s.process_id = p.id AND " SEARCH_WORD(           \
	    "1"                                                                       \
	    "4") " AND " SEARCH_WORD("19") " AND " SEARCH_WORD("20") " AND"           \
								     " " SEARCH_WORD( \
									 "21") "))"
/* ?22's bits: 1 overdue only; 2 unanswered only (?sort=unanswered). */
#define FILTERS                                                                \
	" AND (?5 IS NULL OR p.status IN (?5, ?6, ?7, ?8, ?9))"                \
	" AND (?11 = 0 OR p.property_id = ?11)"                                \
	" AND (?12 = 0 OR p.type_id = ?12)"                                    \
	" AND (?13 = 0 OR p.unrouted = 1)"                                     \
	" AND " SEARCHED " AND (?16 = 0 OR p.unit_id = ?16)"                   \
	" AND (?17 = 0 OR p.created_at >= ?17)"                                \
	" AND (?18 = 0 OR p.created_at < ?18)"                                 \
	" AND ((?22 & 1) = 0 OR " OVERDUE(                                     \
	    "p") ")"                                                           \
		 " AND ((?22 & 2) = 0 OR p.awaiting_since IS NOT NULL)"

/* The activity (updated_at) of the cursor's Vorgang: pages of an order
 * by activity go on after it. */
#define CUR_ACT "(SELECT k.updated_at FROM processes k WHERE k.id = ?4)"
/* Since when the cursor's Vorgang waits for an answer: pages of the
 * order "unanswered" go on after it. */
#define CUR_AW "(SELECT k.awaiting_since FROM processes k WHERE k.id = ?4)"

/*
 * A list query in the five orders of enum process_sort: from (a FROM
 * with the first conditions), the id column that orders by received
 * (ids grow with time), and FILTERS after. Orders by activity break
 * ties by id, so that a page ends at a definite place.
 */
#define BY_ACTIVITY(from)                                                      \
	from " AND (?4 = 0 OR p.updated_at < " CUR_ACT                         \
	     " OR (p.updated_at = " CUR_ACT " AND p.id < ?4))" FILTERS         \
	     " ORDER BY p.updated_at DESC, p.id DESC LIMIT ?23",               \
	    from " AND (?4 = 0 OR p.updated_at > " CUR_ACT                     \
		 " OR (p.updated_at = " CUR_ACT " AND p.id > ?4))" FILTERS     \
		 " ORDER BY p.updated_at, p.id LIMIT ?23"
#define BY_UNANSWERED(from)                                                    \
	from " AND p.awaiting_since IS NOT NULL AND (?4 = 0 OR "               \
	     "p.awaiting_since > " CUR_AW " OR (p.awaiting_since = " CUR_AW    \
	     " AND p.id > ?4))" FILTERS                                        \
	     " ORDER BY p.awaiting_since, p.id LIMIT ?23"
#define SORTED(from, id)                                                       \
	{                                                                      \
		from " AND (?4 = 0 OR " id " < ?4)" FILTERS " ORDER BY " id    \
		     " DESC LIMIT ?23",                                        \
		    from " AND (?4 = 0 OR " id " > ?4)" FILTERS                \
			 " ORDER BY " id " LIMIT ?23",                         \
		    BY_ACTIVITY(from), BY_UNANSWERED(from)                     \
	}

/* The ways in to a list, from the index that narrows most. */
enum list_base {
	LB_ASSIGNED_STATUS, /* an assignee and statuses */
	LB_ASSIGNED,	    /* an assignee */
	LB_CONTACT,	    /* a tenant's own */
	LB_PROPERTY,	    /* a property's */
	LB_UNROUTED,	    /* the unrouted ones */
	LB_ALL,		    /* the organisation's */
	LB_SEARCH,	    /* the organisation's, with q (SQLite: FTS5) */
	LB_N
};

/*
 * A queue starts from the assignments (status kept beside them; CROSS
 * JOIN keeps SQLite from reordering, its join condition in WHERE because
 * PostgreSQL allows no ON with it), a tenant's list from the reporter,
 * everything else from the organisation's Vorgänge.
 *
 * A property's Vorgänge and the unrouted ones from their own index:
 * walking the organisation's newest first to find 50 of a property's few
 * among a million took ~100 ms. FILTERS' "?11 = 0 OR" keeps the planner
 * from choosing it by itself; a plain "p.property_id = ?11" (and
 * "p.unrouted = 1" beside the organisation) makes SQLite choose it with
 * and without ANALYZE's figures (EXPLAIN QUERY PLAN), as PostgreSQL does
 * by its own.
 */
#define FROM_ASSIGNED                                                          \
	"SELECT p.id FROM process_assignees x CROSS JOIN processes p WHERE "   \
	"p.id = x.process_id AND x.employee_id = ?10 AND " VISIBLE("p")
/*
 * A search over the organisation's Vorgänge on SQLite: the FTS5 trigram
 * index (migration 016) gives the candidates newest first (?24, the
 * MATCH of store_search_match), each checked by FILTERS' LIKE on
 * process_search (the MATCH is a superset: trigrams, not words) and by
 * the visibility rule. PostgreSQL answers the same LIKE of LB_ALL from
 * its pg_trgm indexes.
 */
#define FROM_SEARCH                                                            \
	"SELECT p.id FROM process_fts f CROSS JOIN processes p WHERE "         \
	"f.process_fts MATCH ?24 AND p.id = -f.rowid AND " VISIBLE(            \
	    "p") " AND ?10 = 0"
/* The index's row ids are the Vorgänge's negated (migration 016): newest
 * first is its order upwards, which FTS5 walks lazily (downwards it reads
 * a term's whole list first). */
#define SEARCH_SORTED                                                          \
	{                                                                      \
		FROM_SEARCH " AND (?4 = 0 OR f.rowid > -?4)" FILTERS           \
			    " ORDER BY f.rowid LIMIT ?23",                     \
		    FROM_SEARCH " AND (?4 = 0 OR f.rowid < -?4)" FILTERS       \
				" ORDER BY f.rowid DESC LIMIT ?23",            \
		    BY_ACTIVITY(FROM_SEARCH), BY_UNANSWERED(FROM_SEARCH)       \
	}
/* The ways in: the SELECT of the ids, and the column that is the id. */
#define LIST_BASES(X)                                                          \
	X(LB_ASSIGNED_STATUS,                                                  \
	    FROM_ASSIGNED " AND x.status IN (?5, ?6, ?7, ?8, ?9)",             \
	    "x.process_id")                                                    \
	X(LB_ASSIGNED, FROM_ASSIGNED, "x.process_id")                          \
	X(LB_CONTACT,                                                          \
	    "SELECT p.id FROM processes p WHERE "                              \
	    "p.reporter_id = ?3 AND p.org_id = ?1 AND ?2 = " VIEW_SQL_CONTACT  \
	    " AND ?10 = 0",                                                    \
	    "p.id")                                                            \
	X(LB_PROPERTY,                                                         \
	    "SELECT p.id FROM processes p WHERE "                              \
	    "p.property_id = ?11 AND " VISIBLE("p") " AND ?10 = 0",            \
	    "p.id")                                                            \
	X(LB_UNROUTED,                                                         \
	    "SELECT p.id FROM processes p WHERE "                              \
	    "p.unrouted = 1 AND " VISIBLE("p") " AND ?10 = 0",                 \
	    "p.id")                                                            \
	X(LB_ALL,                                                              \
	    "SELECT p.id FROM processes p WHERE " VISIBLE("p") " AND ?10 = 0", \
	    "p.id")
#define AS_SORTED(lb, from, id) [lb] = SORTED(from, id),
static const char *const list_sqls[LB_N][PSORT_N] = {
    LIST_BASES(AS_SORTED)[LB_SEARCH] = SEARCH_SORTED};

/* The same lists, counted (in the order by received, whichever the
 * list's: a count needs no order). */
#define COUNTED(from, id)                                                      \
	"SELECT count(*) FROM (" from " AND (?4 = 0 OR " id " < ?4)" FILTERS   \
	" LIMIT ?23) t"
#define AS_COUNTED(lb, from, id) [lb] = COUNTED(from, id),
static const char *const count_sqls[LB_N] = {
    LIST_BASES(AS_COUNTED)[LB_SEARCH] = COUNTED(FROM_SEARCH, "p.id")};

/* One's own queue in the order by received: the assignment index alone
 * (being assigned makes a Vorgang visible (product.md), assignments are
 * made only within the organisation, and bulk_rows checks the
 * organisation again on every row it writes). */
#define OWN_FROM                                                               \
	"SELECT x.process_id FROM process_assignees x WHERE "                  \
	"x.employee_id = ?10 AND x.status IN (?5, ?6, ?7, ?8, ?9) AND "        \
	"?22 = 0 AND (?4 = 0 OR x.process_id "
static const char *const own_sqls[2] = {
    OWN_FROM "< ?4) ORDER BY x.process_id DESC LIMIT ?23",
    OWN_FROM "> ?4) ORDER BY x.process_id LIMIT ?23",
};
static const char *const own_count_sql =
    "SELECT count(*) FROM (" OWN_FROM "< ?4) LIMIT ?23) t";
/* All of one's assignments, whatever their status (the parameters' slots
 * are named so that db_bind's count fits). */
static const char *const own_count_all_sql =
    "SELECT count(*) FROM (SELECT x.process_id FROM process_assignees x "
    "WHERE x.employee_id = ?10 AND (?4 = 0 OR x.process_id < ?4) AND "
    "(?5 IS NULL OR ?6 IS NULL OR ?7 IS NULL OR ?8 IS NULL OR ?9 IS NULL) "
    "AND ?22 = 0 LIMIT ?23) t";

/* Whether f asks for an employee's own assignments (assignee=me) and
 * nothing else, whatever the statuses and order. */
static bool
own_only(const struct viewer *v, const struct process_filter *f)
{
	return f->assignee == v->user_id && v->kind != VIEW_CONTACT &&
	       f->property_id == 0 && f->type_id == 0 && f->unit_id == 0 &&
	       f->created_from == 0 && f->created_to == 0 && !f->unrouted &&
	       !f->overdue && f->sort != PSORT_UNANSWERED && f->q == NULL;
}

/* Whether f asks for an employee's own queue: assignee=me and statuses,
 * ordered by received, nothing else. */
static bool
own_queue(const struct viewer *v, const struct process_filter *f)
{
	return own_only(v, f) && f->statuses != 0 &&
	       (f->sort == PSORT_NEWEST || f->sort == PSORT_OLDEST);
}

static enum list_base
list_base(const struct viewer *v, const struct process_filter *f, bool fts)
{
	if (f->assignee != 0 && f->statuses != 0)
		return LB_ASSIGNED_STATUS;
	if (f->assignee != 0)
		return LB_ASSIGNED;
	if (v->kind == VIEW_CONTACT)
		return LB_CONTACT;
	if (f->property_id != 0)
		return LB_PROPERTY;
	if (f->unrouted)
		return LB_UNROUTED;
	return fts ? LB_SEARCH : LB_ALL;
}

static const char *
list_sql(const struct viewer *v, const struct process_filter *f, bool fts)
{
	if (own_queue(v, f))
		return own_sqls[f->sort == PSORT_OLDEST];
	return list_sqls[list_base(v, f, fts)][f->sort];
}

/* The key of f's statuses for the answer cache's pages (vcache_page):
 * the status name when one, else the set as a number. */
static void
status_key(const struct process_filter *f, char *buf, size_t n)
{
	int one = -1, k = 0;

	for (int i = HD_PS_OPEN; i <= HD_PS_CLOSED; i++)
		if (f->statuses & PSTATUS_BIT(i)) {
			one = i;
			k++;
		}
	if (k == 1)
		snprintf(buf, n, "%s", hd_pstatus_name((enum hd_pstatus)one));
	else
		snprintf(buf, n, "#%u", f->statuses);
}

/* The statuses of f as five parameters (NULL for the rest). */
static void
status_params(const struct process_filter *f, const char *out[5])
{
	int k = 0;

	for (int i = 0; i < 5; i++)
		out[i] = NULL;
	for (int i = HD_PS_OPEN; i <= HD_PS_CLOSED && k < 5; i++)
		if (f->statuses & PSTATUS_BIT(i))
			out[k++] = hd_pstatus_name((enum hd_pstatus)i);
}

/* q's word patterns and FTS5 MATCH, for list_bind. */
struct list_words {
	char pat[HD_SEARCH_MAX_WORDS][HD_SEARCH_WORD_MAX + 8];
	const char *p[HD_SEARCH_MAX_WORDS];
	char match[HD_SEARCH_MATCH_MAX];
	bool fts; /* the MATCH is used (SQLite, a word of 3 characters) */
};

/* Fills lw's MATCH for f's q on c (lw->fts: whether there is one). */
static void
list_match(
    struct db_conn *c, const struct process_filter *f, struct list_words *lw)
{
	lw->fts = f->q != NULL && db_conn_driver(c) == DB_SQLITE &&
		  store_search_match(f->q, lw->match, sizeof(lw->match)) > 0;
}

/* Prepares sql and binds f's parameters for v (see FILTERS), with the
 * given cursor and limit; lw holds q's patterns while st runs. */
static struct db_stmt *
list_bind(struct db_conn *c, const char *sql, const struct viewer *v,
    const struct process_filter *f, int64_t cursor, int64_t limit,
    struct list_words *lw)
{
	struct db_stmt *st;
	const char *ss[5];
	int n = 0;

	if (f->q != NULL)
		n = store_search_patterns(f->q, lw->pat);
	for (int i = 0; i < HD_SEARCH_MAX_WORDS; i++)
		lw->p[i] = i < n ? lw->pat[i] : NULL;
	/* A q without a word finds nothing (no text holds a control
	 * character: the index splits words at them). */
	if (f->q != NULL && n == 0)
		lw->p[0] = "%\x01%";
	status_params(f, ss);
	st = db_prepare(c, sql);
	/* Only the search's queries name ?24 (an argument beyond the
	 * format is not read). */
	db_bind(st,
	    strstr(sql, "?24") != NULL ? "iiiittttti"
					 "iibtt"
					 "iii"
					 "ttt"
					 "iit"
				       : "iiiittttti"
					 "iibtt"
					 "iii"
					 "ttt"
					 "ii",
	    v->org_id, (int64_t)v->kind, v->user_id, cursor, ss[0], ss[1],
	    ss[2], ss[3], ss[4], f->assignee, f->property_id, f->type_id,
	    (int)f->unrouted, lw->p[0], f->q, f->unit_id, f->created_from,
	    f->created_to, lw->p[1], lw->p[2], lw->p[3],
	    (int64_t)((f->overdue ? 1 : 0) |
		      (f->sort == PSORT_UNANSWERED ? 2 : 0)),
	    limit, lw->match);
	return st;
}

enum hd_status
store_process_queue_page(const struct viewer *v, const struct process_filter *f,
    int64_t cursor, int limit, struct store_queue_page *out)
{
	char key[16];

	memset(out, 0, sizeof(*out));
	if (cursor != 0 || !own_queue(v, f) || f->sort != PSORT_NEWEST ||
	    !vcache_on())
		return HD_ENOTFOUND;
	status_key(f, key, sizeof(key));
	out->json = vcache_page_share(
	    v->user_id, v->org_id, key, limit, &out->len, &out->lease);
	return out->json != NULL ? HD_OK : HD_ENOTFOUND;
}

void
store_process_queue_page_release(void *lease)
{
	vcache_page_release(lease);
}

enum hd_status
store_process_list_write(struct db_conn *c, const struct viewer *v,
    const struct process_filter *f, int64_t cursor, int limit, struct hd_jw *w)
{
	struct list_words lw;
	char key[16];
	struct db_stmt *st;
	int64_t ids[501];
	int n = 0;
	enum hd_status s;
	/* The first page of one's own queue is kept whole (vcache.h). */
	bool page = cursor == 0 && own_queue(v, f) && f->sort == PSORT_NEWEST &&
		    vcache_on();
	uint64_t ticket = db_read_ticket(c);
	size_t start = w->b->len;

	list_match(c, f, &lw);
	st = list_bind(
	    c, list_sql(v, f, lw.fts), v, f, cursor, (int64_t)limit + 1, &lw);
	while (n <= limit && db_step(st))
		ids[n++] = db_col_i64(st, 0);
	if ((s = db_end(st)) != HD_OK)
		return s;
	hd_jw_obj(w, NULL);
	hd_jw_arr(w, "items");
	if (n > 0)
		s = bulk_rows(c, v, ids, n > limit ? limit : n, w);
	hd_jw_arr_end(w);
	if (n > limit) {
		char cur[24];

		snprintf(cur, sizeof(cur), "%lld", (long long)ids[limit - 1]);
		hd_jw_str(w, "next", cur);
	} else {
		hd_jw_null(w, "next");
	}
	hd_jw_obj_end(w);
	status_key(f, key, sizeof(key));
	if (s == HD_OK && w->st == HD_OK && page)
		vcache_page_put(v->user_id, v->org_id, key, limit, ticket, ids,
		    n > limit ? limit : n, w->b->data + start,
		    w->b->len - start);
	return s != HD_OK ? s : w->st;
}

enum hd_status
store_process_count(struct db_conn *c, const struct viewer *v,
    const struct process_filter *f, int64_t *n, bool *more)
{
	struct list_words lw;
	const char *sql;
	struct db_stmt *st;
	enum hd_status s;

	*n = 0;
	*more = false;
	list_match(c, f, &lw);
	sql = count_sqls[list_base(v, f, lw.fts)];
	if (own_only(v, f))
		sql = f->statuses != 0 ? own_count_sql : own_count_all_sql;
	st = list_bind(c, sql, v, f, 0, PROCESS_COUNT_MAX + 1, &lw);
	if (db_step(st))
		*n = db_col_i64(st, 0);
	if ((s = db_end(st)) != HD_OK)
		return s;
	if (*n > PROCESS_COUNT_MAX) {
		*n = PROCESS_COUNT_MAX;
		*more = true;
	}
	return HD_OK;
}

enum hd_status
store_process_seen(struct db_conn *c, const struct viewer *v, int64_t id)
{
	struct db_stmt *st = db_prepare(c,
	    "INSERT INTO process_seen (employee_id, process_id, seen_at) "
	    "VALUES (?1, ?2, ?3) ON CONFLICT (employee_id, process_id) "
	    "DO UPDATE SET seen_at = excluded.seen_at");

	db_bind(st, "iii", v->user_id, id, hd_now());
	db_step(st);
	return db_end(st);
}

enum hd_status
store_process_unread_write(
    struct db_conn *c, const struct viewer *v, struct hd_jw *w)
{
	struct db_stmt *st = db_prepare(c,
	    "SELECT x.process_id FROM process_assignees x CROSS JOIN "
	    "processes p LEFT JOIN process_seen s ON s.employee_id = ?1 AND "
	    "s.process_id = x.process_id WHERE p.id = x.process_id AND "
	    "x.employee_id = ?1 AND x.status IN ('open', 'in_progress', "
	    "'waiting') AND p.org_id = ?2 AND p.updated_at > "
	    "coalesce(s.seen_at, 0) ORDER BY x.process_id DESC LIMIT ?3");
	enum hd_status s;

	db_bind(st, "iii", v->user_id, v->org_id, (int64_t)PROCESS_UNREAD_MAX);
	hd_jw_obj(w, NULL);
	hd_jw_arr(w, "ids");
	while (db_step(st))
		hd_jw_int(w, NULL, db_col_i64(st, 0));
	hd_jw_arr_end(w);
	hd_jw_obj_end(w);
	s = db_end(st);
	return s != HD_OK ? s : w->st;
}
