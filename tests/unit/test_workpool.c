/* SPDX-License-Identifier: MIT */
/*
 * The request pools (src/http/workpool.c): every queued request runs
 * once, on a thread of its pool, also when many threads queue at once;
 * stopping runs what is still queued; a stopped pool takes nothing; two
 * pools keep to their own threads.
 */
#include "http/workpool.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

/* cmocka.h needs setjmp.h, stdarg.h and stddef.h first. */
#include <cmocka.h>

#define SUBMITTERS 8
#define EACH 500

struct job {
	struct hd_pool_item item; /* first */
	atomic_int runs;
	pthread_t ran_on;
};

static struct job jobs[SUBMITTERS * EACH];
static struct hd_workpool pool = HD_WORKPOOL_INIT;
static atomic_int total;

static void
run(struct hd_pool_item *it)
{
	struct job *j = (struct job *)it;

	j->ran_on = pthread_self();
	atomic_fetch_add(&j->runs, 1);
	atomic_fetch_add(&total, 1);
	if (atomic_load(&total) % 97 == 0)
		usleep(200); /* some run long, as a commit does */
}

static void *
submitter(void *arg)
{
	intptr_t t = (intptr_t)arg;
	int i;

	for (i = 0; i < EACH; i++) {
		struct job *j = &jobs[t * EACH + i];

		j->item.run = run;
		assert_true(hd_workpool_submit(&pool, &j->item));
	}
	return NULL;
}

static void
every_queued_request_runs_once_on_a_pool_thread(void **state)
{
	pthread_t th[SUBMITTERS];
	intptr_t i;

	(void)state;
	assert_int_equal(hd_workpool_start(&pool, 4), HD_OK);
	for (i = 0; i < SUBMITTERS; i++)
		assert_int_equal(
		    pthread_create(&th[i], NULL, submitter, (void *)i), 0);
	for (i = 0; i < SUBMITTERS; i++)
		pthread_join(th[i], NULL);
	/* Stopping runs what is still queued. */
	hd_workpool_stop(&pool);
	assert_int_equal(atomic_load(&total), SUBMITTERS * EACH);
	for (i = 0; i < SUBMITTERS * EACH; i++) {
		assert_int_equal(atomic_load(&jobs[i].runs), 1);
		assert_false(pthread_equal(jobs[i].ran_on, pthread_self()));
	}
}

static void
a_stopped_pool_takes_nothing(void **state)
{
	struct job j = {.item = {.run = run}};

	(void)state;
	assert_false(hd_workpool_submit(&pool, &j.item));
	assert_int_equal(hd_workpool_start(&pool, 0), HD_EINVAL);
	assert_int_equal(hd_workpool_start(&pool, 2), HD_OK);
	hd_workpool_stop(&pool);
	assert_false(hd_workpool_submit(&pool, &j.item));
	assert_int_equal(atomic_load(&j.runs), 0);
}

/* Whether t is one of p's threads. */
static bool
ran_on(const struct hd_workpool *p, pthread_t t)
{
	for (int i = 0; i < p->n_threads; i++)
		if (pthread_equal(p->threads[i], t))
			return true;
	return false;
}

static void
two_pools_keep_to_their_own_threads(void **state)
{
	static struct hd_workpool other = HD_WORKPOOL_INIT;
	static struct job a[50], b[50];
	struct hd_workpool pa, pb;
	int i;

	(void)state;
	assert_int_equal(hd_workpool_start(&pool, 3), HD_OK);
	assert_int_equal(hd_workpool_start(&other, 1), HD_OK);
	for (i = 0; i < 50; i++) {
		a[i].item.run = run;
		b[i].item.run = run;
		assert_true(hd_workpool_submit(&pool, &a[i].item));
		assert_true(hd_workpool_submit(&other, &b[i].item));
	}
	/* Their threads, before stopping forgets them. */
	pa = pool;
	pb = other;
	hd_workpool_stop(&pool);
	hd_workpool_stop(&other);
	for (i = 0; i < 50; i++) {
		assert_int_equal(atomic_load(&a[i].runs), 1);
		assert_int_equal(atomic_load(&b[i].runs), 1);
		assert_true(ran_on(&pa, a[i].ran_on));
		assert_false(ran_on(&pb, a[i].ran_on));
		assert_true(ran_on(&pb, b[i].ran_on));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(every_queued_request_runs_once_on_a_pool_thread),
	    cmocka_unit_test(a_stopped_pool_takes_nothing),
	    cmocka_unit_test(two_pools_keep_to_their_own_threads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
