#!/usr/bin/python3
"""Sense-VM timeline: a schedule trace -> an SVG picture, one lane per container.

Reads the trace `svm-run --trace FILE` writes, in the Chrome trace event
format (the JSON object form, `{"traceEvents": [...]}`; the bare array form
is accepted too), and draws:

  * a time axis in milliseconds (the trace's own time base, ts / 1000);
  * one lane per container (tid = slot), labelled from the `thread_name`
    metadata (else "container N"), ordered by `thread_sort_index`, then slot;
    under the label, the share of the window the container ran;
  * "run" slices as filled rectangles, one colour per lane; "collect" slices
    (and any slice of category "gc") hatched dark grey; any other slice grey;
  * instant events as markers with a <title> tooltip (kind, lane, time and
    args.message): above the slices, wake a grey tick, fault a red triangle,
    heartbeat miss a purple and budget overrun a brown one, escalate a black
    diamond; below them, restart an orange circle and stop a black square;
    an instant with no tid is a dashed line across all lanes.  Markers that
    would hide one another are set side by side (moved at most 12 px);
  * a legend of what appears.

Slices of one lane less than one pixel apart are merged into one rectangle
(its tooltip counts them), and markers of one kind within a pixel into one
marker (more than 200 wake ticks in a lane become one path), so the picture
stays small whatever the length of the trace.  The work is a few linear
passes over the events plus a sort per lane (linear on a trace in order).

Errors (unreadable file, not JSON, no traceEvents, no slices, bad option)
print one line naming the file and exit 2.  The output is written to a
temporary file and renamed over the target, so a failed run leaves no partial
picture; a target that exists and is not a regular file (/dev/stdout, a FIFO)
is written directly, and `-o -` writes to stdout.

CLI:  timeline.py TRACE.json -o OUT.svg [--from MS] [--to MS] [--width PX]
"""

import argparse
import json
import math
import os
import re
import stat
import sys

DEFAULT_WIDTH = 1200
MIN_WIDTH = 400
MAX_WIDTH = 20000

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Liberation Sans', sans-serif"

# One colour per lane (Tableau 10 without its red and orange, kept for markers).
LANE_COLOURS = ["#4e79a7", "#59a14f", "#76b7b2", "#b07aa1", "#edc948",
                "#9c755f", "#ff9da7", "#a0cbe8", "#8cd17d", "#bab0ac"]
GC_DARK = "#3d4650"
GC_LIGHT = "#7d8893"
OTHER_COLOUR = "#b8bec6"

# Slice kinds, in drawing order (later on top).
RUN, OTHER, GC = "run", "other", "collect"
SLICE_KINDS = (RUN, OTHER, GC)

# Instant kinds: colour, where (above/below the slice band), shape, drawing order.
MARKERS = {
    "wake": ("#59636e", "above", "tick"),
    "budget overrun": ("#8c564b", "above", "down"),
    "heartbeat miss": ("#7e57c2", "above", "down"),
    "fault": ("#d62728", "above", "down"),
    "restart": ("#f28e2b", "below", "circle"),
    "stop": ("#111111", "below", "square"),
    "escalate": ("#111111", "above", "diamond"),
    "other": ("#8a939c", "above", "dot"),
}
MARKER_ORDER = ["wake", "other", "budget overrun", "heartbeat miss", "fault",
                "escalate", "restart", "stop"]

# Layout (pixels).
MARGIN = 14
HEADER = 58          # title and subtitle above the first lane
LANE_H = 40          # one lane
BAND_TOP = 13        # slice band, relative to the lane's top
BAND_H = 16
MIN_RECT = 1.0       # narrowest rectangle drawn (a slice of any length shows)
MERGE_PX = 1.0       # slices closer than this are one rectangle
DODGE_PX = 10.0      # markers closer than this are moved apart...
DODGE_MAX_PX = 12.0  # ...by at most this
MAX_TICKS = 200      # more wake ticks than this in a lane are drawn as one path
MAX_MESSAGES = 5     # messages listed in a merged marker's tooltip

