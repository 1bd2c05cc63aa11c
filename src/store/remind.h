/* SPDX-License-Identifier: MIT */
#ifndef HD_STORE_REMIND_H
#define HD_STORE_REMIND_H

/*
 * What the reminder job (app/remind.h) reads and writes: the Vorgänge
 * still `open`, unanswered (no status change, no public comment by
 * staff: processes.responded_at NULL) and past their type's response
 * time, how far their reminders went (remind_level: 0 none, 1 reminded,
 * 2 escalated), and whom an escalation goes to. docs/routing.md,
 * "Reminders and escalation".
 */
#include "db/db.h"
#include "store/process.h"

#include <stddef.h>
#include <stdint.h>

struct remind_due {
	int64_t id;
	int64_t hours;	    /* the type's response time */
	int level;	    /* reached so far */
	int64_t created_at; /* Unix seconds */
};

/* The level Vorgang d should have at now: 1 past its response time, 2
 * past twice that. */
int store_remind_level_at(const struct remind_due *d, int64_t now);

/* Up to cap Vorgänge (of every organisation) whose level at now is above
 * the one they have, oldest first, into due[0..*n). */
enum hd_status store_remind_due(struct db_conn *c, int64_t now,
    struct remind_due *due, size_t cap, size_t *n);

/* Notes that Vorgang id's reminders reached level. */
enum hd_status store_remind_set_level(struct db_conn *c, int64_t id, int level);

/* Whom an escalation of Vorgang id goes to: the active holders of the
 * organisation's fallback role at its property, else its active admins
 * (heap, caller frees). */
enum hd_status store_remind_escalation_to(
    struct db_conn *c, int64_t id, struct store_addressee **out, size_t *n);

#endif
