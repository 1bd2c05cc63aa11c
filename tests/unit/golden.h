/* SPDX-License-Identifier: MIT */
/*
 * A golden-file test: what render writes is compared byte for byte with
 * $HD_GOLDEN_DIR/name. After a wanted change, HD_GOLDEN_WRITE=1 writes
 * the file anew (review the diff). Include after <cmocka.h>.
 */
#ifndef HD_TEST_GOLDEN_H
#define HD_TEST_GOLDEN_H

#include "util/buf.h"

#include <stdio.h>
#include <stdlib.h>

#define GOLDEN_MAX (1024 * 1024)

static void
golden_check(const char *name, void (*render)(struct hd_buf *))
{
	const char *dir = getenv("HD_GOLDEN_DIR");
	char path[4096];
	struct hd_buf g;
	char *got = NULL, *want;
	size_t len = 0, n;
	FILE *f;

	assert_non_null(dir);
	snprintf(path, sizeof path, "%s/%s", dir, name);
	hd_buf_init(&g, GOLDEN_MAX);
	render(&g);
	assert_int_equal(hd_buf_take(&g, &got, &len), HD_OK);
	if (getenv("HD_GOLDEN_WRITE") != NULL) {
		f = fopen(path, "wb");
		assert_non_null(f);
		assert_int_equal(fwrite(got, 1, len, f), len);
		fclose(f);
	}
	f = fopen(path, "rb");
	assert_non_null(f);
	want = malloc(GOLDEN_MAX);
	assert_non_null(want);
	n = fread(want, 1, GOLDEN_MAX, f);
	fclose(f);
	assert_int_equal(n, len);
	assert_memory_equal(want, got, len);
	free(want);
	free(got);
}

#endif
