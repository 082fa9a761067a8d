// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite mymem_sheaf_prefill: prefilled sheaves (mymem/prefill.c):
 * objects reserved up front and taken under a spinlock while every page
 * allocation of the cache fails, a full sheaf of the barn served whole,
 * sheaves above the capacity and for caches without sheaves or with
 * debugging, refills that grow a sheaf, zeroing when taken, the reserved
 * objects counted in use (destroy refuses while a sheaf is out), a change
 * of capacity meanwhile, and bad input refused.
 */
#include <kunit/test.h>
#include <linux/spinlock.h>

#include "internal.h"
#include "mymem_test_util.h"

static unsigned long stat(struct mymem_cache *s, enum mymem_stat_item item)
{
	return mymem_stat_sum(s, item);
}

static struct mymem_cache *prefill_cache(struct kunit *test, const char *name,
					 unsigned int capacity, slab_flags_t flags)
{
	struct mymem_cache_args args = { .sheaf_capacity = capacity };
	struct mymem_cache *s = mymem_test_cache_create_args(test, name, 64, &args, flags);

	KUNIT_ASSERT_NOT_NULL(test, s);
	return s;
}

/* A prefilled sheaf that a failed assertion leaves out goes back at the test's end. */
struct held_sheaf {
	struct mymem_cache *s;
	struct mymem_sheaf *sh;
};

static void held_sheaf_release(struct kunit_resource *res)
{
	struct held_sheaf *h = res->data;

	mymem_cache_return_sheaf(h->s, GFP_KERNEL, h->sh);
	kfree(h);
}

static struct held_sheaf *prefill(struct kunit *test, struct mymem_cache *s, unsigned int size)
{
	struct held_sheaf *h = kzalloc(sizeof(*h), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, h);
	h->s = s;
	h->sh = mymem_cache_prefill_sheaf(s, GFP_KERNEL, size);
	if (!kunit_alloc_resource(test, NULL, held_sheaf_release, GFP_KERNEL, h)) {
		mymem_cache_return_sheaf(s, GFP_KERNEL, h->sh);
		kfree(h);
		KUNIT_ASSERT_TRUE_MSG(test, false, "no memory for the test's resource");
	}
	KUNIT_ASSERT_NOT_NULL(test, h->sh);
	KUNIT_ASSERT_GE(test, mymem_cache_sheaf_size(h->sh), size);
	return h;
}

static void give_back(struct held_sheaf *h)
{
	mymem_cache_return_sheaf(h->s, GFP_KERNEL, h->sh);
	h->sh = NULL;
}

/*
 * The point of it: objects reserved before, taken under a spinlock while
 * every page allocation of the cache fails, none of them failing, and
 * the plain allocation failing meanwhile (the injection is real).
 */
static void take_under_spinlock_with_faults(struct kunit *test)
{
	struct mymem_cache *s = prefill_cache(test, "kunit_prefill_lock", 0, 0);
	void **objs = mymem_test_objs(test, s, 512);
	struct held_sheaf *h;
	unsigned int i, n, got = 0;
	spinlock_t lock;	/* the section that must not sleep or fail */
	long injected;
	void *plain;

	spin_lock_init(&lock);
	KUNIT_ASSERT_NOT_NULL(test, objs);
	/* One slab's worth exactly: nothing free left anywhere in the cache. */
	n = min(s->objects, 512U);
	h = prefill(test, s, n);
	KUNIT_EXPECT_EQ(test, mymem_cache_live(s), (long)mymem_cache_sheaf_size(h->sh));
	injected = atomic_long_read(&s->fault.injected);
	WRITE_ONCE(s->fault.percent, 100);
	spin_lock(&lock);
	plain = mymem_cache_alloc(s, GFP_ATOMIC);
	for (i = 0; i < n; i++) {
		objs[i] = mymem_cache_alloc_from_sheaf(s, GFP_ATOMIC, h->sh);
		got += !!objs[i];
	}
	spin_unlock(&lock);
	WRITE_ONCE(s->fault.percent, 0);
	KUNIT_EXPECT_EQ(test, got, n);
	KUNIT_EXPECT_NULL(test, plain);
	KUNIT_EXPECT_GT(test, atomic_long_read(&s->fault.injected), injected);
	if (plain)
		mymem_cache_free(s, plain);
	give_back(h);
	for (i = 0; i < n; i++) {
		mymem_cache_free(s, objs[i]);
		objs[i] = NULL;
	}
	KUNIT_EXPECT_EQ(test, mymem_cache_live(s), 0L);
	KUNIT_EXPECT_EQ(test, mymem_cache_validate(s), 0);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), 0);
}

