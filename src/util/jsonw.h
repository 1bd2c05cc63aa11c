/* SPDX-License-Identifier: MIT */
#ifndef HD_JSONW_H
#define HD_JSONW_H

#include "util/buf.h"

#include <stdbool.h>
#include <stdint.h>

/*
 * Writes compact JSON straight into a buffer, for answers built from
 * database rows without a jansson tree in between (no allocation per
 * value). Each call takes the member's key inside an object and NULL
 * inside an array or at the top; keys are written as given and must be
 * plain ASCII names. The first error sticks in w->st and makes every
 * later call a no-op, so a sequence of calls needs one check at the end.
 * String values are escaped as hd_json_write escapes them.
 */
#define HD_JW_DEPTH 16

struct hd_jw {
	struct hd_buf *b;
	enum hd_status st;
	int depth;
	bool more[HD_JW_DEPTH]; /* a value was written at this level */
	/* The language the answer's sentences are written in (enum hd_lang
	 * of core/event.h; 0, set by hd_jw_init: German). */
	int lang;
};

void hd_jw_init(struct hd_jw *w, struct hd_buf *b);
void hd_jw_obj(struct hd_jw *w, const char *key);
void hd_jw_obj_end(struct hd_jw *w);
void hd_jw_arr(struct hd_jw *w, const char *key);
void hd_jw_arr_end(struct hd_jw *w);
/* s NULL writes null. */
void hd_jw_str(struct hd_jw *w, const char *key, const char *s);
void hd_jw_strn(struct hd_jw *w, const char *key, const char *s, size_t n);
void hd_jw_int(struct hd_jw *w, const char *key, int64_t v);
void hd_jw_bool(struct hd_jw *w, const char *key, bool v);
void hd_jw_null(struct hd_jw *w, const char *key);
/* An array element already written as JSON (json[0..n), trusted). */
void hd_jw_raw(struct hd_jw *w, const char *json, size_t n);
/* An array element fn appends to b as JSON (trusted); fn returns false,
 * leaving b as it was, when it has none: then so does this. */
bool hd_jw_raw_from(
    struct hd_jw *w, bool (*fn)(void *arg, struct hd_buf *b), void *arg);
/* A time as the API writes it: RFC 3339 in UTC. */
void hd_jw_time(struct hd_jw *w, const char *key, int64_t t);

#endif
