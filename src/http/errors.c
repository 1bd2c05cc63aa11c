/* SPDX-License-Identifier: MIT */
#include "db/health.h"
#include "http/http.h"
#include "util/str.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The one mapping from hd_status to HTTP status and error code. */
static const struct {
	unsigned http;
	const char *code;
} table[] = {
    [HD_OK] = {200, "ok"},
    [HD_ENOMEM] = {500, "internal_error"},
    [HD_EINVAL] = {422, "invalid_field"},
    [HD_ENOTFOUND] = {404, "not_found"},
    [HD_ECONFLICT] = {409, "conflict"},
    [HD_EFORBIDDEN] = {403, "forbidden"},
    [HD_EUNAUTH] = {401, "unauthenticated"},
    [HD_EGONE] = {410, "token_used"},
    [HD_ETOOBIG] = {413, "too_large"},
    [HD_EMEDIA] = {415, "unsupported_media_type"},
    [HD_EUNPROCESSABLE] = {422, "invalid_field"},
    [HD_EBADJSON] = {400, "invalid_json"},
    [HD_EBADTOKEN] = {400, "invalid_token"},
    [HD_ECSRF] = {403, "csrf_failed"},
    [HD_ERATE] = {429, "too_many_requests"},
    [HD_EAMBIGUOUS] = {409, "org_required"},
    [HD_EIO] = {500, "internal_error"},
    [HD_EBADREQ] = {400, "bad_request"},
    [HD_ENOTIMPL] = {501, "not_implemented"},
    [HD_EMETHOD] = {405, "method_not_allowed"},
    [HD_EBUSY] = {503, "server_busy"},
    [HD_EFULL] = {507, "storage_full"},
    [HD_EUNAVAIL] = {503, "database_unavailable"},
    [HD_ESTOPPING] = {503, "shutting_down"},
    [HD_ETYPE] = {415, "unsupported_type"},
    [HD_EQUOTA] = {507, "quota_exceeded"},
};

/*
 * Makes s valid UTF-8 in place, each byte that starts no valid character
 * becoming '?'. A message may quote the request (the method of a 405) and
 * be cut at its 512th byte; JSON text must be UTF-8, and without this
 * json_pack failed and the client got no error body at all (found by
 * tests/fuzz/fuzz_url.c with a method byte 0x9f).
 */
static void
utf8_scrub(char *s)
{
	size_t i = 0, n = strlen(s), len;
	unsigned char c;

	while (i < n) {
		c = (unsigned char)s[i];
		len = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
		if (len > n - i || !hd_utf8_valid(s + i, len)) {
			s[i++] = '?';
			continue;
		}
		i += len;
	}
}

void
hd_resp_err(struct hd_resp *w, enum hd_status st, const char *field,
    const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	json_t *j;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	utf8_scrub(msg);
	if ((unsigned)st >= sizeof(table) / sizeof(table[0]) || st == HD_OK)
		st = HD_EIO;
	/* A failure while the database is known to be full, gone or
	 * damaged is that, whatever path it took; and the message says
	 * which. */
	st = db_health_status(st);
	if (st == HD_EFULL || st == HD_EUNAVAIL) {
		const char *why;
		size_t n = strlen(msg);

		if (db_health_get(&why) == DB_COND_OK)
			why = st == HD_EFULL ? "the disk holding the database "
					       "is full"
					     : "the database is not available";
		snprintf(msg + n, sizeof(msg) - n, ": %s", why);
	}
	j = json_pack("{s:{s:s,s:s,s:o}}", "error", "code", table[st].code,
	    "message", msg, "field", hd_json_str_or_null(field));
	hd_resp_json(w, table[st].http, j);
}

void
hd_resp_json(struct hd_resp *w, unsigned status, json_t *json)
{
	hd_resp_raw_drop(w); /* the JSON is the answer now */
	json_decref(w->json);
	w->json = json;
	w->status = json ? status : 500;
}

void
hd_resp_raw_drop(struct hd_resp *w)
{
	if (w->raw_release != NULL)
		w->raw_release(w->raw_cls);
	else
		free(w->raw);
	w->raw = NULL;
	w->raw_release = NULL;
	w->raw_cls = NULL;
}

void
hd_resp_shared(struct hd_resp *w, const char *json, size_t len,
    void (*release)(void *cls), void *cls)
{
	json_decref(w->json);
	w->json = NULL;
	hd_resp_raw_drop(w);
	w->raw = (char *)json; /* MHD only reads it */
	w->raw_len = len;
	w->raw_release = release;
	w->raw_cls = cls;
	w->content_type = "application/json; charset=utf-8";
	w->status = 200;
}

void
hd_resp_buf(
    struct hd_resp *w, unsigned status, struct hd_buf *b, enum hd_status err)
{
	json_decref(w->json);
	w->json = NULL;
	hd_resp_raw_drop(w);
	if (err != HD_OK || hd_buf_take(b, &w->raw, &w->raw_len) != HD_OK) {
		hd_buf_cleanup(b);
		/* A database failure is answered as what it is; one of the
		 * writing (too big, bad text) is the server's: 500. */
		if (err != HD_EFULL && err != HD_EUNAVAIL && err != HD_ENOMEM)
			err = HD_EIO;
		hd_resp_err(w, err, NULL, "could not write the answer");
		return;
	}
	w->content_type = "application/json; charset=utf-8";
	w->status = status;
}

void
hd_resp_empty(struct hd_resp *w)
{
	json_decref(w->json);
	w->json = NULL;
	w->status = 204;
}

void
hd_resp_list(struct hd_resp *w, json_t *items, int64_t next)
{
	char buf[32];
	json_t *cur = json_null();

	if (next > 0) {
		snprintf(buf, sizeof(buf), "%lld", (long long)next);
		cur = json_string(buf);
	}
	hd_resp_json(
	    w, 200, json_pack("{s:o,s:o}", "items", items, "next", cur));
}

void
hd_resp_read(struct hd_resp *w, unsigned status, enum hd_status st, json_t *j,
    const char *what)
{
	if (st == HD_OK) {
		hd_resp_json(w, status, j);
		return;
	}
	json_decref(j);
	if (st == HD_ENOTFOUND)
		hd_resp_err(w, st, NULL, "no such %s", what);
	else
		hd_resp_err(w, st, NULL, "could not read the %s", what);
}

void
hd_resp_page(struct hd_resp *w, enum hd_status st, json_t *items, int64_t next,
    const char *what)
{
	if (st == HD_OK)
		hd_resp_list(w, items, next);
	else
		hd_resp_err(w, st, NULL, "could not list %s", what);
}
