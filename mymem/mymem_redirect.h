/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mymem_redirect.h - the kernel's slab API served by mymem, for modules
 * built unchanged with "make redirect" (Documentation/mymem.rst, Drop-in).
 *
 * Read where the module includes <linux/slab.h>: redirect/linux/slab.h
 * stands in front of the kernel's (kbuild's NOSTDINC_FLAGS), includes it
 * and then this. The kernel's headers that declare the calls below are
 * read first, so that their own inline functions keep the kernel's
 * allocator; from here on every name below means mymem's.
 *
 * - Caches are mymem caches. Their struct kmem_cache * is a handle
 *   (mymem.h: mymem_cache_handle()) that faults on first use by kernel
 *   code; a real kernel cache passed in (names_cachep, say) still goes to
 *   the kernel.
 * - Frees go to whoever gave the memory out (mymem_owns()): memory the
 *   core kernel allocated and the module frees goes to the kernel's kfree().
 * - What cannot be served is an error at build time naming the call.
 */
#ifndef _MYMEM_REDIRECT_H
#define _MYMEM_REDIRECT_H

#include <linux/slab.h>
#include <linux/err.h>
#include <linux/overflow.h>
#include <linux/rcupdate.h>
#include <linux/string.h>

#include "mymem.h"

/* ---- The kernel's calls, bound before their names are taken ---- */

static __always_inline void *mymem_kernel_cache_alloc(struct kmem_cache *s, gfp_t gfp)
{
	return kmem_cache_alloc(s, gfp);
}

static __always_inline void *mymem_kernel_cache_alloc_node(struct kmem_cache *s, gfp_t gfp,
							   int node)
{
	return kmem_cache_alloc_node(s, gfp, node);
}

static __always_inline void *mymem_kernel_cache_alloc_lru(struct kmem_cache *s,
							  struct list_lru *lru, gfp_t gfp)
{
	return kmem_cache_alloc_lru(s, lru, gfp);
}

static __always_inline void mymem_kernel_cache_free(struct kmem_cache *s, void *p)
{
	kmem_cache_free(s, p);
}

static __always_inline int mymem_kernel_cache_alloc_bulk(struct kmem_cache *s, gfp_t gfp,
							 size_t nr, void **p)
{
	/* nr or 0 before 7.0, true or false since */
	return kmem_cache_alloc_bulk(s, gfp, nr, p) ? (int)nr : 0;
}

static __always_inline void mymem_kernel_cache_free_bulk(struct kmem_cache *s, size_t nr,
							 void **p)
{
	kmem_cache_free_bulk(s, nr, p);
}

static __always_inline void mymem_kernel_cache_destroy(struct kmem_cache *s)
{
	kmem_cache_destroy(s);
}

static __always_inline int mymem_kernel_cache_shrink(struct kmem_cache *s)
{
	return kmem_cache_shrink(s);
}

static __always_inline unsigned int mymem_kernel_cache_size(struct kmem_cache *s)
{
	return kmem_cache_size(s);
}

static __always_inline void mymem_kernel_kfree(const void *p)
{
	kfree(p);
}

static __always_inline void mymem_kernel_kfree_sensitive(const void *p)
{
	kfree_sensitive(p);
}

static __always_inline size_t mymem_kernel_ksize(const void *p)
{
	return ksize(p);
}

static __always_inline void *mymem_kernel_krealloc(const void *p, size_t size, gfp_t gfp)
{
	return krealloc(p, size, gfp);
}

/* 6.12 made kmem_cache_create() a macro taking struct kmem_cache_args. */
#ifdef kmem_cache_create
#define MYMEM_REDIRECT_CACHE_ARGS
#endif

/*
 * 6.18's sheaves: kmem_cache_args.sheaf_capacity and the prefilled sheaves,
 * whose kmem_cache_alloc_from_sheaf() came as a macro (alloc_hooks()).
 */
#ifdef kmem_cache_alloc_from_sheaf
#define MYMEM_REDIRECT_SHEAVES
#endif

/* ---- mymem's side, exported by mymem.ko (redirect.c) ---- */

