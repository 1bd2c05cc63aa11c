/* SPDX-License-Identifier: MIT */
#ifndef HD_FRAMING_H
#define HD_FRAMING_H

#include "util/status.h"

#include <stdbool.h>
#include <stddef.h>

struct MHD_Connection;

/* What MHD's URI callback saw of the request target, before it split off
 * the query and decoded it: the checks below need its true length. */
struct hd_rawuri {
	const char *uri; /* NULL when the request line had none */
	size_t len;	 /* strlen(uri) then */
	bool ctl;	 /* it held a control character or space then */
};

/* Fills *raw from uri, as MHD's URI callback passes it (before MHD
 * splits off the query and decodes the target in place). */
void hd_framing_rawuri(struct hd_rawuri *raw, const char *uri);

/*
 * Checks the framing of the request on conn, whose headers are complete
 * (access_cb's first call; method, url and version as MHD passed them),
 * where libmicrohttpd 0.9.75 is lenient: Content-Length together with
 * Transfer-Encoding, more than one Content-Length or Transfer-Encoding,
 * space or other non-token characters in a header name ("Content-Length
 * :"), folded header lines, control characters in header values, a
 * missing or second Host, a NUL or stray space in the request line.
 * Returns HD_OK; HD_EBADREQ (400) or HD_ENOTIMPL (501, a transfer coding
 * other than chunked) with *why set: answer and close the connection.
 */
enum hd_status hd_framing_check(struct MHD_Connection *conn, const char *method,
    const char *url, const char *version, const struct hd_rawuri *raw,
    const char **why);

#endif
