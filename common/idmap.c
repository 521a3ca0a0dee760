/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "idmap.h"
#include "xalloc.h"

#define MIN_SLOTS 16

void
idmap_init(struct idmap *m)
{
	m->slot = NULL;
	m->nslot = m->n = 0;
}

void
idmap_release(struct idmap *m)
{
	free(m->slot);
	idmap_init(m);
}

/* FNV-1a, 64 bits. */
static uint64_t
hash_id(const char *id, size_t len)
{
	uint64_t h = 14695981039346656037u;

	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)id[i];
		h *= 1099511628211u;
	}
	return h;
}

/* The slot holding id, or the empty slot where it would go (nslot > 0). */
static size_t
probe(const struct idmap *m, const char *id, size_t len, uint64_t h)
{
	size_t mask = m->nslot - 1;
	size_t i = (size_t)h & mask;

	for (;;) {
		const struct idmap_slot *s = &m->slot[i];

		if (s->id == NULL)
			return i;
		if (s->hash == h && s->len == len &&
		    memcmp(s->id, id, len) == 0)
			return i;
		i = (i + 1) & mask;
	}
}

size_t
idmap_find(const struct idmap *m, const char *id, size_t len)
{
	size_t i;

	if (m->n == 0)
		return IDMAP_NONE;
	i = probe(m, id, len, hash_id(id, len));
	return m->slot[i].id == NULL ? IDMAP_NONE : m->slot[i].idx;
}

static void
grow(struct idmap *m)
{
	size_t n = m->nslot ? m->nslot * 2 : MIN_SLOTS;
	struct idmap_slot *old = m->slot;
	size_t nold = m->nslot;

	m->slot = xcalloc(n, sizeof(*m->slot));
	m->nslot = n;
	for (size_t k = 0; k < nold; k++)
		if (old[k].id != NULL)
			m->slot[probe(m, old[k].id, old[k].len,
			    old[k].hash)] = old[k];
	free(old);
}

void
idmap_put(struct idmap *m, const char *id, size_t len, size_t idx)
{
	uint64_t h = hash_id(id, len);
	struct idmap_slot *s;

	/* Keep the load at most one half. */
	if (2 * (m->n + 1) > m->nslot)
		grow(m);
	s = &m->slot[probe(m, id, len, h)];
	s->id = id;
	s->len = len;
	s->hash = h;
	s->idx = idx;
	m->n++;
}
