// SPDX-License-Identifier: GPL-2.0
/*
 * mymem_bench: the same loops against the kernel's slab allocator
 * (kmem_cache_*, kmalloc) and against mymem, in one boot. Loaded by
 * tools/rig/bench.sh; prints one line per figure:
 *
 *   MYMEM-BENCH <pattern> <param> <slub|mymem> <value> <unit>
 *
 * mode=single  per-object costs on one CPU (run under -icount shift=0,
 *              where guest nanoseconds count instructions), after a quiet
 *              period, each figure the minimum of ROUNDS runs with the
 *              allocators interleaved; mymem with its sheaves and without
 *              (mymem_nosheaf), each mymem figure followed by the paths
 *              its operations took:
 *              MYMEM-BENCH paths <pattern> <param> <impl> <name>=<n> ...
 * mode=multi   all online CPUs at once, and producer/consumer pairs;
 * mode=memory  pages held for 100000 objects, from /proc/slabinfo and
 *              /proc/myslabinfo, and after a fragmentation pattern (a
 *              random 90% of 100000 64-byte objects freed, then shrink),
 *              with mymem's objects parked in sheaves and barns;
 * mode=walk    the cost of reading a cache's waste and of validating it,
 *              for the same cache contents whatever the guest's memory
 *              (the rig runs it under -icount on 2 GiB and 8 GiB guests).
 * The module's init does the work; the rig unloads it afterwards.
 */
#define pr_fmt(fmt) "MYMEM-BENCH " fmt

#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/fs.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/timekeeping.h>
#include <linux/vmalloc.h>

#include "compat.h"
#include "internal.h"

static char *mode = "single";
module_param(mode, charp, 0444);
MODULE_PARM_DESC(mode, "single, multi or memory");
static unsigned int scale = 1;
module_param(scale, uint, 0444);
MODULE_PARM_DESC(scale, "multiply iteration counts (default 1)");

/* What a mymem figure's operations did: its cache's counters over the run. */
enum {
	P_SHEAF, P_FAST, P_SLOW, P_SLAB, P_FREE_SHEAF, P_FREE_FAST, P_FREE_SLOW,
	P_SWAP, P_BARN_GET, P_BARN_PUT, P_REFILL, P_FLUSH, P_NEW_SHEAF, NR_PATHS
};

static const char *const path_names[NR_PATHS] = {
	"alloc_sheaf", "alloc_fast", "alloc_slow", "new_slab", "free_sheaf", "free_fast",
	"free_slow", "sheaf_swap", "barn_get", "barn_put", "sheaf_refill", "sheaf_flush",
	"sheaf_alloc",
};

struct paths {
	unsigned long v[NR_PATHS];
	unsigned long zeroed;	/* objects zeroed on allocation (init_on_alloc) */
	bool known;
};

/* One allocator behind one interface: the kernel's or mymem. */
struct impl {
	const char *name;
	void (*counters)(void *c, unsigned long *v);	/* NULL: none to read */
	void *(*create)(const char *name, unsigned int size);
	void (*destroy)(void *c);
	void *(*alloc)(void *c);
	void (*free)(void *c, void *p);
	int (*alloc_bulk)(void *c, size_t nr, void **p);
	void (*free_bulk)(void *c, size_t nr, void **p);
	void (*shrink)(void *c);
	void *(*kmalloc_fn)(size_t size);
	void (*kfree)(const void *p);
	long (*pages)(const char *name);
};

static long slub_pages(const char *name);
static long myslab_pages(const char *name);

static void *slub_create(const char *name, unsigned int size)
{
	return kmem_cache_create(name, size, 0, 0, NULL);
}

static void slub_destroy(void *c) { kmem_cache_destroy(c); }
static void *slub_alloc(void *c) { return kmem_cache_alloc(c, GFP_KERNEL); }
static void slub_free(void *c, void *p) { kmem_cache_free(c, p); }
static int slub_alloc_bulk(void *c, size_t nr, void **p)
{
	/* All or nothing on every kernel: 7.x returns bool, earlier ones nr or 0. */
	return kmem_cache_alloc_bulk(c, GFP_KERNEL, nr, p) ? nr : 0;
}

