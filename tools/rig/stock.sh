#!/usr/bin/env bash
# stock.sh LINE: fetch Debian's current stock kernel of line LINE (6.1, 6.12):
# installs linux-headers-<version> and unpacks linux-image-<version> (with
# dpkg-deb -x, never installed) under $MYMEM_CACHE/stock. Prints two lines:
# the headers' build tree and the kernel image.
set -euo pipefail
# shellcheck source=tools/rig/lib.sh
. "$(dirname "$0")/lib.sh"

line=${1:?usage: stock.sh LINE}
meta=$(stock_meta "$line")
# The current version is what the meta package linux-image-<meta> points at.
img=$(apt-cache depends "linux-image-$meta" 2>/dev/null | sed -n 's/^ *Depends: \(linux-image-[^ ]*\)$/\1/p' | head -n 1)
if [ -z "$img" ]; then
	apt-get update -qq >/dev/null 2>&1 || true
	img=$(apt-cache depends "linux-image-$meta" | sed -n 's/^ *Depends: \(linux-image-[^ ]*\)$/\1/p' | head -n 1)
fi
[ -n "$img" ] || die "cannot tell the current linux-image-$meta version"
kver=${img#linux-image-}
need_pkgs "linux-headers-$kver"

dir=$CACHE/stock/$kver
if [ ! -f "$dir/boot/vmlinuz-$kver" ]; then
	msg "fetching $img"
	rm -rf "$dir"
	mkdir -p "$dir"
	(cd "$dir" && apt-get download -q "$img" >/dev/null 2>&1) || die "apt-get download $img failed"
	dpkg-deb -x "$dir"/*.deb "$dir" || die "cannot unpack $img"
	rm -f "$dir"/*.deb
fi
echo "/usr/src/linux-headers-$kver"
echo "$dir/boot/vmlinuz-$kver"
