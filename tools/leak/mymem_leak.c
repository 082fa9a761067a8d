// SPDX-License-Identifier: GPL-2.0
/*
 * The rig's unload-with-leftovers check (MODE=leak in guest-init.sh).
 *
 * phase=leak: a careless client. It makes a cache with owner tracking,
 * fills one slab and part of a second, takes a large kmalloc, and goes
 * away without freeing or destroying anything. It prints where the full
 * slab and the large allocation are.
 *
 * phase=check pfn=.. large=..: run after mymem was unloaded and loaded
 * again. The pages the leak left must not be taken for mymem's (their marks
 * cleared at unload), and a new cache of the same name and size must
 * validate with no problem.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mm.h>
#include <linux/module.h>

#include "internal.h"

static char *phase = "leak";
module_param(phase, charp, 0444);
static unsigned long pfn, large;
module_param(pfn, ulong, 0444);
module_param(large, ulong, 0444);

#define SIZE	256

static int leak(void)
{
	struct mymem_cache *s = mymem_cache_create("leaky", SIZE, 0, SLAB_STORE_USER, NULL);
	void *first, *o, *big;
	unsigned int i, per;

	if (!s)
		return -ENOMEM;
	first = mymem_cache_alloc(s, GFP_KERNEL);
	if (!first)
		return -ENOMEM;
	per = slab_state(virt_to_head_page(first)).objects;
	for (i = 1; i < per + per / 2; i++) {
		o = mymem_cache_alloc(s, GFP_KERNEL);
		if (!o)
			return -ENOMEM;
	}
	big = mymem_kmalloc(64 * 1024, GFP_KERNEL);
	if (!big)
		return -ENOMEM;
	pr_info("leaked %u objects, full slab pfn=%lu large pfn=%lu\n", per + per / 2,
		page_to_pfn(virt_to_head_page(first)), page_to_pfn(virt_to_head_page(big)));
	return 0;
}

static int check(void)
{
	struct page *slab = pfn_to_page(pfn), *big = pfn_to_page(large);
	struct mymem_cache *s;
	int bad = 0, problems, i;
	void *o[8];

	if (slab_state(slab).magic || mymem_page_owner(slab)) {
		pr_err("the leaked slab at pfn %lu still carries mymem's marks\n", pfn);
		bad++;
	}
	if (mymem_obj_slab(page_address(slab))) {
		pr_err("a pointer into the leaked slab is taken for a mymem object\n");
		bad++;
	}
	if (mymem_read_page_state(big)) {
		pr_err("the leaked large kmalloc at pfn %lu still carries mymem's mark\n", large);
		bad++;
	}
	s = mymem_cache_create("leaky", SIZE, 0, SLAB_STORE_USER, NULL);
	if (!s)
		return -ENOMEM;
	for (i = 0; i < ARRAY_SIZE(o); i++)
		o[i] = mymem_cache_alloc(s, GFP_KERNEL);
	problems = mymem_cache_validate(s);
	if (problems) {
		pr_err("the new cache validates with %d problems\n", problems);
		bad++;
	}
	for (i = 0; i < ARRAY_SIZE(o); i++)
		mymem_cache_free(s, o[i]);
	if (mymem_cache_destroy(s)) {
		pr_err("the new cache could not be destroyed\n");
		bad++;
	}
	if (bad)
		pr_err("RESULT fail leak-reload-clean : %d problems\n", bad);
	else
		pr_info("RESULT ok leak-reload-clean\n");
	return bad ? -EINVAL : 0;
}

static int __init mymem_leak_init(void)
{
	if (!strcmp(phase, "leak"))
		return leak();
	if (!strcmp(phase, "check") && pfn && large && pfn_valid(pfn) && pfn_valid(large))
		return check();
	pr_err("phase=leak, or phase=check with the pfn= and large= phase=leak printed\n");
	return -EINVAL;
}

static void __exit mymem_leak_exit(void)
{
}

module_init(mymem_leak_init);
module_exit(mymem_leak_exit);

MODULE_DESCRIPTION("mymem rig: a client that leaks, and the check after a reload");
MODULE_LICENSE("GPL");
