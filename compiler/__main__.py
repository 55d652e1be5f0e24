"""camc: compile a program of the source language (LANGUAGE.md) to a
Sense-VM bytecode image.

    python3 -m compiler PROG.cam [-o PROG.svmb] [--asm OUT.s] [--listing] [--source-map FILE]
                                 [[--container NAME] --build-dir DIR | --interface FILE]

Errors print FILE:LINE:COL: error: ... with the line and a caret, and the
exit status is 1.  `port NAME` is checked against the container's
interface: --container NAME --build-dir DIR read DIR/generated/NAME.interface
(--build-dir alone: the build's container 0, as `./svm run` uses; or
--interface FILE names the file); without one the assembler is left to
resolve `@NAME`, and fails on it.
"""

import argparse
import os
import re
import stat
import sys

from .driver import assembler, compile_to_assembly, read_source, source_map
from .errors import CompileError, render


def write_output(path, data):
    """Atomically, and never over something that is not a regular file."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        st = None
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise OSError(f"{path} exists and is not a regular file: not replacing it")
    assembler.write_atomically(path, data)


def first_container(build_dir):
    """The name of a build's container 0 (CONFIG_SVM_CONTAINER0_NAME in its
    .config), or None."""
    try:
        with open(os.path.join(build_dir, ".config"), encoding="utf-8") as f:
            for line in f:
                m = re.match(r'CONFIG_SVM_CONTAINER0_NAME="(.*)"$', line.strip())
                if m:
                    return m.group(1)
    except OSError:
        pass
    return None


def main(argv=None):
    parser = argparse.ArgumentParser(prog="svm compile", description="Compile a program of the source language "
                                     "(docs/language.md) to a Sense-VM bytecode image.")
    parser.add_argument("input", help="source program (.cam)")
    parser.add_argument("-o", "--output", help="output image (default: INPUT with .svmb; '-': stdout)")
    parser.add_argument("--asm", metavar="FILE", help="also write the generated assembly to FILE ('-': stdout)")
    parser.add_argument("--listing", action="store_true", help="print the assembler's listing to stdout")
    parser.add_argument("--source-map", metavar="FILE", help="also write each instruction's pc and source line "
                        "and column to FILE, for svm-run --source-map (a fault then names its source line)")
    parser.add_argument("--container", metavar="NAME",
                        help="the container the program runs in: its port names are resolved against "
                        "DIR/generated/NAME.interface (with --build-dir)")
    parser.add_argument("--build-dir", metavar="DIR", help="the product build (alone: its container 0, the one "
                        "`./svm run PROG.cam` runs a program in)")
    parser.add_argument("--interface", metavar="FILE", help="the container's interface file (instead of "
                        "--container and --build-dir)")
    args = parser.parse_args(argv)
    interface = args.interface
    if interface is None and (args.container is not None or args.build_dir is not None):
        if args.build_dir is None:
            parser.error("--container NAME needs --build-dir DIR, the product build that has the container")
        container = args.container if args.container is not None else first_container(args.build_dir)
        if container is None:
            print(f"{args.input}: error: {os.path.join(args.build_dir, '.config')} names no container 0 "
                  "(CONFIG_SVM_CONTAINER0_NAME): is DIR a product build (./svm build --build-dir DIR)?",
                  file=sys.stderr)
            return 1
        interface = os.path.join(args.build_dir, "generated", container + ".interface")
    output = args.output or os.path.splitext(args.input)[0] + ".svmb"
    for flag, path in (("-o", output), ("--asm", args.asm), ("--source-map", args.source_map)):
        if path and path != "-" and assembler.is_same_file(path, args.input):
            what = f"{flag} {path}" if flag != "-o" or args.output else f"the output {path} (INPUT with .svmb)"
            print(f"{args.input}: error: {what} is the input file: it would be overwritten", file=sys.stderr)
            return 1
    source = ""
    try:
        source = read_source(args.input)
        if interface is not None and not isinstance(interface, assembler.Interface):
            if not os.path.isfile(interface):
                have = ""
                if args.container is not None and args.build_dir is not None:
                    gen = os.path.join(args.build_dir, "generated")
                    names = sorted(f[:-len(".interface")] for f in (os.listdir(gen) if os.path.isdir(gen) else [])
                                   if f.endswith(".interface"))
                    have = (f": the build's containers are {', '.join(names)}" if names
                            else ": is DIR a product build (./svm build --build-dir DIR)?")
                print(f"{args.input}: error: no interface file {interface} (the container's interface, written by "
                      f"the generator){have}", file=sys.stderr)
                return 1
            try:
                interface = assembler.Interface.read(interface)
            except assembler.AsmError as e:  # the interface's own error, with its file and line
                print(f"{args.input}: error: the container's interface is not valid: {e}", file=sys.stderr)
                return 1
        warnings = []
        positions = []
        text = compile_to_assembly(source, interface, warnings, positions=positions)
        for w in warnings:
            sys.stderr.write(render(w, args.input, source))
        asm_name = os.path.splitext(os.path.basename(args.input))[0] + ".s"
        program = assembler.assemble_program(text, asm_name, interface=interface)
        if args.asm == "-":
            sys.stdout.write(text)
        elif args.asm:
            write_output(args.asm, text.encode("utf-8"))
        if output == "-":  # the image on stdout, as --asm - writes the assembly
            sys.stdout.flush()
            sys.stdout.buffer.write(program.image)
            sys.stdout.flush()
        else:
            write_output(output, program.image)
        if args.source_map:
            # the program as named here: svm-run, run from here, opens it
            write_output(args.source_map, source_map(program, positions, args.input).encode("utf-8"))
    except CompileError as e:
        sys.stderr.write(render(e, args.input, source))
        return 1
    except assembler.AsmError as e:
        m = re.match(r"'@(\w+)' names an IO entry, but no interface was given", e.message)
        use = re.search(rf"\b(port|device)\s+{m.group(1)}\b", source) if m else None
        if use:  # `port NAME` / `device NAME` compiled without a container: point at it
            line = source.count("\n", 0, use.start()) + 1
            col = use.start() - (source.rfind("\n", 0, use.start()) + 1) + 1
            sys.stderr.write(render(CompileError(
                (line, col), f"`{use.group(1)} {m.group(1)}` needs the interface of the container it runs in",
                expected="--container NAME --build-dir DIR (or --interface FILE)",
                found="no interface", notes=["./svm run PROG.cam uses the build's container 0"]), args.input, source))
            return 1
        if e.message.startswith("code larger than"):
            print(f"{args.input}:1:1: error: the program is too large: its code would be more than "
                  f"{assembler.isa.MAX_CODE_SIZE} bytes, the most an image holds (split it into containers, or make it "
                  "smaller)", file=sys.stderr)
            return 1
        print(f"{args.input}:1:1: error: the generated code does not assemble: {e.message}", file=sys.stderr)
        return 1
    except OSError as e:
        print(f"{args.input}: error: {e.strerror or e}" + (f": {e.filename}" if e.filename else ""),
              file=sys.stderr)
        return 1
    except Exception as e:  # noqa: BLE001 - a compiler bug: one line, never a traceback
        if os.environ.get("SVM_CAMC_TRACEBACK"):  # for the compiler's developers
            raise
        print(f"{args.input}:1:1: error: internal compiler error ({type(e).__name__}: {e}); please report it "
              "with this program", file=sys.stderr)
        return 1
    if args.listing:
        print(source_listing(assembler.listing(program), positions, args.input))
    return 0


def source_listing(text, positions, name):
    """The assembler's listing with each instruction's `; line N` (of the
    generated assembly) replaced by the source line it was compiled from,
    `; PROG.cam:L:C`, where known: a fault's pc maps to the program."""
    def where(m):
        n = int(m.group(1))
        pos = positions[n - 1] if 0 < n <= len(positions) else None
        return f"; {os.path.basename(name)}:{pos[0]}:{pos[1]}" if pos else "; (no source line)"
    return re.sub(r"; line (\d+)$", where, text, flags=re.M)


if __name__ == "__main__":
    sys.exit(main())