/* The objects taken are distinct, usable, and the sheaf runs dry cleanly. */
static void take_until_empty(struct kunit *test)
{
	struct mymem_cache *s = prefill_cache(test, "kunit_prefill_dry", 8, 0);
	struct held_sheaf *h = prefill(test, s, 5);
	unsigned int i, j, n = mymem_cache_sheaf_size(h->sh);
	void *o[8] = {};

	KUNIT_ASSERT_LE(test, n, 8U);
	for (i = 0; i < n; i++) {
		o[i] = mymem_cache_alloc_from_sheaf(s, GFP_KERNEL, h->sh);
		KUNIT_ASSERT_NOT_NULL(test, o[i]);
		memset(o[i], i, 64);
		for (j = 0; j < i; j++)
			KUNIT_EXPECT_PTR_NE(test, o[i], o[j]);
	}
	KUNIT_EXPECT_EQ(test, mymem_cache_sheaf_size(h->sh), 0U);
	KUNIT_EXPECT_NULL(test, mymem_cache_alloc_from_sheaf(s, GFP_KERNEL, h->sh));
	give_back(h);
	KUNIT_EXPECT_EQ(test, mymem_cache_live(s), (long)n);
	for (i = 0; i < n; i++)
		mymem_cache_free(s, o[i]);
	KUNIT_EXPECT_EQ(test, mymem_cache_live(s), 0L);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), 0);
}

/* With a full sheaf in the barn: served whole, its objects in use now. */
static void fast_from_barn(struct kunit *test)
{
	struct mymem_cache *s = prefill_cache(test, "kunit_prefill_fast", 8, 0);
	void **objs = mymem_test_objs(test, s, 40);
	unsigned long fast = stat(s, SHEAF_PREFILL_FAST);
	struct held_sheaf *h;
	long parked;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, objs);
	migrate_disable();
	for (i = 0; i < 40; i++)
		objs[i] = mymem_cache_alloc(s, GFP_KERNEL);
	/* Main and spare fill, then full sheaves go to the barn. */
	for (i = 0; i < 40; i++) {
		mymem_cache_free(s, objs[i]);
		objs[i] = NULL;
	}
	parked = mymem_sheaf_objects(s);
	h = prefill(test, s, 5);
	migrate_enable();
	KUNIT_EXPECT_EQ(test, stat(s, SHEAF_PREFILL_FAST) - fast, 1UL);
	KUNIT_EXPECT_EQ(test, mymem_cache_sheaf_size(h->sh), 8U);
	KUNIT_EXPECT_EQ(test, mymem_sheaf_objects(s), parked - 8);
	KUNIT_EXPECT_EQ(test, mymem_cache_live(s), 8L);
	give_back(h);
	KUNIT_EXPECT_EQ(test, mymem_cache_live(s), 0L);
	KUNIT_EXPECT_EQ(test, mymem_cache_validate(s), 0);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), 0);
}

/* Above the capacity, without sheaves, with debugging: a sheaf of the size asked. */
struct oversize_param {
	const char *desc;
	unsigned int capacity;
	slab_flags_t flags;
};

static const struct oversize_param oversize_params[] = {
	{ "above the capacity", 8, 0 },
	{ "no sheaves", MYMEM_NO_SHEAVES, 0 },
	{ "debug cache", 8, SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER },
};

static void oversize_desc(const struct oversize_param *p, char *desc)
{
	strscpy(desc, p->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(oversize, oversize_params, oversize_desc);

static void oversize(struct kunit *test)
{
	const struct oversize_param *p = test->param_value;
	struct mymem_cache *s = prefill_cache(test, "kunit_prefill_big", p->capacity, p->flags);
	unsigned long big = stat(s, SHEAF_PREFILL_OVERSIZE);
	struct held_sheaf *h = prefill(test, s, 20);
	void *o;

	KUNIT_EXPECT_EQ(test, stat(s, SHEAF_PREFILL_OVERSIZE) - big, 1UL);
	KUNIT_EXPECT_EQ(test, mymem_cache_sheaf_size(h->sh), 20U);
	KUNIT_EXPECT_EQ(test, mymem_cache_live(s), 20L);
	o = mymem_cache_alloc_from_sheaf(s, GFP_KERNEL, h->sh);
	KUNIT_ASSERT_NOT_NULL(test, o);
	memset(o, 0x11, 64);
	mymem_cache_free(s, o);
	give_back(h);
	KUNIT_EXPECT_EQ(test, mymem_cache_live(s), 0L);
	KUNIT_EXPECT_EQ(test, mymem_cache_validate(s), 0);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), 0);
}

