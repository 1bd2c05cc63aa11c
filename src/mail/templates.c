/* SPDX-License-Identifier: MIT */
#include "mail/templates.h"

#include "mail/templates_int.h"
#include "util/buf.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Must match HD_INVITE_TTL and HD_RESET_TTL in store/token.h. */
#define INVITE_VALIDITY "72 Stunden"
#define RESET_VALIDITY "1 Stunde"

const char *
tpl_opt(const char *s)
{
	return s != NULL ? s : "";
}

bool
tpl_empty(const char *s)
{
	return s == NULL || *s == '\0';
}

/*
 * Appends user text to a subject: CR/LF (a CRLF pair counts once) and other
 * control characters become spaces, and text longer than max bytes is cut
 * on a UTF-8 boundary and ends in "…".
 */
enum hd_status
tpl_subj_add(struct hd_buf *b, const char *s, size_t max)
{
	size_t n = strlen(s), i;
	bool cut = false;
	enum hd_status st;
	char c;

	if (n > max) {
		n = max;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
		cut = true;
	}
	for (i = 0; i < n; i++) {
		c = s[i];
		if (c == '\r' && i + 1 < n && s[i + 1] == '\n')
			i++;
		if ((unsigned char)c < 0x20 || c == 0x7f)
			c = ' ';
		if ((st = hd_buf_add(b, &c, 1)) != HD_OK)
			return st;
	}
	return cut ? hd_buf_adds(b, "…") : HD_OK;
}

/* "[V-2026-00007] " */
enum hd_status
tpl_subj_tag(struct hd_buf *b, const char *number)
{
	enum hd_status st;

	if ((st = hd_buf_adds(b, "[")) != HD_OK ||
	    (st = tpl_subj_add(b, number, SUBJECT_WORD_MAX)) != HD_OK)
		return st;
	return hd_buf_adds(b, "] ");
}

/* "Guten Tag Frau Huber," and an empty line. */
enum hd_status
tpl_greet_de(struct hd_buf *b, const char *name)
{
	if (tpl_empty(name))
		return hd_buf_adds(b, "Guten Tag,\n\n");
	return hd_buf_printf(b, "Guten Tag %s,\n\n", name);
}

enum hd_status
tpl_sign_de(struct hd_buf *b, const char *org_name)
{
	return hd_buf_printf(b,
	    "\nMit freundlichen Grüßen\n"
	    "%s\n"
	    "\n"
	    "Diese E-Mail wurde automatisch von hausdesk versandt.\n",
	    org_name);
}

/* User text as it is, ending with exactly the line ends it brought, plus
 * one when it had none. */
enum hd_status
tpl_add_text(struct hd_buf *b, const char *s)
{
	size_t n = strlen(s);
	enum hd_status st;

	if ((st = hd_buf_add(b, s, n)) != HD_OK)
		return st;
	if (n == 0 || s[n - 1] != '\n')
		return hd_buf_adds(b, "\n");
	return HD_OK;
}

/* The Vorgang's fields; reporter_name only for staff (the reporter knows
 * who they are). */
enum hd_status
tpl_fields_de(
    struct hd_buf *b, const struct mail_vorgang *v, bool with_reporter)
{
	enum hd_status st;

	st = hd_buf_printf(b,
	    "Nummer:        %s\n"
	    "Vorgangstyp:   %s\n"
	    "Liegenschaft:  %s\n",
	    v->number, tpl_opt(v->type_name), tpl_opt(v->property_name));
	if (st == HD_OK && !tpl_empty(v->unit_label))
		st = hd_buf_printf(b, "Einheit:       %s\n", v->unit_label);
	if (st == HD_OK && with_reporter)
		st = hd_buf_printf(
		    b, "Gemeldet von:  %s\n", tpl_opt(v->reporter_name));
	if (st == HD_OK)
		st = hd_buf_printf(b, "Betreff:       %s\n\nBeschreibung:\n",
		    tpl_opt(v->subject));
	if (st == HD_OK)
		st = tpl_add_text(b, tpl_opt(v->description));
	if (st == HD_OK && with_reporter) {
		char line[MAIL_ATT_LINE_MAX];

		mail_tpl_attachments_line(v->n_attachments, line);
		st = hd_buf_printf(b, "\n%s", line);
	}
	return st;
}

