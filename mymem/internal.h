/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mymem internals shared between the core and its interfaces.
 * Not for client modules: they use mymem.h. The design (lock order, slab
 * states, object layout) is described at the head of alloc.c.
 */
#ifndef _MYMEM_INTERNAL_H
#define _MYMEM_INTERNAL_H

#include <linux/cpu.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/kobject.h>
#include <linux/mm.h>
#include <linux/numa.h>
#include <linux/percpu.h>
#include <linux/reciprocal_div.h>
#include <linux/spinlock.h>
#include <linux/jump_label.h>
#include <linux/kcsan-checks.h>
#include <linux/kmemleak.h>
#include <linux/swab.h>
#include <linux/uaccess.h>
#include <linux/xarray.h>

#include "mymem.h"
#include "compat.h"

/* ======== Limits, flags and structures ======== */

/* Largest slab order a cache may use, and the largest object it may hold. */
#define MYMEM_MAX_ORDER		3
#define MYMEM_MAX_SIZE		(PAGE_SIZE << MYMEM_MAX_ORDER)
/*
 * Objects per slab are counted in 13 bits (see union mymem_slab_state): the
 * most a slab holds is 4096, 8-byte objects in an order-3 slab.
 */
#define MYMEM_MAX_OBJECTS	((1U << 13) - 1)

/* The debug flags (debug.c), as slub_debug's letters F Z P U T. */
#define MYMEM_DEBUG_FLAGS	(SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | \
				 SLAB_POISON | SLAB_STORE_USER | SLAB_TRACE)

/*
 * Flags SLUB takes that mymem takes too, so that the kernel's modules run
 * unchanged on it (make redirect): SLAB_NO_MERGE and SLAB_MEM_SPREAD mean
 * what they mean on SLUB (mymem never merges caches; SLUB ignores the
 * spread), SLAB_NOLEAKTRACE keeps kmemleak off the objects, SLAB_ACCOUNT
 * is noted once (no memory cgroup charging). compat.h defines the ones a
 * kernel line lacks as 0.
 */
#define MYMEM_SLUB_FLAGS	(SLAB_ACCOUNT | SLAB_MEM_SPREAD | SLAB_NO_MERGE | \
				 SLAB_NOLEAKTRACE)

/* Flags a cache may be created with. */
#define MYMEM_VALID_FLAGS	(SLAB_HWCACHE_ALIGN | SLAB_PANIC | \
				 SLAB_TYPESAFE_BY_RCU | SLAB_RECLAIM_ACCOUNT | \
				 SLAB_CACHE_DMA | SLAB_CACHE_DMA32 | \
				 MYMEM_SLUB_FLAGS | MYMEM_DEBUG_FLAGS)

/*
 * A cache's name as its interfaces show it: the name it was created with,
 * and for a second cache of the same name ":2" (":3", ...) after it.
 */
#define MYMEM_ID_MAX		(MYMEM_NAME_MAX + 6)

/*
 * A slab's object layout: which of the debug areas its objects carry is
 * fixed when the slab is made (layout index: bit 0 red zones, bit 1
 * poison, bit 2 owner tracks), so that a cache's debugging can be switched
 * while its slabs are in use. Index 0 is the plain layout. The layouts are
 * computed by mymem_cache_create() (slab.c) and read-only afterwards.
 */
#define MYMEM_LAYOUT_RED_ZONE	1
#define MYMEM_LAYOUT_POISON	2
#define MYMEM_LAYOUT_TRACK	4
#define MYMEM_NR_LAYOUTS	8

struct mymem_layout {
	unsigned int size;		/* object stride in the slab */
	unsigned int red_left_pad;	/* left red zone before each object */
	unsigned int inuse;		/* object and right red zone */
	unsigned int offset;		/* free pointer, from the object */
	unsigned int track;		/* the two tracks, from the object */
	unsigned int pad;		/* padding from here to the stride's end */
	unsigned int order;		/* preferred slab order */
	unsigned int min_order;		/* fallback when @order fails */
	unsigned int objects;		/* objects in a slab of @order */
	bool red_zone, poison, store_user;
	struct reciprocal_value reciprocal_size;
};

/* Marks in the top bits of the state word of the pages mymem owns. */
#define MYMEM_MAGIC_SLAB	0x4d53	/* "MS": a slab of a cache */
#define MYMEM_MAGIC_LARGE	0x4d4c	/* "ML": a large kmalloc */

/*
 * The state of a slab, kept in its head page's state word (compat.h,
 * mymem_page_state()) so that it can be
 * read and changed as one word. ->free_pos is the position (index + 1) of
 * the first object of the slab's own freelist, 0 when that is empty; the
 * objects on it are chained through their free pointers. Changed with
 * cmpxchg_slab(), or under the node's list_lock when no CPU holds the
 * slab (see alloc.c).
 */
union mymem_slab_state {
	unsigned long word;
	struct {
		unsigned long free_pos:13;	/* first free object's index + 1 */
		unsigned long inuse:13;
		unsigned long objects:13;
		unsigned long frozen:1;
		unsigned long debug:1;		/* handled by debug.c, see there */
		unsigned long layout:3;		/* index in the cache's layouts */
		unsigned long isolated:1;	/* found corrupt: set aside */
		unsigned long pfmemalloc:1;	/* pages from the memory reserves */
		unsigned long unused:2;
		unsigned long magic:16;
	};
};

/*
 * Event counters, SLUB's CONFIG_SLUB_STATS set (same names, same meaning)
 * but always on: per CPU, bumped without atomics (a lost increment under
 * a race is accepted, as in SLUB). Names in stats.c; shown in sysfs.
 */
