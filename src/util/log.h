/* SPDX-License-Identifier: MIT */
#ifndef HD_LOG_H
#define HD_LOG_H

#include "util/status.h"

enum hd_log_level { HD_LOG_ERROR, HD_LOG_WARN, HD_LOG_INFO, HD_LOG_DEBUG };

/* Writes one line "2026-11-27T08:00:00Z level message" to stderr.
 * Never pass secrets (passwords, tokens) or mail bodies. */
void hd_log(enum hd_log_level level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Opens path for appending (creating it, mode 0640) and makes it stderr,
 * so that the log and anything else written there go into it; called
 * again (on SIGHUP) it opens the file anew after a log rotation moved it.
 * HD_EIO when it cannot be opened (stderr then stays as it was). */
enum hd_status hd_log_file_open(const char *path);

/* Prints "hausdesk: message" to stderr and exits 1. Start-up only. */
void hd_fatal(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));

#endif
