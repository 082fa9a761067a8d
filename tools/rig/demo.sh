#!/usr/bin/env bash
# demo.sh: make demo. Boots the 6.1 test kernel (built once and cached;
# with OWN_KDIR, make demo KDIR=<tree>, that tree's kernel),
# loads mymem and the demo client, and shows /proc/myslabinfo with a
# readable summary of each cache.
set -euo pipefail
# shellcheck source=tools/rig/lib.sh
. "$(dirname "$0")/lib.sh"

line=${DEMO_KERNEL:-6.1}
rig_deps
if [ -n "${OWN_KDIR:-}" ]; then
	# make demo KDIR=<a built kernel tree>: that tree's kernel instead.
	tree=$(own_tree "$OWN_KDIR")
	line="$(make -s -C "$tree" kernelrelease 2>/dev/null || echo "$tree")"
	out=$CACHE/run/kdir-$(echo "$tree" | sha256sum | cut -c1-12)-demo
else
	tree=$("$RIG_DIR/kernel.sh" "$line")
	out=$CACHE/run/$line-demo
fi
msg "building modules for test kernel $line"
build_modules "$tree" "$out"
make_initramfs "$out/demo.cpio.gz" "MODE=demo" "$out/mymem.ko" "$out/mymem_demo.ko"
msg "booting the $line test kernel in QEMU (4 CPUs, 2 NUMA nodes)"
boot "$tree/arch/x86/boot/bzImage" "$out/demo.cpio.gz" "$out/demo.log" 300

python3 - "$out/demo.log" <<'PY'
import re, sys
lines = [l.rstrip("\r\n") for l in open(sys.argv[1], errors="replace")]
M = "MYMEM-RIG: "
booted = [l for l in lines if l.startswith(M + "booted")]
print("== guest:", booted[0][len(M) + 7:] if booted else "did not boot")
print("\n== what the demo client did (its kernel messages)")
for l in lines:
    m = re.match(r"\[[ 0-9.]+\] (mymem(_demo)?: .*)", l)
    if m and not m.group(1).startswith("mymem: loading") and "verification" not in l:
        print("  " + m.group(1))
    if l.startswith(M + "dmesg-begin"):
        break
def shown(label):
    """Lines the guest printed between show-begin LABEL and show-end."""
    out, grab = [], False
    for l in lines:
        if l.startswith(M + "show-begin " + label):
            grab = True
        elif l.startswith(M + "show-end"):
            grab = False
        elif grab:
            out.append(l)
    return out
info = shown("/proc/myslabinfo")
print("\n== /proc/myslabinfo")
print("\n".join(info))
print("\n== summary: memory per cache")
print(f"  {'cache':<20} {'in use':>7} {'total':>7} {'obj size':>8} {'slabs':>6} {'memory':>9} {'used':>6}")
tot = 0
for l in info[2:]:
    f = l.split()
    name, act, num, osz, ppslab, nslabs = f[0], int(f[1]), int(f[2]), int(f[3]), int(f[5]), int(f[14])
    mem = nslabs * ppslab * 4
    tot += mem
    used = f"{100 * act * osz // (mem * 1024)}%" if mem else "-"
    print(f"  {name:<20} {act:>7} {num:>7} {osz:>8} {nslabs:>6} {mem:>6} KiB {used:>6}")
print(f"  {'all caches':<20} {'':>7} {'':>7} {'':>8} {'':>6} {tot:>6} KiB")
print("\n== procps' slabtop -o, reading /proc/myslabinfo bind-mounted over /proc/slabinfo")
print("\n".join(shown("slabtop")[:14]) or "\n".join(
    "  skipped: " + l.split("no-slabtop: ", 1)[1] for l in lines if l.startswith(M + "no-slabtop: ")))
print("\n== tools/myslabinfo: the caches, totals, a report and the slab map of demo_task")
print("\n".join(shown("myslabinfo")))
print()
print("\n".join(shown("myslabinfo -T")))
print()
print("\n".join(shown("myslabinfo -r ^demo_task$")))
print("\n".join(shown("myslabinfo --map demo_task --svg /tmp/demo_task.svg")))
PY
python3 "$RIG_DIR/analyse.py" "$out/demo.log" --name "demo" --demo >"$out/verdict"
if grep -q '^RESULT fail' "$out/verdict"; then
	cat "$out/verdict" >&2
	die "the demo boot was not clean; console log: $out/demo.log"
fi
msg "clean boot: no warnings, no lockdep reports, mymem unloaded with every page given back; log: $out/demo.log"
