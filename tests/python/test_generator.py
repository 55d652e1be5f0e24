"""Tests of the generator (generator/generate.py) and the ISA table it reads.

The generator is run as the build runs it, as a program: `config` turns
defconfig fragments into a .config, `generate` renders the product's C,
`isa-doc` renders docs/isa.md.
"""

import os
import re
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GENERATE = os.path.join(ROOT, "generator", "generate.py")
sys.path.insert(0, os.path.join(ROOT, "generator"))

import isa  # noqa: E402

TABLE = isa.load()
MINIMAL = os.path.join(ROOT, "configs", "minimal_defconfig")
POSIX = os.path.join(ROOT, "configs", "posix_defconfig")
OUTPUTS = {"svm_autoconf.h", "svm_opcodes.h", "svm_opcodes.c", "svm_interp.c", "svm_containers.c", "svm_product.cmake"}


def generate_py(*args, cwd=ROOT):
    return subprocess.run(
        [sys.executable, GENERATE, *args], capture_output=True, text=True, cwd=cwd, timeout=120
    )


def config(frags, dotconfig):
    return generate_py("config", "--srctree", ROOT, "--defconfig", *frags, "--config", str(dotconfig))


def generate(dotconfig, out):
    return generate_py("generate", "--srctree", ROOT, "--config", str(dotconfig), "--out", str(out))


def build_product(defconfig, build_dir):
    """config + generate into build_dir/.config and build_dir/generated."""
    dotconfig = os.path.join(str(build_dir), ".config")
    out = os.path.join(str(build_dir), "generated")
    r = config([defconfig], dotconfig)
    assert r.returncode == 0, r.stderr
    r = generate(dotconfig, out)
    assert r.returncode == 0, r.stderr
    return dotconfig, out, r


def read_outputs(out):
    files = {}
    for name in sorted(os.listdir(out)):
        with open(os.path.join(out, name), "rb") as f:
            files[name] = f.read()
    return files


# ------------------------------------------------------------ determinism


def test_generated_files_are_deterministic(tmp_path):
    """Two build directories from posix_defconfig: the same files, byte for byte,
    except that the first-line comment names each build's own .config (an absolute
    path when --config is absolute), which is normalised before comparing."""
    dir_a, dir_b = tmp_path / "a", tmp_path / "b"
    config_a, out_a, _ = build_product(POSIX, dir_a)
    config_b, out_b, _ = build_product(POSIX, dir_b)
    files_a, files_b = read_outputs(out_a), read_outputs(out_b)
    assert set(files_a) == OUTPUTS
    assert set(files_b) == OUTPUTS

    def normalise(files, dotconfig):
        result = {}
        path = dotconfig.encode()
        for name, data in files.items():
            # The build's path may appear in the header comment and nowhere else.
            first, _, rest = data.partition(b"\n")
            assert path not in rest, f"{name} embeds {dotconfig} beyond its first line"
            result[name] = first.replace(path, b"BUILD/.config") + b"\n" + rest
        return result

    assert normalise(files_a, config_a) == normalise(files_b, config_b)
    # The .config files themselves are identical apart from nothing at all.
    with open(config_a, "rb") as fa, open(config_b, "rb") as fb:
        assert fa.read() == fb.read()


def test_same_config_gives_identical_files(tmp_path):
    """One .config rendered into two output directories: byte-identical, no normalisation."""
    dotconfig, out_a, _ = build_product(POSIX, tmp_path)
    out_b = tmp_path / "generated2"
    r = generate(dotconfig, out_b)
    assert r.returncode == 0, r.stderr
    assert read_outputs(out_a) == read_outputs(out_b)


def test_second_run_is_unchanged(tmp_path):
    dotconfig, out, first = build_product(POSIX, tmp_path)
    assert "updated" in first.stdout and "unchanged" not in first.stdout
    before = {n: os.stat(os.path.join(out, n)).st_mtime_ns for n in os.listdir(out)}
    contents = read_outputs(out)
    # Make any rewrite visible in the mtimes even on coarse-grained file systems.
    for name in before:
        os.utime(os.path.join(out, name), ns=(before[name] - 10**9, before[name] - 10**9))
    before = {n: os.stat(os.path.join(out, n)).st_mtime_ns for n in os.listdir(out)}
    r = generate(dotconfig, out)
    assert r.returncode == 0, r.stderr
    assert r.stdout.rstrip().endswith("; unchanged"), r.stdout
    after = {n: os.stat(os.path.join(out, n)).st_mtime_ns for n in os.listdir(out)}
    assert after == before
    assert read_outputs(out) == contents
    assert set(os.listdir(out)) == OUTPUTS  # no temporary files left behind


