"""Load and check the ISA table (generator/isa.toml).

The one place that turns the table into Python objects: the generator, the
assembler and the disassembler all use it, so opcode numbers, operand
encodings and groups cannot drift apart.
"""

import os
import struct
import tomllib

ISA_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "isa.toml")

ISA_VERSION = 1
IMAGE_MAGIC = b"SVMB"
IMAGE_HEADER_SIZE = 24
MAX_CODE_SIZE = 0xFFFF  # labels are 16-bit code offsets
WILDCARD_TAG = 0xFFFF
MAX_TAG = 0xFFFE

# Operand type -> fixed encoded width in bytes (cases is variable).
OPERAND_WIDTH = {"u8": 1, "slot": 1, "bool": 1, "i32": 4, "f32": 4, "tag": 2, "label": 2}
OPERAND_TYPES = set(OPERAND_WIDTH) | {"cases"}
FLOWS = ("next", "jump", "branch", "call")


class IsaError(Exception):
    pass


class Operand:
    def __init__(self, name, type_):
        self.name = name
        self.type = type_

    @property
    def width(self):
        return OPERAND_WIDTH.get(self.type)


class Group:
    def __init__(self, name, bit, kconfig, title):
        self.name = name
        self.bit = bit
        self.kconfig = kconfig
        self.title = title


class Instr:
    def __init__(self, opcode, name, group, operands, flow, doc, body, loops=False):
        self.opcode = opcode
        self.loops = loops  # the body loops as many times as its first operand (or its cases)
        self.name = name
        self.group = group
        self.operands = operands
        self.flow = flow
        self.doc = doc
        self.body = body

    @property
    def fixed_size(self):
        """Encoded size in bytes, or None when variable (cases)."""
        size = 1
        for op in self.operands:
            if op.width is None:
                return None
            size += op.width
        return size

    @property
    def c_name(self):
        return "SVM_OP_" + self.name.upper()

    @property
    def syntax(self):
        parts = [self.name]
        for op in self.operands:
            parts.append("t1 L1 ... tn Ln" if op.type == "cases" else op.name)
        return " ".join(parts)


class Isa:
    def __init__(self, groups, instrs):
        self.groups = groups  # name -> Group, in bit order
        self.instrs = instrs  # in opcode order
        self.by_name = {i.name: i for i in instrs}
        self.by_opcode = {i.opcode: i for i in instrs}


def load(path=ISA_PATH):
    with open(path, "rb") as f:
        try:
            data = tomllib.load(f)
        except tomllib.TOMLDecodeError as e:
            raise IsaError(f"{path}: {e}") from None
    groups = {}
    for name, g in data.get("groups", {}).items():
        for key in ("bit", "kconfig", "title"):
            if key not in g:
                raise IsaError(f"{path}: group {name} has no '{key}'")
        groups[name] = Group(name, g["bit"], g["kconfig"], g["title"])
    bits = [g.bit for g in groups.values()]
    if len(set(bits)) != len(bits) or any(not 0 <= b < 32 for b in bits):
        raise IsaError(f"{path}: group bits must be distinct and in 0..31")
    if "CORE" not in groups:
        raise IsaError(f"{path}: there is no CORE group")
    groups = dict(sorted(groups.items(), key=lambda kv: kv[1].bit))

    instrs = []
    seen = set()
    for n, row in enumerate(data.get("instr", []), start=1):
        name = row.get("name")
        where = f"{path}: instruction #{n} ({name})"
        if not name or not name.isidentifier() or name != name.lower():
            raise IsaError(f"{where}: name must be a lower-case identifier")
        if name in seen:
            raise IsaError(f"{where}: duplicate mnemonic")
        seen.add(name)
        group = row.get("group")
        if group not in groups:
            raise IsaError(f"{where}: unknown group {group!r}")
        operands = []
        for spec in row.get("operands", []):
            oname, _, otype = spec.partition(":")
            if otype not in OPERAND_TYPES or not oname.isidentifier():
                raise IsaError(f"{where}: bad operand {spec!r}")
            operands.append(Operand(oname, otype))
        if len(operands) > 4:
            raise IsaError(f"{where}: at most 4 operands (svm_opinfo.operands in templates/svm_opcodes.h.j2)")
        if any(o.type == "cases" for o in operands) and len(operands) != 1:
            raise IsaError(f"{where}: a cases operand must be the only one")
        flow = row.get("flow", "next")
        if flow not in FLOWS:
            raise IsaError(f"{where}: flow must be one of {FLOWS}")
        if "doc" not in row or "body" not in row:
            raise IsaError(f"{where}: needs doc and body")
        loops = bool(row.get("loops", False)) or any(o.type == "cases" for o in operands)
        if loops and (not operands or operands[0].type not in ("u8", "cases")):
            raise IsaError(f"{where}: loops = true needs a first operand of type u8 (its count)")
        instrs.append(Instr(n, name, groups[group], operands, flow, row["doc"], row["body"], loops))
    if len(instrs) > 255:
        raise IsaError(f"{path}: more than 255 instructions do not fit an opcode byte")
    return Isa(groups, instrs)


def header_pack(groups_mask, code, entry):
    """The image header (docs/bytecode.md) for code and its entry offset."""
    import zlib

    return struct.pack(
        "<4sBBHIIII",
        IMAGE_MAGIC,
        ISA_VERSION,
        0,
        IMAGE_HEADER_SIZE,
        groups_mask,
        len(code),
        entry,
        zlib.crc32(code) & 0xFFFFFFFF,
    )


def header_unpack(data):
    """Parse an image header; returns (groups_mask, code, entry) or raises IsaError."""
    import zlib

    if len(data) < IMAGE_HEADER_SIZE:
        raise IsaError(f"image is {len(data)} bytes, shorter than its {IMAGE_HEADER_SIZE}-byte header")
    magic, version, flags, hsize, groups, csize, entry, crc = struct.unpack_from("<4sBBHIIII", data)
    if magic != IMAGE_MAGIC:
        raise IsaError("not a Sense-VM image (bad magic)")
    if version != ISA_VERSION:
        raise IsaError(f"image version {version}, this toolchain reads version {ISA_VERSION}")
    if hsize != IMAGE_HEADER_SIZE or flags != 0:
        raise IsaError("bad header size or flags")
    if csize != len(data) - IMAGE_HEADER_SIZE:
        raise IsaError(f"header says {csize} code bytes, the file has {len(data) - IMAGE_HEADER_SIZE}")
    code = data[IMAGE_HEADER_SIZE:]
    if zlib.crc32(code) & 0xFFFFFFFF != crc:
        raise IsaError("code checksum mismatch: the image is corrupted")
    return groups, code, entry
