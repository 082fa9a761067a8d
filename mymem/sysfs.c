// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/mymem/<cache>/: one directory per cache, files named and
 * formatted as SLUB's /sys/kernel/slab/<cache>/ (see
 * Documentation/ABI/testing/sysfs-kernel-mymem). A client of the core: it
 * reads figures and calls the core's entry points, under mymem_mutex where
 * it changes anything.
 *
 * The directory's kobject lives in a struct of its own, freed by the
 * kobject's release; the cache is the core's (cache.c frees it). That is
 * safe because mymem_sysfs_remove() returns only once no show or store of
 * the directory runs and none can start (kernfs drains them), so a file
 * held open across destruction never reaches the freed cache.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bits.h>
#include <linux/cpumask.h>
#include <linux/kobject.h>
#include <linux/nodemask.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include "internal.h"

/* /sys/kernel/mymem; NULL before mymem_sysfs_init(). */
static struct kobject *mymem_kobj;

/* A cache's directory; s is valid while the directory is in sysfs. */
struct mymem_cache_dir {
	struct kobject kobj;
	struct mymem_cache *s;
};

/* A file of a cache's directory. */
struct mymem_attr {
	struct attribute attr;
	ssize_t (*show)(struct mymem_cache *s, char *buf);
	ssize_t (*store)(struct mymem_cache *s, const char *buf, size_t len);
};

#define MYMEM_ATTR_RO(_name) \
	static struct mymem_attr _name##_attr = __ATTR_RO_MODE(_name, 0444)
#define MYMEM_ATTR_RW(_name) \
	static struct mymem_attr _name##_attr = __ATTR_RW_MODE(_name, 0644)
#define MYMEM_ATTR_RW_ROOT(_name) \
	static struct mymem_attr _name##_attr = __ATTR_RW_MODE(_name, 0600)
#define MYMEM_ATTR_WO(_name) \
	static struct mymem_attr _name##_attr = __ATTR_WO(_name)

#define to_cache(k)	(container_of(k, struct mymem_cache_dir, kobj)->s)
#define to_attr(a)	container_of(a, struct mymem_attr, attr)

static ssize_t object_size_show(struct mymem_cache *s, char *buf)
{
	return sysfs_emit(buf, "%u\n", s->object_size);
}
MYMEM_ATTR_RO(object_size);

/* The stride of new slabs' objects: it changes with the debug areas. */
static ssize_t slab_size_show(struct mymem_cache *s, char *buf)
{
	bool debug;

	return sysfs_emit(buf, "%u\n", s->layouts[mymem_new_slab_layout(s, &debug)].size);
}
MYMEM_ATTR_RO(slab_size);

static ssize_t objs_per_slab_show(struct mymem_cache *s, char *buf)
{
	bool debug;

	return sysfs_emit(buf, "%u\n", s->layouts[mymem_new_slab_layout(s, &debug)].objects);
}
MYMEM_ATTR_RO(objs_per_slab);

static ssize_t order_show(struct mymem_cache *s, char *buf)
{
	bool debug;

	return sysfs_emit(buf, "%u\n", s->layouts[mymem_new_slab_layout(s, &debug)].order);
}
MYMEM_ATTR_RO(order);

/* --- debugging, switchable at run time --- */

static ssize_t flag_show(struct mymem_cache *s, char *buf, slab_flags_t flag)
{
	return sysfs_emit(buf, "%d\n", !!(READ_ONCE(s->flags) & flag));
}

static ssize_t flag_store(struct mymem_cache *s, const char *buf, size_t len,
			  slab_flags_t flag)
{
	bool on;
	int err;

	err = mymem_parse_bool(buf, &on);
	if (err)
		return err;
	err = mymem_set_debug(s, on ? flag : 0, on ? 0 : flag);
	return err ? err : len;
}

