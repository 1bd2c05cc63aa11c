/* SPDX-License-Identifier: MIT */
/*
 * Events as stored data (src/store/event_json.c) and migration 011's C
 * step (src/store/event_upgrade.c) against a real SQLite file: every
 * parameter survives the trip through JSON, and the sentences an existing
 * database holds become events — or legacy text when they cannot be
 * parsed — rendering as before in German and in English after.
 */
#include "core/event.h"
#include "db/db.h"
#include "db_sqlite_h.h"
#include "store/event_json.h"
#include "store/event_upgrade.h"
#include "util/str.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* cmocka.h needs setjmp.h, stdarg.h and stddef.h first. */
#include <cmocka.h>

/* The German and English sentences of ev after a trip through JSON. */
static void
trip(const struct event *ev, const char *de, const char *en)
{
	char buf[EVENT_TEXT_MAX], *json = NULL;
	struct event back;

	assert_int_equal(event_json_write(ev, &json), HD_OK);
	assert_int_equal(event_json_read(json, &back), HD_OK);
	assert_int_equal(back.code, ev->code);
	assert_int_equal(event_de_render(&back, buf, sizeof(buf)), HD_OK);
	assert_string_equal(buf, de);
	assert_int_equal(event_en_render(&back, buf, sizeof(buf)), HD_OK);
	assert_string_equal(buf, en);
	event_cleanup(&back);
	free(json);
}

static void
every_parameter_survives_the_trip_through_json(void **state)
{
	struct event ev;

	(void)state;
	event_init(&ev, EVENT_STATUS);
	ev.actor = "Herr Schmidt";
	ev.from = HD_PS_OPEN;
	ev.to = HD_PS_IN_PROGRESS;
	trip(&ev, "Status: neu → in Bearbeitung (Herr Schmidt)",
	    "Status: New → In progress (Herr Schmidt)");

	event_init(&ev, EVENT_ROUTED);
	ev.who = "Frau Meier";
	ev.property = "Max-Planck-Straße 12";
	ev.absent[0] = (struct event_absent){"Frau Huber", 20799};
	ev.n_absent = 1;
	trip(&ev,
	    "Frau Meier: Vertretung für Frau Huber (abwesend bis 12.12.2026)",
	    "Frau Meier: covering for Frau Huber (away until 12 Dec 2026)");

	event_init(&ev, EVENT_FALLBACK);
	ev.who = "Herr Lang";
	ev.property = "Max-Planck-Straße 12";
	ev.roles[0] = "Verwaltung";
	ev.n_roles = 1;
	ev.cause = CAUSE_NOBODY;
	ev.cause_roles[0] = "Hausmeister";
	ev.n_cause_roles = 1;
	trip(&ev,
	    "Herr Lang: Ersatzzuständigkeit (Rolle Verwaltung) in "
	    "Max-Planck-Straße 12 – Niemand hat die Rolle Hausmeister in "
	    "Max-Planck-Straße 12",
	    "Herr Lang: fallback role Verwaltung at Max-Planck-Straße 12 – "
	    "nobody holds the role Hausmeister at Max-Planck-Straße 12");

	event_init(&ev, EVENT_CHANGED);
	ev.actor = "Frau Admin";
	ev.field = FIELD_PROPERTY;
	ev.old_value = "Max-Planck-Straße 12";
	ev.new_value = "Goethestraße 3";
	trip(&ev,
	    "Liegenschaft: Max-Planck-Straße 12 → Goethestraße 3 (Frau Admin)",
	    "Property: Max-Planck-Straße 12 → Goethestraße 3 (Frau Admin)");

	event_init(&ev, EVENT_REMINDER);
	ev.names[0] = "Herr Schmidt";
	ev.n_names = 1;
	ev.hours = 24;
	trip(&ev,
	    "Erinnerung an Herrn Schmidt gesendet: keine Reaktion innerhalb "
	    "von 24 Stunden",
	    "Reminder sent to Herr Schmidt: no response within 24 hours");

	event_init(&ev, EVENT_ATTACHMENT_DROPPED);
	ev.text = "IMG_0412.HEIC";
	ev.size = 26529382;
	ev.limit = 10485760;
	trip(&ev,
	    "Anhang „IMG_0412.HEIC“ nicht übernommen: 25,3 MB, erlaubt sind "
	    "höchstens 10 MB",
	    "Attachment “IMG_0412.HEIC” not kept: 25.3 MB, the limit is 10 MB");
}

