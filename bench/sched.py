#!/usr/bin/python3
"""Scheduling costs in machine instructions (callgrind): prints figures,
asserts nothing.

    /usr/bin/python3 bench/sched.py [--no-build]

Builds three small products under build-bench/sched/ and runs each under
callgrind on the virtual clock (so every run schedules the same way):

  switch     a high-criticality task waking every 10 us beside a
             never-yielding low one: every wake-up is a preemption and a
             switch back.  The cost of a container switch (the
             scheduler's decision and a slice's entry and exit) is the
             run's machine instructions, less those of the VM
             instructions it executed (priced by a run of the same
             programs without switches), per switch.
  gc-live    the adversary of issue 5: a low container collecting a
             64k-cell heap that holds a 60,000-cell live list (marking).
  gc-garbage the same heap full of garbage (sweeping).

For the collectors, a slice of collection is one call of svm_gc_step
(CONFIG_SVM_GC_SLICE steps): its average cost in machine instructions,
and the largest slice as bounded by the worst step (the slice when every
step is the dearest kind).  The worst-case preemption latency a higher
container sees is the dearest thing a lower one can be doing when it
wakes, plus a switch: one collector slice, or the longest straight run
the loader accepts (CONFIG_SVM_MAX_STRAIGHT_RUN instructions) at the
dearest instruction's cost.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "build-bench", "sched")
sys.path.insert(0, os.path.join(ROOT, "toolchain"))

HIGH = """
main:
    loadi 10
    sleep
    goto main
"""
SPIN = "main:\n    goto main\n"
LIVE = """
main:
    loadi 60000
    call mklist
    push
again:
    loadi 1000
    call mklist
    goto again
mklist:
    push
    clear
    swap
build:
    swap
    push
    peek 1
    swap
    cons
    swap
    addi -1
    jgti 0 build
    pop
    return
"""
GARBAGE = LIVE.replace("loadi 60000", "loadi 10")
IDLE = "main:\n    loadi 1000\n    sleep\n    goto main\n"

# N round trips between two contexts over one channel (issue 6): main
# sends n, the echo context replies n + 1.
ROUND_TRIPS = """
main:
    channel
    push
    cur echo
    spawn
    pop
    push
    loadi 0
    jgei N done
loop:
    push
    peek 1
    push
    peek 1
    sendevt
    sync
    peek 1
    recvevt
    sync
    swap
    pop
    jlti N loop
done:
    print
    stop
echo:
    fst
    push
again:
    peek 0
    recvevt
    sync
    inc
    push
    peek 1
    swap
    sendevt
    sync
    goto again
"""
ROUND_TRIPS_N = 100000

# N round trips between two containers of equal criticality through two
# queuing ports: ping sends n on PING, pong replies n + 1 on PONG.
BIND2 = """
    channel
    push
    push
    loadi @PING
    bind
    channel
    push
    push
    loadi @PONG
    bind
"""
PING = "main:" + BIND2 + """
    loadi 0
    jgei N done
loop:
    push
    peek 2
    push
    peek 1
    sendevt
    sync
    peek 1
    recvevt
    sync
    swap
    pop
    jlti N loop
done:
    print
    stop
"""
PONG = "main:" + BIND2 + """
again:
    peek 1
    recvevt
    sync
    inc
    push
    peek 1
    swap
    sendevt
    sync
    goto again
