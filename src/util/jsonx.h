/* SPDX-License-Identifier: MIT */
#ifndef HD_JSONX_H
#define HD_JSONX_H

#include <jansson.h>
#include <stdint.h>

/* Unix time t as an RFC 3339 JSON string (new reference). */
json_t *hd_json_time(int64_t t);
/* A JSON string, or null for NULL (new reference). */
json_t *hd_json_str_or_null(const char *s);

#endif
