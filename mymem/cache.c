// SPDX-License-Identifier: GPL-2.0
/*
 * mymem caches: creation, destruction, the registry, and the public
 * object API built on the paths of alloc.c.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cache.h>
#include <linux/cpu.h>
#include <linux/ctype.h>
#include <linux/module.h>
#include <linux/nodemask.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "internal.h"
#include "trace.h"
#include "alloc.h"

/* Every live cache, in creation order. */
LIST_HEAD(mymem_caches);
/* Protects mymem_caches; see the lock order at the head of alloc.c. */
DEFINE_MUTEX(mymem_mutex);
/*
 * Held by create from the name's check until the cache's directories
 * exist, and by destroy from the cache's leaving mymem_caches until its
 * directories are gone: a name is free again only with its directories.
 * Outermost; no handler of the directories' files takes it.
 */
static DEFINE_MUTEX(mymem_names_mutex);

/**
 * mymem_find_cache() - look a cache up by name
 * @name: its name
 *
 * Context: mymem_mutex held.
 * Return: the cache, or NULL.
 */
struct mymem_cache *mymem_find_cache(const char *name)
{
	struct mymem_cache *s;

	lockdep_assert_held(&mymem_mutex);
	list_for_each_entry(s, &mymem_caches, list)
		if (!strcmp(s->name, name))
			return s;
	return NULL;
}

/* As SLUB's calculate_alignment(). */
static unsigned int calculate_alignment(slab_flags_t flags, unsigned int align,
					unsigned int size)
{
	if (flags & SLAB_HWCACHE_ALIGN) {
		unsigned int ralign = cache_line_size();

		while (size <= ralign / 2)
			ralign /= 2;
		align = max(align, ralign);
	}
	align = max_t(unsigned int, align, ARCH_KMALLOC_MINALIGN);
	return ALIGN(align, sizeof(void *));
}

/* Why @name cannot name a cache, or NULL if it can. */
static const char *bad_name(const char *name)
{
	const char *p;

	if (!name)
		return "no name";
	if (!*name)
		return "empty name";
	if (strnlen(name, MYMEM_NAME_MAX + 1) > MYMEM_NAME_MAX)
		return "name longer than " __stringify(MYMEM_NAME_MAX) " characters";
	for (p = name; *p; p++)
		if (!isgraph(*p) || *p == '/')
			return "name with a space, '/' or control character";
	return NULL;
}

/**
 * mymem_cache_alive() - whether a cache is registered (not being destroyed)
 * @s: the cache
 *
 * Context: mymem_mutex held.
 * Return: true while @s is in the registry.
 */
bool mymem_cache_alive(struct mymem_cache *s)
{
	lockdep_assert_held(&mymem_mutex);
	return !list_empty(&s->list);
}

/**
 * mymem_free_cache() - free a cache's structures
 * @s: the cache, with no slab left
 *
 * The core owns a cache's memory: this is called by the create path that
 * failed and by destroy_cache(), once the interfaces are gone.
 *
 * Context: process context.
 */
static void mymem_free_cache(struct mymem_cache *s)
{
	int nid;

	for_each_node(nid) {
		if (s->node[nid])
			xa_destroy(&s->node[nid]->slabs);
		kfree(s->node[nid]);
	}
	free_percpu(s->cpu_slab);
	kfree(s->random_seq);
	kfree(s);
}

static struct mymem_cache *alloc_cache(const char *name, unsigned int size,
				       unsigned int align, slab_flags_t flags,
				       void (*ctor)(void *))
{
	struct mymem_cache *s;
	int nid;

	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return NULL;
	strscpy(s->name, name, sizeof(s->name));
	s->object_size = size;
	s->flags = flags;
	s->ctor = ctor;
	s->align = calculate_alignment(flags, align, size);
	INIT_LIST_HEAD(&s->list);
	s->cpu_slab = alloc_percpu(struct mymem_cpu_slab);
	if (!s->cpu_slab)
		goto fail;
	for_each_node(nid) {
		struct mymem_cache_node *n = kzalloc_node(sizeof(*n), GFP_KERNEL,
							  node_state(nid, N_NORMAL_MEMORY) ?
							  nid : NUMA_NO_NODE);

		if (!n)
			goto fail;
		spin_lock_init(&n->list_lock);
		INIT_LIST_HEAD(&n->partial);
		INIT_LIST_HEAD(&n->isolated);
		xa_init_flags(&n->slabs, XA_FLAGS_LOCK_IRQ);
		s->node[nid] = n;
	}
	mymem_sheaves_init(s);
	return s;
fail:
	mymem_free_cache(s);
	return NULL;
}

