/* SPDX-License-Identifier: MIT */
/*
 * The large demo data set: a Hausverwaltung with thousands of properties
 * and a million historical Vorgänge, for the benchmark and for trying the
 * UI at realistic size. Everything is routed by route_compute, the
 * server's own routing; every history text is rendered by core/event, as
 * the server writes it; the rest follows the rules the store keeps
 * (numbers per year in creation order). The words come from
 * cli/demo_words.c, the rows go through store/bulk.c. Fast because
 * everything the routing needs stays in memory and the store writes many
 * rows per statement in few transactions.
 */
#include "cli/demo_scale.h"

#include "core/event.h"
#include "core/process.h"
#include "core/route.h"
#include "store/bulk.h"
#include "store/property.h"
#include "store/ptype.h"
#include "store/role.h"
#include "store/setting.h"
#include "store/user.h"
#include "util/clock.h"
#include "util/str.h"

#include <ctype.h>
#include <errno.h>
#include <math.h> /* isfinite: a macro, no libm */
#include <stdlib.h>
#include <string.h>

#define DAY (24 * 3600)
#define SPAN ((int64_t)(5 * 365.25 * DAY)) /* five years of history */
#define BATCH 50000			   /* Vorgänge per transaction */
#define PROGRESS 100000
#define LABEL_MAX 40
#define NAME_MAX 64
#define EMAIL_MAX 128

/* ---- the generator's state --------------------------------------------- */

struct emp {
	int64_t id;
	char name[NAME_MAX];
};

struct prop {
	int64_t id;
	char name[NAME_MAX];
	uint32_t staff_off, n_staff;	      /* into gen.staff */
	uint32_t unit_off, n_units, n_living; /* living: not parking */
};

struct res {
	int64_t contact_id, unit_id;
	uint32_t prop, unit; /* indices into gen.props, gen.labels */
	uint16_t last;	     /* index into demo_last_names */
	bool owner;
	char name[NAME_MAX];
};

struct gen {
	struct db_conn *c;
	struct store_bulk *b;
	const struct demo_scale_counts *k;
	struct demo_scale_totals *tot;
	const char *hash;
	FILE *log;
	uint64_t rng;
	int64_t now, start, org;
	int64_t role_ids[DEMO_SCALE_ROLES];
	int64_t type_ids[DEMO_SCALE_TYPES];
	int64_t type_roles[DEMO_SCALE_TYPES][2];
	const char *type_role_names[DEMO_SCALE_TYPES][2];
	size_t type_n_roles[DEMO_SCALE_TYPES];
	int type_wsum;
	struct emp *emps;
	struct route_admin *admins;
	struct prop *props;
	struct route_staff *staff;
	size_t n_staff, cap_staff;
	int64_t *unit_ids;
	char (*labels)[LABEL_MAX];
	struct res *res;
	size_t n_res;
	uint32_t *tenants, *owners;
	size_t n_tenants, n_owners;
};

/* xorshift64*: fast, good enough, and the same sequence on every run. */
static uint64_t
rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ull;
}

uint64_t
demo_rand_below(uint64_t *state, uint64_t n)
{
	return (rnd(state) >> 11) % n;
}

/* Uniform in [0, n); n > 0. */
static uint64_t
below(struct gen *g, uint64_t n)
{
	return demo_rand_below(&g->rng, n);
}

/* True with probability pct percent. */
static bool
chance(struct gen *g, unsigned pct)
{
	return below(g, 100) < pct;
}

static double
unit_real(struct gen *g)
{
	return (double)(rnd(&g->rng) >> 11) / 9007199254740992.0;
}

/* Lower-case ASCII for e-mail addresses: "Müller" -> "mueller". */
static void
ascii_lower(const char *s, char *out, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	const char *rep;
	size_t o = 0;

	while (*p && o + 3 < n) {
		rep = NULL;
		if (*p == 0xc3 && p[1]) {
			switch (p[1]) {
			case 0xa4:
			case 0x84:
				rep = "ae";
				break;
			case 0xb6:
			case 0x96:
				rep = "oe";
				break;
			case 0xbc:
			case 0x9c:
				rep = "ue";
				break;
			case 0x9f:
				rep = "ss";
				break;
			case 0xa7:
				rep = "c";
				break;
			}
			p += 2;
		} else if ((*p == 0xc4 && p[1] == 0xb1) ||
			   (*p == 0xc5 && p[1] == 0x9f)) {
			rep = *p == 0xc4 ? "i" : "s";
			p += 2;
		} else if (*p < 0x80) {
			if (isalnum(*p) || *p == '-')
				out[o++] = (char)tolower(*p);
			p++;
			continue;
		} else {
			p++;
			continue;
		}
		while (rep != NULL && *rep && o + 1 < n)
			out[o++] = *rep++;
	}
	out[o] = '\0';
}

