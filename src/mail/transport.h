/* SPDX-License-Identifier: MIT */
#ifndef HD_MAIL_TRANSPORT_H
#define HD_MAIL_TRANSPORT_H

#include "util/status.h"

#include <stddef.h>

/*
 * Delivers rendered messages, one at a time: through one SMTP connection
 * (mail/smtp.h; kept for the life of the transport so that it is reused)
 * when smtp_url is set, otherwise into a Maildir (tmp/ -> new/,
 * fsync'ed). Several transports send in parallel (mail/sendpool.h).
 */
struct mail_transport_config {
	const char *smtp_url; /* smtp://host:port, smtps://...; NULL: maildir */
	const char *smtp_user;	   /* optional */
	const char *smtp_password; /* optional */
	const char *maildir;	   /* used when smtp_url is NULL; created */
	/* 0: the SMTP time-outs of RFC 5321 (mail/smtp.h); else none is
	 * longer than this (HAUSDESK_SMTP_TIMEOUT_MS, for tests) */
	long timeout_ms;
};

enum mail_send_result {
	MAIL_SENT = 0,
	MAIL_TEMPFAIL, /* try again later: connection error, 4xx */
	MAIL_PERMFAIL, /* do not retry: 5xx for this recipient */
};

struct mail_transport;

/* Creates a transport (copies cfg strings). Caller frees with
 * mail_transport_free. HD_EINVAL for a bad config, HD_EIO when the
 * maildir cannot be created. */
enum hd_status mail_transport_new(
    const struct mail_transport_config *cfg, struct mail_transport **out);

/*
 * Sends one message (data/len as rendered by mail_message_render) from
 * envelope sender from_addr to the single recipient to_addr. On failure
 * writes a short human-readable reason (with the SMTP reply code when
 * there is one) into err (size errlen).
 */
enum mail_send_result mail_transport_send(struct mail_transport *t,
    const char *from_addr, const char *to_addr, const char *data, size_t len,
    char *err, size_t errlen);

/*
 * From any thread: ends the SMTP send in progress on t at once (within
 * a second), and makes every later one fail before it starts, with
 * MAIL_TEMPFAIL — for shutdown, which must not wait for a server that
 * stopped answering. No effect on a Maildir.
 */
void mail_transport_abort(struct mail_transport *t);

/* Frees t (closes the SMTP connection). Accepts NULL. */
void mail_transport_free(struct mail_transport *t);

#endif
