#!/usr/bin/env bash
# installed-check.sh [KDIR]: on the host, as root: the rig never changes
# what a user installed, and "make install" and "make dkms-install" live
# side by side. Run by make check; takes about a minute.
#  - "make install" into the real system, KDIR (default: the running
#    kernel's build tree; without one, the headers of Debian 12's stock
#    kernel, installed if missing) from a copy of the tree; tools/client
#    builds against its SDK: RESULT host/dkms.client-after-install;
#  - the SHA-256 of every file under the places an install or DKMS writes
#    to; then make check's DKMS build (dkms.sh build, private trees) and
#    every file again, byte for byte: RESULT host/dkms.user-install-kept;
#  - if mymem was not registered with DKMS before: "make dkms-install"
#    next to the install keeps every file of it, installs DKMS's module,
#    and tools/client still builds: RESULT host/dkms.install-coexists;
#  - if nothing of mymem was installed before: "make dkms-install" alone
#    leaves an SDK tools/client builds against:
#    RESULT host/dkms.client-after-dkms-install;
#  - at the end, and on any exit, every watched file is as it was at the
#    start: what the check put there is removed, what it replaced is put
#    back (RESULT host/dkms.host-restored). Watched: /usr/src/mymem-<ver>,
#    /lib/modules/<kver> (the build and source links not followed),
#    /usr/local/sbin/myslabinfo, /var/lib/dkms/mymem and DKMS's signing key.
# Exits non-zero if a test failed; not root, it skips.
set -euo pipefail
# shellcheck source=tools/rig/lib.sh
. "$(dirname "$0")/lib.sh"

failed=0
result() { # ok|fail|skip NAME [MESSAGE]
	echo "RESULT $1 $2${3:+ : $3}"
	[ "$1" != fail ] || failed=1
}

if [ "$(id -u)" -ne 0 ]; then
	result skip host/dkms.user-install-kept "installs into the system: needs root"
	exit 0
fi
need_pkgs dkms kmod build-essential
ver=$(mymem_version)

kdir=${1:-${KDIR:-}}
if [ -z "$kdir" ]; then
	if [ -e "/lib/modules/$(uname -r)/build" ]; then
		kdir=/lib/modules/$(uname -r)/build
	elif apt-cache show "linux-headers-$(uname -r)" >/dev/null 2>&1; then
		need_pkgs "linux-headers-$(uname -r)"
		kdir=/lib/modules/$(uname -r)/build
	else
		# No headers for the running kernel: Debian 12's stock ones.
		hdr=$(apt-cache depends linux-headers-amd64 2>/dev/null |
			sed -n 's/^ *Depends: \(linux-headers-[^ ]*\)$/\1/p' | head -n 1)
		[ -n "$hdr" ] || die "no linux-headers for $(uname -r), none for linux-headers-amd64: give KDIR"
		need_pkgs "$hdr"
		kdir=/usr/src/$hdr
	fi
fi
kver=$(sed -n 's/^#define UTS_RELEASE "\(.*\)"/\1/p' "$kdir/include/generated/utsrelease.h" 2>/dev/null)
[ -n "$kver" ] || die "$kdir is not a kernel build tree (no include/generated/utsrelease.h)"
# DKMS builds against the installed kernel's build link.
[ -e "/lib/modules/$kver/build" ] || die "no /lib/modules/$kver/build: DKMS cannot build for $kver"

sdk=/usr/src/mymem-$ver
# Without symbolic links on the way (/lib is one on Debian 12): the
# backup is made and put back by path.
mods=$(cd /lib/modules && pwd -P)/$kver
watched=("$sdk" "$mods" /usr/local/sbin/myslabinfo /var/lib/dkms/mymem
	/var/lib/dkms/mok.key /var/lib/dkms/mok.pub)
work=$CACHE/run/installed-check
logs=$CACHE/logs/installed-check
start=$(date +%s)

