/* SPDX-License-Identifier: MIT */
#ifndef HD_PROCESS_H
#define HD_PROCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The statuses of a Vorgang, as named in the API. */
enum hd_pstatus {
	HD_PS_OPEN,
	HD_PS_IN_PROGRESS,
	HD_PS_WAITING,
	HD_PS_RESOLVED,
	HD_PS_CLOSED,
};

/* Parses an API status name; false for an unknown name. */
bool hd_pstatus_parse(const char *s, enum hd_pstatus *out);
/* The API name ("in_progress"). */
const char *hd_pstatus_name(enum hd_pstatus st);
/* The German label ("in Bearbeitung"). */
const char *hd_pstatus_label(enum hd_pstatus st);
/* True for statuses in which re-routing is allowed (not resolved/closed). */
bool hd_pstatus_is_open(enum hd_pstatus st);

#define HD_NUMBER_MAX 24
/* Formats the Vorgang number "V-2026-00007" into buf. */
void hd_process_number(int year, int64_t seq, char *buf, size_t n);

#endif
