// SPDX-License-Identifier: GPL-2.0
/*
 * Giving memory back: mymem_cache_shrink(), the shrinker that does the
 * same for every cache under memory pressure, and the CPU hotplug
 * callback that hands a dead CPU's slabs to the nodes.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/shrinker.h>

#include "internal.h"

/* How often the shrinker freed memory, for tests and reports. */
atomic_long_t mymem_shrinker_runs = ATOMIC_LONG_INIT(0);
EXPORT_SYMBOL_NS_GPL(mymem_shrinker_runs, MYMEM_NS);

struct empty_slabs {
	struct mymem_cache_node *n;	/* the node walked */
	struct list_head list;		/* its empty slabs, off its list */
};

static int take_empty(struct mymem_cache *s, struct page *slab, union mymem_slab_state c,
		      void *arg)
{
	struct empty_slabs *e = arg;

	if (!c.inuse) {
		mymem_remove_partial(e->n, slab);
		list_add(mymem_page_list(slab), &e->list);
	}
	return 0;
}

/*
 * Free the empty slabs of every node's partial list. Returns the pages
 * given back (those of SLAB_TYPESAFE_BY_RCU caches after a grace period).
 */
static unsigned long discard_empty(struct mymem_cache *s)
{
	unsigned long pages = 0;
	struct page *slab, *next;
	int nid;

	for_each_node(nid) {
		struct empty_slabs e = { .n = s->node[nid] };

		INIT_LIST_HEAD(&e.list);
		mymem_visit_partial(s, nid, take_empty, &e);
		mymem_for_each_page_safe(slab, next, &e.list) {
			list_del_init(mymem_page_list(slab));
			pages += 1UL << compound_order(slab);
			mymem_discard_slab(s, slab);
		}
	}
	return pages;
}

/* The caller holds cpus_read_lock(). */
static unsigned long __mymem_cache_shrink(struct mymem_cache *s)
{
	mymem_flush_all_cpus_locked(s);
	return discard_empty(s);
}

/**
 * mymem_cache_shrink() - give a cache's free memory back
 * @s: the cache
 *
 * Flushes every CPU's slab and partial list to the nodes, then returns
 * every empty slab to the page allocator (min_partial does not apply).
 *
 * Context: process context, not under cpus_read_lock() (it takes it: not
 * from a CPU hotplug callback); sleeps (waits for every CPU's flush).
 * Return: 0, or -EINVAL for a NULL cache.
 */
int mymem_cache_shrink(struct mymem_cache *s)
{
	if (!s) {
		pr_warn("%s: NULL cache\n", __func__);
		return -EINVAL;
	}
	cpus_read_lock();
	__mymem_cache_shrink(s);
	cpus_read_unlock();
	return 0;
}
EXPORT_SYMBOL_GPL(mymem_cache_shrink);

static int add_empty_pages(struct mymem_cache *s, struct page *slab, union mymem_slab_state c,
			   void *arg)
{
	if (!c.inuse)
		*(unsigned long *)arg += 1UL << compound_order(slab);
	return 0;
}

/*
 * Pages the shrinker could free now: empty slabs on the node lists, and
 * the pages' worth of free objects parked in sheaves and barns (a flush
 * gives them back: an estimate, they may be spread over slabs in use).
 */
static unsigned long mymem_shrink_count(struct shrinker *sh, struct shrink_control *sc)
{
	unsigned long count = 0;
	struct mymem_cache *s;
	int nid;

	if (!mutex_trylock(&mymem_mutex))
		return 0;
	list_for_each_entry(s, &mymem_caches, list) {
		for_each_node(nid)
			mymem_visit_partial(s, nid, add_empty_pages, &count);
		count += mymem_sheaf_objects(s) * s->object_size >> PAGE_SHIFT;
	}
	mutex_unlock(&mymem_mutex);
	return count;
}

static unsigned long mymem_shrink_scan(struct shrinker *sh, struct shrink_control *sc)
{
	struct mymem_cache *s;
	unsigned long freed = 0;

	/*
	 * Reclaim may run under any lock, the hotplug lock (a CPU coming up
	 * allocates) and mymem_mutex (a cache created with GFP_KERNEL
	 * allocations) included: never wait for them here.
	 */
	if (!cpus_read_trylock())
		return SHRINK_STOP;
	if (!mutex_trylock(&mymem_mutex)) {
		cpus_read_unlock();
		return SHRINK_STOP;
	}
	list_for_each_entry(s, &mymem_caches, list) {
		freed += __mymem_cache_shrink(s);
		if (freed >= sc->nr_to_scan)
			break;
	}
	mutex_unlock(&mymem_mutex);
	cpus_read_unlock();
	atomic_long_inc(&mymem_shrinker_runs);
	return freed;
}

static struct shrinker *mymem_shrinker;
static int mymem_cpuhp_state;

/* After @cpu died: hand its slabs of every cache to the nodes. */
static int mymem_cpu_dead(unsigned int cpu)
{
	struct mymem_cache *s;

	mutex_lock(&mymem_mutex);
	list_for_each_entry(s, &mymem_caches, list)
		mymem_flush_cpu(s, cpu);
	mutex_unlock(&mymem_mutex);
	return 0;
}

int mymem_shrink_init(void)
{
	int ret;

	ret = cpuhp_setup_state_nocalls(CPUHP_BP_PREPARE_DYN, "mymem:dead", NULL,
					mymem_cpu_dead);
	if (ret < 0)
		return ret;
	mymem_cpuhp_state = ret;
	mymem_shrinker = mymem_shrinker_create("mymem", mymem_shrink_count,
					       mymem_shrink_scan);
	if (!mymem_shrinker) {
		cpuhp_remove_state_nocalls(mymem_cpuhp_state);
		return -ENOMEM;
	}
	return 0;
}

void mymem_shrink_exit(void)
{
	mymem_shrinker_destroy(mymem_shrinker);
	mymem_shrinker = NULL;
	cpuhp_remove_state_nocalls(mymem_cpuhp_state);
}
