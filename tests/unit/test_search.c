/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of store/search.c on SQLite: the folded search text of a
 * Vorgang, how it follows its rows, the fill, and the query's patterns.
 */
#include "store/search.h"
#include "store_fx.h"

static const char rows_sql[] =
    "INSERT INTO orgs(id, name, created_at) VALUES (1, 'ABC', 0);"
    "INSERT INTO users(id, org_id, kind, name, email, phone, is_admin, "
    " active, created_at) VALUES "
    " (1, 1, 'employee', 'Frau Admin', 'admin@abc.example', NULL, 1, 1, 0),"
    " (2, 1, 'contact', 'Herr Müller', 'f.mueller.3@eigentuemer.example',"
    "  '+49 164 1213377', 0, 1, 0);"
    "INSERT INTO properties(id, org_id, name, street, postal_code, city, "
    " created_at) VALUES (1, 1, 'Haus am Park', 'Hauptstraße 86', '55116', "
    " 'Mainz', 0);"
    "INSERT INTO units(id, org_id, property_id, label, kind) VALUES "
    " (1, 1, 1, 'Whg. 3', 'apartment');"
    "INSERT INTO process_types(id, org_id, name) VALUES (1, 1, 'Schaden');"
    "INSERT INTO processes(id, org_id, number, type_id, property_id, "
    " unit_id, reporter_kind, reporter_id, created_by, subject, "
    " description, created_at, updated_at) VALUES "
    " (1, 1, 'V-2024-07706', 1, 1, 1, 'contact', 2, 1, 'Heizung kalt',"
    "  'Seit gestern kein Wasser.', 0, 0),"
    " (2, 1, 'V-2024-07707', 1, 1, NULL, 'contact', 2, 1, 'Tür',"
    "  'klemmt', 0, 0);"
    "INSERT INTO comments(process_id, author_id, body, internal, "
    " created_at) VALUES (1, 1, 'Öztürk kommt', 0, 0),"
    " (1, 1, 'Geheim: Zaunpfahl', 1, 0);";

static int
setup_rows(void **state)
{
	struct fx *f;

	if (setup(state) != 0)
		return -1;
	f = *state;
	exec_sql(f, rows_sql);
	return 0;
}

static void
has(struct fx *f, int64_t id, const char *col, const char *word, bool want)
{
	char sql[256];

	snprintf(sql, sizeof(sql),
	    "SELECT count(*) FROM process_search WHERE process_id = %lld "
	    "AND ' ' || %s || ' ' LIKE '%% %s %%'",
	    (long long)id, col, word);
	if ((q_int(f, "%s", sql) == 1) != want)
		fail_msg("%s of %lld: %s %s", col, (long long)id, word,
		    want ? "missing" : "present");
}

static void
index_holds_every_field_folded(void **state)
{
	struct fx *f = *state;
	const char *words[] = {"heizung", "wasser", "ozturk", "muller", "f",
	    "eigentumer", "example", "fmuller3eigentumerexample", "1213377",
	    "01641213377", "haus", "hauptstrasse", "86", "55116", "mainz",
	    "whg", "3", "v", "2024", "07706", "7706"};

	assert_int_equal(store_search_index(f->c, 1), HD_OK);
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		has(f, 1, "doc", words[i], true);
	has(f, 1, "doc", "zaunpfahl", false);
	has(f, 1, "internal", "zaunpfahl", true);
	has(f, 1, "internal", "geheim", true);
	/* Again: replaced, not added. */
	assert_int_equal(store_search_index(f->c, 1), HD_OK);
	assert_int_equal(q_int(f, "SELECT count(*) FROM process_search"), 1);
	assert_int_equal(store_search_index(f->c, 99), HD_ENOTFOUND);
}

static void
index_follows_the_reporter_and_the_property(void **state)
{
	struct fx *f = *state;
	int64_t n = 0;

	assert_int_equal(store_search_fill(f->c, true, &n), HD_OK);
	assert_int_equal(n, 2);
	exec_sql(f, "UPDATE users SET name = 'Frau Jäger' WHERE id = 2");
	assert_int_equal(store_search_index_reporter(f->c, 2), HD_OK);
	has(f, 1, "doc", "jager", true);
	has(f, 2, "doc", "jager", true);
	exec_sql(
	    f, "UPDATE properties SET street = 'Lindenstr. 1' WHERE id = 1");
	assert_int_equal(store_search_index_property(f->c, 1), HD_OK);
	has(f, 2, "doc", "lindenstr", true);
	has(f, 2, "doc", "hauptstrasse", false);
}

static void
fill_writes_only_what_is_missing(void **state)
{
	struct fx *f = *state;
	int64_t n = 0;

	assert_int_equal(store_search_index(f->c, 2), HD_OK);
	exec_sql(f, "UPDATE process_search SET doc = 'kept' WHERE "
		    "process_id = 2");
	assert_int_equal(store_search_fill(f->c, true, &n), HD_OK);
	assert_int_equal(n, 2);
	has(f, 1, "doc", "heizung", true);
	has(f, 2, "doc", "kept", true);
	assert_int_equal(store_search_fill(f->c, true, &n), HD_OK);
	assert_int_equal(n, 2);
	/* The quick check at start: nothing to do when the newest has its
	 * text; the fill when it has not. */
	assert_int_equal(store_search_fill(f->c, false, &n), HD_OK);
	assert_int_equal(n, 0);
	exec_sql(f, "DELETE FROM process_search");
	assert_int_equal(store_search_fill(f->c, false, &n), HD_OK);
	assert_int_equal(n, 2);
	has(f, 2, "doc", "klemmt", true);
}

static void
patterns_fold_split_and_stop_at_the_limit(void **state)
{
	char pat[HD_SEARCH_MAX_WORDS][HD_SEARCH_WORD_MAX + 8];

	(void)state;
	assert_int_equal(store_search_patterns("Mueller", pat), 1);
	assert_string_equal(pat[0], "%muller%");
	assert_int_equal(store_search_patterns("  Straße  MÜLLER ", pat), 2);
	assert_string_equal(pat[0], "%strasse%");
	assert_string_equal(pat[1], "%muller%");
	assert_int_equal(store_search_patterns("V-2025-4711", pat), 3);
	assert_string_equal(pat[0], "%v%");
	assert_string_equal(pat[2], "%4711%");
	assert_int_equal(store_search_patterns("100% a_b\\c", pat), 4);
	assert_string_equal(pat[0], "%100%");
	assert_int_equal(
	    store_search_patterns("a b c d e f", pat), HD_SEARCH_MAX_WORDS);
	assert_int_equal(store_search_patterns("!!! --- ", pat), 0);
	assert_int_equal(store_search_patterns("", pat), 0);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup_rows, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    T(index_holds_every_field_folded),
	    T(index_follows_the_reporter_and_the_property),
	    T(fill_writes_only_what_is_missing),
	    T(patterns_fold_split_and_stop_at_the_limit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
