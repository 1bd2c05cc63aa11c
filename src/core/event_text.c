/* SPDX-License-Identifier: MIT */
/*
 * The sentences of the events, built once for every language from its
 * words (event_words.c). The German ones of CREATED, STATUS,
 * ROUTED (own roles, no pick mode, nobody stood in for), FALLBACK, ADMIN,
 * UNROUTED (causes NO_ROLE, NOBODY, INACTIVE) and MANUAL without a note
 * are what the server wrote before events existed, byte for byte —
 * except that every sentence puts "Herr" after "von" in the dative ("von
 * Herrn Schmidt", issue 13; CREATED and MANUAL wrote "von Herr Schmidt"
 * before, and event_de_parse reads both): test_route.c,
 * test_event_text.c and the API tests compare them, and event_de_parse
 * relies on it.
 */
#include "core/event_int.h"

#include <string.h>

/* Appends name after a preposition: "Herr X" becomes "Herrn X" where
 * the language says so. */
static void
add_obj(struct text *t, int lang, const char *name)
{
	if (event_words.herrn[lang] && name != NULL &&
	    strncmp(name, "Herr ", 5) == 0) {
		text_add(t, "Herrn ");
		name += 5;
	}
	text_add(t, name);
}

/* Appends "A", "A und B", "A, B und C". */
static void
add_people(struct text *t, int lang, const char *const *names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			text_add(t, i + 1 == n ? event_words.and_[lang] : ", ");
		add_obj(t, lang, names[i]);
	}
}

/* Appends "Rolle A" or "Rollen A, B" (the seed's wording). */
static void
add_roles(struct text *t, int lang, const char *const *roles, size_t n)
{
	size_t i;

	text_add(t,
	    n == 1 ? event_words.role_one[lang] : event_words.role_many[lang]);
	for (i = 0; i < n; i++) {
		if (i > 0)
			text_add(t, ", ");
		text_add(t, roles[i]);
	}
}

/* Appends "Vertretung für Frau Huber (abwesend bis 12.12.2026)", more
 * than one joined by "und"; admin adds "Administrator, ". */
static void
add_absent(struct text *t, int lang, const struct event *ev, bool admin)
{
	size_t i;

	text_add(t, event_words.cover[lang]);
	for (i = 0; i < ev->n_absent; i++) {
		if (i > 0)
			text_add(t, i + 1 == ev->n_absent
					? event_words.and_[lang]
					: ", ");
		add_obj(t, lang, ev->absent[i].name);
		text_add(t, event_words.away[lang][admin]);
		event_words.date[lang](t, ev->absent[i].until);
		text_add(t, ")");
	}
}

static void
add_picks(struct text *t, int lang, unsigned picks)
{
	if (picks & EVENT_PICK_ROUND_ROBIN)
		text_add(t, event_words.pick_rr[lang]);
	if (picks & EVENT_PICK_LEAST_OPEN)
		text_add(t, event_words.pick_lo[lang]);
}

/* The cause as a sentence or as the tail of a reason after " – ". */
static void
cause_add(struct text *t, int lang, const struct event *ev, bool sentence)
{
	size_t n = ev->n_cause_roles;

	if (ev->cause == CAUSE_NO_ROLE) {
		text_add(t, event_words.no_role[lang][sentence]);
		return;
	}
	if (ev->cause == CAUSE_NOBODY) {
		text_add(t, event_words.nobody[lang][sentence]);
		if (n > 0) {
			text_add(t, event_words.nobody_the[lang]);
			add_roles(t, lang, ev->cause_roles, n);
		} else
			text_add(t, event_words.any_role[lang]);
		text_add(t, event_words.at[lang]);
		text_add(t, ev->property);
		return;
	}
	text_add(t, event_words.all_with[lang][sentence]);
	if (n > 0) {
		text_add(t, n == 1 ? event_words.the_one[lang]
				   : event_words.the_many[lang]);
		add_roles(t, lang, ev->cause_roles, n);
	} else
		text_add(t, event_words.any_role_with[lang]);
	text_add(t, event_words.at[lang]);
	text_add(t, ev->property);
	text_add(
	    t, event_words
		   .cause_end[lang][ev->cause == CAUSE_ABSENT		  ? 1
				    : ev->cause == CAUSE_AWAY_OR_INACTIVE ? 2
									  : 0]);
}

/* The cause, in a language that cuts it on its own in its own buffer of
 * EVENT_TEXT_MAX as the seed built it (a reason embedding it is cut
 * where the seed cut it). */
static void
add_cause(struct text *t, int lang, const struct event *ev, bool sentence)
{
	char buf[EVENT_TEXT_MAX];
	struct text own;

	if (!event_words.cause_apart[lang]) {
		cause_add(t, lang, ev, sentence);
		return;
	}
	text_init(&own, buf, EVENT_TEXT_MAX);
	cause_add(&own, lang, ev, sentence);
	text_add(t, buf);
}

static void
routed(struct text *t, int lang, const struct event *ev)
{
	text_add(t, ev->who);
	text_add(t, ": ");
	if (ev->n_roles > 0 || ev->n_absent == 0) {
		add_roles(t, lang, ev->roles, ev->n_roles);
		text_add(t, event_words.at[lang]);
		text_add(t, ev->property);
		if (ev->n_absent > 0)
			text_add(t, "; ");
	}
	if (ev->n_absent > 0)
		add_absent(t, lang, ev, false);
	add_picks(t, lang, ev->picks);
}