void mymem_redirect_destroy(struct mymem_cache *s);
void *mymem_kvmalloc_node(size_t size, gfp_t gfp, int node);
void mymem_kvfree(const void *p);
void mymem_kvfree_sensitive(const void *p, size_t len);
void mymem_kvfree_atomic(const void *p);
void mymem_kfree_link(void *p);
char *mymem_kstrdup(const char *s, gfp_t gfp);
const char *mymem_kstrdup_const(const char *s, gfp_t gfp);
void mymem_kfree_const(const void *p);
char *mymem_kstrndup(const char *s, size_t max, gfp_t gfp);
void *mymem_kmemdup(const void *src, size_t len, gfp_t gfp);
char *mymem_kmemdup_nul(const char *s, size_t len, gfp_t gfp);
__printf(2, 3) char *mymem_kasprintf(gfp_t gfp, const char *fmt, ...);
__printf(2, 0) char *mymem_kvasprintf(gfp_t gfp, const char *fmt, va_list ap);
void *mymem_memdup_user(const void __user *src, size_t len);
void *mymem_memdup_user_nul(const void __user *src, size_t len);
void *mymem_vmemdup_user(const void __user *src, size_t len);
void *mymem_mempool_alloc_slab(gfp_t gfp, void *pool_data);
void mymem_mempool_free_slab(void *element, void *pool_data);
void *mymem_mempool_kmalloc(gfp_t gfp, void *pool_data);
void mymem_mempool_kfree(void *element, void *pool_data);
/* What kfree_rcu() expands to, with the kernel's own signature. */
extern typeof(kvfree_call_rcu) mymem_kvfree_call_rcu;
void mymem_kvfree_rcu_barrier(void);
void mymem_redirect_unserved_cache(struct kmem_cache *h, const char *call);

/* ---- The redirected calls ---- */

static inline struct kmem_cache *mymem_r_create_usercopy(const char *name, unsigned int size,
							 unsigned int align, slab_flags_t flags,
							 unsigned int useroffset,
							 unsigned int usersize,
							 void (*ctor)(void *))
{
	struct mymem_cache_args args = {
		.align = align, .useroffset = useroffset, .usersize = usersize, .ctor = ctor,
	};

	return mymem_cache_handle(mymem_cache_create_args(name, size, &args, flags));
}

static inline struct kmem_cache *mymem_r_create(const char *name, unsigned int size,
						unsigned int align, slab_flags_t flags,
						void (*ctor)(void *))
{
	return mymem_r_create_usercopy(name, size, align, flags, 0, 0, ctor);
}

#ifdef MYMEM_REDIRECT_CACHE_ARGS
/*
 * The free pointer offset is not needed: mymem keeps it out of such objects.
 * A sheaf capacity asked for (6.18) is the cache's (at most mymem's
 * largest); 0, which 7.x reads as its default, is mymem's default.
 */
static inline struct kmem_cache *mymem_r_create_args(const char *name, unsigned int size,
						     struct kmem_cache_args *args,
						     slab_flags_t flags)
{
	struct mymem_cache_args a = { };

	if (!args)
		return mymem_r_create(name, size, 0, flags, NULL);
	a.align = args->align;
	a.useroffset = args->useroffset;
	a.usersize = args->usersize;
	a.ctor = args->ctor;
#ifdef MYMEM_REDIRECT_SHEAVES
	a.sheaf_capacity = min_t(unsigned int, args->sheaf_capacity, MYMEM_MAX_SHEAF_CAPACITY);
#endif
	return mymem_cache_handle(mymem_cache_create_args(name, size, &a, flags));
}

static inline struct kmem_cache *mymem_r_create_default(const char *name, unsigned int size,
							void *args, slab_flags_t flags)
{
	return mymem_r_create(name, size, 0, flags, NULL);
}
#endif

static inline void mymem_r_cache_destroy(struct kmem_cache *h)
{
	if (!h)
		return;
	if (mymem_is_handle(h))
		mymem_redirect_destroy(mymem_handle_cache(h));
	else
		mymem_kernel_cache_destroy(h);
}

static __always_inline void *mymem_r_cache_alloc(struct kmem_cache *h, gfp_t gfp)
{
	if (likely(mymem_is_handle(h)))
		return mymem_cache_alloc(mymem_handle_cache(h), gfp);
	return mymem_kernel_cache_alloc(h, gfp);
}

