/* SPDX-License-Identifier: MIT */
#include "app/authcache.h"

#include "util/rand.h"

#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <string.h>

#define STRIPES 16 /* locks, each guarding every STRIPES-th bucket */
#define WAYS 4	   /* slots per bucket */

struct entry {
	char hash[HD_HASH_MAX];
	bool cookie;
	bool used;
	uint64_t epoch;
	int64_t expires_at; /* Unix seconds; answers only before it */
	int64_t stored_ms;  /* hd_mono_ms before the lookup */
	struct hd_auth auth;
};

static struct entry slots[HD_AUTHCACHE_SLOTS];
static pthread_mutex_t locks[STRIPES] = {
    [0 ... STRIPES - 1] = PTHREAD_MUTEX_INITIALIZER};

/* Keeps the memory stated in the header honest. */
_Static_assert(sizeof(slots) <= 2 * 1024 * 1024, "authcache over 2 MB");

/* The first of the WAYS slots of a key's bucket, or -1 when hash is not
 * a hex SHA-256. The hash is of a random token, so its first hex digits
 * are spread evenly; a client choosing tokens to collide only costs
 * itself queries. */
static int
bucket_of(const char *hash, bool cookie)
{
	unsigned v = 0;
	int i;

	if (strlen(hash) != HD_HASH_MAX - 1)
		return -1;
	for (i = 0; i < 4; i++) {
		char c = hash[i];

		if (c >= '0' && c <= '9')
			v = v * 16 + (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v = v * 16 + (unsigned)(c - 'a' + 10);
		else
			return -1;
	}
	return (int)((v * 2 + cookie) % (HD_AUTHCACHE_SLOTS / WAYS)) * WAYS;
}

static pthread_mutex_t *
lock_of(int k)
{
	return &locks[(k / WAYS) % STRIPES];
}

/* The slot in bucket k holding hash and cookie, or -1. */
static int
find(int k, const char *hash, bool cookie)
{
	for (int w = k; w < k + WAYS; w++)
		if (slots[w].used && slots[w].cookie == cookie &&
		    sodium_memcmp(slots[w].hash, hash, HD_HASH_MAX - 1) == 0)
			return w;
	return -1;
}

/* Set before serving, read by every request. */
static _Atomic bool enabled = true;

void
app_authcache_enable(bool on)
{
	atomic_store(&enabled, on);
}

bool
app_authcache_get(const char *hash, bool cookie, uint64_t epoch, int64_t now,
    int64_t mono_ms, struct hd_auth *out)
{
	int k = bucket_of(hash, cookie), w;
	struct entry *e;
	bool hit = false;

	if (k < 0 || !atomic_load(&enabled))
		return false;
	pthread_mutex_lock(lock_of(k));
	if ((w = find(k, hash, cookie)) >= 0) {
		e = &slots[w];
		hit = e->epoch == epoch && now < e->expires_at &&
		      mono_ms >= e->stored_ms &&
		      mono_ms - e->stored_ms < HD_AUTHCACHE_TTL_MS;
		if (hit)
			*out = e->auth;
	}
	pthread_mutex_unlock(lock_of(k));
	return hit;
}

void
app_authcache_put(const char *hash, bool cookie, uint64_t epoch,
    int64_t expires_at, int64_t mono_ms, const struct hd_auth *a)
{
	int k = bucket_of(hash, cookie), w;
	struct entry *e;

	if (k < 0 || !atomic_load(&enabled))
		return;
	pthread_mutex_lock(lock_of(k));
	/* Its own slot, else a free one, else the one stored longest ago. */
	if ((w = find(k, hash, cookie)) < 0) {
		w = k;
		for (int i = k; i < k + WAYS && slots[w].used; i++)
			if (!slots[i].used ||
			    slots[i].stored_ms < slots[w].stored_ms)
				w = i;
	}
	e = &slots[w];
	memcpy(e->hash, hash, HD_HASH_MAX);
	e->cookie = cookie;
	e->used = true;
	e->epoch = epoch;
	e->expires_at = expires_at;
	e->stored_ms = mono_ms;
	e->auth = *a;
	pthread_mutex_unlock(lock_of(k));
}

void
app_authcache_clear(void)
{
	int i;

	for (i = 0; i < HD_AUTHCACHE_SLOTS; i++) {
		pthread_mutex_lock(lock_of(i));
		slots[i].used = false;
		pthread_mutex_unlock(lock_of(i));
	}
}
