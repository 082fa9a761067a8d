// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite mymem_redirect: the kernel's slab API as make redirect
 * serves it (mymem_redirect.h, the header a redirected module reads
 * through the shadow <linux/slab.h>). It is included after KUnit's own
 * headers: kunit_alloc_resource() and friends are inline functions that
 * allocate what KUnit's core frees, so they must keep the kernel's
 * allocator (Documentation/mymem.rst, Drop-in). Every call below is the
 * kernel's spelling; mymem_owns() tells who served it. Reports are read
 * off the console tracepoint.
 */
#include <kunit/test.h>
#include <linux/cleanup.h>
#include <linux/kobject.h>
#include <linux/mempool.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/parser.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "internal.h"
#include "mymem_test_util.h"

/* The kernel's own cache calls, bound before the redirect takes their names. */
static struct kmem_cache *kernel_cache_create(const char *name)
{
	return kmem_cache_create(name, 64, 0, 0, NULL);
}

/* Last, after every header of its own: from here on the names are mymem's. */
#define MYMEM_REDIRECT_AFTER_HEADERS
#include "mymem_redirect.h"

/* --- console capture: lines that contain a given text --- */

static DEFINE_SPINLOCK(seen_lock);
static const char *seen_what;
static unsigned int seen_count;

static void probe_console(void *data, const char *text, size_t len)
{
	unsigned long flags;

	spin_lock_irqsave(&seen_lock, flags);
	if (seen_what && strnstr(text, seen_what, len))
		seen_count++;
	spin_unlock_irqrestore(&seen_lock, flags);
}

/* Count the console lines that contain @what from now on. */
static void watch(const char *what)
{
	spin_lock_irq(&seen_lock);
	seen_what = what;
	seen_count = 0;
	spin_unlock_irq(&seen_lock);
}

static unsigned int seen(void)
{
	unsigned int n;

	spin_lock_irq(&seen_lock);
	n = seen_count;
	seen_what = NULL;
	spin_unlock_irq(&seen_lock);
	return n;
}

static int redirect_suite_init(struct kunit_suite *suite)
{
	return mymem_test_attach("console", probe_console);
}

static void redirect_suite_exit(struct kunit_suite *suite)
{
	mymem_test_detach("console", probe_console);
}

/* The mymem cache behind a handle, destroyed at the test's end. */
static struct mymem_cache *held(struct kunit *test, struct kmem_cache *h)
{
	struct mymem_cache *s;

	KUNIT_ASSERT_NOT_NULL(test, h);
	KUNIT_ASSERT_TRUE(test, mymem_is_handle(h));
	s = mymem_handle_cache(h);
	KUNIT_ASSERT_NOT_NULL(test, kunit_alloc_resource(test, NULL, mymem_test_cache_release,
							 GFP_KERNEL, s));
	return s;
}

/* The cache is gone (destroyed by the case): nothing left for its end. */
static void forget(struct kunit *test, struct mymem_cache *s)
{
	struct kunit_resource *res = kunit_find_resource(test, mymem_test_cache_match, s);

	if (res) {
		res->data = NULL;
		kunit_put_resource(res);
	}
}

static bool cache_dir_exists(struct kunit *test, const char *id)
{
	char *path = kunit_kmalloc(test, PATH_MAX, GFP_KERNEL);
	char buf[16];

	KUNIT_ASSERT_NOT_NULL(test, path);
	snprintf(path, PATH_MAX, "/sys/kernel/mymem/%s/object_size", id);
	return mymem_test_read(path, buf, sizeof(buf)) > 0;
}

/* Memory the core kernel allocates and the caller frees: match_strdup()'s. */
static char *kernel_string(struct kunit *test)
{
	char text[] = "a string the kernel's kmalloc holds, long enough";
	substring_t sub = { .from = text, .to = text + sizeof(text) - 1 };

	return match_strdup(&sub);
}

/* --- caches --- */

/* A handle is no kernel address: kernel code that uses one faults at once. */
static void handle_non_canonical(struct kunit *test)
{
	struct kmem_cache *h = kmem_cache_create("kunit_redir", 64, 0, 0, NULL);
	struct mymem_cache *s = held(test, h);
	unsigned long top = (unsigned long)h >> 47;

	KUNIT_EXPECT_NE(test, top, 0UL);
	KUNIT_EXPECT_NE(test, top, (1UL << 17) - 1);
	KUNIT_EXPECT_STREQ(test, s->name, "kunit_redir");
	KUNIT_EXPECT_PTR_EQ(test, mymem_cache_handle(s), h);
}

