// SPDX-License-Identifier: GPL-2.0
/*
 * mymem allocation and free paths.
 *
 * Lock order (outermost first):
 *   mymem_names_mutex      create and destroy (cache.c): a name is reused
 *                          only once the old cache's directories are gone.
 *                          Held while sysfs and debugfs drain the handlers
 *                          of a cache's files, which never take it.
 *   cpu_hotplug_lock       taken by the CPU hotplug core around mymem's
 *                          dead-CPU callback, which then takes mymem_mutex;
 *                          read by mymem_flush_all() and so before
 *                          mymem_mutex by its callers that hold that
 *                          (debug switch, tunables); only tried by the
 *                          shrinker, which reclaim may call under it.
 *   mymem_mutex            the registry of caches; create, destroy, the
 *                          hotplug callback and the interfaces (proc,
 *                          sysfs). Never on an alloc/free path; the
 *                          shrinker only trylocks it.
 *   mymem_flush_mutex      mymem_flush_all(): its per-CPU work items,
 *                          which take n->list_lock in process context on
 *                          their CPU, never a mutex.
 *   sheaf_busy             this CPU's sheaves held (sheaf.c): preemption
 *                          off and a per-CPU flag, not a lock; an
 *                          interrupt that finds it set uses the CPU slab.
 *                          Held across refills and flushes, so taken
 *                          before everything below.
 *   interrupts off         the slow paths' hold on this CPU's
 *                          struct mymem_cpu_slab (the fast paths need only
 *                          preemption off, see below).
 *   n->list_lock           a node's partial list and nr_partial; taken
 *                          with interrupts off. Also held across the
 *                          change of a slab's state word whenever that
 *                          change moves the slab onto or off a list.
 *   n->slabs' xa_lock      the node's registry of slabs (slab.c): a leaf,
 *                          taken with interrupts off when a slab is made
 *                          or given back, never with list_lock held.
 *   n->barn_lock           the node's barn of sheaves (sheaf.c): a leaf,
 *                          interrupts off, nothing taken under it.
 *   mymem_flush_sheaves_lock  the sheaves flush work items take off their
 *                          CPUs: a leaf, interrupts off.
 *   rcu_batch_lock         kfree_rcu()'s batch (rcu.c): a leaf,
 *                          interrupts off. The rcu_free sheaves are held
 *                          as the main ones (sheaf_busy).
 *
 * Sheaves (sheaf.c) sit in front of all this: per-CPU arrays of free
 * objects that allocations pop and frees push with preemption off and no
 * atomic; the paths below serve them in bulk (mymem_slab_take(),
 * mymem_slab_give_back()) and serve directly what they do not take.
 *
 * The fast paths take no lock. Allocation pops the CPU freelist and free
 * pushes onto it (when the object is of the CPU's slab) with one
 * double-word cmpxchg of {freelist, tid} on this CPU's structure, with
 * preemption disabled: an interrupt that changed the structure meanwhile
 * also changed tid, and the cmpxchg fails and is retried.
 *
 * A slab's state is one word, union mymem_slab_state, in the head page's
 * state word (compat.h: first free object, objects in use, objects,
 * frozen; and, set when the slab is made, debug and layout; isolated),
 * changed with cmpxchg. Its states:
 *   frozen    owned by one CPU, as its active slab (whose free objects are
 *             that CPU's freelist) or on its partial list. Other CPUs free
 *             onto the slab's own freelist without any lock; the owner takes
 *             those objects back when its freelist runs dry.
 *   partial   unfrozen with free and used objects: on its node's partial
 *             list.
 *   full      unfrozen, no free object: on no list. The first free
 *             freezes it onto the freeing CPU's partial list.
 *   empty     kept on the node's partial list while the node has fewer
 *             than min_partial partial slabs, else given back to the page
 *             allocator (after a grace period for SLAB_TYPESAFE_BY_RCU).
 * A CPU's partial list holds at most cpu_partial_slabs slabs; past that,
 * all of them are unfrozen onto their nodes' lists.
 *
 * Debug slabs (debug.c) are never frozen: every allocation from them and
 * free to them holds n->list_lock with interrupts off, and so do the
 * checks and validation of a debug slab. Reports (report.c) are printed
 * under that lock; they take no lock of mymem's. A slab whose objects were
 * found damaged moves to the node's isolated list (under n->list_lock)
 * and is never allocated from again.
 *
 * Object layout (each slab records which one its objects have, see
 * struct mymem_layout; l->size bytes per object, objects back to back
 * from the start of the slab; byte values are SLUB's, linux/poison.h):
 *
 *   [0, red_left_pad)      left red zone (Z): 0xbb while the object is
 *                          free, 0xcc while allocated; one word, or the
 *                          alignment if larger, so that the object stays
 *                          aligned. Object pointers point past it.
 *   [+0, object_size)      the object. Poisoned (P) while free: 0x6b,
 *                          the last byte 0xa5. Plain layout: the free
 *                          pointer of a free object is the word in its
 *                          middle (out of reach of a small overflow of
 *                          the object before it, as SLUB since 5.7).
 *   [object_size, inuse)   right red zone (Z), at least one word: 0xbb/0xcc
 *                          as the left one. Without Z: up to the next word.
 *   [offset, +8)           the free pointer, here when the object must
 *                          not be written while free: poison (P), a ctor
 *                          or SLAB_TYPESAFE_BY_RCU.
 *   [track, +2 tracks)     owner tracking (U): struct mymem_track for the
 *                          last allocation and the last free (site, CPU,
 *                          PID, jiffies, stackdepot handle).
 *   [pad, l->size)         padding (one word with Z, then up to the
 *                          alignment): 0x5a in debug layouts.
 *   The slab's tail that no whole object fits: 0x5a in debug slabs,
 *   unused otherwise.
 *
 * Free pointers are never stored in the clear: the value kept is
 * ptr ^ s->random ^ swab(address where it is kept), as the kernel's
 * SLAB_FREELIST_HARDENED, so that an overwrite by a user does not steer
 * the allocator to an address of the attacker's choosing; a decoded
 * pointer that is not an object of its slab is reported where free
 * pointers are checked (debug slabs, validation), and every free pointer
 * the allocation and flush paths follow is checked first: on the fast path
 * that it lies in the naturally aligned block of the cache's largest slab
 * size as its object (freeptr_plausible(), an XOR and a shift), on the
 * slow paths that it is an object of the slab (freeptr_in_slab()); a bad
 * one isolates the slab, reported, and the cache goes on. A new slab's
 * freelist starts at a random place of the cache's random permutation of
 * object indices (mymem.freelist_random, as SLAB_FREELIST_RANDOM). A free
 * of the object at the head of this CPU's freelist is refused as a double
 * free on every cache, at the cost of one compare on the fast path.
 *
 * The cache of an object is found in O(1): virt_to_head_page(obj) is the
 * slab, its owner word the cache, and the top bits of its state word carry
 * MYMEM_MAGIC_SLAB so that pointers mymem never gave out are refused.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/interrupt.h>
#include <linux/nodemask.h>
#include <linux/oom.h>
#include <linux/random.h>
#include <linux/sched/mm.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/workqueue.h>

#include "internal.h"
#include "alloc.h"

/* The first object of a slab's own freelist, from its state word. */
static inline void *slab_freelist(struct mymem_cache *s, struct page *slab,
				  union mymem_slab_state c)
{
	return c.free_pos ? plain_slab_object(s, slab, c.free_pos - 1) : NULL;
}

