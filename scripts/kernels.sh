# SPDX-License-Identifier: GPL-2.0
# Kernels the tests boot. Source it after lib.sh.
#
# kernel_info NAME sets KNAME, KVER (release), KIMAGE (bzImage), KDIR (tree
# to build modules against) and KMODS (modules directory the guest loads
# from, empty when everything needed is built in). NAME is one of:
#   6.1    Debian 12's stock kernel (linux-image-amd64)
#   6.12   Debian 12's 6.12 kernel (linux-image-6.12-amd64)
#   6.1-rt, 6.12-rt  their PREEMPT_RT builds (linux-image-rt-amd64,
#          linux-image-6.12-rt-amd64): make check builds against both and
#          runs the tests scripts/vmtests/rt.list names on 6.12-rt
#   debug  the KUnit + debug kernel built by scripts/kernel/build-debug.sh

# The kernels make check boots (6.12-rt: only scripts/vmtests/rt.list).
XTCP_KERNELS="6.1 6.12 debug 6.12-rt"

kernel_info() {
	KNAME=$1
	case "$1" in
	6.1|6.12|6.1-rt|6.12-rt)
		local pkg=linux-image-amd64
		case "$1" in
		6.12) pkg=linux-image-6.12-amd64 ;;
		6.1-rt) pkg=linux-image-rt-amd64 ;;
		6.12-rt) pkg=linux-image-6.12-rt-amd64 ;;
		esac
		need_packages "$pkg" "${pkg/image/headers}"
		KVER=$(pkg_kver "$pkg")
		KIMAGE=/boot/vmlinuz-$KVER
		KDIR=/lib/modules/$KVER/build
		KMODS=/lib/modules/$KVER
		;;
	debug)
		KDIR=$("$XTCP_TOP/scripts/kernel/build-debug.sh")
		KVER=$(cat "$KDIR/include/config/kernel.release")
		KIMAGE=$KDIR/arch/x86/boot/bzImage
		KMODS=
		;;
	*)
		die "unknown kernel '$1' (one of: 6.1 6.12 6.1-rt 6.12-rt debug)"
		;;
	esac
	[ -r "$KIMAGE" ] || die "no kernel image $KIMAGE"
	[ -d "$KDIR" ] || die "no kernel build tree $KDIR"
}
