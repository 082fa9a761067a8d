/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fast paths of allocation and free, inlined into the entry points
 * (cache.c, kmalloc.c): __mymem_alloc() and __mymem_free() take no lock and
 * fall back to the slow paths ___mymem_alloc() and ___mymem_free() of
 * alloc.c. The design is described at the head of alloc.c.
 */
#ifndef _MYMEM_ALLOC_H
#define _MYMEM_ALLOC_H

#include <linux/kmemleak.h>
#include <linux/sched/mm.h>
#include <linux/string.h>

#include "internal.h"

void *___mymem_alloc(struct mymem_cache *s, gfp_t gfp, int node);
void ___mymem_free(struct mymem_cache *s, struct page *slab, void *head,
		   void *tail, unsigned int cnt);

/*
 * Whether an allocation from @s with @gfp must come out zeroed, as SLUB's
 * slab_want_init_on_alloc(): __GFP_ZERO always; under init_on_alloc every
 * object too, except where zeroing would destroy what the object keeps
 * (a constructor's work: never zeroed; SLAB_TYPESAFE_BY_RCU and poisoned
 * objects: only on __GFP_ZERO).
 */
static __always_inline bool want_init_on_alloc_obj(struct mymem_cache *s, gfp_t gfp)
{
	if (static_branch_maybe(CONFIG_INIT_ON_ALLOC_DEFAULT_ON, &init_on_alloc)) {
		if (s->ctor)
			return false;
		if (READ_ONCE(s->flags) & (SLAB_TYPESAFE_BY_RCU | SLAB_POISON))
			return gfp & __GFP_ZERO;
		return true;
	}
	return gfp & __GFP_ZERO;
}

static __always_inline bool want_init_on_free_obj(struct mymem_cache *s)
{
	return want_init_on_free() && !s->ctor && !(s->flags & SLAB_TYPESAFE_BY_RCU);
}

static __always_inline bool node_match(struct page *slab, int node)
{
	return node == NUMA_NO_NODE || page_to_nid(slab) == node;
}

/*
 * Under init_on_free a free object is zeroed but for its free pointer:
 * wipe that too when the object is handed out (SLUB's
 * maybe_wipe_obj_freeptr()). Objects that keep their contents keep the
 * free pointer outside the object and are not zeroed on free.
 */
static __always_inline void wipe_freepointer(struct mymem_cache *s, void *obj)
{
	if (unlikely(want_init_on_free_obj(s)))
		*(unsigned long *)(obj + s->offset) = 0;
}

/*
 * What an object of a plain slab needs on its way out: its free pointer
 * wiped under init_on_free, and (KASAN) its bytes made accessible. Done
 * where the object is known to be of a plain slab (the fast path, the slow
 * path's returns, bulk): debug slabs have other layouts, are never
 * poisoned for KASAN and keep their own red zones.
 */
static __always_inline void plain_object_out(struct mymem_cache *s, void *obj)
{
	wipe_freepointer(s, obj);
	mymem_kasan_unpoison(obj, s->object_size);
}

void *mymem_alloc_bad_freeptr(struct mymem_cache *s, gfp_t gfp, int node, void *obj);

/* The CPU freelist fast path's cmpxchg, or its irq-off equivalent. */
static __always_inline bool cmpxchg_cpu(struct mymem_cpu_slab *c, void *o_fl,
					unsigned long o_tid, void *n_fl)
{
	unsigned long flags;
	bool ok;

	if (likely(mymem_has_cmpxchg_pair()))
		return mymem_cmpxchg_pair_local(&c->pair, o_fl, o_tid, n_fl, o_tid + 1);
	local_irq_save(flags);
	ok = c->freelist == o_fl && c->tid == o_tid;
	if (ok) {
		c->freelist = n_fl;
		c->tid = o_tid + 1;
	}
	local_irq_restore(flags);
	return ok;
}

/**
 * __mymem_alloc() - allocate an object: the lockless fast path
 * @s: the cache
 * @gfp: allocation flags
 * @node: node to allocate on, or NUMA_NO_NODE for the local one
 * @addr: the caller, for tracking
 *
 * Debug caches go to mymem_debug_alloc() instead (debug.c).
 *
 * Context: any context if @gfp does not allow sleeping.
 * Return: the object, or NULL when no memory could be had.
 */