static __always_inline void *mymem_r_cache_alloc_node(struct kmem_cache *h, gfp_t gfp, int node)
{
	if (likely(mymem_is_handle(h)))
		return mymem_cache_alloc_node(mymem_handle_cache(h), gfp, node);
	return mymem_kernel_cache_alloc_node(h, gfp, node);
}

/* No memory cgroups: the list_lru needs nothing from the allocator. */
static __always_inline void *mymem_r_cache_alloc_lru(struct kmem_cache *h, struct list_lru *lru,
						     gfp_t gfp)
{
	if (likely(mymem_is_handle(h)))
		return mymem_cache_alloc(mymem_handle_cache(h), gfp);
	return mymem_kernel_cache_alloc_lru(h, lru, gfp);
}

static __always_inline void mymem_r_cache_free(struct kmem_cache *h, void *p)
{
	if (likely(mymem_is_handle(h)))
		mymem_cache_free(mymem_handle_cache(h), p);
	else
		mymem_kernel_cache_free(h, p);
}

static __always_inline void mymem_r_kfree(const void *p)
{
	if (mymem_owns(p))
		mymem_kfree(p);
	else
		mymem_kernel_kfree(p);
}

static inline int mymem_r_cache_alloc_bulk(struct kmem_cache *h, gfp_t gfp, size_t nr, void **p)
{
	if (mymem_is_handle(h))
		return mymem_cache_alloc_bulk(mymem_handle_cache(h), gfp, nr, p);
	return mymem_kernel_cache_alloc_bulk(h, gfp, nr, p);
}

/* With no cache (kfree_bulk()), each object goes to its owner. */
static inline void mymem_r_cache_free_bulk(struct kmem_cache *h, size_t nr, void **p)
{
	size_t i;

	if (!h) {
		for (i = 0; i < nr; i++)
			mymem_r_kfree(p[i]);
	} else if (mymem_is_handle(h)) {
		mymem_cache_free_bulk(mymem_handle_cache(h), nr, p);
	} else {
		mymem_kernel_cache_free_bulk(h, nr, p);
	}
}

static inline unsigned int mymem_r_cache_size(struct kmem_cache *h)
{
	if (mymem_is_handle(h))
		return mymem_cache_size(mymem_handle_cache(h));
	return mymem_kernel_cache_size(h);
}

static inline int mymem_r_cache_shrink(struct kmem_cache *h)
{
	if (mymem_is_handle(h))
		return mymem_cache_shrink(mymem_handle_cache(h));
	return mymem_kernel_cache_shrink(h);
}

#ifdef MYMEM_REDIRECT_SHEAVES
/*
 * Prefilled sheaves of the module's own caches are mymem's (prefill.c); a
 * kernel cache's are refused (reported, NULL): kmem_cache_sheaf_size() has
 * no cache to tell whose a sheaf is, so every sheaf the module holds is
 * mymem's.
 */
static inline struct slab_sheaf *mymem_r_prefill_sheaf(struct kmem_cache *h, gfp_t gfp,
						       unsigned int size)
{
	if (mymem_is_handle(h))
		return (struct slab_sheaf *)mymem_cache_prefill_sheaf(mymem_handle_cache(h),
								      gfp, size);
	mymem_redirect_unserved_cache(h, "kmem_cache_prefill_sheaf");
	return NULL;
}

static inline int mymem_r_refill_sheaf(struct kmem_cache *h, gfp_t gfp,
				       struct slab_sheaf **sheafp, unsigned int size)
{
	if (mymem_is_handle(h))
		return mymem_cache_refill_sheaf(mymem_handle_cache(h), gfp,
						(struct mymem_sheaf **)sheafp, size);
	mymem_redirect_unserved_cache(h, "kmem_cache_refill_sheaf");
	return -EINVAL;
}

static inline void mymem_r_return_sheaf(struct kmem_cache *h, gfp_t gfp,
					struct slab_sheaf *sheaf)
{
	if (mymem_is_handle(h))
		mymem_cache_return_sheaf(mymem_handle_cache(h), gfp, (struct mymem_sheaf *)sheaf);
	else
		mymem_redirect_unserved_cache(h, "kmem_cache_return_sheaf");
}

