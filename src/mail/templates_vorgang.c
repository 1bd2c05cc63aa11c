/* SPDX-License-Identifier: MIT */
/*
 * The mails about a Vorgang and those with an account's link, each
 * written once for every language from the phrases of its language
 * (templates_words.c).
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
assigned(struct mail_text *out, int lang, const struct mail_vorgang *v,
    const char *name, const char *reason)
{
	struct tpl m;

	if (!begin(&m, out, v))
		return tpl_end(&m);
	tpl_subj_vorgang(&m, v, tpl_words.assigned_subj[lang]);
	tpl_greet(&m, lang, name);
	tpl_body(&m, tpl_words.assigned_fmt[lang], v->number);
	tpl_fields(&m, lang, v, true);
	if (!tpl_empty(reason))
		tpl_body(&m, tpl_words.assigned_reason_fmt[lang], reason);
	tpl_link(&m, tpl_words.to_case[lang], v->link);
	tpl_sign(&m, lang, v->org_name);
	return tpl_end(&m);
}

static enum hd_status
unrouted(struct mail_text *out, int lang, const struct mail_vorgang *v,
    const char *name, const char *why)
{
	struct tpl m;

	if (!begin(&m, out, v))
		return tpl_end(&m);
	tpl_subj_vorgang(&m, v, tpl_words.unrouted_subj[lang]);
	tpl_greet(&m, lang, name);
	tpl_body(&m, tpl_words.unrouted_fmt[lang], v->number);
	if (!tpl_empty(why))
		tpl_body(&m, tpl_words.unrouted_why_fmt[lang], why);
	tpl_body(&m, "\n");
	tpl_fields(&m, lang, v, true);
	tpl_link(&m, tpl_words.unrouted_link[lang], v->link);
	tpl_sign(&m, lang, v->org_name);
	return tpl_end(&m);
}

static enum hd_status
receipt(struct mail_text *out, int lang, const struct mail_vorgang *v,
    const char *name)
{
	struct tpl m;

	if (!begin(&m, out, v))
		return tpl_end(&m);
	tpl_subj_tag(&m, v->number);
	tpl_subj(&m, "%s", tpl_words.receipt_subj[lang]);
	tpl_greet(&m, lang, name);
	tpl_body(&m, tpl_words.receipt_fmt[lang], v->number);
	tpl_fields(&m, lang, v, false);
	tpl_link(&m, tpl_words.to_portal[lang], v->link);
	tpl_body(&m, tpl_words.receipt_quote_fmt[lang], v->number);
	tpl_sign(&m, lang, v->org_name);
	return tpl_end(&m);
}

/* A comment's mail: to the reporter "Neue Nachricht zu Ihrer Anfrage",
 * to staff "Neue Antwort von <author> zu „<subject>“" (issue 13: the
 * subject speaks to its reader). */
static enum hd_status
comment(struct mail_text *out, int lang, const struct mail_vorgang *v,
    const char *name, const char *author, const char *text, bool staff)
{
	struct tpl m;

	if (!begin(&m, out, v))
		return tpl_end(&m);
	tpl_subj_tag(&m, v->number);
	if (staff && !tpl_empty(author)) {
		tpl_subj(&m, "%s", tpl_words.reply_by[lang]);
		tpl_subj_text(&m, author, SUBJECT_WORD_MAX);
		if (!tpl_empty(v->subject)) {
			tpl_subj(&m, "%s", tpl_words.reply_about[lang]);
			tpl_subj_text(&m, v->subject, SUBJECT_TEXT_MAX);
			tpl_subj(&m, "%s", tpl_words.reply_about_end[lang]);
		}
	} else {
		tpl_subj(&m, "%s",
		    staff ? tpl_words.reply_subj[lang]
			  : tpl_words.comment_subj[lang]);
	}
	tpl_greet(&m, lang, name);
	if (!tpl_empty(author))
		tpl_body(&m, tpl_words.comment_by_fmt[lang], author, v->number);
	else
		tpl_body(&m, tpl_words.comment_anon_fmt[lang], v->number);
	if (!tpl_empty(v->subject))
		tpl_body(&m, tpl_words.quote_fmt[lang], v->subject);
	tpl_body(&m, "%s",
	    tpl_empty(author) ? tpl_words.comment_anon_end[lang]
			      : tpl_words.comment_by_end[lang]);
	tpl_text(&m, tpl_opt(text));
	tpl_link(&m, tpl_words.to_case[lang], v->link);
	tpl_sign(&m, lang, v->org_name);
	return tpl_end(&m);
}

