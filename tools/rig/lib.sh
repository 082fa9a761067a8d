# shellcheck shell=bash
# Shared helpers of the QEMU test rig. Sourced, never run.
#
# Environment:
#   MYMEM_CACHE   where built kernels, stock images and logs are kept
#                 (default: $HOME/.cache/mymem); outside the repository.
#   CI            when "true", warnings are errors and progress is printed
#                 as plain lines instead of one updating line.

RIG_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP_DIR=$(cd "$RIG_DIR/../.." && pwd)
CACHE=${MYMEM_CACHE:-$HOME/.cache/mymem}
JOBS=${JOBS:-$(nproc)}
export RIG_DIR TOP_DIR CACHE JOBS
mkdir -p "$CACHE/logs"

# shellcheck source=tools/rig/newer.sh
. "$RIG_DIR/newer.sh"

# Kernel lines the rig knows: test kernels are built from linux-source-$line,
# stock kernels come from linux-image-$meta / linux-headers-$meta. Debian
# 12 carries 6.1 and 6.12; the 7.x line is the newest that Debian's newer
# suites carry (newer.sh; make lint's "kernel lines" gate says when a newer
# one appears), its stock kernel's modules are built in a Debian 13 root
# (chroot.sh).
ALL_KERNELS="6.1 6.12 7.3"
stock_meta() {
	case $1 in
	6.1) echo amd64 ;;
	6.12) echo 6.12-amd64 ;;
	7.*)
		# Any 7.x line they still carry; make lint says when a newer one came.
		[ -n "$(newer_version "linux-source-$1")" ] ||
			die "the newer suites carry no linux-source-$1 (their newest 7.x line: $(newest_line 7))"
		echo newer
		;;
	*) die "unknown kernel line '$1' (known: $ALL_KERNELS, and the newest 7.x)" ;;
	esac
}

# from_newer LINE: true when LINE (one select_lines accepted) comes from
# the newer suites: every line but Debian 12's own.
from_newer() {
	case $1 in
	6.1 | 6.12) return 1 ;;
	*) return 0 ;;
	esac
}