/*
 * The free pointer @fp of free object @obj of this CPU's slab is not in
 * the slab: report it, take the slab from the CPU without following its
 * freelist, and set it aside. Interrupts off.
 */
void mymem_cpu_slab_corrupt(struct mymem_cache *s, struct mymem_cpu_slab *c, void *obj,
			    void *fp)
{
	struct page *slab = c->slab;
	struct mymem_cache_node *n = s->node[page_to_nid(slab)];

	c->slab = NULL;
	c->freelist = NULL;
	c->tid++;
	mymem_report(s, slab, obj, "Isolating the slab",
		     "Freepointer corrupt: 0x%p is not an object of the slab", fp);
	spin_lock(&n->list_lock);
	mymem_isolate_slab(s, n, slab, false);
	spin_unlock(&n->list_lock);
}

/**
 * mymem_alloc_bad_freeptr() - the fast path decoded a free pointer outside the slab
 * @s: the cache
 * @gfp: allocation flags
 * @node: the node asked for, or NUMA_NO_NODE
 * @obj: the object at the head of the CPU freelist whose free pointer it was
 *
 * The fast path's read may have been stale (@obj taken meanwhile and
 * written to by its new owner): look again with interrupts off, and only
 * if @obj still heads this CPU's freelist is its free pointer damaged.
 * Then allocate through the slow path.
 *
 * Context: as the allocation.
 * Return: an object, or NULL.
 */
