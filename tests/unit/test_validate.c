/* SPDX-License-Identifier: MIT */
#include "core/process.h"
#include "core/validate.h"
#include "util/str.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* cmocka.h needs setjmp.h, stdarg.h and stddef.h first. */
#include <cmocka.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- e-mail addresses -------------------------------------------------- */

static void
email_accepts_ordinary_addresses(void **state)
{
	static const char *const ok[] = {
	    "huber@abc-hausverwaltung.de",
	    "frau.huber+rechnung@mail.abc.example",
	    "HUBER@ABC.EXAMPLE",
	    "a@b.co",
	    "m_mueller-2@example.org",
	};
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(ok); i++) {
		if (!hd_valid_email(ok[i]))
			fail_msg("rejected '%s'", ok[i]);
	}
}

static void
email_rejects_missing_parts(void **state)
{
	static const char *const bad[] = {
	    "", "a", "huber", "@abc.example", "huber@",
	    "huber@abc",	  /* no dot in the domain */
	    "huber@abc.example.", /* trailing dot */
	    "huber@.example",	  /* dot right after @ */
	    "huber@abc..example", /* empty label */
	};
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(bad); i++) {
		if (hd_valid_email(bad[i]))
			fail_msg("accepted '%s'", bad[i]);
	}
}

static void
email_rejects_two_at_signs(void **state)
{
	(void)state;
	assert_false(hd_valid_email("huber@@abc.example"));
	assert_false(hd_valid_email("huber@abc@example.org"));
	assert_false(hd_valid_email("a@b.de@c.de"));
}

static void
email_rejects_cr_lf_and_other_header_injection(void **state)
{
	(void)state;
	assert_false(hd_valid_email("huber@abc.example\r\nBcc: x@evil.test"));
	assert_false(hd_valid_email("huber@abc.example\nBcc: x@evil.test"));
	assert_false(hd_valid_email("huber@abc.example\r"));
	assert_false(hd_valid_email("huber@abc.example\n"));
	assert_false(hd_valid_email("hu\rber@abc.example"));
	assert_false(hd_valid_email("huber@abc.example\t"));
	assert_false(hd_valid_email("huber@abc.exam\x7fple"));
	assert_false(hd_valid_email("huber@abc.exam\x01ple"));
}

static void
email_rejects_spaces(void **state)
{
	(void)state;
	assert_false(hd_valid_email("frau huber@abc.example"));
	assert_false(hd_valid_email(" huber@abc.example"));
	assert_false(hd_valid_email("huber@abc.example "));
	assert_false(hd_valid_email("huber @abc.example"));
}

static void
email_rejects_address_delimiters(void **state)
{
	static const char *const bad[] = {
	    "<huber@abc.example>",
	    "Frau Huber <huber@abc.example>",
	    "huber@abc.example>",
	    "hu<ber@abc.example",
	    "huber,schmidt@abc.example",
	    "huber;schmidt@abc.example",
	    "\"huber\"@abc.example",
	    "huber(x)@abc.example",
	    "huber@[127.0.0.1]",
	    "hu:ber@abc.example",
	    "hu\\ber@abc.example",
	};
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(bad); i++) {
		if (hd_valid_email(bad[i]))
			fail_msg("accepted '%s'", bad[i]);
	}
}

/* Builds an address of exactly len bytes: 64 x "a", '@', "b...b.de". */
static void
email_of_length(char *buf, size_t len)
{
	memset(buf, 'a', 64);
	buf[64] = '@';
	memset(buf + 65, 'b', len - 65 - 3);
	memcpy(buf + len - 3, ".de", 4);
}

static void
email_accepts_254_bytes_and_rejects_255(void **state)
{
	char buf[300];

	(void)state;
	email_of_length(buf, HD_MAX_EMAIL);
	assert_int_equal(strlen(buf), 254);
	assert_true(hd_valid_email(buf));
	email_of_length(buf, 255);
	assert_int_equal(strlen(buf), 255);
	assert_false(hd_valid_email(buf));
	email_of_length(buf, 299);
	assert_false(hd_valid_email(buf));
}

