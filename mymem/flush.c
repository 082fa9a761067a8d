// SPDX-License-Identifier: GPL-2.0
/*
 * Flushing a cache's per-CPU state back to its nodes: every CPU's sheaves
 * and slabs (mymem_flush_all()), for shrink, validate, destroy, the debug
 * switch and the tunables; the sheaves are drained together, so that an
 * object held twice anywhere shows. The lock order is at the head of
 * alloc.c.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/sort.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include "internal.h"

/*
 * Flushes run in process context on the CPU flushed, as SLUB's do since
 * 5.15: an IPI would take n->list_lock (a spinlock_t) in hard interrupt
 * context, which PREEMPT_RT forbids and lockdep reports on kernels with
 * CONFIG_PROVE_RAW_LOCK_NESTING (on with lockdep where the architecture
 * supports RT: the 7.3 test kernel).
 * One request per CPU, all of them owned by the holder of mymem_flush_mutex.
 */
struct mymem_flush_work {
	struct work_struct work;
	struct mymem_cache *s;	/* mymem_flush_mutex */
	int cpu;		/* mymem_flush_mutex */
	bool rcu_only;		/* only the rcu_free sheaf; mymem_flush_mutex */
	bool queued;		/* mymem_flush_mutex */
};

static DEFINE_PER_CPU(struct mymem_flush_work, mymem_flush_works);
static DEFINE_MUTEX(mymem_flush_mutex);
/* The sheaves the work items took off their CPUs; a leaf lock, irqs off. */
static DEFINE_SPINLOCK(mymem_flush_sheaves_lock);
static LIST_HEAD(mymem_flush_sheaves);	/* mymem_flush_sheaves_lock */
/* WQ_MEM_RECLAIM: the shrinker flushes from reclaim. */
static struct workqueue_struct *mymem_flush_wq;

static void flush_cpu_work(struct work_struct *work)
{
	struct mymem_flush_work *fw = container_of(work, struct mymem_flush_work, work);
	unsigned long flags;

	local_irq_save(flags);
	/*
	 * The hotplug lock the waiter holds keeps the work on its CPU, but
	 * for a CPU held between online and its workqueues' bring-up
	 * (CONFIG_CPU_HOTPLUG_STATE_CONTROL): left alone then.
	 */
	if (smp_processor_id() == fw->cpu && fw->rcu_only) {
		mymem_rcu_sheaf_submit(fw->s, this_cpu_ptr(fw->s->cpu_slab));
	} else if (smp_processor_id() == fw->cpu) {
		/* Drained by the waiter, all together: copies across sheaves show. */
		spin_lock(&mymem_flush_sheaves_lock);
		mymem_detach_sheaves(fw->s, fw->cpu, &mymem_flush_sheaves);
		spin_unlock(&mymem_flush_sheaves_lock);
		mymem_flush_cpu(fw->s, fw->cpu);
	}
	local_irq_restore(flags);
}

/* Queue the work on every online CPU and wait for all; mymem_flush_mutex held. */
static void run_flush_works(struct mymem_cache *s, bool rcu_only)
{
	struct mymem_flush_work *fw;
	int cpu;

	lockdep_assert_held(&mymem_flush_mutex);
	for_each_online_cpu(cpu) {
		fw = per_cpu_ptr(&mymem_flush_works, cpu);
		fw->s = s;
		fw->cpu = cpu;
		fw->rcu_only = rcu_only;
		INIT_WORK(&fw->work, flush_cpu_work);
		queue_work_on(cpu, mymem_flush_wq, &fw->work);
		fw->queued = true;
	}
	for_each_possible_cpu(cpu) {
		fw = per_cpu_ptr(&mymem_flush_works, cpu);
		if (fw->queued)
			flush_work(&fw->work);
		fw->queued = false;
	}
}

/**
 * mymem_flush_all_cpus_locked() - give every CPU's slabs of @s back to the nodes
 * @s: the cache
 *
 * Each online CPU flushes its own, in a work item bound to it, and this
 * waits for all of them; the sheaves they took off and those of the barns
 * are then drained here, checked together for objects held twice. The
 * caller keeps CPUs from coming or going: every
 * online CPU's worker pool is bound to it, and the structures of offline
 * CPUs were flushed when they went down.
 *
 * Context: process context, cpus_read_lock() held; sleeps.
 */