enum mymem_stat_item {
	ALLOC_FASTPATH,		/* lockless allocation from the CPU freelist */
	ALLOC_SLOWPATH,		/* allocation by ___mymem_alloc() or debug.c */
	FREE_FASTPATH,		/* lockless free to the CPU's active slab */
	FREE_SLOWPATH,		/* free to any other slab (not a sheaf's flush) */
	FREE_FROZEN,		/* free to a slab another or this CPU owns */
	FREE_ADD_PARTIAL,	/* free put an unfrozen slab on a node's list */
	FREE_REMOVE_PARTIAL,	/* free emptied a slab: off its list, freed */
	ALLOC_FROM_PARTIAL,	/* a CPU slab taken from a node's partial list */
	ALLOC_SLAB,		/* a CPU slab made new */
	ALLOC_REFILL,		/* CPU freelist refilled from the active slab */
	ALLOC_NODE_MISMATCH,	/* the CPU slab was of another node: flushed */
	FREE_SLAB,		/* a slab given back to the page allocator */
	CPUSLAB_FLUSH,		/* a CPU's active slab flushed */
	DEACTIVATE_FULL,	/* deactivated full: on no list */
	DEACTIVATE_EMPTY,	/* deactivated empty: freed */
	DEACTIVATE_TO_HEAD,	/* deactivated partial: to a list's head */
	DEACTIVATE_TO_TAIL,	/* deactivated partial: to a list's tail */
	DEACTIVATE_REMOTE_FREES,	/* deactivated with objects other CPUs freed */
	DEACTIVATE_BYPASS,	/* active slab found full: let go, no freelist */
	ORDER_FALLBACK,		/* a slab made at the minimum order */
	CMPXCHG_DOUBLE_CPU_FAIL,	/* fast path raced: retried */
	CMPXCHG_DOUBLE_FAIL,	/* a slab's state word raced: retried */
	CPU_PARTIAL_ALLOC,	/* a CPU slab taken from the CPU partial list */
	CPU_PARTIAL_FREE,	/* free froze a full slab onto the CPU partial list */
	CPU_PARTIAL_DRAIN,	/* the CPU partial list unfrozen to the nodes */
	/* The sheaves in front of the CPU slab (sheaf.c), SLUB 7.x's names. */
	ALLOC_CPU_SHEAF,	/* allocation popped from this CPU's main sheaf */
	FREE_CPU_SHEAF,		/* free pushed onto this CPU's main sheaf */
	SHEAF_FLUSH,		/* a sheaf's objects given back to their slabs */
	SHEAF_REFILL,		/* a sheaf filled from the CPU slab and the lists */
	SHEAF_SWAP,		/* main and spare sheaf exchanged */
	SHEAF_ALLOC,		/* a sheaf allocated */
	SHEAF_FREE,		/* a sheaf freed */
	BARN_GET,		/* a sheaf (full for alloc, empty for free) from the barn */
	BARN_GET_FAIL,		/* the barn had none */
	BARN_PUT,		/* a sheaf (full or empty) put in the barn */
	BARN_PUT_FAIL,		/* the barn had no room */
	FREE_RCU_SHEAF,		/* kfree_rcu() onto this CPU's rcu_free sheaf (rcu.c) */
	FREE_RCU_SHEAF_FAIL,	/* kfree_rcu() that the rcu_free sheaf did not take */
	SHEAF_PREFILL_FAST,	/* prefilled sheaf: a full one from the barn (prefill.c) */
	SHEAF_PREFILL_SLOW,	/* prefilled sheaf: filled by the bulk path */
	SHEAF_PREFILL_OVERSIZE,	/* prefilled sheaf above the capacity, or no sheaves */
	SHEAF_RETURN_FAST,	/* returned sheaf kept in the barn */
	SHEAF_RETURN_SLOW,	/* returned sheaf freed */
	NR_MYMEM_STATS
};

extern const char * const mymem_stat_names[NR_MYMEM_STATS];

/*
 * A sheaf: an array of free objects of one node, a stack (sheaf.c). Its
 * capacity is fixed when it is made; a cache's capacity may change, and
 * sheaves of another capacity are flushed and freed where they are met.
 * The same structure holds objects waiting for RCU (a CPU's rcu_free
 * sheaf, rcu.c) and objects reserved by a user (a prefilled sheaf,
 * prefill.c: then they are allocated, as the user owns them).
 */
struct mymem_sheaf {
	union {
		struct list_head barn_list;	/* in a barn: the barn's lock */
		struct rcu_head rcu;		/* an rcu_free sheaf given to RCU */
	};
	unsigned int capacity;		/* set when made */
	unsigned int size;		/* objects held: see struct mymem_cpu_slab */
	void *objects[];
};

/*
 * A CPU's slabs of a cache. Only that CPU touches it: the fast paths with
 * preemption off, changing {freelist, tid} with one double-word
 * compare-and-exchange; the slow paths with interrupts off, bumping tid on
 * every change so that a fast path they interrupted retries.
 */
struct mymem_cpu_slab {
	union {
		struct mymem_pair pair;
		struct {
			void *freelist;		/* next free object of @slab */
			unsigned long tid;	/* transaction id */
		};
	};
	/* Below: changed only by this CPU with interrupts off (slow paths). */
	struct page *slab;	/* frozen slab allocated from, or NULL */
	struct page *partial;	/* frozen partial slabs, via mymem_page_next() */
	unsigned int nr_partial;
	/*
	 * The sheaves (sheaf.c): changed only by this CPU while it holds
	 * sheaf_busy (mymem_sheaves_claim(): preemption off; an interrupt
	 * that finds it held goes to the CPU slab), or for a dead CPU by the
	 * hotplug callback. @main is never NULL: &mymem_no_sheaf (capacity 0)
	 * when the CPU has none.
	 */
	struct mymem_sheaf *main;	/* allocations pop, frees push */
	struct mymem_sheaf *spare;	/* NULL, or exchanged with @main */
	struct mymem_sheaf *rcu_free;	/* NULL, or objects of kfree_rcu() (rcu.c) */
	int sheaf_node;		/* the node of every object in the sheaves */
	bool sheaf_busy;
	/*
	 * Changed by this CPU only, with this_cpu operations (safe against
	 * its interrupts, no atomics); others only read them.
	 */
	long live;		/* objects this CPU took out of slabs minus gave back */
	long sheaved;		/* objects this CPU put in sheaves minus took out */
	unsigned long stat[NR_MYMEM_STATS];
};

