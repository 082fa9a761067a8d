// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/myslabinfo: the caches in the kernel's "slabinfo - version: 2.1"
 * format, so that procps' slabtop and other slabinfo readers parse it.
 * A client of the core: it reads the registry under mymem_mutex.
 */
#include <linux/proc_fs.h>
#include <linux/seq_file.h>

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
	struct mymem_info info;

	if (p == &mymem_caches) {
		seq_puts(m, "slabinfo - version: 2.1\n");
		seq_puts(m, "# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab>");
		seq_puts(m, " : tunables <limit> <batchcount> <sharedfactor>");
		seq_puts(m, " : slabdata <active_slabs> <num_slabs> <sharedavail>\n");
		return 0;
	}
	mymem_get_info(list_entry(p, struct mymem_cache, list), &info);
	seq_printf(m, "%-17s %6lu %6lu %6u %4u %4d : tunables %4u %4u %4u : slabdata %6lu %6lu %6u\n",
		   info.name, info.active_objs, info.num_objs, info.objsize,
		   info.objs_per_slab, 1 << info.order, 0, 0, 0,
		   info.num_slabs, info.num_slabs, 0);
	return 0;
}

static const struct seq_operations myslabinfo_sops = {
	.start = myslabinfo_start,
	.next = myslabinfo_next,
	.stop = myslabinfo_stop,
	.show = myslabinfo_show,
};

int mymem_proc_init(void)
{
	if (!proc_create_seq(MYMEM_PROC_NAME, 0444, NULL, &myslabinfo_sops))
		return -ENOMEM;
	return 0;
}

void mymem_proc_exit(void)
{
	remove_proc_entry(MYMEM_PROC_NAME, NULL);
}
