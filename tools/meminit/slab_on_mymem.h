/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Force-included into the kernel's lib/test_meminit.c (unchanged): its slab
 * and kmalloc calls go to mymem, its page and vmalloc calls stay the
 * kernel's. The kernel's headers come first, so that their declarations are
 * read before the names below are redirected.
 */
#ifndef _MYMEM_SLAB_ON_MYMEM_H
#define _MYMEM_SLAB_ON_MYMEM_H

/* test_meminit.c's own, token for token: the kernel headers below need one. */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "mymem.h"

/* 6.12+ spell several of these as macros (alloc_hooks, _Generic). */
#undef kmem_cache_create
#undef kmem_cache_destroy
#undef kmem_cache_alloc
#undef kmem_cache_free
#undef kmem_cache_alloc_bulk
#undef kmem_cache_free_bulk
#undef kmalloc
#undef kfree
#undef kmalloc_array

/* The test only passes the handle back: it stands for a mymem cache. */
#define MYMEM_C(s)		((struct mymem_cache *)(s))
#define kmem_cache_create(n, sz, a, f, c) \
	((struct kmem_cache *)mymem_cache_create(n, sz, a, f, c))
#define kmem_cache_destroy(s)	((void)mymem_cache_destroy(MYMEM_C(s)))
#define kmem_cache_alloc(s, g)	mymem_cache_alloc(MYMEM_C(s), g)
#define kmem_cache_free(s, o)	mymem_cache_free(MYMEM_C(s), o)
#define kmem_cache_alloc_bulk(s, g, n, p) mymem_cache_alloc_bulk(MYMEM_C(s), g, n, p)
#define kmem_cache_free_bulk(s, n, p) mymem_cache_free_bulk(MYMEM_C(s), n, p)
#define kmalloc			mymem_kmalloc
#define kfree			mymem_kfree

static inline void *mymem_kmalloc_array(size_t n, size_t size, gfp_t gfp)
{
	size_t bytes;

	if (unlikely(check_mul_overflow(n, size, &bytes)))
		return NULL;
	return mymem_kmalloc(bytes, gfp);
}

#define kmalloc_array		mymem_kmalloc_array

#endif /* _MYMEM_SLAB_ON_MYMEM_H */
