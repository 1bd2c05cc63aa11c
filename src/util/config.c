/* SPDX-License-Identifier: MIT */
#include "util/config.h"

struct hd_config hd_cfg = {
    .listen = "127.0.0.1:8080",
    .mail_from = "hausdesk@localhost",
    .mail_retry_ms = 30000,
    .mail_max_attempts = 8,
    /* -1: one HTTP thread per CPU (cmd_serve). Changing requests wait
     * for their commit on the write pool, so the HTTP threads only
     * compute: more threads than cores only lengthen the tails
     * (docs/performance.md, "Threads" under the changes). */
    .threads = -1,
    .cache_mb = -1,
    .shutdown_s = -1,
    .check_mb = -1,
};
