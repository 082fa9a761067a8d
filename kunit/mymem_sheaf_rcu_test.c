// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite mymem_sheaf_rcu: mymem_kfree_rcu() through the CPUs' rcu_free
 * sheaves (mymem/rcu.c): objects stay readable until the grace period, a
 * full sheaf comes back to the barn ready for allocations, a partial one
 * is handed over by the barriers, destroy waits, caches without sheaves
 * and objects the sheaves do not take are batched, CPU hotplug, a change
 * of capacity and interrupts hand a pending sheaf over, and a second
 * kfree_rcu() of the object on top of the sheaf is refused.
 *
 * The double free is reported on purpose: the suite runs in a boot of its
 * own, MYMEM_RIG_OWN_BOOT, its reports read off the console tracepoint.
 */
#include <kunit/test.h>
#include <linux/cpu.h>
#include <linux/hrtimer.h>
#include <linux/rcupdate.h>
#include <linux/workqueue.h>

#include "internal.h"
#include "mymem_test_util.h"

static struct mymem_test_reports reports;

static int mymem_sheaf_rcu_suite_init(struct kunit_suite *suite)
{
	return mymem_test_reports_start(&reports);
}

static void mymem_sheaf_rcu_suite_exit(struct kunit_suite *suite)
{
	mymem_test_reports_stop(&reports);
}

/* What the objects hold: an rcu_head, and a pattern to read under RCU. */
struct obj {
	struct rcu_head rcu;
	unsigned long pattern[6];
};

#define PATTERN	0x5a5a5a5a5a5a5a5aUL

static struct mymem_cache *rcu_cache(struct kunit *test, const char *name, unsigned int capacity)
{
	struct mymem_cache_args args = { .sheaf_capacity = capacity };
	struct mymem_cache *s = mymem_test_cache_create_args(test, name, sizeof(struct obj),
							      &args, 0);

	KUNIT_ASSERT_NOT_NULL(test, s);
	return s;
}

static unsigned long stat(struct mymem_cache *s, enum mymem_stat_item item)
{
	return mymem_stat_sum(s, item);
}

static struct obj *new_obj(struct kunit *test, struct mymem_cache *s)
{
	struct obj *o = mymem_cache_alloc(s, GFP_KERNEL);
	int i;

	KUNIT_ASSERT_NOT_NULL(test, o);
	for (i = 0; i < ARRAY_SIZE(o->pattern); i++)
		o->pattern[i] = PATTERN;
	return o;
}

static bool intact(struct obj *o)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(o->pattern); i++)
		if (READ_ONCE(o->pattern[i]) != PATTERN)
			return false;
	return true;
}

static unsigned int barn_full(struct mymem_cache *s)
{
	unsigned int full, empty, total = 0;
	int nid;

	for_each_node(nid) {
		mymem_barn_counts(s, nid, &full, &empty);
		total += full;
	}
	return total;
}

/*
 * A sheaf's worth of kfree_rcu(): the objects stay readable and in use
 * until the grace period; then they are free, parked in a full sheaf in
 * the barn, and the next allocations on the CPU get them back.
 */
static void full_sheaf_to_barn(struct kunit *test)
{
	struct mymem_cache *s = rcu_cache(test, "kunit_rcu_full", 8);
	struct obj *o[8], *again[8];
	unsigned long before = stat(s, FREE_RCU_SHEAF);
	void **extra = mymem_test_objs(test, s, 8);
	int i, j, n = 0, found = 0;

	KUNIT_ASSERT_NOT_NULL(test, extra);
	migrate_disable();
	for (i = 0; i < 8; i++)
		o[i] = new_obj(test, s);
	/* The main sheaf emptied: the next allocations must come from the barn. */
	while (this_cpu_ptr(s->cpu_slab)->main->size && n < 8)
		extra[n++] = mymem_cache_alloc(s, GFP_KERNEL);
	KUNIT_EXPECT_EQ(test, this_cpu_ptr(s->cpu_slab)->main->size, 0U);
	rcu_read_lock();
	for (i = 0; i < 8; i++)
		mymem_kfree_rcu(o[i], rcu);
	/* The 8th filled the sheaf: handed to RCU, no longer the CPU's. */
	KUNIT_EXPECT_NULL(test, this_cpu_ptr(s->cpu_slab)->rcu_free);
	for (i = 0; i < 8; i++)
		KUNIT_EXPECT_TRUE_MSG(test, intact(o[i]), "object %d changed under RCU", i);
	KUNIT_EXPECT_EQ(test, mymem_cache_live(s), 8L + n);
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, stat(s, FREE_RCU_SHEAF) - before, 8UL);
	mymem_kvfree_rcu_barrier_on_cache(s);
	KUNIT_EXPECT_EQ(test, mymem_cache_live(s), (long)n);
	KUNIT_EXPECT_EQ(test, mymem_sheaf_objects(s), 8L);
	KUNIT_EXPECT_EQ(test, barn_full(s), 1U);
	for (i = 0; i < 8; i++)
		again[i] = mymem_cache_alloc(s, GFP_KERNEL);
	migrate_enable();
	for (i = 0; i < 8; i++)
		for (j = 0; j < 8; j++)
			found += again[i] == (void *)o[j];
	KUNIT_EXPECT_EQ(test, found, 8);
	for (i = 0; i < 8; i++)
		mymem_cache_free(s, again[i]);
	for (i = 0; i < n; i++) {
		mymem_cache_free(s, extra[i]);
		extra[i] = NULL;
	}
	KUNIT_EXPECT_EQ(test, mymem_cache_validate(s), 0);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), 0);
}

