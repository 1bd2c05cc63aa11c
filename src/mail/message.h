/* SPDX-License-Identifier: MIT */
#ifndef HD_MAIL_MESSAGE_H
#define HD_MAIL_MESSAGE_H

#include "util/status.h"

#include <stddef.h>
#include <stdint.h>

/* One outgoing e-mail, all strings UTF-8 and borrowed. */
struct mail_message {
	const char *from_addr;	/* "noreply@example.org" */
	const char *from_name;	/* "ABC Hausverwaltung" or NULL */
	const char *to_addr;	/* "huber@example.org" */
	const char *to_name;	/* "Frau Huber" or NULL */
	const char *subject;	/* may contain umlauts */
	const char *body;	/* text/plain, LF or CRLF line ends */
	const char *message_id; /* "<abc@hausdesk>" incl. angle brackets */
	int64_t date;		/* Unix seconds, for the Date header */
};

/*
 * Renders m as an RFC 5322 message with CRLF line ends: From, To, Subject
 * (RFC 2047 encoded-words when not plain ASCII), Date, Message-ID,
 * MIME-Version, Content-Type text/plain; charset=UTF-8,
 * Content-Transfer-Encoding quoted-printable (or 8bit/7bit), and
 * Auto-Submitted: auto-generated. Lines beginning with "." are safe for
 * SMTP (libcurl dot-stuffs). *out is heap memory, caller frees.
 * Returns HD_EINVAL when a header value contains CR or LF or an address is
 * empty, HD_ENOMEM on allocation failure.
 */
enum hd_status mail_message_render(
    const struct mail_message *m, char **out, size_t *len);

/*
 * Writes a new globally unique Message-ID ("<stamp.random@domain>") into
 * buf (size n >= 96). domain is taken from from_addr after '@' (or
 * "hausdesk"). The stamp (microseconds, strictly increasing within the
 * process) makes ids made later sort after those made earlier.
 */
void mail_message_id_new(const char *from_addr, char *buf, size_t n);

#endif
