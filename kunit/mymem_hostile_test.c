// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite mymem_hostile: garbage on every interface. Each kind of
 * garbage (empty, huge, negative, non-numeric, overlong, binary, two
 * values, blank) is written to every writable file of a cache's sysfs
 * directory (found from its kobject, so that a new file is covered
 * without editing this test), to mymem's module parameters and to
 * /proc/myslabinfo; the public API is called with NULL caches, NULL
 * objects, NULL arrays and bad nodes. Each is refused (an error, NULL or
 * nothing done, with a warning) and changes nothing: every readable file
 * of the cache reads the same afterwards, and the cache still works.
 * Refusals are listed in the test log, one line each.
 *
 * Frees of foreign pointers (another cache's object, the kernel's
 * kmalloc) produce reports and are in mymem_corruption, whose boot
 * expects reports.
 */
#include <kunit/test.h>
#include <linux/kobject.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include "internal.h"
#include "mymem_test_util.h"

struct garbage {
	const char *name;
	const char *bytes;	/* NULL: PAGE_SIZE - 1 digits */
	size_t len;
	const char *sh;		/* the same bytes, from a shell */
};

#define G(n, b, s) { n, b, sizeof(b) - 1, s }
static const struct garbage garbages[] = {
	G("empty", "", "printf ''"),
	G("huge", "99999999999999999999999", "printf 99999999999999999999999"),
	G("negative", "-1", "printf -- -1"),
	G("non-numeric", "abc", "printf abc"),
	{ "overlong", NULL, 0, "head -c 5000 /dev/zero | tr '\\\\000' 7" },
	G("binary", "\x01\xfe\x00zz", "printf '\\001\\376\\000zz'"),
	G("two values", "1 2", "printf '1 2'"),
	G("blank", "\t\n", "printf '\\t\\n'"),
};

static void garbage_desc(const struct garbage *g, char *desc)
{
	strscpy(desc, g->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(garbage, garbages, garbage_desc);

/* Write @g to @path in one write(); the bytes written or an error. */
static ssize_t write_garbage(const char *path, const struct garbage *g, const char *digits)
{
	if (!g->bytes)
		return mymem_test_write_bytes(path, digits, PAGE_SIZE - 1);
	return mymem_test_write_bytes(path, g->bytes, g->len);
}

/* Refused: an error, or nothing taken from an empty write. */
static bool refused(const struct garbage *g, ssize_t n)
{
	return n < 0 || (g->bytes && !g->len && n == 0);
}

#define MAX_FILES	128

/* A cache's files; what the readable ones said; buffers for the sweep. */
struct snapshot {
	int nr;
	struct attribute *files[MAX_FILES + 1];
	const char *name[MAX_FILES];
	char *text[MAX_FILES];
	char path[128];
	char buf[PAGE_SIZE];
	char digits[PAGE_SIZE];	/* the overlong garbage */
};

static const char *path_of(struct snapshot *sn, struct mymem_cache *s, const char *file)
{
	snprintf(sn->path, sizeof(sn->path), "/sys/kernel/mymem/%s/%s", s->name, file);
	return sn->path;
}

/*
 * The files a write could change, but those that walk every slab (waste,
 * occupancy, alloc_calls, free_calls): their figures come from the same
 * slabs as the others.
 */
static bool worth_reading(const struct attribute *a)
{
	static const char *const walkers[] = { "waste", "occupancy", "alloc_calls", "free_calls" };
	size_t i;

	if (!(a->mode & 0444))
		return false;
	for (i = 0; i < ARRAY_SIZE(walkers); i++)
		if (!strcmp(a->name, walkers[i]))
			return false;
	return true;
}

/*
 * The files of @s's directory, whatever group they are in (the counters
 * have their own), into @files; NULL-terminated.
 */
static void cache_files(struct kunit *test, struct mymem_cache *s, struct attribute **files)
{
	const struct attribute_group *const *grp;
	struct attribute **a;
	int n = 0;

	if (!IS_ENABLED(CONFIG_SYSFS))
		kunit_skip(test, "this kernel has no sysfs");
	KUNIT_ASSERT_NOT_NULL(test, s->kobj);
	for (grp = s->kobj->ktype->default_groups; *grp; grp++)
		for (a = (*grp)->attrs; *a; a++) {
			KUNIT_ASSERT_LT(test, n, MAX_FILES);
			files[n++] = *a;
		}
	files[n] = NULL;
}

static void take(struct kunit *test, struct mymem_cache *s, struct snapshot *sn)
{
	struct attribute **a;

	cache_files(test, s, sn->files);
	sn->nr = 0;
	for (a = sn->files; *a; a++) {
		if (!worth_reading(*a))
			continue;
		sn->name[sn->nr] = (*a)->name;
		sn->text[sn->nr] = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, sn->text[sn->nr]);
		mymem_test_read(path_of(sn, s, (*a)->name), sn->text[sn->nr], PAGE_SIZE);
		sn->nr++;
	}
}

/* How many files read differently from @sn's first reading; each is named. */
static int changed(struct kunit *test, struct mymem_cache *s, struct snapshot *sn,
		   const char *after_what)
{
	int i, n = 0;

	for (i = 0; i < sn->nr; i++) {
		mymem_test_read(path_of(sn, s, sn->name[i]), sn->buf, PAGE_SIZE);
		if (strcmp(sn->buf, sn->text[i])) {
			kunit_err(test, "after %s, %s read '%s', was '%s'", after_what, sn->name[i],
				  sn->buf, sn->text[i]);
			n++;
		}
	}
	return n;
}

/* Every writable file of a cache with live objects refuses the garbage. */
static void sysfs_garbage(struct kunit *test)
{
	const struct garbage *g = test->param_value;
	struct mymem_cache *s = mymem_test_cache_create(test, "kunit_hostile", 200, 0, 0, NULL);
	struct snapshot *before = kunit_kzalloc(test, sizeof(*before), GFP_KERNEL);
	struct attribute **a;
	void *obj[20];
	int i, files = 0;

	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_ASSERT_NOT_NULL(test, before);
	memset(before->digits, '7', sizeof(before->digits));
	for (i = 0; i < ARRAY_SIZE(obj); i++)
		KUNIT_ASSERT_NOT_NULL(test, obj[i] = mymem_cache_alloc(s, GFP_KERNEL));
	mymem_cache_free(s, obj[0]);	/* a partial slab, nonzero counters */
	take(test, s, before);
	for (a = before->files; *a; a++) {
		ssize_t n;

		if (!((*a)->mode & 0222))
			continue;
		files++;
		n = write_garbage(path_of(before, s, (*a)->name), g, before->digits);
		KUNIT_EXPECT_TRUE_MSG(test, refused(g, n), "%s took %s garbage: %zd", (*a)->name,
				      g->name, n);
		KUNIT_EXPECT_EQ_MSG(test, changed(test, s, before, (*a)->name), 0,
				    "%s garbage in %s changed the cache", g->name, (*a)->name);
		kunit_info(test, "%s <- %s garbage: %zd", (*a)->name, g->name, n);
	}
	/* The writable files: tunables, debug switches, actions, 25 counters. */
	KUNIT_EXPECT_GE(test, files, 35);
	for (i = 1; i < ARRAY_SIZE(obj); i++)
		mymem_cache_free(s, obj[i]);
	obj[0] = mymem_cache_alloc(s, GFP_KERNEL);
	KUNIT_EXPECT_NOT_NULL(test, obj[0]);
	mymem_cache_free(s, obj[0]);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), 0);
}

