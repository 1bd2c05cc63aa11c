/* SPDX-License-Identifier: MIT */
/* History entries and routing reasons as events: rendered in German and
 * English, and parsed back from the German sentences of old databases. */
#include "core/event.h"
#include "core/route.h"
#include "util/str.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* cmocka.h needs setjmp.h, stdarg.h and stddef.h first. */
#include <cmocka.h>

#define P "Max-Planck-Straße 12"
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define DEC12 20799 /* 2026-12-12 */
#define JAN03 20821 /* 2027-01-03 */

static void
assert_render(const struct event *ev, const char *de, const char *en)
{
	char buf[EVENT_TEXT_MAX];

	assert_int_equal(event_render(ev, HD_LANG_DE, buf, sizeof(buf)), HD_OK);
	assert_string_equal(buf, de);
	assert_int_equal(event_de_render(ev, buf, sizeof(buf)), HD_OK);
	assert_string_equal(buf, de);
	assert_int_equal(event_render(ev, HD_LANG_EN, buf, sizeof(buf)), HD_OK);
	assert_string_equal(buf, en);
}

/* ---- Today's sentences, in German to the byte, and in English ---- */

static void
created_and_status_render_in_both_languages(void **state)
{
	struct event ev;

	(void)state;
	event_init(&ev, EVENT_CREATED);
	ev.actor = "Frau Admin";
	assert_render(&ev, "Vorgang angelegt von Frau Admin",
	    "Case created by Frau Admin");
	ev.actor = "Herr Müller";
	ev.portal = true;
	assert_render(&ev, "Vorgang angelegt von Herrn Müller im Kundenportal",
	    "Case created by Herr Müller in the customer portal");

	event_init(&ev, EVENT_STATUS);
	ev.from = HD_PS_OPEN;
	ev.to = HD_PS_IN_PROGRESS;
	ev.actor = "Herr Schmidt";
	assert_render(&ev, "Status: neu → in Bearbeitung (Herr Schmidt)",
	    "Status: New → In progress (Herr Schmidt)");
	ev.from = HD_PS_WAITING;
	ev.to = HD_PS_CLOSED;
	assert_render(&ev,
	    "Status: wartet auf Rückmeldung → geschlossen (Herr Schmidt)",
	    "Status: Waiting for reply → Closed (Herr Schmidt)");
}

static void
routing_reasons_render_in_both_languages(void **state)
{
	struct event ev;

	(void)state;
	event_init(&ev, EVENT_ROUTED);
	ev.who = "Frau Huber";
	ev.property = P;
	ev.roles[ev.n_roles++] = "Buchhaltung";
	assert_render(&ev, "Frau Huber: Rolle Buchhaltung in " P,
	    "Frau Huber: role Buchhaltung at " P);
	ev.roles[ev.n_roles++] = "Sachbearbeitung";
	assert_render(&ev,
	    "Frau Huber: Rollen Buchhaltung, Sachbearbeitung in " P,
	    "Frau Huber: roles Buchhaltung, Sachbearbeitung at " P);
	ev.n_roles = 1;
	ev.picks = EVENT_PICK_ROUND_ROBIN;
	assert_render(&ev, "Frau Huber: Rolle Buchhaltung in " P ", reihum",
	    "Frau Huber: role Buchhaltung at " P ", in rotation");
	ev.picks = EVENT_PICK_LEAST_OPEN;
	assert_render(&ev,
	    "Frau Huber: Rolle Buchhaltung in " P ", wenigste offene Vorgänge",
	    "Frau Huber: role Buchhaltung at " P ", fewest open cases");

	event_init(&ev, EVENT_FALLBACK);
	ev.who = "Herr X";
	ev.property = P;
	ev.roles[ev.n_roles++] = "Verwaltung";
	ev.cause = CAUSE_NOBODY;
	ev.cause_roles[ev.n_cause_roles++] = "Hausmeister";
	assert_render(&ev,
	    "Herr X: Ersatzzuständigkeit (Rolle Verwaltung) in " P
	    " – Niemand hat die Rolle Hausmeister in " P,
	    "Herr X: fallback role Verwaltung at " P
	    " – nobody holds the role Hausmeister at " P);

	event_init(&ev, EVENT_ADMIN);
	ev.who = "Frau Admin";
	ev.property = P;
	ev.cause = CAUSE_NO_ROLE;
	assert_render(&ev,
	    "Frau Admin: Administrator – Vorgangstyp hat keine "
	    "Mitarbeiterrolle",
	    "Frau Admin: administrator – the case type has no staff role");

	event_init(&ev, EVENT_MANUAL);
	ev.who = "Frau Huber";
	ev.actor = "Frau Admin";
	assert_render(&ev, "Frau Huber: manuell zugewiesen von Frau Admin",
	    "Frau Huber: assigned manually by Frau Admin");
}

