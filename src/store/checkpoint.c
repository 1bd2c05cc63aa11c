/* SPDX-License-Identifier: MIT */
/*
 * The WAL checkpointer: SQLite would otherwise checkpoint inside whichever
 * commit crosses 1,000 WAL pages, and that request waits for copying pages
 * into the database file and its fsync (the p99 spikes of `make bench`).
 * Here a thread with its own connection checkpoints in the background
 * (PASSIVE: it never blocks the writer or readers).
 */
#include "store/checkpoint.h"

#include "store/health.h"
#include "util/clock.h"
#include "util/log.h"

#include <errno.h>
#include <pthread.h>
#include <time.h>

#define PERIOD_MS 250
/* With more frames than this in the WAL after a pass, the next pass
 * follows at once (BUSY_MS): the writer restarts the WAL when it has
 * grown (writer.c), and only what is not yet copied then delays it. */
#define BUSY_FRAMES 2048
#define BUSY_MS 2
/* Between two light checks of the database file (health.h). */
#define HEALTH_MS 1000

static pthread_t thread;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static bool running, stopping;
static struct db_conn *conn;

static void *
checkpoint_main(void *arg)
{
	(void)arg;
	int log = 0, done = 0, rc, last_rc = SQLITE_OK;
	int64_t checked = hd_mono_ms();

	pthread_mutex_lock(&lock);
	while (!stopping) {
		struct timespec ts;
		long wait_ms = log > BUSY_FRAMES ? BUSY_MS : PERIOD_MS;

		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += wait_ms * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		if (pthread_cond_timedwait(&cond, &lock, &ts) != ETIMEDOUT)
			continue;
		pthread_mutex_unlock(&lock);
		if (hd_mono_ms() - checked >= HEALTH_MS) {
			db_health_poll();
			checked = hd_mono_ms();
		}
		rc = sqlite3_wal_checkpoint_v2(
		    conn->h, NULL, SQLITE_CHECKPOINT_PASSIVE, &log, &done);
		/* Once per kind of failure: on a full disk every pass fails
		 * the same way. */
		if (rc != SQLITE_OK && rc != SQLITE_BUSY && rc != last_rc)
			hd_log(HD_LOG_WARN, "checkpoint: %s",
			    sqlite3_errmsg(conn->h));
		if (rc != SQLITE_BUSY)
			last_rc = rc;
		pthread_mutex_lock(&lock);
	}
	pthread_mutex_unlock(&lock);
	return NULL;
}

enum hd_status
db_checkpointer_start(const char *path)
{
	enum hd_status st;

	if ((st = db_open_existing(path, &conn)) != HD_OK)
		return st;
	stopping = false;
	if (pthread_create(&thread, NULL, checkpoint_main, NULL) != 0) {
		db_close(conn);
		conn = NULL;
		return HD_EIO;
	}
	running = true;
	return HD_OK;
}

void
db_checkpointer_stop(void)
{
	if (!running)
		return;
	pthread_mutex_lock(&lock);
	stopping = true;
	pthread_cond_signal(&cond);
	pthread_mutex_unlock(&lock);
	pthread_join(thread, NULL);
	running = false;
	/* A last checkpoint, so that little is left in the WAL. */
	sqlite3_wal_checkpoint_v2(
	    conn->h, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
	db_close(conn);
	conn = NULL;
}
