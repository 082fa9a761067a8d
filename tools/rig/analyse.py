#!/usr/bin/env python3
"""Judge one boot of the rig from its serial-console log.

analyse.py LOG --name NAME [--kunit-py PATH] [--suite S ...] [--allow-report]

Prints one result line per test and exits 0. A result line is
    RESULT <ok|fail|skip> <name> [: reason]
and the caller counts them. Each KUnit case is a test (KTAP of each suite
read from debugfs, parsed by the kernel tree's own kunit.py); the boot
itself is one more test, which fails on any lockdep report, WARN, BUG,
Oops, allocator report, unexpected taint, missing suite, failed rig step,
crash or timeout -- even when every KUnit case passed.
"""
import argparse
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

MARK = "MYMEM-RIG: "

# The ==== line that opens and closes a sanitizer's or SLUB's report.
BANNER = re.compile(r"^(\[[ 0-9.]+\] )?=+$")
# Kernel messages that fail a boot wherever they appear.
BAD = [
    (re.compile(r"-+\[ cut here \]-+"), "WARN/BUG splat"),
    (re.compile(r"\bWARNING: .* at "), "WARN"),
    (re.compile(r"\bBUG: "), "BUG"),
    (re.compile(r"\bkernel BUG at\b"), "BUG_ON"),
    (re.compile(r"\bOops\b|general protection fault|Kernel panic"), "Oops/panic"),
    (re.compile(r"possible recursive locking|possible circular locking|"
                r"inconsistent lock state|possible irq lock inversion|"
                r"suspicious RCU usage|lock held when returning|"
                r"bad unlock balance|lockdep is turned off|"
                r"INFO: trying to register non-static key"), "lockdep"),
    (re.compile(r"sleeping function called from invalid context|"
                r"scheduling while atomic|using smp_processor_id\(\) in preemptible"), "atomic-context bug"),
    (re.compile(r"\b(KASAN|KCSAN|UBSAN|KFENCE):"), "sanitizer report"),
    (BANNER, "report banner"),
    (re.compile(r"\bBUG (kmalloc|mymem)[-\w]* \("), "slab allocator report"),
    (re.compile(r"unreferenced object 0x|new suspected memory leaks"), "kmemleak"),
    (re.compile(r"Call Trace:"), "stack trace"),
    (re.compile(r"mymem: .*(pages not given back|was never destroyed|leaked objects)"), "mymem leak"),
]
# mymem_debug's kmemleak case announces the one scan summary it causes.
KMEMLEAK_EXPECTED = re.compile(r"kmemleak: one scan summary is expected")
KMEMLEAK_SUMMARY = re.compile(r"kmemleak: \d+ new suspected memory leaks")
# Reports made on purpose in the suites of their own boots: mymem's in
# the deliberate-corruption suite, KCSAN's on mymem's free (mymem_kcsan).
EXPECTED_REPORT = re.compile(r"\bBUG mymem[-\w]* \(|^(\[[ 0-9.]+\] )?(INFO|FIX) |"
                             r"Call Trace:|^(\[[ 0-9.]+\] )?=+$|"
                             r"BUG: KCSAN: assert: race in .*\bmymem_cache_free\b|"
                             r"BUG: KASAN: [\w-]+ in .*\[mymem_kasan_test\]")

# KCSAN data races of the kernel's own code, seen in the test boots and not
# mymem's to fix: a report of one of these, whose every line is of KCSAN's
# layout and none names mymem, is a named skipped verdict, not a failure.
#   release_task: 7.3, init reaping a child reads the dead task's runtime
#   counter while the scheduler's last update lands (race at unknown origin).
KERNEL_RACES = ("release_task",)
KCSAN_RACE = re.compile(r"BUG: KCSAN: data-race in (\S+)")
KCSAN_LINE = re.compile(r"^(\[[ 0-9.]+\] )?\s*($|BUG: KCSAN: data-race in |"
                        r"race at unknown origin, with |(read|write)( \(marked\))? to |"
                        r"\S+\+0x[0-9a-f]+/0x[0-9a-f]+( \[\w+\])?$|value changed: |"
                        r"Reported by Kernel Concurrency Sanitizer on:|CPU: |Tainted: |"
                        r"Hardware name: )")


