"""Code generation: the checked program -> CAM assembly text (ISA.md).

Calling conventions (compiler/README.md has the picture):

* A known function (top level or `letrec`) of m arguments (its free
  variables first, then its parameters) is entered by `call` with
  arguments 1..m-1 on the stack under the return address R and argument m
  in env.  Its frame is [args R locals]; every variable lives in a stack
  slot (read with `peek`), or in a slot holding a tuple (read with `peek`
  and a path of fst/snd/acc).  It returns with `ret l a` (drop the locals,
  return, drop the arguments); a tail call replaces the frame (`tailcall`),
  and a self tail call, when it can, writes the new arguments over the
  old ones and jumps back into the body (in_place_tail_call).
* A closure is entered by `app` as CAM code expects: env = (v, argument)
  where v is the closure's captured variables as a chain (((), x1), x2)..
  (read with `acc`).  A known function used as a value is a chain of
  closures, one per argument; the last one tail-calls the known function.
  A tail application of a closure is `appterm`.
* Data: a tuple (a, b, c) is (a, (b, c)); a constructor with fields x1..xn
  packs () (n = 0), x1 (n = 1) or the tuple (x1, ..., xn); tags are the
  declaration order, 0..n-1 per data type.
"""

import os
import re
import sys

from . import ast as A
from .builtins import Builtin
from .errors import CompileError, CompileWarning
from .exhaustive import missing
from .freevars import FreeVars, mentions, roots, scan
from .typecheck import Ctor, Known, Local
from .types import TCon, prune

MAX_SLOT = 255

INT_OPS = {"+": "add", "-": "sub", "*": "mul", "/": "div", "%": "mod",
           "==": "eq", "!=": "ne", "<": "lt", "<=": "le", ">": "gt", ">=": "ge"}
FLOAT_OPS = {"+": "addf", "-": "subf", "*": "mulf", "/": "divf",
             "==": "eqf", "<": "ltf", "<=": "lef", ">": "gtf", ">=": "gef"}
COMPARE_IMM = {"==": "eqi", "!=": "nei", "<": "lti", "<=": "lei", ">": "gti", ">=": "gei"}
JUMP_IMM = {"==": "jeqi", "!=": "jnei", "<": "jlti", "<=": "jlei", ">": "jgti", ">=": "jgei"}
JUMP_SLOTS = {"==": "jeqs", "!=": "jnes", "<": "jlts", "<=": "jles", ">": "jgts", ">=": "jges"}
NEGATE = {"==": "!=", "!=": "==", "<": ">=", ">=": "<", ">": "<=", "<=": ">"}
FLIP = {"==": "==", "!=": "!=", "<": ">", ">": "<", "<=": ">=", ">=": "<="}


def wrap32(k):
    return (k + 2**31) % 2**32 - 2**31


class Label:
    """A code label, the stack depth there, and what env holds at each jump
    to it (to know env after it when they agree)."""
    __slots__ = ("name", "depth", "envs")

    def __init__(self, name, depth):
        self.name, self.depth, self.envs = name, depth, []


# Instructions after which control does not fall through.
SWITCH_CASES = 255  # the most cases one switch or switchi holds (its count is a byte)
TERMINAL = {"goto", "ret", "return", "tailcall", "appterm", "switchi", "switch", "stop"}
# Instructions that leave env as it was.
KEEPS_ENV = {"jeqi", "jnei", "jlti", "jlei", "jgti", "jgei", "gotoifalse", "drop"} | set(JUMP_SLOTS.values())
NEGATED_JUMP = {"eq": "jne", "ne": "jeq", "lt": "jge", "le": "jgt", "gt": "jle", "ge": "jlt"}
SAME_JUMP = {"eq": "jeq", "ne": "jne", "lt": "jlt", "le": "jle", "gt": "jgt", "ge": "jge"}


class Line(str):
    """A line of assembly that remembers the source position of the
    expression it was emitted for (None: none); unit: a label that starts
    a function's or a lambda's code (pos: the definition's).  The passes
    below keep the lines they do not change; a line they make is a plain
    str."""

    def __new__(cls, text, pos, unit=False):
        line = super().__new__(cls, text)
        line.pos, line.unit = pos, unit
        return line


def source_positions(lines):
    """The source position of each line of the final code: its own, or, for
    a line a pass made (a fused instruction, a loop's body), that of the
    instruction before it in the same function or lambda (from its start:
    the definition's); None for labels."""
    out, last = [], None
    for line in lines:
        if not line.startswith((" ", "\t")):
            if getattr(line, "unit", False):
                last = line.pos  # another function's code
            out.append(None)
            continue
        pos = getattr(line, "pos", None)
        if pos is not None:
            last = pos
        out.append(pos if pos is not None else last)
    return out


def made(text, used):
    """A line a pass makes of the lines `used`: the position of the first
    of them that has one."""
    for line in used:
        pos = getattr(line, "pos", None)
        if pos is not None:
            return Line(text, pos)
    return text


def peephole(lines, fused=True):
    """Fuse adjacent instructions into the superinstructions made for
    compiled code: push; peek n -> pushpeek n; a comparison and the branch
    on its result -> a compare-and-branch.  Without them (fused false: a
    product without the FUSED group) only what needs none: bodies that
    keep no slot, a push sunk past a first test."""
    if not fused:
        return unused_labels(sink_push(unpushed_bodies(lines)))
    out = []
    i, n = 0, len(lines)
    while i < n:
        line = lines[i].strip()
        nxt = lines[i + 1].strip() if i + 1 < n else ""
        nxt2 = lines[i + 2].strip() if i + 2 < n else ""
        if line == "push" and nxt.startswith("peek "):
            out.append("    pushpeek " + nxt.split()[1])
            i += 2
            continue
        if line in NEGATED_JUMP and nxt.startswith("gotoifalse "):
            out.append(made(f"    {NEGATED_JUMP[line]} {nxt.split()[1]}", lines[i:i + 2]))
            i += 2
            continue
        if line in SAME_JUMP and nxt == "not" and nxt2.startswith("gotoifalse "):
            out.append(made(f"    {SAME_JUMP[line]} {nxt2.split()[1]}", lines[i:i + 3]))
            i += 3
            continue
        out.append(lines[i])
        i += 1
    out = unused_labels(sink_push(unpushed_bodies(out)))
    while True:  # each round fuses pairs the previous one made
        fused = fuse_slots(out)
        if len(fused) == len(out):
            break
        out = fused
    return add_returns(summing_loops(counted_loops(switch_back_edges(guarded_calls(snd_pops(conditional_returns(
        loads_after_slot_tests(env_slot_updates(back_edges(out))))))))))


def fuse_windows(lines, size, fuse):
    """Each run of `size` lines that fuse(their words) turns into one
    instruction (a line of text) replaced by it, left to right."""
    out = []
    i, n = 0, len(lines)
    while i < n:
        one = fuse([lines[j].split() for j in range(i, i + size)]) if i + size <= n else None
        if one is not None:
            out.append(made("    " + one, lines[i:i + size]))
            i += size
            continue
        out.append(lines[i])
        i += 1
    return out


def counted_loops(lines):
    """A counter updated in place and tested against 0 at once, a counted
    loop's back edge (`addpokei n k; jnei 0 L`), is `addpokeijnz n k L`."""
    return fuse_windows(lines, 2, lambda w: f"addpokeijnz {w[0][1]} {w[0][2]} {w[1][2]}"
                        if w[0][:1] == ["addpokei"] and w[1][:2] == ["jnei", "0"] else None)


def summing_loops(lines):
    """A counted loop whose whole round adds the counter into an
    accumulator and counts it down (`loop (i - 1) (acc + i)`: `L: addpoke
    a n; addpokeijnz n k L`) is `L: accijnz a n k L`, which the VM goes
    round without dispatching.  Only a round of those two alone: where L
    is elsewhere accijnz would be a dispatch like any other."""
    out = []
    for i, line in enumerate(lines):
        w = line.split()
        if w[:1] == ["addpokeijnz"] and len(w) == 4 and out and i >= 2 and label_of(lines[i - 2]) == w[3]:
            prev = out[-1].split()
            if prev[:1] == ["addpoke"] and len(prev) == 3 and prev[2] == w[1]:
                out[-1] = made(f"    accijnz {prev[1]} {prev[2]} {w[2]} {w[3]}", [out[-1], line])
                continue
        out.append(line)
    return out


# What env holds after an instruction, as the slot it equals (env_slots):
# an instruction in ENV_IS_SLOT names that slot first.
ENV_TOP = "unreached"


