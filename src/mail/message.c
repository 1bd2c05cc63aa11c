/* SPDX-License-Identifier: MIT */
#include "mail/message.h"

#include "util/buf.h"
#include "util/str.h"

#include <sodium.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* Upper bound for one rendered message (quoted-printable can triple). */
#define MAIL_MAX_MESSAGE (32u * 1024 * 1024)
/* RFC 2047 section 2: lines with encoded-words at most 76 characters. */
#define HDR_LINE_MAX 76
/* RFC 2047 section 2: one encoded-word at most 75 characters. */
#define EW_MAX 75
#define EW_PREFIX "=?UTF-8?Q?"
#define EW_SUFFIX "?="
/* A plain (unencoded) word longer than this is encoded so it can be split. */
#define PLAIN_WORD_MAX 60
/* RFC 2045 section 6.7: encoded lines at most 76 characters. */
#define QP_LINE_MAX 76

static const char *const wdays[7] = {
    "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
static const char *const months[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

static const char hexdig[] = "0123456789ABCDEF";

/* One header being written: tracks the column so it can fold. */
struct hdr {
	struct hd_buf *b;
	size_t col;
	bool first; /* nothing written after "Name:" yet */
};

static enum hd_status
hdr_begin(struct hdr *h, struct hd_buf *b, const char *name)
{
	h->b = b;
	h->col = strlen(name) + 1;
	h->first = true;
	return hd_buf_printf(b, "%s:", name);
}

/*
 * Appends a space (or a fold, CRLF SP, when the token would not fit on the
 * line) and the token. Never folds before the first token or before an
 * empty one, so no line is whitespace only.
 */
static enum hd_status
hdr_token(struct hdr *h, const char *s, size_t n)
{
	enum hd_status st;

	if (!h->first && n > 0 && h->col + 1 + n > HDR_LINE_MAX) {
		st = hd_buf_add(h->b, "\r\n ", 3);
		h->col = 1;
	} else {
		st = hd_buf_add(h->b, " ", 1);
		h->col++;
	}
	if (st != HD_OK)
		return st;
	h->first = false;
	h->col += n;
	return hd_buf_add(h->b, s, n);
}

static enum hd_status
hdr_end(struct hdr *h)
{
	return hd_buf_add(h->b, "\r\n", 2);
}

/* Characters that stand for themselves in a Q encoded-word in any header
 * position (RFC 2047 section 5 (3), the strictest rule). */
static bool
q_literal(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '!' || c == '*' || c == '+' ||
	       c == '-' || c == '/';
}

static size_t
q_cost(unsigned char c)
{
	return (c == ' ' || q_literal(c)) ? 1 : 3;
}

/* Length of the UTF-8 sequence starting with c (input is validated). */
static size_t
utf8_len(unsigned char c)
{
	if (c < 0x80)
		return 1;
	if ((c & 0xe0) == 0xc0)
		return 2;
	if ((c & 0xf0) == 0xe0)
		return 3;
	return 4;
}

static size_t
q_put(char *dst, unsigned char c)
{
	if (c == ' ') {
		dst[0] = '_';
		return 1;
	}
	if (q_literal(c)) {
		dst[0] = (char)c;
		return 1;
	}
	dst[0] = '=';
	dst[1] = hexdig[c >> 4];
	dst[2] = hexdig[c & 0x0f];
	return 3;
}

/*
 * Writes s as a run of Q encoded-words, each at most 75 characters and
 * each holding whole UTF-8 sequences only, so every word decodes on its
 * own. Whitespace between encoded-words is ignored by decoders, so the
 * spaces of s travel inside the words (as "_").
 */
static enum hd_status
hdr_encoded(struct hdr *h, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n = strlen(s);
	enum hd_status st;
	char word[EW_MAX + 1];

	while (i < n) {
		size_t max = EW_MAX, wl, k, cost, seq;

		if (h->first && HDR_LINE_MAX - h->col - 1 < max)
			max = HDR_LINE_MAX - h->col - 1;
		memcpy(word, EW_PREFIX, sizeof(EW_PREFIX) - 1);
		wl = sizeof(EW_PREFIX) - 1;
		while (i < n) {
			seq = utf8_len(p[i]);
			if (seq > n - i)
				seq = n - i;
			for (cost = 0, k = 0; k < seq; k++)
				cost += q_cost(p[i + k]);
			if (wl + cost + sizeof(EW_SUFFIX) - 1 > max)
				break;
			for (k = 0; k < seq; k++)
				wl += q_put(word + wl, p[i + k]);
			i += seq;
		}
		memcpy(word + wl, EW_SUFFIX, sizeof(EW_SUFFIX) - 1);
		wl += sizeof(EW_SUFFIX) - 1;
		if ((st = hdr_token(h, word, wl)) != HD_OK)
			return st;
	}
	return HD_OK;
}

/* Writes s as plain words separated by single spaces (folding between). */
static enum hd_status
hdr_words(struct hdr *h, const char *s)
{
	enum hd_status st;
	const char *sp;

	for (;;) {
		sp = strchr(s, ' ');
		if (sp == NULL)
			return hdr_token(h, s, strlen(s));
		if ((st = hdr_token(h, s, (size_t)(sp - s))) != HD_OK)
			return st;
		s = sp + 1;
	}
}

/*
 * True when s cannot go into a header as it is: non-ASCII or control
 * characters, something a decoder would take for an encoded-word, or a
 * word too long to fold.
 */
static bool
needs_encoding(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t word = 0;

	if (strstr(s, "=?") != NULL)
		return true;
	for (; *p != '\0'; p++) {
		if (*p >= 0x80 || *p < 0x20 || *p == 0x7f)
			return true;
		word = *p == ' ' ? 0 : word + 1;
		if (word > PLAIN_WORD_MAX)
			return true;
	}
	return false;
}

/* RFC 5322 atext, plus the space between atoms of a phrase. */
static bool
phrase_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == ' ' ||
	       strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL;
}

static bool
needs_quoting(const char *s)
{
	for (; *s != '\0'; s++)
		if (!phrase_char((unsigned char)*s))
			return true;
	return false;
}

/* Header text: no line breaks (header injection) and valid UTF-8. */
static bool
header_text_ok(const char *s)
{
	return !hd_has_crlf(s) && hd_utf8_valid(s, strlen(s));
}

/* An address goes into headers and the SMTP envelope: printable ASCII
 * without the characters that would end or split it. */
static bool
address_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (s == NULL || *s == '\0')
		return false;
	for (; *p != '\0'; p++)
		if (*p <= 0x20 || *p >= 0x7f ||
		    strchr("<>,;\"()\\", *p) != NULL)
			return false;
	return true;
}

