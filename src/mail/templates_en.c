/* SPDX-License-Identifier: MIT */
/* The Vorgang mails in English (templates.h), as an English-speaking
 * property manager writes them. Names, roles and properties are data and
 * stay as entered. */
#include "mail/templates_int.h"

#include <stdio.h>
#include <string.h>

static enum hd_status
greet(struct hd_buf *b, const char *name)
{
	if (tpl_empty(name))
		return hd_buf_adds(b, "Hello,\n\n");
	return hd_buf_printf(b, "Hello %s,\n\n", name);
}

static enum hd_status
sign(struct hd_buf *b, const char *org_name)
{
	return hd_buf_printf(b,
	    "\nKind regards\n"
	    "%s\n"
	    "\n"
	    "This email was sent automatically by hausdesk.\n",
	    org_name);
}

static enum hd_status
fields(struct hd_buf *b, const struct mail_vorgang *v, bool with_reporter)
{
	enum hd_status st;

	st = hd_buf_printf(b,
	    "Number:       %s\n"
	    "Case type:    %s\n"
	    "Property:     %s\n",
	    v->number, tpl_opt(v->type_name), tpl_opt(v->property_name));
	if (st == HD_OK && !tpl_empty(v->unit_label))
		st = hd_buf_printf(b, "Unit:         %s\n", v->unit_label);
	if (st == HD_OK && with_reporter)
		st = hd_buf_printf(
		    b, "Reported by:  %s\n", tpl_opt(v->reporter_name));
	if (st == HD_OK)
		st = hd_buf_printf(b, "Subject:      %s\n\nDescription:\n",
		    tpl_opt(v->subject));
	if (st == HD_OK)
		st = tpl_add_text(b, tpl_opt(v->description));
	if (st == HD_OK && with_reporter) {
		char line[MAIL_ATT_LINE_MAX];

		mail_tpl_attachments_line_en(v->n_attachments, line);
		st = hd_buf_printf(b, "\n%s", line);
	}
	return st;
}

enum hd_status
mail_tpl_assigned_en(struct mail_text *out, const struct mail_vorgang *v,
    const char *recipient_name, const char *reason)
{
	struct hd_buf subj, body;
	enum hd_status st;

	if (out == NULL)
		return HD_EINVAL;
	tpl_start(out, &subj, &body);
	if (!tpl_vorgang_ok(v))
		return tpl_finish(out, &subj, &body, HD_EINVAL);
	st = tpl_subj_vorgang(&subj, v, "New case");
	if (st == HD_OK)
		st = greet(&body, recipient_name);
	if (st == HD_OK)
		st = hd_buf_printf(
		    &body, "Case %s has been assigned to you.\n\n", v->number);
	if (st == HD_OK)
		st = fields(&body, v, true);
	if (st == HD_OK && !tpl_empty(reason))
		st = hd_buf_printf(&body,
		    "\nYou are receiving this email because you are "
		    "responsible:\n%s\n",
		    reason);
	if (st == HD_OK)
		st = tpl_add_link(&body, "Open the case:", v->link);
	if (st == HD_OK)
		st = sign(&body, v->org_name);
	return tpl_finish(out, &subj, &body, st);
}

enum hd_status
mail_tpl_unrouted_en(struct mail_text *out, const struct mail_vorgang *v,
    const char *recipient_name, const char *why)
{
	struct hd_buf subj, body;
	enum hd_status st;

	if (out == NULL)
		return HD_EINVAL;
	tpl_start(out, &subj, &body);
	if (!tpl_vorgang_ok(v))
		return tpl_finish(out, &subj, &body, HD_EINVAL);
	st = tpl_subj_vorgang(&subj, v, "Unassigned case");
	if (st == HD_OK)
		st = greet(&body, recipient_name);
	if (st == HD_OK)
		st = hd_buf_printf(&body,
		    "Nobody responsible could be found for case %s, so it has "
		    "been\nassigned to you and is listed under "
		    "\u201cUnassigned\u201d.\n",
		    v->number);
	if (st == HD_OK && !tpl_empty(why))
		st = hd_buf_printf(&body, "\nReason:\n%s\n", why);
	if (st == HD_OK)
		st = hd_buf_adds(&body, "\n");
	if (st == HD_OK)
		st = fields(&body, v, true);
	if (st == HD_OK)
		st = tpl_add_link(&body,
		    "Please review the case and assign it to the right "
		    "person:",
		    v->link);
	if (st == HD_OK)
		st = sign(&body, v->org_name);
	return tpl_finish(out, &subj, &body, st);
}

