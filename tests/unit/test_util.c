/* SPDX-License-Identifier: MIT */
#include "util/buf.h"
#include "util/clock.h"
#include "util/rand.h"
#include "util/str.h"

#include <setjmp.h>
#include <sodium.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* cmocka.h needs setjmp.h, stdarg.h and stddef.h first. */
#include <cmocka.h>

/* ---- util/buf ---------------------------------------------------------- */

static void
buf_grows_across_many_appends_and_stays_terminated(void **state)
{
	struct hd_buf b;
	size_t i;

	(void)state;
	hd_buf_init(&b, 1 << 20);
	for (i = 0; i < 1000; i++)
		assert_int_equal(hd_buf_add(&b, "0123456789", 10), HD_OK);
	assert_int_equal(b.len, 10000);
	assert_true(b.cap >= b.len + 1);
	assert_int_equal(b.data[b.len], '\0');
	assert_int_equal(strlen(b.data), 10000);
	for (i = 0; i < 1000; i++)
		assert_memory_equal(b.data + 10 * i, "0123456789", 10);
	hd_buf_cleanup(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
}

static void
buf_adds_appends_strings_in_order(void **state)
{
	struct hd_buf b;

	(void)state;
	hd_buf_init(&b, 100);
	assert_int_equal(hd_buf_adds(&b, "Max-Planck-"), HD_OK);
	assert_int_equal(hd_buf_adds(&b, ""), HD_OK);
	assert_int_equal(hd_buf_adds(&b, "Straße 12"), HD_OK);
	assert_string_equal(b.data, "Max-Planck-Straße 12");
	assert_int_equal(b.len, strlen("Max-Planck-Straße 12"));
	hd_buf_cleanup(&b);
}

static void
buf_append_past_max_is_toobig_and_leaves_buffer_unchanged(void **state)
{
	struct hd_buf b;

	(void)state;
	hd_buf_init(&b, 10);
	assert_int_equal(hd_buf_adds(&b, "12345678"), HD_OK);
	assert_int_equal(hd_buf_adds(&b, "abc"), HD_ETOOBIG);
	assert_int_equal(b.len, 8);
	assert_string_equal(b.data, "12345678");
	/* Exactly up to the maximum is fine. */
	assert_int_equal(hd_buf_adds(&b, "ab"), HD_OK);
	assert_string_equal(b.data, "12345678ab");
	assert_int_equal(hd_buf_add(&b, "x", 1), HD_ETOOBIG);
	assert_int_equal(hd_buf_printf(&b, "%d", 1), HD_ETOOBIG);
	assert_int_equal(b.len, 10);
	assert_string_equal(b.data, "12345678ab");
	/* Appending nothing at the maximum still succeeds. */
	assert_int_equal(hd_buf_add(&b, "", 0), HD_OK);
	assert_int_equal(b.len, 10);
	hd_buf_cleanup(&b);
}

static void
buf_huge_length_is_toobig_without_overflow(void **state)
{
	struct hd_buf b;

	(void)state;
	hd_buf_init(&b, 64);
	assert_int_equal(hd_buf_adds(&b, "abc"), HD_OK);
	assert_int_equal(hd_buf_add(&b, "x", SIZE_MAX), HD_ETOOBIG);
	assert_int_equal(hd_buf_add(&b, "x", SIZE_MAX - 2), HD_ETOOBIG);
	assert_int_equal(b.len, 3);
	assert_string_equal(b.data, "abc");
	hd_buf_cleanup(&b);
}

static void
buf_with_max_zero_accepts_nothing(void **state)
{
	struct hd_buf b;

	(void)state;
	hd_buf_init(&b, 0);
	assert_int_equal(hd_buf_adds(&b, "a"), HD_ETOOBIG);
	assert_int_equal(b.len, 0);
	hd_buf_cleanup(&b);
}

/*
 * SIZE_MAX as the maximum means "no limit of our own". Kept last in the
 * list: while the clamp in reserve() wraps (max + 1 == 0) it allocates 0
 * bytes and writes past them, which ASan reports by aborting.
 */
static void
buf_with_size_max_as_maximum_allocates_room_for_its_contents(void **state)
{
	struct hd_buf b;

	(void)state;
	hd_buf_init(&b, SIZE_MAX);
	assert_int_equal(hd_buf_adds(&b, "Müller"), HD_OK);
	assert_true(b.cap >= b.len + 1);
	assert_string_equal(b.data, "Müller");
	hd_buf_cleanup(&b);
}

static void
buf_printf_formats_and_appends(void **state)
{
	struct hd_buf b;
	char big[1000];

	(void)state;
	hd_buf_init(&b, 4096);
	assert_int_equal(hd_buf_printf(&b, "V-%04d-%05d", 2026, 7), HD_OK);
	assert_int_equal(hd_buf_printf(&b, " %s", "Frau Huber"), HD_OK);
	assert_string_equal(b.data, "V-2026-00007 Frau Huber");
	assert_int_equal(b.len, strlen("V-2026-00007 Frau Huber"));
	/* Longer than the first allocation: must grow, not truncate. */
	memset(big, 'z', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(hd_buf_printf(&b, "[%s]", big), HD_OK);
	assert_int_equal(b.len, strlen("V-2026-00007 Frau Huber") + 1001);
	assert_int_equal(b.data[b.len - 1], ']');
	assert_int_equal(b.data[b.len], '\0');
	hd_buf_cleanup(&b);
}

static void
buf_printf_of_empty_text_yields_empty_string(void **state)
{
	struct hd_buf b;

	(void)state;
	hd_buf_init(&b, 16);
	assert_int_equal(hd_buf_printf(&b, "%s", ""), HD_OK);
	assert_non_null(b.data);
	assert_string_equal(b.data, "");
	assert_int_equal(b.len, 0);
	hd_buf_cleanup(&b);
}

static void
buf_take_on_empty_buffer_gives_empty_string(void **state)
{
	struct hd_buf b;
	char *out = NULL;
	size_t len = 99;

	(void)state;
	hd_buf_init(&b, 16);
	assert_int_equal(hd_buf_take(&b, &out, &len), HD_OK);
	assert_non_null(out);
	assert_string_equal(out, "");
	assert_int_equal(len, 0);
	free(out);
	hd_buf_cleanup(&b);
}

static void
buf_take_hands_over_contents_and_leaves_buffer_reusable(void **state)
{
	struct hd_buf b;
	char *out = NULL;
	size_t len = 0;

	(void)state;
	hd_buf_init(&b, 16);
	assert_int_equal(hd_buf_adds(&b, "Müller"), HD_OK);
	assert_int_equal(hd_buf_take(&b, &out, &len), HD_OK);
	assert_string_equal(out, "Müller");
	assert_int_equal(len, strlen("Müller"));
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	free(out);
	/* The maximum is kept: the buffer can be filled again. */
	assert_int_equal(hd_buf_adds(&b, "0123456789abcdef"), HD_OK);
	assert_int_equal(hd_buf_adds(&b, "g"), HD_ETOOBIG);
	assert_int_equal(hd_buf_take(&b, &out, NULL), HD_OK);
	assert_string_equal(out, "0123456789abcdef");
	free(out);
	hd_buf_cleanup(&b);
}

/* ---- util/str ---------------------------------------------------------- */

static void
strlcpy_copies_whole_string_that_fits(void **state)
{
	char dst[8];

	(void)state;
	assert_int_equal(hd_strlcpy(dst, "Huber", sizeof(dst)), 5);
	assert_string_equal(dst, "Huber");
	assert_int_equal(hd_strlcpy(dst, "1234567", sizeof(dst)), 7);
	assert_string_equal(dst, "1234567");
	assert_int_equal(hd_strlcpy(dst, "", sizeof(dst)), 0);
	assert_string_equal(dst, "");
}

static void
strlcpy_truncates_terminates_and_reports_source_length(void **state)
{
	char dst[4];

	(void)state;
	memset(dst, 'X', sizeof(dst));
	assert_int_equal(hd_strlcpy(dst, "Schmidt", sizeof(dst)), 7);
	assert_string_equal(dst, "Sch");
	/* A result >= dsize is how callers detect truncation. */
	assert_true(hd_strlcpy(dst, "12345678", sizeof(dst)) >= sizeof(dst));
	assert_string_equal(dst, "123");
	assert_int_equal(hd_strlcpy(dst, "1234", sizeof(dst)), 4);
	assert_string_equal(dst, "123");
}

static void
strlcpy_with_zero_size_writes_nothing(void **state)
{
	char dst[2] = {'Q', 'Q'};

	(void)state;
	assert_int_equal(hd_strlcpy(dst, "abc", 0), 3);
	assert_int_equal(dst[0], 'Q');
	assert_int_equal(hd_strlcpy(dst, "abc", 1), 3);
	assert_int_equal(dst[0], '\0');
	assert_int_equal(dst[1], 'Q');
}

static bool
utf8(const char *s)
{
	return hd_utf8_valid(s, strlen(s));
}

static void
utf8_accepts_ascii_umlauts_and_emoji(void **state)
{
	(void)state;
	assert_true(hd_utf8_valid("", 0));
	assert_true(utf8("Max-Planck-Straße 12"));
	assert_true(utf8("Herr Müller"));
	assert_true(utf8("Straße"));
	assert_true(utf8("Ärger über Öl: ÄÖÜäöüß"));
	assert_true(utf8("€ 12,50"));			     /* 3 bytes */
	assert_true(utf8("Wasserschaden \xf0\x9f\x92\xa7")); /* U+1F4A7 */
	assert_true(utf8("\xf0\x9f\x98\x80"));		     /* U+1F600 */
}

static void
utf8_accepts_the_edges_of_the_valid_ranges(void **state)
{
	(void)state;
	assert_true(utf8("\x7f"));	       /* U+007F */
	assert_true(utf8("\xc2\x80"));	       /* U+0080 */
	assert_true(utf8("\xdf\xbf"));	       /* U+07FF */
	assert_true(utf8("\xe0\xa0\x80"));     /* U+0800 */
	assert_true(utf8("\xed\x9f\xbf"));     /* U+D7FF */
	assert_true(utf8("\xee\x80\x80"));     /* U+E000 */
	assert_true(utf8("\xef\xbf\xbf"));     /* U+FFFF */
	assert_true(utf8("\xf0\x90\x80\x80")); /* U+10000 */
	assert_true(utf8("\xf4\x8f\xbf\xbf")); /* U+10FFFF */
}

static void
utf8_rejects_overlong_encodings(void **state)
{
	(void)state;
	assert_false(utf8("\xc0\x80"));		/* NUL, 2 bytes */
	assert_false(utf8("\xc1\xbf"));		/* U+007F, 2 bytes */
	assert_false(utf8("\xe0\x80\x80"));	/* NUL, 3 bytes */
	assert_false(utf8("\xe0\x9f\xbf"));	/* U+07FF, 3 bytes */
	assert_false(utf8("\xf0\x80\x80\x80")); /* NUL, 4 bytes */
	assert_false(utf8("\xf0\x8f\xbf\xbf")); /* U+FFFF, 4 bytes */
	assert_false(utf8("a\xc0\xaf.txt"));	/* overlong '/' */
}

static void
utf8_rejects_surrogates(void **state)
{
	(void)state;
	assert_false(utf8("\xed\xa0\x80"));		/* U+D800 */
	assert_false(utf8("\xed\xbf\xbf"));		/* U+DFFF */
	assert_false(utf8("\xed\xa0\xbd\xed\xb8\x80")); /* CESU-8 pair */
}

static void
utf8_rejects_code_points_above_10ffff(void **state)
{
	(void)state;
	assert_false(utf8("\xf4\x90\x80\x80")); /* U+110000 */
	assert_false(utf8("\xf7\xbf\xbf\xbf"));
	assert_false(utf8("\xf8\x88\x80\x80\x80")); /* old 5-byte form */
	assert_false(utf8("\xfc\x84\x80\x80\x80\x80"));
	assert_false(utf8("\xfe"));
	assert_false(utf8("\xff"));
}

static void
utf8_rejects_truncated_sequences(void **state)
{
	(void)state;
	assert_false(utf8("\xc3"));
	assert_false(utf8("M\xc3"));
	assert_false(utf8("\xe2\x82"));
	assert_false(utf8("\xf0\x9f\x98"));
	assert_false(utf8("\xf0\x9f"));
	/* Cut short by the next character rather than the end. */
	assert_false(utf8("\xc3llo"));
	assert_false(utf8("\xe2\x82 x"));
	/* "Müller" cut inside the ü by the length. */
	assert_false(hd_utf8_valid("Müller", 2));
	assert_true(hd_utf8_valid("Müller", 3));
}

static void
utf8_rejects_stray_continuation_bytes(void **state)
{
	(void)state;
	assert_false(utf8("\x80"));
	assert_false(utf8("\xbf"));
	assert_false(utf8("a\x80z"));
	assert_false(utf8("\xc3\xbc\xbc")); /* ü plus one extra */
	assert_false(utf8("\xf0\x9f\x98\x80\x80"));
}

static void
utf8_checks_exactly_n_bytes(void **state)
{
	/* An embedded NUL is a valid character; the length decides. */
	static const char s[] = {'a', '\0', 'b', (char)0xc3, (char)0xbc};

	(void)state;
	assert_true(hd_utf8_valid(s, sizeof(s)));
	assert_false(hd_utf8_valid(s, sizeof(s) - 1));
}

static void
parse_i64_accepts_numbers_within_bounds(void **state)
{
	int64_t v = -1;

	(void)state;
	assert_true(hd_parse_i64("42", 0, 100, &v));
	assert_int_equal(v, 42);
	assert_true(hd_parse_i64("0", 0, 100, &v));
	assert_int_equal(v, 0);
	assert_true(hd_parse_i64("100", 0, 100, &v));
	assert_int_equal(v, 100);
	assert_true(hd_parse_i64("-7", -10, 10, &v));
	assert_int_equal(v, -7);
	assert_true(hd_parse_i64("-10", -10, 10, &v));
	assert_int_equal(v, -10);
	assert_true(
	    hd_parse_i64("9223372036854775807", INT64_MIN, INT64_MAX, &v));
	assert_true(v == INT64_MAX);
	assert_true(
	    hd_parse_i64("-9223372036854775808", INT64_MIN, INT64_MAX, &v));
	assert_true(v == INT64_MIN);
}

static void
parse_i64_rejects_numbers_outside_bounds(void **state)
{
	int64_t v = 5;

	(void)state;
	assert_false(hd_parse_i64("101", 0, 100, &v));
	assert_false(hd_parse_i64("-1", 0, 100, &v));
	assert_false(hd_parse_i64("-11", -10, 10, &v));
	assert_false(hd_parse_i64("11", -10, 10, &v));
	assert_int_equal(v, 5);
}

static void
parse_i64_rejects_trailing_garbage(void **state)
{
	int64_t v;

	(void)state;
	assert_false(hd_parse_i64("12abc", 0, 100, &v));
	assert_false(hd_parse_i64("12 ", 0, 100, &v));
	assert_false(hd_parse_i64("12\n", 0, 100, &v));
	assert_false(hd_parse_i64("1.5", 0, 100, &v));
	assert_false(hd_parse_i64("1e3", 0, 10000, &v));
	assert_false(hd_parse_i64("0x10", 0, 100, &v));
}

static void
parse_i64_rejects_empty_null_and_sign_only(void **state)
{
	int64_t v;

	(void)state;
	assert_false(hd_parse_i64("", 0, 100, &v));
	assert_false(hd_parse_i64(NULL, 0, 100, &v));
	assert_false(hd_parse_i64("-", -100, 100, &v));
	assert_false(hd_parse_i64("abc", 0, 100, &v));
}

static void
parse_i64_rejects_leading_space(void **state)
{
	int64_t v;

	(void)state;
	assert_false(hd_parse_i64(" 12", 0, 100, &v));
	assert_false(hd_parse_i64("\t12", 0, 100, &v));
	assert_false(hd_parse_i64("- 5", -10, 10, &v));
	assert_false(hd_parse_i64("-\t5", -10, 10, &v));
}

static void
parse_i64_rejects_overflow(void **state)
{
	int64_t v;

	(void)state;
	assert_false(
	    hd_parse_i64("9223372036854775808", INT64_MIN, INT64_MAX, &v));
	assert_false(
	    hd_parse_i64("-9223372036854775809", INT64_MIN, INT64_MAX, &v));
	assert_false(
	    hd_parse_i64("99999999999999999999999", INT64_MIN, INT64_MAX, &v));
}

static void
has_crlf_finds_cr_or_lf_anywhere(void **state)
{
	(void)state;
	assert_false(hd_has_crlf(""));
	assert_false(hd_has_crlf("Frage zur Rechnung\t2026"));
	assert_true(hd_has_crlf("a\r"));
	assert_true(hd_has_crlf("\nBcc: x@example.org"));
	assert_true(hd_has_crlf("Betreff\r\nBcc: x@example.org"));
}

/* ---- util/rand --------------------------------------------------------- */

static bool
url_safe(const char *s)
{
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
			(*s >= '0' && *s <= '9') || *s == '-' || *s == '_'))
			return false;
	return true;
}

