/* SPDX-License-Identifier: MIT */
/*
 * The collector of contents no attachment names any more (attachment.h;
 * docs/attachments.md, "Garbage collection"), and of spool files left by
 * uploads whose process died (blob_spool_sweep): claim in a write job,
 * remove the files outside it, forget in a write job. A file is removed
 * only once a committed 'gone' row names it, and an upload references
 * only a 'live' row (store/attachment_gc.h says how an upload of the same
 * bytes meanwhile is kept whole).
 */
#include "app/attachment.h"
#include "store/attachment_gc.h"
#include "store/blob.h"
#include "util/clock.h"
#include "util/log.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <time.h>

/* One batch: claimed, files removed, forgotten. *n how many. */
static enum hd_status
collect_batch(int64_t cutoff_ms, size_t *n)
{
	struct store_blob_ref cand[APP_ATT_GC_BATCH];
	bool claimed[APP_ATT_GC_BATCH];
	struct db_conn *c;
	enum hd_status st;
	size_t k = 0, i;

	*n = 0;
	if ((c = db_writer_acquire()) == NULL)
		return HD_EIO;
	st = store_blob_unreferenced(c, cutoff_ms, APP_ATT_GC_BATCH, cand, &k);
	for (i = 0; st == HD_OK && i < k; i++)
		st = store_blob_claim(c, &cand[i], cutoff_ms, &claimed[i]);
	if ((st = db_writer_release(c, st)) != HD_OK || k == 0)
		return st;
	/* Outside the writer: unlinks take milliseconds each. A file not
	 * removed keeps its 'gone' row; the next round tries again. */
	for (i = 0; i < k; i++)
		if (claimed[i] &&
		    blob_remove_file(cand[i].org_id, cand[i].sha256) != HD_OK)
			claimed[i] = false;
	if ((c = db_writer_acquire()) == NULL)
		return HD_EIO;
	for (i = 0; st == HD_OK && i < k; i++)
		if (claimed[i]) {
			st = store_blob_forget(c, &cand[i]);
			(*n)++;
		}
	st = db_writer_release(c, st);
	if (st != HD_OK)
		*n = 0;
	/* A full batch may have more behind it, unless none was claimed
	 * (then the next round). */
	return st == HD_OK && *n == 0 && k == APP_ATT_GC_BATCH ? HD_EBUSY : st;
}

enum hd_status
app_attachment_collect(int64_t cutoff_ms, int64_t *removed)
{
	enum hd_status st;
	size_t n;

	*removed = 0;
	do {
		st = collect_batch(cutoff_ms, &n);
		*removed += (int64_t)n;
	} while (st == HD_OK && n == APP_ATT_GC_BATCH);
	return st == HD_EBUSY ? HD_OK : st;
}

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
static pthread_t thread;
static bool running, stopping;
static int64_t every, after;

static void *
run(void *arg)
{
	struct timespec until;
	enum hd_status st;
	int64_t n;
	bool stop;

	(void)arg;
	for (;;) {
		st = app_attachment_collect(hd_now_ms() - after, &n);
		if (st != HD_OK)
			hd_log(HD_LOG_WARN,
			    "attachments: collector failed (%s)",
			    hd_status_str(st));
		else if (n > 0)
			hd_log(HD_LOG_INFO,
			    "attachments: %lld unreferenced files removed",
			    (long long)n);
		if (blob_spool_sweep(hd_now_ms(), &n) == HD_OK && n > 0)
			hd_log(HD_LOG_INFO,
			    "attachments: %lld spool files of dead uploads "
			    "removed",
			    (long long)n);
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += every / 1000;
		until.tv_nsec += (every % 1000) * 1000000;
		if (until.tv_nsec >= 1000000000) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000;
		}
		pthread_mutex_lock(&lock);
		while (!stopping && pthread_cond_timedwait(
					&wake, &lock, &until) != ETIMEDOUT)
			;
		stop = stopping;
		pthread_mutex_unlock(&lock);
		if (stop)
			return NULL;
	}
}

enum hd_status
app_attachment_gc_start(int64_t every_ms, int64_t after_ms)
{
	pthread_mutex_lock(&lock);
	every = every_ms;
	after = after_ms;
	stopping = false;
	running = pthread_create(&thread, NULL, run, NULL) == 0;
	pthread_mutex_unlock(&lock);
	return running ? HD_OK : HD_EIO;
}

void
app_attachment_gc_stop(void)
{
	pthread_mutex_lock(&lock);
	if (!running) {
		pthread_mutex_unlock(&lock);
		return;
	}
	stopping = true;
	pthread_cond_signal(&wake);
	pthread_mutex_unlock(&lock);
	pthread_join(thread, NULL);
	running = false;
}
