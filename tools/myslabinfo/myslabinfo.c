// SPDX-License-Identifier: GPL-2.0
/*
 * myslabinfo: mymem's caches as the kernel's tools/vm/slabinfo shows
 * SLUB's, and more: which cache holds memory, where it goes (rounding,
 * metadata, leftovers, free objects), how full the partial slabs are, and
 * what the caches are doing (a live view with rates, a map of the slabs).
 *
 *   myslabinfo [PATTERN]            one line per cache (the default)
 *   myslabinfo -T                   totals over the caches
 *   myslabinfo -r [PATTERN]         a report on each cache
 *   myslabinfo --shrink/--validate/--zero [PATTERN]
 *   myslabinfo --top [-d SEC] [-n COUNT] [PATTERN]
 *   myslabinfo --map CACHE [--svg FILE] [--ascii]
 *   --json: list, report, totals and map as JSON
 *   (Documentation/myslabinfo-json.rst)
 *
 * It reads /sys/kernel/mymem (SLUB's sysfs ABI), /proc/myslabinfo and,
 * for the map, /sys/kernel/debug/mymem (all under --root DIR if given);
 * see Documentation/mymem.rst. Exits 0 if all is well, 1 on problems found
 * (corrupt objects, no cache matching, a file not readable or writable),
 * 2 on a usage error.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "myslabinfo.h"

static const char usage[] =
"usage: myslabinfo [OPTIONS] [PATTERN]\n"
"Show mymem's caches whose names match PATTERN (an extended regular\n"
"expression; default all).\n"
"\n"
"Views:\n"
"  (none)             one line per cache\n"
"  -T, --totals       totals over the caches\n"
"  -r, --report       a report on each cache: layout, per-node slabs, waste,\n"
"                     occupancy of the partial slabs, tunables, events\n"
"      --top          a live view, refreshed every -d seconds, with the\n"
"                     allocations and frees of each interval and their rates\n"
"      --map CACHE    the slabs of CACHE per node, one cell per slab shaded by\n"
"                     how full it is (needs debugfs)\n"
"Actions:\n"
"      --shrink       shrink the caches (give back empty slabs)\n"
"      --validate     check the caches' slabs; problems go to the kernel log\n"
"      --zero         clear the event counters\n"
"Options:\n"
"  -s, --sort KEY     name (default), size (memory held), loss (memory not\n"
"                     in objects), activity (allocs + frees), objects\n"
"  -i, --inverse      the other way round\n"
"  -j, --json         JSON output (list, report, totals, map; its schema:\n"
"                     Documentation/myslabinfo-json.rst)\n"
"  -d, --delay SEC    --top: seconds between refreshes (default 2)\n"
"  -n, --iterations N --top: stop after N refreshes (default: until ^C)\n"
"      --svg FILE     --map: also draw the map as SVG into FILE\n"
"      --ascii        --map: digits instead of shades, for any terminal\n"
"Inputs:\n"
"      --root DIR     read DIR/sys/kernel/mymem, DIR/proc/myslabinfo and\n"
"                     DIR/sys/kernel/debug/mymem (a copy of a system's files)\n"
"      --sysfs DIR    the caches (default /sys/kernel/mymem); without --root,\n"
"                     nothing else is read from the live system: objects in\n"
"                     use are sysfs's count unless --proc is given, and --map\n"
"                     needs --debugfs\n"
"      --proc FILE    the exact counts (default /proc/myslabinfo)\n"
"      --debugfs DIR  the slab maps (default /sys/kernel/debug/mymem)\n"
"  -h, --help         this text\n"
"      --version      mymem's version, which this myslabinfo is part of\n"
"\n"
"The list has the columns of the kernel's slabinfo (tools/vm/slabinfo.c, 6.1)\n"
"and its units: sizes in bytes up to 1000, above in K, M, G of 1000, 10^6,\n"
"10^9 bytes, one decimal, truncated. Objects: objects in use, exact (from\n"
"/proc/myslabinfo; slabinfo shows SLUB's count, which counts every object\n"
"of a CPU slab as in use). Space: slabs x (page size << order). Slabs/Part/Cpu:\n"
"slabs not on a CPU / partial slabs / CPU slabs (active and per-CPU\n"
"partial). O/S: objects per slab; O: order. %Fr: partial slabs per slab;\n"
"%Ef: Objects x Objsize / Space (slabinfo prints 100 for a cache without\n"
"slabs, myslabinfo -). Flg: F Z P U T debugging (slub_debug's letters),\n"
"A hardware cache aligned, r reclaimable (slabinfo: a), R SLAB_TYPESAFE_BY_RCU,\n"
"C constructor, ? a flag only root can read; slabinfo's * (aliases) and d\n"
"(DMA) are not shown. Parked, mymem's own: free objects held in the CPUs'\n"
"sheaves and the nodes' barns (counted free in Objects). Not root, myslabinfo\n"
"says on stderr what it cannot read.\n"
"\n"
"Exit status:\n"
"  0  all went well\n"
"  1  problems found: --validate found corrupt objects, PATTERN matches no\n"
"     cache, --map names no cache, mymem is not loaded, or a file could not be\n"
"     read or written (not root?)\n"
"  2  usage error: an unknown option, a bad argument or regular expression,\n"
"     a path where --map takes a cache name\n";

enum { OPT_TOP = 256, OPT_MAP, OPT_SVG, OPT_ASCII, OPT_SHRINK, OPT_VALIDATE, OPT_ZERO,
	OPT_SYSFS, OPT_DEBUGFS, OPT_ROOT, OPT_PROC, OPT_VERSION };

static const struct option options[] = {
	{ "totals", no_argument, NULL, 'T' },
	{ "report", no_argument, NULL, 'r' },
	{ "sort", required_argument, NULL, 's' },
	{ "inverse", no_argument, NULL, 'i' },
	{ "json", no_argument, NULL, 'j' },
	{ "delay", required_argument, NULL, 'd' },
	{ "iterations", required_argument, NULL, 'n' },
	{ "help", no_argument, NULL, 'h' },
	{ "top", no_argument, NULL, OPT_TOP },
	{ "map", required_argument, NULL, OPT_MAP },
	{ "svg", required_argument, NULL, OPT_SVG },
	{ "ascii", no_argument, NULL, OPT_ASCII },
	{ "shrink", no_argument, NULL, OPT_SHRINK },
	{ "validate", no_argument, NULL, OPT_VALIDATE },
	{ "zero", no_argument, NULL, OPT_ZERO },
	{ "sysfs", required_argument, NULL, OPT_SYSFS },
	{ "debugfs", required_argument, NULL, OPT_DEBUGFS },
	{ "root", required_argument, NULL, OPT_ROOT },
	{ "proc", required_argument, NULL, OPT_PROC },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 },
};

static const char *sort_key = "name";
static bool inverse;

static unsigned long sort_value(const struct cache *c)
{
	switch (sort_key[0]) {
	case 's':
		return cache_space(c);
	case 'l':
		return cache_loss(c);
	case 'a':
		return cache_allocs(c) + cache_frees(c);
	default:
		return c->active;
	}
}

/* Biggest first, names in order; -i turns either round. */
static int compare(const void *a, const void *b)
{
	const struct cache *x = a, *y = b;
	unsigned long vx, vy;
	int r;

	if (!strcmp(sort_key, "name")) {
		r = strcmp(x->name, y->name);
	} else {
		vx = sort_value(x);
		vy = sort_value(y);
		r = vx < vy ? 1 : vx > vy ? -1 : strcmp(x->name, y->name);
	}
	return inverse ? -r : r;
}

