// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite mymem_sheaf: the per-CPU sheaves and the nodes' barns in
 * front of the CPU slab (mymem/sheaf.c): capacity at create time and on a
 * live cache under traffic from every CPU, exchange with the spare and the
 * barn, the figures (objects parked count as free), shrink, CPU hotplug
 * with full sheaves, interrupts, debug caches, and double frees found on
 * the top of a sheaf or inside one, and bulk allocations and frees
 * through the sheaves.
 *
 * Double frees are reported on purpose: the suite runs in a boot of its
 * own, MYMEM_RIG_OWN_BOOT, its reports read off the console tracepoint.
 * The boot has 4 CPUs, so that traffic and hotplug have CPUs to use.
 */
#include <kunit/test.h>
#include <linux/cpu.h>
#include <linux/delay.h>
#include <linux/hrtimer.h>
#include <linux/kthread.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include "internal.h"
#include "mymem_test_util.h"

static struct mymem_test_reports reports;

static int mymem_sheaf_suite_init(struct kunit_suite *suite)
{
	return mymem_test_reports_start(&reports);
}

static void mymem_sheaf_suite_exit(struct kunit_suite *suite)
{
	mymem_test_reports_stop(&reports);
}

static struct mymem_cache *sheaf_cache(struct kunit *test, const char *name, unsigned int size,
				       unsigned int capacity, slab_flags_t flags)
{
	struct mymem_cache_args args = { .sheaf_capacity = capacity };
	struct mymem_cache *s = mymem_test_cache_create_args(test, name, size, &args, flags);

	KUNIT_ASSERT_NOT_NULL(test, s);
	return s;
}

/* As a user sets it: through sysfs. */
static int set_capacity(struct kunit *test, struct mymem_cache *s, unsigned long cap)
{
	char val[16];

	snprintf(val, sizeof(val), "%lu", cap);
	return mymem_test_write(file_of(test, s, "sheaf_capacity"), val);
}

/* A cache's active_objs and sharedavail in /proc/myslabinfo. */
static void proc_figures(struct kunit *test, struct mymem_cache *s, long *active, long *shared)
{
	char *buf = kunit_kzalloc(test, 4 * PAGE_SIZE, GFP_KERNEL);
	char name[72], *line;
	int n;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_GT(test, mymem_test_read("/proc/myslabinfo", buf, 4 * PAGE_SIZE), 0L);
	snprintf(name, sizeof(name), "\n%s ", s->name);
	line = strstr(buf, name);
	KUNIT_ASSERT_NOT_NULL(test, line);
	n = sscanf(line + strlen(name),
		   "%ld %*u %*u %*u %*u : tunables %*u %*u %*u : slabdata %*u %*u %ld",
		   active, shared);
	KUNIT_ASSERT_EQ(test, n, 2);
}

static unsigned long stat(struct mymem_cache *s, enum mymem_stat_item item)
{
	return mymem_stat_sum(s, item);
}

/* An allocation and its free on one CPU. */
static void pair(struct mymem_cache *s)
{
	void *o;

	migrate_disable();
	o = mymem_cache_alloc(s, GFP_KERNEL);
	mymem_cache_free(s, o);
	migrate_enable();
}

/* --- capacity --- */

/* The default: within its bounds, filling its kmalloc size class. */
static void default_capacity(struct kunit *test)
{
	static const unsigned int sizes[] = { 8, 64, 192, 1024, 4096, 32768 };
	unsigned int i, cap;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		struct mymem_cache *s = sheaf_cache(test, "kunit_sheaf_default", sizes[i], 0, 0);
		size_t bytes = sizeof(struct mymem_sheaf) + s->sheaf_capacity * sizeof(void *);

		cap = s->sheaf_capacity;
		KUNIT_EXPECT_EQ(test, cap, mymem_default_sheaf_capacity(s));
		KUNIT_EXPECT_GE_MSG(test, cap, 4U, "size %u", sizes[i]);
		KUNIT_EXPECT_LE(test, cap, (unsigned int)MYMEM_MAX_SHEAF_CAPACITY);
		/* No pointer more would fit the same kmalloc size class. */
		KUNIT_EXPECT_EQ(test, kmalloc_size_roundup(bytes), bytes);
		/* At least the objects of a slab, up to 60. */
		KUNIT_EXPECT_GE(test, cap, min(s->objects, 60U));
		KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), 0);
	}
}

