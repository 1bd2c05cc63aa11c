/* SPDX-License-Identifier: MIT */
#ifndef HD_STORE_SEARCH_H
#define HD_STORE_SEARCH_H

#include "db/db.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The search text of Vorgänge (table process_search, migration 015):
 * everything a search finds a Vorgang by, folded by core/fold.c. The
 * writers call these in the same transaction as the change, after it:
 * a Vorgang created or commented on (store_search_index), a contact's
 * name, e-mail or phone changed (store_search_index_reporter), a
 * property's name or address changed (store_search_index_property).
 */

/* The most words of a search that are matched (the rest are ignored). */
#define HD_SEARCH_MAX_WORDS 4
/* The longest folded search word kept, in bytes. */
#define HD_SEARCH_WORD_MAX 96
/* The longest search text of one Vorgang (doc or internal), in bytes. */
#define HD_SEARCH_DOC_MAX (1024 * 1024)

/* Writes (replaces) the search text of Vorgang id. */
enum hd_status store_search_index(struct db_conn *c, int64_t id);
/* The same for every Vorgang reported by contact user_id. */
enum hd_status store_search_index_reporter(struct db_conn *c, int64_t user_id);
/* The same for every Vorgang at property property_id. */
enum hd_status store_search_index_property(
    struct db_conn *c, int64_t property_id);
/* Writes the search text of every Vorgang that has none yet (a database
 * from before migration 015, or filled by the demo generator); *n: how
 * many have one after it. Not all: nothing (and *n 0) when the newest
 * Vorgang has its text — two look-ups, for every start; all: looks at
 * every Vorgang (a scan). In transactions of a bounded size. */
enum hd_status store_search_fill(struct db_conn *c, bool all, int64_t *n);

/*
 * The LIKE patterns of search q: its words folded as the index is
 * ("%muller%"), % _ and \ escaped with '\', up to HD_SEARCH_MAX_WORDS,
 * into pat[i] (each of HD_SEARCH_WORD_MAX + 8 bytes). Returns how many
 * (0: q holds no word).
 */
int store_search_patterns(
    const char *q, char pat[HD_SEARCH_MAX_WORDS][HD_SEARCH_WORD_MAX + 8]);

#endif
