"""Tests of toolchain/timeline.py: a schedule trace (Chrome trace events) to SVG."""

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TIMELINE = os.path.join(ROOT, "toolchain", "timeline.py")
SVG = "{http://www.w3.org/2000/svg}"
WIDTH = 1200

FAULT_MESSAGE = "fault at pc 12: division by zero; restart 1 of 3"


def meta(tid, name, sort_index):
    return [
        {"name": "thread_name", "ph": "M", "pid": 1, "tid": tid, "args": {"name": name}},
        {"name": "thread_sort_index", "ph": "M", "pid": 1, "tid": tid, "args": {"sort_index": sort_index}},
    ]


def run(tid, ts, dur, instructions=None):
    ev = {"name": "run", "cat": "sched", "ph": "X", "pid": 1, "tid": tid, "ts": float(ts), "dur": float(dur)}
    if instructions is not None:
        ev["args"] = {"instructions": instructions}
    return ev


def instant(tid, name, ts, message=None):
    ev = {"name": name, "cat": "health", "ph": "i", "s": "t", "pid": 1, "tid": tid, "ts": float(ts)}
    if message is not None:
        ev["args"] = {"message": message}
    return ev


def synthetic():
    """Three lanes over 0..10 ms; the expected rectangle counts are in EXPECTED.

    The plot is about 1000 px wide for 10 ms, so one pixel is about 10 us:
    slices 1 us apart merge, slices 500 us or more apart do not.
    """
    events = [{"name": "process_name", "ph": "M", "pid": 1,
               "args": {"name": "Sense-VM product posix_defconfig"}}]
    # Slot 2 sorts first, slot 0 last: sort_index decides, not the slot.
    events += meta(0, "logger (criticality 1)", 2)
    events += meta(1, "telemetry (criticality 4)", 1)
    events += meta(2, "control (criticality 7)", 0)
    # control: 5 separate slices, 2 ms apart.
    for k in range(5):
        events.append(run(2, 2000 * k, 100, instructions=250))
    # telemetry: a burst of 50 slices (one rectangle): 30 of 2 us, 1 us apart,
    # then 20 of 40 us (4 px), 5 us (half a pixel) apart; then two apart.
    for k in range(30):
        events.append(run(1, 1000 + 3 * k, 2))
    for k in range(20):
        events.append(run(1, 1100 + 45 * k, 40))
    events.append(run(1, 5000, 300))
    events.append(run(1, 8000, 300))
    # logger: three slices and one collection between two of them.
    events.append(run(0, 500, 200))
    events.append({"name": "collect", "cat": "gc", "ph": "X", "pid": 1, "tid": 0, "ts": 700.0, "dur": 150.0})
    events.append(run(0, 3000, 200))
    events.append(run(0, 9800, 200))
    # Markers.
    events.append(instant(2, "wake", 2000))
    events.append(instant(2, "wake", 4000))
    events.append(instant(1, "fault", 5300, FAULT_MESSAGE))
    events.append(instant(1, "restart", 5300))
    events.append(instant(0, "stop", 9000, "stopped after 3 restarts"))
    events.append(instant(0, "escalate", 9000, "escalated to the supervisor"))
    return {"displayTimeUnit": "ms", "traceEvents": events}


# lane (in drawing order) -> (run rectangles, collect rectangles)
EXPECTED = {0: (5, 0), 1: (3, 0), 2: (3, 1)}
LABELS = ["control (criticality 7)", "telemetry (criticality 4)", "logger (criticality 1)"]


def write_trace(tmp_path, doc, name="trace.json"):
    path = tmp_path / name
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc))
    return str(path)


def timeline(*args):
    return subprocess.run([sys.executable, TIMELINE, *map(str, args)], capture_output=True, text=True)


def render(tmp_path, doc, *extra):
    trace = write_trace(tmp_path, doc)
    out = tmp_path / "out.svg"
    r = timeline(trace, "-o", out, *extra)
    assert r.returncode == 0, r.stderr
    return ET.parse(out).getroot(), out


def classes(el):
    return set((el.get("class") or "").split())


def groups(root, *wanted):
    return [g for g in root.iter(SVG + "g") if set(wanted) <= classes(g)]


def title_of(el):
    t = el.find(SVG + "title")
    return t.text if t is not None else None


def rect_counts(root):
    counts = {}
    for kind in ("run", "collect"):
        for g in groups(root, "slices", kind):
            lane = int(g.get("data-lane"))
            counts.setdefault(lane, [0, 0])[kind == "collect"] += len(g.findall(SVG + "rect"))
    return {lane: tuple(c) for lane, c in counts.items()}


# ---------------------------------------------------------------- the picture

def test_three_lanes_render(tmp_path):
    root, _ = render(tmp_path, synthetic())
    assert root.tag == SVG + "svg"
    assert root.get("width") == str(WIDTH)
    labels = [t.find(SVG + "title").text for t in root.iter(SVG + "text") if "lane-label" in classes(t)]
    assert labels == LABELS
    assert title_of(root).startswith("Sense-VM product posix_defconfig")


