/* SPDX-License-Identifier: MIT */
/*
 * The response writer must produce exactly what jansson's own
 * json_dumps(JSON_COMPACT) produces, only faster.
 */
#include "util/jsonout.h"
#include "util/jsonw.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* cmocka.h needs setjmp.h, stdarg.h and stddef.h first. */
#include <cmocka.h>

/* Writes j both ways and compares the bytes. */
static void
assert_same_as_jansson(json_t *j)
{
	char *ours = NULL, *theirs = json_dumps(j, JSON_COMPACT);
	struct hd_buf b;
	size_t len = 0;

	hd_buf_init(&b, 1 << 20);
	assert_int_equal(hd_json_write(j, &b), HD_OK);
	assert_int_equal(hd_buf_take(&b, &ours, &len), HD_OK);
	assert_non_null(theirs);
	assert_string_equal(ours, theirs);
	assert_int_equal(len, strlen(theirs));
	free(ours);
	free(theirs);
	json_decref(j);
}

static void
a_vorgang_with_umlauts_and_nesting_matches_jansson(void **state)
{
	(void)state;
	assert_same_as_jansson(json_pack(
	    "{s:I,s:s,s:{s:s,s:I},s:[{s:s,s:o},{}],s:b,s:n,s:o,s:[]}", "id",
	    (json_int_t)7, "subject", "Wasserfleck an der Decke – Müller",
	    "reporter", "kind", "contact", "id", (json_int_t)-3, "assignees",
	    "name", "Frau Huber", "role_id", json_null(), "unrouted", 0, "next",
	    "big", json_integer(9007199254740993LL), "items"));
}

static void
quotes_backslashes_and_control_characters_are_escaped_like_jansson(void **state)
{
	static const char s[] = "a\"b\\c\nd\re\tf\bg\fh\x01i\x1fj\x7fk/</"
				"script> \xe2\x80\xa8 \xf0\x9f\x8f\xa0";

	(void)state;
	assert_same_as_jansson(json_pack("{s:s,s:s}", "t", s, "k\"\n", ""));
}

/* Found by tests/fuzz/fuzz_body.c: "%.17g" wrote the real 1000.0 as
 * 1000 (an integer to whoever reads it back) and 1e300 as 1e+300. */
static void
reals_are_written_as_jansson_writes_them(void **state)
{
	static const double reals[] = {1000.0, 1.0, -0.0, 0.0, 1.5, 0.1, 1e300,
	    1e-5, 1e-300, 5e-324, -2.5e21, 123456789012345678.0, 1e16, 1e17,
	    1.7976931348623157e308};
	json_t *a = json_array();
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(reals) / sizeof(reals[0]); i++) {
		/* json_dumps writes only objects and arrays at the top. */
		assert_same_as_jansson(json_pack("[f]", reals[i]));
		json_array_append_new(a, json_real(reals[i]));
	}
	assert_same_as_jansson(a);
}

static void
a_nul_inside_a_string_is_written_as_an_escape(void **state)
{
	struct hd_buf b;
	json_t *j = json_stringn("a\0b", 3);

	(void)state;
	hd_buf_init(&b, 64);
	assert_int_equal(hd_json_write(j, &b), HD_OK);
	assert_string_equal(b.data, "\"a\\u0000b\"");
	hd_buf_cleanup(&b);
	json_decref(j);
}

static void
a_long_text_round_trips_and_the_limit_is_kept(void **state)
{
	char *big = malloc(100001);
	struct hd_buf b;
	json_t *j, *back;

	(void)state;
	memset(big, 'x', 100000);
	big[100000] = '\0';
	big[500] = '"';
	j = json_pack("{s:s}", "description", big);
	hd_buf_init(&b, 1 << 20);
	assert_int_equal(hd_json_write(j, &b), HD_OK);
	back = json_loadb(b.data, b.len, 0, NULL);
	assert_true(json_equal(j, back));
	hd_buf_cleanup(&b);
	hd_buf_init(&b, 1000);
	assert_int_equal(hd_json_write(j, &b), HD_ETOOBIG);
	hd_buf_cleanup(&b);
	json_decref(back);
	json_decref(j);
	free(big);
}

