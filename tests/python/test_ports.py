"""Ports between containers, on the virtual clock: queuing overflow and
drop counts, sampling freshness, messages at and over the size limit,
hostile messages, a low-criticality flooder against a high-criticality
periodic receiver, and bind refused for an entry the container lacks.

Products are built as in test_products.py (its helpers), with port slots
added to their defconfigs."""

import os
import subprocess
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from test_products import REPO, SPIN, assembler, build, product, run  # noqa: E402


def port(slot, name, src, dst, kind="QUEUING", depth=4, max_cells=8):
    p = f"CONFIG_SVM_PORT{slot}"
    return "\n".join(
        [
            "CONFIG_SVM_GROUP_IO=y",
            f"{p}=y",
            f'{p}_NAME="{name}"',
            f'{p}_FROM="{src}"',
            f'{p}_TO="{dst}"',
            f"{p}_KIND_{kind}=y",
            f"{p}_DEPTH={depth}",
            f"{p}_MAX_CELLS={max_cells}",
        ]
    ) + "\n"


# Binds a channel to @NAME (S: ch), then sends 1..COUNT on it at once.
SENDER = """
main:
    channel
    push
    push
    loadi @NAME
    bind                ; S: ch
    loadi 1
loop:
    push                ; S: ch, n
    peek 1
    push
    peek 1
    sendevt
    sync
    pop
    inc
    jlei COUNT loop
    stop
"""

# Sleeps 5 ms, then receives and prints until 100 us pass without a message.
RECEIVER = """
main:
    channel
    push
    push
    loadi @NAME
    bind                ; S: ch
    loadi 5000
    sleep
again:
    peek 0
    recvevt
    push
    loadi 100
    afterevt
    push
    comb minus1
    wrap
    choose
    sync
    jeqi -1 done
    print
    goto again
done:
    stop
minus1:
    loadi -1
    return
"""


def sender(name="FLOOD", count=10):
    return SENDER.replace("@NAME", "@" + name).replace("COUNT", str(count))


def test_queuing_port_drops_when_full_and_counts():
    exe = build(
        product(
            "port_queue",
            [("tx", 0, sender(), {}), ("rx", 1, RECEIVER.replace("@NAME", "@FLOOD"), {})],
            extra=port(0, "FLOOD", "tx", "rx", depth=4),
        )
    )
    data = run(exe, 100)
    assert data["stdout"].splitlines() == ["1", "2", "3", "4"]  # the first four; six dropped
    ports = {p["name"]: p for p in data["ports"]}
    assert ports["FLOOD"] == {
        "name": "FLOOD", "from": "tx", "to": "rx", "kind": "queuing", "sent": 4, "delivered": 4, "dropped": 6
    }
    assert data["by_name"]["tx"]["port_drops"] == 6
    assert data["by_name"]["tx"]["state"] == data["by_name"]["rx"]["state"] == "done"


SAMPLER = """
; reads the sampling port at 3.5 ms and again at once: the same value, an
; older age; then at 6.5 ms: a newer value
main:
    channel
    push
    push
    loadi @TEMP
    bind
    loadi 3500
    sleep
    peek 0
    recvevt
    sync
    print           ; (value, age)
    peek 0
    recvevt
    sync
    print
    loadi 3000
    sleep
    peek 0
    recvevt
    sync
    print
    stop
"""

# Writes 1, 2, 3, ... every millisecond.
WRITER = """
main:
    channel
    push
    push
    loadi @TEMP
    bind
    loadi 1
loop:
    push
    peek 1
    push
    peek 1
    sendevt
    sync
    loadi 1000
    sleep
    pop
    inc
    jlei 8 loop
    stop
"""


