# SPDX-License-Identifier: GPL-2.0
#
# xtcp: build the module against a kernel tree, or run the project's jobs.
#
#   make                 build module/xtcp.ko (and xtcp_diag.ko) against
#                        KDIR, and build/xtcp-ss
#   make demo            build, boot a stock-kernel VM, show xtcp at work
#   make check           every test; the last line counts them
#   make check-quick     the edit-test loop: builds, KUnit, the 6.1 suite
#   make vm              interactive shell in a VM with xtcp loaded
#   make bench           xtcp against the kernel's TCP, in one VM
#   make stress          the stress scenarios' long versions, with figures
#   make install         build, install the modules in
#                        /lib/modules/KVER/updates (depmod), xtcp-ss
#                        in BINDIR (/usr/local/bin), xtcpize in PREFIX
#                        (/usr/local)
#   make uninstall       remove it again, depmod
#   make xtcpize         build xtcpize and libxtcpize.so into build/xtcpize/
#   make dkms-check      the DKMS round trip against 6.1's and 6.12's headers
#   make clean
#
# KVER, the kernel release, defaults to the running kernel's, and KDIR to
# its build tree, as for any external module: make && sudo insmod
# module/xtcp.ko. INSTALL_MOD_PATH (or DESTDIR) puts the install under
# another root.

KVER ?= $(shell uname -r)
KDIR ?= /lib/modules/$(KVER)/build
MODDIR = $(INSTALL_MOD_PATH)/lib/modules/$(KVER)/updates
depmod_cmd = depmod -a $(if $(INSTALL_MOD_PATH),-b $(INSTALL_MOD_PATH)) $(KVER)
xtcpize_make = $(MAKE) -C scripts/xtcpize O=$(CURDIR)/build/xtcpize \
	DESTDIR=$(or $(DESTDIR),$(INSTALL_MOD_PATH))
# xtcp-ss, the ss of xtcp (scripts/tools/xtcp-ss.c), installs here
BINDIR ?= $(INSTALL_MOD_PATH)/usr/local/bin
CFLAGS ?= -O2 -g -Wall -Wextra

all: modules tools

tools: build/xtcp-ss

build/xtcp-ss: scripts/tools/xtcp-ss.c
	@mkdir -p build
	$(CC) $(CFLAGS) -o $@ $<

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

# Installed with depmod, xtcp loads on its first socket(AF_INET,
# SOCK_STREAM, 253) through its alias, net-pf-2-proto-253-type-1. The
# module must be built for KVER: a build for another kernel is refused.
install: modules tools xtcpize
	@modinfo -F vermagic module/xtcp.ko | grep -q '^$(KVER) ' || \
		{ echo "xtcp: module/xtcp.ko is not built for $(KVER)" >&2; exit 1; }
	install -D -m 644 module/xtcp.ko $(MODDIR)/xtcp.ko
	install -D -m 644 module/xtcp_diag.ko $(MODDIR)/xtcp_diag.ko
	install -D -m 755 build/xtcp-ss $(BINDIR)/xtcp-ss
	$(depmod_cmd)
	$(xtcpize_make) install

uninstall:
	rm -f $(MODDIR)/xtcp.ko $(MODDIR)/xtcp_diag.ko $(BINDIR)/xtcp-ss
	$(depmod_cmd)
	$(xtcpize_make) uninstall

# xtcpize run CMD: CMD's TCP sockets are xtcp sockets (scripts/xtcpize/).
xtcpize:
	$(xtcpize_make)

dkms-check:
	@scripts/dkms-check.sh

clean:
	rm -rf build
	find module kunit \( -name '*.o' -o -name '*.ko' -o -name '*.mod' \
		-o -name '*.mod.c' -o -name '.*.cmd' -o -name 'modules.order' \
		-o -name '*.symvers' \) -delete
	rm -f Module.symvers modules.order .*.cmd

.PHONY: all modules tools check check-quick demo vm bench stress install \
	uninstall xtcpize dkms-check clean
