/* SPDX-License-Identifier: MIT */
#ifndef HD_STORE_EVENT_JSON_H
#define HD_STORE_EVENT_JSON_H

/*
 * How an event (core/event.h) is kept in the database: a JSON object
 * with its code's stored name and only the parameters that are set,
 * e.g. {"code":"status","actor":"Herr Schmidt","from":"open",
 * "to":"in_progress"}. Statuses are stored by name; causes and fields
 * by their stored numbers (never renumbered).
 */
#include "core/event.h"
#include "util/status.h"

/* ev as JSON into *out (heap, caller frees). HD_EINVAL for a code out
 * of range, HD_ENOMEM. */
enum hd_status event_json_write(const struct event *ev, char **out);

/* The event of json into *ev (its strings in ev->mem: event_cleanup).
 * HD_EINVAL when json is no stored event, HD_ENOMEM. */
enum hd_status event_json_read(const char *json, struct event *ev);

/* Renders the stored event json in lang into buf (n bytes); when json
 * is NULL or cannot be read, copies fallback (the sentence of a row
 * written before events, NULL: ""). */
void event_json_render(const char *json, const char *fallback,
    enum hd_lang lang, char *buf, size_t n);

#endif
