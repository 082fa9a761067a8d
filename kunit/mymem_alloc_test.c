// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite mymem_alloc: the allocation machinery under the conditions a
 * kernel allocator lives in: interrupts, many CPUs freeing each other's
 * objects, CPUs going offline, shrinking, RCU-typesafe caches, bulk calls.
 * White-box where it must be: it reads the core's structures (internal.h).
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/cpu.h>
#include <linux/delay.h>
#include <linux/fs.h>
#include <linux/hrtimer.h>
#include <linux/interrupt.h>
#include <linux/irq_work.h>
#include <linux/kthread.h>
#include <linux/random.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/timer.h>

#include "internal.h"
#include "mymem_test_util.h"

static struct mymem_cache *test_cache(struct kunit *test, const char *name,
				      unsigned int size, slab_flags_t flags)
{
	struct mymem_cache *s = mymem_test_cache_create(test, name, size, 0, flags, NULL);

	KUNIT_ASSERT_NOT_NULL(test, s);
	return s;
}

/* --- interrupt contexts --- */

struct irq_ctx {
	struct mymem_cache *s;
	void *objs[16];
	int allocated, freed, wrong_context;
	bool in_hardirq;	/* what to expect */
};

static void irq_round(struct irq_ctx *x)
{
	int i;

	if (x->in_hardirq ? !in_hardirq() : !in_serving_softirq())
		x->wrong_context++;
	for (i = 0; i < ARRAY_SIZE(x->objs); i++) {
		x->objs[i] = mymem_cache_alloc(x->s, GFP_ATOMIC);
		if (x->objs[i]) {
			memset(x->objs[i], 0x11, 64);
			x->allocated++;
		}
	}
	/* Free half here, the rest in process context. */
	for (i = 0; i < ARRAY_SIZE(x->objs); i += 2) {
		mymem_cache_free(x->s, x->objs[i]);
		x->objs[i] = NULL;
		x->freed++;
	}
}

/* After the interrupt ran: it got every object; free the ones it kept. */
static void irq_round_done(struct kunit *test, struct irq_ctx *x)
{
	int i;

	KUNIT_EXPECT_EQ(test, x->wrong_context, 0);
	KUNIT_EXPECT_EQ(test, x->allocated, (int)ARRAY_SIZE(x->objs));
	for (i = 0; i < ARRAY_SIZE(x->objs); i++)
		mymem_cache_free(x->s, x->objs[i]);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, x->s), 0);
}

static struct irq_ctx *hrtimer_ctx;
static enum hrtimer_restart hrtimer_fn(struct hrtimer *t)
{
	irq_round(hrtimer_ctx);
	return HRTIMER_NORESTART;
}

static void alloc_in_hardirq(struct kunit *test)
{
	struct irq_ctx *x = kunit_kzalloc(test, sizeof(*x), GFP_KERNEL);
	struct hrtimer t;

	KUNIT_ASSERT_NOT_NULL(test, x);
	x->s = test_cache(test, "kunit_irq", 64, 0);
	x->in_hardirq = true;
	hrtimer_ctx = x;
	/*
	 * Not _HARD: on PREEMPT_RT those run in hard interrupt context, where
	 * no slab allocator may take its (sleeping) locks, and lockdep says so
	 * wherever CONFIG_PROVE_RAW_LOCK_NESTING is on (7.x). Elsewhere a
	 * plain hrtimer still expires in hard interrupt context, as the case
	 * checks: the context a driver's interrupt handler allocates in.
	 */
	mymem_hrtimer_setup(&t, hrtimer_fn, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
	hrtimer_start(&t, ns_to_ktime(1000), HRTIMER_MODE_REL);
	while (hrtimer_active(&t))
		usleep_range(100, 1000);
	hrtimer_cancel(&t);
	irq_round_done(test, x);
}

static struct irq_ctx *timer_ctx;
static void timer_fn(struct timer_list *t)
{
	irq_round(timer_ctx);
}

static void alloc_in_softirq(struct kunit *test)
{
	struct irq_ctx *x = kunit_kzalloc(test, sizeof(*x), GFP_KERNEL);
	struct timer_list *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, x);
	KUNIT_ASSERT_NOT_NULL(test, t);
	x->s = test_cache(test, "kunit_softirq", 64, 0);
	timer_ctx = x;
	/* Not on the stack: the kernels disagree on the name of its destructor. */
	timer_setup(t, timer_fn, 0);
	mod_timer(t, jiffies + 1);
	while (timer_pending(t))
		usleep_range(100, 1000);
	timer_delete_sync(t);	/* waits for a callback still running */
	irq_round_done(test, x);
}

