/* SPDX-License-Identifier: MIT */
#ifndef HD_APP_MAILER_H
#define HD_APP_MAILER_H

#include "mail/transport.h"
#include "util/status.h"

/*
 * The mail worker: one thread that delivers the outbox (store/outbox.h)
 * through a few parallel senders (mail/sendpool.h: 4 SMTP connections,
 * or the Maildir). Woken by the change feed after commits that queue
 * mail (app_mailer_listen) and by a timer for retries. It claims each
 * mail before it sends it and records the result after; failed attempts
 * are retried on the schedule of mail/retry.h (hd_cfg.mail_retry_ms
 * doubled per attempt, at most one hour) until the mail is older than
 * hd_cfg.mail_give_up_hours or reached hd_cfg.mail_max_attempts (when
 * set). A 5xx answer for a recipient fails that mail at once. Reads the
 * settings of hd_cfg; cfg->timeout_ms 0 takes hd_cfg.smtp_timeout_ms.
 */
enum hd_status app_mailer_start(const struct mail_transport_config *cfg);
/* Wakes the worker: there may be new mail. Cheap; safe from any thread. */
void app_mailer_wake(void);
/* Has the change feed wake the worker after each commit that queued
 * mail (store_feed_on_mail). Call before the writer opens. */
void app_mailer_listen(void);
/* Stops the worker and joins it: mail being sent is abandoned at once
 * (a failed attempt, retried with the same Message-ID), claimed mail
 * not yet started is given back. */
void app_mailer_stop(void);

#endif
