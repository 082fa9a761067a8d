// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite mymem_debug: the debugging machinery used as intended, with
 * no corruption (that is mymem_corruption's): the debug= parser and
 * parameter, debug flags switched through sysfs while objects are live,
 * owner tracking and its alloc_calls/free_calls, tracing, hardened and
 * shuffled freelists, and fault injection.
 */
#include <kunit/test.h>
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/fs.h>
#include <linux/jiffies.h>
#include <linux/kallsyms.h>
#include <linux/kmsg_dump.h>
#include <linux/kthread.h>
#include <linux/sched/task.h>
#include <linux/nodemask.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/umh.h>

#include "internal.h"
#include "mymem_test_util.h"

#define F SLAB_CONSISTENCY_CHECKS
#define Z SLAB_RED_ZONE
#define P SLAB_POISON
#define U SLAB_STORE_USER
#define T SLAB_TRACE
/* KUnit compares integers: slab_flags_t is __bitwise for sparse. */
#define FL(x) ((__force unsigned int)(x))

/* --- the debug= parser --- */

struct parse_case {
	const char *str;
	int ret;
	/* Flags expected for caches kunit_a, kunit_b1 and kunit_other. */
	slab_flags_t a, b1, other;
};

static const struct parse_case parse_cases[] = {
	{ "", 0, 0, 0, 0 },
	{ "-", 0, 0, 0, 0 },
	{ "FZPU", 0, F | Z | P | U, F | Z | P | U, F | Z | P | U },
	{ "fzput", 0, F | Z | P | U | T, F | Z | P | U | T, F | Z | P | U | T },
	{ "Z,kunit_a,kunit_b*", 0, Z, Z, 0 },
	{ "FZ;-,kunit_a", 0, 0, F | Z, F | Z },
	{ ",kunit_a", 0, F | Z | P | U, 0, 0 },
	{ "P;U,kunit_a;T,kunit_b1", 0, U, T, P },
	{ "U,kunit_b*;Z,kunit_b1", 0, 0, U, 0 },
	{ "X", -EINVAL },
	{ "FZ,kunit_a;Q", -EINVAL },
	{ "F;Z", -EINVAL },
	{ "F,,kunit_a", -EINVAL },
	{ "F,kunit_a,", -EINVAL },
	{ "F,0123456789012345678901234567890123456789012345678901234567890123", -EINVAL },
	{ "F,a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q", -EINVAL },
};

static void parse_desc(const struct parse_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "\"%s\"", c->str);
}

KUNIT_ARRAY_PARAM(parse, parse_cases, parse_desc);

static void parse_debug(struct kunit *test)
{
	const struct parse_case *c = test->param_value;
	struct mymem_debug_spec *spec = kunit_kzalloc(test, sizeof(*spec), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, spec);
	spec->all = T;		/* a bad string leaves the spec as it was */
	KUNIT_ASSERT_EQ(test, mymem_parse_debug(c->str, spec), c->ret);
	if (c->ret) {
		KUNIT_EXPECT_EQ(test, FL(spec->all), FL(T));
		KUNIT_EXPECT_EQ(test, spec->nr_rules, 0U);
		return;
	}
	KUNIT_EXPECT_EQ(test, FL(mymem_spec_flags(spec, "kunit_a")), FL(c->a));
	KUNIT_EXPECT_EQ(test, FL(mymem_spec_flags(spec, "kunit_b1")), FL(c->b1));
	KUNIT_EXPECT_EQ(test, FL(mymem_spec_flags(spec, "kunit_other")), FL(c->other));
}

#define DEBUG_PARAM "/sys/module/mymem/parameters/debug"

/*
 * The debug= parameter as a user writes it at run time. Each case sets
 * its own value and the test's end puts back what was there (the value
 * mymem was loaded with, if any), so no case depends on how the rig
 * loaded mymem.
 */
static void debug_param_restore(struct kunit_resource *res)
{
	mymem_test_write(DEBUG_PARAM, res->data);
}

