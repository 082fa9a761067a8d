// SPDX-License-Identifier: GPL-2.0
/*
 * mymem's side of make redirect (mymem_redirect.h): the calls of the
 * kernel's slab API that are more than a line, for modules built
 * unchanged onto mymem. Memory keeps its owner: what the kernel gave out
 * goes back to the kernel (mymem_owns()).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mempool.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#include "internal.h"
#define MYMEM_REDIRECT_AFTER_HEADERS
#include "mymem_redirect.h"

/* The kernel's calls: mymem_redirect.h took their names (after its own use). */
#undef kfree
#undef kfree_const
#undef kvfree
#undef kvfree_call_rcu
#undef mempool_alloc_slab
#undef mempool_free_slab

/* kfree() as the redirect means it: to whoever gave the memory out. */
static void free_to_owner(const void *p)
{
	if (mymem_owns(p))
		mymem_kfree(p);
	else
		kfree(p);
}

/**
 * mymem_redirect_destroy() - kmem_cache_destroy() of a redirected module
 * @s: the cache
 *
 * With objects still allocated, reports it as SLUB does, with the caller,
 * and keeps the cache (it leaks, as on SLUB); mymem reports it again at
 * unload with where its objects were allocated, when owner tracking is on.
 *
 * Context: process context; may sleep.
 */
void mymem_redirect_destroy(struct mymem_cache *s)
{
	long live;

	if (!mymem_cache_destroy(s))
		return;
	mutex_lock(&mymem_mutex);
	live = mymem_cache_live(s);
	mutex_unlock(&mymem_mutex);
	pr_err("kmem_cache_destroy %s: Slab cache still has objects when called from %pS (%ld objects; the cache is kept)\n",
	       s->name, (void *)_RET_IP_, live);
}
EXPORT_SYMBOL_GPL(mymem_redirect_destroy);

/**
 * mymem_kvmalloc_node() - kvmalloc_node() on mymem
 * @size: bytes wanted
 * @gfp: allocation flags
 * @node: the node, or NUMA_NO_NODE
 *
 * mymem_kmalloc_node() first; above a page, without retrying hard and
 * without a warning, and then, where @gfp may sleep, vmalloc.
 *
 * Context: any context if @gfp does not allow sleeping (then no vmalloc).
 * Return: the memory (free it with mymem_kvfree()), or NULL.
 */
void *mymem_kvmalloc_node(size_t size, gfp_t gfp, int node)
{
	gfp_t kgfp = gfp;
	void *p;

	if (size > PAGE_SIZE) {
		kgfp |= __GFP_NOWARN;
		if (!(kgfp & __GFP_RETRY_MAYFAIL))
			kgfp |= __GFP_NORETRY;
		kgfp &= ~__GFP_NOFAIL;
	}
	p = mymem_kmalloc_caller(size, kgfp, node, _RET_IP_);
	if (p || size <= PAGE_SIZE || !gfpflags_allow_blocking(gfp))
		return p;
	if (size > INT_MAX) {
		if (!(gfp & __GFP_NOWARN))
			pr_warn("kvmalloc: size %zu is too large\n", size);
		return NULL;
	}
	return __vmalloc(size, gfp);
}
EXPORT_SYMBOL_GPL(mymem_kvmalloc_node);

/**
 * mymem_kvfree() - kvfree() for the redirect
 * @p: memory from vmalloc, mymem or the kernel's kmalloc; NULL is ignored
 *
 * Context: any context for slab memory; vmalloc memory as vfree() allows.
 */
void mymem_kvfree(const void *p)
{
	if (is_vmalloc_addr(p))
		vfree(p);
	else
		free_to_owner(p);
}
EXPORT_SYMBOL_GPL(mymem_kvfree);

/**
 * mymem_kvfree_sensitive() - kvfree_sensitive() for the redirect
 * @p: as for mymem_kvfree()
 * @len: bytes to clear first
 *
 * Context: as mymem_kvfree().
 */
void mymem_kvfree_sensitive(const void *p, size_t len)
{
	if (likely(!ZERO_OR_NULL_PTR(p))) {
		memzero_explicit((void *)p, len);
		mymem_kvfree(p);
	}
}
EXPORT_SYMBOL_GPL(mymem_kvfree_sensitive);

