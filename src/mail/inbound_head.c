/* SPDX-License-Identifier: MIT */
/* The headers of an inbound mail: Message-IDs, From, recipients, Subject,
 * Return-Path, and whether it is noise (an auto-reply, bulk, a list). */
#include "core/mailtext.h"
#include "mail/inbound_int.h"
#include "util/str.h"

#include <stdlib.h>
#include <string.h>

char *
inbound_utf8(const char *s, size_t n, int oneline)
{
	char *u = NULL;
	size_t i, w = 0;

	if (n == 0)
		return strdup("");
	if (hd_utf8_valid(s, n)) {
		u = malloc(n + 1);
		if (u == NULL)
			return NULL;
		memcpy(u, s, n);
		u[n] = '\0';
	} else if (mailtext_cp1252_to_utf8(s, n, 4 * n + 4, &u) != HD_OK) {
		return NULL;
	}
	n = strlen(u);
	for (i = 0; i < n; i++) {
		char c = u[i];

		if (c == '\r' && !oneline)
			continue;
		if (oneline && (c == '\r' || c == '\n' || c == '\t'))
			c = ' ';
		u[w++] = c;
	}
	u[w] = '\0';
	return u;
}

char *
inbound_id(const char *s, int *oom)
{
	size_t n, i;
	char *d;

	if (s == NULL)
		return NULL;
	while (*s == ' ' || *s == '\t' || *s == '<')
		s++;
	n = strlen(s);
	while (
	    n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '>' ||
			 s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	if (n == 0 || n > MAIL_IN_MAX_ID)
		return NULL;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] <= ' ' || s[i] == 0x7f || s[i] == '<' ||
		    s[i] == '>')
			return NULL;
	/* Stored and shown as text: UTF-8 (RFC 6532) or nothing. */
	if (!hd_utf8_valid(s, n))
		return NULL;
	d = malloc(n + 1);
	if (d == NULL) {
		*oom = 1;
		return NULL;
	}
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

