// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite mymem_module: the module's interfaces exist as documented
 * once mymem.ko is loaded.
 */
#include <kunit/test.h>
#include <linux/fs.h>
#include <linux/namei.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "mymem_test_util.h"

#define BUF_SIZE 4096

/* Read up to BUF_SIZE - 1 bytes of @path into a NUL-terminated test buffer. */
static char *read_file(struct kunit *test, const char *path)
{
	struct file *f;
	loff_t pos = 0;
	ssize_t n;
	char *buf;

	buf = kunit_kzalloc(test, BUF_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, buf);
	f = mymem_filp_open(path, O_RDONLY, 0);
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(f), "cannot open %s: %ld", path, PTR_ERR(f));
	n = kernel_read(f, buf, BUF_SIZE - 1, &pos);
	filp_close(f, NULL);
	KUNIT_ASSERT_GE_MSG(test, n, 0, "cannot read %s", path);
	return buf;
}

/* /proc/myslabinfo starts with the two header lines of slabinfo 2.1. */
static void myslabinfo_header(struct kunit *test)
{
	char *buf = read_file(test, "/proc/myslabinfo");
	char *line2;

	KUNIT_EXPECT_TRUE(test, str_has_prefix(buf, "slabinfo - version: 2.1\n"));
	line2 = strchr(buf, '\n');
	KUNIT_ASSERT_NOT_NULL(test, line2);
	line2++;
	KUNIT_EXPECT_TRUE(test, str_has_prefix(line2, "# name            <active_objs> "));
	KUNIT_EXPECT_NOT_NULL(test, strstr(line2, "<objsize> <objperslab> <pagesperslab>"));
	KUNIT_EXPECT_NOT_NULL(test, strstr(line2, " : tunables <limit> <batchcount>"));
	KUNIT_EXPECT_NOT_NULL(test, strstr(line2, " <sharedfactor> : slabdata"));
	KUNIT_EXPECT_NOT_NULL(test, strstr(line2, " <active_slabs> <num_slabs> <sharedavail>\n"));
}

/* The file reads the same when read in small pieces (seq_file paging). */
static void myslabinfo_short_reads(struct kunit *test)
{
	char *whole = read_file(test, "/proc/myslabinfo");
	char *pieces = kunit_kzalloc(test, BUF_SIZE, GFP_KERNEL);
	struct file *f;
	loff_t pos = 0;
	size_t len = 0;
	ssize_t n;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, pieces);
	f = mymem_filp_open("/proc/myslabinfo", O_RDONLY, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(f));
	do {
		n = kernel_read(f, pieces + len, min_t(size_t, 7, BUF_SIZE - 1 - len), &pos);
		if (n > 0)
			len += n;
	} while (n > 0 && len < BUF_SIZE - 1);
	filp_close(f, NULL);
	KUNIT_EXPECT_GE(test, n, 0);
	KUNIT_EXPECT_STREQ(test, pieces, whole);
}

/* /sys/kernel/mymem is a directory. */
static void sysfs_root(struct kunit *test)
{
	struct path path;
	int err;

	err = mymem_kern_path("/sys/kernel/mymem", LOOKUP_FOLLOW, &path);
	KUNIT_ASSERT_EQ_MSG(test, err, 0, "/sys/kernel/mymem is missing");
	KUNIT_EXPECT_TRUE(test, d_is_dir(path.dentry));
	path_put(&path);
}

/* The tunables columns of @s's line in /proc/myslabinfo. */
static void expect_tunables(struct kunit *test, struct mymem_cache *s, unsigned int limit,
			    unsigned int batchcount, unsigned int shared)
{
	char *buf = read_file(test, "/proc/myslabinfo");
	char *want = kunit_kzalloc(test, 64, GFP_KERNEL);
	char *line;

	KUNIT_ASSERT_NOT_NULL(test, want);
	line = strstr(buf, s->name);
	KUNIT_ASSERT_NOT_NULL(test, line);
	snprintf(want, 64, ": tunables %4u %4u %4u :", limit, batchcount, shared);
	KUNIT_EXPECT_TRUE_MSG(test, strstr(line, want), "%.160s", line);
}

/* A line in SLAB's syntax tunes the cache: limit, batchcount, shared. */
static void myslabinfo_write(struct kunit *test)
{
	struct mymem_cache *s = mymem_test_cache_create(test, "kunit_tune", 200, 0, 0, NULL);

	KUNIT_ASSERT_NOT_NULL(test, s);
	/* Written as a user would: proc writes take no kernel_write(). */
	KUNIT_EXPECT_EQ(test, mymem_test_sh(test, "echo 'kunit_tune 40 20 3' > /proc/myslabinfo"),
			0);
	KUNIT_EXPECT_EQ(test, s->cpu_partial, 40U);
	KUNIT_EXPECT_EQ(test, s->batchcount, 20U);
	KUNIT_EXPECT_EQ(test, s->min_partial, 3UL);
	expect_tunables(test, s, 40, 20, 3);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), 0);
}

static const char * const bad_lines[] = {
	"kunit_tune 40 20",
	"kunit_tune 40 20 3 junk",
	"kunit_tune 0 0 0",
	"kunit_tune 40 50 3",
	"kunit_tune 40 20 -1",
	"kunit_tune 40 20 5000",
	"kunit_tune 2000000 1 0",
	"kunit_tune abc 20 3",
	"kunit_tune 99999999999 20 3",
	"kunit_tune 4294967336 20 3",
	"kunit_tune 40 20 3 0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789",
	"no_such_cache 40 20 3",
	"",
	"kunit_tune 40 20 3 0123456789012345678901234567890123456789012345678901234567890123",
};

static void bad_line_desc(const char * const *line, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "\"%.40s\"", *line);
}

KUNIT_ARRAY_PARAM(bad_line, bad_lines, bad_line_desc);

/* A bad line is refused (the write fails) and changes nothing. */
static void myslabinfo_write_refused(struct kunit *test)
{
	const char * const *line = test->param_value;
	struct mymem_cache *s = mymem_test_cache_create(test, "kunit_tune", 200, 0, 0, NULL);
	unsigned int cpu_partial, batchcount;
	unsigned long min_partial;

	KUNIT_ASSERT_NOT_NULL(test, s);
	cpu_partial = s->cpu_partial;
	batchcount = s->batchcount;
	min_partial = s->min_partial;
	KUNIT_EXPECT_NE(test, mymem_test_sh(test, "echo '%s' > /proc/myslabinfo", *line), 0);
	KUNIT_EXPECT_EQ(test, s->cpu_partial, cpu_partial);
	KUNIT_EXPECT_EQ(test, s->batchcount, batchcount);
	KUNIT_EXPECT_EQ(test, s->min_partial, min_partial);
	expect_tunables(test, s, cpu_partial, batchcount, min_partial);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), 0);
}

static struct kunit_case mymem_module_cases[] = {
	KUNIT_CASE(myslabinfo_header),
	KUNIT_CASE(myslabinfo_short_reads),
	KUNIT_CASE(sysfs_root),
	KUNIT_CASE(myslabinfo_write),
	KUNIT_CASE_PARAM(myslabinfo_write_refused, bad_line_gen_params),
	{}
};

static struct kunit_suite mymem_module_suite = {
	.name = "mymem_module",
	.test_cases = mymem_module_cases,
};

kunit_test_suite(mymem_module_suite);

MODULE_DESCRIPTION("KUnit tests for mymem's module interfaces");
MODULE_LICENSE("GPL");
