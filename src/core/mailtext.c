/* SPDX-License-Identifier: MIT */
/* The text of an inbound mail: HTML made readable, quotes cut, Windows
 * charsets made UTF-8 (mailtext.h, docs/mail-in.md). */
#include "core/mailtext.h"

#include "util/buf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAILTEXT_TAG_MAX 16    /* a longer tag name is no tag we know */
#define MAILTEXT_ENTITY_MAX 32 /* "&...;" longer is taken literally */
#define MAILTEXT_QUOTE_JOIN 3  /* lines an attribution may wrap over */

/* ---- UTF-8 output with a cap ---- */

struct out {
	struct hd_buf b;
	int full;     /* the cap was reached: add nothing more */
	int space;    /* a space is pending */
	int newlines; /* line breaks at the end of what was written */
};

static void
out_raw(struct out *o, const char *s, size_t n)
{
	if (o->full || n == 0)
		return;
	if (hd_buf_add(&o->b, s, n) != HD_OK)
		o->full = 1;
}

static void
out_utf8(struct out *o, uint32_t c)
{
	char u[4];
	size_t n;

	if (c == 0 || (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		c = 0xfffd;
	if (c < 0x80) {
		u[0] = (char)c;
		n = 1;
	} else if (c < 0x800) {
		u[0] = (char)(0xc0 | (c >> 6));
		u[1] = (char)(0x80 | (c & 0x3f));
		n = 2;
	} else if (c < 0x10000) {
		u[0] = (char)(0xe0 | (c >> 12));
		u[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		u[2] = (char)(0x80 | (c & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | (c >> 18));
		u[1] = (char)(0x80 | ((c >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((c >> 6) & 0x3f));
		u[3] = (char)(0x80 | (c & 0x3f));
		n = 4;
	}
	out_raw(o, u, n);
}

/* Text: a pending space is written first, unless at a line start. */
static void
out_text(struct out *o, const char *s, size_t n)
{
	if (n == 0)
		return;
	if (o->space && o->b.len > 0 && o->newlines == 0)
		out_raw(o, " ", 1);
	o->space = 0;
	o->newlines = 0;
	out_raw(o, s, n);
}

/* One character of text, after a pending space. */
static void
out_char(struct out *o, uint32_t c)
{
	if (o->space && o->b.len > 0 && o->newlines == 0)
		out_raw(o, " ", 1);
	o->space = 0;
	o->newlines = 0;
	out_utf8(o, c);
}

/* A no-break space: a space that counts as text, so that a paragraph of
 * only &nbsp; (as webmailers write blank lines) is kept as a blank line. */
static void
out_nbsp(struct out *o)
{
	o->space = 0;
	o->newlines = 0;
	out_raw(o, " ", 1);
}

/* Ends the line; want 2 for a blank line (a paragraph). */
static void
out_break(struct out *o, int want)
{
	o->space = 0;
	if (o->b.len == 0)
		return;
	while (o->newlines < want) {
		out_raw(o, "\n", 1);
		o->newlines++;
	}
}

static size_t squeeze(char *s, size_t n);

/* ---- HTML ---- */

struct entity {
	const char *name;
	uint32_t code;
};

/* The named entities mail clients write; others stay literal. */
static const struct entity entities[] = {
    {"amp", '&'},
    {"lt", '<'},
    {"gt", '>'},
    {"quot", '"'},
    {"apos", '\''},
    {"nbsp", 0xa0},
    {"auml", 0xe4},
    {"ouml", 0xf6},
    {"uuml", 0xfc},
    {"Auml", 0xc4},
    {"Ouml", 0xd6},
    {"Uuml", 0xdc},
    {"szlig", 0xdf},
    {"euro", 0x20ac},
    {"copy", 0xa9},
    {"reg", 0xae},
    {"trade", 0x2122},
    {"ndash", 0x2013},
    {"mdash", 0x2014},
    {"hellip", 0x2026},
    {"laquo", 0xab},
    {"raquo", 0xbb},
    {"bdquo", 0x201e},
    {"ldquo", 0x201c},
    {"rdquo", 0x201d},
    {"lsquo", 0x2018},
    {"rsquo", 0x2019},
    {"sbquo", 0x201a},
    {"eacute", 0xe9},
    {"egrave", 0xe8},
    {"agrave", 0xe0},
    {"aacute", 0xe1},
    {"ccedil", 0xe7},
    {"deg", 0xb0},
    {"sup2", 0xb2},
    {"sup3", 0xb3},
    {"middot", 0xb7},
    {"bull", 0x2022},
    {"para", 0xb6},
    {"sect", 0xa7},
    {"times", 0xd7},
    {"shy", 0},
    {"zwnj", 0},
    {"zwj", 0},
};

/* Decodes the entity at s (s[0] == '&', n bytes left); returns the bytes
 * it takes, 0 when it is no entity we know. */
static size_t
html_entity(struct out *o, const char *s, size_t n)
{
	size_t i, k;
	uint32_t c = 0;

	for (i = 1; i < n && i < MAILTEXT_ENTITY_MAX && s[i] != ';'; i++)
		;
	if (i >= n || s[i] != ';' || i == 1)
		return 0;
	if (s[1] == '#') {
		int hex = (i > 2 && (s[2] == 'x' || s[2] == 'X'));
		size_t start = hex ? 3 : 2;

		if (start >= i)
			return 0;
		for (k = start; k < i; k++) {
			unsigned char d = (unsigned char)s[k];
			uint32_t v;

			if (d >= '0' && d <= '9')
				v = d - '0';
			else if (hex && d >= 'a' && d <= 'f')
				v = d - 'a' + 10;
			else if (hex && d >= 'A' && d <= 'F')
				v = d - 'A' + 10;
			else
				return 0;
			c = c * (hex ? 16 : 10) + v;
			if (c > 0x10ffff)
				c = 0x110000; /* stays invalid */
		}
		if (c == '\r' || c == '\n' || c == '\t' || c == ' ')
			o->space = 1;
		else if (c == 0xa0)
			out_nbsp(o);
		else
			out_char(o, c);
		return i + 1;
	}
	for (k = 0; k < sizeof(entities) / sizeof(entities[0]); k++) {
		const struct entity *e = &entities[k];

		if (strlen(e->name) == i - 1 &&
		    memcmp(e->name, s + 1, i - 1) == 0) {
			if (e->code == 0xa0)
				out_nbsp(o);
			else if (e->code != 0)
				out_char(o, e->code);
			return i + 1;
		}
	}
	return 0;
}

enum tagkind { TAG_INLINE, TAG_LINE, TAG_PARA, TAG_ITEM, TAG_CELL, TAG_SKIP };

struct tagdef {
	const char *name;
	enum tagkind kind;
};

static const struct tagdef tags[] = {
    {"br", TAG_LINE},
    {"div", TAG_LINE},
    {"tr", TAG_LINE},
    {"hr", TAG_LINE},
    {"dt", TAG_LINE},
    {"dd", TAG_LINE},
    {"center", TAG_LINE},
    {"address", TAG_LINE},
    {"section", TAG_LINE},
    {"article", TAG_LINE},
    {"header", TAG_LINE},
    {"footer", TAG_LINE},
    {"p", TAG_PARA},
    {"h1", TAG_PARA},
    {"h2", TAG_PARA},
    {"h3", TAG_PARA},
    {"h4", TAG_PARA},
    {"h5", TAG_PARA},
    {"h6", TAG_PARA},
    {"blockquote", TAG_PARA},
    {"table", TAG_PARA},
    {"ul", TAG_PARA},
    {"ol", TAG_PARA},
    {"pre", TAG_PARA},
    {"li", TAG_ITEM},
    {"td", TAG_CELL},
    {"th", TAG_CELL},
    {"script", TAG_SKIP},
    {"style", TAG_SKIP},
    {"head", TAG_SKIP},
    {"title", TAG_SKIP},
    {"noscript", TAG_SKIP},
    {"template", TAG_SKIP},
    {"xml", TAG_SKIP},
};

static enum tagkind
tag_kind(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(tags) / sizeof(tags[0]); i++)
		if (strcmp(tags[i].name, name) == 0)
			return tags[i].kind;
	return TAG_INLINE;
}

/* Finds the '>' ending a tag from s[i], skipping quoted attribute
 * values; returns n when there is none. */
static size_t
tag_end(const char *s, size_t n, size_t i)
{
	char q = 0;

	for (; i < n; i++) {
		if (q) {
			if (s[i] == q)
				q = 0;
		} else if (s[i] == '"' || s[i] == '\'') {
			q = s[i];
		} else if (s[i] == '>') {
			return i;
		}
	}
	return n;
}

/* Finds "</name" (any case) from s[i]; returns n when absent. */
static size_t
find_close(const char *s, size_t n, size_t i, const char *name)
{
	size_t k, len = strlen(name);

	for (; i + 2 + len <= n; i++) {
		if (s[i] != '<' || s[i + 1] != '/')
			continue;
		for (k = 0; k < len; k++) {
			char c = s[i + 2 + k];

			if (c >= 'A' && c <= 'Z')
				c = (char)(c - 'A' + 'a');
			if (c != name[k])
				break;
		}
		if (k == len)
			return i;
	}
	return n;
}

/* Handles the markup at s[i] == '<'; returns the index after it. */
static size_t
html_tag(struct out *o, const char *s, size_t n, size_t i, int *pre)
{
	char name[MAILTEXT_TAG_MAX + 1];
	size_t j = i + 1, k = 0, end;
	int closing = 0;
	enum tagkind kind;

	if (j + 2 < n && s[j] == '!' && s[j + 1] == '-' && s[j + 2] == '-') {
		const char *c = NULL;
		size_t m;

		for (m = j + 3; m + 2 < n; m++)
			if (s[m] == '-' && s[m + 1] == '-' && s[m + 2] == '>') {
				c = s + m;
				break;
			}
		return c ? (size_t)(c - s) + 3 : n;
	}
	if (j < n && s[j] == '/') {
		closing = 1;
		j++;
	}
	if (j < n && (s[j] == '!' || s[j] == '?')) {
		end = tag_end(s, n, j);
		return end < n ? end + 1 : n;
	}
	if (j >= n ||
	    !((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z'))) {
		out_text(o, "<", 1); /* a lone '<' is text */
		return i + 1;
	}
	while (j < n && k < MAILTEXT_TAG_MAX &&
	       ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z') ||
		   (s[j] >= '0' && s[j] <= '9'))) {
		char c = s[j++];

		name[k++] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
	}
	name[k] = '\0';
	end = tag_end(s, n, j);
	kind = tag_kind(name);
	if (kind == TAG_SKIP) {
		if (closing || end >= n)
			return end < n ? end + 1 : n;
		if (end > 0 && s[end - 1] == '/')
			return end + 1;
		end = find_close(s, n, end + 1, name);
		if (end >= n)
			return n;
		end = tag_end(s, n, end);
		return end < n ? end + 1 : n;
	}
	if (strcmp(name, "pre") == 0)
		*pre = !closing;
	switch (kind) {
	case TAG_LINE:
		if (strcmp(name, "br") == 0) {
			/* a <br> always breaks, even a second time */
			o->space = 0;
			if (o->b.len > 0 || o->newlines > 0) {
				out_raw(o, "\n", 1);
				o->newlines++;
			}
		} else {
			out_break(o, 1);
		}
		break;
	case TAG_PARA:
		out_break(o, 2);
		break;
	case TAG_ITEM:
		out_break(o, 1);
		if (!closing)
			out_text(o, "- ", 2);
		break;
	case TAG_CELL:
		if (!closing)
			o->space = 1;
		break;
	default:
		break;
	}
	return end < n ? end + 1 : n;
}

size_t
mailtext_tidy(char *s)
{
	return squeeze(s, strlen(s));
}

/* Squeezes blank-line runs to one, strips trailing spaces and the blank
 * lines at both ends, in place. */
static size_t
squeeze(char *s, size_t n)
{
	size_t r = 0, w = 0, blank = 0;

	while (r < n && (s[r] == '\n' || s[r] == ' '))
		r++;
	while (r < n) {
		size_t e = r, t;

		while (e < n && s[e] != '\n')
			e++;
		t = e;
		while (t > r && (s[t - 1] == ' ' || s[t - 1] == '\t'))
			t--;
		if (t == r) {
			blank++;
		} else {
			if (w > 0)
				s[w++] = '\n';
			if (w > 0 && blank > 0)
				s[w++] = '\n';
			memmove(s + w, s + r, t - r);
			w += t - r;
			blank = 0;
		}
		r = e + 1;
	}
	s[w] = '\0';
	return w;
}

enum hd_status
mailtext_from_html(const char *html, size_t len, size_t max, char **out)
{
	struct out o = {0};
	enum hd_status st;
	size_t i = 0, n;
	int pre = 0;

	*out = NULL;
	hd_buf_init(&o.b, max);
	while (i < len && !o.full) {
		unsigned char c = (unsigned char)html[i];

		if (c == '<') {
			i = html_tag(&o, html, len, i, &pre);
		} else if (c == '&') {
			n = html_entity(&o, html + i, len - i);
			if (n == 0) {
				out_text(&o, "&", 1);
				n = 1;
			}
			i += n;
		} else if (c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
			   c == '\f') {
			if (pre && c == '\n') {
				out_raw(&o, "\n", 1);
				o.newlines++;
				o.space = 0;
			} else if (pre && c != '\r') {
				out_text(&o, " ", 1);
			} else {
				o.space = 1;
			}
			i++;
		} else if (c == 0) {
			i++;
		} else {
			size_t j = i + 1;

			while (j < len && html[j] != '<' && html[j] != '&' &&
			       html[j] != ' ' && html[j] != '\t' &&
			       html[j] != '\r' && html[j] != '\n' &&
			       html[j] != '\f' && html[j] != '\0')
				j++;
			out_text(&o, html + i, j - i);
			i = j;
		}
	}
	if (o.b.len == 0) {
		*out = strdup("");
		st = *out ? HD_OK : HD_ENOMEM;
		goto out;
	}
	o.b.len = squeeze(o.b.data, o.b.len);
	st = hd_buf_take(&o.b, out, &n);
out:
	hd_buf_cleanup(&o.b);
	return st;
}

/* ---- Quotes ---- */

/* The line [s, e) with leading blanks and '*' (Outlook's bold in plain
 * text) skipped. */
static const char *
line_start(const char *s, const char *e)
{
	while (s < e && (*s == ' ' || *s == '\t' || *s == '*'))
		s++;
	return s;
}

static int
has_prefix(const char *s, const char *e, const char *p)
{
	size_t n = strlen(p);

	return (size_t)(e - s) >= n && memcmp(s, p, n) == 0;
}

static int
contains(const char *s, const char *e, const char *p)
{
	size_t n = strlen(p);

	for (; (size_t)(e - s) >= n; s++)
		if (memcmp(s, p, n) == 0)
			return 1;
	return 0;
}

/* The end of the line starting at s (at its '\n' or the NUL). */
static const char *
line_end(const char *s)
{
	const char *e = strchr(s, '\n');

	return e ? e : s + strlen(s);
}

/* True when [s, e) ends in ':' after trailing blanks and CR. */
static int
ends_colon(const char *s, const char *e)
{
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		e--;
	return e > s && e[-1] == ':';
}

/* "Am … schrieb …:" / "On … wrote:", perhaps wrapped over a few lines. */
static int
is_attribution(const char *line)
{
	const char *e = line_end(line), *s = line_start(line, e);
	const char *lead, *verb;
	int i;

	if (has_prefix(s, e, "Am ")) {
		lead = "Am ";
		verb = " schrieb";
	} else if (has_prefix(s, e, "On ")) {
		lead = "On ";
		verb = " wrote";
	} else {
		return 0;
	}
	(void)lead;
	for (i = 0; i < MAILTEXT_QUOTE_JOIN; i++) {
		if (contains(s, e, verb) && ends_colon(s, e))
			return 1;
		if (*e == '\0')
			return 0;
		e = line_end(e + 1);
	}
	return 0;
}

/* Outlook's header block: "Von: …" then "Gesendet: …"/"Datum: …" (or
 * "From: …" then "Sent: …"/"Date: …") within the next lines. */
static int
is_header_block(const char *line)
{
	const char *e = line_end(line), *s = line_start(line, e);
	int de, i;

	if (has_prefix(s, e, "Von:"))
		de = 1;
	else if (has_prefix(s, e, "From:"))
		de = 0;
	else
		return 0;
	for (i = 0; i < MAILTEXT_QUOTE_JOIN && *e != '\0'; i++) {
		s = e + 1;
		e = line_end(s);
		s = line_start(s, e);
		if (de && (has_prefix(s, e, "Gesendet:") ||
			      has_prefix(s, e, "Datum:")))
			return 1;
		if (!de &&
		    (has_prefix(s, e, "Sent:") || has_prefix(s, e, "Date:")))
			return 1;
	}
	return 0;
}

static int
is_quote_start(const char *line)
{
	const char *e = line_end(line), *s = line_start(line, e);

	if (s < e && *s == '>')
		return 1;
	if (contains(s, e, "-----Ursprüngliche Nachricht-----") ||
	    contains(s, e, "-----Original Message-----") ||
	    contains(s, e, "----- Original Message -----"))
		return 1;
	return is_attribution(line) || is_header_block(line);
}

/* What phones and webmailers append; cut when it ends the new text. */
static const char *const signatures[] = {
    "Gesendet von meinem iPhone",
    "Gesendet von meinem iPad",
    "Von meinem iPhone gesendet",
    "Sent from my iPhone",
    "Sent from my iPad",
    "Von meinem Smartphone gesendet",
    "Gesendet von meinem Smartphone",
    "Sent from my Android",
    "Gesendet von Outlook für Android",
    "Get Outlook for Android",
    "Get Outlook for iOS",
    "Gesendet mit der GMX Mail App",
    "Gesendet mit der WEB.DE Mail App",
    "Diese Nachricht wurde von meinem Android-Mobiltelefon mit GMX Mail "
    "gesendet.",
    "Diese Nachricht wurde von meinem Android-Mobiltelefon mit WEB.DE Mail "
    "gesendet.",
};

/* The length of text[0, n) without a phone's signature as its last
 * non-blank line. */
static size_t
cut_signature(const char *text, size_t n)
{
	size_t e = n, b, i, k;

	while (e > 0 && (text[e - 1] == '\n' || text[e - 1] == ' ' ||
			    text[e - 1] == '\t' || text[e - 1] == '\r'))
		e--;
	for (b = e; b > 0 && text[b - 1] != '\n'; b--)
		;
	for (i = b; i < e && (text[i] == ' ' || text[i] == '\t'); i++)
		;
	for (k = 0; k < sizeof(signatures) / sizeof(signatures[0]); k++) {
		size_t l = strlen(signatures[k]);

		if (e - i == l && memcmp(text + i, signatures[k], l) == 0)
			return b;
	}
	return n;
}

enum hd_status
mailtext_cut_quote(const char *text, char **out)
{
	const char *line = text, *cut = NULL;
	size_t n;

	*out = NULL;
	while (*line != '\0') {
		if (is_quote_start(line)) {
			cut = line;
			break;
		}
		line = line_end(line);
		if (*line == '\n')
			line++;
	}
	n = cut ? (size_t)(cut - text) : strlen(text);
	n = cut_signature(text, n);
	/* Outlook's line of underscores above its header block goes too. */
	while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == '\r' ||
			    text[n - 1] == ' ' || text[n - 1] == '\t' ||
			    text[n - 1] == '_'))
		n--;
	if (n == 0)
		n = strlen(text); /* all quote: keep it all */
	*out = malloc(n + 1);
	if (*out == NULL)
		return HD_ENOMEM;
	memcpy(*out, text, n);
	(*out)[n] = '\0';
	return HD_OK;
}

/* ---- Windows-1252 ---- */

/* 0x80..0x9f in Windows-1252; 0 where it has no character. */
static const uint16_t cp1252_high[32] = {
    0x20ac,
    0,
    0x201a,
    0x0192,
    0x201e,
    0x2026,
    0x2020,
    0x2021,
    0x02c6,
    0x2030,
    0x0160,
    0x2039,
    0x0152,
    0,
    0x017d,
    0,
    0,
    0x2018,
    0x2019,
    0x201c,
    0x201d,
    0x2022,
    0x2013,
    0x2014,
    0x02dc,
    0x2122,
    0x0161,
    0x203a,
    0x0153,
    0,
    0x017e,
    0x0178,
};

enum hd_status
mailtext_cp1252_to_utf8(const char *s, size_t len, size_t max, char **out)
{
	struct out o = {0};
	enum hd_status st;
	size_t i, n;

	*out = NULL;
	hd_buf_init(&o.b, max);
	hd_buf_reserve(&o.b, len < max ? len + len / 8 : max);
	for (i = 0; i < len && !o.full; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == 0)
			continue;
		if (c < 0x80)
			out_raw(&o, (const char *)&s[i], 1);
		else if (c < 0xa0)
			out_utf8(&o, cp1252_high[c - 0x80]
					 ? cp1252_high[c - 0x80]
					 : 0xfffd);
		else
			out_utf8(&o, c);
	}
	if (o.b.len == 0) {
		*out = strdup("");
		st = *out ? HD_OK : HD_ENOMEM;
		goto out;
	}
	st = hd_buf_take(&o.b, out, &n);
out:
	hd_buf_cleanup(&o.b);
	return st;
}