_INVALID_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class TimelineError(Exception):
    """The trace cannot be drawn; the message names the file."""


class Lane:
    """One container: its label, order and the events drawn in it."""

    __slots__ = ("key", "label", "sort", "slices", "marks")

    def __init__(self, key):
        self.key = key
        self.label = None
        self.sort = None
        self.slices = {kind: [] for kind in SLICE_KINDS}   # (start, end, name, instructions)
        self.marks = {}                                     # kind -> [(ts, name, message)]


class Trace:
    """What the events say: process name, lanes, global instants, bounds."""

    def __init__(self):
        self.process = {}
        self.lanes = {}
        self.globals = []          # (ts, name, message) of instants with no tid
        self.first = math.inf      # earliest start, microseconds
        self.last = -math.inf      # latest end
        self.slices = 0
        self.skipped = 0

    def lane(self, key):
        lane = self.lanes.get(key)
        if lane is None:
            lane = self.lanes[key] = Lane(key)
        return lane


# ---------------------------------------------------------------- reading

def _number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _ident(value):
    return (isinstance(value, int) and not isinstance(value, bool)) or isinstance(value, str)


def _message(ev):
    """The tooltip text an event carries: args.message, else its other args."""
    args = ev.get("args")
    if not isinstance(args, dict):
        return None
    message = args.get("message")
    if isinstance(message, str):
        return message
    parts = [f"{k}: {v}" for k, v in args.items() if isinstance(v, (str, int, float)) and not isinstance(v, bool)]
    return ", ".join(parts) or None


def load(path):
    """Read and parse the trace file into a Trace; TimelineError if it cannot."""
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as e:
        raise TimelineError(f"{path}: error: cannot read the trace: {e.strerror or e}") from None
    try:
        doc = json.loads(raw)
    except json.JSONDecodeError as e:
        raise TimelineError(f"{path}: error: not JSON: {e.msg} at line {e.lineno} column {e.colno}") from None
    except UnicodeDecodeError:
        raise TimelineError(f"{path}: error: not JSON: the file is not UTF-8 text") from None
    except RecursionError:
        raise TimelineError(f"{path}: error: not JSON this tool can read: nested too deeply") from None
    if isinstance(doc, dict):
        events = doc.get("traceEvents")
        if not isinstance(events, list):
            raise TimelineError(f"{path}: error: no traceEvents array: not a Chrome trace event file")
    elif isinstance(doc, list):
        events = doc
    else:
        raise TimelineError(f"{path}: error: no traceEvents array: not a Chrome trace event file")
    trace = read_events(events)
    if trace.slices == 0:
        raise TimelineError(f"{path}: error: no slices: the trace has no complete (\"ph\": \"X\") events to draw")
    return trace


def read_events(events):
    """One pass over the events; malformed ones are counted in trace.skipped."""
    trace = Trace()
    for ev in events:
        if not isinstance(ev, dict):
            trace.skipped += 1
            continue
        ph = ev.get("ph")
        if ph not in ("X", "i", "I", "M"):
            continue                                   # phases this picture does not show
        pid = ev.get("pid", 0)
        tid = ev.get("tid")
        if not _ident(pid) or (tid is not None and not _ident(tid)):
            trace.skipped += 1
            continue
        name = ev.get("name")
        if ph == "M":
            args = ev.get("args")
            if not isinstance(args, dict):
                continue
            if name == "process_name" and isinstance(args.get("name"), str):
                trace.process[pid] = args["name"]
            elif name == "thread_name" and tid is not None and isinstance(args.get("name"), str):
                trace.lane((pid, tid)).label = args["name"]
            elif name == "thread_sort_index" and tid is not None and _number(args.get("sort_index")):
                trace.lane((pid, tid)).sort = args["sort_index"]
            continue
        ts = ev.get("ts")
        if not _number(ts):
            trace.skipped += 1
            continue
        if not isinstance(name, str):
            name = ""
        if ph == "X":
            dur = ev.get("dur", 0)
            if not _number(dur) or dur < 0 or tid is None:
                trace.skipped += 1
                continue
            end = ts + dur
            if name == "collect" or ev.get("cat") == "gc":
                kind = GC
            elif name == "run":
                kind = RUN
            else:
                kind = OTHER
            args = ev.get("args")
            instructions = None
            if isinstance(args, dict) and _number(args.get("instructions")):
                instructions = args["instructions"]
            trace.lane((pid, tid)).slices[kind].append((ts, end, name, instructions))
            trace.slices += 1
        else:
            end = ts
            entry = (ts, name, _message(ev))
            if tid is None:
                trace.globals.append(entry)
            else:
                kind = name if name in MARKERS else "other"
                trace.lane((pid, tid)).marks.setdefault(kind, []).append(entry)
        if ts < trace.first:
            trace.first = ts
        if end > trace.last:
            trace.last = end
    return trace


