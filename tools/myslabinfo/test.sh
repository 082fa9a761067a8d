#!/usr/bin/env bash
# test.sh BIN: myslabinfo on the host, on a made-up /sys/kernel/mymem and
# debugfs tree: the figures it derives, the files its actions write, and
# its answers to bad input (a message and a non-zero exit, nothing
# written). The real thing is checked in the rig's guests; this covers
# what a live kernel would not let go wrong. Prints RESULT lines.
set -uo pipefail
bin=${1:?usage: test.sh BIN}
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT

# A cache of 100 objects of 96 bytes in 3 order-1 slabs of 84, on nodes 0
# and 1; counters for 250 allocations and 150 frees.
c=$t/sys/fixture
mkdir -p "$c" "$t/dbg/fixture"
echo 96 >"$c/object_size"
echo 96 >"$c/slab_size"
echo 84 >"$c/objs_per_slab"
echo 1 >"$c/order"
echo "3 N0=2 N1=1" >"$c/slabs"
echo "1 N0=1" >"$c/partial"
echo "100 N0=60 N1=40" >"$c/objects"
echo "252 N0=168 N1=84" >"$c/total_objects"
echo "0" >"$c/cpu_slabs"
echo "0(0)" >"$c/slabs_cpu_partial"
mapfile -t stats < <(sed -n 's/^MYMEM_STAT_ATTR(\([a-z_]*\),.*/\1/p' "$(dirname "$0")/../../mymem/sysfs.c")
for f in "${stats[@]}"; do echo "7 C0=7" >"$c/$f"; done
echo "200 C0=120 C1=80" >"$c/alloc_fastpath"
echo "50 C0=50" >"$c/alloc_slowpath"
echo "150 C1=150" >"$c/free_fastpath"
echo "0" >"$c/free_slowpath"
echo "1" >"$c/poison"
echo "1" >"$c/validate"
mkdir -p "$t/sys/other"
echo 8 >"$t/sys/other/object_size"
printf '# node state inuse objects\n0 full 84 84\n0 partial 16 84\n1 empty 0 84\n' \
	>"$t/dbg/fixture/slabs"
run() { "$bin" --sysfs "$t/sys" --debugfs "$t/dbg" "$@"; }

result() { # NAME COND MESSAGE
	if [ "$2" = 0 ]; then echo "RESULT ok host/myslabinfo/$1"; else echo "RESULT fail host/myslabinfo/$1 : $3"; fi
}

# Space: 3 slabs of 8 KiB; %Fr: 1 of 3; %Ef: 100 * 96 of 24576 bytes; P.
out=$(run '^fixture$')
line=$(grep '^fixture ' <<<"$out")
[ "$(awk '{print $2, $4, $5, $8, $9, $10}' <<<"$line")" = "100 24.0K 3/1/0 33 39 P" ]
result list $? "row '$line'"

out=$(run -s size)
[ "$(awk 'NR > 1 {print $1}' <<<"$out" | tr '\n' ' ')" = "fixture other " ]
result sort-size $? "order: $(awk 'NR > 1 {print $1}' <<<"$out" | tr '\n' ' ')"

out=$(run --json -r '^fixture$')
python3 - "$out" <<'PY'
import json, sys
c = json.loads(sys.argv[1])["caches"][0]
want = {"space": 24576, "used": 9600, "loss": 14976, "allocs": 250, "frees": 150,
        "flags": "P", "objects_total": 252}
bad = {k: c[k] for k in want if c[k] != want[k]}
nodes = {k: v for k, v in c["per_node_slabs"].items()}
sys.exit(1 if bad or nodes != {"total": 3, "N0": 2, "N1": 1} else 0)
PY
result json $? "figures differ"

out=$(run --map fixture --ascii)
grep -qx '  #1' <<<"$out" && grep -qx '  \.' <<<"$out" &&
	grep -q '^Fragmentation: 16 objects in use in 2 partial or empty slabs would fit in 1: 1 slabs to gain$' <<<"$out"
result map $? "$(tr '\n' '|' <<<"$out")"

run --map fixture --svg "$t/map.svg" >/dev/null &&
	[ "$(grep -c '<rect class="slab"' "$t/map.svg")" = 3 ] &&
	python3 -c 'import sys, xml.dom.minidom as m; m.parse(sys.argv[1])' "$t/map.svg"
result svg $? "no SVG of 3 cells"

# sysfs takes "0" in one write; a regular file keeps the rest of its line.
run --zero '^fixture$' && [ "${#stats[@]}" -ge 25 ] &&
	[ "$(for f in "${stats[@]}"; do cut -c1 "$c/$f"; done | sort -u)" = 0 ]
result zero $? "counters not all written 0"

run --validate '^fixture$' >"$t/v" 2>&1
[ $? = 1 ] && grep -qx 'fixture: 1 problems' "$t/v"
result validate $? "$(cat "$t/v")"

# Bad input: a clear message, exit 1 (environment) or 2 (usage).
bad() { # NAME EXIT PATTERN ARGS...
	local name=$1 code=$2 pat=$3 rc
	shift 3
	run "$@" >"$t/out" 2>&1
	rc=$?
	[ "$rc" = "$code" ] && grep -q -- "$pat" "$t/out"
	result "refuses-$name" $? "exit $rc: $(head -c 200 "$t/out")"
}
bad regex 1 "bad regular expression" '('
bad sort-key 2 "unknown sort key 'colour'" -s colour
bad delay 2 "delay '0': 0.1 to 3600 seconds" --top -d 0
bad iterations 2 "iterations 'x': a positive number" --top -n x
bad svg-without-map 2 "usage:" --svg x.svg
bad two-patterns 2 "usage:" a b
bad no-cache 1 "no cache 'nosuch'" --map nosuch
"$bin" --sysfs "$t/none" >"$t/out" 2>&1
[ $? = 1 ] && grep -q "cannot open $t/none: No such file or directory (is mymem loaded?)" "$t/out"
result refuses-no-mymem $? "$(cat "$t/out")"
