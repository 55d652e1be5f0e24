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
import layout  # noqa: E402

TABLE = isa.load()
MINIMAL = os.path.join(ROOT, "configs", "minimal_defconfig")
POSIX = os.path.join(ROOT, "configs", "posix_defconfig")
OUTPUTS = {"svm_autoconf.h", "svm_opcodes.h", "svm_opcodes.c", "svm_interp.c", "svm_containers.c", "svm_product.cmake",
           "main.interface"}  # one interface per container


def generate_py(*args, cwd=ROOT):
    return subprocess.run(
        [sys.executable, GENERATE, *args], capture_output=True, text=True, cwd=cwd, timeout=120
    )


def config(frags, dotconfig):
    return generate_py("config", "--srctree", ROOT, "--defconfig", *frags, "--config", str(dotconfig))


def generate(dotconfig, out, ram_map=None):
    extra = ["--ram-map", str(ram_map)] if ram_map else []
    return generate_py("generate", "--srctree", ROOT, "--config", str(dotconfig), "--out", str(out), *extra)


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
    summary = first.stdout.rstrip().splitlines()[-1]
    assert "updated" in summary and "unchanged" not in summary
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
    text = text.replace("CONFIG_SVM_CONTAINER0_STACK_DEPTH=1048576", "CONFIG_SVM_CONTAINER0_STACK_DEPTH=2048")
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
        assert m.group(2) == ("0" if instr.group.name in ("FLOAT", "BITS", "CONCURRENCY", "IO", "FUSED") else "1"), instr.name


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
                value = replace.pop(key)
                if value is not None:  # None: the line is left out
                    lines.append(value)
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
    # (after the warnings, if any, of lines overriding others in one file)
    errors = "".join(l for l in r.stderr.splitlines(True) if not l.startswith("generate.py: warning: "))
    assert errors.startswith("generate.py: error: "), r.stderr
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


@pytest.mark.parametrize("extra,words,wins", [
    # two members of one choice: Kconfiglib keeps the last line, silently
    (["CONFIG_SVM_CONTAINER0_FAULT_POLICY_RESTART=y", "CONFIG_SVM_CONTAINER0_FAULT_POLICY_STOP=y"],
     ["CONFIG_SVM_CONTAINER0_FAULT_POLICY_STOP=y overrides CONFIG_SVM_CONTAINER0_FAULT_POLICY_RESTART=y (line",
      "another member of the same choice (Container 0: fault policy): the later line wins"],
     "CONFIG_SVM_CONTAINER0_FAULT_POLICY_STOP=y"),
    # one symbol, two values
    (["CONFIG_SVM_CONTAINER0_HEAP_CELLS=100", "CONFIG_SVM_CONTAINER0_HEAP_CELLS=200"],
     ["CONFIG_SVM_CONTAINER0_HEAP_CELLS=200 overrides CONFIG_SVM_CONTAINER0_HEAP_CELLS=100 (line"],
     "CONFIG_SVM_CONTAINER0_HEAP_CELLS=200"),
])
def test_a_line_overriding_another_in_one_file_is_a_warning(tmp_path, extra, words, wins):
    frag = fragment(tmp_path, {"CONFIG_SVM_CONTAINER0_HEAP_CELLS": None}, extra=extra)
    dotconfig = tmp_path / "b" / ".config"
    r = config([frag], dotconfig)
    assert r.returncode == 0, r.stderr
    n = len(open(frag, encoding="utf-8").read().splitlines())
    assert f"generate.py: warning: {frag}:{n}: " in r.stderr, r.stderr
    for w in words:
        assert w in r.stderr, r.stderr
    assert wins + "\n" in dotconfig.read_text(encoding="utf-8")
    # across the files of a fragment list, a later one overriding is the point: no warning
    first = fragment(tmp_path, {"CONFIG_SVM_CONTAINER0_HEAP_CELLS": None}, extra=extra[:1], name="first")
    second = tmp_path / "second"
    second.write_text(extra[1] + "\n", encoding="utf-8")
    r = config([first, str(second)], tmp_path / "ok" / ".config")
    assert r.returncode == 0 and "warning" not in r.stderr, r.stderr


