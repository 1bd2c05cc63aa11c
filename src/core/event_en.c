/* SPDX-License-Identifier: MIT */
/*
 * The English sentences, in the words of the English UI (web/i18n/en.json:
 * a Vorgang is a "case", a Vorgangstyp a "case type"). Names of people,
 * roles and properties are data and stay as entered ("Frau Huber",
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

/* Appends "A", "A and B", "A, B and C". */
static void
add_people(struct text *t, const char *const *names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			text_add(t, i + 1 == n ? " and " : ", ");
		text_add(t, names[i]);
	}
}

static void
add_roles(struct text *t, const char *const *roles, size_t n)
{
	size_t i;

	text_add(t, n == 1 ? "role " : "roles ");
	for (i = 0; i < n; i++) {
		if (i > 0)
			text_add(t, ", ");
		text_add(t, roles[i]);
	}
}

static void
add_absent(struct text *t, const struct event *ev, bool admin)
{
	size_t i;

	text_add(t, "covering for ");
	for (i = 0; i < ev->n_absent; i++) {
		if (i > 0)
			text_add(t, i + 1 == ev->n_absent ? " and " : ", ");
		text_add(t, ev->absent[i].name);
		text_add(t,
		    admin ? " (administrator, away until " : " (away until ");
		add_date(t, ev->absent[i].until);
		text_add(t, ")");
	}
}

static void
add_picks(struct text *t, unsigned picks)
{
	if (picks & EVENT_PICK_ROUND_ROBIN)
		text_add(t, ", in rotation");
	if (picks & EVENT_PICK_LEAST_OPEN)
		text_add(t, ", fewest open cases");
}

/* The cause as a sentence (first word capitalised) or as the tail of a
 * reason after " – ". */
static void
add_cause(struct text *t, const struct event *ev, bool sentence)
{
	const char *end = " are deactivated";
	size_t n = ev->n_cause_roles;

	if (ev->cause == CAUSE_NO_ROLE) {
		text_add(t, sentence ? "The case type has no staff role"
				     : "the case type has no staff role");
		return;
	}
	if (ev->cause == CAUSE_NOBODY) {
		text_add(t, sentence ? "Nobody holds " : "nobody holds ");
		if (n > 0) {
			text_add(t, "the ");
			add_roles(t, ev->cause_roles, n);
		} else
			text_add(t, "a matching staff role");
		text_add(t, " at ");
		text_add(t, ev->property);
		return;
	}
	if (ev->cause == CAUSE_ABSENT)
		end = " are away and not covered";
	else if (ev->cause == CAUSE_AWAY_OR_INACTIVE)
		end = " are deactivated, or away and not covered";
	text_add(t, sentence ? "All employees with " : "all employees with ");
	if (n > 0) {
		text_add(t, "the ");
		add_roles(t, ev->cause_roles, n);
	} else
		text_add(t, "a matching staff role");
	text_add(t, " at ");
	text_add(t, ev->property);
	text_add(t, end);
}

static void
routed(struct text *t, const struct event *ev)
{
	text_add(t, ev->who);
	text_add(t, ": ");
	if (ev->n_roles > 0 || ev->n_absent == 0) {
		add_roles(t, ev->roles, ev->n_roles);
		text_add(t, " at ");
		text_add(t, ev->property);
		if (ev->n_absent > 0)
			text_add(t, "; ");
	}
	if (ev->n_absent > 0)
		add_absent(t, ev, false);
	add_picks(t, ev->picks);
}

static void
fallback(struct text *t, const struct event *ev)
{
	text_add(t, ev->who);
	text_add(t, ": ");
	if (ev->n_absent > 0) {
		add_absent(t, ev, false);
		text_add(t, ", ");
	}
	text_add(t, "fallback role ");
	text_add(t, ev->n_roles > 0 ? ev->roles[0] : NULL);
	text_add(t, " at ");
	text_add(t, ev->property);
	add_picks(t, ev->picks);
	text_add(t, " – ");
	add_cause(t, ev, false);
}

static void
admin(struct text *t, const struct event *ev)
{
	text_add(t, ev->who);
	text_add(t, ": ");
	if (ev->n_absent > 0)
		add_absent(t, ev, true);
	else
		text_add(t, "administrator");
	text_add(t, " – ");
	add_cause(t, ev, false);
}