static void slub_free_bulk(void *c, size_t nr, void **p) { kmem_cache_free_bulk(c, nr, p); }
static void slub_shrink(void *c) { kmem_cache_shrink(c); }
static void *slub_kmalloc(size_t size) { return kmalloc(size, GFP_KERNEL); }

static void *mym_create(const char *name, unsigned int size)
{
	return mymem_cache_create(name, size, 0, 0, NULL);
}

/* mymem without sheaves: the CPU slab and partial lists alone. */
static void *mym0_create(const char *name, unsigned int size)
{
	struct mymem_cache_args args = { .sheaf_capacity = MYMEM_NO_SHEAVES };

	return mymem_cache_create_args(name, size, &args, 0);
}

static void mym_counters(void *c, unsigned long *v)
{
	static const enum mymem_stat_item items[NR_PATHS] = {
		ALLOC_CPU_SHEAF, ALLOC_FASTPATH, ALLOC_SLOWPATH, ALLOC_SLAB, FREE_CPU_SHEAF,
		FREE_FASTPATH, FREE_SLOWPATH, SHEAF_SWAP, BARN_GET, BARN_PUT, SHEAF_REFILL,
		SHEAF_FLUSH, SHEAF_ALLOC,
	};
	unsigned int i;

	for (i = 0; i < NR_PATHS; i++)
		v[i] = mymem_stat_sum(c, items[i]);
}

static void mym_destroy(void *c) { mymem_cache_destroy(c); }
static void *mym_alloc(void *c) { return mymem_cache_alloc(c, GFP_KERNEL); }
static void mym_free(void *c, void *p) { mymem_cache_free(c, p); }
static int mym_alloc_bulk(void *c, size_t nr, void **p)
{
	return mymem_cache_alloc_bulk(c, GFP_KERNEL, nr, p);
}

static void mym_free_bulk(void *c, size_t nr, void **p) { mymem_cache_free_bulk(c, nr, p); }
static void mym_shrink(void *c) { mymem_cache_shrink(c); }
static void *mym_kmalloc(size_t size) { return mymem_kmalloc(size, GFP_KERNEL); }

static const struct impl impls[] = {
	{ "slub", NULL, slub_create, slub_destroy, slub_alloc, slub_free, slub_alloc_bulk,
	  slub_free_bulk, slub_shrink, slub_kmalloc, kfree, slub_pages },
	{ "mymem", mym_counters, mym_create, mym_destroy, mym_alloc, mym_free, mym_alloc_bulk,
	  mym_free_bulk, mym_shrink, mym_kmalloc, mymem_kfree, myslab_pages },
	/* kmalloc's classes keep their sheaves: no kmalloc figure without. */
	{ "mymem_nosheaf", mym_counters, mym0_create, mym_destroy, mym_alloc, mym_free,
	  mym_alloc_bulk, mym_free_bulk, mym_shrink, NULL, mymem_kfree, myslab_pages },
};

static void report(const char *pattern, unsigned long param, const struct impl *im,
		   u64 value, const char *unit)
{
	pr_info("%s %lu %s %lld %s\n", pattern, param, im->name, (s64)value, unit);
}

static void **objs;
#define MAX_OBJS 100000

/* A fixed pseudo-random sequence, the same for both allocators. */
static u32 rnd_state;
static u32 rnd(void)
{
	rnd_state = rnd_state * 1103515245 + 12345;
	return rnd_state >> 8;
}

/* --- single CPU --- */

/*
 * The floor of the alloc+free pair: the same loop and indirect calls, and
 * the init_on_alloc zeroing both allocators do, with no allocator at all.
 * What a pair costs above it is the allocator's own work.
 */
static u8 floor_buf[4096];
static unsigned int floor_size;

static void *floor_alloc(void *c)
{
	if (want_init_on_alloc(GFP_KERNEL))
		memset(floor_buf, 0, floor_size);
	return floor_buf;
}

static void floor_free(void *c, void *p)
{
}

static const struct impl floor_impl = { .name = "floor", .alloc = floor_alloc, .free = floor_free };

/*
 * The timed part of a figure: the clock and the cache's counters read
 * just around it (@c NULL: none). Returns the elapsed guest ns.
 */
static void timed_start(const struct impl *im, void *c, struct paths *p, u64 *t)
{
	p->known = c && im->counters;
	if (p->known)
		im->counters(c, p->v);
	*t = ktime_get_ns();
}

