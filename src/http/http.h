/* SPDX-License-Identifier: MIT */
#ifndef HD_HTTP_H
#define HD_HTTP_H

#include "app/auth.h"
#include "db/db.h"
#include "util/buf.h"
#include "util/jsonx.h"
#include "util/metrics.h"
#include "util/status.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct MHD_Connection;
struct blob_spool;

/* A stored file as the answer (GET /attachments/{id}), sent instead of a
 * body (h_attachments.c): from a file descriptor with sendfile, or on
 * PostgreSQL chunk by chunk as the client reads. */
struct hd_file_resp {
	int fd; /* files: the open content; -1 otherwise */
	int64_t size;
	int64_t org_id;
	unsigned char sha256[32];
	char content_type[128];
	char disposition[1024];
	char etag[72];
	bool not_modified; /* If-None-Match matched: 304 without a body */
};

#define HD_MAX_BODY (1024 * 1024) /* JSON request bodies */

struct hd_req {
	struct MHD_Connection *mhd;
	const char *method;
	const char *path;
	int64_t id[2]; /* the {id} segments of the path, in order */
	json_t *body;  /* the JSON object sent, or an empty object */
	/* A route with raw_max (router.h): the body's bytes, and no JSON. */
	const char *raw;
	size_t raw_len;
	struct hd_auth auth;
	struct db_conn *rd; /* this thread's read connection */
	/* Run on an HTTP thread, which serves many connections: a handler
	 * that would scan may hand the request on to the search threads
	 * (hd_defer) instead of holding up the others. */
	bool may_defer;
	/* Without a connection (mhd NULL: unit tests and tests/fuzz/), the
	 * query as n_args pairs of key and value (a value may be NULL, as
	 * for "?key" without '='), already percent-decoded. */
	const char *const (*args)[2];
	size_t n_args;
	/* A route that streams its body (an upload): the finished spool
	 * file holding it, and whether it was over the limit (its bytes
	 * then dropped); NULL for every other route. */
	struct blob_spool *upload;
	bool upload_too_big;
	enum hd_status upload_st; /* the spool's writes */
};

/* The largest answer written (a list page of 500 long Vorgänge fits). */
#define HD_MAX_RESPONSE (64 * 1024 * 1024)

struct hd_resp {
	unsigned status;
	json_t *json; /* owned; sent as the body */
	char *raw;    /* owned; sent instead of json when set */
	size_t raw_len;
	/* When set, raw is not owned but shared: release(cls) once sent. */
	void (*raw_release)(void *cls);
	void *raw_cls;
	const char *content_type; /* for raw */
	char cookie[256];	  /* Set-Cookie value, when not empty */
	char cookie2[256];	  /* a second Set-Cookie (hd_device) */
	int retry_after; /* seconds, sent as Retry-After when > 0 (429) */
	bool defer;	 /* no answer yet: run the request again on the pool */
	char allow[64];	 /* the Allow header of a 405, when not empty */
	bool close;	 /* close the connection after this answer */
	struct hd_file_resp *file; /* owned: a file to send, or NULL */
};

typedef void (*hd_handler)(struct hd_req *r, struct hd_resp *w);

/* Access levels of a route. */
enum hd_access {
	HD_PUBLIC = 0, /* no credential needed */
	HD_USER = 1,   /* any logged-in employee or contact */
	HD_STAFF = 2,  /* employees only */
	HD_ADMIN = 3,  /* admins only */
	HD_INTAKE = 4, /* admins, and intake tokens (POST /inbound-mail) */
};

/* Handlers open no write job: a change is one app_* call (src/app/). */

/*
 * A GET handler about to scan (a search) calls this first: when the
 * request runs on an HTTP thread and may be handed on, it marks w to be
 * run again on the search threads and returns true — the handler then
 * returns at once, having answered nothing and changed nothing.
 */
static inline bool
hd_defer(const struct hd_req *r, struct hd_resp *w)
{
	if (!r->may_defer)
		return false;
	w->defer = true;
	return true;
}

