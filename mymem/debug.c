// SPDX-License-Identifier: GPL-2.0
/*
 * mymem debugging: debug caches and debug slabs.
 *
 * A cache is a debug cache while any of its debug flags is set (slub_debug's
 * letters: F consistency checks, Z red zones, P poison, U owner tracking,
 * T trace), given at creation, by the debug= parameter, or written to its
 * sysfs directory at run time. A slab made while its cache was a debug
 * cache is a debug slab for its whole life (union mymem_slab_state.debug)
 * and keeps the layout it was made with (.layout: red zones, poison,
 * tracks), so that switching a cache's debugging never reinterprets memory
 * laid out otherwise.
 *
 * Debug slabs are never frozen and never a CPU's slab: every allocation
 * from them and every free to them takes n->list_lock, is checked against
 * the slab's layout and recorded. Allocation in a debug cache bypasses the
 * lockless fast path and takes objects from debug slabs only; allocation
 * in a plain cache takes plain slabs only, so debug slabs left over after
 * debugging was switched off drain as their objects are freed.
 *
 * Checks on every debug slab: the pointer is an object start of the slab,
 * the object is not free already, the next free pointer is an object of
 * the slab; with red zones, both red zones hold 0xcc (allocated) or 0xbb
 * (free) and the padding 0x5a; with poison, a free object holds 0x6b with
 * 0xa5 as its last byte. What fails is reported (report.c) and contained:
 * a free that is not a valid object is refused and nothing changes; an
 * object whose red zones or padding were overwritten is not freed, and its
 * slab, like one whose free objects or freelist were damaged, is isolated:
 * moved to the node's isolated list, never allocated from again, its pages
 * given back only when the cache is destroyed.
 *
 * mymem_debug_key is enabled when the first cache becomes a debug cache
 * and stays enabled; until then the fast paths pay nothing for all this.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitmap.h>
#include <linux/jiffies.h>
#include <linux/kmemleak.h>
#include <linux/module.h>
#include <linux/poison.h>
#include <linux/mmzone.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/stackdepot.h>
#include <linux/stacktrace.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include "internal.h"
#include "alloc.h"

DEFINE_STATIC_KEY_FALSE(mymem_debug_key);

/*
 * Byte values, SLUB's (linux/poison.h): red zones of a free object 0xbb,
 * of an allocated one 0xcc; a free object 0x6b, its last byte 0xa5;
 * padding 0x5a.
 */
#define RED_FREE	SLUB_RED_INACTIVE
#define RED_USED	SLUB_RED_ACTIVE
#define POISON_PAD	POISON_INUSE

#define TRACK_DEPTH	16

/* --- layouts --- */

/* The layout index that debug flags @flags ask for. */
static unsigned int layout_of(slab_flags_t flags)
{
	unsigned int idx = 0;

	if (flags & SLAB_RED_ZONE)
		idx |= MYMEM_LAYOUT_RED_ZONE;
	if (flags & SLAB_POISON)
		idx |= MYMEM_LAYOUT_POISON;
	if (flags & SLAB_STORE_USER)
		idx |= MYMEM_LAYOUT_TRACK;
	return idx;
}

/**
 * mymem_new_slab_layout() - the layout a slab made now gets
 * @s: the cache
 * @debug: set to whether the slab is a debug slab
 *
 * Context: any context.
 * Return: the layout index, from the cache's current debug flags.
 */
unsigned int mymem_new_slab_layout(struct mymem_cache *s, bool *debug)
{
	slab_flags_t flags = READ_ONCE(s->flags);

	*debug = flags & MYMEM_DEBUG_FLAGS;
	return layout_of(flags);
}

static struct mymem_track *get_track(const struct mymem_layout *l, void *obj,
				     enum mymem_track_item item)
{
	return (struct mymem_track *)(obj + l->track) + item;
}

/* Red zones of @obj set to @val. */
static void set_red_zones(struct mymem_cache *s, const struct mymem_layout *l, void *obj,
			  u8 val)
{
	memset(obj - l->red_left_pad, val, l->red_left_pad);
	memset(obj + s->object_size, val, l->inuse - s->object_size);
}

