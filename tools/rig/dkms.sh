#!/usr/bin/env bash
# dkms.sh install [KVER]: make dkms-install, as root. Puts the sources DKMS
#   builds from (dkms.conf, Makefile, mymem/) into /usr/src/mymem-<version>,
#   replacing only those: the client SDK "make install" put there
#   (include/mymem.h, <kver>/Module.symvers) stays. Registers mymem/<version>
#   with DKMS unless it is, then builds and installs it for KVER (default:
#   the running kernel) only: other kernels' DKMS builds stay. --force lets
#   DKMS install next to a "make install" of the same version (in extra/,
#   which DKMS on Debian leaves in place; depmod prefers updates/dkms).
#   Each DKMS build adds the SDK files for its kernel where "make install"
#   did not put them (dkms.conf's DKMS_SDK), so that tools/client builds.
# dkms.sh build KVER...: make check's DKMS build, for each KVER whose headers
#   are installed: dkms add and build in a private DKMS tree, source tree
#   and install tree under $CACHE/dkms (kept until the next run, with its
#   logs), with a signing key of its own there, so that it never touches
#   /var/lib/dkms, /usr/src or /lib/modules: a user's DKMS install and SDK
#   stay as they are. Checks the module it built is for that kernel and
#   that the build left the SDK files. Echoes RESULT lines.
set -euo pipefail
# shellcheck source=tools/rig/lib.sh
. "$(dirname "$0")/lib.sh"

need_pkgs dkms
ver=$(mymem_version)
grep -qx "PACKAGE_VERSION=\"$ver\"" "$TOP_DIR/dkms.conf" ||
	die "dkms.conf's PACKAGE_VERSION is not MYMEM_VERSION ($ver)"

# put_sources DIR: the sources DKMS builds from (what "make module" needs,
# nothing built) into DIR, replacing only those; the rest of DIR stays.
put_sources() {
	local dir=$1
	mkdir -p "$dir"
	rm -rf "$dir/mymem" "$dir/Makefile" "$dir/dkms.conf"
	tar -C "$TOP_DIR" -cf - --exclude='*.o' --exclude='*.ko' --exclude='*.mod' \
		--exclude='*.mod.c' --exclude='.*.cmd' --exclude='.*.d' --exclude='Module.symvers' \
		--exclude='modules.order' dkms.conf Makefile mymem | tar -C "$dir" -xf -
}

case ${1:-} in
install)
	kver=${2:-$(uname -r)}
	[ "$(id -u)" -eq 0 ] || die "make dkms-install needs root"
	put_sources "/usr/src/mymem-$ver"
	if [ -z "$(dkms status -m mymem -v "$ver")" ]; then
		dkms add "mymem/$ver" >/dev/null
	fi
	# This kernel's build only, from the sources just put there.
	if dkms status -m mymem -v "$ver" -k "$kver" | grep -q ': installed'; then
		dkms uninstall "mymem/$ver" -k "$kver"
	fi
	dkms build --force "mymem/$ver" -k "$kver"
	dkms install --force "mymem/$ver" -k "$kver"
	msg "installed: $(modinfo -n -k "$kver" mymem)"
	msg "client SDK: /usr/src/mymem-$ver (include/mymem.h, $kver/Module.symvers)"
	;;
build)
	shift
	[ $# -gt 0 ] || die "usage: dkms.sh build KVER..."
	# In BUILD_ROOT when that is set (a stock kernel of the newer suites,
	# whose headers are there): its DKMS, on trees under it.
	priv=${BUILD_ROOT:-$CACHE}/dkms
	rm -rf "$priv"
	mkdir -p "$priv/tree" "$priv/src" "$priv/lib" "$CACHE/logs"
	trees=(--dkmstree "$(in_path "$priv/tree")" --sourcetree "$(in_path "$priv/src")"
		--installtree "$(in_path "$priv/lib")")
	# DKMS signs what it builds and makes the key if it is missing
	# (default /var/lib/dkms/mok.key): a key of the check's own.
	mok_signing_key=$(in_path "$priv/mok.key")
	mok_certificate=$(in_path "$priv/mok.pub")
	export mok_signing_key mok_certificate
	sdk=$priv/src/mymem-$ver
	put_sources "$sdk"
	rig_run dkms add "mymem/$ver" "${trees[@]}" >/dev/null
	for kver in "$@"; do
		log=$CACHE/logs/dkms-$kver.log
		if ! rig_run dkms build "mymem/$ver" -k "$kver" --kernelsourcedir "/lib/modules/$kver/build" \
			"${trees[@]}" >"$log" 2>&1; then
			echo "RESULT fail dkms/$kver : dkms build failed, see $log and $priv/tree"
			continue
		fi
		ko=$(find "$priv/tree/mymem/$ver/$kver" -name 'mymem.ko*' | head -n 1)
		magic=$(modinfo -F vermagic "$ko" 2>/dev/null | cut -d' ' -f1)
		if [ "$magic" != "$kver" ]; then
			echo "RESULT fail dkms/$kver : built module's vermagic is '$magic'"
		elif [ ! -f "$sdk/$kver/Module.symvers" ] || [ ! -f "$sdk/include/mymem.h" ]; then
			echo "RESULT fail dkms/$kver : the build left no SDK ($sdk/$kver/Module.symvers, include/mymem.h)"
		else
			echo "RESULT ok dkms/$kver"
		fi
	done
	;;
*)
	die "usage: dkms.sh install [KVER] | dkms.sh build KVER..."
	;;
esac
