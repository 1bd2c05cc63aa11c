/* SPDX-License-Identifier: MIT */
#ifndef HD_TICKER_H
#define HD_TICKER_H

/*
 * The start and stop of a background thread that sleeps on a condition
 * variable between passes (the mail worker, the checkpointer, the
 * reaper of slow connections): one way to start it, to tell it to stop
 * and to join it, and to wait with a time-out.
 */
#include "util/status.h"

#include <pthread.h>
#include <stdbool.h>

struct hd_ticker {
	pthread_mutex_t *lock; /* the owner's: guards stopping */
	pthread_cond_t *cond;  /* signalled to wake the thread */
	pthread_t thread;
	bool running;  /* started (read by the starting thread only) */
	bool stopping; /* hd_ticker_stop was called (under lock) */
};

/* Starts fn(arg) on t's thread with stopping false. HD_EIO when the
 * thread cannot be made. */
enum hd_status hd_ticker_start(
    struct hd_ticker *t, void *(*fn)(void *), void *arg);

/* Sets stopping under the lock, wakes the thread and joins it; nothing
 * when it was not started. */
void hd_ticker_stop(struct hd_ticker *t);

/* With t's lock held: waits until signalled or ms milliseconds have
 * passed. True when the time ran out, false when woken. */
bool hd_ticker_wait(struct hd_ticker *t, long ms);

#endif
