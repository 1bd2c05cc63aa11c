/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the store: the mail outbox: queue, due, claim, results, resend.
 */
#include "store_fx.h"

/* ---- outbox ------------------------------------------------------------ */

/* Queues a mail as every event does (app/notify.c: the Message-ID is
 * made there). */
static enum hd_status
queue_mail(struct fx *f, const char *to)
{
	struct mail_text t = {strdup("[V-2026-00001] Neuer Vorgang"),
	    strdup("Guten Tag Frau Huber,\n")};

	return app_notify_queue(f->c, 1, to, "Frau Huber", "assigned", 0, &t);
}

static void
free_items(struct outbox_item *items, int n)
{
	int i;

	for (i = 0; i < n; i++)
		store_outbox_item_cleanup(&items[i]);
}

/* Claims mail id for its next attempt, as the worker does before it sends
 * (lease: due again after a minute); returns the attempt's count. */
static int
claim_mail(struct fx *f, int64_t id)
{
	int attempts = (int)q_int(
	    f, "SELECT attempts FROM outbox WHERE id = %lld", (long long)id);

	assert_int_equal(store_outbox_claim(f->c, id, attempts, hd_now_ms(),
			     hd_now_ms() + 60000),
	    HD_OK);
	return attempts + 1;
}

static void
outbox_add_gives_each_mail_its_own_message_id(void **state)
{
	struct fx *f = *state;
	char a[128], b[128];

	two_orgs(f);
	assert_int_equal(queue_mail(f, "huber@abc.example"), HD_OK);
	assert_int_equal(queue_mail(f, "huber@abc.example"), HD_OK);
	assert_int_equal(q_int(f, "SELECT count(*) FROM outbox"), 2);
	assert_int_equal(
	    q_int(f, "SELECT count(DISTINCT message_id) FROM outbox"), 2);
	q_text(f, a, sizeof(a), "SELECT message_id FROM outbox WHERE id = 1");
	q_text(f, b, sizeof(b), "SELECT message_id FROM outbox WHERE id = 2");
	assert_string_not_equal(a, b);
	assert_int_equal(a[0], '<');
	assert_non_null(strstr(a, "@abc.example>"));
	assert_int_equal(a[strlen(a) - 1], '>');
	assert_int_equal(
	    q_int(f, "SELECT count(*) FROM outbox WHERE state = "
		     "'queued' AND attempts = 0 AND process_id IS NULL "
		     "AND kind = 'assigned'"),
	    2);
}

static void
outbox_due_returns_queued_mail_with_its_details(void **state)
{
	struct fx *f = *state;
	struct outbox_item items[4];
	char mid[128];
	int n = -1;

	two_orgs(f);
	assert_int_equal(queue_mail(f, "huber@abc.example"), HD_OK);
	q_text(f, mid, sizeof(mid), "SELECT message_id FROM outbox");
	assert_int_equal(
	    store_outbox_due(f->c, hd_now_ms(), items, 4, &n), HD_OK);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].id, 1);
	assert_int_equal(items[0].attempts, 0);
	assert_string_equal(items[0].to_addr, "huber@abc.example");
	assert_string_equal(items[0].to_name, "Frau Huber");
	assert_string_equal(items[0].subject, "[V-2026-00001] Neuer Vorgang");
	assert_string_equal(items[0].body, "Guten Tag Frau Huber,\n");
	assert_string_equal(items[0].message_id, mid);
	assert_string_equal(items[0].from_name, "ABC Hausverwaltung");
	free_items(items, n);
}

static void
outbox_due_respects_max(void **state)
{
	struct fx *f = *state;
	struct outbox_item items[4];
	int n = -1;

	two_orgs(f);
	assert_int_equal(queue_mail(f, "a@abc.example"), HD_OK);
	assert_int_equal(queue_mail(f, "b@abc.example"), HD_OK);
	assert_int_equal(queue_mail(f, "c@abc.example"), HD_OK);
	assert_int_equal(
	    store_outbox_due(f->c, hd_now_ms(), items, 2, &n), HD_OK);
	assert_int_equal(n, 2);
	free_items(items, n);
}