/* A refill within the capacity tops up; above it the sheaf is replaced. */
static void refill(struct kunit *test)
{
	struct mymem_cache *s = prefill_cache(test, "kunit_prefill_refill", 8, 0);
	struct held_sheaf *h = prefill(test, s, 3);
	void *o[2];

	KUNIT_EXPECT_EQ(test, mymem_cache_sheaf_size(h->sh), 3U);
	o[0] = mymem_cache_alloc_from_sheaf(s, GFP_KERNEL, h->sh);
	o[1] = mymem_cache_alloc_from_sheaf(s, GFP_KERNEL, h->sh);
	KUNIT_ASSERT_NOT_NULL(test, o[0]);
	KUNIT_ASSERT_NOT_NULL(test, o[1]);
	KUNIT_EXPECT_EQ(test, mymem_cache_refill_sheaf(s, GFP_KERNEL, &h->sh, 6), 0);
	KUNIT_EXPECT_EQ(test, mymem_cache_sheaf_size(h->sh), 6U);
	/* Enough already: nothing changes. */
	KUNIT_EXPECT_EQ(test, mymem_cache_refill_sheaf(s, GFP_KERNEL, &h->sh, 4), 0);
	KUNIT_EXPECT_EQ(test, mymem_cache_sheaf_size(h->sh), 6U);
	KUNIT_EXPECT_EQ(test, mymem_cache_refill_sheaf(s, GFP_KERNEL, &h->sh, 30), 0);
	KUNIT_EXPECT_EQ(test, mymem_cache_sheaf_size(h->sh), 30U);
	KUNIT_EXPECT_EQ(test, mymem_cache_live(s), 32L);
	/* Memory that cannot be had: -ENOMEM, the sheaf as it was. */
	s->fault.percent = 100;
	KUNIT_EXPECT_EQ(test, mymem_cache_refill_sheaf(s, GFP_KERNEL, &h->sh, 300), -ENOMEM);
	s->fault.percent = 0;
	KUNIT_EXPECT_EQ(test, mymem_cache_sheaf_size(h->sh), 30U);
	mymem_cache_free(s, o[0]);
	mymem_cache_free(s, o[1]);
	give_back(h);
	KUNIT_EXPECT_EQ(test, mymem_cache_live(s), 0L);
	KUNIT_EXPECT_EQ(test, mymem_cache_validate(s), 0);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), 0);
}

/* __GFP_ZERO when taking: zeroed, whatever the object held before. */
static void zeroed_when_taken(struct kunit *test)
{
	struct mymem_cache *s = prefill_cache(test, "kunit_prefill_zero", 8, 0);
	void *objs[24];
	struct held_sheaf *h;
	unsigned int i, n;
	char *o;

	migrate_disable();
	for (i = 0; i < 24; i++) {
		objs[i] = mymem_cache_alloc(s, GFP_KERNEL);
		KUNIT_EXPECT_NOT_NULL(test, objs[i]);
		if (objs[i])
			memset(objs[i], 0xa5, 64);
	}
	for (i = 0; i < 24; i++)
		mymem_cache_free(s, objs[i]);
	h = prefill(test, s, 8);
	migrate_enable();
	n = mymem_cache_sheaf_size(h->sh);
	for (i = 0; i < n; i++) {
		o = mymem_cache_alloc_from_sheaf(s, GFP_KERNEL | __GFP_ZERO, h->sh);
		KUNIT_ASSERT_NOT_NULL(test, o);
		KUNIT_EXPECT_PTR_EQ(test, memchr_inv(o, 0, 64), NULL);
		mymem_cache_free(s, o);
	}
	give_back(h);
	KUNIT_EXPECT_EQ(test, mymem_cache_live(s), 0L);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), 0);
}