/* ---- text fields ------------------------------------------------------- */

static void
text_accepts_ordinary_german_text(void **state)
{
	(void)state;
	assert_true(hd_valid_text(
	    "Heizung in der Küche defekt", HD_MAX_SUBJECT, false));
	assert_true(hd_valid_text("Frage zur Rechnung", HD_MAX_NAME, false));
	assert_true(hd_valid_text("x", 1, false));
	assert_true(hd_valid_text("  Straße  ", HD_MAX_NAME, false));
	assert_true(
	    hd_valid_text("<script>alert(1)</script>", HD_MAX_TEXT, true));
}

static void
text_rejects_blank_and_whitespace_only(void **state)
{
	(void)state;
	assert_false(hd_valid_text("", HD_MAX_SUBJECT, false));
	assert_false(hd_valid_text("", HD_MAX_TEXT, true));
	assert_false(hd_valid_text(" ", HD_MAX_SUBJECT, false));
	assert_false(hd_valid_text("     ", HD_MAX_SUBJECT, false));
	assert_false(hd_valid_text(" \t ", HD_MAX_SUBJECT, false));
	assert_false(hd_valid_text("\n\n", HD_MAX_TEXT, true));
	assert_false(hd_valid_text(" \r\n\t ", HD_MAX_TEXT, true));
}

static void
text_longer_than_max_bytes_is_rejected(void **state)
{
	char buf[HD_MAX_SUBJECT + 2];
	char umlauts[2 * 100 + 2 + 1];
	size_t i;

	(void)state;
	memset(buf, 'x', sizeof(buf) - 1);
	buf[sizeof(buf) - 1] = '\0'; /* HD_MAX_SUBJECT + 1 bytes */
	assert_false(hd_valid_text(buf, HD_MAX_SUBJECT, false));
	buf[HD_MAX_SUBJECT] = '\0';
	assert_true(hd_valid_text(buf, HD_MAX_SUBJECT, false));
	/* The limit is in bytes: 100 umlauts are 200 bytes. */
	for (i = 0; i < 100; i++)
		memcpy(umlauts + 2 * i, "ü", 2);
	umlauts[200] = '\0';
	assert_true(hd_valid_text(umlauts, 200, false));
	assert_false(hd_valid_text(umlauts, 199, false));
	memcpy(umlauts + 200, "ü", 3);
	assert_false(hd_valid_text(umlauts, 200, false));
}

static void
text_rejects_control_characters_in_both_modes(void **state)
{
	static const char *const bad[] = {
	    "a\x01z",
	    "a\x08z",
	    "a\x0bz",
	    "a\x0cz",
	    "a\x1bz",
	    "a\x1fz",
	    "a\x7fz",
	    "\x1b[31mrot",
	};
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(bad); i++) {
		if (hd_valid_text(bad[i], HD_MAX_TEXT, false) ||
		    hd_valid_text(bad[i], HD_MAX_TEXT, true))
			fail_msg("accepted control character #%zu", i);
	}
}

static void
text_newline_allowed_only_when_multiline(void **state)
{
	(void)state;
	assert_false(hd_valid_text("Zeile 1\nZeile 2", HD_MAX_SUBJECT, false));
	assert_false(
	    hd_valid_text("Zeile 1\r\nZeile 2", HD_MAX_SUBJECT, false));
	assert_false(hd_valid_text("Betreff\r", HD_MAX_SUBJECT, false));
	assert_false(
	    hd_valid_text("Betreff\rBcc: x@evil.test", HD_MAX_SUBJECT, false));
	assert_true(hd_valid_text("Zeile 1\nZeile 2", HD_MAX_TEXT, true));
	assert_true(hd_valid_text("Zeile 1\r\nZeile 2\r\n", HD_MAX_TEXT, true));
	assert_true(
	    hd_valid_text("Liste:\n\t- Küche\n\t- Bad", HD_MAX_TEXT, true));
}

