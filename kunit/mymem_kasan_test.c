// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite mymem_kasan: on a generic KASAN kernel, KASAN itself reports
 * a use-after-free of a mymem object and an access past its end (into the
 * slack of its last granule, or into a free neighbour), as it does for
 * SLUB's objects; valid accesses and reads of SLAB_TYPESAFE_BY_RCU objects
 * after their free stay silent. Skipped without KASAN.
 *
 * KASAN's reports are counted from the console tracepoint (as kfence_test
 * and mymem_kcsan do). They are printed and taint the kernel, so the suite
 * runs in a boot of its own, with kasan_multi_shot so that every report is
 * printed: MYMEM_RIG_OWN_BOOT, MYMEM_RIG_BOOT_ARGS=kasan_multi_shot.
 */
#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/workqueue.h>
#include <linux/rcupdate.h>
#include <linux/string.h>
#include <linux/tracepoint.h>

#include "internal.h"
#include "mymem_test_util.h"

static atomic_t uaf, oob;

static void probe_console(void *data, const char *text, size_t len)
{
	if (!strnstr(text, "BUG: KASAN: ", len))
		return;
	if (strnstr(text, "use-after-free", len))
		atomic_inc(&uaf);
	else if (strnstr(text, "out-of-bounds", len))
		atomic_inc(&oob);
}

static int mymem_kasan_suite_init(struct kunit_suite *suite)
{
	if (!IS_ENABLED(CONFIG_KASAN_GENERIC))
		return 0;
	return mymem_test_attach("console", probe_console);
}

static void mymem_kasan_suite_exit(struct kunit_suite *suite)
{
	if (IS_ENABLED(CONFIG_KASAN_GENERIC))
		mymem_test_detach("console", probe_console);
}

static int mymem_kasan_init(struct kunit *test)
{
	if (!IS_ENABLED(CONFIG_KASAN_GENERIC))
		kunit_skip(test, "the kernel has no generic KASAN");
	atomic_set(&uaf, 0);
	atomic_set(&oob, 0);
	return 0;
}

/* Destroys the case's cache whatever became of the case. */
static void mymem_kasan_exit(struct kunit *test)
{
	if (test->priv)
		mymem_cache_destroy(test->priv);
}

static struct mymem_cache *make(struct kunit *test, unsigned int size, slab_flags_t flags)
{
	struct mymem_cache *s = mymem_cache_create("kunit_kasan", size, 0, flags, NULL);

	KUNIT_ASSERT_NOT_NULL(test, s);
	test->priv = s;
	return s;
}

/*
 * The reports seen so far, after waiting for one more than @seen (up to a
 * second: since 6.12 the console may print a report after it is made).
 */
static int reports(atomic_t *count, int seen)
{
	int i;

	for (i = 0; i < 50 && atomic_read(count) <= seen; i++)
		msleep(20);
	return atomic_read(count);
}

/* Nothing was reported: after the same wait for a report to show. */
static int all_reports(void)
{
	return reports(&uaf, 0) + reports(&oob, 0);
}

static long touch_fn(void *p)
{
	return READ_ONCE(*(const u8 *)p);
}

/*
 * A read the compiler must make, of one byte the case names, done by a
 * worker: KASAN (6.12) fails the KUnit case that makes a bad access itself
 * unless the case is KASAN's own suite; the report is what is tested here.
 */
static u8 touch(const void *p)
{
	return work_on_cpu(raw_smp_processor_id(), touch_fn, (void *)p);
}

/* Reading a freed object: one use-after-free report. */
static void use_after_free(struct kunit *test)
{
	struct mymem_cache *s = make(test, 64, 0);
	u8 *o = mymem_cache_alloc(s, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, o);
	memset(o, 1, 64);
	KUNIT_EXPECT_EQ(test, touch(o + 63), 1);
	KUNIT_EXPECT_EQ(test, all_reports(), 0);
	mymem_cache_free(s, o);
	touch(o + 1);
	KUNIT_EXPECT_EQ(test, reports(&uaf, 0), 1);
}

/* A kmalloc buffer freed and read: the same report. */
static void kmalloc_use_after_free(struct kunit *test)
{
	u8 *o = mymem_kmalloc(100, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, o);
	mymem_kfree(o);
	touch(o + 50);
	KUNIT_EXPECT_EQ(test, reports(&uaf, 0), 1);
}

/* One byte past a 20-byte object (its stride is 24): out of bounds. */
static void past_the_end(struct kunit *test)
{
	struct mymem_cache *s = make(test, 20, 0);
	u8 *o = mymem_cache_alloc(s, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, o);
	touch(o + 19);
	KUNIT_EXPECT_EQ(test, reports(&oob, 0), 0);
	touch(o + 20);
	KUNIT_EXPECT_EQ(test, reports(&oob, 0), 1);
	mymem_cache_free(s, o);
}

/* Past the end of an object into its free neighbour: a report. */
static void into_free_neighbour(struct kunit *test)
{
	struct mymem_cache *s = make(test, 64, 0);
	u8 *a, *b;

	WRITE_ONCE(s->freelist_random, false);
	a = mymem_cache_alloc(s, GFP_KERNEL);
	b = mymem_cache_alloc(s, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, b);
	mymem_cache_free(s, b);
	/* Whichever neighbour is free now, the byte after @a is not @a's. */
	touch(a + s->size);
	KUNIT_EXPECT_EQ(test, all_reports(), 1);
	mymem_cache_free(s, a);
}

/* Bulk allocations are accessible whole, and poisoned again when freed in bulk. */
static void bulk(struct kunit *test)
{
	struct mymem_cache *s = make(test, 128, 0);
	void *o[16];
	u8 *first;
	int i;

	KUNIT_ASSERT_EQ(test, mymem_cache_alloc_bulk(s, GFP_KERNEL, 16, o), 16);
	for (i = 0; i < 16; i++)
		memset(o[i], i, 128);
	KUNIT_EXPECT_EQ(test, all_reports(), 0);
	first = o[0];
	mymem_cache_free_bulk(s, 16, o);
	touch(first);
	KUNIT_EXPECT_EQ(test, reports(&uaf, 0), 1);
}

/* SLAB_TYPESAFE_BY_RCU: a reader may look at a freed object. No report. */
static void typesafe_by_rcu_silent(struct kunit *test)
{
	struct mymem_cache *s = make(test, 64, SLAB_TYPESAFE_BY_RCU);
	u8 *o = mymem_cache_alloc(s, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, o);
	memset(o, 7, 64);
	rcu_read_lock();
	mymem_cache_free(s, o);
	/* Here, inside the read-side section: no report is expected. */
	KUNIT_EXPECT_EQ(test, touch_fn(o + 10), 7L);
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, all_reports(), 0);
}

static struct kunit_case mymem_kasan_cases[] = {
	KUNIT_CASE(use_after_free),
	KUNIT_CASE(kmalloc_use_after_free),
	KUNIT_CASE(past_the_end),
	KUNIT_CASE(into_free_neighbour),
	KUNIT_CASE(bulk),
	KUNIT_CASE(typesafe_by_rcu_silent),
	{}
};

static struct kunit_suite mymem_kasan_suite = {
	.name = "mymem_kasan",
	.suite_init = mymem_kasan_suite_init,
	.suite_exit = mymem_kasan_suite_exit,
	.init = mymem_kasan_init,
	.exit = mymem_kasan_exit,
	.test_cases = mymem_kasan_cases,
};

kunit_test_suite(mymem_kasan_suite);

MODULE_DESCRIPTION("KUnit tests for KASAN's view of mymem's objects");
MODULE_LICENSE("GPL");