static void poison_object(struct mymem_cache *s, void *obj)
{
	memset(obj, POISON_FREE, s->object_size - 1);
	*(u8 *)(obj + s->object_size - 1) = POISON_END;
}

/**
 * mymem_init_debug_object() - prepare the debug areas of a new free object
 * @s: the cache
 * @l: the slab's layout
 * @obj: the object
 *
 * Context: any context.
 */
void mymem_init_debug_object(struct mymem_cache *s, const struct mymem_layout *l, void *obj)
{
	if (l->red_zone) {
		set_red_zones(s, l, obj, RED_FREE);
		memset(obj + l->pad, POISON_PAD, l->size - l->red_left_pad - l->pad);
	}
	if (l->poison)
		poison_object(s, obj);
	if (l->store_user)
		memset(obj + l->track, 0, 2 * sizeof(struct mymem_track));
}

/* The slab's space after its last object. */
static void slab_tail(const struct mymem_layout *l, struct page *slab, unsigned int objects,
		      u8 **start, unsigned int *len)
{
	*start = page_address(slab) + (size_t)objects * l->size;
	*len = (PAGE_SIZE << compound_order(slab)) - (size_t)objects * l->size;
}

/**
 * mymem_init_debug_slab() - fill a new debug slab's tail with padding
 * @s: the cache
 * @slab: the slab, its state word set
 *
 * Context: any context.
 */
void mymem_init_debug_slab(struct mymem_cache *s, struct page *slab)
{
	union mymem_slab_state c = slab_state(slab);
	const struct mymem_layout *l = slab_layout(s, c);
	unsigned int len;
	u8 *tail;

	if (!l->red_zone && !l->poison)
		return;
	slab_tail(l, slab, c.objects, &tail, &len);
	memset(tail, POISON_PAD, len);
}

/* --- owner tracking --- */

static void prepare_track(struct mymem_cache *s, struct mymem_track *t, unsigned long addr)
{
	t->addr = addr;
	t->cpu = raw_smp_processor_id();
	t->pid = current->pid;
	t->when = jiffies;
	t->handle = 0;
#if defined(CONFIG_STACKDEPOT) && defined(CONFIG_STACKTRACE)
	if (READ_ONCE(s->flags) & SLAB_STORE_USER) {
		unsigned long entries[TRACK_DEPTH];
		unsigned int nr = stack_trace_save(entries, ARRAY_SIZE(entries), 2);

		t->handle = stack_depot_save(entries, nr, GFP_NOWAIT | __GFP_NOWARN);
	}
#endif
}

/* --- checks --- */

/* Whether @p is the start of one of the slab's objects. */
static bool valid_pointer(const struct mymem_layout *l, struct page *slab,
			  union mymem_slab_state c, const void *p)
{
	void *base = page_address(slab);
	unsigned long off;

	if (p < base + l->red_left_pad)
		return false;
	off = p - base - l->red_left_pad;
	return off < (unsigned long)c.objects * l->size &&
	       off == (unsigned long)layout_index(l, slab, p) * l->size;
}

/*
 * Whether @len bytes at @start hold @val; if not, report the overwrite of
 * @what in @obj, and restore the bytes when @fix.
 */
static bool check_bytes(struct mymem_cache *s, struct page *slab, void *obj,
			const char *what, u8 *start, u8 val, unsigned int len, bool fix)
{
	u8 *fault = memchr_inv(start, val, len), *end = start + len;

	if (!fault)
		return true;
	while (end > fault && end[-1] == val)
		end--;
	mymem_report_begin(s, "%s", what);
	pr_err("0x%p-0x%p @offset=%tu. First byte 0x%x instead of 0x%x\n",
	       fault, end - 1, fault - (u8 *)page_address(slab), *fault, val);
	mymem_report_object(s, slab, obj);
	if (fix)
		memset(fault, val, end - fault);
	mymem_report_end(s, fix ? "Restoring the bytes" : NULL);
	return false;
}

