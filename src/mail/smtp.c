/* SPDX-License-Identifier: MIT */
#include "mail/smtp.h"

#include "util/clock.h"
#include "util/str.h"

#include <curl/curl.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

/* Longest server reply line kept for the error text. */
#define REPLY_MAX 256
/* How often, at least, a send looks at its time-out and the abort flag:
 * libcurl waits for the final reply after the data in a blocking loop of
 * its own that calls the progress callback once a second. */
#define TICK_MS 1000L
/* Sockets of one connection's multi that can be open at once. */
#define SOCKS_MAX 8

/* What a send is waiting for, and so which time-out applies. */
enum phase {
	PH_GREETING, /* connect and the 220 greeting */
	PH_COMMAND,  /* the reply to a command (EHLO, MAIL, RCPT, ...) */
	PH_DATA,     /* the 354 after DATA */
	PH_BLOCK,    /* sending the message */
	PH_DOT,	     /* the reply after the final dot */
};

enum stop { STOP_NONE, STOP_TIMEOUT, STOP_ABORT };

/*
 * The handle, the upload cursor and the reply trace live here, not on the
 * stack of smtp_conn_send: libcurl may still call the debug callback when
 * it closes the connection (QUIT) in smtp_conn_free.
 */
struct smtp_conn {
	char *url;
	char *user;
	char *password;
	long cap_ms;
	CURL *curl;
	CURLM *multi;
	atomic_bool aborted;
	/* The sockets libcurl opened for us and has not closed: a send cut
	 * short shuts them down, so that neither libcurl's wait for a reply
	 * nor its QUIT on closing can hang on a silent server, and no later
	 * send reuses a connection in mid-dialogue. */
	int socks[SOCKS_MAX];
	int nsocks;
	/* state of the current send */
	const char *data;
	size_t len, pos;
	enum phase phase;
	int64_t mark;	       /* hd_mono_ms of the last sign of progress */
	enum stop stop;	       /* why the send was cut short */
	enum phase stop_phase; /* ... and in which phase */
	char verb[5];	       /* verb of the last command we sent */
	char reply[REPLY_MAX]; /* last reply line from the server ... */
	char reply_verb[5];    /* ... and the command it answered */
	char errbuf[CURL_ERROR_SIZE];
};

static long
cap(const struct smtp_conn *s, long ms)
{
	return s->cap_ms > 0 && s->cap_ms < ms ? s->cap_ms : ms;
}

static long
phase_timeout(const struct smtp_conn *s, enum phase p)
{
	static const long t[] = {
	    [PH_GREETING] = SMTP_T_GREETING,
	    [PH_COMMAND] = SMTP_T_COMMAND,
	    [PH_DATA] = SMTP_T_DATA,
	    [PH_BLOCK] = SMTP_T_BLOCK,
	    [PH_DOT] = SMTP_T_DOT,
	};

	return cap(s, t[p]);
}

static char *
dup_opt(const char *s, bool *fail)
{
	char *d;

	if (s == NULL)
		return NULL;
	if ((d = strdup(s)) == NULL)
		*fail = true;
	return d;
}

/* Shuts down every connection of s (in its sending thread only: a
 * socket number may be closed and reused meanwhile in another). */
static void
kill_conns(struct smtp_conn *s)
{
	int i;

	for (i = 0; i < s->nsocks; i++)
		shutdown(s->socks[i], SHUT_RDWR);
}

static curl_socket_t
open_cb(void *arg, curlsocktype purpose, struct curl_sockaddr *a)
{
	struct smtp_conn *s = arg;
	int fd;

	(void)purpose;
	if (s->nsocks == SOCKS_MAX)
		return CURL_SOCKET_BAD;
	fd = socket(a->family, a->socktype | SOCK_CLOEXEC, a->protocol);
	if (fd == -1)
		return CURL_SOCKET_BAD;
	s->socks[s->nsocks++] = fd;
	return fd;
}

static int
close_cb(void *arg, curl_socket_t fd)
{
	struct smtp_conn *s = arg;
	int i;

	for (i = 0; i < s->nsocks; i++) {
		if (s->socks[i] == fd) {
			s->socks[i] = s->socks[--s->nsocks];
			break;
		}
	}
	return close(fd);
}

enum hd_status
smtp_conn_new(const char *url, const char *user, const char *password,
    long cap_ms, struct smtp_conn **out)
{
	struct smtp_conn *s;
	bool fail = false;

	*out = NULL;
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return HD_ENOMEM;
	atomic_init(&s->aborted, false);
	s->url = dup_opt(url, &fail);
	s->user = dup_opt(user, &fail);
	s->password = dup_opt(password, &fail);
	s->cap_ms = cap_ms;
	if (!fail && (s->curl = curl_easy_init()) != NULL &&
	    (s->multi = curl_multi_init()) != NULL) {
		*out = s;
		return HD_OK;
	}
	smtp_conn_free(s);
	return HD_ENOMEM;
}

