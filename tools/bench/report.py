#!/usr/bin/env python3
"""Turn the benchmark boots' logs into a table, a CSV and charts.

report.py --out DOCDIR --command CMD LINE:KVER:RUN:LOG ...

Reads the "MYMEM-BENCH" lines of each log's final dmesg, writes
DOCDIR/benchmarks.md, DOCDIR/bench/results.csv and DOCDIR/bench/*.png
(gnuplot), and prints the tables.
"""
import argparse
import csv
import datetime
import math
import os
import re
import subprocess
import sys

TS = re.compile(r"^\[\s*\d+\.\d+\] ?")
MARK = "MYMEM-RIG: "

PATTERNS = [
    ("fastpath_pair", "alloc+free pair, one cache", "object size (B)", "ns/pair"),
    ("batch", "allocate N then free N (256 B)", "N", "ns/object"),
    ("bulk", "bulk API, N at a time (256 B)", "N", "ns/object"),
    ("kmalloc_pair", "kmalloc+kfree pair", "size (B)", "ns/pair"),
    ("random_free", "working set freed in random order (64 B)", "objects", "ns/object"),
]
MEMORY = ["pages_live", "pages_half_freed", "pages_shrunk"]
IMPLS = ("slub", "mymem", "mymem_nosheaf")


def dmesg(path):
    lines = [l.rstrip("\r\n") for l in open(path, errors="replace")]
    out, on = [], False
    for l in lines:
        if l.startswith(MARK + "dmesg-begin"):
            on = True
        elif l.startswith(MARK + "dmesg-end"):
            on = False
        elif on:
            out.append(TS.sub("", l))
    return out


def parse(specs):
    """Figures, ratios, kernel versions, and {(kernel, pattern, param, impl):
    {counter: n}} of the paths mymem's figures took, {kernel: quiesce line}."""
    single, multi = [], []
    kvers, paths, quiet = {}, {}, {}
    for spec in specs:
        line, kver, run, path = spec.split(":", 3)
        kvers[line] = kver
        for l in dmesg(path):
            f = l.split()
            if not f or f[0] != "MYMEM-BENCH":
                continue
            if f[1] == "paths" and len(f) > 5:
                paths[(line, f[2], int(f[3]), f[4])] = {
                    k: int(v) for k, v in (x.split("=", 1) for x in f[5:])}
                continue
            if f[1] == "quiesce":
                quiet[line] = " ".join(f[2:])
                continue
            if len(f) < 6:
                continue
            if f[3] == "ratio":
                multi.append(dict(kernel=line, kver=kver, pattern=f[1], cpus=int(f[2]),
                                  min=int(f[4]) / 1000, median=int(f[5]) / 1000,
                                  max=int(f[6]) / 1000))
            elif f[1] != "done":
                single.append(dict(kernel=line, kver=kver, run=run, pattern=f[1],
                                   param=int(f[2]), impl=f[3], value=int(f[4]), unit=f[5]))
    return single, multi, kvers, paths, quiet


EXT2 = re.compile(r"ext2bench impl=(\w+) run=(\d+) phase=(\w+) ns=(\d+) pages=(\d*)")
EXT2_PHASES = ("create", "read", "rename", "delete")


def ext2_runs(specs):
    """{kernel: {(impl, phase): [(ns, pages), ...]}} from the ext2 boots' consoles."""
    out = {}
    for spec in specs:
        line, kver, run, path = spec.split(":", 3)
        if run != "ext2":
            continue
        for l in open(path, errors="replace"):
            m = EXT2.search(l)
            if m:
                impl, _, phase, ns, pages = m.groups()
                out.setdefault(line, {}).setdefault((impl, phase), []).append(
                    (int(ns), int(pages) if pages else None))
    return out


EXT2_PATHS = re.compile(r"ext2paths run=(\d+) phase=(\w+) (.*)")
PATH_NAMES = ("alloc_fastpath", "alloc_slowpath", "free_fastpath", "free_slowpath",
              "alloc_slab", "free_slab")