/*
 * Check the debug areas of @obj, allocated (@active) or free; returns the
 * number of problems, each reported.
 */
static int check_object(struct mymem_cache *s, const struct mymem_layout *l,
			struct page *slab, void *obj, bool active, bool fix)
{
	u8 red = active ? RED_USED : RED_FREE;
	int bad = 0;

	if (l->red_zone) {
		bad += !check_bytes(s, slab, obj, active ? "Left Redzone overwritten" :
				    "Left Redzone of a free object overwritten",
				    obj - l->red_left_pad, red, l->red_left_pad, fix);
		bad += !check_bytes(s, slab, obj, active ? "Right Redzone overwritten" :
				    "Right Redzone of a free object overwritten",
				    obj + s->object_size, red, l->inuse - s->object_size, fix);
		bad += !check_bytes(s, slab, obj, "Object padding overwritten", obj + l->pad,
				    POISON_PAD, l->size - l->red_left_pad - l->pad, fix);
	}
	if (l->poison && !active) {
		bad += !check_bytes(s, slab, obj, "Poison overwritten", obj, POISON_FREE,
				    s->object_size - 1, fix);
		bad += !check_bytes(s, slab, obj, "Poison overwritten",
				    obj + s->object_size - 1, POISON_END, 1, fix);
	}
	return bad;
}

/*
 * Whether @obj is on the slab's freelist: 1 yes, 0 no, -1 the freelist is
 * broken (reported).
 */
static int on_freelist(struct mymem_cache *s, const struct mymem_layout *l,
		       struct page *slab, union mymem_slab_state c, void *obj)
{
	unsigned int n = 0;
	void *p;

	for (p = layout_first_free(l, slab, c); p;
	     p = get_freepointer_at(s, p, l->offset)) {
		if (p == obj)
			return 1;
		if (++n > c.objects - c.inuse) {
			mymem_report(s, slab, NULL, "Isolating the slab",
				     "Freelist longer than its %u free objects",
				     c.objects - c.inuse);
			return -1;
		}
		if (!valid_pointer(l, slab, c, get_freepointer_at(s, p, l->offset)) &&
		    get_freepointer_at(s, p, l->offset)) {
			mymem_report(s, slab, p, "Isolating the slab", "Freechain corrupt");
			return -1;
		}
	}
	return 0;
}

static void trace_op(struct mymem_cache *s, const char *what, void *obj,
		     union mymem_slab_state c, unsigned long addr)
{
	if (READ_ONCE(s->flags) & SLAB_TRACE)
		pr_info("TRACE %s %s 0x%p inuse=%u caller=%pS\n", s->name, what, obj,
			(unsigned int)c.inuse, (void *)addr);
}

/* --- allocation and free --- */

/*
 * Take the first free object of debug slab @slab (on @n's partial list),
 * checked; NULL when the slab turned out damaged and was isolated.
 */
static void *take_object(struct mymem_cache *s, struct mymem_cache_node *n,
			 struct page *slab, const struct mymem_track *t)
{
	union mymem_slab_state c = slab_state(slab), new;
	const struct mymem_layout *l = slab_layout(s, c);
	void *obj, *next;