/*
 * A cache's slabs on one NUMA node. list_lock protects the fields below it
 * and the counters and freelist of this node's slabs that no CPU has
 * frozen, and the freelists of frozen ones (see alloc.c).
 */
struct mymem_cache_node {
	spinlock_t list_lock;		/* see above */
	/* list_lock; changed only through node.c's helpers */
	struct list_head partial;	/* slabs with free and used objects */
	unsigned long nr_partial;
	struct list_head isolated;	/* slabs found corrupt, never used again */
	unsigned long nr_isolated;
	/*
	 * The node's barn (sheaf.c): full and empty sheaves that CPUs of the
	 * node exchange theirs for. barn_lock, a leaf taken with interrupts
	 * off, protects the lists and counts.
	 */
	spinlock_t barn_lock;
	struct list_head barn_full;
	struct list_head barn_empty;
	unsigned int nr_full;
	unsigned int nr_empty;
	/* atomics, no lock */
	atomic_long_t nr_slabs;		/* every slab on this node */
	atomic_long_t total_objects;	/* objects in those slabs */
	/*
	 * Every slab of the cache on this node, by page frame number: the
	 * registry the walks use (validation, waste, owner sites, the slab
	 * map), O(the cache's slabs) whatever the machine's size. Touched
	 * only when a slab is made or given back, never on the fast paths.
	 * Its own lock (XA_FLAGS_LOCK_IRQ); read under RCU.
	 */
	struct xarray slabs;
};

/* Failures to inject into slab page allocations (fault.c). */
struct mymem_fault {
	atomic_t next;		/* fail this many more */
	unsigned int percent;	/* then fail this share; READ_ONCE/WRITE_ONCE */
	atomic_long_t injected;	/* failures injected so far */
};

/*
 * A cache. Who may change what (as mm/kfence/kfence.h says it per field):
 *   set by mymem_cache_create() and read-only afterwards: the geometry
 *     (size to block_shift, reciprocal_size, allocflags, ctor, random,
 *     random_seq, layouts), name, node[] and cpu_slab;
 *   tunables: written only by __mymem_commit_tunables() (cache.c), flags
 *     only by mymem_set_debug() (debug.c), both under mymem_mutex with
 *     WRITE_ONCE(); read anywhere with READ_ONCE();
 *   list: mymem_mutex; kobj and debugfs: the create and destroy paths;
 *   the rest: atomics, or one writer (last_validate: WRITE_ONCE()).
 */
struct mymem_cache {
	struct mymem_cpu_slab __percpu *cpu_slab;
	unsigned int size;		/* object stride in the slab */
	unsigned int object_size;	/* what the user asked for */
	unsigned int offset;		/* free pointer offset in an object */
	unsigned int align;
	unsigned int order;		/* preferred slab order */
	unsigned int objects;		/* objects in a slab of @order */
	unsigned int min_order;		/* fallback when @order fails */
	unsigned int block_shift;	/* log2 of the largest slab's bytes */
	struct reciprocal_value reciprocal_size;
	gfp_t allocflags;		/* added to every page allocation */
	void (*ctor)(void *obj);
	unsigned long random;		/* free pointer obfuscation */
	unsigned int *random_seq;	/* freelist order template for new slabs */
	unsigned int random_seq_len;
	struct mymem_layout layouts[MYMEM_NR_LAYOUTS];

	/* Tunables (see above): mymem_mutex, WRITE_ONCE(). */
	/* percent of refills that may take another node's partial slab */
	unsigned int remote_node_defrag_ratio;
	unsigned long min_partial;	/* empty slabs a node may keep */
	unsigned int cpu_partial;	/* objects kept on per-CPU partials */
	unsigned int cpu_partial_slabs;	/* the same in slabs */
	unsigned int batchcount;	/* SLAB's tunable, recorded (proc.c) */
	bool freelist_random;		/* new slabs get a shuffled freelist */
	unsigned int sheaf_capacity;	/* objects a new sheaf holds; 0: none */
	slab_flags_t flags;		/* the debug flags change at run time */

	atomic_long_t isolated_objects;	/* frees refused on corrupt memory */
	atomic_long_t rcu_frees;	/* objects waiting after kfree_rcu() (rcu.c) */
	atomic_long_t sheaf_double_frees;	/* found in sheaves when flushed */
	struct mymem_fault fault;	/* failures to inject (fault.c) */
	int last_validate;		/* problems the last validate found */
	struct list_head list;		/* in mymem_caches; mymem_mutex */
	struct kobject *kobj;		/* /sys/kernel/mymem/<name>, or NULL (sysfs.c) */
	struct dentry *debugfs;		/* /sys/kernel/debug/mymem/<name> */
	char name[MYMEM_ID_MAX + 1];	/* unique: see MYMEM_ID_MAX */
	struct mymem_cache_node *node[MAX_NUMNODES];
};

/* ======== Slab state word and object addresses (inline) ======== */

static inline union mymem_slab_state slab_state(const struct page *slab)
{
	union mymem_slab_state c = { .word = mymem_read_page_state(slab) };

	return c;
}

