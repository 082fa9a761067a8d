// SPDX-License-Identifier: GPL-2.0
/*
 * Sheaves: per-CPU arrays of free objects in front of the CPU slab, and
 * per-node barns of spare sheaves, as SLUB has them since 7.0, with the
 * CPU slab and the partial lists kept underneath (alloc.c).
 *
 * Each CPU has a main sheaf, which allocations pop and frees push, and a
 * spare that the main one is exchanged with when it runs empty or full.
 * When both are, the CPU exchanges its main sheaf with the barn of its
 * node: an empty one for a full one (allocation), a full one for an empty
 * one (free). Only when the barn has none does a sheaf go to the slabs:
 * refilled by mymem_slab_take() from the CPU slab and the partial lists
 * (never sleeping, never from the memory reserves, only on the sheaves'
 * node; when a new slab is needed the allocation makes it through the CPU
 * slab, with its own flags), or flushed back by mymem_slab_give_back(),
 * the objects of a slab chained and given back together. The fast paths
 * (alloc.h) hold the CPU's sheaves with preemption off and a flag
 * (mymem_sheaves_claim()), no atomic and no interrupt masking; an
 * interrupt that finds them held uses the CPU slab.
 *
 * Every object in a CPU's sheaves is of its sheaf_node: frees of objects of
 * other nodes, of slabs made from the memory reserves, and of debug caches
 * bypass the sheaves; node-bound allocations for another node go to the
 * slabs. Objects in sheaves are free for the user (KASAN-poisoned, zeroed
 * under init_on_free, not known to kmemleak) and in use for their slabs:
 * the per-CPU counts live (out of slabs) and sheaved (into sheaves) give
 * the objects in use, live - sheaved, and the objects parked, sheaved.
 *
 * A sheaf has the capacity it was made with. Changing the cache's
 * (mymem_commit_tunables()) flushes every CPU's sheaves and the barns;
 * a sheaf of another capacity that a CPU meets afterwards (made while the
 * change was under way) is flushed and freed, and the barn takes none.
 * Flushes of whole caches (shrink, validate, destroy, the debug switch,
 * CPU hotplug; flush.c) check each sheaf for an object held twice: a
 * double free that was not caught at the top of the sheaf. It is reported
 * in SLUB's shape and given back once.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/sched.h>
#include <linux/slab.h>

#include "internal.h"
#include "alloc.h"

/* What a barn keeps of each kind at most (SLUB's MAX_FULL/EMPTY_SHEAVES). */
#define MYMEM_BARN_MAX	10

static_assert(sizeof(struct mymem_sheaf) + MYMEM_MAX_SHEAF_CAPACITY * sizeof(void *) <=
	      PAGE_SIZE);

/* The main sheaf of a CPU without sheaves: capacity 0, never written. */
struct mymem_sheaf mymem_no_sheaf;

/**
 * mymem_default_sheaf_capacity() - the capacity a new cache's sheaves get
 * @s: the cache, its layout computed
 *
 * The objects of one slab, at least 4 and at most 60: a refill then takes
 * about a slab's worth and a flush gives back as much, so sheaves move
 * objects in the units the CPU slab packs them in, and a CPU parks at most
 * two slabs' worth (main and spare). The count is then raised to fill the
 * kmalloc size class the sheaf comes from, as SLUB does.
 *
 * Context: any context.
 * Return: the capacity.
 */
unsigned int mymem_default_sheaf_capacity(struct mymem_cache *s)
{
	unsigned int cap = clamp(s->objects, 4U, 60U);
	size_t bytes = kmalloc_size_roundup(sizeof(struct mymem_sheaf) + cap * sizeof(void *));

	cap = (bytes - sizeof(struct mymem_sheaf)) / sizeof(void *);
	return min_t(unsigned int, cap, MYMEM_MAX_SHEAF_CAPACITY);
}
EXPORT_SYMBOL_NS_GPL(mymem_default_sheaf_capacity, MYMEM_NS);

/**
 * mymem_sheaves_init() - a new cache's CPUs without sheaves, empty barns
 * @s: the cache, its per-CPU and node structures allocated
 *
 * Context: process context.
 */