static void
token_is_43_url_safe_characters_and_fresh_each_time(void **state)
{
	char a[HD_TOKEN_MAX], b[HD_TOKEN_MAX];
	int i;

	(void)state;
	for (i = 0; i < 50; i++) {
		hd_token_new(a);
		hd_token_new(b);
		assert_int_equal(strlen(a), HD_TOKEN_LEN);
		assert_int_equal(strlen(b), HD_TOKEN_LEN);
		assert_int_equal(HD_TOKEN_LEN, 43);
		assert_true(url_safe(a));
		assert_true(url_safe(b));
		assert_string_not_equal(a, b);
		assert_true(hd_token_wellformed(a));
	}
}

static bool
lower_hex(const char *s)
{
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
			return false;
	return true;
}

static void
token_hash_is_deterministic_64_hex_sha256(void **state)
{
	char tok[HD_TOKEN_MAX], h1[HD_HASH_MAX], h2[HD_HASH_MAX];

	(void)state;
	hd_token_new(tok);
	hd_token_hash(tok, h1);
	hd_token_hash(tok, h2);
	assert_int_equal(strlen(h1), 64);
	assert_true(lower_hex(h1));
	assert_string_equal(h1, h2);
	assert_string_not_equal(h1, tok);
	/* The FIPS 180-2 test vector: stored hashes are plain SHA-256. */
	hd_token_hash("abc", h1);
	assert_string_equal(h1, "ba7816bf8f01cfea414140de5dae2223"
				"b00361a396177a9cb410ff61f20015ad");
	hd_token_hash("abd", h2);
	assert_string_not_equal(h1, h2);
}

