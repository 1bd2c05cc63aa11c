/* SPDX-License-Identifier: MIT */
#ifndef HD_MAIL_TRANSPORT_H
#define HD_MAIL_TRANSPORT_H

#include "util/status.h"

#include <stddef.h>

/*
 * Delivers rendered messages: through SMTP (libcurl; one easy handle kept
 * for the life of the transport so the connection is reused) when smtp_url
 * is set, otherwise into a Maildir (tmp/ -> new/, fsync'ed).
 */
struct mail_transport_config {
	const char *smtp_url; /* smtp://host:port, smtps://...; NULL: maildir */
	const char *smtp_user;	   /* optional */
	const char *smtp_password; /* optional */
	const char *maildir;	   /* used when smtp_url is NULL; created */
	long timeout_ms;	   /* per message; 0: 30000 */
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

/* Frees t (closes the SMTP connection). Accepts NULL. */
void mail_transport_free(struct mail_transport *t);

#endif
