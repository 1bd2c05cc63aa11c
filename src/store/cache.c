/* SPDX-License-Identifier: MIT */
/* The answer cache as the layers above see it (cache.h). */
#include "store/cache.h"

#include "store/vcache.h"

void
store_cache_start(size_t max_bytes)
{
	vcache_start(max_bytes);
}

void
store_cache_stop(void)
{
	vcache_stop();
}

void
store_cache_stats(struct store_cache_stats *s)
{
	struct vc_stats vc;

	vcache_stats(&vc);
	s->hits = vc.hits;
	s->misses = vc.misses;
	s->entries = vc.entries;
	s->bytes = vc.bytes;
	s->page_bytes = vc.page_bytes;
}
