"""Concurrent-ML events in one container, in numbers on the virtual clock:
synct's drift-free periods, deadline misses, earliest-deadline-first
order, deadlock detection.  Programs run on the product build's svm-run
($SVM_RUN, posix_defconfig: every group) with --clock virtual --report."""

import json
import os
import re
import subprocess
import sys

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO, "toolchain"))

import assembler  # noqa: E402

SVM_RUN = os.environ.get("SVM_RUN") or os.path.join(REPO, "build", "svm-run")
NS = 50  # CONFIG_SVM_VIRTUAL_NS_PER_INSTRUCTION of posix_defconfig

pytestmark = pytest.mark.skipif(not os.path.exists(SVM_RUN), reason="needs a built svm-run (SVM_RUN)")


def run(tmp_path, source, *args, status=0):
    image = tmp_path / "p.svmb"
    image.write_bytes(assembler.assemble(source, "p.s"))
    report = tmp_path / "r.json"
    r = subprocess.run(
        [SVM_RUN, "--clock", "virtual", "--report", str(report), *args, str(image)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "ASAN_OPTIONS": "detect_leaks=0"},
    )
    assert r.returncode == status, r.stderr
    data = json.loads(report.read_text())
    return r.stdout.splitlines(), r.stderr, data, data["containers"][0]


# A periodic loop: every period does `work` rounds of two instructions,
# then waits for the next release; PERIODS periods of 1 ms.
def periodic(kind, work, periods=10000, deadline=0):
    wait = {
        "synct": f"""
    loadi {deadline}
    push
    loadi 1000
    push
    loadi 0
    afterevt
    synct""",
        "sleep": """
    loadi 1000
    sleep""",
    }[kind]
    return f"""
main:
    loadi 0
period:
    inc
    push
    loadi {work}
work:
    addi -1
    jgti 0 work
{wait}
    pop
    jlti {periods} period
    print
    stop
"""


