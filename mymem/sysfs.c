// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/mymem: one directory per cache (SLUB's ABI) under a root
 * kobject. A client of the core.
 */
#include <linux/kobject.h>

#include "internal.h"

struct kobject *mymem_kobj;

int mymem_sysfs_init(void)
{
	mymem_kobj = kobject_create_and_add("mymem", kernel_kobj);
	return mymem_kobj ? 0 : -ENOMEM;
}

void mymem_sysfs_exit(void)
{
	kobject_put(mymem_kobj);
	mymem_kobj = NULL;
}
