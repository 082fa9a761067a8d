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
		   void *tail, unsigned int cnt, bool freeze);

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

/*
 * This CPU's sheaves of @s, held (sheaf.c): preemption off and sheaf_busy
 * set; NULL when an interrupted holder on this CPU has them, and the
 * caller then uses the CPU slab. Plain accesses suffice: only this CPU
 * touches its sheaves, and an interrupt that found them free has finished
 * with them before the interrupted code sets the flag.
 */
static __always_inline struct mymem_cpu_slab *mymem_sheaves_claim(struct mymem_cache *s)
{
	struct mymem_cpu_slab *c;

	preempt_disable();
	c = this_cpu_ptr(s->cpu_slab);
	if (unlikely(READ_ONCE(c->sheaf_busy))) {
		preempt_enable();
		return NULL;
	}
	WRITE_ONCE(c->sheaf_busy, true);
	barrier();	/* the sheaves are read only once they are held */
	return c;
}

static __always_inline void mymem_sheaves_release(struct mymem_cpu_slab *c)
{
	barrier();
	WRITE_ONCE(c->sheaf_busy, false);
	preempt_enable();
}

/*
 * Pop an object off this CPU's main sheaf; NULL when the sheaves cannot
 * serve (none, another node asked for, held by the interrupted code, or
 * nothing to refill them with): the caller uses the CPU slab.
 */
static __always_inline void *sheaf_alloc(struct mymem_cache *s, gfp_t gfp, int node)
{
	struct mymem_cpu_slab *c;
	struct mymem_sheaf *sh;
	void *obj;

	/*
	 * A cache without sheaves pays one load. Sheaves a change to 0 made
	 * meanwhile are left to the next flush of the cache (shrink, destroy).
	 */
	if (unlikely(!READ_ONCE(s->sheaf_capacity)))
		return NULL;
	c = mymem_sheaves_claim(s);
	if (unlikely(!c))
		return NULL;
	sh = c->main;
	if (unlikely(!sh->size || (node != NUMA_NO_NODE && node != c->sheaf_node)))
		return mymem_sheaf_alloc_slow(s, c, gfp, node);
	obj = sh->objects[--sh->size];
	mymem_sheaf_clear(sh, sh->size, sh->size + 1);
	this_cpu_dec(s->cpu_slab->sheaved);
	c->stat[ALLOC_CPU_SHEAF]++;
	mymem_sheaves_release(c);
	return obj;
}

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
	obj = sheaf_alloc(s, gfp, node);
	if (likely(obj)) {
		plain_object_out(s, obj);
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

/*
 * What a free does to each object before the allocator takes it back:
 * the free hook, zeroing under init_on_free (keeping the chain), and KASAN
 * poison (SLAB_TYPESAFE_BY_RCU objects may be read after the free).
 */
static __always_inline void free_hooks(struct mymem_cache *s, void *head, void *tail)
{
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
			if (!(s->flags & SLAB_TYPESAFE_BY_RCU))
				mymem_kasan_poison(p, s->object_size, MYMEM_KASAN_FREE);
		}
	}
}

/*
 * Push @obj of @slab (@st: its state word, read by the caller) onto this
 * CPU's main sheaf, the free hooks run on it; false (hooks not run) when
 * the sheaves do not take it: none, held by the interrupted code, an
 * object of another node or of a slab made from the memory reserves, a
 * debug cache, or no room to be had. A free of the object on top of the
 * main sheaf is a double free: reported and refused.
 */
static __always_inline bool sheaf_free(struct mymem_cache *s, struct page *slab,
				       union mymem_slab_state st, void *obj)
{
	struct mymem_cpu_slab *c;
	struct mymem_sheaf *sh;
	unsigned int n;

	/* Reserve slabs' objects go back to them; corrupt slabs' are never reused. */
	if (unlikely(mymem_cache_debug(s) || st.pfmemalloc || st.isolated ||
		     !READ_ONCE(s->sheaf_capacity)))
		return false;
	c = mymem_sheaves_claim(s);
	if (unlikely(!c))
		return false;
	sh = c->main;
	n = sh->size;
	if (unlikely(n && sh->objects[n - 1] == obj)) {
		mymem_sheaves_release(c);
		mymem_report_double_free(s, slab, obj);
		return true;
	}
	if (unlikely(n == sh->capacity || page_to_nid(slab) != c->sheaf_node))
		return mymem_sheaf_free_slow(s, c, slab, obj);
	free_hooks(s, obj, obj);
	sh->objects[n] = obj;
	sh->size = n + 1;
	this_cpu_inc(s->cpu_slab->sheaved);
	c->stat[FREE_CPU_SHEAF]++;
	mymem_sheaves_release(c);
	return true;
}

/*
 * Objects @head..@tail of @slab, the free hooks run on them, back onto the
 * CPU freelist if @slab is this CPU's active slab, else onto the slab's own
 * (the slow path ___mymem_free(), @freeze as there).
 */
static __always_inline void slab_free(struct mymem_cache *s, struct page *slab, void *head,
				      void *tail, unsigned int cnt, bool freeze)
{
	struct mymem_cpu_slab *c;
	unsigned long tid;
	void *freelist;

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
		if (freeze)	/* else a sheaf's flush, counted as such */
			mymem_stat_inc(s, FREE_FASTPATH);
		preempt_enable();
	} else {
		preempt_enable();
		___mymem_free(s, slab, head, tail, cnt, freeze);
	}
	this_cpu_sub(s->cpu_slab->live, cnt);
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
 * A single object goes onto this CPU's main sheaf where it can; the rest
 * to the slab. Every free is checked against the first object of the CPU
 * freelist and the top of the main sheaf: a double free found there is
 * reported and refused.
 *
 * Context: any context.
 */
static __always_inline void __mymem_free(struct mymem_cache *s, struct page *slab,
					 void *head, void *tail, unsigned int cnt,
					 unsigned long addr)
{
	union mymem_slab_state st = slab_state(slab);

	/* mymem_slab_debug(), on the state word read once for both tests */
	if (static_branch_unlikely(&mymem_debug_key) && unlikely(st.debug)) {
		mymem_debug_free(s, slab, head, addr);
		return;
	}
	/* A hint, but never a false one: @head was free at that moment. */
	if (unlikely(head == raw_cpu_read(s->cpu_slab->freelist))) {
		mymem_report_double_free(s, slab, head);
		return;
	}
	if (cnt == 1 && sheaf_free(s, slab, st, head))
		return;
	free_hooks(s, head, tail);
	slab_free(s, slab, head, tail, cnt, true);
}

#endif /* _MYMEM_ALLOC_H */
