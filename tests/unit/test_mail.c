/* SPDX-License-Identifier: MIT */
#include <arpa/inet.h>
#include <curl/curl.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

/* cmocka needs these before it, in this order. */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#include "mail/message.h"
#include "mail/retry.h"
#include "mail/templates.h"
#include "mail/transport.h"
#include "util/str.h"

/* 2026-11-27 08:00:00 UTC, a Friday. */
#define T_FRI 1795766400

/* --- helpers ----------------------------------------------------------- */

static struct mail_message
base_message(void)
{
	struct mail_message m = {
	    .from_addr = "noreply@example.org",
	    .from_name = "ABC Hausverwaltung",
	    .to_addr = "huber@example.org",
	    .to_name = "Frau Huber",
	    .subject = "Test",
	    .body = "Hallo\n",
	    .message_id = "<1.abc@example.org>",
	    .date = T_FRI,
	};
	return m;
}

/* noinline: GCC 12 at -O3 otherwise mistakes pointers into the result for
 * pointers to the local out (-Wdangling-pointer false positive). */
static __attribute__((noinline)) char *
render_ok(const struct mail_message *m, size_t *lenp)
{
	char *out = NULL;
	size_t len = 0;

	assert_int_equal(mail_message_render(m, &out, &len), HD_OK);
	assert_non_null(out);
	assert_int_equal(len, strlen(out));
	if (lenp != NULL)
		*lenp = len;
	return out;
}

/* Copy of the header section (up to the empty line), NUL-terminated. */
static char *
header_section(const char *msg)
{
	const char *end = strstr(msg, "\r\n\r\n");
	char *h;

	assert_non_null(end);
	h = strndup(msg, (size_t)(end - msg) + 2);
	assert_non_null(h);
	return h;
}

static const char *
body_of(const char *msg)
{
	const char *end = strstr(msg, "\r\n\r\n");

	assert_non_null(end);
	return end + 4;
}

/* The unfolded value of header name (without the leading space). */
static char *
header_value(const char *msg, const char *name)
{
	char *hs = header_section(msg), *v, *o;
	size_t nl = strlen(name);
	const char *p = hs, *e;

	for (;;) {
		if (strncasecmp(p, name, nl) == 0 && p[nl] == ':')
			break;
		p = strstr(p, "\r\n");
		assert_non_null(p);
		p += 2;
		assert_true(*p != '\0');
	}
	p += nl + 1;
	if (*p == ' ')
		p++;
	for (e = p;; e += 2) {
		e = strstr(e, "\r\n");
		assert_non_null(e);
		if (e[2] != ' ' && e[2] != '\t')
			break;
	}
	v = o = malloc((size_t)(e - p) + 1);
	assert_non_null(v);
	while (p < e) {
		if (p[0] == '\r' && p[1] == '\n') {
			p += 2;
			continue;
		}
		*o++ = *p++;
	}
	*o = '\0';
	free(hs);
	return v;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/*
 * Decodes RFC 2047 Q encoded-words in an unfolded header value, dropping
 * whitespace between adjacent encoded-words as a mail reader does. Checks
 * each word on the way: at most 75 characters, UTF-8 charset, and a
 * decoded text that is valid UTF-8 on its own (no split sequence).
 */
static char *
ew_decode(const char *s, int *nwords)
{
	char *out = malloc(strlen(s) + 1), *o = out;
	bool prev_ew = false;

	assert_non_null(out);
	*nwords = 0;
	while (*s != '\0') {
		if (s[0] == '=' && s[1] == '?') {
			const char *start = s, *q, *end;
			char *wstart = o;

			q = s + 2;
			assert_int_equal(strncasecmp(q, "UTF-8?Q?", 8), 0);
			q += 8;
			end = strstr(q, "?=");
			assert_non_null(end);
			assert_true(end + 2 - start <= 75);
			for (; q < end; q++) {
				if (*q == '_') {
					*o++ = ' ';
				} else if (*q == '=') {
					int hi = hexval(q[1]),
					    lo = hexval(q[2]);

					assert_true(hi >= 0 && lo >= 0);
					*o++ = (char)(hi * 16 + lo);
					q += 2;
				} else {
					assert_true(*q > 0x20 && *q < 0x7f);
					*o++ = *q;
				}
			}
			assert_true(
			    hd_utf8_valid(wstart, (size_t)(o - wstart)));
			(*nwords)++;
			s = end + 2;
			prev_ew = true;
			continue;
		}
		if (*s == ' ' || *s == '\t') {
			const char *w = s;

			while (*w == ' ' || *w == '\t')
				w++;
			if (prev_ew && w[0] == '=' && w[1] == '?') {
				s = w;
				continue;
			}
			while (s < w)
				*o++ = *s++;
			continue;
		}
		prev_ew = false;
		*o++ = *s++;
	}
	*o = '\0';
	return out;
}

/* Every line of text (CRLF separated) at most max characters. */
static void
assert_lines_max(const char *text, size_t max)
{
	const char *p = text, *e;

	while ((e = strstr(p, "\r\n")) != NULL) {
		if ((size_t)(e - p) > max)
			fail_msg("line of %zu > %zu: %.*s", (size_t)(e - p),
			    max, (int)(e - p), p);
		p = e + 2;
	}
}

/* No CR without LF and no LF without CR. */
static void
assert_crlf_only(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '\r')
			assert_true(i + 1 < n && s[i + 1] == '\n');
		if (s[i] == '\n')
			assert_true(i > 0 && s[i - 1] == '\r');
	}
}

static char *
qp_decode(const char *s)
{
	char *out = malloc(strlen(s) + 1), *o = out;

	assert_non_null(out);
	while (*s != '\0') {
		if (s[0] == '=' && s[1] == '\r' && s[2] == '\n') {
			s += 3;
		} else if (s[0] == '=') {
			int hi = hexval(s[1]), lo = hexval(s[2]);

			assert_true(hi >= 0 && lo >= 0);
			*o++ = (char)(hi * 16 + lo);
			s += 3;
		} else {
			*o++ = *s++;
		}
	}
	*o = '\0';
	return out;
}

/* The message's body, decoded, as it was rendered (CRLF line ends). */
static char *
rendered_body_decoded(const struct mail_message *m)
{
	char *msg = render_ok(m, NULL), *dec;

	dec = qp_decode(body_of(msg));
	free(msg);
	return dec;
}

/* Appends s to the string in dst (size n); the test fails on overflow. */
static void
app(char *dst, size_t n, const char *s)
{
	size_t l = strlen(dst);

	assert_true(hd_strlcpy(dst + l, s, n - l) < n - l);
}

static char *
make_tmpdir(void)
{
	char *d = strdup("/tmp/hd_test_mail_XXXXXX");

	assert_non_null(d);
	assert_non_null(mkdtemp(d));
	return d;
}

static void
rm_rf(const char *path)
{
	char cmd[1024];
	int r;

	r = snprintf(cmd, sizeof(cmd), "rm -rf '%s'", path);
	assert_true(r > 0 && (size_t)r < sizeof(cmd));
	assert_int_equal(system(cmd), 0);
}

