// SPDX-License-Identifier: GPL-2.0
/*
 * mymem_stress: an endurance run of mymem. On load, one kthread per
 * online CPU allocates and frees at random for @seconds from several
 * caches (plain, with a constructor, SLAB_TYPESAFE_BY_RCU, with debug
 * flags) and from the kmalloc size classes, and hands a share of its
 * objects to the other threads through lock-free lists (llist) to be
 * freed there. Every object carries a stamp (magic, owner, sequence, a
 * check word and a pattern over its first bytes) written when it is
 * handed out and verified when it is freed: an object handed out while
 * still live, or changed behind its owner's back, is a failure.
 *
 * A share of the frees goes through mymem_kfree_rcu() (the CPUs' rcu_free
 * sheaves), and a share of the allocations takes its objects from a
 * prefilled sheaf under a spinlock.
 *
 * Meanwhile a thread takes CPUs offline and back online (@hotplug), one
 * writes a new sheaf_capacity to a cache's sysfs file every few
 * milliseconds (@resize), one
 * takes a node's free memory down to its min watermark and gives it back,
 * node after node, so that kswapd runs the shrinkers (@pressure), and
 * fault injection fails @fail_percent of the slab page allocations: an
 * allocation that fails must come back as a plain NULL. The rig's shell
 * adds shrink and validate written to every cache and every sysfs and
 * proc file read (tools/rig/guest-init.sh).
 *
 * At the end every object is freed, every cache must destroy with 0 and
 * mymem's page count must be back where it started (after the kmalloc
 * classes are shrunk). Prints "MYMEM-STRESS <figure> <value>" lines and
 * "MYMEM-STRESS RESULT ok stress" or "... RESULT fail stress : <why>".
 */
#define pr_fmt(fmt) "MYMEM-STRESS " fmt

#include <linux/atomic.h>
#include <linux/cpu.h>
#include <linux/delay.h>
#include <linux/fs.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/llist.h>
#include <linux/module.h>
#include <linux/mm.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "internal.h"

static unsigned int seconds = 20;
module_param(seconds, uint, 0444);
MODULE_PARM_DESC(seconds, "how long the threads run (default 20)");
static unsigned int fail_percent = 2;
module_param(fail_percent, uint, 0444);
MODULE_PARM_DESC(fail_percent, "share of slab page allocations to fail, 0 to 100 (default 2)");
static bool hotplug = true;
module_param(hotplug, bool, 0444);
MODULE_PARM_DESC(hotplug, "take CPUs offline and online meanwhile (default on)");
static bool pressure = true;
module_param(pressure, bool, 0444);
MODULE_PARM_DESC(pressure, "take each node's free memory and give it back meanwhile (default on)");
static bool resize = true;
module_param(resize, bool, 0444);
MODULE_PARM_DESC(resize, "change the caches' sheaf_capacity meanwhile (default on)");

#define STAMP_LIVE	0x4c495645u	/* "LIVE" */
#define STAMP_FREE	0x46524545u	/* "FREE" */
#define CTOR_MAGIC	0xc7c7c7c7c7c7c7c7ull
#define MAX_HELD	256
#define NR_KMALLOC	-1	/* cache index of the kmalloc size classes */

/* At the start of every object. */
struct stamp {
	u32 magic;
	u32 owner;		/* thread that allocated it */
	u64 seq;		/* its allocation number in that thread */
	u32 size;		/* bytes asked for */
	s32 cache;		/* index in caches[], or NR_KMALLOC */
	u64 check;		/* a hash of the above and the address */
	struct llist_node node;	/* while handed to another thread */
};

/* The constructed part of the ctor cache's objects, after the stamp. */
struct ctor_obj {
	struct stamp stamp;
	u64 ctor_magic;
	u8 rest[160];
};

struct stress_cache {
	const char *name;
	unsigned int size;
	slab_flags_t flags;
	void (*ctor)(void *obj);
	struct mymem_cache *s;
};

static void stress_ctor(void *p)
{
	((struct ctor_obj *)p)->ctor_magic = CTOR_MAGIC;
}

static struct stress_cache caches[] = {
	{ "stress_plain", 64, 0, NULL },
	{ "stress_ctor", sizeof(struct ctor_obj), SLAB_HWCACHE_ALIGN, stress_ctor },
	{ "stress_rcu", 128, SLAB_TYPESAFE_BY_RCU, NULL },
	{ "stress_debug", 96, SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | SLAB_POISON |
			      SLAB_STORE_USER, NULL },
};