static inline void set_slab_state(struct page *slab, union mymem_slab_state c)
{
	mymem_set_page_state(slab, c.word);
}

static inline struct mymem_cache *slab_cache(const struct page *slab)
{
	return (struct mymem_cache *)mymem_page_owner(slab);
}

/*
 * Free pointers are stored obfuscated, as SLAB_FREELIST_HARDENED does: the
 * pointer XOR the cache's random value XOR the byte-swapped address it is
 * stored at. An overwrite with a plausible pointer decodes to garbage, and
 * the cache's random value does not leak through a free object.
 */
static __always_inline void *freeptr_decode(const struct mymem_cache *s,
					    unsigned long stored, unsigned long addr)
{
	return (void *)(stored ^ s->random ^ swab(addr));
}

static __always_inline unsigned long freeptr_encode(const struct mymem_cache *s,
						    const void *fp, unsigned long addr)
{
	return (unsigned long)fp ^ s->random ^ swab(addr);
}

static __always_inline void *get_freepointer_at(const struct mymem_cache *s,
						const void *obj, unsigned int offset)
{
	unsigned long addr = (unsigned long)obj + offset;

	return freeptr_decode(s, *(unsigned long *)addr, addr);
}

/*
 * Whether @fp, decoded from the free pointer of @obj, can be an object of
 * @obj's slab: NULL, or in the same naturally aligned block of the
 * cache's largest slab size (a slab of order k is 2^k pages aligned to
 * their size, so this is one XOR and a shift). A pointer that fails this
 * was overwritten: following it would steer the allocator anywhere.
 */
static __always_inline bool freeptr_plausible(const struct mymem_cache *s, const void *obj,
					      const void *fp)
{
	return !(((unsigned long)obj ^ (unsigned long)fp) >> s->block_shift) || !fp;
}

/*
 * The exact check, where the slab is known (slow paths): @fp is NULL or an
 * object start of @slab (plain layout).
 */
static inline bool freeptr_in_slab(const struct mymem_cache *s, struct page *slab,
				   const void *fp)
{
	unsigned long off = (unsigned long)fp - (unsigned long)page_address(slab);

	return !fp || (off < (PAGE_SIZE << compound_order(slab)) &&
		       off == reciprocal_divide(off, s->reciprocal_size) * s->size);
}

/*
 * The free pointer of @obj, read where @obj may have stopped being free
 * (the fast path read @obj from the CPU freelist before the cmpxchg that
 * proves it still was): the slab may have been flushed and given back
 * meanwhile. The value is then discarded by the failing cmpxchg, but the
 * load must not fault (debug_pagealloc unmaps freed pages) nor be
 * reported (KASAN), as SLUB's get_freepointer_safe().
 */
static __always_inline void *get_freepointer_safe(const struct mymem_cache *s, const void *obj)
{
	unsigned long addr = (unsigned long)obj + s->offset, stored = 0;

	if (!debug_pagealloc_enabled_static())
		stored = READ_ONCE_NOCHECK(*(unsigned long *)addr);
	else if (copy_from_kernel_nofault(&stored, (void *)addr, sizeof(stored)))
		return NULL;
	return freeptr_decode(s, stored, addr);
}

static __always_inline void set_freepointer_at(const struct mymem_cache *s, void *obj,
					       unsigned int offset, const void *fp)
{
	unsigned long addr = (unsigned long)obj + offset;

	*(unsigned long *)addr = freeptr_encode(s, fp, addr);
}

/* The free pointer of an object of a plain slab. */
static __always_inline void *get_freepointer(const struct mymem_cache *s, const void *obj)
{
	return get_freepointer_at(s, obj, s->offset);
}

static __always_inline void set_freepointer(const struct mymem_cache *s, void *obj,
					    const void *fp)
{
	set_freepointer_at(s, obj, s->offset, fp);
}

/*
 * Object @idx of a plain slab, and the index of one: wrong on a debug slab,
 * whose objects have another stride and a left red zone (layout_object()).
 */
static inline void *plain_slab_object(struct mymem_cache *s, struct page *slab,
				      unsigned int idx)
{
	return page_address(slab) + (size_t)idx * s->size;
}

static inline unsigned int plain_slab_index(struct mymem_cache *s, struct page *slab,
					    const void *obj)
{
	return reciprocal_divide(obj - page_address(slab), s->reciprocal_size);
}

/* The layout of @slab's objects. */
static inline const struct mymem_layout *slab_layout(const struct mymem_cache *s,
						     union mymem_slab_state c)
{
	return &s->layouts[c.layout];
}

/* Object @idx of a slab with layout @l: after its left red zone. */
static inline void *layout_object(const struct mymem_layout *l, struct page *slab,
				  unsigned int idx)
{
	return page_address(slab) + (size_t)idx * l->size + l->red_left_pad;
}

/* The index of @obj, which must lie in @slab's objects. */
static inline unsigned int layout_index(const struct mymem_layout *l, struct page *slab,
					const void *obj)
{
	return reciprocal_divide(obj - l->red_left_pad - page_address(slab),
				 l->reciprocal_size);
}

/* The first object of @slab's own freelist (state word @c), or NULL. */
static inline void *layout_first_free(const struct mymem_layout *l, struct page *slab,
				      union mymem_slab_state c)
{
	return c.free_pos ? layout_object(l, slab, c.free_pos - 1) : NULL;
}

/* The free_pos that makes @obj (of @slab, or NULL) the first free object. */
static inline unsigned int layout_free_pos(const struct mymem_layout *l, struct page *slab,
					   const void *obj)
{
	return obj ? layout_index(l, slab, obj) + 1 : 0;
}

