/* SPDX-License-Identifier: MIT */
/*
 * The IMAP poller (inbound.h): HAUSDESK_IMAP_URL's mailbox, read with
 * libcurl. Each round: UID SEARCH UNSEEN; for each mail, fetch it, take
 * it (app_inbound_take, durable when it returns) and only then leave it
 * \Seen. libcurl fetches with BODY[], which sets \Seen at once, so the
 * flag is taken off again right after the fetch and set only after the
 * take: a take that fails (the database is down) leaves the mail unseen
 * for the next round. A crash between the fetch and the unflagging (two
 * commands) could leave one mail seen and untaken; docs/mail-in.md says
 * so. A mail taken twice is answered "duplicate" by its Message-ID.
 *
 * One process of the installation polls at a time: it holds the lease
 * "imap" in the database (store_lease_take), renewed every round.
 */
#include "app/inbound.h"
#include "store/inbound.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/config.h"
#include "util/log.h"
#include "util/ticker.h"

#include <curl/curl.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Mails fetched in one round; the rest wait for the next. */
#define IMAP_ROUND_MAX 50
/* The longest URL made from HAUSDESK_IMAP_URL. */
#define IMAP_URL_MAX 2048
/* A SEARCH answer is small: UIDs. */
#define IMAP_SEARCH_MAX (1024 * 1024)
/* Seconds a command may take. */
#define IMAP_TIMEOUT_S 60
/* The lease outlives a round by this much (seconds). */
#define IMAP_LEASE_S 120

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static struct hd_ticker ticker = {.lock = &lock, .cond = &cond};
static const char *poll_url;
static int poll_every_ms;
static char holder[64];

static size_t
collect(char *data, size_t size, size_t n, void *cls)
{
	struct hd_buf *b = cls;

	return hd_buf_add(b, data, size * n) == HD_OK ? size * n : 0;
}

/* Runs one command on the mailbox url (custom: an IMAP command, or NULL
 * to fetch url itself) into b. */
static enum hd_status
imap_run(CURL *h, const char *url, const char *custom, struct hd_buf *b)
{
	CURLcode rc;

	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, custom);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, b);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, (long)IMAP_TIMEOUT_S);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	/* imaps:// verifies the certificate, as curl does by default. */
	if ((rc = curl_easy_perform(h)) != CURLE_OK) {
		hd_log(HD_LOG_WARN, "imap: %s", curl_easy_strerror(rc));
		return HD_EIO;
	}
	return HD_OK;
}

/* The UIDs of "* SEARCH 4 5 9" into uids (at most max), *n of them. */
static void
parse_search(const char *s, unsigned long *uids, size_t max, size_t *n)
{
	const char *p = strstr(s, "* SEARCH");

	*n = 0;
	if (p == NULL)
		return;
	p += strlen("* SEARCH");
	while (*n < max) {
		char *end;
		unsigned long u;

		while (*p == ' ')
			p++;
		if (*p < '0' || *p > '9')
			break;
		u = strtoul(p, &end, 10);
		uids[(*n)++] = u;
		p = end;
	}
}

/* Sets (+) or removes (-) \Seen on uid. */
static enum hd_status
flag_seen(CURL *h, const char *mailbox, unsigned long uid, char how)
{
	char cmd[96];
	struct hd_buf b;
	enum hd_status st;

	snprintf(cmd, sizeof(cmd), "UID STORE %lu %cFLAGS (\\Seen)", uid, how);
	hd_buf_init(&b, IMAP_SEARCH_MAX);
	st = imap_run(h, mailbox, cmd, &b);
	hd_buf_cleanup(&b);
	return st;
}