/*
 * A cache's interfaces: its directories in sysfs and debugfs. The core
 * calls its clients only through this pair, each a no-op when its
 * interface is compiled out (internal.h). A directory that cannot be made
 * is reported; the cache works without it. Removal waits until no reader
 * or writer of a file is left, so mymem_mutex must not be held (the files'
 * handlers take it).
 */
static void mymem_interfaces_add(struct mymem_cache *s)
{
	mymem_sysfs_add(s);
	mymem_debugfs_add(s);
}

static void mymem_interfaces_remove(struct mymem_cache *s)
{
	mymem_debugfs_remove(s);
	mymem_sysfs_remove(s);
}

/*
 * The name a new cache of @name shows (MYMEM_ID_MAX): @name, or the first
 * of "@name:2", "@name:3", ... that no cache has. False if all are taken.
 */
static bool unique_name(char *id, const char *name)
{
	unsigned int n;

	lockdep_assert_held(&mymem_mutex);
	strscpy(id, name, MYMEM_ID_MAX + 1);
	for (n = 2; mymem_find_cache(id); n++) {
		if (n > 99999)
			return false;
		snprintf(id, MYMEM_ID_MAX + 1, "%s:%u", name, n);
	}
	return true;
}

/* SLUB's flags that mymem takes without SLUB's effect: said once each. */
static void note_slub_flags(const char *name, slab_flags_t flags,
			    const struct mymem_cache_args *args)
{
	static bool account_noted, usercopy_noted;

	if ((flags & SLAB_ACCOUNT) && !account_noted) {
		account_noted = true;
		pr_notice("cache '%s': SLAB_ACCOUNT: mymem does not charge memory cgroups; said once\n",
			  name);
	}
	if (args && args->usersize && !usercopy_noted) {
		usercopy_noted = true;
		pr_notice("cache '%s': a usercopy region: hardened usercopy does not check mymem's objects; said once\n",
			  name);
	}
}

/**
 * mymem_cache_create_args() - create a cache of objects of one size
 * @name: shown in /proc/myslabinfo and /sys/kernel/mymem; printable, no
 *	  spaces or '/', at most MYMEM_NAME_MAX characters. A second cache
 *	  of a name in use is shown as "@name:2" (then ":3", ...), as SLUB
 *	  lets two caches share a name
 * @size: object size in bytes, 1 to MYMEM_MAX_SIZE
 * @args: alignment, constructor and usercopy region, or NULL for none
 *	  (see struct mymem_cache_args)
 * @flags: SLAB_HWCACHE_ALIGN, SLAB_PANIC, SLAB_TYPESAFE_BY_RCU,
 *	   SLAB_RECLAIM_ACCOUNT, SLAB_CACHE_DMA, SLAB_CACHE_DMA32, the debug
 *	   flags SLAB_CONSISTENCY_CHECKS, SLAB_RED_ZONE, SLAB_POISON,
 *	   SLAB_STORE_USER, SLAB_TRACE (to which the module's debug= parameter
 *	   adds), and SLUB's SLAB_NO_MERGE, SLAB_MEM_SPREAD, SLAB_NOLEAKTRACE
 *	   and SLAB_ACCOUNT (no memory cgroup charging: noted once)
 *
 * Invalid arguments are reported with pr_warn() naming the cache and the
 * problem, and nothing is created; with SLAB_PANIC, the kernel panics as
 * kmem_cache_create() would. Debug flags whose debug areas would not fit
 * a slab with the object are reported and dropped.
 *
 * Context: process context; may sleep.
 * Return: the cache, or NULL.
 */