def kernel_races(lines):
    """Indices of the lines of KCSAN reports of KERNEL_RACES, banner to
    banner, and the title of each."""
    skip, titles = set(), []
    for i, line in enumerate(lines):
        m = KCSAN_RACE.search(line)
        if not m or m.group(1).split("+")[0] not in KERNEL_RACES:
            continue
        if i == 0 or not BANNER.search(lines[i - 1]):
            continue
        end = next((j for j in range(i + 1, min(len(lines), i + 300)) if BANNER.search(lines[j])),
                   None)
        if end is None:
            continue
        block = lines[i:end]
        if any("mymem" in l or not KCSAN_LINE.search(l) for l in block):
            continue
        skip.update(range(i - 1, end + 1))
        titles.append(m.group(1))
    return skip, titles


# Taint flags a clean run may carry: O (out-of-tree module), E (unsigned
# module); N (KUnit ran) in KUnit boots; B (bad page) only where reports
# are expected.
TAINT_OK = (1 << 12) | (1 << 13)
TAINT_TEST = 1 << 18
TAINT_BAD_PAGE = 1 << 5


def checked(check, *args):
    """CHECK(*ARGS)'s problems; a table it could not read (a number column
    empty or not a number, a column missing) is a problem too, not a crash."""
    try:
        return check(*args)
    except (ValueError, KeyError) as e:
        return [f"{check.__name__}: a table the guest printed is not as expected ({e!r})"]


def check_installed(lines, version):
    """modprobe found mymem where make install put it, modinfo read its
    metadata, and the client built against the installed SDK worked."""
    problems = []
    info = [l[len(MARK + "modinfo "):].split() for l in lines if l.startswith(MARK + "modinfo ")]
    if not info:
        problems.append("modprobe/modinfo of the installed mymem did not run")
    elif info[0] != [version, "GPL"]:
        problems.append(f"modinfo says {' '.join(info[0])!r}, expected '{version} GPL'")
    # The client's run: 32 objects of client_conn taken and given back,
    # its slab made and freed; seen by ftrace, bpftrace and perf.
    counts = {}
    for tool in ("ftrace", "perf"):
        got = [l[len(MARK + tool) + 1:].split() for l in lines if l.startswith(MARK + tool + " ")]
        if got:
            counts[tool] = dict(zip(("mymem_alloc", "mymem_free", "mymem_slab_new",
                                     "mymem_slab_free"), (int(x) for x in got[0])))
    counts["bpftrace"] = {}
    for l in shown(lines, "cat /tmp/bpftrace.txt"):
        m = re.match(r"@\[tracepoint:mymem:(\w+), (\S+)\]: (\d+)$", l.strip())
        if m and m.group(2) == "client_conn":
            # One key per cache and event: the name is a string, not an array.
            if m.group(1) in counts["bpftrace"]:
                problems.append(f"bpftrace keyed client_conn's {m.group(1)} more than once")
            counts["bpftrace"][m.group(1)] = int(m.group(3))
        elif m and "client_conn" in m.group(2):
            problems.append(f"bpftrace key {m.group(2)!r} is client_conn with more bytes")
    for tool in ("ftrace", "perf", "bpftrace"):
        c = counts.get(tool, {})
        if c.get("mymem_alloc") != 32 or c.get("mymem_free") != 32 or \
                not c.get("mymem_slab_new") or c.get("mymem_slab_free") != c.get("mymem_slab_new"):
            problems.append(f"{tool} saw {c or 'nothing'} of client_conn; expected 32 "
                            "mymem_alloc, 32 mymem_free, and as many slabs freed as made")
    return problems