static bool valid_sort(const char *key)
{
	static const char *const keys[] = { "name", "size", "loss", "activity", "objects" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(keys); i++)
		if (!strcmp(key, keys[i]))
			return true;
	return false;
}

void sort_caches(struct cache *v, int n, const char *key)
{
	sort_key = key;
	qsort(v, n, sizeof(*v), compare);
}

/* The flags' letters, C for a constructor, ? if some were not readable. */
static void flags_of(const struct cache *c, char buf[FLAGS_LEN])
{
	cache_flags(c, buf);
	if (c->ctor[0])
		strcat(buf, "C");
	if (c->flags_unknown)
		strcat(buf, "?");
}

static unsigned int percent(unsigned long part, unsigned long whole)
{
	return whole ? (unsigned int)(part * 100 / whole) : 0;
}

/* A percentage column: "-" where there is no whole (a cache without slabs). */
static void percent_col(char *buf, size_t len, unsigned long part, unsigned long whole)
{
	if (whole)
		snprintf(buf, len, "%u", percent(part, whole));
	else
		snprintf(buf, len, "-");
}

/* slabinfo's line: its header, its columns' meanings (see the usage). */
static void list(const struct cache *v, int n)
{
	char space[16], slabs[64], flags[FLAGS_LEN], fr[8], ef[8];
	int i;

	printf("%-24s %8s %7s %8s %15s %4s %1s %3s %3s %-5s %s\n", "Name", "Objects", "Objsize",
	       "Space", "Slabs/Part/Cpu", "O/S", "O", "%Fr", "%Ef", "Flg", "Parked");
	for (i = 0; i < n; i++) {
		const struct cache *c = &v[i];
		unsigned long cpu = c->cpu_slabs.total, slabs_total = c->slabs.total;

		format_size(space, sizeof(space), cache_space(c));
		/* The counts are read one after the other: never below 0. */
		snprintf(slabs, sizeof(slabs), "%lu/%lu/%lu",
			 slabs_total > cpu ? slabs_total - cpu : 0, c->partial.total, cpu);
		percent_col(fr, sizeof(fr), c->partial.total, slabs_total);
		percent_col(ef, sizeof(ef), cache_used(c), cache_space(c));
		flags_of(c, flags);
		printf("%-24s %8lu %7lu %8s %15s %4lu %1lu %3s %3s %-5s %lu\n", c->name, c->active,
		       c->object_size, space, slabs, c->objs_per_slab, c->order, fr, ef, flags,
		       c->parked);
	}
}

