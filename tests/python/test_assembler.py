"""Tests of the assembler and disassembler (toolchain/), driven by the ISA table."""

import os
import struct
import subprocess
import sys
import zlib

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOOLCHAIN = os.path.join(ROOT, "toolchain")
sys.path.insert(0, os.path.join(ROOT, "generator"))
sys.path.insert(0, TOOLCHAIN)

import isa  # noqa: E402
from assembler import AsmError, assemble  # noqa: E402
from disassembler import DisasmError, disassemble  # noqa: E402

TABLE = isa.load()
OP = {i.name: i.opcode for i in TABLE.instrs}
FILE = "prog.s"


def code_of(image):
    return image[isa.IMAGE_HEADER_SIZE:]


def header_of(image):
    """(magic, version, flags, header size, groups, code size, entry, crc)."""
    return struct.unpack_from("<4sBBHIIII", image)


def asm_error(text):
    with pytest.raises(AsmError) as info:
        assemble(text, FILE)
    return str(info.value)


def assert_error_at(text, line, *words):
    message = asm_error(text)
    assert message.startswith(f"{FILE}:{line}: error: "), message
    for word in words:
        assert word in message, message
    assert "\n" not in message
    return message


# ----------------------------------------------------------- round trips

SAMPLE_OPERANDS = {
    "u8": ["0", "7", "255", "0xff"],
    "slot": ["0", "7", "255", "0xff"],
    "bool": ["0", "1"],
    "i32": ["0", "-1", "2147483647", "-2147483648", "0xffffffff", "0x80000000", "-0x80000000", "123456"],
    "f32": ["0.0", "-0.0", "0.1", "1.5", "-2.5e-3", "1e10", "3.4028234663852886e38", "1e-45",
            "inf", "-inf", "nan", "7"],
    "tag": ["0", "65534", "0x10"],
    "label": ["main", "l0", "end"],
    "cases": ["0 l0", "0 l0 1 main _ end", "_ l1", "65534 end 0xfffe end"],
}


def every_instruction_program():
    """A program using every row of the table, each with several operand values."""
    lines = []
    n = 0
    for instr in TABLE.instrs:
        if instr.operands:
            samples = [SAMPLE_OPERANDS[op.type] for op in instr.operands]
            rows = max(len(s) for s in samples)
            variants = [" ".join(s[k % len(s)] for s in samples) for k in range(rows)]
        else:
            variants = [""]
        for operands in variants:
            label = f"l{n}:" if n < 3 else "   "
            lines.append(f"{label} {instr.name} {operands}".rstrip())
            n += 1
        if instr.name == "skip":
            lines.append("main:")
    lines.append("end: stop")
    return "\n".join(lines) + "\n"


def test_every_instruction_round_trips():
    text = every_instruction_program()
    image = assemble(text, FILE)
    listing = disassemble(image)
    for instr in TABLE.instrs:
        assert f"    {instr.name}" in listing, instr.name
    assert assemble(listing, "again.s") == image
    # and the disassembly of the reassembly is stable
    assert disassemble(assemble(listing, "again.s")) == listing


def test_every_opcode_is_emitted_once_per_use():
    image = assemble(every_instruction_program(), FILE)
    disasm = disassemble(image)
    used = {line.split()[0] for line in disasm.splitlines()
            if line.startswith("    ")}
    assert used == {i.name for i in TABLE.instrs}


def test_groups_mask_of_every_instruction_program():
    image = assemble(every_instruction_program(), FILE)
    expected = 0
    for g in TABLE.groups.values():
        expected |= 1 << g.bit
    assert header_of(image)[4] == expected


def test_floats_round_trip_bit_exactly():
    values = ["0.1", "-0.0", "1e-45", "1.17549435e-38", "3.4028234663852886e38", "16777217.0", "inf", "-inf", "nan"]
    text = "\n".join(f"loadf {v}" for v in values) + "\n"
    image = assemble(text, FILE)
    again = assemble(disassemble(image), "again.s")
    assert again == image
    code = code_of(image)
    bits = [code[5 * k + 1:5 * k + 5] for k in range(len(values))]
    assert bits[0] == struct.pack("<f", 0.1)
    assert bits[1] == b"\x00\x00\x00\x80"
    assert bits[2] == b"\x01\x00\x00\x00"
    assert bits[4] == b"\xff\xff\x7f\x7f"
    assert bits[6] == b"\x00\x00\x80\x7f"


def test_disassembled_floats_are_short_and_look_like_floats():
    text = disassemble(assemble("loadf 0.1\nloadf 3\nloadf 1e10\n", FILE))
    assert "loadf 0.1 " in text
    assert "loadf 3.0 " in text
    assert "loadf 1e+10 " in text


