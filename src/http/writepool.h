/* SPDX-License-Identifier: MIT */
#ifndef HD_WRITEPOOL_H
#define HD_WRITEPOOL_H

#include "util/status.h"

#include <stdbool.h>

/*
 * The threads that run changing requests. A request that changes data
 * waits for its group commit (store/writer.c); on the few HTTP threads
 * that wait would also hold up every read behind it, and at most as many
 * requests as there are HTTP threads could share a commit. The server
 * suspends such a connection, queues the request here and goes on; a
 * pool thread runs it, and many of them wait for the same commit.
 */
struct hd_pool_item {
	struct hd_pool_item *next;
	void (*run)(struct hd_pool_item *);
};

/* Starts threads pool threads. */
enum hd_status hd_writepool_start(int threads);
/* Queues item; its run is called once on a pool thread. False when the
 * pool is not running (the caller runs the request itself). */
bool hd_writepool_submit(struct hd_pool_item *item);
/* Runs what is queued, then ends the threads. */
void hd_writepool_stop(void);

#endif