struct held {
	void *obj;
	int cache;		/* index in caches[], or NR_KMALLOC */
	unsigned int size;
	u64 seq;
};

struct worker {
	struct task_struct *task;
	unsigned int id;
	u64 rnd;
	u64 seq;
	unsigned int nheld;
	struct held held[MAX_HELD];
	struct llist_head inbox;	/* objects other threads hand over */
	spinlock_t lock;		/* the section prefilled objects are taken in */
	/* figures */
	unsigned long allocs, frees, handed, remote_frees, nulls, errors;
	unsigned long rcu_frees, prefilled;
};

static struct worker *workers;
static unsigned int nr_workers;
static atomic_t running;
static atomic_long_t errors;
static unsigned long deadline;

static u64 next_rand(struct worker *w)
{
	/* xorshift64* */
	w->rnd ^= w->rnd >> 12;
	w->rnd ^= w->rnd << 25;
	w->rnd ^= w->rnd >> 27;
	return w->rnd * 0x2545f4914f6cdd1dull;
}

static u64 check_of(const struct stamp *st)
{
	return ((st->seq ^ ((u64)st->size << 32 | (u32)st->cache | st->owner)) *
		0x9e3779b97f4a7c15ull) ^ (unsigned long)st;
}

static bool failed(struct worker *w, const char *what, const void *obj)
{
	if (atomic_long_inc_return(&errors) <= 10)
		pr_err("thread %u: %s: object %p\n", w->id, what, obj);
	w->errors++;
	return false;
}

/*
 * Every byte after the stamp (and a ctor cache's constructed word): any
 * write into a live object, a free pointer included, is seen.
 */
static u8 *pattern_area(const struct held *h, unsigned int *len)
{
	unsigned int start = h->cache >= 0 && caches[h->cache].ctor ?
			     sizeof(struct stamp) + sizeof(u64) : sizeof(struct stamp);

	*len = h->size > start ? h->size - start : 0;
	return (u8 *)h->obj + start;
}

/* A new object: never live already; constructed if its cache has a ctor. */
static bool stamp_new(struct worker *w, struct held *h)
{
	struct stamp *st = h->obj;
	unsigned int len;
	u8 *p;

	if (READ_ONCE(st->magic) == STAMP_LIVE && st->check == check_of(st))
		return failed(w, "handed out while live", st);
	if (h->cache >= 0 && caches[h->cache].ctor &&
	    ((struct ctor_obj *)st)->ctor_magic != CTOR_MAGIC)
		return failed(w, "not constructed", st);
	h->seq = ++w->seq;
	st->owner = w->id;
	st->seq = h->seq;
	st->size = h->size;
	st->cache = h->cache;
	st->check = check_of(st);
	p = pattern_area(h, &len);
	memset(p, (u8)h->seq, len);
	WRITE_ONCE(st->magic, STAMP_LIVE);
	return true;
}

/* Before a free: the stamp and pattern as written; then marked free. */
static bool stamp_verify(struct worker *w, struct held *h)
{
	struct stamp *st = h->obj;
	unsigned int len;
	u8 *p;

	if (st->magic != STAMP_LIVE || st->seq != h->seq || st->size != h->size ||
	    st->cache != h->cache || st->check != check_of(st))
		return failed(w, "stamp changed while held", st);
	p = pattern_area(h, &len);
	if (memchr_inv(p, (u8)h->seq, len))
		return failed(w, "contents changed while held", st);
	WRITE_ONCE(st->magic, STAMP_FREE);
	return true;
}

/* A free, one in eight after an RCU grace period (the head: the object's first word). */
static void release(struct worker *w, struct held *h)
{
	if (next_rand(w) % 8 == 0) {
		__mymem_kfree_rcu(h->obj, h->obj);
		w->rcu_frees++;
	} else if (h->cache >= 0) {
		mymem_cache_free(caches[h->cache].s, h->obj);
	} else {
		mymem_kfree(h->obj);
	}
}

/*
 * Objects of cache @c reserved in a prefilled sheaf, then taken under a
 * spinlock, where nothing may sleep: each must come, and be new.
 */