/*
 * The module parameters refuse it too. debug= takes the empty string and
 * blanks (slub_debug's "all of FZPU"), so those two are not garbage there.
 */
static void param_garbage(struct kunit *test)
{
	static const char *const params[] = { "debug", "freelist_random" };
	const struct garbage *g = test->param_value;
	char *before = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	char *after = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	char *digits = kunit_kmalloc(test, PAGE_SIZE, GFP_KERNEL);
	char path[64];
	size_t i;

	KUNIT_ASSERT_NOT_NULL(test, before);
	KUNIT_ASSERT_NOT_NULL(test, after);
	KUNIT_ASSERT_NOT_NULL(test, digits);
	memset(digits, '7', PAGE_SIZE);
	for (i = 0; i < ARRAY_SIZE(params); i++) {
		ssize_t n;

		if (!strcmp(params[i], "debug") && (!strcmp(g->name, "empty") ||
						    !strcmp(g->name, "blank")))
			continue;
		snprintf(path, sizeof(path), "/sys/module/mymem/parameters/%s", params[i]);
		KUNIT_ASSERT_GE(test, mymem_test_read(path, before, PAGE_SIZE), 0L);
		n = write_garbage(path, g, digits);
		KUNIT_EXPECT_TRUE_MSG(test, refused(g, n), "%s took %s garbage: %zd", params[i],
				      g->name, n);
		KUNIT_ASSERT_GE(test, mymem_test_read(path, after, PAGE_SIZE), 0L);
		KUNIT_EXPECT_STREQ_MSG(test, after, before, "%s changed", params[i]);
		kunit_info(test, "parameter %s <- %s garbage: %zd", params[i], g->name, n);
	}
}

/*
 * Save the file, write the garbage (the first %s: a command), run the
 * second %s if that write succeeded; exit 0 when the file reads as before.
 */
#define PROC_WRITE "cat /proc/myslabinfo >/tmp/p1; if (%s) >/proc/myslabinfo; then %s; fi; cat /proc/myslabinfo >/tmp/p2; cmp -s /tmp/p1 /tmp/p2"

