// SPDX-License-Identifier: GPL-2.0
/*
 * mymem's kmalloc: SLUB's size classes as caches mymem-kmalloc-8 ...
 * mymem-kmalloc-8k; larger sizes are whole compound pages.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kmemleak.h>
#include <linux/module.h>
#include <linux/string.h>

#include "internal.h"
#include "trace.h"
#include "alloc.h"

static const unsigned int mymem_kmalloc_sizes[] = {
	8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096, 8192
};

#define NR_KMALLOC		ARRAY_SIZE(mymem_kmalloc_sizes)
#define KMALLOC_MAX_CACHE	8192
/* The state word of a large kmalloc's head page: the mark in its top bits. */
#define LARGE_MARK		((unsigned long)MYMEM_MAGIC_LARGE << 48)

static struct mymem_cache *mymem_kmalloc_caches[NR_KMALLOC];
/* Class of sizes 1..192 by (size - 1) / 8, as SLUB's mymem_size_index[]. */
static u8 mymem_size_index[24];

static unsigned int mymem_kmalloc_index(size_t size)
{
	if (size <= 192)
		return mymem_size_index[(size - 1) / 8];
	return fls(size - 1) - 1;	/* 256 -> 7, ..., 8192 -> 12 */
}

/*
 * Every large kmalloc's page, by page frame number: what a client leaks is
 * found at unload, reported and unmarked. Touched only by large kmalloc
 * and free.
 */
static DEFINE_XARRAY_FLAGS(mymem_large, XA_FLAGS_LOCK_IRQ);

static void *mymem_kmalloc_large(size_t size, gfp_t gfp, int node)
{
	unsigned long flags;
	int err;

	struct page *page;

	/* DMA memory or nothing: a kernel without the zone has none. */
	if (unlikely(((gfp & __GFP_DMA) && !IS_ENABLED(CONFIG_ZONE_DMA)) ||
		     ((gfp & __GFP_DMA32) && !IS_ENABLED(CONFIG_ZONE_DMA32)))) {
		pr_warn_ratelimited("mymem_kmalloc: %s allocation of %zu bytes refused: no such zone\n",
				    gfp & __GFP_DMA ? "GFP_DMA" : "GFP_DMA32", size);
		return NULL;
	}
	/* Kernel memory of its own: never movable or high. */
	page = mymem_alloc_pages(gfp & ~(__GFP_HIGHMEM | __GFP_MOVABLE), node, get_order(size));
	if (!page)
		return NULL;
	xa_lock_irqsave(&mymem_large, flags);
	err = xa_err(__xa_store(&mymem_large, page_to_pfn(page), page,
				(gfp & MYMEM_GFP_RECLAIM_MASK) | __GFP_NOWARN));
	xa_unlock_irqrestore(&mymem_large, flags);
	if (err) {
		mymem_free_pages(page);
		return NULL;
	}
	mymem_set_page_state(page, LARGE_MARK);
	kmemleak_alloc(page_address(page), size, 1, gfp);
	return page_address(page);
}

/* A size class's allocation with its event, out of line (see cache_alloc()). */
static noinline void *kmalloc_traced(struct mymem_cache *s, size_t size, gfp_t gfp, int node,
				     unsigned long caller)
{
	void *p = __mymem_alloc(s, gfp, node, caller);

	trace_mymem_alloc(caller, p, s->name, size, s->object_size, gfp, node);
	return p;
}

/* Every kmalloc entry point: @caller is who called it, for tracks and traces. */
static __always_inline void *__mymem_kmalloc(size_t size, gfp_t gfp, int node,
					     unsigned long caller)
{
	struct mymem_cache *s;
	void *p;

	if (unlikely(!size))
		return ZERO_SIZE_PTR;
	if (unlikely(mymem_bad_node("mymem_kmalloc", node)))
		return NULL;
	if (size > KMALLOC_MAX_CACHE) {
		if (size > (PAGE_SIZE << MYMEM_MAX_PAGE_ORDER)) {
			if (!(gfp & __GFP_NOWARN))
				pr_warn("mymem_kmalloc: size %zu is too large\n", size);
			return NULL;
		}
		might_alloc(gfp);
		p = mymem_kmalloc_large(size, gfp, node);
		trace_mymem_alloc(caller, p, MYMEM_TRACE_LARGE, size, PAGE_SIZE << get_order(size),
				  gfp, node);
		return p;
	}
	s = mymem_kmalloc_caches[mymem_kmalloc_index(size)];
	/* No DMA size classes: DMA requests are refused, never served from these. */
	if (unlikely(mymem_gfp_refused(s, gfp)))
		return NULL;
	node = mymem_slab_node(node);
	if (trace_mymem_alloc_enabled())
		return kmalloc_traced(s, size, gfp, node, caller);
	return __mymem_alloc(s, gfp, node, caller);
}

