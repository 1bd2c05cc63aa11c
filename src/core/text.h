/* SPDX-License-Identifier: MIT */
#ifndef HD_TEXT_H
#define HD_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * A sentence under construction in a caller's fixed buffer. Text that does
 * not fit is cut at a UTF-8 character boundary and everything added after
 * the cut is dropped, so a sentence never ends in half a character or in
 * a stray fragment of a later part. Routing reasons and history texts are
 * built with it (their buffers are ROUTE_REASON_MAX / EVENT_TEXT_MAX).
 */
struct text {
	char *buf;
	size_t cap; /* bytes of buf, including the terminating NUL */
	size_t len;
	bool full;
};

/* Starts an empty sentence in buf (cap > 0 bytes). */
void text_init(struct text *t, char *buf, size_t cap);

/* Appends s; NULL appends "?" (a name the input did not give). */
void text_add(struct text *t, const char *s);

/* Appends the n bytes at s (n may cut s short; the cut is the caller's). */
void text_add_n(struct text *t, const char *s, size_t n);

/* Appends v in decimal. */
void text_add_int(struct text *t, int64_t v);

#endif
