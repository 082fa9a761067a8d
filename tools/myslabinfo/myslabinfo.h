/* SPDX-License-Identifier: GPL-2.0 */
/*
 * myslabinfo: what mymem's caches hold, read from /sys/kernel/mymem,
 * /proc/myslabinfo and /sys/kernel/debug/mymem. See myslabinfo.c.
 */
#ifndef MYSLABINFO_H
#define MYSLABINFO_H

#include <stdbool.h>
#include <stdio.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define MAX_NODES	64
/* A cache's name and its ":N" when it shares it (mymem's MYMEM_ID_MAX + 1). */
#define NAME_LEN	70
#define OCC_BUCKETS	11	/* empty, then 0-9% ... 90-99% */
/* The version of the --json output's schema (Documentation/myslabinfo-json.rst). */
#define JSON_VERSION	1

#ifndef MYMEM_VERSION
#error "MYMEM_VERSION: build with tools/myslabinfo/Makefile (mymem's version, from mymem/mymem.h)"
#endif

/* mymem's event counters, in the order of its sysfs files. */
enum stat_item {
	ALLOC_FASTPATH, ALLOC_SLOWPATH, FREE_FASTPATH, FREE_SLOWPATH,
	FREE_FROZEN, FREE_ADD_PARTIAL, FREE_REMOVE_PARTIAL, ALLOC_FROM_PARTIAL,
	ALLOC_SLAB, ALLOC_REFILL, ALLOC_NODE_MISMATCH, FREE_SLAB,
	CPUSLAB_FLUSH, DEACTIVATE_FULL, DEACTIVATE_EMPTY, DEACTIVATE_TO_HEAD,
	DEACTIVATE_TO_TAIL, DEACTIVATE_REMOTE_FREES, DEACTIVATE_BYPASS,
	ORDER_FALLBACK, CMPXCHG_DOUBLE_CPU_FAIL, CMPXCHG_DOUBLE_FAIL,
	CPU_PARTIAL_ALLOC, CPU_PARTIAL_FREE, CPU_PARTIAL_DRAIN,
	ALLOC_CPU_SHEAF, FREE_CPU_SHEAF, SHEAF_FLUSH, SHEAF_REFILL, SHEAF_SWAP,
	SHEAF_ALLOC, SHEAF_FREE, BARN_GET, BARN_GET_FAIL, BARN_PUT, BARN_PUT_FAIL,
	FREE_RCU_SHEAF, FREE_RCU_SHEAF_FAIL, SHEAF_PREFILL_FAST, SHEAF_PREFILL_SLOW,
	SHEAF_PREFILL_OVERSIZE, SHEAF_RETURN_FAST, SHEAF_RETURN_SLOW,
	NR_STATS
};

extern const char *const stat_names[NR_STATS];

/* A figure of the per-node form "total N0=x N1=y". */
struct per_node {
	unsigned long total;
	unsigned long node[MAX_NODES];
};

/* Debug and creation flags, as slub_debug's letters and more. */
enum cache_flag {
	FLAG_SANITY, FLAG_RED_ZONE, FLAG_POISON, FLAG_STORE_USER, FLAG_TRACE,
	FLAG_HWCACHE_ALIGN, FLAG_RECLAIM, FLAG_RCU,
	NR_FLAGS
};

extern const char *const flag_files[NR_FLAGS];
extern const char flag_letters[NR_FLAGS + 1];
/* Room for the flag letters, C (constructor), ? (unreadable) and the NUL. */
#define FLAGS_LEN	(NR_FLAGS + 3)

struct cache {
	char name[NAME_LEN];
	char ctor[128];
	unsigned long object_size, slab_size, objs_per_slab, order, align;
	unsigned long cpu_partial, min_partial, aliases;
	unsigned long active;		/* objects in use: /proc/myslabinfo */
	struct per_node slabs, partial, objects, objects_partial, total_objects;
	struct per_node cpu_slabs;
	unsigned long cpu_partial_slabs;	/* on the CPUs' partial lists */
	struct {
		unsigned long total, rounding, metadata, leftover, free;
	} waste;			/* bytes, from "waste" */
	int occ_nodes;			/* nodes in occ[] */
	int occ_node[MAX_NODES];
	unsigned long occ[MAX_NODES][OCC_BUCKETS];
	unsigned long isolated_objects, isolated_slabs;
	unsigned long sheaf_capacity;	/* objects a sheaf holds; 0: no sheaves */
	unsigned long parked;		/* free objects held in sheaves and barns */
	unsigned long stat[NR_STATS];
	bool flag[NR_FLAGS];
	unsigned int flags_unknown;	/* bit i: flag_files[i] was not readable */
};

/* Derived figures. */
unsigned long cache_space(const struct cache *c);
unsigned long cache_used(const struct cache *c);
unsigned long cache_loss(const struct cache *c);
unsigned long cache_allocs(const struct cache *c);
unsigned long cache_frees(const struct cache *c);

/*
 * cache.c: reading mymem's files. The inputs: the caches' directory, the
 * exact counts (NULL: not read) and debugfs (NULL: not read).
 */
extern const char *sysfs_dir;
extern const char *proc_file;
extern const char *debugfs_dir;
extern long page_size;
int read_caches(struct cache **caches, const char *pattern);
void sort_caches(struct cache *v, int n, const char *key);
int read_file(const char *path, char *buf, size_t len);
int write_cache_file(const char *cache, const char *file, const char *val);
void format_size(char *buf, size_t len, unsigned long bytes);
void cache_flags(const struct cache *c, char buf[FLAGS_LEN]);
void cache_flags_unknown(const struct cache *c, char buf[FLAGS_LEN]);
int denied_files(const char *const **files);
void tell_denied(void);

/* json.c: a small JSON writer */
struct json {
	FILE *f;
	int depth;
	bool first;
};

void json_begin(struct json *j, FILE *f);
void json_header(struct json *j, FILE *f);
void json_unreadable(struct json *j);
void json_open(struct json *j, const char *key, char bracket);
void json_close(struct json *j, char bracket);
void json_num(struct json *j, const char *key, unsigned long v);
void json_str(struct json *j, const char *key, const char *v);
void json_end(struct json *j);
void json_cache(struct json *j, const struct cache *c, bool detail);

/* top.c, map.c: the live view and the slab map */
int top(const char *pattern, double interval, long count, const char *sort);
int map(const char *cache, const char *svg, bool json, bool ascii);

#endif
