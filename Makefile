# SPDX-License-Identifier: GPL-2.0
#
# make [KDIR=<kernel build tree>]   build mymem.ko, the KUnit suites and the
#                                   demo client in one kbuild pass; leaves
#                                   Module.symvers here for client modules
# make check [KERNELS="6.1 6.12 7.3"] the test run (QEMU, test and stock kernels;
#                                   default: every line, ALL_KERNELS in tools/rig/lib.sh)
# make check KDIR=<built tree>      the KUnit, meminit, leak and stress boots on
#                                   that tree's kernel (it says what it lacks)
# make demo [KDIR=<built tree>]     boot the 6.1 test kernel (or KDIR's), show
#                                   mymem at work
# make bench [KERNELS=...]          mymem against SLUB on Debian's stock kernels
# make stress [KERNELS=...] [STRESS_SECONDS=120]
#                                   the endurance run in the test kernels
# make check-sanitizers [KERNELS=...]
#                                   KUnit and a stress run on KASAN and KCSAN kernels
# make lint                         checkpatch, sparse, W=1, kernel-doc, shellcheck
# make docs                         Documentation/mymem-api.rst from kernel-doc
# make deps                         install what the rig needs (apt-get)
# make redirect M=<dir> [KDIR=...]  the module whose sources and Kbuild are in
#                                   <dir>, unchanged, with its slab calls served
#                                   by mymem (Documentation/mymem.rst, Drop-in);
#                                   the .ko lands in <dir>
# make module [KDIR=...]            mymem.ko alone (what DKMS and install build)
# make tools                        tools/myslabinfo/myslabinfo (static)
# make install [KDIR=...] [INSTALL_MOD_PATH=...]
#                                   mymem.ko into lib/modules/<kver>/extra, depmod;
#                                   the client SDK into usr/src/mymem-<version>/:
#                                   include/mymem.h, the redirect's headers and
#                                   <kver>/Module.symvers;
#                                   myslabinfo into usr/local/sbin
# make dkms-install [KVER=...]      register, build and install with DKMS; its
#                                   sources go next to the SDK in
#                                   /usr/src/mymem-<version>, never replacing it
# make clean

KDIR ?= /lib/modules/$(shell uname -r)/build
KERNELS ?=
# Kernel trees built by the rig have vmlinux.symvers: link against it so
# that an unresolved symbol fails the build, not the insmod.
EXTRA_SYMBOLS := $(wildcard $(KDIR)/vmlinux.symvers)

VERSION := $(shell sed -n 's/^\#define MYMEM_VERSION "\(.*\)"/\1/p' mymem/mymem.h)
# The release the modules are built for: what uname -r says on that kernel.
KVER_OF = $(shell sed -n 's/^\#define UTS_RELEASE "\(.*\)"/\1/p' $(1)/include/generated/utsrelease.h)
SDK_DIR = $(INSTALL_MOD_PATH)/usr/src/mymem-$(VERSION)

all: modules

modules:
	$(MAKE) -C $(KDIR) M=$(CURDIR) $(if $(EXTRA_SYMBOLS),KBUILD_EXTRA_SYMBOLS=$(EXTRA_SYMBOLS)) modules

# DKMS builds (dkms.conf) pass DKMS_SDK, their source tree: the client SDK
# for the kernel built for goes there, unless "make install" put one there
# (never replaced).
module:
	$(MAKE) -C $(KDIR) M=$(CURDIR)/mymem $(if $(EXTRA_SYMBOLS),KBUILD_EXTRA_SYMBOLS=$(EXTRA_SYMBOLS)) modules
