// SPDX-License-Identifier: GPL-2.0
/*
 * mymem: module entry and exit. The design is described at the head of
 * alloc.c.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ctype.h>
#include <linux/module.h>
#include <linux/init.h>
#include <linux/rcupdate.h>

#include "internal.h"

/**
 * mymem_nr_pages() - pages mymem holds from the page allocator
 *
 * Counts the pages of every slab (including those waiting for an RCU grace
 * period) and of every large kmalloc.
 *
 * Context: any context.
 * Return: the number of pages.
 */
long mymem_nr_pages(void)
{
	return atomic_long_read(&mymem_pages);
}
EXPORT_SYMBOL_GPL(mymem_nr_pages);

/**
 * mymem_parse_bool() - a yes or no written to one of mymem's files
 * @buf: what was written
 * @v: set to the value
 *
 * Takes 0, 1, y, n, yes, no, on and off, in any case, with one trailing
 * newline; unlike kstrtobool(), which looks at the first characters only
 * ("1 2" and "yellow" are yes to it), anything else is refused.
 *
 * Context: any context.
 * Return: 0, or -EINVAL with *@v unchanged.
 */
int mymem_parse_bool(const char *buf, bool *v)
{
	static const char *const yes[] = { "1", "y", "yes", "on" };
	static const char *const no[] = { "0", "n", "no", "off" };
	size_t len = strnlen(buf, 5), i;
	char word[5];

	if (len && buf[len - 1] == '\n')
		len--;
	if (!len || len > 3)
		return -EINVAL;
	for (i = 0; i < len; i++)
		word[i] = tolower(buf[i]);
	word[len] = '\0';
	for (i = 0; i < ARRAY_SIZE(yes); i++) {
		if (!strcmp(word, yes[i]) || !strcmp(word, no[i])) {
			*v = !strcmp(word, yes[i]);
			return 0;
		}
	}
	return -EINVAL;
}

static int freelist_random_set(const char *val, const struct kernel_param *kp)
{
	bool on;

	if (mymem_parse_bool(val, &on)) {
		pr_warn("freelist_random: not a yes/no value; unchanged\n");
		return -EINVAL;
	}
	WRITE_ONCE(*(bool *)kp->arg, on);
	return 0;
}

static const struct kernel_param_ops freelist_random_ops = {
	.set = freelist_random_set,
	.get = param_get_bool,
};

static int __init mymem_init(void)
{
	int err;

	err = mymem_sysfs_init();
	if (err)
		return err;
	mymem_debugfs_init();
	err = mymem_flush_init();
	if (err)
		goto out_sysfs;
	err = mymem_rcu_init();
	if (err)
		goto out_flush;
	err = mymem_shrink_init();
	if (err)
		goto out_redirect;
	err = mymem_kmalloc_init();
	if (err)
		goto out_shrink;
	err = mymem_proc_init();
	if (err)
		goto out_kmalloc;
	pr_info("mymem %s loaded\n", MYMEM_VERSION);
	return 0;

out_kmalloc:
	mymem_kmalloc_exit();
	mymem_destroy_all();
out_shrink:
	mymem_shrink_exit();
out_redirect:
	mymem_rcu_exit();
out_flush:
	mymem_flush_exit();
out_sysfs:
	mymem_debugfs_exit();
	mymem_sysfs_exit();
	return err;
}

static void __exit mymem_exit(void)
{
	/* Objects given to kfree_rcu() (rcu.c): mymem frees them. */
	mymem_rcu_exit();
	mymem_proc_exit();
	mymem_kmalloc_exit();
	mymem_destroy_all();
	mymem_shrink_exit();
	mymem_flush_exit();
	mymem_debugfs_exit();
	mymem_sysfs_exit();
	/* Slabs of SLAB_TYPESAFE_BY_RCU caches go back in RCU callbacks. */
	rcu_barrier();
	if (mymem_nr_pages())
		pr_warn("%ld pages not given back at unload\n", mymem_nr_pages());
	pr_info("mymem unloaded\n");
}

module_param_cb(freelist_random, &freelist_random_ops, &mymem_freelist_random, 0644);
MODULE_PARM_DESC(freelist_random,
		 "Shuffle the freelists of new slabs of caches created from now on (default: on)");

module_init(mymem_init);
module_exit(mymem_exit);

MODULE_DESCRIPTION("mymem: a SLUB-style slab allocator with better diagnostics");
MODULE_LICENSE("GPL");
MODULE_VERSION(MYMEM_VERSION);
