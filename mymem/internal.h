/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mymem internals shared between the core and its interfaces.
 * Not for client modules: they use mymem.h. The design (lock order, slab
 * states, object layout) is described at the head of alloc.c.
 */
#ifndef _MYMEM_INTERNAL_H
#define _MYMEM_INTERNAL_H

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/kobject.h>
#include <linux/mm.h>
#include <linux/numa.h>
#include <linux/percpu.h>
#include <linux/reciprocal_div.h>
#include <linux/spinlock.h>

#include "mymem.h"
#include "compat.h"

/* Largest slab order a cache may use, and the largest object it may hold. */
#define MYMEM_MAX_ORDER		3
#define MYMEM_MAX_SIZE		(PAGE_SIZE << MYMEM_MAX_ORDER)
/* Objects per slab are counted in 15 bits (see union mymem_counters). */
#define MYMEM_MAX_OBJECTS	((1U << 15) - 1)

/* Flags a cache may be created with. */
#define MYMEM_VALID_FLAGS	(SLAB_HWCACHE_ALIGN | SLAB_PANIC | \
				 SLAB_TYPESAFE_BY_RCU | SLAB_RECLAIM_ACCOUNT)

/* Marks in the top bits of page->index of the pages mymem owns. */
#define MYMEM_MAGIC_SLAB	0x4d53	/* "MS": a slab of a cache */
#define MYMEM_MAGIC_LARGE	0x4d4c	/* "ML": a large kmalloc */

/*
 * The state of a slab, kept in its head page's ->index so that it can be
 * read and changed as one word. ->free is the index + 1 of the first object
 * of the slab's own freelist (0: empty); the objects on it are chained
 * through their free pointers.
 */
union mymem_counters {
	unsigned long word;
	struct {
		unsigned long free:15;
		unsigned long inuse:15;
		unsigned long objects:15;
		unsigned long frozen:1;
		unsigned long unused:2;
		unsigned long magic:16;
	};
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
	struct page *slab;	/* frozen slab allocated from, or NULL */
	struct page *partial;	/* frozen partial slabs, via lru.next */
	unsigned int nr_partial;
	long live;		/* allocations minus frees made on this CPU */
};

/*
 * A cache's slabs on one NUMA node. list_lock protects the fields below it
 * and the counters and freelist of this node's slabs that no CPU has
 * frozen, and the freelists of frozen ones (see alloc.c).
 */
struct mymem_cache_node {
	spinlock_t list_lock;		/* see above */
	struct list_head partial;	/* slabs with free and used objects */
	unsigned long nr_partial;
	atomic_long_t nr_slabs;		/* every slab on this node */
	atomic_long_t total_objects;	/* objects in those slabs */
};

struct mymem_cache {
	struct mymem_cpu_slab __percpu *cpu_slab;
	unsigned int size;		/* object stride in the slab */
	unsigned int object_size;	/* what the user asked for */
	unsigned int offset;		/* free pointer offset in an object */
	unsigned int align;
	unsigned int order;		/* preferred slab order */
	unsigned int objects;		/* objects in a slab of @order */
	unsigned int min_order;		/* fallback when @order fails */
	unsigned long min_partial;	/* empty slabs a node may keep */
	unsigned int cpu_partial;	/* objects kept on per-CPU partials */
	unsigned int cpu_partial_slabs;	/* the same in slabs */
	struct reciprocal_value reciprocal_size;
	slab_flags_t flags;
	gfp_t allocflags;		/* added to every page allocation */
	void (*ctor)(void *obj);
	struct list_head list;		/* in mymem_caches */
	char name[MYMEM_NAME_MAX + 1];
	struct mymem_cache_node *node[MAX_NUMNODES];
};

/* Registry of every live cache, in creation order (cache.c). */
extern struct list_head mymem_caches;
extern struct mutex mymem_mutex;

/* Pages mymem holds from the page allocator, slabs and large kmallocs. */
extern atomic_long_t mymem_pages;