/* kmem_cache_alloc/zalloc/alloc_node/free go to the mymem cache. */
static void cache_calls_on_mymem(struct kunit *test)
{
	struct kmem_cache *h = kmem_cache_create("kunit_redir", 100, 0, 0, NULL);
	struct mymem_cache *s = held(test, h);
	u8 *a = kmem_cache_alloc(h, GFP_KERNEL);
	u8 *z = kmem_cache_zalloc(h, GFP_KERNEL);
	u8 *n = kmem_cache_alloc_node(h, GFP_KERNEL, first_memory_node);

	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, z);
	KUNIT_ASSERT_NOT_NULL(test, n);
	KUNIT_EXPECT_TRUE(test, mymem_owns(a) && mymem_owns(z) && mymem_owns(n));
	KUNIT_EXPECT_EQ(test, mymem_cache_live(s), 3L);
	KUNIT_EXPECT_TRUE(test, !memchr_inv(z, 0, 100));
	KUNIT_EXPECT_EQ(test, kmem_cache_size(h), 100U);
	KUNIT_EXPECT_EQ(test, page_to_nid(virt_to_page(n)), first_memory_node);
	kmem_cache_free(h, a);
	kmem_cache_free(h, z);
	kmem_cache_free(h, n);
	KUNIT_EXPECT_EQ(test, mymem_cache_live(s), 0L);
	KUNIT_EXPECT_EQ(test, kmem_cache_shrink(h), 0);
}

/* The bulk calls on a handle. */
static void bulk_on_mymem(struct kunit *test)
{
	struct kmem_cache *h = kmem_cache_create("kunit_redir", 48, 0, 0, NULL);
	struct mymem_cache *s = held(test, h);
	void *p[32];

	KUNIT_ASSERT_EQ(test, kmem_cache_alloc_bulk(h, GFP_KERNEL, ARRAY_SIZE(p), p),
			(int)ARRAY_SIZE(p));
	KUNIT_EXPECT_TRUE(test, mymem_owns(p[0]) && mymem_owns(p[31]));
	KUNIT_EXPECT_EQ(test, mymem_cache_live(s), 32L);
	kmem_cache_free_bulk(h, ARRAY_SIZE(p), p);
	KUNIT_EXPECT_EQ(test, mymem_cache_live(s), 0L);
}

/* kmem_cache_destroy() of a cache with objects: SLUB's report, the cache kept. */
static void destroy_busy_reports(struct kunit *test)
{
	struct kmem_cache *h = kmem_cache_create("kunit_busy", 64, 0, 0, NULL);
	struct mymem_cache *s = held(test, h);
	void *p = kmem_cache_alloc(h, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, p);
	watch("kmem_cache_destroy kunit_busy: Slab cache still has objects");
	kmem_cache_destroy(h);
	KUNIT_EXPECT_EQ(test, seen(), 1U);
	KUNIT_EXPECT_TRUE(test, cache_dir_exists(test, "kunit_busy"));
	kmem_cache_free(h, p);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), 0);
}

/* kmem_cache_destroy() of a cache without objects removes it; of NULL, nothing. */
static void destroy_removes(struct kunit *test)
{
	struct kmem_cache *h = kmem_cache_create("kunit_gone", 64, 0, 0, NULL);
	struct mymem_cache *s = held(test, h);

	KUNIT_EXPECT_TRUE(test, cache_dir_exists(test, "kunit_gone"));
	watch("kunit_gone");
	kmem_cache_destroy(h);
	forget(test, s);
	KUNIT_EXPECT_EQ(test, seen(), 0U);
	KUNIT_EXPECT_FALSE(test, cache_dir_exists(test, "kunit_gone"));
	watch("NULL cache");
	kmem_cache_destroy(NULL);
	KUNIT_EXPECT_EQ(test, seen(), 0U);
}

struct redir_obj {
	char head[40];
	struct rcu_head rcu;
	char tail[24];
};

