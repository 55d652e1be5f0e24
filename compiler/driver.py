"""The compiler's driver: source file -> assembly text -> bytecode image."""

import os
import sys
import threading

from .errors import CompileError

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "toolchain"))
import assembler  # noqa: E402

# The parser and the passes after it recurse on the syntax tree, whose
# depth the parser bounds (parser.MAX_NESTING, 20000 levels).  Measured
# at that depth: the parser takes at most 10 Python frames a level (a
# parenthesized argument: expr, the operator levels, application, atom),
# the later passes at most 6 (codegen of a `let`), so 200000 frames;
# the limit leaves twice that, and the thread's stack holds it (Python
# frames of Python calls do not use the C stack; the calls through C
# code, e.g. `join` over a generator, do, a few hundred bytes each).
STACK_BYTES = 512 * 1024 * 1024
RECURSION_LIMIT = 400000


def compile_source(source, interface=None, warnings=None, ports=None, positions=None):
    """Source text -> assembly text; raises CompileError.  interface: the
    container's (an assembler.Interface or the path of its file), against
    which `port NAME` is checked and whose product's instruction groups
    the code keeps to (no superinstruction without FUSED); without one,
    names are left to the assembler (`@NAME`) and every group is used.
    warnings: a list the CompileWarnings go to (the program compiles).
    ports: a dict given the message type of each port the program uses,
    name -> (type, (line, col) of its first use, the program's data types),
    for the generator's check that both ends of a port agree
    (typecheck.port_mismatch).  positions: a list given the source
    position of each line of the assembly (codegen.source_positions)."""
    from .codegen import generate
    from .parser import parse
    from .specialise import specialise
    from .typecheck import check
    if interface is not None and not isinstance(interface, assembler.Interface):
        interface = assembler.Interface.read(os.fspath(interface))
    program = check(parse(source), interface)
    if ports is not None:
        ports.update({name: (t, where, program.datatypes) for name, (t, where) in program.ports.items()})
    return generate(specialise(program), interface.groups if interface is not None else None, warnings, positions,
                    interface.straight_run if interface is not None else None)


def in_big_stack(fn, *args):
    """Run fn on a thread with a large stack: deep programs compile, and a
    program deeper than that is a clean error, not a crash."""
    result = {}

    def target():
        old = sys.getrecursionlimit()
        sys.setrecursionlimit(RECURSION_LIMIT)
        try:
            result["value"] = fn(*args)
        except BaseException as e:  # noqa: BLE001 - handed to the caller
            result["error"] = e
        finally:
            sys.setrecursionlimit(old)

    threading.stack_size(STACK_BYTES)
    t = threading.Thread(target=target)
    t.start()
    t.join()
    threading.stack_size(0)
    if "error" in result:
        raise result["error"]
    return result["value"]


def compile_to_assembly(source, interface=None, warnings=None, ports=None, positions=None):
    try:
        return in_big_stack(compile_source, source, interface, warnings, ports, positions)
    except RecursionError:
        raise CompileError((1, 1), "the program is nested too deeply to compile",
                           expected="less deeply nested expressions", found="deeper nesting") from None
    except MemoryError:
        raise CompileError((1, 1), "the program is too large to compile", expected="a smaller program",
                           found="more than fits in memory") from None


def read_source(path):
    """The file's text, its line ends made `\n` (CR LF and a lone CR, as
    Haskell reads them); CompileError when it is not UTF-8."""
    with open(path, "rb") as f:
        raw = f.read()
    if raw.startswith(b"\xef\xbb\xbf"):  # an editor's byte order mark is not text
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        # where, as the lexer counts: lines as below, columns in characters
        before = raw[:e.start].decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
        line = before.count("\n") + 1
        col = len(before) - (before.rfind("\n") + 1) + 1
        raise CompileError((line, col), "the file is not valid UTF-8", expected="UTF-8 text",
                           found=f"the byte 0x{raw[e.start]:02x}") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def source_map(program, positions, name):
    """The text svm-run --source-map reads: a `source PATH` line (name, the
    program as the runner should open and show it), then `PC LINE COL` for
    each instruction of program (an assembler.Program) whose source
    position is known (positions, from compile_to_assembly), in pc order."""
    lines = ["# Sense-VM source map (svm compile --source-map): PC LINE COL of each instruction",
             f"source {name}"]
    for stmt in program.statements:
        pos = positions[stmt.line - 1] if stmt.source and 0 < stmt.line <= len(positions) else None
        if pos:
            lines.append(f"{stmt.offset} {pos[0]} {pos[1]}")
    return "\n".join(lines) + "\n"
