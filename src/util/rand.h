/* SPDX-License-Identifier: MIT */
#ifndef HD_RAND_H
#define HD_RAND_H

#include "util/status.h"

#include <stdbool.h>
#include <stddef.h>

/* A random token: 32 bytes from the CSPRNG, base64url without padding. */
#define HD_TOKEN_LEN 43
#define HD_TOKEN_MAX (HD_TOKEN_LEN + 1)
/* Hex SHA-256 of a token, as stored in the database. */
#define HD_HASH_MAX 65

/* Writes a new random token into out (size >= HD_TOKEN_MAX). */
void hd_token_new(char *out);
/* Writes the hex SHA-256 of token into out (size >= HD_HASH_MAX). */
void hd_token_hash(const char *token, char *out);
/* True when token has the shape of ours (URL-safe, sane length). */
bool hd_token_wellformed(const char *token);

/* Hashes a password with Argon2id into out (size >= 128); HD_ENOMEM when
 * the hashing memory could not be had. */
enum hd_status hd_password_hash(const char *password, char *out, size_t n);
/* True when password matches the stored Argon2id hash (constant time). */
bool hd_password_verify(const char *hash, const char *password);

#endif