# select_lines [LINE...]: set the array "lines" to the kernel lines asked
# for (default: all), refusing unknown ones.
select_lines() {
	local l
	lines=("$@")
	[ ${#lines[@]} -gt 0 ] || read -ra lines <<<"$ALL_KERNELS"
	for l in "${lines[@]}"; do stock_meta "$l" >/dev/null; done
}

msg() { printf '[rig] %s\n' "$*" >&2; }
die() {
	printf '[rig] error: %s\n' "$*" >&2
	exit 1
}

is_tty() { [ -t 2 ] && [ "${CI:-}" != "true" ]; }

# progress LOG PHASE PID [COUNT_REGEX]
# Shows PHASE, how many lines of LOG match COUNT_REGEX and the elapsed time
# until PID exits; one updating line on a terminal, a line a minute otherwise.
# Returns PID's exit status.
progress() {
	local log=$1 phase=$2 pid=$3 re=${4:-^} start n el last=-60 rc
	start=$(date +%s)
	while kill -0 "$pid" 2>/dev/null; do
		el=$(($(date +%s) - start))
		n=$(grep -cE "$re" "$log" 2>/dev/null || true)
		if is_tty; then
			printf '\r[rig] %s: %s files, %dm%02ds ' "$phase" "$n" $((el / 60)) $((el % 60)) >&2
		elif [ $((el - last)) -ge 60 ]; then
			printf '[rig] %s: %s files, %dm%02ds\n' "$phase" "$n" $((el / 60)) $((el % 60)) >&2
			last=$el
		fi
		sleep 1
	done
	wait "$pid"
	rc=$?
	el=$(($(date +%s) - start))
	if is_tty; then printf '\r\033[K' >&2; fi
	if [ "$rc" -eq 0 ]; then
		msg "$phase: done in $((el / 60))m$((el % 60))s"
	else
		msg "$phase: FAILED after $((el / 60))m$((el % 60))s; full log: $log"
		tail -n 25 "$log" >&2
	fi
	return "$rc"
}

# run_logged LOG PHASE REGEX CMD...: run CMD in the background with its
# output in LOG and show progress.
run_logged() {
	local log=$1 phase=$2 re=$3
	shift 3
	mkdir -p "$(dirname "$log")"
	"$@" >"$log" 2>&1 &
	progress "$log" "$phase" $! "$re"
}

# need_pkgs PKG...: install the Debian packages that are missing, quietly.
need_pkgs() {
	local missing=() p
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	[ "$(id -u)" -eq 0 ] || die "missing packages: ${missing[*]} (run as root, or install them)"
	msg "installing ${missing[*]}"
	mkdir -p "$CACHE/logs"
	if [ ! -f "$CACHE/.apt-updated" ] || [ -n "$(find "$CACHE/.apt-updated" -mmin +720)" ]; then
		apt-get update -qq >"$CACHE/logs/apt-update.log" 2>&1 || die "apt-get update failed; see $CACHE/logs/apt-update.log"
		touch "$CACHE/.apt-updated"
	fi
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" \
		>"$CACHE/logs/apt-install.log" 2>&1 || die "apt-get install failed; see $CACHE/logs/apt-install.log"
}

# Everything the rig needs to build modules, kernels and boot them.
# pahole before any kernel build: Debian's 6.12 headers pull it in later,
# and a 7.x tree warns in every module build when the pahole it was built
# with (CONFIG_PAHOLE_VERSION) is not the one there now.
rig_deps() {
	need_pkgs build-essential bc bison flex libelf-dev libssl-dev python3 \
		qemu-system-x86 busybox-static cpio kmod xz-utils zstd sparse procps pahole
}

# pahole_stale TREE: true when TREE's kbuild compares pahole's version
# (7.x does, in its prepare step) and the tree was built with another one.
# (An O= tree's sources are under TREE/source.)
pahole_stale() {
	local src=$1
	[ -f "$src/source/Makefile" ] && src=$1/source
	grep -q 'pahole version differs' "$src/Makefile" 2>/dev/null || return 1
	# The script prints 0 when there is no pahole.
	[ "$(sed -n 's/^CONFIG_PAHOLE_VERSION=//p' "$1/.config")" != \
		"$(sh "$src/scripts/pahole-version.sh" pahole 2>/dev/null || true)" ]
}

# src_version LINE: Debian version of linux-source-LINE: installed on
# demand from Debian 12's suites, or the newest of the newer suites.
src_version() {
	if from_newer "$1"; then
		newer_version "linux-source-$1"
		return
	fi
	need_pkgs "linux-source-$1"
	dpkg-query -W -f='${Version}' "linux-source-$1"
}

# src_tarball LINE: the path of linux-source-LINE's tarball: installed in
# /usr/src, or unpacked from the newer suites' package under $CACHE/src.
src_tarball() {
	local line=$1 ver dir deb
	if ! from_newer "$line"; then
		need_pkgs "linux-source-$line"
		echo "/usr/src/linux-source-$line.tar.xz"
		return
	fi
	ver=$(src_version "$line")
	dir=$CACHE/src/linux-source-$line-$ver
	if [ ! -f "$dir/linux-source-$line.tar.xz" ]; then
		rm -rf "$dir"
		mkdir -p "$dir"
		deb=$(newer_fetch "linux-source-$line" "$ver")
		dpkg-deb --fsys-tarfile "$deb" |
			tar -xf - -C "$dir" --strip-components=3 "./usr/src/linux-source-$line.tar.xz" ||
			die "cannot unpack linux-source-$line $ver"
		rm -f "$deb"	# the tarball is all it holds
	fi
	echo "$dir/linux-source-$line.tar.xz"
}

# own_tree KDIR: check that KDIR is a built x86_64 kernel tree the rig can
# test on (make check KDIR=..., make demo KDIR=...): its bzImage,
# Module.symvers and kunit.py, and the options the guest and the suites
# need. Dies naming everything missing and how to add it; warns about
# options without which some cases skip or see less. Prints the tree's
# absolute path.
OWN_NEEDS="64BIT MODULES MODULE_UNLOAD KUNIT BLK_DEV_INITRD RD_GZIP PROC_FS SYSFS DEBUG_FS \
DEVTMPFS SERIAL_8250 SERIAL_8250_CONSOLE BINFMT_ELF BINFMT_SCRIPT TTY PRINTK SMP KALLSYMS \
TRACEPOINTS"
OWN_WANTS="NUMA HOTPLUG_CPU PROVE_LOCKING DEBUG_KMEMLEAK FAULT_INJECTION FAIL_PAGE_ALLOC \
SHRINKER_DEBUG CPU_HOTPLUG_STATE_CONTROL FTRACE KUNIT_DEBUGFS STACKTRACE"
own_tree() {
	local kdir o missing=() adds=() weak=() src
	kdir=$(cd "$1" 2>/dev/null && pwd) || die "KDIR=$1: no such directory"
	[ -f "$kdir/.config" ] || die "KDIR=$kdir: no .config; point KDIR at a configured and built kernel tree"
	# TRACEPOINTS (the suites read reports from the console tracepoint)
	# is selected, not set: a tracer brings it.
	for o in $OWN_NEEDS; do
		grep -qx "CONFIG_$o=y" "$kdir/.config" && continue
		missing+=("$o")
		case $o in
		TRACEPOINTS) adds+=(FTRACE ENABLE_DEFAULT_TRACERS) ;;
		*) adds+=("$o") ;;
		esac
	done
	for o in $OWN_WANTS; do
		grep -qx "CONFIG_$o=y" "$kdir/.config" || weak+=("$o")
	done
	grep -qx 'CONFIG_X86_64=y' "$kdir/.config" ||
		die "KDIR=$kdir: not an x86_64 kernel (the rig boots qemu-system-x86_64); configure it with ARCH=x86_64 (make ARCH=x86_64 tinyconfig, or scripts/config -e 64BIT)"
	grep -q '^CONFIG_PREEMPT_RT=y' "$kdir/.config" && die "KDIR=$kdir: PREEMPT_RT, which mymem does not support"
	if [ ${#missing[@]} -gt 0 ]; then
		die "KDIR=$kdir lacks what the test boots need: ${missing[*]/#/CONFIG_}
       add them (in the tree: scripts/config$(printf ' -e %s' "${adds[@]}"); make olddefconfig)
       and rebuild (make bzImage modules), or merge tools/rig/kernel.config, the rig's own fragment"
	fi
	[ ${#weak[@]} -eq 0 ] ||
		msg "KDIR=$kdir: without ${weak[*]/#/CONFIG_} some cases skip or check less"
	! grep -qx 'CONFIG_SLUB_TINY=y' "$kdir/.config" ||
		msg "KDIR=$kdir: CONFIG_SLUB_TINY (tinyconfig's default) defines SLAB_RECLAIM_ACCOUNT as 0: its case skips"
	! pahole_stale "$kdir" ||
		msg "KDIR=$kdir: built with another pahole than this machine's; its kbuild warns in every module build (an error under CI=true)"
	[ -f "$kdir/arch/x86/boot/bzImage" ] || die "KDIR=$kdir: no arch/x86/boot/bzImage; build it (make bzImage modules)"
	[ -f "$kdir/Module.symvers" ] || die "KDIR=$kdir: no Module.symvers; build it (make bzImage modules)"
	src=$kdir
	[ -f "$src/tools/testing/kunit/kunit.py" ] || src=$kdir/source
	[ -f "$src/tools/testing/kunit/kunit.py" ] ||
		die "KDIR=$kdir: no tools/testing/kunit/kunit.py (nor under source/): a tree of the kernel's sources is needed"
	echo "$kdir"
}

# kunit_py TREE: the tree's kunit.py (in TREE or, for O= builds, TREE/source).
kunit_py() {
	if [ -f "$1/tools/testing/kunit/kunit.py" ]; then
		echo "$1/tools/testing/kunit/kunit.py"
	else
		echo "$1/source/tools/testing/kunit/kunit.py"
	fi
}

# in_root ROOT CMD...: run CMD in the build root ROOT (chroot.sh) with
# /proc, /dev and the host's resolver; its exit status. The mounts are made
# in a mount namespace of the command's own, so they go with it however it
# ends, and the host never sees them under ROOT (an rm -rf of ROOT cannot
# reach the host's /dev).
in_root() {
	local root=$1
	shift
	cp --remove-destination /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
	# shellcheck disable=SC2016 # expanded by the inner shell
	unshare --mount --propagation private sh -c \
		'mount -t proc proc "$0/proc" && mount --rbind /dev "$0/dev" && exec chroot "$0" "$@"' \
		"$root" "$@"
}

# remove_root DIR: rm -rf DIR, a build root, unless something is mounted
# under it (then die: removing would go into the mount).
remove_root() {
	local dir=$1
	[ -e "$dir" ] || return 0
	if awk -v d="$dir/" 'index($5 "/", d) == 1 { found = 1 } END { exit !found }' /proc/self/mountinfo; then
		die "something is mounted under $dir; unmount it first (grep '$dir' /proc/self/mountinfo)"
	fi
	rm -rf --one-file-system "$dir"
}

# rig_run CMD...: CMD on the host, or in BUILD_ROOT when that is set;
# in_path PATH: PATH (under BUILD_ROOT when that is set) as CMD sees it.
rig_run() {
	if [ -n "${BUILD_ROOT:-}" ]; then
		in_root "$BUILD_ROOT" "$@"
	else
		"$@"
	fi
}
in_path() { echo "${1#"${BUILD_ROOT:-}"}"; }

# build_checked LOG WHAT CMD...: a module build, its output in LOG: dies
# naming WHAT when it fails; its warnings fail it in CI and are shown
# otherwise.
build_checked() {
	local log=$1 what=$2
	shift 2
	if ! "$@" >"$log" 2>&1; then
		grep -E 'error|Error|ERROR' "$log" | head -n 20 >&2
		die "$what failed; full log: $log"
	fi
	if grep -qiE '(^|[^a-z])warning:' "$log"; then
		grep -iE '(^|[^a-z])warning:' "$log" | head -n 20 >&2
		[ "${CI:-}" = "true" ] && die "warnings in $what; full log: $log"
		msg "warnings in $what (errors in CI); full log: $log"
	fi
}

# build_modules KDIR OUT: build every module of the repository against the
# kernel build tree KDIR with W=1, in a copy under OUT (so that builds for
# several kernels never share objects); the .ko files land in OUT.
# Warnings fail the build in CI and are shown otherwise. With BUILD_ROOT
# set, the build runs in that root (see there).
build_modules() {
	local kdir=$1 out=$2 log=$2/build.log args=(W=1) run=() src=$2/src f
	[ "${CI:-}" = "true" ] && args+=(MYMEM_WERROR=y)
	# BUILD_ROOT: build in that root (chroot.sh); KDIR is its path there,
	# OUT lies under the root.
	if [ -n "${BUILD_ROOT:-}" ]; then
		case $out in "$BUILD_ROOT"/*) ;; *) die "build_modules: $out is not under $BUILD_ROOT" ;; esac
		run=(in_root "$BUILD_ROOT")
		src=$(in_path "$out/src")
	fi
	# Trees the rig built: an unresolved symbol must fail the build.
	[ -f "$kdir/vmlinux.symvers" ] && args+=("KBUILD_EXTRA_SYMBOLS=$kdir/vmlinux.symvers")
	rm -rf "$out"
	mkdir -p "$out/src"
	tar -C "$TOP_DIR" -cf - --exclude='*.o' --exclude='*.ko' --exclude='*.mod' \
		--exclude='*.mod.c' --exclude='.*.cmd' --exclude='Module.symvers' \
		--exclude='modules.order' --exclude='tools/myslabinfo/myslabinfo' \
		Makefile Kbuild mymem kunit tools/demo tools/bench tools/stress tools/client \
		tools/myslabinfo tools/leak |
		tar -C "$out/src" -xf -
	build_checked "$log" "the module build (W=1) against $kdir" \
		"${run[@]}" make -C "$kdir" M="$src" "${args[@]}" modules
	find "$out/src" -name '*.ko' -exec cp {} "$out/" \;
	cp "$out/src/Module.symvers" "$out/"
	build_redirect "$kdir" "$out"
}

# build_redirect KDIR OUT: "make redirect" of the kernel's own code,
# unchanged, from KDIR's source where it has it (the test kernels; stock
# headers do not): lib/test_meminit.c (with lib/Makefile's line for it as
# its Kbuild) and fs/ext2 (where the tree's config builds it as a module),
# into OUT/test_meminit.ko and OUT/ext2.ko, against the modules that
# build_modules built in OUT/src.
build_redirect() {
	local kdir=$1 out=$2 src=$2/src run=() d m
	[ -n "${BUILD_ROOT:-}" ] && run=(in_root "$BUILD_ROOT") src=$(in_path "$out/src")
	for d in "$kdir" "$kdir/source"; do
		if [ -f "$d/lib/test_meminit.c" ] && [ ! -d "$out/redirect/meminit" ]; then
			mkdir -p "$out/redirect/meminit"
			cp "$d/lib/test_meminit.c" "$out/redirect/meminit/"
			echo 'obj-m += test_meminit.o' >"$out/redirect/meminit/Kbuild"
		fi
		if [ -d "$d/fs/ext2" ] && grep -qx 'CONFIG_EXT2_FS=m' "$kdir/.config" 2>/dev/null &&
			[ ! -d "$out/redirect/ext2" ]; then
			cp -r "$d/fs/ext2" "$out/redirect/"
		fi
	done
	for m in "$out"/redirect/*; do
		[ -d "$m" ] || continue
		build_checked "$out/redirect-${m##*/}.log" "make redirect of ${m##*/} against $kdir" \
			"${run[@]}" make -C "$src" redirect M="$(in_path "$m")" KDIR="$kdir" \
			MYMEM_SYMVERS="$src/Module.symvers"
		find "$m" -name '*.ko' -exec cp {} "$out/" \;
	done
}

# add_binary ROOT BIN: copy a dynamically linked program and what ldd says
# it needs under ROOT.
add_binary() {
	local root=$1 bin=$2 lib
	mkdir -p "$root$(dirname "$bin")"
	cp "$bin" "$root$bin"
	for lib in $(ldd "$bin" | grep -o '/[^ ]*'); do
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$lib" "$root$lib"
	done
}

# test_boot_args LINE: kernel parameters of the line's KUnit boot.
# kmemleak runs (mymem_debug checks that leaked objects are found). 6.12
# and 7.x boot with init_on_alloc=1, as Debian's kernels do, so that the
# zeroing rules are tested both ways.
test_boot_args() {
	case $1 in
	6.1) echo "kmemleak=on" ;;
	*) echo "kmemleak=on init_on_alloc=1" ;;
	esac
}

# mymem_version: MYMEM_VERSION from the public header.
mymem_version() {
	sed -n 's/^#define MYMEM_VERSION "\(.*\)"/\1/p' "$TOP_DIR/mymem/mymem.h"
}

# slabinfo_tool: the kernel's own tools/vm/slabinfo of 6.1, from Debian's
# linux-source-6.1, pointed at /sys/kernel/mymem instead of
# /sys/kernel/slab and linked statically (cached). Prints its path.
slabinfo_tool() {
	local bin=$CACHE/tools/slabinfo-mymem d
	if [ ! -x "$bin" ]; then
		need_pkgs linux-source-6.1
		d=$(mktemp -d)
		tar -C "$d" -xJf /usr/src/linux-source-6.1.tar.xz --wildcards '*/tools/vm/slabinfo.c' ||
			die "cannot extract tools/vm/slabinfo.c from linux-source-6.1"
		mkdir -p "$CACHE/tools"
		sed 's#"/sys/kernel/slab"#"/sys/kernel/mymem"#' "$d"/*/tools/vm/slabinfo.c >"$d/slabinfo.c"
		grep -q '"/sys/kernel/mymem"' "$d/slabinfo.c" || die "slabinfo.c: no /sys/kernel/slab to replace"
		gcc -static -O2 -o "$bin" "$d/slabinfo.c" >"$CACHE/logs/slabinfo.log" 2>&1 ||
			die "slabinfo did not build; see $CACHE/logs/slabinfo.log"
		rm -rf "$d"
	fi
	echo "$bin"
}

# myslabinfo_tool: tools/myslabinfo built statically with warnings as
# errors, outside the tree. Prints its path.
myslabinfo_tool() {
	local bin=$CACHE/tools/myslabinfo
	mkdir -p "$CACHE/tools"
	make -s -C "$TOP_DIR/tools/myslabinfo" BIN="$bin" "$bin" >"$CACHE/logs/myslabinfo.log" 2>&1 ||
		die "myslabinfo did not build; see $CACHE/logs/myslabinfo.log"
	echo "$bin"
}

# make_initramfs OUT CONF KO...: an initramfs with busybox, the rig's /init,
# CONF as /rig.conf and the given modules in /mods; with INITRAMFS_ROOT
# set, those trees' contents too (an installed /lib/modules; several are
# separated by spaces); with
# INITRAMFS_TRACERS=1, Debian's perf and bpftrace (about 230 MB).
make_initramfs() {
	local out=$1 conf=$2 d
	shift 2
	d=$(mktemp -d)
	mkdir -p "$d/bin" "$d/proc" "$d/sys" "$d/dev" "$d/mods" "$d/tmp"
	cp /bin/busybox "$d/bin/busybox"
	cp "$RIG_DIR/guest-init.sh" "$d/init"
	chmod 755 "$d/init"
	printf '%s\n' "$conf" >"$d/rig.conf"
	cp "$@" "$d/mods/"
	for r in ${INITRAMFS_ROOT:-}; do cp -a "$r/." "$d/"; done
	# procps' slabtop and its libraries: it must parse /proc/myslabinfo.
	add_binary "$d" /usr/bin/slabtop
	# The kernel's slabinfo tool, reading /sys/kernel/mymem.
	cp "$(slabinfo_tool)" "$d/bin/slabinfo"
	# Ours.
	cp "$(myslabinfo_tool)" "$d/bin/myslabinfo"
	# perf (linux-perf; /usr/bin/perf is the real program, not a wrapper)
	# and bpftrace, for the tracepoints.
	if [ -n "${INITRAMFS_TRACERS:-}" ]; then
		add_binary "$d" /usr/bin/perf
		add_binary "$d" /usr/bin/bpftrace
		ln -s /usr/bin/perf /usr/bin/bpftrace "$d/bin/"
	fi
	(cd "$d" && find . | cpio -o -H newc --quiet) | gzip -1 >"$out"
	rm -rf "$d"
}

# analyse_boot LOG NAME ARGS...: the analyser's RESULT lines for one boot
# (ARGS: analyse.py's options), and the console log named when the boot
# or a check of it failed. A failed boot's log is also kept in
# $CACHE/logs/failed (the run folders are emptied by the next build; the
# newest 20 are kept there), so that a failure seen once can be read later.
analyse_boot() {
	local log=$1 name=$2 verdict kept
	shift 2
	verdict=$(python3 "$RIG_DIR/analyse.py" "$log" --name "$name" "$@")
	printf '%s\n' "$verdict"
	if grep -q "^RESULT fail $name/" <<<"$verdict"; then
		kept=$CACHE/logs/failed/$(date +%Y%m%d-%H%M%S)-${name//\//_}.log
		mkdir -p "$CACHE/logs/failed"
		cp "$log" "$kept" 2>/dev/null || kept=
		# shellcheck disable=SC2012 # names without spaces, newest first
		ls -t "$CACHE/logs/failed" | tail -n +21 | sed "s|^|$CACHE/logs/failed/|" | xargs -r rm -f
		msg "console log of $name: $log${kept:+ (kept as $kept)}"
	fi
	return 0
}

suites_of() { sed -n 's/^[[:space:]]*\.name = "\(mymem_[a-z0-9_]*\)",$/\1/p' "$1"; }

# kunit_boots NAME TREE OUT: every KUnit suite in the test kernel TREE,
# modules from OUT (build_modules): one boot for the suites together, one
# for each suite whose source says MYMEM_RIG_OWN_BOOT (deliberate
# corruption: reports expected there) or MYMEM_RIG_TOPOLOGY=<name> (a boot
# with that QEMU topology, see boot()); MYMEM_RIG_BOOT_ARGS=<arg> adds a
# kernel parameter to that boot. KUNIT_BOOTS=<regex> runs only the boots
# whose name (main, or the suite's file) matches; KUNIT_TIMEOUT (seconds,
# default 900) bounds each boot. Echoes the analyser's RESULT lines
# (NAME/<boot>/...) and names the console log of a failing boot.
kunit_boots() {
	local name=$1 tree=$2 out=$3 src t b group tests s topo extra
	local main_tests=() main_suites=() own=() boots args kos
	for src in "$TOP_DIR"/kunit/mymem_*_test.c; do
		t=$(basename "$src" .c)
		[ -f "$out/$t.ko" ] || die "kunit/$t.c did not build a module (is it in kunit/Kbuild?)"
		if grep -qE 'MYMEM_RIG_OWN_BOOT|MYMEM_RIG_TOPOLOGY=' "$src"; then
			own+=("$t")
		else
			main_tests+=("$t")
			mapfile -t -O "${#main_suites[@]}" main_suites < <(suites_of "$src")
		fi
	done
	boots=("main:${main_tests[*]}")
	for t in "${own[@]}"; do boots+=("$t:$t"); done
	for b in "${boots[@]}"; do
		group=${b%%:*} tests=${b#*:} topo='' extra=''
		[[ $group =~ ${KUNIT_BOOTS:-.} ]] || continue
		args=(--kunit-py "$(kunit_py "$tree")")
		if [ "$group" = main ]; then
			for s in "${main_suites[@]}"; do args+=(--suite "$s"); done
		else
			while read -r s; do args+=(--suite "$s"); done < <(suites_of "$TOP_DIR/kunit/$group.c")
			grep -q MYMEM_RIG_OWN_BOOT "$TOP_DIR/kunit/$group.c" && args+=(--allow-report)
			topo=$(sed -n 's/.*MYMEM_RIG_TOPOLOGY=\([a-z]*\).*/\1/p' "$TOP_DIR/kunit/$group.c" | head -n 1)
			extra=$(sed -n 's/.*MYMEM_RIG_BOOT_ARGS=\([a-z_=0-9]*\).*/\1/p' "$TOP_DIR/kunit/$group.c" | head -n 1)
		fi
		kos=("$out/mymem.ko")
		for t in $tests; do kos+=("$out/$t.ko"); done
		make_initramfs "$out/$group.cpio.gz" "MODE=kunit
TESTS=\"$tests\"" "${kos[@]}"
		msg "booting test kernel $name: $group ($tests)${topo:+, topology $topo}"
		QEMU_TOPOLOGY=$topo BOOT_APPEND="$(test_boot_args "${name%%-*}")${extra:+ $extra}" \
			boot "$tree/arch/x86/boot/bzImage" "$out/$group.cpio.gz" "$out/$group.log" \
			"${KUNIT_TIMEOUT:-900}"
		analyse_boot "$out/$group.log" "$name/$group" "${args[@]}"
	done
	return 0
}

# meminit_boots LINE TREE OUT: the kernel's own lib/test_meminit.c, built
# unchanged onto mymem (make redirect, build_redirect), under init_on_alloc=1,
# init_on_free=1 and both: each boot must print "all N tests passed!".
meminit_boots() {
	local line=$1 tree=$2 out=$3 mode params
	[ -f "$out/test_meminit.ko" ] || die "make redirect built no test_meminit.ko"
	make_initramfs "$out/meminit.cpio.gz" "MODE=meminit" "$out/mymem.ko" "$out/test_meminit.ko"
	for mode in init_on_alloc init_on_free both; do
		case $mode in
		both) params="init_on_alloc=1 init_on_free=1" ;;
		*) params="$mode=1" ;;
		esac
		msg "booting test kernel $line: lib/test_meminit.c on mymem, $params"
		BOOT_APPEND="$params" boot "$tree/arch/x86/boot/bzImage" "$out/meminit.cpio.gz" \
			"$out/meminit-$mode.log" 600
		analyse_boot "$out/meminit-$mode.log" "$line/meminit-$mode" \
			--expect 'test_meminit=test_meminit: all [0-9]+ tests passed!'
	done
}

