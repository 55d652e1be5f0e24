#!/usr/bin/python3
"""The Sense-VM generator: from a product configuration to its C.

    generate.py config   --srctree SRC --defconfig FILE [FILE...] --config OUT
        Write a full .config from Kconfig defaults plus defconfig fragments
        (later fragments override earlier ones).

    generate.py generate --srctree SRC --config .config --out DIR [--ram-map FILE]
        Read Kconfig + .config, build the product model, check it, and render
        templates/ into DIR: svm_autoconf.h, svm_opcodes.h/.c (all of the
        ISA's opcodes, for names and operand checks), svm_interp.c (the
        dispatch table and handlers of the enabled groups only),
        svm_containers.c (static storage, container table, ports, IO
        tables, embedded programs), svm_product.cmake (what CMake needs to
        know) and one NAME.interface per container (its IO entries, which
        the assembler resolves @NAME against). Print the product's RAM map
        (and write it to FILE): the bytes of every container's storage and
        of the VM-wide tables and ports, computed from the real structure
        sizes (generator/layout.py); then the port map (port_map.txt next
        to FILE).

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
from dataclasses import dataclass, field

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(ROOT, "toolchain"))

import isa as isa_mod  # noqa: E402
import layout  # noqa: E402

try:
    import jinja2
    import kconfiglib
except ImportError as e:  # pragma: no cover - depends on the machine
    sys.exit(
        f"generate.py: {e.name} is missing for {sys.executable}: install python3-jinja2 and "
        "python3-kconfiglib (apt-get) and run with /usr/bin/python3"
    )

MAX_CONTAINERS = 8  # slots declared in Kconfig (kconfig/Kconfig.container)
MAX_PORTS = 8  # slots declared in Kconfig (kconfig/Kconfig.port)
TARGET_DATA_MODEL = {"posix": "lp64", "cortex-m": "ilp32"}  # layout.py's data model of each target
# Kconfig's target choice: symbol -> (HAL directory under hal/, board).
TARGETS = {"SVM_TARGET_POSIX": ("posix", "posix"), "SVM_TARGET_MPS2_AN385": ("cortex-m", "mps2_an385")}
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


ASSIGNMENT_RE = re.compile(r"\s*(?:CONFIG_(\w+)=(.*?)|#\s*CONFIG_(\w+) is not set)\s*$")


def same_value(a, b):
    """Two assignments' texts give one value (1024 and 0x400, "x" and x)."""
    try:
        return int(a, 0) == int(b, 0)
    except ValueError:
        return a.strip('"') == b.strip('"')


def override_warnings(kconf, path):
    """What Kconfiglib lets the last line of a file decide, silently: a
    symbol given two values in one file, or two members of one choice (a
    fault policy, a device's owner, the target) both set to y.  The later
    line wins, as in Kconfig (appending a line is how a defconfig is often
    changed), but not silently: one warning each, with its line.  (Across
    the files of a fragment list, a later file overriding is the point.)"""
    seen, chosen, warnings = {}, {}, []
    with open(path, encoding="utf-8", errors="replace") as f:
        for lineno, line in enumerate(f, 1):
            m = ASSIGNMENT_RE.fullmatch(line.rstrip("\n"))
            if not m:
                continue
            name, value = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), "n")
            sym = kconf.syms.get(name)
            if sym is not None and sym.choice is not None and value == "n":
                continue  # Kconfiglib does not unselect a choice member for it: nothing is overridden
            if name in seen and not same_value(seen[name][1], value):
                warnings.append(f"{path}:{lineno}: CONFIG_{name}={value} overrides CONFIG_{name}={seen[name][1]} "
                                f"(line {seen[name][0]}): the later line wins")
            seen[name] = (lineno, value)
            if sym is not None and sym.choice is not None and value == "y":
                first = chosen.get(sym.choice)
                if first is not None and first[1] != name:
                    node = sym.choice.nodes[0] if sym.choice.nodes else None
                    what = f" ({node.prompt[0]})" if node is not None and node.prompt else ""
                    warnings.append(f"{path}:{lineno}: CONFIG_{name}=y overrides CONFIG_{first[1]}=y (line "
                                    f"{first[0]}), another member of the same choice{what}: the later line wins")
                chosen[sym.choice] = (lineno, name)
    return warnings


def load_config_file(kconf, path, replace=True):
    if not os.path.isfile(path):
        raise ConfigError(f"{path}: no such configuration file")
    for w in override_warnings(kconf, path):
        print(f"generate.py: warning: {w}", file=sys.stderr)
    before = len(kconf.warnings)
    kconf.load_config(path, replace=replace)
    problems = [w.replace("warning: ", "") for w in kconf.warnings[before:]]
    if problems:
        # Kconfiglib names the file and line of some (undefined symbols),
        # not of others (a value that is not an int): add them.
        for i, w in enumerate(problems):
            m = re.search(r"\bfor (?:the \w+ symbol )?(\w+) \(defined at", w)
            where = m and assignment_line([path], m.group(1))
            if where and not w.startswith(path):
                problems[i] = f"{where}: {w}"
        raise ConfigError("\n".join(problems))


def assignment_line(paths, name):
    """'path:line' of the last assignment of CONFIG_name in these files, or None."""
    found = None
    for path in paths:
        with open(path, encoding="utf-8", errors="replace") as f:
            for lineno, line in enumerate(f, 1):
                m = ASSIGNMENT_RE.fullmatch(line.rstrip("\n"))
                if m and (m.group(1) or m.group(3)) == name:
                    found = f"{path}:{lineno}"
    return found


def assignment_problems(kconf):
    """[(symbol name, what is wrong)]: the assignments Kconfiglib ignored
    silently (a value outside the symbol's range, a symbol whose
    dependencies are not met)."""
    problems = []
    for s in kconf.unique_defined_syms:
        if s.choice is not None and s.user_value == 2 and not s.choice.visibility:
            problems.append((s.name,
                f"CONFIG_{s.name}=y: not applicable: it depends on {kconfiglib.expr_str(s.choice.direct_dep)} "
                f"(Kconfig would have taken {'y' if s.tri_value == 2 else 'n'} instead)"
            ))
            continue
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
        problems.append((s.name, f"CONFIG_{s.name}={value}: {why} (Kconfig would have taken "
                                 f"{s.str_value or 'no value'} instead)"))
    return problems


def check_file_values(kconf, paths):
    """Refuse the assignment_problems of the files a .config is made from,
    each at the file and line that assigned it."""
    lines = []
    for name, text in assignment_problems(kconf):
        where = assignment_line(paths, name)
        lines.append(f"{where or ' + '.join(paths)}: {text}")
    if lines:
        raise ConfigError("\n".join(lines))