/* The streaming writer builds the same text jansson dumps for the same
 * Vorgang-shaped value. */
static void
the_streaming_writer_matches_jansson(void **state)
{
	json_t *j = json_pack("{s:I,s:s,s:n,s:{s:s,s:I},s:[{s:s,s:b},{}],"
			      "s:[],s:s,s:b}",
	    "id", (json_int_t)301271, "subject", "Wasserfleck \"Bad\"\n\x01",
	    "unit_id", "reporter", "kind", "contact", "id", (json_int_t)-9,
	    "assignees", "name", "Frau Müller", "internal", 1, "history",
	    "created_at", "2026-11-27T08:00:00Z", "unrouted", 0);
	char *want = json_dumps(j, JSON_COMPACT);
	struct hd_buf b;
	struct hd_jw w;

	(void)state;
	hd_buf_init(&b, 1 << 16);
	hd_jw_init(&w, &b);
	hd_jw_obj(&w, NULL);
	hd_jw_int(&w, "id", 301271);
	hd_jw_str(&w, "subject", "Wasserfleck \"Bad\"\n\x01");
	hd_jw_str(&w, "unit_id", NULL);
	hd_jw_obj(&w, "reporter");
	hd_jw_str(&w, "kind", "contact");
	hd_jw_int(&w, "id", -9);
	hd_jw_obj_end(&w);
	hd_jw_arr(&w, "assignees");
	hd_jw_obj(&w, NULL);
	hd_jw_str(&w, "name", "Frau Müller");
	hd_jw_bool(&w, "internal", true);
	hd_jw_obj_end(&w);
	hd_jw_obj(&w, NULL);
	hd_jw_obj_end(&w);
	hd_jw_arr_end(&w);
	hd_jw_arr(&w, "history");
	hd_jw_arr_end(&w);
	hd_jw_time(&w, "created_at", 1795766400);
	hd_jw_bool(&w, "unrouted", false);
	hd_jw_obj_end(&w);
	assert_int_equal(w.st, HD_OK);
	assert_int_equal(w.depth, 0);
	assert_string_equal(b.data, want);
	hd_buf_cleanup(&b);
	free(want);
	json_decref(j);
}

/* The first error sticks: later calls change nothing, and closing more
 * than was opened is an error, not a stray bracket. */
static void
the_streaming_writer_keeps_its_first_error(void **state)
{
	struct hd_buf b;
	struct hd_jw w;
	size_t len;

	(void)state;
	hd_buf_init(&b, 16);
	hd_jw_init(&w, &b);
	hd_jw_obj(&w, NULL);
	hd_jw_str(&w, "text", "longer than sixteen bytes");
	assert_int_equal(w.st, HD_ETOOBIG);
	len = b.len;
	hd_jw_int(&w, "id", 1);
	hd_jw_obj_end(&w);
	assert_int_equal(b.len, len);
	hd_buf_cleanup(&b);

	hd_buf_init(&b, 64);
	hd_jw_init(&w, &b);
	hd_jw_arr(&w, NULL);
	hd_jw_arr_end(&w);
	hd_jw_arr_end(&w);
	assert_int_equal(w.st, HD_EINVAL);
	assert_string_equal(b.data, "[]");
	hd_buf_cleanup(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(
		a_vorgang_with_umlauts_and_nesting_matches_jansson),
	    cmocka_unit_test(
		quotes_backslashes_and_control_characters_are_escaped_like_jansson),
	    cmocka_unit_test(reals_are_written_as_jansson_writes_them),
	    cmocka_unit_test(a_nul_inside_a_string_is_written_as_an_escape),
	    cmocka_unit_test(a_long_text_round_trips_and_the_limit_is_kept),
	    cmocka_unit_test(the_streaming_writer_matches_jansson),
	    cmocka_unit_test(the_streaming_writer_keeps_its_first_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
