// SPDX-License-Identifier: GPL-2.0
/*
 * Prefilled sheaves: objects reserved up front, where sleeping and failing
 * are allowed, and taken later where neither is (under a spinlock, in a
 * section that must not fail): SLUB's kmem_cache_prefill_sheaf() family of
 * 6.18, on mymem's sheaves (sheaf.c).
 *
 * The objects of a prefilled sheaf are allocated (counted in use, known to
 * kmemleak, accessible to KASAN): the user owns them until they are taken
 * or the sheaf is returned, and a cache with a sheaf out cannot be
 * destroyed. Taking one never allocates: it pops, and zeroes the object
 * when the flags or init_on_alloc ask for it.
 *
 * A sheaf of the cache's capacity comes full from the local node's barn
 * where it has one (its objects made allocated here), else empty from the
 * barn or new, and is filled by the bulk path. A request above the
 * capacity, or for a cache without sheaves or a debug cache, gets a sheaf
 * of its own size ("oversize"). Returned, the objects left are freed in
 * bulk (mymem_cache_free_bulk(): each checked as any free, those of a slab
 * given back together) and the sheaf goes to the barn as an empty one
 * where it fits, else is freed.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kmemleak.h>
#include <linux/slab.h>

#include "internal.h"
#include "alloc.h"

/* Fill @sh up to @size objects with the bulk path; nothing taken on failure. */
static int sheaf_fill(struct mymem_cache *s, gfp_t gfp, struct mymem_sheaf *sh,
		      unsigned int size)
{
	unsigned int n;

	if (sh->size >= size)
		return 0;
	n = size - sh->size;
	/* Zeroed when taken: the flags that count are those of the taking. */
	if (mymem_slab_alloc_bulk(s, gfp & ~__GFP_ZERO, n, sh->objects + sh->size) != n)
		return -ENOMEM;
	sh->size += n;
	return 0;
}

/* The objects of a full sheaf from the barn, free until now: allocated. */
static void sheaf_objects_out(struct mymem_cache *s, struct mymem_sheaf *sh, gfp_t gfp)
{
	unsigned int i;

	for (i = 0; i < sh->size; i++) {
		plain_object_out(s, sh->objects[i]);
		kmemleak_alloc_recursive(sh->objects[i], s->object_size, 1, s->flags, gfp);
	}
	this_cpu_sub(s->cpu_slab->sheaved, sh->size);
}

/**
 * mymem_cache_prefill_sheaf() - reserve objects of a cache in a sheaf
 * @s: the cache
 * @gfp: allocation flags for the objects and the sheaf
 * @size: how many objects at least
 *
 * The sheaf holds at least @size objects, more when a full one of the
 * cache's capacity was at hand. Take them with
 * mymem_cache_alloc_from_sheaf(), give the sheaf back with
 * mymem_cache_return_sheaf().
 *
 * Context: any context if @gfp does not allow sleeping.
 * Return: the sheaf, or NULL when the memory could not be had (nothing is
 * then reserved) or on bad input (reported).
 */
struct mymem_sheaf *mymem_cache_prefill_sheaf(struct mymem_cache *s, gfp_t gfp,
					      unsigned int size)
{
	unsigned int cap;
	struct mymem_sheaf *sh;
	int nid;

	if (unlikely(!s)) {
		pr_warn("%s: NULL cache\n", __func__);
		return NULL;
	}
	might_alloc(gfp);
	if (mymem_gfp_refused(s, gfp))
		return NULL;
	cap = READ_ONCE(s->sheaf_capacity);
	nid = mymem_local_node();
	if (!cap || size > cap || mymem_cache_debug(s)) {
		sh = mymem_sheaf_new(s, size, gfp, nid);
		mymem_stat_inc(s, SHEAF_PREFILL_OVERSIZE);
	} else {
		sh = mymem_barn_get(s, nid, true, cap);
		if (sh) {
			sheaf_objects_out(s, sh, gfp);
			mymem_stat_inc(s, SHEAF_PREFILL_FAST);
			return sh;
		}
		sh = mymem_barn_get(s, nid, false, cap) ?: mymem_sheaf_new(s, cap, gfp, nid);
		mymem_stat_inc(s, SHEAF_PREFILL_SLOW);
	}
	if (!sh)
		return NULL;
	if (sheaf_fill(s, gfp, sh, size)) {
		mymem_sheaf_free(s, sh);
		return NULL;
	}
	return sh;
}
EXPORT_SYMBOL_GPL(mymem_cache_prefill_sheaf);