static void
fallback(struct text *t, int lang, const struct event *ev)
{
	text_add(t, ev->who);
	text_add(t, ": ");
	if (ev->n_absent > 0) {
		add_absent(t, lang, ev, false);
		text_add(t, ", ");
	}
	text_add(t, event_words.fallback[lang]);
	text_add(t, ev->n_roles > 0 ? ev->roles[0] : NULL);
	text_add(t, event_words.fallback_at[lang]);
	text_add(t, ev->property);
	add_picks(t, lang, ev->picks);
	text_add(t, " – ");
	add_cause(t, lang, ev, false);
}

static void
admin(struct text *t, int lang, const struct event *ev)
{
	text_add(t, ev->who);
	text_add(t, ": ");
	if (ev->n_absent > 0)
		add_absent(t, lang, ev, true);
	else
		text_add(t, event_words.administrator[lang]);
	text_add(t, " – ");
	add_cause(t, lang, ev, false);
}

/* Appends " – „note“" when there is a note. */
static void
add_note(struct text *t, int lang, const char *note)
{
	if (note != NULL && note[0] != '\0') {
		text_add(t, event_words.note_open[lang]);
		text_add(t, note);
		text_add(t, event_words.note_close[lang]);
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
add_reminded(struct text *t, int lang, const struct event *ev, const char *to,
    const char *sent)
{
	if (ev->n_names > 0)
		text_add(t, to);
	add_people(t, lang, ev->names, ev->n_names);
	text_add(t, sent);
	text_add(t, event_words.hours[lang]);
	text_add_int(t, ev->hours);
	text_add(t, ev->hours == 1 ? event_words.hour_one[lang]
				   : event_words.hour_many[lang]);
}

static void
render(struct text *t, int lang, const struct event *ev)
{
	switch (ev->code) {
	case EVENT_LEGACY:
		text_add(t, ev->text != NULL ? ev->text : "");
		break;
	case EVENT_CREATED:
		text_add(t, event_words.created[lang]);
		add_obj(t, lang, ev->actor);
		if (ev->portal)
			text_add(t, event_words.portal[lang]);
		break;
	case EVENT_STATUS:
		text_add(t, "Status: ");
		add_change(t, event_words.status[lang][ev->from],
		    event_words.status[lang][ev->to], ev->actor);
		break;
	case EVENT_ROUTED:
		routed(t, lang, ev);
		break;
	case EVENT_FALLBACK:
		fallback(t, lang, ev);
		break;
	case EVENT_ADMIN:
		admin(t, lang, ev);
		break;
	case EVENT_UNROUTED:
		add_cause(t, lang, ev, true);
		break;
	case EVENT_MANUAL:
		text_add(t, ev->who);
		text_add(t, event_words.manual[lang]);
		add_obj(t, lang, ev->actor);
		add_note(t, lang, ev->text);
		break;
	case EVENT_REOPENED:
		text_add(t, event_words.reopened[lang]);
		add_obj(t, lang, ev->actor);
		break;
	case EVENT_CHANGED:
		text_add(t, event_words.field[lang][ev->field]);
		text_add(t, ": ");
		add_change(t, ev->old_value, ev->new_value, ev->actor);
		break;
	case EVENT_REMINDER:
		text_add(t, event_words.reminder[lang]);
		add_reminded(t, lang, ev, event_words.reminder_to[lang],
		    event_words.reminder_sent[lang][ev->n_names > 0]);
		break;
	case EVENT_ESCALATED:
		text_add(t, event_words.escalated[lang]);
		add_reminded(t, lang, ev, event_words.escalated_to[lang], "");
		break;
	case EVENT_HANDOVER:
		text_add(t, ev->who);
		text_add(t, event_words.handover[lang]);
		add_obj(t, lang, ev->actor);
		if (ev->n_absent > 0) {
			text_add(t, ", ");
			add_absent(t, lang, ev, false);
		}
		add_note(t, lang, ev->text);
		break;
	case EVENT_ATTACHMENT_DROPPED:
		text_add(t, event_words.dropped[lang]);
		text_add(t, ev->text);
		text_add(t, event_words.dropped_mid[lang]);
		event_size_add(t, ev->size, event_words.comma[lang]);
		text_add(t, event_words.dropped_limit[lang]);
		event_size_add(t, ev->limit, event_words.comma[lang]);
		break;
	case EVENT_ATTACHMENT_DELETED:
		text_add(t, event_words.dropped[lang]);
		text_add(t, ev->text);
		text_add(t, event_words.deleted_mid[lang]);
		text_add(t, ev->actor);
		break;
	}
}

static enum hd_status
render_in(int lang, const struct event *ev, char *buf, size_t n)
{
	struct text t;

	if (buf == NULL || n == 0)
		return HD_EINVAL;
	text_init(&t, buf, n);
	if (ev == NULL || !event_values_valid(ev))
		return HD_EINVAL;
	render(&t, lang, ev);
	return HD_OK;
}

enum hd_status
event_de_render(const struct event *ev, char *buf, size_t n)
{
	return render_in(HD_LANG_DE, ev, buf, n);
}

enum hd_status
event_en_render(const struct event *ev, char *buf, size_t n)
{
	return render_in(HD_LANG_EN, ev, buf, n);
}
