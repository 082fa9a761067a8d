// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite mymem_cache: caches behave as the kernel's SLUB does for
 * their users.
 */
#include <kunit/test.h>
#include <linux/cache.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/fs.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/nodemask.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>

#include "internal.h"
#include "mymem_test_util.h"

/* A cache that the test's end destroys, checking nothing is left. */
static struct mymem_cache *test_cache(struct kunit *test, unsigned int size,
				      unsigned int align, slab_flags_t flags,
				      void (*ctor)(void *))
{
	struct mymem_cache *s = mymem_test_cache_create(test, "kunit_cache", size, align, flags,
							ctor);

	KUNIT_ASSERT_NOT_NULL_MSG(test, s, "create(size %u, align %u) failed", size, align);
	return s;
}

static void destroy_ok(struct kunit *test, struct mymem_cache *s)
{
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), 0);
}

/* --- invalid arguments --- */

struct bad_create {
	const char *what;
	const char *name;
	unsigned int size, align;
	slab_flags_t flags;
};

static char long_name[MYMEM_NAME_MAX + 2];

/* The lowest flag bit mymem does not know (their values vary by kernel). */
#define VALID ((__force unsigned int)MYMEM_VALID_FLAGS)
#define UNKNOWN_FLAG ((__force slab_flags_t)(~VALID & (VALID + 1)))

static const struct bad_create bad_creates[] = {
	{ "NULL name", NULL, 64, 0, 0 },
	{ "empty name", "", 64, 0, 0 },
	{ "overlong name", long_name, 64, 0, 0 },
	{ "name with a space", "kunit bad", 64, 0, 0 },
	{ "name with a slash", "kunit/bad", 64, 0, 0 },
	{ "size 0", "kunit_bad", 0, 0, 0 },
	{ "size too large", "kunit_bad", (PAGE_SIZE << 3) + 1, 0, 0 },
	{ "align not a power of two", "kunit_bad", 64, 24, 0 },
	{ "align above PAGE_SIZE", "kunit_bad", 64, 2 * PAGE_SIZE, 0 },
	{ "unknown flags", "kunit_bad", 64, 0, UNKNOWN_FLAG },
};