# redirect_refusal LINE KDIR OUT: make redirect of a module that calls
# kvrealloc() (tools/rig/unserved), which mymem does not serve, must fail
# at build time with an error that names the call. Echoes a RESULT line.
redirect_refusal() {
	local line=$1 kdir=$2 out=$3 d=$3/redirect-unserved log=$3/redirect-unserved.log
	rm -rf "$d"
	cp -r "$RIG_DIR/unserved" "$d"
	if make -C "$out/src" redirect M="$d" KDIR="$kdir" MYMEM_SYMVERS="$out/src/Module.symvers" \
		>"$log" 2>&1; then
		echo "RESULT fail $line/redirect-unserved : a module calling kvrealloc() built; see $log"
	elif ! grep -q 'error: static assertion failed: "make redirect: kvrealloc() is not served by mymem"' "$log"; then
		echo "RESULT fail $line/redirect-unserved : the build failed without naming kvrealloc(); see $log"
	else
		echo "RESULT ok $line/redirect-unserved"
	fi
}

# stock_ext2 LINE KDIR OUT: for a stock kernel (Debian's do not build
# ext2): fs/ext2 from linux-source-LINE, built twice against KDIR, as the
# kernel builds it (OUT/ext2-slub.ko, on the kernel's SLUB) and with make
# redirect (OUT/ext2.ko, on mymem), both with CONFIG_EXT2_FS=m; in
# BUILD_ROOT when that is set. After build_modules (OUT/src).
stock_ext2() {
	local line=$1 kdir=$2 out=$3 d log
	d=$out/ext2-src
	rm -rf "$d" "$out/ext2-slub" "$out/ext2-mymem"
	mkdir -p "$d"
	tar -xf "$(src_tarball "$line")" -C "$d" --strip-components=3 --wildcards '*/fs/ext2/*' ||
		die "linux-source-$line has no fs/ext2"
	cp -r "$d" "$out/ext2-slub"
	cp -r "$d" "$out/ext2-mymem"
	log=$out/ext2-slub.log
	rig_run make -C "$kdir" M="$(in_path "$out/ext2-slub")" CONFIG_EXT2_FS=m modules >"$log" 2>&1 ||
		die "fs/ext2 of linux-source-$line did not build against $kdir; see $log"
	# As the guide has it (Documentation/mymem.rst): make redirect builds
	# mymem.ko first (OUT/src/mymem), then the module; CONFIG_EXT2_FS=m
	# stands for the obj-m line a module of one's own has.
	log=$out/ext2-mymem.log
	rig_run make -C "$(in_path "$out/src")" redirect M="$(in_path "$out/ext2-mymem")" KDIR="$kdir" \
		REDIRECT_FLAGS=CONFIG_EXT2_FS=m >"$log" 2>&1 ||
		die "make redirect of fs/ext2 against $kdir failed; see $log"
	cp "$out/ext2-slub/ext2.ko" "$out/ext2-slub.ko"
	cp "$out/ext2-mymem/ext2.ko" "$out/ext2.ko"
	cp "$out/src/mymem/mymem.ko" "$out/redirect-mymem.ko"
}

