/* SPDX-License-Identifier: MIT */
#include "core/validate.h"

#include <string.h>

bool
hd_valid_email(const char *s)
{
	const char *at, *dot, *p;
	size_t n = strlen(s);

	if (n < 3 || n > HD_MAX_EMAIL)
		return false;
	for (p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;
		/* ASCII only: we do not speak SMTPUTF8. */
		if (c <= ' ' || c >= 0x7f || strchr("<>()[]\\,;:\"", c))
			return false;
	}
	at = strchr(s, '@');
	if (at == NULL || at == s || strchr(at + 1, '@') != NULL)
		return false;
	dot = strrchr(at + 1, '.');
	if (dot == NULL || dot == at + 1 || dot[1] == '\0')
		return false;
	return strstr(at, "..") == NULL;
}

/* True for U+2028 and U+2029 at p (E2 80 A8, E2 80 A9). */
static bool
is_unicode_break(const unsigned char *p)
{
	return p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9);
}

/* True for the bidi embeddings, overrides and pop U+202A..U+202E (E2 80
 * AA..AE) and the isolates U+2066..U+2069 (E2 81 A6..A9). Reads no
 * further than the first byte that does not match, so never past the
 * terminating NUL. */
static bool
is_bidi_control(const unsigned char *p)
{
	return p[0] == 0xe2 &&
	       ((p[1] == 0x80 && p[2] >= 0xaa && p[2] <= 0xae) ||
		   (p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9));
}

enum hd_text_fault
hd_text_check(const char *s, size_t max, bool multiline)
{
	const unsigned char *p;
	bool blank = true;

	if (strlen(s) > max)
		return HD_TEXT_TOO_LONG;
	for (p = (const unsigned char *)s; *p; p++) {
		if (*p == '\n' || *p == '\t' || *p == '\r') {
			if (!multiline)
				return HD_TEXT_LINE_BREAK;
			continue;
		}
		/* C0 controls, DEL, and C1 controls (U+0080..U+009F). */
		if (*p < 0x20 || *p == 0x7f ||
		    (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f))
			return HD_TEXT_CONTROL;
		if (is_unicode_break(p) || is_bidi_control(p))
			return HD_TEXT_CONTROL;
		if (*p != ' ')
			blank = false;
	}
	return blank ? HD_TEXT_BLANK : HD_TEXT_OK;
}

bool
hd_valid_text(const char *s, size_t max, bool multiline)
{
	return hd_text_check(s, max, multiline) == HD_TEXT_OK;
}

bool
hd_text_has_unicode_breaks(const char *s)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p; p++)
		if (is_unicode_break(p))
			return true;
	return false;
}

size_t
hd_text_unify_breaks(char *s)
{
	unsigned char *r = (unsigned char *)s, *w = r;

	while (*r) {
		if (is_unicode_break(r)) {
			*w++ = '\n';
			r += 3;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
	return (size_t)(w - (unsigned char *)s);
}

bool
hd_valid_password(const char *s)
{
	size_t chars = 0;
	const unsigned char *p;

	if (strlen(s) > HD_MAX_PASSWORD)
		return false;
	for (p = (const unsigned char *)s; *p; p++)
		if ((*p & 0xc0) != 0x80)
			chars++;
	return chars >= HD_MIN_PASSWORD;
}
