#!/usr/bin/python3
"""Sense-VM benchmark suite: prints figures, asserts nothing about time.

    /usr/bin/python3 bench/run.py [--runs N] [--only fib,tak] [--impl c,vm-threaded]
                                  [--no-callgrind] [--jobs N] [--no-build]

Builds the two VM variants (switch and threaded dispatch, bench/configs/),
assembles bench/*.s, compiles bench/c/*.c (gcc -O2) and bench/ocaml/*.ml
(ocamlc, run with ocamlrun), runs bench/lua/*.lua with lua5.4, checks that
every implementation prints the expected result, then measures for each
benchmark and implementation:

  instructions  callgrind's "Collected" count (the whole process: start-up,
                loading, the run and exit)
  median s      the median wall time of --runs runs

and prints them with their ratios to C.  The instruction count net of each
implementation's start-up (an empty program of its kind, the "(startup)"
rows) follows: tak runs for about a millisecond in C, so its gross ratios
are mostly start-up.  (Wall times are not netted: at a few milliseconds
they are within the noise of the machine's load.)

Everything is built under build-bench/ (programs) and build-bench-switch/,
build-bench-threaded/ (the VMs).  Exit status: 0, or 1 when a result is
wrong or a tool fails (the table is still printed for the rest).
"""

import argparse
import concurrent.futures
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "bench")
OUT = os.path.join(ROOT, "build-bench")
PY = "/usr/bin/python3"

BENCHMARKS = ["fib", "tak", "loop", "list"]
EXPECTED = {
    "fib": "832040",
    "tak": "7",
    "loop": "-2004260032",
    "list": "1793793664",
}
IMPLS = ["c", "vm-switch", "vm-threaded", "cam-threaded", "lua", "ocaml"]
VARIANTS = {"vm-switch": "switch", "vm-threaded": "threaded", "cam-threaded": "threaded"}
# cam-threaded: bench/cam/NAME.cam (the language, compiled by compiler/) on
# the threaded VM.  Its workloads are issue 8's: tak is tak 18 12 6
# repeated 500 times, and list reverse-maps and fold-sums tail-recursively;
# the other implementations still run one tak and a non-tail map and sum.
STARTUP = "(startup)"  # the empty program of each implementation

EMPTY = {
    "c": "int main(void) { return 0; }\n",
    "lua": "",
    "ocaml": "let () = ()\n",
    "vm": "main:\n    stop\n",
}

RUN_TIMEOUT = 1800  # seconds, one run (callgrind of Lua's list is the longest)


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def loud(msg):
    bar = "!" * 72
    log(f"{bar}\n!! {msg}\n{bar}")


def sh(cmd, cwd=ROOT, **kw):
    """Run a build step; raise with its output when it fails."""
    p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({p.returncode}):\n{p.stdout}")
    return p.stdout


# ---------------------------------------------------------------- building


def build_vm(variant):
    """Build one VM variant; return the path of its svm-run."""
    config = os.path.join(BENCH, "configs", f"{variant}_defconfig")
    bdir = os.path.join(ROOT, f"build-bench-{variant}")
    # A build directory keeps its .config once made (menuconfig edits
    # survive reconfiguring): when the defconfig has changed since, start
    # the .config again from it.
    dot_config = os.path.join(bdir, ".config")
    if os.path.exists(dot_config):
        with open(config) as f:
            wanted = {l.strip() for l in f if l.startswith("CONFIG_")}
        with open(dot_config) as f:
            have = {l.strip() for l in f}
        if not wanted <= have:
            log(f"  {os.path.relpath(config, ROOT)} changed: regenerating {os.path.relpath(dot_config, ROOT)}")
            os.remove(dot_config)
    front = os.path.join(ROOT, "svm")
    if os.access(front, os.X_OK):
        sh([front, "build", "--config", config, "--build-dir", bdir])
    else:
        sh(["cmake", "-S", ROOT, "-B", bdir, f"-DSVM_CONFIG={config}"])
        sh(["cmake", "--build", bdir, "-j", str(os.cpu_count() or 2)])
    exe = os.path.join(bdir, "svm-run")
    if not os.access(exe, os.X_OK):
        for d, _, files in os.walk(bdir):
            if "svm-run" in files:
                exe = os.path.join(d, "svm-run")
                break
        else:
            raise RuntimeError(f"no svm-run under {bdir}")
    return exe


