// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite mymem_gfp: what the allocation flags do. Zeroing follows
 * SLUB's slab_want_init_on_alloc() for every kind of cache, flag and path;
 * the page allocator sees no zone or mobility of the caller's, and a
 * slab's high-order attempt neither reclaims nor takes the reserves; DMA
 * requests get DMA memory or nothing.
 *
 * The page allocations a slab makes are seen on the kernel's
 * kmem:mm_page_alloc tracepoint; mymem's warnings on the console one.
 */
#include <kunit/test.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/tracepoint.h>

#include "internal.h"
#include "mymem_test_util.h"

/* --- what the page allocator was asked, and what the console said --- */

struct page_req {
	unsigned int order;
	gfp_t gfp;
	int migratetype;
	struct page *page;
};

#define MAX_REQS	16
static struct task_struct *watched;
static struct page_req reqs[MAX_REQS];
static atomic_t nr_reqs = ATOMIC_INIT(0);
static atomic_t ctor_zero_warnings = ATOMIC_INIT(0);

static void probe_page_alloc(void *data, struct page *page, unsigned int order,
			     gfp_t gfp, int migratetype)
{
	int i;

	if (current != READ_ONCE(watched))
		return;
	i = atomic_inc_return(&nr_reqs) - 1;
	if (i < MAX_REQS)
		reqs[i] = (struct page_req){ order, gfp, migratetype, page };
}

static void probe_console(void *data, const char *text, size_t len)
{
	if (strnstr(text, "__GFP_ZERO on a cache with a constructor", len))
		atomic_inc(&ctor_zero_warnings);
}

static int mymem_gfp_suite_init(struct kunit_suite *suite)
{
	int err = mymem_test_attach("mm_page_alloc", probe_page_alloc);

	if (err)
		return err;
	err = mymem_test_attach("console", probe_console);
	/* KUnit runs no suite_exit after a failed suite_init. */
	if (err)
		mymem_test_detach("mm_page_alloc", probe_page_alloc);
	return err;
}

static void mymem_gfp_suite_exit(struct kunit_suite *suite)
{
	mymem_test_detach("console", probe_console);
	mymem_test_detach("mm_page_alloc", probe_page_alloc);
}

/*
 * Record the page allocations this task makes from now on; the cases look
 * only at those of the slab they allocated from (the registry's xarray
 * and kmemleak allocate pages too).
 */
static void watch(void)
{
	atomic_set(&nr_reqs, 0);
	WRITE_ONCE(watched, current);
}

static int unwatch(void)
{
	WRITE_ONCE(watched, NULL);
	return min(atomic_read(&nr_reqs), MAX_REQS);
}

/* How many of the @n recorded allocations made the slab of @obj. */
static int slab_reqs(const void *obj, int n)
{
	int j, found = 0;

	for (j = 0; j < n; j++)
		found += reqs[j].page == virt_to_head_page(obj);
	return found;
}

/* Every cache a case made, destroyed whatever the case's outcome. */
struct gfp_ctx {
	struct mymem_cache *caches[4];
	int nr;
};

static struct mymem_cache *make(struct kunit *test, const char *name, unsigned int size,
				slab_flags_t flags, void (*ctor)(void *))
{
	struct gfp_ctx *x = test->priv;
	struct mymem_cache *s = mymem_cache_create(name, size, 0, flags, ctor);

	KUNIT_ASSERT_NOT_NULL(test, s);
	x->caches[x->nr++] = s;
	return s;
}

static int mymem_gfp_init(struct kunit *test)
{
	test->priv = kunit_kzalloc(test, sizeof(struct gfp_ctx), GFP_KERNEL);
	return test->priv ? 0 : -ENOMEM;
}

static void mymem_gfp_exit(struct kunit *test)
{
	struct gfp_ctx *x = test->priv;

	WRITE_ONCE(watched, NULL);
	while (x && x->nr)
		mymem_cache_destroy(x->caches[--x->nr]);
}

/* --- zeroing --- */

enum cache_kind { PLAIN, CTOR, TYPESAFE_RCU, POISONED };

struct zero_param {
	enum cache_kind kind;
	bool zero;		/* __GFP_ZERO */
	bool bulk;		/* mymem_cache_alloc_bulk() */
};

