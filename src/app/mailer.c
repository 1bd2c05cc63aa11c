/* SPDX-License-Identifier: MIT */
/*
 * The mail worker: one thread that claims due mail in the outbox, hands
 * it to the senders (sendpool.c) and records each result.
 *
 * Claim before send: in one writer job the worker counts the attempt of
 * each mail it is about to send and moves its next_attempt_at to the
 * retry the schedule gives (a lease), and sends only once that job is
 * durable. If the result cannot be recorded afterwards, the worker keeps
 * it and records it before it claims anything else; and should the
 * process die first, the lease keeps the mail from being due again
 * before the schedule says. A database that refuses writes therefore
 * stops the mail — it is never sent again and again — and the worker
 * backs off (1 s doubling to 60 s) until the database takes writes.
 */
#include "app/mailer.h"

#include "db/db.h"
#include "mail/message.h"
#include "mail/retry.h"
#include "mail/sendpool.h"
#include "store/feed.h"
#include "store/outbox.h"
#include "util/clock.h"
#include "util/config.h"
#include "util/log.h"
#include "util/metrics.h"
#include "util/ticker.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#define BATCH 64 /* mails claimed in one writer job */
#define IN_HAND_MAX (4 * BATCH)
#define SMTP_SENDERS 4
#define IDLE_MS 5000
/* A result waits at most this long to be recorded with others (one
 * commit for many); all in hand finished, or BATCH of them, go at once. */
#define RECORD_WAIT_MS 100
#define DB_RETRY_MIN_MS 1000
#define DB_RETRY_MAX_MS 60000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static struct hd_ticker tk = {.lock = &lock, .cond = &cond};
/* Under lock: */
static bool woken; /* a commit may have queued mail */
static bool ready; /* a sender finished a mail */

/* The worker thread's own, from start to stop: */
static struct mail_pool *pool;
static struct db_conn *rd; /* for the time of the next due mail */
static struct mail_retry retry;
static struct mail_job *done;	     /* finished, not yet recorded */
static int n_done;		     /* ... how many */
static int64_t done_since;	     /* ... hd_mono_ms of the oldest */
static int64_t in_hand[IN_HAND_MAX]; /* claimed, not yet recorded */
static int n_in_hand;
static bool db_refusing;    /* the last claim or record failed */
static int64_t db_delay_ms; /* the backoff while it does */
static int64_t db_retry_at; /* hd_mono_ms of the next try */
static struct outbox_item items[BATCH + IN_HAND_MAX];

static bool
is_in_hand(int64_t id)
{
	int i;

	for (i = 0; i < n_in_hand; i++)
		if (in_hand[i] == id)
			return true;
	return false;
}

static void
hand_drop(int64_t id)
{
	int i;

	for (i = 0; i < n_in_hand; i++) {
		if (in_hand[i] == id) {
			in_hand[i] = in_hand[--n_in_hand];
			return;
		}
	}
}

/* The database refused a write: hold back and say so, once. */
static void
db_refused(const char *what)
{
	db_delay_ms = db_delay_ms == 0 ? DB_RETRY_MIN_MS : db_delay_ms * 2;
	if (db_delay_ms > DB_RETRY_MAX_MS)
		db_delay_ms = DB_RETRY_MAX_MS;
	db_retry_at = hd_mono_ms() + db_delay_ms;
	if (!db_refusing)
		hd_log(HD_LOG_ERROR,
		    "mail: the database refuses writes (%s); no mail is "
		    "sent until it takes them again (retrying within %d s)",
		    what, DB_RETRY_MAX_MS / 1000);
	db_refusing = true;
}

static void
db_accepted(void)
{
	if (db_refusing)
		hd_log(HD_LOG_INFO,
		    "mail: the database takes writes again; sending mail");
	db_refusing = false;
	db_delay_ms = 0;
}

/* Called by a sender thread when a mail is finished. */
static void
notify(void)
{
	pthread_mutex_lock(&lock);
	ready = true;
	pthread_cond_signal(&cond);
	pthread_mutex_unlock(&lock);
}

/* Appends the list j to the done list. */
static void
done_add(struct mail_job *j)
{
	struct mail_job **tail = &done;

	if (j == NULL)
		return;
	if (done == NULL)
		done_since = hd_mono_ms();
	while (*tail != NULL)
		tail = &(*tail)->next;
	*tail = j;
	for (; j != NULL; j = j->next)
		n_done++;
}

/* Moves the finished mails from the senders to the done list. */
static void
collect(void)
{
	struct mail_job *j = mail_pool_take(pool), *k;

	for (k = j; k != NULL; k = k->next)
		if (k->attempted)
			hd_metrics_mail(k->result == MAIL_SENT);
	done_add(j);
}

/* Whether the done list is to be recorded now rather than with more. */
static bool
record_due(void)
{
	return done != NULL && (n_done >= n_in_hand || n_done >= BATCH ||
				   hd_mono_ms() - done_since >= RECORD_WAIT_MS);
}