def ext2_paths(specs):
    """{kernel: {phase: {counter: events in the phase}}} of the last mymem run."""
    out = {}
    for spec in specs:
        line, kver, run, path = spec.split(":", 3)
        if run != "ext2":
            continue
        cum = {}
        for l in open(path, errors="replace"):
            m = EXT2_PATHS.search(l)
            if m:
                kv = dict(f.split("=", 1) for f in m.group(3).split())
                cum.setdefault(int(m.group(1)), []).append(
                    (m.group(2), {n: int(kv.get(n, 0)) for n in PATH_NAMES}))
        if not cum:
            continue
        prev = dict.fromkeys(PATH_NAMES, 0)
        for phase, c in cum[max(cum)]:
            out.setdefault(line, {})[phase] = {n: c[n] - prev[n] for n in PATH_NAMES}
            prev = c
    return out


def pairs(single, kernel, pattern, impls=("slub", "mymem")):
    """{param: (slub, mymem)} for one kernel and pattern."""
    d = {}
    for r in single:
        if r["kernel"] == kernel and r["pattern"] == pattern:
            d.setdefault(r["param"], {})[r["impl"]] = r["value"]
    return {p: tuple(v.get(i) for i in impls) for p, v in sorted(d.items())}


def ratio(a, b):
    return b / a if a else float("nan")


