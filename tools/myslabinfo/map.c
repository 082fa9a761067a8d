// SPDX-License-Identifier: GPL-2.0
/*
 * --map CACHE: the cache's slabs, node by node in page frame order, one
 * cell per slab shaded by how many of its objects are in use, so that
 * fragmentation shows at a glance: many light cells are slabs kept for a
 * few objects each. CACHE is a cache's name, a directory of
 * /sys/kernel/mymem; the map is read from /sys/kernel/debug/mymem/CACHE/slabs
 * (debugfs: root only). Drawn on the terminal (shades, or digits with
 * --ascii), as JSON, and as SVG with --svg FILE (one <rect class="slab"> per
 * slab, its figures in a tooltip).
 */
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "myslabinfo.h"

#define ROW		64	/* cells per row */
#define CELL		12	/* SVG cell size and gap, pixels */
#define GAP		2

enum state { CPU, FULL, PARTIAL, EMPTY, ISOLATED, NR_STATES };
static const char *const state_names[NR_STATES] = {
	"cpu", "full", "partial", "empty", "isolated"
};

struct slab {
	int node;
	enum state state;
	unsigned int inuse, objects;
};

struct slab_map {
	struct slab *slab;
	int n;
	unsigned long count[MAX_NODES][NR_STATES];
	unsigned long inuse[MAX_NODES], objects[MAX_NODES];
	unsigned long partial_inuse, partial_objects, partial_slabs, per_slab;
};

static int parse_state(const char *s)
{
	int i;

	for (i = 0; i < NR_STATES; i++)
		if (!strcmp(s, state_names[i]))
			return i;
	return -1;
}

static int read_map(const char *cache, struct slab_map *m)
{
	char path[512], line[128], state[16];
	int cap = 0, node, st;
	unsigned int inuse, objects;
	FILE *f;

	memset(m, 0, sizeof(*m));
	snprintf(path, sizeof(path), "%s/%s/slabs", debugfs_dir, cache);
	f = fopen(path, "r");
	if (!f) {
		int err = errno;
		struct stat st;

		fprintf(stderr, "myslabinfo: cannot open %s: %s\n", path, strerror(err));
		if (err == EACCES || err == EPERM)
			fputs("myslabinfo: the slab map is in debugfs, which only root can read\n",
			      stderr);
		else if (err == ENOENT && stat(debugfs_dir, &st))
			fprintf(stderr,
				"myslabinfo: no %s: debugfs is not mounted (mount -t debugfs none /sys/kernel/debug)\n",
				debugfs_dir);
		else if (err == ENOENT)
			fprintf(stderr, "myslabinfo: no cache '%s' in %s\n", cache, debugfs_dir);
		return -err;
	}
	while (fgets(line, sizeof(line), f)) {
		if (line[0] == '#')
			continue;
		st = -1;
		if (sscanf(line, "%d %15s %u %u", &node, state, &inuse, &objects) == 4)
			st = parse_state(state);
		if (st < 0 || node < 0 || node >= MAX_NODES || !objects || inuse > objects) {
			fprintf(stderr, "myslabinfo: %s: cannot read '%s'\n", path, line);
			continue;
		}
		if (m->n == cap) {
			struct slab *w;

			cap = cap ? 2 * cap : 256;
			w = realloc(m->slab, cap * sizeof(*w));

			if (!w) {
				fclose(f);
				return -ENOMEM;
			}
			m->slab = w;
		}
		m->slab[m->n++] = (struct slab){ node, st, inuse, objects };
		m->count[node][st]++;
		m->inuse[node] += inuse;
		m->objects[node] += objects;
		if (st == PARTIAL || st == EMPTY) {
			m->partial_inuse += inuse;
			m->partial_objects += objects;
			m->partial_slabs++;
			m->per_slab = objects;
		}
	}
	fclose(f);
	return 0;
}

/* Slabs the partial ones would need if their objects were packed. */
static unsigned long packed(const struct slab_map *m)
{
	return m->per_slab ? (m->partial_inuse + m->per_slab - 1) / m->per_slab : 0;
}

