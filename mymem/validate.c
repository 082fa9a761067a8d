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
	int nid;		/* the node whose partial list is walked */
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
void *mymem_free_map(struct mymem_cache *s, struct page *slab, union mymem_slab_state c,
		     unsigned long *map, const char **why)
{
	const struct mymem_layout *l = slab_layout(s, c);
	void *base = page_address(slab) + l->red_left_pad, *p, *prev = NULL;
	unsigned int nfree = 0;

	*why = NULL;
	bitmap_zero(map, c.objects);
	for (p = layout_first_free(l, slab, c); p;
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
 * fits the slab, the freelist from c.free_pos is a chain of distinct object
 * starts inside the slab, as long as objects - inuse; for a debug slab,
 * the debug areas of every object.
 */
static void validate_slab(struct validation *v, struct page *slab, union mymem_slab_state c)
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

/* A slab of node @nid's partial list: under list_lock its freelist only grows at its head. */
static int validate_partial_slab(struct mymem_cache *s, struct page *slab,
				 union mymem_slab_state c, void *arg)
{
	struct validation *v = arg;
	int nid = v->nid;

	if (c.frozen || c.isolated || page_to_nid(slab) != nid || !c.free_pos) {
		mymem_report(s, slab, NULL, NULL,
			     "Slab on node %d's partial list but %s",
			     nid, c.frozen ? "frozen" : c.isolated ? "isolated" :
			     !c.free_pos ? "full" : "of another node");
		v->problems++;
	}
	validate_slab(v, slab, c);
	return 0;
}

static int validate_full_slab(struct mymem_cache *s, struct page *slab,
			      union mymem_slab_state c, void *arg)
{
	validate_slab(arg, slab, c);
	return 0;
}

/**
 * mymem_cache_validate() - check a cache's slabs
 * @s: the cache
 *
 * Flushes the CPUs' sheaves and slabs and the barns to the nodes (an
 * object found twice in a sheaf is reported and counted), then checks every partial and full
 * slab: state word, counts, freelist (inside the slab, on object starts,
 * no object twice, as long as the counts say), each node's partial list,
 * and in debug slabs the red zones, padding and poison of every object.
 * Each problem is reported in SLUB's shape; nothing is changed. Works on
 * any cache, debug or not, while it is in use.
 *
 * Context: process context, not under cpus_read_lock() (it takes it: not
 * from a CPU hotplug callback); sleeps.
 * Return: the number of problems found (0: sound), or -EINVAL for a NULL
 * cache, -ENOMEM if no memory for the check.
 */
int mymem_cache_validate(struct mymem_cache *s)
{
	struct validation v = { .s = s };
	long dups;
	int nid;

	if (!s) {
		pr_warn("%s: NULL cache\n", __func__);
		return -EINVAL;
	}
	v.seen = bitmap_zalloc(MYMEM_MAX_OBJECTS, GFP_KERNEL);
	if (!v.seen)
		return -ENOMEM;
	/* The flush checks the sheaves: each object found twice is a problem. */
	dups = atomic_long_read(&s->sheaf_double_frees);
	mymem_flush_all(s);
	v.problems += atomic_long_read(&s->sheaf_double_frees) - dups;
	for_each_online_node(nid) {
		v.nid = nid;
		switch (mymem_visit_partial(s, nid, validate_partial_slab, &v)) {
		case -EFAULT:
			mymem_report(s, NULL, NULL, NULL,
				     "Node %d: a slab not of this cache on the partial list",
				     nid);
			v.problems++;
			break;
		case -ERANGE:
			mymem_report(s, NULL, NULL, NULL,
				     "Node %d: partial list length is not nr_partial %lu",
				     nid, READ_ONCE(s->node[nid]->nr_partial));
			v.problems++;
			break;
		}
		mymem_visit_full_slabs(s, nid, validate_full_slab, &v);
	}
	bitmap_free(v.seen);
	WRITE_ONCE(s->last_validate, v.problems);
	return v.problems;
}
EXPORT_SYMBOL_GPL(mymem_cache_validate);
