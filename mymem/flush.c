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
