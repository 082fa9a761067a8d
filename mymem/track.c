// SPDX-License-Identifier: GPL-2.0
/*
 * Owner tracking, aggregated: where a cache's objects were allocated or
 * freed, by call site, in the format of SLUB's alloc_calls and free_calls:
 *
 *   <count> <site> age=<min>/<avg>/<max> pid=<min>-<max> cpus=<list> nodes=<list>
 *
 * (age in jiffies; a single value where min and max agree). Only objects
 * of debug slabs with owner tracks (SLAB_STORE_USER) are known.
 */
#include <linux/bitmap.h>
#include <linux/cpumask.h>
#include <linux/jiffies.h>
#include <linux/nodemask.h>
#include <linux/slab.h>
#include <linux/sysfs.h>

#include "internal.h"

#define MAX_LOCATIONS	128

struct location {
	unsigned long addr;
	unsigned long count;
	unsigned long min_age, max_age;
	u64 sum_age;
	int min_pid, max_pid;
	struct cpumask cpus;
	nodemask_t nodes;
};

struct locations {
	enum mymem_track_item item;
	unsigned int nr;
	bool overflow;
	unsigned long *map;
	struct location loc[MAX_LOCATIONS];
};

static void add_location(struct locations *t, const struct mymem_track *tr, int nid)
{
	unsigned long age = jiffies - tr->when;
	unsigned int lo = 0, hi = t->nr;
	struct location *l;

	/* The array is sorted by site. */
	while (lo < hi) {
		unsigned int mid = (lo + hi) / 2;

		if (t->loc[mid].addr == tr->addr) {
			l = &t->loc[mid];
			l->count++;
			l->sum_age += age;
			l->min_age = min(l->min_age, age);
			l->max_age = max(l->max_age, age);
			l->min_pid = min(l->min_pid, tr->pid);
			l->max_pid = max(l->max_pid, tr->pid);
			cpumask_set_cpu(tr->cpu, &l->cpus);
			node_set(nid, l->nodes);
			return;
		}
		if (t->loc[mid].addr < tr->addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (t->nr == MAX_LOCATIONS) {
		t->overflow = true;
		return;
	}
	memmove(&t->loc[lo + 1], &t->loc[lo], (t->nr - lo) * sizeof(*l));
	t->nr++;
	l = &t->loc[lo];
	memset(l, 0, sizeof(*l));
	l->addr = tr->addr;
	l->count = 1;
	l->min_age = age;
	l->max_age = age;
	l->sum_age = age;
	l->min_pid = tr->pid;
	l->max_pid = tr->pid;
	cpumask_set_cpu(tr->cpu, &l->cpus);
	node_set(nid, l->nodes);
}

/* Add the tracks of one slab's objects; its freelist must not change. */
static int process_slab(struct mymem_cache *s, struct page *slab, union mymem_slab_state c,
			void *arg)
{
	const struct mymem_layout *l = slab_layout(s, c);
	struct locations *t = arg;
	bool want_free = t->item == MYMEM_TRACK_FREE;
	const char *why;
	unsigned int i;

	if (!c.debug || !l->store_user || mymem_free_map(s, slab, c, t->map, &why))
		return 0;
	for (i = 0; i < c.objects; i++) {
		const struct mymem_track *tr;

		/* alloc_calls counts objects in use, free_calls free ones. */
		if (test_bit(i, t->map) != want_free)
			continue;
		tr = (struct mymem_track *)(layout_object(l, slab, i) + l->track) + t->item;
		if (tr->addr)
			add_location(t, tr, page_to_nid(slab));
	}
	return 0;
}

/**
 * mymem_list_locations() - a cache's alloc_calls or free_calls
 * @s: the cache
 * @buf: a sysfs page
 * @item: allocation or free sites
 *
 * Context: process context; may sleep.
 * Return: the length written, or -ENOMEM.
 */
ssize_t mymem_list_locations(struct mymem_cache *s, char *buf, enum mymem_track_item item)
{
	struct locations *t;
	ssize_t len = 0;
	unsigned int i;
	int nid;

	t = kvzalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	t->map = bitmap_zalloc(MYMEM_MAX_OBJECTS, GFP_KERNEL);
	if (!t->map) {
		kvfree(t);
		return -ENOMEM;
	}
	t->item = item;
	for_each_online_node(nid) {
		mymem_visit_partial(s, nid, process_slab, t);
		mymem_visit_full_slabs(s, nid, process_slab, t);
	}
	for (i = 0; i < t->nr; i++) {
		struct location *l = &t->loc[i];

		len += sysfs_emit_at(buf, len, "%7lu %pS", l->count, (void *)l->addr);
		if (l->min_age != l->max_age)
			len += sysfs_emit_at(buf, len, " age=%lu/%llu/%lu", l->min_age,
					     div_u64(l->sum_age, l->count), l->max_age);
		else
			len += sysfs_emit_at(buf, len, " age=%lu", l->min_age);
		if (l->min_pid != l->max_pid)
			len += sysfs_emit_at(buf, len, " pid=%d-%d", l->min_pid, l->max_pid);
		else
			len += sysfs_emit_at(buf, len, " pid=%d", l->min_pid);
		if (num_online_cpus() > 1)
			len += sysfs_emit_at(buf, len, " cpus=%*pbl", cpumask_pr_args(&l->cpus));
		if (num_online_nodes() > 1)
			len += sysfs_emit_at(buf, len, " nodes=%*pbl", nodemask_pr_args(&l->nodes));
		len += sysfs_emit_at(buf, len, "\n");
	}
	if (!t->nr)
		len += sysfs_emit_at(buf, len, "No data\n");
	else if (t->overflow)
		len += sysfs_emit_at(buf, len, "(more than %d sites: the rest not shown)\n",
				     MAX_LOCATIONS);
	bitmap_free(t->map);
	kvfree(t);
	return len;
}
EXPORT_SYMBOL_NS_GPL(mymem_list_locations, MYMEM_NS);
