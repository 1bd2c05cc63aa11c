/* SPDX-License-Identifier: MIT */
/* The single writer connection with group commit (see db.h). */
#include "store/db.h"
#include "store/health.h"
#include "store/vcache.h"
#include "util/log.h"

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#define RESULTS 1024 /* finished batches remembered for slow waiters */
/* WAL frames (of 4 KiB) after which the writer restarts the WAL (see
 * wal_hook); db_writer_wal_limit changes it. */
#define WAL_RESTART_FRAMES 16384

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
static uint64_t n_batches, n_jobs;
static __thread uint64_t my_batch;
static _Atomic uint64_t auth_epoch;
static int wal_frames; /* frames in the WAL after the last commit */
static int wal_limit = WAL_RESTART_FRAMES;
static uint64_t n_restarts;
static bool auth_dirty;	 /* a job of the open batch wrote a credential
			  * table; only the thread holding the writer (busy)
			  * touches it */
static bool batch_wrote; /* a job of the open batch succeeded (likewise) */
static int restart_rc;	 /* how the last WAL restart failed, or 0 */

/*
 * The update hook of the writer connection: notes that the open batch
 * changed a table an authenticated request's identity is read from.
 * users, sessions, api_tokens and orgs are rowid tables (see
 * migrations/001_initial.sql) — SQLite calls no update hook for WITHOUT
 * ROWID tables — and nothing deletes from them without a WHERE clause
 * (the truncate optimisation calls no hook either). Keep it so.
 */
static void
auth_hook(void *arg, int op, const char *dbname, const char *table,
    sqlite3_int64 rowid)
{
	(void)arg;
	(void)op;
	(void)dbname;
	(void)rowid;
	if (strcmp(table, "users") == 0 || strcmp(table, "sessions") == 0 ||
	    strcmp(table, "api_tokens") == 0 || strcmp(table, "orgs") == 0)
		auth_dirty = true;
}

/*
 * After each commit: the number of frames now in the WAL. SQLite starts
 * writing the WAL from its beginning again only when a write transaction
 * begins while every frame is already copied into the database file —
 * which under steady writes never happens, as the background checkpointer
 * is always a few frames behind: the WAL then grows without end (hundreds
 * of MB a minute under load), and each commit writes to new file space,
 * which costs more than overwriting. See restart_wal.
 */
static int
wal_hook(void *arg, sqlite3 *db, const char *name, int frames)
{
	(void)arg;
	(void)db;
	(void)name;
	wal_frames = frames;
	return SQLITE_OK;
}

/*
 * Between batches, when the WAL holds more than wal_limit frames: copies
 * what the background checkpointer has not yet copied and waits for the
 * readers to leave the WAL (RESTART), so that the next batch writes it
 * from the start. Called holding the writer (busy), outside the lock.
 */
static void
restart_wal(void)
{
	int log = 0, copied = 0, rc;

	/* Readers are short; one that is not gone within 100 ms only puts
	 * the restart off to a later batch. */
	sqlite3_busy_timeout(writer->h, 100);
	rc = sqlite3_wal_checkpoint_v2(
	    writer->h, NULL, SQLITE_CHECKPOINT_RESTART, &log, &copied);
	sqlite3_busy_timeout(writer->h, 5000);
	if (rc == SQLITE_OK) {
		wal_frames = 0;
		n_restarts++;
	} else if (rc != SQLITE_BUSY && rc != restart_rc) {
		/* Once: on a full disk it fails before every batch. */
		hd_log(
		    HD_LOG_WARN, "WAL restart: %s", sqlite3_errmsg(writer->h));
	}
	if (rc != SQLITE_BUSY)
		restart_rc = rc;
}

uint64_t
db_auth_epoch(void)
{
	return atomic_load(&auth_epoch);
}

enum hd_status
db_writer_open(const char *path)
{
	enum hd_status st = db_open_existing(path, &writer);

	/* Checkpoints run in the background (checkpoint.c), not in a
	 * request's commit. */
	if (st == HD_OK) {
		/* The inner pages of the indexes every create writes. */
		sqlite3_exec(
		    writer->h, "PRAGMA cache_size=-16000", NULL, NULL, NULL);
		sqlite3_wal_autocheckpoint(writer->h, 0);
		sqlite3_wal_hook(writer->h, wal_hook, NULL);
		sqlite3_update_hook(writer->h, auth_hook, NULL);
		if (vcache_on() && vcache_attach(writer->h) != SQLITE_OK) {
			hd_log(HD_LOG_ERROR,
			    "answer cache: the database lacks a column it "
			    "watches (is it migrated?)");
			db_close(writer);
			writer = NULL;
			return HD_EIO;
		}
		/* After a restart, a WAL grown in a burst shrinks again. */
		sqlite3_exec(writer->h, "PRAGMA journal_size_limit=67108864",
		    NULL, NULL, NULL);
		/* The files as opened, checked before every commit. */
		if ((st = db_health_watch(path)) != HD_OK) {
			db_close(writer);
			writer = NULL;
		}
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
 * nobody waits to add to it. The lock is dropped during the fsync so
 * that arriving jobs count themselves as waiting for the next batch. */
static void
commit_batch(uint64_t b)
{
	bool dirty = auth_dirty, wrote = batch_wrote;
	enum hd_status st;

	auth_dirty = false;
	batch_wrote = false;
	pthread_mutex_unlock(&lock);
	/* A commit into a file deleted or replaced meanwhile would be
	 * acknowledged and lost: two stat calls first. */
	if (db_health_files_ok()) {
		st = db_commit(writer);
	} else {
		db_rollback(writer);
		st = HD_EUNAVAIL;
	}
	if (st == HD_OK && wrote)
		db_health_write_ok();
	/* After the commit (or its failure and rollback — over-invalidating
	 * is harmless) and before any job of the batch is answered: a
	 * reader that sees the new epoch reads the committed rows. */
	if (dirty)
		atomic_fetch_add(&auth_epoch, 1);
	vcache_after_commit();
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
	if (!open_tx && wal_frames > wal_limit) {
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

void
db_writer_wal_limit(int frames)
{
	pthread_mutex_lock(&lock);
	wal_limit = frames;
	pthread_mutex_unlock(&lock);
}

void
db_writer_stats(uint64_t *batches, uint64_t *jobs, uint64_t *wal_restarts)
{
	pthread_mutex_lock(&lock);
	*batches = n_batches;
	*jobs = n_jobs;
	*wal_restarts = n_restarts;
	pthread_mutex_unlock(&lock);
}
