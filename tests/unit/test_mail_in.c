/* SPDX-License-Identifier: MIT */
/*
 * Inbound mail parsed (src/mail/inbound*.c) against the corpus of
 * tests/mail/: every NAME.eml there has a NAME.expect of "key: value"
 * lines saying what the parse must give (tests/mail/README.md). Besides,
 * a 25 MiB attachment made here, and the limits.
 */
#include "mail/inbound.h"
#include "util/str.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* cmocka.h needs setjmp.h, stdarg.h and stddef.h first. */
#include <cmocka.h>

#define MAX_FILE (40 * 1024 * 1024)
#define MAX_PART (20 * 1024 * 1024) /* the attachment limit of issue 14 */
#define LINE_MAX_ 4096

static const char *
corpus_dir(void)
{
	const char *d = getenv("HD_MAIL_CORPUS");

	return d ? d : "tests/mail";
}

/* Reads a whole file; caller frees. */
static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	size_t n;

	if (f == NULL)
		return NULL;
	buf = malloc(MAX_FILE);
	assert_non_null(buf);
	n = fread(buf, 1, MAX_FILE - 1, f);
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* "\n" in an expected value stands for a line break. */
static void
unescape(char *s)
{
	char *w = s;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] == 'n') {
			*w++ = '\n';
			s++;
		} else {
			*w++ = *s;
		}
	}
	*w = '\0';
}

static void
fail_at(const char *name, const char *key, const char *want, const char *got)
{
	print_error("%s: %s: want \"%s\", got \"%s\"\n", name, key, want,
	    got ? got : "-");
	fail();
}

static void
expect_str(const char *name, const char *key, const char *want, const char *got)
{
	if (strcmp(want, "-") == 0 ? got != NULL
				   : (got == NULL || strcmp(want, got) != 0))
		fail_at(name, key, want, got);
}

static void
expect_num(const char *name, const char *key, const char *want, size_t got)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%zu", got);
	expect_str(name, key, want, buf);
}

/* "filename | content_type | len | inline|attachment | data|nodata" */
static void
expect_part(
    const char *name, const struct mail_in *m, size_t i, const char *want)
{
	char got[LINE_MAX_];
	const struct mail_in_part *p;

	if (i >= m->n_parts)
		fail_at(name, "part", want, "(no such part)");
	p = &m->parts[i];
	snprintf(got, sizeof(got), "%s | %s | %zu | %s | %s", p->filename,
	    p->content_type, p->len, p->is_inline ? "inline" : "attachment",
	    p->data ? "data" : "nodata");
	expect_str(name, "part", want, got);
}

static int
has_rcpt(const struct mail_in *m, const char *a)
{
	size_t i;

	for (i = 0; i < m->n_rcpt; i++)
		if (strcmp(m->rcpt[i], a) == 0)
			return 1;
	return 0;
}

static void
check_key(const char *name, const struct mail_in *m, const char *k,
    const char *v, size_t *part, size_t *ref)
{
	if (strcmp(k, "message_id") == 0)
		expect_str(name, k, v, m->message_id);
	else if (strcmp(k, "in_reply_to") == 0)
		expect_str(name, k, v, m->in_reply_to);
	else if (strcmp(k, "reference") == 0)
		expect_str(name, k, v,
		    *ref < m->n_references ? m->references[(*ref)++] : NULL);
	else if (strcmp(k, "n_references") == 0)
		expect_num(name, k, v, m->n_references);
	else if (strcmp(k, "from_addr") == 0)
		expect_str(name, k, v, m->from_addr);
	else if (strcmp(k, "from_name") == 0)
		expect_str(name, k, v, m->from_name);
	else if (strcmp(k, "rcpt") == 0) {
		if (!has_rcpt(m, v))
			fail_at(name, k, v, "(not among the recipients)");
	} else if (strcmp(k, "n_rcpt") == 0)
		expect_num(name, k, v, m->n_rcpt);
	else if (strcmp(k, "subject") == 0)
		expect_str(name, k, v, m->subject);
	else if (strcmp(k, "text") == 0)
		expect_str(name, k, v, m->text);
	else if (strcmp(k, "text_new") == 0)
		expect_str(name, k, v, m->text_new);
	else if (strcmp(k, "text_has") == 0) {
		if (strstr(m->text, v) == NULL)
			fail_at(name, k, v, m->text);
	} else if (strcmp(k, "text_lacks") == 0) {
		if (strstr(m->text, v) != NULL)
			fail_at(name, k, v, m->text);
	} else if (strcmp(k, "text_new_has") == 0) {
		if (strstr(m->text_new, v) == NULL)
			fail_at(name, k, v, m->text_new);
	} else if (strcmp(k, "text_new_lacks") == 0) {
		if (strstr(m->text_new, v) != NULL)
			fail_at(name, k, v, m->text_new);
	} else if (strcmp(k, "html_only") == 0)
		expect_num(name, k, v, (size_t)m->html_only);
	else if (strcmp(k, "n_parts") == 0)
		expect_num(name, k, v, m->n_parts);
	else if (strcmp(k, "part") == 0)
		expect_part(name, m, (*part)++, v);
	else if (strcmp(k, "noise") == 0)
		expect_str(name, k, v, m->noise);
	else if (strcmp(k, "is_dsn") == 0)
		expect_num(name, k, v, (size_t)m->is_dsn);
	else if (strcmp(k, "dsn_message_id") == 0)
		expect_str(name, k, v, m->dsn_message_id);
	else if (strcmp(k, "dsn_status") == 0)
		expect_str(name, k, v, m->dsn_status);
	else if (strcmp(k, "dsn_diag") == 0)
		expect_str(name, k, v, m->dsn_diag);
	else if (strcmp(k, "return_path") == 0)
		expect_str(name, k, v, m->return_path);
	else if (strcmp(k, "parse") == 0 || strcmp(k, "endpoint") == 0 ||
		 strcmp(k, "note") == 0)
		; /* parse: checked before; the rest is for other tests */
	else
		fail_at(name, "unknown key", "", k);
}

