"""The Cortex-M firmware in QEMU (mps2-an385, -icount: deterministic).

$SVM_BUILD_DIR is a build of configs/mps2_an385_defconfig (its ctest sets
it); the other products are built here, under $SVM_BUILD_DIR/qemu-products,
from that defconfig with a few symbols changed.  Every run goes through
`./svm run --build-dir`, as a user runs it.  Standard library and pytest.
"""

import os
import subprocess

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SVM = os.path.join(REPO, "svm")
BUILD = os.environ.get("SVM_BUILD_DIR") or os.path.join(REPO, "build-mps2")
PRODUCTS = os.path.join(BUILD, "qemu-products")
BASE = os.path.join(REPO, "configs", "mps2_an385_defconfig")

HELLO = "12\n#1((1, #1((2, #1((3, #0(())))))))\n6\n81\n"


def run(build_dir, *args):
    return subprocess.run([SVM, "run", "--build-dir", build_dir, *args], capture_output=True, text=True,
                          timeout=300)


def product(name, lines, programs=None):
    """A product: the base defconfig with `lines` after it (later wins),
    programs written next to it; built with ./svm build."""
    d = os.path.join(PRODUCTS, name)
    os.makedirs(d, exist_ok=True)
    for file, text in (programs or {}).items():
        with open(os.path.join(d, file), "w") as f:
            f.write(text)
    with open(BASE) as f:
        config = f.read()
    config += "\n".join(line.replace("@DIR@", d) for line in lines) + "\n"
    path = os.path.join(d, "defconfig")
    with open(path, "w") as f:
        f.write(config)
    b = subprocess.run([SVM, "build", "--config", path, "--build-dir", os.path.join(d, "build")],
                       capture_output=True, text=True, timeout=600)
    assert b.returncode == 0, b.stdout + b.stderr
    return os.path.join(d, "build")


def test_hello_prints_and_exits_0():
    r = run(BUILD)
    assert r.returncode == 0, r.stderr
    assert r.stdout == HELLO
    lines = r.stderr.splitlines()
    assert lines[0].split() == ["svm:", "container", "crit", "state", "instructions", "faults", "restarts",
                                "hb-miss", "budget", "deadline", "max", "latency", "us", "heap", "high",
                                "collections"]
    assert lines[1].split()[:4] == ["svm:", "main", "0", "done"]


def test_runs_are_identical():
    a, b = run(BUILD), run(BUILD)
    assert (a.returncode, a.stdout, a.stderr) == (b.returncode, b.stdout, b.stderr)


def test_a_program_is_not_taken_by_a_firmware_build():
    r = run(BUILD, os.path.join(REPO, "build_examples", "hello.s"))
    assert r.returncode == 3
    assert "Cortex-M build" in r.stderr and "CONFIG_SVM_CONTAINERn_PROGRAM" in r.stderr


FAULTY = """
main:
    loadi 7
    push
    loadi 2
    div
    print
    loadi 7
    push
    loadi 0
    div
    print
    stop
"""


def test_a_fault_stops_the_container_status_1():
    d = product("fault", ['CONFIG_SVM_CONTAINER0_PROGRAM="@DIR@/faulty.s"'], {"faulty.s": FAULTY})
    r = run(d)
    assert r.returncode == 1, r.stderr
    assert r.stdout == "3\n"
    assert "container 'main': fault at pc 24: division by zero; stopped" in r.stderr
    assert r.stderr.startswith("svm: [0.")
    assert " main            0 stopped " in r.stderr


