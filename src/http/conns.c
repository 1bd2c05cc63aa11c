/* SPDX-License-Identifier: MIT */
/*
 * Connection limits and deadlines (see conns.h for why).
 *
 * Each connection has an entry (its MHD socket context) on one list. The
 * request callbacks move it through four phases: idle after an answer,
 * receiving a request line and headers, receiving a body, and running (no
 * deadline: the request is ours then, and a suspended connection is not
 * the client's fault). The reaper looks at the list a few times a second
 * and shuts down the socket of an entry past its deadline; libmicrohttpd
 * sees the end of the stream and closes the connection as if the client
 * had. The socket stays valid while the reaper holds the lock:
 * libmicrohttpd closes it only after MHD_CONNECTION_NOTIFY_CLOSED, which
 * takes the lock to unlink the entry.
 */
#include "http/conns.h"

#include "util/buf.h"
#include "util/clock.h"
#include "util/config.h"
#include "util/log.h"
#include "util/ticker.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>

/* File descriptors kept for other things than connections: logs, the
 * mail worker, epoll and signalling fds, plus a few per thread for its
 * SQLite connection (database, WAL, shared memory). */
#define FD_HEADROOM 256
#define FD_PER_THREAD 4
/* Without --max-conns, at most this many (a slot costs up to 16 KiB of
 * buffers, CONN_MEMORY in server.c); with a thread per connection, at
 * most as many as before there were limits. */
#define AUTO_MAX 8192
#define AUTO_MAX_THREADED 1000
/* A connection on a /healthz slot must send its request at once. */
#define HEALTHZ_HEADER_MS 2000
/* When more than half the normal slots are taken, connections kept
 * alive between requests are closed after this idle time. */
#define SCARCE_KEEPALIVE_MS 1000
#define LOG_EVERY_MS 60000
#define MHD_LOG_LINES 20 /* each LOG_EVERY_MS */

/* P_IDLE: kept alive after an answer, no request line yet; P_WAIT: new,
 * or a request line came: the request line and headers. */
enum phase { P_IDLE, P_WAIT, P_BODY, P_RUN };

struct entry {
	struct entry *prev, *next; /* the list, under lock */
	int fd;
	bool healthz; /* on one of /healthz's slots */
	bool reaped;  /* shut down already, under lock */
	/* The phase and when it began; body bytes so far. Written by the
	 * connection's thread, read by the reaper: since before phase. */
	_Atomic int64_t since;
	_Atomic uint64_t got;
	atomic_int phase;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static struct hd_ticker tk = {.lock = &lock, .cond = &cond};
static struct entry *head;
static atomic_uint count; /* entries on the list (changed under lock) */
static struct hd_conn_limits lim;
static atomic_uint_fast64_t closed_headers, closed_body, refused_busy;

static const char timeout_answer[] =
    "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n"
    "Content-Length: 0\r\n\r\n";

static uint64_t
raise_nofile(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return 1024;
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < rl.rlim_max) {
		struct rlimit want = rl;

		/* An unlimited hard limit: as much as Linux allows by default
		 * (fs.nr_open), enough for any number we would use. */
		want.rlim_cur =
		    rl.rlim_max == RLIM_INFINITY ? 1048576 : rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &want) == 0)
			rl.rlim_cur = want.rlim_cur;
	}
	return rl.rlim_cur == RLIM_INFINITY ? 1048576 : rl.rlim_cur;
}

void
hd_conns_limits(struct hd_conn_limits *l, int threads, int extra_threads)
{
	uint64_t budget, cap;
	uint64_t other = FD_HEADROOM + (uint64_t)FD_PER_THREAD *
					   (unsigned)(threads + extra_threads);

	memset(l, 0, sizeof(*l));
	l->fd_limit = raise_nofile();
	budget = l->fd_limit > other ? l->fd_limit - other : 0;
	cap = threads == 0 ? AUTO_MAX_THREADED : AUTO_MAX;
	if (hd_cfg.max_conns > 0) {
		l->max_conns = (unsigned)hd_cfg.max_conns;
		if (l->max_conns > budget)
			hd_log(HD_LOG_WARN,
			    "--max-conns %u is more than the file descriptor "
			    "limit (%llu) leaves room for (%llu)",
			    l->max_conns, (unsigned long long)l->fd_limit,
			    (unsigned long long)budget);
	} else {
		l->max_conns = (unsigned)(budget < cap ? budget : cap);
	}
	if (l->max_conns < 2 * HD_HEALTHZ_SLOTS)
		l->max_conns = 2 * HD_HEALTHZ_SLOTS;
	l->per_ip = (unsigned)hd_cfg.conns_per_ip;
	l->header_ms = (unsigned)hd_cfg.header_timeout_ms;
	l->body_ms = (unsigned)hd_cfg.body_timeout_ms;
	l->body_rate = (unsigned)hd_cfg.body_min_rate;
	l->keepalive_ms = (unsigned)hd_cfg.keepalive_ms;
	l->idle_s = 60;
}