def test_slices_merge_into_rectangles(tmp_path):
    root, _ = render(tmp_path, synthetic())
    assert rect_counts(root) == EXPECTED
    burst = [r for g in groups(root, "slices", "run") if g.get("data-lane") == "1"
             for r in g.findall(SVG + "rect")][0]
    assert title_of(burst).startswith("50 run slices")


def test_one_colour_per_lane_and_hatched_collection(tmp_path):
    root, _ = render(tmp_path, synthetic())
    fills = [g.get("fill") for g in groups(root, "slices", "run")]
    assert len(fills) == 3 and len(set(fills)) == 3
    (gc,) = groups(root, "slices", "collect")
    assert gc.get("fill") == "url(#gc-hatch)"
    assert root.find(f".//{SVG}pattern[@id='gc-hatch']") is not None


def test_slice_tooltip_has_time_and_instructions(tmp_path):
    root, _ = render(tmp_path, synthetic())
    first = [g for g in groups(root, "slices", "run") if g.get("data-lane") == "0"][0].find(SVG + "rect")
    tip = title_of(first)
    assert "control (criticality 7)" in tip and "0.000 – 0.100 ms" in tip and "250 instructions" in tip


def test_markers_and_tooltips(tmp_path):
    root, _ = render(tmp_path, synthetic())

    def marks(kind):
        return [el for g in groups(root, "marks", kind) for el in g if el.tag != SVG + "title"]

    (fault,) = marks("fault")
    assert FAULT_MESSAGE in title_of(fault)
    assert "telemetry (criticality 4)" in title_of(fault) and "5.300 ms" in title_of(fault)
    assert fault.get("fill") == "#d62728"
    (restart,) = marks("restart")
    assert "5.300 ms" in title_of(restart)
    (stop,) = marks("stop")
    assert "stopped after 3 restarts" in title_of(stop)
    (escalate,) = marks("escalate")
    assert "escalated to the supervisor" in title_of(escalate)
    assert len(marks("wake")) == 2
    legend = " ".join(t.text for g in groups(root, "legend") for t in g.iter(SVG + "text"))
    for word in ("run", "garbage collection", "wake", "fault", "restart", "stop", "escalate"):
        assert word in legend
    assert "heartbeat miss" not in legend          # only what appears


def test_axis_ticks_are_round_milliseconds(tmp_path):
    root, _ = render(tmp_path, synthetic())
    (axis,) = groups(root, "axis")
    ticks = [t.text for t in axis.iter(SVG + "text") if t.text != "time (ms)"]
    assert ticks[0] == "0" and "10" in ticks and 5 <= len(ticks) <= 12
    assert all(float(b) - float(a) == float(ticks[1]) - float(ticks[0]) for a, b in zip(ticks, ticks[1:]))


def test_time_order_does_not_matter(tmp_path):
    doc = synthetic()
    first, _ = render(tmp_path, doc)
    doc["traceEvents"].reverse()
    second, _ = render(tmp_path, doc)
    assert rect_counts(second) == rect_counts(first) == EXPECTED


def test_window(tmp_path):
    root, _ = render(tmp_path, synthetic(), "--from", "1.5", "--to", "6.5")
    # control: slices at 2, 4 and 6 ms; telemetry: the end of the burst (clipped)
    # and the 5 ms slice; logger: the 3 ms one.
    assert rect_counts(root) == {0: (3, 0), 1: (2, 0), 2: (1, 0)}
    assert [g for g in groups(root, "marks", "stop")] == []
    assert "1.500 – 6.500 ms" in title_of(root)


def test_width_option(tmp_path):
    root, _ = render(tmp_path, synthetic(), "--width", "800")
    assert root.get("width") == "800"
    assert max(float(r.get("x")) + float(r.get("width"))
               for g in groups(root, "slices") for r in g.findall(SVG + "rect")) <= 800


def test_label_fallback_and_hostile_text(tmp_path):
    doc = {"traceEvents": [
        run(5, 0, 100),
        instant(5, "fault", 50, "bad \x01 bytes <&> \ud800 here"),
        {"name": "thread_name", "ph": "M", "pid": 1, "tid": 6, "args": {"name": "a <b> & \"c\""}},
        run(6, 10, 10),
    ]}
    root, _ = render(tmp_path, doc)
    labels = [t.find(SVG + "title").text for t in root.iter(SVG + "text") if "lane-label" in classes(t)]
    assert labels == ["container 5", 'a <b> & "c"']
    (fault,) = [el for g in groups(root, "marks", "fault") for el in g]
    assert "<&>" in title_of(fault)


def test_malformed_events_are_skipped_with_a_warning(tmp_path):
    doc = synthetic()
    doc["traceEvents"] += [42, {"ph": "X", "name": "run", "tid": 0, "ts": "soon", "dur": 1},
                           {"ph": "X", "name": "run", "tid": [1], "ts": 1, "dur": 1}]
    trace = write_trace(tmp_path, doc)
    r = timeline(trace, "-o", tmp_path / "out.svg")
    assert r.returncode == 0
    assert r.stderr.strip() == f"{trace}: warning: skipped 3 malformed events"
    assert rect_counts(ET.parse(tmp_path / "out.svg").getroot()) == EXPECTED


