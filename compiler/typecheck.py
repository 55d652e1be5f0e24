"""Name resolution and Hindley-Milner type inference.

Resolves every name to a binding (Local variable, Known function, Ctor,
Builtin), infers types with let-polymorphism (let-bound values, top-level
definitions), checks signatures, and picks the operand type of each
overloaded operator (Int or Float; Bool too for == and !=).

* The value restriction: a binding defined by an application is not
  generalised, and its type's variables are lowered to the enclosing
  level (monomorphize), so a channel carries one type of message.
* An operator is compiled for one type, so a type variable it works on is
  never generalised (hold_ops): the binding stays monomorphic in it until
  a use settles it (`let sq = \\x -> x * x in sq 1.5` is Float); one that
  nothing settles is Int (settle_ops, at the end).
* A definition with a signature is checked against it as it is read
  (check, infer_with_signature): the signature's variables are rigid, and
  a mismatch is reported at the pattern or expression that disagrees.  A
  rigid variable that would be bound into a type fixed outside the
  definition is an error (bind: it escaped).

Scoping (LANGUAGE.md): a top-level definition sees the ones before it and
itself; a `mutrec` group sees all of its members; data types are visible
everywhere.
"""

import copy
import difflib
import itertools
import re

from . import ast as A
from .builtins import BUILTINS, IO_BUILTINS, PENDING, RESERVED
from .errors import CompileError, plural
from . import types
from .types import BOOL, FLOAT, INT, UNIT, Namer, Scheme, TCon, TVar, assign, fn, mono, prune, remember, show

NUMERIC = ("Int", "Float")
EQUALITY = ("Int", "Float", "Bool")
BUILTIN_TYPES = {"Int": 0, "Bool": 0, "Float": 0, "Channel": 1, "Event": 1}


# ---------------------------------------------------------------- bindings

class Local:
    """A variable that lives at run time: a parameter, a pattern variable,
    a let-bound value, a top-level constant (evaluated in main's frame).

    mono_note: why a let-bound name or constant is not (fully) polymorphic,
    added to a type error at a use of it (the value restriction, an
    operator whose operand type its definition leaves open)."""
    __slots__ = ("name", "pos", "scheme", "id", "is_caf", "mono_note")
    _next = 0

    def __init__(self, name, pos, scheme=None, is_caf=False):
        self.name, self.pos, self.scheme, self.is_caf = name, pos, scheme, is_caf
        self.mono_note = None
        Local._next += 1
        self.id = Local._next

    def __repr__(self):
        return f"{self.name}#{self.id}"


class Known:
    """A function called directly: a top-level function or a letrec one.

    clauses: [(patterns, body)], all with `arity` patterns; params: the
    Locals the patterns match against; fvs: the Locals of enclosing scopes
    it needs (computed by the code generator), passed as extra leading
    arguments."""
    __slots__ = ("name", "pos", "scheme", "arity", "clauses", "params", "fvs", "label", "id", "match_pos",
                 "mono_note", "hidden", "held", "shape", "versions", "call_versions")
    _next = 0

    def __init__(self, name, pos, arity, clauses):
        self.name, self.pos, self.arity, self.clauses = name, pos, arity, clauses
        self.scheme = None
        self.mono_note = None  # as Local's
        self.params = [Local(f"{name}.arg{i}", pos) for i in range(arity)]
        self.fvs = None
        Known._next += 1
        self.id = Known._next
        self.label = None
        self.match_pos = pos
        self.hidden = ()  # a specialised copy's parameters left out (compiler/specialise.py)
        self.held = ()  # [(type variable, allowed types)]: those its operators hold to one type (see versions)
        self.shape = None  # its type as generalised, each variable there itself (no links), for versions
        self.versions = None  # {types: Known or None}: a top-level function's, when it can have versions
        # {argument types: Known or None}: a top-level function whose type a one-type function it uses had
        # settled before it was defined (used_settled), checked again at a call's argument types
        self.call_versions = None


class Ctor:
    __slots__ = ("name", "pos", "scheme", "tag", "arity", "data")

    def __init__(self, name, pos, tag, arity, data):
        self.name, self.pos, self.tag, self.arity, self.data = name, pos, tag, arity, data
        self.scheme = None


def substitute(t, sub):
    """t with the variables in sub (by id) replaced (a constructor's
    field type at its data type's arguments)."""
    t = prune(t)
    if isinstance(t, TVar):
        return sub.get(id(t), t)
    return TCon(t.name, [substitute(a, sub) for a in t.args])


class DataType:
    __slots__ = ("name", "params", "ctors")

    def __init__(self, name, params):
        self.name, self.params, self.ctors = name, params, []


class Program:
    """What the code generator needs."""

    def __init__(self, items, main, main_type, datatypes, ports=None):
        self.items = items  # in order: ("caf", Local, expr) and ("fun", Known)
        self.main = main  # the Local of main
        self.main_type = main_type
        self.datatypes = datatypes
        self.ports = ports or {}  # port name -> (type of its messages, position of its first use)


# The messages a device's channel carries (docs/devices.md): a button's
# edges, a UART's bytes and a sensor's readings are Ints; an LED's level
# is an Int or a Bool.
DEVICE_MESSAGES = {"button": ("Int",), "uart": ("Int",), "sensor": ("Int",), "led": ("Int", "Bool")}


def peel_lambdas(expr):
    pats = []
    while isinstance(expr, A.Lam):
        pats.append(expr.pat)
        expr = expr.body
    return pats, expr


def is_value(e):
    """Syntactic values may be generalised (the value restriction)."""
    if isinstance(e, (A.Lam, A.Lit, A.Name)):
        return True
    if isinstance(e, A.Tuple):
        return all(is_value(x) for x in e.items)
    if isinstance(e, A.App):
        head, args = e, []
        while isinstance(head, A.App):
            args.append(head.arg)
            head = head.fun
        return isinstance(head, A.Name) and head.name[:1].isupper() and all(is_value(a) for a in args)
    return False


# --------------------------------------------- expressions in messages

_OP_PREC = {"||": 1, "&&": 2, "<": 3, "<=": 3, ">": 3, ">=": 3, "==": 3, "!=": 3,
            "+": 4, "-": 4, "*": 5, "/": 5, "%": 5}
_UNARY, _APP, _ATOM = 6, 7, 8


def _lit_text(kind, value):
    if kind == "bool":
        return "True" if value else "False"
    if kind == "unit":
        return "()"
    if kind == "float":
        text = repr(float(value))
        mantissa, e, exp = text.partition("e")
        if "." not in mantissa and mantissa.lstrip("-").isdigit():
            mantissa += ".0"
        return mantissa + (e + exp.lstrip("+") if e else "")
    return str(value)


def show_pat(p, prec=0):
    """A pattern in the language's syntax (for messages)."""
    if isinstance(p, A.PVar):
        return p.name
    if isinstance(p, A.PWild):
        return "_"
    if isinstance(p, A.PLit):
        text = _lit_text(p.kind, p.value)
        return f"({text})" if text.startswith("-") and prec >= _APP else text
    if isinstance(p, A.PTuple):
        return "(" + ", ".join(show_pat(x) for x in p.items) + ")"
    if isinstance(p, A.PCon):
        if not p.args:
            return p.name
        text = p.name + " " + " ".join(show_pat(x, _ATOM) for x in p.args)
        return f"({text})" if prec >= _APP else text
    if isinstance(p, A.PAs):
        text = f"{p.name} as {show_pat(p.pat, _ATOM)}"
        return f"({text})" if prec >= _APP else text
    return "..."


def show_expr(e, prec=0):
    """An expression in the language's syntax, parenthesised as needed
    (for messages: what is applied, a definition to write instead)."""
    if isinstance(e, A.Lit):
        text = _lit_text(e.kind, e.value)
        return f"({text})" if text.startswith("-") and prec >= _APP else text
    if isinstance(e, A.Name):
        return e.name
    if isinstance(e, A.Tuple):
        return "(" + ", ".join(show_expr(x) for x in e.items) + ")"
    if isinstance(e, A.App):
        text = f"{show_expr(e.fun, _APP)} {show_expr(e.arg, _ATOM)}"
        return f"({text})" if prec >= _ATOM else text
    if isinstance(e, A.BinOp):
        p = _OP_PREC.get(e.op, 1)
        right_assoc = e.op in ("&&", "||")
        left = show_expr(e.left, p + (1 if right_assoc or p == 3 else 0))
        right = show_expr(e.right, p + (0 if right_assoc else 1))
        text = f"{left} {e.op} {right}"
        return f"({text})" if prec > p else text
    if isinstance(e, A.UnOp):
        text = e.op + show_expr(e.operand, _UNARY)
        return f"({text})" if prec > _UNARY else text
    if isinstance(e, A.Lam):
        text = f"\\{show_pat(e.pat, _ATOM)} -> {show_expr(e.body)}"
    elif isinstance(e, A.Let):
        text = f"let {show_pat(e.pat)} = {show_expr(e.rhs)} in {show_expr(e.body)}"
    elif isinstance(e, A.LetRec):
        text = "letrec " + "; ".join(f"{name} = {show_expr(lam)}" for _, name, lam in e.bindings) \
            + f" in {show_expr(e.body)}"
    elif isinstance(e, A.If):
        text = f"if {show_expr(e.cond)} then {show_expr(e.then)} else {show_expr(e.else_)}"
    elif isinstance(e, A.Case):
        text = f"case {show_expr(e.scrut)} of {{ " + "; ".join(
            f"{show_pat(p)} -> {show_expr(b)}" for p, b in e.alts) + " }"
    else:
        return "..."
    return f"({text})" if prec > 0 else text


def quote(e, limit=40):
    """`e` for a message, shortened when long."""
    text = show_expr(e)
    if len(text) > limit:
        text = text[:limit - 3].rstrip() + "..."
    return f"`{text}`"


def names_in(e, out):
    """The names an expression mentions (variables, patterns): to pick a
    fresh one for a suggestion."""
    stack = [e]
    while stack:
        x = stack.pop()
        if isinstance(x, (A.Name, A.PVar, A.PAs)):
            out.add(x.name)
        if isinstance(x, A.LetRec):
            for _, name, lam in x.bindings:
                out.add(name)
                stack.append(lam)
            stack.append(x.body)
            continue
        if isinstance(x, A.Case):
            stack.append(x.scrut)
            for p, b in x.alts:
                stack.extend((p, b))
            continue
        for slot in getattr(type(x), "__slots__", ()):
            v = getattr(x, slot, None)
            if isinstance(v, A.Node):
                stack.append(v)
            elif isinstance(v, list):
                stack.extend(i for i in v if isinstance(i, A.Node))
    return out


def a_type(t, namer=None):
    """`an Int`, `a List Bool`, `a value of type (Int, Bool)`."""
    text = show(t, namer)
    if text[:1].isupper():
        return ("an " if text[0] in "AEIOU" else "a ") + text
    return f"a value of type {text}"


