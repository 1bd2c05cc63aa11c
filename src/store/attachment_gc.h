/* SPDX-License-Identifier: MIT */
#ifndef HD_STORE_ATTACHMENT_GC_H
#define HD_STORE_ATTACHMENT_GC_H

/*
 * Deleting an attachment, and the rows of the collector that removes
 * contents no attachment names any more (docs/attachments.md, "Garbage
 * collection"): claim ('gone', in a write job), remove the file (outside
 * it), forget (delete the row, in a write job). An upload of the same
 * bytes meanwhile either makes the row live again before the claim (no
 * claim), or meets the 'gone' row (blob_put_in: HD_EBUSY, it tries
 * again), or comes after the forget and links its spool again.
 */
#include "db/db.h"
#include "store/attachment.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One content of an organisation. */
struct store_blob_ref {
	int64_t org_id;
	unsigned char sha256[32];
};

/* What /metrics shows. */
struct store_attachment_totals {
	int64_t attachments;  /* rows */
	int64_t bytes;	      /* logical: the sum of the organisations' use */
	int64_t blobs;	      /* contents stored (live) */
	int64_t blob_bytes;   /* their bytes: what the disk holds */
	int64_t unreferenced; /* contents waiting for the collector */
};

/*
 * Inside the caller's job: deletes attachment id of org_id (visibility
 * is the caller's) into *out (what it was), takes its bytes off the
 * organisation's use and, when no other row names its content, marks
 * the content unreferenced at now_ms. HD_ENOTFOUND when there is none.
 */
enum hd_status store_attachment_delete(struct db_conn *c, int64_t org_id,
    int64_t id, int64_t now_ms, struct store_attachment *out);

/* Up to max contents unreferenced since cutoff_ms or earlier that no row
 * names, oldest first, into out[0..*n). */
enum hd_status store_blob_unreferenced(struct db_conn *c, int64_t cutoff_ms,
    size_t max, struct store_blob_ref *out, size_t *n);
/* In a write job: marks b 'gone' when it is still unreferenced since
 * cutoff_ms and unnamed; *claimed whether it did. */
enum hd_status store_blob_claim(struct db_conn *c,
    const struct store_blob_ref *b, int64_t cutoff_ms, bool *claimed);
/* In a write job, after its file was removed: deletes the 'gone' row
 * (on PostgreSQL its chunks go with it). */
enum hd_status store_blob_forget(
    struct db_conn *c, const struct store_blob_ref *b);

/* The totals over all organisations. */
enum hd_status store_attachment_totals(
    struct db_conn *c, struct store_attachment_totals *t);

#endif
