/* SPDX-License-Identifier: MIT */
#include "util/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
hd_buf_init(struct hd_buf *b, size_t max)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->max = max;
}

void
hd_buf_cleanup(struct hd_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
}

void
hd_buf_truncate(struct hd_buf *b, size_t len)
{
	if (len >= b->len)
		return;
	b->len = len;
	b->data[len] = '\0';
}

static enum hd_status
reserve(struct hd_buf *b, size_t n)
{
	size_t need, cap;
	char *p;

	if (n > b->max || b->len > b->max - n)
		return HD_ETOOBIG;
	need = b->len + n + 1;
	if (need <= b->cap)
		return HD_OK;
	cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap *= 2;
	if (cap - 1 > b->max)
		cap = b->max + 1;
	p = realloc(b->data, cap);
	if (p == NULL)
		return HD_ENOMEM;
	b->data = p;
	b->cap = cap;
	return HD_OK;
}

void
hd_buf_reserve(struct hd_buf *b, size_t n)
{
	if (b->max - b->len < n)
		n = b->max - b->len;
	(void)reserve(b, n);
}

enum hd_status
hd_buf_add(struct hd_buf *b, const void *p, size_t n)
{
	enum hd_status st;

	if ((st = reserve(b, n)) != HD_OK)
		return st;
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return HD_OK;
}

enum hd_status
hd_buf_adds(struct hd_buf *b, const char *s)
{
	return hd_buf_add(b, s, strlen(s));
}

enum hd_status
hd_buf_vprintf(struct hd_buf *b, const char *fmt, va_list ap)
{
	enum hd_status st;
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return HD_EINVAL;
	if ((st = reserve(b, (size_t)n)) != HD_OK)
		return st;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return HD_OK;
}

enum hd_status
hd_buf_printf(struct hd_buf *b, const char *fmt, ...)
{
	enum hd_status st;
	va_list ap;

	va_start(ap, fmt);
	st = hd_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return st;
}

enum hd_status
hd_buf_take(struct hd_buf *b, char **out, size_t *len)
{
	if (b->data == NULL) {
		if ((b->data = malloc(1)) == NULL)
			return HD_ENOMEM;
		b->data[0] = '\0';
	}
	*out = b->data;
	if (len != NULL)
		*len = b->len;
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	return HD_OK;
}