static inline void *mymem_r_alloc_from_sheaf(struct kmem_cache *h, gfp_t gfp,
					     struct slab_sheaf *sheaf)
{
	if (mymem_is_handle(h))
		return mymem_cache_alloc_from_sheaf(mymem_handle_cache(h), gfp,
						    (struct mymem_sheaf *)sheaf);
	mymem_redirect_unserved_cache(h, "kmem_cache_alloc_from_sheaf");
	return NULL;
}

static inline unsigned int mymem_r_sheaf_size(struct slab_sheaf *sheaf)
{
	return mymem_cache_sheaf_size((struct mymem_sheaf *)sheaf);
}
#endif

/* The kernel's own is not exported: its objects are waited for as by kvfree_rcu_barrier(). */
static inline void mymem_r_kvfree_rcu_barrier_on_cache(struct kmem_cache *h)
{
	if (mymem_is_handle(h))
		mymem_kvfree_rcu_barrier_on_cache(mymem_handle_cache(h));
	else
		mymem_kvfree_rcu_barrier();
}

static __always_inline void *mymem_r_kmalloc_array_node(size_t n, size_t size, gfp_t gfp,
							int node)
{
	size_t bytes;

	if (unlikely(check_mul_overflow(n, size, &bytes)))
		return NULL;
	return mymem_kmalloc_node(bytes, gfp, node);
}

static inline size_t mymem_r_ksize(const void *p)
{
	if (mymem_owns(p))
		return mymem_ksize(p);
	return mymem_kernel_ksize(p);
}

/* Memory keeps its owner: a kernel allocation is resized by the kernel. */
static inline void *mymem_r_krealloc(const void *p, size_t size, gfp_t gfp)
{
	if (ZERO_OR_NULL_PTR(p) || mymem_owns(p))
		return mymem_krealloc(p, size, gfp);
	return mymem_kernel_krealloc(p, size, gfp);
}

static inline void *mymem_r_krealloc_array(void *p, size_t n, size_t size, gfp_t gfp)
{
	size_t bytes;

	if (unlikely(check_mul_overflow(n, size, &bytes)))
		return NULL;
	return mymem_r_krealloc(p, bytes, gfp);
}

static inline void mymem_r_kfree_sensitive(const void *p)
{
	if (mymem_owns(p)) {
		memzero_explicit((void *)p, mymem_ksize(p));
		mymem_kfree(p);
	} else {
		mymem_kernel_kfree_sensitive(p);
	}
}

static __always_inline void *mymem_r_kvmalloc_array_node(size_t n, size_t size, gfp_t gfp,
							 int node)
{
	size_t bytes;

	if (unlikely(check_mul_overflow(n, size, &bytes)))
		return NULL;
	return mymem_kvmalloc_node(bytes, gfp, node);
}

/* ---- The names ---- */

/*
 * 6.12+: kmem_cache_create(), KMEM_CACHE() and KMEM_CACHE_USERCOPY() are
 * the kernel's macros and expand to these names; 6.1: to kmem_cache_create().
 */
#ifdef MYMEM_REDIRECT_CACHE_ARGS
#define __kmem_cache_create_args		mymem_r_create_args
#define __kmem_cache_default_args		mymem_r_create_default
#define __kmem_cache_create			mymem_r_create
#else
#define kmem_cache_create			mymem_r_create
#endif
#undef kmem_cache_create_usercopy
#define kmem_cache_create_usercopy		mymem_r_create_usercopy

#undef kmem_cache_destroy
#undef kmem_cache_alloc
#undef kmem_cache_alloc_node
#undef kmem_cache_alloc_lru
#undef kmem_cache_zalloc
#undef kmem_cache_free
#undef kmem_cache_alloc_bulk
#undef kmem_cache_free_bulk
#undef kmem_cache_size
#undef kmem_cache_shrink
#define kmem_cache_destroy(s)			mymem_r_cache_destroy(s)
#define kmem_cache_alloc(s, gfp)		mymem_r_cache_alloc(s, gfp)
#define kmem_cache_alloc_node(s, gfp, node)	mymem_r_cache_alloc_node(s, gfp, node)
#define kmem_cache_alloc_lru(s, lru, gfp)	mymem_r_cache_alloc_lru(s, lru, gfp)
#define kmem_cache_zalloc(s, gfp)		mymem_r_cache_alloc(s, (gfp) | __GFP_ZERO)
#define kmem_cache_free(s, p)			mymem_r_cache_free(s, p)
#define kmem_cache_alloc_bulk(s, gfp, nr, p)	mymem_r_cache_alloc_bulk(s, gfp, nr, p)
#define kmem_cache_free_bulk(s, nr, p)		mymem_r_cache_free_bulk(s, nr, p)
#define kmem_cache_size(s)			mymem_r_cache_size(s)
#define kmem_cache_shrink(s)			mymem_r_cache_shrink(s)

