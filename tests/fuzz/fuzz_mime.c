/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: one inbound mail, as POST /inbound-mail and
 * `hausdesk mail-in` take it — mail_in_parse over the raw bytes, with a
 * small part limit so that both the kept and the "too large" paths run.
 * Besides crashes and sanitizer reports, each parse is held to what the
 * use case on top relies on (docs/mail-in.md): every string valid UTF-8
 * without NUL, the subject and names on one line, text_new a prefix of
 * text, ids without brackets or blanks, parts within their limits and
 * data present exactly when the part fits. The same bytes go through the
 * text functions of core/mailtext.c and mail_msgid_verify directly.
 *
 * Run: make fuzz FUZZ_TARGETS=mime, then
 * build-fuzz/fuzz_mime -dict=tests/fuzz/mime.dict tests/fuzz/corpus/mime
 * (docs/fuzzing.md).
 */
#include "core/mailtext.h"
#include "mail/inbound.h"
#include "mail/msgid.h"
#include "util/str.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_MAX_PART 4096
#define FUZZ_MAX_TEXT 65536

static const unsigned char secret[] = "fuzz-secret-fuzz-secret-fuzz-sec";

static void
check_text(const char *s, int oneline)
{
	if (s == NULL)
		return;
	if (!hd_utf8_valid(s, strlen(s)))
		abort();
	if (oneline && strpbrk(s, "\r\n") != NULL)
		abort();
}

static void
check_id(const char *s)
{
	if (s == NULL)
		return;
	if (*s == '\0' || strlen(s) > MAIL_IN_MAX_ID || strpbrk(s, "<> \t\r\n"))
		abort();
	check_text(s, 1);
}

static void
check_mail(const struct mail_in *m)
{
	size_t i;

	check_id(m->message_id);
	check_id(m->in_reply_to);
	if (m->n_references > MAIL_IN_MAX_REFS)
		abort();
	for (i = 0; i < m->n_references; i++)
		check_id(m->references[i]);
	check_id(m->from_addr);
	check_text(m->from_name, 1);
	if (m->n_rcpt > MAIL_IN_MAX_RCPT)
		abort();
	for (i = 0; i < m->n_rcpt; i++)
		check_id(m->rcpt[i]);
	if (m->subject == NULL || m->text == NULL || m->text_new == NULL)
		abort();
	check_text(m->subject, 1);
	check_text(m->text, 0);
	check_text(m->text_new, 0);
	if (strlen(m->text) > MAIL_IN_MAX_TEXT ||
	    strncmp(m->text, m->text_new, strlen(m->text_new)) != 0)
		abort();
	if (m->n_parts > MAIL_IN_MAX_PARTS)
		abort();
	for (i = 0; i < m->n_parts; i++) {
		const struct mail_in_part *p = &m->parts[i];

		if (p->filename == NULL || *p->filename == '\0' ||
		    p->content_type == NULL)
			abort();
		check_text(p->filename, 1);
		check_text(p->content_type, 1);
		if ((p->data != NULL) != (p->len <= FUZZ_MAX_PART))
			abort();
	}
	check_id(m->dsn_message_id);
	check_text(m->dsn_status, 1);
	check_text(m->dsn_diag, 1);
	if (m->return_path != NULL && *m->return_path != '\0')
		check_id(m->return_path);
	if (m->is_dsn && m->noise == NULL)
		abort();
}

/* The input as HTML and as a reply's text (made UTF-8 first, as the
 * parser does before it calls these). */
static void
check_mailtext(const char *s, size_t n)
{
	char *t = NULL, *c = NULL, *u = NULL;

	if (!hd_utf8_valid(s, n)) {
		if (mailtext_cp1252_to_utf8(s, n, 4 * n + 4, &u) != HD_OK)
			return;
		if (!hd_utf8_valid(u, strlen(u)))
			abort();
		s = u;
		n = strlen(u);
	}
	if (mailtext_from_html(s, n, FUZZ_MAX_TEXT, &t) != HD_OK) {
		free(u);
		return;
	}
	if (strlen(t) > FUZZ_MAX_TEXT || !hd_utf8_valid(t, strlen(t)))
		abort();
	if (mailtext_cut_quote(t, &c) == HD_OK) {
		if (strncmp(t, c, strlen(c)) != 0)
			abort();
		free(c);
	}
	free(t);
	free(u);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mail_in *m = NULL;
	char *s;
	int64_t pid;

	if (mail_in_parse((const char *)data, size, FUZZ_MAX_PART, &m) ==
	    HD_OK) {
		check_mail(m);
		mail_in_free(m);
	} else if (m != NULL) {
		abort();
	}
	s = malloc(size + 1);
	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	check_mailtext(s, size);
	/* Nothing but what msgid.c made verifies: random input never does. */
	if (mail_msgid_verify(secret, sizeof(secret) - 1, s, &pid) == HD_OK)
		abort();
	free(s);
	return 0;
}
