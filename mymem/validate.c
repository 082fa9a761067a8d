// SPDX-License-Identifier: GPL-2.0
/*
 * mymem_cache_validate(): check a live cache's slabs, debug or not.
 *
 * Partial slabs are found on the node lists; full slabs are on no list,
 * so they are found in the node's registry of the cache's slabs (every
 * slab, in page frame order: O(the cache's slabs), whatever the size of
 * the machine). Nothing is stopped: a plain slab is
 * checked on a snapshot of its state word, and one whose state moves
 * meanwhile is not judged; a debug slab changes only under its node's
 * list_lock, which is held while it is checked, red zones, padding and
 * poison included. Isolated slabs were reported when they were set aside
 * and are not checked again.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitmap.h>
#include <linux/mmzone.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include "internal.h"

struct validation {
	struct mymem_cache *s;
	unsigned long *seen;	/* one bit per object of the slab: free */
	int problems;
};

/**
 * mymem_free_map() - mark the objects on a slab's freelist
 * @s: the cache
 * @slab: the slab
 * @c: a snapshot of its state word
 * @map: one bit per object, set for the free ones
 * @why: set to what is wrong when the freelist is broken
 *
 * Context: the slab's freelist must not change meanwhile.
 * Return: the object the broken link was read from (or the slab's first
 * free one), NULL when the freelist is sound; *@why says what is wrong.
 */
void *mymem_free_map(struct mymem_cache *s, struct page *slab, union mymem_counters c,
		     unsigned long *map, const char **why)
{
	const struct mymem_layout *l = slab_layout(s, c);
	void *base = page_address(slab) + l->red_left_pad, *p, *prev = NULL;
	unsigned int nfree = 0;

	*why = NULL;
	bitmap_zero(map, c.objects);
	for (p = c.free ? layout_object(l, slab, c.free - 1) : NULL; p;
	     prev = p, p = get_freepointer_at(s, p, l->offset)) {
		unsigned long off = p - base;

		if (p < base || off >= (unsigned long)c.objects * l->size || off % l->size) {
			*why = "Freechain corrupt: a free pointer is not an object of the slab";
			return prev ? prev : p;
		}
		if (__test_and_set_bit(off / l->size, map)) {
			*why = "Freechain corrupt: an object is twice on the freelist";
			return p;
		}
		if (++nfree > c.objects - c.inuse)
			break;
	}
	if (nfree != c.objects - c.inuse) {
		*why = "Wrong number of objects on the freelist";
		return prev ? prev : base;
	}
	return NULL;
}

/*
 * Check one slab against the snapshot @c of its state: the object count
 * fits the slab, the freelist from c.free is a chain of distinct object
 * starts inside the slab, as long as objects - inuse; for a debug slab,
 * the debug areas of every object.
 */
static void validate_slab(struct validation *v, struct page *slab, union mymem_counters c)
{
	struct mymem_cache *s = v->s;
	const struct mymem_layout *l = slab_layout(s, c);
	unsigned int max = order_objects(compound_order(slab), l->size);
	const char *why;
	void *bad;

	if (c.objects != max || c.inuse > c.objects) {
		mymem_report(s, slab, NULL, NULL,
			     "Slab counts wrong: %u objects (fits %u), %u in use",
			     (unsigned int)c.objects, max, (unsigned int)c.inuse);
		v->problems++;
		return;
	}
	bad = mymem_free_map(s, slab, c, v->seen, &why);
	if (bad) {
		mymem_report(s, slab, NULL, NULL, "%s (at 0x%p, %u free by the counts)", why, bad,
			     (unsigned int)(c.objects - c.inuse));
		v->problems++;
		return;
	}
	if (c.debug)
		v->problems += mymem_check_debug_objects(s, slab, c, v->seen);
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
			mymem_report(v->s, NULL, NULL, NULL,
				     "Slab 0x%p on the partial list is not a slab of this cache",
				     page_address(slab));
			v->problems++;
			break;
		}
		if (c.frozen || c.isolated || page_to_nid(slab) != nid || !c.free) {
			mymem_report(v->s, slab, NULL, NULL,
				     "Slab on node %d's partial list but %s",
				     nid, c.frozen ? "frozen" : c.isolated ? "isolated" :
				     !c.free ? "full" : "of another node");
			v->problems++;
		}
		validate_slab(v, slab, c);
	}
	if (count != n->nr_partial) {
		mymem_report(v->s, NULL, NULL, NULL,
			     "Node %d: %lu slabs on the partial list, nr_partial %lu",
			     nid, count, n->nr_partial);
		v->problems++;
	}
	spin_unlock_irqrestore(&n->list_lock, flags);
}