# ------------------------------------------------------ encoding details


def test_exact_bytes_of_a_small_program():
    image = assemble("main: loadi 0x10\n  acc 3\n  goto main\n", FILE)
    assert code_of(image) == (bytes([OP["loadi"], 0x10, 0, 0, 0, OP["acc"], 3, OP["goto"], 0, 0]))


def test_hex_and_negative_immediates():
    code = code_of(assemble("loadi -1\nloadi 0xffffffff\nloadi -0x80000000\nloadi 0x7fffffff\n"
                            "loadi -2147483648\nacc 0xff\npack 0xfffe\nstop\n", FILE))
    step = 5
    assert code[1:5] == b"\xff\xff\xff\xff"
    assert code[step + 1:step + 5] == b"\xff\xff\xff\xff"
    assert code[2 * step + 1:2 * step + 5] == b"\x00\x00\x00\x80"
    assert code[3 * step + 1:3 * step + 5] == b"\xff\xff\xff\x7f"
    assert code[4 * step + 1:4 * step + 5] == b"\x00\x00\x00\x80"
    assert code[5 * step:5 * step + 2] == bytes([OP["acc"], 0xFF])
    assert code[5 * step + 2:5 * step + 5] == bytes([OP["pack"], 0xFE, 0xFF])


def test_switch_encoding_with_wildcard():
    code = code_of(assemble("a: switch 3 a _ b\nb: stop\n", FILE))
    assert code == bytes([OP["switch"], 2, 3, 0, 0, 0, 0xFF, 0xFF, 10, 0, OP["stop"]])


def test_entry_is_main():
    image = assemble("loadi 1\nprint\nmain: loadi 2\nprint\nstop\n", FILE)
    assert header_of(image)[6] == 6
    assert "main:\n    loadi 2" in disassemble(image)


def test_entry_is_zero_without_main():
    assert header_of(assemble("loadi 1\nstop\n", FILE))[6] == 0


def test_implicit_stop_after_fall_through():
    code = code_of(assemble("loadi 1\nprint\n", FILE))
    assert code == bytes([OP["loadi"], 1, 0, 0, 0, OP["print"], OP["stop"]])


def test_implicit_stop_after_branch_and_for_trailing_label():
    code = code_of(assemble("x: gotoifalse end\nend:\n", FILE))
    assert code == bytes([OP["gotoifalse"], 3, 0, OP["stop"]])
    code = code_of(assemble("goto end\nend:\n", FILE))
    assert code == bytes([OP["goto"], 3, 0, OP["stop"]])


def test_no_implicit_stop_after_a_jump():
    assert code_of(assemble("a: goto a\n", FILE)) == bytes([OP["goto"], 0, 0])
    assert code_of(assemble("loadi 1\nstop\n", FILE)) == bytes([OP["loadi"], 1, 0, 0, 0, OP["stop"]])


def test_empty_program_is_a_stop():
    image = assemble("; nothing here\n\n", FILE)
    assert code_of(image) == bytes([OP["stop"]])
    assert header_of(image)[4] == 1 << TABLE.groups["CORE"].bit


def test_header_fields():
    image = assemble("main: loadi 1\npush\nloadi 2\nadd\nprint\nstop\n", FILE)
    magic, version, flags, hsize, groups, csize, entry, crc = header_of(image)
    code = code_of(image)
    assert magic == b"SVMB"
    assert version == isa.ISA_VERSION == 1
    assert flags == 0
    assert hsize == 24 == isa.IMAGE_HEADER_SIZE
    bits = TABLE.groups
    assert groups == (1 << bits["CORE"].bit) | (1 << bits["INT"].bit) | (1 << bits["CONSOLE"].bit)
    assert groups == 0x13
    assert csize == len(code) == 14
    assert entry == 0
    assert crc == zlib.crc32(code)
    assert isa.header_unpack(image) == (groups, code, 0)


def test_labels_comments_and_blank_lines():
    text = "; header\n\n  a:   ; label alone\n b:c: loadi 1 ; two labels\n goto a\n"
    code = code_of(assemble(text, FILE))
    assert code == bytes([OP["loadi"], 1, 0, 0, 0, OP["goto"], 0, 0])


# ---------------------------------------------------------------- errors


def test_error_unknown_mnemonic_suggests():
    message = assert_error_at("loadi 1\n\n  lodi 3\n", 3, "unknown mnemonic", "lodi", "loadi")
    assert "did you mean" in message


