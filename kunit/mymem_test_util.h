/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers the KUnit suites share: files read and written as a user
 * would (sysfs, debugfs, proc), and a shell for files that take neither
 * kernel_read() nor kernel_write() (those with no _iter methods); and
 * probes on the kernel's tracepoints, the console one above all: the
 * suites learn what mymem and the kernel printed from there (as
 * kfence_test does), never from hooks in mymem's code.
 * Each suite's module has its own copy.
 */
#ifndef _MYMEM_TEST_UTIL_H
#define _MYMEM_TEST_UTIL_H

#include <kunit/resource.h>
#include <kunit/test.h>
#include <linux/fs.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/tracepoint.h>
#include <linux/umh.h>

#include "internal.h"

/* Every slab of @s, on every node (white-box: the nodes' nr_slabs). */
static inline long mymem_test_slabs(struct mymem_cache *s)
{
	long nr = 0;
	int nid;

	for_each_node(nid)
		nr += atomic_long_read(&s->node[nid]->nr_slabs);
	return nr;
}

struct mymem_test_tp {
	const char *name;
	void *probe;
	void *data;
	bool attach;
	int ret;
};

static inline void mymem_test_tp_visit(struct tracepoint *tp, void *priv)
{
	struct mymem_test_tp *t = priv;

	if (strcmp(tp->name, t->name))
		return;
	if (t->attach)
		t->ret = tracepoint_probe_register(tp, t->probe, t->data);
	else
		tracepoint_probe_unregister(tp, t->probe, t->data);
}

/*
 * Attach @probe (the tracepoint's prototype, data first) to the kernel's
 * tracepoint @name, e.g. "console": 0, or an error (-ENOENT: none such).
 */
static inline int mymem_test_attach_data(const char *name, void *probe, void *data)
{
	struct mymem_test_tp t = { .name = name, .probe = probe, .data = data, .attach = true,
				   .ret = -ENOENT };

	for_each_kernel_tracepoint(mymem_test_tp_visit, &t);
	return t.ret;
}

static inline int mymem_test_attach(const char *name, void *probe)
{
	return mymem_test_attach_data(name, probe, NULL);
}

/* Detach @probe (with @data) from @name and wait until no CPU runs it. */
static inline void mymem_test_detach_data(const char *name, void *probe, void *data)
{
	struct mymem_test_tp t = { .name = name, .probe = probe, .data = data };

	for_each_kernel_tracepoint(mymem_test_tp_visit, &t);
	tracepoint_synchronize_unregister();
}

static inline void mymem_test_detach(const char *name, void *probe)
{
	mymem_test_detach_data(name, probe, NULL);
}

/*
 * mymem's reports as the console showed them: a suite attaches
 * mymem_test_probe_reports() to "console" with its own struct as the
 * probe's data (mymem_test_reports_start()), and each case counts from
 * mymem_test_reports_reset(). Reports taint the kernel: suites that make
 * them run in a boot of their own (MYMEM_RIG_OWN_BOOT).
 */
struct mymem_test_reports {
	spinlock_t lock;	/* the fields below: the probe runs on any CPU */
	int count;
	char last[64];		/* the last report's headline */
	char warn_saved[4];	/* warn_on_report before the suite */
};

#define MYMEM_TEST_WARN_PARAM	"/sys/module/mymem/parameters/warn_on_report"

/* Every console line: "mymem: BUG <cache> (<taint>): <headline>". */
static inline void mymem_test_probe_reports(void *data, const char *text, size_t len)
{
	const char *bug = strnstr(text, "mymem: BUG ", len), *head;
	struct mymem_test_reports *r = data;
	unsigned long flags;
	size_t n;

	if (!bug)
		return;
	head = strnstr(bug, "): ", len - (bug - text));
	if (!head)
		return;
	head += 3;
	n = min_t(size_t, len - (head - text), sizeof(r->last) - 1);
	spin_lock_irqsave(&r->lock, flags);
	r->count++;
	memcpy(r->last, head, n);
	r->last[n] = '\0';
	strreplace(r->last, '\n', '\0');
	spin_unlock_irqrestore(&r->lock, flags);
}

static inline ssize_t mymem_test_read(const char *path, char *buf, size_t len);
static inline int mymem_test_write(const char *path, const char *val);

