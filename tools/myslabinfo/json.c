// SPDX-License-Identifier: GPL-2.0
/*
 * A small JSON writer for --json: objects and arrays nested by hand, keys
 * and strings escaped, numbers as unsigned integers (bytes, counts). Every
 * output is one object whose first key is "version", the schema's
 * (JSON_VERSION); Documentation/myslabinfo-json.rst describes each key.
 */
#include <string.h>

#include "myslabinfo.h"

void json_begin(struct json *j, FILE *f)
{
	j->f = f;
	j->depth = 0;
	j->first = true;
}

static void indent(struct json *j)
{
	int i;

	fputc('\n', j->f);
	for (i = 0; i < j->depth; i++)
		fputs("  ", j->f);
}

static void put_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			fprintf(f, "\\%c", ch);
		else if (ch < 0x20)
			fprintf(f, "\\u%04x", ch);
		else
			fputc(ch, f);
	}
	fputc('"', f);
}

/* A new member or element: comma, new line, key if inside an object. */
static void member(struct json *j, const char *key)
{
	if (!j->first)
		fputc(',', j->f);
	if (j->depth)
		indent(j);
	j->first = false;
	if (key) {
		put_string(j->f, key);
		fputs(": ", j->f);
	}
}

void json_open(struct json *j, const char *key, char bracket)
{
	member(j, key);
	fputc(bracket, j->f);
	j->depth++;
	j->first = true;
}

void json_close(struct json *j, char bracket)
{
	j->depth--;
	if (!j->first)
		indent(j);
	fputc(bracket, j->f);
	j->first = false;
}

void json_num(struct json *j, const char *key, unsigned long v)
{
	member(j, key);
	fprintf(j->f, "%lu", v);
}

void json_str(struct json *j, const char *key, const char *v)
{
	member(j, key);
	put_string(j->f, v);
}

void json_end(struct json *j)
{
	fputc('\n', j->f);
}

/* The top-level object opened, with the schema's version. */
void json_header(struct json *j, FILE *f)
{
	json_begin(j, f);
	json_open(j, NULL, '{');
	json_num(j, "version", JSON_VERSION);
}

/* "unreadable": the cache files not readable for permission (not root). */
void json_unreadable(struct json *j)
{
	const char *const *files;
	int i, n = denied_files(&files);

	json_open(j, "unreadable", '[');
	for (i = 0; i < n; i++)
		json_str(j, NULL, files[i]);
	json_close(j, ']');
}

static void json_per_node(struct json *j, const char *key, const struct per_node *v)
{
	char name[16];
	int nid;

	json_open(j, key, '{');
	json_num(j, "total", v->total);
	for (nid = 0; nid < MAX_NODES; nid++) {
		if (!v->node[nid])
			continue;
		snprintf(name, sizeof(name), "N%d", nid);
		json_num(j, name, v->node[nid]);
	}
	json_close(j, '}');
}

/* One cache; @detail adds what the report shows. */
void json_cache(struct json *j, const struct cache *c, bool detail)
{
	char flags[FLAGS_LEN], unknown[FLAGS_LEN];
	int i, k;

	cache_flags(c, flags);
	cache_flags_unknown(c, unknown);
	json_open(j, NULL, '{');
	json_str(j, "name", c->name);
	json_num(j, "objects_active", c->active);
	json_num(j, "objects_total", c->total_objects.total);
	json_num(j, "object_size", c->object_size);
	json_num(j, "slab_size", c->slab_size);
	json_num(j, "objs_per_slab", c->objs_per_slab);
	json_num(j, "order", c->order);
	json_num(j, "slabs", c->slabs.total);
	json_num(j, "slabs_partial", c->partial.total);
	json_num(j, "slabs_cpu", c->cpu_slabs.total);
	json_num(j, "space", cache_space(c));
	json_num(j, "used", cache_used(c));
	json_num(j, "loss", cache_loss(c));
	json_num(j, "allocs", cache_allocs(c));
	json_num(j, "frees", cache_frees(c));
	json_num(j, "parked", c->parked);
	json_str(j, "flags", flags);
	json_str(j, "flags_unknown", unknown);
	if (detail) {
		json_num(j, "align", c->align);
		json_str(j, "ctor", c->ctor);
		json_num(j, "aliases", c->aliases);
		json_num(j, "cpu_partial", c->cpu_partial);
		json_num(j, "min_partial", c->min_partial);
		json_num(j, "sheaf_capacity", c->sheaf_capacity);
		json_per_node(j, "per_node_slabs", &c->slabs);
		json_per_node(j, "per_node_partial", &c->partial);
		json_per_node(j, "per_node_objects", &c->objects);
		json_per_node(j, "per_node_objects_partial", &c->objects_partial);
		json_per_node(j, "per_node_total_objects", &c->total_objects);
		json_per_node(j, "per_node_cpu_slabs", &c->cpu_slabs);
		json_num(j, "slabs_cpu_partial", c->cpu_partial_slabs);
		json_open(j, "waste", '{');
		json_num(j, "total", c->waste.total);
		json_num(j, "rounding", c->waste.rounding);
		json_num(j, "metadata", c->waste.metadata);
		json_num(j, "leftover", c->waste.leftover);
		json_num(j, "free", c->waste.free);
		json_close(j, '}');
		json_open(j, "occupancy", '[');
		for (i = 0; i < c->occ_nodes; i++) {
			json_open(j, NULL, '{');
			json_num(j, "node", c->occ_node[i]);
			json_open(j, "partial_slabs", '[');
			for (k = 0; k < OCC_BUCKETS; k++)
				json_num(j, NULL, c->occ[i][k]);
			json_close(j, ']');
			json_close(j, '}');
		}
		json_close(j, ']');
		json_open(j, "isolated", '{');
		json_num(j, "objects", c->isolated_objects);
		json_num(j, "slabs", c->isolated_slabs);
		json_close(j, '}');
		json_open(j, "events", '{');
		for (i = 0; i < NR_STATS; i++)
			json_num(j, stat_names[i], c->stat[i]);
		json_close(j, '}');
	}
	json_close(j, '}');
}
