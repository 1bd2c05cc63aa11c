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

bool
hd_valid_text(const char *s, size_t max, bool multiline)
{
	const unsigned char *p;
	bool blank = true;

	if (strlen(s) > max)
		return false;
	for (p = (const unsigned char *)s; *p; p++) {
		if (*p == '\n' || *p == '\t' || *p == '\r') {
			if (!multiline)
				return false;
			continue;
		}
		/* C0 controls, DEL, and C1 controls (U+0080..U+009F). */
		if (*p < 0x20 || *p == 0x7f ||
		    (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f))
			return false;
		if (*p != ' ')
			blank = false;
	}
	return !blank;
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
