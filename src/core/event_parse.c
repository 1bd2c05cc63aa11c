/* SPDX-License-Identifier: MIT */
/*
 * German sentences back into events, for databases written before events
 * existed. Every form the server wrote is tried; a form is taken only
 * when the event it yields renders back to the very same bytes, so a
 * parse can be wrong about where a name ends only where the sentence
 * itself cannot tell, and never loses or changes a letter. Everything
 * else stays legacy text.
 */
#include "core/event.h"

#include <stdlib.h>
#include <string.h>

/* The event's strings, cut from the sentence into one block. */
struct pool {
	char *buf;
	size_t cap, used;
};

/* A NUL-terminated copy of s[0..n) in the pool; NULL when full. */
static const char *
pool_put(struct pool *p, const char *s, size_t n)
{
	char *r;

	if (n + 1 > p->cap - p->used)
		return NULL;
	r = p->buf + p->used;
	memcpy(r, s, n);
	r[n] = '\0';
	p->used += n + 1;
	return r;
}

/* The name after "von" in the pool: "Herrn X" (the dative the sentences
 * write now) is the name "Herr X"; the older "Herr X" stays. */
static const char *
pool_put_obj(struct pool *p, const char *s, size_t n)
{
	char *r;

	if (n <= 6 || memcmp(s, "Herrn ", 6) != 0)
		return pool_put(p, s, n);
	if ((r = (char *)pool_put(p, s + 1, n - 1)) != NULL)
		memcpy(r, "Herr", 4);
	return r;
}

/* The text after prefix when s[0..n) starts with it, else NULL. */
static const char *
after(const char *s, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);

	return n >= k && memcmp(s, prefix, k) == 0 ? s + k : NULL;
}

/* True when s[0..n) ends with suffix. */
static bool
ends(const char *s, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);

	return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

/* The first occurrence of needle in s[0..n), or NULL. */
static const char *
find(const char *s, size_t n, const char *needle)
{
	size_t k = strlen(needle), i;

	for (i = 0; i + k <= n; i++)
		if (memcmp(s + i, needle, k) == 0)
			return s + i;
	return NULL;
}

/* Splits "A, B" (one role when !several) into list; false when full. */
static bool
roles_put(struct pool *p, const char *s, size_t n, bool several,
    const char **list, size_t *count)
{
	const char *comma;

	*count = 0;
	while (true) {
		comma = several ? find(s, n, ", ") : NULL;
		if (*count == EVENT_ROLES_MAX)
			return false;
		list[*count] = pool_put(p, s, comma ? (size_t)(comma - s) : n);
		if (list[(*count)++] == NULL)
			return false;
		if (comma == NULL)
			return true;
		n -= (size_t)(comma - s) + 2;
		s = comma + 2;
	}
}

/*
 * "ROLES in PROPERTY" (s[0..n)): the property is hint when the text ends
 * with it, else what follows the first " in ".
 */
static bool
roles_in(struct pool *p, const char *s, size_t n, bool several,
    const char *hint, const char **roles, size_t *n_roles,
    const char **property)
{
	const char *in = NULL;
	size_t k;

	if (hint != NULL && (k = strlen(hint)) + 4 <= n &&
	    memcmp(s + n - k - 4, " in ", 4) == 0 &&
	    memcmp(s + n - k, hint, k) == 0)
		in = s + n - k - 4;
	if (in == NULL && (in = find(s, n, " in ")) == NULL)
		return false;
	*property = pool_put(p, in + 4, n - (size_t)(in - s) - 4);
	return *property != NULL &&
	       roles_put(p, s, (size_t)(in - s), several, roles, n_roles);
}

/* Why a Vorgang went unrouted, as route.c wrote it, into ev. */
static bool
cause(
    struct pool *p, const char *s, size_t n, const char *hint, struct event *ev)
{
	static const char off[] = " sind deaktiviert";
	const char *r;