static u64 timed_end(const struct impl *im, void *c, struct paths *p, u64 t,
		     unsigned long allocs)
{
	unsigned long v[NR_PATHS];
	unsigned int i;

	t = ktime_get_ns() - t;
	if (p->known) {
		im->counters(c, v);
		for (i = 0; i < NR_PATHS; i++)
			p->v[i] = v[i] - p->v[i];
	}
	p->zeroed = want_init_on_alloc(GFP_KERNEL) ? allocs : 0;
	return t;
}

static u64 fastpath_floor(const struct impl *unused, unsigned int size, struct paths *p)
{
	const struct impl *im = &floor_impl;
	unsigned int i, n = 20000 * scale;
	u64 t;

	floor_size = size;
	timed_start(im, NULL, p, &t);
	for (i = 0; i < n; i++)
		im->free(NULL, im->alloc(NULL));
	return timed_end(im, NULL, p, t, n) * 1000 / n;
}

static u64 fastpath_pair(const struct impl *im, unsigned int size, struct paths *p)
{
	unsigned int i, n = 20000 * scale;
	void *c = im->create("bench_pair", size);
	u64 t;

	if (!c)
		return 0;
	for (i = 0; i < 1000; i++)	/* warm up: the CPU slab is in place */
		im->free(c, im->alloc(c));
	timed_start(im, c, p, &t);
	for (i = 0; i < n; i++)
		im->free(c, im->alloc(c));
	t = timed_end(im, c, p, t, n);
	im->destroy(c);
	return t * 1000 / n;
}

static u64 batch(const struct impl *im, unsigned int nr, struct paths *p)
{
	unsigned int i, r, rounds = max(1U, 65536 / nr) * scale;
	void *c = im->create("bench_batch", 256);
	u64 t;

	if (!c)
		return 0;
	timed_start(im, c, p, &t);
	for (r = 0; r < rounds; r++) {
		for (i = 0; i < nr; i++)
			objs[i] = im->alloc(c);
		for (i = 0; i < nr; i++)
			im->free(c, objs[i]);
	}
	t = timed_end(im, c, p, t, (unsigned long)rounds * nr);
	im->destroy(c);
	return t * 1000 / ((u64)rounds * nr);
}

static u64 bulk(const struct impl *im, unsigned int nr, struct paths *p)
{
	unsigned int r, rounds = 20000 / nr * scale;
	void *c = im->create("bench_bulk", 256);
	u64 t;

	if (!c)
		return 0;
	im->free_bulk(c, im->alloc_bulk(c, nr, objs), objs);
	timed_start(im, c, p, &t);
	for (r = 0; r < rounds; r++) {
		if (im->alloc_bulk(c, nr, objs) != nr)
			break;
		im->free_bulk(c, nr, objs);
	}
	t = timed_end(im, c, p, t, (unsigned long)rounds * nr);
	im->destroy(c);
	/* A figure only for rounds that all ran. */
	if (r < rounds) {
		pr_warn("%s %u: %s's allocation failed in round %u\n", __func__, nr, im->name, r);
		return 0;
	}
	return t * 1000 / ((u64)rounds * nr);
}

static u64 kmalloc_pair(const struct impl *im, unsigned int size, struct paths *p)
{
	unsigned int i, n = (size > 8192 ? 2000 : 20000) * scale;
	u64 t;

	if (!im->kmalloc_fn)
		return 0;
	for (i = 0; i < 100; i++)
		im->kfree(im->kmalloc_fn(size));
	timed_start(im, NULL, p, &t);
	for (i = 0; i < n; i++)
		im->kfree(im->kmalloc_fn(size));
	return timed_end(im, NULL, p, t, n) * 1000 / n;
}

/* Allocate a large working set, free it in random order, allocate again. */
static u64 random_free(const struct impl *im, unsigned int nr, struct paths *p)
{
	void *c = im->create("bench_random", 64);
	unsigned int i;
	u64 t;

	if (!c)
		return 0;
	rnd_state = 42;
	timed_start(im, c, p, &t);
	for (i = 0; i < nr; i++)
		objs[i] = im->alloc(c);
	for (i = nr - 1; i > 0; i--) {
		unsigned int j = rnd() % (i + 1);	/* swap() evaluates twice */

		swap(objs[i], objs[j]);
	}
	for (i = 0; i < nr; i++)
		im->free(c, objs[i]);
	for (i = 0; i < nr; i++)
		objs[i] = im->alloc(c);
	for (i = 0; i < nr; i++)
		im->free(c, objs[i]);
	t = timed_end(im, c, p, t, 2UL * nr);
	im->destroy(c);
	return t * 1000 / (2ULL * nr);
}

