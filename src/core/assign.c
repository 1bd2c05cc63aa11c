/* SPDX-License-Identifier: MIT */
#include "core/assign.h"

#include <string.h>

static const char *const names[] = {
    [ASSIGN_ALL] = "all",
    [ASSIGN_ROUND_ROBIN] = "round_robin",
    [ASSIGN_LEAST_OPEN] = "least_open",
};

bool
assign_mode_parse(const char *s, enum assign_mode *out)
{
	size_t i;

	for (i = 0; s != NULL && i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(s, names[i]) == 0) {
			*out = (enum assign_mode)i;
			return true;
		}
	return false;
}

const char *
assign_mode_name(enum assign_mode m)
{
	if ((size_t)m >= sizeof(names) / sizeof(names[0]))
		return names[ASSIGN_ALL];
	return names[m];
}

size_t
assign_turn_next(const int64_t *ids, size_t n, int64_t turn)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (ids[i] > turn)
			return i;
	return 0;
}

size_t
assign_load_least(const int64_t *ids, const int64_t *open, size_t n)
{
	size_t i, best = 0;

	for (i = 1; i < n; i++)
		if (open[i] < open[best] ||
		    (open[i] == open[best] && ids[i] < ids[best]))
			best = i;
	return best;
}
