// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite mymem_kmalloc: the kmalloc-like API over SLUB's size
 * classes, with the kernel's rules for 0, NULL and large sizes.
 */
#include <kunit/test.h>
#include <linux/mm.h>
#include <linux/nodemask.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "mymem.h"

/* Every size 1..16384: ksize covers it, alignment holds, memory usable. */
static void kmalloc_sweep(struct kunit *test)
{
	size_t size;

	for (size = 1; size <= 16384; size++) {
		size_t ks;
		u8 *p = mymem_kmalloc(size, GFP_KERNEL);

		KUNIT_ASSERT_NOT_NULL(test, p);
		ks = mymem_ksize(p);
		KUNIT_EXPECT_GE(test, ks, size);
		KUNIT_EXPECT_EQ(test, (unsigned long)p % ARCH_KMALLOC_MINALIGN, 0UL);
		if (is_power_of_2(size))
			KUNIT_EXPECT_EQ_MSG(test, (unsigned long)p % size, 0UL,
					    "kmalloc(%zu) not naturally aligned", size);
		memset(p, 0x5a, ks);
		mymem_kfree(p);
		if (test->status == KUNIT_FAILURE)
			break;
	}
}

static void kmalloc_zero_size(struct kunit *test)
{
	KUNIT_EXPECT_PTR_EQ(test, mymem_kmalloc(0, GFP_KERNEL), ZERO_SIZE_PTR);
	KUNIT_EXPECT_EQ(test, mymem_ksize(ZERO_SIZE_PTR), (size_t)0);
	mymem_kfree(NULL);
	mymem_kfree(ZERO_SIZE_PTR);
	KUNIT_EXPECT_NULL(test, mymem_kmalloc(SIZE_MAX / 2, GFP_KERNEL | __GFP_NOWARN));
}

static void kzalloc_zeroes(struct kunit *test)
{
	static const size_t sizes[] = { 8, 100, 192, 1000, 4096, 8192, 20000 };
	int i;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		u8 *p = mymem_kmalloc(sizes[i], GFP_KERNEL);

		KUNIT_ASSERT_NOT_NULL(test, p);
		memset(p, 0xee, sizes[i]);
		mymem_kfree(p);
		p = mymem_kzalloc(sizes[i], GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, p);
		KUNIT_EXPECT_NULL(test, memchr_inv(p, 0, sizes[i]));
		mymem_kfree(p);
	}
}

static void krealloc_keeps(struct kunit *test)
{
	size_t sizes[] = { 10, 100, 3000, 9000, 40000, 50, 0 };
	size_t prev = 10;
	u8 *p = mymem_krealloc(NULL, 10, GFP_KERNEL);
	int i;

	KUNIT_ASSERT_NOT_NULL(test, p);
	memset(p, 0x33, 10);
	for (i = 1; sizes[i]; i++) {
		size_t keep = min(prev, sizes[i]);

		p = mymem_krealloc(p, sizes[i], GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, p);
		KUNIT_EXPECT_GE(test, mymem_ksize(p), sizes[i]);
		KUNIT_EXPECT_NULL_MSG(test, memchr_inv(p, 0x33, keep), "%zu -> %zu lost data",
				      prev, sizes[i]);
		memset(p, 0x33, sizes[i]);
		prev = sizes[i];
	}
	KUNIT_EXPECT_PTR_EQ(test, mymem_krealloc(p, 0, GFP_KERNEL), (void *)ZERO_SIZE_PTR);
}

static void kmalloc_large_pages(struct kunit *test)
{
	long start = mymem_nr_pages();
	void *p = mymem_kmalloc(5 * PAGE_SIZE, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_EXPECT_EQ(test, mymem_ksize(p), (size_t)(8 * PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, mymem_nr_pages() - start, 8L);
	mymem_kfree(p);
	KUNIT_EXPECT_EQ(test, mymem_nr_pages(), start);
}

static void kmalloc_node_placement(struct kunit *test)
{
	int nid;

	if (num_online_nodes() < 2)
		kunit_skip(test, "needs 2 NUMA nodes, have %u", num_online_nodes());
	for_each_node_state(nid, N_MEMORY) {
		void *p = mymem_kmalloc_node(300, GFP_KERNEL | __GFP_THISNODE, nid);
		void *q = mymem_kmalloc_node(3 * PAGE_SIZE, GFP_KERNEL | __GFP_THISNODE, nid);

		KUNIT_ASSERT_NOT_NULL(test, p);
		KUNIT_ASSERT_NOT_NULL(test, q);
		KUNIT_EXPECT_EQ(test, page_to_nid(virt_to_page(p)), nid);
		KUNIT_EXPECT_EQ(test, page_to_nid(virt_to_page(q)), nid);
		mymem_kfree(p);
		mymem_kfree(q);
	}
}

static struct kunit_case mymem_kmalloc_cases[] = {
	KUNIT_CASE(kmalloc_sweep),
	KUNIT_CASE(kmalloc_zero_size),
	KUNIT_CASE(kzalloc_zeroes),
	KUNIT_CASE(krealloc_keeps),
	KUNIT_CASE(kmalloc_large_pages),
	KUNIT_CASE(kmalloc_node_placement),
	{}
};

static struct kunit_suite mymem_kmalloc_suite = {
	.name = "mymem_kmalloc",
	.test_cases = mymem_kmalloc_cases,
};

kunit_test_suite(mymem_kmalloc_suite);

MODULE_DESCRIPTION("KUnit tests for mymem kmalloc");
MODULE_LICENSE("GPL");