static void
lower(char *s)
{
	for (; s && *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

/* Adds addr (lower-cased) to m->rcpt unless there already. */
static enum hd_status
rcpt_add(struct mail_in *m, const char *addr)
{
	int oom = 0;
	char *a = inbound_id(addr, &oom);
	char **r;
	size_t i;

	if (a == NULL)
		return oom ? HD_ENOMEM : HD_OK;
	lower(a);
	for (i = 0; i < m->n_rcpt; i++)
		if (strcmp(m->rcpt[i], a) == 0) {
			free(a);
			return HD_OK;
		}
	if (m->n_rcpt >= MAIL_IN_MAX_RCPT) {
		free(a);
		return HD_OK;
	}
	r = realloc(m->rcpt, (m->n_rcpt + 1) * sizeof(*r));
	if (r == NULL) {
		free(a);
		return HD_ENOMEM;
	}
	m->rcpt = r;
	m->rcpt[m->n_rcpt++] = a;
	return HD_OK;
}

/* Every mailbox of list (groups flattened, one level) into m->rcpt. */
static enum hd_status
rcpt_list(struct mail_in *m, InternetAddressList *list, int depth)
{
	enum hd_status st = HD_OK;
	int i, n;

	if (list == NULL)
		return HD_OK;
	n = internet_address_list_length(list);
	for (i = 0; i < n && st == HD_OK; i++) {
		InternetAddress *ia =
		    internet_address_list_get_address(list, i);

		if (INTERNET_ADDRESS_IS_MAILBOX(ia))
			st = rcpt_add(m, internet_address_mailbox_get_addr(
					     INTERNET_ADDRESS_MAILBOX(ia)));
		else if (INTERNET_ADDRESS_IS_GROUP(ia) && depth == 0)
			st = rcpt_list(m,
			    internet_address_group_get_members(
				INTERNET_ADDRESS_GROUP(ia)),
			    1);
	}
	return st;
}

/* The first mailbox of From (or of a group in it). */
static InternetAddressMailbox *
first_mailbox(InternetAddressList *list)
{
	int i, n;

	if (list == NULL)
		return NULL;
	n = internet_address_list_length(list);
	for (i = 0; i < n; i++) {
		InternetAddress *ia =
		    internet_address_list_get_address(list, i);

		if (INTERNET_ADDRESS_IS_MAILBOX(ia))
			return INTERNET_ADDRESS_MAILBOX(ia);
		if (INTERNET_ADDRESS_IS_GROUP(ia)) {
			InternetAddressList *mem =
			    internet_address_group_get_members(
				INTERNET_ADDRESS_GROUP(ia));

			if (mem != NULL &&
			    internet_address_list_length(mem) > 0 &&
			    INTERNET_ADDRESS_IS_MAILBOX(
				internet_address_list_get_address(mem, 0)))
				return INTERNET_ADDRESS_MAILBOX(
				    internet_address_list_get_address(mem, 0));
		}
	}
	return NULL;
}

static enum hd_status
head_from(GMimeMessage *msg, struct mail_in *m)
{
	InternetAddressMailbox *mb =
	    first_mailbox(g_mime_message_get_from(msg));
	const char *addr, *name;
	int oom = 0;

	if (mb == NULL)
		return HD_OK;
	addr = internet_address_mailbox_get_addr(mb);
	if (addr != NULL && strchr(addr, '@') != NULL) {
		m->from_addr = inbound_id(addr, &oom);
		if (oom)
			return HD_ENOMEM;
		lower(m->from_addr);
	}
	name = internet_address_get_name(INTERNET_ADDRESS(mb));
	if (name != NULL && *name != '\0') {
		m->from_name = inbound_utf8(name, strlen(name), 1);
		if (m->from_name == NULL)
			return HD_ENOMEM;
	}
	return HD_OK;
}

/* Appends the ids of one References/In-Reply-To value, keeping the last
 * MAIL_IN_MAX_REFS. */
static enum hd_status
refs_add(struct mail_in *m, const char *value)
{
	GMimeReferences *refs;
	enum hd_status st = HD_OK;
	int i, n;

	if (value == NULL)
		return HD_OK;
	refs = g_mime_references_parse(inbound_options(), value);
	if (refs == NULL)
		return HD_OK;
	n = g_mime_references_length(refs);
	for (i = 0; i < n && st == HD_OK; i++) {
		int oom = 0;
		char *id =
		    inbound_id(g_mime_references_get_message_id(refs, i), &oom);
		char **r;

		if (id == NULL) {
			st = oom ? HD_ENOMEM : HD_OK;
			continue;
		}
		if (m->n_references == MAIL_IN_MAX_REFS) {
			free(m->references[0]);
			memmove(m->references, m->references + 1,
			    (MAIL_IN_MAX_REFS - 1) * sizeof(char *));
			m->n_references--;
		}
		r = realloc(
		    m->references, (m->n_references + 1) * sizeof(char *));
		if (r == NULL) {
			free(id);
			st = HD_ENOMEM;
			break;
		}
		m->references = r;
		m->references[m->n_references++] = id;
	}
	g_mime_references_free(refs);
	return st;
}

static enum hd_status
head_ids(GMimeMessage *msg, struct mail_in *m)
{
	GMimeObject *o = GMIME_OBJECT(msg);
	GMimeReferences *refs;
	const char *irt;
	int oom = 0;

	m->message_id = inbound_id(g_mime_message_get_message_id(msg), &oom);
	if (oom)
		return HD_ENOMEM;
	irt = g_mime_object_get_header(o, "In-Reply-To");
	refs = irt ? g_mime_references_parse(inbound_options(), irt) : NULL;
	if (refs != NULL) {
		if (g_mime_references_length(refs) > 0)
			m->in_reply_to = inbound_id(
			    g_mime_references_get_message_id(refs, 0), &oom);
		g_mime_references_free(refs);
		if (oom)
			return HD_ENOMEM;
	}
	return refs_add(m, g_mime_object_get_header(o, "References"));
}

/* The value up to ';' or a blank, lower-cased, into buf. */
static void
token(const char *v, char *buf, size_t cap)
{
	size_t n = 0;

	while (*v == ' ' || *v == '\t')
		v++;
	while (*v != '\0' && *v != ';' && *v != ' ' && *v != '\t' &&
	       *v != '\r' && *v != '\n' && n + 1 < cap) {
		char c = *v++;

		buf[n++] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
	}
	buf[n] = '\0';
}

/* Why a header makes the mail noise, or NULL. */
static const char *
noise_of(const char *name, const char *value)
{
	char t[32];

	token(value ? value : "", t, sizeof(t));
	if (g_ascii_strcasecmp(name, "Auto-Submitted") == 0)
		return strcmp(t, "no") != 0 ? "auto-submitted" : NULL;
	if (g_ascii_strcasecmp(name, "Precedence") == 0) {
		if (strcmp(t, "bulk") == 0)
			return "precedence bulk";
		if (strcmp(t, "junk") == 0)
			return "precedence junk";
		if (strcmp(t, "list") == 0)
			return "precedence list";
		return NULL;
	}
	if (g_ascii_strcasecmp(name, "List-Id") == 0)
		return "list-id";
	if (g_ascii_strcasecmp(name, "X-Autoreply") == 0)
		return "x-autoreply";
	if (g_ascii_strcasecmp(name, "X-Autorespond") == 0)
		return "x-autorespond";
	return NULL;
}

/* Walks every header once: recipients, noise, Return-Path. */
static enum hd_status
head_walk(GMimeMessage *msg, struct mail_in *m)
{
	GMimeHeaderList *hl = g_mime_object_get_header_list(GMIME_OBJECT(msg));
	enum hd_status st = HD_OK;
	int i, n = hl ? g_mime_header_list_get_count(hl) : 0;

	for (i = 0; i < n && st == HD_OK; i++) {
		GMimeHeader *h = g_mime_header_list_get_header_at(hl, i);
		const char *name = g_mime_header_get_name(h);
		const char *value = g_mime_header_get_value(h);
		const char *why;

		if (name == NULL)
			continue;
		if (g_ascii_strcasecmp(name, "Delivered-To") == 0 ||
		    g_ascii_strcasecmp(name, "X-Original-To") == 0) {
			InternetAddressList *l = internet_address_list_parse(
			    inbound_options(), value ? value : "");

			st = rcpt_list(m, l, 0);
			if (l != NULL)
				g_object_unref(l);
		} else if (g_ascii_strcasecmp(name, "Return-Path") == 0 &&
			   m->return_path == NULL) {
			int oom = 0;

			m->return_path = inbound_id(value, &oom);
			if (oom)
				return HD_ENOMEM;
			if (m->return_path == NULL) {
				/* "<>" (or junk): the null sender */
				m->return_path = strdup("");
				if (m->return_path == NULL)
					return HD_ENOMEM;
			}
			lower(m->return_path);
		} else if (m->noise == NULL &&
			   (why = noise_of(name, value)) != NULL) {
			m->noise = why;
		}
	}
	if (st == HD_OK && m->noise == NULL && m->return_path != NULL &&
	    m->return_path[0] == '\0')
		m->noise = "empty return path";
	return st;
}

enum hd_status
inbound_head(GMimeMessage *msg, struct mail_in *m)
{
	const char *subject;
	enum hd_status st;

	st = head_ids(msg, m);
	if (st == HD_OK)
		st = head_from(msg, m);
	if (st == HD_OK)
		st = rcpt_list(m,
		    g_mime_message_get_addresses(msg, GMIME_ADDRESS_TYPE_TO),
		    0);
	if (st == HD_OK)
		st = rcpt_list(m,
		    g_mime_message_get_addresses(msg, GMIME_ADDRESS_TYPE_CC),
		    0);
	if (st == HD_OK)
		st = head_walk(msg, m);
	if (st != HD_OK)
		return st;
	subject = g_mime_message_get_subject(msg);
	if (subject == NULL)
		subject = "";
	m->subject = inbound_utf8(subject, strlen(subject), 1);
	return m->subject ? HD_OK : HD_ENOMEM;
}