static const slab_flags_t rcu_flags[] = { 0, SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER };

static void rcu_flags_desc(const slab_flags_t *f, char *desc)
{
	strscpy(desc, *f ? "debug cache" : "plain cache", KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(rcu_flags, rcu_flags, rcu_flags_desc);

/* kfree_rcu() of a cache's object: freed after a grace period, not before. */
static void kfree_rcu_cache_object(struct kunit *test)
{
	const slab_flags_t *flags = test->param_value;
	struct kmem_cache *h = kmem_cache_create("kunit_rcu", sizeof(struct redir_obj), 0,
						 *flags, NULL);
	struct mymem_cache *s = held(test, h);
	struct redir_obj *o = kmem_cache_alloc(h, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, o);
	rcu_read_lock();
	kfree_rcu(o, rcu);
	/* Not before the grace period: a reader may still hold it. */
	KUNIT_EXPECT_EQ(test, mymem_cache_live(s), 1L);
	rcu_read_unlock();
	mymem_kvfree_rcu_barrier();
	KUNIT_EXPECT_EQ(test, mymem_cache_live(s), 0L);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&s->rcu_frees), 0L);
	KUNIT_EXPECT_EQ(test, mymem_cache_validate(s), 0);
}

/* kfree_rcu() of kmalloc'ed memory, and kfree_rcu_mightsleep() without a head. */
static void kfree_rcu_kmalloc(struct kunit *test)
{
	struct redir_obj *o = kmalloc(sizeof(*o), GFP_KERNEL);
	struct redir_obj *m = kmalloc(sizeof(*m), GFP_KERNEL);
	struct mymem_cache *s;
	long before;

	KUNIT_ASSERT_NOT_NULL(test, o);
	KUNIT_ASSERT_NOT_NULL(test, m);
	KUNIT_ASSERT_TRUE(test, mymem_owns(o));
	s = slab_cache(virt_to_head_page(o));
	before = mymem_cache_live(s);
	kfree_rcu(o, rcu);
	mymem_kvfree_rcu_barrier();
	KUNIT_EXPECT_EQ(test, mymem_cache_live(s), before - 1);
	s = slab_cache(virt_to_head_page(m));
	before = mymem_cache_live(s);
#ifdef kfree_rcu_mightsleep
	kfree_rcu_mightsleep(m);
#else
	kvfree_rcu(m);
#endif
	/* It may wait, or queue (onto the rcu_free sheaf): the barrier covers both. */
	mymem_kvfree_rcu_barrier();
	KUNIT_EXPECT_EQ(test, mymem_cache_live(s), before - 1);
}

/* kmem_cache_destroy() right after kfree_rcu(): it waits, as SLUB's does. */
static void destroy_waits_for_rcu(struct kunit *test)
{
	struct kmem_cache *h = kmem_cache_create("kunit_rcu_destroy", sizeof(struct redir_obj),
						 0, 0, NULL);
	struct mymem_cache *s = held(test, h);
	struct redir_obj *o = kmem_cache_alloc(h, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, o);
	kfree_rcu(o, rcu);
	watch("kunit_rcu_destroy");
	kmem_cache_destroy(h);
	KUNIT_EXPECT_EQ(test, seen(), 0U);
	if (!cache_dir_exists(test, "kunit_rcu_destroy"))
		forget(test, s);
	KUNIT_EXPECT_FALSE(test, cache_dir_exists(test, "kunit_rcu_destroy"));
}

/*
 * 6.18's sheaves: the capacity a module asks for, prefilled sheaves of its
 * caches taken under a spinlock, a kernel cache's refused with a report,
 * and kvfree_rcu_barrier_on_cache().
 */
#ifdef MYMEM_REDIRECT_SHEAVES
/* Static: lockdep knows no key for a lock on the stack. */
static DEFINE_SPINLOCK(sheaves_lock);
#endif

