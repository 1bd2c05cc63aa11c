/* SPDX-License-Identifier: MIT */
#ifndef HD_STORE_OUTBOX_H
#define HD_STORE_OUTBOX_H

#include "store/db.h"

#include <jansson.h>
#include <stdint.h>

/*
 * Queues one mail to one recipient, with a fresh Message-ID that every
 * retry reuses. Call inside the transaction of the change that causes
 * the mail; wake the worker (mail_worker_wake) after the commit.
 */
enum hd_status store_outbox_add(struct db_conn *c, int64_t org_id,
    const char *to_addr, const char *to_name, const char *kind,
    int64_t process_id, const char *subject, const char *body);

/* One queued mail, as the worker needs it (heap strings, caller frees
 * with store_outbox_item_cleanup). */
struct outbox_item {
	int64_t id;
	int attempts;
	int64_t created_at;
	char *to_addr, *to_name, *subject, *body, *message_id, *from_name;
};

/* Loads up to max mails due at now_ms (Unix milliseconds) into items;
 * *n receives the count. */
enum hd_status store_outbox_due(struct db_conn *c, int64_t now_ms,
    struct outbox_item *items, int max, int *n);
void store_outbox_item_cleanup(struct outbox_item *it);
/* Records a successful delivery. */
enum hd_status store_outbox_sent(struct db_conn *c, int64_t id, int64_t now);
/* Records a failed attempt: retry at next_at (Unix milliseconds), or
 * final when next_at is 0. */
enum hd_status store_outbox_failed(
    struct db_conn *c, int64_t id, const char *error, int64_t next_at);
/* Milliseconds until the next queued mail is due (-1: none queued). */
int64_t store_outbox_next_due(struct db_conn *c, int64_t now_ms);
/* Counts of mails by state, for /metrics. */
enum hd_status store_outbox_counts(
    struct db_conn *c, int64_t *queued, int64_t *sent, int64_t *failed);

/* A page of the outbox of org, newest first, optionally filtered. */
json_t *store_outbox_list(struct db_conn *c, int64_t org_id, int64_t process_id,
    const char *to, int64_t cursor, int limit, int64_t *next);

#endif