void *mymem_alloc_bad_freeptr(struct mymem_cache *s, gfp_t gfp, int node, void *obj)
{
	struct mymem_cpu_slab *c;
	unsigned long flags;
	void *fp;

	local_irq_save(flags);
	c = this_cpu_ptr(s->cpu_slab);
	if (c->slab && c->freelist == obj) {
		fp = get_freepointer(s, obj);
		if (!freeptr_in_slab(s, c->slab, fp))
			mymem_cpu_slab_corrupt(s, c, obj, fp);
	}
	local_irq_restore(flags);
	return ___mymem_alloc(s, gfp, node);
}

/*
 * Unfreeze a slab that this CPU owned, first giving back @cnt objects of
 * the CPU freelist @head..@tail: it becomes partial, full or, if empty and
 * its node has enough partial slabs, is discarded. @deactivate: it was the
 * CPU's active slab (counted as deactivate_*), else a CPU partial slab.
 */
static void unfreeze_slab(struct mymem_cache *s, struct page *slab,
			  void *head, void *tail, unsigned int cnt, bool deactivate)
{
	struct mymem_cache_node *n = s->node[page_to_nid(slab)];
	union mymem_slab_state old, new;
	unsigned long flags;
	bool discard = false;

	spin_lock_irqsave(&n->list_lock, flags);
	old = slab_state(slab);
	do {
		new = old;
		if (head) {
			set_freepointer(s, tail, slab_freelist(s, slab, old));
			new.free_pos = plain_slab_index(s, slab, head) + 1;
			new.inuse -= cnt;
		}
		new.frozen = 0;
	} while (!cmpxchg_slab(s, slab, &old, new));

	if (mymem_slab_discardable(s, n, new))
		discard = true;
	else if (new.inuse < new.objects)
		mymem_add_partial(n, slab, true);
	spin_unlock_irqrestore(&n->list_lock, flags);

	if (deactivate) {
		if (old.free_pos)
			mymem_stat_inc(s, DEACTIVATE_REMOTE_FREES);
		if (discard)
			mymem_stat_inc(s, DEACTIVATE_EMPTY);
		else if (new.inuse < new.objects)
			mymem_stat_inc(s, DEACTIVATE_TO_TAIL);
		else
			mymem_stat_inc(s, DEACTIVATE_FULL);
	} else if (!discard && new.inuse < new.objects) {
		mymem_stat_inc(s, FREE_ADD_PARTIAL);
	}
	if (discard)
		mymem_discard_slab(s, slab);
}

/* Unfreeze the CPU's active slab, giving back its freelist. */
static void deactivate_slab(struct mymem_cache *s, struct page *slab, void *freelist)
{
	struct mymem_cache_node *n = s->node[page_to_nid(slab)];
	void *tail = NULL, *p, *next;
	unsigned int cnt = 0;
	unsigned long flags;

	for (p = freelist; p; p = next) {
		next = get_freepointer(s, p);
		if (unlikely(!freeptr_in_slab(s, slab, next) ||
			     cnt >= slab_state(slab).objects)) {
			mymem_report(s, slab, p, "Isolating the slab",
				     "Freepointer corrupt: 0x%p is not a free object of the slab",
				     next);
			spin_lock_irqsave(&n->list_lock, flags);
			mymem_isolate_slab(s, n, slab, false);
			spin_unlock_irqrestore(&n->list_lock, flags);
			return;
		}
		tail = p;
		cnt++;
	}
	unfreeze_slab(s, slab, freelist, tail, cnt, true);
}

/* Unfreeze the slabs of a CPU partial list onto their nodes. */
static void unfreeze_partials(struct mymem_cache *s, struct page *partial)
{
	while (partial) {
		struct page *slab = partial;

		partial = mymem_page_next(slab);
		unfreeze_slab(s, slab, NULL, NULL, 0, false);
	}
}

/*
 * Put a slab that a free just froze (it was full) on this CPU's partial
 * list; past cpu_partial_slabs, unfreeze the whole list onto the nodes.
 */
