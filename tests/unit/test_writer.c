/* SPDX-License-Identifier: MIT */
/*
 * The group-committing writer (src/db/writer.c) against a real SQLite
 * file: many threads write at once; every acknowledged job is committed,
 * a failing job fails alone, and jobs share commits; committing a change
 * to a credential table bumps the auth epoch, other changes do not
 * (the store's change feed, store/feed.c).
 */
#include "db/db.h"
#include "store/feed.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/* With cmocka.h (which needs setjmp.h, stdarg.h and stddef.h first). */
#include "writer_db.h"

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
	/* The real schema: the epoch test relies on the tables the change
	 * feed watches. */
	writer_db_create(dir, sizeof(dir), "/tmp/hd-writer-XXXXXX", path,
	    sizeof(path), "w.db");
	assert_int_equal(db_open(path, 0, &c), HD_OK);
	assert_int_equal(
	    db_exec(c, "CREATE TABLE t(v INTEGER UNIQUE)", ""), HD_OK);
	assert_int_equal(db_exec(c, "CREATE TABLE big(b BLOB)", ""), HD_OK);
	db_close(c);
	if (store_feed_start() != HD_OK)
		return -1;
	return db_writer_open(path) == HD_OK ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	db_writer_close();
	store_feed_stop();
	writer_db_remove(dir, "w.db");
	return 0;
}

static void
concurrent_jobs_are_all_committed_and_a_failing_job_fails_alone(void **state)
{
	pthread_t th[THREADS];
	struct db_stats ds;
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
	assert_int_equal(db_open(path, DB_READONLY, &c), HD_OK);
	assert_int_equal(db_scalar(c, &n, "SELECT count(*) FROM t", ""), HD_OK);
	assert_int_equal(n, THREADS * JOBS - JOBS / 10);
	assert_int_equal(db_scalar(c, &bad,
			     "SELECT count(*) FROM t WHERE v < 1000 AND "
			     "v % 10 = 0",
			     ""),
	    HD_OK);
	assert_int_equal(bad, 0);
	db_close(c);

	db_stats(&ds);
	assert_int_equal(ds.jobs, THREADS * JOBS);
	/* 16 threads contend: some commits must have carried several. */
	assert_true(ds.batches >= 1 && ds.batches < ds.jobs);
}

static void
committed_changes_to_credential_tables_bump_the_auth_epoch(void **state)
{
	uint64_t e;

	(void)state;
	e = store_auth_epoch();
	job("INSERT INTO orgs(id, name, created_at) VALUES (1, 'ABC', 0)");
	assert_true(store_auth_epoch() > e);

	e = store_auth_epoch();
	job("INSERT INTO users(id, org_id, kind, name, email, created_at) "
	    "VALUES (1, 1, 'employee', 'Frau Huber', 'h@abc.example', 0)");
	assert_true(store_auth_epoch() > e);

	/* Deactivation: the answer to the job comes after the bump. */
	e = store_auth_epoch();
	job("UPDATE users SET active = 0 WHERE id = 1");
	assert_true(store_auth_epoch() > e);

	e = store_auth_epoch();
	job("INSERT INTO sessions(id, token_hash, user_id, csrf_token, "
	    "created_at, expires_at) VALUES (1, 'h1', 1, 'c', 0, 9)");
	assert_true(store_auth_epoch() > e);

	e = store_auth_epoch();
	job("DELETE FROM sessions WHERE id = 1");
	assert_true(store_auth_epoch() > e);

	e = store_auth_epoch();
	job("INSERT INTO api_tokens(org_id, user_id, name, token_hash, "
	    "created_at) VALUES (1, 1, 'erp', 'h2', 0)");
	assert_true(store_auth_epoch() > e);
}

static void
changes_to_other_tables_leave_the_auth_epoch_alone(void **state)
{
	uint64_t e;

	(void)state;
	job("INSERT INTO properties(id, org_id, name, street, postal_code, "
	    "city, created_at) VALUES (1, 1, 'Haus', 'Weg 1', '80331', 'M', 0);"
	    "INSERT INTO process_types(id, org_id, name) VALUES (1, 1, 'S')");
	e = store_auth_epoch();
	job("INSERT INTO processes(id, org_id, number, type_id, property_id, "
	    "reporter_kind, reporter_id, created_by, subject, description, "
	    "created_at, updated_at) VALUES (1, 1, '2026-1', 1, 1, "
	    "'employee', 1, 1, 's', 'd', 0, 0)");
	job("INSERT INTO history(process_id, id, at, event, text) "
	    "VALUES (1, 1, 0, 'created', 'x')");
	job("UPDATE processes SET status = 'closed' WHERE id = 1");
	/* Nothing matched: nothing changed. */
	job("UPDATE users SET name = 'x' WHERE id = 999");
	assert_int_equal(store_auth_epoch(), e);
}