def ordinal(n):
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n if n < 20 else n % 10, 'th') }"


class PortName:
    """The argument of `port NAME`: an IO entry of the container (index None
    when no interface was given: the assembler resolves `@NAME`)."""
    __slots__ = ("name", "pos", "index")

    def __init__(self, name, pos, index):
        self.name, self.pos, self.index = name, pos, index


class Checker:
    def __init__(self, interface=None):
        self.interface = interface  # the container's (assembler.Interface), or None
        self.scope = {}
        self.pushed = []  # the saved bindings of each push_scope not yet popped, innermost last
        self.level = 0
        self.types = dict(BUILTIN_TYPES)  # type name -> arity
        self.datatypes = {}
        self.ctors = {}
        self.pending_ops = []  # (TVar or type, allowed, node, what)
        self.version_ops = []  # per version made: (the pending_ops it left, its held operators' ids)
        self.held_ops = set()  # id() of the operator nodes hold_ops kept monomorphic
        self.rigid_owner = {}  # id of a signature's (rigid) variable -> the name the signature is of
        self.restricted = {}  # id of a type variable monomorphize kept -> the name whose type it is in
        self.held_vars = {}  # id of a held operator's variable -> (allowed types, operator node, what)
        self.numbered_binds = set()  # ids of `spawnExternal` Names applied to a channel and a literal
        self.later = {}  # top-level names defined later: name -> line
        self.io_constants = {}  # binding of a top-level `x = port NAME` / `device NAME` -> its PortName
        self.defining = []  # names of the `let` bindings whose right-hand sides are being inferred
        self.constant = None  # the top-level constant being checked
        self.op_held = set()  # Knowns not polymorphic because an operator's type is left open
        self.globals = {}  # the top-level definitions so far: name -> binding
        self.pristine = {}  # a top-level function (not in a mutrec group) -> its definition as written
        self.made = []  # (function, its version), in the order they were made
        self.current = None  # the top-level definition being checked (a name)
        self.tries_left = self.MAX_TRIES_PER_DEFINITION  # choices of versions left to try in it
        self.retrying = 0  # applications being tried again with versions, one inside another
        self.op_owner = {}  # id of a held operator's node -> the top-level definition it is in
        self.gave_up = False  # a search for versions stopped at its limits (said in the error)
        # (a top-level definition, a one-type function it uses whose types were settled before it) -> (the
        # first use's pos, those types); and the definitions that have one (a flat dict each: a trial undoes them)
        self.used_settled = {}
        self.uses_settled = {}
        self.settled = {}  # a top-level definition -> ((pos, type, operator node, what), ..): held operators of
        #                    other definitions its uses settled (for messages)
        self.ports = {}  # port name -> (the type of its messages, where first used): one type a program

    # ---------------------------------------------------------- types

    def fresh(self):
        return TVar(self.level)

    def instantiate(self, scheme):
        if not scheme.vars:
            return scheme.type
        mapping = {v.id: self.fresh() for v in scheme.vars}

        def copy(t):
            t = prune(t)
            if isinstance(t, TVar):
                return mapping.get(t.id, t)
            if not t.args:
                return t
            return TCon(t.name, [copy(a) for a in t.args])

        return copy(scheme.type)

    def generalize(self, t, name=None, local=False):
        """The scheme of a binding of type t (inferred one level deeper).
        A type variable an operator still works on is not generalised (see
        hold_ops).  Returns (scheme, note): note, when name is given and the
        type keeps such a variable, says why the binding is not polymorphic
        (local: of a `let`, which has no versions)."""
        self.hold_ops()
        found, free = {}, set()

        def walk(t):
            t = prune(t)
            if isinstance(t, TVar):
                free.add(t.id)
                if t.level > self.level and not t.rigid and t.id not in found:
                    found[t.id] = t
            else:
                for a in t.args:
                    walk(a)

        walk(t)
        note = None
        if name is not None:
            ops = [(node, allowed, what) for tv, allowed, node, what in self.pending_ops
                   if id(node) in self.held_ops and isinstance(prune(tv), TVar) and prune(tv).id in free]
            held = next((self.held_vars[i] for i in sorted(free) if i in self.held_vars and i not in found), None)
            if ops:
                node, allowed, what = ops[0]
            elif held is not None:
                allowed, node, what = held
            owner = self.op_owner.get(id(node)) if ops or held is not None else None
            kinds = ", ".join(allowed[:-1]) + " or " + allowed[-1] if ops or held is not None else ""
            if local and (ops or held is not None) and owner not in (None, name, self.current):
                # the operator is another top-level function's (`let h = \y -> double y`)
                note = (f"`{name}` is not polymorphic: through `{owner}` it uses {what}, which works on one type "
                        f"({kinds}) in each compiled version of `{owner}`, and `{name}`, a local definition, is "
                        f"compiled once, so every use of `{name}` must agree on one type; a top-level function is "
                        f"compiled once for each type its uses need: define `{name}` at the top level")
            elif ops:
                line, col = node.op_pos if hasattr(node, "op_pos") else node.pos
                note = (f"`{name}` is not polymorphic: it uses {what} (line {line}, column {col}) on a type its "
                        f"definition leaves open, and an operator is compiled for one type ({kinds}), so "
                        f"every use of `{name}` must agree on it (a top-level function outside a `mutrec` group "
                        f"is compiled once for each type its uses need; this one cannot be); for another type, "
                        f"define another function (with a signature)")
            else:
                fixed = next((self.restricted[i] for i in free if i in self.restricted and i not in found), None)
                if fixed is not None and fixed != name:
                    note = (f"`{name}` is not polymorphic: its type shares a part with the type of `{fixed}`, which "
                            f"is defined by an application, so it has one type (the value restriction); every "
                            f"use of `{name}` must agree on it")
        return Scheme(list(found.values()), t), note

    def hold_ops(self):
        """Before generalising at self.level: check the operators whose
        operand type is known; an operator whose operand type is still a
        variable that would be generalised is held: its variable stays
        monomorphic (its level is lowered), so that the uses of the binding
        settle it (`let sq = \\x -> x * x in sq 1.5` is Float), and
        settle_ops makes it Int at the end if nothing does.  (Generalising
        it would need one compiled operator per type.)"""
        keep = []
        for entry in self.pending_ops:
            r = prune(entry[0])
            if isinstance(r, TVar) and not r.rigid:
                if r.level > self.level:
                    assign(r, "level", self.level)
                    self.held_ops.add(id(entry[2]))
                    self.op_owner.setdefault(id(entry[2]), self.current)
                    self.constrain(r, entry[1], entry[2], entry[3])
                keep.append(entry)
            else:
                self.check_op(r, *entry[1:])
        self.pending_ops = keep

    def constrain(self, v, allowed, node, what):
        """A held operator's variable: what it is bound to is checked at once
        (`sq True` is an error at `True`, not at the `*` of sq)."""
        old = self.held_vars.get(v.id)
        if old is not None:
            allowed = tuple(a for a in old[0] if a in allowed)
            node, what = old[1], old[2]
        remember(self.held_vars, v.id)
        self.held_vars[v.id] = (allowed, node, what)

    def settle_ops(self):
        """At the end: an operator whose operand type nothing settled is Int."""
        for t, allowed, node, what in self.pending_ops:
            r = prune(t)
            if isinstance(r, TVar) and not r.rigid:
                r.ref = INT
                r = INT
            self.check_op(r, allowed, node, what)
        self.pending_ops = []

    def operator(self, t, allowed, node, what):
        """An operator on operands of type t: checked now when t is known
        (`x + True` is an error at the `+`, before any use of the function
        it is in), else when its binding is generalised or at the end."""
        r = prune(t)
        if isinstance(r, TCon):
            self.check_op(r, allowed, node, what)
        else:
            self.pending_ops.append((t, allowed, node, what))

    def check_op(self, r, allowed, node, what):
        if isinstance(r, TVar) or r.name not in allowed:
            names = " or ".join(allowed) if len(allowed) < 3 else ", ".join(allowed[:-1]) + " or " + allowed[-1]
            notes = []
            if isinstance(r, TVar):
                owner = self.rigid_owner.get(r.id)
                notes.append(f"`{r.rigid}` is a type variable of the signature"
                             + (f" of `{owner}`" if owner else "") + f": it stands for every type, and {what} "
                             f"works on {names} only; give the signature {allowed[0]} (or "
                             f"{' or '.join(allowed[1:])}) instead of `{r.rigid}`")
            raise CompileError(node.op_pos if hasattr(node, "op_pos") else node.pos,
                               f"{what} works on {names} only", expected=names, found=show(r), notes=notes)
        node.ty = r.name

    def monomorphize(self, t, name=None):
        """A binding that is not generalised (the value restriction, a
        pattern): the variables of its type belong to the enclosing level,
        so no later generalisation takes them (after `let c = channel ()`,
        a function sending on c does not become polymorphic).  Returns
        whether the type had any variable that would have been generalised."""
        lowered = False
        stack = [t]
        while stack:
            t = prune(stack.pop())
            if isinstance(t, TVar):
                if t.level > self.level and not t.rigid:
                    assign(t, "level", self.level)
                    lowered = True
                    if name is not None and t.id not in self.restricted:
                        remember(self.restricted, t.id)
                        self.restricted[t.id] = name
            else:
                stack.extend(t.args)
        return lowered

    def occurs(self, v, t, escaped):
        """Whether v occurs in t; lowers the levels of t's variables to v's
        (t becomes part of what v belongs to); a signature's variable that
        would be lowered goes to escaped."""
        t = prune(t)
        if t is v:
            return True
        if isinstance(t, TVar):
            if t.level > v.level:
                if t.rigid:
                    escaped.append(t)
                else:
                    assign(t, "level", v.level)
            if v.id in self.restricted and t.id not in self.restricted:
                remember(self.restricted, t.id)
                self.restricted[t.id] = self.restricted[v.id]
            return False
        return any(self.occurs(v, a, escaped) for a in t.args)

    def unify(self, expected, found, pos, message):
        """Make the types equal, or report `message` with both types."""
        work = [(expected, found)]
        while work:
            a, b = work.pop()
            a, b = prune(a), prune(b)
            if a is b:
                continue
            if isinstance(a, TVar) and not a.rigid:
                self.bind(a, b, expected, found, pos, message)
            elif isinstance(b, TVar) and not b.rigid:
                self.bind(b, a, expected, found, pos, message)
            elif isinstance(a, TCon) and isinstance(b, TCon) and a.name == b.name and len(a.args) == len(b.args):
                work.extend(zip(a.args, b.args))
            else:
                self.mismatch(expected, found, pos, message, a, b)

    def bind(self, v, t, expected, found, pos, message):
        escaped = []
        if self.occurs(v, t, escaped):
            namer = self.namer(expected, found)
            raise CompileError(pos, message + " (the type would be infinite)",
                               expected=show(expected, namer), found=show(found, namer),
                               notes=[f"`{show(v, namer)}` would have to contain itself: {show(t, namer)}"])
        if escaped:
            # A signature's variable would become a type fixed outside its
            # definition (a constant's, a monomorphic function's): the
            # definition would not work for every type.
            r = escaped[0]
            owner = self.rigid_owner.get(r.id, "the definition")
            owner = f"`{owner}`" if owner != "the definition" else owner
            namer = self.namer(expected, found)
            raise CompileError(pos, message, expected=show(expected, namer), found=show(found, namer),
                               notes=[f"`{r.rigid}` is a type variable of the signature of {owner}, which must "
                                      f"work for every type `{r.rigid}`, but here `{r.rigid}` would be one type "
                                      f"fixed outside {owner} (a constant's, or a function's that is not "
                                      "polymorphic)"])
        held = self.held_vars.get(v.id)
        if held is not None:
            allowed, node, what = held
            if isinstance(t, TVar):
                if not t.rigid:
                    self.constrain(t, allowed, node, what)
            elif t.name in allowed:
                owner = self.op_owner.get(id(node))
                if self.current is not None and owner is not None and owner != self.current:
                    remember(self.settled, self.current)
                    self.settled[self.current] = self.settled.get(self.current, ()) + ((pos, t.name, node, what,
                                                                                        owner),)

            else:
                names = " or ".join(allowed) if len(allowed) < 3 else ", ".join(allowed[:-1]) + " or " + allowed[-1]
                namer = self.namer(expected, found)
                line, col = node.op_pos if hasattr(node, "op_pos") else node.pos
                whole = prune(expected) is v
                err = CompileError(pos, message, expected=names if whole else show(expected, namer),
                                   found=show(found, namer),
                                   notes=[f"{what} (line {line}, column {col}) is applied to a value of "
                                          + ("this type" if whole else f"type `{show(v, namer)}`")
                                          + f", and works on {names} only"])
                err.operand_error = True  # not a matter of polymorphism: no notes about it
                raise err
        assign(v, "ref", t)

    def namer(self, *types):
        """A Namer for a message about these types: the names it gives
        differ from those of the signature variables among them."""
        return Namer(v.rigid for t in types for v in self.signature_vars(t))

    def mismatch(self, expected, found, pos, message, a, b):
        namer = self.namer(expected, found)
        exp_s, found_s = show(expected, namer), show(found, namer)
        notes = []
        part_a, part_b = show(a, namer), show(b, namer)
        if (part_a, part_b) != (exp_s, found_s):
            notes.append(f"`{part_a}` does not match `{part_b}`")
        for t in (a, b):
            if isinstance(t, TVar) and t.rigid:
                owner = self.rigid_owner.get(t.id)
                notes.append(f"`{t.rigid}` is a type variable of the signature"
                             + (f" of `{owner}`: `{owner}`" if owner else ": the definition")
                             + f" must work for every type `{t.rigid}`")
                break
        raise CompileError(pos, message, expected=exp_s, found=found_s, notes=notes)

    # --------------------------------------------------- written types

    def convert_type(self, ty, vars_, allow_new_vars=True, where="a signature"):
        """A written type to a type; vars_ maps type variable names (grows)."""
        if isinstance(ty, A.TyVar):
            if ty.name not in vars_:
                if not allow_new_vars:
                    raise CompileError(ty.pos, f"the type variable `{ty.name}` is not a parameter of the data type",
                                       expected="one of the parameters after the type's name", found=f"`{ty.name}`")
                vars_[ty.name] = TVar(self.level + 1)
            return vars_[ty.name]
        if ty.name == "->":
            return fn(self.convert_type(ty.args[0], vars_, allow_new_vars, where),
                      self.convert_type(ty.args[1], vars_, allow_new_vars, where))
        if ty.name == ",":
            return TCon(",", [self.convert_type(a, vars_, allow_new_vars, where) for a in ty.args])
        if ty.name == "()":
            return UNIT
        if ty.name not in self.types:
            close = difflib.get_close_matches(ty.name, list(self.types), n=1)
            raise CompileError(ty.pos, f"unknown type `{ty.name}`",
                               expected="a type: Int, Bool, Float, (), a tuple, a function or a data type"
                               + (f" (did you mean `{close[0]}`?)" if close else ""),
                               found=f"`{ty.name}`")
        arity = self.types[ty.name]
        if len(ty.args) != arity:
            raise CompileError(ty.pos, f"the type `{ty.name}` takes {arity} argument{'s' * (arity != 1)}",
                               expected=f"{arity} type argument{'s' * (arity != 1)}", found=f"{len(ty.args)}")
        return TCon(ty.name, [self.convert_type(a, vars_, allow_new_vars, where) for a in ty.args])

    def signature_scheme(self, sig):
        vars_ = {}
        t = self.convert_type(sig.type, vars_)
        return Scheme(list(vars_.values()), t)

    # ------------------------------------------------------------ data

    def declare_data(self, d):
        if d.name in BUILTIN_TYPES:
            raise CompileError(d.pos, f"`{d.name}` is a built-in type: a `data` declaration cannot define it",
                               expected="a new type name", found=f"`data {d.name}`",
                               notes=["the built-in types are " + ", ".join(f"`{n}`" for n in BUILTIN_TYPES)])
        if d.name in self.types:
            raise CompileError(d.pos, f"the type `{d.name}` is declared twice",
                               expected="one declaration per type name", found=f"a second `data {d.name}`")
        self.types[d.name] = len(d.params)
        dt = DataType(d.name, [p.text for p in d.params])
        self.datatypes[d.name] = dt
        return dt

    def define_ctors(self, d):
        dt = self.datatypes[d.name]
        seen = set()
        for p in d.params:
            if p.text in seen:
                raise CompileError(p.pos, f"the type parameter `{p.text}` appears twice",
                                   expected="distinct parameter names", found=f"`{p.text}` again")
            seen.add(p.text)
        for tag, cd in enumerate(d.ctors):
            if cd.name in ("True", "False"):
                raise CompileError(cd.pos, f"`{cd.name}` is a Bool literal: a constructor cannot have its name",
                                   expected="a new constructor name", found=f"`{cd.name}`")
            if cd.name in self.ctors:
                raise CompileError(cd.pos, f"the constructor `{cd.name}` is declared twice",
                                   expected="a new constructor name",
                                   found=f"`{cd.name}` (also in `{self.ctors[cd.name].data.name}`)")
            vars_ = {p.text: TVar(1) for p in d.params}
            params = [vars_[p.text] for p in d.params]
            t = self.convert_type(cd.type, vars_, allow_new_vars=False)
            arity, result = 0, prune(t)
            while isinstance(result, TCon) and result.name == "->":
                arity += 1
                result = prune(result.args[1])
            want = TCon(d.name, params)
            ok = isinstance(result, TCon) and result.name == d.name and all(
                prune(a) is p for a, p in zip(result.args, params))
            if not ok:
                raise CompileError(cd.type.pos, f"the constructor `{cd.name}` must build a `{d.name}`",
                                   expected=f"a type ending in `{show(want)}`", found=show(result))
            if tag > 65534:
                raise CompileError(cd.pos, "too many constructors", expected="at most 65535", found=str(tag + 1))
            ctor = Ctor(cd.name, cd.pos, tag, arity, dt)
            ctor.scheme = Scheme(params, t)
            dt.ctors.append(ctor)
            self.ctors[cd.name] = ctor

    # ----------------------------------------------------------- scope

    def lookup(self, node):
        name = node.name
        b = self.scope.get(name)
        if b is None and name[:1].isupper():
            b = self.ctors.get(name)
        if b is None:
            b = BUILTINS.get(name)
        if b is not None:
            return b
        if name in PENDING:
            raise CompileError(node.pos, f"the built-in `{name}` is not available yet",
                               expected="a built-in this compiler supports: "
                               + ", ".join(sorted(BUILTINS)),
                               found=f"`{name} : {PENDING[name]}`",
                               notes=["devices are not supported by the compiler yet; a port between "
                                      "containers is `port NAME`"])
        if name == self.constant:
            raise CompileError(node.pos, f"`{name}` is used in its own definition, which is a constant, "
                               "not a function", expected=f"a function to recur: parameters, e.g. "
                               f"`{name} u = ...` used as `{name} ()`", found=f"`{name}` without parameters",
                               notes=["a constant is evaluated once, when the program starts; only functions are "
                                      "in scope in their own body"])
        notes = []
        if name in self.defining:
            notes.append(f"`let` is not recursive: `{name}` is not visible in its own definition; "
                         f"`letrec {name} x = ...` defines a recursive function")
        if name in self.later:
            notes.append(f"`{name}` is defined later, on line {self.later[name]}: a definition sees only the "
                         "ones before it; put mutually recursive functions in a `mutrec` group")
        candidates = list(self.scope) + list(BUILTINS) + (list(self.ctors) if name[:1].isupper() else [])
        close = difflib.get_close_matches(name, candidates, n=1)
        if close and not notes:  # (not when the name is defined, later or in the definition itself)
            notes.append(f"did you mean `{close[0]}`?")
        if name[:1].isupper():
            if not self.ctors:
                notes.append("this program declares no `data` type: `data T where` then `C : ... -> T`, "
                             "one constructor a line")
            raise CompileError(node.pos, f"unknown constructor `{name}`",
                               expected="a constructor of one of the program's `data` types", found=f"`{name}`",
                               notes=notes)
        raise CompileError(node.pos, f"unknown name `{name}`",
                           expected="a name that is defined before this point", found=f"`{name}`",
                           notes=notes)

    def push_scope(self, bindings):
        saved = [(name, self.scope.get(name)) for name, _ in bindings]
        for name, b in bindings:
            self.scope[name] = b
        self.pushed.append(saved)  # (a failed trial pops what its error left pushed)
        return saved

    def pop_scope(self, saved):
        for name, old in reversed(saved):
            if old is None:
                self.scope.pop(name, None)
            else:
                self.scope[name] = old
        assert self.pushed and self.pushed[-1] is saved
        self.pushed.pop()

    # -------------------------------------------------------- patterns

    def infer_pat(self, p, t, out, note=None):
        """Type pattern p against t; append (name, Local) to out.  note: added
        to a type mismatch (where t comes from, e.g. a signature)."""
        def unify(expected, found, pos, message):
            try:
                self.unify(expected, found, pos, message)
            except CompileError as err:
                if note:
                    err.notes.append(note)
                raise

        stack = [(p, t)]
        while stack:
            p, t = stack.pop()
            if isinstance(p, A.PVar):
                p.var = self.add_var(p.name, p.pos, t, out)
            elif isinstance(p, A.PWild):
                pass
            elif isinstance(p, A.PLit):
                lt = {"int": INT, "float": FLOAT, "bool": BOOL, "unit": UNIT}[p.kind]
                unify(t, lt, p.pos, "this pattern does not have the type of the value it matches")
            elif isinstance(p, A.PTuple):
                items = [self.fresh() for _ in p.items]
                unify(t, TCon(",", items), p.pos, "this tuple pattern does not have the type of the value it matches")
                stack.extend(reversed(list(zip(p.items, items))))
            elif isinstance(p, A.PAs):
                p.var = self.add_var(p.name, p.pos, t, out)
                stack.append((p.pat, t))
            elif isinstance(p, A.PCon):
                ctor = self.ctors.get(p.name)
                if ctor is None:
                    self.lookup(A.Name(p.pos, p.name))  # raises: unknown constructor
                p.ctor = ctor
                if len(p.args) != ctor.arity:
                    raise CompileError(p.pos, f"the constructor `{p.name}` has {ctor.arity} field"
                                       f"{'s' * (ctor.arity != 1)}",
                                       expected=f"{ctor.arity} pattern{'s' * (ctor.arity != 1)} after `{p.name}`",
                                       found=f"{len(p.args)}")
                ct = self.instantiate(ctor.scheme)
                fields = []
                for _ in range(ctor.arity):
                    ct = prune(ct)
                    fields.append(ct.args[0])
                    ct = ct.args[1]
                unify(t, ct, p.pos, f"the constructor `{p.name}` does not build the type of the value it matches")
                stack.extend(reversed(list(zip(p.args, fields))))

    def add_var(self, name, pos, t, out):
        for n, _ in out:
            if n == name:
                raise CompileError(pos, f"the variable `{name}` is bound twice in one pattern",
                                   expected="distinct names", found=f"`{name}` again")
        v = Local(name, pos, mono(t))
        out.append((name, v))
        return v

    # ----------------------------------------------------- expressions

    def infer(self, e):
        if isinstance(e, A.Lit):
            return {"int": INT, "float": FLOAT, "bool": BOOL, "unit": UNIT}[e.kind]
        if isinstance(e, A.Name):
            b = e.version or self.lookup(e)
            if b is BUILTINS.get("port") or b is BUILTINS.get("device"):
                what = "a port" if b.name == "port" else "a device"
                raise CompileError(e.pos, f"`{b.name}` must be applied to the name of {what}",
                                   expected=f"`{b.name} NAME`", found=f"`{b.name}` alone")
            e.binding = b
            if b is BUILTINS["spawnExternal"] and id(e) not in self.numbered_binds:
                self.check_computed_bind(e)
            if b.scheme is None:
                b.scheme = self.builtin_scheme(b)
            if self.current is not None and self.current != e.name and self.globals.get(e.name) is b and (
                    self.settled_before(b) or getattr(b, "call_versions", None) is not None):
                # another definition's use settled it before this one began (or a function it uses)
                key = (self.current, e.name)
                if key not in self.used_settled:
                    remember(self.used_settled, key)
                    self.used_settled[key] = (e.pos, {prune(v).name for v, _ in b.held} if b.held
                                              else numeric_types(b.scheme.type))
                    remember(self.uses_settled, self.current)
                    self.uses_settled[self.current] = True
            return self.instantiate(b.scheme)
        if isinstance(e, A.App):
            return self.infer_app(e)
        if isinstance(e, A.Lam):
            t = self.fresh()
            out = []
            self.infer_pat(e.pat, t, out)
            saved = self.push_scope(out)
            body = self.infer(e.body)
            self.pop_scope(saved)
            return fn(t, body)
        if isinstance(e, A.Let):
            return self.infer_let(e)
        if isinstance(e, A.LetRec):
            return self.infer_letrec(e)
        if isinstance(e, A.If):
            self.unify(BOOL, self.infer(e.cond), e.cond.pos, "the condition of `if` must be a Bool")
            t = self.infer(e.then)
            self.unify(t, self.infer(e.else_), e.else_.pos,
                       "the branches of `if` have different types (`else` must match `then`)")
            return t
        if isinstance(e, A.Case):
            st = self.infer(e.scrut)
            result = None
            for pat, body in e.alts:
                out = []
                self.infer_pat(pat, st, out)
                saved = self.push_scope(out)
                bt = self.infer(body)
                self.pop_scope(saved)
                if result is None:
                    result = bt
                else:
                    self.unify(result, bt, body.pos,
                               f"the equations of `{e.equations_of}` have different types (this one's body must "
                               "match the first's)" if e.equations_of else
                               "the alternatives of `case` have different types (this one must match the first)")
            return result
        if isinstance(e, A.Tuple):
            return TCon(",", [self.infer(x) for x in e.items])
        if isinstance(e, A.BinOp):
            return self.infer_binop(e)
        if isinstance(e, A.UnOp):
            t = self.infer(e.operand)
            if e.op == "!":
                self.unify(BOOL, t, e.operand.pos, "`!` negates a Bool")
                e.ty = "Bool"
                return BOOL
            self.operator(t, NUMERIC, e, "negation `-`")
            return t
        raise AssertionError(type(e))

    def builtin_scheme(self, b):
        from .parser import Parser
        vars_ = {}
        t = self.convert_type(Parser(b.type_text).type_(), vars_)
        return Scheme(list(vars_.values()), t)

    def port_app(self, e):
        """`port NAME` / `device NAME`: NAME an IO entry of the container's
        interface, of the right kind."""
        which = e.fun.name
        what = "a port" if which == "port" else "a device"
        arg = e.arg
        if not (isinstance(arg, A.Name) and arg.name[:1].isalpha()):
            raise CompileError(arg.pos, f"`{which}` takes the name of {what}",
                               expected=f"`{which} NAME`, NAME {what} of the container, as in the product "
                               "configuration",
                               found="an expression")
        index = None
        if self.interface is not None:
            kinds = IO_BUILTINS[which]
            entries = [entry for entry in self.interface.entries if entry[3] in kinds]
            index = self.interface.index.get(arg.name)
            names = ", ".join(entry[0] for entry in entries)
            if index is None or self.interface.entries[index][3] not in kinds:
                notes = []
                if index is not None:
                    other = "device" if which == "port" else "port"
                    notes.append(f"`{arg.name}` is a {other} of the container: write `{other} {arg.name}`")
                raise CompileError(arg.pos, f"no {which} `{arg.name}` in {self.interface.describe()}",
                                   expected=f"one of its {which}s: " + names if names else
                                   f"{what} of the container's interface (it has none)",
                                   found=f"`{arg.name}`", notes=notes)
        arg.binding = PortName(arg.name, arg.pos, index)
        e.fun.binding = BUILTINS[which]
        message = self.fresh()
        kind = self.interface.entries[index][3] if index is not None else None
        if which == "port":  # every use of a port in the program carries one type of message
            if arg.name not in self.ports:
                self.ports[arg.name] = (TVar(0), arg.pos)
            first, where = self.ports[arg.name]
            self.unify(first, message, arg.pos, f"the messages of port `{arg.name}` have different types here "
                       f"and on line {where[0]}")
        if kind in DEVICE_MESSAGES:  # what the device's driver carries (docs/devices.md)
            allowed = DEVICE_MESSAGES[kind]
            if len(allowed) == 1:
                return TCon("Channel", [TCon(allowed[0])])
            self.constrain(message, allowed, arg, f"the {kind.upper() if kind == 'led' else kind} `{arg.name}`")
        return TCon("Channel", [message])

    def check_computed_bind(self, e):
        """`spawnExternal` used otherwise than `spawnExternal c N` with N a
        literal (a number computed at run time, or the built-in passed as a
        value) could bind a port of the container, whose messages the build
        checks against the other end only where `port NAME` names it: in a
        container with ports, refused."""
        ports = [entry[0] for entry in (self.interface.entries if self.interface else ())
                 if entry[3] in IO_BUILTINS["port"]]
        if ports:
            raise CompileError(e.pos, "`spawnExternal` with a number computed when the program runs could bind a "
                               f"port of {self.interface.describe()} without its messages' type being checked",
                               expected="`spawnExternal c N` with N a literal number of a device, or `device NAME` "
                               "and `port NAME`", found="`spawnExternal` not applied to a literal number",
                               notes=[f"the build checks that both ends of a port agree on its messages where the "
                                      f"programs write `port NAME` (here: {', '.join(ports)}), so that a less "
                                      "critical sender cannot make the receiver fault on a message of another type"])

    def check_device_number(self, chan, number):
        """`spawnExternal c N`, N a literal: entry N of the interface, a
        device, whose messages c carries (as `device NAME`)."""
        if self.interface is None or number.kind != "int":
            return
        entries = self.interface.entries
        devices = [entry for entry in entries if entry[3] in IO_BUILTINS["device"]]
        n = number.value
        if not 0 <= n < len(entries) or entries[n][3] not in IO_BUILTINS["device"]:
            listed = ", ".join(f"{entry[1]} ({entry[0]})" for entry in devices)
            raise CompileError(number.pos, f"{self.interface.describe()} has no device number {n}",
                               expected=f"the number of one of its devices: {listed}" if listed else
                               "a device of the container (it has none)", found=str(n),
                               notes=[f"`device {devices[0][0]}` names one instead of numbering it"] if devices
                               else [])
        kind = entries[n][3]
        allowed = DEVICE_MESSAGES.get(kind, ())
        if len(allowed) == 1 and isinstance(chan, A.Name):  # (its type again: a name's is the same)
            self.unify(TCon("Channel", [TCon(allowed[0])]), self.infer(chan), chan.pos,
                       f"device {n} ({entries[n][0]}, a {kind}) carries {allowed[0]}s")

    def io_entry_of(self, e):
        """The IO entry (PortName with an index) e names: `port NAME`,
        `device NAME`, or a top-level constant defined so; else None."""
        if isinstance(e, A.App) and isinstance(e.fun, A.Name) and isinstance(e.arg, A.Name) and \
                isinstance(getattr(e.arg, "binding", None), PortName):
            return e.arg.binding if e.arg.binding.index is not None else None
        if isinstance(e, A.Name):
            return self.io_constants.get(getattr(e, "binding", None))
        return None

    def check_direction(self, e):
        """`send X v` / `recv X` on an IO entry of the interface whose
        direction is the other one: an error here, not a fault at run time."""
        name = e.fun.name
        if self.interface is None or getattr(e.fun, "binding", None) is not BUILTINS.get(name):
            return
        io = self.io_entry_of(e.arg)
        if io is None:
            return
        _, _, direction, kind = self.interface.entries[io.index]
        if direction in (name, "both"):
            return
        other = "recv" if name == "send" else "send"
        what = "port" if kind in IO_BUILTINS["port"] else "device"
        who = f"container '{self.interface.container}'" if self.interface.container else "this container"
        raise CompileError(e.arg.pos, f"`{name}` on {what} `{io.name}`, which {who} can only "
                           f"{'receive from' if other == 'recv' else 'send to'}",
                           expected=f"a {what} this container can `{name}` on (direction {name} or both)",
                           found=f"`{io.name}`, direction {direction} ({kind})")

    # ------------------------------------------ versions per numeric type

    # An operator is compiled for one type (`mul` or `mulf`), so a function
    # whose definition leaves an operator's operand type open, `square x =
    # x * x`, is not polymorphic: its first use settles the type (held
    # operators, hold_ops).  A top-level function outside a `mutrec` group
    # gets a version per type instead: when an application of such a
    # function, or one passing it, does not check, it is checked again
    # with a version of the function at another type (its definition as
    # written, checked again with the held types given), made once per
    # function and types.  The versions a version's equations need are
    # made the same way, so each is checked once: the work is linear in
    # the versions made.

    MAX_TRIES = 16  # choices of versions one application tries, at most
    MAX_TRIES_PER_DEFINITION = 1024  # tries inside another try, in one top-level definition

    def trial(self, fn_):
        """fn_(); when it raises a CompileError, what it did to the types
        is undone first, and the scope, level and `let` names it was in
        are restored (an error leaves the lambdas and lets it was inside
        without popping them)."""
        trail = []
        outer = types.set_trail(trail)
        pending, held_ops = list(self.pending_ops), set(self.held_ops)
        pushed, level, defining = len(self.pushed), self.level, list(self.defining)
        made = len(self.version_ops)
        try:
            result = fn_()
        except CompileError:
            types.undo(trail)
            self.pending_ops, self.held_ops = pending, held_ops
            while len(self.pushed) > pushed:  # the scopes the error left, innermost first
                self.pop_scope(self.pushed[-1])
            self.level, self.defining = level, defining
            # a version made meanwhile is kept (version): so are the
            # operators it left to settle, or they would never get a type
            for ops, held in self.version_ops[made:]:
                self.pending_ops += ops
                self.held_ops |= held
            raise
        finally:
            types.set_trail(outer)
        if outer is not None:
            outer.extend(trail)  # an enclosing trial may still undo it
        return result

    def held_parts(self, e):
        """The names an application applies or passes that are top-level
        functions held to one type, which can have versions, and those an
        argument applies (a partial application passed as a value, `app (k
        ()) 2.5`): [(function, [its Name nodes])]."""
        groups = {}
        spine = self.spine(e)
        for x in spine + [self.spine(a)[0] for a in spine[1:] if isinstance(a, A.App)]:
            if isinstance(x, A.Name) and x.version is None and self.versionable(self.scope.get(x.name)):
                groups.setdefault(self.scope[x.name], []).append(x)
        return list(groups.items())

    @staticmethod
    def spine(e):
        """The function an application applies, then its arguments."""
        parts, head = [], e
        while isinstance(head, A.App):
            parts.append(head.arg)
            head = head.fun
        parts.append(head)
        return parts[::-1]

    @staticmethod
    def versionable(b):
        return getattr(b, "versions", None) is not None and bool(b.held)

    def held_inside(self, e, head=False):
        """Such functions named inside the lambdas an application passes
        (`foldl (\\a -> \\b -> a + sq b) 0 xs`), and with head, the one it
        applies (`(\\x -> sq x + 1.0) 2.0`), where the lambda's own
        variables do not hide them: [(function, [its Name nodes])]."""
        spine = self.spine(e)
        return self.held_in_lambdas([x for x in (spine if head else spine[1:]) if isinstance(x, A.Lam)])

    def held_in_lambdas(self, lambdas):
        """Such functions named inside the lambdas given (see held_inside)."""
        from .freevars import pattern_vars, sub_exprs  # (freevars imports this module)

        def binders(p):
            out = set()
            pattern_vars(p, out, "name")
            return out

        groups = {}
        stack = [(x, frozenset()) for x in lambdas]
        while stack:
            x, bound = stack.pop()
            if isinstance(x, A.Name):  # (one an inner application chose a version for is chosen again)
                if x.name not in bound and self.versionable(self.scope.get(x.name)):
                    groups.setdefault(self.scope[x.name], []).append(x)
            elif isinstance(x, A.Lam):
                stack.append((x.body, bound | binders(x.pat)))
            elif isinstance(x, A.Let):
                stack.append((x.rhs, bound))
                stack.append((x.body, bound | binders(x.pat)))
            elif isinstance(x, A.LetRec):
                inner = bound | {name for _, name, _ in x.bindings}
                stack.extend((lam, inner) for _, _, lam in x.bindings)
                stack.append((x.body, inner))
            elif isinstance(x, A.Case):
                stack.append((x.scrut, bound))
                stack.extend((body, bound | binders(pat)) for pat, body in x.alts)
            else:
                stack.extend((sub, bound) for sub in sub_exprs(x))
        return list(groups.items())

    def infer_app(self, e):
        parts = self.held_parts(e)
        lambdas = self.op_held and any(isinstance(x, A.Lam) for x in self.spine(e))
        head = self.spine(e)[0]
        callee = self.scope.get(head.name) if isinstance(head, A.Name) and head.version is None else None
        if not parts and not lambdas and getattr(callee, "call_versions", None) is not None \
                and self.globals.get(head.name) is callee:
            return self.infer_app_at_call_types(e, head, callee)
        if not parts and not lambdas:
            return self.infer_app_once(e)

        def stages():
            if not lambdas:
                return [parts]
            # the lambdas passed as arguments; then, if that does not do,
            # with the one applied where it is written too
            inside = [g for g in self.held_inside(e, head=False) if g[0] not in dict(parts)]
            out = [parts + inside]
            if isinstance(self.spine(e)[0], A.Lam):
                with_head = [g for g in self.held_inside(e, head=True) if g[0] not in dict(parts)]
                if with_head != inside:
                    out.append(parts + with_head)
            return out

        return self.with_versions(lambda: self.infer_app_once(e), stages)

    def infer_app_at_call_types(self, e, head, k):
        """An application of k, a function whose type a one-type function
        it uses had settled before it was defined (`sumsq a b = square a +
        square b` after `cube : Int -> Int` used `square`): when it does
        not check, again with k's version at the argument types of this
        call (its definition checked again with them given, in which the
        functions it uses get their versions), made once per types."""
        try:
            return self.trial(lambda: self.infer_app_once(e))
        except CompileError as err:
            if getattr(err, "operand_error", False):
                raise
            first = err
        args = self.spine(e)[1:1 + k.arity]
        found = []

        def probe():  # the arguments' types, then undone
            found.extend(resolved(self.infer(a)) for a in args)
            raise CompileError(None, "(probe)")

        try:
            self.trial(probe)
        except CompileError:
            pass
        if len(found) != len(args) or any(has_var(t) for t in found):
            raise first
        v = self.version_at(k, found)
        if v is None:
            raise first
        head.version = v
        try:
            return self.trial(lambda: self.infer_app_once(e))
        except CompileError:
            head.version = None
            raise first from None

    def version_at(self, k, arg_types):
        """k's version with its first parameters of arg_types (a new Known,
        its definition checked again), or None when it does not check so."""
        key = tuple(show(t) for t in arg_types)
        if key in k.call_versions:
            return k.call_versions[key]
        k.call_versions[key] = None  # (a use of itself at these types inside is no version)

        def wanted():
            t = self.fresh()
            for _ in range(k.arity - len(arg_types)):
                t = fn(self.fresh(), t)
            for a in reversed(arg_types):
                t = fn(a, t)
            return t

        v = k.call_versions[key] = self.checked_copy(k, wanted)
        return v

    def with_versions(self, infer_once, stages):
        """infer_once(); when it does not check, again with versions of the
        functions that stages() names, stage by stage (see version_choices),
        until one checks; else the first error."""
        try:
            return self.trial(infer_once)
        except CompileError as err:
            if getattr(err, "operand_error", False):
                raise
            first = err
        made = False
        for stage in stages():
            for choice in self.version_choices(stage):
                if self.retrying:  # a try inside another application's try: from a budget, as they multiply
                    if self.tries_left <= 0:
                        self.gave_up = True
                        break
                    self.tries_left -= 1
                before = [(x, x.version) for nodes, _ in choice for x in nodes]
                for nodes, v in choice:
                    for x in nodes:
                        x.version = v
                made = True
                self.retrying += 1
                try:
                    result = self.trial(infer_once)
                    if self.retrying == 1:
                        self.gave_up = False  # (a search that found one is no error's reason)
                    return result
                except CompileError:
                    for x, v in before:  # as they were (an inner application's choice stays)
                        x.version = v
                finally:
                    self.retrying -= 1
        if made:  # the function does have versions: that it is not polymorphic is not the reason
            first.notes = [n for n in first.notes if "is not polymorphic: it uses" not in n]
        if self.gave_up and not self.retrying:
            first.notes.append(f"the compiler stopped looking for per-type versions of the functions here after "
                               f"{self.MAX_TRIES} choices for one application or {self.MAX_TRIES_PER_DEFINITION} "
                               "tries in one definition: give the functions that use an operator at both Int and "
                               "Float signatures, or split the definition")
            self.gave_up = False
        raise first

    def version_choices(self, parts):
        """[(names, version)] choices to try for the functions of an
        application, one function at a time, then all of them: each at the
        types its held variables do not have now."""
        options = []
        for k, nodes in parts:
            now = tuple(prune(v) for v, _ in k.held)
            # names an inner application gave a version may go back to the function itself
            alts = [(nodes, k)] if any(x.version is not None for x in nodes) else []
            for types_ in itertools.product(*(allowed for _, allowed in k.held)):
                if all(isinstance(t, TCon) and t.name == name for t, name in zip(now, types_)):
                    continue
                v = self.version(k, types_)
                if v is not None:
                    alts.append((nodes, v))
            options.append(alts)
        choices = [[c] for alts in options for c in alts]
        if len(options) > 1:  # (lazily: many functions in a lambda make a large product)
            choices += map(list, itertools.islice(itertools.product(*options), self.MAX_TRIES))
        if len(choices) > self.MAX_TRIES:
            self.gave_up = True  # (said if no choice checks)
        return choices[:self.MAX_TRIES]

    def version(self, k, types_):
        """k's version with its held variables of the types named (a new
        Known, its definition checked again), or None when the definition
        does not check so."""
        if types_ in k.versions:
            return k.versions[types_]
        k.versions[types_] = None  # (a use of itself at these types inside is no version)
        given = {id(var): TCon(name) for (var, _), name in zip(k.held, types_)}
        v = k.versions[types_] = self.checked_copy(k, lambda: self.version_type(k, given))
        return v

    def checked_copy(self, k, pre):
        """A version of top-level k: its definition as written, checked
        again as a new Known whose type is pre() to start with, kept (its
        types are not undone by a try around it) and emitted after k; or
        None when it does not check so."""
        fd = copy.deepcopy(self.pristine[k])
        v = self.make_known(fd)
        saved = (self.scope, self.pushed, self.level, self.constant, self.defining, self.pending_ops, self.current,
                 self.retrying, self.tries_left)
        held_before = set(self.held_ops)
        outer = types.set_trail(None)  # a version is kept: it is checked once
        self.scope, self.pushed, self.level, self.constant, self.defining, self.pending_ops = \
            dict(self.globals), [], 0, None, [], []
        self.current, self.retrying, self.tries_left = k.name, 0, self.MAX_TRIES_PER_DEFINITION
        try:
            self.infer_group([(fd.name, v)], {}, pre=pre)
            left = self.pending_ops
        except CompileError:
            return None
        finally:
            types.set_trail(outer)
            (self.scope, self.pushed, self.level, self.constant, self.defining, self.pending_ops, self.current,
             self.retrying, self.tries_left) = saved
        self.pending_ops += left
        self.version_ops.append((left, self.held_ops - held_before))
        self.made.append((k, v))
        return v

    def version_type(self, k, given):
        """k's type with its held variables given (id -> type) and its
        generalised ones fresh."""
        generic = {id(v) for v in k.scheme.vars}
        fresh = {}

        def copy_(t):
            while isinstance(t, TVar):
                if id(t) in given:
                    return given[id(t)]
                if t.ref is None:
                    if id(t) in generic:
                        return fresh.setdefault(id(t), self.fresh())
                    return t
                t = t.ref
            return TCon(t.name, [copy_(a) for a in t.args]) if t.args else t

        return copy_(k.shape)

    def infer_app_once(self, e):
        if isinstance(e.fun, A.Name) and e.fun.name in IO_BUILTINS and e.fun.name not in self.scope:
            return self.port_app(e)
        if isinstance(e.fun, A.App) and isinstance(e.fun.fun, A.Name) and isinstance(e.arg, A.Lit):
            self.numbered_binds.add(id(e.fun.fun))  # `spawnExternal c N`: N is checked (check_device_number)
        ft = prune(self.infer(e.fun))
        at = self.infer(e.arg)
        if isinstance(e.fun, A.Name) and e.fun.name in ("send", "recv"):
            self.check_direction(e)
        if isinstance(e.fun, A.App) and isinstance(e.fun.fun, A.Name) and \
                e.fun.fun.binding is BUILTINS["spawnExternal"] and isinstance(e.arg, A.Lit):
            self.check_device_number(e.fun.arg, e.arg)
        if isinstance(ft, TCon) and ft.name == "->":
            what = self.describe_fun(e.fun)
            with self.use_notes(e):
                self.unify(ft.args[0], at, e.arg.pos, f"the argument of {what} has the wrong type")
            return ft.args[1]
        if isinstance(ft, TCon):
            # The caret on what is applied, which is not a function.
            what = self.describe_fun(e.fun)
            namer = Namer()
            arg = quote(e.arg, 30)
            raise CompileError(e.fun.pos, f"{what} is not a function, but it is given an argument, {arg}",
                               expected=f"a function, to apply to {arg} ({a_type(at, namer)})",
                               found=f"{quote(e.fun)}, {a_type(ft, namer)}")
        r = self.fresh()
        with self.use_notes(e):
            self.unify(ft, fn(at, r), e.pos, "this is applied as a function")
        return r

    def use_notes(self, e):
        """A context adding to a type error in the application e the notes of
        the names it applies or passes that are not polymorphic (why not)."""
        class Notes:
            def __enter__(self):
                return self

            def __exit__(self, kind, err, tb):
                if isinstance(err, CompileError) and not getattr(err, "operand_error", False):
                    parts, head = [], e
                    while isinstance(head, A.App):
                        parts.append(head.arg)
                        head = head.fun
                    parts.append(head)
                    for x in reversed(parts):
                        b = getattr(x, "binding", None) if isinstance(x, A.Name) else None
                        note = getattr(b, "mono_note", None)
                        if note and note not in err.notes:
                            err.notes.append(note)
                    head_b = getattr(head, "binding", None) if isinstance(head, A.Name) else None
                    if head_b is not None and checker.globals.get(head.name) is head_b:
                        for note in (checker.settled_note(head.name, err), checker.used_settled_note(head.name, err)):
                            if note and note not in err.notes:
                                err.notes.append(note)
                return False

        checker = self
        return Notes()

    def settled_before(self, b):
        """b is a one-type function whose types an earlier definition
        settled: settled now, and not by a use inside the current one (those
        are in self.settled)."""
        return self.versionable(b) and all(isinstance(prune(v), TCon) for v, _ in b.held) \
            and not any(rec[4] == b.name for rec in self.settled.get(self.current, ()))

    def used_settled_note(self, name, err):
        """Why top-level `name` has one type where an error says so: a
        function it uses was settled at that type before it was defined."""
        uses = [(other, pos, types_) for (user, other), (pos, types_) in self.used_settled.items() if user == name]
        # the one settled at the type the error expected (the parameter's), else at the one it found
        for shown in (err.expected or "", err.found or ""):
            for other, (line, col), types_ in uses:
                ty = next((t for t in sorted(types_) if re.search(rf"\b{t}\b", shown)), None)
                if ty is not None:
                    return (f"`{name}` uses `{other}` (line {line}, column {col}), which a use before `{name}` was "
                            f"defined had settled at {ty} (an operator in it is compiled for one type); if `{name}` "
                            f"should take another type, a signature may let it (`{other}` is then checked again "
                            f"at the signature's types)")
        return None

    def settled_note(self, name, err):
        """Why top-level `name` has one type where an error says so: its
        uses settled an operator of another function its type shares."""
        shown = f"{err.expected or ''} {err.found or ''}"
        for (line, col), ty, node, what, owner in self.settled.get(name, ()):
            if re.search(rf"\b{ty}\b", shown):
                oline, ocol = node.op_pos if hasattr(node, "op_pos") else node.pos
                return (f"`{name}` is not polymorphic there: inside it, `{owner}` is given {'an' if ty[:1] in 'AEIOU' else 'a'} {ty} (line {line}, "
                        f"column {col}), which settled {what} of `{owner}` (line {oline}, column {ocol}), an operator "
                        f"compiled for one type, to {ty}, and `{name}`'s type shares that operator's")
        return None

    @staticmethod
    def describe_fun(f):
        head, n = f, 0
        while isinstance(head, A.App):
            head, n = head.fun, n + 1
        if isinstance(head, A.Name):
            return f"`{head.name}`" if n == 0 else f"`{head.name}` (after {n} argument{'s' * (n != 1)})"
        return "this expression"

    def infer_binop(self, e):
        op = e.op
        if op in ("&&", "||"):
            self.unify(BOOL, self.infer(e.left), e.left.pos, f"the left operand of `{op}` must be a Bool")
            self.unify(BOOL, self.infer(e.right), e.right.pos, f"the right operand of `{op}` must be a Bool")
            e.ty = "Bool"
            return BOOL
        lt = self.infer(e.left)
        rt = self.infer(e.right)
        if op == "%":
            self.unify(INT, lt, e.left.pos, "the left operand of `%` must be an Int")
            self.unify(INT, rt, e.right.pos, "the right operand of `%` must be an Int")
            e.ty = "Int"
            return INT
        allowed = EQUALITY if op in ("==", "!=") else NUMERIC
        if isinstance(prune(lt), TCon) and prune(lt).name not in allowed and prune(lt).name != "->":
            # (a function: `f 3 -2`, said below as a subtraction read)
            # `True + 1`: the left operand is what `+` cannot take, not the right one's type
            self.operator(lt, allowed, e, f"`{op}`")
        try:
            self.unify(lt, rt, e.right.pos, f"the operands of `{op}` have different types (the right one must "
                       "match the left one)")
        except CompileError as err:
            op_pos = getattr(e, "op_pos", None)
            applied = isinstance(e.left, A.App) or (isinstance(e.left, A.Name) and isinstance(prune(lt), TCon)
                                                        and prune(lt).name == "->")
            if op == "-" and applied and op_pos is not None and e.right.pos == (op_pos[0], op_pos[1] + 1):
                # `f 3 -2`, `f -1`: a negative argument meant, a subtraction read
                left, right = show_expr(e.left), show_expr(e.right)
                shown = f"({left})" if isinstance(e.left, A.App) else left
                err.notes.append(f"this reads as `{shown} - {right}`, a subtraction; a negative argument is "
                                 f"written in parentheses: `{left} (-{right})`")
            raise
        if op in ("==", "!="):
            self.operator(lt, EQUALITY, e, f"`{op}`")
            return BOOL
        self.operator(lt, NUMERIC, e, f"`{op}`")
        if op in ("<", "<=", ">", ">="):
            return BOOL
        return lt

    def infer_let(self, e, want=None):
        """let p = e1 in e2; want: (type, why, notes) the body must have (see
        check).  `let f = \\x -> sq x in f 2.0`, where a use of `sq` before
        settled it at Int, is checked again with the versions of the
        functions its lambda names, as a lambda passed to a function is."""
        rhs = e.rhs.items if isinstance(e.rhs, A.Tuple) else [e.rhs]  # (`let (n, f) = (1, \x -> sq x)` too)
        if self.op_held and any(isinstance(x, (A.Lam, A.Name)) for x in rhs):  # (`let g = sq in g 3` too)
            # each lambda's uses apart: two in a tuple may need two versions
            inside = [g for x in rhs if isinstance(x, (A.Lam, A.Name)) for g in self.held_in_lambdas([x])]
            if inside:
                return self.with_versions(lambda: self.infer_let_once(e, want), lambda: [inside])
        return self.infer_let_once(e, want)

    def infer_let_once(self, e, want=None):
        generalize = isinstance(e.pat, A.PVar) and is_value(e.rhs)
        self.level += 1
        self.defining.append(e.pat.name if isinstance(e.pat, A.PVar) else None)
        t = self.infer(e.rhs)
        self.defining.pop()
        out = []
        if not generalize and is_value(e.rhs) and tuple_of_variables(e.pat):
            # `let (j, n) = (\x -> x, 1)`: each variable is bound to a part
            # of a value, and is polymorphic as it would be alone
            self.infer_pat(e.pat, t, out)
            self.level -= 1
            for name, v in out:
                v.scheme, v.mono_note = self.generalize(v.scheme.type, name, local=True)
            saved = self.push_scope(out)
            body = self.infer(e.body) if want is None else self.check(e.body, *want)
            self.pop_scope(saved)
            return body
        self.level -= 1
        if generalize:
            scheme, note = self.generalize(t, e.pat.name, local=True)
            e.pat.var = Local(e.pat.name, e.pat.pos, scheme)
            e.pat.var.mono_note = note
            out.append((e.pat.name, e.pat.var))
        else:
            restricted = self.monomorphize(t, e.pat.name if isinstance(e.pat, A.PVar) else None)
            self.infer_pat(e.pat, t, out)
            if restricted and isinstance(e.pat, A.PVar):
                e.pat.var.mono_note = self.restriction_note(e.pat.name, e.rhs, t)
        saved = self.push_scope(out)
        body = self.infer(e.body) if want is None else self.check(e.body, *want)
        self.pop_scope(saved)
        return body

    def restriction_note(self, name, rhs, t):
        """Why `name = rhs` (an application) is not polymorphic, and, for a
        function, how to write it so that it is."""
        note = f"`{name}` is defined by an application, so it is not polymorphic (the value restriction)"
        t = prune(t)
        if not (isinstance(t, TCon) and t.name == "->"):
            return note + f": every use of `{name}` must agree on one type"
        taken = names_in(rhs, {name})
        arg = prune(t.args[0])
        candidates = ([arg.name[0].lower()] if isinstance(arg, TCon) and arg.name[:1].isalpha() else []) \
            + ["x", "y", "z", "v", "w", "arg"]
        param = next((c for c in candidates if c not in taken), "arg1")
        body = show_expr(rhs, _APP)
        if len(body) > 50:
            return note + f"; give it a parameter: `{name} {param} = ... {param}`"
        return note + f"; write `{name} {param} = {body} {param}`"

    def infer_letrec(self, e, want=None):
        funs = []
        for pos, name, lam in e.bindings:
            pats, body = peel_lambdas(lam)
            k = Known(name, pos, len(pats), [(pats, body)])
            funs.append((name, k))
        names = set()
        for name, k in funs:
            if name in names:
                raise CompileError(k.pos, f"`{name}` is bound twice in one letrec", expected="distinct names",
                                   found=f"`{name}` again")
            names.add(name)
        e.funs = [k for _, k in funs]
        self.infer_group(funs, {})
        saved = self.push_scope(funs)
        t = self.infer(e.body) if want is None else self.check(e.body, *want)
        self.pop_scope(saved)
        return t

    def check(self, e, expected, why, notes=()):
        """Infer e where it must have the type `expected` (a signature's):
        the expected type goes into the branches of `if` and `case`, the
        body of `let`, the items of a tuple and the parameter and body of
        a lambda, so that a mismatch is reported where it is, with `why`
        and `notes`.  Returns expected."""
        want = (expected, why, notes)
        t = prune(expected)
        if isinstance(e, A.If):
            self.unify(BOOL, self.infer(e.cond), e.cond.pos, "the condition of `if` must be a Bool")
            self.check(e.then, *want)
            self.check(e.else_, *want)
            return expected
        if isinstance(e, A.Case):
            st = self.infer(e.scrut)
            for pat, body in e.alts:
                out = []
                self.infer_pat(pat, st, out)
                saved = self.push_scope(out)
                self.check(body, *want)
                self.pop_scope(saved)
            return expected
        if isinstance(e, A.Let):
            return self.infer_let(e, want)
        if isinstance(e, A.LetRec):
            return self.infer_letrec(e, want)
        if isinstance(e, A.Tuple) and isinstance(t, TCon) and t.name == "," and len(t.args) == len(e.items):
            for item, it in zip(e.items, t.args):
                self.check(item, it, why, notes)
            return expected
        if isinstance(e, A.Lam) and isinstance(t, TCon) and t.name == "->":
            out = []
            self.infer_pat(e.pat, t.args[0], out, note=notes[0] if notes else None)
            saved = self.push_scope(out)
            self.check(e.body, t.args[1], why, notes)
            self.pop_scope(saved)
            return expected
        found = self.infer(e)
        try:
            self.unify(expected, found, e.pos, why)
        except CompileError as err:
            err.notes.extend(n for n in notes if n not in err.notes)
            raise
        return expected

    def infer_group(self, funs, sigs, pre=None):
        """Infer a group of mutually recursive Known functions: first those
        without a signature, together, generalised; then each one with a
        signature, checked against it (the others are polymorphic in it)."""
        for name, k in funs:
            if name in sigs:
                k.scheme = self.signature_scheme(sigs[name])
        saved = self.push_scope(funs)
        plain = [(name, k) for name, k in funs if name not in sigs]
        if plain:
            self.level += 1
            assumed = {}
            for name, k in plain:
                assumed[name] = self.fresh()
                for _ in range(k.arity):  # a function from the start: its uses as one are checked so
                    assumed[name] = fn(self.fresh(), assumed[name])
                k.scheme = mono(assumed[name])
                if pre is not None:  # a version: the type it is made for
                    self.unify(assumed[name], pre(), k.pos, f"the version of `{name}`")
            for name, k in plain:
                # its parameters and result are the ones its recursive uses
                # see, from the start: a use at another type is an error
                # where it is, not at the definition
                self.unify(assumed[name], self.infer_fun(k, assumed[name], "a version" if pre else None), k.pos,
                           f"the recursive uses of `{name}` do not match its definition")
            self.level -= 1
            for name, k in plain:
                k.scheme, k.mono_note = self.generalize(assumed[name], name)
                if k.mono_note and "is not polymorphic: it uses" in k.mono_note:
                    self.op_held.add(k)
                    k.held = self.held_variables(k.scheme.type)
                    k.shape = resolved(k.scheme.type)
        for name, k in funs:
            if name in sigs:
                self.infer_with_signature(k, sigs[name])
        self.pop_scope(saved)

    def held_variables(self, t):
        """The variables of held operators in type t: [(variable, allowed)]."""
        free, stack = set(), [t]
        while stack:
            x = prune(stack.pop())
            if isinstance(x, TVar):
                free.add(x.id)
            else:
                stack.extend(x.args)
        out = {}
        for tv, allowed, node, _ in self.pending_ops:
            r = prune(tv)
            if id(node) in self.held_ops and isinstance(r, TVar) and r.id in free and r.id not in out:
                out[r.id] = (r, self.held_vars.get(r.id, (allowed,))[0])
        return list(out.values())

    def rigid_signature(self, sig, owner):
        """The type of a signature with its variables rigid (each stands for
        every type, so it unifies only with itself), at the current level."""
        vars_ = {}
        t = self.convert_type(sig.type, vars_)
        for name, v in vars_.items():
            v.rigid = name
            v.level = self.level
            self.rigid_owner[v.id] = owner
        return t

    def infer_with_signature(self, k, sig):
        """A function with a signature: its parameters' patterns and its
        body are checked against the signature's types (rigid variables),
        so that a mismatch is reported at the pattern or the expression."""
        self.level += 1
        st = self.rigid_signature(sig, k.name)
        params, result = [], prune(st)
        while len(params) < k.arity and isinstance(result, TCon) and result.name == "->":
            params.append(result.args[0])
            result = prune(result.args[1])
        if len(params) < k.arity:
            # More parameters than the signature's arrows: say so with the definition's own type.
            inferred = self.infer_fun(k)
            self.level -= 1
            n = len(params)
            self.check_signature(k, sig, inferred,
                                 f"`{k.name}` has {k.arity} parameter{'s' * (k.arity != 1)}, but its signature "
                                 f"gives it {n} (its type has {n} arrow{'s' * (n != 1)} `->` outside parentheses)")
            return
        namer = Namer()
        sig_text = f"`{k.name} : {show(st, namer)}`"
        for pats, body in k.clauses:
            out = []
            for i, (p, t) in enumerate(zip(pats, params)):
                self.infer_pat(p, t, out, note=f"the signature {sig_text} gives the {ordinal(i + 1)} parameter "
                               f"of `{k.name}` the type {show(t, namer)}")
            saved = self.push_scope(out)
            call = " ".join([k.name] + [show_pat(p, _ATOM) for p in pats])
            self.check(body, result, f"the result of `{k.name}` does not match its signature",
                       [f"the signature {sig_text} gives `{call}` the type {show(result, namer)}"])
            self.pop_scope(saved)
        self.level -= 1
        self.hold_ops()

    def check_signature(self, k, sig, inferred, note=None):
        """The definition must be at least as general as the signature."""
        self.level += 1
        rigid_sig = self.rigid_signature(sig, k.name)
        self.level -= 1
        # The definition's own type, before unifying binds parts of it to the signature's.
        found = show(inferred, Namer(v.rigid for v in self.signature_vars(rigid_sig)))
        try:
            self.unify(rigid_sig, inferred, k.pos, f"the definition of `{k.name}` does not match its signature")
        except CompileError as e:
            e.found = found
            if note:
                e.notes.append(note)
            raise
        self.hold_ops()

    @staticmethod
    def signature_vars(t):
        out, stack = [], [t]
        while stack:
            t = prune(stack.pop())
            if isinstance(t, TVar):
                if t.rigid:
                    out.append(t)
            else:
                stack.extend(t.args)
        return out

    def infer_fun(self, k, want=None, version=None):
        """The type of a Known function from its clauses; want: the type
        its parameters and result are given first (the one its recursive
        uses have; a version's)."""
        params = [self.fresh() for _ in range(k.arity)]
        result = self.fresh()
        if want is not None:
            t = result
            for p in reversed(params):
                t = fn(p, t)
            self.unify(want, t, k.pos, f"the version of `{k.name}`" if version else
                       f"the recursive uses of `{k.name}` do not match its definition")
        for pats, body in k.clauses:
            out = []
            for p, t in zip(pats, params):
                self.infer_pat(p, t, out)
            saved = self.push_scope(out)
            bt = self.infer(body)
            self.pop_scope(saved)
            self.unify(result, bt, body.pos, f"the equations of `{k.name}` have different result types"
                       if len(k.clauses) > 1 else f"the body of `{k.name}` does not have the expected type")
        t = result
        for p in reversed(params):
            t = fn(p, t)
        return t

    # --------------------------------------------------------- program

    def check_program(self, decls):
        for d in decls:
            if isinstance(d, A.DataDecl):
                self.declare_data(d)
        for d in decls:
            if isinstance(d, A.DataDecl):
                self.define_ctors(d)
        for d in decls:
            for fd in (d.defs if isinstance(d, A.MutRec) else [d]):
                if isinstance(fd, A.FunDef) and fd.name not in self.later:
                    self.later[fd.name] = fd.pos[0]
        items = []
        main = None
        for d in decls:
            if isinstance(d, A.DataDecl):
                continue
            group = d.defs if isinstance(d, A.MutRec) else [d]
            for fd in group:
                self.later.pop(fd.name, None)
                if fd.name in self.scope:
                    prev = self.scope[fd.name]
                    raise CompileError(fd.pos, f"`{fd.name}` is defined twice",
                                       expected="one definition per name",
                                       found=f"another one (the first is on line {prev.pos[0]})")
                if fd.name in RESERVED:
                    raise CompileError(fd.pos, f"`{fd.name}` is a built-in function",
                                       expected="another name", found=f"`{fd.name}`")
            if isinstance(d, A.MutRec):
                funs = []
                for fd in d.defs:
                    if not fd.clauses[0].pats and not isinstance(fd.clauses[0].body, A.Lam):
                        raise CompileError(fd.pos, f"`{fd.name}` in a `mutrec` group must be a function",
                                           expected="parameters before `=` (or a lambda)", found="a constant")
                    funs.append((fd.name, self.make_known(fd)))
                self.infer_group(funs, {fd.name: fd.sig for fd in d.defs if fd.sig})
                for name, k in funs:
                    self.scope[name] = self.globals[name] = k
                    items.append(("fun", k))
                continue
            fd = d
            self.current = fd.name
            self.tries_left = self.MAX_TRIES_PER_DEFINITION
            self.gave_up = False
            # `main = \x -> ...` is a value (printed as <closure>), not a function.
            if fd.clauses[0].pats or isinstance(fd.clauses[0].body, A.Lam) and fd.name != "main":
                k = self.make_known(fd)
                if not fd.sig:  # it may get versions per numeric type (version)
                    self.pristine[k] = copy.deepcopy(fd)
                    k.versions = {}
                self.infer_group([(fd.name, k)], {fd.name: fd.sig} if fd.sig else {})
                if not k.held:  # no versions: its definition as written is not needed
                    k.versions = None
                    if fd.name in self.uses_settled:  # ... unless for versions at a call's types
                        k.call_versions = {}
                    else:
                        self.pristine.pop(k, None)
                self.scope[fd.name] = self.globals[fd.name] = k
                items.append(("fun", k))
            else:
                items.append(("caf", self.infer_caf(fd), fd.clauses[0].body))
                io = self.io_entry_of(fd.clauses[0].body)
                if io is not None:
                    self.io_constants[self.scope[fd.name]] = io
                if fd.name == "main":
                    main = self.scope["main"]
                self.globals[fd.name] = self.scope[fd.name]
            self.current = None
        self.settle_ops()
        if self.made:  # each version after its function (and the versions before it)
            after = {}
            for k, v in self.made:
                after.setdefault(k, []).append(("fun", v))
            items = [x for item in items for x in [item] + after.get(item[1], [])]
        if main is None:
            k = self.scope.get("main")
            if isinstance(k, Known):
                raise CompileError(k.pos, "`main` must be a value, not a function",
                                   expected="`main = expression`", found="`main` with parameters")
            line = 1
            raise CompileError((line, 1), "the program has no `main`",
                               expected="a definition `main = expression`", found="none")
        for name, (message, where) in self.ports.items():
            bad = self.not_copyable(message)
            if bad is not None:
                part, ctor = bad
                raise CompileError(where, f"port `{name}` carries {show(prune(message))}, which another "
                                   "container cannot receive",
                                   expected="messages of data only: numbers, Bool, (), tuples and "
                                   "constructors of them",
                                   found=show(part) + (f", a field of the constructor `{ctor.name}`"
                                                       if ctor else ", inside its messages"
                                                       if part is not prune(message) else ""),
                                   notes=["a port copies each message into the other container's heap; "
                                          "a function, channel or event belongs to its own container"])
        return Program(items, main, prune(main.scheme.type), self.datatypes, self.ports)

    def not_copyable(self, t):
        """(part, constructor) where type t has a part that a port cannot
        copy between containers (a function, channel or event, also as a
        field of a data type's constructor, then named), or None."""
        stack, seen = [(t, None)], set()
        while stack:
            t, ctor_of = stack.pop()
            t = prune(t)
            if not isinstance(t, TCon):
                continue
            if t.name in ("->", "Channel", "Event"):
                return t, ctor_of
            dt = self.datatypes.get(t.name)
            if dt is None or t.name in seen:
                # A data type's own fields are looked at once, at its first
                # use; at others only the arguments are (a type nested at
                # bigger arguments, `Node : N (a, a) -> N a`, has no end).
                stack += [(a, ctor_of) for a in t.args]
                continue
            seen.add(t.name)
            for ctor in dt.ctors:
                sub = {id(v): a for v, a in zip(ctor.scheme.vars, t.args)}
                field = prune(ctor.scheme.type)
                for _ in range(ctor.arity):
                    stack.append((substitute(field.args[0], sub), ctor))
                    field = prune(field.args[1])
        return None

    def make_known(self, fd):
        if fd.clauses[0].pats:
            return Known(fd.name, fd.pos, len(fd.clauses[0].pats), [(c.pats, c.body) for c in fd.clauses])
        pats, body = peel_lambdas(fd.clauses[0].body)
        return Known(fd.name, fd.pos, len(pats), [(pats, body)])

    def infer_caf(self, fd):
        body = fd.clauses[0].body
        value = is_value(body)
        self.level += 1
        self.constant = fd.name
        if fd.sig:
            st = self.rigid_signature(fd.sig, fd.name)
            tyvar = first_type_var(fd.sig.type)
            if not value and tyvar is not None:
                self.constant = None
                raise CompileError(tyvar.pos, f"`{fd.name}` is defined by an application, so its type cannot have "
                                   "type variables (the value restriction)",
                                   expected="a type without type variables, e.g. "
                                   f"`{fd.name} : {show(st, RigidAs('Int'))}`",
                                   found=f"`{fd.name} : {show(st)}`",
                                   notes=[f"`{fd.name}` is computed once, so it has one type (a channel made by "
                                          "`channel ()` carries one type of message)"])
            sig_text = f"`{fd.name} : {show(st)}`"
            self.check(body, st, f"the definition of `{fd.name}` does not match its signature",
                       [f"the signature {sig_text} gives `{fd.name}` the type {show(st)}"])
        else:
            t = self.infer(body)
        self.constant = None
        self.level -= 1
        note = None
        if fd.sig:
            self.hold_ops()
            scheme = self.signature_scheme(fd.sig)
        elif value:
            scheme, note = self.generalize(t, fd.name)
        else:
            scheme = mono(t)
            if self.monomorphize(t, fd.name):
                note = self.restriction_note(fd.name, body, t)
        v = Local(fd.name, fd.pos, scheme, is_caf=True)
        v.mono_note = note
        self.scope[fd.name] = v
        return v


