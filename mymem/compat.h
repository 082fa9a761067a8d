/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernel lines mymem supports (6.1, 6.12, 7.x).
 *
 * Every difference is decided here and only here, by probing for the
 * feature itself, never by kernel version: a macro the feature defines,
 * or, where it defines none, a fact of the kernel's headers that
 * compat.mk finds at build time (the HAVE_* it passes are read only here).
 * The rest of mymem uses the HAVE_* macros and helpers below.
 */
#ifndef _MYMEM_COMPAT_H
#define _MYMEM_COMPAT_H

#include <linux/atomic.h>
#include <linux/bits.h>
#include <linux/fs.h>
#include <linux/fs_struct.h>
#include <linux/hrtimer.h>
#include <linux/kasan.h>
#include <linux/math.h>
#include <linux/mm_types.h>
#include <linux/mmzone.h>
#include <linux/namei.h>
#include <linux/page-flags.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/shrinker.h>
#include <linux/types.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>

/*
 * PREEMPT_RT is not supported: the slow paths hold a CPU's structure with
 * interrupts off and take n->list_lock (a sleeping lock on RT) under it.
 * See Documentation/mymem.rst, Limits.
 */
#ifdef CONFIG_PREEMPT_RT
#error "mymem does not support PREEMPT_RT: its slow paths take spinlocks with interrupts off"
#endif

/*
 * Export namespace of the symbols mymem shares with its own tests and
 * tools: since 6.13 EXPORT_SYMBOL_NS_GPL() and MODULE_IMPORT_NS() take the
 * namespace as a string literal, before they stringify a bare word
 * (compat.mk: HAVE_NS_STRING).
 */
#ifdef HAVE_NS_STRING
#define MYMEM_NS	"MYMEM_INTERNAL"
#else
#define MYMEM_NS	MYMEM_INTERNAL
#endif

/*
 * struct page. Mainline is moving the fields of struct page into memory
 * descriptors of each page's user, so mymem touches the head page of its
 * slabs and large allocations only through these helpers, three words:
 *  - the state word (mymem_page_state()), swapped with cmpxchg: ->index,
 *    renamed ->__folio_index on its way out (compat.mk: HAVE_PAGE_FOLIO_INDEX);
 *  - the owner (mymem_page_owner()), the cache of a slab: ->private;
 *  - the list link (mymem_page_list()), in a node's list or a CPU's
 *    partial chain; when the slab is on no list, its storage holds the
 *    rcu_head of a deferred free (mymem_page_rcu(), the same union).
 * Documentation/mymem.rst ("struct page") says what is expected to change.
 */
#ifdef HAVE_PAGE_FOLIO_INDEX
#define MYMEM_PAGE_STATE	__folio_index
#else
#define MYMEM_PAGE_STATE	index
#endif

static __always_inline unsigned long *mymem_page_state(struct page *page)
{
	return &page->MYMEM_PAGE_STATE;
}

static __always_inline unsigned long mymem_read_page_state(const struct page *page)
{
	return READ_ONCE(page->MYMEM_PAGE_STATE);
}

static __always_inline void mymem_set_page_state(struct page *page, unsigned long word)
{
	WRITE_ONCE(*mymem_page_state(page), word);
}

static __always_inline unsigned long mymem_page_owner(const struct page *page)
{
	return READ_ONCE(page->private);
}

static __always_inline void mymem_set_page_owner(struct page *page, unsigned long owner)
{
	WRITE_ONCE(page->private, owner);
}

static __always_inline struct list_head *mymem_page_list(struct page *page)
{
	return &page->lru;
}

/* Walk the pages linked on @head through their list link. */
#define mymem_for_each_page(page, head)	list_for_each_entry(page, head, lru)
#define mymem_for_each_page_safe(page, next, head) \
	list_for_each_entry_safe(page, next, head, lru)

/* A CPU's partial chain: the next slab, in the list link's first word. */
static __always_inline struct page *mymem_page_next(struct page *page)
{
	return (struct page *)page->lru.next;
}

static __always_inline void mymem_set_page_next(struct page *page, struct page *next)
{
	page->lru.next = (struct list_head *)next;
}

static __always_inline struct rcu_head *mymem_page_rcu(struct page *page)
{
	return &page->rcu_head;
}

static __always_inline struct page *mymem_rcu_page(struct rcu_head *h)
{
	return container_of(h, struct page, rcu_head);
}

/*
 * SLUB's flags that a kernel line lacks are 0 there: SLAB_MEM_SPREAD went
 * in 6.9, SLAB_NO_MERGE came in 6.5 (internal.h, MYMEM_SLUB_FLAGS).
 */
#ifndef SLAB_MEM_SPREAD
#define SLAB_MEM_SPREAD		((slab_flags_t __force)0U)
#endif
#ifndef SLAB_NO_MERGE
#define SLAB_NO_MERGE		((slab_flags_t __force)0U)
#endif

/*
 * Whether @page (a head page) is a slab of the kernel's own allocator:
 * a page flag before 6.10, a page type since.
 */
static __always_inline bool mymem_page_kernel_slab(struct page *page)
{
	return folio_test_slab(page_folio(page));
}

