#!/usr/bin/python3
"""Sense-VM assembler: assembly text (ISA.md syntax) -> bytecode image.

Everything about instructions (mnemonics, opcodes, operand types, groups,
control flow) comes from the ISA table through generator/isa.py; this file
only knows the operand *types* and how each is written and encoded.

Syntax
    ; comment            runs to the end of the line
    name:                a label; may stand alone or precede an instruction
                         on the same line.  Names: [A-Za-z_.][A-Za-z0-9_.]*
    mnemonic operands    one instruction per line, lower case, operands
                         separated by blanks
    integers             decimal or 0x hex, optionally negative
    floats               contain '.' or 'e' (also: inf, -inf, nan)
    switch 0 Lnil _ Ldefault
                         cases are tag/label pairs on one line; '_' is the
                         wildcard tag (encoded 0xffff)

IO entries: where an int immediate goes (u8 and i32 operands), `@NAME`
stands for the index of the entry NAME in the IO table of the container the
program runs in (`loadi @FLOOD`), read from the container's interface file
(BUILD/generated/CONTAINER.interface, written by the generator; lines
`NAME INDEX DIRECTION KIND`, `#` comments). Programs never number IO
entries. An @NAME without an interface, or one the interface lacks, is an
error naming the program's file and line.

Operand ranges: u8 0..255; bool 0 or 1; i32 decimal -2147483648..2147483647
or hex 0x0..0xffffffff (a 32-bit pattern) or -0x80000000..-0x0; f32 any
float literal whose magnitude fits binary32 (rounded to nearest); tag
0..65534; label a label defined somewhere in the file; cases 1..255 pairs.

Implicit stop: when the program is empty, when its last instruction can
continue at the next instruction (flow "next", "branch" or "call" in the table:
a call returns there) or when a label follows
the last instruction, a `stop` is appended, so execution never runs off the
end of the code and a label at the end of the file names that `stop`.

Entry: the offset of the label `main` if the file defines it, else 0.
The header's groups mask is the OR of (1 << bit) over the groups of the
instructions emitted (including an implicit stop).

Errors raise AsmError, whose str is "FILE:LINE: error: MESSAGE".

CLI:  assembler.py IN.s [-o OUT.svmb] [--listing] [--interface FILE]
The output is written to a temporary file and renamed into place, so a
failed run never leaves a partial or corrupt image behind.
"""

import argparse
import difflib
import errno
import os
import re
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "generator"))
import isa  # noqa: E402

LABEL_RE = re.compile(r"[A-Za-z_.][A-Za-z0-9_.]*\Z")
INT_RE = re.compile(r"(-?)(0[xX][0-9a-fA-F]+|[0-9]+)\Z")
FLOAT_RE = re.compile(r"-?([0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)([eE][+-]?[0-9]+)?\Z")
FLOAT_SPECIAL = {"inf": float("inf"), "-inf": float("-inf"), "nan": float("nan")}
WILDCARD = "_"
MAX_CASES = 255
IMPLICIT_STOP = "stop"
IO_REF = "@"
IO_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
IO_DIRECTIONS = ("send", "recv", "both")
INTERFACE_HEAD_RE = re.compile(r"#\s*interface of container '([^']*)'")


class AsmError(Exception):
    """An assembly error located at FILE:LINE."""

    def __init__(self, filename, line, message):
        super().__init__(f"{filename}:{line}: error: {message}")
        self.filename = filename
        self.line = line
        self.message = message


class _LineError(Exception):
    """Raised by operand parsers; the caller adds file and line."""


class _IoError(_LineError):
    """An @NAME the interface does not resolve: the message stands alone."""


