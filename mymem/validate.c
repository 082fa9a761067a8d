// SPDX-License-Identifier: GPL-2.0
/*
 * mymem_cache_validate(): check a live cache's slabs, debug or not.
 *
 * Partial slabs are found on the node lists; full slabs are on no list,
 * so they are found by walking the nodes' page frames for heads that carry
 * MYMEM_MAGIC_SLAB and this cache. Nothing is stopped: each slab is checked
 * on a snapshot of its state word, and a slab whose state moves meanwhile
 * is not judged.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitmap.h>
#include <linux/memory_hotplug.h>
#include <linux/mmzone.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include "internal.h"

struct validation {
	struct mymem_cache *s;
	unsigned long *seen;	/* one bit per object of the slab */
	int problems;
};

static __printf(3, 4) void problem(struct validation *v, struct page *slab,
				   const char *fmt, ...)
{
	struct va_format vaf;
	va_list args;

	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	pr_err("cache '%s': slab %p (node %d): %pV\n", v->s->name, page_address(slab),
	       page_to_nid(slab), &vaf);
	va_end(args);
	v->problems++;
}

/*
 * Check one slab against the snapshot @c of its state: the object count
 * fits the slab, and the freelist from c.free is a chain of distinct
 * object starts inside the slab, as long as objects - inuse.
 */
static void validate_slab(struct validation *v, struct page *slab, union mymem_counters c)
{
	struct mymem_cache *s = v->s;
	unsigned int max = min_t(unsigned int, (PAGE_SIZE << compound_order(slab)) / s->size,
				 MYMEM_MAX_OBJECTS);
	void *base = page_address(slab), *p;
	unsigned int nfree = 0;

	if (c.objects != max || c.inuse > c.objects) {
		problem(v, slab, "counts wrong: %u objects (fits %u), %u in use",
			c.objects, max, c.inuse);
		return;
	}
	bitmap_zero(v->seen, max);
	for (p = c.free ? slab_object(s, slab, c.free - 1) : NULL; p;
	     p = get_freepointer(s, p)) {
		unsigned long off = p - base;

		if (p < base || off >= (unsigned long)max * s->size || off % s->size) {
			problem(v, slab, "free pointer %p is not an object of the slab", p);
			return;
		}
		if (__test_and_set_bit(off / s->size, v->seen)) {
			problem(v, slab, "object %p is twice on the freelist", p);
			return;
		}
		if (++nfree > c.objects - c.inuse)
			break;
	}
	if (nfree != c.objects - c.inuse)
		problem(v, slab, "%u objects on the freelist, %u free by the counts",
			nfree, c.objects - c.inuse);
}

/* Partial slabs: under list_lock the freelists only grow at their head. */
static void validate_node(struct validation *v, int nid)
{
	struct mymem_cache_node *n = v->s->node[nid];
	unsigned long flags, count = 0;
	struct page *slab;

	spin_lock_irqsave(&n->list_lock, flags);
	list_for_each_entry(slab, &n->partial, lru) {
		union mymem_counters c = slab_counters(slab);

		count++;
		if (c.magic != MYMEM_MAGIC_SLAB || slab_cache(slab) != v->s) {
			problem(v, slab, "on the partial list but not a slab of this cache");
			break;
		}
		if (c.frozen || page_to_nid(slab) != nid || !c.free)
			problem(v, slab, "on node %d's partial list but %s", nid,
				c.frozen ? "frozen" : !c.free ? "full" : "of another node");
		validate_slab(v, slab, c);
	}
	if (count != n->nr_partial) {
		pr_err("cache '%s': node %d: %lu slabs on the partial list, nr_partial %lu\n",
		       v->s->name, nid, count, n->nr_partial);
		v->problems++;
	}
	spin_unlock_irqrestore(&n->list_lock, flags);
}

/* Full slabs: on no list, found by their page frames. */
static void validate_full(struct validation *v, int nid)
{
	unsigned long pfn, end = node_end_pfn(nid);

	for (pfn = node_start_pfn(nid); pfn < end; pfn++) {
		struct page *page = pfn_to_online_page(pfn);
		union mymem_counters c;

		if (!(pfn & 1023))
			cond_resched();
		if (!page || PageTail(page))
			continue;
		c = slab_counters(page);
		if (c.magic != MYMEM_MAGIC_SLAB || slab_cache(page) != v->s)
			continue;
		/* Only slabs that stay full while they are looked at. */
		if (c.frozen || c.free || c.inuse != c.objects)
			continue;
		validate_slab(v, page, c);
	}
}

/**
 * mymem_cache_validate() - check a cache's slabs
 * @s: the cache
 *
 * Flushes the CPUs' slabs to the nodes, then checks every partial and full
 * slab: state word, counts, freelist (inside the slab, on object starts,
 * no object twice, as long as the counts say), and each node's partial
 * list. Each problem is reported with pr_err() naming the cache and slab.
 * Works on any cache, while it is in use.
 *
 * Context: process context; may sleep.
 * Return: the number of problems found (0: sound), or -EINVAL for a NULL
 * cache, -ENOMEM if no memory for the check.
 */
int mymem_cache_validate(struct mymem_cache *s)
{
	struct validation v = { .s = s };
	int nid;

	if (!s) {
		pr_warn("%s: NULL cache\n", __func__);
		return -EINVAL;
	}
	v.seen = bitmap_zalloc(MYMEM_MAX_OBJECTS, GFP_KERNEL);
	if (!v.seen)
		return -ENOMEM;
	mymem_flush_all(s);
	for_each_online_node(nid) {
		validate_node(&v, nid);
		validate_full(&v, nid);
	}
	bitmap_free(v.seen);
	return v.problems;
}
EXPORT_SYMBOL_GPL(mymem_cache_validate);