/**
 * mymem_kmemdup() - kmemdup() on mymem
 * @src: what to copy
 * @len: its length
 * @gfp: allocation flags
 *
 * Context: any context if @gfp does not allow sleeping.
 * Return: the copy, or NULL.
 */
void *mymem_kmemdup(const void *src, size_t len, gfp_t gfp)
{
	void *p = mymem_kmalloc_caller(len, gfp, NUMA_NO_NODE, _RET_IP_);

	if (p)
		memcpy(p, src, len);
	return p;
}
EXPORT_SYMBOL_GPL(mymem_kmemdup);

/**
 * mymem_kfree_link() - kfree_link() for the redirect
 * @p: a symlink body from mymem or the kernel's kmalloc
 *
 * Context: any context.
 */
void mymem_kfree_link(void *p)
{
	free_to_owner(p);
}
EXPORT_SYMBOL_GPL(mymem_kfree_link);

/**
 * mymem_kvfree_atomic() - kvfree_atomic() (7.x) for the redirect
 * @p: memory from vmalloc, mymem or the kernel's kmalloc; NULL is ignored
 *
 * Context: any context.
 */
void mymem_kvfree_atomic(const void *p)
{
	if (is_vmalloc_addr(p))
		mymem_vfree_atomic(p);
	else
		free_to_owner(p);
}
EXPORT_SYMBOL_GPL(mymem_kvfree_atomic);

static char *dup_nul(const char *s, size_t len, gfp_t gfp, unsigned long caller)
{
	char *p = mymem_kmalloc_caller(len + 1, gfp, NUMA_NO_NODE, caller);

	if (p) {
		memcpy(p, s, len);
		p[len] = '\0';
	}
	return p;
}

/**
 * mymem_kmemdup_nul() - kmemdup_nul() on mymem
 * @s: the bytes, or NULL
 * @len: how many
 * @gfp: allocation flags
 *
 * Context: any context if @gfp does not allow sleeping.
 * Return: the @len bytes and a NUL, or NULL.
 */
char *mymem_kmemdup_nul(const char *s, size_t len, gfp_t gfp)
{
	return s ? dup_nul(s, len, gfp, _RET_IP_) : NULL;
}
EXPORT_SYMBOL_GPL(mymem_kmemdup_nul);

/**
 * mymem_kstrdup() - kstrdup() on mymem
 * @s: the string, or NULL
 * @gfp: allocation flags
 *
 * Context: any context if @gfp does not allow sleeping.
 * Return: the copy, or NULL.
 */
char *mymem_kstrdup(const char *s, gfp_t gfp)
{
	return s ? dup_nul(s, strlen(s), gfp, _RET_IP_) : NULL;
}
EXPORT_SYMBOL_GPL(mymem_kstrdup);

/**
 * mymem_kstrndup() - kstrndup() on mymem
 * @s: the string, or NULL
 * @max: at most this many characters are copied
 * @gfp: allocation flags
 *
 * Context: any context if @gfp does not allow sleeping.
 * Return: the copy, or NULL.
 */
char *mymem_kstrndup(const char *s, size_t max, gfp_t gfp)
{
	return s ? dup_nul(s, strnlen(s, max), gfp, _RET_IP_) : NULL;
}
EXPORT_SYMBOL_GPL(mymem_kstrndup);

/**
 * mymem_kstrdup_const() - kstrdup_const() on mymem
 * @s: the string, or NULL
 * @gfp: allocation flags
 *
 * The kernel's read-only data cannot be told from a module: always a copy,
 * which kstrdup_const() is allowed to return.
 *
 * Context: any context if @gfp does not allow sleeping.
 * Return: the copy (free it with mymem_kfree_const()), or NULL.
 */
const char *mymem_kstrdup_const(const char *s, gfp_t gfp)
{
	return s ? dup_nul(s, strlen(s), gfp, _RET_IP_) : NULL;
}
EXPORT_SYMBOL_GPL(mymem_kstrdup_const);

/**
 * mymem_kfree_const() - kfree_const() for the redirect
 * @p: from mymem_kstrdup_const() or the kernel's kstrdup_const()
 *
 * Context: any context.
 */