# stock_module IMAGE NAME OUT: the stock kernel's module NAME (brd, say)
# from the unpacked image next to IMAGE (stock.sh), uncompressed, as OUT.
stock_module() {
	local image=$1 name=$2 out=$3 dir f
	dir=$(dirname "$(dirname "$image")")
	f=$(find "$dir" \( -name "$name.ko" -o -name "$name.ko.xz" -o -name "$name.ko.zst" \) | head -n 1)
	[ -n "$f" ] || die "the stock kernel at $dir has no $name module"
	case $f in
	*.xz) xz -dc "$f" >"$out" ;;
	*.zst) zstd -qdc "$f" >"$out" ;;
	*) cp "$f" "$out" ;;
	esac
}

# ext2_root: a tree for make_initramfs's INITRAMFS_ROOT with the ext2
# proof's files (ext2-tree.py: /data/tree.tar, /data/tree.md5) and the
# host's mke2fs and e2fsck. Cached; prints its path.
ext2_root() {
	local d
	d=$CACHE/ext2-root-$(sha256sum "$RIG_DIR/ext2-tree.py" | cut -c1-12)
	if [ ! -f "$d/.done" ]; then
		need_pkgs e2fsprogs
		rm -rf "$d"
		python3 "$RIG_DIR/ext2-tree.py" "$d" || die "ext2-tree.py failed"
		add_binary "$d" /usr/sbin/mke2fs
		add_binary "$d" /usr/sbin/e2fsck
		touch "$d/.done"
	fi
	echo "$d"
}

