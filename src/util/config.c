/* SPDX-License-Identifier: MIT */
#include "util/config.h"

struct hd_config hd_cfg = {
    .listen = "127.0.0.1:8080",
    .mail_from = "hausdesk@localhost",
    .mail_retry_ms = 30000,
    /* Like an MTA: retry for days, not for a number of attempts. */
    .mail_max_attempts = 0,
    .mail_give_up_hours = 120,
    /* -1: one HTTP thread per CPU (cmd_serve). Changing requests wait
     * for their commit on the write pool, so the HTTP threads only
     * compute: more threads than cores only lengthen the tails
     * (docs/performance.md, "Threads" under the changes). */
    .threads = -1,
    .cache_mb = -1,
    /* A browser opens up to 6 connections, an office behind one address
     * a few dozen browsers; make bench opens more (it passes 0). */
    .conns_per_ip = 128,
    .header_timeout_ms = 20000,
    .body_timeout_ms = 20000,
    .body_min_rate = 500,
    .keepalive_ms = 5000,
    .shutdown_s = -1,
    .check_mb = -1,
};