/* A capacity asked for at create time, and none. */
static void create_capacity(struct kunit *test)
{
	struct mymem_cache *s = sheaf_cache(test, "kunit_sheaf_cap", 64, 7, 0);
	struct mymem_cache_args args = { .sheaf_capacity = MYMEM_MAX_SHEAF_CAPACITY + 1 };

	KUNIT_EXPECT_EQ(test, s->sheaf_capacity, 7U);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), 0);
	s = sheaf_cache(test, "kunit_sheaf_none", 64, MYMEM_NO_SHEAVES, 0);
	KUNIT_EXPECT_EQ(test, s->sheaf_capacity, 0U);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), 0);
	s = mymem_test_cache_create_args(test, "kunit_sheaf_big", 64, &args, 0);
	KUNIT_EXPECT_NULL(test, s);
}

/* Frees push onto the main sheaf; allocations pop the last one freed. */
static void lifo_on_one_cpu(struct kunit *test)
{
	struct mymem_cache *s = sheaf_cache(test, "kunit_sheaf_lifo", 64, 16, 0);
	unsigned long pops, pushes;
	void *a, *b, *c;
	long parked;

	migrate_disable();
	a = mymem_cache_alloc(s, GFP_KERNEL);
	b = mymem_cache_alloc(s, GFP_KERNEL);
	pushes = stat(s, FREE_CPU_SHEAF);
	pops = stat(s, ALLOC_CPU_SHEAF);
	/* A refill parks the objects it took beyond the one handed out. */
	parked = mymem_sheaf_objects(s);
	mymem_cache_free(s, a);
	mymem_cache_free(s, b);
	KUNIT_EXPECT_EQ(test, mymem_sheaf_objects(s), parked + 2);
	c = mymem_cache_alloc(s, GFP_KERNEL);
	migrate_enable();
	KUNIT_EXPECT_PTR_EQ(test, c, b);
	KUNIT_EXPECT_EQ(test, stat(s, FREE_CPU_SHEAF) - pushes, 2UL);
	KUNIT_EXPECT_EQ(test, stat(s, ALLOC_CPU_SHEAF) - pops, 1UL);
	KUNIT_EXPECT_EQ(test, mymem_cache_live(s), 1L);
	mymem_cache_free(s, c);
	KUNIT_EXPECT_EQ(test, mymem_cache_live(s), 0L);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), 0);
}

/* Capacity 0: the CPU slab alone, as before sheaves. */
static void capacity_zero_bypasses(struct kunit *test)
{
	struct mymem_cache *s = sheaf_cache(test, "kunit_sheaf_off", 64, MYMEM_NO_SHEAVES, 0);
	void *o[8];
	int i;

	for (i = 0; i < ARRAY_SIZE(o); i++)
		o[i] = mymem_cache_alloc(s, GFP_KERNEL);
	for (i = 0; i < ARRAY_SIZE(o); i++)
		mymem_cache_free(s, o[i]);
	KUNIT_EXPECT_EQ(test, stat(s, ALLOC_CPU_SHEAF) + stat(s, FREE_CPU_SHEAF), 0UL);
	KUNIT_EXPECT_EQ(test, stat(s, SHEAF_ALLOC), 0UL);
	KUNIT_EXPECT_EQ(test, mymem_sheaf_objects(s), 0L);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), 0);
}

/*
 * Many times the capacity allocated and freed in one go: the main sheaf
 * fills, goes to the spare and the barn, and comes back; the counts agree.
 */
static const unsigned int capacities[] = { 1, 4, 30, 61, MYMEM_MAX_SHEAF_CAPACITY };

static void capacity_desc(const unsigned int *cap, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "capacity %u", *cap);
}

KUNIT_ARRAY_PARAM(capacity, capacities, capacity_desc);

static void exchange_and_barn(struct kunit *test)
{
	unsigned int cap = *(const unsigned int *)test->param_value;
	struct mymem_cache *s = sheaf_cache(test, "kunit_sheaf_xchg", 32, cap, 0);
	unsigned int nr = 6 * cap + 5, i, full, empty;
	void **o = mymem_test_objs(test, s, nr);
	long parked;
	int nid;

	KUNIT_ASSERT_NOT_NULL(test, o);
	migrate_disable();
	nid = numa_mem_id();
	for (i = 0; i < nr; i++)
		o[i] = mymem_cache_alloc(s, GFP_KERNEL);
	for (i = 0; i < nr; i++) {
		mymem_cache_free(s, o[i]);
		o[i] = NULL;
	}
	migrate_enable();
	KUNIT_EXPECT_EQ(test, mymem_cache_live(s), 0L);
	mymem_barn_counts(s, nid, &full, &empty);
	parked = mymem_sheaf_objects(s);
	/* Main and spare, and the barn's full sheaves, at most. */
	KUNIT_EXPECT_LE(test, parked, (long)((2 + full) * cap));
	KUNIT_EXPECT_GT(test, parked, 0L);
	KUNIT_EXPECT_GT(test, stat(s, BARN_PUT), 0UL);
	/* And back: every allocation served, from the sheaves first. */
	migrate_disable();
	for (i = 0; i < nr; i++)
		o[i] = mymem_cache_alloc(s, GFP_KERNEL);
	migrate_enable();
	for (i = 0; i < nr; i++)
		KUNIT_EXPECT_NOT_NULL(test, o[i]);
	KUNIT_EXPECT_GT(test, stat(s, BARN_GET), 0UL);
	KUNIT_EXPECT_EQ(test, mymem_cache_live(s), (long)nr);
	KUNIT_EXPECT_EQ(test, mymem_cache_validate(s), 0);
	for (i = 0; i < nr; i++) {
		mymem_cache_free(s, o[i]);
		o[i] = NULL;
	}
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), 0);
}

