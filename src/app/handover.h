/* SPDX-License-Identifier: MIT */
#ifndef HD_APP_HANDOVER_H
#define HD_APP_HANDOVER_H

/*
 * Handing over a deactivated employee's open Vorgänge (issue 13, item
 * 6): re-routed to the role holders, or given to one colleague, each
 * with its history entries and mails, in one job.
 */
#include "core/visibility.h"
#include "db/db.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The most Vorgänge one hand-over moves; the rest stay for the next. */
#define APP_HANDOVER_MAX 1000

/*
 * Hands the open Vorgänge of deactivated employee `from` (of v's
 * organisation; v an admin) over: to employee `to` (replacing `from`
 * among each one's assignees; the note, NULL or "" for none, goes into
 * the history entry and the assignment mail), or, with to = 0, to
 * whoever the routing rules name now (app_process_reroute; the note
 * becomes an internal comment on each). *moved is how many were handed
 * over, *more whether `from` has open ones left (beyond
 * APP_HANDOVER_MAX: call again). HD_ENOTFOUND: no such employee; HD_ECONFLICT:
 * `from` is still active; HD_EINVAL: `to` is no active employee (or is `from`).
 */
enum hd_status app_employee_handover(const struct viewer *v, int64_t from,
    int64_t to, const char *note, size_t *moved, bool *more);

#endif