struct mymem_cache *mymem_cache_create_args(const char *name, unsigned int size,
					    const struct mymem_cache_args *args,
					    slab_flags_t flags)
{
	unsigned int align = args ? args->align : 0;
	char id[MYMEM_ID_MAX + 1];
	struct mymem_cache *s = NULL;
	const char *why;

	mutex_lock(&mymem_names_mutex);
	/* Before mymem_mutex: switching debugging on takes cpus_read_lock(). */
	if (!bad_name(name))
		flags = mymem_debug_flags_for(name, flags);
	mutex_lock(&mymem_mutex);
	why = bad_name(name);
	if (!why && !unique_name(id, name))
		why = "name already in use 99999 times";
	else if (!why && (!size || size > MYMEM_MAX_SIZE))
		why = "size is 0 or larger than " __stringify(MYMEM_MAX_SIZE);
	else if (!why && align && (!is_power_of_2(align) || align > PAGE_SIZE))
		why = "alignment is not a power of two up to PAGE_SIZE";
	else if (!why && args && args->usersize &&
		 (args->useroffset > size || args->usersize > size - args->useroffset))
		why = "usercopy region outside the object";
	else if (!why && args && args->sheaf_capacity != MYMEM_NO_SHEAVES &&
		 args->sheaf_capacity > MYMEM_MAX_SHEAF_CAPACITY)
		why = "sheaf capacity above " __stringify(MYMEM_MAX_SHEAF_CAPACITY);
	else if (!why && (flags & ~MYMEM_VALID_FLAGS))
		why = "unknown flags";
	else if (!why && (flags & SLAB_CACHE_DMA) && !IS_ENABLED(CONFIG_ZONE_DMA))
		why = "SLAB_CACHE_DMA, but this kernel has no DMA zone";
	else if (!why && (flags & SLAB_CACHE_DMA32) && !IS_ENABLED(CONFIG_ZONE_DMA32))
		why = "SLAB_CACHE_DMA32, but this kernel has no DMA32 zone";
	else if (!why && (flags & SLAB_CACHE_DMA) && (flags & SLAB_CACHE_DMA32))
		why = "both SLAB_CACHE_DMA and SLAB_CACHE_DMA32";
	if (!why) {
		s = alloc_cache(id, size, align, flags, args ? args->ctor : NULL);
		if (!s)
			why = "out of memory";
		else if (mymem_calculate_layout(s))
			why = "object does not fit a slab";
		else if (mymem_init_random_seq(s))
			why = "out of memory";
		else if (!args || !args->sheaf_capacity)
			s->sheaf_capacity = mymem_default_sheaf_capacity(s);
		else if (args->sheaf_capacity != MYMEM_NO_SHEAVES)
			s->sheaf_capacity = args->sheaf_capacity;
	}
	if (!why && !mymem_debug_fits(s, s->flags)) {
		pr_warn("cache '%s': objects of %u bytes too large for the debug areas asked; debugging off\n",
			name, size);
		s->flags &= ~MYMEM_DEBUG_FLAGS;
	}
	if (why) {
		if (s)
			mymem_free_cache(s);
		s = NULL;
		pr_warn("cannot create cache '%s': %s (size %u, align %u, flags %#lx)\n",
			name && !bad_name(name) ? name : "?", why, size, align,
			(__force unsigned long)flags);
	} else {
		if (strcmp(id, name))
			pr_info("cache '%s' exists: the new one is '%s'\n", name, id);
		note_slub_flags(id, flags, args);
		mymem_interfaces_add(s);
		list_add_tail(&s->list, &mymem_caches);
	}
	mutex_unlock(&mymem_mutex);
	mutex_unlock(&mymem_names_mutex);

	if (!s && (flags & SLAB_PANIC))
		panic("mymem: cannot create cache %s\n", name ? name : "?");
	return s;
}
EXPORT_SYMBOL_GPL(mymem_cache_create_args);

/**
 * mymem_cache_create() - create a cache of objects of one size
 * @name: as for mymem_cache_create_args()
 * @size: object size in bytes, 1 to MYMEM_MAX_SIZE
 * @align: required alignment: 0 or a power of two up to PAGE_SIZE
 * @flags: as for mymem_cache_create_args()
 * @ctor: constructor run once on each object when its slab is made, or NULL
 *
 * Context: process context; may sleep.
 * Return: the cache, or NULL (see mymem_cache_create_args()).
 */
