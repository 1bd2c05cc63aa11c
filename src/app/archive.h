/* SPDX-License-Identifier: MIT */
#ifndef HD_APP_ARCHIVE_H
#define HD_APP_ARCHIVE_H

/* Ending things (store/archive.h), each one write job. */
#include "store/archive.h"

/* store_archive_set */
enum hd_status app_archive_set(
    int64_t org_id, enum store_archivable what, int64_t id, bool archived);
/* store_unit_update, store_unit_delete */
enum hd_status app_unit_change(int64_t org_id, int64_t property_id, int64_t id,
    const char *label, const char *kind);
enum hd_status app_unit_remove(int64_t org_id, int64_t property_id, int64_t id);
/* store_resident_update, store_resident_delete */
enum hd_status app_resident_change(int64_t org_id, int64_t property_id,
    int64_t id, const struct store_resident_change *in, const char **field);
enum hd_status app_resident_remove(
    int64_t org_id, int64_t property_id, int64_t id);

#endif