def default_program_warnings(kconf, paths):
    """An enabled container whose PROGRAM the defconfig does not set runs
    Kconfig's default (build_examples/hello.s): say so, naming the symbol,
    as a second container added with its NAME and sizes alone would
    otherwise run a program nobody chose."""
    warnings = []
    for slot in range(8):
        program = kconf.syms.get(f"SVM_CONTAINER{slot}_PROGRAM")
        if program is None or not program.visibility or program.user_value is not None:
            continue
        name = kconf.syms[f"SVM_CONTAINER{slot}_NAME"].str_value
        warnings.append(f"{' + '.join(paths)}: CONFIG_SVM_CONTAINER{slot}_PROGRAM is not set: container {slot} "
                        f"('{name}') runs Kconfig's default, {program.str_value}")
    return warnings


def cmd_config(args):
    kconf = load_kconfig(args.srctree)
    first = True
    for frag in args.defconfig:
        load_config_file(kconf, frag, replace=first)
        first = False
    check_file_values(kconf, args.defconfig)
    for w in default_program_warnings(kconf, args.defconfig):
        print(f"generate.py: warning: {w}", file=sys.stderr)
    os.makedirs(os.path.dirname(os.path.abspath(args.config)), exist_ok=True)
    tmp = args.config + ".tmp"
    kconf.write_config(tmp, header=f"# Sense-VM product configuration, from {' '.join(args.defconfig)}\n")
    os.replace(tmp, args.config)
    print(f"generate.py: wrote {args.config} from {' '.join(args.defconfig)}")


# ------------------------------------------------------- product model
#
# The product is built from .config into typed objects (one class per kind
# of thing), then checked as a whole. Every refusal names the Kconfig symbol
# at fault.

FAULT_POLICIES = {"STOP": "SVM_POLICY_STOP", "RESTART": "SVM_POLICY_RESTART", "ESCALATE": "SVM_POLICY_ESCALATE"}
U32_MAX = 0xFFFFFFFF
NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,31}")


@dataclass
class Container:
    """One enabled container slot: CONFIG_SVM_CONTAINER<slot>_*."""

    slot: int
    name: str
    criticality: int
    heap_cells: int  # usable cells; the storage has one more (cell 0)
    stack_depth: int  # values per context
    contexts: int  # most contexts alive at once
    program: str  # as configured: relative to the source tree, or absolute
    program_file: str  # absolute path
    image: bytes
    budget: int  # branch points per budget period, 0 = none
    budget_period_ms: int  # 0 = the budget covers the whole run
    fault_policy: str  # a key of FAULT_POLICIES
    restart_limit: int
    restart_period_ms: int
    heartbeat_ms: int  # 0 = none
    index: int = 0  # in containers[] (slot order, enabled slots only)
    io: list = field(default_factory=list)  # its IO table: IoEntry, in interface order
    source_map: str = ""  # a .cam program's (compiler.driver.source_map): svm-run shows a fault's line

    def symbol(self, field):
        return f"CONFIG_SVM_CONTAINER{self.slot}_{field}"

    @property
    def symbol_slot(self):
        return f"CONFIG_SVM_CONTAINER{self.slot}"

    @property
    def heap_ncells(self):
        return self.heap_cells + 1

    @property
    def bitmap_words(self):
        return (self.heap_ncells + 31) // 32

    @property
    def stack_values(self):
        return self.contexts * self.stack_depth

    @property
    def code_size(self):
        return len(self.image) - HEADER_SIZE

    @property
    def policy_c(self):
        return FAULT_POLICIES[self.fault_policy]


PORT_KINDS = {"queuing": "SVM_PORT_QUEUING", "sampling": "SVM_PORT_SAMPLING"}
IO_DIRECTIONS = {"send": "SVM_IO_SEND", "recv": "SVM_IO_RECV", "both": "SVM_IO_BOTH"}


@dataclass
class Port:
    """One enabled port slot: CONFIG_SVM_PORT<slot>_*. A message goes from
    container `from_` to container `to` (names); the port's storage holds
    `depth` messages (a sampling port: 1) of at most `max_cells` cells."""

    slot: int
    name: str
    from_: str  # the sending container's name (CONFIG_SVM_PORT<slot>_FROM)
    to: str  # the receiving container's name
    kind: str  # a key of PORT_KINDS
    configured_depth: int  # CONFIG_SVM_PORT<slot>_DEPTH (a sampling port ignores it)
    max_cells: int
    index: int = 0  # in ports[] (slot order, enabled slots only)
    from_index: int = 0  # in containers[]
    to_index: int = 0

    def symbol(self, field=None):
        return f"CONFIG_SVM_PORT{self.slot}" + (f"_{field}" if field else "")

    @property
    def depth(self):
        """Messages the port holds: a sampling port holds the latest one."""
        return 1 if self.kind == "sampling" else self.configured_depth

    @property
    def kind_c(self):
        return PORT_KINDS[self.kind]

    @property
    def cells_length(self):
        """Elements of NAME_port_cells (C has no empty arrays: at least 1)."""
        return max(1, self.depth * self.max_cells)

    @property
    def map_length(self):
        return max(1, self.max_cells)


DEVICE_KINDS = {"LED": "SVM_DEVICE_LED", "BUTTON": "SVM_DEVICE_BUTTON", "UART": "SVM_DEVICE_UART",
                "SENSOR": "SVM_DEVICE_SENSOR"}
# The board's devices, in IO table order: (name, kind, unit). Kconfig has a
# slot for each (kconfig/Kconfig.device, sourced from ../Kconfig).
DEVICES = [("LED0", "LED", 0), ("LED1", "LED", 1), ("LED2", "LED", 2), ("LED3", "LED", 3),
           ("BUTTON0", "BUTTON", 0), ("BUTTON1", "BUTTON", 1), ("UART0", "UART", 0), ("SENSOR0", "SENSOR", 0)]
# What a program may do with a device: this container's end of it.
DEVICE_DIRECTIONS = {"LED": "send", "BUTTON": "recv", "UART": "both", "SENSOR": "recv"}


@dataclass
class Device:
    """One device given to a container: CONFIG_SVM_DEVICE_<name>_OWNER_<slot>."""

    name: str
    kind: str  # a key of DEVICE_KINDS
    unit: int  # the board's number of it (LED2: 2)
    owner_slot: int
    owner: str = ""  # the owning container's name
    owner_index: int = 0  # in containers[]
    index: int = 0  # in devices[] (DEVICES order, owned devices only)
    queue_depth: int = 0  # inputs it holds for its owner (an LED or a sensor: 0)

    def symbol(self, slot=None):
        return f"CONFIG_SVM_DEVICE_{self.name}_OWNER_{self.owner_slot if slot is None else slot}"

    @property
    def kind_c(self):
        return DEVICE_KINDS[self.kind]

    @property
    def direction(self):
        return DEVICE_DIRECTIONS[self.kind]