struct mymem_cache *mymem_cache_create(const char *name, unsigned int size,
				       unsigned int align, slab_flags_t flags,
				       void (*ctor)(void *))
{
	struct mymem_cache_args args = { .align = align, .ctor = ctor };

	return mymem_cache_create_args(name, size, &args, flags);
}
EXPORT_SYMBOL_GPL(mymem_cache_create);

/*
 * Give back every slab of @s; nothing may use @s any more. The CPUs'
 * slabs go to the nodes first, under cpus_read_lock() so that no CPU comes
 * or goes meanwhile (a CPU that died after @s left the registry was not
 * flushed by mymem_cpu_dead(): flushed from here). Then every slab in the
 * registry goes back, except, with @leaked, those with objects still in
 * use: a client that leaked them may still point into them. Those are kept
 * out of reach: unregistered, their marks cleared (so that no cache made
 * later, at the same address or not, takes them for its own), no longer
 * counted as mymem's. Returns the pages so kept.
 */
static unsigned long release_slabs(struct mymem_cache *s, bool leaked)
{
	unsigned long index, kept = 0;
	struct page *slab;
	int cpu, nid;

	cpus_read_lock();
	mymem_flush_all_cpus_locked(s);
	for_each_possible_cpu(cpu)
		if (!cpu_online(cpu))
			mymem_flush_cpu(s, cpu);
	cpus_read_unlock();
	/*
	 * An rcu_free sheaf the flush handed to RCU (only with leftovers:
	 * mymem_cache_destroy() waited for them): back before the slabs go.
	 */
	if (atomic_long_read(&s->rcu_frees)) {
		rcu_barrier();
		mymem_flush_all(s);
	}
	for_each_node(nid) {
		struct mymem_cache_node *n = s->node[nid];

		/* Every slab is in the registry: the lists are not needed. */
		mymem_drop_lists(n);
		xa_for_each(&n->slabs, index, slab) {
			if (leaked && slab_state(slab).inuse) {
				kept += 1UL << compound_order(slab);
				mymem_forget_slab(s, slab);
			} else {
				INIT_LIST_HEAD(mymem_page_list(slab));
				mymem_discard_slab(s, slab);
			}
		}
	}
	if (s->flags & SLAB_TYPESAFE_BY_RCU)
		rcu_barrier();
	return kept;
}

/* Take @s, out of the registry, apart; see release_slabs() for @leaked. */
static unsigned long destroy_cache(struct mymem_cache *s, bool leaked)
{
	unsigned long kept;

	mymem_interfaces_remove(s);
	kept = release_slabs(s, leaked);
	mymem_free_cache(s);
	return kept;
}

/**
 * __mymem_commit_tunables() - validate and apply a cache's tunables
 * @s: the cache
 * @t: the new values; MYMEM_KEEP for those that stay
 *
 * Every interface (sysfs, /proc/myslabinfo) parses and calls this: all
 * values are checked first, and nothing changes unless every one is valid.
 * A changed cpu_partial flushes the CPUs' slabs, as SLUB does.
 *
 * Context: process context, cpus_read_lock() and mymem_mutex held.
 * Return: 0, or -EINVAL (reported naming the cache and the value).
 */
