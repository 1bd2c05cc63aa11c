/* SPDX-License-Identifier: MIT */
/* The single writer connection with group commit (see db.h). */
#include "db/db.h"
#include "db/driver.h"
#include "db/health.h"
#include "util/log.h"

#include <pthread.h>
#include <string.h>

#define RESULTS 1024 /* finished batches remembered for slow waiters */
/* WAL frames (of 4 KiB) after which the writer restarts the WAL (see
 * restart_wal); db_writer_wal_limit changes it. */
#define WAL_RESTART_FRAMES 16384
/* Readers are short; one that is not gone within this only puts a WAL
 * restart off to a later batch. */
#define RESTART_BUSY_MS 100

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t free_cv = PTHREAD_COND_INITIALIZER;
static pthread_cond_t done_cv = PTHREAD_COND_INITIALIZER;
static struct db_conn *writer;
static int waiting;    /* threads waiting for the writer */
static bool busy;      /* a job (or a commit) holds the writer */
static bool open_tx;   /* the batch transaction is open */
static uint64_t batch; /* number of the open (or last) batch */
static uint64_t done;  /* last batch finished */
static enum hd_status results[RESULTS];
static bool results_retry[RESULTS]; /* the commit failed db_retryable */
static uint64_t n_batches, n_jobs;
static __thread uint64_t my_batch;
static int wal_limit = WAL_RESTART_FRAMES;
static uint64_t n_restarts, n_retries;
static bool batch_wrote; /* a job of the open batch succeeded; only the
			  * thread holding the writer (busy) touches it */

/*
 * Between batches, when the WAL holds more than wal_limit frames (after
 * the last commit): copies what the background checkpointer has not yet
 * copied and waits for the readers to leave the WAL (RESTART), so that
 * the next batch writes it from the start. SQLite starts writing the WAL
 * from its beginning again only when a write transaction begins while
 * every frame is already copied into the database file — which under
 * steady writes never happens, as the background checkpointer is always
 * a few frames behind: the WAL then grows without end (hundreds of MB a
 * minute under load), and each commit writes to new file space, which
 * costs more than overwriting. Called holding the writer (busy), outside
 * the lock. A failure other than busy readers is logged by the driver,
 * once per kind.
 */
static void
restart_wal(void)
{
	if (db_wal_checkpoint(
		writer, DB_CHECKPOINT_RESTART, RESTART_BUSY_MS, NULL) == HD_OK)
		n_restarts++;
}

enum hd_status
db_writer_open(const char *target)
{
	enum hd_status st = db_open(target, DB_WRITER | DB_EXISTING, &writer);

	/* The files as opened, checked before every commit. */
	if (st == HD_OK && (st = db_health_watch(target)) != HD_OK) {
		db_close(writer);
		writer = NULL;
	}
	return st;
}

void
db_writer_close(void)
{
	db_close(writer);
	writer = NULL;
}

/* Commits the open batch; called by the job holding the writer when
 * nobody waits to add to it. The lock is dropped during the commit so
 * that arriving jobs count themselves as waiting for the next batch. */
static void
commit_batch(uint64_t b)
{
	bool wrote = batch_wrote;
	enum hd_status st;

	batch_wrote = false;
	pthread_mutex_unlock(&lock);
	/* A commit into a file deleted or replaced meanwhile would be
	 * acknowledged and lost: two stat calls first. The change feed's
	 * commit runs inside db_commit and db_rollback, after the commit
	 * (or its failure and rollback — over-invalidating is harmless)
	 * and before any job of the batch is answered: a reader that sees
	 * its effect reads the committed rows. */
	if (db_health_files_ok()) {
		writer->retryable = false;
		st = db_commit(writer);
		results_retry[b % RESULTS] = st != HD_OK && writer->retryable;
	} else {
		results_retry[b % RESULTS] = false;
		db_rollback(writer);
		st = HD_EUNAVAIL;
	}
	if (st == HD_OK && wrote)
		db_health_write_ok();
	pthread_mutex_lock(&lock);
	/* A full disk or a lost file was logged once, where it was noted. */
	if (st != HD_OK && st != HD_EFULL && st != HD_EUNAVAIL)
		hd_log(HD_LOG_ERROR, "commit of batch %llu failed: %s",
		    (unsigned long long)b, hd_status_str(st));
	open_tx = false;
	results[b % RESULTS] = st;
	done = b;
	n_batches++;
	pthread_cond_broadcast(&done_cv);
}

