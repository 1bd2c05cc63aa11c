/* SPDX-License-Identifier: MIT */
#include "mail/templates.h"

#include "util/buf.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define SUBJECT_MAX 2048
#define BODY_MAX (4u * 1024 * 1024)
/* User text in a subject is cut here (bytes, on a UTF-8 boundary). */
#define SUBJECT_TEXT_MAX 150
/* Short subject pieces: number, type name, organisation name. */
#define SUBJECT_WORD_MAX 100

/* Must match HD_INVITE_TTL and HD_RESET_TTL in store/token.h. */
#define INVITE_VALIDITY "72 Stunden"
#define RESET_VALIDITY "1 Stunde"

static const char *
opt(const char *s)
{
	return s != NULL ? s : "";
}

static bool
empty(const char *s)
{
	return s == NULL || *s == '\0';
}

/*
 * Appends user text to a subject: CR/LF (a CRLF pair counts once) and other
 * control characters become spaces, and text longer than max bytes is cut
 * on a UTF-8 boundary and ends in "…".
 */
static enum hd_status
subj_add(struct hd_buf *b, const char *s, size_t max)
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
static enum hd_status
subj_tag(struct hd_buf *b, const char *number)
{
	enum hd_status st;

	if ((st = hd_buf_adds(b, "[")) != HD_OK ||
	    (st = subj_add(b, number, SUBJECT_WORD_MAX)) != HD_OK)
		return st;
	return hd_buf_adds(b, "] ");
}

/* "Guten Tag Frau Huber," and an empty line. */
static enum hd_status
greet(struct hd_buf *b, const char *name)
{
	if (empty(name))
		return hd_buf_adds(b, "Guten Tag,\n\n");
	return hd_buf_printf(b, "Guten Tag %s,\n\n", name);
}

static enum hd_status
sign(struct hd_buf *b, const char *org_name)
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
static enum hd_status
add_text(struct hd_buf *b, const char *s)
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
static enum hd_status
vorgang_fields(
    struct hd_buf *b, const struct mail_vorgang *v, bool with_reporter)
{
	enum hd_status st;

	st = hd_buf_printf(b,
	    "Nummer:        %s\n"
	    "Vorgangstyp:   %s\n"
	    "Liegenschaft:  %s\n",
	    v->number, opt(v->type_name), opt(v->property_name));
	if (st == HD_OK && !empty(v->unit_label))
		st = hd_buf_printf(b, "Einheit:       %s\n", v->unit_label);
	if (st == HD_OK && with_reporter)
		st = hd_buf_printf(
		    b, "Gemeldet von:  %s\n", opt(v->reporter_name));
	if (st == HD_OK)
		st = hd_buf_printf(
		    b, "Betreff:       %s\n\nBeschreibung:\n", opt(v->subject));
	if (st == HD_OK)
		st = add_text(b, opt(v->description));
	return st;
}

/* A link on its own line after a lead-in line. */
static enum hd_status
add_link(struct hd_buf *b, const char *lead, const char *link)
{
	return hd_buf_printf(b, "\n%s\n%s\n", lead, link);
}

