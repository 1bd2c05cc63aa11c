/* SPDX-License-Identifier: MIT */
#ifndef HD_DEMO_SCALE_H
#define HD_DEMO_SCALE_H

#include "cli/demo_words.h"
#include "db/db.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/*
 * The large demo data set (`hausdesk demo --scale N`): one organisation,
 * "Muster Immobilien GmbH", with employees, roles, properties, units,
 * tenants and owners, process types and years of historical Vorgänge,
 * routed by the server's own route_compute. Deterministic: the same
 * counts give the same data (only the timestamps follow the clock).
 * The words are in cli/demo_words.c, the generator in cli/demo_scale.c
 * (it writes through store/bulk.h), the benchmark's token files in
 * cli/demo_tokens.c.
 */
#define DEMO_SCALE_ORG "Muster Immobilien GmbH"
#define DEMO_SCALE_ADMIN "admin@muster.example"
#define DEMO_SCALE_PASSWORD "hausdesk-demo"
#define DEMO_SCALE_MAX 100.0

/* How much of everything; roles and process types are fixed. */
struct demo_scale_counts {
	int64_t employees; /* admins included */
	int64_t admins;	   /* the first employees; the first is the org admin */
	int64_t properties; /* 2,000 at scale 1 */
	int64_t units;	    /* 60,000 */
	int64_t contacts;   /* 90,000 tenants and owners */
	int64_t processes;  /* 1,000,000 */
};

/* What was written, for the summary. */
struct demo_scale_totals {
	int64_t org_id;
	int64_t staff, residents, assignees, history, comments, unrouted;
};

/*
 * Parses a scale: plain decimal digits with at most one '.', greater than
 * 0 and at most DEMO_SCALE_MAX ("1", "0.01"). Returns false otherwise.
 */
bool demo_scale_parse(const char *s, double *out);

/* The counts for scale n: linear in n, each at least 1 (the employees at
 * least the admins, the units and contacts at least one per property). */
void demo_scale_counts(double n, struct demo_scale_counts *out);

/*
 * Generates the data set on c (migrated; the organisation must not exist
 * yet: HD_ECONFLICT otherwise) with password_hash for every user, c
 * outside a transaction. Runs its own transactions as a bulk load
 * (store/bulk.h: the driver's fast-load settings, normal ones again
 * afterwards), committing every 50,000 Vorgänge: an error rolls back
 * what came after the last commit only. Progress goes to log (may be
 * NULL). Fills *tot.
 */
enum hd_status demo_scale_generate(struct db_conn *c,
    const struct demo_scale_counts *k, const char *password_hash, FILE *log,
    struct demo_scale_totals *tot);

/*
 * Creates API tokens for up to 1,000 tenants (spread over the properties)
 * and every active employee of org, and writes them to path, one per line
 * "kind<TAB>user_id<TAB>token<TAB>property_id<TAB>unit_id" (kind tenant
 * or employee; 0 for an employee's property and unit), and to path.read
 * lines "token<TAB>process_id": up to 20 Vorgänge assigned to each
 * employee. Only the token hashes are stored. HD_EIO when a file cannot
 * be written.
 */
enum hd_status demo_scale_tokens(
    struct db_conn *c, int64_t org_id, const char *path);

/* The generator's random numbers (xorshift64*), for whatever must come
 * out the same on every run: uniform in [0, n), n > 0; advances
 * *state, which starts at any value but 0. */
uint64_t demo_rand_below(uint64_t *state, uint64_t n);

#endif