static void
unrouted_causes_render_in_both_languages(void **state)
{
	struct event ev;

	(void)state;
	event_init(&ev, EVENT_UNROUTED);
	ev.property = P;
	ev.cause = CAUSE_NO_ROLE;
	assert_render(&ev, "Vorgangstyp hat keine Mitarbeiterrolle",
	    "The case type has no staff role");
	ev.cause = CAUSE_NOBODY;
	assert_render(&ev, "Niemand hat eine passende Mitarbeiterrolle in " P,
	    "Nobody holds a matching staff role at " P);
	ev.cause_roles[ev.n_cause_roles++] = "Hausmeister";
	assert_render(&ev, "Niemand hat die Rolle Hausmeister in " P,
	    "Nobody holds the role Hausmeister at " P);
	ev.cause_roles[ev.n_cause_roles++] = "Verwaltung";
	assert_render(&ev,
	    "Niemand hat die Rollen Hausmeister, Verwaltung in " P,
	    "Nobody holds the roles Hausmeister, Verwaltung at " P);
	ev.cause = CAUSE_INACTIVE;
	assert_render(&ev,
	    "Alle Mitarbeiter mit den Rollen Hausmeister, Verwaltung in " P
	    " sind deaktiviert",
	    "All employees with the roles Hausmeister, Verwaltung at " P
	    " are deactivated");
	ev.n_cause_roles = 1;
	ev.cause = CAUSE_ABSENT;
	assert_render(&ev,
	    "Alle Mitarbeiter mit der Rolle Hausmeister in " P
	    " sind abwesend und nicht vertreten",
	    "All employees with the role Hausmeister at " P
	    " are away and not covered");
	ev.n_cause_roles = 0;
	ev.cause = CAUSE_AWAY_OR_INACTIVE;
	assert_render(&ev,
	    "Alle Mitarbeiter mit einer passenden Mitarbeiterrolle in " P
	    " sind deaktiviert oder abwesend und nicht vertreten",
	    "All employees with a matching staff role at " P
	    " are deactivated, or away and not covered");
}

/* ---- The events issues 13 to 15 add ---- */

static void
substitute_and_hand_over_render_in_both_languages(void **state)
{
	struct event ev;

	(void)state;
	event_init(&ev, EVENT_ROUTED);
	ev.who = "Frau Meier";
	ev.property = P;
	ev.absent[ev.n_absent++] = (struct event_absent){"Frau Huber", DEC12};
	assert_render(&ev,
	    "Frau Meier: Vertretung für Frau Huber (abwesend bis 12.12.2026)",
	    "Frau Meier: covering for Frau Huber (away until 12 Dec 2026)");
	ev.absent[ev.n_absent++] = (struct event_absent){"Herr Lang", JAN03};
	ev.absent[ev.n_absent++] = (struct event_absent){"Herr Roth", JAN03};
	assert_render(&ev,
	    "Frau Meier: Vertretung für Frau Huber (abwesend bis 12.12.2026), "
	    "Herrn Lang (abwesend bis 03.01.2027) und Herrn Roth (abwesend "
	    "bis 03.01.2027)",
	    "Frau Meier: covering for Frau Huber (away until 12 Dec 2026), "
	    "Herr Lang (away until 3 Jan 2027) and Herr Roth (away until 3 "
	    "Jan 2027)");

	event_init(&ev, EVENT_HANDOVER);
	ev.who = "Frau Meier";
	ev.actor = "Herr Schmidt";
	ev.absent[ev.n_absent++] = (struct event_absent){"Frau Huber", DEC12};
	assert_render(&ev,
	    "Frau Meier: übergeben von Herrn Schmidt, Vertretung für Frau "
	    "Huber (abwesend bis 12.12.2026)",
	    "Frau Meier: handed over by Herr Schmidt, covering for Frau Huber "
	    "(away until 12 Dec 2026)");
	/* A hand-over without an absence (a deactivated colleague's
	 * Vorgänge), with a note. */
	ev.n_absent = 0;
	ev.text = "Mieter ruft morgen zurück";
	assert_render(&ev,
	    "Frau Meier: übergeben von Herrn Schmidt – „Mieter ruft morgen "
	    "zurück“",
	    "Frau Meier: handed over by Herr Schmidt – “Mieter ruft morgen "
	    "zurück”");
}

