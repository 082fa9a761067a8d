// SPDX-License-Identifier: GPL-2.0
/*
 * mymem allocation and free paths.
 *
 * Lock order (outermost first):
 *   mymem_mutex            the registry of caches; create, destroy and the
 *                          interfaces (proc, sysfs). Never on alloc/free.
 *   local interrupts off   a CPU's struct mymem_cpu_slab: only that CPU
 *                          touches it, with interrupts disabled.
 *   n->list_lock           a node's partial list, and the counters and
 *                          freelist of every slab of that node that no CPU
 *                          has frozen; also a frozen slab's own freelist,
 *                          where other CPUs free into it.
 *
 * Slab states (union mymem_counters in the head page's ->index):
 *   frozen    a CPU allocates from it: its free objects are on that CPU's
 *             freelist; other CPUs free onto the slab's own freelist, which
 *             the owner takes back when its freelist runs dry. inuse counts
 *             every object not on the slab's own freelist.
 *   partial   some objects free: on its node's partial list.
 *   full      no object free: on no list; the first free makes it partial.
 *   empty     kept on the partial list while the node has fewer than
 *             min_partial partial slabs, else given back to the page
 *             allocator (after a grace period for SLAB_TYPESAFE_BY_RCU).
 *
 * Object layout (s->size bytes per object, objects back to back from the
 * start of the slab):
 *   [0, object_size)        the object; when free and the cache has no
 *                           ctor and no SLAB_TYPESAFE_BY_RCU, its first
 *                           word (offset 0) is the free pointer;
 *   [ALIGN(object_size, 8)] the free pointer, for ctor and
 *                           SLAB_TYPESAFE_BY_RCU caches, so that a free
 *                           object keeps its constructed contents;
 *   up to s->size           padding to the cache's alignment.
 *   The slab's tail that no whole object fits is left unused.
 *
 * The cache of an object is found in O(1): virt_to_head_page(obj) is the
 * slab, its ->private the cache, and the top bits of its ->index carry
 * MYMEM_MAGIC_SLAB so that pointers mymem never gave out are refused.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/interrupt.h>
#include <linux/sched/mm.h>
#include <linux/string.h>

#include "internal.h"

static bool want_init_on_alloc_obj(struct mymem_cache *s, gfp_t gfp)
{
	if (want_init_on_alloc(gfp))
		return !s->ctor && !(s->flags & SLAB_TYPESAFE_BY_RCU);
	return gfp & __GFP_ZERO;
}

static bool want_init_on_free_obj(struct mymem_cache *s)
{
	return want_init_on_free() && !s->ctor && !(s->flags & SLAB_TYPESAFE_BY_RCU);
}

/*
 * Put the objects of a CPU's freelist back on their slab and unfreeze it:
 * it becomes partial, full or, if empty and its node has enough partial
 * slabs, is discarded.
 */
static void deactivate_slab(struct mymem_cache *s, struct page *slab, void *freelist)
{
	struct mymem_cache_node *n = s->node[page_to_nid(slab)];
	union mymem_counters c;
	unsigned long flags;
	bool discard = false;
	void *tail = NULL, *p;
	unsigned int nr = 0;

	for (p = freelist; p; p = get_freepointer(s, p)) {
		tail = p;
		nr++;
	}

	spin_lock_irqsave(&n->list_lock, flags);
	c = slab_counters(slab);
	if (tail) {
		set_freepointer(s, tail, c.free ? slab_object(s, slab, c.free - 1) : NULL);
		c.free = slab_index(s, slab, freelist) + 1;
		c.inuse -= nr;
	}
	c.frozen = 0;
	set_slab_counters(slab, c);
	if (!c.inuse && n->nr_partial >= s->min_partial) {
		discard = true;
	} else if (c.inuse < c.objects) {
		list_add(&slab->lru, &n->partial);
		n->nr_partial++;
	}
	spin_unlock_irqrestore(&n->list_lock, flags);

	if (discard)
		mymem_discard_slab(s, slab);
}

/* Freeze @slab for this CPU: its free objects become the CPU freelist. */
static void *freeze_slab(struct mymem_cache *s, struct page *slab)
{
	union mymem_counters c = slab_counters(slab);
	void *freelist = c.free ? slab_object(s, slab, c.free - 1) : NULL;

	c.free = 0;
	c.inuse = c.objects;
	c.frozen = 1;
	set_slab_counters(slab, c);
	return freelist;
}

/* Take a partial slab of node @nid and freeze it; NULL if there is none. */
static struct page *get_partial(struct mymem_cache *s, int nid, void **freelist)
{
	struct mymem_cache_node *n = s->node[nid];
	struct page *slab;

	if (!n || !READ_ONCE(n->nr_partial))
		return NULL;
	spin_lock(&n->list_lock);
	slab = list_first_entry_or_null(&n->partial, struct page, lru);
	if (slab) {
		list_del_init(&slab->lru);
		n->nr_partial--;
		*freelist = freeze_slab(s, slab);
	}
	spin_unlock(&n->list_lock);
	return slab;
}

/* Take back what other CPUs freed onto this CPU's frozen slab. */
static void *refill_from_slab(struct mymem_cache *s, struct page *slab)
{
	struct mymem_cache_node *n = s->node[page_to_nid(slab)];
	void *freelist;

	spin_lock(&n->list_lock);
	freelist = freeze_slab(s, slab);
	spin_unlock(&n->list_lock);
	return freelist;
}

/*
 * The slow path of allocation: the CPU freelist is empty or on the wrong
 * node. Called and returns with interrupts off (*flags as saved by the
 * caller); enables them while the page allocator runs.
 */