/*
 * A person: "Frau Anna Becker" into name, and the address
 * "a.becker.<seq>@<domain>" into email. last is the index of the last
 * name, or -1 to choose one; it is returned. name has NAME_MAX bytes,
 * email EMAIL_MAX.
 */
static int
person(struct gen *g, int last, int64_t seq, const char *domain, char *name,
    char *email)
{
	bool female = chance(g, 50);
	const char *first = female ? demo_first_f.w[below(g, demo_first_f.n)]
				   : demo_first_m.w[below(g, demo_first_m.n)];
	char a[4], b[40];

	if (last < 0)
		last = (int)below(g, demo_last_names.n);
	snprintf(name, NAME_MAX, "%s %s %s", female ? "Frau" : "Herr", first,
	    demo_last_names.w[last]);
	ascii_lower(first, a, sizeof(a));
	a[1] = '\0';
	ascii_lower(demo_last_names.w[last], b, sizeof(b));
	snprintf(
	    email, EMAIL_MAX, "%s.%s.%lld@%s", a, b, (long long)seq, domain);
	return last;
}

/* x >= 0 rounded to the nearest integer. */
static int64_t
round_pos(double x)
{
	return (int64_t)(x + 0.5);
}

/* Splits total over n parts in proportion to w (all > 0); every part
 * gets at least one when total >= n. */
static void
split(const double *w, size_t n, int64_t total, uint32_t *out)
{
	int64_t base = total >= (int64_t)n ? 1 : 0;
	int64_t rest = total - base * (int64_t)n, prev = 0, cur;
	double sum = 0, acc = 0;
	size_t i;

	for (i = 0; i < n; i++)
		sum += w[i];
	for (i = 0; i < n; i++) {
		acc += w[i];
		cur = i + 1 == n ? rest : round_pos((double)rest * acc / sum);
		if (cur < prev)
			cur = prev;
		if (cur > rest)
			cur = rest;
		out[i] = (uint32_t)(base + cur - prev);
		prev = cur;
	}
}

/* ---- organisation, roles, employees, types ----------------------------- */

/* Employees who may hold roles: all but the admins when there are enough
 * of them, else everyone (tiny scales). */
static size_t
holders_first(const struct gen *g)
{
	size_t e = (size_t)g->k->employees, a = (size_t)g->k->admins;

	return e - a >= DEMO_SCALE_ROLES ? a : 0;
}

/* How many employees hold role r somewhere (their portfolios split the
 * properties), and the index of the j-th. */
static size_t
holders_count(const struct gen *g, int r)
{
	size_t f = holders_first(g), e = (size_t)g->k->employees;

	if (e - f < DEMO_SCALE_ROLES)
		return 1;
	return (e - f - (size_t)r + DEMO_SCALE_ROLES - 1) / DEMO_SCALE_ROLES;
}

static size_t
holder(const struct gen *g, int r, size_t j)
{
	size_t f = holders_first(g), e = (size_t)g->k->employees;

	if (e - f < DEMO_SCALE_ROLES)
		return f + (size_t)r % (e - f);
	return f + (size_t)r + j * DEMO_SCALE_ROLES;
}