/* For a suite's init: warn_on_report off, reports counted into @r. */
static inline int mymem_test_reports_start(struct mymem_test_reports *r)
{
	int err;

	spin_lock_init(&r->lock);
	if (mymem_test_read(MYMEM_TEST_WARN_PARAM, r->warn_saved, sizeof(r->warn_saved)) <= 0)
		return -ENOENT;
	err = mymem_test_write(MYMEM_TEST_WARN_PARAM, "0");
	if (err)
		return err;
	err = mymem_test_attach_data("console", mymem_test_probe_reports, r);
	if (err)
		mymem_test_write(MYMEM_TEST_WARN_PARAM, r->warn_saved);
	return err;
}

/* For the suite's exit. */
static inline void mymem_test_reports_stop(struct mymem_test_reports *r)
{
	mymem_test_detach_data("console", mymem_test_probe_reports, r);
	mymem_test_write(MYMEM_TEST_WARN_PARAM, r->warn_saved);
}

/* Count the reports from now on, for this case. */
static inline struct mymem_test_reports *mymem_test_reports_reset(struct mymem_test_reports *r)
{
	spin_lock_irq(&r->lock);
	r->count = 0;
	r->last[0] = '\0';
	spin_unlock_irq(&r->lock);
	return r;
}

/* One more report than @before was made, and its headline says @what. */
static inline void mymem_test_expect_report(struct kunit *test,
					    const struct mymem_test_reports *r,
					    int before, const char *what, int line)
{
	KUNIT_EXPECT_EQ_MSG(test, r->count, before + 1, "reports (line %d)", line);
	KUNIT_EXPECT_TRUE_MSG(test, strstr(r->last, what),
			      "last report: \"%s\", expected \"%s\" (line %d)",
			      r->last, what, line);
}

#define EXPECT_REPORT(test, r, before, what) \
	mymem_test_expect_report(test, r, before, what, __LINE__)

/*
 * Caches a test owns: whatever becomes of the test (a failed assertion
 * ends it early), the cache is destroyed when it ends, so that the failure
 * is the case's and not a cache left over in the boot's checks.
 */
static inline void mymem_test_cache_release(struct kunit_resource *res)
{
	struct mymem_cache *s = res->data;

	/* Objects left (mymem said how many): the case that left them is named. */
	if (s && mymem_cache_destroy(s))
		pr_err("mymem_test: cache '%s' left with objects in use at the end of its test\n",
		       s->name);
}

static inline bool mymem_test_cache_match(struct kunit *test, struct kunit_resource *res,
					  void *s)
{
	return res->free == mymem_test_cache_release && res->data == s;
}

/* mymem_cache_create_args(), the cache destroyed at the test's end. */
static inline struct mymem_cache *
mymem_test_cache_create_args(struct kunit *test, const char *name, unsigned int size,
			     const struct mymem_cache_args *args, slab_flags_t flags)
{
	struct mymem_cache *s = mymem_cache_create_args(name, size, args, flags);

	if (s && !kunit_alloc_resource(test, NULL, mymem_test_cache_release, GFP_KERNEL, s)) {
		mymem_cache_destroy(s);
		return NULL;
	}
	return s;
}

/* mymem_cache_create(), the cache destroyed at the test's end. */
static inline struct mymem_cache *mymem_test_cache_create(struct kunit *test, const char *name,
							  unsigned int size, unsigned int align,
							  slab_flags_t flags,
							  void (*ctor)(void *))
{
	struct mymem_cache_args args = { .align = align, .ctor = ctor };

	return mymem_test_cache_create_args(test, name, size, &args, flags);
}

/*
 * The same without sheaves (MYMEM_NO_SHEAVES): for the suites and cases
 * that test the CPU slab and the slabs' freelists themselves, their paths
 * and counters; the sheaves in front are mymem_sheaf's.
 */
static inline struct mymem_cache *
mymem_test_cache_slab_layer(struct kunit *test, const char *name, unsigned int size,
			    unsigned int align, slab_flags_t flags, void (*ctor)(void *))
{
	struct mymem_cache_args args = {
		.align = align, .ctor = ctor, .sheaf_capacity = MYMEM_NO_SHEAVES,
	};

	return mymem_test_cache_create_args(test, name, size, &args, flags);
}

/* mymem_cache_destroy() of a cache of mymem_test_cache_create(): its result. */
static inline int mymem_test_cache_destroy(struct kunit *test, struct mymem_cache *s)
{
	struct kunit_resource *res = kunit_find_resource(test, mymem_test_cache_match, s);
	int ret = mymem_cache_destroy(s);

	if (res) {
		/* Gone: nothing left for the test's end (-EBUSY: still there). */
		if (!ret)
			res->data = NULL;
		kunit_put_resource(res);
	}
	return ret;
}

