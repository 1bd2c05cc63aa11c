/* SPDX-License-Identifier: MIT */
/*
 * The mails about a Vorgang, each written once for every language from
 * the phrases of its table (templates_de.c, templates_en.c).
 */
#include "mail/templates_int.h"

#include <string.h>

/* Starts a mail about v; false (the mail failed, end it) when out or v
 * is unusable. */
static bool
begin(struct tpl *m, struct mail_text *out, const struct mail_vorgang *v)
{
	tpl_begin(m, out, tpl_vorgang_ok(v));
	return m->st == HD_OK;
}

static enum hd_status
assigned(struct mail_text *out, const struct tpl_lang *l,
    const struct mail_vorgang *v, const char *name, const char *reason)
{
	struct tpl m;

	if (!begin(&m, out, v))
		return tpl_end(&m);
	tpl_subj_vorgang(&m, v, l->assigned_subj);
	tpl_greet(&m, l, name);
	tpl_body(&m, l->assigned_fmt, v->number);
	tpl_fields(&m, l, v, true);
	if (!tpl_empty(reason))
		tpl_body(&m, l->assigned_reason_fmt, reason);
	tpl_link(&m, l->to_case, v->link);
	tpl_sign(&m, l, v->org_name);
	return tpl_end(&m);
}

static enum hd_status
unrouted(struct mail_text *out, const struct tpl_lang *l,
    const struct mail_vorgang *v, const char *name, const char *why)
{
	struct tpl m;

	if (!begin(&m, out, v))
		return tpl_end(&m);
	tpl_subj_vorgang(&m, v, l->unrouted_subj);
	tpl_greet(&m, l, name);
	tpl_body(&m, l->unrouted_fmt, v->number);
	if (!tpl_empty(why))
		tpl_body(&m, l->unrouted_why_fmt, why);
	tpl_body(&m, "\n");
	tpl_fields(&m, l, v, true);
	tpl_link(&m, l->unrouted_link, v->link);
	tpl_sign(&m, l, v->org_name);
	return tpl_end(&m);
}

static enum hd_status
receipt(struct mail_text *out, const struct tpl_lang *l,
    const struct mail_vorgang *v, const char *name)
{
	struct tpl m;

	if (!begin(&m, out, v))
		return tpl_end(&m);
	tpl_subj_tag(&m, v->number);
	tpl_subj(&m, "%s", l->receipt_subj);
	tpl_greet(&m, l, name);
	tpl_body(&m, l->receipt_fmt, v->number);
	tpl_fields(&m, l, v, false);
	tpl_link(&m, l->to_portal, v->link);
	tpl_body(&m, l->receipt_quote_fmt, v->number);
	tpl_sign(&m, l, v->org_name);
	return tpl_end(&m);
}

/* A comment's mail: to the reporter "Neue Nachricht zu Ihrer Anfrage",
 * to staff "Neue Antwort von <author> zu „<subject>“" (issue 13: the
 * subject speaks to its reader). */
static enum hd_status
comment(struct mail_text *out, const struct tpl_lang *l,
    const struct mail_vorgang *v, const char *name, const char *author,
    const char *text, bool staff)
{
	struct tpl m;

	if (!begin(&m, out, v))
		return tpl_end(&m);
	tpl_subj_tag(&m, v->number);
	if (staff && !tpl_empty(author)) {
		tpl_subj(&m, "%s", l->reply_by);
		tpl_subj_text(&m, author, SUBJECT_WORD_MAX);
		if (!tpl_empty(v->subject)) {
			tpl_subj(&m, "%s", l->reply_about);
			tpl_subj_text(&m, v->subject, SUBJECT_TEXT_MAX);
			tpl_subj(&m, "%s", l->reply_about_end);
		}
	} else {
		tpl_subj(&m, "%s", staff ? l->reply_subj : l->comment_subj);
	}
	tpl_greet(&m, l, name);
	if (!tpl_empty(author))
		tpl_body(&m, l->comment_by_fmt, author, v->number);
	else
		tpl_body(&m, l->comment_anon_fmt, v->number);
	if (!tpl_empty(v->subject))
		tpl_body(&m, l->quote_fmt, v->subject);
	tpl_body(&m, "%s",
	    tpl_empty(author) ? l->comment_anon_end : l->comment_by_end);
	tpl_text(&m, tpl_opt(text));
	tpl_link(&m, l->to_case, v->link);
	tpl_sign(&m, l, v->org_name);
	return tpl_end(&m);
}

static enum hd_status
reminder(struct mail_text *out, const struct tpl_lang *l,
    const struct mail_vorgang *v, const char *name, int64_t hours,
    bool escalated)
{
	struct tpl m;

	if (!begin(&m, out, v))
		return tpl_end(&m);
	tpl_subj_vorgang(&m, v, l->reminder_subj[escalated]);
	tpl_greet(&m, l, name);
	tpl_body(&m, l->reminder_fmt, v->number, (long long)hours,
	    l->reminder_more[escalated]);
	tpl_fields(&m, l, v, true);
	tpl_link(&m, l->to_case, v->link);
	tpl_sign(&m, l, v->org_name);
	return tpl_end(&m);
}

/* The words of the statuses the reporter is told of; NULL for others. */
static const char *
status_words(const struct tpl_lang *l, const char *status)
{
	static const char *const told[] = {"waiting", "resolved", "closed"};
	size_t i;

	for (i = 0; status != NULL && i < sizeof told / sizeof *told; i++)
		if (strcmp(status, told[i]) == 0)
			return l->status_words[i];
	return NULL;
}