typedef u64 (*bench_fn)(const struct impl *im, unsigned int param, struct paths *p);

/* Runs of each allocator per figure; the minimum is reported. */
#define ROUNDS	5

static void report_paths(const char *pattern, unsigned int param, const struct impl *im,
			 const struct paths *p)
{
	char buf[384];
	int i, n = 0;

	if (!p->known)
		return;
	for (i = 0; i < NR_PATHS; i++)
		n += scnprintf(buf + n, sizeof(buf) - n, " %s=%lu", path_names[i], p->v[i]);
	pr_info("paths %s %u %s%s zeroed=%lu\n", pattern, param, im->name, buf, p->zeroed);
}

/*
 * One figure: ROUNDS runs of every allocator, interleaved (the order
 * reversed every other round, so that none always runs first after the
 * other's frees), the minimum of each: background work the guest ran
 * meanwhile only ever adds.
 */
static void measure(const char *pattern, unsigned int param, bench_fn fn, const char *unit)
{
	u64 best[ARRAY_SIZE(impls)] = {};
	struct paths bp[ARRAY_SIZE(impls)] = {}, p;
	unsigned int r, j, k;

	for (r = 0; r < ROUNDS; r++) {
		for (j = 0; j < ARRAY_SIZE(impls); j++) {
			u64 v;

			k = r & 1 ? ARRAY_SIZE(impls) - 1 - j : j;
			memset(&p, 0, sizeof(p));
			v = fn(&impls[k], param, &p);
			if (v && (!best[k] || v < best[k])) {
				best[k] = v;
				bp[k] = p;
			}
			cond_resched();
		}
	}
	for (k = 0; k < ARRAY_SIZE(impls); k++) {
		if (!best[k])
			continue;
		report(pattern, param, &impls[k], best[k], unit);
		report_paths(pattern, param, &impls[k], &bp[k]);
	}
}

/* The floor's minimum, as the allocators' figures are taken. */
static void measure_floor(unsigned int size)
{
	struct paths p;
	u64 best = 0, v;
	unsigned int r;

	for (r = 0; r < ROUNDS; r++) {
		v = fastpath_floor(NULL, size, &p);
		best = best && best < v ? best : v;
	}
	report("fastpath_pair", size, &floor_impl, best, "ps/pair");
}

/*
 * Wait for a quiet guest: the floor loop timed every half second until two
 * readings in a row agree within 1% (at most 60 tries). Under -icount the
 * guest's clock counts every instruction the CPU runs, background work
 * included: right after boot and module load there is some.
 */
static void wait_quiet(void)
{
	struct paths p;
	u64 prev = 0, cur = 0;
	unsigned int i;

	for (i = 0; i < 60; i++) {
		msleep(500);
		cur = fastpath_floor(NULL, 64, &p);
		if (prev && cur * 100 <= prev * 101 && prev * 100 <= cur * 101)
			break;
		prev = cur;
	}
	pr_info("quiesce %u tries, floor %llu ps/pair\n", i + 1, cur);
}

static void run_single(void)
{
	static const unsigned int sizes[] = { 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096 };
	static const unsigned int batches[] = { 16, 64, 256, 1024, 4096, 8192 };
	static const unsigned int bulks[] = { 16, 32, 64, 128, 256 };
	static const unsigned int ksizes[] = { 8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048,
					       4096, 8192, 32768 };
	unsigned int i;

	wait_quiet();
	for (i = 0; i < ARRAY_SIZE(sizes); i++)
		measure_floor(sizes[i]);
	for (i = 0; i < ARRAY_SIZE(sizes); i++)
		measure("fastpath_pair", sizes[i], fastpath_pair, "ps/pair");
	for (i = 0; i < ARRAY_SIZE(batches); i++)
		measure("batch", batches[i], batch, "ps/object");
	for (i = 0; i < ARRAY_SIZE(bulks); i++)
		measure("bulk", bulks[i], bulk, "ps/object");
	for (i = 0; i < ARRAY_SIZE(ksizes); i++)
		measure("kmalloc_pair", ksizes[i], kmalloc_pair, "ps/pair");
	measure("random_free", 50000, random_free, "ps/object");
}