static int mails;

static void
on_mail(void *arg)
{
	(void)arg;
	mails++;
}

/* The mail worker is woken by the feed, after the commit, for new mail
 * and mail queued again — not for its own claims and results. */
static void
queued_mail_is_told_after_its_commit(void **state)
{
	(void)state;
	store_feed_on_mail(on_mail, NULL);
	mails = 0;
	job("INSERT INTO outbox(id, org_id, to_addr, subject, body, kind, "
	    "message_id, next_attempt_at, created_at) VALUES (1, 1, "
	    "'a@abc.example', 's', 'b', 'assigned', '<m1@abc.example>', 0, 0)");
	assert_int_equal(mails, 1);
	job("UPDATE outbox SET attempts = attempts + 1, next_attempt_at = 5 "
	    "WHERE id = 1");
	job("UPDATE outbox SET state = 'failed', last_error = 'x' "
	    "WHERE id = 1");
	job("UPDATE users SET name = 'Frau Huber' WHERE id = 1");
	assert_int_equal(mails, 1);
	/* An admin's resend. */
	job("UPDATE outbox SET state = 'queued', attempts = 0 WHERE id = 1");
	assert_int_equal(mails, 2);
	/* Claimed again, then sent. */
	job("UPDATE outbox SET attempts = attempts + 1 WHERE id = 1");
	job("UPDATE outbox SET state = 'sent' WHERE id = 1");
	assert_int_equal(mails, 2);
	store_feed_on_mail(NULL, NULL);
}

/*
 * Under steady writes the WAL is started anew once it holds more than
 * the limit: it stays near that size instead of growing with every
 * commit, and every acknowledged row is in the database.
 */
static void
the_wal_is_restarted_when_it_has_grown(void **state)
{
	struct db_stats before, after;
	char wal[160];
	struct stat sb;
	struct db_conn *c;
	int64_t n = 0, wal0;
	int i;

	(void)state;
	/* The earlier tests leave a WAL of their size (a restart reuses the
	 * file from its start, it never makes it smaller): what this test
	 * writes must not make it grow by more than 1 MB, where without
	 * restarts it grows by about 3 MB. */
	snprintf(wal, sizeof(wal), "%s-wal", path);
	wal0 = stat(wal, &sb) == 0 ? (int64_t)sb.st_size : 0;
	db_stats(&before);
	db_writer_wal_limit(32);
	/* 400 commits of one 3 KB row each: about 800 frames (3 MB) without
	 * restarts. */
	for (i = 0; i < 400; i++) {
		enum hd_status st;

		c = db_writer_acquire();
		assert_non_null(c);
		st = db_exec(c, "INSERT INTO t(v) VALUES (?)", "i",
		    (int64_t)(5000000 + i));
		if (st == HD_OK)
			st = db_exec(
			    c, "INSERT INTO big VALUES (zeroblob(3000))", "");
		assert_int_equal(db_writer_release(c, st), HD_OK);
	}
	db_writer_wal_limit(16384);
	db_stats(&after);
	assert_true(after.wal_restarts > before.wal_restarts + 5);
	assert_int_equal(stat(wal, &sb), 0);
	assert_true((int64_t)sb.st_size < wal0 + 1024 * 1024);
	assert_int_equal(db_open(path, DB_READONLY, &c), HD_OK);
	assert_int_equal(
	    db_scalar(c, &n, "SELECT count(*) FROM t WHERE v >= 5000000", ""),
	    HD_OK);
	assert_int_equal(n, 400);
	assert_int_equal(
	    db_scalar(c, &n, "SELECT count(*) FROM big", ""), HD_OK);
	assert_int_equal(n, 400);
	db_close(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(
		concurrent_jobs_are_all_committed_and_a_failing_job_fails_alone),
	    cmocka_unit_test(
		committed_changes_to_credential_tables_bump_the_auth_epoch),
	    cmocka_unit_test(
		changes_to_other_tables_leave_the_auth_epoch_alone),
	    cmocka_unit_test(the_wal_is_restarted_when_it_has_grown),
	    cmocka_unit_test(queued_mail_is_told_after_its_commit),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
