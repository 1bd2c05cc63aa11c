/* SPDX-License-Identifier: MIT */
/*
 * Background threads that sleep on a condition variable (util/ticker.h).
 */
#include "util/ticker.h"

#include <errno.h>
#include <time.h>

enum hd_status
hd_ticker_start(struct hd_ticker *t, void *(*fn)(void *), void *arg)
{
	t->stopping = false;
	if (pthread_create(&t->thread, NULL, fn, arg) != 0)
		return HD_EIO;
	t->running = true;
	return HD_OK;
}

void
hd_ticker_stop(struct hd_ticker *t)
{
	if (!t->running)
		return;
	pthread_mutex_lock(t->lock);
	t->stopping = true;
	pthread_cond_signal(t->cond);
	pthread_mutex_unlock(t->lock);
	pthread_join(t->thread, NULL);
	t->running = false;
}

bool
hd_ticker_wait(struct hd_ticker *t, long ms)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += ms / 1000;
	ts.tv_nsec += (ms % 1000) * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	return pthread_cond_timedwait(t->cond, t->lock, &ts) == ETIMEDOUT;
}