void
mail_tpl_attachments_line(long long n, char *buf)
{
	if (n <= 0)
		snprintf(buf, MAIL_ATT_LINE_MAX, "Anhänge:      keine\n");
	else
		snprintf(buf, MAIL_ATT_LINE_MAX,
		    "Anhänge:      %lld %s (im Vorgang)\n", n,
		    n == 1 ? "Datei" : "Dateien");
}

/* A link on its own line after a lead-in line. */
enum hd_status
tpl_add_link(struct hd_buf *b, const char *lead, const char *link)
{
	return hd_buf_printf(b, "\n%s\n%s\n", lead, link);
}

/* Hands both buffers to out, or leaves out empty. */
enum hd_status
tpl_finish(struct mail_text *out, struct hd_buf *subj, struct hd_buf *body,
    enum hd_status st)
{
	if (st == HD_OK)
		st = hd_buf_take(subj, &out->subject, NULL);
	if (st == HD_OK)
		st = hd_buf_take(body, &out->body, NULL);
	if (st != HD_OK)
		mail_text_cleanup(out);
	hd_buf_cleanup(subj);
	hd_buf_cleanup(body);
	return st;
}

void
tpl_start(struct mail_text *out, struct hd_buf *subj, struct hd_buf *body)
{
	out->subject = NULL;
	out->body = NULL;
	hd_buf_init(subj, SUBJECT_MAX);
	hd_buf_init(body, BODY_MAX);
}

bool
tpl_vorgang_ok(const struct mail_vorgang *v)
{
	return v != NULL && !tpl_empty(v->org_name) && !tpl_empty(v->number) &&
	       !tpl_empty(v->link);
}

/* "Einladung zu hausdesk – ABC Hausverwaltung" and friends. */
static enum hd_status
subj_org(struct hd_buf *b, const char *what, const char *org_name)
{
	enum hd_status st;

	if ((st = hd_buf_adds(b, what)) != HD_OK ||
	    (st = hd_buf_adds(b, " – ")) != HD_OK)
		return st;
	return tpl_subj_add(b, org_name, SUBJECT_WORD_MAX);
}

/* Invitation (employee or contact): who invites, what to do, how long. */
static enum hd_status
invite(struct mail_text *out, const char *org_name, const char *name,
    const char *link, bool employee)
{
	struct hd_buf subj, body;
	enum hd_status st;

	if (out == NULL)
		return HD_EINVAL;
	tpl_start(out, &subj, &body);
	if (tpl_empty(org_name) || tpl_empty(link))
		return tpl_finish(out, &subj, &body, HD_EINVAL);
	st = subj_org(&subj,
	    employee ? "Einladung zu hausdesk" : "Einladung zum Kundenportal",
	    org_name);
	if (st == HD_OK)
		st = tpl_greet_de(&body, name);
	if (st == HD_OK && employee)
		st = hd_buf_printf(&body,
		    "%s hat Sie zu hausdesk eingeladen. Dort bearbeiten Sie\n"
		    "die Vorgänge, für die Sie zuständig sind.\n",
		    org_name);
	else if (st == HD_OK)
		st = hd_buf_printf(&body,
		    "%s lädt Sie zum Kundenportal ein. Dort können Sie\n"
		    "Anfragen stellen, Schäden melden und den Stand Ihrer\n"
		    "Anfragen verfolgen.\n",
		    org_name);
	if (st == HD_OK)
		st = tpl_add_link(&body,
		    "Bitte legen Sie über diesen Link Ihr Passwort fest:",
		    link);
	if (st == HD_OK)
		st = hd_buf_adds(&body,
		    "\nDer Link ist " INVITE_VALIDITY " gültig. Falls Sie "
		    "diese Einladung nicht\nerwartet haben, können Sie diese "
		    "E-Mail ignorieren.\n");
	if (st == HD_OK)
		st = tpl_sign_de(&body, org_name);
	return tpl_finish(out, &subj, &body, st);
}

