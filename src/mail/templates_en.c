/* SPDX-License-Identifier: MIT */
/* The English phrases of the mails, as an English-speaking property
 * manager writes them. Names, roles and properties are data and stay as
 * entered. There is no English reply to staff yet (reply_*: NULL). */
#include "mail/templates_int.h"

const struct tpl_lang tpl_en = {
    .hello = "Hello,\n\n",
    .hello_fmt = "Hello %s,\n\n",
    .sign_fmt = "\nKind regards\n"
		"%s\n"
		"\n"
		"This email was sent automatically by hausdesk.\n",
    .fields_fmt = "Number:       %s\n"
		  "Case type:    %s\n"
		  "Property:     %s\n",
    .unit_fmt = "Unit:         %s\n",
    .reporter_fmt = "Reported by:  %s\n",
    .subject_fmt = "Subject:      %s\n\nDescription:\n",
    .att_none = "Attachments:  none\n",
    .att_fmt = "Attachments:  %lld %s (on the request)\n",
    .att_one = "file",
    .att_many = "files",
    .quote_fmt = " \u201c%s\u201d",
    .to_case = "Open the case:",
    .to_portal = "You can follow your request in the customer portal:",

    .assigned_subj = "New case",
    .assigned_fmt = "Case %s has been assigned to you.\n\n",
    .assigned_reason_fmt = "\nYou are receiving this email because you are "
			   "responsible:\n%s\n",
    .unrouted_subj = "Unassigned case",
    .unrouted_fmt = "Nobody responsible could be found for case %s, so it "
		    "has been\nassigned to you and is listed under "
		    "\u201cUnassigned\u201d.\n",
    .unrouted_why_fmt = "\nReason:\n%s\n",
    .unrouted_link = "Please review the case and assign it to the right "
		     "person:",
    .receipt_subj = "We have received your request",
    .receipt_fmt = "We have received your request %s and passed it on to "
		   "the\nstaff responsible.\n\n",
    .receipt_quote_fmt = "\nPlease quote the number %s in any reply.\n",
    .comment_subj = "New message about your request",
    .comment_by_fmt = "%s wrote about case %s",
    .comment_anon_fmt = "There is a new message about case %s",
    .comment_by_end = ":\n\n",
    .comment_anon_end = ":\n\n",
    .reminder_subj = {"Reminder", "Escalation"},
    .reminder_fmt = "Case %s has had no response for %lld hours: nobody has "
		    "replied\nor changed its status.%s\n\n",
    .reminder_more = {"\nPlease deal with it, or hand it on.",
	" The staff responsible were reminded before.\nPlease make sure "
	"somebody deals with it."},
    .status_words = {"is waiting for your reply", "has been resolved",
	"has been closed"},
    .status_subj_fmt = "Your request %s",
    .status_fmt = "your request %s",
    .status_waiting = "Please reply to us in the customer portal.\n",
    .status_by_fmt = "\n%s writes:\n\n",
    .status_anon = "\nThe note with it:\n\n",
    .status_quote_fmt = "\nPlease quote the number %s if you get in touch.\n",
    .reset_subj = "Reset your password – ",
    .reset_org_max = 200,
    .reset_fmt = "we were asked to reset the password of your account "
		 "with\n%s.\n",
    .reset_link = "Use this link to choose a new password:",
    .reset_valid = "\nThe link is valid for 1 hour. If you did not ask for "
		   "this, you can\nignore this email; your password stays "
		   "as it is.\n",
};
