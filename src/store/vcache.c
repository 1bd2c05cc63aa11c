/* SPDX-License-Identifier: MIT */
/* The answer cache of Vorgänge as employees see them (see vcache.h). */
#include "store/vcache.h"

#include "util/clock.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STRIPES 256   /* locks, each guarding every 256th bucket */
#define WAYS 4	      /* entries per bucket */
#define DIRTY 1024    /* Vorgänge one batch may change before it drops all */
#define EVICT_MAX 256 /* entries looked at to make room for one */

/* What a lookup reads first is in the first cache line; the assignees
 * (for a full read) follow. */
struct entry {
	int64_t id;
	uint64_t ticket; /* under which it was read */
	int64_t stored_ms;
	uint32_t len, split;
	bool full;
	int n_assignees;
	int64_t org_id, property_id, created_by;
	int64_t assignees[VC_ASSIGNEES];
	char data[];
};

/* A bucket holds up to WAYS entries of the Vorgänge that map to it;
 * marked is the number of the last commit that changed one of those. */
struct bucket {
	int64_t id[WAYS]; /* of e[w], looked at without touching e[w] */
	struct entry *e[WAYS];
	_Atomic uint64_t marked;
};

static struct bucket *buckets;
static size_t n_buckets; /* a power of two; 0 when the cache is off */
static size_t max_bytes;
static pthread_mutex_t stripes[STRIPES];
static _Atomic uint64_t seq;	    /* commits that changed Vorgänge */
static _Atomic uint64_t all_marked; /* the last that changed names */
/* Written often: each on its own cache line, away from what every
 * lookup reads. */
static struct {
	_Alignas(64) _Atomic size_t used, n_entries, hand;
	_Atomic size_t pages; /* of used, held by queue pages */
} room;
static struct {
	_Alignas(64) _Atomic uint64_t hits, misses;
} counts;

/* Vorgänge the open batch changed; only the thread holding the writer
 * touches these. */
static int64_t dirty[DIRTY];
static size_t n_dirty;
static int64_t dirty_emp[DIRTY]; /* employees whose assignments changed */
static size_t n_dirty_emp;
static bool dirty_all;

/* The last commit that changed the assignments of the employees mapping
 * to each slot (for vcache_page.c). */
#define EMARKS 4096
static _Atomic uint64_t emarks[EMARKS];

void
vcache_start(size_t bytes)
{
	size_t n = 256;

	if (bytes == 0)
		return;
	/* About one entry per 512 bytes (a list item is ~1 KB). */
	while (n * WAYS < bytes / 512 && n < ((size_t)1 << 18))
		n <<= 1;
	if ((buckets = calloc(n, sizeof(*buckets))) == NULL)
		return;
	for (size_t i = 0; i < STRIPES; i++)
		pthread_mutex_init(&stripes[i], NULL);
	n_buckets = n;
	max_bytes = bytes;
}

void
vcache_stop(void)
{
	vcache_page_stop();
	for (size_t i = 0; i < n_buckets; i++)
		for (int w = 0; w < WAYS; w++)
			free(buckets[i].e[w]);
	free(buckets);
	buckets = NULL;
	n_buckets = 0;
	atomic_store(&room.used, 0);
	atomic_store(&room.pages, 0);
	atomic_store(&room.n_entries, 0);
}

bool
vcache_on(void)
{
	return n_buckets != 0;
}

static struct bucket *
bucket_of(int64_t id)
{
	uint64_t h = (uint64_t)id * 0x9E3779B97F4A7C15ull;

	return &buckets[(size_t)(h >> 32) & (n_buckets - 1)];
}

static pthread_mutex_t *
stripe_of(const struct bucket *b)
{
	return &stripes[(size_t)(b - buckets) & (STRIPES - 1)];
}

/* The way of bucket b holding Vorgang id, or -1; b's stripe is locked. */
static int
way_of(const struct bucket *b, int64_t id)
{
	for (int w = 0; w < WAYS; w++)
		if (b->id[w] == id && b->e[w] != NULL)
			return w;
	return -1;
}

