// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite mymem_stats: the event counters move as documented (in
 * internal.h, enum mymem_stat_item) for scripted sequences of operations,
 * and the sysfs files of SLUB's ABI show the figures and refuse bad input.
 *
 * Every sequence runs on one CPU (work_on_cpu()), so that "this CPU's
 * slab" means one thing, on a cache of its own, without sheaves: these are
 * the CPU slab's and the slabs' counters (the sheaves': mymem_sheaf).
 */
#include <kunit/test.h>
#include <linux/cpumask.h>
#include <linux/fs.h>
#include <linux/nodemask.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/workqueue.h>

#include "internal.h"
#include "mymem_test_util.h"

struct snap {
	unsigned long v[NR_MYMEM_STATS];
};

static void take(struct mymem_cache *s, struct snap *sn)
{
	int i;

	for (i = 0; i < NR_MYMEM_STATS; i++)
		sn->v[i] = mymem_stat_sum(s, i);
}

/* Each counter moved by exactly what @want says (0 where it says nothing). */
static void expect_moves(struct kunit *test, struct mymem_cache *s, const struct snap *before,
			 const long *want, const char *step)
{
	struct snap now;
	int i;

	take(s, &now);
	for (i = 0; i < NR_MYMEM_STATS; i++)
		KUNIT_EXPECT_EQ_MSG(test, (long)(now.v[i] - before->v[i]), want[i],
				    "%s: %s", step, mymem_stat_names[i]);
}

/* --- one CPU's sequence --- */

/* Start a step: nothing expected to move yet. */
static void begin(struct mymem_cache *s, struct snap *sn, long *want)
{
	memset(want, 0, NR_MYMEM_STATS * sizeof(*want));
	take(s, sn);
}

struct script {
	struct kunit *test;
	struct mymem_cache *s;
	void **obj;		/* objects + 1 of them */
	unsigned int n;		/* objects per slab */
};

static long fast_slow_script(void *arg)
{
	struct script *sc = arg;
	struct kunit *test = sc->test;
	struct mymem_cache *s = sc->s;
	long want[NR_MYMEM_STATS];
	struct snap sn;
	unsigned int i;

	/* The first allocation makes the CPU's first slab. */
	begin(s, &sn, want);
	sc->obj[0] = mymem_cache_alloc(s, GFP_KERNEL);
	want[ALLOC_SLOWPATH] = 1;
	want[ALLOC_SLAB] = 1;
	expect_moves(test, s, &sn, want, "first alloc");

	/* The rest of the slab comes off the CPU freelist. */
	begin(s, &sn, want);
	for (i = 1; i < sc->n; i++)
		sc->obj[i] = mymem_cache_alloc(s, GFP_KERNEL);
	want[ALLOC_FASTPATH] = sc->n - 1;
	expect_moves(test, s, &sn, want, "fill the slab");

	/* Full: the slab is let go without a freelist, a new one made. */
	begin(s, &sn, want);
	sc->obj[sc->n] = mymem_cache_alloc(s, GFP_KERNEL);
	want[ALLOC_SLOWPATH] = 1;
	want[DEACTIVATE_BYPASS] = 1;
	want[ALLOC_SLAB] = 1;
	expect_moves(test, s, &sn, want, "alloc past a full slab");

	/* A free to the active slab is the fast path. */
	begin(s, &sn, want);
	mymem_cache_free(s, sc->obj[sc->n]);
	want[FREE_FASTPATH] = 1;
	expect_moves(test, s, &sn, want, "free to the active slab");

	/* A free to the full slab freezes it onto this CPU's partial list. */
	begin(s, &sn, want);
	mymem_cache_free(s, sc->obj[0]);
	want[FREE_SLOWPATH] = 1;
	want[CPU_PARTIAL_FREE] = 1;
	expect_moves(test, s, &sn, want, "free to a full slab");

	/* More frees to it: it is frozen (this CPU's partial slab). */
	begin(s, &sn, want);
	mymem_cache_free(s, sc->obj[1]);
	want[FREE_SLOWPATH] = 1;
	want[FREE_FROZEN] = 1;
	expect_moves(test, s, &sn, want, "free to a CPU partial slab");

	/* Refill from the active slab's freelist is not needed: take from it. */
	begin(s, &sn, want);
	sc->obj[sc->n] = mymem_cache_alloc(s, GFP_KERNEL);
	want[ALLOC_FASTPATH] = 1;
	expect_moves(test, s, &sn, want, "alloc from the active slab");
	return 0;
}

/*
 * Fast path, slow path, new slabs, the bypass of a full slab, CPU partial
 * slabs, then shrink: flush, deactivation, unfreeze, and slabs given back.
 */
static void fast_and_slow_paths(struct kunit *test)
{
	struct mymem_cache *s = mymem_test_cache_slab_layer(test, "kunit_stats", 256, 0, 0, NULL);
	long want[NR_MYMEM_STATS] = {};
	struct script sc = { .test = test, .s = s };
	struct snap sn;
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, s);
	sc.n = s->objects;
	sc.obj = kunit_kcalloc(test, sc.n + 1, sizeof(void *), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, sc.obj);
	KUNIT_EXPECT_EQ(test, work_on_cpu(cpumask_first(cpu_online_mask), fast_slow_script, &sc),
			0L);

	/*
	 * Shrink: the active slab (1 object in use) is flushed and goes to the
	 * node's tail; the CPU partial slab (n - 2 in use) joins it.
	 */
	take(s, &sn);
	KUNIT_EXPECT_EQ(test, mymem_cache_shrink(s), 0);
	want[CPUSLAB_FLUSH] = 1;
	want[DEACTIVATE_TO_TAIL] = 1;
	want[FREE_ADD_PARTIAL] = 1;
	expect_moves(test, s, &sn, want, "shrink");

	/* Everything freed and shrunk: both slabs go back. */
	mymem_cache_free(s, sc.obj[sc.n]);
	for (i = 2; i < sc.n; i++)
		mymem_cache_free(s, sc.obj[i]);
	take(s, &sn);
	KUNIT_EXPECT_EQ(test, mymem_cache_shrink(s), 0);
	KUNIT_EXPECT_EQ(test, mymem_stat_sum(s, FREE_SLAB) - sn.v[FREE_SLAB], 2UL);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), 0);
}

