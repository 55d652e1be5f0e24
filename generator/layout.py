"""The C structures of core/svm.h that the generated storage uses, and their sizes.

The generator sizes the product's RAM (the RAM map, the RAM budget check)
from the real structures, not from a guess: each structure is described
here as its list of fields with their C types, and sizeof is computed with
the C layout rules (every field at the next multiple of its alignment, the
structure padded to a multiple of its largest alignment) for a data model:

    lp64   the POSIX host (x86-64, AArch64): pointers 8 bytes
    ilp32  a 32-bit Cortex-M (ARM EABI): pointers 4 bytes, uint64_t still
           aligned to 8, enums int-sized (-fno-short-enums; the same as
           gcc -m32 -malign-double on x86)

The generated svm_containers.c asserts every figure against the compiler's
sizeof (_Static_assert), so this description cannot drift from core/svm.h
unnoticed: when core/svm.h changes, the build says which structure to
update here.

Run as a program, it prints the sizes: `layout.py [lp64|ilp32]`.
"""

import sys
from dataclasses import dataclass


@dataclass(frozen=True)
class DataModel:
    name: str
    pointer: int  # size and alignment of a pointer
    u64_align: int  # alignment of uint64_t inside a structure
    enum_size: int  # an enum with small values (gcc -fno-short-enums: int)


DATA_MODELS = {
    "lp64": DataModel("lp64", pointer=8, u64_align=8, enum_size=4),
    "ilp32": DataModel("ilp32", pointer=4, u64_align=8, enum_size=4),
}

# Fixed-size scalars: C type -> size (alignment = size, except uint64_t).
SCALARS = {
    "char": 1,
    "uint8_t": 1,
    "int8_t": 1,
    "uint16_t": 2,
    "int16_t": 2,
    "uint32_t": 4,
    "int32_t": 4,
    "uint64_t": 8,
    "int64_t": 8,
}

# typedefs of core/svm.h and core/svm_value.h that are not structures.
TYPEDEFS = {"svm_value": "uint64_t"}
ENUMS = {
    "svm_fault",
    "svm_context_state",
    "svm_container_state",
    "svm_fault_policy",
    "svm_gc_phase",
    "svm_clock",
    "svm_port_kind",
    "svm_io_direction",
}

# Array lengths named in core/svm.h.
CONSTANTS = {"SVM_LINE_BUFFER": 96, "SVM_MESSAGE_SIZE": 160}