/* The figures: parked objects are free in proc and sysfs, and counted. */
static void parked_objects_are_free(struct kunit *test)
{
	struct mymem_cache *s = sheaf_cache(test, "kunit_sheaf_figs", 128, 16, 0);
	long active, shared;
	char *buf = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	void *o[10];
	long parked;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	/* One CPU throughout: objects of another node would bypass its sheaves. */
	migrate_disable();
	for (i = 0; i < ARRAY_SIZE(o); i++)
		o[i] = mymem_cache_alloc(s, GFP_KERNEL);
	parked = mymem_sheaf_objects(s);
	for (i = 0; i < 6; i++)
		mymem_cache_free(s, o[i]);
	migrate_enable();
	KUNIT_EXPECT_EQ(test, mymem_sheaf_objects(s), parked + 6);
	parked += 6;
	proc_figures(test, s, &active, &shared);
	KUNIT_EXPECT_EQ(test, active, 4L);
	KUNIT_EXPECT_EQ(test, shared, parked);
	KUNIT_ASSERT_GT(test, mymem_test_read(file_of(test, s, "sheaf_objects"), buf, PAGE_SIZE),
			0L);
	/* "<objects> N<node>=<full>/<empty> ...": the first field. */
	*strchrnul(buf, ' ') = '\0';
	KUNIT_ASSERT_EQ(test, kstrtol(buf, 10, &active), 0);
	KUNIT_EXPECT_EQ(test, active, parked);
	KUNIT_ASSERT_GT(test, mymem_test_read(file_of(test, s, "sheaf_capacity"), buf, PAGE_SIZE),
			0L);
	KUNIT_EXPECT_STREQ(test, buf, "16\n");
	for (i = 6; i < ARRAY_SIZE(o); i++)
		mymem_cache_free(s, o[i]);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), 0);
}

/* The sysfs file sets the capacity; a bad value changes nothing. */
static void sysfs_capacity(struct kunit *test)
{
	struct mymem_cache *s = sheaf_cache(test, "kunit_sheaf_sysfs", 64, 0, 0);
	char *path = file_of(test, s, "sheaf_capacity");
	unsigned int before = s->sheaf_capacity;

	KUNIT_EXPECT_NE(test, mymem_test_write(path, "510"), 0);
	KUNIT_EXPECT_NE(test, mymem_test_write(path, "-1"), 0);
	KUNIT_EXPECT_NE(test, mymem_test_write(path, "x"), 0);
	KUNIT_EXPECT_EQ(test, s->sheaf_capacity, before);
	pair(s);
	KUNIT_EXPECT_EQ(test, mymem_sheaf_objects(s), 1L);
	/* 0: no sheaves; what they held went back to the slabs. */
	KUNIT_EXPECT_EQ(test, mymem_test_write(path, "0"), 0);
	KUNIT_EXPECT_EQ(test, s->sheaf_capacity, 0U);
	KUNIT_EXPECT_EQ(test, mymem_sheaf_objects(s), 0L);
	pair(s);
	KUNIT_EXPECT_EQ(test, mymem_sheaf_objects(s), 0L);
	KUNIT_EXPECT_EQ(test, mymem_test_write(path, "3"), 0);
	pair(s);
	/* The first refill took 3 objects: 2 left and the one freed. */
	KUNIT_EXPECT_EQ(test, mymem_sheaf_objects(s), 3L);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), 0);
}

