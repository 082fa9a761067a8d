// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite mymem_corruption: each class of corruption a user can cause
 * is found, reported in SLUB's shape, counted by validation, and contained:
 * the cache keeps allocating and freeing correctly, and every page comes
 * back when it is destroyed. Its caches have no sheaves: the freelists
 * damaged are the slabs' (a double free in a sheaf: mymem_sheaf).
 *
 * Reports are read off the console tracepoint (the count of "BUG <cache>"
 * lines and the last headline), as kfence_test reads KFENCE's, with the
 * parameter warn_on_report off while the suite runs. They still taint the
 * kernel, so this suite runs in a boot of its own: MYMEM_RIG_OWN_BOOT.
 */
#include <kunit/test.h>
#include <linux/nodemask.h>
#include <linux/preempt.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>

#include "internal.h"
#include "mymem_test_util.h"

#define DEBUG_ALL	(SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER)

static struct mymem_test_reports reports;

static int mymem_corruption_suite_init(struct kunit_suite *suite)
{
	return mymem_test_reports_start(&reports);
}

static void mymem_corruption_suite_exit(struct kunit_suite *suite)
{
	mymem_test_reports_stop(&reports);
}

/* Count mymem's reports from now on, for this test. */
static struct mymem_test_reports *capture(struct kunit *test)
{
	return mymem_test_reports_reset(&reports);
}

struct fixture {
	struct mymem_cache *s;
	long pages;		/* mymem_nr_pages() before the cache */
	int nid;		/* every allocation on this node */
};

static void make_cache(struct kunit *test, struct fixture *f, const char *name,
		       unsigned int size, slab_flags_t flags)
{
	f->nid = first_online_node;
	f->pages = mymem_nr_pages();
	f->s = mymem_test_cache_slab_layer(test, name, size, 0, flags, NULL);
	KUNIT_ASSERT_NOT_NULL(test, f->s);
}

static void *get(struct kunit *test, struct fixture *f)
{
	void *o = mymem_cache_alloc_node(f->s, GFP_KERNEL, f->nid);

	KUNIT_ASSERT_NOT_NULL(test, o);
	return o;
}

/*
 * After the damage: the cache allocates and frees sound objects, finds
 * nothing more to report, can be destroyed, and gives every page back.
 */
static void still_works(struct kunit *test, struct fixture *f,
			struct mymem_test_reports *r)
{
	const int nr = 100;
	void **o = kunit_kcalloc(test, nr, sizeof(*o), GFP_KERNEL);
	int before = r->count, i;

	KUNIT_ASSERT_NOT_NULL(test, o);
	for (i = 0; i < nr; i++) {
		o[i] = mymem_cache_alloc(f->s, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, o[i]);
		memset(o[i], i, mymem_cache_size(f->s));
	}
	KUNIT_EXPECT_EQ(test, mymem_cache_validate(f->s), 0);
	for (i = 0; i < nr; i++) {
		KUNIT_EXPECT_NULL(test, memchr_inv(o[i], i, mymem_cache_size(f->s)));
		mymem_cache_free(f->s, o[i]);
	}
	KUNIT_EXPECT_EQ(test, mymem_cache_live(f->s), 0L);
	KUNIT_EXPECT_EQ(test, mymem_cache_validate(f->s), 0);
	KUNIT_EXPECT_EQ(test, r->count, before);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, f->s), 0);
	KUNIT_EXPECT_EQ(test, mymem_nr_pages(), f->pages);
}

static unsigned long isolated_slabs(struct mymem_cache *s)
{
	unsigned long nr = 0;
	int nid;

	for_each_node(nid)
		nr += READ_ONCE(s->node[nid]->nr_isolated);
	return nr;
}

/* --- red zones --- */

