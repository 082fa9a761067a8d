#!/usr/bin/env bash
# bench.sh [LINE...]: make bench. For each kernel line (default: all), boots
# Debian's stock kernel in QEMU with mymem and tools/bench/mymem_bench.ko and
# runs the same loops against the kernel's slab allocator and mymem:
#   - one CPU under -icount shift=0 (guest ns = instructions): per-object
#     costs, deterministic;
#   - 2 and 4 CPUs (MTTCG): parallel and producer/consumer, as mymem/SLUB
#     ratios of runs made back to back, and (4 CPUs) pages held;
#   - the walks (reading waste, validate) of the same cache on a 2 GiB and
#     an 8 GiB guest under -icount: they must cost the same;
#   - the macro benchmark: the kernel's fs/ext2 from linux-source-LINE, as
#     the kernel builds it (on SLUB) and through make redirect (on mymem),
#     the ext2 proof's workload on a RAM disk, one CPU under -icount.
# Boots use slab_nomerge, so that each benchmark cache of the kernel has a
# /proc/slabinfo line of its own. Writes Documentation/benchmarks.md, the
# CSV and the charts (gnuplot) under Documentation/bench/.
set -euo pipefail
# shellcheck source=tools/rig/lib.sh
. "$(dirname "$0")/lib.sh"

select_lines "$@"
rig_deps
need_pkgs gnuplot-nox
logs=()
# bench_boot NAME CPUS MEM: the line's stock kernel with OUT/NAME.cpio.gz
# (one CPU: under -icount), a clean boot or the end, its log kept for the
# report (uses the loop's line, kver, stock and out).
bench_boot() {
	local name=$1 ncpu=$2 mem=$3 icount=
	[ "$ncpu" = 1 ] && icount=1
	QEMU_SMP=$ncpu QEMU_MEM=$mem QEMU_ICOUNT=$icount BOOT_APPEND=slab_nomerge \
		boot "${stock[1]}" "$out/$name.cpio.gz" "$out/$name.log" 3000
	python3 "$RIG_DIR/analyse.py" "$out/$name.log" --name "$line/bench-$name" >"$out/$name.verdict"
	if grep -q '^RESULT fail' "$out/$name.verdict"; then
		cat "$out/$name.verdict" >&2
		die "the benchmark boot $name was not clean; console log: $out/$name.log"
	fi
	logs+=("$line:$kver:$name:$out/$name.log")
}
for line in "${lines[@]}"; do
	mapfile -t stock < <("$RIG_DIR/stock.sh" "$line")
	kver=$(basename "${stock[1]}")
	kver=${kver#vmlinuz-}
	# The newer suites' line builds in its build root (stock.sh's third line).
	export BUILD_ROOT=${stock[2]:-}
	out=${BUILD_ROOT:-$CACHE}/run/$line-bench
	msg "building modules for stock kernel $kver"
	build_modules "${stock[0]}" "$out"
	stock_ext2 "$line" "${stock[0]}" "$out"
	unset BUILD_ROOT
	stock_module "${stock[1]}" brd "$out/brd.ko"
	# The macro benchmark: the ext2 workload on SLUB's and on mymem's
	# ext2.ko in turns, three times each (the minimum is reported).
	root=$(ext2_root) || exit 1
	INITRAMFS_ROOT=$root make_initramfs "$out/ext2.cpio.gz" "MODE=ext2bench
EXT2_ORDER=\"slub mymem mymem slub slub mymem\"" "$out/mymem.ko" "$out/ext2.ko" "$out/ext2-slub.ko" "$out/brd.ko"
	msg "$kver, 1 CPU under -icount: the ext2 workload on SLUB and on mymem (make redirect)"
	bench_boot ext2 1 2G
	for run in "single:1:single:2G" "smp2:2:multi:2G" "smp4:4:multi memory:2G" \
		"walk2g:1:walk:2G" "walk8g:1:walk:8G"; do
		IFS=: read -r name ncpu modes mem <<<"$run"
		make_initramfs "$out/$name.cpio.gz" "MODE=bench
BENCH=\"$modes\"" "$out/mymem.ko" "$out/mymem_bench.ko"
		msg "$kver, $ncpu CPU(s)${name/#single/ under -icount}: $modes"
		bench_boot "$name" "$ncpu" "$mem"
	done
done
python3 "$TOP_DIR/tools/bench/report.py" --out "$TOP_DIR/Documentation" \
	--command "make bench${*:+ KERNELS=\"$*\"}" "${logs[@]}"