static void
token_wellformed_rejects_short_spaced_and_foreign_characters(void **state)
{
	char tok[HD_TOKEN_MAX], longtok[300];

	(void)state;
	hd_token_new(tok);
	assert_true(hd_token_wellformed(tok));
	assert_false(hd_token_wellformed(""));
	assert_false(hd_token_wellformed("abc"));
	/* The right length, but characters a link never carries. */
	assert_false(hd_token_wellformed(
	    "a bcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ"));
	assert_false(
	    hd_token_wellformed("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP+"));
	assert_false(
	    hd_token_wellformed("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP/"));
	assert_false(
	    hd_token_wellformed("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNO=="));
	assert_false(
	    hd_token_wellformed("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP%"));
	assert_false(
	    hd_token_wellformed("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNO\n"));
	assert_false(
	    hd_token_wellformed("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNü"));
	assert_false(
	    hd_token_wellformed("abcdefghijklmnopqrstuvwxyzABCDEFGHIJK'--;"));
	memset(longtok, 'a', sizeof(longtok) - 1);
	longtok[sizeof(longtok) - 1] = '\0';
	assert_false(hd_token_wellformed(longtok));
}

static void
password_hash_is_argon2id_and_verifies_only_the_right_password(void **state)
{
	char h1[128], h2[128];

	(void)state;
	assert_int_equal(
	    hd_password_hash("richtig-und-lang", h1, sizeof(h1)), HD_OK);
	assert_int_equal(strncmp(h1, "$argon2id$", 10), 0);
	assert_true(hd_password_verify(h1, "richtig-und-lang"));
	assert_false(hd_password_verify(h1, "falsch-und-lang"));
	assert_false(hd_password_verify(h1, "richtig-und-lan"));
	assert_false(hd_password_verify(h1, ""));
	/* A fresh salt each time: equal passwords give different hashes. */
	assert_int_equal(
	    hd_password_hash("richtig-und-lang", h2, sizeof(h2)), HD_OK);
	assert_string_not_equal(h1, h2);
	assert_true(hd_password_verify(h2, "richtig-und-lang"));
}

