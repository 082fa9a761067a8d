// SPDX-License-Identifier: GPL-2.0
/*
 * mymem figures: what the interfaces (proc, sysfs) show of a cache,
 * gathered from the core without stopping it.
 */
#include <linux/build_bug.h>
#include <linux/cpumask.h>

#include "internal.h"

/* The names of SLUB's sysfs statistics files. */
const char * const mymem_stat_names[NR_MYMEM_STATS] = {
	[ALLOC_FASTPATH]		= "alloc_fastpath",
	[ALLOC_SLOWPATH]		= "alloc_slowpath",
	[FREE_FASTPATH]			= "free_fastpath",
	[FREE_SLOWPATH]			= "free_slowpath",
	[FREE_FROZEN]			= "free_frozen",
	[FREE_ADD_PARTIAL]		= "free_add_partial",
	[FREE_REMOVE_PARTIAL]		= "free_remove_partial",
	[ALLOC_FROM_PARTIAL]		= "alloc_from_partial",
	[ALLOC_SLAB]			= "alloc_slab",
	[ALLOC_REFILL]			= "alloc_refill",
	[ALLOC_NODE_MISMATCH]		= "alloc_node_mismatch",
	[FREE_SLAB]			= "free_slab",
	[CPUSLAB_FLUSH]			= "cpuslab_flush",
	[DEACTIVATE_FULL]		= "deactivate_full",
	[DEACTIVATE_EMPTY]		= "deactivate_empty",
	[DEACTIVATE_TO_HEAD]		= "deactivate_to_head",
	[DEACTIVATE_TO_TAIL]		= "deactivate_to_tail",
	[DEACTIVATE_REMOTE_FREES]	= "deactivate_remote_frees",
	[DEACTIVATE_BYPASS]		= "deactivate_bypass",
	[ORDER_FALLBACK]		= "order_fallback",
	[CMPXCHG_DOUBLE_CPU_FAIL]	= "cmpxchg_double_cpu_fail",
	[CMPXCHG_DOUBLE_FAIL]		= "cmpxchg_double_fail",
	[CPU_PARTIAL_ALLOC]		= "cpu_partial_alloc",
	[CPU_PARTIAL_FREE]		= "cpu_partial_free",
	[CPU_PARTIAL_DRAIN]		= "cpu_partial_drain",
	[ALLOC_CPU_SHEAF]		= "alloc_cpu_sheaf",
	[FREE_CPU_SHEAF]		= "free_cpu_sheaf",
	[SHEAF_FLUSH]			= "sheaf_flush",
	[SHEAF_REFILL]			= "sheaf_refill",
	[SHEAF_SWAP]			= "sheaf_swap",
	[SHEAF_ALLOC]			= "sheaf_alloc",
	[SHEAF_FREE]			= "sheaf_free",
	[BARN_GET]			= "barn_get",
	[BARN_GET_FAIL]			= "barn_get_fail",
	[BARN_PUT]			= "barn_put",
	[BARN_PUT_FAIL]			= "barn_put_fail",
	[FREE_RCU_SHEAF]		= "free_rcu_sheaf",
	[FREE_RCU_SHEAF_FAIL]		= "free_rcu_sheaf_fail",
	[SHEAF_PREFILL_FAST]		= "sheaf_prefill_fast",
	[SHEAF_PREFILL_SLOW]		= "sheaf_prefill_slow",
	[SHEAF_PREFILL_OVERSIZE]	= "sheaf_prefill_oversize",
	[SHEAF_RETURN_FAST]		= "sheaf_return_fast",
	[SHEAF_RETURN_SLOW]		= "sheaf_return_slow",
};
EXPORT_SYMBOL_NS_GPL(mymem_stat_names, MYMEM_NS);

static_assert(ARRAY_SIZE(mymem_stat_names) == NR_MYMEM_STATS);

/**
 * mymem_stat_sum() - an event counter summed over the possible CPUs
 * @s: the cache
 * @item: the counter
 *
 * Context: any context; a snapshot.
 * Return: the sum.
 */
unsigned long mymem_stat_sum(struct mymem_cache *s, enum mymem_stat_item item)
{
	unsigned long sum = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		sum += mymem_stat_cpu(s, item, cpu);
	return sum;
}
EXPORT_SYMBOL_NS_GPL(mymem_stat_sum, MYMEM_NS);