"""
PORTS = {
    "ports-rt": ["PING ping pong", "PONG pong ping"],
    "ports-rt-0": ["PING ping pong", "PONG pong ping"],
}

PRODUCTS = {
    # name: [(container, criticality, program, heap cells)]
    "spin-alone": [("low", 0, SPIN, 256)],
    "switch": [("high", 7, HIGH, 256), ("low", 0, SPIN, 256)],
    "gc-live": [("high", 7, IDLE, 256), ("low", 0, LIVE, 65536)],
    "gc-garbage": [("high", 7, IDLE, 256), ("low", 0, GARBAGE, 65536)],
    "rendezvous": [("main", 0, ROUND_TRIPS.replace(" N ", f" {ROUND_TRIPS_N} ").replace(" N\n", f" {ROUND_TRIPS_N}\n"), 256)],
    "rendezvous-0": [("main", 0, ROUND_TRIPS.replace(" N ", " 0 ").replace(" N\n", " 0\n"), 256)],
    "ports-rt": [("ping", 1, PING.replace(" N ", f" {ROUND_TRIPS_N} ").replace(" N\n", f" {ROUND_TRIPS_N}\n"), 256),
                 ("pong", 1, PONG, 256)],
    "ports-rt-0": [("ping", 1, PING.replace(" N ", " 0 ").replace(" N\n", " 0\n"), 256), ("pong", 1, PONG, 256)],
}
DURATION_MS = {"spin-alone": 20, "switch": 20, "gc-live": 200, "gc-garbage": 200, "rendezvous": 0, "rendezvous-0": 0,
               "ports-rt": 0, "ports-rt-0": 0}


def defconfig(name):
    d = os.path.join(OUT, name)
    os.makedirs(d, exist_ok=True)
    lines = [
        "CONFIG_SVM_GROUP_INT=y",
        "CONFIG_SVM_GROUP_CONSOLE=y",
        "CONFIG_SVM_GROUP_CONCURRENCY=y",
        "CONFIG_SVM_DISPATCH_THREADED=y",
        "CONFIG_SVM_TARGET_POSIX=y",
        "CONFIG_SVM_RAM_BUDGET=16777216",
    ]
    for slot, (cname, crit, source, cells) in enumerate(PRODUCTS[name]):
        path = os.path.join(d, cname + ".s")
        with open(path, "w") as f:
            f.write(source)
        p = f"CONFIG_SVM_CONTAINER{slot}_"
        if slot:
            lines.append(f"CONFIG_SVM_CONTAINER{slot}=y")
        lines += [f'{p}NAME="{cname}"', f"{p}CRITICALITY={crit}", f'{p}PROGRAM="{path}"', f"{p}CONTEXTS=2",
                  f"{p}STACK_DEPTH=256", f"{p}HEAP_CELLS={cells}"]
    for slot, spec in enumerate(PORTS.get(name, [])):
        pname, src, dst = spec.split()
        q = f"CONFIG_SVM_PORT{slot}"
        lines += ["CONFIG_SVM_GROUP_IO=y", f"{q}=y", f'{q}_NAME="{pname}"', f'{q}_FROM="{src}"', f'{q}_TO="{dst}"',
                  f"{q}_KIND_QUEUING=y", f"{q}_DEPTH=1", f"{q}_MAX_CELLS=0"]
    path = os.path.join(d, "defconfig")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return path


def build(name):
    d = os.path.join(OUT, name, "build")
    subprocess.run(["cmake", "-S", ROOT, "-B", d, f"-DSVM_CONFIG={defconfig(name)}", "-DBUILD_TESTING=OFF",
                    "-DCMAKE_BUILD_TYPE=Release"], check=True, capture_output=True)
    subprocess.run(["cmake", "--build", d, "-j", "2"], check=True, capture_output=True)
    return os.path.join(d, "svm-run")


def callgrind(exe, args):
    """Total Ir, and per function: (inclusive Ir, calls) for the ones we need."""
    out = exe + ".callgrind"
    r = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", exe, *args],
                       capture_output=True, text=True)
    total = int(re.search(r"Collected : (\d+)", r.stderr).group(1))
    ann = subprocess.run(["callgrind_annotate", "--inclusive=yes", "--threshold=100", out],
                         capture_output=True, text=True).stdout
    incl = {}
    for line in ann.splitlines():
        m = re.match(r"\s*([\d,]+)\s+(?:\([^)]*\)\s+)?\S*:(\w+)", line)
        if m:
            incl.setdefault(m.group(2), int(m.group(1).replace(",", "")))
    calls = {}
    names = {}
    current_cfn = None
    with open(out) as f:
        for line in f:
            m = re.match(r"fn=\((\d+)\) (\S+)", line)
            if m:
                names[m.group(1)] = m.group(2)
            m = re.match(r"cfn=\((\d+)\)(?: (\S+))?", line)
            if m:
                if m.group(2):
                    names[m.group(1)] = m.group(2)
                current_cfn = names.get(m.group(1))
                continue
            m = re.match(r"calls=(\d+)", line)
            if m and current_cfn:
                calls[current_cfn] = calls.get(current_cfn, 0) + int(m.group(1))
    return total, incl, calls


def run_report(exe, ms):
    rep = exe + ".report.json"
    subprocess.run([exe, "--clock", "virtual", "--duration", str(ms), "--report", rep],
                   check=True, capture_output=True)
    with open(rep) as f:
        return {c["name"]: c for c in json.load(f)["containers"]}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--no-build", action="store_true")
    args = ap.parse_args()
    exes = {}
    for name in PRODUCTS:
        d = os.path.join(OUT, name, "build", "svm-run")
        exes[name] = d if args.no_build and os.path.exists(d) else build(name)
    res = {}
    for name, exe in exes.items():
        ms = DURATION_MS[name]
        if not ms:
            continue
        total, incl, calls = callgrind(exe, ["--clock", "virtual", "--duration", str(ms)])
        res[name] = (total, incl, calls, run_report(exe, ms))

    # Price of a VM instruction of the spinning loop, alone (no switch).
    t_alone, incl_alone, calls_alone, rep_alone = res["spin-alone"]
    per_instr = incl_alone.get("svm_interp", 0) / rep_alone["low"]["instructions"]
    t, incl, calls, rep = res["switch"]
    vm_instrs = rep["high"]["instructions"] + rep["low"]["instructions"]
    slices = calls.get("svm_interp", 0)
    overhead = incl["svm_vm_run"] - vm_instrs * per_instr
    switch_cost = overhead / slices
    print(f"container switch: {switch_cost:.0f} machine instructions "
          f"({slices} slices, {rep['high']['instructions'] // 3} preemptions by the high container; "
          f"svm_vm_run {incl['svm_vm_run']:,} Ir less {vm_instrs:,} VM instructions at {per_instr:.2f})")
    print(f"  high container's max latency on the virtual clock: {rep['high']['max_latency_us']} us")

    worst_slice = 0
    for name in ("gc-live", "gc-garbage"):
        t, incl, calls, rep = res[name]
        gc_calls = calls.get("svm_gc_step", 0)
        gc_ir = incl.get("svm_gc_step", 0)
        steps = rep["low"]["collector_steps"]
        per_step = gc_ir / steps if steps else 0
        per_slice = gc_ir / gc_calls if gc_calls else 0
        worst_slice = max(worst_slice, per_slice)
        print(f"{name}: {rep['low']['collections']} collections, {steps:,} steps in {gc_calls:,} slices: "
              f"{per_step:.1f} Ir per step, {per_slice:.0f} Ir per slice (average); "
              f"high's max latency {rep['high']['max_latency_us']} us")
    print(f"worst-case preemption latency (collector adversary): one slice + a switch = "
          f"{worst_slice + switch_cost:.0f} machine instructions")

    # Round trips, net of a run of 0 (start-up).
    for full_name, what in (("rendezvous", "two contexts over a channel"),
                            ("ports-rt", "two containers through two queuing ports")):
        empty_name = full_name + "-0"
        full = callgrind(exes[full_name], ["--clock", "virtual"])[0]
        empty = callgrind(exes[empty_name], ["--clock", "virtual"])[0]
        times = {}
        for name in (full_name, empty_name):
            runs = []
            for _ in range(7):
                t0 = time.perf_counter()
                subprocess.run([exes[name], "--clock", "virtual"], capture_output=True)
                runs.append(time.perf_counter() - t0)
            times[name] = statistics.median(runs)
        per_ir = (full - empty) / ROUND_TRIPS_N
        per_ns = (times[full_name] - times[empty_name]) / ROUND_TRIPS_N * 1e9
        print(f"round trip between {what}: {per_ir:.0f} machine instructions, {per_ns:.0f} ns "
              f"(median of 7, net of a run of 0 round trips)")

    # The same round trips side by side: C coroutines (swapcontext) and
    # OCaml's Event with threads (bench/c/swap_rt.c, bench/ocaml/event_rt.ml).
    others = []
    swap = os.path.join(OUT, "swap_rt")
    if subprocess.run(["gcc", "-O2", os.path.join(ROOT, "bench", "c", "swap_rt.c"), "-o", swap]).returncode == 0:
        others.append(("C swapcontext", [swap]))
    event = os.path.join(OUT, "event_rt")
    # ocamlc writes .cmi/.cmo beside its source: compile a copy in the build directory.
    shutil.copy(os.path.join(ROOT, "bench", "ocaml", "event_rt.ml"), event + ".ml")
    if shutil.which("ocamlc") and subprocess.run(["ocamlc", "-I", "+threads", "unix.cma", "threads.cma", "-o", event,
                                                  event + ".ml"], capture_output=True).returncode == 0:
        others.append(("OCaml Event with threads", [event]))
    else:
        print("(ocamlc not found: OCaml's Event not measured; ./svm bench installs ocaml-nox)")
    for what, cmd in others:
        full = callgrind(cmd[0], [str(ROUND_TRIPS_N)])[0]
        empty = callgrind(cmd[0], ["0"])[0]
        times = []
        for arg in (str(ROUND_TRIPS_N), "0"):
            runs = []
            for _ in range(7):
                t0 = time.perf_counter()
                subprocess.run(cmd + [arg], capture_output=True)
                runs.append(time.perf_counter() - t0)
            times.append(statistics.median(runs))
        print(f"round trip, {what}: {(full - empty) / ROUND_TRIPS_N:.0f} machine instructions (user space: "
              f"callgrind does not count the kernel), {(times[0] - times[1]) / ROUND_TRIPS_N * 1e9:.0f} ns")
    return 0


if __name__ == "__main__":
    sys.exit(main())
