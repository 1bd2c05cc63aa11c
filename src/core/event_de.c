/* SPDX-License-Identifier: MIT */
/*
 * The German sentences. Those of CREATED, STATUS, ROUTED (own roles, no
 * pick mode, nobody stood in for), FALLBACK, ADMIN, UNROUTED (causes
 * NO_ROLE, NOBODY, INACTIVE) and MANUAL without a note are what the
 * server wrote before events existed, byte for byte: test_route.c and
 * the API tests compare them, and event_de_parse relies on it — except
 * that every sentence puts "Herr" in the case the preposition asks for
 * ("von Herrn Schmidt", "für Herrn Schmidt", issue 13): CREATED and
 * MANUAL wrote "von Herr Schmidt" before, and event_de_parse reads both.
 */
#include "core/day.h"
#include "core/event_int.h"

#include <stdio.h>
#include <string.h>

/* Appends name after "für", "von" or "an": "Herr X" becomes "Herrn X". */
static void
add_obj(struct text *t, const char *name)
{
	if (name != NULL && strncmp(name, "Herr ", 5) == 0) {
		text_add(t, "Herrn ");
		name += 5;
	}
	text_add(t, name);
}

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

/* Appends "A", "A und B", "A, B und C". */
static void
add_people(struct text *t, const char *const *names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			text_add(t, i + 1 == n ? " und " : ", ");
		add_obj(t, names[i]);
	}
}

/* Appends "Rolle A" or "Rollen A, B" (the seed's wording). */
static void
add_roles(struct text *t, const char *const *roles, size_t n)
{
	size_t i;

	text_add(t, n == 1 ? "Rolle " : "Rollen ");
	for (i = 0; i < n; i++) {
		if (i > 0)
			text_add(t, ", ");
		text_add(t, roles[i]);
	}
}

/* Appends "Vertretung für Frau Huber (abwesend bis 12.12.2026)", more
 * than one joined by "und"; admin adds "Administrator, ". */
static void
add_absent(struct text *t, const struct event *ev, bool admin)
{
	size_t i;

	text_add(t, "Vertretung für ");
	for (i = 0; i < ev->n_absent; i++) {
		if (i > 0)
			text_add(t, i + 1 == ev->n_absent ? " und " : ", ");
		add_obj(t, ev->absent[i].name);
		text_add(t, admin ? " (Administrator, abwesend bis "
				  : " (abwesend bis ");
		add_date(t, ev->absent[i].until);
		text_add(t, ")");
	}
}

static void
add_picks(struct text *t, unsigned picks)
{
	if (picks & EVENT_PICK_ROUND_ROBIN)
		text_add(t, ", reihum");
	if (picks & EVENT_PICK_LEAST_OPEN)
		text_add(t, ", wenigste offene Vorgänge");
}

/* The cause on its own, in its own EVENT_TEXT_MAX buffer as the seed
 * built it (a reason embedding it is cut where the seed cut it). */
static void
cause_render(const struct event *ev, char *buf)
{
	const char *end = " sind deaktiviert";
	struct text t;
	size_t n = ev->n_cause_roles;

	text_init(&t, buf, EVENT_TEXT_MAX);
	if (ev->cause == CAUSE_NO_ROLE) {
		text_add(&t, "Vorgangstyp hat keine Mitarbeiterrolle");
		return;
	}
	if (ev->cause == CAUSE_NOBODY) {
		if (n > 0) {
			text_add(&t, "Niemand hat die ");
			add_roles(&t, ev->cause_roles, n);
		} else
			text_add(&t, "Niemand hat eine passende "
				     "Mitarbeiterrolle");
		text_add(&t, " in ");
		text_add(&t, ev->property);
		return;
	}
	if (ev->cause == CAUSE_ABSENT)
		end = " sind abwesend und nicht vertreten";
	else if (ev->cause == CAUSE_AWAY_OR_INACTIVE)
		end = " sind deaktiviert oder abwesend und nicht vertreten";
	text_add(&t, "Alle Mitarbeiter mit ");
	if (n > 0) {
		text_add(&t, n == 1 ? "der " : "den ");
		add_roles(&t, ev->cause_roles, n);
	} else
		text_add(&t, "einer passenden Mitarbeiterrolle");
	text_add(&t, " in ");
	text_add(&t, ev->property);
	text_add(&t, end);
}

