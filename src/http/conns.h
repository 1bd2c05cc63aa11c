/* SPDX-License-Identifier: MIT */
#ifndef HD_CONNS_H
#define HD_CONNS_H

/*
 * Connection limits and deadlines of the HTTP server.
 *
 * libmicrohttpd 0.9.75 has a limit per client address and an idle
 * timeout, which every byte resets: a client sending a header byte every
 * few seconds holds its connection for ever. This module follows each
 * connection (MHD_OPTION_NOTIFY_CONNECTION) through its requests, and a
 * reaper thread shuts down the socket of one whose request line and
 * headers are not complete within their deadline, or whose body arrives
 * slower than the minimum rate. Connections kept alive between requests
 * get a shorter idle timeout, shorter still when slots run short. The
 * last HD_HEALTHZ_SLOTS slots are kept for monitoring: a connection that
 * gets one may only GET /healthz or /metrics, once.
 */

#include "util/status.h"

#include <microhttpd.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Connection slots only /healthz may use, beyond the normal ones. */
#define HD_HEALTHZ_SLOTS 8

struct hd_conn_limits {
	unsigned max_conns;    /* all slots, HD_HEALTHZ_SLOTS included */
	unsigned per_ip;       /* connections per client address; 0: any */
	unsigned header_ms;    /* request line and headers, in total; 0: off */
	unsigned body_ms;      /* body, before the minimum rate counts */
	unsigned body_rate;    /* bytes a second the body must keep up */
	unsigned keepalive_ms; /* idle between requests */
	unsigned idle_s;       /* MHD's: no byte moves in this time */
	uint64_t fd_limit;     /* RLIMIT_NOFILE after raising it */
};

/*
 * Fills *l from hd_cfg for a server with threads HTTP threads (0: one per
 * connection) and extra_threads more that hold database connections.
 * Raises the soft RLIMIT_NOFILE to the hard one; without --max-conns the
 * limit is what the file descriptors allow beside the database's.
 */
void hd_conns_limits(struct hd_conn_limits *l, int threads, int extra_threads);

/* Starts the reaper with the limits in l (copied). HD_EIO if it cannot. */
enum hd_status hd_conns_start(const struct hd_conn_limits *l);
/* Stops the reaper (after the daemon is stopped). */
void hd_conns_stop(void);

/* MHD_OPTION_NOTIFY_CONNECTION: follows connections as they open, close. */
void hd_conns_notify(void *cls, struct MHD_Connection *conn,
    void **socket_context, enum MHD_ConnectionNotificationCode toe);

/* The request line of a new request arrived (MHD's URI callback). */
void hd_conns_request_line(struct MHD_Connection *conn);
/*
 * The headers are complete (access_cb's first call): the body's deadline
 * starts. HD_EBUSY when the connection has one of /healthz's slots and
 * asks for anything but GET /healthz or /metrics; HD_OK otherwise.
 */
enum hd_status hd_conns_headers_done(
    struct MHD_Connection *conn, const char *method, const char *url);
/* n more bytes of the body arrived. */
void hd_conns_body(struct MHD_Connection *conn, size_t n);
/* The body is complete: no deadline while the request runs. */
void hd_conns_body_done(struct MHD_Connection *conn);
/* The request ended (MHD's completed callback); completed: answered. */
void hd_conns_request_done(struct MHD_Connection *conn, bool completed);
/* Adds Connection: close (on /healthz's slots) or the Keep-Alive time to
 * an answer on conn. */
void hd_conns_resp_headers(
    struct MHD_Connection *conn, struct MHD_Response *resp);

/* MHD_OPTION_EXTERNAL_LOGGER: libmicrohttpd's messages into the log, a
 * few a minute (it writes one for each connection refused or cut). */
void hd_conns_mhd_log(void *cls, const char *fmt, va_list ap);

struct hd_buf;

/* Appends the connection gauges and counters to the /metrics text in b. */
void hd_conns_metrics(struct hd_buf *b);

#endif
