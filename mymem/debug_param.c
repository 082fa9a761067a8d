// SPDX-License-Identifier: GPL-2.0
/*
 * The debug= parameter: slub_debug's syntax, parsed by a pure function
 * (mymem_parse_debug(), which the KUnit suite mymem_debug calls on its
 * own strings), and the flags it gives each new cache by name.
 *
 *   debug=<flags>[,<cache>[,<cache>...]][;<flags>,...]
 *
 * <flags> are slub_debug's letters F Z P U T, '-' for none, nothing for
 * FZPU; a <cache> ending in '*' matches a prefix. Writable at run time in
 * /sys/module/mymem/parameters/debug; a bad string is refused with a
 * warning and changes nothing. Caches made afterwards get the flags.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ctype.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/string.h>

#include "internal.h"

static DEFINE_MUTEX(debug_param_mutex);
static struct mymem_debug_spec debug_spec;
static char debug_param[256];

static int parse_flags(const char *p, size_t len, slab_flags_t *flags)
{
	size_t i;

	if (!len) {
		*flags = SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER;
		return 0;
	}
	*flags = 0;
	if (len == 1 && *p == '-')
		return 0;
	for (i = 0; i < len; i++) {
		switch (tolower(p[i])) {
		case 'f':
			*flags |= SLAB_CONSISTENCY_CHECKS;
			break;
		case 'z':
			*flags |= SLAB_RED_ZONE;
			break;
		case 'p':
			*flags |= SLAB_POISON;
			break;
		case 'u':
			*flags |= SLAB_STORE_USER;
			break;
		case 't':
			*flags |= SLAB_TRACE;
			break;
		default:
			pr_warn("debug=: unknown flag '%c' (known: F Z P U T, or - for none)\n",
				p[i]);
			return -EINVAL;
		}
	}
	return 0;
}

/**
 * mymem_parse_debug() - parse a debug= string, slub_debug's syntax
 * @str: blocks separated by ';', each "<flags>[,<cache>[,<cache>...]]";
 *	 flags are letters of F Z P U T, '-' for none, empty for FZPU; a
 *	 block without caches sets the flags of every cache no block names;
 *	 a cache name ending in '*' is a prefix
 * @spec: the result; left untouched on error
 *
 * Context: any context.
 * Return: 0, or -EINVAL (reported with pr_warn()) for a bad string.
 */
int mymem_parse_debug(const char *str, struct mymem_debug_spec *spec)
{
	struct mymem_debug_spec new = { };
	bool have_all = false;
	const char *block = str;

	while (block && *block) {
		const char *end = strchrnul(block, ';'), *comma, *name;
		slab_flags_t flags;

		comma = memchr(block, ',', end - block);
		if (parse_flags(block, (comma ? comma : end) - block, &flags))
			return -EINVAL;
		if (!comma) {
			if (have_all) {
				pr_warn("debug=: more than one block without a cache list\n");
				return -EINVAL;
			}
			have_all = true;
			new.all = flags;
		}
		for (name = comma; name && name < end; ) {
			const char *next = memchr(name + 1, ',', end - name - 1);
			size_t len = (next ? next : end) - name - 1;
			struct mymem_debug_rule *r;

			if (!len || len > MYMEM_NAME_MAX) {
				pr_warn("debug=: empty or too long cache name\n");
				return -EINVAL;
			}
			if (new.nr_rules == MYMEM_DEBUG_MAX_RULES) {
				pr_warn("debug=: more than %d cache names\n",
					MYMEM_DEBUG_MAX_RULES);
				return -EINVAL;
			}
			r = &new.rules[new.nr_rules++];
			memcpy(r->pattern, name + 1, len);
			r->pattern[len] = '\0';
			r->flags = flags;
			name = next;
		}
		block = *end ? end + 1 : NULL;
	}
	*spec = new;
	return 0;
}
EXPORT_SYMBOL_NS_GPL(mymem_parse_debug, MYMEM_NS);

/**
 * mymem_spec_flags() - the debug flags a parsed debug= gives a cache
 * @spec: from mymem_parse_debug()
 * @name: the cache's name
 *
 * Context: any context.
 * Return: the flags of the first block naming @name, else those for all.
 */
slab_flags_t mymem_spec_flags(const struct mymem_debug_spec *spec, const char *name)
{
	unsigned int i;

	for (i = 0; i < spec->nr_rules; i++) {
		const char *pat = spec->rules[i].pattern;
		size_t len = strlen(pat);

		if (len && pat[len - 1] == '*' ? !strncmp(pat, name, len - 1) : !strcmp(pat, name))
			return spec->rules[i].flags;
	}
	return spec->all;
}
EXPORT_SYMBOL_NS_GPL(mymem_spec_flags, MYMEM_NS);

/**
 * mymem_debug_flags_for() - the flags of a new cache, with debug= applied
 * @name: the cache's name
 * @flags: the flags it is created with
 *
 * Also makes ready what the debug flags need (mymem_debug_prepare()).
 *
 * Context: process context, mymem_mutex not held.
 * Return: @flags with the debug flags debug= gives @name added.
 */
slab_flags_t mymem_debug_flags_for(const char *name, slab_flags_t flags)
{
	mutex_lock(&debug_param_mutex);
	flags |= mymem_spec_flags(&debug_spec, name);
	mutex_unlock(&debug_param_mutex);
	mymem_debug_prepare(flags);
	return flags;
}

static int debug_param_set(const char *val, const struct kernel_param *kp)
{
	struct mymem_debug_spec *spec;
	size_t len = strcspn(val, "\n");
	char *str;
	int err = -EINVAL;

	if (len >= sizeof(debug_param)) {
		pr_warn("debug=: longer than %zu characters\n", sizeof(debug_param) - 1);
		return -EINVAL;
	}
	str = kstrndup(val, len, GFP_KERNEL);
	spec = kmalloc(sizeof(*spec), GFP_KERNEL);
	if (!str || !spec) {
		err = -ENOMEM;
		goto out;
	}
	if (mymem_parse_debug(str, spec)) {
		pr_warn("debug=: '%s' refused, the setting is unchanged\n", str);
		goto out;
	}
	mutex_lock(&debug_param_mutex);
	strscpy(debug_param, str, sizeof(debug_param));
	debug_spec = *spec;
	mutex_unlock(&debug_param_mutex);
	err = 0;
out:
	kfree(spec);
	kfree(str);
	return err;
}

static int debug_param_get(char *buf, const struct kernel_param *kp)
{
	int ret;

	mutex_lock(&debug_param_mutex);
	ret = sysfs_emit(buf, "%s\n", debug_param);
	mutex_unlock(&debug_param_mutex);
	return ret;
}

static const struct kernel_param_ops debug_param_ops = {
	.set = debug_param_set,
	.get = debug_param_get,
};

module_param_cb(debug, &debug_param_ops, NULL, 0644);
MODULE_PARM_DESC(debug, "slub_debug's syntax: [FZPUT-][,cache,...][;...] (later caches)");