enum hd_status
mail_tpl_invite_employee(struct mail_text *out, const char *org_name,
    const char *name, const char *link)
{
	return invite(out, org_name, name, link, true);
}

enum hd_status
mail_tpl_invite_contact(struct mail_text *out, const char *org_name,
    const char *name, const char *link)
{
	return invite(out, org_name, name, link, false);
}

enum hd_status
mail_tpl_password_reset(struct mail_text *out, const char *org_name,
    const char *name, const char *link)
{
	struct hd_buf subj, body;
	enum hd_status st;

	if (out == NULL)
		return HD_EINVAL;
	tpl_start(out, &subj, &body);
	if (tpl_empty(org_name) || tpl_empty(link))
		return tpl_finish(out, &subj, &body, HD_EINVAL);
	st = subj_org(&subj, "Passwort zurücksetzen", org_name);
	if (st == HD_OK)
		st = tpl_greet_de(&body, name);
	if (st == HD_OK)
		st = hd_buf_printf(&body,
		    "für Ihr Konto bei %s wurde angefordert, das Passwort\n"
		    "zurückzusetzen.\n",
		    org_name);
	if (st == HD_OK)
		st = tpl_add_link(&body,
		    "Über diesen Link legen Sie ein neues Passwort fest:",
		    link);
	if (st == HD_OK)
		st = hd_buf_adds(&body,
		    "\nDer Link ist " RESET_VALIDITY " gültig. Falls Sie das "
		    "nicht angefordert haben,\nkönnen Sie diese E-Mail "
		    "ignorieren; Ihr Passwort bleibt dann unverändert.\n");
	if (st == HD_OK)
		st = tpl_sign_de(&body, org_name);
	return tpl_finish(out, &subj, &body, st);
}

/* "[V-…] Neuer Vorgang: Schadensmeldung – Wasserfleck an der Decke" */
enum hd_status
tpl_subj_vorgang(
    struct hd_buf *b, const struct mail_vorgang *v, const char *what)
{
	enum hd_status st;

	if ((st = tpl_subj_tag(b, v->number)) != HD_OK ||
	    (st = hd_buf_adds(b, what)) != HD_OK)
		return st;
	if (!tpl_empty(v->type_name)) {
		if ((st = hd_buf_adds(b, ": ")) != HD_OK ||
		    (st = tpl_subj_add(b, v->type_name, SUBJECT_WORD_MAX)) !=
			HD_OK)
			return st;
	}
	if (!tpl_empty(v->subject)) {
		st = hd_buf_adds(b, tpl_empty(v->type_name) ? ": " : " – ");
		if (st == HD_OK)
			st = tpl_subj_add(b, v->subject, SUBJECT_TEXT_MAX);
	}
	return st;
}

enum hd_status
mail_tpl_assigned(struct mail_text *out, const struct mail_vorgang *v,
    const char *recipient_name, const char *reason)
{
	struct hd_buf subj, body;
	enum hd_status st;

	if (out == NULL)
		return HD_EINVAL;
	tpl_start(out, &subj, &body);
	if (!tpl_vorgang_ok(v))
		return tpl_finish(out, &subj, &body, HD_EINVAL);
	st = tpl_subj_vorgang(&subj, v, "Neuer Vorgang");
	if (st == HD_OK)
		st = tpl_greet_de(&body, recipient_name);
	if (st == HD_OK)
		st = hd_buf_printf(&body,
		    "Ihnen wurde der Vorgang %s zugeordnet.\n\n", v->number);
	if (st == HD_OK)
		st = tpl_fields_de(&body, v, true);
	if (st == HD_OK && !tpl_empty(reason))
		st = hd_buf_printf(&body,
		    "\nSie erhalten diese E-Mail, weil Sie zuständig "
		    "sind:\n%s\n",
		    reason);
	if (st == HD_OK)
		st = tpl_add_link(&body, "Zum Vorgang:", v->link);
	if (st == HD_OK)
		st = tpl_sign_de(&body, v->org_name);
	return tpl_finish(out, &subj, &body, st);
}

