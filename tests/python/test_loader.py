"""The C loader/verifier (core/svm_loader.c) on malformed and hostile images.

Every image here goes through the host runner, `svm-run --budget 100000
IMAGE`: the path comes from $SVM_RUN (ctest sets it) or defaults to
<repo>/build/svm-run (built with `./svm build` when missing).

An image is *refused* when svm-run exits 2 and its stderr is exactly one
line `svm: container 'main': image rejected: REASON`.  Whatever the input,
no run may die by a signal, hang, or exit with anything but 0 (ended), 1
(faulted) or 2 (refused); and no run may report executing at a pc outside
the code it was given.

Images are built by hand from the ISA table (generator/isa.toml) with
isa.header_pack, so the tests follow the opcode numbering.  They assume the
runner's product has every instruction group built in (the ctest "python"
test only runs for such products).
"""

import os
import random
import re
import struct
import subprocess
import sys
import zlib

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "generator"))
sys.path.insert(0, os.path.join(ROOT, "toolchain"))

import isa  # noqa: E402
from assembler import assemble  # noqa: E402

TABLE = isa.load()
OP = {i.name: i.opcode for i in TABLE.instrs}
ALL_GROUPS = sum(1 << g.bit for g in TABLE.groups.values())
GROUP_BIT = {name: 1 << g.bit for name, g in TABLE.groups.items()}
HEADER = isa.IMAGE_HEADER_SIZE
OPCODE_LIMIT = max(OP.values()) + 1
BUDGET = "100000"
TIMEOUT = 20
REJECT_LINE = re.compile(r"svm: container 'main': image rejected: (.+)\n")
FAULT_PC = re.compile(r"fault at pc (\d+)")


# ---------------------------------------------------------------- runner


def _find_runner():
    path = os.environ.get("SVM_RUN")
    if path:
        return path if os.access(path, os.X_OK) else None
    path = os.path.join(ROOT, "build", "svm-run")
    if not os.access(path, os.X_OK) and os.access(os.path.join(ROOT, "svm"), os.X_OK):
        subprocess.run([os.path.join(ROOT, "svm"), "build"], cwd=ROOT, capture_output=True, timeout=600)
    return path if os.access(path, os.X_OK) else None


@pytest.fixture(scope="module")
def svm_run():
    path = _find_runner()
    if path is None:
        pytest.skip(
            "no host runner: $SVM_RUN is unset or not executable, and <repo>/build/svm-run does not exist "
            "(and `./svm build` did not produce it)"
        )
    return path


class Outcome:
    def __init__(self, returncode, stdout, stderr, code_size):
        self.returncode = returncode
        self.stdout = stdout
        self.stderr = stderr
        self.code_size = code_size

    def __repr__(self):
        return f"<exit {self.returncode}, stdout {self.stdout[:200]!r}, stderr {self.stderr[:300]!r}>"

    @property
    def refused(self):
        return self.returncode == 2 and REJECT_LINE.fullmatch(self.stderr) is not None

    @property
    def reason(self):
        m = REJECT_LINE.fullmatch(self.stderr)
        return m.group(1) if m else None


class Runner:
    def __init__(self, exe, tmp):
        self.exe = exe
        self.tmp = tmp
        self.count = 0

    def run(self, data, what=""):
        """Run one image; checks the properties every run must have."""
        self.count += 1
        path = os.path.join(self.tmp, f"image{self.count}.svmb")
        with open(path, "wb") as f:
            f.write(data)
        try:
            r = subprocess.run(
                [self.exe, "--clock", "virtual", "--budget", BUDGET, path], capture_output=True, timeout=TIMEOUT, cwd=self.tmp
            )
        except subprocess.TimeoutExpired:
            pytest.fail(f"svm-run did not end within {TIMEOUT} s on {what} image {data.hex()}")
        os.unlink(path)
        stderr = r.stderr.decode("utf-8", "replace")
        stdout = r.stdout.decode("utf-8", "replace")
        code_size = max(len(data) - HEADER, 0)
        out = Outcome(r.returncode, stdout, stderr, code_size)
        assert r.returncode >= 0, f"svm-run died by signal {-r.returncode} on {what} image {data.hex()}: {out}"
        assert r.returncode in (0, 1, 2), f"svm-run exited {r.returncode} on {what} image {data.hex()}: {out}"
        if r.returncode == 2:
            assert out.refused, f"a rejection is one line naming the container: {out} ({what} {data.hex()})"
        elif r.returncode == 1:
            assert re.fullmatch(r"svm: \[\d+\.\d{3} ms\] container 'main': [^\n]+\n", stderr), (
                f"{out} ({what} {data.hex()})"
            )
            m = FAULT_PC.search(stderr)
            if m:
                assert int(m.group(1)) < code_size, (
                    f"the VM reports executing at pc {m.group(1)}, outside the {code_size} bytes of code "
                    f"it verified: {out} ({what} image {data.hex()})"
                )
        else:
            assert stderr == "", f"{out} ({what} {data.hex()})"
        return out