/*
 * Interrupts that allocate and free on the CPU a task is allocating and
 * freeing on, over and over: the fast paths' transaction ids must keep
 * the CPU freelist consistent.
 */
struct storm {
	struct irq_work work;
	struct mymem_cache *s;
	atomic_t ops, bad;
};

static void storm_fn(struct irq_work *w)
{
	struct storm *st = container_of(w, struct storm, work);
	void *a = mymem_cache_alloc(st->s, GFP_ATOMIC);
	void *b = mymem_cache_alloc(st->s, GFP_ATOMIC);

	if (!a || !b || a == b)
		atomic_inc(&st->bad);
	mymem_cache_free(st->s, a);
	mymem_cache_free(st->s, b);
	atomic_add(2, &st->ops);
}

static void fastpath_vs_irq(struct kunit *test)
{
	struct storm *st = kunit_kzalloc(test, sizeof(*st), GFP_KERNEL);
	unsigned long *o;
	int round;

	KUNIT_ASSERT_NOT_NULL(test, st);
	st->s = test_cache(test, "kunit_storm", 32, 0);
	init_irq_work(&st->work, storm_fn);
	for (round = 0; round < 2000; round++) {
		irq_work_queue(&st->work);	/* a self-IPI */
		ndelay(round % 97);		/* shift where it lands */
		o = mymem_cache_alloc(st->s, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, o);
		o[0] = round;
		o[3] = ~round;
		KUNIT_EXPECT_TRUE(test, o[0] == round && o[3] == ~(unsigned long)round);
		mymem_cache_free(st->s, o);
	}
	irq_work_sync(&st->work);
	KUNIT_EXPECT_EQ(test, atomic_read(&st->bad), 0);
	KUNIT_EXPECT_GT(test, atomic_read(&st->ops), 0);
	KUNIT_EXPECT_EQ(test, mymem_cache_live(st->s), 0L);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, st->s), 0);
}

/* --- many CPUs freeing each other's objects --- */

#define XCPU_SLOTS 256

struct xcpu {
	struct mymem_cache *s;
	void *slot[XCPU_SLOTS];		/* objects handed between threads */
	atomic_t ops, remote, bad;
	int nthreads;
};

struct xcpu_thread {
	struct xcpu *x;
	int id;
	struct completion done;
};

/* An object carries its slot and a stamp of who filled it. */
struct stamped {
	unsigned long slot, owner, seq;
	u8 body[40];
};

static int xcpu_fn(void *arg)
{
	struct xcpu_thread *t = arg;
	struct xcpu *x = t->x;
	unsigned long seq = 0;
	u32 rnd = t->id * 7919 + 1;
	int i;

	for (i = 0; i < 20000; i++) {
		unsigned int k;
		struct stamped *o, *old;

		rnd = rnd * 1103515245 + 12345;
		k = (rnd >> 8) % XCPU_SLOTS;
		o = mymem_cache_alloc(x->s, GFP_KERNEL);
		if (!o) {
			atomic_inc(&x->bad);
			break;
		}
		o->slot = k;
		o->owner = t->id;
		o->seq = ++seq;
		memset(o->body, t->id, sizeof(o->body));
		old = xchg(&x->slot[k], o);
		if (old) {
			if (old->slot != k || memchr_inv(old->body, old->owner, sizeof(old->body)))
				atomic_inc(&x->bad);
			if (old->owner != t->id)
				atomic_inc(&x->remote);
			mymem_cache_free(x->s, old);
		}
		atomic_inc(&x->ops);
		if (!(i % 512))
			cond_resched();
	}
	complete(&t->done);
	return 0;
}