def gmean(xs):
    xs = [x for x in xs if x == x and x > 0]
    return math.exp(sum(map(math.log, xs)) / len(xs)) if xs else float("nan")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--command", required=True)
    ap.add_argument("logs", nargs="+")
    a = ap.parse_args()
    single, multi, kvers, paths_of, quiet = parse(a.logs)
    kernels = list(kvers)
    bdir = os.path.join(a.out, "bench")
    os.makedirs(bdir, exist_ok=True)

    with open(os.path.join(bdir, "results.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["kernel", "version", "pattern", "param", "impl", "value", "unit"])
        for r in single:
            w.writerow([r["kernel"], r["kver"], r["pattern"], r["param"], r["impl"],
                        r["value"], r["unit"]])
        for r in multi:
            for k in ("min", "median", "max"):
                w.writerow([r["kernel"], r["kver"], r["pattern"], r["cpus"], "ratio_" + k,
                            r[k], "mymem/slub"])

    md = []
    qemu = subprocess.run(["qemu-system-x86_64", "--version"], capture_output=True,
                          text=True).stdout.splitlines()[0]
    md += ["# Benchmarks: mymem against the kernel's SLUB", "",
           f"Latest run: {datetime.date.today()}, `{a.command}`, {qemu}, on the 2-core build "
           "machine. Kernels: " + ", ".join(f"Debian `{kvers[k]}`" for k in kernels) + ".", "",
           "Both allocators run in the same boot of Debian's stock kernel (production config, "
           "`init_on_alloc=1` as Debian ships it, honoured by both), booted with `slab_nomerge`. "
           "Single-CPU figures come from a 1-CPU guest under `-icount shift=0`: guest time "
           "counts instructions, so they are deterministic and 1 ns means one instruction. "
           "Multi-CPU figures come from 2- and 4-CPU guests under MTTCG, as mymem/SLUB ratios of "
           "runs made back to back (7 runs: median, min-max). Ratio < 1: mymem is cheaper.", "",
           "How the single-CPU figures are taken. Under `-icount` the guest's clock counts every "
           "instruction the CPU runs in the interval, the kernel's background work included, "
           "which right after boot and module load is much (on 6.12 it doubled the first "
           "figures). So the benchmark first waits for a quiet guest (a fixed loop timed every "
           "half second until two readings agree within 1%), then takes every figure as the "
           "minimum of 5 runs of each allocator, interleaved (SLUB, mymem, mymem without "
           "sheaves, and the reverse order every other run): background work only ever adds. "
           "mymem runs twice, with its sheaves (the default) and without (`sheaf_capacity` 0: "
           "the CPU slab and partial lists alone), so that both the sheaves' gain and its memory "
           "cost show. Beside the figures, the paths mymem's operations took in the run "
           "reported (its counters over the timed part: allocations from a sheaf, the CPU "
           "freelist's fast path and the slow path, new slabs, frees likewise, and objects "
           "zeroed on allocation); SLUB's counters are not kept in Debian's kernels "
           "(`CONFIG_SLUB_STATS` off).", "",
           "Caveats. Both allocators store free pointers obfuscated and randomise the "
           "freelists of new slabs (Debian builds SLUB with `SLAB_FREELIST_HARDENED` and "
           "`SLAB_FREELIST_RANDOM`; mymem does both on every cache), and both check on each free "
           "that the object is not the one at the head of the freelist. mymem also keeps its "
           "event counters (SLUB's `CONFIG_SLUB_STATS` set, off in Debian's SLUB) and carries "
           "its tracepoints, off during the runs (one NOP each on the alloc and free paths). "
           "SLUB's pages are read from `/sys/kernel/slab/<cache>/slabs` and `order`, the "
           "counters `/proc/slabinfo` prints (a module cannot `kernel_read()` the kernel's "
           "`/proc/slabinfo`, which has no `read_iter`); mymem's from `/proc/myslabinfo`. "
           "Wall-clock ratios on several CPUs come from a 2-core host running 2 or 4 vCPUs: "
           "read them with their spread.", "",
           "Quiet guest reached: " + "; ".join(f"{k}: {quiet[k]}" for k in kernels if k in quiet)
           + ".", "",
           "Charts: `bench/ratio_fastpath.png`, `bench/ratio_patterns.png`, "
           "`bench/memory.png`; raw figures: `bench/results.csv`.", ""]
    targets = []
    for pat, title, pname, unit in PATTERNS:
        md += [f"## {title}", "", f"| {pname} | " +
               " | ".join(f"SLUB {k} | mymem {k} | ratio {k} | no sheaves {k} | ratio {k}"
                          for k in kernels) + " |",
               "|---:|" + "---:|---:|---:|---:|---:|" * len(kernels)]
        params = sorted({p for k in kernels for p in pairs(single, k, pat)})
        for p in params:
            cells = []
            for k in kernels:
                sl, mm, m0 = pairs(single, k, pat, IMPLS).get(p, (None, None, None))
                cells += [f"{sl / 1000:.1f}" if sl else "-", f"{mm / 1000:.1f}" if mm else "-",
                          f"{ratio(sl, mm):.2f}" if sl and mm else "-",
                          f"{m0 / 1000:.1f}" if m0 else "-",
                          f"{ratio(sl, m0):.2f}" if sl and m0 else "-"]
            md.append(f"| {p} | " + " | ".join(cells) + " |")
        md += ["", f"({unit}, guest instructions)", ""]
        if pat == "fastpath_pair":
            md += ["The pair's floor: the same loop, indirect calls and `init_on_alloc` zeroing "
                   "with no allocator behind them. Above the floor is each allocator's own work:", "",
                   "| object size (B) | " + " | ".join(f"floor {k} | SLUB {k} above | mymem {k} above "
                                                      f"| ratio {k}" for k in kernels) + " |",
                   "|---:|" + "---:|---:|---:|---:|" * len(kernels)]
            for p in params:
                cells = []
                for k in kernels:
                    fl, sl, mm = pairs(single, k, pat, ("floor", "slub", "mymem")).get(p, (None,) * 3)
                    if fl is None or not sl or not mm:
                        cells += ["-"] * 4
                        continue
                    cells += [f"{fl / 1000:.1f}", f"{(sl - fl) / 1000:.1f}", f"{(mm - fl) / 1000:.1f}",
                              f"{ratio(sl - fl, mm - fl):.2f}"]
                md.append(f"| {p} | " + " | ".join(cells) + " |")
            md.append("")
        for k in kernels:
            rs = [ratio(s, m) for s, m in pairs(single, k, pat).values() if s and m]
            if rs:
                targets.append((k, pat, max(rs), gmean(rs)))

    md += ["## Several CPUs (ratio mymem/SLUB of wall time)", "",
           "| kernel | pattern | CPUs | median | min | max |", "|---|---|---:|---:|---:|---:|"]
    for r in multi:
        md.append(f"| {r['kernel']} | {r['pattern']} | {r['cpus']} | {r['median']:.2f} | "
                  f"{r['min']:.2f} | {r['max']:.2f} |")
    md += ["", "## Memory: pages held for 100 000 objects (4-CPU guest)", "",
           "| size | " + " | ".join(f"SLUB {k} live / half / shrunk | mymem {k} live / half / shrunk"
                                   for k in kernels) + " |",
           "|---:|" + "---|---|" * len(kernels)]
    mem_ratio = {}
    sizes = sorted({r["param"] for r in single if r["pattern"] == "pages_live"})
    for sz in sizes:
        cells = []
        for k in kernels:
            for impl in ("slub", "mymem"):
                v = [next((r["value"] for r in single if r["kernel"] == k and r["impl"] == impl
                           and r["pattern"] == m and r["param"] == sz), None) for m in MEMORY]
                cells.append(" / ".join(str(x) for x in v))
            sl = pairs(single, k, "pages_live").get(sz, (None, None))
            # -1: the guest could not read the counts.
            mem_ratio.setdefault(k, {})[sz] = (ratio(*sl) if all(x is not None and x > 0 for x in sl)
                                               else float("nan"))
        md.append(f"| {sz} | " + " | ".join(cells) + " |")

    frag = {}
    md += ["", "## Memory: fragmentation (100 000 objects of 64 B, a random 90% freed, shrink)",
           "", "Pages held after the frees and after shrink; for mymem also the objects parked "
           "in sheaves and barns after shrink (the run is on one CPU: they are that CPU's "
           "sheaves and its node's barn).", "",
           "| kernel | SLUB pages / shrunk | mymem pages / shrunk / parked | "
           "no sheaves pages / shrunk / parked |", "|---|---|---|---|"]
    for k in kernels:
        def fig(impl, pat):
            return next((r["value"] for r in single if r["kernel"] == k and r["impl"] == impl
                         and r["pattern"] == pat and r["param"] == 64), None)
        row = []
        for impl in IMPLS:
            v = [fig(impl, "pages_frag"), fig(impl, "pages_frag_shrunk")]
            if impl != "slub":
                v.append(fig(impl, "parked_frag"))
            frag[(k, impl)] = v[1]
            row.append(" / ".join("-" if x is None else str(x) for x in v))
        md.append(f"| {k} | " + " | ".join(row) + " |")

    if paths_of:
        md += ["", "## The paths mymem's figures took", "",
               "Its counters over the timed part of the run each figure is (the minimum of 5): "
               "allocations popped from a sheaf, taken on the CPU freelist's fast path and on "
               "the slow path, new slabs, frees pushed onto a sheaf, onto the CPU freelist and "
               "on the slow path, and objects zeroed on allocation (`init_on_alloc`); then "
               "the sheaves' own work: main and spare exchanged, sheaves taken from and put "
               "in the barn, refills and flushes from and to the slabs, sheaves allocated. "
               "Each operation counts once: a sheaf's refill and flush move objects in bulk "
               "and count as such, not on the slab paths.", "",
               "| kernel | pattern | param | impl | alloc sheaf | alloc fast | alloc slow | "
               "new slabs | free sheaf | free fast | free slow | zeroed | swap | barn get | "
               "barn put | refill | flush | new sheaf |",
               "|---|---|---:|---|" + "---:|" * 14]
        cols = ("alloc_sheaf", "alloc_fast", "alloc_slow", "new_slab", "free_sheaf",
                "free_fast", "free_slow", "zeroed", "sheaf_swap", "barn_get", "barn_put",
                "sheaf_refill", "sheaf_flush", "sheaf_alloc")
        order = {k: i for i, k in enumerate(kernels)}
        for (k, pat, prm, impl), c in sorted(paths_of.items(),
                                             key=lambda x: (order.get(x[0][0], 99), x[0][1],
                                                            x[0][2], x[0][3])):
            md.append(f"| {k} | {pat} | {prm} | {impl} | "
                      + " | ".join(str(c.get(n, "-")) for n in cols) + " |")

    md += ["", "## Walks: the same cache on a 2 GiB and an 8 GiB guest (one CPU, -icount)", "",
           "Reading `waste` and validating walk the cache's own slabs (its registry), so their "
           "cost must not grow with the machine's memory: target ratio 8 GiB / 2 GiB <= 1.20.", "",
           "| kernel | walk | 2 GiB (ns) | 8 GiB (ns) | ratio |", "|---|---|---:|---:|---:|"]
    walk_ratio = []
    for k in kernels:
        for pat in ("walk_waste", "walk_validate"):
            v = {r["run"]: r["value"] for r in single if r["kernel"] == k and r["pattern"] == pat}
            lo, hi = v.get("walk2g"), v.get("walk8g")
            if lo and hi:
                walk_ratio.append((k, pat, hi / lo))
                md.append(f"| {k} | {pat} | {lo} | {hi} | {hi / lo:.2f} |")

    ext2 = ext2_runs(a.logs)
    ext2_total = {}
    if ext2:
        md += ["", "## Macro: the kernel's fs/ext2 on SLUB and on mymem (one CPU, -icount)", "",
               "The kernel's own `fs/ext2` from `linux-source-<line>`, built twice against the "
               "stock kernel's headers: as the kernel builds it (its objects on SLUB) and with "
               "`make redirect` (on mymem), loaded in turns in the same boot, three times each. The "
               "workload is `make check`'s ext2 proof on a 64 MiB RAM disk (`brd`): create "
               "(`tar -x` of 10 240 files in 256 directories, `sync`), read (`drop_caches`, "
               "`md5sum -c` of every file), rename (every second-level directory and one file in "
               "ten, `drop_caches`, `md5sum -c`), delete (half the tree, `drop_caches`, "
               "`md5sum -c` of the rest). Figures are the whole guest's instructions in each "
               "phase (minimum of the three runs; the page cache, block layer, VFS and busybox "
               "included, so the allocator is a part of each), and the pages of "
               "`ext2_inode_cache` at the end of the phase.", "",
               "| kernel | phase | SLUB (instr.) | mymem (instr.) | ratio | SLUB pages | "
               "mymem pages |", "|---|---|---:|---:|---:|---:|---:|"]
        for k in kernels:
            runs = ext2.get(k, {})
            tot = {"slub": 0, "mymem": 0}
            for ph in EXT2_PHASES:
                sl, mm = runs.get(("slub", ph)), runs.get(("mymem", ph))
                if not sl or not mm:
                    md.append(f"| {k} | {ph} | not measured | | | | |")
                    tot = None
                    continue
                a_ns, b_ns = min(x[0] for x in sl), min(x[0] for x in mm)
                if tot is not None:
                    tot["slub"] += a_ns
                    tot["mymem"] += b_ns
                md.append(f"| {k} | {ph} | {a_ns} | {b_ns} | {ratio(a_ns, b_ns):.3f} | "
                          f"{sl[-1][1]} | {mm[-1][1]} |")
            if tot:
                ext2_total[k] = ratio(tot["slub"], tot["mymem"])
                md.append(f"| {k} | **total** | {tot['slub']} | {tot['mymem']} | "
                          f"**{ext2_total[k]:.3f}** | | |")

    paths = ext2_paths(a.logs)
    if paths:
        md += ["", "Which paths mymem's `ext2_inode_cache` took in each phase (its counters, "
               "the last mymem run):", "",
               "| kernel | phase | " + " | ".join(PATH_NAMES) + " |",
               "|---|---|" + "---:|" * len(PATH_NAMES)]
        for k in kernels:
            for ph in EXT2_PHASES:
                c = paths.get(k, {}).get(ph)
                if c:
                    md.append(f"| {k} | {ph} | " + " | ".join(str(c[n]) for n in PATH_NAMES)
                              + " |")

    md += ["", "## Against the targets", ""]
    for k, r in ext2_total.items():
        md.append(f"- {k} ext2 workload, total instructions mymem/SLUB {r:.3f} (target <= 1.00: "
                  f"{'met' if r <= 1.00 else 'missed'})")
    for k, pat, r in walk_ratio:
        md.append(f"- {k} {pat}: 8 GiB / 2 GiB {r:.3f} (target <= 1.20: "
                  f"{'met' if r <= 1.20 else 'missed'})")
    md += ["", "The sheaves issue's targets, with sheaves (mymem's default) and without "
           "(`sheaf_capacity` 0). Instructions are per alloc+free pair or per object, from the "
           "one-CPU guest under `-icount`; worst over the sizes or counts named.", "",
           "| target | kernel | with sheaves | without | met (with) |", "|---|---|---:|---:|---|"]

    def cell(x):
        if x is None or x != x:
            return "-"
        return f"{x:.3f}" if isinstance(x, float) else str(x)

    def row(what, k, on, off, ok):
        verdict = "-" if ok is None else ("met" if ok else "missed")
        md.append(f"| {what} | {k} | {cell(on)} | {cell(off)} | {verdict} |")

    def worst(k, pat, impl, pmax=None, net=False):
        rs = []
        for prm, (fl, sl, mm) in pairs(single, k, pat, ("floor", "slub", impl)).items():
            if pmax is not None and prm > pmax or not sl or not mm:
                continue
            if net:
                if fl is not None:
                    rs.append((mm - fl) / 1000)
            else:
                rs.append(ratio(sl, mm))
        return max(rs) if rs else None

    ref_lines = [kk for kk in kernels if kk == "6.1" or kk.startswith("7.")]
    for k in kernels:
        on = worst(k, "fastpath_pair", "mymem", net=True)
        off = worst(k, "fastpath_pair", "mymem_nosheaf", net=True)
        row("own work per pair above the floor <= 100 instr. (every size)", k, on, off,
            None if on is None else on <= 100)
        goal = 0.50 if k.startswith("7.") else 0.60
        on = worst(k, "fastpath_pair", "mymem", 256)
        off = worst(k, "fastpath_pair", "mymem_nosheaf", 256)
        row(f"fast-path pair <= {goal:.2f}x SLUB (sizes <= 256 B)", k, on, off,
            None if on is None else on <= goal)
        for pat in ("batch", "bulk"):
            on, off = worst(k, pat, "mymem"), worst(k, pat, "mymem_nosheaf")
            row(f"{pat} <= 0.80x SLUB (every N)", k, on, off, None if on is None else on <= 0.80)
        on, off = worst(k, "random_free", "mymem"), worst(k, "random_free", "mymem_nosheaf")
        row("random-order free <= 1.00x SLUB", k, on, off, None if on is None else on <= 1.00)
        for r in multi:
            if r["kernel"] != k or r["pattern"].endswith("_nosheaf"):
                continue
            r0 = next((x for x in multi if x["kernel"] == k and x["cpus"] == r["cpus"]
                       and x["pattern"] == r["pattern"] + "_nosheaf"), None)
            row(f"{r['pattern']} on {r['cpus']} CPUs, median <= 1.00x SLUB", k, r["median"],
                r0["median"] if r0 else None, r["median"] <= 1.0)
        refs = {kk: frag.get((kk, "slub")) for kk in ref_lines}
        known = [v for v in refs.values() if v]
        on, off = frag.get((k, "mymem")), frag.get((k, "mymem_nosheaf"))
        row("fragmentation: pages after shrink <= SLUB 6.1's and 7.x's ("
            + ", ".join(f"{kk}: {cell(v)}" for kk, v in refs.items()) + ")", k, on, off,
            None if on is None or not known else on <= min(known))
    md.append("")
    for k in kernels:
        got = mem_ratio.get(k, {})
        over = [sz for sz, x in got.items() if x == x and x > 1.0]
        unread = [sz for sz, x in got.items() if x != x]
        if not got or unread:
            md.append(f"- {k} pages for live objects <= SLUB's at every size: not measured"
                      + (f" at {', '.join(map(str, unread))}" if unread else ""))
            continue
        md.append(f"- {k} pages for live objects <= SLUB's at every size: "
                  + ("met" if not over else "missed at " + ", ".join(map(str, over))))
    md.append("")

    # Charts.
    dat = os.path.join(bdir, "fastpath.dat")
    with open(dat, "w") as f:
        sizes_fp = sorted({p for k in kernels for p in pairs(single, k, "fastpath_pair")})
        for i, p in enumerate(sizes_fp):
            row = [str(i), str(p)]
            for k in kernels:
                s, m = pairs(single, k, "fastpath_pair").get(p, (None, None))
                row.append(f"{ratio(s, m):.3f}" if s and m else "NaN")
            f.write(" ".join(row) + "\n")
    pdat = os.path.join(bdir, "patterns.dat")
    with open(pdat, "w") as f:
        for i, (pat, _, _, _) in enumerate(PATTERNS):
            row = [str(i), pat]
            for k in kernels:
                row.append(f"{next((g for kk, pp, _, g in targets if kk == k and pp == pat), float('nan')):.3f}")
            f.write(" ".join(row) + "\n")
        for j, r in enumerate(sorted({(r['pattern'], r['cpus']) for r in multi})):
            row = [str(len(PATTERNS) + j), f"{r[0]}-{r[1]}cpu"]
            for k in kernels:
                row.append(next((f"{x['median']:.3f}" for x in multi if x["kernel"] == k
                                 and (x["pattern"], x["cpus"]) == r), "NaN"))
            f.write(" ".join(row) + "\n")
    mdat = os.path.join(bdir, "memory.dat")
    with open(mdat, "w") as f:
        for i, sz in enumerate(sizes):
            f.write(" ".join([str(i), str(sz)] + [f"{mem_ratio.get(k, {}).get(sz, float('nan')):.3f}"
                                                  for k in kernels]) + "\n")

    def plot(png, data, title, xlabel, style="linespoints"):
        cols = ", ".join(f"'{data}' using 1:{3 + i}:xtic(2) with {style} pt {7 - i} ps 1.5 "
                         f"title 'Debian {k}'" for i, k in enumerate(kernels))
        script = f"""set terminal png size 900,480 noenhanced
set output '{png}'
set key top left
set title '{title}'
set xlabel '{xlabel}'
set ylabel 'mymem / SLUB (lower is better)'
set grid
set yrange [0:1.6]
set xrange [-0.5:*]
set xtics rotate by -30
f(x) = 1
plot {cols}, f(x) with lines dt 2 lc rgb 'black' title 'parity'
"""
        subprocess.run(["gnuplot"], input=script, text=True, check=True)

    plot(os.path.join(bdir, "ratio_fastpath.png"), dat,
         "alloc+free pair, one CPU, instruction counts", "object size (B)")
    plot(os.path.join(bdir, "ratio_patterns.png"), pdat,
         "by pattern (single CPU: geometric mean; several CPUs: median)", "pattern", "points")
    plot(os.path.join(bdir, "memory.png"), mdat,
         "pages held for 100 000 live objects", "object size (B)")
    for p in (dat, pdat, mdat):
        os.remove(p)

    with open(os.path.join(a.out, "benchmarks.md"), "w") as f:
        f.write("\n".join(md))
    print("\n".join(md))
    return 0


if __name__ == "__main__":
    sys.exit(main())