def build_programs(names, impls, rebuild_vm):
    """Build what the selected implementations need.  Returns
    {(impl, name): argv} where name is a benchmark or STARTUP."""
    os.makedirs(OUT, exist_ok=True)
    for sub in ("c", "ocaml", "vm", "lua"):
        os.makedirs(os.path.join(OUT, sub), exist_ok=True)
    # the empty programs, for start-up costs
    for kind, ext, sub in (("c", "c", "c"), ("lua", "lua", "lua"), ("ocaml", "ml", "ocaml"), ("vm", "s", "vm")):
        with open(os.path.join(OUT, sub, f"empty.{ext}"), "w") as f:
            f.write(EMPTY[kind])

    argv = {}
    progs = names + [STARTUP]

    def src(name, sub, ext):
        if name == STARTUP:
            return os.path.join(OUT, sub, f"empty.{ext}")
        return os.path.join(BENCH, sub, f"{name}.{ext}") if sub else os.path.join(BENCH, f"{name}.{ext}")

    def base(name):
        return "empty" if name == STARTUP else name

    vms = {}
    for impl in impls:
        if impl in VARIANTS:
            variant = VARIANTS[impl]
            exe = os.path.join(ROOT, f"build-bench-{variant}", "svm-run")
            if rebuild_vm or not os.access(exe, os.X_OK):
                log(f"building the {variant} VM ...")
                exe = build_vm(variant)
            vms[impl] = exe
    if vms:
        for name in progs:
            s = src(name, None, "s") if name != STARTUP else src(name, "vm", "s")
            image = os.path.join(OUT, "vm", f"{base(name)}.svmb")
            sh([PY, os.path.join(ROOT, "toolchain", "assembler.py"), s, "-o", image])
            cam_image = image
            if name != STARTUP:
                cam_image = os.path.join(OUT, "vm", f"{base(name)}-cam.svmb")
                sh([PY, os.path.join(ROOT, "toolchain", "camc.py"), os.path.join(BENCH, "cam", f"{name}.cam"),
                    "-o", cam_image])
            for impl, exe in vms.items():
                argv[(impl, name)] = [exe, cam_image if impl.startswith("cam-") else image]
    if "c" in impls:
        for name in progs:
            exe = os.path.join(OUT, "c", base(name))
            sh(["gcc", "-O2", "-o", exe, src(name, "c", "c")])
            argv[("c", name)] = [exe]
    if "ocaml" in impls:
        for name in progs:
            d = os.path.join(OUT, "ocaml")
            ml = os.path.join(d, f"{base(name)}.ml")
            if name != STARTUP:
                shutil.copyfile(src(name, "ocaml", "ml"), ml)
            sh(["ocamlc", "-o", f"{base(name)}.byte", f"{base(name)}.ml"], cwd=d)
            argv[("ocaml", name)] = ["ocamlrun", os.path.join(d, f"{base(name)}.byte")]
    if "lua" in impls:
        for name in progs:
            argv[("lua", name)] = ["lua5.4", src(name, "lua", "lua")]
    return argv


# ---------------------------------------------------------------- measuring


def run_once(cmd):
    t0 = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=RUN_TIMEOUT)
    dt = time.perf_counter() - t0
    return p, dt


def callgrind(cmd):
    p = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"] + cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        timeout=RUN_TIMEOUT * 10,
    )
    m = re.search(r"Collected\s*:\s*(\d+)", p.stderr)
    if p.returncode != 0 or not m:
        raise RuntimeError(f"callgrind of {' '.join(cmd)} failed ({p.returncode}):\n{p.stderr[-2000:]}")
    return int(m.group(1)), p.stdout.strip()


def ratio(x, c):
    if x is None or c is None or c <= 0:
        return None
    return x / c


def fmt_int(x):
    return "-" if x is None else f"{x:,}"


def fmt_ratio(x):
    if x is None:
        return "-"
    return f"{x:.1f}" if x < 100 else f"{x:.0f}"


