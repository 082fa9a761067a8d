/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernel lines mymem supports (6.1 and 6.12).
 *
 * Every difference is a HAVE_* feature macro decided here and only here;
 * the rest of mymem tests HAVE_* and never the kernel version.
 */
#ifndef _MYMEM_COMPAT_H
#define _MYMEM_COMPAT_H

#include <linux/mmzone.h>

/*
 * The largest order the page allocator hands out. 6.1 has MAX_ORDER, one
 * past it; later kernels have MAX_PAGE_ORDER, the order itself.
 */
#ifdef MAX_PAGE_ORDER
#define MYMEM_MAX_PAGE_ORDER	MAX_PAGE_ORDER
#else
#define MYMEM_MAX_PAGE_ORDER	(MAX_ORDER - 1)
#endif

#endif /* _MYMEM_COMPAT_H */
