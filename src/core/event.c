/* SPDX-License-Identifier: MIT */
#include "core/event_int.h"

#include <stdlib.h>
#include <string.h>

static const char *const code_names[EVENT_CODE_COUNT] = {
    [EVENT_LEGACY] = "legacy",
    [EVENT_CREATED] = "created",
    [EVENT_STATUS] = "status",
    [EVENT_ROUTED] = "routed",
    [EVENT_FALLBACK] = "fallback",
    [EVENT_ADMIN] = "admin",
    [EVENT_UNROUTED] = "unrouted",
    [EVENT_MANUAL] = "manual",
    [EVENT_REOPENED] = "reopened",
    [EVENT_CHANGED] = "changed",
    [EVENT_REMINDER] = "reminder",
    [EVENT_ESCALATED] = "escalated",
    [EVENT_HANDOVER] = "handover",
    [EVENT_ATTACHMENT_DROPPED] = "attachment_dropped",
    [EVENT_ATTACHMENT_DELETED] = "attachment_deleted",
};

void
event_init(struct event *ev, enum event_code code)
{
	memset(ev, 0, sizeof(*ev));
	ev->code = code;
}

void
event_cleanup(struct event *ev)
{
	if (ev == NULL)
		return;
	free(ev->mem);
	memset(ev, 0, sizeof(*ev));
}

const char *
event_code_name(enum event_code code)
{
	if ((unsigned)code >= EVENT_CODE_COUNT)
		return NULL;
	return code_names[code];
}

bool
event_code_parse(const char *s, enum event_code *out)
{
	unsigned i;

	for (i = 0; s != NULL && i < EVENT_CODE_COUNT; i++)
		if (strcmp(s, code_names[i]) == 0) {
			*out = (enum event_code)i;
			return true;
		}
	return false;
}

bool
event_values_valid(const struct event *ev)
{
	if ((unsigned)ev->code >= EVENT_CODE_COUNT ||
	    ev->n_roles > EVENT_ROLES_MAX || ev->n_absent > EVENT_NAMES_MAX ||
	    ev->n_names > EVENT_NAMES_MAX ||
	    ev->n_cause_roles > EVENT_ROLES_MAX)
		return false;
	switch (ev->code) {
	case EVENT_STATUS:
		return (unsigned)ev->from <= HD_PS_CLOSED &&
		       (unsigned)ev->to <= HD_PS_CLOSED;
	case EVENT_CHANGED:
		return (unsigned)ev->field <= FIELD_SUBJECT;
	case EVENT_FALLBACK:
	case EVENT_ADMIN:
	case EVENT_UNROUTED:
		return (unsigned)ev->cause <= CAUSE_AWAY_OR_INACTIVE;
	default:
		return true;
	}
}

void
event_size_add(struct text *t, int64_t bytes, char comma)
{
	int64_t tenths;
	char sep[2] = {comma, '\0'};

	if (bytes < 0)
		bytes = 0;
	if (bytes < 1048576) {
		text_add_int(t, (bytes + 1023) / 1024);
		text_add(t, " KB");
		return;
	}
	/* In KB first: bytes * 10 could overflow, bytes / 1024 * 10 not. */
	tenths = (bytes / 1024 * 10 + 512) / 1024;
	text_add_int(t, tenths / 10);
	if (tenths % 10 != 0) {
		text_add(t, sep);
		text_add_int(t, tenths % 10);
	}
	text_add(t, " MB");
}

enum hd_status
event_render(const struct event *ev, enum hd_lang lang, char *buf, size_t n)
{
	if (lang == HD_LANG_EN)
		return event_en_render(ev, buf, n);
	return event_de_render(ev, buf, n);
}