static void
password_with_umlauts_round_trips(void **state)
{
	char h[128];

	(void)state;
	assert_int_equal(
	    hd_password_hash("Grüße-aus-Köln", h, sizeof(h)), HD_OK);
	assert_true(hd_password_verify(h, "Grüße-aus-Köln"));
	assert_false(hd_password_verify(h, "Grusse-aus-Koln"));
}

static void
password_verify_rejects_a_malformed_hash(void **state)
{
	(void)state;
	assert_false(hd_password_verify("", "irgendwas-langes"));
	assert_false(hd_password_verify("$argon2id$kaputt", "irgendwas"));
	assert_false(
	    hd_password_verify("klartext-passwort", "klartext-passwort"));
}

static void
password_hash_refuses_a_too_small_buffer(void **state)
{
	char h[64];

	(void)state;
	assert_int_not_equal(
	    hd_password_hash("richtig-und-lang", h, sizeof(h)), HD_OK);
}

/* ---- util/clock -------------------------------------------------------- */

static void
time_format_of_epoch_is_rfc3339_utc(void **state)
{
	char buf[HD_TIME_MAX];

	(void)state;
	hd_time_format(0, buf, sizeof(buf));
	assert_string_equal(buf, "1970-01-01T00:00:00Z");
}

static void
time_format_of_known_dates(void **state)
{
	char buf[HD_TIME_MAX];

	(void)state;
	hd_time_format(1795766400, buf, sizeof(buf));
	assert_string_equal(buf, "2026-11-27T08:00:00Z");
	hd_time_format(1709251199, buf, sizeof(buf));
	assert_string_equal(buf, "2024-02-29T23:59:59Z");
	hd_time_format(1767225600, buf, sizeof(buf));
	assert_string_equal(buf, "2026-01-01T00:00:00Z");
}