def slabtop_skipped(lines):
    """Why the guest could not run slabtop over /proc/myslabinfo, or None."""
    for l in lines:
        m = re.search(r"MYMEM-RIG: no-slabtop: (.*)$", l)
        if m:
            return m.group(1)
    return None


def check_demo(lines):
    """The demo workload as the tools read it: its caches in
    /proc/myslabinfo, slabtop (unless the guest said why it could not run
    it) and the kernel's slabinfo, with the 500 objects of demo_task and
    demo_line it keeps. (Its own checks, the constructor and the clean
    unload, are its verdict lines.)"""
    problems = []
    no_top = slabtop_skipped(lines)
    proc_block = shown(lines, "/proc/myslabinfo")
    if not proc_block or proc_block[0] != "slabinfo - version: 2.1":
        problems.append("/proc/myslabinfo has no slabinfo 2.1 header")
    proc = keyed(table(proc_block, "name"), "name")
    top = keyed(table(shown(lines, "slabtop"), "OBJS", joins=("OBJ SIZE", "CACHE SIZE")), "NAME")
    info = keyed(table(shown(lines, "slabinfo"), "Name"), "Name")
    listed_in(problems, proc, "/proc/myslabinfo",
              ("demo_task", "demo_line", "mymem-kmalloc-8", "mymem-kmalloc-8k"))
    if not no_top:
        listed_in(problems, top, "slabtop over /proc/myslabinfo",
                  ("demo_task", "demo_line", "mymem-kmalloc-8k"))
    listed_in(problems, info, "the kernel's slabinfo over /sys/kernel/mymem",
              ("demo_task", "demo_line", "mymem-kmalloc-8k"))
    keeps_500(problems, proc, "active_objs", "/proc/myslabinfo")
    summary = [re.match(r"\s*Active / Total Objects \(% used\)\s*: (\d+) / (\d+)", l)
               for l in shown(lines, "slabtop")]
    summary = [m for m in summary if m]
    want = object_totals(proc)
    if not no_top:
        keeps_500(problems, top, "ACTIVE", "slabtop")
        if not summary or (int(summary[0].group(1)), int(summary[0].group(2))) != want:
            problems.append(f"slabtop's object totals {summary[0].group(0).strip() if summary else 'missing'}"
                            f" differ from /proc/myslabinfo's {want[0]} / {want[1]}")
    m = [re.search(r"Slabcache: demo_task .*Objects: *(\d+)", l)
         for l in shown(lines, "slabinfo -r demo_task")]
    m = [x for x in m if x]
    if not m:
        problems.append("slabinfo -r demo_task printed no report")
    elif not 500 <= int(m[0].group(1)) <= 1000:
        problems.append(f"slabinfo -r demo_task: {m[0].group(1)} objects, the demo keeps 500")
    return problems


def table(block, first, joins=(), drop=(":", "tunables", "slabdata")):
    """The rows of a table of whitespace-separated columns, as dicts keyed by
    the header's names. The header is the first line whose first name is
    FIRST (after a leading '#', names without their <>); JOINS are names of
    several words; DROP are separator words, in the header and the rows.
    Rows with fewer words lack trailing columns (empty); longer ones, and
    repeated headers, are not rows."""
    names, rows = None, []
    for line in block:
        if names is None:
            head = line.lstrip("# ")
            for j in joins:
                head = head.replace(j, j.replace(" ", "_"))
            words = [w.strip("<>") for w in head.split() if w not in drop]
            if words and words[0] == first:
                names = words
            continue
        words = [w for w in line.split() if w not in drop]
        if words and len(words) <= len(names) and words[0] != first:
            rows.append(dict(zip(names, words + [""] * (len(names) - len(words)))))
    return rows


def keyed(rows, col):
    """Rows by the value of column COL (the first row of each)."""
    out = {}
    for r in rows:
        out.setdefault(r[col], r)
    return out


def listed_in(problems, rows, what, caches):
    for cache in caches:
        if cache not in rows:
            problems.append(f"{what} does not list {cache}")