static enum hd_status
reminder(struct mail_text *out, int lang, const struct mail_vorgang *v,
    const char *name, int64_t hours, bool escalated)
{
	struct tpl m;

	if (!begin(&m, out, v))
		return tpl_end(&m);
	tpl_subj_vorgang(&m, v, tpl_words.reminder_subj[lang][escalated]);
	tpl_greet(&m, lang, name);
	tpl_body(&m, tpl_words.reminder_fmt[lang], v->number, (long long)hours,
	    tpl_words.reminder_more[lang][escalated]);
	tpl_fields(&m, lang, v, true);
	tpl_link(&m, tpl_words.to_case[lang], v->link);
	tpl_sign(&m, lang, v->org_name);
	return tpl_end(&m);
}

/* The words of the statuses the reporter is told of; NULL for others. */
static const char *
status_words(int lang, const char *status)
{
	static const char *const told[] = {"waiting", "resolved", "closed"};
	size_t i;

	for (i = 0; status != NULL && i < sizeof told / sizeof *told; i++)
		if (strcmp(status, told[i]) == 0)
			return tpl_words.status_words[lang][i];
	return NULL;
}

static enum hd_status
status_mail(struct mail_text *out, int lang, const struct mail_vorgang *v,
    const char *name, const char *status, const char *author, const char *note)
{
	const char *words = status_words(lang, status);
	struct tpl m;

	if (!begin(&m, out, v) || words == NULL) {
		m.st = HD_EINVAL;
		return tpl_end(&m);
	}
	tpl_subj_tag(&m, v->number);
	tpl_subj(&m, tpl_words.status_subj_fmt[lang], words);
	tpl_greet(&m, lang, name);
	tpl_body(&m, tpl_words.status_fmt[lang], v->number);
	if (!tpl_empty(v->subject))
		tpl_body(&m, tpl_words.quote_fmt[lang], v->subject);
	tpl_body(&m, " %s.\n", words);
	if (strcmp(status, "waiting") == 0)
		tpl_body(&m, "%s", tpl_words.status_waiting[lang]);
	if (!tpl_empty(note) && !tpl_empty(author))
		tpl_body(&m, tpl_words.status_by_fmt[lang], author);
	else if (!tpl_empty(note))
		tpl_body(&m, "%s", tpl_words.status_anon[lang]);
	if (!tpl_empty(note))
		tpl_text(&m, note);
	tpl_link(&m, tpl_words.to_portal[lang], v->link);
	tpl_body(&m, tpl_words.status_quote_fmt[lang], v->number);
	tpl_sign(&m, lang, v->org_name);
	return tpl_end(&m);
}

/* An invitation or a password reset: who, what to do, how long. */
static enum hd_status
account(struct mail_text *out, int lang, enum tpl_account kind,
    const char *org_name, const char *name, const char *link)
{
	struct tpl m;

	tpl_begin(&m, out, !tpl_empty(org_name) && !tpl_empty(link));
	tpl_subj(&m, "%s", tpl_words.account_subj[lang][kind]);
	tpl_subj_text(&m, tpl_opt(org_name), tpl_words.account_org_max[lang]);
	tpl_greet(&m, lang, name);
	tpl_body(&m, tpl_words.account_fmt[lang][kind], org_name);
	tpl_link(&m, tpl_words.account_link[lang][kind], link);
	tpl_body(&m, "%s", tpl_words.account_valid[lang][kind]);
	tpl_sign(&m, lang, org_name);
	return tpl_end(&m);
}

/* The callers' names, German and English. */

enum hd_status
mail_tpl_assigned(struct mail_text *out, const struct mail_vorgang *v,
    const char *recipient_name, const char *reason)
{
	return assigned(out, TPL_DE, v, recipient_name, reason);
}