enum hd_status
mail_tpl_unrouted(struct mail_text *out, const struct mail_vorgang *v,
    const char *recipient_name, const char *why)
{
	struct hd_buf subj, body;
	enum hd_status st;

	if (out == NULL)
		return HD_EINVAL;
	tpl_start(out, &subj, &body);
	if (!tpl_vorgang_ok(v))
		return tpl_finish(out, &subj, &body, HD_EINVAL);
	st = tpl_subj_vorgang(&subj, v, "Nicht zugeordneter Vorgang");
	if (st == HD_OK)
		st = tpl_greet_de(&body, recipient_name);
	if (st == HD_OK)
		st = hd_buf_printf(&body,
		    "für den Vorgang %s wurde kein zuständiger Mitarbeiter\n"
		    "gefunden. Er wurde deshalb Ihnen zugeordnet und steht in "
		    "der Liste\n„Nicht zugeordnet“.\n",
		    v->number);
	if (st == HD_OK && !tpl_empty(why))
		st = hd_buf_printf(&body, "\nGrund:\n%s\n", why);
	if (st == HD_OK)
		st = hd_buf_adds(&body, "\n");
	if (st == HD_OK)
		st = tpl_fields_de(&body, v, true);
	if (st == HD_OK)
		st = tpl_add_link(&body,
		    "Bitte prüfen Sie den Vorgang und ordnen Sie ihn zu:",
		    v->link);
	if (st == HD_OK)
		st = tpl_sign_de(&body, v->org_name);
	return tpl_finish(out, &subj, &body, st);
}

enum hd_status
mail_tpl_receipt(struct mail_text *out, const struct mail_vorgang *v,
    const char *recipient_name)
{
	struct hd_buf subj, body;
	enum hd_status st;

	if (out == NULL)
		return HD_EINVAL;
	tpl_start(out, &subj, &body);
	if (!tpl_vorgang_ok(v))
		return tpl_finish(out, &subj, &body, HD_EINVAL);
	st = tpl_subj_tag(&subj, v->number);
	if (st == HD_OK)
		st = hd_buf_adds(&subj, "Ihre Anfrage ist eingegangen");
	if (st == HD_OK)
		st = tpl_greet_de(&body, recipient_name);
	if (st == HD_OK)
		st = hd_buf_printf(&body,
		    "Ihre Anfrage %s ist eingegangen. Wir haben die "
		    "zuständigen\n"
		    "Mitarbeiter informiert.\n\n",
		    v->number);
	if (st == HD_OK)
		st = tpl_fields_de(&body, v, false);
	if (st == HD_OK)
		st = tpl_add_link(&body,
		    "Den Stand Ihrer Anfrage sehen Sie im Kundenportal:",
		    v->link);
	if (st == HD_OK)
		st = hd_buf_printf(&body,
		    "\nBitte geben Sie bei Rückfragen die Nummer %s an.\n",
		    v->number);
	if (st == HD_OK)
		st = tpl_sign_de(&body, v->org_name);
	return tpl_finish(out, &subj, &body, st);
}

/* A comment's mail: to the reporter "Neue Nachricht zu Ihrer Anfrage",
 * to staff "Neue Antwort von <author> zu „<subject>“" (issue 13: the
 * subject speaks to its reader). */
