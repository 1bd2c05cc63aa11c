/* SPDX-License-Identifier: MIT */
/*
 * The sentences of the events, built once for every language from its
 * words (event_de.c, event_en.c). The German ones of CREATED, STATUS,
 * ROUTED (own roles, no pick mode, nobody stood in for), FALLBACK, ADMIN,
 * UNROUTED (causes NO_ROLE, NOBODY, INACTIVE) and MANUAL without a note
 * are what the server wrote before events existed, byte for byte:
 * test_route.c, test_event_text.c and the API tests compare them, and
 * event_de_parse relies on it.
 */
#include "core/event_int.h"

#include <string.h>

/* Appends name after a preposition: "Herr X" becomes "Herrn X" where
 * the language says so. */
static void
add_obj(struct text *t, const struct event_lang *l, const char *name)
{
	if (l->herrn && name != NULL && strncmp(name, "Herr ", 5) == 0) {
		text_add(t, "Herrn ");
		name += 5;
	}
	text_add(t, name);
}

/* Appends "A", "A und B", "A, B und C". */
static void
add_people(struct text *t, const struct event_lang *l, const char *const *names,
    size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			text_add(t, i + 1 == n ? l->and_ : ", ");
		add_obj(t, l, names[i]);
	}
}

/* Appends "Rolle A" or "Rollen A, B" (the seed's wording). */
static void
add_roles(struct text *t, const struct event_lang *l, const char *const *roles,
    size_t n)
{
	size_t i;

	text_add(t, n == 1 ? l->role_one : l->role_many);
	for (i = 0; i < n; i++) {
		if (i > 0)
			text_add(t, ", ");
		text_add(t, roles[i]);
	}
}

/* Appends "Vertretung für Frau Huber (abwesend bis 12.12.2026)", more
 * than one joined by "und"; admin adds "Administrator, ". */
static void
add_absent(struct text *t, const struct event_lang *l, const struct event *ev,
    bool admin)
{
	size_t i;

	text_add(t, l->cover);
	for (i = 0; i < ev->n_absent; i++) {
		if (i > 0)
			text_add(t, i + 1 == ev->n_absent ? l->and_ : ", ");
		add_obj(t, l, ev->absent[i].name);
		text_add(t, l->away[admin]);
		l->date(t, ev->absent[i].until);
		text_add(t, ")");
	}
}

static void
add_picks(struct text *t, const struct event_lang *l, unsigned picks)
{
	if (picks & EVENT_PICK_ROUND_ROBIN)
		text_add(t, l->pick_rr);
	if (picks & EVENT_PICK_LEAST_OPEN)
		text_add(t, l->pick_lo);
}

/* The cause as a sentence or as the tail of a reason after " – ". */
static void
cause_add(struct text *t, const struct event_lang *l, const struct event *ev,
    bool sentence)
{
	size_t n = ev->n_cause_roles;

	if (ev->cause == CAUSE_NO_ROLE) {
		text_add(t, l->no_role[sentence]);
		return;
	}
	if (ev->cause == CAUSE_NOBODY) {
		text_add(t, l->nobody[sentence]);
		if (n > 0) {
			text_add(t, l->nobody_the);
			add_roles(t, l, ev->cause_roles, n);
		} else
			text_add(t, l->any_role);
		text_add(t, l->at);
		text_add(t, ev->property);
		return;
	}
	text_add(t, l->all_with[sentence]);
	if (n > 0) {
		text_add(t, n == 1 ? l->the_one : l->the_many);
		add_roles(t, l, ev->cause_roles, n);
	} else
		text_add(t, l->any_role_with);
	text_add(t, l->at);
	text_add(t, ev->property);
	text_add(t, l->cause_end[ev->cause == CAUSE_ABSENT	       ? 1
				 : ev->cause == CAUSE_AWAY_OR_INACTIVE ? 2
								       : 0]);
}

/* The cause, in a language that cuts it on its own in its own buffer of
 * EVENT_TEXT_MAX as the seed built it (a reason embedding it is cut
 * where the seed cut it). */
static void
add_cause(struct text *t, const struct event_lang *l, const struct event *ev,
    bool sentence)
{
	char buf[EVENT_TEXT_MAX];
	struct text own;

	if (!l->cause_apart) {
		cause_add(t, l, ev, sentence);
		return;
	}
	text_init(&own, buf, EVENT_TEXT_MAX);
	cause_add(&own, l, ev, sentence);
	text_add(t, buf);
}

static void
routed(struct text *t, const struct event_lang *l, const struct event *ev)
{
	text_add(t, ev->who);
	text_add(t, ": ");
	if (ev->n_roles > 0 || ev->n_absent == 0) {
		add_roles(t, l, ev->roles, ev->n_roles);
		text_add(t, l->at);
		text_add(t, ev->property);
		if (ev->n_absent > 0)
			text_add(t, "; ");
	}
	if (ev->n_absent > 0)
		add_absent(t, l, ev, false);
	add_picks(t, l, ev->picks);
}