#undef kmalloc
#undef kmalloc_node
#undef kzalloc
#undef kzalloc_node
#undef kmalloc_array
#undef kmalloc_array_node
#undef kcalloc
#undef kcalloc_node
#undef kmalloc_track_caller
#undef kmalloc_node_track_caller
#undef krealloc
#undef krealloc_array
#undef kfree
#undef kfree_sensitive
#undef ksize
#undef kfree_bulk
#define kmalloc(size, gfp)			mymem_kmalloc(size, gfp)
#define kmalloc_node(size, gfp, node)		mymem_kmalloc_node(size, gfp, node)
#define kzalloc(size, gfp)			mymem_kzalloc(size, gfp)
#define kzalloc_node(size, gfp, node)		kmalloc_node(size, (gfp) | __GFP_ZERO, node)
#define kmalloc_array(n, size, gfp)		kmalloc_array_node(n, size, gfp, NUMA_NO_NODE)
#define kmalloc_array_node(n, size, gfp, node)	mymem_r_kmalloc_array_node(n, size, gfp, node)
#define kcalloc(n, size, gfp)			kmalloc_array(n, size, (gfp) | __GFP_ZERO)
#define kcalloc_node(n, size, gfp, node)				\
	kmalloc_array_node(n, size, (gfp) | __GFP_ZERO, node)
#define kmalloc_track_caller(size, gfp)		mymem_kmalloc(size, gfp)
#define kmalloc_node_track_caller(size, gfp, node) mymem_kmalloc_node(size, gfp, node)
#define krealloc(p, size, gfp)			mymem_r_krealloc(p, size, gfp)
#define krealloc_array(p, n, size, gfp)		mymem_r_krealloc_array(p, n, size, gfp)
#define kfree					mymem_r_kfree
#define kfree_sensitive				mymem_r_kfree_sensitive
#define ksize					mymem_r_ksize
#define kfree_bulk(nr, p)			mymem_r_cache_free_bulk(NULL, nr, p)

#undef kfree_link
/* fs.h's symlink body release, given to set_delayed_call() by name. */
#define kfree_link				mymem_kfree_link

#undef kstrdup
#undef kstrdup_const
#undef kfree_const
#undef kstrndup
#undef kmemdup
#undef kmemdup_nul
#undef kasprintf
#undef kvasprintf
#undef memdup_user
#undef memdup_user_nul
#undef vmemdup_user
#define kstrdup(s, gfp)				mymem_kstrdup(s, gfp)
#define kstrdup_const(s, gfp)			mymem_kstrdup_const(s, gfp)
#define kfree_const				mymem_kfree_const
#define kstrndup(s, max, gfp)			mymem_kstrndup(s, max, gfp)
#define kmemdup(src, len, gfp)			mymem_kmemdup(src, len, gfp)
#define kmemdup_nul(s, len, gfp)		mymem_kmemdup_nul(s, len, gfp)
#define kasprintf(gfp, fmt, ...)		mymem_kasprintf(gfp, fmt, ##__VA_ARGS__)
#define kvasprintf(gfp, fmt, ap)		mymem_kvasprintf(gfp, fmt, ap)
#define memdup_user(src, len)			mymem_memdup_user(src, len)
#define memdup_user_nul(src, len)		mymem_memdup_user_nul(src, len)
#define vmemdup_user(src, len)			mymem_vmemdup_user(src, len)

/* kfree_rcu(), kvfree_rcu() and kfree_rcu_mightsleep() expand to this. */
#define kvfree_call_rcu				mymem_kvfree_call_rcu
#undef kvfree_rcu_barrier
#define kvfree_rcu_barrier			mymem_kvfree_rcu_barrier

/* The cleanup classes: __free(kfree) and __free(kvfree) free to the owner. */
#ifdef DEFINE_FREE
static inline void __free_mymem_kfree(void *p)
{
	void *obj = *(void **)p;

	if (!IS_ERR_OR_NULL(obj))
		mymem_r_kfree(obj);
}

