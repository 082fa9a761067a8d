/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mymem - a SLUB-style slab allocator as a loadable module.
 *
 * Public interface for client modules. Build against mymem's
 * Module.symvers (KBUILD_EXTRA_SYMBOLS) and load mymem.ko first.
 */
#ifndef _MYMEM_H
#define _MYMEM_H

#include <linux/bits.h>
#include <linux/types.h>
#include <linux/gfp.h>
#include <linux/slab.h>

#define MYMEM_VERSION "0.1.0"

/* Longest cache name, not counting the terminating NUL. */
#define MYMEM_NAME_MAX 63

struct mymem_cache;

/**
 * struct mymem_cache_args - what a cache is made with, beyond its size
 * @align: required alignment: 0 or a power of two up to PAGE_SIZE
 * @useroffset: start of the region copied to or from user space
 * @usersize: its length; 0 for none (accepted, not checked: noted once)
 * @ctor: constructor run once on each object when its slab is made, or NULL
 * @sheaf_capacity: objects a per-CPU sheaf holds: 0 for the default
 *	(mymem_default_sheaf_capacity()), MYMEM_NO_SHEAVES for none, else 1
 *	to MYMEM_MAX_SHEAF_CAPACITY; changeable later in sysfs
 *
 * The counterpart of 6.12's struct kmem_cache_args; the fields mean the same.
 */
struct mymem_cache_args {
	unsigned int align;
	unsigned int useroffset;
	unsigned int usersize;
	void (*ctor)(void *obj);
	unsigned int sheaf_capacity;
};

/* mymem_cache_args.sheaf_capacity: a cache without sheaves. */
#define MYMEM_NO_SHEAVES	UINT_MAX
/* The largest sheaf capacity: a sheaf is then one page. */
#define MYMEM_MAX_SHEAF_CAPACITY	509

struct mymem_cache *mymem_cache_create_args(const char *name, unsigned int size,
					    const struct mymem_cache_args *args,
					    slab_flags_t flags);
struct mymem_cache *mymem_cache_create(const char *name, unsigned int size,
				       unsigned int align, slab_flags_t flags,
				       void (*ctor)(void *));
int mymem_cache_destroy(struct mymem_cache *s);
void *mymem_cache_alloc(struct mymem_cache *s, gfp_t gfp);
void *mymem_cache_alloc_node(struct mymem_cache *s, gfp_t gfp, int node);
void mymem_cache_free(struct mymem_cache *s, void *obj);
int mymem_cache_alloc_bulk(struct mymem_cache *s, gfp_t gfp, size_t nr, void **p);
void mymem_cache_free_bulk(struct mymem_cache *s, size_t nr, void **p);
int mymem_cache_shrink(struct mymem_cache *s);
int mymem_cache_validate(struct mymem_cache *s);
unsigned int mymem_cache_size(struct mymem_cache *s);

void *mymem_kmalloc(size_t size, gfp_t gfp);
void *mymem_kmalloc_node(size_t size, gfp_t gfp, int node);
void *mymem_kzalloc(size_t size, gfp_t gfp);
void *mymem_krealloc(const void *p, size_t new_size, gfp_t gfp);
void mymem_kfree(const void *p);
size_t mymem_ksize(const void *p);
bool mymem_owns(const void *p);

struct rcu_head;
void __mymem_kfree_rcu(void *obj, void *head);
void mymem_kvfree_rcu_barrier(void);
void mymem_kvfree_rcu_barrier_on_cache(struct mymem_cache *s);

/**
 * mymem_kfree_rcu() - free an object after an RCU grace period
 * @ptr: the object (from mymem_kmalloc() or a mymem cache), or NULL
 * @rhf: the name of the struct rcu_head member of *@ptr
 *
 * As the kernel's kfree_rcu(): readers under rcu_read_lock() may go on
 * reading the object until the grace period ends. Objects of caches with
 * sheaves are batched on the CPU's rcu_free sheaf. @ptr is evaluated once.
 *
 * Context: any context.
 */
#define mymem_kfree_rcu(ptr, rhf)				\
do {								\
	typeof(ptr) ___p = (ptr);				\
								\
	if (___p)						\
		__mymem_kfree_rcu(___p, (void *)___p +		\
				  offsetof(typeof(*___p), rhf));	\
} while (0)

/**
 * mymem_kfree_rcu_mightsleep() - mymem_kfree_rcu() for an object without rcu_head
 * @ptr: the object, or NULL
 *
 * Context: process context: may wait for the grace period.
 */
#define mymem_kfree_rcu_mightsleep(ptr)	__mymem_kfree_rcu((ptr), NULL)

/* A prefilled sheaf (mymem_cache_prefill_sheaf()); opaque. */
struct mymem_sheaf;
struct mymem_sheaf *mymem_cache_prefill_sheaf(struct mymem_cache *s, gfp_t gfp,
					      unsigned int size);
int mymem_cache_refill_sheaf(struct mymem_cache *s, gfp_t gfp, struct mymem_sheaf **sheafp,
			     unsigned int size);
void *mymem_cache_alloc_from_sheaf(struct mymem_cache *s, gfp_t gfp, struct mymem_sheaf *sh);
void mymem_cache_return_sheaf(struct mymem_cache *s, gfp_t gfp, struct mymem_sheaf *sh);
unsigned int mymem_cache_sheaf_size(struct mymem_sheaf *sh);

long mymem_nr_pages(void);

/*
 * The handles of make redirect (mymem_redirect.h): a mymem cache reaches a
 * module as a struct kmem_cache * with bit 62 of its address flipped. That
 * is a non-canonical address: kernel code that takes it for one of SLUB's
 * caches faults at its first access, loudly, instead of corrupting memory.
 */
#define MYMEM_HANDLE_BIT	62

static inline struct kmem_cache *mymem_cache_handle(struct mymem_cache *s)
{
	return s ? (struct kmem_cache *)((unsigned long)s ^ BIT(MYMEM_HANDLE_BIT)) : NULL;
}

static inline bool mymem_is_handle(const struct kmem_cache *h)
{
	return ((unsigned long)h >> MYMEM_HANDLE_BIT) == 2;
}

static inline struct mymem_cache *mymem_handle_cache(const struct kmem_cache *h)
{
	return (struct mymem_cache *)((unsigned long)h ^ BIT(MYMEM_HANDLE_BIT));
}

#endif /* _MYMEM_H */
