"""Devices: ownership in the generator (one owner by construction, a
switched-off owner refused naming the symbol, no owner = not compiled in),
bind refused for another container's device, and the host's simulated board
driven by an event script on the virtual clock (LED trace, button edges
preempting a computing container, UART bytes, sensor readings, a full input
queue, script errors).

Products are built as in test_products.py (its helpers)."""

import json
import os
import shutil
import subprocess
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from test_generator import assert_error, config, fragment, generate, refused  # noqa: E402
from test_products import PRODUCTS, REPO, build, product, run  # noqa: E402

BLINKY = os.path.join(REPO, "build_examples", "blinky")

# What the blinky product prints under its button script in 1 s: LED1
# toggles every 250 ms (blink), LED0 follows BUTTON0 (panel). The same
# lines on every target (tests of the Cortex-M firmware compare them).
BLINKY_TRACE = """\
LED1 0 at 0 ms
LED0 1 at 100 ms
LED1 1 at 250 ms
LED0 0 at 300 ms
LED1 0 at 500 ms
LED0 1 at 620 ms
LED0 0 at 640 ms
LED0 1 at 640 ms
LED1 1 at 750 ms
LED0 0 at 900 ms
"""


def blinky():
    directory = os.path.join(PRODUCTS, "blinky")
    os.makedirs(directory, exist_ok=True)
    defconfig = os.path.join(directory, "defconfig")
    shutil.copyfile(os.path.join(BLINKY, "defconfig"), defconfig)
    return build(defconfig)