/* Set debug= to @val for the rest of @test: 0 or an error; asserts nothing. */
static int push_debug_param(struct kunit *test, const char *val)
{
	char *old = kunit_kzalloc(test, 256, GFP_KERNEL);

	if (!old || mymem_test_read(DEBUG_PARAM, old, 256) < 0)
		return -ENOMEM;
	if (!kunit_alloc_resource(test, NULL, debug_param_restore, GFP_KERNEL, old))
		return -ENOMEM;
	return mymem_test_write(DEBUG_PARAM, val);
}

static void set_debug_param(struct kunit *test, const char *val)
{
	KUNIT_ASSERT_EQ(test, push_debug_param(test, val), 0);
}

/* Caches named by the rule get its flags, shown in sysfs; others none. */
static void debug_param_names_caches(struct kunit *test)
{
	char buf[8];
	struct mymem_cache *a, *b;

	set_debug_param(test, "FZ,kunit_param*");
	a = mymem_test_cache_create(test, "kunit_param_a", 64, 0, 0, NULL);
	b = mymem_test_cache_create(test, "kunit_plain_b", 64, 0, 0, NULL);
	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, b);
	KUNIT_EXPECT_EQ(test, FL(a->flags & MYMEM_DEBUG_FLAGS), FL(F | Z));
	KUNIT_EXPECT_EQ(test, FL(b->flags & MYMEM_DEBUG_FLAGS), 0U);
	KUNIT_ASSERT_EQ(test, mymem_test_read(file_of(test, a, "red_zone"), buf, sizeof(buf)), 2L);
	KUNIT_EXPECT_STREQ(test, buf, "1\n");
	KUNIT_ASSERT_EQ(test, mymem_test_read(file_of(test, b, "red_zone"), buf, sizeof(buf)), 2L);
	KUNIT_EXPECT_STREQ(test, buf, "0\n");
}

/* A string that does not parse is refused and the setting stays. */
static void debug_param_bad_refused(struct kunit *test)
{
	char buf[64];
	struct mymem_cache *a;

	set_debug_param(test, "FZ,kunit_param*");
	KUNIT_EXPECT_EQ(test, mymem_test_write(DEBUG_PARAM, "FZ;Q"), -EINVAL);
	KUNIT_ASSERT_GE(test, mymem_test_read(DEBUG_PARAM, buf, sizeof(buf)), 0L);
	KUNIT_EXPECT_STREQ(test, buf, "FZ,kunit_param*\n");
	a = mymem_test_cache_create(test, "kunit_param_a", 64, 0, 0, NULL);
	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_EXPECT_EQ(test, FL(a->flags & MYMEM_DEBUG_FLAGS), FL(F | Z));
}

/* A new value applies to caches made later; earlier ones keep theirs. */
static void debug_param_later_caches_only(struct kunit *test)
{
	struct mymem_cache *a, *b, *c;

	set_debug_param(test, "FZ,kunit_param*");
	a = mymem_test_cache_create(test, "kunit_param_a", 64, 0, 0, NULL);
	b = mymem_test_cache_create(test, "kunit_plain_b", 64, 0, 0, NULL);
	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, b);
	KUNIT_ASSERT_EQ(test, mymem_test_write(DEBUG_PARAM, "P,kunit_plain*"), 0);
	c = mymem_test_cache_create(test, "kunit_plain_c", 64, 0, 0, NULL);
	KUNIT_ASSERT_NOT_NULL(test, c);
	KUNIT_EXPECT_EQ(test, FL(c->flags & MYMEM_DEBUG_FLAGS), FL(P));
	KUNIT_EXPECT_EQ(test, FL(a->flags & MYMEM_DEBUG_FLAGS), FL(F | Z));
	KUNIT_EXPECT_EQ(test, FL(b->flags & MYMEM_DEBUG_FLAGS), 0U);
}

