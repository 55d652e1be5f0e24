#!/usr/bin/python3
"""The firmware's footprint per component, on the Cortex-M3 (mps2-an385).

    bench/footprint.py [--build-root DIR] [--out FILE] [--jobs N]
    ./svm footprint [same options]

Builds a set of products with arm-none-eabi-gcc (-Os, --gc-sections,
newlib-nano), each the *base* product plus one component, and prints, as
Proteus' Table 2 (seeds/003), the .text, .data and .bss of the base VM
(from `arm-none-eabi-size` of the linked ELF), what each component adds
over it, and the full product.  The base is itself split by the object
files its bytes come from (the linker map).  --out FILE also writes the
table as Markdown (docs/footprint.md).

The base product: instruction groups CORE and INT, switch dispatch, one
container (256 cells, one context of 64 values) running bench/footprint/
work.s, no console, no summary table.  Its .bss is mostly that container's
storage (BUILD/ram_map.txt): the VM's own RAM is the rest.
"""

import argparse
import os
import re
import subprocess
import sys
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = os.path.join(REPO, "bench", "footprint", "work.s")

BASE = f"""CONFIG_SVM_TARGET_MPS2_AN385=y
CONFIG_SVM_GROUP_INT=y
# CONFIG_SVM_GROUP_BITS is not set
# CONFIG_SVM_GROUP_FLOAT is not set
# CONFIG_SVM_GROUP_CONSOLE is not set
# CONFIG_SVM_GROUP_CONCURRENCY is not set
# CONFIG_SVM_GROUP_IO is not set
# CONFIG_SVM_GROUP_FUSED is not set
CONFIG_SVM_DISPATCH_SWITCH=y
# CONFIG_SVM_FIRMWARE_SUMMARY is not set
CONFIG_SVM_CONTAINER0_NAME="main"
CONFIG_SVM_CONTAINER0_HEAP_CELLS=256
CONFIG_SVM_CONTAINER0_STACK_DEPTH=64
CONFIG_SVM_CONTAINER0_CONTEXTS=1
CONFIG_SVM_CONTAINER0_PROGRAM="{WORK}"
"""


def container(slot, name):
    return f"""CONFIG_SVM_CONTAINER{slot}=y
CONFIG_SVM_CONTAINER{slot}_NAME="{name}"
CONFIG_SVM_CONTAINER{slot}_HEAP_CELLS=256
CONFIG_SVM_CONTAINER{slot}_STACK_DEPTH=64
CONFIG_SVM_CONTAINER{slot}_CONTEXTS=1
CONFIG_SVM_CONTAINER{slot}_PROGRAM="{WORK}"
"""


PORT = """CONFIG_SVM_PORT0=y
CONFIG_SVM_PORT0_NAME="link"
CONFIG_SVM_PORT0_FROM="main"
CONFIG_SVM_PORT0_TO="second"
"""

IO = "CONFIG_SVM_GROUP_IO=y\n"