static enum hd_status
comment_text(struct mail_text *out, const struct mail_vorgang *v,
    const char *recipient_name, const char *author_name, const char *body_text,
    bool staff)
{
	struct hd_buf subj, body;
	enum hd_status st;

	if (out == NULL)
		return HD_EINVAL;
	tpl_start(out, &subj, &body);
	if (!tpl_vorgang_ok(v))
		return tpl_finish(out, &subj, &body, HD_EINVAL);
	st = tpl_subj_tag(&subj, v->number);
	if (st == HD_OK && staff && !tpl_empty(author_name)) {
		st = hd_buf_adds(&subj, "Neue Antwort von ");
		if (st == HD_OK)
			st = tpl_subj_add(&subj, author_name, SUBJECT_WORD_MAX);
		if (st == HD_OK && !tpl_empty(v->subject))
			st = hd_buf_adds(&subj, " zu „");
		if (st == HD_OK && !tpl_empty(v->subject))
			st = tpl_subj_add(&subj, v->subject, SUBJECT_TEXT_MAX);
		if (st == HD_OK && !tpl_empty(v->subject))
			st = hd_buf_adds(&subj, "“");
	} else if (st == HD_OK) {
		st = hd_buf_adds(&subj,
		    staff ? "Neue Antwort" : "Neue Nachricht zu Ihrer Anfrage");
	}
	if (st == HD_OK)
		st = tpl_greet_de(&body, recipient_name);
	if (st == HD_OK && !tpl_empty(author_name))
		st = hd_buf_printf(
		    &body, "%s hat zum Vorgang %s", author_name, v->number);
	else if (st == HD_OK)
		st = hd_buf_printf(&body,
		    "es gibt eine neue Nachricht zum Vorgang %s", v->number);
	if (st == HD_OK && !tpl_empty(v->subject))
		st = hd_buf_printf(&body, " „%s“", v->subject);
	if (st == HD_OK)
		st = hd_buf_adds(&body,
		    tpl_empty(author_name) ? ":\n\n" : " geschrieben:\n\n");
	if (st == HD_OK)
		st = tpl_add_text(&body, tpl_opt(body_text));
	if (st == HD_OK)
		st = tpl_add_link(&body, "Zum Vorgang:", v->link);
	if (st == HD_OK)
		st = tpl_sign_de(&body, v->org_name);
	return tpl_finish(out, &subj, &body, st);
}

/* The German words of the statuses the reporter is told of. */
static const char *
status_words(const char *status)
{
	if (strcmp(status, "waiting") == 0)
		return "wartet auf Ihre Rückmeldung";
	if (strcmp(status, "resolved") == 0)
		return "ist erledigt";
	if (strcmp(status, "closed") == 0)
		return "ist abgeschlossen";
	return NULL;
}

enum hd_status
mail_tpl_status(struct mail_text *out, const struct mail_vorgang *v,
    const char *recipient_name, const char *status, const char *author_name,
    const char *comment)
{
	struct hd_buf subj, body;
	const char *words = status ? status_words(status) : NULL;
	enum hd_status st;

	if (out == NULL)
		return HD_EINVAL;
	tpl_start(out, &subj, &body);
	if (!tpl_vorgang_ok(v) || words == NULL)
		return tpl_finish(out, &subj, &body, HD_EINVAL);
	st = tpl_subj_tag(&subj, v->number);
	if (st == HD_OK)
		st = hd_buf_printf(&subj, "Ihre Anfrage %s", words);
	if (st == HD_OK)
		st = tpl_greet_de(&body, recipient_name);
	if (st == HD_OK)
		st = hd_buf_printf(&body, "Ihre Anfrage %s", v->number);
	if (st == HD_OK && !tpl_empty(v->subject))
		st = hd_buf_printf(&body, " „%s“", v->subject);
	if (st == HD_OK)
		st = hd_buf_printf(&body, " %s.\n", words);
	if (st == HD_OK && strcmp(status, "waiting") == 0)
		st = hd_buf_adds(
		    &body, "Bitte antworten Sie uns im Kundenportal.\n");
	if (st == HD_OK && !tpl_empty(comment)) {
		if (!tpl_empty(author_name))
			st = hd_buf_printf(
			    &body, "\n%s schreibt dazu:\n\n", author_name);
		else
			st =
			    hd_buf_adds(&body, "\nDazu wurde geschrieben:\n\n");
		if (st == HD_OK)
			st = tpl_add_text(&body, comment);
	}
	if (st == HD_OK)
		st = tpl_add_link(&body,
		    "Den Stand Ihrer Anfrage sehen Sie im Kundenportal:",
		    v->link);
	if (st == HD_OK)
		st = hd_buf_printf(&body,
		    "\nBitte geben Sie bei Rückfragen die Nummer %s an.\n",
		    v->number);
	if (st == HD_OK)
		st = tpl_sign_de(&body, v->org_name);
	return tpl_finish(out, &subj, &body, st);
}