static void
manual_assignment_with_a_note_renders_in_both_languages(void **state)
{
	struct event ev;

	(void)state;
	event_init(&ev, EVENT_MANUAL);
	ev.who = "Herr Schmidt";
	ev.actor = "Frau Admin";
	ev.text = "Bitte bis Freitag klären";
	assert_render(&ev,
	    "Herr Schmidt: manuell zugewiesen von Frau Admin – „Bitte bis "
	    "Freitag klären“",
	    "Herr Schmidt: assigned manually by Frau Admin – “Bitte bis "
	    "Freitag klären”");
	ev.text = "";
	assert_render(&ev, "Herr Schmidt: manuell zugewiesen von Frau Admin",
	    "Herr Schmidt: assigned manually by Frau Admin");
}

static void
reopened_and_changed_render_in_both_languages(void **state)
{
	struct event ev;

	(void)state;
	event_init(&ev, EVENT_REOPENED);
	ev.actor = "Herr Müller";
	assert_render(&ev,
	    "Wieder geöffnet durch eine Antwort von Herrn Müller",
	    "Reopened by a reply from Herr Müller");

	event_init(&ev, EVENT_CHANGED);
	ev.actor = "Frau Admin";
	ev.field = FIELD_TYPE;
	ev.old_value = "Schadensmeldung";
	ev.new_value = "Rechnungsfrage";
	assert_render(&ev,
	    "Vorgangstyp: Schadensmeldung → Rechnungsfrage (Frau Admin)",
	    "Case type: Schadensmeldung → Rechnungsfrage (Frau Admin)");
	ev.field = FIELD_PROPERTY;
	ev.old_value = P;
	ev.new_value = "Goethestraße 3";
	assert_render(&ev, "Liegenschaft: " P " → Goethestraße 3 (Frau Admin)",
	    "Property: " P " → Goethestraße 3 (Frau Admin)");
	ev.field = FIELD_UNIT;
	ev.old_value = NULL;
	ev.new_value = "WE 03";
	assert_render(&ev, "Einheit: – → WE 03 (Frau Admin)",
	    "Unit: – → WE 03 (Frau Admin)");
	ev.field = FIELD_SUBJECT;
	ev.old_value = "Wasserfleck";
	ev.new_value = "Wasserfleck an der Decke";
	assert_render(&ev,
	    "Betreff: Wasserfleck → Wasserfleck an der Decke (Frau Admin)",
	    "Subject: Wasserfleck → Wasserfleck an der Decke (Frau Admin)");
}