/* Hands both buffers to out, or leaves out empty. */
static enum hd_status
finish(struct mail_text *out, struct hd_buf *subj, struct hd_buf *body,
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

static void
start(struct mail_text *out, struct hd_buf *subj, struct hd_buf *body)
{
	out->subject = NULL;
	out->body = NULL;
	hd_buf_init(subj, SUBJECT_MAX);
	hd_buf_init(body, BODY_MAX);
}

static bool
vorgang_ok(const struct mail_vorgang *v)
{
	return v != NULL && !empty(v->org_name) && !empty(v->number) &&
	       !empty(v->link);
}

/* "Einladung zu hausdesk – ABC Hausverwaltung" and friends. */
static enum hd_status
subj_org(struct hd_buf *b, const char *what, const char *org_name)
{
	enum hd_status st;

	if ((st = hd_buf_adds(b, what)) != HD_OK ||
	    (st = hd_buf_adds(b, " – ")) != HD_OK)
		return st;
	return subj_add(b, org_name, SUBJECT_WORD_MAX);
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
	start(out, &subj, &body);
	if (empty(org_name) || empty(link))
		return finish(out, &subj, &body, HD_EINVAL);
	st = subj_org(&subj,
	    employee ? "Einladung zu hausdesk" : "Einladung zum Kundenportal",
	    org_name);
	if (st == HD_OK)
		st = greet(&body, name);
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
		st = add_link(&body,
		    "Bitte legen Sie über diesen Link Ihr Passwort fest:",
		    link);
	if (st == HD_OK)
		st = hd_buf_adds(&body,
		    "\nDer Link ist " INVITE_VALIDITY " gültig. Falls Sie "
		    "diese Einladung nicht\nerwartet haben, können Sie diese "
		    "E-Mail ignorieren.\n");
	if (st == HD_OK)
		st = sign(&body, org_name);
	return finish(out, &subj, &body, st);
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
	start(out, &subj, &body);
	if (empty(org_name) || empty(link))
		return finish(out, &subj, &body, HD_EINVAL);
	st = subj_org(&subj, "Passwort zurücksetzen", org_name);
	if (st == HD_OK)
		st = greet(&body, name);
	if (st == HD_OK)
		st = hd_buf_printf(&body,
		    "für Ihr Konto bei %s wurde angefordert, das Passwort\n"
		    "zurückzusetzen.\n",
		    org_name);
	if (st == HD_OK)
		st = add_link(&body,
		    "Über diesen Link legen Sie ein neues Passwort fest:",
		    link);
	if (st == HD_OK)
		st = hd_buf_adds(&body,
		    "\nDer Link ist " RESET_VALIDITY " gültig. Falls Sie das "
		    "nicht angefordert haben,\nkönnen Sie diese E-Mail "
		    "ignorieren; Ihr Passwort bleibt dann unverändert.\n");
	if (st == HD_OK)
		st = sign(&body, org_name);
	return finish(out, &subj, &body, st);
}

/* "[V-…] Neuer Vorgang: Schadensmeldung – Wasserfleck an der Decke" */
static enum hd_status
subj_vorgang(struct hd_buf *b, const struct mail_vorgang *v, const char *what)
{
	enum hd_status st;

	if ((st = subj_tag(b, v->number)) != HD_OK ||
	    (st = hd_buf_adds(b, what)) != HD_OK)
		return st;
	if (!empty(v->type_name)) {
		if ((st = hd_buf_adds(b, ": ")) != HD_OK ||
		    (st = subj_add(b, v->type_name, SUBJECT_WORD_MAX)) != HD_OK)
			return st;
	}
	if (!empty(v->subject)) {
		st = hd_buf_adds(b, empty(v->type_name) ? ": " : " – ");
		if (st == HD_OK)
			st = subj_add(b, v->subject, SUBJECT_TEXT_MAX);
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
	start(out, &subj, &body);
	if (!vorgang_ok(v))
		return finish(out, &subj, &body, HD_EINVAL);
	st = subj_vorgang(&subj, v, "Neuer Vorgang");
	if (st == HD_OK)
		st = greet(&body, recipient_name);
	if (st == HD_OK)
		st = hd_buf_printf(&body,
		    "Ihnen wurde der Vorgang %s zugeordnet.\n\n", v->number);
	if (st == HD_OK)
		st = vorgang_fields(&body, v, true);
	if (st == HD_OK && !empty(reason))
		st = hd_buf_printf(&body,
		    "\nSie erhalten diese E-Mail, weil Sie zuständig "
		    "sind:\n%s\n",
		    reason);
	if (st == HD_OK)
		st = add_link(&body, "Zum Vorgang:", v->link);
	if (st == HD_OK)
		st = sign(&body, v->org_name);
	return finish(out, &subj, &body, st);
}

enum hd_status
mail_tpl_unrouted(struct mail_text *out, const struct mail_vorgang *v,
    const char *recipient_name, const char *why)
{
	struct hd_buf subj, body;
	enum hd_status st;

	if (out == NULL)
		return HD_EINVAL;
	start(out, &subj, &body);
	if (!vorgang_ok(v))
		return finish(out, &subj, &body, HD_EINVAL);
	st = subj_vorgang(&subj, v, "Nicht zugeordneter Vorgang");
	if (st == HD_OK)
		st = greet(&body, recipient_name);
	if (st == HD_OK)
		st = hd_buf_printf(&body,
		    "für den Vorgang %s wurde kein zuständiger Mitarbeiter\n"
		    "gefunden. Er wurde deshalb Ihnen zugeordnet und steht in "
		    "der Liste\n„Nicht zugeordnet“.\n",
		    v->number);
	if (st == HD_OK && !empty(why))
		st = hd_buf_printf(&body, "\nGrund:\n%s\n", why);
	if (st == HD_OK)
		st = hd_buf_adds(&body, "\n");
	if (st == HD_OK)
		st = vorgang_fields(&body, v, true);
	if (st == HD_OK)
		st = add_link(&body,
		    "Bitte prüfen Sie den Vorgang und ordnen Sie ihn zu:",
		    v->link);
	if (st == HD_OK)
		st = sign(&body, v->org_name);
	return finish(out, &subj, &body, st);
}

enum hd_status
mail_tpl_receipt(struct mail_text *out, const struct mail_vorgang *v,
    const char *recipient_name)
{
	struct hd_buf subj, body;
	enum hd_status st;

	if (out == NULL)
		return HD_EINVAL;
	start(out, &subj, &body);
	if (!vorgang_ok(v))
		return finish(out, &subj, &body, HD_EINVAL);
	st = subj_tag(&subj, v->number);
	if (st == HD_OK)
		st = hd_buf_adds(&subj, "Ihre Anfrage ist eingegangen");
	if (st == HD_OK)
		st = greet(&body, recipient_name);
	if (st == HD_OK)
		st = hd_buf_printf(&body,
		    "Ihre Anfrage %s ist eingegangen. Wir haben die "
		    "zuständigen\n"
		    "Mitarbeiter informiert.\n\n",
		    v->number);
	if (st == HD_OK)
		st = vorgang_fields(&body, v, false);
	if (st == HD_OK)
		st = add_link(&body,
		    "Den Stand Ihrer Anfrage sehen Sie im Kundenportal:",
		    v->link);
	if (st == HD_OK)
		st = hd_buf_printf(&body,
		    "\nBitte geben Sie bei Rückfragen die Nummer %s an.\n",
		    v->number);
	if (st == HD_OK)
		st = sign(&body, v->org_name);
	return finish(out, &subj, &body, st);
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
	start(out, &subj, &body);
	if (!vorgang_ok(v))
		return finish(out, &subj, &body, HD_EINVAL);
	st = subj_tag(&subj, v->number);
	if (st == HD_OK && staff && !empty(author_name)) {
		st = hd_buf_adds(&subj, "Neue Antwort von ");
		if (st == HD_OK)
			st = subj_add(&subj, author_name, SUBJECT_WORD_MAX);
		if (st == HD_OK && !empty(v->subject))
			st = hd_buf_adds(&subj, " zu „");
		if (st == HD_OK && !empty(v->subject))
			st = subj_add(&subj, v->subject, SUBJECT_TEXT_MAX);
		if (st == HD_OK && !empty(v->subject))
			st = hd_buf_adds(&subj, "“");
	} else if (st == HD_OK) {
		st = hd_buf_adds(&subj,
		    staff ? "Neue Antwort" : "Neue Nachricht zu Ihrer Anfrage");
	}
	if (st == HD_OK)
		st = greet(&body, recipient_name);
	if (st == HD_OK && !empty(author_name))
		st = hd_buf_printf(
		    &body, "%s hat zum Vorgang %s", author_name, v->number);
	else if (st == HD_OK)
		st = hd_buf_printf(&body,
		    "es gibt eine neue Nachricht zum Vorgang %s", v->number);
	if (st == HD_OK && !empty(v->subject))
		st = hd_buf_printf(&body, " „%s“", v->subject);
	if (st == HD_OK)
		st = hd_buf_adds(
		    &body, empty(author_name) ? ":\n\n" : " geschrieben:\n\n");
	if (st == HD_OK)
		st = add_text(&body, opt(body_text));
	if (st == HD_OK)
		st = add_link(&body, "Zum Vorgang:", v->link);
	if (st == HD_OK)
		st = sign(&body, v->org_name);
	return finish(out, &subj, &body, st);
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