/* With per-CPU partial lists (SLUB's default) and without. */
static const bool cpu_partial_on[] = { true, false };

static void cpu_partial_desc(const bool *on, char *desc)
{
	strscpy(desc, *on ? "cpu partial lists" : "no cpu partial lists", KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(cpu_partial, cpu_partial_on, cpu_partial_desc);

static void cross_cpu_free(struct kunit *test)
{
	struct xcpu *x = kunit_kzalloc(test, sizeof(*x), GFP_KERNEL);
	struct xcpu_thread *t;
	int cpu, n = 0, i;

	KUNIT_ASSERT_NOT_NULL(test, x);
	if (num_online_cpus() < 2)
		kunit_skip(test, "needs 2 CPUs");
	x->s = test_cache(test, "kunit_xcpu", sizeof(struct stamped), 0);
	if (!*(const bool *)test->param_value)
		mymem_set_cpu_partial(x->s, 0);
	t = kunit_kcalloc(test, nr_cpu_ids, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	for_each_online_cpu(cpu) {
		struct task_struct *k;

		t[n].x = x;
		t[n].id = n + 1;
		init_completion(&t[n].done);
		k = kthread_create_on_cpu(xcpu_fn, &t[n], cpu, "mymem_xcpu/%u");
		KUNIT_ASSERT_FALSE(test, IS_ERR(k));
		wake_up_process(k);
		n++;
	}
	for (i = 0; i < n; i++)
		wait_for_completion(&t[i].done);
	for (i = 0; i < XCPU_SLOTS; i++)
		mymem_cache_free(x->s, x->slot[i]);
	KUNIT_EXPECT_EQ(test, atomic_read(&x->bad), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&x->ops), n * 20000);
	KUNIT_EXPECT_GT(test, atomic_read(&x->remote), 0);
	kunit_info(test, "%d threads, %d operations, %d remote frees\n", n,
		   atomic_read(&x->ops), atomic_read(&x->remote));
	KUNIT_EXPECT_EQ(test, mymem_cache_live(x->s), 0L);
	KUNIT_EXPECT_EQ(test, mymem_cache_validate(x->s), 0);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, x->s), 0);
}

/* --- CPU hotplug --- */

struct on_cpu {
	struct mymem_cache *s;
	void *objs[50];
};

/*
 * On the CPU that will go offline: fill one slab and part of a second,
 * then free a few of each: the CPU holds an active slab with free objects
 * and, on its partial list, the first slab.
 */
static long fill_on_cpu(void *arg)
{
	struct on_cpu *oc = arg;
	int i;

	for (i = 0; i < ARRAY_SIZE(oc->objs); i++)
		oc->objs[i] = mymem_cache_alloc(oc->s, GFP_KERNEL);
	for (i = 0; i < 4; i++) {
		mymem_cache_free(oc->s, oc->objs[i]);
		oc->objs[i] = NULL;
		mymem_cache_free(oc->s, oc->objs[ARRAY_SIZE(oc->objs) - 1 - i]);
		oc->objs[ARRAY_SIZE(oc->objs) - 1 - i] = NULL;
	}
	return 0;
}

