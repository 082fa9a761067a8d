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
 *
 * It reads /sys/kernel/mymem (SLUB's sysfs ABI), /proc/myslabinfo and,
 * for the map, /sys/kernel/debug/mymem; see Documentation/mymem.rst.
 */
#include <errno.h>
#include <getopt.h>
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
"  -j, --json         JSON output (list, report, totals, map)\n"
"  -d, --delay SEC    --top: seconds between refreshes (default 2)\n"
"  -n, --iterations N --top: stop after N refreshes (default: until ^C)\n"
"      --svg FILE     --map: also draw the map as SVG into FILE\n"
"      --ascii        --map: digits instead of shades, for any terminal\n"
"      --sysfs DIR    where the caches are (default /sys/kernel/mymem)\n"
"      --debugfs DIR  where their slab maps are (default\n"
"                     /sys/kernel/debug/mymem)\n"
"  -h, --help         this text\n";

enum { OPT_TOP = 256, OPT_MAP, OPT_SVG, OPT_ASCII, OPT_SHRINK, OPT_VALIDATE, OPT_ZERO,
	OPT_SYSFS, OPT_DEBUGFS };

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

/* The flags' letters, and C for a constructor. */
static void flags_of(const struct cache *c, char *buf)
{
	cache_flags(c, buf);
	if (c->ctor[0])
		strcat(buf, "C");
}

static unsigned int percent(unsigned long part, unsigned long whole)
{
	return whole ? (unsigned int)(part * 100 / whole) : 0;
}

static void list(const struct cache *v, int n)
{
	char space[16], slabs[40], flags[NR_FLAGS + 2];
	int i;

	printf("%-24s %8s %7s %8s %15s %4s %1s %3s %3s %s\n", "Name", "Objects", "Objsize",
	       "Space", "Slabs/Part/Cpu", "O/S", "O", "%Fr", "%Ef", "Flg");
	for (i = 0; i < n; i++) {
		const struct cache *c = &v[i];

		format_size(space, sizeof(space), cache_space(c));
		snprintf(slabs, sizeof(slabs), "%lu/%lu/%lu", c->slabs.total, c->partial.total,
			 c->cpu_slabs.total);
		flags_of(c, flags);
		printf("%-24s %8lu %7lu %8s %15s %4lu %1lu %3u %3u %s\n", c->name, c->active,
		       c->object_size, space, slabs, c->objs_per_slab, c->order,
		       percent(c->partial.total, c->slabs.total),
		       percent(cache_used(c), cache_space(c)), flags);
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
		json_begin(&j, stdout);
		json_open(&j, NULL, '{');
		json_num(&j, "page_size", page_size);
		json_num(&j, "caches", t.caches);
		json_num(&j, "slabs", t.slabs);
		json_num(&j, "slabs_partial", t.partial);
		json_num(&j, "slabs_cpu", t.cpu);
		json_num(&j, "objects_active", t.active);
		json_num(&j, "objects_total", t.total);
		json_num(&j, "space", t.space);
		json_num(&j, "used", t.used);
		json_num(&j, "loss", t.space - t.used);
		json_num(&j, "rounding", t.rounding);
		json_num(&j, "metadata", t.metadata);
		json_num(&j, "leftover", t.leftover);
		json_num(&j, "free", t.free_bytes);
		json_num(&j, "allocs", t.allocs);
		json_num(&j, "frees", t.frees);
		for (k = 0; k < ARRAY_SIZE(keys); k++) {
			const struct cache *c = top_by(v, n, keys[k]);

			if (c)
				json_str(&j, keys[k], c->name);
		}
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
	format_size(a, sizeof(a), t.space - t.used);
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
	printf("  Debugging:");
	for (i = 0; i < FLAG_HWCACHE_ALIGN; i++)
		if (c->flag[i])
			printf(" %s", flag_files[i]);
	printf("%s\n", c->flag[FLAG_SANITY] || c->flag[FLAG_RED_ZONE] || c->flag[FLAG_POISON] ||
	       c->flag[FLAG_STORE_USER] || c->flag[FLAG_TRACE] ? "" : " off");
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

/* --shrink, --validate, --zero: write to each cache; 0 if all went well. */
static int act(const struct cache *v, int n, int what)
{
	char path[512], buf[32];
	int i, k, err, bad = 0;

	for (i = 0; i < n; i++) {
		const char *name = v[i].name;

		if (what == OPT_ZERO) {
			for (k = 0, err = 0; k < NR_STATS && !err; k++)
				err = write_cache_file(name, stat_names[k], "0");
		} else {
			err = write_cache_file(name, what == OPT_SHRINK ? "shrink" : "validate",
					       "1");
		}
		if (err) {
			fprintf(stderr, "myslabinfo: %s: %s\n", name, strerror(-err));
			bad = 1;
			continue;
		}
		if (what != OPT_VALIDATE)
			continue;
		snprintf(path, sizeof(path), "%s/%s/validate", sysfs_dir, name);
		err = read_file(path, buf, sizeof(buf)) > 0 ? atoi(buf) : -1;
		printf("%s: %d problems\n", name, err);
		bad |= err != 0;
	}
	return bad;
}

int main(int argc, char **argv)
{
	const char *pattern = NULL, *map_cache = NULL, *svg = NULL;
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
		case OPT_SYSFS:
			sysfs_dir = optarg;
			break;
		case OPT_DEBUGFS:
			debugfs_dir = optarg;
			break;
		case 'h':
			fputs(usage, stdout);
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
	if (view == OPT_MAP)
		return map(map_cache, svg, json, ascii);
	if (view == OPT_TOP)
		return top(pattern, delay, count, strcmp(sort_key, "name") ? sort_key : "activity");

	n = read_caches(&v, pattern);
	if (n < 0)
		return 1;
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
			json_begin(&j, stdout);
			json_open(&j, NULL, '{');
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
	free(v);
	return ret;
}