struct remote {
	struct mymem_cache *s;
	void *obj;
};

static long alloc_here(void *arg)
{
	struct remote *r = arg;

	r->obj = mymem_cache_alloc(r->s, GFP_KERNEL);
	return 0;
}

static long free_here(void *arg)
{
	struct remote *r = arg;

	mymem_cache_free(r->s, r->obj);
	return 0;
}

/* A free on another CPU to this CPU's active slab: free_frozen. */
static void remote_free(struct kunit *test)
{
	struct mymem_cache *s;
	struct remote r = {};
	long want[NR_MYMEM_STATS] = {};
	int a = cpumask_first(cpu_online_mask);
	int b = cpumask_next(a, cpu_online_mask);
	struct snap sn;

	if (b >= nr_cpu_ids)
		kunit_skip(test, "needs two online CPUs");
	s = mymem_test_cache_slab_layer(test, "kunit_stats_remote", 128, 0, 0, NULL);
	KUNIT_ASSERT_NOT_NULL(test, s);
	r.s = s;
	work_on_cpu(a, alloc_here, &r);
	KUNIT_ASSERT_NOT_NULL(test, r.obj);
	take(s, &sn);
	work_on_cpu(b, free_here, &r);
	want[FREE_SLOWPATH] = 1;
	want[FREE_FROZEN] = 1;
	expect_moves(test, s, &sn, want, "remote free");

	/* The owner's deactivation finds the remote free on the slab. */
	take(s, &sn);
	mymem_flush_all(s);
	memset(want, 0, sizeof(want));
	want[CPUSLAB_FLUSH] = 1;
	want[DEACTIVATE_REMOTE_FREES] = 1;
	want[DEACTIVATE_TO_TAIL] = 1;	/* min_partial keeps the empty slab */
	expect_moves(test, s, &sn, want, "flush after a remote free");
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), 0);
}

struct partial_script {
	struct kunit *test;
	struct mymem_cache *s;
	void **obj;
	unsigned int n;
};

