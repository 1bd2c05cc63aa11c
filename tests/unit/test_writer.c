/* SPDX-License-Identifier: MIT */
/*
 * The group-committing writer (src/store/writer.c) against a real SQLite
 * file: many threads write at once; every acknowledged job is committed,
 * a failing job fails alone, and jobs share commits.
 */
#include "store/db.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* cmocka.h needs setjmp.h, stdarg.h and stddef.h first. */
#include <cmocka.h>

#define THREADS 16
#define JOBS 50

static char dir[64], path[128];

static void *
worker(void *arg)
{
	int64_t t = (int64_t)(intptr_t)arg;
	int i;

	for (i = 0; i < JOBS; i++) {
		struct db_conn *c = db_writer_acquire();
		enum hd_status st;
		int64_t v = t * 1000 + i;

		assert_non_null(c);
		st = db_exec(c, "INSERT INTO t(v) VALUES (?)", "i", v);
		/* Every 10th job of thread 0 fails after writing. */
		if (t == 0 && i % 10 == 0)
			st = db_writer_release(c, HD_EINVAL);
		else
			st = db_writer_release(c, st);
		if (t == 0 && i % 10 == 0)
			assert_int_equal(st, HD_EINVAL);
		else
			assert_int_equal(st, HD_OK);
	}
	return NULL;
}

static int
setup(void **state)
{
	struct db_conn *c;

	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/hd-writer-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/w.db", dir);
	assert_int_equal(db_open(path, false, &c), HD_OK);
	assert_int_equal(
	    db_exec(c, "CREATE TABLE t(v INTEGER UNIQUE)", ""), HD_OK);
	db_close(c);
	return db_writer_open(path) == HD_OK ? 0 : -1;
}

static int
teardown(void **state)
{
	char p[256];

	(void)state;
	db_writer_close();
	snprintf(p, sizeof(p), "%s/w.db", dir);
	unlink(p);
	snprintf(p, sizeof(p), "%s/w.db-wal", dir);
	unlink(p);
	snprintf(p, sizeof(p), "%s/w.db-shm", dir);
	unlink(p);
	rmdir(dir);
	return 0;
}

static void
concurrent_jobs_are_all_committed_and_a_failing_job_fails_alone(void **state)
{
	pthread_t th[THREADS];
	uint64_t batches, jobs;
	struct db_conn *c;
	int64_t n = 0, bad = 0;
	intptr_t i;

	(void)state;
	for (i = 0; i < THREADS; i++)
		assert_int_equal(
		    pthread_create(&th[i], NULL, worker, (void *)i), 0);
	for (i = 0; i < THREADS; i++)
		pthread_join(th[i], NULL);

	/* A second connection sees exactly the acknowledged rows. */
	assert_int_equal(db_open(path, true, &c), HD_OK);
	assert_int_equal(db_int(c, &n, "SELECT count(*) FROM t", ""), HD_OK);
	assert_int_equal(n, THREADS * JOBS - JOBS / 10);
	assert_int_equal(db_int(c, &bad,
			     "SELECT count(*) FROM t WHERE v < 1000 AND "
			     "v % 10 = 0",
			     ""),
	    HD_OK);
	assert_int_equal(bad, 0);
	db_close(c);

	db_writer_stats(&batches, &jobs);
	assert_int_equal(jobs, THREADS * JOBS);
	/* 16 threads contend: some commits must have carried several. */
	assert_true(batches >= 1 && batches < jobs);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(
		concurrent_jobs_are_all_committed_and_a_failing_job_fails_alone),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