def test_array_form(tmp_path):
    root, _ = render(tmp_path, synthetic()["traceEvents"])
    assert rect_counts(root) == EXPECTED


# ---------------------------------------------------------------- size

def test_200000_tiny_slices_stay_small(tmp_path):
    lanes = 3
    events = []
    for lane in range(lanes):
        events += meta(lane, f"container {lane}", lane)
    ts = 0.0
    for k in range(200_000):
        events.append({"name": "run", "ph": "X", "pid": 1, "tid": k % lanes, "ts": ts, "dur": 2.0})
        events.append({"name": "wake", "ph": "i", "s": "t", "pid": 1, "tid": k % lanes, "ts": ts})
        ts += 2.0 + (k % 11) * 7.0
    path = tmp_path / "big.json"
    path.write_text(json.dumps({"traceEvents": events}, separators=(",", ":")))
    out = tmp_path / "big.svg"
    r = timeline(path, "-o", out)
    assert r.returncode == 0, r.stderr
    assert out.stat().st_size < 300_000
    root = ET.parse(out).getroot()
    rects = sum(len(g.findall(SVG + "rect")) for g in groups(root, "slices"))
    assert 1 <= rects <= lanes * WIDTH // 2
    assert "200,000 run slices" in title_of(root)


# ---------------------------------------------------------------- errors

def check_error(result, name, words):
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert name in lines[0] and words in lines[0], lines[0]


@pytest.mark.parametrize("content, words", [
    (None, "cannot read"),
    ("", "not JSON"),
    ('{"traceEvents": [', "not JSON"),
    (b"\xff\xfe\xfa junk", "not JSON"),
    ('{"events": []}', "no traceEvents"),
    ('{"traceEvents": {"ph": "X"}}', "no traceEvents"),
    ("17", "no traceEvents"),
    ('{"traceEvents": []}', "no slices"),
    (json.dumps({"traceEvents": meta(0, "a", 0) + [instant(0, "wake", 1)]}), "no slices"),
])
def test_bad_trace(tmp_path, content, words):
    path = tmp_path / "bad.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content)
    out = tmp_path / "out.svg"
    out.write_text("previous picture")
    check_error(timeline(path, "-o", out), str(path), words)
    assert out.read_text() == "previous picture"           # untouched
    assert sorted(os.listdir(tmp_path)) == sorted(["out.svg"] + (["bad.json"] if content is not None else []))


def test_directory_as_trace(tmp_path):
    check_error(timeline(tmp_path, "-o", tmp_path / "out.svg"), str(tmp_path), "cannot read")


@pytest.mark.parametrize("args, words", [
    (["--from", "5", "--to", "3"], "--from 5 ms is not before --to 3 ms"),
    (["--from", "50"], "not before the end of the trace"),
    (["--to", "-1"], "not after the start of the trace"),
    (["--width", "12"], "--width"),
    (["--from", "soon"], "--from"),
])
def test_bad_options(tmp_path, args, words):
    trace = write_trace(tmp_path, synthetic())
    r = timeline(trace, "-o", tmp_path / "out.svg", *args)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and words in r.stderr
    assert not (tmp_path / "out.svg").exists()


def test_unwritable_output(tmp_path):
    trace = write_trace(tmp_path, synthetic())
    target = tmp_path / "no" / "such" / "dir.svg"
    check_error(timeline(trace, "-o", target), str(target), "cannot write")
    check_error(timeline(trace, "-o", tmp_path), str(tmp_path), "Is a directory")


# ---------------------------------------------------------------- output

def test_output_replaced_atomically(tmp_path):
    trace = write_trace(tmp_path, synthetic())
    out = tmp_path / "out.svg"
    out.write_text("old")
    os.chmod(out, 0o640)
    assert timeline(trace, "-o", out).returncode == 0
    ET.parse(out)
    assert os.stat(out).st_mode & 0o777 == 0o640
    assert sorted(os.listdir(tmp_path)) == ["out.svg", "trace.json"]   # no temporary left


def test_output_through_symlink_keeps_the_link(tmp_path):
    trace = write_trace(tmp_path, synthetic())
    real = tmp_path / "real.svg"
    real.write_text("old")
    link = tmp_path / "link.svg"
    link.symlink_to(real)
    assert timeline(trace, "-o", link).returncode == 0
    assert link.is_symlink()
    ET.parse(real)


def test_output_to_a_non_regular_file(tmp_path):
    trace = write_trace(tmp_path, synthetic())
    r = timeline(trace, "-o", os.devnull)
    assert r.returncode == 0, r.stderr
    assert os.path.exists(os.devnull) and not os.path.isfile(os.devnull)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    assert timeline(trace, "-o", fifo).returncode == 0
    data = reader.communicate(timeout=30)[0]
    assert ET.fromstring(data).tag == SVG + "svg"


def test_output_to_stdout(tmp_path):
    trace = write_trace(tmp_path, synthetic())
    r = timeline(trace, "-o", "-")
    assert r.returncode == 0
    assert rect_counts(ET.fromstring(r.stdout)) == EXPECTED