void
smtp_conn_free(struct smtp_conn *s)
{
	if (s == NULL)
		return;
	/* The connection cache belongs to the multi: closing it sends QUIT
	 * to a connection still open and waits for the answer. After an
	 * abort (shutdown) nobody waits. */
	if (atomic_load(&s->aborted))
		kill_conns(s);
	if (s->multi != NULL)
		curl_multi_cleanup(s->multi);
	if (s->curl != NULL)
		curl_easy_cleanup(s->curl);
	free(s->url);
	free(s->user);
	if (s->password != NULL) {
		sodium_memzero(s->password, strlen(s->password));
		free(s->password);
	}
	free(s);
}

void
smtp_conn_abort(struct smtp_conn *s)
{
	atomic_store(&s->aborted, true);
	/* Ends a wait in curl_multi_poll at once (thread-safe). */
	curl_multi_wakeup(s->multi);
}

/* Whether the send must end now, and why (kept for the error text). */
static bool
must_stop(struct smtp_conn *s)
{
	if (s->stop != STOP_NONE)
		return true;
	if (atomic_load(&s->aborted))
		s->stop = STOP_ABORT;
	else if (hd_mono_ms() - s->mark > phase_timeout(s, s->phase))
		s->stop = STOP_TIMEOUT;
	else
		return false;
	s->stop_phase = s->phase;
	kill_conns(s);
	return true;
}

static void
progress(struct smtp_conn *s, enum phase p)
{
	s->phase = p;
	s->mark = hd_mono_ms();
}

static size_t
read_cb(char *buf, size_t size, size_t nmemb, void *arg)
{
	struct smtp_conn *s = arg;
	size_t n = size * nmemb;

	if (n > s->len - s->pos)
		n = s->len - s->pos;
	memcpy(buf, s->data + s->pos, n);
	s->pos += n;
	/* Everything handed over: what remains is libcurl's final dot and
	 * the wait for its answer. */
	if (s->pos == s->len)
		progress(s, PH_DOT);
	return n;
}

/* libcurl's progress callback: also called once a second while libcurl
 * blocks for the reply to the final dot, where our own loop cannot look. */
static int
xferinfo_cb(void *arg, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
    curl_off_t ulnow)
{
	(void)dltotal;
	(void)dlnow;
	(void)ultotal;
	(void)ulnow;
	return must_stop(arg) ? 1 : 0;
}

/*
 * Keeps the last reply line and the verb of the command it answered,
 * except the answer to QUIT: libcurl sends QUIT after a failure, and the
 * reply that failed is the one we want. Only the first four characters of
 * what we send are looked at, so AUTH credentials are never copied. Every
 * line in or out is progress and says what we wait for next.
 */
static int
debug_cb(CURL *h, curl_infotype type, char *p, size_t n, void *arg)
{
	struct smtp_conn *s = arg;
	size_t i, k;

	(void)h;
	if (type == CURLINFO_HEADER_OUT) {
		for (i = 0; i < 4 && i < n; i++)
			s->verb[i] = p[i];
		s->verb[i] = '\0';
		progress(
		    s, strcasecmp(s->verb, "DATA") == 0 ? PH_DATA : PH_COMMAND);
	} else if (type == CURLINFO_DATA_OUT) {
		progress(s, s->pos == s->len ? PH_DOT : PH_BLOCK);
	} else if (type == CURLINFO_HEADER_IN) {
		/* After 354 we send; after any other reply the next command
		 * follows at once, and its own phase begins with it. */
		progress(s,
		    n >= 3 && memcmp(p, "354", 3) == 0 ? PH_BLOCK : s->phase);
		if (strcasecmp(s->verb, "QUIT") == 0)
			return 0;
		for (i = 0, k = 0; i < n && k + 1 < sizeof(s->reply); i++) {
			unsigned char c = (unsigned char)p[i];

			if (c == '\r' || c == '\n')
				break;
			s->reply[k++] = (c < 0x20 || c >= 0x7f) ? '?' : (char)c;
		}
		s->reply[k] = '\0';
		memcpy(s->reply_verb, s->verb, sizeof(s->reply_verb));
	}
	return 0;
}

