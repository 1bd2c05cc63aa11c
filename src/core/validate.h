/* SPDX-License-Identifier: MIT */
#ifndef HD_VALIDATE_H
#define HD_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>

/* Field limits, in bytes of UTF-8. */
#define HD_MAX_NAME 200
#define HD_MAX_EMAIL 254
#define HD_MAX_SUBJECT 200
#define HD_MAX_TEXT 20000
#define HD_MAX_SHORT 100
#define HD_MIN_PASSWORD 10
#define HD_MAX_PASSWORD 200

/* True for a plausible mail address: one '@', a dotted domain, no
 * spaces, control characters or address delimiters, at most
 * HD_MAX_EMAIL bytes. */
bool hd_valid_email(const char *s);

/*
 * True when s is acceptable one-line text (multiline: newlines and tabs
 * allowed; one-line: neither): not blank, at most max bytes, no control
 * characters. UTF-8 validity is checked by the JSON parser before this.
 */
bool hd_valid_text(const char *s, size_t max, bool multiline);

/* True when s is a password we accept (length in characters). */
bool hd_valid_password(const char *s);

#endif
