# SPDX-License-Identifier: GPL-2.0
# Feature probes C cannot make: facts of the kernel's headers that come
# with no macro of their own. Each sets a HAVE_* macro; compat.h turns it
# into helpers, and nothing else reads it. Included by the Kbuild files.
#
# mymem-probe FILE,PATTERN,MACRO: -DMACRO when FILE of the kernel tree
# holds PATTERN (an extended regular expression; no parentheses: make
# would count them; "." stands for one).
mymem-probe = $(if $(shell grep -qsE '$(2)' $(srctree)/$(1) && echo y),-D$(3))

MYMEM_PROBES := \
	$(call mymem-probe,include/linux/mm_types.h,pgoff_t[[:space:]]+__folio_index;,HAVE_PAGE_FOLIO_INDEX) \
	$(call mymem-probe,include/linux/module.h,MODULE_INFO.import_ns$(comma) ns.,HAVE_NS_STRING) \
	$(call mymem-probe,include/linux/hrtimer.h,void hrtimer_setup\b,HAVE_HRTIMER_SETUP) \
	$(call mymem-probe,include/linux/fs_struct.h,struct fs_struct \*__override_init_fs,HAVE_OVERRIDE_INIT_FS) \
	$(call mymem-probe,include/linux/workqueue.h,WQ_PERCPU[[:space:]]*=,HAVE_WQ_PERCPU) \
	$(call mymem-probe,include/linux/*.h,void kvfree_call_rcu.struct [a-z_]*rcu_head \*head$(comma) void \*ptr.,HAVE_KVFREE_CALL_RCU_PTR) \
	$(call mymem-probe,include/linux/types.h,struct kvfree_rcu_head \{,HAVE_KVFREE_RCU_HEAD) \
	$(call mymem-probe,include/linux/slab.h,void kvfree_atomic.const void \*,HAVE_KVFREE_ATOMIC)
