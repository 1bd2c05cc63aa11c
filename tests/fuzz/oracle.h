/* SPDX-License-Identifier: MIT */
#ifndef HD_FUZZ_ORACLE_H
#define HD_FUZZ_ORACLE_H

/*
 * What the fuzz targets hold the code to: the rules of docs/openapi.yaml
 * ("Conventions") written out once more, plainly and apart from
 * src/, so that a difference between the two is a finding.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A broken rule: say which, then abort (libFuzzer saves the input). */
#define REQUIRE(cond)                                                          \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "%s:%d: broken: %s\n", __FILE__,       \
			    __LINE__, #cond);                                  \
			abort();                                               \
		}                                                              \
	} while (0)

/*
 * Decodes the UTF-8 character at s[0..n) into *cp; returns its length, or
 * 0 when it is not well-formed (RFC 3629: shortest form only, no
 * surrogates, nothing above U+10FFFF, no bytes F5..FF, C0, C1).
 */
static inline size_t
oracle_utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t len, k;
	uint32_t v, min;

	if (n == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, v = s[0] & 0x1fu, min = 0x80;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, v = s[0] & 0x0fu, min = 0x800;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, v = s[0] & 0x07u, min = 0x10000;
	else
		return 0;
	if (n < len)
		return 0;
	for (k = 1; k < len; k++) {
		if ((s[k] & 0xc0) != 0x80)
			return 0;
		v = (v << 6) | (s[k] & 0x3fu);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return len;
}

static inline bool
oracle_utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k;
	uint32_t cp;

	while (i < n) {
		if ((k = oracle_utf8_next(p + i, n - i, &cp)) == 0)
			return false;
		i += k;
	}
	return true;
}

/* Characters no text field may hold (openapi.yaml, "Conventions"). */
static inline bool
oracle_forbidden(uint32_t cp, bool multiline)
{
	if (cp == '\n' || cp == '\r' || cp == '\t')
		return !multiline;
	if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f))
		return true;
	/* Line and paragraph separator: multi-line text has them as LF
	 * before it is checked, so they are never accepted as such. */
	if (cp == 0x2028 || cp == 0x2029)
		return true;
	/* Bidi embeddings, overrides and isolates (Trojan Source). */
	return (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/* Acceptable text of valid UTF-8 s: at most max bytes, not blank, no
 * forbidden character. */
static inline bool
oracle_text_ok(const char *s, size_t max, bool multiline)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0, k;
	bool blank = true;
	uint32_t cp;

	if (n > max)
		return false;
	while (i < n) {
		k = oracle_utf8_next(p + i, n - i, &cp);
		REQUIRE(k > 0); /* the caller checked UTF-8 */
		if (oracle_forbidden(cp, multiline))
			return false;
		if (cp != ' ' && cp != '\n' && cp != '\r' && cp != '\t')
			blank = false;
		i += k;
	}
	return !blank;
}

/* True when valid UTF-8 s holds U+2028 or U+2029. */
static inline bool
oracle_has_unicode_break(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0, k;
	uint32_t cp;

	while (i < n) {
		k = oracle_utf8_next(p + i, n - i, &cp);
		REQUIRE(k > 0);
		if (cp == 0x2028 || cp == 0x2029)
			return true;
		i += k;
	}
	return false;
}

/* What an accepted e-mail address must be, at least: 3..254 bytes of
 * printable ASCII without spaces or address delimiters, one '@' neither
 * first nor last, a dot in the domain that does not end it, no empty
 * domain label. */
static inline bool
oracle_email_plausible(const char *s)
{
	size_t n = strlen(s), i, at = n, ats = 0;

	if (n < 3 || n > 254)
		return false;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= ' ' || c >= 0x7f || strchr("<>()[]\\,;:\"", c))
			return false;
		if (c == '@')
			at = i, ats++;
	}
	if (ats != 1 || at == 0 || at + 1 >= n || s[n - 1] == '.')
		return false;
	return strchr(s + at + 1, '.') != NULL && strstr(s + at, "..") == NULL;
}

#endif
