/* SPDX-License-Identifier: MIT */
/*
 * The German words of the events (event_text.c builds the sentences).
 * New sentences put "Herr" in the case the preposition asks for ("für
 * Herrn Schmidt"); the old ones keep what they always wrote.
 */
#include "core/day.h"
#include "core/event_int.h"

#include <stdio.h>

/* Appends "12.12.2026". */
static void
add_date(struct text *t, int32_t day)
{
	char buf[16];
	int y, m, d;

	day_civil_split(day, &y, &m, &d);
	snprintf(buf, sizeof(buf), "%02d.%02d.%04d", d, m, y);
	text_add(t, buf);
}

const struct event_lang event_lang_de = {
    .herrn = true,
    .cause_apart = true,
    .comma = ',',
    .date = add_date,
    .and_ = " und ",
    .role_one = "Rolle ",
    .role_many = "Rollen ",
    .at = " in ",
    .cover = "Vertretung für ",
    .away = {" (abwesend bis ", " (Administrator, abwesend bis "},
    .pick_rr = ", reihum",
    .pick_lo = ", wenigste offene Vorgänge",
    .no_role = {"Vorgangstyp hat keine Mitarbeiterrolle",
	"Vorgangstyp hat keine Mitarbeiterrolle"},
    .nobody = {"Niemand hat ", "Niemand hat "},
    .nobody_the = "die ",
    .any_role = "eine passende Mitarbeiterrolle",
    .all_with = {"Alle Mitarbeiter mit ", "Alle Mitarbeiter mit "},
    .the_one = "der ",
    .the_many = "den ",
    .any_role_with = "einer passenden Mitarbeiterrolle",
    .cause_end = {" sind deaktiviert", " sind abwesend und nicht vertreten",
	" sind deaktiviert oder abwesend und nicht vertreten"},
    .fallback = "Ersatzzuständigkeit (Rolle ",
    .fallback_at = ") in ",
    .administrator = "Administrator",
    .status =
	{
	    [HD_PS_OPEN] = "neu",
	    [HD_PS_IN_PROGRESS] = "in Bearbeitung",
	    [HD_PS_WAITING] = "wartet auf Rückmeldung",
	    [HD_PS_RESOLVED] = "erledigt",
	    [HD_PS_CLOSED] = "geschlossen",
	},
    .field =
	{
	    [FIELD_TYPE] = "Vorgangstyp",
	    [FIELD_PROPERTY] = "Liegenschaft",
	    [FIELD_UNIT] = "Einheit",
	    [FIELD_SUBJECT] = "Betreff",
	},
    .note_open = " – „",
    .note_close = "“",
    .hours = ": keine Reaktion innerhalb von ",
    .hour_one = " Stunde",
    .hour_many = " Stunden",
    .created = "Vorgang angelegt von ",
    .portal = " im Kundenportal",
    .manual = ": manuell zugewiesen von ",
    .reopened = "Wieder geöffnet durch eine Antwort von ",
    .reminder = "Erinnerung ",
    .reminder_to = "an ",
    .reminder_sent = {"gesendet", " gesendet"},
    .escalated = "Eskaliert",
    .escalated_to = " an ",
    .handover = ": übergeben von ",
    .dropped = "Anhang „",
    .dropped_mid = "“ nicht übernommen: ",
    .dropped_limit = ", erlaubt sind höchstens ",
};