static void sheaves_served(struct kunit *test)
{
#ifdef MYMEM_REDIRECT_SHEAVES
	struct kmem_cache_args args = { .sheaf_capacity = 24 };
	struct kmem_cache *h = kmem_cache_create("kunit_sheaves", sizeof(struct redir_obj),
						 &args, 0);
	struct mymem_cache *s = held(test, h);
	struct kmem_cache *k;
	struct slab_sheaf *sh;
	struct redir_obj *o;
	void *p[5];
	int i;

	KUNIT_EXPECT_EQ(test, s->sheaf_capacity, 24U);
	sh = kmem_cache_prefill_sheaf(h, GFP_KERNEL, ARRAY_SIZE(p));
	KUNIT_ASSERT_NOT_NULL(test, sh);
	KUNIT_EXPECT_GE(test, kmem_cache_sheaf_size(sh), (unsigned int)ARRAY_SIZE(p));
	spin_lock(&sheaves_lock);
	for (i = 0; i < ARRAY_SIZE(p); i++)
		p[i] = kmem_cache_alloc_from_sheaf(h, GFP_NOWAIT, sh);
	spin_unlock(&sheaves_lock);
	kmem_cache_return_sheaf(h, GFP_KERNEL, sh);
	for (i = 0; i < ARRAY_SIZE(p); i++) {
		KUNIT_EXPECT_TRUE(test, p[i] && mymem_owns(p[i]));
		kmem_cache_free(h, p[i]);
	}
	KUNIT_EXPECT_EQ(test, mymem_cache_live(s), 0L);

	k = kernel_cache_create("kunit_sheaves_kernel");
	KUNIT_ASSERT_NOT_NULL(test, k);
	watch("make redirect serves prefilled sheaves of mymem's caches only");
	sh = kmem_cache_prefill_sheaf(k, GFP_KERNEL, ARRAY_SIZE(p));
	KUNIT_EXPECT_EQ(test, seen(), 1U);
	kmem_cache_destroy(k);
	KUNIT_EXPECT_NULL(test, sh);

	/* The cache's kfree_rcu()'d objects are freed when the barrier returns. */
	o = kmem_cache_alloc(h, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, o);
	kfree_rcu(o, rcu);
	kvfree_rcu_barrier_on_cache(h);
	KUNIT_EXPECT_EQ(test, mymem_cache_live(s), 0L);
	KUNIT_EXPECT_EQ(test, mymem_cache_validate(s), 0);
#else
	kunit_skip(test, "this kernel's slab API has no sheaves (6.18 brought them)");
#endif
}

/* --- kmalloc and friends --- */

static void kmalloc_family_on_mymem(struct kunit *test)
{
	static const char text[] = "redirected";
	void *p[12];
	char *s;
	int i;

	p[0] = kmalloc(24, GFP_KERNEL);
	p[1] = kzalloc(200, GFP_KERNEL);
	p[2] = kcalloc(10, 30, GFP_KERNEL);
	p[3] = kmalloc_array(4, 16, GFP_KERNEL);
	p[4] = kmalloc_node(64, GFP_KERNEL, first_memory_node);
	p[5] = kzalloc_node(64, GFP_KERNEL, first_memory_node);
	p[6] = kmemdup(text, sizeof(text), GFP_KERNEL);
	p[7] = kstrdup(text, GFP_KERNEL);
	p[8] = kstrndup(text, 4, GFP_KERNEL);
	p[9] = kasprintf(GFP_KERNEL, "%s-%d", text, 42);
	p[10] = kmemdup_nul(text, 3, GFP_KERNEL);
	p[11] = kmalloc(3 * PAGE_SIZE * 4, GFP_KERNEL);
	for (i = 0; i < ARRAY_SIZE(p); i++) {
		KUNIT_ASSERT_NOT_NULL_MSG(test, p[i], "call %d", i);
		KUNIT_EXPECT_TRUE_MSG(test, mymem_owns(p[i]), "call %d", i);
	}
	KUNIT_EXPECT_TRUE(test, !memchr_inv(p[1], 0, 200));
	KUNIT_EXPECT_TRUE(test, !memchr_inv(p[2], 0, 300));
	KUNIT_EXPECT_TRUE(test, !memchr_inv(p[5], 0, 64));
	KUNIT_EXPECT_STREQ(test, (char *)p[6], text);
	KUNIT_EXPECT_STREQ(test, (char *)p[7], text);
	KUNIT_EXPECT_STREQ(test, (char *)p[8], "redi");
	KUNIT_EXPECT_STREQ(test, (char *)p[9], "redirected-42");
	KUNIT_EXPECT_STREQ(test, (char *)p[10], "red");
	KUNIT_EXPECT_GE(test, ksize(p[0]), (size_t)24);
	s = krealloc(p[7], 4000, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, s);
	p[7] = s;
	KUNIT_EXPECT_TRUE(test, mymem_owns(s));
	KUNIT_EXPECT_STREQ(test, s, text);
	kfree_sensitive(p[11]);
	p[11] = NULL;
	kfree_bulk(ARRAY_SIZE(p), p);
}