/* The entry of conn, or NULL when it has none (out of memory). */
static struct entry *
of(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

	return ci != NULL ? ci->socket_context : NULL;
}

static void
enter(struct entry *e, enum phase p)
{
	atomic_store(&e->since, hd_mono_ms());
	atomic_store(&e->phase, (int)p);
}

/* When e's phase ends at the latest (INT64_MAX: no deadline); *p its
 * phase. keepalive: the idle time allowed now. */
static int64_t
deadline(const struct entry *e, int64_t keepalive, int *p)
{
	int64_t since, ms;

	*p = atomic_load(&e->phase);
	since = atomic_load(&e->since);
	switch (*p) {
	case P_IDLE:
		return since + keepalive;
	case P_WAIT:
		if ((ms = lim.header_ms) == 0)
			return INT64_MAX;
		if (e->healthz && ms > HEALTHZ_HEADER_MS)
			ms = HEALTHZ_HEADER_MS;
		return since + ms;
	case P_BODY:
		if (lim.body_ms == 0)
			return INT64_MAX;
		/* Each byte buys 1/rate seconds more. */
		ms = lim.body_ms;
		if (lim.body_rate > 0)
			ms += (int64_t)(atomic_load(&e->got) * 1000 /
					lim.body_rate);
		return since + ms;
	default:
		return INT64_MAX;
	}
}

/* Under lock: shuts down the entries past their deadline. */
static void
reap(int64_t now)
{
	/* Idle connections go sooner when slots run short. */
	int64_t keepalive =
	    atomic_load(&count) > (lim.max_conns - HD_HEALTHZ_SLOTS) / 2 &&
		    lim.keepalive_ms > SCARCE_KEEPALIVE_MS
		? SCARCE_KEEPALIVE_MS
		: lim.keepalive_ms;
	struct entry *e;

	for (e = head; e != NULL; e = e->next) {
		int p;

		if (e->reaped || now < deadline(e, keepalive, &p))
			continue;
		/* A client that began a request learns why; one that is
		 * idle gets nothing it could take for the answer to a
		 * request it sends just now. */
		if (p != P_IDLE)
			(void)!send(e->fd, timeout_answer,
			    sizeof(timeout_answer) - 1,
			    MSG_NOSIGNAL | MSG_DONTWAIT);
		shutdown(e->fd, SHUT_RDWR);
		e->reaped = true;
		if (p != P_IDLE)
			atomic_fetch_add(
			    p == P_BODY ? &closed_body : &closed_headers, 1);
	}
}

static void *
reaper_main(void *arg)
{
	unsigned tick = lim.keepalive_ms;
	int64_t logged = hd_mono_ms();
	uint64_t seen = 0;

	(void)arg;
	if (lim.header_ms && lim.header_ms < tick)
		tick = lim.header_ms;
	if (lim.body_ms && lim.body_ms < tick)
		tick = lim.body_ms;
	tick = tick / 8 < 20 ? 20 : tick / 8 > 250 ? 250 : tick / 8;
	pthread_mutex_lock(&lock);
	while (!tk.stopping) {
		int64_t now;

		if (!hd_ticker_wait(&tk, (long)tick))
			continue;
		now = hd_mono_ms();
		reap(now);
		if (now - logged >= LOG_EVERY_MS) {
			uint64_t all = atomic_load(&closed_headers) +
				       atomic_load(&closed_body);

			/* One line a minute at most, however many. */
			if (all > seen)
				hd_log(HD_LOG_WARN,
				    "closed %llu connections too slow to "
				    "send their request in the last minute",
				    (unsigned long long)(all - seen));
			seen = all;
			logged = now;
		}
	}
	pthread_mutex_unlock(&lock);
	return NULL;
}

enum hd_status
hd_conns_start(const struct hd_conn_limits *l)
{
	lim = *l;
	return hd_ticker_start(&tk, reaper_main, NULL);
}

void
hd_conns_stop(void)
{
	hd_ticker_stop(&tk);
}

void
hd_conns_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
    enum MHD_ConnectionNotificationCode toe)
{
	struct entry *e = *socket_context;
	const union MHD_ConnectionInfo *ci;

	(void)cls;
	if (toe == MHD_CONNECTION_NOTIFY_CLOSED) {
		if (e == NULL)
			return;
		pthread_mutex_lock(&lock);
		if (e->prev != NULL)
			e->prev->next = e->next;
		else
			head = e->next;
		if (e->next != NULL)
			e->next->prev = e->prev;
		count--;
		pthread_mutex_unlock(&lock);
		free(e);
		*socket_context = NULL;
		return;
	}
	ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
	if (ci == NULL || (e = calloc(1, sizeof(*e))) == NULL)
		return; /* followed by nobody: MHD's timeout still holds */
	e->fd = ci->connect_fd;
	enter(e, P_WAIT);
	pthread_mutex_lock(&lock);
	e->healthz = count >= lim.max_conns - HD_HEALTHZ_SLOTS;
	e->next = head;
	if (head != NULL)
		head->prev = e;
	head = e;
	count++;
	pthread_mutex_unlock(&lock);
	*socket_context = e;
}

