#!/usr/bin/python3
"""The Sense-VM generator: from a product configuration to its C.

    generate.py config   --srctree SRC --defconfig FILE [FILE...] --config OUT
        Write a full .config from Kconfig defaults plus defconfig fragments
        (later fragments override earlier ones).

    generate.py generate --srctree SRC --config .config --out DIR
        Read Kconfig + .config, build the product model, check it, and render
        templates/ into DIR: svm_autoconf.h, svm_opcodes.h/.c (all of the
        ISA's opcodes, for names and operand checks), svm_interp.c (the
        dispatch table and handlers of the enabled groups only),
        svm_containers.c (static storage, container table, embedded
        programs) and svm_product.cmake (what CMake needs to know).

    generate.py isa-doc --out docs/isa.md
        Render the instruction set reference from the ISA table.

Output is deterministic: the same inputs give byte-identical files, and a
file whose content would not change is not rewritten (no needless rebuilds).
An impossible product is refused with a message naming the Kconfig symbol.
Runs with an interpreter that has Jinja2 and Kconfiglib (/usr/bin/python3 on
Debian; see README.md).
"""

import argparse
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(ROOT, "toolchain"))

import isa as isa_mod  # noqa: E402

try:
    import jinja2
    import kconfiglib
except ImportError as e:  # pragma: no cover - depends on the machine
    sys.exit(
        f"generate.py: {e.name} is missing for {sys.executable}: install python3-jinja2 and "
        "python3-kconfiglib (apt-get) and run with /usr/bin/python3"
    )

MAX_CONTAINERS = 1  # slots declared in Kconfig (kconfig/Kconfig.container)
CELL_BYTES = 16
VALUE_BYTES = 8
CONTAINER_OVERHEAD = 1024  # struct svm_container and its context, rounded up
HEADER_SIZE = isa_mod.IMAGE_HEADER_SIZE


class ConfigError(Exception):
    """An impossible product: the message names the symbol at fault."""


# ------------------------------------------------------------ Kconfig


def load_kconfig(srctree):
    os.environ["srctree"] = srctree
    try:
        kconf = kconfiglib.Kconfig(os.path.join(srctree, "Kconfig"), warn_to_stderr=False)
    except kconfiglib.KconfigError as e:
        raise ConfigError(str(e)) from None
    kconf.warn_assign_undef = True
    kconf.warn_assign_override = False
    kconf.warn_assign_redun = False
    return kconf


def load_config_file(kconf, path, replace=True):
    if not os.path.isfile(path):
        raise ConfigError(f"{path}: no such configuration file")
    before = len(kconf.warnings)
    kconf.load_config(path, replace=replace)
    problems = kconf.warnings[before:]
    if problems:
        raise ConfigError("\n".join(w.replace("warning: ", "") for w in problems))