/* Shrink gives back every parked object and every empty slab. */
static void shrink_empties_sheaves(struct kunit *test)
{
	struct mymem_cache *s = sheaf_cache(test, "kunit_sheaf_shrink", 256, 0, 0);
	unsigned int nr = 4 * s->sheaf_capacity + 3, i, full, empty;
	void **o = mymem_test_objs(test, s, nr);
	int nid;

	KUNIT_ASSERT_NOT_NULL(test, o);
	for (i = 0; i < nr; i++)
		o[i] = mymem_cache_alloc(s, GFP_KERNEL);
	for (i = 0; i < nr; i++) {
		mymem_cache_free(s, o[i]);
		o[i] = NULL;
	}
	KUNIT_EXPECT_GT(test, mymem_sheaf_objects(s), 0L);
	KUNIT_EXPECT_EQ(test, mymem_cache_shrink(s), 0);
	KUNIT_EXPECT_EQ(test, mymem_sheaf_objects(s), 0L);
	for_each_node(nid) {
		mymem_barn_counts(s, nid, &full, &empty);
		KUNIT_EXPECT_EQ(test, full + empty, 0U);
	}
	KUNIT_EXPECT_EQ(test, mymem_test_slabs(s), 0L);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), 0);
}

/* A debug cache bypasses the sheaves, also once debugging is switched on. */
static void debug_bypasses(struct kunit *test)
{
	struct mymem_cache *s = sheaf_cache(test, "kunit_sheaf_debug", 64, 0, SLAB_RED_ZONE);

	pair(s);
	KUNIT_EXPECT_EQ(test, stat(s, ALLOC_CPU_SHEAF) + stat(s, FREE_CPU_SHEAF), 0UL);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), 0);

	s = sheaf_cache(test, "kunit_sheaf_debug2", 64, 0, 0);
	pair(s);
	KUNIT_EXPECT_EQ(test, mymem_sheaf_objects(s), 1L);
	KUNIT_ASSERT_EQ(test, mymem_set_debug(s, SLAB_POISON, 0), 0);
	KUNIT_EXPECT_EQ(test, mymem_sheaf_objects(s), 0L);
	pair(s);
	KUNIT_EXPECT_EQ(test, mymem_sheaf_objects(s), 0L);
	KUNIT_EXPECT_EQ(test, mymem_cache_validate(s), 0);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), 0);
}

/*
 * Each allocation and each free counted once, whichever path served it:
 * a sheaf's refill and flush are counted as such, not on the slab paths.
 */
static void counted_once(struct kunit *test)
{
	static const enum mymem_stat_item allocs[] = {
		ALLOC_CPU_SHEAF, ALLOC_FASTPATH, ALLOC_SLOWPATH,
	};
	static const enum mymem_stat_item frees[] = {
		FREE_CPU_SHEAF, FREE_FASTPATH, FREE_SLOWPATH,
	};
	struct mymem_cache *s = sheaf_cache(test, "kunit_sheaf_count", 64, 8, 0);
	void **objs = mymem_test_objs(test, s, 300);
	unsigned long a = 0, f = 0;
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, objs);
	for (i = 0; i < 300; i++)
		objs[i] = mymem_cache_alloc(s, GFP_KERNEL);
	for (i = 0; i < 300; i += 2) {
		mymem_cache_free(s, objs[i]);
		objs[i] = NULL;
	}
	for (i = 1; i < 300; i += 2) {
		mymem_cache_free(s, objs[i]);
		objs[i] = NULL;
	}
	/* Refills and flushes, every sheaf back to the slabs. */
	KUNIT_EXPECT_EQ(test, mymem_cache_shrink(s), 0);
	for (i = 0; i < ARRAY_SIZE(allocs); i++)
		a += stat(s, allocs[i]);
	for (i = 0; i < ARRAY_SIZE(frees); i++)
		f += stat(s, frees[i]);
	KUNIT_EXPECT_EQ(test, a, 300UL);
	KUNIT_EXPECT_EQ(test, f, 300UL);
	KUNIT_EXPECT_GT(test, stat(s, SHEAF_REFILL), 0UL);
	KUNIT_EXPECT_GT(test, stat(s, SHEAF_FLUSH), 0UL);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), 0);
}

/* --- double frees --- */

/* The object on top of the main sheaf, freed again: refused. */
static void double_free_on_top(struct kunit *test)
{
	struct mymem_test_reports *r = mymem_test_reports_reset(&reports);
	struct mymem_cache *s = sheaf_cache(test, "kunit_sheaf_df", 64, 8, 0);
	void *o, *keep;
	long parked;

	keep = mymem_cache_alloc(s, GFP_KERNEL);
	migrate_disable();
	o = mymem_cache_alloc(s, GFP_KERNEL);
	parked = mymem_sheaf_objects(s);
	mymem_cache_free(s, o);
	mymem_cache_free(s, o);
	migrate_enable();
	EXPECT_REPORT(test, r, 0, "Double free");
	KUNIT_EXPECT_EQ(test, mymem_sheaf_objects(s), parked + 1);
	KUNIT_EXPECT_EQ(test, mymem_cache_live(s), 1L);
	mymem_cache_free(s, keep);
	KUNIT_EXPECT_EQ(test, mymem_cache_validate(s), 0);
	KUNIT_EXPECT_EQ(test, r->count, 1);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), 0);
}

