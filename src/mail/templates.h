/* SPDX-License-Identifier: MIT */
#ifndef HD_MAIL_TEMPLATES_H
#define HD_MAIL_TEMPLATES_H

#include "util/status.h"

#include <stdbool.h>
#include <stdint.h>

/*
 * German mail texts (formal "Sie", short and concrete). Each function
 * fills *out with heap-allocated subject and body; free with
 * mail_text_cleanup. All inputs are borrowed UTF-8; any may contain user
 * text, which is copied verbatim into the plain-text body (never into a
 * header except the subject, where CR/LF are replaced by spaces).
 * Subjects of Vorgang mails carry the tag "[V-2026-00007]".
 */
struct mail_text {
	char *subject;
	char *body;
};

/* What a Vorgang mail shows. */
struct mail_vorgang {
	const char *org_name;
	const char *number;	   /* "V-2026-00007" */
	const char *type_name;	   /* "Schadensmeldung" */
	const char *property_name; /* "Max-Planck-Straße 12" */
	const char *unit_label;	   /* may be NULL */
	const char *reporter_name; /* "Herr Müller" */
	const char *subject;
	const char *description;
	const char *link; /* URL to the Vorgang in the web UI */
	/* Files attached (assignment mails say how many; never attached to
	 * the mail). */
	long long n_attachments;
};

/* Room for mail_tpl_attachments_line's text. */
#define MAIL_ATT_LINE_MAX 64

enum hd_status mail_tpl_invite_employee(struct mail_text *out,
    const char *org_name, const char *name, const char *link);
enum hd_status mail_tpl_invite_contact(struct mail_text *out,
    const char *org_name, const char *name, const char *link);
enum hd_status mail_tpl_password_reset(struct mail_text *out,
    const char *org_name, const char *name, const char *link);
/* To an assignee; reason: "Frau Huber: Rolle Buchhaltung in ..." */
enum hd_status mail_tpl_assigned(struct mail_text *out,
    const struct mail_vorgang *v, const char *recipient_name,
    const char *reason);
/* To a fallback recipient of an unrouted Vorgang; why: the German reason
 * no responsible employee was found. */
enum hd_status mail_tpl_unrouted(struct mail_text *out,
    const struct mail_vorgang *v, const char *recipient_name, const char *why);
/* Receipt to the reporter: "Ihre Anfrage V-... ist eingegangen." */
enum hd_status mail_tpl_receipt(struct mail_text *out,
    const struct mail_vorgang *v, const char *recipient_name);
/* A public comment (or status change text) to the reporter or assignee. */
enum hd_status mail_tpl_comment(struct mail_text *out,
    const struct mail_vorgang *v, const char *recipient_name,
    const char *author_name, const char *body);
/* The reporter's reply to staff (assignees, employees who wrote): the
 * same text, the subject "Neue Antwort von <author> zu „<subject>“". */
enum hd_status mail_tpl_reply(struct mail_text *out,
    const struct mail_vorgang *v, const char *recipient_name,
    const char *author_name, const char *body);

/* A Vorgang nobody responded to within hours: to its assignees
 * (reminder), or, escalated, to the fallback role's holders or the
 * admins. */
enum hd_status mail_tpl_reminder(struct mail_text *out,
    const struct mail_vorgang *v, const char *recipient_name, int64_t hours,
    bool escalated);

/* The same mails in English (the phrases: templates_words.c). */
enum hd_status mail_tpl_assigned_en(struct mail_text *out,
    const struct mail_vorgang *v, const char *recipient_name,
    const char *reason);
enum hd_status mail_tpl_unrouted_en(struct mail_text *out,
    const struct mail_vorgang *v, const char *recipient_name, const char *why);
enum hd_status mail_tpl_receipt_en(struct mail_text *out,
    const struct mail_vorgang *v, const char *recipient_name);
enum hd_status mail_tpl_comment_en(struct mail_text *out,
    const struct mail_vorgang *v, const char *recipient_name,
    const char *author_name, const char *body);
enum hd_status mail_tpl_reminder_en(struct mail_text *out,
    const struct mail_vorgang *v, const char *recipient_name, int64_t hours,
    bool escalated);

/* The line of an assignment mail that counts the files, "Anhänge:
 * 2 Dateien (im Vorgang)\n", into buf[MAIL_ATT_LINE_MAX]: one line,
 * which an upload after the mail was queued replaces. */
void mail_tpl_attachments_line(long long n, char *buf);
/* The status mail to the reporter in English (the phrases: templates_words.c).
 */
enum hd_status mail_tpl_status_en(struct mail_text *out,
    const struct mail_vorgang *v, const char *recipient_name,
    const char *status, const char *author_name, const char *comment);
/* The password reset mail in English (the phrases: templates_words.c). */
enum hd_status mail_tpl_password_reset_en(struct mail_text *out,
    const char *org_name, const char *name, const char *link);
/* The same line in English (the phrases: templates_words.c). */
void mail_tpl_attachments_line_en(long long n, char *buf);

/*
 * To the reporter: the Vorgang's status changed to status ("waiting",
 * "resolved", "closed"), with the public comment the employee author
 * wrote with it (NULL or "": none).
 */
enum hd_status mail_tpl_status(struct mail_text *out,
    const struct mail_vorgang *v, const char *recipient_name,
    const char *status, const char *author_name, const char *comment);
/* To the sender of an inbound mail whose attachments files (one per
 * line, with their sizes) were larger than limit ("20 MiB") and
 * dropped; number: the Vorgang the mail went to, or NULL. */
enum hd_status mail_tpl_too_large(struct mail_text *out, const char *org_name,
    const char *number, const char *recipient_name, const char *files,
    const char *limit);

void mail_text_cleanup(struct mail_text *t);

#endif