@pytest.fixture
def runner(svm_run, tmp_path):
    return Runner(svm_run, str(tmp_path))


# ---------------------------------------------------------------- images


def image(code, entry=0, mask=ALL_GROUPS):
    code = bytes(code)
    return isa.header_pack(mask, code, entry) + code


def with_crc(data):
    """data (a whole image) with the header's code size left alone and the checksum recomputed."""
    data = bytearray(data)
    struct.pack_into("<I", data, 20, zlib.crc32(bytes(data[HEADER:])) & 0xFFFFFFFF)
    return bytes(data)


def ins(name, *operands):
    """One encoded instruction: operands are given as already-sized ints per the table."""
    spec = TABLE.by_name[name]
    out = bytes([spec.opcode])
    for op, value in zip(spec.operands, operands):
        if op.type in ("u8", "slot", "bool"):
            out += struct.pack("<B", value)
        elif op.type in ("tag", "label"):
            out += struct.pack("<H", value)
        elif op.type == "i32":
            out += struct.pack("<i", value)
        elif op.type == "f32":
            out += struct.pack("<f", value)
        else:
            raise AssertionError("use cases() for switch operands")
    assert len(operands) == len(spec.operands), name
    return out


def cases(name, pairs):
    out = bytes([OP[name], len(pairs)])
    for tag, label in pairs:
        out += struct.pack("<HH", tag, label)
    return out


STOP = ins("stop")


def refused_with(runner, data, *words):
    out = runner.run(data, what="crafted")
    assert out.refused, f"expected a rejection mentioning {words}: {out}"
    for word in words:
        assert word in out.reason, f"{word!r} not in the rejection: {out.reason!r}"
    return out


# ---------------------------------------------------------------- a valid image runs

# A program exercising many instructions of every group.
PROGRAM = """\
; many instructions of every group; prints a known transcript
main:
    loadi 5
    push
    loadi 7
    add
    print               ; 12
    push
    loadi 3
    mul
    push
    loadi 5
    div                 ; 36 / 5 = 7
    push
    loadi 4
    mod                 ; 7 mod 4 = 3
    neg
    abs
    inc
    dec
    print               ; 3
    push
    loadi 3
    eq
    print               ; true
    not
    push
    loadb 1
    eqb                 ; false == true
    print               ; false
    loadi 0x0f
    push
    loadi 0x3c
    band                ; 12
    push
    loadi 1
    shl                 ; 24
    push
    loadi 0x100
    bor                 ; 280
    push
    loadi 2
    shr                 ; 70
    push
    loadi 7
    bxor                ; 65
    print               ; 65
    loadi -8
    push
    loadi 1
    asr
    bnot                ; 3
    print               ; 3
    loadf 1.5
    push
    loadf 2.25
    addf                ; 3.75
    push
    loadf 2.0
    mulf                ; 7.5
    push
    loadf 0.5
    subf                ; 7
    push
    loadf 2.0
    divf                ; 3.5
    negf
    print               ; -3.5
    push
    loadi 2
    itof
    ltf                 ; -3.5 < 2.0
    print               ; true
    loadf 9.75
    ftoi
    print               ; 9
    ; a list [1, 2, 3] of constructors and its sum
    clear
    pack 0
    push
    loadi 3
    snoc
    pack 1
    push
    loadi 2
    snoc
    pack 1
    push
    loadi 1
    snoc
    pack 1
    print               ; #1((1, #1((2, #1((3, #0(()))))))))
    call sum
    print               ; 6
    ; closures
    clear
    cur square
    push
    loadi 9
    app
    print               ; 81
    comb square
    push
    loadi 4
    app
    print               ; 16
    ; environments
    loadi 1
    push
    loadi 2
    cons
    push
    loadi 3
    cons                ; ((1, 2), 3)
    push
    acc 0
    print               ; 3
    pop
    push
    acc 1
    print               ; 2
    pop
    rest 2
    print               ; 1
    move
    print               ; ()
    pop
    ; switch with a default
    loadi 42
    pack 7
    push
    loadi 0
    swap
    switch 1 wrong _ dflt
wrong:
    stop
dflt:                   ; env = (0, 42)
    yield                   ; CONCURRENCY: the only context goes on
    snd
    push
    loadi 42
    ne
    gotoifalse equal
    stop
equal:
    push
    loadi 1
    push
    loadi 2
    lt
    gotofalse wrong     ; env := false (popped)
    print               ; false
    skip
    loadi 3
    push
    loadi 2
    ge
    print               ; true
    loadi 2
    push
    loadi 2
    le
    print               ; true
    loadi 1
    push
    loadi 2
    gt
    print               ; false
    loadi 40
    pushaddi 2          ; FUSED: push 40, env 42
    print               ; 42
    stop

sum:
    switchi 0 sum_nil 1 sum_cons
sum_nil:
    loadi 0
    return
sum_cons:
    push
    snd
    call sum
    swap
    fst
    add
    return

square:
    snd
    push
    mul
    return
"""

