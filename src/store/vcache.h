/* SPDX-License-Identifier: MIT */
#ifndef HD_VCACHE_H
#define HD_VCACHE_H

#include "util/buf.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The answer cache: Vorgänge as employees see them, as the JSON the API
 * writes, so that a queue page or a read that was answered before costs a
 * copy instead of a dozen B-tree searches.
 *
 * An entry holds a Vorgang's fields and assignees (what a list item
 * shows), and for a full entry also its history and comments (what
 * GET /processes/{id} shows). Contacts see less and are never answered
 * from it. Who may see a Vorgang is not cached: the caller checks it
 * against the database, with the entry's meta.
 *
 * Entries are never stale: the store's change feed (feed.c, over db.h's
 * struct db_feed) reports every change the writer makes to a Vorgang,
 * its assignees, history and comments, and to the names an entry shows.
 * After the commit, before any changing request is answered, the feed
 * numbers the commit and marks what it changed with that number,
 * dropping those entries (vcache_after_commit). A reader takes a ticket
 * (the number of the last such commit) before its snapshot begins, and
 * what it read is stored only if nothing it shows was marked after the
 * ticket. Changes made by other processes (an operator's shell on the
 * database) show after at most VCACHE_TTL_MS.
 */
#define VCACHE_TTL_MS 10000

#define VC_ASSIGNEES 8

struct vc_meta {
	int64_t org_id;
	int64_t property_id;
	int64_t created_by;
	int n_assignees; /* -1: more than VC_ASSIGNEES */
	int64_t assignees[VC_ASSIGNEES];
};

/* Notes employee id as an assignee in m. */
static inline void
vc_meta_assignee(struct vc_meta *m, int64_t id)
{
	if (m->n_assignees >= 0 && m->n_assignees < VC_ASSIGNEES)
		m->assignees[m->n_assignees++] = id;
	else
		m->n_assignees = -1;
}

/* Sizes the cache to at most max_bytes of entries (0: off). Not thread
 * safe: call before serving, and vcache_stop after. */
void vcache_start(size_t max_bytes);
void vcache_stop(void);
bool vcache_on(void);

/* Before a snapshot begins (the feed's ticket: db_read_ticket). */
uint64_t vcache_ticket(void);

/*
 * Appends Vorgang id to out: with full, the whole answer (fails when the
 * entry has no history) and *m; else the list item and of *m only the
 * organisation, property and filer. False on a miss (out unchanged).
 */
bool vcache_get(int64_t id, bool full, struct vc_meta *m, struct hd_buf *out);

/* Starts loading where Vorgänge ids[0..n) would be into the CPU cache. */
void vcache_prefetch(const int64_t *ids, int n);

/*
 * Stores Vorgang id as read under ticket: item[0..len) is the JSON
 * object, of which the first split bytes are the fields and assignees
 * (the list item without its closing brace); full says whether the rest
 * is history and comments. Dropped when a change to it was marked after
 * the ticket.
 */
void vcache_put(int64_t id, uint64_t ticket, const struct vc_meta *m,
    const char *item, size_t len, size_t split, bool full);

/*
 * For the change feed (feed.c), on the writer's thread: what the open
 * batch changed (vcache_note: Vorgang id, 0 for a name any entry may
 * show; vcache_note_queue: an employee whose assignments changed), then,
 * after each commit or rollback of a batch, vcache_after_commit marks
 * and drops what it changed.
 */
void vcache_note(int64_t id);
void vcache_note_queue(int64_t employee);
void vcache_after_commit(void);

/*
 * Pages of one's own queue (vcache_page.c): the first page of GET
 * /processes?assignee=me&status=S as answered, with the ids on it. A page
 * holds until a commit changes the employee's assignments, a Vorgang on
 * it, or a name (the same feed and marks as the entries).
 */
/* The kept page itself, not a copy: its answer and length, and in *ref
 * what to hand to vcache_page_release once it is sent; NULL on a miss. */
const char *vcache_page_share(int64_t employee, int64_t org_id,
    const char *status, int limit, size_t *len, void **ref);
void vcache_page_release(void *ref);
void vcache_page_put(int64_t employee, int64_t org_id, const char *status,
    int limit, uint64_t ticket, const int64_t *ids, int n, const char *answer,
    size_t len);
void vcache_page_stop(void);

/* For vcache_page.c: whether nothing a page read under ticket shows —
 * the employee's assignments, the Vorgänge ids[0..n), names — changed
 * since; and the cache's memory, which pages share with the entries
 * (pages take at most half of it). */
bool vcache_unchanged(
    uint64_t ticket, int64_t employee, const int64_t *ids, int n);
bool vcache_take_room(size_t bytes);
void vcache_give_room(size_t bytes);

/* Counts lookups for the metrics: once per answer, not per Vorgang (the
 * counters are shared by all threads). */
void vcache_count(unsigned hits, unsigned misses);

struct vc_stats {
	uint64_t hits, misses, entries, bytes;
	uint64_t page_bytes; /* of bytes, held by queue pages */
};
void vcache_stats(struct vc_stats *s);

#endif