static void do_prefilled(struct worker *w, int c)
{
	unsigned int n = min_t(unsigned int, 1 + next_rand(w) % 8, MAX_HELD - w->nheld);
	struct mymem_sheaf *sh = mymem_cache_prefill_sheaf(caches[c].s, GFP_KERNEL, n);
	unsigned int i, got;

	if (!sh) {
		w->nulls++;	/* injected failure: a clean NULL */
		return;
	}
	spin_lock(&w->lock);
	for (i = 0; i < n; i++) {
		struct held *h = &w->held[w->nheld + i];

		h->cache = c;
		h->size = caches[c].size;
		h->obj = mymem_cache_alloc_from_sheaf(caches[c].s, GFP_ATOMIC, sh);
		if (!h->obj)
			break;
	}
	spin_unlock(&w->lock);
	got = i;
	if (got < n)
		failed(w, "prefilled sheaf ran short", sh);
	for (i = 0; i < got; i++) {
		w->allocs++;
		w->prefilled++;
		if (stamp_new(w, &w->held[w->nheld]))
			w->nheld++;
	}
	mymem_cache_return_sheaf(caches[c].s, GFP_KERNEL, sh);
}

static void do_alloc(struct worker *w)
{
	struct held *h = &w->held[w->nheld];
	int c = (int)(next_rand(w) % (ARRAY_SIZE(caches) + 1)) - 1;

	if (c >= 0 && next_rand(w) % 32 == 0) {
		do_prefilled(w, c);
		return;
	}
	h->cache = c;
	if (c >= 0) {
		h->size = caches[c].size;
		h->obj = mymem_cache_alloc(caches[c].s, GFP_KERNEL);
	} else {
		/* 48 bytes to 8 KiB, small sizes more often. */
		h->size = 48 + (unsigned int)(next_rand(w) % (1U << (5 + next_rand(w) % 9)));
		h->size = min(h->size, 8192U);
		h->obj = mymem_kmalloc(h->size, GFP_KERNEL);
	}
	if (!h->obj) {
		w->nulls++;	/* injected failure: a clean NULL */
		return;
	}
	w->allocs++;
	if (stamp_new(w, h))
		w->nheld++;
}

/* Free one held object here, or hand it to another thread. */
static void do_free(struct worker *w)
{
	unsigned int i = next_rand(w) % w->nheld;
	struct held h = w->held[i];
	struct stamp *st = h.obj;

	w->held[i] = w->held[--w->nheld];
	if (nr_workers > 1 && next_rand(w) % 4 == 0) {
		struct worker *to = &workers[(w->id + 1 + next_rand(w) % (nr_workers - 1)) %
					     nr_workers];

		/* The stamp travels; the receiver checks it and frees the object. */
		llist_add(&st->node, &to->inbox);
		w->handed++;
		return;
	}
	if (!stamp_verify(w, &h))
		return;		/* left alone: it may not be ours to free */
	release(w, &h);
	w->frees++;
}

/* Objects other threads handed over: checked, then freed on this CPU. */
static void drain_inbox(struct worker *w)
{
	struct llist_node *list = llist_del_all(&w->inbox);
	struct stamp *st, *next;

	llist_for_each_entry_safe(st, next, list, node) {
		struct held h = { st, st->cache, st->size, st->seq };

		if (st->check != check_of(st) || h.cache < NR_KMALLOC ||
		    h.cache >= (int)ARRAY_SIZE(caches)) {
			failed(w, "handed-over object damaged", st);
			continue;
		}
		if (!stamp_verify(w, &h))
			continue;
		release(w, &h);
		w->remote_frees++;
	}
}

static int worker_fn(void *arg)
{
	struct worker *w = arg;

	while (time_before(jiffies, READ_ONCE(deadline)) && !kthread_should_stop()) {
		unsigned int i;

		for (i = 0; i < 64; i++) {
			if (w->nheld < MAX_HELD && (!w->nheld || next_rand(w) % 100 < 55))
				do_alloc(w);
			else if (w->nheld)
				do_free(w);
		}
		drain_inbox(w);
		cond_resched();
	}
	while (w->nheld)
		do_free(w);
	atomic_dec(&running);
	/* Others may still hand objects over until they are all done. */
	while (atomic_read(&running) > 0) {
		drain_inbox(w);
		usleep_range(1000, 2000);
	}
	drain_inbox(w);
	while (!kthread_should_stop())
		usleep_range(1000, 2000);
	drain_inbox(w);
	return 0;
}

static unsigned long hotplug_cycles, hotplug_refused, pressure_rounds, pressure_peak;
static unsigned long resizes;

