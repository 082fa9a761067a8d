#!/usr/bin/env bash
# stock.sh LINE: fetch Debian's current stock kernel of line LINE (6.1, 6.12):
# installs linux-headers-<version> and unpacks linux-image-<version> (with
# dpkg-deb -x, never installed) under $MYMEM_CACHE/stock. Prints two lines:
# the headers' build tree and the kernel image. For the 7.x line of the
# newer suites: the image from linux-binary-<version>, the headers installed
# in a build root of their own (chroot.sh), whose path is a third line; the
# headers' path is the one inside that root.
set -euo pipefail
# shellcheck source=tools/rig/lib.sh
. "$(dirname "$0")/lib.sh"

line=${1:?usage: stock.sh LINE}
meta=$(stock_meta "$line")

# The newer suites' line: the newest linux-binary-<line>.N+deb13-amd64, its
# headers in a Debian 13 build root (chroot.sh), printed as a third line
# (sid's +deb14 builds need a newer root than Debian 13's).
if [ "$meta" = newer ]; then
	pkg=$(newer_apt apt-cache pkgnames linux-binary- |
		grep -E "^linux-binary-${line//./\\.}\.[0-9]+\+deb13-amd64\$" | sort -V | tail -n 1 || true)
	[ -n "$pkg" ] || die "the newer suites carry no Debian 13 (+deb13) stock kernel of line $line for the build root"
	kver=${pkg#linux-binary-}
	root=$("$RIG_DIR/chroot.sh" "$kver")
	dir=$CACHE/stock/$kver
	if [ ! -f "$dir/boot/vmlinuz-$kver" ] || [ -z "$(ls -A "$dir/modules" 2>/dev/null)" ]; then
		rm -rf "$dir"
		mkdir -p "$dir/boot"
		deb=$(newer_fetch "$pkg" "$(newer_version "$pkg")")
		dpkg-deb -x "$deb" "$dir" || die "cannot unpack $pkg"
		mv "$dir/usr/lib/modules/$kver/vmlinuz" "$dir/boot/vmlinuz-$kver" ||
			die "$pkg has no usr/lib/modules/$kver/vmlinuz"
		rm -rf "${dir:?}/usr" "$deb"
		# The RAM disk driver, for the ext2 workload of the guide's boot and
		# make bench, from linux-modules-<version>; the rest goes.
		mkdir -p "$dir/modules" "$dir/m"
		deb=$(newer_fetch "linux-modules-$kver" "$(newer_version "linux-modules-$kver")")
		dpkg-deb -x "$deb" "$dir/m" || die "cannot unpack linux-modules-$kver"
		find "$dir/m" -name 'brd.ko*' -exec mv {} "$dir/modules/" \;
		rm -rf "${dir:?}/m" "$deb"
		[ -n "$(ls -A "$dir/modules")" ] || die "linux-modules-$kver has no brd module"
	fi
	echo "/usr/src/linux-headers-$kver"
	echo "$dir/boot/vmlinuz-$kver"
	echo "$root"
	exit 0
fi
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