/* The arithmetic path agrees with gmtime_r, second by second across
 * leap days, month ends and centuries. */
static void
time_format_agrees_with_gmtime(void **state)
{
	static const int64_t starts[] = {
	    0, 951782399, 1709251100, 4107542300, 253402300000};
	char buf[HD_TIME_MAX], want[80];
	size_t i;
	int64_t t;

	(void)state;
	for (i = 0; i < sizeof(starts) / sizeof(starts[0]); i++)
		for (t = starts[i]; t < starts[i] + 200000; t += 97) {
			time_t tt = (time_t)t;
			struct tm tm;

			assert_non_null(gmtime_r(&tt, &tm));
			snprintf(want, sizeof(want),
			    "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900,
			    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
			    tm.tm_sec);
			hd_time_format(t, buf, sizeof(buf));
			assert_string_equal(buf, want);
		}
}

static void
time_format_truncates_into_a_small_buffer(void **state)
{
	char buf[11];

	(void)state;
	hd_time_format(1795766400, buf, sizeof(buf));
	assert_string_equal(buf, "2026-11-27");
}

static void
time_year_is_the_utc_year(void **state)
{
	(void)state;
	assert_int_equal(hd_time_year(0), 1970);
	assert_int_equal(hd_time_year(1795766400), 2026);
	/* New Year in UTC, whatever the local time zone says. */
	assert_int_equal(hd_time_year(1767225600), 2026);
	assert_int_equal(hd_time_year(1767225600 - 1), 2025);
}