struct totals {
	unsigned long caches, slabs, partial, cpu, active, total, space, used;
	unsigned long rounding, metadata, leftover, free_bytes, allocs, frees;
};

static void add_totals(struct totals *t, const struct cache *v, int n)
{
	int i;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < n; i++) {
		t->caches++;
		t->slabs += v[i].slabs.total;
		t->partial += v[i].partial.total;
		t->cpu += v[i].cpu_slabs.total;
		t->active += v[i].active;
		t->total += v[i].total_objects.total;
		t->space += cache_space(&v[i]);
		t->used += cache_used(&v[i]);
		t->rounding += v[i].waste.rounding;
		t->metadata += v[i].waste.metadata;
		t->leftover += v[i].waste.leftover;
		t->free_bytes += v[i].waste.free;
		t->allocs += cache_allocs(&v[i]);
		t->frees += cache_frees(&v[i]);
	}
}

/* The cache that is largest by @key, or NULL. */
static const struct cache *top_by(struct cache *v, int n, const char *key)
{
	sort_caches(v, n, key);
	return n ? &v[inverse ? n - 1 : 0] : NULL;
}

static void totals(struct cache *v, int n, bool json)
{
	const char *const keys[] = { "size", "loss", "activity" };
	char a[16], b[16];
	struct totals t;
	struct json j;
	size_t k;

	add_totals(&t, v, n);
	if (json) {
		json_header(&j, stdout);
		json_unreadable(&j);
		json_num(&j, "page_size", page_size);
		json_num(&j, "caches", t.caches);
		json_num(&j, "slabs", t.slabs);
		json_num(&j, "slabs_partial", t.partial);
		json_num(&j, "slabs_cpu", t.cpu);
		json_num(&j, "objects_active", t.active);
		json_num(&j, "objects_total", t.total);
		json_num(&j, "space", t.space);
		json_num(&j, "used", t.used);
		json_num(&j, "loss", t.space > t.used ? t.space - t.used : 0);
		json_num(&j, "rounding", t.rounding);
		json_num(&j, "metadata", t.metadata);
		json_num(&j, "leftover", t.leftover);
		json_num(&j, "free", t.free_bytes);
		json_num(&j, "allocs", t.allocs);
		json_num(&j, "frees", t.frees);
		/* The largest caches by each key, apart from the figures. */
		json_open(&j, "largest", '{');
		for (k = 0; k < ARRAY_SIZE(keys); k++) {
			const struct cache *c = top_by(v, n, keys[k]);

			if (c)
				json_str(&j, keys[k], c->name);
		}
		json_close(&j, '}');
		json_close(&j, '}');
		json_end(&j);
		return;
	}
	printf("mymem: %lu caches, %lu slabs (%lu partial, %lu on CPUs)\n", t.caches, t.slabs,
	       t.partial, t.cpu);
	format_size(a, sizeof(a), t.space);
	format_size(b, sizeof(b), t.used);
	printf("Memory: %s in slabs, %s in objects (%u%%)\n", a, b, percent(t.used, t.space));
	printf("Objects: %lu in use of %lu (%u%%)\n", t.active, t.total,
	       percent(t.active, t.total));
	format_size(a, sizeof(a), t.space > t.used ? t.space - t.used : 0);
	printf("Loss: %s = rounding %lu + metadata %lu + leftover %lu + free %lu bytes",
	       a, t.rounding, t.metadata, t.leftover, t.free_bytes);
	puts(" (+ CPU slabs)");
	printf("Events: %lu allocs, %lu frees\n", t.allocs, t.frees);
	for (k = 0; k < ARRAY_SIZE(keys); k++) {
		const struct cache *c = top_by(v, n, keys[k]);

		if (!c)
			continue;
		format_size(a, sizeof(a), keys[k][0] == 's' ? cache_space(c) :
			    keys[k][0] == 'l' ? cache_loss(c) : 0);
		if (keys[k][0] == 'a')
			printf("Most active: %s (%lu allocs + frees)\n", c->name,
			       cache_allocs(c) + cache_frees(c));
		else
			printf("Largest by %s: %s (%s)\n", keys[k], c->name, a);
	}
}