static void
outbox_failed_with_retry_hides_mail_until_then(void **state)
{
	struct fx *f = *state;
	struct outbox_item items[4], *retry;
	int64_t now = hd_now_ms(), wait;
	char buf[64], mid[128];
	int n = -1;

	two_orgs(f);
	assert_int_equal(queue_mail(f, "a@abc.example"), HD_OK);
	assert_int_equal(queue_mail(f, "b@abc.example"), HD_OK);
	assert_int_equal(store_outbox_failed(f->c, 1, claim_mail(f, 1),
			     "421 try again later", now + 60000),
	    HD_OK);
	q_text(
	    f, mid, sizeof(mid), "SELECT message_id FROM outbox WHERE id = 1");
	assert_int_equal(
	    q_int(f, "SELECT attempts FROM outbox WHERE id = 1"), 1);

	assert_int_equal(store_outbox_due(f->c, now, items, 4, &n), HD_OK);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].id, 2);
	free_items(items, n);

	assert_int_equal(
	    store_outbox_due(f->c, now + 59999, items, 4, &n), HD_OK);
	assert_int_equal(n, 1);
	free_items(items, n);

	assert_int_equal(
	    store_outbox_due(f->c, now + 60000, items, 4, &n), HD_OK);
	assert_int_equal(n, 2);
	assert_true(items[0].id == 1 || items[1].id == 1);
	retry = items[0].id == 1 ? &items[0] : &items[1];
	assert_int_equal(retry->attempts, 1);
	/* The retry carries the same Message-ID as the first attempt. */
	assert_string_equal(retry->message_id, mid);
	free_items(items, n);

	assert_string_equal(q_text(f, buf, sizeof(buf),
				"SELECT state || ' ' || last_error FROM outbox "
				"WHERE id = 1"),
	    "queued 421 try again later");

	/* Only the retry is queued: it is due in about a minute. */
	assert_int_equal(
	    store_outbox_sent(f->c, 2, claim_mail(f, 2), hd_now()), HD_OK);
	wait = next_due(f->c, now);
	assert_int_equal(wait, 60000);
	assert_int_equal(next_due(f->c, now + 70000), 0);
}

static void
outbox_failed_for_good_and_sent_leave_the_queue(void **state)
{
	struct fx *f = *state;
	struct outbox_item items[4];
	int64_t queued = -1, sent = -1, failed = -1, now = hd_now();
	char buf[64];
	int n = -1;

	two_orgs(f);
	assert_int_equal(next_due(f->c, hd_now_ms()), -1);
	assert_int_equal(queue_mail(f, "a@abc.example"), HD_OK);
	assert_int_equal(queue_mail(f, "b@abc.example"), HD_OK);
	assert_int_equal(queue_mail(f, "c@abc.example"), HD_OK);
	assert_int_equal(next_due(f->c, hd_now_ms()), 0);

	assert_int_equal(store_outbox_failed(
			     f->c, 1, claim_mail(f, 1), "550 no such user", 0),
	    HD_OK);
	assert_int_equal(
	    store_outbox_sent(f->c, 2, claim_mail(f, 2), now), HD_OK);

	assert_string_equal(q_text(f, buf, sizeof(buf),
				"SELECT state FROM outbox WHERE id = 1"),
	    "failed");
	assert_string_equal(q_text(f, buf, sizeof(buf),
				"SELECT last_error FROM outbox WHERE id = 1"),
	    "550 no such user");
	assert_string_equal(q_text(f, buf, sizeof(buf),
				"SELECT state FROM outbox WHERE id = 2"),
	    "sent");
	assert_int_equal(
	    q_int(f, "SELECT sent_at FROM outbox WHERE id = 2"), now);
	assert_int_equal(
	    q_int(f, "SELECT attempts FROM outbox WHERE id = 2"), 1);

	/* Not even far in the future does a done mail come back. */
	assert_int_equal(store_outbox_due(f->c, hd_now_ms() + 365LL * 86400000,
			     items, 4, &n),
	    HD_OK);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].id, 3);
	free_items(items, n);

	assert_int_equal(
	    store_outbox_counts(f->c, &queued, &sent, &failed), HD_OK);
	assert_int_equal(queued, 1);
	assert_int_equal(sent, 1);
	assert_int_equal(failed, 1);

	assert_int_equal(
	    store_outbox_sent(f->c, 3, claim_mail(f, 3), now), HD_OK);
	assert_int_equal(next_due(f->c, hd_now_ms()), -1);
	assert_int_equal(
	    store_outbox_counts(f->c, &queued, &sent, &failed), HD_OK);
	assert_int_equal(queued, 0);
	assert_int_equal(sent, 2);
	assert_int_equal(failed, 1);
}

