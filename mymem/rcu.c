// SPDX-License-Identifier: GPL-2.0
/*
 * Freeing after an RCU grace period: mymem_kfree_rcu() and the redirect's
 * kfree_rcu() (mymem_kvfree_call_rcu(), redirect.c).
 *
 * An object of a cache with sheaves goes onto its CPU's rcu_free sheaf,
 * held as the main sheaf is (mymem_sheaves_claim()); a full one is handed
 * to call_rcu() whole, as SLUB does since 6.18. After the grace period its
 * objects are free: the free hooks run on them, and the sheaf goes into
 * its node's barn as a full sheaf, ready for allocations, or, when the
 * barn has no room or the cache changed meanwhile, back to the slabs.
 * Flushes of the CPU's sheaves (shrink, the tunables, hotplug, destroy)
 * hand a partly filled rcu_free sheaf to RCU too.
 *
 * Everything else (caches without sheaves, debug caches and slabs, slabs
 * of the reserves, objects of another node, large kmalloc memory, a CPU
 * whose sheaves an interrupted holder has) is chained into one batch
 * through the first word of the object's rcu_head (the head is a single
 * word on 7.x with CONFIG_KVFREE_RCU_BATCHED), which a work item frees once
 * an RCU grace period has passed since the last object joined it
 * (get_state_synchronize_rcu()). Without a head the caller may sleep and
 * waits for the grace period itself.
 *
 * Each cache counts its objects on the way (->rcu_frees), which
 * mymem_kvfree_rcu_barrier_on_cache() and mymem_cache_destroy() wait for.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/rcupdate.h>
#include <linux/workqueue.h>

#include "internal.h"
#include "alloc.h"

struct rcu_link {
	struct rcu_link *next;
};

static DEFINE_SPINLOCK(rcu_batch_lock);
/* Objects waiting, and the grace period after which all may go; rcu_batch_lock. */
static struct rcu_link *rcu_batch;
static unsigned long rcu_batch_cookie;

static void free_rcu_batch(struct work_struct *work);
static DECLARE_DELAYED_WORK(rcu_batch_work, free_rcu_batch);
/* Its own queue: it may be flushed from reclaim (destroy, the shrinker's callers). */
static struct workqueue_struct *rcu_batch_wq;

static void free_rcu_batch(struct work_struct *work)
{
	struct rcu_link *l, *next;
	unsigned long cookie;

	spin_lock_irq(&rcu_batch_lock);
	l = rcu_batch;
	cookie = rcu_batch_cookie;
	rcu_batch = NULL;
	spin_unlock_irq(&rcu_batch_lock);
	if (!l)
		return;
	cond_synchronize_rcu(cookie);
	for (; l; l = next) {
		void *obj = mymem_object_start(l);
		struct page *slab = mymem_obj_slab(obj);
		struct mymem_cache *s = slab ? slab_cache(slab) : NULL;

		next = l->next;
		mymem_kfree(obj);
		/* After the free: a destroy that saw the count waits for this run. */
		if (s)
			atomic_long_dec(&s->rcu_frees);
	}
}

/* The batch: every object queued before the call is freed when it returns. */
static void rcu_batch_barrier(void)
{
	/*
	 * One run queued from now takes the whole batch: an earlier run still
	 * going finishes first (a work item never runs twice at once).
	 */
	if (rcu_batch_wq) {
		mod_delayed_work(rcu_batch_wq, &rcu_batch_work, 0);
		flush_delayed_work(&rcu_batch_work);
	}
}

/*
 * After the grace period (softirq or the RCU kthread): the objects of @head's
 * sheaf are free. Park it full in the barn of their node, else give them
 * back to their slabs.
 */
