/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: the request target (path and query) and the method,
 * as the server takes them in. The first input byte picks a method of the
 * list below, the rest is the target up to the first NUL; a first byte
 * past the list takes the method from the input, up to a space. It is split and
 * decoded the way libmicrohttpd 0.9.75 does before our code sees it (the first
 * '?' starts the query; pairs split at '&' and the first '='; '+' becomes ' '
 * in the query only; each part goes through our unescape callback, which is
 * hd_url_unescape), then routed (hd_route_find, as dispatch does, with
 * the same error answer) and its query read by every query reader: page,
 * ids, search, and the filters of GET /processes. Results are held to
 * the rules of docs/openapi.yaml (tests/fuzz/oracle.h).
 *
 * Run: make fuzz, then build-fuzz/fuzz_url tests/fuzz/corpus/url
 * (docs/fuzzing.md).
 */
#include "http/handlers.h"
#include "http/http.h"
#include "http/input.h"
#include "http/router.h"
#include "http/static.h"
#include "oracle.h"
#include "store/process.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ARGS 64

static const char *const methods[] = {
    "GET",
    "HEAD",
    "POST",
    "PATCH",
    "DELETE",
    "PUT",
    "OPTIONS",
    "get",
};

/* The decoding hd_url_unescape promises, written out again: "%XY" with
 * two hex digits becomes that byte unless it is "%00"; all else stays. */
static int
oracle_hex(char c)
{
	const char *digits = "0123456789abcdef", *d;

	if (c >= 'A' && c <= 'F')
		c = (char)(c - 'A' + 'a');
	d = c != '\0' ? strchr(digits, c) : NULL;
	return d != NULL ? (int)(d - digits) : -1;
}

/* Percent-decodes s as the server's unescape callback, and checks it
 * against the oracle. */
static void
unescape(char *s)
{
	size_t len = strlen(s), i = 0, k = 0, n;
	char *want = malloc(len + 1);

	REQUIRE(want != NULL);
	while (i < len) {
		/* s[i + 2] is read only when s[i + 1] was a digit, not NUL. */
		int hi = s[i] == '%' ? oracle_hex(s[i + 1]) : -1;
		int lo = hi >= 0 ? oracle_hex(s[i + 2]) : -1;

		if (lo >= 0 && (hi | lo) != 0) {
			want[k++] = (char)(hi * 16 + lo);
			i += 3;
		} else {
			want[k++] = s[i++];
		}
	}
	want[k] = '\0';
	n = hd_url_unescape(s);
	REQUIRE(n == strlen(s));
	REQUIRE(n == k && memcmp(s, want, k) == 0);
	free(want);
}

/* MHD_unescape_plus: '+' is a space in the query. */
static void
plus_to_space(char *s)
{
	for (; *s; s++)
		if (*s == '+')
			*s = ' ';
}

/* Splits query q into args as libmicrohttpd does (MHD_parse_arguments_). */
static size_t
split_query(char *q, const char *args[][2])
{
	size_t n = 0;

	while (q != NULL && *q != '\0' && n < MAX_ARGS) {
		char *amp = strchr(q, '&'), *eq = strchr(q, '=');

		if (amp != NULL)
			*amp++ = '\0';
		if (eq != NULL && (amp == NULL || eq < amp))
			*eq++ = '\0';
		else
			eq = NULL; /* "key" without a value */
		plus_to_space(q);
		unescape(q);
		if (eq != NULL) {
			plus_to_space(eq);
			unescape(eq);
		}
		args[n][0] = q;
		args[n][1] = eq;
		n++;
		q = amp;
	}
	return n;
}

/*
 * The path matched: it is the pattern with each {id} a run of digits of
 * the value in ids (leading zeros allowed), and at most one '/' more.
 */
static void
rematch(const char *pattern, const char *path, const int64_t ids[2])
{
	int k = 0;

	while (*pattern) {
		if (strncmp(pattern, "{id}", 4) == 0) {
			int64_t v = 0;
			size_t digits = 0;

			while (*path >= '0' && *path <= '9') {
				int d = *path++ - '0';

				REQUIRE(v < INT64_MAX / 10 ||
					(v == INT64_MAX / 10 && d <= 7));
				v = v * 10 + d;
				digits++;
			}
			REQUIRE(digits > 0 && v > 0 && v == ids[k]);
			k++;
			pattern += 4;
			continue;
		}
		REQUIRE(*path == *pattern);
		path++;
		pattern++;
	}
	REQUIRE(*path == '\0' || strcmp(path, "/") == 0);
}