def fmt_s(x):
    return "-" if x is None else f"{x:.4f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=3, help="timed runs per program (median; default 3)")
    ap.add_argument("--only", default="", help="comma-separated benchmarks (default: %s)" % ",".join(BENCHMARKS))
    ap.add_argument("--impl", default="", help="comma-separated implementations (default: %s)" % ",".join(IMPLS))
    ap.add_argument("--no-callgrind", action="store_true", help="wall time only")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2, help="parallel callgrind runs (default: cores)")
    ap.add_argument("--no-build", action="store_true", help="reuse the VMs built in build-bench-* (still assembles and compiles)")
    args = ap.parse_args()

    names = [n for n in args.only.split(",") if n] or BENCHMARKS
    impls = [i for i in args.impl.split(",") if i] or IMPLS
    for n in names:
        if n not in BENCHMARKS:
            ap.error(f"unknown benchmark {n!r} (known: {', '.join(BENCHMARKS)})")
    for i in impls:
        if i not in IMPLS:
            ap.error(f"unknown implementation {i!r} (known: {', '.join(IMPLS)})")
    if args.runs < 1:
        ap.error("--runs must be at least 1")
    impls = [i for i in IMPLS if i in impls]  # table order

    start = time.perf_counter()
    failed = False
    argv = build_programs(names, impls, not args.no_build)
    progs = names + [STARTUP]

    # 1. results: one run of each, checked against the expected output
    bad = set()
    for name in names:
        outs = {}
        for impl in impls:
            try:
                p, _ = run_once(argv[(impl, name)])
            except subprocess.TimeoutExpired:
                loud(f"{name}/{impl}: timed out")
                bad.add((impl, name))
                continue
            out = p.stdout.strip()
            outs[impl] = out
            if p.returncode != 0:
                loud(f"{name}/{impl}: exit status {p.returncode}: {p.stderr.strip()[-500:]}")
                bad.add((impl, name))
            elif out != EXPECTED[name]:
                loud(f"MISMATCH {name}/{impl}: printed {out!r}, expected {EXPECTED[name]!r}")
                bad.add((impl, name))
        summary = ", ".join(f"{i}={o!r}" for i, o in outs.items())
        log(f"{name}: {summary}" + ("" if not any((i, name) in bad for i in impls) else "   <-- WRONG"))
    failed |= bool(bad)

    # 2. instruction counts (callgrind, in parallel: counts do not depend on load)
    instr = {}
    if not args.no_callgrind:
        jobs = [(impl, name) for name in progs for impl in impls if (impl, name) not in bad]
        log(f"callgrind: {len(jobs)} runs, {args.jobs} at a time (the slowest, Lua's list, takes minutes) ...")
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as ex:
            futs = {ex.submit(callgrind, argv[j]): j for j in jobs}
            for fut in concurrent.futures.as_completed(futs):
                impl, name = futs[fut]
                try:
                    n, out = fut.result()
                    instr[(impl, name)] = n
                    if name != STARTUP and out != EXPECTED[name]:
                        loud(f"MISMATCH under callgrind {name}/{impl}: printed {out!r}")
                        failed = True
                    log(f"  {name:10} {impl:12} {n:>16,}")
                except Exception as e:  # noqa: BLE001 - report and go on
                    loud(f"{name}/{impl}: {e}")
                    failed = True

    # 3. wall time: one program at a time, nothing else of ours running;
    # round-robin (run r of every program, then run r+1) so that a change
    # in the machine's load falls on all programs alike.
    times = {}
    broken = set()
    timed = [(impl, name) for name in progs for impl in impls if (impl, name) not in bad]
    log(f"timing: median of {args.runs} runs each ...")
    for _ in range(args.runs):
        for j in timed:
            if j in broken:
                continue
            p, dt = run_once(argv[j])
            if p.returncode != 0:
                loud(f"{j[1]}/{j[0]}: exit status {p.returncode} while timing")
                failed = True
                broken.add(j)
                continue
            times.setdefault(j, []).append(dt)
    secs = {j: statistics.median(ts) for j, ts in times.items() if j not in broken}

    # 4. the table
    def net(d, impl, name):
        x, s = d.get((impl, name)), d.get((impl, STARTUP))
        if x is None or s is None or x <= s:
            return None
        return x - s

    head = (
        f"{'benchmark':10} {'implementation':14} {'instructions':>16} {'x C':>6} {'median s':>9} {'x C':>6}"
        f"   {'net instructions':>16} {'x C':>6}"
    )
    lines = [head, "-" * len(head)]
    for name in progs:
        for impl in impls:
            i, s = instr.get((impl, name)), secs.get((impl, name))
            ci, cs = instr.get(("c", name)), secs.get(("c", name))
            ni = nci = None
            if name != STARTUP:
                ni, nci = net(instr, impl, name), net(instr, "c", name)
            if (impl, name) in bad:
                lines.append(f"{name:10} {impl:14} {'WRONG RESULT':>16}   (see above)")
                continue
            lines.append(
                f"{name:10} {impl:14} {fmt_int(i):>16} {fmt_ratio(ratio(i, ci)):>6} {fmt_s(s):>9} {fmt_ratio(ratio(s, cs)):>6}"
                f"   {fmt_int(ni):>16} {fmt_ratio(ratio(ni, nci)):>6}"
            )
        lines.append("")
    print("\n".join(lines).rstrip())
    print(
        f"\nx C: ratio to the C version (gcc -O2) of the same benchmark.\n"
        f"instructions: valgrind --tool=callgrind, the whole process; net: minus the "
        f"implementation's {STARTUP} row (an empty program).\n"
        f"median s: wall time, median of {args.runs} run(s), start-up included."
    )
    print(f"bench/run.py took {time.perf_counter() - start:.0f} s")
    if failed:
        loud("some results were wrong or some runs failed: see above")
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except RuntimeError as e:
        loud(str(e))
        sys.exit(1)
