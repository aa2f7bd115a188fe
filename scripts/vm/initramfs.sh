#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# initramfs.sh NAME - build the initramfs for test kernel NAME (see
# scripts/kernels.sh) and print its path: static busybox, scripts/vm/init,
# and for stock kernels the virtio/9p modules, decompressed, in load order.
set -euo pipefail
. "$(dirname "$0")/../lib.sh"
. "$XTCP_TOP/scripts/kernels.sh"

need_packages busybox-static cpio kmod xz-utils
kernel_info "$1"
key=$(cat "$XTCP_TOP/scripts/vm/init" "$0" | sha256sum | cut -c1-12)
img=$XTCP_BUILD/vm/initramfs-$KVER-$key.cpio.gz
if [ -f "$img" ]; then
	echo "$img"
	exit 0
fi

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,dev,proc,sys,modules,newroot}
cp /bin/busybox "$root/bin/busybox"
cp "$XTCP_TOP/scripts/vm/init" "$root/init"
if [ -n "$KMODS" ]; then
	for m in virtio_pci 9pnet_virtio 9p; do
		modprobe -S "$KVER" --show-depends "$m"
	done | while read -r verb path _; do
		[ "$verb" = insmod ] || continue
		name=$(basename "$path")
		grep -qx "${name%.xz}" "$root/modules/order" 2>/dev/null && continue
		case "$name" in
		*.xz) xz -dc "$path" >"$root/modules/${name%.xz}"; name=${name%.xz} ;;
		*) cp "$path" "$root/modules/$name" ;;
		esac
		echo "$name" >>"$root/modules/order"
	done
fi
mkdir -p "$(dirname "$img")"
# VMs booting side by side may build the same image at once: each writes
# a file of its own and renames it into place.
tmp=$(mktemp "$img.XXXXXX")
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) >"$tmp"
mv "$tmp" "$img"
echo "$img"
