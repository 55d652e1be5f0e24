#!/usr/bin/python3
"""Response time on the Cortex-M3 (QEMU mps2-an385, -icount shift=0).

    bench/response.py [--build-root DIR] [--edges N]

A high-criticality container (panel, 6) waits on BUTTON0 and writes each
edge to LED0 (build_examples/blinky/panel.cam) while a low-criticality one
(compute, 1) runs without ever yielding.  The button's edges come from the
event script over the UART and are delivered by the dual timer's
interrupt; the firmware (CONFIG_SVM_FIRMWARE_RESPONSE_TIMES) records, for
each edge, the board's clock at that interrupt's entry and at panel's LED
write (the FPGAIO register), and prints the difference.  With -icount
shift=0 QEMU runs one instruction per ns, so ns are instructions (a
Cortex-M3 runs most in one cycle); the clock read is SysTick at 25 MHz, so
each figure is exact to 40 ns.

Three lower containers: `loop` computes (arithmetic, a branch every 8
instructions), `collect` allocates and collects its heap again and again
with the default collector slice (CONFIG_SVM_GC_SLICE=256), and
`collect-slice16` the same with the smallest slice (16).  Edges are spread
over 1 s at a period prime to everything else, so they land at every
phase of the lower container's work.
"""

import argparse
import os
import re
import statistics
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SVM = os.path.join(REPO, "svm")
BASE = os.path.join(REPO, "bench", "response", "defconfig")
AIM = 2000

VARIANTS = [
    ("loop", "a loop that computes", []),
    ("collect", "a loop that allocates and collects (GC slice 256)",
     ['CONFIG_SVM_CONTAINER1_PROGRAM="bench/response/compute.s"']),
    ("collect-slice16", "the same, GC slice 16",
     ['CONFIG_SVM_CONTAINER1_PROGRAM="bench/response/compute.s"', "CONFIG_SVM_GC_SLICE=16"]),
]


def build(root, name, extra):
    d = os.path.join(root, name)
    os.makedirs(d, exist_ok=True)
    config = os.path.join(d, "defconfig")
    text = open(BASE).read() + "".join(line + "\n" for line in extra)
    if not os.path.exists(config) or open(config).read() != text:
        with open(config, "w") as f:
            f.write(text)
    b = subprocess.run([SVM, "build", "--config", config, "--build-dir", os.path.join(d, "build")],
                       capture_output=True, text=True)
    if b.returncode:
        sys.exit(f"response.py: building {name} failed:\n{b.stdout}{b.stderr}")
    return os.path.join(d, "build")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build-root", default=os.path.join(REPO, "build-response"))
    ap.add_argument("--edges", type=int, default=80, help="button edges (presses and releases) in the run")
    args = ap.parse_args(argv)
    os.makedirs(args.build_root, exist_ok=True)
    script = os.path.join(args.build_root, "edges.events")
    period = 1000000 // (args.edges + 1) | 1  # us, odd: every phase of the lower container's loop
    with open(script, "w") as f:
        f.write("# bench/response.py: button edges at every phase\n")
        for i in range(args.edges):
            f.write(f"{10000 + i * period + (i * 7919) % 997} BUTTON0 {'press' if i % 2 == 0 else 'release'}\n")
    print(f"Response of a criticality-6 container to BUTTON0 (interrupt entry -> its LED0 write), "
          f"{args.edges} edges, QEMU mps2-an385 -icount shift=0 (1 instruction = 1 ns; +-40 ns):")
    print(f"{'lower container (criticality 1)':52} {'min':>7} {'median':>7} {'p95':>7} {'max':>7}  (ns = instructions)")
    worst = {}
    for name, what, extra in VARIANTS:
        d = build(args.build_root, name, extra)
        r = subprocess.run([SVM, "run", "--build-dir", d, "--events", script], capture_output=True, text=True)
        got = [int(m.group(1)) for m in re.finditer(r"^svm: response \d+ BUTTON0 \d at \d+ us: (\d+) ns$",
                                                       r.stderr, re.M)]
        missing = len(re.findall(r"^svm: response .*: - ns$", r.stderr, re.M))
        if r.returncode not in (0,) or not got:
            sys.exit(f"response.py: {name}: the run failed (status {r.returncode}):\n{r.stderr[-2000:]}")
        p95 = sorted(got)[int(0.95 * (len(got) - 1))]
        worst[name] = (max(got), p95)
        print(f"{what:52} {min(got):7} {int(statistics.median(got)):7} {p95:7} {max(got):7}"
              + (f"  ({missing} edges without an LED write)" if missing else ""))
    top, p95 = worst["loop"]
    print(f"Aim: under {AIM:,} cycles while the lower container computes: 95% of edges within {p95:,} "
          f"({'under' if p95 < AIM else 'over'}), the worst {top:,}.")
    print("(The worst edges include panel's own collections: its 64-cell heap fills every ~60 edges and is "
          "collected before it can answer.)")


if __name__ == "__main__":
    main()