def test_error_unknown_mnemonic_upper_case():
    assert_error_at("PUSH\n", 1, "unknown mnemonic", "lower case", "push")


def test_error_unknown_mnemonic_without_suggestion():
    message = assert_error_at("push\nxyzzyq\n", 2, "unknown mnemonic")
    assert "did you mean" not in message


def test_error_missing_operand():
    assert_error_at("push\nloadi\n", 2, "missing operand")


def test_error_extra_operand():
    assert_error_at("push\npush\nadd 3\n", 3, "extra operand", "3")
    assert_error_at("loadi 1 2\n", 1, "extra operand", "2")


def test_error_switch_odd_pairs_is_missing_operand():
    assert_error_at("a:\nswitch 0 a 1\n", 2, "missing operand")


def test_error_out_of_range_immediates():
    assert_error_at("acc 256\n", 1, "out of range")
    assert_error_at("\nacc -1\n", 2, "out of range")
    assert_error_at("loadb 2\n", 1, "out of range")
    assert_error_at("loadi 2147483648\n", 1, "out of range")
    assert_error_at("loadi -2147483649\n", 1, "out of range")
    assert_error_at("loadi 0x100000000\n", 1, "out of range")
    assert_error_at("loadi -0x80000001\n", 1, "out of range")
    assert_error_at("pack 65535\n", 1, "out of range")
    assert_error_at("a: switch 65535 a\n", 1, "out of range")
    assert_error_at("loadf 1e39\n", 1, "out of range")


def test_error_malformed_number():
    assert_error_at("loadi 12x\n", 1, "malformed number")
    assert_error_at("push\nloadi 0x\n", 2, "malformed number")
    assert_error_at("loadi 1.5\n", 1, "malformed number")
    assert_error_at("loadf 1.5.2\n", 1, "malformed number")
    assert_error_at("loadf 1_0.5\n", 1, "malformed number")
    assert_error_at("acc two\n", 1, "malformed number")
    assert_error_at("pack _\n", 1, "switch")


def test_error_undefined_label():
    assert_error_at("a: push\n\ngoto nowhere\n", 3, "undefined label", "nowhere")
    assert_error_at("a: switch 0 a 1 b\n", 1, "undefined label", "'b'")


def test_error_duplicate_label():
    message = assert_error_at("a: push\nb: push\na: push\n", 3, "duplicate label", "'a'")
    assert "line 1" in message


def test_error_bad_label_name():
    assert_error_at("push\n1abc: push\n", 2, "bad label name")
    assert_error_at("my label: push\n", 1, "bad label name")
    assert_error_at(": push\n", 1, "bad label name")
    assert_error_at("goto 12\n", 1, "bad label name")


def test_error_code_too_large():
    # 13107 x loadi (5 bytes) = 65535 bytes exactly, then one more
    text = "a: goto a\n" + "loadi 1\n" * 13106 + "push\n" + "loadi 1\n"
    assert_error_at(text, 13109, "larger than 65535")


def test_code_of_exactly_65535_bytes_is_accepted():
    text = "loadi 1\n" * 13106 + "goto end\nend: push\nstop\n"
    assert len(code_of(assemble(text, FILE))) == 65535


def test_error_implicit_stop_overflows():
    text = "loadi 1\n" * 13107
    assert_error_at(text, 13107, "larger than 65535")


def test_error_switch_without_cases():
    assert_error_at("push\nswitch\n", 2, "no cases")
    assert_error_at("switchi ; nothing\n", 1, "no cases")


def test_error_too_many_cases():
    pairs = " ".join(["0 a"] * 256)
    assert_error_at(f"a: switch {pairs}\n", 1, "at most 255")
    code = code_of(assemble(f"a: switch {' '.join(['0 a'] * 255)}\n", FILE))
    assert code[1] == 255


# ------------------------------------------------------- disassembler


def test_disassembler_labels_and_offsets():
    text = disassemble(assemble("start: loadi 1\ngotofalse start\nmain: goto after\nafter: stop\n", FILE))
    assert "L0:\n    loadi 1" in text
    assert "gotofalse L0" in text
    assert "main:\n    goto L11" in text
    lines = [line for line in text.splitlines() if line.startswith("    ")]
    assert [line.rsplit(";", 1)[1].strip() for line in lines] == ["0", "5", "8", "11"]


def test_disassembler_header_comment():
    text = disassemble(assemble("main: loadf 1.0\nprint\nstop\n", FILE))
    assert "version 1" in text
    assert "groups: CORE FLOAT CONSOLE" in text
    assert "7 bytes, entry 0" in text