static void bad_create_desc(const struct bad_create *b, char *desc)
{
	strscpy(desc, b->what, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(bad_create, bad_creates, bad_create_desc);

/* Bad arguments give NULL and register nothing: the name stays free. */
static void create_invalid(struct kunit *test)
{
	const struct bad_create *b = test->param_value;
	struct mymem_cache *s;

	memset(long_name, 'x', sizeof(long_name) - 1);
	KUNIT_EXPECT_NULL(test, mymem_test_cache_create(test, b->name, b->size, b->align,
							b->flags, NULL));
	if (b->name && !strcmp(b->name, "kunit_bad")) {
		s = mymem_test_cache_create(test, "kunit_bad", 64, 0, 0, NULL);
		KUNIT_ASSERT_NOT_NULL(test, s);
		destroy_ok(test, s);
	}
}

static void create_name_limits(struct kunit *test)
{
	char name[MYMEM_NAME_MAX + 1];
	struct mymem_cache *s;

	memset(name, 'n', MYMEM_NAME_MAX);
	name[MYMEM_NAME_MAX] = '\0';
	s = mymem_test_cache_create(test, name, 8, 0, 0, NULL);
	KUNIT_ASSERT_NOT_NULL(test, s);
	destroy_ok(test, s);
	KUNIT_EXPECT_EQ(test, mymem_cache_destroy(NULL), -EINVAL);
}

/*
 * Two caches of one name, as SLUB allows (two modules, two instances):
 * the second is "<name>:2", each works and has its own directory, and a
 * name freed is taken again first.
 */
static void same_name_twice(struct kunit *test)
{
	char name[MYMEM_NAME_MAX + 1], buf[16];
	struct mymem_cache *a, *b, *c;
	void *p, *q;

	memset(name, 'm', MYMEM_NAME_MAX);
	name[MYMEM_NAME_MAX] = '\0';
	a = mymem_test_cache_create(test, name, 40, 0, 0, NULL);
	b = mymem_test_cache_create(test, name, 200, 0, 0, NULL);
	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, b);
	KUNIT_EXPECT_STREQ(test, a->name, name);
	KUNIT_EXPECT_EQ(test, strlen(b->name), (size_t)MYMEM_NAME_MAX + 2);
	KUNIT_EXPECT_STREQ(test, b->name + MYMEM_NAME_MAX, ":2");
	mymem_test_read(file_of(test, a, "object_size"), buf, sizeof(buf));
	KUNIT_EXPECT_STREQ(test, buf, "40\n");
	mymem_test_read(file_of(test, b, "object_size"), buf, sizeof(buf));
	KUNIT_EXPECT_STREQ(test, buf, "200\n");
	p = mymem_cache_alloc(a, GFP_KERNEL);
	q = mymem_cache_alloc(b, GFP_KERNEL);
	KUNIT_EXPECT_NOT_NULL(test, p);
	KUNIT_EXPECT_NOT_NULL(test, q);
	mymem_cache_free(a, p);
	mymem_cache_free(b, q);
	destroy_ok(test, a);
	c = mymem_test_cache_create(test, name, 8, 0, 0, NULL);
	KUNIT_ASSERT_NOT_NULL(test, c);
	KUNIT_EXPECT_STREQ(test, c->name, name);
	destroy_ok(test, c);
	destroy_ok(test, b);
}

/* --- size x align sweep --- */

struct size_align {
	unsigned int size, align;
};

static const struct size_align size_aligns[] = {
	{ 1, 0 }, { 7, 0 }, { 8, 0 }, { 24, 8 }, { 40, 0 }, { 100, 16 }, { 100, 64 },
	{ 192, 0 }, { 256, 256 }, { 700, 128 }, { 1000, 0 }, { 2048, 2048 },
	{ 3000, 64 }, { 4096, 4096 }, { 5000, 0 }, { 12000, 512 }, { 32768, 0 },
};

static void size_align_desc(const struct size_align *p, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "size %u align %u", p->size, p->align);
}

KUNIT_ARRAY_PARAM(size_align, size_aligns, size_align_desc);

static int cmp_ptr(const void *a, const void *b)
{
	unsigned long x = *(unsigned long *)a, y = *(unsigned long *)b;

	return x < y ? -1 : x > y;
}

/* Objects are aligned, never overlap, and keep what is written in them. */
static void alloc_size_align(struct kunit *test)
{
	const struct size_align *p = test->param_value;
	unsigned int nr = clamp_t(unsigned int, (64 * PAGE_SIZE) / p->size, 8, 400);
	unsigned int align = max_t(unsigned int, p->align, ARCH_KMALLOC_MINALIGN);
	struct mymem_cache *s = test_cache(test, p->size, p->align, 0, NULL);
	unsigned long *objs;
	unsigned int i;

	objs = kunit_kcalloc(test, nr, sizeof(*objs), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, objs);
	KUNIT_EXPECT_EQ(test, mymem_cache_size(s), p->size);
	for (i = 0; i < nr; i++) {
		u8 *o = mymem_cache_alloc(s, GFP_KERNEL);

		KUNIT_ASSERT_NOT_NULL(test, o);
		KUNIT_EXPECT_EQ_MSG(test, (unsigned long)o % align, 0UL, "object %p", o);
		memset(o, i & 0xff, p->size);
		objs[i] = (unsigned long)o;
	}
	for (i = 0; i < nr; i++) {
		u8 *o = (u8 *)objs[i];

		KUNIT_EXPECT_TRUE_MSG(test, o[0] == (i & 0xff) && o[p->size - 1] == (i & 0xff),
				      "object %u was overwritten", i);
	}
	sort(objs, nr, sizeof(*objs), cmp_ptr, NULL);
	for (i = 1; i < nr; i++)
		KUNIT_EXPECT_GE_MSG(test, objs[i] - objs[i - 1], (unsigned long)p->size,
				    "objects %lx and %lx overlap", objs[i - 1], objs[i]);
	for (i = 0; i < nr; i++)
		mymem_cache_free(s, (void *)objs[i]);
	destroy_ok(test, s);
}

