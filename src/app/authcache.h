/* SPDX-License-Identifier: MIT */
#ifndef HD_APP_AUTHCACHE_H
#define HD_APP_AUTHCACHE_H

#include "app/auth.h"

#include <stdbool.h>
#include <stdint.h>

/*
 * The credentials resolved recently, so that a repeated request with the
 * same bearer token or session cookie needs no query. An entry is keyed
 * by the token's hex SHA-256 and whether it came as a cookie, and holds
 * what app_auth_resolve filled in, the auth epoch (store_auth_epoch) read
 * before the lookup, and the session's expiry. It answers only while the
 * epoch is unchanged — any committed change to users, sessions,
 * api_tokens or orgs through this process's writer ends every entry —
 * before the expiry, and for at most HD_AUTHCACHE_TTL_MS, which bounds
 * how long a change made by another process (the CLI) goes unseen.
 *
 * A fixed table of HD_AUTHCACHE_SLOTS entries in buckets of four (a fifth
 * credential of a bucket replaces the one stored longest ago; with one
 * slot per key, the benchmark's 300 employees' tokens evicted each other
 * so often that 8.7 % of their requests looked the token up again, 0.4 %
 * with four): about 1.9 MB (4096 x 456 bytes on x86-64) of static memory,
 * nothing allocated. Any thread.
 */
#define HD_AUTHCACHE_SLOTS 4096
#define HD_AUTHCACHE_TTL_MS 2000

/*
 * Copies into *out the credential cached for hash (hd_token_hash of the
 * token) and cookie (true: the hd_session cookie; false: a bearer
 * token) when it was stored at this epoch, is less than
 * HD_AUTHCACHE_TTL_MS old at mono_ms (hd_mono_ms) and, at now (Unix
 * seconds), before its expiry. True on a hit; *out is untouched on a
 * miss.
 */
bool app_authcache_get(const char *hash, bool cookie, uint64_t epoch,
    int64_t now, int64_t mono_ms, struct hd_auth *out);

/*
 * Stores a credential resolved successfully: epoch as read before the
 * lookup began, expires_at the session's expiry in Unix seconds
 * (INT64_MAX for a bearer token), mono_ms the hd_mono_ms from before the
 * lookup. Replaces what was stored for the same key, else a free slot of
 * its bucket, else the bucket's oldest.
 */
void app_authcache_put(const char *hash, bool cookie, uint64_t epoch,
    int64_t expires_at, int64_t mono_ms, const struct hd_auth *a);

/*
 * Turns the cache off (false: every get misses, nothing is stored) or on
 * again (the default). Before serving. serve turns it off on PostgreSQL,
 * where another process's logout or deactivation would go unseen for up
 * to HD_AUTHCACHE_TTL_MS (docs/postgresql.md).
 */
void app_authcache_enable(bool on);

/* Forgets every entry (tests). */
void app_authcache_clear(void);

#endif
