#!/usr/bin/env bash
# check.sh [LINE...]: the whole test run (make check).
#  - for each kernel line (default: all): build the test kernel (cached),
#    build the modules with W=1, boot QEMU and run every KUnit suite;
#    suites whose source says MYMEM_RIG_OWN_BOOT (deliberate corruption)
#    run in a boot of their own, where mymem's reports are expected;
#  - build mymem against the line's Debian stock headers, "make install" it
#    into a staging tree, build the example client against the installed
#    SDK, boot the stock image, modprobe mymem from the installed tree and
#    run the demo workload and the client there;
#  - a 20-second endurance run (tools/stress) in each test kernel;
#  - dkms build against every stock kernel's installed headers;
#  - the kernel's lib/test_meminit.c built onto mymem by make redirect,
#    under init_on_alloc, init_on_free and both, in each test kernel;
#  - the kernel's fs/ext2 built onto mymem by make redirect, on a RAM disk
#    (ext2_boots), as it is and with debug=FZPU on its inode cache;
#  - on each stock kernel, the guide's recipe (make redirect of fs/ext2 from
#    linux-source-LINE, load, debugging switched on for its inode cache at
#    run time, validate, alloc_calls, myslabinfo);
#  - on the host, as root: a real make install survives the DKMS build
#    (installed-check.sh);
#  - first, on the host, myslabinfo against a made-up sysfs tree.
# With OWN_KDIR (make check KDIR=<a built kernel tree>): only the test
# boots (KUnit, meminit, leak, stress) on that tree's bzImage, after
# own_tree() checked it has what they need.
# Ends with "N passed, N failed, N skipped" and exits non-zero on a failure.
set -euo pipefail
# shellcheck source=tools/rig/lib.sh
. "$(dirname "$0")/lib.sh"

rig_deps
start=$(date +%s)
kvers=()
results=$CACHE/logs/results.$$
: >"$results"
trap 'rm -f "$results"' EXIT

# judge LOG NAME ARGS...: analyse one boot, echo its results, keep them.
judge() { analyse_boot "$@" | tee -a "$results"; }

