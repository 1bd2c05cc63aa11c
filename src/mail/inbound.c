/* SPDX-License-Identifier: MIT */
/* Inbound mail parsed with GMime 3: the MIME tree walked for the text
 * and the attachments (inbound.h, docs/mail-in.md). */
#include "mail/inbound.h"

#include "core/mailtext.h"
#include "mail/inbound_int.h"
#include "util/buf.h"
#include "util/str.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;
static GMimeParserOptions *options;

static void
init_once(void)
{
	static const char *fallback[] = {"utf-8", "windows-1252", NULL};

	g_mime_init();
	options = g_mime_parser_options_new();
	g_mime_parser_options_set_fallback_charsets(options, fallback);
	/* Be lenient: real mail breaks the rules. */
	g_mime_parser_options_set_rfc2047_compliance_mode(
	    options, GMIME_RFC_COMPLIANCE_LOOSE);
	g_mime_parser_options_set_address_compliance_mode(
	    options, GMIME_RFC_COMPLIANCE_LOOSE);
	g_mime_parser_options_set_parameter_compliance_mode(
	    options, GMIME_RFC_COMPLIANCE_LOOSE);
}

GMimeParserOptions *
inbound_options(void)
{
	pthread_once(&once, init_once);
	return options;
}

GByteArray *
inbound_content(GMimePart *part)
{
	GMimeDataWrapper *w = g_mime_part_get_content(part);
	GMimeStream *s;
	GByteArray *b;

	if (w == NULL)
		return NULL;
	s = g_mime_stream_mem_new();
	if (g_mime_data_wrapper_write_to_stream(w, s) < 0) {
		g_object_unref(s);
		return NULL;
	}
	/* The array outlives the stream (which would free its data). */
	g_mime_stream_mem_set_owner(GMIME_STREAM_MEM(s), FALSE);
	b = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(s));
	g_object_unref(s);
	return b;
}

/* What the walk gathers besides m. */
struct walk {
	struct mail_in *m;
	size_t max_part;
	struct hd_buf plain;	 /* text/plain bodies, joined */
	struct hd_buf html;	 /* text/html bodies made text, joined */
	GMimeMessage *forwarded; /* the first message/rfc822 part */
};

/* Charset names that Windows-1252 covers (it is what they mean). */
static int
is_cp1252(const char *cs)
{
	static const char *const names[] = {"iso-8859-1", "iso8859-1", "latin1",
	    "l1", "windows-1252", "cp1252", "us-ascii", "ascii",
	    "x-user-defined"};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (g_ascii_strcasecmp(cs, names[i]) == 0)
			return 1;
	return 0;
}

/* The bytes of a text part as UTF-8 text (LF line ends): declared charset
 * first, then UTF-8, then Windows-1252. Caller frees; NULL on OOM. */
static char *
text_utf8(const char *s, size_t n, const char *charset)
{
	char *conv = NULL, *u;
	gsize written = 0;

	if (charset != NULL && !is_cp1252(charset) &&
	    g_ascii_strcasecmp(charset, "utf-8") != 0 &&
	    g_ascii_strcasecmp(charset, "utf8") != 0) {
		conv = g_convert(s, (gssize)n, "UTF-8",
		    g_mime_charset_iconv_name(charset), NULL, &written, NULL);
		if (conv != NULL) {
			u = inbound_utf8(conv, written, 0);
			g_free(conv);
			return u;
		}
	}
	return inbound_utf8(s, n, 0);
}

/* Appends text to a body buffer, a blank line between bodies. */
static enum hd_status
body_add(struct hd_buf *b, const char *text)
{
	enum hd_status st = HD_OK;

	if (*text == '\0')
		return HD_OK;
	if (b->len > 0)
		st = hd_buf_adds(b, "\n\n");
	if (st == HD_OK)
		st = hd_buf_adds(b, text);
	/* Past MAIL_IN_MAX_TEXT the rest of the text is dropped. */
	return st == HD_ETOOBIG ? HD_OK : st;
}

