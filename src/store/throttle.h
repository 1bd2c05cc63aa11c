/* SPDX-License-Identifier: MIT */
#ifndef HD_STORE_THROTTLE_H
#define HD_STORE_THROTTLE_H

#include "db/db.h"

#include <stddef.h>
#include <stdint.h>

/*
 * Counters of events per key (failed logins per address, reset mails per
 * address, ...), kept in the throttle table so that a restart or another
 * server process on the same database sees them. What a key allows is a
 * rule:
 *
 *   - events are counted until none came for `quiet` seconds, then the
 *     count starts again at zero;
 *   - once the count reaches `limit`, the key is refused until the last
 *     event + delay, the delay being `base` seconds doubled for each
 *     event beyond the limit, at most `max` seconds.
 *
 * So a key slows down instead of locking: after the limit, one more
 * event is allowed per delay. Nothing is evicted; rows whose time has
 * passed are deleted by store_throttle_prune.
 */
struct store_throttle_rule {
	int limit; /* events before the first delay (>= 1) */
	int base;  /* the first delay, seconds */
	int max;   /* the longest delay, seconds */
	int quiet; /* seconds without an event that start the count anew */
};

/* The longest key: a prefix and an e-mail address (254 bytes). */
#define STORE_THROTTLE_KEY_MAX 320

/*
 * Reads key under rule at now (Unix seconds): *count the events that
 * still count (0 for an unknown key or after the quiet time), and
 * *retry_after the seconds until the key may be used again (0: now).
 * HD_OK, or HD_EIO.
 */
enum hd_status store_throttle_get(struct db_conn *c, const char *key,
    const struct store_throttle_rule *rule, int64_t now, int64_t *count,
    int64_t *retry_after);

/*
 * Counts one event for key at now under rule (in the caller's write
 * transaction) and sets when the key may be used next. HD_OK or HD_EIO.
 */
enum hd_status store_throttle_hit(struct db_conn *c, const char *key,
    const struct store_throttle_rule *rule, int64_t now);

/* Forgets key (a device cookie that logged in). */
enum hd_status store_throttle_forget(struct db_conn *c, const char *key);

/* Deletes up to 100 rows that have not counted for a day and are not
 * refusing; cheap enough to run with every hit. */
enum hd_status store_throttle_prune(struct db_conn *c, int64_t now);

/* The secret named name (text, at most n - 1 bytes) into buf;
 * HD_ENOTFOUND when there is none yet. */
enum hd_status store_server_key_get(
    struct db_conn *c, const char *name, char *buf, size_t n);
/* Stores value as the secret named name unless one exists already (then
 * the existing one stays: read it again). */
enum hd_status store_server_key_put(
    struct db_conn *c, const char *name, const char *value);

#endif
