// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite mymem_trace: the tracepoints mymem:mymem_alloc, mymem_free,
 * mymem_slab_new and mymem_slab_free fire with the right fields, seen by
 * probes this suite attaches as any module could.
 */
#include <kunit/test.h>
#include <linux/kallsyms.h>
#include <linux/mm.h>
#include <linux/string.h>
#include <linux/tracepoint.h>

#include "internal.h"
#include "mymem_test_util.h"
#include "trace.h"

/* The last event of each kind, for caches and sizes of this suite. */
struct seen {
	unsigned int allocs, frees, slabs_new, slabs_freed;
	unsigned long call_site;
	const void *ptr;
	char cache[MYMEM_NAME_MAX + 1];
	size_t bytes_req, bytes_alloc;
	gfp_t gfp;
	int node;
	const void *free_ptr;
	unsigned long free_site;
	char free_cache[MYMEM_NAME_MAX + 1];
	unsigned int slab_order, slab_objects;
	char slab_cache[MYMEM_NAME_MAX + 1];
};

static bool ours(const char *cache)
{
	return !strncmp(cache, "kunit_trace", 11) || !strncmp(cache, "mymem-kmalloc", 13);
}

static void probe_alloc(void *data, unsigned long call_site, const void *ptr, const char *cache,
			size_t bytes_req, size_t bytes_alloc, gfp_t gfp, int node)
{
	struct seen *sn = data;

	if (!ours(cache))
		return;
	sn->allocs++;
	sn->call_site = call_site;
	sn->ptr = ptr;
	strscpy(sn->cache, cache, sizeof(sn->cache));
	sn->bytes_req = bytes_req;
	sn->bytes_alloc = bytes_alloc;
	sn->gfp = gfp;
	sn->node = node;
}

static void probe_free(void *data, unsigned long call_site, const void *ptr, const char *cache)
{
	struct seen *sn = data;

	if (!ours(cache))
		return;
	sn->frees++;
	sn->free_site = call_site;
	sn->free_ptr = ptr;
	strscpy(sn->free_cache, cache, sizeof(sn->free_cache));
}

static void probe_slab(struct seen *sn, const char *cache, unsigned int order,
		       unsigned int objects)
{
	sn->slab_order = order;
	sn->slab_objects = objects;
	strscpy(sn->slab_cache, cache, sizeof(sn->slab_cache));
}

static void probe_slab_new(void *data, const char *cache, const void *addr, unsigned int order,
			   unsigned int objects, int node)
{
	struct seen *sn = data;

	if (!ours(cache))
		return;
	sn->slabs_new++;
	probe_slab(sn, cache, order, objects);
}

static void probe_slab_free(void *data, const char *cache, const void *addr,
			    unsigned int order, unsigned int objects, int node)
{
	struct seen *sn = data;

	if (!ours(cache))
		return;
	sn->slabs_freed++;
	probe_slab(sn, cache, order, objects);
}

static int attach(struct seen *sn)
{
	int err = register_trace_mymem_alloc(probe_alloc, sn);

	err = err ?: register_trace_mymem_free(probe_free, sn);
	err = err ?: register_trace_mymem_slab_new(probe_slab_new, sn);
	return err ?: register_trace_mymem_slab_free(probe_slab_free, sn);
}

static void detach(struct seen *sn)
{
	unregister_trace_mymem_alloc(probe_alloc, sn);
	unregister_trace_mymem_free(probe_free, sn);
	unregister_trace_mymem_slab_new(probe_slab_new, sn);
	unregister_trace_mymem_slab_free(probe_slab_free, sn);
	tracepoint_synchronize_unregister();
}

/* Is @site in the function named @fn? */
static bool site_in(unsigned long site, const char *fn)
{
	char sym[KSYM_SYMBOL_LEN];

	sprint_symbol(sym, site);
	return !strncmp(sym, fn, strlen(fn)) && sym[strlen(fn)] == '+';
}