def test_a_fault_in_a_compiled_program_shows_its_source_line():
    # as svm-run does on the host, from the source map the generator wrote
    d = product("fault-cam", ['CONFIG_SVM_CONTAINER0_PROGRAM="@DIR@/boom.cam"'],
                {"boom.cam": "f x = 10 / x\nmain = f 0\n"})
    r = run(d)
    assert r.returncode == 1, r.stderr
    src = os.path.join(PRODUCTS, "fault-cam", "boom.cam")
    lines = r.stderr.splitlines()
    at = next(i for i, line in enumerate(lines) if "container 'main': fault at pc" in line and "division by zero" in line)
    pc = lines[at].split("fault at pc ")[1].split(":")[0]
    assert lines[at + 1] == f"{src}:1:10: the fault's pc {pc} was compiled from here", r.stderr
    assert lines[at + 2:at + 5] == ["   |", " 1 | f x = 10 / x", "   |          ^"], r.stderr


def test_an_escalating_policy_status_4():
    d = product("escalate", ['CONFIG_SVM_CONTAINER0_PROGRAM="@DIR@/faulty.s"',
                             "CONFIG_SVM_CONTAINER0_FAULT_POLICY_ESCALATE=y"], {"faulty.s": FAULTY})
    r = run(d)
    assert r.returncode == 4, r.stderr
    assert "division by zero; escalated: the VM resets" in r.stderr
    assert "the VM resets: a container's fault policy escalated" in r.stderr


def test_mixed_criticality_on_the_board():
    """The demo's three containers for 1 s of the board's clock: control
    prints #7(100) at 1 s, flaky is restarted 3 times in its first second
    and then stopped... as on the host with the real clock."""
    with open(os.path.join(REPO, "build_examples", "mixed_criticality", "defconfig")) as f:
        demo = [line for line in f.read().splitlines() if line and not line.startswith("#")
                and "TARGET" not in line and "RAM_BUDGET" not in line]
    d = product("mixed", demo + ["CONFIG_SVM_RAM_BUDGET=4194304", "CONFIG_SVM_RUN_DURATION_MS=1000"])
    r = run(d)
    out = r.stdout.splitlines()
    assert "#3(1)" in out and "#1(1)" not in r.stderr
    assert "container 'flaky': fault at pc" in r.stderr and "restart 1 of 3" in r.stderr
    rows = {line.split()[1]: line.split() for line in r.stderr.splitlines() if line.startswith("svm: ") and
            len(line.split()) == 13}
    assert rows["control"][3] == "running" and rows["control"][5] == "0"
    assert rows["compute"][3] == "running" and int(rows["compute"][12]) > 0  # it collected
    assert r.returncode in (0, 1)


def build_from(name, defconfig):
    d = os.path.join(PRODUCTS, name)
    b = subprocess.run([SVM, "build", "--config", defconfig, "--build-dir", d], capture_output=True, text=True,
                       timeout=600)
    assert b.returncode == 0, b.stdout + b.stderr
    return d


def test_blinky_led_trace_is_the_hosts():
    """build_examples/blinky on the host (virtual clock) and on the board
    (QEMU), under the same button script: the same LED trace, line for line."""
    blinky = os.path.join(REPO, "build_examples", "blinky")
    events = os.path.join(blinky, "buttons.events")
    host = build_from("blinky-host", os.path.join(blinky, "defconfig"))
    board = build_from("blinky-mps2", os.path.join(blinky, "mps2_an385_defconfig"))
    h = run(host, "--clock", "virtual", "--duration", "1000", "--events", events)
    q = run(board, "--events", events)
    assert h.returncode == 0 and q.returncode == 0, h.stderr + q.stderr
    assert "LED0 1 at 100 ms\n" in q.stdout and "LED1 1 at 250 ms\n" in q.stdout
    assert q.stdout == h.stdout


def test_a_wrong_event_script_is_refused_naming_the_line(tmp_path):
    board = build_from("blinky-mps2", os.path.join(REPO, "build_examples", "blinky", "mps2_an385_defconfig"))
    script = tmp_path / "bad.events"
    script.write_text("100000 BUTTON0 press\n200000 BUTTON7 press\n")
    r = run(board, "--events", str(script))
    assert r.returncode == 3
    # named as on the host: the file and its line (toolchain/qemu_output.py)
    assert f"{script}:2: error: no device 'BUTTON7'" in r.stderr, r.stderr
