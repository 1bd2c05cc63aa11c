/* SPDX-License-Identifier: MIT */
#ifndef HD_STR_H
#define HD_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Copies src into dst (size dsize), always NUL-terminating; returns
 * strlen(src) so truncation shows as a result >= dsize. */
size_t hd_strlcpy(char *dst, const char *src, size_t dsize);

/* True when the n bytes at s are valid UTF-8 (no overlongs, no
 * surrogates, nothing above U+10FFFF). */
bool hd_utf8_valid(const char *s, size_t n);

/* Parses a decimal integer in [min, max] from the whole of s (no spaces,
 * no trailing text). Returns true and sets *out on success. */
bool hd_parse_i64(const char *s, int64_t min, int64_t max, int64_t *out);

/* True when s contains CR or LF (never allowed into mail headers). */
bool hd_has_crlf(const char *s);

/* Writes the message into err (errlen bytes, NUL-terminated, cut when
 * longer); does nothing when err is NULL or errlen 0. For functions that
 * say why they failed into a caller's buffer. */
void hd_errf(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
