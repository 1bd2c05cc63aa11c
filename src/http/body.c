/* SPDX-License-Identifier: MIT */
/* The checks of a JSON request body, before any handler reads a field. */
#include "http/input.h"
#include "util/str.h"

#include <string.h>
#include <strings.h>

bool
hd_body_media_ok(const char *ct)
{
	static const char json[] = "application/json";
	const size_t n = sizeof(json) - 1;

	return ct != NULL && strncasecmp(ct, json, n) == 0 &&
	       (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

enum hd_status
hd_body_parse(const char *data, size_t len, json_t **out, const char **why)
{
	json_error_t jerr;

	*out = NULL;
	/* jansson checks UTF-8 too; checking first gives the clearer
	 * message, and covers what jansson lets through (e.g. a NUL). */
	if (!hd_utf8_valid(data, len))
		return *why = "the body is not valid UTF-8", HD_EBADJSON;
	*out = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
	if (*out == NULL)
		return *why = "the body is not valid JSON", HD_EBADJSON;
	if (!json_is_object(*out)) {
		json_decref(*out);
		*out = NULL;
		return *why = "the body must be a JSON object", HD_EBADJSON;
	}
	return HD_OK;
}