int __mymem_commit_tunables(struct mymem_cache *s, const struct mymem_tunables *t)
{
	unsigned long cpu_partial = t->cpu_partial == MYMEM_KEEP ? s->cpu_partial : t->cpu_partial;

	lockdep_assert_held(&mymem_mutex);
	if (cpu_partial > MYMEM_MAX_CPU_PARTIAL) {
		pr_warn("cache '%s': cpu_partial %lu above the limit %lu\n", s->name, cpu_partial,
			MYMEM_MAX_CPU_PARTIAL);
		return -EINVAL;
	}
	if (t->batchcount != MYMEM_KEEP && (!t->batchcount || t->batchcount > cpu_partial)) {
		pr_warn("cache '%s': batchcount %lu not within 1 to the limit %lu\n", s->name,
			t->batchcount, cpu_partial);
		return -EINVAL;
	}
	if (t->remote_node_defrag_ratio != MYMEM_KEEP && t->remote_node_defrag_ratio > 100) {
		pr_warn("cache '%s': remote_node_defrag_ratio %lu above 100\n", s->name,
			t->remote_node_defrag_ratio);
		return -EINVAL;
	}
	if (t->freelist_random != MYMEM_KEEP && t->freelist_random > 1) {
		pr_warn("cache '%s': freelist_random %lu is not 0 or 1\n", s->name,
			t->freelist_random);
		return -EINVAL;
	}
	if (t->sheaf_capacity != MYMEM_KEEP && t->sheaf_capacity > MYMEM_MAX_SHEAF_CAPACITY) {
		pr_warn("cache '%s': sheaf_capacity %lu above the limit %lu\n", s->name,
			t->sheaf_capacity, (unsigned long)MYMEM_MAX_SHEAF_CAPACITY);
		return -EINVAL;
	}
	if (t->freelist_random != MYMEM_KEEP)
		WRITE_ONCE(s->freelist_random, t->freelist_random);
	if (t->batchcount != MYMEM_KEEP)
		WRITE_ONCE(s->batchcount, t->batchcount);
	if (t->min_partial != MYMEM_KEEP)
		WRITE_ONCE(s->min_partial, t->min_partial);
	if (t->remote_node_defrag_ratio != MYMEM_KEEP)
		WRITE_ONCE(s->remote_node_defrag_ratio, t->remote_node_defrag_ratio);
	if (t->cpu_partial != MYMEM_KEEP) {
		/* batchcount stays within 1 to the limit, as the proc file checks. */
		if (t->batchcount == MYMEM_KEEP && s->batchcount > cpu_partial)
			WRITE_ONCE(s->batchcount, max(cpu_partial, 1UL));
		mymem_set_cpu_partial(s, cpu_partial);
		mymem_flush_all_cpus_locked(s);
	}
	if (t->sheaf_capacity != MYMEM_KEEP && t->sheaf_capacity != s->sheaf_capacity) {
		/* Sheaves made meanwhile with the old capacity go where met (sheaf.c). */
		WRITE_ONCE(s->sheaf_capacity, t->sheaf_capacity);
		mymem_flush_all_cpus_locked(s);
	}
	return 0;
}

/**
 * mymem_commit_tunables() - __mymem_commit_tunables() taking its locks
 * @s: a live cache
 * @t: the new values
 *
 * Context: process context, neither cpus_read_lock() nor mymem_mutex held.
 * Return: as __mymem_commit_tunables().
 */
int mymem_commit_tunables(struct mymem_cache *s, const struct mymem_tunables *t)
{
	int err;

	mymem_lock_for_flush();
	err = __mymem_commit_tunables(s, t);
	mymem_unlock_for_flush();
	return err;
}

/**
 * mymem_cache_destroy() - destroy a cache whose objects are all free
 * @s: the cache, or NULL
 *
 * With objects still allocated nothing changes: the cache stays usable,
 * the count is reported and -EBUSY returned, so the caller can free them
 * and try again. Objects given to mymem_kfree_rcu() (or the redirect's
 * kfree_rcu()) are waited for first, as SLUB's kmem_cache_destroy() waits.
 *
 * Context: process context; may sleep. Nothing may allocate from or free
 * to @s meanwhile.
 * Return: 0, -EBUSY, or -EINVAL for a NULL cache.
 */
int mymem_cache_destroy(struct mymem_cache *s)
{
	long live;

	if (!s) {
		pr_warn("%s: NULL cache\n", __func__);
		return -EINVAL;
	}
	/* kfree_rcu() of its objects (rcu.c): wait for them first, as SLUB does. */
	mymem_kvfree_rcu_barrier_on_cache(s);
	mutex_lock(&mymem_names_mutex);
	mutex_lock(&mymem_mutex);
	live = mymem_cache_live(s);
	if (live) {
		mutex_unlock(&mymem_mutex);
		mutex_unlock(&mymem_names_mutex);
		pr_warn("cache '%s': not destroyed, %ld objects still allocated\n",
			s->name, live);
		return -EBUSY;
	}
	list_del_init(&s->list);
	mutex_unlock(&mymem_mutex);

	destroy_cache(s, false);
	mutex_unlock(&mymem_names_mutex);
	return 0;
}
EXPORT_SYMBOL_GPL(mymem_cache_destroy);

/*
 * Report a cache left at module exit in SLUB's words for a cache destroyed
 * with objects: name, objects in use, and where they were allocated when
 * owner tracking was on.
 */
