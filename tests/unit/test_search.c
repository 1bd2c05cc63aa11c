/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of store/search.c on SQLite: the folded search text of a
 * Vorgang, how it follows its rows, the fill, and the query's patterns;
 * the FTS5 index of it (migration 016) kept in step, and the search of
 * contacts and properties.
 */
#include "store/contact.h"
#include "store/process.h"
#include "store/property.h"
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

/* How many Vorgänge the FTS5 index finds for MATCH m. */
static int64_t
fts_count(struct fx *f, const char *m)
{
	return q_int(f,
	    "SELECT count(*) FROM process_fts WHERE process_fts MATCH '%s'", m);
}

/* The FTS5 index agrees with process_search, row by row. */
static void
fts_in_step(struct fx *f)
{
	exec_sql(f, "INSERT INTO process_fts(process_fts, rank) "
		    "VALUES ('integrity-check', 1)");
}

/* Searches of the admin of org 1: how many Vorgänge q finds. */
static int64_t
admin_count(struct fx *f, const char *q)
{
	struct viewer v = {.org_id = 1, .user_id = 1, .kind = VIEW_ADMIN};
	struct process_filter flt = {.q = q};
	int64_t n = -1;
	bool more = false;

	assert_int_equal(store_process_count(f->c, &v, &flt, &n, &more), HD_OK);
	return n;
}

static void
fts_follows_comments_contacts_and_properties(void **state)
{
	struct fx *f = *state;
	struct viewer admin = {.org_id = 1, .user_id = 1, .kind = VIEW_ADMIN};
	struct store_contact_in ci = {.name = "Frau Kowalczyk"};
	struct store_property_in pi = {.street = "Ölmühlweg 7"};
	int64_t n = 0, id = 0;

	assert_int_equal(store_search_fill(f->c, true, &n), HD_OK);
	fts_in_step(f);
	assert_int_equal(fts_count(f, "\"hei\" AND \"ung\""), 1);
	/* A comment: its words are found, by the index and the list. */
	assert_int_equal(store_comment_insert(f->c, &admin, 2,
			     "Schlüsseldienst bestellt", false, &id),
	    HD_OK);
	fts_in_step(f);
	assert_int_equal(fts_count(f, "\"die\" AND \"nst\""), 1);
	assert_int_equal(admin_count(f, "Schluesseldienst"), 1);
	assert_int_equal(admin_count(f, "schlusseldienst klemmt"), 1);
	/* The reporter renamed: the new name found, the old not. */
	assert_int_equal(store_contact_update(f->c, 1, 2, &ci), HD_OK);
	fts_in_step(f);
	assert_int_equal(admin_count(f, "Kowalczyk"), 2);
	assert_int_equal(admin_count(f, "Müller"), 2); /* by the e-mail */
	assert_int_equal(admin_count(f, "Herr"), 0);
	/* The property moved. */
	assert_int_equal(store_property_update(f->c, 1, 1, &pi, false), HD_OK);
	fts_in_step(f);
	assert_int_equal(admin_count(f, "Oelmuehlweg"), 2);
	assert_int_equal(admin_count(f, "Hauptstrasse"), 0);
	assert_int_equal(fts_count(f, "\"upt\" AND \"tst\""), 0);
}

static void
list_search_goes_through_the_fts_index(void **state)
{
	struct fx *f = *state;
	int64_t n = 0;

	assert_int_equal(store_search_fill(f->c, true, &n), HD_OK);
	assert_int_equal(admin_count(f, "Heizung"), 1);
	assert_int_equal(admin_count(f, "heiz wasser"), 1);
	assert_int_equal(admin_count(f, "07706"), 1);
	assert_int_equal(admin_count(f, "V-2024-07707"), 1);
	assert_int_equal(admin_count(f, "Zaunpfahl"), 1); /* internal */
	assert_int_equal(admin_count(f, "Xylophon"), 0);
	/* Words of fewer than three characters have no trigram: the LIKE
	 * alone. */
	assert_int_equal(admin_count(f, "86"), 2);
	/* Taken out of the index (not out of process_search), Vorgang 1
	 * is no longer found: the search reads the index. */
	exec_sql(f, "INSERT INTO process_fts(process_fts, rowid, doc, "
		    "internal) SELECT 'delete', -process_id, doc, internal "
		    "FROM process_search WHERE process_id = 1");
	assert_int_equal(admin_count(f, "Heizung"), 0);
	exec_sql(f, "INSERT INTO process_fts(rowid, doc, internal) SELECT "
		    "-process_id, doc, internal FROM process_search WHERE "
		    "process_id = 1");
	fts_in_step(f);
	assert_int_equal(admin_count(f, "Heizung"), 1);
}