/* n * size overflows: NULL, and krealloc_array() leaves the memory alone. */
static void array_overflow_refused(struct kunit *test)
{
	size_t huge = SIZE_MAX / 2 + 1;
	char *p = kmalloc(16, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, p);
	strscpy(p, "kept", 16);
	KUNIT_EXPECT_NULL(test, kmalloc_array(huge, 2, GFP_KERNEL));
	KUNIT_EXPECT_NULL(test, kcalloc(huge, 4, GFP_KERNEL));
	KUNIT_EXPECT_NULL(test, kvmalloc_array(huge, 2, GFP_KERNEL));
	KUNIT_EXPECT_NULL(test, kvcalloc(2, huge, GFP_KERNEL));
	KUNIT_EXPECT_NULL(test, krealloc_array(p, huge, 2, GFP_KERNEL));
	KUNIT_EXPECT_STREQ(test, p, "kept");
	kfree(p);
}

/* kvmalloc(): mymem when it can, vmalloc beyond; kvfree() takes either. */
static void kvmalloc_pair(struct kunit *test)
{
	size_t big = (PAGE_SIZE << MYMEM_MAX_PAGE_ORDER) * 2;
	u8 *small = kvzalloc(512, GFP_KERNEL);
	u8 *large = kvmalloc(big, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, small);
	KUNIT_ASSERT_NOT_NULL(test, large);
	KUNIT_EXPECT_TRUE(test, mymem_owns(small));
	KUNIT_EXPECT_TRUE(test, !memchr_inv(small, 0, 512));
	KUNIT_EXPECT_TRUE(test, is_vmalloc_addr(large));
	KUNIT_EXPECT_FALSE(test, mymem_owns(large));
	large[big - 1] = 1;
	kvfree(small);
	kvfree(large);
}

/* Memory the core kernel allocated, freed and resized by the module: the kernel's. */
static void kernel_memory_to_kernel(struct kunit *test)
{
	char *str = kernel_string(test);
	char *bigger;

	KUNIT_ASSERT_NOT_NULL(test, str);
	KUNIT_EXPECT_FALSE(test, mymem_owns(str));
	KUNIT_EXPECT_GE(test, ksize(str), strlen(str) + 1);
	bigger = krealloc(str, 2000, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, bigger);
	KUNIT_EXPECT_FALSE(test, mymem_owns(bigger));
	KUNIT_EXPECT_GE(test, ksize(bigger), (size_t)2000);
	KUNIT_EXPECT_STREQ(test, bigger, "a string the kernel's kmalloc holds, long enough");
	watch("mymem did not give out");
	kfree(bigger);
	KUNIT_EXPECT_EQ(test, seen(), 0U);
}

/* kfree_rcu() of the kernel's memory goes to the kernel's kvfree_call_rcu(). */
static void kernel_memory_kfree_rcu(struct kunit *test)
{
	struct {
		struct rcu_head rcu;
	} *k = (void *)kernel_string(test);

	KUNIT_ASSERT_NOT_NULL(test, k);
	KUNIT_ASSERT_GE(test, ksize(k), sizeof(*k));
	KUNIT_EXPECT_FALSE(test, mymem_owns(k));
	watch("mymem did not give out");
	kfree_rcu(k, rcu);
	rcu_barrier();
	KUNIT_EXPECT_EQ(test, seen(), 0U);
}

