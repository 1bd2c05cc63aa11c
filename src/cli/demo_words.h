/* SPDX-License-Identifier: MIT */
#ifndef HD_DEMO_WORDS_H
#define HD_DEMO_WORDS_H

#include <stddef.h>

/*
 * The vocabulary of the large demo data set (cli/demo_scale.c): the
 * roles and process types of a Hausverwaltung, with what tenants and
 * owners write about each, names of people, cities and streets, and the
 * sentences of comments. German, as the people using it write. Data
 * only: the generator decides how often each is used.
 */

#define DEMO_SCALE_ROLES 12
#define DEMO_SCALE_TYPES 40

/* A Mitarbeiterrolle. */
struct demo_role {
	const char *name, *desc;
};

extern const struct demo_role demo_roles[DEMO_SCALE_ROLES];

/* Who files a process type: anyone, tenants only, owners only. */
enum demo_audience { DEMO_AUD_ANY, DEMO_AUD_TENANT, DEMO_AUD_OWNER };

/* A Vorgangstyp. */
struct demo_ptype {
	const char *name, *desc;
	signed char role[2];	/* index into demo_roles; -1 for none */
	unsigned char portal;	/* tenants and owners may file it */
	unsigned char unit;	/* it concerns a unit, not the house */
	unsigned char audience; /* enum demo_audience */
	unsigned char weight;	/* how often, relative to the others */
	const char *text[2][2]; /* two subjects, each with its detail */
};

extern const struct demo_ptype demo_ptypes[DEMO_SCALE_TYPES];

/* A list of words or sentences. */
struct demo_list {
	const char *const *w;
	size_t n;
};

extern const struct demo_list demo_first_f; /* women's first names */
extern const struct demo_list demo_first_m; /* men's first names */
extern const struct demo_list demo_last_names;
extern const struct demo_list demo_streets;
extern const struct demo_list demo_closers;    /* a report's last sentence */
extern const struct demo_list demo_c_staff;    /* comments of staff */
extern const struct demo_list demo_c_internal; /* internal notes */
extern const struct demo_list demo_c_reporter; /* comments of reporters */

/* A city and its first postal code. */
struct demo_city {
	const char *name;
	int plz;
};

extern const struct demo_city demo_cities[];
extern const size_t demo_n_cities;

#endif