static bool
message_id_ok(const char *s)
{
	size_t n;

	if (s == NULL || (n = strlen(s)) < 3 || s[0] != '<' || s[n - 1] != '>')
		return false;
	for (; *s != '\0'; s++)
		if ((unsigned char)*s <= 0x20 || (unsigned char)*s >= 0x7f)
			return false;
	return true;
}

static enum hd_status
quoted_name(struct hdr *h, const char *name)
{
	char q[2 * PLAIN_WORD_MAX + 3];
	size_t n = 0;

	q[n++] = '"';
	for (; *name != '\0'; name++) {
		if (*name == '"' || *name == '\\')
			q[n++] = '\\';
		q[n++] = *name;
	}
	q[n++] = '"';
	return hdr_token(h, q, n);
}

/* "Name: display name <addr>" or "Name: addr". */
static enum hd_status
hdr_address(
    struct hd_buf *b, const char *hname, const char *name, const char *addr)
{
	char angle[1024];
	enum hd_status st;
	struct hdr h;
	int r;

	if ((st = hdr_begin(&h, b, hname)) != HD_OK)
		return st;
	if (name == NULL || *name == '\0') {
		st = hdr_token(&h, addr, strlen(addr));
	} else {
		r = snprintf(angle, sizeof(angle), "<%s>", addr);
		if (r < 0 || (size_t)r >= sizeof(angle))
			return HD_EINVAL;
		if (needs_encoding(name) ||
		    (needs_quoting(name) && strlen(name) > PLAIN_WORD_MAX))
			st = hdr_encoded(&h, name);
		else if (needs_quoting(name))
			st = quoted_name(&h, name);
		else
			st = hdr_words(&h, name);
		if (st == HD_OK)
			st = hdr_token(&h, angle, (size_t)r);
	}
	if (st != HD_OK)
		return st;
	return hdr_end(&h);
}