/* --- memory --- */

/*
 * Read a small file whole into a NUL-terminated vmalloc'ed buffer; in user
 * space's root (7.x kthreads start in an empty one: compat.h).
 */
static char *read_file(const char *path, size_t max)
{
	struct file *f;
	loff_t pos = 0;
	ssize_t n;
	char *buf;

	buf = vzalloc(max);
	if (!buf)
		return NULL;
	f = mymem_filp_open(path, O_RDONLY, 0);
	if (IS_ERR(f)) {
		pr_warn("cannot open %s: %ld\n", path, PTR_ERR(f));
		vfree(buf);
		return NULL;
	}
	n = kernel_read(f, buf, max - 1, &pos);
	filp_close(f, NULL);
	if (n < 0) {
		pr_warn("cannot read %s: %zd\n", path, n);
		vfree(buf);
		return NULL;
	}
	return buf;
}

/* The first number in the file at @fmt (one %s: @name); -1 if none. */
static long read_number(const char *fmt, const char *name)
{
	char path[96], *buf, *word;
	long v = -1;

	snprintf(path, sizeof(path), fmt, name);
	buf = read_file(path, 4096);
	if (!buf)
		return -1;
	word = strim(buf);
	word = strsep(&word, " ");
	if (kstrtol(word, 10, &v))
		v = -1;
	vfree(buf);
	return v;
}

/*
 * SLUB's pages for cache @name: /sys/kernel/slab/<name>/slabs << order, the
 * figures /proc/slabinfo's num_slabs and pagesperslab come from (the
 * kernel's /proc/slabinfo has no read_iter, so kernel_read() cannot read it).
 */
static long slub_pages(const char *name)
{
	long slabs = read_number("/sys/kernel/slab/%s/slabs", name);
	long order = read_number("/sys/kernel/slab/%s/order", name);

	return slabs < 0 || order < 0 ? -1 : slabs << order;
}

/* mymem's pages for cache @name by /proc/myslabinfo: num_slabs * pagesperslab. */
static long myslab_pages(const char *name)
{
	size_t len = strlen(name);
	char *buf, *cur, *line;
	long pages = -1;

	buf = read_file("/proc/myslabinfo", 1 << 20);
	if (!buf)
		return -1;
	cur = buf;
	while ((line = strsep(&cur, "\n"))) {
		unsigned long act, num, osz, per, ppslab, a_sl, n_sl;

		if (strncmp(line, name, len) || line[len] != ' ')
			continue;
		if (sscanf(line + len,
			   " %lu %lu %lu %lu %lu : tunables %*u %*u %*u : slabdata %lu %lu",
			   &act, &num, &osz, &per, &ppslab, &a_sl, &n_sl) == 7)
			pages = n_sl * ppslab;
		break;
	}
	vfree(buf);
	return pages;
}

/*
 * 100000 objects of 64 B, a random 90% of them freed (the same for every
 * allocator), shrink: the pages still held, and mymem's objects parked in
 * sheaves and barns (all of this one CPU's and its node's).
 */
static void fragmentation(const struct impl *im)
{
	const char *name = "bench_frag";
	unsigned int j, nr = MAX_OBJS;
	void *c = im->create(name, 64);

	if (!c)
		return;
	for (j = 0; j < nr; j++)
		objs[j] = im->alloc(c);
	rnd_state = 7;
	for (j = 0; j < nr; j++) {
		if (objs[j] && rnd() % 10) {
			im->free(c, objs[j]);
			objs[j] = NULL;
		}
	}
	report("pages_frag", 64, im, im->pages(name), "pages");
	im->shrink(c);
	report("pages_frag_shrunk", 64, im, im->pages(name), "pages");
	if (im->counters)
		report("parked_frag", 64, im, mymem_sheaf_objects(c), "objects");
	for (j = 0; j < nr; j++)
		if (objs[j])
			im->free(c, objs[j]);
	im->destroy(c);
}

