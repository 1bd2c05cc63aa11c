/* SPDX-License-Identifier: MIT */
#include "app/tokenuse.h"

#include "db/db.h"
#include "store/token.h"
#include "util/log.h"
#include "util/ticker.h"

#include <pthread.h>
#include <stdbool.h>

#define WAYS 8	   /* places per bucket: a token may take any of its bucket */
#define STRIPES 16 /* locks, each guarding every STRIPES-th bucket */
#define BATCH 256  /* tokens written in one job at most */

struct slot {
	int64_t id;	 /* 0: free */
	int64_t written; /* the last time written (or being written) */
	int64_t at;	 /* the use to write, when pending */
	bool pending;
};

static struct slot slots[HD_TOKENUSE_SLOTS];
/* Every bearer request takes one of these, not one lock for all. */
static pthread_mutex_t stripes[STRIPES] = {
    [0 ... STRIPES - 1] = PTHREAD_MUTEX_INITIALIZER};
/* lock guards the thread's state: npending and tick.stopping. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
/* The thread (hd_ticker: start, stop). */
static struct hd_ticker tick = {.lock = &lock, .cond = &wake};
static int npending; /* notes made since the thread last looked */

void
app_tokenuse_note(int64_t id, int64_t now)
{
	size_t b =
	    (size_t)((uint64_t)id * 2654435761u % (HD_TOKENUSE_SLOTS / WAYS));
	pthread_mutex_t *m = &stripes[b % STRIPES];
	struct slot *s = NULL, *spare = NULL;
	bool due = false;

	if (id <= 0)
		return;
	pthread_mutex_lock(m);
	for (size_t i = b * WAYS; i < (b + 1) * WAYS; i++) {
		struct slot *t = &slots[i];

		if (t->id == id) {
			s = t;
			break;
		}
		if (t->pending)
			continue;
		/* A free place, else the one written longest ago. */
		if (spare == NULL || t->id == 0 ||
		    (spare->id != 0 && t->written < spare->written))
			spare = t;
	}
	if (s == NULL && spare != NULL) {
		s = spare;
		*s = (struct slot){.id = id};
	}
	if (s != NULL && !s->pending && now - s->written >= HD_TOKENUSE_EVERY) {
		s->pending = true;
		s->at = now;
		due = true;
	}
	pthread_mutex_unlock(m);
	if (!due)
		return;
	/* Once a minute per token at most: this lock is not busy. */
	pthread_mutex_lock(&lock);
	npending++;
	pthread_cond_signal(&wake);
	pthread_mutex_unlock(&lock);
}

/* Takes up to BATCH pending notes into ids/ats. */
static int
take(int64_t *ids, int64_t *ats)
{
	int n = 0;

	for (size_t b = 0; b < HD_TOKENUSE_SLOTS / WAYS && n < BATCH; b++) {
		pthread_mutex_t *m = &stripes[b % STRIPES];

		pthread_mutex_lock(m);
		for (size_t i = b * WAYS; i < (b + 1) * WAYS && n < BATCH;
		     i++) {
			struct slot *s = &slots[i];

			if (!s->pending)
				continue;
			ids[n] = s->id;
			ats[n++] = s->at;
			s->written = s->at;
			s->pending = false;
		}
		pthread_mutex_unlock(m);
	}
	return n;
}

/* Writes n notes in one job; a failure loses them (logged). */
static void
write_notes(const int64_t *ids, const int64_t *ats, int n)
{
	struct db_conn *c = db_writer_acquire();
	enum hd_status st = c ? HD_OK : HD_EIO;

	for (int i = 0; c != NULL && i < n && st == HD_OK; i++)
		st = store_apitoken_touch(c, ids[i], ats[i]);
	if (c != NULL)
		st = db_writer_release(c, st);
	if (st != HD_OK)
		hd_log(HD_LOG_WARN, "API token last-used times not written: %s",
		    hd_status_str(st));
}

static void *
run(void *arg)
{
	int64_t ids[BATCH], ats[BATCH];
	bool stop;
	int n;

	(void)arg;
	do {
		pthread_mutex_lock(&lock);
		while (!tick.stopping && npending == 0)
			pthread_cond_wait(&wake, &lock);
		stop = tick.stopping;
		/* A note made meanwhile counts again and wakes another
		 * round, which may find nothing: harmless. */
		npending = 0;
		pthread_mutex_unlock(&lock);
		n = take(ids, ats);
		if (n > 0)
			write_notes(ids, ats, n);
		if (n == BATCH) {
			pthread_mutex_lock(&lock);
			npending++; /* more may wait: look again */
			pthread_mutex_unlock(&lock);
		}
	} while (!stop || n == BATCH); /* stopping: write all that is left */
	return NULL;
}

enum hd_status
app_tokenuse_start(void)
{
	return hd_ticker_start(&tick, run, NULL);
}

void
app_tokenuse_stop(void)
{
	hd_ticker_stop(&tick);
}
