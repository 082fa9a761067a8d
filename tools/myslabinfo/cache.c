// SPDX-License-Identifier: GPL-2.0
/*
 * Reading mymem's caches: one directory per cache under /sys/kernel/mymem
 * (SLUB's ABI plus waste, occupancy and isolated), the exact count of
 * objects in use from /proc/myslabinfo. Files that only root may read
 * (the debug flags, validate) are noted and told once on stderr.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "myslabinfo.h"

const char *sysfs_dir = "/sys/kernel/mymem";
const char *proc_file = "/proc/myslabinfo";
const char *debugfs_dir = "/sys/kernel/debug/mymem";
long page_size = 4096;

const char *const stat_names[NR_STATS] = {
	"alloc_fastpath", "alloc_slowpath", "free_fastpath", "free_slowpath",
	"free_frozen", "free_add_partial", "free_remove_partial", "alloc_from_partial",
	"alloc_slab", "alloc_refill", "alloc_node_mismatch", "free_slab",
	"cpuslab_flush", "deactivate_full", "deactivate_empty", "deactivate_to_head",
	"deactivate_to_tail", "deactivate_remote_frees", "deactivate_bypass",
	"order_fallback", "cmpxchg_double_cpu_fail", "cmpxchg_double_fail",
	"cpu_partial_alloc", "cpu_partial_free", "cpu_partial_drain",
	"alloc_cpu_sheaf", "free_cpu_sheaf", "sheaf_flush", "sheaf_refill", "sheaf_swap",
	"sheaf_alloc", "sheaf_free", "barn_get", "barn_get_fail", "barn_put", "barn_put_fail",
	"free_rcu_sheaf", "free_rcu_sheaf_fail", "sheaf_prefill_fast", "sheaf_prefill_slow",
	"sheaf_prefill_oversize", "sheaf_return_fast", "sheaf_return_slow",
};

const char *const flag_files[NR_FLAGS] = {
	"sanity_checks", "red_zone", "poison", "store_user", "trace",
	"hwcache_align", "reclaim_account", "destroy_by_rcu",
};

const char flag_letters[NR_FLAGS + 1] = "FZPUTArR";

/* The files of cache directories that could not be read for permission. */
#define MAX_DENIED	16
static const char *denied[MAX_DENIED];
static int nr_denied;

static void note_denied(const char *file)
{
	int i;

	for (i = 0; i < nr_denied; i++)
		if (!strcmp(denied[i], file))
			return;
	if (nr_denied < MAX_DENIED)
		denied[nr_denied++] = file;
}

/* The names of the files not readable so far; how many. */
int denied_files(const char *const **files)
{
	*files = denied;
	return nr_denied;
}

/* One notice on stderr, once a run, of what could not be read. */
void tell_denied(void)
{
	static bool told;
	bool flags = false;
	int i, k;

	if (told || !nr_denied)
		return;
	told = true;
	fputs("myslabinfo: cannot read", stderr);
	for (i = 0; i < nr_denied; i++) {
		fprintf(stderr, "%s %s", i ? "," : "", denied[i]);
		for (k = 0; k < NR_FLAGS; k++)
			flags |= !strcmp(denied[i], flag_files[k]);
	}
	fprintf(stderr, " in %s/<cache>/: %s (root only)%s\n", sysfs_dir, strerror(EACCES),
		flags ? "; flags it could not read show as '?'" : "");
}

/* Read a whole small file, NUL-terminated; bytes read or -errno. */
int read_file(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY), n, got = 0;

	if (fd < 0)
		return -errno;
	while ((size_t)got < len - 1 && (n = read(fd, buf + got, len - 1 - got)) > 0)
		got += n;
	buf[got] = '\0';
	close(fd);
	return got;
}

