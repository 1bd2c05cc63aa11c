/* SPDX-License-Identifier: MIT */
#ifndef HD_BUF_H
#define HD_BUF_H

#include "util/status.h"

#include <stdarg.h>
#include <stddef.h>

/*
 * A growable byte buffer with a hard maximum, always NUL-terminated after
 * len bytes once anything was added. Appending past max fails with
 * HD_ETOOBIG and leaves the buffer as it was.
 */
struct hd_buf {
	char *data;
	size_t len;
	size_t cap;
	size_t max;
};

/* Prepares an empty buffer that may grow to max bytes (without the NUL). */
void hd_buf_init(struct hd_buf *b, size_t max);
/* Frees the contents; the buffer may be reused after hd_buf_init. */
void hd_buf_cleanup(struct hd_buf *b);
/* Shortens the contents to their first len bytes (no-op if not longer). */
void hd_buf_truncate(struct hd_buf *b, size_t len);
/* Makes room for n more bytes without growing again (a hint: never
 * past max). */
void hd_buf_reserve(struct hd_buf *b, size_t n);
/* Appends n bytes of p. */
enum hd_status hd_buf_add(struct hd_buf *b, const void *p, size_t n);
/* Appends a NUL-terminated string. */
enum hd_status hd_buf_adds(struct hd_buf *b, const char *s);
/* Appends printf-style formatted text. */
enum hd_status hd_buf_printf(struct hd_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
enum hd_status hd_buf_vprintf(struct hd_buf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* Hands the contents to the caller (caller frees; never NULL on HD_OK:
 * an empty buffer yields ""); the buffer is left empty. */
enum hd_status hd_buf_take(struct hd_buf *b, char **out, size_t *len);

#endif