static long partial_script(void *arg)
{
	struct partial_script *ps = arg;
	struct kunit *test = ps->test;
	struct mymem_cache *s = ps->s;
	long want[NR_MYMEM_STATS] = {};
	struct snap sn;
	unsigned int i;

	for (i = 0; i < ps->n; i++)
		ps->obj[i] = mymem_cache_alloc(s, GFP_KERNEL);
	mymem_flush_all(s);			/* the full slab: on no list */

	/* No CPU partial lists: a free to a full slab puts it on the node. */
	take(s, &sn);
	mymem_cache_free(s, ps->obj[0]);
	want[FREE_SLOWPATH] = 1;
	want[FREE_ADD_PARTIAL] = 1;
	expect_moves(test, s, &sn, want, "free to a full slab, no CPU partial");

	/* The next allocation takes it from the node. */
	take(s, &sn);
	ps->obj[0] = mymem_cache_alloc(s, GFP_KERNEL);
	memset(want, 0, sizeof(want));
	want[ALLOC_SLOWPATH] = 1;
	want[ALLOC_FROM_PARTIAL] = 1;
	expect_moves(test, s, &sn, want, "alloc from the node's partial list");

	/* Back on the node; emptied with min_partial 0, it is given back. */
	mymem_flush_all(s);
	mymem_cache_free(s, ps->obj[0]);
	take(s, &sn);
	for (i = 1; i < ps->n; i++)
		mymem_cache_free(s, ps->obj[i]);
	memset(want, 0, sizeof(want));
	want[FREE_SLOWPATH] = ps->n - 1;
	want[FREE_REMOVE_PARTIAL] = 1;
	want[FREE_SLAB] = 1;
	expect_moves(test, s, &sn, want, "empty a partial slab");
	return 0;
}

/* Node partial list traffic, tunables set through sysfs as a user would. */
static void partial_traffic(struct kunit *test)
{
	struct mymem_cache *s = mymem_test_cache_slab_layer(test, "kunit_stats_partial", 512, 0, 0,
							NULL);
	struct partial_script ps = { .test = test, .s = s };

	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_ASSERT_EQ(test, mymem_test_write(file_of(test, s, "cpu_partial"), "0"), 0);
	KUNIT_ASSERT_EQ(test, mymem_test_write(file_of(test, s, "min_partial"), "0"), 0);
	KUNIT_ASSERT_EQ(test, s->cpu_partial_slabs, 0U);
	KUNIT_ASSERT_EQ(test, s->min_partial, 0UL);
	ps.n = s->objects;
	ps.obj = kunit_kcalloc(test, ps.n, sizeof(void *), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ps.obj);
	work_on_cpu(cpumask_first(cpu_online_mask), partial_script, &ps);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), 0);
}

static long mismatch_script(void *arg)
{
	struct partial_script *ps = arg;
	struct kunit *test = ps->test;
	struct mymem_cache *s = ps->s;
	int here = numa_node_id(), there;
	long want[NR_MYMEM_STATS] = {};
	struct snap sn;

	for (there = 0; there < nr_node_ids; there++)
		if (there != here && node_state(there, N_MEMORY))
			break;
	ps->obj[0] = mymem_cache_alloc_node(s, GFP_KERNEL, here);
	take(s, &sn);
	ps->obj[1] = mymem_cache_alloc_node(s, GFP_KERNEL, there);
	want[ALLOC_SLOWPATH] = 1;
	want[ALLOC_NODE_MISMATCH] = 1;
	want[CPUSLAB_FLUSH] = 1;
	want[DEACTIVATE_TO_TAIL] = 1;
	want[ALLOC_SLAB] = 1;
	expect_moves(test, s, &sn, want, "alloc on the other node");
	if (ps->obj[1])
		KUNIT_EXPECT_EQ(test, page_to_nid(virt_to_page(ps->obj[1])), there);
	return 0;
}

/* An allocation for another node than the CPU slab's flushes it. */
static void node_mismatch(struct kunit *test)
{
	struct mymem_cache *s;
	struct partial_script ps = { .test = test };
	void *obj[2] = {};

	if (num_node_state(N_MEMORY) < 2)
		kunit_skip(test, "needs two nodes with memory");
	s = mymem_test_cache_slab_layer(test, "kunit_stats_node", 64, 0, 0, NULL);
	KUNIT_ASSERT_NOT_NULL(test, s);
	ps.s = s;
	ps.obj = obj;
	work_on_cpu(cpumask_first(cpu_online_mask), mismatch_script, &ps);
	mymem_cache_free(s, obj[0]);
	mymem_cache_free(s, obj[1]);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), 0);
}

/* --- the files --- */

