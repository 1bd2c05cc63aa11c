/* SPDX-License-Identifier: MIT */
#ifndef HD_CLOCK_H
#define HD_CLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HD_TIME_MAX 32

/* Moves the clock (hd_now, hd_now_ms) by seconds: for tests only
 * (--test-clock-file). Thread safe. */
void hd_clock_offset_set(int64_t seconds);
/* Reads the offset from file (a whole number of seconds, may be
 * negative) and sets it. False when the file cannot be read or holds no
 * number (the offset stays). */
bool hd_clock_offset_load(const char *file);

/* Current Unix time in seconds. */
int64_t hd_now(void);
/* Current Unix time in milliseconds. */
int64_t hd_now_ms(void);
/* Monotonic milliseconds, for timeouts and backoff. */
int64_t hd_mono_ms(void);
/* Formats t as RFC 3339 UTC ("2026-11-27T08:00:00Z") into buf. */
void hd_time_format(int64_t t, char *buf, size_t n);
/* Parses an RFC 3339 time ("2026-11-27T08:00:00Z", fractions of a
 * second dropped, "+01:00" offsets) from 1970 on into *out (Unix
 * seconds). False when s is not one. */
bool hd_time_parse(const char *s, int64_t *out);
/* The year of t in UTC. */
int hd_time_year(int64_t t);

#endif