def test_disassemble_rejects_jump_into_instruction():
    image = isa.header_pack(1, bytes([OP["goto"], 1, 0]), 0)
    with pytest.raises(DisasmError, match="not the start of an instruction"):
        disassemble(image + bytes([OP["goto"], 1, 0]))


def bad_images():
    stop = bytes([OP["stop"]])
    good = assemble("main: loadi 5\nprint\nstop\n", FILE)
    unused = max(OP.values()) + 1
    return {
        "empty": b"",
        "short": good[:10],
        "garbage": b"hello, this is not an image at all....",
        "truncated": good[:-1],
        "bad crc": good[:-1] + bytes([good[-1] ^ 0xFF]),
        "opcode 0": isa.header_pack(1, b"\x00" + stop, 0) + b"\x00" + stop,
        "unknown opcode": isa.header_pack(1, bytes([unused]) + stop, 0) + bytes([unused]) + stop,
        "truncated instruction": isa.header_pack(1, bytes([OP["loadi"], 1, 2]), 0) + bytes([OP["loadi"], 1, 2]),
        "bad entry": isa.header_pack(1, stop, 5) + stop,
        "no code": isa.header_pack(1, b"", 0),
    }


@pytest.mark.parametrize("name", list(bad_images()))
def test_disassembler_cli_refuses_bad_images(tmp_path, name):
    path = tmp_path / "bad.svmb"
    path.write_bytes(bad_images()[name])
    result = subprocess.run([sys.executable, os.path.join(TOOLCHAIN, "disassembler.py"), str(path)],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1
    assert "error" in result.stderr
    assert result.stdout == ""


def test_disassembler_messages_name_the_offset():
    images = bad_images()
    with pytest.raises(DisasmError, match="offset 0: unknown opcode"):
        disassemble(images["unknown opcode"])
    with pytest.raises(DisasmError, match="offset 0: truncated 'loadi'"):
        disassemble(images["truncated instruction"])
    with pytest.raises(DisasmError, match="checksum"):
        disassemble(images["bad crc"])


# ------------------------------------------------------------------ CLI


def run_asm(*args):
    return subprocess.run([sys.executable, os.path.join(TOOLCHAIN, "assembler.py"), *args],
                          capture_output=True, text=True)


def test_assembler_cli_writes_image_and_cli_disassembles_it(tmp_path):
    src = tmp_path / "p.s"
    src.write_text("main: loadi 5\nprint\n")
    out = tmp_path / "p.svmb"
    result = run_asm(str(src), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == assemble(src.read_text(), str(src))
    dis = subprocess.run([sys.executable, os.path.join(TOOLCHAIN, "disassembler.py"), str(out)],
                         capture_output=True, text=True)
    assert dis.returncode == 0
    assert assemble(dis.stdout, "x.s") == out.read_bytes()
    assert sorted(os.listdir(tmp_path)) == ["p.s", "p.svmb"]


def test_assembler_cli_error_leaves_no_output(tmp_path):
    src = tmp_path / "bad.s"
    src.write_text("push\npush\nfrob\n")
    out = tmp_path / "bad.svmb"
    result = run_asm(str(src), "-o", str(out))
    assert result.returncode == 1
    assert result.stderr == f"{src}:3: error: unknown mnemonic 'frob'\n"
    assert not out.exists()
    assert os.listdir(tmp_path) == ["bad.s"]


def test_assembler_cli_listing(tmp_path):
    src = tmp_path / "p.s"
    src.write_text("main: loadi 5\nprint\n")
    result = run_asm(str(src), "-o", str(tmp_path / "p.svmb"), "--listing")
    assert result.returncode == 0
    assert "main:" in result.stdout
    assert "    5  " in result.stdout  # print at offset 5


def test_assembler_cli_missing_input(tmp_path):
    result = run_asm(str(tmp_path / "nope.s"), "-o", str(tmp_path / "x.svmb"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "nope.s" in result.stderr


# ------------------------------------------------------------ IO entries: @NAME

from assembler import Interface  # noqa: E402

MAIN_INTERFACE = ("# interface of container 'main' (CONFIG_SVM_CONTAINER0), generated from build/.config\n"
                  "FLOOD 0 send queuing\nSAMPLE 1 recv sampling\nLOG 2 recv queuing\n")


def main_interface(tmp_path, text=MAIN_INTERFACE):
    path = tmp_path / "main.interface"
    path.write_text(text, encoding="utf-8")
    return path


def test_io_entry_names_resolve_to_their_index(tmp_path):
    iface = main_interface(tmp_path)
    source = "main:\n    loadi @LOG\n    push\n    loadi @FLOOD\n    acc @SAMPLE\n    stop\n"
    numbered = source.replace("@LOG", "2").replace("@FLOOD", "0").replace("@SAMPLE", "1")
    want = assemble(numbered, FILE)
    assert assemble(source, FILE, interface=str(iface)) == want  # a path
    assert assemble(source, FILE, interface=iface) == want  # a PathLike
    assert assemble(source, FILE, interface=Interface.read(str(iface))) == want  # a parsed interface
    from assembler import assemble_program

    assert assemble_program(source, FILE, interface=str(iface)).image == want


def test_interface_parsed():
    iface = Interface.parse(MAIN_INTERFACE, "main.interface")
    assert iface.container == "main"
    assert iface.entries == [("FLOOD", 0, "send", "queuing"), ("SAMPLE", 1, "recv", "sampling"),
                             ("LOG", 2, "recv", "queuing")]


def test_io_entry_without_an_interface():
    message = assert_error_at("main:\n    push\n    loadi @FLOOD\n", 3, "'@FLOOD'", "no interface", "--interface")
    assert message.startswith(f"{FILE}:3: error: '@FLOOD' names an IO entry, but no interface was given")


def test_io_entry_the_interface_lacks(tmp_path):
    iface = main_interface(tmp_path)
    text = "main:\n" + "    push\n" * 5 + "    loadi @FLOD\n"
    with pytest.raises(AsmError) as info:
        assemble(text, FILE, interface=str(iface))
    assert str(info.value) == (f"{FILE}:7: error: no IO entry 'FLOD' in the interface of container 'main' "
                               "(entries: FLOOD, SAMPLE, LOG)")


def test_io_entry_of_an_empty_interface(tmp_path):
    iface = main_interface(tmp_path, "# interface of container 'solo' (CONFIG_SVM_CONTAINER1), generated from x\n")
    with pytest.raises(AsmError) as info:
        assemble("loadi @FLOOD\n", FILE, interface=str(iface))
    assert str(info.value) == f"{FILE}:1: error: no IO entry 'FLOOD' in the interface of container 'solo' " \
                              "(it has no entries)"


@pytest.mark.parametrize("operand", ["@", "@9x", "@a-b"])
def test_io_entry_bad_name(tmp_path, operand):
    assert_error_at(f"loadi {operand}\n", 1, "bad IO entry name")


def test_io_entry_only_where_an_int_goes(tmp_path):
    iface = main_interface(tmp_path)
    with pytest.raises(AsmError) as info:
        assemble("main:\n    jump @FLOOD\n", FILE, interface=str(iface))
    assert str(info.value).startswith(f"{FILE}:2: error: ")


@pytest.mark.parametrize(
    "text,line,words",
    [
        ("FLOOD 0 send\n", 1, ["NAME INDEX DIRECTION KIND"]),
        ("# c\nFLOOD 1 send queuing\n", 2, ["index 1, expected 0"]),
        ("FLOOD 0 sideways queuing\n", 1, ["'sideways'"]),
        ("FLOOD 0 send queuing\nFLOOD 1 recv queuing\n", 2, ["duplicate IO entry 'FLOOD'"]),
        ("9FLOOD 0 send queuing\n", 1, ["bad IO entry name"]),
    ],
)
def test_malformed_interface(tmp_path, text, line, words):
    iface = main_interface(tmp_path, text)
    with pytest.raises(AsmError) as info:
        assemble("loadi 1\n", FILE, interface=str(iface))
    message = str(info.value)
    assert message.startswith(f"{iface}:{line}: error: "), message
    for w in words:
        assert w in message, message


def test_assembler_cli_interface(tmp_path):
    iface = main_interface(tmp_path)
    src = tmp_path / "p.s"
    src.write_text("main:\n    loadi @SAMPLE\n    print\n")
    out = tmp_path / "p.svmb"
    result = run_asm(str(src), "-o", str(out), "--interface", str(iface))
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == assemble("main:\n    loadi 1\n    print\n", str(src))
    result = run_asm(str(src), "-o", str(tmp_path / "q.svmb"))
    assert result.returncode == 1
    assert result.stderr.startswith(f"{src}:2: error: '@SAMPLE' names an IO entry, but no interface was given")
    assert not (tmp_path / "q.svmb").exists()
    result = run_asm(str(src), "-o", str(tmp_path / "q.svmb"), "--interface", str(tmp_path / "none.interface"))
    assert result.returncode == 1 and "none.interface" in result.stderr and "Traceback" not in result.stderr