PROGRAM_OUTPUT = [
    "12",
    "3",
    "true",
    "false",
    "65",
    "3",
    "-3.5",
    "true",
    "9",
    "#1((1, #1((2, #1((3, #0(())))))))",
    "6",
    "81",
    "16",
    "3",
    "2",
    "1",
    "()",
    "false",
    "true",
    "true",
    "false",
    "42",
]


@pytest.fixture(scope="module")
def program_image():
    return assemble(PROGRAM, "program.s")


def test_program_uses_every_group_and_many_instructions(program_image):
    groups, code, _entry = isa.header_unpack(program_image)
    # Every group but IO: bind needs a product with ports (test_ports.py).
    assert groups == ALL_GROUPS & ~(1 << TABLE.groups["IO"].bit)
    used = {ln.split()[0] for ln in PROGRAM.splitlines() if ln.startswith("    ") and ln.split()[0] != ";"}
    assert len(used) >= 55, sorted(set(OP) - used)


def test_valid_image_runs(runner, program_image):
    out = runner.run(program_image, what="valid")
    assert out.returncode == 0, out
    assert out.stdout.splitlines() == PROGRAM_OUTPUT


def test_minimal_valid_image_runs(runner):
    out = runner.run(image(ins("loadi", -5) + ins("print") + STOP), what="valid")
    assert (out.returncode, out.stdout, out.stderr) == (0, "-5\n", "")


# ---------------------------------------------------------------- header


def test_empty_file(runner):
    refused_with(runner, b"", "the image is 0 bytes, shorter than its 24-byte header")


@pytest.mark.parametrize("size", [1, 4, 23])
def test_shorter_than_header(runner, size):
    refused_with(runner, image(STOP)[:size], f"the image is {size} bytes, shorter than its 24-byte header")


def test_bad_magic(runner):
    good = image(STOP)
    refused_with(runner, b"SVMC" + good[4:], "bad magic")
    refused_with(runner, b"\0" * 4 + good[4:], "bad magic")


@pytest.mark.parametrize("version", [0, 2, 255])
def test_wrong_version(runner, version):
    data = bytearray(image(STOP))
    data[4] = version
    refused_with(runner, bytes(data), f"image version {version}, this VM runs version 1")


def test_nonzero_flags(runner):
    data = bytearray(image(STOP))
    data[5] = 1
    refused_with(runner, bytes(data), "unknown header flags or header size")


@pytest.mark.parametrize("hsize", [0, 23, 25, 0x1800])
def test_wrong_header_size(runner, hsize):
    data = bytearray(image(STOP))
    struct.pack_into("<H", data, 6, hsize)
    refused_with(runner, bytes(data), "unknown header flags or header size")


@pytest.mark.parametrize("declared", [0, 2, 5, 0xFFFFFFFF])
def test_code_size_disagrees_with_file(runner, declared):
    code = ins("loadi", 1) + STOP  # 6 bytes
    data = bytearray(image(code))
    struct.pack_into("<I", data, 12, declared)
    refused_with(runner, bytes(data), f"the header says {declared} bytes of code, the image holds 6")


def test_trailing_bytes_after_code(runner):
    refused_with(runner, image(STOP) + b"\x1a", "the header says 1 bytes of code, the image holds 2")