static void put_cpu_partial(struct mymem_cache *s, struct page *slab)
{
	struct mymem_cpu_slab *c;
	struct page *drain = NULL;
	unsigned long flags;

	local_irq_save(flags);
	c = this_cpu_ptr(s->cpu_slab);
	if (c->nr_partial >= s->cpu_partial_slabs) {
		drain = c->partial;
		c->partial = NULL;
		c->nr_partial = 0;
	}
	mymem_set_page_next(slab, c->partial);
	c->partial = slab;
	c->nr_partial++;
	mymem_stat_inc(s, CPU_PARTIAL_FREE);
	if (drain)
		mymem_stat_inc(s, CPU_PARTIAL_DRAIN);
	local_irq_restore(flags);

	unfreeze_partials(s, drain);
}

/*
 * Take the slab's own freelist for the CPU that owns it or will: the slab
 * is frozen, or, with nothing on its freelist, unfrozen as full in the same
 * step.
 */
static void *get_slab_freelist(struct mymem_cache *s, struct page *slab)
{
	union mymem_slab_state old = slab_state(slab), new;

	do {
		new = old;
		new.free_pos = 0;
		new.inuse = new.objects;
		new.frozen = old.free_pos != 0;
	} while (!cmpxchg_slab(s, slab, &old, new));
	return slab_freelist(s, slab, old);
}

/*
 * Whether the caller may use the memory reserves, as the page allocator
 * decides (its __gfp_pfmemalloc_flags(), not exported): __GFP_MEMALLOC,
 * or a task in reclaim (PF_MEMALLOC) outside interrupts, or an OOM victim;
 * never with __GFP_NOMEMALLOC.
 */
static bool pfmemalloc_allowed(gfp_t gfp)
{
	if (gfp & __GFP_NOMEMALLOC)
		return false;
	if (gfp & __GFP_MEMALLOC)
		return true;
	if (in_serving_softirq() && (current->flags & PF_MEMALLOC))
		return true;
	if (!in_interrupt())
		return (current->flags & PF_MEMALLOC) || tsk_is_oom_victim(current);
	return false;
}

/*
 * Whether @gfp may take objects of @slab: a slab made from the memory
 * reserves serves only callers entitled to them (SLUB's pfmemalloc_match()).
 */
static inline bool pfmemalloc_match(struct page *slab, gfp_t gfp)
{
	return likely(!slab_state(slab).pfmemalloc) || pfmemalloc_allowed(gfp);
}

/* Take a partial slab of node @nid and freeze it; NULL if there is none. */
static void *get_partial_node(struct mymem_cache *s, int nid, gfp_t gfp,
			      struct page **slabp)
{
	struct mymem_cache_node *n = s->node[nid];
	void *freelist = NULL;
	struct page *slab;
	unsigned long flags;

	if (!n || !READ_ONCE(n->nr_partial))
		return NULL;
	spin_lock_irqsave(&n->list_lock, flags);
	mymem_for_each_page(slab, &n->partial) {
		union mymem_slab_state c = slab_state(slab);

		/* Debug slabs are debug.c's, never frozen. */
		if (c.debug || !pfmemalloc_match(slab, gfp))
			continue;
		mymem_remove_partial(n, slab);
		/* A partial slab has free objects: this freezes it. */
		freelist = get_slab_freelist(s, slab);
		*slabp = slab;
		break;
	}
	spin_unlock_irqrestore(&n->list_lock, flags);
	return freelist;
}

/*
 * The local node has no partial slab: take one of another node, nearest
 * first, from nodes that keep more than min_partial, in
 * remote_node_defrag_ratio percent of the attempts (SLUB's
 * get_any_partial(); 100 always, 0 never), before making a new slab.
 */
static void *get_any_partial(struct mymem_cache *s, int local, gfp_t gfp,
			     struct page **slabp)
{
	unsigned int ratio = READ_ONCE(s->remote_node_defrag_ratio);
	nodemask_t tried = NODE_MASK_NONE;
	void *freelist;
	int nid, best;

	if (!ratio || (ratio < 100 && get_random_u32_below(100) >= ratio))
		return NULL;
	node_set(local, tried);
	for (;;) {
		best = NUMA_NO_NODE;
		for_each_node_state(nid, N_NORMAL_MEMORY) {
			if (node_isset(nid, tried))
				continue;
			if (best == NUMA_NO_NODE ||
			    node_distance(local, nid) < node_distance(local, best))
				best = nid;
		}
		if (best == NUMA_NO_NODE)
			return NULL;
		node_set(best, tried);
		if (READ_ONCE(s->node[best]->nr_partial) <= READ_ONCE(s->min_partial))
			continue;
		freelist = get_partial_node(s, best, gfp, slabp);
		if (freelist)
			return freelist;
	}
}