/*
 * /proc/myslabinfo (no kernel_write() there: through the shell). The
 * shell writes nothing at all for the empty garbage: it cannot fail.
 */
static void proc_garbage(struct kunit *test)
{
	const struct garbage *g = test->param_value;
	bool empty = g->bytes && !g->len;
	int ret;

	/* 0: the write failed (or was empty) and the file reads as before. */
	ret = mymem_test_sh(test, PROC_WRITE, g->sh, empty ? "true" : "exit 1");
	KUNIT_EXPECT_EQ_MSG(test, ret, 0, "/proc/myslabinfo took %s garbage or changed", g->name);
	kunit_info(test, "/proc/myslabinfo <- %s garbage: refused", g->name);
}

/* The API with NULLs and bad nodes: NULL, 0 or nothing done, and no harm. */
static void api_misuse(struct kunit *test)
{
	struct mymem_cache *s = mymem_test_cache_create(test, "kunit_hostile_api", 64, 0, 0, NULL);
	void *p[4] = { NULL }, *obj;
	long pages;

	KUNIT_ASSERT_NOT_NULL(test, s);
	obj = mymem_cache_alloc(s, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, obj);
	pages = mymem_nr_pages();

	KUNIT_EXPECT_NULL(test, mymem_cache_alloc(NULL, GFP_KERNEL));
	KUNIT_EXPECT_NULL(test, mymem_cache_alloc_node(NULL, GFP_KERNEL, 0));
	KUNIT_EXPECT_NULL(test, mymem_cache_alloc_node(s, GFP_KERNEL, MAX_NUMNODES + 7));
	KUNIT_EXPECT_NULL(test, mymem_cache_alloc_node(s, GFP_KERNEL, -5));
	KUNIT_EXPECT_NULL(test, mymem_kmalloc_node(64, GFP_KERNEL, MAX_NUMNODES + 7));
	mymem_cache_free(NULL, obj);		/* refused: obj stays allocated */
	mymem_cache_free(s, NULL);
	mymem_kfree(NULL);
	mymem_kfree(ZERO_SIZE_PTR);
	KUNIT_EXPECT_EQ(test, mymem_cache_alloc_bulk(NULL, GFP_KERNEL, 4, p), 0);
	KUNIT_EXPECT_EQ(test, mymem_cache_alloc_bulk(s, GFP_KERNEL, 4, NULL), 0);
	KUNIT_EXPECT_EQ(test, mymem_cache_alloc_bulk(s, GFP_KERNEL, 0, p), 0);
	mymem_cache_free_bulk(NULL, 4, p);
	mymem_cache_free_bulk(s, 4, NULL);
	mymem_cache_free_bulk(s, 4, p);		/* four NULLs: nothing */
	KUNIT_EXPECT_EQ(test, mymem_cache_destroy(NULL), -EINVAL);
	KUNIT_EXPECT_LT(test, mymem_cache_shrink(NULL), 0);
	KUNIT_EXPECT_LT(test, mymem_cache_validate(NULL), 0);
	KUNIT_EXPECT_EQ(test, mymem_cache_size(NULL), 0U);
	KUNIT_EXPECT_EQ(test, mymem_ksize(NULL), (size_t)0);
	KUNIT_EXPECT_NULL(test, mymem_kmalloc(SIZE_MAX, GFP_KERNEL | __GFP_NOWARN));
	KUNIT_EXPECT_PTR_EQ(test, mymem_kmalloc(0, GFP_KERNEL), ZERO_SIZE_PTR);
	KUNIT_EXPECT_NULL(test, mymem_krealloc(NULL, SIZE_MAX, GFP_KERNEL | __GFP_NOWARN));

	/* Nothing changed: the object is still allocated, nothing leaked. */
	KUNIT_EXPECT_EQ(test, mymem_cache_live(s), 1L);
	KUNIT_EXPECT_EQ(test, mymem_nr_pages(), pages);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), -EBUSY);
	mymem_cache_free(s, obj);
	KUNIT_EXPECT_EQ(test, mymem_cache_validate(s), 0);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), 0);
}

static struct kunit_case mymem_hostile_cases[] = {
	KUNIT_CASE_PARAM(sysfs_garbage, garbage_gen_params),
	KUNIT_CASE_PARAM(param_garbage, garbage_gen_params),
	KUNIT_CASE_PARAM(proc_garbage, garbage_gen_params),
	KUNIT_CASE(api_misuse),
	{}
};

static struct kunit_suite mymem_hostile_suite = {
	.name = "mymem_hostile",
	.test_cases = mymem_hostile_cases,
};

kunit_test_suite(mymem_hostile_suite);

MODULE_DESCRIPTION("KUnit: garbage on every interface of mymem");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(MYMEM_NS);
