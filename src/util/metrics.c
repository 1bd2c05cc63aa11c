/* SPDX-License-Identifier: MIT */
#include "util/metrics.h"

static struct hd_metrics m;

void
hd_metrics_request(unsigned status)
{
	unsigned cls = status / 100;

	__atomic_add_fetch(
	    &m.requests[cls >= 1 && cls <= 5 ? cls : 0], 1, __ATOMIC_RELAXED);
}

void
hd_metrics_process_created(void)
{
	__atomic_add_fetch(&m.processes_created, 1, __ATOMIC_RELAXED);
}

void
hd_metrics_mail(bool sent)
{
	if (sent)
		__atomic_add_fetch(&m.mails_sent, 1, __ATOMIC_RELAXED);
	else
		__atomic_add_fetch(
		    &m.mail_attempts_failed, 1, __ATOMIC_RELAXED);
}

void
hd_metrics_read(struct hd_metrics *out)
{
	int i;

	for (i = 0; i < 6; i++)
		out->requests[i] =
		    __atomic_load_n(&m.requests[i], __ATOMIC_RELAXED);
	out->processes_created =
	    __atomic_load_n(&m.processes_created, __ATOMIC_RELAXED);
	out->mails_sent = __atomic_load_n(&m.mails_sent, __ATOMIC_RELAXED);
	out->mail_attempts_failed =
	    __atomic_load_n(&m.mail_attempts_failed, __ATOMIC_RELAXED);
}