/* An object twice inside a sheaf: found when the sheaves are flushed. */
static void double_free_inside(struct kunit *test)
{
	struct mymem_test_reports *r = mymem_test_reports_reset(&reports);
	struct mymem_cache *s = sheaf_cache(test, "kunit_sheaf_df2", 64, 8, 0);
	long before = atomic_long_read(&s->sheaf_double_frees);
	void *a, *b;

	migrate_disable();
	a = mymem_cache_alloc(s, GFP_KERNEL);
	b = mymem_cache_alloc(s, GFP_KERNEL);
	mymem_cache_free(s, a);
	mymem_cache_free(s, b);
	mymem_cache_free(s, a);		/* not on top: b is (maybe in another sheaf) */
	migrate_enable();
	KUNIT_EXPECT_EQ(test, r->count, 0);
	/* Validation flushes the sheaves: the copy is reported, one given back. */
	KUNIT_EXPECT_EQ(test, mymem_cache_validate(s), 1);
	EXPECT_REPORT(test, r, 0, "Double free");
	KUNIT_EXPECT_EQ(test, atomic_long_read(&s->sheaf_double_frees) - before, 1L);
	KUNIT_EXPECT_EQ(test, mymem_cache_live(s), 0L);
	KUNIT_EXPECT_EQ(test, mymem_cache_validate(s), 0);
	/* The slab is sound: a and b come out once each. */
	a = mymem_cache_alloc(s, GFP_KERNEL);
	b = mymem_cache_alloc(s, GFP_KERNEL);
	KUNIT_EXPECT_PTR_NE(test, a, b);
	mymem_cache_free(s, a);
	mymem_cache_free(s, b);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), 0);
}

/* --- bulk --- */

/* A bulk allocation pops the main sheaf first; a bulk free pushes onto it. */
static void bulk_through_sheaves(struct kunit *test)
{
	struct mymem_cache *s = sheaf_cache(test, "kunit_sheaf_bulk", 64, 16, 0);
	unsigned long pops, pushes;
	void *o[8], *p[8];
	long parked;
	int i;

	migrate_disable();
	for (i = 0; i < ARRAY_SIZE(o); i++)
		o[i] = mymem_cache_alloc(s, GFP_KERNEL);
	for (i = 0; i < ARRAY_SIZE(o); i++)
		mymem_cache_free(s, o[i]);
	/* The 8 frees are on top of this CPU's sheaves (main, then spare). */
	parked = mymem_sheaf_objects(s);
	KUNIT_ASSERT_GE(test, parked, 8L);
	pops = stat(s, ALLOC_CPU_SHEAF);
	KUNIT_ASSERT_EQ(test, mymem_cache_alloc_bulk(s, GFP_KERNEL, ARRAY_SIZE(p), p), 8);
	KUNIT_EXPECT_EQ(test, stat(s, ALLOC_CPU_SHEAF) - pops, 8UL);
	KUNIT_EXPECT_EQ(test, mymem_sheaf_objects(s), parked - 8);
	/* The 8 freed last, each once. */
	for (i = 0; i < ARRAY_SIZE(o); i++) {
		int j, seen = 0;

		for (j = 0; j < ARRAY_SIZE(p); j++)
			seen += p[j] == o[i];
		KUNIT_EXPECT_EQ_MSG(test, seen, 1, "o[%d]", i);
	}
	pushes = stat(s, FREE_CPU_SHEAF);
	mymem_cache_free_bulk(s, ARRAY_SIZE(p), p);
	migrate_enable();
	KUNIT_EXPECT_EQ(test, stat(s, FREE_CPU_SHEAF) - pushes, 8UL);
	KUNIT_EXPECT_EQ(test, mymem_sheaf_objects(s), parked);
	for (i = 0; i < ARRAY_SIZE(p); i++)
		KUNIT_EXPECT_NULL(test, p[i]);
	KUNIT_EXPECT_EQ(test, mymem_cache_live(s), 0L);
	KUNIT_EXPECT_EQ(test, mymem_cache_validate(s), 0);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), 0);
}

/*
 * Many times the capacity in one bulk call each way: the sheaves take what
 * they can (exchanging with the barn), the slabs the rest; nothing lost.
 */