def keeps_500(problems, rows, col, what):
    """demo_task and demo_line show the 500 objects the demo keeps."""
    for cache in ("demo_task", "demo_line"):
        if cache in rows and rows[cache][col] != "500":
            problems.append(f"{what} shows {rows[cache][col]} active objects of {cache}, "
                            "the demo keeps 500")


def object_totals(proc):
    """Objects in use and objects, summed over /proc/myslabinfo's rows."""
    return (sum(int(r["active_objs"]) for r in proc.values()),
            sum(int(r["num_objs"]) for r in proc.values()))


def shown(lines, label):
    """The lines the guest printed between show-begin LABEL and show-end."""
    return [l for lab, b in blocks(lines, "show-begin", "show-end") if lab == label for l in b]


def check_myslabinfo(lines):
    """tools/myslabinfo in the demo boot: every view agrees with what the
    demo keeps (500 objects of demo_task and of demo_line), with
    /proc/myslabinfo and with itself."""
    problems = []
    proc = keyed(table(shown(lines, "/proc/myslabinfo"), "name"), "name")
    listed = keyed(table(shown(lines, "myslabinfo"), "Name"), "Name")
    listed_in(problems, listed, "myslabinfo", ("demo_task", "demo_line"))
    keeps_500(problems, listed, "Objects", "myslabinfo")
    if set(listed) != set(proc):
        problems.append(f"myslabinfo lists {sorted(set(listed) ^ set(proc))} unlike /proc/myslabinfo")
    tot = [re.match(r"Objects: (\d+) in use of (\d+)", l) for l in shown(lines, "myslabinfo -T")]
    tot = [m for m in tot if m]
    want = object_totals(proc)
    if not tot or (int(tot[0].group(1)), int(tot[0].group(2))) != want:
        problems.append(f"myslabinfo -T: {tot[0].group(0) if tot else 'no totals'}; "
                        f"/proc/myslabinfo sums to {want[0]} of {want[1]}")
    if not any(l.startswith("Cache demo_task: 500 of ") for l in shown(lines, "myslabinfo -r ^demo_task$")):
        problems.append("myslabinfo -r demo_task does not report 500 objects in use")
    try:
        caches = {c["name"]: c for c in json.loads(
            "\n".join(shown(lines, "myslabinfo -r --json ^demo_")))["caches"]}
    except (ValueError, KeyError) as e:
        return problems + [f"myslabinfo -r --json: not JSON with caches ({e})"]
    for name in ("demo_task", "demo_line"):
        c, p = caches.get(name), proc.get(name)
        if not c or not p:
            problems.append(f"myslabinfo -r --json lacks {name}")
            continue
        slab_bytes = 4096 << c["order"]
        checks = [("objects_active", c["objects_active"], 500),
                  ("objects_total", c["objects_total"], int(p["num_objs"])),
                  ("object_size", c["object_size"], int(p["objsize"])),
                  ("slabs", c["slabs"], int(p["num_slabs"])),
                  ("slabs (per node)", sum(v for k, v in c["per_node_slabs"].items() if k != "total"),
                   c["slabs"]),
                  ("objects_total", c["objects_total"], c["slabs"] * c["objs_per_slab"]),
                  ("space", c["space"], c["slabs"] * slab_bytes),
                  ("used", c["used"], 500 * c["object_size"]),
                  ("waste", c["waste"]["total"], sum(v for k, v in c["waste"].items() if k != "total")),
                  ("partial slabs by fill", sum(sum(n["partial_slabs"]) for n in c["occupancy"]),
                   c["slabs_partial"]),
                  ("CPU partial slabs within CPU slabs", min(c["slabs_cpu_partial"], c["slabs_cpu"]),
                   c["slabs_cpu_partial"])]
        for what, got, exp in checks:
            if got != exp:
                problems.append(f"myslabinfo --json {name}: {what} {got}, expected {exp}")
    task = caches.get("demo_task")
    if task:
        nodes = [re.match(r"Node (\d+): (\d+) slabs: (\d+) cpu, (\d+) full, (\d+) partial, "
                          r"(\d+) empty, (\d+) isolated; (\d+) objects in use", l)
                 for l in shown(lines, "myslabinfo --map demo_task --svg /tmp/demo_task.svg")]
        nodes = [[int(x) for x in m.groups()] for m in nodes if m]
        if not nodes:
            problems.append("myslabinfo --map demo_task drew no node")
        elif sum(n[1] for n in nodes) != task["slabs"] or \
                sum(n[4] + n[5] for n in nodes) != task["slabs_partial"] or \
                not 500 <= sum(n[7] for n in nodes) <= task["objects_total"]:
            problems.append(f"myslabinfo --map demo_task: nodes {nodes} disagree with "
                            f"{task['slabs']} slabs, {task['slabs_partial']} partial, 500 objects")
        try:
            m = json.loads("\n".join(shown(lines, "myslabinfo --map demo_task --json")))
            inuse = sum(x["inuse"] for x in m["slabs"] if x["state"] in ("partial", "empty"))
            if len(m["slabs"]) != task["slabs"] or \
                    inuse != task["per_node_objects_partial"]["total"]:
                problems.append(f"myslabinfo --map --json: {len(m['slabs'])} slabs, {inuse} objects "
                                f"in partial ones; sysfs says {task['slabs']} and "
                                f"{task['per_node_objects_partial']['total']}")
        except (ValueError, KeyError) as e:
            problems.append(f"myslabinfo --map --json: not a map ({e})")
        try:
            svg = ET.fromstring("\n".join(shown(lines, "cat /tmp/demo_task.svg")))
            rects = [r for r in svg.iter("{http://www.w3.org/2000/svg}rect") if r.get("class") == "slab"]
            if len(rects) != task["slabs"]:
                problems.append(f"the SVG map has {len(rects)} slabs, demo_task {task['slabs']}")
        except ET.ParseError as e:
            problems.append(f"the SVG map does not parse: {e}")
    val = shown(lines, "myslabinfo --validate ^demo_")
    if sorted(val) != ["demo_line: 0 problems", "demo_task: 0 problems"]:
        problems.append(f"myslabinfo --validate: {val}")
    try:
        z = json.loads("\n".join(shown(lines, "myslabinfo --json ^demo_task$")))["caches"][0]
        if z["allocs"] or z["frees"] or z["objects_active"] != 500:
            problems.append(f"after myslabinfo --zero: {z['allocs']} allocs, {z['frees']} frees, "
                            f"{z['objects_active']} objects")
    except (ValueError, KeyError, IndexError) as e:
        problems.append(f"myslabinfo --json after --zero: {e}")
    return problems


