/* SPDX-License-Identifier: MIT */
#ifndef HD_MAIL_TEMPLATES_INT_H
#define HD_MAIL_TEMPLATES_INT_H

/* The pieces every language's templates share (templates.c); not for
 * callers. */
#include "mail/templates.h"
#include "util/buf.h"

#include <stdbool.h>

#define SUBJECT_MAX 2048
#define BODY_MAX (4u * 1024 * 1024)
/* User text in a subject is cut here (bytes, on a UTF-8 boundary). */
#define SUBJECT_TEXT_MAX 150
/* Short subject pieces: number, type name, organisation name. */
#define SUBJECT_WORD_MAX 100

const char *tpl_opt(const char *s);
bool tpl_empty(const char *s);
/* User text in a subject: control characters become spaces, cut at max
 * bytes on a UTF-8 boundary with "…". */
enum hd_status tpl_subj_add(struct hd_buf *b, const char *s, size_t max);
/* "[V-2026-00007] " */
enum hd_status tpl_subj_tag(struct hd_buf *b, const char *number);
/* "[V-…] what: type – subject" */
enum hd_status tpl_subj_vorgang(
    struct hd_buf *b, const struct mail_vorgang *v, const char *what);
/* User text as it is, with one line end at its end. */
enum hd_status tpl_add_text(struct hd_buf *b, const char *s);
/* A link on its own line after a lead-in line. */
enum hd_status tpl_add_link(
    struct hd_buf *b, const char *lead, const char *link);
void tpl_start(struct mail_text *out, struct hd_buf *subj, struct hd_buf *body);
/* Hands both buffers to out (or leaves it empty on an error). */
enum hd_status tpl_finish(struct mail_text *out, struct hd_buf *subj,
    struct hd_buf *body, enum hd_status st);
bool tpl_vorgang_ok(const struct mail_vorgang *v);
/* The German greeting, Vorgang fields and signature (templates.c). */
enum hd_status tpl_greet_de(struct hd_buf *b, const char *name);
enum hd_status tpl_fields_de(
    struct hd_buf *b, const struct mail_vorgang *v, bool with_reporter);
enum hd_status tpl_sign_de(struct hd_buf *b, const char *org_name);

#endif