void mymem_kfree_const(const void *p)
{
	if (mymem_owns(p))
		mymem_kfree(p);
	else
		kfree_const(p);
}
EXPORT_SYMBOL_GPL(mymem_kfree_const);

static __printf(2, 0) char *vasprintf_caller(gfp_t gfp, const char *fmt, va_list ap,
					      unsigned long caller)
{
	unsigned int len;
	va_list aq;
	char *p;

	va_copy(aq, ap);
	len = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	p = mymem_kmalloc_caller(len + 1, gfp, NUMA_NO_NODE, caller);
	if (p)
		vsnprintf(p, len + 1, fmt, ap);
	return p;
}

/**
 * mymem_kvasprintf() - kvasprintf() on mymem
 * @gfp: allocation flags
 * @fmt: the format
 * @ap: its arguments
 *
 * Context: any context if @gfp does not allow sleeping.
 * Return: the formatted string, or NULL.
 */
char *mymem_kvasprintf(gfp_t gfp, const char *fmt, va_list ap)
{
	return vasprintf_caller(gfp, fmt, ap, _RET_IP_);
}
EXPORT_SYMBOL_GPL(mymem_kvasprintf);

/**
 * mymem_kasprintf() - kasprintf() on mymem
 * @gfp: allocation flags
 * @fmt: the format, followed by its arguments
 *
 * Context: any context if @gfp does not allow sleeping.
 * Return: the formatted string, or NULL.
 */
char *mymem_kasprintf(gfp_t gfp, const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = vasprintf_caller(gfp, fmt, ap, _RET_IP_);
	va_end(ap);
	return p;
}
EXPORT_SYMBOL_GPL(mymem_kasprintf);

static void *memdup_user_caller(const void __user *src, size_t len, size_t extra,
				unsigned long caller)
{
	char *p = mymem_kmalloc_caller(len + extra, GFP_USER | __GFP_NOWARN, NUMA_NO_NODE,
				       caller);

	if (!p)
		return ERR_PTR(-ENOMEM);
	if (copy_from_user(p, src, len)) {
		mymem_kfree(p);
		return ERR_PTR(-EFAULT);
	}
	if (extra)
		p[len] = '\0';
	return p;
}

/**
 * mymem_memdup_user() - memdup_user() on mymem
 * @src: user space address
 * @len: bytes to copy
 *
 * Context: process context; may sleep.
 * Return: the copy, or ERR_PTR(-ENOMEM) or ERR_PTR(-EFAULT).
 */
void *mymem_memdup_user(const void __user *src, size_t len)
{
	return memdup_user_caller(src, len, 0, _RET_IP_);
}
EXPORT_SYMBOL_GPL(mymem_memdup_user);

/**
 * mymem_memdup_user_nul() - memdup_user_nul() on mymem
 * @src: user space address
 * @len: bytes to copy; a NUL is added
 *
 * Context: process context; may sleep.
 * Return: the copy, or ERR_PTR(-ENOMEM) or ERR_PTR(-EFAULT).
 */
void *mymem_memdup_user_nul(const void __user *src, size_t len)
{
	return memdup_user_caller(src, len, 1, _RET_IP_);
}
EXPORT_SYMBOL_GPL(mymem_memdup_user_nul);

/**
 * mymem_vmemdup_user() - vmemdup_user() on mymem (vmalloc for large copies)
 * @src: user space address
 * @len: bytes to copy
 *
 * Context: process context; may sleep.
 * Return: the copy (free it with mymem_kvfree()), or ERR_PTR(-ENOMEM) or
 * ERR_PTR(-EFAULT).
 */
void *mymem_vmemdup_user(const void __user *src, size_t len)
{
	void *p = mymem_kvmalloc_node(len, GFP_USER, NUMA_NO_NODE);

	if (!p)
		return ERR_PTR(-ENOMEM);
	if (copy_from_user(p, src, len)) {
		mymem_kvfree(p);
		return ERR_PTR(-EFAULT);
	}
	return p;
}
EXPORT_SYMBOL_GPL(mymem_vmemdup_user);

