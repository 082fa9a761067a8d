// SPDX-License-Identifier: GPL-2.0
/*
 * Fault injection for users' error paths: make the next N, or a share, of
 * a cache's (or every cache's) slab page allocations fail. The allocation
 * then returns NULL as if the page allocator had none; nothing else
 * changes. __GFP_NOFAIL allocations are never failed.
 *
 * The knobs are in debugfs (debugfs.c): /sys/kernel/debug/mymem/ for all
 * caches, /sys/kernel/debug/mymem/<cache>/ for one.
 */
#include <linux/random.h>

#include "internal.h"

struct mymem_fault mymem_fault_global;
EXPORT_SYMBOL_NS_GPL(mymem_fault_global, MYMEM_NS);

static bool fault_hit(struct mymem_fault *f)
{
	unsigned int percent = READ_ONCE(f->percent);

	if (atomic_read(&f->next) > 0 && atomic_dec_if_positive(&f->next) >= 0)
		goto hit;
	if (percent && get_random_u32_below(100) < percent)
		goto hit;
	return false;
hit:
	atomic_long_inc(&f->injected);
	return true;
}

/**
 * mymem_should_fail() - whether to fail this slab page allocation
 * @s: the cache
 * @gfp: the allocation's flags
 *
 * Context: any context.
 * Return: true to fail it.
 */
bool mymem_should_fail(struct mymem_cache *s, gfp_t gfp)
{
	if (gfp & __GFP_NOFAIL)
		return false;
	return fault_hit(&s->fault) || fault_hit(&mymem_fault_global);
}