def events(name, text):
    path = os.path.join(PRODUCTS, f"{name}.events")
    os.makedirs(PRODUCTS, exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


# ------------------------------------------------------------- the board


def test_blinky_prints_its_led_trace_under_the_button_script():
    exe = blinky()
    data = run(exe, 1000, "--events", os.path.join(BLINKY, "buttons.events"))
    assert data["stdout"] == BLINKY_TRACE
    devices = {d["name"]: d for d in data["devices"]}
    assert set(devices) == {"LED0", "LED1", "BUTTON0"}
    assert devices["LED0"]["owner"] == "panel" and devices["BUTTON0"]["owner"] == "panel"
    assert devices["LED1"]["owner"] == "blink"
    assert devices["LED0"]["writes"] == 6 and devices["BUTTON0"]["dropped"] == 0
    assert all(c["faults"] == 0 and c["state"] == "running" for c in data["containers"])
    again = run(exe, 1000, "--events", os.path.join(BLINKY, "buttons.events"))
    assert again["stdout"] == data["stdout"]
    assert [c["instructions"] for c in again["containers"]] == [c["instructions"] for c in data["containers"]]


def test_without_inputs_a_waiting_button_owner_is_no_deadlock():
    data = run(blinky(), 600)
    assert data["stdout"] == "LED1 0 at 0 ms\nLED1 1 at 250 ms\nLED1 0 at 500 ms\n"
    assert data["by_name"]["panel"]["state"] == "running" and data["by_name"]["panel"]["faults"] == 0


def test_a_press_preempts_the_computing_low_container():
    """blink computes from 250 ms for about 2 ms; a press at 250.5 ms is
    on LED0 within the latency bound, not after blink's work."""
    exe = blinky()
    trace = os.path.join(PRODUCTS, "press.trace.json")
    data = run(exe, 300, "--events", events("press", "250500 BUTTON0 press\n"), "--trace", trace)
    assert "LED0 1 at 250 ms" in data["stdout"]
    with open(trace, encoding="utf-8") as f:
        t = json.load(f)
    runs = [e for e in t["traceEvents"] if e.get("name") == "run" and e.get("ts", 0) >= 250500]
    names = {e["args"]["name"].split(" ")[0]: e["tid"] for e in t["traceEvents"] if e.get("name") == "thread_name"}
    first = runs[0]
    assert first["tid"] == names["panel"], runs[:3]
    bound_us = 257 * 50 / 1000  # the product's latency bound: a straight run of 256 + 1, at 50 ns
    assert first["ts"] - 250500 <= bound_us, first
    # blink was computing when it was preempted, and goes on after.
    assert any(e["tid"] == names["blink"] and e["ts"] < 250500 < e["ts"] + e["dur"] + 0.001
               for e in t["traceEvents"] if e.get("name") == "run"), "blink was not running at the press"
    assert runs[1]["tid"] == names["blink"]


UART_SENSOR = """
; echoes each byte the UART receives, then prints the sensor's reading
main:
    channel
    push
    push
    loadi @UART0
    bind                ; S: uart
    channel
    push
    push
    loadi @SENSOR0
    bind                ; S: uart, sensor
loop:
    peek 1
    recvevt
    sync                ; env = a byte
    push                ; S: uart, sensor, byte
    peek 2
    push                ; S: uart, sensor, byte, uart
    peek 1
    sendevt
    sync                ; the byte goes out
    peek 1
    recvevt
    sync                ; env = the latest reading
    print
    pop
    goto loop
"""

IO_GROUPS = "CONFIG_SVM_GROUP_IO=y\n"


def test_uart_bytes_and_sensor_readings_from_the_script():
    exe = build(product("uart", [("io", 5, UART_SENSOR, {})],
                        IO_GROUPS + "CONFIG_SVM_DEVICE_UART0_OWNER_0=y\nCONFIG_SVM_DEVICE_SENSOR0_OWNER_0=y\n"))
    script = events("uart", '1000 SENSOR0 512\n2000 UART0 "ab" # two bytes\n5000 SENSOR0 -7\n6000 UART0 99\n')
    data = run(exe, 10, "--events", script)
    assert data["stdout"] == "a512\nb512\nc-7\n"
    devices = {d["name"]: d for d in data["devices"]}
    assert devices["UART0"]["writes"] == 3 and devices["SENSOR0"]["level"] == -7


BUTTON_SLOW = """
; takes one button edge every 10 ms and prints it
main:
    channel
    push
    push
    loadi @BUTTON1
    bind
again:
    loadi 10000
    sleep
    peek 0
    recvevt
    sync
    print
    goto again
"""


def test_a_full_input_queue_drops_and_counts():
    exe = build(product("queue", [("slow", 1, BUTTON_SLOW, {})],
                        IO_GROUPS + "CONFIG_SVM_DEVICE_BUTTON1_OWNER_0=y\nCONFIG_SVM_DEVICE_QUEUE_DEPTH=4\n"))
    script = events("queue", "".join(f"1000 BUTTON1 {'press' if k % 2 == 0 else 'release'}\n" for k in range(7)))
    data = run(exe, 100, "--events", script)
    assert data["stdout"] == "1\n0\n1\n0\n"
    (button,) = data["devices"]
    assert button["dropped"] == 3 and button["queued"] == 0


TIMEOUTS = """-- waits 50 ms at most for each button edge: -1 when none came
wait : Channel Int -> Int -> ()
wait b n =
  if n == 0 then () else
    let r = sync (choose (recv b) (wrap (after 50000) (\\u -> 0 - 1))) in
    let p = print r in
    wait b (n - 1)

main = wait (device BUTTON0) 4
"""


def test_a_button_with_a_timeout_in_the_source_language():
    exe = build(product("timeouts", [("waiter", 3, TIMEOUTS, {})], IO_GROUPS + "CONFIG_SVM_DEVICE_BUTTON0_OWNER_0=y\n"))
    data = run(exe, 300, "--events", events("timeouts", "120000 BUTTON0 press\n"))
    assert data["stdout"] == "-1\n-1\n1\n-1\n"
    assert data["by_name"]["waiter"]["state"] == "done"


BAD_UART = """
main:
    channel
    push
    push
    loadi @UART0
    bind                ; S: uart
    loadi 300
    sendevt
    sync
    stop
"""


def test_a_uart_byte_out_of_range_is_a_fault():
    exe = build(product("badbyte", [("io", 5, BAD_UART, {})], IO_GROUPS + "CONFIG_SVM_DEVICE_UART0_OWNER_0=y\n"))
    data = run(exe, 10, expect_status=1)
    assert "a UART byte must be 0..255" in data["stderr"]


@pytest.mark.parametrize("script,words", [
    ("100 BUTTON0 press\nsoon BUTTON0 press\n", ["bad.events:2: error: 'soon' is not a time"]),
    ("100 LED0 press\n", ["bad.events:1: error: LED0 is an output"]),
    ("100 BUTTON7 press\n", ["bad.events:1: error: no device 'BUTTON7' on the board"]),
    ("100 BUTTON1 press\n", ["bad.events:1: error: BUTTON1 is not in this product"]),
    ("100 BUTTON0 push\n", ["bad.events:1: error: a button is pressed or released, not 'push'"]),
    ("500 BUTTON0 press\n100 BUTTON0 release\n", ["bad.events:2: error: time 100 us goes back"]),
    ("100 BUTTON0\n", ["bad.events:1: error: no action for BUTTON0"]),
    ("100 BUTTON0 press twice\n", ["bad.events:1: error: 'twice' after the action"]),
])
def test_script_errors_name_the_file_and_line(script, words):
    exe = blinky()
    path = os.path.join(PRODUCTS, "bad.events")
    with open(path, "w", encoding="utf-8") as f:
        f.write(script)
    r = subprocess.run([exe, "--clock", "virtual", "--duration", "10", "--events", path], capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == 3, r.stderr
    for w in words:
        assert os.path.basename(path) in r.stderr and w.split(": error: ")[1] in r.stderr, r.stderr
        assert r.stderr.startswith(path + ":" + w.split(":")[1]), r.stderr
    assert r.stdout == ""


# -------------------------------------------------------- the generator

DEVICE_FRAGMENT = {"CONFIG_SVM_GROUP_IO": "CONFIG_SVM_GROUP_IO=y"}


def test_an_owner_slot_that_is_off_is_refused_naming_the_symbol(tmp_path):
    frag = fragment(tmp_path, dict(DEVICE_FRAGMENT), extra=["CONFIG_SVM_DEVICE_LED2_OWNER_3=y"])
    step, r = refused(tmp_path, frag)
    assert step == "generate"
    assert_error(r, "CONFIG_SVM_DEVICE_LED2_OWNER_3", "container slot 3", "CONFIG_SVM_CONTAINER3 is not set")


def test_a_device_needs_the_io_group(tmp_path):
    frag = fragment(tmp_path, {"CONFIG_SVM_GROUP_IO": "# CONFIG_SVM_GROUP_IO is not set"},
                    extra=["CONFIG_SVM_DEVICE_BUTTON0_OWNER_0=y"])
    step, r = refused(tmp_path, frag)
    assert_error(r, "CONFIG_SVM_DEVICE_BUTTON0_OWNER_0", "CONFIG_SVM_GROUP_IO is not set")


def test_two_owners_are_impossible(tmp_path):
    """The owner is a choice: a fragment that names two leaves one, and the
    generator's check of assignments refuses the one not applied."""
    frag = fragment(tmp_path, dict(DEVICE_FRAGMENT),
                    extra=["CONFIG_SVM_CONTAINER1=y", 'CONFIG_SVM_CONTAINER1_PROGRAM="build_examples/hello.s"',
                           "CONFIG_SVM_DEVICE_LED0_OWNER_0=y", "CONFIG_SVM_DEVICE_LED0_OWNER_1=y"])
    dotconfig = tmp_path / "build" / ".config"
    r = config([frag], dotconfig)
    if r.returncode == 0:
        text = dotconfig.read_text()
        owners = [line for line in text.splitlines() if line.startswith("CONFIG_SVM_DEVICE_LED0_OWNER_")
                  and line.endswith("=y")]
        assert len(owners) == 1, owners
    else:
        assert "CONFIG_SVM_DEVICE_LED0_OWNER_" in r.stderr, r.stderr


def test_devices_without_owner_are_not_compiled_in_and_owned_ones_come_first(tmp_path):
    frag = fragment(tmp_path, dict(DEVICE_FRAGMENT),
                    extra=["CONFIG_SVM_CONTAINER1=y", 'CONFIG_SVM_CONTAINER1_NAME="other"',
                           'CONFIG_SVM_CONTAINER1_PROGRAM="build_examples/hello.s"',
                           "CONFIG_SVM_PORT0=y", 'CONFIG_SVM_PORT0_NAME="TEMP"', 'CONFIG_SVM_PORT0_FROM="other"',
                           'CONFIG_SVM_PORT0_TO="main"',
                           "CONFIG_SVM_DEVICE_SENSOR0_OWNER_0=y", "CONFIG_SVM_DEVICE_LED3_OWNER_0=y",
                           "CONFIG_SVM_DEVICE_UART0_OWNER_1=y"])
    dotconfig = tmp_path / "build" / ".config"
    out = tmp_path / "build" / "generated"
    assert config([frag], dotconfig).returncode == 0
    r = generate(dotconfig, out)
    assert r.returncode == 0, r.stderr
    main = [ln for ln in (out / "main.interface").read_text().splitlines() if not ln.startswith("#")]
    assert main == ["LED3 0 send led", "SENSOR0 1 recv sensor", "TEMP 2 recv queuing"]
    other = [ln for ln in (out / "other.interface").read_text().splitlines() if not ln.startswith("#")]
    assert other == ["UART0 0 both uart", "TEMP 1 send queuing"]
    c = (out / "svm_containers.c").read_text()
    for absent in ("LED0", "LED1", "LED2", "BUTTON0", "BUTTON1"):
        assert f'"{absent}"' not in c
    assert '{.name = "LED3", .queue = NULL, .kind = SVM_DEVICE_LED, .unit = 3u, .owner = 0u' in c
    assert "static int32_t UART0_queue[8];" in c


def test_a_program_binding_another_containers_device_is_refused(tmp_path):
    """blink's interface has LED1 only: @LED0 does not assemble for it, and
    an image that binds entry 1 (as panel's program would) is refused at load."""
    frag = os.path.join(tmp_path, "defconfig")
    prog = tmp_path / "steal.s"
    prog.write_text("main:\n    channel\n    push\n    push\n    loadi @LED0\n    bind\n    stop\n")
    with open(os.path.join(BLINKY, "defconfig"), encoding="utf-8") as f:
        text = f.read().replace("build_examples/blinky/blink.s", str(prog))
    with open(frag, "w", encoding="utf-8") as f:
        f.write(text)
    step, r = refused(tmp_path, frag)
    assert_error(r, "CONFIG_SVM_CONTAINER1_PROGRAM", "LED0")
    # The same program with the entry numbered, run in blink's container.
    exe = blinky()
    image = tmp_path / "steal.svmb"
    prog.write_text("main:\n    channel\n    push\n    push\n    loadi 1\n    bind\n    stop\n")
    asm = subprocess.run([sys.executable, os.path.join(REPO, "toolchain", "assembler.py"), str(prog), "-o", str(image)],
                         capture_output=True, text=True)
    assert asm.returncode == 0, asm.stderr
    # svm-run loads a program file into the first container (panel: 2
    # entries), so check the load-time rule on a product whose first
    # container is blink-like: one entry.
    exe = build(product("steal", [("blink", 2, "main:\n    stop\n", {})],
                        IO_GROUPS + "CONFIG_SVM_DEVICE_LED1_OWNER_0=y\n"))
    r = subprocess.run([exe, "--clock", "virtual", str(image)], capture_output=True, text=True, timeout=60)
    assert r.returncode == 2, r.stderr
    assert "image rejected" in r.stderr and "IO entry 1" in r.stderr, r.stderr