static void
now_agrees_with_the_system_clock(void **state)
{
	int64_t t0 = (int64_t)time(NULL), now = hd_now(), ms = hd_now_ms();
	int64_t m1 = hd_mono_ms(), m2 = hd_mono_ms();

	(void)state;
	assert_true(now >= t0 && now <= t0 + 2);
	assert_true(ms / 1000 >= t0 && ms / 1000 <= t0 + 2);
	assert_true(m2 >= m1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(
		buf_grows_across_many_appends_and_stays_terminated),
	    cmocka_unit_test(buf_adds_appends_strings_in_order),
	    cmocka_unit_test(
		buf_append_past_max_is_toobig_and_leaves_buffer_unchanged),
	    cmocka_unit_test(buf_huge_length_is_toobig_without_overflow),
	    cmocka_unit_test(buf_with_max_zero_accepts_nothing),
	    cmocka_unit_test(buf_printf_formats_and_appends),
	    cmocka_unit_test(buf_printf_of_empty_text_yields_empty_string),
	    cmocka_unit_test(buf_take_on_empty_buffer_gives_empty_string),
	    cmocka_unit_test(
		buf_take_hands_over_contents_and_leaves_buffer_reusable),
	    cmocka_unit_test(strlcpy_copies_whole_string_that_fits),
	    cmocka_unit_test(
		strlcpy_truncates_terminates_and_reports_source_length),
	    cmocka_unit_test(strlcpy_with_zero_size_writes_nothing),
	    cmocka_unit_test(utf8_accepts_ascii_umlauts_and_emoji),
	    cmocka_unit_test(utf8_accepts_the_edges_of_the_valid_ranges),
	    cmocka_unit_test(utf8_rejects_overlong_encodings),
	    cmocka_unit_test(utf8_rejects_surrogates),
	    cmocka_unit_test(utf8_rejects_code_points_above_10ffff),
	    cmocka_unit_test(utf8_rejects_truncated_sequences),
	    cmocka_unit_test(utf8_rejects_stray_continuation_bytes),
	    cmocka_unit_test(utf8_checks_exactly_n_bytes),
	    cmocka_unit_test(parse_i64_accepts_numbers_within_bounds),
	    cmocka_unit_test(parse_i64_rejects_numbers_outside_bounds),
	    cmocka_unit_test(parse_i64_rejects_trailing_garbage),
	    cmocka_unit_test(parse_i64_rejects_empty_null_and_sign_only),
	    cmocka_unit_test(parse_i64_rejects_leading_space),
	    cmocka_unit_test(parse_i64_rejects_overflow),
	    cmocka_unit_test(has_crlf_finds_cr_or_lf_anywhere),
	    cmocka_unit_test(
		token_is_43_url_safe_characters_and_fresh_each_time),
	    cmocka_unit_test(token_hash_is_deterministic_64_hex_sha256),
	    cmocka_unit_test(
		token_wellformed_rejects_short_spaced_and_foreign_characters),
	    cmocka_unit_test(
		password_hash_is_argon2id_and_verifies_only_the_right_password),
	    cmocka_unit_test(password_with_umlauts_round_trips),
	    cmocka_unit_test(password_verify_rejects_a_malformed_hash),
	    cmocka_unit_test(password_hash_refuses_a_too_small_buffer),
	    cmocka_unit_test(time_format_of_epoch_is_rfc3339_utc),
	    cmocka_unit_test(time_format_of_known_dates),
	    cmocka_unit_test(time_format_agrees_with_gmtime),
	    cmocka_unit_test(time_format_truncates_into_a_small_buffer),
	    cmocka_unit_test(time_year_is_the_utc_year),
	    cmocka_unit_test(now_agrees_with_the_system_clock),
	    cmocka_unit_test(
		buf_with_size_max_as_maximum_allocates_room_for_its_contents),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
