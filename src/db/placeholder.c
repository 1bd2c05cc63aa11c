/* SPDX-License-Identifier: MIT */
/* SQLite's placeholders as PostgreSQL's (placeholder.h). */
#include "db/placeholder.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Where the quoted text or comment starting at p ends (just past it);
 * NULL when it is left open. A doubled quote inside ('it''s') ends the
 * string and opens the next at once, which copies it unchanged. */
static const char *
skip_quoted(const char *p)
{
	const char *end;

	switch (*p) {
	case '\'':
	case '"':
		end = strchr(p + 1, *p);
		return end ? end + 1 : NULL;
	case '-':
		end = strchr(p, '\n');
		return end ? end + 1 : p + strlen(p);
	default: /* a block comment */
		end = strstr(p + 2, "*/");
		return end ? end + 2 : NULL;
	}
}

/* The number of the placeholder whose digits (if any) start at *p,
 * advancing *p past them; 0 when out of range. */
static int
number(const char **p, int max)
{
	int n = 0;

	if (**p < '0' || **p > '9')
		return max < DB_PARAM_MAX ? max + 1 : 0;
	for (; **p >= '0' && **p <= '9'; (*p)++)
		if ((n = n * 10 + (**p - '0')) > DB_PARAM_MAX)
			return 0;
	return n;
}

enum hd_status
db_placeholders_pg(const char *sql, char **out, int *n_params)
{
	enum hd_status s = HD_EINVAL;
	size_t len = strlen(sql), marks = 0, cap, o = 0;
	const char *p = sql, *end;
	char *buf;
	int max = 0, n;

	*out = NULL;
	for (end = sql; *end; end++)
		marks += *end == '?';
	/* "?" becomes at most "$32766". */
	cap = len + 5 * marks + 1;
	if ((buf = malloc(cap)) == NULL)
		return HD_ENOMEM;
	while (*p) {
		if (*p == '\'' || *p == '"' || (p[0] == '-' && p[1] == '-') ||
		    (p[0] == '/' && p[1] == '*')) {
			if ((end = skip_quoted(p)) == NULL)
				goto out;
			memcpy(buf + o, p, (size_t)(end - p));
			o += (size_t)(end - p);
			p = end;
		} else if (*p == '?') {
			p++;
			if ((n = number(&p, max)) == 0)
				goto out;
			max = n > max ? n : max;
			o += (size_t)snprintf(buf + o, cap - o, "$%d", n);
		} else {
			buf[o++] = *p++;
		}
	}
	buf[o] = '\0';
	*out = buf;
	*n_params = max;
	buf = NULL;
	s = HD_OK;
out:
	free(buf);
	return s;
}