def image_of(tmp_path, text, name="prog"):
    """An image (.svmb) assembled from text, as for another product."""
    src, out = tmp_path / f"{name}.s", tmp_path / f"{name}.svmb"
    src.write_text(text, encoding="utf-8")
    r = subprocess.run(["/usr/bin/python3", os.path.join(ROOT, "toolchain", "assembler.py"), str(src), "-o", str(out)],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return out


def test_an_image_made_for_another_container_is_refused_at_build_time(tmp_path):
    # The loader's checks against the container, made by the generator too:
    # a bind of an entry this container does not have...
    image = image_of(tmp_path, "main:\n    push\n    loadi 2\n    bind\n    stop\n")
    frag = fragment(tmp_path, {"CONFIG_SVM_CONTAINER0_PROGRAM": f'CONFIG_SVM_CONTAINER0_PROGRAM="{image}"',
                               "CONFIG_SVM_GROUP_IO": "CONFIG_SVM_GROUP_IO=y"})
    step, r = refused(tmp_path, frag)
    assert step == "generate"
    assert_error(r, "CONFIG_SVM_CONTAINER0_PROGRAM", "bind at pc 6 names IO entry 2, which container 'main' "
                 "does not have (it has 0")
    # ... and a slot operand that leaves no room in its stacks
    image = image_of(tmp_path, "main:\n    loadi 1\n    push\n    addpeek 255\n    stop\n", "slot")
    frag = fragment(tmp_path, {"CONFIG_SVM_CONTAINER0_PROGRAM": f'CONFIG_SVM_CONTAINER0_PROGRAM="{image}"',
                               "CONFIG_SVM_GROUP_FUSED": "CONFIG_SVM_GROUP_FUSED=y"})
    step, r = refused(tmp_path, frag)
    assert_error(r, "CONFIG_SVM_CONTAINER0_STACK_DEPTH", "'addpeek' at pc 6 reads stack slot 255",
                 "no room in stacks of 256 values")


@pytest.mark.parametrize("line,words", [
    ("CONFIG_SVM_CONTAINER0_HEAP_CELLS=12x8", ["the value '12x8' is invalid for SVM_CONTAINER0_HEAP_CELLS"]),
    ("CONFIG_SVM_CONTAINER0_CRITICALITY=9", ["CONFIG_SVM_CONTAINER0_CRITICALITY=9: outside its range 0..7"]),
])
def test_a_bad_value_is_named_with_its_file_and_line(tmp_path, line, words):
    frag = fragment(tmp_path, extra=[line])
    step, r = refused(tmp_path, frag)
    n = len(open(frag, encoding="utf-8").read().splitlines())
    assert_error(r, f"{frag}:{n}: ", *words)


@pytest.mark.parametrize("what,words", [
    ("dir", ["is a directory, not a program (.cam, .s or .svmb)"]),
    ("notes.txt", ["a program is a .cam source, a .s assembly file or a .svmb image"]),
])
def test_a_program_that_is_not_one_says_what_a_program_is(tmp_path, what, words):
    target = tmp_path / what
    if what == "dir":
        target.mkdir()
    else:
        target.write_text("some notes\n", encoding="utf-8")
    frag = fragment(tmp_path, {"CONFIG_SVM_CONTAINER0_PROGRAM": f'CONFIG_SVM_CONTAINER0_PROGRAM="{target}"'})
    step, r = refused(tmp_path, frag)
    assert_error(r, "CONFIG_SVM_CONTAINER0_PROGRAM", *words)


def test_missing_program(tmp_path):
    missing = "no/such/program.s"
    frag = fragment(tmp_path, {"CONFIG_SVM_CONTAINER0_PROGRAM": f'CONFIG_SVM_CONTAINER0_PROGRAM="{missing}"'})
    step, r = refused(tmp_path, frag)
    assert step == "generate"
    assert_error(r, "CONFIG_SVM_CONTAINER0_PROGRAM", missing, "does not exist")


def test_program_in_the_source_language(tmp_path):
    # A container's PROGRAM may be a .cam file: compiled at build time.
    cam = tmp_path / "answer.cam"
    cam.write_text("double : Int -> Int\ndouble x = x + x\n\nmain = double 21\n", encoding="utf-8")
    frag = fragment(tmp_path, {"CONFIG_SVM_CONTAINER0_PROGRAM": f'CONFIG_SVM_CONTAINER0_PROGRAM="{cam}"'})
    _, out, _ = build_product(frag, tmp_path / "b")
    with open(os.path.join(out, "svm_containers.c"), encoding="utf-8") as f:
        text = f.read()
    # The embedded image is the compiler's, byte for byte.
    image = tmp_path / "answer.svmb"
    r = subprocess.run(["/usr/bin/python3", "-m", "compiler", str(cam), "-o", str(image),
                        "--interface", os.path.join(out, "main.interface")], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    data = image.read_bytes()
    assert f"/* {cam}: {len(data)} bytes */" in text
    assert ", ".join(f"0x{b:02x}" for b in data[:16]) in text
    # Its source map (svm run gives it svm-run: a fault shows its line) is
    # the compiler's, and goes when the program is no longer a .cam.
    r = subprocess.run(["/usr/bin/python3", "-m", "compiler", str(cam), "-o", str(image), "--source-map",
                        str(tmp_path / "answer.map"), "--interface", os.path.join(out, "main.interface")],
                       cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    with open(os.path.join(out, "main.source-map"), encoding="utf-8") as f:
        generated = f.read()
    assert generated == (tmp_path / "answer.map").read_text() and f"source {cam}\n" in generated
    frag = fragment(tmp_path, {"CONFIG_SVM_CONTAINER0_PROGRAM": 'CONFIG_SVM_CONTAINER0_PROGRAM="build_examples/hello.s"'})
    build_product(frag, tmp_path / "b")
    assert not os.path.exists(os.path.join(out, "main.source-map"))


def test_a_program_with_a_longer_straight_run_than_the_product_allows(tmp_path):
    # The loader would refuse it at boot: the generator refuses the product,
    # naming the symbol and where the run starts (the same program builds
    # with the default limit, and with a goto breaking the run)
    prog = tmp_path / "straight.s"
    prog.write_text("main:\n" + "    inc\n" * 40 + "    stop\n", encoding="utf-8")
    frag = fragment(tmp_path, {"CONFIG_SVM_CONTAINER0_PROGRAM": f'CONFIG_SVM_CONTAINER0_PROGRAM="{prog}"'},
                    extra=["CONFIG_SVM_MAX_STRAIGHT_RUN=16"])
    step, r = refused(tmp_path, frag)
    assert step == "generate"
    assert_error(r, "CONFIG_SVM_MAX_STRAIGHT_RUN", f"'{prog}' (container 'main')", "the straight run from pc 0",
                 "more than 16 instructions", "'inc' at pc 16")
    build_product(fragment(tmp_path, {"CONFIG_SVM_CONTAINER0_PROGRAM": f'CONFIG_SVM_CONTAINER0_PROGRAM="{prog}"'},
                           name="default_defconfig"), tmp_path / "ok")
    prog.write_text("main:\n" + "    inc\n" * 10 + "    goto a\na:\n" + "    inc\n" * 10 + "    stop\n",
                    encoding="utf-8")
    build_product(frag, tmp_path / "ok16")


def test_program_in_the_source_language_that_does_not_compile(tmp_path):
    cam = tmp_path / "bad.cam"
    cam.write_text("main = 1 + True\n", encoding="utf-8")
    frag = fragment(tmp_path, {"CONFIG_SVM_CONTAINER0_PROGRAM": f'CONFIG_SVM_CONTAINER0_PROGRAM="{cam}"'})
    step, r = refused(tmp_path, frag)
    assert step == "generate"
    assert_error(r, "CONFIG_SVM_CONTAINER0_PROGRAM", "does not compile", "bad.cam:1:")


def two_cam_containers(tmp_path, sender, receiver, kind="QUEUING"):
    """A fragment: container 'sensor' (criticality 2) runs sender, 'ctrl' (6)
    receiver, both .cam, with port READINGS from sensor to ctrl."""
    paths = []
    for name, src in (("sensor", sender), ("ctrl", receiver)):
        path = tmp_path / f"{name}.cam"
        path.write_text(src, encoding="utf-8")
        paths.append(path)
    return fragment(tmp_path, {
        "CONFIG_SVM_CONTAINER0_NAME": 'CONFIG_SVM_CONTAINER0_NAME="sensor"',
        "CONFIG_SVM_CONTAINER0_PROGRAM": f'CONFIG_SVM_CONTAINER0_PROGRAM="{paths[0]}"',
        "CONFIG_SVM_GROUP_CONCURRENCY": "CONFIG_SVM_GROUP_CONCURRENCY=y",
        "CONFIG_SVM_GROUP_IO": "CONFIG_SVM_GROUP_IO=y",
    }, extra=[
        "CONFIG_SVM_CONTAINER0_CRITICALITY=2", "CONFIG_SVM_CONTAINER1=y", 'CONFIG_SVM_CONTAINER1_NAME="ctrl"',
        "CONFIG_SVM_CONTAINER1_CRITICALITY=6", f'CONFIG_SVM_CONTAINER1_PROGRAM="{paths[1]}"',
        "CONFIG_SVM_PORT0=y", 'CONFIG_SVM_PORT0_NAME="READINGS"', 'CONFIG_SVM_PORT0_FROM="sensor"',
        'CONFIG_SVM_PORT0_TO="ctrl"', f"CONFIG_SVM_PORT0_KIND_{kind}=y",
    ])


SEND_BOOL = "out = port READINGS\nmain = sync (send out (3 > 2))\n"
RECV_INT = "readings : Channel Int\nreadings = port READINGS\nmain = sync (recv readings) + 1\n"


def test_a_computed_spawn_external_in_a_container_with_ports_is_refused(tmp_path):
    # it could bind the port with a channel of another message type than
    # the one the build checks (a review: the receiver faulted on a Bool)
    sender = ("c : Channel Bool\nc = channel ()\nbindit k = spawnExternal c (k - 1)\n"
              "main = let _ = bindit 1 in sync (send c True)\n")
    step, r = refused(tmp_path, two_cam_containers(tmp_path, sender, RECV_INT))
    assert step == "generate"
    assert "sensor.cam:3:12: error: `spawnExternal` with a number computed when the program runs could bind a " \
           "port" in r.stderr, r.stderr
    assert "(here: READINGS)" in r.stderr, r.stderr


def test_both_ends_of_a_port_in_the_source_language_agree_on_its_messages(tmp_path):
    # A lower container sending Bools to a higher one that adds them would
    # fault the higher one at run time: the build refuses it, naming both.
    step, r = refused(tmp_path, two_cam_containers(tmp_path, SEND_BOOL, RECV_INT))
    assert step == "generate"
    assert_error(r, "CONFIG_SVM_PORT0", "'READINGS'",
                 "sensor.cam' (container 'sensor') sends Bool (line 1, column 12: `port READINGS`)",
                 "ctrl.cam' (container 'ctrl') receives Int (line 2, column 17: `port READINGS`)")
    # a sampling port delivers (value, age)
    recv_pair = "readings = port READINGS\nmain = let (v, age) = sync (recv readings) in v + age\n"
    send_int = "out = port READINGS\nmain = sync (send out 7)\n"
    build_product(two_cam_containers(tmp_path, send_int, recv_pair, "SAMPLING"), tmp_path / "ok")
    step, r = refused(tmp_path, two_cam_containers(tmp_path, send_int, RECV_INT, "SAMPLING"))
    assert_error(r, "CONFIG_SVM_PORT0", "receives Int", "a sampling port delivers (value, age): here (Int, Int)")
    # a receiver that leaves the type open (it forwards or prints) agrees with any sender
    build_product(two_cam_containers(tmp_path, SEND_BOOL, "r = port READINGS\nmain = sync (recv r)\n"),
                  tmp_path / "ok2")


MSG = "data Msg where\n  Reading : Int -> Msg\n  Alarm : Msg\n"
SEND_MSG = "out = port READINGS\nmain = sync (send out (Reading 3))\n"


@pytest.mark.parametrize("receiver_data,differ", [
    # another type of the same name: the receiver would read tag 0 as Stop, tag 1 as a Bool field
    ("data Msg where\n  Stop : Msg\n  Speed : Bool -> Msg\n",
     "constructor 0 of `Msg` is `Reading : Int -> Msg` (line 2) in the sender and `Stop : Msg` (line 2)"),
    # the same constructors in another order: Reading read as Alarm, silently
    ("data Msg where\n  Alarm : Msg\n  Reading : Int -> Msg\n", "constructor 0 of `Msg` is `Reading"),
    ("data Msg where\n  Reading : Int -> Msg\n", "the sender's `Msg` has one more constructor, `Alarm : Msg`"),
    ("data Msg where\n  Reading : Float -> Msg\n  Alarm : Msg\n", "`Reading : Float -> Msg` (line 2) in the receiver"),
])
def test_both_ends_of_a_port_declare_its_data_alike(tmp_path, receiver_data, differ):
    # Data types are compared by their declarations, not their names: a
    # message carries constructor numbers.
    receiver = receiver_data + "r : Channel Msg\nr = port READINGS\nmain = let _ = sync (recv r) in 0\n"
    step, r = refused(tmp_path, two_cam_containers(tmp_path, MSG + SEND_MSG, receiver))
    assert step == "generate"
    assert_error(r, "CONFIG_SVM_PORT0", "declare the data of its messages differently",
                 "sensor.cam' (container 'sensor') sends Msg", "ctrl.cam' (container 'ctrl') receives Msg", differ)


def test_both_ends_of_a_port_may_name_their_parameters_differently(tmp_path):
    box_a = "data Box a where\n  Box : a -> Box a\n  Empty : Box a\n"
    box_b = "data Box t where\n  Box : t -> Box t\n  Empty : Box t\n"
    build_product(two_cam_containers(tmp_path, MSG + box_a + "out = port READINGS\nmain = sync (send out (Box Alarm))\n",
                                     MSG + box_b + "r = port READINGS\nmain = case sync (recv r) of\n"
                                     "  Box (Reading n) -> n\n  _ -> 0\n"), tmp_path / "ok")
    # a data type only the receiver's type names (the sender's leaves that part open) is not compared
    build_product(two_cam_containers(
        tmp_path, "data M where\n  M : Int -> M\n" + box_a + "out = port READINGS\nmain = sync (send out Empty)\n",
        "data M where\n  M : Bool -> M\n" + box_b + "r : Channel (Box M)\nr = port READINGS\n"
        "main = case sync (recv r) of\n  Box (M b) -> b\n  Empty -> False\n"), tmp_path / "ok3")
    # and a data type inside another is compared too
    step, r = refused(tmp_path, two_cam_containers(
        tmp_path, MSG + box_a + "out = port READINGS\nmain = sync (send out (Box Alarm))\n",
        "data Msg where\n  Alarm : Msg\n" + box_b + "r = port READINGS\nmain = case sync (recv r) of\n"
        "  Box Alarm -> 1\n  _ -> 0\n"))
    assert_error(r, "CONFIG_SVM_PORT0", "receives Box Msg",
                 "constructor 0 of `Msg` is `Reading : Int -> Msg` (line 2) in the sender and `Alarm : Msg`")


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


def minimal_ram(cells=1024, stack=256, contexts=1, code_size=None):
    """Static RAM of minimal_defconfig's product (lp64), from the structure sizes."""
    size = layout.sizes("lp64")
    if code_size is None:
        code_size = len(assemble_file(os.path.join(ROOT, "build_examples", "hello.s"))) - isa.IMAGE_HEADER_SIZE
    container = (
        (cells + 1) * size["svm_cell"]
        + 2 * 4 * ((cells + 1 + 31) // 32)
        + contexts * stack * size["svm_value"]
        + contexts * size["svm_context"]
        + size["svm_container"]
    )
    return container + 4 * ((code_size + 31) // 32) + size["svm_vm"]


def assemble_file(path):
    sys.path.insert(0, os.path.join(ROOT, "toolchain"))
    from assembler import assemble

    with open(path, encoding="utf-8") as f:
        return assemble(f.read(), path)


def test_heap_just_within_ram_budget_accepted(tmp_path):
    need = minimal_ram()
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
    assert jumps == {"return", "goto", "switch", "switchi", "stop", "ret", "tailcall", "addret"}
    # Calls come back to the next instruction: a call, or a scheduling
    # point; appterm too, over a wrap's mark (the wrap stub's `return`).
    assert {i.name for i in TABLE.instrs if i.flow == "call"} == {"app", "call", "yield", "sleep", "sync", "synct",
                                                                  "appterm"}
    assert {i.name for i in TABLE.instrs if i.flow == "branch"} == {
        "gotofalse", "gotoifalse", "jeqi", "jnei", "jlti", "jlei", "jgti", "jgei",
        "jeq", "jne", "jlt", "jle", "jgt", "jge", "jeqs", "jnes", "jlts", "jles", "jgts", "jges",
        # conditional returns, and app2 (enters the callee or goes on to the generic code)
        "reteqi", "retnei", "retlti", "retlei", "retgti", "retgei", "app2",
        # a two-way switchi
        "switch2", "switch2n",
        # a counted loop's back edge, a guarded call
        "addpokeijnz", "callgei", "accijnz"}


def test_opcodes_are_dense_from_one():
    assert [i.opcode for i in TABLE.instrs] == list(range(1, len(TABLE.instrs) + 1))
    assert len(TABLE.instrs) <= 255


# ------------------------------------------------------------ containers, RAM map, layout

SLOT_FIELDS = ["NAME", "CRITICALITY", "HEAP_CELLS", "STACK_DEPTH", "CONTEXTS", "PROGRAM", "BUDGET",
               "BUDGET_PERIOD_MS", "RESTART_LIMIT", "RESTART_PERIOD_MS", "HEARTBEAT_MS"]


def containers_c(out):
    with open(os.path.join(str(out), "svm_containers.c"), encoding="utf-8") as f:
        return f.read()


def c_struct_fields(name):
    """[(type, field)] of `typedef struct name {...} name;` in core/svm.h."""
    with open(os.path.join(ROOT, "core", "svm.h"), encoding="utf-8") as f:
        text = re.sub(r"/\*.*?\*/", "", f.read(), flags=re.S)
    m = re.search(rf"typedef struct {name} \{{(.*?)\}} {name};", text, re.S)
    assert m, f"core/svm.h has no struct {name}"
    fields = []
    for decl in m.group(1).split(";"):
        decl = " ".join(decl.split())
        if not decl:
            continue
        first, *more = [d.strip() for d in decl.split(",")]
        base, stars, fname = re.fullmatch(r"(.*?)(\**)\s*([A-Za-z_]\w*(?:\[\w+\])?)", first).groups()
        ctype = (base.strip() + (" " + stars if stars else "")).strip()
        fields.append((ctype, fname))
        fields += [(ctype, x) for x in more]
    return fields


def test_kconfig_symbols_of_the_issue():
    """The symbols scripts outside the repository use, with their ranges and defaults."""
    import kconfiglib

    os.environ["srctree"] = ROOT
    kconf = kconfiglib.Kconfig(os.path.join(ROOT, "Kconfig"), warn_to_stderr=False)

    def rng(name):
        s = kconf.syms[name]
        lo, hi = (int(r.str_value) for r in s.ranges[0][:2])
        return lo, hi, int(s.str_value)

    assert rng("SVM_GC_SLICE") == (16, 65536, 256)
    assert rng("SVM_VIRTUAL_NS_PER_INSTRUCTION") == (1, 1000000, 50)
    assert rng("SVM_TICK_US") == (100, 1000000, 1000)
    assert kconf.syms["SVM_GROUP_CONCURRENCY"].nodes[0].prompt[0] == "Contexts and events (CONCURRENCY)"
    assert kconf.syms["SVM_GROUP_CONCURRENCY"].tri_value == 2
    assert kconf.syms["SVM_CONTAINER0"].tri_value == 2 and not kconf.syms["SVM_CONTAINER0"].visibility
    for n in range(1, 8):
        s = kconf.syms[f"SVM_CONTAINER{n}"]
        assert s.nodes[0].prompt[0] == f"Container {n}" and s.tri_value == 0 and s.visibility
        assert kconf.syms[f"SVM_CONTAINER{n}_NAME"].nodes[0].dep is not None
        s.set_value(2)
        assert kconf.syms[f"SVM_CONTAINER{n}_NAME"].str_value == f"container{n}"
    for n in range(8):
        p = f"SVM_CONTAINER{n}_"
        for f in SLOT_FIELDS + ["FAULT_POLICY_RESTART", "FAULT_POLICY_STOP", "FAULT_POLICY_ESCALATE"]:
            assert p + f in kconf.syms, p + f
            assert kconf.syms[p + f].nodes[0].help, f"{p}{f} has no help text"
        assert rng(p + "CONTEXTS") == (1, 1024, 4)
        assert rng(p + "CRITICALITY")[:2] == (0, 7)
        assert rng(p + "RESTART_LIMIT") == (0, 1000, 3)
        assert rng(p + "RESTART_PERIOD_MS") == (1, 3600000, 1000)
        assert int(kconf.syms[p + "BUDGET_PERIOD_MS"].str_value) == 100
        assert kconf.syms[p + "FAULT_POLICY_STOP"].tri_value == 2
    assert kconf.syms["SVM_CONTAINER0_NAME"].str_value == "main"


def test_concurrency_group_per_defconfig(tmp_path):
    posix, _, _ = build_product(POSIX, tmp_path / "p")
    minimal, _, _ = build_product(MINIMAL, tmp_path / "m")
    assert "CONFIG_SVM_GROUP_CONCURRENCY=y" in open(posix, encoding="utf-8").read()
    assert "# CONFIG_SVM_GROUP_CONCURRENCY is not set" in open(minimal, encoding="utf-8").read()


def test_duplicate_container_name(tmp_path):
    frag = fragment(tmp_path, extra=["CONFIG_SVM_CONTAINER2=y", 'CONFIG_SVM_CONTAINER2_NAME="main"'])
    step, r = refused(tmp_path, frag)
    assert step == "generate"
    assert_error(r, "CONFIG_SVM_CONTAINER2_NAME: 'main' is already the name of container 0")


def test_enabled_slot_without_program(tmp_path):
    frag = fragment(tmp_path, extra=["CONFIG_SVM_CONTAINER3=y", 'CONFIG_SVM_CONTAINER3_PROGRAM=""'])
    step, r = refused(tmp_path, frag)
    assert step == "generate"
    assert_error(r, "CONFIG_SVM_CONTAINER3_PROGRAM", "no program")


def test_enabled_slot_with_missing_program(tmp_path):
    frag = fragment(tmp_path, extra=["CONFIG_SVM_CONTAINER5=y", 'CONFIG_SVM_CONTAINER5_PROGRAM="no/such.s"'])
    step, r = refused(tmp_path, frag)
    assert_error(r, "CONFIG_SVM_CONTAINER5_PROGRAM", "no/such.s", "does not exist")


@pytest.mark.parametrize(
    "extra",
    [
        ["CONFIG_SVM_CONTAINER0_CONTEXTS=1024"],  # 1024 x 256 x 8 bytes of stacks
        ["CONFIG_SVM_CONTAINER1=y", "CONFIG_SVM_CONTAINER1_HEAP_CELLS=8192"],  # a second container
    ],
)
def test_over_ram_budget(tmp_path, extra):
    frag = fragment(tmp_path, extra=extra)
    step, r = refused(tmp_path, frag)
    assert step == "generate"
    assert_error(r, "CONFIG_SVM_RAM_BUDGET", "131072")


def test_period_beyond_32_bit_microseconds(tmp_path):
    frag = fragment(tmp_path, extra=["CONFIG_SVM_CONTAINER0_RESTART_PERIOD_MS=5000000"])
    step, r = refused(tmp_path, frag)
    assert_error(r, "CONFIG_SVM_CONTAINER0_RESTART_PERIOD_MS", "5000000")


@pytest.mark.parametrize(
    "lines",
    [
        ['CONFIG_SVM_CONTAINER3_NAME="sensor"'],
        ["CONFIG_SVM_CONTAINER4_HEAP_CELLS=64"],
        ["CONFIG_SVM_CONTAINER6_FAULT_POLICY_RESTART=y"],
        ["CONFIG_SVM_CONTAINER7=y", "# CONFIG_SVM_CONTAINER7 is not set", "CONFIG_SVM_CONTAINER7_CONTEXTS=2"],
    ],
)
def test_disabled_slot_symbols_are_not_applied(tmp_path, lines):
    """A value for a slot that is off is refused naming the symbol and the slot's switch."""
    frag = fragment(tmp_path, extra=lines)
    step, r = refused(tmp_path, frag)
    assert step == "config"
    symbol = re.match(r"CONFIG_(SVM_CONTAINER(\d)_\w+)", lines[-1])
    assert_error(r, f"CONFIG_{symbol.group(1)}", "not applicable", f"SVM_CONTAINER{symbol.group(2)}")


def test_disabled_slot_in_dotconfig_is_not_applied(tmp_path):
    """A hand-edited .config: the off slot's values are refused, not built."""
    dotconfig, out, _ = build_product(MINIMAL, tmp_path)
    with open(dotconfig, "a", encoding="utf-8") as f:
        f.write('CONFIG_SVM_CONTAINER2_NAME="ghost"\n')
    r = generate(dotconfig, out)
    assert_error(r, "CONFIG_SVM_CONTAINER2_NAME", "SVM_CONTAINER2")
    assert "ghost" not in containers_c(out)


def eight_slots(tmp_path):
    lines = ["CONFIG_SVM_RAM_BUDGET=16777216"]
    for n in range(1, 8):
        lines += [
            f"CONFIG_SVM_CONTAINER{n}=y",
            f"CONFIG_SVM_CONTAINER{n}_CRITICALITY={n}",
            f"CONFIG_SVM_CONTAINER{n}_HEAP_CELLS={256 * n}",
            f"CONFIG_SVM_CONTAINER{n}_CONTEXTS={n}",
            f"CONFIG_SVM_CONTAINER{n}_STACK_DEPTH={64 + n}",
            f"CONFIG_SVM_CONTAINER{n}_BUDGET={1000 * n}",
            f"CONFIG_SVM_CONTAINER{n}_BUDGET_PERIOD_MS={n}",
            f"CONFIG_SVM_CONTAINER{n}_RESTART_LIMIT={n}",
            f"CONFIG_SVM_CONTAINER{n}_RESTART_PERIOD_MS={2000 + n}",
            f"CONFIG_SVM_CONTAINER{n}_HEARTBEAT_MS={10 * n}",
            f"CONFIG_SVM_CONTAINER{n}_FAULT_POLICY_{['RESTART', 'STOP', 'ESCALATE'][n % 3]}=y",
        ]
    return fragment(tmp_path, extra=lines, name="eight_defconfig")


PORT_LINE_RE = re.compile(
    r"VM-wide: port (\w+): messages (\d+), cells (\d+), map (\d+), svm_port (\d+) +(\d+)")


DEVICE_LINE_RE = re.compile(r"VM-wide: devices ([A-Z0-9 ]+): svm_device (\d+), queues (\d+) +(\d+)")


def read_ram_map(path, ports=None, devices=None):
    """(container rows, [loader scratch, svm_vm], total); ports (a dict), if
    given, receives {name: [messages, cells, map, svm_port, total]};
    devices (a dict), if given, {"names": [...], "controls": n, "queues": n}."""
    lines = open(path, encoding="utf-8").read().splitlines()
    assert lines[0].startswith("RAM map of ") and lines[0].endswith("(bytes, lp64)"), lines[0]
    assert lines[1].split() == ["container", "heap", "bitmaps", "stacks", "contexts", "control", "total"]
    rows = {}
    port_rows = {} if ports is None else ports
    device_total = 0
    for line in lines[2:-2]:
        m = DEVICE_LINE_RE.fullmatch(line)
        if m:
            controls, queues, device_total = int(m.group(2)), int(m.group(3)), int(m.group(4))
            assert controls + queues == device_total, line
            if devices is not None:
                devices.update(names=m.group(1).split(), controls=controls, queues=queues)
            continue
        m = PORT_LINE_RE.fullmatch(line)
        if m:
            port_rows[m.group(1)] = [int(x) for x in m.groups()[1:]]
            assert sum(port_rows[m.group(1)][:4]) == port_rows[m.group(1)][4], line
            continue
        assert not port_rows, f"a container row after the ports: {line}"
        name, *nums = line.split()
        rows[name] = [int(x) for x in nums]
        assert len(rows[name]) == 6 and sum(rows[name][:5]) == rows[name][5], line
    vm = re.fullmatch(r"VM-wide: loader scratch (\d+), svm_vm (\d+) +(\d+)", lines[-2])
    assert vm, lines[-2]
    scratch, vm_size, vm_wide = (int(x) for x in vm.groups())
    assert scratch + vm_size == vm_wide, lines[-2]
    total = re.fullmatch(r"total +(\d+)", lines[-1])
    assert total, lines[-1]
    # The columns line up: every number ends where the header's "total" ends.
    assert len({len(line) for line in lines[1:]}) == 1, lines
    assert int(total.group(1)) == (sum(r[5] for r in rows.values()) + sum(r[4] for r in port_rows.values())
                                   + device_total + vm_wide)
    return rows, [scratch, vm_size], int(total.group(1))


def test_ram_map_written(tmp_path):
    dotconfig, out, _ = build_product(eight_slots(tmp_path), tmp_path / "b")
    ram_map = tmp_path / "b" / "ram_map.txt"
    r = generate(dotconfig, out, ram_map=ram_map)
    assert r.returncode == 0, r.stderr
    rows, (scratch, vm), total = read_ram_map(ram_map)
    assert list(rows) == ["main"] + [f"container{n}" for n in range(1, 8)]
    assert scratch + vm == int(open(ram_map).read().splitlines()[-2].split()[-1])
    assert total == sum(row[5] for row in rows.values()) + scratch + vm
    assert f"RAM {total} of 16777216 bytes" in r.stdout
    assert open(ram_map, encoding="utf-8").read() in r.stdout  # also printed
    size = layout.sizes("lp64")
    for n in range(1, 8):
        cells, contexts, depth = 256 * n + 1, n, 64 + n
        assert rows[f"container{n}"] == [
            cells * 16,
            2 * 4 * ((cells + 31) // 32),
            contexts * depth * 8,
            contexts * size["svm_context"],
            size["svm_container"],
            cells * 16 + 2 * 4 * ((cells + 31) // 32) + contexts * depth * 8 + contexts * size["svm_context"]
            + size["svm_container"],
        ]
    assert vm == size["svm_vm"]


def test_ram_map_total_is_the_budget_check(tmp_path):
    need = minimal_ram()
    frag = fragment(tmp_path, {"CONFIG_SVM_RAM_BUDGET": f"CONFIG_SVM_RAM_BUDGET={need}"})
    dotconfig, out, _ = build_product(frag, tmp_path / "b")
    generate(dotconfig, out, ram_map=tmp_path / "map.txt")
    rows, (scratch, vm), total = read_ram_map(tmp_path / "map.txt")
    assert list(rows) == ["main"] and total == need


def test_eight_slots_at_once(tmp_path):
    dotconfig, out, _ = build_product(eight_slots(tmp_path), tmp_path / "b")
    text = containers_c(out)
    names = ["main"] + [f"container{n}" for n in range(1, 8)]
    assert "static svm_container containers[8] = {\n" + "".join(
        f"    {{ .cfg = &{n}_config }},\n" for n in names) + "};" in text
    assert ".ncontainers = 8u," in text
    for n in range(1, 8):
        c = f"container{n}"
        assert f"static svm_cell {c}_heap[{256 * n + 1}];" in text
        assert f"static svm_value {c}_stack[{n * (64 + n)}];" in text
        assert f"static svm_context {c}_contexts[{n}];" in text
        config = re.search(rf"static const svm_container_config {c}_config = \{{\n(.*?)\n\}};", text, re.S).group(1)
        values = dict(re.fullmatch(r"    \.(\w+) = (.*),", line).groups() for line in config.splitlines())
        assert values["criticality"] == f"{n}u"
        assert values["ncontexts"] == f"{n}u" and values["stack_depth"] == f"{64 + n}u"
        assert values["heap_ncells"] == f"{256 * n + 1}u"
        assert values["budget"] == f"{1000 * n}u" and values["budget_period_us"] == f"{n * 1000}u"
        assert values["restart_limit"] == f"{n}u" and values["restart_period_us"] == f"{(2000 + n) * 1000}u"
        assert values["heartbeat_us"] == f"{10 * n * 1000}u"
        assert values["fault_policy"] == "SVM_POLICY_" + ["RESTART", "STOP", "ESCALATE"][n % 3]
        assert values["print_limit"] == "CONFIG_SVM_PRINT_LIMIT"


def test_eight_slots_deterministic(tmp_path):
    frag = eight_slots(tmp_path)
    dotconfig, out_a, _ = build_product(frag, tmp_path / "a")
    out_b = tmp_path / "b"
    r = generate(dotconfig, out_b, ram_map=tmp_path / "map_b.txt")
    assert r.returncode == 0, r.stderr
    r = generate(dotconfig, out_a, ram_map=tmp_path / "map_a.txt")
    assert r.returncode == 0, r.stderr
    assert read_outputs(out_a) == read_outputs(out_b)
    assert (tmp_path / "map_a.txt").read_bytes() == (tmp_path / "map_b.txt").read_bytes()
    r = generate(dotconfig, out_a, ram_map=tmp_path / "map_a.txt")
    assert r.stdout.rstrip().endswith("; unchanged"), r.stdout


def test_config_initializes_every_field(tmp_path):
    """Every field of svm_container_config in core/svm.h gets a designated initializer."""
    _, out, _ = build_product(POSIX, tmp_path)
    text = containers_c(out)
    config = re.search(r"static const svm_container_config main_config = \{\n(.*?)\n\};", text, re.S).group(1)
    got = [re.fullmatch(r"    \.(\w+) = .*,", line).group(1) for line in config.splitlines()]
    assert got == [f for _, f in c_struct_fields("svm_container_config")]
    assert ".gc_slice = CONFIG_SVM_GC_SLICE," in text
    assert ".ns_per_instruction = CONFIG_SVM_VIRTUAL_NS_PER_INSTRUCTION," in text
    assert ".quantum = CONFIG_SVM_PREEMPT_QUANTUM," in text


def test_loader_scratch_sized_by_largest_embedded_image(tmp_path):
    big = tmp_path / "big.s"
    big.write_text("main:\n" + "    loadi 1\n" * 100 + "    print\n    stop\n", encoding="utf-8")
    frag = fragment(tmp_path, extra=["CONFIG_SVM_CONTAINER4=y", f'CONFIG_SVM_CONTAINER4_PROGRAM="{big}"',
                                     "CONFIG_SVM_RAM_BUDGET=1000000"])
    _, out, _ = build_product(frag, tmp_path / "b")
    code = len(assemble_file(str(big))) - isa.IMAGE_HEADER_SIZE
    text = containers_c(out)
    assert f".verify_capacity = {code}u," in text
    assert f"static uint32_t verify_bits[{(code + 31) // 32}];" in text


def test_static_asserts_for_every_struct(tmp_path):
    _, out, _ = build_product(MINIMAL, tmp_path)
    text = containers_c(out)
    for t, n in layout.sizes("lp64").items():
        assert (f'_Static_assert(sizeof({t}) == {n}, "generator/layout.py says {t} is {n} bytes (lp64): '
                'update its field list to match core/svm.h");') in text


def test_layout_field_lists_match_svm_h():
    """layout.py's lists name the fields of core/svm.h, in order, with their types."""
    for name, fields in layout.STRUCTS.items():
        want = [(" ".join(t.replace("*", " *").split()), f) for t, f in c_struct_fields(name)]
        assert [(" ".join(t.replace("*", " *").split()), f) for t, f in fields] == want, name


def c_compiler():
    import shutil

    return shutil.which("gcc")


@pytest.mark.parametrize("defconfig", [MINIMAL, "eight"])
def test_generated_containers_c_compiles(tmp_path, defconfig):
    """svm_containers.c alone: its static asserts check layout.py against the compiler."""
    if not c_compiler():
        pytest.skip("no gcc")
    frag = eight_slots(tmp_path) if defconfig == "eight" else defconfig
    _, out, _ = build_product(frag, tmp_path / "b")
    r = subprocess.run(
        ["gcc", "-std=c11", "-Wall", "-Wextra", "-Werror", "-c", "-I", os.path.join(ROOT, "core"), "-I", str(out),
         os.path.join(str(out), "svm_containers.c"), "-o", str(tmp_path / "c.o")],
        capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_layout_lp64_matches_gcc(tmp_path):
    if not c_compiler():
        pytest.skip("no gcc")
    src = tmp_path / "sizes.c"
    src.write_text(
        '#include <stdio.h>\n#include "svm.h"\nint main(void)\n{\n'
        + "".join(f'    printf("{t} %zu\\n", sizeof({t}));\n' for t in layout.ASSERTED)
        + "    return 0;\n}\n",
        encoding="utf-8")
    exe = tmp_path / "sizes"
    r = subprocess.run(["gcc", "-std=c11", "-I", os.path.join(ROOT, "core"), str(src), "-o", str(exe)],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    out = subprocess.run([str(exe)], capture_output=True, text=True, check=True).stdout
    gcc = {t: int(n) for t, n in (line.split() for line in out.splitlines())}
    assert layout.sizes("lp64") == gcc


def test_layout_ilp32_matches_a_32_bit_compiler(tmp_path):
    """ARM EABI (clang --target=armv7m-none-eabi), else gcc -m32 -malign-double
    (uint64_t aligned to 8 as on ARM); only compiled: the sizes are static asserts."""
    stub = tmp_path / "stub"
    stub.mkdir()
    (stub / "string.h").write_text(
        "#include <stddef.h>\nvoid *memcpy(void *, const void *, size_t);\nvoid *memset(void *, int, size_t);\n"
        "int memcmp(const void *, const void *, size_t);\nsize_t strlen(const char *);\n", encoding="utf-8")
    src = tmp_path / "sizes32.c"
    src.write_text(
        '#include "svm.h"\n'
        + "".join(f'_Static_assert(sizeof({t}) == {n}, "{t}: layout.py says {n}");\n'
                  for t, n in layout.sizes("ilp32").items())
        + '_Static_assert(sizeof(void *) == 4, "ilp32");\n',
        encoding="utf-8")
    import shutil

    candidates = []
    if shutil.which("clang"):
        candidates.append(["clang", "--target=armv7m-none-eabi"])
    if shutil.which("arm-none-eabi-gcc"):
        candidates.append(["arm-none-eabi-gcc", "-mcpu=cortex-m3", "-fno-short-enums"])
    if shutil.which("gcc"):
        candidates.append(["gcc", "-m32", "-malign-double"])
    probe = tmp_path / "probe.c"
    probe.write_text("#include <stdint.h>\nuint64_t x;\n", encoding="utf-8")
    for cc in candidates:
        flags = ["-std=c11", "-ffreestanding", "-I", str(stub)]
        if subprocess.run(cc + flags + ["-c", str(probe), "-o", str(tmp_path / "p.o")], capture_output=True).returncode:
            continue
        r = subprocess.run(cc + flags + ["-I", os.path.join(ROOT, "core"), "-c", str(src), "-o", str(tmp_path / "s.o")],
                           capture_output=True, text=True)
        assert r.returncode == 0, f"{' '.join(cc)}: {r.stderr}"
        return
    pytest.skip("no 32-bit C compiler (clang for ARM, arm-none-eabi-gcc or gcc -m32)")


def storage_sizes(binary):
    """{symbol: size} of the objects of a compiled svm_containers.c (nm -S)."""
    out = subprocess.run(["nm", "-S", "--defined-only", str(binary)], capture_output=True, text=True, check=True)
    sizes = {}
    for line in out.stdout.splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[2].lower() in ("b", "d"):
            sizes[parts[3]] = int(parts[1], 16)
    return sizes


def check_map_against_symbols(ram_map, sizes):
    """Each part of the RAM map is exactly the size of the arrays it names."""
    ports, devices = {}, {}
    rows, (scratch, vm), total = read_ram_map(ram_map, ports, devices)
    if devices:
        assert sizes["devices"] == devices["controls"]
        queues = [f"{n}_queue" for n in devices["names"] if f"{n}_queue" in sizes]
        assert sum(sizes[q] for q in queues) == devices["queues"]
    else:
        assert "devices" not in sizes
    for name, (messages, cells, map_, control, _) in ports.items():
        assert sizes[f"{name}_port_messages"] == messages
        assert sizes[f"{name}_port_cells"] == cells
        assert sizes[f"{name}_port_map"] == map_
    if ports:
        assert sizes["ports"] == sum(row[3] for row in ports.values())
    else:
        assert "ports" not in sizes
    for name, (heap, bitmaps, stacks, contexts, control, _) in rows.items():
        assert sizes[f"{name}_heap"] == heap
        assert sizes[f"{name}_mark"] + sizes[f"{name}_flip"] == bitmaps
        assert sizes[f"{name}_stack"] == stacks
        assert sizes[f"{name}_contexts"] == contexts
    assert sizes["containers"] == sum(row[4] for row in rows.values())
    assert sizes["verify_bits"] == scratch
    assert sizes["svm_product_vm"] == vm
    storage = [f"{n}_{part}" for n in rows for part in ("heap", "mark", "flip", "stack", "contexts")]
    storage += [f"{n}_port_{part}" for n in ports for part in ("messages", "cells", "map")]
    storage += ["ports"] if ports else []
    if devices:
        storage += ["devices"] + [f"{n}_queue" for n in devices["names"] if f"{n}_queue" in sizes]
    assert sum(sizes[s] for s in storage + ["containers", "verify_bits", "svm_product_vm"]) == total


def test_ram_map_is_what_the_compiler_allocates(tmp_path):
    """Compile svm_containers.c alone: the symbols' sizes (nm -S) are the map's figures."""
    import shutil

    if not (c_compiler() and shutil.which("nm")):
        pytest.skip("no gcc or nm")
    dotconfig, out, _ = build_product(eight_slots(tmp_path), tmp_path / "b")
    r = generate(dotconfig, out, ram_map=tmp_path / "map.txt")
    assert r.returncode == 0, r.stderr
    obj = tmp_path / "c.o"
    r = subprocess.run(["gcc", "-std=c11", "-c", "-I", os.path.join(ROOT, "core"), "-I", str(out),
                        os.path.join(str(out), "svm_containers.c"), "-o", str(obj)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    check_map_against_symbols(tmp_path / "map.txt", storage_sizes(obj))


def test_ram_map_of_the_built_runner():
    """The built svm-run ($SVM_RUN) and the ram_map.txt of its build directory agree."""
    import shutil

    path = os.environ.get("SVM_RUN")
    if not path or not os.access(path, os.X_OK) or not shutil.which("nm"):
        pytest.skip("$SVM_RUN is unset or not executable (or no nm)")
    ram_map = os.path.join(os.path.dirname(os.path.abspath(path)), "ram_map.txt")
    if not os.path.isfile(ram_map):
        pytest.skip(f"{ram_map} does not exist (a build directory from before the RAM map)")
    check_map_against_symbols(ram_map, storage_sizes(path))


# ------------------------------------------------------------ ports, IO tables, interfaces

PORT_FIELDS = ["NAME", "FROM", "TO", "KIND_QUEUING", "KIND_SAMPLING", "DEPTH", "MAX_CELLS"]
IO_PROGRAM = "main:\n    loadi @FLOOD\n    print\n    loadi @SAMPLE\n    print\n    loadi @LOG\n    print\n    stop\n"


def test_kconfig_port_symbols_of_the_issue():
    """SVM_GROUP_IO in the instruction groups; eight port slots with their ranges and defaults."""
    import kconfiglib

    os.environ["srctree"] = ROOT
    kconf = kconfiglib.Kconfig(os.path.join(ROOT, "Kconfig"), warn_to_stderr=False)
    io = kconf.syms["SVM_GROUP_IO"]
    assert io.nodes[0].prompt[0] == "Devices and ports (IO)" and io.tri_value == 2 and io.nodes[0].help
    assert io.nodes[0].parent.prompt[0] == "Instruction groups"
    for n in range(8):
        s = kconf.syms[f"SVM_PORT{n}"]
        assert s.nodes[0].prompt[0] == f"Port {n}" and s.tri_value == 0 and s.visibility, n
        assert s.nodes[0].parent.prompt[0] == "Ports"
        for f in PORT_FIELDS:
            assert kconf.syms[f"SVM_PORT{n}_{f}"].nodes[0].help, f"SVM_PORT{n}_{f} has no help text"
        s.set_value(2)
        p = f"SVM_PORT{n}_"
        assert kconf.syms[p + "KIND_QUEUING"].tri_value == 2 and kconf.syms[p + "KIND_SAMPLING"].tri_value == 0
        for f, (lo, hi, default) in {"DEPTH": (1, 64, 4), "MAX_CELLS": (0, 4096, 16)}.items():
            sym_ = kconf.syms[p + f]
            assert tuple(int(r.str_value) for r in sym_.ranges[0][:2]) == (lo, hi)
            assert int(sym_.str_value) == default
        assert all(kconf.syms[p + f].type == kconfiglib.STRING for f in ("NAME", "FROM", "TO"))


def ports_fragment(tmp_path, extra=(), name="ports_defconfig", io=True, program=IO_PROGRAM):
    """Three containers (main, sensor, logger) and three ports between them:
    FLOOD sensor -> main (slot 0), LOG main -> logger (slot 1, queuing, no
    cells), SAMPLE logger -> main (slot 3, sampling)."""
    prog = tmp_path / "io.s"
    prog.write_text(program, encoding="utf-8")
    lines = [
        "CONFIG_SVM_GROUP_IO=y" if io else "# CONFIG_SVM_GROUP_IO is not set",
        "CONFIG_SVM_RAM_BUDGET=16777216",
        f'CONFIG_SVM_CONTAINER0_PROGRAM="{prog}"',
        "CONFIG_SVM_CONTAINER1=y", 'CONFIG_SVM_CONTAINER1_NAME="sensor"', "CONFIG_SVM_CONTAINER1_HEAP_CELLS=256",
        "CONFIG_SVM_CONTAINER2=y", 'CONFIG_SVM_CONTAINER2_NAME="logger"', "CONFIG_SVM_CONTAINER2_HEAP_CELLS=256",
        "CONFIG_SVM_PORT0=y", 'CONFIG_SVM_PORT0_NAME="FLOOD"', 'CONFIG_SVM_PORT0_FROM="sensor"',
        'CONFIG_SVM_PORT0_TO="main"',
        "CONFIG_SVM_PORT1=y", 'CONFIG_SVM_PORT1_NAME="LOG"', 'CONFIG_SVM_PORT1_FROM="main"',
        'CONFIG_SVM_PORT1_TO="logger"', "CONFIG_SVM_PORT1_DEPTH=8", "CONFIG_SVM_PORT1_MAX_CELLS=0",
        "CONFIG_SVM_PORT3=y", 'CONFIG_SVM_PORT3_NAME="SAMPLE"', 'CONFIG_SVM_PORT3_FROM="logger"',
        'CONFIG_SVM_PORT3_TO="main"', "CONFIG_SVM_PORT3_KIND_SAMPLING=y", "CONFIG_SVM_PORT3_MAX_CELLS=32",
    ]
    return fragment(tmp_path, extra=lines + list(extra), name=name)


def io_table_of(text, container):
    m = re.search(rf"static const svm_io_entry {container}_io\[(\d+)\] = \{{\n(.*?)\n\}};", text, re.S)
    assert m, f"no IO table for {container}"
    entries = [re.fullmatch(r'    \{\.name = "(\w+)", \.index = (\d+), \.direction = (SVM_IO_\w+), \.kind = SVM_IO_PORT\}, /\* .* \*/',
                            line).groups() for line in m.group(2).splitlines()]
    assert int(m.group(1)) == len(entries)
    return [(name, int(port), direction) for name, port, direction in entries]


def config_values(text, struct, name):
    body = re.search(rf"static const {struct} {name} = \{{\n(.*?)\n\}};", text, re.S).group(1)
    return dict(re.fullmatch(r"    \.(\w+) = (.*),", line).groups() for line in body.splitlines())


def test_three_ports_io_tables(tmp_path):
    dotconfig, out, r = build_product(ports_fragment(tmp_path), tmp_path / "b")
    text = containers_c(out)
    # Each container's table: its ends of the ports, in port slot order, under the ports' names.
    assert io_table_of(text, "main") == [("FLOOD", 0, "SVM_IO_RECV"), ("LOG", 1, "SVM_IO_SEND"),
                                         ("SAMPLE", 2, "SVM_IO_RECV")]
    assert io_table_of(text, "sensor") == [("FLOOD", 0, "SVM_IO_SEND")]
    assert io_table_of(text, "logger") == [("LOG", 1, "SVM_IO_RECV"), ("SAMPLE", 2, "SVM_IO_SEND")]
    for c, n in (("main", 3), ("sensor", 1), ("logger", 2)):
        values = config_values(text, "svm_container_config", f"{c}_config")
        assert values["io"] == f"{c}_io" and values["nio"] == f"{n}u"
    flood = config_values(text, "svm_port_config", "FLOOD_port_config")
    assert flood == {"name": '"FLOOD"', "messages": "FLOOD_port_messages", "cells": "FLOOD_port_cells",
                     "map": "FLOOD_port_map", "from": "1u", "to": "0u", "depth": "4u", "max_cells": "16u",
                     "kind": "SVM_PORT_QUEUING"}
    assert [f for f in flood] == [f for _, f in c_struct_fields("svm_port_config")]
    log = config_values(text, "svm_port_config", "LOG_port_config")
    assert (log["from"], log["to"], log["depth"], log["max_cells"]) == ("0u", "2u", "8u", "0u")
    sample = config_values(text, "svm_port_config", "SAMPLE_port_config")
    assert (sample["from"], sample["to"], sample["depth"], sample["kind"]) == ("2u", "0u", "1u", "SVM_PORT_SAMPLING")
    assert "static svm_port_message FLOOD_port_messages[4];" in text
    assert "static svm_cell FLOOD_port_cells[64];" in text
    assert "static uint32_t FLOOD_port_map[16];" in text
    assert "static svm_cell LOG_port_cells[1];" in text and "static uint32_t LOG_port_map[1];" in text
    assert "static svm_port_message SAMPLE_port_messages[1];" in text
    assert "static svm_cell SAMPLE_port_cells[32];" in text
    assert ("static svm_port ports[3] = {\n    { .cfg = &FLOOD_port_config },\n    { .cfg = &LOG_port_config },\n"
            "    { .cfg = &SAMPLE_port_config },\n};") in text
    assert ".ports = ports,\n    .nports = 3u," in text
    # The port map follows the RAM map.
    assert re.search(r"^  FLOOD +sensor -> main +queuing +depth 4 +max cells 16 +1224 bytes$", r.stdout, re.M)
    assert re.search(r"^  SAMPLE +logger -> main +sampling +depth 1 +max cells 32 +\d+ bytes$", r.stdout, re.M)
    assert r.stdout.index("RAM map of") < r.stdout.index("Port map (3 ports")


def test_three_ports_interface_files(tmp_path):
    dotconfig, out, _ = build_product(ports_fragment(tmp_path), tmp_path / "b")
    files = read_outputs(out)
    assert set(files) == (OUTPUTS | {"sensor.interface", "logger.interface"})
    want = {
        "main": (0, ["FLOOD 0 recv queuing", "LOG 1 send queuing", "SAMPLE 2 recv sampling"]),
        "sensor": (1, ["FLOOD 0 send queuing"]),
        "logger": (2, ["LOG 0 recv queuing", "SAMPLE 1 send sampling"]),
    }
    for c, (slot, lines) in want.items():
        got = files[f"{c}.interface"].decode("utf-8").splitlines()
        assert got[0] == f"# interface of container '{c}' (CONFIG_SVM_CONTAINER{slot}), generated from {dotconfig}"
        assert got[1] == "# groups CORE INT CONSOLE IO"  # the product's (the compiler keeps to them)
        assert got[2] == "# straight-run 256"  # CONFIG_SVM_MAX_STRAIGHT_RUN (its preemption points keep to it)
        assert got[3:] == lines


def test_program_assembled_with_its_container_interface(tmp_path):
    """main's program says @FLOOD, @SAMPLE, @LOG: the generator resolves them to main's entries 0, 2, 1."""
    _, out, _ = build_product(ports_fragment(tmp_path), tmp_path / "b")
    sys.path.insert(0, os.path.join(ROOT, "toolchain"))
    from assembler import assemble

    numbered = IO_PROGRAM.replace("@FLOOD", "0").replace("@SAMPLE", "2").replace("@LOG", "1")
    image = assemble(numbered, "numbered.s")
    text = containers_c(out)
    body = re.search(r"static const uint8_t main_image\[(\d+)\] = \{\n(.*?)\n\};", text, re.S)
    assert int(body.group(1)) == len(image)
    assert bytes(int(b, 16) for b in re.findall(r"0x([0-9a-f]{2})", body.group(2))) == image


def test_program_with_an_unknown_io_entry(tmp_path):
    frag = ports_fragment(tmp_path, program="main:\n    loadi @FLOD\n    stop\n")
    step, r = refused(tmp_path, frag)
    assert step == "generate"
    assert_error(r, "CONFIG_SVM_CONTAINER0_PROGRAM", "io.s:2: error: no IO entry 'FLOD' in the interface of "
                 "container 'main' (entries: FLOOD, LOG, SAMPLE)")


def test_three_ports_ram_map(tmp_path):
    dotconfig, out, _ = build_product(ports_fragment(tmp_path), tmp_path / "b")
    r = generate(dotconfig, out, ram_map=tmp_path / "map.txt")
    assert r.returncode == 0, r.stderr
    ports = {}
    rows, (scratch, vm), total = read_ram_map(tmp_path / "map.txt", ports)  # asserts the total is the sum
    size = layout.sizes("lp64")
    msg, port = size["svm_port_message"], size["svm_port"]
    assert ports == {
        "FLOOD": [4 * msg, 4 * 16 * 16, 16 * 4, port, 4 * msg + 1024 + 64 + port],
        "LOG": [8 * msg, 16, 4, port, 8 * msg + 16 + 4 + port],  # no cells: arrays of one element
        "SAMPLE": [msg, 32 * 16, 32 * 4, port, msg + 512 + 128 + port],
    }
    assert total == sum(row[5] for row in rows.values()) + sum(p[4] for p in ports.values()) + scratch + vm
    assert f"RAM {total} of 16777216 bytes" in r.stdout
    port_map = (tmp_path / "port_map.txt").read_text(encoding="utf-8")
    assert port_map in r.stdout and len(port_map.splitlines()) == 4


def test_three_ports_compile_and_map_is_what_the_compiler_allocates(tmp_path):
    import shutil

    if not (c_compiler() and shutil.which("nm")):
        pytest.skip("no gcc or nm")
    dotconfig, out, _ = build_product(ports_fragment(tmp_path), tmp_path / "b")
    r = generate(dotconfig, out, ram_map=tmp_path / "map.txt")
    assert r.returncode == 0, r.stderr
    obj = tmp_path / "c.o"
    r = subprocess.run(["gcc", "-std=c11", "-Wall", "-Wextra", "-Werror", "-c", "-I", os.path.join(ROOT, "core"),
                        "-I", os.path.join(ROOT, "hal"), "-I", str(out), os.path.join(str(out), "svm_containers.c"),
                        "-o", str(obj)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    check_map_against_symbols(tmp_path / "map.txt", storage_sizes(obj))


def test_three_ports_deterministic(tmp_path):
    frag = ports_fragment(tmp_path)
    dotconfig, out_a, _ = build_product(frag, tmp_path / "a")
    out_b = tmp_path / "b"
    assert generate(dotconfig, out_b, ram_map=tmp_path / "map_b.txt").returncode == 0
    r = generate(dotconfig, out_a, ram_map=tmp_path / "map_a.txt")
    assert r.returncode == 0, r.stderr
    assert read_outputs(out_a) == read_outputs(out_b)
    assert (tmp_path / "map_a.txt").read_bytes() == (tmp_path / "map_b.txt").read_bytes()
    r = generate(dotconfig, out_a, ram_map=tmp_path / "map_a.txt")
    assert r.stdout.rstrip().endswith("; unchanged"), r.stdout


def test_no_ports_no_port_table(tmp_path):
    _, out, r = build_product(MINIMAL, tmp_path)
    text = containers_c(out)
    assert "svm_port ports[" not in text and ".ports = NULL,\n    .nports = 0u," in text
    values = config_values(text, "svm_container_config", "main_config")
    assert values["io"] == "NULL" and values["nio"] == "0u"
    with open(os.path.join(out, "main.interface"), encoding="utf-8") as f:
        assert f.read().splitlines()[1:] == ["# groups CORE INT CONSOLE", "# straight-run 256"]
    assert "Port map: no ports" in r.stdout


@pytest.mark.parametrize(
    "extra,words",
    [
        (['CONFIG_SVM_PORT2=y', 'CONFIG_SVM_PORT2_NAME="P2"', 'CONFIG_SVM_PORT2_FROM="main"',
          'CONFIG_SVM_PORT2_TO="nobody"'],
         ["CONFIG_SVM_PORT2_TO: 'nobody' is not the name of an enabled container (main, sensor, logger)"]),
        (['CONFIG_SVM_PORT2=y', 'CONFIG_SVM_PORT2_NAME="P2"', 'CONFIG_SVM_PORT2_TO="main"'],
         ["CONFIG_SVM_PORT2_FROM: '' is not the name of an enabled container (main, sensor, logger)"]),
        (['CONFIG_SVM_PORT2=y', 'CONFIG_SVM_PORT2_NAME="P2"', 'CONFIG_SVM_PORT2_FROM="sensor"',
          'CONFIG_SVM_PORT2_TO="sensor"'],
         ["CONFIG_SVM_PORT2_TO", "'sensor' to itself"]),
        (['CONFIG_SVM_PORT5=y', 'CONFIG_SVM_PORT5_NAME="LOG"', 'CONFIG_SVM_PORT5_FROM="sensor"',
          'CONFIG_SVM_PORT5_TO="logger"'],
         ["CONFIG_SVM_PORT5_NAME: 'LOG' is already the name of port 1"]),
        (['CONFIG_SVM_PORT2=y', 'CONFIG_SVM_PORT2_NAME="my-port"', 'CONFIG_SVM_PORT2_FROM="main"',
          'CONFIG_SVM_PORT2_TO="sensor"'],
         ["CONFIG_SVM_PORT2_NAME: 'my-port' is not a valid port name"]),
        (['CONFIG_SVM_CONTAINER3=y', 'CONFIG_SVM_CONTAINER3_NAME="FLOOD_port"',
          'CONFIG_SVM_CONTAINER3_HEAP_CELLS=64'],
         ["CONFIG_SVM_PORT0_NAME", "FLOOD_port_config"]),
    ],
)
def test_port_refused(tmp_path, extra, words):
    step, r = refused(tmp_path, ports_fragment(tmp_path, extra=extra))
    assert step == "generate"
    assert_error(r, *words)


def test_port_needs_the_io_group(tmp_path):
    step, r = refused(tmp_path, ports_fragment(tmp_path, io=False, program="main:\n    stop\n"))
    assert_error(r, "CONFIG_SVM_PORT0", "CONFIG_SVM_GROUP_IO")


def test_port_of_a_disabled_container_slot(tmp_path):
    """A port to a container whose slot is off: that name is not an enabled container's."""
    extra = ['CONFIG_SVM_PORT7=y', 'CONFIG_SVM_PORT7_NAME="P7"', 'CONFIG_SVM_PORT7_FROM="container4"',
             'CONFIG_SVM_PORT7_TO="main"']
    step, r = refused(tmp_path, ports_fragment(tmp_path, extra=extra))
    assert_error(r, "CONFIG_SVM_PORT7_FROM: 'container4' is not the name of an enabled container")


@pytest.mark.parametrize(
    "lines",
    [
        ['CONFIG_SVM_PORT2_NAME="ghost"'],
        ["CONFIG_SVM_PORT4_DEPTH=8"],
        ["CONFIG_SVM_PORT6_KIND_SAMPLING=y"],
        ["CONFIG_SVM_PORT7=y", "# CONFIG_SVM_PORT7 is not set", "CONFIG_SVM_PORT7_MAX_CELLS=2"],
    ],
)
def test_disabled_port_slot_symbols_are_not_applied(tmp_path, lines):
    frag = fragment(tmp_path, extra=lines)
    step, r = refused(tmp_path, frag)
    assert step == "config"
    symbol = re.match(r"CONFIG_(SVM_PORT(\d)_\w+)", lines[-1])
    assert_error(r, f"CONFIG_{symbol.group(1)}", "not applicable", f"SVM_PORT{symbol.group(2)}")


@pytest.mark.parametrize("extra", [["CONFIG_SVM_PORT1_DEPTH=65"], ["CONFIG_SVM_PORT1_MAX_CELLS=4097"]])
def test_port_value_outside_its_range(tmp_path, extra):
    step, r = refused(tmp_path, ports_fragment(tmp_path, extra=extra))
    assert step == "config"
    assert_error(r, extra[0].split("=")[0], "outside its range")


def test_io_group_per_defconfig(tmp_path):
    posix, _, _ = build_product(POSIX, tmp_path / "p")
    minimal, _, _ = build_product(MINIMAL, tmp_path / "m")
    assert "CONFIG_SVM_GROUP_IO=y" in open(posix, encoding="utf-8").read()
    assert "# CONFIG_SVM_GROUP_IO is not set" in open(minimal, encoding="utf-8").read()


def test_a_changed_defconfig_keeps_the_old_config_and_says_so(tmp_path):
    # CMake starts .config again from a defconfig that changed since; the
    # .config it replaces (menuconfig edits) is kept as .config.old, with a
    # warning, and a note ./svm shows when it hides the build's output.
    defconfig = tmp_path / "defconfig"
    defconfig.write_text(open(MINIMAL, encoding="utf-8").read(), encoding="utf-8")
    build = tmp_path / "b"

    def configure():
        return subprocess.run(["cmake", "-S", ROOT, "-B", str(build), f"-DSVM_CONFIG={defconfig}",
                               "-DBUILD_TESTING=OFF"], capture_output=True, text=True)

    r = configure()
    assert r.returncode == 0, r.stderr
    assert not (build / ".config.old").exists() and not (build / "svm-config-warnings.txt").exists()
    dot = build / ".config"
    edited = dot.read_text(encoding="utf-8").replace("CONFIG_SVM_CONTAINER0_HEAP_CELLS=1024",
                                                     "CONFIG_SVM_CONTAINER0_HEAP_CELLS=2000")
    assert edited != dot.read_text(encoding="utf-8")
    dot.write_text(edited, encoding="utf-8")  # as menuconfig would
    r = configure()  # the defconfig unchanged: the edit stays
    assert r.returncode == 0 and "HEAP_CELLS=2000" in dot.read_text(encoding="utf-8"), r.stderr
    defconfig.write_text(defconfig.read_text(encoding="utf-8") + "# changed\n", encoding="utf-8")
    r = configure()
    assert r.returncode == 0, r.stderr
    assert "HEAP_CELLS=1024" in dot.read_text(encoding="utf-8")
    assert "HEAP_CELLS=2000" in (build / ".config.old").read_text(encoding="utf-8")
    assert "starts again from it" in r.stderr and ".config.old" in r.stderr
    note = (build / "svm-config-warnings.txt").read_text(encoding="utf-8")
    assert str(defconfig) in note and ".config.old" in note


def test_svm_build_recovers_from_a_failed_configure_and_keeps_a_product_a_bad_config_would_replace(tmp_path):
    """From a newcomer's walk: a build directory whose first configure
    failed (a .cam with a type error) builds once the program is fixed,
    without --config; a refused --config leaves the product it would have
    replaced, and no stale note of it; a container program's compiler
    warnings are shown after a build that hides its output."""
    svm = os.path.join(ROOT, "svm")
    prog = tmp_path / "prog.cam"
    prog.write_text("not 1 = 0\nnot 0 = 1\nmain = not 1 + True\n", encoding="utf-8")
    good = tmp_path / "d_good"
    good.write_text("CONFIG_SVM_GROUP_INT=y\nCONFIG_SVM_GROUP_CONSOLE=y\nCONFIG_SVM_TARGET_POSIX=y\n"
                    'CONFIG_SVM_CONTAINER0_NAME="main"\nCONFIG_SVM_CONTAINER0_HEAP_CELLS=1024\n'
                    f'CONFIG_SVM_CONTAINER0_STACK_DEPTH=256\nCONFIG_SVM_CONTAINER0_PROGRAM="{prog}"\n',
                    encoding="utf-8")
    typo = tmp_path / "d_typo"
    typo.write_text(good.read_text(encoding="utf-8").replace("HEAP_CELLS", "HEAP_CELS"), encoding="utf-8")
    build = tmp_path / "b"

    def svm_build(*args):
        return subprocess.run([svm, "build", "--build-dir", str(build), *args], capture_output=True, text=True,
                              timeout=600)

    r = svm_build("--config", str(good))
    assert r.returncode != 0 and f"{prog}:3:16: error" in r.stderr, r.stderr
    prog.write_text("not 1 = 0\nnot 0 = 1\nmain = not 1 + 5\n", encoding="utf-8")
    r = svm_build()  # configured before, but not built: configured again, with its configuration
    assert r.returncode == 0, r.stderr
    assert f"{prog}:1:1: warning: the equations of `not` do not cover every value" in r.stderr, r.stderr
    r = svm_build("--config", str(typo))
    assert r.returncode != 0 and "SVM_CONTAINER0_HEAP_CELS" in r.stderr, r.stderr
    assert f"{build} keeps the product it had" in r.stderr, r.stderr
    r = svm_build()
    assert r.returncode == 0 and str(typo) not in r.stderr, r.stderr
    assert f"(started from {good})" in r.stdout, r.stdout
    run = subprocess.run([svm, "run", "--build-dir", str(build), "--clock", "virtual", "--duration", "10"],
                         capture_output=True, text=True, timeout=120)
    assert run.stdout == "5\n", run.stderr
