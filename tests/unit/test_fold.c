/* SPDX-License-Identifier: MIT */
/* Search folding (docs/search.md, "Folding"): umlauts and ß match their
 * usual spellings, numbers, phones and addresses become prefix tokens,
 * and a typed query becomes a MATCH expression in which nothing a user
 * types is syntax. */
#include "core/fold.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* cmocka.h needs setjmp.h, stdarg.h and stddef.h first. */
#include <cmocka.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static void
umlauts_and_sharp_s_fold_to_their_usual_spellings(void **state)
{
	static const char *const cases[][2] = {{"Müller", "muller"},
	    {"Mueller", "muller"}, {"MÜLLER", "muller"}, {"muller", "muller"},
	    {"Mu\xcc\x88ller", "muller"}, /* decomposed ü */
	    {"Straße", "strasse"}, {"STRASSE", "strasse"},
	    {"Strasse", "strasse"}, {"Weiß", "weiss"}, {"Yılmaz", "yilmaz"},
	    {"Öztürk", "ozturk"}, {"Oeztuerk", "ozturk"}, {"Jäger", "jager"},
	    {"Jaeger", "jager"}, {"Łódź", "lodz"}, {"Ayşe", "ayse"},
	    {"Æsop", "asop"}, {"ẞ", "ss"}, {"naïve café", "naive cafe"},
	    {"f.mueller.3@x.example", "f.muller.3@x.example"},
	    {"Gewerbe 1, EG", "gewerbe 1, eg"}};
	char buf[256];

	(void)state;
	for (size_t i = 0; i < COUNT(cases); i++) {
		fold_text(cases[i][0], strlen(cases[i][0]), buf, sizeof(buf));
		assert_string_equal(buf, cases[i][1]);
	}
}

static void
the_fold_of_a_prefix_is_a_prefix_of_the_fold(void **state)
{
	const char *w = "Mueller Straße Öztürk Queen Goethe";
	char a[256], b[256];
	size_t n = strlen(w), la, lb;

	(void)state;
	lb = fold_text(w, n, b, sizeof(b));
	for (size_t k = 1; k < n; k++) {
		if (((unsigned char)w[k] & 0xC0) == 0x80)
			continue;
		la = fold_text(w, k, a, sizeof(a));
		assert_true(la <= lb);
		assert_memory_equal(a, b, la);
	}
}

static void
numbers_phones_and_addresses_become_prefix_tokens(void **state)
{
	char buf[256];

	(void)state;
	fold_number("V-2024-07706", buf, sizeof(buf));
	assert_string_equal(buf, "2024 07706 7706 706 06");
	fold_phone("+49 151 2345", buf, sizeof(buf));
	assert_string_equal(buf, "01512345 1512345 512345 12345 2345");
	fold_email("f.mueller.3@eigentuemer.example", buf, sizeof(buf));
	assert_string_equal(buf, "fmuller3eigentumerexample");
}

static void
a_query_is_words_never_syntax(void **state)
{
	static const char *const queries[][2] = {
	    {"Müller Hauptstr.", "{body internal who place num} : \"muller\"* "
				 "AND {body internal who place num} : "
				 "\"hauptstr\"*"},
	    {"V-2025-4711", "num : \"2025\" AND num : \"4711\"*"},
	    {"2024-07706", "num : \"2024\" AND num : \"07706\"*"},
	    {"F.Mueller.3@Eigentuemer.example",
		"who : \"fmuller3eigentumerexample\"*"},
	    {"0164 1213377", "who : \"01641213377\"*"},
	    {"\"OR\" NEAR(", "{body internal who place num} : \"or\" AND "
			     "{body internal who place num} : \"near\"*"}};
	struct fold_viewer adm = {0, 1, 1, NULL, 0, false};
	char buf[1024];

	(void)state;
	for (size_t i = 0; i < COUNT(queries); i++) {
		assert_true(
		    fold_query(queries[i][0], &adm, NULL, buf, sizeof(buf)));
		assert_string_equal(buf, queries[i][1]);
	}
	assert_false(fold_query("  - . ", &adm, NULL, buf, sizeof(buf)));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(umlauts_and_sharp_s_fold_to_their_usual_spellings),
	    cmocka_unit_test(the_fold_of_a_prefix_is_a_prefix_of_the_fold),
	    cmocka_unit_test(numbers_phones_and_addresses_become_prefix_tokens),
	    cmocka_unit_test(a_query_is_words_never_syntax),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