/* U+2028, U+2029 and the bidi controls, as UTF-8. */
#define LS "\xe2\x80\xa8"  /* U+2028 LINE SEPARATOR */
#define PS "\xe2\x80\xa9"  /* U+2029 PARAGRAPH SEPARATOR */
#define RLO "\xe2\x80\xae" /* U+202E RIGHT-TO-LEFT OVERRIDE */

static void
text_one_line_rejects_unicode_line_and_paragraph_separators(void **state)
{
	(void)state;
	assert_false(
	    hd_valid_text("Betreff" LS "Bcc: x", HD_MAX_SUBJECT, false));
	assert_false(hd_valid_text("Betreff" PS, HD_MAX_SUBJECT, false));
	assert_false(hd_valid_text(LS, HD_MAX_SUBJECT, false));
	assert_int_equal(
	    hd_text_check("a" LS "b", HD_MAX_SUBJECT, false), HD_TEXT_CONTROL);
	/* Neighbours of U+2028 are ordinary: U+2027, U+2030 (‰). */
	assert_true(hd_valid_text("a\xe2\x80\xa7"
				  "b",
	    HD_MAX_SUBJECT, false));
	assert_true(hd_valid_text("5 \xe2\x80\xb0", HD_MAX_SUBJECT, false));
	assert_true(hd_valid_text(
	    "Gedankenstrich \xe2\x80\x93 ok", HD_MAX_SUBJECT, false));
}

static void
text_rejects_every_bidi_embedding_override_and_isolate_in_both_modes(
    void **state)
{
	static const char *const bidi[] = {
	    "\xe2\x80\xaa", /* U+202A LRE */
	    "\xe2\x80\xab", /* U+202B RLE */
	    "\xe2\x80\xac", /* U+202C PDF */
	    "\xe2\x80\xad", /* U+202D LRO */
	    "\xe2\x80\xae", /* U+202E RLO */
	    "\xe2\x81\xa6", /* U+2066 LRI */
	    "\xe2\x81\xa7", /* U+2067 RLI */
	    "\xe2\x81\xa8", /* U+2068 FSI */
	    "\xe2\x81\xa9", /* U+2069 PDI */
	};
	char buf[64];
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(bidi); i++) {
		snprintf(buf, sizeof(buf), "Rechnung%sfdp.exe", bidi[i]);
		if (hd_valid_text(buf, HD_MAX_TEXT, false) ||
		    hd_valid_text(buf, HD_MAX_TEXT, true))
			fail_msg("accepted bidi control #%zu", i);
		assert_int_equal(
		    hd_text_check(buf, HD_MAX_TEXT, true), HD_TEXT_CONTROL);
		/* At the very end, too (nothing read past the NUL). */
		snprintf(buf, sizeof(buf), "x%s", bidi[i]);
		assert_false(hd_valid_text(buf, HD_MAX_TEXT, false));
	}
	/* Neighbours stay allowed: U+2029 is tested above; U+202F (narrow
	 * no-break space) and U+2065 are not bidi controls. */
	assert_true(hd_valid_text("1\xe2\x80\xaf"
				  "000 \xe2\x82\xac",
	    HD_MAX_SUBJECT, false));
	assert_true(hd_valid_text("a\xe2\x81\xa5"
				  "b",
	    HD_MAX_SUBJECT, false));
	/* The plain marks LRM, RLM and ALM are kept (right-to-left names). */
	assert_true(hd_valid_text("a\xe2\x80\x8e"
				  "b\xe2\x80\x8f"
				  "c\xd8\x9c"
				  "d",
	    HD_MAX_SUBJECT, false));
	/* A truncated sequence at the end is no bidi control (and UTF-8
	 * validity is not this function's job). */
	assert_true(hd_valid_text("a\xe2\x80", HD_MAX_SUBJECT, false));
	assert_true(hd_valid_text("a\xe2", HD_MAX_SUBJECT, false));
}