static inline void __free_mymem_kvfree(void *p)
{
	void *obj = *(void **)p;

	if (!IS_ERR_OR_NULL(obj))
		mymem_kvfree(obj);
}

static inline void __free_mymem_kfree_sensitive(void *p)
{
	void *obj = *(void **)p;

	if (!IS_ERR_OR_NULL(obj))
		mymem_r_kfree_sensitive(obj);
}

static inline void __free_mymem_kvfree_atomic(void *p)
{
	void *obj = *(void **)p;

	if (!IS_ERR_OR_NULL(obj))
		mymem_kvfree_atomic(obj);
}

#define __free_kfree				__free_mymem_kfree
#define __free_kvfree				__free_mymem_kvfree
#define __free_kfree_sensitive			__free_mymem_kfree_sensitive
#define __free_kvfree_atomic			__free_mymem_kvfree_atomic
#endif

/*
 * Calls mymem cannot serve: an error at build time, naming the call, so
 * that nothing reaches the kernel's allocator with a mymem handle or
 * mymem's memory.
 */
#define MYMEM_UNSERVED(call)							\
	((void *)sizeof(struct {						\
		static_assert(0, "make redirect: " #call "() is not served by mymem"); \
		int unserved;							\
	}))
#undef kmem_cache_charge
#undef kmem_buckets_create
#undef kmem_buckets_alloc
#undef kmem_buckets_alloc_track_caller
#undef kmem_buckets_valloc
#undef kmalloc_nolock
#undef kfree_nolock
#undef kmem_cache_prefill_sheaf
#undef kmem_cache_refill_sheaf
#undef kmem_cache_return_sheaf
#undef kmem_cache_alloc_from_sheaf
#undef kmem_cache_sheaf_size
#undef kmem_dump_obj
#undef kfree_rcu_nolock
#undef krealloc_node
#undef krealloc_node_align
#undef kvrealloc_node
#undef kvrealloc_node_align
#undef kvfree_rcu_barrier_on_cache
#define kmem_cache_charge(...)			MYMEM_UNSERVED(kmem_cache_charge)
#define kmem_buckets_create(...)		MYMEM_UNSERVED(kmem_buckets_create)
#define kmem_buckets_alloc(...)			MYMEM_UNSERVED(kmem_buckets_alloc)
#define kmem_buckets_alloc_track_caller(...)	MYMEM_UNSERVED(kmem_buckets_alloc_track_caller)
#define kmem_buckets_valloc(...)		MYMEM_UNSERVED(kmem_buckets_valloc)
#define kmalloc_nolock(...)			MYMEM_UNSERVED(kmalloc_nolock)
#define kfree_nolock(...)			MYMEM_UNSERVED(kfree_nolock)
#ifdef MYMEM_REDIRECT_SHEAVES
#define kmem_cache_prefill_sheaf		mymem_r_prefill_sheaf
#define kmem_cache_refill_sheaf			mymem_r_refill_sheaf
#define kmem_cache_return_sheaf			mymem_r_return_sheaf
#define kmem_cache_alloc_from_sheaf		mymem_r_alloc_from_sheaf
#define kmem_cache_sheaf_size			mymem_r_sheaf_size
#else
#define kmem_cache_prefill_sheaf(...)		MYMEM_UNSERVED(kmem_cache_prefill_sheaf)
#define kmem_cache_refill_sheaf(...)		MYMEM_UNSERVED(kmem_cache_refill_sheaf)
#define kmem_cache_return_sheaf(...)		MYMEM_UNSERVED(kmem_cache_return_sheaf)
#define kmem_cache_alloc_from_sheaf(...)	MYMEM_UNSERVED(kmem_cache_alloc_from_sheaf)
#define kmem_cache_sheaf_size(...)		MYMEM_UNSERVED(kmem_cache_sheaf_size)
#endif
#define kmem_dump_obj(...)			MYMEM_UNSERVED(kmem_dump_obj)
#define kfree_rcu_nolock(...)			MYMEM_UNSERVED(kfree_rcu_nolock)
#define krealloc_node(...)			MYMEM_UNSERVED(krealloc_node)
#define krealloc_node_align(...)		MYMEM_UNSERVED(krealloc_node_align)
#define kvrealloc_node(...)			MYMEM_UNSERVED(kvrealloc_node)
#define kvrealloc_node_align(...)		MYMEM_UNSERVED(kvrealloc_node_align)
#define kvfree_rcu_barrier_on_cache		mymem_r_kvfree_rcu_barrier_on_cache

#endif /* _MYMEM_REDIRECT_H */

/*
 * The kvmalloc() family and the mempool helpers are named here only once
 * the header that declares them is read whole, as some define them as
 * inline functions (6.1's <linux/mm.h>, <linux/mempool.h>), which the names
 * must not reach: in <linux/slab.h> since 6.10 (kvmalloc is a macro then);
 * 6.1's <linux/mm.h> and every line's <linux/mempool.h> are read through
 * redirect/linux/ as <linux/slab.h> is, which says when they are done. A
 * file that includes this header itself after all of its own says so with
 * MYMEM_REDIRECT_AFTER_HEADERS.
 */
#if !defined(_MYMEM_REDIRECT_KV) && \
	(defined(kvmalloc) || defined(MYMEM_MM_H_DONE) || defined(MYMEM_REDIRECT_AFTER_HEADERS))
#define _MYMEM_REDIRECT_KV
#undef kvmalloc
#undef kvzalloc
#undef kvmalloc_node
#undef kvzalloc_node
#undef kvmalloc_array
#undef kvmalloc_array_node
#undef kvcalloc
#undef kvcalloc_node
#undef kvfree
#undef kvfree_sensitive
#undef kvfree_atomic
#define kvmalloc(size, gfp)			mymem_kvmalloc_node(size, gfp, NUMA_NO_NODE)
#define kvzalloc(size, gfp)			kvmalloc(size, (gfp) | __GFP_ZERO)
#define kvmalloc_node(size, gfp, node)		mymem_kvmalloc_node(size, gfp, node)
#define kvzalloc_node(size, gfp, node)		kvmalloc_node(size, (gfp) | __GFP_ZERO, node)
#define kvmalloc_array(n, size, gfp)		kvmalloc_array_node(n, size, gfp, NUMA_NO_NODE)
#define kvmalloc_array_node(n, size, gfp, node)	mymem_r_kvmalloc_array_node(n, size, gfp, node)
#define kvcalloc(n, size, gfp)			kvmalloc_array(n, size, (gfp) | __GFP_ZERO)
#define kvcalloc_node(n, size, gfp, node)				\
	kvmalloc_array_node(n, size, (gfp) | __GFP_ZERO, node)
#define kvfree					mymem_kvfree
#define kvfree_sensitive(p, len)		mymem_kvfree_sensitive(p, len)
#define kvfree_atomic				mymem_kvfree_atomic
#undef kvrealloc
#define kvrealloc(...)				MYMEM_UNSERVED(kvrealloc)
#endif

#if !defined(_MYMEM_REDIRECT_MEMPOOL) && \
	(defined(MYMEM_MEMPOOL_H_DONE) || defined(MYMEM_REDIRECT_AFTER_HEADERS))
#define _MYMEM_REDIRECT_MEMPOOL
#undef mempool_create_slab_pool
#undef mempool_init_slab_pool
#undef mempool_create_kmalloc_pool
#undef mempool_init_kmalloc_pool
#define mempool_alloc_slab			mymem_mempool_alloc_slab
#define mempool_free_slab			mymem_mempool_free_slab
#define mempool_kmalloc				mymem_mempool_kmalloc
#define mempool_kfree				mymem_mempool_kfree
#define mempool_create_slab_pool(min, s)					\
	mempool_create(min, mymem_mempool_alloc_slab, mymem_mempool_free_slab,	\
		       (void *)(s))
#define mempool_init_slab_pool(pool, min, s)					\
	mempool_init(pool, min, mymem_mempool_alloc_slab, mymem_mempool_free_slab, \
		     (void *)(s))
#define mempool_create_kmalloc_pool(min, size)					\
	mempool_create(min, mymem_mempool_kmalloc, mymem_mempool_kfree,		\
		       (void *)(size_t)(size))
#define mempool_init_kmalloc_pool(pool, min, size)				\
	mempool_init(pool, min, mymem_mempool_kmalloc, mymem_mempool_kfree,	\
		     (void *)(size_t)(size))

#endif