def test_changed_config_rewrites_only_what_changes(tmp_path):
    dotconfig, out, _ = build_product(POSIX, tmp_path)
    opcodes_h = os.path.join(out, "svm_opcodes.h")
    with open(dotconfig, encoding="utf-8") as f:
        text = f.read()
    text = text.replace("CONFIG_SVM_CONTAINER0_STACK_DEPTH=4096", "CONFIG_SVM_CONTAINER0_STACK_DEPTH=2048")
    assert "STACK_DEPTH=2048" in text
    with open(dotconfig, "w", encoding="utf-8") as f:
        f.write(text)
    stamp = os.stat(opcodes_h).st_mtime_ns
    r = generate(dotconfig, out)
    assert r.returncode == 0, r.stderr
    assert "svm_containers.c" in r.stdout and "svm_autoconf.h" in r.stdout
    assert "svm_opcodes.h" not in r.stdout.split("updated", 1)[1]
    assert os.stat(opcodes_h).st_mtime_ns == stamp


# ------------------------------------------------------------ headers


@pytest.mark.parametrize("defconfig", [MINIMAL, POSIX])
def test_generated_c_files_name_their_source(tmp_path, defconfig):
    dotconfig, out, _ = build_product(defconfig, tmp_path)
    files = read_outputs(out)
    c_files = [n for n in files if n.endswith((".c", ".h"))]
    assert len(c_files) == 5
    for name in c_files:
        text = files[name].decode("utf-8")
        assert text.startswith("/* Generated by generator/generate.py from "), name
        first = text.splitlines()[0]
        # Each names the table or the configuration it comes from (svm_opcodes.h: the table only).
        assert "generator/isa.toml" in first or dotconfig in first, (name, first)
        if name != "svm_opcodes.h":
            assert dotconfig in first, (name, first)
    cmake = files["svm_product.cmake"].decode("utf-8")
    assert cmake.startswith("# Generated by generator/generate.py from "), cmake[:100]


# ------------------------------------------------------------ handlers per group


def handler_present(text, instr):
    return bool(
        re.search(rf"^\s*case {instr.c_name}:", text, re.M)
        or re.search(rf"^op_{instr.name}:", text, re.M)
        or f"&&op_{instr.name}," in text
    )


def interp_of(defconfig, tmp_path):
    _, out, _ = build_product(defconfig, tmp_path)
    with open(os.path.join(out, "svm_interp.c"), encoding="utf-8") as f:
        return f.read()


def group_instrs(*names):
    return [i for i in TABLE.instrs if i.group.name in names]


def test_minimal_has_no_float_or_bits_handlers(tmp_path):
    text = interp_of(MINIMAL, tmp_path)
    left_out = group_instrs("FLOAT", "BITS")
    assert left_out, "the table has FLOAT and BITS instructions"
    for instr in left_out:
        assert not handler_present(text, instr), f"{instr.name} has a handler in the minimal product"
        assert instr.c_name not in text, instr.name
        assert f"op_{instr.name}" not in text, instr.name
    for instr in group_instrs("CORE", "INT", "CONSOLE"):
        assert handler_present(text, instr), f"{instr.name} has no handler in the minimal product"
    # A switch over exactly the built instructions (minimal_defconfig asks for switch dispatch).
    assert len(re.findall(r"^\s*case SVM_OP_\w+:", text, re.M)) == len(group_instrs("CORE", "INT", "CONSOLE"))