static enum hd_status
gen_org(struct gen *g)
{
	char email[EMAIL_MAX], name[NAME_MAX];
	struct store_bulk_user u = {0};
	struct store_user admin;
	enum hd_status st = HD_OK;
	bool created;
	size_t n = 0;
	int64_t i;
	int r;

	st = store_org_ensure(g->c, DEMO_SCALE_ORG, DEMO_SCALE_ADMIN,
	    "Frau Claudia Brandt", g->hash, &g->org, &created);
	if (st == HD_OK && !created)
		st = HD_ECONFLICT;
	for (r = 0; r < DEMO_SCALE_ROLES && st == HD_OK; r++)
		st = store_role_insert(g->c, g->org, demo_roles[r].name,
		    demo_roles[r].desc, &g->role_ids[r]);
	if (st != HD_OK)
		return st;
	g->emps = calloc((size_t)g->k->employees, sizeof(*g->emps));
	g->admins = calloc((size_t)g->k->admins, sizeof(*g->admins));
	if (g->emps == NULL || g->admins == NULL)
		return HD_ENOMEM;
	st = store_user_by_address(
	    g->c, DEMO_SCALE_ADMIN, g->org, false, &admin, 1, &n);
	if (st == HD_OK && n == 0)
		st = HD_ENOTFOUND;
	g->emps[0].id = admin.id;
	hd_strlcpy(g->emps[0].name, "Frau Claudia Brandt", NAME_MAX);
	u.org_id = g->org;
	u.employee = true;
	u.password_hash = g->hash;
	u.created_at = g->start - 400 * DAY;
	for (i = 1; i < g->k->employees && st == HD_OK; i++) {
		person(g, -1, i, "muster.example", name, email);
		hd_strlcpy(g->emps[i].name, name, NAME_MAX);
		u.name = name;
		u.email = email;
		u.is_admin = i < g->k->admins;
		st = store_bulk_user(g->b, &u, &g->emps[i].id);
	}
	for (i = 0; i < g->k->admins; i++)
		g->admins[i] =
		    (struct route_admin){g->emps[i].id, true, g->emps[i].name};
	return st;
}

static enum hd_status
gen_types(struct gen *g)
{
	enum hd_status st = HD_OK;
	size_t t, j;

	for (t = 0; t < DEMO_SCALE_TYPES && st == HD_OK; t++) {
		const struct demo_ptype *d = &demo_ptypes[t];

		for (j = 0; j < 2 && d->role[j] >= 0; j++) {
			g->type_roles[t][j] = g->role_ids[d->role[j]];
			g->type_role_names[t][j] = demo_roles[d->role[j]].name;
			g->type_n_roles[t] = j + 1;
		}
		st = store_ptype_insert(g->c, g->org, d->name, d->desc,
		    d->portal, g->type_roles[t], g->type_n_roles[t],
		    &g->type_ids[t]);
		g->type_wsum += d->weight;
	}
	return st;
}

/* ---- properties, units, staff ------------------------------------------ */

static enum hd_status
add_staff(struct gen *g, struct prop *p, size_t emp, int r)
{
	struct route_staff *s;

	if (g->n_staff == g->cap_staff) {
		g->cap_staff = g->cap_staff ? g->cap_staff * 2 : 1024;
		s = realloc(g->staff, g->cap_staff * sizeof(*s));
		if (s == NULL)
			return HD_ENOMEM;
		g->staff = s;
	}
	g->staff[g->n_staff++] = (struct route_staff){g->emps[emp].id,
	    g->role_ids[r], true, g->emps[emp].name, demo_roles[r].name};
	p->n_staff++;
	g->tot->staff++;
	return store_bulk_staff(
	    g->b, g->org, p->id, g->emps[emp].id, g->role_ids[r]);
}

/*
 * The Zuständigkeiten at property pi: each role's portfolio holder, a
 * second one at some properties, a third at a few; at one property in a
 * hundred a few roles have nobody.
 */
static enum hd_status
gen_staff(struct gen *g, size_t pi)
{
	struct prop *p = &g->props[pi];
	enum hd_status st = HD_OK;
	unsigned gaps = 0, bit;
	size_t nh, j, want = pi % 100 == 7 ? 2 + pi / 100 % 3 : 0;
	int r;

	p->staff_off = (uint32_t)g->n_staff;
	while (want > 0) {
		bit = 1u << below(g, DEMO_SCALE_ROLES);
		if (!(gaps & bit)) {
			gaps |= bit;
			want--;
		}
	}
	for (r = 0; r < DEMO_SCALE_ROLES && st == HD_OK; r++) {
		if (gaps & (1u << r))
			continue;
		nh = holders_count(g, r);
		j = pi * nh / (size_t)g->k->properties;
		st = add_staff(g, p, holder(g, r, j), r);
		if (st == HD_OK && nh > 1 && chance(g, 12)) {
			st = add_staff(g, p, holder(g, r, (j + 1) % nh), r);
			if (st == HD_OK && nh > 2 && chance(g, 25))
				st = add_staff(
				    g, p, holder(g, r, (j + 2) % nh), r);
		}
	}
	return st;
}

static enum hd_status
add_unit(struct gen *g, struct prop *p, const char *label, const char *kind)
{
	size_t u = p->unit_off + p->n_units++;

	hd_strlcpy(g->labels[u], label, LABEL_MAX);
	return store_bulk_unit(
	    g->b, g->org, p->id, label, kind, &g->unit_ids[u]);
}

