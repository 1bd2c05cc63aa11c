/* SPDX-License-Identifier: MIT */
#include "util/jsonout.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* 1 for the bytes that need an escape in a JSON string. */
static unsigned char
needs_escape(unsigned char c)
{
	return c < 0x20 || c == '"' || c == '\\';
}

enum hd_status
hd_json_write_str(const char *s, size_t n, struct hd_buf *b)
{
	static const char hex[] = "0123456789ABCDEF";
	enum hd_status st;
	size_t i = 0, run;

	if ((st = hd_buf_add(b, "\"", 1)) != HD_OK)
		return st;
	while (i < n) {
		for (run = i; run < n && !needs_escape((unsigned char)s[run]);
		     run++)
			;
		if (run > i && (st = hd_buf_add(b, s + i, run - i)) != HD_OK)
			return st;
		if (run == n)
			break;
		switch (s[run]) {
		case '"':
			st = hd_buf_add(b, "\\\"", 2);
			break;
		case '\\':
			st = hd_buf_add(b, "\\\\", 2);
			break;
		case '\n':
			st = hd_buf_add(b, "\\n", 2);
			break;
		case '\r':
			st = hd_buf_add(b, "\\r", 2);
			break;
		case '\t':
			st = hd_buf_add(b, "\\t", 2);
			break;
		case '\b':
			st = hd_buf_add(b, "\\b", 2);
			break;
		case '\f':
			st = hd_buf_add(b, "\\f", 2);
			break;
		default: {
			char u[6] = {'\\', 'u', '0', '0',
			    hex[((unsigned char)s[run] >> 4) & 0xf],
			    hex[(unsigned char)s[run] & 0xf]};
			st = hd_buf_add(b, u, sizeof(u));
		}
		}
		if (st != HD_OK)
			return st;
		i = run + 1;
	}
	return hd_buf_add(b, "\"", 1);
}

/*
 * A real as jansson writes it (found by tests/fuzz/fuzz_body.c: "%.17g"
 * alone wrote 1000.0 as 1000, which reads back as an integer): 17
 * significant digits, ".0" when neither a point nor an exponent shows it
 * is a real, and the exponent without '+' or leading zeros (1e300, not
 * 1e+300). The server never calls setlocale, so the point is a '.'.
 */
static enum hd_status
write_real(double d, struct hd_buf *b)
{
	char num[64], *e, *digits, *p;
	int n;

	if (!isfinite(d))
		return HD_EINVAL;
	n = snprintf(num, sizeof(num) - 2, "%.17g", d);
	if (n < 0 || (size_t)n >= sizeof(num) - 2)
		return HD_EINVAL;
	if (strpbrk(num, ".e") == NULL) {
		memcpy(num + n, ".0", 3);
		n += 2;
	}
	if ((e = strchr(num, 'e')) != NULL) {
		digits = e + 1;
		if (*digits == '-')
			digits++;
		/* Skip '+' and leading zeros; keep the last digit. */
		for (p = e + 1; *p == '+' || *p == '-' || (*p == '0' && p[1]);
		     p++)
			;
		if (p != digits) {
			memmove(digits, p, strlen(p) + 1);
			n = (int)strlen(num);
		}
	}
	return hd_buf_add(b, num, (size_t)n);
}

enum hd_status
hd_json_write(const json_t *j, struct hd_buf *b)
{
	enum hd_status st = HD_OK;
	const char *key;
	json_t *v;
	size_t i;

	switch (json_typeof(j)) {
	case JSON_OBJECT: {
		bool first = true;

		if ((st = hd_buf_add(b, "{", 1)) != HD_OK)
			return st;
		json_object_foreach((json_t *)j, key, v)
		{
			if ((!first && (st = hd_buf_add(b, ",", 1)) != HD_OK) ||
			    (st = hd_json_write_str(key, strlen(key), b)) !=
				HD_OK ||
			    (st = hd_buf_add(b, ":", 1)) != HD_OK ||
			    (st = hd_json_write(v, b)) != HD_OK)
				return st;
			first = false;
		}
		return hd_buf_add(b, "}", 1);
	}
	case JSON_ARRAY:
		if ((st = hd_buf_add(b, "[", 1)) != HD_OK)
			return st;
		json_array_foreach((json_t *)j, i, v)
		{
			if ((i > 0 && (st = hd_buf_add(b, ",", 1)) != HD_OK) ||
			    (st = hd_json_write(v, b)) != HD_OK)
				return st;
		}
		return hd_buf_add(b, "]", 1);
	case JSON_STRING:
		return hd_json_write_str(
		    json_string_value(j), json_string_length(j), b);
	case JSON_INTEGER:
		return hd_buf_printf(
		    b, "%" JSON_INTEGER_FORMAT, json_integer_value(j));
	case JSON_REAL:
		return write_real(json_real_value(j), b);
	case JSON_TRUE:
		return hd_buf_add(b, "true", 4);
	case JSON_FALSE:
		return hd_buf_add(b, "false", 5);
	case JSON_NULL:
		return hd_buf_add(b, "null", 4);
	}
	return HD_EINVAL;
}