def test_posix_has_every_handler(tmp_path):
    text = interp_of(POSIX, tmp_path)
    for instr in TABLE.instrs:
        assert handler_present(text, instr), f"{instr.name} has no handler in the posix product"
    # Threaded dispatch: one label per instruction, the rest of the 256 entries illegal.
    assert len(re.findall(r"^op_\w+:", text, re.M)) == len(TABLE.instrs)
    assert text.count("&&illegal,") == 256 - len(TABLE.instrs)


def test_minimal_opcode_table_marks_left_out_groups(tmp_path):
    """The loader's table still names every opcode, but only built ones are enabled."""
    _, out, _ = build_product(MINIMAL, tmp_path)
    with open(os.path.join(out, "svm_opcodes.c"), encoding="utf-8") as f:
        text = f.read()
    for instr in TABLE.instrs:
        m = re.search(rf"\[{instr.c_name}\] = \{{\"{instr.name}\", SVM_GROUP_(\w+), (\d),", text)
        assert m, instr.name
        assert m.group(1) == instr.group.name
        assert m.group(2) == ("0" if instr.group.name in ("FLOAT", "BITS") else "1"), instr.name


# ------------------------------------------------------------ refused products


def fragment(tmp_path, replace=None, extra=(), name="frag_defconfig"):
    """minimal_defconfig's lines with the line of symbol `key` replaced, plus extra lines."""
    replace = replace or {}
    lines = []
    with open(MINIMAL, encoding="utf-8") as f:
        for line in f.read().splitlines():
            m = re.match(r"(?:# )?(CONFIG_\w+)", line)
            key = m.group(1) if m else None
            if key in replace:
                if replace[key] is not None:
                    lines.append(replace.pop(key))
            else:
                lines.append(line)
    lines.extend(replace.values())
    lines.extend(extra)
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def refused(tmp_path, frag):
    """Run config then generate; return (step, result) of the step that failed."""
    dotconfig = tmp_path / "build" / ".config"
    out = tmp_path / "build" / "generated"
    r = config([frag], dotconfig)
    if r.returncode != 0:
        assert not dotconfig.exists(), "a refused configuration leaves no .config"
        return "config", r
    r = generate(dotconfig, out)
    assert r.returncode != 0, f"the product was accepted: {r.stdout}"
    assert not out.exists() or not os.listdir(out), "a refused product leaves no generated files"
    return "generate", r


def assert_error(r, *words):
    assert r.returncode == 1, (r.returncode, r.stderr)
    assert r.stderr.startswith("generate.py: error: "), r.stderr
    assert "Traceback" not in r.stderr, r.stderr
    for word in words:
        assert word in r.stderr, f"{word!r} not in {r.stderr!r}"


def test_undefined_symbol(tmp_path):
    frag = fragment(tmp_path, extra=["CONFIG_SVM_NO_SUCH=y"])
    step, r = refused(tmp_path, frag)
    assert step == "config"
    assert_error(r, "SVM_NO_SUCH", "undefined")


def test_undefined_symbol_in_dotconfig(tmp_path):
    dotconfig, out, _ = build_product(MINIMAL, tmp_path)
    with open(dotconfig, "a", encoding="utf-8") as f:
        f.write("CONFIG_SVM_NO_SUCH=y\n")
    r = generate(dotconfig, out)
    assert_error(r, "SVM_NO_SUCH")


def test_missing_program(tmp_path):
    missing = "no/such/program.s"
    frag = fragment(tmp_path, {"CONFIG_SVM_CONTAINER0_PROGRAM": f'CONFIG_SVM_CONTAINER0_PROGRAM="{missing}"'})
    step, r = refused(tmp_path, frag)
    assert step == "generate"
    assert_error(r, "CONFIG_SVM_CONTAINER0_PROGRAM", missing, "does not exist")


@pytest.mark.parametrize("name", ["my-box", "9lives", "", "a" * 33, "two words"])
def test_container_name_not_an_identifier(tmp_path, name):
    frag = fragment(tmp_path, {"CONFIG_SVM_CONTAINER0_NAME": f'CONFIG_SVM_CONTAINER0_NAME="{name}"'})
    step, r = refused(tmp_path, frag)
    assert step == "generate"
    assert_error(r, "CONFIG_SVM_CONTAINER0_NAME", f"'{name}'")


