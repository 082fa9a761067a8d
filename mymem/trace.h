/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mymem's tracepoints, shaped as the kernel's kmem:* events: system
 * "mymem", events mymem_alloc, mymem_free, mymem_slab_new, mymem_slab_free.
 * Off, each costs a static branch (a NOP) where it sits.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM mymem

#if !defined(_MYMEM_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _MYMEM_TRACE_H

#include <linux/mm.h>
#include <linux/string.h>
#include <linux/tracepoint.h>
#include <trace/events/mmflags.h>

#include "mymem.h"

/* The cache's name, or this for large kmallocs (no cache). */
#define MYMEM_TRACE_LARGE	"mymem-kmalloc-large"

/*
 * The name is a __string() as kmem's events have it: sized to the name, so
 * that tools key it by the name alone. It is copied through __get_str() and
 * __get_dynamic_array_len(), which every supported line has (__assign_str()
 * lost its source argument in 6.10), so that no line needs its own spelling.
 */

TRACE_EVENT(mymem_alloc,
	    TP_PROTO(unsigned long call_site, const void *ptr, const char *cache,
		     size_t bytes_req, size_t bytes_alloc, gfp_t gfp_flags, int node),
	    TP_ARGS(call_site, ptr, cache, bytes_req, bytes_alloc, gfp_flags, node),
	    TP_STRUCT__entry(__field(unsigned long, call_site)
			     __field(const void *, ptr)
			     __string(name, cache)
			     __field(size_t, bytes_req)
			     __field(size_t, bytes_alloc)
			     __field(unsigned long, gfp_flags)
			     __field(int, node)),
	    TP_fast_assign(__entry->call_site = call_site;
			   __entry->ptr = ptr;
			   memcpy(__get_str(name), cache, __get_dynamic_array_len(name));
			   __entry->bytes_req = bytes_req;
			   __entry->bytes_alloc = bytes_alloc;
			   __entry->gfp_flags = (__force unsigned long)gfp_flags;
			   __entry->node = node;),
	    TP_printk("call_site=%pS ptr=%p name=%s bytes_req=%zu bytes_alloc=%zu gfp_flags=%s node=%d",
		      (void *)__entry->call_site, __entry->ptr, __get_str(name),
		      __entry->bytes_req, __entry->bytes_alloc, show_gfp_flags(__entry->gfp_flags),
		      __entry->node)
);

TRACE_EVENT(mymem_free,
	    TP_PROTO(unsigned long call_site, const void *ptr, const char *cache),
	    TP_ARGS(call_site, ptr, cache),
	    TP_STRUCT__entry(__field(unsigned long, call_site)
			     __field(const void *, ptr)
			     __string(name, cache)),
	    TP_fast_assign(__entry->call_site = call_site;
			   __entry->ptr = ptr;
			   memcpy(__get_str(name), cache, __get_dynamic_array_len(name));),
	    TP_printk("call_site=%pS ptr=%p name=%s",
		      (void *)__entry->call_site, __entry->ptr, __get_str(name))
);

DECLARE_EVENT_CLASS(mymem_slab,
		    TP_PROTO(const char *cache, const void *addr, unsigned int order,
			     unsigned int objects, int node),
		    TP_ARGS(cache, addr, order, objects, node),
		    TP_STRUCT__entry(__string(name, cache)
				     __field(const void *, addr)
				     __field(unsigned int, order)
				     __field(unsigned int, objects)
				     __field(int, node)),
		    TP_fast_assign(memcpy(__get_str(name), cache, __get_dynamic_array_len(name));
				   __entry->addr = addr;
				   __entry->order = order;
				   __entry->objects = objects;
				   __entry->node = node;),
		    TP_printk("name=%s addr=%p order=%u objects=%u node=%d",
			      __get_str(name), __entry->addr, __entry->order,
			      __entry->objects, __entry->node)
);

DEFINE_EVENT(mymem_slab, mymem_slab_new,
	     TP_PROTO(const char *cache, const void *addr, unsigned int order,
		      unsigned int objects, int node),
	     TP_ARGS(cache, addr, order, objects, node)
);

DEFINE_EVENT(mymem_slab, mymem_slab_free,
	     TP_PROTO(const char *cache, const void *addr, unsigned int order,
		      unsigned int objects, int node),
	     TP_ARGS(cache, addr, order, objects, node)
);

#endif /* _MYMEM_TRACE_H */

/* This part must be outside the include guard. */
#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
