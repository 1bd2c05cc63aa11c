/* SPDX-License-Identifier: MIT */
#ifndef HD_APP_QUEUE_H
#define HD_APP_QUEUE_H

/*
 * The use cases of the work queue (issue 13): noting that an employee
 * opened a Vorgang (what makes it read for them), and changing several
 * Vorgänge at once.
 */
#include "core/process.h"
#include "core/visibility.h"
#include "db/db.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The most Vorgänge one bulk change takes. */
#define APP_BULK_MAX 100

/* Notes that employee v opened Vorgang id now. HD_ENOTFOUND when v
 * cannot see it. */
enum hd_status app_process_seen(const struct viewer *v, int64_t id);

/* A bulk change: the status (unless NULL), the assignees (unless NULL),
 * and a note written as an internal comment on each (unless NULL). */
struct app_bulk {
	const enum hd_pstatus *to;
	const int64_t *assignee_ids;
	size_t n_assignees;
	const char *note;
};

/* What became of each Vorgang of a bulk change. */
struct app_bulk_result {
	int64_t id;
	enum hd_status st; /* HD_OK, or HD_ENOTFOUND: v cannot see it */
};

/*
 * Applies b to the Vorgänge ids[0..n) (n <= APP_BULK_MAX) in one job,
 * each as app_process_change would (history, mails), into out[0..n).
 * Those v cannot see are left alone (HD_ENOTFOUND in out); the others
 * change together or not at all: HD_EINVAL (*field "assignee_ids") for
 * employees who cannot be assigned, or the error that stopped the job.
 */
enum hd_status app_process_bulk(const struct viewer *v, const int64_t *ids,
    size_t n, const struct app_bulk *b, struct app_bulk_result *out,
    const char **field);

#endif
