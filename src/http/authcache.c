/* SPDX-License-Identifier: MIT */
#include "http/authcache.h"

#include "util/rand.h"

#include <pthread.h>
#include <sodium.h>
#include <string.h>

#define STRIPES 16 /* locks, each guarding every STRIPES-th slot */

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

/* The slot of a key, or -1 when hash is not a hex SHA-256. The hash is
 * of a random token, so its first hex digits are spread evenly; a
 * client choosing tokens to collide only costs itself queries. */
static int
slot_of(const char *hash, bool cookie)
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
	return (int)((v * 2 + cookie) % HD_AUTHCACHE_SLOTS);
}

bool
hd_authcache_get(const char *hash, bool cookie, uint64_t epoch, int64_t now,
    int64_t mono_ms, struct hd_auth *out)
{
	int k = slot_of(hash, cookie);
	struct entry *e;
	bool hit;

	if (k < 0)
		return false;
	e = &slots[k];
	pthread_mutex_lock(&locks[k % STRIPES]);
	hit = e->used && e->cookie == cookie && e->epoch == epoch &&
	      now < e->expires_at && mono_ms >= e->stored_ms &&
	      mono_ms - e->stored_ms < HD_AUTHCACHE_TTL_MS &&
	      sodium_memcmp(e->hash, hash, HD_HASH_MAX - 1) == 0;
	if (hit)
		*out = e->auth;
	pthread_mutex_unlock(&locks[k % STRIPES]);
	return hit;
}

void
hd_authcache_put(const char *hash, bool cookie, uint64_t epoch,
    int64_t expires_at, int64_t mono_ms, const struct hd_auth *a)
{
	int k = slot_of(hash, cookie);
	struct entry *e;

	if (k < 0)
		return;
	e = &slots[k];
	pthread_mutex_lock(&locks[k % STRIPES]);
	memcpy(e->hash, hash, HD_HASH_MAX);
	e->cookie = cookie;
	e->used = true;
	e->epoch = epoch;
	e->expires_at = expires_at;
	e->stored_ms = mono_ms;
	e->auth = *a;
	pthread_mutex_unlock(&locks[k % STRIPES]);
}

void
hd_authcache_clear(void)
{
	int i;

	for (i = 0; i < HD_AUTHCACHE_SLOTS; i++) {
		pthread_mutex_lock(&locks[i % STRIPES]);
		slots[i].used = false;
		pthread_mutex_unlock(&locks[i % STRIPES]);
	}
}