def test_zero_code_size(runner):
    refused_with(runner, isa.header_pack(ALL_GROUPS, b"", 0), "code size 0 is outside 1..65535")


def test_code_too_large(runner):
    # 65536 bytes of code behind a header that says so: too large for 16-bit labels.
    code = bytes([OP["skip"]]) * 65535 + STOP
    refused_with(runner, image(code), "code size 65536 is outside 1..65535")


def straight_code(size):
    """size bytes of skips ending in stop, with a `goto` to the next
    instruction (a preemption point) every 200 skips."""
    code = bytearray()
    while len(code) < size - 1:
        if len(code) % 203 == 200 and len(code) + 3 < size - 1:
            code += ins("goto", len(code) + 3)
        else:
            code += bytes([OP["skip"]])
    return bytes(code) + STOP


def test_largest_code_accepted(runner):
    # 65535 bytes of code: the most 16-bit labels reach; the entry is the last byte.
    code = straight_code(65535)
    assert len(code) == 65535
    out = runner.run(image(code, entry=65534))
    assert (out.returncode, out.stderr) == (0, ""), out
    out = runner.run(image(code, entry=0))
    assert (out.returncode, out.stderr) == (0, ""), out


def test_straight_run_limit(runner):
    # CONFIG_SVM_MAX_STRAIGHT_RUN (256 in posix_defconfig): a run of 256
    # instructions without a preemption point is accepted, 257 are not.
    out = runner.run(image(bytes([OP["skip"]]) * 256 + STOP))
    assert (out.returncode, out.stderr) == (0, ""), out
    message = (
        "the straight run from pc 3 passes no preemption point (a jump, call or return) "
        "for more than CONFIG_SVM_MAX_STRAIGHT_RUN (256) instructions"
    )
    refused_with(runner, image(ins("goto", 3) + bytes([OP["skip"]]) * 257 + STOP), message)
    # acc 255 counts 1 + 255/8 = 32: eight of them are 256, nine too many.
    acc = ins("acc", 255) * 8
    out = runner.run(image(ins("goto", 3) + acc + STOP))
    assert "CONFIG_SVM_MAX_STRAIGHT_RUN" not in out.stderr, out
    refused_with(runner, image(ins("goto", 3) + acc + ins("acc", 255) + STOP), message)


def test_crc_mismatch(runner):
    data = bytearray(image(ins("loadi", 1) + ins("print") + STOP))
    data[20] ^= 0x01
    refused_with(runner, bytes(data), "code checksum mismatch")
    data = bytearray(image(ins("loadi", 1) + ins("print") + STOP))
    data[HEADER + 1] ^= 0x80  # the code changed, the checksum did not
    refused_with(runner, bytes(data), "code checksum mismatch")


FIRST_UNKNOWN_GROUP = 1 << (max(g.bit for g in TABLE.groups.values()) + 1)


@pytest.mark.parametrize("extra", [FIRST_UNKNOWN_GROUP, 1 << 31, (0xFFFFFFFF * FIRST_UNKNOWN_GROUP) & 0xFFFFFFFF])
def test_unknown_group_bits(runner, extra):
    refused_with(
        runner,
        image(STOP, mask=ALL_GROUPS | extra),
        f"the header declares unknown instruction groups (mask 0x{extra:08x})",
    )


# ---------------------------------------------------------------- opcodes and operands


def test_opcode_zero(runner):
    refused_with(runner, image(ins("skip") + b"\x00" + STOP), "illegal opcode 0x00 at pc 1")


@pytest.mark.parametrize("op", [OPCODE_LIMIT, OPCODE_LIMIT + 1, 0xFF])
def test_opcode_past_the_table(runner, op):
    refused_with(runner, image(bytes([op]) + STOP), f"illegal opcode 0x{op:02x} at pc 0")


@pytest.mark.parametrize(
    "name,encoded",
    [
        ("loadi", ins("loadi", 7)),
        ("loadf", ins("loadf", 1.0)),
        ("pack", ins("pack", 3)),
        ("goto", ins("goto", 0)),
        ("acc", ins("acc", 1)),
        ("loadb", ins("loadb", 1)),
        ("switch", cases("switch", [(0, 0), (1, 0)])),
        ("switchi", cases("switchi", [(0, 0)])),
    ],
)
def test_truncated_final_instruction(runner, name, encoded):
    # Every strict prefix of the instruction, with a correct header and checksum, so the
    # verifier's own bounds checks are what refuses it.
    prefix = ins("skip")
    for cut in range(1, len(encoded)):
        code = prefix + encoded[:cut]
        refused_with(runner, image(code), f"instruction '{name}' at pc 1 is cut off by the end of the code")