static __always_inline void *__mymem_alloc(struct mymem_cache *s, gfp_t gfp, int node,
					   unsigned long addr)
{
	struct mymem_cpu_slab *c;
	unsigned long tid;
	struct page *slab;
	void *obj, *next;

	might_alloc(gfp);
	if (mymem_cache_debug(s)) {
		obj = mymem_debug_alloc(s, gfp, node, addr);
		if (unlikely(!obj))
			return NULL;
		goto out;
	}
redo:
	preempt_disable();
	c = this_cpu_ptr(s->cpu_slab);
	tid = READ_ONCE(c->tid);
	barrier();	/* tid first: a change after it fails the cmpxchg */
	obj = READ_ONCE(c->freelist);
	slab = READ_ONCE(c->slab);
	/* A flush between the two loads leaves @obj with no slab. */
	if (unlikely(!obj || !slab || !node_match(slab, node))) {
		preempt_enable();
		obj = ___mymem_alloc(s, gfp, node);
		if (unlikely(!obj))
			return NULL;
	} else {
		next = get_freepointer_safe(s, obj);
		if (unlikely(!freeptr_plausible(s, obj, next))) {
			preempt_enable();
			obj = mymem_alloc_bad_freeptr(s, gfp, node, obj);
			if (unlikely(!obj))
				return NULL;
		} else if (unlikely(!cmpxchg_cpu(c, obj, tid, next))) {
			mymem_stat_inc(s, CMPXCHG_DOUBLE_CPU_FAIL);
			preempt_enable();
			goto redo;
		} else {
			this_cpu_inc(s->cpu_slab->live);
			mymem_stat_inc(s, ALLOC_FASTPATH);
			preempt_enable();
			plain_object_out(s, obj);
		}
	}
out:
	if (unlikely(want_init_on_alloc_obj(s, gfp)))
		memset(obj, 0, s->object_size);
	kmemleak_alloc_recursive(obj, s->object_size, 1, s->flags, gfp);
	return obj;
}

/**
 * __mymem_free() - free objects of one slab: the lockless fast path
 * @s: the cache
 * @slab: the objects' slab (virt_to_head_page() of them)
 * @head: the first object
 * @tail: the last object, its predecessors chained from @head through
 *	  their free pointers; @head for a single object
 * @cnt: how many objects
 * @addr: the caller, for tracking
 *
 * An object of a debug slab (always alone) goes to mymem_debug_free().
 * Every free is checked against the first object of the CPU freelist: a
 * double free found there is reported and refused.
 *
 * Context: any context.
 */
static __always_inline void __mymem_free(struct mymem_cache *s, struct page *slab,
					 void *head, void *tail, unsigned int cnt,
					 unsigned long addr)
{
	struct mymem_cpu_slab *c;
	unsigned long tid;
	void *freelist;

	if (mymem_slab_debug(slab)) {
		mymem_debug_free(s, slab, head, addr);
		return;
	}
	/* A hint, but never a false one: @head was free at that moment. */
	if (unlikely(head == raw_cpu_read(s->cpu_slab->freelist))) {
		mymem_report_double_free(s, slab, head);
		return;
	}
	if (IS_ENABLED(CONFIG_DEBUG_KMEMLEAK) || IS_ENABLED(CONFIG_KCSAN) ||
	    mymem_kasan_enabled() || unlikely(want_init_on_free_obj(s))) {
		bool init = want_init_on_free_obj(s);
		void *p, *next = head;

		/* Zeroing overwrites the chain: read each link first. */
		while (next) {
			p = next;
			next = p == tail ? NULL : get_freepointer(s, p);
			mymem_free_hook(s, p);
			if (init) {
				memset(p, 0, s->object_size);
				if (next)
					set_freepointer(s, p, next);
			}
			/* Readers of SLAB_TYPESAFE_BY_RCU objects may come after the free. */
			if (!(s->flags & SLAB_TYPESAFE_BY_RCU))
				mymem_kasan_poison(p, s->object_size, MYMEM_KASAN_FREE);
		}
	}
redo:
	preempt_disable();
	c = this_cpu_ptr(s->cpu_slab);
	tid = READ_ONCE(c->tid);
	barrier();
	if (likely(slab == READ_ONCE(c->slab))) {
		freelist = READ_ONCE(c->freelist);
		set_freepointer(s, tail, freelist);
		if (unlikely(!cmpxchg_cpu(c, freelist, tid, head))) {
			mymem_stat_inc(s, CMPXCHG_DOUBLE_CPU_FAIL);
			preempt_enable();
			goto redo;
		}
		mymem_stat_inc(s, FREE_FASTPATH);
		preempt_enable();
	} else {
		preempt_enable();
		___mymem_free(s, slab, head, tail, cnt);
	}
	this_cpu_sub(s->cpu_slab->live, cnt);
}

#endif /* _MYMEM_ALLOC_H */
