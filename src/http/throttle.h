/* SPDX-License-Identifier: MIT */
#ifndef HD_THROTTLE_H
#define HD_THROTTLE_H

#include <stdbool.h>
#include <stdint.h>

/*
 * Login throttling against password guessing: after HD_THROTTLE_MAX
 * failed logins for one e-mail address within HD_THROTTLE_WINDOW seconds,
 * further attempts are refused (429) until the window has passed. In
 * memory only; a restart forgets it.
 */
#define HD_THROTTLE_MAX 10
#define HD_THROTTLE_WINDOW (15 * 60)

/* True when a login for email may be tried now. */
bool hd_throttle_allow(const char *email, int64_t now);
/* Records a failed login for email. */
void hd_throttle_fail(const char *email, int64_t now);
/* Forgets the failures of email (after a successful login). */
void hd_throttle_reset(const char *email);

#endif