static const struct zero_param zero_params[] = {
	{ PLAIN, false, false }, { PLAIN, true, false }, { PLAIN, false, true },
	{ PLAIN, true, true }, { CTOR, false, false }, { CTOR, false, true },
	{ TYPESAFE_RCU, false, false }, { TYPESAFE_RCU, true, false },
	{ TYPESAFE_RCU, false, true }, { TYPESAFE_RCU, true, true },
	{ POISONED, false, false }, { POISONED, true, false },
};

static const char * const kind_names[] = { "plain", "ctor", "typesafe_by_rcu", "poison" };

static void zero_desc(const struct zero_param *p, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s%s%s", kind_names[p->kind],
		 p->zero ? " __GFP_ZERO" : "", p->bulk ? " bulk" : "");
}

KUNIT_ARRAY_PARAM(zero, zero_params, zero_desc);

#define OBJ_SIZE	96

static void ctor_fill(void *p)
{
	memset(p, 0x3c, OBJ_SIZE);
}

/*
 * SLUB's rule: __GFP_ZERO always zeroes; init_on_alloc zeroes plain
 * objects, but never a constructor's and those of SLAB_TYPESAFE_BY_RCU and
 * poisoned caches only on __GFP_ZERO.
 */
static bool want_zeroed(const struct zero_param *p)
{
	if (p->zero)
		return true;
	return want_init_on_alloc(GFP_KERNEL) && p->kind == PLAIN;
}

/* Objects written over, freed and allocated again come out as the rule says. */
static void zeroing(struct kunit *test)
{
	const struct zero_param *p = test->param_value;
	static const slab_flags_t flags[] = { 0, 0, SLAB_TYPESAFE_BY_RCU, SLAB_POISON };
	gfp_t gfp = GFP_KERNEL | (p->zero ? __GFP_ZERO : 0);
	struct mymem_cache *s;
	void *o[8];
	int round, i;

	s = make(test, "kunit_gfp_zero", OBJ_SIZE, flags[p->kind],
		 p->kind == CTOR ? ctor_fill : NULL);
	for (round = 0; round < 2; round++) {
		if (p->bulk) {
			KUNIT_ASSERT_EQ(test, mymem_cache_alloc_bulk(s, gfp, ARRAY_SIZE(o), o),
					(int)ARRAY_SIZE(o));
		} else {
			for (i = 0; i < ARRAY_SIZE(o); i++) {
				o[i] = mymem_cache_alloc(s, gfp);
				KUNIT_ASSERT_NOT_NULL(test, o[i]);
			}
		}
		for (i = 0; i < ARRAY_SIZE(o); i++) {
			/* The first round's objects are new; the second's were written. */
			if (want_zeroed(p))
				KUNIT_EXPECT_NULL_MSG(test, memchr_inv(o[i], 0, OBJ_SIZE),
						      "round %d object %d not zeroed", round, i);
			else if (round)
				KUNIT_EXPECT_NOT_NULL_MSG(test, memchr_inv(o[i], 0, OBJ_SIZE),
							  "object %d zeroed", i);
			memset(o[i], 0xdd, OBJ_SIZE);
		}
		if (p->bulk)
			mymem_cache_free_bulk(s, ARRAY_SIZE(o), o);
		else
			for (i = 0; i < ARRAY_SIZE(o); i++)
				mymem_cache_free(s, o[i]);
	}
}

/*
 * __GFP_ZERO on a constructor's cache is a caller's bug: warned about once,
 * and (as SLUB) the object is zeroed only without init_on_alloc.
 */
static void ctor_with_gfp_zero(struct kunit *test)
{
	struct mymem_cache *s = make(test, "kunit_gfp_ctor", OBJ_SIZE, 0, ctor_fill);
	int before = atomic_read(&ctor_zero_warnings);
	void *o = mymem_cache_alloc(s, GFP_KERNEL | __GFP_ZERO);

	KUNIT_ASSERT_NOT_NULL(test, o);
	if (want_init_on_alloc(GFP_KERNEL))
		KUNIT_EXPECT_NULL(test, memchr_inv(o, 0x3c, OBJ_SIZE));
	else
		KUNIT_EXPECT_NULL(test, memchr_inv(o, 0, OBJ_SIZE));
	mymem_cache_free(s, o);
	/* pr_warn_once(): this is the only case that makes the mistake. */
	KUNIT_EXPECT_EQ(test, atomic_read(&ctor_zero_warnings) - before, 1);
}

