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