# ext2_boots LINE TREE OUT: the kernel's own fs/ext2 built by make redirect
# (OUT/ext2.ko) on a RAM disk: files made, read, renamed and deleted with
# drop_caches between, checked against the host's checksums, e2fsck -fn
# clean, every cache validated, unloaded with every page given back; once
# as it is and once with debug=FZPU on ext2's inode cache (no report
# allowed in either).
ext2_boots() {
	local line=$1 tree=$2 out=$3 mode params v root verdicts=()
	[ -f "$out/ext2.ko" ] || die "make redirect built no ext2.ko for $line"
	for v in create count read rename delete delete-count fsck validate cache-gone; do
		verdicts+=(--verdict "ext2-$v")
	done
	root=$(ext2_root) || exit 1
	for mode in plain debug; do
		params=''
		[ $mode = debug ] && params='debug=FZPU,ext2_inode_cache'
		INITRAMFS_ROOT=$root make_initramfs "$out/ext2-$mode.cpio.gz" "MODE=ext2
PARAMS=\"$params\"" "$out/mymem.ko" "$out/ext2.ko"
		msg "booting test kernel $line: fs/ext2 on mymem (make redirect)${params:+, $params}"
		boot "$tree/arch/x86/boot/bzImage" "$out/ext2-$mode.cpio.gz" "$out/ext2-$mode.log" 900
		analyse_boot "$out/ext2-$mode.log" "$line/ext2-$mode" "${verdicts[@]}"
	done
}