/* mymem_kmalloc_node() for the redirect (redirect.c), which passes its caller. */
void *mymem_kmalloc_caller(size_t size, gfp_t gfp, int node, unsigned long caller)
{
	return __mymem_kmalloc(size, gfp, node, caller);
}

/**
 * mymem_kmalloc_node() - allocate memory on a NUMA node
 * @size: bytes wanted
 * @gfp: allocation flags
 * @node: the node, or NUMA_NO_NODE
 *
 * Context: any context if @gfp does not allow sleeping.
 * Return: at least @size bytes aligned to ARCH_KMALLOC_MINALIGN (to their
 * size class for power-of-two sizes), ZERO_SIZE_PTR for size 0, NULL when
 * out of memory or @node is invalid.
 */
void *mymem_kmalloc_node(size_t size, gfp_t gfp, int node)
{
	return __mymem_kmalloc(size, gfp, node, _RET_IP_);
}
EXPORT_SYMBOL_GPL(mymem_kmalloc_node);

/**
 * mymem_kmalloc() - allocate memory
 * @size: bytes wanted
 * @gfp: allocation flags
 *
 * Context: any context if @gfp does not allow sleeping.
 * Return: as mymem_kmalloc_node().
 */
void *mymem_kmalloc(size_t size, gfp_t gfp)
{
	return __mymem_kmalloc(size, gfp, NUMA_NO_NODE, _RET_IP_);
}
EXPORT_SYMBOL_GPL(mymem_kmalloc);

/**
 * mymem_kzalloc() - allocate zeroed memory
 * @size: bytes wanted
 * @gfp: allocation flags
 *
 * Context: any context if @gfp does not allow sleeping.
 * Return: as mymem_kmalloc_node(), the memory zeroed.
 */
void *mymem_kzalloc(size_t size, gfp_t gfp)
{
	return __mymem_kmalloc(size, gfp | __GFP_ZERO, NUMA_NO_NODE, _RET_IP_);
}
EXPORT_SYMBOL_GPL(mymem_kzalloc);

/* The compound page of a large kmalloc at @p, or NULL. */
static struct page *large_page(const void *p)
{
	struct page *page;

	if (!virt_addr_valid(p))
		return NULL;
	page = virt_to_head_page(p);
	if (mymem_read_page_state(page) != LARGE_MARK || page_address(page) != p)
		return NULL;
	return page;
}

/**
 * mymem_owns() - whether memory was given out by mymem
 * @p: any address
 *
 * What the redirect's frees dispatch by (Documentation/mymem.rst, "Drop-in"):
 * true for an address in an object of a mymem cache or in a large
 * mymem_kmalloc(), false for anything else, such as memory of the kernel's
 * own allocators, vmalloc and module memory, NULL and ZERO_SIZE_PTR.
 *
 * Context: any context.
 * Return: whether mymem owns the memory at @p.
 */
bool mymem_owns(const void *p)
{
	struct page *page;

	if (ZERO_OR_NULL_PTR(p) || !virt_addr_valid(p))
		return false;
	page = virt_to_head_page(p);
	/* The word mymem marks its pages in is the kernel's slab's freelist. */
	if (mymem_page_kernel_slab(page))
		return false;
	return slab_state(page).magic == MYMEM_MAGIC_SLAB ||
	       mymem_read_page_state(page) == LARGE_MARK;
}
EXPORT_SYMBOL_GPL(mymem_owns);

/* The start of the object or large kmalloc that @p lies in, or NULL. */
void *mymem_object_start(const void *p)
{
	const struct mymem_layout *l;
	struct page *page;

	if (!mymem_owns(p))
		return NULL;
	page = virt_to_head_page(p);
	if (mymem_read_page_state(page) == LARGE_MARK)
		return page_address(page);
	l = slab_layout(slab_cache(page), slab_state(page));
	return layout_object(l, page, layout_index(l, page, p));
}

/**
 * mymem_ksize() - usable size of memory from mymem_kmalloc()
 * @p: the memory
 *
 * Context: any context.
 * Return: bytes usable at @p (at least what was asked for); 0 for NULL,
 * ZERO_SIZE_PTR, or a pointer mymem did not give out.
 */
size_t mymem_ksize(const void *p)
{
	struct page *page;

	if (ZERO_OR_NULL_PTR(p))
		return 0;
	page = mymem_obj_slab(p);
	if (page)
		return slab_cache(page)->object_size;
	page = large_page(p);
	if (page)
		return PAGE_SIZE << compound_order(page);
	pr_warn("%s: %p was not allocated by mymem\n", __func__, p);
	return 0;
}
EXPORT_SYMBOL_GPL(mymem_ksize);