/* A cache's objects: alloc and free events, and its slabs coming and going. */
static void cache_events(struct kunit *test)
{
	struct seen *sn = kunit_kzalloc(test, sizeof(*sn), GFP_KERNEL);
	struct mymem_cache *s;
	void *obj;

	KUNIT_ASSERT_NOT_NULL(test, sn);
	KUNIT_ASSERT_EQ(test, attach(sn), 0);
	s = mymem_test_cache_create(test, "kunit_trace_ev", 100, 0, 0, NULL);
	obj = s ? mymem_cache_alloc_node(s, GFP_KERNEL, first_online_node) : NULL;
	KUNIT_EXPECT_NOT_NULL(test, obj);
	KUNIT_EXPECT_EQ(test, sn->allocs, 1U);
	KUNIT_EXPECT_PTR_EQ(test, sn->ptr, (const void *)obj);
	KUNIT_EXPECT_STREQ(test, sn->cache, "kunit_trace_ev");
	KUNIT_EXPECT_EQ(test, sn->bytes_req, (size_t)100);
	KUNIT_EXPECT_EQ(test, sn->bytes_alloc, (size_t)(s ? s->size : 0));
	KUNIT_EXPECT_EQ(test, (__force unsigned int)sn->gfp, (__force unsigned int)GFP_KERNEL);
	KUNIT_EXPECT_EQ(test, sn->node, first_online_node);
	KUNIT_EXPECT_TRUE(test, site_in(sn->call_site, __func__));
	/* The first object made the cache's first slab. */
	KUNIT_EXPECT_EQ(test, sn->slabs_new, 1U);
	KUNIT_EXPECT_STREQ(test, sn->slab_cache, "kunit_trace_ev");
	KUNIT_EXPECT_EQ(test, sn->slab_objects, s ? s->objects : 0);

	mymem_cache_free(s, obj);
	KUNIT_EXPECT_EQ(test, sn->frees, 1U);
	KUNIT_EXPECT_PTR_EQ(test, sn->free_ptr, (const void *)obj);
	KUNIT_EXPECT_STREQ(test, sn->free_cache, "kunit_trace_ev");
	KUNIT_EXPECT_TRUE(test, site_in(sn->free_site, __func__));

	/* Shrunk, the empty slab goes: one slab_free event. */
	mymem_cache_shrink(s);
	KUNIT_EXPECT_EQ(test, sn->slabs_freed, 1U);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), 0);
	detach(sn);
}

/* kmalloc: the size asked for and the size of the class (or pages) given. */
static void kmalloc_events(struct kunit *test)
{
	struct seen *sn = kunit_kzalloc(test, sizeof(*sn), GFP_KERNEL);
	void *p;

	KUNIT_ASSERT_NOT_NULL(test, sn);
	KUNIT_ASSERT_EQ(test, attach(sn), 0);
	p = mymem_kmalloc(50, GFP_KERNEL);
	KUNIT_EXPECT_EQ(test, sn->allocs, 1U);
	KUNIT_EXPECT_PTR_EQ(test, sn->ptr, (const void *)p);
	KUNIT_EXPECT_STREQ(test, sn->cache, "mymem-kmalloc-64");
	KUNIT_EXPECT_EQ(test, sn->bytes_req, (size_t)50);
	KUNIT_EXPECT_EQ(test, sn->bytes_alloc, (size_t)64);
	KUNIT_EXPECT_EQ(test, sn->node, NUMA_NO_NODE);
	KUNIT_EXPECT_TRUE(test, site_in(sn->call_site, __func__));
	mymem_kfree(p);
	KUNIT_EXPECT_EQ(test, sn->frees, 1U);
	KUNIT_EXPECT_STREQ(test, sn->free_cache, "mymem-kmalloc-64");

	p = mymem_kzalloc(20000, GFP_KERNEL);
	KUNIT_EXPECT_EQ(test, sn->allocs, 2U);
	KUNIT_EXPECT_PTR_EQ(test, sn->ptr, (const void *)p);
	KUNIT_EXPECT_STREQ(test, sn->cache, MYMEM_TRACE_LARGE);
	KUNIT_EXPECT_EQ(test, sn->bytes_req, (size_t)20000);
	KUNIT_EXPECT_EQ(test, sn->bytes_alloc, PAGE_SIZE << get_order(20000));
	KUNIT_EXPECT_TRUE(test, sn->gfp & __GFP_ZERO);
	mymem_kfree(p);
	KUNIT_EXPECT_EQ(test, sn->frees, 2U);
	KUNIT_EXPECT_PTR_EQ(test, sn->free_ptr, (const void *)p);
	KUNIT_EXPECT_STREQ(test, sn->free_cache, MYMEM_TRACE_LARGE);
	detach(sn);
}

static struct kunit_case mymem_trace_cases[] = {
	KUNIT_CASE(cache_events),
	KUNIT_CASE(kmalloc_events),
	{}
};

static struct kunit_suite mymem_trace_suite = {
	.name = "mymem_trace",
	.test_cases = mymem_trace_cases,
};

kunit_test_suite(mymem_trace_suite);

MODULE_DESCRIPTION("KUnit tests for mymem's tracepoints");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(MYMEM_NS);
