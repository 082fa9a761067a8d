#!/usr/bin/env bash
# stress.sh [LINE...]: make stress. The endurance run of tools/stress in
# each test kernel (lockdep, 4 CPUs on 2 nodes): STRESS_SECONDS (default
# 120) of threads on every CPU allocating, freeing and handing objects to
# each other, with CPUs going offline and online, memory pressure, fault
# injection, and the guest's shell reading every file and writing shrink
# and validate meanwhile. Prints the run's figures; exits non-zero if a
# run or its boot failed. make check runs a 20-second one per line.
set -euo pipefail
# shellcheck source=tools/rig/lib.sh
. "$(dirname "$0")/lib.sh"

select_lines "$@"
rig_deps
secs=${STRESS_SECONDS:-120}
results=$CACHE/logs/stress.$$
: >"$results"
trap 'rm -f "$results"' EXIT
for line in "${lines[@]}"; do
	tree=$("$RIG_DIR/kernel.sh" "$line")
	out=$CACHE/run/$line-stress
	msg "building modules for test kernel $line"
	build_modules "$tree" "$out"
	stress_boot "$line" "$tree" "$out" "$secs" | tee -a "$results"
done
if grep -q '^RESULT fail' "$results"; then
	die "a stress run failed; console logs: $CACHE/run/<line>-stress/stress.log"
fi
msg "every stress run passed"
