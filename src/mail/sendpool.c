/* SPDX-License-Identifier: MIT */
#include "mail/sendpool.h"

#include "util/log.h"

#include <pthread.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

#define SENDERS_MAX 16

struct sender {
	struct mail_pool *pool;
	struct mail_transport *t;
	pthread_t th;
	bool started;
};

struct mail_pool {
	pthread_mutex_t lock;
	pthread_cond_t work;
	struct mail_job *waiting, **waiting_tail;
	struct mail_job *done, **done_tail;
	int nwaiting;
	bool stopping, stopped;
	const char *from;
	void (*notify)(void);
	int n;
	struct sender s[SENDERS_MAX];
};

void
mail_job_free(struct mail_job *j)
{
	if (j == NULL)
		return;
	free(j->to_addr);
	free(j->data);
	free(j);
}

/* Appends j to the list ending at *tail. */
static void
push(struct mail_job ***tail, struct mail_job *j)
{
	j->next = NULL;
	**tail = j;
	*tail = &j->next;
}

static void *
sender_main(void *arg)
{
	struct sender *s = arg;
	struct mail_pool *p = s->pool;
	struct mail_job *j;

	/* Mail can wait a moment; requests cannot (as the worker). */
	if (setpriority(PRIO_PROCESS, (id_t)gettid(), 10) != 0)
		hd_log(HD_LOG_DEBUG, "mail sender priority unchanged");
	pthread_mutex_lock(&p->lock);
	for (;;) {
		while (!p->stopping && p->waiting == NULL)
			pthread_cond_wait(&p->work, &p->lock);
		if (p->stopping)
			break;
		j = p->waiting;
		if ((p->waiting = j->next) == NULL)
			p->waiting_tail = &p->waiting;
		p->nwaiting--;
		pthread_mutex_unlock(&p->lock);
		j->result = mail_transport_send(s->t, p->from, j->to_addr,
		    j->data, j->len, j->err, sizeof(j->err));
		j->attempted = true;
		pthread_mutex_lock(&p->lock);
		push(&p->done_tail, j);
		/* The owner comes for the results when the queue runs low
		 * (to fill it again) and after the last: a wake-up per mail
		 * would cost more than the mail. */
		if (p->nwaiting < p->n) {
			pthread_mutex_unlock(&p->lock);
			p->notify();
			pthread_mutex_lock(&p->lock);
		}
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

enum hd_status
mail_pool_new(const struct mail_transport_config *cfg, int n, const char *from,
    void (*notify)(void), struct mail_pool **out)
{
	struct mail_pool *p;
	enum hd_status st = HD_OK;
	int i;

	*out = NULL;
	if (n < 1 || n > SENDERS_MAX || from == NULL || notify == NULL)
		return HD_EINVAL;
	if ((p = calloc(1, sizeof(*p))) == NULL)
		return HD_ENOMEM;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->work, NULL);
	p->waiting_tail = &p->waiting;
	p->done_tail = &p->done;
	p->from = from;
	p->notify = notify;
	p->n = n;
	for (i = 0; i < n && st == HD_OK; i++) {
		p->s[i].pool = p;
		st = mail_transport_new(cfg, &p->s[i].t);
	}
	for (i = 0; i < n && st == HD_OK; i++) {
		if (pthread_create(&p->s[i].th, NULL, sender_main, &p->s[i]) !=
		    0)
			st = HD_EIO;
		else
			p->s[i].started = true;
	}
	if (st != HD_OK) {
		mail_pool_free(p);
		return st;
	}
	*out = p;
	return HD_OK;
}

void
mail_pool_submit(struct mail_pool *p, struct mail_job *j)
{
	pthread_mutex_lock(&p->lock);
	push(&p->waiting_tail, j);
	p->nwaiting++;
	pthread_cond_signal(&p->work);
	pthread_mutex_unlock(&p->lock);
}

struct mail_job *
mail_pool_take(struct mail_pool *p)
{
	struct mail_job *j;

	pthread_mutex_lock(&p->lock);
	j = p->done;
	p->done = NULL;
	p->done_tail = &p->done;
	pthread_mutex_unlock(&p->lock);
	return j;
}

int
mail_pool_waiting(struct mail_pool *p)
{
	int n;

	pthread_mutex_lock(&p->lock);
	n = p->nwaiting;
	pthread_mutex_unlock(&p->lock);
	return n;
}

int
mail_pool_senders(const struct mail_pool *p)
{
	return p->n;
}

void
mail_pool_stop(struct mail_pool *p)
{
	struct mail_job *j;
	int i;

	pthread_mutex_lock(&p->lock);
	if (p->stopped) {
		pthread_mutex_unlock(&p->lock);
		return;
	}
	p->stopping = true;
	pthread_cond_broadcast(&p->work);
	pthread_mutex_unlock(&p->lock);
	/* The senders waiting for a server must not wait any longer. */
	for (i = 0; i < p->n; i++)
		if (p->s[i].t != NULL)
			mail_transport_abort(p->s[i].t);
	for (i = 0; i < p->n; i++) {
		if (p->s[i].started)
			pthread_join(p->s[i].th, NULL);
		p->s[i].started = false;
	}
	pthread_mutex_lock(&p->lock);
	while ((j = p->waiting) != NULL) {
		p->waiting = j->next;
		j->attempted = false;
		j->result = MAIL_TEMPFAIL;
		push(&p->done_tail, j);
	}
	p->waiting_tail = &p->waiting;
	p->nwaiting = 0;
	p->stopped = true;
	pthread_mutex_unlock(&p->lock);
}

void
mail_pool_free(struct mail_pool *p)
{
	struct mail_job *j;
	int i;

	if (p == NULL)
		return;
	mail_pool_stop(p);
	while ((j = mail_pool_take(p)) != NULL) {
		while (j != NULL) {
			struct mail_job *next = j->next;

			mail_job_free(j);
			j = next;
		}
	}
	for (i = 0; i < p->n; i++)
		mail_transport_free(p->s[i].t);
	pthread_cond_destroy(&p->work);
	pthread_mutex_destroy(&p->lock);
	free(p);
}