def test_switch_count_larger_than_the_code(runner):
    refused_with(
        runner,
        image(bytes([OP["switch"], 3]) + struct.pack("<HH", 0, 0) * 2),
        "instruction 'switch' at pc 0 is cut off by the end of the code",
    )


@pytest.mark.parametrize("value", [2, 0x80, 255])
def test_loadb_not_boolean(runner, value):
    refused_with(
        runner, image(bytes([OP["loadb"], value]) + STOP), f"'loadb' at pc 0: boolean operand {value} is not 0 or 1"
    )


def test_pack_tag_out_of_range(runner):
    refused_with(runner, image(ins("pack", 65535) + STOP), "'pack' at pc 0: tag 65535 is out of range 0..65534")


def test_pack_largest_tag_accepted(runner):
    out = runner.run(image(ins("loadi", 1) + ins("pack", 65534) + ins("print") + STOP))
    assert (out.returncode, out.stdout) == (0, "#65534(1)\n"), out


@pytest.mark.parametrize("name", ["switch", "switchi"])
def test_switch_without_cases(runner, name):
    refused_with(runner, image(bytes([OP[name], 0]) + STOP), f"'{name}' at pc 0 has no cases")


def test_switch_case_tags(runner):
    # Case tags are 16-bit: every value is either a tag 0..65534 or the wildcard
    # 0xffff, so no case tag can be out of range.  The range ends and the wildcard
    # are accepted and match as specified; a tag that matches nothing faults.
    # 0: stop   1: loadi 5   6: pack T   9: switchi (tag -> 0)   (entry 1)
    for packed, tag, matches in [(0, 0, True), (1, 1, True), (65533, 65533, True), (65534, 65534, True),
                                 (3, 0xFFFF, True), (2, 1, False), (65534, 0, False)]:
        code = STOP + ins("loadi", 5) + ins("pack", packed) + cases("switchi", [(tag, 0)])
        out = runner.run(image(code, entry=1), what="switch tag")
        if matches:
            assert (out.returncode, out.stderr) == (0, ""), (packed, tag, out)
        else:
            assert out.returncode == 1 and "fault at pc 9" in out.stderr, (packed, tag, out)


def test_switch_case_tag_cannot_be_out_of_range():
    # The table documents tags 0..65534 plus 0xffff as "_": together all 16-bit values.
    assert isa.MAX_TAG == 65534 and isa.WILDCARD_TAG == 0xFFFF == isa.MAX_TAG + 1
    assert TABLE.by_name["switch"].operands[0].type == "cases"


def test_switch_case_target_inside_instruction(runner):
    code = ins("loadi", 1) + cases("switch", [(0, 0), (1, 2)])
    refused_with(runner, image(code), "'switch' at pc 5: case target 2 is not the start of an instruction")


def test_switch_case_target_past_end(runner):
    code = ins("loadi", 1) + cases("switchi", [(0xFFFF, 200)])
    refused_with(runner, image(code), "'switchi' at pc 5: case target 200 is not the start of an instruction")


# ---------------------------------------------------------------- targets and entry


@pytest.mark.parametrize("name", ["goto", "gotofalse", "gotoifalse", "call", "cur", "comb"])
def test_jump_into_middle_of_instruction(runner, name):
    code = ins("loadi", 1) + ins(name, 2) + STOP
    refused_with(runner, image(code), f"'{name}' at pc 5: target 2 is not the start of an instruction")


@pytest.mark.parametrize("target", [10, 11, 0x8000, 0xFFFF])
def test_jump_past_the_end(runner, target):
    code = ins("loadi", 1) + ins("goto", target) + ins("skip") + STOP  # 10 bytes
    refused_with(runner, image(code), f"'goto' at pc 5: target {target} is not the start of an instruction")


def test_jump_to_the_last_instruction_accepted(runner):
    code = ins("goto", 4) + ins("skip") + STOP
    out = runner.run(image(code))
    assert out.returncode == 0, out


