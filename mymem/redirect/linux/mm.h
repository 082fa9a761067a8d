/* SPDX-License-Identifier: GPL-2.0 */
/*
 * make redirect: the kernel's <linux/mm.h>, read whole before mymem takes
 * the names it declares (mymem_redirect.h).
 */
#include_next <linux/mm.h>
#ifndef MYMEM_MM_H_DONE
#define MYMEM_MM_H_DONE
#endif
#include "../../mymem_redirect.h"