/* Where on its floor a flat is, for up to four flats a floor. */
static const char *
side(uint32_t per, uint32_t k)
{
	static const char *const sides[][4] = {{""}, {"links", "rechts"},
	    {"links", "Mitte", "rechts"},
	    {"links", "Mitte links", "Mitte rechts", "rechts"}};

	return per >= 2 && per <= 4 ? sides[per - 1][k] : "";
}

/* n units: apartments floor by floor on 4 to 6 levels, a shop or two,
 * parking last. */
static enum hd_status
gen_units(struct gen *g, struct prop *p, uint32_t n)
{
	uint32_t park = n >= 12 && chance(g, 35) ? n / 6 : 0;
	uint32_t shops =
	    n >= 8 && chance(g, 25) ? 1 + (uint32_t)below(g, 2) : 0;
	uint32_t flats = n - park - shops, levels = 4 + (uint32_t)below(g, 3);
	uint32_t per = (flats + levels - 1) / levels, i, fl;
	bool tg = chance(g, 50);
	enum hd_status st = HD_OK;
	char label[LABEL_MAX], floor[16];

	if (per < 2)
		per = 2;
	for (i = 0; i < flats && st == HD_OK; i++) {
		fl = (shops ? 1 : 0) + i / per;
		if (fl == 0)
			hd_strlcpy(floor, "EG", sizeof(floor));
		else
			snprintf(floor, sizeof(floor), "%u. OG", fl);
		snprintf(label, sizeof(label), "Whg. %u, %s%s%s", i + 1, floor,
		    per <= 4 ? " " : "", side(per, i % per));
		st = add_unit(g, p, label, "apartment");
	}
	for (i = 0; i < shops && st == HD_OK; i++) {
		snprintf(label, sizeof(label), "Gewerbe %u, EG", i + 1);
		st = add_unit(g, p, label, "commercial");
	}
	p->n_living = p->n_units;
	for (i = 0; i < park && st == HD_OK; i++) {
		snprintf(label, sizeof(label), "%s %u",
		    tg ? "TG-Stellplatz" : "Stellplatz", i + 1);
		st = add_unit(g, p, label, "parking");
	}
	return st;
}

static enum hd_status
gen_properties(struct gen *g, const uint32_t *units)
{
	size_t n = (size_t)g->k->properties, i, c;
	enum hd_status st = HD_OK;
	char ext[24], plz[8], name[NAME_MAX];
	struct store_property_in in = {name, name, plz, NULL, ext};
	uint32_t off = 0;
	int64_t nr;

	for (i = 0; i < n && st == HD_OK; i++) {
		struct prop *p = &g->props[i];

		/* Unique names: each street's numbers keep rising. */
		nr = (int64_t)(i / demo_streets.n) * 3 + 1 +
		     (int64_t)below(g, 3);
		snprintf(name, sizeof(name), "%s %lld",
		    demo_streets.w[i % demo_streets.n], (long long)nr);
		c = below(g, demo_n_cities);
		snprintf(plz, sizeof(plz), "%05d",
		    demo_cities[c].plz + (int)below(g, 60));
		snprintf(ext, sizeof(ext), "L-%06zu", i + 1);
		hd_strlcpy(p->name, name, sizeof(p->name));
		in.city = demo_cities[c].name;
		st = store_bulk_property(
		    g->b, g->org, &in, g->start - 380 * DAY, &p->id);
		p->unit_off = off;
		off += units[i];
		if (st == HD_OK)
			st = gen_units(g, p, units[i]);
		if (st == HD_OK)
			st = gen_staff(g, i);
	}
	return st;
}

/* ---- tenants and owners ------------------------------------------------ */

