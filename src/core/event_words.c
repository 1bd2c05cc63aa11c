/* SPDX-License-Identifier: MIT */
/*
 * The words of the event sentences, German beside English (event_text.c
 * builds the sentences). German: new sentences put "Herr" in the case
 * the preposition asks for ("für Herrn Schmidt"); the old ones keep what
 * they always wrote. English: the words of the English UI
 * (web/i18n/en.json: a Vorgang is a "case", a Vorgangstyp a "case
 * type"); names of people, roles and properties are data and stay as
 * entered ("Frau Huber", "Buchhaltung"); a legacy sentence stays German:
 * it is all there is.
 */
#include "core/day.h"
#include "core/event_int.h"

#include <stddef.h>
#include <stdio.h>

/* Appends "12.12.2026". */
static void
date_de(struct text *t, int32_t day)
{
	char buf[16];
	int y, m, d;

	day_civil_split(day, &y, &m, &d);
	snprintf(buf, sizeof(buf), "%02d.%02d.%04d", d, m, y);
	text_add(t, buf);
}

/* Appends "12 Dec 2026": day first and the month in letters, which no
 * reader on either side of the Atlantic can misread. */
static void
date_en(struct text *t, int32_t day)
{
	static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May",
	    "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	char buf[24];
	int y, m, d;

	day_civil_split(day, &y, &m, &d);
	snprintf(buf, sizeof(buf), "%d %s %04d", d, months[m - 1], y);
	text_add(t, buf);
}

const struct event_words event_words = {
    .herrn = {true, false},
    .cause_apart = {true, false},
    .comma = {',', '.'},
    .date = {date_de, date_en},
    .and_ = {" und ", " and "},
    .role_one = {"Rolle ", "role "},
    .role_many = {"Rollen ", "roles "},
    .at = {" in ", " at "},
    .cover = {"Vertretung für ", "covering for "},
    .away = {{" (abwesend bis ", " (Administrator, abwesend bis "},
	{" (away until ", " (administrator, away until "}},
    .pick_rr = {", reihum", ", in rotation"},
    .pick_lo = {", wenigste offene Vorgänge", ", fewest open cases"},
    .no_role = {{"Vorgangstyp hat keine Mitarbeiterrolle",
		    "Vorgangstyp hat keine Mitarbeiterrolle"},
	{"the case type has no staff role", "The case type has no staff role"}},
    .nobody = {{"Niemand hat ", "Niemand hat "},
	{"nobody holds ", "Nobody holds "}},
    .nobody_the = {"die ", "the "},
    .any_role = {"eine passende Mitarbeiterrolle", "a matching staff role"},
    .all_with = {{"Alle Mitarbeiter mit ", "Alle Mitarbeiter mit "},
	{"all employees with ", "All employees with "}},
    .the_one = {"der ", "the "},
    .the_many = {"den ", "the "},
    .any_role_with = {"einer passenden Mitarbeiterrolle",
	"a matching staff role"},
    .cause_end = {{" sind deaktiviert", " sind abwesend und nicht vertreten",
		      " sind deaktiviert oder abwesend und nicht vertreten"},
	{" are deactivated", " are away and not covered",
	    " are deactivated, or away and not covered"}},
    .fallback = {"Ersatzzuständigkeit (Rolle ", "fallback role "},
    .fallback_at = {") in ", " at "},
    .administrator = {"Administrator", "administrator"},
    .status = {{
		   [HD_PS_OPEN] = "neu",
		   [HD_PS_IN_PROGRESS] = "in Bearbeitung",
		   [HD_PS_WAITING] = "wartet auf Rückmeldung",
		   [HD_PS_RESOLVED] = "erledigt",
		   [HD_PS_CLOSED] = "geschlossen",
	       },
	{
	    [HD_PS_OPEN] = "New",
	    [HD_PS_IN_PROGRESS] = "In progress",
	    [HD_PS_WAITING] = "Waiting for reply",
	    [HD_PS_RESOLVED] = "Resolved",
	    [HD_PS_CLOSED] = "Closed",
	}},
    .field = {{
		  [FIELD_TYPE] = "Vorgangstyp",
		  [FIELD_PROPERTY] = "Liegenschaft",
		  [FIELD_UNIT] = "Einheit",
		  [FIELD_SUBJECT] = "Betreff",
	      },
	{
	    [FIELD_TYPE] = "Case type",
	    [FIELD_PROPERTY] = "Property",
	    [FIELD_UNIT] = "Unit",
	    [FIELD_SUBJECT] = "Subject",
	}},
    .note_open = {" – „", " – “"},
    .note_close = {"“", "”"},
    .hours = {": keine Reaktion innerhalb von ", ": no response within "},
    .hour_one = {" Stunde", " hour"},
    .hour_many = {" Stunden", " hours"},
    .created = {"Vorgang angelegt von ", "Case created by "},
    .portal = {" im Kundenportal", " in the customer portal"},
    .manual = {": manuell zugewiesen von ", ": assigned manually by "},
    .reopened = {"Wieder geöffnet durch eine Antwort von ",
	"Reopened by a reply from "},
    .reminder = {"Erinnerung ", "Reminder sent"},
    .reminder_to = {"an ", " to "},
    .reminder_sent = {{"gesendet", " gesendet"}, {"", ""}},
    .escalated = {"Eskaliert", "Escalated"},
    .escalated_to = {" an ", " to "},
    .handover = {": übergeben von ", ": handed over by "},
    .dropped = {"Anhang „", "Attachment “"},
    .dropped_mid = {"“ nicht übernommen: ", "” not kept: "},
    .dropped_limit = {", erlaubt sind höchstens ", ", the limit is "},
};
