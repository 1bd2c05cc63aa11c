/* SPDX-License-Identifier: MIT */
/*
 * The byte store on PostgreSQL (docs/attachments.md): the bytes as rows of
 * 1 MiB in blob_chunks, written in the caller's transaction, once per
 * content and organisation, and read back chunk by chunk as the download
 * does; the quota's upsert. Against the throw-away server of
 * tests/infra/with-pg.js.
 */
#include "pg_tmp.h"
#include "store/attachment.h"
#include "store/blob.h"

#include <sodium.h>
#include <string.h>

#define SIZE (2 * BLOB_CHUNK + 12345)

static void
chunks_are_written_once_and_read_back_in_order(void **state)
{
	struct db_conn *c = NULL;
	struct blob_spool s;
	unsigned char *data, *buf;
	size_t got = 0;
	int64_t n = 0;

	(void)state;
	pg_fresh();
	assert_int_equal(db_open(pg_target(), 0, &c), HD_OK);
	assert_int_equal(db_migrate(c), HD_OK);
	assert_int_equal(db_script(c, "INSERT INTO orgs(id, name, created_at) "
				      "VALUES (1, 'ABC', 0), (2, 'XYZ', 0)"),
	    HD_OK);
	assert_int_equal(blob_setup(pg_target(), NULL), HD_OK);
	assert_false(blob_is_files());
	data = malloc(SIZE);
	buf = malloc(BLOB_CHUNK);
	assert_non_null(data);
	assert_non_null(buf);
	randombytes_buf(data, SIZE);
	assert_int_equal(blob_spool_open(&s), HD_OK);
	assert_int_equal(blob_spool_write(&s, data, SIZE), HD_OK);
	blob_spool_finish(&s);
	assert_int_equal(blob_put(&s, 1), HD_OK); /* nothing on PostgreSQL */

	/* Rolled back: nothing stays. */
	assert_int_equal(db_begin(c), HD_OK);
	assert_int_equal(blob_put_in(c, &s, 1, 1000), HD_OK);
	db_rollback(c);
	assert_int_equal(
	    db_scalar(c, &n, "SELECT count(*) FROM blob_chunks", ""), HD_OK);
	assert_int_equal(n, 0);

	assert_int_equal(db_begin(c), HD_OK);
	assert_int_equal(blob_put_in(c, &s, 1, 1000), HD_OK);
	assert_int_equal(db_commit(c), HD_OK);
	assert_int_equal(
	    db_scalar(c, &n, "SELECT count(*) FROM blob_chunks", ""), HD_OK);
	assert_int_equal(n, 3);
	/* The same content again, and in another organisation. */
	assert_int_equal(db_begin(c), HD_OK);
	assert_int_equal(blob_put_in(c, &s, 1, 2000), HD_OK);
	assert_int_equal(blob_put_in(c, &s, 2, 2000), HD_OK);
	assert_int_equal(db_commit(c), HD_OK);
	assert_int_equal(db_scalar(c, &n,
			     "SELECT count(*) FROM blob_chunks WHERE "
			     "org_id = 1",
			     ""),
	    HD_OK);
	assert_int_equal(n, 3);
	assert_int_equal(
	    db_scalar(c, &n, "SELECT count(*) FROM blob_chunks", ""), HD_OK);
	assert_int_equal(n, 6);

	for (int64_t seq = 0; seq < 3; seq++) {
		size_t want = seq < 2 ? BLOB_CHUNK : SIZE - 2 * BLOB_CHUNK;

		assert_int_equal(
		    blob_read_chunk(c, 1, s.sha256, seq, buf, &got), HD_OK);
		assert_int_equal(got, want);
		assert_memory_equal(buf, data + seq * BLOB_CHUNK, want);
	}
	assert_int_equal(
	    blob_read_chunk(c, 1, s.sha256, 3, buf, &got), HD_ENOTFOUND);

	/* The quota's upsert and check. */
	assert_int_equal(db_exec(c,
			     "INSERT INTO attachment_usage(org_id, bytes, "
			     "quota) VALUES (2, 0, 100)",
			     ""),
	    HD_OK);
	assert_int_equal(store_attachment_usage_add(c, 1, SIZE), HD_OK);
	assert_int_equal(store_attachment_usage_add(c, 2, 60), HD_OK);
	assert_int_equal(store_attachment_usage_add(c, 2, 60), HD_EQUOTA);
	assert_int_equal(db_scalar(c, &n,
			     "SELECT bytes FROM attachment_usage WHERE "
			     "org_id = 1",
			     ""),
	    HD_OK);
	assert_int_equal(n, SIZE);

	blob_spool_close(&s);
	free(data);
	free(buf);
	db_close(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(chunks_are_written_once_and_read_back_in_order),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
