/* SPDX-License-Identifier: MIT */
#ifndef HD_STORE_FEED_H
#define HD_STORE_FEED_H

/*
 * The one change feed of the store (db.h's struct db_feed): which tables
 * the caches depend on, and who hears of a change.
 *
 *   - Vorgänge, their assignees, history and comments, and the names an
 *     answer shows (users, process types, properties, units, roles):
 *     the answer cache (vcache.h) marks what a batch changed;
 *   - users, sessions, api_tokens, orgs: the auth epoch grows, which
 *     ends every cached credential (http/authcache.h);
 *   - mail queued in the outbox (a new row, or a failed one queued
 *     again): the callback set with store_feed_on_mail runs after the
 *     commit (the mail worker's wake).
 *
 * All of it on the writer's thread, after the batch's commit (or its
 * rollback: over-invalidating is harmless) and before any of its jobs is
 * answered. Changes by other processes on the same database (the CLI)
 * are not reported: both caches bound how long those go unseen.
 */
#include "util/status.h"

#include <stdint.h>

/* Hands the feed to the database layer; call before db_writer_open
 * (after vcache_start). HD_EINVAL (logged) when it is refused. */
enum hd_status store_feed_start(void);
/* Takes it back (after db_writer_close). */
void store_feed_stop(void);

/*
 * The auth epoch: grows after every batch of the writer that inserted,
 * updated or deleted a row of users, sessions, api_tokens or orgs has
 * been committed (or rolled back), before its jobs are answered. A
 * credential read on a snapshot taken after reading epoch E is current
 * as long as the epoch is still E — for writes through this process's
 * writer. Any thread.
 */
uint64_t store_auth_epoch(void);

/* fn(arg) runs after each commit that queued mail (NULL: nothing). Set
 * it before serving. */
void store_feed_on_mail(void (*fn)(void *arg), void *arg);

#endif
