/* SPDX-License-Identifier: MIT */
#include "http/throttle.h"

#include <ctype.h>
#include <pthread.h>

#define SLOTS 1024

static struct {
	uint64_t key;
	int64_t since;
	int fails;
} slots[SLOTS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

/* FNV-1a of the lower-cased address; 0 is kept for "empty". */
static uint64_t
key_of(const char *email)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *email; email++)
		h = (h ^ (unsigned char)tolower((unsigned char)*email)) *
		    1099511628211ULL;
	return h ? h : 1;
}

/* The slot of key: its own, or one to take over (empty or expired). A
 * full table of live entries reuses the hashed slot. */
static int
slot_of(uint64_t key, int64_t now)
{
	int i, start = (int)(key % SLOTS), spare = -1;

	for (i = 0; i < 8; i++) {
		int k = (start + i) % SLOTS;

		if (slots[k].key == key)
			return k;
		if (spare < 0 && (slots[k].key == 0 ||
				     now - slots[k].since > HD_THROTTLE_WINDOW))
			spare = k;
	}
	return spare >= 0 ? spare : start;
}

bool
hd_throttle_allow(const char *email, int64_t now)
{
	uint64_t key = key_of(email);
	bool ok;
	int k;

	pthread_mutex_lock(&lock);
	k = slot_of(key, now);
	ok = slots[k].key != key || slots[k].fails < HD_THROTTLE_MAX ||
	     now - slots[k].since > HD_THROTTLE_WINDOW;
	pthread_mutex_unlock(&lock);
	return ok;
}

void
hd_throttle_fail(const char *email, int64_t now)
{
	uint64_t key = key_of(email);
	int k;

	pthread_mutex_lock(&lock);
	k = slot_of(key, now);
	if (slots[k].key != key || now - slots[k].since > HD_THROTTLE_WINDOW) {
		slots[k].key = key;
		slots[k].since = now;
		slots[k].fails = 0;
	}
	slots[k].fails++;
	pthread_mutex_unlock(&lock);
}

void
hd_throttle_reset(const char *email)
{
	uint64_t key = key_of(email);
	int i, start = (int)(key % SLOTS);

	pthread_mutex_lock(&lock);
	for (i = 0; i < 8; i++)
		if (slots[(start + i) % SLOTS].key == key)
			slots[(start + i) % SLOTS].key = 0;
	pthread_mutex_unlock(&lock);
}
