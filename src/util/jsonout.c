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
		if (!isfinite(json_real_value(j)))
			return HD_EINVAL;
		return hd_buf_printf(b, "%.17g", json_real_value(j));
	case JSON_TRUE:
		return hd_buf_add(b, "true", 4);
	case JSON_FALSE:
		return hd_buf_add(b, "false", 5);
	case JSON_NULL:
		return hd_buf_add(b, "null", 4);
	}
	return HD_EINVAL;
}
