/* SPDX-License-Identifier: MIT */
#ifndef HD_STORE_PCTX_H
#define HD_STORE_PCTX_H

#include "db/db.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What routing, history and mails need to know about one Vorgang. */
struct pctx {
	int64_t id, org_id, type_id, property_id, unit_id, reporter_id;
	bool reporter_is_contact;
	int reporter_lang; /* enum hd_lang: the reporter's locale */
	char number[32], status[32];
	char org_name[256], type_name[256], property_name[256];
	char unit_label[256], reporter_name[256], reporter_email[256];
	char creator_name[256];
	char *subject, *description; /* owned */
};

/* Loads Vorgang id (any organisation: check visibility first). Free
 * with pctx_cleanup. HD_ENOTFOUND when there is none. */
enum hd_status pctx_load(struct db_conn *c, int64_t id, struct pctx *p);
void pctx_cleanup(struct pctx *p);

/* The name of user id into buf. HD_ENOTFOUND when there is none. */
enum hd_status store_org_user_name(
    struct db_conn *c, int64_t id, char *buf, size_t n);

/* The enum hd_lang (core/event.h) of a stored locale ("en"; anything
 * else: German). */
int store_lang_of(const char *locale);

#endif
