// SPDX-License-Identifier: GPL-2.0
/*
 * mymem slabs: object layout, slab order, and the pages of a slab.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cache.h>
#include <linux/gfp.h>
#include <linux/log2.h>
#include <linux/rcupdate.h>

#include "internal.h"

atomic_long_t mymem_pages = ATOMIC_LONG_INIT(0);

/* Objects of @size that fit a slab of @order. */
static unsigned int order_objects(unsigned int order, unsigned int size)
{
	return min_t(unsigned int, (PAGE_SIZE << order) / size, MYMEM_MAX_OBJECTS);
}

/*
 * The lowest order from @min_order up to @max_order that holds
 * @min_objects objects and wastes at most 1/@fract_leftover of the slab;
 * @max_order + 1 if there is none. As SLUB's calc_slab_order().
 */
static unsigned int calc_slab_order(unsigned int size, unsigned int min_objects,
				    unsigned int max_order, unsigned int fract_leftover)
{
	unsigned int order;

	for (order = max(get_order(size), get_order(min_objects * size));
	     order <= max_order; order++) {
		unsigned int slab_size = PAGE_SIZE << order;

		if (slab_size / size < min_objects)
			continue;
		if (slab_size % size <= slab_size / fract_leftover)
			return order;
	}
	return max_order + 1;
}

/*
 * SLUB's order policy: enough objects per slab for the number of CPUs,
 * at most 1/16 of the slab left over, preferring the lowest such order;
 * the constraints are relaxed step by step when nothing fits.
 */
static unsigned int calculate_order(unsigned int size)
{
	unsigned int min_objects, max_objects, order, fraction;

	min_objects = 4 * (fls(num_possible_cpus()) + 1);
	max_objects = order_objects(MYMEM_MAX_ORDER, size);
	min_objects = min(min_objects, max_objects);

	while (min_objects > 1) {
		for (fraction = 16; fraction >= 4; fraction /= 2) {
			order = calc_slab_order(size, min_objects, MYMEM_MAX_ORDER, fraction);
			if (order <= MYMEM_MAX_ORDER)
				return order;
		}
		min_objects--;
	}
	order = calc_slab_order(size, 1, MYMEM_MAX_ORDER, 1);
	return min_t(unsigned int, order, MYMEM_MAX_ORDER);
}

/**
 * mymem_calculate_layout() - place the free pointer and size the slabs
 * @s: cache with object_size, align, flags and ctor set
 *
 * The free pointer of a free object overlays its first word, unless the
 * object must keep its contents while free (a constructor, or
 * SLAB_TYPESAFE_BY_RCU): then it goes after the object.
 *
 * Return: 0, or -EINVAL when the object does not fit a slab.
 */
int mymem_calculate_layout(struct mymem_cache *s)
{
	unsigned int size = ALIGN(s->object_size, sizeof(void *));

	if (s->ctor || (s->flags & SLAB_TYPESAFE_BY_RCU)) {
		s->offset = size;
		size += sizeof(void *);
	} else {
		s->offset = 0;
	}
	size = ALIGN(size, s->align);
	if (size > MYMEM_MAX_SIZE)
		return -EINVAL;
	s->size = size;
	s->reciprocal_size = reciprocal_value(size);
	s->order = calculate_order(size);
	s->objects = order_objects(s->order, size);
	s->min_order = get_order(size);
	/* As SLUB: keep more empty slabs for caches of larger objects. */
	s->min_partial = clamp_t(unsigned long, ilog2(size) / 2, 5, 10);
	/* As SLUB 6.1's set_cpu_partial(): fewer for larger objects. */
	if (size >= PAGE_SIZE)
		mymem_set_cpu_partial(s, 6);
	else if (size >= 1024)
		mymem_set_cpu_partial(s, 24);
	else if (size >= 256)
		mymem_set_cpu_partial(s, 52);
	else
		mymem_set_cpu_partial(s, 120);
	/* __GFP_COMP comes with the order, in mymem_alloc_pages(). */
	s->allocflags = (s->flags & SLAB_RECLAIM_ACCOUNT) ? __GFP_RECLAIMABLE : 0;
	return 0;
}

