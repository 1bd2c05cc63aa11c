/* SPDX-License-Identifier: MIT */
#ifndef HD_CHECKPOINT_H
#define HD_CHECKPOINT_H

#include "store/db.h"

/* Starts the background WAL checkpointer on its own connection to path.
 * Call after db_writer_open, which turns SQLite's automatic checkpoints
 * in the committing request off. */
enum hd_status db_checkpointer_start(const char *path);
/* Stops it after a last checkpoint. Accepts a checkpointer not started. */
void db_checkpointer_stop(void);

#endif
