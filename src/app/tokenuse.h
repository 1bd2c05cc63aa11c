/* SPDX-License-Identifier: MIT */
#ifndef HD_APP_TOKENUSE_H
#define HD_APP_TOKENUSE_H

#include "util/status.h"

#include <stdint.h>

/*
 * When each API token was last used (GET /tokens), without making every
 * bearer request a write: a request notes its token here (a lock and a
 * table lookup), and a thread of its own writes what is due, at most
 * once per HD_TOKENUSE_EVERY seconds per token, all that is due in one
 * write job. The table has HD_TOKENUSE_SLOTS places (about 100 KB); a
 * token pushed out of it is written again at its next use, a note lost
 * when every place of its bucket is waiting to be written only makes
 * that time older. Last-used times are a hint, not an audit log.
 */
#define HD_TOKENUSE_EVERY 60
#define HD_TOKENUSE_SLOTS 4096

/* Starts the writing thread (serve). HD_OK or HD_EIO. */
enum hd_status app_tokenuse_start(void);
/* Writes what is noted, then stops the thread; accepts not started. */
void app_tokenuse_stop(void);
/* Notes that API token id was used at now (Unix seconds). Any thread. */
void app_tokenuse_note(int64_t id, int64_t now);

#endif
