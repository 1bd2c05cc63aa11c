/* SPDX-License-Identifier: MIT */
/*
 * The WAL checkpointer: SQLite would otherwise checkpoint inside whichever
 * commit crosses 1,000 WAL pages, and that request waits for copying pages
 * into the database file and its fsync (the p99 spikes of `make bench`).
 * Here a thread with its own connection checkpoints in the background
 * (PASSIVE: it never blocks the writer or readers).
 */
#include "db/db.h"
#include "db/health.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/ticker.h"

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

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static struct hd_ticker tk = {.lock = &lock, .cond = &cond};
static struct db_conn *conn;

static void *
checkpoint_main(void *arg)
{
	(void)arg;
	int frames = 0;
	int64_t checked = hd_mono_ms();

	pthread_mutex_lock(&lock);
	while (!tk.stopping) {
		if (!hd_ticker_wait(
			&tk, frames > BUSY_FRAMES ? BUSY_MS : PERIOD_MS))
			continue;
		pthread_mutex_unlock(&lock);
		if (hd_mono_ms() - checked >= HEALTH_MS) {
			db_health_poll();
			checked = hd_mono_ms();
		}
		/* A failure is logged by the driver, once per kind: on a
		 * full disk every pass fails the same way. */
		db_wal_checkpoint(conn, DB_CHECKPOINT_PASSIVE, 0, &frames);
		pthread_mutex_lock(&lock);
	}
	pthread_mutex_unlock(&lock);
	return NULL;
}

enum hd_status
db_checkpointer_start(const char *target)
{
	enum hd_status st;

	/* PostgreSQL checkpoints itself, and its files are not ours. */
	if (db_driver_of(target) != DB_SQLITE)
		return HD_OK;
	if ((st = db_open(target, DB_EXISTING, &conn)) != HD_OK)
		return st;
	if ((st = hd_ticker_start(&tk, checkpoint_main, NULL)) != HD_OK) {
		db_close(conn);
		conn = NULL;
	}
	return st;
}

void
db_checkpointer_stop(void)
{
	if (!tk.running)
		return;
	hd_ticker_stop(&tk);
	/* A last checkpoint, so that little is left in the WAL. */
	db_wal_checkpoint(conn, DB_CHECKPOINT_PASSIVE, 0, NULL);
	db_close(conn);
	conn = NULL;
}