/**
 * mymem_kfree() - free memory from mymem_kmalloc() (or any mymem object)
 * @p: the memory; NULL and ZERO_SIZE_PTR are ignored
 *
 * A pointer mymem did not give out is reported and left alone.
 *
 * Context: any context.
 */
void mymem_kfree(const void *p)
{
	struct page *page;

	if (unlikely(ZERO_OR_NULL_PTR(p)))
		return;
	page = mymem_obj_slab(p);
	if (likely(page)) {
		trace_mymem_free(_RET_IP_, p, slab_cache(page)->name);
		__mymem_free(slab_cache(page), page, (void *)p, (void *)p, 1, _RET_IP_);
		return;
	}
	page = large_page(p);
	if (page) {
		unsigned long flags;

		trace_mymem_free(_RET_IP_, p, MYMEM_TRACE_LARGE);
		kmemleak_free(p);
		xa_lock_irqsave(&mymem_large, flags);
		__xa_erase(&mymem_large, page_to_pfn(page));
		xa_unlock_irqrestore(&mymem_large, flags);
		mymem_free_pages(page);
		return;
	}
	mymem_report(NULL, NULL, NULL, "Pointer ignored",
		     "kfree of 0x%p, which mymem did not give out", p);
}
EXPORT_SYMBOL_GPL(mymem_kfree);

/**
 * mymem_krealloc() - resize memory from mymem_kmalloc()
 * @p: the memory, or NULL (then as mymem_kmalloc())
 * @new_size: bytes wanted; 0 frees @p and returns ZERO_SIZE_PTR
 * @gfp: allocation flags
 *
 * The contents up to the smaller of the old and new sizes are kept. When
 * the memory at @p is already large enough it is returned as it is.
 *
 * Context: any context if @gfp does not allow sleeping.
 * Return: the memory, or NULL when out of memory (then @p is untouched).
 */
void *mymem_krealloc(const void *p, size_t new_size, gfp_t gfp)
{
	size_t old;
	void *q;

	if (unlikely(!new_size)) {
		mymem_kfree(p);
		return ZERO_SIZE_PTR;
	}
	old = mymem_ksize(p);
	if (!old && !ZERO_OR_NULL_PTR(p))
		return NULL;	/* not mymem's: reported by mymem_ksize() */
	if (old >= new_size) {
		if (gfp & __GFP_ZERO)
			memset((void *)p + new_size, 0, old - new_size);
		return (void *)p;
	}
	q = mymem_kmalloc(new_size, gfp);
	if (!q)
		return NULL;
	if (old)
		memcpy(q, p, old);
	mymem_kfree(p);
	return q;
}
EXPORT_SYMBOL_GPL(mymem_krealloc);

int mymem_kmalloc_init(void)
{
	char name[MYMEM_NAME_MAX + 1];
	unsigned int i, c;

	for (i = 0, c = 0; i < ARRAY_SIZE(mymem_size_index); i++) {
		while (mymem_kmalloc_sizes[c] < (i + 1) * 8)
			c++;
		mymem_size_index[i] = c;
	}
	for (i = 0; i < NR_KMALLOC; i++) {
		unsigned int sz = mymem_kmalloc_sizes[i];

		if (sz >= 1024)
			snprintf(name, sizeof(name), "mymem-kmalloc-%uk", sz / 1024);
		else
			snprintf(name, sizeof(name), "mymem-kmalloc-%u", sz);
		/*
		 * Power-of-two classes are naturally aligned (up to a page),
		 * also when red zones move their objects, as in SLUB.
		 */
		mymem_kmalloc_caches[i] = mymem_cache_create(name, sz,
							     is_power_of_2(sz) ?
							     min_t(unsigned int, sz, PAGE_SIZE) : 0,
							     0, NULL);
		if (!mymem_kmalloc_caches[i]) {
			mymem_kmalloc_exit();
			return -ENOMEM;
		}
	}
	return 0;
}

void mymem_kmalloc_exit(void)
{
	unsigned long pfn;
	struct page *page;
	unsigned int i;

	/* Leaked large kmallocs: reported, kept (they may be in use), unmarked. */
	xa_for_each(&mymem_large, pfn, page) {
		pr_warn("mymem_kmalloc: %lu bytes at 0x%p leaked objects at unload; kept, unmarked\n",
			PAGE_SIZE << compound_order(page), page_address(page));
		mymem_set_page_state(page, 0);
		atomic_long_sub(1UL << compound_order(page), &mymem_pages);
	}
	xa_destroy(&mymem_large);

	for (i = 0; i < NR_KMALLOC; i++) {
		if (mymem_kmalloc_caches[i] && mymem_cache_destroy(mymem_kmalloc_caches[i]))
			pr_warn("%s leaked objects at unload\n", mymem_kmalloc_caches[i]->name);
		mymem_kmalloc_caches[i] = NULL;
	}
}
