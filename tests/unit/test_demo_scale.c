/* SPDX-License-Identifier: MIT */
/*
 * The large demo data set at a tiny size: generated once into a fresh
 * database, then checked for the invariants the server keeps.
 */
#include "app/process.h"
#include "cli/demo_scale.h"
#include "core/event.h"
#include "db_sqlite_h.h"
#include "store/process.h"
#include "store/token.h"
#include "store/user.h"
#include "util/clock.h"
#include "util/rand.h"
#include "util/str.h"

#include <dirent.h>
#include <setjmp.h>
#include <sodium.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* cmocka.h needs setjmp.h, stdarg.h and stddef.h first. */
#include <cmocka.h>

/* Small, but with enough employees for several holders per role and a
 * twelfth property (index 7) where some roles have nobody. */
static const struct demo_scale_counts tiny = {
    .employees = 30,
    .admins = 2,
    .properties = 12,
    .units = 300,
    .contacts = 450,
    .processes = 3000,
};

struct fx {
	char dir[64];
	char path[128];
	char hash[160];
	struct db_conn *c;
	struct demo_scale_totals tot;
};

static struct fx *fx;

static void
remove_dir(const char *dir)
{
	char p[512];
	struct dirent *e;
	DIR *d;

	if ((d = opendir(dir)) != NULL) {
		while ((e = readdir(d)) != NULL) {
			if (strcmp(e->d_name, ".") == 0 ||
			    strcmp(e->d_name, "..") == 0)
				continue;
			snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
			unlink(p);
		}
		closedir(d);
	}
	rmdir(dir);
}

/* Opens a fresh migrated database dir/name. */
static struct db_conn *
open_fresh(const char *dir, const char *name)
{
	struct db_conn *c = NULL;
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (db_open(path, 0, &c) != HD_OK || db_migrate(c) != HD_OK) {
		db_close(c);
		return NULL;
	}
	return c;
}

static int
group_setup(void **state)
{
	(void)state;
	if (sodium_init() < 0 || (fx = calloc(1, sizeof(*fx))) == NULL)
		return -1;
	hd_strlcpy(fx->dir, "/tmp/hausdesk-test-demo-XXXXXX", sizeof(fx->dir));
	if (mkdtemp(fx->dir) == NULL)
		return -1;
	if (hd_password_hash(DEMO_SCALE_PASSWORD, fx->hash, sizeof(fx->hash)) !=
	    HD_OK)
		return -1;
	if ((fx->c = open_fresh(fx->dir, "demo.db")) == NULL)
		return -1;
	return demo_scale_generate(fx->c, &tiny, fx->hash, NULL, &fx->tot) ==
		       HD_OK
		   ? 0
		   : -1;
}

static int
group_teardown(void **state)
{
	(void)state;
	if (fx != NULL) {
		db_close(fx->c);
		remove_dir(fx->dir);
		free(fx);
	}
	return 0;
}

