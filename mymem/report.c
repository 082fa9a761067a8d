// SPDX-License-Identifier: GPL-2.0
/*
 * mymem reports, in SLUB's shape so that what one knows of SLUB's applies:
 *
 *   =============================================================
 *   BUG <cache> (<taint>): <what>
 *   -------------------------------------------------------------
 *   <details>
 *   Slab 0x... objects=.. used=.. fp=0x... flags=...
 *   Object 0x... @offset=.. fp=0x...
 *   INFO: Allocated in <caller> age=.. cpu=.. pid=..   (with the stack)
 *   INFO: Freed in <caller> age=.. cpu=.. pid=..
 *   Redzone / Object / Redzone / Padding hex dumps
 *   FIX <cache>: <what was done>
 *
 * then the stack, and the kernel is tainted TAINT_BAD_PAGE. The first
 * report also WARNs (for panic_on_warn and crash tools), unless the
 * parameter warn_on_report is off; tests that make reports on purpose
 * turn it off and read the reports off the console tracepoint.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/panic.h>
#include <linux/printk.h>
#include <linux/stackdepot.h>

#include <linux/kasan.h>

#include "internal.h"

static bool warn_on_report = true;
module_param(warn_on_report, bool, 0644);
MODULE_PARM_DESC(warn_on_report, "The first corruption report also WARNs (default 1)");

/*
 * The kernel's taint letters by flag bit (Documentation/admin-guide/
 * tainted-kernels.rst); print_tainted() is not exported to modules.
 */
static const char taint_letters[] = "PFSRMBUDAWCIOELKXTN";

static const char *taint_string(char *buf, size_t len)
{
	size_t n = 0;
	int bit;

	for (bit = 0; bit < sizeof(taint_letters) - 1 && n + 1 < len; bit++)
		if (test_taint(bit))
			buf[n++] = taint_letters[bit];
	buf[n] = '\0';
	return buf;
}

/**
 * mymem_report_begin() - open a report: banner and headline
 * @s: the cache, or NULL when none is known
 * @fmt: what is wrong
 *
 * Context: any context.
 */
void mymem_report_begin(struct mymem_cache *s, const char *fmt, ...)
{
	char headline[64], taint[24];
	va_list args;

	va_start(args, fmt);
	vsnprintf(headline, sizeof(headline), fmt, args);
	va_end(args);
	pr_err("=============================================================================\n");
	taint_string(taint, sizeof(taint));
	pr_err("BUG %s (%s%s): %s\n", s ? s->name : "mymem", *taint ? "Tainted: " : "Not tainted",
	       taint, headline);
	pr_err("-----------------------------------------------------------------------------\n\n");
}

static void print_track(const char *what, const struct mymem_track *t)
{
	if (!t->addr)
		return;
	pr_err("INFO: %s in %pS age=%lu cpu=%d pid=%d\n", what, (void *)t->addr,
	       jiffies - t->when, t->cpu, t->pid);
#ifdef CONFIG_STACKDEPOT
	if (t->handle)
		stack_depot_print(t->handle);
#endif
}

/* A dump of memory that may be free (poisoned for KASAN): not KASAN's to report. */
static void print_section(const char *text, const void *addr, unsigned int len)
{
	kasan_disable_current();
	print_hex_dump(KERN_ERR, text, DUMP_PREFIX_ADDRESS, 16, 1, addr, len, true);
	kasan_enable_current();
}

static void report_slab(struct mymem_cache *s, struct page *slab)
{
	union mymem_slab_state c = slab_state(slab);
	const struct mymem_layout *l = slab_layout(s, c);

	pr_err("Slab 0x%p objects=%u used=%u fp=0x%p flags=%#lx%s%s\n", page_address(slab),
	       (unsigned int)c.objects, (unsigned int)c.inuse,
	       layout_first_free(l, slab, c), c.word,
	       c.frozen ? " frozen" : "", c.isolated ? " isolated" : "");
}