	if (n == strlen("Vorgangstyp hat keine Mitarbeiterrolle") &&
	    after(s, n, "Vorgangstyp hat keine Mitarbeiterrolle")) {
		ev->cause = CAUSE_NO_ROLE;
		return true;
	}
	if ((r = after(s, n,
		 "Niemand hat eine passende Mitarbeiterrolle "
		 "in ")) != NULL) {
		ev->cause = CAUSE_NOBODY;
		ev->property = pool_put(p, r, n - (size_t)(r - s));
		return ev->property != NULL;
	}
	if ((r = after(s, n, "Niemand hat die Rolle ")) != NULL ||
	    (r = after(s, n, "Niemand hat die Rollen ")) != NULL) {
		ev->cause = CAUSE_NOBODY;
		/* r[-2]: the "n" of "Rollen ". */
		return roles_in(p, r, n - (size_t)(r - s), r[-2] == 'n', hint,
		    ev->cause_roles, &ev->n_cause_roles, &ev->property);
	}
	if (!ends(s, n, off))
		return false;
	n -= sizeof(off) - 1;
	ev->cause = CAUSE_INACTIVE;
	if ((r = after(s, n,
		 "Alle Mitarbeiter mit einer passenden "
		 "Mitarbeiterrolle in ")) != NULL) {
		ev->property = pool_put(p, r, n - (size_t)(r - s));
		return ev->property != NULL;
	}
	if ((r = after(s, n, "Alle Mitarbeiter mit der Rolle ")) != NULL ||
	    (r = after(s, n, "Alle Mitarbeiter mit den Rollen ")) != NULL)
		return roles_in(p, r, n - (size_t)(r - s), r[-2] == 'n', hint,
		    ev->cause_roles, &ev->n_cause_roles, &ev->property);
	return false;
}

/* The first ") in HINT – " in s[0..n), or NULL. */
static const char *
find_hint(const char *s, size_t n, const char *hint)
{
	size_t k, h = strlen(hint);

	for (k = 0; k + h + 10 <= n; k++)
		if (memcmp(s + k, ") in ", 5) == 0 &&
		    memcmp(s + k + 5, hint, h) == 0 &&
		    memcmp(s + k + 5 + h, " – ", 5) == 0)
			return s + k;
	return NULL;
}

/* "Ersatzzuständigkeit (Rolle R) in P – WHY" after the name. */
static bool
fallback(
    struct pool *p, const char *s, size_t n, const char *hint, struct event *ev)
{
	const char *r, *close = NULL, *prop, *dash, *end;

	if ((r = after(s, n, "Ersatzzuständigkeit (Rolle ")) == NULL)
		return false;
	end = s + n;
	/* The hint settles a ")" or " – " inside a name. */
	if (hint != NULL && (close = find_hint(r, (size_t)(end - r), hint)))
		dash = close + 5 + strlen(hint);
	else if ((close = find(r, (size_t)(end - r), ") in ")) == NULL ||
		 (dash = find(close + 5, (size_t)(end - close - 5), " – ")) ==
		     NULL)
		return false;
	prop = close + 5;
	ev->code = EVENT_FALLBACK;
	ev->roles[0] = pool_put(p, r, (size_t)(close - r));
	ev->n_roles = 1;
	if (ev->roles[0] == NULL ||
	    !cause(p, dash + 5, (size_t)(end - dash - 5), hint, ev))
		return false;
	/* The reason names the property twice: once is kept, and the
	 * round trip checks the other. */
	if (ev->property == NULL)
		ev->property = pool_put(p, prop, (size_t)(dash - prop));
	return ev->property != NULL;
}

/* "NAME: …": a routing reason. Every ": " is tried as the end of the
 * name, for names that contain one. */
static bool
reason(
    struct pool *p, const char *s, size_t n, const char *hint, struct event *ev)
{
	const char *colon, *r;
	size_t used = p->used, rest;

	for (colon = find(s, n, ": "); colon != NULL;
	     colon = find(colon + 1, n - (size_t)(colon + 1 - s), ": ")) {
		p->used = used;
		event_init(ev, EVENT_LEGACY);
		ev->who = pool_put(p, s, (size_t)(colon - s));
		r = colon + 2;
		rest = n - (size_t)(r - s);
		if (ev->who == NULL)
			return false;
		if (after(r, rest, "Rolle ") || after(r, rest, "Rollen ")) {
			ev->code = EVENT_ROUTED;
			if (roles_in(p, r + 6 + (r[5] == 'n'),
				rest - 6 - (r[5] == 'n'), r[5] == 'n', hint,
				ev->roles, &ev->n_roles, &ev->property))
				return true;
		} else if (fallback(p, r, rest, hint, ev)) {
			return true;
		} else if (after(r, rest, "Administrator – ")) {
			ev->code = EVENT_ADMIN;
			if (cause(p, r + strlen("Administrator – "),
				rest - strlen("Administrator – "), hint, ev))
				return true;
		} else if (after(r, rest, "manuell zugewiesen von ")) {
			ev->code = EVENT_MANUAL;
			ev->actor = pool_put_obj(p, r + 23, rest - 23);
			if (ev->actor != NULL)
				return true;
		}
	}
	return false;
}