	lockdep_assert_held(&n->list_lock);
	if (!c.free_pos || c.inuse >= c.objects) {
		mymem_report(s, slab, NULL, "Isolating the slab",
			     "Slab on the partial list without free objects (inuse %u of %u)",
			     (unsigned int)c.inuse, (unsigned int)c.objects);
		mymem_isolate_slab(s, n, slab, true);
		return NULL;
	}
	obj = layout_first_free(l, slab, c);
	next = get_freepointer_at(s, obj, l->offset);
	if (next && !valid_pointer(l, slab, c, next)) {
		mymem_report(s, slab, obj, "Isolating the slab", "Freechain corrupt");
		mymem_isolate_slab(s, n, slab, true);
		return NULL;
	}
	if (check_object(s, l, slab, obj, false, false)) {
		mymem_isolate_slab(s, n, slab, true);
		return NULL;
	}
	new = c;
	new.free_pos = layout_free_pos(l, slab, next);
	new.inuse++;
	set_slab_state(slab, new);
	if (!new.free_pos)
		mymem_remove_partial(n, slab);
	if (l->red_zone)
		set_red_zones(s, l, obj, RED_USED);
	if (l->store_user)
		*get_track(l, obj, MYMEM_TRACK_ALLOC) = *t;
	/* init_on_free zeroed it but for a free pointer kept inside. */
	if (l->offset < s->object_size && want_init_on_free_obj(s))
		*(unsigned long *)(obj + l->offset) = 0;
	trace_op(s, "alloc", obj, new, t->addr);
	return obj;
}

struct partial_alloc {
	struct mymem_cache_node *n;	/* the node walked */
	const struct mymem_track *t;
	void *obj;
};

static int take_from_slab(struct mymem_cache *s, struct page *slab, union mymem_slab_state c,
			  void *arg)
{
	struct partial_alloc *a = arg;

	if (!c.debug)
		return 0;
	a->obj = take_object(s, a->n, slab, a->t);
	return !!a->obj;
}

/* The first object of a debug slab on node @nid's partial list, or NULL. */
static void *alloc_from_partial(struct mymem_cache *s, int nid, const struct mymem_track *t)
{
	struct mymem_cache_node *n = s->node[nid];
	struct partial_alloc a = { .n = n, .t = t };

	if (!n || !READ_ONCE(n->nr_partial))
		return NULL;
	mymem_visit_partial(s, nid, take_from_slab, &a);
	return a.obj;
}

/**
 * mymem_debug_alloc() - allocate from a debug cache
 * @s: the cache
 * @gfp: allocation flags
 * @node: node, or NUMA_NO_NODE
 * @addr: the caller
 *
 * Takes the first free object of a debug slab of the node, or of a new
 * slab, under the node's list_lock; checks it, marks its red zones active
 * and records the owner.
 *
 * Context: any context if @gfp does not allow sleeping.
 * Return: the object (not yet zeroed for init_on_alloc), or NULL.
 */
void *mymem_debug_alloc(struct mymem_cache *s, gfp_t gfp, int node, unsigned long addr)
{
	int nid = node == NUMA_NO_NODE ? mymem_local_node() : node;
	struct mymem_cache_node *n;
	struct mymem_track t;
	unsigned long flags;
	struct page *slab;
	void *obj;

	mymem_stat_inc(s, ALLOC_SLOWPATH);
	prepare_track(s, &t, addr);
	obj = alloc_from_partial(s, nid, &t);
	if (obj)
		goto out;
	slab = mymem_new_slab(s, gfp, node);
	if (!slab)
		return NULL;
	n = s->node[page_to_nid(slab)];
	spin_lock_irqsave(&n->list_lock, flags);
	mymem_add_partial(n, slab, false);
	/* Debugging switched off meanwhile: the plain paths take this one. */
	obj = slab_state(slab).debug ? take_object(s, n, slab, &t) : NULL;
	spin_unlock_irqrestore(&n->list_lock, flags);
	if (!obj)
		return ___mymem_alloc(s, gfp, node);
out:
	this_cpu_inc(s->cpu_slab->live);
	return obj;
}

/*
 * Whether a free of @obj to debug slab @slab may go on: it is an object
 * start and not free already (*@free: on_freelist()'s verdict). Reports a
 * refusal; nothing changes then.
 */
static bool free_allowed(struct mymem_cache *s, const struct mymem_layout *l,
			 struct page *slab, union mymem_slab_state c, void *obj, int *free)
{
	if (!valid_pointer(l, slab, c, obj)) {
		mymem_report(s, slab, NULL, "Object not freed",
			     "Free of 0x%p, which is not the start of an object", obj);
		return false;
	}
	*free = c.isolated ? 0 : on_freelist(s, l, slab, c, obj);
	if (*free > 0) {
		mymem_report(s, slab, obj, "Object not freed", "Object already free");
		return false;
	}
	return true;
}