static void rcu_free_sheaf(struct rcu_head *head)
{
	struct mymem_sheaf *sh = container_of(head, struct mymem_sheaf, rcu);
	struct page *slab = virt_to_head_page(sh->objects[0]);
	struct mymem_cache *s = slab_cache(slab);
	unsigned int i, n = sh->size;
	int nid = page_to_nid(slab);
	bool one_node = true;

	for (i = 0; i < n; i++) {
		void *obj = sh->objects[i];

		free_hooks(s, obj, obj);
		if (page_to_nid(virt_to_head_page(obj)) != nid)
			one_node = false;
	}
	/* Free for the user now: parked, as the objects of any sheaf. */
	this_cpu_add(s->cpu_slab->sheaved, n);
	if (n < sh->capacity || !one_node || mymem_cache_debug(s) ||
	    !mymem_barn_put(s, nid, sh)) {
		mymem_sheaf_flush(s, sh);
		if (!one_node || !mymem_barn_put(s, nid, sh))
			mymem_sheaf_free(s, sh);
	}
	/* Last: a destroy that saw the count waits for the callbacks (rcu_barrier()). */
	atomic_long_sub(n, &s->rcu_frees);
}

/**
 * mymem_rcu_sheaf_submit() - hand a CPU's rcu_free sheaf to RCU
 * @s: the cache
 * @c: the CPU's structure: this CPU's with its sheaves held or interrupts
 *     off, or a dead CPU's
 *
 * Context: see @c.
 */
void mymem_rcu_sheaf_submit(struct mymem_cache *s, struct mymem_cpu_slab *c)
{
	struct mymem_sheaf *sh = c->rcu_free;

	if (!sh)
		return;
	c->rcu_free = NULL;
	if (!sh->size) {
		mymem_sheaf_free(s, sh);
		return;
	}
	call_rcu(&sh->rcu, rcu_free_sheaf);
}

/*
 * @obj of @slab onto this CPU's rcu_free sheaf; false if it does not take
 * it. A second kfree_rcu() of the object on top of it is refused as a
 * double free.
 */
static bool rcu_sheaf_free(struct mymem_cache *s, struct page *slab, void *obj)
{
	int nid = page_to_nid(slab);
	struct mymem_cpu_slab *c;
	struct mymem_sheaf *sh;
	unsigned int cap;

	union mymem_slab_state st = slab_state(slab);

	if (unlikely(mymem_cache_debug(s) || st.debug || st.pfmemalloc || st.isolated) ||
	    nid != mymem_local_node())
		goto fail;
	c = mymem_sheaves_claim(s);
	if (unlikely(!c))
		goto fail;
	cap = READ_ONCE(s->sheaf_capacity);
	sh = c->rcu_free;
	if (unlikely(sh && sh->capacity != cap)) {
		mymem_rcu_sheaf_submit(s, c);
		sh = NULL;
	}
	if (!sh) {
		if (!cap)
			goto release_fail;
		sh = mymem_barn_get(s, nid, false, cap) ?: mymem_sheaf_new(s, cap, GFP_NOWAIT, nid);
		if (!sh)
			goto release_fail;
		c->rcu_free = sh;
	}
	if (unlikely(sh->size && sh->objects[sh->size - 1] == obj)) {
		mymem_sheaves_release(c);
		mymem_report_double_free(s, slab, obj);
		return true;
	}
	sh->objects[sh->size++] = obj;
	atomic_long_inc(&s->rcu_frees);
	mymem_stat_inc(s, FREE_RCU_SHEAF);
	if (sh->size == sh->capacity)
		mymem_rcu_sheaf_submit(s, c);
	mymem_sheaves_release(c);
	return true;

release_fail:
	mymem_sheaves_release(c);
fail:
	mymem_stat_inc(s, FREE_RCU_SHEAF_FAIL);
	return false;
}

/**
 * __mymem_kfree_rcu() - mymem_kfree_rcu() and mymem_kfree_rcu_mightsleep()
 * @obj: an object mymem gave out (kmalloc or a cache), or NULL; NULL and
 *	 ZERO_SIZE_PTR are ignored
 * @head: the struct rcu_head inside @obj (only its first word is used), or
 *	  NULL when there is none: then the call may sleep
 *
 * Frees @obj once every RCU reader that may see it has finished: readers
 * under rcu_read_lock() may go on reading it until then. The object must
 * not be freed otherwise meanwhile. Also what the redirect's kfree_rcu()
 * calls for mymem's objects: see the head of this file. A free of the
 * object at the head of the CPU freelist or on top of the rcu_free sheaf is
 * reported as a double free and refused.
 *
 * Context: any context with @head; process context without.
 */