static void hwcache_align(struct kunit *test)
{
	struct mymem_cache *s = test_cache(test, 100, 0, SLAB_HWCACHE_ALIGN, NULL);
	void *o[8];
	int i;

	for (i = 0; i < ARRAY_SIZE(o); i++) {
		o[i] = mymem_cache_alloc(s, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, o[i]);
		KUNIT_EXPECT_EQ(test, (unsigned long)o[i] % cache_line_size(), 0UL);
	}
	for (i = 0; i < ARRAY_SIZE(o); i++)
		mymem_cache_free(s, o[i]);
	destroy_ok(test, s);
}

/* --- constructors --- */

static atomic_t ctor_calls;

static void pattern_ctor(void *p)
{
	memset(p, 0xc7, 96);
	atomic_inc(&ctor_calls);
}

/*
 * The ctor runs once per object when its slab is made, not on each
 * allocation, and a free object keeps its constructed contents.
 */
static void ctor_once(struct kunit *test)
{
	struct mymem_cache *s;
	unsigned long slabs;
	void *o[32];
	int i, j, calls;

	atomic_set(&ctor_calls, 0);
	s = test_cache(test, 96, 0, 0, pattern_ctor);
	for (i = 0; i < ARRAY_SIZE(o); i++)
		o[i] = mymem_cache_alloc(s, GFP_KERNEL);
	calls = atomic_read(&ctor_calls);
	slabs = mymem_stat_sum(s, ALLOC_SLAB);
	KUNIT_EXPECT_GE(test, calls, (int)ARRAY_SIZE(o));
	for (j = 0; j < 3; j++) {
		for (i = 0; i < ARRAY_SIZE(o); i++)
			mymem_cache_free(s, o[i]);
		for (i = 0; i < ARRAY_SIZE(o); i++) {
			u8 *b;

			o[i] = mymem_cache_alloc(s, GFP_KERNEL);
			KUNIT_ASSERT_NOT_NULL(test, o[i]);
			b = o[i];
			KUNIT_EXPECT_NULL_MSG(test, memchr_inv(b, 0xc7, 96),
					      "constructed contents lost");
		}
	}
	/*
	 * Never on reuse: only for the objects of slabs made meanwhile (a
	 * task that moved to another CPU finds its frees in the first CPU's
	 * sheaves, and a new slab is made for it).
	 */
	slabs = mymem_stat_sum(s, ALLOC_SLAB) - slabs;
	KUNIT_EXPECT_EQ(test, atomic_read(&ctor_calls), calls + (int)(slabs * s->objects));
	for (i = 0; i < ARRAY_SIZE(o); i++)
		mymem_cache_free(s, o[i]);
	destroy_ok(test, s);
}

/* --- destroy --- */

static void destroy_busy(struct kunit *test)
{
	struct mymem_cache *s = test_cache(test, 128, 0, 0, NULL);
	void *a = mymem_cache_alloc(s, GFP_KERNEL), *b;

	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), -EBUSY);
	/* Still usable after -EBUSY. */
	b = mymem_cache_alloc(s, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, b);
	mymem_cache_free(s, a);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), -EBUSY);
	mymem_cache_free(s, b);
	destroy_ok(test, s);
}

/* Pages go back to the page allocator: the counter returns to its start. */
static void pages_returned(struct kunit *test)
{
	long start = mymem_nr_pages();
	struct mymem_cache *s = test_cache(test, 256, 0, 0, NULL);
	const int nr = 3000;
	void **o = kunit_kcalloc(test, nr, sizeof(*o), GFP_KERNEL);
	int i;

	KUNIT_ASSERT_NOT_NULL(test, o);
	for (i = 0; i < nr; i++) {
		o[i] = mymem_cache_alloc(s, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, o[i]);
	}
	KUNIT_EXPECT_GE(test, mymem_nr_pages() - start, (long)(nr * 256 / PAGE_SIZE));
	for (i = 0; i < nr; i++)
		mymem_cache_free(s, o[i]);
	destroy_ok(test, s);
	KUNIT_EXPECT_EQ(test, mymem_nr_pages(), start);
}