/* Parses NAME.eml and holds it to NAME.expect. */
static void
check_one(const char *name)
{
	char path[1024], line[LINE_MAX_], *raw;
	size_t len = 0, part = 0, ref = 0, expected_parts = (size_t)-1;
	struct mail_in *m = NULL;
	enum hd_status st;
	int want_ok = 1;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.eml", corpus_dir(), name);
	raw = slurp(path, &len);
	assert_non_null(raw);
	snprintf(path, sizeof(path), "%s/%s.expect", corpus_dir(), name);
	f = fopen(path, "r");
	if (f == NULL)
		fail_at(name, "expect file", path, "(missing)");
	while (fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, "parse: einval", 13) == 0)
			want_ok = 0;
	st = mail_in_parse(raw, len, MAX_PART, &m);
	free(raw);
	if (!want_ok) {
		fclose(f);
		mail_in_free(m);
		if (st != HD_EINVAL)
			fail_at(name, "parse", "einval", hd_status_str(st));
		return;
	}
	if (st != HD_OK)
		fail_at(name, "parse", "ok", hd_status_str(st));
	assert_true(hd_utf8_valid(m->subject, strlen(m->subject)));
	assert_true(hd_utf8_valid(m->text, strlen(m->text)));
	assert_true(hd_utf8_valid(m->text_new, strlen(m->text_new)));
	rewind(f);
	while (fgets(line, sizeof(line), f) != NULL) {
		char *colon, *v;

		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		colon = strchr(line, ':');
		if (colon == NULL)
			fail_at(name, "expect line", "key: value", line);
		*colon = '\0';
		v = colon + 1;
		while (*v == ' ')
			v++;
		unescape(v);
		if (strcmp(line, "n_parts") == 0)
			expected_parts = strtoul(v, NULL, 10);
		check_key(name, m, line, v, &part, &ref);
	}
	fclose(f);
	if (expected_parts == (size_t)-1 && part != m->n_parts)
		expect_num(name, "n_parts (from the part lines)", "", part);
	mail_in_free(m);
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
every_corpus_mail_parses_as_expected(void **state)
{
	DIR *d = opendir(corpus_dir());
	struct dirent *e;
	char *names[256];
	size_t n = 0, i;

	(void)state;
	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		size_t l = strlen(e->d_name);

		if (l > 4 && strcmp(e->d_name + l - 4, ".eml") == 0) {
			assert_true(n < sizeof(names) / sizeof(names[0]));
			names[n] = strdup(e->d_name);
			assert_non_null(names[n]);
			names[n][l - 4] = '\0';
			n++;
		}
	}
	closedir(d);
	assert_true(n > 0);
	qsort(names, n, sizeof(names[0]), by_name);
	for (i = 0; i < n; i++) {
		print_message("# %s\n", names[i]);
		check_one(names[i]);
		free(names[i]);
	}
}