static void
outbox_claim_counts_the_attempt_and_leases_the_mail(void **state)
{
	struct fx *f = *state;
	struct outbox_item items[4];
	int64_t now = hd_now_ms();
	int n = -1;

	two_orgs(f);
	assert_int_equal(queue_mail(f, "a@abc.example"), HD_OK);
	assert_int_equal(
	    store_outbox_claim(f->c, 1, 0, now, now + 30000), HD_OK);
	assert_int_equal(q_int(f, "SELECT attempts FROM outbox"), 1);
	assert_int_equal(q_int(f, "SELECT last_attempt_at FROM outbox"), now);
	assert_int_equal(
	    q_int(f, "SELECT next_attempt_at FROM outbox"), now + 30000);
	/* Claimed, it is not due again before its lease ends, even if its
	 * result is never recorded. */
	assert_int_equal(
	    store_outbox_due(f->c, now + 29999, items, 4, &n), HD_OK);
	assert_int_equal(n, 0);
	assert_int_equal(
	    store_outbox_due(f->c, now + 30000, items, 4, &n), HD_OK);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].attempts, 1);
	free_items(items, n);
	/* A second claim with the old count is refused: somebody has it. */
	assert_int_equal(
	    store_outbox_claim(f->c, 1, 0, now, now + 30000), HD_ENOTFOUND);
	assert_int_equal(q_int(f, "SELECT attempts FROM outbox"), 1);
}

static void
outbox_result_of_a_lost_claim_records_nothing(void **state)
{
	struct fx *f = *state;
	char buf[64];

	two_orgs(f);
	assert_int_equal(queue_mail(f, "a@abc.example"), HD_OK);
	assert_int_equal(claim_mail(f, 1), 1);
	/* The lease ran out and the mail was claimed again (attempt 2). */
	assert_int_equal(claim_mail(f, 1), 2);
	assert_int_equal(store_outbox_sent(f->c, 1, 1, hd_now()), HD_ENOTFOUND);
	assert_int_equal(
	    store_outbox_failed(f->c, 1, 1, "451 later", 0), HD_ENOTFOUND);
	assert_int_equal(
	    store_outbox_release(f->c, 1, 1, hd_now_ms()), HD_ENOTFOUND);
	assert_string_equal(q_text(f, buf, sizeof(buf),
				"SELECT state || ' ' || attempts FROM outbox"),
	    "queued 2");
	/* The claim that holds records. */
	assert_int_equal(store_outbox_sent(f->c, 1, 2, hd_now()), HD_OK);
	assert_string_equal(q_text(f, buf, sizeof(buf),
				"SELECT state || ' ' || attempts FROM outbox"),
	    "sent 2");
	/* Done is done: no result changes it any more. */
	assert_int_equal(
	    store_outbox_failed(f->c, 1, 2, "451 later", 0), HD_ENOTFOUND);
}

static void
outbox_release_gives_back_a_claim_never_sent(void **state)
{
	struct fx *f = *state;
	int64_t now = hd_now_ms();

	two_orgs(f);
	assert_int_equal(queue_mail(f, "a@abc.example"), HD_OK);
	assert_int_equal(claim_mail(f, 1), 1);
	assert_int_equal(store_outbox_release(f->c, 1, 1, now), HD_OK);
	assert_int_equal(q_int(f, "SELECT attempts FROM outbox"), 0);
	assert_int_equal(next_due(f->c, now), 0);
}

