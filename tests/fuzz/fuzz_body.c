/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target: a JSON request body, as the server takes it in. The
 * input goes through what every POST/PATCH/DELETE runs before and inside
 * a handler — hd_body_parse (UTF-8, jansson with JSON_REJECT_DUPLICATES,
 * an object), then every field reader of src/http/json.c over every field
 * name the handlers read — and the answer writers over the parsed body.
 * Besides crashes and sanitizer reports, each result is held to the rules
 * of tests/fuzz/oracle.h and to a second implementation where there is
 * one: hd_utf8_valid against the oracle's decoder, hd_valid_text against
 * oracle_text_ok, hd_json_write against json_dumps.
 *
 * Run: make fuzz, then build-fuzz/fuzz_body tests/fuzz/corpus/body
 * (docs/fuzzing.md).
 */
#include "core/validate.h"
#include "http/http.h"
#include "http/input.h"
#include "oracle.h"
#include "util/buf.h"
#include "util/jsonout.h"
#include "util/jsonw.h"
#include "util/str.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Every field name a handler reads from a body (src/http/h_*.c). */
static const char *const keys[] = {
    "name",
    "email",
    "password",
    "token",
    "subject",
    "description",
    "body",
    "street",
    "postal_code",
    "city",
    "external_id",
    "label",
    "phone",
    "type_id",
    "property_id",
    "unit_id",
    "reporter_contact_id",
    "employee_id",
    "role_id",
    "contact_id",
    "fallback_role_id",
    "role_ids",
    "assignee_ids",
    "internal",
    "active",
    "is_admin",
    "portal",
    "status",
    "kind",
    "relation",
};

#define MAX_IDS 100 /* STORE_PTYPE_MAX_ROLES, the largest list read */

/* Forgets the answer a reader wrote; a refusal must have written one. */
static void
reset(struct hd_resp *w, bool ok)
{
	if (!ok) {
		REQUIRE(w->status == 422 || w->status == 500);
		REQUIRE(w->json != NULL);
	}
	json_decref(w->json);
	memset(w, 0, sizeof(*w));
}

/* Text accepted by a reader: NUL-free, valid UTF-8 and by the rules. */
static void
check_text(const char *s, size_t max, bool multiline)
{
	REQUIRE(s != NULL);
	REQUIRE(oracle_utf8_valid(s, strlen(s)));
	REQUIRE(oracle_text_ok(s, max, multiline));
}

static void
read_text_fields(struct hd_req *r, const char *key)
{
	static const size_t maxes[] = {HD_MAX_SHORT, HD_MAX_NAME, HD_MAX_TEXT};
	struct hd_resp w = {0};
	const char *s;
	bool ok;
	size_t i;

	for (i = 0; i < sizeof(maxes) / sizeof(maxes[0]); i++) {
		ok = hd_in_text_opt(r, &w, key, maxes[i], false, &s);
		if (ok && s != NULL)
			check_text(s, maxes[i], false);
		reset(&w, ok);
		ok = hd_in_text(r, &w, key, maxes[i], false, &s);
		if (ok)
			check_text(s, maxes[i], false);
		reset(&w, ok);
	}
	/* Multi-line last: it may put a copy with LF for U+2028/9 into the
	 * body, which the one-line readers above must not see first. */
	if (strcmp(key, "description") == 0) {
		ok = hd_in_description(r, &w, &s);
		if (ok && s != NULL && *s != '\0')
			check_text(s, HD_MAX_TEXT, true);
		reset(&w, ok);
	}
	ok = hd_in_text(r, &w, key, HD_MAX_TEXT, true, &s);
	if (ok)
		check_text(s, HD_MAX_TEXT, true);
	reset(&w, ok);
}