/* Objects of @size that fit a slab of @order. */
static inline unsigned int order_objects(unsigned int order, unsigned int size)
{
	return min_t(unsigned int, (PAGE_SIZE << order) / size, MYMEM_MAX_OBJECTS);
}

/* ======== main.c: parameters ======== */

/* main.c: the strict yes/no every yes/no file and parameter takes */
int mymem_parse_bool(const char *buf, bool *v);

/* ======== cache.c: creation, destruction, the registry, tunables ======== */

/* Registry of every live cache, in creation order (cache.c). */
extern struct list_head mymem_caches;
extern struct mutex mymem_mutex;

/*
 * mymem_mutex for those that flush under it (debug switch, tunables):
 * the hotplug lock first, as the lock order at the head of alloc.c says.
 */
static inline void mymem_lock_for_flush(void)
{
	cpus_read_lock();
	mutex_lock(&mymem_mutex);
}

static inline void mymem_unlock_for_flush(void)
{
	mutex_unlock(&mymem_mutex);
	cpus_read_unlock();
}

/* Whether @node is neither NUMA_NO_NODE nor online; reported for @who. */
static inline bool mymem_bad_node(const char *who, int node)
{
	if (likely(node == NUMA_NO_NODE ||
		   (node >= 0 && node < MAX_NUMNODES && node_online(node))))
		return false;
	pr_warn_ratelimited("%s: allocation on invalid node %d\n", who, node);
	return true;
}

/*
 * The flags that say how hard to try, for mymem's own allocations on a
 * caller's behalf (the slab registry): the caller's, without zone or
 * mobility (mm/internal.h's GFP_RECLAIM_MASK, which modules cannot see).
 */
#define MYMEM_GFP_RECLAIM_MASK	(__GFP_RECLAIM | __GFP_HIGH | __GFP_IO | __GFP_FS | \
				 __GFP_NOWARN | __GFP_RETRY_MAYFAIL | __GFP_NOFAIL | \
				 __GFP_NORETRY | __GFP_MEMALLOC | __GFP_NOMEMALLOC)

bool mymem_dma_refused(struct mymem_cache *s, gfp_t gfp);

/*
 * Whether a request for DMA memory must be refused: @s serves GFP_DMA and
 * GFP_DMA32 only from the zone it was created for (SLAB_CACHE_DMA{,32});
 * never ordinary memory to a DMA caller. One test on the fast path.
 */
static __always_inline bool mymem_gfp_refused(struct mymem_cache *s, gfp_t gfp)
{
	return unlikely(gfp & (__GFP_DMA | __GFP_DMA32)) && mymem_dma_refused(s, gfp);
}

struct mymem_cache *mymem_find_cache(const char *name);
bool mymem_cache_alive(struct mymem_cache *s);
void mymem_destroy_all(void);

/*
 * A cache's tunables, validated and applied together by
 * mymem_commit_tunables() for every interface; MYMEM_KEEP leaves one as it is.
 */
#define MYMEM_KEEP	ULONG_MAX
struct mymem_tunables {
	unsigned long cpu_partial;	/* objects, up to MYMEM_MAX_CPU_PARTIAL */
	unsigned long batchcount;	/* 1 to cpu_partial: recorded (proc.c) */
	unsigned long min_partial;	/* empty slabs a node keeps */
	unsigned long remote_node_defrag_ratio;	/* percent, up to 100 */
	unsigned long freelist_random;	/* 0 or 1: new slabs' freelists shuffled */
	unsigned long sheaf_capacity;	/* 0 to MYMEM_MAX_SHEAF_CAPACITY; 0: none */
};

#define MYMEM_TUNABLES_KEEP { MYMEM_KEEP, MYMEM_KEEP, MYMEM_KEEP, MYMEM_KEEP, MYMEM_KEEP, \
			      MYMEM_KEEP }

int mymem_commit_tunables(struct mymem_cache *s, const struct mymem_tunables *t);
int __mymem_commit_tunables(struct mymem_cache *s, const struct mymem_tunables *t);

/* The largest cpu_partial (objects) sysfs and /proc/myslabinfo take. */
#define MYMEM_MAX_CPU_PARTIAL	BIT(20)
/* The largest min_partial /proc/myslabinfo takes as "shared". */
#define MYMEM_MAX_SHARED	1024

/* ======== slab.c: slab pages, object layout, freelists ======== */

/* Pages mymem holds from the page allocator, slabs and large kmallocs. */
extern atomic_long_t mymem_pages;
extern bool mymem_freelist_random;
int mymem_calculate_layout(struct mymem_cache *s);
int mymem_init_random_seq(struct mymem_cache *s);
struct page *mymem_alloc_pages(gfp_t gfp, int node, unsigned int order);
void mymem_free_pages(struct page *page);
struct page *mymem_new_slab(struct mymem_cache *s, gfp_t gfp, int node);
void mymem_discard_slab(struct mymem_cache *s, struct page *slab);
void mymem_forget_slab(struct mymem_cache *s, struct page *slab);

/* ======== alloc.c: slow paths, a CPU flushed (fast paths: alloc.h) ======== */

int mymem_nearest_memory_node(int nid);

/* The node with normal memory nearest to this CPU: where its slabs come from. */
static inline int mymem_local_node(void)
{
	int nid = numa_mem_id();

	if (likely(node_state(nid, N_NORMAL_MEMORY)))
		return nid;
	return mymem_nearest_memory_node(nid);
}

/*
 * The node an allocation for @node is served from: slabs live only on
 * nodes with normal memory (as SLUB's slab_nodes); a request for a
 * memoryless or ZONE_MOVABLE-only node is one for the nearest, as the page
 * allocator would serve it. @node must be valid (mymem_bad_node()).
 */