# snapshot: one line per watched file ("f <sha256> <path>"), symbolic link
# ("l <target> <path>") and directory ("d - <path>"), sorted.
snapshot() {
	local p
	for p in "${watched[@]}"; do
		[ -e "$p" ] || [ -L "$p" ] || continue
		find "$p" \( -type d -printf 'd - %p\n' \) -o \( -type l -printf 'l %l %p\n' \) -o \
			\( -type f -exec sha256sum {} + \)
	done | sed 's/^\([0-9a-f]\{64\}\)  /f \1 /' | LC_ALL=C sort -k3
}

# differ A B: the paths whose lines differ between two snapshots.
differ() {
	diff "$1" "$2" | sed -n 's/^[<>] [fld] [^ ]* //p' | LC_ALL=C sort -u | head -n 20 | tr '\n' ' '
}

# restore: the watched places as they were at the start. DKMS first (its
# remove runs depmod), then what was not there is removed and what was is
# put back from the backup.
restore() {
	local kind p
	if [ -z "$dkms_before" ] && [ -n "$(dkms status -m mymem -v "$ver" 2>/dev/null)" ]; then
		dkms remove "mymem/$ver" --all >>"$logs/restore.log" 2>&1 || true
	fi
	snapshot >"$work/now"
	# Paths the start did not have, deepest first.
	awk 'NR == FNR { had[$3] = 1; next } !($3 in had)' "$work/before" "$work/now" |
		LC_ALL=C sort -r -k3 | while read -r kind _ p; do
			if [ "$kind" = d ]; then
				rmdir -- "$p" 2>/dev/null || true
			else
				rm -f -- "$p"
			fi
		done
	tar -C / -xpf "$work/backup.tar" || true
}

rm -rf "$work" "$logs"
mkdir -p "$work/src" "$logs"
snapshot >"$work/before"
# The backup: every watched file but the kernel's own modules (large, and
# nothing here writes there: the snapshot would tell).
mapfile -t keep < <(for p in "${watched[@]}"; do [ -e "$p" ] || [ -L "$p" ] && echo "${p#/}"; done)
tar -C / -cpf "$work/backup.tar" --exclude="${mods#/}/kernel" -- "${keep[@]}"
dkms_before=$(dkms status -m mymem 2>/dev/null || true)
clean=1
for p in "$sdk" "$mods/extra/mymem.ko" /usr/local/sbin/myslabinfo /var/lib/dkms/mymem; do
	[ -e "$p" ] && clean=
done
if [ -n "$clean" ]; then
	msg "installed-check: KDIR $kdir ($kver); nothing of mymem installed here"
else
	msg "installed-check: KDIR $kdir ($kver); mymem installed here already: put back at the end"
fi
trap 'restore; rm -rf "$work/src"' EXIT

# The sources, copied: the builds of "make install" stay out of the tree.
tar -C "$TOP_DIR" -cf - --exclude='*.o' --exclude='*.ko' --exclude='*.mod' \
	--exclude='*.mod.c' --exclude='.*.cmd' --exclude='Module.symvers' \
	--exclude='modules.order' --exclude='tools/myslabinfo/myslabinfo' \
	Makefile dkms.conf mymem tools/client tools/myslabinfo | tar -C "$work/src" -xf -

# client_builds LOG: tools/client against the installed SDK, no warning.
client_builds() {
	make -C "$work/src/tools/client" clean KDIR="$kdir" >/dev/null 2>&1 || true
	make -C "$work/src/tools/client" KDIR="$kdir" MYMEM_SDK="$sdk" W=1 >"$1" 2>&1 &&
		! grep -qiE '(^|[^a-z])warning:' "$1"
}

# --- make install, then make check's DKMS build ---
msg "make install into the system"
if ! make -C "$work/src" install KDIR="$kdir" >"$logs/install.log" 2>&1; then
	result fail host/dkms.user-install-kept "make install failed, see $logs/install.log"
	exit 1
fi
# tools/client against the SDK of make install.
if client_builds "$logs/client-install.log"; then
	result ok host/dkms.client-after-install
