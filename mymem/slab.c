// SPDX-License-Identifier: GPL-2.0
/*
 * mymem slabs: object layout, slab order, and the pages of a slab.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cache.h>
#include <linux/gfp.h>
#include <linux/log2.h>
#include <linux/random.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>

#include "internal.h"
#include "trace.h"

atomic_long_t mymem_pages = ATOMIC_LONG_INIT(0);

/* Whether new caches shuffle the freelists of new slabs (module parameter). */
bool mymem_freelist_random = true;

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

/*
 * The geometry of layout @idx (see struct mymem_layout and the head of
 * alloc.c). Returns false when an object with these debug areas does not
 * fit a slab.
 */
static bool calc_layout(struct mymem_cache *s, unsigned int idx, struct mymem_layout *l)
{
	/* These objects keep their contents while free: no poison over them. */
	bool keep = s->ctor || (s->flags & SLAB_TYPESAFE_BY_RCU);
	unsigned int size = ALIGN(s->object_size, sizeof(void *));

	memset(l, 0, sizeof(*l));
	l->red_zone = idx & MYMEM_LAYOUT_RED_ZONE;
	l->poison = (idx & MYMEM_LAYOUT_POISON) && !keep;
	l->store_user = idx & MYMEM_LAYOUT_TRACK;
	/* A right red zone of at least one word. */
	if (l->red_zone && size == s->object_size)
		size += sizeof(void *);
	l->inuse = size;
	/*
	 * The free pointer leaves the object when it must not be touched, or
	 * would reach into the right red zone of an object smaller than it.
	 * Inside, it sits in the middle (as SLUB since 5.7): a small overflow
	 * of the object before does not reach it.
	 */
	if (keep || (idx & MYMEM_LAYOUT_POISON) ||
	    (l->red_zone && s->object_size < sizeof(void *))) {
		l->offset = size;
		size += sizeof(void *);
	} else {
		l->offset = ALIGN_DOWN(s->object_size / 2, sizeof(void *));
	}
	if (l->store_user) {
		l->track = size;
		size += 2 * sizeof(struct mymem_track);
	}
	l->pad = size;
	if (l->red_zone) {
		size += sizeof(void *);		/* a word of padding, as SLUB */
		l->red_left_pad = ALIGN(sizeof(void *), s->align);
		size += l->red_left_pad;
	}
	size = ALIGN(size, s->align);
	if (size > MYMEM_MAX_SIZE)
		return false;
	l->size = size;
	l->reciprocal_size = reciprocal_value(size);
	l->order = calculate_order(size);
	l->objects = order_objects(l->order, size);
	l->min_order = get_order(size);
	return true;
}

/**
 * mymem_calculate_layout() - place the free pointer and size the slabs
 * @s: cache with object_size, align, flags and ctor set
 *
 * Computes every layout (plain and with each set of debug areas). In the
 * plain one the free pointer of a free object overlays its first word,
 * unless the object must keep its contents while free (a constructor, or
 * SLAB_TYPESAFE_BY_RCU): then it goes after the object. A debug layout too
 * large for a slab is left with size 0 and cannot be switched on.
 *
 * Return: 0, or -EINVAL when the object does not fit a slab.
 */
int mymem_calculate_layout(struct mymem_cache *s)
{
	const struct mymem_layout *l = &s->layouts[0];
	unsigned int idx, max_order = 0;

	for (idx = 0; idx < MYMEM_NR_LAYOUTS; idx++) {
		if (!calc_layout(s, idx, &s->layouts[idx]) && !idx)
			return -EINVAL;
		max_order = max(max_order, s->layouts[idx].order);
	}
	/* Every slab lies in one naturally aligned block of this size. */
	s->block_shift = PAGE_SHIFT + max_order;
	s->remote_node_defrag_ratio = 100;
	s->size = l->size;
	s->offset = l->offset;
	s->reciprocal_size = l->reciprocal_size;
	s->order = l->order;
	s->objects = l->objects;
	s->min_order = l->min_order;
	/* As SLUB: keep more empty slabs for caches of larger objects. */
	s->min_partial = clamp_t(unsigned long, ilog2(s->size) / 2, 5, 10);
	/* As SLUB 6.1's set_cpu_partial(): fewer for larger objects. */
	if (s->size >= PAGE_SIZE)
		mymem_set_cpu_partial(s, 6);
	else if (s->size >= 1024)
		mymem_set_cpu_partial(s, 24);
	else if (s->size >= 256)
		mymem_set_cpu_partial(s, 52);
	else
		mymem_set_cpu_partial(s, 120);
	/* As SLAB's default; recorded only (see proc.c). */
	s->batchcount = (s->cpu_partial + 1) / 2;
	/* __GFP_COMP comes with the order, in mymem_alloc_pages(). */
	s->allocflags = (s->flags & SLAB_RECLAIM_ACCOUNT) ? __GFP_RECLAIMABLE : 0;
	if (s->flags & SLAB_CACHE_DMA)
		s->allocflags |= GFP_DMA;
	if (s->flags & SLAB_CACHE_DMA32)
		s->allocflags |= GFP_DMA32;
	return 0;
}