/**
 * mymem_stat_cpu() - an event counter of one CPU
 * @s: the cache
 * @item: the counter
 * @cpu: a possible CPU
 *
 * Context: any context; a snapshot.
 * Return: the CPU's count.
 */
unsigned long mymem_stat_cpu(struct mymem_cache *s, enum mymem_stat_item item, int cpu)
{
	return READ_ONCE(per_cpu_ptr(s->cpu_slab, cpu)->stat[item]);
}

/**
 * mymem_cpu_partial_slabs() - the slabs on a CPU's partial list
 * @s: the cache
 * @cpu: a possible CPU
 *
 * Context: any context; a snapshot (the list is the CPU's own).
 * Return: their number.
 */
unsigned int mymem_cpu_partial_slabs(struct mymem_cache *s, int cpu)
{
	return READ_ONCE(per_cpu_ptr(s->cpu_slab, cpu)->nr_partial);
}

/**
 * mymem_slab_state_name() - a slab's state, in words, from its state word
 * @c: the state word
 *
 * Context: any context.
 * Return: "isolated", "cpu" (frozen), "empty", "full" or "partial".
 */
const char *mymem_slab_state_name(union mymem_slab_state c)
{
	if (c.isolated)
		return "isolated";
	if (c.frozen)
		return "cpu";
	if (!c.inuse)
		return "empty";
	return c.inuse == c.objects ? "full" : "partial";
}

/**
 * mymem_isolated_slabs() - the slabs set aside as damaged, over every node
 * @s: the cache
 *
 * Context: any context; a snapshot.
 * Return: their number.
 */
unsigned long mymem_isolated_slabs(struct mymem_cache *s)
{
	unsigned long slabs = 0;
	int nid;

	for_each_node(nid)
		slabs += READ_ONCE(s->node[nid]->nr_isolated);
	return slabs;
}

/**
 * mymem_stat_clear() - zero an event counter on every CPU
 * @s: the cache
 * @item: the counter
 *
 * Context: any context; increments racing with it may survive.
 */
void mymem_stat_clear(struct mymem_cache *s, enum mymem_stat_item item)
{
	int cpu;

	for_each_possible_cpu(cpu)
		WRITE_ONCE(per_cpu_ptr(s->cpu_slab, cpu)->stat[item], 0);
}

static int add_inuse(struct mymem_cache *s, struct page *slab, union mymem_slab_state c,
		     void *arg)
{
	*(unsigned long *)arg += c.inuse;
	return 0;
}

static int add_free(struct mymem_cache *s, struct page *slab, union mymem_slab_state c,
		    void *arg)
{
	*(unsigned long *)arg += c.objects - c.inuse;
	return 0;
}

/* Objects in use (@fn add_inuse) or free (add_free) in a node's partial slabs. */
static unsigned long count_partial(struct mymem_cache *s, int nid, mymem_slab_visit_t fn)
{
	unsigned long x = 0;

	mymem_visit_partial(s, nid, fn, &x);
	return x;
}

/**
 * mymem_total() - slabs or objects of a cache, per node, as SLUB counts them
 * @s: the cache
 * @what: which figure
 * @per_node: nr_node_ids entries, filled in
 *
 * As SLUB's show_slab_objects(): "objects" are the node's objects less the
 * free ones of its partial slabs, so that the free objects of CPU slabs
 * count as in use; CPU slabs are counted on the node of their pages.
 *
 * Context: process context; takes each node's list_lock in turn.
 * Return: the total over the nodes.
 */
unsigned long mymem_total(struct mymem_cache *s, enum mymem_total what,
			  unsigned long *per_node)
{
	unsigned long total = 0;
	int nid, cpu;

	memset(per_node, 0, nr_node_ids * sizeof(*per_node));
	if (what == MYMEM_TOTAL_CPU_SLABS) {
		for_each_online_cpu(cpu) {
			struct mymem_cpu_slab *c = per_cpu_ptr(s->cpu_slab, cpu);
			struct page *slab = READ_ONCE(c->slab);
			unsigned int partial = mymem_cpu_partial_slabs(s, cpu);

			/* The CPU partial slabs are counted on the CPU's node. */
			if (slab)
				per_node[page_to_nid(slab)]++;
			per_node[cpu_to_node(cpu)] += partial;
		}
	} else {
		for_each_node(nid) {
			struct mymem_cache_node *n = s->node[nid];
			unsigned long x;

			switch (what) {
			case MYMEM_TOTAL_SLABS:
				x = atomic_long_read(&n->nr_slabs);
				break;
			case MYMEM_TOTAL_PARTIAL:
				x = READ_ONCE(n->nr_partial);
				break;
			case MYMEM_TOTAL_OBJECTS_PARTIAL:
				x = count_partial(s, nid, add_inuse);
				break;
			case MYMEM_TOTAL_TOTAL_OBJECTS:
				x = atomic_long_read(&n->total_objects);
				break;
			default: {
				unsigned long free = count_partial(s, nid, add_free);

				x = atomic_long_read(&n->total_objects);
				x = x > free ? x - free : 0;
				break;
			}
			}
			per_node[nid] = x;
		}
	}
	for_each_node(nid)
		total += per_node[nid];
	return total;
}

