// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/mymem/<cache>/: one directory per cache, files named and
 * formatted as SLUB's /sys/kernel/slab/<cache>/ (see
 * Documentation/ABI/testing/sysfs-kernel-mymem). A client of the core: it
 * reads figures and calls the core's entry points, under mymem_mutex where
 * it changes anything.
 *
 * The directory's kobject is embedded in the cache and its release frees
 * the cache, so that a file open while the cache is destroyed never reads
 * freed memory.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kobject.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include "internal.h"

struct kobject *mymem_kobj;

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

#define to_cache(k)	container_of(k, struct mymem_cache, kobj)
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

	err = kstrtobool(buf, &on);
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
	bool on;
	int err = kstrtobool(buf, &on);

	if (err)
		return err;
	WRITE_ONCE(s->freelist_random, on);
	return len;
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
	int ret = kstrtobool(buf, &run);

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
	unsigned long slabs = 0;
	int nid;

	for_each_node(nid)
		slabs += READ_ONCE(s->node[nid]->nr_isolated);
	return sysfs_emit(buf, "%ld objects in %lu slabs\n",
			  atomic_long_read(&s->isolated_objects), slabs);
}
MYMEM_ATTR_RO(isolated);

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
	NULL
};
ATTRIBUTE_GROUPS(mymem_cache);

static ssize_t mymem_attr_show(struct kobject *kobj, struct attribute *attr, char *buf)
{
	struct mymem_attr *a = to_attr(attr);

	return a->show ? a->show(to_cache(kobj), buf) : -EIO;
}

static ssize_t mymem_attr_store(struct kobject *kobj, struct attribute *attr,
				const char *buf, size_t len)
{
	struct mymem_attr *a = to_attr(attr);

	return a->store ? a->store(to_cache(kobj), buf, len) : -EIO;
}

static const struct sysfs_ops mymem_sysfs_ops = {
	.show = mymem_attr_show,
	.store = mymem_attr_store,
};

static void mymem_cache_release(struct kobject *kobj)
{
	mymem_free_cache(to_cache(kobj));
}

static const struct kobj_type mymem_cache_ktype = {
	.sysfs_ops = &mymem_sysfs_ops,
	.release = mymem_cache_release,
	.default_groups = mymem_cache_groups,
};

/**
 * mymem_sysfs_add() - give a new cache its kobject and directory
 * @s: the cache, registered
 *
 * From here on the cache is freed by kobject_put(&s->kobj). A directory
 * that cannot be made is reported; the cache works without it.
 *
 * Context: process context; may sleep.
 */
void mymem_sysfs_add(struct mymem_cache *s)
{
	kobject_init(&s->kobj, &mymem_cache_ktype);
	if (kobject_add(&s->kobj, mymem_kobj, "%s", s->name))
		pr_warn("cache '%s': no sysfs directory\n", s->name);
}

/**
 * mymem_sysfs_remove() - remove a cache's directory
 * @s: the cache, out of the registry
 *
 * Waits for readers and writers of its files to finish.
 *
 * Context: process context, mymem_mutex not held.
 */
void mymem_sysfs_remove(struct mymem_cache *s)
{
	kobject_del(&s->kobj);
}

int mymem_sysfs_init(void)
{
	mymem_kobj = kobject_create_and_add("mymem", kernel_kobj);
	return mymem_kobj ? 0 : -ENOMEM;
}

void mymem_sysfs_exit(void)
{
	kobject_put(mymem_kobj);
	mymem_kobj = NULL;
}