@dataclass
class IoEntry:
    """One entry of a container's IO table: what `bind` connects a channel
    to, named in the container's interface (programs say @NAME)."""

    name: str
    index: int  # in the container's IO table: what the program's @NAME stands for
    direction: str  # a key of IO_DIRECTIONS: this container's end
    kind: str  # of the port (queuing, sampling) or of the device (led, button, uart, sensor)
    port: Port = None
    device: Device = None

    @property
    def direction_c(self):
        return IO_DIRECTIONS[self.direction]

    @property
    def kind_c(self):
        return "SVM_IO_DEVICE" if self.device else "SVM_IO_PORT"

    @property
    def target_index(self):
        """Its index in devices[] or ports[]."""
        return self.device.index if self.device else self.port.index

    @property
    def comment(self):
        if self.device:
            return f"{self.index}: {self.direction}, device {self.device.index} ({self.device.kind.lower()} unit {self.device.unit})"
        return f"{self.index}: {self.direction} on port {self.port.index}, {self.port.from_} -> {self.port.to}"

    def interface_line(self):
        return f"{self.name} {self.index} {self.direction} {self.kind}"


@dataclass
class PortRam:
    """The static storage of one port, bytes (a VM-wide line of the RAM map)."""

    name: str
    messages: int  # svm_port_message NAME_port_messages[depth]
    cells: int  # svm_cell NAME_port_cells[depth * max_cells]
    map: int  # uint32_t NAME_port_map[max_cells]
    control: int  # its svm_port in ports[]

    @property
    def total(self):
        return self.messages + self.cells + self.map + self.control


@dataclass
class ContainerRam:
    """One row of the RAM map: the static storage of one container, bytes."""

    name: str
    heap: int  # svm_cell NAME_heap[cells + 1]
    bitmaps: int  # NAME_mark and NAME_flip
    stacks: int  # svm_value NAME_stack[contexts * stack_depth]
    contexts: int  # svm_context NAME_contexts[contexts]
    control: int  # its svm_container in containers[]

    @property
    def total(self):
        return self.heap + self.bitmaps + self.stacks + self.contexts + self.control


@dataclass
class RamMap:
    """The product's static RAM, computed from the real structure sizes
    (layout.py, asserted against the compiler's sizeof in svm_containers.c).

    The total is exactly the bytes of the generated storage's arrays and
    variables (what `size` reports for them in .bss, and in .data for
    containers[] and svm_product_vm, which have initializers), modulo the
    alignment padding the compiler and linker put between them (gcc aligns
    large arrays to 32 bytes on x86-64). Constant data (the embedded images
    and the svm_container_config tables) is not RAM."""

    source: str
    data_model: str
    rows: list
    loader_scratch: int  # uint32_t verify_bits[]
    vm: int  # svm_vm svm_product_vm
    ports: list = field(default_factory=list)  # PortRam, in port order
    device_names: list = field(default_factory=list)
    device_controls: int = 0  # svm_device devices[]
    device_queues: int = 0  # int32_t NAME_queue[] of the buttons and the UART

    @property
    def vm_wide(self):
        return (self.loader_scratch + self.vm + sum(r.total for r in self.ports) + self.device_controls
                + self.device_queues)

    @property
    def total(self):
        return sum(r.total for r in self.rows) + self.vm_wide

    def text(self):
        heads = ["heap", "bitmaps", "stacks", "contexts", "control", "total"]
        values = [[r.heap, r.bitmaps, r.stacks, r.contexts, r.control, r.total] for r in self.rows]
        width = max([8, len(str(self.total))] + [len(str(v)) for row in values for v in row])
        vm_lines = [
            (f"VM-wide: port {r.name}: messages {r.messages}, cells {r.cells}, map {r.map}, svm_port {r.control}",
             r.total)
            for r in self.ports
        ]
        if self.device_names:
            vm_lines.append((f"VM-wide: devices {' '.join(self.device_names)}: svm_device {self.device_controls}, "
                             f"queues {self.device_queues}", self.device_controls + self.device_queues))
        vm_lines.append((f"VM-wide: loader scratch {self.loader_scratch}, svm_vm {self.vm}",
                         self.loader_scratch + self.vm))
        name_width = max([9] + [len(r.name) for r in self.rows])
        # Wide enough for the longest VM-wide line: every line ends in the same column.
        name_width = max([name_width] + [len(t) + 1 + width - len(heads) * (width + 1) for t, _ in vm_lines])
        line_width = name_width + len(heads) * (width + 1)
        lines = [f"RAM map of {self.source} (bytes, {self.data_model})"]
        lines.append("container".ljust(name_width) + "".join(" " + h.rjust(width) for h in heads))
        for r, row in zip(self.rows, values):
            lines.append(r.name.ljust(name_width) + "".join(" " + str(v).rjust(width) for v in row))
        for text, value in vm_lines:
            lines.append(text + " " + str(value).rjust(line_width - len(text) - 1))
        lines.append("total" + " " + str(self.total).rjust(line_width - 6))
        return "\n".join(lines) + "\n"


@dataclass
class Product:
    """The whole product: groups, interpreter settings, containers, RAM."""

    config_path: str
    kconf: object
    isa: object
    groups: list
    instrs: list
    groups_mask: int
    groups_defined: int
    dispatch: str
    target: str  # the HAL: hal/<target>/
    board: str
    data_model: str
    quantum: int
    gc_slice: int
    ns_per_instruction: int
    tick_us: int
    print_limit: int
    ram_budget: int
    host_max_image: int
    containers: list = field(default_factory=list)
    ports: list = field(default_factory=list)
    devices: list = field(default_factory=list)
    device_queue_depth: int = 8
    verify_capacity: int = 1
    ram: RamMap = None

    @property
    def program_files(self):
        return [c.program_file for c in self.containers]

    @property
    def ram_bytes(self):
        return self.ram.total

    @property
    def struct_sizes(self):
        return layout.sizes(self.data_model)


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


def instructions(isa, code):
    """(pc, instruction) for each instruction of code, in order; the
    instruction is None at an opcode the ISA does not have (then the walk
    ends: the loader names it)."""
    pc = 0
    while pc < len(code):
        ins = isa.by_opcode.get(code[pc])
        yield pc, ins
        if ins is None:
            return
        size = ins.fixed_size
        if size is None:  # cases
            size = 2 + 4 * (code[pc + 1] if pc + 1 < len(code) else 0)
        pc += size


