// SPDX-License-Identifier: GPL-2.0
/*
 * The tracepoints of trace.h, instantiated; exported so that other modules
 * (mymem's KUnit suites, a user's own) can attach probes.
 */
#define CREATE_TRACE_POINTS
#include "trace.h"

EXPORT_TRACEPOINT_SYMBOL_GPL(mymem_alloc);
EXPORT_TRACEPOINT_SYMBOL_GPL(mymem_free);
EXPORT_TRACEPOINT_SYMBOL_GPL(mymem_slab_new);
EXPORT_TRACEPOINT_SYMBOL_GPL(mymem_slab_free);
