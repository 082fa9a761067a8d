/* SPDX-License-Identifier: GPL-2.0 */
/*
 * make redirect: the kernel's <linux/mempool.h>, read whole before mymem takes
 * the names it declares (mymem_redirect.h).
 */
#include_next <linux/mempool.h>
#ifndef MYMEM_MEMPOOL_H_DONE
#define MYMEM_MEMPOOL_H_DONE
#endif
#include "../../mymem_redirect.h"
