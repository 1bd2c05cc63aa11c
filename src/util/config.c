/* SPDX-License-Identifier: MIT */
#include "util/config.h"

struct hd_config hd_cfg = {
    .listen = "127.0.0.1:8080",
    .mail_from = "hausdesk@localhost",
    .mail_retry_ms = 30000,
    .mail_max_attempts = 8,
    /* Measured (docs/performance.md): 16 threads let more writes share
     * a commit (+25 % creates) but double the tail latencies and the
     * memory; 4 is the better default on a small machine. */
    .threads = 4,
};
