/* SPDX-License-Identifier: MIT */
#include "db/health.h"
#include "http/conns.h"
#include "http/handlers.h"
#include "store/attachment_gc.h"
#include "store/cache.h"
#include "store/outbox.h"
#include "util/buf.h"

#include <stdio.h>
#include <stdlib.h>

/*
 * 200 while reads are answered — also on a full disk, which refuses only
 * changes (a load balancer should keep a server that can still show
 * people their Vorgänge): {"status": "storage_full", "message": ...};
 * 503 when the database is gone, damaged or does not answer, with the
 * reason in the error's message.
 */
void
h_healthz(struct hd_req *r, struct hd_resp *w)
{
	const char *why;
	int64_t one = 0;

	/* Now, not at the next periodic check: two stat calls. */
	db_health_files_ok();
	switch (db_health_get(&why)) {
	case DB_COND_GONE:
	case DB_COND_DAMAGED:
		hd_resp_err(w, HD_EUNAVAIL, NULL, "unhealthy");
		return;
	case DB_COND_FULL:
	case DB_COND_OK:
		break;
	}
	if (db_scalar(r->rd, &one, "SELECT 1", "") != HD_OK || one != 1) {
		hd_resp_err(w, HD_EIO, NULL, "the database does not answer");
		w->status = 503;
		return;
	}
	if (db_health_get(&why) == DB_COND_FULL)
		hd_resp_json(w, 200,
		    json_pack(
			"{s:s,s:s}", "status", "storage_full", "message", why));
	else
		hd_resp_json(w, 200, json_pack("{s:s}", "status", "ok"));
}