/*
 * An accepted free of an object that is damaged, or whose slab's freelist
 * is (@free < 0) or which was isolated already: the slab is set aside with
 * the object, and the user's free is taken as done. False if all is sound.
 */
static bool free_set_aside(struct mymem_cache *s, struct mymem_cache_node *n,
			   const struct mymem_layout *l, struct page *slab,
			   union mymem_slab_state c, void *obj, int free)
{
	if (!c.isolated && !free && !check_object(s, l, slab, obj, true, false))
		return false;
	mymem_isolate_slab(s, n, slab, c.free_pos);
	atomic_long_inc(&s->isolated_objects);
	return true;
}

/* Record the free, poison (or zero for init_on_free), mark the red zones free. */
static void mark_free(struct mymem_cache *s, const struct mymem_layout *l, void *obj,
		      const struct mymem_track *t)
{
	if (l->store_user)
		*get_track(l, obj, MYMEM_TRACK_FREE) = *t;
	if (l->poison)
		poison_object(s, obj);
	else if (want_init_on_free_obj(s))
		memset(obj, 0, s->object_size);
	if (l->red_zone)
		set_red_zones(s, l, obj, RED_FREE);
}

/*
 * Put @obj at the head of its slab's freelist and move the slab between
 * the lists as SLUB does. Returns whether the slab, now empty, is to be
 * given back (after list_lock is dropped).
 */
static bool push_free(struct mymem_cache *s, struct mymem_cache_node *n,
		      const struct mymem_layout *l, struct page *slab,
		      union mymem_slab_state c, void *obj, unsigned long addr)
{
	union mymem_slab_state new = c;

	set_freepointer_at(s, obj, l->offset, layout_first_free(l, slab, c));
	new.free_pos = layout_free_pos(l, slab, obj);
	new.inuse--;
	set_slab_state(slab, new);
	trace_op(s, "free", obj, new, addr);
	if (mymem_slab_discardable(s, n, new)) {
		if (c.free_pos)
			mymem_remove_partial(n, slab);
		return true;
	}
	if (!c.free_pos)
		mymem_add_partial(n, slab, false);
	return false;
}

/**
 * mymem_debug_free() - free an object of a debug slab
 * @s: the cache (the slab's, checked by the caller)
 * @slab: the slab
 * @obj: the object
 * @addr: the caller
 *
 * Checks that @obj is an allocated object and that its debug areas are
 * intact, then poisons it, marks its red zones inactive, records the free
 * and puts it on the slab's freelist. See the head of this file for what
 * happens when a check fails.
 *
 * Context: any context.
 */
void mymem_debug_free(struct mymem_cache *s, struct page *slab, void *obj, unsigned long addr)
{
	struct mymem_cache_node *n = s->node[page_to_nid(slab)];
	const struct mymem_layout *l;
	union mymem_slab_state c;
	bool discard = false;
	struct mymem_track t;
	unsigned long flags;
	int free;

	mymem_stat_inc(s, FREE_SLOWPATH);
	prepare_track(s, &t, addr);
	spin_lock_irqsave(&n->list_lock, flags);
	c = slab_state(slab);
	l = slab_layout(s, c);
	if (!free_allowed(s, l, slab, c, obj, &free))
		goto out;
	mymem_free_hook(s, obj);
	if (!free_set_aside(s, n, l, slab, c, obj, free)) {
		mark_free(s, l, obj, &t);
		discard = push_free(s, n, l, slab, c, obj, addr);
	}
	this_cpu_dec(s->cpu_slab->live);
out:
	spin_unlock_irqrestore(&n->list_lock, flags);
	if (discard)
		mymem_discard_slab(s, slab);
}