/* The value the test's end puts back: debug= as before the test. */
static void debug_param_restored(struct kunit *test)
{
	struct kunit *inner = kunit_kzalloc(test, sizeof(*inner), GFP_KERNEL);
	char before[64], after[64];

	KUNIT_ASSERT_NOT_NULL(test, inner);
	KUNIT_ASSERT_GE(test, mymem_test_read(DEBUG_PARAM, before, sizeof(before)), 0L);
	kunit_init_test(inner, "inner", NULL);
	KUNIT_EXPECT_EQ(test, push_debug_param(inner, "U,kunit_restored"), 0);
	/* No assertion until the inner test's end has restored the value. */
	after[0] = '\0';
	KUNIT_EXPECT_GE(test, mymem_test_read(DEBUG_PARAM, after, sizeof(after)), 0L);
	KUNIT_EXPECT_STREQ(test, after, "U,kunit_restored\n");
	kunit_cleanup(inner);
	KUNIT_ASSERT_GE(test, mymem_test_read(DEBUG_PARAM, after, sizeof(after)), 0L);
	KUNIT_EXPECT_STREQ(test, after, before);
}

/* --- switching at run time --- */

static void alloc_n(struct kunit *test, struct mymem_cache *s, void **o, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		o[i] = mymem_cache_alloc(s, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, o[i]);
		memset(o[i], 0x77, 100);
	}
}

static int debug_slabs(void **o, int n, unsigned int layout)
{
	int i, nr = 0;

	for (i = 0; i < n; i++) {
		union mymem_slab_state c = slab_state(virt_to_head_page(o[i]));

		nr += c.debug && c.layout == layout;
	}
	return nr;
}

static void set_flags(struct kunit *test, struct mymem_cache *s, const char *val)
{
	static const char * const files[] = { "red_zone", "poison", "store_user" };
	char buf[8];
	int i;

	for (i = 0; i < ARRAY_SIZE(files); i++) {
		KUNIT_ASSERT_EQ(test, mymem_test_write(file_of(test, s, files[i]), val), 0);
		mymem_test_read(file_of(test, s, files[i]), buf, sizeof(buf));
		KUNIT_EXPECT_EQ(test, buf[0], val[0]);
	}
}

/*
 * Red zones, poison and tracking switched on and off through sysfs while
 * objects of the other layout are live: new slabs get the new layout, the
 * old ones keep theirs, everything frees and validates clean.
 */
static void switch_at_run_time(struct kunit *test)
{
	struct mymem_cache *s = mymem_test_cache_create(test, "kunit_switch", 100, 0, 0, NULL);
	const int n = 60;
	void **plain = kunit_kcalloc(test, n, sizeof(void *), GFP_KERNEL);
	void **dbg = kunit_kcalloc(test, n, sizeof(void *), GFP_KERNEL);
	void **again = kunit_kcalloc(test, n, sizeof(void *), GFP_KERNEL);
	long pages = mymem_nr_pages();
	int i;

	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_ASSERT_NOT_NULL(test, plain);
	KUNIT_ASSERT_NOT_NULL(test, dbg);
	KUNIT_ASSERT_NOT_NULL(test, again);
	alloc_n(test, s, plain, n);
	KUNIT_EXPECT_EQ(test, debug_slabs(plain, n, 0), 0);

	set_flags(test, s, "1");
	KUNIT_EXPECT_EQ(test, FL(s->flags & MYMEM_DEBUG_FLAGS), FL(Z | P | U));
	alloc_n(test, s, dbg, n);
	KUNIT_EXPECT_EQ(test, debug_slabs(dbg, n, 7), n);
	for (i = 0; i < n; i++) {
		u8 *o = dbg[i];

		KUNIT_EXPECT_EQ(test, o[-1], (u8)0xcc);
		KUNIT_EXPECT_EQ(test, o[100], (u8)0xcc);
	}
	KUNIT_EXPECT_EQ(test, mymem_cache_validate(s), 0);
	/* Half of each kind freed while debugging is on. */
	for (i = 0; i < n; i += 2) {
		mymem_cache_free(s, plain[i]);
		mymem_cache_free(s, dbg[i]);
	}
	KUNIT_EXPECT_EQ(test, mymem_cache_validate(s), 0);

	set_flags(test, s, "0");
	KUNIT_EXPECT_EQ(test, FL(s->flags & MYMEM_DEBUG_FLAGS), 0U);
	alloc_n(test, s, again, n);
	KUNIT_EXPECT_EQ(test, debug_slabs(again, n, 0), 0);
	for (i = 1; i < n; i += 2) {
		u8 *o = dbg[i];

		KUNIT_EXPECT_EQ(test, o[100], (u8)0xcc);	/* still a debug slab */
		mymem_cache_free(s, plain[i]);
		mymem_cache_free(s, dbg[i]);
	}
	for (i = 0; i < n; i++)
		mymem_cache_free(s, again[i]);
	KUNIT_EXPECT_EQ(test, mymem_cache_validate(s), 0);
	KUNIT_EXPECT_EQ(test, mymem_cache_live(s), 0L);

	/* Bad values change nothing. */
	KUNIT_EXPECT_EQ(test, mymem_test_write(file_of(test, s, "poison"), "maybe"), -EINVAL);
	KUNIT_EXPECT_EQ(test, FL(s->flags & MYMEM_DEBUG_FLAGS), 0U);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), 0);
	KUNIT_EXPECT_EQ(test, mymem_nr_pages(), pages);
}