/* A mail with one attachment of size bytes (a pattern), base64. */
static char *
mail_with_attachment(size_t size, size_t *len)
{
	static const char b64[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const char *head =
	    "From: Max Mueller <max@example.org>\r\n"
	    "To: schaden@hv-example.de\r\n"
	    "Subject: Video vom Wasserschaden\r\n"
	    "Message-ID: <big-1@example.org>\r\n"
	    "MIME-Version: 1.0\r\n"
	    "Content-Type: multipart/mixed; boundary=\"B\"\r\n\r\n"
	    "--B\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
	    "Siehe Video.\r\n"
	    "--B\r\nContent-Type: video/mp4\r\n"
	    "Content-Disposition: attachment; filename=\"wasser.mp4\"\r\n"
	    "Content-Transfer-Encoding: base64\r\n\r\n";
	const char *tail = "\r\n--B--\r\n";
	size_t groups = size / 3, i, n = 0, hl = strlen(head);
	char *raw;

	assert_int_equal(size % 3, 0);
	raw = malloc(hl + groups * 4 + groups / 19 * 2 + 64);
	assert_non_null(raw);
	memcpy(raw, head, hl);
	n = hl;
	for (i = 0; i < groups; i++) {
		/* bytes (i % 256, 0x55, 0xaa): 3 bytes -> 4 characters */
		unsigned v = ((i % 256) << 16) | 0x55aa;

		raw[n++] = b64[(v >> 18) & 63];
		raw[n++] = b64[(v >> 12) & 63];
		raw[n++] = b64[(v >> 6) & 63];
		raw[n++] = b64[v & 63];
		if (i % 19 == 18) {
			raw[n++] = '\r';
			raw[n++] = '\n';
		}
	}
	memcpy(raw + n, tail, strlen(tail));
	n += strlen(tail);
	*len = n;
	return raw;
}

static void
a_25_mib_attachment_is_kept_without_data_over_the_limit(void **state)
{
	size_t size = 25 * 1024 * 1024 + 2, len; /* a multiple of 3 */
	char *raw = mail_with_attachment(size, &len);
	struct mail_in *m = NULL;
	const struct mail_in_part *p;

	(void)state;
	assert_int_equal(mail_in_parse(raw, len, MAX_PART, &m), HD_OK);
	assert_string_equal(m->text, "Siehe Video.");
	assert_int_equal(m->n_parts, 1);
	p = &m->parts[0];
	assert_string_equal(p->filename, "wasser.mp4");
	assert_string_equal(p->content_type, "video/mp4");
	assert_int_equal(p->len, size); /* the real size, to tell the sender */
	assert_null(p->data);
	mail_in_free(m);
	/* under a higher limit the bytes are all there, decoded */
	assert_int_equal(mail_in_parse(raw, len, 30 * 1024 * 1024, &m), HD_OK);
	p = &m->parts[0];
	assert_int_equal(p->len, size);
	assert_non_null(p->data);
	assert_int_equal(p->data[0], 0);
	assert_int_equal(p->data[1], 0x55);
	assert_int_equal(p->data[2], 0xaa);
	assert_int_equal(p->data[size - 3], ((size / 3 - 1) % 256));
	assert_int_equal(p->data[size - 1], 0xaa);
	mail_in_free(m);
	free(raw);
}

static void
a_part_exactly_at_the_limit_is_kept(void **state)
{
	size_t len;
	char *raw = mail_with_attachment(3000, &len);
	struct mail_in *m = NULL;

	(void)state;
	assert_int_equal(mail_in_parse(raw, len, 3000, &m), HD_OK);
	assert_non_null(m->parts[0].data);
	mail_in_free(m);
	assert_int_equal(mail_in_parse(raw, len, 2999, &m), HD_OK);
	assert_null(m->parts[0].data);
	assert_int_equal(m->parts[0].len, 3000);
	mail_in_free(m);
	free(raw);
}

static void
parts_beyond_the_cap_are_counted_not_kept(void **state)
{
	char raw[64 * 1024];
	size_t n = 0, i;
	struct mail_in *m = NULL;

	(void)state;
	n += (size_t)snprintf(raw + n, sizeof(raw) - n,
	    "From: a@example.org\nSubject: viele\nMIME-Version: 1.0\n"
	    "Content-Type: multipart/mixed; boundary=b\n\n"
	    "--b\nContent-Type: text/plain\n\nText\n");
	for (i = 0; i < MAIL_IN_MAX_PARTS + 6; i++)
		n += (size_t)snprintf(raw + n, sizeof(raw) - n,
		    "--b\nContent-Type: image/png\nContent-Disposition: "
		    "attachment; filename=\"%zu.png\"\n\nx\n",
		    i);
	n += (size_t)snprintf(raw + n, sizeof(raw) - n, "--b--\n");
	assert_true(n < sizeof(raw));
	assert_int_equal(mail_in_parse(raw, n, MAX_PART, &m), HD_OK);
	assert_int_equal(m->n_parts, MAIL_IN_MAX_PARTS);
	assert_int_equal(m->n_parts_dropped, 6);
	assert_string_equal(m->parts[0].filename, "0.png");
	assert_string_equal(m->text, "Text");
	mail_in_free(m);
}

static void
deep_nesting_stops_at_the_depth_limit(void **state)
{
	char raw[64 * 1024];
	size_t n = 0, i, levels = 200;
	struct mail_in *m = NULL;

	(void)state;
	n += (size_t)snprintf(raw + n, sizeof(raw) - n,
	    "From: a@example.org\nSubject: tief\nMIME-Version: 1.0\n"
	    "Content-Type: multipart/mixed; boundary=b0\n\n");
	for (i = 0; i < levels; i++)
		n += (size_t)snprintf(raw + n, sizeof(raw) - n,
		    "--b%zu\nContent-Type: multipart/mixed; boundary=b%zu\n\n",
		    i, i + 1);
	n += (size_t)snprintf(raw + n, sizeof(raw) - n,
	    "--b%zu\nContent-Type: text/plain\n\nganz unten\n", levels);
	assert_true(n < sizeof(raw));
	assert_int_equal(mail_in_parse(raw, n, MAX_PART, &m), HD_OK);
	/* too deep to be read: no text, but no crash and an answer */
	assert_string_equal(m->text, "");
	assert_string_equal(m->subject, "tief");
	mail_in_free(m);
}

static void
references_keep_the_last_and_recipients_are_capped(void **state)
{
	char raw[64 * 1024];
	size_t n = 0, i;
	struct mail_in *m = NULL;

	(void)state;
	n +=
	    (size_t)snprintf(raw + n, sizeof(raw) - n, "From: a@example.org\n");
	n += (size_t)snprintf(raw + n, sizeof(raw) - n, "References:");
	for (i = 0; i < MAIL_IN_MAX_REFS + 10; i++)
		n += (size_t)snprintf(
		    raw + n, sizeof(raw) - n, "\n <r%zu@example.org>", i);
	n += (size_t)snprintf(raw + n, sizeof(raw) - n, "\nTo: ");
	for (i = 0; i < MAIL_IN_MAX_RCPT + 10; i++)
		n += (size_t)snprintf(raw + n, sizeof(raw) - n,
		    "%sR%zu@Example.org", i ? ",\n " : "", i);
	n += (size_t)snprintf(
	    raw + n, sizeof(raw) - n, "\nCc: r0@example.org\n\nText\n");
	assert_true(n < sizeof(raw));
	assert_int_equal(mail_in_parse(raw, n, MAX_PART, &m), HD_OK);
	assert_int_equal(m->n_references, MAIL_IN_MAX_REFS);
	assert_string_equal(m->references[0], "r10@example.org");
	assert_string_equal(
	    m->references[MAIL_IN_MAX_REFS - 1], "r73@example.org");
	assert_int_equal(m->n_rcpt, MAIL_IN_MAX_RCPT);
	assert_string_equal(m->rcpt[0], "r0@example.org"); /* lower-cased */
	mail_in_free(m);
}

static void
nothing_and_no_header_cannot_be_parsed(void **state)
{
	struct mail_in *m = (struct mail_in *)1;

	(void)state;
	assert_int_equal(mail_in_parse("", 0, MAX_PART, &m), HD_EINVAL);
	assert_null(m);
	assert_int_equal(mail_in_parse(NULL, 5, MAX_PART, &m), HD_EINVAL);
	mail_in_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(every_corpus_mail_parses_as_expected),
	    cmocka_unit_test(nothing_and_no_header_cannot_be_parsed),
	    cmocka_unit_test(
		a_25_mib_attachment_is_kept_without_data_over_the_limit),
	    cmocka_unit_test(a_part_exactly_at_the_limit_is_kept),
	    cmocka_unit_test(parts_beyond_the_cap_are_counted_not_kept),
	    cmocka_unit_test(deep_nesting_stops_at_the_depth_limit),
	    cmocka_unit_test(
		references_keep_the_last_and_recipients_are_capped),
	};

	/* HD_TEST_FILTER=every_corpus* runs some (e.g. under valgrind). */
	if (getenv("HD_TEST_FILTER") != NULL)
		cmocka_set_test_filter(getenv("HD_TEST_FILTER"));
	return cmocka_run_group_tests(tests, NULL, NULL);
}
