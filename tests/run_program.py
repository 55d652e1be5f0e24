#!/usr/bin/python3
"""Run one conformance program and check it against its expectations.

    /usr/bin/python3 tests/run_program.py --vm PATH/TO/svm-run PROGRAM.s

The program carries its expectations in comment lines, anywhere in the file:

    ; expect-re: REGEX      one stdout line that REGEX matches as a whole
                            (in the order of all expect lines)
    ; expect: TEXT          one per expected stdout line, in order; the whole
                            stdout must equal these lines exactly (none: the
                            program must print nothing)
    ; expect-fault: TEXT    the VM must exit with status 1 and its stderr
                            must contain TEXT (a fault of the container)
    ; expect-reject: TEXT   the VM loader must refuse the image: exit status
                            2 and stderr contains TEXT
    ; heap-cells: N         run svm-run with --heap-cells N
    ; stack-depth: N        run svm-run with --stack-depth N
    ; budget: N             run svm-run with --budget N

Without expect-fault or expect-reject the VM must exit 0.  stdout is
compared in every case (what a program printed before a fault must appear).
A program without any expectation comment is an error: a test that cannot
fail is a defect.

The program is assembled with toolchain/assembler.py into a temporary
directory; svm-run runs it on the virtual clock, under a timeout.  Exit status: 0 pass, 1 fail.
Standard library only.
"""

import argparse
import difflib
import os
import re
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ASSEMBLER = os.path.join(REPO, "toolchain", "assembler.py")
PYTHON = "/usr/bin/python3"
TIMEOUT = 240  # a hang detector, not a speed check: sanitizer builds are slow
EXIT_FAULT = 1
EXIT_REJECT = 2

DIRECTIVE_RE = re.compile(r"^\s*;\s*(expect|expect-re|expect-fault|expect-reject|heap-cells|stack-depth|budget)\s*:(.*)$")
MAX_SHOWN = 40  # lines of diff or stderr shown on a failure


class TestError(Exception):
    """The test itself is malformed."""


class Expectations:
    def __init__(self):
        self.stdout = []
        self.stdout_re = []  # per stdout line: is it a regular expression
        self.faults = []
        self.rejects = []
        self.heap_cells = None
        self.stack_depth = None
        self.budget = None

    @property
    def any(self):
        return bool(self.stdout or self.faults or self.rejects)


def parse_expectations(path):
    exp = Expectations()
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, start=1):
            m = DIRECTIVE_RE.match(line.rstrip("\r\n"))
            if not m:
                continue
            key, text = m.group(1), m.group(2)
            # One blank after the colon is syntax; the rest is the text.
            if text.startswith(" "):
                text = text[1:]
            text = text.rstrip()
            if key == "expect":
                exp.stdout.append(text)
                exp.stdout_re.append(False)
            elif key == "expect-re":
                try:
                    re.compile(text)
                except re.error as e:
                    raise TestError(f"{path}:{lineno}: bad expect-re: {e}") from None
                exp.stdout.append(text)
                exp.stdout_re.append(True)
            elif key == "expect-fault":
                if not text:
                    raise TestError(f"{path}:{lineno}: expect-fault needs a text")
                exp.faults.append(text)
            elif key == "expect-reject":
                if not text:
                    raise TestError(f"{path}:{lineno}: expect-reject needs a text")
                exp.rejects.append(text)
            else:
                if not re.fullmatch(r"[0-9]+", text.strip()):
                    raise TestError(f"{path}:{lineno}: {key} needs a decimal number, got '{text}'")
                setattr(exp, key.replace("-", "_"), int(text.strip()))
    if exp.faults and exp.rejects:
        raise TestError(f"{path}: a program cannot expect both a fault and a rejection")
    if not exp.any:
        raise TestError(f"{path}: no '; expect:', '; expect-fault:' or '; expect-reject:' line: "
                        "a test that cannot fail is a defect")
    return exp


def clip(lines, limit=MAX_SHOWN):
    if len(lines) > limit:
        return lines[:limit] + [f"... ({len(lines) - limit} more lines)"]
    return lines


def show(title, text):
    lines = text.splitlines()
    print(f"--- {title} ({len(lines)} lines)")
    for line in clip(lines):
        print("    " + line)