/* The integer in the first column of the first row of sql (-1: none). */
static int64_t
q_int_on(struct db_conn *c, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int64_t v = -1;

	if (sqlite3_prepare_v2(test_sqlite(c), sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("prepare %s: %s", sql, sqlite3_errmsg(test_sqlite(c)));
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static int64_t
q_int(const char *sql)
{
	return q_int_on(fx->c, sql);
}

/* ---- parameters -------------------------------------------------------- */

static void
test_scale_takes_plain_decimals_only(void **state)
{
	static const char *const bad[] = {"", "0", "0.0", "-1", "+1", "1e3",
	    "0x10", "inf", "nan", "1.5x", " 1", "1..2", ".5", "101", "1,5"};
	double v;
	size_t i;

	(void)state;
	assert_true(demo_scale_parse("1", &v));
	assert_true(v == 1.0);
	assert_true(demo_scale_parse("0.01", &v));
	assert_true(v > 0.0099 && v < 0.0101);
	assert_true(demo_scale_parse("1.0", &v));
	assert_true(demo_scale_parse("100", &v));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (demo_scale_parse(bad[i], &v))
			fail_msg("accepted '%s'", bad[i]);
	assert_false(demo_scale_parse(NULL, &v));
}

static void
test_counts_scale_linearly_with_minimums(void **state)
{
	struct demo_scale_counts k;

	(void)state;
	demo_scale_counts(1, &k);
	assert_int_equal(k.employees, 300);
	assert_int_equal(k.admins, 5);
	assert_int_equal(k.properties, 2000);
	assert_int_equal(k.units, 60000);
	assert_int_equal(k.contacts, 90000);
	assert_int_equal(k.processes, 1000000);
	demo_scale_counts(0.002, &k);
	assert_int_equal(k.employees, 1);
	assert_int_equal(k.admins, 1);
	assert_int_equal(k.properties, 4);
	assert_int_equal(k.processes, 2000);
	demo_scale_counts(0.0001, &k);
	assert_int_equal(k.properties, 1);
	assert_true(k.units >= k.properties && k.contacts >= k.properties);
}

/* ---- the data set ------------------------------------------------------ */

static void
test_counts_are_as_asked(void **state)
{
	(void)state;
	assert_int_equal(q_int("SELECT count(*) FROM users WHERE kind = "
			       "'employee'"),
	    tiny.employees);
	assert_int_equal(q_int("SELECT count(*) FROM users WHERE kind = "
			       "'employee' AND is_admin"),
	    tiny.admins);
	assert_int_equal(q_int("SELECT count(*) FROM users WHERE kind = "
			       "'contact'"),
	    tiny.contacts);
	assert_int_equal(
	    q_int("SELECT count(*) FROM residents"), tiny.contacts);
	assert_int_equal(
	    q_int("SELECT count(*) FROM properties"), tiny.properties);
	assert_int_equal(q_int("SELECT count(*) FROM units"), tiny.units);
	assert_int_equal(q_int("SELECT count(*) FROM roles"), DEMO_SCALE_ROLES);
	assert_int_equal(
	    q_int("SELECT count(*) FROM process_types"), DEMO_SCALE_TYPES);
	assert_int_equal(
	    q_int("SELECT count(*) FROM processes"), tiny.processes);
	assert_int_equal(
	    q_int("SELECT count(*) FROM process_assignees"), fx->tot.assignees);
	assert_int_equal(
	    q_int("SELECT count(*) FROM comments"), fx->tot.comments);
	assert_true(fx->tot.comments > tiny.processes / 5);
	assert_int_equal(q_int("SELECT count(*) FROM users WHERE email = "
			       "'" DEMO_SCALE_ADMIN "' AND is_admin"),
	    1);
	/* Historical Vorgänge have nothing to mail. */
	assert_int_equal(q_int("SELECT count(*) FROM outbox"), 0);
	/* The comment counts kept by triggers match the comments. */
	assert_int_equal(q_int("SELECT count(*) FROM processes p WHERE "
			       "comment_count != (SELECT count(*) FROM "
			       "comments c WHERE c.process_id = p.id)"),
	    0);
	assert_true(q_int("SELECT count(*) FROM processes WHERE "
			  "comment_count > 0") > 0);
}

static void
test_every_user_has_the_demo_password(void **state)
{
	struct store_user u;

	(void)state;
	assert_int_equal(q_int("SELECT count(DISTINCT password_hash) FROM "
			       "users WHERE password_hash IS NOT NULL"),
	    1);
	assert_int_equal(
	    q_int("SELECT count(*) FROM users WHERE password_hash IS NULL"), 0);
	assert_int_equal(
	    store_user_by_email(fx->c, DEMO_SCALE_ADMIN, &u), HD_OK);
	assert_true(hd_password_verify(u.password_hash, DEMO_SCALE_PASSWORD));
}

static void
test_emails_are_unique_and_ascii(void **state)
{
	(void)state;
	assert_int_equal(q_int("SELECT count(*) - count(DISTINCT lower(email)) "
			       "FROM users"),
	    0);
	assert_int_equal(q_int("SELECT count(*) FROM users WHERE email GLOB "
			       "'*[^a-z0-9.@-]*'"),
	    0);
}

static void
test_staff_has_gaps_at_few_properties_and_extra_holders(void **state)
{
	(void)state;
	/* Only the property with index 7 misses roles. */
	assert_int_equal(q_int("SELECT count(*) FROM (SELECT p.id FROM "
			       "properties p LEFT JOIN staff s ON "
			       "s.property_id = p.id GROUP BY p.id HAVING "
			       "count(DISTINCT s.role_id) < 12)"),
	    1);
	assert_true(q_int("SELECT count(*) FROM (SELECT 1 FROM staff GROUP BY "
			  "property_id, role_id HAVING count(*) > 1)") > 0);
	/* The admins hold no roles when there are enough employees. */
	assert_int_equal(q_int("SELECT count(*) FROM staff s JOIN users u ON "
			       "u.id = s.employee_id WHERE u.is_admin"),
	    0);
}

static void
test_every_vorgang_is_assigned_or_unrouted(void **state)
{
	(void)state;
	assert_int_equal(q_int("SELECT count(*) FROM processes p WHERE NOT "
			       "EXISTS (SELECT 1 FROM process_assignees a "
			       "WHERE a.process_id = p.id) AND NOT p.unrouted"),
	    0);
	/* With admins, even the unrouted ones have someone. */
	assert_int_equal(q_int("SELECT count(*) FROM processes p WHERE NOT "
			       "EXISTS (SELECT 1 FROM process_assignees a "
			       "WHERE a.process_id = p.id)"),
	    0);
	assert_true(fx->tot.unrouted > 0);
	assert_int_equal(q_int("SELECT count(*) FROM processes WHERE unrouted"),
	    fx->tot.unrouted);
	/* Unrouted ones go to the admins, routed ones never do. */
	assert_int_equal(q_int("SELECT count(*) FROM process_assignees a JOIN "
			       "processes p ON p.id = a.process_id JOIN users "
			       "u ON u.id = a.employee_id WHERE p.unrouted "
			       "<> u.is_admin"),
	    0);
}

static void
test_references_stay_within_the_property(void **state)
{
	(void)state;
	assert_int_equal(q_int("SELECT count(*) FROM processes p JOIN units u "
			       "ON u.id = p.unit_id WHERE u.property_id <> "
			       "p.property_id"),
	    0);
	assert_int_equal(q_int("SELECT count(*) FROM processes p WHERE NOT "
			       "EXISTS (SELECT 1 FROM residents r WHERE "
			       "r.contact_id = p.reporter_id AND r.property_id "
			       "= p.property_id AND (p.unit_id IS NULL OR "
			       "r.unit_id = p.unit_id))"),
	    0);
	assert_int_equal(q_int("SELECT count(*) FROM residents r JOIN units u "
			       "ON u.id = r.unit_id WHERE u.property_id <> "
			       "r.property_id OR u.kind = 'parking'"),
	    0);
	assert_int_equal(
	    q_int("SELECT count(*) FROM pragma_foreign_key_check"), 0);
}

static void
test_numbers_count_per_year_in_creation_order(void **state)
{
	(void)state;
	assert_int_equal(q_int("SELECT count(*) FROM processes WHERE "
			       "substr(number, 3, 4) <> strftime('%Y', "
			       "created_at, 'unixepoch')"),
	    0);
	assert_int_equal(
	    q_int("SELECT count(*) FROM processes a JOIN "
		  "processes b ON b.id = a.id + 1 WHERE "
		  "b.created_at < a.created_at OR (substr(a.number, "
		  "1, 6) = substr(b.number, 1, 6) AND "
		  "CAST(substr(b.number, 8) AS INTEGER) <> "
		  "CAST(substr(a.number, 8) AS INTEGER) + 1)"),
	    0);
	assert_int_equal(q_int("SELECT count(*) FROM process_counters c WHERE "
			       "c.last <> (SELECT count(*) FROM processes p "
			       "WHERE substr(p.number, 3, 4) = CAST(c.year AS "
			       "TEXT))"),
	    0);
	assert_true(q_int("SELECT count(*) FROM process_counters") >= 5);
	assert_true(q_int("SELECT max(created_at) - min(created_at) FROM "
			  "processes") > 4 * 365 * 86400);
	assert_true(q_int("SELECT max(created_at) FROM processes") <= hd_now());
}

static void
test_history_is_written_as_the_server_does(void **state)
{
	(void)state;
	assert_int_equal(q_int("SELECT count(*) FROM processes p WHERE "
			       "(SELECT count(*) FROM history h WHERE "
			       "h.process_id = p.id AND h.event = 'created') "
			       "<> 1"),
	    0);
	assert_int_equal(q_int("SELECT count(*) FROM history WHERE event = "
			       "'routed'"),
	    fx->tot.assignees);
	assert_int_equal(q_int("SELECT count(*) FROM process_assignees a "
			       "WHERE NOT EXISTS (SELECT 1 FROM history h "
			       "WHERE h.process_id = a.process_id AND h.event "
			       "= 'routed' AND h.text = a.reason)"),
	    0);
	assert_int_equal(q_int("SELECT count(*) FROM history WHERE event = "
			       "'status'"),
	    q_int("SELECT count(*) FROM processes WHERE status <> 'open'"));
	assert_int_equal(q_int("SELECT count(*) FROM history h JOIN processes "
			       "p ON p.id = h.process_id WHERE h.at < "
			       "p.created_at OR h.at > p.updated_at"),
	    0);
	assert_int_equal(q_int("SELECT count(*) FROM comments c JOIN processes "
			       "p ON p.id = c.process_id WHERE c.created_at < "
			       "p.created_at OR c.created_at > p.updated_at"),
	    0);
	/* Contacts never write internal comments. */
	assert_int_equal(q_int("SELECT count(*) FROM comments c JOIN users u "
			       "ON u.id = c.author_id WHERE c.internal AND "
			       "u.kind = 'contact'"),
	    0);
}

/*
 * Every history text the generator wrote is what core/event renders (the
 * one place history texts come from): a creation or status change
 * rendered again from its row gives the same bytes; a routing entry is
 * the assignee's reason and parses back (event_de_parse: only when
 * rendering gives the text byte for byte) into the event it stands for.
 */
static void
test_history_texts_are_core_event_renderings(void **state)
{
	char text[EVENT_TEXT_MAX];
	int64_t checked = 0, routed = 0;
	enum hd_pstatus to;
	struct event ev;
	sqlite3_stmt *st;
	const char *kind, *t;

	(void)state;
	assert_int_equal(sqlite3_prepare_v2(test_sqlite(fx->c),
			     "SELECT h.text, u.name, u.kind FROM history h "
			     "JOIN users u ON u.id = h.actor_id "
			     "WHERE h.event = 'created'",
			     -1, &st, NULL),
	    SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		kind = (const char *)sqlite3_column_text(st, 2);
		event_init(&ev, EVENT_CREATED);
		ev.actor = (const char *)sqlite3_column_text(st, 1);
		ev.portal = strcmp(kind, "contact") == 0;
		assert_int_equal(
		    event_render(&ev, HD_LANG_DE, text, sizeof(text)), HD_OK);
		assert_string_equal(sqlite3_column_text(st, 0), text);
		checked++;
	}
	sqlite3_finalize(st);
	assert_int_equal(checked, tiny.processes);
	assert_int_equal(sqlite3_prepare_v2(test_sqlite(fx->c),
			     "SELECT h.text, u.name, p.status FROM history h "
			     "JOIN users u ON u.id = h.actor_id "
			     "JOIN processes p ON p.id = h.process_id "
			     "WHERE h.event = 'status'",
			     -1, &st, NULL),
	    SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		event_init(&ev, EVENT_STATUS);
		ev.from = HD_PS_OPEN;
		assert_true(hd_pstatus_parse(
		    (const char *)sqlite3_column_text(st, 2), &to));
		ev.to = to;
		ev.actor = (const char *)sqlite3_column_text(st, 1);
		assert_int_equal(
		    event_render(&ev, HD_LANG_DE, text, sizeof(text)), HD_OK);
		assert_string_equal(sqlite3_column_text(st, 0), text);
		checked++;
	}
	sqlite3_finalize(st);
	assert_int_equal(sqlite3_prepare_v2(test_sqlite(fx->c),
			     "SELECT h.event, h.text, pr.name FROM history h "
			     "JOIN processes p ON p.id = h.process_id "
			     "JOIN properties pr ON pr.id = p.property_id "
			     "WHERE h.event IN ('routed', 'unrouted')",
			     -1, &st, NULL),
	    SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		kind = (const char *)sqlite3_column_text(st, 0);
		t = (const char *)sqlite3_column_text(st, 1);
		assert_int_equal(
		    event_de_parse(
			t, (const char *)sqlite3_column_text(st, 2), &ev),
		    HD_OK);
		if (strcmp(kind, "unrouted") == 0)
			assert_int_equal(ev.code, EVENT_UNROUTED);
		else if (ev.code != EVENT_ROUTED && ev.code != EVENT_FALLBACK &&
			 ev.code != EVENT_ADMIN)
			fail_msg("not a routing reason: %s", t);
		assert_int_equal(
		    event_render(&ev, HD_LANG_DE, text, sizeof(text)), HD_OK);
		assert_string_equal(t, text);
		routed += strcmp(kind, "routed") == 0;
		event_cleanup(&ev);
		checked++;
	}
	sqlite3_finalize(st);
	assert_int_equal(routed, fx->tot.assignees);
	/* That was every entry. */
	assert_int_equal(checked, q_int("SELECT count(*) FROM history"));
}

static void
test_newest_vorgaenge_are_open_and_old_ones_mostly_done(void **state)
{
	int64_t recent = tiny.processes / 20;
	char sql[512];

	(void)state;
	snprintf(sql, sizeof(sql),
	    "SELECT count(*) FROM (SELECT status FROM processes ORDER BY id "
	    "DESC LIMIT %lld) WHERE status NOT IN ('open', 'in_progress', "
	    "'waiting')",
	    (long long)recent);
	assert_int_equal(q_int(sql), 0);
	snprintf(sql, sizeof(sql),
	    "SELECT count(*) FROM (SELECT status FROM processes ORDER BY id "
	    "DESC LIMIT %lld) WHERE status = 'open'",
	    (long long)recent);
	assert_true(q_int(sql) > recent / 3);
	assert_true(q_int("SELECT count(*) FROM processes WHERE status IN "
			  "('resolved', 'closed')") > tiny.processes * 9 / 10);
}

/* The server's own re-routing of an open Vorgang changes nothing. */
static void
test_assignees_match_the_servers_routing(void **state)
{
	struct viewer admin = {0};
	sqlite3_stmt *st, *a;
	int64_t ids[40];
	char sql[256], *was;
	int n = 0, i;

	(void)state;
	admin.org_id = fx->tot.org_id;
	admin.kind = VIEW_ADMIN;
	admin.user_id = q_int("SELECT id FROM users WHERE is_admin ORDER BY "
			      "id LIMIT 1");
	/* The unrouted ones first: the admin fallback is the subtle part. */
	assert_int_equal(sqlite3_prepare_v2(test_sqlite(fx->c),
			     "SELECT id FROM processes WHERE status = 'open' "
			     "ORDER BY unrouted DESC, id LIMIT 40",
			     -1, &st, NULL),
	    SQLITE_OK);
	while (n < 40 && sqlite3_step(st) == SQLITE_ROW)
		ids[n++] = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	assert_true(n > 10);
	assert_int_equal(db_begin(fx->c), HD_OK);
	for (i = 0; i < n; i++) {
		snprintf(sql, sizeof(sql),
		    "SELECT group_concat(employee_id || ':' || "
		    "coalesce(role_id, 0) || ':' || reason, '|') FROM (SELECT "
		    "* FROM process_assignees WHERE process_id = %lld ORDER "
		    "BY employee_id)",
		    (long long)ids[i]);
		assert_int_equal(
		    sqlite3_prepare_v2(test_sqlite(fx->c), sql, -1, &a, NULL),
		    SQLITE_OK);
		assert_int_equal(sqlite3_step(a), SQLITE_ROW);
		was = strdup((const char *)sqlite3_column_text(a, 0));
		sqlite3_reset(a);
		assert_int_equal(
		    app_process_reroute_in(fx->c, &admin, ids[i]), HD_OK);
		assert_int_equal(sqlite3_step(a), SQLITE_ROW);
		assert_string_equal(
		    was, (const char *)sqlite3_column_text(a, 0));
		free(was);
		sqlite3_finalize(a);
	}
	/* Nobody was newly assigned, so nobody was mailed. */
	assert_int_equal(q_int("SELECT count(*) FROM outbox"), 0);
	db_rollback(fx->c);
}

/* ---- tokens ------------------------------------------------------------ */

static void
test_tokens_file_holds_working_tokens(void **state)
{
	char path[256], rpath[300], line[512], tok[HD_TOKEN_MAX];
	char hash[HD_HASH_MAX], kind[16];
	struct store_user u;
	long long uid, prop, unit, pid;
	int tenants = 0, employees = 0, reads = 0;
	char *p, *f[5];
	FILE *in;
	int i;

	(void)state;
	snprintf(path, sizeof(path), "%s/tokens", fx->dir);
	snprintf(rpath, sizeof(rpath), "%s.read", path);
	assert_int_equal(demo_scale_tokens(fx->c, fx->tot.org_id, path), HD_OK);
	assert_non_null(in = fopen(path, "r"));
	while (fgets(line, sizeof(line), in) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		for (i = 0, p = line; i < 5; i++) {
			f[i] = p;
			p = strchr(p, '\t');
			if (i < 4) {
				assert_non_null(p);
				*p++ = '\0';
			}
		}
		assert_null(p);
		hd_strlcpy(kind, f[0], sizeof(kind));
		uid = strtoll(f[1], NULL, 10);
		hd_strlcpy(tok, f[2], sizeof(tok));
		prop = strtoll(f[3], NULL, 10);
		unit = strtoll(f[4], NULL, 10);
		hd_token_hash(tok, hash);
		assert_int_equal(
		    store_apitoken_lookup(fx->c, hash, 0, &u, NULL, NULL, NULL),
		    HD_OK);
		assert_int_equal(u.id, uid);
		if (strcmp(kind, "tenant") == 0) {
			char sql[256];

			tenants++;
			assert_false(u.is_employee);
			snprintf(sql, sizeof(sql),
			    "SELECT count(*) FROM residents WHERE contact_id "
			    "= %lld AND property_id = %lld AND unit_id = "
			    "%lld AND relation = 'tenant'",
			    uid, prop, unit);
			assert_int_equal(q_int(sql), 1);
		} else {
			employees++;
			assert_string_equal(kind, "employee");
			assert_true(u.is_employee);
			assert_true(prop == 0 && unit == 0);
		}
	}
	fclose(in);
	assert_int_equal(tenants, q_int("SELECT count(*) FROM residents WHERE "
					"relation = 'tenant'"));
	assert_int_equal(employees, tiny.employees);
	assert_non_null(in = fopen(rpath, "r"));
	while (fgets(line, sizeof(line), in) != NULL) {
		char sql[256];

		p = strchr(line, '\t');
		assert_non_null(p);
		*p++ = '\0';
		pid = strtoll(p, NULL, 10);
		hd_token_hash(line, hash);
		assert_int_equal(
		    store_apitoken_lookup(fx->c, hash, 0, &u, NULL, NULL, NULL),
		    HD_OK);
		snprintf(sql, sizeof(sql),
		    "SELECT count(*) FROM process_assignees WHERE process_id "
		    "= %lld AND employee_id = %lld",
		    pid, (long long)u.id);
		assert_int_equal(q_int(sql), 1);
		reads++;
	}
	fclose(in);
	assert_true(reads >= (tiny.employees - tiny.admins) * 10);
}

/* ---- reproducibility ----------------------------------------------------- */

static void
test_generation_is_deterministic_and_once_only(void **state)
{
	static const char *const fp =
	    "SELECT (SELECT count(*) FROM processes) || ':' || (SELECT "
	    "sum(type_id * 7 + property_id * 13 + coalesce(unit_id, 0) * 3 + "
	    "reporter_id + length(description) + unrouted) FROM processes) "
	    "|| ':' || (SELECT count(*) FROM history) || ':' || (SELECT "
	    "count(*) FROM comments) || ':' || (SELECT sum(employee_id) FROM "
	    "staff) || ':' || (SELECT sum(length(name)) FROM users)";
	struct demo_scale_totals tot;
	struct db_conn *c2;
	sqlite3_stmt *a, *b;

	(void)state;
	assert_non_null(c2 = open_fresh(fx->dir, "again.db"));
	assert_int_equal(
	    demo_scale_generate(c2, &tiny, fx->hash, NULL, &tot), HD_OK);
	assert_int_equal(
	    sqlite3_prepare_v2(test_sqlite(fx->c), fp, -1, &a, NULL),
	    SQLITE_OK);
	assert_int_equal(
	    sqlite3_prepare_v2(test_sqlite(c2), fp, -1, &b, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(a), SQLITE_ROW);
	assert_int_equal(sqlite3_step(b), SQLITE_ROW);
	assert_string_equal(
	    sqlite3_column_text(a, 0), sqlite3_column_text(b, 0));
	sqlite3_finalize(a);
	sqlite3_finalize(b);
	/* The organisation is there now: a second run is refused. */
	assert_int_equal(
	    demo_scale_generate(c2, &tiny, fx->hash, NULL, &tot), HD_ECONFLICT);
	assert_int_equal(
	    q_int_on(c2, "SELECT count(*) FROM processes"), tiny.processes);
	db_close(c2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_scale_takes_plain_decimals_only),
	    cmocka_unit_test(test_counts_scale_linearly_with_minimums),
	    cmocka_unit_test(test_counts_are_as_asked),
	    cmocka_unit_test(test_every_user_has_the_demo_password),
	    cmocka_unit_test(test_emails_are_unique_and_ascii),
	    cmocka_unit_test(
		test_staff_has_gaps_at_few_properties_and_extra_holders),
	    cmocka_unit_test(test_every_vorgang_is_assigned_or_unrouted),
	    cmocka_unit_test(test_references_stay_within_the_property),
	    cmocka_unit_test(test_numbers_count_per_year_in_creation_order),
	    cmocka_unit_test(test_history_is_written_as_the_server_does),
	    cmocka_unit_test(test_history_texts_are_core_event_renderings),
	    cmocka_unit_test(
		test_newest_vorgaenge_are_open_and_old_ones_mostly_done),
	    cmocka_unit_test(test_assignees_match_the_servers_routing),
	    cmocka_unit_test(test_tokens_file_holds_working_tokens),
	    cmocka_unit_test(test_generation_is_deterministic_and_once_only),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
