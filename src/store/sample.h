/* SPDX-License-Identifier: MIT */
#ifndef HD_STORE_SAMPLE_H
#define HD_STORE_SAMPLE_H

#include "db/db.h"

#include <stddef.h>
#include <stdint.h>

/*
 * Reads over a whole organisation for tools, not for requests: whom the
 * benchmark's token files name (`hausdesk demo --tokens`) and the logins
 * `hausdesk demo` prints. Every list is in a fixed order, so that the
 * same database gives the same files.
 */

/* A growing list of integers; zero it first, free it with
 * store_ids_cleanup. */
struct store_ids {
	int64_t *v;
	size_t n, cap;
};

/* Frees a's integers and empties it. */
void store_ids_cleanup(struct store_ids *a);

/* Appends, for each tenant row of org whose account is active (by the
 * row's id), three integers: the contact's id, the property's and the
 * unit's (0: none). HD_OK, HD_ENOMEM or the database's error. */
enum hd_status store_sample_tenants(
    struct db_conn *c, int64_t org_id, struct store_ids *out);

/* Appends the ids of org's active employees, by id. */
enum hd_status store_sample_employees(
    struct db_conn *c, int64_t org_id, struct store_ids *out);

/* Appends the ids of the Vorgänge employee_id is assigned to, by id. */
enum hd_status store_sample_assigned(
    struct db_conn *c, int64_t employee_id, struct store_ids *out);

/* A login to show: address, name, and what the person is ("Mieterin,
 * Hauptstraße 1"). */
struct store_login {
	char email[256];
	char name[256];
	char what[320];
};

#define STORE_LOGINS 4

/*
 * The first of org's admins ("Administration"), of its employees
 * holding a role ("Buchhaltung, 89 Objekte": the role and at how many
 * properties they hold it), of its tenants and of its owners
 * ("Mieter, Hauptstraße 1", "Eigentümerin, …"), those there are, in
 * that order, into out; *n how many. HD_OK or the database's error.
 */
enum hd_status store_sample_logins(struct db_conn *c, int64_t org_id,
    struct store_login out[STORE_LOGINS], size_t *n);

#endif