static int
count_entries(const char *dir, char *last, size_t lastlen)
{
	struct dirent *de;
	DIR *d = opendir(dir);
	int n = 0;

	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		n++;
		if (last != NULL)
			hd_strlcpy(last, de->d_name, lastlen);
	}
	closedir(d);
	return n;
}

/* --- Subject and display names ------------------------------------------ */

static void
test_umlaut_subject_is_encoded_word(void **state)
{
	struct mail_message m = base_message();
	char *msg, *hs, *v, *dec;
	int words;

	(void)state;
	m.subject = "Schadensmeldung – Müller";
	msg = render_ok(&m, NULL);
	assert_non_null(strstr(msg, "\r\nSubject: =?UTF-8?Q?Schadensmeldung_"
				    "=E2=80=93_M=C3=BCller?=\r\n"));
	v = header_value(msg, "Subject");
	dec = ew_decode(v, &words);
	assert_string_equal(dec, m.subject);
	assert_int_equal(words, 1);
	/* Nothing but ASCII in the header section. */
	hs = header_section(msg);
	for (char *p = hs; *p != '\0'; p++)
		assert_true((unsigned char)*p < 0x80);
	free(hs);
	free(dec);
	free(v);
	free(msg);
}

static void
test_ascii_subject_stays_plain(void **state)
{
	struct mail_message m = base_message();
	char *msg;

	(void)state;
	m.subject = "[V-2026-00007] Ihre Anfrage ist eingegangen";
	msg = render_ok(&m, NULL);
	assert_non_null(strstr(msg,
	    "\r\nSubject: [V-2026-00007] Ihre Anfrage ist eingegangen\r\n"));
	assert_null(strstr(msg, "=?"));
	free(msg);
}

static void
test_long_ascii_subject_folds_at_spaces(void **state)
{
	struct mail_message m = base_message();
	char subject[400] = "", *msg, *hs, *v;
	int i;

	(void)state;
	for (i = 0; i < 30; i++)
		app(subject, sizeof(subject),
		    i ? " Wasserfleck" : "Wasserfleck");
	m.subject = subject;
	msg = render_ok(&m, NULL);
	hs = header_section(msg);
	assert_lines_max(hs, 76);
	v = header_value(msg, "Subject");
	assert_string_equal(v, subject);
	assert_null(strstr(v, "=?"));
	free(v);
	free(hs);
	free(msg);
}

static void
test_long_non_ascii_subject_splits_on_char_boundaries(void **state)
{
	static const char *const pieces[] = {
	    "Wasserfleck über der Tür im Schlafzimmer – ÄÖÜ äöü ß € ",
	    "ü",
	    "€",
	    "😀",
	    "a😀",
	    "ab€",
	};
	struct mail_message m = base_message();
	char subject[1200], *msg, *hs, *v, *dec;
	size_t k;
	int words;

	(void)state;
	for (k = 0; k < sizeof(pieces) / sizeof(pieces[0]); k++) {
		subject[0] = '\0';
		hd_strlcpy(
		    subject, "[V-2026-00007] Neuer Vorgang: ", sizeof(subject));
		while (strlen(subject) + strlen(pieces[k]) < 600)
			app(subject, sizeof(subject), pieces[k]);
		m.subject = subject;
		msg = render_ok(&m, NULL);
		hs = header_section(msg);
		assert_lines_max(hs, 76);
		v = header_value(msg, "Subject");
		dec = ew_decode(v, &words);
		assert_string_equal(dec, subject);
		assert_true(words >= 3);
		free(dec);
		free(v);
		free(hs);
		free(msg);
	}
}

static void
test_display_names_plain_quoted_or_encoded(void **state)
{
	struct mail_message m = base_message();
	char *msg, *v, *dec;
	int words;

	(void)state;
	msg = render_ok(&m, NULL);
	assert_non_null(
	    strstr(msg, "\r\nTo: Frau Huber <huber@example.org>\r\n"));
	assert_non_null(
	    strstr(msg, "From: ABC Hausverwaltung <noreply@example.org>\r\n"));
	free(msg);

	m.to_name = "Huber, Anna (Buchhaltung)";
	m.from_name = NULL;
	msg = render_ok(&m, NULL);
	assert_non_null(strstr(msg,
	    "\r\nTo: \"Huber, Anna (Buchhaltung)\" <huber@example.org>\r\n"));
	assert_non_null(strstr(msg, "From: noreply@example.org\r\n"));
	free(msg);

	m.to_name = "Sam \"Q\" Back\\slash";
	msg = render_ok(&m, NULL);
	assert_non_null(strstr(msg,
	    "\r\nTo: \"Sam \\\"Q\\\" Back\\\\slash\" <huber@example.org>"));
	free(msg);

	m.to_name = "Herr Müller, Hausmeister";
	msg = render_ok(&m, NULL);
	v = header_value(msg, "To");
	dec = ew_decode(v, &words);
	assert_string_equal(
	    dec, "Herr Müller, Hausmeister <huber@example.org>");
	free(dec);
	free(v);
	free(msg);
}

static void
test_crlf_in_header_values_is_rejected(void **state)
{
	struct mail_message m;
	char *out = (char *)1;
	size_t len = 99;

	(void)state;
	m = base_message();
	m.subject = "Hallo\r\nBcc: evil@example.com";
	assert_int_equal(mail_message_render(&m, &out, &len), HD_EINVAL);
	assert_null(out);

	m = base_message();
	m.subject = "Hallo\nBcc: evil@example.com";
	assert_int_equal(mail_message_render(&m, &out, &len), HD_EINVAL);

	m = base_message();
	m.to_name = "Frau Huber\r\nBcc: evil@example.com";
	assert_int_equal(mail_message_render(&m, &out, &len), HD_EINVAL);

	m = base_message();
	m.from_name = "ABC\rHausverwaltung";
	assert_int_equal(mail_message_render(&m, &out, &len), HD_EINVAL);

	m = base_message();
	m.to_addr = "huber@example.org\r\nBcc: evil@example.com";
	assert_int_equal(mail_message_render(&m, &out, &len), HD_EINVAL);

	m = base_message();
	m.message_id = "<1@x>\r\nBcc: evil@example.com";
	assert_int_equal(mail_message_render(&m, &out, &len), HD_EINVAL);
}

static void
test_empty_address_or_bad_utf8_is_rejected(void **state)
{
	struct mail_message m;
	char *out = NULL;

	(void)state;
	m = base_message();
	m.to_addr = "";
	assert_int_equal(mail_message_render(&m, &out, NULL), HD_EINVAL);
	m = base_message();
	m.from_addr = NULL;
	assert_int_equal(mail_message_render(&m, &out, NULL), HD_EINVAL);
	m = base_message();
	m.to_addr = "Frau Huber <huber@example.org>";
	assert_int_equal(mail_message_render(&m, &out, NULL), HD_EINVAL);
	m = base_message();
	m.subject = "M\xfcller"; /* Latin-1, not UTF-8 */
	assert_int_equal(mail_message_render(&m, &out, NULL), HD_EINVAL);
	assert_null(out);
}

/* --- Date and fixed headers ----------------------------------------------- */