def first_use_of_group(isa, code, group):
    """The mnemonic and offset of the first instruction of group in code."""
    for pc, ins in instructions(isa, code):
        if ins is None:
            return None, pc
        if ins.group.name == group.name:
            return ins.name, pc
    return None, None


def load_program(srctree, slot, path, interface=None, ports=None):
    """The program's file (absolute), its image and its source map: a .s
    assembled (its @NAMEs resolved against the container's interface), a
    .cam compiled (with the source position of each pc: the map, else ""),
    an image read as it is.  ports: a dict given, for a .cam, the message
    type of each port it uses (compiler/driver.py)."""
    symname = f"CONFIG_SVM_CONTAINER{slot}_PROGRAM"
    if not path:
        raise ConfigError(f"{symname}: no program is set for container {slot} (a .cam, .s or .svmb file)")
    full = path if os.path.isabs(path) else os.path.join(srctree, path)
    if os.path.isdir(full):
        raise ConfigError(f"{symname}: '{path}' is a directory, not a program (.cam, .s or .svmb)")
    if not os.path.isfile(full):
        raise ConfigError(f"{symname}: program '{path}' does not exist (looked for {full}"
                          + ("; a relative path is taken from the source tree: give an absolute one for a program "
                             "outside it)" if not os.path.isabs(path) else ")"))
    if full.endswith(".s"):
        import assembler

        with open(full, encoding="utf-8") as f:
            text = f.read()
        try:
            image = assembler.assemble(text, path, interface=interface)
        except assembler.AsmError as e:
            raise ConfigError(f"{symname}: {e}") from None
    elif full.endswith(".cam"):
        # The source language (compiler/): compiled at build time.
        import assembler

        if ROOT not in sys.path:
            sys.path.insert(0, ROOT)
        from compiler import driver
        from compiler.errors import CompileError, render

        source = ""
        try:
            source = driver.read_source(full)
            warnings = []
            positions = []
            text = driver.compile_to_assembly(source, interface=interface, warnings=warnings, ports=ports,
                                              positions=positions)
            for w in warnings:
                print(f"{symname}: {render(w, path, source).rstrip()}", file=sys.stderr)
        except CompileError as e:
            raise ConfigError(f"{symname}: '{path}' does not compile:\n{render(e, path, source).rstrip()}") from None
        try:
            program = assembler.assemble_program(text, path, interface=interface)
        except assembler.AsmError as e:
            raise ConfigError(f"{symname}: '{path}': the compiled code does not assemble: {e}") from None
        return full, program.image, driver.source_map(program, positions, full)
    else:
        with open(full, "rb") as f:
            image = f.read()
        try:
            isa_mod.header_unpack(image)
        except isa_mod.IsaError as e:
            kind = "" if full.endswith(".svmb") else \
                " (a program is a .cam source, a .s assembly file or a .svmb image; this is read as an image)"
            raise ConfigError(f"{symname}: '{path}': {e}{kind}") from None
    return full, image, ""


def read_container(kconf, srctree, slot):
    """Container slot's symbols (the slot is enabled). Its program is loaded
    later (load_programs), once its interface is known."""
    prefix = f"SVM_CONTAINER{slot}_"
    name = sym(kconf, prefix + "NAME").str_value
    if not NAME_RE.fullmatch(name):
        raise ConfigError(
            f"CONFIG_{prefix}NAME: '{name}' is not a valid container name (a C identifier of at most 32 characters)"
        )
    policy = [p for p in FAULT_POLICIES if enabled(kconf, f"{prefix}FAULT_POLICY_{p}")]
    program = sym(kconf, prefix + "PROGRAM").str_value
    return Container(
        slot=slot,
        name=name,
        criticality=int_value(kconf, prefix + "CRITICALITY"),
        heap_cells=int_value(kconf, prefix + "HEAP_CELLS"),
        stack_depth=int_value(kconf, prefix + "STACK_DEPTH"),
        contexts=int_value(kconf, prefix + "CONTEXTS"),
        program=program,
        program_file="",
        image=b"",
        budget=int_value(kconf, prefix + "BUDGET"),
        budget_period_ms=int_value(kconf, prefix + "BUDGET_PERIOD_MS"),
        fault_policy=policy[0] if policy else "STOP",
        restart_limit=int_value(kconf, prefix + "RESTART_LIMIT"),
        restart_period_ms=int_value(kconf, prefix + "RESTART_PERIOD_MS"),
        heartbeat_ms=int_value(kconf, prefix + "HEARTBEAT_MS"),
    )


def check_container(p, c, names):
    """A container on its own: unique name, sizes the runtime can hold."""
    if c.name in names:
        raise ConfigError(f"{c.symbol('NAME')}: '{c.name}' is already the name of container {names[c.name]}")
    names[c.name] = c.slot
    if c.stack_values > U32_MAX:
        raise ConfigError(
            f"{c.symbol('STACK_DEPTH')}: {c.contexts} contexts x {c.stack_depth} values do not fit a 32-bit index"
        )
    for what in ("BUDGET_PERIOD_MS", "RESTART_PERIOD_MS", "HEARTBEAT_MS"):
        ms = getattr(c, what.lower())
        if ms * 1000 > U32_MAX:
            raise ConfigError(
                f"{c.symbol(what)}: {ms} ms is more than the runtime holds "
                f"({U32_MAX // 1000} ms: it stores microseconds in 32 bits)"
            )