/* A partly filled rcu_free sheaf: the barrier hands it over, the objects go back. */
static void partial_sheaf_barrier(struct kunit *test)
{
	struct mymem_cache *s = rcu_cache(test, "kunit_rcu_partial", 8);
	struct obj *o[3];
	int i;

	migrate_disable();
	for (i = 0; i < 3; i++)
		o[i] = new_obj(test, s);
	for (i = 0; i < 3; i++)
		mymem_kfree_rcu(o[i], rcu);
	KUNIT_EXPECT_NOT_NULL(test, this_cpu_ptr(s->cpu_slab)->rcu_free);
	migrate_enable();
	KUNIT_EXPECT_EQ(test, mymem_cache_live(s), 3L);
	mymem_kvfree_rcu_barrier_on_cache(s);
	KUNIT_EXPECT_EQ(test, mymem_cache_live(s), 0L);
	/* Not a full sheaf: its objects went back to their slabs. */
	KUNIT_EXPECT_EQ(test, barn_full(s), 0U);
	KUNIT_EXPECT_EQ(test, mymem_cache_validate(s), 0);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), 0);
}

/* The global barrier hands over every cache's rcu_free sheaves. */
static void global_barrier(struct kunit *test)
{
	struct mymem_cache *s = rcu_cache(test, "kunit_rcu_global", 16);

	mymem_kfree_rcu(new_obj(test, s), rcu);
	mymem_kvfree_rcu_barrier();
	KUNIT_EXPECT_EQ(test, mymem_cache_live(s), 0L);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), 0);
}

/* Destroy right after kfree_rcu(): it waits for the objects, as SLUB's does. */
static void destroy_waits(struct kunit *test)
{
	struct mymem_cache *s = rcu_cache(test, "kunit_rcu_destroy", 4);
	int i;

	for (i = 0; i < 10; i++)
		mymem_kfree_rcu(new_obj(test, s), rcu);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), 0);
}

/* Without sheaves, kfree_rcu() batches through the rcu_head. */
static void no_sheaves_batched(struct kunit *test)
{
	struct mymem_cache *s = rcu_cache(test, "kunit_rcu_none", MYMEM_NO_SHEAVES);
	unsigned long fail = stat(s, FREE_RCU_SHEAF_FAIL);
	struct obj *o = new_obj(test, s);

	rcu_read_lock();
	mymem_kfree_rcu(o, rcu);
	KUNIT_EXPECT_EQ(test, mymem_cache_live(s), 1L);
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, stat(s, FREE_RCU_SHEAF_FAIL) - fail, 1UL);
	KUNIT_EXPECT_EQ(test, stat(s, FREE_RCU_SHEAF), 0UL);
	mymem_kvfree_rcu_barrier_on_cache(s);
	KUNIT_EXPECT_EQ(test, mymem_cache_live(s), 0L);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), 0);
}