# (name, what it is, fragment added to BASE, the row it is measured against)
PRODUCTS = [
    ("base", "Base VM: CORE + INT, switch dispatch, one container, no console", "", None),
    ("bits", "Instruction group BITS", "CONFIG_SVM_GROUP_BITS=y\n", "base"),
    ("float", "Instruction group FLOAT (soft float)", "CONFIG_SVM_GROUP_FLOAT=y\n", "base"),
    ("console", "Instruction group CONSOLE (print, value printer)", "CONFIG_SVM_GROUP_CONSOLE=y\n", "base"),
    ("fused", "Instruction group FUSED (compiled code's superinstructions)", "CONFIG_SVM_GROUP_FUSED=y\n", "base"),
    ("events", "Contexts and events (CONCURRENCY: spawn, channels, sync)",
     "CONFIG_SVM_GROUP_CONCURRENCY=y\nCONFIG_SVM_CONTAINER0_CONTEXTS=2\n", "base"),
    ("threaded", "Threaded dispatch instead of switch", "CONFIG_SVM_DISPATCH_THREADED=y\n", "base"),
    ("summary", "Firmware summary table at the end", "CONFIG_SVM_FIRMWARE_SUMMARY=y\n", "base"),
    ("container", "An extra container (256 cells, one context of 64)", container(1, "second"), "base"),
    ("io", "IO group (bind: devices and ports)", IO, "base"),
    ("container-io", None, container(1, "second") + IO, None),
    ("ports", "Ports: one queuing port between two containers", container(1, "second") + IO + PORT, "container-io"),
    ("led", "Driver: LED0 (FPGAIO)", IO + "CONFIG_SVM_DEVICE_LED0_OWNER_0=y\n", "io"),
    ("button", "Driver: BUTTON0, with the event script over UART0 (64 inputs)",
     IO + "CONFIG_SVM_DEVICE_BUTTON0_OWNER_0=y\n", "io"),
    ("uart", "Driver: UART0 (CMSDK), with the event script", IO + "CONFIG_SVM_DEVICE_UART0_OWNER_0=y\n", "io"),
    ("sensor", "Driver: SENSOR0, with the event script", IO + "CONFIG_SVM_DEVICE_SENSOR0_OWNER_0=y\n", "io"),
    ("full", "Full product: every group, threaded, 2 containers, a port, LED0 + BUTTON0, summary",
     "CONFIG_SVM_GROUP_BITS=y\nCONFIG_SVM_GROUP_FLOAT=y\nCONFIG_SVM_GROUP_CONSOLE=y\nCONFIG_SVM_GROUP_FUSED=y\n"
     "CONFIG_SVM_GROUP_CONCURRENCY=y\nCONFIG_SVM_CONTAINER0_CONTEXTS=2\n" + IO
     + "CONFIG_SVM_DISPATCH_THREADED=y\nCONFIG_SVM_FIRMWARE_SUMMARY=y\n" + container(1, "second") + PORT
     + "CONFIG_SVM_DEVICE_LED0_OWNER_0=y\nCONFIG_SVM_DEVICE_BUTTON0_OWNER_0=y\n", "base"),
]

# Object files of the base, grouped into what they are.
PARTS = [
    ("interpreter (generated svm_interp.c)", r"svm_interp\.c"),
    ("scheduler and health monitor (svm_vm.c)", r"svm_vm\.c"),
    ("loader and verifier, opcode table", r"svm_loader\.c|svm_opcodes\.c"),
    ("heap and collector (svm_heap.c)", r"svm_heap\.c"),
    ("events core (svm_event.c; timeouts)", r"svm_event\.c"),
    ("ports (svm_port.c)", r"svm_port\.c"),
    ("value printer (svm_print.c)", r"svm_print\.c"),
    ("product tables and storage (generated svm_containers.c)", r"svm_containers\.c"),
    ("HAL, startup, firmware main (hal/cortex-m)",
     r"hal/cortex-m|svm_(startup|semihost|hal_cortex_m|firmware|script_uart|no_script)\.c"),
    ("devices (svm_device.c)", r"svm_device\.c"),
    ("C library: formatted print (snprintf), malloc it references", r"printf|mallocr|freer|reallocr|msizer|sbrkr|mlock|impure|reent|errno|lib_a-s?nprintf"),
    ("C library: memcpy, memset, ...", r"lib_a-mem"),
    ("libgcc (64-bit division, soft float)", r"libgcc"),
]


def build(root, name, fragment):
    d = os.path.join(root, name)
    os.makedirs(d, exist_ok=True)
    config = os.path.join(d, "defconfig")
    text = BASE + fragment
    old = open(config).read() if os.path.exists(config) else None
    if old != text:
        with open(config, "w") as f:
            f.write(text)
    b = os.path.join(d, "build")
    for cmd in (["cmake", "-S", REPO, "-B", b, f"-DSVM_CONFIG={config}", "-DBUILD_TESTING=OFF"],
                ["cmake", "--build", b, "-j", "2"]):
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode:
            sys.exit(f"footprint.py: {name}: {' '.join(cmd)} failed:\n{r.stdout[-3000:]}{r.stderr[-3000:]}")
    return b


def size(build_dir):
    out = subprocess.run(["arm-none-eabi-size", os.path.join(build_dir, "svm-firmware.elf")], capture_output=True,
                         text=True, check=True).stdout.splitlines()[1].split()
    return int(out[0]), int(out[1]), int(out[2])


