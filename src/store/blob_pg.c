/* SPDX-License-Identifier: MIT */
/* The rows of the byte store: blobs on both databases, and the chunks
 * that hold the bytes on PostgreSQL (blob.h). */
#include "store/blob.h"

#include <stdlib.h>
#include <string.h>

/* Writes the spool's bytes as chunk rows of BLOB_CHUNK. */
static enum hd_status
put_chunks(struct db_conn *c, struct blob_spool *s, int64_t org_id)
{
	enum hd_status st = HD_OK;
	size_t got = 0;
	int64_t seq, off;
	char *buf;

	if ((buf = malloc(BLOB_CHUNK)) == NULL)
		return HD_ENOMEM;
	for (seq = 0, off = 0; st == HD_OK && off < s->size; seq++) {
		st = blob_spool_read(s, off, buf, BLOB_CHUNK, &got);
		if (st == HD_OK && got == 0)
			st = HD_EIO; /* the spool is shorter than it was */
		if (st == HD_OK)
			st = db_exec(c,
			    "INSERT INTO blob_chunks(org_id, sha256, seq, "
			    "data) "
			    "VALUES (?, ?, ?, ?)",
			    "ixix", org_id, (const void *)s->sha256, (size_t)32,
			    seq, (const void *)buf, got);
		off += (int64_t)got;
	}
	free(buf);
	return st;
}

enum hd_status
blob_put_in(
    struct db_conn *c, struct blob_spool *s, int64_t org_id, int64_t now_ms)
{
	enum hd_status st;
	int64_t n = 0;

	/* Known already: referenced again (on PostgreSQL the row lock
	 * makes a parallel upload of the same content wait here). RETURNING
	 * rather than a count of changes: both databases answer it. */
	st = db_scalar(c, &n,
	    "UPDATE blobs SET unreferenced_at = NULL WHERE org_id = ? AND "
	    "sha256 = ? AND state = 'live' RETURNING size",
	    "ix", org_id, (const void *)s->sha256, (size_t)32);
	if (st != HD_ENOTFOUND)
		return st;
	st = db_exec(c,
	    "INSERT INTO blobs(org_id, sha256, size, state, created_at) "
	    "VALUES (?, ?, ?, 'live', ?)",
	    "ixii", org_id, (const void *)s->sha256, (size_t)32, s->size,
	    now_ms);
	/* A 'gone' row: the collector is removing this content right now
	 * (store/attachment_gc.c); the caller tries again in a moment. */
	if (st == HD_ECONFLICT)
		return HD_EBUSY;
	/* The collector may have removed the file blob_put found (EEXIST)
	 * before it forgot the row: link the spool again. */
	if (st == HD_OK && blob_is_files() &&
	    !blob_file_present(org_id, s->sha256))
		st = blob_put(s, org_id);
	if (st == HD_OK && !blob_is_files())
		st = put_chunks(c, s, org_id);
	return st;
}

enum hd_status
blob_read_chunk(struct db_conn *c, int64_t org_id, const unsigned char *sha256,
    int64_t seq, void *buf, size_t *got)
{
	struct db_stmt *st;
	enum hd_status s;
	const void *p;
	size_t n = 0;

	*got = 0;
	st = db_prepare(c, "SELECT data FROM blob_chunks WHERE org_id = ? AND "
			   "sha256 = ? AND seq = ?");
	db_bind(st, "ixi", org_id, (const void *)sha256, (size_t)32, seq);
	if ((s = db_row(st)) == HD_OK) {
		p = db_col_blob(st, 0, &n);
		if (n > BLOB_CHUNK)
			s = HD_EIO;
		else if (n > 0)
			memcpy(buf, p, n);
		*got = n;
	}
	db_end(st);
	return s;
}
