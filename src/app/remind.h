/* SPDX-License-Identifier: MIT */
#ifndef HD_APP_REMIND_H
#define HD_APP_REMIND_H

/*
 * The reminder job inside `serve` (docs/routing.md, "Reminders and
 * escalation"): every --reminder-interval-ms it looks for Vorgänge still
 * `open` and unanswered past their type's response time, mails their
 * assignees once (reminder), and after twice the time the fallback
 * role's holders at the property, else the admins, once (escalation);
 * each with its history entry. The level reached is written in the same
 * job that queues the mails, so a restart neither sends one twice nor
 * skips one (a server down through both times sends both). On
 * PostgreSQL, of several server processes only the one holding the
 * advisory lock (db_try_lock) runs a round.
 */
#include "util/status.h"

#include <stdint.h>

/* The largest number of Vorgänge one job handles; a round runs jobs
 * until none is left. */
#define REMIND_BATCH 100

/* One round at now: *n (may be NULL) Vorgänge handled. */
enum hd_status app_remind_round(int64_t now, int64_t *n);

/* Starts and stops the job's thread. */
enum hd_status app_remind_start(void);
void app_remind_stop(void);

#endif