static void
reminder_and_escalation_render_in_both_languages(void **state)
{
	struct event ev;

	(void)state;
	event_init(&ev, EVENT_REMINDER);
	ev.hours = 24;
	ev.names[ev.n_names++] = "Herr Schmidt";
	assert_render(&ev,
	    "Erinnerung an Herrn Schmidt gesendet: keine Reaktion innerhalb "
	    "von 24 Stunden",
	    "Reminder sent to Herr Schmidt: no response within 24 hours");
	ev.names[ev.n_names++] = "Frau Huber";
	ev.hours = 1;
	assert_render(&ev,
	    "Erinnerung an Herrn Schmidt und Frau Huber gesendet: keine "
	    "Reaktion innerhalb von 1 Stunde",
	    "Reminder sent to Herr Schmidt and Frau Huber: no response within "
	    "1 hour");

	event_init(&ev, EVENT_ESCALATED);
	ev.hours = 48;
	ev.names[ev.n_names++] = "Herr X";
	ev.names[ev.n_names++] = "Frau Y";
	ev.names[ev.n_names++] = "Frau Admin";
	assert_render(&ev,
	    "Eskaliert an Herrn X, Frau Y und Frau Admin: keine Reaktion "
	    "innerhalb von 48 Stunden",
	    "Escalated to Herr X, Frau Y and Frau Admin: no response within "
	    "48 hours");
	ev.n_names = 0;
	assert_render(&ev, "Eskaliert: keine Reaktion innerhalb von 48 Stunden",
	    "Escalated: no response within 48 hours");
}

static void
dropped_attachment_renders_sizes_in_both_languages(void **state)
{
	struct event ev;

	(void)state;
	event_init(&ev, EVENT_ATTACHMENT_DROPPED);
	ev.text = "IMG_0412.HEIC";
	ev.size = 26528972; /* 25.3 MB */
	ev.limit = 10485760;
	assert_render(&ev,
	    "Anhang „IMG_0412.HEIC“ nicht übernommen: 25,3 MB, erlaubt sind "
	    "höchstens 10 MB",
	    "Attachment “IMG_0412.HEIC” not kept: 25.3 MB, the limit is "
	    "10 MB");
	ev.size = 870000;
	ev.limit = 512000;
	assert_render(&ev,
	    "Anhang „IMG_0412.HEIC“ nicht übernommen: 850 KB, erlaubt sind "
	    "höchstens 500 KB",
	    "Attachment “IMG_0412.HEIC” not kept: 850 KB, the limit is "
	    "500 KB");
}

static void
bad_events_and_small_buffers(void **state)
{
	struct event ev;
	char buf[EVENT_TEXT_MAX], small[12];

	(void)state;
	event_init(&ev, EVENT_STATUS);
	ev.from = (enum hd_pstatus)9;
	assert_int_equal(event_de_render(&ev, buf, sizeof(buf)), HD_EINVAL);
	assert_int_equal(event_en_render(&ev, buf, sizeof(buf)), HD_EINVAL);
	event_init(&ev, (enum event_code)EVENT_CODE_COUNT);
	assert_int_equal(event_de_render(&ev, buf, sizeof(buf)), HD_EINVAL);
	event_init(&ev, EVENT_CHANGED);
	ev.field = (enum event_field)4;
	assert_int_equal(event_en_render(&ev, buf, sizeof(buf)), HD_EINVAL);
	event_init(&ev, EVENT_UNROUTED);
	ev.cause = (enum event_cause)5;
	assert_int_equal(event_de_render(&ev, buf, sizeof(buf)), HD_EINVAL);
	assert_int_equal(event_de_render(NULL, buf, sizeof(buf)), HD_EINVAL);
	assert_int_equal(event_de_render(&ev, NULL, 0), HD_EINVAL);

	/* Cut at a character, never inside one: "Straße" has a 2-byte ß. */
	event_init(&ev, EVENT_ROUTED);
	ev.who = "Straße";
	ev.property = P;
	assert_int_equal(event_de_render(&ev, small, 5), HD_OK);
	assert_string_equal(small, "Stra");
	assert_int_equal(event_en_render(&ev, small, 6), HD_OK);
	assert_string_equal(small, "Stra");
	assert_int_equal(event_en_render(&ev, small, 7), HD_OK);
	assert_string_equal(small, "Straß");
	assert_true(hd_utf8_valid(small, strlen(small)));

	/* A NULL name shows as "?", never as a crash. */
	event_init(&ev, EVENT_CREATED);
	assert_render(&ev, "Vorgang angelegt von ?", "Case created by ?");
}