def test_container_name_of_32_characters_accepted(tmp_path):
    name = "c" * 32
    frag = fragment(tmp_path, {"CONFIG_SVM_CONTAINER0_NAME": f'CONFIG_SVM_CONTAINER0_NAME="{name}"'})
    _, out, _ = build_product(frag, tmp_path / "b")
    with open(os.path.join(out, "svm_containers.c"), encoding="utf-8") as f:
        assert f'.name = "{name}"' in f.read()


def test_heap_too_big_for_ram_budget(tmp_path):
    frag = fragment(
        tmp_path,
        {
            "CONFIG_SVM_CONTAINER0_HEAP_CELLS": "CONFIG_SVM_CONTAINER0_HEAP_CELLS=100000",
            "CONFIG_SVM_RAM_BUDGET": "CONFIG_SVM_RAM_BUDGET=131072",
        },
    )
    step, r = refused(tmp_path, frag)
    assert step == "generate"
    assert_error(r, "CONFIG_SVM_RAM_BUDGET", "131072", "HEAP_CELLS")


def test_heap_just_within_ram_budget_accepted(tmp_path):
    # RAM of one container (generate.py's model): cells*16 + bitmaps + stack*8 + 1024.
    cells, stack = 1024, 256
    need = (cells + 1) * 16 + 2 * 4 * ((cells + 1 + 31) // 32) + stack * 8 + 1024
    frag = fragment(tmp_path, {"CONFIG_SVM_RAM_BUDGET": f"CONFIG_SVM_RAM_BUDGET={need}"})
    _, _, r = build_product(frag, tmp_path / "ok")
    assert f"RAM {need} of {need} bytes" in r.stdout
    frag = fragment(tmp_path, {"CONFIG_SVM_RAM_BUDGET": f"CONFIG_SVM_RAM_BUDGET={need - 1}"}, name="over")
    step, r = refused(tmp_path, frag)
    assert_error(r, "CONFIG_SVM_RAM_BUDGET", str(need))


@pytest.mark.parametrize(
    "symbol,value",
    [
        ("CONFIG_SVM_CONTAINER0_HEAP_CELLS", "5"),  # range 16..1048576
        ("CONFIG_SVM_CONTAINER0_STACK_DEPTH", "0"),  # range 16..1048576
        ("CONFIG_SVM_RAM_BUDGET", "100"),  # range 1024..268435456
    ],
)
def test_value_outside_its_range(tmp_path, symbol, value):
    """A value outside the Kconfig range is an impossible product: it must be refused
    naming the symbol, not silently replaced by the default."""
    frag = fragment(tmp_path, {symbol: f"{symbol}={value}"})
    step, r = refused(tmp_path, frag)
    assert_error(r, f"{symbol}={value}", "range")


def test_value_outside_its_range_in_dotconfig(tmp_path):
    """The same for a hand-edited .config given straight to `generate`."""
    dotconfig, out, _ = build_product(MINIMAL, tmp_path)
    with open(dotconfig, encoding="utf-8") as f:
        text = f.read()
    assert "CONFIG_SVM_CONTAINER0_HEAP_CELLS=1024\n" in text
    with open(dotconfig, "w", encoding="utf-8") as f:
        f.write(text.replace("CONFIG_SVM_CONTAINER0_HEAP_CELLS=1024\n", "CONFIG_SVM_CONTAINER0_HEAP_CELLS=8\n"))
    r = generate(dotconfig, out)
    assert_error(r, "CONFIG_SVM_CONTAINER0_HEAP_CELLS=8", "range")


@pytest.mark.parametrize(
    "group,program,mnemonic,pc",
    [
        ("FLOAT", "main:\n    loadi 1\n    push\n    loadi 2\n    addf\n    print\n    stop\n", "addf", 11),
        ("FLOAT", "main:\n    loadf 1.5\n    print\n    stop\n", "loadf", 0),
        ("BITS", "main:\n    loadi 1\n    push\n    loadi 2\n    band\n    print\n    stop\n", "band", 11),
    ],
)
def test_program_needs_a_left_out_group(tmp_path, group, program, mnemonic, pc):
    prog = tmp_path / "uses_group.s"
    prog.write_text(program, encoding="utf-8")
    frag = fragment(tmp_path, {"CONFIG_SVM_CONTAINER0_PROGRAM": f'CONFIG_SVM_CONTAINER0_PROGRAM="{prog}"'})
    with open(frag, encoding="utf-8") as f:
        assert f"# CONFIG_SVM_GROUP_{group} is not set" in f.read()
    step, r = refused(tmp_path, frag)
    assert step == "generate"
    assert_error(r, f"CONFIG_SVM_GROUP_{group}", f"'{mnemonic}'", f"pc {pc}", "CONFIG_SVM_CONTAINER0_PROGRAM", str(prog))


def test_program_with_group_built_in_accepted(tmp_path):
    prog = tmp_path / "float.s"
    prog.write_text("main:\n    loadf 1.5\n    print\n    stop\n", encoding="utf-8")
    frag = fragment(
        tmp_path,
        {
            "CONFIG_SVM_GROUP_FLOAT": "CONFIG_SVM_GROUP_FLOAT=y",
            "CONFIG_SVM_CONTAINER0_PROGRAM": f'CONFIG_SVM_CONTAINER0_PROGRAM="{prog}"',
        },
    )
    _, out, r = build_product(frag, tmp_path / "b")
    assert "FLOAT" in r.stdout
    with open(os.path.join(out, "svm_interp.c"), encoding="utf-8") as f:
        assert handler_present(f.read(), TABLE.by_name["loadf"])


@pytest.mark.parametrize(
    "program,line,words",
    [
        ("main:\n    loadi 1\n    frobnicate 3\n    stop\n", 3, ["frobnicate"]),
        ("; comment\nmain:\n    loadi 1\n    goto nowhere\n", 4, ["nowhere"]),
        ("main:\n    pack 65535\n    stop\n", 2, ["65535"]),
    ],
)
def test_program_with_assembly_error(tmp_path, program, line, words):
    prog = tmp_path / "broken.s"
    prog.write_text(program, encoding="utf-8")
    frag = fragment(tmp_path, {"CONFIG_SVM_CONTAINER0_PROGRAM": f'CONFIG_SVM_CONTAINER0_PROGRAM="{prog}"'})
    step, r = refused(tmp_path, frag)
    assert step == "generate"
    assert_error(r, "CONFIG_SVM_CONTAINER0_PROGRAM", f"{prog}:{line}: error:", *words)


def test_program_image_corrupted(tmp_path):
    sys.path.insert(0, os.path.join(ROOT, "toolchain"))
    from assembler import assemble

    image = bytearray(assemble("main:\n    loadi 1\n    print\n    stop\n", "p.s"))
    image[-2] ^= 0xFF
    prog = tmp_path / "corrupt.svmb"
    prog.write_bytes(bytes(image))
    frag = fragment(tmp_path, {"CONFIG_SVM_CONTAINER0_PROGRAM": f'CONFIG_SVM_CONTAINER0_PROGRAM="{prog}"'})
    step, r = refused(tmp_path, frag)
    assert step == "generate"
    assert_error(r, "CONFIG_SVM_CONTAINER0_PROGRAM", "checksum")


def test_missing_dotconfig(tmp_path):
    missing = tmp_path / "nowhere" / ".config"
    r = generate(missing, tmp_path / "generated")
    assert_error(r, str(missing), "no such configuration file")
    assert not (tmp_path / "generated").exists()


def test_missing_defconfig_fragment(tmp_path):
    missing = tmp_path / "no_defconfig"
    r = config([str(missing)], tmp_path / ".config")
    assert_error(r, str(missing), "no such configuration file")
    assert not (tmp_path / ".config").exists()


def test_later_fragment_overrides_earlier(tmp_path):
    over = tmp_path / "over"
    over.write_text("CONFIG_SVM_GROUP_FLOAT=y\nCONFIG_SVM_CONTAINER0_STACK_DEPTH=77\n", encoding="utf-8")
    dotconfig = tmp_path / ".config"
    r = config([MINIMAL, str(over)], dotconfig)
    assert r.returncode == 0, r.stderr
    text = dotconfig.read_text(encoding="utf-8")
    assert "CONFIG_SVM_GROUP_FLOAT=y" in text
    assert "CONFIG_SVM_CONTAINER0_STACK_DEPTH=77" in text
    assert "# CONFIG_SVM_GROUP_BITS is not set" in text  # from minimal_defconfig


# ------------------------------------------------------------ docs/isa.md


def test_isa_doc_is_up_to_date():
    doc = os.path.join(ROOT, "docs", "isa.md")
    assert os.path.isfile(doc), "docs/isa.md is missing: run /usr/bin/python3 generator/generate.py isa-doc"
    r = generate_py("isa-doc", "--check", "--out", doc)
    assert r.returncode == 0, r.stderr
    with open(doc, encoding="utf-8") as f:
        text = f.read()
    for instr in TABLE.instrs:
        assert f"| 0x{instr.opcode:02x} | `{instr.syntax}` |" in text, instr.name


def test_isa_doc_check_detects_a_stale_file(tmp_path):
    stale = tmp_path / "isa.md"
    with open(os.path.join(ROOT, "docs", "isa.md"), encoding="utf-8") as f:
        stale.write_text(f.read().replace("| 0x01 |", "| 0x63 |"), encoding="utf-8")
    r = generate_py("isa-doc", "--check", "--out", str(stale))
    assert r.returncode != 0
    assert "out of date" in r.stderr
    r = generate_py("isa-doc", "--out", str(stale))
    assert r.returncode == 0, r.stderr
    r = generate_py("isa-doc", "--check", "--out", str(stale))
    assert r.returncode == 0, r.stderr


# ------------------------------------------------------------ the ISA table covers ISA.md

# The mnemonics of /work/shared/ISA.md (the specification), groups CORE, INT,
# BITS and FLOAT, plus print (IO).
ISA_MD = {
    "CORE": """fst snd acc rest push swap pop move cons snoc clear loadi loadb cur comb app call
               return goto gotofalse gotoifalse pack switch switchi skip stop""",
    "INT": "add sub mul div mod neg abs inc dec eq ne lt le gt ge not eqb",
    "BITS": "band bor bxor bnot shl shr asr",
    "FLOAT": "loadf addf subf mulf divf negf eqf ltf lef gtf gef itof ftoi",
}
ISA_MD_OPERANDS = {
    "acc": ["u8"],
    "rest": ["u8"],
    "loadi": ["i32"],
    "loadb": ["bool"],
    "loadf": ["f32"],
    "cur": ["label"],
    "comb": ["label"],
    "call": ["label"],
    "goto": ["label"],
    "gotofalse": ["label"],
    "gotoifalse": ["label"],
    "pack": ["tag"],
    "switch": ["cases"],
    "switchi": ["cases"],
}


@pytest.mark.parametrize("group", sorted(ISA_MD))
def test_table_covers_isa_md_group(group):
    for name in ISA_MD[group].split():
        assert name in TABLE.by_name, f"ISA.md's {name} is not in generator/isa.toml"
        assert TABLE.by_name[name].group.name == group, name


def test_table_has_print():
    assert "print" in TABLE.by_name
    assert TABLE.by_name["print"].operands == []


def test_table_operands_match_isa_md():
    for group in ISA_MD.values():
        for name in group.split():
            types = [o.type for o in TABLE.by_name[name].operands]
            assert types == ISA_MD_OPERANDS.get(name, []), name


def test_table_flows():
    # Only instructions that never come back to the next one may end the
    # code; calls come back there when they return.
    jumps = {i.name for i in TABLE.instrs if i.flow == "jump"}
    assert jumps == {"return", "goto", "switch", "switchi", "stop", "ret", "tailcall", "appterm"}
    assert {i.name for i in TABLE.instrs if i.flow == "call"} == {"app", "call"}
    assert {i.name for i in TABLE.instrs if i.flow == "branch"} == {
        "gotofalse", "gotoifalse", "jeqi", "jnei", "jlti", "jlei", "jgti", "jgei",
        "jeq", "jne", "jlt", "jle", "jgt", "jge"}


def test_opcodes_are_dense_from_one():
    assert [i.opcode for i in TABLE.instrs] == list(range(1, len(TABLE.instrs) + 1))
    assert len(TABLE.instrs) <= 255
