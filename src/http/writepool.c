/* SPDX-License-Identifier: MIT */
#include "http/writepool.h"

#include <pthread.h>
#include <stdlib.h>

#define MAX_THREADS 256

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static struct hd_pool_item *head, *tail;
static pthread_t threads_[MAX_THREADS];
static int n_threads;
static bool running, stopping;

static void *
pool_main(void *arg)
{
	struct hd_pool_item *it;

	(void)arg;
	pthread_mutex_lock(&lock);
	for (;;) {
		while (head == NULL && !stopping)
			pthread_cond_wait(&cond, &lock);
		if (head == NULL)
			break; /* stopping, and nothing left */
		it = head;
		head = it->next;
		if (head == NULL)
			tail = NULL;
		pthread_mutex_unlock(&lock);
		it->next = NULL;
		it->run(it);
		pthread_mutex_lock(&lock);
	}
	pthread_mutex_unlock(&lock);
	return NULL;
}

enum hd_status
hd_writepool_start(int threads)
{
	pthread_attr_t attr;
	int i;

	if (threads < 1 || threads > MAX_THREADS)
		return HD_EINVAL;
	/* The requests need little stack; 256 KiB is far more than used. */
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 256 * 1024);
	stopping = false;
	for (i = 0; i < threads; i++)
		if (pthread_create(&threads_[i], &attr, pool_main, NULL) != 0)
			break;
	pthread_attr_destroy(&attr);
	n_threads = i;
	if (n_threads == 0)
		return HD_EIO;
	pthread_mutex_lock(&lock);
	running = true;
	pthread_mutex_unlock(&lock);
	return HD_OK;
}

bool
hd_writepool_submit(struct hd_pool_item *item)
{
	bool ok;

	pthread_mutex_lock(&lock);
	ok = running && !stopping;
	if (ok) {
		item->next = NULL;
		if (tail != NULL)
			tail->next = item;
		else
			head = item;
		tail = item;
		pthread_cond_signal(&cond);
	}
	pthread_mutex_unlock(&lock);
	return ok;
}

void
hd_writepool_stop(void)
{
	int i;

	pthread_mutex_lock(&lock);
	if (!running) {
		pthread_mutex_unlock(&lock);
		return;
	}
	stopping = true;
	pthread_cond_broadcast(&cond);
	pthread_mutex_unlock(&lock);
	for (i = 0; i < n_threads; i++)
		pthread_join(threads_[i], NULL);
	pthread_mutex_lock(&lock);
	running = false;
	n_threads = 0;
	pthread_mutex_unlock(&lock);
}