static void
code_names_round_trip(void **state)
{
	enum event_code c, back;

	(void)state;
	for (c = EVENT_LEGACY; c < EVENT_CODE_COUNT; c++) {
		assert_non_null(event_code_name(c));
		assert_true(event_code_parse(event_code_name(c), &back));
		assert_int_equal(back, c);
	}
	assert_null(event_code_name((enum event_code)EVENT_CODE_COUNT));
	assert_false(event_code_parse("Routed", &back));
	assert_false(event_code_parse(NULL, &back));
	assert_string_equal(event_code_name(EVENT_ROUTED), "routed");
}

/* ---- Parsing the sentences of existing databases ---- */

/* Parses text, checks it is not legacy and renders as want in German. */
static void
parse_as(const char *text, const char *want, struct event *ev)
{
	char buf[EVENT_TEXT_MAX];

	assert_int_equal(event_de_parse(text, NULL, ev), HD_OK);
	if (ev->code == EVENT_LEGACY)
		fail_msg("not parsed: %s", text);
	assert_int_equal(event_de_render(ev, buf, sizeof(buf)), HD_OK);
	assert_string_equal(buf, want);
}

/* Parses text, checks it is not legacy and renders back in German. */
static void
parse_ok(const char *text, const char *hint, struct event *ev)
{
	char buf[EVENT_TEXT_MAX];

	assert_int_equal(event_de_parse(text, hint, ev), HD_OK);
	if (ev->code == EVENT_LEGACY)
		fail_msg("not parsed: %s", text);
	assert_int_equal(event_de_render(ev, buf, sizeof(buf)), HD_OK);
	assert_string_equal(buf, text);
}

static void
assert_en(const struct event *ev, const char *en)
{
	char buf[EVENT_TEXT_MAX];

	assert_int_equal(event_en_render(ev, buf, sizeof(buf)), HD_OK);
	assert_string_equal(buf, en);
}

static void
history_sentences_parse_into_events(void **state)
{
	struct event ev;

	(void)state;
	parse_as("Vorgang angelegt von Herr Müller im Kundenportal",
	    "Vorgang angelegt von Herrn Müller im Kundenportal", &ev);
	assert_int_equal(ev.code, EVENT_CREATED);
	assert_string_equal(ev.actor, "Herr Müller");
	assert_true(ev.portal);
	assert_en(&ev, "Case created by Herr Müller in the customer portal");
	event_cleanup(&ev);

	parse_ok("Vorgang angelegt von Frau Admin", NULL, &ev);
	assert_false(ev.portal);
	assert_string_equal(ev.actor, "Frau Admin");
	event_cleanup(&ev);

	parse_ok("Status: neu → in Bearbeitung (Herr Schmidt)", NULL, &ev);
	assert_int_equal(ev.code, EVENT_STATUS);
	assert_int_equal(ev.from, HD_PS_OPEN);
	assert_int_equal(ev.to, HD_PS_IN_PROGRESS);
	assert_string_equal(ev.actor, "Herr Schmidt");
	assert_en(&ev, "Status: New → In progress (Herr Schmidt)");
	event_cleanup(&ev);

	/* A name with brackets: the status labels fix where it starts. */
	parse_ok(
	    "Status: erledigt → geschlossen (Herr Roth (Nord))", NULL, &ev);
	assert_string_equal(ev.actor, "Herr Roth (Nord)");
	event_cleanup(&ev);

	parse_ok("Frau Huber: manuell zugewiesen von Frau Admin", NULL, &ev);
	assert_int_equal(ev.code, EVENT_MANUAL);
	assert_string_equal(ev.who, "Frau Huber");
	assert_string_equal(ev.actor, "Frau Admin");
	event_cleanup(&ev);

	/* The dative written since issue 13, and the nominative before it:
	 * both are the same event, which now reads "von Herrn". */
	parse_ok("Frau Huber: manuell zugewiesen von Herrn Schmidt", NULL, &ev);
	assert_int_equal(ev.code, EVENT_MANUAL);
	assert_string_equal(ev.actor, "Herr Schmidt");
	event_cleanup(&ev);
	parse_as("Frau Huber: manuell zugewiesen von Herr Schmidt",
	    "Frau Huber: manuell zugewiesen von Herrn Schmidt", &ev);
	assert_int_equal(ev.code, EVENT_MANUAL);
	assert_string_equal(ev.actor, "Herr Schmidt");
	event_cleanup(&ev);
	parse_ok(
	    "Vorgang angelegt von Herrn Müller im Kundenportal", NULL, &ev);
	assert_int_equal(ev.code, EVENT_CREATED);
	assert_string_equal(ev.actor, "Herr Müller");
	assert_true(ev.portal);
	event_cleanup(&ev);
}

