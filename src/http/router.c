/* SPDX-License-Identifier: MIT */
#include "http/router.h"

#include "app/inbound.h"
#include "http/handlers.h"
#include "util/str.h"

#include <stdio.h>
#include <string.h>

#define V1 "/api/v1"

static const struct hd_route routes[] = {
    {"GET", "/healthz", HD_PUBLIC, h_healthz},
    {"GET", "/metrics", HD_PUBLIC, h_metrics},

    {"POST", V1 "/session", HD_PUBLIC, h_session_create},
    {"DELETE", V1 "/session", HD_USER, h_session_delete},
    {"GET", V1 "/me", HD_USER, h_me},
    {"PATCH", V1 "/me", HD_USER, h_me_patch},
    {"POST", V1 "/invitations/accept", HD_PUBLIC, h_invitation_accept},
    {"POST", V1 "/password-reset", HD_PUBLIC, h_password_reset},
    {"POST", V1 "/password-reset/confirm", HD_PUBLIC, h_password_reset_confirm},
    {"POST", V1 "/tokens", HD_ADMIN, h_token_create},
    {"GET", V1 "/tokens", HD_ADMIN, h_token_list},
    {"DELETE", V1 "/tokens/{id}", HD_ADMIN, h_token_delete},
    {"GET", V1 "/settings", HD_ADMIN, h_settings_get},
    {"PATCH", V1 "/settings", HD_ADMIN, h_settings_patch},

    {"POST", V1 "/employees", HD_ADMIN, h_employee_create},
    {"GET", V1 "/employees", HD_STAFF, h_employee_list},
    {"GET", V1 "/employees/{id}", HD_ADMIN, h_employee_get},
    {"PATCH", V1 "/employees/{id}", HD_ADMIN, h_employee_patch},
    {"POST", V1 "/employees/{id}/invite", HD_ADMIN, h_employee_invite},
    {"POST", V1 "/employees/{id}/handover", HD_ADMIN, h_employee_handover},
    {"POST", V1 "/employees/{id}/absences", HD_STAFF, h_absence_create},
    {"GET", V1 "/employees/{id}/absences", HD_STAFF, h_absence_list},
    {"GET", V1 "/absences", HD_STAFF, h_absence_current},
    {"GET", V1 "/colleagues", HD_STAFF, h_colleague_list},
    {"DELETE", V1 "/absences/{id}", HD_STAFF, h_absence_delete},
    {"POST", V1 "/absences/{id}/handover", HD_STAFF, h_absence_handover},

    {"POST", V1 "/roles", HD_ADMIN, h_role_create},
    {"GET", V1 "/roles", HD_STAFF, h_role_list},
    {"GET", V1 "/roles/{id}", HD_STAFF, h_role_get},
    {"PATCH", V1 "/roles/{id}", HD_ADMIN, h_role_patch},
    {"DELETE", V1 "/roles/{id}", HD_ADMIN, h_role_delete},

    {"POST", V1 "/properties", HD_ADMIN, h_property_create},
    {"GET", V1 "/properties", HD_USER, h_property_list},
    {"GET", V1 "/properties/{id}", HD_USER, h_property_get},
    {"PATCH", V1 "/properties/{id}", HD_ADMIN, h_property_patch},
    {"POST", V1 "/properties/{id}/units", HD_ADMIN, h_unit_create},
    {"GET", V1 "/properties/{id}/units", HD_USER, h_unit_list},
    {"PATCH", V1 "/properties/{id}/units/{id}", HD_ADMIN, h_unit_patch},
    {"DELETE", V1 "/properties/{id}/units/{id}", HD_ADMIN, h_unit_delete},
    {"POST", V1 "/properties/{id}/staff", HD_ADMIN, h_staff_create},
    {"GET", V1 "/properties/{id}/staff", HD_STAFF, h_staff_list},
    {"DELETE", V1 "/properties/{id}/staff/{id}", HD_ADMIN, h_staff_delete},
    {"POST", V1 "/properties/{id}/residents", HD_ADMIN, h_resident_create},
    {"GET", V1 "/properties/{id}/residents", HD_STAFF, h_resident_list},
    {"PATCH", V1 "/properties/{id}/residents/{id}", HD_ADMIN, h_resident_patch},
    {"DELETE", V1 "/properties/{id}/residents/{id}", HD_ADMIN,
	h_resident_delete},

    {"POST", V1 "/contacts", HD_ADMIN, h_contact_create},
    {"GET", V1 "/contacts", HD_STAFF, h_contact_list},
    {"GET", V1 "/contacts/{id}", HD_STAFF, h_contact_get},
    {"PATCH", V1 "/contacts/{id}", HD_ADMIN, h_contact_patch},
    {"POST", V1 "/contacts/{id}/invite", HD_ADMIN, h_contact_invite},

    {"POST", V1 "/process-types", HD_ADMIN, h_ptype_create},
    {"GET", V1 "/process-types", HD_USER, h_ptype_list},
    {"GET", V1 "/process-types/{id}", HD_USER, h_ptype_get},
    {"PATCH", V1 "/process-types/{id}", HD_ADMIN, h_ptype_patch},

    {"POST", V1 "/processes", HD_USER, h_process_create},
    {"GET", V1 "/processes", HD_USER, h_process_list},
    {"GET", V1 "/processes/count", HD_USER, h_process_count},
    {"GET", V1 "/processes/unread", HD_STAFF, h_process_unread},
    {"POST", V1 "/processes/bulk", HD_STAFF, h_process_bulk},
    {"POST", V1 "/processes/{id}/seen", HD_STAFF, h_process_seen},
    {"GET", V1 "/processes/{id}", HD_USER, h_process_get},
    {"GET", V1 "/processes/{id}/reporter", HD_STAFF, h_process_reporter},
    {"PATCH", V1 "/processes/{id}", HD_USER, h_process_patch},
    {"POST", V1 "/processes/{id}/reroute", HD_USER, h_process_reroute},
    {"GET", V1 "/processes/{id}/route-preview", HD_USER,
	h_process_route_preview},
    {"POST", V1 "/processes/{id}/comments", HD_USER, h_comment_create},
    {"GET", V1 "/processes/{id}/comments", HD_USER, h_comment_list},
    {"POST", V1 "/processes/{id}/attachments", HD_USER, h_attachment_create},
    {"GET", V1 "/processes/{id}/attachments", HD_USER, h_attachment_list},
    {"GET", V1 "/attachments/{id}", HD_USER, h_attachment_get},
    {"DELETE", V1 "/attachments/{id}", HD_STAFF, h_attachment_delete},

    {"GET", V1 "/mail", HD_ADMIN, h_mail_list},
    {"POST", V1 "/mail/resend", HD_ADMIN, h_mail_resend_all},
    {"POST", V1 "/mail/{id}/resend", HD_ADMIN, h_mail_resend},
    /* Issue 14: inbound mail (docs/mail-in.md). */
    {"POST", V1 "/inbound-mail", HD_INTAKE, h_inbound_mail},
    {"GET", V1 "/inbound-mail/unassigned", HD_ADMIN, h_unassigned_list},
    {"GET", V1 "/inbound-mail/unassigned/{id}", HD_ADMIN, h_unassigned_get},
    {"POST", V1 "/inbound-mail/unassigned/{id}", HD_ADMIN,
	h_unassigned_complete},
    {"POST", V1 "/mailboxes", HD_ADMIN, h_mailbox_create},
    {"GET", V1 "/mailboxes", HD_ADMIN, h_mailbox_list},
    {"GET", V1 "/mailboxes/{id}", HD_ADMIN, h_mailbox_get},
    {"PATCH", V1 "/mailboxes/{id}", HD_ADMIN, h_mailbox_patch},
    {"DELETE", V1 "/mailboxes/{id}", HD_ADMIN, h_mailbox_delete},
};

