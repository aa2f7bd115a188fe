# SPDX-License-Identifier: GPL-2.0
# Shared shell helpers for the xtcp scripts. Source it; do not run it.

XTCP_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
XTCP_CACHE=${XTCP_CACHE:-/var/cache/xtcp}
XTCP_BUILD=${XTCP_BUILD:-$XTCP_TOP/build}

# Debian packages the scripts use, one per line.
XTCP_PACKAGES="make gcc libc6-dev bc flex bison libelf-dev libssl-dev dwarves cpio xz-utils
kmod rsync python3 sparse qemu-system-x86 busybox-static iproute2 socat
tshark python3-scapy ethtool nftables curl iperf3 graphviz linux-headers-amd64
linux-image-amd64 linux-headers-6.12-amd64 linux-image-6.12-amd64
linux-source-6.1 linux-headers-rt-amd64 linux-image-rt-amd64
linux-headers-6.12-rt-amd64 linux-image-6.12-rt-amd64"

log() { printf '%s\n' "xtcp: $*" >&2; }
die() { log "error: $*"; exit 1; }

# need_packages - install the Debian packages that are missing, quietly.
need_packages() {
	local missing=() p
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
			grep -q 'install ok installed' || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	[ "$(id -u)" -eq 0 ] || die "need root to install: ${missing[*]}"
	log "installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	if [ ! -f "$XTCP_CACHE/.apt-updated" ]; then
		apt-get update -qq >/dev/null || die "apt-get update failed"
		mkdir -p "$XTCP_CACHE" && touch "$XTCP_CACHE/.apt-updated"
	fi
	# INITRD=No: the VMs boot an initramfs of their own
	# (scripts/vm/initramfs.sh), so the hook of initramfs-tools that builds
	# one in /boot for each kernel image package (mkinitramfs, about a
	# minute of CPU each) has nothing to do.
	INITRD=No apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
		die "apt-get install ${missing[*]} failed"
}

# pkg_kver - the kernel release (uname -r) a Debian image package installs.
pkg_kver() {
	local dep
	dep=$(dpkg-query -W -f='${Depends}' "$1" 2>/dev/null |
		grep -o 'linux-image-[^ ,]*' | head -n1)
	[ -n "$dep" ] || die "cannot resolve $1"
	echo "${dep#linux-image-}"
}

# stock_kvers - releases of the stock kernels the tests boot: 6.1 and 6.12.
stock_kvers() {
	pkg_kver linux-image-amd64
	pkg_kver linux-image-6.12-amd64
}