static void *___mymem_alloc(struct mymem_cache *s, gfp_t gfp, int node,
			    unsigned long *flags)
{
	struct mymem_cpu_slab *c = this_cpu_ptr(s->cpu_slab);
	int nid = node == NUMA_NO_NODE ? numa_mem_id() : node;
	struct page *slab = c->slab;
	void *freelist = NULL, *obj;

	if (slab && (node == NUMA_NO_NODE || page_to_nid(slab) == node)) {
		freelist = refill_from_slab(s, slab);
		if (freelist)
			goto found;
	}
	if (slab) {
		c->slab = NULL;
		deactivate_slab(s, slab, c->freelist);
		c->freelist = NULL;
	}

	slab = get_partial(s, nid, &freelist);
	if (slab)
		goto install;

	local_irq_restore(*flags);
	slab = mymem_new_slab(s, gfp, node);
	local_irq_save(*flags);
	if (!slab)
		return NULL;
	freelist = freeze_slab(s, slab);
	/* We may run on another CPU now, whose slab may have been refilled. */
	c = this_cpu_ptr(s->cpu_slab);
	if (c->slab) {
		deactivate_slab(s, c->slab, c->freelist);
		c->slab = NULL;
	}
install:
	c->slab = slab;
found:
	obj = freelist;
	c->freelist = get_freepointer(s, obj);
	c->live++;
	return obj;
}

/**
 * mymem_slab_alloc() - allocate an object
 * @s: the cache
 * @gfp: allocation flags
 * @node: node to allocate on, or NUMA_NO_NODE for the local one
 * @addr: the caller, for tracking
 *
 * Context: any context if @gfp does not allow sleeping.
 * Return: the object, or NULL when no memory could be had.
 */
void *mymem_slab_alloc(struct mymem_cache *s, gfp_t gfp, int node, unsigned long addr)
{
	struct mymem_cpu_slab *c;
	unsigned long flags;
	void *obj;

	might_alloc(gfp);
	local_irq_save(flags);
	c = this_cpu_ptr(s->cpu_slab);
	obj = c->freelist;
	if (likely(obj && (node == NUMA_NO_NODE || page_to_nid(c->slab) == node))) {
		c->freelist = get_freepointer(s, obj);
		c->live++;
	} else {
		obj = ___mymem_alloc(s, gfp, node, &flags);
	}
	local_irq_restore(flags);

	if (obj && want_init_on_alloc_obj(s, gfp))
		memset(obj, 0, s->object_size);
	return obj;
}

/* Free onto a slab that is not this CPU's: under its node's list_lock. */
static void ___mymem_free(struct mymem_cache *s, struct page *slab, void *obj)
{
	struct mymem_cache_node *n = s->node[page_to_nid(slab)];
	union mymem_counters c;
	bool discard = false;

	spin_lock(&n->list_lock);
	c = slab_counters(slab);
	set_freepointer(s, obj, c.free ? slab_object(s, slab, c.free - 1) : NULL);
	c.free = slab_index(s, slab, obj) + 1;
	c.inuse--;
	set_slab_counters(slab, c);
	if (!c.frozen) {
		if (c.inuse + 1 == c.objects) {
			/* It was full: now it has a free object. */
			list_add_tail(&slab->lru, &n->partial);
			n->nr_partial++;
		}
		if (!c.inuse && n->nr_partial > s->min_partial) {
			list_del_init(&slab->lru);
			n->nr_partial--;
			discard = true;
		}
	}
	spin_unlock(&n->list_lock);

	if (discard)
		mymem_discard_slab(s, slab);
}

/**
 * mymem_slab_free() - free an object of @s that lives in @slab
 * @s: the cache
 * @slab: the object's slab (virt_to_head_page() of it)
 * @obj: the object
 * @addr: the caller, for tracking
 *
 * Context: any context.
 */
void mymem_slab_free(struct mymem_cache *s, struct page *slab, void *obj,
		     unsigned long addr)
{
	struct mymem_cpu_slab *c;
	unsigned long flags;

	if (want_init_on_free_obj(s))
		memset(obj, 0, s->object_size);

	local_irq_save(flags);
	c = this_cpu_ptr(s->cpu_slab);
	c->live--;
	if (likely(c->slab == slab)) {
		set_freepointer(s, obj, c->freelist);
		c->freelist = obj;
	} else {
		___mymem_free(s, slab, obj);
	}
	local_irq_restore(flags);
}

/**
 * mymem_flush_cpu_slab() - give @cpu's slab of @s back to its node
 * @s: the cache
 * @cpu: a CPU that is offline, or the current one with interrupts off, or
 *	 any CPU while nothing else uses @s
 *
 * Context: process context.
 */
void mymem_flush_cpu_slab(struct mymem_cache *s, int cpu)
{
	struct mymem_cpu_slab *c = per_cpu_ptr(s->cpu_slab, cpu);
	struct page *slab = c->slab;

	if (!slab)
		return;
	c->slab = NULL;
	deactivate_slab(s, slab, c->freelist);
	c->freelist = NULL;
}

/**
 * mymem_cache_live() - objects of @s allocated and not yet freed
 * @s: the cache
 *
 * Exact while nothing allocates from or frees to @s; a snapshot otherwise.
 *
 * Return: the number of live objects.
 */
long mymem_cache_live(struct mymem_cache *s)
{
	long live = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		live += READ_ONCE(per_cpu_ptr(s->cpu_slab, cpu)->live);
	return live;
}
