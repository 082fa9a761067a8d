#!/usr/bin/env bash
# check-sanitizers.sh [LINE...]: make check-sanitizers. The KUnit suites
# and a STRESS_SECONDS (default 60) endurance run once more, on the test
# kernel built with each of SANITIZERS (default "kasan kcsan": the
# fragments tools/rig/kernel-<name>.config; mymem's modules are
# instrumented too). A sanitizer report fails the boot like any other
# report. Ends with "N passed, N failed" and exits non-zero on a failure.
set -euo pipefail
# shellcheck source=tools/rig/lib.sh
. "$(dirname "$0")/lib.sh"

select_lines "$@"
rig_deps
# KASAN and KCSAN kernels reach /init slower: a hang is told later (boot()).
export BOOT_INIT_LIMIT=${BOOT_INIT_LIMIT:-900}
results=$CACHE/logs/sanitizers.$$
: >"$results"
trap 'rm -f "$results"' EXIT
for line in "${lines[@]}"; do
	for variant in ${SANITIZERS:-kasan kcsan}; do
		name=$line-$variant
		tree=$("$RIG_DIR/kernel.sh" "$line" "$variant")
		out=$CACHE/run/$name-test
		msg "building modules for test kernel $name"
		build_modules "$tree" "$out"
		# Instrumented kernels run the suites several times slower.
		KUNIT_TIMEOUT=2700 kunit_boots "$name" "$tree" "$out" | tee -a "$results"
		stress_boot "$name" "$tree" "$out" "${STRESS_SECONDS:-60}" | tee -a "$results"
	done
done
pass=$(grep -c '^RESULT ok ' "$results" || true)
fail=$(grep -c '^RESULT fail ' "$results" || true)
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