static enum hd_status
hdr_subject(struct hd_buf *b, const char *subject)
{
	enum hd_status st;
	struct hdr h;

	if ((st = hdr_begin(&h, b, "Subject")) != HD_OK)
		return st;
	if (needs_encoding(subject))
		st = hdr_encoded(&h, subject);
	else
		st = hdr_words(&h, subject);
	if (st != HD_OK)
		return st;
	return hdr_end(&h);
}

/* RFC 5322 date in UTC with English names from our own tables, so the
 * locale never matters. */
static enum hd_status
hdr_date(struct hd_buf *b, int64_t date)
{
	time_t t = (time_t)date;
	struct tm tm;

	if ((int64_t)t != date || gmtime_r(&t, &tm) == NULL ||
	    tm.tm_year < 70 || tm.tm_year > 9999 - 1900)
		return HD_EINVAL;
	return hd_buf_printf(b,
	    "Date: %s, %02d %s %04d %02d:%02d:%02d +0000\r\n",
	    wdays[tm.tm_wday], tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900,
	    tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/*
 * Quoted-printable for one line of the body (without its line end): at most
 * 76 characters per output line, soft breaks ("=" CRLF) where needed, and
 * whitespace before the hard line end encoded so it survives transport.
 */
static enum hd_status
qp_line(struct hd_buf *b, const unsigned char *p, size_t n)
{
	char line[QP_LINE_MAX + 3];
	size_t col = 0, i, el, room;
	enum hd_status st;
	char enc[3];

	for (i = 0; i < n; i++) {
		unsigned char c = p[i];
		bool last = i + 1 == n;

		if ((c >= 33 && c <= 126 && c != '=') ||
		    ((c == ' ' || c == '\t') && !last)) {
			enc[0] = (char)c;
			el = 1;
		} else {
			enc[0] = '=';
			enc[1] = hexdig[c >> 4];
			enc[2] = hexdig[c & 0x0f];
			el = 3;
		}
		/* Leave room for the soft break "=" unless this ends the
		 * line. */
		room = last ? QP_LINE_MAX : QP_LINE_MAX - 1;
		if (col + el > room) {
			line[col++] = '=';
			line[col++] = '\r';
			line[col++] = '\n';
			if ((st = hd_buf_add(b, line, col)) != HD_OK)
				return st;
			col = 0;
		}
		memcpy(line + col, enc, el);
		col += el;
	}
	line[col++] = '\r';
	line[col++] = '\n';
	return hd_buf_add(b, line, col);
}

/* Splits the body at CRLF, LF or CR and encodes each line; every line,
 * the last one too, ends with CRLF. */
static enum hd_status
qp_body(struct hd_buf *b, const char *body)
{
	const unsigned char *p = (const unsigned char *)body;
	enum hd_status st;
	size_t n;

	while (*p != '\0') {
		n = strcspn((const char *)p, "\r\n");
		if ((st = qp_line(b, p, n)) != HD_OK)
			return st;
		p += n;
		if (p[0] == '\r' && p[1] == '\n')
			p += 2;
		else if (*p != '\0')
			p++;
	}
	return HD_OK;
}

enum hd_status
mail_message_render(const struct mail_message *m, char **out, size_t *len)
{
	const char *subject = m->subject != NULL ? m->subject : "";
	const char *body = m->body != NULL ? m->body : "";
	enum hd_status st = HD_EINVAL;
	struct hd_buf b;

	hd_buf_init(&b, MAIL_MAX_MESSAGE);
	*out = NULL;
	if (len != NULL)
		*len = 0;
	if (!address_ok(m->from_addr) || !address_ok(m->to_addr) ||
	    !message_id_ok(m->message_id) || !header_text_ok(subject))
		goto out;
	if ((m->from_name != NULL && !header_text_ok(m->from_name)) ||
	    (m->to_name != NULL && !header_text_ok(m->to_name)))
		goto out;

	if ((st = hdr_date(&b, m->date)) != HD_OK ||
	    (st = hdr_address(&b, "From", m->from_name, m->from_addr)) !=
		HD_OK ||
	    (st = hdr_address(&b, "To", m->to_name, m->to_addr)) != HD_OK ||
	    (st = hdr_subject(&b, subject)) != HD_OK)
		goto out;
	st = hd_buf_printf(&b,
	    "Message-ID: %s\r\n"
	    "MIME-Version: 1.0\r\n"
	    "Content-Type: text/plain; charset=UTF-8\r\n"
	    "Content-Transfer-Encoding: quoted-printable\r\n"
	    "Auto-Submitted: auto-generated\r\n"
	    "X-Auto-Response-Suppress: All\r\n"
	    "\r\n",
	    m->message_id);
	if (st != HD_OK || (st = qp_body(&b, body)) != HD_OK)
		goto out;
	st = hd_buf_take(&b, out, len);
out:
	hd_buf_cleanup(&b);
	return st;
}

/* Domain part of addr when addr is printable ASCII and the domain a plain
 * host name, else NULL. */
static const char *
id_domain(const char *addr)
{
	const char *d, *p;

	if (addr == NULL)
		return NULL;
	for (p = addr; *p != '\0'; p++)
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f)
			return NULL;
	if ((d = strrchr(addr, '@')) == NULL || *++d == '\0')
		return NULL;
	for (p = d; *p != '\0'; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			(*p >= '0' && *p <= '9') || *p == '-' || *p == '.'))
			return NULL;
	return d;
}

