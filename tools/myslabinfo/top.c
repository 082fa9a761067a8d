// SPDX-License-Identifier: GPL-2.0
/*
 * --top: a live view of the caches, as slabtop, with what each did in the
 * last interval. Every refresh reads the caches again and compares the
 * event counters with the previous reading: a cache that appeared in the
 * interval counts all its events, one whose counters were cleared counts
 * what it has now. The first screen has no interval yet and shows "-".
 * On a terminal each refresh redraws the screen; otherwise refreshes are
 * printed one after the other, each headed by a "--- refresh N" line.
 * ^C (or SIGTERM) ends it at the next wait: the two signals are blocked and
 * awaited with sigtimedwait() in place of a sleep.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "myslabinfo.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static const struct cache *find(const struct cache *v, int n, const char *name)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(v[i].name, name))
			return &v[i];
	return NULL;
}

/* Events of the interval: now less before, unless the counter restarted. */
static unsigned long delta(unsigned long now_v, unsigned long before)
{
	return now_v >= before ? now_v - before : now_v;
}

struct row {
	const struct cache *c;
	unsigned long allocs, frees;
};

static int by_events(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	unsigned long ex = x->allocs + x->frees, ey = y->allocs + y->frees;

	return ex < ey ? 1 : ex > ey ? -1 : strcmp(x->c->name, y->c->name);
}

/* @prev: the previous reading (@nprev caches, maybe none), NULL at first. */
static void show(const struct cache *v, int n, const struct cache *prev, int nprev,
		 double interval, long refresh, const char *sort)
{
	unsigned long slabs = 0, active = 0, total = 0, space = 0, used = 0, ta = 0, tf = 0;
	struct row *rows = calloc(n ? n : 1, sizeof(*rows));
	char a[16], b[16];
	int i;

	if (!rows)
		return;
	for (i = 0; i < n; i++) {
		const struct cache *p = prev ? find(prev, nprev, v[i].name) : NULL;

		rows[i].c = &v[i];
		rows[i].allocs = delta(cache_allocs(&v[i]), p ? cache_allocs(p) : 0);
		rows[i].frees = delta(cache_frees(&v[i]), p ? cache_frees(p) : 0);
		slabs += v[i].slabs.total;
		active += v[i].active;
		total += v[i].total_objects.total;
		space += cache_space(&v[i]);
		used += cache_used(&v[i]);
		ta += rows[i].allocs;
		tf += rows[i].frees;
	}
	/* Rows in the order of the caches (sorted by the caller), or by events. */
	if (prev && !strcmp(sort, "activity"))
		qsort(rows, n, sizeof(*rows), by_events);
	if (isatty(STDOUT_FILENO))
		fputs("\033[H\033[2J", stdout);
	else
		printf("--- refresh %ld\n", refresh);
	format_size(a, sizeof(a), space);
	format_size(b, sizeof(b), used);
	printf("mymem: %d caches, %lu slabs, %lu of %lu objects in use, %s of %s in objects\n", n,
	       slabs, active, total, b, a);
	if (prev)
		printf("Last %.1f s: %lu allocs (%.0f/s), %lu frees (%.0f/s)\n\n", interval, ta,
		       ta / interval, tf, tf / interval);
	else
		printf("Last -: first reading\n\n");
	printf("%-24s %9s %8s %10s %10s %10s %10s\n", "Name", "Objects", "Space", "Allocs",
	       "Frees", "Allocs/s", "Frees/s");
	for (i = 0; i < n; i++) {
		const struct row *r = &rows[i];

		format_size(a, sizeof(a), cache_space(r->c));
		if (prev)
			printf("%-24s %9lu %8s %10lu %10lu %10.0f %10.0f\n", r->c->name,
			       r->c->active, a, r->allocs, r->frees, r->allocs / interval,
			       r->frees / interval);
		else
			printf("%-24s %9lu %8s %10s %10s %10s %10s\n", r->c->name, r->c->active, a,
			       "-", "-", "-", "-");
	}
	fflush(stdout);
	free(rows);
}

/* Refresh every @interval seconds, @count times (-1: until a signal). */
int top(const char *pattern, double interval, long count, const char *sort)
{
	struct cache *prev = NULL, *cur;
	int nprev = 0, n, sig = -1;
	double last = 0, t;
	struct timespec ts;
	long refresh;
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigprocmask(SIG_BLOCK, &set, NULL);
	for (refresh = 1; sig < 0 && (count < 0 || refresh <= count); refresh++) {
		n = read_caches(&cur, pattern);
		if (n < 0) {
			free(prev);
			return 1;
		}
		/* Not root: what it cannot read, told once. */
		tell_denied();
		t = now();
		sort_caches(cur, n, sort);
		/* An empty reading is a reading: keep a non-NULL pointer. */
		if (!cur)
			cur = calloc(1, sizeof(*cur));
		if (!cur) {
			free(prev);
			return 1;
		}
		show(cur, n, refresh > 1 ? prev : NULL, nprev, t - last, refresh, sort);
		free(prev);
		prev = cur;
		nprev = n;
		last = t;
		if (count >= 0 && refresh == count)
			break;
		ts.tv_sec = (time_t)interval;
		ts.tv_nsec = (long)((interval - (double)ts.tv_sec) * 1e9);
		/* A signal ends the view; the timeout (EAGAIN) is the refresh. */
		do
			sig = sigtimedwait(&set, NULL, &ts);
		while (sig < 0 && errno == EINTR);
	}
	free(prev);
	return 0;
}