def port_mismatch(sent, received, sampling, sent_data=None, received_data=None):
    """Whether a port's two ends disagree: the type of what the sender's
    program sends and of what the receiver's receives (each from its own
    program, Program.ports), where a sampling port delivers (value, age),
    and the data types each program declares (Program.datatypes): a data
    type the message holds must be declared alike by both, its
    constructors in the same order with the same fields (a message
    carries constructor numbers, not names).  None when they agree, else
    (what is sent, what is delivered, what the receiver takes, None or
    how their declarations of a data type differ), shown."""
    checker = Checker()

    def fresh_copy(t, mapping):
        t = prune(t)
        if isinstance(t, TVar):
            return mapping.setdefault(t.id, checker.fresh())
        return TCon(t.name, [fresh_copy(a, mapping) for a in t.args]) if t.args else t

    s, r = fresh_copy(sent, {}), fresh_copy(received, {})
    delivered = TCon(",", [s, INT]) if sampling else s
    namer = Namer()
    shown = (show(s, namer), show(delivered, namer), show(r, namer))
    try:
        checker.unify(delivered, r, (1, 1), "port")
    except CompileError:
        return shown + (None,)
    # Only the data types both ends name (through their own types and
    # declarations) are compared: one an open part of the sender's type
    # takes from the receiver's is never sent.
    both = data_names(sent, sent_data or {}) & data_names(received, received_data or {})
    differ = data_differs(sorted(both), sent_data or {}, received_data or {})
    return None if differ is None else shown + (differ,)