static enum hd_status
status_mail(struct mail_text *out, const struct tpl_lang *l,
    const struct mail_vorgang *v, const char *name, const char *status,
    const char *author, const char *note)
{
	const char *words = status_words(l, status);
	struct tpl m;

	if (!begin(&m, out, v) || words == NULL) {
		m.st = HD_EINVAL;
		return tpl_end(&m);
	}
	tpl_subj_tag(&m, v->number);
	tpl_subj(&m, l->status_subj_fmt, words);
	tpl_greet(&m, l, name);
	tpl_body(&m, l->status_fmt, v->number);
	if (!tpl_empty(v->subject))
		tpl_body(&m, l->quote_fmt, v->subject);
	tpl_body(&m, " %s.\n", words);
	if (strcmp(status, "waiting") == 0)
		tpl_body(&m, "%s", l->status_waiting);
	if (!tpl_empty(note) && !tpl_empty(author))
		tpl_body(&m, l->status_by_fmt, author);
	else if (!tpl_empty(note))
		tpl_body(&m, "%s", l->status_anon);
	if (!tpl_empty(note))
		tpl_text(&m, note);
	tpl_link(&m, l->to_portal, v->link);
	tpl_body(&m, l->status_quote_fmt, v->number);
	tpl_sign(&m, l, v->org_name);
	return tpl_end(&m);
}

static enum hd_status
password_reset(struct mail_text *out, const struct tpl_lang *l,
    const char *org_name, const char *name, const char *link)
{
	struct tpl m;

	tpl_begin(&m, out, !tpl_empty(org_name) && !tpl_empty(link));
	tpl_subj(&m, "%s", l->reset_subj);
	tpl_subj_text(&m, tpl_opt(org_name), l->reset_org_max);
	tpl_greet(&m, l, name);
	tpl_body(&m, l->reset_fmt, org_name);
	tpl_link(&m, l->reset_link, link);
	tpl_body(&m, "%s", l->reset_valid);
	tpl_sign(&m, l, org_name);
	return tpl_end(&m);
}

/* The callers' names, German and English. */

enum hd_status
mail_tpl_assigned(struct mail_text *out, const struct mail_vorgang *v,
    const char *recipient_name, const char *reason)
{
	return assigned(out, &tpl_de, v, recipient_name, reason);
}

enum hd_status
mail_tpl_assigned_en(struct mail_text *out, const struct mail_vorgang *v,
    const char *recipient_name, const char *reason)
{
	return assigned(out, &tpl_en, v, recipient_name, reason);
}

enum hd_status
mail_tpl_unrouted(struct mail_text *out, const struct mail_vorgang *v,
    const char *recipient_name, const char *why)
{
	return unrouted(out, &tpl_de, v, recipient_name, why);
}

enum hd_status
mail_tpl_unrouted_en(struct mail_text *out, const struct mail_vorgang *v,
    const char *recipient_name, const char *why)
{
	return unrouted(out, &tpl_en, v, recipient_name, why);
}

enum hd_status
mail_tpl_receipt(struct mail_text *out, const struct mail_vorgang *v,
    const char *recipient_name)
{
	return receipt(out, &tpl_de, v, recipient_name);
}

enum hd_status
mail_tpl_receipt_en(struct mail_text *out, const struct mail_vorgang *v,
    const char *recipient_name)
{
	return receipt(out, &tpl_en, v, recipient_name);
}

enum hd_status
mail_tpl_comment(struct mail_text *out, const struct mail_vorgang *v,
    const char *recipient_name, const char *author_name, const char *body)
{
	return comment(
	    out, &tpl_de, v, recipient_name, author_name, body, false);
}

enum hd_status
mail_tpl_comment_en(struct mail_text *out, const struct mail_vorgang *v,
    const char *recipient_name, const char *author_name, const char *body)
{
	return comment(
	    out, &tpl_en, v, recipient_name, author_name, body, false);
}

enum hd_status
mail_tpl_reply(struct mail_text *out, const struct mail_vorgang *v,
    const char *recipient_name, const char *author_name, const char *body)
{
	return comment(
	    out, &tpl_de, v, recipient_name, author_name, body, true);
}

enum hd_status
mail_tpl_reminder(struct mail_text *out, const struct mail_vorgang *v,
    const char *recipient_name, int64_t hours, bool escalated)
{
	return reminder(out, &tpl_de, v, recipient_name, hours, escalated);
}

enum hd_status
mail_tpl_reminder_en(struct mail_text *out, const struct mail_vorgang *v,
    const char *recipient_name, int64_t hours, bool escalated)
{
	return reminder(out, &tpl_en, v, recipient_name, hours, escalated);
}

enum hd_status
mail_tpl_status(struct mail_text *out, const struct mail_vorgang *v,
    const char *recipient_name, const char *status, const char *author_name,
    const char *comment_text)
{
	return status_mail(
	    out, &tpl_de, v, recipient_name, status, author_name, comment_text);
}

enum hd_status
mail_tpl_status_en(struct mail_text *out, const struct mail_vorgang *v,
    const char *recipient_name, const char *status, const char *author_name,
    const char *comment_text)
{
	return status_mail(
	    out, &tpl_en, v, recipient_name, status, author_name, comment_text);
}

enum hd_status
mail_tpl_password_reset(struct mail_text *out, const char *org_name,
    const char *name, const char *link)
{
	return password_reset(out, &tpl_de, org_name, name, link);
}

enum hd_status
mail_tpl_password_reset_en(struct mail_text *out, const char *org_name,
    const char *name, const char *link)
{
	return password_reset(out, &tpl_en, org_name, name, link);
}

void
mail_tpl_attachments_line(long long n, char *buf)
{
	tpl_att_line(&tpl_de, n, buf);
}

void
mail_tpl_attachments_line_en(long long n, char *buf)
{
	tpl_att_line(&tpl_en, n, buf);
}