static void
match_is_the_trigrams_of_each_word(void **state)
{
	char m[HD_SEARCH_MATCH_MAX];

	(void)state;
	assert_int_equal(store_search_match("Müller 86", m, sizeof(m)),
	    strlen("\"mul\" AND \"ull\" AND \"lle\" AND \"ler\""));
	assert_string_equal(m, "\"mul\" AND \"ull\" AND \"lle\" AND \"ler\"");
	assert_true(store_search_match("Straße", m, sizeof(m)) > 0);
	assert_string_equal(m, "\"str\" AND \"tra\" AND \"ras\" AND "
			       "\"ass\" AND \"sse\"");
	/* A long word: HD_SEARCH_TRIGRAMS of them, the first and last. */
	assert_true(
	    store_search_match("Donaudampfschifffahrt", m, sizeof(m)) > 0);
	assert_string_equal(m,
	    "\"don\" AND \"nau\" AND \"dam\" AND \"mpf\" AND \"sch\" AND "
	    "\"hif\" AND \"ffa\" AND \"hrt\"");
	/* Characters, not bytes: a word of three non-ASCII characters. */
	assert_true(store_search_match("Дом", m, sizeof(m)) > 0);
	assert_int_equal(strlen(m), 2 + 6);
	assert_int_equal(store_search_match("ab 12 V", m, sizeof(m)), 0);
	assert_int_equal(store_search_match("!!!", m, sizeof(m)), 0);
	/* Too little room: what fitted, never a cut string. */
	assert_int_equal(store_search_match("Müller", m, 12), 5);
	assert_string_equal(m, "\"mul\"");
}

/* The count of contact_search / property_search rows whose doc holds
 * the word w. */
static int64_t
doc_has(struct fx *f, const char *table, const char *w)
{
	return q_int(f,
	    "SELECT count(*) FROM %s WHERE ' ' || doc || ' ' LIKE '%% %s %%'",
	    table, w);
}

static void
contacts_and_properties_have_their_folded_text(void **state)
{
	struct fx *f = *state;
	struct store_contact_in ci = {.name = "Frau Weiß",
	    .email = "weiss@example.org",
	    .phone = "+49 171 2345678"};
	struct store_property_in pi = {.name = "Anlage Süd",
	    .street = "Am Bach 1",
	    .postal_code = "10115",
	    .city = "Berlin"};
	int64_t n = 0, cid = 0, pid = 0, uid = 0;

	/* The rows of setup have none: the fill writes them. */
	assert_int_equal(q_int(f, "SELECT count(*) FROM contact_search"), 0);
	assert_int_equal(store_search_fill(f->c, false, &n), HD_OK);
	assert_int_equal(doc_has(f, "contact_search", "muller"), 1);
	assert_int_equal(doc_has(f, "contact_search", "01641213377"), 1);
	assert_int_equal(doc_has(f, "contact_search", "admin"), 0);
	assert_int_equal(doc_has(f, "property_search", "hauptstrasse"), 1);
	assert_int_equal(doc_has(f, "property_search", "whg"), 1);
	/* Written with the rows by the store. */
	assert_int_equal(store_contact_insert(f->c, 1, &ci, &cid), HD_OK);
	assert_int_equal(doc_has(f, "contact_search", "weiss"), 1);
	assert_int_equal(doc_has(f, "contact_search", "weissexampleorg"), 1);
	assert_int_equal(store_property_insert(f->c, 1, &pi, &pid), HD_OK);
	assert_int_equal(doc_has(f, "property_search", "sud"), 1);
	assert_int_equal(
	    store_unit_insert(f->c, 1, pid, "Laden EG", "commercial", &uid),
	    HD_OK);
	assert_int_equal(doc_has(f, "property_search", "laden"), 1);
	ci = (struct store_contact_in){.name = "Frau Groß"};
	assert_int_equal(store_contact_update(f->c, 1, cid, &ci), HD_OK);
	assert_int_equal(doc_has(f, "contact_search", "gross"), 1);
	assert_int_equal(doc_has(f, "contact_search", "weiss"), 1); /* mail */
	assert_int_equal(
	    q_int(f, "SELECT count(*) FROM contact_search WHERE user_id = %lld",
		(long long)cid),
	    1);
	/* The quick check: nothing missing, nothing done. */
	exec_sql(f, "UPDATE contact_search SET doc = 'kept'");
	assert_int_equal(store_search_fill(f->c, false, &n), HD_OK);
	assert_int_equal(doc_has(f, "contact_search", "kept"), 2);
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
	    T(fts_follows_comments_contacts_and_properties),
	    T(list_search_goes_through_the_fts_index),
	    T(match_is_the_trigrams_of_each_word),
	    T(contacts_and_properties_have_their_folded_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