/* Without an rcu_head: onto the sheaf, or waiting for the grace period. */
static void mightsleep(struct kunit *test)
{
	struct mymem_cache *s = rcu_cache(test, "kunit_rcu_sleep", 8);
	struct mymem_cache *t = rcu_cache(test, "kunit_rcu_sleep0", MYMEM_NO_SHEAVES);
	unsigned long on = stat(s, FREE_RCU_SHEAF);

	mymem_kfree_rcu_mightsleep(new_obj(test, s));
	KUNIT_EXPECT_EQ(test, stat(s, FREE_RCU_SHEAF) - on, 1UL);
	mymem_kfree_rcu_mightsleep(new_obj(test, t));
	/* Waited for in the call. */
	KUNIT_EXPECT_EQ(test, mymem_cache_live(t), 0L);
	mymem_kvfree_rcu_barrier_on_cache(s);
	KUNIT_EXPECT_EQ(test, mymem_cache_live(s), 0L);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), 0);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, t), 0);
}

/* kmalloc memory: its size class's sheaves; large kmalloc: the batch. */
static void kmalloc_objects(struct kunit *test)
{
	struct obj *small = mymem_kmalloc(sizeof(*small), GFP_KERNEL);
	struct obj *large = mymem_kmalloc(4 * PAGE_SIZE, GFP_KERNEL);
	long pages = mymem_nr_pages();

	KUNIT_ASSERT_NOT_NULL(test, small);
	KUNIT_ASSERT_NOT_NULL(test, large);
	mymem_kfree_rcu(small, rcu);
	mymem_kfree_rcu(large, rcu);
	mymem_kvfree_rcu_barrier();
	KUNIT_EXPECT_LE(test, mymem_nr_pages(), pages - 4);
}

/* The object on top of the rcu_free sheaf, given to kfree_rcu() again: refused. */
static void double_free_on_top(struct kunit *test)
{
	struct mymem_test_reports *r = mymem_test_reports_reset(&reports);
	struct mymem_cache *s = rcu_cache(test, "kunit_rcu_df", 8);
	struct obj *o = new_obj(test, s);

	migrate_disable();
	mymem_kfree_rcu(o, rcu);
	mymem_kfree_rcu(o, rcu);
	migrate_enable();
	EXPECT_REPORT(test, r, 0, "Double free");
	mymem_kvfree_rcu_barrier_on_cache(s);
	KUNIT_EXPECT_EQ(test, mymem_cache_live(s), 0L);
	KUNIT_EXPECT_EQ(test, mymem_cache_validate(s), 0);
	KUNIT_EXPECT_EQ(test, r->count, 1);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), 0);
}

/* A change of capacity hands the pending sheaf over; nothing is lost. */
static void capacity_change(struct kunit *test)
{
	struct mymem_cache *s = rcu_cache(test, "kunit_rcu_cap", 8);
	int i;

	for (i = 0; i < 5; i++)
		mymem_kfree_rcu(new_obj(test, s), rcu);
	KUNIT_ASSERT_EQ(test, mymem_test_write(file_of(test, s, "sheaf_capacity"), "3"), 0);
	for (i = 0; i < 5; i++)
		mymem_kfree_rcu(new_obj(test, s), rcu);
	KUNIT_ASSERT_EQ(test, mymem_test_write(file_of(test, s, "sheaf_capacity"), "0"), 0);
	mymem_kfree_rcu(new_obj(test, s), rcu);
	mymem_kvfree_rcu_barrier_on_cache(s);
	KUNIT_EXPECT_EQ(test, mymem_cache_live(s), 0L);
	KUNIT_EXPECT_EQ(test, mymem_cache_validate(s), 0);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), 0);
}

struct on_cpu {
	struct mymem_cache *s;
};

static long free_rcu_three(void *arg)
{
	struct on_cpu *oc = arg;
	struct obj *o;
	int i;

	for (i = 0; i < 3; i++) {
		o = mymem_cache_alloc(oc->s, GFP_KERNEL);
		if (!o)
			return -ENOMEM;
		mymem_kfree_rcu(o, rcu);
	}
	return 0;
}