void
hd_conns_request_line(struct MHD_Connection *conn)
{
	struct entry *e = of(conn);

	/* A kept connection's headers count from here; a new one's from
	 * the connect. */
	if (e != NULL && atomic_load(&e->phase) == P_IDLE)
		enter(e, P_WAIT);
}

enum hd_status
hd_conns_headers_done(
    struct MHD_Connection *conn, const char *method, const char *url)
{
	struct entry *e = of(conn);

	if (e == NULL)
		return HD_OK;
	atomic_store(&e->got, 0);
	enter(e, P_BODY);
	/* Monitoring only: the health check and the metrics (which count
	 * what the server cut off meanwhile). */
	if (e->healthz &&
	    ((strcmp(url, "/healthz") != 0 && strcmp(url, "/metrics") != 0) ||
		(strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0))) {
		atomic_fetch_add(&refused_busy, 1);
		return HD_EBUSY;
	}
	return HD_OK;
}

void
hd_conns_body(struct MHD_Connection *conn, size_t n)
{
	struct entry *e = of(conn);

	if (e != NULL)
		atomic_fetch_add(&e->got, n);
}

void
hd_conns_body_done(struct MHD_Connection *conn)
{
	struct entry *e = of(conn);

	if (e != NULL && atomic_load(&e->phase) == P_BODY)
		enter(e, P_RUN);
}

void
hd_conns_request_done(struct MHD_Connection *conn, bool completed)
{
	struct entry *e = of(conn);

	/* Waits for the next request line, idle at most the keep-alive
	 * time. (Not MHD's timeout per connection: MHD visits every
	 * connection with one of its own at each turn of its loop.) */
	if (e != NULL && completed)
		enter(e, P_IDLE);
}

void
hd_conns_resp_headers(struct MHD_Connection *conn, struct MHD_Response *resp)
{
	struct entry *e = of(conn);
	char v[32];

	if (e != NULL && e->healthz) {
		MHD_add_response_header(
		    resp, MHD_HTTP_HEADER_CONNECTION, "close");
		return;
	}
	/* Clients that honour it close idle connections first, instead of
	 * racing the server's close with their next request. */
	snprintf(v, sizeof(v), "timeout=%u", lim.keepalive_ms / 1000);
	MHD_add_response_header(resp, "Keep-Alive", v);
}

void
hd_conns_mhd_log(void *cls, const char *fmt, va_list ap)
{
	static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
	static int64_t window;
	static unsigned lines, dropped;
	char msg[512];
	size_t n;
	int64_t now = hd_mono_ms();

	(void)cls;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
		msg[--n] = '\0';
	pthread_mutex_lock(&log_lock);
	if (now - window >= LOG_EVERY_MS) {
		if (dropped > 0)
			hd_log(HD_LOG_WARN,
			    "http: %u more messages of libmicrohttpd in the "
			    "last minute not logged",
			    dropped);
		window = now;
		lines = dropped = 0;
	}
	if (lines < MHD_LOG_LINES) {
		lines++;
		hd_log(HD_LOG_WARN, "http: %s", msg);
	} else {
		dropped++;
	}
	pthread_mutex_unlock(&log_lock);
}

void
hd_conns_metrics(struct hd_buf *b)
{
	hd_buf_printf(b,
	    "# HELP hausdesk_http_connections Open HTTP connections.\n"
	    "# TYPE hausdesk_http_connections gauge\n"
	    "hausdesk_http_connections %u\n"
	    "# HELP hausdesk_http_connections_max Connection slots, those kept "
	    "for /healthz included.\n"
	    "# TYPE hausdesk_http_connections_max gauge\n"
	    "hausdesk_http_connections_max %u\n"
	    "# HELP hausdesk_http_connections_closed_total Connections the "
	    "server cut off: headers or body too slow, or refused with 503 "
	    "on a slot kept for /healthz.\n"
	    "# TYPE hausdesk_http_connections_closed_total counter\n"
	    "hausdesk_http_connections_closed_total{reason=\"headers\"} "
	    "%llu\n"
	    "hausdesk_http_connections_closed_total{reason=\"body\"} %llu\n"
	    "hausdesk_http_connections_closed_total{reason=\"busy\"} %llu\n",
	    (unsigned)atomic_load(&count), lim.max_conns,
	    (unsigned long long)atomic_load(&closed_headers),
	    (unsigned long long)atomic_load(&closed_body),
	    (unsigned long long)atomic_load(&refused_busy));
}
