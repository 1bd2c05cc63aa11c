/* SPDX-License-Identifier: MIT */
/*
 * The phrases of the mails, German beside English: German formal "Sie",
 * short and concrete; English as an English-speaking property manager
 * writes it. Names, roles and properties are data and stay as entered.
 * There is no English reply to staff and no English invitation yet
 * (NULL).
 */
#include "mail/templates_int.h"

#include <stddef.h>

/* Must match HD_INVITE_TTL and HD_RESET_TTL in store/token.h. */
#define INVITE_VALIDITY "72 Stunden"
#define RESET_VALIDITY "1 Stunde"
#define INVITE_VALID                                                           \
	"\nDer Link ist " INVITE_VALIDITY " gültig. Falls Sie diese "         \
	"Einladung nicht\nerwartet haben, können Sie diese E-Mail "           \
	"ignorieren.\n"

const struct tpl_words tpl_words = {
    .hello = {"Guten Tag,\n\n", "Hello,\n\n"},
    .hello_fmt = {"Guten Tag %s,\n\n", "Hello %s,\n\n"},
    .sign_fmt = {"\nMit freundlichen Grüßen\n"
		 "%s\n"
		 "\n"
		 "Diese E-Mail wurde automatisch von hausdesk versandt.\n",
	"\nKind regards\n"
	"%s\n"
	"\n"
	"This email was sent automatically by hausdesk.\n"},
    .fields_fmt = {"Nummer:        %s\n"
		   "Vorgangstyp:   %s\n"
		   "Liegenschaft:  %s\n",
	"Number:       %s\n"
	"Case type:    %s\n"
	"Property:     %s\n"},
    .unit_fmt = {"Einheit:       %s\n", "Unit:         %s\n"},
    .reporter_fmt = {"Gemeldet von:  %s\n", "Reported by:  %s\n"},
    .subject_fmt = {"Betreff:       %s\n\nBeschreibung:\n",
	"Subject:      %s\n\nDescription:\n"},
    .att_none = {"Anhänge:      keine\n", "Attachments:  none\n"},
    .att_fmt = {"Anhänge:      %lld %s (im Vorgang)\n",
	"Attachments:  %lld %s (on the request)\n"},
    .att_one = {"Datei", "file"},
    .att_many = {"Dateien", "files"},
    .quote_fmt = {" „%s“", " \u201c%s\u201d"},
    .to_case = {"Zum Vorgang:", "Open the case:"},
    .to_portal = {"Den Stand Ihrer Anfrage sehen Sie im Kundenportal:",
	"You can follow your request in the customer portal:"},
    .assigned_subj = {"Neuer Vorgang", "New case"},
    .assigned_fmt = {"Ihnen wurde der Vorgang %s zugeordnet.\n\n",
	"Case %s has been assigned to you.\n\n"},
    .assigned_reason_fmt =
	{"\nSie erhalten diese E-Mail, weil Sie zuständig sind:\n%s\n",
	    "\nYou are receiving this email because you are "
	    "responsible:\n%s\n"},
    .unrouted_subj = {"Nicht zugeordneter Vorgang", "Unassigned case"},
    .unrouted_fmt =
	{"für den Vorgang %s wurde kein zuständiger Mitarbeiter\n"
	 "gefunden. Er wurde deshalb Ihnen zugeordnet und steht in der "
	 "Liste\n„Nicht zugeordnet“.\n",
	    "Nobody responsible could be found for case %s, so it "
	    "has been\nassigned to you and is listed under "
	    "\u201cUnassigned\u201d.\n"},
    .unrouted_why_fmt = {"\nGrund:\n%s\n", "\nReason:\n%s\n"},
    .unrouted_link = {"Bitte prüfen Sie den Vorgang und ordnen Sie ihn zu:",
	"Please review the case and assign it to the right "
	"person:"},
    .receipt_subj = {"Ihre Anfrage ist eingegangen",
	"We have received your request"},
    .receipt_fmt = {"Ihre Anfrage %s ist eingegangen. Wir haben die "
		    "zuständigen\nMitarbeiter informiert.\n\n",
	"We have received your request %s and passed it on to "
	"the\nstaff responsible.\n\n"},
    .receipt_quote_fmt = {"\nBitte geben Sie bei Rückfragen die Nummer %s "
			  "an.\n",
	"\nPlease quote the number %s in any reply.\n"},
    .comment_subj = {"Neue Nachricht zu Ihrer Anfrage",
	"New message about your request"},
    .comment_by_fmt = {"%s hat zum Vorgang %s", "%s wrote about case %s"},
    .comment_anon_fmt = {"es gibt eine neue Nachricht zum Vorgang %s",
	"There is a new message about case %s"},
    .comment_by_end = {" geschrieben:\n\n", ":\n\n"},
    .comment_anon_end = {":\n\n", ":\n\n"},
    .reply_subj = {"Neue Antwort", NULL},
    .reply_by = {"Neue Antwort von ", NULL},
    .reply_about = {" zu „", NULL},
    .reply_about_end = {"“", NULL},
    .reminder_subj = {{"Erinnerung", "Eskalation"}, {"Reminder", "Escalation"}},
    .reminder_fmt = {"auf den Vorgang %s hat seit %lld Stunden niemand "
		     "reagiert: keine\nAntwort, keine Änderung des "
		     "Status.%s\n\n",
	"Case %s has had no response for %lld hours: nobody has "
	"replied\nor changed its status.%s\n\n"},
    .reminder_more = {{"\nBitte bearbeiten Sie ihn oder geben Sie ihn weiter.",
			  " Die Zuständigen wurden bereits erinnert.\nBitte "
			  "sorgen Sie "
			  "dafür, dass er bearbeitet wird."},
	{"\nPlease deal with it, or hand it on.",
	    " The staff responsible were reminded before.\nPlease make sure "
	    "somebody deals with it."}},
    .status_words = {{"wartet auf Ihre Rückmeldung", "ist erledigt",
			 "ist abgeschlossen"},
	{"is waiting for your reply", "has been resolved", "has been closed"}},
    .status_subj_fmt = {"Ihre Anfrage %s", "Your request %s"},
    .status_fmt = {"Ihre Anfrage %s", "your request %s"},
    .status_waiting = {"Bitte antworten Sie uns im Kundenportal.\n",
	"Please reply to us in the customer portal.\n"},
    .status_by_fmt = {"\n%s schreibt dazu:\n\n", "\n%s writes:\n\n"},
    .status_anon = {"\nDazu wurde geschrieben:\n\n", "\nThe note with it:\n\n"},
    .status_quote_fmt = {"\nBitte geben Sie bei Rückfragen die Nummer %s "
			 "an.\n",
	"\nPlease quote the number %s if you get in touch.\n"},
    .account_subj = {{"Einladung zu hausdesk – ",
			 "Einladung zum Kundenportal – ",
			 "Passwort zurücksetzen – "},
	{NULL, NULL, "Reset your password – "}},
    .account_org_max = {SUBJECT_WORD_MAX, 200},
    .account_fmt = {{"%s hat Sie zu hausdesk eingeladen. Dort bearbeiten Sie\n"
		     "die Vorgänge, für die Sie zuständig sind.\n",
			"%s lädt Sie zum Kundenportal ein. Dort können Sie\n"
			"Anfragen stellen, Schäden melden und den Stand Ihrer\n"
			"Anfragen verfolgen.\n",
			"für Ihr Konto bei %s wurde angefordert, das Passwort\n"
			"zurückzusetzen.\n"},
	{NULL, NULL,
	    "we were asked to reset the password of your account "
	    "with\n%s.\n"}},
    .account_link = {{"Bitte legen Sie über diesen Link Ihr Passwort fest:",
			 "Bitte legen Sie über diesen Link Ihr Passwort fest:",
			 "Über diesen Link legen Sie ein neues Passwort fest:"},
	{NULL, NULL, "Use this link to choose a new password:"}},
    .account_valid = {{INVITE_VALID, INVITE_VALID,
			  "\nDer Link ist " RESET_VALIDITY " gültig. Falls Sie "
			  "das nicht angefordert haben,\nkönnen Sie diese "
			  "E-Mail ignorieren; Ihr Passwort bleibt dann "
			  "unverändert.\n"},
	{NULL, NULL,
	    "\nThe link is valid for 1 hour. If you did not ask for "
	    "this, you can\nignore this email; your password stays "
	    "as it is.\n"}},
};
