/* SPDX-License-Identifier: MIT */
#ifndef HD_MAIL_TEMPLATES_INT_H
#define HD_MAIL_TEMPLATES_INT_H

/*
 * The pieces every language's templates share; not for callers. A mail
 * is written once (templates_vorgang.c, templates.c) from the phrases
 * of its language (templates_words.c).
 */
#include "mail/templates.h"
#include "util/buf.h"

#include <stdbool.h>
#include <stddef.h>

#define SUBJECT_MAX 2048
#define BODY_MAX (4u * 1024 * 1024)
/* User text in a subject is cut here (bytes, on a UTF-8 boundary). */
#define SUBJECT_TEXT_MAX 150
/* Short subject pieces: number, type name, organisation name. */
#define SUBJECT_WORD_MAX 100

/* The languages of the mails: the index into every phrase of tpl_words. */
enum { TPL_DE = 0, TPL_EN = 1 };
/* The mails with a link to set a password. */
enum tpl_account { TPL_INVITE_EMPLOYEE, TPL_INVITE_CONTACT, TPL_RESET };

/* The phrases of the mails, each in German and English. A phrase named
 * *_fmt is a printf format whose arguments its comment names; the others
 * are plain text. */
struct tpl_words {
	const char *hello[2];	   /* greeting without a name */
	const char *hello_fmt[2];  /* greeting: name */
	const char *sign_fmt[2];   /* signature: organisation */
	const char *fields_fmt[2]; /* number, type name, property name */
	const char *unit_fmt[2];   /* unit label */
	const char *reporter_fmt[2];
	const char *subject_fmt[2]; /* subject, and the description's heading */
	const char *att_none[2];
	const char *att_fmt[2]; /* count, att_one or att_many */
	const char *att_one[2], *att_many[2];
	const char *quote_fmt[2]; /* a Vorgang's subject in a sentence */
	const char *to_case[2];	  /* lead-in of the link for staff */
	const char *to_portal[2]; /* lead-in of the link for the reporter */

	const char *assigned_subj[2];
	const char *assigned_fmt[2]; /* number */
	const char
	    *assigned_reason_fmt[2]; /* why the recipient is responsible */
	const char *unrouted_subj[2];
	const char *unrouted_fmt[2];	 /* number */
	const char *unrouted_why_fmt[2]; /* why nobody was found */
	const char *unrouted_link[2];
	const char *receipt_subj[2];
	const char *receipt_fmt[2];	  /* number */
	const char *receipt_quote_fmt[2]; /* number */
	const char *comment_subj[2];
	const char *comment_by_fmt[2];	 /* author, number */
	const char *comment_anon_fmt[2]; /* number */
	const char *comment_by_end[2], *comment_anon_end[2];
	/* The reply to staff (German only: NULL in a language without). */
	const char *reply_subj[2], *reply_by[2], *reply_about[2],
	    *reply_about_end[2];
	const char *reminder_subj[2][2]; /* [escalated] */
	const char *reminder_fmt[2];	 /* number, hours, reminder_more */
	const char *reminder_more[2][2]; /* [escalated] */
	const char *status_words[2][3];	 /* waiting, resolved, closed */
	const char *status_subj_fmt[2];	 /* status_words */
	const char *status_fmt[2];	 /* number */
	const char *status_waiting[2];
	const char *status_by_fmt[2]; /* author */
	const char *status_anon[2];
	const char *status_quote_fmt[2]; /* number */
	/* The mails of an account's link ([enum tpl_account]; no English
	 * invitation yet: NULL). */
	const char *account_subj[2][3];
	size_t
	    account_org_max[2]; /* bytes of the organisation in its subject */
	const char *account_fmt[2][3]; /* organisation */
	const char *account_link[2][3];
	const char *account_valid[2][3];
};

extern const struct tpl_words tpl_words;

/* A mail being written: subject, body and the first failure, after
 * which every append does nothing. */
struct tpl {
	struct mail_text *out;
	struct hd_buf subj, body;
	enum hd_status st;
};

/* Starts a mail into out (emptied); ok false fails it (HD_EINVAL). */
void tpl_begin(struct tpl *m, struct mail_text *out, bool ok);
/* Hands subject and body to out, or leaves it empty on a failure. */
enum hd_status tpl_end(struct tpl *m);
/* Appends printf-style text to the subject or the body. */
void tpl_subj(struct tpl *m, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void tpl_body(struct tpl *m, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* User text in the subject: control characters become spaces, cut at
 * max bytes on a UTF-8 boundary with "…". */
void tpl_subj_text(struct tpl *m, const char *s, size_t max);
/* "[V-2026-00007] " */
void tpl_subj_tag(struct tpl *m, const char *number);
/* "[V-…] what: type – subject" */
void tpl_subj_vorgang(
    struct tpl *m, const struct mail_vorgang *v, const char *what);
/* User text as it is in the body, with one line end at its end. */
void tpl_text(struct tpl *m, const char *s);
/* A link on its own line after a lead-in line. */
void tpl_link(struct tpl *m, const char *lead, const char *link);
/* Greeting, the Vorgang's fields (reporter and files only for staff),
 * signature. */
void tpl_greet(struct tpl *m, int lang, const char *name);
void tpl_fields(
    struct tpl *m, int lang, const struct mail_vorgang *v, bool staff);
void tpl_sign(struct tpl *m, int lang, const char *org_name);
/* The line that counts a Vorgang's files into buf[MAIL_ATT_LINE_MAX]. */
void tpl_att_line(int lang, long long n, char *buf);

const char *tpl_opt(const char *s);
bool tpl_empty(const char *s);
bool tpl_vorgang_ok(const struct mail_vorgang *v);

#endif