/* A CPU goes down with a pending rcu_free sheaf: handed to RCU, nothing lost. */
static void hotplug_pending(struct kunit *test)
{
	struct on_cpu oc;
	int cpu, err;

	cpu = cpumask_last(cpu_online_mask);
	if (num_online_cpus() < 2 || !cpu)
		kunit_skip(test, "needs a second CPU to take offline");
	oc.s = rcu_cache(test, "kunit_rcu_hotplug", 8);
	KUNIT_ASSERT_EQ(test, work_on_cpu(cpu, free_rcu_three, &oc), 0L);
	KUNIT_ASSERT_NOT_NULL(test, per_cpu_ptr(oc.s->cpu_slab, cpu)->rcu_free);
	err = remove_cpu(cpu);
	if (err)
		kunit_skip(test, "cannot offline CPU %d: %d", cpu, err);
	KUNIT_EXPECT_NULL(test, per_cpu_ptr(oc.s->cpu_slab, cpu)->rcu_free);
	rcu_barrier();
	KUNIT_EXPECT_EQ(test, mymem_cache_live(oc.s), 0L);
	KUNIT_EXPECT_EQ(test, add_cpu(cpu), 0);
	KUNIT_EXPECT_EQ(test, mymem_cache_validate(oc.s), 0);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, oc.s), 0);
}

struct irq_rcu {
	struct mymem_cache *s;
	struct hrtimer timer;
	atomic_t fired;
	atomic_long_t failed;
};

/* In hard interrupt context: allocate one and give it to kfree_rcu(). */
static enum hrtimer_restart irq_rcu_fn(struct hrtimer *timer)
{
	struct irq_rcu *x = container_of(timer, struct irq_rcu, timer);
	struct obj *o = mymem_cache_alloc(x->s, GFP_ATOMIC);

	if (o)
		mymem_kfree_rcu(o, rcu);
	else
		atomic_long_inc(&x->failed);
	atomic_inc(&x->fired);
	hrtimer_forward_now(timer, ns_to_ktime(20 * NSEC_PER_USEC));
	return HRTIMER_RESTART;
}

/*
 * kfree_rcu() from interrupts landing inside the task's own kfree_rcu()
 * and allocations on the same CPU: every object comes back.
 */
static void irq_inside_rcu_free(struct kunit *test)
{
	struct irq_rcu *x = kunit_kzalloc(test, sizeof(*x), GFP_KERNEL);
	unsigned long end;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, x);
	x->s = rcu_cache(test, "kunit_rcu_irq", 6);
	migrate_disable();
	mymem_hrtimer_setup(&x->timer, irq_rcu_fn, CLOCK_MONOTONIC, HRTIMER_MODE_REL_PINNED);
	hrtimer_start(&x->timer, ns_to_ktime(20 * NSEC_PER_USEC), HRTIMER_MODE_REL_PINNED);
	end = jiffies + msecs_to_jiffies(300);
	while (time_before(jiffies, end)) {
		for (i = 0; i < 16; i++) {
			struct obj *o = mymem_cache_alloc(x->s, GFP_ATOMIC);

			if (o)
				mymem_kfree_rcu(o, rcu);
			else
				atomic_long_inc(&x->failed);
		}
		cond_resched();
	}
	hrtimer_cancel(&x->timer);
	migrate_enable();
	KUNIT_EXPECT_GT(test, atomic_read(&x->fired), 0);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&x->failed), 0L);
	mymem_kvfree_rcu_barrier_on_cache(x->s);
	KUNIT_EXPECT_EQ(test, mymem_cache_live(x->s), 0L);
	KUNIT_EXPECT_EQ(test, mymem_cache_validate(x->s), 0);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, x->s), 0);
}

static struct kunit_case mymem_sheaf_rcu_cases[] = {
	KUNIT_CASE(full_sheaf_to_barn),
	KUNIT_CASE(partial_sheaf_barrier),
	KUNIT_CASE(global_barrier),
	KUNIT_CASE(destroy_waits),
	KUNIT_CASE(no_sheaves_batched),
	KUNIT_CASE(mightsleep),
	KUNIT_CASE(kmalloc_objects),
	KUNIT_CASE(double_free_on_top),
	KUNIT_CASE(capacity_change),
	KUNIT_CASE(hotplug_pending),
	KUNIT_CASE(irq_inside_rcu_free),
	{}
};

static struct kunit_suite mymem_sheaf_rcu_suite = {
	.name = "mymem_sheaf_rcu",
	.suite_init = mymem_sheaf_rcu_suite_init,
	.suite_exit = mymem_sheaf_rcu_suite_exit,
	.test_cases = mymem_sheaf_rcu_cases,
};

kunit_test_suite(mymem_sheaf_rcu_suite);

MODULE_DESCRIPTION("KUnit tests of mymem's rcu_free sheaves");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(MYMEM_NS);