def _order(value):
    """A sort key for pids and tids that may mix numbers and strings."""
    return (0, value, "") if isinstance(value, int) else (1, 0, value)


def ordered_lanes(trace):
    lanes = list(trace.lanes.values())
    lanes.sort(key=lambda l: (_order(l.key[0]),
                              l.sort if l.sort is not None else (l.key[1] if isinstance(l.key[1], int) else math.inf),
                              _order(l.key[1])))
    return lanes


def lane_label(lane, several_processes):
    pid, tid = lane.key
    label = lane.label if lane.label else f"container {tid}"
    return f"pid {pid}: {label}" if several_processes else label


# ---------------------------------------------------------------- formatting

def xml_text(text):
    text = _INVALID_XML.sub("\ufffd", str(text))
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xml_attr(text):
    return xml_text(text).replace('"', "&quot;").replace("\n", "&#10;")


def px(value):
    """A coordinate, to a tenth of a pixel, as short as possible."""
    text = f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def fmt_ms(us, decimals=3):
    text = f"{us / 1000.0:.{decimals}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def fmt_duration(us):
    if us < 1000:
        return f"{us:.3g} µs"
    return f"{us / 1000.0:.4g} ms"


def text_width(text, size):
    """An estimate of the width of sans-serif text; used for layout only."""
    return len(text) * size * 0.56


def nice_step(span, max_ticks):
    raw = span / max(1, max_ticks)
    base = 10.0 ** math.floor(math.log10(raw))
    for mult in (1, 2, 2.5, 5, 10):
        if mult * base >= raw * (1 - 1e-9):
            return mult * base
    return 10 * base


def ticks(lo, hi, max_ticks):
    """Round tick values (ms) within [lo, hi] ms and the decimals to print them."""
    step = nice_step(hi - lo, max_ticks)
    decimals = max(0, -math.floor(math.log10(step) + 1e-9))
    if step * 10 ** decimals % 1 > 1e-6:          # 2.5 x 10^k needs one more
        decimals += 1
    first = math.ceil(lo / step - 1e-9)
    last = math.floor(hi / step + 1e-9)
    values = [k * step for k in range(first, last + 1)]
    return values, decimals


# ---------------------------------------------------------------- geometry

def merge_slices(slices, lo, hi, x_of, right):
    """Clip to [lo, hi] us, sort, and merge slices less than MERGE_PX apart.

    Returns [x0, x1, count, busy_us, instructions, first_start, last_end, name].
    """
    rects = []
    inside = [s for s in slices if s[1] >= lo and s[0] <= hi]
    inside.sort(key=lambda s: s[0])                 # linear when already in order
    for start, end, name, instructions in inside:
        cs, ce = max(start, lo), min(end, hi)
        x0 = x_of(cs)
        x1 = max(x_of(ce), x0 + MIN_RECT)
        if rects and x0 - rects[-1][1] < MERGE_PX:
            r = rects[-1]
            if x1 > r[1]:
                r[1] = x1
            r[2] += 1
            r[3] += ce - cs
            if instructions is not None:
                r[4] = (r[4] or 0) + instructions
            if end > r[6]:
                r[6] = end
        else:
            rects.append([x0, x1, 1, ce - cs, instructions, start, end, name])
    for r in rects:                                  # keep the minimum width inside the plot
        if r[1] > right:
            r[1] = right
            r[0] = min(r[0], right - MIN_RECT)
    return rects


