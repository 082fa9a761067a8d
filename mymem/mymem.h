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
 *
 * The counterpart of 6.12's struct kmem_cache_args; the fields mean the same.
 */
struct mymem_cache_args {
	unsigned int align;
	unsigned int useroffset;
	unsigned int usersize;
	void (*ctor)(void *obj);
};

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
