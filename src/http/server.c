/* SPDX-License-Identifier: MIT */
#include "http/server.h"

#include "app/attachment.h"
#include "http/auth.h"
#include "http/conns.h"
#include "http/framing.h"
#include "http/handlers.h"
#include "http/input.h"
#include "http/router.h"
#include "http/static.h"
#include "http/workpool.h"
#include "store/blob.h"
#include "util/buf.h"
#include "util/jsonout.h"
#include "util/log.h"
#include "util/rand.h"
#include "util/str.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* Threads for changing requests: as many as may share one group commit
 * (64 measured no faster, and each holds a read connection). */
#define WRITE_THREADS 32
/* Threads for searches, which scan (hd_defer): few, so that few read
 * connections and allocator arenas are busy with them (on the 32 write
 * threads, with every list handed on, peak RSS in make bench rose from 79
 * to 90 MB). More searches at once wait for each other, nobody else. */
#define SEARCH_THREADS 2

/* Each connection's buffers for request and response headers (and the
 * upload in chunks). libmicrohttpd clears them for every request: at its
 * default of 32 KiB that was 5 % of a kept queue page's CPU. 16 KiB holds
 * what browsers send; more gets 431. */
#define CONN_MEMORY (16 * 1024)

static struct hd_workpool write_pool = HD_WORKPOOL_INIT;
static struct hd_workpool search_pool = HD_WORKPOOL_INIT;

static struct MHD_Daemon *daemon_;
static atomic_bool pooled; /* changing requests go to the write pool */
/* Requests from access_cb's first call to completed_cb: the ones a
 * shutdown lets finish and answers (hd_server_quiesce). */
static atomic_int inflight;
static atomic_bool draining; /* the server is shutting down */

/* Per-connection state of one request. */
struct req_ctx {
	struct hd_buf body;
	bool too_big;
	size_t raw_max; /* the route takes raw bytes, at most this many */
	/* A changing request, or a search, runs on a pool while its
	 * connection is suspended; the answer waits in w until MHD calls
	 * again. */
	struct hd_pool_item item; /* what the pool runs (run_pooled) */
	bool done;
	bool late; /* begun after the shutdown began: refused */
	struct MHD_Connection *conn;
	const char *method, *url; /* the connection's, valid meanwhile */
	struct hd_resp w;
	struct hd_rawuri raw; /* the target as MHD's URI callback saw it */
	bool begun;	      /* access_cb was called */
	/* A route that streams its body (an upload) into a spool file. */
	bool streaming;
	bool stream_too_big;
	enum hd_status stream_st;
	struct blob_spool spool;
};

static bool
has_body(const char *method)
{
	return strcmp(method, "POST") == 0 || strcmp(method, "PATCH") == 0 ||
	       strcmp(method, "PUT") == 0 || strcmp(method, "DELETE") == 0;
}

