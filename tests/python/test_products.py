"""Isolation between containers, proved with numbers on the virtual clock.

Each test builds a small product (a defconfig and assembly programs written
here), runs it with `svm-run --clock virtual --report`, and checks the
report: a high-criticality periodic container keeps its period, and waits
no longer than the bound the configuration states, whatever the
low-criticality container does (loop, collect a large heap, fault); the
health monitor's restarts, heartbeats and budgets; equal criticality takes
turns; the same product gives byte-identical reports.

Products are built under $SVM_BUILD_DIR/products (CMake, with the options
in $SVM_PRODUCT_CMAKE_ARGS, so a sanitizer or coverage build tests them
the same way).  Standard library and pytest only.
"""

import json
import os
import shlex
import subprocess
import sys


REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO, "toolchain"))

import assembler  # noqa: E402

BUILD_ROOT = os.environ.get("SVM_BUILD_DIR") or os.path.join(REPO, "build-tests", "products-local")
PRODUCTS = os.path.join(BUILD_ROOT, "products")
CMAKE_ARGS = shlex.split(os.environ.get("SVM_PRODUCT_CMAKE_ARGS", ""))
NS_PER_INSTRUCTION = 50
GC_SLICE = 256
GC_STEP_COST = 5  # core/svm.h: SVM_GC_STEP_COST
MAX_STRAIGHT_RUN = 256

# ------------------------------------------------------------------ programs

# The high-criticality periodic task: every 1 ms (sleep 1000 us) it runs a
# 100-round control law; it counts its periods on the stack.
PERIODIC = """
main:
    loadi 0
period:
    inc
    push
    loadi 100
law:
    addi -1
    jgti 0 law
    loadi 1000
    sleep
    pop
    goto period
"""

# Loops forever with 255 instructions between two branch points: the
# longest run the loader accepts is 256.
HOG = "main:\n" + "    skip\n" * 255 + "    goto main\n"

# Keeps a 60,000-cell list alive in its 65,536-cell heap and builds and
# drops 1,000-cell lists for ever, never yielding: every collection marks
# the whole live list.
ALLOCATOR = """
main:
    loadi 60000
    call mklist
    push
again:
    loadi 1000
    call mklist
    goto again
mklist:
    push
    clear
    swap
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
    return
"""

# Sleeps 10 ms, then divides by zero.
FAULTY = """
main:
    loadi 10000
    sleep
    loadi 1
    push
    loadi 0
    div
    stop
"""

# Passes 200 branch points, then sleeps 10 ms, for ever.
WITHIN_BUDGET = """
main:
    loadi 100
work:
    addi -1
    push
    pop
    jgti 0 work
    goto rest
rest:
    loadi 10000
    sleep
    goto main
"""

SPIN = """
main:
    goto main
"""

# The sum loop's one instruction (accijnz), which the VM goes round in its
# handler when it jumps to itself: a counter from 0 counted down by 1
# (2^32 rounds), for ever.
SUMMER = """
main:
    loadi 0
    push
    push
round:
    accijnz 1 0 -1 round
    goto main
"""
SUMMER_PC = 7  # accijnz's: loadi (5 bytes), push, push