static void cpu_offline_flushes(struct kunit *test)
{
	struct on_cpu *oc = kunit_kzalloc(test, sizeof(*oc), GFP_KERNEL);
	struct mymem_cpu_slab *c;
	int cpu, err, i;
	void *o;

	KUNIT_ASSERT_NOT_NULL(test, oc);
	cpu = cpumask_last(cpu_online_mask);
	if (num_online_cpus() < 2 || !cpu)
		kunit_skip(test, "needs a second CPU to take offline");
	/* The CPU slab and partial list: the sheaves' case is mymem_sheaf's. */
	oc->s = mymem_test_cache_slab_layer(test, "kunit_hotplug", 128, 0, 0, NULL);
	KUNIT_ASSERT_NOT_NULL(test, oc->s);
	work_on_cpu(cpu, fill_on_cpu, oc);
	c = per_cpu_ptr(oc->s->cpu_slab, cpu);
	KUNIT_ASSERT_NOT_NULL(test, c->slab);
	KUNIT_ASSERT_NOT_NULL(test, c->freelist);
	KUNIT_ASSERT_NOT_NULL(test, c->partial);

	err = remove_cpu(cpu);
	if (err)
		kunit_skip(test, "cannot offline CPU %d: %d", cpu, err);
	/* Its slab went to the node with its free objects. */
	KUNIT_EXPECT_NULL(test, c->slab);
	KUNIT_EXPECT_NULL(test, c->freelist);
	KUNIT_EXPECT_NULL(test, c->partial);
	/* The other CPUs go on allocating, and the objects are all there. */
	o = mymem_cache_alloc(oc->s, GFP_KERNEL);
	KUNIT_EXPECT_NOT_NULL(test, o);
	mymem_cache_free(oc->s, o);
	for (i = 0; i < ARRAY_SIZE(oc->objs); i++)
		mymem_cache_free(oc->s, oc->objs[i]);
	KUNIT_EXPECT_EQ(test, add_cpu(cpu), 0);
	work_on_cpu(cpu, fill_on_cpu, oc);
	for (i = 0; i < ARRAY_SIZE(oc->objs); i++)
		mymem_cache_free(oc->s, oc->objs[i]);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, oc->s), 0);
}

/*
 * Shrink while a CPU goes down and comes back, over and over: each flush
 * holds the hotplug lock, so a CPU's slabs are either flushed by its work
 * item or, once it went down, by the dead-CPU callback; none stay behind
 * a shrink that has returned.
 */
static struct mymem_cache *hotplug_race_cache;

static long fill_this_cpu(void *arg)
{
	void *objs[40];
	int i;

	for (i = 0; i < ARRAY_SIZE(objs); i++)
		objs[i] = mymem_cache_alloc(hotplug_race_cache, GFP_KERNEL);
	for (i = 0; i < ARRAY_SIZE(objs); i++)
		mymem_cache_free(hotplug_race_cache, objs[i]);
	return 0;
}

/* Static: the thread may outlive a case that timed out. */
static struct hotplug_cycler {
	struct completion done;
	int cpu, cycles, err;
	atomic_t transitions;		/* remove_cpu()s and add_cpu()s done */
} hotplug_cycler;

static int cycle_cpu(void *arg)
{
	struct hotplug_cycler *hc = arg;
	int i;

	for (i = 0; i < hc->cycles && !hc->err; i++) {
		hc->err = remove_cpu(hc->cpu);
		atomic_inc(&hc->transitions);
		if (!hc->err)
			hc->err = add_cpu(hc->cpu);
		atomic_inc(&hc->transitions);
	}
	complete(&hc->done);
	return 0;
}

/* CPU structures of @s that hold a slab. */
static int cpus_holding_slabs(struct mymem_cache *s)
{
	int cpu, n = 0;

	for_each_possible_cpu(cpu) {
		struct mymem_cpu_slab *c = per_cpu_ptr(s->cpu_slab, cpu);

		if (READ_ONCE(c->slab) || READ_ONCE(c->partial))
			n++;
	}
	return n;
}

