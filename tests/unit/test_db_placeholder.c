/* SPDX-License-Identifier: MIT */
/*
 * The placeholder translator for the PostgreSQL driver: `?` and `?N` as
 * $N, numbered as SQLite numbers them (checked against SQLite itself),
 * and nothing changed inside strings, identifiers and comments.
 */
#include "db/db.h"
#include "db/placeholder.h"
#include "db_tmp.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* Translates sql and checks the result and the parameter count. */
static void
expect(const char *sql, const char *want, int want_n)
{
	char *out = NULL;
	int n = -1;

	assert_int_equal(db_placeholders_pg(sql, &out, &n), HD_OK);
	assert_string_equal(out, want);
	assert_int_equal(n, want_n);
	free(out);
}

static void
refused(const char *sql)
{
	char *out = (char *)sql;
	int n = -1;

	assert_int_equal(db_placeholders_pg(sql, &out, &n), HD_EINVAL);
	assert_null(out);
}

static void
bare_marks_are_numbered_in_order(void **state)
{
	(void)state;
	expect("SELECT 1", "SELECT 1", 0);
	expect("", "", 0);
	expect("SELECT a FROM t WHERE b = ? AND c = ?",
	    "SELECT a FROM t WHERE b = $1 AND c = $2", 2);
	expect("INSERT INTO t VALUES (?,?,?)",
	    "INSERT INTO t VALUES ($1,$2,$3)", 3);
}

static void
numbered_marks_keep_their_numbers(void **state)
{
	(void)state;
	expect("p.org_id = ?1 AND (?2 = 0 OR p.reporter_id = ?3 OR ?2 = 1)",
	    "p.org_id = $1 AND ($2 = 0 OR p.reporter_id = $3 OR $2 = 1)", 3);
	expect("?3", "$3", 3);
	expect("?007", "$7", 7);
	expect("?32766", "$32766", 32766);
}

static void
mixed_marks_follow_sqlite(void **state)
{
	(void)state;
	/* A bare mark is one more than the largest number so far. */
	expect("?2, ?, ?1, ?", "$2, $3, $1, $4", 4);
	expect("?, ?1, ?", "$1, $1, $2", 2);
	expect("?5, ?", "$5, $6", 6);
}

static void
strings_identifiers_and_comments_are_left_alone(void **state)
{
	(void)state;
	expect("SELECT '?', \"a?b\", ?", "SELECT '?', \"a?b\", $1", 1);
	expect("SELECT 'it''s ?' = ?", "SELECT 'it''s ?' = $1", 1);
	expect("SELECT \"x\"\"?\" FROM t WHERE y = ?",
	    "SELECT \"x\"\"?\" FROM t WHERE y = $1", 1);
	expect("SELECT ? -- why ?\n, ?", "SELECT $1 -- why ?\n, $2", 2);
	expect("SELECT ? -- to the end ?", "SELECT $1 -- to the end ?", 1);
	expect("SELECT /* ? */ ?", "SELECT /* ? */ $1", 1);
	expect("SELECT a-?, b/?", "SELECT a-$1, b/$2", 2);
	expect("SELECT 'Grüße ?' || ?", "SELECT 'Grüße ?' || $1", 1);
}

static void
bad_marks_and_open_quotes_are_refused(void **state)
{
	(void)state;
	refused("SELECT ?0");
	refused("SELECT ?32767");
	refused("SELECT ?99999999999999999999");
	refused("SELECT ?32766, ?");
	refused("SELECT 'open ?");
	refused("SELECT \"open");
	refused("SELECT /* open ?");
}

/* The numbers in translated SQL, in order (no '$' in its strings). */
static int
numbers(const char *pg, int *out, int max)
{
	int n = 0;

	for (const char *p = strchr(pg, '$'); p && n < max;
	     p = strchr(p + 1, '$'))
		out[n++] = (int)strtol(p + 1, NULL, 10);
	return n;
}

/* SQLite's own numbering of sql, whose columns are its placeholders:
 * bind 10 * k to parameter k, read the columns back; the translation
 * must number them alike. */
static void
same_as_sqlite(struct db_conn *c, const char *sql, int n_params)
{
	static const char *const fmts[] = {"", "i", "ii", "iii", "iiii"};
	int nums[8], n;
	struct db_stmt *st;
	char *pg = NULL;
	int np = 0;

	assert_int_equal(db_placeholders_pg(sql, &pg, &np), HD_OK);
	assert_int_equal(np, n_params);
	n = numbers(pg, nums, 8);
	st = db_prepare(c, sql);
	assert_non_null(st);
	/* Extra arguments are not read. */
	assert_int_equal(db_bind(st, fmts[n_params], (int64_t)10, (int64_t)20,
			     (int64_t)30, (int64_t)40),
	    HD_OK);
	assert_true(db_step(st));
	for (int k = 0; k < n; k++)
		assert_int_equal(db_col_i64(st, k), 10 * nums[k]);
	assert_int_equal(db_end(st), HD_OK);
	free(pg);
}

static void
the_numbering_is_sqlites_own(void **state)
{
	struct db_tmp t;
	struct db_conn *c;

	(void)state;
	db_tmp_make(&t);
	assert_int_equal(db_open(t.path, 0, &c), HD_OK);
	same_as_sqlite(c, "SELECT ?2, ?, ?1, ?", 4);
	same_as_sqlite(c, "SELECT ?, ?1, ?", 2);
	same_as_sqlite(c, "SELECT ?3 /* ? */, ?1, ? WHERE '?' = '?'", 4);
	same_as_sqlite(c, "SELECT ?, -- ?\n ? FROM (SELECT 1 AS \"?\")", 2);
	db_close(c);
	db_tmp_remove(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(bare_marks_are_numbered_in_order),
	    cmocka_unit_test(numbered_marks_keep_their_numbers),
	    cmocka_unit_test(mixed_marks_follow_sqlite),
	    cmocka_unit_test(strings_identifiers_and_comments_are_left_alone),
	    cmocka_unit_test(bad_marks_and_open_quotes_are_refused),
	    cmocka_unit_test(the_numbering_is_sqlites_own),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
