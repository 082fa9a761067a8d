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
	bool attach;
	int ret;
};

static inline void mymem_test_tp_visit(struct tracepoint *tp, void *priv)
{
	struct mymem_test_tp *t = priv;

	if (strcmp(tp->name, t->name))
		return;
	if (t->attach)
		t->ret = tracepoint_probe_register(tp, t->probe, NULL);
	else
		tracepoint_probe_unregister(tp, t->probe, NULL);
}

/*
 * Attach @probe (the tracepoint's prototype, data first) to the kernel's
 * tracepoint @name, e.g. "console": 0, or an error (-ENOENT: none such).
 */
static inline int mymem_test_attach(const char *name, void *probe)
{
	struct mymem_test_tp t = { .name = name, .probe = probe, .attach = true,
				   .ret = -ENOENT };

	for_each_kernel_tracepoint(mymem_test_tp_visit, &t);
	return t.ret;
}

/* Detach @probe from @name and wait until no CPU runs it. */
static inline void mymem_test_detach(const char *name, void *probe)
{
	struct mymem_test_tp t = { .name = name, .probe = probe };

	for_each_kernel_tracepoint(mymem_test_tp_visit, &t);
	tracepoint_synchronize_unregister();
}

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

/* mymem_cache_create(), the cache destroyed at the test's end. */
static inline struct mymem_cache *mymem_test_cache_create(struct kunit *test, const char *name,
							  unsigned int size, unsigned int align,
							  slab_flags_t flags,
							  void (*ctor)(void *))
{
	struct mymem_cache *s = mymem_cache_create(name, size, align, flags, ctor);

	if (s && !kunit_alloc_resource(test, NULL, mymem_test_cache_release, GFP_KERNEL, s)) {
		mymem_cache_destroy(s);
		return NULL;
	}
	return s;
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