void mymem_sheaves_init(struct mymem_cache *s)
{
	int cpu, nid;

	for_each_possible_cpu(cpu) {
		struct mymem_cpu_slab *c = per_cpu_ptr(s->cpu_slab, cpu);

		c->main = &mymem_no_sheaf;
		c->sheaf_node = NUMA_NO_NODE;
	}
	for_each_node(nid) {
		struct mymem_cache_node *n = s->node[nid];

		spin_lock_init(&n->barn_lock);
		INIT_LIST_HEAD(&n->barn_full);
		INIT_LIST_HEAD(&n->barn_empty);
	}
}

/**
 * mymem_sheaf_new() - a new, empty sheaf
 * @s: the cache
 * @cap: its capacity
 * @gfp: the allocation's flags: only how hard to try counts (never
 *	 __GFP_NOFAIL, never the reserves)
 * @nid: the node to allocate it on
 *
 * Context: as @gfp allows.
 * Return: the sheaf, or NULL.
 */
struct mymem_sheaf *mymem_sheaf_new(struct mymem_cache *s, unsigned int cap, gfp_t gfp, int nid)
{
	struct mymem_sheaf *sh;

	/* How hard to try only: no zone, mobility or memcg of the caller's objects. */
	gfp = (gfp & MYMEM_GFP_RECLAIM_MASK & ~(__GFP_NOFAIL | __GFP_MEMALLOC)) |
	      __GFP_NOWARN | __GFP_NOMEMALLOC;
	sh = kmalloc_node(struct_size(sh, objects, cap), gfp, nid);
	if (!sh)
		return NULL;
	sh->capacity = cap;
	sh->size = 0;
	mymem_sheaf_clear(sh, 0, cap);
	mymem_stat_inc(s, SHEAF_ALLOC);
	return sh;
}

/* Free @sh, empty; not &mymem_no_sheaf nor NULL. */
void mymem_sheaf_free(struct mymem_cache *s, struct mymem_sheaf *sh)
{
	if (!sh || sh == &mymem_no_sheaf)
		return;
	mymem_stat_inc(s, SHEAF_FREE);
	kfree(sh);
}

/* Give every object of @sh, counted as parked, back to its slab. */
void mymem_sheaf_flush(struct mymem_cache *s, struct mymem_sheaf *sh)
{
	unsigned int n = sh->size;

	if (!n)
		return;
	/* Consumes the slots: none is left pointing to an object. */
	mymem_slab_give_back(s, n, sh->objects);
	sh->size = 0;
	this_cpu_sub(s->cpu_slab->sheaved, n);
	mymem_stat_inc(s, SHEAF_FLUSH);
}

/**
 * mymem_barn_get() - a sheaf from a barn
 * @s: the cache
 * @nid: the barn's node
 * @full: a full sheaf if true, else an empty one
 * @cap: the capacity it must have
 *
 * Context: any context.
 * Return: the sheaf, or NULL when the barn has none.
 */
struct mymem_sheaf *mymem_barn_get(struct mymem_cache *s, int nid, bool full, unsigned int cap)
{
	struct mymem_cache_node *n = s->node[nid];
	struct list_head *list = full ? &n->barn_full : &n->barn_empty;
	struct mymem_sheaf *sh = NULL;
	unsigned long flags;

	/* A hint without the lock: rechecked under it. */
	if (!data_race(full ? n->nr_full : n->nr_empty)) {
		mymem_stat_inc(s, BARN_GET_FAIL);
		return NULL;
	}
	spin_lock_irqsave(&n->barn_lock, flags);
	sh = list_first_entry_or_null(list, struct mymem_sheaf, barn_list);
	if (sh) {
		list_del(&sh->barn_list);
		if (full)
			n->nr_full--;
		else
			n->nr_empty--;
	}
	spin_unlock_irqrestore(&n->barn_lock, flags);
	/* One put before a change of capacity, not yet drained: not used. */
	if (sh && sh->capacity != cap) {
		mymem_sheaf_flush(s, sh);
		mymem_sheaf_free(s, sh);
		sh = NULL;
	}
	mymem_stat_inc(s, sh ? BARN_GET : BARN_GET_FAIL);
	return sh;
}

/**
 * mymem_barn_put() - park a sheaf in a barn
 * @s: the cache
 * @nid: the barn's node, that of every object in @sh
 * @sh: the sheaf, full or empty
 *
 * Context: any context.
 * Return: true if the barn took it, false if it has no room or @sh is not
 * of the cache's capacity.
 */