void mymem_flush_all_cpus_locked(struct mymem_cache *s)
{
	LIST_HEAD(sheaves);

	if (WARN_ON_ONCE(!mymem_flush_wq))
		return;
	mutex_lock(&mymem_flush_mutex);
	run_flush_works(s, false);
	spin_lock_irq(&mymem_flush_sheaves_lock);
	list_splice_init(&mymem_flush_sheaves, &sheaves);
	spin_unlock_irq(&mymem_flush_sheaves_lock);
	mutex_unlock(&mymem_flush_mutex);
	mymem_flush_barns(s, &sheaves);
	/*
	 * After the CPU slabs, and without the mutex: the drain may allocate,
	 * and reclaim may call the shrinker, which flushes.
	 */
	mymem_drain_sheaves(s, &sheaves, true);
}

/**
 * mymem_flush_all() - give every CPU's slabs of @s back to the nodes
 * @s: the cache
 *
 * mymem_flush_all_cpus_locked() under cpus_read_lock().
 *
 * Context: process context, neither cpus_read_lock() nor mymem_mutex
 * held; sleeps.
 */
void mymem_flush_all(struct mymem_cache *s)
{
	cpus_read_lock();
	mymem_flush_all_cpus_locked(s);
	cpus_read_unlock();
}
EXPORT_SYMBOL_NS_GPL(mymem_flush_all, MYMEM_NS);

/**
 * mymem_flush_rcu_sheaves_locked() - hand every CPU's rcu_free sheaf of @s to RCU
 * @s: the cache
 *
 * Each online CPU hands its own over, in a work item bound to it; offline
 * CPUs handed theirs over when they went down. The objects are free after
 * the grace period: rcu_barrier() waits for them.
 *
 * Context: process context, cpus_read_lock() held; sleeps.
 */
void mymem_flush_rcu_sheaves_locked(struct mymem_cache *s)
{
	if (WARN_ON_ONCE(!mymem_flush_wq))
		return;
	mutex_lock(&mymem_flush_mutex);
	run_flush_works(s, true);
	mutex_unlock(&mymem_flush_mutex);
}

/**
 * mymem_flush_rcu_sheaves() - mymem_flush_rcu_sheaves_locked() under cpus_read_lock()
 * @s: the cache
 *
 * Context: process context, cpus_read_lock() not held; sleeps.
 */
void mymem_flush_rcu_sheaves(struct mymem_cache *s)
{
	cpus_read_lock();
	mymem_flush_rcu_sheaves_locked(s);
	cpus_read_unlock();
}

int mymem_flush_init(void)
{
	mymem_flush_wq = alloc_workqueue("mymem_flush", WQ_MEM_RECLAIM | MYMEM_WQ_PERCPU, 0);
	return mymem_flush_wq ? 0 : -ENOMEM;
}

void mymem_flush_exit(void)
{
	destroy_workqueue(mymem_flush_wq);
	mymem_flush_wq = NULL;
}

/* ---- The sheaves of a flush, drained together ---- */

static int cmp_ptr(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;

	return x < y ? -1 : x > y;
}

/* Dedup @n objects sorted in @objs: report and drop each copy; the count kept. */
static unsigned int drop_copies(struct mymem_cache *s, void **objs, unsigned int n)
{
	unsigned int i, kept = 0;

	for (i = 0; i < n; i++) {
		void *obj = objs[i];

		if (kept && objs[kept - 1] == obj) {
			atomic_long_inc(&s->sheaf_double_frees);
			mymem_report_double_free(s, virt_to_head_page(obj), obj);
			continue;
		}
		objs[kept++] = obj;
	}
	return kept;
}

/**
 * mymem_flush_sheaves_cpu() - give back @cpu's sheaves of @s
 * @s: the cache
 * @cpu: a CPU that is dead, or the current one with interrupts off
 *
 * The objects of both sheaves are checked for one held twice (reported,
 * given back once), given back to their slabs, and the sheaves freed; its
 * rcu_free sheaf goes to RCU (mymem_rcu_sheaf_submit()). The CPU is left
 * without sheaves.
 *
 * Context: see @cpu.
 */
void mymem_flush_sheaves_cpu(struct mymem_cache *s, int cpu)
{
	LIST_HEAD(sheaves);

	mymem_detach_sheaves(s, cpu, &sheaves);
	/* A dead CPU's are drained by a process-context caller (hotplug, destroy). */
	mymem_drain_sheaves(s, &sheaves, !cpu_online(cpu));
}

