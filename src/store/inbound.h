/* SPDX-License-Identifier: MIT */
#ifndef HD_STORE_INBOUND_H
#define HD_STORE_INBOUND_H

/*
 * Inbound mail (docs/mail-in.md): intake addresses (mailboxes), the log
 * of every mail taken by Message-ID (idempotency), the mails waiting for
 * an admin ("Nicht zugeordnet"), bounces of our own mail, and leases for
 * work that one process does at a time (the IMAP poller). The use case
 * that puts them together is app/inbound.c.
 */
#include "db/db.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The longest Message-ID kept (RFC 5322 lines are at most 998 bytes). */
#define STORE_INBOUND_MSGID_MAX 998

/* An intake address. */
struct store_mailbox {
	int64_t id, org_id;
	int64_t type_id; /* 0: none, an admin picks the type */
};

/* The mailbox of address (any letter case, any organisation);
 * HD_ENOTFOUND when none has it. */
enum hd_status store_mailbox_find(
    struct db_conn *c, const char *address, struct store_mailbox *out);
/* Adds address to org (type_id 0: none); HD_ECONFLICT when any mailbox
 * has it, HD_EINVAL (field "type_id") when type_id is no type of org. */
enum hd_status store_mailbox_insert(struct db_conn *c, int64_t org_id,
    const char *address, int64_t type_id, int64_t *id);
/* Changes mailbox id of org: address unless NULL, type_id when set_type
 * (0: none). HD_ENOTFOUND, HD_ECONFLICT, HD_EINVAL as above. */
enum hd_status store_mailbox_update(struct db_conn *c, int64_t org_id,
    int64_t id, const char *address, bool set_type, int64_t type_id);
/* Removes mailbox id of org; HD_ENOTFOUND when org has none such. */
enum hd_status store_mailbox_delete(
    struct db_conn *c, int64_t org_id, int64_t id);
/* {id, address, type_id} of mailbox id of org; HD_ENOTFOUND. */
enum hd_status store_mailbox_json(
    struct db_conn *c, int64_t org_id, int64_t id, json_t **out);
/* Every mailbox of org, by id. */
enum hd_status store_mailbox_list(
    struct db_conn *c, int64_t org_id, json_t **items);
/* The only organisation of the installation into *org_id; HD_ENOTFOUND
 * when there are none or several. */
enum hd_status store_inbound_sole_org(struct db_conn *c, int64_t *org_id);

/* What was made of a mail taken before. */
struct store_inbound_seen {
	char outcome[16];
	int64_t process_id, comment_id; /* 0: none */
};
/* Whether org took message_id already (HD_OK, *out filled) or not
 * (HD_ENOTFOUND). */
enum hd_status store_inbound_seen(struct db_conn *c, int64_t org_id,
    const char *message_id, struct store_inbound_seen *out);
/* Logs a mail taken: outcome one of created, commented, ignored,
 * unassigned; reason, process_id (0) and comment_id (0) as they apply.
 * HD_ECONFLICT when org took message_id already. */
enum hd_status store_inbound_log(struct db_conn *c, int64_t org_id,
    const char *message_id, const char *sender, const char *subject,
    const char *outcome, const char *reason, int64_t process_id,
    int64_t comment_id, int64_t *id);

/* A mail waiting for an admin. */
struct store_unassigned_new {
	int64_t org_id, inbound_id;
	const char *sender, *sender_name;
	int64_t contact_id, type_id; /* 0: none */
	const char *subject, *body;
	const void *raw; /* the message, for its attachments; NULL: none */
	size_t raw_len;
};
enum hd_status store_unassigned_insert(
    struct db_conn *c, const struct store_unassigned_new *in, int64_t *id);
/* The open ones of org, oldest first: {id, sender: {address, name,
 * contact_id}, type_id, subject, body, received_at}. */
enum hd_status store_unassigned_list(struct db_conn *c, int64_t org_id,
    int64_t cursor, int limit, int64_t *next, json_t **items);
/* One of org, open or completed (then with process_id); HD_ENOTFOUND. */
enum hd_status store_unassigned_json(
    struct db_conn *c, int64_t org_id, int64_t id, json_t **out);
/* What completing one needs (heap strings and raw, caller frees with
 * store_unassigned_cleanup). */
struct store_unassigned {
	int64_t id, org_id, inbound_id, contact_id, type_id, process_id;
	char *sender, *sender_name, *subject, *body;
	unsigned char *raw;
	size_t raw_len;
};
enum hd_status store_unassigned_get(struct db_conn *c, int64_t org_id,
    int64_t id, struct store_unassigned *out);
void store_unassigned_cleanup(struct store_unassigned *u);
/* Marks it completed by Vorgang process_id (its raw message dropped) and
 * the log entry created. HD_ECONFLICT when it was completed already. */
enum hd_status store_unassigned_done(
    struct db_conn *c, int64_t id, int64_t process_id);

/* Marks the outbox row with message_id (with or without <>) failed for
 * good with reason, unless it is failed already; *process_id its
 * Vorgang (0: none). HD_ENOTFOUND when no mail of ours has that id. */
enum hd_status store_outbox_bounced(struct db_conn *c, const char *message_id,
    const char *reason, int64_t *process_id);

/* Takes or renews the lease name for holder until now + ttl (Unix
 * seconds): HD_OK when holder has it now, HD_ECONFLICT when another
 * holds it still. */
enum hd_status store_lease_take(struct db_conn *c, const char *name,
    const char *holder, int64_t now, int64_t ttl);

/* The only property where contact id lives (as tenant or owner) and the
 * unit there (0: none or several); HD_ENOTFOUND when none or several. */
enum hd_status store_inbound_sole_property(struct db_conn *c,
    int64_t contact_id, int64_t *property_id, int64_t *unit_id);
/* Vorgang number ("V-2026-00007") of org into *id; HD_ENOTFOUND. */
enum hd_status store_inbound_process_by_number(
    struct db_conn *c, int64_t org_id, const char *number, int64_t *id);
/* The organisation and reporter of Vorgang id; HD_ENOTFOUND. */
enum hd_status store_inbound_process_owner(
    struct db_conn *c, int64_t id, int64_t *org_id, int64_t *reporter_id);

#endif