static void
test_date_is_rfc5322_utc(void **state)
{
	struct mail_message m = base_message();
	char *msg;

	(void)state;
	msg = render_ok(&m, NULL);
	assert_non_null(
	    strstr(msg, "Date: Fri, 27 Nov 2026 08:00:00 +0000\r\n"));
	free(msg);

	m.date = 0;
	msg = render_ok(&m, NULL);
	assert_non_null(
	    strstr(msg, "Date: Thu, 01 Jan 1970 00:00:00 +0000\r\n"));
	free(msg);

	m.date = 1709251199; /* 2024-02-29 23:59:59 */
	msg = render_ok(&m, NULL);
	assert_non_null(
	    strstr(msg, "Date: Thu, 29 Feb 2024 23:59:59 +0000\r\n"));
	free(msg);
}

static void
test_fixed_headers_present(void **state)
{
	struct mail_message m = base_message();
	char *msg;

	(void)state;
	msg = render_ok(&m, NULL);
	assert_non_null(strstr(msg, "\r\nMessage-ID: <1.abc@example.org>\r\n"));
	assert_non_null(strstr(msg, "\r\nMIME-Version: 1.0\r\n"));
	assert_non_null(
	    strstr(msg, "\r\nContent-Type: text/plain; charset=UTF-8\r\n"));
	assert_non_null(
	    strstr(msg, "\r\nContent-Transfer-Encoding: quoted-printable\r\n"));
	assert_non_null(strstr(msg, "\r\nAuto-Submitted: auto-generated\r\n"));
	assert_non_null(strstr(msg, "\r\nX-Auto-Response-Suppress: All\r\n"));
	free(msg);
}

/* --- Body ------------------------------------------------------------------
 */

static void
test_body_line_ends_become_crlf(void **state)
{
	struct mail_message m = base_message();
	char *msg;
	size_t len;

	(void)state;
	m.body = "Zeile 1\nZeile 2\r\nZeile 3\rEnde";
	msg = render_ok(&m, &len);
	assert_crlf_only(msg, len);
	assert_string_equal(
	    body_of(msg), "Zeile 1\r\nZeile 2\r\nZeile 3\r\nEnde\r\n");
	free(msg);

	m.body = "";
	msg = render_ok(&m, &len);
	assert_string_equal(body_of(msg), "");
	free(msg);
}

static void
test_body_quoted_printable_umlauts_equals_and_spaces(void **state)
{
	struct mail_message m = base_message();
	char *msg;

	(void)state;
	m.body = "Grüße = 1\nEnde mit Leerzeichen \nTab\t\n";
	msg = render_ok(&m, NULL);
	assert_string_equal(body_of(msg), "Gr=C3=BC=C3=9Fe =3D 1\r\n"
					  "Ende mit Leerzeichen=20\r\n"
					  "Tab=09\r\n");
	free(msg);
}

static void
test_body_long_lines_get_soft_breaks(void **state)
{
	struct mail_message m = base_message();
	char body[4096] = "", *msg, *dec, *want;
	size_t len;
	int i;

	(void)state;
	for (i = 0; i < 40; i++)
		app(body, sizeof(body), "Wasserfleck über der Tür = nass. ");
	app(body, sizeof(body), "\n");
	for (i = 0; i < 300; i++)
		app(body, sizeof(body), "ü");
	app(body, sizeof(body), "\nkurz\n");
	m.body = body;
	msg = render_ok(&m, &len);
	assert_crlf_only(msg, len);
	assert_lines_max(body_of(msg), 76);
	assert_non_null(strstr(body_of(msg), "=\r\n"));
	/* A soft break never splits an =XX escape. */
	for (const char *p = body_of(msg); *p != '\0'; p++)
		if (*p == '=')
			assert_true((p[1] == '\r' && p[2] == '\n') ||
				    (hexval(p[1]) >= 0 && hexval(p[2]) >= 0));
	dec = qp_decode(body_of(msg));
	want = malloc(strlen(body) * 2 + 1);
	assert_non_null(want);
	{
		char *o = want;

		for (const char *p = body; *p != '\0'; p++) {
			if (*p == '\n')
				*o++ = '\r';
			*o++ = *p;
		}
		*o = '\0';
	}
	assert_string_equal(dec, want);
	free(want);
	free(dec);
	free(msg);
}

static void
test_body_lines_starting_with_dot_pass_through(void **state)
{
	struct mail_message m = base_message();
	char *msg, *dec;

	(void)state;
	m.body = "Erste Zeile\n.\n.versteckt\n..zwei\n";
	msg = render_ok(&m, NULL);
	assert_string_equal(
	    body_of(msg), "Erste Zeile\r\n.\r\n.versteckt\r\n..zwei\r\n");
	free(msg);
	dec = rendered_body_decoded(&m);
	assert_string_equal(
	    dec, "Erste Zeile\r\n.\r\n.versteckt\r\n..zwei\r\n");
	free(dec);
}

/* --- Message-ID ------------------------------------------------------------
 */

static void
test_message_ids_are_unique_and_well_formed(void **state)
{
	enum { N = 500 };
	char(*ids)[96] = calloc(N, sizeof(*ids));
	int i, j;

	(void)state;
	assert_non_null(ids);
	for (i = 0; i < N; i++) {
		size_t n;

		mail_message_id_new("noreply@example.org", ids[i], 96);
		n = strlen(ids[i]);
		assert_true(n > 20 && n < 96);
		assert_int_equal(ids[i][0], '<');
		assert_int_equal(ids[i][n - 1], '>');
		assert_non_null(strstr(ids[i], "@example.org>"));
		assert_ptr_equal(strchr(ids[i], '@'), strrchr(ids[i], '@'));
		for (size_t k = 0; k < n; k++)
			assert_true(ids[i][k] > 0x20 && ids[i][k] < 0x7f);
		for (j = 0; j < i; j++)
			assert_string_not_equal(ids[i], ids[j]);
		/* Made later, sorted later: the outbox's unique index on
		 * message_id grows at its end. */
		if (i > 0)
			assert_true(strcmp(ids[i - 1], ids[i]) < 0);
	}
	free(ids);
}

static void
test_message_id_falls_back_to_hausdesk_domain(void **state)
{
	char id[96];

	(void)state;
	mail_message_id_new(NULL, id, sizeof(id));
	assert_non_null(strstr(id, "@hausdesk>"));
	mail_message_id_new("no-at-sign", id, sizeof(id));
	assert_non_null(strstr(id, "@hausdesk>"));
	mail_message_id_new("x@evil>\r\nBcc: a@b", id, sizeof(id));
	assert_non_null(strstr(id, "@hausdesk>"));
	assert_false(hd_has_crlf(id));
	mail_message_id_new(
	    "x@a-very-long-subdomain.of-a-very-long-domain-name."
	    "example.org",
	    id, sizeof(id));
	assert_int_equal(id[strlen(id) - 1], '>');
}

/* --- Maildir ---------------------------------------------------------------
 */

