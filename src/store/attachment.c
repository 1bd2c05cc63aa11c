/* SPDX-License-Identifier: MIT */
/* The rows of attachments (attachment.h). */
#include "store/attachment.h"

#include "store/process.h"
#include "util/clock.h"
#include "util/str.h"

#include <stdio.h>
#include <string.h>

/* The quota of an organisation whose row names none (0: none). */
static int64_t quota_default = STORE_ATT_QUOTA;

void
store_attachment_set_quota(int64_t bytes)
{
	quota_default = bytes;
}

enum hd_status
store_attachment_usage_add(struct db_conn *c, int64_t org_id, int64_t size)
{
	enum hd_status st;
	int64_t n = 0;

	st = db_exec(c,
	    "INSERT INTO attachment_usage(org_id, bytes) VALUES (?, 0) "
	    "ON CONFLICT (org_id) DO NOTHING",
	    "i", org_id);
	/* No row back: the quota would be passed. */
	if (st == HD_OK)
		st = db_scalar(c, &n,
		    "UPDATE attachment_usage SET bytes = bytes + ?1 WHERE "
		    "org_id = ?2 AND (coalesce(quota, ?3) = 0 OR "
		    "bytes + ?1 <= coalesce(quota, ?3)) RETURNING bytes",
		    "iii", size, org_id, quota_default);
	return st == HD_ENOTFOUND ? HD_EQUOTA : st;
}

enum hd_status
store_attachment_room(
    struct db_conn *c, int64_t org_id, int64_t *bytes, int64_t *quota)
{
	struct db_stmt *st;
	enum hd_status s;

	*bytes = 0;
	*quota = quota_default;
	st = db_prepare(c, "SELECT bytes, coalesce(quota, ?) FROM "
			   "attachment_usage WHERE org_id = ?");
	db_bind(st, "ii", quota_default, org_id);
	if ((s = db_row(st)) == HD_OK) {
		*bytes = db_col_i64(st, 0);
		*quota = db_col_i64(st, 1);
	}
	db_end(st);
	return s == HD_ENOTFOUND ? HD_OK : s;
}

enum hd_status
store_attachment_insert(
    struct db_conn *c, const struct store_attachment_new *a, int64_t *id)
{
	return db_insert(c, id,
	    "INSERT INTO attachments(org_id, process_id, sha256, size, "
	    "content_type, filename, uploaded_by, source, created_at) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
	    "iixittIti", a->org_id, a->process_id, (const void *)a->sha256,
	    (size_t)32, a->size, a->content_type, a->filename, a->uploaded_by,
	    a->source, hd_now_ms());
}

enum hd_status
store_attachment_count(struct db_conn *c, int64_t process_id, int64_t *n)
{
	return db_scalar(c, n,
	    "SELECT count(*) FROM attachments WHERE process_id = ?", "i",
	    process_id);
}

enum hd_status
store_attachment_get(struct db_conn *c, const struct viewer *v, int64_t id,
    struct store_attachment *out)
{
	struct db_stmt *st;
	enum hd_status s;
	const void *sha;
	size_t n = 0;

	memset(out, 0, sizeof(*out));
	st = db_prepare(c, "SELECT id, org_id, process_id, size, sha256, "
			   "content_type, filename FROM attachments "
			   "WHERE id = ? AND org_id = ?");
	db_bind(st, "ii", id, v->org_id);
	if ((s = db_row(st)) == HD_OK) {
		out->id = db_col_i64(st, 0);
		out->org_id = db_col_i64(st, 1);
		out->process_id = db_col_i64(st, 2);
		out->size = db_col_i64(st, 3);
		sha = db_col_blob(st, 4, &n);
		if (n != sizeof(out->sha256))
			s = HD_EIO;
		else
			memcpy(out->sha256, sha, n);
		hd_strlcpy(out->content_type, db_col_text(st, 5),
		    sizeof(out->content_type));
		hd_strlcpy(
		    out->filename, db_col_text(st, 6), sizeof(out->filename));
	}
	db_end(st);
	if (s != HD_OK)
		return s;
	return store_process_visible(c, v, out->process_id);
}