def check_program(p, c):
    """A container's loaded program uses only the product's groups, and
    passes the two checks the loader makes against its container (a bind
    of a constant entry the container has; slot operands that leave room
    in its stacks), so that an image (.svmb) made for another container is
    refused here, naming the symbol, and not only when the board boots."""
    groups_needed, code, _entry = isa_mod.header_unpack(c.image)
    for g in p.isa.groups.values():
        if groups_needed & (1 << g.bit) and g not in p.groups:
            mnemonic, pc = first_use_of_group(p.isa, code, g)
            what = f"uses '{mnemonic}' (at pc {pc}), of group {g.name}" if mnemonic else f"needs group {g.name}"
            raise ConfigError(f"{c.symbol('PROGRAM')}: '{c.program}' {what}, but CONFIG_{g.kconfig} is not set")
    prev = None
    limit = int_value(p.kconf, "SVM_MAX_STRAIGHT_RUN")
    run = run_start = 0
    for pc, ins in instructions(p.isa, code):
        if ins is None:
            return  # the loader names it (the image was made by another ISA version)
        # the loader's straight-run count: an instruction that loops n
        # times counts 1 + n/8; a jump or a call ends the run
        if run == 0:
            run_start = pc
        weight = 1 + (code[pc + 1] // 8 if ins.loops and pc + 1 < len(code) else 0)
        run = 0 if ins.flow in ("jump", "call") else run + weight
        if run > limit:
            raise ConfigError(
                f"CONFIG_SVM_MAX_STRAIGHT_RUN: '{c.program}' (container '{c.name}'): the straight run from pc "
                f"{run_start} passes no preemption point (a jump, call or return) for more than {limit} "
                f"instructions, so the loader would refuse it at boot ('{ins.name}' at pc {pc} counts {weight}); "
                "raise the limit, or break the run (a `goto` to the next instruction)")
        offset = pc + 1
        for op in ins.operands:
            if op.type == "slot" and offset < len(code) and code[offset] + 1 >= c.stack_depth:
                raise ConfigError(
                    f"{c.symbol('STACK_DEPTH')}: '{c.program}': '{ins.name}' at pc {pc} reads stack slot "
                    f"{code[offset]}, which leaves no room in stacks of {c.stack_depth} values")
            offset += op.width or 0
        if ins.name == "bind" and prev is not None and prev[0].name == "loadi" and prev[1] + 5 <= len(code):
            k = int.from_bytes(code[prev[1] + 1:prev[1] + 5], "little")
            if k >= len(c.io):
                entry = k if k < 2**31 else k - 2**32
                raise ConfigError(
                    f"{c.symbol('PROGRAM')}: '{c.program}': bind at pc {pc} names IO entry {entry}, which container "
                    f"'{c.name}' does not have (it has {len(c.io)}: its interface is "
                    f"generated/{c.name}.interface; an image made for another container needs making again)")
        prev = (ins, pc)


def read_port(kconf, slot):
    """Port slot's symbols (the slot is enabled)."""
    prefix = f"SVM_PORT{slot}_"
    return Port(
        slot=slot,
        name=sym(kconf, prefix + "NAME").str_value,
        from_=sym(kconf, prefix + "FROM").str_value,
        to=sym(kconf, prefix + "TO").str_value,
        kind="sampling" if enabled(kconf, prefix + "KIND_SAMPLING") else "queuing",
        configured_depth=int_value(kconf, prefix + "DEPTH"),
        max_cells=int_value(kconf, prefix + "MAX_CELLS"),
    )


def check_port_types(p, port_types):
    """Both ends of a port, when both are .cam programs, agree on the type
    of its messages (a sampling port's receiver gets (value, age)): a
    receiver of higher criticality must not fault on what a lower sender
    sends.  Each program is checked alone; this is the check between them."""
    by_name = {c.name: c for c in p.containers}
    for port in p.ports:
        sent = port_types.get(port.from_, {}).get(port.name)
        received = port_types.get(port.to, {}).get(port.name)
        if sent is None or received is None:
            continue  # an end that is not a .cam program, or does not use the port
        from compiler.typecheck import port_mismatch  # (a .cam was compiled: compiler/ is on the path)

        shown = port_mismatch(sent[0], received[0], port.kind == "sampling", sent[2], received[2])

        def at(end):  # where an end's program names the port, which fixes its messages' type
            return f"line {end[1][0]}, column {end[1][1]}: `port {port.name}`"

        if shown is not None:
            src, dst = by_name[port.from_], by_name[port.to]
            if shown[3] is not None:  # the same names, declared differently
                raise ConfigError(
                    f"{port.symbol()}: the two ends of port '{port.name}' declare the data of its messages "
                    f"differently: '{src.program}' (container '{src.name}') sends {shown[0]} ({at(sent)}) "
                    f"and '{dst.program}' (container '{dst.name}') receives {shown[2]} ({at(received)}), "
                    f"but {shown[3]}; a message carries constructor numbers, so both must declare its data "
                    f"types alike (the same constructors, in the same order, with the same fields)"
                )
            sampling = f" (a sampling port delivers (value, age): here {shown[1]})" if port.kind == "sampling" else ""
            raise ConfigError(
                f"{port.symbol()}: the two ends of port '{port.name}' disagree on the type of its messages: "
                f"'{src.program}' (container '{src.name}') sends {shown[0]} ({at(sent)}), but "
                f"'{dst.program}' (container '{dst.name}') receives {shown[2]} ({at(received)}){sampling}"
            )


def check_port(p, port, names):
    """A port: a C identifier unique among the ports, between two different
    enabled containers, in a product with the IO group."""
    if not enabled(p.kconf, "SVM_GROUP_IO"):
        raise ConfigError(
            f"{port.symbol()}: port '{port.name}' needs the IO group (bind), but CONFIG_SVM_GROUP_IO is not set"
        )
    if not NAME_RE.fullmatch(port.name):
        raise ConfigError(
            f"{port.symbol('NAME')}: '{port.name}' is not a valid port name (a C identifier of at most 32 characters)"
        )
    if port.name in names:
        raise ConfigError(f"{port.symbol('NAME')}: '{port.name}' is already the name of port {names[port.name]}")
    names[port.name] = port.slot
    clash = [c for c in p.containers if c.name == f"{port.name}_port"]
    if clash:
        raise ConfigError(
            f"{port.symbol('NAME')}: port '{port.name}' and container '{clash[0].name}' "
            f"({clash[0].symbol('NAME')}) would both declare {clash[0].name}_config in the generated C: rename one"
        )
    by_name = {c.name: c for c in p.containers}
    known = ", ".join(c.name for c in p.containers)
    for what in ("FROM", "TO"):
        value = port.from_ if what == "FROM" else port.to
        if value not in by_name:
            raise ConfigError(
                f"{port.symbol(what)}: '{value}' is not the name of an enabled container ({known})"
            )
    if port.from_ == port.to:
        raise ConfigError(
            f"{port.symbol('TO')}: port '{port.name}' goes from container '{port.from_}' to itself: "
            f"FROM and TO must be two different containers"
        )
    port.from_index = by_name[port.from_].index
    port.to_index = by_name[port.to].index
    receiver = by_name[port.to]
    need = port.max_cells + (1 if port.kind == "sampling" else 0)  # (value, age): one cell more
    if need > receiver.heap_cells:
        raise ConfigError(
            f"{port.symbol('MAX_CELLS')}: a message of port '{port.name}' may take {need} cells in the heap of "
            f"its receiver '{receiver.name}', which has {receiver.heap_cells} "
            f"({receiver.symbol('HEAP_CELLS')}): such a message could never be received (heap exhausted); "
            f"lower the port's MAX_CELLS or give the receiver a larger heap"
        )


def read_devices(p):
    """The devices that have an owner, in DEVICES order; each owner must be
    an enabled container slot, in a product with the IO group."""
    by_slot = {c.slot: c for c in p.containers}
    for name, kind, unit in DEVICES:
        owners = [slot for slot in range(MAX_CONTAINERS) if enabled(p.kconf, f"SVM_DEVICE_{name}_OWNER_{slot}")]
        if not owners:
            continue
        d = Device(name=name, kind=kind, unit=unit, owner_slot=owners[0])
        owner = by_slot.get(d.owner_slot)
        if owner is None:
            raise ConfigError(
                f"{d.symbol()}: {name} is given to container slot {d.owner_slot}, but "
                f"CONFIG_SVM_CONTAINER{d.owner_slot} is not set: switch the slot on or give {name} to another "
                f"container ({', '.join(f'{c.name} in slot {c.slot}' for c in p.containers)})"
            )
        if not enabled(p.kconf, "SVM_GROUP_IO"):
            raise ConfigError(
                f"{d.symbol()}: device {name} needs the IO group (bind), but CONFIG_SVM_GROUP_IO is not set"
            )
        clash = [port for port in p.ports if port.name == name]
        if clash:
            raise ConfigError(
                f"{clash[0].symbol('NAME')}: port '{name}' has the name of a device of the board: rename the port"
            )
        d.owner = owner.name
        d.owner_index = owner.index
        d.index = len(p.devices)
        d.queue_depth = p.device_queue_depth if kind in ("BUTTON", "UART") else 0
        p.devices.append(d)


def io_table(p, c):
    """Container c's IO table, in the order of its interface: the devices
    it owns (in DEVICES order), then the ports of which it is an end, in
    port slot order. Built here only, so the C table, the interface file,
    the assembler's @NAMEs and the compiler's names always agree."""
    entries = []
    for d in p.devices:
        if d.owner == c.name:
            entries.append(IoEntry(d.name, len(entries), d.direction, d.kind.lower(), device=d))
    for port in p.ports:
        if port.from_ == c.name:
            entries.append(IoEntry(port.name, len(entries), "send", port.kind, port))
        elif port.to == c.name:
            entries.append(IoEntry(port.name, len(entries), "recv", port.kind, port))
    return entries


def interface_text(p, c, source):
    """The container's interface file: `NAME INDEX DIRECTION KIND` per IO
    entry, after comments naming the product's instruction groups (the
    compiler emits only their instructions) and its longest straight run
    (the compiler puts preemption points closer when it is short)."""
    lines = [f"# interface of container '{c.name}' ({c.symbol_slot}), generated from {source}",
             "# groups " + " ".join(g.name for g in p.groups),
             f"# straight-run {int_value(p.kconf, 'SVM_MAX_STRAIGHT_RUN')}"]
    lines += [e.interface_line() for e in c.io]
    return "\n".join(lines) + "\n"


def interface_of(p, c, source):
    """The container's interface as the assembler reads it (from the same text
    as the file the generator writes)."""
    import assembler

    return assembler.Interface.parse(interface_text(p, c, source), f"{c.name}.interface")


def port_ram(p, port):
    size = p.struct_sizes
    return PortRam(
        name=port.name,
        messages=port.depth * size["svm_port_message"],
        cells=port.cells_length * size["svm_cell"],
        map=4 * port.map_length,
        control=size["svm_port"],
    )


def port_map_text(p):
    """One line per port: name, from -> to, kind, depth, max cells, bytes of RAM."""
    if not p.ports:
        return "Port map: no ports\n"
    rows = [
        (port.name, f"{port.from_} -> {port.to}", port.kind, f"depth {port.depth}",
         f"max cells {port.max_cells}", f"{port_ram(p, port).total} bytes")
        for port in p.ports
    ]
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = [f"Port map ({len(p.ports)} port{'s' if len(p.ports) > 1 else ''}; RAM as in the RAM map)"]
    for r in rows:
        lines.append("  " + "  ".join(v.rjust(w) if i == 5 else v.ljust(w) for i, (v, w) in enumerate(zip(r, widths))))
    return "\n".join(line.rstrip() for line in lines) + "\n"


def ram_map(p, source):
    """The product's static RAM, part by part (see RamMap)."""
    size = p.struct_sizes
    rows = [
        ContainerRam(
            name=c.name,
            heap=c.heap_ncells * size["svm_cell"],
            bitmaps=2 * 4 * c.bitmap_words,
            stacks=c.stack_values * size["svm_value"],
            contexts=c.contexts * size["svm_context"],
            control=size["svm_container"],
        )
        for c in p.containers
    ]
    return RamMap(
        source=source,
        data_model=p.data_model,
        rows=rows,
        loader_scratch=4 * ((p.verify_capacity + 31) // 32),
        vm=size["svm_vm"],
        ports=[port_ram(p, port) for port in p.ports],
        device_names=[d.name for d in p.devices],
        device_controls=len(p.devices) * size["svm_device"],
        device_queues=sum(4 * d.queue_depth for d in p.devices),
    )


def build_model(srctree, config_path, source=None):
    kconf = load_kconfig(srctree)
    load_config_file(kconf, config_path)
    check_file_values(kconf, [config_path])
    isa = isa_mod.load()
    for g in isa.groups.values():
        if g.kconfig not in kconf.syms:
            raise ConfigError(f"Kconfig has no symbol {g.kconfig} for instruction group {g.name} (generator/isa.toml)")
    if not enabled(kconf, "SVM_GROUP_CORE"):
        raise ConfigError("CONFIG_SVM_GROUP_CORE: the CORE group cannot be left out")
    groups = [g for g in isa.groups.values() if enabled(kconf, g.kconfig)]
    chosen = [t for sym_name, t in TARGETS.items() if sym_name in kconf.syms and enabled(kconf, sym_name)]
    if len(chosen) != 1:  # pragma: no cover - a Kconfig choice has exactly one
        raise ConfigError(f"CONFIG_SVM_TARGET: no known target is chosen (one of {', '.join(TARGETS)})")
    target, board = chosen[0]
    p = Product(
        config_path=config_path,
        kconf=kconf,
        isa=isa,
        groups=groups,
        instrs=[i for i in isa.instrs if i.group in groups],
        groups_mask=sum(1 << g.bit for g in groups),
        groups_defined=sum(1 << g.bit for g in isa.groups.values()),
        dispatch="threaded" if enabled(kconf, "SVM_DISPATCH_THREADED") else "switch",
        target=target,
        board=board,
        data_model=TARGET_DATA_MODEL[target],
        quantum=int_value(kconf, "SVM_PREEMPT_QUANTUM"),
        gc_slice=int_value(kconf, "SVM_GC_SLICE"),
        ns_per_instruction=int_value(kconf, "SVM_VIRTUAL_NS_PER_INSTRUCTION"),
        tick_us=int_value(kconf, "SVM_TICK_US"),
        print_limit=int_value(kconf, "SVM_PRINT_LIMIT"),
        ram_budget=int_value(kconf, "SVM_RAM_BUDGET"),
        host_max_image=int_value(kconf, "SVM_HOST_MAX_IMAGE") if enabled(kconf, "SVM_TARGET_POSIX") else 0,
    )

    names = {}
    for slot in range(MAX_CONTAINERS):
        if not enabled(kconf, f"SVM_CONTAINER{slot}"):
            continue
        c = read_container(kconf, srctree, slot)
        check_container(p, c, names)
        c.index = len(p.containers)
        p.containers.append(c)
    if not p.containers:  # pragma: no cover - slot 0 has no prompt
        raise ConfigError("CONFIG_SVM_CONTAINER0: the product has no container")

    port_names = {}
    for slot in range(MAX_PORTS):
        if not enabled(kconf, f"SVM_PORT{slot}"):
            continue
        port = read_port(kconf, slot)
        port.index = len(p.ports)
        check_port(p, port, port_names)
        p.ports.append(port)

    p.device_queue_depth = int_value(kconf, "SVM_DEVICE_QUEUE_DEPTH")
    read_devices(p)

    # Each container's IO table and interface, then its program, assembled
    # against that interface.
    port_types = {}  # container name -> {port name: (message type, position, data types)}, for its .cam program
    for c in p.containers:
        c.io = io_table(p, c)
        port_types[c.name] = {}
        c.program_file, c.image, c.source_map = load_program(srctree, c.slot, c.program, interface_of(p, c, source or config_path),
                                               port_types[c.name])
        check_program(p, c)
    check_port_types(p, port_types)

    # The loader's scratch covers the largest embedded program only: the
    # host runner brings its own scratch for program files.
    p.verify_capacity = max([c.code_size for c in p.containers] + [1])
    p.ram = ram_map(p, source or config_path)
    if p.target == "cortex-m":
        check_mcu_memory(p)
    if p.ram.total > p.ram_budget:
        detail = ", ".join(f"{r.name}: {r.total}" for r in p.ram.rows)
        raise ConfigError(
            f"CONFIG_SVM_RAM_BUDGET: the product needs {p.ram.total} bytes of RAM ({detail}, VM-wide: "
            f"{p.ram.vm_wide}), more than the budget of {p.ram_budget}: lower CONFIG_SVM_CONTAINERn_HEAP_CELLS, "
            "_STACK_DEPTH or _CONTEXTS" + (", or CONFIG_SVM_PORTn_DEPTH or _MAX_CELLS" if p.ports else "")
            + ", or raise the budget"
        )
    return p


def check_mcu_memory(p):
    """The static storage and the main stack fit the board's RAM (the
    linker would say so too, later and less clearly)."""
    ram = int_value(p.kconf, "SVM_RAM_SIZE")
    stack = int_value(p.kconf, "SVM_MAIN_STACK_SIZE")
    if p.ram.total + stack > ram:
        raise ConfigError(
            f"CONFIG_SVM_RAM_SIZE: the containers' storage ({p.ram.total} bytes, BUILD/ram_map.txt) and the main "
            f"stack (CONFIG_SVM_MAIN_STACK_SIZE, {stack}) need {p.ram.total + stack} bytes, more than the "
            f"board's RAM of {ram}: lower the containers' sizes"
        )
    if p.tick_us * int_value(p.kconf, "SVM_CPU_HZ") // 1000000 > 1 << 24:
        raise ConfigError(
            f"CONFIG_SVM_TICK_US: {p.tick_us} us is longer than SysTick counts (2^24 cycles of "
            f"CONFIG_SVM_CPU_HZ): lower it"
        )


def config_fields(p, c):
    """Every field of svm_container_config (layout.STRUCTS, in the order of
    core/svm.h) with its C initializer."""
    values = {
        "name": c_string(c.name),
        "heap_cells": f"{c.name}_heap",
        "mark_bits": f"{c.name}_mark",
        "flip_bits": f"{c.name}_flip",
        "stack": f"{c.name}_stack",
        "contexts": f"{c.name}_contexts",
        "image": f"{c.name}_image",
        "io": f"{c.name}_io" if c.io else "NULL",
        "nio": f"{len(c.io)}u",
        "image_size": f"sizeof {c.name}_image",
        "heap_ncells": f"{c.heap_ncells}u",
        "stack_depth": f"{c.stack_depth}u",
        "ncontexts": f"{c.contexts}u",
        "budget": f"{c.budget}u",
        "budget_period_us": f"{c.budget_period_ms * 1000}u",
        "restart_limit": f"{c.restart_limit}u",
        "restart_period_us": f"{c.restart_period_ms * 1000}u",
        "heartbeat_us": f"{c.heartbeat_ms * 1000}u",
        "print_limit": "CONFIG_SVM_PRINT_LIMIT",
        "criticality": f"{c.criticality}u",
        "fault_policy": c.policy_c,
    }
    return struct_fields("svm_container_config", values)


def port_fields(p, port):
    """Every field of svm_port_config (layout.STRUCTS, in the order of
    core/svm.h) with its C initializer."""
    values = {
        "name": c_string(port.name),
        "messages": f"{port.name}_port_messages",
        "cells": f"{port.name}_port_cells",
        "map": f"{port.name}_port_map",
        "from": f"{port.from_index}u",
        "to": f"{port.to_index}u",
        "depth": f"{port.depth}u",
        "max_cells": f"{port.max_cells}u",
        "kind": port.kind_c,
    }
    return struct_fields("svm_port_config", values)


def device_fields(p, d):
    """Every field of svm_device_config with its C initializer."""
    values = {
        "name": c_string(d.name),
        "queue": f"{d.name}_queue" if d.queue_depth else "NULL",
        "kind": d.kind_c,
        "unit": f"{d.unit}u",
        "owner": f"{d.owner_index}u",
        "depth": f"{d.queue_depth}u",
    }
    return struct_fields("svm_device_config", values)


def struct_fields(struct, values):
    """[(field, initializer)] in the order of core/svm.h (layout.STRUCTS):
    every field has a value and every value a field, so a field added to
    the C structure cannot be left out of the generated tables."""
    names = [layout._array(f)[0] for _, f in layout.STRUCTS[struct]]
    missing = [n for n in names if n not in values]
    extra = [n for n in values if n not in names]
    if missing or extra:  # pragma: no cover - caught by the generator's tests
        raise AssertionError(f"{struct}: no value for {missing}, unknown {extra}")
    return [(n, values[n]) for n in names]


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
    """A handler's operand: a macro reading it from the instruction's bytes
    where it is used (templates/svm_interp.c.j2 says why); #undef'd after
    the handler."""
    t = op.type
    if t in ("u8", "slot", "bool"):
        return f"#define {op.name} ((uint32_t)pc[{offset}])"
    if t == "i32":
        return f"#define {op.name} svm_read_i32(pc + {offset})"
    if t == "f32":
        return f"#define {op.name} svm_read_f32(pc + {offset})"
    if t in ("tag", "label"):
        return f"#define {op.name} svm_read_u16(pc + {offset})"
    if t == "cases":
        return f"#define {op.name} (pc + {offset})"
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
        "undefs": [f"#undef {op.name}" for op in ins.operands],
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


# Machine instructions (x86-64, gcc -O2, callgrind) of the work a lower
# container can do between two preemption points: measured by bench/sched.py
# (switch, collector step) and bench/README.md (a print value; the dearest
# instruction per unit of a straight run: an allocating app, acc 8 steps).
IR_SWITCH = 392
IR_PER_GC_STEP = 66
IR_PER_STRAIGHT_UNIT = 40
IR_PER_PRINT_VALUE = 175
# A port message's copy, per cell: into the port at a send (the dearer of
# the two copies; a receive into the heap was ~41), callgrind, 200 sends
# of a 4,095-cell message on a sampling port (docs/scheduling.md).
IR_PER_PORT_CELL = 66
GC_STEP_COST = 5  # core/svm.h: SVM_GC_STEP_COST, instructions of virtual time per step


def latency_bound(p):
    """How long a container can wait for a less critical one, as a function
    of the configuration: the dearest thing the lower one can be doing
    between two preemption points, then a switch (docs/scheduling.md)."""
    k = p.kconf
    run = int_value(k, "SVM_MAX_STRAIGHT_RUN") + 1
    gc = int_value(k, "SVM_GC_SLICE") + 8
    terms = [
        (f"a straight run of CONFIG_SVM_MAX_STRAIGHT_RUN + 1 = {run} instructions", run, run * IR_PER_STRAIGHT_UNIT),
        (f"a collector slice of CONFIG_SVM_GC_SLICE + 8 = {gc} steps", gc * GC_STEP_COST, gc * IR_PER_GC_STEP),
    ]
    if any(g.name == "CONSOLE" for g in p.groups):
        n = int_value(k, "SVM_PRINT_LIMIT")
        terms.append((f"a print of CONFIG_SVM_PRINT_LIMIT = {n} values", n, n * IR_PER_PRINT_VALUE))
    if p.ports:
        # one sync copies one message; the virtual clock charges it as one instruction
        big = max(p.ports, key=lambda q: q.max_cells + (q.kind == "sampling"))
        n = big.max_cells + (1 if big.kind == "sampling" else 0)
        terms.append((f"a port message of {big.symbol('MAX_CELLS')} = {big.max_cells} cells copied ({n} cells)", 1,
                      n * IR_PER_PORT_CELL))
    worst = max(terms, key=lambda t: t[2])
    lines = ["Preemption latency bound: a container waits for a less critical one at most the dearest of"]
    lines += [f"  {what}: {vm} instructions of virtual time, ~{ir:,} machine instructions" for what, vm, ir in terms]
    lines.append(
        f"  then a switch (~{IR_SWITCH} machine instructions): bound {max(t[1] for t in terms)} instructions of "
        f"virtual time "
        f"(x {int_value(k, 'SVM_VIRTUAL_NS_PER_INSTRUCTION')} ns), ~{worst[2] + IR_SWITCH:,} machine instructions "
        f"on x86-64 ({worst[0].split(' of ')[0].replace('a ', '')} dominates; docs/scheduling.md)"
    )
    return "\n".join(lines) + "\n"


def cmd_generate(args):
    srctree = os.path.abspath(args.srctree)
    source = f"{rel(os.path.abspath(args.config)) if not os.path.isabs(args.config) else args.config}"
    p = build_model(srctree, args.config, source)
    env = make_env()
    env.globals.update(c_string=c_string, c_bytes=c_bytes, config_fields=config_fields, port_fields=port_fields,
                       device_fields=device_fields)
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
    if p.target == "cortex-m":
        # The firmware's memory map: the board's regions, the product's storage in .bss.
        outputs["svm_firmware.ld"] = "svm_firmware.ld.j2"
    changed = []
    for out, tmpl in outputs.items():
        text = env.get_template(tmpl).render(**ctx)
        if write_if_changed(os.path.join(args.out, out), text):
            changed.append(out)
    # Each container's interface: what its programs' @NAMEs stand for; and
    # a .cam program's source map, which svm run gives svm-run (a fault
    # shows its source line), none left from an earlier program.
    for c in p.containers:
        out = f"{c.name}.interface"
        if write_if_changed(os.path.join(args.out, out), interface_text(p, c, source)):
            changed.append(out)
    for name in os.listdir(args.out):
        if name.endswith(".source-map") and name[:-len(".source-map")] not in {c.name for c in p.containers
                                                                               if c.source_map}:
            os.unlink(os.path.join(args.out, name))
    for c in p.containers:
        if c.source_map and write_if_changed(os.path.join(args.out, f"{c.name}.source-map"), c.source_map):
            changed.append(f"{c.name}.source-map")
    ram_text = p.ram.text()
    if args.ram_map:
        os.makedirs(os.path.dirname(os.path.abspath(args.ram_map)), exist_ok=True)
        if write_if_changed(args.ram_map, ram_text):
            changed.append(os.path.basename(args.ram_map))
    sys.stdout.write(ram_text)
    port_text = port_map_text(p)
    if args.ram_map:
        path = os.path.join(os.path.dirname(os.path.abspath(args.ram_map)), "port_map.txt")
        if write_if_changed(path, port_text):
            changed.append("port_map.txt")
    sys.stdout.write(port_text)
    bound_text = latency_bound(p)
    if args.ram_map:
        path = os.path.join(os.path.dirname(os.path.abspath(args.ram_map)), "latency_bound.txt")
        if write_if_changed(path, bound_text):
            changed.append("latency_bound.txt")
    sys.stdout.write(bound_text)
    groups = " ".join(g.name for g in p.groups)
    print(
        f"generate.py: product from {os.path.basename(args.config)}: groups {groups}; {p.dispatch} dispatch; "
        f"{len(p.instrs)} instructions; container(s) "
        + ", ".join(
            f"{c.name} ({c.heap_cells} cells, {c.contexts} x {c.stack_depth} stack)" for c in p.containers
        )
        + (f"; port(s) {', '.join(port.name for port in p.ports)}" if p.ports else "")
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
    g.add_argument("--ram-map", metavar="FILE", help="also write the RAM map to FILE (CMake: BUILD/ram_map.txt)")
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