static void report_leaked(struct mymem_cache *s)
{
	char *sites;

	pr_warn("cache '%s' was never destroyed: %ld objects still allocated\n", s->name,
		mymem_cache_live(s));
	if (!(READ_ONCE(s->flags) & SLAB_STORE_USER))
		return;
	sites = (char *)__get_free_page(GFP_KERNEL);
	if (!sites)
		return;
	if (mymem_list_locations(s, sites, MYMEM_TRACK_ALLOC) > 0)
		pr_warn("cache '%s': allocated at:\n%s", s->name, sites);
	free_page((unsigned long)sites);
}

/**
 * mymem_destroy_all() - destroy every cache left at module exit
 *
 * Client modules depend on mymem and are gone by then; a cache still
 * registered was leaked by one of them and is reported. Its free memory
 * goes back; slabs with objects in use are kept out of reach, unmarked
 * (see release_slabs()), and counted in the report.
 *
 * Context: module exit.
 */
void mymem_destroy_all(void)
{
	struct mymem_cache *s, *next;
	unsigned long kept;
	LIST_HEAD(left);

	mutex_lock(&mymem_names_mutex);
	mutex_lock(&mymem_mutex);
	list_splice_init(&mymem_caches, &left);
	mutex_unlock(&mymem_mutex);
	list_for_each_entry_safe(s, next, &left, list) {
		list_del_init(&s->list);
		report_leaked(s);
		kept = destroy_cache(s, true);
		if (kept)
			pr_warn("%lu pages with leaked objects kept out of reach (unmarked, never reused)\n",
				kept);
	}
	mutex_unlock(&mymem_names_mutex);
}

/*
 * The allocation and its mymem:mymem_alloc event, out of line: with the
 * event off, the fast path below pays one NOP (the static branch) and
 * keeps none of the event's arguments alive across the allocation.
 */
static noinline void *cache_alloc_traced(struct mymem_cache *s, gfp_t gfp, int node,
					 unsigned long addr)
{
	void *obj = __mymem_alloc(s, gfp, node, addr);

	trace_mymem_alloc(addr, obj, s->name, s->object_size, s->size, gfp, node);
	return obj;
}

/**
 * mymem_dma_refused() - whether @s cannot serve a GFP_DMA or GFP_DMA32 request
 * @s: the cache
 * @gfp: flags with __GFP_DMA or __GFP_DMA32
 *
 * DMA memory serves both kinds; DMA32 memory only GFP_DMA32. A refusal is
 * reported (ratelimited) naming the cache.
 *
 * Context: any context.
 * Return: true when the allocation must fail.
 */
bool mymem_dma_refused(struct mymem_cache *s, gfp_t gfp)
{
	gfp_t zone = s->allocflags & (__GFP_DMA | __GFP_DMA32);
	bool dma = gfp & __GFP_DMA;

	if (dma ? zone == __GFP_DMA : zone != 0)
		return false;
	pr_warn_ratelimited("cache '%s': %s allocation refused: the cache was not created with %s\n",
			    s->name, dma ? "GFP_DMA" : "GFP_DMA32",
			    dma ? "SLAB_CACHE_DMA" : "SLAB_CACHE_DMA or SLAB_CACHE_DMA32");
	return true;
}

/* The checks of the public entry points, then the allocation. */
static __always_inline void *cache_alloc(struct mymem_cache *s, gfp_t gfp, int node,
					 unsigned long addr)
{
	if (unlikely(!s)) {
		pr_warn("mymem_cache_alloc: NULL cache\n");
		return NULL;
	}
	if (unlikely(mymem_bad_node(s->name, node) || mymem_gfp_refused(s, gfp)))
		return NULL;
	node = mymem_slab_node(node);
	if (trace_mymem_alloc_enabled())
		return cache_alloc_traced(s, gfp, node, addr);
	return __mymem_alloc(s, gfp, node, addr);
}

/**
 * mymem_cache_alloc_node() - allocate an object on a NUMA node
 * @s: the cache
 * @gfp: allocation flags; __GFP_THISNODE forbids other nodes
 * @node: the node, or NUMA_NO_NODE for the local one
 *
 * Context: any context if @gfp does not allow sleeping.
 * Return: the object, or NULL.
 */
