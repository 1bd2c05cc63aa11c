/* SPDX-License-Identifier: MIT */
/* Search folding and the search query (docs/search.md, "Folding"). */
#include "core/fold.h"

#include <stdio.h>
#include <string.h>

/* U+00C0..U+017F: what each folds to; NULL: passes through unchanged. */
static const char *const latin[0x180 - 0xC0] = {
    /* C0 */ "a", "a", "a", "a", "a", "a", "a", "c", "e", "e", "e", "e", "i",
    "i", "i", "i",
    /* D0 */ "d", "n", "o", "o", "o", "o", "o", NULL, "o", "u", "u", "u", "u",
    "y", "th", "ss",
    /* E0 */ "a", "a", "a", "a", "a", "a", "a", "c", "e", "e", "e", "e", "i",
    "i", "i", "i",
    /* F0 */ "d", "n", "o", "o", "o", "o", "o", NULL, "o", "u", "u", "u", "u",
    "y", "th", "y",
    /* 100 */ "a", "a", "a", "a", "a", "a", "c", "c", "c", "c", "c", "c", "c",
    "c", "d", "d",
    /* 110 */ "d", "d", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "g",
    "g", "g", "g",
    /* 120 */ "g", "g", "g", "g", "h", "h", "h", "h", "i", "i", "i", "i", "i",
    "i", "i", "i",
    /* 130 */ "i", "i", "ij", "ij", "j", "j", "k", "k", "k", "l", "l", "l", "l",
    "l", "l", "l",
    /* 140 */ "l", "l", "l", "n", "n", "n", "n", "n", "n", "n", "n", "n", "o",
    "o", "o", "o",
    /* 150 */ "o", "o", "o", "o", "r", "r", "r", "r", "r", "r", "s", "s", "s",
    "s", "s", "s",
    /* 160 */ "s", "s", "t", "t", "t", "t", "t", "t", "u", "u", "u", "u", "u",
    "u", "u", "u",
    /* 170 */ "u", "u", "u", "u", "w", "w", "y", "y", "y", "z", "z", "z", "z",
    "z", "z", "s"};

/* The output so far and the one character of memory the e-rule needs. */
struct out {
	char *b;
	size_t cap, len;
	char last;    /* the last byte written, 0 after non-ASCII */
	bool dropped; /* an "e" after last was dropped already */
};

static void
put(struct out *o, char c)
{
	if (c == 'e' && !o->dropped &&
	    (o->last == 'a' || o->last == 'o' || o->last == 'u')) {
		o->dropped = true;
		return;
	}
	if (o->len + 1 < o->cap)
		o->b[o->len] = c;
	o->len++;
	o->last = c;
	o->dropped = false;
}

static void
put_raw(struct out *o, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (o->len + 1 < o->cap)
			o->b[o->len] = s[i];
		o->len++;
	}
	o->last = 0;
	o->dropped = false;
}

/* Decodes one UTF-8 sequence at s (n bytes left) into *cp; its length,
 * or 0 when it is not valid UTF-8. */
