// SPDX-License-Identifier: GPL-2.0
/*
 * The slab layer in bulk: mymem_cache_alloc_bulk()'s allocation, and the
 * sheaves' refills and flushes (sheaf.c), on the CPU slab with interrupts
 * off as the slow paths of alloc.c, whose design and lock order it follows.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kmemleak.h>

#include "internal.h"
#include "alloc.h"

/**
 * mymem_slab_alloc_bulk() - allocate @nr objects in one go
 * @s: the cache
 * @gfp: allocation flags
 * @nr: how many
 * @p: where to put them
 *
 * Detaches objects from the CPU freelist with interrupts off, refilling it
 * through the slow path when it runs dry, and publishes one transaction.
 *
 * Context: any context if @gfp does not allow sleeping.
 * Return: @nr, or 0 (and nothing allocated) when memory ran out.
 */
int mymem_slab_alloc_bulk(struct mymem_cache *s, gfp_t gfp, size_t nr, void **p)
{
	struct mymem_cpu_slab *c;
	size_t i, taken = 0;
	unsigned long flags;

	might_alloc(gfp);
	if (mymem_cache_debug(s)) {
		for (i = 0; i < nr; i++) {
			p[i] = __mymem_alloc(s, gfp, NUMA_NO_NODE, _RET_IP_);
			if (unlikely(!p[i]))
				goto fail;
		}
		return nr;
	}
	local_irq_save(flags);
	c = this_cpu_ptr(s->cpu_slab);
	for (i = 0; i < nr; i++) {
		void *obj = c->freelist, *next = NULL;

		if (likely(obj)) {
			next = get_freepointer(s, obj);
			if (unlikely(!freeptr_in_slab(s, c->slab, next))) {
				mymem_cpu_slab_corrupt(s, c, obj, next);
				obj = NULL;
			}
		}
		if (unlikely(!obj)) {
			c->tid++;
			c->live += taken;
			taken = 0;
			local_irq_restore(flags);
			p[i] = ___mymem_alloc(s, gfp, NUMA_NO_NODE);
			if (unlikely(!p[i]))
				goto fail;
			local_irq_save(flags);
			c = this_cpu_ptr(s->cpu_slab);
			continue;
		}
		c->freelist = next;
		p[i] = obj;
		plain_object_out(s, obj);
		taken++;
	}
	c->tid++;
	c->live += taken;
	local_irq_restore(flags);

	for (i = 0; i < nr; i++) {
		if (unlikely(want_init_on_alloc_obj(s, gfp)))
			memset(p[i], 0, s->object_size);
		kmemleak_alloc_recursive(p[i], s->object_size, 1, s->flags, gfp);
	}
	return nr;
fail:
	while (i--)
		__mymem_free(s, virt_to_head_page(p[i]), p[i], p[i], 1, _RET_IP_);
	return 0;
}

/**
 * mymem_slab_take() - objects for a sheaf, from the CPU slab and the lists
 * @s: the cache
 * @gfp: the allocation's flags (for the memory reserves)
 * @node: the node every object must be of
 * @nr: how many at most
 * @p: where to put them
 *
 * As mymem_slab_alloc_bulk(), but only from slabs that exist: stops where
 * a new slab would be needed (the caller's allocation then makes it, with
 * the caller's flags) and never sleeps. The objects stay free for the
 * user: not unpoisoned, not zeroed, unknown to kmemleak (alloc.h hands
 * them out).
 *
 * Context: preemption off; any context.
 * Return: the number taken, 0 to @nr.
 */
unsigned int mymem_slab_take(struct mymem_cache *s, gfp_t gfp, int node, unsigned int nr,
			     void **p)
{
	struct mymem_cpu_slab *c;
	unsigned int i, taken = 0;
	unsigned long flags;

	local_irq_save(flags);
	c = this_cpu_ptr(s->cpu_slab);
	for (i = 0; i < nr; i++) {
		void *obj = c->freelist, *next = NULL;

		/*
		 * A CPU slab of another node (the node ran short) or of the
		 * reserves: the sheaves take nothing from it, nor flush it.
		 */
		if (c->slab && unlikely(!node_match(c->slab, node) ||
					slab_state(c->slab).pfmemalloc))
			break;
		if (likely(obj)) {
			next = get_freepointer(s, obj);
			if (unlikely(!freeptr_in_slab(s, c->slab, next))) {
				mymem_cpu_slab_corrupt(s, c, obj, next);
				obj = NULL;
			}
		} else {
			obj = NULL;
		}
		if (likely(obj)) {
			c->freelist = next;
			p[i] = obj;
			taken++;
			continue;
		}
		c->tid++;
		c->live += taken;
		taken = 0;
		local_irq_restore(flags);
		obj = mymem_slab_alloc_slow(s, gfp, node, false);
		if (!obj)
			return i;
		/* Back to free for the user: the slow path made it accessible. */
		if (!(s->flags & SLAB_TYPESAFE_BY_RCU))
			mymem_kasan_poison(obj, s->object_size, MYMEM_KASAN_FREE);
		p[i] = obj;
		local_irq_save(flags);
		c = this_cpu_ptr(s->cpu_slab);
	}
	c->tid++;
	c->live += taken;
	local_irq_restore(flags);
	return i;
}

/**
 * mymem_slab_give_back() - an object of a sheaf back to its slab
 * @s: the cache
 * @obj: the object, its free hooks run when the user freed it
 *
 * Context: any context.
 */
void mymem_slab_give_back(struct mymem_cache *s, void *obj)
{
	struct page *slab = virt_to_head_page(obj);

	if (unlikely(slab_state(slab).debug))
		mymem_debug_free(s, slab, obj, _RET_IP_);
	else
		slab_free(s, slab, obj, obj, 1, false);
}