static enum hd_status
add_resident(struct gen *g, size_t pi, uint32_t j, int last, bool owner)
{
	struct prop *p = &g->props[pi];
	struct res *r = &g->res[g->n_res];
	int64_t seq = (int64_t)g->n_res + 1;
	char email[EMAIL_MAX], phone[24];
	uint32_t u = p->unit_off + j % (p->n_living ? p->n_living : 1);
	struct store_bulk_user c = {0};
	enum hd_status st;

	r->last = (uint16_t)person(g, last, seq,
	    owner ? "eigentuemer.example" : "mieter.example", r->name, email);
	snprintf(phone, sizeof(phone), "01%u %07u", 50 + (unsigned)below(g, 30),
	    (unsigned)below(g, 10000000));
	r->prop = (uint32_t)pi;
	r->owner = owner;
	r->unit = u;
	r->unit_id = p->n_units ? g->unit_ids[u] : 0;
	c.org_id = g->org;
	c.name = r->name;
	c.email = email;
	c.phone = chance(g, 60) ? phone : NULL;
	c.password_hash = g->hash;
	c.created_at = g->start - 200 * DAY;
	st = store_bulk_user(g->b, &c, &r->contact_id);
	if (st == HD_OK)
		st = store_bulk_resident(g->b, g->org, p->id, r->contact_id,
		    r->unit_id, owner ? "owner" : "tenant", c.created_at);
	if (owner)
		g->owners[g->n_owners++] = (uint32_t)g->n_res;
	else
		g->tenants[g->n_tenants++] = (uint32_t)g->n_res;
	g->n_res++;
	g->tot->residents++;
	return st;
}

/*
 * The contacts of property pi, one per living unit first (owners in a
 * WEG, tenants otherwise), then partners and co-owners, often with the
 * same last name.
 */
static enum hd_status
gen_residents(struct gen *g, size_t pi, uint32_t n)
{
	const struct prop *p = &g->props[pi];
	uint32_t living = p->n_living ? p->n_living : 1, j;
	size_t first = g->n_res;
	enum hd_status st = HD_OK;
	bool weg = chance(g, 25), owner;
	int last;

	for (j = 0; j < n && st == HD_OK; j++) {
		last = -1;
		if (j >= living) {
			owner = weg ? chance(g, 20) : chance(g, 10);
			if (chance(g, 70))
				last = g->res[first + j % living].last;
		} else
			owner = weg;
		st = add_resident(g, pi, j, last, owner);
	}
	return st;
}

/* ---- Vorgänge ---------------------------------------------------------- */

static size_t
pick_type(struct gen *g)
{
	int w = (int)below(g, (uint64_t)g->type_wsum);
	size_t t;

	for (t = 0; t < DEMO_SCALE_TYPES - 1; t++)
		if ((w -= demo_ptypes[t].weight) < 0)
			break;
	return t;
}

static const struct res *
pick_reporter(struct gen *g, int audience)
{
	if (audience == DEMO_AUD_OWNER && g->n_owners > 0)
		return &g->res[g->owners[below(g, g->n_owners)]];
	if (audience == DEMO_AUD_TENANT && g->n_tenants > 0)
		return &g->res[g->tenants[below(g, g->n_tenants)]];
	return &g->res[below(g, g->n_res)];
}

/* Status of Vorgang i (of n, created at t): open for the newest, mostly
 * done for the old; *done is when it changed (0: never). */
static enum hd_pstatus
pick_status(struct gen *g, int64_t i, int64_t t, int64_t *done)
{
	static const enum hd_pstatus active[] = {
	    HD_PS_IN_PROGRESS, HD_PS_WAITING};
	int64_t n = g->k->processes, delay;
	enum hd_pstatus st;
	unsigned x;

	if (i >= n - n / 20) {
		x = (unsigned)below(g, 100);
		st = x < 55   ? HD_PS_OPEN
		     : x < 85 ? HD_PS_IN_PROGRESS
			      : HD_PS_WAITING;
		delay = 600 + (int64_t)below(g, 3 * DAY);
	} else {
		x = (unsigned)below(g, 1000);
		if (x < (g->now - t < 180 * DAY ? 30u : 5u))
			st = active[below(g, 2)];
		else
			st = x < 400 ? HD_PS_RESOLVED : HD_PS_CLOSED;
		/* Most are done within days, some take weeks. */
		delay = 1800 + (int64_t)(below(g, 21 * DAY) * unit_real(g));
	}
	*done = 0;
	if (st != HD_PS_OPEN)
		*done = t + delay < g->now ? t + delay : g->now;
	return st;
}

struct vorgang {
	int64_t id, t, done, updated;
	size_t type;
	const struct res *rep;
	const struct prop *prop;
	enum hd_pstatus status;
	int64_t creator;
	const char *creator_name;
	bool portal; /* filed by the reporter in the portal */
	int n_comments, variant;
	int64_t n_history; /* entries written so far: the next one's id - 1 */
	struct route_result route;
	char number[HD_NUMBER_MAX];
	char description[768];
};

