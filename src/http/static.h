/* SPDX-License-Identifier: MIT */
#ifndef HD_STATIC_H
#define HD_STATIC_H

#include <stdbool.h>

struct MHD_Connection;
struct MHD_Response;

/* Headers every answer carries (CSP, nosniff, framing, referrer). */
void hd_static_security_headers(struct MHD_Response *resp);

/* True when path belongs to the web UI rather than the API. */
bool hd_static_owns(const char *path);

/*
 * Answers GET/HEAD of path from the embedded web/ files: /assets/... and
 * /i18n/... by name (404 when unknown), every other path with index.html
 * (the UI's router takes it from there). ETag validation answers 304.
 * Returns the MHD result of queueing the answer.
 */
int hd_static_serve(
    struct MHD_Connection *conn, const char *method, const char *path);

#endif