/* Take a CPU other than the boot CPU offline and bring it back, again and again. */
static int hotplug_fn(void *unused)
{
	u64 rnd = get_random_u64() | 1;

	while (time_before(jiffies, READ_ONCE(deadline)) && !kthread_should_stop()) {
		unsigned int cpu;

		rnd = rnd * 6364136223846793005ull + 1442695040888963407ull;
		cpu = 1 + (unsigned int)((rnd >> 33) % max(1U, nr_cpu_ids - 1));
		if (cpu < nr_cpu_ids && cpu_online(cpu)) {
			if (remove_cpu(cpu)) {
				hotplug_refused++;
			} else {
				msleep(50);
				if (add_cpu(cpu))
					pr_err("cpu%u did not come back online\n", cpu);
				else
					hotplug_cycles++;
			}
		}
		msleep(100);
	}
	while (!kthread_should_stop())
		usleep_range(10000, 20000);
	return 0;
}

/* Blocks the pressure thread takes first: 2 MiB, one page table's worth. */
#define PRESSURE_ORDER	9

/*
 * Take one node's free memory down to its min watermark: GFP_NOWAIT never
 * reclaims here, but the allocator wakes the node's kswapd once the low
 * watermark is crossed, and kswapd calls the shrinkers. The other node
 * keeps serving everyone else meanwhile, so nobody is driven to the OOM
 * killer. Big blocks first, single pages for the rest.
 */
static unsigned long squeeze_node(int nid, struct list_head *pages)
{
	const gfp_t gfp = GFP_NOWAIT | __GFP_THISNODE | __GFP_NOWARN | __GFP_COMP;
	unsigned int order = PRESSURE_ORDER;
	unsigned long n = 0;
	struct page *page;

	while (!kthread_should_stop()) {
		page = alloc_pages_node(nid, gfp, order);
		if (!page) {
			if (!order)
				break;
			order = 0;
			continue;
		}
		list_add(mymem_page_list(page), pages);
		n += 1UL << order;
		cond_resched();
	}
	return n;
}

/*
 * Squeeze the nodes in turn, hold the memory a moment, give it back. With
 * a single node there is no other to fall back on: no pressure then.
 */
static int pressure_fn(void *unused)
{
	int nid = first_online_node;
	LIST_HEAD(pages);

	if (num_online_nodes() < 2)
		pr_info("pressure needs two nodes: none applied\n");
	while (num_online_nodes() >= 2 && time_before(jiffies, READ_ONCE(deadline)) &&
	       !kthread_should_stop()) {
		struct page *page, *next;
		unsigned long n;

		n = squeeze_node(nid, &pages);
		pressure_peak = max(pressure_peak, n);
		pressure_rounds++;
		msleep(200);
		mymem_for_each_page_safe(page, next, &pages) {
			list_del(mymem_page_list(page));
			__free_pages(page, compound_order(page));
		}
		msleep(300);
		nid = next_online_node(nid);
		if (nid == MAX_NUMNODES)
			nid = first_online_node;
	}
	while (!kthread_should_stop())
		usleep_range(10000, 20000);
	return 0;
}

static struct task_struct *stress_thread(int (*fn)(void *), const char *name)
{
	struct task_struct *t = kthread_run(fn, NULL, "%s", name);

	return IS_ERR(t) ? NULL : t;
}

/* Write @val to a cache's sysfs file, as a user would; the bytes taken or an error. */
static ssize_t write_file(const char *name, const char *file, const char *val)
{
	char path[96];
	struct file *f;
	loff_t pos = 0;
	ssize_t n;

	snprintf(path, sizeof(path), "/sys/kernel/mymem/%s/%s", name, file);
	/* 7.x kthreads start in an empty root: the user space one (compat.h). */
	f = mymem_filp_open(path, O_WRONLY, 0);
	if (IS_ERR(f))
		return PTR_ERR(f);
	n = kernel_write(f, val, strlen(val), &pos);
	filp_close(f, NULL);
	return n;
}

/* Shrink a kmalloc class through its sysfs file. */
static void shrink_file(const char *name)
{
	write_file(name, "shrink", "1");
}

/*
 * A new sheaf_capacity for a cache or a kmalloc class every few
 * milliseconds, under the workers' traffic: none, tiny, the defaults'
 * range and the largest. Every value is valid: each write must be taken.
 */
