/* SPDX-License-Identifier: MIT */
#ifndef HD_HANDLERS_H
#define HD_HANDLERS_H

#include "http/http.h"
#include "store/archive.h"

/* One handler per route; each file h_<resource>.c holds its resource. */

/* h_session.c: login, logout, me, invitations, password reset */
void h_session_create(struct hd_req *r, struct hd_resp *w);
void h_session_delete(struct hd_req *r, struct hd_resp *w);
void h_me(struct hd_req *r, struct hd_resp *w);
void h_me_patch(struct hd_req *r, struct hd_resp *w);
void h_invitation_accept(struct hd_req *r, struct hd_resp *w);
void h_password_reset(struct hd_req *r, struct hd_resp *w);
void h_password_reset_confirm(struct hd_req *r, struct hd_resp *w);

/* h_tokens.c: API tokens */
void h_token_create(struct hd_req *r, struct hd_resp *w);
void h_token_list(struct hd_req *r, struct hd_resp *w);
void h_token_delete(struct hd_req *r, struct hd_resp *w);

/* h_employees.c */
void h_employee_create(struct hd_req *r, struct hd_resp *w);
void h_employee_list(struct hd_req *r, struct hd_resp *w);
void h_employee_get(struct hd_req *r, struct hd_resp *w);
void h_employee_patch(struct hd_req *r, struct hd_resp *w);
void h_employee_invite(struct hd_req *r, struct hd_resp *w);
void h_settings_get(struct hd_req *r, struct hd_resp *w);
void h_settings_patch(struct hd_req *r, struct hd_resp *w);

/* h_absences.c: absences with a substitute, the hand-over */
void h_absence_create(struct hd_req *r, struct hd_resp *w);
void h_absence_list(struct hd_req *r, struct hd_resp *w);
void h_absence_current(struct hd_req *r, struct hd_resp *w);
void h_absence_delete(struct hd_req *r, struct hd_resp *w);
void h_absence_handover(struct hd_req *r, struct hd_resp *w);
void h_colleague_list(struct hd_req *r, struct hd_resp *w);

/* h_roles.c */
void h_role_create(struct hd_req *r, struct hd_resp *w);
void h_role_list(struct hd_req *r, struct hd_resp *w);
void h_role_get(struct hd_req *r, struct hd_resp *w);
void h_role_patch(struct hd_req *r, struct hd_resp *w);
void h_role_delete(struct hd_req *r, struct hd_resp *w);

/* h_properties.c: properties, units, staff, residents */
void h_property_create(struct hd_req *r, struct hd_resp *w);
void h_property_list(struct hd_req *r, struct hd_resp *w);
void h_property_get(struct hd_req *r, struct hd_resp *w);
void h_property_patch(struct hd_req *r, struct hd_resp *w);
void h_unit_create(struct hd_req *r, struct hd_resp *w);
void h_unit_list(struct hd_req *r, struct hd_resp *w);
void h_staff_create(struct hd_req *r, struct hd_resp *w);
void h_staff_list(struct hd_req *r, struct hd_resp *w);
void h_staff_delete(struct hd_req *r, struct hd_resp *w);
void h_resident_create(struct hd_req *r, struct hd_resp *w);
void h_resident_list(struct hd_req *r, struct hd_resp *w);
void h_resident_patch(struct hd_req *r, struct hd_resp *w);
void h_resident_delete(struct hd_req *r, struct hd_resp *w);
void h_unit_patch(struct hd_req *r, struct hd_resp *w);
void h_unit_delete(struct hd_req *r, struct hd_resp *w);
/* ?archived=true|false into *archived (false when absent); 422 else. */
bool h_archive_query(struct hd_req *r, struct hd_resp *w, bool *archived);
/* A PATCH with "archived" (alone): archives or restores r->id[0] as
 * what (noun for the 404); *done then, and the caller answers the
 * object. False when it answered an error. */
bool h_archive_patch(struct hd_req *r, struct hd_resp *w,
    enum store_archivable what, const char *noun, bool *done);