def run(vm, program, assembler, assembler_args=()):
    exp = parse_expectations(program)
    name = os.path.basename(program)
    with tempfile.TemporaryDirectory(prefix="svm-test-") as tmp:
        image = os.path.join(tmp, os.path.splitext(name)[0] + ".svmb")
        asm = subprocess.run([PYTHON, assembler, program, "-o", image, *assembler_args],
                             capture_output=True, text=True, timeout=TIMEOUT)
        if asm.returncode != 0 or not os.path.exists(image):
            print(f"FAIL {name}: the assembler failed (exit {asm.returncode})")
            show("assembler stderr", asm.stderr)
            return 1
        # The deterministic virtual clock: sleeps and timeouts take no real
        # time and every run interleaves contexts the same way.
        cmd = [vm, "--clock", "virtual"]
        if exp.heap_cells is not None:
            cmd += ["--heap-cells", str(exp.heap_cells)]
        if exp.stack_depth is not None:
            cmd += ["--stack-depth", str(exp.stack_depth)]
        if exp.budget is not None:
            cmd += ["--budget", str(exp.budget)]
        cmd.append(image)
        try:
            proc = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            print(f"FAIL {name}: timed out after {TIMEOUT} s: {' '.join(cmd)}")
            return 1

    stdout = proc.stdout.decode("utf-8", errors="replace")
    stderr = proc.stderr.decode("utf-8", errors="replace")
    problems = []

    if exp.faults:
        want_status, what = EXIT_FAULT, "a fault"
    elif exp.rejects:
        want_status, what = EXIT_REJECT, "a rejection"
    else:
        want_status, what = 0, "success"
    if proc.returncode != want_status:
        problems.append(f"exit status {proc.returncode}, expected {want_status} ({what})")
    for text in exp.faults + exp.rejects:
        if text not in stderr:
            problems.append(f"stderr does not contain: {text}")

    want_stdout = "".join(line + "\n" for line in exp.stdout)
    if any(exp.stdout_re):
        got = stdout.split("\n")
        matches = stdout.endswith("\n") and len(got) - 1 == len(exp.stdout) and all(
            re.fullmatch(want, line) if is_re else want == line
            for want, is_re, line in zip(exp.stdout, exp.stdout_re, got))
        if matches:
            want_stdout = stdout
    if stdout != want_stdout:
        problems.append("stdout differs from the expect lines")

    if not problems:
        print(f"PASS {name}")
        return 0

    print(f"FAIL {name}: {' '.join(cmd[:-1])} {os.path.basename(image)}")
    for p in problems:
        print("  " + p)
    if stdout != want_stdout:
        diff = list(difflib.unified_diff(want_stdout.splitlines(), stdout.splitlines(),
                                         "expected", "stdout", lineterm="", n=2))
        if stdout.splitlines() == want_stdout.splitlines():
            diff = ["(the lines are equal: a missing or extra final newline or a carriage return)"]
        print("--- diff")
        for line in clip(diff):
            print("    " + line)
    if stderr:
        show("stderr", stderr)
    return 1


def main(argv=None):
    parser = argparse.ArgumentParser(description="Run a Sense-VM conformance program against its expectations.")
    parser.add_argument("--vm", required=True, help="path to svm-run")
    parser.add_argument("--assembler", default=ASSEMBLER, help="path to assembler.py (default: the repository's)")
    parser.add_argument("program", help="assembly program (.s) with '; expect...' comments")
    args = parser.parse_args(argv)
    if not os.path.isfile(args.program):
        print(f"error: no such program: {args.program}", file=sys.stderr)
        return 1
    if not (os.path.isfile(args.vm) and os.access(args.vm, os.X_OK)):
        print(f"error: the VM is not an executable file: {args.vm}", file=sys.stderr)
        return 1
    try:
        return run(args.vm, args.program, args.assembler)
    except TestError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    except subprocess.TimeoutExpired as e:
        print(f"FAIL {os.path.basename(args.program)}: timed out after {TIMEOUT} s: {e.cmd}")
        return 1


if __name__ == "__main__":
    sys.exit(main())
