#!/usr/bin/python3
"""The stderr of a Cortex-M build's firmware under QEMU, as the host's
svm-run writes its own (./svm run --build-dir DIR on a Cortex-M build
pipes the firmware's stderr through this):

    python3 toolchain/qemu_stderr.py BUILD_DIR [EVENTS_FILE]

- An error of the event script, which the firmware reads over its UART and
  names `svm: event script (UART0) line N: error: ...`, names the file:
  `EVENTS_FILE:N: error: ...`.
- Under a container's fault (`container 'NAME': fault at pc PC`), when the
  generator compiled NAME's program from a .cam (BUILD_DIR/generated/
  NAME.source-map), the source line the pc was compiled from, with a
  caret, as svm-run shows it on the host.

Every other line passes unchanged, a line at a time.
"""

import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from compiler.errors import CompileError, render  # noqa: E402

SCRIPT = re.compile(r"^svm: event script \(UART0\) line (\d+): error: ")
FAULT = re.compile(r"container '([^']*)': fault at pc (\d+)")


def read_map(path):
    """(source path, {pc: (line, col)}) of a source map, or None."""
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError:
        return None
    source, where = None, {}
    for line in text.splitlines():
        if line.startswith("source "):
            source = line[len("source "):]
            continue
        parts = line.split()
        if len(parts) == 3 and all(p.isdigit() for p in parts):
            where[int(parts[0])] = (int(parts[1]), int(parts[2]))
    return (source, where) if source else None


def show_source(build, name, pc, out):
    found = read_map(os.path.join(build, "generated", f"{name}.source-map"))
    if found is None:
        return
    source, where = found
    if pc not in where:
        out.write(f"{source}: the fault's pc {pc} is in code the compiler adds (a stub of wrap or spawn), "
                  "from no line\n")
        return
    line, col = where[pc]
    out.write(f"{source}:{line}:{col}: the fault's pc {pc} was compiled from here\n")
    try:
        with open(source, "rb") as f:
            text = f.read().decode("utf-8-sig", errors="replace")
    except OSError:
        return
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    shown = render(CompileError((line, col), "x"), source, text).splitlines()[1:4]
    out.write("".join(x + "\n" for x in shown))


def main():
    build = sys.argv[1]
    events = sys.argv[2] if len(sys.argv) > 2 else ""
    out = sys.stderr
    while True:
        raw = sys.stdin.buffer.readline()
        if not raw:
            break
        line = raw.decode("utf-8", errors="replace")
        if events:
            line = SCRIPT.sub(lambda m: f"{events}:{m.group(1)}: error: ", line)
        out.write(line)
        m = FAULT.search(line)
        if m:
            show_source(build, m.group(1), int(m.group(2)), out)
        out.flush()


if __name__ == "__main__":
    main()
