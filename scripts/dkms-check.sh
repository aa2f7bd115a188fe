#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# dkms-check.sh [--no-vm] [KERNEL...] - make dkms-check: xtcp installed as
# a user installs it, against the headers of the stock kernels (6.1 and
# 6.12, or those named: debug too, its build tree), on this machine:
#   dkms      add (the tree as git would check it out, in DKMS's source
#             tree as README's git archive puts it), build (a module
#             for the kernel, with its socket alias), install (in
#             updates/dkms, where modprobe resolves the alias to it), then
#             uninstall and remove: nothing of xtcp left in DKMS's trees;
#   make      make install and make uninstall, into a root of their own;
#   vm        the VM test module_dkms_autoload on that kernel: socket()
#             loads the module DKMS installed (--no-vm: not run).
# DKMS works in trees of its own under build/dkms/KERNEL (--dkmstree,
# --sourcetree, --installtree, --no-depmod, then depmod -b): the machine's
# /usr/src, /var/lib/dkms and /lib/modules stay as they were, but for the
# key DKMS signs modules with (/var/lib/dkms/mok.key), which its first
# build makes, as for any DKMS module. What DKMS installed is kept in
# build/KERNEL/dkms-root for the VM test, with the checksum of the sources
# it was built from (dkms-root/sources).
#
# Each step is a result, as make check records them (scripts/results.sh);
# run alone, it prints them and "N passed, N failed", and exits non-zero
# if one failed. The two builds per kernel (DKMS's and make install's)
# are most of its time; see Documentation/testing.rst.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
. "$XTCP_TOP/scripts/kernels.sh"

vm=1
[ "${1:-}" = --no-vm ] && { vm=; shift; }
. "$XTCP_TOP/scripts/results.sh"
alone=
results_alone dkms-check dkms && alone=1
need_packages dkms kmod make gcc xz-utils

alias_name=net-pf-2-proto-253-type-1
version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$XTCP_TOP/dkms.conf")
[ -n "$version" ] || die "no PACKAGE_VERSION in dkms.conf"

# step NAME LOG COMMAND... - run COMMAND, its output to LOG; a result.
step() {
	local name=$1 out=$2 rc=0 t0=$SECONDS
	shift 2
	echo "== $name" >>"$out"
	"$@" >>"$out" 2>&1 || rc=$?
	echo "== $name: status $rc after $((SECONDS - t0)) s" >>"$out"
	record "$name" "$(status $rc)" "$out"
	return $rc
}

# module_ok KO KVER - KO is xtcp built for KVER, with the socket alias.
module_ok() {
	[ -f "$1" ] || { echo "no module $1"; return 1; }
	modinfo -F vermagic "$1" | grep -q "^$2 " ||
		{ echo "$1: vermagic $(modinfo -F vermagic "$1"), not $2"; return 1; }
	modinfo -F alias "$1" | grep -qx "$alias_name" ||
		{ echo "$1: no alias $alias_name"; return 1; }
}

# resolves ROOT KVER PATH - modprobe, in ROOT, loads PATH for the alias.
resolves() {
	local out

	depmod -b "$1" "$2" || return
	out=$(modprobe -d "$1" -S "$2" --show-depends "$alias_name") || return
	echo "$out"
	[[ $out == "insmod $3 "* ]]
}

# gone ROOT KVER - no xtcp module in ROOT, nor in its alias index.
gone() {
	local left
	left=$(find "$1/lib/modules/$2" -name 'xtcp.ko*')
	[ -z "$left" ] || { echo "left behind: $left"; return 1; }
	depmod -b "$1" "$2" || return
	! grep -q "$alias_name" "$1/lib/modules/$2/modules.alias"
}

# stage DIR - the tree as git would check it out, into DIR.
stage() {
	mkdir -p "$1" &&
	(cd "$XTCP_TOP" && git ls-files -z --cached --others --exclude-standard |
		xargs -0 cp --parents -t "$1")
}

# new_root ROOT KVER - an empty module tree for KVER that depmod takes.
new_root() {
	mkdir -p "$1/lib/modules/$2" &&
	touch "$1/lib/modules/$2/modules."{order,builtin,builtin.modinfo}
}

