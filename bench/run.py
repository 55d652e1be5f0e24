#!/usr/bin/python3
"""Sense-VM benchmark suite (issue 8): prints figures, asserts nothing about time.

    /usr/bin/python3 bench/run.py [--runs N] [--only fib,tak] [--impl c,svm]
                                  [--no-callgrind] [--jobs N] [--no-build]

The four workloads, each written four times and computing the same thing:

  fib   naive fib 30
  tak   tak 18 12 6, repeated 500 times
  loop  a tail-recursive sum of 1..10^7 (wrapping int32)
  list  50 rounds of: build [1..100000] tail-recursively, reverse-map it
        with the closure \\x -> x*2+1, fold-sum it with \\a b -> a+b

  svm     bench/cam/NAME.cam, compiled by compiler/ (toolchain/camc.py) and
          run on the threaded VM (bench/configs/threaded_defconfig)
  c       bench/c/NAME.c, gcc -O2 (list: a static cell pool with a free list)
  lua     bench/lua/NAME.lua, lua5.4
  ocaml   bench/ocaml/NAME.ml, ocamlc bytecode run by ocamlrun
  svm-switch  (not by default) the same images on the switch-dispatch VM

Every program runs at its size and at size 0 (fib 0, no tak, loop 0, no
round; C, Lua and OCaml take the size as their argument, a .cam program
has its `size = N` line rewritten): the size-0 run is the implementation's
start-up (process, runtime, loading, heap initialisation), and every
figure is net of it.  Outputs are checked against the expected results.

  instructions  callgrind's Collected count, size N minus size 0
  median s      the median wall time of --runs runs, size N minus size 0

Prints a markdown table with the ratios to C.  Builds under build-bench/
(programs) and build-bench-threaded/, build-bench-switch/ (the VMs).
Exit status: 0, or 1 when a result is wrong or a tool fails.
"""

import argparse
import concurrent.futures
import datetime
import os
import platform
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
WHAT = {
    "fib": "fib 30",
    "tak": "tak 18 12 6 x 500",
    "loop": "sum 1..10^7",
    "list": "list x 50",
}
EXPECTED = {"fib": "832040", "tak": "7", "loop": "-2004260032", "list": "1793793664"}
EXPECTED0 = "0"  # every workload prints 0 at size 0
IMPLS = ["c", "svm", "lua", "ocaml", "svm-switch"]
DEFAULT_IMPLS = ["c", "svm", "lua", "ocaml"]
VARIANTS = {"svm": "threaded", "svm-switch": "switch"}
SIZES = ("N", "0")

RUN_TIMEOUT = 1800  # seconds, one run


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

# The tools each implementation needs, with the Debian package holding them
# (`./svm bench` installs them).
TOOLS = {
    "c": [("gcc", "gcc")],
    "svm": [("cmake", "cmake"), ("gcc", "gcc")],
    "svm-switch": [("cmake", "cmake"), ("gcc", "gcc")],
    "lua": [("lua5.4", "lua5.4")],
    "ocaml": [("ocamlc", "ocaml-nox"), ("ocamlrun", "ocaml-nox")],
}


def missing_tools(impls, callgrind):
    """The (tool, package) pairs these implementations need and PATH lacks."""
    need = [t for i in impls for t in TOOLS[i]] + ([("valgrind", "valgrind")] if callgrind else [])
    missing = []
    for tool, pkg in need:
        if shutil.which(tool) is None and (tool, pkg) not in missing:
            missing.append((tool, pkg))
    return missing



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


SIZE_LINE = re.compile(r"^size = \d+$", re.M)


def cam_source(name, size):
    """The .cam program of `name`, its size line rewritten for size 0."""
    with open(os.path.join(BENCH, "cam", f"{name}.cam")) as f:
        text = f.read()
    if not SIZE_LINE.search(text):
        raise RuntimeError(f"bench/cam/{name}.cam has no `size = N` line")
    if size == "0":
        text = SIZE_LINE.sub("size = 0", text)
    return text