/* The /sys/kernel/mymem directory; NULL before mymem_sysfs_init(). */
extern struct kobject *mymem_kobj;

static inline union mymem_counters slab_counters(const struct page *slab)
{
	union mymem_counters c = { .word = READ_ONCE(slab->index) };

	return c;
}

static inline void set_slab_counters(struct page *slab, union mymem_counters c)
{
	WRITE_ONCE(slab->index, c.word);
}

static inline struct mymem_cache *slab_cache(const struct page *slab)
{
	return (struct mymem_cache *)slab->private;
}

/* Whether @node is neither NUMA_NO_NODE nor online; reported for @who. */
static inline bool mymem_bad_node(const char *who, int node)
{
	if (likely(node == NUMA_NO_NODE ||
		   (node >= 0 && node < MAX_NUMNODES && node_online(node))))
		return false;
	pr_warn("%s: allocation on invalid node %d\n", who, node);
	return true;
}

/* The slab of @obj if mymem gave it out from a cache, else NULL. */
static inline struct page *mymem_obj_slab(const void *obj)
{
	struct page *slab;

	if (unlikely(!virt_addr_valid(obj)))
		return NULL;
	slab = virt_to_head_page(obj);
	if (unlikely(slab_counters(slab).magic != MYMEM_MAGIC_SLAB))
		return NULL;
	return slab;
}

static inline void *get_freepointer(struct mymem_cache *s, void *obj)
{
	return *(void **)(obj + s->offset);
}

static inline void set_freepointer(struct mymem_cache *s, void *obj, void *fp)
{
	*(void **)(obj + s->offset) = fp;
}

static inline void *slab_object(struct mymem_cache *s, struct page *slab,
				unsigned int idx)
{
	return page_address(slab) + (size_t)idx * s->size;
}

static inline unsigned int slab_index(struct mymem_cache *s, struct page *slab,
				      const void *obj)
{
	return reciprocal_divide(obj - page_address(slab), s->reciprocal_size);
}

/* slab.c: slab pages and object layout */
int mymem_calculate_layout(struct mymem_cache *s);
struct page *mymem_alloc_pages(gfp_t gfp, int node, unsigned int order);
void mymem_free_pages(struct page *page);
struct page *mymem_new_slab(struct mymem_cache *s, gfp_t gfp, int node);
void mymem_discard_slab(struct mymem_cache *s, struct page *slab);

/* alloc.c: the slow paths and bulk; the fast paths are in alloc.h */
int mymem_slab_alloc_bulk(struct mymem_cache *s, gfp_t gfp, size_t nr, void **p);
void mymem_flush_cpu(struct mymem_cache *s, int cpu);
void mymem_flush_all(struct mymem_cache *s);
long mymem_cache_live(struct mymem_cache *s);
void mymem_set_cpu_partial(struct mymem_cache *s, unsigned int objects);

/* cache.c: creation, destruction, the registry */
struct mymem_cache *mymem_find_cache(const char *name);
void mymem_destroy_all(void);

/* stats.c: figures for the interfaces */
struct mymem_info {
	const char *name;
	unsigned long active_objs;	/* allocated and not freed */
	unsigned long num_objs;		/* in all slabs */
	unsigned long num_slabs;
	unsigned int objsize;
	unsigned int objs_per_slab;
	unsigned int order;
};

void mymem_get_info(struct mymem_cache *s, struct mymem_info *info);

/* shrink.c: shrink, the shrinker, CPU hotplug */
extern atomic_long_t mymem_shrinker_runs;
int mymem_shrink_init(void);
void mymem_shrink_exit(void);

/* kmalloc.c */
int mymem_kmalloc_init(void);
void mymem_kmalloc_exit(void);

int mymem_proc_init(void);
void mymem_proc_exit(void);
int mymem_sysfs_init(void);
void mymem_sysfs_exit(void);

#endif /* _MYMEM_INTERNAL_H */