void
h_metrics(struct hd_req *r, struct hd_resp *w)
{
	static const char *classes[] = {
	    "other", "1xx", "2xx", "3xx", "4xx", "5xx"};
	int64_t queued = 0, sent = 0, failed = 0;
	enum db_condition cond;
	struct db_stats ds;
	enum hd_status st;
	struct hd_metrics m;
	struct store_cache_stats vc;
	struct store_attachment_totals at;
	enum hd_status ast;
	struct hd_buf b;
	int i;

	hd_metrics_read(&m);
	db_stats(&ds);
	st = store_outbox_counts(r->rd, &queued, &sent, &failed);
	ast = store_attachment_totals(r->rd, &at);
	hd_buf_init(&b, 64 * 1024);
	hd_buf_adds(&b, "# HELP hausdesk_http_requests_total HTTP requests "
			"answered, by status class.\n"
			"# TYPE hausdesk_http_requests_total counter\n");
	for (i = 0; i < 6; i++)
		hd_buf_printf(&b,
		    "hausdesk_http_requests_total{class=\"%s\"} %llu\n",
		    classes[i], (unsigned long long)m.requests[i]);
	hd_buf_printf(&b,
	    "# HELP hausdesk_processes_created_total Vorgaenge created since "
	    "start.\n# TYPE hausdesk_processes_created_total counter\n"
	    "hausdesk_processes_created_total %llu\n"
	    "# HELP hausdesk_mail_sent_total Mails delivered since start.\n"
	    "# TYPE hausdesk_mail_sent_total counter\n"
	    "hausdesk_mail_sent_total %llu\n"
	    "# HELP hausdesk_mail_attempts_failed_total Failed delivery "
	    "attempts since start.\n"
	    "# TYPE hausdesk_mail_attempts_failed_total counter\n"
	    "hausdesk_mail_attempts_failed_total %llu\n",
	    (unsigned long long)m.processes_created,
	    (unsigned long long)m.mails_sent,
	    (unsigned long long)m.mail_attempts_failed);
	/* Not known when the outbox cannot be read: no figure, not 0. */
	if (st == HD_OK)
		hd_buf_printf(&b,
		    "# HELP hausdesk_outbox_mails Mails in the outbox by "
		    "state.\n"
		    "# TYPE hausdesk_outbox_mails gauge\n"
		    "hausdesk_outbox_mails{state=\"queued\"} %lld\n"
		    "hausdesk_outbox_mails{state=\"sent\"} %lld\n"
		    "hausdesk_outbox_mails{state=\"failed\"} %lld\n",
		    (long long)queued, (long long)sent, (long long)failed);
	hd_buf_printf(&b,
	    "# HELP hausdesk_db_commits_total Write transactions committed "
	    "(group commits).\n# TYPE hausdesk_db_commits_total counter\n"
	    "hausdesk_db_commits_total %llu\n"
	    "# HELP hausdesk_db_write_jobs_total Write jobs (one per changing "
	    "request or mail batch).\n"
	    "# TYPE hausdesk_db_write_jobs_total counter\n"
	    "hausdesk_db_write_jobs_total %llu\n"
	    "# HELP hausdesk_db_wal_restarts_total Times the writer started "
	    "the WAL anew after it had grown.\n"
	    "# TYPE hausdesk_db_wal_restarts_total counter\n"
	    "hausdesk_db_wal_restarts_total %llu\n",
	    (unsigned long long)ds.batches, (unsigned long long)ds.jobs,
	    (unsigned long long)ds.wal_restarts);
	hd_buf_printf(&b,
	    "# HELP hausdesk_db_memory_bytes Memory held by all database "
	    "connections (page caches, statements).\n"
	    "# TYPE hausdesk_db_memory_bytes gauge\n"
	    "hausdesk_db_memory_bytes %lld\n"
	    "# HELP hausdesk_db_memory_peak_bytes The most it held since "
	    "start.\n"
	    "# TYPE hausdesk_db_memory_peak_bytes gauge\n"
	    "hausdesk_db_memory_peak_bytes %lld\n",
	    (long long)ds.mem_used, (long long)ds.mem_peak);
	/* Not known when the tables cannot be read: no figure, not 0. */
	if (ast == HD_OK)
		hd_buf_printf(&b,
		    "# HELP hausdesk_attachments Attachments of all "
		    "organisations.\n"
		    "# TYPE hausdesk_attachments gauge\n"
		    "hausdesk_attachments %lld\n"
		    "# HELP hausdesk_attachment_bytes Their bytes as the "
		    "quotas count them (a file attached twice counts "
		    "twice).\n"
		    "# TYPE hausdesk_attachment_bytes gauge\n"
		    "hausdesk_attachment_bytes %lld\n"
		    "# HELP hausdesk_attachment_stored_files Contents stored "
		    "once each (per organisation).\n"
		    "# TYPE hausdesk_attachment_stored_files gauge\n"
		    "hausdesk_attachment_stored_files %lld\n"
		    "# HELP hausdesk_attachment_stored_bytes The bytes those "
		    "hold on disk or in the database.\n"
		    "# TYPE hausdesk_attachment_stored_bytes gauge\n"
		    "hausdesk_attachment_stored_bytes %lld\n"
		    "# HELP hausdesk_attachment_unreferenced_files Contents no "
		    "attachment names, waiting for the collector.\n"
		    "# TYPE hausdesk_attachment_unreferenced_files gauge\n"
		    "hausdesk_attachment_unreferenced_files %lld\n",
		    (long long)at.attachments, (long long)at.bytes,
		    (long long)at.blobs, (long long)at.blob_bytes,
		    (long long)at.unreferenced);
	cond = db_health_get(NULL);
	hd_buf_printf(&b,
	    "# HELP hausdesk_db_condition 1 while the database's disk is full, "
	    "its file damaged, or deleted or replaced (then /healthz says "
	    "why).\n"
	    "# TYPE hausdesk_db_condition gauge\n"
	    "hausdesk_db_condition{condition=\"storage_full\"} %d\n"
	    "hausdesk_db_condition{condition=\"damaged\"} %d\n"
	    "hausdesk_db_condition{condition=\"gone\"} %d\n",
	    cond == DB_COND_FULL, cond == DB_COND_DAMAGED,
	    cond == DB_COND_GONE);
	store_cache_stats(&vc);
	hd_buf_printf(&b,
	    "# HELP hausdesk_cache_hits_total Vorgänge answered from the "
	    "answer cache.\n"
	    "# TYPE hausdesk_cache_hits_total counter\n"
	    "hausdesk_cache_hits_total %llu\n"
	    "# HELP hausdesk_cache_misses_total Vorgänge read from the "
	    "database for employees.\n"
	    "# TYPE hausdesk_cache_misses_total counter\n"
	    "hausdesk_cache_misses_total %llu\n"
	    "# HELP hausdesk_cache_entries Vorgänge in the answer cache.\n"
	    "# TYPE hausdesk_cache_entries gauge\n"
	    "hausdesk_cache_entries %llu\n"
	    "# HELP hausdesk_cache_bytes Memory held by the answer cache.\n"
	    "# TYPE hausdesk_cache_bytes gauge\n"
	    "hausdesk_cache_bytes %llu\n"
	    "# HELP hausdesk_cache_page_bytes Of that, held by whole queue "
	    "pages.\n"
	    "# TYPE hausdesk_cache_page_bytes gauge\n"
	    "hausdesk_cache_page_bytes %llu\n",
	    (unsigned long long)vc.hits, (unsigned long long)vc.misses,
	    (unsigned long long)vc.entries, (unsigned long long)vc.bytes,
	    (unsigned long long)vc.page_bytes);
	hd_conns_metrics(&b);
	if (hd_buf_take(&b, &w->raw, &w->raw_len) != HD_OK) {
		hd_buf_cleanup(&b);
		hd_resp_err(w, HD_ENOMEM, NULL, "out of memory");
		return;
	}
	w->content_type = "text/plain; version=0.0.4; charset=utf-8";
	w->status = 200;
}