/* h_contacts.c */
void h_contact_create(struct hd_req *r, struct hd_resp *w);
void h_contact_list(struct hd_req *r, struct hd_resp *w);
void h_contact_get(struct hd_req *r, struct hd_resp *w);
void h_contact_patch(struct hd_req *r, struct hd_resp *w);
void h_contact_invite(struct hd_req *r, struct hd_resp *w);

/* h_ptypes.c */
void h_ptype_create(struct hd_req *r, struct hd_resp *w);
void h_ptype_list(struct hd_req *r, struct hd_resp *w);
void h_ptype_get(struct hd_req *r, struct hd_resp *w);
void h_ptype_patch(struct hd_req *r, struct hd_resp *w);

/* h_processes.c */
void h_process_create(struct hd_req *r, struct hd_resp *w);
void h_process_list(struct hd_req *r, struct hd_resp *w);
/* Reads the filters of GET /processes (status, sort, assignee,
 * property_id, type_id, unit_id, created_from, created_to, unrouted, q) from
 * the query into f, its strings borrowed from r; answers 422 naming the
 * parameter otherwise (and returns false). */
struct process_filter;
bool h_process_filter_read(
    struct hd_req *r, struct hd_resp *w, struct process_filter *f);
void h_process_get(struct hd_req *r, struct hd_resp *w);
void h_process_patch(struct hd_req *r, struct hd_resp *w);
void h_process_reroute(struct hd_req *r, struct hd_resp *w);
void h_process_route_preview(struct hd_req *r, struct hd_resp *w);
void h_comment_create(struct hd_req *r, struct hd_resp *w);
void h_comment_list(struct hd_req *r, struct hd_resp *w);

/* h_attachments.c (issue 14): upload, list, download. */
void h_attachment_create(struct hd_req *r, struct hd_resp *w);
void h_attachment_list(struct hd_req *r, struct hd_resp *w);
void h_attachment_get(struct hd_req *r, struct hd_resp *w);
void h_attachment_delete(struct hd_req *r, struct hd_resp *w);
struct MHD_Response;
/* The response of w->file (taking it), with its headers; NULL on
 * failure (the file closed). */
struct MHD_Response *hd_file_response(struct hd_file_resp *f);
/* Lets go of a file answer never sent. */
void hd_file_resp_free(struct hd_file_resp *f);
/* h_queue.c */
void h_process_count(struct hd_req *r, struct hd_resp *w);
void h_process_unread(struct hd_req *r, struct hd_resp *w);
void h_process_seen(struct hd_req *r, struct hd_resp *w);
void h_process_bulk(struct hd_req *r, struct hd_resp *w);
void h_process_reporter(struct hd_req *r, struct hd_resp *w);
void h_employee_handover(struct hd_req *r, struct hd_resp *w);

/* h_mail.c */
void h_mail_list(struct hd_req *r, struct hd_resp *w);
void h_mail_resend(struct hd_req *r, struct hd_resp *w);
void h_mail_resend_all(struct hd_req *r, struct hd_resp *w);

/* h_inbound.c: inbound mail, intake addresses, "Nicht zugeordnet". */
void h_inbound_mail(struct hd_req *r, struct hd_resp *w);
void h_unassigned_list(struct hd_req *r, struct hd_resp *w);
void h_unassigned_get(struct hd_req *r, struct hd_resp *w);
void h_unassigned_complete(struct hd_req *r, struct hd_resp *w);
void h_mailbox_create(struct hd_req *r, struct hd_resp *w);
void h_mailbox_list(struct hd_req *r, struct hd_resp *w);
void h_mailbox_get(struct hd_req *r, struct hd_resp *w);
void h_mailbox_patch(struct hd_req *r, struct hd_resp *w);
void h_mailbox_delete(struct hd_req *r, struct hd_resp *w);

/* h_ops.c */
void h_healthz(struct hd_req *r, struct hd_resp *w);
void h_metrics(struct hd_req *r, struct hd_resp *w);

#endif