/* Records one finished mail inside the writer's transaction. */
static enum hd_status
record_one(struct db_conn *w, struct mail_job *j, int64_t now_ms)
{
	enum hd_status st;

	if (!j->attempted)
		st = store_outbox_release(w, j->id, j->attempt, now_ms);
	else if (j->result == MAIL_SENT)
		st = store_outbox_sent(w, j->id, j->attempt, now_ms / 1000);
	else
		st = store_outbox_failed(w, j->id, j->attempt, j->err,
		    mail_retry_next(&retry, j->attempt, j->queued_at, now_ms,
			j->result == MAIL_PERMFAIL));
	/* The claim was taken over (its lease ran out and another worker
	 * claimed the mail): the result is that worker's. */
	if (st == HD_ENOTFOUND) {
		hd_log(HD_LOG_WARN,
		    "mail %lld: claim %d no longer held; result dropped",
		    (long long)j->id, j->attempt);
		st = HD_OK;
	}
	return st;
}

/* After the results are durable: says which attempts failed, lets go of
 * the mails. */
static void
recorded(int64_t now_ms)
{
	struct mail_job *j;

	while ((j = done) != NULL) {
		done = j->next;
		if (j->attempted && j->result != MAIL_SENT)
			hd_log(HD_LOG_WARN, "mail %lld: %s%s", (long long)j->id,
			    j->err,
			    mail_retry_next(&retry, j->attempt, j->queued_at,
				now_ms, j->result == MAIL_PERMFAIL)
				? " (will retry)"
				: " (failed)");
		hand_drop(j->id);
		mail_job_free(j);
	}
	n_done = 0;
}

/* Appends j to the done list: finished without being sent. */
static void
finish_now(struct mail_job *j, const char *why)
{
	snprintf(j->err, sizeof(j->err), "%s", why);
	hd_metrics_mail(false);
	j->attempted = true;
	j->result = MAIL_PERMFAIL;
	j->next = NULL;
	done_add(j);
}

/* Renders a claimed mail and hands it to the senders. */
static void
dispatch(struct outbox_item *it)
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
	struct mail_job *j = calloc(1, sizeof(*j));

	if (j == NULL) {
		/* Claimed but not sent: the lease brings it back. */
		hd_log(HD_LOG_ERROR, "mail %lld: out of memory",
		    (long long)it->id);
		return;
	}
	j->id = it->id;
	j->attempt = it->attempts;
	j->queued_at = it->queued_at;
	in_hand[n_in_hand++] = it->id;
	if ((j->to_addr = strdup(it->to_addr)) == NULL ||
	    mail_message_render(&m, &j->data, &j->len) != HD_OK) {
		finish_now(j, "message could not be rendered (bad address or "
			      "header)");
		return;
	}
	mail_pool_submit(pool, j);
}

/* Claims up to BATCH due mails not in hand, marking them in mine; *got
 * receives how many. */
static enum hd_status
claim_into(struct db_conn *w, int64_t now_ms, bool *mine, int *n, int *got)
{
	enum hd_status st;
	int i;

	*got = 0;
	st = store_outbox_due(w, now_ms, items, BATCH + n_in_hand, n);
	for (i = 0; i < *n && st == HD_OK && *got < BATCH; i++) {
		if (is_in_hand(items[i].id))
			continue;
		st = store_outbox_claim(w, items[i].id, items[i].attempts,
		    now_ms,
		    now_ms + mail_retry_delay(&retry, items[i].attempts + 1));
		if (st == HD_ENOTFOUND) {
			st = HD_OK;
			continue;
		}
		if (st == HD_OK) {
			items[i].attempts++;
			mine[i] = true;
			(*got)++;
		}
	}
	return st;
}

/*
 * One writer job: records the finished mails (all of the done list) and,
 * when claim is set, claims up to BATCH due mails, which it hands to the
 * senders once the job is durable. One commit for both, so a batch costs
 * one fsync; and as the claim commits only with the results, nothing new
 * is claimed while a result is unrecorded. On failure everything stays
 * as it was (the done list too) and the worker backs off. Returns how
 * many mails it claimed.
 */
static int
step(bool claim)
{
	int64_t now_ms = hd_now_ms();
	bool mine[BATCH + IN_HAND_MAX];
	enum hd_status st = HD_OK;
	int n = 0, i, got = 0;
	struct mail_job *j;
	struct db_conn *w;

	if ((w = db_writer_acquire()) == NULL) {
		db_refused(claim ? "claiming mail" : "recording mail results");
		return 0;
	}
	memset(mine, 0, sizeof(mine));
	for (j = done; j != NULL && st == HD_OK; j = j->next)
		st = record_one(w, j, now_ms);
	if (st == HD_OK && claim)
		st = claim_into(w, now_ms, mine, &n, &got);
	if (db_writer_release(w, st) != HD_OK) {
		db_refused(claim ? "claiming mail" : "recording mail results");
		got = 0;
	} else {
		db_accepted();
		recorded(now_ms);
		for (i = 0; i < n; i++)
			if (mine[i])
				dispatch(&items[i]);
	}
	for (i = 0; i < n; i++)
		store_outbox_item_cleanup(&items[i]);
	return got;
}

