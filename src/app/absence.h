/* SPDX-License-Identifier: MIT */
#ifndef HD_APP_ABSENCE_H
#define HD_APP_ABSENCE_H

/*
 * Absences (Abwesenheiten) with a substitute (docs/routing.md): entering
 * and removing one, and handing the absent employee's open Vorgänge to
 * the substitute in one action. One write job each (durable when HD_OK,
 * rolled back otherwise). Who may do what is the caller's check: admins
 * for anyone, an employee for themself.
 */
#include "core/absence.h"
#include "util/status.h"

#include <stddef.h>
#include <stdint.h>

/* store_absence_insert by actor_id. */
enum hd_status app_absence_add(int64_t org_id, int64_t actor_id,
    const struct absence *a, int64_t *id, const char **field);

/* store_absence_delete. */
enum hd_status app_absence_remove(int64_t org_id, int64_t id);

/*
 * Hands every open Vorgang (open, in_progress, waiting) of the employee
 * away in absence *a to its substitute, with a history entry on each
 * ("Frau Meier: übergeben von Frau Admin, Vertretung für Frau Huber
 * (abwesend bis 12.12.2026)", and note when not NULL or "") and a mail
 * to the substitute per Vorgang; *n is how many. actor_id did it.
 * HD_EINVAL (field "substitute_id") when the absence names no
 * substitute or the substitute is deactivated; HD_ECONFLICT when the
 * absence is over (ended before today).
 */
enum hd_status app_absence_handover(int64_t org_id, int64_t actor_id,
    const struct absence *a, const char *note, size_t *n, const char **field);

/* Today in the organisation's time zone (core/day.h), as routing sees
 * it. */
int32_t app_today(void);

#endif