/* Objects of the largest size leave no room for red zones: refused. */
static void switch_refused_when_too_large(struct kunit *test)
{
	struct mymem_cache *s = mymem_test_cache_create(test, "kunit_huge", MYMEM_MAX_SIZE, 0, 0,
							NULL);
	char buf[8];

	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_EXPECT_EQ(test, mymem_test_write(file_of(test, s, "red_zone"), "1"), -EINVAL);
	KUNIT_EXPECT_EQ(test, FL(s->flags & MYMEM_DEBUG_FLAGS), 0U);
	mymem_test_read(file_of(test, s, "red_zone"), buf, sizeof(buf));
	KUNIT_EXPECT_STREQ(test, buf, "0\n");
	/* Checks without red zones fit. */
	KUNIT_EXPECT_EQ(test, mymem_test_write(file_of(test, s, "sanity_checks"), "1"), 0);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), 0);
}

/* --- owner tracking --- */

static bool track_in(const struct mymem_track *t, const char *fn)
{
	char sym[KSYM_SYMBOL_LEN];

	sprint_symbol(sym, t->addr);
	return strstr(sym, fn);
}

/* The tracks say where, when, on which CPU and by whom; alloc_calls sums them. */
static void tracking_contents(struct kunit *test)
{
	struct mymem_cache *s = mymem_test_cache_create(test, "kunit_track", 72, 0, U, NULL);
	char *buf = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	unsigned long start = jiffies;
	const struct mymem_layout *l;
	struct mymem_track *t;
	char want[64];
	void *o[5];
	int i, two = 2;

	/* Loops, not unrolled: each is one call site. */
	OPTIMIZER_HIDE_VAR(two);
	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	for (i = 0; i < two + 3; i++) {
		o[i] = mymem_cache_alloc(s, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, o[i]);
	}
	l = slab_layout(s, slab_state(virt_to_head_page(o[0])));
	KUNIT_ASSERT_TRUE(test, l->store_user);
	t = o[0] + l->track;
	KUNIT_EXPECT_TRUE(test, track_in(&t[MYMEM_TRACK_ALLOC], __func__));
	KUNIT_EXPECT_EQ(test, t[MYMEM_TRACK_ALLOC].pid, current->pid);
	KUNIT_EXPECT_LT(test, t[MYMEM_TRACK_ALLOC].cpu, (int)nr_cpu_ids);
	KUNIT_EXPECT_TRUE(test, time_in_range(t[MYMEM_TRACK_ALLOC].when, start, jiffies));
	if (IS_ENABLED(CONFIG_STACKDEPOT))
		KUNIT_EXPECT_NE(test, t[MYMEM_TRACK_ALLOC].handle, 0U);
	KUNIT_EXPECT_EQ(test, t[MYMEM_TRACK_FREE].addr, 0UL);

	for (i = 0; i < two; i++)
		mymem_cache_free(s, o[i]);
	KUNIT_EXPECT_TRUE(test, track_in(&t[MYMEM_TRACK_FREE], __func__));
	KUNIT_EXPECT_EQ(test, t[MYMEM_TRACK_FREE].pid, current->pid);

	KUNIT_EXPECT_GT(test, mymem_list_locations(s, buf, MYMEM_TRACK_ALLOC), 0L);
	snprintf(want, sizeof(want), "      3 %s+", __func__);
	KUNIT_EXPECT_TRUE_MSG(test, strstr(buf, want), "%s", buf);
	KUNIT_EXPECT_TRUE_MSG(test, strstr(buf, " pid="), "%s", buf);
	KUNIT_EXPECT_GT(test, mymem_test_read(file_of(test, s, "free_calls"), buf, PAGE_SIZE), 0L);
	snprintf(want, sizeof(want), "      2 %s+", __func__);
	KUNIT_EXPECT_TRUE_MSG(test, strstr(buf, want), "%s", buf);
	for (i = two; i < 5; i++)
		mymem_cache_free(s, o[i]);
	KUNIT_EXPECT_GT(test, mymem_test_read(file_of(test, s, "alloc_calls"), buf, PAGE_SIZE), 0L);
	KUNIT_EXPECT_STREQ(test, buf, "No data\n");
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), 0);
}

