/* SPDX-License-Identifier: MIT */
#include "mail/retry.h"

int64_t
mail_retry_delay(const struct mail_retry *r, int attempt)
{
	int64_t d = r->base_ms > 0 ? r->base_ms : 1;
	int i;

	for (i = 1; i < attempt && d < MAIL_RETRY_MAX_MS; i++)
		d *= 2;
	return d < MAIL_RETRY_MAX_MS ? d : MAIL_RETRY_MAX_MS;
}

int64_t
mail_retry_next(const struct mail_retry *r, int attempt, int64_t queued_at_ms,
    int64_t now_ms, bool permanent)
{
	if (permanent)
		return 0;
	if (r->max_attempts > 0 && attempt >= r->max_attempts)
		return 0;
	if (now_ms - queued_at_ms >= r->give_up_ms)
		return 0;
	return now_ms + mail_retry_delay(r, attempt);
}
