// SPDX-License-Identifier: GPL-2.0
/*
 * mymem figures: what the interfaces (proc, sysfs) show of a cache,
 * gathered from the core without stopping it.
 */
#include "internal.h"

/**
 * mymem_get_info() - a snapshot of a cache's figures
 * @s: the cache
 * @info: filled in
 *
 * Context: any context; the figures may move while they are read.
 */
void mymem_get_info(struct mymem_cache *s, struct mymem_info *info)
{
	long live = mymem_cache_live(s);
	int nid;

	memset(info, 0, sizeof(*info));
	info->name = s->name;
	for_each_node(nid) {
		struct mymem_cache_node *n = s->node[nid];

		info->num_slabs += atomic_long_read(&n->nr_slabs);
		info->num_objs += atomic_long_read(&n->total_objects);
	}
	/* Per-CPU counts move independently: clamp the snapshot. */
	info->active_objs = clamp_t(long, live, 0, info->num_objs);
	info->objsize = s->object_size;
	info->objs_per_slab = s->objects;
	info->order = s->order;
}