static void
text_multiline_gets_unicode_breaks_as_lf_and_then_passes(void **state)
{
	char s[64] = "Zeile 1" LS "Zeile 2" PS "Ende" LS;
	size_t n;

	(void)state;
	/* Not before: the caller unifies first. */
	assert_true(hd_text_has_unicode_breaks(s));
	assert_false(hd_valid_text(s, HD_MAX_TEXT, true));
	n = hd_text_unify_breaks(s);
	assert_string_equal(s, "Zeile 1\nZeile 2\nEnde\n");
	assert_int_equal(n, strlen(s));
	assert_false(hd_text_has_unicode_breaks(s));
	assert_true(hd_valid_text(s, HD_MAX_TEXT, true));
	assert_false(hd_valid_text(s, HD_MAX_TEXT, false));
	/* Bidi controls are not line breaks: unifying leaves them. */
	hd_strlcpy(s, "a" RLO "b", sizeof(s));
	assert_false(hd_text_has_unicode_breaks(s));
	assert_int_equal(hd_text_unify_breaks(s), strlen("a" RLO "b"));
	assert_false(hd_valid_text(s, HD_MAX_TEXT, true));
	hd_strlcpy(s, "", sizeof(s));
	assert_int_equal(hd_text_unify_breaks(s), 0);
}

static void
text_check_names_the_fault(void **state)
{
	char long_text[HD_MAX_SUBJECT + 2];

	(void)state;
	memset(long_text, 'x', sizeof(long_text) - 1);
	long_text[sizeof(long_text) - 1] = '\0';
	assert_int_equal(hd_text_check("ok", 10, false), HD_TEXT_OK);
	assert_int_equal(hd_text_check("  ", 10, false), HD_TEXT_BLANK);
	assert_int_equal(hd_text_check("\n", 10, true), HD_TEXT_BLANK);
	assert_int_equal(
	    hd_text_check(long_text, HD_MAX_SUBJECT, false), HD_TEXT_TOO_LONG);
	assert_int_equal(hd_text_check("a\nb", 10, false), HD_TEXT_LINE_BREAK);
	assert_int_equal(hd_text_check("a\tb", 10, false), HD_TEXT_LINE_BREAK);
	assert_int_equal(hd_text_check("a\x01", 10, true), HD_TEXT_CONTROL);
}

/* ---- passwords --------------------------------------------------------- */

static void
password_needs_ten_characters(void **state)
{
	(void)state;
	assert_false(hd_valid_password(""));
	assert_false(hd_valid_password("123456789"));
	assert_true(hd_valid_password("1234567890"));
	assert_true(hd_valid_password("richtig lang und gut"));
}

static void
password_length_counts_characters_not_bytes(void **state)
{
	(void)state;
	/* 10 umlauts are 20 bytes and count as 10 characters. */
	assert_int_equal(strlen("ääääääääää"), 20);
	assert_true(hd_valid_password("ääääääääää"));
	/* 9 umlauts are 18 bytes but only 9 characters. */
	assert_false(hd_valid_password("äääääääää"));
	/* 3 emoji are 12 bytes but only 3 characters. */
	assert_false(hd_valid_password("\xf0\x9f\x94\x91\xf0\x9f\x94\x91"
				       "\xf0\x9f\x94\x91"));
	assert_true(hd_valid_password("Grüße-Köln"));
}

static void
password_over_the_maximum_is_rejected(void **state)
{
	char buf[HD_MAX_PASSWORD + 2];

	(void)state;
	memset(buf, 'p', sizeof(buf) - 1);
	buf[sizeof(buf) - 1] = '\0';
	assert_false(hd_valid_password(buf));
	buf[HD_MAX_PASSWORD] = '\0';
	assert_true(hd_valid_password(buf));
}

/* ---- process statuses and numbers -------------------------------------- */