static void report_nodes(const struct cache *c)
{
	int nid, i;

	printf("  Node  Slabs Partial  Cpu   Objects  Partial-objs\n");
	for (nid = 0; nid < MAX_NODES; nid++) {
		if (!c->slabs.node[nid] && !c->cpu_slabs.node[nid])
			continue;
		printf("  %4d %6lu %7lu %4lu %9lu %13lu\n", nid, c->slabs.node[nid],
		       c->partial.node[nid], c->cpu_slabs.node[nid], c->objects.node[nid],
		       c->objects_partial.node[nid]);
	}
	printf("  Partial slabs by fill (empty, 0-9%% ... 90-99%%):\n");
	for (i = 0; i < c->occ_nodes; i++) {
		int k;

		printf("  N%d:", c->occ_node[i]);
		for (k = 0; k < OCC_BUCKETS; k++)
			printf(" %lu", c->occ[i][k]);
		printf("\n");
	}
}

static void report(const struct cache *c)
{
	unsigned long allocs = cache_allocs(c), frees = cache_frees(c);
	char space[16], used[16];
	bool on;
	int i;

	format_size(space, sizeof(space), cache_space(c));
	format_size(used, sizeof(used), cache_used(c));
	printf("Cache %s: %lu of %lu objects in use, %s of %s in objects (%u%%)\n", c->name,
	       c->active, c->total_objects.total, used, space,
	       percent(cache_used(c), cache_space(c)));
	printf("  Object %lu bytes, %lu with metadata and alignment %lu; ", c->object_size,
	       c->slab_size, c->align);
	printf("%lu per slab of order %lu\n", c->objs_per_slab, c->order);
	printf("  Slabs %lu: %lu partial, %lu on CPUs (%lu on their partial lists)\n",
	       c->slabs.total, c->partial.total, c->cpu_slabs.total, c->cpu_partial_slabs);
	report_nodes(c);
	printf("  Waste %lu bytes: rounding %lu, metadata %lu, leftover %lu, free objects %lu\n",
	       c->waste.total, c->waste.rounding, c->waste.metadata, c->waste.leftover,
	       c->waste.free);
	if (c->isolated_slabs)
		printf("  Isolated as corrupt: %lu objects in %lu slabs\n", c->isolated_objects,
		       c->isolated_slabs);
	printf("  Tunables: cpu_partial %lu, min_partial %lu; constructor %s; aliases %lu\n",
	       c->cpu_partial, c->min_partial, c->ctor[0] ? c->ctor : "none", c->aliases);
	if (c->sheaf_capacity)
		printf("  Sheaves: capacity %lu, %lu free objects parked in sheaves and barns\n",
		       c->sheaf_capacity, c->parked);
	else
		printf("  Sheaves: none\n");
	printf("  Debugging:");
	for (i = 0, on = false; i < FLAG_HWCACHE_ALIGN; i++) {
		if (c->flag[i])
			printf(" %s", flag_files[i]);
		on |= c->flag[i];
	}
	if (c->flags_unknown) {
		printf("%s ? (only root can read", on ? "," : "");
		for (i = 0; i < NR_FLAGS; i++)
			if (c->flags_unknown & (1u << i))
				printf(" %s", flag_files[i]);
		printf(")\n");
	} else {
		printf("%s\n", on ? "" : " off");
	}
	printf("  Allocs %lu: fast path %u%%, from partial slabs %lu, new slabs %lu\n", allocs,
	       percent(c->stat[ALLOC_FASTPATH], allocs), c->stat[ALLOC_FROM_PARTIAL],
	       c->stat[ALLOC_SLAB]);
	printf("  Frees %lu: fast path %u%%, to frozen slabs %lu, slabs freed %lu\n", frees,
	       percent(c->stat[FREE_FASTPATH], frees), c->stat[FREE_FROZEN], c->stat[FREE_SLAB]);
	printf("  Events:");
	for (i = 0; i < NR_STATS; i++)
		if (c->stat[i])
			printf(" %s=%lu", stat_names[i], c->stat[i]);
	printf("\n\n");
}

