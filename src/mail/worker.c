/* SPDX-License-Identifier: MIT */
#include "mail/worker.h"

#include "mail/message.h"
#include "store/db.h"
#include "store/outbox.h"
#include "util/clock.h"
#include "util/config.h"
#include "util/log.h"
#include "util/metrics.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#define BATCH 64
#define IDLE_MS 5000
#define MAX_BACKOFF_MS (3600 * 1000L)

static pthread_t thread;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static bool woken, stopping, running;
static struct mail_transport *transport;
static struct db_conn *rd; /* the worker's own read connection */

struct result {
	int64_t id;
	bool sent;
	int64_t next_at; /* 0: final failure */
	char err[256];
};

static int64_t
backoff_ms(int attempts)
{
	int64_t d = hd_cfg.mail_retry_ms;
	int i;

	for (i = 0; i < attempts && d < MAX_BACKOFF_MS; i++)
		d *= 2;
	return d < MAX_BACKOFF_MS ? d : MAX_BACKOFF_MS;
}

static void
deliver(struct outbox_item *it, struct result *res)
{
	struct mail_message m = {
	    .from_addr = hd_cfg.mail_from,
	    .from_name = it->from_name,
	    .to_addr = it->to_addr,
	    .to_name = it->to_name[0] ? it->to_name : NULL,
	    .subject = it->subject,
	    .body = it->body,
	    .message_id = it->message_id,
	    .date = it->created_at,
	};
	enum mail_send_result r;
	char *data = NULL;
	size_t len;

	res->id = it->id;
	res->sent = false;
	res->next_at = 0;
	res->err[0] = '\0';
	if (mail_message_render(&m, &data, &len) != HD_OK) {
		snprintf(res->err, sizeof(res->err),
		    "message could not be rendered (bad address or header)");
		return;
	}
	r = mail_transport_send(transport, hd_cfg.mail_from, it->to_addr, data,
	    len, res->err, sizeof(res->err));
	free(data);
	if (r == MAIL_SENT) {
		res->sent = true;
	} else if (r == MAIL_TEMPFAIL &&
		   it->attempts + 1 < hd_cfg.mail_max_attempts) {
		res->next_at = hd_now_ms() + backoff_ms(it->attempts);
	}
	hd_metrics_mail(res->sent);
	if (!res->sent)
		hd_log(HD_LOG_WARN, "mail %lld: %s%s", (long long)it->id,
		    res->err, res->next_at ? " (will retry)" : " (failed)");
}

/* Delivers one batch of due mail; returns how many were due. */
static int
run_batch(void)
{
	struct outbox_item items[BATCH];
	struct result res[BATCH];
	struct db_conn *w;
	enum hd_status st;
	int n = 0, i;

	memset(items, 0, sizeof(items));
	if (rd == NULL)
		return 0;
	st = store_outbox_due(rd, hd_now_ms(), items, BATCH, &n);
	if (st != HD_OK) {
		for (i = 0; i < n; i++)
			store_outbox_item_cleanup(&items[i]);
		return 0;
	}
	for (i = 0; i < n; i++)
		deliver(&items[i], &res[i]);
	if (n > 0 && (w = db_writer_acquire()) != NULL) {
		st = HD_OK;
		for (i = 0; i < n && st == HD_OK; i++) {
			st = res[i].sent
				 ? store_outbox_sent(w, res[i].id, hd_now())
				 : store_outbox_failed(w, res[i].id, res[i].err,
				       res[i].next_at);
		}
		if (db_writer_release(w, st) != HD_OK)
			hd_log(HD_LOG_ERROR, "mail results not recorded");
	}
	for (i = 0; i < n; i++)
		store_outbox_item_cleanup(&items[i]);
	return n;
}

static void *
worker_main(void *arg)
{
	(void)arg;
	/* Mail can wait a moment; requests cannot: under load the worker
	 * yields the CPU to the HTTP threads and catches up afterwards. */
	if (setpriority(PRIO_PROCESS, (id_t)gettid(), 10) != 0)
		hd_log(HD_LOG_DEBUG, "mail worker priority unchanged");
	for (;;) {
		int64_t wait_ms;
		struct timespec ts;

		while (run_batch() == BATCH && !stopping)
			;
		pthread_mutex_lock(&lock);
		if (stopping) {
			pthread_mutex_unlock(&lock);
			break;
		}
		if (!woken) {
			wait_ms =
			    rd ? store_outbox_next_due(rd, hd_now_ms()) : -1;
			if (wait_ms < 0 || wait_ms > IDLE_MS)
				wait_ms = IDLE_MS;
			clock_gettime(CLOCK_REALTIME, &ts);
			ts.tv_sec += wait_ms / 1000;
			ts.tv_nsec += (wait_ms % 1000) * 1000000;
			if (ts.tv_nsec >= 1000000000) {
				ts.tv_sec++;
				ts.tv_nsec -= 1000000000;
			}
			if (wait_ms > 0)
				pthread_cond_timedwait(&cond, &lock, &ts);
		}
		woken = false;
		pthread_mutex_unlock(&lock);
	}
	return NULL;
}

enum hd_status
mail_worker_start(const struct mail_transport_config *cfg)
{
	enum hd_status st;

	if ((st = mail_transport_new(cfg, &transport)) != HD_OK)
		return st;
	if ((st = db_open(hd_cfg.db_path, false, &rd)) != HD_OK) {
		mail_transport_free(transport);
		transport = NULL;
		return st;
	}
	stopping = false;
	if (pthread_create(&thread, NULL, worker_main, NULL) != 0) {
		mail_transport_free(transport);
		transport = NULL;
		return HD_EIO;
	}
	running = true;
	return HD_OK;
}

void
mail_worker_wake(void)
{
	pthread_mutex_lock(&lock);
	woken = true;
	pthread_cond_signal(&cond);
	pthread_mutex_unlock(&lock);
}

void
mail_worker_stop(void)
{
	if (!running)
		return;
	pthread_mutex_lock(&lock);
	stopping = true;
	pthread_cond_signal(&cond);
	pthread_mutex_unlock(&lock);
	pthread_join(thread, NULL);
	running = false;
	mail_transport_free(transport);
	transport = NULL;
	db_close(rd);
	rd = NULL;
}