static void redzone_case(struct kunit *test, int where, const char *what)
{
	struct mymem_test_reports *r = capture(test);
	struct fixture f;
	u8 *o;

	make_cache(test, &f, "kunit_redzone", 60, DEBUG_ALL);
	o = get(test, &f);
	memset(o, 0x11, 60);
	KUNIT_EXPECT_EQ(test, mymem_cache_validate(f.s), 0);
	o[where] = 0x42;
	KUNIT_EXPECT_EQ(test, mymem_cache_validate(f.s), 1);
	EXPECT_REPORT(test, r, 0, what);
	/* The free is refused; the object and its slab are set aside. */
	mymem_cache_free(f.s, o);
	EXPECT_REPORT(test, r, 1, what);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&f.s->isolated_objects), 1L);
	KUNIT_EXPECT_EQ(test, isolated_slabs(f.s), 1UL);
	KUNIT_EXPECT_EQ(test, mymem_cache_live(f.s), 0L);
	still_works(test, &f, r);
}

/* One byte past the end of the object. */
static void right_redzone(struct kunit *test)
{
	redzone_case(test, 60, "Right Redzone overwritten");
}

/* One byte before its start. */
static void left_redzone(struct kunit *test)
{
	redzone_case(test, -1, "Left Redzone overwritten");
}

/* --- free objects --- */

/*
 * A write into a freed object breaks its poison: validation finds it, and
 * so does the allocation that would hand it out, which sets the slab aside
 * and takes a sound one.
 */
static void write_after_free(struct kunit *test)
{
	struct mymem_test_reports *r = capture(test);
	struct fixture f;
	struct page *bad;
	u8 *o1, *o2, *p;
	int i;

	make_cache(test, &f, "kunit_uaf", 100, DEBUG_ALL);
	o1 = get(test, &f);
	o2 = get(test, &f);
	bad = virt_to_head_page(o1);
	KUNIT_ASSERT_PTR_EQ(test, bad, virt_to_head_page(o2));
	mymem_cache_free(f.s, o1);
	KUNIT_EXPECT_EQ(test, o1[0], (u8)0x6b);
	KUNIT_EXPECT_EQ(test, o1[99], (u8)0xa5);
	o1[5] = 0x11;
	KUNIT_EXPECT_EQ(test, mymem_cache_validate(f.s), 1);
	EXPECT_REPORT(test, r, 0, "Poison overwritten");

	p = get(test, &f);
	EXPECT_REPORT(test, r, 1, "Poison overwritten");
	KUNIT_EXPECT_PTR_NE(test, virt_to_head_page(p), bad);
	KUNIT_EXPECT_EQ(test, isolated_slabs(f.s), 1UL);
	/* The isolated slab's other free objects are never handed out. */
	for (i = 0; i < 3 * f.s->layouts[MYMEM_NR_LAYOUTS - 1].objects; i++) {
		u8 *q = get(test, &f);

		KUNIT_EXPECT_PTR_NE(test, virt_to_head_page(q), bad);
		mymem_cache_free(f.s, q);
	}
	mymem_cache_free(f.s, o2);	/* into the isolated slab: accepted */
	mymem_cache_free(f.s, p);
	KUNIT_EXPECT_EQ(test, r->count, 2);
	still_works(test, &f, r);
}

/* A free object's free pointer overwritten with a pointer into an object. */
static void corrupt_free_pointer(struct kunit *test)
{
	struct mymem_test_reports *r = capture(test);
	const struct mymem_layout *l;
	struct fixture f;
	u8 *o1, *o2, *p;

	make_cache(test, &f, "kunit_fp", 64, SLAB_CONSISTENCY_CHECKS);
	o1 = get(test, &f);
	o2 = get(test, &f);
	mymem_cache_free(f.s, o1);
	l = slab_layout(f.s, slab_state(virt_to_head_page(o1)));
	set_freepointer_at(f.s, o1, l->offset, o1 + 8);
	KUNIT_EXPECT_EQ(test, mymem_cache_validate(f.s), 1);
	EXPECT_REPORT(test, r, 0, "Freechain corrupt");
	p = get(test, &f);
	EXPECT_REPORT(test, r, 1, "Freechain corrupt");
	KUNIT_EXPECT_PTR_NE(test, virt_to_head_page(p), virt_to_head_page(o1));
	KUNIT_EXPECT_EQ(test, isolated_slabs(f.s), 1UL);
	mymem_cache_free(f.s, o2);
	mymem_cache_free(f.s, p);
	still_works(test, &f, r);
}