/* As the English UI names them (status.* in web/i18n/en.json). */
static const char *const status_labels[] = {
    [HD_PS_OPEN] = "New",
    [HD_PS_IN_PROGRESS] = "In progress",
    [HD_PS_WAITING] = "Waiting for reply",
    [HD_PS_RESOLVED] = "Resolved",
    [HD_PS_CLOSED] = "Closed",
};

static const char *const field_names[] = {
    [FIELD_TYPE] = "Case type",
    [FIELD_PROPERTY] = "Property",
    [FIELD_UNIT] = "Unit",
    [FIELD_SUBJECT] = "Subject",
};

static void
add_value(struct text *t, const char *v)
{
	text_add(t, v != NULL && v[0] != '\0' ? v : "–");
}

/* Appends " – “note”" when there is a note. */
static void
add_note(struct text *t, const char *note)
{
	if (note != NULL && note[0] != '\0') {
		text_add(t, " – “");
		text_add(t, note);
		text_add(t, "”");
	}
}

static void
add_hours(struct text *t, int64_t hours)
{
	text_add(t, ": no response within ");
	text_add_int(t, hours);
	text_add(t, hours == 1 ? " hour" : " hours");
}

static void
render(struct text *t, const struct event *ev)
{
	switch (ev->code) {
	case EVENT_LEGACY:
		text_add(t, ev->text != NULL ? ev->text : "");
		break;
	case EVENT_CREATED:
		text_add(t, "Case created by ");
		text_add(t, ev->actor);
		if (ev->portal)
			text_add(t, " in the customer portal");
		break;
	case EVENT_STATUS:
		text_add(t, "Status: ");
		text_add(t, status_labels[ev->from]);
		text_add(t, " → ");
		text_add(t, status_labels[ev->to]);
		text_add(t, " (");
		text_add(t, ev->actor);
		text_add(t, ")");
		break;
	case EVENT_ROUTED:
		routed(t, ev);
		break;
	case EVENT_FALLBACK:
		fallback(t, ev);
		break;
	case EVENT_ADMIN:
		admin(t, ev);
		break;
	case EVENT_UNROUTED:
		add_cause(t, ev, true);
		break;
	case EVENT_MANUAL:
		text_add(t, ev->who);
		text_add(t, ": assigned manually by ");
		text_add(t, ev->actor);
		add_note(t, ev->text);
		break;
	case EVENT_REOPENED:
		text_add(t, "Reopened by a reply from ");
		text_add(t, ev->actor);
		break;
	case EVENT_CHANGED:
		text_add(t, field_names[ev->field]);
		text_add(t, ": ");
		add_value(t, ev->old_value);
		text_add(t, " → ");
		add_value(t, ev->new_value);
		text_add(t, " (");
		text_add(t, ev->actor);
		text_add(t, ")");
		break;
	case EVENT_REMINDER:
		text_add(t, "Reminder sent");
		if (ev->n_names > 0)
			text_add(t, " to ");
		add_people(t, ev->names, ev->n_names);
		add_hours(t, ev->hours);
		break;
	case EVENT_ESCALATED:
		text_add(t, "Escalated");
		if (ev->n_names > 0)
			text_add(t, " to ");
		add_people(t, ev->names, ev->n_names);
		add_hours(t, ev->hours);
		break;
	case EVENT_HANDOVER:
		text_add(t, ev->who);
		text_add(t, ": handed over by ");
		text_add(t, ev->actor);
		if (ev->n_absent > 0) {
			text_add(t, ", ");
			add_absent(t, ev, false);
		}
		add_note(t, ev->text);
		break;
	case EVENT_ATTACHMENT_DROPPED:
		text_add(t, "Attachment “");
		text_add(t, ev->text);
		text_add(t, "” not kept: ");
		event_size_add(t, ev->size, '.');
		text_add(t, ", the limit is ");
		event_size_add(t, ev->limit, '.');
		break;
	case EVENT_ATTACHMENT_DELETED:
		text_add(t, "Attachment “");
		text_add(t, ev->text);
		text_add(t, "” deleted by ");
		text_add(t, ev->actor);
		break;
	}
}

enum hd_status
event_en_render(const struct event *ev, char *buf, size_t n)
{
	struct text t;

	if (buf == NULL || n == 0)
		return HD_EINVAL;
	text_init(&t, buf, n);
	if (ev == NULL || !event_values_valid(ev))
		return HD_EINVAL;
	render(&t, ev);
	return HD_OK;
}
