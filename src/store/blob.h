/* SPDX-License-Identifier: MIT */
#ifndef HD_STORE_BLOB_H
#define HD_STORE_BLOB_H

/*
 * Where the bytes of attachments live (docs/attachments.md): one
 * interface, two backends, chosen by the database.
 *
 * - SQLite: content-addressed files beside the database,
 *   <dir>/<org_id>/<aa>/<hex sha256>, written to <dir>/tmp/ (the spool),
 *   fsync'ed, linked to their name and the directory fsync'ed, all
 *   outside the writer (blob_put); then the row in a writer job
 *   (blob_put_in). Served from a file descriptor (sendfile).
 * - PostgreSQL: the bytes as rows of 1 MiB in blob_chunks, written in
 *   the transaction of the attachments row (blob_put_in); the spool is a
 *   local temporary file only.
 *
 * The spool is the same for both: an upload or a mail part is written to
 * it while its SHA-256 is computed.
 */
#include "db/db.h"
#include "util/status.h"

#include <sodium.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One chunk row on PostgreSQL, and the piece read at a time. */
#define BLOB_CHUNK (1024 * 1024)
/* The longest path built under the directory. */
#define BLOB_PATH_MAX 4096

/* A file being received. */
struct blob_spool {
	int fd; /* -1: none */
	char path[BLOB_PATH_MAX];
	crypto_hash_sha256_state h;
	unsigned char sha256[32];
	int64_t size;
};

/*
 * Chooses the backend for database target (a path: SQLite; a URI:
 * PostgreSQL) and the directory: dir, or when NULL "attachments" beside
 * the SQLite file (PostgreSQL: a spool under $TMPDIR or /tmp). Creates
 * the directories (0750). Call once before any other function.
 */
enum hd_status blob_setup(const char *target, const char *dir);
/* Whether bytes are files (SQLite) rather than chunk rows. */
bool blob_is_files(void);
/* The directory chosen (for tests and logs). */
const char *blob_dir(void);

/* Free space kept for the database (its WAL, its growth, mail):
 * uploads stop first (docs/attachments.md, "Limits"). */
#define BLOB_RESERVE (1024LL * 1024 * 1024)

/* Sets the space kept free (BLOB_RESERVE until then), once at start. */
void blob_set_reserve(int64_t bytes);

/*
 * Whether len more bytes fit the directory's filesystem and leave
 * BLOB_RESERVE (or what blob_set_reserve set) free: HD_EFULL otherwise (a log
 * line when uploads start being refused, and one when they are taken again).
 */
enum hd_status blob_room(int64_t len);

/* Opens an empty spool file (locked, removed by blob_spool_close). */
enum hd_status blob_spool_open(struct blob_spool *s);
/* Appends data[0..n). HD_EFULL when the disk is full. */
enum hd_status blob_spool_write(
    struct blob_spool *s, const void *data, size_t n);
/* Ends the writing: s->sha256 and s->size are the content's. */
void blob_spool_finish(struct blob_spool *s);
/* Reads up to n bytes from offset off of the spool into buf. */
enum hd_status blob_spool_read(
    struct blob_spool *s, int64_t off, void *buf, size_t n, size_t *got);
/* Closes and removes the spool file (nothing when none is open). */
void blob_spool_close(struct blob_spool *s);

/* Spool files are named "<dir>/tmp/" BLOB_SPOOL_PREFIX "XXXXXX". */
#define BLOB_SPOOL_PREFIX "up-"
/* How old an unheld spool file must be to be swept (blob_sweep.c). */
#define BLOB_SPOOL_STALE_MS (10LL * 60 * 1000)
/*
 * Removes the spool files that no living upload holds (left by a process
 * that died) and that were last written BLOB_SPOOL_STALE_MS before now_ms;
 * *removed how many.
 */
enum hd_status blob_spool_sweep(int64_t now_ms, int64_t *removed);

/*
 * Outside any job: makes the content of finished spool s durable for
 * organisation org_id. Files: fsync, link to the final name (an existing
 * one is the same content), fsync of the directory. PostgreSQL: nothing.
 */
enum hd_status blob_put(struct blob_spool *s, int64_t org_id);

/*
 * Inside the caller's write job: records the blob (and on PostgreSQL
 * writes its chunks, once per content and organisation). With files,
 * blob_put must have succeeded first.
 */
enum hd_status blob_put_in(
    struct db_conn *c, struct blob_spool *s, int64_t org_id, int64_t now_ms);

/*
 * Files only: opens the content (org_id, sha256) for reading and checks
 * its size. HD_EIO (logged) when it is missing or of another size.
 */
enum hd_status blob_open_file(
    int64_t org_id, const unsigned char *sha256, int64_t size, int *fd);

/*
 * PostgreSQL only: reads chunk seq of content (org_id, sha256) on c into
 * buf[BLOB_CHUNK]; *got its length. HD_ENOTFOUND when there is none.
 */
enum hd_status blob_read_chunk(struct db_conn *c, int64_t org_id,
    const unsigned char *sha256, int64_t seq, void *buf, size_t *got);

/* Files only (true otherwise): whether content (org_id, sha256) has its
 * file. */
bool blob_file_present(int64_t org_id, const unsigned char *sha256);
/* Files only: removes the file of content (org_id, sha256), once the
 * collector's committed 'gone' row names it; a missing one is fine. */
enum hd_status blob_remove_file(int64_t org_id, const unsigned char *sha256);

/* The hex of a digest into out[65]. */
void blob_hex(const unsigned char *sha256, char *out);

#endif
