/* SPDX-License-Identifier: MIT */
#ifndef HD_APP_ATTACHMENT_H
#define HD_APP_ATTACHMENT_H

/*
 * The use cases of attachments (issue 14, item 1; docs/attachments.md):
 * attaching a file to a Vorgang from the portal, the back office or an
 * inbound mail. The type is decided from the bytes (util/filetype.h),
 * never from the name or a header; the bytes are durable before the row
 * that names them is written (store/blob.h).
 */
#include "core/visibility.h"
#include "db/db.h"
#include "util/buf.h"
#include "util/status.h"

#include <stddef.h>
#include <stdint.h>

/* Where a file came from (attachments.source). */
enum app_att_source {
	APP_ATT_PORTAL = 0,	/* a contact, in the portal */
	APP_ATT_BACKOFFICE = 1, /* an employee, in the back office */
	APP_ATT_MAIL = 2,	/* a part of an inbound mail */
};

/* The largest file (--attachment-max's default): 20 MiB. */
#define APP_ATT_MAX (20 * 1024 * 1024)
/* The longest file name kept (bytes of UTF-8, after cleaning). */
#define APP_ATT_NAME_MAX 200

/*
 * Attaches the bytes data[0..size) as file `filename` to Vorgang
 * process_id, inside the write job the caller holds on c (the inbound
 * mail's own job: db_writer_acquire ... db_writer_release). The bytes are
 * stored (and durable) before this returns HD_OK; nothing is mailed.
 *
 *   v       who attaches: its org_id is the Vorgang's organisation. With
 *           v->user_id 0 (a mail from a sender who is no user) nobody is
 *           recorded as uploader and visibility is not checked: the
 *           caller has decided that the mail belongs to this Vorgang.
 *           Otherwise v must see the Vorgang (HD_ENOTFOUND if not).
 *   filename the name as sent (any bytes); cleaned here (control
 *           characters, '/', '\\', '"' removed; at most APP_ATT_NAME_MAX
 *           bytes; "Anhang" when nothing is left). Only for display.
 *   source  APP_ATT_MAIL for inbound mail.
 *   *attachment_id  the new attachment's id (HD_OK only).
 *
 * Returns HD_OK; HD_ETOOBIG over APP_ATT_MAX; HD_ETYPE when the bytes are
 * no allowed type; HD_EQUOTA when the organisation's quota is used up;
 * HD_ENOTFOUND (no such Vorgang visible to v); HD_EFULL / HD_EIO when the
 * bytes could not be stored. On any error the caller's job is left as
 * it was (nothing of the attachment is written), so an inbound mail can
 * drop the part with a note in the history and go on.
 */
enum hd_status app_attachment_add_in(struct db_conn *c, const struct viewer *v,
    int64_t process_id, const char *filename, const void *data, size_t size,
    enum app_att_source source, int64_t *attachment_id);

struct blob_spool;

/*
 * Attaches the finished spool file s (an upload the HTTP layer received,
 * at most APP_ATT_MAX bytes) to Vorgang process_id for v in a write job
 * of its own: the type from the bytes, the bytes durable (fsync'ed file
 * and directory, or the chunks in the transaction) before the row, the
 * quota counted in the job. With answer, writes the new attachment as
 * the API shows it. The errors of app_attachment_add_in.
 */
enum hd_status app_attachment_upload(const struct viewer *v, int64_t process_id,
    struct blob_spool *s, const char *filename, enum app_att_source source,
    struct hd_buf *answer, int64_t *id);

/*
 * The limits from the settings (serve and mail-in set them at start;
 * until then the defaults): the largest file (at most APP_ATT_MAX: the
 * schema's bound), the quota per organisation (0: none), the free space
 * kept for the database.
 */
void app_attachment_limits(int64_t max, int64_t quota, int64_t reserve);
/* The largest file taken now: APP_ATT_MAX unless set lower. */
int64_t app_attachment_max(void);

/*
 * Deletes attachment id for employee v (who must see its Vorgang:
 * HD_ENOTFOUND otherwise, as for an unknown id), with a history entry
 * naming the file and who deleted it (actor). Its bytes stay until the
 * collector (app_attachment_collect) finds them unreferenced long
 * enough. *process_id is the attachment's Vorgang.
 */
enum hd_status app_attachment_delete(
    const struct viewer *v, const char *actor, int64_t id, int64_t *process_id);

/*
 * One round of the collector: contents unreferenced at or before
 * cutoff_ms that no attachment names are claimed, their files removed
 * (SQLite) and their rows deleted (PostgreSQL: with their chunks), in
 * batches of APP_ATT_GC_BATCH. *removed counts them.
 */
#define APP_ATT_GC_BATCH 256
enum hd_status app_attachment_collect(int64_t cutoff_ms, int64_t *removed);
/* The collector's thread in serve: a round every every_ms for contents
 * unreferenced for after_ms. */
enum hd_status app_attachment_gc_start(int64_t every_ms, int64_t after_ms);
void app_attachment_gc_stop(void);

/* Cleans a file name as sent into out[APP_ATT_NAME_MAX + 1]. */
void app_attachment_clean_name(const char *in, char *out);

#endif