static int resize_fn(void *unused)
{
	static const char *const caps[] = { "0", "1", "2", "7", "16", "30", "61", "120", "509" };
	static const char *const kmalloc_classes[] = { "mymem-kmalloc-64", "mymem-kmalloc-128",
						       "mymem-kmalloc-512" };
	u64 rnd = get_random_u64() | 1;

	while (time_before(jiffies, READ_ONCE(deadline)) && !kthread_should_stop()) {
		const char *cap, *name;
		unsigned int pick;
		ssize_t n;

		rnd = rnd * 6364136223846793005ull + 1442695040888963407ull;
		pick = (unsigned int)(rnd >> 33);
		cap = caps[pick % ARRAY_SIZE(caps)];
		pick /= ARRAY_SIZE(caps);
		if (pick % 4 == 0)
			name = kmalloc_classes[(pick / 4) % ARRAY_SIZE(kmalloc_classes)];
		else
			name = caches[pick % ARRAY_SIZE(caches)].s->name;
		n = write_file(name, "sheaf_capacity", cap);
		if (n == strlen(cap))
			resizes++;
		else if (atomic_long_inc_return(&errors) <= 10)
			pr_err("sheaf_capacity %s of %s refused: %zd\n", cap, name, n);
		usleep_range(2000, 8000);
	}
	while (!kthread_should_stop())
		usleep_range(10000, 20000);
	return 0;
}

static void shrink_kmalloc(void)
{
	static const char *const classes[] = {
		"8", "16", "32", "64", "96", "128", "192", "256", "512", "1k", "2k", "4k", "8k",
	};
	char name[32];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(classes); i++) {
		snprintf(name, sizeof(name), "mymem-kmalloc-%s", classes[i]);
		shrink_file(name);
	}
}

/* What the run adds up, and the figures it starts from. */
struct stress_totals {
	unsigned long allocs, frees, remote, nulls, rcu, prefilled;
	unsigned long injected0, shrinks0;
	long pages0, peak;
};

/* Every cache of caches[], or none (a message says why). */
static bool create_caches(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(caches); i++) {
		caches[i].s = mymem_cache_create(caches[i].name, caches[i].size, 0,
						 caches[i].flags, caches[i].ctor);
		if (!caches[i].s) {
			while (i--)
				mymem_cache_destroy(caches[i].s);
			return false;
		}
	}
	return true;
}

/*
 * One worker bound to each online CPU, started once every inbox is ready
 * (a thread may hand objects to any other). Returns how many run.
 */
static unsigned int start_workers(void)
{
	unsigned int i, cpu;

	for (i = 0; i < nr_workers; i++) {
		workers[i].id = i;
		workers[i].rnd = get_random_u64() | 1;
		init_llist_head(&workers[i].inbox);
		spin_lock_init(&workers[i].lock);
	}
	atomic_set(&running, nr_workers);
	i = 0;
	for_each_online_cpu(cpu) {
		struct worker *w = &workers[i];
		struct task_struct *t;

		if (i == nr_workers)
			break;
		t = kthread_create_on_node(worker_fn, w, cpu_to_node(cpu), "mymem_stress/%u", cpu);
		if (IS_ERR(t)) {
			atomic_dec(&running);
			continue;
		}
		kthread_bind(t, cpu);
		w->task = t;
		i++;
	}
	nr_workers = i;		/* hand objects only to threads that run */
	pr_info("threads %u\n", nr_workers);
	for (i = 0; i < nr_workers; i++)
		wake_up_process(workers[i].task);
	return nr_workers;
}

/* Until the workers are done, the pages' peak; then their figures. */
static void wait_workers(struct stress_totals *tot)
{
	unsigned int i;

	while (atomic_read(&running) > 0) {
		tot->peak = max(tot->peak, mymem_nr_pages());
		msleep(100);
	}
	for (i = 0; i < nr_workers; i++) {
		struct worker *w = &workers[i];

		if (w->task)
			kthread_stop(w->task);
		pr_info("thread %u: allocs %lu frees %lu handed %lu remote_frees %lu rcu_frees %lu prefilled %lu held %u inbox %s\n",
			i, w->allocs, w->frees, w->handed, w->remote_frees, w->rcu_frees,
			w->prefilled, w->nheld, llist_empty(&w->inbox) ? "empty" : "NOT EMPTY");
		tot->allocs += w->allocs;
		tot->frees += w->frees;
		tot->remote += w->remote_frees;
		tot->nulls += w->nulls;
		tot->rcu += w->rcu_frees;
		tot->prefilled += w->prefilled;
	}
}