/* Objects reserved are in use: destroy refuses until the sheaf is back. */
static void destroy_refused_while_out(struct kunit *test)
{
	struct mymem_cache *s = prefill_cache(test, "kunit_prefill_busy", 8, 0);
	struct held_sheaf *h = prefill(test, s, 4);

	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), -EBUSY);
	give_back(h);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), 0);
}

/* The capacity changes while a sheaf is out: returned, it is freed, not parked. */
static void capacity_change_meanwhile(struct kunit *test)
{
	struct mymem_cache *s = prefill_cache(test, "kunit_prefill_cap", 8, 0);
	unsigned long slow = stat(s, SHEAF_RETURN_SLOW);
	unsigned long fast = stat(s, SHEAF_RETURN_FAST);
	struct held_sheaf *h = prefill(test, s, 4);
	unsigned int full, empty, empties = 0;
	int nid;

	KUNIT_ASSERT_EQ(test, mymem_test_write(file_of(test, s, "sheaf_capacity"), "16"), 0);
	give_back(h);
	KUNIT_EXPECT_EQ(test, stat(s, SHEAF_RETURN_SLOW) - slow, 1UL);
	KUNIT_EXPECT_EQ(test, stat(s, SHEAF_RETURN_FAST), fast);
	/* Same capacity: the empty sheaf is kept in the barn. */
	h = prefill(test, s, 4);
	give_back(h);
	KUNIT_EXPECT_EQ(test, stat(s, SHEAF_RETURN_FAST) - fast, 1UL);
	for_each_node(nid) {
		mymem_barn_counts(s, nid, &full, &empty);
		empties += empty;
	}
	KUNIT_EXPECT_GE(test, empties, 1U);
	KUNIT_EXPECT_EQ(test, mymem_cache_live(s), 0L);
	KUNIT_EXPECT_EQ(test, mymem_cache_validate(s), 0);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), 0);
}

/* NULL cache or sheaf, flags the cache refuses: refused, nothing changes. */
static void bad_input(struct kunit *test)
{
	struct mymem_cache *s = prefill_cache(test, "kunit_prefill_bad", 8, 0);
	struct mymem_sheaf *none = NULL;

	KUNIT_EXPECT_NULL(test, mymem_cache_prefill_sheaf(NULL, GFP_KERNEL, 4));
	KUNIT_EXPECT_NULL(test, mymem_cache_alloc_from_sheaf(s, GFP_KERNEL, NULL));
	KUNIT_EXPECT_EQ(test, mymem_cache_refill_sheaf(s, GFP_KERNEL, &none, 4), -EINVAL);
	KUNIT_EXPECT_EQ(test, mymem_cache_refill_sheaf(s, GFP_KERNEL, NULL, 4), -EINVAL);
	KUNIT_EXPECT_EQ(test, mymem_cache_sheaf_size(NULL), 0U);
	mymem_cache_return_sheaf(s, GFP_KERNEL, NULL);
	/* DMA memory from a cache made for ordinary memory: refused, as by mymem_cache_alloc(). */
	KUNIT_EXPECT_NULL(test, mymem_cache_prefill_sheaf(s, GFP_KERNEL | GFP_DMA, 4));
	KUNIT_EXPECT_EQ(test, mymem_cache_live(s), 0L);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), 0);
}

static struct kunit_case mymem_sheaf_prefill_cases[] = {
	KUNIT_CASE(take_under_spinlock_with_faults),
	KUNIT_CASE(take_until_empty),
	KUNIT_CASE(fast_from_barn),
	KUNIT_CASE_PARAM(oversize, oversize_gen_params),
	KUNIT_CASE(refill),
	KUNIT_CASE(zeroed_when_taken),
	KUNIT_CASE(destroy_refused_while_out),
	KUNIT_CASE(capacity_change_meanwhile),
	KUNIT_CASE(bad_input),
	{}
};

static struct kunit_suite mymem_sheaf_prefill_suite = {
	.name = "mymem_sheaf_prefill",
	.test_cases = mymem_sheaf_prefill_cases,
};

kunit_test_suite(mymem_sheaf_prefill_suite);

MODULE_DESCRIPTION("KUnit tests of mymem's prefilled sheaves");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(MYMEM_NS);