/* "total N0=x N1=y" and "total C0=x ...": the total is the sum of the parts. */
static unsigned long parts_sum(const char *buf, char tag, unsigned long *total)
{
	unsigned long sum = 0, v;
	const char *p = buf;
	int id, used;

	if (sscanf(p, "%lu%n", total, &used) != 1)
		return ULONG_MAX;
	p += used;
	while (*p == ' ') {
		char fmt[] = " ?%d=%lu%n";

		fmt[1] = tag;
		if (sscanf(p, fmt, &id, &v, &used) != 2)
			return ULONG_MAX;
		sum += v;
		p += used;
	}
	return *p == '\n' ? sum : ULONG_MAX;
}

#define NR_FILL 40

static long fill_script(void *arg)
{
	struct partial_script *ps = arg;
	unsigned int i;

	for (i = 0; i < NR_FILL; i++)
		ps->obj[i] = mymem_cache_alloc(ps->s, GFP_KERNEL);
	return 0;
}

/* The per-node and per-CPU figures, against what the test allocated. */
static void files_show_figures(struct kunit *test)
{
	struct mymem_cache *s = mymem_test_cache_slab_layer(test, "kunit_stats_files", 1000, 0,
						   SLAB_HWCACHE_ALIGN, NULL);
	char *buf = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	struct partial_script ps = { .test = test, .s = s };
	unsigned long total, slabs;
	void *obj[NR_FILL];
	int i;

	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	/* On one CPU, so that the slabs fill one after the other. */
	ps.obj = obj;
	work_on_cpu(cpumask_first(cpu_online_mask), fill_script, &ps);
	for (i = 0; i < ARRAY_SIZE(obj); i++)
		KUNIT_ASSERT_NOT_NULL(test, obj[i]);
	mymem_flush_all(s);	/* no CPU slab: objects counted exactly */

	KUNIT_ASSERT_GT(test, mymem_test_read(file_of(test, s, "objects"), buf, PAGE_SIZE), 0L);
	KUNIT_EXPECT_EQ_MSG(test, parts_sum(buf, 'N', &total), total, "%s", buf);
	KUNIT_EXPECT_EQ_MSG(test, total, (unsigned long)ARRAY_SIZE(obj), "%s", buf);
	KUNIT_ASSERT_GT(test, mymem_test_read(file_of(test, s, "slabs"), buf, PAGE_SIZE), 0L);
	KUNIT_EXPECT_EQ_MSG(test, parts_sum(buf, 'N', &slabs), slabs, "%s", buf);
	KUNIT_EXPECT_EQ(test, slabs, DIV_ROUND_UP(ARRAY_SIZE(obj), s->objects));
	KUNIT_ASSERT_GT(test, mymem_test_read(file_of(test, s, "total_objects"), buf, PAGE_SIZE),
			0L);
	KUNIT_EXPECT_EQ_MSG(test, parts_sum(buf, 'N', &total), total, "%s", buf);
	KUNIT_EXPECT_EQ(test, total, slabs * s->objects);
	KUNIT_ASSERT_GT(test, mymem_test_read(file_of(test, s, "objects_partial"), buf, PAGE_SIZE),
			0L);
	KUNIT_EXPECT_EQ_MSG(test, parts_sum(buf, 'N', &total), total, "%s", buf);
	KUNIT_EXPECT_EQ(test, total, (unsigned long)(ARRAY_SIZE(obj) % s->objects));
	KUNIT_ASSERT_GT(test, mymem_test_read(file_of(test, s, "cpu_slabs"), buf, PAGE_SIZE), 0L);
	KUNIT_EXPECT_STREQ(test, buf, "0\n");
	KUNIT_ASSERT_GT(test, mymem_test_read(file_of(test, s, "alloc_slab"), buf, PAGE_SIZE), 0L);
	KUNIT_EXPECT_EQ_MSG(test, parts_sum(buf, 'C', &total), total, "%s", buf);
	KUNIT_EXPECT_EQ(test, total, slabs);
	KUNIT_ASSERT_GT(test, mymem_test_read(file_of(test, s, "hwcache_align"), buf, PAGE_SIZE),
			0L);
	KUNIT_EXPECT_STREQ(test, buf, "1\n");
	KUNIT_ASSERT_GT(test, mymem_test_read(file_of(test, s, "destroy_by_rcu"), buf, PAGE_SIZE),
			0L);
	KUNIT_EXPECT_STREQ(test, buf, "0\n");
	KUNIT_ASSERT_GT(test, mymem_test_read(file_of(test, s, "aliases"), buf, PAGE_SIZE), 0L);
	KUNIT_EXPECT_STREQ(test, buf, "0\n");
	KUNIT_EXPECT_EQ(test, mymem_test_read(file_of(test, s, "ctor"), buf, PAGE_SIZE), 0L);

	/* Writing 0 clears a counter; anything else is refused. */
	KUNIT_EXPECT_EQ(test, mymem_test_write(file_of(test, s, "alloc_slab"), "0"), 0);
	KUNIT_EXPECT_EQ(test, mymem_stat_sum(s, ALLOC_SLAB), 0UL);
	for (i = 0; i < ARRAY_SIZE(obj); i++)
		mymem_cache_free(s, obj[i]);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), 0);
}