# The structures, field by field, in the order of core/svm.h. A field is
# (C type, name); a pointer type ends with '*'; an array is "name[N]".
STRUCTS = {
    "svm_fault_info": [
        ("svm_fault", "code"),
        ("uint32_t", "pc"),
        ("uint32_t", "expected"),
        ("svm_value", "value"),
    ],
    "svm_cell": [
        ("svm_value", "car"),
        ("svm_value", "cdr"),
    ],
    "svm_heap": [
        ("svm_cell *", "cells"),
        ("uint32_t", "ncells"),
        ("uint32_t *", "mark"),
        ("uint32_t *", "flip"),
        ("uint32_t", "free"),
        ("uint32_t", "fresh"),
        ("uint32_t", "collections"),
        ("uint32_t", "high_water"),
    ],
    "svm_gc": [
        ("uint32_t", "phase"),
        ("uint32_t", "root_context"),
        ("uint32_t", "root_slot"),
        ("uint32_t", "cur"),
        ("uint32_t", "prev"),
        ("uint32_t", "sweep_word"),
        ("uint32_t", "sweep_tail"),
        ("uint32_t", "live"),
    ],
    "svm_context": [
        ("svm_value", "env"),
        ("svm_value *", "stack"),
        ("uint64_t", "wake_at"),
        ("uint64_t", "logical"),
        ("uint64_t", "deadline"),
        ("uint64_t", "ready_since"),
        ("uint64_t", "sync_start"),
        ("int32_t", "id"),
        ("uint32_t", "sp"),
        ("uint32_t", "pc"),
        ("uint32_t", "block_seq"),
        ("uint16_t", "next"),
        ("uint16_t", "timeout_base"),
        ("uint8_t", "state"),
        ("uint8_t", "has_deadline"),
        ("uint8_t", "woken"),
        ("uint8_t", "has_timeout"),
        ("uint8_t", "waits_io"),
        ("uint8_t", "released"),
        ("uint8_t", "resync"),
    ],
    "svm_port_message": [
        ("uint64_t", "time"),
        ("svm_value", "root"),
        ("uint32_t", "ncells"),
        ("uint32_t", "unused"),
    ],
    "svm_port_config": [
        ("const char *", "name"),
        ("svm_port_message *", "messages"),
        ("svm_cell *", "cells"),
        ("uint32_t *", "map"),
        ("uint32_t", "from"),
        ("uint32_t", "to"),
        ("uint32_t", "depth"),
        ("uint32_t", "max_cells"),
        ("uint32_t", "kind"),
    ],
    "svm_port": [
        ("const svm_port_config *", "cfg"),
        ("uint64_t", "sent"),
        ("uint64_t", "delivered"),
        ("uint64_t", "dropped"),
        ("uint32_t", "head"),
        ("uint32_t", "count"),
    ],
    "svm_device_config": [
        ("const char *", "name"),
        ("int32_t *", "queue"),
        ("uint32_t", "kind"),
        ("uint32_t", "unit"),
        ("uint32_t", "owner"),
        ("uint32_t", "depth"),
    ],
    "svm_device": [
        ("const svm_device_config *", "cfg"),
        ("volatile uint32_t", "head"),
        ("volatile uint32_t", "count"),
        ("volatile int32_t", "latest"),
        ("volatile uint32_t", "pending"),
        ("uint32_t", "dropped"),
        ("uint32_t", "writes"),
    ],
    "svm_io_entry": [
        ("const char *", "name"),
        ("uint16_t", "index"),
        ("uint8_t", "direction"),
        ("uint8_t", "kind"),
    ],
    "svm_container_config": [
        ("const char *", "name"),
        ("svm_cell *", "heap_cells"),
        ("uint32_t *", "mark_bits"),
        ("uint32_t *", "flip_bits"),
        ("svm_value *", "stack"),
        ("svm_context *", "contexts"),
        ("const uint8_t *", "image"),
        ("const svm_io_entry *", "io"),
        ("uint32_t", "nio"),
        ("uint32_t", "image_size"),
        ("uint32_t", "heap_ncells"),
        ("uint32_t", "stack_depth"),
        ("uint32_t", "ncontexts"),
        ("uint32_t", "budget"),
        ("uint32_t", "budget_period_us"),
        ("uint32_t", "restart_limit"),
        ("uint32_t", "restart_period_us"),
        ("uint32_t", "heartbeat_us"),
        ("uint32_t", "print_limit"),
        ("uint8_t", "criticality"),
        ("uint8_t", "fault_policy"),
    ],
    "svm_container": [
        ("const svm_container_config *", "cfg"),
        ("struct svm_vm *", "vm"),
        ("const uint8_t *", "image"),
        ("const uint8_t *", "code"),
        ("svm_heap", "heap"),
        ("svm_gc", "gc"),
        ("uint32_t", "gc_need"),
        ("svm_fault_info", "fault"),
        ("uint64_t", "period_start"),
        ("uint64_t", "progress_at"),
        ("uint64_t", "restart_window"),
        ("uint64_t", "turn"),
        ("uint64_t", "next_wake"),
        ("uint64_t", "instructions"),
        ("uint64_t", "branch_points"),
        ("uint64_t", "period_branch_points"),
        ("uint64_t", "gc_steps"),
        ("uint64_t", "max_latency_ns"),
        ("uint32_t", "image_size"),
        ("uint32_t", "code_size"),
        ("uint32_t", "entry"),
        ("uint32_t", "id"),
        ("svm_container_state", "state"),
        ("uint32_t", "budget"),
        ("uint32_t", "stack_depth"),
        ("uint32_t", "stack_guard"),
        ("uint32_t", "stack_room"),
        ("uint32_t", "faults"),
        ("uint32_t", "restarts"),
        ("uint32_t", "restarts_in_window"),
        ("uint32_t", "heartbeat_misses"),
        ("uint32_t", "budget_overruns"),
        ("uint32_t", "deadline_misses"),
        ("uint32_t", "port_drops"),
        ("int32_t", "next_context_id"),
        ("uint32_t", "block_counter"),
        ("volatile uint32_t", "ilimit"),
        ("uint32_t", "slice_left"),
        ("uint32_t", "slice_instructions"),
        ("uint32_t", "branch_pc"),
        ("uint32_t", "sleep_us"),
        ("uint16_t", "current"),
        ("uint16_t", "ready_head"),
        ("uint16_t", "ready_tail"),
        ("uint16_t", "live_contexts"),
        ("uint32_t", "line_len"),
        ("char", "line[SVM_LINE_BUFFER]"),
        ("char", "message[SVM_MESSAGE_SIZE]"),
    ],
    "svm_vm": [
        ("svm_container *", "containers"),
        ("svm_port *", "ports"),
        ("svm_device *", "devices"),
        ("uint32_t *", "verify_bits"),
        ("uint64_t", "vclock_ns"),
        ("uint64_t", "start_ns"),
        ("uint64_t", "now_ns"),
        ("uint64_t", "turns"),
        ("uint32_t", "ncontainers"),
        ("uint32_t", "nports"),
        ("uint32_t", "ndevices"),
        ("volatile uint32_t", "device_pending"),
        ("uint32_t", "quantum"),
        ("uint32_t", "verify_capacity"),
        ("uint32_t", "gc_slice"),
        ("uint32_t", "max_straight_run"),
        ("uint32_t", "ns_per_instruction"),
        ("uint32_t", "clock"),
        ("uint32_t", "escalated"),
        ("uint32_t", "inputs_end"),
        ("volatile uint32_t", "preempt"),
        ("svm_container * volatile", "running"),
    ],
}

