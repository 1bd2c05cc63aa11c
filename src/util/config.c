/* SPDX-License-Identifier: MIT */
#include "util/config.h"

struct hd_config hd_cfg = {
    .listen = "127.0.0.1:8080",
    .mail_from = "hausdesk@localhost",
    .mail_retry_ms = 30000,
    .mail_max_attempts = 8,
    /* Enough threads that concurrent writes share commits. */
    .threads = 16,
};
