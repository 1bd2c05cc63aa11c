/* SPDX-License-Identifier: MIT */
#ifndef HD_UTIL_FILETYPE_H
#define HD_UTIL_FILETYPE_H

/*
 * What a file is, decided from its bytes with libmagic (never from its
 * name or a header), and whether hausdesk takes it as an attachment
 * (docs/attachments.md).
 */
#include "util/status.h"

#include <stdbool.h>
#include <stddef.h>

/* How many bytes from the start are looked at (office files need their
 * first zip entries). */
#define HD_FILETYPE_PEEK (1024 * 1024)
/* Room for a type "major/minor". */
#define HD_FILETYPE_MAX 128

/*
 * Writes the media type of data[0..n) (only the first HD_FILETYPE_PEEK
 * bytes are read) into type[HD_FILETYPE_MAX]. HD_OK, or HD_EIO when
 * libmagic cannot be loaded (logged once). Thread-safe.
 */
enum hd_status hd_filetype_of(const void *data, size_t n, char *type);

/* Whether type is on the allow-list: JPEG, PNG, GIF, WebP, HEIC/HEIF,
 * PDF, plain text and the common office formats. Never SVG or HTML. */
bool hd_filetype_allowed(const char *type);

/* Whether type is shown inline (an image); everything else is sent as
 * an attachment to save. */
bool hd_filetype_inline(const char *type);

#endif