def build_programs(names, impls, rebuild_vm):
    """Build what the selected implementations need.  Returns
    {(impl, name, size): argv}, size "N" (the benchmark's) or "0"."""
    for sub in ("c", "ocaml", "svm"):
        os.makedirs(os.path.join(OUT, sub), exist_ok=True)
    argv = {}
    vms = {}
    for impl in impls:
        if impl in VARIANTS:
            variant = VARIANTS[impl]
            exe = os.path.join(ROOT, f"build-bench-{variant}", "svm-run")
            if rebuild_vm or not os.access(exe, os.X_OK):
                log(f"building the {variant} VM ...")
                exe = build_vm(variant)
            vms[impl] = exe
    for name in names:
        if vms:
            for size in SIZES:
                base = os.path.join(OUT, "svm", f"{name}-{size}")
                with open(base + ".cam", "w") as f:
                    f.write(cam_source(name, size))
                sh([PY, os.path.join(ROOT, "toolchain", "camc.py"), base + ".cam", "-o", base + ".svmb"])
                for impl, exe in vms.items():
                    argv[(impl, name, size)] = [exe, base + ".svmb"]
        if "c" in impls:
            exe = os.path.join(OUT, "c", name)
            sh(["gcc", "-O2", "-o", exe, os.path.join(BENCH, "c", f"{name}.c")])
            argv[("c", name, "N")] = [exe]
            argv[("c", name, "0")] = [exe, "0"]
        if "ocaml" in impls:
            d = os.path.join(OUT, "ocaml")
            shutil.copyfile(os.path.join(BENCH, "ocaml", f"{name}.ml"), os.path.join(d, f"{name}.ml"))
            sh(["ocamlc", "-o", f"{name}.byte", f"{name}.ml"], cwd=d)
            byte = os.path.join(d, f"{name}.byte")
            argv[("ocaml", name, "N")] = ["ocamlrun", byte]
            argv[("ocaml", name, "0")] = ["ocamlrun", byte, "0"]
        if "lua" in impls:
            src = os.path.join(BENCH, "lua", f"{name}.lua")
            argv[("lua", name, "N")] = ["lua5.4", src]
            argv[("lua", name, "0")] = ["lua5.4", src, "0"]
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


def fmt_int(x):
    return "-" if x is None else f"{x:,}"


def fmt_ratio(x):
    if x is None:
        return "-"
    return f"{x:.1f}" if x < 100 else f"{x:.0f}"


def fmt_s(x):
    return "-" if x is None else f"{x:.4f}"


