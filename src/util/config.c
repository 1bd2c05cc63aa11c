/* SPDX-License-Identifier: MIT */
#include "util/config.h"

/* Filled by a command from util/settings (the table in settings_table.c
 * holds every default); zero until then. */
struct hd_config hd_cfg;