def merge_marks(marks, lo, hi, x_of):
    """Clip to [lo, hi] us, sort, and group marks less than MERGE_PX apart.

    Returns [x, count, first_ts, last_ts, name, messages].
    """
    groups = []
    inside = [m for m in marks if lo <= m[0] <= hi]
    inside.sort(key=lambda m: m[0])
    for ts, name, message in inside:
        x = x_of(ts)
        if groups and x - groups[-1][0] < MERGE_PX:
            g = groups[-1]
            g[1] += 1
            g[3] = ts
            if message and len(g[5]) <= MAX_MESSAGES:
                g[5].append(message)
        else:
            groups.append([x, 1, ts, ts, name, [message] if message else []])
    return groups


def dodge(groups):
    """Nudge markers on one side of a lane that would hide one another.

    groups: [(group, order)], group[0] being its x.  A marker closer than
    DODGE_PX to the previous one moves right to sit beside it, as long as
    that moves it at most DODGE_MAX_PX; past that (dense faults) they
    overlap.  The tooltip keeps the exact time.
    """
    groups.sort(key=lambda item: (item[0][0], item[1]))
    previous = -math.inf
    for group, _order in groups:
        x = group[0]
        if x - previous < DODGE_PX and previous + DODGE_PX - x <= DODGE_MAX_PX:
            x = previous + DODGE_PX
            group[0] = x
        previous = x


def marker_shape(shape, x, y, colour, title=None):
    """One marker element centred at x whose band-side tip touches y.

    For shapes above the band y is the band's top; below, its bottom.
    """
    if shape == "tick":
        tag, attrs = "path", f'd="M{px(x)} {px(y - 9)}v8" stroke="{colour}" stroke-width="1.4"'
    elif shape == "down":
        tag, attrs = "path", f'd="M{px(x - 5)} {px(y - 9.5)}h10l-5 9z" fill="{colour}"'
    elif shape == "dot":
        tag, attrs = "circle", f'cx="{px(x)}" cy="{px(y - 5)}" r="3" fill="{colour}"'
    elif shape == "circle":
        tag, attrs = "circle", f'cx="{px(x)}" cy="{px(y + 5.5)}" r="4.2" fill="{colour}"'
    elif shape == "square":
        tag, attrs = "rect", f'x="{px(x - 4)}" y="{px(y + 1.5)}" width="8" height="8" fill="{colour}"'
    elif shape == "diamond":
        tag, attrs = "path", f'd="M{px(x)} {px(y - 11)}l5 5l-5 5l-5-5z" fill="{colour}"'
    else:
        raise ValueError(shape)
    if shape != "tick":
        attrs += ' stroke="#fff" stroke-width="0.6"'
    if title is None:
        return f"<{tag} {attrs}/>"
    return f"<{tag} {attrs}><title>{xml_text(title)}</title></{tag}>"


# ---------------------------------------------------------------- drawing

