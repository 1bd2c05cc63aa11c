/* SPDX-License-Identifier: MIT */
/*
 * Request framing checks the HTTP library leaves out (framing.h).
 *
 * libmicrohttpd 0.9.75 parses the request line and header lines in place
 * in the connection's read buffer: it writes a NUL over the space after
 * the method and before the version, over each header's colon, and over
 * the CR and LF ending each line, and keeps pointers into the buffer.
 * What it keeps cannot show a NUL inside a line (the strings just end
 * early) or a folded line (appended to the header's name, which it copies
 * elsewhere). The buffer still can: the parts of a well-formed request
 * follow each other there, line after line, with nothing between. So
 * each part is checked to start where the one before ended. Its
 * MHD_OPTION_STRICT_FOR_CLIENT does not help: at 1 it answers a missing
 * Host with a doubled header block and closes on a space in the target
 * without an answer, and it checks none of the rest.
 */
#include "http/framing.h"

#include <microhttpd.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

/* Header names counted: each may come once at most. */
enum { F_HOST, F_LENGTH, F_CODING, F_COUNT };

struct walk {
	const char *end;  /* the NUL ending the last line so far */
	const char *next; /* where the next header's name must start */
	unsigned seen[F_COUNT];
	const char *coding; /* the Transfer-Encoding value */
	const char *why;    /* set: the request is malformed */
};

/* RFC 9110 token characters (method, header names). */
static bool
tchar(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') ||
	       (c != '\0' && strchr("!#$%&'*+-.^_`|~", c));
}

static bool
token(const char *s, size_t n)
{
	size_t i;

	if (n == 0)
		return false;
	for (i = 0; i < n; i++)
		if (!tchar((unsigned char)s[i]))
			return false;
	return true;
}

/* Where the line after the one ending at end (the NUL written over its
 * CR or LF) starts: CRLF became two NULs, a bare LF one. */
static const char *
after_line(const char *end)
{
	return end[1] == '\0' ? end + 2 : end + 1;
}

static enum MHD_Result
check_header(void *cls, enum MHD_ValueKind kind, const char *key,
    size_t key_size, const char *value, size_t value_size)
{
	struct walk *w = cls;
	const char *p;
	size_t i;

	(void)kind;
	if (key != w->next)
		return w->why = "a header line is folded, or a line holds a "
				"NUL",
		       MHD_NO;
	if (!token(key, key_size))
		return w->why = "a header name is not a token (no space "
				"before the colon)",
		       MHD_NO;
	/* Between the name's NUL (the colon) and the value: blanks only. */
	for (p = key + key_size + 1; p < value; p++)
		if (*p != ' ' && *p != '\t')
			return w->why = "a header line is malformed", MHD_NO;
	if (p != value || key[key_size] != '\0')
		return w->why = "a header line is malformed", MHD_NO;
	for (i = 0; i < value_size; i++) {
		unsigned char c = (unsigned char)value[i];

		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return w->why = "a header value holds a control "
					"character",
			       MHD_NO;
	}
	if (value[value_size] != '\0')
		return w->why = "a header line is malformed", MHD_NO;
	w->end = value + value_size;
	w->next = after_line(w->end);
	if (strcasecmp(key, MHD_HTTP_HEADER_HOST) == 0)
		w->seen[F_HOST]++;
	else if (strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) == 0)
		w->seen[F_LENGTH]++;
	else if (strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING) == 0) {
		w->seen[F_CODING]++;
		w->coding = value;
	}
	return MHD_YES;
}

/* The request line: "METHOD SP target SP version". */
static const char *
check_line(const char *method, const char *url, const char *version,
    const struct hd_rawuri *raw)
{
	size_t mlen = strlen(method);

	if (!token(method, mlen))
		return "the method is not a token";
	/* MHD skips extra spaces before the target and, without a version,
	 * passes a static "": either way the parts would not follow. */
	if (raw->uri == NULL || raw->uri != method + mlen + 1 ||
	    url != raw->uri)
		return "the request line is malformed";
	if (raw->len == 0 || version != raw->uri + raw->len + 1)
		return "the request target holds a NUL or a space, or the "
		       "version is missing";
	if (raw->ctl)
		return "the request target holds a control character or space";
	if (strcmp(version, MHD_HTTP_VERSION_1_1) != 0 &&
	    strcmp(version, MHD_HTTP_VERSION_1_0) != 0)
		return "the HTTP version is neither HTTP/1.1 nor HTTP/1.0";
	return NULL;
}

/* RFC 9112, 6.1: chunked, once and last, is the only coding we know;
 * another is not implemented (501), chunked twice or with blanks around
 * it malformed (400). */
static enum hd_status
check_coding(const char *v, const char **why)
{
	const char *p = v;

	/* Exactly what libmicrohttpd reads as chunked; anything else it
	 * would read until the client closes. */
	if (strcasecmp(v, "chunked") == 0)
		return HD_OK;
	while (*p) {
		size_t n;

		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if ((n = strcspn(p, " \t,;")) == 0)
			break;
		if (n != 7 || strncasecmp(p, "chunked", 7) != 0)
			return *why = "only the chunked transfer coding is "
				      "supported",
			       HD_ENOTIMPL;
		p += n;
		p += strcspn(p, ","); /* parameters */
	}
	return *why = "Transfer-Encoding must be chunked, once", HD_EBADREQ;
}

void
hd_framing_rawuri(struct hd_rawuri *raw, const char *uri)
{
	size_t i;

	raw->uri = uri;
	raw->len = uri != NULL ? strlen(uri) : 0;
	raw->ctl = false;
	for (i = 0; i < raw->len; i++)
		if ((unsigned char)uri[i] <= 0x20 || uri[i] == 0x7f)
			raw->ctl = true;
}

enum hd_status
hd_framing_check(struct MHD_Connection *conn, const char *method,
    const char *url, const char *version, const struct hd_rawuri *raw,
    const char **why)
{
	struct walk w;
	bool http11;

	memset(&w, 0, sizeof(w));
	if ((*why = check_line(method, url, version, raw)) != NULL)
		return HD_EBADREQ;
	http11 = strcmp(version, MHD_HTTP_VERSION_1_1) == 0;
	w.end = version + strlen(version);
	w.next = after_line(w.end);
	MHD_get_connection_values_n(conn, MHD_HEADER_KIND, check_header, &w);
	if (w.why != NULL)
		return *why = w.why, HD_EBADREQ;
	/* The last line is followed by the empty one: its CR or LF, or the
	 * LF after ours, is a NUL too. Anything else was after a NUL. */
	if (w.end[1] != '\0')
		return *why = "a header line holds a NUL", HD_EBADREQ;
	if (w.seen[F_HOST] > 1 || (http11 && w.seen[F_HOST] == 0))
		return *why = "send exactly one Host header", HD_EBADREQ;
	if (w.seen[F_LENGTH] > 1)
		return *why = "send at most one Content-Length header",
		       HD_EBADREQ;
	if (w.seen[F_CODING] == 0)
		return HD_OK;
	if (w.seen[F_CODING] > 1 || w.seen[F_LENGTH] > 0 || !http11)
		return *why = "send either Content-Length or one "
			      "Transfer-Encoding (HTTP/1.1 only)",
		       HD_EBADREQ;
	return check_coding(w.coding, why);
}
