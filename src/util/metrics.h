/* SPDX-License-Identifier: MIT */
#ifndef HD_METRICS_H
#define HD_METRICS_H

#include <stdbool.h>
#include <stdint.h>

/* Process-wide counters for /metrics (lock-free, any thread). */
void hd_metrics_request(unsigned status);
void hd_metrics_process_created(void);
void hd_metrics_mail(bool sent);

struct hd_metrics {
	uint64_t requests[6]; /* by status class: 1xx..5xx, [0] other */
	uint64_t processes_created;
	uint64_t mails_sent;
	uint64_t mail_attempts_failed;
};

/* A snapshot of the counters. */
void hd_metrics_read(struct hd_metrics *out);

#endif
