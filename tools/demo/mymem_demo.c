// SPDX-License-Identifier: GPL-2.0
/*
 * mymem_demo: a small client of mymem, as a driver would be. On load it
 * creates a few caches, fills them, frees part of what it took, and uses
 * the kmalloc size classes; everything stays allocated until unload, so
 * that /proc/myslabinfo and /sys/kernel/mymem have something to show.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/list.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "mymem.h"

/* A stand-in for a kernel object with a constructed part. */
struct demo_task {
	struct list_head node;
	unsigned long magic;
	char comm[16];
	u8 payload[200];
};

#define DEMO_MAGIC	0x7461736bUL
#define NR_TASKS	1000
#define NR_BUFS		64

static struct mymem_cache *task_cache, *line_cache;
static struct demo_task *tasks[NR_TASKS];
static void *lines[NR_TASKS];
static void *bufs[NR_BUFS];
static unsigned int nr_ctor;

static void demo_task_ctor(void *p)
{
	struct demo_task *t = p;

	INIT_LIST_HEAD(&t->node);
	t->magic = DEMO_MAGIC;
	nr_ctor++;
}

static void demo_free_all(void)
{
	unsigned int i;

	for (i = 0; i < NR_TASKS; i++) {
		mymem_cache_free(task_cache, tasks[i]);
		mymem_cache_free(line_cache, lines[i]);
		tasks[i] = NULL;
		lines[i] = NULL;
	}
	for (i = 0; i < NR_BUFS; i++) {
		mymem_kfree(bufs[i]);
		bufs[i] = NULL;
	}
}

/* Destroy both caches: NULL, or what went wrong. */
static const char *demo_destroy(void)
{
	const char *why = NULL;

	if (task_cache && mymem_cache_destroy(task_cache))
		why = "demo_task cache still busy";
	if (line_cache && mymem_cache_destroy(line_cache))
		why = "demo_line cache still busy";
	return why;
}

static int __init demo_init(void)
{
	long pages0 = mymem_nr_pages();
	unsigned int i, bad = 0;

	task_cache = mymem_cache_create("demo_task", sizeof(struct demo_task), 0,
					SLAB_HWCACHE_ALIGN, demo_task_ctor);
	line_cache = mymem_cache_create("demo_line", 40, 0, 0, NULL);
	if (!task_cache || !line_cache)
		goto fail;

	for (i = 0; i < NR_TASKS; i++) {
		tasks[i] = mymem_cache_alloc(task_cache, GFP_KERNEL);
		lines[i] = mymem_cache_alloc(line_cache, GFP_KERNEL | __GFP_ZERO);
		if (!tasks[i] || !lines[i])
			goto fail;
		if (tasks[i]->magic != DEMO_MAGIC || !list_empty(&tasks[i]->node))
			bad++;
		snprintf(tasks[i]->comm, sizeof(tasks[i]->comm), "task-%u", i);
	}
	/* Free every second object: the slabs become partial. */
	for (i = 0; i < NR_TASKS; i += 2) {
		mymem_cache_free(task_cache, tasks[i]);
		tasks[i] = NULL;
		mymem_cache_free(line_cache, lines[i]);
		lines[i] = NULL;
	}
	pr_info("demo_task: object %u bytes, %u objects allocated, %u freed, ctor ran %u times, %u objects not constructed\n",
		mymem_cache_size(task_cache), NR_TASKS, NR_TASKS / 2, nr_ctor, bad);
	pr_info("demo_line: object %u bytes, %u objects allocated, %u freed\n",
		mymem_cache_size(line_cache), NR_TASKS, NR_TASKS / 2);
	/* The verdicts the rig reads: "RESULT ok|fail <name> [: why]". */
	if (bad)
		pr_err("RESULT fail demo-constructed : %u objects not constructed\n", bad);
	else
		pr_info("RESULT ok demo-constructed\n");

	/* One buffer of each size from 1 byte to 8 KiB by doubling, and more. */
	for (i = 0; i < NR_BUFS; i++) {
		size_t size = (i < 14) ? 1UL << i : 24 + 72 * i;

		bufs[i] = mymem_kmalloc(size, GFP_KERNEL);
		if (!bufs[i])
			goto fail;
		if (i < 14)
			pr_info("kmalloc(%5zu) -> ksize %5zu\n", size, mymem_ksize(bufs[i]));
	}
	pr_info("mymem holds %ld pages (%ld KiB) for this demo\n",
		mymem_nr_pages() - pages0, (mymem_nr_pages() - pages0) * (long)(PAGE_SIZE / 1024));
	return 0;

fail:
	pr_err("out of memory, or a cache could not be created\n");
	demo_free_all();
	demo_destroy();
	return -ENOMEM;
}

static void __exit demo_exit(void)
{
	const char *why;

	demo_free_all();
	why = demo_destroy();
	if (why) {
		pr_err("RESULT fail demo-unload : %s\n", why);
		return;
	}
	pr_info("all objects freed, caches destroyed\n");
	pr_info("RESULT ok demo-unload\n");
}

module_init(demo_init);
module_exit(demo_exit);

MODULE_DESCRIPTION("mymem demo client: a few caches and kmalloc size classes");
MODULE_LICENSE("GPL");