def check_top(lines):
    """myslabinfo --top saw the client's 32 allocations and frees of
    client_conn over its refreshes, as rates of an interval."""
    top = shown(lines, "cat /tmp/top.txt")
    refreshes = [l for l in top if l.startswith("--- refresh ")]
    rows = [r for r in table(top, "Name") if r["Name"] == "client_conn" and r["Allocs"] != "-"]
    allocs = sum(int(r["Allocs"]) for r in rows)
    frees = sum(int(r["Frees"]) for r in rows)
    rates = [float(r["Allocs/s"]) for r in rows if int(r["Allocs"])]
    if len(refreshes) != 3 or (allocs, frees) != (32, 32) or not rates or min(rates) <= 0:
        return [f"myslabinfo --top: {len(refreshes)} refreshes, client_conn {allocs} allocs and "
                f"{frees} frees at {rates}/s; expected 3, 32, 32 at a rate > 0"]
    return []


STRESS = re.compile(r"MYMEM-STRESS (\w+) (.*)$")
# A verdict the guest printed itself (a module, or /init): "RESULT ok|fail|skip
# NAME [: reason]", after a prefix such as "mymem_demo: ".
VERDICT = re.compile(r"(?:^|[\s:])RESULT (ok|fail|skip) ([\w.-]+)(?: : (.*))?$")