static void
describe(struct gen *g, struct vorgang *v)
{
	const struct demo_ptype *d = &demo_ptypes[v->type];
	const char *detail = d->text[v->variant][1];
	const char *sign = strchr(v->rep->name, ' ');
	char where[160];

	if (d->unit && v->rep->unit_id)
		snprintf(where, sizeof(where), "Betroffen: %s, %s.",
		    g->labels[v->rep->unit], v->prop->name);
	else
		snprintf(where, sizeof(where), "Es betrifft das Haus %s.",
		    v->prop->name);
	if (v->portal)
		snprintf(v->description, sizeof(v->description),
		    "%s %s %s\n\nMit freundlichen Grüßen\n%s", detail, where,
		    demo_closers.w[below(g, demo_closers.n)],
		    sign ? sign + 1 : v->rep->name);
	else
		snprintf(v->description, sizeof(v->description),
		    "%s %s\n\n%s: %s", detail, where,
		    d->portal ? "Telefonisch gemeldet von" : "Kontakt",
		    v->rep->name);
}

/* The next history entry of v (ids count from 1 in a new Vorgang). */
static enum hd_status
history(struct gen *g, struct vorgang *v, int64_t at, const char *event,
    const char *text, int64_t actor)
{
	g->tot->history++;
	return store_bulk_history(
	    g->b, v->id, ++v->n_history, at, event, text, actor);
}

/* The next history entry of v, its text rendered from ev as the server
 * renders it. */
static enum hd_status
history_event(struct gen *g, struct vorgang *v, int64_t at, const char *event,
    const struct event *ev, int64_t actor)
{
	char text[EVENT_TEXT_MAX];
	enum hd_status st = event_de_render(ev, text, sizeof(text));

	return st == HD_OK ? history(g, v, at, event, text, actor) : st;
}

/* One of the Vorgang's assignees at random; NULL when it has none. */
static const struct route_assignee *
some_assignee(struct gen *g, const struct vorgang *v)
{
	return v->route.n ? &v->route.items[below(g, v->route.n)] : NULL;
}

static enum hd_status
comments(struct gen *g, const struct vorgang *v)
{
	const struct route_assignee *a;
	int64_t end = v->done ? v->done : g->now, at, author;
	enum hd_status st = HD_OK;
	const char *body;
	bool internal;
	int j;

	for (j = 0; j < v->n_comments && st == HD_OK; j++) {
		at = v->t + (end - v->t) * (j + 1) / (v->n_comments + 1);
		internal = false;
		if (chance(g, 55)) {
			a = some_assignee(g, v);
			author = a ? a->employee_id : g->admins[0].employee_id;
			internal = chance(g, 35);
			body =
			    internal
				? demo_c_internal.w[below(g, demo_c_internal.n)]
				: demo_c_staff.w[below(g, demo_c_staff.n)];
		} else {
			author = v->rep->contact_id;
			body = demo_c_reporter.w[below(g, demo_c_reporter.n)];
		}
		g->tot->comments++;
		st =
		    store_bulk_comment(g->b, v->id, author, body, internal, at);
	}
	return st;
}

/*
 * Writes history and assignees the way store_process_create does (and a
 * status change, as store_process_update does), every text rendered by
 * core/event: the routing reasons by route_compute, the rest here.
 */
static enum hd_status
trail(struct gen *g, struct vorgang *v)
{
	const struct route_assignee *a;
	struct event ev;
	enum hd_status st;
	size_t i;

	event_init(&ev, EVENT_CREATED);
	ev.actor = v->creator_name;
	ev.portal = v->portal;
	st = history_event(g, v, v->t, "created", &ev, v->creator);
	if (st == HD_OK && v->route.n == 0)
		st = history(g, v, v->t, "unrouted", v->route.why_unrouted, 0);
	for (i = 0; i < v->route.n && st == HD_OK; i++) {
		a = &v->route.items[i];
		g->tot->assignees++;
		st = store_bulk_assignee(g->b, v->id, a->employee_id,
		    a->role_id, a->reason, hd_pstatus_name(v->status));
		if (st == HD_OK)
			st = history(g, v, v->t, "routed", a->reason, 0);
	}
	if (st == HD_OK && v->status != HD_PS_OPEN) {
		a = v->route.n ? &v->route.items[0] : NULL;
		event_init(&ev, EVENT_STATUS);
		ev.from = HD_PS_OPEN;
		ev.to = v->status;
		ev.actor = a ? a->employee_name : g->admins[0].name;
		st = history_event(g, v, v->done, "status", &ev,
		    a ? a->employee_id : g->admins[0].employee_id);
	}
	return st == HD_OK ? comments(g, v) : st;
}

