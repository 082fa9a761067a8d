// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/mymem: the fault injection knobs (fault.c), globally
 * and per cache:
 *   fail_next      fail the next N slab page allocations (read: how many
 *                  are still to fail)
 *   fail_percent   then fail this share of them, 0 to 100
 *   fail_injected  failures injected so far (read only)
 * and per cache the map of its slabs, which myslabinfo --map draws:
 *   slabs          one line per slab, node by node in page frame order:
 *                  "<node> <state> <inuse> <objects>", state one of cpu
 *                  (frozen by a CPU: its free objects are the CPU's and
 *                  count as in use), full, partial, empty, isolated
 * A client of the core.
 */
#include <linux/debugfs.h>
#include <linux/seq_file.h>

#include "internal.h"

static struct dentry *mymem_debugfs_root;

static int percent_get(void *data, u64 *val)
{
	*val = READ_ONCE(((struct mymem_fault *)data)->percent);
	return 0;
}

static int percent_set(void *data, u64 val)
{
	if (val > 100)
		return -EINVAL;
	WRITE_ONCE(((struct mymem_fault *)data)->percent, val);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(percent_fops, percent_get, percent_set, "%llu\n");

static int injected_get(void *data, u64 *val)
{
	*val = atomic_long_read(&((struct mymem_fault *)data)->injected);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(injected_fops, injected_get, NULL, "%llu\n");

static void add_fault_files(struct dentry *dir, struct mymem_fault *f)
{
	debugfs_create_atomic_t("fail_next", 0600, dir, &f->next);
	debugfs_create_file_unsafe("fail_percent", 0600, dir, f, &percent_fops);
	debugfs_create_file_unsafe("fail_injected", 0400, dir, f, &injected_fops);
}

static int show_slab(struct mymem_cache *s, struct page *slab, union mymem_slab_state c,
		     void *arg)
{
	seq_printf(arg, "%d %s %u %u\n", page_to_nid(slab), mymem_slab_state_name(c),
		   mymem_slab_inuse(c), mymem_slab_objects(c));
	return 0;
}

static int slabs_show(struct seq_file *m, void *unused)
{
	struct mymem_cache *s = m->private;
	int nid;

	seq_puts(m, "# node state inuse objects\n");
	for_each_online_node(nid)
		mymem_visit_slabs(s, nid, show_slab, m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(slabs);

/**
 * mymem_debugfs_add() - a cache's directory under /sys/kernel/debug/mymem
 * @s: the cache
 *
 * Context: process context.
 */
void mymem_debugfs_add(struct mymem_cache *s)
{
	if (!mymem_debugfs_root)
		return;
	s->debugfs = debugfs_create_dir(s->name, mymem_debugfs_root);
	add_fault_files(s->debugfs, &s->fault);
	debugfs_create_file("slabs", 0400, s->debugfs, s, &slabs_fops);
}

/**
 * mymem_debugfs_remove() - remove a cache's debugfs directory
 * @s: the cache
 *
 * Context: process context.
 */
void mymem_debugfs_remove(struct mymem_cache *s)
{
	debugfs_remove(s->debugfs);
	s->debugfs = NULL;
}

int mymem_debugfs_init(void)
{
	mymem_debugfs_root = debugfs_create_dir("mymem", NULL);
	add_fault_files(mymem_debugfs_root, &mymem_fault_global);
	return 0;
}

void mymem_debugfs_exit(void)
{
	debugfs_remove(mymem_debugfs_root);
	mymem_debugfs_root = NULL;
}