static enum hd_status
text_leaf(struct walk *w, GMimePart *part, int html)
{
	GMimeObject *o = GMIME_OBJECT(part);
	GByteArray *b = inbound_content(part);
	enum hd_status st;
	char *u, *t = NULL;

	if (b == NULL)
		return HD_OK;
	u = text_utf8((const char *)b->data, b->len,
	    g_mime_object_get_content_type_parameter(o, "charset"));
	g_byte_array_unref(b);
	if (u == NULL)
		return HD_ENOMEM;
	if (!html) {
		st = body_add(&w->plain, u);
		free(u);
		return st;
	}
	st = mailtext_from_html(u, strlen(u), MAIL_IN_MAX_TEXT, &t);
	free(u);
	if (st == HD_OK)
		st = body_add(&w->html, t);
	free(t);
	return st;
}

/* A file name for a part that has none, from its type. */
static char *
made_up_name(const char *type, size_t n)
{
	static const struct {
		const char *type, *ext;
	} exts[] = {{"image/jpeg", "jpg"}, {"image/png", "png"},
	    {"image/gif", "gif"}, {"image/heic", "heic"},
	    {"image/heif", "heif"}, {"image/webp", "webp"},
	    {"application/pdf", "pdf"}, {"message/rfc822", "eml"},
	    {"text/plain", "txt"}, {"text/html", "html"},
	    {"text/calendar", "ics"}};
	const char *ext = "bin";
	size_t i;

	for (i = 0; i < sizeof(exts) / sizeof(exts[0]); i++)
		if (strcmp(type, exts[i].type) == 0)
			ext = exts[i].ext;
	return g_strdup_printf("anhang-%zu.%s", n, ext);
}

/* Adds one part to m; takes data (g_free'd on failure). */
static enum hd_status
part_add(struct walk *w, GMimeObject *o, const char *fname, GByteArray *data,
    size_t len)
{
	struct mail_in *m = w->m;
	GMimeContentType *ct = g_mime_object_get_content_type(o);
	GMimeContentDisposition *d = g_mime_object_get_content_disposition(o);
	struct mail_in_part *p, *parts;
	char *type, *name = NULL;

	if (m->n_parts >= MAIL_IN_MAX_PARTS) {
		m->n_parts_dropped++;
		return HD_OK;
	}
	parts = realloc(m->parts, (m->n_parts + 1) * sizeof(*parts));
	if (parts == NULL)
		return HD_ENOMEM;
	m->parts = parts;
	p = &m->parts[m->n_parts];
	memset(p, 0, sizeof(*p));
	type = ct ? g_mime_content_type_get_mime_type(ct) : NULL;
	p->content_type = inbound_utf8(type ? type : "application/octet-stream",
	    strlen(type ? type : "application/octet-stream"), 1);
	g_free(type);
	if (p->content_type == NULL)
		return HD_ENOMEM;
	for (type = p->content_type; *type; type++)
		*type = g_ascii_tolower(*type);
	if (fname == NULL || *fname == '\0')
		fname = name = made_up_name(p->content_type, m->n_parts + 1);
	p->filename = inbound_utf8(fname, strlen(fname), 1);
	g_free(name);
	if (p->filename == NULL) {
		free(p->content_type);
		return HD_ENOMEM;
	}
	p->is_inline = d ? !g_mime_content_disposition_is_attachment(d)
			 : g_mime_object_get_content_id(o) != NULL;
	p->len = len;
	if (len <= w->max_part) {
		p->data = malloc(len ? len : 1);
		if (p->data == NULL) {
			free(p->content_type);
			free(p->filename);
			return HD_ENOMEM;
		}
		if (len > 0 && data != NULL)
			memcpy(p->data, data->data, len);
	}
	m->n_parts++;
	return HD_OK;
}

static enum hd_status
leaf(struct walk *w, GMimePart *part, int text_wanted, int collect)
{
	GMimeObject *o = GMIME_OBJECT(part);
	GMimeContentType *ct = g_mime_object_get_content_type(o);
	GMimeContentDisposition *d = g_mime_object_get_content_disposition(o);
	const char *fname = g_mime_part_get_filename(part);
	int attached = (d && g_mime_content_disposition_is_attachment(d)) ||
		       (fname != NULL && *fname != '\0');
	GByteArray *b;
	enum hd_status st;

	if (!attached && ct && g_mime_content_type_is_type(ct, "text", "plain"))
		return text_wanted ? text_leaf(w, part, 0) : HD_OK;
	if (!attached && ct && g_mime_content_type_is_type(ct, "text", "html"))
		return text_wanted ? text_leaf(w, part, 1) : HD_OK;
	if (!collect)
		return HD_OK;
	if (w->m->n_parts >= MAIL_IN_MAX_PARTS) {
		w->m->n_parts_dropped++;
		return HD_OK;
	}
	b = inbound_content(part);
	st = part_add(w, o, fname, b, b ? b->len : 0);
	if (b != NULL)
		g_byte_array_unref(b);
	return st;
}