/* Count the lines of the kernel log that hold @needle. */
static int log_lines(const char *needle)
{
	struct kmsg_dump_iter iter;
	static char line[512];
	size_t len;
	int nr = 0;

	kmsg_dump_rewind(&iter);
	while (kmsg_dump_get_line(&iter, false, line, sizeof(line) - 1, &len)) {
		line[len] = '\0';
		nr += !!strstr(line, needle);
	}
	return nr;
}

/* SLAB_TRACE logs each allocation and free of the cache. */
static void trace_logs(struct kunit *test)
{
	struct mymem_cache *s = mymem_test_cache_create(test, "kunit_trace", 40, 0, T, NULL);
	char want[64];
	void *o;

	KUNIT_ASSERT_NOT_NULL(test, s);
	o = mymem_cache_alloc(s, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, o);
	mymem_cache_free(s, o);
	KUNIT_EXPECT_EQ(test, log_lines("TRACE kunit_trace alloc"), 1);
	KUNIT_EXPECT_EQ(test, log_lines("TRACE kunit_trace free"), 1);
	snprintf(want, sizeof(want), "caller=%s+", __func__);
	KUNIT_EXPECT_EQ(test, log_lines(want), 2);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), 0);
}

/* --- hardening --- */

/* Allocate one whole fresh slab of 64-byte objects on this CPU. */
static void fill_slab(struct kunit *test, struct mymem_cache *s, void **o, int n)
{
	int i;

	preempt_disable();
	for (i = 0; i < n; i++)
		o[i] = mymem_cache_alloc(s, GFP_ATOMIC);
	preempt_enable();
	for (i = 0; i < n; i++)
		KUNIT_ASSERT_NOT_NULL(test, o[i]);
}

static int ascending(void **o, int n)
{
	int i, up = 0;

	for (i = 1; i < n; i++)
		up += o[i] > o[i - 1];
	return up;
}

/* New slabs hand their objects out shuffled, or in order when switched off. */
static void freelist_shuffled(struct kunit *test)
{
	struct mymem_cache *s = mymem_test_cache_slab_layer(test, "kunit_shuffle", 64, 0, 0, NULL);
	void **o;
	int n, i;

	KUNIT_ASSERT_NOT_NULL(test, s);
	n = s->objects;
	o = kunit_kcalloc(test, n, sizeof(*o), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, o);
	KUNIT_ASSERT_TRUE(test, s->freelist_random);
	fill_slab(test, s, o, n);
	KUNIT_EXPECT_LT(test, ascending(o, n), n - 1);
	for (i = 0; i < n; i++)
		mymem_cache_free(s, o[i]);
	KUNIT_EXPECT_EQ(test, mymem_cache_shrink(s), 0);

	KUNIT_ASSERT_EQ(test, mymem_test_write(file_of(test, s, "freelist_random"), "0"), 0);
	fill_slab(test, s, o, n);
	KUNIT_EXPECT_EQ(test, ascending(o, n), n - 1);
	KUNIT_EXPECT_PTR_EQ(test, virt_to_head_page(o[0]), virt_to_head_page(o[n - 1]));
	for (i = 0; i < n; i++)
		mymem_cache_free(s, o[i]);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), 0);
}