/* A 5xx answer to MAIL, RCPT or DATA rejects this message; a 5xx at any
 * other step (greeting, EHLO, AUTH) is a server or configuration problem
 * that must not throw away the outbox, so it is retried. */
static bool
rejects_message(const struct smtp_conn *s, long code)
{
	return code >= 500 && code <= 599 &&
	       (strcasecmp(s->reply_verb, "MAIL") == 0 ||
		   strcasecmp(s->reply_verb, "RCPT") == 0 ||
		   strcasecmp(s->reply_verb, "DATA") == 0);
}

static bool
is_connect_error(CURLcode rc)
{
	return rc == CURLE_COULDNT_CONNECT ||
	       rc == CURLE_COULDNT_RESOLVE_HOST ||
	       rc == CURLE_COULDNT_RESOLVE_PROXY ||
	       rc == CURLE_OPERATION_TIMEDOUT || rc == CURLE_SSL_CONNECT_ERROR;
}

static CURLcode
setup(struct smtp_conn *s, const char *from, struct curl_slist *rcpt)
{
	CURL *c = s->curl;
	CURLcode rc = CURLE_OK;

#define SET(opt, val)                                                          \
	do {                                                                   \
		if (rc == CURLE_OK)                                            \
			rc = curl_easy_setopt(c, opt, val);                    \
	} while (0)
	SET(CURLOPT_URL, s->url);
	SET(CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	if (strncasecmp(s->url, "smtp://", 7) == 0)
		SET(CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
	if (s->user != NULL)
		SET(CURLOPT_USERNAME, s->user);
	if (s->password != NULL)
		SET(CURLOPT_PASSWORD, s->password);
	SET(CURLOPT_MAIL_FROM, from);
	SET(CURLOPT_MAIL_RCPT, rcpt);
	SET(CURLOPT_UPLOAD, 1L);
	SET(CURLOPT_READFUNCTION, read_cb);
	SET(CURLOPT_READDATA, s);
	SET(CURLOPT_INFILESIZE_LARGE, (curl_off_t)s->len);
	/* The phase time-outs are ours (must_stop); libcurl's own are
	 * only a backstop behind them. Its reply time-out is one value for
	 * every reply, so it gets the longest; its connect time-out covers
	 * greeting, EHLO, STARTTLS and AUTH. No total time limit, and no
	 * low-speed limit, which would also cut the 10 minutes libcurl
	 * waits after the final dot. */
	SET(CURLOPT_SERVER_RESPONSE_TIMEOUT,
	    (long)(phase_timeout(s, PH_DOT) / 1000 + 2));
	SET(CURLOPT_CONNECTTIMEOUT_MS,
	    phase_timeout(s, PH_GREETING) + 3 * phase_timeout(s, PH_COMMAND));
	SET(CURLOPT_NOSIGNAL, 1L);
	SET(CURLOPT_OPENSOCKETFUNCTION, open_cb);
	SET(CURLOPT_OPENSOCKETDATA, s);
	SET(CURLOPT_CLOSESOCKETFUNCTION, close_cb);
	SET(CURLOPT_CLOSESOCKETDATA, s);
	SET(CURLOPT_NOPROGRESS, 0L);
	SET(CURLOPT_XFERINFOFUNCTION, xferinfo_cb);
	SET(CURLOPT_XFERINFODATA, s);
	SET(CURLOPT_ERRORBUFFER, s->errbuf);
	/* VERBOSE only routes the protocol trace to debug_cb; nothing is
	 * printed. */
	SET(CURLOPT_DEBUGFUNCTION, debug_cb);
	SET(CURLOPT_DEBUGDATA, s);
	SET(CURLOPT_VERBOSE, 1L);
#undef SET
	return rc;
}

/*
 * Runs the transfer in the multi until it is done or must_stop. A
 * transfer cut short is removed from the multi mid-way, which closes its
 * connection without QUIT: a server that stopped answering gets no
 * second chance to hold us.
 */
static CURLcode
run(struct smtp_conn *s)
{
	CURLcode rc = CURLE_FAILED_INIT;
	int running = 1, queued;
	CURLMsg *msg;

	if (curl_multi_add_handle(s->multi, s->curl) != CURLM_OK)
		return rc;
	for (;;) {
		int64_t left;

		if (curl_multi_perform(s->multi, &running) != CURLM_OK)
			break;
		if ((msg = curl_multi_info_read(s->multi, &queued)) != NULL &&
		    msg->msg == CURLMSG_DONE) {
			rc = msg->data.result;
			break;
		}
		if (must_stop(s)) {
			rc = CURLE_ABORTED_BY_CALLBACK;
			break;
		}
		left = phase_timeout(s, s->phase) - (hd_mono_ms() - s->mark);
		if (left > TICK_MS)
			left = TICK_MS;
		if (left < 1)
			left = 1;
		if (curl_multi_poll(s->multi, NULL, 0, (int)left, NULL) !=
		    CURLM_OK)
			break;
	}
	curl_multi_remove_handle(s->multi, s->curl);
	return rc;
}

static const char *
phase_name(const struct smtp_conn *s)
{
	switch (s->stop_phase) {
	case PH_GREETING:
		return "keine Begrüßung des Servers";
	case PH_DATA:
		return "keine Antwort auf DATA";
	case PH_BLOCK:
		return "der Server nimmt die Daten nicht an";
	case PH_DOT:
		return "keine Antwort nach dem Ende der Daten";
	case PH_COMMAND:
	default:
		return "keine Antwort auf";
	}
}

/* The reason of a send that must_stop cut short. */
static void
stop_err(const struct smtp_conn *s, char *err, size_t errlen)
{
	long ms = phase_timeout(s, s->stop_phase);
	const char *unit = ms % 1000 == 0 ? "s" : "ms";

	if (ms % 1000 == 0)
		ms /= 1000;
	if (s->stop == STOP_ABORT) {
		hd_errf(err, errlen,
		    "abgebrochen: hausdesk wurde beendet (wird wiederholt)");
	} else if (s->stop_phase == PH_COMMAND) {
		hd_errf(err, errlen, "Zeitüberschreitung: %s %s nach %ld %s",
		    phase_name(s), s->verb[0] ? s->verb : "den Befehl", ms,
		    unit);
	} else {
		hd_errf(err, errlen, "Zeitüberschreitung: %s nach %ld %s",
		    phase_name(s), ms, unit);
	}
}

enum mail_send_result
smtp_conn_send(struct smtp_conn *s, const char *from_addr, const char *to_addr,
    const char *data, size_t len, char *err, size_t errlen)
{
	char from[512], to[512];
	struct curl_slist *rcpt = NULL;
	enum mail_send_result res = MAIL_TEMPFAIL;
	const char *why;
	long code = 0;
	CURLcode rc;
	int r;

	r = snprintf(from, sizeof(from), "<%s>", from_addr);
	if (r < 0 || (size_t)r >= sizeof(from) ||
	    snprintf(to, sizeof(to), "<%s>", to_addr) >= (int)sizeof(to)) {
		hd_errf(err, errlen, "address too long");
		return MAIL_PERMFAIL;
	}
	s->stop = STOP_NONE;
	s->phase = PH_GREETING;
	s->mark = hd_mono_ms();
	if (must_stop(s)) {
		stop_err(s, err, errlen);
		return MAIL_TEMPFAIL;
	}
	if ((rcpt = curl_slist_append(NULL, to)) == NULL) {
		hd_errf(err, errlen, "out of memory");
		return MAIL_TEMPFAIL;
	}
	/* Reset drops the options of the last message; the open connection
	 * stays in the multi's cache for reuse. */
	curl_easy_reset(s->curl);
	s->data = data;
	s->len = len;
	s->pos = 0;
	s->reply[0] = '\0';
	s->verb[0] = '\0';
	s->reply_verb[0] = '\0';
	s->errbuf[0] = '\0';
	if ((rc = setup(s, from, rcpt)) == CURLE_OK)
		rc = run(s);
	curl_easy_setopt(s->curl, CURLOPT_MAIL_RCPT, (struct curl_slist *)NULL);
	curl_slist_free_all(rcpt);
	s->data = NULL;
	if (rc == CURLE_OK)
		return MAIL_SENT;
	if (s->stop != STOP_NONE) {
		stop_err(s, err, errlen);
		return MAIL_TEMPFAIL;
	}

	curl_easy_getinfo(s->curl, CURLINFO_RESPONSE_CODE, &code);
	why = s->errbuf[0] != '\0' ? s->errbuf : curl_easy_strerror(rc);
	/* Trust the code only when the reply we saw in this transfer says the
	 * same (the handle is reused, its last code may be older). */
	if (code >= 400 && strtol(s->reply, NULL, 10) == code) {
		if (rejects_message(s, code))
			res = MAIL_PERMFAIL;
		hd_errf(err, errlen, "%s", s->reply);
	} else if (code >= 400)
		hd_errf(err, errlen, "%ld %s", code, why);
	else if (is_connect_error(rc))
		hd_errf(err, errlen, "Verbindung fehlgeschlagen: %s", why);
	else
		hd_errf(err, errlen, "SMTP-Fehler: %s", why);
	return res;
}
