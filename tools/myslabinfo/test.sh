#!/usr/bin/env bash
# test.sh BIN: myslabinfo on the host, on a made-up system tree (the
# caches' sysfs directories, /proc/myslabinfo and debugfs, read through
# --root): the figures it derives and their units, its JSON and that JSON's
# documented schema, the files its actions write, what it says when not
# root, and its answers to bad input (a message and exit 1 or 2, nothing
# written). The real thing is checked in the rig's guests; this covers
# what a live kernel would not let go wrong. Prints one RESULT line per
# test and exits non-zero if any failed.
set -uo pipefail
bin=${1:?usage: test.sh BIN}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
umask 022
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
# The runs as an unprivileged user need a tree and a program they can reach.
chmod 755 "$t"
cp "$bin" "$t/myslabinfo" && chmod 755 "$t/myslabinfo"
bin=$t/myslabinfo
failed=0

# A cache of 96-byte objects in 3 order-1 slabs of 84 (one on a CPU), on
# nodes 0 and 1, 90 of them in use (/proc/myslabinfo; SLUB's count in
# sysfs says 100, CPU slab included); counters for 280 allocations and 180
# frees (10 of them kfree_rcu()'s). "big": 250 order-0 slabs. "other": no slabs.
r=$t/root
sys=$r/sys/kernel/mymem
dbg=$r/sys/kernel/debug/mymem
c=$sys/fixture
mkdir -p "$c" "$dbg/fixture" "$r/proc" "$sys/other" "$sys/big"
echo 96 >"$c/object_size"
echo 96 >"$c/slab_size"
echo 84 >"$c/objs_per_slab"
echo 1 >"$c/order"
echo "3 N0=2 N1=1" >"$c/slabs"
echo "1 N0=1" >"$c/partial"
echo "100 N0=60 N1=40" >"$c/objects"
echo "252 N0=168 N1=84" >"$c/total_objects"
echo "1 N0=1" >"$c/cpu_slabs"
echo "0(0)" >"$c/slabs_cpu_partial"
mapfile -t stats < <(sed -n 's/^\t\[[A-Z_]*\][\t ]*= "\([a-z_]*\)",$/\1/p' "$top/mymem/stats.c")
for f in "${stats[@]}"; do echo "7 C0=7" >"$c/$f"; done
echo "200 C0=120 C1=80" >"$c/alloc_fastpath"
echo "50 C0=50" >"$c/alloc_slowpath"
echo "150 C1=150" >"$c/free_fastpath"
echo "0" >"$c/free_slowpath"
echo "30 C0=30" >"$c/alloc_cpu_sheaf"
echo 16 >"$c/sheaf_capacity"
echo "12 N0=1/0 N1=0/1" >"$c/sheaf_objects"
echo "20 C1=20" >"$c/free_cpu_sheaf"
echo "10 C0=10" >"$c/free_rcu_sheaf"
# The debug flags (root only in sysfs: 0600), then how the cache was made.
debug_flags=(sanity_checks red_zone poison store_user trace)
for f in "${debug_flags[@]}" hwcache_align reclaim_account destroy_by_rcu; do echo 0 >"$c/$f"; done
echo "1" >"$c/poison"
echo "1" >"$c/validate"
echo 8 >"$sys/other/object_size"
echo 8 >"$sys/big/object_size"
echo 512 >"$sys/big/objs_per_slab"
echo "250 N0=250" >"$sys/big/slabs"
echo "128000 N0=128000" >"$sys/big/total_objects"
echo "64000 N0=64000" >"$sys/big/objects"
cat >"$r/proc/myslabinfo" <<'EOF'
slabinfo - version: 2.1
# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>
fixture               90    252     96   84    2 : tunables  120   60    8 : slabdata      3      3      0
big                64000 128000      8  512    1 : tunables  120   60    8 : slabdata    250    250      0
other                  0      0      8  512    1 : tunables  120   60    8 : slabdata      0      0      0
EOF
printf '# node state inuse objects\n0 full 84 84\n0 partial 16 84\n1 empty 0 84\n' \
	>"$dbg/fixture/slabs"
run() { "$bin" --root "$r" "$@"; }

result() { # NAME COND MESSAGE (on one line)
	if [ "$2" = 0 ]; then
		echo "RESULT ok host/myslabinfo/$1"
	else
		echo "RESULT fail host/myslabinfo/$1 : ${3//$'\n'/|}"
		failed=1
	fi
}
skip() { echo "RESULT skip host/myslabinfo/$1 : $2"; }

# As an unprivileged user: root reads any file, whatever its mode.
as_user() {
	if [ "$(id -u)" = 0 ]; then
		setpriv --reuid=65534 --regid=65534 --clear-groups -- "$@"
	else
		"$@"
	fi
}