/*
 * A free pointer is stored obfuscated, in the middle of the object (out of
 * reach of a small overflow of the object before), and decodes to the next
 * object.
 */
static void freepointer_hardened(struct kunit *test)
{
	struct mymem_cache *s = mymem_test_cache_slab_layer(test, "kunit_hardened", 64, 0, 0, NULL);
	void *a, *b;

	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_ASSERT_EQ(test, s->offset, 32U);
	preempt_disable();
	a = mymem_cache_alloc(s, GFP_ATOMIC);
	b = mymem_cache_alloc(s, GFP_ATOMIC);
	if (a && b) {
		mymem_cache_free(s, a);
		mymem_cache_free(s, b);		/* b's free pointer is a */
	}
	preempt_enable();
	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, b);
	KUNIT_EXPECT_PTR_EQ(test, get_freepointer(s, b), a);
	KUNIT_EXPECT_NE(test, *(unsigned long *)(b + s->offset), (unsigned long)a);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), 0);
}

/* --- fault injection --- */

/* A cache for a fault case; the test's end destroys it. */
static struct mymem_cache *fault_cache(struct kunit *test, const char *name, slab_flags_t flags)
{
	struct mymem_cache *s = mymem_test_cache_create(test, name, 128, 0, flags, NULL);

	KUNIT_ASSERT_NOT_NULL(test, s);
	return s;
}

/* fail_next: the next allocation that needs a slab fails, cleanly, once. */
static void fault_next_fails_once(struct kunit *test)
{
	struct mymem_cache *s = fault_cache(test, "kunit_fault", 0);
	long pages = mymem_nr_pages();
	void *o;

	atomic_set(&s->fault.next, 1);
	KUNIT_EXPECT_NULL(test, mymem_cache_alloc(s, GFP_KERNEL));
	KUNIT_EXPECT_EQ(test, atomic_long_read(&s->fault.injected), 1L);
	KUNIT_EXPECT_EQ(test, mymem_test_slabs(s), 0L);
	KUNIT_EXPECT_EQ(test, mymem_cache_live(s), 0L);
	KUNIT_EXPECT_EQ(test, mymem_nr_pages(), pages);
	o = mymem_cache_alloc(s, GFP_KERNEL);
	KUNIT_EXPECT_NOT_NULL(test, o);
	mymem_cache_free(s, o);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), 0);
	KUNIT_EXPECT_EQ(test, mymem_nr_pages(), pages);
}

/* fail_percent 100: only allocations that need a new slab fail. */
static void fault_percent_spares_slabs(struct kunit *test)
{
	struct mymem_cache *s = fault_cache(test, "kunit_fault", 0);
	void **full = kunit_kcalloc(test, s->objects + 1, sizeof(*full), GFP_KERNEL);
	void *o;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, full);
	WRITE_ONCE(s->fault.percent, 100);
	o = mymem_cache_alloc(s, GFP_KERNEL);
	WRITE_ONCE(s->fault.percent, 0);
	KUNIT_EXPECT_NULL(test, o);
	if (o)	/* not left behind to fail the cases after this one */
		mymem_cache_free(s, o);
	/* One CPU fills one slab, then asks for one more object. */
	preempt_disable();
	for (i = 0; i < s->objects; i++)
		full[i] = mymem_cache_alloc(s, GFP_ATOMIC);
	WRITE_ONCE(s->fault.percent, 100);
	full[i] = mymem_cache_alloc(s, GFP_ATOMIC);
	WRITE_ONCE(s->fault.percent, 0);
	preempt_enable();
	KUNIT_EXPECT_NULL(test, full[s->objects]);
	for (i = 0; i <= s->objects; i++) {
		KUNIT_EXPECT_TRUE(test, !full[i] == (i == s->objects));
		if (full[i])
			mymem_cache_free(s, full[i]);
	}
	KUNIT_EXPECT_EQ(test, mymem_cache_live(s), 0L);
}

