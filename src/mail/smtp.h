/* SPDX-License-Identifier: MIT */
#ifndef HD_MAIL_SMTP_H
#define HD_MAIL_SMTP_H

#include "mail/transport.h"

#include <stddef.h>

/*
 * One SMTP client connection through libcurl: one easy handle in a multi
 * of its own, reused from message to message. Every wait for the server
 * has the time-out RFC 5321 §4.5.3.2 gives it (the greeting 5 min, MAIL
 * and RCPT 5 min, DATA 2 min, each data block 3 min, the final dot 10
 * min; other commands 5 min), checked at least once a second, so that a
 * server that stops talking costs one attempt, not the worker. Use from
 * one thread; only smtp_conn_abort may be called from another.
 */
struct smtp_conn;

/* The time-outs of RFC 5321 §4.5.3.2, in milliseconds. */
#define SMTP_T_GREETING (5 * 60 * 1000L)
#define SMTP_T_COMMAND (5 * 60 * 1000L)
#define SMTP_T_DATA (2 * 60 * 1000L)
#define SMTP_T_BLOCK (3 * 60 * 1000L)
#define SMTP_T_DOT (10 * 60 * 1000L)

/* Creates a connection for url (smtp:// or smtps://; user and password
 * optional, copied). cap_ms > 0 shortens every time-out to at most
 * cap_ms (for tests). Caller frees with smtp_conn_free. */
enum hd_status smtp_conn_new(const char *url, const char *user,
    const char *password, long cap_ms, struct smtp_conn **out);
/* Closes the connection (QUIT when it is open) and frees s. Accepts
 * NULL. */
void smtp_conn_free(struct smtp_conn *s);

/*
 * Sends one message (data/len as rendered) from envelope sender from to
 * the single recipient to. On failure writes a short human-readable
 * reason (with the SMTP reply when there is one) into err.
 */
enum mail_send_result smtp_conn_send(struct smtp_conn *s, const char *from,
    const char *to, const char *data, size_t len, char *err, size_t errlen);

/*
 * From any thread: ends the send in progress at once (within a second
 * at most), and every later one before it starts, with MAIL_TEMPFAIL.
 * For shutdown; it cannot be undone.
 */
void smtp_conn_abort(struct smtp_conn *s);

#endif