/* Routes with the server's rules on the in-memory Zuständigkeiten. */
static enum hd_status
route(struct gen *g, struct vorgang *v)
{
	struct route_input in = {0};

	in.property_name = v->prop->name;
	in.type_role_ids = g->type_roles[v->type];
	in.type_role_names = g->type_role_names[v->type];
	in.n_type_roles = g->type_n_roles[v->type];
	in.staff = g->staff + v->prop->staff_off;
	in.n_staff = v->prop->n_staff;
	in.admins = g->admins;
	in.n_admins = (size_t)g->k->admins;
	return route_compute(&in, &v->route);
}

/* Vorgang i, created at t with number seq of its year. */
static enum hd_status
gen_process(struct gen *g, int64_t i, int64_t t, int year, int64_t seq)
{
	struct store_bulk_process row = {0};
	const struct route_staff *s;
	struct vorgang v = {0};
	const struct demo_ptype *d;
	enum hd_status st;

	v.t = t;
	v.type = pick_type(g);
	v.variant = (int)below(g, 2);
	d = &demo_ptypes[v.type];
	v.rep = pick_reporter(g, d->audience);
	v.prop = &g->props[v.rep->prop];
	if ((st = route(g, &v)) != HD_OK)
		return st;
	v.portal = d->portal && !chance(g, 20);
	if (v.portal) {
		v.creator = v.rep->contact_id;
		v.creator_name = v.rep->name;
	} else if (v.prop->n_staff > 0) {
		s = &g->staff[v.prop->staff_off + below(g, v.prop->n_staff)];
		v.creator = s->employee_id;
		v.creator_name = s->employee_name;
	} else {
		v.creator = g->admins[0].employee_id;
		v.creator_name = g->admins[0].name;
	}
	v.status = pick_status(g, i, t, &v.done);
	v.n_comments = chance(g, 30) ? 1 + (int)below(g, 3) / 2 : 0;
	v.updated = v.done > t ? v.done : t;
	if (v.n_comments > 0 && !v.done)
		v.updated =
		    t + (g->now - t) * v.n_comments / (v.n_comments + 1);
	describe(g, &v);
	hd_process_number(year, seq, v.number, sizeof(v.number));
	row.org_id = g->org;
	row.number = v.number;
	row.type_id = g->type_ids[v.type];
	row.property_id = v.prop->id;
	row.unit_id = d->unit ? v.rep->unit_id : 0;
	row.reporter_id = v.rep->contact_id;
	row.created_by = v.creator;
	row.subject = d->text[v.variant][0];
	row.description = v.description;
	row.status = hd_pstatus_name(v.status);
	row.unrouted = v.route.unrouted;
	row.created_at = t;
	row.updated_at = v.updated;
	st = store_bulk_process(g->b, &row, &v.id);
	g->tot->unrouted += v.route.unrouted;
	if (st == HD_OK)
		st = trail(g, &v);
	route_result_cleanup(&v.route);
	return st;
}

/* The Vorgänge, oldest first, evenly over five years up to now. */
static enum hd_status
gen_processes(struct gen *g, int64_t t0_ms)
{
	int64_t n = g->k->processes, i, t, seq = 0;
	double step = (double)SPAN / (double)n;
	enum hd_status st = HD_OK;
	int year = 0, y;

	for (i = 0; i < n && st == HD_OK; i++) {
		t = g->start + (int64_t)(((double)i + unit_real(g)) * step);
		if (t > g->now)
			t = g->now;
		if ((y = hd_time_year(t)) != year) {
			if (year != 0)
				st =
				    store_bulk_counter(g->b, g->org, year, seq);
			year = y;
			seq = 0;
		}
		if (st == HD_OK)
			st = gen_process(g, i, t, year, ++seq);
		if (st == HD_OK && (i + 1) % BATCH == 0 && i + 1 < n)
			st = store_bulk_commit(g->b);
		if (g->log && (i + 1) % PROGRESS == 0)
			fprintf(g->log, "  %lld / %lld Vorgänge (%.1f s)\n",
			    (long long)(i + 1), (long long)n,
			    (double)(hd_mono_ms() - t0_ms) / 1000.0);
	}
	if (st == HD_OK && year != 0)
		st = store_bulk_counter(g->b, g->org, year, seq);
	return st;
}

/* ---- driver ------------------------------------------------------------ */