static int cache_path(char *path, size_t len, const char *cache, const char *file)
{
	int n = snprintf(path, len, "%s/%s/%s", sysfs_dir, cache, file);

	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

/* Write @val to one of a cache's files; 0 or -errno. */
int write_cache_file(const char *cache, const char *file, const char *val)
{
	char path[512];
	int fd, err = 0;

	if (cache_path(path, sizeof(path), cache, file))
		return -ENAMETOOLONG;
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	if (write(fd, val, strlen(val)) < 0)
		err = -errno;
	close(fd);
	return err;
}

/* Read one of a cache's files; bytes read or -errno, -EACCES noted. */
static int read_cache_file(const char *cache, const char *file, char *buf, size_t len)
{
	char path[512];
	int n;

	if (cache_path(path, sizeof(path), cache, file))
		return -ENAMETOOLONG;
	n = read_file(path, buf, len);
	if (n == -EACCES || n == -EPERM)
		note_denied(file);
	return n;
}

static unsigned long read_num(const char *cache, const char *file)
{
	char buf[64];

	if (read_cache_file(cache, file, buf, sizeof(buf)) <= 0)
		return 0;
	return strtoul(buf, NULL, 10);
}

/* "total N0=x N1=y" (nodes) or "total C0=x" (CPUs: only the total kept). */
static void read_per_node(const char *cache, const char *file, struct per_node *v)
{
	char buf[4096], *p, *end;

	memset(v, 0, sizeof(*v));
	if (read_cache_file(cache, file, buf, sizeof(buf)) <= 0)
		return;
	v->total = strtoul(buf, &p, 10);
	while ((p = strstr(p, " N")) != NULL) {
		long nid = strtol(p + 2, &end, 10);

		if (*end != '=' || nid < 0 || nid >= MAX_NODES)
			break;
		v->node[nid] = strtoul(end + 1, &p, 10);
	}
}

/* slabs_cpu_partial: "<objects>(<slabs>) C<cpu>=<objects>(<slabs>) ...". */
static unsigned long read_cpu_partial(const char *cache)
{
	unsigned long objects, slabs;
	char buf[4096];

	if (read_cache_file(cache, "slabs_cpu_partial", buf, sizeof(buf)) <= 0 ||
	    sscanf(buf, "%lu(%lu)", &objects, &slabs) != 2)
		return 0;
	return slabs;
}

/* "N0 empty=a 0-9%=b ... 90-99%=k", one line per node. */
static void read_occupancy(const char *cache, struct cache *c)
{
	char buf[4096], *line, *save = NULL;

	c->occ_nodes = 0;
	if (read_cache_file(cache, "occupancy", buf, sizeof(buf)) <= 0)
		return;
	for (line = strtok_r(buf, "\n", &save); line && c->occ_nodes < MAX_NODES;
	     line = strtok_r(NULL, "\n", &save)) {
		unsigned long *b = c->occ[c->occ_nodes];
		char *p = line;
		int i;

		if (*p != 'N')
			continue;
		c->occ_node[c->occ_nodes] = (int)strtol(p + 1, &p, 10);
		for (i = 0; i < OCC_BUCKETS && (p = strchr(p, '=')) != NULL; i++)
			b[i] = strtoul(p + 1, &p, 10);
		c->occ_nodes++;
	}
}

static void read_waste(const char *cache, struct cache *c)
{
	char buf[256];

	if (read_cache_file(cache, "waste", buf, sizeof(buf)) <= 0 ||
	    sscanf(buf, "%lu rounding=%lu metadata=%lu leftover=%lu free=%lu", &c->waste.total,
		   &c->waste.rounding, &c->waste.metadata, &c->waste.leftover, &c->waste.free) != 5)
		memset(&c->waste, 0, sizeof(c->waste));
}

static void read_cache(struct cache *c)
{
	char buf[256];
	int i;

	c->object_size = read_num(c->name, "object_size");
	c->slab_size = read_num(c->name, "slab_size");
	c->objs_per_slab = read_num(c->name, "objs_per_slab");
	c->order = read_num(c->name, "order");
	c->align = read_num(c->name, "align");
	c->cpu_partial = read_num(c->name, "cpu_partial");
	c->min_partial = read_num(c->name, "min_partial");
	c->aliases = read_num(c->name, "aliases");
	c->sheaf_capacity = read_num(c->name, "sheaf_capacity");
	/* "<objects> N<node>=<full>/<empty> ...": the first number. */
	c->parked = read_num(c->name, "sheaf_objects");
	read_per_node(c->name, "slabs", &c->slabs);
	read_per_node(c->name, "partial", &c->partial);
	read_per_node(c->name, "objects", &c->objects);
	read_per_node(c->name, "objects_partial", &c->objects_partial);
	read_per_node(c->name, "total_objects", &c->total_objects);
	read_per_node(c->name, "cpu_slabs", &c->cpu_slabs);
	c->cpu_partial_slabs = read_cpu_partial(c->name);
	read_waste(c->name, c);
	read_occupancy(c->name, c);
	for (i = 0; i < NR_STATS; i++)
		c->stat[i] = read_num(c->name, stat_names[i]);
	for (i = 0; i < NR_FLAGS; i++) {
		int n = read_cache_file(c->name, flag_files[i], buf, sizeof(buf));

		if (n == -EACCES || n == -EPERM)
			c->flags_unknown |= 1u << i;
		c->flag[i] = n > 0 && strtoul(buf, NULL, 10) != 0;
	}
	if (read_cache_file(c->name, "ctor", c->ctor, sizeof(c->ctor)) < 0)
		c->ctor[0] = '\0';
	c->ctor[strcspn(c->ctor, "\n")] = '\0';
	if (read_cache_file(c->name, "isolated", buf, sizeof(buf)) <= 0 ||
	    sscanf(buf, "%lu objects in %lu slabs", &c->isolated_objects,
		   &c->isolated_slabs) != 2) {
		c->isolated_objects = 0;
		c->isolated_slabs = 0;
	}
	/* Until /proc/myslabinfo says better: SLUB's count. */
	c->active = c->objects.total;
}

/*
 * Exact objects in use, from /proc/myslabinfo's active_objs; without it
 * (not read, or not there) SLUB's count from sysfs stays.
 */
static void read_active(struct cache *caches, int n)
{
	char line[512], name[NAME_LEN + 1];
	static bool told;
	unsigned long active;
	int i;
	FILE *f;

	if (!proc_file)
		return;
	f = fopen(proc_file, "r");
	if (!f) {
		if (errno != ENOENT && !told)
			fprintf(stderr,
				"myslabinfo: cannot read %s: %s: objects in use are sysfs's count\n",
				proc_file, strerror(errno));
		told = true;
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%70s %lu", name, &active) != 2)
			continue;
		for (i = 0; i < n; i++)
			if (!strcmp(caches[i].name, name))
				caches[i].active = active;
	}
	fclose(f);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct cache *)a)->name, ((const struct cache *)b)->name);
}