enum hd_status
mail_tpl_too_large(struct mail_text *out, const char *org_name,
    const char *number, const char *recipient_name, const char *files,
    const char *limit)
{
	struct hd_buf subj, body;
	enum hd_status st = HD_OK;

	if (out == NULL || tpl_empty(org_name) || tpl_empty(files) ||
	    tpl_empty(limit))
		return HD_EINVAL;
	tpl_start(out, &subj, &body);
	if (!tpl_empty(number))
		st = tpl_subj_tag(&subj, number);
	if (st == HD_OK)
		st = hd_buf_adds(&subj, "Anhang zu groß");
	if (st == HD_OK)
		st = tpl_greet_de(&body, recipient_name);
	if (st == HD_OK)
		st = hd_buf_printf(&body,
		    "Ihre E-Mail ist eingegangen, aber diese Anhänge waren zu "
		    "groß\nund wurden nicht übernommen (höchstens %s je "
		    "Datei):\n\n",
		    limit);
	if (st == HD_OK)
		st = tpl_add_text(&body, files);
	if (st == HD_OK)
		st = hd_buf_adds(&body,
		    "\nBitte senden Sie sie verkleinert noch einmal, als "
		    "Antwort\nauf diese E-Mail.\n");
	if (st == HD_OK)
		st = tpl_sign_de(&body, org_name);
	return tpl_finish(out, &subj, &body, st);
}

enum hd_status
mail_tpl_comment(struct mail_text *out, const struct mail_vorgang *v,
    const char *recipient_name, const char *author_name, const char *body_text)
{
	return comment_text(
	    out, v, recipient_name, author_name, body_text, false);
}

enum hd_status
mail_tpl_reply(struct mail_text *out, const struct mail_vorgang *v,
    const char *recipient_name, const char *author_name, const char *body_text)
{
	return comment_text(
	    out, v, recipient_name, author_name, body_text, true);
}

void
mail_text_cleanup(struct mail_text *t)
{
	if (t == NULL)
		return;
	free(t->subject);
	free(t->body);
	t->subject = NULL;
	t->body = NULL;
}

enum hd_status
mail_tpl_reminder(struct mail_text *out, const struct mail_vorgang *v,
    const char *recipient_name, int64_t hours, bool escalated)
{
	struct hd_buf subj, body;
	enum hd_status st;

	if (out == NULL)
		return HD_EINVAL;
	tpl_start(out, &subj, &body);
	if (!tpl_vorgang_ok(v))
		return tpl_finish(out, &subj, &body, HD_EINVAL);
	st =
	    tpl_subj_vorgang(&subj, v, escalated ? "Eskalation" : "Erinnerung");
	if (st == HD_OK)
		st = tpl_greet_de(&body, recipient_name);
	if (st == HD_OK)
		st = hd_buf_printf(&body,
		    "auf den Vorgang %s hat seit %lld Stunden niemand "
		    "reagiert: keine\nAntwort, keine Änderung des "
		    "Status.%s\n\n",
		    v->number, (long long)hours,
		    escalated ? " Die Zuständigen wurden bereits "
				"erinnert.\nBitte sorgen Sie dafür, dass er "
				"bearbeitet wird."
			      : "\nBitte bearbeiten Sie ihn oder geben Sie ihn "
				"weiter.");
	if (st == HD_OK)
		st = tpl_fields_de(&body, v, true);
	if (st == HD_OK)
		st = tpl_add_link(&body, "Zum Vorgang:", v->link);
	if (st == HD_OK)
		st = tpl_sign_de(&body, v->org_name);
	return tpl_finish(out, &subj, &body, st);
}
