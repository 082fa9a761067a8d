// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/myslabinfo: the caches in the kernel's "slabinfo - version: 2.1"
 * format, so that procps' slabtop and other slabinfo readers parse it.
 * A client of the core: it reads the registry under mymem_mutex.
 *
 * Writable as SLAB's /proc/slabinfo was: "<cache> <limit> <batchcount>
 * <shared>" tunes a cache. The mapping onto mymem's tunables:
 *   limit       cpu_partial: the objects a CPU keeps on its partial
 *               slabs besides its active slab (SLAB: the per-CPU array);
 *               1 to MYMEM_MAX_CPU_PARTIAL.
 *   batchcount  recorded and shown, as SLAB checks it (1 to limit); it
 *               changes nothing, as mymem moves whole slabs, not batches.
 *   shared      min_partial: the empty slabs a node keeps (SLAB: the
 *               node's shared array); 0 to MYMEM_MAX_SHARED.
 * The tunables columns show the same three. A line that does not parse, a
 * value out of range or an unknown cache is refused with -EINVAL and
 * changes nothing.
 */
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "internal.h"

#define MYMEM_PROC_NAME "myslabinfo"

static void *myslabinfo_start(struct seq_file *m, loff_t *pos)
{
	mutex_lock(&mymem_mutex);
	/* Position 0 is the list head itself: the header line. */
	return seq_list_start_head(&mymem_caches, *pos);
}

static void *myslabinfo_next(struct seq_file *m, void *p, loff_t *pos)
{
	return seq_list_next(p, &mymem_caches, pos);
}

static void myslabinfo_stop(struct seq_file *m, void *p)
{
	mutex_unlock(&mymem_mutex);
}

static int myslabinfo_show(struct seq_file *m, void *p)
{
	struct mymem_slabinfo info;

	if (p == &mymem_caches) {
		seq_puts(m, "slabinfo - version: 2.1\n");
		seq_puts(m, "# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab>");
		seq_puts(m, " : tunables <limit> <batchcount> <sharedfactor>");
		seq_puts(m, " : slabdata <active_slabs> <num_slabs> <sharedavail>\n");
		return 0;
	}
	mymem_get_slabinfo(list_entry(p, struct mymem_cache, list), &info);
	seq_printf(m, "%-17s %6lu %6lu %6u %4u %4d : tunables %4u %4u %4u : slabdata %6lu %6lu %6u\n",
		   info.name, info.active_objs, info.num_objs, info.objsize,
		   info.objs_per_slab, 1 << info.order, info.limit, info.batchcount,
		   (unsigned int)info.shared,
		   info.num_slabs, info.num_slabs, (unsigned int)info.sheaf_objs);
	return 0;
}

static const struct seq_operations myslabinfo_sops = {
	.start = myslabinfo_start,
	.next = myslabinfo_next,
	.stop = myslabinfo_stop,
	.show = myslabinfo_show,
};

/* One line of SLAB's slabinfo write syntax, at most this long. */
#define MYMEM_PROC_WRITE_MAX	(MYMEM_NAME_MAX + 40)

/*
 * Split "<cache> <limit> <batchcount> <shared>" (blanks around and between
 * the fields) and read the numbers with kstrtoint(), which refuses
 * overflow; false if the line is anything else.
 */
static bool parse_tune(char *line, char **name, int *v)
{
	char *p = strim(line), *tok[4];
	int i;

	for (i = 0; i < 4; i++) {
		p = p ? skip_spaces(p) : NULL;
		if (!p || !*p)
			return false;
		tok[i] = strsep(&p, " \t");
	}
	if (p && *skip_spaces(p))
		return false;
	for (i = 0; i < 3; i++)
		if (kstrtoint(tok[i + 1], 10, &v[i]))
			return false;
	*name = tok[0];
	return true;
}

static ssize_t myslabinfo_write(struct file *file, const char __user *ubuf, size_t count,
				loff_t *ppos)
{
	char buf[MYMEM_PROC_WRITE_MAX + 1], *name;
	struct mymem_cache *s;
	int v[3];		/* limit, batchcount, shared */
	int err = 0;

	if (count > MYMEM_PROC_WRITE_MAX) {
		pr_warn(MYMEM_PROC_NAME ": a line of %zu bytes is too long\n", count);
		return -EINVAL;
	}
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';
	if (!parse_tune(buf, &name, v)) {
		pr_warn(MYMEM_PROC_NAME ": expected \"<cache> <limit> <batchcount> <shared>\"\n");
		return -EINVAL;
	}
	if (v[0] < 1 || v[0] > MYMEM_MAX_CPU_PARTIAL || v[1] < 1 || v[1] > v[0] ||
	    v[2] < 0 || v[2] > MYMEM_MAX_SHARED) {
		pr_warn(MYMEM_PROC_NAME ": cache '%s': needs 1 <= batchcount <= limit <= %lu, shared <= %d\n",
			name, MYMEM_MAX_CPU_PARTIAL, MYMEM_MAX_SHARED);
		return -EINVAL;
	}
	mymem_lock_for_flush();
	s = mymem_find_cache(name);
	if (s) {
		struct mymem_tunables t = {
			.cpu_partial = v[0], .batchcount = v[1], .min_partial = v[2],
			.remote_node_defrag_ratio = MYMEM_KEEP, .freelist_random = MYMEM_KEEP,
			.sheaf_capacity = MYMEM_KEEP,
		};

		err = __mymem_commit_tunables(s, &t);
	}
	mymem_unlock_for_flush();
	if (!s) {
		pr_warn(MYMEM_PROC_NAME ": no cache '%s'\n", name);
		return -EINVAL;
	}
	return err ? err : count;
}

static int myslabinfo_open(struct inode *inode, struct file *file)
{
	return seq_open(file, &myslabinfo_sops);
}

static const struct proc_ops myslabinfo_ops = {
	.proc_open = myslabinfo_open,
	.proc_read_iter = seq_read_iter,
	.proc_lseek = seq_lseek,
	.proc_release = seq_release,
	.proc_write = myslabinfo_write,
};

int mymem_proc_init(void)
{
	/* Readable by all, as /proc/slabinfo's figures are; tuned by root. */
	if (!proc_create(MYMEM_PROC_NAME, 0644, NULL, &myslabinfo_ops))
		return -ENOMEM;
	return 0;
}

void mymem_proc_exit(void)
{
	remove_proc_entry(MYMEM_PROC_NAME, NULL);
}