#define PARTIAL_NR	200

/*
 * A plain cache with PARTIAL_NR objects in @o, the first 10 freed: their
 * slab is no CPU's active one, and after the flush it is on its node's
 * partial list with those 10 on its own freelist.
 */
static void make_partial_slab(struct kunit *test, struct fixture *f, const char *name, void **o)
{
	int i;

	make_cache(test, f, name, 64, 0);
	for (i = 0; i < PARTIAL_NR; i++)
		o[i] = get(test, f);
	KUNIT_ASSERT_PTR_EQ(test, virt_to_head_page(o[0]), virt_to_head_page(o[9]));
	for (i = 0; i < 10; i++)
		mymem_cache_free(f->s, o[i]);
	mymem_flush_all(f->s);
	KUNIT_ASSERT_EQ(test, mymem_cache_validate(f->s), 0);
}

/* Free the other objects of make_partial_slab() and check the cache. */
static void end_partial_slab(struct kunit *test, struct fixture *f, void **o,
			     struct mymem_test_reports *r)
{
	int i;

	for (i = 10; i < PARTIAL_NR; i++)
		mymem_cache_free(f->s, o[i]);
	still_works(test, f, r);
}

/*
 * A plain cache's slab freelist broken four ways (a pointer into the
 * middle of an object, a loop, a chain cut short, a plain pointer over the
 * obfuscated one) is found by validation, and sound again once mended.
 */
static void plain_broken_freelist(struct kunit *test)
{
	struct mymem_test_reports *r = capture(test);
	struct fixture f;
	void **o = kunit_kcalloc(test, PARTIAL_NR, sizeof(*o), GFP_KERNEL);
	void *head, *next;
	int before;

	KUNIT_ASSERT_NOT_NULL(test, o);
	make_partial_slab(test, &f, "kunit_broken", o);
	head = o[9];
	next = get_freepointer(f.s, head);
	KUNIT_ASSERT_PTR_EQ(test, next, o[8]);

	set_freepointer(f.s, head, head + 1);
	KUNIT_EXPECT_EQ(test, mymem_cache_validate(f.s), 1);
	EXPECT_REPORT(test, r, 0, "Freechain corrupt");
	set_freepointer(f.s, head, head);
	KUNIT_EXPECT_EQ(test, mymem_cache_validate(f.s), 1);
	EXPECT_REPORT(test, r, 1, "twice on the freelist");
	set_freepointer(f.s, head, NULL);
	KUNIT_EXPECT_EQ(test, mymem_cache_validate(f.s), 1);
	EXPECT_REPORT(test, r, 2, "Wrong number of objects");
	*(void **)(head + f.s->offset) = next;
	KUNIT_EXPECT_EQ(test, mymem_cache_validate(f.s), 1);
	EXPECT_REPORT(test, r, 3, "Freechain corrupt");
	set_freepointer(f.s, head, next);
	before = r->count;
	KUNIT_EXPECT_EQ(test, mymem_cache_validate(f.s), 0);
	KUNIT_EXPECT_EQ(test, r->count, before);
	end_partial_slab(test, &f, o, r);
}

/*
 * A node's partial list whose length is not nr_partial: validation reports
 * it and counts it as a problem; the other walks (the interfaces' figures)
 * stay quiet; nothing else changes.
 */
static void partial_list_miscounted(struct kunit *test)
{
	struct mymem_test_reports *r = capture(test);
	struct mymem_cache_node *n;
	struct fixture f;
	char buf[128], *path;
	void **o = kunit_kcalloc(test, PARTIAL_NR, sizeof(*o), GFP_KERNEL);
	int before;

	KUNIT_ASSERT_NOT_NULL(test, o);
	make_partial_slab(test, &f, "kunit_miscounted", o);
	path = file_of(test, f.s, "objects_partial");
	n = f.s->node[page_to_nid(virt_to_head_page(o[0]))];
	KUNIT_ASSERT_GE(test, READ_ONCE(n->nr_partial), 1UL);

	spin_lock_irq(&n->list_lock);
	n->nr_partial++;
	spin_unlock_irq(&n->list_lock);
	KUNIT_EXPECT_EQ(test, mymem_cache_validate(f.s), 1);
	EXPECT_REPORT(test, r, 0, "nr_partial");
	before = r->count;
	/* No report flood from the walks that any reader or reclaim makes. */
	KUNIT_EXPECT_GT(test, mymem_test_read(path, buf, sizeof(buf)), 0);
	KUNIT_EXPECT_EQ(test, r->count, before);
	spin_lock_irq(&n->list_lock);
	n->nr_partial--;
	spin_unlock_irq(&n->list_lock);
	before = r->count;
	KUNIT_EXPECT_EQ(test, mymem_cache_validate(f.s), 0);
	KUNIT_EXPECT_EQ(test, r->count, before);
	end_partial_slab(test, &f, o, r);
}

