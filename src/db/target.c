/* SPDX-License-Identifier: MIT */
/* Which driver a target names (db.h). */
#include "db/db.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

/* Letters (and, past the first, digits, '+', '-', '.'): an URI scheme. */
static size_t
scheme_len(const char *t)
{
	size_t i = 0;

	if (!isalpha((unsigned char)t[0]))
		return 0;
	while (isalnum((unsigned char)t[i]) || t[i] == '+' || t[i] == '-' ||
	       t[i] == '.')
		i++;
	return i;
}

/* Whether t begins as libpq's "keyword = value" strings do. */
static bool
conninfo(const char *t)
{
	size_t i = strspn(t, " \t"), start = i;

	while (isalpha((unsigned char)t[i]) || t[i] == '_')
		i++;
	if (i == start)
		return false;
	i += strspn(t + i, " \t");
	return t[i] == '=';
}

enum db_driver
db_driver_of(const char *target)
{
	size_t n;

	if (target == NULL || *target == '\0')
		return DB_NONE;
	n = scheme_len(target);
	if (n > 0 && strncmp(target + n, "://", 3) == 0) {
		if ((n == 10 && strncasecmp(target, "postgresql", n) == 0) ||
		    (n == 8 && strncasecmp(target, "postgres", n) == 0))
			return DB_PGSQL;
		/* Refused rather than taken for a file named "mysql:". */
		return DB_NONE;
	}
	return conninfo(target) ? DB_PGSQL : DB_SQLITE;
}

/* Copies at most m bytes of s to out (room left: n); returns the bytes
 * copied. */
static size_t
put(char *out, size_t n, const char *s, size_t m)
{
	size_t k = n == 0 ? 0 : (m < n - 1 ? m : n - 1);

	memcpy(out, s, k);
	out[k] = '\0';
	return k;
}

const char *
db_target_shown(const char *target, char *buf, size_t n)
{
	const char *p, *at, *colon, *q;
	size_t o = 0;

	if (n == 0)
		return "";
	buf[0] = '\0';
	if (target == NULL)
		return buf;
	if (db_driver_of(target) != DB_PGSQL) {
		put(buf, n, target, strlen(target));
		return buf;
	}
	if ((p = strstr(target, "://")) != NULL) {
		/* scheme://user:password@host… → scheme://user@host… */
		p += 3;
		at = p + strcspn(p, "@/?");
		colon = memchr(p, ':', (size_t)(at - p));
		if (*at == '@' && colon != NULL) {
			o = put(buf, n, target, (size_t)(colon - target));
			put(buf + o, n - o, at, strlen(at));
		} else {
			put(buf, n, target, strlen(target));
		}
		/* A password=… in the query part goes too. */
		if ((q = strstr(buf, "password=")) != NULL) {
			char *w = buf + (q - buf) + 9;
			char *end = w + strcspn(w, "&");
			size_t rest = strlen(end);

			if ((size_t)(w - buf) + 3 + rest + 1 <= n) {
				memmove(w + 3, end, rest + 1);
				memcpy(w, "***", 3);
			} else {
				*w = '\0';
			}
		}
		return buf;
	}
	/* key=value …: every pair but password. */
	for (p = target; *p != '\0';) {
		size_t len;

		p += strspn(p, " \t");
		len = strcspn(p, " \t");
		if (len == 0)
			break;
		if (strncmp(p, "password", 8) != 0 ||
		    (p[8] != '=' && p[8] != ' ')) {
			if (o > 0 && o < n - 1)
				o += put(buf + o, n - o, " ", 1);
			o += put(buf + o, n - o, p, len);
		}
		p += len;
	}
	return buf;
}
