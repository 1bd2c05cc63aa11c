/* SPDX-License-Identifier: MIT */
#ifndef HD_APP_NOTIFY_H
#define HD_APP_NOTIFY_H

/*
 * The mails of events: composed with mail/templates.h and queued in the
 * outbox (store/outbox.h) inside the caller's job, so that a mail exists
 * exactly when its change is committed. The change feed wakes the mail
 * worker (app/mailer.h) after the commit.
 */
#include "db/db.h"
#include "mail/templates.h"
#include "store/pctx.h"
#include "store/process.h"
#include "store/user.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct event;

/* The bytes of the installation's secret for Message-IDs. */
#define APP_MSGID_SECRET 32
/* The secret (server_keys "msgid", made by the first process that needs
 * it, inside the caller's write job) into out. */
enum hd_status app_notify_secret(
    struct db_conn *c, unsigned char out[APP_MSGID_SECRET]);
/* A fresh Message-ID for a mail about Vorgang process_id (0: none),
 * signed with the secret (mail/msgid.h), into buf (MAIL_MSGID_MAX). */
enum hd_status app_notify_msgid(
    struct db_conn *c, int64_t process_id, char *buf, size_t n);

/* Queues t to one recipient with a fresh signed Message-ID
 * (app_notify_msgid) and frees t's contents in every case. */
enum hd_status app_notify_queue(struct db_conn *c, int64_t org_id,
    const char *to_addr, const char *to_name, const char *kind,
    int64_t process_id, struct mail_text *t);

/* The web link to a Vorgang for an employee or a contact (portal). */
void app_notify_link(int64_t process_id, bool portal, char *buf, size_t n);

/* Mails an assignee of Vorgang p (name at email; nothing when email is
 * ""), in lang (their locale, enum hd_lang): "assigned" with the reason,
 * or "unrouted" with why (not NULL) when the Vorgang found nobody
 * responsible and falls back to them. */
enum hd_status app_notify_assigned(struct db_conn *c, const struct pctx *p,
    const char *email, const char *name, int lang, const struct event *reason,
    const struct event *why);
/* Mails to (in their locale) that nobody responded to Vorgang p within
 * hours: a reminder to an assignee, or, escalated, to the fallback. */
enum hd_status app_notify_reminder(struct db_conn *c, const struct pctx *p,
    const struct store_addressee *to, int64_t hours, bool escalated);
/* Confirms to the reporter of p that the request arrived (contacts with
 * an address only). */
enum hd_status app_notify_receipt(struct db_conn *c, const struct pctx *p);
/* Mails the public comment body by author on p to name at email; portal
 * says whether the link is the portal's (the reporter's). */
enum hd_status app_notify_comment(struct db_conn *c, const struct pctx *p,
    const char *email, const char *name, int lang, bool portal,
    const char *author, const char *body);

/* Tells the reporter of p (a contact with an address; nobody else) that
 * its status is now status (waiting, resolved, closed), with the public
 * comment author wrote with the change (NULL: none). */
enum hd_status app_notify_status(struct db_conn *c, const struct pctx *p,
    const char *status, const char *author, const char *comment);

/* Creates a fresh invitation ("invite") or reset ("reset") token for u,
 * voiding earlier ones, and queues the mail with the link. HD_EINVAL
 * when u has no e-mail address. */
enum hd_status app_notify_user_token(
    struct db_conn *c, const struct store_user *u, const char *purpose);

#endif