bool mymem_barn_put(struct mymem_cache *s, int nid, struct mymem_sheaf *sh)
{
	struct mymem_cache_node *n = s->node[nid];
	bool full = sh->size, ok = false;
	unsigned long flags;

	/* A hint without the lock: rechecked under it. */
	if (data_race(full ? n->nr_full : n->nr_empty) >= MYMEM_BARN_MAX) {
		mymem_stat_inc(s, BARN_PUT_FAIL);
		return false;
	}
	spin_lock_irqsave(&n->barn_lock, flags);
	/* Under the lock, so that a change of capacity drains it after. */
	if (sh->capacity == READ_ONCE(s->sheaf_capacity) &&
	    (full ? n->nr_full : n->nr_empty) < MYMEM_BARN_MAX) {
		if (full) {
			list_add(&sh->barn_list, &n->barn_full);
			n->nr_full++;
		} else {
			list_add(&sh->barn_list, &n->barn_empty);
			n->nr_empty++;
		}
		ok = true;
	}
	spin_unlock_irqrestore(&n->barn_lock, flags);
	mymem_stat_inc(s, ok ? BARN_PUT : BARN_PUT_FAIL);
	return ok;
}

/* Park @sh in the barn, else flush and free it. */
static void sheaf_retire(struct mymem_cache *s, struct mymem_cpu_slab *c, struct mymem_sheaf *sh)
{
	if (!sh || sh == &mymem_no_sheaf || mymem_barn_put(s, c->sheaf_node, sh))
		return;
	mymem_sheaf_flush(s, sh);
	mymem_sheaf_free(s, sh);
}

/*
 * The common start of the slow paths, sheaves held: sheaves of a capacity
 * other than @cap are flushed and freed; a CPU without sheaves takes its
 * node now. False when the cache has no sheaves.
 */
static bool sheaves_prepare(struct mymem_cache *s, struct mymem_cpu_slab *c, unsigned int cap)
{
	if (c->main != &mymem_no_sheaf && c->main->capacity != cap) {
		mymem_sheaf_flush(s, c->main);
		mymem_sheaf_free(s, c->main);
		c->main = &mymem_no_sheaf;
	}
	if (c->spare && c->spare->capacity != cap) {
		mymem_sheaf_flush(s, c->spare);
		mymem_sheaf_free(s, c->spare);
		c->spare = NULL;
	}
	/* Kept: without a main sheaf there is no spare (never &mymem_no_sheaf). */
	if (c->main == &mymem_no_sheaf && c->spare) {
		c->main = c->spare;
		c->spare = NULL;
	}
	/* The debug switch came meanwhile: debug caches have no sheaves. */
	if (!cap || mymem_cache_debug(s))
		return false;
	if (c->main == &mymem_no_sheaf && !c->spare)
		c->sheaf_node = mymem_local_node();
	return true;
}

/*
 * Refills take slabs that exist (mymem_slab_take() makes none), only of the
 * sheaves' node, never made from the memory reserves.
 */
static gfp_t refill_gfp(gfp_t gfp)
{
	return (gfp & ~__GFP_ZERO) | __GFP_NOMEMALLOC | __GFP_THISNODE;
}

/*
 * Objects for an empty main sheaf, sheaves held: the spare's, else a full
 * sheaf of the barn's, the empty main one becoming the spare or *@old (to
 * retire). False when neither has any.
 */
static bool sheaves_take_full(struct mymem_cache *s, struct mymem_cpu_slab *c,
			      unsigned int cap, struct mymem_sheaf **old)
{
	struct mymem_sheaf *sh;

	if (c->spare && c->spare->size) {
		swap(c->main, c->spare);
		mymem_stat_inc(s, SHEAF_SWAP);
		return true;
	}
	sh = mymem_barn_get(s, c->sheaf_node, true, cap);
	if (!sh)
		return false;
	*old = c->main;
	c->main = sh;
	if (*old != &mymem_no_sheaf && !c->spare) {
		c->spare = *old;
		*old = NULL;
	}
	return true;
}

/*
 * Room for a full main sheaf (or none), sheaves held: the spare if it has
 * some, else an empty sheaf of the barn's or a new one, the full main one
 * becoming the spare or *@full (to retire). False when none could be had.
 */