def ratio(x, c):
    if x is None or c is None or c <= 0:
        return None
    return x / c


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5, help="timed runs per program (median; default 5)")
    ap.add_argument("--only", default="", help="comma-separated benchmarks (default: %s)" % ",".join(BENCHMARKS))
    ap.add_argument(
        "--impl", default="", help="comma-separated implementations (default: %s; also svm-switch)" % ",".join(DEFAULT_IMPLS)
    )
    ap.add_argument("--no-callgrind", action="store_true", help="wall time only")
    ap.add_argument("--no-wall", action="store_true", help="instruction counts only")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2, help="parallel callgrind runs (default: cores)")
    ap.add_argument("--no-build", action="store_true", help="reuse the VMs built in build-bench-* (still compiles the programs)")
    args = ap.parse_args()

    names = [n for n in args.only.split(",") if n] or BENCHMARKS
    impls = [i for i in args.impl.split(",") if i] or DEFAULT_IMPLS
    for n in names:
        if n not in BENCHMARKS:
            ap.error(f"unknown benchmark {n!r} (known: {', '.join(BENCHMARKS)})")
    for i in impls:
        if i not in IMPLS:
            ap.error(f"unknown implementation {i!r} (known: {', '.join(IMPLS)})")
    if args.runs < 1:
        ap.error("--runs must be at least 1")
    impls = [i for i in IMPLS if i in impls]  # table order
    missing = missing_tools(impls, not args.no_callgrind)
    if missing:
        log(
            "bench/run.py: not installed: "
            + ", ".join(f"{tool} (Debian package {pkg})" for tool, pkg in missing)
            + ".\n  ./svm bench installs them and runs this; or leave out what needs them"
            + " (--impl c,svm; --no-callgrind)."
        )
        return 1

    start = time.perf_counter()
    failed = False
    argv = build_programs(names, impls, not args.no_build)
    jobs_all = [(impl, name, size) for name in names for impl in impls for size in SIZES]

    # 1. results: one run of each, checked
    bad = set()
    for name in names:
        outs = {}
        for impl in impls:
            for size in SIZES:
                j = (impl, name, size)
                want = EXPECTED[name] if size == "N" else EXPECTED0
                try:
                    p, _ = run_once(argv[j])
                except subprocess.TimeoutExpired:
                    loud(f"{name}/{impl}/size {size}: timed out")
                    bad.add((impl, name))
                    continue
                out = p.stdout.strip()
                if size == "N":
                    outs[impl] = out
                if p.returncode != 0:
                    loud(f"{name}/{impl}/size {size}: exit status {p.returncode}: {p.stderr.strip()[-500:]}")
                    bad.add((impl, name))
                elif out != want:
                    loud(f"MISMATCH {name}/{impl}/size {size}: printed {out!r}, expected {want!r}")
                    bad.add((impl, name))
        summary = ", ".join(f"{i}={o!r}" for i, o in outs.items())
        log(f"{name}: {summary}" + ("" if not any((i, name) in bad for i in impls) else "   <-- WRONG"))
    failed |= bool(bad)
    jobs = [j for j in jobs_all if (j[0], j[1]) not in bad]

    # 2. instruction counts (callgrind, in parallel: counts do not depend on load)
    instr = {}
    if not args.no_callgrind:
        log(f"callgrind: {len(jobs)} runs, {args.jobs} at a time ...")
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as ex:
            futs = {ex.submit(callgrind, argv[j]): j for j in jobs}
            for fut in concurrent.futures.as_completed(futs):
                impl, name, size = j = futs[fut]
                try:
                    n, out = fut.result()
                    instr[j] = n
                    want = EXPECTED[name] if size == "N" else EXPECTED0
                    if out != want:
                        loud(f"MISMATCH under callgrind {name}/{impl}/size {size}: printed {out!r}")
                        failed = True
                    log(f"  {name:6} {impl:10} size {size}  {n:>16,}")
                except Exception as e:  # noqa: BLE001 - report and go on
                    loud(f"{name}/{impl}: {e}")
                    failed = True

    # 3. wall time: one program at a time, round-robin (run r of every
    # program, then run r+1) so that a change in the machine's load falls
    # on all of them alike.
    times = {}
    if not args.no_wall:
        broken = set()
        log(f"timing: median of {args.runs} runs each ...")
        for _ in range(args.runs):
            for j in jobs:
                if j in broken:
                    continue
                p, dt = run_once(argv[j])
                if p.returncode != 0:
                    loud(f"{j[1]}/{j[0]}/size {j[2]}: exit status {p.returncode} while timing")
                    failed = True
                    broken.add(j)
                    continue
                times.setdefault(j, []).append(dt)
        times = {j: statistics.median(ts) for j, ts in times.items() if j not in broken}

    # 4. the table
    def net(d, impl, name):
        x, s = d.get((impl, name, "N")), d.get((impl, name, "0"))
        if x is None or s is None:
            return None
        return x - s

    lines = [
        "| benchmark | implementation | instructions (net) | x C | start-up instructions | median s (net) | x C |",
        "|---|---|--:|--:|--:|--:|--:|",
    ]
    for name in names:
        ci, cs = net(instr, "c", name), net(times, "c", name)
        for impl in impls:
            if (impl, name) in bad:
                lines.append(f"| {WHAT[name]} | {impl} | WRONG RESULT | | | | |")
                continue
            i, s = net(instr, impl, name), net(times, impl, name)
            lines.append(
                f"| {WHAT[name]} | {impl} | {fmt_int(i)} | {fmt_ratio(ratio(i, ci))} | {fmt_int(instr.get((impl, name, '0')))}"
                f" | {fmt_s(s)} | {fmt_ratio(ratio(s, cs))} |"
            )
    print("\n".join(lines))
    cpu = ""
    try:
        with open("/proc/cpuinfo") as f:
            m = re.search(r"model name\s*:\s*(.*)", f.read())
            cpu = m.group(1).strip() if m else ""
    except OSError:
        pass
    print(
        f"\n{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, {platform.machine()} {cpu}, "
        f"{os.cpu_count()} cores.  instructions: valgrind --tool=callgrind, size N minus size 0 "
        f"(start-up: the size-0 run); median s: wall time, median of {args.runs} runs, minus the size-0 median; "
        f"x C: ratio to gcc -O2."
    )
    log(f"bench/run.py took {time.perf_counter() - start:.0f} s")
    if failed:
        loud("some results were wrong or some runs failed: see above")
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except RuntimeError as e:
        loud(str(e))
        sys.exit(1)
