#!/usr/bin/python3
"""The output of a Cortex-M build's firmware under QEMU, as the host's
svm-run writes its own (./svm run --build-dir DIR on a Cortex-M build pipes
QEMU's standard output and error, merged in the order QEMU wrote them,
through this):

    python3 toolchain/qemu_output.py BUILD_DIR [EVENTS_FILE]

- The firmware's lines for stderr (over semihosting: health lines, the
  summary, response times, all `svm: ...`) and QEMU's own messages
  (`qemu-system-arm: ...`) go to stderr; everything else (the console, the
  LED trace, UART bytes) to stdout, each as soon as it comes, so the two
  keep the order in which they were written.  (UART bytes a program sends
  that begin a line with `svm: ` would be taken for stderr.)
- An error of the event script, which the firmware reads over its UART and
  names `svm: event script (UART0) line N: error: ...`, names the file:
  `EVENTS_FILE:N: error: ...`.
- Under a container's fault (`container 'NAME': fault at pc PC`), when the
  generator compiled NAME's program from a .cam (BUILD_DIR/generated/
  NAME.source-map), the source line the pc was compiled from, with a
  caret, as svm-run shows it on the host.

Ctrl-C is QEMU's to take: this goes on until QEMU's output ends.
"""

import os
import re
import signal
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from compiler.errors import CompileError, render  # noqa: E402

TO_STDERR = (b"svm: ", b"qemu-system-arm:")
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


def source_lines(build, name, pc):
    """What svm-run prints under a fault of container NAME at pc."""
    found = read_map(os.path.join(build, "generated", f"{name}.source-map"))
    if found is None:
        return ""
    source, where = found
    if pc not in where:
        return f"{source}: the fault's pc {pc} is in code the compiler adds (a stub of wrap or spawn), from no line\n"
    line, col = where[pc]
    head = f"{source}:{line}:{col}: the fault's pc {pc} was compiled from here\n"
    try:
        with open(source, "rb") as f:
            text = f.read().decode("utf-8-sig", errors="replace")
    except OSError:
        return head
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if line > len(text.split("\n")) or (line == len(text.split("\n")) and text.endswith("\n")):
        return head  # the source changed since: no line of it is shown, as on the host
    shown = render(CompileError((line, col), "x"), source, text).splitlines()[1:4]
    return head + "".join(x + "\n" for x in shown)


def main():
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    build = sys.argv[1]
    events = sys.argv[2] if len(sys.argv) > 2 else ""
    out, err = sys.stdout.buffer, sys.stderr.buffer
    fd = sys.stdin.buffer.fileno()
    pending = b""  # the start of a line whose stream is not known yet
    partial_out = False  # a line begun on stdout, to go on there

    def stderr_line(raw):
        line = raw.decode("utf-8", errors="replace")
        if events:
            line = SCRIPT.sub(lambda m: f"{events}:{m.group(1)}: error: ", line)
        m = FAULT.search(line)
        if m:
            line += source_lines(build, m.group(1), int(m.group(2)))
        err.write(line.encode("utf-8"))
        err.flush()

    while True:
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        data = pending + chunk
        pending = b""
        while data:
            nl = data.find(b"\n")
            piece, data = (data, b"") if nl < 0 else (data[:nl + 1], data[nl + 1:])
            if not partial_out and nl < 0 and any(m.startswith(piece) or piece.startswith(m) for m in TO_STDERR):
                pending = piece  # its stream not known yet, or a stderr line, shown whole
                break
            if not partial_out and piece.startswith(TO_STDERR):
                stderr_line(piece)
                continue
            out.write(piece)
            out.flush()
            partial_out = nl < 0
    if pending:
        if pending.startswith(TO_STDERR):
            stderr_line(pending)
        else:
            out.write(pending)
            out.flush()


if __name__ == "__main__":
    main()