static void
fallback(struct text *t, const struct event_lang *l, const struct event *ev)
{
	text_add(t, ev->who);
	text_add(t, ": ");
	if (ev->n_absent > 0) {
		add_absent(t, l, ev, false);
		text_add(t, ", ");
	}
	text_add(t, l->fallback);
	text_add(t, ev->n_roles > 0 ? ev->roles[0] : NULL);
	text_add(t, l->fallback_at);
	text_add(t, ev->property);
	add_picks(t, l, ev->picks);
	text_add(t, " – ");
	add_cause(t, l, ev, false);
}

static void
admin(struct text *t, const struct event_lang *l, const struct event *ev)
{
	text_add(t, ev->who);
	text_add(t, ": ");
	if (ev->n_absent > 0)
		add_absent(t, l, ev, true);
	else
		text_add(t, l->administrator);
	text_add(t, " – ");
	add_cause(t, l, ev, false);
}

/* Appends " – „note“" when there is a note. */
static void
add_note(struct text *t, const struct event_lang *l, const char *note)
{
	if (note != NULL && note[0] != '\0') {
		text_add(t, l->note_open);
		text_add(t, note);
		text_add(t, l->note_close);
	}
}

/* Appends "a → b (actor)". */
static void
add_change(struct text *t, const char *from, const char *to, const char *actor)
{
	text_add(t, from != NULL && from[0] != '\0' ? from : "–");
	text_add(t, " → ");
	text_add(t, to != NULL && to[0] != '\0' ? to : "–");
	text_add(t, " (");
	text_add(t, actor);
	text_add(t, ")");
}

/* Appends the recipients after to, and how long nobody responded. */
static void
add_reminded(struct text *t, const struct event_lang *l, const struct event *ev,
    const char *to, const char *sent)
{
	if (ev->n_names > 0)
		text_add(t, to);
	add_people(t, l, ev->names, ev->n_names);
	text_add(t, sent);
	text_add(t, l->hours);
	text_add_int(t, ev->hours);
	text_add(t, ev->hours == 1 ? l->hour_one : l->hour_many);
}

static void
render(struct text *t, const struct event_lang *l, const struct event *ev)
{
	switch (ev->code) {
	case EVENT_LEGACY:
		text_add(t, ev->text != NULL ? ev->text : "");
		break;
	case EVENT_CREATED:
		text_add(t, l->created);
		text_add(t, ev->actor);
		if (ev->portal)
			text_add(t, l->portal);
		break;
	case EVENT_STATUS:
		text_add(t, "Status: ");
		add_change(
		    t, l->status[ev->from], l->status[ev->to], ev->actor);
		break;
	case EVENT_ROUTED:
		routed(t, l, ev);
		break;
	case EVENT_FALLBACK:
		fallback(t, l, ev);
		break;
	case EVENT_ADMIN:
		admin(t, l, ev);
		break;
	case EVENT_UNROUTED:
		add_cause(t, l, ev, true);
		break;
	case EVENT_MANUAL:
		text_add(t, ev->who);
		text_add(t, l->manual);
		text_add(t, ev->actor);
		add_note(t, l, ev->text);
		break;
	case EVENT_REOPENED:
		text_add(t, l->reopened);
		add_obj(t, l, ev->actor);
		break;
	case EVENT_CHANGED:
		text_add(t, l->field[ev->field]);
		text_add(t, ": ");
		add_change(t, ev->old_value, ev->new_value, ev->actor);
		break;
	case EVENT_REMINDER:
		text_add(t, l->reminder);
		add_reminded(t, l, ev, l->reminder_to,
		    l->reminder_sent[ev->n_names > 0]);
		break;
	case EVENT_ESCALATED:
		text_add(t, l->escalated);
		add_reminded(t, l, ev, l->escalated_to, "");
		break;
	case EVENT_HANDOVER:
		text_add(t, ev->who);
		text_add(t, l->handover);
		add_obj(t, l, ev->actor);
		if (ev->n_absent > 0) {
			text_add(t, ", ");
			add_absent(t, l, ev, false);
		}
		add_note(t, l, ev->text);
		break;
	case EVENT_ATTACHMENT_DROPPED:
		text_add(t, l->dropped);
		text_add(t, ev->text);
		text_add(t, l->dropped_mid);
		event_size_add(t, ev->size, l->comma);
		text_add(t, l->dropped_limit);
		event_size_add(t, ev->limit, l->comma);
		break;
	}
}

static enum hd_status
render_in(
    const struct event_lang *l, const struct event *ev, char *buf, size_t n)
{
	struct text t;

	if (buf == NULL || n == 0)
		return HD_EINVAL;
	text_init(&t, buf, n);
	if (ev == NULL || !event_values_valid(ev))
		return HD_EINVAL;
	render(&t, l, ev);
	return HD_OK;
}

enum hd_status
event_de_render(const struct event *ev, char *buf, size_t n)
{
	return render_in(&event_lang_de, ev, buf, n);
}

enum hd_status
event_en_render(const struct event *ev, char *buf, size_t n)
{
	return render_in(&event_lang_en, ev, buf, n);
}