/*
 * A plain object overflowed by more than half an object reaches the free
 * pointer of its free neighbour (in its middle). The allocation that would
 * follow it finds it outside the slab: one report, the slab set aside,
 * no oops; frees of the set-aside slab's objects are taken as done, and
 * the cache goes on working.
 */
static void overflow_into_free_neighbour(struct kunit *test)
{
	struct mymem_test_reports *r = capture(test);
	struct fixture f;
	u8 *a, *b, *c;

	make_cache(test, &f, "kunit_overflow", 64, 0);
	WRITE_ONCE(f.s->freelist_random, false);	/* neighbours in address order */
	preempt_disable();	/* one CPU freelist throughout */
	a = mymem_cache_alloc(f.s, GFP_ATOMIC);
	b = mymem_cache_alloc(f.s, GFP_ATOMIC);
	c = NULL;
	if (a && b == a + f.s->size) {
		mymem_cache_free(f.s, b);	/* b heads the CPU freelist */
		memset(a, 0x41, f.s->size + f.s->offset + sizeof(void *));
		c = mymem_cache_alloc(f.s, GFP_ATOMIC);
	}
	preempt_enable();
	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_PTR_EQ(test, b, a + f.s->size);
	KUNIT_ASSERT_NOT_NULL(test, c);
	EXPECT_REPORT(test, r, 0, "Freepointer corrupt");
	KUNIT_EXPECT_PTR_NE(test, virt_to_head_page(c), virt_to_head_page(a));
	KUNIT_EXPECT_EQ(test, isolated_slabs(f.s), 1UL);
	mymem_cache_free(f.s, a);
	KUNIT_EXPECT_EQ(test, atomic_long_read(&f.s->isolated_objects), 1L);
	mymem_cache_free(f.s, c);
	KUNIT_EXPECT_EQ(test, r->count, 1);
	still_works(test, &f, r);
}

/* --- bad frees, refused with nothing changed --- */

/* A debug cache checks the slab's freelist on every free. */
static void double_free_debug(struct kunit *test)
{
	struct mymem_test_reports *r = capture(test);
	struct fixture f;
	void *o, *keep;

	make_cache(test, &f, "kunit_df", 48, DEBUG_ALL);
	keep = get(test, &f);
	o = get(test, &f);
	mymem_cache_free(f.s, o);
	mymem_cache_free(f.s, o);
	EXPECT_REPORT(test, r, 0, "Object already free");
	KUNIT_EXPECT_EQ(test, mymem_cache_live(f.s), 1L);
	KUNIT_EXPECT_EQ(test, mymem_cache_validate(f.s), 0);
	KUNIT_EXPECT_EQ(test, isolated_slabs(f.s), 0UL);
	mymem_cache_free(f.s, keep);
	still_works(test, &f, r);
}

/* Any cache: freeing the first object of this CPU's freelist again. */
static void double_free_fast_path(struct kunit *test)
{
	struct mymem_test_reports *r = capture(test);
	struct fixture f;
	void *o;

	make_cache(test, &f, "kunit_df_fast", 48, 0);
	preempt_disable();	/* the same CPU freelist throughout */
	o = mymem_cache_alloc(f.s, GFP_ATOMIC);
	if (o) {
		mymem_cache_free(f.s, o);
		mymem_cache_free(f.s, o);
	}
	preempt_enable();
	KUNIT_ASSERT_NOT_NULL(test, o);
	EXPECT_REPORT(test, r, 0, "Double free");
	KUNIT_EXPECT_EQ(test, mymem_cache_live(f.s), 0L);
	KUNIT_EXPECT_EQ(test, mymem_cache_validate(f.s), 0);
	still_works(test, &f, r);
}