/* One of the kernel's caches passed in stays the kernel's, destroy included. */
static void kernel_cache_to_kernel(struct kunit *test)
{
	struct kmem_cache *k = kernel_cache_create("kunit_kernel_cache");
	void *obj;

	KUNIT_ASSERT_NOT_NULL(test, k);
	KUNIT_EXPECT_FALSE(test, mymem_is_handle(k));
	obj = kmem_cache_alloc(k, GFP_KERNEL);
	KUNIT_EXPECT_NOT_NULL(test, obj);
	KUNIT_EXPECT_FALSE(test, mymem_owns(obj));
	KUNIT_EXPECT_EQ(test, kmem_cache_size(k), 64U);
	kmem_cache_free(k, obj);
	watch("kunit_kernel_cache");
	kmem_cache_destroy(k);
	KUNIT_EXPECT_EQ(test, seen(), 0U);
	KUNIT_EXPECT_FALSE(test, cache_dir_exists(test, "kunit_kernel_cache"));
}

/* kfree_bulk() of pointers of both owners. */
static void kfree_bulk_mixed(struct kunit *test)
{
	void *p[4] = { kmalloc(32, GFP_KERNEL), kernel_string(test),
		       kmalloc(5000, GFP_KERNEL), kernel_string(test) };
	int i;

	/* No assertion before kfree_bulk(), which takes NULL too: nothing leaks. */
	for (i = 0; i < ARRAY_SIZE(p); i++)
		KUNIT_EXPECT_NOT_NULL(test, p[i]);
	KUNIT_EXPECT_TRUE(test, mymem_owns(p[0]) && mymem_owns(p[2]));
	KUNIT_EXPECT_FALSE(test, mymem_owns(p[1]) || mymem_owns(p[3]));
	watch("mymem did not give out");
	kfree_bulk(ARRAY_SIZE(p), p);
	KUNIT_EXPECT_EQ(test, seen(), 0U);
}

/* mempool_create_slab_pool() and _kmalloc_pool(): mempools over mymem. */
static void mempools_on_mymem(struct kunit *test)
{
	struct kmem_cache *h = kmem_cache_create("kunit_pool", 80, 0, 0, NULL);
	struct mymem_cache *s = held(test, h);
	mempool_t *sp = mempool_create_slab_pool(4, h);
	mempool_t *kp = mempool_create_kmalloc_pool(2, 300);
	void *a, *b;

	KUNIT_ASSERT_NOT_NULL(test, sp);
	KUNIT_ASSERT_NOT_NULL(test, kp);
	KUNIT_EXPECT_EQ(test, mymem_cache_live(s), 4L);
	a = mempool_alloc(sp, GFP_KERNEL);
	b = mempool_alloc(kp, GFP_KERNEL);
	KUNIT_EXPECT_TRUE(test, a && mymem_owns(a) && slab_cache(virt_to_head_page(a)) == s);
	KUNIT_EXPECT_TRUE(test, b && mymem_owns(b) && mymem_ksize(b) >= 300);
	mempool_free(a, sp);
	mempool_free(b, kp);
	mempool_destroy(sp);
	mempool_destroy(kp);
	KUNIT_EXPECT_EQ(test, mymem_cache_live(s), 0L);
}

/* __free(kfree): the scope's end frees to mymem. */
static void free_class(struct kunit *test)
{
#ifdef DEFINE_FREE
	struct mymem_cache *s;
	long before;

	{
		void *p __free(kfree) = kmalloc(40, GFP_KERNEL);

		KUNIT_ASSERT_NOT_NULL(test, p);
		KUNIT_ASSERT_TRUE(test, mymem_owns(p));
		s = slab_cache(virt_to_head_page(p));
		before = mymem_cache_live(s);
	}
	KUNIT_EXPECT_EQ(test, mymem_cache_live(s), before - 1);
#else
	kunit_skip(test, "this kernel has no cleanup classes (linux/cleanup.h)");
#endif
}

