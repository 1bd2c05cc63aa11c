/* SPDX-License-Identifier: MIT */
#ifndef HD_JSONOUT_H
#define HD_JSONOUT_H

#include "util/buf.h"

#include <jansson.h>

/*
 * Appends j to b as compact JSON, objects in insertion order — the same
 * text as json_dumps(j, JSON_COMPACT), several times faster on long
 * strings (runs of plain bytes are copied whole). Strings are UTF-8 as
 * jansson keeps them; control characters, '"' and '\' are escaped.
 * Returns HD_OK, HD_ENOMEM or HD_ETOOBIG (b's maximum), HD_EINVAL for a
 * real number that is not finite.
 */
enum hd_status hd_json_write(const json_t *j, struct hd_buf *b);

/* Appends the n bytes of s as a JSON string, escaped as above. */
enum hd_status hd_json_write_str(const char *s, size_t n, struct hd_buf *b);

#endif