ifneq ($(DKMS_SDK),)
	test -e $(DKMS_SDK)/include/mymem.h || install -D -m 644 mymem/mymem.h $(DKMS_SDK)/include/mymem.h
	test -e $(DKMS_SDK)/include/mymem_redirect.h || \
		install -D -m 644 mymem/mymem_redirect.h $(DKMS_SDK)/include/mymem_redirect.h
	test -e $(DKMS_SDK)/include/redirect/linux/slab.h || \
		install -D -m 644 -t $(DKMS_SDK)/include/redirect/linux mymem/redirect/linux/*.h
	test -e $(DKMS_SDK)/$(call KVER_OF,$(KDIR))/Module.symvers || \
		install -D -m 644 mymem/Module.symvers $(DKMS_SDK)/$(call KVER_OF,$(KDIR))/Module.symvers
endif

# The module in M, unchanged: kbuild reads mymem/redirect/linux/slab.h in
# front of the kernel's (NOSTDINC_FLAGS comes before the kernel's include
# paths; -nostdinc is kbuild's own, repeated because a command line
# replaces it), and links against mymem's Module.symvers. A module's own
# Kbuild does the same with the two lines in Documentation/mymem.rst.
# MYMEM_SYMVERS: a Module.symvers with mymem's symbols already built
# (the rig's); without it mymem.ko is built first.
REDIRECT_DIR = $(abspath $(M))
MYMEM_SYMVERS ?=
redirect: $(if $(MYMEM_SYMVERS),,module)
	@test -n "$(M)" -a -d "$(REDIRECT_DIR)" || \
		{ echo "usage: make redirect M=<module source dir> [KDIR=<kernel build tree>]" >&2; exit 2; }
	$(MAKE) -C $(KDIR) M=$(REDIRECT_DIR) NOSTDINC_FLAGS="-I$(CURDIR)/mymem/redirect -nostdinc" \
		KBUILD_EXTRA_SYMBOLS="$(or $(MYMEM_SYMVERS),$(CURDIR)/mymem/Module.symvers) $(EXTRA_SYMBOLS)" \
		$(REDIRECT_FLAGS) modules

# kbuild signs at install when the kernel's config says so, with the
# kernel's own key, which only its builder has: sign where it is there.
SIGN = $(if $(wildcard $(KDIR)/certs/signing_key.pem),,CONFIG_MODULE_SIG_ALL=)

tools:
	$(MAKE) -C tools/myslabinfo

install: module tools
	$(MAKE) -C tools/myslabinfo DESTDIR=$(INSTALL_MOD_PATH) install
	$(MAKE) -C $(KDIR) M=$(CURDIR)/mymem INSTALL_MOD_DIR=extra $(SIGN) \
		$(if $(INSTALL_MOD_PATH),INSTALL_MOD_PATH=$(INSTALL_MOD_PATH)) modules_install
	install -D -m 644 mymem/mymem.h $(SDK_DIR)/include/mymem.h
	install -D -m 644 mymem/mymem_redirect.h $(SDK_DIR)/include/mymem_redirect.h
	install -D -m 644 -t $(SDK_DIR)/include/redirect/linux mymem/redirect/linux/*.h
	install -D -m 644 mymem/Module.symvers $(SDK_DIR)/$(call KVER_OF,$(KDIR))/Module.symvers
	@# A staging tree lacks the kernel's own lists: depmod only warns.
	$(if $(INSTALL_MOD_PATH),cd $(INSTALL_MOD_PATH)/lib/modules/$(call KVER_OF,$(KDIR)) && \
		touch -a modules.order modules.builtin modules.builtin.modinfo)
	depmod $(if $(INSTALL_MOD_PATH),-b $(INSTALL_MOD_PATH)) -a $(call KVER_OF,$(KDIR))

dkms-install:
	bash tools/rig/dkms.sh install $(KVER)

# Also in DKMS's copy of the sources, which has no tools/.
clean:
	if [ -d $(KDIR) ]; then $(MAKE) -C $(KDIR) M=$(CURDIR) clean; fi
	if [ -d tools/myslabinfo ]; then $(MAKE) -C tools/myslabinfo clean; fi

# KDIR on the command line: check and demo boot that built tree's kernel
# instead of the rig's (a KDIR in the environment is for module builds only).
OWN_KDIR = $(if $(filter command line,$(origin KDIR)),$(KDIR))

check:
	OWN_KDIR=$(OWN_KDIR) bash tools/rig/check.sh $(KERNELS)

demo:
	OWN_KDIR=$(OWN_KDIR) bash tools/rig/demo.sh

bench:
	bash tools/rig/bench.sh $(KERNELS)

stress:
	bash tools/rig/stress.sh $(KERNELS)

check-sanitizers:
	bash tools/rig/check-sanitizers.sh $(KERNELS)

lint:
	bash tools/rig/lint.sh

docs:
	bash tools/rig/docs.sh

deps:
	bash -c '. tools/rig/lib.sh && rig_deps'

.PHONY: all modules module redirect tools install dkms-install clean check check-sanitizers demo bench stress lint docs deps