void __mymem_kfree_rcu(void *obj, void *head)
{
	struct rcu_link *l = head;
	struct mymem_cache *s;
	unsigned long flags;
	struct page *slab;

	if (unlikely(ZERO_OR_NULL_PTR(obj)))
		return;
	slab = mymem_obj_slab(obj);
	s = slab ? slab_cache(slab) : NULL;
	if (s && likely(obj == mymem_object_start(obj))) {
		if (unlikely(obj == raw_cpu_read(s->cpu_slab->freelist))) {
			mymem_report_double_free(s, slab, obj);
			return;
		}
		if (rcu_sheaf_free(s, slab, obj))
			return;
	}
	if (!l) {
		might_sleep();
		synchronize_rcu();
		mymem_kfree(obj);
		return;
	}
	if (s)
		atomic_long_inc(&s->rcu_frees);
	spin_lock_irqsave(&rcu_batch_lock, flags);
	l->next = rcu_batch;
	rcu_batch = l;
	rcu_batch_cookie = get_state_synchronize_rcu();
	spin_unlock_irqrestore(&rcu_batch_lock, flags);
	/* A batch a jiffy long; queued again by whoever adds while it waits. */
	queue_delayed_work(rcu_batch_wq, &rcu_batch_work, 1);
}
EXPORT_SYMBOL_GPL(__mymem_kfree_rcu);

/**
 * mymem_kvfree_rcu_barrier_on_cache() - wait for kfree_rcu()'d objects of a cache
 * @s: the cache
 *
 * Every object of @s given to mymem_kfree_rcu() (or the redirect's
 * kfree_rcu()) before the call is free when it returns: the CPUs' rcu_free
 * sheaves are handed to RCU, and the grace periods and the batch waited for.
 *
 * Context: process context; sleeps.
 */
void mymem_kvfree_rcu_barrier_on_cache(struct mymem_cache *s)
{
	bool held = false;
	int cpu;

	might_sleep();
	if (!s)
		return;
	for_each_possible_cpu(cpu) {
		/* A racy read: a free before the call is visible to it. */
		held |= !!data_race(per_cpu_ptr(s->cpu_slab, cpu)->rcu_free);
	}
	if (held)
		mymem_flush_rcu_sheaves(s);
	if (atomic_long_read(&s->rcu_frees)) {
		rcu_barrier();
		rcu_batch_barrier();
	}
}
EXPORT_SYMBOL_GPL(mymem_kvfree_rcu_barrier_on_cache);

/**
 * mymem_kvfree_rcu_barrier() - wait until kfree_rcu()'d objects are freed
 *
 * Every object of mymem's given to mymem_kfree_rcu() or
 * mymem_kvfree_call_rcu() before the call is freed when it returns, of
 * every cache (the kernel's memory the redirect passed on to the kernel's
 * kvfree_call_rcu() is the kernel's to free: 7.x does not export its
 * barrier). It is the redirect's kvfree_rcu_barrier().
 *
 * Context: process context; sleeps.
 */
void mymem_kvfree_rcu_barrier(void)
{
	struct mymem_cache *s;

	mymem_lock_for_flush();
	list_for_each_entry(s, &mymem_caches, list)
		mymem_flush_rcu_sheaves_locked(s);
	mymem_unlock_for_flush();
	rcu_barrier();
	rcu_batch_barrier();
}
EXPORT_SYMBOL_GPL(mymem_kvfree_rcu_barrier);

int mymem_rcu_init(void)
{
	rcu_batch_wq = alloc_workqueue("mymem_rcu", WQ_MEM_RECLAIM | WQ_UNBOUND, 1);
	return rcu_batch_wq ? 0 : -ENOMEM;
}

/* At unload, after the last client: nothing can queue any more. */
void mymem_rcu_exit(void)
{
	mymem_kvfree_rcu_barrier();
	destroy_workqueue(rcu_batch_wq);
	rcu_batch_wq = NULL;
}
