// SPDX-License-Identifier: GPL-2.0
/*
 * The slab layer in bulk: mymem_cache_alloc_bulk()'s allocation, the
 * chains of mymem_cache_free_bulk(), and the sheaves' refills and flushes
 * (sheaf.c), on the CPU slab with interrupts
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
 * Takes what this CPU's sheaves and its node's barn hold first (a prefill
 * may so move objects from one sheaf to another), then detaches objects from
 * the CPU freelist with interrupts off, refilling it through the slow path
 * when it runs dry, and publishes one transaction.
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
	/* This CPU's sheaves (and the barn's full ones) first, as far as they go. */
	taken = mymem_sheaf_alloc_bulk(s, nr, p);
	for (i = 0; i < taken; i++)
		plain_object_out(s, p[i]);
	taken = 0;
	if (i == nr)
		goto hooks;
	local_irq_save(flags);
	c = this_cpu_ptr(s->cpu_slab);
	for (; i < nr; i++) {
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
hooks:
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
 * mymem_detach_freelist() - chain objects of one slab out of an array
 * @s: the cache
 * @nr: the entries of @p left to look at
 * @p: the objects; NULL entries are skipped, those taken are set to NULL
 * @trusted: the objects are the cache's own (a sheaf's): not checked
 * @slabp: the slab of the chain
 * @head: the chain's first object
 * @tail: its last; the others are linked from @head by their free pointers
 * @cnt: the chain's length, 0 when nothing was left to free
 *
 * Takes the last entry left and the others of its slab among the next few
 * (a look-ahead of three misses), as SLUB's build_detached_freelist(). An
 * object of a debug slab goes alone (each is checked); one the cache did
 * not give out (only when not @trusted) is reported and skipped.
 *
 * Context: any context.
 * Return: how many entries remain to look at.
 */
size_t mymem_detach_freelist(struct mymem_cache *s, size_t nr, void **p, bool trusted,
			     struct page **slabp, void **head, void **tail, unsigned int *cnt)
{
	unsigned int lookahead = 3;
	size_t first_skipped = 0;
	unsigned long base, bytes;
	struct page *slab;
	void *obj;

	*cnt = 0;
	while (nr && !p[nr - 1])
		nr--;
	if (!nr)
		return 0;
	obj = p[--nr];
	p[nr] = NULL;
	if (trusted) {
		slab = virt_to_head_page(obj);
	} else {
		slab = mymem_obj_slab(obj);
		if (unlikely(!slab || slab_cache(slab) != s)) {
			mymem_report_foreign(s, slab, obj);
			return nr;
		}
	}
	*slabp = slab;
	*head = *tail = obj;
	*cnt = 1;
	if (mymem_slab_debug(slab))
		return nr;
	/* Another object of this slab lies in its address range. */
	base = (unsigned long)page_address(slab);
	bytes = PAGE_SIZE << compound_order(slab);
	while (nr--) {
		obj = p[nr];
		if (!obj)
			continue;
		if ((unsigned long)obj - base < bytes) {
			set_freepointer(s, obj, *head);
			*head = obj;
			(*cnt)++;
			p[nr] = NULL;
			continue;
		}
		if (!--lookahead)
			break;
		if (!first_skipped)
			first_skipped = nr + 1;
	}
	return first_skipped ? first_skipped : nr + 1;
}

/**
 * mymem_slab_give_back() - objects of a sheaf back to their slabs
 * @s: the cache
 * @nr: how many
 * @p: the objects, their free hooks run when the user freed them; the
 *     array is consumed (set to NULL)
 *
 * Those of one slab go back together, in one operation on the slab (a
 * sheaf's objects come mostly in runs of a slab: it was filled from one,
 * or freed to in the order they were taken).
 *
 * Context: any context.
 */
void mymem_slab_give_back(struct mymem_cache *s, size_t nr, void **p)
{
	unsigned int cnt;
	struct page *slab;
	void *head, *tail;

	while (nr) {
		nr = mymem_detach_freelist(s, nr, p, true, &slab, &head, &tail, &cnt);
		if (!cnt)
			continue;
		if (unlikely(slab_state(slab).debug))
			mymem_debug_free(s, slab, head, _RET_IP_);
		else
			slab_free(s, slab, head, tail, cnt, false);
	}
}