def check_assignments(kconf, source):
    """Refuse assignments Kconfiglib ignored silently: a value outside the
    symbol's range, or a symbol whose dependencies are not met."""
    problems = []
    for s in kconf.unique_defined_syms:
        if s.user_value is None or s.choice is not None:
            continue
        if s.type in (kconfiglib.BOOL, kconfiglib.TRISTATE):
            applied = s.tri_value == s.user_value
        elif s.type in (kconfiglib.INT, kconfiglib.HEX):
            try:
                applied = int(s.str_value, 0) == int(s.user_value, 0)
            except ValueError:
                applied = False
        else:
            applied = s.str_value == s.user_value
        if applied:
            continue
        value = s.user_value if not isinstance(s.user_value, int) else "ny"[s.user_value // 2]
        if s.ranges and s.visibility:
            lo, hi = (r.str_value for r in s.ranges[0][:2])
            why = f"outside its range {lo}..{hi}"
        elif not s.visibility:
            why = f"not applicable: it depends on {kconfiglib.expr_str(s.direct_dep)}"
        else:
            why = "not applied"
        problems.append(f"CONFIG_{s.name}={value}: {why} (now {s.str_value or 'unset'})")
    if problems:
        raise ConfigError(f"{source}: " + "; ".join(problems))


def cmd_config(args):
    kconf = load_kconfig(args.srctree)
    first = True
    for frag in args.defconfig:
        load_config_file(kconf, frag, replace=first)
        first = False
    check_assignments(kconf, " + ".join(args.defconfig))
    os.makedirs(os.path.dirname(os.path.abspath(args.config)), exist_ok=True)
    tmp = args.config + ".tmp"
    kconf.write_config(tmp, header=f"# Sense-VM product configuration, from {' '.join(args.defconfig)}\n")
    os.replace(tmp, args.config)
    print(f"generate.py: wrote {args.config} from {' '.join(args.defconfig)}")


# ------------------------------------------------------- product model


class Container:
    def __init__(self, slot, name, heap_cells, stack_depth, criticality, budget, program, image):
        self.slot = slot
        self.name = name
        self.heap_cells = heap_cells
        self.stack_depth = stack_depth
        self.criticality = criticality
        self.budget = budget
        self.program = program  # path relative to the source tree
        self.image = image  # bytes
        self.contexts = 1

    @property
    def ram_bytes(self):
        cells = self.heap_cells + 1
        bitmaps = 2 * 4 * ((cells + 31) // 32)
        return cells * CELL_BYTES + bitmaps + self.stack_depth * VALUE_BYTES + CONTAINER_OVERHEAD


class Product:
    pass


def sym(kconf, name):
    return kconf.syms[name]


def enabled(kconf, name):
    return sym(kconf, name).tri_value == 2


def int_value(kconf, name):
    s = sym(kconf, name)
    try:
        return int(s.str_value, 0)
    except ValueError:
        raise ConfigError(f"CONFIG_{name}: '{s.str_value}' is not an integer") from None


def first_use_of_group(isa, code, group):
    """The mnemonic and offset of the first instruction of group in code."""
    pc = 0
    while pc < len(code):
        ins = isa.by_opcode.get(code[pc])
        if ins is None:
            return None, pc
        if ins.group.name == group.name:
            return ins.name, pc
        size = ins.fixed_size
        if size is None:  # cases
            size = 2 + 4 * (code[pc + 1] if pc + 1 < len(code) else 0)
        pc += size
    return None, None


def load_program(srctree, slot, path):
    symname = f"CONFIG_SVM_CONTAINER{slot}_PROGRAM"
    if not path:
        raise ConfigError(f"{symname}: no program is set for container {slot}")
    full = path if os.path.isabs(path) else os.path.join(srctree, path)
    if not os.path.isfile(full):
        raise ConfigError(f"{symname}: program '{path}' does not exist (looked for {full})")
    if full.endswith(".s"):
        import assembler

        with open(full, encoding="utf-8") as f:
            text = f.read()
        try:
            image = assembler.assemble(text, path)
        except assembler.AsmError as e:
            raise ConfigError(f"{symname}: {e}") from None
    else:
        with open(full, "rb") as f:
            image = f.read()
        try:
            isa_mod.header_unpack(image)
        except isa_mod.IsaError as e:
            raise ConfigError(f"{symname}: '{path}': {e}") from None
    return full, image


def build_model(srctree, config_path):
    kconf = load_kconfig(srctree)
    load_config_file(kconf, config_path)
    check_assignments(kconf, config_path)
    isa = isa_mod.load()
    p = Product()
    p.config_path = config_path
    p.isa = isa
    p.kconf = kconf
    p.groups = [g for g in isa.groups.values() if enabled(kconf, g.kconfig)]
    for g in isa.groups.values():
        if g.kconfig not in kconf.syms:
            raise ConfigError(f"Kconfig has no symbol {g.kconfig} for instruction group {g.name} (generator/isa.toml)")
    if not enabled(kconf, "SVM_GROUP_CORE"):
        raise ConfigError("CONFIG_SVM_GROUP_CORE: the CORE group cannot be left out")
    p.groups_mask = sum(1 << g.bit for g in p.groups)
    p.groups_defined = sum(1 << g.bit for g in isa.groups.values())
    p.instrs = [i for i in isa.instrs if i.group in p.groups]
    p.dispatch = "threaded" if enabled(kconf, "SVM_DISPATCH_THREADED") else "switch"
    p.target = "posix"
    p.quantum = int_value(kconf, "SVM_PREEMPT_QUANTUM")
    p.ram_budget = int_value(kconf, "SVM_RAM_BUDGET")
    p.host_max_image = int_value(kconf, "SVM_HOST_MAX_IMAGE") if enabled(kconf, "SVM_TARGET_POSIX") else 0

    p.containers = []
    names = {}
    p.program_files = []
    for slot in range(MAX_CONTAINERS):
        prefix = f"SVM_CONTAINER{slot}_"
        name = sym(kconf, prefix + "NAME").str_value
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,31}", name):
            raise ConfigError(
                f"CONFIG_{prefix}NAME: '{name}' is not a valid container name (a C identifier of at most 32 characters)"
            )
        if name in names:
            raise ConfigError(f"CONFIG_{prefix}NAME: '{name}' is already the name of container {names[name]}")
        names[name] = slot
        full, image = load_program(srctree, slot, sym(kconf, prefix + "PROGRAM").str_value)
        p.program_files.append(full)
        groups_needed, code, _entry = isa_mod.header_unpack(image)
        for g in isa.groups.values():
            if groups_needed & (1 << g.bit) and g not in p.groups:
                mnemonic, pc = first_use_of_group(isa, code, g)
                what = f"uses '{mnemonic}' (at pc {pc}), of group {g.name}" if mnemonic else f"needs group {g.name}"
                raise ConfigError(
                    f"CONFIG_{prefix}PROGRAM: '{sym(kconf, prefix + 'PROGRAM').str_value}' {what}, "
                    f"but CONFIG_{g.kconfig} is not set"
                )
        p.containers.append(
            Container(
                slot,
                name,
                int_value(kconf, prefix + "HEAP_CELLS"),
                int_value(kconf, prefix + "STACK_DEPTH"),
                int_value(kconf, prefix + "CRITICALITY"),
                int_value(kconf, prefix + "BUDGET"),
                sym(kconf, prefix + "PROGRAM").str_value,
                image,
            )
        )

    ram = sum(c.ram_bytes for c in p.containers)
    if ram > p.ram_budget:
        detail = ", ".join(f"{c.name}: {c.ram_bytes}" for c in p.containers)
        raise ConfigError(
            f"CONFIG_SVM_RAM_BUDGET: the containers need {ram} bytes ({detail}), more than the budget of "
            f"{p.ram_budget}: lower CONFIG_SVM_CONTAINERn_HEAP_CELLS or _STACK_DEPTH, or raise the budget"
        )
    p.ram_bytes = ram
    largest = max([len(c.image) - HEADER_SIZE for c in p.containers] + [max(p.host_max_image - HEADER_SIZE, 0)])
    p.verify_capacity = max(largest, 1)
    return p


# ------------------------------------------------------------- output


def c_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def c_bytes(data, indent="    ", per_line=16):
    lines = []
    for i in range(0, len(data), per_line):
        lines.append(indent + ", ".join(f"0x{b:02x}" for b in data[i : i + per_line]) + ",")
    return "\n".join(lines)


def autoconf_lines(kconf):
    lines = []
    for s in kconf.unique_defined_syms:
        if not s.config_string:
            continue
        if s.type in (kconfiglib.BOOL, kconfiglib.TRISTATE):
            if s.tri_value == 2:
                lines.append(f"#define CONFIG_{s.name} 1")
        elif s.type == kconfiglib.STRING:
            lines.append(f"#define CONFIG_{s.name} {c_string(s.str_value)}")
        else:
            lines.append(f"#define CONFIG_{s.name} {s.str_value}")
    return lines


def operand_decl(op, offset):
    """C declaration of one decoded operand, for a handler."""
    t = op.type
    if t in ("u8", "bool"):
        return f"const uint32_t {op.name} = pc[{offset}];"
    if t == "i32":
        return f"const int32_t {op.name} = svm_read_i32(pc + {offset});"
    if t == "f32":
        return f"const float {op.name} = svm_read_f32(pc + {offset});"
    if t in ("tag", "label"):
        return f"const uint32_t {op.name} = svm_read_u16(pc + {offset});"
    if t == "cases":
        return f"const uint8_t *const {op.name} = pc + {offset};"
    raise AssertionError(t)


def handler_view(ins):
    decls = []
    offset = 1
    for op in ins.operands:
        decls.append(operand_decl(op, offset))
        if op.width:
            offset += op.width
    body = [line.rstrip() for line in ins.body.strip("\n").splitlines()]
    return {
        "ins": ins,
        "decls": decls,
        "body": body,
        "falls_through": ins.flow in ("next", "branch"),
        "size": ins.fixed_size,
    }


def make_env():
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(os.path.join(ROOT, "templates")),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


def write_if_changed(path, text):
    try:
        with open(path, encoding="utf-8") as f:
            if f.read() == text:
                return False
    except FileNotFoundError:
        pass
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)
    return True