static void
routing_sentences_parse_into_events(void **state)
{
	struct event ev;

	(void)state;
	parse_ok("Frau Huber: Rolle Buchhaltung in " P, NULL, &ev);
	assert_int_equal(ev.code, EVENT_ROUTED);
	assert_string_equal(ev.who, "Frau Huber");
	assert_int_equal(ev.n_roles, 1);
	assert_string_equal(ev.roles[0], "Buchhaltung");
	assert_string_equal(ev.property, P);
	assert_en(&ev, "Frau Huber: role Buchhaltung at " P);
	event_cleanup(&ev);

	parse_ok("Herr X: Rollen Sachbearbeitung, Buchhaltung in " P, P, &ev);
	assert_int_equal(ev.n_roles, 2);
	assert_string_equal(ev.roles[1], "Buchhaltung");
	event_cleanup(&ev);

	parse_ok("Herr Schmidt: Ersatzzuständigkeit (Rolle Sachbearbeitung) "
		 "in " P " – Niemand hat eine passende Mitarbeiterrolle in " P,
	    NULL, &ev);
	assert_int_equal(ev.code, EVENT_FALLBACK);
	assert_string_equal(ev.roles[0], "Sachbearbeitung");
	assert_int_equal(ev.cause, CAUSE_NOBODY);
	assert_int_equal(ev.n_cause_roles, 0);
	assert_en(&ev, "Herr Schmidt: fallback role Sachbearbeitung at " P
		       " – nobody holds a matching staff role at " P);
	event_cleanup(&ev);

	parse_ok("Frau Admin: Administrator – Alle Mitarbeiter mit der Rolle "
		 "Buchhaltung in " P " sind deaktiviert",
	    NULL, &ev);
	assert_int_equal(ev.code, EVENT_ADMIN);
	assert_int_equal(ev.cause, CAUSE_INACTIVE);
	assert_string_equal(ev.cause_roles[0], "Buchhaltung");
	assert_en(&ev, "Frau Admin: administrator – all employees with the "
		       "role Buchhaltung at " P " are deactivated");
	event_cleanup(&ev);

	parse_ok("Frau Admin: Administrator – Vorgangstyp hat keine "
		 "Mitarbeiterrolle",
	    NULL, &ev);
	assert_int_equal(ev.cause, CAUSE_NO_ROLE);
	event_cleanup(&ev);
}

static void
unrouted_sentences_parse_into_events(void **state)
{
	static const char *const texts[] = {
	    "Vorgangstyp hat keine Mitarbeiterrolle",
	    "Niemand hat eine passende Mitarbeiterrolle in " P,
	    "Niemand hat die Rolle Hausmeister in " P,
	    "Niemand hat die Rollen Hausmeister, Verwaltung in " P,
	    "Alle Mitarbeiter mit der Rolle Buchhaltung in " P
	    " sind deaktiviert",
	    "Alle Mitarbeiter mit den Rollen Buchhaltung, Sachbearbeitung "
	    "in " P " sind deaktiviert",
	    "Alle Mitarbeiter mit einer passenden Mitarbeiterrolle in " P
	    " sind deaktiviert",
	};
	struct event ev;
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(texts); i++) {
		parse_ok(texts[i], NULL, &ev);
		assert_int_equal(ev.code, EVENT_UNROUTED);
		event_cleanup(&ev);
	}
	parse_ok(texts[3], P, &ev);
	assert_int_equal(ev.cause, CAUSE_NOBODY);
	assert_int_equal(ev.n_cause_roles, 2);
	assert_string_equal(ev.cause_roles[0], "Hausmeister");
	assert_string_equal(ev.cause_roles[1], "Verwaltung");
	assert_string_equal(ev.property, P);
	assert_en(&ev, "Nobody holds the roles Hausmeister, Verwaltung at " P);
	event_cleanup(&ev);
}