/* An object of another cache, and memory of the kernel's own kmalloc. */
static void free_to_wrong_cache(struct kunit *test)
{
	struct mymem_test_reports *r = capture(test);
	struct mymem_cache *other;
	struct fixture f;
	void *o, *k;

	make_cache(test, &f, "kunit_wrong", 64, 0);
	other = mymem_test_cache_slab_layer(test, "kunit_other", 64, 0, 0, NULL);
	KUNIT_ASSERT_NOT_NULL(test, other);
	o = mymem_cache_alloc(other, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, o);
	mymem_cache_free(f.s, o);
	EXPECT_REPORT(test, r, 0, "Wrong cache");
	KUNIT_EXPECT_EQ(test, mymem_cache_live(other), 1L);
	KUNIT_EXPECT_EQ(test, mymem_cache_live(f.s), 0L);
	k = kmalloc(64, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, k);
	mymem_cache_free(f.s, k);
	EXPECT_REPORT(test, r, 1, "mymem did not give out");
	kfree(k);
	mymem_cache_free(other, o);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, other), 0);
	still_works(test, &f, r);
}

/* A pointer into the middle of an object of a debug cache. */
static void free_middle_of_object(struct kunit *test)
{
	struct mymem_test_reports *r = capture(test);
	struct fixture f;
	u8 *o;

	make_cache(test, &f, "kunit_middle", 64, SLAB_CONSISTENCY_CHECKS);
	o = get(test, &f);
	mymem_cache_free(f.s, o + 8);
	EXPECT_REPORT(test, r, 0, "not the start of an object");
	KUNIT_EXPECT_EQ(test, mymem_cache_live(f.s), 1L);
	KUNIT_EXPECT_EQ(test, mymem_cache_validate(f.s), 0);
	mymem_cache_free(f.s, o);
	still_works(test, &f, r);
}

/* kfree of memory mymem never gave out: the kernel's kmalloc, a stack. */
static void kfree_foreign(struct kunit *test)
{
	struct mymem_test_reports *r = capture(test);
	void *k = kmalloc(32, GFP_KERNEL);
	long start = mymem_nr_pages();
	int on_stack = 0;

	KUNIT_ASSERT_NOT_NULL(test, k);
	mymem_kfree(k);
	EXPECT_REPORT(test, r, 0, "kfree of");
	mymem_kfree(&on_stack);
	EXPECT_REPORT(test, r, 1, "kfree of");
	KUNIT_EXPECT_EQ(test, mymem_ksize(k), (size_t)0);
	KUNIT_EXPECT_NULL(test, mymem_krealloc(k, 64, GFP_KERNEL));
	KUNIT_EXPECT_EQ(test, mymem_nr_pages(), start);
	kfree(k);
}

static struct kunit_case mymem_corruption_cases[] = {
	KUNIT_CASE(right_redzone),
	KUNIT_CASE(left_redzone),
	KUNIT_CASE(write_after_free),
	KUNIT_CASE(corrupt_free_pointer),
	KUNIT_CASE(plain_broken_freelist),
	KUNIT_CASE(partial_list_miscounted),
	KUNIT_CASE(overflow_into_free_neighbour),
	KUNIT_CASE(double_free_debug),
	KUNIT_CASE(double_free_fast_path),
	KUNIT_CASE(free_to_wrong_cache),
	KUNIT_CASE(free_middle_of_object),
	KUNIT_CASE(kfree_foreign),
	{}
};

static struct kunit_suite mymem_corruption_suite = {
	.name = "mymem_corruption",
	.suite_init = mymem_corruption_suite_init,
	.suite_exit = mymem_corruption_suite_exit,
	.test_cases = mymem_corruption_cases,
};

kunit_test_suite(mymem_corruption_suite);

MODULE_DESCRIPTION("KUnit tests for mymem's corruption reports and their containment");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(MYMEM_NS);