/**
 * mymem_detach_sheaves() - take @cpu's sheaves of @s off it
 * @s: the cache
 * @cpu: a CPU that is dead, or the current one with interrupts off
 * @list: where they go, for mymem_drain_sheaves(); the caller keeps others off it
 *
 * The rcu_free sheaf, whose objects RCU readers may still see, is handed to
 * RCU instead, to come back after a grace period (rcu.c).
 *
 * Context: see @cpu.
 */
void mymem_detach_sheaves(struct mymem_cache *s, int cpu, struct list_head *list)
{
	struct mymem_cpu_slab *c = per_cpu_ptr(s->cpu_slab, cpu);

	mymem_rcu_sheaf_submit(s, c);

	if (c->main != &mymem_no_sheaf)
		list_add(&c->main->barn_list, list);
	if (c->spare && !WARN_ON_ONCE(c->spare == &mymem_no_sheaf))
		list_add(&c->spare->barn_list, list);
	c->main = &mymem_no_sheaf;
	c->spare = NULL;
	c->sheaf_node = NUMA_NO_NODE;
}

/*
 * Every object of the sheaves on @list, sorted in one array, for
 * mymem_drain_sheaves(): NULL when there is none or no memory for it.
 */
static void **gather(struct list_head *list, unsigned int *nr, bool may_sleep)
{
	struct mymem_sheaf *sh;
	unsigned int n = 0;
	void **objs;

	list_for_each_entry(sh, list, barn_list)
		n += sh->size;
	*nr = n;
	/* Not from reclaim (the shrinker): no allocation there. */
	if (!n || !may_sleep || (current->flags & PF_MEMALLOC))
		return NULL;
	objs = kvmalloc_array(n, sizeof(*objs), GFP_KERNEL | __GFP_NOWARN);
	if (!objs)
		return NULL;
	n = 0;
	list_for_each_entry(sh, list, barn_list) {
		memcpy(objs + n, sh->objects, sh->size * sizeof(*objs));
		n += sh->size;
		mymem_sheaf_clear(sh, 0, sh->size);
		sh->size = 0;
	}
	sort(objs, n, sizeof(*objs), cmp_ptr, NULL);
	return objs;
}

/**
 * mymem_drain_sheaves() - give back the objects of sheaves, then free them
 * @s: the cache
 * @list: the sheaves (mymem_detach_sheaves(), barns)
 * @may_sleep: process context, no lock held: the check across all of them
 *	       may allocate its array
 *
 * Objects held twice are found (across all of them where memory for the
 * check can be had, else in each sheaf), reported in SLUB's shape and
 * given back once, to their slabs on the nodes (never frozen onto a CPU's
 * partial list: shrink finds them there).
 *
 * Context: any context that may take list_lock; see @may_sleep.
 */
void mymem_drain_sheaves(struct mymem_cache *s, struct list_head *list, bool may_sleep)
{
	struct mymem_sheaf *sh, *next;
	unsigned int n, kept;
	void **objs = gather(list, &n, may_sleep);

	if (objs) {
		kept = drop_copies(s, objs, n);
		mymem_slab_give_back(s, kept, objs);
		this_cpu_sub(s->cpu_slab->sheaved, n);
		mymem_stat_inc(s, SHEAF_FLUSH);
		kvfree(objs);
	}
	list_for_each_entry_safe(sh, next, list, barn_list) {
		list_del(&sh->barn_list);
		if (sh->size) {
			sort(sh->objects, sh->size, sizeof(void *), cmp_ptr, NULL);
			kept = drop_copies(s, sh->objects, sh->size);
			/* The copies dropped were counted into the sheaves too. */
			this_cpu_sub(s->cpu_slab->sheaved, sh->size - kept);
			mymem_sheaf_clear(sh, kept, sh->size);
			sh->size = kept;
			mymem_sheaf_flush(s, sh);
		}
		mymem_sheaf_free(s, sh);
	}
}

/**
 * mymem_flush_barns() - take the sheaves in every barn of @s
 * @s: the cache
 * @list: where they go, for mymem_drain_sheaves()
 *
 * Context: any context.
 */
void mymem_flush_barns(struct mymem_cache *s, struct list_head *list)
{
	unsigned long flags;
	int nid;

	for_each_node(nid) {
		struct mymem_cache_node *n = s->node[nid];

		spin_lock_irqsave(&n->barn_lock, flags);
		list_splice_init(&n->barn_full, list);
		list_splice_init(&n->barn_empty, list);
		n->nr_full = 0;
		n->nr_empty = 0;
		spin_unlock_irqrestore(&n->barn_lock, flags);
	}
}