def env_slots(lines):
    """before[i]: the slot env is known to equal before lines[i] (an int),
    or None.  A forward analysis within each function: push, peek, poke
    and the in-place updates say which slot env equals, the tests and
    gotos keep it, a label takes what every way into it agrees on (its
    jumps, the line before it); a label any other instruction names (a
    call, a closure, a switch's case) or a function's start knows
    nothing."""
    labels = [label_of(line) for line in lines]
    names = {name for name in labels if name is not None}
    poisoned, jumps = set(), {}  # jumps: label -> indices of the gotos and tests to it
    for i, line in enumerate(lines):
        if labels[i] is not None:
            if getattr(line, "unit", False) or line.strip().startswith("main:"):
                poisoned.add(labels[i])
            continue
        w = line.split()
        if w and (w[0] in KEEPS_ENV or w[0] == "goto") and w[-1] in names:
            jumps.setdefault(w[-1], []).append(i)
        else:
            poisoned.update(names.intersection(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", line)[1:]))

    def meet(a, b):
        return b if a == ENV_TOP else a if b == ENV_TOP or a == b else None

    before = [ENV_TOP] * len(lines)
    after = [ENV_TOP] * len(lines)
    changed = True
    while changed:  # facts only fall (unreached, a slot, None): a few rounds
        changed = False
        fact = None  # the code's start
        for i, line in enumerate(lines):
            if labels[i] is not None:
                if labels[i] in poisoned:
                    fact = None
                else:
                    for j in jumps.get(labels[i], ()):
                        fact = meet(fact, after[j])
            if before[i] != fact:
                before[i], changed = fact, True
            if labels[i] is not None:
                after[i] = fact
                continue
            w = line.split()
            op = w[0] if w else ""
            if op == "push":
                fact = 0
            elif op in ENV_IS_SLOT and len(w) >= 2 and w[1].isdigit():
                fact = int(w[1])
            elif op == "drop" and isinstance(fact, int):
                fact = fact - int(w[1]) if fact >= int(w[1]) else None
            elif not (op in KEEPS_ENV or op == "goto"):
                fact = None
            after[i] = fact
            if op in TERMINAL or op == "addret":
                fact = ENV_TOP
    return [None if f == ENV_TOP else f for f in before]


def env_slot_updates(lines):
    """`addpeek b; poke a` when env already equals slot a (a loop that
    keeps its accumulator in env and in its slot: `loop (i + 1) n (acc +
    i)`) is `addpoke a b`: one dispatch, the same env and slot a."""
    before = env_slots(lines)
    out = []
    i = 0
    while i < len(lines):
        w = lines[i].split()
        nxt = lines[i + 1].split() if i + 1 < len(lines) else []
        if w[:1] == ["addpeek"] and len(nxt) == 2 and nxt[0] == "poke" and before[i] == int(nxt[1]):
            out.append(made(f"    addpoke {nxt[1]} {w[1]}", lines[i:i + 2]))
            i += 2
            continue
        out.append(lines[i])
        i += 1
    return out


# Instructions that set env without reading it first.
WRITES_ENV_FIRST = {"peek", "addpoke", "addpokei", "loadi", "loadb", "loadf", "addpokeijnz", "accijnz"}


def loads_after_slot_tests(lines):
    """`peek n; jXXs a b L` where L's code sets env before it reads it
    (`jles 2 3 F_loop_body` back to `addpoke 0 2`) is `jXXs a b L; peek
    n`: the test reads only slots, and env matters only where the jump
    falls through (a loop's exit), so the load is made once, not each
    round."""
    labels = [label_of(line) for line in lines]
    end = runs_end(lines, lambda k: labels[k] is not None)
    first = {name: (lines[end[k]].split() if end[k] < len(lines) else []) for k, name in enumerate(labels)
             if name is not None}
    out = list(lines)
    for i in range(len(out) - 1):
        w, nxt = out[i].split(), out[i + 1].split()
        if w[:1] == ["peek"] and nxt[:1] and nxt[0] in INVERT_SLOT_JUMP and \
                (first.get(nxt[-1]) or [""])[0] in WRITES_ENV_FIRST:
            out[i], out[i + 1] = out[i + 1], out[i]
    return out


def label_of(line):
    """The label a line defines, or None."""
    head = line.split(";")[0].strip()
    return head[:-1] if head.endswith(":") and " " not in head else None


def runs_end(lines, is_label):
    """end[k]: the first index at or after k whose line is_label(index)
    says is no label (len(lines) when none): the end of a run of labels,
    found once for all, not by a scan from each label (an else-if chain
    piles thousands of labels up)."""
    end = [len(lines)] * (len(lines) + 1)
    for k in range(len(lines) - 1, -1, -1):
        end[k] = end[k + 1] if is_label(k) else k
    return end


def switch_back_edges(lines):
    """A loop over a list (or any two-constructor type) tests at its head
    and goes round with a goto:

        X: switch2 N; <round> .. goto X; N: ..
     -> X: switch2 N; X_cons: <round> .. switch2n X_cons; N: ..

    The round's end makes the head's test itself, the other way round
    (tag 0 falls through to N, which follows): one dispatch a round less."""
    labels = [label_of(line) for line in lines]
    end = runs_end(lines, lambda k: labels[k] is not None)
    defined = {name: k for k, name in enumerate(labels) if name is not None}
    heads = {}  # label -> index of the switch2 after it
    for j, name in enumerate(labels):
        if name is None:
            continue
        k = end[j + 1]
        if k < len(lines) and lines[k].split()[:1] == ["switch2"]:
            heads[name] = k
    bodies = {}  # index of a head's switch2 -> the label after it
    out_edges = {}  # index of a goto -> the label it goes round to
    for i, line in enumerate(lines):
        w = line.split()
        if len(w) != 2 or w[0] != "goto" or w[1] not in heads:
            continue
        at = heads[w[1]]
        nil = lines[at].split()[1]
        if not i + 1 <= defined.get(nil, -1) < end[i + 1]:  # N is not among the labels right after the goto
            continue
        out_edges[i] = bodies.setdefault(at, f"{w[1]}_cons")
    if not out_edges:
        return lines
    out = []
    for i, line in enumerate(lines):
        if i in out_edges:
            out.append(f"    switch2n {out_edges[i]}")
            continue
        out.append(line)
        if i in bodies:
            out.append(f"{bodies[i]}:")
    return out


def guarded_calls(lines):
    """A function that starts by returning its last argument when a test
    holds (fib's `retlti 2 0 0`, half of its calls; tak's `jlts 1 2 L;
    ret 0 2`, three in four) is not called when the test holds: the caller
    makes the test, and the call would have done nothing else (env, the
    argument, is the result; the return address and a arguments would be
    popped):

        call F  (F: retXXi k 0 a)            ->  jXXi k S; call F; A:
        call F  (F: jXXs i j L; ret 0 a)     ->  jYYs i-1 j-1 S; call F; A:

    (YY the opposite test, the slots one nearer the top without the
    return address), S being A when a is 0, else a stub at the end:
    `S: drop a; goto A`.  The call then enters F after its test (at
    F_tested, or at L), which would not return: the caller's test did not.
    `jlti k A; call F; A:` is `callgei k F` (one dispatch, falling through
    on the base case)."""
    starts = {}
    bodies = {}  # index of an entry test -> the label that goes after it
    heads = [line.split(";")[0].strip() for line in lines]
    end = runs_end(lines, lambda k: heads[k].endswith(":"))
    for j, head in enumerate(heads):
        if not (head.endswith(":") and " " not in head):
            continue
        k = end[j + 1]
        w = lines[k].split() if k < len(lines) else []
        nxt = lines[k + 1].split() if k + 1 < len(lines) else []
        if len(w) == 4 and w[0] in GUARD_JUMP and w[2] == "0":
            body = head[:-1] + "_tested"
            bodies[k] = body
            starts[head[:-1]] = (f"{GUARD_JUMP[w[0]]} {w[1]}", int(w[3]), body)
        elif len(w) == 4 and w[0] in INVERT_SLOTS and int(w[1]) >= 1 and int(w[2]) >= 1 and \
                len(nxt) == 3 and nxt[:2] == ["ret", "0"]:
            starts[head[:-1]] = (f"{INVERT_SLOTS[w[0]]} {int(w[1]) - 1} {int(w[2]) - 1}", int(nxt[2]), w[3])
    if not starts:
        return lines
    out, stubs = [], []
    for j, line in enumerate(lines):
        w = line.split()
        if len(w) == 2 and w[0] == "call" and w[1] in starts:
            test, a, body = starts[w[1]]
            if a == 0 and test.startswith("jlti "):  # one dispatch, falling through on the base case
                out.append(f"    callgei {test.split()[1]} {body}")
                continue
            after = f"{w[1]}_skip{len(out)}"
            target = after
            if a:
                target = f"{after}_drop"
                stubs += [f"{target}:", f"    drop {a}", f"    goto {after}"]
            out += [f"    {test} {target}", f"    call {body}", f"{after}:"]
        else:
            out.append(line)
            if j in bodies:
                out.append(bodies[j] + ":")
    return out + stubs


ADDRET_MAX_SLOT = 15  # addret's slot operand sizes the loader's guard below every stack: kept small


def add_returns(lines):
    """A function whose result is a sum with a call's result (`fib (n - 1)
    + fib (n - 2)`) ends `add; ret l 0`: `addret l+1` (its operand is the
    slot of the return address, counting the sum's operand)."""
    return fuse_windows(lines, 2, lambda w: f"addret {int(w[1][1]) + 1}" if w[0] == ["add"]
                        and w[1][:1] == ["ret"] and len(w[1]) == 3 and w[1][2] == "0"
                        and int(w[1][1]) + 1 <= ADDRET_MAX_SLOT else None)


def snd_pops(lines):
    """The end of a round of a loop over a list, `peek 0; snd; poke a;
    drop 1` (the tail of the payload kept on top becomes the argument, the
    payload goes), is `sndpop a`.  After back_edges, which reads the poke."""
    return fuse_windows(lines, 4, lambda w: f"sndpop {w[2][1]}" if w[0] == ["peek", "0"] and w[1] == ["snd"]
                        and w[2][:1] == ["poke"] and w[3] == ["drop", "1"] else None)


INVERT_SLOTS = {"jeqs": "jnes", "jnes": "jeqs", "jlts": "jges", "jges": "jlts", "jles": "jgts", "jgts": "jles"}
RETURN_IF = {"jeqi": "reteqi", "jnei": "retnei", "jlti": "retlti", "jlei": "retlei", "jgti": "retgti", "jgei": "retgei"}
GUARD_JUMP = {ret: jump for jump, ret in RETURN_IF.items()}  # retlti -> jlti: the test a guarded call makes


def conditional_returns(lines):
    """A test on env whose one way only returns env becomes a conditional
    return (fib's leaves: `jgei 2 L; ret 0 0; L:` -> `retlti 2 0 0`):

        jXXi k L; ret l a; L:    ->  retYYi k l a; L:   (YY the opposite)
        jXXi k L  .. L: ret l a  ->  retXXi k l a"""
    rets = {}
    for j in range(len(lines) - 1):
        w, nxt = lines[j].split(), lines[j + 1].split()
        if len(w) == 1 and w[0].endswith(":") and nxt[:1] == ["ret"]:
            rets[w[0][:-1]] = nxt[1:]
    out = []
    i, n = 0, len(lines)
    while i < n:
        w = lines[i].split()
        if w[:1] and w[0] in RETURN_IF:
            nxt = lines[i + 1].split() if i + 1 < n else []
            after = lines[i + 2].strip() if i + 2 < n else ""
            if nxt[:1] == ["ret"] and after == w[2] + ":":
                out.append(f"    {RETURN_IF[INVERT_JUMP[w[0]]]} {w[1]} {' '.join(nxt[1:])}")
                i += 2
                continue
            if w[2] in rets:
                out.append(f"    {RETURN_IF[w[0]]} {w[1]} {' '.join(rets[w[2]])}")
                i += 1
                continue
        out.append(lines[i])
        i += 1
    return unused_labels(out)


# Instructions that leave env holding slot n (their first operand) and
# conditional jumps that keep env, with the opposite condition.
ENV_IS_SLOT = {"poke", "addpoke", "addpokei", "peek", "consslot"}
INVERT_JUMP = {"jeqi": "jnei", "jnei": "jeqi", "jlti": "jgei", "jgei": "jlti", "jlei": "jgti", "jgti": "jlei"}
INVERT_SLOT_JUMP = {JUMP_SLOTS[op]: JUMP_SLOTS[NEGATE[op]] for op in JUMP_SLOTS}


def back_edges(lines):
    """A loop's back edge (`goto F_loop`, made by an in-place self tail
    call) into a body that starts by testing a slot:

        F_loop: peek n; jXXi k Lx; <then> .. Lx: <else> .. poke.. n; goto F_loop
     -> F_loop: peek n; jXXi k Lx; F_loop_body: <then> .. Lx: <else> ..
        poke.. n; jXXi k Lx; goto F_loop_body

    A `peek` just before the goto is dropped when the body overwrites env
    at once; when the instruction before it leaves env holding the very
    slot the body loads (an update in place does), the jump skips the
    load, and when a test on env follows, the back edge is that test:
    one instruction a round instead of three.  The test jumps the way the
    loop goes on (to Lx when the back edge is in Lx's branch, else,
    inverted, to the branch that falls through).  A body that tests env
    at once (the last argument, slot 0 at the head) is the same without
    the peek.  A body that starts by comparing two slots (`jgts i n Lx`,
    a loop counting up to a bound) has that test, the other way round, as
    its back edge, whatever env holds."""
    index = {line[:-1]: i for i, line in enumerate(lines) if line.endswith(":") and " " not in line.strip()}
    out, where = [], {}  # where: index in lines -> index in out
    new_labels = {}  # index in lines of the instruction a new label goes after -> the label
    for i, line in enumerate(lines):
        where[i] = len(out)
        w = line.split()
        target = index.get(w[1]) if len(w) == 2 and w[0] == "goto" and w[1].endswith("_loop") else None
        if target is None or target + 1 >= len(lines):
            out.append(line)
            continue
        first = lines[target + 1].split()
        if not first or first[0].endswith(":"):
            out.append(line)
            continue
        if first[0] in INVERT_SLOT_JUMP:  # a test of two slots, at the same depth here: env plays no part
            body = new_labels.setdefault(target + 1, f"{w[1]}_body")
            if index.get(first[3], len(lines)) < i:  # the back edge is in the jump's branch
                out.append(f"    {first[0]} {first[1]} {first[2]} {first[3]}")
                out.append(f"    goto {body}")
            else:
                out.append(f"    {INVERT_SLOT_JUMP[first[0]]} {first[1]} {first[2]} {body}")
                out.append(f"    goto {first[3]}")
            continue
        loaded, test_at = (int(first[1]), target + 2) if first[0] == "peek" else (0, target + 1)
        drop = 0
        k = len(out) - 1
        if out[k].split()[:1] == ["drop"]:
            drop = int(out[k].split()[1])
            k -= 1
        if first[0] == "peek" and out[k].split()[:1] == ["peek"]:  # dead: the body loads env anew
            del out[k]
            k -= 1
        prev = out[k].split()
        if not (prev[:1] and prev[0] in ENV_IS_SLOT and int(prev[1]) - drop == loaded):
            out.append(line)
            continue
        test = lines[test_at].split() if test_at < len(lines) else []
        if test[:1] and test[0] in INVERT_JUMP:
            body = new_labels.setdefault(test_at, f"{w[1]}_body")
            if index.get(test[2], len(lines)) < i:  # the back edge is in the jump's branch
                out.append(f"    {test[0]} {test[1]} {test[2]}")
                out.append(f"    goto {body}")
            else:
                out.append(f"    {INVERT_JUMP[test[0]]} {test[1]} {body}")
                out.append(f"    goto {test[2]}")
        elif first[0] == "peek":
            out.append(f"    goto {new_labels.setdefault(target + 1, w[1] + '_env')}")
        else:
            out.append(line)
    # the heads come before their back edges, which only ever removed
    # lines after them: their places in out are still right
    for i in sorted(new_labels, reverse=True):
        out.insert(where[i] + 1, new_labels[i] + ":")
    used = {w for line in out for w in line.split()[1:]}
    result = []
    for j, line in enumerate(out):
        w = line.split()
        if w and w[0] == "goto" and j + 1 < len(out) and out[j + 1] == w[1] + ":":
            continue  # to the next line
        if line.endswith("_loop:") and line[:-1] not in used:
            continue  # every back edge skips the head: the prologue's push and peek fuse again
        if w and w[0] == "peek" and result and result[-1].split() == ["push"]:
            result[-1] = "    pushpeek " + w[1]
            continue
        result.append(line)
    return unused_labels(result)


# Instructions that touch env only (no stack slot, no control), and binary
# operations that pop what a `pushi` just before them pushed.
ENV_ONLY = {"acc", "rest", "fst", "snd", "inc", "dec", "addi", "neg", "abs", "not", "bnot", "eqi", "nei", "lti",
            "lei", "gti", "gei", "loadi", "loadb", "loadf", "clear", "pack", "cur", "comb", "itof", "ftoi"}
PUSHI_OPS = {"add", "sub", "mul", "div", "mod", "band", "bor", "bxor", "shl", "shr", "asr",
             "eq", "ne", "lt", "le", "gt", "ge"}


def unpushed_bodies(lines):
    """A body that pushes env on entry and then only computes from env
    (a lambda `\\x -> x * 2 + 1`, a curried lambda's `cur`) needs no slot:

        push; <env-only code>; ret 1 0  ->  <env-only code>; return"""
    out = []
    i, n = 0, len(lines)
    while i < n:
        if lines[i].split() == ["push"] and out and out[-1].split()[0].endswith(":"):
            j, ok = i + 1, False
            while j < n:
                w = lines[j].split()
                if w == ["ret", "1", "0"]:
                    ok = True
                    break
                if w[:1] == ["pushi"] and j + 1 < n and lines[j + 1].split()[:1] and lines[j + 1].split()[0] in PUSHI_OPS \
                        and len(lines[j + 1].split()) == 1:
                    j += 2
                    continue
                if not w or w[0] not in ENV_ONLY:
                    break
                j += 1
            if ok:
                out += lines[i + 1:j] + ["    return"]
                i = j + 1
                continue
        out.append(lines[i])
        i += 1
    return out


def unused_labels(lines):
    """Drop the local labels (L..:) nothing jumps to: they would keep the
    instructions on either side from fusing."""
    used = set()
    for line in lines:
        w = line.split()
        if w and not w[0].endswith(":"):
            used.update(w[1:])
    return [line for line in lines
            if not (line.startswith("L") and line.endswith(":") and " " not in line and line[:-1] not in used)]


def sink_push(lines):
    """A function whose first test returns its last argument (fib's
    `if n < 2 then n`, tak's `else z`) pushes it only on the path that
    needs the slot:

        push; jXX .. L; ret 1 a; L:  ->  jXX .. Lp; ret 0 a; Lp: push; L:
        push; jXX .. L  (L: ret 1 a) ->  jXX .. Lr; push  (Lr: ret 0 a)

    for jXXi k L and jXXs a b L (whose slots are then one nearer the top),
    which keep env: the value pushed is env, what the ret returns."""
    rets = {}
    for j in range(len(lines) - 1):
        w, nxt = lines[j].split(), lines[j + 1].split()
        if len(w) == 1 and w[0].endswith(":") and len(nxt) == 3 and nxt[:2] == ["ret", "1"]:
            rets[w[0][:-1]] = nxt[2]
    out, tail = [], []
    i, n = 0, len(lines)
    while i < n:
        w = [lines[j].split() for j in range(i, min(i + 4, n))]
        if len(w) >= 2 and w[0] == ["push"] and w[1][:1]:
            jump, lab = w[1][0], w[1][-1]
            if jump in JUMP_IMM.values():
                operands = w[1][1:2]
            elif jump in JUMP_SLOTS.values() and w[1][1] != "0" and w[1][2] != "0":
                operands = [str(int(w[1][1]) - 1), str(int(w[1][2]) - 1)]  # one value less above them
            else:
                operands = None
            if (operands is not None and len(w) == 4 and len(w[2]) == 3 and w[2][:2] == ["ret", "1"]
                    and len(w[3]) == 1 and w[3][0] == lab + ":"):
                out += [f"    {jump} {' '.join(operands)} {lab}_push", f"    ret 0 {w[2][2]}", f"{lab}_push:", "    push",
                        lines[i + 3]]
                i += 4
                continue
            if operands is not None and lab in rets:
                out += [f"    {jump} {' '.join(operands)} {lab}_ret", "    push"]
                tail += [f"{lab}_ret:", f"    ret 0 {rets[lab]}"]
                i += 2
                continue
        out.append(lines[i])
        i += 1
    return out + tail


PEEK_OP = {"add": "addpeek", "sub": "subpeek"}


def addend(words):
    """k when the instruction `words` adds the constant k to env."""
    if words == ["inc"]:
        return 1
    if words == ["dec"]:
        return -1
    if words[:1] == ["addi"]:
        return int(words[1], 0)
    return None


def addpeek_chain(lines, i):
    """`peek a; addpeek b1; .. addpeek bn; poke a` (n >= 2) at lines[i]:
    slot a := slot a + b1 + .. + bn, the same as `addpoke a b1; ..
    addpoke a bn` when no bk after the first is a (an addpoke reads slot a
    as it has written it).  The slots [b1, .. bn], or None."""
    words = lines[i].split()
    if words[:1] != ["peek"]:
        return None
    chain = []
    for line in lines[i + 1:]:
        w = line.split()
        if w[:1] != ["addpeek"]:
            return chain if len(chain) >= 2 and w == ["poke", words[1]] else None
        if chain and w[1] == words[1]:
            return None
        chain.append(w[1])
    return None


def fuse_slots(lines):
    """The second round: pushpeek n; add -> addpeek n-1 (env + a slot,
    nothing pushed and popped), and two pushpeeks in a row -> pushpeek2."""
    out = []
    i, n = 0, len(lines)
    while i < n:
        words = lines[i].split()
        nxt = lines[i + 1].split() if i + 1 < n else []
        if words == ["push"] and nxt[:1] in (["peek"], ["peekaddi"]):  # made by sink_push
            out.append(made(f"    push{' '.join(nxt)}", lines[i:i + 2]))
            i += 2
            continue
        k = addend(nxt)
        if words == ["cons"] and nxt[:1] == ["pack"]:
            out.append(made(f"    conspack {nxt[1]}", lines[i:i + 2]))
            i += 2
            continue
        if words[:1] == ["pushi"] and nxt == ["mul"]:
            out.append(made(f"    muli {words[1]}", lines[i:i + 2]))
            i += 2
            continue
        if words == ["push"] and nxt[:1] == ["acc"]:
            out.append(made(f"    pushacc {nxt[1]}", lines[i:i + 2]))
            i += 2
            continue
        if words == ["push"] and k is not None:  # push; dec -> push, env - 1
            out.append(made(f"    pushaddi {k}", lines[i:i + 2]))
            i += 2
            continue
        if words[:1] in (["peek"], ["pushpeek"]) and k is not None:
            out.append(made(f"    {words[0]}addi {words[1]} {k}", lines[i:i + 2]))
            i += 2
            continue
        if words[:1] == ["pushpeek"] and int(words[1]) >= 1 and len(nxt) == 1 and nxt[0] in PEEK_OP:
            out.append(made(f"    {PEEK_OP[nxt[0]]} {int(words[1]) - 1}", lines[i:i + 2]))
            i += 2
            continue
        if words[:1] == ["peekaddi"] and nxt == ["poke", words[1]]:  # a counter updated in place
            out.append(made(f"    addpokei {words[1]} {words[2]}", lines[i:i + 2]))
            i += 2
            continue
        chain = addpeek_chain(lines, i)
        if chain:  # an accumulator that adds several slots, in place
            out += [made(f"    addpoke {words[1]} {b}", lines[i:i + len(chain) + 2]) for b in chain]
            i += len(chain) + 2
            continue
        after = lines[i + 2].split() if i + 2 < n else []
        if words[:1] == ["peek"] and nxt[:1] == ["addpeek"] and after[:1] == ["poke"] and \
                after[1] in (words[1], nxt[1]):  # an accumulator updated in place
            other = nxt[1] if after[1] == words[1] else words[1]
            out.append(made(f"    addpoke {after[1]} {other}", lines[i:i + 3]))
            i += 3
            continue
        if words[:1] == ["pushpeek"] and int(words[1]) >= 1 and nxt[:1] == ["conspack"] and \
                after == ["poke", str(int(words[1]) - 1)]:  # a list accumulated in place
            out.append(made(f"    consslot {after[1]} {nxt[1]}", lines[i:i + 3]))
            i += 3
            continue
        if words[:1] == ["pushpeek"] and nxt[:1] == ["pushpeek"]:
            after = lines[i + 2].split() if i + 2 < n else []
            if not (len(after) == 1 and after[0] in PEEK_OP):  # that pair is addpeek's
                out.append(made(f"    pushpeek2 {words[1]} {nxt[1]}", lines[i:i + 2]))
                i += 2
                continue
        out.append(lines[i])
        i += 1
    return out


_TABLE = []


def isa_table():
    """The ISA table (generator/isa.toml), loaded once."""
    if not _TABLE:
        root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        if os.path.join(root, "generator") not in sys.path:
            sys.path.insert(0, os.path.join(root, "generator"))
        import isa

        _TABLE.append(isa.load())
    return _TABLE[0]


# The loader refuses a straight run of more than CONFIG_SVM_MAX_STRAIGHT_RUN
# (default 256) instructions without a preemption point: long expressions
# get a `goto` to the next instruction every this many (or the product's
# limit, from its interface, when that is lower).
STRAIGHT_RUN = 200


def preemption_points(lines, table, limit=STRAIGHT_RUN):
    """Insert `goto` to the next instruction (a preemption point) into any
    run of instructions that passes no jump or call for `limit`
    instructions, counted as the loader counts them (an instruction that
    loops n times counts 1 + n/8)."""
    out = []
    run = 0
    extra = 0
    for line in lines:
        words = line.split()
        if not words or words[0].startswith(";") or words[0].endswith(":"):
            out.append(line)
            continue
        ins = table.by_name.get(words[0])
        if ins is None:
            out.append(line)
            continue
        weight = 1
        if ins.loops and len(words) > 1:
            weight += (len(words) - 1) // 2 // 8 if ins.operands[0].type == "cases" else int(words[1], 0) // 8
        if ins.flow not in ("jump", "call") and run + weight > limit:
            extra += 1
            out += [f"    goto Lpreempt{extra}", f"Lpreempt{extra}:"]
            run = 0
        out.append(line)
        run = 0 if ins.flow in ("jump", "call") else run + weight
    return out


class Frame:
    """The compile-time picture of one body's stack."""

    def __init__(self, r_pos, depth):
        self.r_pos = r_pos  # slots under the return address (None: main, no R)
        self.depth = depth
        self.locs = {}  # Local -> (slot, path)
        self.env = None  # the (slot, path) whose value env holds, if known
        # (slot, [v1..vk]) when that slot holds exactly the environment
        # chain (((), v1), ..)vk) of those Locals (a lambda's env): a
        # closure over them can share it instead of building a copy
        self.chain = None
        self.known = None  # the known function whose body this is
        self.loops = False  # a self tail call jumps back to `<label>_loop`
        self.head = None  # the index in the output of the body's first line (after the prologue)


class NonExhaustive(Exception):
    pass


class CodeGen:
    def __init__(self, program, groups=None, warnings=None, straight_run=None):
        self.program = program
        self.unused = False  # compiling functions no code calls (check_unused)
        self.warnings = warnings if warnings is not None else []  # CompileWarning, in the order found
        self.groups = groups  # the product's instruction groups, or None: all
        self.straight_run = straight_run  # the product's CONFIG_SVM_MAX_STRAIGHT_RUN, or None
        self.expr_pos = None  # the expression being compiled, for an error about its instructions
        self.fused = groups is None or "FUSED" in groups  # the superinstructions (FUSED group) may be used
        self.out = []
        self.counter = 0
        self.queue = []  # bodies still to emit: callables
        self.emitted_known = set()
        self.stage_labels = {}  # Known -> label of its first closure stage
        self.fv = FreeVars()
        self.mentions_memo = {}  # Known -> {expression: whether it mentions the Known} (recursion)
        self.stubs = []
        self.cafs = set()  # the top-level constants main keeps in its frame
        self.main_frame = None
        self.stub_labels = {}  # "wrap"/"spawn" -> label of the shared stub
        self.frame = None
        self.reachable = True
        self.pos = (1, 1)  # the function being compiled, for errors

    # --------------------------------------------------------- emission

    def fresh(self, hint):
        self.counter += 1
        return f"L{self.counter}_{hint}"

    def emit(self, text):
        mnemonic = text.split()[0]
        if mnemonic in ("drop", "ret", "tailcall", "appterm"):
            counts = [int(x) for x in text.split()[1:4] if x.isdigit()]
            if any(x > MAX_SLOT for x in counts):
                raise CompileError(self.pos, "a function here keeps too many values on the stack",
                                   expected=f"at most {MAX_SLOT} arguments and live values in one function",
                                   found=f"{max(counts)} values to drop at once (a return or a tail call)",
                                   notes=["split the function into smaller ones, or pass a tuple"])
        if self.groups is not None and not self.unused:
            group = isa_table().by_name[mnemonic].group
            if group.name not in self.groups:
                raise CompileError(self.expr_pos or self.pos, f"this needs instructions of the {group.name} group, which the "
                                   "container's product is built without",
                                   expected=f"only the groups {', '.join(sorted(self.groups))}",
                                   found=f"`{mnemonic}` ({group.name})",
                                   notes=[f"set CONFIG_{group.kconfig} in the product (menuconfig: "
                                          "Instruction groups), or compile for another container"])
        self.out.append(Line("    " + text, self.expr_pos))
        f = self.frame
        if mnemonic in KEEPS_ENV:
            if f.env is not None and f.env[0] >= f.depth - (int(text.split()[1]) if mnemonic == "drop" else 0):
                f.env = None
        elif mnemonic not in ("push", "peek", "pushacc"):
            f.env = None
        self.reachable = mnemonic not in TERMINAL

    def emit_at(self, pos, text):
        """emit, for the expression at pos (named by an error about it)."""
        self.expr_pos = pos
        self.emit(text)

    def note_jump(self, lab):
        """Record env at a jump to lab (from the current depth)."""
        f = self.frame
        env = f.env if f.env is not None and f.env[0] < lab.depth else None
        lab.envs.append(env)

    def label(self, lab):
        f = self.frame
        sources = list(lab.envs)
        if self.reachable:
            sources.append(f.env if f.env is not None and f.env[0] < lab.depth else None)
        self.out.append(f"{lab.name}:")
        f.depth = lab.depth
        f.env = sources[0] if sources and all(e == sources[0] for e in sources) else None
        self.reachable = True

    def push(self):
        f = self.frame
        self.out.append(Line("    push", self.expr_pos))
        self.reachable = True
        f.depth += 1
        f.env = (f.depth - 1, ())

    def popped(self, n=1):
        """n values were popped by the instruction just emitted."""
        self.frame.depth -= n

    def drop(self, n):
        if n > 0:
            self.emit(f"drop {n}")
            self.frame.depth -= n
        elif n < 0:
            raise AssertionError("negative drop")

    def goto(self, lab):
        self.drop(self.frame.depth - lab.depth)
        self.note_jump(lab)
        self.emit(f"goto {lab.name}")

    def branch_target(self, lab):
        """A label for a conditional jump from here to lab (a stub drops
        what this point has more than lab)."""
        extra = self.frame.depth - lab.depth
        self.note_jump(lab)
        if extra == 0:
            return lab.name
        stub = self.fresh("drop")
        self.stubs.append((stub, extra, lab.name, self.expr_pos))
        return stub

    def flush_stubs(self):
        for name, n, target, pos in self.stubs:  # pos: where the code that jumps here came from
            self.out.append(f"{name}:")
            if n is None:  # a match failure: a no-match fault, placed at the match
                for ins in ("clear", "pack 65534", f"switchi 0 {name}"):
                    self.out.append(Line("    " + ins, pos))
                continue
            self.out.append(Line(f"    drop {n}", pos))
            self.out.append(Line(f"    goto {target}", pos))
        self.stubs = []

    # ------------------------------------------------------- variables

    def peek_offset(self, slot, pos):
        off = self.frame.depth - 1 - slot
        if off > MAX_SLOT:
            raise CompileError(pos, "this variable is too deep in its function's stack frame to be read",
                               expected=f"at most {MAX_SLOT + 1} values in the frame above it (the function's "
                               "parameters, and every `let` and pattern variable in scope, used or not)",
                               found=f"{off + 1}",
                               notes=["split the function into smaller ones, or group values in a tuple"])
        assert off >= 0, (slot, self.frame.depth)
        return off

    def load_occ(self, occ, pos=None):
        f = self.frame
        if f.env == occ:
            return
        slot, path = occ
        self.reachable = True
        if f.env == (slot, ()) and path:
            pass  # env holds the slot: walk from there
        else:
            self.out.append(Line(f"    peek {self.peek_offset(slot, pos)}", pos if pos is not None else self.expr_pos))
        for op in path:
            self.out.append("    " + (op if isinstance(op, str) else f"acc {op[1]}"))
        f.env = occ

    def load_local(self, v, pos):
        loc = self.frame.locs.get(v)
        if loc is None:
            raise AssertionError(f"no location for {v}")
        if v in self.cafs and self.frame is self.main_frame and self.frame.depth - 1 - loc[0] > MAX_SLOT:
            raise CompileError(pos, f"`{v.name}`, a top-level constant, is too far back in `main`'s stack frame "
                               "to be read here (by this expression, or for a function it calls that uses it)",
                               expected=f"at most {MAX_SLOT + 1} values in the frame above it (every top-level "
                               "constant after it, one value each, and `main`'s own variables)",
                               found=f"{self.frame.depth - loc[0]}",
                               notes=["the constants of a program (its top-level definitions without parameters) are "
                                      "kept in `main`'s frame: group them in a tuple or a data value, or give them "
                                      "a parameter (`c0 _ = 0`, used as `c0 ()`)"])
        self.load_occ(loc, pos)

    # ------------------------------------------------------------ program

    def run(self):
        prog = self.program
        functions = [item[1] for item in prog.items if item[0] == "fun"]
        self.fv.solve(roots(prog))
        self.frame = self.main_frame = Frame(None, 0)
        self.out.append(Line("main:", None, unit=True))
        for item in prog.items:
            if item[0] != "caf":
                continue
            _, v, expr = item
            self.expr(expr, tail=False)
            if v is prog.main:
                break
            self.push()
            self.frame.locs[v] = (self.frame.depth - 1, ())
            self.cafs.add(v)
        main_type = prune(prog.main_type)
        if not (isinstance(main_type, TCon) and main_type.name == "()"):
            self.emit_at(expr.pos, "print")  # main's value is printed
        self.emit("stop")
        self.flush_stubs()
        while self.queue:
            body = self.queue.pop(0)
            body()
        self.check_unused(functions)
        lines = self.out if os.environ.get("SVM_CAMC_NO_FUSION") else peephole(self.out, self.fused)
        limit = STRAIGHT_RUN if self.straight_run is None else min(STRAIGHT_RUN, self.straight_run)
        lines = preemption_points(lines, isa_table(), limit)
        self.positions = source_positions(lines)
        return "\n".join(lines) + "\n"

    def check_unused(self, functions):
        """A top-level function no code calls is compiled too, and its code
        thrown away: its matches are checked (an error or a warning) as
        if it were used."""
        unused = [k for k in functions if k.label is None]
        if not unused:
            return
        kept, self.out = self.out, []
        self.unused = True  # code that is not kept needs no instruction group
        try:
            for k in unused:
                self.known_label(k)
            while self.queue:
                self.queue.pop(0)()
        finally:
            self.out = kept
            self.unused = False

    # ---------------------------------------------------- known functions

    def known_label(self, k):
        if k.label is None:
            k.label = f"F{k.id}_{sanitize(k.name)}"
            self.queue.append(lambda: self.emit_known(k))
        return k.label

    def emit_known(self, k):
        self.pos = k.pos
        args = list(k.fvs) + list(k.params)
        m = len(args)
        saved = self.frame
        self.frame = Frame(m - 1, m)
        self.frame.known = k
        self.reachable = True
        self.expr_pos = k.pos
        self.out.append(Line(f"{k.label}:  ; {k.name}, {m} argument{'s' * (m != 1)}", k.pos, unit=True))
        for i, v in enumerate(args[:-1]):
            self.frame.locs[v] = (i, ())
        self.push()
        head = self.frame.head = len(self.out)  # where a loop's back edge comes in (in_place_tail_call)
        self.frame.locs[args[-1]] = (m, ())
        occs = [self.frame.locs[p] for p in k.params]
        rows = [(list(pats), {}, body) for pats, body in k.clauses]
        self.match(occs, rows, tail=True, pos=k.match_pos, what=f"the equations of `{k.name}`")
        if self.frame.loops:
            self.out.insert(head, f"{k.label}_loop:")
        self.flush_stubs()
        self.frame = saved

    def stage_label(self, k):
        """The first closure stage of known function k used as a value."""
        if k not in self.stage_labels:
            names = [self.fresh(f"{sanitize(k.name)}_stage{i + 1}") for i in range(k.arity)]
            self.stage_labels[k] = names[0]
            self.queue.append(lambda: self.emit_stages(k, names))
        return self.stage_labels[k]

    def emit_stages(self, k, names):
        target = self.known_label(k)
        saved = self.frame
        for i, name in enumerate(names[:-1]):
            self.frame = Frame(0, 1)
            self.reachable = True
            self.expr_pos = k.pos
            self.out.append(Line(f"{name}:", k.pos, unit=True))
            self.emit(f"cur {names[i + 1]}")
            self.emit("return")
        m = len(k.fvs) + k.arity
        if m - 1 > MAX_SLOT:  # read as `acc n`, an 8-bit operand
            raise CompileError(k.pos, f"`{k.name}`, used as a value, has too many parameters and variables from "
                               "outside it", expected=f"at most {MAX_SLOT + 1} (its closure is read by an 8-bit index)",
                               found=f"{m}", notes=["pass some of them in a tuple"])
        self.frame = Frame(0, 1)
        self.reachable = True
        self.expr_pos = k.pos  # (a fault here is in k's code, not the code before it)
        self.out.append(Line(f"{names[-1]}:", k.pos, unit=True))
        if m == 1:
            self.emit("snd")
            self.emit(f"goto {target}")
        else:
            self.push()  # the chain
            for j in range(1, m):
                self.load_occ((1, (("acc", m - j),)))
                self.push()
            self.load_occ((1, (("acc", 0),)))
            self.emit(f"tailcall {m - 1} 1 0 {target}")
        self.frame = saved

    def closure_of_known(self, k, pos):
        label = self.stage_label(k)
        self.build_chain(k.fvs, pos)
        self.emit(f"cur {label}" if k.fvs else f"comb {label}")

    def build_chain(self, values, pos):
        """env := (((), v1), v2).. of the Locals values (or () when none)."""
        if not values:
            return
        self.emit("clear")
        for v in values:
            self.push()
            self.load_local(v, pos)
            self.emit("cons")
            self.popped()

    # --------------------------------------------------------- lambdas

    def lambda_closure(self, e):
        free = self.fv.expr_free(e)
        label = self.fresh("lambda")
        chain = self.frame.chain
        if free and chain and chain[1][: len(free)] == free:
            # A curried lambda (\a -> \b -> ..) closes over what its
            # enclosing lambda's env already is, or a prefix of it: share
            # that chain (`rest` drops what is not needed) rather than
            # allocate a copy, cell by cell, at every application.
            self.load_occ((chain[0], ()))
            drop = len(chain[1]) - len(free)
            if drop:
                self.emit(f"rest {drop}")
                self.frame.env = None
        else:
            self.build_chain(free, e.pos)
        self.emit(f"cur {label}" if free else f"comb {label}")
        self.queue.append(lambda: self.emit_lambda(e, free, label))

    def emit_lambda(self, e, free, label):
        saved = self.frame
        self.frame = Frame(0, 1)
        self.reachable = True
        self.expr_pos = e.pos
        self.out.append(Line(f"{label}:", e.pos, unit=True))
        self.push()
        n = len(free) + 1
        if len(free) > MAX_SLOT:  # read as `acc n`, an 8-bit operand
            raise CompileError(e.pos, "this lambda uses too many variables from outside it",
                               expected=f"at most {MAX_SLOT} (its closure is read by an 8-bit index)",
                               found=f"{len(free)}", notes=["pass some of them in a tuple"])
        for j, v in enumerate(free, start=1):
            self.frame.locs[v] = (1, (("acc", n - j),))
        arg = (1, (("acc", 0),))
        if isinstance(e.pat, A.PVar) and e.pat.var is not None:
            self.frame.chain = (1, list(free) + [e.pat.var])
        self.match([arg], [([e.pat], {}, e.body)], tail=True, pos=e.pat.pos, what="the pattern of this lambda")
        self.flush_stubs()
        self.frame = saved

    # ------------------------------------------------------- expressions

    def expr(self, e, tail):
        """Compile e: its value in env, the stack as before; or, in tail
        position, return from the current function with it."""
        self.expr_pos = e.pos
        if isinstance(e, (A.App, A.Name)):
            self.application(e, tail)
            return
        if isinstance(e, A.Lit):
            self.literal(e.kind, e.value)
        elif isinstance(e, A.Lam):
            self.lambda_closure(e)
        elif isinstance(e, A.Let):
            self.let(e, tail)
            return
        elif isinstance(e, A.LetRec):
            for k in e.funs:
                self.known_label(k)
            self.expr(e.body, tail)
            return
        elif isinstance(e, A.If):
            self.if_(e, tail)
            return
        elif isinstance(e, A.Case):
            self.case(e, tail)
            return
        elif isinstance(e, A.Tuple):
            self.tuple_(e.items)
        elif isinstance(e, A.BinOp):
            self.binop(e)
        elif isinstance(e, A.UnOp):
            self.expr(e.operand, False)
            if e.op == "!":
                self.emit("not")
            else:
                self.emit("neg" if e.ty == "Int" else "negf")
        else:
            raise AssertionError(type(e))
        if tail:
            self.ret()

    def ret(self):
        f = self.frame
        locals_ = f.depth - f.r_pos - 1
        if locals_ == 0 and f.r_pos == 0:
            self.emit("return")
        else:
            self.emit(f"ret {locals_} {f.r_pos}")

    def literal(self, kind, value):
        if kind == "int":
            self.emit(f"loadi {value}")
        elif kind == "float":
            self.emit(f"loadf {float_text(value)}")
        elif kind == "bool":
            self.emit(f"loadb {int(value)}")
        else:
            self.emit("clear")

    def tuple_(self, items):
        for x in items[:-1]:
            self.expr(x, False)
            self.push()
        self.expr(items[-1], False)
        for _ in items[:-1]:
            self.emit("cons")
            self.popped()

    def let(self, e, tail):
        if not isinstance(e.pat, A.PVar):
            self.case(A.Case(e.pat.pos, e.rhs, [(e.pat, e.body)]), tail, what="the pattern of this `let`")
            return
        self.expr(e.rhs, False)
        self.push()
        self.frame.locs[e.pat.var] = (self.frame.depth - 1, ())
        self.expr(e.body, tail)
        if not tail:
            self.drop(1)

    def self_tail_call(self, e):
        """e applies the known function being compiled to all its arguments
        (in tail position: a tailcall back to its start)."""
        head, n = e, 0
        while isinstance(head, A.App):
            head, n = head.fun, n + 1
        k = getattr(self.frame, "known", None)
        return isinstance(head, A.Name) and k is not None and head.binding is k and n == k.arity

    def recursion(self, e):
        """How e calls the known function being compiled: None (not at
        all), "loop" (once, in tail position, its arguments not calling it)
        or "tree" (anything else: fib's and tak's recursive branches)."""
        k = self.frame.known
        if k is None:
            return None
        memo = self.mentions_memo.setdefault(k, {})
        if not mentions(e, k, memo):
            return None
        if self.self_tail_call(e):
            args, head = [], e
            while isinstance(head, A.App):
                args.append(head.arg)
                head = head.fun
            if not any(mentions(a, k, memo) for a in args):
                return "loop"
        return "tree"

    def if_(self, e, tail):
        if tail and ((self.recursion(e.else_) == "loop" and self.recursion(e.then) is None)
                     or (self.recursion(e.then) == "tree" and self.recursion(e.else_) is None)):
            # The branch run most often falls through and the other is the
            # jump: a loop (`if i == 0 then acc else loop ..`) goes round
            # again with no branch taken but the tailcall, and in a tree
            # recursion (tak's `if y < x then tak (tak ..) .. else z`) the
            # leaves, most of the calls, return without a jump.
            then = Label(self.fresh("then"), self.frame.depth)
            self.branch(e.cond, then, True)
            self.expr(e.else_, True)
            self.label(then)
            self.expr(e.then, True)
            return
        else_ = Label(self.fresh("else"), self.frame.depth)
        self.branch(e.cond, else_, False)
        self.expr(e.then, tail)
        if tail:
            self.label(else_)
            self.expr(e.else_, True)
            return
        join = Label(self.fresh("endif"), self.frame.depth)
        self.goto(join)
        self.label(else_)
        self.expr(e.else_, False)
        self.label(join)

    def branch(self, e, lab, when):
        """Jump to lab when e evaluates to `when`, else fall through."""
        if isinstance(e, A.Lit) and e.kind == "bool":
            if e.value == when:
                self.goto(lab)
            return
        if isinstance(e, A.UnOp) and e.op == "!":
            self.branch(e.operand, lab, not when)
            return
        if isinstance(e, A.BinOp) and e.op in ("&&", "||"):
            short = (e.op == "&&") != when  # the left operand alone decides
            if short:
                self.branch(e.left, lab, when)
                self.branch(e.right, lab, when)
            else:
                skip = Label(self.fresh("skip"), self.frame.depth)
                self.branch(e.left, skip, not when)
                self.branch(e.right, lab, when)
                self.label(skip)
            return
        if isinstance(e, A.BinOp) and e.ty == "Int" and e.op in JUMP_IMM:
            op, left, right = e.op, e.left, e.right
            if int_const(left) is not None and int_const(right) is None:
                op, left, right = FLIP[op], right, left
            k = int_const(right)
            if k is not None:
                self.expr(left, False)
                self.emit(f"{JUMP_IMM[op if when else NEGATE[op]]} {k} {self.branch_target(lab)}")
                return
            a, b = self.slot_of(left), self.slot_of(right)
            if a is not None and b is not None and self.fused:
                # two variables in stack slots: compared where they are
                a, b = self.peek_offset(a, e.pos), self.peek_offset(b, e.pos)
                self.emit(f"{JUMP_SLOTS[op if when else NEGATE[op]]} {a} {b} {self.branch_target(lab)}")
                return
        self.expr(e, False)
        if when:
            self.emit("not")
        self.emit(f"gotoifalse {self.branch_target(lab)}")

    def slot_of(self, e):
        """The stack slot of e when e is a variable held in one (not in a
        cell of it)."""
        if isinstance(e, A.Name) and isinstance(e.binding, Local):
            loc = self.frame.locs.get(e.binding)
            if loc is not None and loc[1] == ():
                return loc[0]
        return None

    def binop(self, e):
        op = e.op
        if op in ("&&", "||"):
            no = Label(self.fresh("false"), self.frame.depth)
            join = Label(self.fresh("bool"), self.frame.depth)
            self.branch(e, no, False)
            self.emit("loadb 1")
            self.goto(join)
            self.label(no)
            self.emit("loadb 0")
            self.label(join)
            return
        if e.ty == "Int":
            left, right = e.left, e.right
            if op in COMPARE_IMM and int_const(left) is not None and int_const(right) is None:
                op, left, right = FLIP[op], right, left
            k = int_const(right)
            if k is not None and op in ("+", "-"):
                self.expr(left, False)
                k = k if op == "+" else wrap32(-k)
                if k == 1:
                    self.emit_at(e.op_pos, "inc")
                elif k == -1:
                    self.emit_at(e.op_pos, "dec")
                elif k != 0:
                    self.emit_at(e.op_pos, f"addi {k}")
                return
            if k is not None and op in COMPARE_IMM:
                self.expr(left, False)
                self.emit_at(e.op_pos, f"{COMPARE_IMM[op]} {k}")
                return
            if k is not None and op != "/" and op != "%":
                self.expr(left, False)
                self.emit_at(e.op_pos, f"pushi {k}")
                self.frame.depth += 1
                self.emit_at(e.op_pos, INT_OPS[op])
                self.popped()
                return
            self.expr(left, False)
            self.push()
            self.expr(right, False)
            self.emit_at(e.op_pos, INT_OPS[op])
            self.popped()
            return
        self.expr(e.left, False)
        self.push()
        self.expr(e.right, False)
        if e.ty == "Float":
            if op == "!=":
                self.emit_at(e.op_pos, "eqf")
                self.popped()
                self.emit_at(e.op_pos, "not")
                return
            self.emit_at(e.op_pos, FLOAT_OPS[op])
        else:  # Bool == and !=
            self.emit_at(e.op_pos, "eqb")
            if op == "!=":
                self.popped()
                self.emit_at(e.op_pos, "not")
                return
        self.popped()

    # ------------------------------------------------------ applications

    def application(self, e, tail):
        head, args = e, []
        while isinstance(head, A.App):
            args.append(head.arg)
            head = head.fun
        args.reverse()
        b = head.binding if isinstance(head, A.Name) else None
        if isinstance(b, Known):
            if len(args) >= b.arity and b.arity > 0:
                self.call_known(b, args[:b.arity], tail and len(args) == b.arity, head.pos)
                rest = args[b.arity:]
                if rest:
                    self.apply_rest(rest, tail)
                elif tail and len(args) == b.arity:
                    pass
                return
            self.closure_of_known(b, head.pos)
        elif isinstance(b, Ctor):
            if len(args) >= b.arity:
                self.construct(b, args[:b.arity])
                self.apply_rest(args[b.arity:], tail)
                return
            self.expr(eta(head, b.arity, len(args), args), tail)
            return
        elif isinstance(b, Builtin) and b.name in ("port", "device"):
            self.port(args[0].binding)
            self.apply_rest(args[1:], tail)
            return
        elif isinstance(b, Builtin):
            if b.name in ("sync", "syncT") and tail and len(args) == b.arity:
                self.tail_sync(b, args, e.pos)
                return
            if len(args) >= b.arity:
                for a in args[:b.arity - 1]:
                    self.expr(a, False)
                    self.push()
                self.expr(args[b.arity - 1], False)
                self.expr_pos = e.pos
                for ins in b.code:
                    if "{" in ins:
                        ins = ins.format(WRAP=self.stub_label("wrap"), SPAWN=self.stub_label("spawn"))
                    self.emit(ins)
                self.frame.depth -= b.arity - 1
                self.apply_rest(args[b.arity:], tail)
                return
            self.expr(eta(head, b.arity, len(args), args), tail)
            return
        elif isinstance(b, Local):
            self.load_local(b, head.pos)
        else:
            self.expr(head, False)
        self.apply_rest(args, tail)

    def tail_sync(self, b, args, pos):
        """`sync e` or `syncT b d e` in tail position: the frame goes first
        (a tailcall with no arguments, to the next instruction), then the
        sync and `return`.  The sync's wrap functions then return straight
        to the caller (the VM keeps no frame for a `return` after a sync),
        so a loop that recurs inside a wrap function (`sync (wrap (recv c)
        (\\x -> loop x))`) runs in constant stack, as the same loop after
        the sync does.  syncT's first three instructions (`snoc swap snoc`)
        gather its arguments into env, so the frame can go before the rest
        spreads them on the stack again."""
        for a in args[:-1]:
            self.expr(a, False)
            self.push()
        self.expr(args[-1], False)
        self.expr_pos = pos
        gather = 0 if b.name == "sync" else 3
        assert b.code[:gather] == ["snoc", "swap", "snoc"][:gather]
        for ins in b.code[:gather]:
            self.emit(ins)
        self.frame.depth -= len(args) - 1
        f = self.frame
        locals_ = f.depth - f.r_pos - 1
        if locals_ or f.r_pos:
            label = self.fresh("tail_sync")
            self.emit(f"tailcall 0 {locals_} {f.r_pos} {label}")
            self.out.append(f"{label}:")
            self.reachable = True
        for ins in b.code[gather:]:
            self.emit(ins)
        self.emit("return")

    def port(self, name):
        """env := a new channel bound to the container's IO entry name."""
        self.emit("channel")
        self.emit("push")
        self.emit("push")
        self.emit(f"loadi @{name.name}")
        self.emit("bind")
        self.emit("pop")

    def stub_label(self, kind):
        """The label of a shared stub (emitted once, when first used)."""
        if kind not in self.stub_labels:
            label = self.stub_labels[kind] = f"S_{kind}_stub"
            self.queue.append(lambda: self.emit_stub(kind, label))
        return self.stub_labels[kind]

    def emit_stub(self, kind, label):
        """wrap: entered as a wrap function (env = (f, x), no return address
        pushed: a RET_APPLY mark or the sync's return address on top):
        apply f to x, then `return`, which takes either.
        spawn: a new context's start (env = (f, ()), empty stack): f ()."""
        saved = self.frame
        self.frame = Frame(0, 1)
        self.expr_pos = None  # no source: not the code before it
        self.out.append(Line(f"{label}:", None, unit=True))
        if kind == "wrap":
            # a tail application: the function returns straight to what is
            # under it (appterm applies it as app, returning to `return`,
            # when that is the mark of an outer wrap still to run)
            for ins in ("push", "fst", "swap", "snd", "appterm 0 0", "return"):
                self.emit(ins)
        else:
            for ins in ("fst", "push", "clear", "app", "stop"):
                self.emit(ins)
        self.frame = saved

    def apply_rest(self, args, tail):
        """env is a function value: apply it to args one by one (two at a
        time with app2, outside a tail position, when the second cannot
        tell that it was computed before the first application)."""
        i = 0
        while i < len(args):
            a = args[i]
            self.push()
            self.expr(a, False)
            if self.fused and i + 1 < len(args) and not (tail and i + 2 == len(args)) and is_pure(args[i + 1]):
                self.push()
                self.expr(args[i + 1], False)
                done = self.fresh("applied")
                for ins in (f"app2 {done}", "app", "swap", "app"):
                    self.emit(ins)
                self.out.append(f"{done}:")
                self.reachable = True
                self.popped(2)
                i += 2
                continue
            if tail and i == len(args) - 1:
                f = self.frame
                self.emit(f"appterm {f.depth - 1 - f.r_pos - 1} {f.r_pos}")
                return
            self.emit("app")
            self.popped()
            i += 1
        if tail:
            self.ret()

    def call_known(self, k, args, tail, pos):
        target = self.known_label(k)
        if tail and k is self.frame.known and self.fused and self.in_place_tail_call(k, args, pos):
            return
        values = [("local", v) for v in k.fvs] + [("expr", a) for a in args]
        start = self.frame.depth
        for kind, x in values[:-1]:
            if kind == "local":
                self.load_local(x, pos)
            else:
                self.expr(x, False)
            self.push()
        kind, x = values[-1]
        if kind == "local":
            self.load_local(x, pos)
        else:
            self.expr(x, False)
        n = len(values) - 1
        self.expr_pos = pos  # the call's position (a stack overflow's place)
        if tail:
            f = self.frame
            self.emit(f"tailcall {n} {start - f.r_pos - 1} {f.r_pos} {target}")
            return
        self.emit(f"call {target}")
        self.frame.depth = start
        self.frame.env = None

    def in_place_tail_call(self, k, args, pos):
        """A self tail call that writes the new arguments over the old ones
        and jumps back into the body (`<label>_loop`, after the prologue's
        push): no argument pushed, moved down and popped, the return address
        untouched.  Possible when the arguments can be computed in an order
        in which none reads a slot already overwritten: in their own order,
        or, when none of them can have an effect, in an order found here
        (loop's `(i - 1) (acc + i)` writes acc first).  Arguments passed on
        unchanged (`f` in `revmap f xs ..`) are not written at all.
        Returns False (nothing emitted) when there is no such order."""
        f = self.frame
        m = len(k.fvs) + len(k.params)
        updates = []
        for j, (param, a) in enumerate(zip(k.params, args)):
            slot = m if j == len(k.params) - 1 else len(k.fvs) + j
            if f.locs.get(param) != (slot, ()):
                return False
            if self.slot_of(a) == slot:
                continue  # passed on unchanged (a pattern's name for it, too)
            updates.append((slot, a, self.slots_read(a)))
        order = in_place_order(updates, all(is_pure(a) for _, a, _ in updates))
        if order is None:
            return False
        order = self.last_the_loaded(order, m)
        for slot, a, _ in order:
            step = addend_of_slot(a, slot, self.slot_of)
            if step is not None:  # a counter: `i - 1`
                self.emit(f"addpokei {self.peek_offset(slot, pos)} {step}")
            else:
                self.expr(a, False)
                self.emit(f"poke {self.peek_offset(slot, pos)}")
            f.env = (slot, ())
        # the body was compiled with env holding the last argument after
        # the prologue's push (the peephole drops this peek when the body
        # starts by loading another slot)
        self.load_occ((m, ()), pos)
        self.drop(f.depth - (m + 1))
        self.emit(f"goto {k.label}_loop")
        f.loops = True
        return True

    def last_the_loaded(self, order, m):
        """When the body starts by loading a slot (`F_loop: peek n`), its
        update goes last if it can (it is pure, reads no slot written
        before it, and no later update reads its slot: it reads none that
        another writes): the back edge then has the value in env and
        skips that load (peephole back_edges)."""
        first = self.out[self.frame.head].split() if self.frame.head < len(self.out) else []
        if first[:1] != ["peek"]:
            return order
        slot = m - int(first[1])  # the depth at the head is m + 1
        for u in order[:-1]:
            if u[0] == slot:
                others = {v[0] for v in order if v is not u}
                if is_pure(u[1]) and not (u[2] - {slot}) & others:
                    return [v for v in order if v is not u] + [u]
        return order

    def slots_read(self, e):
        """The stack slots of this frame that evaluating e may read."""
        s = scan(e)
        needed = set(s.refs)
        for kn in s.knowns:
            needed.update(kn.fvs)
        locs = self.frame.locs
        return {locs[v][0] for v in needed if v in locs}

    def construct(self, ctor, args):
        if not args:
            self.emit("clear")
        else:
            self.tuple_(args)
        self.emit(f"pack {ctor.tag}")

    # ------------------------------------------------------------ case

    def case(self, e, tail, what="this `case`"):
        start = self.frame.depth
        s = e.scrut
        if e.equations_of is not None:
            what = f"the equations of `{e.equations_of}`"
        if isinstance(s, A.Name) and isinstance(s.binding, Local) and s.binding in self.frame.locs:
            occs = [self.frame.locs[s.binding]]
            rows = [([p], {}, body) for p, body in e.alts]
        elif isinstance(s, A.Tuple) and all(isinstance(x, A.Name) and isinstance(x.binding, Local)
                                            and x.binding in self.frame.locs for x in s.items) \
                and all(isinstance(p, A.PTuple) and len(p.items) == len(s.items) for p, _ in e.alts):
            # `case (x, y) of (p, q) -> ..`: the variables matched where they are, no tuple built
            occs = [self.frame.locs[x.binding] for x in s.items]
            rows = [(list(p.items), {}, body) for p, body in e.alts]
        else:
            self.expr(s, False)
            self.push()
            occs = [(self.frame.depth - 1, ())]
            rows = [([p], {}, body) for p, body in e.alts]
        join = None if tail else Label(self.fresh("endcase"), start)
        self.match(occs, rows, tail, e.pos, what, join)
        if join is not None:
            self.label(join)

    # --------------------------------------------------- pattern matching

    def match(self, occs, rows, tail, pos, what, join=None):
        """Compile a clause matrix: rows are (patterns, bindings, body),
        first match wins.  A match that can miss a value is an error when
        the value has a constructor (or a Bool) no row has; when every value
        it misses is an Int or a Float no row lists (`not 1 = 0; not 0 =
        1`, as Sense-VM programs write), it is a warning, and no match is a
        fault when the program runs (LANGUAGE.md)."""
        witness = missing([r[0] for r in rows])
        warn = False
        if witness is not None:
            blind = missing([r[0] for r in rows], literals=False)
            # a let's or a lambda's one pattern can only be a warning: nowhere
            # to add another (Sense-VM's `let (Cons x xs) = e`; OCaml and
            # Haskell warn too), and no match is a fault at the pattern
            warn = blind is None or what.startswith("the pattern of")
            if blind is not None:
                witness = blind
        if witness is not None:
            known = getattr(self.frame, "known", None)
            if what.startswith("the equations of") and known is not None and known.hidden:
                witness = list(witness)  # a specialised copy: its left-out parameters shown as `_`
                for i in known.hidden:
                    witness.insert(i, "_")
            if len(witness) == 1:
                shown = strip_parens(witness[0])
            else:
                shown = " ".join(w if " " not in w or w.startswith("(") else f"({w})" for w in witness)
            if what.startswith("the equations of"):
                name = what.split("`")[1]
                args = " ".join(w if " " not in w or w.startswith("(") else f"({w})" for w in witness)
                found = f"no equation for `{name} {args}`"
            elif witness[0].startswith(("an ", "a ")):
                found = f"no pattern for {shown}"
            else:
                found = f"no pattern for `{shown}`"
            if what.startswith("the equations of"):
                note = "add an equation for it, or one with `_` (or a variable) at the end"
            elif what.startswith("the pattern of"):  # a let or a lambda: one pattern, nowhere to add one
                note = "it has a single pattern: bind a variable and match the other values with `case`"
            else:
                note = "add an alternative for it, or one with `_` at the end"
            if warn:
                w = CompileWarning(
                    pos, f"{what} {'do' if what.startswith('the equations') else 'does'} not cover every value: "
                    "no match faults when the program runs", expected="a pattern for every possible value",
                    found=found, notes=[note])
                if not any(x.pos == w.pos and x.message == w.message for x in self.warnings):
                    self.warnings.append(w)  # once, however many copies of the code (compiler/specialise.py)
            else:
                raise CompileError(pos, f"{what} {'do' if what.startswith('the equations') else 'does'} not "
                                   "cover every value",
                                   expected="a pattern for every possible value (first match wins)",
                                   found=found, notes=[note])
        top_fail = Label(self.fresh("nomatch"), self.frame.depth)
        ctx = (tail, join, pos, what, top_fail)
        self.match_rows(occs, rows, top_fail, ctx)
        # The no-match fault: reachable only after a warning above.  Every
        # jump to a label records itself there (note_jump), so this does
        # not rescan the code emitted since: a chain of n lets (a match
        # each, around the rest of the chain) stays linear, not n^2.
        if top_fail.envs:
            self.stubs.append((top_fail.name, None, None, pos))  # (its fault is the match's, at pos)

    def fail_to(self, lab, ctx, witness):
        pass

    def match_rows(self, occs, rows, fail, ctx):
        if not rows:
            self.fail_to(fail, ctx, "some values")
            self.goto(fail)
            return
        pats, binds, body = rows[0]
        # Strip `as` and variables of the first row's columns into bindings.
        col = None
        for j, p in enumerate(pats):
            p = strip(p)
            if isinstance(p, (A.PCon, A.PTuple)) or (isinstance(p, A.PLit) and p.kind != "unit"):
                col = j
                break
        if col is None:
            binds = dict(binds)
            for p, occ in zip(pats, occs):
                bind_all(p, occ, binds)
            self.leaf(binds, body, ctx)
            return
        head = strip(pats[col])
        if isinstance(head, A.PTuple):
            self.expand_tuple(occs, rows, col, len(head.items), fail, ctx)
            return
        # The first block: rows whose column `col` is refutable.
        block = []
        for r in rows:
            if is_refutable(r[0][col]):
                block.append(r)
            else:
                break
        rest = rows[len(block):]
        block_fail = fail if not rest else Label(self.fresh("next"), self.frame.depth)
        if isinstance(head, A.PCon):
            self.switch(occs, block, col, block_fail, ctx)
        else:
            self.literals(occs, block, col, block_fail, ctx)
        if rest:
            self.label(block_fail)
            self.match_rows(occs, rest, fail, ctx)

    def expand_tuple(self, occs, rows, col, n, fail, ctx):
        slot, path = occs[col]
        sub = [(slot, path + field_path(i, n)) for i in range(n)]
        new_rows = []
        for pats, binds, body in rows:
            p = pats[col]
            binds = dict(binds)
            p = strip_bind(p, occs[col], binds)
            items = p.items if isinstance(p, A.PTuple) else [A.PWild(p.pos)] * n
            new_rows.append((pats[:col] + list(items) + pats[col + 1:], binds, body))
        self.match_rows(occs[:col] + sub + occs[col + 1:], new_rows, fail, ctx)

    def switch(self, occs, block, col, fail, ctx):
        occ = occs[col]
        groups = {}
        order = []
        for pats, binds, body in block:
            binds = dict(binds)
            p = strip_bind(pats[col], occ, binds)
            if p.ctor not in groups:
                groups[p.ctor] = []
                order.append(p.ctor)
            groups[p.ctor].append((p.args, pats[:col] + pats[col + 1:], binds, body))
        dt = order[0].data
        missing = [c for c in dt.ctors if c not in groups]
        self.load_occ(occ)
        labels = [Label(self.fresh(sanitize(c.name)), self.frame.depth) for c in order]
        if self.fused and not missing and len(dt.ctors) == 2:
            # Two constructors, both matched: switch2 jumps to tag 0's case
            # and falls through to tag 1's (a list's Cons, a tree's Node),
            # whose code comes first.
            by_tag = sorted(zip(order, labels), key=lambda cl: cl[0].tag)
            self.emit(f"switch2 {by_tag[0][1].name}")
            order, labels = [cl[0] for cl in reversed(by_tag)], [cl[1] for cl in reversed(by_tag)]
            self.case_blocks(occs, col, groups, order, labels, fail, ctx)
            return
        # One switchi holds 255 cases: more constructors take a chain of
        # them, each one's `_` going on to the next, which loads the value
        # again (`_` leaves its payload in env).
        pairs = list(zip(order, labels))
        room = SWITCH_CASES - 1 if missing else SWITCH_CASES  # the last switchi's `_` takes a case
        while len(pairs) > room:
            more = Label(self.fresh("more_cases"), self.frame.depth)
            chunk, pairs = pairs[:SWITCH_CASES - 1], pairs[SWITCH_CASES - 1:]
            self.emit("switchi " + " ".join(f"{c.tag} {lab.name}" for c, lab in chunk) + f" _ {more.name}")
            self.label(more)
            self.frame.env = None
            self.load_occ(occ)
        cases = " ".join(f"{c.tag} {lab.name}" for c, lab in pairs)
        if missing:
            self.fail_to(fail, ctx, f"`{missing[0].name}`" + (" ..." if len(missing) > 1 else ""))
            self.frame.env = None  # switchi's `_` leaves the payload in env, not occ
            cases += f" _ {self.branch_target(fail)}"
        self.emit(f"switchi {cases}")
        self.case_blocks(occs, col, groups, order, labels, fail, ctx)

    def case_blocks(self, occs, col, groups, order, labels, fail, ctx):
        """The code of each constructor's case, at its label, in order."""
        rest_occs = occs[:col] + occs[col + 1:]
        for c, lab in zip(order, labels):
            self.label(lab)
            rows = groups[c]
            needs_fields = c.arity > 0 and any(
                not all(isinstance(a, A.PWild) for a in args) for args, _, _, _ in rows)
            if needs_fields:
                self.push()
                slot = self.frame.depth - 1
                sub = [(slot, ())] if c.arity == 1 else [(slot, field_path(i, c.arity)) for i in range(c.arity)]
                inner_fail = fail
                new_rows = [(list(args) + others, binds, body) for args, others, binds, body in rows]
                self.match_rows(sub + rest_occs, new_rows, inner_fail, ctx)
            else:
                new_rows = [(others, binds, body) for args, others, binds, body in rows]
                self.match_rows(rest_occs, new_rows, fail, ctx)

    def literals(self, occs, block, col, fail, ctx):
        occ = occs[col]
        groups, order = {}, []
        for pats, binds, body in block:
            binds = dict(binds)
            p = strip_bind(pats[col], occ, binds)
            key = (p.kind, p.value)
            if key not in groups:
                groups[key] = []
                order.append(key)
            groups[key].append((pats[:col] + pats[col + 1:], binds, body))
        rest_occs = occs[:col] + occs[col + 1:]
        kind = order[0][0]
        if kind == "bool":
            values = [v for _, v in order]
            if len(values) < 2:
                self.fail_to(fail, ctx, "`True`" if False in values else "`False`")
            other = Label(self.fresh("other"), self.frame.depth)
            self.load_occ(occ)
            first = values[0]
            if first:
                self.emit(f"gotoifalse {other.name}")
            else:
                self.emit("not")
                self.emit(f"gotoifalse {other.name}")
            self.match_rows(rest_occs, groups[("bool", first)], fail, ctx)
            self.label(other)
            if len(values) == 2:
                self.match_rows(rest_occs, groups[("bool", values[1])], fail, ctx)
            else:
                self.goto(fail)
            return
        self.fail_to(fail, ctx, f"the other {'Int' if kind == 'int' else 'Float'} values")
        for key in order:
            other = Label(self.fresh("other"), self.frame.depth)
            self.load_occ(occ)
            if kind == "int":
                self.emit(f"jnei {key[1]} {other.name}")
            else:
                self.push()
                self.emit(f"loadf {float_text(key[1])}")
                self.emit("eqf")
                self.popped()
                self.emit(f"gotoifalse {other.name}")
            self.match_rows(rest_occs, groups[key], fail, ctx)
            self.label(other)
        self.goto(fail)

    def leaf(self, binds, body, ctx):
        tail, join = ctx[0], ctx[1]
        f = self.frame
        saved = dict(f.locs)
        f.locs.update(binds)
        pos = self.expr_pos
        self.expr(body, tail)
        self.expr_pos = pos  # the tests of the rows after it are the match's, not this body's
        f.locs = saved
        if not tail:
            self.goto(join)


# ------------------------------------------------------------- helpers

def in_place_order(updates, reorder):
    """An order of (slot, expr, slots read) updates in which no expression
    reads a slot written before it: their own order if it is one, else
    (when reorder: no expression has an effect) any, or None."""
    done = set()
    for slot, _, reads in updates:
        if reads & done:
            break
        done.add(slot)
    else:
        return updates
    if not reorder:
        return None
    order, rest = [], list(updates)
    while rest:
        for u in rest:
            if not any(u[0] in other[2] for other in rest if other is not u):
                break
        else:
            return None  # a cycle (`f y x`): every slot is still needed
        order.append(u)
        rest.remove(u)
    return order


def addend_of_slot(e, slot, slot_of):
    """k when e is `x + k` or `x - k` (Int) for the variable x in slot."""
    if isinstance(e, A.BinOp) and e.ty == "Int" and e.op in ("+", "-"):
        for x, c in ((e.left, e.right), (e.right, e.left)) if e.op == "+" else ((e.left, e.right),):
            k = int_const(c)
            if k is not None and slot_of(x) == slot:
                return wrap32(k if e.op == "+" else -k)
    return None


PURE_BINOPS = {"+", "-", "*", "==", "!=", "<", "<=", ">", ">=", "&&", "||"}


def is_pure(e):
    """e has no effect and cannot fault (so it may be evaluated earlier
    or later): variables, literals, lambdas, tuples, constructors and the
    arithmetic that cannot fault (no / or %), over such expressions."""
    stack = [e]
    while stack:
        e = stack.pop()
        if isinstance(e, (A.Lit, A.Lam)):
            continue
        if isinstance(e, A.Name):
            if isinstance(e.binding, Known) and e.binding.arity == 0:
                return False  # a constant computed by a call
            continue
        if isinstance(e, A.BinOp) and e.op in PURE_BINOPS:
            stack += [e.left, e.right]
        elif isinstance(e, A.UnOp):
            stack.append(e.operand)
        elif isinstance(e, A.Tuple):
            stack += e.items
        elif isinstance(e, A.If):
            stack += [e.cond, e.then, e.else_]
        elif isinstance(e, A.App):
            head, n = e, 0
            while isinstance(head, A.App):
                stack.append(head.arg)
                head, n = head.fun, n + 1
            if not (isinstance(head, A.Name) and isinstance(head.binding, Ctor) and n <= head.binding.arity):
                return False
        else:
            return False
    return True


def strip_parens(text):
    if text.startswith("(") and text.endswith(")") and "," not in text:
        return text[1:-1]
    return text


def strip(p):
    while isinstance(p, A.PAs):
        p = p.pat
    return p


def strip_bind(p, occ, binds):
    while isinstance(p, A.PAs):
        binds[p.var] = occ
        p = p.pat
    if isinstance(p, A.PVar):
        binds[p.var] = occ
    return p


def bind_all(p, occ, binds):
    """Bind the variables of an irrefutable pattern (var, _, (), as)."""
    p = strip_bind(p, occ, binds)
    assert isinstance(p, (A.PVar, A.PWild, A.PLit)), p


def is_refutable(p):
    p = strip(p)
    return isinstance(p, (A.PCon, A.PTuple)) or (isinstance(p, A.PLit) and p.kind != "unit")


def field_path(i, n):
    """Field i of a right-nested n-tuple."""
    return ("snd",) * i + (("fst",) if i < n - 1 else ())


def int_const(e):
    if isinstance(e, A.Lit) and e.kind == "int":
        return e.value
    return None


def float_text(x):
    text = repr(float(x))
    return text


def eta(head, arity, have, args):
    """An unsaturated constructor or built-in as a lambda: the arguments it
    has are evaluated now, once, in order (`let s = send (channel ())` makes
    one channel), and the lambda takes the rest."""
    pos = head.pos
    names = [f"eta{i}" for i in range(arity - have)]
    body = head
    lets = []
    for i, a in enumerate(args):
        if not isinstance(a, (A.Name, A.Lit)):
            pv = A.PVar(a.pos, f"eta_arg{i}")
            pv.var = Local(pv.name, a.pos)
            lets.append((pv, a))
            a = A.Name(a.pos, pv.name)
            a.binding = pv.var
        body = A.App(pos, body, a)
    params = []
    for n in names:
        pv = A.PVar(pos, n)
        pv.var = Local(n, pos)
        params.append(pv)
        ref = A.Name(pos, n)
        ref.binding = pv.var
        body = A.App(pos, body, ref)
    for pv in reversed(params):
        body = A.Lam(pos, pv, body)
    for pv, a in reversed(lets):
        body = A.Let(pos, pv, a, body)
    return body


def sanitize(name):
    return re.sub(r"[^A-Za-z0-9_]", "_", name)


def generate(program, groups=None, warnings=None, positions=None, straight_run=None):
    """The program's assembly text.  groups: the instruction groups of the
    product it is for (None: all); without FUSED the code uses no
    superinstruction.  warnings: a list the CompileWarnings go to.
    positions: a list given the source position (line, col) of each line
    of the text, or None (see source_positions).  straight_run: the
    product's longest run without a preemption point (None: the default's)."""
    gen = CodeGen(program, groups, warnings, straight_run)
    text = gen.run()
    if positions is not None:
        positions[:] = gen.positions
    return text
