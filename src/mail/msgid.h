/* SPDX-License-Identifier: MIT */
#ifndef HD_MAIL_MSGID_H
#define HD_MAIL_MSGID_H

#include "util/status.h"

#include <stddef.h>
#include <stdint.h>

/*
 * Message-IDs hausdesk can verify (issue 14, threading): the Vorgang id
 * and a unique number, signed with an HMAC-SHA-256 under the
 * installation's secret, so that a reply's In-Reply-To/References can be
 * trusted to name the Vorgang, and a forged one is refused.
 *
 *   <v{process_id}.{unique}.{mac}@hausdesk>
 *
 * mac: the first MAIL_MSGID_MAC_BYTES bytes of
 * HMAC-SHA-256(secret, "v{process_id}.{unique}"), lower-case hex.
 */
#define MAIL_MSGID_MAC_BYTES 16
#define MAIL_MSGID_MIN_SECRET 16 /* bytes; shorter secrets are refused */
#define MAIL_MSGID_MAX 96	 /* a buffer of this size always suffices */

/*
 * Writes the signed Message-ID, with the angle brackets, into buf (cap
 * bytes). process_id must be >= 0. Returns HD_OK, HD_EINVAL for a
 * negative id or a secret shorter than MAIL_MSGID_MIN_SECRET, HD_ETOOBIG
 * when cap is too small (buf then holds "").
 */
enum hd_status mail_msgid_make(const unsigned char *secret, size_t secret_len,
    int64_t process_id, uint64_t unique, char *buf, size_t cap);

/*
 * Checks msgid (with or without <>; the domain after '@' is not signed
 * and not checked) against secret. Returns HD_OK and sets *process_id
 * only when it has the form above and the MAC matches (compared in
 * constant time); HD_EINVAL for anything else: not ours, malformed,
 * forged, or signed under another secret.
 */
enum hd_status mail_msgid_verify(const unsigned char *secret, size_t secret_len,
    const char *msgid, int64_t *process_id);

#endif