static bool sheaves_take_empty(struct mymem_cache *s, struct mymem_cpu_slab *c,
			       unsigned int cap, struct mymem_sheaf **full)
{
	struct mymem_sheaf *sh;

	if (c->spare && c->spare->size < c->spare->capacity) {
		swap(c->main, c->spare);
		mymem_stat_inc(s, SHEAF_SWAP);
		return true;
	}
	sh = mymem_barn_get(s, c->sheaf_node, false, cap);
	/* A hint without the barn's lock: barn_put() decides under it. */
	if (!sh && (!c->spare || data_race(s->node[c->sheaf_node]->nr_full) < MYMEM_BARN_MAX))
		sh = mymem_sheaf_new(s, cap, GFP_NOWAIT, c->sheaf_node);
	if (!sh)
		return false;
	*full = c->main;
	c->main = sh;
	if (*full != &mymem_no_sheaf && !c->spare) {
		c->spare = *full;
		*full = NULL;
	}
	return true;
}

/**
 * mymem_sheaf_alloc_slow() - the main sheaf is empty: exchange or refill it
 * @s: the cache
 * @c: this CPU's sheaves, held (mymem_sheaves_claim()); released here
 * @gfp: the allocation's flags
 * @node: the node asked for, or NUMA_NO_NODE
 *
 * Takes the spare if it has objects, else a full sheaf of the barn, else
 * refills the main sheaf from the slabs, then pops.
 *
 * Context: as the allocation; preemption off on entry.
 * Return: an object, or NULL when the sheaves cannot serve (the caller
 * then allocates from the CPU slab, with @gfp).
 */
void *mymem_sheaf_alloc_slow(struct mymem_cache *s, struct mymem_cpu_slab *c, gfp_t gfp,
			     int node)
{
	unsigned int cap = READ_ONCE(s->sheaf_capacity);
	struct mymem_sheaf *sh, *old = NULL;
	void *obj = NULL;

	if (!sheaves_prepare(s, c, cap) || (node != NUMA_NO_NODE && node != c->sheaf_node))
		goto out;
	/* A main sheaf with objects was of another node's request. */
	if (c->main->size || sheaves_take_full(s, c, cap, &old))
		goto pop;
	if (c->main == &mymem_no_sheaf) {
		if (c->spare) {
			c->main = c->spare;
			c->spare = NULL;
		} else {
			sh = mymem_barn_get(s, c->sheaf_node, false, cap) ?:
			     mymem_sheaf_new(s, cap, gfp & ~__GFP_DIRECT_RECLAIM, c->sheaf_node);
			if (!sh)
				goto out;
			c->main = sh;
		}
	}
	sh = c->main;
	sh->size = mymem_slab_take(s, refill_gfp(gfp), c->sheaf_node, sh->capacity, sh->objects);
	this_cpu_add(s->cpu_slab->sheaved, sh->size);
	mymem_stat_inc(s, SHEAF_REFILL);
	if (!sh->size)
		goto out;
pop:
	sh = c->main;
	obj = sh->objects[--sh->size];
	mymem_sheaf_clear(sh, sh->size, sh->size + 1);
	this_cpu_dec(s->cpu_slab->sheaved);
	mymem_stat_inc(s, ALLOC_CPU_SHEAF);
out:
	sheaf_retire(s, c, old);
	mymem_sheaves_release(c);
	return obj;
}

/**
 * mymem_sheaf_free_slow() - the main sheaf is full or of another node
 * @s: the cache
 * @c: this CPU's sheaves, held (mymem_sheaves_claim()); released here
 * @slab: the slab of @obj
 * @obj: the object freed, its free hooks not yet run
 *
 * Takes the spare if it has room, else an empty sheaf of the barn (or a
 * new one) with the full one put in the barn, else flushes the main sheaf
 * to the slabs, then pushes.
 *
 * Context: any context; preemption off on entry.
 * Return: true if @obj went onto a sheaf (its free hooks run), false if
 * the caller must free it to its slab.
 */
bool mymem_sheaf_free_slow(struct mymem_cache *s, struct mymem_cpu_slab *c, struct page *slab,
			   void *obj)
{
	unsigned int cap = READ_ONCE(s->sheaf_capacity);
	struct mymem_sheaf *sh, *full = NULL;

	if (!sheaves_prepare(s, c, cap) || page_to_nid(slab) != c->sheaf_node) {
		mymem_sheaves_release(c);
		return false;
	}
	/* A full main sheaf (or none): exchanged for one with room, else flushed. */
	if (c->main->size == c->main->capacity && !sheaves_take_empty(s, c, cap, &full)) {
		if (c->main == &mymem_no_sheaf) {
			mymem_sheaves_release(c);
			return false;
		}
		mymem_sheaf_flush(s, c->main);
	}
	free_hooks(s, obj, obj);
	sh = c->main;
	sh->objects[sh->size++] = obj;
	this_cpu_inc(s->cpu_slab->sheaved);
	mymem_stat_inc(s, FREE_CPU_SHEAF);
	sheaf_retire(s, c, full);
	mymem_sheaves_release(c);
	return true;
}

