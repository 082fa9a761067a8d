#!/usr/bin/env bash
# chroot.sh KVER: a Debian 13 build root for a stock kernel of the newer
# suites (the 7.x line). Its headers call gcc-14 with gcc-14's flags, and
# kbuild's host programs need a newer glibc than Debian 12's, so modules
# for it are built in a Debian 13 root made with debootstrap from the
# archive the machine uses, with gcc-14, make, libelf-dev, pahole, kmod,
# dkms and linux-headers-KVER. Prints the root's path.
#
# Cached in $MYMEM_CACHE/chroot/trixie-<KVER>-<hash> (the hash covers the
# package list and RECIPE); a fresh machine builds it again (about five
# minutes, mostly downloads). Nothing outside that folder changes but the
# host's debootstrap package, installed on demand.
set -euo pipefail
# shellcheck source=tools/rig/lib.sh
. "$(dirname "$0")/lib.sh"

kver=${1:?usage: chroot.sh KVER}
PKGS="gcc-14 gcc make libc6-dev libelf-dev dwarves kmod bc dkms xz-utils zstd python3"
RECIPE="debootstrap minbase trixie + trixie-backports; $PKGS; v1"
hash=$(echo "$RECIPE" | sha256sum | cut -c1-12)
root=$CACHE/chroot/trixie-$kver-$hash
log=$CACHE/logs/chroot-$kver-$hash.log

if [ -f "$root/.mymem-built" ]; then
	echo "$root"
	exit 0
fi

need_pkgs debootstrap
uri=$(archive_uri)
msg "making a Debian 13 build root for $kver (debootstrap; a few minutes)"
remove_root "$root"
mkdir -p "$root" "$CACHE/logs"
debootstrap --variant=minbase --keyring=/usr/share/keyrings/debian-archive-keyring.gpg \
	trixie "$root" "$uri" >"$log" 2>&1 || die "debootstrap failed; see $log"
cat >"$root/etc/apt/sources.list" <<EOF
deb $uri trixie main
deb $uri trixie-backports main
EOF
rm -f "$root"/etc/apt/sources.list.d/*
# shellcheck disable=SC2086 # PKGS is a list
in_root "$root" sh -c "apt-get update -q && DEBIAN_FRONTEND=noninteractive \
	apt-get install -y -q --no-install-recommends -t trixie-backports $PKGS linux-headers-$kver" \
	>>"$log" 2>&1 || die "installing the build packages in the root failed; see $log"
touch "$root/.mymem-built"
echo "$root"