static const char *cell(const struct slab *s, bool ascii)
{
	static const char *const shades[] = { "▁", "▂", "▃", "▄", "▅", "▆", "▇" };
	static char digit[2];

	switch (s->state) {
	case CPU:
		return "C";
	case ISOLATED:
		return "X";
	case FULL:
		return ascii ? "#" : "█";
	case EMPTY:
		return ascii ? "." : "·";
	default:
		if (!ascii)
			return shades[s->inuse * 7 / s->objects];
		digit[0] = (char)('0' + s->inuse * 10 / s->objects);
		return digit;
	}
}

static bool node_used(const struct slab_map *m, int nid)
{
	int st;

	for (st = 0; st < NR_STATES; st++)
		if (m->count[nid][st])
			return true;
	return false;
}

static void draw(const char *cache, const struct slab_map *m, bool ascii)
{
	unsigned long inuse = 0, objects = 0, lost;
	int nid, i, col;

	for (nid = 0; nid < MAX_NODES; nid++) {
		inuse += m->inuse[nid];
		objects += m->objects[nid];
	}
	printf("%s: %d slabs, %lu of %lu objects in use (%s count as in use)\n", cache, m->n,
	       inuse, objects, "CPU slabs and objects parked in sheaves");
	if (ascii)
		puts("Cells: C on a CPU, # full, 1-9 tenths in use, 0 less, . empty, X isolated");
	else
		puts("Cells: C on a CPU, █ full, ▁-▇ eighths in use, · empty, X isolated");
	for (nid = 0; nid < MAX_NODES; nid++) {
		if (!node_used(m, nid))
			continue;
		printf("Node %d: %lu slabs: ", nid, m->count[nid][CPU] + m->count[nid][FULL] +
		       m->count[nid][PARTIAL] + m->count[nid][EMPTY] + m->count[nid][ISOLATED]);
		printf("%lu cpu, %lu full, %lu partial, %lu empty, %lu isolated; ",
		       m->count[nid][CPU], m->count[nid][FULL], m->count[nid][PARTIAL],
		       m->count[nid][EMPTY], m->count[nid][ISOLATED]);
		printf("%lu objects in use\n", m->inuse[nid]);
		for (i = 0, col = 0; i < m->n; i++) {
			if (m->slab[i].node != nid)
				continue;
			fputs(col ? "" : "  ", stdout);
			fputs(cell(&m->slab[i], ascii), stdout);
			if (++col == ROW) {
				putchar('\n');
				col = 0;
			}
		}
		if (col)
			putchar('\n');
	}
	lost = m->partial_slabs - packed(m);
	printf("Fragmentation: %lu objects in use in %lu partial or empty slabs ",
	       m->partial_inuse, m->partial_slabs);
	printf("would fit in %lu: %lu slabs to gain\n", packed(m), lost);
}

static void map_json(const char *cache, const struct slab_map *m)
{
	struct json j;
	int i;

	json_header(&j, stdout);
	json_str(&j, "cache", cache);
	json_num(&j, "partial_slabs", m->partial_slabs);
	json_num(&j, "packed_slabs", packed(m));
	json_open(&j, "slabs", '[');
	for (i = 0; i < m->n; i++) {
		json_open(&j, NULL, '{');
		json_num(&j, "node", m->slab[i].node);
		json_str(&j, "state", state_names[m->slab[i].state]);
		json_num(&j, "inuse", m->slab[i].inuse);
		json_num(&j, "objects", m->slab[i].objects);
		json_close(&j, '}');
	}
	json_close(&j, ']');
	json_close(&j, '}');
	json_end(&j);
}

/* From light grey (nothing in use) to dark blue (full). */
static void shade(char *buf, size_t len, const struct slab *s)
{
	double f = (double)s->inuse / s->objects;

	if (s->state == ISOLATED) {
		snprintf(buf, len, "#d62728");
		return;
	}
	snprintf(buf, len, "#%02x%02x%02x", (int)(240 - f * (240 - 8)),
		 (int)(240 - f * (240 - 48)), (int)(240 - f * (240 - 107)));
}