static void
test_maildir_delivers_one_file_into_new(void **state)
{
	struct mail_transport_config cfg = {0};
	struct mail_transport *t = NULL;
	struct mail_message m = base_message();
	char *dir = make_tmpdir(), md[512], sub[600], name[256], path[900];
	char err[256], *msg, *got;
	struct stat sb;
	size_t len;
	FILE *f;

	(void)state;
	snprintf(md, sizeof(md), "%s/a/b/Maildir", dir);
	cfg.maildir = md;
	assert_int_equal(mail_transport_new(&cfg, &t), HD_OK);
	m.body = "Grüße\n.\nEnde\n";
	msg = render_ok(&m, &len);
	assert_int_equal(mail_transport_send(t, m.from_addr, m.to_addr, msg,
			     len, err, sizeof(err)),
	    MAIL_SENT);

	snprintf(sub, sizeof(sub), "%s/new", md);
	assert_int_equal(count_entries(sub, name, sizeof(name)), 1);
	assert_non_null(strstr(name, ".hausdesk"));
	snprintf(sub, sizeof(sub), "%s/tmp", md);
	assert_int_equal(count_entries(sub, NULL, 0), 0);
	snprintf(sub, sizeof(sub), "%s/cur", md);
	assert_int_equal(stat(sub, &sb), 0);
	assert_true(S_ISDIR(sb.st_mode));
	assert_int_equal(sb.st_mode & 0777, 0700);

	snprintf(path, sizeof(path), "%s/new/%s", md, name);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal((size_t)sb.st_size, len);
	got = malloc(len + 1);
	assert_non_null(got);
	assert_non_null(f = fopen(path, "rb"));
	assert_int_equal(fread(got, 1, len + 1, f), len);
	fclose(f);
	assert_memory_equal(got, msg, len);

	/* A second message is a second file. */
	assert_int_equal(mail_transport_send(t, m.from_addr, m.to_addr, msg,
			     len, err, sizeof(err)),
	    MAIL_SENT);
	snprintf(sub, sizeof(sub), "%s/new", md);
	assert_int_equal(count_entries(sub, NULL, 0), 2);

	free(got);
	free(msg);
	mail_transport_free(t);
	rm_rf(dir);
	free(dir);
}

static void
test_maildir_under_a_regular_file_fails(void **state)
{
	struct mail_transport_config cfg = {0};
	struct mail_transport *t = NULL;
	char *dir = make_tmpdir(), file[512], md[600], err[256];
	int fd;

	(void)state;
	snprintf(file, sizeof(file), "%s/plainfile", dir);
	assert_true((fd = open(file, O_WRONLY | O_CREAT, 0600)) >= 0);
	close(fd);

	/* At start-up: HD_EIO. */
	snprintf(md, sizeof(md), "%s/Maildir", file);
	cfg.maildir = md;
	assert_int_equal(mail_transport_new(&cfg, &t), HD_EIO);
	assert_null(t);

	/* Later (maildir replaced by a file): MAIL_TEMPFAIL with a reason. */
	snprintf(md, sizeof(md), "%s/Maildir", dir);
	assert_int_equal(mail_transport_new(&cfg, &t), HD_OK);
	rm_rf(md);
	assert_int_equal(rename(file, md), 0);
	err[0] = '\0';
	assert_int_equal(mail_transport_send(t, "a@example.org",
			     "b@example.org", "x\r\n", 3, err, sizeof(err)),
	    MAIL_TEMPFAIL);
	assert_true(strlen(err) > 0);
	assert_non_null(strstr(err, strerror(ENOTDIR)));

	mail_transport_free(t);
	rm_rf(dir);
	free(dir);
}

static void
test_transport_rejects_bad_config(void **state)
{
	struct mail_transport_config cfg = {0};
	struct mail_transport *t = (struct mail_transport *)1;

	(void)state;
	assert_int_equal(mail_transport_new(&cfg, &t), HD_EINVAL);
	assert_null(t);
	cfg.smtp_url = "http://localhost:25";
	assert_int_equal(mail_transport_new(&cfg, &t), HD_EINVAL);
	cfg.smtp_url = "smtp://localhost:25";
	cfg.timeout_ms = -1;
	assert_int_equal(mail_transport_new(&cfg, &t), HD_EINVAL);
	assert_int_equal(mail_transport_new(NULL, &t), HD_EINVAL);
	mail_transport_free(NULL);
}

/* --- SMTP failures ---------------------------------------------------------
 */

static int
closed_port(void)
{
	struct sockaddr_in sa = {0};
	socklen_t sl = sizeof(sa);
	int fd, port;

	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_true((fd = socket(AF_INET, SOCK_STREAM, 0)) >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &sl), 0);
	port = ntohs(sa.sin_port);
	close(fd);
	return port;
}

static struct mail_transport *
smtp_transport(int port, const char *user, const char *password)
{
	struct mail_transport_config cfg = {0};
	struct mail_transport *t = NULL;
	char url[64];

	snprintf(url, sizeof(url), "smtp://127.0.0.1:%d", port);
	cfg.smtp_url = url;
	cfg.smtp_user = user;
	cfg.smtp_password = password;
	cfg.timeout_ms = 5000;
	assert_int_equal(mail_transport_new(&cfg, &t), HD_OK);
	return t;
}

static void
test_smtp_closed_port_is_tempfail(void **state)
{
	struct mail_transport *t = smtp_transport(closed_port(), NULL, NULL);
	char err[256] = "";

	(void)state;
	assert_int_equal(mail_transport_send(t, "a@example.org",
			     "b@example.org", "x\r\n", 3, err, sizeof(err)),
	    MAIL_TEMPFAIL);
	assert_non_null(strstr(err, "Verbindung fehlgeschlagen"));
	mail_transport_free(t);
}

static void
test_smtp_envelope_with_crlf_is_permfail_without_connecting(void **state)
{
	struct mail_transport *t = smtp_transport(closed_port(), NULL, NULL);
	char err[256] = "";

	(void)state;
	/* A connection attempt would give TEMPFAIL (closed port). */
	assert_int_equal(mail_transport_send(t, "a@example.org",
			     "b@example.org\r\nRCPT TO:<c@example.org>",
			     "x\r\n", 3, err, sizeof(err)),
	    MAIL_PERMFAIL);
	assert_true(strlen(err) > 0);
	mail_transport_free(t);
}

/*
 * A scripted SMTP peer for the failure paths only (success is tested
 * against a real server in the black-box tests): answers each command
 * from the script and records nothing.
 */
struct fake_smtp {
	int lfd, port;
	const char *greeting, *ehlo, *auth, *rcpt;
	const char *dot; /* the reply to the final dot; NULL: 250 */
	pthread_t th;
	atomic_bool accepted, got_dot;
};