/**
 * mymem_sheaf_alloc_bulk() - a bulk allocation's objects off this CPU's sheaves
 * @s: the cache
 * @nr: how many are wanted
 * @p: where to put them
 *
 * Takes what the main sheaf holds, then the spare's and the barn's full
 * sheaves' (exchanged as a single allocation does), up to @nr; never
 * refills from the slabs (the caller takes the rest there). The objects
 * are still free for the user: the caller hands them out.
 *
 * Context: any context.
 * Return: how many, 0 to @nr.
 */
unsigned int mymem_sheaf_alloc_bulk(struct mymem_cache *s, size_t nr, void **p)
{
	unsigned int cap, taken = 0, n;
	struct mymem_sheaf *sh, *old;
	struct mymem_cpu_slab *c;

	if (!READ_ONCE(s->sheaf_capacity) || mymem_cache_debug(s))
		return 0;
	c = mymem_sheaves_claim(s);
	if (!c)
		return 0;
	/* Read held, as the slow paths do: a change meanwhile flushed the CPU. */
	cap = READ_ONCE(s->sheaf_capacity);
	if (!sheaves_prepare(s, c, cap))
		goto out;
	while (taken < nr) {
		old = NULL;
		if (!c->main->size && !sheaves_take_full(s, c, cap, &old))
			break;
		sheaf_retire(s, c, old);
		sh = c->main;
		n = min_t(size_t, nr - taken, sh->size);
		sh->size -= n;
		memcpy(p + taken, sh->objects + sh->size, n * sizeof(*p));
		mymem_sheaf_clear(sh, sh->size, sh->size + n);
		taken += n;
	}
	this_cpu_sub(s->cpu_slab->sheaved, taken);
	mymem_stat_add(s, ALLOC_CPU_SHEAF, taken);
out:
	mymem_sheaves_release(c);
	return taken;
}

/* The slabs a bulk free remembers: its arrays mix a few slabs' objects. */
#define BULK_SLABS	4

struct bulk_slab {
	unsigned long base, bytes;	/* the slab's address range */
	struct page *slab;
	bool ok;			/* its objects may go onto the sheaves */
};

struct bulk_slabs {
	struct bulk_slab e[BULK_SLABS];
	unsigned int seen;		/* slabs looked up since last forgotten */
};

/*
 * The slab of @obj, which is not that of the run before it: one of those
 * met last (sheaves exchanged with the barn mix a few slabs' objects one by
 * one), else looked up and remembered in place of the oldest; NULL when @obj
 * is no object of @s. A slab remembered holds an object of this call, the
 * caller's or on the held sheaves, so it lives until those sheaves go back
 * to the slabs (a retired one) or a preemption point lets another CPU
 * flush them: the caller forgets them then.
 */
static struct bulk_slab *bulk_slab_of(struct mymem_cache *s, struct bulk_slabs *bs, void *obj,
				      int node)
{
	union mymem_slab_state st;
	struct bulk_slab *b;
	struct page *slab;
	unsigned int i;

	for (i = 0; i < min(bs->seen, BULK_SLABS); i++) {
		b = &bs->e[i];
		if ((unsigned long)obj - b->base < b->bytes)
			return b;
	}
	slab = mymem_obj_slab(obj);
	if (unlikely(!slab || slab_cache(slab) != s))
		return NULL;
	b = &bs->e[bs->seen++ % BULK_SLABS];
	st = slab_state(slab);
	b->slab = slab;
	b->ok = !(st.debug || st.pfmemalloc || st.isolated) && page_to_nid(slab) == node;
	b->base = (unsigned long)page_address(slab);
	b->bytes = PAGE_SIZE << compound_order(slab);
	return b;
}

