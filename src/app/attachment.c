/* SPDX-License-Identifier: MIT */
/* The use cases of attachments (attachment.h). */
#include "app/attachment.h"

#include "core/event.h"
#include "mail/templates.h"
#include "store/attachment.h"
#include "store/attachment_gc.h"
#include "store/blob.h"
#include "store/process.h"
#include "util/clock.h"
#include "util/filetype.h"
#include "util/jsonw.h"
#include "util/str.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* An upload that meets its content being collected waits this long
 * between tries, at most this many times (then 503). */
#define APP_ATT_GONE_WAIT_MS 100
#define APP_ATT_GONE_TRIES 100

/* The largest file taken (app_attachment_limits). */
static int64_t att_max = APP_ATT_MAX;

void
app_attachment_limits(int64_t max, int64_t quota, int64_t reserve)
{
	att_max = max > 0 && max < APP_ATT_MAX ? max : APP_ATT_MAX;
	store_attachment_set_quota(quota);
	blob_set_reserve(reserve);
}

int64_t
app_attachment_max(void)
{
	return att_max;
}

static const char *const source_names[] = {
    [APP_ATT_PORTAL] = "portal",
    [APP_ATT_BACKOFFICE] = "backoffice",
    [APP_ATT_MAIL] = "mail",
};

void
app_attachment_clean_name(const char *in, char *out)
{
	size_t i, n = 0, len;
	unsigned char ch;

	for (i = 0; in != NULL && in[i] != '\0' && n < APP_ATT_NAME_MAX;) {
		ch = (unsigned char)in[i];
		len = ch < 0x80 ? 1 : ch >= 0xf0 ? 4 : ch >= 0xe0 ? 3 : 2;
		if (ch >= 0x80 && (!hd_utf8_valid(in + i, len) ||
				      n + len > APP_ATT_NAME_MAX)) {
			/* Not UTF-8, or it would be cut: dropped. */
			i += ch >= 0x80 && hd_utf8_valid(in + i, len) ? len : 1;
			continue;
		}
		if (ch < 0x20 || ch == 0x7f || ch == '/' || ch == '\\' ||
		    ch == '"') {
			i++;
			continue;
		}
		memcpy(out + n, in + i, len);
		n += len;
		i += len;
	}
	out[n] = '\0';
	/* No name of dots only ("..", "."): it would mean a directory to
	 * whoever saves it. */
	if (n == 0 || strspn(out, ". ") == n)
		hd_strlcpy(out, "Anhang", APP_ATT_NAME_MAX + 1);
}

/* The type of spool s's bytes: HD_ETYPE when not allowed. */
static enum hd_status
type_of(struct blob_spool *s, char *type)
{
	enum hd_status st;
	size_t got = 0;
	char *head;

	if ((head = malloc(HD_FILETYPE_PEEK)) == NULL)
		return HD_ENOMEM;
	st = blob_spool_read(s, 0, head, HD_FILETYPE_PEEK, &got);
	if (st == HD_OK)
		st = hd_filetype_of(head, got, type);
	free(head);
	if (st == HD_OK && !hd_filetype_allowed(type))
		st = HD_ETYPE;
	return st;
}

/* Inside the job on c: the row of finished, durable spool s. */
static enum hd_status
attach_in(struct db_conn *c, const struct viewer *v, int64_t process_id,
    struct blob_spool *s, const char *type, const char *filename,
    enum app_att_source source, int64_t *id)
{
	char name[APP_ATT_NAME_MAX + 1];
	char before[MAIL_ATT_LINE_MAX], after[MAIL_ATT_LINE_MAX];
	char before_en[MAIL_ATT_LINE_MAX], after_en[MAIL_ATT_LINE_MAX];
	struct store_attachment_new a;
	enum hd_status st;
	int64_t n = 0;

	if (v->user_id != 0)
		st = store_process_visible(c, v, process_id);
	else
		st = store_process_in_org(c, v->org_id, process_id);
	if (st != HD_OK)
		return st;
	app_attachment_clean_name(filename, name);
	memset(&a, 0, sizeof(a));
	a.org_id = v->org_id;
	a.process_id = process_id;
	a.size = s->size;
	a.sha256 = s->sha256;
	a.content_type = type;
	a.filename = name;
	a.uploaded_by = v->user_id;
	a.source = source_names[source];
	if ((st = db_begin(c)) != HD_OK)
		return st;
	st = store_attachment_usage_add(c, v->org_id, s->size);
	if (st == HD_OK)
		st = blob_put_in(c, s, v->org_id, hd_now_ms());
	if (st == HD_OK)
		st = store_attachment_insert(c, &a, id);
	if (st == HD_OK)
		st = store_attachment_count(c, process_id, &n);
	if (st == HD_OK) {
		mail_tpl_attachments_line(n - 1, before);
		mail_tpl_attachments_line(n, after);
		mail_tpl_attachments_line_en(n - 1, before_en);
		mail_tpl_attachments_line_en(n, after_en);
		st = store_attachment_mails_update(c, process_id, before, after,
		    before_en, after_en, hd_now_ms());
	}
	if (st == HD_OK)
		return db_commit(c);
	db_rollback(c);
	return st;
}

