/* SPDX-License-Identifier: MIT */
#ifndef HD_APP_INBOUND_H
#define HD_APP_INBOUND_H

/*
 * Taking one inbound mail (issue 14, item 2; docs/mail-in.md): parse it
 * (mail/inbound.h), then in one write job decide and write what it
 * becomes — a new Vorgang (routed, receipt to the sender), a comment on
 * the Vorgang it answers, a mail waiting for an admin ("Nicht
 * zugeordnet"), or nothing (ignored, with the reason; duplicate). The
 * job is durable when app_inbound_take returns HD_OK: only then may an
 * MTA or the IMAP poller let go of the mail.
 */
#include "db/db.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The largest message taken (the API's limit, api.md). */
#define APP_INBOUND_MAX (30 * 1024 * 1024)
/* The largest attachment taken from a mail (as for uploads); larger ones
 * are dropped with a history note and a reply naming them. */
#define APP_INBOUND_MAX_PART (20 * 1024 * 1024)
/* Mails per sender and hour before more are ignored (flood, loop); the
 * default of HAUSDESK_INBOUND_CAP. */
#define APP_INBOUND_CAP 30

enum app_inbound_result {
	APP_INBOUND_CREATED = 0,
	APP_INBOUND_COMMENTED,
	APP_INBOUND_IGNORED,
	APP_INBOUND_DUPLICATE,
	APP_INBOUND_UNASSIGNED,
};

/* Where a mail came from. */
struct app_inbound_in {
	const char *raw; /* the RFC 5322 message */
	size_t len;
	/* The organisation (an admin's API token), or 0: the one of the
	 * recipient's mailbox, or the only one of the installation. */
	int64_t org_id;
	/* The envelope recipient (mail-in --recipient), or NULL: the
	 * mail's Delivered-To, X-Original-To, To and Cc. */
	const char *recipient;
	int cap; /* mails per sender and hour; <= 0: APP_INBOUND_CAP */
};

struct app_inbound_out {
	enum app_inbound_result result;
	const char *reason;    /* ignored: why (static English text) */
	int64_t process_id;    /* created, commented; duplicate: the first's */
	int64_t comment_id;    /* commented */
	int64_t unassigned_id; /* unassigned */
	int dropped;	       /* attachments too large, dropped */
};

/* "created", "commented", ... */
const char *app_inbound_result_name(enum app_inbound_result r);

/*
 * Takes the mail in. HD_EINVAL: it cannot be parsed at all (nothing
 * written; an MTA should bounce it, 4xx / exit 65). HD_EIO, HD_EBUSY,
 * HD_EUNAVAIL, HD_EFULL: the database failed, nothing written (retry
 * later: 503 / exit 75). HD_OK: *out says what it became, durable.
 */
enum hd_status app_inbound_take(
    const struct app_inbound_in *in, struct app_inbound_out *out);
/* The same inside the caller's transaction on c. */
enum hd_status app_inbound_take_in(struct db_conn *c,
    const struct app_inbound_in *in, struct app_inbound_out *out);

/*
 * An admin (user admin_id of org_id) completes a mail waiting in "Nicht
 * zugeordnet" (id) with property and type: the Vorgang is filed for the
 * sender (a contact of that address, made when there is none), routed,
 * its attachments taken, the receipt sent. *process_id the Vorgang.
 * HD_ENOTFOUND (no such mail of org), HD_ECONFLICT (completed already),
 * HD_EINVAL (*field: "property_id", "type_id").
 */
enum hd_status app_inbound_complete(int64_t org_id, int64_t admin_id,
    int64_t id, int64_t property_id, int64_t type_id, int64_t *process_id,
    const char **field);

/*
 * The IMAP poller (app/imap.c): fetches unseen mail from url, takes each
 * (app_inbound_take) and marks it \Seen only once its take is durable.
 * One process of the installation at a time (a lease in the database).
 */
enum hd_status app_imap_start(const char *url, int poll_ms);
void app_imap_stop(void);
/* One round, for tests and `serve`: *taken the mails taken. */
enum hd_status app_imap_poll_once(const char *url, int *taken);

/* The intake addresses of an organisation: store_mailbox_insert,
 * store_mailbox_update, store_mailbox_delete in one write job each. */
enum hd_status app_mailbox_add(
    int64_t org_id, const char *address, int64_t type_id, int64_t *id);
enum hd_status app_mailbox_change(int64_t org_id, int64_t id,
    const char *address, bool set_type, int64_t type_id);
enum hd_status app_mailbox_remove(int64_t org_id, int64_t id);

#endif
