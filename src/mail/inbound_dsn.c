/* SPDX-License-Identifier: MIT */
/* Delivery status notifications (RFC 3464): which of our mails bounced,
 * the status and the remote's diagnostic. */
#include "mail/inbound_int.h"

#include <stdlib.h>
#include <string.h>

#define DSN_FIELD_MAX 1000 /* bytes of a Status/Diagnostic-Code kept */

/* The value of the field name at the start of a line of [s, s+n) ("Name:
 * value", folded continuation lines joined); NULL when absent. Prefers the
 * per-recipient block whose Action is failed. Caller frees. */
static char *
field(const char *s, size_t n, const char *name, const char *after)
{
	size_t k = strlen(name), i = 0;

	if (after != NULL) {
		const char *a = g_strstr_len(s, (gssize)n, after);

		if (a != NULL) {
			i = (size_t)(a - s);
			while (i > 0 && s[i - 1] != '\n')
				i--;
		}
	}
	for (; i < n; i++) {
		size_t j, e;

		if (i > 0 && s[i - 1] != '\n')
			continue;
		if (n - i <= k || g_ascii_strncasecmp(s + i, name, k) != 0 ||
		    s[i + k] != ':')
			continue;
		j = i + k + 1;
		for (e = j; e < n; e++)
			if (s[e] == '\n' &&
			    !(e + 1 < n &&
				(s[e + 1] == ' ' || s[e + 1] == '\t')))
				break;
		if (e - j > DSN_FIELD_MAX)
			e = j + DSN_FIELD_MAX;
		return inbound_utf8(s + j, e - j, 1);
	}
	return NULL;
}

/* Trims blanks at both ends and squeezes runs of them (folding), in
 * place; frees and NULLs an empty result. */
static void
trim(char **p)
{
	char *s = *p, *r;
	size_t n = 0;

	if (s == NULL)
		return;
	for (r = s; *r != '\0'; r++)
		if (*r != ' ' || (n > 0 && s[n - 1] != ' '))
			s[n++] = *r;
	while (n > 0 && s[n - 1] == ' ')
		n--;
	s[n] = '\0';
	if (n == 0) {
		free(s);
		*p = NULL;
	}
}

/* "smtp; 550 5.1.1 <x@y>: user unknown" → after the type. */
static void
strip_type(char *s)
{
	char *semi;

	if (s == NULL)
		return;
	semi = strchr(s, ';');
	if (semi != NULL && semi - s < 16) {
		semi++;
		while (*semi == ' ')
			semi++;
		memmove(s, semi, strlen(semi) + 1);
	}
}

static enum hd_status
dsn_status(GMimePart *part, struct mail_in *m)
{
	GByteArray *b = inbound_content(part);
	const char *s;
	size_t n;

	if (b == NULL)
		return HD_OK;
	s = (const char *)b->data;
	n = b->len;
	/* The first report part that says anything counts. */
	if (m->dsn_status == NULL && m->dsn_diag == NULL) {
		const char *failed = "Action: failed";

		if (g_strstr_len(s, (gssize)n, failed) == NULL)
			failed = NULL;
		m->dsn_status = field(s, n, "Status", failed);
		trim(&m->dsn_status);
		m->dsn_diag = field(s, n, "Diagnostic-Code", failed);
		strip_type(m->dsn_diag);
		trim(&m->dsn_diag);
	}
	g_byte_array_unref(b);
	return HD_OK;
}

/* The Message-ID of the returned message or of its headers. */
static enum hd_status
dsn_original(GMimeObject *o, struct mail_in *m)
{
	int oom = 0;

	if (m->dsn_message_id != NULL)
		return HD_OK;
	if (GMIME_IS_MESSAGE_PART(o)) {
		GMimeMessage *inner =
		    g_mime_message_part_get_message(GMIME_MESSAGE_PART(o));

		if (inner != NULL)
			m->dsn_message_id = inbound_id(
			    g_mime_message_get_message_id(inner), &oom);
	} else if (GMIME_IS_PART(o)) {
		GByteArray *b = inbound_content(GMIME_PART(o));
		GMimeReferences *refs;
		char *v;

		if (b == NULL)
			return HD_OK;
		v = field((const char *)b->data, b->len, "Message-ID", NULL);
		g_byte_array_unref(b);
		if (v == NULL)
			return HD_OK;
		refs = g_mime_references_parse(inbound_options(), v);
		free(v);
		if (refs != NULL) {
			if (g_mime_references_length(refs) > 0)
				m->dsn_message_id = inbound_id(
				    g_mime_references_get_message_id(refs, 0),
				    &oom);
			g_mime_references_free(refs);
		}
	}
	return oom ? HD_ENOMEM : HD_OK;
}

enum hd_status
inbound_dsn(GMimeMultipart *report, struct mail_in *m)
{
	enum hd_status st = HD_OK;
	int i, n = g_mime_multipart_get_count(report);

	m->is_dsn = 1;
	for (i = 0; i < n && st == HD_OK; i++) {
		GMimeObject *o = g_mime_multipart_get_part(report, i);
		GMimeContentType *ct = g_mime_object_get_content_type(o);

		if (ct == NULL)
			continue;
		if (g_mime_content_type_is_type(
			ct, "message", "delivery-status") ||
		    g_mime_content_type_is_type(
			ct, "message", "global-delivery-status")) {
			if (GMIME_IS_PART(o))
				st = dsn_status(GMIME_PART(o), m);
		} else if (g_mime_content_type_is_type(
			       ct, "message", "rfc822") ||
			   g_mime_content_type_is_type(
			       ct, "message", "global") ||
			   g_mime_content_type_is_type(
			       ct, "text", "rfc822-headers") ||
			   g_mime_content_type_is_type(
			       ct, "message", "global-headers")) {
			st = dsn_original(o, m);
		}
	}
	return st;
}
