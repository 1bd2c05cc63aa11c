/* SPDX-License-Identifier: MIT */
#ifndef HD_STORE_OUTBOX_H
#define HD_STORE_OUTBOX_H

#include "db/db.h"

#include <jansson.h>
#include <stdint.h>

/*
 * Queues one mail to one recipient, with its Message-ID (made by the
 * caller, mail_message_id_new; every retry reuses it), due at once. Call
 * inside the transaction of the change that causes the mail; the change
 * feed (store/feed.h) tells after the commit.
 */
enum hd_status store_outbox_add(struct db_conn *c, int64_t org_id,
    const char *to_addr, const char *to_name, const char *kind,
    int64_t process_id, const char *subject, const char *body,
    const char *message_id);

/* One queued mail, as the worker needs it (heap strings, caller frees
 * with store_outbox_item_cleanup). */
struct outbox_item {
	int64_t id;
	int attempts; /* attempts counted so far (with a claim: its own) */
	int64_t created_at; /* Unix seconds */
	int64_t queued_at;  /* Unix ms: the give-up clock runs from here */
	char *to_addr, *to_name, *subject, *body, *message_id, *from_name;
};

/* Loads up to max mails due at now_ms (Unix milliseconds) into items;
 * *n receives the count. */
enum hd_status store_outbox_due(struct db_conn *c, int64_t now_ms,
    struct outbox_item *items, int max, int *n);
void store_outbox_item_cleanup(struct outbox_item *it);

/*
 * Claims a due mail for one attempt, before it is sent: counts the
 * attempt (attempts + 1), notes now_ms as its start and sets
 * next_attempt_at to lease_until, the time the mail is due again should
 * its result never be recorded (a crash, a database that refuses
 * writes). attempts is the count the caller read: HD_ENOTFOUND when the
 * mail is no longer queued with that count (claimed by someone else, or
 * done). Call inside the writer's transaction and send only after it
 * committed.
 */
enum hd_status store_outbox_claim(struct db_conn *c, int64_t id, int attempts,
    int64_t now_ms, int64_t lease_until);
/* Records a successful delivery of the claim with count attempt (now in
 * Unix seconds). HD_ENOTFOUND when that claim no longer holds. */
enum hd_status store_outbox_sent(
    struct db_conn *c, int64_t id, int attempt, int64_t now);
/* Records a failed attempt of the claim with count attempt: queued
 * again for next_at (Unix milliseconds), or failed for good when next_at
 * is 0. HD_ENOTFOUND when that claim no longer holds. */
enum hd_status store_outbox_failed(struct db_conn *c, int64_t id, int attempt,
    const char *error, int64_t next_at);
/* Gives back the claim with count attempt of a mail that was never sent
 * (shutdown came first): the attempt is not counted and the mail is due
 * at now_ms. HD_ENOTFOUND when that claim no longer holds. */
enum hd_status store_outbox_release(
    struct db_conn *c, int64_t id, int attempt, int64_t now_ms);

/*
 * Queues a failed mail of org again (an admin's resend): due at now_ms,
 * attempts counted from 0, the give-up clock started anew, the same
 * Message-ID. HD_ENOTFOUND when org has no such mail, HD_ECONFLICT when
 * it is not failed (queued or sent).
 */
enum hd_status store_outbox_resend(
    struct db_conn *c, int64_t org_id, int64_t id, int64_t now_ms);
/* Queues every failed mail of org again, as store_outbox_resend; *n
 * receives how many. */
enum hd_status store_outbox_resend_all(
    struct db_conn *c, int64_t org_id, int64_t now_ms, int64_t *n);

/* *ms: milliseconds until the next queued mail is due at now_ms (0:
 * now; -1: none queued). */
enum hd_status store_outbox_next_due(
    struct db_conn *c, int64_t now_ms, int64_t *ms);
/* Counts of mails by state, for /metrics. */
enum hd_status store_outbox_counts(
    struct db_conn *c, int64_t *queued, int64_t *sent, int64_t *failed);

/* A page of the outbox of org, newest first, optionally filtered by
 * Vorgang and by recipient (in any letter case), into *items (caller
 * owns). */
enum hd_status store_outbox_list(struct db_conn *c, int64_t org_id,
    int64_t process_id, const char *to, int64_t cursor, int limit,
    int64_t *next, json_t **items);
/* One mail of org as the list shows it into *out (caller owns);
 * HD_ENOTFOUND when org has no such mail. */
enum hd_status store_outbox_json(
    struct db_conn *c, int64_t org_id, int64_t id, json_t **out);

#endif