static void shrink_during_hotplug(struct kunit *test)
{
	struct hotplug_cycler *hc = &hotplug_cycler;
	int rounds = 0, bad = 0, overlapped = 0, cpu, holding = 0, before;
	struct task_struct *t;
	long left = 0;

	hc->cpu = cpumask_last(cpu_online_mask);
	if (num_online_cpus() < 2 || !hc->cpu)
		kunit_skip(test, "needs a second CPU to take offline");
	hc->cycles = 10;
	hc->err = 0;
	atomic_set(&hc->transitions, 0);
	init_completion(&hc->done);
	hotplug_race_cache = test_cache(test, "kunit_hotplug_shrink", 128, 0);
	t = kthread_run(cycle_cpu, hc, "mymem_hotplug");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	/* No assertion until the thread is done. */
	while (!completion_done(&hc->done) || !rounds) {
		before = atomic_read(&hc->transitions);
		/* A CPU going down meanwhile runs its fill elsewhere. */
		for_each_online_cpu(cpu)
			work_on_cpu(cpu, fill_this_cpu, NULL);
		mymem_cache_shrink(hotplug_race_cache);
		if (atomic_read(&hc->transitions) != before)
			overlapped++;
		left = mymem_test_slabs(hotplug_race_cache);
		holding = cpus_holding_slabs(hotplug_race_cache);
		if (left || holding)
			bad++;
		rounds++;
	}
	wait_for_completion(&hc->done);
	kunit_info(test, "%d hotplug cycles of CPU %d, %d shrinks, %d during a transition\n",
		   hc->cycles, hc->cpu, rounds, overlapped);
	if (!cpu_online(hc->cpu))
		KUNIT_EXPECT_EQ(test, add_cpu(hc->cpu), 0);
	if (hc->err == -EBUSY || hc->err == -EPERM)
		kunit_skip(test, "cannot cycle CPU %d: %d", hc->cpu, hc->err);
	KUNIT_EXPECT_EQ(test, hc->err, 0);
	KUNIT_EXPECT_GT(test, overlapped, 0);
	KUNIT_EXPECT_EQ_MSG(test, bad, 0,
			    "after a shrink: %ld slabs, %d CPUs holding one (last seen)", left,
			    holding);
	KUNIT_EXPECT_EQ(test, mymem_cache_validate(hotplug_race_cache), 0);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, hotplug_race_cache), 0);
}

/* --- shrinking --- */

static void shrink_returns_pages(struct kunit *test)
{
	struct mymem_cache *s = test_cache(test, "kunit_shrink", 512, 0);
	const int nr = 2000;
	void **o = kunit_kcalloc(test, nr, sizeof(*o), GFP_KERNEL);
	long start = mymem_nr_pages(), full, before;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, o);
	for (i = 0; i < nr; i++) {
		o[i] = mymem_cache_alloc(s, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, o[i]);
	}
	full = mymem_nr_pages() - start;
	KUNIT_EXPECT_GE(test, full, (long)(nr * 512 / PAGE_SIZE));
	for (i = 0; i < nr; i++)
		mymem_cache_free(s, o[i]);
	/* min_partial empty slabs stay cached; shrink frees them all. */
	before = mymem_nr_pages() - start;
	KUNIT_EXPECT_EQ(test, mymem_cache_shrink(s), 0);
	KUNIT_EXPECT_EQ(test, mymem_nr_pages() - start, 0L);
	kunit_info(test, "%ld pages for %d objects, %ld left after freeing them, 0 after shrink\n",
		   full, nr, before);
	KUNIT_EXPECT_EQ(test, mymem_cache_shrink(NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), 0);
}

/* Every second object freed: shrink keeps the slabs that are in use. */
static void shrink_keeps_used(struct kunit *test)
{
	struct mymem_cache *s = test_cache(test, "kunit_shrink2", 256, 0);
	const int nr = 1000;
	void **o = kunit_kcalloc(test, nr, sizeof(*o), GFP_KERNEL);
	int i;

	KUNIT_ASSERT_NOT_NULL(test, o);
	for (i = 0; i < nr; i++)
		o[i] = mymem_cache_alloc(s, GFP_KERNEL);
	for (i = 0; i < nr; i += 2)
		mymem_cache_free(s, o[i]);
	KUNIT_EXPECT_EQ(test, mymem_cache_shrink(s), 0);
	for (i = 1; i < nr; i += 2) {
		memset(o[i], 0x77, 256);
		mymem_cache_free(s, o[i]);
	}
	KUNIT_EXPECT_EQ(test, mymem_cache_live(s), 0L);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), 0);
}