# The kernel's slabinfo columns: Objects (here exact: 90), Objsize, Space
# (3 slabs of 8 KiB = 24576 bytes, in slabinfo's units: 24.5K),
# Slabs/Part/Cpu (slabs not on a CPU: 2), O/S, O, %Fr (1 of 3), %Ef
# (90 * 96 of 24576 bytes), flags; then mymem's own: objects parked in
# sheaves and barns.
out=$(run '^fixture$')
line=$(grep '^fixture ' <<<"$out")
[ "$(awk '{print $2, $3, $4, $5, $6, $7, $8, $9, $10, $11}' <<<"$line")" = \
	"90 96 24.5K 2/1/1 84 1 33 35 P 12" ]
result list $? "row '$line'"

# The report says the sheaves' capacity and what they hold; JSON too.
out=$(run -r '^fixture$')
grep -q '^  Sheaves: capacity 16, 12 free objects parked in sheaves and barns$' <<<"$out"
result report-sheaves $? "$(grep Sheaves <<<"$out")"
run --json -r '^fixture$' | python3 -c '
import json, sys
c = json.load(sys.stdin)["caches"][0]
sys.exit(0 if (c["parked"], c["sheaf_capacity"]) == (12, 16) else 1)'
result json-sheaves $? "parked/sheaf_capacity not 12/16 in --json -r"

# slabinfo's units: above 1000 bytes K, M, G of 1000, one decimal,
# truncated (250 slabs of 4 KiB: 1024000 bytes, 1.0M); the totals too.
out=$(run)
space=$(awk '$1 == "big" {print $4} $1 == "fixture" {print $4}' <<<"$out" | tr '\n' ' ')
tot=$(run -T | grep '^Memory: ')
[ "$space" = "1.0M 24.5K " ] && [ "${tot%%,*}" = "Memory: 1.0M in slabs" ]
result units $? "Space column '$space', totals '$tot'"

# Without slabs %Fr and %Ef have no meaning: "-" (slabinfo: 100).
line=$(grep '^other ' <<<"$out")
[ "$(awk '{print $5, $8, $9}' <<<"$line")" = "0/0/0 - -" ]
result columns-no-slabs $? "row '$line'"

out=$(run -s size)
[ "$(awk 'NR > 1 {print $1}' <<<"$out" | tr '\n' ' ')" = "big fixture other " ]
result sort-size $? "order: $(awk 'NR > 1 {print $1}' <<<"$out" | tr '\n' ' ')"

# --root moves every input: the exact count comes from its proc/myslabinfo.
# --sysfs alone reads no /proc/myslabinfo: SLUB's count of the tree's sysfs.
a=$(run '^fixture$' | awk '$1 == "fixture" {print $2}')
b=$("$bin" --sysfs "$sys" '^fixture$' | awk '$1 == "fixture" {print $2}')
[ "$a" = 90 ] && [ "$b" = 100 ]
result root-moves-proc $? "objects with --root '$a' (want 90), with --sysfs '$b' (want 100)"

# The live /proc/myslabinfo is not read once --sysfs moved the caches: a
# private mount namespace puts a made-up one (77 objects in use) there.
if [ "$(id -u)" = 0 ] && unshare -m --propagation private true 2>/dev/null; then
	# shellcheck disable=SC2016 # expanded by the inner shell
	inner='mount -t tmpfs none /proc && printf "%s\n" "slabinfo - version: 2.1" \
		"fixture 77 252 96 84 2 : tunables 120 60 8 : slabdata 3 3 0" >/proc/myslabinfo &&
		"$0" --sysfs "$1" "^fixture\$" && "$0" --sysfs "$1" --proc /proc/myslabinfo "^fixture\$"'
	out=$(unshare -m --propagation private sh -c "$inner" "$bin" "$sys" 2>&1)
	[ "$(awk '$1 == "fixture" {print $2}' <<<"$out" | tr '\n' ' ')" = "100 77 " ]
	result sysfs-not-live-proc $? "$(tr '\n' '|' <<<"$out")"
else
	skip sysfs-not-live-proc "needs root and unshare -m"
fi

out=$(run --json -r '^fixture$')
python3 - "$out" 2>/dev/null <<'PY'
import json, sys
c = json.loads(sys.argv[1])["caches"][0]
want = {"space": 24576, "used": 8640, "loss": 15936, "allocs": 280, "frees": 180,
        "flags": "P", "flags_unknown": "", "objects_total": 252, "objects_active": 90,
        "slabs": 3, "slabs_cpu": 1}
bad = {k: c[k] for k in want if c[k] != want[k]}
nodes = {k: v for k, v in c["per_node_slabs"].items()}
sys.exit(1 if bad or nodes != {"total": 3, "N0": 2, "N1": 1} else 0)
PY
result json $? "figures differ"

