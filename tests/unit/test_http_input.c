/* SPDX-License-Identifier: MIT */
/*
 * The first steps of reading a request, which the server and the fuzzers
 * (tests/fuzz/) share: percent-decoding, the body checks, and the query
 * as hd_query reads it without a connection.
 */
#include "http/http.h"
#include "http/input.h"
#include "util/str.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* cmocka.h needs setjmp.h, stdarg.h and stddef.h first. */
#include <cmocka.h>

/* Decodes in into a copy and compares with want. */
static void
unescaped(const char *in, const char *want)
{
	char buf[256];
	size_t n;

	hd_strlcpy(buf, in, sizeof(buf));
	n = hd_url_unescape(buf);
	assert_string_equal(buf, want);
	assert_int_equal(n, strlen(want));
}

static void
unescape_decodes_hex_pairs_in_either_case(void **state)
{
	(void)state;
	unescaped("/api/v1/processes/42", "/api/v1/processes/42");
	unescaped("K%C3%BCche%20kalt", "Küche kalt");
	unescaped("K%c3%bcche", "Küche");
	unescaped("%2F%2f%25", "//%");
	/* '+' is the query's business (libmicrohttpd), not ours. */
	unescaped("a+b", "a+b");
	unescaped("", "");
}

static void
unescape_keeps_nul_escapes_and_broken_escapes(void **state)
{
	(void)state;
	/* A NUL would cut the path short: "/processes/%00" stays. */
	unescaped("/processes/%00", "/processes/%00");
	unescaped("%00%41", "%00A");
	unescaped("100%", "100%");
	unescaped("%4", "%4");
	unescaped("%4g", "%4g");
	unescaped("%%41", "%A");
	unescaped("%", "%");
	/* Decoding happens once: "%2541" is "%41", not "A". */
	unescaped("%2541", "%41");
}

static void
media_type_is_application_json_with_or_without_parameters(void **state)
{
	(void)state;
	assert_true(hd_body_media_ok("application/json"));
	assert_true(hd_body_media_ok("application/json; charset=utf-8"));
	assert_true(hd_body_media_ok("Application/JSON;charset=UTF-8"));
	assert_true(hd_body_media_ok("application/json "));
	assert_false(hd_body_media_ok(NULL));
	assert_false(hd_body_media_ok(""));
	assert_false(hd_body_media_ok("application/jsonp"));
	assert_false(hd_body_media_ok("application/json-seq"));
	assert_false(hd_body_media_ok("text/plain"));
	assert_false(hd_body_media_ok("application/x-www-form-urlencoded"));
}

/* Parses text; returns the status, checking *out matches it. */
static enum hd_status
parsed(const char *text, size_t len)
{
	const char *why = NULL;
	json_t *j = (json_t *)1;
	enum hd_status st = hd_body_parse(text, len, &j, &why);

	if (st == HD_OK) {
		assert_non_null(j);
		assert_true(json_is_object(j));
		json_decref(j);
	} else {
		assert_null(j);
		assert_non_null(why);
	}
	return st;
}

static void
body_must_be_one_json_object_of_valid_utf8_without_duplicate_keys(void **state)
{
	static const char nul[] = "{\"name\": \"a\0b\"}";

	(void)state;
	assert_int_equal(parsed("{\"name\": \"Küche\"}", 18), HD_OK);
	assert_int_equal(parsed("{}", 2), HD_OK);
	assert_int_equal(parsed("{\"a\": 1, \"a\": 2}", 16), HD_EBADJSON);
	assert_int_equal(parsed("[1]", 3), HD_EBADJSON);
	assert_int_equal(parsed("\"x\"", 3), HD_EBADJSON);
	assert_int_equal(parsed("null", 4), HD_EBADJSON);
	assert_int_equal(parsed("{\"a\": 1} x", 10), HD_EBADJSON);
	assert_int_equal(parsed("{\"a\": \"\xc3\x28\"}", 11), HD_EBADJSON);
	/* Overlong '/' and a surrogate, both not UTF-8. */
	assert_int_equal(parsed("{\"a\": \"\xc0\xaf\"}", 11), HD_EBADJSON);
	assert_int_equal(parsed("{\"a\": \"\xed\xa0\x80\"}", 12), HD_EBADJSON);
	/* A raw NUL inside the text. */
	assert_int_equal(parsed(nul, sizeof(nul) - 1), HD_EBADJSON);
	assert_int_equal(parsed("{\"a\": \"\\u0000\"}", 15), HD_EBADJSON);
}

static void
query_without_a_connection_reads_args_first_key_wins(void **state)
{
	const char *args[][2] = {
	    {"limit", "5"}, {"q", NULL}, {"limit", "9"}, {"status", "open"}};
	struct hd_req r;

	(void)state;
	memset(&r, 0, sizeof(r));
	r.args = (const char *const(*)[2])args;
	r.n_args = 4;
	assert_string_equal(hd_query(&r, "limit"), "5");
	assert_null(hd_query(&r, "q"));
	assert_string_equal(hd_query(&r, "status"), "open");
	assert_null(hd_query(&r, "cursor"));
	r.n_args = 0;
	assert_null(hd_query(&r, "limit"));
}

/* The message of an error answer, or fails. */
static const char *
message_of(struct hd_resp *w)
{
	json_t *m =
	    json_object_get(json_object_get(w->json, "error"), "message");

	assert_non_null(w->json);
	assert_true(json_is_string(m));
	return json_string_value(m);
}

/* Found by tests/fuzz/fuzz_url.c: "G\x9fT /api/v1/roles" got 405 with no
 * body, as the message quoting the method was no UTF-8 and json_pack
 * refused it. */
static void
error_answer_quoting_bytes_that_are_not_utf8_is_still_json(void **state)
{
	struct hd_resp w;
	char big[700];
	size_t i;

	(void)state;
	memset(&w, 0, sizeof(w));
	hd_resp_err(&w, HD_ENOTFOUND, NULL, "method %s is not allowed here",
	    "G\x9fT\xff\xc3");
	assert_int_equal(w.status, 404);
	assert_string_equal(message_of(&w), "method G?T?? is not allowed here");
	json_decref(w.json);
	/* Valid characters are kept, and a message cut at 511 bytes in the
	 * middle of an umlaut loses only that half. */
	memset(&w, 0, sizeof(w));
	for (i = 0; i + 2 < sizeof(big); i += 2)
		memcpy(big + i, "\xc3\xbc", 2); /* ü */
	big[i] = '\0';
	hd_resp_err(&w, HD_EINVAL, "name", "xy%s", big);
	assert_int_equal(w.status, 422);
	assert_int_equal(strlen(message_of(&w)), 511);
	assert_int_equal(message_of(&w)[510], '?');
	assert_memory_equal(message_of(&w), "xy\xc3\xbc\xc3\xbc", 6);
	json_decref(w.json);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(unescape_decodes_hex_pairs_in_either_case),
	    cmocka_unit_test(unescape_keeps_nul_escapes_and_broken_escapes),
	    cmocka_unit_test(
		media_type_is_application_json_with_or_without_parameters),
	    cmocka_unit_test(
		body_must_be_one_json_object_of_valid_utf8_without_duplicate_keys),
	    cmocka_unit_test(
		query_without_a_connection_reads_args_first_key_wins),
	    cmocka_unit_test(
		error_answer_quoting_bytes_that_are_not_utf8_is_still_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