static __always_inline int mymem_slab_node(int node)
{
	if (node == NUMA_NO_NODE || likely(node_state(node, N_NORMAL_MEMORY)))
		return node;
	return NUMA_NO_NODE;
}

/* The slab of @obj if mymem gave it out from a cache, else NULL. */
static inline struct page *mymem_obj_slab(const void *obj)
{
	struct page *slab;

	if (unlikely(!virt_addr_valid(obj)))
		return NULL;
	slab = virt_to_head_page(obj);
	if (unlikely(slab_state(slab).magic != MYMEM_MAGIC_SLAB))
		return NULL;
	return slab;
}

void mymem_cpu_slab_corrupt(struct mymem_cache *s, struct mymem_cpu_slab *c, void *obj,
			    void *fp);
void *mymem_slab_alloc_slow(struct mymem_cache *s, gfp_t gfp, int node, bool grow);

void mymem_flush_cpu(struct mymem_cache *s, int cpu);
long mymem_cache_live(struct mymem_cache *s);
void mymem_set_cpu_partial(struct mymem_cache *s, unsigned int objects);

/* ======== bulk.c: the slab layer in bulk ======== */

int mymem_slab_alloc_bulk(struct mymem_cache *s, gfp_t gfp, size_t nr, void **p);
unsigned int mymem_slab_take(struct mymem_cache *s, gfp_t gfp, int node, unsigned int nr,
			     void **p);
size_t mymem_detach_freelist(struct mymem_cache *s, size_t nr, void **p, bool trusted,
			     struct page **slabp, void **head, void **tail, unsigned int *cnt);
void mymem_slab_give_back(struct mymem_cache *s, size_t nr, void **p);

/* ======== flush.c: every CPU's sheaves and slabs back to the nodes ======== */

void mymem_flush_all_cpus_locked(struct mymem_cache *s);
void mymem_flush_all(struct mymem_cache *s);
void mymem_flush_rcu_sheaves_locked(struct mymem_cache *s);
void mymem_flush_rcu_sheaves(struct mymem_cache *s);
int mymem_flush_init(void);
void mymem_flush_exit(void);
void mymem_flush_sheaves_cpu(struct mymem_cache *s, int cpu);
void mymem_detach_sheaves(struct mymem_cache *s, int cpu, struct list_head *list);
void mymem_flush_barns(struct mymem_cache *s, struct list_head *list);
void mymem_drain_sheaves(struct mymem_cache *s, struct list_head *list, bool may_sleep);

/* ======== sheaf.c: per-CPU sheaves and the nodes' barns ======== */

/*
 * kmemleak scans the sheaves (kmalloc'ed): a slot left pointing to an
 * object taken out would hide that object's leak. Cleared, with kmemleak.
 */
static __always_inline void mymem_sheaf_clear(struct mymem_sheaf *sh, unsigned int from,
					      unsigned int to)
{
	if (IS_ENABLED(CONFIG_DEBUG_KMEMLEAK) && from < to)
		memset(&sh->objects[from], 0, (to - from) * sizeof(void *));
}

extern struct mymem_sheaf mymem_no_sheaf;
unsigned int mymem_default_sheaf_capacity(struct mymem_cache *s);
void mymem_sheaves_init(struct mymem_cache *s);
void *mymem_sheaf_alloc_slow(struct mymem_cache *s, struct mymem_cpu_slab *c, gfp_t gfp,
			     int node);
bool mymem_sheaf_free_slow(struct mymem_cache *s, struct mymem_cpu_slab *c, struct page *slab,
			   void *obj);
unsigned int mymem_sheaf_alloc_bulk(struct mymem_cache *s, size_t nr, void **p);
void mymem_sheaf_free_bulk(struct mymem_cache *s, size_t nr, void **p);
void __mymem_cache_free_bulk(struct mymem_cache *s, size_t nr, void **p, unsigned long addr);
struct mymem_sheaf *mymem_sheaf_new(struct mymem_cache *s, unsigned int cap, gfp_t gfp, int nid);
void mymem_sheaf_free(struct mymem_cache *s, struct mymem_sheaf *sh);
void mymem_sheaf_flush(struct mymem_cache *s, struct mymem_sheaf *sh);
struct mymem_sheaf *mymem_barn_get(struct mymem_cache *s, int nid, bool full, unsigned int cap);
bool mymem_barn_put(struct mymem_cache *s, int nid, struct mymem_sheaf *sh);

/* ======== rcu.c: kfree_rcu() through per-CPU rcu_free sheaves ======== */

void mymem_rcu_sheaf_submit(struct mymem_cache *s, struct mymem_cpu_slab *c);
int mymem_rcu_init(void);
void mymem_rcu_exit(void);
long mymem_sheaf_objects(struct mymem_cache *s);
void mymem_barn_counts(struct mymem_cache *s, int nid, unsigned int *full,
		       unsigned int *empty);

/* ======== stats.c: event counters and figures for the interfaces ======== */

/* Count an event on this CPU; any context, no atomics. */
static __always_inline void mymem_stat_inc(struct mymem_cache *s, enum mymem_stat_item item)
{
	raw_cpu_inc(s->cpu_slab->stat[item]);
}

static __always_inline void mymem_stat_add(struct mymem_cache *s, enum mymem_stat_item item,
					   unsigned int n)
{
	raw_cpu_add(s->cpu_slab->stat[item], n);
}

/* Change a slab's state word from *@old to @new; false (and *@old reread) if it moved. */
static inline bool cmpxchg_slab(struct mymem_cache *s, struct page *slab,
				union mymem_slab_state *old, union mymem_slab_state new)
{
	if (likely(try_cmpxchg(mymem_page_state(slab), &old->word, new.word)))
		return true;
	mymem_stat_inc(s, CMPXCHG_DOUBLE_FAIL);
	return false;
}

