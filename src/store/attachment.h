/* SPDX-License-Identifier: MIT */
#ifndef HD_STORE_ATTACHMENT_H
#define HD_STORE_ATTACHMENT_H

/*
 * The rows of attachments (docs/attachments.md): one per file attached
 * to a Vorgang, naming its content (store/blob.h) by SHA-256; the
 * organisation's usage against its quota; the answers.
 */
#include "core/visibility.h"
#include "db/db.h"
#include "util/jsonw.h"

#include <stdbool.h>
#include <stdint.h>

/* The installation's quota per organisation when the row names none:
 * 50 GiB of logical bytes. */
#define STORE_ATT_QUOTA (50LL * 1024 * 1024 * 1024)

/* Sets the quota of an organisation whose row names none, in bytes (0:
 * none; --attachment-quota-gb), once at start. */
void store_attachment_set_quota(int64_t bytes);

/* One attachment as stored. */
struct store_attachment {
	int64_t id, org_id, process_id, size;
	unsigned char sha256[32];
	char content_type[128];
	char filename[256];
};

/* What a new row holds (borrowed). */
struct store_attachment_new {
	int64_t org_id, process_id, size;
	const unsigned char *sha256;
	const char *content_type, *filename;
	int64_t uploaded_by; /* 0: nobody (a mail from an unknown sender) */
	const char *source;  /* "portal", "backoffice", "mail" */
};

/*
 * Counts size bytes more against org_id's quota (the row made when
 * missing). HD_EQUOTA, changing nothing, when that passes it. Inside the
 * job that inserts the attachment, so that parallel uploads cannot pass
 * it together.
 */
enum hd_status store_attachment_usage_add(
    struct db_conn *c, int64_t org_id, int64_t size);

/* The organisation's usage and quota (before an upload's body). */
enum hd_status store_attachment_room(
    struct db_conn *c, int64_t org_id, int64_t *bytes, int64_t *quota);

/* Inserts the row (its blob recorded already); *id the new one. */
enum hd_status store_attachment_insert(
    struct db_conn *c, const struct store_attachment_new *a, int64_t *id);

/* How many files Vorgang process_id has. */
enum hd_status store_attachment_count(
    struct db_conn *c, int64_t process_id, int64_t *n);

/*
 * Attachment id as v may see it: HD_ENOTFOUND when there is none or v
 * cannot see its Vorgang (the same answer: another organisation's file
 * is not told apart from a missing one).
 */
enum hd_status store_attachment_get(struct db_conn *c, const struct viewer *v,
    int64_t id, struct store_attachment *out);

/* The attachments of Vorgang process_id as the array key (objects as
 * the API writes them). Visibility is the caller's. */
enum hd_status store_attachment_list_write(
    struct db_conn *c, int64_t process_id, const char *key, struct hd_jw *w);
/* The same in two halves, so that the query can be sent (db_send) with
 * others: the statement, bound; its rows written (ends st). */
struct db_stmt *store_attachment_list_prepare(
    struct db_conn *c, int64_t process_id);
enum hd_status store_attachment_list_write_st(
    struct db_stmt *st, const char *key, struct hd_jw *w);

/* Attachment id as the API writes it (after the insert, on the writer). */
enum hd_status store_attachment_write(
    struct db_conn *c, int64_t id, struct hd_jw *w);

/*
 * One more file arrived for Vorgang process_id: the assignment mails
 * still waiting for files (outbox.wait_attachments) get the line from
 * replaced by to (from_en by to_en in English mails), and the last
 * awaited file makes them due at now_ms.
 */
enum hd_status store_attachment_mails_update(struct db_conn *c,
    int64_t process_id, const char *from, const char *to, const char *from_en,
    const char *to_en, int64_t now_ms);

/* Holds the queued assignment mails of Vorgang process_id until n files
 * arrived (store_attachment_mails_update) or until_ms. */
enum hd_status store_attachment_mails_hold(
    struct db_conn *c, int64_t process_id, int64_t n, int64_t until_ms);

#endif