def rel(path):
    return os.path.relpath(path, ROOT)


def cmd_generate(args):
    srctree = os.path.abspath(args.srctree)
    p = build_model(srctree, args.config)
    env = make_env()
    env.globals.update(c_string=c_string, c_bytes=c_bytes)
    source = f"{rel(os.path.abspath(args.config)) if not os.path.isabs(args.config) else args.config}"
    ctx = {
        "p": p,
        "isa": p.isa,
        "config_name": os.path.basename(args.config),
        "autoconf": autoconf_lines(p.kconf),
        "handlers": [handler_view(i) for i in p.instrs],
        "by_opcode": {i.opcode: i for i in p.instrs},
        "opcode_limit": max(i.opcode for i in p.isa.instrs) + 1,
        "srctree": srctree,
        "rel": lambda f: os.path.relpath(f, srctree),
        "source": source,
    }
    os.makedirs(args.out, exist_ok=True)
    outputs = {
        "svm_autoconf.h": "svm_autoconf.h.j2",
        "svm_opcodes.h": "svm_opcodes.h.j2",
        "svm_opcodes.c": "svm_opcodes.c.j2",
        "svm_interp.c": "svm_interp.c.j2",
        "svm_containers.c": "svm_containers.c.j2",
        "svm_product.cmake": "svm_product.cmake.j2",
    }
    changed = []
    for out, tmpl in outputs.items():
        text = env.get_template(tmpl).render(**ctx)
        if write_if_changed(os.path.join(args.out, out), text):
            changed.append(out)
    groups = " ".join(g.name for g in p.groups)
    print(
        f"generate.py: product from {os.path.basename(args.config)}: groups {groups}; {p.dispatch} dispatch; "
        f"{len(p.instrs)} instructions; container(s) "
        + ", ".join(f"{c.name} ({c.heap_cells} cells, {c.stack_depth} stack)" for c in p.containers)
        + f"; RAM {p.ram_bytes} of {p.ram_budget} bytes"
        + (f"; updated {', '.join(changed)}" if changed else "; unchanged")
    )