unsigned long mymem_stat_sum(struct mymem_cache *s, enum mymem_stat_item item);
void mymem_stat_clear(struct mymem_cache *s, enum mymem_stat_item item);
unsigned long mymem_stat_cpu(struct mymem_cache *s, enum mymem_stat_item item, int cpu);
unsigned int mymem_cpu_partial_slabs(struct mymem_cache *s, int cpu);
unsigned long mymem_isolated_slabs(struct mymem_cache *s);
const char *mymem_slab_state_name(union mymem_slab_state c);

/* A slab's objects in use and objects, from its state word. */
static inline unsigned int mymem_slab_inuse(union mymem_slab_state c)
{
	return c.inuse;
}

static inline unsigned int mymem_slab_objects(union mymem_slab_state c)
{
	return c.objects;
}

/* What show_slab_objects() of SLUB adds up: per node, and the total. */
enum mymem_total {
	MYMEM_TOTAL_SLABS,		/* slabs */
	MYMEM_TOTAL_PARTIAL,		/* slabs on the node partial lists */
	MYMEM_TOTAL_OBJECTS,		/* objects in use (CPU slabs' all counted) */
	MYMEM_TOTAL_OBJECTS_PARTIAL,	/* objects in use in node partial slabs */
	MYMEM_TOTAL_TOTAL_OBJECTS,	/* objects the slabs hold */
	MYMEM_TOTAL_CPU_SLABS,		/* CPU active and CPU partial slabs */
};

unsigned long mymem_total(struct mymem_cache *s, enum mymem_total what,
			  unsigned long *per_node);

/* Bytes a cache's slabs hold that are not objects in use. */
struct mymem_waste {
	unsigned long rounding;	/* objects in use: alignment padding */
	unsigned long metadata;	/* objects in use: free pointer, debug areas */
	unsigned long leftover;	/* slab tails no object fits */
	unsigned long free;	/* free objects, in any slab */
};

void mymem_get_waste(struct mymem_cache *s, struct mymem_waste *w);

/* Partial slabs of a node by fill: [0] empty, [1 + i] i * 10% to 10% more. */
#define MYMEM_OCCUPANCY_BUCKETS	11
void mymem_get_occupancy(struct mymem_cache *s, int nid,
			 unsigned long counts[MYMEM_OCCUPANCY_BUCKETS]);

struct mymem_slabinfo {
	const char *name;
	unsigned long active_objs;	/* allocated and not freed */
	unsigned long num_objs;		/* in all slabs */
	unsigned long num_slabs;
	unsigned int objsize;
	unsigned int objs_per_slab;
	unsigned int order;
	unsigned int limit;		/* tunables: cpu_partial */
	unsigned int batchcount;	/* batchcount */
	unsigned long shared;		/* min_partial */
	unsigned long sheaf_objs;	/* parked in sheaves and barns: sharedavail */
};

void mymem_get_slabinfo(struct mymem_cache *s, struct mymem_slabinfo *info);

/* ======== node.c: a node's lists, walks over a cache's slabs ======== */

/*
 * The list helpers are the only code that changes n->partial and
 * n->nr_partial.
 */
static inline void mymem_add_partial(struct mymem_cache_node *n, struct page *slab, bool tail)
{
	lockdep_assert_held(&n->list_lock);
	if (tail)
		list_add_tail(mymem_page_list(slab), &n->partial);
	else
		list_add(mymem_page_list(slab), &n->partial);
	n->nr_partial++;
}

static inline void mymem_remove_partial(struct mymem_cache_node *n, struct page *slab)
{
	lockdep_assert_held(&n->list_lock);
	list_del_init(mymem_page_list(slab));
	n->nr_partial--;
}

/*
 * SLUB's rule: a slab whose state word @c says empty goes back to the page
 * allocator once its node keeps min_partial partial slabs (itself
 * included if it is on the list).
 */
static inline bool mymem_slab_discardable(const struct mymem_cache *s,
					  const struct mymem_cache_node *n,
					  union mymem_slab_state c)
{
	lockdep_assert_held(&n->list_lock);
	return !c.inuse && n->nr_partial >= READ_ONCE(s->min_partial);
}

void mymem_isolate_slab(struct mymem_cache *s, struct mymem_cache_node *n,
			struct page *slab, bool on_partial);
void mymem_drop_lists(struct mymem_cache_node *n);
/* A visitor of slabs: nonzero stops the walk and is its result. */
typedef int (*mymem_slab_visit_t)(struct mymem_cache *s, struct page *slab,
				  union mymem_slab_state c, void *arg);
int mymem_visit_partial(struct mymem_cache *s, int nid, mymem_slab_visit_t fn, void *arg);
int mymem_visit_full_slabs(struct mymem_cache *s, int nid, mymem_slab_visit_t fn, void *arg);
int mymem_visit_slabs(struct mymem_cache *s, int nid, mymem_slab_visit_t fn, void *arg);

/* ======== debug.c: debug caches and slabs ======== */

DECLARE_STATIC_KEY_FALSE(mymem_debug_key);

static __always_inline bool mymem_cache_debug(const struct mymem_cache *s)
{
	return static_branch_unlikely(&mymem_debug_key) &&
	       unlikely(READ_ONCE(s->flags) & MYMEM_DEBUG_FLAGS);
}

static __always_inline bool mymem_slab_debug(const struct page *slab)
{
	return static_branch_unlikely(&mymem_debug_key) && unlikely(slab_state(slab).debug);
}

/*
 * What every accepted free of an object does first: kmemleak forgets it,
 * and under KCSAN the free asserts that nothing else touches the object
 * meanwhile, so a racy use-after-free shows as a data race (as SLUB does).
 * SLAB_TYPESAFE_BY_RCU objects may be read after free by design.
 */