/**
 * mymem_sheaf_free_bulk() - a bulk free's objects onto this CPU's sheaves
 * @s: the cache
 * @nr: the entries of @p
 * @p: the objects; those taken are set to NULL, the others left
 *
 * Takes the objects a single free would put on a sheaf (the cache's own,
 * of the sheaves' node, of no reserve, corrupt or debug slab), their free
 * hooks run, exchanging full sheaves as the single free does, with a
 * preemption point between two sheaves; stops where no room can be had.
 * The others are left to the caller's slab path, which checks and reports
 * them. An object at the head of the CPU freelist or on top of the main
 * sheaf is a double free: reported and refused (set to NULL), the rest
 * left to the caller.
 *
 * Context: any context.
 */
void mymem_sheaf_free_bulk(struct mymem_cache *s, size_t nr, void **p)
{
	struct page *slab = NULL, *dup_slab = NULL;
	unsigned long base = 0, bytes = 0;
	struct mymem_sheaf *sh, *full;
	struct mymem_cpu_slab *c;
	bool yielded = false, ok = false;
	struct bulk_slabs bs;
	void *dup = NULL;
	unsigned int cap;
	size_t i = 0;

	if (!READ_ONCE(s->sheaf_capacity) || mymem_cache_debug(s))
		return;
claim:
	c = mymem_sheaves_claim(s);
	if (!c)
		return;
	/* Read held, as the slow paths do: a change meanwhile flushed the CPU. */
	cap = READ_ONCE(s->sheaf_capacity);
	/* Perhaps another CPU, of another node: each slab checked again. */
	bytes = 0;
	bs.seen = 0;
	if (!sheaves_prepare(s, c, cap))
		goto out;
	for (; i < nr; i++) {
		void *obj = p[i];

		if (!obj)
			continue;
		/* Arrays come in runs of a slab: its checks hold for the run. */
		if ((unsigned long)obj - base >= bytes) {
			struct bulk_slab *b = bulk_slab_of(s, &bs, obj, c->sheaf_node);

			base = b ? b->base : 0;
			bytes = b ? b->bytes : 0;
			slab = b ? b->slab : NULL;
			ok = b && b->ok;
		}
		if (unlikely(!ok))
			continue;
		sh = c->main;
		if (unlikely(obj == raw_cpu_read(s->cpu_slab->freelist) ||
			     (sh->size && sh->objects[sh->size - 1] == obj))) {
			p[i] = NULL;
			dup = obj;
			dup_slab = slab;
			break;
		}
		if (sh->size == sh->capacity) {
			/* A sheaf's worth done: let the scheduler in before the next. */
			if (!yielded) {
				yielded = true;
				mymem_sheaves_release(c);
				goto claim;
			}
			yielded = false;
			full = NULL;
			if (!sheaves_take_empty(s, c, cap, &full))
				break;
			sheaf_retire(s, c, full);
			/* The retired sheaf may have gone back to the slabs. */
			bytes = 0;
			bs.seen = 0;
			sh = c->main;
		}
		free_hooks(s, obj, obj);
		sh->objects[sh->size++] = obj;
		p[i] = NULL;
		this_cpu_inc(s->cpu_slab->sheaved);
		mymem_stat_inc(s, FREE_CPU_SHEAF);
	}
out:
	mymem_sheaves_release(c);
	if (dup)
		mymem_report_double_free(s, dup_slab, dup);
}

/**
 * mymem_sheaf_objects() - objects parked in the sheaves and barns of @s
 * @s: the cache
 *
 * Context: any context; a snapshot while the cache is in use.
 * Return: the number of objects.
 */
long mymem_sheaf_objects(struct mymem_cache *s)
{
	long n = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		n += READ_ONCE(per_cpu_ptr(s->cpu_slab, cpu)->sheaved);
	return max(n, 0L);
}
EXPORT_SYMBOL_NS_GPL(mymem_sheaf_objects, MYMEM_NS);

/**
 * mymem_barn_counts() - the sheaves in node @nid's barn of @s
 * @s: the cache
 * @nid: the node
 * @full: set to the full sheaves
 * @empty: set to the empty ones
 *
 * Context: any context; a snapshot.
 */
void mymem_barn_counts(struct mymem_cache *s, int nid, unsigned int *full, unsigned int *empty)
{
	/* Figures: racy snapshots, as the function says. */
	*full = data_race(s->node[nid]->nr_full);
	/* The same: a snapshot. */
	*empty = data_race(s->node[nid]->nr_empty);
}
EXPORT_SYMBOL_NS_GPL(mymem_barn_counts, MYMEM_NS);