void *mymem_cache_alloc_node(struct mymem_cache *s, gfp_t gfp, int node)
{
	return cache_alloc(s, gfp, node, _RET_IP_);
}
EXPORT_SYMBOL_GPL(mymem_cache_alloc_node);

/**
 * mymem_cache_alloc() - allocate an object, on the local node if possible
 * @s: the cache
 * @gfp: allocation flags
 *
 * Context: any context if @gfp does not allow sleeping.
 * Return: the object, or NULL.
 */
void *mymem_cache_alloc(struct mymem_cache *s, gfp_t gfp)
{
	return cache_alloc(s, gfp, NUMA_NO_NODE, _RET_IP_);
}
EXPORT_SYMBOL_GPL(mymem_cache_alloc);

/**
 * mymem_cache_free() - free an object to its cache
 * @s: the cache it was allocated from
 * @obj: the object, or NULL
 *
 * A pointer that is not an object of @s is reported and left alone.
 *
 * Context: any context.
 */
void mymem_cache_free(struct mymem_cache *s, void *obj)
{
	struct page *slab;

	if (unlikely(!obj))
		return;
	if (unlikely(!s)) {
		pr_warn("%s: NULL cache (object %p)\n", __func__, obj);
		return;
	}
	slab = mymem_obj_slab(obj);
	if (unlikely(!slab || slab_cache(slab) != s)) {
		mymem_report_foreign(s, slab, obj);
		return;
	}
	trace_mymem_free(_RET_IP_, obj, s->name);
	__mymem_free(s, slab, obj, obj, 1, _RET_IP_);
}
EXPORT_SYMBOL_GPL(mymem_cache_free);

/**
 * mymem_cache_alloc_bulk() - allocate several objects at once
 * @s: the cache
 * @gfp: allocation flags
 * @nr: how many
 * @p: array of @nr pointers to fill
 *
 * Context: any context if @gfp does not allow sleeping.
 * Return: @nr, or 0 when not all could be had (then none are allocated).
 */
int mymem_cache_alloc_bulk(struct mymem_cache *s, gfp_t gfp, size_t nr, void **p)
{
	if (unlikely(!s || !p)) {
		pr_warn("%s: NULL %s\n", __func__, s ? "array" : "cache");
		return 0;
	}
	if (!nr || mymem_gfp_refused(s, gfp))
		return 0;
	return mymem_slab_alloc_bulk(s, gfp, nr, p);
}
EXPORT_SYMBOL_GPL(mymem_cache_alloc_bulk);

/*
 * mymem_cache_free_bulk() for @addr, the caller tracked (SLAB_STORE_USER):
 * also what a prefilled sheaf's return frees with.
 */
void __mymem_cache_free_bulk(struct mymem_cache *s, size_t nr, void **p, unsigned long addr)
{
	unsigned int cnt;
	struct page *slab;
	void *head, *tail;

	mymem_sheaf_free_bulk(s, nr, p);
	while (nr) {
		nr = mymem_detach_freelist(s, nr, p, false, &slab, &head, &tail, &cnt);
		if (cnt)
			__mymem_free(s, slab, head, tail, cnt, addr);
	}
}

/**
 * mymem_cache_free_bulk() - free several objects at once
 * @s: the cache
 * @nr: how many
 * @p: the objects; NULL entries are skipped. The array is consumed: its
 *     entries are set to NULL as they are freed, as in SLUB.
 *
 * Objects go onto this CPU's sheaves where they take them (as a single
 * free's); the others of one slab go back together, in one operation.
 *
 * Context: any context.
 */
void mymem_cache_free_bulk(struct mymem_cache *s, size_t nr, void **p)
{
	if (unlikely(!s || !p)) {
		pr_warn("%s: NULL %s\n", __func__, s ? "array" : "cache");
		return;
	}
	__mymem_cache_free_bulk(s, nr, p, _RET_IP_);
}
EXPORT_SYMBOL_GPL(mymem_cache_free_bulk);

/**
 * mymem_cache_size() - the object size of a cache
 * @s: the cache
 *
 * Context: any context.
 * Return: the size given to mymem_cache_create(), 0 for a NULL cache.
 */
unsigned int mymem_cache_size(struct mymem_cache *s)
{
	return s ? s->object_size : 0;
}
EXPORT_SYMBOL_GPL(mymem_cache_size);
