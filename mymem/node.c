// SPDX-License-Identifier: GPL-2.0
/*
 * A cache's slabs on one node: setting a damaged slab aside, and the
 * walks over them.
 *
 * Every change of a node's partial list goes through mymem_add_partial()
 * and mymem_remove_partial() (internal.h), which assert list_lock; an
 * empty slab is given back when mymem_slab_discardable() says so. The
 * walks are the two visitors below, one per kind:
 *   mymem_visit_partial()     a node's partial list, under its list_lock
 *                             (as SLUB's count_partial());
 *   mymem_visit_full_slabs()  the full slabs, which are on no list, found
 *   mymem_visit_slabs()       with every slab in the node's registry.
 * The allocation slow path's own search of the partial list
 * (get_partial_node() in alloc.c) stays open-coded: it is the one walk on
 * a path of allocation, and it stops at the first slab it can use.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/sched.h>

#include "internal.h"

/**
 * mymem_isolate_slab() - set a slab found damaged aside
 * @s: its cache
 * @n: its node, list_lock held
 * @slab: the slab, on @n's partial list if @on_partial, else on no list
 *	  (a plain slab may be frozen: no CPU may hold it any more)
 * @on_partial: whether to take it off the partial list
 *
 * The slab moves to the node's isolated list and is never allocated from
 * again; frees of its objects are taken as done and counted in
 * isolated_objects. Its pages go back when the cache is destroyed.
 *
 * Context: @n's list_lock held, interrupts off.
 */
void mymem_isolate_slab(struct mymem_cache *s, struct mymem_cache_node *n,
			struct page *slab, bool on_partial)
{
	union mymem_slab_state old = slab_state(slab), new;

	lockdep_assert_held(&n->list_lock);
	if (old.isolated)
		return;
	if (on_partial)
		mymem_remove_partial(n, slab);
	do {
		new = old;
		new.frozen = 0;
		new.isolated = 1;
	} while (!cmpxchg_slab(s, slab, &old, new));
	list_add(mymem_page_list(slab), &n->isolated);
	n->nr_isolated++;
}

/**
 * mymem_drop_lists() - forget a node's partial and isolated lists
 * @n: the node of a cache being destroyed, whose CPUs hold no slab
 *
 * Every slab stays in the node's registry, which is what destruction
 * walks to give the slabs back; the lists are emptied without touching
 * their slabs.
 *
 * Context: process context, interrupts enabled; takes @n's list_lock.
 */
void mymem_drop_lists(struct mymem_cache_node *n)
{
	spin_lock_irq(&n->list_lock);
	INIT_LIST_HEAD(&n->partial);
	INIT_LIST_HEAD(&n->isolated);
	n->nr_partial = 0;
	n->nr_isolated = 0;
	spin_unlock_irq(&n->list_lock);
}

/**
 * mymem_visit_partial() - call @fn on each slab of a node's partial list
 * @s: the cache
 * @nid: the node
 * @fn: called with the node's list_lock held (interrupts off), each slab
 *	and its state word; it may take the slab off the list
 *	(mymem_remove_partial(), mymem_isolate_slab()); a nonzero return
 *	stops the walk
 * @arg: passed to @fn
 *
 * A slab on the list that is not one of @s's ends the walk (the list is
 * not followed past a damaged entry), and a list whose length is not
 * nr_partial is said in the return value; validation reports both, the
 * other walks (the shrinker's, the interfaces') stay quiet.
 *
 * Context: any context; takes the node's list_lock with interrupts off.
 * Return: the first nonzero value @fn returned, -EFAULT if the list holds
 * a foreign slab, -ERANGE if its length is not nr_partial, else 0.
 */
int mymem_visit_partial(struct mymem_cache *s, int nid, mymem_slab_visit_t fn, void *arg)
{
	struct mymem_cache_node *n = s->node[nid];
	unsigned long flags, count = 0, before;
	struct page *slab, *next;
	int ret = 0;

	spin_lock_irqsave(&n->list_lock, flags);
	mymem_for_each_page_safe(slab, next, &n->partial) {
		union mymem_slab_state c = slab_state(slab);

		count++;
		if (c.magic != MYMEM_MAGIC_SLAB || slab_cache(slab) != s) {
			ret = -EFAULT;
			goto out;
		}
		before = n->nr_partial;
		ret = fn(s, slab, c, arg);
		/* Count only the slabs that stay on the list. */
		count -= before - n->nr_partial;
		if (ret)
			goto out;
	}
	if (count != n->nr_partial)
		ret = -ERANGE;
out:
	spin_unlock_irqrestore(&n->list_lock, flags);
	return ret;
}

/*
 * Walk the registry of @s's slabs on node @nid; with @all, call @fn on
 * every one, isolated ones included, else only on the full ones. A slab
 * is in the registry of the node it was made on, and only there.
 */
static int walk_node_slabs(struct mymem_cache *s, int nid, bool all,
			   mymem_slab_visit_t fn, void *arg)
{
	struct mymem_cache_node *n = s->node[nid];
	unsigned long index, seen = 0;
	struct page *page;
	int ret = 0;

	xa_for_each(&n->slabs, index, page) {
		union mymem_slab_state c;
		unsigned long flags;

		if (!(++seen & 63))
			cond_resched();
		c = slab_state(page);
		/* Given back since the registry was read: not ours any more. */
		if (c.magic != MYMEM_MAGIC_SLAB || slab_cache(page) != s)
			continue;
		if (!c.debug) {
			/* Only slabs that stay full while they are looked at. */
			if (all || (!c.frozen && !c.isolated && !c.free_pos &&
				    c.inuse == c.objects))
				ret = fn(s, page, c, arg);
		} else {
			spin_lock_irqsave(&n->list_lock, flags);
			c = slab_state(page);
			if (c.magic == MYMEM_MAGIC_SLAB && slab_cache(page) == s &&
			    (all || (!c.free_pos && !c.isolated)))
				ret = fn(s, page, c, arg);
			spin_unlock_irqrestore(&n->list_lock, flags);
		}
		if (ret)
			break;
	}
	return ret;
}

/**
 * mymem_visit_full_slabs() - visit the full slabs of a cache on a node
 * @s: the cache
 * @nid: the node
 * @fn: called with each full, non-isolated slab and its state word; for a
 *	debug slab with the node's list_lock held; a nonzero return stops
 *	the walk
 * @arg: passed to @fn
 *
 * Full slabs are on no list: they are found in the node's registry.
 *
 * Context: process context; may sleep between slabs.
 * Return: the first nonzero value @fn returned, else 0.
 */
int mymem_visit_full_slabs(struct mymem_cache *s, int nid, mymem_slab_visit_t fn, void *arg)
{
	return walk_node_slabs(s, nid, false, fn, arg);
}

/**
 * mymem_visit_slabs() - visit every slab of a cache on a node
 * @s: the cache
 * @nid: the node
 * @fn: called with each slab in page frame order and a snapshot of its
 *	state word (a plain slab's may be moving; a debug slab's is read
 *	under the node's list_lock, held during the call); isolated slabs
 *	included; a nonzero return stops the walk
 * @arg: passed to @fn
 *
 * Context: process context; may sleep between slabs.
 * Return: the first nonzero value @fn returned, else 0.
 */
int mymem_visit_slabs(struct mymem_cache *s, int nid, mymem_slab_visit_t fn, void *arg)
{
	return walk_node_slabs(s, nid, true, fn, arg);
}