struct db_conn *
db_writer_acquire(void)
{
	enum hd_status st = HD_OK;

	pthread_mutex_lock(&lock);
	waiting++;
	while (busy)
		pthread_cond_wait(&free_cv, &lock);
	waiting--;
	busy = true;
	if (!open_tx && db_wal_frames(writer) > wal_limit) {
		pthread_mutex_unlock(&lock);
		restart_wal();
		pthread_mutex_lock(&lock);
	}
	if (!open_tx) {
		if ((st = db_begin(writer)) == HD_OK) {
			open_tx = true;
			batch++;
		}
	}
	my_batch = batch;
	pthread_mutex_unlock(&lock);
	if (st == HD_OK)
		st = db_begin(writer); /* the job's savepoint */
	if (st != HD_OK) {
		pthread_mutex_lock(&lock);
		/* Others of this batch may wait for its commit. */
		if (open_tx && waiting == 0)
			commit_batch(batch);
		busy = false;
		pthread_cond_signal(&free_cv);
		pthread_mutex_unlock(&lock);
		return NULL;
	}
	return writer;
}

enum hd_status
db_writer_release(struct db_conn *c, enum hd_status st)
{
	uint64_t b = my_batch;
	enum hd_status committed;

	if (st == HD_OK)
		st = db_commit(c); /* RELEASE; rolls back itself on error */
	else
		db_rollback(c);
	pthread_mutex_lock(&lock);
	n_jobs++;
	if (st == HD_OK)
		batch_wrote = true;
	if (waiting == 0)
		commit_batch(b);
	busy = false;
	pthread_cond_signal(&free_cv);
	while (done < b)
		pthread_cond_wait(&done_cv, &lock);
	committed = results[b % RESULTS];
	pthread_mutex_unlock(&lock);
	return st != HD_OK ? st : committed;
}

enum hd_status
db_writer_run(enum hd_status (*job)(struct db_conn *c, void *arg), void *arg)
{
	enum hd_status st, own;
	struct db_conn *c;
	bool again;

	for (int attempt = 1;; attempt++) {
		if ((c = db_writer_acquire()) == NULL)
			return HD_EIO;
		own = job(c, arg);
		/* Read before the release: then the writer is another's. */
		again = own != HD_OK && db_retryable(c);
		st = db_writer_release(c, own);
		if (own == HD_OK && st != HD_OK) {
			pthread_mutex_lock(&lock);
			again = results_retry[my_batch % RESULTS];
			pthread_mutex_unlock(&lock);
		}
		if (st == HD_OK || !again || attempt == DB_RETRY_MAX)
			return st;
		hd_log(HD_LOG_WARN,
		    "database: a deadlock or serialization failure; the job "
		    "runs again (attempt %d of %d)",
		    attempt + 1, DB_RETRY_MAX);
		pthread_mutex_lock(&lock);
		n_retries++;
		pthread_mutex_unlock(&lock);
	}
}

void
db_writer_wal_limit(int frames)
{
	pthread_mutex_lock(&lock);
	wal_limit = frames;
	pthread_mutex_unlock(&lock);
}

void
db_writer_stats_add(struct db_stats *s)
{
	pthread_mutex_lock(&lock);
	s->batches += n_batches;
	s->jobs += n_jobs;
	s->wal_restarts += n_restarts;
	s->retries += n_retries;
	pthread_mutex_unlock(&lock);
}