static void
say(int fd, const char *s)
{
	size_t n = strlen(s);

	while (n > 0) {
		ssize_t w = write(fd, s, n);

		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

static void *
fake_smtp_run(void *arg)
{
	struct fake_smtp *f = arg;
	struct pollfd pfd = {.fd = f->lfd, .events = POLLIN};
	char buf[8192], line[1024];
	size_t have = 0;
	bool in_data = false;
	int fd;

	if (poll(&pfd, 1, 10000) != 1)
		return NULL;
	if ((fd = accept(f->lfd, NULL, NULL)) < 0)
		return NULL;
	atomic_store(&f->accepted, true);
	say(fd, f->greeting);
	for (;;) {
		char *nl;
		ssize_t r;

		while ((nl = memchr(buf, '\n', have)) == NULL) {
			pfd.fd = fd;
			if (have == sizeof(buf) || poll(&pfd, 1, 10000) != 1 ||
			    (r = read(fd, buf + have, sizeof(buf) - have)) <= 0)
				goto done;
			have += (size_t)r;
		}
		snprintf(line, sizeof(line), "%.*s", (int)(nl - buf), buf);
		have -= (size_t)(nl + 1 - buf);
		memmove(buf, nl + 1, have);
		if (in_data) {
			if (strcmp(line, ".\r") == 0) {
				in_data = false;
				atomic_store(&f->got_dot, true);
				say(fd,
				    f->dot ? f->dot : "250 2.0.0 queued\r\n");
			}
		} else if (strncasecmp(line, "EHLO", 4) == 0 ||
			   strncasecmp(line, "HELO", 4) == 0) {
			say(fd, f->ehlo);
		} else if (strncasecmp(line, "AUTH", 4) == 0) {
			say(fd, f->auth);
		} else if (strncasecmp(line, "MAIL", 4) == 0) {
			say(fd, "250 2.1.0 ok\r\n");
		} else if (strncasecmp(line, "RCPT", 4) == 0) {
			say(fd, f->rcpt);
		} else if (strncasecmp(line, "DATA", 4) == 0) {
			say(fd, "354 go ahead\r\n");
			in_data = true;
		} else if (strncasecmp(line, "QUIT", 4) == 0) {
			say(fd, "221 2.0.0 bye\r\n");
			break;
		} else {
			say(fd, "250 ok\r\n");
		}
	}
done:
	close(fd);
	return NULL;
}

static void
fake_smtp_start(struct fake_smtp *f)
{
	struct sockaddr_in sa = {0};
	socklen_t sl = sizeof(sa);

	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_true((f->lfd = socket(AF_INET, SOCK_STREAM, 0)) >= 0);
	assert_int_equal(bind(f->lfd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(f->lfd, 4), 0);
	assert_int_equal(getsockname(f->lfd, (struct sockaddr *)&sa, &sl), 0);
	f->port = ntohs(sa.sin_port);
	assert_int_equal(pthread_create(&f->th, NULL, fake_smtp_run, f), 0);
}

/* Sends one message through a scripted server; returns the result. */
static enum mail_send_result
send_via_script(struct fake_smtp *f, const char *user, char *err, size_t errlen)
{
	static const char msg[] = "Subject: x\r\n\r\nx\r\n";
	struct mail_transport *t;
	enum mail_send_result r;

	fake_smtp_start(f);
	t = smtp_transport(f->port, user, user != NULL ? "secret" : NULL);
	r = mail_transport_send(t, "noreply@example.org", "huber@example.org",
	    msg, sizeof(msg) - 1, err, errlen);
	mail_transport_free(t);
	pthread_join(f->th, NULL);
	close(f->lfd);
	return r;
}

static void
test_smtp_recipient_rejected_5xx_is_permfail(void **state)
{
	struct fake_smtp f = {
	    .greeting = "220 fake ESMTP\r\n",
	    .ehlo = "250-fake\r\n250 8BITMIME\r\n",
	    .auth = "503 no\r\n",
	    .rcpt = "550 5.1.1 <huber@example.org>: recipient rejected\r\n",
	};
	char err[256] = "";

	(void)state;
	assert_int_equal(
	    send_via_script(&f, NULL, err, sizeof(err)), MAIL_PERMFAIL);
	assert_string_equal(
	    err, "550 5.1.1 <huber@example.org>: recipient rejected");
}

static void
test_smtp_recipient_deferred_4xx_is_tempfail(void **state)
{
	struct fake_smtp f = {
	    .greeting = "220 fake ESMTP\r\n",
	    .ehlo = "250-fake\r\n250 8BITMIME\r\n",
	    .auth = "503 no\r\n",
	    .rcpt = "450 4.2.0 <huber@example.org>: greylisted\r\n",
	};
	char err[256] = "";

	(void)state;
	assert_int_equal(
	    send_via_script(&f, NULL, err, sizeof(err)), MAIL_TEMPFAIL);
	assert_non_null(strstr(err, "450 4.2.0"));
}

static void
test_smtp_server_refusing_service_5xx_is_tempfail(void **state)
{
	struct fake_smtp f = {
	    .greeting = "554 5.3.2 no service\r\n",
	    .ehlo = "250 fake\r\n",
	    .auth = "503 no\r\n",
	    .rcpt = "250 ok\r\n",
	};
	char err[256] = "";

	(void)state;
	/* Not this recipient's fault: the outbox must keep the mail. */
	assert_int_equal(
	    send_via_script(&f, NULL, err, sizeof(err)), MAIL_TEMPFAIL);
	assert_non_null(strstr(err, "554"));
}

static void
test_smtp_login_denied_5xx_is_tempfail(void **state)
{
	struct fake_smtp f = {
	    .greeting = "220 fake ESMTP\r\n",
	    .ehlo = "250-fake\r\n250 AUTH PLAIN LOGIN\r\n",
	    .auth = "535 5.7.8 authentication failed\r\n",
	    .rcpt = "250 ok\r\n",
	};
	char err[256] = "";

	(void)state;
	/* A wrong password must not discard every queued mail. */
	assert_int_equal(
	    send_via_script(&f, "hausdesk", err, sizeof(err)), MAIL_TEMPFAIL);
	assert_non_null(strstr(err, "535"));
	assert_null(strstr(err, "secret"));
}

/* --- SMTP servers that stop answering -------------------------------------
 */

static const char silent_msg[] = "Subject: x\r\n\r\nx\r\n";

static struct mail_transport *
smtp_transport_cap(int port, long cap_ms)
{
	struct mail_transport_config cfg = {0};
	struct mail_transport *t = NULL;
	char url[64];

	snprintf(url, sizeof(url), "smtp://127.0.0.1:%d", port);
	cfg.smtp_url = url;
	cfg.timeout_ms = cap_ms;
	assert_int_equal(mail_transport_new(&cfg, &t), HD_OK);
	return t;
}

static void
fake_smtp_stop(struct fake_smtp *f)
{
	pthread_join(f->th, NULL);
	close(f->lfd);
}

/* A server that accepts the connection and never greets costs one
 * attempt (a temporary failure), once its time-out has passed. */
static void
test_smtp_server_that_never_greets_times_out(void **state)
{
	struct fake_smtp f = {.greeting = "", .ehlo = "250 fake\r\n"};
	struct mail_transport *t;
	char err[256] = "";

	(void)state;
	fake_smtp_start(&f);
	t = smtp_transport_cap(f.port, 300);
	assert_int_equal(
	    mail_transport_send(t, "a@example.org", "b@example.org", silent_msg,
		sizeof(silent_msg) - 1, err, sizeof(err)),
	    MAIL_TEMPFAIL);
	assert_non_null(strstr(err, "Zeitüberschreitung"));
	assert_non_null(strstr(err, "Begrüßung"));
	mail_transport_free(t);
	fake_smtp_stop(&f);
}

/* Silent after the data: the attempt fails (it will be retried with the
 * same Message-ID), and the next send on the same transport works. */
static void
test_smtp_server_silent_after_the_data_times_out(void **state)
{
	struct fake_smtp f = {
	    .greeting = "220 fake ESMTP\r\n",
	    .ehlo = "250 fake\r\n",
	    .auth = "503 no\r\n",
	    .rcpt = "250 ok\r\n",
	    .dot = "",
	};
	struct fake_smtp g = {
	    .greeting = "220 fake ESMTP\r\n",
	    .ehlo = "250 fake\r\n",
	    .auth = "503 no\r\n",
	    .rcpt = "250 ok\r\n",
	};
	struct mail_transport *t;
	char err[256] = "";

	(void)state;
	fake_smtp_start(&f);
	t = smtp_transport_cap(f.port, 300);
	assert_int_equal(
	    mail_transport_send(t, "a@example.org", "b@example.org", silent_msg,
		sizeof(silent_msg) - 1, err, sizeof(err)),
	    MAIL_TEMPFAIL);
	assert_true(atomic_load(&f.got_dot));
	assert_non_null(strstr(err, "Ende der Daten"));
	mail_transport_free(t);
	fake_smtp_stop(&f);

	/* The same kind of transport, a server that answers: sent. */
	fake_smtp_start(&g);
	t = smtp_transport_cap(g.port, 300);
	assert_int_equal(
	    mail_transport_send(t, "a@example.org", "b@example.org", silent_msg,
		sizeof(silent_msg) - 1, err, sizeof(err)),
	    MAIL_SENT);
	mail_transport_free(t);
	fake_smtp_stop(&g);
}

struct bg_send {
	struct mail_transport *t;
	pthread_t th;
	enum mail_send_result r;
	char err[256];
};

static void *
bg_send_run(void *arg)
{
	struct bg_send *b = arg;

	b->r = mail_transport_send(b->t, "a@example.org", "b@example.org",
	    silent_msg, sizeof(silent_msg) - 1, b->err, sizeof(b->err));
	return NULL;
}

/* Waits (at most 10 s) for flag. */
static void
wait_flag(atomic_bool *flag)
{
	int i;

	for (i = 0; i < 1000 && !atomic_load(flag); i++)
		usleep(10000);
	assert_true(atomic_load(flag));
}

/*
 * Shutdown must not wait for a silent server: mail_transport_abort from
 * another thread ends a send that waits with the full RFC 5321 time-outs
 * (minutes) — here while libcurl waits for the reply to the final dot,
 * and then for a greeting — as a temporary failure. The fake server gives
 * up after 10 s: a send that ended only then fails with another reason.
 */
static void
abort_while(struct fake_smtp *f, atomic_bool *when)
{
	struct bg_send b = {0};
	char err[256] = "";

	fake_smtp_start(f);
	b.t = smtp_transport_cap(f->port, 0);
	assert_int_equal(pthread_create(&b.th, NULL, bg_send_run, &b), 0);
	wait_flag(when);
	usleep(100000); /* let it settle into the wait */
	mail_transport_abort(b.t);
	pthread_join(b.th, NULL);
	assert_int_equal(b.r, MAIL_TEMPFAIL);
	assert_non_null(strstr(b.err, "abgebrochen"));
	/* Aborted for good: the next send does not even start. */
	assert_int_equal(
	    mail_transport_send(b.t, "a@example.org", "b@example.org",
		silent_msg, sizeof(silent_msg) - 1, err, sizeof(err)),
	    MAIL_TEMPFAIL);
	assert_non_null(strstr(err, "abgebrochen"));
	mail_transport_free(b.t);
	fake_smtp_stop(f);
}

static void
test_smtp_abort_ends_the_wait_after_the_final_dot(void **state)
{
	struct fake_smtp f = {
	    .greeting = "220 fake ESMTP\r\n",
	    .ehlo = "250 fake\r\n",
	    .auth = "503 no\r\n",
	    .rcpt = "250 ok\r\n",
	    .dot = "",
	};

	(void)state;
	abort_while(&f, &f.got_dot);
}

static void
test_smtp_abort_ends_the_wait_for_the_greeting(void **state)
{
	struct fake_smtp f = {.greeting = "", .ehlo = "250 fake\r\n"};

	(void)state;
	abort_while(&f, &f.accepted);
}

/* --- The retry schedule ----------------------------------------------------
 */

#define HOUR_MS (3600 * 1000LL)

static void
test_retry_doubles_from_the_base_up_to_an_hour(void **state)
{
	struct mail_retry r = {.base_ms = 30000, .give_up_ms = 120 * HOUR_MS};

	(void)state;
	assert_int_equal(mail_retry_delay(&r, 1), 30000);
	assert_int_equal(mail_retry_delay(&r, 2), 60000);
	assert_int_equal(mail_retry_delay(&r, 3), 120000);
	assert_int_equal(mail_retry_delay(&r, 7), 30000 * 64);
	assert_int_equal(mail_retry_delay(&r, 8), HOUR_MS); /* 64 min */
	assert_int_equal(mail_retry_delay(&r, 100000), HOUR_MS);
}

/* Like an MTA: an outage of hours is not the end of a mail; days are. */
static void
test_retry_goes_on_for_days_and_gives_up_after_the_give_up_time(void **state)
{
	struct mail_retry r = {.base_ms = 30000, .give_up_ms = 120 * HOUR_MS};
	int64_t q = 1000000000000LL; /* queued */

	(void)state;
	/* The old limit of 8 attempts is no limit any more. */
	assert_int_equal(
	    mail_retry_next(&r, 8, q, q + 2 * HOUR_MS, false), q + 3 * HOUR_MS);
	assert_int_equal(mail_retry_next(&r, 120, q, q + 119 * HOUR_MS, false),
	    q + 120 * HOUR_MS);
	/* Older than five days: failed for good. */
	assert_int_equal(
	    mail_retry_next(&r, 121, q, q + 120 * HOUR_MS, false), 0);
	/* A 5xx fails at once. */
	assert_int_equal(mail_retry_next(&r, 1, q, q + 1000, true), 0);
}

static void
test_retry_attempt_cap_is_optional(void **state)
{
	struct mail_retry r = {
	    .base_ms = 200, .give_up_ms = 120 * HOUR_MS, .max_attempts = 3};
	int64_t q = 1000000000000LL;

	(void)state;
	assert_int_equal(
	    mail_retry_next(&r, 2, q, q + 1000, false), q + 1000 + 400);
	assert_int_equal(mail_retry_next(&r, 3, q, q + 2000, false), 0);
	r.max_attempts = 0;
	assert_int_equal(
	    mail_retry_next(&r, 3, q, q + 2000, false), q + 2000 + 800);
}

/* --- Templates --------------------------------------------------------------
 */

static struct mail_vorgang
seed_vorgang(void)
{
	struct mail_vorgang v = {
	    .org_name = "ABC Hausverwaltung",
	    .number = "V-2026-00007",
	    .type_name = "Schadensmeldung",
	    .property_name = "Max-Planck-Straße 12",
	    .unit_label = "Whg. 3, 2. OG links",
	    .reporter_name = "Herr Müller",
	    .subject = "Wasserfleck an der Decke",
	    .description = "Seit gestern tropft es <b>hier</b> & da.\n"
			   "Zweite Zeile = wichtig.",
	    .link = "https://hausdesk.example.org/vorgaenge/7",
	};
	return v;
}

static void
test_assigned_mail_names_number_link_reason_and_fields(void **state)
{
	struct mail_vorgang v = seed_vorgang();
	struct mail_text t;

	(void)state;
	assert_int_equal(mail_tpl_assigned(&t, &v, "Herr Schmidt",
			     "Herr Schmidt: Rolle Sachbearbeitung in "
			     "Max-Planck-Straße 12"),
	    HD_OK);
	assert_string_equal(t.subject, "[V-2026-00007] Neuer Vorgang: "
				       "Schadensmeldung – Wasserfleck an der "
				       "Decke");
	assert_non_null(strstr(t.body, "Guten Tag Herr Schmidt,\n"));
	assert_non_null(strstr(t.body, "V-2026-00007"));
	assert_non_null(strstr(t.body, "Vorgangstyp:   Schadensmeldung\n"));
	assert_non_null(
	    strstr(t.body, "Liegenschaft:  Max-Planck-Straße 12\n"));
	assert_non_null(strstr(t.body, "Einheit:       Whg. 3, 2. OG links\n"));
	assert_non_null(strstr(t.body, "Gemeldet von:  Herr Müller\n"));
	assert_non_null(
	    strstr(t.body, "Betreff:       Wasserfleck an der Decke\n"));
	assert_non_null(strstr(t.body, v.description)); /* verbatim */
	assert_non_null(strstr(t.body,
	    "Herr Schmidt: Rolle Sachbearbeitung in Max-Planck-Straße 12"));
	assert_non_null(
	    strstr(t.body, "\nhttps://hausdesk.example.org/vorgaenge/7\n"));
	assert_non_null(strstr(t.body, "\nABC Hausverwaltung\n"));
	mail_text_cleanup(&t);
	assert_null(t.subject);
	assert_null(t.body);

	v.unit_label = NULL;
	assert_int_equal(mail_tpl_assigned(&t, &v, "Frau Huber", "x"), HD_OK);
	assert_null(strstr(t.body, "Einheit:"));
	mail_text_cleanup(&t);
}

static void
test_receipt_mail_confirms_request(void **state)
{
	struct mail_vorgang v = seed_vorgang();
	struct mail_text t;

	(void)state;
	assert_int_equal(mail_tpl_receipt(&t, &v, "Herr Müller"), HD_OK);
	assert_non_null(strstr(t.subject, "[V-2026-00007]"));
	assert_string_equal(
	    t.subject, "[V-2026-00007] Ihre Anfrage ist eingegangen");
	assert_non_null(strstr(t.body, "Guten Tag Herr Müller,\n"));
	assert_non_null(
	    strstr(t.body, "Ihre Anfrage V-2026-00007 ist eingegangen."));
	assert_non_null(strstr(t.body, v.link));
	assert_non_null(strstr(t.body, v.description));
	mail_text_cleanup(&t);
}

static void
test_unrouted_mail_gives_reason(void **state)
{
	struct mail_vorgang v = seed_vorgang();
	struct mail_text t;

	(void)state;
	assert_int_equal(mail_tpl_unrouted(&t, &v, "Frau Admin",
			     "Für den Vorgangstyp Schadensmeldung ist keine "
			     "Mitarbeiterrolle hinterlegt."),
	    HD_OK);
	assert_string_equal(t.subject,
	    "[V-2026-00007] Nicht zugeordneter Vorgang: Schadensmeldung – "
	    "Wasserfleck an der Decke");
	assert_non_null(strstr(t.body, "Guten Tag Frau Admin,"));
	assert_non_null(
	    strstr(t.body, "ist keine Mitarbeiterrolle hinterlegt"));
	assert_non_null(strstr(t.body, "Nicht zugeordnet"));
	assert_non_null(strstr(t.body, v.link));
	mail_text_cleanup(&t);
}

static void
test_comment_mail_carries_author_and_text(void **state)
{
	struct mail_vorgang v = seed_vorgang();
	struct mail_text t;

	(void)state;
	assert_int_equal(mail_tpl_comment(&t, &v, "Herr Müller", "Herr Schmidt",
			     "Der Handwerker kommt am Montag.\n"),
	    HD_OK);
	assert_string_equal(
	    t.subject, "[V-2026-00007] Neue Nachricht zu Ihrer Anfrage");
	assert_non_null(strstr(t.body, "Herr Schmidt hat"));
	assert_non_null(strstr(t.body, "Der Handwerker kommt am Montag.\n"));
	assert_non_null(strstr(t.body, v.link));
	mail_text_cleanup(&t);
}

/* Staff get the reporter's reply under a subject that names who answered
 * and what about; control characters in either never reach the header. */
static void
test_reply_mail_to_staff_names_the_author(void **state)
{
	struct mail_vorgang v = seed_vorgang();
	struct mail_text t;

	(void)state;
	assert_int_equal(mail_tpl_reply(&t, &v, "Herr Schmidt", "Frau Yilmaz",
			     "Seit Montag.\n"),
	    HD_OK);
	assert_non_null(strstr(
	    t.subject, "[V-2026-00007] Neue Antwort von Frau Yilmaz zu „"));
	assert_null(strchr(t.subject, '\n'));
	assert_non_null(strstr(t.body, "Guten Tag Herr Schmidt,"));
	assert_non_null(strstr(t.body, "Frau Yilmaz hat"));
	assert_non_null(strstr(t.body, "Seit Montag.\n"));
	mail_text_cleanup(&t);
	assert_int_equal(
	    mail_tpl_reply(&t, &v, "Herr Schmidt", "Frau\r\nBcc: x", "x"),
	    HD_OK);
	assert_null(strchr(t.subject, '\n'));
	assert_null(strchr(t.subject, '\r'));
	mail_text_cleanup(&t);
}

static void
test_invitation_and_reset_mails(void **state)
{
	static const char link[] = "https://hausdesk.example.org/einladung#abc";
	struct mail_text t;

	(void)state;
	assert_int_equal(mail_tpl_invite_employee(
			     &t, "ABC Hausverwaltung", "Frau Huber", link),
	    HD_OK);
	assert_string_equal(
	    t.subject, "Einladung zu hausdesk – ABC Hausverwaltung");
	assert_non_null(strstr(t.body, "Guten Tag Frau Huber,"));
	assert_non_null(strstr(t.body, "\nhttps://hausdesk.example.org/"
				       "einladung#abc\n"));
	assert_non_null(strstr(t.body, "72 Stunden"));
	mail_text_cleanup(&t);

	assert_int_equal(mail_tpl_invite_contact(
			     &t, "ABC Hausverwaltung", "Herr Müller", link),
	    HD_OK);
	assert_string_equal(
	    t.subject, "Einladung zum Kundenportal – ABC Hausverwaltung");
	assert_non_null(strstr(t.body, "Guten Tag Herr Müller,"));
	assert_non_null(strstr(t.body, "Kundenportal"));
	assert_non_null(strstr(t.body, link));
	assert_non_null(strstr(t.body, "72 Stunden"));
	mail_text_cleanup(&t);

	assert_int_equal(
	    mail_tpl_password_reset(&t, "ABC Hausverwaltung", NULL, link),
	    HD_OK);
	assert_string_equal(
	    t.subject, "Passwort zurücksetzen – ABC Hausverwaltung");
	assert_non_null(strstr(t.body, "Guten Tag,\n"));
	assert_non_null(strstr(t.body, link));
	assert_non_null(strstr(t.body, "1 Stunde "));
	mail_text_cleanup(&t);
}

static void
test_template_subject_strips_crlf_and_truncates_utf8(void **state)
{
	struct mail_vorgang v = seed_vorgang();
	struct mail_text t;
	char longsub[700] = "";
	size_t n;
	int i;

	(void)state;
	v.subject = "Wasser\r\nBcc: evil@example.com\nmehr";
	assert_int_equal(mail_tpl_assigned(&t, &v, "Frau Huber", "x"), HD_OK);
	assert_false(hd_has_crlf(t.subject));
	assert_non_null(strstr(t.subject, "Wasser Bcc: evil@example.com mehr"));
	/* The body keeps the user's text as it was. */
	assert_non_null(
	    strstr(t.body, "Wasser\r\nBcc: evil@example.com\nmehr"));
	mail_text_cleanup(&t);

	for (i = 0; i < 301; i++)
		app(longsub, sizeof(longsub), i % 2 ? "ä" : "x");
	v.subject = longsub;
	assert_int_equal(mail_tpl_receipt(&t, &v, "Herr Müller"), HD_OK);
	mail_text_cleanup(&t);
	assert_int_equal(mail_tpl_assigned(&t, &v, "Frau Huber", "x"), HD_OK);
	n = strlen(t.subject);
	assert_true(n < 300);
	assert_true(hd_utf8_valid(t.subject, n));
	assert_string_equal(t.subject + n - strlen("…"), "…");
	mail_text_cleanup(&t);
}

static void
test_template_missing_required_is_einval(void **state)
{
	struct mail_vorgang v = seed_vorgang();
	struct mail_text t;

	(void)state;
	v.number = NULL;
	assert_int_equal(mail_tpl_receipt(&t, &v, "x"), HD_EINVAL);
	assert_null(t.subject);
	assert_null(t.body);
	assert_int_equal(mail_tpl_assigned(&t, NULL, "x", "y"), HD_EINVAL);
	assert_int_equal(
	    mail_tpl_invite_employee(&t, "ABC", "x", NULL), HD_EINVAL);
	assert_int_equal(
	    mail_tpl_password_reset(&t, NULL, "x", "l"), HD_EINVAL);
	mail_text_cleanup(NULL);
}

static void
test_template_output_renders_as_mail(void **state)
{
	struct mail_vorgang v = seed_vorgang();
	struct mail_message m = base_message();
	struct mail_text t;
	char *msg, *subj, *dec, *body;
	size_t len;
	int words;

	(void)state;
	assert_int_equal(mail_tpl_assigned(&t, &v, "Herr Schmidt",
			     "Herr Schmidt: Rolle Sachbearbeitung in "
			     "Max-Planck-Straße 12"),
	    HD_OK);
	m.subject = t.subject;
	m.body = t.body;
	m.to_name = "Herr Schmidt";
	msg = render_ok(&m, &len);
	assert_crlf_only(msg, len);
	subj = header_value(msg, "Subject");
	dec = ew_decode(subj, &words);
	assert_string_equal(dec, t.subject);
	body = qp_decode(body_of(msg));
	assert_non_null(strstr(body, "Gemeldet von:  Herr Müller\r\n"));
	free(body);
	free(dec);
	free(subj);
	free(msg);
	mail_text_cleanup(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_umlaut_subject_is_encoded_word),
	    cmocka_unit_test(test_ascii_subject_stays_plain),
	    cmocka_unit_test(test_long_ascii_subject_folds_at_spaces),
	    cmocka_unit_test(
		test_long_non_ascii_subject_splits_on_char_boundaries),
	    cmocka_unit_test(test_display_names_plain_quoted_or_encoded),
	    cmocka_unit_test(test_crlf_in_header_values_is_rejected),
	    cmocka_unit_test(test_empty_address_or_bad_utf8_is_rejected),
	    cmocka_unit_test(test_date_is_rfc5322_utc),
	    cmocka_unit_test(test_fixed_headers_present),
	    cmocka_unit_test(test_body_line_ends_become_crlf),
	    cmocka_unit_test(
		test_body_quoted_printable_umlauts_equals_and_spaces),
	    cmocka_unit_test(test_body_long_lines_get_soft_breaks),
	    cmocka_unit_test(test_body_lines_starting_with_dot_pass_through),
	    cmocka_unit_test(test_message_ids_are_unique_and_well_formed),
	    cmocka_unit_test(test_message_id_falls_back_to_hausdesk_domain),
	    cmocka_unit_test(test_maildir_delivers_one_file_into_new),
	    cmocka_unit_test(test_maildir_under_a_regular_file_fails),
	    cmocka_unit_test(test_transport_rejects_bad_config),
	    cmocka_unit_test(test_smtp_closed_port_is_tempfail),
	    cmocka_unit_test(
		test_smtp_envelope_with_crlf_is_permfail_without_connecting),
	    cmocka_unit_test(test_smtp_recipient_rejected_5xx_is_permfail),
	    cmocka_unit_test(test_smtp_recipient_deferred_4xx_is_tempfail),
	    cmocka_unit_test(test_smtp_server_refusing_service_5xx_is_tempfail),
	    cmocka_unit_test(test_smtp_login_denied_5xx_is_tempfail),
	    cmocka_unit_test(test_smtp_server_that_never_greets_times_out),
	    cmocka_unit_test(test_smtp_server_silent_after_the_data_times_out),
	    cmocka_unit_test(test_smtp_abort_ends_the_wait_after_the_final_dot),
	    cmocka_unit_test(test_smtp_abort_ends_the_wait_for_the_greeting),
	    cmocka_unit_test(test_retry_doubles_from_the_base_up_to_an_hour),
	    cmocka_unit_test(
		test_retry_goes_on_for_days_and_gives_up_after_the_give_up_time),
	    cmocka_unit_test(test_retry_attempt_cap_is_optional),
	    cmocka_unit_test(
		test_assigned_mail_names_number_link_reason_and_fields),
	    cmocka_unit_test(test_receipt_mail_confirms_request),
	    cmocka_unit_test(test_unrouted_mail_gives_reason),
	    cmocka_unit_test(test_comment_mail_carries_author_and_text),
	    cmocka_unit_test(test_reply_mail_to_staff_names_the_author),
	    cmocka_unit_test(test_invitation_and_reset_mails),
	    cmocka_unit_test(
		test_template_subject_strips_crlf_and_truncates_utf8),
	    cmocka_unit_test(test_template_missing_required_is_einval),
	    cmocka_unit_test(test_template_output_renders_as_mail),
	};

	if (sodium_init() < 0)
		return 1;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return 1;
	/* Our own tables make the Date header locale-proof. */
	setlocale(LC_ALL, "de_DE.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