/* Parses the body into r->body: an object, or {} when empty. */
static enum hd_status
parse_body(struct hd_req *r, struct req_ctx *ctx, const char **why)
{
	const char *ct;

	if (ctx->raw_max > 0) {
		if (ctx->too_big)
			return *why = "the message is larger than the limit "
				      "of this endpoint (30 MiB)",
			       HD_ETOOBIG;
		r->raw = ctx->body.data != NULL ? ctx->body.data : "";
		r->raw_len = ctx->body.len;
		r->body = json_object();
		return r->body ? HD_OK : HD_ENOMEM;
	}
	if (ctx->too_big)
		return *why = "the request body is larger than 1 MiB",
		       HD_ETOOBIG;
	if (ctx->body.len == 0) {
		r->body = json_object();
		return r->body ? HD_OK : HD_ENOMEM;
	}
	ct = MHD_lookup_connection_value(
	    r->mhd, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
	if (!hd_body_media_ok(ct))
		return *why = "send the body as application/json", HD_EMEDIA;
	return hd_body_parse(ctx->body.data, ctx->body.len, &r->body, why);
}

static void
dispatch(struct hd_req *r, struct hd_resp *w, struct req_ctx *ctx)
{
	const struct hd_route *route;
	const char *why = "";
	bool known, begun;
	enum hd_status st;

	route = hd_route_find(r->method, r->path, r->id, &known);
	if (route == NULL) {
		if (known) {
			hd_resp_err(w, HD_EMETHOD, NULL,
			    "method %s is not allowed here", r->method);
			hd_route_allow(r->path, w->allow, sizeof(w->allow));
		} else {
			hd_resp_err(w, HD_ENOTFOUND, NULL, "no such resource");
		}
		return;
	}
	r->rd =
	    db_reader_get(has_body(r->method) ? DB_POOL_CHANGE : DB_POOL_READ);
	if (r->rd == NULL) {
		hd_resp_err(
		    w, HD_EUNAVAIL, NULL, "the database is not available");
		return;
	}
	/* A read-only request sees one snapshot, taken once (at its first
	 * read: hd_auth_resolve must come first). Changing requests read
	 * after their commit, so they take their own. */
	begun = !has_body(r->method) && db_read_begin(r->rd);
	if ((st = hd_auth_resolve(r)) != HD_OK) {
		hd_resp_err(w, st, NULL, "could not check the credentials");
		goto out;
	}
	if ((st = hd_auth_check(r, route->access)) != HD_OK) {
		hd_resp_err(w, st, NULL, "%s",
		    st == HD_EUNAUTH ? "please log in"
		    : st == HD_ECSRF ? "the X-CSRF-Token header is missing "
				       "or wrong"
				     : "you are not allowed to do this");
		goto out;
	}
	if (ctx->streaming) {
		r->upload = &ctx->spool;
		r->upload_too_big = ctx->stream_too_big;
		r->upload_st = ctx->stream_st;
		if ((r->body = json_object()) == NULL)
			st = HD_ENOMEM, why = "out of memory";
	} else if (has_body(r->method))
		st = parse_body(r, ctx, &why);
	else if ((r->body = json_object()) == NULL)
		st = HD_ENOMEM, why = "out of memory";
	if (st != HD_OK) {
		hd_resp_err(w, st, NULL, "%s", why);
		goto out;
	}
	route->fn(r, w);
out:
	db_read_end(r->rd, begun);
}

/* The MHD response carrying w's body, which it takes (NULL on failure,
 * the body dropped); *ct its content type. */
static struct MHD_Response *
body_of(struct hd_resp *w, const char **ct)
{
	struct MHD_Response *resp;
	char *text = NULL;
	size_t len = 0;

	if (w->raw != NULL && w->raw_release != NULL) {
		/* Shared: MHD releases it once sent. */
		resp = MHD_create_response_from_buffer_with_free_callback_cls(
		    w->raw_len, w->raw, w->raw_release, w->raw_cls);
		if (resp == NULL)
			hd_resp_raw_drop(w);
		*ct = w->content_type;
		w->raw = NULL;
		w->raw_release = NULL;
		return resp;
	}
	if (w->raw != NULL) {
		text = w->raw;
		len = w->raw_len;
		w->raw = NULL;
		*ct = w->content_type;
	} else if (w->json != NULL) {
		struct hd_buf b;

		hd_buf_init(&b, HD_MAX_RESPONSE);
		if (hd_json_write(w->json, &b) != HD_OK ||
		    hd_buf_take(&b, &text, &len) != HD_OK) {
			hd_buf_cleanup(&b);
			hd_log(HD_LOG_ERROR, "response could not be written");
			text = NULL;
			len = 0;
			w->status = 500;
		}
	}
	resp = MHD_create_response_from_buffer(len, text ? text : (void *)"",
	    text ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
	if (resp == NULL)
		free(text);
	else if (len == 0 && w->status == 204)
		*ct = NULL;
	return resp;
}

/* Queues resp (taken) with w's status; close (or shutting down): no
 * further request on this connection. */
static enum MHD_Result
queue(struct MHD_Connection *conn, struct hd_resp *w, struct MHD_Response *resp,
    bool close)
{
	enum MHD_Result ret;

	if (close || atomic_load(&draining))
		MHD_add_response_header(
		    resp, MHD_HTTP_HEADER_CONNECTION, "close");
	else
		hd_conns_resp_headers(conn, resp);
	ret = MHD_queue_response(conn, w->status, resp);
	MHD_destroy_response(resp);
	hd_metrics_request(w->status);
	return ret;
}

/* A stored file (h_attachments.c): its own headers, nothing of the
 * API's. */
static enum MHD_Result
send_file(struct MHD_Connection *conn, struct hd_resp *w)
{
	struct MHD_Response *resp = hd_file_response(w->file);

	w->file = NULL;
	if (resp == NULL)
		return MHD_NO;
	return queue(conn, w, resp, false);
}

static enum MHD_Result
send_resp(struct MHD_Connection *conn, struct hd_resp *w)
{
	struct MHD_Response *resp;
	const char *ct = "application/json; charset=utf-8";

	if (w->file != NULL)
		return send_file(conn, w);
	if ((resp = body_of(w, &ct)) == NULL)
		return MHD_NO;
	if (ct != NULL)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, ct);
	MHD_add_response_header(
	    resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	hd_static_security_headers(resp);
	if (w->cookie[0])
		MHD_add_response_header(
		    resp, MHD_HTTP_HEADER_SET_COOKIE, w->cookie);
	if (w->cookie2[0])
		MHD_add_response_header(
		    resp, MHD_HTTP_HEADER_SET_COOKIE, w->cookie2);
	if (w->retry_after > 0) {
		char secs[24];

		snprintf(secs, sizeof(secs), "%d", w->retry_after);
		MHD_add_response_header(
		    resp, MHD_HTTP_HEADER_RETRY_AFTER, secs);
	}
	if (w->allow[0])
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, w->allow);
	return queue(conn, w, resp, w->close);
}

/* Runs one API request: dispatch, and the checks of its answer. With
 * may_defer (on an HTTP thread), w may come back marked to be run again
 * on the pool (hd_defer), without an answer. */
static void
run_request(struct MHD_Connection *conn, const char *method, const char *url,
    struct req_ctx *ctx, struct hd_resp *w, bool may_defer)
{
	struct hd_req r;

	memset(&r, 0, sizeof(r));
	r.mhd = conn;
	r.method = method;
	r.path = url;
	r.may_defer = may_defer;
	dispatch(&r, w, ctx);
	if (w->status == 0 && !w->defer)
		hd_resp_err(w, HD_EIO, NULL, "no answer");
	if (w->status >= 500)
		hd_log(HD_LOG_ERROR, "%s %s -> %u", method, url, w->status);
	db_reader_put(r.rd);
	json_decref(r.body);
}

/* Queues the answer in w and frees what w holds. */
static enum MHD_Result
answer(struct MHD_Connection *conn, struct hd_resp *w)
{
	enum MHD_Result ret = send_resp(conn, w);

	json_decref(w->json);
	hd_resp_raw_drop(w);
	hd_file_resp_free(w->file);
	memset(w, 0, sizeof(*w));
	return ret;
}

/* On a write pool thread: runs the suspended request, then lets MHD call
 * access_cb again to send the answer. */
static void
run_pooled(struct hd_pool_item *item)
{
	struct req_ctx *ctx =
	    (struct req_ctx *)((char *)item - offsetof(struct req_ctx, item));

	run_request(ctx->conn, ctx->method, ctx->url, ctx, &ctx->w, false);
	ctx->done = true;
	MHD_resume_connection(ctx->conn);
}

/* Suspends the connection and hands its request to pool p; false (the
 * connection resumed) when there is no pool. */
static bool
to_pool(struct hd_workpool *p, struct MHD_Connection *conn, const char *method,
    const char *url, struct req_ctx *ctx)
{
	if (!atomic_load(&pooled))
		return false;
	ctx->conn = conn;
	ctx->method = method;
	ctx->url = url;
	ctx->item.run = run_pooled;
	/* Suspended before it is queued: the pool may resume it at once. */
	MHD_suspend_connection(conn);
	if (hd_workpool_submit(p, &ctx->item))
		return true;
	MHD_resume_connection(conn); /* no pool: answer here */
	return false;
}

/* Answers st (why) at once and closes the connection: libmicrohttpd
 * reads no more of it when the answer comes before the body. */
static enum MHD_Result
refuse(struct MHD_Connection *conn, enum hd_status st, const char *why)
{
	struct hd_resp w;

	memset(&w, 0, sizeof(w));
	hd_resp_err(&w, st, NULL, "%s", why);
	w.close = true;
	return answer(conn, &w);
}

/*
 * A route that takes a file: its body goes to a spool file as it comes
 * (docs/attachments.md). A Content-Length over the limit is refused
 * before any of the body is read; a chunked body over it is read to its
 * end and dropped (413 then).
 */
static enum hd_status
stream_begin(struct MHD_Connection *conn, const char *method, const char *url,
    struct req_ctx *ctx, const char **why)
{
	const struct hd_route *route;
	const char *len;
	int64_t ids[2], n = 0;
	bool known;
	enum hd_status st;

	route = hd_route_find(method, url, ids, &known);
	if (route == NULL || !hd_route_streams(route))
		return HD_OK;
	len = MHD_lookup_connection_value(
	    conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (len != NULL && hd_parse_i64(len, 0, INT64_MAX, &n) &&
	    n > app_attachment_max()) {
		*why = "the file is larger than the limit per file";
		return HD_ETOOBIG;
	}
	/* The disk keeps room for the database: refused before the body. */
	if ((st = blob_room(len != NULL && n > 0 ? n : 0)) != HD_OK) {
		*why = st == HD_EFULL ? "there is too little disk space left "
					"for attachments"
				      : "the file cannot be received now";
		return st;
	}
	if ((st = blob_spool_open(&ctx->spool)) != HD_OK) {
		*why = "the file cannot be received now";
		return st;
	}
	ctx->streaming = true;
	return HD_OK;
}

/* Takes n bytes of a streamed body. */
static void
stream_body(struct req_ctx *ctx, const char *data, size_t n)
{
	if (ctx->stream_too_big || ctx->stream_st != HD_OK)
		return;
	if (ctx->spool.size + (int64_t)n > app_attachment_max()) {
		ctx->stream_too_big = true;
		return;
	}
	ctx->stream_st = blob_spool_write(&ctx->spool, data, n);
}

/* A route that takes raw bytes gets a body buffer of its own limit. */
static void
raw_body(const char *method, const char *url, struct req_ctx *ctx)
{
	size_t max = hd_route_raw_max(method, url);

	if (max == 0)
		return;
	ctx->raw_max = max;
	hd_buf_cleanup(&ctx->body);
	hd_buf_init(&ctx->body, max);
}

/* access_cb's first call: the headers are complete, the body to come.
 */
static enum MHD_Result
first_call(struct MHD_Connection *conn, const char *url, const char *method,
    const char *version, struct req_ctx *ctx)
{
	const char *why = NULL;
	enum hd_status st;

	ctx->begun = true;
	/* In flight from here to completed_cb (hd_server_stop waits).
	 */
	atomic_fetch_add(&inflight, 1);
	ctx->late = atomic_load(&draining);
	st = hd_framing_check(conn, method, url, version, &ctx->raw, &why);
	if (st != HD_OK)
		return refuse(conn, st, why);
	if (hd_conns_headers_done(conn, method, url) != HD_OK)
		return refuse(conn, HD_EBUSY,
		    "all connection slots are taken; try again "
		    "shortly");
	if ((st = stream_begin(conn, method, url, ctx, &why)) != HD_OK)
		return refuse(conn, st, why);
	raw_body(method, url, ctx);
	/* Answering on a later call keeps the connection alive (see
	 * docs/architecture.md). */
	return MHD_YES;
}

/* Refuses a request begun after the shutdown began: it is not carried
 * out, and a client may send it again elsewhere. */
static enum MHD_Result
answer_stopping(struct MHD_Connection *conn)
{
	return refuse(conn, HD_ESTOPPING,
	    "the server is shutting down; the request was not carried "
	    "out");
}

static enum MHD_Result
access_cb(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **con_cls)
{
	struct req_ctx *ctx = *con_cls;
	struct hd_resp w;

	(void)cls;
	if (ctx == NULL)
		return MHD_NO; /* uri_cb ran out of memory */
	if (!ctx->begun)
		return first_call(conn, url, method, version, ctx);
	if (ctx->done)
		return answer(conn, &ctx->w);
	if (*upload_data_size > 0) {
		hd_conns_body(conn, *upload_data_size);
		if (ctx->streaming)
			stream_body(ctx, upload_data, *upload_data_size);
		else if (!ctx->too_big && hd_buf_add(&ctx->body, upload_data,
					      *upload_data_size) != HD_OK) {
			ctx->too_big = true;
			hd_buf_cleanup(&ctx->body);
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	hd_conns_body_done(conn);
	if (ctx->late)
		return answer_stopping(conn);
	if (hd_static_owns(url))
		return (enum MHD_Result)hd_static_serve(conn, method, url);
	/* Changing requests wait for the writer: on the pool. */
	if (has_body(method) && to_pool(&write_pool, conn, method, url, ctx))
		return MHD_YES;
	/* Reads are answered here; a search is handed on (hd_defer). */
	memset(&w, 0, sizeof(w));
	run_request(conn, method, url, ctx, &w,
	    !has_body(method) && atomic_load(&pooled));
	if (w.defer) {
		if (to_pool(&search_pool, conn, method, url, ctx))
			return MHD_YES;
		memset(&w, 0, sizeof(w));
		run_request(conn, method, url, ctx, &w, false);
	}
	return answer(conn, &w);
}

static void
completed_cb(void *cls, struct MHD_Connection *conn, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct req_ctx *ctx = *con_cls;

	(void)cls;
	hd_conns_request_done(conn, toe == MHD_REQUEST_TERMINATED_COMPLETED_OK);
	if (ctx == NULL)
		return;
	if (ctx->begun)
		atomic_fetch_sub(&inflight, 1);
	hd_buf_cleanup(&ctx->body);
	if (ctx->streaming)
		blob_spool_close(&ctx->spool);
	json_decref(ctx->w.json); /* an answer never sent */
	hd_resp_raw_drop(&ctx->w);
	hd_file_resp_free(ctx->w.file);
	free(ctx);
	*con_cls = NULL;
}

/* Called with each request line: the request's context starts here, to
 * keep the target's true length for hd_framing_check. */
static void *
uri_cb(void *cls, const char *uri, struct MHD_Connection *conn)
{
	struct req_ctx *ctx;

	(void)cls;
	hd_conns_request_line(conn);
	if ((ctx = calloc(1, sizeof(*ctx))) == NULL)
		return NULL;
	hd_buf_init(&ctx->body, HD_MAX_BODY);
	hd_framing_rawuri(&ctx->raw, uri);
	return ctx;
}

/* Percent-decodes path, keys and values (http/unescape.c). */
static size_t
unescape_cb(void *cls, struct MHD_Connection *conn, char *s)
{
	(void)cls;
	(void)conn;
	return hd_url_unescape(s);
}

static enum hd_status
parse_listen(const char *listen, struct sockaddr_in *sa)
{
	char host[64];
	const char *colon = strrchr(listen, ':');
	int64_t port;

	if (colon == NULL || (size_t)(colon - listen) >= sizeof(host))
		return HD_EINVAL;
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	if (!hd_parse_i64(colon + 1, 0, 65535, &port))
		return HD_EINVAL;
	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	sa->sin_port = htons((uint16_t)port);
	if (host[0] == '\0' || strcmp(host, "*") == 0)
		sa->sin_addr.s_addr = htonl(INADDR_ANY);
	else if (strcmp(host, "localhost") == 0)
		sa->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	else if (inet_pton(AF_INET, host, &sa->sin_addr) != 1)
		return HD_EINVAL;
	return HD_OK;
}

enum hd_status
hd_server_start(const char *listen, int threads)
{
	struct sockaddr_in sa;
	struct hd_conn_limits lim;
	/* A thread per connection: a request waiting for its group
	 * commit blocks only its own connection. */
	unsigned flags =
	    threads == 0 ? MHD_USE_INTERNAL_POLLING_THREAD |
			       MHD_USE_THREAD_PER_CONNECTION | MHD_USE_POLL |
			       MHD_USE_ERROR_LOG | MHD_USE_ITC /* to quiesce */
			 : MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
			       MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG;

	/* The pool's size only with a pool: MHD warns about a size of
	 * 0. */
	struct MHD_OptionItem pool[] = {
	    {MHD_OPTION_THREAD_POOL_SIZE, threads, NULL},
	    {MHD_OPTION_END, 0, NULL},
	};

	if (parse_listen(listen, &sa) != HD_OK)
		return HD_EINVAL;
	hd_conns_limits(&lim, threads, WRITE_THREADS + SEARCH_THREADS);
	if (hd_conns_start(&lim) != HD_OK)
		return HD_EIO;
	/* No MHD_OPTION_STRICT_FOR_CLIENT: hd_framing_check does better
	 * (framing.c says why). */
	/* The logger first: MHD logs the options after it through it.
	 */
	daemon_ = MHD_start_daemon(flags, 0, NULL, NULL, access_cb, NULL,
	    MHD_OPTION_EXTERNAL_LOGGER, hd_conns_mhd_log, NULL,
	    MHD_OPTION_SOCK_ADDR, &sa, MHD_OPTION_ARRAY,
	    threads > 0 ? pool : &pool[1], MHD_OPTION_NOTIFY_COMPLETED,
	    completed_cb, NULL, MHD_OPTION_NOTIFY_CONNECTION, hd_conns_notify,
	    NULL, MHD_OPTION_URI_LOG_CALLBACK, uri_cb, NULL,
	    MHD_OPTION_UNESCAPE_CALLBACK, unescape_cb, NULL,
	    MHD_OPTION_CONNECTION_TIMEOUT, lim.idle_s,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONN_MEMORY,
	    MHD_OPTION_CONNECTION_LIMIT, lim.max_conns,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, lim.per_ip, MHD_OPTION_END);
	if (daemon_ == NULL) {
		hd_conns_stop();
		return HD_EIO;
	}
	hd_log(HD_LOG_INFO,
	    "connections: %u (%u kept for /healthz; file descriptors "
	    "%llu), "
	    "%u per address (0: any); deadlines: headers %u ms, body "
	    "%u ms "
	    "+ 1 s per %u bytes; idle between requests %u ms",
	    lim.max_conns, HD_HEALTHZ_SLOTS, (unsigned long long)lim.fd_limit,
	    lim.per_ip, lim.header_ms, lim.body_ms, lim.body_rate,
	    lim.keepalive_ms);
	/* With a thread per connection a waiting request holds up only
	 * itself; with the pools, changing requests and searches run on
	 * their own. */
	if (threads > 0 &&
	    (hd_workpool_start(&write_pool, WRITE_THREADS) != HD_OK ||
		hd_workpool_start(&search_pool, SEARCH_THREADS) != HD_OK)) {
		hd_workpool_stop(&write_pool);
		MHD_stop_daemon(daemon_);
		daemon_ = NULL;
		hd_conns_stop();
		return HD_EIO;
	}
	atomic_store(&pooled, threads > 0); /* suspending needs the pool */
	return HD_OK;
}

void
hd_server_quiesce(void)
{
	MHD_socket ls;

	atomic_store(&draining, true);
	if (daemon_ == NULL)
		return;
	/* New connections are refused from here on (a proxy tries the
	 * next server); the ones open stay until their requests are
	 * answered. */
	ls = MHD_quiesce_daemon(daemon_);
	if (ls != MHD_INVALID_SOCKET)
		close(ls);
	else
		hd_log(HD_LOG_WARN, "the listening socket stays open until "
				    "the server stops");
}

int
hd_server_inflight(void)
{
	return atomic_load(&inflight);
}

void
hd_server_stop(void)
{
	/* MHD must not stop with suspended connections: the pools first
	 * finish (and resume) every request they hold. */
	atomic_store(&pooled, false); /* from now on: run here */
	hd_workpool_stop(&search_pool);
	hd_workpool_stop(&write_pool);
	if (daemon_ != NULL)
		MHD_stop_daemon(daemon_);
	daemon_ = NULL;
	hd_conns_stop();
}
