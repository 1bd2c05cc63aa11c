/* SPDX-License-Identifier: MIT */
/*
 * The write pool (src/http/writepool.c): every queued request runs once,
 * on a pool thread, also when many threads queue at once; stopping runs
 * what is still queued; a stopped pool takes nothing.
 */
#include "http/writepool.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
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
		assert_true(hd_writepool_submit(&j->item));
	}
	return NULL;
}

static void
every_queued_request_runs_once_on_a_pool_thread(void **state)
{
	pthread_t th[SUBMITTERS];
	intptr_t i;

	(void)state;
	assert_int_equal(hd_writepool_start(4), HD_OK);
	for (i = 0; i < SUBMITTERS; i++)
		assert_int_equal(
		    pthread_create(&th[i], NULL, submitter, (void *)i), 0);
	for (i = 0; i < SUBMITTERS; i++)
		pthread_join(th[i], NULL);
	/* Stopping runs what is still queued. */
	hd_writepool_stop();
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
	assert_false(hd_writepool_submit(&j.item));
	assert_int_equal(hd_writepool_start(0), HD_EINVAL);
	assert_int_equal(hd_writepool_start(2), HD_OK);
	hd_writepool_stop();
	assert_false(hd_writepool_submit(&j.item));
	assert_int_equal(atomic_load(&j.runs), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(every_queued_request_runs_once_on_a_pool_thread),
	    cmocka_unit_test(a_stopped_pool_takes_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