/* Frees entry w of bucket b; its stripe is locked. */
static void
drop(struct bucket *b, int w)
{
	if (w < 0 || b->e[w] == NULL)
		return;
	atomic_fetch_sub(&room.used, sizeof(*b->e[w]) + b->e[w]->len);
	atomic_fetch_sub(&room.n_entries, 1);
	free(b->e[w]);
	b->e[w] = NULL;
	b->id[w] = 0;
}

uint64_t
vcache_ticket(void)
{
	return atomic_load(&seq);
}

bool
vcache_get(int64_t id, bool full, struct vc_meta *m, struct hd_buf *out)
{
	struct bucket *b;
	struct entry *e;
	bool hit = false;
	int w;

	if (n_buckets == 0)
		return false;
	b = bucket_of(id);
	pthread_mutex_lock(stripe_of(b));
	if ((w = way_of(b, id)) >= 0) {
		e = b->e[w];
		if (e->ticket >= atomic_load(&all_marked) &&
		    (e->full || !full) &&
		    hd_mono_ms() - e->stored_ms < VCACHE_TTL_MS) {
			m->org_id = e->org_id;
			m->property_id = e->property_id;
			m->created_by = e->created_by;
			m->n_assignees = -1;
			if (full) {
				m->n_assignees = e->n_assignees;
				memcpy(m->assignees, e->assignees,
				    sizeof(m->assignees));
			}
			if (full)
				hit = hd_buf_add(out, e->data, e->len) == HD_OK;
			else
				hit = hd_buf_add(out, e->data, e->split) ==
					  HD_OK &&
				      hd_buf_add(out, "}", 1) == HD_OK;
		}
	}
	pthread_mutex_unlock(stripe_of(b));
	return hit;
}

void
vcache_prefetch(const int64_t *ids, int n)
{
	if (n_buckets == 0)
		return;
	for (int i = 0; i < n; i++)
		__builtin_prefetch(bucket_of(ids[i]));
}

/* Frees entries round the clock until need more bytes fit; false when
 * they do not after EVICT_MAX entries. */
static bool
make_room(size_t need)
{
	for (int i = 0; i < EVICT_MAX; i++) {
		size_t k;
		struct bucket *b;

		if (atomic_load(&room.used) + need <= max_bytes)
			return true;
		k = atomic_fetch_add(&room.hand, 1) & (n_buckets * WAYS - 1);
		b = &buckets[k / WAYS];
		pthread_mutex_lock(stripe_of(b));
		drop(b, (int)(k % WAYS));
		pthread_mutex_unlock(stripe_of(b));
	}
	return atomic_load(&room.used) + need <= max_bytes;
}

/* The way of bucket b for Vorgang id: its own, a free one, or the one
 * stored longest ago. */
static int
way_for(const struct bucket *b, int64_t id)
{
	int w = way_of(b, id), old = 0;

	if (w >= 0)
		return w;
	for (w = 0; w < WAYS; w++) {
		if (b->e[w] == NULL)
			return w;
		if (b->e[w]->stored_ms < b->e[old]->stored_ms)
			old = w;
	}
	return old;
}

void
vcache_put(int64_t id, uint64_t ticket, const struct vc_meta *m,
    const char *item, size_t len, size_t split, bool full)
{
	struct bucket *b;
	struct entry *e;
	size_t size;
	int w;

	if (n_buckets == 0 || split == 0 || split >= len ||
	    ticket < atomic_load(&all_marked))
		return;
	/* A list item keeps only its fields and assignees, and a closing
	 * brace. */
	if (!full)
		len = split + 1;
	size = sizeof(*e) + len;
	if (size > max_bytes / 64 || !make_room(size) ||
	    (e = malloc(size)) == NULL)
		return;
	e->id = id;
	e->org_id = m->org_id;
	e->property_id = m->property_id;
	e->created_by = m->created_by;
	e->n_assignees = m->n_assignees;
	memcpy(e->assignees, m->assignees, sizeof(e->assignees));
	e->ticket = ticket;
	/* Up to a second earlier, so that entries stored together do not all
	 * expire in the same moment. */
	e->stored_ms = hd_mono_ms() - (int64_t)((uint64_t)id % 1024);
	e->len = (uint32_t)len;
	e->split = (uint32_t)split;
	e->full = full;
	memcpy(e->data, item, len);
	if (!full)
		e->data[split] = '}';
	b = bucket_of(id);
	pthread_mutex_lock(stripe_of(b));
	if (atomic_load(&b->marked) > ticket ||
	    atomic_load(&all_marked) > ticket) {
		/* Read before a change to it was committed. */
		pthread_mutex_unlock(stripe_of(b));
		free(e);
		return;
	}
	w = way_for(b, id);
	drop(b, w);
	b->e[w] = e;
	b->id[w] = id;
	atomic_fetch_add(&room.used, size);
	atomic_fetch_add(&room.n_entries, 1);
	pthread_mutex_unlock(stripe_of(b));
}