static void
what_is_no_stored_event_is_refused_and_rendered_as_the_fallback(void **state)
{
	char buf[EVENT_TEXT_MAX];
	struct event ev;

	(void)state;
	assert_int_equal(
	    event_json_read("{\"code\":\"nonsense\"}", &ev), HD_EINVAL);
	event_cleanup(&ev);
	assert_int_equal(event_json_read("[1,2]", &ev), HD_EINVAL);
	event_cleanup(&ev);
	assert_int_equal(event_json_read("{\"code\":", &ev), HD_EINVAL);
	event_cleanup(&ev);
	event_json_render("{\"code\":\"bogus\"}", "der alte Satz", HD_LANG_EN,
	    buf, sizeof(buf));
	assert_string_equal(buf, "der alte Satz");
	event_json_render(NULL, NULL, HD_LANG_DE, buf, sizeof(buf));
	assert_string_equal(buf, "");
	event_json_render("{\"code\":\"legacy\",\"text\":\"Telefonat\"}", "",
	    HD_LANG_EN, buf, sizeof(buf));
	assert_string_equal(buf, "Telefonat");
}

/* ---- migration 011's C step ---------------------------------------- */

struct fx {
	char dir[64];
	char path[128];
	struct db_conn *c;
};

static const char seed_sql[] =
    "INSERT INTO orgs(id, name, created_at) VALUES (1, 'ABC', 0);"
    "INSERT INTO users(id, org_id, kind, name, email, created_at) VALUES "
    " (1, 1, 'employee', 'Herr Schmidt', 's@abc.example', 0),"
    " (2, 1, 'contact', 'Herr Müller', 'm@example.org', 0);"
    "INSERT INTO roles(id, org_id, name) VALUES (1, 1, 'Rolle in Bau');"
    "INSERT INTO properties(id, org_id, name, street, postal_code, city, "
    " created_at) VALUES (1, 1, 'Haus in der Au', 'Au 1', '80331', "
    " 'München', 0);"
    "INSERT INTO process_types(id, org_id, name) VALUES (1, 1, 'S');"
    "INSERT INTO processes(id, org_id, number, type_id, property_id, "
    " reporter_kind, reporter_id, created_by, subject, description, "
    " created_at, updated_at) VALUES (1, 1, 'V-2026-00001', 1, 1, "
    " 'contact', 2, 2, 'x', 'y', 0, 0);"
    "INSERT INTO history(process_id, id, at, event, text) VALUES "
    " (1, 1, 0, 'created', "
    "  'Vorgang angelegt von Herr Müller im Kundenportal'),"
    " (1, 2, 0, 'routed', "
    "  'Herr Schmidt: Rolle Rolle in Bau in Haus in der Au'),"
    " (1, 3, 0, 'status', 'Status: neu → erledigt (Herr Schmidt)'),"
    " (1, 4, 0, 'note', 'Telefonisch geklärt'),"
    " (1, 5, 0, 'status', 'Status: neu → in Bearb');"
    "INSERT INTO process_assignees(process_id, employee_id, role_id, "
    " reason) VALUES (1, 1, 1, "
    " 'Herr Schmidt: Rolle Rolle in Bau in Haus in der Au');";

