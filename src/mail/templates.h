/* SPDX-License-Identifier: MIT */
#ifndef HD_MAIL_TEMPLATES_H
#define HD_MAIL_TEMPLATES_H

#include "util/status.h"

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
};

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

void mail_text_cleanup(struct mail_text *t);

#endif
