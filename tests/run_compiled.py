#!/usr/bin/python3
"""Run one program of the source language against its expectations.

    /usr/bin/python3 tests/run_compiled.py --vm PATH/TO/svm-run PROGRAM.cam

The expectations are the ones of run_program.py, written as `--` comments
(`-- expect: TEXT`, `-- expect-fault: TEXT`, `-- heap-cells: N`, ...), plus

    -- expect-error: TEXT   the compiler must refuse the program: exit status
                            1, stderr starts `PROGRAM:LINE:COL: error:` and
                            contains TEXT (every expect-error line)

The program is compiled with toolchain/camc.py, then run as run_program.py
runs an assembled one.
"""

import argparse
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import run_program  # noqa: E402

CAMC = os.path.join(os.path.dirname(HERE), "toolchain", "camc.py")
run_program.DIRECTIVE_RE = re.compile(
    r"^\s*--\s*(expect|expect-re|expect-fault|expect-reject|heap-cells|stack-depth|budget)\s*:(.*)$")
ERROR_RE = re.compile(r"^\s*--\s*expect-error\s*:\s?(.*)$")
LOCATED_RE = re.compile(r"^[^\n]*:\d+:\d+: error: ")


def expected_errors(path):
    with open(path, encoding="utf-8") as f:
        return [m.group(1).rstrip() for m in map(ERROR_RE.match, f.read().splitlines()) if m]


def check_rejected(program, texts):
    name = os.path.basename(program)
    proc = subprocess.run([run_program.PYTHON, CAMC, program, "-o", os.devnull + ".svmb-not-written"],
                          capture_output=True, text=True, timeout=run_program.TIMEOUT)
    problems = []
    if proc.returncode != 1:
        problems.append(f"compiler exit status {proc.returncode}, expected 1")
    if not LOCATED_RE.match(proc.stderr):
        problems.append("stderr does not start with FILE:LINE:COL: error:")
    if "Traceback" in proc.stderr:
        problems.append("the compiler printed a traceback")
    for t in texts:
        if t not in proc.stderr:
            problems.append(f"stderr does not contain: {t}")
    if not problems:
        print(f"PASS {name}")
        return 0
    print(f"FAIL {name}")
    for p in problems:
        print("  " + p)
    run_program.show("compiler stderr", proc.stderr)
    return 1


def main(argv=None):
    parser = argparse.ArgumentParser(description="Run a program of the source language against its expectations.")
    parser.add_argument("--vm", required=True, help="path to svm-run")
    parser.add_argument("--interface", metavar="FILE",
                        help="compile against this container interface (BUILD/generated/NAME.interface): its "
                             "IO names and its product's instruction groups")
    parser.add_argument("program", help="program (.cam) with '-- expect...' comments")
    args = parser.parse_args(argv)
    errors = expected_errors(args.program)
    if errors:
        return check_rejected(args.program, errors)
    try:
        return run_program.run(args.vm, args.program, CAMC,
                               ["--interface", args.interface] if args.interface else [])
    except run_program.TestError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