#define ATT_COLS                                                               \
	"SELECT a.id, a.process_id, a.filename, a.content_type, a.size, "      \
	"a.created_at, a.source, u.kind, u.id, u.name FROM attachments a "     \
	"LEFT JOIN users u ON u.id = a.uploaded_by "

static void
att_row(struct hd_jw *w, struct db_stmt *st)
{
	char url[64];
	int64_t id = db_col_i64(st, 0);

	hd_jw_obj(w, NULL);
	hd_jw_int(w, "id", id);
	hd_jw_int(w, "process_id", db_col_i64(st, 1));
	hd_jw_str(w, "filename", db_col_text(st, 2));
	hd_jw_str(w, "content_type", db_col_text(st, 3));
	hd_jw_int(w, "size", db_col_i64(st, 4));
	hd_jw_time(w, "created_at", db_col_i64(st, 5) / 1000);
	hd_jw_str(w, "source", db_col_text(st, 6));
	if (db_col_null(st, 8)) {
		hd_jw_null(w, "uploaded_by");
	} else {
		hd_jw_obj(w, "uploaded_by");
		hd_jw_str(w, "kind", db_col_text(st, 7));
		hd_jw_int(w, "id", db_col_i64(st, 8));
		hd_jw_str(w, "name", db_col_text(st, 9));
		hd_jw_obj_end(w);
	}
	snprintf(url, sizeof(url), "/api/v1/attachments/%lld", (long long)id);
	hd_jw_str(w, "url", url);
	hd_jw_obj_end(w);
}

struct db_stmt *
store_attachment_list_prepare(struct db_conn *c, int64_t process_id)
{
	struct db_stmt *st;

	st = db_prepare(c, ATT_COLS "WHERE a.process_id = ? ORDER BY a.id");
	db_bind(st, "i", process_id);
	return st;
}

enum hd_status
store_attachment_list_write(
    struct db_conn *c, int64_t process_id, const char *key, struct hd_jw *w)
{
	return store_attachment_list_write_st(
	    store_attachment_list_prepare(c, process_id), key, w);
}

enum hd_status
store_attachment_list_write_st(
    struct db_stmt *st, const char *key, struct hd_jw *w)
{
	enum hd_status s;

	hd_jw_arr(w, key);
	while (db_step(st))
		att_row(w, st);
	s = db_end(st);
	hd_jw_arr_end(w);
	return s != HD_OK ? s : w->st;
}

enum hd_status
store_attachment_write(struct db_conn *c, int64_t id, struct hd_jw *w)
{
	struct db_stmt *st;
	enum hd_status s;

	st = db_prepare(c, ATT_COLS "WHERE a.id = ?");
	db_bind(st, "i", id);
	if ((s = db_row(st)) == HD_OK)
		att_row(w, st);
	db_end(st);
	return s != HD_OK ? s : w->st;
}

enum hd_status
store_attachment_mails_update(struct db_conn *c, int64_t process_id,
    const char *from, const char *to, const char *from_en, const char *to_en,
    int64_t now_ms)
{
	return db_exec(c,
	    "UPDATE outbox SET body = replace(replace(body, ?1, ?2), ?5, ?6), "
	    "wait_attachments = wait_attachments - 1, next_attempt_at = "
	    "CASE WHEN wait_attachments <= 1 THEN ?3 ELSE next_attempt_at "
	    "END WHERE process_id = ?4 AND state = 'queued' AND attempts = 0 "
	    "AND wait_attachments > 0",
	    "ttiitt", from, to, now_ms, process_id, from_en, to_en);
}

enum hd_status
store_attachment_mails_hold(
    struct db_conn *c, int64_t process_id, int64_t n, int64_t until_ms)
{
	return db_exec(c,
	    "UPDATE outbox SET wait_attachments = ?, next_attempt_at = ? "
	    "WHERE process_id = ? AND state = 'queued' AND attempts = 0 "
	    "AND kind IN ('assigned', 'unrouted')",
	    "iii", n, until_ms, process_id);
}
