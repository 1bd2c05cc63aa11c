/* SPDX-License-Identifier: MIT */
#ifndef HD_STORE_HANDOVER_H
#define HD_STORE_HANDOVER_H

/* What handing over a deactivated employee's work reads (issue 13,
 * item 6; app/handover.h). */
#include "db/db.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Whether employee id of org is active, into *active. HD_ENOTFOUND when
 * org has no such employee. */
enum hd_status store_employee_active(
    struct db_conn *c, int64_t org_id, int64_t id, bool *active);

/* The ids of the open Vorgänge (open, in progress, waiting) of org
 * assigned to employee, oldest first, up to max into ids; their number
 * in *n. */
enum hd_status store_handover_open(struct db_conn *c, int64_t org_id,
    int64_t employee, int64_t *ids, size_t max, size_t *n);

#endif
