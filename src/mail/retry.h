/* SPDX-License-Identifier: MIT */
#ifndef HD_MAIL_RETRY_H
#define HD_MAIL_RETRY_H

#include <stdbool.h>
#include <stdint.h>

/*
 * The retry schedule of the outbox, as an MTA keeps it: a mail that
 * could not be delivered for now is tried again after base_ms, doubling
 * with every attempt up to an hour, until it is older than give_up_ms
 * (counted from when it was queued or last resent), or — when
 * max_attempts is set — after that many attempts. A permanent refusal
 * (SMTP 5xx for the recipient) fails it at once.
 */
struct mail_retry {
	int64_t base_ms;    /* HAUSDESK_MAIL_RETRY_MS */
	int64_t give_up_ms; /* HAUSDESK_MAIL_GIVE_UP_HOURS */
	int max_attempts;   /* HAUSDESK_MAIL_MAX_ATTEMPTS; 0: no cap */
};

/* The longest wait between two attempts. */
#define MAIL_RETRY_MAX_MS (3600 * 1000L)

/* How long after attempt number attempt (1 for the first) the next one
 * follows: base_ms * 2^(attempt - 1), at most MAIL_RETRY_MAX_MS. */
int64_t mail_retry_delay(const struct mail_retry *r, int attempt);

/*
 * When a mail whose attempt number attempt failed at now_ms is tried
 * again (Unix ms), or 0 when it fails for good: permanent, past the
 * give-up time since queued_at_ms, or at the attempt cap.
 */
int64_t mail_retry_next(const struct mail_retry *r, int attempt,
    int64_t queued_at_ms, int64_t now_ms, bool permanent);

#endif
