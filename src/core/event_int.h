/* SPDX-License-Identifier: MIT */
#ifndef HD_EVENT_INT_H
#define HD_EVENT_INT_H

/* Shared by the sentences (event_text.c) and their words
 * (event_words.c); not for callers. */

#include "core/event.h"
#include "core/text.h"

/* True when ev's enums are in range (the renderers refuse it otherwise). */
bool event_values_valid(const struct event *ev);

/* Appends bytes as "850 KB" or "25,3 MB" (1 MB = 1024 KB = 1,048,576
 * bytes), with comma the decimal separator. */
void event_size_add(struct text *t, int64_t bytes, char comma);

/* The words of the sentences, each in German and English (indexed by
 * enum hd_lang first); the sentences are built once from them
 * (event_text.c). Arrays in [sentence] are indexed by whether the phrase
 * starts a sentence. */
struct event_words {
	bool herrn[2]; /* "Herr X" after a preposition becomes "Herrn X" */
	bool cause_apart[2]; /* a cause is cut at EVENT_TEXT_MAX on its own */
	char comma[2];	     /* decimal separator of sizes */
	void (*date[2])(struct text *t, int32_t day);
	const char *and_[2];			/* " und " */
	const char *role_one[2], *role_many[2]; /* "Rolle ", "Rollen " */
	const char *at[2];			/* " in " before a property */
	const char *cover[2];			/* "Vertretung für " */
	const char *away[2][2];			/* [admin] " (abwesend bis " */
	const char *pick_rr[2], *pick_lo[2];
	const char *no_role[2][2];  /* [sentence] */
	const char *nobody[2][2];   /* [sentence] "Niemand hat " */
	const char *nobody_the[2];  /* "die " */
	const char *any_role[2];    /* "eine passende Mitarbeiterrolle" */
	const char *all_with[2][2]; /* [sentence] "Alle Mitarbeiter mit " */
	const char *the_one[2], *the_many[2]; /* "der ", "den " */
	const char *any_role_with[2]; /* "einer passenden Mitarbeiterrolle" */
	const char *cause_end[2][3];  /* inactive, absent, away or inactive */
	const char *fallback[2], *fallback_at[2];
	const char *administrator[2];
	const char *status[2][5]; /* enum hd_pstatus */
	const char *field[2][4];  /* enum event_field */
	const char *note_open[2], *note_close[2];
	const char *hours[2], *hour_one[2], *hour_many[2];
	const char *created[2], *portal[2], *manual[2], *reopened[2];
	const char *reminder[2], *reminder_to[2],
	    *reminder_sent[2][2]; /* [names] */
	const char *escalated[2], *escalated_to[2];
	const char *handover[2];
	const char *dropped[2], *dropped_mid[2], *dropped_limit[2];
};

extern const struct event_words event_words;

#endif