def product(name, containers, extra=""):
    """A defconfig for these containers: [(name, criticality, program, {SYMBOL_SUFFIX: value})]."""
    lines = [
        "CONFIG_SVM_GROUP_INT=y",
        "CONFIG_SVM_GROUP_CONSOLE=y",
        "CONFIG_SVM_GROUP_CONCURRENCY=y",
        "CONFIG_SVM_DISPATCH_THREADED=y",
        "CONFIG_SVM_TARGET_POSIX=y",
        "CONFIG_SVM_RAM_BUDGET=16777216",
        f"CONFIG_SVM_VIRTUAL_NS_PER_INSTRUCTION={NS_PER_INSTRUCTION}",
        f"CONFIG_SVM_GC_SLICE={GC_SLICE}",
        f"CONFIG_SVM_MAX_STRAIGHT_RUN={MAX_STRAIGHT_RUN}",
    ]
    directory = os.path.join(PRODUCTS, name)
    os.makedirs(directory, exist_ok=True)
    for slot, (cname, crit, source, options) in enumerate(containers):
        # A program in the source language starts with a `--` comment.
        path = os.path.join(directory, f"{cname}.{'cam' if source.lstrip().startswith('--') else 's'}")
        with open(path, "w", encoding="utf-8") as f:
            f.write(source)
        p = f"CONFIG_SVM_CONTAINER{slot}_"
        if slot:
            lines.append(f"CONFIG_SVM_CONTAINER{slot}=y")
        lines += [
            f'{p}NAME="{cname}"',
            f"{p}CRITICALITY={crit}",
            f'{p}PROGRAM="{path}"',
            f"{p}CONTEXTS=1",
            f"{p}STACK_DEPTH=256",
        ]
        options = {"HEAP_CELLS": 256, **options}
        lines += [f"{p}{k}={v}" for k, v in options.items()]
    defconfig = os.path.join(directory, "defconfig")
    with open(defconfig, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n" + extra)
    return defconfig


_built = {}


def build(defconfig):
    """Configure and build the product; returns its svm-run."""
    directory = os.path.join(os.path.dirname(defconfig), "build")
    if directory in _built:
        return _built[directory]
    r = subprocess.run(
        ["cmake", "-S", REPO, "-B", directory, f"-DSVM_CONFIG={defconfig}", "-DBUILD_TESTING=OFF", *CMAKE_ARGS],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    r = subprocess.run(["cmake", "--build", directory, "-j", "2"], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    _built[directory] = os.path.join(directory, "svm-run")
    return _built[directory]


def run(exe, duration_ms, *args, expect_status=0):
    report = exe + f".{os.getpid()}.report.json"
    r = subprocess.run(
        [exe, "--clock", "virtual", "--duration", str(duration_ms), "--report", report, *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "ASAN_OPTIONS": "detect_leaks=0"},
    )
    assert r.returncode == expect_status, f"exit {r.returncode}\n{r.stderr}"
    with open(report, encoding="utf-8") as f:
        data = json.load(f)
    os.unlink(report)
    data["stderr"] = r.stderr
    data["stdout"] = r.stdout
    data["by_name"] = {c["name"]: c for c in data["containers"]}
    return data


def periodic_alone():
    exe = build(product("periodic_alone", [("control", 7, PERIODIC, {})]))
    return run(exe, 1000)["by_name"]["control"]


# Instructions of one period of PERIODIC: 7 + 2 x 100 (the law).
PERIOD_INSTRUCTIONS = 207


def check_periodic(control, alone, bound_us, duration_ms=1000):
    """The periodic container ran as many periods as when alone, but for
    its wake-ups' delays: each is within the bound, and a sleep-based
    period (unlike synct's) adds its delay to the next."""
    assert control["state"] == "running"
    assert control["faults"] == 0
    assert control["max_latency_us"] <= bound_us, control
    periods_lost = int(duration_ms * bound_us / 1000) + 1  # at most bound_us per 1 ms period
    assert alone["instructions"] - control["instructions"] <= periods_lost * PERIOD_INSTRUCTIONS, (control, alone)
    assert control["instructions"] <= alone["instructions"] + PERIOD_INSTRUCTIONS


# ------------------------------------------------------------------- tests


def test_periodic_alone_runs_every_millisecond():
    control = periodic_alone()
    # 1000 ms: periods of 1 ms plus the period's own 10.5 us of work.
    periods = control["instructions"] / PERIOD_INSTRUCTIONS
    assert 985 <= periods <= 1000, control
    assert control["max_latency_us"] == 0


def test_hog_cannot_delay_the_periodic_task_beyond_the_bound():
    alone = periodic_alone()
    exe = build(product("hog", [("control", 7, PERIODIC, {}), ("hog", 0, HOG, {})]))
    data = run(exe, 1000)
    control, hog = data["by_name"]["control"], data["by_name"]["hog"]
    # The bound: the longest straight run (255 skips, at most 256
    # accepted) plus the branch ending it, on the virtual clock.
    bound_us = (MAX_STRAIGHT_RUN + 1) * NS_PER_INSTRUCTION / 1000
    check_periodic(control, alone, bound_us)
    assert control["max_latency_us"] > 0
    # The hog gets all the rest of the processor.
    assert hog["state"] == "running"
    assert hog["instructions"] * NS_PER_INSTRUCTION >= 0.97 * data["duration_us"] * 1000


def test_a_loop_run_inside_one_instruction_is_preempted_at_every_round():
    # accijnz going round in its handler checks the instruction limit each
    # round as a jump would: the control task waits at most one round.
    alone = periodic_alone()
    exe = build(product("summer", [("control", 7, PERIODIC, {}), ("summer", 0, SUMMER, {})]))
    data = run(exe, 1000)
    control, summer = data["by_name"]["control"], data["by_name"]["summer"]
    check_periodic(control, alone, NS_PER_INSTRUCTION / 1000)
    # every round is counted on the virtual clock: the summer has the rest
    assert summer["state"] == "running"
    assert summer["instructions"] * NS_PER_INSTRUCTION >= 0.97 * data["duration_us"] * 1000
    # and every round is a branch point (the two loads and pushes are not)
    assert summer["branch_points"] == summer["instructions"] - 3, summer


def test_a_loop_run_inside_one_instruction_spends_its_budget_and_takes_turns():
    exe = build(
        product(
            "summers",
            [
                ("a", 3, SUMMER, {}),
                ("b", 3, SUMMER, {}),
                ("over", 3, SUMMER, {"BUDGET": 5000, "BUDGET_PERIOD_MS": 10}),
            ],
        )
    )
    data = run(exe, 100, expect_status=1)
    a, b, over = data["by_name"]["a"], data["by_name"]["b"], data["by_name"]["over"]
    # its 5001st round, in the handler's loop, is the overrun
    assert (over["budget_overruns"], over["state"], over["branch_points"]) == (1, "stopped", 5001), over
    assert f"container 'over': fault at pc {SUMMER_PC}: budget exceeded; stopped" in data["stderr"]
    # equal criticality: the handler's loop ends each quantum (1024 rounds)
    assert a["instructions"] > 0 and b["instructions"] > 0
    assert abs(a["instructions"] - b["instructions"]) <= 1024, (a, b)


def test_collection_of_a_large_heap_cannot_delay_the_periodic_task():
    alone = periodic_alone()
    exe = build(
        product(
            "allocator",
            [("control", 7, PERIODIC, {}), ("allocator", 0, ALLOCATOR, {"HEAP_CELLS": 65536})],
        )
    )
    data = run(exe, 1000)
    control, alloc = data["by_name"]["control"], data["by_name"]["allocator"]
    assert alloc["collections"] >= 20, alloc
    assert alloc["heap_high_water"] >= 60000, alloc
    # One collector slice (its last swept word may pass the slice by up to
    # 8 steps), or the longest run of the allocator (8 instructions), is
    # the most the control task waits.
    bound_us = (GC_SLICE + 8) * GC_STEP_COST * NS_PER_INSTRUCTION / 1000
    check_periodic(control, alone, bound_us)
    assert control["max_latency_us"] > 0
    # Collection work is charged to the allocator: the virtual clock
    # advanced for its collector steps.
    busy_ns = (alloc["instructions"] + GC_STEP_COST * alloc["collector_steps"]) * NS_PER_INSTRUCTION
    assert busy_ns >= 0.97 * data["duration_us"] * 1000


def test_latency_bound_does_not_grow_with_the_heap():
    latencies = []
    for cells in (4096, 65536):
        exe = build(
            product(
                f"allocator_{cells}",
                [("control", 7, PERIODIC, {}), ("allocator", 0, ALLOCATOR.replace("60000", str(cells - 5000)),
                                                 {"HEAP_CELLS": cells})],
            )
        )
        data = run(exe, 300)
        assert data["by_name"]["allocator"]["collections"] >= 5
        latencies.append(data["by_name"]["control"]["max_latency_us"])
    bound_us = (GC_SLICE + 8) * GC_STEP_COST * NS_PER_INSTRUCTION / 1000
    assert all(0 < lat <= bound_us for lat in latencies), latencies


def test_faulting_container_restarts_within_its_limit_then_stops():
    alone = periodic_alone()
    exe = build(
        product(
            "faulty",
            [
                ("control", 7, PERIODIC, {}),
                (
                    "faulty",
                    0,
                    FAULTY,
                    {"FAULT_POLICY_RESTART": "y", "RESTART_LIMIT": 5, "RESTART_PERIOD_MS": 100},
                ),
            ],
        )
    )
    data = run(exe, 1000, expect_status=1)
    faulty = data["by_name"]["faulty"]
    # Faults at 10, 20, ... 60 ms: five restarts within 100 ms, then stopped.
    assert (faulty["faults"], faulty["restarts"], faulty["state"]) == (6, 5, "stopped"), faulty
    lines = [ln for ln in data["stderr"].splitlines() if "'faulty'" in ln]
    # It starts after control's first period (10.35 us), then faults every 10 ms.
    assert lines[0] == "svm: [10.010 ms] container 'faulty': fault at pc 17: division by zero; restart 1 of 5"
    assert lines[4].endswith("restart 5 of 5")
    assert lines[5].endswith(
        "container 'faulty': fault at pc 17: division by zero; restart limit reached (5 in 100 ms): stopped"
    )
    check_periodic(data["by_name"]["control"], alone, 1)


def test_restart_period_lets_a_rare_fault_restart_forever():
    exe = build(
        product(
            "rare_fault",
            [("faulty", 0, FAULTY, {"FAULT_POLICY_RESTART": "y", "RESTART_LIMIT": 1, "RESTART_PERIOD_MS": 5})],
        )
    )
    data = run(exe, 1000)
    faulty = data["by_name"]["faulty"]
    # One fault every 10 ms, one restart allowed per 5 ms: never stopped.
    assert faulty["state"] == "running"
    assert faulty["restarts"] == faulty["faults"] == 99, faulty


def test_heartbeat_miss_is_handled_by_the_policy():
    exe = build(product("heartbeat", [("spin", 0, SPIN, {"HEARTBEAT_MS": 10})]))
    data = run(exe, 100, expect_status=1)
    spin = data["by_name"]["spin"]
    assert (spin["heartbeat_misses"], spin["state"]) == (1, "stopped"), spin
    assert "svm: [10.000 ms] container 'spin': fault at pc 0: heartbeat missed; stopped" in data["stderr"]


def test_heartbeat_kept_by_a_sleeping_task():
    exe = build(product("heartbeat_ok", [("control", 0, PERIODIC, {"HEARTBEAT_MS": 2})]))
    data = run(exe, 200)
    assert data["by_name"]["control"]["heartbeat_misses"] == 0


def test_budget_per_period():
    exe = build(
        product(
            "budget",
            [
                ("within", 1, WITHIN_BUDGET, {"BUDGET": 120, "BUDGET_PERIOD_MS": 10}),
                ("spin", 0, SPIN, {"BUDGET": 5000, "BUDGET_PERIOD_MS": 10}),
            ],
        )
    )
    data = run(exe, 500, expect_status=1)
    within, spin = data["by_name"]["within"], data["by_name"]["spin"]
    # 101 branch points a period of 10 ms (99 taken jgti, two gotos), for
    # 500 ms: never over its 120.
    assert (within["budget_overruns"], within["state"]) == (0, "running"), within
    assert within["branch_points"] >= 49 * 101
    # The spinner passes 5000 branch points at once: the 5001st is a fault.
    assert (spin["budget_overruns"], spin["state"], spin["branch_points"]) == (1, "stopped", 5001), spin
    assert "container 'spin': fault at pc 0: budget exceeded; stopped" in data["stderr"]


def test_equal_criticality_takes_turns():
    exe = build(product("turns", [("a", 3, SPIN, {}), ("b", 3, SPIN, {})]))
    data = run(exe, 100)
    a, b = data["by_name"]["a"], data["by_name"]["b"]
    quantum = 1024  # CONFIG_SVM_PREEMPT_QUANTUM: branch points (one instruction each here)
    assert a["instructions"] > 0 and b["instructions"] > 0
    assert abs(a["instructions"] - b["instructions"]) <= quantum, (a, b)


def test_escalate_ends_the_run_with_its_own_status():
    exe = build(product("escalate", [("faulty", 0, FAULTY, {"FAULT_POLICY_ESCALATE": "y"})]))
    data = run(exe, 100, expect_status=4)
    assert "container 'faulty': fault at pc 17: division by zero; escalated: the VM resets" in data["stderr"]
    assert "the VM resets: a container's fault policy escalated" in data["stderr"]


def test_same_product_twice_gives_identical_report_and_trace(tmp_path):
    exe = build(
        product(
            "allocator",
            [("control", 7, PERIODIC, {}), ("allocator", 0, ALLOCATOR, {"HEAP_CELLS": 65536})],
        )
    )
    outputs = []
    for k in range(2):
        report, trace = tmp_path / f"r{k}.json", tmp_path / f"t{k}.json"
        r = subprocess.run(
            [exe, "--clock", "virtual", "--duration", "200", "--report", report, "--trace", trace],
            capture_output=True,
            timeout=300,
            env={**os.environ, "ASAN_OPTIONS": "detect_leaks=0"},
        )
        assert r.returncode == 0, r.stderr
        outputs.append((r.stdout, r.stderr, report.read_bytes(), trace.read_bytes()))
    assert outputs[0] == outputs[1]
    trace = json.loads(outputs[0][3])
    names = {e["name"] for e in trace["traceEvents"]}
    assert {"run", "collect", "wake", "thread_name"} <= names


def test_bad_update_never_disturbs_the_running_container(tmp_path):
    exe = build(product("periodic_alone", [("control", 7, PERIODIC, {})]))
    good = assembler.assemble("main:\n    loadi 42\n    print\n    stop\n", "good.s")
    bad = bytearray(good)
    bad[-1] ^= 0xFF  # the checksum no longer matches
    (tmp_path / "bad.svmb").write_bytes(bytes(bad))
    (tmp_path / "good.svmb").write_bytes(good)
    plain = run(exe, 100)["by_name"]["control"]
    updated = run(exe, 100, "--update", f"50:{tmp_path / 'bad.svmb'}")
    assert "update" in updated["stderr"] and "image rejected: code checksum mismatch" in updated["stderr"]
    assert "the running program goes on" in updated["stderr"]
    # Not one instruction of difference: the rejected image changed nothing.
    assert updated["by_name"]["control"] == plain
    replaced = run(exe, 100, "--update", f"50:{tmp_path / 'good.svmb'}")
    assert "updated to" in replaced["stderr"]
    assert replaced["by_name"]["control"]["state"] == "done"