static const char *root_only(int err)
{
	return err == -EACCES || err == -EPERM ? " (root only)" : "";
}

/*
 * --shrink, --validate, --zero: write to each cache; 0 if all went well,
 * 1 if a write failed or validation found problems.
 */
static int act(const struct cache *v, int n, int what)
{
	const char *file = what == OPT_SHRINK ? "shrink" : "validate";
	char path[512], buf[32];
	int i, k, err, got, bad = 0;

	for (i = 0; i < n; i++) {
		const char *name = v[i].name;

		if (what == OPT_ZERO) {
			for (k = 0, err = 0; k < NR_STATS && !err; k++) {
				file = stat_names[k];
				err = write_cache_file(name, file, "0");
			}
		} else {
			err = write_cache_file(name, file, "1");
		}
		if (err) {
			fprintf(stderr, "myslabinfo: %s: cannot write %s: %s%s\n", name, file,
				strerror(-err), root_only(err));
			bad = 1;
			continue;
		}
		if (what != OPT_VALIDATE)
			continue;
		snprintf(path, sizeof(path), "%s/%s/validate", sysfs_dir, name);
		got = read_file(path, buf, sizeof(buf));
		if (got <= 0) {
			fprintf(stderr, "myslabinfo: %s: cannot read validate: %s%s\n", name,
				got ? strerror(-got) : "empty", root_only(got));
			bad = 1;
			continue;
		}
		err = atoi(buf);
		printf("%s: %d problems\n", name, err);
		bad |= err != 0;
	}
	return bad;
}

/* A regular expression regcomp() takes; else a message. */
static bool valid_pattern(const char *pattern)
{
	regex_t re;

	if (regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB)) {
		fprintf(stderr, "myslabinfo: bad regular expression '%s'\n", pattern);
		return false;
	}
	regfree(&re);
	return true;
}

/* --map takes what myslabinfo lists: a name, never a path. */
static bool valid_cache_name(const char *name)
{
	if (*name && !strchr(name, '/') && strcmp(name, ".") && strcmp(name, "..") &&
	    strlen(name) < NAME_LEN)
		return true;
	fprintf(stderr,
		"myslabinfo: --map takes a cache's name as myslabinfo lists it (e.g. demo_task), not a path: '%s'\n",
		name);
	return false;
}

/* @root + @path into @buf (PATH_MAX); @buf. */
static const char *under(char *buf, const char *root, const char *path)
{
	snprintf(buf, PATH_MAX, "%s%s", root, path);
	return buf;
}