static void bulk_beyond_sheaves(struct kunit *test)
{
	unsigned int cap = *(const unsigned int *)test->param_value;
	struct mymem_cache *s = sheaf_cache(test, "kunit_sheaf_bulk2", 32, cap, 0);
	unsigned int nr = 6 * cap + 5, i;
	void **o = mymem_test_objs(test, s, nr);
	unsigned long pushes;

	KUNIT_ASSERT_NOT_NULL(test, o);
	KUNIT_ASSERT_EQ(test, mymem_cache_alloc_bulk(s, GFP_KERNEL, nr, o), (int)nr);
	KUNIT_EXPECT_EQ(test, mymem_cache_live(s), (long)nr);
	for (i = 0; i < nr; i++)
		memset(o[i], 0x5a, 32);
	pushes = stat(s, FREE_CPU_SHEAF);
	migrate_disable();
	mymem_cache_free_bulk(s, nr, o);
	migrate_enable();
	for (i = 0; i < nr; i++)
		KUNIT_EXPECT_NULL(test, o[i]);
	KUNIT_EXPECT_GE(test, stat(s, FREE_CPU_SHEAF) - pushes, (unsigned long)cap);
	KUNIT_EXPECT_EQ(test, mymem_cache_live(s), 0L);
	KUNIT_EXPECT_EQ(test, mymem_cache_validate(s), 0);
	/* And back out of the barn and the sheaves, in bulk again. */
	KUNIT_ASSERT_EQ(test, mymem_cache_alloc_bulk(s, GFP_KERNEL, nr, o), (int)nr);
	KUNIT_EXPECT_EQ(test, mymem_cache_live(s), (long)nr);
	mymem_cache_free_bulk(s, nr, o);
	KUNIT_EXPECT_EQ(test, mymem_cache_shrink(s), 0);
	KUNIT_EXPECT_EQ(test, mymem_sheaf_objects(s), 0L);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), 0);
}

/*
 * A bulk free with what the sheaves must not take: the kernel's memory,
 * another cache's object, and a second free of the object just pushed.
 * Each is reported once and left alone; the rest is freed.
 */
static void bulk_free_refuses(struct kunit *test)
{
	struct mymem_test_reports *r = mymem_test_reports_reset(&reports);
	struct mymem_cache *s = sheaf_cache(test, "kunit_sheaf_bulk3", 64, 16, 0);
	struct mymem_cache *t = sheaf_cache(test, "kunit_sheaf_bulk4", 64, 16, 0);
	void *kernel = kunit_kmalloc(test, 64, GFP_KERNEL);
	void *a, *b, *other, *p[5];

	KUNIT_ASSERT_NOT_NULL(test, kernel);
	/* One CPU throughout: a and b are of its sheaves' node. */
	migrate_disable();
	a = mymem_cache_alloc(s, GFP_KERNEL);
	b = mymem_cache_alloc(s, GFP_KERNEL);
	other = mymem_cache_alloc(t, GFP_KERNEL);
	p[0] = a;
	p[1] = kernel;
	p[2] = other;
	p[3] = b;
	p[4] = b;
	mymem_cache_free_bulk(s, ARRAY_SIZE(p), p);
	migrate_enable();
	KUNIT_ASSERT_TRUE(test, a && b && other);
	KUNIT_EXPECT_EQ(test, r->count, 3);
	KUNIT_EXPECT_EQ(test, mymem_cache_live(s), 0L);
	KUNIT_EXPECT_EQ(test, mymem_cache_live(t), 1L);
	KUNIT_EXPECT_EQ(test, mymem_cache_validate(s), 0);
	mymem_cache_free(t, other);
	KUNIT_EXPECT_EQ(test, mymem_cache_validate(t), 0);
	KUNIT_EXPECT_EQ(test, r->count, 3);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, t), 0);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), 0);
}

/* --- traffic --- */

struct traffic {
	struct mymem_cache *s;
	atomic_t running;
	atomic_long_t ops, failed, bad;
	bool stop;
};

/* Allocate a few, stamp them, check and free them, until told to stop. */
static int traffic_fn(void *arg)
{
	struct traffic *t = arg;
	void *o[24];
	int i, n;

	while (!READ_ONCE(t->stop)) {
		n = 1 + get_random_u32_below(ARRAY_SIZE(o));
		for (i = 0; i < n; i++) {
			o[i] = mymem_cache_alloc(t->s, GFP_KERNEL);
			if (!o[i]) {
				atomic_long_inc(&t->failed);
				continue;
			}
			*(unsigned long *)o[i] = (unsigned long)o[i] ^ i;
		}
		for (i = 0; i < n; i++) {
			if (!o[i])
				continue;
			if (*(unsigned long *)o[i] != ((unsigned long)o[i] ^ i))
				atomic_long_inc(&t->bad);
			mymem_cache_free(t->s, o[i]);
		}
		atomic_long_add(n, &t->ops);
		cond_resched();
	}
	atomic_dec(&t->running);
	while (!kthread_should_stop())
		msleep(20);
	return 0;
}

