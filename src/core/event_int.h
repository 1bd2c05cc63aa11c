/* SPDX-License-Identifier: MIT */
#ifndef HD_EVENT_INT_H
#define HD_EVENT_INT_H

/* Shared by the renderers (event_de.c, event_en.c); not for callers. */

#include "core/event.h"
#include "core/text.h"

/* True when ev's enums are in range (the renderers refuse it otherwise). */
bool event_values_valid(const struct event *ev);

/* Appends bytes as "850 KB" or "25,3 MB" (1 MB = 1024 KB = 1,048,576
 * bytes), with comma the decimal separator. */
void event_size_add(struct text *t, int64_t bytes, char comma);

/* The words of one language; the sentences are built once from them
 * (event_text.c). Arrays in [sentence] are indexed by whether the phrase
 * starts a sentence. */
struct event_lang {
	bool herrn;	  /* "Herr X" after a preposition becomes "Herrn X" */
	bool cause_apart; /* a cause is cut at EVENT_TEXT_MAX on its own */
	char comma;	  /* decimal separator of sizes */
	void (*date)(struct text *t, int32_t day);
	const char *and_;		  /* " und " */
	const char *role_one, *role_many; /* "Rolle ", "Rollen " */
	const char *at;			  /* " in " before a property */
	const char *cover;		  /* "Vertretung für " */
	const char *away[2];		  /* [admin] " (abwesend bis " */
	const char *pick_rr, *pick_lo;
	const char *no_role[2];		/* [sentence] */
	const char *nobody[2];		/* [sentence] "Niemand hat " */
	const char *nobody_the;		/* "die " */
	const char *any_role;		/* "eine passende Mitarbeiterrolle" */
	const char *all_with[2];	/* [sentence] "Alle Mitarbeiter mit " */
	const char *the_one, *the_many; /* "der ", "den " */
	const char *any_role_with;	/* "einer passenden Mitarbeiterrolle" */
	const char *cause_end[3];	/* inactive, absent, away or inactive */
	const char *fallback, *fallback_at;
	const char *administrator;
	const char *status[5]; /* enum hd_pstatus */
	const char *field[4];  /* enum event_field */
	const char *note_open, *note_close;
	const char *hours, *hour_one, *hour_many;
	const char *created, *portal, *manual, *reopened;
	const char *reminder, *reminder_to, *reminder_sent[2]; /* [names] */
	const char *escalated, *escalated_to;
	const char *handover;
	const char *dropped, *dropped_mid, *dropped_limit;
};

extern const struct event_lang event_lang_de, event_lang_en;

#endif
