/* SPDX-License-Identifier: MIT */
/*
 * The English words of the events (event_text.c builds the sentences),
 * in the words of the English UI (web/i18n/en.json: a Vorgang is a
 * "case", a Vorgangstyp a "case type"). Names of people, roles and
 * properties are data and stay as entered ("Frau Huber",
 * "Buchhaltung"). A legacy sentence stays German: it is all there is.
 */
#include "core/day.h"
#include "core/event_int.h"

#include <stdio.h>

/* Appends "12 Dec 2026": day first and the month in letters, which no
 * reader on either side of the Atlantic can misread. */
static void
add_date(struct text *t, int32_t day)
{
	static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May",
	    "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	char buf[24];
	int y, m, d;

	day_civil_split(day, &y, &m, &d);
	snprintf(buf, sizeof(buf), "%d %s %04d", d, months[m - 1], y);
	text_add(t, buf);
}

const struct event_lang event_lang_en = {
    .herrn = false,
    .cause_apart = false,
    .comma = '.',
    .date = add_date,
    .and_ = " and ",
    .role_one = "role ",
    .role_many = "roles ",
    .at = " at ",
    .cover = "covering for ",
    .away = {" (away until ", " (administrator, away until "},
    .pick_rr = ", in rotation",
    .pick_lo = ", fewest open cases",
    .no_role = {"the case type has no staff role",
	"The case type has no staff role"},
    .nobody = {"nobody holds ", "Nobody holds "},
    .nobody_the = "the ",
    .any_role = "a matching staff role",
    .all_with = {"all employees with ", "All employees with "},
    .the_one = "the ",
    .the_many = "the ",
    .any_role_with = "a matching staff role",
    .cause_end = {" are deactivated", " are away and not covered",
	" are deactivated, or away and not covered"},
    .fallback = "fallback role ",
    .fallback_at = " at ",
    .administrator = "administrator",
    /* As the English UI names them (status.* in web/i18n/en.json). */
    .status =
	{
	    [HD_PS_OPEN] = "New",
	    [HD_PS_IN_PROGRESS] = "In progress",
	    [HD_PS_WAITING] = "Waiting for reply",
	    [HD_PS_RESOLVED] = "Resolved",
	    [HD_PS_CLOSED] = "Closed",
	},
    .field =
	{
	    [FIELD_TYPE] = "Case type",
	    [FIELD_PROPERTY] = "Property",
	    [FIELD_UNIT] = "Unit",
	    [FIELD_SUBJECT] = "Subject",
	},
    .note_open = " – “",
    .note_close = "”",
    .hours = ": no response within ",
    .hour_one = " hour",
    .hour_many = " hours",
    .created = "Case created by ",
    .portal = " in the customer portal",
    .manual = ": assigned manually by ",
    .reopened = "Reopened by a reply from ",
    .reminder = "Reminder sent",
    .reminder_to = " to ",
    .reminder_sent = {"", ""},
    .escalated = "Escalated",
    .escalated_to = " to ",
    .handover = ": handed over by ",
    .dropped = "Attachment “",
    .dropped_mid = "” not kept: ",
    .dropped_limit = ", the limit is ",
};