static void
property_hint_settles_names_with_in_and_colons(void **state)
{
	const char *text = "Herr Azubi: Rolle Hausmeister in Ausbildung in "
			   "Haus in der Au";
	const char *fb = "Herr Roth: Ersatzzuständigkeit (Rolle Verwaltung "
			 "(Nord)) in Haus (Nord) – Süd – Niemand hat die "
			 "Rolle Technik in Haus (Nord) – Süd";
	struct event ev;

	(void)state;
	parse_ok(text, "Haus in der Au", &ev);
	assert_string_equal(ev.roles[0], "Hausmeister in Ausbildung");
	assert_string_equal(ev.property, "Haus in der Au");
	event_cleanup(&ev);
	/* Without the hint the sentence is still kept to the letter. */
	parse_ok(text, NULL, &ev);
	assert_string_equal(ev.roles[0], "Hausmeister");
	event_cleanup(&ev);

	parse_ok(fb, "Haus (Nord) – Süd", &ev);
	assert_int_equal(ev.code, EVENT_FALLBACK);
	assert_string_equal(ev.roles[0], "Verwaltung (Nord)");
	assert_string_equal(ev.property, "Haus (Nord) – Süd");
	assert_string_equal(ev.cause_roles[0], "Technik");
	event_cleanup(&ev);

	/* A name with ": " in it. */
	parse_ok("Dr. Roth: Hausverwaltung: Rolle Technik in " P, P, &ev);
	assert_string_equal(ev.who, "Dr. Roth: Hausverwaltung");
	assert_string_equal(ev.roles[0], "Technik");
	event_cleanup(&ev);
}

/* Parses text and checks it stays legacy, byte for byte. */
static void
assert_legacy(const char *text)
{
	struct event ev;
	char buf[EVENT_TEXT_MAX * 2];

	assert_int_equal(event_de_parse(text, P, &ev), HD_OK);
	if (ev.code != EVENT_LEGACY)
		fail_msg("parsed, should stay legacy: %s", text);
	assert_string_equal(ev.text, text);
	assert_ptr_not_equal(ev.text, text);
	assert_int_equal(event_de_render(&ev, buf, sizeof(buf)), HD_OK);
	assert_string_equal(buf, text);
	/* English readers see the German sentence: it is all there is. */
	assert_int_equal(event_en_render(&ev, buf, sizeof(buf)), HD_OK);
	assert_string_equal(buf, text);
	event_cleanup(&ev);
}

static void
unparsable_sentences_stay_legacy_text(void **state)
{
	char cut[EVENT_TEXT_MAX];
	size_t n;

	(void)state;
	assert_legacy("");
	assert_legacy("Vorgang aus dem Altsystem übernommen");
	assert_legacy("Status: kaputt → neu (Frau Admin)");
	assert_legacy("Status: neu → erledigt Frau Admin");
	assert_legacy("Frau Huber: Rolle Buchhaltung");
	assert_legacy("Frau Huber: Ersatzzuständigkeit (Rolle Verwaltung) in "
		      "P – Niemand ist da");
	assert_legacy("Frau Huber: Administrator – ");
	assert_legacy("Alle Mitarbeiter mit der Rolle Buchhaltung in " P
		      " sind im Urlaub");
	/* The reason names P twice; two different ones cannot come from
	 * the server. */
	assert_legacy("Herr X: Ersatzzuständigkeit (Rolle Verwaltung) in "
		      "Goethestraße 3 – Niemand hat die Rolle Hausmeister "
		      "in " P);
	/* One role must be "Rolle", two "Rollen". */
	assert_legacy("Niemand hat die Rollen Hausmeister in " P);
	/* A sentence the seed may have cut at 511 bytes. */
	memcpy(cut, "Frau Huber: Rolle Buchhaltung in ", 33);
	for (n = 33; n < EVENT_TEXT_MAX - 1; n++)
		cut[n] = 'x';
	cut[n] = '\0';
	assert_legacy(cut);
}