/**
 * mymem_init_random_seq() - the cache's secrets: free pointer key and freelist order
 * @s: a cache whose layouts are computed
 *
 * The freelist order template is a random permutation of the object
 * indices of the fullest slab any layout makes; each new slab starts it at
 * a random place (as SLAB_FREELIST_RANDOM).
 *
 * Context: process context; may sleep.
 * Return: 0 or -ENOMEM.
 */
int mymem_init_random_seq(struct mymem_cache *s)
{
	unsigned int i, len = 0;

	s->random = get_random_long();
	for (i = 0; i < MYMEM_NR_LAYOUTS; i++)
		len = max(len, s->layouts[i].objects);
	s->random_seq = kcalloc(len, sizeof(*s->random_seq), GFP_KERNEL);
	if (!s->random_seq)
		return -ENOMEM;
	s->random_seq_len = len;
	for (i = 0; i < len; i++)
		s->random_seq[i] = i;
	for (i = len - 1; i > 0; i--) {
		unsigned int j = get_random_u32_below(i + 1);	/* swap() reads twice */

		swap(s->random_seq[i], s->random_seq[j]);
	}
	s->freelist_random = mymem_freelist_random;
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

	mymem_set_page_owner(page, 0);
	mymem_set_page_state(page, 0);
	__free_pages(page, order);
	atomic_long_sub(1UL << order, &mymem_pages);
}

/*
 * Chain the free pointers of a new slab's @objects objects and return the
 * index of the first: in address order, or in the cache's random order
 * from a random starting point.
 */
static unsigned int build_freelist(struct mymem_cache *s, const struct mymem_layout *l,
				   struct page *slab, unsigned int objects)
{
	unsigned int i, pos, idx, first = 0, prev = UINT_MAX;

	if (!READ_ONCE(s->freelist_random)) {
		for (i = 0; i < objects; i++)
			set_freepointer_at(s, layout_object(l, slab, i), l->offset,
					   i + 1 < objects ? layout_object(l, slab, i + 1) : NULL);
		return 0;
	}
	pos = get_random_u32_below(s->random_seq_len);
	for (i = 0; i < s->random_seq_len; i++) {
		idx = s->random_seq[(pos + i) % s->random_seq_len];
		if (idx >= objects)
			continue;
		if (prev == UINT_MAX)
			first = idx;
		else
			set_freepointer_at(s, layout_object(l, slab, prev), l->offset,
					   layout_object(l, slab, idx));
		prev = idx;
	}
	set_freepointer_at(s, layout_object(l, slab, prev), l->offset, NULL);
	return first;
}

/*
 * Flags of a caller's request that the page allocator may see for a slab:
 * no zone or mobility of the caller's (slabs are unmovable; the zone is the
 * cache's: SLAB_CACHE_DMA{,32}, checked at the entry points), and no
 * __GFP_ZERO/__GFP_COMP/__GFP_ACCOUNT. Zone bits that can never be served
 * (__GFP_HIGHMEM, unknown bits) are a caller's bug: warned once, as SLUB's
 * GFP_SLAB_BUG_MASK.
 */
static gfp_t slab_gfp(struct mymem_cache *s, gfp_t gfp)
{
	const gfp_t bug = __GFP_HIGHMEM | ~__GFP_BITS_MASK;

	if (unlikely(gfp & bug))
		pr_warn_once("cache '%s': unexpected gfp %#x (%pGg), fixed up\n", s->name,
			     (__force unsigned int)gfp, &gfp);
	gfp &= ~(bug | GFP_ZONEMASK | __GFP_RECLAIMABLE | __GFP_ZERO | __GFP_COMP | __GFP_ACCOUNT);
	return gfp | s->allocflags;
}

/* Enter @slab in its node's registry (see struct mymem_cache_node). */
static int register_slab(struct mymem_cache *s, struct page *slab, gfp_t gfp)
{
	struct xarray *xa = &s->node[page_to_nid(slab)]->slabs;
	unsigned long flags;
	int err;

	xa_lock_irqsave(xa, flags);
	err = xa_err(__xa_store(xa, page_to_pfn(slab), slab, gfp));
	xa_unlock_irqrestore(xa, flags);
	return err;
}

static void unregister_slab(struct mymem_cache *s, struct page *slab)
{
	struct xarray *xa = &s->node[page_to_nid(slab)]->slabs;
	unsigned long flags;

	xa_lock_irqsave(xa, flags);
	__xa_erase(xa, page_to_pfn(slab));
	xa_unlock_irqrestore(xa, flags);
}

/**
 * mymem_new_slab() - take a slab from the page allocator and build its freelist
 * @s: the cache
 * @gfp: allocation flags of the caller
 * @node: node to allocate on, or NUMA_NO_NODE
 *
 * The slab gets the layout the cache's debug flags ask for now, and keeps
 * it for its life. Tries the layout's preferred order without retrying
 * hard, then the minimum order. Prepares the debug areas of a debug slab's
 * objects and constructs every object when the cache has a ctor.
 *
 * Context: process context with interrupts enabled if @gfp may sleep.
 * Return: the slab's head page, not frozen and on no list; NULL if no
 * memory (or a failure was injected).
 */
