// SPDX-License-Identifier: GPL-2.0
/*
 * Calls kvrealloc(), which make redirect does not serve: built with
 * make redirect, this must fail at compile time, naming the call.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/mm.h>

static void *keep;

static int __init unserved_init(void)
{
	keep = kvmalloc(64, GFP_KERNEL);
	keep = kvrealloc(keep, 128, GFP_KERNEL);
	return keep ? 0 : -ENOMEM;
}
module_init(unserved_init);

static void __exit unserved_exit(void)
{
	kvfree(keep);
}
module_exit(unserved_exit);

MODULE_DESCRIPTION("make redirect's refusal of a call it cannot serve");
MODULE_LICENSE("GPL");