def data_names(t, datatypes):
    """The names of the data types type t holds, through their declarations."""
    todo, names = [t], set()
    while todo:
        t = prune(todo.pop())
        if not isinstance(t, TCon):
            continue
        todo += t.args
        dt = datatypes.get(t.name)
        if dt is None or t.name in names:
            continue
        names.add(t.name)
        for ctor in dt.ctors:
            todo.append(ctor.scheme.type)
    return names


def show_ctor(ctor):
    return f"`{ctor.name} : {show(ctor.scheme.type, Namer())}` (line {ctor.pos[0]})"


def data_differs(names, mine, theirs):
    """How two programs' declarations (mine, theirs: name -> DataType) of
    the data types `names` differ, or None when they are alike: the same
    parameters, the same constructors in the same order with the same
    fields (up to the parameters' names)."""
    for name in names:
        a, b = mine[name], theirs[name]
        if len(a.params) != len(b.params):
            return f"`{name}` has {plural(len(a.params), 'parameter')} in one and {len(b.params)} in the other"
        for i in range(max(len(a.ctors), len(b.ctors))):
            if i >= len(a.ctors) or i >= len(b.ctors):
                extra = (a.ctors if i < len(a.ctors) else b.ctors)[i]
                side = "the sender's" if i < len(a.ctors) else "the receiver's"
                return f"{side} `{name}` has one more constructor, {show_ctor(extra)}"
            ca, cb = a.ctors[i], b.ctors[i]
            if ca.name != cb.name or not same_shape(ca, cb):
                return f"constructor {i} of `{name}` is {show_ctor(ca)} in the sender and " \
                       f"{show_ctor(cb)} in the receiver"
    return None