/*
 * Objects a test holds: an array of @nr pointers, NULL at first; the
 * objects still in it when the test ends (a failed assertion ends it
 * early) go back to their cache, before the cache itself is destroyed
 * (resources go in the reverse order of their making).
 */
struct mymem_test_objs {
	struct mymem_cache *s;
	size_t nr;
	void *p[];
};

static inline void mymem_test_objs_release(struct kunit_resource *res)
{
	struct mymem_test_objs *o = res->data;
	size_t i;

	for (i = 0; i < o->nr; i++)
		if (o->p[i])
			mymem_cache_free(o->s, o->p[i]);
	kfree(o);
}

static inline void **mymem_test_objs(struct kunit *test, struct mymem_cache *s, size_t nr)
{
	struct mymem_test_objs *o = kzalloc(struct_size(o, p, nr), GFP_KERNEL);

	if (!o)
		return NULL;
	o->s = s;
	o->nr = nr;
	if (!kunit_alloc_resource(test, NULL, mymem_test_objs_release, GFP_KERNEL, o)) {
		kfree(o);
		return NULL;
	}
	return o->p;
}

/* Write @len bytes of @buf to @path in one write(); bytes taken or the error. */
static inline ssize_t mymem_test_write_bytes(const char *path, const void *buf, size_t len)
{
	struct file *f = path ? mymem_filp_open(path, O_WRONLY, 0) : ERR_PTR(-ENOMEM);
	loff_t pos = 0;
	ssize_t n;

	if (IS_ERR(f))
		return PTR_ERR(f);
	n = kernel_write(f, buf, len, &pos);
	filp_close(f, NULL);
	return n;
}

/* Write @val to @path in one write(); 0 or the error. */
static inline int mymem_test_write(const char *path, const char *val)
{
	ssize_t n = mymem_test_write_bytes(path, val, strlen(val));

	return n < 0 ? n : 0;
}

/* Read up to @len - 1 bytes of @path into @buf, NUL-terminated. */
static inline ssize_t mymem_test_read(const char *path, char *buf, size_t len)
{
	struct file *f = path ? mymem_filp_open(path, O_RDONLY, 0) : ERR_PTR(-ENOMEM);
	loff_t pos = 0;
	ssize_t n;

	if (IS_ERR(f))
		return PTR_ERR(f);
	n = kernel_read(f, buf, len - 1, &pos);
	filp_close(f, NULL);
	buf[n < 0 ? 0 : n] = '\0';
	return n;
}

/* The path of a file of @s's sysfs directory (freed with the test). */
static inline char *mymem_test_cache_file(struct kunit *test, struct mymem_cache *s,
					  const char *file)
{
	char *path = kunit_kmalloc(test, PATH_MAX, GFP_KERNEL);

	if (path)
		snprintf(path, PATH_MAX, "/sys/kernel/mymem/%s/%s", s->name, file);
	return path;
}

/* The same, asserted: the test stops if it cannot be had. */
static inline char *file_of(struct kunit *test, struct mymem_cache *s, const char *file)
{
	char *path = mymem_test_cache_file(test, s, file);

	KUNIT_ASSERT_NOT_NULL(test, path);
	return path;
}

/*
 * Run a command with the rig's busybox sh; its exit status (0: success),
 * or a negative error when it could not run.
 */
static inline __printf(2, 3) int mymem_test_sh(struct kunit *test, const char *fmt, ...)
{
	char *cmd = kunit_kzalloc(test, 256, GFP_KERNEL);
	char **argv = kunit_kcalloc(test, 5, sizeof(*argv), GFP_KERNEL);
	char **envp = kunit_kcalloc(test, 2, sizeof(*envp), GFP_KERNEL);
	va_list args;

	if (!cmd || !argv || !envp)
		return -ENOMEM;
	argv[0] = "/bin/busybox";
	argv[1] = "sh";
	argv[2] = "-c";
	argv[3] = cmd;
	envp[0] = "PATH=/bin";
	va_start(args, fmt);
	vsnprintf(cmd, 256, fmt, args);
	va_end(args);
	return call_usermodehelper(argv[0], argv, envp, UMH_WAIT_PROC);
}

#endif /* _MYMEM_TEST_UTIL_H */