enum hd_status
mail_tpl_receipt_en(struct mail_text *out, const struct mail_vorgang *v,
    const char *recipient_name)
{
	struct hd_buf subj, body;
	enum hd_status st;

	if (out == NULL)
		return HD_EINVAL;
	tpl_start(out, &subj, &body);
	if (!tpl_vorgang_ok(v))
		return tpl_finish(out, &subj, &body, HD_EINVAL);
	st = tpl_subj_tag(&subj, v->number);
	if (st == HD_OK)
		st = hd_buf_adds(&subj, "We have received your request");
	if (st == HD_OK)
		st = greet(&body, recipient_name);
	if (st == HD_OK)
		st = hd_buf_printf(&body,
		    "We have received your request %s and passed it on to "
		    "the\nstaff responsible.\n\n",
		    v->number);
	if (st == HD_OK)
		st = fields(&body, v, false);
	if (st == HD_OK)
		st = tpl_add_link(&body,
		    "You can follow your request in the customer portal:",
		    v->link);
	if (st == HD_OK)
		st = hd_buf_printf(&body,
		    "\nPlease quote the number %s in any reply.\n", v->number);
	if (st == HD_OK)
		st = sign(&body, v->org_name);
	return tpl_finish(out, &subj, &body, st);
}

enum hd_status
mail_tpl_comment_en(struct mail_text *out, const struct mail_vorgang *v,
    const char *recipient_name, const char *author_name, const char *body_text)
{
	struct hd_buf subj, body;
	enum hd_status st;

	if (out == NULL)
		return HD_EINVAL;
	tpl_start(out, &subj, &body);
	if (!tpl_vorgang_ok(v))
		return tpl_finish(out, &subj, &body, HD_EINVAL);
	st = tpl_subj_tag(&subj, v->number);
	if (st == HD_OK)
		st = hd_buf_adds(&subj, "New message about your request");
	if (st == HD_OK)
		st = greet(&body, recipient_name);
	if (st == HD_OK && !tpl_empty(author_name))
		st = hd_buf_printf(
		    &body, "%s wrote about case %s", author_name, v->number);
	else if (st == HD_OK)
		st = hd_buf_printf(
		    &body, "There is a new message about case %s", v->number);
	if (st == HD_OK && !tpl_empty(v->subject))
		st = hd_buf_printf(&body, " \u201c%s\u201d", v->subject);
	if (st == HD_OK)
		st = hd_buf_adds(&body, ":\n\n");
	if (st == HD_OK)
		st = tpl_add_text(&body, tpl_opt(body_text));
	if (st == HD_OK)
		st = tpl_add_link(&body, "Open the case:", v->link);
	if (st == HD_OK)
		st = sign(&body, v->org_name);
	return tpl_finish(out, &subj, &body, st);
}

enum hd_status
mail_tpl_reminder_en(struct mail_text *out, const struct mail_vorgang *v,
    const char *recipient_name, int64_t hours, bool escalated)
{
	struct hd_buf subj, body;
	enum hd_status st;

	if (out == NULL)
		return HD_EINVAL;
	tpl_start(out, &subj, &body);
	if (!tpl_vorgang_ok(v))
		return tpl_finish(out, &subj, &body, HD_EINVAL);
	st = tpl_subj_vorgang(&subj, v, escalated ? "Escalation" : "Reminder");
	if (st == HD_OK)
		st = greet(&body, recipient_name);
	if (st == HD_OK)
		st = hd_buf_printf(&body,
		    "Case %s has had no response for %lld hours: nobody has "
		    "replied\nor changed its status.%s\n\n",
		    v->number, (long long)hours,
		    escalated ? " The staff responsible were reminded "
				"before.\nPlease make sure somebody deals "
				"with it."
			      : "\nPlease deal with it, or hand it on.");
	if (st == HD_OK)
		st = fields(&body, v, true);
	if (st == HD_OK)
		st = tpl_add_link(&body, "Open the case:", v->link);
	if (st == HD_OK)
		st = sign(&body, v->org_name);
	return tpl_finish(out, &subj, &body, st);
}