static long fill_n_script(void *arg)
{
	struct partial_script *ps = arg;
	unsigned int i;

	for (i = 0; i < ps->n; i++)
		ps->obj[i] = mymem_cache_alloc(ps->s, GFP_KERNEL);
	return 0;
}

/*
 * How many lines of @s's slab map (debugfs "slabs", copied by a shell: it
 * takes no kernel_read()) are exactly @line, or all of them but the header
 * with @line NULL; negative when it could not be read.
 */
static int map_lines(struct kunit *test, struct mymem_cache *s, char *buf, const char *line)
{
	const char *tmp = "/tmp/kunit_mymem_slabs";
	char *p, *next;
	int n = 0;

	if (mymem_test_sh(test, "cat /sys/kernel/debug/mymem/%s/slabs > %s", s->name, tmp))
		return -EIO;
	if (mymem_test_read(tmp, buf, PAGE_SIZE) <= 0 ||
	    !str_has_prefix(buf, "# node state inuse objects\n"))
		return -EIO;
	for (p = strchr(buf, '\n') + 1; *p; p = next) {
		next = strchrnul(p, '\n');
		if (!line || (next - p == strlen(line) && !strncmp(p, line, next - p)))
			n++;
		if (*next)
			next++;
	}
	return n;
}

static int map_has(struct kunit *test, struct mymem_cache *s, char *buf, const char *fmt,
		   int nid, unsigned int inuse, unsigned int objects)
{
	char line[48];

	snprintf(line, sizeof(line), fmt, nid, inuse, objects);
	return map_lines(test, s, buf, line);
}

/*
 * Three slabs of 100-byte objects on one node, filled by one CPU and
 * flushed to the node: then the first keeps 1 object in use, the second
 * n - half, the third none (kept: cpu_partial is 0, so frees go to the
 * node's lists). The test's end frees what is still in use.
 */
struct three_slabs {
	struct mymem_cache *s;
	void **obj;		/* 3 * n objects, NULL once freed */
	unsigned int n, half;
	int nid;
};

static void three_slabs_release(struct kunit_resource *res)
{
	struct three_slabs *t = res->data;
	unsigned int i;

	for (i = 0; i < 3 * t->n; i++)
		if (t->obj[i])
			mymem_cache_free(t->s, t->obj[i]);
}

static void three_slabs_free(struct three_slabs *t, unsigned int from, unsigned int to)
{
	for (; from < to; from++) {
		mymem_cache_free(t->s, t->obj[from]);
		t->obj[from] = NULL;
	}
}

/* The three slabs full; with @thin, thinned out as said above. */
static struct three_slabs *three_slabs(struct kunit *test, bool thin)
{
	struct three_slabs *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	struct partial_script ps = { .test = test };
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, t);
	t->s = mymem_test_cache_slab_layer(test, "kunit_stats_waste", 100, 0, 0, NULL);
	KUNIT_ASSERT_NOT_NULL(test, t->s);
	t->n = t->s->objects;
	t->half = t->n / 2;
	t->obj = kunit_kcalloc(test, 3 * t->n, sizeof(void *), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t->obj);
	mymem_set_cpu_partial(t->s, 0);
	ps.s = t->s;
	ps.n = 3 * t->n;
	ps.obj = t->obj;
	work_on_cpu(cpumask_first(cpu_online_mask), fill_n_script, &ps);
	KUNIT_ASSERT_NOT_NULL(test, kunit_alloc_resource(test, NULL, three_slabs_release,
							 GFP_KERNEL, t));
	for (i = 0; i < 3 * t->n; i++)
		KUNIT_ASSERT_NOT_NULL(test, t->obj[i]);
	mymem_flush_all(t->s);
	t->nid = page_to_nid(virt_to_page(t->obj[0]));
	if (thin) {
		three_slabs_free(t, 1, t->n);			/* slab 1: 1 in use */
		three_slabs_free(t, t->n, t->n + t->half);	/* slab 2: n - half */
		three_slabs_free(t, 2 * t->n, 3 * t->n);	/* slab 3: empty, kept */
	}
	return t;
}