/* --- zeroing --- */

static void zero_on_request(struct kunit *test)
{
	struct mymem_cache *s = test_cache(test, 200, 0, 0, NULL);
	u8 *o = mymem_cache_alloc(s, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, o);
	memset(o, 0xaa, 200);
	mymem_cache_free(s, o);
	/* The fast path hands the same object back. */
	o = mymem_cache_alloc(s, GFP_KERNEL | __GFP_ZERO);
	KUNIT_ASSERT_NOT_NULL(test, o);
	KUNIT_EXPECT_NULL(test, memchr_inv(o, 0, 200));
	mymem_cache_free(s, o);
	destroy_ok(test, s);
}

/* --- NUMA --- */

static void node_placement(struct kunit *test)
{
	struct mymem_cache *s;
	int nid, i;

	if (num_online_nodes() < 2)
		kunit_skip(test, "needs 2 NUMA nodes, have %u", num_online_nodes());
	s = test_cache(test, 512, 0, 0, NULL);
	for_each_online_node(nid) {
		void *o[40];

		if (!node_state(nid, N_MEMORY))
			continue;
		for (i = 0; i < ARRAY_SIZE(o); i++) {
			o[i] = mymem_cache_alloc_node(s, GFP_KERNEL | __GFP_THISNODE, nid);
			KUNIT_ASSERT_NOT_NULL(test, o[i]);
			KUNIT_EXPECT_EQ(test, page_to_nid(virt_to_page(o[i])), nid);
		}
		for (i = 0; i < ARRAY_SIZE(o); i++)
			mymem_cache_free(s, o[i]);
	}
	KUNIT_EXPECT_NULL(test, mymem_cache_alloc_node(s, GFP_KERNEL, MAX_NUMNODES));
	destroy_ok(test, s);
}

/*
 * The suites' own cleanup: a cache made with mymem_test_cache_create() by
 * a test that ends without destroying it (a failed assertion) is destroyed
 * with the test; one the test destroyed is not destroyed twice.
 */
static void test_caches_cleaned_up(struct kunit *test)
{
	struct kunit *inner = kunit_kzalloc(test, sizeof(*inner), GFP_KERNEL);
	char buf[16];
	struct mymem_cache *a, *b;

	KUNIT_ASSERT_NOT_NULL(test, inner);
	kunit_init_test(inner, "inner", NULL);
	a = mymem_test_cache_create(inner, "kunit_left_behind", 64, 0, 0, NULL);
	b = mymem_test_cache_create(inner, "kunit_destroyed", 64, 0, 0, NULL);
	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, b);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(inner, b), 0);
	KUNIT_EXPECT_GT(test, mymem_test_read("/sys/kernel/mymem/kunit_left_behind/objects",
					      buf, sizeof(buf)), 0);
	kunit_cleanup(inner);
	KUNIT_EXPECT_EQ(test, mymem_test_read("/sys/kernel/mymem/kunit_left_behind/objects",
					      buf, sizeof(buf)), (ssize_t)-ENOENT);
}

/*
 * The core owns a cache: a sysfs file held open while the cache is
 * destroyed reads nothing of the freed cache (-ENODEV: kernfs drained the
 * directory before the cache went), and the name is free for a new cache
 * at once, whose directory opens afresh.
 */
