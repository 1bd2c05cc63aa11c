/* SPDX-License-Identifier: MIT */
#ifndef HD_MAIL_SENDPOOL_H
#define HD_MAIL_SENDPOOL_H

#include "mail/transport.h"

#include <stdbool.h>
#include <stdint.h>

/*
 * A few senders in parallel, each a thread with a transport (an SMTP
 * connection of its own, reused from mail to mail). Mail waits in one
 * queue and goes to whichever sender is free, so a server connection
 * that hangs holds one mail, never the others. (Threads rather than one
 * libcurl multi: libcurl 7.88 blocks the whole multi while it waits for
 * the reply to the final dot of one transfer.) Knows no database.
 */
struct mail_pool;

/* One mail to send, and then its result. */
struct mail_job {
	int64_t id;	   /* the outbox row */
	int attempt;	   /* the claim's attempt count */
	int64_t queued_at; /* the give-up clock, Unix ms */
	char *to_addr;	   /* owned */
	char *data;	   /* the rendered message, owned */
	size_t len;
	/* set when it is finished */
	bool attempted; /* false: never started (the pool stopped first) */
	enum mail_send_result result;
	char err[256];
	struct mail_job *next;
};

/* Frees j and what it owns. Accepts NULL. */
void mail_job_free(struct mail_job *j);

/*
 * Starts n senders, each with a transport made from cfg, sending from
 * envelope sender from (borrowed; it must outlive the pool). notify is
 * called, from a sender thread, when a job finishes while fewer than n
 * jobs wait (the queue runs low, or it was the last). Caller frees with
 * mail_pool_free.
 */
enum hd_status mail_pool_new(const struct mail_transport_config *cfg, int n,
    const char *from, void (*notify)(void), struct mail_pool **out);
/* Queues j for the next free sender; the pool owns it until it is
 * finished and taken. */
void mail_pool_submit(struct mail_pool *p, struct mail_job *j);
/* Takes the finished jobs, oldest first, as a list (caller frees each
 * with mail_job_free); NULL when none. */
struct mail_job *mail_pool_take(struct mail_pool *p);
/* How many jobs wait for a sender (not yet started). */
int mail_pool_waiting(struct mail_pool *p);
/* The number of senders. */
int mail_pool_senders(const struct mail_pool *p);
/*
 * Stops the senders: a send in progress ends at once as a failed attempt
 * (MAIL_TEMPFAIL), the jobs still waiting finish unattempted; returns
 * when every sender has ended. mail_pool_take then gives all of them.
 */
void mail_pool_stop(struct mail_pool *p);
/* Stops (if needed) and frees p with the jobs it still holds. Accepts
 * NULL. */
void mail_pool_free(struct mail_pool *p);

#endif
