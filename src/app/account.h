/* SPDX-License-Identifier: MIT */
#ifndef HD_APP_ACCOUNT_H
#define HD_APP_ACCOUNT_H

/*
 * The use cases of accounts: adding an employee (invited at once),
 * (re-)sending an invitation, asking for a password reset, and setting
 * a password with an invitation or reset link. Each opens its own write
 * job and queues its mail in it (app/notify.h).
 */
#include "app/login.h"
#include "store/user.h"
#include "util/rand.h"
#include "util/status.h"

#include <stdbool.h>
#include <stdint.h>

/* Reset mails to one address: HD_RESET_MAILS, then one after
 * HD_RESET_COOLDOWN seconds, doubling up to an hour; counted anew after
 * an hour without one. At most HD_RESET_LIMIT_IP reset requests per
 * client address per hour. */
#define HD_RESET_MAILS 3
#define HD_RESET_COOLDOWN (10 * 60)
#define HD_RESET_LIMIT_IP 10

/* Adds an employee of org_id and mails the invitation. *id is the new
 * employee; HD_ECONFLICT when the e-mail address is taken. */
enum hd_status app_employee_add(int64_t org_id, const char *name,
    const char *email, bool is_admin, int64_t *id);

/*
 * (Re-)sends the invitation of user_id, an employee (employee) or a
 * contact of org_id, voiding earlier links: HD_ENOTFOUND when it is not
 * one of theirs (of that kind), HD_EINVAL when it has no e-mail,
 * HD_ECONFLICT when it already has a password or is deactivated.
 */
enum hd_status app_invite_send(int64_t org_id, int64_t user_id, bool employee);

/*
 * A password reset asked for email (accounts of org_id only, unless 0)
 * from the client address client_ip: one mail per active account of the
 * address, each naming its organisation, while the address has its
 * share (HD_RESET_MAILS, then slower) — HD_OK whether or not any went,
 * so that the answer tells nothing about accounts. HD_ERATE with
 * *retry_after (seconds) for a client over HD_RESET_LIMIT_IP requests
 * an hour.
 */
enum hd_status app_password_reset_request(const char *client_ip,
    const char *email, int64_t org_id, int64_t *retry_after);

/*
 * Accepts an invitation (purpose "invite") or confirms a reset ("reset"):
 * consumes the link's token, sets the password (at least
 * HD_MIN_PASSWORD characters: the caller checked), ends the account's
 * other sessions and begins one, all in one job; *out is the session.
 * HD_EBADTOKEN for an unknown token, HD_EGONE for one used, expired, or
 * of a deactivated account.
 */
enum hd_status app_password_set(const char *purpose, const char *token,
    const char *password, struct app_session *out);

/* Sets the language of user_id's mails ("de" or "en"). */
enum hd_status app_account_locale_set(int64_t user_id, const char *locale);

#endif