int main(int argc, char **argv)
{
	const char *pattern = NULL, *map_cache = NULL, *svg = NULL;
	const char *root = NULL, *sysfs = NULL, *proc = NULL, *debugfs = NULL;
	static char sysfs_buf[PATH_MAX], proc_buf[PATH_MAX], debugfs_buf[PATH_MAX];
	bool json = false, ascii = false;
	int view = 0, action = 0, opt, n, ret = 0;
	double delay = 2;
	long count = -1;
	struct cache *v;
	char *end;

	page_size = sysconf(_SC_PAGESIZE);
	while ((opt = getopt_long(argc, argv, "Trs:ijd:n:h", options, NULL)) != -1) {
		switch (opt) {
		case 'T':
		case 'r':
		case OPT_TOP:
			view = opt;
			break;
		case OPT_MAP:
			view = opt;
			map_cache = optarg;
			break;
		case 's':
			if (!valid_sort(optarg)) {
				fprintf(stderr, "myslabinfo: unknown sort key '%s'\n", optarg);
				return 2;
			}
			sort_key = optarg;
			break;
		case 'i':
			inverse = true;
			break;
		case 'j':
			json = true;
			break;
		case 'd':
			delay = strtod(optarg, &end);
			if (*end || delay < 0.1 || delay > 3600) {
				fprintf(stderr, "myslabinfo: delay '%s': 0.1 to 3600 seconds\n",
					optarg);
				return 2;
			}
			break;
		case 'n':
			count = strtol(optarg, &end, 10);
			if (*end || count < 1) {
				fprintf(stderr, "myslabinfo: iterations '%s': a positive number\n",
					optarg);
				return 2;
			}
			break;
		case OPT_SVG:
			svg = optarg;
			break;
		case OPT_ASCII:
			ascii = true;
			break;
		case OPT_SHRINK:
		case OPT_VALIDATE:
		case OPT_ZERO:
			action = opt;
			break;
		case OPT_ROOT:
			root = optarg;
			break;
		case OPT_SYSFS:
			sysfs = optarg;
			break;
		case OPT_PROC:
			proc = optarg;
			break;
		case OPT_DEBUGFS:
			debugfs = optarg;
			break;
		case 'h':
			fputs(usage, stdout);
			return 0;
		case OPT_VERSION:
			printf("myslabinfo %s\n", MYMEM_VERSION);
			return 0;
		default:
			fputs(usage, stderr);
			return 2;
		}
	}
	if (optind < argc)
		pattern = argv[optind++];
	if (optind < argc || (svg && view != OPT_MAP)) {
		fputs(usage, stderr);
		return 2;
	}
	if (pattern && !valid_pattern(pattern))
		return 2;
	if (view == OPT_MAP && !valid_cache_name(map_cache))
		return 2;

	/*
	 * The inputs: under --root, or the live system's; --sysfs without
	 * --root reads nothing else of the live system, whose counts and
	 * maps would not be those of the tree given.
	 */
	sysfs_dir = sysfs ? sysfs : under(sysfs_buf, root ? root : "", "/sys/kernel/mymem");
	if (proc)
		proc_file = proc;
	else if (root)
		proc_file = under(proc_buf, root, "/proc/myslabinfo");
	else if (sysfs)
		proc_file = NULL;
	if (debugfs)
		debugfs_dir = debugfs;
	else if (root)
		debugfs_dir = under(debugfs_buf, root, "/sys/kernel/debug/mymem");
	else if (sysfs)
		debugfs_dir = NULL;

	if (view == OPT_MAP)
		return map(map_cache, svg, json, ascii);
	/* A live view waits for caches: matching none is no error. */
	if (view == OPT_TOP)
		return top(pattern, delay, count, strcmp(sort_key, "name") ? sort_key : "activity");

	n = read_caches(&v, pattern);
	if (n < 0)
		return 1;
	if (pattern && !n) {
		fprintf(stderr, "myslabinfo: no cache matches '%s'\n", pattern);
		free(v);
		return 1;
	}
	if (action) {
		ret = act(v, n, action);
		free(v);
		return ret;
	}
	if (view == 'T') {
		totals(v, n, json);
	} else {
		struct json j;
		int i;

		sort_caches(v, n, sort_key);
		if (json) {
			json_header(&j, stdout);
			json_unreadable(&j);
			json_num(&j, "page_size", page_size);
			json_open(&j, "caches", '[');
			for (i = 0; i < n; i++)
				json_cache(&j, &v[i], view == 'r');
			json_close(&j, ']');
			json_close(&j, '}');
			json_end(&j);
		} else if (view == 'r') {
			for (i = 0; i < n; i++)
				report(&v[i]);
		} else {
			list(v, n);
		}
	}
	tell_denied();
	free(v);
	return ret;
}
