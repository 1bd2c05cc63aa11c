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
/* A hand-over note: it goes into a history sentence (EVENT_TEXT_MAX). */
#define HD_MAX_NOTE 300
#define HD_MAX_SHORT 100
#define HD_MIN_PASSWORD 10
#define HD_MAX_PASSWORD 200

/* True for a plausible mail address: one '@', a dotted domain, no
 * spaces, control characters or address delimiters, at most
 * HD_MAX_EMAIL bytes. */
bool hd_valid_email(const char *s);

/* Why a text is not acceptable (hd_text_check). */
enum hd_text_fault {
	HD_TEXT_OK = 0,
	HD_TEXT_BLANK,	    /* empty, or only spaces and line breaks */
	HD_TEXT_TOO_LONG,   /* more than max bytes */
	HD_TEXT_LINE_BREAK, /* CR, LF or tab in one-line text */
	HD_TEXT_CONTROL,    /* a control character (see hd_text_check) */
};

/*
 * Checks s as text of at most max bytes: one line, or (multiline) lines
 * separated by LF or CR LF, with tabs. Refused in both: blank text; C0
 * controls but those line breaks and tabs, DEL and C1 controls; U+2028
 * LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR (line breaks one-line text
 * must not have, and which multi-line text gets as LF from
 * hd_text_unify_breaks first); the bidirectional embeddings, overrides
 * and isolates U+202A..U+202E and U+2066..U+2069, which let text display
 * in another order than it is stored ("Trojan Source", CVE-2021-42574).
 * The marks U+200E, U+200F and U+061C stay allowed: they reorder nothing
 * on their own and right-to-left names need them. UTF-8 validity is
 * checked before this (the request body as a whole).
 */
enum hd_text_fault hd_text_check(const char *s, size_t max, bool multiline);

/* True when hd_text_check finds nothing wrong with s. */
bool hd_valid_text(const char *s, size_t max, bool multiline);

/* True when s holds U+2028 or U+2029 (hd_text_unify_breaks would change
 * it). */
bool hd_text_has_unicode_breaks(const char *s);

/*
 * Replaces each U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR in
 * the UTF-8 string s by LF, in place (3 bytes become 1), so multi-line text
 * pasted from word processors keeps its lines. Returns the new length.
 */
size_t hd_text_unify_breaks(char *s);

/* True when s is a password we accept (length in characters). */
bool hd_valid_password(const char *s);

#endif