/**
 * mymem_nearest_memory_node() - the node with normal memory nearest to @nid
 * @nid: an online node without normal memory
 *
 * x86 has no HAVE_MEMORYLESS_NODES: numa_mem_id() of a CPU on a memoryless
 * node is that node, where no slab ever lives.
 *
 * Context: any context.
 * Return: a node with normal memory (first_memory_node if none is nearer).
 */
int mymem_nearest_memory_node(int nid)
{
	int best = first_memory_node, n;

	for_each_node_state(n, N_NORMAL_MEMORY)
		if (node_distance(nid, n) < node_distance(nid, best))
			best = n;
	return best;
}

/* A partial slab for an allocation on @node (NUMA_NO_NODE: any). */
static void *get_partial(struct mymem_cache *s, int node, gfp_t gfp, struct page **slabp)
{
	int nid = node == NUMA_NO_NODE ? mymem_local_node() : node;
	void *freelist = get_partial_node(s, nid, gfp, slabp);

	if (freelist || node != NUMA_NO_NODE || (gfp & __GFP_THISNODE))
		return freelist;
	return get_any_partial(s, nid, gfp, slabp);
}

/* Drop this CPU's active slab; interrupts off. */
static void flush_slab(struct mymem_cache *s, struct mymem_cpu_slab *c)
{
	struct page *slab = c->slab;
	void *freelist = c->freelist;

	c->slab = NULL;
	c->freelist = NULL;
	c->tid++;
	if (slab) {
		mymem_stat_inc(s, CPUSLAB_FLUSH);
		deactivate_slab(s, slab, freelist);
	}
}

/*
 * A new slab came out as a debug slab: debugging was switched on since the
 * fast path looked. Hand the slab to the node and allocate as debug.c does.
 */
static noinline void *debug_slab_alloc(struct mymem_cache *s, struct page *slab,
				       gfp_t gfp, int node)
{
	struct mymem_cache_node *n = s->node[page_to_nid(slab)];
	unsigned long flags;

	spin_lock_irqsave(&n->list_lock, flags);
	mymem_add_partial(n, slab, true);
	spin_unlock_irqrestore(&n->list_lock, flags);
	return mymem_debug_alloc(s, gfp, node, _RET_IP_);
}

/*
 * The slow path of allocation: the CPU freelist is empty or of the wrong
 * node. Refills it from, in turn, what other CPUs freed to the active slab,
 * the CPU partial list, the node partial list (then another node's), and,
 * if @grow, a new slab. Takes one object and returns it, or NULL. @node is
 * NUMA_NO_NODE or a node with normal memory (mymem_slab_node()).
 */