# Every JSON output: one object, "version" 1 its first key, no key twice
# in any object (-T wrote "loss" twice, the figure and the largest cache),
# every key described in Documentation/myslabinfo-json.rst.
jsons=(--json "--json -r" "--json -T" "--json --map fixture")
for a in "${jsons[@]}"; do
	# shellcheck disable=SC2086 # the options split on purpose
	run $a >"$t/json.${a// /_}" 2>"$t/json.err" || echo "exit $? from $a" >>"$t/json.err"
done
check_json() { # MODE: unique, version or schema
	python3 - "$1" "$top/Documentation/myslabinfo-json.rst" "$t"/json.--* <<'PY'
import json, re, sys
mode, doc, files = sys.argv[1], sys.argv[2], sys.argv[3:]
bad = []
def pairs(kv):
    keys = [k for k, _ in kv]
    bad.extend(f"key {k!r} twice" for k in set(keys) if keys.count(k) > 1)
    return dict(kv)
def keys(v, out):
    if isinstance(v, dict):
        for k, x in v.items():
            out.add(re.sub(r"^N\d+$", "N<node>", k))
            keys(x, out)
    elif isinstance(v, list):
        for x in v:
            keys(x, out)
    return out
text = ""
if mode == "schema":
    try:
        text = open(doc).read()
    except OSError as e:
        bad.append(str(e))
for f in files:
    name = f.split("json.")[-1]
    try:
        v = json.loads(open(f).read(), object_pairs_hook=pairs)
    except ValueError as e:
        bad.append(f"{name}: not JSON ({e})")
        continue
    if mode == "version" and (list(v)[:1] != ["version"] or v["version"] != 1):
        bad.append(f"{name}: first key {list(v)[:1]}, version {v.get('version')}")
    if mode == "schema":
        bad.extend(f"{name}: key {k} not in {doc}" for k in sorted(keys(v, set()))
                   if f"``{k}``" not in text)
print("; ".join(sorted(set(bad)))[:600])
sys.exit(1 if bad else 0)
PY
}
msg=$(check_json unique)
result json-unique-keys $? "$msg $(cat "$t/json.err")"
msg=$(check_json version)
result json-version $? "$msg"
msg=$(check_json schema)
result json-schema-documented $? "$msg"

# -T --json keeps every figure: loss = space - used, and the largest caches.
python3 - "$t/json.--json_-T" 2>/dev/null <<'PY'
import json, sys
v = json.load(open(sys.argv[1]))
ok = (v["space"], v["used"], v["loss"]) == (24576 + 1024000, 8640 + 512000, 24576 + 1024000 - 8640 - 512000) \
    and v["largest"] == {"size": "big", "loss": "big", "activity": "fixture"} and v["caches"] == 3
sys.exit(0 if ok else 1)
PY
result json-totals $? "$(head -c 400 "$t/json.--json_-T")"

out=$(run --map fixture --ascii)
grep -qx '  #1' <<<"$out" && grep -qx '  \.' <<<"$out" &&
	grep -q '^Fragmentation: 16 objects in use in 2 partial or empty slabs would fit in 1: 1 slabs to gain$' <<<"$out"
result map $? "$(tr '\n' '|' <<<"$out")"

run --map fixture --svg "$t/map.svg" >/dev/null &&
	[ "$(grep -c '<rect class="slab"' "$t/map.svg")" = 3 ] &&
	python3 -c 'import sys, xml.dom.minidom as m; m.parse(sys.argv[1])' "$t/map.svg"
result svg $? "no SVG of 3 cells"

# --sysfs and --debugfs still move those two inputs.
out=$("$bin" --sysfs "$sys" --debugfs "$dbg" --map fixture --ascii 2>&1)
grep -q '^fixture: 3 slabs' <<<"$out"
result sysfs-debugfs $? "$(tr '\n' '|' <<<"$out")"

"$bin" --version >"$t/out" 2>&1
rc=$?
ver=$(sed -n 's/^#define MYMEM_VERSION "\(.*\)"/\1/p' "$top/mymem/mymem.h")
[ "$rc" = 0 ] && [ "$(cat "$t/out")" = "myslabinfo $ver" ]
result version $? "exit $rc: $(head -c 200 "$t/out")"

# --help: the exit codes, as the program uses them (the tests below).
"$bin" --help >"$t/out" 2>&1
rc=$?
[ "$rc" = 0 ] && grep -q '^Exit status:' "$t/out" && grep -q '^  0  all went well' "$t/out" &&
	grep -q '^  1  problems found' "$t/out" && grep -q '^  2  usage error' "$t/out"