def test_synct_does_not_drift_over_10000_periods(tmp_path):
    out, _, data, main = run(tmp_path, periodic("synct", 20))
    assert out == ["10000"]
    # The 10,000th release is at exactly 10,000 ms; then 5 instructions
    # (pop, jlti, print, stop and the release's own pop) end the run.
    assert data["duration_us"] == 10000 * 1000 + 5 * NS / 1000
    # The same loop with sleep drifts by its work every period.
    _, _, sdata, smain = run(tmp_path, periodic("sleep", 20))
    per_period_ns = (smain["instructions"] // 10000) * NS
    assert sdata["duration_us"] >= 10000 * (1000 + per_period_ns / 1000)


def test_deadline_misses_are_counted(tmp_path):
    # 1 ms periods, each commit due 10 us after its release.  120 us of
    # work a period: every commit is on time.  1.2 ms of work a period:
    # every synct comes after its release and deadline, all 50 are late.
    _, _, _, ok = run(tmp_path, periodic("synct", 1200, periods=50, deadline=10))
    assert ok["deadline_misses"] == 0
    _, _, _, late = run(tmp_path, periodic("synct", 12000, periods=50, deadline=10))
    assert late["deadline_misses"] == 50, late


STARVED = """
; main's synct (released now, deadline 1 ms) waits on a channel nobody
; sends on; a second context sleeps, so it is no deadlock: main is still
; waiting when the run ends at 10 ms, 9 ms past its deadline
main:
    cur sleeper
    spawn
    loadi 1000
    push                ; deadline operand: 1 ms
    loadi 0
    push                ; baseline: now
    channel
    recvevt
    synct
    stop
sleeper:
    loadi 100000
    sleep
    stop
"""


def test_a_deadline_that_passes_while_waiting_is_a_miss(tmp_path):
    # A control loop starved of input never commits: its miss is counted
    # all the same, once, and not before the deadline has passed.
    _, err, data, main = run(tmp_path, STARVED, "--duration", "10")
    assert main["deadline_misses"] == 1, main
    _, _, _, early = run(tmp_path, STARVED, "--duration", "1")
    assert early["deadline_misses"] == 0, early
    assert main["faults"] == 0 and main["state"] == "running"
    # The sleeper stops at 100 ms: main alone waits on its own channel, a
    # deadlock fault stops the container, and the miss stays counted.
    _, err, _, stopped = run(tmp_path, STARVED, "--duration", "200", status=1)
    assert "deadlock" in err and stopped["state"] == "stopped", err
    assert stopped["deadline_misses"] == 1, stopped


EDF = """
; three contexts are released at 1 ms while main keeps the container busy
; for 4 ms; when it stops, the ones with a deadline run first, earliest
; deadline first, then the one without
main:
    loadi 30
    cur ctx
    spawn
    loadi 0
    cur ctx
    spawn
    loadi 10
    cur ctx
    spawn
    yield               ; the three reach their synct and wait for 1 ms
    loadi 40000
busy:
    addi -1
    jgti 0 busy
    stop
ctx:                    ; env = (deadline, ())
    fst
    push                ; S: d
    push                ; S: d, d   (deadline operand)
    loadi 1000
    push                ; S: d, d, 1000 (baseline)
    loadi 0
    afterevt
    synct               ; all three released at 1 ms
    print               ; env = ()
    pop
    print               ; its deadline
    stop
"""


def test_earliest_deadline_first(tmp_path):
    out, _, _, _ = run(tmp_path, EDF)
    assert out == ["()", "10", "()", "30", "()", "0"]
    # (without deadlines they would run in release order: 30, 0, 10)


def test_deadlock_is_a_fault_handled_by_the_policy(tmp_path):
    source = """
main:
    channel
    push
    cur waiter
    spawn
    pop
    recvevt
    sync            ; both wait to receive on the same channel: nobody sends
    stop
waiter:
    fst
    recvevt
    sync
    stop
"""
    _, err, _, main = run(tmp_path, source, status=1)
    assert main["faults"] == 1 and main["state"] == "stopped"
    assert "container 'main': fault at pc 8: deadlock (2 contexts left, all waiting on the container's own channels: " \
           "none can run again); stopped" in err


def test_a_timeout_is_not_a_deadlock(tmp_path):
    source = """
main:
    channel
    recvevt
    push
    loadi 250
    afterevt
    choose
    sync
    print
    stop
"""
    out, _, data, _ = run(tmp_path, source)
    assert out == ["()"]
    assert data["duration_us"] >= 250


def test_event_too_large(tmp_path):
    # A choice of 300 timeouts: more than SVM_EVENT_NODES (256) nodes.
    body = "    loadi 1\n    afterevt\n" + "".join(
        f"    push\n    loadi 1\n    afterevt\n    choose\n    goto c{i}\nc{i}:\n" for i in range(150)
    )
    _, err, _, _ = run(tmp_path, "main:\n" + body + "    sync\n    stop\n", status=1)
    assert "event too large" in err


def test_round_trips_are_exact(tmp_path):
    # 1000 round trips between two contexts: the worker adds one each time.
    source = """
main:
    channel
    push
    cur echo
    spawn
    pop
    push            ; S: ch
    loadi 0
loop:
    push            ; S: ch, n
    peek 1
    push
    peek 1
    sendevt
    sync
    peek 1
    recvevt
    sync            ; env = n + 1
    swap
    pop
    jlti 1000 loop
    print
    stop
echo:
    fst
    push
again:
    peek 0
    recvevt
    sync
    inc
    push
    peek 1
    swap
    sendevt
    sync
    goto again
"""
    out, err, _, main = run(tmp_path, source, status=1)
    assert out == ["1000"]
    assert "deadlock" in err  # the echo waits for ever once main stops


def test_a_program_left_waiting_for_an_input_says_so(tmp_path):
    # a receive on BUTTON0 (entry 4 of posix_defconfig's container) with no
    # scripted press: the run ends as nothing more can come, and says why
    source = """
main:
    channel
    push
    push
    loadi 4
    bind                ; S: ch, bound to BUTTON0
    peek 0
    recvevt
    sync
    print
    stop
"""
    out, err, _, main = run(tmp_path, source)
    assert out == [] and main["state"] == "running"
    assert "container 'main': 1 context is still waiting for an input (a device or a port) when no more can " \
           "come; the run ends" in err
    events = tmp_path / "press.events"
    events.write_text("1000 BUTTON0 press\n")
    out, err, _, _ = run(tmp_path, source, "--events", str(events))
    assert out == ["1"] and "still waiting" not in err


def run_compiled(tmp_path, source, *args):
    """A source-language program, compiled against the build's container
    interface (its devices by name), run as run() does."""
    sys.path.insert(0, REPO)
    from compiler.driver import compile_source

    interface = os.path.join(os.path.dirname(SVM_RUN), "generated", "main.interface")
    image = tmp_path / "p.svmb"
    image.write_bytes(assembler.assemble(compile_source(source, interface), "p.s", interface=interface))
    r = subprocess.run([SVM_RUN, "--clock", "virtual", *args, str(image)], capture_output=True, text=True,
                       timeout=120, env={**os.environ, "ASAN_OPTIONS": "detect_leaks=0"})
    return r.stdout.splitlines(), r.stderr


# Two contexts wait for BUTTON0 or 10 ms; the press at 5 ms goes to one, and
# the other, woken by it to try its receive again, still times out at 10 ms
# (its sync started at 0): an input that is not its own does not restart
# its `after`.
BUTTON_OR_TIMEOUT = """
w : Channel Int -> Int -> ()
w led id = sync (choose (wrap (recv (device BUTTON0)) (\\e -> sync (send led id)))
                        (wrap (after 10000) (\\u -> sync (send led (id + 10)))))
main = let _ = spawn (\\u -> w (device LED1) 1) in w (device LED0) 2
"""


def test_an_input_taken_by_another_context_does_not_restart_a_timeout(tmp_path):
    events = tmp_path / "press.events"
    events.write_text("5000 BUTTON0 press\n")
    out, err = run_compiled(tmp_path, BUTTON_OR_TIMEOUT, "--events", str(events))
    assert out == ["LED0 1 at 5 ms", "LED1 1 at 10 ms"], err


# The same wait while the other context allocates on a small heap: an
# input that comes during a collection wakes every context waiting on an
# input (their events cannot be walked then), and a sync run again after a
# collection is the same sync: the timeout stays at 10 ms.
TIMEOUT_WHILE_COLLECTING = """
data List a where
  Nil : List a
  Cons : a -> List a -> List a
mk : Int -> List Int -> List Int
mk n acc = if n == 0 then acc else mk (n - 1) (Cons n acc)
len : List Int -> Int -> Int
len Nil a = a
len (Cons _ t) a = len t (a + 1)
b : Int -> ()
b k = if k == 0 then () else
  let _ = sync (recv (device BUTTON0)) in
  let _ = len (mk 100 Nil) 0 in b (k - 1)
main =
  let _ = spawn (\\u -> b 200) in
  sync (choose (wrap (recv (device BUTTON1)) (\\e -> sync (send (device LED0) 1)))
               (wrap (after 10000) (\\u -> sync (send (device LED1) 1))))
"""


def test_a_timeout_stays_put_through_collections_and_other_inputs(tmp_path):
    events = tmp_path / "presses.events"
    events.write_text("".join(f"{50 * k} BUTTON0 {'press' if k % 2 else 'release'}\n" for k in range(1, 400)))
    out, err = run_compiled(tmp_path, TIMEOUT_WHILE_COLLECTING, "--events", str(events), "--heap-cells", "4000",
                            "--stats")
    assert out == ["LED1 1 at 10 ms"], err
    assert "container 'main': 0 collections" not in err and "collections" in err, err  # (it did collect)


def test_the_waiting_line_counts_only_contexts_waiting_for_an_input(tmp_path):
    # main waits on BUTTON0, its spawned context on the container's own
    # channel: one waits for an input, the other for main
    out, err = run_compiled(tmp_path, "c : Channel Int\nc = channel ()\n"
                            "main = let _ = spawn (\\u -> print (sync (recv c))) in sync (recv (device BUTTON0))\n")
    assert out == []
    assert "container 'main': 1 context is still waiting for an input (a device or a port) (and 1 on the " \
           "container's own channels) when no more can come; the run ends" in err, err


def test_on_the_real_clock_a_run_waiting_for_an_input_no_script_brings_ends(tmp_path):
    # without --duration, after the script's last input (the host has no
    # other): it waited for ever on the real clock (found by a newcomer)
    events = tmp_path / "presses.events"
    events.write_text("1000 BUTTON0 press\n5000 BUTTON0 release\n")
    out, err = run_compiled(tmp_path, "follow b led =\n  let e = sync (recv b) in\n  let _ = print e in\n"
                            "  let _ = sync (send led e) in follow b led\n"
                            "main = follow (device BUTTON0) (device LED0)\n",
                            "--clock", "real", "--events", str(events))
    # (the real clock's times are the machine's: not asserted)
    assert [re.sub(r" at \d+ ms$", "", line) for line in out] == ["1", "LED0 1", "0", "LED0 0"], err
    assert "container 'main': 1 context is still waiting for an input (a device or a port) when no more can " \
           "come; the run ends" in err, err


# The input comes at 5 ms, before the 10 ms timeout, but the context it
# wakes runs only at 20 ms (another context of the container computes till
# then): the input wins, though the `after` is written first and is due by
# the time the sync runs again.
INPUT_BEFORE_TIMEOUT = """
busy : Int -> ()
busy n = if n == 0 then sync (send (device LED1) 9) else busy (n - 1)
main =
  let _ = spawn (\\u -> busy 400000) in
  sync (choose (wrap (after 10000) (\\u -> sync (send (device LED0) 0)))
               (wrap (recv (device BUTTON0)) (\\e -> sync (send (device LED0) 1))))
"""


def test_an_input_before_a_timeout_wins_however_late_its_context_runs(tmp_path):
    events = tmp_path / "press.events"
    events.write_text("5000 BUTTON0 press\n")
    out, err = run_compiled(tmp_path, INPUT_BEFORE_TIMEOUT, "--events", str(events))
    assert out == ["LED1 1 at 20 ms", "LED0 1 at 20 ms"], err


def test_update_options_that_would_be_lost_are_said(tmp_path):
    # a second --update is refused; one after the run's end is a warning
    image = tmp_path / "p.svmb"
    image.write_bytes(assembler.assemble("main:\n    loadi 1\n    print\n    stop\n", "p.s"))
    r = subprocess.run([SVM_RUN, "--update", f"1:{image}", "--update", f"2:{image}", str(image)],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 3 and "--update: one update a run" in r.stderr, r.stderr
    r = subprocess.run([SVM_RUN, "--clock", "virtual", "--duration", "5", "--update", f"10:{image}", str(image)],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and r.stdout == "1\n", r.stderr
    assert "--update at 10 ms comes after the run's end (--duration 5): not applied" in r.stderr, r.stderr
