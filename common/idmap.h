/* SPDX-License-Identifier: MIT */
/*
 * idmap.h - patient ids to entry indexes: the one hash map ipt-report's
 * caseload and side files (--intake, --plans) look ids up in.
 *
 * Ids are exact bytes (io.md 6: no trimming, no case folding), compared
 * by length and content.  The map borrows each id: it must stay where it
 * is as long as the map (the entries' own copies do).  Open addressing
 * with linear probing, at most half full, growing by doubling; nothing
 * depends on its order, which callers never see.
 */
#ifndef IPT_IDMAP_H
#define IPT_IDMAP_H

#include <stddef.h>
#include <stdint.h>

#define IDMAP_NONE SIZE_MAX	/* idmap_find(): no such id */

struct idmap_slot {
	const char *id;		/* borrowed; NULL: empty slot */
	size_t len;
	uint64_t hash;
	size_t idx;
};

struct idmap {
	struct idmap_slot *slot;
	size_t nslot;		/* 0, or a power of two at least 2 n */
	size_t n;
};

/* An empty map (also what a zeroed struct is). */
void idmap_init(struct idmap *m);
void idmap_release(struct idmap *m);

/* The index id[0..len) maps to, or IDMAP_NONE. */
size_t idmap_find(const struct idmap *m, const char *id, size_t len);

/* Map id[0..len), not yet in m, to idx (id borrowed). */
void idmap_put(struct idmap *m, const char *id, size_t len, size_t idx);

#endif