# dkms_trip KERNEL - add, build, install, uninstall, remove.
dkms_trip() {
	local k=$1 w=$XTCP_BUILD/dkms/$1 log=$XTCP_CHECK/dkms-$1.log
	local arch ko dkms

	arch=$(uname -m)
	rm -rf "$w" "$XTCP_BUILD/$k/dkms-root"
	: >"$log"
	mkdir -p "$w/dkms" && new_root "$w/root" "$KVER" &&
		stage "$w/src/xtcp-$version" ||
		{ record "dkms/$k setup" FAIL "$log"; return 1; }
	dkms=(dkms --dkmstree "$w/dkms" --sourcetree "$w/src"
	      --installtree "$w/root/lib/modules")
	# the debug kernel has no headers package: its build tree, named
	[ "$k" != debug ] || dkms+=(--kernelsourcedir "$KDIR")

	step "dkms/$k add" "$log" eval '"${dkms[@]}" add "xtcp/$version" &&
		"${dkms[@]}" status xtcp/$version | grep -q ": added"' || return
	step "dkms/$k build ($KVER)" "$log" eval '{ "${dkms[@]}" build \
		"xtcp/$version" -k "$KVER" ||
		{ cat "$w/dkms/xtcp/$version/build/make.log"; false; }; } &&
		ko=$(echo "$w/dkms/xtcp/$version/$KVER/$arch/module/"xtcp.ko*) &&
		module_ok "$ko" "$KVER"' || return
	step "dkms/$k install: modprobe finds it in updates/dkms" "$log" eval \
		'"${dkms[@]}" install --no-depmod "xtcp/$version" -k "$KVER" &&
		ko=$(echo "$w/root/lib/modules/$KVER/updates/dkms/"xtcp.ko*) &&
		module_ok "$ko" "$KVER" && resolves "$w/root" "$KVER" "$ko" &&
		mkdir -p "$XTCP_BUILD/$k" &&
		cp -a "$w/root" "$XTCP_BUILD/$k/dkms-root" &&
		(cd "$w/src/xtcp-$version" &&
		 cat Kbuild module/Kbuild module/*.[ch] | sha1sum) \
			>"$XTCP_BUILD/$k/dkms-root/sources"' || return
	step "dkms/$k uninstall" "$log" eval '"${dkms[@]}" uninstall --no-depmod \
		"xtcp/$version" -k "$KVER" && gone "$w/root" "$KVER" &&
		"${dkms[@]}" status xtcp/$version | grep -q ": built"' || return
	step "dkms/$k remove" "$log" eval '"${dkms[@]}" remove "xtcp/$version" \
		--all --no-depmod && [ ! -e "$w/dkms/xtcp" ] &&
		[ -z "$("${dkms[@]}" status xtcp)" ]'
}

# make_trip KERNEL - make install and make uninstall, into a root.
make_trip() {
	local k=$1 w=$XTCP_BUILD/dkms/$1 log=$XTCP_CHECK/make-install-$1.log
	local mk=(make -C "$w/stage" KVER="$KVER" KDIR="$KDIR"
		  INSTALL_MOD_PATH="$w/mi")

	: >"$log"
	new_root "$w/mi" "$KVER" && stage "$w/stage" ||
		{ record "make/$k setup" FAIL "$log"; return 1; }
	step "make/$k install" "$log" eval '"${mk[@]}" install &&
		module_ok "$w/mi/lib/modules/$KVER/updates/xtcp.ko" "$KVER" &&
		resolves "$w/mi" "$KVER" "$w/mi/lib/modules/$KVER/updates/xtcp.ko"' ||
		return
	step "make/$k uninstall" "$log" eval '"${mk[@]}" uninstall &&
		gone "$w/mi" "$KVER"'
}

# vm_test KERNEL - the VM test on what DKMS installed.
vm_test() {
	local log=$XTCP_CHECK/vm-$1.log rc=0
	"$XTCP_TOP/scripts/vmtest.sh" "$1" module_dkms_autoload >"$log" 2>&1 || rc=$?
	if [ -s "$XTCP_BUILD/$1/vmtests/vmtests.ktap" ]; then
		count_ktap "vm/$1" "$XTCP_BUILD/$1/vmtests/vmtests.ktap"
	fi
	[ $rc -eq 0 ] || record "vm/$1 run (exit $rc)" FAIL "$log"
}

kernels=("$@")
[ ${#kernels[@]} -gt 0 ] || kernels=(6.1 6.12)
for k in "${kernels[@]}"; do
	kernel_info "$k"
	t0=$(date +%s)
	dkms_trip "$k"
	make_trip "$k"
	log "dkms-check $k: $(( $(date +%s) - t0 )) s for the DKMS and make round trips"
	[ -z "$vm" ] || vm_test "$k"
done
[ -n "$alone" ] || exit 0
results_print "$XTCP_RESULTS"
