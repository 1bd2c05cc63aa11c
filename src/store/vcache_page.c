/* SPDX-License-Identifier: MIT */
/* Whole pages of one's own queue in the answer cache (see vcache.h). */
#include "store/vcache.h"
#include "util/clock.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS 4096 /* one page per slot: employee, status and limit */
#define STRIPES 64

struct page {
	_Atomic int refs; /* the slot's and each answer's being sent */
	int64_t employee, org_id;
	char status[16];
	int limit;
	uint64_t ticket; /* under which it was read */
	int64_t stored_ms;
	size_t size; /* allocated, as counted in the cache's memory */
	int n;	     /* ids on it */
	size_t len;  /* of the answer */
	int64_t *ids;
	char *answer;
};

static struct page *slots[SLOTS];
static pthread_mutex_t stripes[STRIPES] = {
    [0 ... STRIPES - 1] = PTHREAD_MUTEX_INITIALIZER};

static size_t
slot_of(int64_t employee, const char *status, int limit)
{
	uint64_t h = (uint64_t)employee * 0x9E3779B97F4A7C15ull;

	h ^= (uint64_t)(unsigned char)status[0] * 0xC2B2AE3D27D4EB4Full;
	h ^= (uint64_t)limit * 0x165667B19E3779F9ull;
	return (size_t)(h >> 40) & (SLOTS - 1);
}

void
vcache_page_release(void *ref)
{
	struct page *p = ref;

	if (atomic_fetch_sub(&p->refs, 1) == 1)
		free(p);
}

/* Takes the page out of slot s; answers still being sent keep it. */
static void
drop(size_t s)
{
	if (slots[s] == NULL)
		return;
	vcache_give_room(slots[s]->size);
	vcache_page_release(slots[s]);
	slots[s] = NULL;
}

const char *
vcache_page_share(int64_t employee, int64_t org_id, const char *status,
    int limit, size_t *len, void **ref)
{
	size_t s = slot_of(employee, status, limit);
	pthread_mutex_t *m = &stripes[s % STRIPES];
	struct page *p, *hit = NULL;

	if (!vcache_on())
		return NULL;
	pthread_mutex_lock(m);
	p = slots[s];
	if (p != NULL && p->employee == employee && p->org_id == org_id &&
	    p->limit == limit && strcmp(p->status, status) == 0) {
		if (hd_mono_ms() - p->stored_ms < VCACHE_TTL_MS &&
		    vcache_unchanged(p->ticket, employee, p->ids, p->n)) {
			atomic_fetch_add(&p->refs, 1);
			hit = p;
		} else {
			drop(s); /* it will not be valid again */
		}
	}
	pthread_mutex_unlock(m);
	if (hit == NULL)
		return NULL;
	vcache_count((unsigned)hit->n, 0);
	*len = hit->len;
	*ref = hit;
	return hit->answer;
}

void
vcache_page_put(int64_t employee, int64_t org_id, const char *status, int limit,
    uint64_t ticket, const int64_t *ids, int n, const char *answer, size_t len)
{
	size_t s = slot_of(employee, status, limit);
	pthread_mutex_t *m = &stripes[s % STRIPES];
	size_t size = sizeof(struct page) + (size_t)n * sizeof(int64_t) + len;
	struct page *p;

	if (!vcache_on() || strlen(status) >= sizeof(p->status) ||
	    !vcache_unchanged(ticket, employee, ids, n))
		return;
	if (!vcache_take_room(size))
		return;
	if ((p = malloc(size)) == NULL) {
		vcache_give_room(size);
		return;
	}
	atomic_init(&p->refs, 1);
	p->employee = employee;
	p->org_id = org_id;
	memcpy(p->status, status, strlen(status) + 1);
	p->limit = limit;
	p->ticket = ticket;
	p->stored_ms = hd_mono_ms();
	p->size = size;
	p->n = n;
	p->len = len;
	p->ids = (int64_t *)(p + 1);
	p->answer = (char *)(p->ids + n);
	memcpy(p->ids, ids, (size_t)n * sizeof(int64_t));
	memcpy(p->answer, answer, len);
	pthread_mutex_lock(m);
	drop(s);
	slots[s] = p;
	pthread_mutex_unlock(m);
}

void
vcache_page_stop(void)
{
	for (size_t s = 0; s < SLOTS; s++) {
		pthread_mutex_lock(&stripes[s % STRIPES]);
		drop(s);
		pthread_mutex_unlock(&stripes[s % STRIPES]);
	}
}