/* The slab map lists each slab: all full, after the fill. */
static void slab_map_full(struct kunit *test)
{
	struct three_slabs *t = three_slabs(test, false);
	char *buf = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_EXPECT_EQ(test, map_lines(test, t->s, buf, NULL), 3);
	KUNIT_EXPECT_EQ(test, map_has(test, t->s, buf, "%d full %u %u", t->nid, t->n, t->n), 3);
}

/* The slab map shows the thinned slabs as partial, partial and empty. */
static void slab_map_partial_empty(struct kunit *test)
{
	struct three_slabs *t = three_slabs(test, true);
	char *buf = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	unsigned int n = t->n;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_EXPECT_EQ(test, map_lines(test, t->s, buf, NULL), 3);
	KUNIT_EXPECT_EQ(test, map_has(test, t->s, buf, "%d partial %u %u", t->nid, 1, n), 1);
	KUNIT_EXPECT_EQ(test, map_has(test, t->s, buf, "%d partial %u %u", t->nid, n - t->half, n),
			1);
	KUNIT_EXPECT_EQ(test, map_has(test, t->s, buf, "%d empty %u %u", t->nid, 0, n), 1);
}

/*
 * One more object: a slab of the node becomes a CPU's, shown as "cpu"
 * with all its objects in use; the two others stay as they were.
 */
static void slab_map_cpu_slab(struct kunit *test)
{
	struct three_slabs *t = three_slabs(test, true);
	char *buf = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	struct partial_script extra = { .test = test, .s = t->s, .n = 1 };
	unsigned int n = t->n;
	void *obj = NULL;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	extra.obj = &obj;
	work_on_cpu(cpumask_first(cpu_online_mask), fill_n_script, &extra);
	KUNIT_ASSERT_NOT_NULL(test, obj);
	KUNIT_EXPECT_EQ(test, map_lines(test, t->s, buf, NULL), 3);
	KUNIT_EXPECT_EQ(test, map_has(test, t->s, buf, "%d cpu %u %u", t->nid, n, n), 1);
	KUNIT_EXPECT_EQ(test, map_has(test, t->s, buf, "%d partial %u %u", t->nid, 1, n) +
			map_has(test, t->s, buf, "%d partial %u %u", t->nid, n - t->half, n) +
			map_has(test, t->s, buf, "%d empty %u %u", t->nid, 0, n), 2);
	mymem_cache_free(t->s, obj);
}

/* occupancy puts the slabs in the first decile, the sixth, and "empty". */
static void occupancy_deciles(struct kunit *test)
{
	struct three_slabs *t = three_slabs(test, true);
	char *buf = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	char want[32], *line;
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_GT(test, mymem_test_read(file_of(test, t->s, "occupancy"), buf, PAGE_SIZE),
			0L);
	snprintf(want, sizeof(want), "N%d ", t->nid);
	line = strstr(buf, want);
	KUNIT_ASSERT_NOT_NULL_MSG(test, line, "%s", buf);
	KUNIT_EXPECT_TRUE_MSG(test, str_has_prefix(strim(line) + strlen(want), "empty=1 "),
			      "%s", line);
	i = 10 / t->n;				/* 1 of n */
	snprintf(want, sizeof(want), " %u-%u%%=1", i * 10, i * 10 + 9);
	KUNIT_EXPECT_TRUE_MSG(test, strstr(line, want), "%s: no %s", line, want);
	i = (t->n - t->half) * 10 / t->n;
	snprintf(want, sizeof(want), " %u-%u%%=1", i * 10, i * 10 + 9);
	KUNIT_EXPECT_TRUE_MSG(test, strstr(line, want), "%s: no %s", line, want);
}

