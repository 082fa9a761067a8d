// SPDX-License-Identifier: GPL-2.0
/*
 * mymem_client: the smallest useful client of mymem, built the way a
 * driver outside this tree builds: against the header and Module.symvers
 * that "make install" (or a distribution package) puts under
 * /usr/src/mymem-<version>/, not against mymem's sources. See the Makefile
 * next to it and Documentation/mymem.rst, "Writing a client module".
 *
 * On load it keeps a cache of "connections" with a constructor, takes and
 * gives back objects, uses the kmalloc-like API, and checks what it got;
 * it prints the verdict "RESULT ok client" when all is well and refuses to
 * load if not; at unload, "RESULT ok client-unload" if the cache went.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/spinlock.h>
#include <linux/string.h>

#include <mymem.h>

struct conn {
	spinlock_t lock;		/* constructed once, kept while free */
	u32 id;
	u8 buf[120];
};

static struct mymem_cache *conn_cache;

static void conn_ctor(void *p)
{
	struct conn *c = p;

	spin_lock_init(&c->lock);
	c->id = 0;
}

static int __init client_init(void)
{
	struct conn *c[32];
	char *msg;
	int i;

	conn_cache = mymem_cache_create("client_conn", sizeof(struct conn), 0,
					SLAB_HWCACHE_ALIGN, conn_ctor);
	if (!conn_cache)
		return -ENOMEM;
	for (i = 0; i < ARRAY_SIZE(c); i++) {
		c[i] = mymem_cache_alloc(conn_cache, GFP_KERNEL);
		if (!c[i])
			goto fail;
		if (c[i]->id) {		/* the constructor ran, the state was kept */
			pr_err("object %d not constructed\n", i);
			mymem_cache_free(conn_cache, c[i]);
			goto fail;
		}
		c[i]->id = i + 1;
	}
	while (i--) {
		c[i]->id = 0;		/* back to the constructed state */
		mymem_cache_free(conn_cache, c[i]);
	}

	msg = mymem_kmalloc(64, GFP_KERNEL);
	if (!msg)
		goto fail_cache;
	strscpy(msg, "hello from mymem", 64);
	pr_info("%s (%zu bytes usable)\n", msg, mymem_ksize(msg));
	mymem_kfree(msg);
	pr_info("RESULT ok client\n");
	return 0;

fail:
	while (i--)
		mymem_cache_free(conn_cache, c[i]);
fail_cache:
	mymem_cache_destroy(conn_cache);
	pr_err("RESULT fail client : out of memory or objects not constructed\n");
	return -ENOMEM;
}

static void __exit client_exit(void)
{
	/* 0: every object was given back, the cache is gone. */
	if (mymem_cache_destroy(conn_cache))
		pr_err("RESULT fail client-unload : objects still allocated at unload\n");
	else
		pr_info("RESULT ok client-unload\n");
}

module_init(client_init);
module_exit(client_exit);
MODULE_DESCRIPTION("mymem example client, built against the installed SDK");
MODULE_LICENSE("GPL");
