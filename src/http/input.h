/* SPDX-License-Identifier: MIT */
#ifndef HD_INPUT_H
#define HD_INPUT_H

/*
 * The pure first steps of reading a request, apart from the connection so
 * that unit tests and the fuzzers (tests/fuzz/) call exactly what the
 * server runs: percent-decoding of path and query (unescape.c) and the
 * checks of a JSON body (body.c).
 */

#include "util/status.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/*
 * Percent-decodes the NUL-terminated s in place, as libmicrohttpd would,
 * except that "%00" stays as it is: a NUL would cut the path short
 * ("/processes/%00" must not become "/processes/"). A '%' without two hex
 * digits stays too. Returns the new length (never more than the old, and
 * always strlen(s) afterwards).
 */
size_t hd_url_unescape(char *s);

/* True when the Content-Type ct (NULL: none sent) is application/json,
 * with parameters or not, in any letter case. */
bool hd_body_media_ok(const char *ct);

/*
 * Parses the len bytes at data as the request body: valid UTF-8, JSON
 * without duplicate keys, an object. Returns HD_OK with *out the object
 * (caller frees with json_decref), or HD_EBADJSON with *out NULL and *why
 * a static message for the client.
 */
enum hd_status hd_body_parse(
    const char *data, size_t len, json_t **out, const char **why);

#endif