static enum hd_status walk(
    struct walk *w, GMimeObject *o, int depth, int text_wanted, int collect);

/* multipart/alternative: the text from text/plain when there is one,
 * else from the last; files from all. */
static enum hd_status
alternative(
    struct walk *w, GMimeMultipart *mp, int depth, int text_wanted, int collect)
{
	int i, n = g_mime_multipart_get_count(mp), best = n - 1;
	enum hd_status st = HD_OK;

	for (i = 0; i < n; i++) {
		GMimeObject *c = g_mime_multipart_get_part(mp, i);
		GMimeContentType *ct = g_mime_object_get_content_type(c);

		if (GMIME_IS_PART(c) && ct &&
		    g_mime_content_type_is_type(ct, "text", "plain")) {
			best = i;
			break;
		}
	}
	for (i = 0; i < n && st == HD_OK; i++)
		st = walk(w, g_mime_multipart_get_part(mp, i), depth + 1,
		    text_wanted && i == best, collect);
	return st;
}

static enum hd_status
message_part(struct walk *w, GMimeMessagePart *mp, int collect)
{
	GMimeObject *o = GMIME_OBJECT(mp);
	GMimeMessage *inner = g_mime_message_part_get_message(mp);
	GMimeContentDisposition *d = g_mime_object_get_content_disposition(o);
	const char *fname =
	    d ? g_mime_content_disposition_get_parameter(d, "filename") : NULL;
	GMimeStream *s;
	GByteArray *b;
	enum hd_status st;
	char *name = NULL;

	if (inner != NULL && w->forwarded == NULL)
		w->forwarded = inner;
	if (!collect)
		return HD_OK;
	if (w->m->n_parts >= MAIL_IN_MAX_PARTS) {
		w->m->n_parts_dropped++;
		return HD_OK;
	}
	if (fname == NULL && inner != NULL &&
	    g_mime_message_get_subject(inner) != NULL &&
	    *g_mime_message_get_subject(inner) != '\0')
		fname = name = g_strdup_printf(
		    "%s.eml", g_mime_message_get_subject(inner));
	s = g_mime_stream_mem_new();
	if (inner != NULL)
		g_mime_object_write_to_stream(GMIME_OBJECT(inner), NULL, s);
	b = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(s));
	st = part_add(w, o, fname, b, b->len);
	g_object_unref(s);
	g_free(name);
	return st;
}

static int
is_delivery_report(GMimeObject *o)
{
	GMimeContentType *ct = g_mime_object_get_content_type(o);
	const char *rt;

	if (ct == NULL ||
	    !g_mime_content_type_is_type(ct, "multipart", "report"))
		return 0;
	rt = g_mime_content_type_get_parameter(ct, "report-type");
	return rt != NULL &&
	       (g_ascii_strcasecmp(rt, "delivery-status") == 0 ||
		   g_ascii_strcasecmp(rt, "global-delivery-status") == 0);
}

static enum hd_status
walk(struct walk *w, GMimeObject *o, int depth, int text_wanted, int collect)
{
	enum hd_status st = HD_OK;
	int i, n;

	if (o == NULL || depth > MAIL_IN_MAX_DEPTH)
		return HD_OK;
	if (GMIME_IS_MULTIPART(o)) {
		GMimeMultipart *mp = GMIME_MULTIPART(o);
		GMimeContentType *ct = g_mime_object_get_content_type(o);

		if (GMIME_IS_MULTIPART_ENCRYPTED(o))
			return HD_OK;
		if (is_delivery_report(o) && !w->m->is_dsn) {
			st = inbound_dsn(mp, w->m);
			if (st != HD_OK)
				return st;
			/* the human part is the text; the rest is no file */
			if (g_mime_multipart_get_count(mp) > 0)
				st = walk(w, g_mime_multipart_get_part(mp, 0),
				    depth + 1, text_wanted, 0);
			return st;
		}
		if (ct &&
		    g_mime_content_type_is_type(ct, "multipart", "alternative"))
			return alternative(w, mp, depth, text_wanted, collect);
		n = g_mime_multipart_get_count(mp);
		for (i = 0; i < n && st == HD_OK; i++)
			st = walk(w, g_mime_multipart_get_part(mp, i),
			    depth + 1, text_wanted, collect);
		return st;
	}
	if (GMIME_IS_MESSAGE_PART(o))
		return message_part(w, GMIME_MESSAGE_PART(o), collect);
	if (GMIME_IS_PART(o))
		return leaf(w, GMIME_PART(o), text_wanted, collect);
	return HD_OK;
}

