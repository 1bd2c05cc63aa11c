/* SPDX-License-Identifier: MIT */
#ifndef HD_EVENT_INT_H
#define HD_EVENT_INT_H

/* Shared by the renderers (event_de.c, event_en.c); not for callers. */

#include "core/event.h"
#include "core/text.h"

/* True when ev's enums are in range (the renderers refuse it otherwise). */
bool event_values_valid(const struct event *ev);

/* Appends bytes as "850 KB" or "25,3 MB" (1 MB = 1024 KB = 1,048,576
 * bytes), with comma the decimal separator. */
void event_size_add(struct text *t, int64_t bytes, char comma);

#endif