/**
 * mymem_check_debug_objects() - check every object of a debug slab
 * @s: the cache
 * @slab: a debug slab, its node's list_lock held
 * @c: its state word
 * @free_map: one bit per object, set for those on the freelist
 *
 * Red zones, padding and poison of each object as it is (free or
 * allocated), and the slab's tail. Reports each problem, changes nothing.
 *
 * Context: the slab's node's list_lock held.
 * Return: the number of problems.
 */
int mymem_check_debug_objects(struct mymem_cache *s, struct page *slab,
			      union mymem_slab_state c, const unsigned long *free_map)
{
	const struct mymem_layout *l = slab_layout(s, c);
	int bad = 0;
	unsigned int i, len;
	u8 *tail;

	for (i = 0; i < c.objects; i++)
		bad += check_object(s, l, slab, layout_object(l, slab, i),
				    !test_bit(i, free_map), false);
	if (l->red_zone || l->poison) {
		slab_tail(l, slab, c.objects, &tail, &len);
		bad += !check_bytes(s, slab, NULL, "Slab padding overwritten", tail,
				    POISON_PAD, len, false);
	}
	return bad;
}

/* --- switching --- */

/*
 * Make ready for debug flags @flags: the static key, the stack depot.
 * Takes cpus_read_lock(): call without mymem_mutex (see alloc.c's head).
 */
/**
 * mymem_debug_prepare() - make ready what debug flags need before a cache has them
 * @flags: the flags a cache is about to get
 *
 * Enables mymem_debug_key for any debug flag, and the stack depot for
 * owner tracking.
 *
 * Context: process context, no spinlock held.
 */
void mymem_debug_prepare(slab_flags_t flags)
{
	if (!(flags & MYMEM_DEBUG_FLAGS))
		return;
	static_branch_enable(&mymem_debug_key);
#if defined(CONFIG_STACKDEPOT) && defined(CONFIG_STACKTRACE)
	{
		static bool depot_ready;

		if ((flags & SLAB_STORE_USER) && !READ_ONCE(depot_ready))
			WRITE_ONCE(depot_ready, !stack_depot_init());
	}
#endif
}

/**
 * mymem_debug_fits() - whether a cache's objects fit a slab with these debug areas
 * @s: the cache, its layouts computed
 * @flags: debug flags
 *
 * Context: any context.
 * Return: true if they do.
 */
bool mymem_debug_fits(struct mymem_cache *s, slab_flags_t flags)
{
	return s->layouts[layout_of(flags)].size;
}

/**
 * mymem_set_debug() - switch a cache's debug flags at run time
 * @s: the cache
 * @set: debug flags to set
 * @clear: debug flags to clear
 *
 * New slabs get the layout of the new flags; slabs in use keep theirs.
 * Refuses flags whose layout does not fit a slab (objects too large).
 *
 * Context: process context; takes cpus_read_lock() and mymem_mutex.
 * Return: 0, -EINVAL for non-debug flags or a layout that does not fit,
 * -ENODEV when @s is being destroyed.
 */
int mymem_set_debug(struct mymem_cache *s, slab_flags_t set, slab_flags_t clear)
{
	slab_flags_t flags;
	int err = 0;

	if ((set | clear) & ~MYMEM_DEBUG_FLAGS)
		return -EINVAL;
	mymem_debug_prepare(set);
	mymem_lock_for_flush();
	if (!mymem_cache_alive(s)) {
		err = -ENODEV;
		goto out;
	}
	flags = (s->flags & ~clear) | set;
	if (flags == s->flags)
		goto out;
	if (!mymem_debug_fits(s, flags)) {
		pr_warn("cache '%s': objects of %u bytes too large for these debug areas\n",
			s->name, s->object_size);
		err = -EINVAL;
		goto out;
	}
	WRITE_ONCE(s->flags, flags);
	/* CPU slabs are plain: a debug cache no longer allocates from them. */
	mymem_flush_all_cpus_locked(s);
out:
	mymem_unlock_for_flush();
	return err;
}
EXPORT_SYMBOL_NS_GPL(mymem_set_debug, MYMEM_NS);