# What the generated storage declares (asserted in svm_containers.c), the
# structures they contain first.
ASSERTED = [
    "svm_value",
    "svm_fault_info",
    "svm_cell",
    "svm_heap",
    "svm_gc",
    "svm_context",
    "svm_port_message",
    "svm_port_config",
    "svm_port",
    "svm_device_config",
    "svm_device",
    "svm_io_entry",
    "svm_container_config",
    "svm_container",
    "svm_vm",
]


class LayoutError(Exception):
    pass


def _strip(ctype):
    words = [w for w in ctype.split() if w not in ("const", "volatile", "struct")]
    return " ".join(words)


def _array(name):
    """'line[SVM_LINE_BUFFER]' -> ('line', 96); 'pc' -> ('pc', 1)."""
    if "[" not in name:
        return name, 1
    base, _, rest = name.partition("[")
    n = rest.rstrip("]").strip()
    count = CONSTANTS[n] if n in CONSTANTS else int(n, 0)
    return base, count


def size_align(ctype, model):
    """sizeof and alignment of a C type in a data model."""
    if isinstance(model, str):
        model = DATA_MODELS[model]
    t = _strip(ctype)
    if t.endswith("*"):
        return model.pointer, model.pointer
    t = TYPEDEFS.get(t, t)
    if t in ENUMS:
        return model.enum_size, model.enum_size
    if t in ("uint64_t", "int64_t"):
        return 8, model.u64_align
    if t in SCALARS:
        return SCALARS[t], SCALARS[t]
    if t in STRUCTS:
        return struct_layout(t, model)[1:]
    raise LayoutError(f"layout.py: unknown C type '{ctype}'")


def struct_layout(name, model):
    """([(field, offset, size)], sizeof, alignment) of a structure."""
    if isinstance(model, str):
        model = DATA_MODELS[model]
    offset = 0
    align = 1
    fields = []
    for ctype, fname in STRUCTS[name]:
        base, count = _array(fname)
        size, a = size_align(ctype, model)
        offset = (offset + a - 1) // a * a
        fields.append((base, offset, size * count))
        offset += size * count
        align = max(align, a)
    size = (offset + align - 1) // align * align
    return fields, size, align


def sizeof(ctype, model):
    return size_align(ctype, model)[0]


def sizes(model):
    """{type: sizeof} of every type the generated storage asserts."""
    return {t: sizeof(t, model) for t in ASSERTED}


def main(argv):
    models = argv[1:] or list(DATA_MODELS)
    for m in models:
        for t, n in sizes(m).items():
            print(f"{m} {t} {n}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
