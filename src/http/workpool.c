/* SPDX-License-Identifier: MIT */
#include "http/workpool.h"

#include <stdlib.h>

static void *
pool_main(void *arg)
{
	struct hd_workpool *p = arg;
	struct hd_pool_item *it;

	pthread_mutex_lock(&p->lock);
	for (;;) {
		while (p->head == NULL && !p->stopping)
			pthread_cond_wait(&p->cond, &p->lock);
		if (p->head == NULL)
			break; /* stopping, and nothing left */
		it = p->head;
		p->head = it->next;
		if (p->head == NULL)
			p->tail = NULL;
		pthread_mutex_unlock(&p->lock);
		it->next = NULL;
		it->run(it);
		pthread_mutex_lock(&p->lock);
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

enum hd_status
hd_workpool_start(struct hd_workpool *p, int threads)
{
	pthread_attr_t attr;
	int i;

	if (threads < 1 || threads > HD_WORKPOOL_MAX)
		return HD_EINVAL;
	/* The requests need little stack; 256 KiB is far more than used. */
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 256 * 1024);
	p->stopping = false;
	for (i = 0; i < threads; i++)
		if (pthread_create(&p->threads[i], &attr, pool_main, p) != 0)
			break;
	pthread_attr_destroy(&attr);
	p->n_threads = i;
	if (p->n_threads == 0)
		return HD_EIO;
	pthread_mutex_lock(&p->lock);
	p->running = true;
	pthread_mutex_unlock(&p->lock);
	return HD_OK;
}

bool
hd_workpool_submit(struct hd_workpool *p, struct hd_pool_item *item)
{
	bool ok;

	pthread_mutex_lock(&p->lock);
	ok = p->running && !p->stopping;
	if (ok) {
		item->next = NULL;
		if (p->tail != NULL)
			p->tail->next = item;
		else
			p->head = item;
		p->tail = item;
		pthread_cond_signal(&p->cond);
	}
	pthread_mutex_unlock(&p->lock);
	return ok;
}

void
hd_workpool_stop(struct hd_workpool *p)
{
	int i;

	pthread_mutex_lock(&p->lock);
	if (!p->running) {
		pthread_mutex_unlock(&p->lock);
		return;
	}
	p->stopping = true;
	pthread_cond_broadcast(&p->cond);
	pthread_mutex_unlock(&p->lock);
	for (i = 0; i < p->n_threads; i++)
		pthread_join(p->threads[i], NULL);
	pthread_mutex_lock(&p->lock);
	p->running = false;
	p->n_threads = 0;
	pthread_mutex_unlock(&p->lock);
}