/*
 * Memory pressure: "echo 2 > /proc/sys/vm/drop_caches" runs every
 * shrinker; mymem's gives back the empty slabs min_partial keeps.
 */
static void shrinker_under_pressure(struct kunit *test)
{
	struct mymem_cache *s = test_cache(test, "kunit_pressure", 1024, 0);
	const int nr = 400;
	void **o = kunit_kcalloc(test, nr, sizeof(*o), GFP_KERNEL);
	long start = mymem_nr_pages(), runs = atomic_long_read(&mymem_shrinker_runs);
	struct file *f;
	loff_t pos = 0;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, o);
	for (i = 0; i < nr; i++) {
		o[i] = mymem_cache_alloc(s, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, o[i]);
	}
	for (i = 0; i < nr; i++)
		mymem_cache_free(s, o[i]);
	/* Push the CPU partials to the nodes, where empty slabs wait. */
	mymem_flush_all(s);
	KUNIT_ASSERT_GT(test, mymem_nr_pages() - start, 0L);

	f = mymem_filp_open("/proc/sys/vm/drop_caches", O_WRONLY, 0);
	if (IS_ERR(f))
		kunit_skip(test, "no /proc/sys/vm/drop_caches: %ld", PTR_ERR(f));
	KUNIT_EXPECT_EQ(test, kernel_write(f, "2\n", 2, &pos), 2L);
	filp_close(f, NULL);
	KUNIT_EXPECT_GT(test, atomic_long_read(&mymem_shrinker_runs), runs);
	KUNIT_EXPECT_EQ(test, mymem_nr_pages() - start, 0L);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), 0);
}

/* --- zeroing policy --- */

static void ctor_fill(void *p)
{
	memset(p, 0x3c, 64);
}

/*
 * init_on_alloc (Debian turns it on) zeroes objects of plain caches but
 * not of ctor caches, whose contents are the constructor's; __GFP_ZERO
 * always zeroes. The rig boots one kernel line with init_on_alloc=1.
 */
static void init_on_alloc_rules(struct kunit *test)
{
	struct mymem_cache *plain = test_cache(test, "kunit_init", 64, 0);
	struct mymem_cache *ctor = mymem_test_cache_create(test, "kunit_init_ctor", 64, 0, 0,
							   ctor_fill);
	bool on = want_init_on_alloc(GFP_KERNEL);
	u8 *o;

	KUNIT_ASSERT_NOT_NULL(test, ctor);
	kunit_info(test, "init_on_alloc is %s\n", on ? "on" : "off");
	o = mymem_cache_alloc(plain, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, o);
	memset(o, 0xdd, 64);
	mymem_cache_free(plain, o);
	o = mymem_cache_alloc(plain, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, o);
	if (on) {
		KUNIT_EXPECT_NULL(test, memchr_inv(o, 0, 64));
	} else {	/* the same object back, not zeroed but for its free pointer */
		KUNIT_EXPECT_NULL(test, memchr_inv(o, 0xdd, plain->offset));
		KUNIT_EXPECT_NULL(test, memchr_inv(o + plain->offset + 8, 0xdd,
						   64 - plain->offset - 8));
	}
	mymem_cache_free(plain, o);

	o = mymem_cache_alloc(ctor, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, o);
	KUNIT_EXPECT_NULL(test, memchr_inv(o, 0x3c, 64));
	mymem_cache_free(ctor, o);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, plain), 0);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, ctor), 0);
}

/* --- SLAB_TYPESAFE_BY_RCU --- */

/*
 * A freed object of a SLAB_TYPESAFE_BY_RCU cache stays memory of that
 * cache for readers that saw it: even an empty slab that shrink discards
 * goes back to the page allocator only after a grace period.
 */