/* The path is routed as dispatch (src/http/server.c) routes it. */
static void
route(const char *method, const char *path)
{
	const struct hd_route *rt;
	struct hd_resp w = {0};
	int64_t ids[2] = {0, 0};
	bool known = true;
	const char *p;
	size_t n_ids = 0;

	if (hd_static_owns(path)) {
		REQUIRE(strncmp(path, "/api/", 5) != 0);
		return;
	}
	rt = hd_route_find(method, path, ids, &known);
	if (rt == NULL) {
		if (known)
			hd_resp_err(&w, HD_ENOTFOUND, NULL,
			    "method %s is not allowed here", method);
		else
			hd_resp_err(&w, HD_ENOTFOUND, NULL, "no such resource");
		/* A refusal is always a JSON answer, never a 500. */
		REQUIRE(w.json != NULL && w.status == 404);
		REQUIRE(json_is_string(json_object_get(
		    json_object_get(w.json, "error"), "message")));
		json_decref(w.json);
		return;
	}
	REQUIRE(
	    strcmp(rt->method, method) == 0 ||
	    (strcmp(method, "HEAD") == 0 && strcmp(rt->method, "GET") == 0));
	for (p = rt->pattern; (p = strstr(p, "{id}")) != NULL; p += 4)
		n_ids++;
	REQUIRE(n_ids <= 2);
	REQUIRE(n_ids > 1 || ids[1] == 0);
	REQUIRE(n_ids > 0 || ids[0] == 0);
	rematch(rt->pattern, path, ids);
}

static void
reset(struct hd_resp *w, bool ok)
{
	if (!ok)
		REQUIRE(w->status == 422 && w->json != NULL);
	json_decref(w->json);
	memset(w, 0, sizeof(*w));
}

/* Every reader of the query, as the list handlers call them. */
static void
read_query(const char *args[][2], size_t n)
{
	struct hd_req r;
	struct hd_resp w = {0};
	struct process_filter f;
	int64_t cursor, id;
	const char *q;
	int limit;
	bool ok;

	memset(&r, 0, sizeof(r));
	r.args = (const char *const(*)[2])args;
	r.n_args = n;
	r.auth.user_id = 7;
	ok = hd_in_page(&r, &w, &limit, &cursor);
	if (ok)
		REQUIRE(limit >= 1 && limit <= 500 && cursor >= 0);
	reset(&w, ok);
	ok = hd_query_id(&r, &w, "property_id", &id);
	if (ok)
		REQUIRE(id >= 0);
	reset(&w, ok);
	ok = hd_in_search(&r, &w, &q);
	if (ok && q != NULL) {
		REQUIRE(oracle_utf8_valid(q, strlen(q)));
		REQUIRE(oracle_text_ok(q, 200, false));
	}
	reset(&w, ok);
	ok = h_process_filter_read(&r, &w, &f);
	if (ok) {
		REQUIRE(
		    f.assignee >= 0 && f.property_id >= 0 && f.type_id >= 0);
		/* Only the bits of the five statuses, and a known order. */
		REQUIRE(
		    (f.statuses & ~(PSTATUS_BIT(HD_PS_CLOSED + 1) - 1)) == 0);
		REQUIRE(f.sort == PSORT_NEWEST || f.sort == PSORT_OLDEST ||
			f.sort == PSORT_ACTIVE || f.sort == PSORT_QUIET ||
			f.sort == PSORT_UNANSWERED);
		REQUIRE(f.unit_id >= 0);
		if (f.q != NULL)
			REQUIRE(oracle_text_ok(f.q, 200, false));
	}
	reset(&w, ok);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *args[MAX_ARGS][2];
	const char *method;
	char *line, *target, *query, *sp;
	size_t n;

	if (size == 0)
		return 0;
	if ((line = malloc(size)) == NULL)
		return 0;
	memcpy(line, data + 1, size - 1);
	line[size - 1] = '\0';
	target = line;
	/* A first byte past the list: the method is the input's own, up
	 * to the first space, as in a request line ("M\xffT /path"). */
	if (data[0] < sizeof(methods) / sizeof(methods[0])) {
		method = methods[data[0]];
	} else if ((sp = strchr(line, ' ')) != NULL && sp != line) {
		*sp = '\0';
		method = line;
		target = sp + 1;
	} else {
		free(line);
		return 0;
	}
	if ((query = strchr(target, '?')) != NULL)
		*query++ = '\0';
	n = split_query(query, args);
	unescape(target);
	route(method, target);
	read_query(args, n);
	free(line);
	return 0;
}