void *mymem_slab_alloc_slow(struct mymem_cache *s, gfp_t gfp, int node, bool grow)
{
	struct mymem_cpu_slab *c;
	struct page *slab, *fresh;
	unsigned long flags;
	void *freelist, *next;

	if (unlikely(s->ctor && (gfp & __GFP_ZERO)))
		pr_warn_once("cache '%s': __GFP_ZERO on a cache with a constructor\n", s->name);
	local_irq_save(flags);
	/* A sheaf's refill (no @grow) is counted as sheaf_refill: each allocation once. */
	if (grow)
		mymem_stat_inc(s, ALLOC_SLOWPATH);
retry:
	c = this_cpu_ptr(s->cpu_slab);
	slab = c->slab;
	if (!slab)
		goto new_slab;
	if (!node_match(slab, node)) {
		mymem_stat_inc(s, ALLOC_NODE_MISMATCH);
		flush_slab(s, c);
		goto new_slab;
	}
	if (unlikely(!pfmemalloc_match(slab, gfp))) {
		flush_slab(s, c);
		goto new_slab;
	}
	/* An interrupt may have refilled it since the fast path looked. */
	freelist = c->freelist;
	if (freelist)
		goto load_freelist;
	freelist = get_slab_freelist(s, slab);
	if (freelist) {
		mymem_stat_inc(s, ALLOC_REFILL);
		goto load_freelist;
	}
	/* Full and now unfrozen: let it go. */
	mymem_stat_inc(s, DEACTIVATE_BYPASS);
	c->slab = NULL;
	c->tid++;

new_slab:
	while (c->partial) {
		slab = c->partial;
		c->partial = mymem_page_next(slab);
		c->nr_partial--;
		if (node_match(slab, node) && pfmemalloc_match(slab, gfp)) {
			freelist = get_slab_freelist(s, slab);
			if (freelist) {
				mymem_stat_inc(s, CPU_PARTIAL_ALLOC);
				c->slab = slab;
				goto load_freelist;
			}
		} else {
			unfreeze_slab(s, slab, NULL, NULL, 0, false);
		}
	}
	freelist = get_partial(s, node, gfp, &slab);
	if (freelist) {
		mymem_stat_inc(s, ALLOC_FROM_PARTIAL);
		c->slab = slab;
		goto load_freelist;
	}

	local_irq_restore(flags);
	if (!grow)
		return NULL;
	fresh = mymem_new_slab(s, gfp, node);
	if (!fresh)
		return NULL;
	if (unlikely(slab_state(fresh).debug))
		return debug_slab_alloc(s, fresh, gfp, node);
	local_irq_save(flags);
	mymem_stat_inc(s, ALLOC_SLAB);
	freelist = get_slab_freelist(s, fresh);	/* freezes it */
	/* We may run on another CPU now, or this one got a slab meanwhile. */
	c = this_cpu_ptr(s->cpu_slab);
	if (unlikely(!pfmemalloc_match(fresh, gfp))) {
		/* Reserves for one object, not for later allocations: no CPU slab. */
		deactivate_slab(s, fresh, get_freepointer(s, freelist));
		c->live++;
		local_irq_restore(flags);
		plain_object_out(s, freelist);
		return freelist;
	}
	if (c->slab)
		flush_slab(s, c);
	c->slab = fresh;

load_freelist:
	next = get_freepointer(s, freelist);
	if (unlikely(!freeptr_in_slab(s, c->slab, next))) {
		mymem_cpu_slab_corrupt(s, c, freelist, next);
		goto retry;
	}
	c->freelist = next;
	c->tid++;
	c->live++;
	local_irq_restore(flags);
	plain_object_out(s, freelist);
	return freelist;
}

void *___mymem_alloc(struct mymem_cache *s, gfp_t gfp, int node)
{
	return mymem_slab_alloc_slow(s, gfp, node, true);
}

/* What freeing onto a slab in state @old (giving @new) takes. */
enum free_action {
	FREE_ISOLATED,	/* the slab was set aside: the free is only counted */
	FREE_PUSH,	/* the slab's freelist only */
	FREE_FREEZE,	/* it was full: freeze it onto this CPU's partial list */
	FREE_LIST,	/* unfrozen, and it must join or may leave a node list */
};

static enum free_action free_action(struct mymem_cache *s, union mymem_slab_state old,
				    union mymem_slab_state new, bool freeze)
{
	if (old.frozen)
		return FREE_PUSH;
	if (!old.free_pos && freeze && READ_ONCE(s->cpu_partial_slabs))
		return FREE_FREEZE;
	if (!old.free_pos || !new.inuse)
		return FREE_LIST;
	return FREE_PUSH;
}

/* Chain @head..@tail onto the slab's freelist in @new, from state @old. */
static enum free_action prepare_free(struct mymem_cache *s, struct page *slab,
				     void *head, void *tail, unsigned int cnt,
				     union mymem_slab_state old, union mymem_slab_state *new,
				     bool freeze)
{
	enum free_action action;

	if (unlikely(old.isolated))
		return FREE_ISOLATED;
	set_freepointer(s, tail, slab_freelist(s, slab, old));
	*new = old;
	new->free_pos = plain_slab_index(s, slab, head) + 1;
	new->inuse -= cnt;
	action = free_action(s, old, *new, freeze);
	if (action == FREE_FREEZE)
		new->frozen = 1;
	return action;
}

/* The lockless attempt of __slab_free(); false if lists must change. */
static bool slab_free_lockless(struct mymem_cache *s, struct page *slab, void *head,
			       void *tail, unsigned int cnt, bool freeze)
{
	union mymem_slab_state old = slab_state(slab), new;
	enum free_action action;

	do {
		action = prepare_free(s, slab, head, tail, cnt, old, &new, freeze);
		if (action == FREE_LIST)
			return false;
		if (unlikely(action == FREE_ISOLATED)) {
			atomic_long_add(cnt, &s->isolated_objects);
			return true;
		}
	} while (!cmpxchg_slab(s, slab, &old, new));
	if (action == FREE_FREEZE)
		put_cpu_partial(s, slab);
	else if (old.frozen)
		mymem_stat_inc(s, FREE_FROZEN);
	return true;
}