def guest_verdicts(lines):
    """The guest's verdicts by name, as (status, reason). A name printed
    more than once (a module loaded several times; the console and dmesg
    repeat each other) fails if any of its verdicts failed."""
    out = {}
    for line in lines:
        m = VERDICT.search(TS.sub("", line))
        if not m:
            continue
        st, name, why = m.group(1), m.group(2), m.group(3) or ""
        if name not in out or (st == "fail" and out[name][0] != "fail"):
            out[name] = (st, why)
    return out


def check_stress(lines):
    """The endurance run (its own verdict is a verdict line): figures that
    show it did what it says (objects freed on other CPUs, CPUs cycled, failures
    injected and met as NULL, the shrinker called under the memory
    pressure, pages back where they started)."""
    fig = {}
    for l in lines:
        m = STRESS.search(l)
        if m and not l.startswith(MARK) and m.group(1) not in ("thread", "RESULT"):
            fig.setdefault(m.group(1), m.group(2).strip())
    problems = []
    num = {k: int(v) for k, v in fig.items() if re.fullmatch(r"-?\d+", v)}
    for what, ok in (("remote_frees", num.get("remote_frees", 0) > 0),
                     ("cpu_offline_online_cycles", num.get("cpu_offline_online_cycles", 0) > 0),
                     ("injected_failures", num.get("injected_failures", 0) > 0),
                     ("shrinker_runs", num.get("shrinker_runs", 0) > 0),
                     ("stamp_errors", num.get("stamp_errors", 1) == 0),
                     ("pages_end", num.get("pages_end", -1) == num.get("pages_start", -2))):
        if not ok:
            problems.append(f"{what} {fig.get(what, 'missing')}")
    rounds = [l.split()[-1] for l in lines if l.startswith(MARK + "stress-shell-rounds ")]
    if not rounds or not rounds[0].isdigit() or int(rounds[0]) < 1:
        problems.append("the shell read no file meanwhile")
    figures = " ".join(f"{k}={v}" for k, v in fig.items() if k != "result")
    return problems, figures + (f" shell_rounds={rounds[0]}" if rounds else "")


def blocks(lines, begin, end):
    """Yield (label, lines) for every begin/end marker pair."""
    cur, buf = None, []
    for line in lines:
        if line.startswith(MARK + begin):
            cur, buf = line[len(MARK + begin):].strip(), []
        elif line.startswith(MARK + end) and cur is not None:
            yield cur, buf
            cur = None
        elif cur is not None:
            buf.append(line)


TS = re.compile(r"^\[\s*\d+\.\d+\] ?")
KMSG_INSIDE = re.compile(r"(?<=\S)(?=\[\s*\d+\.\d{6}\] )")


def suite_from_kernel_log(lines, suite):
    """The KTAP of one suite as the kernel printed it, as a document of its
    own. 6.1's debugfs log keeps only the last result of a parameterised
    case; the kernel log keeps them all."""
    dm = [TS.sub("", l) for _, b in blocks(lines, "dmesg-begin", "dmesg-end") for l in b]
    end = re.compile(r"^(not )?ok \d+ " + re.escape(suite) + r"$")
    out = None
    for l in dm:
        if l == "    # Subtest: " + suite:
            out = ["KTAP version 1", "1..1", "    KTAP version 1", l]
        elif out is not None:
            if end.match(l):
                out.append(re.sub(r"^((not )?ok) \d+", r"\1 1", l))
                return out
            out.append(l)
    return None