static void file_open_across_destroy(struct kunit *test)
{
	struct mymem_cache *s = mymem_test_cache_create(test, "kunit_open_file", 96, 0, 0, NULL);
	char buf[16];
	struct file *f;
	loff_t pos = 0;
	ssize_t n;

	KUNIT_ASSERT_NOT_NULL(test, s);
	f = mymem_filp_open("/sys/kernel/mymem/kunit_open_file/object_size", O_RDONLY, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(f));
	n = kernel_read(f, buf, sizeof(buf) - 1, &pos);
	KUNIT_EXPECT_GT(test, n, 0);
	buf[n > 0 ? n : 0] = '\0';
	KUNIT_EXPECT_STREQ(test, buf, "96\n");
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), 0);
	pos = 0;
	KUNIT_EXPECT_EQ(test, kernel_read(f, buf, sizeof(buf) - 1, &pos), (ssize_t)-ENODEV);
	s = mymem_test_cache_create(test, "kunit_open_file", 200, 0, 0, NULL);
	KUNIT_EXPECT_NOT_NULL(test, s);
	pos = 0;
	KUNIT_EXPECT_EQ(test, kernel_read(f, buf, sizeof(buf) - 1, &pos), (ssize_t)-ENODEV);
	filp_close(f, NULL);
	KUNIT_EXPECT_GT(test, mymem_test_read("/sys/kernel/mymem/kunit_open_file/object_size",
					      buf, sizeof(buf)), 0);
	KUNIT_EXPECT_STREQ(test, buf, "200\n");
}

/*
 * Threads a case starts: stopped, and the data they share freed, when the
 * case ends however it ends (an assertion or a timeout), never left
 * running on freed memory.
 */
struct case_threads {
	struct task_struct *task[2];
	int nr;
	void *data;
};

static void case_threads_join(struct case_threads *c)
{
	while (c->nr) {
		c->nr--;
		kthread_stop(c->task[c->nr]);
		put_task_struct(c->task[c->nr]);
	}
}

static void case_threads_release(struct kunit_resource *res)
{
	struct case_threads *c = res->data;

	case_threads_join(c);
	kfree(c->data);
	kfree(c);
}

/* A case_threads with @size bytes of zeroed shared data, or NULL. */
static struct case_threads *case_threads(struct kunit *test, size_t size)
{
	struct case_threads *c = kzalloc(sizeof(*c), GFP_KERNEL);

	if (c)
		c->data = kzalloc(size, GFP_KERNEL);
	if (!c || !c->data ||
	    !kunit_alloc_resource(test, NULL, case_threads_release, GFP_KERNEL, c)) {
		if (c)
			kfree(c->data);
		kfree(c);
		return NULL;
	}
	return c;
}

/* Start fn(data) as one of @c's threads; false if it could not be. */
static bool case_thread_run(struct case_threads *c, int (*fn)(void *), const char *name)
{
	struct task_struct *t;

	if (c->nr == ARRAY_SIZE(c->task))
		return false;
	t = kthread_run(fn, c->data, "%s%d", name, c->nr);
	if (IS_ERR(t))
		return false;
	get_task_struct(t);	/* kthread_stop() even after it ended */
	c->task[c->nr++] = t;
	return true;
}

/* A reader of one sysfs file, in a loop until stopped; counts what it saw. */
struct file_reader {
	const char *path;
	atomic_t reads, gone, bad;
};

static int file_reader_fn(void *arg)
{
	struct file_reader *r = arg;

	while (!kthread_should_stop()) {
		struct file *f = mymem_filp_open(r->path, O_RDONLY, 0);
		char buf[16];
		loff_t pos = 0;
		ssize_t n;

		if (IS_ERR(f)) {
			/* Between a destroy and the next create: no such file. */
			if (PTR_ERR(f) == -ENOENT || PTR_ERR(f) == -ENODEV)
				atomic_inc(&r->gone);
			else
				atomic_inc(&r->bad);
			cond_resched();
			continue;
		}
		n = kernel_read(f, buf, sizeof(buf) - 1, &pos);
		filp_close(f, NULL);
		buf[n > 0 ? n : 0] = '\0';
		if (n == -ENODEV)
			atomic_inc(&r->gone);
		else if (n > 0 && (!strcmp(buf, "96\n") || !strcmp(buf, "200\n")))
			atomic_inc(&r->reads);
		else
			atomic_inc(&r->bad);
	}
	return 0;
}

/*
 * Reads of a cache's sysfs file while the cache is destroyed and made
 * again under the same name: each read gives the value of a live cache,
 * -ENODEV, or no such file, never another cache's memory (KASAN and the
 * boot's checks watch the destroyed caches).
 */
