/* SPDX-License-Identifier: MIT */
#ifndef HD_MAIL_INBOUND_INT_H
#define HD_MAIL_INBOUND_INT_H

/* Shared by src/mail/inbound*.c only. */
#include "mail/inbound.h"

#include <gmime/gmime.h>

/* The parser's options: fallback charsets UTF-8 then Windows-1252. */
GMimeParserOptions *inbound_options(void);

/* A copy of s (n bytes) as valid UTF-8 without NUL, CR, LF or TAB
 * (each becomes a space when oneline, else CR is dropped): bytes that are
 * no UTF-8 are read as Windows-1252. NULL on allocation failure. */
char *inbound_utf8(const char *s, size_t n, int oneline);

/* A lower-cased copy of a Message-ID/address; NULL when s is NULL, empty
 * or longer than MAIL_IN_MAX_ID. *oom set on allocation failure. */
char *inbound_id(const char *s, int *oom);

/* Headers: ids, From, recipients, subject, noise, Return-Path. */
enum hd_status inbound_head(GMimeMessage *msg, struct mail_in *m);

/* The delivery report of a multipart/report (report-type
 * delivery-status): fills m->dsn_*. */
enum hd_status inbound_dsn(GMimeMultipart *report, struct mail_in *m);

/* The decoded content of part into a new GByteArray (caller unrefs), or
 * NULL. */
GByteArray *inbound_content(GMimePart *part);

#endif