/* Milliseconds until the next mail is due (0: now; -1: none queued, or
 * the outbox cannot be read: logged by the database layer). */
static int64_t
next_due(void)
{
	int64_t ms;

	if (store_outbox_next_due(rd, hd_now_ms(), &ms) != HD_OK)
		return -1;
	return ms;
}

/* Whether there is room to claim more, and something to claim. */
static bool
claim_wanted(void)
{
	return n_in_hand + BATCH <= IN_HAND_MAX &&
	       mail_pool_waiting(pool) < mail_pool_senders(pool) &&
	       next_due() == 0;
}

/* How long to sleep when nothing is to be done at once; claimed is what
 * the last step claimed, -1 when it tried no claim. */
static int64_t
idle_ms(int claimed)
{
	int64_t ms;

	if (db_refusing && (ms = db_retry_at - hd_mono_ms()) > 0)
		return ms;
	if (claimed == BATCH)
		return 0; /* there may be more */
	/* Results just recorded made room to claim more. */
	if (claimed < 0 && !db_refusing && claim_wanted())
		return 0;
	/* Results waiting for company: at most RECORD_WAIT_MS. */
	if (done != NULL && !db_refusing) {
		ms = done_since + RECORD_WAIT_MS - hd_mono_ms();
		if (ms <= 0)
			return 0;
		if (ms < IDLE_MS)
			return ms;
	}
	ms = next_due();
	/* Due now, yet not claimed: what is due is in hand, or the senders
	 * have enough to do. A finished mail wakes us. */
	if (ms == 0)
		ms = IDLE_MS;
	return ms < 0 || ms > IDLE_MS ? IDLE_MS : ms;
}

static void *
worker_main(void *arg)
{
	int64_t ms;
	int claimed;
	bool wake;

	(void)arg;
	/* Mail can wait a moment; requests cannot: under load the worker
	 * yields the CPU to the HTTP threads and catches up afterwards. */
	if (setpriority(PRIO_PROCESS, (id_t)gettid(), 10) != 0)
		hd_log(HD_LOG_DEBUG, "mail worker priority unchanged");
	pthread_mutex_lock(&lock);
	while (!tk.stopping) {
		wake = woken;
		woken = ready = false;
		pthread_mutex_unlock(&lock);

		collect();
		/* Another commit just went through: the database takes
		 * writes, try now rather than at the end of the backoff. */
		if (wake && db_refusing)
			db_retry_at = 0;
		claimed = -1;
		if (!db_refusing || hd_mono_ms() >= db_retry_at) {
			bool claim = claim_wanted();

			if (claim ||
			    (done != NULL && (db_refusing || record_due())))
				claimed = step(claim);
			if (!claim)
				claimed = -1;
		}
		ms = idle_ms(claimed);

		pthread_mutex_lock(&lock);
		if (!tk.stopping && !woken && !ready && ms > 0)
			hd_ticker_wait(&tk, (long)ms);
	}
	pthread_mutex_unlock(&lock);

	/* Shutdown: the mails being sent are abandoned at once and count as
	 * a failed attempt; those not yet started are given back. One try to
	 * record it: what cannot be recorded, the leases bring back. */
	mail_pool_stop(pool);
	collect();
	if (done != NULL)
		step(false);
	return NULL;
}

enum hd_status
app_mailer_start(const struct mail_transport_config *cfg)
{
	struct mail_transport_config c = *cfg;
	enum hd_status st;

	retry.base_ms = hd_cfg.mail_retry_ms;
	retry.max_attempts = hd_cfg.mail_max_attempts;
	retry.give_up_ms = hd_cfg.mail_give_up_hours * 3600 * 1000;
	if (c.timeout_ms == 0)
		c.timeout_ms = hd_cfg.smtp_timeout_ms;
	st = mail_pool_new(&c, c.smtp_url != NULL ? SMTP_SENDERS : 1,
	    hd_cfg.mail_from, notify, &pool);
	if (st != HD_OK)
		goto out;
	if ((st = db_open(hd_cfg.db_path, DB_EXISTING, &rd)) != HD_OK)
		goto out;
	st = hd_ticker_start(&tk, worker_main, NULL);
out:
	if (st != HD_OK) {
		db_close(rd);
		rd = NULL;
		mail_pool_free(pool);
		pool = NULL;
	}
	return st;
}

void
app_mailer_wake(void)
{
	pthread_mutex_lock(&lock);
	woken = true;
	pthread_cond_signal(&cond);
	pthread_mutex_unlock(&lock);
}

static void
woken_by_feed(void *arg)
{
	(void)arg;
	app_mailer_wake();
}

void
app_mailer_listen(void)
{
	store_feed_on_mail(woken_by_feed, NULL);
}

void
app_mailer_stop(void)
{
	struct mail_job *j;

	if (!tk.running)
		return;
	hd_ticker_stop(&tk);
	while ((j = done) != NULL) {
		done = j->next;
		mail_job_free(j);
	}
	n_done = n_in_hand = 0;
	mail_pool_free(pool);
	pool = NULL;
	db_close(rd);
	rd = NULL;
}
