// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite mymem_kcsan: on a KCSAN kernel (make check-sanitizers) every
 * free asserts that nothing else touches the object meanwhile, so a racy
 * use-after-free is reported as a data race. A thread on another CPU keeps
 * reading one object while the test frees it and takes it back, over and
 * over; KCSAN samples accesses, so the loop runs until the report shows
 * (read from the console tracepoint) or a deadline passes. Four times as
 * many rounds on a SLAB_TYPESAFE_BY_RCU cache, whose objects may be read
 * after free by design, must not be reported. Skipped without KCSAN.
 *
 * The expected report is printed, so this suite runs in a boot of its
 * own: MYMEM_RIG_OWN_BOOT.
 */
#include <kunit/test.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/err.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/tracepoint.h>

#include "internal.h"
#include "mymem_test_util.h"

/* KCSAN's title for an assertion hit, and the free path it must name. */
#define ASSERT_TITLE	"BUG: KCSAN: assert: race in "
#define FREE_FUNC	"mymem_cache_free"

#ifdef CONFIG_KCSAN_REPORT_ONCE_IN_MS
#define REPORT_ONCE_MS	CONFIG_KCSAN_REPORT_ONCE_IN_MS
#else
#define REPORT_ONCE_MS	0
#endif

static atomic_t reports = ATOMIC_INIT(0);

/* Every console line goes through here while the suite runs. */
static void probe_console(void *data, const char *text, size_t len)
{
	if (strnstr(text, ASSERT_TITLE, len) && strnstr(text, FREE_FUNC, len))
		atomic_inc(&reports);
}

static int mymem_kcsan_init(struct kunit *test)
{
	if (!IS_ENABLED(CONFIG_KCSAN))
		kunit_skip(test, "the kernel has no KCSAN");
	if (num_online_cpus() < 2)
		kunit_skip(test, "needs two CPUs");
	KUNIT_ASSERT_EQ_MSG(test, mymem_test_attach("console", probe_console), 0,
			    "cannot attach to the console tracepoint");
	atomic_set(&reports, 0);
	return 0;
}

static void mymem_kcsan_exit(struct kunit *test)
{
	if (IS_ENABLED(CONFIG_KCSAN) && num_online_cpus() >= 2)
		mymem_test_detach("console", probe_console);
}

/* The racing reader: marked reads of the object's first word. */
static int reader_fn(void *obj)
{
	while (!kthread_should_stop()) {
		(void)READ_ONCE(*(unsigned long *)obj);
		cpu_relax();
	}
	return 0;
}

/* Rounds the first case needed, for the second: 0 if it found nothing. */
static unsigned long rounds_to_report;

/*
 * Free *@objp and take it back (the CPU freelist is LIFO and the caller
 * keeps the test on its CPU) until KCSAN reports the race, @limit rounds
 * are done or @budget passes, while a thread bound to another CPU reads
 * the object. *@objp is what the test holds at the end. Returns the
 * rounds done.
 */
static unsigned long race_free(struct kunit *test, struct mymem_cache *s, void **objp,
			       unsigned long limit, unsigned long budget)
{
	unsigned long deadline = jiffies + budget, n = 0;
	struct task_struct *reader;
	void *obj = *objp;

	reader = kthread_create(reader_fn, obj, "mymem_kcsan_reader");
	KUNIT_EXPECT_FALSE(test, IS_ERR(reader));
	if (IS_ERR(reader))
		return 0;
	kthread_bind(reader, cpumask_any_but(cpu_online_mask, raw_smp_processor_id()));
	wake_up_process(reader);
	while (!atomic_read(&reports) && n < limit && time_before(jiffies, deadline)) {
		mymem_cache_free(s, obj);
		*objp = mymem_cache_alloc(s, GFP_KERNEL);
		/* The same object again: nothing else allocates from @s. */
		KUNIT_EXPECT_PTR_EQ(test, *objp, obj);
		if (*objp != obj)
			break;
		if (!(++n & 255))
			cond_resched();
	}
	kthread_stop(reader);
	return n;
}

/*
 * One cache, one object read by the other CPU, and one more object that
 * holds the slab so that its page is never given back meanwhile. All on
 * one CPU: the objects come from its slab, and go back to it.
 */
static unsigned long run(struct kunit *test, const char *name, slab_flags_t flags,
			 unsigned long limit, unsigned long budget)
{
	struct mymem_cache *s = mymem_test_cache_create(test, name, 64, 0, flags, NULL);
	unsigned long n = 0;
	void *obj, *pin;

	KUNIT_ASSERT_NOT_NULL(test, s);
	migrate_disable();
	obj = mymem_cache_alloc(s, GFP_KERNEL);
	pin = mymem_cache_alloc(s, GFP_KERNEL);
	if (obj && pin)
		n = race_free(test, s, &obj, limit, budget);
	migrate_enable();
	KUNIT_EXPECT_NOT_NULL(test, obj);
	KUNIT_EXPECT_NOT_NULL(test, pin);
	if (obj)
		mymem_cache_free(s, obj);
	if (pin)
		mymem_cache_free(s, pin);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), 0);
	return n;
}

static void free_asserts_exclusive(struct kunit *test)
{
	unsigned long n = run(test, "kunit_kcsan", 0, ULONG_MAX, 60 * HZ);

	kunit_info(test, "KCSAN reported the racing reader after %lu frees", n);
	KUNIT_EXPECT_GE(test, atomic_read(&reports), 1);
	if (atomic_read(&reports))
		rounds_to_report = n + 1;
}

/*
 * KCSAN prints a report for the same pair of places once in
 * CONFIG_KCSAN_REPORT_ONCE_IN_MS: wait that out, then run the first
 * case's loop four times as long (at least 4096 rounds).
 */
static void typesafe_by_rcu_not_asserted(struct kunit *test)
{
	unsigned long limit = max(4 * rounds_to_report, 4096UL), n;

	if (!rounds_to_report)
		kunit_skip(test, "free_asserts_exclusive saw no report to compare with");
	msleep(REPORT_ONCE_MS + 500);
	n = run(test, "kunit_kcsan_rcu", SLAB_TYPESAFE_BY_RCU, limit, 120 * HZ);
	kunit_info(test, "%lu frees raced by a reader, %d reports", n, atomic_read(&reports));
	KUNIT_EXPECT_EQ(test, n, limit);
	KUNIT_EXPECT_EQ(test, atomic_read(&reports), 0);
}

static struct kunit_case mymem_kcsan_cases[] = {
	KUNIT_CASE(free_asserts_exclusive),
	KUNIT_CASE(typesafe_by_rcu_not_asserted),
	{}
};

static struct kunit_suite mymem_kcsan_suite = {
	.name = "mymem_kcsan",
	.init = mymem_kcsan_init,
	.exit = mymem_kcsan_exit,
	.test_cases = mymem_kcsan_cases,
};

kunit_test_suite(mymem_kcsan_suite);

MODULE_DESCRIPTION("KUnit tests for mymem under KCSAN");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(MYMEM_NS);
