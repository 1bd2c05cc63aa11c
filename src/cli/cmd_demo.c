/* SPDX-License-Identifier: MIT */
/*
 * `hausdesk demo`: the seed scenario of docs/product.md, or with --scale
 * the large data set (cli/demo_scale.h) and the benchmark's tokens.
 * Everything is written through the store.
 */
#include "cli/cli.h"
#include "cli/demo_scale.h"
#include "store/contact.h"
#include "store/property.h"
#include "store/ptype.h"
#include "store/role.h"
#include "store/sample.h"
#include "store/setting.h"
#include "store/user.h"
#include "util/clock.h"
#include "util/rand.h"
#include "util/settings.h"

#include <stdio.h>
#include <string.h>

#define DEMO_ORG "ABC Hausverwaltung"
#define DEMO_PASSWORD "hausdesk-demo"

/* Inserts an employee, or a contact when email is a customer's, with
 * the demo password; its id into *id. */
static enum hd_status
demo_user(struct db_conn *c, int64_t org, bool employee, const char *name,
    const char *email, const char *hash, int64_t *id)
{
	struct store_contact_in in = {.name = name, .email = email};
	enum hd_status st;

	if (employee)
		st = store_employee_insert(c, org, name, email, false, id);
	else
		st = store_contact_insert(c, org, &in, id);
	return st == HD_OK ? store_user_set_password(c, *id, hash) : st;
}

/* A staff assignment (Zuständigkeit); its id is not needed. */
static enum hd_status
staff(struct db_conn *c, int64_t org, int64_t prop, int64_t emp, int64_t role)
{
	const char *field;
	int64_t id;

	return store_staff_insert(c, org, prop, emp, role, &id, &field);
}

/* The seed scenario of docs/product.md, steps 1-4, plus Herr Müller. */
static enum hd_status
load(struct db_conn *c, int64_t org, const char *hash)
{
	static const struct store_property_in mps12 = {
	    .name = "Max-Planck-Straße 12",
	    .street = "Max-Planck-Straße 12",
	    .postal_code = "80331",
	    .city = "München",
	    .external_id = "MPS12",
	};
	int64_t huber, schmidt, mueller, buch, sach, prop, unit, t, res;
	const char *field;
	enum hd_status st;

	if ((st = demo_user(c, org, true, "Frau Huber", "huber@abc.example",
		 hash, &huber)) != HD_OK ||
	    (st = demo_user(c, org, true, "Herr Schmidt", "schmidt@abc.example",
		 hash, &schmidt)) != HD_OK ||
	    (st = demo_user(c, org, false, "Herr Müller", "mueller@example.org",
		 hash, &mueller)) != HD_OK)
		return st;
	if ((st = store_role_insert(c, org, "Buchhaltung",
		 "Rechnungen, Nebenkosten, Zahlungen", &buch)) != HD_OK ||
	    (st = store_role_insert(c, org, "Sachbearbeitung",
		 "Schadensmeldungen", &sach)) != HD_OK)
		return st;
	if ((st = store_property_insert(c, org, &mps12, &prop)) != HD_OK ||
	    (st = store_unit_insert(c, org, prop, "Wohnung 3, 2. OG links",
		 "apartment", &unit)) != HD_OK)
		return st;
	if ((st = staff(c, org, prop, huber, buch)) != HD_OK ||
	    (st = staff(c, org, prop, schmidt, sach)) != HD_OK ||
	    (st = store_resident_insert(
		 c, org, prop, mueller, unit, "tenant", &res, &field)) != HD_OK)
		return st;
	if ((st = store_ptype_insert(c, org, "Schadensmeldung",
		 "Melden Sie einen Schaden an Gebäude, Wohnung oder Anlagen.",
		 true, &sach, 1, &t)) != HD_OK)
		return st;
	return store_ptype_insert(c, org, "Frage zur Rechnung",
	    "Fragen zu Rechnungen, Nebenkosten und Zahlungen.", true, &buch, 1,
	    &t);
}

static int
seed(const char *db)
{
	char hash[160];
	struct db_conn *c;
	struct store_user u;
	enum hd_status st;
	int64_t org;
	bool created;

	if ((c = cli_open_db(db, false)) == NULL)
		return 1;
	st = hd_password_hash(DEMO_PASSWORD, hash, sizeof(hash));
	if (st == HD_OK && (st = db_begin(c)) == HD_OK) {
		st = store_org_ensure(c, DEMO_ORG, "admin@abc.example",
		    "Frau Admin", hash, &org, &created);
		if (st == HD_OK)
			st = store_user_by_email(c, "huber@abc.example", &u);
		/* Loaded once: Frau Huber is there after it. */
		if (st == HD_ENOTFOUND)
			st = load(c, org, hash);
		if (st == HD_OK)
			st = db_commit(c);
		else
			db_rollback(c);
	}
	if (st == HD_OK)
		st = cli_search_fill(c, true);
	db_close(c);
	if (st != HD_OK) {
		fprintf(stderr, "hausdesk: demo data could not be loaded: %s\n",
		    hd_status_str(st));
		return 1;
	}
	printf("Demo data of %s in %s. Logins (password for all: %s):\n"
	       "  admin@abc.example    Frau Admin (Administration)\n"
	       "  huber@abc.example    Frau Huber (Buchhaltung)\n"
	       "  schmidt@abc.example  Herr Schmidt (Sachbearbeitung)\n"
	       "  mueller@example.org  Herr Müller (Mieter, Kundenportal)\n",
	    DEMO_ORG, cli_shown(db), DEMO_PASSWORD);
	return 0;
}

