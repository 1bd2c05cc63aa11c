/* SPDX-License-Identifier: MIT */
#ifndef HD_MAIL_NOTIFY_H
#define HD_MAIL_NOTIFY_H

#include "db/db.h"
#include "mail/templates.h"
#include "store/user.h"

#include <stdint.h>

/*
 * Composing the mails of events and queueing them in the outbox, inside
 * the caller's transaction. Wake the worker after the commit.
 */

/* Creates a fresh invitation ("invite") or reset ("reset") token for u,
 * voiding earlier ones, and queues the mail with the link. */
enum hd_status notify_user_token(
    struct db_conn *c, const struct store_user *u, const char *purpose);

/*
 * (Re-)sends the invitation of user_id, an employee or a contact of
 * org_id: HD_ENOTFOUND when it is not one of theirs (of that kind),
 * HD_EINVAL when it has no e-mail, HD_ECONFLICT when it already has a
 * password or is deactivated.
 */
enum hd_status notify_invite(
    struct db_conn *c, int64_t org_id, int64_t user_id, bool employee);

/* Queues t to one recipient and frees t's contents in every case. */
enum hd_status notify_queue(struct db_conn *c, int64_t org_id,
    const char *to_addr, const char *to_name, const char *kind,
    int64_t process_id, struct mail_text *t);

/* The web link to a Vorgang for an employee or a contact (portal). */
void notify_process_link(int64_t process_id, bool portal, char *buf, size_t n);

#endif