/* Sets m->text and m->text_new from what the walk gathered. */
static enum hd_status
finish_text(struct walk *w)
{
	struct mail_in *m = w->m;
	struct hd_buf *b = w->plain.len > 0 ? &w->plain : &w->html;
	size_t n;
	enum hd_status st;

	m->html_only = (w->plain.len == 0 && w->html.len > 0);
	if (b->len == 0) {
		m->text = strdup("");
		if (m->text == NULL)
			return HD_ENOMEM;
	} else {
		st = hd_buf_take(b, &m->text, &n);
		if (st != HD_OK)
			return st;
		mailtext_tidy(m->text);
	}
	return mailtext_cut_quote(m->text, &m->text_new);
}

/* True when the message has at least one header line. */
static int
has_header(GMimeMessage *msg)
{
	GMimeHeaderList *hl = g_mime_object_get_header_list(GMIME_OBJECT(msg));

	return hl != NULL && g_mime_header_list_get_count(hl) > 0;
}

enum hd_status
mail_in_parse(
    const char *raw, size_t len, size_t max_part, struct mail_in **out)
{
	struct walk w = {0};
	GMimeStream *stream = NULL;
	GMimeParser *parser = NULL;
	GMimeMessage *msg = NULL;
	enum hd_status st;

	*out = NULL;
	if (raw == NULL || len == 0)
		return HD_EINVAL;
	w.m = calloc(1, sizeof(*w.m));
	if (w.m == NULL)
		return HD_ENOMEM;
	w.max_part = max_part;
	hd_buf_init(&w.plain, MAIL_IN_MAX_TEXT);
	hd_buf_init(&w.html, MAIL_IN_MAX_TEXT);
	stream = g_mime_stream_mem_new_with_buffer(raw, len);
	parser = g_mime_parser_new_with_stream(stream);
	g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
	msg = g_mime_parser_construct_message(parser, inbound_options());
	if (msg == NULL || !has_header(msg)) {
		st = HD_EINVAL;
		goto out;
	}
	st = inbound_head(msg, w.m);
	if (st != HD_OK)
		goto out;
	st = walk(&w, g_mime_message_get_mime_part(msg), 0, 1, 1);
	if (st == HD_OK && w.plain.len == 0 && w.html.len == 0 &&
	    w.forwarded != NULL)
		st = walk(
		    &w, g_mime_message_get_mime_part(w.forwarded), 1, 1, 0);
	if (st != HD_OK)
		goto out;
	if (w.m->is_dsn && w.m->noise == NULL)
		w.m->noise = "delivery status notification";
	st = finish_text(&w);
out:
	hd_buf_cleanup(&w.plain);
	hd_buf_cleanup(&w.html);
	if (msg != NULL)
		g_object_unref(msg);
	if (parser != NULL)
		g_object_unref(parser);
	if (stream != NULL)
		g_object_unref(stream);
	if (st == HD_OK)
		*out = w.m;
	else
		mail_in_free(w.m);
	return st;
}

static void
free_strv(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void
mail_in_free(struct mail_in *m)
{
	size_t i;

	if (m == NULL)
		return;
	free(m->message_id);
	free(m->in_reply_to);
	free_strv(m->references, m->n_references);
	free(m->from_addr);
	free(m->from_name);
	free_strv(m->rcpt, m->n_rcpt);
	free(m->subject);
	free(m->text);
	free(m->text_new);
	for (i = 0; i < m->n_parts; i++) {
		free(m->parts[i].filename);
		free(m->parts[i].content_type);
		free(m->parts[i].data);
	}
	free(m->parts);
	free(m->dsn_message_id);
	free(m->dsn_status);
	free(m->dsn_diag);
	free(m->return_path);
	free(m);
}