static void file_read_during_destroy(struct kunit *test)
{
	struct case_threads *c = case_threads(test, sizeof(struct file_reader));
	struct file_reader *r;
	int i, made = 0;

	if (!IS_ENABLED(CONFIG_SYSFS))
		kunit_skip(test, "this kernel has no sysfs");
	KUNIT_ASSERT_NOT_NULL(test, c);
	r = c->data;
	r->path = "/sys/kernel/mymem/kunit_read_race/object_size";
	KUNIT_ASSERT_TRUE(test, case_thread_run(c, file_reader_fn, "kunit_reader"));
	for (i = 0; i < 100; i++) {
		struct mymem_cache *s = mymem_test_cache_create(test, "kunit_read_race",
								i & 1 ? 200 : 96, 0, 0, NULL);

		if (!s)
			continue;
		made++;
		/* Let the reader in while the cache is there. */
		usleep_range(200, 400);
		KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), 0);
	}
	case_threads_join(c);
	KUNIT_EXPECT_EQ(test, made, 100);
	KUNIT_EXPECT_EQ(test, atomic_read(&r->bad), 0);
	KUNIT_EXPECT_GT(test, atomic_read(&r->reads), 0);
}

/* Two threads making and destroying caches of one name. */
struct name_racer {
	struct completion go;
	atomic_t made, no_dir;
};

static int name_racer_fn(void *arg)
{
	struct name_racer *r = arg;
	int i;

	wait_for_completion(&r->go);
	for (i = 0; i < 50; i++) {
		struct mymem_cache *s = mymem_cache_create("kunit_name_race", 64, 0, 0, NULL);

		if (!s)		/* the other thread's is live */
			continue;
		atomic_inc(&r->made);
		if ((IS_ENABLED(CONFIG_SYSFS) && !s->kobj) ||
		    (IS_ENABLED(CONFIG_DEBUG_FS) && IS_ERR_OR_NULL(s->debugfs)))
			atomic_inc(&r->no_dir);
		mymem_cache_destroy(s);
	}
	return 0;
}

/*
 * A name is free again only once the destroyed cache's directories are
 * gone: a cache made under it at once gets its own sysfs and debugfs
 * directories, never a refusal from sysfs (whose warning the boot's
 * checks would also catch).
 */
static void name_reused_with_dirs(struct kunit *test)
{
	struct case_threads *c = case_threads(test, sizeof(struct name_racer));
	struct name_racer *r;
	bool started;

	KUNIT_ASSERT_NOT_NULL(test, c);
	r = c->data;
	init_completion(&r->go);
	started = case_thread_run(c, name_racer_fn, "kunit_racer") &&
		  case_thread_run(c, name_racer_fn, "kunit_racer");
	complete_all(&r->go);
	case_threads_join(c);
	KUNIT_EXPECT_TRUE(test, started);
	KUNIT_EXPECT_GT(test, atomic_read(&r->made), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&r->no_dir), 0);
}

static struct kunit_case mymem_cache_cases[] = {
	KUNIT_CASE_PARAM(create_invalid, bad_create_gen_params),
	KUNIT_CASE(create_name_limits),
	KUNIT_CASE(same_name_twice),
	KUNIT_CASE(test_caches_cleaned_up),
	KUNIT_CASE(file_open_across_destroy),
	KUNIT_CASE(file_read_during_destroy),
	KUNIT_CASE(name_reused_with_dirs),
	KUNIT_CASE_PARAM(alloc_size_align, size_align_gen_params),
	KUNIT_CASE(hwcache_align),
	KUNIT_CASE(ctor_once),
	KUNIT_CASE(destroy_busy),
	KUNIT_CASE(pages_returned),
	KUNIT_CASE(zero_on_request),
	KUNIT_CASE(node_placement),
	{}
};

static struct kunit_suite mymem_cache_suite = {
	.name = "mymem_cache",
	.test_cases = mymem_cache_cases,
};

kunit_test_suite(mymem_cache_suite);

MODULE_DESCRIPTION("KUnit tests for mymem caches");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(MYMEM_NS);