/*
 * Read every cache whose name matches @pattern (an extended regular
 * expression; NULL: all), sorted by name. Returns how many, or -errno
 * with a message printed.
 */
int read_caches(struct cache **caches, const char *pattern)
{
	DIR *d = opendir(sysfs_dir);
	struct cache *v = NULL;
	struct dirent *e;
	regex_t re;
	int n = 0, cap = 0;

	if (!d) {
		int err = errno;

		fprintf(stderr, "myslabinfo: cannot open %s: %s (is mymem loaded?)\n", sysfs_dir,
			strerror(err));
		return -err;
	}
	if (pattern && regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB)) {
		fprintf(stderr, "myslabinfo: bad regular expression '%s'\n", pattern);
		closedir(d);
		return -EINVAL;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' || strlen(e->d_name) >= NAME_LEN)
			continue;
		if (pattern && regexec(&re, e->d_name, 0, NULL, 0))
			continue;
		if (n == cap) {
			struct cache *w;

			cap = cap ? 2 * cap : 32;
			w = realloc(v, cap * sizeof(*v));

			if (!w) {
				n = -ENOMEM;
				break;
			}
			v = w;
		}
		memset(&v[n], 0, sizeof(v[n]));
		snprintf(v[n].name, sizeof(v[n].name), "%s", e->d_name);
		read_cache(&v[n]);
		n++;
	}
	closedir(d);
	if (pattern)
		regfree(&re);
	if (n < 0) {
		free(v);
		fprintf(stderr, "myslabinfo: out of memory\n");
		return n;
	}
	read_active(v, n);
	qsort(v, n, sizeof(*v), by_name);
	*caches = v;
	return n;
}

unsigned long cache_space(const struct cache *c)
{
	return c->slabs.total * ((unsigned long)page_size << c->order);
}

unsigned long cache_used(const struct cache *c)
{
	return c->active * c->object_size;
}

unsigned long cache_loss(const struct cache *c)
{
	unsigned long space = cache_space(c), used = cache_used(c);

	return space > used ? space - used : 0;
}

unsigned long cache_allocs(const struct cache *c)
{
	return c->stat[ALLOC_CPU_SHEAF] + c->stat[ALLOC_FASTPATH] + c->stat[ALLOC_SLOWPATH];
}

unsigned long cache_frees(const struct cache *c)
{
	return c->stat[FREE_CPU_SHEAF] + c->stat[FREE_RCU_SHEAF] + c->stat[FREE_FASTPATH] +
	       c->stat[FREE_SLOWPATH];
}

/* The letters of the flags @c has, in flag_letters' order. */
void cache_flags(const struct cache *c, char buf[FLAGS_LEN])
{
	int i, k = 0;

	for (i = 0; i < NR_FLAGS; i++)
		if (c->flag[i])
			buf[k++] = flag_letters[i];
	buf[k] = '\0';
}

/* The letters of the flags whose files could not be read. */
void cache_flags_unknown(const struct cache *c, char buf[FLAGS_LEN])
{
	int i, k = 0;

	for (i = 0; i < NR_FLAGS; i++)
		if (c->flags_unknown & (1u << i))
			buf[k++] = flag_letters[i];
	buf[k] = '\0';
}

/*
 * Sizes as the kernel's slabinfo prints them: up to 1000 in bytes, above
 * in K, M or G of 1000, 10^6 or 10^9 bytes with one decimal, truncated
 * (24576 bytes: 24.5K).
 */
void format_size(char *buf, size_t len, unsigned long bytes)
{
	unsigned long unit, tenths;
	char suffix;

	if (bytes > 1000000000UL) {
		unit = 1000000000UL;
		suffix = 'G';
	} else if (bytes > 1000000UL) {
		unit = 1000000UL;
		suffix = 'M';
	} else if (bytes > 1000UL) {
		unit = 1000UL;
		suffix = 'K';
	} else {
		snprintf(buf, len, "%lu", bytes);
		return;
	}
	tenths = bytes / (unit / 10);
	snprintf(buf, len, "%lu.%lu%c", tenths / 10, tenths % 10, suffix);
}