/**
 * mymem_get_slabinfo() - a snapshot of a cache's figures
 * @s: the cache
 * @info: filled in
 *
 * Context: any context; the figures may move while they are read.
 */
void mymem_get_slabinfo(struct mymem_cache *s, struct mymem_slabinfo *info)
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
	info->limit = READ_ONCE(s->cpu_partial);
	info->batchcount = READ_ONCE(s->batchcount);
	info->shared = READ_ONCE(s->min_partial);
	/* SLAB's objects in per-node shared arrays: the nearest there is. */
	info->sheaf_objs = mymem_sheaf_objects(s);
}

/* Visit each slab's layout and fill: one node's lists and its full slabs. */
struct waste_walk {
	struct mymem_cache *s;
	struct mymem_waste *w;
};

static int waste_of_slab(struct mymem_cache *s, struct page *slab, union mymem_slab_state c,
			 void *arg)
{
	const struct mymem_layout *l = slab_layout(s, c);
	struct mymem_waste *w = arg;
	unsigned int meta = l->size - ALIGN(s->object_size, s->align);

	/*
	 * An object's stride is its size rounded to the alignment, plus the
	 * debug areas and a free pointer kept outside it; what the alignment
	 * alone would have cost is rounding, the rest metadata.
	 */
	if (l->size < ALIGN(s->object_size, s->align))
		meta = 0;
	w->rounding += (unsigned long)c.inuse * (l->size - s->object_size - meta);
	w->metadata += (unsigned long)c.inuse * meta;
	w->leftover += (PAGE_SIZE << compound_order(slab)) - (unsigned long)c.objects * l->size;
	w->free += (unsigned long)(c.objects - c.inuse) * l->size;
	return 0;
}

/**
 * mymem_get_waste() - where a cache's slab memory goes besides its objects
 * @s: the cache
 * @w: filled in
 *
 * Walks every slab but the CPUs' own (active and partial): the nodes'
 * lists under their locks, and the full slabs in the nodes' registries
 * (node.c). Each slab is counted with its own layout. The objects of
 * CPU slabs count as in use, as in SLUB's "objects".
 *
 * Context: process context; may sleep between slabs.
 */
void mymem_get_waste(struct mymem_cache *s, struct mymem_waste *w)
{
	int nid;

	memset(w, 0, sizeof(*w));
	for_each_node(nid) {
		mymem_visit_partial(s, nid, waste_of_slab, w);
		mymem_visit_full_slabs(s, nid, waste_of_slab, w);
	}
}

static int occupancy_of_slab(struct mymem_cache *s, struct page *slab, union mymem_slab_state c,
			     void *arg)
{
	unsigned long *counts = arg;

	if (!c.inuse)
		counts[0]++;
	else
		counts[1 + min(9U, (unsigned int)(c.inuse * 10 / c.objects))]++;
	return 0;
}

/**
 * mymem_get_occupancy() - a node's partial slabs by how full they are
 * @s: the cache
 * @nid: the node
 * @counts: [0] empty slabs, [1 + i] slabs with i * 10% to (i + 1) * 10%
 *	    of their objects in use (a partial slab is never full)
 *
 * Context: process context; takes the node's list_lock.
 */
void mymem_get_occupancy(struct mymem_cache *s, int nid,
			 unsigned long counts[MYMEM_OCCUPANCY_BUCKETS])
{
	memset(counts, 0, MYMEM_OCCUPANCY_BUCKETS * sizeof(*counts));
	mymem_visit_partial(s, nid, occupancy_of_slab, counts);
}