/* The run's figures, one "name value" line each (the rig's analyse.py reads them). */
static void print_totals(const struct stress_totals *tot)
{
	pr_info("operations %lu\n", tot->allocs + tot->frees + tot->remote);
	pr_info("allocations %lu\n", tot->allocs);
	pr_info("local_frees %lu\n", tot->frees);
	pr_info("remote_frees %lu\n", tot->remote);
	pr_info("failed_allocations %lu\n", tot->nulls);
	pr_info("rcu_frees %lu\n", tot->rcu);
	pr_info("prefilled_allocations %lu\n", tot->prefilled);
	pr_info("sheaf_capacity_changes %lu\n", resizes);
	pr_info("injected_failures %ld\n",
		atomic_long_read(&mymem_fault_global.injected) - tot->injected0);
	pr_info("shrinker_runs %ld\n", atomic_long_read(&mymem_shrinker_runs) - tot->shrinks0);
	pr_info("cpu_offline_online_cycles %lu\n", hotplug_cycles);
	pr_info("cpu_offline_refused %lu\n", hotplug_refused);
	pr_info("pressure_rounds %lu\n", pressure_rounds);
	pr_info("pressure_peak_pages %lu\n", pressure_peak);
	pr_info("stamp_errors %ld\n", atomic_long_read(&errors));
}

/* The workers, the CPU hotplug and the memory pressure threads, to the deadline. */
static const char *run(struct stress_totals *tot)
{
	struct task_struct *hotplug_task = NULL, *pressure_task, *resize_task;
	unsigned int old_percent;

	old_percent = READ_ONCE(mymem_fault_global.percent);
	WRITE_ONCE(mymem_fault_global.percent, min(fail_percent, 100U));
	WRITE_ONCE(deadline, jiffies + seconds * HZ);
	start_workers();
	if (hotplug && num_online_cpus() > 1)
		hotplug_task = stress_thread(hotplug_fn, "mymem_hotplug");
	pressure_task = pressure ? stress_thread(pressure_fn, "mymem_pressure") : NULL;
	resize_task = resize ? stress_thread(resize_fn, "mymem_resize") : NULL;
	wait_workers(tot);
	if (resize_task)
		kthread_stop(resize_task);
	if (hotplug_task)
		kthread_stop(hotplug_task);
	if (pressure_task)
		kthread_stop(pressure_task);
	WRITE_ONCE(mymem_fault_global.percent, old_percent);
	print_totals(tot);
	if (atomic_long_read(&errors))
		return "stamp mismatches";
	if (tot->allocs != tot->frees + tot->remote)
		return "objects not all freed";
	return NULL;
}

/* Validate and destroy every cache: NULL, or what went wrong. */
static const char *destroy_caches(void)
{
	const char *why = NULL;
	unsigned int i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(caches); i++) {
		if (mymem_cache_validate(caches[i].s))
			why = "validate found problems";
		ret = mymem_cache_destroy(caches[i].s);
		if (ret) {
			pr_err("cache %s: destroy returned %d\n", caches[i].name, ret);
			why = "a cache did not destroy with 0";
		}
	}
	return why;
}

static int __init stress_init(void)
{
	struct stress_totals tot = { };
	const char *why, *why_destroy;
	long pages;

	shrink_kmalloc();
	tot.pages0 = mymem_nr_pages();
	tot.injected0 = atomic_long_read(&mymem_fault_global.injected);
	tot.shrinks0 = atomic_long_read(&mymem_shrinker_runs);
	if (!create_caches()) {
		pr_err("RESULT fail stress : cannot create the caches\n");
		return 0;
	}
	nr_workers = num_online_cpus();
	workers = vzalloc(array_size(nr_workers, sizeof(*workers)));
	why = workers ? run(&tot) : "no memory for the threads";
	vfree(workers);
	why_destroy = destroy_caches();
	why = why_destroy ?: why;
	/* kmalloc memory given to kfree_rcu(): freed before the count. */
	mymem_kvfree_rcu_barrier();
	shrink_kmalloc();
	pages = mymem_nr_pages();
	pr_info("pages_start %ld\n", tot.pages0);
	pr_info("pages_peak %ld\n", tot.peak);
	pr_info("pages_end %ld\n", pages);
	if (pages != tot.pages0)
		why = "pages not back to the start";
	/*
	 * The verdict is the line; the load succeeds either way (busybox
	 * insmod tries a failed load a second time).
	 */
	if (why)
		pr_err("RESULT fail stress : %s\n", why);
	else
		pr_info("RESULT ok stress\n");
	return 0;
}

static void __exit stress_exit(void)
{
}

module_init(stress_init);
module_exit(stress_exit);

MODULE_DESCRIPTION("mymem endurance run: threads on every CPU, remote frees, stamps");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(MYMEM_NS);