/* Fetches, takes and flags one mail. */
static enum hd_status
take_one(CURL *h, const char *mailbox, unsigned long uid, bool *taken)
{
	struct app_inbound_in in = {0};
	struct app_inbound_out out;
	char url[IMAP_URL_MAX + 32];
	struct hd_buf b;
	enum hd_status st;

	*taken = false;
	snprintf(url, sizeof(url), "%.*s/;UID=%lu", IMAP_URL_MAX, mailbox, uid);
	hd_buf_init(&b, APP_INBOUND_MAX);
	if ((st = imap_run(h, url, NULL, &b)) != HD_OK)
		goto out;
	/* BODY[] set \Seen: off again until the take is durable. */
	if ((st = flag_seen(h, mailbox, uid, '-')) != HD_OK)
		goto out;
	in.raw = b.data != NULL ? b.data : "";
	in.len = b.len;
	in.cap = hd_cfg.inbound_cap;
	st = app_inbound_take(&in, &out);
	if (st == HD_EINVAL) {
		/* Never readable: seen, so that it is not fetched forever. */
		hd_log(HD_LOG_WARN,
		    "imap: mail UID %lu cannot be read; "
		    "marked seen, not taken",
		    uid);
		st = flag_seen(h, mailbox, uid, '+');
		goto out;
	}
	if (st != HD_OK) {
		hd_log(HD_LOG_WARN,
		    "imap: mail not taken: UID %lu (%s); "
		    "left unseen for the next round",
		    uid, hd_status_str(st));
		goto out;
	}
	*taken = true;
	hd_log(HD_LOG_INFO, "imap: mail UID %lu %s", uid,
	    app_inbound_result_name(out.result));
	st = flag_seen(h, mailbox, uid, '+');
out:
	hd_buf_cleanup(&b);
	return st;
}

enum hd_status
app_imap_poll_once(const char *url, int *taken)
{
	unsigned long uids[IMAP_ROUND_MAX];
	char mailbox[IMAP_URL_MAX];
	enum hd_status st;
	struct hd_buf b;
	size_t n = 0, i, len;
	CURL *h;

	*taken = 0;
	len = strlen(url);
	while (len > 0 && url[len - 1] == '/')
		len--;
	if (len == 0 || len >= sizeof(mailbox))
		return HD_EINVAL;
	memcpy(mailbox, url, len);
	mailbox[len] = '\0';
	if ((h = curl_easy_init()) == NULL)
		return HD_ENOMEM;
	hd_buf_init(&b, IMAP_SEARCH_MAX);
	st = imap_run(h, mailbox, "UID SEARCH UNSEEN", &b);
	if (st == HD_OK && b.data != NULL)
		parse_search(b.data, uids, IMAP_ROUND_MAX, &n);
	hd_buf_cleanup(&b);
	for (i = 0; i < n && st == HD_OK; i++) {
		bool one = false;

		st = take_one(h, mailbox, uids[i], &one);
		*taken += one;
	}
	curl_easy_cleanup(h);
	return st;
}

/* Whether this process holds the lease for the next round. */
static bool
hold_lease(void)
{
	struct db_conn *c;
	enum hd_status st;

	if ((c = db_writer_acquire()) == NULL)
		return false;
	st = store_lease_take(
	    c, "imap", holder, hd_now(), IMAP_LEASE_S + poll_every_ms / 1000);
	if (st == HD_ECONFLICT) {
		db_writer_release(c, HD_OK);
		return false;
	}
	if ((st = db_writer_release(c, st)) != HD_OK)
		hd_log(HD_LOG_WARN,
		    "imap: mail not taken: the lease cannot be written (%s)",
		    hd_status_str(st));
	return st == HD_OK;
}

static void *
run(void *arg)
{
	int taken;

	(void)arg;
	pthread_mutex_lock(&lock);
	while (!ticker.stopping) {
		pthread_mutex_unlock(&lock);
		if (hold_lease() &&
		    app_imap_poll_once(poll_url, &taken) != HD_OK)
			hd_log(HD_LOG_WARN,
			    "imap: the round failed; next in %d ms",
			    poll_every_ms);
		pthread_mutex_lock(&lock);
		if (!ticker.stopping)
			hd_ticker_wait(&ticker, poll_every_ms);
	}
	pthread_mutex_unlock(&lock);
	return NULL;
}

enum hd_status
app_imap_start(const char *url, int poll_ms)
{
	unsigned char rnd[8];
	char hex[2 * sizeof(rnd) + 1];

	if (url == NULL || ticker.running)
		return HD_OK;
	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(hex, sizeof(hex), rnd, sizeof(rnd));
	snprintf(holder, sizeof(holder), "%ld.%s", (long)getpid(), hex);
	poll_url = url;
	poll_every_ms = poll_ms > 0 ? poll_ms : 60000;
	if (hd_ticker_start(&ticker, run, NULL) != HD_OK)
		return HD_EIO;
	hd_log(HD_LOG_INFO, "imap: polling every %d ms", poll_every_ms);
	return HD_OK;
}

void
app_imap_stop(void)
{
	hd_ticker_stop(&ticker);
}