/* Every reason route_compute writes parses back to its event. */
static void
every_reason_route_compute_writes_parses_back(void **state)
{
	static const int64_t roles[] = {2, 1, 3};
	static const char *const names[] = {
	    "Sachbearbeitung", "Buchhaltung", "Hausmeister"};
	static const struct route_staff staff[] = {
	    {10, 1, true, "Frau Huber", "Buchhaltung"},
	    {11, 2, true, "Herr Schmidt", "Sachbearbeitung"},
	    {12, 1, true, "Herr Lang", "Buchhaltung"},
	    {12, 2, true, "Herr Lang", "Sachbearbeitung"},
	    {40, 4, true, "Herr X", "Verwaltung"},
	};
	static const struct route_admin admins[] = {{1, true, "Frau Admin"}};
	struct route_input in = {0};
	struct route_result out;
	struct event ev;
	char a[EVENT_TEXT_MAX], b[EVENT_TEXT_MAX];
	size_t n_roles, n_staff, i;
	int fallback, checked = 0;

	(void)state;
	in.property_name = P;
	in.type_role_ids = roles;
	in.type_role_names = names;
	in.staff = staff;
	in.admins = admins;
	in.n_admins = 1;
	for (n_roles = 0; n_roles <= COUNT(roles); n_roles++)
		for (n_staff = 0; n_staff <= COUNT(staff); n_staff++)
			for (fallback = 0; fallback < 2; fallback++) {
				in.n_type_roles = n_roles;
				in.n_staff = n_staff;
				in.fallback_role_id = fallback ? 4 : 0;
				in.fallback_role_name =
				    fallback ? "Verwaltung" : NULL;
				assert_int_equal(
				    route_compute(&in, &out), HD_OK);
				for (i = 0; i <= out.n; i++) {
					const struct event *want =
					    i < out.n ? &out.items[i].ev
						      : &out.why;
					const char *text =
					    i < out.n ? out.items[i].reason
						      : out.why_unrouted;

					if (i == out.n && !out.unrouted)
						continue;
					parse_ok(text, P, &ev);
					assert_int_equal(ev.code, want->code);
					/* The same event: the same English. */
					event_en_render(want, a, sizeof(a));
					event_en_render(&ev, b, sizeof(b));
					assert_string_equal(a, b);
					event_cleanup(&ev);
					checked++;
				}
				route_result_cleanup(&out);
			}
	assert_true(checked > 50);
}

static void
parse_rejects_null_and_cleanup_is_safe(void **state)
{
	struct event ev;

	(void)state;
	assert_int_equal(event_de_parse(NULL, NULL, &ev), HD_EINVAL);
	assert_null(ev.mem);
	assert_int_equal(event_de_parse("x", NULL, NULL), HD_EINVAL);
	event_cleanup(&ev);
	event_cleanup(&ev);
	event_cleanup(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(created_and_status_render_in_both_languages),
	    cmocka_unit_test(routing_reasons_render_in_both_languages),
	    cmocka_unit_test(unrouted_causes_render_in_both_languages),
	    cmocka_unit_test(substitute_and_hand_over_render_in_both_languages),
	    cmocka_unit_test(
		manual_assignment_with_a_note_renders_in_both_languages),
	    cmocka_unit_test(reopened_and_changed_render_in_both_languages),
	    cmocka_unit_test(reminder_and_escalation_render_in_both_languages),
	    cmocka_unit_test(
		dropped_attachment_renders_sizes_in_both_languages),
	    cmocka_unit_test(bad_events_and_small_buffers),
	    cmocka_unit_test(code_names_round_trip),
	    cmocka_unit_test(history_sentences_parse_into_events),
	    cmocka_unit_test(routing_sentences_parse_into_events),
	    cmocka_unit_test(unrouted_sentences_parse_into_events),
	    cmocka_unit_test(property_hint_settles_names_with_in_and_colons),
	    cmocka_unit_test(unparsable_sentences_stay_legacy_text),
	    cmocka_unit_test(every_reason_route_compute_writes_parses_back),
	    cmocka_unit_test(parse_rejects_null_and_cleanup_is_safe),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