/**
 * mymem_cache_refill_sheaf() - top a prefilled sheaf up
 * @s: the cache of the sheaf
 * @gfp: allocation flags
 * @sheafp: the sheaf; replaced by a larger one when @size exceeds its capacity
 * @size: how many objects it must hold at least
 *
 * Context: any context if @gfp does not allow sleeping.
 * Return: 0; -ENOMEM when the memory could not be had (the sheaf is then
 * as it was); -EINVAL on bad input (reported).
 */
int mymem_cache_refill_sheaf(struct mymem_cache *s, gfp_t gfp, struct mymem_sheaf **sheafp,
			     unsigned int size)
{
	struct mymem_sheaf *sh, *bigger;

	if (unlikely(!s || !sheafp || !*sheafp)) {
		pr_warn("%s: NULL %s\n", __func__, !s ? "cache" : "sheaf");
		return -EINVAL;
	}
	sh = *sheafp;
	if (sh->size >= size)
		return 0;
	might_alloc(gfp);
	if (mymem_gfp_refused(s, gfp))
		return -EINVAL;
	if (size <= sh->capacity)
		return sheaf_fill(s, gfp, sh, size);
	bigger = mymem_cache_prefill_sheaf(s, gfp, size);
	if (!bigger)
		return -ENOMEM;
	mymem_cache_return_sheaf(s, gfp, sh);
	*sheafp = bigger;
	return 0;
}
EXPORT_SYMBOL_GPL(mymem_cache_refill_sheaf);

/**
 * mymem_cache_alloc_from_sheaf() - take an object out of a prefilled sheaf
 * @s: the cache of the sheaf
 * @gfp: __GFP_ZERO to have it zeroed; nothing is allocated
 * @sh: the sheaf
 *
 * Never sleeps, never allocates, never fails while the sheaf holds objects.
 *
 * Context: any context.
 * Return: the object, or NULL when the sheaf is empty (or on bad input,
 * reported).
 */
void *mymem_cache_alloc_from_sheaf(struct mymem_cache *s, gfp_t gfp, struct mymem_sheaf *sh)
{
	void *obj;

	if (unlikely(!s || !sh)) {
		pr_warn("%s: NULL %s\n", __func__, !s ? "cache" : "sheaf");
		return NULL;
	}
	if (unlikely(!sh->size))
		return NULL;
	obj = sh->objects[--sh->size];
	mymem_sheaf_clear(sh, sh->size, sh->size + 1);
	if (unlikely(want_init_on_alloc_obj(s, gfp)))
		memset(obj, 0, s->object_size);
	return obj;
}
EXPORT_SYMBOL_GPL(mymem_cache_alloc_from_sheaf);

/**
 * mymem_cache_return_sheaf() - give a prefilled sheaf back
 * @s: the cache of the sheaf
 * @gfp: the caller's flags (the frees allocate nothing), as SLUB's
 * @sh: the sheaf, or NULL
 *
 * The objects left in it are freed (mymem_cache_free_bulk()); the sheaf
 * is kept for the cache's next use where it fits, else freed. @sh must not
 * be used afterwards.
 *
 * Context: any context.
 */
void mymem_cache_return_sheaf(struct mymem_cache *s, gfp_t gfp, struct mymem_sheaf *sh)
{
	if (!sh)
		return;
	if (unlikely(!s)) {
		pr_warn("%s: NULL cache (sheaf %p)\n", __func__, sh);
		return;
	}
	__mymem_cache_free_bulk(s, sh->size, sh->objects, _RET_IP_);
	sh->size = 0;
	if (sh->capacity == READ_ONCE(s->sheaf_capacity) && !mymem_cache_debug(s) &&
	    mymem_barn_put(s, mymem_local_node(), sh)) {
		mymem_stat_inc(s, SHEAF_RETURN_FAST);
		return;
	}
	mymem_stat_inc(s, SHEAF_RETURN_SLOW);
	mymem_sheaf_free(s, sh);
}
EXPORT_SYMBOL_GPL(mymem_cache_return_sheaf);

/**
 * mymem_cache_sheaf_size() - the objects left in a prefilled sheaf
 * @sh: the sheaf
 *
 * Context: any context.
 * Return: the count, 0 for NULL.
 */
unsigned int mymem_cache_sheaf_size(struct mymem_sheaf *sh)
{
	return sh ? sh->size : 0;
}
EXPORT_SYMBOL_GPL(mymem_cache_sheaf_size);