def parts(build_dir):
    """Bytes of .text (code and constants, including .data's initial values' home? no: text only),
    .data and .bss per object file, from the linker map."""
    text = open(os.path.join(build_dir, "svm-firmware.map")).read()
    text = text[text.index("Linker script and memory map"):]
    sizes = Counter()
    pending = None
    for line in text.splitlines():
        m = re.match(r"^ (\.\S+|COMMON)(?:\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S+))?$", line)
        if m and m.group(2):
            sec, addr, n, obj = m.groups()
        elif m:
            pending = m.group(1)
            continue
        else:
            m2 = re.match(r"^\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+(\S+)$", line)
            if not (m2 and pending):
                pending = None
                continue
            sec, (addr, n, obj) = pending, m2.groups()
        pending = None
        kind = ("text" if sec.startswith((".text", ".rodata", ".vectors")) else
                "data" if sec.startswith(".data") else "bss" if sec.startswith((".bss", "COMMON")) else None)
        if kind and int(n, 16) and int(addr, 16) != 0 or (kind == "text" and sec == ".vectors"):
            sizes[(kind, obj)] += int(n, 16)
    rows = []
    for label, pattern in PARTS:
        got = [sum(v for (k, o), v in sizes.items() if k == kind and re.search(pattern, o)) for kind in
               ("text", "data", "bss")]
        if any(got):
            rows.append((label, *got))
    return rows


def kb(n):
    return f"{n / 1024:.1f} KB"


def table(results, base_parts):
    lines = ["| component | .text | .data | .bss |", "|---|---:|---:|---:|"]
    t, d, b = results["base"]
    lines.append(f"| **{PRODUCTS[0][1]}** | **{t}** | **{d}** | **{b}** |")
    for label, pt, pd, pb in base_parts:
        lines.append(f"| &nbsp;&nbsp;of which {label} | {pt} | {pd} | {pb} |")
    for name, what, _frag, against in PRODUCTS[1:]:
        if name == "full" or against is None:
            continue
        a = results[against]
        r = results[name]
        delta = [x - y for x, y in zip(r, a)]
        lines.append(f"| + {what} | {delta[0]:+d} | {delta[1]:+d} | {delta[2]:+d} |")
    t, d, b = results["full"]
    lines.append(f"| **{PRODUCTS[-1][1]}** | **{t}** | **{d}** | **{b}** |")
    return "\n".join(lines) + "\n"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build-root", default=os.path.join(REPO, "build-footprint"))
    ap.add_argument("--out", help="write the table as Markdown into this file between its footprint-table markers (docs/footprint.md), or into a new file")
    ap.add_argument("--jobs", type=int, default=1, help="products built at once (each with make -j2)")
    args = ap.parse_args(argv)
    with ThreadPoolExecutor(args.jobs) as pool:
        dirs = dict(zip([p[0] for p in PRODUCTS],
                        pool.map(lambda p: build(args.build_root, p[0], p[2]), PRODUCTS)))
    results = {name: size(d) for name, d in dirs.items()}
    base_parts = parts(dirs["base"])
    md = table(results, base_parts)
    gcc = subprocess.run(["arm-none-eabi-gcc", "-dumpversion"], capture_output=True, text=True).stdout.strip()
    head = (f"Footprint on the Cortex-M3 (mps2-an385), bytes, arm-none-eabi-gcc {gcc} -Os, --gc-sections, "
            "newlib-nano; deltas against the base (drivers: against base + IO; ports: against base + a container + IO)")
    print(head)
    print(md, end="")
    t, d, b = results["base"]
    ft, fd, fb = results["full"]
    summary = (f"Base VM (minimal product): {kb(t)} of text linked, {d + b} bytes of RAM of which "
               f"{b} .bss; full product: {kb(ft)} of text, {fd + fb} bytes of RAM.")
    print(summary)
    if args.out:
        begin, end = "<!-- footprint table: bench/footprint.py -->", "<!-- end of footprint table -->"
        try:
            with open(args.out) as f:
                doc = f.read()
        except FileNotFoundError:  # a new file: just the table
            doc = f"# Footprint\n\n{begin}\n{end}\n"
        if begin not in doc or end not in doc:
            sys.exit(f"footprint.py: {args.out} has no '{begin}' ... '{end}' markers")
        pre, rest = doc.split(begin, 1)
        _, post = rest.split(end, 1)
        doc = pre + begin + "\n" + head + ":\n\n" + md + "\n" + summary + "\n" + end + post
        with open(args.out, "w") as f:
            f.write(doc)
        print(f"footprint.py: wrote the table into {args.out}")


if __name__ == "__main__":
    main()
