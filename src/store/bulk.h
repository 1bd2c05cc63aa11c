/* SPDX-License-Identifier: MIT */
#ifndef HD_STORE_BULK_H
#define HD_STORE_BULK_H

#include "db/db.h"

#include <stdbool.h>
#include <stdint.h>

/*
 * Loading much generated data at once (`hausdesk demo --scale`): the
 * rows of a whole organisation — users, properties, units, staff,
 * residents, Vorgänge with their assignees, history and comments — in
 * few large transactions, with the driver's fast-load settings
 * (db_tune), and the rows nobody needs the id of written
 * STORE_BULK_ROWS to a statement.
 *
 * Not for the server's requests: nothing here checks references or
 * routes, and the database does not either while the load runs (the
 * caller generates consistent data, routed by core/route;
 * test_demo_scale checks the result), history ids are the caller's (a
 * Vorgang loaded here is new, its entries count from 1), and history
 * texts come rendered (core/event, as the server writes them).
 *
 * Rows with an id out (users, properties, units, Vorgänge) are written
 * at once; the others (staff, residents, assignees, history, comments)
 * are buffered, strings copied, and written when STORE_BULK_ROWS are
 * together, at store_bulk_flush, store_bulk_commit and store_bulk_end.
 * Other store functions may write on the same connection meanwhile
 * (roles, process types); they see buffered rows only after a flush.
 *
 * The SQL is the store's portable SQL. On PostgreSQL (issue 12) it
 * works as it is, but slower: each row with an id out is a round trip
 * (INSERT ... RETURNING id: a million for the Vorgänge at scale 1), the
 * buffered rows one per STORE_BULK_ROWS, every foreign key and the
 * comment counter are row triggers there, and db_tune does nothing
 * (synchronous_commit stays on: a commit per store_bulk_commit).
 */
struct store_bulk; /* opaque */

/* Rows per multi-row INSERT (and the most kept per table). */
#define STORE_BULK_ROWS 32

/*
 * Starts a bulk load on c (outside a transaction): the driver's
 * fast-load settings (SQLite: no fsyncs, a large cache — the data can
 * be generated again after a crash; no foreign key checks) and a
 * transaction. *out is the load (ended and freed by store_bulk_end),
 * NULL on error; the settings are restored then. HD_OK, HD_ENOMEM or
 * the database's error.
 */
enum hd_status store_bulk_begin(struct db_conn *c, struct store_bulk **out);

/* Writes the buffered rows. HD_OK or the first failing statement's
 * error (HD_ECONFLICT for a unique key violation); the rows not written
 * are dropped then (end the load with the error: it rolls back). */
enum hd_status store_bulk_flush(struct store_bulk *b);

/* Writes the buffered rows and commits what the load wrote so far, then
 * begins the next transaction (keeps the WAL bounded on SQLite). */
enum hd_status store_bulk_commit(struct store_bulk *b);

/*
 * Ends the load and frees b (accepts NULL: returns st). When st is
 * HD_OK: writes the buffered rows, commits, and gathers the planner's
 * figures (ANALYZE); otherwise rolls back what was not committed yet.
 * The connection's normal settings come back either way. Returns st
 * when it is an error, else the first error of these steps.
 */
enum hd_status store_bulk_end(struct store_bulk *b, enum hd_status st);

/* A user row: an employee or a contact, with its password hash and
 * creation time (the load's history goes back years). */
struct store_bulk_user {
	int64_t org_id;
	bool employee; /* false: a contact (tenant or owner) */
	bool is_admin;
	const char *name;
	const char *email;
	const char *phone; /* NULL: none */
	const char *password_hash;
	int64_t created_at; /* Unix seconds */
};

/* Inserts user u at once; *id is its id. HD_ECONFLICT for an address
 * taken in the organisation. */
enum hd_status store_bulk_user(
    struct store_bulk *b, const struct store_bulk_user *u, int64_t *id);

/* Inserts a property of org at once (name, street, postal_code, city,
 * external_id; see store/property.h), created at created_at; *id. */
struct store_property_in;
enum hd_status store_bulk_property(struct store_bulk *b, int64_t org_id,
    const struct store_property_in *in, int64_t created_at, int64_t *id);

/* Inserts a unit (kind "apartment", "commercial", "parking", ...) of
 * property_id at once; *id. */
enum hd_status store_bulk_unit(struct store_bulk *b, int64_t org_id,
    int64_t property_id, const char *label, const char *kind, int64_t *id);

/* A staff assignment (Zuständigkeit); buffered. */
enum hd_status store_bulk_staff(struct store_bulk *b, int64_t org_id,
    int64_t property_id, int64_t employee_id, int64_t role_id);

/* A resident row (relation "tenant" or "owner"; unit_id 0: the whole
 * property); buffered. */
enum hd_status store_bulk_resident(struct store_bulk *b, int64_t org_id,
    int64_t property_id, int64_t contact_id, int64_t unit_id,
    const char *relation, int64_t created_at);

/* A Vorgang as it stands after its history: reported by a contact,
 * filed by created_by, in status (its stored name, core/process.h). */
struct store_bulk_process {
	int64_t org_id;
	const char *number; /* hd_process_number */
	int64_t type_id, property_id;
	int64_t unit_id; /* 0: none */
	int64_t reporter_id, created_by;
	const char *subject, *description, *status;
	bool unrouted;
	int64_t created_at, updated_at;
};

/* Inserts Vorgang p at once; *id. */
enum hd_status store_bulk_process(
    struct store_bulk *b, const struct store_bulk_process *p, int64_t *id);

/* Sets org's Vorgang counter of year to last unless it is higher
 * already (the numbers of that year given out so far). At once. */
enum hd_status store_bulk_counter(
    struct store_bulk *b, int64_t org_id, int year, int64_t last);

/* An assignee of process_id (role_id 0: none) with the routing reason
 * and the Vorgang's status name; buffered. */
enum hd_status store_bulk_assignee(struct store_bulk *b, int64_t process_id,
    int64_t employee_id, int64_t role_id, const char *reason,
    const char *status);

/* History entry id (from 1 per Vorgang) of process_id: event is the
 * stored kind ("created", "routed", ...), text the sentence rendered by
 * core/event, actor_id 0 for none; buffered. */
enum hd_status store_bulk_history(struct store_bulk *b, int64_t process_id,
    int64_t id, int64_t at, const char *event, const char *text,
    int64_t actor_id);

/* A comment on process_id (the Vorgang's comment count follows, as for
 * every comment); buffered. */
enum hd_status store_bulk_comment(struct store_bulk *b, int64_t process_id,
    int64_t author_id, const char *body, bool internal, int64_t created_at);

#endif