@pytest.mark.parametrize("entry", [1, 4])
def test_entry_inside_instruction(runner, entry):
    code = ins("loadi", 1) + ins("print") + STOP
    refused_with(runner, image(code, entry=entry), f"entry {entry} is not the start of an instruction")


@pytest.mark.parametrize("entry", [7, 8, 0xFFFF, 0x10000, 0xFFFFFFFF])
def test_entry_past_the_end(runner, entry):
    code = ins("loadi", 1) + ins("print") + STOP
    refused_with(runner, image(code, entry=entry), f"entry {entry} is not the start of an instruction")


def test_entry_at_an_instruction_accepted(runner):
    code = ins("loadi", 1) + ins("print") + ins("loadi", 2) + ins("print") + STOP
    out = runner.run(image(code, entry=6))
    assert (out.returncode, out.stdout) == (0, "2\n"), out


@pytest.mark.parametrize("last", ["push", "skip", "add", "print", "loadi", "gotofalse", "gotoifalse", "pack"])
def test_last_instruction_falls_through(runner, last):
    spec = TABLE.by_name[last]
    encoded = bytes([spec.opcode]) + bytes(spec.fixed_size - 1)
    refused_with(runner, image(encoded), f"the last instruction ('{last}' at pc 0) can run past the end of the code")
    refused_with(
        runner,
        image(ins("skip") + encoded),
        f"the last instruction ('{last}' at pc 1) can run past the end of the code",
    )


@pytest.mark.parametrize("group,name", [("INT", "add"), ("BITS", "band"), ("FLOAT", "addf"), ("CONSOLE", "print")])
def test_instruction_of_undeclared_group(runner, group, name):
    code = ins("loadi", 1) + ins("push") + ins(name) + STOP
    mask = ALL_GROUPS & ~GROUP_BIT[group]
    refused_with(
        runner,
        image(code, mask=mask),
        f"instruction '{name}' at pc 6 is in group {group}, which the image header does not declare",
    )


def test_core_instruction_needs_core_declared(runner):
    refused_with(runner, image(STOP, mask=0), "instruction 'stop' at pc 0 is in group CORE")


@pytest.mark.parametrize(
    "last,code,entry",
    [
        # 0: return   1: call 0 (entry)
        ("call", ins("return") + ins("call", 0), 1),
        # 0: snd; return   2: comb 0; push; loadi 1; app (entry)
        ("app", ins("snd") + ins("return") + ins("comb", 0) + ins("push") + ins("loadi", 1) + ins("app"), 2),
    ],
    ids=["call", "app"],
)
def test_return_address_past_the_end(runner, last, code, entry):
    """A `call` or `app` as the last instruction pushes the return address
    pc + size = the code size; when the callee returns, the VM must not run
    code beyond what it verified (for an embedded image that is whatever
    follows the constant array).  Either the loader refuses such an image
    or the return faults without executing past the code; Runner.run checks
    that no fault is reported at a pc outside the code."""
    out = runner.run(image(code, entry=entry), what=f"{last} at the end")
    assert out.returncode in (1, 2), out


# ---------------------------------------------------------------- fuzz


def test_every_prefix_refused(runner, program_image):
    for n in range(len(program_image)):
        out = runner.run(program_image[:n], what=f"prefix {n} of the program")
        assert out.refused, (n, out)
        if n < HEADER:
            assert "shorter than its 24-byte header" in out.reason
        else:
            assert f"the header says {len(program_image) - HEADER} bytes of code, the image holds {n - HEADER}" in (
                out.reason
            ), (n, out)
    out = runner.run(program_image, what="whole program")
    assert out.returncode == 0, out


def test_random_byte_strings(runner):
    rng = random.Random(0x5E45E)
    refused = 0
    for i in range(300):
        n = rng.choice([rng.randrange(0, 30), rng.randrange(24, 120), rng.randrange(0, 600)])
        data = bytes(rng.randrange(256) for _ in range(n))
        if i % 3 == 0 and n >= 4:
            data = b"SVMB" + data[4:]  # get past the magic now and then
        out = runner.run(data, what=f"random #{i}")
        refused += out.refused
    assert refused >= 290  # random bytes almost never make a valid image