static void __run_memory(void)
{
	static const unsigned int sizes[] = { 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096 };
	unsigned int i, k, j, nr = MAX_OBJS;
	char name[32];

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		for (k = 0; k < ARRAY_SIZE(impls); k++) {
			const struct impl *im = &impls[k];
			void *c;

			snprintf(name, sizeof(name), "bench_mem_%u", sizes[i]);
			c = im->create(name, sizes[i]);
			if (!c)
				continue;
			for (j = 0; j < nr; j++)
				objs[j] = im->alloc(c);
			report("pages_live", sizes[i], im, im->pages(name), "pages");
			for (j = 0; j < nr; j += 2)
				im->free(c, objs[j]);
			report("pages_half_freed", sizes[i], im, im->pages(name), "pages");
			im->shrink(c);
			report("pages_shrunk", sizes[i], im, im->pages(name), "pages");
			for (j = 1; j < nr; j += 2)
				im->free(c, objs[j]);
			im->destroy(c);
		}
	}
	for (k = 0; k < ARRAY_SIZE(impls); k++)
		fragmentation(&impls[k]);
}

/*
 * On one CPU, in a thread of its own: a thread that migrated would leave
 * partly used CPU slabs behind on the CPUs it left, for either allocator.
 */
static int memory_fn(void *done)
{
	__run_memory();
	complete(done);
	return 0;
}

static void run_memory(void)
{
	DECLARE_COMPLETION_ONSTACK(done);
	struct task_struct *k;

	k = kthread_create_on_cpu(memory_fn, &done, cpumask_first(cpu_online_mask),
				  "mymem_bench/%u");
	if (IS_ERR(k))
		return;
	wake_up_process(k);
	wait_for_completion(&done);
}

/* --- multi CPU --- */

struct worker {
	const struct impl *im;
	void *cache;
	unsigned int iters;
	struct completion start, done;
	void **ring;		/* producer/consumer */
	unsigned int ring_size;
	atomic_t *head, *tail;
	bool producer;
};

static int parallel_fn(void *arg)
{
	struct worker *w = arg;
	void *local[32];
	unsigned int i, j;

	wait_for_completion(&w->start);
	for (i = 0; i < w->iters; i++) {
		for (j = 0; j < ARRAY_SIZE(local); j++)
			local[j] = w->im->alloc(w->cache);
		for (j = 0; j < ARRAY_SIZE(local); j++)
			w->im->free(w->cache, local[j]);
	}
	complete(&w->done);
	return 0;
}

/* One producer allocates into a ring, one consumer frees from it. */
static int prodcons_fn(void *arg)
{
	struct worker *w = arg;
	unsigned int i, mask = w->ring_size - 1;

	wait_for_completion(&w->start);
	for (i = 0; i < w->iters; i++) {
		if (w->producer) {
			void *p = w->im->alloc(w->cache);

			while (atomic_read(w->head) - atomic_read_acquire(w->tail) >= w->ring_size)
				cpu_relax();
			WRITE_ONCE(w->ring[atomic_read(w->head) & mask], p);
			atomic_set_release(w->head, atomic_read(w->head) + 1);
		} else {
			void *p;

			while (atomic_read_acquire(w->head) == atomic_read(w->tail))
				cpu_relax();
			p = READ_ONCE(w->ring[atomic_read(w->tail) & mask]);
			atomic_set_release(w->tail, atomic_read(w->tail) + 1);
			w->im->free(w->cache, p);
		}
		if (!(i & 1023))
			cond_resched();
	}
	complete(&w->done);
	return 0;
}

static u64 run_workers(const struct impl *im, bool prodcons, unsigned int iters)
{
	unsigned int n = prodcons ? 2 : num_online_cpus(), i, cpu = 0;
	struct worker *w = kcalloc(n, sizeof(*w), GFP_KERNEL);
	atomic_t head = ATOMIC_INIT(0), tail = ATOMIC_INIT(0);
	void *cache = im->create("bench_multi", 256);
	void **ring = kcalloc(1024, sizeof(void *), GFP_KERNEL);
	u64 t = 0;

	if (!w || !cache || !ring)
		goto out;
	for (i = 0; i < n; i++) {
		struct task_struct *k;

		cpu = i ? cpumask_next(cpu, cpu_online_mask) : cpumask_first(cpu_online_mask);
		w[i] = (struct worker){ .im = im, .cache = cache, .iters = iters, .ring = ring,
					.ring_size = 1024, .head = &head, .tail = &tail,
					.producer = i == 0 };
		init_completion(&w[i].start);
		init_completion(&w[i].done);
		k = kthread_create_on_cpu(prodcons ? prodcons_fn : parallel_fn, &w[i], cpu,
					  "mymem_bench/%u");
		if (IS_ERR(k))
			goto out;
		wake_up_process(k);
	}
	t = ktime_get_ns();
	for (i = 0; i < n; i++)
		complete(&w[i].start);
	for (i = 0; i < n; i++)
		wait_for_completion(&w[i].done);
	t = ktime_get_ns() - t;
out:
	if (cache)
		im->destroy(cache);
	kfree(ring);
	kfree(w);
	return t;
}