enum hd_status
mail_tpl_assigned_en(struct mail_text *out, const struct mail_vorgang *v,
    const char *recipient_name, const char *reason)
{
	return assigned(out, TPL_EN, v, recipient_name, reason);
}

enum hd_status
mail_tpl_unrouted(struct mail_text *out, const struct mail_vorgang *v,
    const char *recipient_name, const char *why)
{
	return unrouted(out, TPL_DE, v, recipient_name, why);
}

enum hd_status
mail_tpl_unrouted_en(struct mail_text *out, const struct mail_vorgang *v,
    const char *recipient_name, const char *why)
{
	return unrouted(out, TPL_EN, v, recipient_name, why);
}

enum hd_status
mail_tpl_receipt(struct mail_text *out, const struct mail_vorgang *v,
    const char *recipient_name)
{
	return receipt(out, TPL_DE, v, recipient_name);
}

enum hd_status
mail_tpl_receipt_en(struct mail_text *out, const struct mail_vorgang *v,
    const char *recipient_name)
{
	return receipt(out, TPL_EN, v, recipient_name);
}

enum hd_status
mail_tpl_comment(struct mail_text *out, const struct mail_vorgang *v,
    const char *recipient_name, const char *author_name, const char *body)
{
	return comment(
	    out, TPL_DE, v, recipient_name, author_name, body, false);
}

enum hd_status
mail_tpl_comment_en(struct mail_text *out, const struct mail_vorgang *v,
    const char *recipient_name, const char *author_name, const char *body)
{
	return comment(
	    out, TPL_EN, v, recipient_name, author_name, body, false);
}

enum hd_status
mail_tpl_reply(struct mail_text *out, const struct mail_vorgang *v,
    const char *recipient_name, const char *author_name, const char *body)
{
	return comment(out, TPL_DE, v, recipient_name, author_name, body, true);
}

enum hd_status
mail_tpl_reminder(struct mail_text *out, const struct mail_vorgang *v,
    const char *recipient_name, int64_t hours, bool escalated)
{
	return reminder(out, TPL_DE, v, recipient_name, hours, escalated);
}

enum hd_status
mail_tpl_reminder_en(struct mail_text *out, const struct mail_vorgang *v,
    const char *recipient_name, int64_t hours, bool escalated)
{
	return reminder(out, TPL_EN, v, recipient_name, hours, escalated);
}

enum hd_status
mail_tpl_status(struct mail_text *out, const struct mail_vorgang *v,
    const char *recipient_name, const char *status, const char *author_name,
    const char *comment_text)
{
	return status_mail(
	    out, TPL_DE, v, recipient_name, status, author_name, comment_text);
}

enum hd_status
mail_tpl_status_en(struct mail_text *out, const struct mail_vorgang *v,
    const char *recipient_name, const char *status, const char *author_name,
    const char *comment_text)
{
	return status_mail(
	    out, TPL_EN, v, recipient_name, status, author_name, comment_text);
}

enum hd_status
mail_tpl_invite_employee(struct mail_text *out, const char *org_name,
    const char *name, const char *link)
{
	return account(out, TPL_DE, TPL_INVITE_EMPLOYEE, org_name, name, link);
}

enum hd_status
mail_tpl_invite_contact(struct mail_text *out, const char *org_name,
    const char *name, const char *link)
{
	return account(out, TPL_DE, TPL_INVITE_CONTACT, org_name, name, link);
}

enum hd_status
mail_tpl_password_reset(struct mail_text *out, const char *org_name,
    const char *name, const char *link)
{
	return account(out, TPL_DE, TPL_RESET, org_name, name, link);
}

enum hd_status
mail_tpl_password_reset_en(struct mail_text *out, const char *org_name,
    const char *name, const char *link)
{
	return account(out, TPL_EN, TPL_RESET, org_name, name, link);
}

void
mail_tpl_attachments_line(long long n, char *buf)
{
	tpl_att_line(TPL_DE, n, buf);
}

void
mail_tpl_attachments_line_en(long long n, char *buf)
{
	tpl_att_line(TPL_EN, n, buf);
}