enum hd_status
app_attachment_add_in(struct db_conn *c, const struct viewer *v,
    int64_t process_id, const char *filename, const void *data, size_t size,
    enum app_att_source source, int64_t *attachment_id)
{
	char type[HD_FILETYPE_MAX];
	struct blob_spool s;
	enum hd_status st;

	*attachment_id = 0;
	if ((int64_t)size > att_max)
		return HD_ETOOBIG;
	if ((st = hd_filetype_of(data, size, type)) != HD_OK)
		return st;
	if (!hd_filetype_allowed(type))
		return HD_ETYPE;
	if ((st = blob_room((int64_t)size)) != HD_OK ||
	    (st = blob_spool_open(&s)) != HD_OK)
		return st;
	st = blob_spool_write(&s, data, size);
	if (st == HD_OK) {
		blob_spool_finish(&s);
		st = blob_put(&s, v->org_id);
	}
	if (st == HD_OK)
		st = attach_in(c, v, process_id, &s, type, filename, source,
		    attachment_id);
	blob_spool_close(&s);
	return st;
}

enum hd_status
app_attachment_upload(const struct viewer *v, int64_t process_id,
    struct blob_spool *s, const char *filename, enum app_att_source source,
    struct hd_buf *answer, int64_t *id)
{
	char type[HD_FILETYPE_MAX];
	struct db_conn *c;
	enum hd_status st;
	struct hd_jw jw;
	size_t at = answer != NULL ? answer->len : 0;
	const struct timespec pause = {0, APP_ATT_GONE_WAIT_MS * 1000000L};
	int tries;

	*id = 0;
	if (s->size > att_max)
		return HD_ETOOBIG;
	if ((st = type_of(s, type)) != HD_OK)
		return st;
	/* The bytes durable outside the writer: it waits for nobody's
	 * fsync of 20 MiB. */
	if ((st = blob_put(s, v->org_id)) != HD_OK)
		return st;
	if ((c = db_writer_acquire()) == NULL)
		return HD_EIO;
	st = attach_in(c, v, process_id, s, type, filename, source, id);
	/* The collector is removing the same content right now: once it
	 * has forgotten it, the spool is linked again (blob_put_in). */
	for (tries = 0; st == HD_EBUSY && tries < APP_ATT_GONE_TRIES; tries++) {
		st = db_writer_release(c, st);
		nanosleep(&pause, NULL);
		if ((c = db_writer_acquire()) == NULL)
			return HD_EIO;
		st = attach_in(c, v, process_id, s, type, filename, source, id);
	}
	if (st == HD_OK && answer != NULL) {
		hd_jw_init(&jw, answer);
		st = store_attachment_write(c, *id, &jw);
	}
	st = db_writer_release(c, st);
	if (st != HD_OK && answer != NULL)
		hd_buf_truncate(answer, at);
	return st;
}

enum hd_status
app_attachment_delete(
    const struct viewer *v, const char *actor, int64_t id, int64_t *process_id)
{
	struct store_attachment a;
	struct db_conn *c;
	enum hd_status st;
	struct event ev;

	*process_id = 0;
	if ((c = db_writer_acquire()) == NULL)
		return HD_EIO;
	/* Visible to v, in the job: a Vorgang just handed on is not. */
	st = store_attachment_get(c, v, id, &a);
	if (st == HD_OK)
		st = store_attachment_delete(c, v->org_id, id, hd_now_ms(), &a);
	if (st == HD_OK) {
		event_init(&ev, EVENT_ATTACHMENT_DELETED);
		ev.actor = actor;
		ev.text = a.filename;
		st = store_history_add(c, a.process_id,
		    event_code_name(EVENT_ATTACHMENT_DELETED), &ev, v->user_id);
	}
	if (st == HD_OK)
		*process_id = a.process_id;
	return db_writer_release(c, st);
}