/* Matches path against pattern segment by segment; {id} takes a positive
 * decimal id of at most 18 digits. */
static bool
match(const char *pattern, const char *path, int64_t ids[2])
{
	int n = 0;

	while (*pattern && *path) {
		if (*pattern == '{' && strncmp(pattern, "{id}", 4) == 0) {
			char num[20];
			size_t len = strcspn(path, "/");

			if (len == 0 || len >= sizeof(num) || n >= 2)
				return false;
			memcpy(num, path, len);
			num[len] = '\0';
			if (!hd_parse_i64(num, 1, INT64_MAX, &ids[n]) ||
			    num[0] == '-')
				return false;
			n++;
			pattern += 4;
			path += len;
			continue;
		}
		if (*pattern != *path)
			return false;
		pattern++;
		path++;
	}
	/* Allow one trailing slash. */
	if (*path == '/' && path[1] == '\0')
		path++;
	return *pattern == '\0' && *path == '\0';
}

const struct hd_route *
hd_route_find(
    const char *method, const char *path, int64_t ids[2], bool *path_known)
{
	size_t i;

	*path_known = false;
	for (i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
		int64_t tmp[2] = {0, 0};

		if (!match(routes[i].pattern, path, tmp))
			continue;
		if (strcmp(routes[i].method, method) == 0 ||
		    (strcmp(method, "HEAD") == 0 &&
			strcmp(routes[i].method, "GET") == 0)) {
			ids[0] = tmp[0];
			ids[1] = tmp[1];
			return &routes[i];
		}
		*path_known = true;
	}
	return NULL;
}

void
hd_route_allow(const char *path, char *buf, size_t n)
{
	size_t i, len = 0;

	if (n == 0)
		return;
	buf[0] = '\0';
	for (i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
		int64_t tmp[2] = {0, 0};
		const char *m = routes[i].method;
		bool get = strcmp(m, "GET") == 0;
		int w;

		if (!match(routes[i].pattern, path, tmp))
			continue;
		/* HEAD is answered wherever GET is. */
		w = snprintf(buf + len, n - len, "%s%s%s", len ? ", " : "", m,
		    get ? ", HEAD" : "");
		if (w < 0 || (size_t)w >= n - len) {
			buf[len] = '\0'; /* cut at the last whole method */
			return;
		}
		len += (size_t)w;
	}
}

bool
hd_route_streams(const struct hd_route *route)
{
	return route->fn == h_attachment_create;
}

/* Routes whose body is bytes of any type, not JSON, and their limits.
 */
static const struct {
	const char *method, *pattern;
	size_t max;
} raw_routes[] = {
    {"POST", V1 "/inbound-mail", APP_INBOUND_MAX},
};

size_t
hd_route_raw_max(const char *method, const char *path)
{
	size_t i;

	for (i = 0; i < sizeof(raw_routes) / sizeof(raw_routes[0]); i++) {
		int64_t tmp[2] = {0, 0};

		if (strcmp(raw_routes[i].method, method) == 0 &&
		    match(raw_routes[i].pattern, path, tmp))
			return raw_routes[i].max;
	}
	return 0;
}