#define MYMEM_FLAG_ATTR(_name, _flag)						\
static const slab_flags_t _name##_flag = _flag;				\
static ssize_t _name##_show(struct mymem_cache *s, char *buf)			\
{										\
	return flag_show(s, buf, _name##_flag);					\
}										\
static ssize_t _name##_store(struct mymem_cache *s, const char *buf, size_t len) \
{										\
	return flag_store(s, buf, len, _name##_flag);				\
}										\
MYMEM_ATTR_RW_ROOT(_name)

MYMEM_FLAG_ATTR(sanity_checks, SLAB_CONSISTENCY_CHECKS);
MYMEM_FLAG_ATTR(red_zone, SLAB_RED_ZONE);
MYMEM_FLAG_ATTR(poison, SLAB_POISON);
MYMEM_FLAG_ATTR(store_user, SLAB_STORE_USER);
MYMEM_FLAG_ATTR(trace, SLAB_TRACE);

static ssize_t freelist_random_show(struct mymem_cache *s, char *buf)
{
	return sysfs_emit(buf, "%d\n", READ_ONCE(s->freelist_random));
}

static ssize_t freelist_random_store(struct mymem_cache *s, const char *buf, size_t len)
{
	struct mymem_tunables t = MYMEM_TUNABLES_KEEP;
	bool on;
	int err = mymem_parse_bool(buf, &on);

	if (err)
		return err;
	t.freelist_random = on;
	err = mymem_commit_tunables(s, &t);
	return err ? err : len;
}
MYMEM_ATTR_RW_ROOT(freelist_random);

/* Read: problems the last validation found. Write 1: validate now. */
static ssize_t validate_show(struct mymem_cache *s, char *buf)
{
	return sysfs_emit(buf, "%d\n", READ_ONCE(s->last_validate));
}

static ssize_t validate_store(struct mymem_cache *s, const char *buf, size_t len)
{
	bool run;
	int ret = mymem_parse_bool(buf, &run);

	if (ret || !run)
		return ret ? ret : -EINVAL;
	ret = mymem_cache_validate(s);
	return ret < 0 ? ret : len;
}
MYMEM_ATTR_RW_ROOT(validate);

static ssize_t alloc_calls_show(struct mymem_cache *s, char *buf)
{
	return mymem_list_locations(s, buf, MYMEM_TRACK_ALLOC);
}
MYMEM_ATTR_RO(alloc_calls);

static ssize_t free_calls_show(struct mymem_cache *s, char *buf)
{
	return mymem_list_locations(s, buf, MYMEM_TRACK_FREE);
}
MYMEM_ATTR_RO(free_calls);

/* Frees refused on corrupt memory, and the slabs set aside with them. */
static ssize_t isolated_show(struct mymem_cache *s, char *buf)
{
	return sysfs_emit(buf, "%ld objects in %lu slabs\n",
			  atomic_long_read(&s->isolated_objects), mymem_isolated_slabs(s));
}
MYMEM_ATTR_RO(isolated);

/* --- slabs and objects, per node as SLUB: "total N0=x N1=y" --- */

static ssize_t show_total(struct mymem_cache *s, char *buf, enum mymem_total what)
{
	unsigned long *per_node = kcalloc(nr_node_ids, sizeof(*per_node), GFP_KERNEL);
	unsigned long total;
	int len, nid;

	if (!per_node)
		return -ENOMEM;
	total = mymem_total(s, what, per_node);
	len = sysfs_emit(buf, "%lu", total);
	for_each_node(nid)
		if (per_node[nid])
			len += sysfs_emit_at(buf, len, " N%d=%lu", nid, per_node[nid]);
	len += sysfs_emit_at(buf, len, "\n");
	kfree(per_node);
	return len;
}

#define MYMEM_TOTAL_ATTR(_name, _what)					\
static ssize_t _name##_show(struct mymem_cache *s, char *buf)		\
{									\
	return show_total(s, buf, _what);				\
}									\
MYMEM_ATTR_RO(_name)

MYMEM_TOTAL_ATTR(slabs, MYMEM_TOTAL_SLABS);
MYMEM_TOTAL_ATTR(partial, MYMEM_TOTAL_PARTIAL);
MYMEM_TOTAL_ATTR(objects, MYMEM_TOTAL_OBJECTS);
MYMEM_TOTAL_ATTR(objects_partial, MYMEM_TOTAL_OBJECTS_PARTIAL);
MYMEM_TOTAL_ATTR(total_objects, MYMEM_TOTAL_TOTAL_OBJECTS);
MYMEM_TOTAL_ATTR(cpu_slabs, MYMEM_TOTAL_CPU_SLABS);

/*
 * As SLUB 6.1: "objects(slabs)" of the CPU partial lists, then per CPU;
 * objects estimated as half of what the slabs hold (their fill is not
 * read: the lists are their CPUs' own).
 */
static ssize_t slabs_cpu_partial_show(struct mymem_cache *s, char *buf)
{
	unsigned long slabs = 0;
	int cpu, len;

	for_each_online_cpu(cpu)
		slabs += mymem_cpu_partial_slabs(s, cpu);
	len = sysfs_emit(buf, "%lu(%lu)", slabs * s->objects / 2, slabs);
	for_each_online_cpu(cpu) {
		unsigned int n = mymem_cpu_partial_slabs(s, cpu);

		if (n)
			len += sysfs_emit_at(buf, len, " C%d=%u(%u)", cpu, n * s->objects / 2, n);
	}
	len += sysfs_emit_at(buf, len, "\n");
	return len;
}
MYMEM_ATTR_RO(slabs_cpu_partial);

/* --- beyond SLUB: where the memory goes, how full the partial slabs are --- */

static ssize_t waste_show(struct mymem_cache *s, char *buf)
{
	struct mymem_waste w;

	mymem_get_waste(s, &w);
	return sysfs_emit(buf, "%lu rounding=%lu metadata=%lu leftover=%lu free=%lu\n",
			  w.rounding + w.metadata + w.leftover + w.free, w.rounding,
			  w.metadata, w.leftover, w.free);
}
MYMEM_ATTR_RO(waste);

static ssize_t occupancy_show(struct mymem_cache *s, char *buf)
{
	unsigned long counts[MYMEM_OCCUPANCY_BUCKETS];
	int nid, i, len = 0;

	for_each_node_state(nid, N_MEMORY) {
		mymem_get_occupancy(s, nid, counts);
		len += sysfs_emit_at(buf, len, "N%d empty=%lu", nid, counts[0]);
		for (i = 0; i < 10; i++)
			len += sysfs_emit_at(buf, len, " %d-%d%%=%lu", i * 10, i * 10 + 9,
					     counts[1 + i]);
		len += sysfs_emit_at(buf, len, "\n");
	}
	return len;
}
MYMEM_ATTR_RO(occupancy);

/* --- tunables --- */

static ssize_t cpu_partial_show(struct mymem_cache *s, char *buf)
{
	return sysfs_emit(buf, "%u\n", READ_ONCE(s->cpu_partial));
}

/* Parse one unsigned value and commit it as the tunable at @field. */
static ssize_t store_tunable(struct mymem_cache *s, const char *buf, size_t len,
			     size_t field)
{
	struct mymem_tunables t = MYMEM_TUNABLES_KEEP;
	unsigned long v;
	int err = kstrtoul(buf, 10, &v);

	if (err)
		return err;
	if (v == MYMEM_KEEP)
		return -EINVAL;
	*(unsigned long *)((char *)&t + field) = v;
	err = mymem_commit_tunables(s, &t);
	return err ? err : len;
}

static ssize_t cpu_partial_store(struct mymem_cache *s, const char *buf, size_t len)
{
	return store_tunable(s, buf, len, offsetof(struct mymem_tunables, cpu_partial));
}
MYMEM_ATTR_RW(cpu_partial);

static ssize_t min_partial_show(struct mymem_cache *s, char *buf)
{
	return sysfs_emit(buf, "%lu\n", READ_ONCE(s->min_partial));
}

static ssize_t min_partial_store(struct mymem_cache *s, const char *buf, size_t len)
{
	return store_tunable(s, buf, len, offsetof(struct mymem_tunables, min_partial));
}
MYMEM_ATTR_RW(min_partial);

static ssize_t remote_node_defrag_ratio_show(struct mymem_cache *s, char *buf)
{
	return sysfs_emit(buf, "%u\n", READ_ONCE(s->remote_node_defrag_ratio));
}

static ssize_t remote_node_defrag_ratio_store(struct mymem_cache *s, const char *buf,
					      size_t len)
{
	return store_tunable(s, buf, len,
			     offsetof(struct mymem_tunables, remote_node_defrag_ratio));
}
MYMEM_ATTR_RW(remote_node_defrag_ratio);

static ssize_t sheaf_capacity_show(struct mymem_cache *s, char *buf)
{
	return sysfs_emit(buf, "%u\n", READ_ONCE(s->sheaf_capacity));
}

static ssize_t sheaf_capacity_store(struct mymem_cache *s, const char *buf, size_t len)
{
	return store_tunable(s, buf, len, offsetof(struct mymem_tunables, sheaf_capacity));
}
MYMEM_ATTR_RW(sheaf_capacity);

/* Objects parked in sheaves; per node, the full and empty sheaves of its barn. */
static ssize_t sheaf_objects_show(struct mymem_cache *s, char *buf)
{
	unsigned int full, empty;
	int len = sysfs_emit(buf, "%ld", mymem_sheaf_objects(s)), nid;

	for_each_node_state(nid, N_NORMAL_MEMORY) {
		mymem_barn_counts(s, nid, &full, &empty);
		len += sysfs_emit_at(buf, len, " N%d=%u/%u", nid, full, empty);
	}
	len += sysfs_emit_at(buf, len, "\n");
	return len;
}
MYMEM_ATTR_RO(sheaf_objects);

/* --- how the cache was made --- */

static ssize_t align_show(struct mymem_cache *s, char *buf)
{
	return sysfs_emit(buf, "%u\n", s->align);
}
MYMEM_ATTR_RO(align);

static ssize_t ctor_show(struct mymem_cache *s, char *buf)
{
	return s->ctor ? sysfs_emit(buf, "%pS\n", s->ctor) : 0;
}
MYMEM_ATTR_RO(ctor);

static ssize_t hwcache_align_show(struct mymem_cache *s, char *buf)
{
	return flag_show(s, buf, SLAB_HWCACHE_ALIGN);
}
MYMEM_ATTR_RO(hwcache_align);

static ssize_t cache_dma_show(struct mymem_cache *s, char *buf)
{
	return flag_show(s, buf, SLAB_CACHE_DMA);
}
MYMEM_ATTR_RO(cache_dma);

static ssize_t cache_dma32_show(struct mymem_cache *s, char *buf)
{
	return flag_show(s, buf, SLAB_CACHE_DMA32);
}
MYMEM_ATTR_RO(cache_dma32);

/* No usercopy region: hardened usercopy does not see mymem's objects. */
static ssize_t usersize_show(struct mymem_cache *s, char *buf)
{
	return sysfs_emit(buf, "0\n");
}
MYMEM_ATTR_RO(usersize);

static ssize_t reclaim_account_show(struct mymem_cache *s, char *buf)
{
	return flag_show(s, buf, SLAB_RECLAIM_ACCOUNT);
}
MYMEM_ATTR_RO(reclaim_account);

static ssize_t destroy_by_rcu_show(struct mymem_cache *s, char *buf)
{
	return flag_show(s, buf, SLAB_TYPESAFE_BY_RCU);
}
MYMEM_ATTR_RO(destroy_by_rcu);

/* mymem never merges caches: no cache has aliases. */
static ssize_t aliases_show(struct mymem_cache *s, char *buf)
{
	return sysfs_emit(buf, "0\n");
}
MYMEM_ATTR_RO(aliases);

/* Write 1: mymem_cache_shrink(). */
static ssize_t shrink_store(struct mymem_cache *s, const char *buf, size_t len)
{
	bool run;
	int err = mymem_parse_bool(buf, &run);

	if (err || !run)
		return err ? err : -EINVAL;
	mymem_cache_shrink(s);
	return len;
}
MYMEM_ATTR_WO(shrink);

/* --- event counters: "total C0=x C1=y", write 0 to clear --- */

static ssize_t show_stat(struct mymem_cache *s, char *buf, enum mymem_stat_item item)
{
	int cpu, len = sysfs_emit(buf, "%lu", mymem_stat_sum(s, item));

	for_each_possible_cpu(cpu) {
		unsigned long x = mymem_stat_cpu(s, item, cpu);

		if (x)
			len += sysfs_emit_at(buf, len, " C%d=%lu", cpu, x);
	}
	len += sysfs_emit_at(buf, len, "\n");
	return len;
}

static ssize_t store_stat(struct mymem_cache *s, const char *buf, size_t len,
			  enum mymem_stat_item item)
{
	unsigned int v;
	int err = kstrtouint(buf, 10, &v);

	if (err || v)
		return err ? err : -EINVAL;
	mymem_stat_clear(s, item);
	return len;
}

/*
 * One file per counter, named from mymem_stat_names[] (stats.c): a new
 * counter needs only its enum entry and its name.
 */
struct mymem_stat_attr {
	struct attribute attr;
	enum mymem_stat_item item;
};

static struct mymem_stat_attr stat_attrs[NR_MYMEM_STATS];
static struct attribute *stat_attr_list[NR_MYMEM_STATS + 1];
static const struct attribute_group stat_group = { .attrs = stat_attr_list };

/* The counter @attr shows, or NR_MYMEM_STATS if it is not a counter's file. */
static enum mymem_stat_item stat_of(const struct attribute *attr)
{
	unsigned long off = (unsigned long)attr - (unsigned long)stat_attrs;

	if (off >= sizeof(stat_attrs))
		return NR_MYMEM_STATS;
	return container_of(attr, struct mymem_stat_attr, attr)->item;
}

static void init_stat_attrs(void)
{
	enum mymem_stat_item i;

	for (i = 0; i < NR_MYMEM_STATS; i++) {
		stat_attrs[i].attr.name = mymem_stat_names[i];
		stat_attrs[i].attr.mode = 0644;
		stat_attrs[i].item = i;
		stat_attr_list[i] = &stat_attrs[i].attr;
	}
}

static struct attribute *mymem_cache_attrs[] = {
	&object_size_attr.attr,
	&slab_size_attr.attr,
	&objs_per_slab_attr.attr,
	&order_attr.attr,
	&sanity_checks_attr.attr,
	&red_zone_attr.attr,
	&poison_attr.attr,
	&store_user_attr.attr,
	&trace_attr.attr,
	&freelist_random_attr.attr,
	&validate_attr.attr,
	&alloc_calls_attr.attr,
	&free_calls_attr.attr,
	&isolated_attr.attr,
	&slabs_attr.attr,
	&partial_attr.attr,
	&waste_attr.attr,
	&occupancy_attr.attr,
	&objects_attr.attr,
	&objects_partial_attr.attr,
	&total_objects_attr.attr,
	&cpu_slabs_attr.attr,
	&slabs_cpu_partial_attr.attr,
	&cpu_partial_attr.attr,
	&min_partial_attr.attr,
	&remote_node_defrag_ratio_attr.attr,
	&sheaf_capacity_attr.attr,
	&sheaf_objects_attr.attr,
	&align_attr.attr,
	&ctor_attr.attr,
	&hwcache_align_attr.attr,
	&cache_dma_attr.attr,
	&cache_dma32_attr.attr,
	&usersize_attr.attr,
	&reclaim_account_attr.attr,
	&destroy_by_rcu_attr.attr,
	&aliases_attr.attr,
	&shrink_attr.attr,
	NULL
};

static const struct attribute_group mymem_cache_group = { .attrs = mymem_cache_attrs };
static const struct attribute_group *mymem_cache_groups[] = {
	&mymem_cache_group,
	&stat_group,
	NULL
};

static ssize_t mymem_attr_show(struct kobject *kobj, struct attribute *attr, char *buf)
{
	enum mymem_stat_item item = stat_of(attr);
	struct mymem_attr *a;

	if (item < NR_MYMEM_STATS)
		return show_stat(to_cache(kobj), buf, item);
	a = to_attr(attr);
	return a->show ? a->show(to_cache(kobj), buf) : -EIO;
}

static ssize_t mymem_attr_store(struct kobject *kobj, struct attribute *attr,
				const char *buf, size_t len)
{
	enum mymem_stat_item item = stat_of(attr);
	struct mymem_attr *a;

	if (item < NR_MYMEM_STATS)
		return store_stat(to_cache(kobj), buf, len, item);
	a = to_attr(attr);
	return a->store ? a->store(to_cache(kobj), buf, len) : -EIO;
}

static const struct sysfs_ops mymem_sysfs_ops = {
	.show = mymem_attr_show,
	.store = mymem_attr_store,
};

static void mymem_cache_dir_release(struct kobject *kobj)
{
	kfree(container_of(kobj, struct mymem_cache_dir, kobj));
}

static const struct kobj_type mymem_cache_ktype = {
	.sysfs_ops = &mymem_sysfs_ops,
	.release = mymem_cache_dir_release,
	.default_groups = mymem_cache_groups,
};

/**
 * mymem_sysfs_add() - give a new cache its directory
 * @s: the cache, not yet in the registry
 *
 * A directory that cannot be made is reported; the cache works without it.
 *
 * Context: process context; may sleep.
 */
void mymem_sysfs_add(struct mymem_cache *s)
{
	struct mymem_cache_dir *dir = kzalloc(sizeof(*dir), GFP_KERNEL);

	if (!dir || !mymem_kobj) {
		kfree(dir);
		pr_warn("cache '%s': no sysfs directory\n", s->name);
		return;
	}
	dir->s = s;
	kobject_init(&dir->kobj, &mymem_cache_ktype);
	if (kobject_add(&dir->kobj, mymem_kobj, "%s", s->name)) {
		kobject_put(&dir->kobj);
		pr_warn("cache '%s': no sysfs directory\n", s->name);
		return;
	}
	s->kobj = &dir->kobj;
}

/**
 * mymem_sysfs_remove() - remove a cache's directory
 * @s: the cache, out of the registry
 *
 * Waits for readers and writers of its files to finish; afterwards none
 * reaches @s, whoever still holds the kobject.
 *
 * Context: process context, mymem_mutex not held.
 */
void mymem_sysfs_remove(struct mymem_cache *s)
{
	if (!s->kobj)
		return;
	kobject_del(s->kobj);
	kobject_put(s->kobj);
	s->kobj = NULL;
}

int mymem_sysfs_init(void)
{
	init_stat_attrs();
	mymem_kobj = kobject_create_and_add("mymem", kernel_kobj);
	return mymem_kobj ? 0 : -ENOMEM;
}

void mymem_sysfs_exit(void)
{
	kobject_put(mymem_kobj);
	mymem_kobj = NULL;
}