static size_t
utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t len, i;
	uint32_t c;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xE0) == 0xC0) {
		len = 2;
		c = s[0] & 0x1F;
	} else if ((s[0] & 0xF0) == 0xE0) {
		len = 3;
		c = s[0] & 0x0F;
	} else if ((s[0] & 0xF8) == 0xF0) {
		len = 4;
		c = s[0] & 0x07;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if ((len == 2 && c < 0x80) || (len == 3 && c < 0x800) ||
	    (len == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
	    (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

static size_t
finish(struct out *o)
{
	if (o->cap > 0)
		o->b[o->len < o->cap ? o->len : o->cap - 1] = '\0';
	return o->len;
}

size_t
fold_text(const char *s, size_t n, char *out, size_t cap)
{
	const unsigned char *p = (const unsigned char *)s;
	struct out o = {out, cap, 0, 0, false};
	const char *rep;
	uint32_t cp;
	size_t i = 0, len;

	while (i < n) {
		len = utf8_next(p + i, n - i, &cp);
		if (len == 0) {
			put(&o, ' ');
			i++;
			continue;
		}
		if (cp < 0x80) {
			put(&o, cp >= 'A' && cp <= 'Z' ? (char)(cp + 32)
						       : (char)cp);
		} else if (cp >= 0xC0 && cp < 0x180 &&
			   (rep = latin[cp - 0xC0]) != NULL) {
			for (; *rep; rep++)
				put(&o, *rep);
		} else if ((cp >= 0xA0 && cp <= 0xBF) || cp == 0xD7 ||
			   cp == 0xF7 || (cp >= 0x2000 && cp <= 0x206F) ||
			   (cp >= 0x20A0 && cp <= 0x20CF)) {
			/* spaces, punctuation, signs, currency: apart */
			put(&o, ' ');
		} else if (cp == 0x1E9E) { /* capital sharp s */
			put(&o, 's');
			put(&o, 's');
		} else if (cp >= 0x218 && cp <= 0x21B) { /* Ș ș Ț ț */
			put(&o, cp < 0x21A ? 's' : 't');
		} else if (cp >= 0x300 && cp <= 0x36F) {
			/* a combining mark: "u" + U+0308 is "ü", which is
			 * "u" */
		} else {
			put_raw(&o, s + i, len);
		}
		i += len;
	}
	return finish(&o);
}

static void
put_str(struct out *o, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (o->len + 1 < o->cap)
			o->b[o->len] = s[i];
		o->len++;
	}
}

/* Writes digits d[0..n) and, space-separated, its suffixes of at least
 * min digits. */
static void
put_suffixes(struct out *o, const char *d, size_t n, size_t min)
{
	put_str(o, d, n);
	for (size_t k = 1; k + min <= n; k++) {
		put_str(o, " ", 1);
		put_str(o, d + k, n - k);
	}
}

size_t
fold_number(const char *number, char *out, size_t cap)
{
	struct out o = {out, cap, 0, 0, false};
	const char *p = number, *y, *q;

	while (*p && (*p < '0' || *p > '9'))
		p++;
	for (y = p; *p >= '0' && *p <= '9'; p++)
		;
	put_str(&o, y, (size_t)(p - y));
	while (*p && (*p < '0' || *p > '9'))
		p++;
	for (q = p; *p >= '0' && *p <= '9'; p++)
		;
	if (p > q) {
		put_str(&o, " ", 1);
		put_suffixes(&o, q, (size_t)(p - q), 2);
	}
	return finish(&o);
}

size_t
fold_phone(const char *phone, char *out, size_t cap)
{
	struct out o = {out, cap, 0, 0, false};
	char d[32];
	size_t n = 0;
	const char *p = phone;

	if (p[0] == '+') {
		d[n++] = '0';
		p++;
		if (p[0] == '4' && p[1] == '9') /* +49 151 → 0151 */
			p += 2;
		else
			d[n++] = '0'; /* +43 1 → 0043 1 */
	} else if (strncmp(p, "0049", 4) == 0) {
		d[n++] = '0';
		p += 4;
	}
	for (; *p && n < sizeof(d); p++)
		if (*p >= '0' && *p <= '9')
			d[n++] = *p;
	if (n >= 4)
		put_suffixes(&o, d, n, 4);
	return finish(&o);
}

size_t
fold_email(const char *email, char *out, size_t cap)
{
	char f[512];
	size_t n = fold_text(email, strlen(email), f, sizeof(f)), o = 0;

	if (n >= sizeof(f))
		n = sizeof(f) - 1;
	for (size_t i = 0; i < n; i++)
		if ((f[i] >= 'a' && f[i] <= 'z') ||
		    (f[i] >= '0' && f[i] <= '9') ||
		    (unsigned char)f[i] >= 0x80) {
			if (o + 1 < cap)
				out[o] = f[i];
			o++;
		}
	if (cap > 0)
		out[o < cap ? o : cap - 1] = '\0';
	return o;
}

/* Whether q is a phone number: only digits, spaces and + - / ( ), begins
 * with 0 or +, six digits or more. */
static bool
phone_like(const char *q)
{
	int digits = 0;

	while (*q == ' ')
		q++;
	if (*q != '0' && *q != '+')
		return false;
	for (; *q; q++) {
		if (*q >= '0' && *q <= '9')
			digits++;
		else if (!strchr(" +-/()", *q))
			return false;
	}
	return digits >= 6;
}

/* ---- the query --------------------------------------------------------- */

struct q {
	char *b;
	size_t cap, len;
	int terms;
};

static void
qs(struct q *q, const char *s, size_t n)
{
	if (q->len + n < q->cap)
		memcpy(q->b + q->len, s, n);
	q->len += n;
}

static void
qz(struct q *q, const char *s)
{
	qs(q, s, strlen(s));
}

/* One term: "tok" whole or as prefix, in cols. */
static void
term(struct q *q, const char *cols, const char *tok, size_t n, bool prefix)
{
	if (q->terms++ > 0)
		qz(q, " AND ");
	qz(q, cols);
	qz(q, " : \"");
	qs(q, tok, n);
	qz(q, prefix ? "\"*" : "\"");
}

/* A word matched as a prefix through the vocabulary: its words ORed, or
 * the prefix operator when there are too many. false: no indexed word
 * begins so, so nothing can match. */
static bool
term_expanded(struct q *q, const char *cols, const char *tok, size_t n,
    const struct fold_expand *x)
{
	char list[4096];
	int k = x->fn(x->arg, tok, n, list, sizeof(list));

	if (k == 0)
		return false;
	if (k < 0) {
		term(q, cols, tok, n, true);
		return true;
	}
	if (q->terms++ > 0)
		qz(q, " AND ");
	qz(q, cols);
	qz(q, " : (");
	qz(q, list);
	qz(q, ")");
	return true;
}

static bool
has_letter(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((s[i] >= 'a' && s[i] <= 'z') || (unsigned char)s[i] >= 0x80)
			return true;
	return false;
}

static bool
is_digits(const char *s, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/*
 * A Vorgang number or a part of one: "V-2025-4711", "V2025", "2024-07706",
 * "v-20". Its year (y, yn) and sequence (s, sn; sn 0: none). Only the
 * forms with a V, or a four-digit year and a dash, count: "07706" alone
 * is any word, and finds the number through its suffixes all the same.
 */
static bool
number_word(const char *w, size_t n, const char **y, size_t *yn, const char **s,
    size_t *sn)
{
	size_t i = 0, j;
	bool v = false;

	if (n > 0 && (w[0] == 'V' || w[0] == 'v')) {
		v = true;
		i = 1;
		if (i < n && w[i] == '-')
			i++;
	}
	for (j = i; j < n && w[j] >= '0' && w[j] <= '9'; j++)
		;
	if (j == i || j - i > 4 || (!v && j - i != 4))
		return false;
	*y = w + i;
	*yn = j - i;
	*sn = 0;
	if (j == n)
		return v;
	if (w[j] != '-' || *yn != 4)
		return false;
	*s = w + j + 1;
	*sn = n - j - 1;
	return *sn == 0 ? true : is_digits(*s, *sn) && *sn <= 7;
}

bool
fold_query(const char *qstr, const struct fold_viewer *v,
    const struct fold_expand *x, char *out, size_t cap)
{
	struct q q = {out, cap, 0, 0};
	const char *cols = v->kind == 2 ? "{body who place num}"
					: "{body internal who place num}";
	const char *w = qstr, *e, *y, *s;
	char f[256], tok[64];
	size_t wn, yn, sn, fn, i, t;
	int k;

	if (phone_like(qstr)) {
		char d[512];
		size_t dn = fold_phone(qstr, d, sizeof(d));

		/* the first token of fold_phone's list: all the digits */
		dn = strcspn(d, " ");
		term(&q, "who", d, dn, true);
		w = "";
	}
	while (*w) {
		while (*w == ' ' || *w == '\t' || *w == '\n' || *w == '\r')
			w++;
		for (e = w;
		     *e && *e != ' ' && *e != '\t' && *e != '\n' && *e != '\r';
		     e++)
			;
		wn = (size_t)(e - w);
		if (wn == 0)
			break;
		if (memchr(w, '@', wn) != NULL && wn < sizeof(f)) {
			char a[256];

			memcpy(f, w, wn);
			f[wn] = '\0';
			fn = fold_email(f, a, sizeof(a));
			if (fn > 0 && fn < sizeof(a))
				term(&q, "who", a, fn, true);
			w = e;
			continue;
		}
		if (number_word(w, wn, &y, &yn, &s, &sn)) {
			term(&q, "num", y, yn, yn < 4);
			/* a sequence of one or two digits whole: as a
			 * prefix it would be most of the numbers' terms */
			if (sn > 0)
				term(&q, "num", s, sn, sn > 2);
			w = e;
			continue;
		}
		fn = fold_text(w, wn, f, sizeof(f));
		if (fn >= sizeof(f))
			fn = sizeof(f) - 1;
		/* Split as unicode61 does for what fold_text leaves: ASCII
		 * letters and digits, and any non-ASCII byte, are token
		 * characters; the rest separate. */
		for (i = 0; i < fn;) {
			while (i < fn && !((f[i] >= 'a' && f[i] <= 'z') ||
					     (f[i] >= '0' && f[i] <= '9') ||
					     (unsigned char)f[i] >= 0x80))
				i++;
			for (t = 0;
			     i < fn && ((f[i] >= 'a' && f[i] <= 'z') ||
					   (f[i] >= '0' && f[i] <= '9') ||
					   (unsigned char)f[i] >= 0x80);
			     i++)
				if (t < sizeof(tok))
					tok[t++] = f[i];
			if (t == 0)
				continue;
			if (x != NULL && t >= (x->min_len ? x->min_len : 4) &&
			    has_letter(tok, t)) {
				if (!term_expanded(&q, cols, tok, t, x))
					return false;
			} else {
				/* words of three characters through the prefix
				 * index; shorter ones whole */
				term(&q, cols, tok, t,
				    has_letter(tok, t) ? t > 2 : t > 4);
			}
		}
		w = e;
	}
	if (q.terms == 0)
		return false;
	if (v->kind == 0 && v->org_token) {
		char o[32];

		snprintf(o, sizeof(o), " AND scope : \"o%lld\"",
		    (long long)v->org_id);
		qz(&q, o);
	} else if (v->kind == 1) {
		char p[48];

		qz(&q, " AND scope : (");
		for (k = 0; k < v->n_properties; k++) {
			snprintf(p, sizeof(p), "\"p%lld\" OR ",
			    (long long)v->property_ids[k]);
			qz(&q, p);
		}
		snprintf(p, sizeof(p), "\"e%lld\" OR \"c%lld\")",
		    (long long)v->user_id, (long long)v->user_id);
		qz(&q, p);
	} else if (v->kind == 2) {
		char r[32];

		snprintf(r, sizeof(r), " AND scope : \"r%lld\"",
		    (long long)v->user_id);
		qz(&q, r);
	}
	if (q.len >= q.cap)
		return false;
	q.b[q.len] = '\0';
	return true;
}