static void
outbox_resend_queues_failed_mail_of_the_org_with_a_fresh_clock(void **state)
{
	struct fx *f = *state;
	int64_t now = hd_now_ms() + 5000, n = -1;
	char mid[128], buf[160];
	struct mail_text t;

	two_orgs(f);
	assert_int_equal(queue_mail(f, "a@abc.example"), HD_OK); /* 1 */
	assert_int_equal(queue_mail(f, "b@abc.example"), HD_OK); /* 2 */
	assert_int_equal(queue_mail(f, "c@abc.example"), HD_OK); /* 3 */
	t = (struct mail_text){strdup("Betreff"), strdup("Text")};
	assert_int_equal(
	    app_notify_queue(f->c, 2, "x@xyz.example", "X", "assigned", 0, &t),
	    HD_OK); /* 4, the other organisation's */
	q_text(
	    f, mid, sizeof(mid), "SELECT message_id FROM outbox WHERE id = 1");
	assert_int_equal(
	    store_outbox_failed(f->c, 1, claim_mail(f, 1), "451 gave up", 0),
	    HD_OK);
	assert_int_equal(
	    store_outbox_failed(f->c, 2, claim_mail(f, 2), "550 unknown", 0),
	    HD_OK);
	assert_int_equal(
	    store_outbox_failed(f->c, 4, claim_mail(f, 4), "451 gave up", 0),
	    HD_OK);

	/* Only failed mail, only of the caller's organisation. */
	assert_int_equal(store_outbox_resend(f->c, 2, 1, now), HD_ENOTFOUND);
	assert_int_equal(store_outbox_resend(f->c, 1, 4, now), HD_ENOTFOUND);
	assert_int_equal(store_outbox_resend(f->c, 1, 99, now), HD_ENOTFOUND);
	assert_int_equal(store_outbox_resend(f->c, 1, 3, now), HD_ECONFLICT);
	assert_int_equal(store_outbox_resend(f->c, 1, 1, now), HD_OK);
	/* Due now, counted from 0, the same Message-ID. */
	assert_string_equal(q_text(f, buf, sizeof(buf),
				"SELECT state || ' ' || attempts FROM outbox "
				"WHERE id = 1"),
	    "queued 0");
	assert_string_equal(q_text(f, buf, sizeof(buf),
				"SELECT message_id FROM outbox WHERE id = 1"),
	    mid);
	assert_int_equal(
	    q_int(f, "SELECT next_attempt_at FROM outbox WHERE id = 1"), now);
	assert_int_equal(
	    q_int(f, "SELECT queued_at FROM outbox WHERE id = 1"), now);
	assert_int_equal(store_outbox_resend(f->c, 1, 1, now), HD_ECONFLICT);

	assert_int_equal(store_outbox_resend_all(f->c, 1, now, &n), HD_OK);
	assert_int_equal(n, 1); /* mail 2 */
	assert_int_equal(
	    q_int(f, "SELECT count(*) FROM outbox WHERE state = 'failed'"), 1);
	assert_int_equal(
	    q_int(f, "SELECT state = 'failed' FROM outbox WHERE id = 4"), 1);
	assert_int_equal(store_outbox_resend_all(f->c, 1, now, &n), HD_OK);
	assert_int_equal(n, 0);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    T(outbox_add_gives_each_mail_its_own_message_id),
	    T(outbox_due_returns_queued_mail_with_its_details),
	    T(outbox_due_respects_max),
	    T(outbox_failed_with_retry_hides_mail_until_then),
	    T(outbox_failed_for_good_and_sent_leave_the_queue),
	    T(outbox_claim_counts_the_attempt_and_leases_the_mail),
	    T(outbox_result_of_a_lost_claim_records_nothing),
	    T(outbox_release_gives_back_a_claim_never_sent),
	    T(outbox_resend_queues_failed_mail_of_the_org_with_a_fresh_clock),
	};

	if (sodium_init() < 0)
		return 1;
	hd_cfg.mail_from = "noreply@abc.example";
	hd_cfg.base_url = "http://test";
	return cmocka_run_group_tests(tests, NULL, NULL);
}