/*
 * Microseconds since the epoch, strictly increasing within the process:
 * ids made one after the other sort in that order, so each new outbox row
 * goes to the end of the unique index on message_id instead of to a random
 * leaf page (a random page per mail cost creates a third of their rate).
 */
static long long
id_stamp(void)
{
	static _Atomic long long last;
	struct timespec ts;
	long long now, prev;

	clock_gettime(CLOCK_REALTIME, &ts);
	now = (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
	prev = atomic_load(&last);
	do {
		if (now <= prev)
			now = prev + 1;
	} while (!atomic_compare_exchange_weak(&last, &prev, now));
	return now;
}

void
mail_message_id_new(const char *from_addr, char *buf, size_t n)
{
	unsigned char rnd[12];
	char hex[2 * sizeof(rnd) + 1];
	const char *domain = id_domain(from_addr);
	long long stamp = id_stamp();
	int r;

	if (n == 0)
		return;
	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(hex, sizeof(hex), rnd, sizeof(rnd));
	/* 16 digits until the year 2286: the ids sort as their stamps. */
	if (domain != NULL) {
		r = snprintf(buf, n, "<%016lld.%s@%s>", stamp, hex, domain);
		if (r >= 0 && (size_t)r < n)
			return;
	}
	/* A domain too long for buf: a shorter id beats a truncated one. */
	r = snprintf(buf, n, "<%016lld.%s@hausdesk>", stamp, hex);
	if (r < 0 || (size_t)r >= n)
		buf[0] = '\0';
}
