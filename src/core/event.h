/* SPDX-License-Identifier: MIT */
#ifndef HD_EVENT_H
#define HD_EVENT_H

#include "core/process.h"
#include "util/status.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * A history entry or routing reason as data: a code and its parameters
 * (names, roles, property, dates, old and new values), rendered into a
 * sentence in the reader's language only when shown. One function per
 * language renders every code (event_text.c, words in event_words.c); the
 * German one writes, for the events the server has always written, exactly the
 * sentences it wrote before (API tests and existing databases depend on
 * them). event_de_parse (event_parse.c) turns those sentences back into
 * events for existing databases.
 *
 * Every string is borrowed (from the routing input, the caller's rows,
 * or the event's own mem after event_de_parse) and must outlive the
 * event. A NULL name renders as "?".
 */

/* The values are stored: append, never renumber. */
enum event_code {
	EVENT_LEGACY = 0,    /* text: a sentence kept as it was written */
	EVENT_CREATED = 1,   /* actor, portal */
	EVENT_STATUS = 2,    /* actor, from, to */
	EVENT_ROUTED = 3,    /* who, roles, property, absent, picks */
	EVENT_FALLBACK = 4,  /* who, roles[0], property, absent, picks, cause */
	EVENT_ADMIN = 5,     /* who, absent, cause */
	EVENT_UNROUTED = 6,  /* property, cause */
	EVENT_MANUAL = 7,    /* who, actor, text (the note; NULL or "": none) */
	EVENT_REOPENED = 8,  /* actor (who replied) */
	EVENT_CHANGED = 9,   /* actor, field, old_value, new_value */
	EVENT_REMINDER = 10, /* names (recipients), hours */
	EVENT_ESCALATED = 11, /* names (recipients), hours */
	EVENT_HANDOVER = 12,  /* who, actor, absent (whom for), text (note) */
	EVENT_ATTACHMENT_DROPPED = 13, /* text (file name), size, limit */
};
#define EVENT_CODE_COUNT 14

/* Why nobody of the type's roles got a Vorgang. Stored: do not renumber. */
enum event_cause {
	CAUSE_NO_ROLE = 0,  /* the type has no role */
	CAUSE_NOBODY = 1,   /* nobody holds the roles at the property */
	CAUSE_INACTIVE = 2, /* every holder is deactivated */
	CAUSE_ABSENT = 3,   /* every active holder is away, not covered */
	CAUSE_AWAY_OR_INACTIVE = 4, /* deactivated, or away and not covered */
};

/* What CHANGED changed. Stored: do not renumber. */
enum event_field {
	FIELD_TYPE = 0,
	FIELD_PROPERTY = 1,
	FIELD_UNIT = 2,
	FIELD_SUBJECT = 3,
};

/* How a role picked its holder, as bits of event.picks. */
#define EVENT_PICK_ROUND_ROBIN 1u
#define EVENT_PICK_LEAST_OPEN 2u

enum hd_lang { HD_LANG_DE = 0, HD_LANG_EN = 1 };

/* Caps of the lists; a routing input beyond them (an employee holding
 * more than 64 of one type's roles) is named up to the cap. */
#define EVENT_ROLES_MAX 64
#define EVENT_NAMES_MAX 32
/* The longest sentence the server writes, NUL included (as the reasons
 * of core/route.h). */
#define EVENT_TEXT_MAX 512

/* An absent holder another stands in for, and their last day away. */
struct event_absent {
	const char *name;
	int32_t until; /* day number, core/day.h */
};

struct event {
	enum event_code code;
	const char *who;	  /* the person the entry is about */
	const char *actor;	  /* who did it */
	const char *property;	  /* the property's name */
	const char *text;	  /* legacy text, note, or file name */
	bool portal;		  /* CREATED: filed in the Kundenportal */
	enum hd_pstatus from, to; /* STATUS */
	enum event_field field;	  /* CHANGED */
	const char *old_value, *new_value; /* CHANGED; NULL or "": none */
	int64_t hours;			   /* REMINDER, ESCALATED */
	int64_t size, limit;		   /* ATTACHMENT_DROPPED, bytes */
	unsigned picks;			   /* EVENT_PICK_* bits */
	/* ROUTED: the roles the person holds themself (none when they only
	 * stand in); FALLBACK: the fallback role. */
	const char *roles[EVENT_ROLES_MAX];
	size_t n_roles;
	struct event_absent absent[EVENT_NAMES_MAX]; /* stood in for */
	size_t n_absent;
	const char *names[EVENT_NAMES_MAX]; /* recipients */
	size_t n_names;
	/* FALLBACK, ADMIN, UNROUTED: why; with the type's roles it is about
	 * (none: "eine passende Mitarbeiterrolle"). */
	enum event_cause cause;
	const char *cause_roles[EVENT_ROLES_MAX];
	size_t n_cause_roles;
	char *mem; /* owned by event_de_parse's result; NULL otherwise */
};

/* Zeroes *ev and sets its code. */
void event_init(struct event *ev, enum event_code code);

/* Frees ev->mem (when event_de_parse made it) and zeroes *ev. Accepts
 * NULL and an event already cleaned up. */
void event_cleanup(struct event *ev);

/*
 * Writes ev as a sentence in lang into buf (n bytes, NUL included); text
 * that does not fit is cut at a character boundary (core/text.h). Returns
 * HD_EINVAL for a code or enum value out of range (buf then empty), else
 * HD_OK.
 */
enum hd_status event_render(
    const struct event *ev, enum hd_lang lang, char *buf, size_t n);

/* The German sentence (what the server has always written). */
enum hd_status event_de_render(const struct event *ev, char *buf, size_t n);

/* The English sentence, as an English-speaking property manager would
 * write it. */
enum hd_status event_en_render(const struct event *ev, char *buf, size_t n);

/*
 * Turns a German sentence the server wrote before events existed (a
 * history text or a routing reason) back into an event. property, when
 * not NULL, is the Vorgang's property: it settles where a role name ends
 * and the property's begins. An event is returned only when rendering it
 * in German gives back text byte for byte; anything else (an unknown or
 * cut sentence) becomes EVENT_LEGACY with text = a copy of text, so
 * nothing is lost. The event's strings live in ev->mem: call
 * event_cleanup. Returns HD_OK, HD_ENOMEM, or HD_EINVAL for a NULL
 * argument.
 */
enum hd_status event_de_parse(
    const char *text, const char *property, struct event *ev);

/* The stored name of code ("created", "routed", …; NULL out of range)
 * and the way back (false for an unknown name). */
const char *event_code_name(enum event_code code);
bool event_code_parse(const char *s, enum event_code *out);

#endif
