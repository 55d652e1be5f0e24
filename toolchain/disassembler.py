#!/usr/bin/python3
"""Sense-VM disassembler: bytecode image -> re-assemblable assembly.

Like the assembler, it is driven entirely by the ISA table through
generator/isa.py: opcodes, operand types and groups come from there.

Output:
  * a header comment: ISA version, groups needed (by name), code size and
    entry;
  * `main:` at the entry and `L<offset>:` at every other jump target;
  * one instruction per line, its code offset in a trailing comment.

Floats are printed with the fewest digits that read back to the same
binary32 value (always with a '.' or an 'e'; inf, -inf and nan as such),
so assembling the output gives back the same image.  The one exception:
NaNs with a non-default payload print as `nan` (their bits in a comment).

A bad image (header, checksum, unknown opcode, truncated instruction,
operand out of range, jump into the middle of an instruction) raises
DisasmError naming the offset; the CLI prints one line and exits 1.

CLI:  disassembler.py IN.svmb [-o OUT.s]
"""

import argparse
import math
import os
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "generator"))
import isa  # noqa: E402

COMMENT_COLUMN = 32


class DisasmError(Exception):
    """The image cannot be disassembled."""


class Decoded:
    """One decoded instruction: its offset, table row and operand values."""

    def __init__(self, offset, instr, operands, size):
        self.offset = offset
        self.instr = instr
        self.operands = operands  # one value per table operand; cases: [(tag, target)]
        self.size = size


def format_float(value):
    """The shortest text that assembles back to the same binary32 value."""
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    bits = struct.pack("<f", value)
    for digits in range(1, 10):
        text = f"{value:.{digits}g}"
        try:
            if struct.pack("<f", float(text)) == bits:
                break
        except OverflowError:  # rounded up beyond the largest binary32
            continue
    else:
        text = repr(value)
    if not any(c in text for c in ".eE"):
        text += ".0"
    return text


def _read(code, pos, width, start, what):
    """width bytes at pos, of the instruction starting at start."""
    if pos + width > len(code):
        raise DisasmError(f"offset {start}: truncated {what} (code ends at {len(code)})")
    return code[pos:pos + width]


def decode_one(table, code, offset):
    """Decode the instruction at offset; raises DisasmError."""
    opcode = code[offset]
    instr = table.by_opcode.get(opcode)
    if instr is None:
        raise DisasmError(f"offset {offset}: unknown opcode {opcode} (0x{opcode:02x})")
    what = f"'{instr.name}' instruction"
    pos = offset + 1
    values = []
    for op in instr.operands:
        if op.type == "cases":
            count = _read(code, pos, 1, offset, what)[0]
            if count == 0:
                raise DisasmError(f"offset {offset}: {instr.name} with no cases")
            raw = _read(code, pos + 1, 4 * count, offset, what)
            values.append([struct.unpack_from("<HH", raw, 4 * i) for i in range(count)])
            pos += 1 + 4 * count
            continue
        raw = _read(code, pos, op.width, offset, what)
        pos += op.width
        if op.type in ("u8", "slot"):
            values.append(raw[0])
        elif op.type == "bool":
            if raw[0] > 1:
                raise DisasmError(f"offset {offset}: {instr.name}: boolean operand {raw[0]} is not 0 or 1")
            values.append(raw[0])
        elif op.type == "i32":
            values.append(struct.unpack("<i", raw)[0])
        elif op.type == "f32":
            values.append(struct.unpack("<f", raw)[0])
        elif op.type in ("tag", "label"):
            value = struct.unpack("<H", raw)[0]
            if op.type == "tag" and value > isa.MAX_TAG:
                raise DisasmError(f"offset {offset}: {instr.name}: tag {value} out of range 0..{isa.MAX_TAG}")
            values.append(value)
        else:
            raise DisasmError(f"offset {offset}: the disassembler does not know operand type '{op.type}'")
    return Decoded(offset, instr, values, pos - offset)