struct page *mymem_new_slab(struct mymem_cache *s, gfp_t gfp, int node)
{
	union mymem_slab_state c = { .word = 0 };
	const struct mymem_layout *l;
	struct page *slab = NULL;
	unsigned int objects, i;
	gfp_t xa_gfp;
	bool debug;

	c.layout = mymem_new_slab_layout(s, &debug);
	c.debug = debug;
	l = &s->layouts[c.layout];
	if (unlikely(mymem_should_fail(s, gfp)))
		return NULL;
	/* The registry's own allocations: the caller's reclaim rules, no zone. */
	xa_gfp = (gfp & MYMEM_GFP_RECLAIM_MASK) | __GFP_NOWARN;
	/* __GFP_THISNODE from a CPU whose node has no memory: the nearest. */
	if (node == NUMA_NO_NODE && (gfp & __GFP_THISNODE))
		node = mymem_local_node();
	gfp = slab_gfp(s, gfp);
	if (l->order > l->min_order) {
		gfp_t high = (gfp | __GFP_NOWARN | __GFP_NORETRY) & ~__GFP_NOFAIL;

		/* Only the minimum order may reclaim or dip into the reserves. */
		if (high & __GFP_DIRECT_RECLAIM)
			high = (high | __GFP_NOMEMALLOC) & ~__GFP_RECLAIM;
		slab = mymem_alloc_pages(high, node, l->order);
	}
	if (!slab) {
		slab = mymem_alloc_pages(gfp, node, l->min_order);
		if (!slab)
			return NULL;
		if (l->order > l->min_order)
			mymem_stat_inc(s, ORDER_FALLBACK);
	}
	if (unlikely(register_slab(s, slab, xa_gfp))) {
		mymem_free_pages(slab);
		return NULL;
	}
	objects = order_objects(compound_order(slab), l->size);
	/* Read before the list link, which holds the mark, becomes a list head. */
	c.pfmemalloc = page_is_pfmemalloc(slab);

	mymem_set_page_owner(slab, (unsigned long)s);
	for (i = 0; i < objects; i++) {
		void *p = layout_object(l, slab, i);

		if (debug)
			mymem_init_debug_object(s, l, p);
		if (s->ctor)
			s->ctor(p);
	}
	c.free_pos = build_freelist(s, l, slab, objects) + 1;
	c.objects = objects;
	c.magic = MYMEM_MAGIC_SLAB;
	set_slab_state(slab, c);
	if (debug)
		mymem_init_debug_slab(s, slab);
	else	/* every object is free: KASAN reports any access until allocated */
		mymem_kasan_poison(page_address(slab), PAGE_SIZE << compound_order(slab),
				   MYMEM_KASAN_REDZONE);
	INIT_LIST_HEAD(mymem_page_list(slab));

	atomic_long_inc(&s->node[page_to_nid(slab)]->nr_slabs);
	atomic_long_add(objects, &s->node[page_to_nid(slab)]->total_objects);
	trace_mymem_slab_new(s->name, page_address(slab), compound_order(slab), objects,
			     page_to_nid(slab));
	return slab;
}

/**
 * mymem_forget_slab() - let go of a slab whose objects may still be used
 * @s: its cache, being destroyed with objects leaked
 * @slab: the slab, on no list
 *
 * The pages stay allocated for ever (someone may still point into them),
 * but are no longer mymem's: out of the registry, not counted, their marks
 * cleared, so that no pointer into them is taken for a mymem object again.
 *
 * Context: process context; nothing uses @s any more.
 */
void mymem_forget_slab(struct mymem_cache *s, struct page *slab)
{
	struct mymem_cache_node *n = s->node[page_to_nid(slab)];

	atomic_long_dec(&n->nr_slabs);
	atomic_long_sub(slab_state(slab).objects, &n->total_objects);
	unregister_slab(s, slab);
	mymem_set_page_owner(slab, 0);
	mymem_set_page_state(slab, 0);
	INIT_LIST_HEAD(mymem_page_list(slab));
	atomic_long_sub(1UL << compound_order(slab), &mymem_pages);
}

static void rcu_free_slab(struct rcu_head *h)
{
	mymem_free_pages(mymem_rcu_page(h));
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

	mymem_stat_inc(s, FREE_SLAB);
	trace_mymem_slab_free(s->name, page_address(slab), compound_order(slab),
			      slab_state(slab).objects, page_to_nid(slab));
	atomic_long_dec(&n->nr_slabs);
	atomic_long_sub(slab_state(slab).objects, &n->total_objects);
	unregister_slab(s, slab);
	if (s->flags & SLAB_TYPESAFE_BY_RCU) {
		/* The slab is on no list: its list link holds the rcu_head. */
		call_rcu(mymem_page_rcu(slab), rcu_free_slab);
	} else {
		mymem_free_pages(slab);
	}
}
