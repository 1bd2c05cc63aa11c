/* SPDX-License-Identifier: MIT */
/* The reminder job (remind.h). */
#include "app/remind.h"

#include "app/notify.h"
#include "core/event.h"
#include "store/pctx.h"
#include "store/process.h"
#include "store/remind.h"
#include "util/clock.h"
#include "util/config.h"
#include "util/log.h"
#include "util/ticker.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>

/* Mails to[0..n) about p and writes the history entry (code) naming
 * them. */
static enum hd_status
tell(struct db_conn *c, const struct pctx *p, enum event_code code,
    const struct store_addressee *to, size_t n, int64_t hours)
{
	bool escalated = code == EVENT_ESCALATED;
	enum hd_status st = HD_OK;
	struct event ev;
	size_t i;

	event_init(&ev, code);
	ev.hours = hours;
	for (i = 0; i < n && st == HD_OK; i++) {
		if (ev.n_names < EVENT_NAMES_MAX)
			ev.names[ev.n_names++] = to[i].name;
		st = app_notify_reminder(c, p, &to[i], hours, escalated);
	}
	if (st == HD_OK)
		st = store_history_add(
		    c, p->id, escalated ? "escalated" : "reminder", &ev, 0);
	return st;
}

/* Brings Vorgang d to the level it should have at now. */
static enum hd_status
remind_one(struct db_conn *c, const struct remind_due *d, int64_t now)
{
	struct store_addressee *to = NULL;
	int level = store_remind_level_at(d, now);
	enum hd_status st;
	struct pctx p;
	size_t n = 0;

	if (level <= d->level)
		return HD_OK;
	if ((st = pctx_load(c, d->id, &p)) != HD_OK)
		return st;
	if (d->level < 1) {
		st = store_process_addressees(c, d->id, &to, &n);
		if (st == HD_OK)
			st = tell(c, &p, EVENT_REMINDER, to, n, d->hours);
		free(to);
		to = NULL;
	}
	if (st == HD_OK && level >= 2) {
		st = store_remind_escalation_to(c, d->id, &to, &n);
		if (st == HD_OK)
			st = tell(c, &p, EVENT_ESCALATED, to, n, 2 * d->hours);
		free(to);
	}
	if (st == HD_OK)
		st = store_remind_set_level(c, d->id, level);
	pctx_cleanup(&p);
	return st;
}

/* One job: up to REMIND_BATCH Vorgänge; *n of them. */
static enum hd_status
remind_batch(int64_t now, size_t *n)
{
	struct remind_due due[REMIND_BATCH];
	struct db_conn *c;
	enum hd_status st;
	bool got = false;
	size_t i;

	*n = 0;
	if ((c = db_writer_acquire()) == NULL)
		return HD_EIO;
	st = db_try_lock(c, DB_LOCK_REMINDERS, &got);
	if (st == HD_OK && got)
		st = store_remind_due(c, now, due, REMIND_BATCH, n);
	for (i = 0; st == HD_OK && i < *n; i++)
		st = remind_one(c, &due[i], now);
	st = db_writer_release(c, st);
	if (st != HD_OK)
		*n = 0;
	return st;
}

enum hd_status
app_remind_round(int64_t now, int64_t *count)
{
	enum hd_status st;
	int64_t total = 0;
	size_t n;

	do {
		st = remind_batch(now, &n);
		total += (int64_t)n;
	} while (st == HD_OK && n == REMIND_BATCH);
	if (count != NULL)
		*count = total;
	return st;
}

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake = PTHREAD_COND_INITIALIZER;
/* The thread (hd_ticker: start, stop); its stopping under lock. */
static struct hd_ticker tick = {.lock = &lock, .cond = &wake};

static void *
run(void *arg)
{
	struct timespec until;
	enum hd_status st;
	int64_t n;
	bool stop;

	(void)arg;
	for (;;) {
		if (hd_cfg.test_clock_file != NULL)
			hd_clock_offset_load(hd_cfg.test_clock_file);
		st = app_remind_round(hd_now(), &n);
		if (st != HD_OK)
			hd_log(HD_LOG_WARN, "reminders: round failed (%s)",
			    hd_status_str(st));
		else if (n > 0)
			hd_log(HD_LOG_INFO,
			    "reminders: %lld Vorgänge reminded "
			    "or escalated",
			    (long long)n);
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += hd_cfg.reminder_interval_ms / 1000;
		until.tv_nsec += (hd_cfg.reminder_interval_ms % 1000) * 1000000;
		if (until.tv_nsec >= 1000000000) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000;
		}
		pthread_mutex_lock(&lock);
		while (!tick.stopping && pthread_cond_timedwait(
					     &wake, &lock, &until) != ETIMEDOUT)
			;
		stop = tick.stopping;
		pthread_mutex_unlock(&lock);
		if (stop)
			return NULL;
	}
}

enum hd_status
app_remind_start(void)
{
	return hd_ticker_start(&tick, run, NULL);
}

void
app_remind_stop(void)
{
	hd_ticker_stop(&tick);
}
