/* SPDX-License-Identifier: MIT */
#include "core/process.h"

#include <stdio.h>
#include <string.h>

static const struct {
	const char *name;
	const char *label;
} statuses[] = {
    [HD_PS_OPEN] = {"open", "neu"},
    [HD_PS_IN_PROGRESS] = {"in_progress", "in Bearbeitung"},
    [HD_PS_WAITING] = {"waiting", "wartet auf Rückmeldung"},
    [HD_PS_RESOLVED] = {"resolved", "erledigt"},
    [HD_PS_CLOSED] = {"closed", "geschlossen"},
};

bool
hd_pstatus_parse(const char *s, enum hd_pstatus *out)
{
	size_t i;

	for (i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++) {
		if (strcmp(s, statuses[i].name) == 0) {
			*out = (enum hd_pstatus)i;
			return true;
		}
	}
	return false;
}

const char *
hd_pstatus_name(enum hd_pstatus st)
{
	return statuses[st].name;
}

const char *
hd_pstatus_label(enum hd_pstatus st)
{
	return statuses[st].label;
}

bool
hd_pstatus_is_open(enum hd_pstatus st)
{
	return st != HD_PS_RESOLVED && st != HD_PS_CLOSED;
}

void
hd_process_number(int year, int64_t seq, char *buf, size_t n)
{
	snprintf(buf, n, "V-%04d-%05lld", year, (long long)seq);
}