/* --- what the page allocator sees --- */

/*
 * A caller's __GFP_MOVABLE (or __GFP_HIGHMEM, a bug) does not make slab
 * pages movable: they are kernel memory that never moves.
 */
static void zone_and_mobility_masked(struct kunit *test)
{
	static const gfp_t extra[] = { __GFP_MOVABLE, __GFP_HIGHMEM | __GFP_MOVABLE,
				       __GFP_RECLAIMABLE };
	int i, j, n;

	for (i = 0; i < ARRAY_SIZE(extra); i++) {
		struct mymem_cache *s = make(test, i == 0 ? "kunit_gfp_mov0" :
					     i == 1 ? "kunit_gfp_mov1" : "kunit_gfp_mov2",
					     256, 0, NULL);
		void *o;

		watch();
		o = mymem_cache_alloc(s, GFP_KERNEL | extra[i]);
		n = unwatch();
		KUNIT_ASSERT_NOT_NULL(test, o);
		KUNIT_EXPECT_EQ(test, slab_reqs(o, n), 1);
		for (j = 0; j < n; j++) {
			if (reqs[j].page != virt_to_head_page(o))
				continue;
			KUNIT_EXPECT_FALSE(test, reqs[j].gfp & (__GFP_MOVABLE | __GFP_HIGHMEM |
							       __GFP_RECLAIMABLE));
			KUNIT_EXPECT_EQ(test, reqs[j].migratetype, (int)MIGRATE_UNMOVABLE);
		}
		KUNIT_EXPECT_NE(test, (int)page_zonenum(virt_to_page(o)), (int)ZONE_MOVABLE);
		mymem_cache_free(s, o);
	}
}

/* SLAB_RECLAIM_ACCOUNT slabs are reclaimable: the cache's mobility, not the caller's. */
static void reclaimable_cache(struct kunit *test)
{
	struct mymem_cache *s;
	void *o;
	int n, j;

	/* The kernel's CONFIG_SLUB_TINY defines the flag as 0: nothing to ask for. */
	if (IS_ENABLED(CONFIG_SLUB_TINY))
		kunit_skip(test, "SLAB_RECLAIM_ACCOUNT is 0 under CONFIG_SLUB_TINY");
	s = make(test, "kunit_gfp_reclaim", 256, SLAB_RECLAIM_ACCOUNT, NULL);
	watch();
	o = mymem_cache_alloc(s, GFP_KERNEL | __GFP_MOVABLE);
	n = unwatch();
	KUNIT_ASSERT_NOT_NULL(test, o);
	KUNIT_EXPECT_EQ(test, slab_reqs(o, n), 1);
	for (j = 0; j < n; j++)
		if (reqs[j].page == virt_to_head_page(o))
			KUNIT_EXPECT_EQ(test, reqs[j].migratetype, (int)MIGRATE_RECLAIMABLE);
	mymem_cache_free(s, o);
}

/*
 * A slab's preferred (higher) order is tried without direct reclaim and
 * without the reserves; only the minimum order may reclaim.
 */
static void high_order_no_reclaim(struct kunit *test)
{
	struct mymem_cache *s = make(test, "kunit_gfp_order", 1024, 0, NULL);
	int n, j, high = 0;
	void *o;

	KUNIT_ASSERT_GT(test, s->order, s->min_order);
	watch();
	o = mymem_cache_alloc(s, GFP_KERNEL);
	n = unwatch();
	KUNIT_ASSERT_NOT_NULL(test, o);
	for (j = 0; j < n; j++) {
		/* The failed attempts have no page: all attempts of a slab's order count. */
		if (reqs[j].order <= s->min_order ||
		    (reqs[j].page && reqs[j].page != virt_to_head_page(o)))
			continue;
		high++;
		KUNIT_EXPECT_FALSE(test, reqs[j].gfp & __GFP_DIRECT_RECLAIM);
		KUNIT_EXPECT_TRUE(test, reqs[j].gfp & __GFP_NOMEMALLOC);
		KUNIT_EXPECT_TRUE(test, reqs[j].gfp & __GFP_NORETRY);
		KUNIT_EXPECT_TRUE(test, reqs[j].gfp & __GFP_NOWARN);
	}
	KUNIT_EXPECT_EQ(test, high, 1);
	mymem_cache_free(s, o);
}

