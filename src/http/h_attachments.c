/* SPDX-License-Identifier: MIT */
/*
 * Attachments (issue 14, docs/attachments.md): the upload, whose body
 * server.c has received into a spool file (hd_req.upload), the list of a
 * Vorgang's files, and the download with the headers that keep a file
 * from running as a page of this origin.
 */
#include "app/attachment.h"
#include "http/crud.h"
#include "http/handlers.h"
#include "store/attachment.h"
#include "store/blob.h"
#include "store/process.h"
#include "util/filetype.h"
#include "util/jsonw.h"
#include "util/log.h"

#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A file is never shown as a page: no script, nothing loaded. */
#define FILE_CSP "default-src 'none'; style-src 'unsafe-inline'; sandbox"

void
h_attachment_create(struct hd_req *r, struct hd_resp *w)
{
	struct viewer v = hd_viewer(r);
	const char *name = hd_query(r, "filename");
	enum hd_status st;
	struct hd_buf b;
	int64_t id = 0;

	if (r->upload == NULL) {
		hd_resp_err(w, HD_EIO, NULL, "the upload was not received");
		return;
	}
	/* Not visible: 404 before any byte is kept. */
	if (!hd_process_shown(r, w, &v, 201))
		return;
	if (r->upload_too_big) {
		hd_resp_err(w, HD_ETOOBIG, NULL,
		    "a file may have at most %d MiB", APP_ATT_MAX >> 20);
		return;
	}
	if (r->upload_st != HD_OK) {
		hd_resp_err(
		    w, r->upload_st, NULL, "the file could not be kept");
		return;
	}
	blob_spool_finish(r->upload);
	hd_buf_init(&b, HD_MAX_RESPONSE);
	st = app_attachment_upload(&v, r->id[0], r->upload, name ? name : "",
	    v.kind == VIEW_CONTACT ? APP_ATT_PORTAL : APP_ATT_BACKOFFICE, &b,
	    &id);
	if (st == HD_OK) {
		hd_resp_buf(w, 201, &b, HD_OK);
		return;
	}
	hd_buf_cleanup(&b);
	hd_resp_err(w, st, NULL, "%s",
	    st == HD_ENOTFOUND ? "no such Vorgang"
	    : st == HD_ETYPE   ? "files of this type cannot be attached "
				 "(allowed: JPEG, PNG, HEIC/HEIF, WebP, GIF, "
				 "PDF, plain text, office documents)"
	    : st == HD_ETOOBIG ? "the file is too large"
	    : st == HD_EQUOTA  ? "the organisation's storage for attachments "
				 "is used up"
			       : "could not store the file");
}

void
h_attachment_list(struct hd_req *r, struct hd_resp *w)
{
	struct viewer v = hd_viewer(r);
	enum hd_status st;
	struct hd_buf b;
	struct hd_jw jw;

	if (!hd_process_shown(r, w, &v, 200))
		return;
	hd_buf_init(&b, HD_MAX_RESPONSE);
	hd_jw_init(&jw, &b);
	hd_jw_obj(&jw, NULL);
	st = store_attachment_list_write(r->rd, r->id[0], "items", &jw);
	hd_jw_null(&jw, "next");
	hd_jw_obj_end(&jw);
	hd_resp_buf(w, 200, &b, st != HD_OK ? st : jw.st);
}

/* Appends c percent-encoded (RFC 5987 attr-char kept). */
static size_t
pct(char *out, size_t at, size_t cap, unsigned char c)
{
	static const char hex[] = "0123456789ABCDEF";
	bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		     (c >= '0' && c <= '9') || strchr("!#$&+-.^_`|~", c);

	if (c == '\0')
		plain = false;
	if (plain && at + 1 < cap) {
		out[at++] = (char)c;
	} else if (!plain && at + 3 < cap) {
		out[at++] = '%';
		out[at++] = hex[c >> 4];
		out[at++] = hex[c & 15];
	}
	return at;
}

/* Content-Disposition (RFC 6266): inline only for images; the stored
 * name (already cleaned of quotes, slashes and control characters) as
 * an ASCII fallback and in UTF-8. */
static void
disposition(const struct store_attachment *a, char *out, size_t cap)
{
	char ascii[APP_ATT_NAME_MAX + 1], enc[3 * APP_ATT_NAME_MAX + 1];
	size_t i, n = 0, e = 0;

	for (i = 0; a->filename[i] != '\0' && n < APP_ATT_NAME_MAX; i++) {
		unsigned char c = (unsigned char)a->filename[i];

		ascii[n++] = c < 0x20 || c >= 0x7f || c == '"' || c == '\\'
				 ? '_'
				 : (char)c;
		e = pct(enc, e, sizeof(enc), c);
	}
	ascii[n] = '\0';
	enc[e] = '\0';
	snprintf(out, cap, "%s; filename=\"%s\"; filename*=UTF-8''%s",
	    hd_filetype_inline(a->content_type) ? "inline" : "attachment",
	    ascii, enc);
}

