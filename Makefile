# SPDX-License-Identifier: GPL-2.0
#
# xtcp: build the module against a kernel tree, or run the project's jobs.
#
#   make                 build module/xtcp.ko against KDIR
#   make demo            build, boot a stock-kernel VM, show xtcp at work
#   make check           every test; the last line counts them
#   make check-quick     the edit-test loop: builds, KUnit, the 6.1 suite
#   make vm              interactive shell in a VM with xtcp loaded
#   make bench           xtcp against the kernel's TCP, in one VM
#   make stress          the stress scenarios' long versions, with figures
#   make clean
#
# KDIR defaults to the running kernel's build tree, as for any external
# module: make && sudo insmod module/xtcp.ko

KDIR ?= /lib/modules/$(shell uname -r)/build

all: modules

modules:
	@test -d $(KDIR) || { echo "xtcp: no kernel build tree at $(KDIR);" \
		"install linux-headers-$$(uname -r) or set KDIR=" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

check:
	@scripts/check.sh

check-quick:
	@scripts/check.sh --quick

demo:
	@scripts/demo.sh

vm:
	@scripts/vm.sh

bench:
	@scripts/bench.sh

stress:
	@scripts/stress.sh

clean:
	rm -rf build
	find module kunit \( -name '*.o' -o -name '*.ko' -o -name '*.mod' \
		-o -name '*.mod.c' -o -name '.*.cmd' -o -name 'modules.order' \
		-o -name '*.symvers' \) -delete
	rm -f Module.symvers modules.order .*.cmd

.PHONY: all modules check check-quick demo vm bench stress clean