/* Marks Vorgang id changed by commit number n and drops its entry. */
static void
mark(int64_t id, uint64_t n)
{
	struct bucket *b = bucket_of(id);

	pthread_mutex_lock(stripe_of(b));
	atomic_store(&b->marked, n);
	drop(b, way_of(b, id));
	pthread_mutex_unlock(stripe_of(b));
}

void
vcache_note(int64_t id)
{
	if (id == 0 || n_dirty == DIRTY)
		dirty_all = true;
	else if (n_dirty == 0 || dirty[n_dirty - 1] != id)
		dirty[n_dirty++] = id;
}

void
vcache_note_queue(int64_t employee)
{
	if (n_dirty_emp == DIRTY)
		dirty_all = true;
	else if (n_dirty_emp == 0 || dirty_emp[n_dirty_emp - 1] != employee)
		dirty_emp[n_dirty_emp++] = employee;
}

void
vcache_after_commit(void)
{
	uint64_t n;

	if (n_buckets == 0 || (n_dirty == 0 && n_dirty_emp == 0 && !dirty_all))
		return;
	/* Readers holding an older ticket may have read before this commit:
	 * they no longer store what it changed. */
	n = atomic_fetch_add(&seq, 1) + 1;
	if (dirty_all)
		atomic_store(&all_marked, n); /* older entries are misses */
	for (size_t i = 0; i < n_dirty; i++)
		mark(dirty[i], n);
	for (size_t i = 0; i < n_dirty_emp; i++)
		atomic_store(&emarks[(uint64_t)dirty_emp[i] % EMARKS], n);
	n_dirty = 0;
	n_dirty_emp = 0;
	dirty_all = false;
}

bool
vcache_unchanged(uint64_t ticket, int64_t employee, const int64_t *ids, int n)
{
	if (n_buckets == 0 || atomic_load(&all_marked) > ticket ||
	    atomic_load(&emarks[(uint64_t)employee % EMARKS]) > ticket)
		return false;
	/* Every mark is a commit's number: none is newer than the ticket
	 * while no commit has changed anything since (a quiet hour, a
	 * queue reopened between two changes). */
	if (atomic_load(&seq) <= ticket)
		return true;
	for (int i = 0; i < n; i++)
		if (atomic_load(&bucket_of(ids[i])->marked) > ticket)
			return false;
	return true;
}

bool
vcache_take_room(size_t bytes)
{
	if (n_buckets == 0 || bytes > max_bytes / 8)
		return false;
	/* Pages may take half: the Vorgänge they are built from, and reads,
	 * keep the rest however many employees there are. */
	if (atomic_fetch_add(&room.pages, bytes) + bytes > max_bytes / 2 ||
	    !make_room(bytes)) {
		atomic_fetch_sub(&room.pages, bytes);
		return false;
	}
	atomic_fetch_add(&room.used, bytes);
	return true;
}

void
vcache_give_room(size_t bytes)
{
	atomic_fetch_sub(&room.pages, bytes);
	atomic_fetch_sub(&room.used, bytes);
}

void
vcache_count(unsigned hit, unsigned miss)
{
	if (hit > 0)
		atomic_fetch_add_explicit(
		    &counts.hits, hit, memory_order_relaxed);
	if (miss > 0)
		atomic_fetch_add_explicit(
		    &counts.misses, miss, memory_order_relaxed);
}

void
vcache_stats(struct vc_stats *st)
{
	st->hits = atomic_load(&counts.hits);
	st->misses = atomic_load(&counts.misses);
	st->entries = atomic_load(&room.n_entries);
	st->bytes = atomic_load(&room.used);
	st->page_bytes = atomic_load(&room.pages);
}