void
h_attachment_get(struct hd_req *r, struct hd_resp *w)
{
	struct viewer v = hd_viewer(r);
	struct store_attachment a;
	struct hd_file_resp *f;
	const char *inm;
	char hex[65];
	enum hd_status st;

	/* One short read; no snapshot is held while the bytes go out. */
	if ((st = store_attachment_get(r->rd, &v, r->id[0], &a)) != HD_OK) {
		hd_resp_read(w, 200, st, NULL, "attachment");
		return;
	}
	if ((f = calloc(1, sizeof(*f))) == NULL) {
		hd_resp_err(w, HD_ENOMEM, NULL, "out of memory");
		return;
	}
	f->fd = -1;
	f->size = a.size;
	f->org_id = a.org_id;
	memcpy(f->sha256, a.sha256, sizeof(f->sha256));
	snprintf(
	    f->content_type, sizeof(f->content_type), "%s", a.content_type);
	disposition(&a, f->disposition, sizeof(f->disposition));
	blob_hex(a.sha256, hex);
	snprintf(f->etag, sizeof(f->etag), "\"%s\"", hex);
	inm = r->mhd ? MHD_lookup_connection_value(r->mhd, MHD_HEADER_KIND,
			   MHD_HTTP_HEADER_IF_NONE_MATCH)
		     : NULL;
	if (inm != NULL && strcmp(inm, f->etag) == 0) {
		f->not_modified = true;
	} else if (blob_is_files() && blob_open_file(a.org_id, a.sha256, a.size,
					  &f->fd) != HD_OK) {
		hd_log(HD_LOG_ERROR,
		    "attachment %lld: its file is missing "
		    "or damaged",
		    (long long)a.id);
		free(f);
		hd_resp_err(w, HD_EIO, NULL, "the file could not be read");
		return;
	}
	w->file = f;
	w->status = f->not_modified ? 304 : 200;
}

void
hd_file_resp_free(struct hd_file_resp *f)
{
	if (f == NULL)
		return;
	if (f->fd >= 0)
		close(f->fd);
	free(f);
}

/* PostgreSQL: the chunks, read one at a time as the client takes them. */
struct chunk_reader {
	int64_t org_id, size, seq;
	unsigned char sha256[32];
	size_t len;
	char *buf;
};

static ssize_t
chunk_read(void *cls, uint64_t pos, char *out, size_t max)
{
	struct chunk_reader *cr = cls;
	int64_t seq = (int64_t)(pos / BLOB_CHUNK);
	size_t off = (size_t)(pos % BLOB_CHUNK), n;
	struct db_conn *c;
	enum hd_status st;

	if ((int64_t)pos >= cr->size)
		return MHD_CONTENT_READER_END_OF_STREAM;
	if (seq != cr->seq) {
		/* A pool connection for this statement only: chunks never
		 * change, so no transaction spans the download. */
		if ((c = db_reader_get(DB_POOL_READ)) == NULL)
			return MHD_CONTENT_READER_END_WITH_ERROR;
		st = blob_read_chunk(
		    c, cr->org_id, cr->sha256, seq, cr->buf, &cr->len);
		db_reader_put(c);
		if (st != HD_OK)
			return MHD_CONTENT_READER_END_WITH_ERROR;
		cr->seq = seq;
	}
	if (off >= cr->len)
		return MHD_CONTENT_READER_END_WITH_ERROR;
	n = cr->len - off < max ? cr->len - off : max;
	memcpy(out, cr->buf + off, n);
	return (ssize_t)n;
}

static void
chunk_free(void *cls)
{
	struct chunk_reader *cr = cls;

	free(cr->buf);
	free(cr);
}

static struct MHD_Response *
chunk_response(struct hd_file_resp *f)
{
	struct chunk_reader *cr = calloc(1, sizeof(*cr));
	struct MHD_Response *resp;

	if (cr == NULL || (cr->buf = malloc(BLOB_CHUNK)) == NULL) {
		free(cr);
		return NULL;
	}
	cr->org_id = f->org_id;
	cr->size = f->size;
	cr->seq = -1;
	memcpy(cr->sha256, f->sha256, sizeof(cr->sha256));
	resp = MHD_create_response_from_callback(
	    (uint64_t)f->size, 64 * 1024, chunk_read, cr, chunk_free);
	if (resp == NULL)
		chunk_free(cr);
	return resp;
}

struct MHD_Response *
hd_file_response(struct hd_file_resp *f)
{
	struct MHD_Response *resp;

	if (f->not_modified)
		resp = MHD_create_response_from_buffer(
		    0, (void *)"", MHD_RESPMEM_PERSISTENT);
	else if (f->fd >= 0) {
		/* libmicrohttpd sends it with sendfile(2) and closes it. */
		resp = MHD_create_response_from_fd64((uint64_t)f->size, f->fd);
		if (resp != NULL)
			f->fd = -1;
	} else
		resp = chunk_response(f);
	if (resp == NULL) {
		hd_file_resp_free(f);
		return NULL;
	}
	if (!f->not_modified) {
		MHD_add_response_header(
		    resp, MHD_HTTP_HEADER_CONTENT_TYPE, f->content_type);
		MHD_add_response_header(
		    resp, MHD_HTTP_HEADER_CONTENT_DISPOSITION, f->disposition);
	}
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Content-Security-Policy", FILE_CSP);
	MHD_add_response_header(
	    resp, "Cross-Origin-Resource-Policy", "same-origin");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	/* Kept, but asked again each time: a revoked right counts at once. */
	MHD_add_response_header(
	    resp, MHD_HTTP_HEADER_CACHE_CONTROL, "private, no-cache");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG, f->etag);
	hd_file_resp_free(f);
	return resp;
}