static void
read_other_fields(struct hd_req *r, const char *key)
{
	static const char *const allowed[] = {
	    "open", "closed", "tenant", "owner", "apartment", NULL};
	struct hd_resp w = {0};
	int64_t id, ids[MAX_IDS];
	const char *s;
	bool ok, b, present;
	size_t n, i, k;

	ok = hd_in_email(r, &w, key, key[0] == 'e', &s);
	if (ok && s != NULL)
		REQUIRE(oracle_email_plausible(s));
	reset(&w, ok);
	for (i = 0; i < 2; i++) {
		ok = hd_in_id(r, &w, key, i == 1, &id);
		if (ok)
			REQUIRE(id > 0 || (i == 0 && id == 0));
		reset(&w, ok);
	}
	ok = hd_in_bool(r, &w, key, &b, &present);
	reset(&w, ok);
	ok = hd_in_enum(r, &w, key, allowed, false, &s);
	if (ok && s != NULL) {
		for (i = 0; allowed[i] && allowed[i] != s; i++)
			;
		REQUIRE(allowed[i] != NULL); /* one of ours, not the input */
	}
	reset(&w, ok);
	ok = hd_in_id_list(r, &w, key, MAX_IDS, ids, &n, &present);
	if (ok) {
		REQUIRE(n <= MAX_IDS);
		for (i = 0; i < n; i++) {
			REQUIRE(ids[i] > 0);
			for (k = 0; k < i; k++)
				REQUIRE(ids[k] != ids[i]);
		}
	}
	reset(&w, ok);
}

/* The answer writers: hd_json_write is documented to give exactly
 * json_dumps(j, JSON_COMPACT), and hd_jw to escape strings as it does. */
static void
write_back(json_t *body)
{
	struct hd_buf b;
	struct hd_jw jw;
	char *ours = NULL, *theirs;
	size_t len;
	const char *key;
	json_t *v, *one;

	hd_buf_init(&b, HD_MAX_BODY * 8);
	REQUIRE(hd_json_write(body, &b) == HD_OK);
	REQUIRE(hd_buf_take(&b, &ours, &len) == HD_OK);
	theirs = json_dumps(body, JSON_COMPACT);
	REQUIRE(theirs != NULL);
	REQUIRE(strlen(theirs) == len && memcmp(theirs, ours, len) == 0);
	free(theirs);
	free(ours);

	json_object_foreach(body, key, v)
	{
		if (!json_is_string(v))
			continue;
		hd_buf_init(&b, HD_MAX_BODY * 8);
		hd_jw_init(&jw, &b);
		hd_jw_arr(&jw, NULL);
		hd_jw_strn(
		    &jw, NULL, json_string_value(v), json_string_length(v));
		hd_jw_arr_end(&jw);
		REQUIRE(jw.st == HD_OK);
		REQUIRE(hd_buf_take(&b, &ours, &len) == HD_OK);
		one = json_pack("[O]", v);
		REQUIRE(one != NULL);
		theirs = json_dumps(one, JSON_COMPACT);
		REQUIRE(theirs != NULL);
		REQUIRE(
		    strlen(theirs) == len && memcmp(theirs, ours, len) == 0);
		free(theirs);
		free(ours);
		json_decref(one);
	}
}

/* The text checks on the raw input, against the oracle. */
static void
raw_text(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	bool valid;
	size_t n;

	REQUIRE(s != NULL);
	memcpy(s, data, size);
	s[size] = '\0';
	valid = hd_utf8_valid(s, size);
	REQUIRE(valid == oracle_utf8_valid(s, size));
	if (valid && strlen(s) == size) {
		REQUIRE(hd_valid_text(s, size, false) ==
			oracle_text_ok(s, size, false));
		REQUIRE(hd_valid_text(s, HD_MAX_NAME, true) ==
			oracle_text_ok(s, HD_MAX_NAME, true));
		REQUIRE(hd_text_has_unicode_breaks(s) ==
			oracle_has_unicode_break(s));
		n = hd_text_unify_breaks(s);
		REQUIRE(n == strlen(s) && n <= size);
		REQUIRE(oracle_utf8_valid(s, n));
		REQUIRE(!oracle_has_unicode_break(s));
	}
	if (strlen(s) == size && hd_valid_email(s))
		REQUIRE(oracle_email_plausible(s));
	free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hd_req r;
	const char *why = NULL;
	size_t i;

	raw_text(data, size);
	memset(&r, 0, sizeof(r));
	if (hd_body_parse((const char *)data, size, &r.body, &why) != HD_OK) {
		REQUIRE(r.body == NULL && why != NULL);
		return 0;
	}
	REQUIRE(json_is_object(r.body));
	/* What the parser let through is valid UTF-8 (jansson may take
	 * more than we do; we must never take more than RFC 3629). */
	REQUIRE(oracle_utf8_valid((const char *)data, size));
	write_back(r.body);
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		read_other_fields(&r, keys[i]);
		read_text_fields(&r, keys[i]);
	}
	write_back(r.body);
	json_decref(r.body);
	return 0;
}