static int
setup(void **state)
{
	struct fx *f;

	if ((f = calloc(1, sizeof(*f))) == NULL)
		return -1;
	hd_strlcpy(f->dir, "/tmp/hausdesk-test-events-XXXXXX", sizeof(f->dir));
	if (mkdtemp(f->dir) == NULL) {
		free(f);
		return -1;
	}
	snprintf(f->path, sizeof(f->path), "%s/hausdesk.db", f->dir);
	if (db_open(f->path, 0, &f->c) != HD_OK || db_migrate(f->c) != HD_OK ||
	    sqlite3_exec(test_sqlite(f->c), seed_sql, NULL, NULL, NULL) !=
		SQLITE_OK) {
		db_close(f->c);
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	char p[160];

	db_close(f->c);
	snprintf(p, sizeof(p), "%s-wal", f->path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", f->path);
	unlink(p);
	unlink(f->path);
	rmdir(f->dir);
	free(f);
	return 0;
}

/* History entry id of Vorgang 1 rendered in lang from its stored data. */
static void
rendered(struct fx *f, const char *sql, int64_t id, enum hd_lang lang,
    char *buf, size_t n)
{
	struct db_stmt *st = db_prepare(f->c, sql);

	db_bind(st, "i", id);
	assert_int_equal(db_row(st), HD_OK);
	assert_false(db_col_null(st, 0));
	assert_string_equal(db_col_text(st, 1), "");
	event_json_render(db_col_text(st, 0), "", lang, buf, n);
	db_end(st);
}

static void
old_sentences_become_events_and_the_rest_legacy_text(void **state)
{
	struct fx *f = *state;
	struct event_upgrade_stats s;
	char buf[EVENT_TEXT_MAX];
	static const char *hist =
	    "SELECT data, text FROM history WHERE process_id = 1 AND id = ?";
	/* The reason keeps its German sentence beside the data. */
	static const char *reason =
	    "SELECT reason_data, CASE WHEN reason = 'Herr Schmidt: Rolle "
	    "Rolle in Bau in Haus in der Au' THEN '' ELSE reason END FROM "
	    "process_assignees WHERE employee_id = ?";

	assert_int_equal(store_events_upgrade(f->c, &s), HD_OK);
	/* created, routed, status and the reason: events; the note and the
	 * cut status: legacy. */
	assert_int_equal(s.events, 4);
	assert_int_equal(s.legacy, 2);
	rendered(f, hist, 1, HD_LANG_EN, buf, sizeof(buf));
	assert_string_equal(
	    buf, "Case created by Herr Müller in the customer portal");
	/* The property's name settles where the role's ends. */
	rendered(f, hist, 2, HD_LANG_EN, buf, sizeof(buf));
	assert_string_equal(
	    buf, "Herr Schmidt: role Rolle in Bau at Haus in der Au");
	rendered(f, hist, 2, HD_LANG_DE, buf, sizeof(buf));
	assert_string_equal(
	    buf, "Herr Schmidt: Rolle Rolle in Bau in Haus in der Au");
	rendered(f, hist, 3, HD_LANG_EN, buf, sizeof(buf));
	assert_string_equal(buf, "Status: New → Resolved (Herr Schmidt)");
	rendered(f, hist, 4, HD_LANG_EN, buf, sizeof(buf));
	assert_string_equal(buf, "Telefonisch geklärt");
	rendered(f, hist, 5, HD_LANG_EN, buf, sizeof(buf));
	assert_string_equal(buf, "Status: neu → in Bearb");
	rendered(f, reason, 1, HD_LANG_EN, buf, sizeof(buf));
	assert_string_equal(
	    buf, "Herr Schmidt: role Rolle in Bau at Haus in der Au");

	/* A second run finds nothing left. */
	assert_int_equal(store_events_upgrade(f->c, &s), HD_OK);
	assert_int_equal(s.events + s.legacy, 0);
}

static void
more_rows_than_a_batch_are_all_converted(void **state)
{
	struct fx *f = *state;
	struct event_upgrade_stats s;
	char sql[256];
	int64_t left = -1;
	int i;

	assert_int_equal(db_begin(f->c), HD_OK);
	for (i = 0; i < EVENT_UPGRADE_BATCH * 2 + 7; i++) {
		snprintf(sql, sizeof(sql),
		    "INSERT INTO history(process_id, id, at, event, text) "
		    "VALUES (1, %d, 0, 'status', "
		    "'Status: neu → erledigt (Herr Schmidt)')",
		    100 + i);
		assert_int_equal(db_script(f->c, sql), HD_OK);
	}
	assert_int_equal(db_commit(f->c), HD_OK);
	assert_int_equal(store_events_upgrade(f->c, &s), HD_OK);
	assert_int_equal(s.events + s.legacy, EVENT_UPGRADE_BATCH * 2 + 7 + 6);
	assert_int_equal(
	    db_scalar(f->c, &left,
		"SELECT count(*) FROM history WHERE data IS NULL", ""),
	    HD_OK);
	assert_int_equal(left, 0);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(every_parameter_survives_the_trip_through_json),
	    cmocka_unit_test(
		what_is_no_stored_event_is_refused_and_rendered_as_the_fallback),
	    T(old_sentences_become_events_and_the_rest_legacy_text),
	    T(more_rows_than_a_batch_are_all_converted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
