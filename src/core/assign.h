/* SPDX-License-Identifier: MIT */
#ifndef HD_ASSIGN_H
#define HD_ASSIGN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * How a role picks among its holders at a property (the role's
 * `assign`). The values are stored: do not renumber.
 */
enum assign_mode {
	ASSIGN_ALL = 0,		/* every holder (the seed's behaviour) */
	ASSIGN_ROUND_ROBIN = 1, /* the next holder in turn */
	ASSIGN_LEAST_OPEN = 2,	/* the holder with the fewest open Vorgänge */
};

/* Parses the API name ("all", "round_robin", "least_open"); false for
 * anything else. */
bool assign_mode_parse(const char *s, enum assign_mode *out);

/* The API name of m ("all" for a value out of range). */
const char *assign_mode_name(enum assign_mode m);

/*
 * Round robin: the index into ids[0..n) (n > 0, ascending, distinct) of
 * the first id after turn, wrapping to the lowest. turn is the id picked
 * last at this property for this role (0: never), which the caller stores
 * and passes back in. Keyed by id rather than by position, the turn stays
 * right when holders come and go: nobody is skipped or taken twice
 * because somebody before them in the list left.
 */
size_t assign_turn_next(const int64_t *ids, size_t n, int64_t turn);

/*
 * Least open: the index into ids[0..n) (n > 0) of the smallest open[i]
 * (the employee's Vorgänge in open, in_progress or waiting); ties go to
 * the lowest id.
 */
size_t assign_load_least(const int64_t *ids, const int64_t *open, size_t n);

#endif
