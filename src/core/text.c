/* SPDX-License-Identifier: MIT */
#include "core/text.h"

#include <stdio.h>
#include <string.h>

void
text_init(struct text *t, char *buf, size_t cap)
{
	t->buf = buf;
	t->cap = cap;
	t->len = 0;
	t->full = cap == 0;
	if (cap > 0)
		buf[0] = '\0';
}

void
text_add_n(struct text *t, const char *s, size_t n)
{
	size_t room;

	if (t->full)
		return;
	room = t->cap - 1 - t->len;
	if (n > room) {
		/* s[n] is the first byte left out: not a continuation byte. */
		n = room;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
		t->full = true;
	}
	memcpy(t->buf + t->len, s, n);
	t->len += n;
	t->buf[t->len] = '\0';
}

void
text_add(struct text *t, const char *s)
{
	if (s == NULL)
		s = "?";
	text_add_n(t, s, strlen(s));
}

void
text_add_int(struct text *t, int64_t v)
{
	char num[24];

	snprintf(num, sizeof(num), "%lld", (long long)v);
	text_add(t, num);
}
