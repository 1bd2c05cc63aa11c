/* SPDX-License-Identifier: MIT */
#ifndef HD_LOG_H
#define HD_LOG_H

enum hd_log_level { HD_LOG_ERROR, HD_LOG_WARN, HD_LOG_INFO, HD_LOG_DEBUG };

/* Writes one line "2026-11-27T08:00:00Z level message" to stderr.
 * Never pass secrets (passwords, tokens) or mail bodies. */
void hd_log(enum hd_log_level level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Prints "hausdesk: message" to stderr and exits 1. Start-up only. */
void hd_fatal(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));

#endif
