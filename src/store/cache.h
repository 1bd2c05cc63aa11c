/* SPDX-License-Identifier: MIT */
#ifndef HD_STORE_CACHE_H
#define HD_STORE_CACHE_H

/*
 * The answer cache as the layers above the store see it: `serve` sizes
 * and stops it, /metrics reads its figures. What it holds, and how it
 * stays current, is the store's own (store/vcache.h, store/feed.h):
 * reads answer from it where they may, and nothing above asks.
 */
#include <stddef.h>
#include <stdint.h>

/* Sizes the cache to at most max_bytes (0: off). Not thread safe: call
 * before store_feed_start and serving, and store_cache_stop after the
 * writer and every reader are closed. */
void store_cache_start(size_t max_bytes);
void store_cache_stop(void);

/* Figures since start, for /metrics. */
struct store_cache_stats {
	uint64_t hits;	     /* Vorgänge answered from the cache */
	uint64_t misses;     /* Vorgänge read from the database for staff */
	uint64_t entries;    /* Vorgänge held */
	uint64_t bytes;	     /* memory held */
	uint64_t page_bytes; /* of bytes, held by whole queue pages */
};
void store_cache_stats(struct store_cache_stats *s);

#endif