# leak_boot LINE TREE OUT: unload with leftovers (guest-init.sh MODE=leak):
# the leaks are reported at unload, and after a reload the leaked pages are
# no mymem's and a new cache of the same size validates clean.
leak_boot() {
	local line=$1 tree=$2 out=$3
	make_initramfs "$out/leak.cpio.gz" "MODE=leak" "$out/mymem.ko" "$out/mymem_leak.ko"
	msg "booting test kernel $line: unload with leaked objects, reload"
	boot "$tree/arch/x86/boot/bzImage" "$out/leak.cpio.gz" "$out/leak.log" 600
	analyse_boot "$out/leak.log" "$line/leak" --allow-leak \
		--expect "reported=mymem: cache 'leaky' was never destroyed: [0-9]+ objects still allocated" \
		--expect "sites=mymem: cache 'leaky': allocated at:" \
		--expect "kept=mymem: [0-9]+ pages with leaked objects kept out of reach" \
		--expect "large=mymem_kmalloc: 65536 bytes at .* leaked objects at unload" \
		--verdict leak-reload-clean
}

# stress_boot LINE TREE OUT SECONDS: the endurance run (tools/stress) for
# SECONDS in the line's test kernel, modules from OUT (build_modules);
# echoes the analyser's RESULT lines and the run's figures, and names the
# console log of a failed run.
stress_boot() {
	local line=$1 tree=$2 out=$3 secs=$4
	make_initramfs "$out/stress.cpio.gz" "MODE=stress
STRESS=\"seconds=$secs ${STRESS_PARAMS:-}\"" "$out/mymem.ko" "$out/mymem_stress.ko"
	msg "booting test kernel $line: the stress run, ${secs}s"
	# kmemleak as in the KUnit boots, but no init_on_alloc on 6.12: zeroing
	# every page under TCG slows the pressure thread fourfold, and it must
	# reach the watermarks within the run for the shrinker to be called.
	BOOT_APPEND="kmemleak=on" \
		boot "$tree/arch/x86/boot/bzImage" "$out/stress.cpio.gz" "$out/stress.log" $((secs * 3 + 300))
	analyse_boot "$out/stress.log" "$line/stress" --stress
}