/**
 * mymem_alloc_pages() - take pages from the page allocator, counted
 * @gfp: allocation flags; __GFP_COMP is added for order > 0
 * @node: node to allocate on, or NUMA_NO_NODE
 * @order: the order
 *
 * Every page mymem holds, slab or large kmalloc, comes from here and goes
 * back through mymem_free_pages(), so that mymem_pages counts them all.
 *
 * Context: as the page allocator for @gfp.
 * Return: the (head) page, or NULL.
 */
struct page *mymem_alloc_pages(gfp_t gfp, int node, unsigned int order)
{
	struct page *page;

	if (order)
		gfp |= __GFP_COMP;
	page = node == NUMA_NO_NODE ? alloc_pages(gfp, order) : alloc_pages_node(node, gfp, order);
	if (page)
		atomic_long_add(1UL << order, &mymem_pages);
	return page;
}

/**
 * mymem_free_pages() - give pages from mymem_alloc_pages() back
 * @page: the (head) page; its mymem marks are cleared first
 *
 * Context: any context.
 */
void mymem_free_pages(struct page *page)
{
	unsigned int order = compound_order(page);

	page->private = 0;
	page->index = 0;
	__free_pages(page, order);
	atomic_long_sub(1UL << order, &mymem_pages);
}

/**
 * mymem_new_slab() - take a slab from the page allocator and build its freelist
 * @s: the cache
 * @gfp: allocation flags of the caller
 * @node: node to allocate on, or NUMA_NO_NODE
 *
 * Tries the cache's preferred order without retrying hard, then the
 * minimum order. Constructs every object when the cache has a ctor.
 *
 * Context: process context with interrupts enabled if @gfp may sleep.
 * Return: the slab's head page, not frozen and on no list; NULL if no
 * memory.
 */
struct page *mymem_new_slab(struct mymem_cache *s, gfp_t gfp, int node)
{
	unsigned int order = s->order, objects, i;
	union mymem_counters c = { .word = 0 };
	struct page *slab = NULL;
	void *p, *next;

	gfp &= ~(__GFP_ZERO | __GFP_COMP | __GFP_ACCOUNT);
	if (order > s->min_order)
		slab = mymem_alloc_pages((gfp | s->allocflags | __GFP_NOWARN | __GFP_NORETRY) &
					 ~__GFP_NOFAIL, node, order);
	if (!slab) {
		order = s->min_order;
		slab = mymem_alloc_pages(gfp | s->allocflags, node, order);
		if (!slab)
			return NULL;
	}
	objects = order_objects(order, s->size);

	slab->private = (unsigned long)s;
	p = page_address(slab);
	for (i = 0; i < objects; i++, p = next) {
		next = p + s->size;
		if (s->ctor)
			s->ctor(p);
		set_freepointer(s, p, i + 1 < objects ? next : NULL);
	}
	c.free = 1;
	c.objects = objects;
	c.magic = MYMEM_MAGIC_SLAB;
	set_slab_counters(slab, c);
	INIT_LIST_HEAD(&slab->lru);

	atomic_long_inc(&s->node[page_to_nid(slab)]->nr_slabs);
	atomic_long_add(objects, &s->node[page_to_nid(slab)]->total_objects);
	return slab;
}

static void rcu_free_slab(struct rcu_head *h)
{
	mymem_free_pages(container_of((struct list_head *)h, struct page, lru));
}

/**
 * mymem_discard_slab() - give an empty slab back to the page allocator
 * @s: its cache
 * @slab: a slab on no list with no object in use
 *
 * For SLAB_TYPESAFE_BY_RCU caches the pages go back after a grace period.
 *
 * Context: any context; no lock of the cache held.
 */
void mymem_discard_slab(struct mymem_cache *s, struct page *slab)
{
	struct mymem_cache_node *n = s->node[page_to_nid(slab)];

	atomic_long_dec(&n->nr_slabs);
	atomic_long_sub(slab_counters(slab).objects, &n->total_objects);
	if (s->flags & SLAB_TYPESAFE_BY_RCU) {
		/* The slab is on no list: its list_head holds the rcu_head. */
		BUILD_BUG_ON(sizeof(struct rcu_head) > sizeof(struct list_head));
		call_rcu((struct rcu_head *)&slab->lru, rcu_free_slab);
	} else {
		mymem_free_pages(slab);
	}
}
