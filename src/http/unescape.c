/* SPDX-License-Identifier: MIT */
/* Percent-decoding of the request target (path and query). */
#include "http/input.h"

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

size_t
hd_url_unescape(char *s)
{
	char *r = s, *w = s;

	while (*r) {
		int hi, lo;

		/* r[1] is checked before r[2] is read: a '%' at the end
		 * reads no further than the NUL. */
		if (r[0] == '%' && (hi = hexval(r[1])) >= 0 &&
		    (lo = hexval(r[2])) >= 0 && (hi | lo) != 0) {
			*w++ = (char)(hi * 16 + lo);
			r += 3;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
	return (size_t)(w - s);
}