/* waste: rounding, metadata, slab tails and free objects, exactly. */
static void waste_adds_up(struct kunit *test)
{
	struct three_slabs *t = three_slabs(test, true);
	char *buf = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	unsigned long total, rounding, meta, leftover, free, live, want_meta;
	struct mymem_cache *s = t->s;
	int got;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_GT(test, mymem_test_read(file_of(test, s, "waste"), buf, PAGE_SIZE), 0L);
	got = sscanf(buf, "%lu rounding=%lu metadata=%lu leftover=%lu free=%lu", &total, &rounding,
		     &meta, &leftover, &free);
	KUNIT_ASSERT_EQ_MSG(test, got, 5, "%s", buf);
	live = 1 + t->n - t->half;
	want_meta = s->size - ALIGN(s->object_size, s->align);
	KUNIT_EXPECT_EQ(test, rounding, live * (s->size - s->object_size - want_meta));
	KUNIT_EXPECT_EQ(test, meta, live * want_meta);
	KUNIT_EXPECT_EQ(test, leftover, 3 * ((PAGE_SIZE << s->order) - t->n * s->size));
	KUNIT_EXPECT_EQ(test, free, (3 * t->n - live) * s->size);
	KUNIT_EXPECT_EQ(test, total, rounding + meta + leftover + free);
}

struct bad_write {
	const char *file;
	const char *val;
};

static const struct bad_write bad_writes[] = {
	{ "alloc_fastpath", "1" },
	{ "alloc_fastpath", "abc" },
	{ "free_slab", "-1" },
	{ "cpu_partial", "abc" },
	{ "cpu_partial", "-5" },
	{ "cpu_partial", "99999999999" },
	{ "cpu_partial", "2000000" },
	{ "min_partial", "x" },
	{ "min_partial", "-1" },
	{ "min_partial", "184467440737095516150" },
	{ "shrink", "0" },
	{ "shrink", "maybe" },
};

static void bad_write_desc(const struct bad_write *b, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s <- \"%s\"", b->file, b->val);
}

KUNIT_ARRAY_PARAM(bad_write, bad_writes, bad_write_desc);

/* Bad input is refused and changes nothing. */
static void files_refuse_bad_input(struct kunit *test)
{
	const struct bad_write *b = test->param_value;
	struct mymem_cache *s = mymem_test_cache_slab_layer(test, "kunit_stats_bad", 128, 0, 0,
							    NULL);
	unsigned int cpu_partial;
	unsigned long min_partial;
	struct snap before, after;
	void *obj;

	KUNIT_ASSERT_NOT_NULL(test, s);
	obj = mymem_cache_alloc(s, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, obj);
	mymem_cache_free(s, obj);
	cpu_partial = s->cpu_partial;
	min_partial = s->min_partial;
	take(s, &before);
	KUNIT_EXPECT_LT(test, mymem_test_write(file_of(test, s, b->file), b->val), 0);
	take(s, &after);
	KUNIT_EXPECT_EQ(test, after.v[ALLOC_FASTPATH], before.v[ALLOC_FASTPATH]);
	KUNIT_EXPECT_EQ(test, after.v[FREE_SLAB], before.v[FREE_SLAB]);
	KUNIT_EXPECT_EQ(test, after.v[CPUSLAB_FLUSH], before.v[CPUSLAB_FLUSH]);
	KUNIT_EXPECT_EQ(test, s->cpu_partial, cpu_partial);
	KUNIT_EXPECT_EQ(test, s->min_partial, min_partial);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), 0);
}

static struct kunit_case mymem_stats_cases[] = {
	KUNIT_CASE(fast_and_slow_paths),
	KUNIT_CASE(remote_free),
	KUNIT_CASE(partial_traffic),
	KUNIT_CASE(node_mismatch),
	KUNIT_CASE(files_show_figures),
	KUNIT_CASE(slab_map_full),
	KUNIT_CASE(slab_map_partial_empty),
	KUNIT_CASE(slab_map_cpu_slab),
	KUNIT_CASE(occupancy_deciles),
	KUNIT_CASE(waste_adds_up),
	KUNIT_CASE_PARAM(files_refuse_bad_input, bad_write_gen_params),
	{}
};

static struct kunit_suite mymem_stats_suite = {
	.name = "mymem_stats",
	.test_cases = mymem_stats_cases,
};

kunit_test_suite(mymem_stats_suite);

MODULE_DESCRIPTION("KUnit tests for mymem's event counters and SLUB-compatible sysfs files");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(MYMEM_NS);