def render(trace, width=DEFAULT_WIDTH, from_ms=None, to_ms=None, source="trace"):
    """The SVG text of the trace between from_ms and to_ms (None: its bounds)."""
    lo = from_ms * 1000.0 if from_ms is not None else trace.first
    hi = to_ms * 1000.0 if to_ms is not None else trace.last
    if from_ms is not None and to_ms is None and lo >= hi:
        raise TimelineError(f"{source}: error: --from {from_ms:g} ms is not before the end of the trace "
                            f"({fmt_ms(trace.last)} ms)")
    if to_ms is not None and from_ms is None and hi <= lo:
        raise TimelineError(f"{source}: error: --to {to_ms:g} ms is not after the start of the trace "
                            f"({fmt_ms(trace.first)} ms)")
    if hi <= lo:                                     # one instant or zero-length slices
        hi = lo + 1.0

    lanes = ordered_lanes(trace)
    several = len({lane.key[0] for lane in lanes}) > 1
    span = hi - lo

    # Per-lane figures first: they size the label column.
    rows = []
    for index, lane in enumerate(lanes):
        label = lane_label(lane, several)
        busy = sum(min(e, hi) - max(s, lo) for s, e, _, _ in lane.slices[RUN] if e >= lo and s <= hi)
        counts = {kind: sum(1 for m in marks if lo <= m[0] <= hi) for kind, marks in lane.marks.items()}
        collecting = sum(min(e, hi) - max(s, lo) for s, e, _, _ in lane.slices[GC] if e >= lo and s <= hi)
        stats = [f"ran {100.0 * busy / span:.1f}%"]
        if collecting:
            stats.append(f"collected {100.0 * collecting / span:.1f}%")
        for kind in ("fault", "restart"):                    # the rest shows as markers
            if counts.get(kind):
                stats.append(f"{counts[kind]:,} {kind}" + ("s" if counts[kind] > 1 else ""))
        rows.append((lane, label, " · ".join(stats), LANE_COLOURS[index % len(LANE_COLOURS)]))

    label_w = max([text_width(r[1], 12.5) for r in rows] + [text_width(r[2], 10.5) for r in rows] + [80])
    label_w = min(label_w + 6, width * 0.3)
    left = MARGIN + label_w + 12
    right = width - MARGIN - 6
    plot_w = right - left
    scale = plot_w / span

    def x_of(us):
        return left + (us - lo) * scale

    top = HEADER
    lanes_bottom = top + LANE_H * max(1, len(rows))
    out = []
    w = out.append

    # Header.
    processes = sorted({p for p in trace.process.values()})
    title = (processes[0] if len(processes) == 1 else "Sense-VM") + ": schedule"
    tick_values, decimals = ticks(lo / 1000.0, hi / 1000.0, max(2, int(plot_w // 95)))
    window_dec = max(3, decimals)
    n_run = sum(sum(1 for s in lane.slices[RUN] if s[1] >= lo and s[0] <= hi) for lane in lanes)
    n_gc = sum(sum(1 for s in lane.slices[GC] if s[1] >= lo and s[0] <= hi) for lane in lanes)
    subtitle = (f"{fmt_ms(lo, window_dec)} – {fmt_ms(hi, window_dec)} ms · {len(rows)} container"
                f"{'s' if len(rows) != 1 else ''} · {n_run:,} run slice{'s' if n_run != 1 else ''} · "
                f"{n_gc:,} collector slice{'s' if n_gc != 1 else ''}")

    # Legend entries: what appears in the window.
    present = set()
    for lane in lanes:
        for kind, marks in lane.marks.items():
            if any(lo <= m[0] <= hi for m in marks):
                present.add(kind)
    has_other = any(s[1] >= lo and s[0] <= hi for lane in lanes for s in lane.slices[OTHER])
    has_global = any(lo <= g[0] <= hi for g in trace.globals)
    legend = [("run", "run (colour of the lane)"), ("gc", "garbage collection")]
    if has_other:
        legend.append(("otherslice", "other slice"))
    legend += [(kind, kind if kind != "other" else "other event") for kind in MARKER_ORDER if kind in present]
    if has_global:
        legend.append(("global", "event of no container"))
    legend_items = []
    lx, ly = MARGIN, lanes_bottom + 48
    for key, text in legend:
        item_w = 22 + text_width(text, 11.5) + 18
        if lx + item_w > right and lx > MARGIN:
            lx, ly = MARGIN, ly + 20
        legend_items.append((key, text, lx, ly))
        lx += item_w
    height = int(ly + 20)

    w(f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
      f'viewBox="0 0 {width} {height}" font-family="{xml_attr(FONT)}" font-size="12">')
    w(f"<title>{xml_text(title)}, {xml_text(subtitle)}</title>")
    w('<defs><pattern id="gc-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
      'patternTransform="rotate(45)">'
      f'<rect width="6" height="6" fill="{GC_DARK}"/><rect width="2.5" height="6" fill="{GC_LIGHT}"/>'
      '</pattern></defs>')
    w(f'<rect width="{width}" height="{height}" fill="#ffffff"/>')
    w(f'<text x="{MARGIN}" y="24" font-size="16" font-weight="600" fill="#1f2328">{xml_text(title)}</text>')
    w(f'<text x="{MARGIN}" y="43" font-size="11.5" fill="#59636e">{xml_text(subtitle)}</text>')

    # Lane backgrounds, labels and tracks.
    w('<g class="lanes">')
    for i, (lane, label, stats, colour) in enumerate(rows):
        y = top + i * LANE_H
        if i % 2 == 0:
            w(f'<rect x="{MARGIN - 6}" y="{y}" width="{px(width - 2 * MARGIN + 6)}" height="{LANE_H}" fill="#f6f8fa"/>')
        w(f'<rect x="{px(left)}" y="{y + BAND_TOP}" width="{px(plot_w)}" height="{BAND_H}" fill="#e8ebef"/>')
        shown = label
        max_chars = int(label_w / (12.5 * 0.56))
        if len(shown) > max_chars:
            shown = shown[:max(1, max_chars - 1)] + "…"
        w(f'<text class="lane-label" x="{MARGIN}" y="{y + 18}" font-size="12.5" font-weight="500" '
          f'fill="#1f2328"><title>{xml_text(label)}</title>{xml_text(shown)}</text>')
        w(f'<text x="{MARGIN}" y="{y + 32}" font-size="10.5" fill="#6a737d">{xml_text(stats)}</text>')
    w("</g>")

    # Grid lines at the ticks.
    w('<g class="grid" stroke="#d4d9df" stroke-width="1">')
    for value in tick_values:
        x = x_of(value * 1000.0)
        w(f'<path d="M{px(x)} {top}V{lanes_bottom + 4}"/>')
    w("</g>")

    # Slices.
    for index, (lane, label, _stats, colour) in enumerate(rows):
        band_y = top + index * LANE_H + BAND_TOP
        for kind in SLICE_KINDS:
            rects = merge_slices(lane.slices[kind], lo, hi, x_of, right)
            if not rects:
                continue
            if kind == RUN:
                fill = colour
            elif kind == GC:
                fill = "url(#gc-hatch)"
            else:
                fill = OTHER_COLOUR
            w(f'<g class="slices {kind}" data-lane="{index}" fill="{fill}">')
            for x0, x1, count, busy, instructions, first, last, name in rects:
                if count == 1:
                    tip = f"{name or kind} · {label}\n{fmt_ms(first)} – {fmt_ms(last)} ms ({fmt_duration(last - first)})"
                else:
                    tip = (f"{count:,} {name or kind} slices · {label}\n{fmt_ms(first)} – {fmt_ms(last)} ms, "
                           f"busy {fmt_duration(busy)}")
                if instructions is not None:
                    tip += f"\n{int(instructions):,} instructions"
                w(f'<rect x="{px(x0)}" y="{band_y}" width="{px(x1 - x0)}" height="{BAND_H}">'
                  f"<title>{xml_text(tip)}</title></rect>")
            w("</g>")

    # Markers.
    for index, (lane, label, _stats, _colour) in enumerate(rows):
        band_y = top + index * LANE_H + BAND_TOP
        drawn = {}
        for kind in MARKER_ORDER:
            groups = merge_marks(lane.marks.get(kind, ()), lo, hi, x_of)
            if groups:
                drawn[kind] = groups
        dodge([(g, MARKER_ORDER.index(kind)) for kind, groups in drawn.items()
               if MARKERS[kind][1] == "above" and kind != "wake" for g in groups])
        dodge([(g, MARKER_ORDER.index(kind)) for kind, groups in drawn.items()
               if MARKERS[kind][1] == "below" for g in groups])
        for kind, groups in drawn.items():
            colour, where, shape = MARKERS[kind]
            anchor = band_y if where == "above" else band_y + BAND_H
            if shape == "tick" and len(groups) > MAX_TICKS:
                # Dense wakes: one path, one tooltip, a dozen bytes a tick.
                total = sum(g[1] for g in groups)
                tip = f"{total:,} × {kind} · {label} · {fmt_ms(groups[0][2])} – {fmt_ms(groups[-1][3])} ms"
                d = "".join(f"M{px(g[0])} {px(anchor - 9)}v8" for g in groups)
                w(f'<g class="marks {kind.replace(" ", "-")} dense" data-lane="{index}">'
                  f'<path d="{d}" stroke="{colour}" stroke-width="1.4"><title>{xml_text(tip)}</title></path></g>')
                continue
            w(f'<g class="marks {kind.replace(" ", "-")}" data-lane="{index}">')
            for x, count, first, last, name, messages in groups:
                shown = name or kind
                if count == 1:
                    tip = f"{shown} · {label} · {fmt_ms(first)} ms"
                else:
                    tip = f"{count:,} × {shown} · {label} · {fmt_ms(first)} – {fmt_ms(last)} ms"
                listed = messages[:MAX_MESSAGES]
                for message in listed:
                    tip += f"\n{message}"
                if messages and count > len(listed):
                    tip += f"\n… and {count - len(listed):,} more"
                w(marker_shape(shape, x, anchor, colour, title=tip))
            w("</g>")

    # Instants of no container: a dashed line across the lanes.
    if has_global:
        w('<g class="marks global" stroke="#59636e" stroke-width="1" stroke-dasharray="3 3">')
        for x, count, first, last, name, messages in merge_marks(trace.globals, lo, hi, x_of):
            tip = f"{name or 'event'} · {fmt_ms(first)} ms" if count == 1 else \
                f"{count:,} events · {fmt_ms(first)} – {fmt_ms(last)} ms"
            for message in messages[:MAX_MESSAGES]:
                tip += f"\n{message}"
            w(f'<path d="M{px(x)} {top}V{lanes_bottom}"><title>{xml_text(tip)}</title></path>')
        w("</g>")

    # Axis.
    axis_y = lanes_bottom + 6
    w('<g class="axis" fill="#1f2328" font-size="11">')
    w(f'<path d="M{px(left)} {axis_y}H{px(right)}" stroke="#59636e" stroke-width="1"/>')
    for value in tick_values:
        x = x_of(value * 1000.0)
        text = f"{value:.{decimals}f}"
        if float(text) == 0:
            text = f"{0:.{decimals}f}"
        w(f'<path d="M{px(x)} {axis_y}v5" stroke="#59636e" stroke-width="1"/>')
        w(f'<text x="{px(x)}" y="{axis_y + 18}" text-anchor="middle">{text}</text>')
    gap = 10
    if tick_values and x_of(tick_values[0] * 1000.0) - left < 30:     # clear the first label
        gap += text_width(f"{tick_values[0]:.{decimals}f}", 11) / 2
    w(f'<text x="{px(left - gap)}" y="{axis_y + 18}" text-anchor="end" fill="#59636e">time (ms)</text>')
    w("</g>")

    # Legend.
    w('<g class="legend" font-size="11.5" fill="#1f2328">')
    for key, text, x, y in legend_items:
        if key == "run":
            for k in range(3):
                w(f'<rect x="{px(x + 6 * k)}" y="{y - 9}" width="6" height="12" '
                  f'fill="{LANE_COLOURS[k]}"/>')
        elif key == "gc":
            w(f'<rect x="{px(x)}" y="{y - 9}" width="18" height="12" fill="url(#gc-hatch)"/>')
        elif key == "otherslice":
            w(f'<rect x="{px(x)}" y="{y - 9}" width="18" height="12" fill="{OTHER_COLOUR}"/>')
        elif key == "global":
            w(f'<path d="M{px(x + 9)} {y - 10}v14" stroke="#59636e" stroke-dasharray="3 3"/>')
        else:
            colour, where, shape = MARKERS[key]
            anchor = y + 2 if where == "above" else y - 8.5      # centred on the swatch row
            w(marker_shape(shape, x + 9, anchor, colour))
        w(f'<text x="{px(x + 24)}" y="{y + 1}">{xml_text(text)}</text>')
    w("</g>")
    w("</svg>")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- output

def write_output(path, data):
    """Write data to path: atomically for a regular file, directly otherwise."""
    if path == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    try:
        st = os.stat(path)
    except FileNotFoundError:
        st = None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise IsADirectoryError(21, "Is a directory")
    if st is not None and not stat.S_ISREG(st.st_mode):
        with open(path, "wb") as f:                  # /dev/null, /dev/stdout, a FIFO
            f.write(data)
        return
    target = os.path.realpath(path)                  # a symlink keeps pointing at the picture
    directory = os.path.dirname(target)
    base = os.path.basename(target)
    for attempt in range(100):
        tmp = os.path.join(directory, f".{base}.{os.getpid()}.{attempt}.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            break
        except FileExistsError:
            continue
    else:
        raise FileExistsError(17, "cannot create a temporary file next to it")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
            if st is not None:
                os.fchmod(f.fileno(), stat.S_IMODE(st.st_mode))
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


# ---------------------------------------------------------------- CLI

class _Parser(argparse.ArgumentParser):
    def error(self, message):                            # one line, not usage + error
        self.exit(2, f"timeline: error: {message} (usage: timeline.py TRACE.json -o OUT.svg "
                     f"[--from MS] [--to MS] [--width PX])\n")


def _ms(text):
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of milliseconds: {text!r}") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"not a finite number of milliseconds: {text!r}")
    return value


def _width(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number of pixels: {text!r}") from None
    if not MIN_WIDTH <= value <= MAX_WIDTH:
        raise argparse.ArgumentTypeError(f"{value} is outside {MIN_WIDTH}..{MAX_WIDTH} pixels")
    return value


def main(argv=None):
    parser = _Parser(prog="timeline.py",
                     description="Draw a Sense-VM schedule trace (svm-run --trace) as an SVG timeline.")
    parser.add_argument("trace", help="trace file (Chrome trace event JSON)")
    parser.add_argument("-o", "--output", required=True, help="SVG file to write ('-' for stdout)")
    parser.add_argument("--from", dest="from_ms", type=_ms, metavar="MS", help="start of the window, ms")
    parser.add_argument("--to", dest="to_ms", type=_ms, metavar="MS", help="end of the window, ms")
    parser.add_argument("--width", type=_width, default=DEFAULT_WIDTH, metavar="PX",
                        help=f"picture width in pixels (default {DEFAULT_WIDTH})")
    args = parser.parse_args(argv)
    if args.from_ms is not None and args.to_ms is not None and args.from_ms >= args.to_ms:
        print(f"timeline: error: --from {args.from_ms:g} ms is not before --to {args.to_ms:g} ms", file=sys.stderr)
        return 2
    try:
        trace = load(args.trace)
        svg = render(trace, args.width, args.from_ms, args.to_ms, source=args.trace)
    except TimelineError as e:
        print(e, file=sys.stderr)
        return 2
    except MemoryError:
        print(f"{args.trace}: error: the trace is too large to read into memory", file=sys.stderr)
        return 2
    if trace.skipped:
        print(f"{args.trace}: warning: skipped {trace.skipped:,} malformed event"
              f"{'s' if trace.skipped != 1 else ''}", file=sys.stderr)
    try:
        write_output(args.output, svg.encode("utf-8"))
    except OSError as e:
        print(f"{args.output}: error: cannot write the picture: {e.strerror or e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