static __always_inline void mymem_free_hook(struct mymem_cache *s, void *obj)
{
	kmemleak_free_recursive(obj, s->flags);
	if (!(s->flags & SLAB_TYPESAFE_BY_RCU))
		kcsan_check_access(obj, s->object_size, KCSAN_ACCESS_WRITE | KCSAN_ACCESS_ASSERT);
}

unsigned int mymem_new_slab_layout(struct mymem_cache *s, bool *debug);
void mymem_init_debug_object(struct mymem_cache *s, const struct mymem_layout *l, void *obj);
void mymem_init_debug_slab(struct mymem_cache *s, struct page *slab);
void *mymem_debug_alloc(struct mymem_cache *s, gfp_t gfp, int node, unsigned long addr);
void mymem_debug_free(struct mymem_cache *s, struct page *slab, void *obj, unsigned long addr);
int mymem_set_debug(struct mymem_cache *s, slab_flags_t set, slab_flags_t clear);
void mymem_debug_prepare(slab_flags_t flags);
bool mymem_debug_fits(struct mymem_cache *s, slab_flags_t flags);

int mymem_check_debug_objects(struct mymem_cache *s, struct page *slab,
			      union mymem_slab_state c, const unsigned long *free_map);

/* ======== debug_param.c: the debug= parameter (a pure parser, for tests) ======== */

#define MYMEM_DEBUG_MAX_RULES	16
struct mymem_debug_rule {
	slab_flags_t flags;
	char pattern[MYMEM_NAME_MAX + 1];	/* a name, or a prefix ending in '*' */
};

struct mymem_debug_spec {
	slab_flags_t all;			/* for caches no rule names */
	unsigned int nr_rules;
	struct mymem_debug_rule rules[MYMEM_DEBUG_MAX_RULES];
};

int mymem_parse_debug(const char *str, struct mymem_debug_spec *spec);
slab_flags_t mymem_spec_flags(const struct mymem_debug_spec *spec, const char *name);
slab_flags_t mymem_debug_flags_for(const char *name, slab_flags_t flags);

/* ======== track.c: owner tracking ======== */

struct mymem_track {
	unsigned long addr;	/* caller; 0: never set */
	u32 handle;		/* stack depot handle, 0 if none */
	int cpu;
	int pid;
	unsigned long when;	/* jiffies */
};

enum mymem_track_item { MYMEM_TRACK_ALLOC, MYMEM_TRACK_FREE };
ssize_t mymem_list_locations(struct mymem_cache *s, char *buf, enum mymem_track_item item);

/* ======== report.c: reports in SLUB's shape ======== */

void mymem_report_begin(struct mymem_cache *s, const char *fmt, ...) __printf(2, 3);
void mymem_report_end(struct mymem_cache *s, const char *fix);
void mymem_report_object(struct mymem_cache *s, struct page *slab, void *obj);
void mymem_report_foreign(struct mymem_cache *s, struct page *slab, const void *obj);
void mymem_report_double_free(struct mymem_cache *s, struct page *slab, void *obj);
void mymem_report(struct mymem_cache *s, struct page *slab, void *obj, const char *fix,
		  const char *fmt, ...) __printf(5, 6);

/* ======== validate.c: checking a cache's slabs ======== */

void *mymem_free_map(struct mymem_cache *s, struct page *slab, union mymem_slab_state c,
		     unsigned long *map, const char **why);

/* ======== fault.c: failures injected into slab page allocations ======== */

extern struct mymem_fault mymem_fault_global;
bool mymem_should_fail(struct mymem_cache *s, gfp_t gfp);

/* ======== shrink.c: shrink, the shrinker, CPU hotplug ======== */

extern atomic_long_t mymem_shrinker_runs;
int mymem_shrink_init(void);
void mymem_shrink_exit(void);

/* ======== kmalloc.c: the size classes ======== */

int mymem_kmalloc_init(void);
void mymem_kmalloc_exit(void);
void *mymem_kmalloc_caller(size_t size, gfp_t gfp, int node, unsigned long caller);
void *mymem_object_start(const void *p);

/* ======== Interfaces: proc.c, sysfs.c, debugfs.c ======== */

/*
 * Clients of the core. cache.c adds and removes a cache's directories
 * through one pair (mymem_interfaces_add/remove); an interface compiled
 * out is a stub here.
 */
#ifdef CONFIG_PROC_FS
int mymem_proc_init(void);
void mymem_proc_exit(void);
#else
static inline int mymem_proc_init(void) { return 0; }
static inline void mymem_proc_exit(void) { }
#endif

#ifdef CONFIG_SYSFS
int mymem_sysfs_init(void);
void mymem_sysfs_exit(void);
void mymem_sysfs_add(struct mymem_cache *s);
void mymem_sysfs_remove(struct mymem_cache *s);
#else
static inline int mymem_sysfs_init(void) { return 0; }
static inline void mymem_sysfs_exit(void) { }
static inline void mymem_sysfs_add(struct mymem_cache *s) { }
static inline void mymem_sysfs_remove(struct mymem_cache *s) { }
#endif

#ifdef CONFIG_DEBUG_FS
int mymem_debugfs_init(void);
void mymem_debugfs_exit(void);
void mymem_debugfs_add(struct mymem_cache *s);
void mymem_debugfs_remove(struct mymem_cache *s);
#else
static inline int mymem_debugfs_init(void) { return 0; }
static inline void mymem_debugfs_exit(void) { }
static inline void mymem_debugfs_add(struct mymem_cache *s) { }
static inline void mymem_debugfs_remove(struct mymem_cache *s) { }
#endif

#endif /* _MYMEM_INTERNAL_H */