/* __slab_free() when the slab may move between lists: under list_lock. */
static void slab_free_locked(struct mymem_cache *s, struct page *slab, void *head,
			     void *tail, unsigned int cnt, bool freeze)
{
	struct mymem_cache_node *n = s->node[page_to_nid(slab)];
	union mymem_slab_state old, new;
	enum free_action action;
	bool discard = false;
	unsigned long flags;

	spin_lock_irqsave(&n->list_lock, flags);
	old = slab_state(slab);
	do {
		action = prepare_free(s, slab, head, tail, cnt, old, &new, freeze);
		if (unlikely(action == FREE_ISOLATED)) {
			atomic_long_add(cnt, &s->isolated_objects);
			break;
		}
	} while (!cmpxchg_slab(s, slab, &old, new));
	if (action == FREE_LIST) {
		/* Unfrozen; on the node's partial list if it had a free object. */
		if (mymem_slab_discardable(s, n, new)) {
			if (old.free_pos) {
				mymem_remove_partial(n, slab);
				mymem_stat_inc(s, FREE_REMOVE_PARTIAL);
			}
			discard = true;
		} else if (!old.free_pos) {
			mymem_add_partial(n, slab, true);
			mymem_stat_inc(s, FREE_ADD_PARTIAL);
		}
	} else if (action == FREE_PUSH && old.frozen) {
		mymem_stat_inc(s, FREE_FROZEN);
	}
	spin_unlock_irqrestore(&n->list_lock, flags);

	if (action == FREE_FREEZE)
		put_cpu_partial(s, slab);
	if (discard)
		mymem_discard_slab(s, slab);
}

/*
 * The slow path of free: @cnt objects @head..@tail (chained) of a slab that
 * is not this CPU's active one go onto the slab's own freelist, without a
 * lock unless the slab must move between lists. A full slab is frozen onto
 * this CPU's partial list if @freeze, else put on its node's list (the
 * sheaves' flushes: their slabs must be where shrink finds them).
 */
void ___mymem_free(struct mymem_cache *s, struct page *slab, void *head,
		   void *tail, unsigned int cnt, bool freeze)
{
	/* A sheaf's flush (no @freeze) is counted as sheaf_flush: each free once. */
	if (freeze)
		mymem_stat_inc(s, FREE_SLOWPATH);
	if (!slab_free_lockless(s, slab, head, tail, cnt, freeze))
		slab_free_locked(s, slab, head, tail, cnt, freeze);
}

/**
 * mymem_flush_cpu() - give @cpu's slabs of @s back to their nodes
 * @s: the cache
 * @cpu: a CPU that is dead, or the current one with interrupts off
 *
 * Context: see @cpu.
 */
void mymem_flush_cpu(struct mymem_cache *s, int cpu)
{
	struct mymem_cpu_slab *c = per_cpu_ptr(s->cpu_slab, cpu);
	struct page *partial;

	mymem_flush_sheaves_cpu(s, cpu);
	partial = c->partial;
	c->partial = NULL;
	c->nr_partial = 0;
	flush_slab(s, c);
	unfreeze_partials(s, partial);
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

	for_each_possible_cpu(cpu) {
		struct mymem_cpu_slab *c = per_cpu_ptr(s->cpu_slab, cpu);

		/* Objects parked in sheaves are out of their slabs but free. */
		live += READ_ONCE(c->live) - READ_ONCE(c->sheaved);
	}
	return live;
}
EXPORT_SYMBOL_NS_GPL(mymem_cache_live, MYMEM_NS);

/**
 * mymem_set_cpu_partial() - set how many objects a CPU partial list keeps
 * @s: the cache
 * @objects: the limit in objects; 0 turns CPU partial lists off
 *
 * As SLUB, the limit is kept in slabs assuming they are half full.
 *
 * Context: any context.
 */
void mymem_set_cpu_partial(struct mymem_cache *s, unsigned int objects)
{
	WRITE_ONCE(s->cpu_partial, objects);
	WRITE_ONCE(s->cpu_partial_slabs, DIV_ROUND_UP(objects * 2, s->objects));
}
EXPORT_SYMBOL_NS_GPL(mymem_set_cpu_partial, MYMEM_NS);
