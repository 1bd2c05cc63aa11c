/* SPDX-License-Identifier: MIT */
#ifndef HD_ROUTER_H
#define HD_ROUTER_H

#include "http/http.h"

#include <stddef.h>

struct hd_route {
	const char *method;
	const char *pattern; /* "/api/v1/processes/{id}/comments" */
	enum hd_access access;
	hd_handler fn;
};

/* Whether route's body is a file, received into a spool file as it
 * arrives (hd_req.upload) rather than a JSON object in memory. */
bool hd_route_streams(const struct hd_route *route);

/*
 * Finds the route for method and path, filling ids[] with the {id}
 * segments. Returns the route, or NULL with *path_known set when the path
 * exists for another method (405) and clear when it does not (404).
 */
const struct hd_route *hd_route_find(
    const char *method, const char *path, int64_t ids[2], bool *path_known);

/*
 * Writes the methods path answers to into buf (n bytes), as the Allow
 * header of a 405 lists them ("GET, HEAD, PATCH"); "" when none.
 */
void hd_route_allow(const char *path, char *buf, size_t n);

/*
 * The largest body of a route that takes bytes of any type instead of
 * JSON (handed to its handler as hd_req.raw), or 0 for a JSON route.
 */
size_t hd_route_raw_max(const char *method, const char *path);

#endif