static void
routed(struct text *t, const struct event *ev)
{
	text_add(t, ev->who);
	text_add(t, ": ");
	if (ev->n_roles > 0 || ev->n_absent == 0) {
		add_roles(t, ev->roles, ev->n_roles);
		text_add(t, " in ");
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
	char why[EVENT_TEXT_MAX];

	cause_render(ev, why);
	text_add(t, ev->who);
	text_add(t, ": ");
	if (ev->n_absent > 0) {
		add_absent(t, ev, false);
		text_add(t, ", ");
	}
	text_add(t, "Ersatzzuständigkeit (Rolle ");
	text_add(t, ev->n_roles > 0 ? ev->roles[0] : NULL);
	text_add(t, ") in ");
	text_add(t, ev->property);
	add_picks(t, ev->picks);
	text_add(t, " – ");
	text_add(t, why);
}

static void
admin(struct text *t, const struct event *ev)
{
	char why[EVENT_TEXT_MAX];

	cause_render(ev, why);
	text_add(t, ev->who);
	text_add(t, ": ");
	if (ev->n_absent > 0)
		add_absent(t, ev, true);
	else
		text_add(t, "Administrator");
	text_add(t, " – ");
	text_add(t, why);
}

static const char *const status_labels[] = {
    [HD_PS_OPEN] = "neu",
    [HD_PS_IN_PROGRESS] = "in Bearbeitung",
    [HD_PS_WAITING] = "wartet auf Rückmeldung",
    [HD_PS_RESOLVED] = "erledigt",
    [HD_PS_CLOSED] = "geschlossen",
};

static const char *const field_names[] = {
    [FIELD_TYPE] = "Vorgangstyp",
    [FIELD_PROPERTY] = "Liegenschaft",
    [FIELD_UNIT] = "Einheit",
    [FIELD_SUBJECT] = "Betreff",
};

/* Appends v, or "–" for none. */
static void
add_value(struct text *t, const char *v)
{
	text_add(t, v != NULL && v[0] != '\0' ? v : "–");
}

/* Appends " – „note“" when there is a note. */
static void
add_note(struct text *t, const char *note)
{
	if (note != NULL && note[0] != '\0') {
		text_add(t, " – „");
		text_add(t, note);
		text_add(t, "“");
	}
}

static void
add_hours(struct text *t, int64_t hours)
{
	text_add(t, ": keine Reaktion innerhalb von ");
	text_add_int(t, hours);
	text_add(t, hours == 1 ? " Stunde" : " Stunden");
}

static void
render(struct text *t, const struct event *ev)
{
	char why[EVENT_TEXT_MAX];

	switch (ev->code) {
	case EVENT_LEGACY:
		text_add(t, ev->text != NULL ? ev->text : "");
		break;
	case EVENT_CREATED:
		text_add(t, "Vorgang angelegt von ");
		add_obj(t, ev->actor);
		if (ev->portal)
			text_add(t, " im Kundenportal");
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
		cause_render(ev, why);
		text_add(t, why);
		break;
	case EVENT_MANUAL:
		text_add(t, ev->who);
		text_add(t, ": manuell zugewiesen von ");
		add_obj(t, ev->actor);
		add_note(t, ev->text);
		break;
	case EVENT_REOPENED:
		text_add(t, "Wieder geöffnet durch eine Antwort von ");
		add_obj(t, ev->actor);
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
		text_add(t, "Erinnerung ");
		if (ev->n_names > 0)
			text_add(t, "an ");
		add_people(t, ev->names, ev->n_names);
		text_add(t, ev->n_names > 0 ? " gesendet" : "gesendet");
		add_hours(t, ev->hours);
		break;
	case EVENT_ESCALATED:
		text_add(t, "Eskaliert");
		if (ev->n_names > 0)
			text_add(t, " an ");
		add_people(t, ev->names, ev->n_names);
		add_hours(t, ev->hours);
		break;
	case EVENT_HANDOVER:
		text_add(t, ev->who);
		text_add(t, ": übergeben von ");
		add_obj(t, ev->actor);
		if (ev->n_absent > 0) {
			text_add(t, ", ");
			add_absent(t, ev, false);
		}
		add_note(t, ev->text);
		break;
	case EVENT_ATTACHMENT_DROPPED:
		text_add(t, "Anhang „");
		text_add(t, ev->text);
		text_add(t, "“ nicht übernommen: ");
		event_size_add(t, ev->size, ',');
		text_add(t, ", erlaubt sind höchstens ");
		event_size_add(t, ev->limit, ',');
		break;
	}
}

enum hd_status
event_de_render(const struct event *ev, char *buf, size_t n)
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