/* The shrink of typesafe_by_rcu, in a thread of its own (it sleeps). */
struct rcu_shrink {
	struct mymem_cache *s;
	int ret;
	bool done;
};

static int rcu_shrink_fn(void *arg)
{
	struct rcu_shrink *r = arg;

	r->ret = mymem_cache_shrink(r->s);
	/* Orders ret before done: pairs with the reader's smp_load_acquire(). */
	smp_store_release(&r->done, true);
	while (!kthread_should_stop())
		schedule_timeout_interruptible(HZ / 100);
	return 0;
}

static void typesafe_by_rcu(struct kunit *test)
{
	struct mymem_cache *s = test_cache(test, "kunit_rcu", 200, SLAB_TYPESAFE_BY_RCU);
	long start = mymem_nr_pages(), held, held_in_reader;
	struct rcu_shrink r = { .s = s };
	unsigned int magic_in_reader;
	unsigned long deadline;
	struct task_struct *t;
	void *changed;
	struct page *slab;
	bool done;
	u8 *o;

	/*
	 * The shrink sleeps (it waits for every CPU's flush), so it runs in
	 * another thread while this one stays in its read-side section,
	 * spinning: a preemptible kernel lets the flush run on this CPU
	 * meanwhile (not one booted with preempt=none, whose rcu_read_lock()
	 * section is not preempted).
	 */
	if (!IS_ENABLED(CONFIG_PREEMPT_RCU) || !preempt_model_preemptible())
		kunit_skip(test, "needs a preemptible kernel: the reader spins, the shrink sleeps");
	o = mymem_cache_alloc(s, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, o);
	held = mymem_nr_pages() - start;
	KUNIT_EXPECT_EQ(test, held, 1L << s->order);
	memset(o, 0x42, 200);
	slab = virt_to_head_page(o);
	t = kthread_create(rcu_shrink_fn, &r, "mymem_rcu_shrink");
	if (IS_ERR(t)) {
		mymem_cache_free(s, o);
		KUNIT_FAIL(test, "no thread for the shrink: %ld", PTR_ERR(t));
		return;
	}
	get_task_struct(t);
	/*
	 * Inside the section only reads: a KUnit failure report allocates,
	 * so what the reader saw is checked after rcu_read_unlock(). The
	 * deadline stays well below the RCU stall timeout (21 s).
	 */
	rcu_read_lock();
	mymem_cache_free(s, o);
	wake_up_process(t);
	deadline = jiffies + 5 * HZ;
	/* Pairs with rcu_shrink_fn()'s smp_store_release(). */
	while (!(done = smp_load_acquire(&r.done)) && time_before(jiffies, deadline))
		cpu_relax();
	magic_in_reader = slab_state(slab).magic;
	changed = memchr_inv(o, 0x42, 200);	/* the free pointer is outside */
	held_in_reader = mymem_nr_pages() - start;
	rcu_read_unlock();
	KUNIT_EXPECT_TRUE_MSG(test, done, "the shrink did not end within 5 s");
	KUNIT_EXPECT_EQ(test, magic_in_reader, (unsigned int)MYMEM_MAGIC_SLAB);
	KUNIT_EXPECT_NULL(test, changed);
	KUNIT_EXPECT_EQ(test, held_in_reader, held);
	kthread_stop(t);
	put_task_struct(t);
	KUNIT_EXPECT_EQ(test, r.ret, 0);
	rcu_barrier();
	KUNIT_EXPECT_EQ(test, mymem_nr_pages(), start);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), 0);
}

/* --- validation --- */