# boot KERNEL INITRD LOG [TIMEOUT]: boot a 4-vCPU, 2-node guest under TCG
# with a hard timeout; the serial console goes to LOG. QEMU_SMP=N boots N
# CPUs on one node instead (QEMU_MEM sets its memory, default 2G);
# QEMU_TOPOLOGY=memoryless gives CPU 3 a node of
# its own without memory (node 2); QEMU_ICOUNT=1 counts guest time in
# instructions (-icount shift=0, one CPU thread: deterministic figures).
boot() {
	local kernel=$1 initrd=$2 log=$3 limit=${4:-600} cpus
	if [ -n "${QEMU_SMP:-}" ]; then
		cpus=(-smp "$QEMU_SMP" -m "${QEMU_MEM:-2G}")
	elif [ "${QEMU_TOPOLOGY:-}" = memoryless ]; then
		# One socket per CPU: a socket split across nodes is a WARN on x86.
		# shellcheck disable=SC2054 # commas belong to QEMU options
		cpus=(-smp "4,sockets=4,cores=1,threads=1" -m 2G
			-object memory-backend-ram,id=m0,size=1G -object memory-backend-ram,id=m1,size=1G
			-numa node,nodeid=0,cpus=0-1,memdev=m0 -numa node,nodeid=1,cpus=2,memdev=m1
			-numa node,nodeid=2,cpus=3)
	else
		# shellcheck disable=SC2054 # commas belong to QEMU options
		cpus=(-smp "4,sockets=2,cores=2,threads=1" -m 2G
			-object memory-backend-ram,id=m0,size=1G -object memory-backend-ram,id=m1,size=1G
			-numa node,nodeid=0,cpus=0-1,memdev=m0 -numa node,nodeid=1,cpus=2-3,memdev=m1)
	fi
	[ -n "${QEMU_ICOUNT:-}" ] && cpus+=(-icount "shift=0,sleep=off,align=off")
	local try pid waited
	for try in 1 2; do
		timeout -k 10 "$limit" qemu-system-x86_64 -nodefaults -no-reboot -display none \
			-accel tcg -cpu max "${cpus[@]}" \
			-kernel "$kernel" -initrd "$initrd" -serial stdio -monitor none \
			-append "console=ttyS0 panic=-1 nokaslr rdinit=/init ${BOOT_APPEND:-}" \
			</dev/null >"$log" 2>&1 &
		pid=$!
		# The rig's /init says "booted" within seconds (a minute on the
		# sanitizer kernels): a guest silent for BOOT_INIT_LIMIT seconds
		# (default 300) hangs.
		waited=0
		while kill -0 "$pid" 2>/dev/null && ! grep -q 'MYMEM-RIG: booted' "$log"; do
			if [ "$waited" -ge "${BOOT_INIT_LIMIT:-300}" ]; then
				kill "$pid" 2>/dev/null
				break
			fi
			sleep 5
			waited=$((waited + 5))
		done
		wait "$pid" || true
		# A guest that hung or crashed before the rig's /init ran (seen
		# once: a stock 6.1 kernel spinning after "pnp: PnP ACPI", under
		# MTTCG) had no mymem loaded: that is the kernel's or QEMU's, not
		# a verdict on mymem. It is booted once more, the first console
		# log kept beside as .hung (and in logs/failed). A second failure
		# stands, as does anything that reached /init.
		if [ $try = 2 ] || grep -q 'MYMEM-RIG: booted' "$log"; then
			break
		fi
		mv "$log" "$log.hung"
		mkdir -p "$CACHE/logs/failed"
		cp "$log.hung" "$CACHE/logs/failed/$(date +%Y%m%d-%H%M%S)-before-init.log" 2>/dev/null || true
		msg "the guest stopped before the rig's /init ran (console log kept as $log.hung): booting it once more"
	done
}