def test_random_code_behind_valid_header(runner):
    rng = random.Random(1234)
    statuses = {0: 0, 1: 0, 2: 0}
    for i in range(300):
        n = rng.randrange(1, 64)
        if i % 2:
            # Bytes drawn mostly from the defined opcodes, so more images get deeper.
            code = bytes(rng.randrange(1, OPCODE_LIMIT) if rng.random() < 0.7 else rng.randrange(256) for _ in range(n))
        else:
            code = bytes(rng.randrange(256) for _ in range(n))
        entry = 0 if i % 4 else rng.randrange(n)
        out = runner.run(image(code, entry=entry), what=f"random code #{i}")
        statuses[out.returncode] += 1
        if out.returncode == 2:
            # A valid header: refused by an instruction check, never by the header checks.
            assert not any(
                w in out.reason for w in ("magic", "version", "flags", "checksum", "bytes of code", "shorter")
            ), out
    assert statuses[2] > 0


def random_well_formed_program(rng):
    """A random stream of well-encoded instructions (targets on boundaries, ending in
    stop): it passes the verifier, so the interpreter's run-time checks face it."""
    names = [i.name for i in TABLE.instrs]
    count = rng.randrange(1, 40)
    chosen = [rng.choice(names) for _ in range(count)] + ["stop"]
    sizes = []
    for name in chosen:
        spec = TABLE.by_name[name]
        if spec.fixed_size is None:
            sizes.append(rng.randrange(1, 4))
        else:
            sizes.append(None)
    offsets, pc = [], 0
    for name, ncases in zip(chosen, sizes):
        offsets.append(pc)
        spec = TABLE.by_name[name]
        pc += spec.fixed_size if spec.fixed_size is not None else 2 + 4 * ncases
    code = b""
    for name, ncases in zip(chosen, sizes):
        spec = TABLE.by_name[name]
        if spec.fixed_size is None:
            pairs = [(rng.choice([0, 1, 2, 0xFFFF]), rng.choice(offsets)) for _ in range(ncases)]
            code += cases(name, pairs)
            continue
        values = []
        for op in spec.operands:
            if op.type in ("u8", "slot"):
                values.append(rng.choice([0, 1, 2, 255]))
            elif op.type == "bool":
                values.append(rng.randrange(2))
            elif op.type == "i32":
                values.append(rng.choice([0, 1, -1, 7, 2**31 - 1, -(2**31)]))
            elif op.type == "f32":
                values.append(rng.choice([0.0, 1.5, -2.0, 1e30, float("inf"), float("nan")]))
            elif op.type == "tag":
                values.append(rng.choice([0, 1, 2, 65534]))
            elif op.type == "label":
                values.append(rng.choice(offsets))
        code += ins(name, *values)
    return code, rng.choice(offsets)


def test_random_well_formed_programs(runner):
    rng = random.Random(77)
    statuses = {0: 0, 1: 0, 2: 0}
    for i in range(300):
        code, entry = random_well_formed_program(rng)
        out = runner.run(image(code, entry=entry), what=f"well-formed random program #{i}")
        # The verifier has nothing to object to; loading into the container
        # checks one thing more: a constant bind entry (`loadi k; bind`,
        # which random operands can make) must be one of its IO entries.
        assert out.returncode in (0, 1) or (out.returncode == 2 and "names IO entry" in out.reason), out
        statuses[out.returncode] += 1
    assert statuses[1] > 0


def test_single_byte_mutations(runner, program_image):
    rng = random.Random(4242)
    header, code = program_image[:HEADER], bytearray(program_image[HEADER:])
    statuses = {0: 0, 1: 0, 2: 0}
    for i in range(300):
        mutant = bytearray(code)
        pos = rng.randrange(len(mutant))
        mutant[pos] = rng.choice([rng.randrange(256), mutant[pos] ^ (1 << rng.randrange(8))])
        data = with_crc(header + bytes(mutant))
        out = runner.run(data, what=f"mutation #{i} (byte {pos} := {mutant[pos]:#04x})")
        statuses[out.returncode] += 1
    assert statuses[2] > 0 and statuses[0] + statuses[1] > 0, statuses


def test_mutated_header_fields(runner, program_image):
    rng = random.Random(99)
    for i in range(100):
        data = bytearray(program_image)
        pos = rng.randrange(HEADER)
        data[pos] ^= 1 << rng.randrange(8)
        out = runner.run(bytes(data), what=f"header mutation #{i}")
        if not (8 <= pos < 12 or 16 <= pos < 20):
            # Magic, version, flags, sizes, checksum: any change is refused.
            assert out.refused, (pos, out)
        # The group mask or the entry may still make a valid image; the checks
        # every run gets (no signal, no hang, statuses 0/1/2) apply.