/* A cache in use, with full, partial and empty slabs, validates clean. */
static void validate_sound(struct kunit *test)
{
	struct mymem_cache *s = test_cache(test, "kunit_valid", 72, 0);
	const int nr = 600;
	void **o = kunit_kcalloc(test, nr, sizeof(*o), GFP_KERNEL);
	int i;

	KUNIT_ASSERT_NOT_NULL(test, o);
	for (i = 0; i < nr; i++)
		o[i] = mymem_cache_alloc(s, GFP_KERNEL);
	for (i = 0; i < nr; i += 3)
		mymem_cache_free(s, o[i]);
	KUNIT_EXPECT_EQ(test, mymem_cache_validate(s), 0);
	for (i = 0; i < nr; i++)
		if (i % 3)
			mymem_cache_free(s, o[i]);
	KUNIT_EXPECT_EQ(test, mymem_cache_validate(s), 0);
	KUNIT_EXPECT_EQ(test, mymem_cache_validate(NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), 0);
}

/* --- bulk --- */

static const size_t bulk_sizes[] = { 1, 2, 16, 63, 256, 1000 };

static void bulk_desc(const size_t *n, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%zu objects", *n);
}

KUNIT_ARRAY_PARAM(bulk, bulk_sizes, bulk_desc);

static int cmp_ptr(const void *a, const void *b)
{
	unsigned long x = *(unsigned long *)a, y = *(unsigned long *)b;

	return x < y ? -1 : x > y;
}

static void bulk_alloc_free(struct kunit *test)
{
	size_t nr = *(const size_t *)test->param_value, i;
	struct mymem_cache *s = test_cache(test, "kunit_bulk", 96, 0);
	void **p = kunit_kcalloc(test, nr, sizeof(*p), GFP_KERNEL);
	unsigned long *sorted = kunit_kcalloc(test, nr, sizeof(*sorted), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_ASSERT_NOT_NULL(test, sorted);
	KUNIT_ASSERT_EQ(test, mymem_cache_alloc_bulk(s, GFP_KERNEL, nr, p), (int)nr);
	KUNIT_EXPECT_EQ(test, mymem_cache_live(s), (long)nr);
	for (i = 0; i < nr; i++) {
		KUNIT_ASSERT_NOT_NULL(test, p[i]);
		memset(p[i], (int)i, 96);
		sorted[i] = (unsigned long)p[i];
	}
	sort(sorted, nr, sizeof(*sorted), cmp_ptr, NULL);
	for (i = 1; i < nr; i++)
		KUNIT_EXPECT_GE(test, sorted[i] - sorted[i - 1], 96UL);
	/* Mixed with the single-object API, and a NULL entry skipped. */
	mymem_cache_free(s, p[0]);
	p[0] = NULL;
	mymem_cache_free_bulk(s, nr, p);
	KUNIT_EXPECT_EQ(test, mymem_cache_live(s), 0L);
	KUNIT_EXPECT_EQ(test, mymem_cache_alloc_bulk(NULL, GFP_KERNEL, nr, p), 0);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), 0);
}

static struct kunit_case mymem_alloc_cases[] = {
	KUNIT_CASE(alloc_in_hardirq),
	KUNIT_CASE(alloc_in_softirq),
	KUNIT_CASE(fastpath_vs_irq),
	KUNIT_CASE_PARAM(cross_cpu_free, cpu_partial_gen_params),
	KUNIT_CASE(cpu_offline_flushes),
	KUNIT_CASE(shrink_during_hotplug),
	KUNIT_CASE(shrink_returns_pages),
	KUNIT_CASE(shrink_keeps_used),
	KUNIT_CASE(shrinker_under_pressure),
	KUNIT_CASE(init_on_alloc_rules),
	KUNIT_CASE(typesafe_by_rcu),
	KUNIT_CASE(validate_sound),
	KUNIT_CASE_PARAM(bulk_alloc_free, bulk_gen_params),
	{}
};

static struct kunit_suite mymem_alloc_suite = {
	.name = "mymem_alloc",
	.test_cases = mymem_alloc_cases,
};

kunit_test_suite(mymem_alloc_suite);

MODULE_DESCRIPTION("KUnit tests for mymem's allocation machinery");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(MYMEM_NS);
