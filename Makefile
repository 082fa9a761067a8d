# SPDX-License-Identifier: GPL-2.0
#
# make [KDIR=<kernel build tree>]   build mymem.ko, the KUnit suites and the
#                                   demo client in one kbuild pass; leaves
#                                   Module.symvers here for client modules
# make check [KERNELS="6.1 6.12"]   the test run (QEMU, test and stock kernels)
# make demo                         boot the 6.1 test kernel, show mymem at work
# make bench [KERNELS=...]          mymem against SLUB on Debian's stock kernels
# make lint                         checkpatch, sparse, W=1, kernel-doc, shellcheck
# make deps                         install what the rig needs (apt-get)
# make clean

KDIR ?= /lib/modules/$(shell uname -r)/build
KERNELS ?= 6.1 6.12
# Kernel trees built by the rig have vmlinux.symvers: link against it so
# that an unresolved symbol fails the build, not the insmod.
EXTRA_SYMBOLS := $(wildcard $(KDIR)/vmlinux.symvers)

all: modules

modules:
	$(MAKE) -C $(KDIR) M=$(CURDIR) $(if $(EXTRA_SYMBOLS),KBUILD_EXTRA_SYMBOLS=$(EXTRA_SYMBOLS)) modules

clean:
	if [ -d $(KDIR) ]; then $(MAKE) -C $(KDIR) M=$(CURDIR) clean; fi

check:
	bash tools/rig/check.sh $(KERNELS)

demo:
	bash tools/rig/demo.sh

bench:
	bash tools/rig/bench.sh $(KERNELS)

lint:
	bash tools/rig/lint.sh

deps:
	bash -c '. tools/rig/lib.sh && rig_deps'

.PHONY: all modules clean check demo bench lint deps