def cmd_isa_doc(args):
    isa = isa_mod.load()
    env = make_env()
    text = env.get_template("isa.md.j2").render(isa=isa)
    if args.check:
        with open(args.out, encoding="utf-8") as f:
            if f.read() != text:
                sys.exit(f"generate.py: {args.out} is out of date: run generator/generate.py isa-doc --out {args.out}")
        return
    write_if_changed(args.out, text)


def main(argv=None):
    ap = argparse.ArgumentParser(prog="generate.py", description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("config", help="write a .config from defconfig fragments")
    c.add_argument("--srctree", default=ROOT)
    c.add_argument("--defconfig", nargs="+", required=True)
    c.add_argument("--config", required=True)
    g = sub.add_parser("generate", help="render the product's C")
    g.add_argument("--srctree", default=ROOT)
    g.add_argument("--config", required=True)
    g.add_argument("--out", required=True)
    d = sub.add_parser("isa-doc", help="render docs/isa.md")
    d.add_argument("--out", default=os.path.join(ROOT, "docs", "isa.md"))
    d.add_argument("--check", action="store_true", help="fail if the file is not up to date")
    args = ap.parse_args(argv)
    try:
        {"config": cmd_config, "generate": cmd_generate, "isa-doc": cmd_isa_doc}[args.cmd](args)
    except (ConfigError, isa_mod.IsaError) as e:
        where = getattr(args, "config", None)
        prefix = f"{where}: " if where and args.cmd == "generate" else ""
        sys.stderr.write(f"generate.py: error: {prefix}{e}\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