# install_stock LINE KDIR OUT: "make install" into OUT/stage (modules and
# the client SDK), modinfo's view of the installed module, and the example
# client built against the SDK alone; in BUILD_ROOT when that is set (OUT
# under it). Echoes RESULT lines.
install_stock() {
	local line=$1 kdir=$2 out=$3 ver ko f v bad=()
	ver=$(mymem_version)
	rm -rf "$out/stage"
	if ! rig_run make -C "$(in_path "$out/src")" install KDIR="$kdir" \
		INSTALL_MOD_PATH="$(in_path "$out/stage")" >"$out/install.log" 2>&1; then
		echo "RESULT fail $line/stock/install : make install failed, see $out/install.log"
		return 0
	fi
	ko=$(find "$out/stage/lib/modules" -name 'mymem.ko*' | head -n 1)
	[ -n "$ko" ] || bad+=("no mymem.ko under lib/modules")
	[ -f "$out/stage/usr/src/mymem-$ver/include/mymem.h" ] || bad+=("no SDK header")
	[ -x "$out/stage/usr/local/sbin/myslabinfo" ] || bad+=("no usr/local/sbin/myslabinfo")
	grep -q "extra/mymem.ko" "$out"/stage/lib/modules/*/modules.dep || bad+=("depmod did not list it")
	for f in "version:$ver" "license:GPL" "description:" "parm:debug:" "parm:freelist_random:"; do
		v=$(modinfo -F "${f%%:*}" "$ko" 2>/dev/null)
		grep -q -- "${f#*:}" <<<"$v" || bad+=("modinfo ${f%%:*} lacks '${f#*:}'")
	done
	if [ ${#bad[@]} -gt 0 ]; then
		echo "RESULT fail $line/stock/install : ${bad[*]}"
	else
		echo "RESULT ok $line/stock/install"
	fi
	if rig_run make -C "$(in_path "$out/src/tools/client")" KDIR="$kdir" \
		MYMEM_SDK="$(in_path "$out/stage/usr/src/mymem-$ver")" W=1 >"$out/client.log" 2>&1 &&
		! grep -qiE '(^|[^a-z])warning:' "$out/client.log"; then
		echo "RESULT ok $line/stock/client-build"
	else
		echo "RESULT fail $line/stock/client-build : see $out/client.log"
	fi
}

# summary: the totals of the run, and its exit status.
summary() {
	local pass fail skip el
	pass=$(grep -c '^RESULT ok ' "$results" || true)
	fail=$(grep -c '^RESULT fail ' "$results" || true)
	skip=$(grep -c '^RESULT skip ' "$results" || true)
	el=$(($(date +%s) - start))
	msg "kernels: $*; $((el / 60))m$((el % 60))s"
	if [ "$fail" -gt 0 ]; then
		msg "failed:"
		# Each failure with the analyser's first lines on it (the
		# problems a boot showed), so that a run's tail tells why.
		awk '/^RESULT fail / { sub(/^RESULT fail /, "  "); print; n = 0; f = 1; next }
			f && /^    / && n < 6 { print "  " $0; n++; next } { f = 0 }' "$results" >&2
	fi
	echo "$pass passed, $fail failed, $skip skipped"
	[ "$fail" -eq 0 ]
}

# --- make check KDIR=<tree>: the test boots on a tree of the user's own ---
if [ -n "${OWN_KDIR:-}" ]; then
	tree=$(own_tree "$OWN_KDIR")
	rel=$(make -s -C "$tree" kernelrelease 2>/dev/null || echo unknown)
	name=kdir
	out=$CACHE/run/kdir-$(echo "$tree" | sha256sum | cut -c1-12)
	msg "building modules for $tree ($rel)"
	build_modules "$tree" "$out"
	kunit_boots "$name" "$tree" "$out" | tee -a "$results"
	if [ -f "$out/test_meminit.ko" ]; then
		meminit_boots "$name" "$tree" "$out" | tee -a "$results"
	else
		echo "RESULT skip $name/meminit : the tree has no lib/test_meminit.c" | tee -a "$results"
	fi
	if [ -f "$out/ext2.ko" ]; then
		ext2_boots "$name" "$tree" "$out" | tee -a "$results"
	else
		echo "RESULT skip $name/ext2 : the tree does not build fs/ext2 as a module (CONFIG_EXT2_FS=m; its boots need BLK_DEV_RAM too)" | tee -a "$results"
	fi
	leak_boot "$name" "$tree" "$out" | tee -a "$results"
	stress_boot "$name" "$tree" "$out" "${STRESS_SECONDS:-20}" | tee -a "$results"
	summary "$tree ($rel)"
	exit
fi

select_lines "$@"

# --- host: myslabinfo on a made-up tree (figures, actions, bad input) ---
bash "$TOP_DIR/tools/myslabinfo/test.sh" "$(myslabinfo_tool)" | tee -a "$results" || true

for line in "${lines[@]}"; do
	# --- test kernel: KUnit ---
	tree=$("$RIG_DIR/kernel.sh" "$line")
	out=$CACHE/run/$line-test
	msg "building modules for test kernel $line"
	build_modules "$tree" "$out"
	kunit_boots "$line" "$tree" "$out" | tee -a "$results"
	meminit_boots "$line" "$tree" "$out" | tee -a "$results"
	ext2_boots "$line" "$tree" "$out" | tee -a "$results"
	redirect_refusal "$line" "$tree" "$out" | tee -a "$results"
	leak_boot "$line" "$tree" "$out" | tee -a "$results"

	# --- test kernel: a short endurance run ---
	stress_boot "$line" "$tree" "$out" "${STRESS_SECONDS:-20}" | tee -a "$results"

	# --- stock kernel: install, load and exercise ---
	# (the newer suites' line: built in its build root, stock[2])
	mapfile -t stock < <("$RIG_DIR/stock.sh" "$line")
	export BUILD_ROOT=${stock[2]:-}
	sout=${BUILD_ROOT:-$CACHE}/run/$line-stock
	msg "building modules for stock kernel $(basename "${stock[1]}")"
	build_modules "${stock[0]}" "$sout"
	install_stock "$line" "${stock[0]}" "$sout" | tee -a "$results"
	need_pkgs linux-perf bpftrace
	INITRAMFS_ROOT=$sout/stage INITRAMFS_TRACERS=1 make_initramfs "$sout/demo.cpio.gz" "MODE=demo
LOAD=modprobe" "$sout/mymem_demo.ko" "$sout/src/tools/client/mymem_client.ko"
	msg "booting stock kernel $(basename "${stock[1]}")"
	boot "${stock[1]}" "$sout/demo.cpio.gz" "$sout/demo.log" 600
	judge "$sout/demo.log" "$line/stock" --demo --installed "$(mymem_version)"
	# --- stock kernel: the guide's recipe, "Debug your module's allocations
	# on a running kernel" (Documentation/mymem.rst), on the kernel's fs/ext2 ---
	msg "make redirect of fs/ext2 (linux-source-$line) for stock kernel $(basename "${stock[1]}")"
	stock_ext2 "$line" "${stock[0]}" "$sout"
	stock_module "${stock[1]}" brd "$sout/brd.ko"
	mkdir -p "$sout/guide"
	cp "$sout/redirect-mymem.ko" "$sout/guide/mymem.ko"
	root=$(ext2_root) || exit 1
	INITRAMFS_ROOT=$root make_initramfs "$sout/guide.cpio.gz" "MODE=guide" \
		"$sout/guide/mymem.ko" "$sout/ext2.ko" "$sout/brd.ko"
	msg "booting stock kernel $(basename "${stock[1]}"): the guide's recipe on fs/ext2"
	boot "${stock[1]}" "$sout/guide.cpio.gz" "$sout/guide.log" 900
	judge "$sout/guide.log" "$line/stock-guide" --verdict guide-listed --verdict guide-switch \
		--verdict guide-workload --verdict guide-validate --verdict guide-alloc-calls \
		--verdict guide-myslabinfo --verdict guide-unload
	kver=$(basename "${stock[1]}" | sed 's/^vmlinuz-//')
	if [ -n "$BUILD_ROOT" ]; then
		"$RIG_DIR/dkms.sh" build "$kver" | tee -a "$results"
	else
		kvers+=("$kver")
	fi
	unset BUILD_ROOT
done

# --- host: a real "make install" survives the DKMS build; install and dkms-install coexist ---
"$RIG_DIR/installed-check.sh" | tee -a "$results" || true

# --- DKMS: build against each stock kernel's installed headers ---
if [ ${#kvers[@]} -gt 0 ]; then
	msg "dkms build for ${kvers[*]}"
	"$RIG_DIR/dkms.sh" build "${kvers[@]}" | tee -a "$results"
fi

summary "${lines[*]}"
