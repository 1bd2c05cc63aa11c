/* SPDX-License-Identifier: MIT */
/* The German phrases of the mails (formal "Sie", short and concrete). */
#include "mail/templates_int.h"

/* Must match HD_RESET_TTL in store/token.h. */
#define RESET_VALIDITY "1 Stunde"

const struct tpl_lang tpl_de = {
    .hello = "Guten Tag,\n\n",
    .hello_fmt = "Guten Tag %s,\n\n",
    .sign_fmt = "\nMit freundlichen Grüßen\n"
		"%s\n"
		"\n"
		"Diese E-Mail wurde automatisch von hausdesk versandt.\n",
    .fields_fmt = "Nummer:        %s\n"
		  "Vorgangstyp:   %s\n"
		  "Liegenschaft:  %s\n",
    .unit_fmt = "Einheit:       %s\n",
    .reporter_fmt = "Gemeldet von:  %s\n",
    .subject_fmt = "Betreff:       %s\n\nBeschreibung:\n",
    .att_none = "Anhänge:      keine\n",
    .att_fmt = "Anhänge:      %lld %s (im Vorgang)\n",
    .att_one = "Datei",
    .att_many = "Dateien",
    .quote_fmt = " „%s“",
    .to_case = "Zum Vorgang:",
    .to_portal = "Den Stand Ihrer Anfrage sehen Sie im Kundenportal:",

    .assigned_subj = "Neuer Vorgang",
    .assigned_fmt = "Ihnen wurde der Vorgang %s zugeordnet.\n\n",
    .assigned_reason_fmt =
	"\nSie erhalten diese E-Mail, weil Sie zuständig sind:\n%s\n",
    .unrouted_subj = "Nicht zugeordneter Vorgang",
    .unrouted_fmt =
	"für den Vorgang %s wurde kein zuständiger Mitarbeiter\n"
	"gefunden. Er wurde deshalb Ihnen zugeordnet und steht in der "
	"Liste\n„Nicht zugeordnet“.\n",
    .unrouted_why_fmt = "\nGrund:\n%s\n",
    .unrouted_link = "Bitte prüfen Sie den Vorgang und ordnen Sie ihn zu:",
    .receipt_subj = "Ihre Anfrage ist eingegangen",
    .receipt_fmt = "Ihre Anfrage %s ist eingegangen. Wir haben die "
		   "zuständigen\nMitarbeiter informiert.\n\n",
    .receipt_quote_fmt = "\nBitte geben Sie bei Rückfragen die Nummer %s "
			 "an.\n",
    .comment_subj = "Neue Nachricht zu Ihrer Anfrage",
    .comment_by_fmt = "%s hat zum Vorgang %s",
    .comment_anon_fmt = "es gibt eine neue Nachricht zum Vorgang %s",
    .comment_by_end = " geschrieben:\n\n",
    .comment_anon_end = ":\n\n",
    .reply_subj = "Neue Antwort",
    .reply_by = "Neue Antwort von ",
    .reply_about = " zu „",
    .reply_about_end = "“",
    .reminder_subj = {"Erinnerung", "Eskalation"},
    .reminder_fmt = "auf den Vorgang %s hat seit %lld Stunden niemand "
		    "reagiert: keine\nAntwort, keine Änderung des "
		    "Status.%s\n\n",
    .reminder_more = {"\nBitte bearbeiten Sie ihn oder geben Sie ihn weiter.",
	" Die Zuständigen wurden bereits erinnert.\nBitte sorgen Sie "
	"dafür, dass er bearbeitet wird."},
    .status_words = {"wartet auf Ihre Rückmeldung", "ist erledigt",
	"ist abgeschlossen"},
    .status_subj_fmt = "Ihre Anfrage %s",
    .status_fmt = "Ihre Anfrage %s",
    .status_waiting = "Bitte antworten Sie uns im Kundenportal.\n",
    .status_by_fmt = "\n%s schreibt dazu:\n\n",
    .status_anon = "\nDazu wurde geschrieben:\n\n",
    .status_quote_fmt = "\nBitte geben Sie bei Rückfragen die Nummer %s "
			"an.\n",
    .reset_subj = "Passwort zurücksetzen – ",
    .reset_org_max = SUBJECT_WORD_MAX,
    .reset_fmt = "für Ihr Konto bei %s wurde angefordert, das Passwort\n"
		 "zurückzusetzen.\n",
    .reset_link = "Über diesen Link legen Sie ein neues Passwort fest:",
    .reset_valid = "\nDer Link ist " RESET_VALIDITY " gültig. Falls Sie "
		   "das nicht angefordert haben,\nkönnen Sie diese E-Mail "
		   "ignorieren; Ihr Passwort bleibt dann unverändert.\n",
};
