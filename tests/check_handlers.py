#!/usr/bin/python3
"""The binary of a product holds the handlers of exactly its instruction groups.

    check_handlers.py --build-dir BUILD --vm BUILD/svm-run

Checks, from the build's .config and the ISA table:
1. the generated interpreter (BUILD/generated/svm_interp.c) has a handler
   for every instruction of an enabled group and none for the others;
2. in the compiled svm_interp function of the binary, single-precision
   floating-point machine instructions (the body of the FLOAT handlers)
   appear if and only if the FLOAT group is built (x86-64 and AArch64).
Exit 0 when both hold; 1 with the reason otherwise.
"""

import argparse
import os
import platform
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "generator"))
import isa as isa_mod  # noqa: E402

# Single-precision arithmetic and conversions, per architecture.
FLOAT_INSNS = {
    "x86_64": re.compile(r"\b(v?(add|sub|mul|div)ss|v?cvtsi2ssl?|v?cvttss2si|v?u?comiss)\b"),
    "aarch64": re.compile(r"\b(fadd|fsub|fmul|fdiv|scvtf|fcvtzs|fcmp|fcmpe)\s+s\d"),
}


def enabled_groups(build_dir):
    groups = set()
    with open(os.path.join(build_dir, ".config"), encoding="utf-8") as f:
        for line in f:
            m = re.match(r"CONFIG_(SVM_GROUP_\w+)=y$", line.strip())
            if m:
                groups.add(m.group(1))
    return groups


def interp_disassembly(vm):
    out = subprocess.run(["objdump", "-d", "--no-show-raw-insn", vm], capture_output=True, text=True, check=True).stdout
    m = re.search(r"^[0-9a-f]+ <svm_interp>:\n(.*?)(?:\n\n|\Z)", out, re.S | re.M)
    if not m:
        sys.exit("check_handlers: no svm_interp function in " + vm)
    return m.group(1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build-dir", required=True)
    ap.add_argument("--vm", required=True)
    args = ap.parse_args()
    isa = isa_mod.load()
    built = enabled_groups(args.build_dir)
    with open(os.path.join(args.build_dir, "generated", "svm_interp.c"), encoding="utf-8") as f:
        source = f.read()
    problems = []
    for ins in isa.instrs:
        present = re.search(rf"^(op_{ins.name}:|\s+case {ins.c_name}:)", source, re.M) is not None
        wanted = ins.group.kconfig in built
        if present != wanted:
            problems.append(f"{ins.name} ({ins.group.name}): handler {'present' if present else 'missing'}")

    arch = platform.machine()
    float_built = "SVM_GROUP_FLOAT" in built
    if arch in FLOAT_INSNS:
        found = FLOAT_INSNS[arch].findall(interp_disassembly(args.vm))
        if float_built and not found:
            problems.append("FLOAT is built but svm_interp has no float instruction")
        if not float_built and found:
            problems.append(f"FLOAT is not built but svm_interp has float instructions: {sorted({f[0] for f in found})}")
        binary = f"binary checked ({arch}): float instructions {'present' if found else 'absent'}"
    else:
        binary = f"binary not checked: no float pattern for {arch}"
    if problems:
        print("check_handlers: " + "; ".join(problems))
        return 1
    print(f"check_handlers: handlers match groups {sorted(built)}; {binary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