static void svg_rect(FILE *f, const struct slab *s, int x, int y)
{
	char fill[16];

	shade(fill, sizeof(fill), s);
	fprintf(f, "<rect class=\"slab\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"",
		x, y, CELL, CELL);
	fprintf(f, " fill=\"%s\" stroke=\"%s\" stroke-width=\"%d\">", fill,
		s->state == CPU ? "#e6550d" : "#999999", s->state == CPU ? 2 : 1);
	fprintf(f, "<title>node %d: %s, %u of %u objects in use</title></rect>\n", s->node,
		state_names[s->state], s->inuse, s->objects);
}

/* The map as SVG: a heading, then per node a label and rows of cells. */
static int write_svg(const char *file, const char *cache, const struct slab_map *m)
{
	int nid, i, col, y = 40, width = 2 * 10 + ROW * (CELL + GAP);
	FILE *f = fopen(file, "w");
	long rows = 0;

	if (!f) {
		perror(file);
		return -1;
	}
	for (nid = 0; nid < MAX_NODES; nid++) {
		unsigned long c = 0;
		int st;

		for (st = 0; st < NR_STATES; st++)
			c += m->count[nid][st];
		if (c)
			rows += 1 + (long)((c + ROW - 1) / ROW);
	}
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%ld\"",
		width, 60 + rows * (CELL + GAP) + 40);
	fputs(" font-family=\"monospace\" font-size=\"12\">\n", f);
	fprintf(f, "<text x=\"10\" y=\"20\">mymem cache %s: %d slabs; ", cache, m->n);
	fputs("light: few objects in use, dark: full; orange outline: on a CPU; ", f);
	fputs("red: isolated</text>\n", f);
	for (nid = 0; nid < MAX_NODES; nid++) {
		if (!node_used(m, nid))
			continue;
		y += CELL + GAP;
		fprintf(f, "<text x=\"10\" y=\"%d\">node %d</text>\n", y - GAP, nid);
		for (i = 0, col = 0; i < m->n; i++) {
			if (m->slab[i].node != nid)
				continue;
			svg_rect(f, &m->slab[i], 10 + col * (CELL + GAP), y);
			if (++col == ROW) {
				col = 0;
				y += CELL + GAP;
			}
		}
		if (col)
			y += CELL + GAP;
	}
	fprintf(f, "<text x=\"10\" y=\"%d\">", y + 24);
	fprintf(f, "%lu objects in use in %lu partial or empty slabs would fit in %lu</text>\n",
		m->partial_inuse, m->partial_slabs, packed(m));
	fputs("</svg>\n", f);
	if (fclose(f)) {
		perror(file);
		return -1;
	}
	return 0;
}

/* @cache: a name, not a path (the caller checked), of a cache of sysfs_dir. */
int map(const char *cache, const char *svg_file, bool json, bool ascii)
{
	struct slab_map m;
	char path[512];
	struct stat st;
	int ret = 0;

	snprintf(path, sizeof(path), "%s/%s", sysfs_dir, cache);
	if (stat(path, &st) || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "myslabinfo: no cache '%s' in %s (myslabinfo lists them)\n", cache,
			sysfs_dir);
		return 1;
	}
	if (!debugfs_dir) {
		fprintf(stderr, "%s\n",
			"myslabinfo: slab maps are read from debugfs: with --sysfs, give --debugfs DIR too (or --root DIR)");
		return 1;
	}
	setlocale(LC_CTYPE, "");
	if (!ascii && strcmp(nl_langinfo(CODESET), "UTF-8"))
		ascii = true;
	if (read_map(cache, &m))
		return 1;
	if (json)
		map_json(cache, &m);
	else
		draw(cache, &m, ascii);
	if (svg_file && write_svg(svg_file, cache, &m))
		ret = 1;
	free(m.slab);
	return ret;
}