/* __GFP_NOFAIL is never failed, and uses up no planned failure. */
static void fault_nofail_spared(struct kunit *test)
{
	struct mymem_cache *s = fault_cache(test, "kunit_fault", 0);
	void *o;

	atomic_set(&s->fault.next, 1);
	o = mymem_cache_alloc(s, GFP_KERNEL | __GFP_NOFAIL);
	KUNIT_EXPECT_NOT_NULL(test, o);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->fault.next), 1);
	atomic_set(&s->fault.next, 0);
	mymem_cache_free(s, o);
}

/* The global knob fails any cache's slab allocation, a debug cache's too. */
static void fault_global_knob(struct kunit *test)
{
	struct mymem_cache *d = fault_cache(test, "kunit_fault_dbg", F | Z);
	void *o;

	atomic_set(&mymem_fault_global.next, 1);
	KUNIT_EXPECT_NULL(test, mymem_cache_alloc(d, GFP_KERNEL));
	KUNIT_EXPECT_EQ(test, atomic_read(&mymem_fault_global.next), 0);
	atomic_set(&mymem_fault_global.next, 0);
	KUNIT_EXPECT_EQ(test, mymem_test_slabs(d), 0L);
	o = mymem_cache_alloc(d, GFP_KERNEL);
	KUNIT_EXPECT_NOT_NULL(test, o);
	mymem_cache_free(d, o);
}

/* A cache's knobs are in its debugfs directory. */
static void fault_knobs_in_debugfs(struct kunit *test)
{
	struct mymem_cache *s = fault_cache(test, "kunit_fault", 0);
	static const char * const knobs[] = { "fail_next", "fail_percent", "fail_injected" };
	struct dentry *knob;
	int i;

	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(s->debugfs));
	for (i = 0; i < ARRAY_SIZE(knobs); i++) {
		knob = debugfs_lookup(knobs[i], s->debugfs);
		KUNIT_EXPECT_NOT_NULL_MSG(test, knob, "%s", knobs[i]);
		dput(knob);
	}
}

/* --- kmemleak --- */

/* kmemleak's debugfs file takes neither kernel_read() nor kernel_write(). */
#define KMEMLEAK "/sys/kernel/debug/kmemleak"

#define NR_LEAKS 4

/* The leaked objects' addresses, scrambled so that no scan takes them for pointers. */
static unsigned long leaked[NR_LEAKS];
static void *kept;

struct leak_work {
	struct mymem_cache *s;
	struct completion done;
};

/*
 * Overwrite the stack below the caller, where the allocations ran: 2 KiB
 * in two frames of 1 KiB, so that no frame outgrows the kernel's limit
 * with KASAN's redzones around it.
 */
static noinline void scrub_stack(int frames)
{
	char buf[1024];

	memzero_explicit(buf, sizeof(buf));
	if (frames > 1)
		scrub_stack(frames - 1);
	barrier_data(buf);
}

/*
 * Allocate in a thread of its own, which exits: the raw addresses are on
 * no live stack (the rig's test kernels have no VMAP_STACK, so a dead
 * thread's stack is not scanned either; it is scrubbed all the same, as
 * its pages may come back as memory that is).
 */
static int leak_thread(void *data)
{
	struct leak_work *w = data;
	int i;

	for (i = 0; i < NR_LEAKS; i++) {
		void *p = mymem_cache_alloc(w->s, GFP_KERNEL);

		leaked[i] = p ? (unsigned long)p ^ ~0UL : 0;
	}
	kept = mymem_cache_alloc(w->s, GFP_KERNEL);
	scrub_stack(2);
	complete(&w->done);
	return 0;
}

/* Does the kmemleak report list an unreferenced object at @addr? */
static bool kmemleak_lists(struct kunit *test, unsigned long addr, size_t size)
{
	return !mymem_test_sh(test,
			      "busybox grep -q 'unreferenced object 0x%08lx (size %zu):' " KMEMLEAK,
			      addr, size);
}