/* SLUB's flags are taken; SLAB_ACCOUNT's notice is printed once. */
static void slub_flags_taken(struct kunit *test)
{
	/* 6.1 spells SLAB_ACCOUNT as a bare 0 without memory cgroups. */
	slab_flags_t f = (__force slab_flags_t)SLAB_ACCOUNT | SLAB_NO_MERGE | SLAB_MEM_SPREAD |
			 SLAB_NOLEAKTRACE | SLAB_RECLAIM_ACCOUNT | SLAB_HWCACHE_ALIGN;
	struct kmem_cache *h1, *h2;
	struct mymem_cache *s1, *s2;
	void *p;

	watch("SLAB_ACCOUNT: mymem does not charge memory cgroups");
	h1 = kmem_cache_create("kunit_flags", 40, 0, f, NULL);
	s1 = held(test, h1);
	h2 = kmem_cache_create("kunit_flags", 40, 0, f, NULL);
	s2 = held(test, h2);
	KUNIT_EXPECT_LE(test, seen(), 1U);
	KUNIT_EXPECT_STREQ(test, s2->name, "kunit_flags:2");
	p = kmem_cache_alloc(h1, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_EXPECT_EQ(test, (unsigned long)p % min_t(unsigned long, cache_line_size(), 64), 0UL);
	kmem_cache_free(h1, p);
	KUNIT_EXPECT_PTR_NE(test, s1, s2);
}

static int ctor_runs;

static void count_ctor(void *p)
{
	ctor_runs++;
}

/* 6.12's forms: struct kmem_cache_args, NULL args, and KMEM_CACHE(). */
static void cache_args_forms(struct kunit *test)
{
#ifdef MYMEM_REDIRECT_CACHE_ARGS
	struct kmem_cache_args args = { .align = 128, .ctor = count_ctor };
	struct kmem_cache *h = kmem_cache_create("kunit_args", 72, &args, 0);
	struct kmem_cache *d = kmem_cache_create("kunit_args_null", 72, NULL, 0);
	struct kmem_cache *k = KMEM_CACHE(redir_obj, 0);
	struct mymem_cache *s = held(test, h);
	void *p;

	held(test, d);
	KUNIT_EXPECT_STREQ(test, held(test, k)->name, "redir_obj");
	ctor_runs = 0;
	p = kmem_cache_alloc(h, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_EXPECT_EQ(test, (unsigned long)p % 128, 0UL);
	KUNIT_EXPECT_GT(test, ctor_runs, 0);
	KUNIT_EXPECT_EQ(test, mymem_cache_size(s), 72U);
	kmem_cache_free(h, p);
#else
	struct kmem_cache *k = KMEM_CACHE(redir_obj, 0);
	struct kmem_cache *u = kmem_cache_create_usercopy("kunit_usercopy", 64, 64, 0, 8, 16,
							  count_ctor);
	void *p;

	KUNIT_EXPECT_STREQ(test, held(test, k)->name, "redir_obj");
	held(test, u);
	ctor_runs = 0;
	p = kmem_cache_alloc(u, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_EXPECT_EQ(test, (unsigned long)p % 64, 0UL);
	KUNIT_EXPECT_GT(test, ctor_runs, 0);
	kmem_cache_free(u, p);
#endif
}

static struct kunit_case mymem_redirect_cases[] = {
	KUNIT_CASE(handle_non_canonical),
	KUNIT_CASE(cache_calls_on_mymem),
	KUNIT_CASE(bulk_on_mymem),
	KUNIT_CASE(destroy_busy_reports),
	KUNIT_CASE(destroy_removes),
	KUNIT_CASE_PARAM(kfree_rcu_cache_object, rcu_flags_gen_params),
	KUNIT_CASE(kfree_rcu_kmalloc),
	KUNIT_CASE(destroy_waits_for_rcu),
	KUNIT_CASE(sheaves_served),
	KUNIT_CASE(kmalloc_family_on_mymem),
	KUNIT_CASE(array_overflow_refused),
	KUNIT_CASE(kvmalloc_pair),
	KUNIT_CASE(kernel_memory_to_kernel),
	KUNIT_CASE(kernel_memory_kfree_rcu),
	KUNIT_CASE(kernel_cache_to_kernel),
	KUNIT_CASE(kfree_bulk_mixed),
	KUNIT_CASE(mempools_on_mymem),
	KUNIT_CASE(free_class),
	KUNIT_CASE(slub_flags_taken),
	KUNIT_CASE(cache_args_forms),
	{}
};

static struct kunit_suite mymem_redirect_suite = {
	.name = "mymem_redirect",
	.suite_init = redirect_suite_init,
	.suite_exit = redirect_suite_exit,
	.test_cases = mymem_redirect_cases,
};

kunit_test_suite(mymem_redirect_suite);

MODULE_DESCRIPTION("KUnit tests for make redirect (the kernel's slab API on mymem)");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(MYMEM_NS);