result help-exit-codes $? "exit $rc, no exit codes in --help"

# Not root: one notice on stderr naming the files only root may read, and
# "?" in the flags column instead of nothing; the map and --validate say
# that they need root.
chmod 000 "${debug_flags[@]/#/$c/}" "$c/validate" "$dbg"
as_user "$bin" --root "$r" >"$t/out" 2>"$t/err"
rc=$?
line=$(grep '^fixture ' "$t/out")
[ "$rc" = 0 ] && [ "$(wc -l <"$t/err")" = 1 ] && grep -q 'poison' "$t/err" &&
	grep -q 'root only' "$t/err" && [ "$(awk '{print $10}' <<<"$line")" = "?" ]
result nonroot-list $? "exit $rc, row '$line', stderr: $(head -c 300 "$t/err")"
as_user "$bin" --root "$r" --json '^fixture$' >"$t/out" 2>/dev/null
python3 - "$t/out" 2>/dev/null <<'PY'
import json, sys
v = json.load(open(sys.argv[1]))
sys.exit(0 if v["caches"][0]["flags_unknown"] == "FZPUT" and "poison" in v["unreadable"] else 1)
PY
result nonroot-json $? "$(head -c 300 "$t/out")"
as_user "$bin" --root "$r" --map fixture >"$t/out" 2>&1
rc=$?
[ "$rc" = 1 ] && grep -q 'only root can read' "$t/out"
result nonroot-map $? "exit $rc: $(head -c 300 "$t/out")"
as_user "$bin" --root "$r" --validate '^fixture$' >"$t/out" 2>&1
rc=$?
[ "$rc" = 1 ] && grep -q 'fixture: cannot write validate: Permission denied (root only)' "$t/out"
result nonroot-validate $? "exit $rc: $(head -c 300 "$t/out")"
chmod 644 "${debug_flags[@]/#/$c/}" "$c/validate"
chmod 755 "$dbg"

# sysfs takes "0" in one write; a regular file keeps the rest of its line.
run --zero '^fixture$' && [ "${#stats[@]}" -ge 25 ] &&
	[ "$(for f in "${stats[@]}"; do cut -c1 "$c/$f"; done | sort -u)" = 0 ]
result zero $? "counters not all written 0"

run --validate '^fixture$' >"$t/v" 2>&1
[ $? = 1 ] && grep -qx 'fixture: 1 problems' "$t/v"
result validate $? "$(cat "$t/v")"

# Bad input: a clear message, exit 1 (problems found) or 2 (usage).
bad() { # NAME EXIT PATTERN ARGS...
	local name=$1 code=$2 pat=$3 rc
	shift 3
	run "$@" >"$t/out" 2>&1
	rc=$?
	[ "$rc" = "$code" ] && grep -q -- "$pat" "$t/out"
	result "refuses-$name" $? "exit $rc: $(head -c 200 "$t/out")"
}
bad regex 2 "bad regular expression" '('
bad sort-key 2 "unknown sort key 'colour'" -s colour
bad delay 2 "delay '0': 0.1 to 3600 seconds" --top -d 0
bad iterations 2 "iterations 'x': a positive number" --top -n x
bad svg-without-map 2 "usage:" --svg x.svg
bad two-patterns 2 "usage:" a b
bad no-match 1 "no cache matches '^nosuch\$'" '^nosuch$'
bad no-match-totals 1 "no cache matches 'nosuch'" -T nosuch
bad no-match-json 1 "no cache matches 'nosuch'" --json -r nosuch
bad no-match-action 1 "no cache matches 'nosuch'" --shrink nosuch
bad no-cache 1 "no cache 'nosuch'" --map nosuch
bad map-path 2 "takes a cache's name .*, not a path: '$sys/fixture'" --map "$sys/fixture"
bad map-dotdot 2 "not a path: '..'" --map ..
"$bin" --sysfs "$sys" --map fixture >"$t/out" 2>&1
rc=$?
[ "$rc" = 1 ] && grep -q -- "slab maps are read from debugfs: with --sysfs, give --debugfs DIR" "$t/out"
result refuses-map-without-debugfs $? "exit $rc: $(head -c 200 "$t/out")"
"$bin" --sysfs "$t/none" >"$t/out" 2>&1
[ $? = 1 ] && grep -q "cannot open $t/none: No such file or directory (is mymem loaded?)" "$t/out"
result refuses-no-mymem $? "$(cat "$t/out")"

# This script fails when a test does: run on a program that fails them all.
if [ -z "${MYSLABINFO_TEST_INNER:-}" ]; then
	! MYSLABINFO_TEST_INNER=1 bash "$0" /bin/false >/dev/null 2>&1
	result exit-status $? "test.sh exits 0 when its tests fail"
fi
exit "$failed"