static const char *const labels[] = {
    [HD_PS_OPEN] = "neu",
    [HD_PS_IN_PROGRESS] = "in Bearbeitung",
    [HD_PS_WAITING] = "wartet auf Rückmeldung",
    [HD_PS_RESOLVED] = "erledigt",
    [HD_PS_CLOSED] = "geschlossen",
};

/* The status whose label s[0..n) starts with, and the text after it. */
static const char *
label(const char *s, size_t n, enum hd_pstatus *st)
{
	size_t i;
	const char *r;

	for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if ((r = after(s, n, labels[i])) != NULL) {
			*st = (enum hd_pstatus)i;
			return r;
		}
	return NULL;
}

/* "Status: A → B (NAME)". */
static bool
status(struct pool *p, const char *s, size_t n, struct event *ev)
{
	const char *r, *end = s + n;

	event_init(ev, EVENT_STATUS);
	if ((r = after(s, n, "Status: ")) == NULL ||
	    (r = label(r, (size_t)(end - r), &ev->from)) == NULL ||
	    (r = after(r, (size_t)(end - r), " → ")) == NULL ||
	    (r = label(r, (size_t)(end - r), &ev->to)) == NULL ||
	    (r = after(r, (size_t)(end - r), " (")) == NULL ||
	    !ends(r, (size_t)(end - r), ")"))
		return false;
	ev->actor = pool_put(p, r, (size_t)(end - r) - 1);
	return ev->actor != NULL;
}

/* "Vorgang angelegt von NAME[ im Kundenportal]". */
static bool
created(struct pool *p, const char *s, size_t n, struct event *ev)
{
	const char *r;

	event_init(ev, EVENT_CREATED);
	if ((r = after(s, n, "Vorgang angelegt von ")) == NULL)
		return false;
	n -= (size_t)(r - s);
	ev->portal = ends(r, n, " im Kundenportal");
	if (ev->portal)
		n -= strlen(" im Kundenportal");
	ev->actor = pool_put_obj(p, r, n);
	return ev->actor != NULL;
}

static bool
unrouted(
    struct pool *p, const char *s, size_t n, const char *hint, struct event *ev)
{
	event_init(ev, EVENT_UNROUTED);
	return cause(p, s, n, hint, ev);
}

/* True when ev renders back to text exactly, or to text as it reads
 * with the dative written since issue 13 ("von Herr X" became "von Herrn
 * X"). */
static bool
same(const struct event *ev, const char *text)
{
	static const char old[] = " von Herr ";
	char buf[EVENT_TEXT_MAX];
	const char *at;
	size_t k;

	if (event_de_render(ev, buf, sizeof(buf)) != HD_OK)
		return false;
	if (strcmp(buf, text) == 0)
		return true;
	if ((at = strstr(text, old)) == NULL)
		return false;
	k = (size_t)(at - text) + strlen(old) - 1;
	return strncmp(buf, text, k) == 0 && buf[k] == 'n' &&
	       strcmp(buf + k + 1, text + k) == 0;
}

enum hd_status
event_de_parse(const char *text, const char *property, struct event *ev)
{
	struct pool p;
	size_t n;
	bool ok;

	if (ev == NULL)
		return HD_EINVAL;
	memset(ev, 0, sizeof(*ev));
	if (text == NULL)
		return HD_EINVAL;
	n = strlen(text);
	/* Room for every piece of text and a NUL after each. */
	p.cap = n + 1 + 2 * EVENT_ROLES_MAX + 8;
	p.used = 0;
	if ((p.buf = malloc(p.cap)) == NULL)
		return HD_ENOMEM;
	/* A sentence as long as the longest the server kept may have been
	 * cut: it stays as it is. */
	ok = n < EVENT_TEXT_MAX - 1;
	if (ok) {
		ok = (created(&p, text, n, ev) && same(ev, text)) ||
		     (p.used = 0, status(&p, text, n, ev) && same(ev, text)) ||
		     (p.used = 0, unrouted(&p, text, n, property, ev) &&
				      same(ev, text)) ||
		     (p.used = 0,
			 reason(&p, text, n, property, ev) && same(ev, text));
	}
	if (!ok) {
		event_init(ev, EVENT_LEGACY);
		p.used = 0;
		ev->text = pool_put(&p, text, n);
	}
	ev->mem = p.buf;
	return HD_OK;
}
