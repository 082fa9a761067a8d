/* SPDX-License-Identifier: GPL-2.0 */
/*
 * make redirect: stands in front of the kernel's <linux/slab.h> (kbuild's
 * NOSTDINC_FLAGS), reads it, and then puts mymem in its place.
 */
#include_next <linux/slab.h>
#include "../../mymem_redirect.h"
