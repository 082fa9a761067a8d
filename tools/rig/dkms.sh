#!/usr/bin/env bash
# dkms.sh install [KVER]: put the sources under /usr/src/mymem-<version>,
#   then dkms add, build and install for KVER (default: the running kernel).
# dkms.sh build KVER...: dkms add and build for each KVER whose headers are
#   installed, without installing anything; checks the module it built is
#   for that kernel, then removes mymem from DKMS again. Echoes RESULT lines.
set -euo pipefail
# shellcheck source=tools/rig/lib.sh
. "$(dirname "$0")/lib.sh"

need_pkgs dkms
ver=$(mymem_version)
grep -qx "PACKAGE_VERSION=\"$ver\"" "$TOP_DIR/dkms.conf" ||
	die "dkms.conf's PACKAGE_VERSION is not MYMEM_VERSION ($ver)"
src=/usr/src/mymem-$ver

# The sources DKMS builds from: what "make module" needs, nothing built.
add() {
	dkms remove "mymem/$ver" --all >/dev/null 2>&1 || true
	rm -rf "$src"
	mkdir -p "$src"
	tar -C "$TOP_DIR" -cf - --exclude='*.o' --exclude='*.ko' --exclude='*.mod' \
		--exclude='*.mod.c' --exclude='.*.cmd' --exclude='.*.d' --exclude='Module.symvers' \
		--exclude='modules.order' dkms.conf Makefile mymem | tar -C "$src" -xf -
	dkms add "mymem/$ver" >/dev/null
}

case ${1:-} in
install)
	kver=${2:-$(uname -r)}
	add
	dkms build "mymem/$ver" -k "$kver"
	dkms install "mymem/$ver" -k "$kver"
	msg "installed: $(modinfo -n -k "$kver" mymem)"
	;;
build)
	shift
	[ $# -gt 0 ] || die "usage: dkms.sh build KVER..."
	add
	for kver in "$@"; do
		log=$CACHE/logs/dkms-$kver.log
		mkdir -p "$CACHE/logs"
		if ! dkms build "mymem/$ver" -k "$kver" >"$log" 2>&1; then
			echo "RESULT fail dkms/$kver : dkms build failed, see $log"
			continue
		fi
		ko=$(find "/var/lib/dkms/mymem/$ver/$kver" -name 'mymem.ko*' | head -n 1)
		magic=$(modinfo -F vermagic "$ko" 2>/dev/null | cut -d' ' -f1)
		if [ "$magic" = "$kver" ]; then
			echo "RESULT ok dkms/$kver"
		else
			echo "RESULT fail dkms/$kver : built module's vermagic is '$magic'"
		fi
	done
	dkms remove "mymem/$ver" --all >/dev/null 2>&1 || true
	rm -rf "$src"
	;;
*)
	die "usage: dkms.sh install [KVER] | dkms.sh build KVER..."
	;;
esac