/**
 * mymem_redirect_unserved_cache() - a call the redirect serves only on mymem's caches
 * @h: the kernel's cache it was given
 * @call: the kernel's name of the call
 *
 * Prefilled sheaves (6.18's kmem_cache_prefill_sheaf() family) are served
 * for the module's own caches, which are mymem's; the kernel's caches' are
 * not (kmem_cache_sheaf_size() could not tell whose a sheaf is). Reported;
 * the call does nothing and fails as when no memory could be had.
 *
 * Context: any context.
 */
void mymem_redirect_unserved_cache(struct kmem_cache *h, const char *call)
{
	pr_warn("%s() on the kernel's cache %p (from %pS): make redirect serves prefilled sheaves of mymem's caches only\n",
		call, h, __builtin_return_address(0));
}
EXPORT_SYMBOL_GPL(mymem_redirect_unserved_cache);

/**
 * mymem_kvfree_call_rcu() - kvfree_call_rcu() for the redirect
 * @head: the rcu_head (7.x: struct kvfree_rcu_head) inside the object, or
 *	  NULL (then may sleep)
 * @arg: the object (compat.h: before 6.3, the rcu_head's offset in it)
 *
 * What the kernel's kfree_rcu(), kvfree_rcu() and kfree_rcu_mightsleep()
 * call. mymem's objects go to __mymem_kfree_rcu() (rcu.c: the CPU's rcu_free
 * sheaf, else a batch chained through the head's first word); other memory
 * goes to the kernel's kvfree_call_rcu(). A cache with objects waiting is
 * destroyed only after they are freed (mymem_cache_destroy()), as SLUB's
 * kmem_cache_destroy() waits.
 *
 * Context: any context with @head; process context without.
 */
void mymem_kvfree_call_rcu(MYMEM_RCU_HEAD_PTR head, MYMEM_RCU_ARG arg)
{
	void *obj = mymem_rcu_object(head, arg);

	if (mymem_owns(obj))
		__mymem_kfree_rcu(obj, head);
	else
		kvfree_call_rcu(head, arg);
}
EXPORT_SYMBOL_GPL(mymem_kvfree_call_rcu);

/**
 * mymem_mempool_alloc_slab() - mempool_alloc_slab() for the redirect
 * @gfp: allocation flags
 * @pool_data: the cache: a mymem handle or one of the kernel's caches
 *
 * Context: as the mempool's allocation.
 * Return: an object, or NULL.
 */
void *mymem_mempool_alloc_slab(gfp_t gfp, void *pool_data)
{
	struct kmem_cache *h = pool_data;

	if (mymem_is_handle(h))
		return mymem_cache_alloc(mymem_handle_cache(h), gfp);
	return mempool_alloc_slab(gfp, pool_data);
}
EXPORT_SYMBOL_GPL(mymem_mempool_alloc_slab);

/**
 * mymem_mempool_free_slab() - mempool_free_slab() for the redirect
 * @element: the object
 * @pool_data: its cache, as for mymem_mempool_alloc_slab()
 *
 * Context: any context.
 */
void mymem_mempool_free_slab(void *element, void *pool_data)
{
	struct kmem_cache *h = pool_data;

	if (mymem_is_handle(h))
		mymem_cache_free(mymem_handle_cache(h), element);
	else
		mempool_free_slab(element, pool_data);
}
EXPORT_SYMBOL_GPL(mymem_mempool_free_slab);

/**
 * mymem_mempool_kmalloc() - mempool_kmalloc() on mymem
 * @gfp: allocation flags
 * @pool_data: the size of the pool's elements
 *
 * Context: as the mempool's allocation.
 * Return: an element, or NULL.
 */
void *mymem_mempool_kmalloc(gfp_t gfp, void *pool_data)
{
	return mymem_kmalloc_caller((size_t)pool_data, gfp, NUMA_NO_NODE, _RET_IP_);
}
EXPORT_SYMBOL_GPL(mymem_mempool_kmalloc);

/**
 * mymem_mempool_kfree() - mempool_kfree() for the redirect
 * @element: the element
 * @pool_data: the size of the pool's elements
 *
 * Context: any context.
 */
void mymem_mempool_kfree(void *element, void *pool_data)
{
	free_to_owner(element);
}
EXPORT_SYMBOL_GPL(mymem_mempool_kfree);
