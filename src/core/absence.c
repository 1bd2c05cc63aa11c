/* SPDX-License-Identifier: MIT */
#include "core/absence.h"

enum hd_status
absence_entry_check(const struct absence *a, const char **field)
{
	*field = NULL;
	if (a->ends_on < a->starts_on) {
		*field = "ends_on";
		return HD_EINVAL;
	}
	if (a->substitute_id != 0 && a->substitute_id == a->employee_id) {
		*field = "substitute_id";
		return HD_EINVAL;
	}
	return HD_OK;
}

bool
absence_day_covers(const struct absence *a, int32_t day)
{
	return a->starts_on <= day && day <= a->ends_on;
}

/* True when a is a better answer than b for the same day. */
static bool
better(const struct absence *a, const struct absence *b)
{
	if ((a->substitute_id != 0) != (b->substitute_id != 0))
		return a->substitute_id != 0;
	return a->starts_on >= b->starts_on;
}

const struct absence *
absence_list_find(const struct absence *list, size_t n, int64_t employee_id,
    int32_t day, int32_t *until)
{
	const struct absence *found = NULL;
	int32_t end = 0;
	bool grew;
	size_t i;

	for (i = 0; i < n; i++) {
		if (list[i].employee_id != employee_id ||
		    !absence_day_covers(&list[i], day))
			continue;
		if (found == NULL || list[i].ends_on > end)
			end = list[i].ends_on;
		if (found == NULL || better(&list[i], found))
			found = &list[i];
	}
	if (found == NULL)
		return NULL;
	/* Each pass takes in at least one more absence or stops: at most n
	 * passes. */
	do {
		grew = false;
		for (i = 0; i < n; i++)
			if (list[i].employee_id == employee_id &&
			    list[i].starts_on <= end + 1 &&
			    list[i].ends_on > end) {
				end = list[i].ends_on;
				grew = true;
			}
	} while (grew);
	if (until != NULL)
		*until = end;
	return found;
}

bool
absence_list_overlaps(
    const struct absence *list, size_t n, const struct absence *a)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (list[i].id != a->id &&
		    list[i].employee_id == a->employee_id &&
		    list[i].starts_on <= a->ends_on &&
		    a->starts_on <= list[i].ends_on)
			return true;
	return false;
}