void
mail_tpl_attachments_line_en(long long n, char *buf)
{
	if (n <= 0)
		snprintf(buf, MAIL_ATT_LINE_MAX, "Attachments:  none\n");
	else
		snprintf(buf, MAIL_ATT_LINE_MAX,
		    "Attachments:  %lld %s (on the request)\n", n,
		    n == 1 ? "file" : "files");
}

enum hd_status
mail_tpl_password_reset_en(struct mail_text *out, const char *org_name,
    const char *name, const char *link)
{
	struct hd_buf subj, body;
	enum hd_status st;

	if (out == NULL)
		return HD_EINVAL;
	tpl_start(out, &subj, &body);
	if (tpl_empty(org_name) || tpl_empty(link))
		return tpl_finish(out, &subj, &body, HD_EINVAL);
	st = hd_buf_adds(&subj, "Reset your password – ");
	if (st == HD_OK)
		st = tpl_subj_add(&subj, org_name, 200);
	if (st == HD_OK)
		st = greet(&body, name);
	if (st == HD_OK)
		st = hd_buf_printf(&body,
		    "we were asked to reset the password of your account "
		    "with\n%s.\n",
		    org_name);
	if (st == HD_OK)
		st = tpl_add_link(
		    &body, "Use this link to choose a new password:", link);
	if (st == HD_OK)
		st = hd_buf_adds(&body,
		    "\nThe link is valid for 1 hour. If you did not ask for "
		    "this, you can\nignore this email; your password stays "
		    "as it is.\n");
	if (st == HD_OK)
		st = sign(&body, org_name);
	return tpl_finish(out, &subj, &body, st);
}

/* What happened to the request, after "Your request …". */
static const char *
status_words(const char *status)
{
	if (strcmp(status, "waiting") == 0)
		return "is waiting for your reply";
	if (strcmp(status, "resolved") == 0)
		return "has been resolved";
	if (strcmp(status, "closed") == 0)
		return "has been closed";
	return NULL;
}

enum hd_status
mail_tpl_status_en(struct mail_text *out, const struct mail_vorgang *v,
    const char *recipient_name, const char *status, const char *author_name,
    const char *comment)
{
	struct hd_buf subj, body;
	const char *words = status ? status_words(status) : NULL;
	enum hd_status st;

	if (out == NULL)
		return HD_EINVAL;
	tpl_start(out, &subj, &body);
	if (!tpl_vorgang_ok(v) || words == NULL)
		return tpl_finish(out, &subj, &body, HD_EINVAL);
	st = tpl_subj_tag(&subj, v->number);
	if (st == HD_OK)
		st = hd_buf_printf(&subj, "Your request %s", words);
	if (st == HD_OK)
		st = greet(&body, recipient_name);
	if (st == HD_OK)
		st = hd_buf_printf(&body, "your request %s", v->number);
	if (st == HD_OK && !tpl_empty(v->subject))
		st = hd_buf_printf(&body, " \u201c%s\u201d", v->subject);
	if (st == HD_OK)
		st = hd_buf_printf(&body, " %s.\n", words);
	if (st == HD_OK && strcmp(status, "waiting") == 0)
		st = hd_buf_adds(
		    &body, "Please reply to us in the customer portal.\n");
	if (st == HD_OK && !tpl_empty(comment)) {
		if (!tpl_empty(author_name))
			st = hd_buf_printf(
			    &body, "\n%s writes:\n\n", author_name);
		else
			st = hd_buf_adds(&body, "\nThe note with it:\n\n");
		if (st == HD_OK)
			st = tpl_add_text(&body, comment);
	}
	if (st == HD_OK)
		st = tpl_add_link(&body,
		    "You can follow your request in the customer portal:",
		    v->link);
	if (st == HD_OK)
		st = hd_buf_printf(&body,
		    "\nPlease quote the number %s if you get in touch.\n",
		    v->number);
	if (st == HD_OK)
		st = sign(&body, v->org_name);
	return tpl_finish(out, &subj, &body, st);
}