/* errors.c: the one table from status to HTTP status and error code. */
void hd_resp_err(struct hd_resp *w, enum hd_status st, const char *field,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Answers status with json (taking ownership; NULL answers 500). */
void hd_resp_json(struct hd_resp *w, unsigned status, json_t *json);
/* Answers status with the JSON text in b (taking its contents; 500 when
 * err is not HD_OK: the text may be incomplete). */
void hd_resp_buf(
    struct hd_resp *w, unsigned status, struct hd_buf *b, enum hd_status err);
/* Answers 200 with the JSON text json[0..len), shared with its owner:
 * release(cls) is called once it is sent or dropped. */
void hd_resp_shared(struct hd_resp *w, const char *json, size_t len,
    void (*release)(void *cls), void *cls);
/* Lets go of the raw answer in w (freed, or released when shared). */
void hd_resp_raw_drop(struct hd_resp *w);
/* 204 without a body. */
void hd_resp_empty(struct hd_resp *w);
/* Answers a list {"items": items, "next": cursor or null} (takes items). */
void hd_resp_list(struct hd_resp *w, json_t *items, int64_t next);
/* Answers what a store read gave: status with j (taken) when st is
 * HD_OK, 404 "no such <what>" for HD_ENOTFOUND, and any other failure
 * as what it is (500, or 503/507 for a known condition) — never 404. */
void hd_resp_read(struct hd_resp *w, unsigned status, enum hd_status st,
    json_t *j, const char *what);
/* The same for a page of a list: hd_resp_list, or the failure ("could
 * not list <what>"). */
void hd_resp_page(struct hd_resp *w, enum hd_status st, json_t *items,
    int64_t next, const char *what);

/*
 * json.c: reading fields of the request body. Each returns true when the
 * field is acceptable; otherwise it answers 422 invalid_field naming the
 * field and returns false. "opt" variants accept absence and null
 * (*present false).
 */
bool hd_in_text(struct hd_req *r, struct hd_resp *w, const char *key,
    size_t max, bool multiline, const char **out);
bool hd_in_text_opt(struct hd_req *r, struct hd_resp *w, const char *key,
    size_t max, bool multiline, const char **out);
bool hd_in_email(struct hd_req *r, struct hd_resp *w, const char *key,
    bool required, const char **out);
bool hd_in_id(struct hd_req *r, struct hd_resp *w, const char *key,
    bool required, int64_t *out);
bool hd_in_bool(struct hd_req *r, struct hd_resp *w, const char *key, bool *out,
    bool *present);
bool hd_in_enum(struct hd_req *r, struct hd_resp *w, const char *key,
    const char *const *allowed, bool required, const char **out);
/* Reads "limit" (1..500, default 50) and "cursor" (an id) of the query. */
bool hd_in_page(
    struct hd_req *r, struct hd_resp *w, int *limit, int64_t *cursor);
/* Reads the search text ?q= (NULL when absent or empty); 422 for
 * anything but one line of UTF-8 of at most HD_MAX_NAME bytes. */
bool hd_in_search(struct hd_req *r, struct hd_resp *w, const char **q);
/* Reads an optional "description": absent gives NULL, null or "" give ""
 * (no description), otherwise multi-line text. */
bool hd_in_description(struct hd_req *r, struct hd_resp *w, const char **out);
/* Reads key as a list of at most max distinct positive ids into ids
 * (room for max); *present tells whether key was sent at all. */
bool hd_in_id_list(struct hd_req *r, struct hd_resp *w, const char *key,
    size_t max, int64_t *ids, size_t *n, bool *present);
/* A query parameter or NULL; of several with the same key, the first. */
const char *hd_query(struct hd_req *r, const char *key);
/* The language of the answer (enum hd_lang, core/event.h): ?lang=de|en,
 * else the best of German and English in Accept-Language, else German. */
int hd_req_lang(const struct hd_req *r);
/* A query parameter that must be an id when present; *out 0 if absent. */
bool hd_query_id(
    struct hd_req *r, struct hd_resp *w, const char *key, int64_t *out);

#endif