/*
 * Walk the registry of @s's slabs on node @nid; with @all, call @fn on
 * every one, isolated ones included, else only on the full ones. A slab
 * is in the registry of the node it was made on, and only there.
 */
static void walk_node_slabs(struct mymem_cache *s, int nid, bool all,
			    void (*fn)(struct mymem_cache *s, struct page *slab,
				       union mymem_counters c, void *arg),
			    void *arg)
{
	struct mymem_cache_node *n = s->node[nid];
	unsigned long index, seen = 0;
	struct page *page;

	xa_for_each(&n->slabs, index, page) {
		union mymem_counters c;
		unsigned long flags;

		if (!(++seen & 63))
			cond_resched();
		c = slab_counters(page);
		/* Given back since the registry was read: not ours any more. */
		if (c.magic != MYMEM_MAGIC_SLAB || slab_cache(page) != s)
			continue;
		if (!c.debug) {
			/* Only slabs that stay full while they are looked at. */
			if (all || (!c.frozen && !c.isolated && !c.free && c.inuse == c.objects))
				fn(s, page, c, arg);
			continue;
		}
		spin_lock_irqsave(&n->list_lock, flags);
		c = slab_counters(page);
		if (c.magic == MYMEM_MAGIC_SLAB && slab_cache(page) == s &&
		    (all || (!c.free && !c.isolated)))
			fn(s, page, c, arg);
		spin_unlock_irqrestore(&n->list_lock, flags);
	}
}

/**
 * mymem_visit_full_slabs() - visit the full slabs of a cache on a node
 * @s: the cache
 * @nid: the node
 * @fn: called with each full, non-isolated slab and its state word; for a
 *	debug slab with the node's list_lock held
 * @arg: passed to @fn
 *
 * Full slabs are on no list: they are found in the node's registry.
 *
 * Context: process context; may sleep between slabs.
 */
void mymem_visit_full_slabs(struct mymem_cache *s, int nid,
			    void (*fn)(struct mymem_cache *s, struct page *slab,
				       union mymem_counters c, void *arg),
			    void *arg)
{
	walk_node_slabs(s, nid, false, fn, arg);
}

/**
 * mymem_visit_slabs() - visit every slab of a cache on a node
 * @s: the cache
 * @nid: the node
 * @fn: called with each slab in page frame order and a snapshot of its
 *	state word (a plain slab's may be moving; a debug slab's is read
 *	under the node's list_lock, held during the call); isolated slabs
 *	included
 * @arg: passed to @fn
 *
 * Context: process context; may sleep between slabs.
 */
void mymem_visit_slabs(struct mymem_cache *s, int nid,
		       void (*fn)(struct mymem_cache *s, struct page *slab,
				  union mymem_counters c, void *arg),
		       void *arg)
{
	walk_node_slabs(s, nid, true, fn, arg);
}

static void validate_full_slab(struct mymem_cache *s, struct page *slab,
			       union mymem_counters c, void *arg)
{
	validate_slab(arg, slab, c);
}

/**
 * mymem_cache_validate() - check a cache's slabs
 * @s: the cache
 *
 * Flushes the CPUs' slabs to the nodes, then checks every partial and full
 * slab: state word, counts, freelist (inside the slab, on object starts,
 * no object twice, as long as the counts say), each node's partial list,
 * and in debug slabs the red zones, padding and poison of every object.
 * Each problem is reported in SLUB's shape; nothing is changed. Works on
 * any cache, debug or not, while it is in use.
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
		mymem_visit_full_slabs(s, nid, validate_full_slab, &v);
	}
	bitmap_free(v.seen);
	WRITE_ONCE(s->last_validate, v.problems);
	return v.problems;
}
EXPORT_SYMBOL_GPL(mymem_cache_validate);
