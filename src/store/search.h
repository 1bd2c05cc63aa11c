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
/* The most trigrams of one word a MATCH asks for (store_search_match). */
#define HD_SEARCH_TRIGRAMS 8
/* The room for a MATCH expression of store_search_match, in bytes. */
#define HD_SEARCH_MATCH_MAX 1024
/* The longest search text of one Vorgang (doc or internal), in bytes. */
#define HD_SEARCH_DOC_MAX (1024 * 1024)

/* Writes (replaces) the search text of Vorgang id. */
enum hd_status store_search_index(struct db_conn *c, int64_t id);
/* The same for every Vorgang reported by contact user_id. */
enum hd_status store_search_index_reporter(struct db_conn *c, int64_t user_id);
/* The same for every Vorgang at property property_id. */
enum hd_status store_search_index_property(
    struct db_conn *c, int64_t property_id);
/* Writes (replaces) the search text of contact user_id (name, e-mail,
 * phone; table contact_search, migration 016); nothing for an id that is
 * no contact. */
enum hd_status store_search_contact(struct db_conn *c, int64_t user_id);
/* The same of property property_id (name, street, postal code, city,
 * external id, the labels of its units; table property_search). */
enum hd_status store_search_property(struct db_conn *c, int64_t property_id);
/* Writes the search text of every Vorgang, contact and property that has
 * none yet (a database
 * from before migration 015/016, or filled by the demo generator); *n: how
 * many Vorgänge have one after it. Not all: nothing (and *n 0) when the newest
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

/*
 * The FTS5 MATCH expression (SQLite, table process_fts, migration 016)
 * that every Vorgang whose text holds each word of q satisfies: the
 * trigrams of each word of three or more characters (up to
 * HD_SEARCH_TRIGRAMS of it), each a quoted string, joined by AND. A
 * superset: its candidates are checked with the LIKE patterns. Returns
 * its length; 0 when no word has three characters (no MATCH to ask).
 */
size_t store_search_match(const char *q, char *out, size_t cap);

#endif