static void start_traffic(struct kunit *test, struct traffic *t, struct task_struct **tasks)
{
	int cpu;

	for_each_online_cpu(cpu) {
		struct task_struct *k = kthread_create(traffic_fn, t, "kunit_sheaf/%d", cpu);

		KUNIT_ASSERT_FALSE(test, IS_ERR(k));
		kthread_bind(k, cpu);
		atomic_inc(&t->running);
		tasks[cpu] = k;
		wake_up_process(k);
	}
}

static void stop_traffic(struct traffic *t, struct task_struct **tasks)
{
	int cpu;

	WRITE_ONCE(t->stop, true);
	for_each_possible_cpu(cpu)
		if (tasks[cpu])
			kthread_stop(tasks[cpu]);
}

/* The capacity changes, over and over, while every CPU allocates and frees. */
static void resize_under_traffic(struct kunit *test)
{
	static const unsigned long caps[] = { 1, 60, 0, 7, MYMEM_MAX_SHEAF_CAPACITY, 0, 30, 2 };
	struct task_struct **tasks = kunit_kcalloc(test, nr_cpu_ids, sizeof(*tasks), GFP_KERNEL);
	struct traffic *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	int i;

	KUNIT_ASSERT_NOT_NULL(test, tasks);
	KUNIT_ASSERT_NOT_NULL(test, t);
	t->s = sheaf_cache(test, "kunit_sheaf_resize", 96, 0, 0);
	start_traffic(test, t, tasks);
	for (i = 0; i < 4 * ARRAY_SIZE(caps); i++) {
		KUNIT_EXPECT_EQ(test, set_capacity(test, t->s, caps[i % ARRAY_SIZE(caps)]), 0);
		msleep(20);
	}
	stop_traffic(t, tasks);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&t->bad), 0L);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&t->failed), 0L);
	KUNIT_EXPECT_GT(test, atomic_long_read(&t->ops), 0L);
	KUNIT_EXPECT_EQ(test, mymem_cache_live(t->s), 0L);
	KUNIT_EXPECT_EQ(test, mymem_cache_validate(t->s), 0);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, t->s), 0);
}

struct fill {
	struct mymem_cache *s;
	void *objs[96];
};

/* On the CPU that will go down: its main and spare sheaves full. */
static long fill_sheaves(void *arg)
{
	struct fill *f = arg;
	int i;

	for (i = 0; i < ARRAY_SIZE(f->objs); i++)
		f->objs[i] = mymem_cache_alloc(f->s, GFP_KERNEL);
	for (i = 0; i < ARRAY_SIZE(f->objs); i++) {
		mymem_cache_free(f->s, f->objs[i]);
		f->objs[i] = NULL;
	}
	return 0;
}

/* A CPU goes down with full sheaves: they go back to the slabs. */
static void hotplug_full_sheaves(struct kunit *test)
{
	struct fill *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	struct mymem_cpu_slab *c;
	int cpu, err;

	KUNIT_ASSERT_NOT_NULL(test, f);
	cpu = cpumask_last(cpu_online_mask);
	if (num_online_cpus() < 2 || !cpu)
		kunit_skip(test, "needs a second CPU to take offline");
	f->s = sheaf_cache(test, "kunit_sheaf_hotplug", 64, 16, 0);
	work_on_cpu(cpu, fill_sheaves, f);
	c = per_cpu_ptr(f->s->cpu_slab, cpu);
	/* 96 frees with room for 16 a sheaf: main and spare, and the barn. */
	KUNIT_ASSERT_EQ(test, c->main->capacity, 16U);
	KUNIT_ASSERT_NOT_NULL(test, c->spare);
	KUNIT_ASSERT_GT(test, c->main->size + c->spare->size, 0U);
	err = remove_cpu(cpu);
	if (err)
		kunit_skip(test, "cannot offline CPU %d: %d", cpu, err);
	KUNIT_EXPECT_EQ(test, c->main->capacity, 0U);
	KUNIT_EXPECT_NULL(test, c->spare);
	KUNIT_EXPECT_EQ(test, mymem_cache_live(f->s), 0L);
	KUNIT_EXPECT_EQ(test, add_cpu(cpu), 0);
	work_on_cpu(cpu, fill_sheaves, f);
	KUNIT_EXPECT_EQ(test, mymem_cache_validate(f->s), 0);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, f->s), 0);
}