/**
 * mymem_report_object() - the slab and object part of a report
 * @s: the cache
 * @slab: the slab, or NULL (nothing printed)
 * @obj: an object of @slab, or NULL for the slab alone
 *
 * Context: any context.
 */
void mymem_report_object(struct mymem_cache *s, struct page *slab, void *obj)
{
	const struct mymem_layout *l;
	void *base;

	if (!s || !slab)
		return;
	report_slab(s, slab);
	if (!obj)
		return;
	l = slab_layout(s, slab_state(slab));
	base = page_address(slab);
	pr_err("Object 0x%p @offset=%tu fp=0x%p\n\n", obj, obj - base,
	       get_freepointer_at(s, obj, l->offset));
	if (l->store_user) {
		print_track("Allocated", (struct mymem_track *)(obj + l->track));
		print_track("Freed", (struct mymem_track *)(obj + l->track) + 1);
	}
	if (l->red_zone)
		print_section("Redzone  ", obj - l->red_left_pad, l->red_left_pad);
	else if (obj >= base + 16)
		print_section("Bytes b4 ", obj - 16, 16);
	print_section("Object   ", obj, min_t(unsigned int, s->object_size, PAGE_SIZE));
	if (l->red_zone)
		print_section("Redzone  ", obj + s->object_size, l->inuse - s->object_size);
	if (l->size - l->red_left_pad > l->pad)
		print_section("Padding  ", obj + l->pad, l->size - l->red_left_pad - l->pad);
}

/**
 * mymem_report_end() - close a report: what was done, stack, taint
 * @s: the cache, or NULL
 * @fix: what was done about it, or NULL
 *
 * Context: any context.
 */
void mymem_report_end(struct mymem_cache *s, const char *fix)
{
	static bool warned;

	if (fix)
		pr_err("FIX %s: %s\n", s ? s->name : "mymem", fix);
	add_taint(TAINT_BAD_PAGE, LOCKDEP_STILL_OK);
	if (READ_ONCE(warn_on_report) && !READ_ONCE(warned)) {
		WRITE_ONCE(warned, true);
		WARN(1, "mymem: corruption reported in cache %s\n", s ? s->name : "-");
	} else {
		dump_stack();
	}
}

/**
 * mymem_report() - a whole report
 * @s: the cache, or NULL
 * @slab: the slab concerned, or NULL
 * @obj: the object concerned, or NULL
 * @fix: what was done about it, or NULL
 * @fmt: what is wrong
 *
 * Context: any context.
 */
void mymem_report(struct mymem_cache *s, struct page *slab, void *obj, const char *fix,
		  const char *fmt, ...)
{
	struct va_format vaf;
	va_list args;

	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	mymem_report_begin(s, "%pV", &vaf);
	va_end(args);
	mymem_report_object(s, slab, obj);
	mymem_report_end(s, fix);
}

/**
 * mymem_report_foreign() - report a free to @s of what is not its object
 * @s: the cache the free was made to
 * @slab: the slab of another cache holding @obj, or NULL when no cache's
 * @obj: the pointer
 *
 * Context: any context.
 */
void mymem_report_foreign(struct mymem_cache *s, struct page *slab, const void *obj)
{
	if (slab)
		mymem_report(s, NULL, NULL, "Object not freed",
			     "Wrong cache: free of 0x%p, an object of cache '%s'", obj,
			     slab_cache(slab)->name);
	else
		mymem_report(s, NULL, NULL, "Pointer ignored",
			     "Free of 0x%p, which mymem did not give out", obj);
}

/**
 * mymem_report_double_free() - report a free of the CPU freelist's head
 * @s: the cache
 * @slab: the object's slab
 * @obj: the object, free already
 *
 * The fast path's check, for every cache: the object freed is the first
 * of this CPU's freelist. The free is refused.
 *
 * Context: any context.
 */
void mymem_report_double_free(struct mymem_cache *s, struct page *slab, void *obj)
{
	mymem_report(s, slab, obj, "Object not freed",
		     "Double free: 0x%p is the first free object of CPU %d", obj,
		     raw_smp_processor_id());
}