class Interface:
    """A container's interface: the names of its IO entries and their indices.

    The file (generator/generate.py writes one per container) has one line
    per entry, `NAME INDEX DIRECTION KIND` (e.g. `FLOOD 0 send queuing`), in
    table order; lines starting with `#` are comments, the first one naming
    the container: `# interface of container 'main' (...)`, and one
    `# groups CORE INT ...` naming the product's instruction groups (the
    compiler uses no instruction of another group), and one `# straight-run
    N`, its CONFIG_SVM_MAX_STRAIGHT_RUN (the compiler's preemption points
    keep to it)."""

    def __init__(self, path, container=None, entries=None, groups=None, straight_run=None):
        self.path = path
        self.container = container  # its name, when the file says it
        self.groups = groups  # the product's instruction groups (a `# groups ..` line), or None: all
        self.straight_run = straight_run  # its longest run without a preemption point, or None
        self.entries = entries or []  # [(name, index, direction, kind)], in table order
        self.index = {name: index for name, index, _, _ in self.entries}

    @classmethod
    def parse(cls, text, path):
        container = None
        groups = None
        straight_run = None
        entries = []
        for lineno, line in enumerate(text.splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            if line.startswith("#"):
                m = INTERFACE_HEAD_RE.match(line)
                if m and container is None:
                    container = m.group(1)
                elif line.split()[1:2] == ["groups"]:
                    groups = frozenset(line.split()[2:])
                elif line.split()[1:2] == ["straight-run"]:
                    words = line.split()
                    if len(words) != 3 or not words[2].isascii() or not words[2].isdigit():
                        raise AsmError(path, lineno, f"a straight-run line is '# straight-run N', not '{line}'")
                    straight_run = int(words[2])
                continue
            words = line.split()
            if len(words) != 4:
                raise AsmError(path, lineno, f"an interface line is 'NAME INDEX DIRECTION KIND', not '{line}'")
            name, index, direction, kind = words
            if not IO_NAME_RE.match(name):
                raise AsmError(path, lineno, f"bad IO entry name '{name}'")
            if not index.isdigit() or int(index) != len(entries):
                raise AsmError(path, lineno, f"entry '{name}' has index {index}, expected {len(entries)}")
            if direction not in IO_DIRECTIONS:
                raise AsmError(path, lineno, f"entry '{name}': direction '{direction}' is not send, recv or both")
            if any(e[0] == name for e in entries):
                raise AsmError(path, lineno, f"duplicate IO entry '{name}'")
            entries.append((name, int(index), direction, kind))
        return cls(path, container, entries, groups, straight_run)

    @classmethod
    def read(cls, path):
        try:
            with open(path, encoding="utf-8") as f:
                text = f.read()
        except UnicodeDecodeError:
            raise AsmError(path, 1, "the interface file is not valid UTF-8") from None
        return cls.parse(text, path)

    def describe(self):
        who = f"container '{self.container}'" if self.container is not None else f"'{self.path}'"
        return f"the interface of {who}"

    def resolve(self, name):
        """The entry's index; _LineError when the interface lacks it."""
        if name in self.index:
            return self.index[name]
        names = ", ".join(e[0] for e in self.entries)
        listed = f"entries: {names}" if names else "it has no entries"
        raise _IoError(f"no IO entry '{name}' in {self.describe()} ({listed})")


class Statement:
    """One instruction of the source: where it is and how it encodes."""

    def __init__(self, line, instr, tokens, offset, source):
        self.line = line
        self.instr = instr
        self.tokens = tokens  # operand tokens as written
        self.offset = offset
        self.source = source  # the source line, for listings
        self.encoded = b""

    @property
    def size(self):
        """Encoded size in bytes, known before labels are resolved."""
        fixed = self.instr.fixed_size
        if fixed is not None:
            return fixed
        size = 1
        for op in self.instr.operands:
            if op.type == "cases":
                size += 1 + 4 * (len(self.tokens) // 2)
            else:
                size += op.width
        return size


class Program:
    """The result of assembling: the image and what a listing needs."""

    def __init__(self, image, code, entry, groups_mask, statements, labels):
        self.image = image
        self.code = code
        self.entry = entry
        self.groups_mask = groups_mask
        self.statements = statements
        self.labels = labels  # name -> offset


# ---------------------------------------------------------------- numbers


def parse_int(token):
    """Parse a decimal or 0x hex integer; returns (value, is_hex)."""
    m = INT_RE.match(token)
    if not m:
        raise _LineError(f"malformed number '{token}'")
    sign, digits = m.groups()
    is_hex = digits[:2] in ("0x", "0X")
    value = int(digits, 16 if is_hex else 10)
    return (-value if sign else value), is_hex


def _ranged(token, lo, hi, what):
    value, _ = parse_int(token)
    if not lo <= value <= hi:
        raise _LineError(f"{what} {token} out of range {lo}..{hi}")
    return value


def encode_u8(token):
    return bytes([_ranged(token, 0, 255, "immediate")])


def encode_bool(token):
    return bytes([_ranged(token, 0, 1, "boolean")])


def encode_i32(token):
    value, is_hex = parse_int(token)
    if is_hex and value >= 0:
        lo, hi = 0, 0xFFFFFFFF
    else:
        lo, hi = -0x80000000, 0x7FFFFFFF
    if not lo <= value <= hi:
        raise _LineError(f"immediate {token} out of range for a 32-bit integer")
    return struct.pack("<I", value & 0xFFFFFFFF)


def parse_float(token):
    """Parse a float literal (an integer literal is accepted too)."""
    if token in FLOAT_SPECIAL:
        return FLOAT_SPECIAL[token]
    if INT_RE.match(token):
        return float(parse_int(token)[0])
    if not FLOAT_RE.match(token):
        raise _LineError(f"malformed number '{token}'")
    return float(token)


def encode_f32(token):
    try:
        return struct.pack("<f", parse_float(token))
    except OverflowError:
        raise _LineError(f"float {token} out of range for binary32") from None


def encode_tag(token):
    if token == WILDCARD:
        raise _LineError("'_' is a tag only in switch cases")
    return struct.pack("<H", _ranged(token, 0, isa.MAX_TAG, "tag"))


def check_label_name(name):
    if not LABEL_RE.match(name):
        raise _LineError(f"bad label name '{name}'")
    return name


# ------------------------------------------------------------- assembler


class Assembler:
    """Two passes over the source: lay out and collect labels, then encode."""

    def __init__(self, text, filename, table=None, interface=None):
        self.text = text
        self.filename = filename
        self.isa = table or isa.load()
        if interface is not None and not isinstance(interface, Interface):
            interface = Interface.read(os.fspath(interface))
        self.interface = interface
        self.labels = {}  # name -> (offset, line)
        self.statements = []
        self.pending_labels = False  # a label after the last instruction

    def error(self, line, message):
        return AsmError(self.filename, line, message)

    # pass 1 ------------------------------------------------------------

    def parse(self):
        offset = 0
        for lineno, source in enumerate(self.text.splitlines(), start=1):
            body = source.split(";", 1)[0].strip()
            while ":" in body:
                name, body = body.split(":", 1)
                name, body = name.strip(), body.strip()
                self.define_label(name, offset, lineno)
            if not body:
                continue
            mnemonic, *tokens = body.split()
            instr = self.lookup(mnemonic, lineno)
            self.check_operand_count(instr, tokens, lineno)
            stmt = Statement(lineno, instr, tokens, offset, source)
            self.statements.append(stmt)
            offset = self.advance(offset, stmt)
            self.pending_labels = False
        return offset

    def define_label(self, name, offset, lineno):
        try:
            check_label_name(name)
        except _LineError as e:
            raise self.error(lineno, str(e)) from None
        if name in self.labels:
            first = self.labels[name][1]
            raise self.error(lineno, f"duplicate label '{name}' (first defined on line {first})")
        self.labels[name] = (offset, lineno)
        self.pending_labels = True

    def lookup(self, mnemonic, lineno):
        instr = self.isa.by_name.get(mnemonic)
        if instr is not None:
            return instr
        names = list(self.isa.by_name)
        if mnemonic.lower() in self.isa.by_name:
            hint = f"; mnemonics are lower case: '{mnemonic.lower()}'"
        else:
            close = difflib.get_close_matches(mnemonic.lower(), names, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
        raise self.error(lineno, f"unknown mnemonic '{mnemonic}'{hint}")

    def check_operand_count(self, instr, tokens, lineno):
        if any(op.type == "cases" for op in instr.operands):
            if not tokens:
                raise self.error(lineno, f"{instr.name} with no cases (syntax: {instr.syntax})")
            if len(tokens) % 2:
                raise self.error(lineno, f"missing operand: the tag {tokens[-1]} of {instr.name} has no label")
            if len(tokens) // 2 > MAX_CASES:
                raise self.error(lineno, f"{instr.name} has {len(tokens) // 2} cases, at most {MAX_CASES} fit")
            return
        expected = len(instr.operands)
        if len(tokens) < expected:
            missing = instr.operands[len(tokens)].name
            raise self.error(lineno, f"missing operand '{missing}' (syntax: {instr.syntax})")
        if len(tokens) > expected:
            raise self.error(lineno, f"extra operand '{tokens[expected]}' (syntax: {instr.syntax})")

    def advance(self, offset, stmt):
        end = offset + stmt.size
        if end > isa.MAX_CODE_SIZE:
            raise self.error(stmt.line, f"code larger than {isa.MAX_CODE_SIZE} bytes")
        return end

    def add_implicit_stop(self, offset):
        last = self.statements[-1] if self.statements else None
        if last is not None and last.instr.flow == "jump" and not self.pending_labels:
            return offset
        if IMPLICIT_STOP not in self.isa.by_name:
            raise isa.IsaError(f"the ISA table has no '{IMPLICIT_STOP}' instruction")
        lineno = max(1, len(self.text.splitlines()))
        stmt = Statement(lineno, self.isa.by_name[IMPLICIT_STOP], [], offset, "")
        self.statements.append(stmt)
        return self.advance(offset, stmt)

    # pass 2 ------------------------------------------------------------

    def resolve(self, name):
        check_label_name(name)
        if name not in self.labels:
            raise _LineError(f"undefined label '{name}'")
        return struct.pack("<H", self.labels[name][0])

    def encode_cases(self, tokens):
        out = bytearray([len(tokens) // 2])
        for tag, label in zip(tokens[0::2], tokens[1::2]):
            out += struct.pack("<H", isa.WILDCARD_TAG) if tag == WILDCARD else encode_tag(tag)
            out += self.resolve(label)
        return bytes(out)

    def io_entry(self, token):
        """The index `@NAME` stands for, from the container's interface."""
        name = token[len(IO_REF):]
        if not IO_NAME_RE.match(name):
            raise _LineError(f"bad IO entry name '{token}' (write @NAME, NAME an entry of the container's interface)")
        if self.interface is None:
            raise _IoError(
                f"'{token}' names an IO entry, but no interface was given (--interface FILE: "
                "BUILD/generated/CONTAINER.interface)"
            )
        return self.interface.resolve(name)

    def io_or(self, encoder):
        """An int operand's encoder that also takes @NAME."""

        def encode_operand(token):
            if token.startswith(IO_REF):
                return encoder(str(self.io_entry(token)))
            return encoder(token)

        return encode_operand

    def encode(self, stmt):
        encoders = {
            "u8": self.io_or(encode_u8),
            "slot": encode_u8,
            "bool": encode_bool,
            "i32": self.io_or(encode_i32),
            "f32": encode_f32,
            "tag": encode_tag,
            "label": self.resolve,
        }
        out = bytearray([stmt.instr.opcode])
        try:
            for op, token in zip(stmt.instr.operands, stmt.tokens):
                if op.type == "cases":
                    out += self.encode_cases(stmt.tokens)
                elif op.type in encoders:
                    out += encoders[op.type](token)
                else:
                    raise _LineError(f"the assembler does not know operand type '{op.type}'")
        except _IoError as e:
            raise self.error(stmt.line, str(e)) from None
        except _LineError as e:
            raise self.error(stmt.line, f"{stmt.instr.name}: {e}") from None
        assert len(out) == stmt.size, (stmt.instr.name, len(out), stmt.size)
        return bytes(out)

    def run(self):
        offset = self.parse()
        self.add_implicit_stop(offset)
        for stmt in self.statements:
            stmt.encoded = self.encode(stmt)
        code = b"".join(s.encoded for s in self.statements)
        mask = 0
        for stmt in self.statements:
            mask |= 1 << stmt.instr.group.bit
        entry = self.labels["main"][0] if "main" in self.labels else 0
        image = isa.header_pack(mask, code, entry)
        labels = {name: off for name, (off, _) in self.labels.items()}
        return Program(image + code, code, entry, mask, self.statements, labels)


def assemble_program(text, filename="<input>", interface=None):
    """Assemble text; returns a Program (image, code, entry, listing data).
    interface: the container's Interface, or the path of its interface file,
    against which @NAME operands are resolved (None: @NAME is an error)."""
    return Assembler(text, filename, interface=interface).run()


def assemble(text, filename="<input>", interface=None):
    """Assemble text into a complete image (header + code); raises AsmError."""
    return assemble_program(text, filename, interface=interface).image


# ------------------------------------------------------------------- CLI


def listing(program):
    """A human-readable listing: offset, bytes, labels and source."""
    by_offset = {}
    for name, off in program.labels.items():
        by_offset.setdefault(off, []).append(name)
    lines = [f"; groups mask 0x{program.groups_mask:08x}, {len(program.code)} code bytes, entry {program.entry}"]
    for stmt in program.statements:
        for name in sorted(by_offset.get(stmt.offset, [])):
            lines.append(f"{stmt.offset:5d}  {'':<14}      {name}:")
        hexbytes = stmt.encoded.hex(" ")
        if len(hexbytes) > 14:
            hexbytes = hexbytes[:11] + "..."
        text = " ".join([stmt.instr.name] + stmt.tokens)
        where = f"line {stmt.line}" if stmt.source else "implicit"
        lines.append(f"{stmt.offset:5d}  {hexbytes:<14}        {text:<30} ; {where}")
    return "\n".join(lines)


def write_atomically(path, data):
    """Write data to path through a temporary file in the same directory.
    An error names path (or its directory), never the temporary file."""
    directory = os.path.dirname(os.path.abspath(path))
    tmp = os.path.join(directory, f".{os.path.basename(path)}.{os.getpid()}.tmp")
    if not os.path.isdir(directory):
        raise FileNotFoundError(errno.ENOENT, "no such directory for the output", directory)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as e:
        raise OSError(e.errno, f"cannot write there ({e.strerror})", path) from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def read_source(path):
    """Read a source file as UTF-8; a decoding error names its line."""
    with open(path, "rb") as f:
        raw = f.read()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw.count(b"\n", 0, e.start) + 1
        raise AsmError(path, line, "the file is not valid UTF-8") from None


def is_same_file(a, b):
    """a and b name one existing file (an output that would overwrite its input)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def main(argv=None):
    parser = argparse.ArgumentParser(description="Assemble Sense-VM assembly into a bytecode image.")
    parser.add_argument("input", help="assembly source (.s)")
    parser.add_argument("-o", "--output", help="output image (default: INPUT with .svmb)")
    parser.add_argument("--listing", action="store_true", help="print offsets, bytes and source to stdout")
    parser.add_argument(
        "--interface",
        metavar="FILE",
        help="the container's interface (BUILD/generated/CONTAINER.interface): resolves @NAME operands",
    )
    args = parser.parse_args(argv)
    output = args.output or os.path.splitext(args.input)[0] + ".svmb"
    if is_same_file(output, args.input):
        print(f"{args.input}: error: the output {output} is the input file: it would be overwritten",
              file=sys.stderr)
        return 1
    try:
        interface = Interface.read(args.interface) if args.interface else None
        program = assemble_program(read_source(args.input), args.input, interface=interface)
        write_atomically(output, program.image)
    except AsmError as e:
        print(e, file=sys.stderr)
        return 1
    except OSError as e:
        print(f"assembler: error: {e.strerror or e}" + (f": {e.filename}" if e.filename else ""), file=sys.stderr)
        return 1
    except isa.IsaError as e:
        print(f"assembler: error: {e}", file=sys.stderr)
        return 1
    if args.listing:
        print(listing(program))
    return 0


if __name__ == "__main__":
    sys.exit(main())
