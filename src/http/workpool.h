/* SPDX-License-Identifier: MIT */
#ifndef HD_WORKPOOL_H
#define HD_WORKPOOL_H

#include "util/status.h"

#include <pthread.h>
#include <stdbool.h>

/*
 * Threads that run requests which wait, so that the few HTTP threads,
 * each serving many connections, never do. The server suspends such a
 * connection, queues the request on a pool and goes on; a pool thread
 * runs it and resumes the connection. Two pools (server.c): one for
 * changing requests, which wait for their group commit (store/writer.c)
 * — many of them, so that many share a commit — and a small one for reads
 * that search the database.
 */
struct hd_pool_item {
	struct hd_pool_item *next;
	void (*run)(struct hd_pool_item *);
};

#define HD_WORKPOOL_MAX 256

struct hd_workpool {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct hd_pool_item *head, *tail;
	pthread_t threads[HD_WORKPOOL_MAX];
	int n_threads;
	bool running, stopping;
};

#define HD_WORKPOOL_INIT                                                       \
	{                                                                      \
		.lock = PTHREAD_MUTEX_INITIALIZER,                             \
		.cond = PTHREAD_COND_INITIALIZER                               \
	}

/* Starts threads (1 to HD_WORKPOOL_MAX) threads for p. */
enum hd_status hd_workpool_start(struct hd_workpool *p, int threads);
/* Queues item; its run is called once on a thread of p. False when p is
 * not running (the caller runs the request itself). */
bool hd_workpool_submit(struct hd_workpool *p, struct hd_pool_item *item);
/* Runs what is queued, then ends p's threads. */
void hd_workpool_stop(struct hd_workpool *p);

#endif