static int cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/*
 * Each run times the allocators back to back (the order reversed every
 * other run); ratios are mymem/slub, with and without sheaves.
 */
static void run_multi(void)
{
	enum { RUNS = 7 };
	static const char * const names[] = { "parallel", "prodcons" };
	unsigned int p, r, j, k, n = ARRAY_SIZE(impls);

	for (p = 0; p < 2; p++) {
		unsigned int iters = (p ? 100000 : 2000) * scale;
		u64 ratio[ARRAY_SIZE(impls)][RUNS], t[ARRAY_SIZE(impls)];

		for (r = 0; r < RUNS; r++) {
			for (j = 0; j < n; j++) {
				k = r & 1 ? n - 1 - j : j;
				t[k] = run_workers(&impls[k], p, iters);
			}
			for (k = 1; k < n; k++)
				ratio[k][r] = t[0] ? t[k] * 1000 / t[0] : 0;
		}
		for (k = 1; k < n; k++) {
			sort(ratio[k], RUNS, sizeof(ratio[k][0]), cmp_u64, NULL);
			pr_info("%s%s %u ratio %llu %llu %llu permille(min,median,max)\n", names[p],
				k == 1 ? "" : "_nosheaf", num_online_cpus(), ratio[k][0],
				ratio[k][RUNS / 2], ratio[k][RUNS - 1]);
		}
	}
}

/*
 * The walks over a cache's slabs (waste, validate) cost what the cache
 * holds, not what the machine holds: 64 slabs' worth of 256-byte objects,
 * every other one freed, read 20 times; per read, in guest ns.
 */
static void run_walk(void)
{
	enum { READS = 20, NR = 64 * 16 };
	unsigned long mb = totalram_pages() >> (20 - PAGE_SHIFT);
	struct mymem_cache *s = mymem_cache_create("bench_walk", 256, 0, 0, NULL);
	unsigned int i;
	u64 t;

	if (!s)
		return;
	for (i = 0; i < NR; i++)
		objs[i] = mymem_cache_alloc(s, GFP_KERNEL);
	for (i = 0; i < NR; i += 2) {
		mymem_cache_free(s, objs[i]);
		objs[i] = NULL;
	}
	t = ktime_get_ns();
	for (i = 0; i < READS; i++)
		vfree(read_file("/sys/kernel/mymem/bench_walk/waste", PAGE_SIZE));
	pr_info("walk_waste %lu mymem %llu ns/read\n", mb, (ktime_get_ns() - t) / READS);
	t = ktime_get_ns();
	for (i = 0; i < READS; i++)
		mymem_cache_validate(s);
	pr_info("walk_validate %lu mymem %llu ns/read\n", mb, (ktime_get_ns() - t) / READS);
	for (i = 0; i < NR; i++)
		mymem_cache_free(s, objs[i]);
	mymem_cache_destroy(s);
}

static int __init bench_init(void)
{
	objs = vmalloc(array_size(MAX_OBJS, sizeof(void *)));
	if (!objs)
		return -ENOMEM;
	if (!strcmp(mode, "single"))
		run_single();
	else if (!strcmp(mode, "memory"))
		run_memory();
	else if (!strcmp(mode, "multi"))
		run_multi();
	else if (!strcmp(mode, "walk"))
		run_walk();
	else
		pr_warn("unknown mode '%s'\n", mode);
	vfree(objs);
	pr_info("done %s\n", mode);
	return 0;
}

static void __exit bench_exit(void)
{
}

module_init(bench_init);
module_exit(bench_exit);

MODULE_DESCRIPTION("mymem benchmark: the same loops against SLUB and mymem");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(MYMEM_NS);