/*
 * kvfree_call_rcu(), which the kernel's kfree_rcu() expands to: its second
 * argument is the object since 6.3 (compat.mk: HAVE_KVFREE_CALL_RCU_PTR);
 * before, the rcu_head's offset in the object, or the object itself when
 * there is no rcu_head. mymem_rcu_object() gives the object either way.
 * Its head is a struct kvfree_rcu_head since 7.0, one word with
 * CONFIG_KVFREE_RCU_BATCHED (compat.mk: HAVE_KVFREE_RCU_HEAD).
 */
#ifdef HAVE_KVFREE_RCU_HEAD
#define MYMEM_RCU_HEAD_PTR	struct kvfree_rcu_head *
#else
#define MYMEM_RCU_HEAD_PTR	struct rcu_head *
#endif

#ifdef HAVE_KVFREE_CALL_RCU_PTR
#define MYMEM_RCU_ARG		void *

static inline void *mymem_rcu_object(MYMEM_RCU_HEAD_PTR head, void *arg)
{
	return arg;
}
#else
#define MYMEM_RCU_ARG		rcu_callback_t

static inline void *mymem_rcu_object(MYMEM_RCU_HEAD_PTR head, rcu_callback_t arg)
{
	return head ? (void *)head - (unsigned long)arg : (void *)arg;
}
#endif

/*
 * vmalloc memory freed from any context: 7.x's kvfree_atomic() (compat.mk:
 * HAVE_KVFREE_ATOMIC; vfree_atomic() is not exported). Before 7.0 no module
 * calls kvfree_atomic(), the only way here: vfree() (which defers from
 * interrupts).
 */
static inline void mymem_vfree_atomic(const void *p)
{
#ifdef HAVE_KVFREE_ATOMIC
	kvfree_atomic(p);
#else
	vfree(p);
#endif
}

/*
 * A hrtimer with its callback: hrtimer_setup() since 6.13 (compat.mk:
 * HAVE_HRTIMER_SETUP), hrtimer_init() and the field before. The tests use it.
 */
static inline void mymem_hrtimer_setup(struct hrtimer *t,
				       enum hrtimer_restart (*fn)(struct hrtimer *),
				       clockid_t clock, enum hrtimer_mode mode)
{
#ifdef HAVE_HRTIMER_SETUP
	hrtimer_setup(t, fn, clock, mode);
#else
	hrtimer_init(t, clock, mode);
	t->function = fn;
#endif
}

/*
 * A workqueue of per-CPU workers: the 7.x kernels' alloc_workqueue() wants
 * WQ_PERCPU or WQ_UNBOUND said (compat.mk: HAVE_WQ_PERCPU, an enum
 * value) and warns without either; before, per-CPU was the default.
 */
#ifdef HAVE_WQ_PERCPU
#define MYMEM_WQ_PERCPU		WQ_PERCPU
#else
#define MYMEM_WQ_PERCPU		0
#endif

/*
 * Paths of user space (/sys, /proc) looked up from a kthread, as KUnit's
 * cases run in. Since 7.0 kthreads start in an empty root of their own
 * (nullfs) and look such paths up in user space's through
 * __override_init_fs() (compat.mk: HAVE_OVERRIDE_INIT_FS); before, they
 * shared init's root. The tests use them.
 */
static inline struct fs_struct *mymem_user_fs_enter(void)
{
#ifdef HAVE_OVERRIDE_INIT_FS
	return __override_init_fs();
#else
	return NULL;
#endif
}

static inline void mymem_user_fs_leave(struct fs_struct *old)
{
#ifdef HAVE_OVERRIDE_INIT_FS
	__revert_init_fs(old);
#endif
}

static inline struct file *mymem_filp_open(const char *path, int flags, umode_t mode)
{
	struct fs_struct *old = mymem_user_fs_enter();
	struct file *f = filp_open(path, flags, mode);

	mymem_user_fs_leave(old);
	return f;
}

static inline int mymem_kern_path(const char *name, unsigned int flags, struct path *path)
{
	struct fs_struct *old = mymem_user_fs_enter();
	int err = kern_path(name, flags, path);

	mymem_user_fs_leave(old);
	return err;
}

/*
 * The largest order the page allocator hands out. 6.1 has MAX_ORDER, one
 * past it; later kernels have MAX_PAGE_ORDER, the order itself.
 */
#ifdef MAX_PAGE_ORDER
#define MYMEM_MAX_PAGE_ORDER	MAX_PAGE_ORDER
#else
#define MYMEM_MAX_PAGE_ORDER	(MAX_ORDER - 1)
#endif

/*
 * Double-word compare-and-exchange on this CPU's data: try_cmpxchg128_local()
 * where the kernel has the 128-bit API, cmpxchg_double_local() before it.
 * (this_cpu_cmpxchg_double() and this_cpu_try_cmpxchg128() cannot be used:
 * their fallback, this_cpu_cmpxchg16b_emu, is not exported to modules.)
 */
