/* SPDX-License-Identifier: MIT */
#include "cli/cli.h"
#include "cli/demo_scale.h"
#include "store/setting.h"
#include "store/user.h"
#include "util/clock.h"
#include "util/rand.h"
#include "util/settings.h"

#include <stdio.h>
#include <string.h>

#define DEMO_ORG "ABC Hausverwaltung"
#define DEMO_PASSWORD "hausdesk-demo"

/* Inserts a user with the demo password; returns its id in *id. */
static enum hd_status
demo_user(struct db_conn *c, int64_t org, const char *kind, const char *name,
    const char *email, const char *hash, int64_t *id)
{
	enum hd_status st;

	if (strcmp(kind, "employee") == 0)
		st = store_employee_insert(c, org, name, email, false, id);
	else
		st = db_insert(c, id,
		    "INSERT INTO users(org_id, kind, name, email, created_at) "
		    "VALUES (?, 'contact', ?, ?, ?)",
		    "itti", org, name, email, hd_now());
	return st == HD_OK ? store_user_set_password(c, *id, hash) : st;
}

/* The seed scenario of docs/product.md, steps 1-4, plus Herr Müller. */
static enum hd_status
load(struct db_conn *c, int64_t org, const char *hash)
{
	int64_t huber, schmidt, mueller, buch, sach, prop, unit, t1, t2;
	enum hd_status st;

	if ((st = demo_user(c, org, "employee", "Frau Huber",
		 "huber@abc.example", hash, &huber)) != HD_OK ||
	    (st = demo_user(c, org, "employee", "Herr Schmidt",
		 "schmidt@abc.example", hash, &schmidt)) != HD_OK ||
	    (st = demo_user(c, org, "contact", "Herr Müller",
		 "mueller@example.org", hash, &mueller)) != HD_OK)
		return st;
	if ((st = db_insert(c, &buch,
		 "INSERT INTO roles(org_id, name, description) VALUES (?, "
		 "'Buchhaltung', 'Rechnungen, Nebenkosten, Zahlungen')",
		 "i", org)) != HD_OK ||
	    (st = db_insert(c, &sach,
		 "INSERT INTO roles(org_id, name, description) VALUES (?, "
		 "'Sachbearbeitung', 'Schadensmeldungen')",
		 "i", org)) != HD_OK)
		return st;
	if ((st = db_insert(c, &prop,
		 "INSERT INTO properties(org_id, name, street, postal_code, "
		 "city, external_id, created_at) VALUES (?, "
		 "'Max-Planck-Straße 12', 'Max-Planck-Straße 12', '80331', "
		 "'München', 'MPS12', ?)",
		 "ii", org, hd_now())) != HD_OK ||
	    (st = db_insert(c, &unit,
		 "INSERT INTO units(org_id, property_id, label, kind) VALUES "
		 "(?, ?, 'Wohnung 3, 2. OG links', 'apartment')",
		 "ii", org, prop)) != HD_OK)
		return st;
	if ((st = db_exec(c,
		 "INSERT INTO staff(org_id, property_id, employee_id, role_id) "
		 "VALUES (?1, ?2, ?3, ?4), (?1, ?2, ?5, ?6)",
		 "iiiiii", org, prop, huber, buch, schmidt, sach)) != HD_OK ||
	    (st = db_exec(c,
		 "INSERT INTO residents(org_id, property_id, contact_id, "
		 "unit_id, relation, created_at) VALUES (?, ?, ?, ?, "
		 "'tenant', ?)",
		 "iiiii", org, prop, mueller, unit, hd_now())) != HD_OK)
		return st;
	if ((st = db_insert(c, &t1,
		 "INSERT INTO process_types(org_id, name, description, portal) "
		 "VALUES (?, 'Schadensmeldung', 'Melden Sie einen Schaden an "
		 "Gebäude, Wohnung oder Anlagen.', 1)",
		 "i", org)) != HD_OK ||
	    (st = db_insert(c, &t2,
		 "INSERT INTO process_types(org_id, name, description, portal) "
		 "VALUES (?, 'Frage zur Rechnung', 'Fragen zu Rechnungen, "
		 "Nebenkosten und Zahlungen.', 1)",
		 "i", org)) != HD_OK)
		return st;
	return db_exec(c,
	    "INSERT INTO process_type_roles(type_id, role_id, position) "
	    "VALUES (?, ?, 0), (?, ?, 0)",
	    "iiii", t1, sach, t2, buch);
}

int
cmd_demo(int argc, char **argv)
{
	static struct hd_settings s;
	const char *db;
	char hash[160];
	struct db_conn *c;
	struct store_user u;
	enum hd_status st;
	int64_t org;
	bool created;
	int rc;

	rc = hd_settings_parse(&s, HD_CMD_DEMO, argc, argv, stdout, stderr);
	hd_settings_cleanup(&s); /* nothing of demo's is read from a file */
	if (rc != HD_SETTINGS_RUN)
		return rc;
	db = s.cfg.db_path;
	if (s.scale > 0)
		return demo_scale_run(db, s.scale, s.tokens);
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
	    DEMO_ORG, db, DEMO_PASSWORD);
	return 0;
}
