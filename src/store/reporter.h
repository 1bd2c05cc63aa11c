/* SPDX-License-Identifier: MIT */
#ifndef HD_STORE_REPORTER_H
#define HD_STORE_REPORTER_H

/* The reporter card of a Vorgang (issue 13, item 5): who reported it,
 * how to reach them, and their other Vorgänge. */
#include "core/visibility.h"
#include "db/db.h"

#include <jansson.h>
#include <stdint.h>

/* The most other Vorgänge a card lists. */
#define STORE_REPORTER_OTHERS_MAX 20

/*
 * The reporter of Vorgang id as v sees it, into *out (caller owns):
 * {kind, id, name, email, phone, relation ("tenant"/"owner"/null: their
 * relation to the Vorgang's property), unit_label (the Vorgang's unit,
 * else that of their tenancy there, or null), processes: [their other
 * Vorgänge v can see, newest first, up to STORE_REPORTER_OTHERS_MAX:
 * {id, number, subject, status, created_at}], more_processes}.
 * HD_ENOTFOUND when v cannot see Vorgang id.
 */
enum hd_status store_reporter_json(
    struct db_conn *c, const struct viewer *v, int64_t id, json_t **out);

#endif