/* --- interrupts --- */

struct irq_traffic {
	struct mymem_cache *s;
	struct hrtimer timer;
	atomic_t fired;
	atomic_long_t bad;
	void *held[8];
};

/* In hard interrupt context, on whatever the interrupted code was doing. */
static enum hrtimer_restart irq_traffic_fn(struct hrtimer *timer)
{
	struct irq_traffic *x = container_of(timer, struct irq_traffic, timer);
	int i;

	for (i = 0; i < ARRAY_SIZE(x->held); i++) {
		if (x->held[i]) {
			mymem_cache_free(x->s, x->held[i]);
			x->held[i] = NULL;
		} else {
			x->held[i] = mymem_cache_alloc(x->s, GFP_ATOMIC);
			if (!x->held[i])
				atomic_long_inc(&x->bad);
		}
	}
	atomic_inc(&x->fired);
	hrtimer_forward_now(timer, ns_to_ktime(20 * NSEC_PER_USEC));
	return HRTIMER_RESTART;
}

/*
 * A timer interrupt allocates and frees on this CPU while the task loops
 * over allocations and frees: interrupts land inside the sheaves' held
 * sections, and neither side loses or duplicates an object.
 */
static void irq_inside_sheaf_ops(struct kunit *test)
{
	struct irq_traffic *x = kunit_kzalloc(test, sizeof(*x), GFP_KERNEL);
	unsigned long end;
	void *o[32];
	int i;

	KUNIT_ASSERT_NOT_NULL(test, x);
	x->s = sheaf_cache(test, "kunit_sheaf_irq", 64, 6, 0);
	migrate_disable();
	mymem_hrtimer_setup(&x->timer, irq_traffic_fn, CLOCK_MONOTONIC, HRTIMER_MODE_REL_PINNED);
	hrtimer_start(&x->timer, ns_to_ktime(20 * NSEC_PER_USEC), HRTIMER_MODE_REL_PINNED);
	end = jiffies + msecs_to_jiffies(300);
	while (time_before(jiffies, end)) {
		for (i = 0; i < ARRAY_SIZE(o); i++) {
			o[i] = mymem_cache_alloc(x->s, GFP_ATOMIC);
			if (o[i])
				*(void **)o[i] = o[i];
		}
		for (i = 0; i < ARRAY_SIZE(o); i++) {
			if (o[i] && *(void **)o[i] != o[i])
				atomic_long_inc(&x->bad);
			mymem_cache_free(x->s, o[i]);
		}
	}
	hrtimer_cancel(&x->timer);
	migrate_enable();
	for (i = 0; i < ARRAY_SIZE(x->held); i++)
		mymem_cache_free(x->s, x->held[i]);
	KUNIT_EXPECT_GT(test, atomic_read(&x->fired), 0);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&x->bad), 0L);
	KUNIT_EXPECT_EQ(test, mymem_cache_live(x->s), 0L);
	KUNIT_EXPECT_EQ(test, mymem_cache_validate(x->s), 0);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, x->s), 0);
}

static struct kunit_case mymem_sheaf_cases[] = {
	KUNIT_CASE(default_capacity),
	KUNIT_CASE(create_capacity),
	KUNIT_CASE(lifo_on_one_cpu),
	KUNIT_CASE(capacity_zero_bypasses),
	KUNIT_CASE_PARAM(exchange_and_barn, capacity_gen_params),
	KUNIT_CASE(parked_objects_are_free),
	KUNIT_CASE(sysfs_capacity),
	KUNIT_CASE(shrink_empties_sheaves),
	KUNIT_CASE(debug_bypasses),
	KUNIT_CASE(counted_once),
	KUNIT_CASE(double_free_on_top),
	KUNIT_CASE(double_free_inside),
	KUNIT_CASE(bulk_through_sheaves),
	KUNIT_CASE_PARAM(bulk_beyond_sheaves, capacity_gen_params),
	KUNIT_CASE(bulk_free_refuses),
	KUNIT_CASE(resize_under_traffic),
	KUNIT_CASE(hotplug_full_sheaves),
	KUNIT_CASE(irq_inside_sheaf_ops),
	{}
};

static struct kunit_suite mymem_sheaf_suite = {
	.name = "mymem_sheaf",
	.suite_init = mymem_sheaf_suite_init,
	.suite_exit = mymem_sheaf_suite_exit,
	.test_cases = mymem_sheaf_cases,
};

kunit_test_suite(mymem_sheaf_suite);

MODULE_DESCRIPTION("KUnit tests of mymem's sheaves");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(MYMEM_NS);