static void
gen_cleanup(struct gen *g)
{
	free(g->emps);
	free(g->admins);
	free(g->props);
	free(g->staff);
	free(g->unit_ids);
	free(g->labels);
	free(g->res);
	free(g->tenants);
	free(g->owners);
}

/* Properties, units and residents, sized by random weights. */
static enum hd_status
gen_places(struct gen *g)
{
	size_t n = (size_t)g->k->properties, i, nc = (size_t)g->k->contacts;
	uint32_t *units = calloc(n, sizeof(*units));
	uint32_t *contacts = calloc(n, sizeof(*contacts));
	double *w = calloc(n, sizeof(*w));
	enum hd_status st = HD_ENOMEM;

	g->props = calloc(n, sizeof(*g->props));
	g->unit_ids = calloc((size_t)g->k->units, sizeof(*g->unit_ids));
	g->labels = calloc((size_t)g->k->units, sizeof(*g->labels));
	g->res = calloc(nc, sizeof(*g->res));
	g->tenants = calloc(nc, sizeof(*g->tenants));
	g->owners = calloc(nc, sizeof(*g->owners));
	if (!units || !contacts || !w || !g->props || !g->unit_ids ||
	    !g->labels || !g->res || !g->tenants || !g->owners)
		goto out;
	for (i = 0; i < n; i++)
		w[i] = 0.3 + 1.4 * unit_real(g);
	split(w, n, g->k->units, units);
	if ((st = gen_properties(g, units)) != HD_OK)
		goto out;
	for (i = 0; i < n; i++)
		w[i] =
		    (double)(g->props[i].n_living ? g->props[i].n_living : 1);
	split(w, n, g->k->contacts, contacts);
	for (i = 0; i < n && st == HD_OK; i++)
		st = gen_residents(g, i, contacts[i]);
out:
	free(units);
	free(contacts);
	free(w);
	return st;
}

enum hd_status
demo_scale_generate(struct db_conn *c, const struct demo_scale_counts *k,
    const char *password_hash, FILE *log, struct demo_scale_totals *tot)
{
	struct gen g = {0};
	int64_t t0 = hd_mono_ms();
	enum hd_status st;

	memset(tot, 0, sizeof(*tot));
	g.c = c;
	g.k = k;
	g.tot = tot;
	g.hash = password_hash;
	g.log = log;
	g.rng = 0x9e3779b97f4a7c15ull;
	g.now = hd_now();
	g.start = g.now - SPAN;
	if ((st = store_bulk_begin(c, &g.b)) != HD_OK)
		return st;
	st = gen_org(&g);
	tot->org_id = g.org;
	if (st == HD_OK)
		st = gen_types(&g);
	if (st == HD_OK)
		st = gen_places(&g);
	if (st == HD_OK && log)
		fprintf(log,
		    "  %lld properties, %lld units, %zu contacts (%.1f s)\n",
		    (long long)k->properties, (long long)k->units, g.n_res,
		    (double)(hd_mono_ms() - t0) / 1000.0);
	if (st == HD_OK)
		st = gen_processes(&g, t0);
	st = store_bulk_end(g.b, st);
	gen_cleanup(&g);
	return st;
}

/* ---- parameters -------------------------------------------------------- */

bool
demo_scale_parse(const char *s, double *out)
{
	size_t i, dots = 0;
	char *end;
	double v;

	/* Digits and one dot only: no sign, exponent, hex, inf or nan. */
	if (s == NULL || s[0] == '\0' || strlen(s) > 16 || s[0] == '.')
		return false;
	for (i = 0; s[i]; i++) {
		if (s[i] == '.')
			dots++;
		else if (s[i] < '0' || s[i] > '9')
			return false;
	}
	if (dots > 1)
		return false;
	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || *end != '\0' || !isfinite(v) || v <= 0 ||
	    v > DEMO_SCALE_MAX)
		return false;
	*out = v;
	return true;
}

static int64_t
scaled(double n, double base, int64_t min)
{
	int64_t v = round_pos(n * base);

	return v < min ? min : v;
}

void
demo_scale_counts(double n, struct demo_scale_counts *out)
{
	out->admins = scaled(n, 5, 1);
	out->employees = scaled(n, 300, out->admins);
	out->properties = scaled(n, 2000, 1);
	out->units = scaled(n, 60000, out->properties);
	out->contacts = scaled(n, 90000, out->properties);
	out->processes = scaled(n, 1000000, 1);
}
