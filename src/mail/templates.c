/* SPDX-License-Identifier: MIT */
/* How a mail is written (templates_int.h), and the German mail that
 * has no English one yet: "Anhang zu groß". */
#include "mail/templates.h"

#include "mail/templates_int.h"
#include "util/buf.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *
tpl_opt(const char *s)
{
	return s != NULL ? s : "";
}

bool
tpl_empty(const char *s)
{
	return s == NULL || *s == '\0';
}

bool
tpl_vorgang_ok(const struct mail_vorgang *v)
{
	return v != NULL && !tpl_empty(v->org_name) && !tpl_empty(v->number) &&
	       !tpl_empty(v->link);
}

void
tpl_begin(struct tpl *m, struct mail_text *out, bool ok)
{
	m->out = out;
	m->st = out != NULL && ok ? HD_OK : HD_EINVAL;
	if (out != NULL) {
		out->subject = NULL;
		out->body = NULL;
	}
	hd_buf_init(&m->subj, SUBJECT_MAX);
	hd_buf_init(&m->body, BODY_MAX);
}

enum hd_status
tpl_end(struct tpl *m)
{
	if (m->st == HD_OK)
		m->st = hd_buf_take(&m->subj, &m->out->subject, NULL);
	if (m->st == HD_OK)
		m->st = hd_buf_take(&m->body, &m->out->body, NULL);
	if (m->st != HD_OK)
		mail_text_cleanup(m->out);
	hd_buf_cleanup(&m->subj);
	hd_buf_cleanup(&m->body);
	return m->st;
}

void
tpl_subj(struct tpl *m, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (m->st == HD_OK)
		m->st = hd_buf_vprintf(&m->subj, fmt, ap);
	va_end(ap);
}

void
tpl_body(struct tpl *m, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (m->st == HD_OK)
		m->st = hd_buf_vprintf(&m->body, fmt, ap);
	va_end(ap);
}

/*
 * Appends user text to a subject: CR/LF (a CRLF pair counts once) and other
 * control characters become spaces, and text longer than max bytes is cut
 * on a UTF-8 boundary and ends in "…".
 */
static enum hd_status
subj_add(struct hd_buf *b, const char *s, size_t max)
{
	size_t n = strlen(s), i;
	bool cut = false;
	enum hd_status st;
	char c;

	if (n > max) {
		n = max;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
		cut = true;
	}
	for (i = 0; i < n; i++) {
		c = s[i];
		if (c == '\r' && i + 1 < n && s[i + 1] == '\n')
			i++;
		if ((unsigned char)c < 0x20 || c == 0x7f)
			c = ' ';
		if ((st = hd_buf_add(b, &c, 1)) != HD_OK)
			return st;
	}
	return cut ? hd_buf_adds(b, "…") : HD_OK;
}

void
tpl_subj_text(struct tpl *m, const char *s, size_t max)
{
	if (m->st == HD_OK)
		m->st = subj_add(&m->subj, s, max);
}

void
tpl_subj_tag(struct tpl *m, const char *number)
{
	tpl_subj(m, "[");
	tpl_subj_text(m, number, SUBJECT_WORD_MAX);
	tpl_subj(m, "] ");
}

/* "[V-…] Neuer Vorgang: Schadensmeldung – Wasserfleck an der Decke" */
void
tpl_subj_vorgang(struct tpl *m, const struct mail_vorgang *v, const char *what)
{
	tpl_subj_tag(m, v->number);
	tpl_subj(m, "%s", what);
	if (!tpl_empty(v->type_name)) {
		tpl_subj(m, ": ");
		tpl_subj_text(m, v->type_name, SUBJECT_WORD_MAX);
	}
	if (!tpl_empty(v->subject)) {
		tpl_subj(m, "%s", tpl_empty(v->type_name) ? ": " : " – ");
		tpl_subj_text(m, v->subject, SUBJECT_TEXT_MAX);
	}
}

/* User text as it is, ending with exactly the line ends it brought, plus
 * one when it had none. */
void
tpl_text(struct tpl *m, const char *s)
{
	size_t n = strlen(s);

	if (m->st == HD_OK)
		m->st = hd_buf_add(&m->body, s, n);
	if (n == 0 || s[n - 1] != '\n')
		tpl_body(m, "\n");
}

void
tpl_link(struct tpl *m, const char *lead, const char *link)
{
	tpl_body(m, "\n%s\n%s\n", lead, link);
}

/* "Guten Tag Frau Huber," and an empty line. */
void
tpl_greet(struct tpl *m, int lang, const char *name)
{
	if (tpl_empty(name))
		tpl_body(m, "%s", tpl_words.hello[lang]);
	else
		tpl_body(m, tpl_words.hello_fmt[lang], name);
}

void
tpl_sign(struct tpl *m, int lang, const char *org_name)
{
	tpl_body(m, tpl_words.sign_fmt[lang], org_name);
}

/* The Vorgang's fields; reporter_name and the files only for staff (the
 * reporter knows who they are). */
void
tpl_fields(struct tpl *m, int lang, const struct mail_vorgang *v, bool staff)
{
	char line[MAIL_ATT_LINE_MAX];

	tpl_body(m, tpl_words.fields_fmt[lang], v->number,
	    tpl_opt(v->type_name), tpl_opt(v->property_name));
	if (!tpl_empty(v->unit_label))
		tpl_body(m, tpl_words.unit_fmt[lang], v->unit_label);
	if (staff)
		tpl_body(
		    m, tpl_words.reporter_fmt[lang], tpl_opt(v->reporter_name));
	tpl_body(m, tpl_words.subject_fmt[lang], tpl_opt(v->subject));
	tpl_text(m, tpl_opt(v->description));
	if (staff) {
		tpl_att_line(lang, v->n_attachments, line);
		tpl_body(m, "\n%s", line);
	}
}

void
tpl_att_line(int lang, long long n, char *buf)
{
	if (n <= 0)
		snprintf(
		    buf, MAIL_ATT_LINE_MAX, "%s", tpl_words.att_none[lang]);
	else
		snprintf(buf, MAIL_ATT_LINE_MAX, tpl_words.att_fmt[lang], n,
		    n == 1 ? tpl_words.att_one[lang]
			   : tpl_words.att_many[lang]);
}

enum hd_status
mail_tpl_too_large(struct mail_text *out, const char *org_name,
    const char *number, const char *recipient_name, const char *files,
    const char *limit)
{
	struct tpl m;

	tpl_begin(&m, out,
	    !tpl_empty(org_name) && !tpl_empty(files) && !tpl_empty(limit));
	if (!tpl_empty(number))
		tpl_subj_tag(&m, number);
	tpl_subj(&m, "Anhang zu groß");
	tpl_greet(&m, TPL_DE, recipient_name);
	tpl_body(&m,
	    "Ihre E-Mail ist eingegangen, aber diese Anhänge waren zu "
	    "groß\nund wurden nicht übernommen (höchstens %s je "
	    "Datei):\n\n",
	    limit);
	tpl_text(&m, tpl_opt(files));
	tpl_body(&m, "\nBitte senden Sie sie verkleinert noch einmal, als "
		     "Antwort\nauf diese E-Mail.\n");
	tpl_sign(&m, TPL_DE, org_name);
	return tpl_end(&m);
}

void
mail_text_cleanup(struct mail_text *t)
{
	if (t == NULL)
		return;
	free(t->subject);
	free(t->body);
	t->subject = NULL;
	t->body = NULL;
}
