// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite mymem_numa: node-bound allocation and the nodes slabs live
 * on. Only nodes with normal memory have slabs: a request for a node
 * without (memoryless, as the rig's third node, or ZONE_MOVABLE only) is
 * served as NUMA_NO_NODE, from the CPU slab, without flushing it. A CPU
 * whose node has no partial slab takes another node's before making a
 * new slab (remote_node_defrag_ratio). Node-bound allocations survive
 * interrupts that replace the CPU slab between the fast path's loads.
 * Sheaves hold objects of one node, their CPU's (the nearest with memory
 * for a memoryless node's CPU): another node's objects, freed or asked
 * for, go past them, kfree_rcu() included.
 *
 * The rig boots this suite with a memoryless node:
 * MYMEM_RIG_TOPOLOGY=memoryless (4 CPUs; node 2 holds CPU 3 and no memory).
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/gfp.h>
#include <linux/hrtimer.h>
#include <linux/kthread.h>
#include <linux/nodemask.h>
#include <linux/sched.h>
#include <linux/topology.h>
#include <linux/workqueue.h>

#include "internal.h"
#include "mymem_test_util.h"

static int mymem_numa_init(struct kunit *test)
{
	return 0;
}

static struct mymem_cache *make(struct kunit *test, const char *name, unsigned int size)
{
	/* Destroyed whatever becomes of the case. */
	struct mymem_cache *s = mymem_test_cache_create(test, name, size, 0, 0, NULL);

	KUNIT_ASSERT_NOT_NULL(test, s);
	return s;
}

/* A node that is online, has CPUs and no normal memory, or NUMA_NO_NODE. */
static int memoryless_node(void)
{
	int nid;

	for_each_online_node(nid)
		if (!node_state(nid, N_NORMAL_MEMORY) && cpumask_weight(cpumask_of_node(nid)))
			return nid;
	return NUMA_NO_NODE;
}

struct on_node {
	struct mymem_cache *s;
	int node;
	void **objs;
	int nr, failed;
	unsigned long flushes_before, flushes_after;
};

static long alloc_on_node(void *arg)
{
	struct on_node *x = arg;
	int i;

	x->flushes_before = mymem_stat_sum(x->s, ALLOC_NODE_MISMATCH);
	for (i = 0; i < x->nr; i++) {
		x->objs[i] = mymem_cache_alloc_node(x->s, GFP_KERNEL, x->node);
		if (!x->objs[i])
			x->failed++;
	}
	x->flushes_after = mymem_stat_sum(x->s, ALLOC_NODE_MISMATCH);
	return 0;
}

/* Where the allocating CPU is: on the memoryless node, or on a node with memory. */
static const bool from_memoryless_cpu[] = { true, false };

static void from_desc(const bool *own, char *desc)
{
	strscpy(desc, *own ? "from its own CPU" : "from a CPU with memory",
		KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(from, from_memoryless_cpu, from_desc);

/*
 * 1000 allocations bound to a memoryless node, from its own CPU or from a
 * CPU of a node with memory: served from a handful of slabs (each slab
 * holds 64), not one flushed slab per allocation; no CPU slab flushed for
 * a node mismatch.
 */
static void memoryless_node_bound(struct kunit *test)
{
	const bool *own = test->param_value;
	struct mymem_cache *s;
	struct on_node x = { .nr = 1000 };
	int nid = memoryless_node(), cpu, i;

	if (nid == NUMA_NO_NODE)
		kunit_skip(test, "no memoryless node with CPUs (the rig boots one for this suite)");
	s = make(test, "kunit_numa_ml", 64);
	x.s = s;
	x.node = nid;
	x.objs = kunit_kcalloc(test, x.nr, sizeof(void *), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, x.objs);
	cpu = cpumask_first(cpumask_of_node(*own ? nid : first_memory_node));
	KUNIT_ASSERT_EQ(test, work_on_cpu(cpu, alloc_on_node, &x), 0L);
	KUNIT_EXPECT_EQ(test, x.failed, 0);
	KUNIT_EXPECT_EQ(test, x.flushes_after - x.flushes_before, 0UL);
	kunit_info(test, "node %d (CPU %d): 1000 objects in %ld slabs of %u\n", nid, cpu,
		   mymem_test_slabs(s), s->objects);
	KUNIT_EXPECT_LE(test, mymem_test_slabs(s), (long)DIV_ROUND_UP(x.nr, s->objects) + 4);
	for (i = 0; i < x.nr; i++)
		mymem_cache_free(s, x.objs[i]);
	KUNIT_EXPECT_EQ(test, mymem_cache_validate(s), 0);
}

/* Nodes with normal memory: node-bound allocations land there. */
static void node_bound_lands(struct kunit *test)
{
	struct mymem_cache *s = make(test, "kunit_numa_bound", 128);
	int nid;

	for_each_node_state(nid, N_NORMAL_MEMORY) {
		void *o = mymem_cache_alloc_node(s, GFP_KERNEL, nid);

		KUNIT_ASSERT_NOT_NULL(test, o);
		KUNIT_EXPECT_EQ(test, page_to_nid(virt_to_head_page(o)), nid);
		mymem_cache_free(s, o);
	}
}

/* Leave @nr partial slabs on the node of @cpu (each with one object in use). */
struct partials {
	struct mymem_cache *s;
	void **objs;
	int nr_slabs;
};

static long make_partials(void *arg)
{
	struct partials *p = arg;
	unsigned int per = p->s->objects;
	int i, j;

	for (i = 0; i < p->nr_slabs * per; i++)
		p->objs[i] = mymem_cache_alloc(p->s, GFP_KERNEL);
	/* Keep the first object of each slab; the slabs go to the node list. */
	for (i = 0; i < p->nr_slabs; i++)
		for (j = 1; j < per; j++) {
			mymem_cache_free(p->s, p->objs[i * per + j]);
			p->objs[i * per + j] = NULL;
		}
	return 0;
}

static long alloc_one(void *arg)
{
	struct partials *p = arg;

	return (long)mymem_cache_alloc(p->s, GFP_KERNEL);
}

/*
 * The local node has no partial slab, another has more than min_partial:
 * with remote_node_defrag_ratio 100 the allocation takes one of those; with
 * 0 it makes a new slab.
 */
static void remote_partial(struct kunit *test)
{
	struct mymem_cache *s;
	struct partials p = { .nr_slabs = 0 };
	int here = NUMA_NO_NODE, there = NUMA_NO_NODE, nid, i;
	unsigned long from_partial, new_slabs;
	void *o;

	for_each_node_state(nid, N_NORMAL_MEMORY) {
		if (!cpumask_weight(cpumask_of_node(nid)))
			continue;
		if (here == NUMA_NO_NODE)
			here = nid;
		else if (there == NUMA_NO_NODE)
			there = nid;
	}
	if (there == NUMA_NO_NODE)
		kunit_skip(test, "needs two nodes with memory and CPUs");
	s = make(test, "kunit_numa_remote", 256);
	mymem_set_cpu_partial(s, 0);
	p.s = s;
	p.nr_slabs = s->min_partial + 3;
	/* Freed with the case if it stops early. */
	p.objs = mymem_test_objs(test, s, p.nr_slabs * s->objects);
	KUNIT_ASSERT_NOT_NULL(test, p.objs);
	KUNIT_ASSERT_EQ(test, work_on_cpu(cpumask_first(cpumask_of_node(there)), make_partials, &p),
			0L);
	mymem_flush_all(s);
	KUNIT_ASSERT_GT(test, READ_ONCE(s->node[there]->nr_partial), s->min_partial);
	KUNIT_ASSERT_EQ(test, READ_ONCE(s->node[here]->nr_partial), 0UL);

	KUNIT_ASSERT_EQ(test, mymem_test_write(file_of(test, s, "remote_node_defrag_ratio"), "0"),
			0);
	new_slabs = mymem_stat_sum(s, ALLOC_SLAB);
	o = (void *)work_on_cpu(cpumask_first(cpumask_of_node(here)), alloc_one, &p);
	KUNIT_ASSERT_NOT_NULL(test, o);
	KUNIT_EXPECT_EQ(test, page_to_nid(virt_to_head_page(o)), here);
	KUNIT_EXPECT_EQ(test, mymem_stat_sum(s, ALLOC_SLAB), new_slabs + 1);
	mymem_cache_free(s, o);
	mymem_flush_all(s);

	KUNIT_ASSERT_EQ(test, mymem_test_write(file_of(test, s, "remote_node_defrag_ratio"), "100"),
			0);
	/* The new local slab went to the local list: empty it out of the way. */
	mymem_cache_shrink(s);
	KUNIT_ASSERT_EQ(test, READ_ONCE(s->node[here]->nr_partial), 0UL);
	from_partial = mymem_stat_sum(s, ALLOC_FROM_PARTIAL);
	new_slabs = mymem_stat_sum(s, ALLOC_SLAB);
	o = (void *)work_on_cpu(cpumask_first(cpumask_of_node(here)), alloc_one, &p);
	KUNIT_ASSERT_NOT_NULL(test, o);
	KUNIT_EXPECT_EQ(test, page_to_nid(virt_to_head_page(o)), there);
	KUNIT_EXPECT_EQ(test, mymem_stat_sum(s, ALLOC_FROM_PARTIAL), from_partial + 1);
	KUNIT_EXPECT_EQ(test, mymem_stat_sum(s, ALLOC_SLAB), new_slabs);
	mymem_cache_free(s, o);
	for (i = 0; i < p.nr_slabs * s->objects; i++) {
		mymem_cache_free(s, p.objs[i]);
		p.objs[i] = NULL;
	}
}

/* --- the memory reserves --- */

/* Take node @nid's free memory until the page allocator refuses (its min watermark). */
static void exhaust_node(int nid, struct list_head *held)
{
	const gfp_t gfp = GFP_NOWAIT | __GFP_THISNODE | __GFP_NOWARN | __GFP_NOMEMALLOC |
			  __GFP_COMP;
	unsigned int order;

	for (order = MYMEM_MAX_PAGE_ORDER; ; order = order > 3 ? 3 : 0) {
		struct page *p;

		while ((p = alloc_pages_node(nid, gfp, order)))
			list_add(mymem_page_list(p), held);
		if (!order)
			break;
		cond_resched();
	}
}

static void give_back(struct list_head *held)
{
	struct page *p, *next;

	mymem_for_each_page_safe(p, next, held) {
		list_del(mymem_page_list(p));
		__free_pages(p, compound_order(p));
	}
}

/*
 * A slab made from the memory reserves (a __GFP_MEMALLOC caller on a node
 * at its min watermark) serves only callers entitled to them: once it is
 * back on its node's partial list, an ordinary allocation there passes it
 * by.
 */
static void pfmemalloc_slab_reserved(struct kunit *test)
{
	/*
	 * The slabs' partial lists: with sheaves, an entitled caller may be
	 * served an ordinary object parked in a sheaf first (sheaves never
	 * take a reserve slab's objects: bulk.c).
	 */
	struct mymem_cache *s = mymem_test_cache_slab_layer(test, "kunit_numa_reserve", 256, 0,
							    0, NULL);
	int nid = first_memory_node;
	struct page *reserve;
	void *a, *b = NULL;
	LIST_HEAD(held);

	KUNIT_ASSERT_NOT_NULL(test, s);
	exhaust_node(nid, &held);
	a = mymem_cache_alloc_node(s, GFP_NOWAIT | __GFP_MEMALLOC | __GFP_THISNODE | __GFP_NOWARN,
				   nid);
	reserve = a ? virt_to_head_page(a) : NULL;
	if (reserve && slab_state(reserve).pfmemalloc) {
		/* The reserve slab leaves the CPU for its node's partial list. */
		mymem_flush_all(s);
		b = mymem_cache_alloc_node(s, GFP_NOWAIT | __GFP_NOWARN, nid);
	}
	give_back(&held);
	if (!reserve || !slab_state(reserve).pfmemalloc) {
		mymem_cache_free(s, a);
		kunit_skip(test, "the page allocator gave no reserve page on node %d", nid);
	}
	KUNIT_EXPECT_EQ(test, READ_ONCE(s->node[nid]->nr_partial), 1UL);
	if (b)
		KUNIT_EXPECT_PTR_NE(test, virt_to_head_page(b), reserve);
	mymem_cache_free(s, b);
	/*
	 * An entitled caller may take it: with no CPU slab left (kswapd may
	 * have let @b's slab be made on @nid too), the reserve slab heads
	 * the node's partial list.
	 */
	mymem_flush_all(s);
	b = mymem_cache_alloc_node(s, GFP_KERNEL | __GFP_MEMALLOC, nid);
	KUNIT_ASSERT_NOT_NULL(test, b);
	KUNIT_EXPECT_PTR_EQ(test, virt_to_head_page(b), reserve);
	mymem_cache_free(s, b);
	mymem_cache_free(s, a);
}

/* --- node-bound allocation against interrupts that change the CPU slab --- */

struct racer {
	struct mymem_cache *s;
	struct completion done;
	struct hrtimer timer;		/* pinned to the racer's CPU */
	bool stop;
	int failed, wrong, irqs;
};

#define RACER_PERIOD_NS	(100 * NSEC_PER_USEC)
#define RACER_MAX_IRQS	5000

static int other_node(int nid)
{
	int n;

	for_each_node_state(n, N_NORMAL_MEMORY)
		if (n != nid)
			return n;
	return NUMA_NO_NODE;
}

/*
 * In hard interrupt context, on the racer's CPU: an allocation bound to
 * a node other than the CPU slab's replaces the CPU slab (node mismatch),
 * wherever the interrupted thread stood in its fast path.
 */
static enum hrtimer_restart racer_irq(struct hrtimer *t)
{
	struct racer *r = container_of(t, struct racer, timer);
	struct page *slab = READ_ONCE(raw_cpu_ptr(r->s->cpu_slab)->slab);
	void *o;

	if (READ_ONCE(r->stop) || r->irqs >= RACER_MAX_IRQS)
		return HRTIMER_NORESTART;
	o = mymem_cache_alloc_node(r->s, GFP_ATOMIC,
				   other_node(slab ? page_to_nid(slab) : numa_mem_id()));
	mymem_cache_free(r->s, o);
	r->irqs++;
	hrtimer_forward_now(t, ns_to_ktime(RACER_PERIOD_NS));
	return HRTIMER_RESTART;
}

static int bound_fn(void *arg)
{
	struct racer *r = arg;
	int node = numa_node_id(), i;

	mymem_hrtimer_setup(&r->timer, racer_irq, CLOCK_MONOTONIC, HRTIMER_MODE_REL_PINNED);
	hrtimer_start(&r->timer, ns_to_ktime(RACER_PERIOD_NS), HRTIMER_MODE_REL_PINNED);
	for (i = 0; i < 20000; i++) {
		void *o = mymem_cache_alloc_node(r->s, GFP_KERNEL, node);

		if (!o) {
			r->failed++;
			continue;
		}
		if (node_state(node, N_NORMAL_MEMORY) &&
		    page_to_nid(virt_to_head_page(o)) != node)
			r->wrong++;
		mymem_cache_free(r->s, o);
		if (!(i & 255))
			cond_resched();
	}
	WRITE_ONCE(r->stop, true);
	hrtimer_cancel(&r->timer);
	complete(&r->done);
	return 0;
}

/*
 * Threads bound to every CPU allocate on their own node while a timer on
 * the same CPU allocates on another node every 100 us: an interrupt between
 * the fast path's loads of the freelist and the slab replaces the CPU
 * slab, which a node-bound allocation must not follow. With min_partial 0
 * an emptied slab goes back to the page allocator at once, so a stale read
 * of a free pointer touches a freed page: on the KASAN test kernels, which
 * run debug_pagealloc, a fault unless it is get_freepointer_safe()'s. Both
 * windows are a few instructions wide (and under QEMU's TCG interrupts
 * arrive between translated blocks only): the case makes many tries, and
 * checks that the interrupts did replace CPU slabs.
 */
static void node_bound_vs_irq(struct kunit *test)
{
	struct mymem_cache *s = make(test, "kunit_numa_irq", 64);
	struct racer *r = kunit_kcalloc(test, nr_cpu_ids, sizeof(*r), GFP_KERNEL);
	struct task_struct **k = kunit_kcalloc(test, nr_cpu_ids, sizeof(*k), GFP_KERNEL);
	int cpu, n = 0, i, irqs = 0;
	unsigned long mismatches;
	bool failed = false;

	KUNIT_ASSERT_NOT_NULL(test, r);
	KUNIT_ASSERT_NOT_NULL(test, k);
	if (num_node_state(N_NORMAL_MEMORY) < 2)
		kunit_skip(test, "needs two nodes with memory");
	KUNIT_ASSERT_EQ(test, mymem_test_write(file_of(test, s, "min_partial"), "0"), 0);
	/* Every thread made before any runs: a failure stops the made ones. */
	for_each_online_cpu(cpu) {
		r[n].s = s;
		init_completion(&r[n].done);
		k[n] = kthread_create_on_cpu(bound_fn, &r[n], cpu, "mymem_bound/%u");
		if (IS_ERR(k[n])) {
			failed = true;
			break;
		}
		n++;
	}
	mismatches = mymem_stat_sum(s, ALLOC_NODE_MISMATCH);
	for (i = 0; i < n; i++) {
		if (failed)
			kthread_stop(k[i]);
		else
			wake_up_process(k[i]);
	}
	KUNIT_ASSERT_FALSE_MSG(test, failed, "cannot make the threads");
	for (i = 0; i < n; i++) {
		wait_for_completion(&r[i].done);
		irqs += r[i].irqs;
	}
	mismatches = mymem_stat_sum(s, ALLOC_NODE_MISMATCH) - mismatches;
	kunit_info(test, "%d threads, %d interrupts on another node, %lu CPU slabs replaced\n", n,
		   irqs, mismatches);
	/* Interference happened: otherwise the case tested nothing. */
	KUNIT_EXPECT_GT(test, irqs, n);
	KUNIT_EXPECT_GT(test, mismatches, (unsigned long)n);
	for (i = 0; i < n; i++) {
		KUNIT_EXPECT_EQ(test, r[i].failed, 0);
		KUNIT_EXPECT_EQ(test, r[i].wrong, 0);
	}
	KUNIT_EXPECT_EQ(test, mymem_cache_live(s), 0L);
	KUNIT_EXPECT_EQ(test, mymem_cache_validate(s), 0);
}

/* --- sheaves and nodes --- */

struct sheaf_probe {
	struct mymem_cache *s;
	int other;			/* a node with memory that is not the sheaves' */
	int local;			/* the CPU's node if it has memory, else NUMA_NO_NODE */
	int sheaf_node;			/* the sheaves' node */
	int foreign;			/* objects in the sheaves not of their node */
	int remote_wrong;		/* node-bound allocations off their node */
	unsigned long pops, pushes, rcu_fail;	/* counters' moves for the remote object */
	bool failed;
};

static int sheaf_foreign(struct mymem_sheaf *sh, int nid)
{
	unsigned int i;
	int n = 0;

	for (i = 0; sh && i < sh->size; i++)
		n += page_to_nid(virt_to_head_page(sh->objects[i])) != nid;
	return n;
}

struct rcu_obj {
	struct rcu_head rcu;
	char pad[48];
};

/* On one CPU: fill its sheaves, then ask for and free another node's object. */
static long probe_sheaves(void *arg)
{
	struct sheaf_probe *p = arg;
	struct mymem_cpu_slab *c;
	unsigned long pops, pushes, fail;
	void *objs[24], *o;
	int i;

	for (i = 0; i < ARRAY_SIZE(objs); i++) {
		objs[i] = mymem_cache_alloc(p->s, GFP_KERNEL);
		p->failed |= !objs[i];
	}
	for (i = 0; i < ARRAY_SIZE(objs); i++)
		mymem_cache_free(p->s, objs[i]);
	preempt_disable();
	c = this_cpu_ptr(p->s->cpu_slab);
	p->local = node_state(numa_node_id(), N_NORMAL_MEMORY) ? numa_node_id() : NUMA_NO_NODE;
	p->sheaf_node = c->sheaf_node;
	p->foreign = sheaf_foreign(c->main, c->sheaf_node) + sheaf_foreign(c->spare, c->sheaf_node);
	preempt_enable();
	p->other = other_node(p->sheaf_node);
	if (p->other == NUMA_NO_NODE)
		return 0;
	pops = mymem_stat_sum(p->s, ALLOC_CPU_SHEAF);
	o = mymem_cache_alloc_node(p->s, GFP_KERNEL, p->other);
	p->pops = mymem_stat_sum(p->s, ALLOC_CPU_SHEAF) - pops;
	if (!o) {
		p->failed = true;
		return 0;
	}
	p->remote_wrong = page_to_nid(virt_to_head_page(o)) != p->other;
	pushes = mymem_stat_sum(p->s, FREE_CPU_SHEAF);
	mymem_cache_free(p->s, o);
	p->pushes = mymem_stat_sum(p->s, FREE_CPU_SHEAF) - pushes;
	o = mymem_cache_alloc_node(p->s, GFP_KERNEL, p->other);
	if (!o) {
		p->failed = true;
		return 0;
	}
	fail = mymem_stat_sum(p->s, FREE_RCU_SHEAF_FAIL);
	mymem_kfree_rcu((struct rcu_obj *)o, rcu);
	p->rcu_fail = mymem_stat_sum(p->s, FREE_RCU_SHEAF_FAIL) - fail;
	return 0;
}

/*
 * On every CPU, the memoryless node's included: the sheaves hold objects
 * of the CPU's node (or the nearest with memory) only; an allocation bound
 * to another node does not pop them, and a free or kfree_rcu() of another
 * node's object does not push onto them.
 */
static void sheaves_keep_their_node(struct kunit *test)
{
	struct mymem_cache *s = make(test, "kunit_numa_sheaf", sizeof(struct rcu_obj));
	struct sheaf_probe p;
	int cpu;

	KUNIT_ASSERT_GT(test, s->sheaf_capacity, 0U);
	for_each_online_cpu(cpu) {
		memset(&p, 0, sizeof(p));
		p.s = s;
		KUNIT_ASSERT_EQ(test, work_on_cpu(cpu, probe_sheaves, &p), 0L);
		KUNIT_EXPECT_FALSE_MSG(test, p.failed, "CPU %d: an allocation failed", cpu);
		/* A memoryless node's CPU: the nearest node with memory. */
		if (p.local != NUMA_NO_NODE)
			KUNIT_EXPECT_EQ_MSG(test, p.sheaf_node, p.local, "CPU %d", cpu);
		KUNIT_EXPECT_TRUE_MSG(test, node_state(p.sheaf_node, N_NORMAL_MEMORY), "CPU %d",
				      cpu);
		KUNIT_EXPECT_EQ_MSG(test, p.foreign, 0, "CPU %d", cpu);
		if (p.other == NUMA_NO_NODE)
			continue;
		KUNIT_EXPECT_EQ_MSG(test, p.remote_wrong, 0, "CPU %d", cpu);
		KUNIT_EXPECT_EQ_MSG(test, p.pops, 0UL, "CPU %d: node %d served from the sheaf", cpu,
				    p.other);
		KUNIT_EXPECT_EQ_MSG(test, p.pushes, 0UL, "CPU %d: node %d's object pushed", cpu,
				    p.other);
		KUNIT_EXPECT_EQ_MSG(test, p.rcu_fail, 1UL, "CPU %d: kfree_rcu() of node %d's", cpu,
				    p.other);
	}
	mymem_kvfree_rcu_barrier_on_cache(s);
	KUNIT_EXPECT_EQ(test, mymem_cache_live(s), 0L);
	KUNIT_EXPECT_EQ(test, mymem_cache_validate(s), 0);
}

static struct kunit_case mymem_numa_cases[] = {
	KUNIT_CASE_PARAM(memoryless_node_bound, from_gen_params),
	KUNIT_CASE(node_bound_lands),
	KUNIT_CASE(remote_partial),
	KUNIT_CASE(node_bound_vs_irq),
	KUNIT_CASE(pfmemalloc_slab_reserved),
	KUNIT_CASE(sheaves_keep_their_node),
	{}
};

static struct kunit_suite mymem_numa_suite = {
	.name = "mymem_numa",
	.init = mymem_numa_init,
	.test_cases = mymem_numa_cases,
};

kunit_test_suite(mymem_numa_suite);

MODULE_DESCRIPTION("KUnit tests for mymem's NUMA handling");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(MYMEM_NS);