#ifdef system_has_cmpxchg128
#define HAVE_CMPXCHG128 1
#endif
/* On x86 the test is patched into the code at boot, free on the fast path. */
#ifdef CONFIG_X86_64
#include <asm/cpufeature.h>
#define mymem_has_cmpxchg_pair()	cpu_feature_enabled(X86_FEATURE_CX16)
#elif defined(HAVE_CMPXCHG128)
#define mymem_has_cmpxchg_pair()	system_has_cmpxchg128()
#else
#define mymem_has_cmpxchg_pair()	system_has_cmpxchg_double()
#endif

/* Two adjacent words, the first 2 * sizeof(long) aligned. */
struct mymem_pair {
	void *ptr;
	unsigned long val;
} __aligned(2 * sizeof(long));

/*
 * mymem_cmpxchg_pair_local() - replace *@p by {@n1, @n2} if it is {@o1, @o2}
 *
 * Atomic against interrupts on this CPU, not against other CPUs: @p must be
 * this CPU's and preemption disabled.
 */
static __always_inline bool mymem_cmpxchg_pair_local(struct mymem_pair *p,
						     void *o1, unsigned long o2,
						     void *n1, unsigned long n2)
{
#ifdef HAVE_CMPXCHG128
	union {
		u128 full;
		struct mymem_pair pair;
	} old = { .pair = { o1, o2 } }, new = { .pair = { n1, n2 } };

	return try_cmpxchg128_local((u128 *)p, &old.full, new.full);
#else
	return cmpxchg_double_local(&p->ptr, &p->val, o1, o2, n1, n2);
#endif
}

/*
 * Shrinkers: 6.7 replaced register_shrinker() on a caller's struct by
 * shrinker_alloc() + shrinker_register(); SHRINKER_ALLOCATED came with it.
 */
#ifdef SHRINKER_ALLOCATED
#define HAVE_SHRINKER_ALLOC 1
#endif

typedef unsigned long (*mymem_shrink_fn)(struct shrinker *sh, struct shrink_control *sc);

static inline struct shrinker *mymem_shrinker_create(const char *name,
						     mymem_shrink_fn count,
						     mymem_shrink_fn scan)
{
#ifdef HAVE_SHRINKER_ALLOC
	struct shrinker *sh = shrinker_alloc(0, "%s", name);

	if (!sh)
		return NULL;
	sh->count_objects = count;
	sh->scan_objects = scan;
	sh->seeks = DEFAULT_SEEKS;
	shrinker_register(sh);
	return sh;
#else
	static struct shrinker sh;

	sh.count_objects = count;
	sh.scan_objects = scan;
	sh.seeks = DEFAULT_SEEKS;
	return register_shrinker(&sh, "%s", name) ? NULL : &sh;
#endif
}

static inline void mymem_shrinker_destroy(struct shrinker *sh)
{
	if (!sh)
		return;
#ifdef HAVE_SHRINKER_ALLOC
	shrinker_free(sh);
#else
	unregister_shrinker(sh);
#endif
}

/*
 * KASAN's shadow for mymem's objects. Generic KASAN exports kasan_poison()
 * (6.1: EXPORT_SYMBOL, later _GPL) but declares it only in mm/kasan's
 * private header: declared here, where the shadow granule (the arch's
 * KASAN_SHADOW_SCALE_SHIFT) says generic KASAN is there. Its shadow byte
 * for a granule is 0 (all accessible), 1-7 (that many leading bytes), or a
 * poison value; the values are mm/kasan's, as its reports name them.
 */
#if defined(CONFIG_KASAN_GENERIC) && defined(KASAN_SHADOW_SCALE_SHIFT)
#define HAVE_KASAN_POISON 1
void kasan_poison(const void *addr, size_t size, u8 value, bool init);
#define MYMEM_KASAN_GRANULE	BIT(KASAN_SHADOW_SCALE_SHIFT)
#define mymem_kasan_enabled()	true
#define MYMEM_KASAN_REDZONE	0xFC	/* KASAN_SLAB_REDZONE: "slab-out-of-bounds" */
#define MYMEM_KASAN_FREE	0xFB	/* KASAN_SLAB_FREE: "use-after-free" */

/* Poison [@p, @p + @size) rounded up to granules; @p granule-aligned. */
static inline void mymem_kasan_poison(const void *p, size_t size, u8 value)
{
	kasan_poison(p, round_up(size, MYMEM_KASAN_GRANULE), value, false);
}

/* Make exactly @size bytes at @p accessible, the rest of the last granule not. */
static inline void mymem_kasan_unpoison(const void *p, size_t size)
{
	size_t whole = round_down(size, MYMEM_KASAN_GRANULE);

	kasan_poison(p, whole, 0, false);
	if (size != whole)
		kasan_poison(p + whole, MYMEM_KASAN_GRANULE, size - whole, false);
}
#else
#define mymem_kasan_enabled()	false
#define MYMEM_KASAN_REDZONE	0
#define MYMEM_KASAN_FREE	0
static inline void mymem_kasan_poison(const void *p, size_t size, u8 value) { }
static inline void mymem_kasan_unpoison(const void *p, size_t size) { }
#endif

#endif /* _MYMEM_COMPAT_H */