def decode(table, code):
    """Decode the whole code section, in order."""
    out = []
    offset = 0
    while offset < len(code):
        d = decode_one(table, code, offset)
        out.append(d)
        offset += d.size
    return out


def jump_targets(decoded):
    """(target, offset of the referring instruction) for every label operand."""
    for d in decoded:
        for op, value in zip(d.instr.operands, d.operands):
            if op.type == "label":
                yield value, d.offset
            elif op.type == "cases":
                for _, target in value:
                    yield target, d.offset


def group_names(table, mask):
    names = [g.name for g in table.groups.values() if mask & (1 << g.bit)]
    known = 0
    for g in table.groups.values():
        known |= 1 << g.bit
    names += [f"bit{b}?" for b in range(32) if mask & ~known & (1 << b)]
    return " ".join(names) if names else "none"


def disassemble(image, table=None):
    """Disassemble a complete image (header + code) into assembly text."""
    table = table or isa.load()
    try:
        mask, code, entry = isa.header_unpack(bytes(image))
    except isa.IsaError as e:
        raise DisasmError(str(e)) from None
    if not code:
        raise DisasmError("the image has no code")
    decoded = decode(table, code)
    starts = {d.offset for d in decoded}
    if entry not in starts:
        raise DisasmError(f"entry {entry} is not the start of an instruction")
    labels = {entry: "main"}
    for target, offset in jump_targets(decoded):
        if target not in starts:
            raise DisasmError(f"offset {offset}: jump target {target} is not the start of an instruction")
        labels.setdefault(target, f"L{target}")

    used = 0
    for d in decoded:
        used |= 1 << d.instr.group.bit
    lines = [
        f"; Sense-VM image, ISA version {isa.ISA_VERSION}",
        f"; groups: {group_names(table, mask)} (mask 0x{mask:08x})",
        f"; code: {len(code)} bytes, entry {entry}",
    ]
    if used != mask:
        lines.append(f"; note: the instructions use groups {group_names(table, used)} (mask 0x{used:08x});"
                     " reassembly derives the mask from them")
    if decoded and decoded[-1].instr.flow != "jump":
        lines.append("; note: the last instruction falls through; reassembly appends a stop")
    lines.append("")

    for d in decoded:
        if d.offset in labels:
            lines.append(f"{labels[d.offset]}:")
        text = "    " + " ".join([d.instr.name] + format_operands(d, labels))
        comment = f"; {d.offset}"
        for op, value in zip(d.instr.operands, d.operands):
            if op.type == "f32" and math.isnan(value):
                bits = struct.pack("<f", value)
                if bits != struct.pack("<f", float("nan")):
                    comment += f" (nan bits 0x{struct.unpack('<I', bits)[0]:08x})"
        lines.append(f"{text:<{COMMENT_COLUMN - 1}} {comment}")
    return "\n".join(lines) + "\n"


def format_operands(d, labels):
    out = []
    for op, value in zip(d.instr.operands, d.operands):
        if op.type == "cases":
            for tag, target in value:
                out.append("_" if tag == isa.WILDCARD_TAG else str(tag))
                out.append(labels[target])
        elif op.type == "label":
            out.append(labels[value])
        elif op.type == "f32":
            out.append(format_float(value))
        else:
            out.append(str(value))
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description="Disassemble a Sense-VM bytecode image.")
    parser.add_argument("input", help="bytecode image (.svmb)")
    parser.add_argument("-o", "--output", help="write the assembly here instead of stdout")
    args = parser.parse_args(argv)
    try:
        with open(args.input, "rb") as f:
            text = disassemble(f.read())
        if args.output:
            with open(args.output, "w") as f:
                f.write(text)
        else:
            sys.stdout.write(text)
    except DisasmError as e:
        print(f"{args.input}: error: {e}", file=sys.stderr)
        return 1
    except (OSError, isa.IsaError) as e:
        print(f"disassembler: error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
