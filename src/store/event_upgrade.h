/* SPDX-License-Identifier: MIT */
#ifndef HD_STORE_EVENT_UPGRADE_H
#define HD_STORE_EVENT_UPGRADE_H

/*
 * The C step of migration 011: history entries and routing reasons the
 * server wrote as German sentences before events existed become events
 * (core/event_parse: only where the event renders back to the very same
 * bytes), everything else a "legacy" event holding the sentence. Runs
 * after the migrations each time a command opens the database; rows
 * done already (data not NULL) are left alone, so it is cheap when there
 * is nothing to do and safe when two processes run it at once.
 */
#include "db/db.h"

#include <stdint.h>

/* What store_events_upgrade did. */
struct event_upgrade_stats {
	int64_t events; /* sentences turned into events */
	int64_t legacy; /* kept as legacy text */
};

/* Converts every history entry and assignment reason without data, in
 * transactions of EVENT_UPGRADE_BATCH rows. HD_OK or the database's
 * error (what was committed stays). */
enum hd_status store_events_upgrade(
    struct db_conn *c, struct event_upgrade_stats *stats);

#define EVENT_UPGRADE_BATCH 1000

#endif