/* --- DMA --- */

/* A cache not made for DMA refuses DMA requests, single and bulk, and kmalloc too. */
static void dma_refused(struct kunit *test)
{
	struct mymem_cache *s = make(test, "kunit_gfp_nodma", 64, 0, NULL);
	void *o[2];

	KUNIT_EXPECT_NULL(test, mymem_cache_alloc(s, GFP_KERNEL | GFP_DMA));
	KUNIT_EXPECT_NULL(test, mymem_cache_alloc(s, GFP_KERNEL | GFP_DMA32));
	KUNIT_EXPECT_NULL(test, mymem_cache_alloc_node(s, GFP_KERNEL | GFP_DMA32,
						       first_online_node));
	KUNIT_EXPECT_EQ(test, mymem_cache_alloc_bulk(s, GFP_KERNEL | GFP_DMA32, 2, o), 0);
	KUNIT_EXPECT_NULL(test, mymem_kmalloc(100, GFP_KERNEL | GFP_DMA));
	KUNIT_EXPECT_NULL(test, mymem_kmalloc(100, GFP_KERNEL | GFP_DMA32));
	KUNIT_EXPECT_EQ(test, mymem_cache_live(s), 0L);
	if (!IS_ENABLED(CONFIG_ZONE_DMA))
		KUNIT_EXPECT_NULL(test, mymem_kmalloc(64 * 1024, GFP_KERNEL | GFP_DMA));
}

/* A SLAB_CACHE_DMA32 cache's objects are in ZONE_DMA32; GFP_DMA is not for it. */
static void dma32_cache(struct kunit *test)
{
	struct mymem_cache *s;
	void *o;

	if (!IS_ENABLED(CONFIG_ZONE_DMA32))
		kunit_skip(test, "no ZONE_DMA32 in this kernel");
	s = make(test, "kunit_gfp_dma32", 64, SLAB_CACHE_DMA32, NULL);
	o = mymem_cache_alloc(s, GFP_KERNEL | GFP_DMA32);
	KUNIT_ASSERT_NOT_NULL(test, o);
	KUNIT_EXPECT_EQ(test, (int)page_zonenum(virt_to_page(o)), (int)ZONE_DMA32);
	mymem_cache_free(s, o);
	o = mymem_cache_alloc(s, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, o);
	KUNIT_EXPECT_EQ(test, (int)page_zonenum(virt_to_page(o)), (int)ZONE_DMA32);
	mymem_cache_free(s, o);
	KUNIT_EXPECT_NULL(test, mymem_cache_alloc(s, GFP_KERNEL | GFP_DMA));
}

/* A DMA cache in a kernel without ZONE_DMA is refused at creation. */
static void dma_cache_without_zone(struct kunit *test)
{
	struct mymem_cache *s;

	if (IS_ENABLED(CONFIG_ZONE_DMA))
		kunit_skip(test, "this kernel has ZONE_DMA");
	s = mymem_cache_create("kunit_gfp_dma", 64, 0, SLAB_CACHE_DMA, NULL);
	KUNIT_EXPECT_NULL(test, s);
	if (s)
		mymem_cache_destroy(s);
}

static struct kunit_case mymem_gfp_cases[] = {
	KUNIT_CASE_PARAM(zeroing, zero_gen_params),
	KUNIT_CASE(ctor_with_gfp_zero),
	KUNIT_CASE(zone_and_mobility_masked),
	KUNIT_CASE(reclaimable_cache),
	KUNIT_CASE(high_order_no_reclaim),
	KUNIT_CASE(dma_refused),
	KUNIT_CASE(dma32_cache),
	KUNIT_CASE(dma_cache_without_zone),
	{}
};

static struct kunit_suite mymem_gfp_suite = {
	.name = "mymem_gfp",
	.suite_init = mymem_gfp_suite_init,
	.suite_exit = mymem_gfp_suite_exit,
	.init = mymem_gfp_init,
	.exit = mymem_gfp_exit,
	.test_cases = mymem_gfp_cases,
};

kunit_test_suite(mymem_gfp_suite);

MODULE_DESCRIPTION("KUnit tests for mymem's handling of allocation flags");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(MYMEM_NS);