static int leaks_listed(struct kunit *test)
{
	int i, n = 0;

	for (i = 0; i < NR_LEAKS; i++)
		n += kmemleak_lists(test, leaked[i] ^ ~0UL, 200);
	return n;
}

/*
 * Objects are registered with kmemleak: objects that nothing points to are
 * reported after a scan, one that is referenced is not, freed ones are
 * forgotten. kmemleak's scan is conservative: a stale copy of an address
 * anywhere it scans hides that leak, so of NR_LEAKS leaks at least one
 * must be found (none is, if registration is missing). Needs a kernel
 * booted with kmemleak=on (the rig's KUnit boots are).
 */
static void kmemleak_finds_leak(struct kunit *test)
{
	struct leak_work w;
	struct mymem_cache *s;
	struct task_struct *t;
	int i, found;

	if (mymem_test_sh(test, "echo scan=off > " KMEMLEAK))
		kunit_skip(test, "kmemleak is not running (boot with kmemleak=on) or no busybox");
	s = mymem_test_cache_create(test, "kunit_leak", 200, 0, 0, NULL);
	KUNIT_ASSERT_NOT_NULL(test, s);
	w.s = s;
	init_completion(&w.done);
	t = kthread_create(leak_thread, &w, "kunit_leak");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	get_task_struct(t);
	wake_up_process(t);
	wait_for_completion(&w.done);
	kthread_stop(t);
	put_task_struct(t);
	for (i = 0; i < NR_LEAKS; i++)
		KUNIT_ASSERT_NE(test, leaked[i], 0UL);
	KUNIT_ASSERT_NOT_NULL(test, kept);

	/* kmemleak reports objects older than 5 s, unchanged over two scans. */
	kunit_info(test, "kmemleak: one scan summary is expected\n");
	msleep(5500);
	KUNIT_EXPECT_EQ(test, mymem_test_sh(test, "echo scan > %s; echo scan > %s", KMEMLEAK,
					    KMEMLEAK), 0);
	found = leaks_listed(test);
	kunit_info(test, "kmemleak found %d of %d leaked objects\n", found, NR_LEAKS);
	KUNIT_EXPECT_GE(test, found, 1);
	KUNIT_EXPECT_FALSE(test, kmemleak_lists(test, (unsigned long)kept, 200));

	for (i = 0; i < NR_LEAKS; i++)
		mymem_cache_free(s, (void *)(leaked[i] ^ ~0UL));
	mymem_cache_free(s, kept);
	kept = NULL;
	KUNIT_EXPECT_EQ(test, mymem_test_sh(test, "echo scan > " KMEMLEAK), 0);
	KUNIT_EXPECT_EQ(test, leaks_listed(test), 0);
	KUNIT_EXPECT_EQ(test, mymem_test_cache_destroy(test, s), 0);
	mymem_test_sh(test, "echo clear > " KMEMLEAK);
}

static struct kunit_case mymem_debug_cases[] = {
	KUNIT_CASE_PARAM(parse_debug, parse_gen_params),
	KUNIT_CASE(debug_param_names_caches),
	KUNIT_CASE(debug_param_bad_refused),
	KUNIT_CASE(debug_param_later_caches_only),
	KUNIT_CASE(debug_param_restored),
	KUNIT_CASE(switch_at_run_time),
	KUNIT_CASE(switch_refused_when_too_large),
	KUNIT_CASE(tracking_contents),
	KUNIT_CASE(trace_logs),
	KUNIT_CASE(freelist_shuffled),
	KUNIT_CASE(freepointer_hardened),
	KUNIT_CASE(fault_next_fails_once),
	KUNIT_CASE(fault_percent_spares_slabs),
	KUNIT_CASE(fault_nofail_spared),
	KUNIT_CASE(fault_global_knob),
	KUNIT_CASE(fault_knobs_in_debugfs),
	KUNIT_CASE(kmemleak_finds_leak),
	{}
};

static struct kunit_suite mymem_debug_suite = {
	.name = "mymem_debug",
	.test_cases = mymem_debug_cases,
};

kunit_test_suite(mymem_debug_suite);

MODULE_DESCRIPTION("KUnit tests for mymem's debugging machinery");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(MYMEM_NS);