def parse_suite(kunit_py, ktap):
    """Run kunit.py parse over one suite's KTAP; return [(status, case)]."""
    out = subprocess.run([sys.executable, kunit_py, "parse"],
                         input="\n".join(ktap) + "\n", capture_output=True, text=True)
    # kunit.py prints "[STATUS] case"; a parameterised case opens with
    # "=== case ===", lists "[STATUS] param" and closes "=== [STATUS] case ===".
    res, group = [], None
    for line in out.stdout.splitlines():
        line = re.sub(r"\x1b\[[0-9;]*m", "", line)
        line = re.sub(r"^\[[0-9:]+\] ", "", line)
        close = re.match(r"^=+ \[(PASSED|FAILED|SKIPPED|CRASHED)\] (.+?) =+$", line)
        opened = re.match(r"^=+ (\S+)\s+=+$", line)
        case = re.match(r"^\[(PASSED|FAILED|SKIPPED|CRASHED)\] (.+)$", line)
        if close:
            if close.group(2) == group and not any(c.startswith(group + "/") for _, c in res):
                res.append((close.group(1), group))
            group = None
        elif opened:
            group = opened.group(1)
        elif case:
            res.append((case.group(1), f"{group}/{case.group(2)}" if group else case.group(2)))
    summary = re.search(r"Ran (\d+) tests?", out.stdout)
    errors = [re.sub(r"\x1b\[[0-9;]*m", "", l) for l in out.stdout.splitlines() if "[ERROR]" in l]
    return res, (int(summary.group(1)) if summary else None), errors


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("log")
    ap.add_argument("--name", required=True)
    ap.add_argument("--kunit-py")
    ap.add_argument("--suite", action="append", default=[])
    ap.add_argument("--allow-report", action="store_true")
    ap.add_argument("--demo", action="store_true", help="check the demo workload")
    ap.add_argument("--stress", action="store_true", help="check the endurance run")
    ap.add_argument("--allow-leak", action="store_true",
                    help="mymem's reports of leaked caches and pages at unload are expected")
    ap.add_argument("--expect", action="append", default=[],
                    metavar="NAME=REGEX",
                    help="a kernel message the boot must print: one result NAME each")
    ap.add_argument("--verdict", action="append", default=[], metavar="NAME",
                    help="a verdict the guest must print (RESULT ok|fail NAME)")
    ap.add_argument("--installed", metavar="VERSION",
                    help="mymem was loaded by modprobe from the installed tree: check that "
                         "modinfo saw VERSION and the SDK-built client ran")
    a = ap.parse_args()

    with open(a.log, errors="replace") as f:
        # A kernel message can land inside a line the guest was writing to
        # the console ("RESULT ok x[    3.96] mymem: ..."): split it off.
        lines = [part for l in f for part in KMSG_INSIDE.split(l.rstrip("\r\n"))]
    problems = []

    seen = set()
    if a.kunit_py:
        for suite, ktap in blocks(lines, "ktap-begin", "ktap-end"):
            seen.add(suite)
            # The verdict of the suite from debugfs; its cases from the
            # kernel log where it is there whole, else from debugfs.
            verdict = [l for l in ktap if re.match(r"^(not )?ok 1 " + re.escape(suite) + "$", l)]
            full = suite_from_kernel_log(lines, suite)
            res, ran, errors = parse_suite(a.kunit_py, full or ktap)
            # kunit.py names the suite itself too: keep only its cases.
            cases = [(st, c) for st, c in res if c != suite]
            if ran is None or not cases:
                problems.append(f"suite {suite}: KTAP did not parse")
                continue
            for e in errors[:5]:
                problems.append(f"suite {suite}: kunit.py: {e.strip()}")
            suite_ok = all(st in ("PASSED", "SKIPPED") for st, _ in cases)
            if not verdict or verdict[0].startswith("not ok") == suite_ok:
                problems.append(f"suite {suite}: debugfs verdict {verdict[:1]} disagrees with its cases")
            for st, case in cases:
                name = f"{a.name}/{suite}.{case}"
                if st == "PASSED":
                    print(f"RESULT ok {name}")
                elif st == "SKIPPED":
                    print(f"RESULT skip {name}")
                else:
                    print(f"RESULT fail {name} : {st.lower()}")
        for s in a.suite:
            if s not in seen:
                problems.append(f"suite {s} did not run")

    for line in lines:
        if line.startswith(MARK + "FAIL"):
            problems.append(line[len(MARK):])
    summary_expected = False
    not_ours, races = kernel_races(lines)
    for race in dict.fromkeys(races):
        print(f"RESULT skip {a.name}/kernel-race-{race.split('+')[0]} : KCSAN: the kernel's own"
              f" data race in {race} (a known one, no mymem in the report)")
    for i, line in enumerate(lines):
        if line.startswith(MARK) or i in not_ours:
            continue
        if KMEMLEAK_EXPECTED.search(line):
            summary_expected = True
        elif summary_expected and KMEMLEAK_SUMMARY.search(line):
            summary_expected = False
            continue
        for rx, what in BAD:
            if rx.search(line):
                if a.allow_report and EXPECTED_REPORT.search(line):
                    break
                if a.allow_leak and what == "mymem leak":
                    break
                problems.append(f"{what}: {line.strip()[:160]}")
                break

    taint = [l for l in lines if l.startswith(MARK + "tainted ")]
    if taint:
        t = int(taint[-1].split()[-1])
        ok = TAINT_OK | (TAINT_TEST if a.kunit_py else 0) | (TAINT_BAD_PAGE if a.allow_report else 0)
        if t & ~ok:
            problems.append(f"unexpected taint {t:#x} ({t & ~ok:#x} not allowed)")
    if not any(l.startswith(MARK + "done") for l in lines):
        problems.append("the boot did not finish (crash, hang or timeout)")

    # The guest's own verdicts; those the boot's kind must print.
    need = set(a.verdict)
    if a.demo:
        need |= {"demo-constructed", "demo-unload"}
    if a.installed:
        need |= {"client", "client-unload"}
    if a.stress:
        need.add("stress")
    verdicts = guest_verdicts(lines)
    for name in sorted(set(verdicts) | need):
        st, why = verdicts.get(name, ("fail", "the guest printed no verdict"))
        if name in need and st == "skip":
            st, why = "fail", f"skipped a verdict this boot must give ({why or 'no reason'})"
        print(f"RESULT {st} {a.name}/{name}" + (f" : {why}" if why else ""))

    for e in a.expect:
        what, rx = e.split("=", 1)
        if any(re.search(rx, l) for l in lines):
            print(f"RESULT ok {a.name}/{what}")
        else:
            print(f"RESULT fail {a.name}/{what} : no line matches '{rx}'")

    if a.installed:
        bad = checked(check_installed, lines, a.installed)
        if bad:
            print(f"RESULT fail {a.name}/installed-module : " + "; ".join(bad))
        else:
            print(f"RESULT ok {a.name}/installed-module")

    if a.stress:
        bad, figures = check_stress(lines)
        if bad:
            print(f"RESULT fail {a.name}/run : " + "; ".join(bad))
        else:
            print(f"RESULT ok {a.name}/run")
        print(f"    figures: {figures}")

    if a.demo:
        bad = checked(check_myslabinfo, lines) + (checked(check_top, lines) if a.installed else [])
        if bad:
            print(f"RESULT fail {a.name}/myslabinfo : " + "; ".join(bad))
        else:
            print(f"RESULT ok {a.name}/myslabinfo")
        bad = checked(check_demo, lines)
        no_top = slabtop_skipped(lines)
        if no_top:
            print(f"RESULT skip {a.name}/demo-slabtop : {no_top}")
        if bad:
            print(f"RESULT fail {a.name}/demo-workload : " + "; ".join(bad))
        else:
            print(f"RESULT ok {a.name}/demo-workload")

    # De-duplicate: the console and the final dmesg repeat each other.
    uniq = list(dict.fromkeys(problems))
    if uniq:
        print(f"RESULT fail {a.name}/boot : {len(uniq)} problem(s)")
        for p in uniq[:20]:
            print(f"    {p}")
    else:
        print(f"RESULT ok {a.name}/boot")
    return 0


if __name__ == "__main__":
    sys.exit(main())
