/* SPDX-License-Identifier: MIT */
/*
 * The round-robin turn on PostgreSQL (store_turn_take): two writers in
 * transactions of their own, as two `serve` processes would be. The
 * second to take the same turn waits for the first's commit and then
 * finds the turn moved on, so it routes again: no turn is taken twice,
 * whether the turn's row is new or there already.
 */
#include "db/db.h"
#include "pg_tmp.h"
#include "store/absence.h"

#include <pthread.h>
#include <string.h>

static const char seed_sql[] =
    "INSERT INTO orgs(id, name, created_at) VALUES (1, 'ABC', 0);"
    "INSERT INTO roles(id, org_id, name, assign) VALUES "
    " (1, 1, 'Hausmeister', 1);"
    "INSERT INTO properties(id, org_id, name, street, postal_code, city, "
    " created_at) VALUES (1, 1, 'Max-Planck-Straße 12', "
    " 'Max-Planck-Straße 12', '80331', 'München', 0);";

/* The second writer: takes the turn from `from` to `to` in its own
 * transaction, then (if it lost) once more from what it reads now. */
struct second {
	int64_t from, to, pid, read_after;
	bool taken, taken_after;
	enum hd_status st;
	struct db_conn *c;
};

static void *
second_run(void *arg)
{
	struct second *s = arg;

	s->st = db_begin(s->c);
	if (s->st == HD_OK)
		s->st = store_turn_take(s->c, 1, 1, s->from, s->to, &s->taken);
	if (s->st == HD_OK && !s->taken)
		s->st = db_scalar(s->c, &s->read_after,
		    "SELECT turn FROM role_turns WHERE property_id = 1 AND "
		    "role_id = 1",
		    "");
	if (s->st == HD_OK && !s->taken)
		s->st = store_turn_take(
		    s->c, 1, 1, s->read_after, s->to + 1, &s->taken_after);
	if (s->st == HD_OK)
		s->st = db_commit(s->c);
	else
		db_rollback(s->c);
	return NULL;
}

/* Waits until server process pid waits for a lock (no sleep: it polls
 * the server's own view, up to about 10 s). */
static void
wait_for_lock(struct db_conn *c, int64_t pid)
{
	int64_t n = 0;
	int i;

	for (i = 0; i < 10000 && n == 0; i++) {
		assert_int_equal(db_scalar(c, &n,
				     "SELECT count(*) FROM pg_stat_activity "
				     "WHERE pid = ? AND wait_event_type = "
				     "'Lock'",
				     "i", pid),
		    HD_OK);
		if (n == 0)
			usleep(1000);
	}
	assert_int_equal(n, 1);
}

/* Writer A takes the turn from `from` to `to` and holds its transaction
 * while writer B tries the same; then commits. */
static void
race(int64_t from, int64_t to)
{
	struct db_conn *a = NULL, *watch = NULL;
	struct second b = {.from = from, .to = to};
	pthread_t th;
	bool taken = false;
	int64_t turn = 0;

	assert_int_equal(db_open(pg_target(), 0, &a), HD_OK);
	assert_int_equal(db_open(pg_target(), 0, &watch), HD_OK);
	assert_int_equal(db_open(pg_target(), 0, &b.c), HD_OK);
	b.pid = pg_pid(b.c);
	assert_int_equal(db_begin(a), HD_OK);
	assert_int_equal(store_turn_take(a, 1, 1, from, to, &taken), HD_OK);
	assert_true(taken);
	assert_int_equal(pthread_create(&th, NULL, second_run, &b), 0);
	wait_for_lock(watch, b.pid);
	assert_int_equal(db_commit(a), HD_OK);
	assert_int_equal(pthread_join(th, NULL), 0);
	assert_int_equal(b.st, HD_OK);
	assert_false(b.taken);
	assert_int_equal(b.read_after, to);
	assert_true(b.taken_after);
	assert_int_equal(db_scalar(watch, &turn,
			     "SELECT turn FROM role_turns WHERE "
			     "property_id = 1 AND role_id = 1",
			     ""),
	    HD_OK);
	assert_int_equal(turn, to + 1);
	db_close(a);
	db_close(b.c);
	db_close(watch);
}

static void
two_writers_never_take_the_same_turn(void **state)
{
	struct db_conn *c = NULL;

	(void)state;
	pg_fresh();
	assert_int_equal(db_open(pg_target(), 0, &c), HD_OK);
	assert_int_equal(db_migrate(c), HD_OK);
	assert_int_equal(db_script(c, seed_sql), HD_OK);
	db_close(c);
	race(0, 10);  /* no turn stored yet: both insert */
	race(11, 20); /* stored: both update */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(two_writers_never_take_the_same_turn),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
