/* SPDX-License-Identifier: MIT */
#include "util/jsonw.h"

#include "util/clock.h"
#include "util/jsonout.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

void
hd_jw_init(struct hd_jw *w, struct hd_buf *b)
{
	memset(w, 0, sizeof(*w));
	w->b = b;
}

static void
add(struct hd_jw *w, const char *s, size_t n)
{
	if (w->st == HD_OK)
		w->st = hd_buf_add(w->b, s, n);
}

/* The comma and "key": before a value at the current level. */
static bool
member(struct hd_jw *w, const char *key)
{
	char pre[72];
	size_t n = 0, k;

	if (w->st != HD_OK)
		return false;
	if (w->more[w->depth])
		pre[n++] = ',';
	w->more[w->depth] = true;
	if (key != NULL) {
		k = strlen(key);
		if (k > sizeof(pre) - 4) {
			w->st = HD_EINVAL;
			return false;
		}
		pre[n++] = '"';
		memcpy(pre + n, key, k);
		n += k;
		pre[n++] = '"';
		pre[n++] = ':';
	}
	if (n > 0)
		add(w, pre, n);
	return w->st == HD_OK;
}

static void
open_level(struct hd_jw *w, const char *key, const char *bracket)
{
	if (!member(w, key))
		return;
	if (w->depth + 1 >= HD_JW_DEPTH) {
		w->st = HD_EINVAL;
		return;
	}
	add(w, bracket, 1);
	w->more[++w->depth] = false;
}

static void
close_level(struct hd_jw *w, const char *bracket)
{
	if (w->st != HD_OK)
		return;
	if (w->depth == 0) {
		w->st = HD_EINVAL;
		return;
	}
	w->depth--;
	add(w, bracket, 1);
}

void
hd_jw_obj(struct hd_jw *w, const char *key)
{
	open_level(w, key, "{");
}

void
hd_jw_obj_end(struct hd_jw *w)
{
	close_level(w, "}");
}

void
hd_jw_arr(struct hd_jw *w, const char *key)
{
	open_level(w, key, "[");
}

void
hd_jw_arr_end(struct hd_jw *w)
{
	close_level(w, "]");
}

void
hd_jw_strn(struct hd_jw *w, const char *key, const char *s, size_t n)
{
	if (member(w, key))
		w->st = hd_json_write_str(s, n, w->b);
}

void
hd_jw_str(struct hd_jw *w, const char *key, const char *s)
{
	if (s == NULL)
		hd_jw_null(w, key);
	else
		hd_jw_strn(w, key, s, strlen(s));
}

void
hd_jw_int(struct hd_jw *w, const char *key, int64_t v)
{
	char num[24];
	int n;

	if (!member(w, key))
		return;
	n = snprintf(num, sizeof(num), "%" PRId64, v);
	add(w, num, (size_t)n);
}

void
hd_jw_bool(struct hd_jw *w, const char *key, bool v)
{
	if (member(w, key))
		add(w, v ? "true" : "false", v ? 4 : 5);
}

void
hd_jw_null(struct hd_jw *w, const char *key)
{
	if (member(w, key))
		add(w, "null", 4);
}

void
hd_jw_raw(struct hd_jw *w, const char *json, size_t n)
{
	if (member(w, NULL))
		add(w, json, n);
}

bool
hd_jw_raw_from(
    struct hd_jw *w, bool (*fn)(void *arg, struct hd_buf *b), void *arg)
{
	size_t at = w->b->len;
	bool more = w->more[w->depth];

	if (!member(w, NULL))
		return false;
	if (fn(arg, w->b))
		return true;
	hd_buf_truncate(w->b, at);
	w->more[w->depth] = more;
	return false;
}

void
hd_jw_time(struct hd_jw *w, const char *key, int64_t t)
{
	char buf[HD_TIME_MAX + 2];
	size_t n;

	if (!member(w, key))
		return;
	buf[0] = '"';
	hd_time_format(t, buf + 1, HD_TIME_MAX);
	n = strlen(buf);
	buf[n++] = '"';
	add(w, buf, n);
}