def test_sampling_port_latest_value_and_age(tmp_path):
    exe = build(
        product(
            "port_sampling",
            [("writer", 0, WRITER, {}), ("reader", 1, SAMPLER, {})],
            extra=port(0, "TEMP", "writer", "reader", kind="SAMPLING"),
        )
    )
    r = __import__("subprocess").run([exe, "--clock", "virtual", "--duration", "20"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    # Written at about 0, 1, 2, 3 ms: at 3.5 ms the latest is 4, about
    # 500 us old; read again at once: the same value, a little older; at
    # 6.5 ms the latest is 7.
    v1, age1 = eval(lines[0])
    v2, age2 = eval(lines[1])
    v3, age3 = eval(lines[2])
    assert (v1, v2) == (4, 4) and 400 <= age1 <= age2 < 1000
    assert v3 == 7 and age3 < 1000


@pytest.mark.parametrize("cells,faults", [(3, False), (4, True)])
def test_message_size_limit(cells, faults):
    # A list of `cells` cells on a port of MAX_CELLS 3.
    build_list = "    clear\n" + "    push\n    loadi 7\n    cons\n" * cells
    prog = f"""
main:
    channel
    push
    push
    loadi @BIG
    bind            ; S: ch
{build_list}
    sendevt         ; env = send(ch, list)
    sync
    stop
"""
    rx = "main:\n    channel\n    push\n    push\n    loadi @BIG\n    bind\n    pop\n    recvevt\n    sync\n    print\n    stop\n"
    exe = build(
        product(f"port_size_{cells}", [("tx", 0, prog, {}), ("rx", 1, rx, {})], extra=port(0, "BIG", "tx", "rx",
                                                                                           max_cells=3))
    )
    data = run(exe, 100, expect_status=1 if faults else 0)
    if faults:
        assert "container 'tx': fault at pc" in data["stderr"]
        assert "message too large for its port; stopped" in data["stderr"]
        assert data["ports"][0]["sent"] == 0
        # The receiver waits on its port: another container may send, so
        # that is no deadlock; it is still waiting when the run ends.
        assert data["by_name"]["rx"]["state"] == "running"
    else:
        assert data["stdout"] == "((((), 7), 7), 7)\n"  # the copy, whole, in the receiver's heap
        assert data["ports"][0]["delivered"] == 1
        assert data["by_name"]["tx"]["state"] == "done"


# A list of N cells built in env (then S: ch, as it was).
def _list_of(n):
    return f"""    clear
    push
    loadi {n}
build:
    swap
    push
    peek 1
    swap
    cons
    swap
    addi -1
    jgti 0 build
    pop
"""


def test_a_message_larger_than_the_receivers_free_heap_faults_the_receiver_not_for_ever():
    # The receiver keeps 40 of its 64 cells alive and receives a 30-cell
    # list (the port allows 64): after a collection 24 cells are free, so
    # the receive can never be made.  It is `heap exhausted` (the receiver
    # restarts, the message is still there, its restart limit stops it);
    # it collected for ever, starving every container below it.
    tx = "main:\n    channel\n    push\n    push\n    loadi @P\n    bind\n" + _list_of(30) + \
        "    sendevt\n    sync\n    stop\n"
    rx = "main:\n" + _list_of(40) + "    push\n    channel\n    push\n    push\n    loadi @P\n    bind\n" \
        "    pop\n    recvevt\n    sync\n    print\n    stop\n"
    exe = build(product("port_heap_exhausted",
                        [("rx", 6, rx, {"HEAP_CELLS": 64, "FAULT_POLICY_RESTART": "y", "RESTART_LIMIT": 2}),
                         ("tx", 2, tx, {}), ("spin", 1, SPIN, {})],
                        extra=port(0, "P", "tx", "rx", max_cells=64)))
    data = run(exe, 100, expect_status=1)
    rx_, spin = data["by_name"]["rx"], data["by_name"]["spin"]
    assert (rx_["state"], rx_["faults"], rx_["restarts"]) == ("stopped", 3, 2), rx_
    assert rx_["collections"] <= 3, rx_
    assert "container 'rx': fault at pc" in data["stderr"] and "heap exhausted; restart 1 of 2" in data["stderr"]
    # the container below it had the rest of the processor
    assert spin["instructions"] * 50 >= 0.9 * data["duration_us"] * 1000, spin
    # and the product's latency bound counts a message's copy
    with open(os.path.join(os.path.dirname(exe), "latency_bound.txt"), encoding="utf-8") as f:
        bound = f.read()
    assert "  a port message of CONFIG_SVM_PORT0_MAX_CELLS = 64 cells copied (64 cells): 1 instructions of virtual " \
           "time, ~4,224 machine instructions\n" in bound, bound


def test_a_port_whose_messages_cannot_fit_in_the_receivers_heap_is_refused(tmp_path):
    r = subprocess.run(["cmake", "-S", REPO, "-B", str(tmp_path / "b"), "-DBUILD_TESTING=OFF",
                        "-DSVM_CONFIG=" + product("port_too_big", [("rx", 6, "main:\n    stop\n", {"HEAP_CELLS": 16}),
                                                                   ("tx", 1, "main:\n    stop\n", {})],
                                                  extra=port(0, "P", "tx", "rx", max_cells=64))],
                       capture_output=True, text=True)
    assert r.returncode != 0
    assert "CONFIG_SVM_PORT0_MAX_CELLS: a message of port 'P' may take 64 cells in the heap of its receiver 'rx', " \
           "which has 16 (CONFIG_SVM_CONTAINER0_HEAP_CELLS)" in r.stderr, r.stderr


def test_a_refused_sample_leaves_the_last_value():
    # A sampling port of MAX_CELLS 1: a one-cell value is sent, then one of
    # two cells, which faults the sender.  The port's one message is
    # overwritten in place, so the refused copy must not have started: the
    # receiver, reading at 5 ms, still gets the first value (it used to
    # find the port empty and wait).
    tx = """
main:
    channel
    push
    push
    loadi @S
    bind            ; S: ch
    peek 0
    push            ; S: ch, ch
    clear
    push
    loadi 7
    cons            ; ((), 7): one cell
    sendevt
    sync
    loadi 1000
    sleep
    clear
    push
    loadi 8
    cons
    push
    loadi 9
    cons            ; two cells: too large
    sendevt
    sync
    stop
"""
    rx = """
main:
    channel
    push
    push
    loadi @S
    bind
    loadi 5000
    sleep
    peek 0
    recvevt
    sync
    fst
    print           ; the value (its age varies with the sender's pace)
    stop
"""
    exe = build(product("port_sample_refused", [("tx", 0, tx, {}), ("rx", 6, rx, {})],
                        extra=port(0, "S", "tx", "rx", kind="SAMPLING", max_cells=1)))
    data = run(exe, 100, expect_status=1)
    assert "message too large for its port; stopped" in data["stderr"]
    assert data["stdout"] == "((), 7)\n"
    assert data["ports"][0]["sent"] == 1 and data["by_name"]["rx"]["state"] == "done"


@pytest.mark.parametrize("value", ["comb main", "channel"])
def test_hostile_messages_fault_the_sender(value):
    prog = f"""
main:
    channel
    push
    push
    loadi @OUT
    bind
    {value}
    sendevt
    sync
    stop
"""
    rx = RECEIVER.replace("@NAME", "@OUT")
    exe = build(product(f"port_hostile_{value.split()[0]}", [("tx", 0, prog, {}), ("rx", 1, rx, {})],
                        extra=port(0, "OUT", "tx", "rx")))
    data = run(exe, 100, expect_status=1)
    assert "container 'tx': fault at pc" in data["stderr"]
    assert "a closure, channel or event cannot be sent; stopped" in data["stderr"]
    assert data["by_name"]["rx"]["state"] == "done"


# The high-criticality receiver: every 1 ms (synct, drift-free) it takes
# one message if there is one (a receive chosen with an immediate after).
HIGH_RECEIVER = """
main:
    channel
    push
    push
    loadi @FLOOD
    bind            ; S: ch
again:
    loadi 0
    push            ; deadline
    loadi 1000
    push            ; baseline
    peek 2
    recvevt
    push
    loadi 0
    afterevt
    choose
    synct
    goto again
"""

FLOODER = """
main:
    channel
    push
    push
    loadi @FLOOD
    bind
    loadi 0
loop:
    push
    peek 1
    push
    peek 1
    sendevt
    sync
    pop
    inc
    goto loop
"""


def test_flooder_cannot_disturb_a_higher_receiver():
    quiet = build(product("port_quiet", [("high", 7, HIGH_RECEIVER, {}), ("low", 0, "main:\n    loadi 1000000\n"
                                                                                "    sleep\n    goto main\n", {})],
                          extra=port(0, "FLOOD", "low", "high")))
    alone = run(quiet, 500)["by_name"]["high"]
    exe = build(product("port_flood", [("high", 7, HIGH_RECEIVER, {}), ("low", 0, FLOODER, {})],
                        extra=port(0, "FLOOD", "low", "high", depth=8, max_cells=4)))
    data = run(exe, 500)
    high, low, flood = data["by_name"]["high"], data["by_name"]["low"], data["ports"][0]
    # The receiver takes at most one message a period: 500 of the flood.
    assert 490 <= flood["delivered"] <= 501, flood
    assert flood["dropped"] > 100 * flood["delivered"], flood
    assert low["port_drops"] == flood["dropped"]
    # Its timing: no late period, a wait for the processor within one
    # straight run of the flooder's loop plus a slice end, and its work per
    # period only what it chose to receive.
    assert high["deadline_misses"] == 0
    assert high["max_latency_us"] <= 1.0, high
    assert high["faults"] == 0 and high["state"] == "running"
    assert abs(high["instructions"] - alone["instructions"]) <= 2 * 500, (high, alone)


def test_bind_of_an_entry_the_container_lacks(tmp_path):
    # A constant entry (the product's generator resolves names, so a number
    # must be written by hand): embedded in a product, the generator refuses
    # it at build time, naming the symbol, as the loader would at boot...
    prog = "main:\n    channel\n    push\n    loadi 3\n    bind\n    stop\n"
    defconfig = product("port_bind_const", [("a", 0, prog, {}), ("b", 0, "main:\n    stop\n", {})],
                        extra=port(0, "P", "a", "b"))
    r = subprocess.run(["cmake", "-S", REPO, "-B", os.path.join(os.path.dirname(defconfig), "build"),
                        f"-DSVM_CONFIG={defconfig}", "-DBUILD_TESTING=OFF"], capture_output=True, text=True)
    assert r.returncode != 0
    assert "CONFIG_SVM_CONTAINER0_PROGRAM" in r.stderr
    assert "bind at pc 7 names IO entry 3, which container 'a' does not have (it has 1" in r.stderr
    # ... and an image given at run time is refused by the loader.
    exe = build(product("port_bind_const_ok", [("a", 0, "main:\n    stop\n", {}), ("b", 0, "main:\n    stop\n", {})],
                        extra=port(0, "P", "a", "b")))
    image = tmp_path / "bind.svmb"
    image.write_bytes(assembler.assemble(prog, "bind.s"))
    r = subprocess.run([exe, "--clock", "virtual", str(image)], capture_output=True, text=True, timeout=60)
    assert r.returncode == 2, r.stderr
    assert "bind at pc 7 names IO entry 3, which container 'a' does not have (it has 1)" in r.stderr