static void
status_name_parse_and_label_round_trip_for_all_five(void **state)
{
	static const struct {
		enum hd_pstatus st;
		const char *name, *label;
		bool open;
	} all[] = {
	    {HD_PS_OPEN, "open", "neu", true},
	    {HD_PS_IN_PROGRESS, "in_progress", "in Bearbeitung", true},
	    {HD_PS_WAITING, "waiting", "wartet auf Rückmeldung", true},
	    {HD_PS_RESOLVED, "resolved", "erledigt", false},
	    {HD_PS_CLOSED, "closed", "geschlossen", false},
	};
	enum hd_pstatus got;
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(all); i++) {
		assert_string_equal(hd_pstatus_name(all[i].st), all[i].name);
		assert_string_equal(hd_pstatus_label(all[i].st), all[i].label);
		got = (enum hd_pstatus) - 1;
		assert_true(hd_pstatus_parse(all[i].name, &got));
		assert_int_equal(got, all[i].st);
		assert_true(hd_pstatus_parse(hd_pstatus_name(all[i].st), &got));
		assert_int_equal(got, all[i].st);
		assert_int_equal(hd_pstatus_is_open(all[i].st), all[i].open);
	}
}

static void
status_parse_rejects_unknown_names(void **state)
{
	static const char *const bad[] = {
	    "",
	    "OPEN",
	    "Open",
	    "open ",
	    " open",
	    "neu",
	    "in Bearbeitung",
	    "in-progress",
	    "done",
	    "opened",
	    "clos",
	};
	enum hd_pstatus got = HD_PS_WAITING;
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(bad); i++) {
		if (hd_pstatus_parse(bad[i], &got))
			fail_msg("accepted status '%s'", bad[i]);
	}
	assert_int_equal(got, HD_PS_WAITING);
}

static void
process_number_is_v_year_and_five_digits(void **state)
{
	char buf[HD_NUMBER_MAX];

	(void)state;
	hd_process_number(2026, 7, buf, sizeof(buf));
	assert_string_equal(buf, "V-2026-00007");
	hd_process_number(2026, 1, buf, sizeof(buf));
	assert_string_equal(buf, "V-2026-00001");
	hd_process_number(2027, 99999, buf, sizeof(buf));
	assert_string_equal(buf, "V-2027-99999");
	/* Past 99999 the number grows rather than wrapping. */
	hd_process_number(2027, 123456, buf, sizeof(buf));
	assert_string_equal(buf, "V-2027-123456");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(email_accepts_ordinary_addresses),
	    cmocka_unit_test(email_rejects_missing_parts),
	    cmocka_unit_test(email_rejects_two_at_signs),
	    cmocka_unit_test(email_rejects_cr_lf_and_other_header_injection),
	    cmocka_unit_test(email_rejects_spaces),
	    cmocka_unit_test(email_rejects_address_delimiters),
	    cmocka_unit_test(email_accepts_254_bytes_and_rejects_255),
	    cmocka_unit_test(text_accepts_ordinary_german_text),
	    cmocka_unit_test(text_rejects_blank_and_whitespace_only),
	    cmocka_unit_test(text_longer_than_max_bytes_is_rejected),
	    cmocka_unit_test(text_rejects_control_characters_in_both_modes),
	    cmocka_unit_test(text_newline_allowed_only_when_multiline),
	    cmocka_unit_test(
		text_one_line_rejects_unicode_line_and_paragraph_separators),
	    cmocka_unit_test(
		text_rejects_every_bidi_embedding_override_and_isolate_in_both_modes),
	    cmocka_unit_test(
		text_multiline_gets_unicode_breaks_as_lf_and_then_passes),
	    cmocka_unit_test(text_check_names_the_fault),
	    cmocka_unit_test(password_needs_ten_characters),
	    cmocka_unit_test(password_length_counts_characters_not_bytes),
	    cmocka_unit_test(password_over_the_maximum_is_rejected),
	    cmocka_unit_test(
		status_name_parse_and_label_round_trip_for_all_five),
	    cmocka_unit_test(status_parse_rejects_unknown_names),
	    cmocka_unit_test(process_number_is_v_year_and_five_digits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
