/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mymem - a SLUB-style slab allocator as a loadable module.
 *
 * Public interface for client modules. Build against mymem's
 * Module.symvers (KBUILD_EXTRA_SYMBOLS) and load mymem.ko first.
 */
#ifndef _MYMEM_H
#define _MYMEM_H

#include <linux/types.h>
#include <linux/gfp.h>
#include <linux/slab.h>

#define MYMEM_VERSION "0.1.0"

/* Longest cache name, not counting the terminating NUL. */
#define MYMEM_NAME_MAX 63

struct mymem_cache;

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

long mymem_nr_pages(void);

#endif /* _MYMEM_H */