/* ---- the large data set ------------------------------------------------ */

static enum hd_status
print_logins(struct db_conn *c, int64_t org)
{
	struct store_login l[STORE_LOGINS];
	enum hd_status st;
	size_t n, i;

	if ((st = store_sample_logins(c, org, l, &n)) != HD_OK)
		return st;
	printf("Logins (password for all: %s):\n", DEMO_SCALE_PASSWORD);
	for (i = 0; i < n; i++)
		printf("  %-34s %s (%s)\n", l[i].email, l[i].name, l[i].what);
	return HD_OK;
}

static enum hd_status
generate(struct db_conn *c, const char *db, double scale, int64_t *org)
{
	struct demo_scale_counts k;
	struct demo_scale_totals tot;
	char hash[160];
	int64_t t0 = hd_mono_ms();
	enum hd_status st;

	demo_scale_counts(scale, &k);
	printf("Generating the demo data set of %s at scale %g into %s:\n",
	    DEMO_SCALE_ORG, scale, cli_shown(db));
	fflush(stdout);
	/* Argon2id is slow on purpose: hash once, share the hash. */
	if ((st = hd_password_hash(DEMO_SCALE_PASSWORD, hash, sizeof(hash))) !=
	    HD_OK)
		return st;
	st = demo_scale_generate(c, &k, hash, stdout, &tot);
	*org = tot.org_id;
	if (st != HD_OK)
		return st;
	printf("Done in %.1f s:\n"
	       "  %lld employees (admins: %lld), %d roles, %lld staff "
	       "assignments\n"
	       "  %lld properties, %lld units, %lld tenants and owners\n"
	       "  %d process types, %lld Vorgänge (%lld unrouted)\n"
	       "  %lld assignees, %lld history rows, %lld comments\n",
	    (double)(hd_mono_ms() - t0) / 1000.0, (long long)k.employees,
	    (long long)k.admins, DEMO_SCALE_ROLES, (long long)tot.staff,
	    (long long)k.properties, (long long)k.units,
	    (long long)tot.residents, DEMO_SCALE_TYPES, (long long)k.processes,
	    (long long)tot.unrouted, (long long)tot.assignees,
	    (long long)tot.history, (long long)tot.comments);
	return HD_OK;
}

/* Generates scale into the database at db (unless the organisation is
 * there already), then the tokens when tokens is not NULL. */
static int
scale_run(const char *db, double scale, const char *tokens)
{
	struct db_conn *c;
	enum hd_status st;
	int64_t org = 0;

	if ((c = cli_open_db(db, false)) == NULL)
		return 1;
	st = store_org_find(c, DEMO_SCALE_ORG, &org);
	if (st == HD_OK)
		printf("%s is already in %s: nothing generated.\n",
		    DEMO_SCALE_ORG, cli_shown(db));
	else if (st == HD_ENOTFOUND) {
		/* The bulk generator writes no search text: all of it now
		 * (a data set already there had its quick fill at open). */
		st = generate(c, db, scale, &org);
		if (st == HD_OK)
			st = cli_search_fill(c, true);
	}
	if (st == HD_OK && tokens != NULL) {
		st = demo_scale_tokens(c, org, tokens);
		if (st == HD_OK)
			printf(
			    "API tokens in %s and %s.read\n", tokens, tokens);
	}
	if (st == HD_OK)
		st = print_logins(c, org);
	db_close(c);
	if (st != HD_OK) {
		fprintf(stderr, "hausdesk: the demo data set failed: %s\n",
		    hd_status_str(st));
		return 1;
	}
	return 0;
}

int
cmd_demo(int argc, char **argv)
{
	static struct hd_settings s;
	int rc;

	rc = hd_settings_parse(&s, HD_CMD_DEMO, argc, argv, stdout, stderr);
	hd_settings_cleanup(&s); /* nothing of demo's is read from a file */
	if (rc != HD_SETTINGS_RUN)
		return rc;
	if (s.scale > 0)
		return scale_run(s.cfg.db_path, s.scale, s.tokens);
	return seed(s.cfg.db_path);
}
