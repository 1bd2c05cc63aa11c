/* SPDX-License-Identifier: MIT */
/* The read pools (see db.h). */
#include "db/db.h"
#include "db/driver.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CONNS DB_POOL_MAX

/* Connections are opened on demand up to max and handed to one request
 * at a time; the last returned is handed out first, so a busy pool keeps
 * using the connections whose caches are warm. */
struct pool {
	pthread_mutex_t lock;
	pthread_cond_t cv;
	struct db_conn *idle[MAX_CONNS];
	int n_idle, n_open, max;
	int cache_kib; /* each connection's page cache */
};

static struct pool pools[] = {
    [DB_POOL_READ] = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER,
	{NULL}, 0, 0, 16, 12000},
    [DB_POOL_CHANGE] = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER,
	{NULL}, 0, 0, 32, 256},
};
static char *reader_target;

enum hd_status
db_reader_set_target(const char *target)
{
	free(reader_target);
	reader_target = strdup(target);
	return reader_target ? HD_OK : HD_ENOMEM;
}

enum hd_status
db_reader_pool_size(int n)
{
	if (n < 1 || n > MAX_CONNS / 2)
		return HD_EINVAL;
	for (int i = 0; i < 2; i++) {
		struct pool *p = &pools[i == 0 ? DB_POOL_READ : DB_POOL_CHANGE];

		pthread_mutex_lock(&p->lock);
		p->max = i == 0 ? n : 2 * n;
		pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->lock);
	}
	return HD_OK;
}

struct db_conn *
db_reader_get(enum db_pool which)
{
	struct pool *p = &pools[which];
	struct db_conn *c = NULL;

	pthread_mutex_lock(&p->lock);
	while (p->n_idle == 0 && p->n_open == p->max)
		pthread_cond_wait(&p->cv, &p->lock);
	if (p->n_idle > 0) {
		c = p->idle[--p->n_idle];
	} else if (reader_target != NULL) {
		p->n_open++; /* reserve the slot, open without the lock */
		pthread_mutex_unlock(&p->lock);
		if (db_open(reader_target, DB_EXISTING, &c) == HD_OK) {
			db_cache_set(c, p->cache_kib);
			c->pool = (int)which;
		}
		pthread_mutex_lock(&p->lock);
		if (c == NULL) {
			p->n_open--;
			pthread_cond_signal(&p->cv);
		}
	}
	pthread_mutex_unlock(&p->lock);
	return c;
}

void
db_reader_put(struct db_conn *c)
{
	struct pool *p;

	if (c == NULL)
		return;
	p = &pools[c->pool];
	pthread_mutex_lock(&p->lock);
	p->idle[p->n_idle++] = c;
	pthread_cond_signal(&p->cv);
	pthread_mutex_unlock(&p->lock);
}

void
db_reader_close_all(void)
{
	size_t i;

	for (i = 0; i < sizeof(pools) / sizeof(pools[0]); i++) {
		struct pool *p = &pools[i];

		pthread_mutex_lock(&p->lock);
		while (p->n_idle > 0) {
			db_close(p->idle[--p->n_idle]);
			p->n_open--;
		}
		pthread_mutex_unlock(&p->lock);
	}
}