def same_shape(ca, cb):
    """Constructors ca and cb (of two programs' declarations of one data
    type) have the same fields, their parameters matched by position (the
    data types the fields name are compared by their own names)."""
    pa = {id(v): i for i, v in enumerate(ca.scheme.vars)}
    pb = {id(v): i for i, v in enumerate(cb.scheme.vars)}
    pairs = [(ca.scheme.type, cb.scheme.type)]
    while pairs:
        x, y = pairs.pop()
        x, y = prune(x), prune(y)
        if isinstance(x, TVar) or isinstance(y, TVar):
            if not (isinstance(x, TVar) and isinstance(y, TVar) and pa.get(id(x), -1) == pb.get(id(y), -2)):
                return False
            continue
        if x.name != y.name or len(x.args) != len(y.args):
            return False
        pairs += list(zip(x.args, y.args))
    return True


def tuple_of_variables(p):
    """A tuple pattern of variables, wildcards and such tuples (it cannot fail)."""
    stack = [p]
    while stack:
        p = stack.pop()
        if isinstance(p, A.PTuple):
            stack.extend(p.items)
        elif not isinstance(p, (A.PVar, A.PWild)):
            return False
    return True


def numeric_types(t):
    """The names of Int and Float where they are in type t."""
    out, stack = set(), [t]
    while stack:
        x = prune(stack.pop())
        if isinstance(x, TCon):
            if x.name in ("Int", "Float"):
                out.add(x.name)
            stack.extend(x.args)
    return out


def has_var(t):
    """Whether type t (resolved) has a type variable."""
    stack = [t]
    while stack:
        x = prune(stack.pop())
        if isinstance(x, TVar):
            return True
        stack.extend(x.args)
    return False


def resolved(t):
    """t with every link followed: the variables in it are representatives
    (a later path compression in prune cannot skip one)."""
    t = prune(t)
    if isinstance(t, TVar) or not t.args:
        return t
    return TCon(t.name, [resolved(a) for a in t.args])


def first_type_var(ty):
    """The first type variable of a written type, or None."""
    stack = [ty]
    while stack:
        ty = stack.pop()
        if isinstance(ty, A.TyVar):
            return ty
        stack.extend(reversed(ty.args))
    return None


class RigidAs(Namer):
    """Shows every type variable as one type (for an example signature)."""

    def __init__(self, name):
        super().__init__()
        self.fixed = name

    def name(self, v):
        return self.fixed


def check(decls, interface=None):
    return Checker(interface).check_program(decls)