else
	result fail host/dkms.client-after-install "see $logs/client-install.log"
fi
snapshot >"$work/installed"
# The install's own files: new or changed, but depmod's lists (which any
# module install rewrites).
mine=$(awk 'NR == FNR { had[$0] = 1; next } $1 == "f" && !($0 in had)' "$work/before" "$work/installed" |
	grep -v " $mods/modules\.[^/]*\$" || true)
missing=()
for p in "$mods/extra/mymem.ko" "$sdk/include/mymem.h" "$sdk/include/mymem_redirect.h" \
	"$sdk/include/redirect/linux/slab.h" "$sdk/$kver/Module.symvers" /usr/local/sbin/myslabinfo; do
	grep -q " $p\$" "$work/installed" || missing+=("$p")
done
msg "make check's DKMS build for $kver"
dkms_out=$("$RIG_DIR/dkms.sh" build "$kver" 2>&1 || true)
snapshot >"$work/after-check"
if [ ${#missing[@]} -gt 0 ]; then
	result fail host/dkms.user-install-kept "make install did not install ${missing[*]}"
elif ! grep -q "^RESULT ok dkms/$kver\$" <<<"$dkms_out"; then
	result fail host/dkms.user-install-kept "the DKMS build did not pass: $(tr '\n' ' ' <<<"$dkms_out" | head -c 300)"
elif ! cmp -s "$work/installed" "$work/after-check"; then
	result fail host/dkms.user-install-kept "the DKMS check changed $(differ "$work/installed" "$work/after-check")"
else
	result ok host/dkms.user-install-kept
fi

# --- make dkms-install next to make install ---
if [ -n "$dkms_before" ]; then
	result skip host/dkms.install-coexists "mymem is registered with DKMS here; not touching it"
else
	msg "make dkms-install next to make install"
	if ! make -C "$TOP_DIR" dkms-install KVER="$kver" >"$logs/dkms-install.log" 2>&1; then
		result fail host/dkms.install-coexists "make dkms-install failed, see $logs/dkms-install.log"
	else
		snapshot >"$work/both"
		# Every file of the install, unchanged (DKMS adds its own).
		gone=$(grep -v -F -x -f "$work/both" <<<"$mine" | awk '{print $3}' | tr '\n' ' ' || true)
		if [ -n "$gone" ]; then
			result fail host/dkms.install-coexists "dkms-install changed or removed $gone"
		elif ! find "$mods/updates/dkms" -name 'mymem.ko*' 2>/dev/null | grep -q .; then
			result fail host/dkms.install-coexists "no DKMS mymem.ko under $mods/updates/dkms"
		elif ! client_builds "$logs/client-both.log"; then
			result fail host/dkms.install-coexists "the client fails after dkms-install, see $logs/client-both.log"
		else
			result ok host/dkms.install-coexists
		fi
	fi
fi

# --- make dkms-install alone ---
if [ -z "$clean" ]; then
	result skip host/dkms.client-after-dkms-install "mymem was installed here before; not removing it"
else
	restore
	msg "make dkms-install alone"
	if ! make -C "$TOP_DIR" dkms-install KVER="$kver" >"$logs/dkms-alone.log" 2>&1; then
		result fail host/dkms.client-after-dkms-install "make dkms-install failed, see $logs/dkms-alone.log"
	elif ! client_builds "$logs/client-dkms.log"; then
		result fail host/dkms.client-after-dkms-install "the client fails, see $logs/client-dkms.log"
	else
		result ok host/dkms.client-after-dkms-install
	fi
fi

# --- everything as it was ---
trap - EXIT
restore
rm -rf "$work/src"
snapshot >"$work/end"
if cmp -s "$work/before" "$work/end"; then
	result ok host/dkms.host-restored
else
	result fail host/dkms.host-restored "differs from the start: $(differ "$work/before" "$work/end")"
fi
el=$(($(date +%s) - start))
msg "installed-check: $((el / 60))m$((el % 60))s; logs in $logs"
exit "$failed"
