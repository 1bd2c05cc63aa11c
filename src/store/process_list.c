/* SPDX-License-Identifier: MIT */
/* Lists of Vorgänge: which a viewer may see, and their items. */
#include "core/event.h"
#include "store/process_rows.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Builds "%text%" for LIKE with %, _ and \ escaped by '\'. */
static void
like_pattern(const char *q, char *buf, size_t n)
{
	size_t o = 0;

	buf[o++] = '%';
	for (; *q && o + 3 < n; q++) {
		if (*q == '%' || *q == '_' || *q == '\\')
			buf[o++] = '\\';
		buf[o++] = *q;
	}
	buf[o++] = '%';
	buf[o] = '\0';
}

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

/* The filters every list query shares: ?7 property, ?8 type, ?9 unrouted,
 * ?10 LIKE pattern and ?11 number for q, both in any letter case (LIKE
 * is case-sensitive on PostgreSQL, not on SQLite: lower() on both
 * sides). */
#define FILTERS                                                                \
	" AND (?7 = 0 OR p.property_id = ?7) AND (?8 = 0 OR p.type_id = ?8)"   \
	" AND (?9 = 0 OR p.unrouted = 1) AND (?10 IS NULL OR lower(p.number)"  \
	" = lower(?11) OR lower(p.subject) LIKE lower(?10) ESCAPE '\\' OR"     \
	" lower(p.description) LIKE lower(?10) ESCAPE '\\')"                   \
	" AND (?13 = 0 OR " OVERDUE("p") ")"

/*
 * The list query for this viewer and filter, all with the same
 * parameters (?1 org, ?2 viewer kind, ?3 viewer, ?4 cursor, ?5 status,
 * ?6 assignee, ?7..?11 FILTERS, ?12 limit). Each starts from the index
 * that narrows most: a queue from the assignments (status kept beside
 * them; CROSS JOIN keeps SQLite from reordering, its join condition in
 * WHERE because PostgreSQL allows no ON with it), a tenant's list from
 * the reporter, everything else from the organisation's Vorgänge, newest
 * first.
 */
/* Whether f asks for an employee's own queue: assignee=me and a status,
 * nothing else. */
static bool
own_queue(const struct viewer *v, const struct process_filter *f)
{
	return f->assignee == v->user_id && v->kind != VIEW_CONTACT &&
	       f->status != NULL && f->property_id == 0 && f->type_id == 0 &&
	       !f->unrouted && !f->overdue && f->q == NULL;
}

static const char *
list_sql(const struct viewer *v, const struct process_filter *f)
{
	/* One's own queue is the assignment index alone: being assigned
	 * makes a Vorgang visible (product.md), assignments are made only
	 * within the organisation, and bulk_rows checks the organisation
	 * again on every row it writes. */
	if (own_queue(v, f))
		return "SELECT x.process_id FROM process_assignees x WHERE "
		       "x.employee_id = ?6 AND x.status = ?5 AND "
		       "(?4 = 0 OR x.process_id < ?4) AND ?13 = 0 "
		       "ORDER BY x.process_id DESC LIMIT ?12";
	if (f->assignee != 0 && f->status != NULL)
		return "SELECT p.id FROM process_assignees x CROSS JOIN "
		       "processes p WHERE p.id = x.process_id AND "
		       "x.employee_id = ?6 AND x.status = ?5 AND "
		       "(?4 = 0 OR x.process_id < ?4) AND " VISIBLE("p") FILTERS
		    " ORDER BY x.process_id DESC LIMIT ?12";
	if (f->assignee != 0)
		return "SELECT p.id FROM process_assignees x CROSS JOIN "
		       "processes p WHERE p.id = x.process_id AND "
		       "x.employee_id = ?6 AND (?4 = 0 OR x.process_id < ?4) "
		       "AND " VISIBLE("p") FILTERS
		    " ORDER BY x.process_id DESC LIMIT ?12";
	if (v->kind == VIEW_CONTACT)
		return "SELECT p.id FROM processes p WHERE p.reporter_id = ?3 "
		       "AND p.org_id = ?1 AND ?2 = " VIEW_SQL_CONTACT " AND "
		       "(?4 = 0 OR p.id < ?4) AND (?5 IS NULL OR "
		       "p.status = ?5) AND ?6 = 0" FILTERS
		       " ORDER BY p.id DESC LIMIT ?12";
	/* A property's Vorgänge and the unrouted ones from their own index:
	 * walking the organisation's newest first to find 50 of a
	 * property's few among a million took ~100 ms. The parameters'
	 * "?7 = 0 OR" keeps the planner from choosing it by itself; a
	 * plain "p.property_id = ?7" (and "p.unrouted = 1" beside the
	 * organisation) makes SQLite choose it with and without ANALYZE's
	 * figures (EXPLAIN QUERY PLAN), as PostgreSQL does by its own. */
	if (f->property_id != 0)
		return "SELECT p.id FROM processes p "
		       "WHERE p.property_id = ?7 "
		       "AND " VISIBLE(
			   "p") " AND (?4 = 0 OR p.id < ?4) AND (?5 IS NULL OR "
				"p.status = ?5) AND ?6 = 0" FILTERS
				" ORDER BY p.id DESC LIMIT ?12";
	if (f->unrouted)
		return "SELECT p.id FROM processes p "
		       "WHERE p.unrouted = 1 AND " VISIBLE(
			   "p") " AND (?4 = 0 OR p.id < ?4) AND (?5 IS NULL OR "
				"p.status = ?5) AND ?6 = 0" FILTERS
				" ORDER BY p.id DESC LIMIT ?12";
	return "SELECT p.id FROM processes p WHERE " VISIBLE(
	    "p") " AND (?4 = 0 OR p.id < ?4) AND (?5 IS NULL OR p.status = ?5)"
		 " AND ?6 = 0" FILTERS " ORDER BY p.id DESC LIMIT ?12";
}

enum hd_status
store_process_queue_page(const struct viewer *v, const struct process_filter *f,
    int64_t cursor, int limit, struct store_queue_page *out)
{
	memset(out, 0, sizeof(*out));
	if (cursor != 0 || !own_queue(v, f) || !vcache_on())
		return HD_ENOTFOUND;
	out->json = vcache_page_share(
	    v->user_id, v->org_id, f->status, limit, &out->len, &out->lease);
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
	char like[512];
	struct db_stmt *st;
	int64_t ids[501];
	int n = 0;
	enum hd_status s;
	/* The first page of one's own queue is kept whole (vcache.h). */
	bool page = cursor == 0 && own_queue(v, f) && w->lang == HD_LANG_DE &&
		    vcache_on();
	uint64_t ticket = db_read_ticket(c);
	size_t start = w->b->len;

	if (f->q != NULL)
		like_pattern(f->q, like, sizeof(like));
	st = db_prepare(c, list_sql(v, f));
	db_bind(st, "iiiitiiibttib", v->org_id, (int64_t)v->kind, v->user_id,
	    cursor, f->status, f->assignee, f->property_id, f->type_id,
	    (int)f->unrouted, f->q ? like : NULL, f->q, (int64_t)limit + 1,
	    (int)f->overdue);
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
	if (s == HD_OK && w->st == HD_OK && page)
		vcache_page_put(v->user_id, v->org_id, f->status, limit, ticket,
		    ids, n > limit ? limit : n, w->b->data + start,
		    w->b->len - start);
	return s != HD_OK ? s : w->st;
}
