/* SPDX-License-Identifier: MIT */
#ifndef HD_MAIL_WORKER_H
#define HD_MAIL_WORKER_H

#include "mail/transport.h"
#include "util/status.h"

/*
 * The mail worker: one thread that delivers the outbox. Woken after
 * commits that queue mail and by a timer for retries; failed attempts
 * are retried with exponential backoff (hd_cfg.mail_retry_ms doubled per
 * attempt, at most one hour) until hd_cfg.mail_max_attempts, then marked
 * failed. A 5xx answer for a recipient fails that mail at once.
 */
enum hd_status mail_worker_start(const struct mail_transport_config *cfg);
/* Wakes the worker: there may be new mail. Cheap; safe from any thread. */
void mail_worker_wake(void);
/* Stops the worker after the mail in hand and joins it. */
void mail_worker_stop(void);

#endif
