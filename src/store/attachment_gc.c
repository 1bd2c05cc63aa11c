/* SPDX-License-Identifier: MIT */
/* Deleting attachments, the collector's rows, and the totals for
 * /metrics (attachment_gc.h; docs/attachments.md, "Garbage
 * collection"). */
#include "store/attachment_gc.h"

#include "util/str.h"

#include <string.h>

enum hd_status
store_attachment_delete(struct db_conn *c, int64_t org_id, int64_t id,
    int64_t now_ms, struct store_attachment *out)
{
	struct db_stmt *st;
	enum hd_status s;
	const void *p;
	size_t n = 0;
	int64_t left = 0;

	memset(out, 0, sizeof(*out));
	st = db_prepare(c, "SELECT process_id, size, sha256, filename, "
			   "content_type FROM attachments WHERE id = ? AND "
			   "org_id = ?");
	db_bind(st, "ii", id, org_id);
	if ((s = db_row(st)) == HD_OK) {
		out->id = id;
		out->org_id = org_id;
		out->process_id = db_col_i64(st, 0);
		out->size = db_col_i64(st, 1);
		p = db_col_blob(st, 2, &n);
		if (n == sizeof(out->sha256))
			memcpy(out->sha256, p, n);
		else
			s = HD_EIO;
		hd_strlcpy(
		    out->filename, db_col_text(st, 3), sizeof(out->filename));
		hd_strlcpy(out->content_type, db_col_text(st, 4),
		    sizeof(out->content_type));
	}
	db_end(st);
	if (s != HD_OK)
		return s;
	s = db_exec(c, "DELETE FROM attachments WHERE id = ?", "i", id);
	if (s == HD_OK)
		s = db_exec(c,
		    "UPDATE attachment_usage SET bytes = CASE WHEN bytes > ?1 "
		    "THEN bytes - ?1 ELSE 0 END WHERE org_id = ?2",
		    "ii", out->size, org_id);
	if (s == HD_OK)
		s = db_scalar(c, &left,
		    "SELECT count(*) FROM attachments WHERE org_id = ? AND "
		    "sha256 = ?",
		    "ix", org_id, (const void *)out->sha256, (size_t)32);
	/* The last row naming the content: the collector may take it once
	 * it stayed unreferenced long enough. */
	if (s == HD_OK && left == 0)
		s = db_exec(c,
		    "UPDATE blobs SET unreferenced_at = ? WHERE org_id = ? AND "
		    "sha256 = ? AND state = 'live'",
		    "iix", now_ms, org_id, (const void *)out->sha256,
		    (size_t)32);
	return s;
}

enum hd_status
store_blob_unreferenced(struct db_conn *c, int64_t cutoff_ms, size_t max,
    struct store_blob_ref *out, size_t *n)
{
	struct db_stmt *st;
	enum hd_status s;
	const void *p;
	size_t len = 0;

	*n = 0;
	st = db_prepare(c,
	    "SELECT b.org_id, b.sha256 FROM blobs b WHERE b.unreferenced_at "
	    "IS NOT NULL AND b.unreferenced_at <= ? AND NOT EXISTS (SELECT 1 "
	    "FROM attachments a WHERE a.org_id = b.org_id AND a.sha256 = "
	    "b.sha256) ORDER BY b.unreferenced_at LIMIT ?");
	db_bind(st, "ii", cutoff_ms, (int64_t)max);
	while ((s = db_row(st)) == HD_OK && *n < max) {
		out[*n].org_id = db_col_i64(st, 0);
		p = db_col_blob(st, 1, &len);
		if (len != sizeof(out[*n].sha256))
			continue;
		memcpy(out[*n].sha256, p, len);
		(*n)++;
	}
	db_end(st);
	return s == HD_ENOTFOUND || s == HD_OK ? HD_OK : s;
}

enum hd_status
store_blob_claim(struct db_conn *c, const struct store_blob_ref *b,
    int64_t cutoff_ms, bool *claimed)
{
	enum hd_status s;
	int64_t size = 0;

	/* Still unreferenced, and no row names it (an upload of the same
	 * bytes since the list was read made it live again, or inserted a
	 * row): then it is not claimed. */
	s = db_scalar(c, &size,
	    "UPDATE blobs SET state = 'gone' WHERE org_id = ?1 AND sha256 = "
	    "?2 AND state = 'live' AND unreferenced_at IS NOT NULL AND "
	    "unreferenced_at <= ?3 AND NOT EXISTS (SELECT 1 FROM attachments "
	    "a WHERE a.org_id = ?1 AND a.sha256 = ?2) RETURNING size",
	    "ixi", b->org_id, (const void *)b->sha256, (size_t)32, cutoff_ms);
	*claimed = s == HD_OK;
	return s == HD_ENOTFOUND ? HD_OK : s;
}

enum hd_status
store_blob_forget(struct db_conn *c, const struct store_blob_ref *b)
{
	return db_exec(c,
	    "DELETE FROM blobs WHERE org_id = ? AND sha256 = ? AND state = "
	    "'gone'",
	    "ix", b->org_id, (const void *)b->sha256, (size_t)32);
}

enum hd_status
store_attachment_totals(struct db_conn *c, struct store_attachment_totals *t)
{
	struct db_stmt *st;
	enum hd_status s;

	memset(t, 0, sizeof(*t));
	st = db_prepare(c,
	    "SELECT (SELECT count(*) FROM attachments), (SELECT "
	    "coalesce(sum(bytes), 0) FROM attachment_usage), (SELECT "
	    "count(*) FROM blobs WHERE state = 'live'), (SELECT "
	    "coalesce(sum(size), 0) FROM blobs WHERE state = 'live'), (SELECT "
	    "count(*) FROM blobs WHERE unreferenced_at IS NOT NULL)");
	if ((s = db_row(st)) == HD_OK) {
		t->attachments = db_col_i64(st, 0);
		t->bytes = db_col_i64(st, 1);
		t->blobs = db_col_i64(st, 2);
		t->blob_bytes = db_col_i64(st, 3);
		t->unreferenced = db_col_i64(st, 4);
	}
	db_end(st);
	return s;
}
