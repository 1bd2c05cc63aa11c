/* SPDX-License-Identifier: MIT */
#ifndef HD_MAIL_INBOUND_H
#define HD_MAIL_INBOUND_H

#include "util/status.h"

#include <stddef.h>

/*
 * Inbound mail, parsed (issue 14, item 2; docs/mail-in.md). Pure parsing
 * with GMime 3: no database, no store. The use case on top decides what a
 * mail becomes.
 */

/* Limits of what one parsed mail holds (bounded work on hostile input). */
#define MAIL_IN_MAX_PARTS 64	       /* attachments kept; more are counted */
#define MAIL_IN_MAX_DEPTH 16	       /* MIME nesting walked */
#define MAIL_IN_MAX_RCPT 64	       /* recipients kept */
#define MAIL_IN_MAX_REFS 64	       /* References kept (the last ones) */
#define MAIL_IN_MAX_TEXT (1024 * 1024) /* bytes of text kept */
#define MAIL_IN_MAX_ID 998	       /* a Message-ID longer is dropped */

/* One attachment or inline image. */
struct mail_in_part {
	char *filename;	     /* UTF-8, never NULL (made up when absent) */
	char *content_type;  /* declared "type/subtype", lower-case */
	unsigned char *data; /* decoded bytes; NULL when len > max_part */
	size_t len;	     /* decoded size, also when data is NULL */
	int is_inline;	     /* Content-Disposition inline or a Content-ID */
};

struct mail_in {
	char *message_id;  /* without <>, or NULL */
	char *in_reply_to; /* without <>, or NULL */
	char **references; /* without <>, oldest first */
	size_t n_references;
	char *from_addr; /* UTF-8, lower-cased, or NULL */
	char *from_name; /* UTF-8, decoded, or NULL */
	char **rcpt;	 /* To, Cc, Delivered-To, X-Original-To; lower-cased,
			    each once */
	size_t n_rcpt;
	char *subject; /* decoded, UTF-8, never NULL ("" when absent) */
	char *text;    /* text/plain or HTML made readable, UTF-8, never NULL */
	char *text_new; /* text with the quoted tail cut, never NULL */
	struct mail_in_part *parts;
	size_t n_parts;
	const char *noise;    /* NULL, or why it is an auto-reply/bulk/list/…
				 (static English string) */
	int is_dsn;	      /* a delivery status notification (bounce) */
	char *dsn_message_id; /* the bounced mail's Message-ID, without <> */
	char *dsn_status;     /* "5.1.1", or NULL */
	char *dsn_diag;	      /* the remote's diagnostic, UTF-8, or NULL */
	char *return_path;    /* without <>; "" for <>; NULL when absent */
	/* Added after the first version (fields are only ever added). */
	size_t n_parts_dropped; /* parts beyond MAIL_IN_MAX_PARTS */
	int html_only;		/* text was made from HTML */
};

/*
 * Parses the raw message (RFC 5322, LF or CRLF line ends, may contain NUL
 * bytes) of len bytes. Parts whose decoded size is larger than max_part
 * are kept with data NULL and len = their real size, so the caller can
 * note "too large". On HD_OK *out is a new mail_in, caller frees with
 * mail_in_free. Returns HD_EINVAL when raw cannot be parsed as a message
 * at all (empty, or no header), HD_ENOMEM on allocation failure.
 * Thread-safe (GMime is initialised once).
 */
enum hd_status mail_in_parse(
    const char *raw, size_t len, size_t max_part, struct mail_in **out);

/* Frees m and everything it holds; accepts NULL. */
void mail_in_free(struct mail_in *m);

#endif
