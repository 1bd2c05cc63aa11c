/* SPDX-License-Identifier: MIT */
/*
 * The benchmark's token files (`hausdesk demo --scale N --tokens FILE`,
 * read by bench/run.py and bench/floor.c; format in cli/demo_scale.h):
 * API tokens for tenants spread over the properties and for every
 * employee, and Vorgänge each employee may read.
 */
#include "cli/demo_scale.h"
#include "store/sample.h"
#include "store/token.h"
#include "util/rand.h"

#include <stdio.h>

#define TOKEN_TENANTS 1000
#define READS_PER_EMPLOYEE 20

/* A new token for user uid, stored hashed; the token into tok. */
static enum hd_status
new_token(struct db_conn *c, int64_t org, int64_t uid, char *tok)
{
	char hash[HD_HASH_MAX];
	int64_t id;

	hd_token_new(tok);
	hd_token_hash(tok, hash);
	return store_apitoken_create(
	    c, org, uid, "benchmark", hash, 0, NULL, &id);
}

/* Up to READS_PER_EMPLOYEE Vorgänge assigned to uid, at random. */
static enum hd_status
write_reads(
    struct db_conn *c, uint64_t *rng, int64_t uid, const char *tok, FILE *f)
{
	struct store_ids a = {0};
	enum hd_status s;
	size_t i, j;
	int64_t x;

	s = store_sample_assigned(c, uid, &a);
	for (i = 0; s == HD_OK && i < a.n && i < READS_PER_EMPLOYEE; i++) {
		j = i + demo_rand_below(rng, a.n - i);
		x = a.v[j];
		a.v[j] = a.v[i];
		a.v[i] = x;
		fprintf(f, "%s\t%lld\n", tok, (long long)x);
	}
	store_ids_cleanup(&a);
	return s;
}

static enum hd_status
write_tokens(struct db_conn *c, int64_t org, FILE *f, FILE *fr)
{
	struct store_ids ten = {0}, emp = {0};
	uint64_t rng = 0x2545f4914f6cdd1dull;
	char tok[HD_TOKEN_MAX];
	enum hd_status s;
	size_t i, n, step;

	if ((s = store_sample_tenants(c, org, &ten)) != HD_OK ||
	    (s = store_sample_employees(c, org, &emp)) != HD_OK)
		goto out;
	/* Every step-th tenant: residents are stored property by property. */
	n = ten.n / 3;
	step = n > TOKEN_TENANTS ? n / TOKEN_TENANTS : 1;
	for (i = 0; s == HD_OK && i < n && i / step < TOKEN_TENANTS;
	     i += step) {
		if ((s = new_token(c, org, ten.v[3 * i], tok)) == HD_OK)
			fprintf(f, "tenant\t%lld\t%s\t%lld\t%lld\n",
			    (long long)ten.v[3 * i], tok,
			    (long long)ten.v[3 * i + 1],
			    (long long)ten.v[3 * i + 2]);
	}
	for (i = 0; s == HD_OK && i < emp.n; i++) {
		if ((s = new_token(c, org, emp.v[i], tok)) == HD_OK) {
			fprintf(f, "employee\t%lld\t%s\t0\t0\n",
			    (long long)emp.v[i], tok);
			s = write_reads(c, &rng, emp.v[i], tok, fr);
		}
	}
out:
	store_ids_cleanup(&ten);
	store_ids_cleanup(&emp);
	return s;
}

enum hd_status
demo_scale_tokens(struct db_conn *c, int64_t org_id, const char *path)
{
	char rpath[4096];
	FILE *f = NULL, *fr = NULL;
	enum hd_status s = HD_EIO;

	if ((size_t)snprintf(rpath, sizeof(rpath), "%s.read", path) >=
	    sizeof(rpath))
		return HD_EINVAL;
	if ((f = fopen(path, "w")) == NULL || (fr = fopen(rpath, "w")) == NULL)
		goto out;
	if ((s = db_begin(c)) != HD_OK)
		goto out;
	s = write_tokens(c, org_id, f, fr);
	if (s == HD_OK &&
	    (fflush(f) != 0 || fflush(fr) != 0 || ferror(f) || ferror(fr)))
		s = HD_EIO;
	if (s == HD_OK)
		s = db_commit(c);
	else
		db_rollback(c);
out:
	if (f != NULL && fclose(f) != 0 && s == HD_OK)
		s = HD_EIO;
	if (fr != NULL && fclose(fr) != 0 && s == HD_OK)
		s = HD_EIO;
	return s;
}
