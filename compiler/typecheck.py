"""Name resolution and Hindley-Milner type inference.

Resolves every name to a binding (Local variable, Known function, Ctor,
Builtin), infers types with let-polymorphism (let-bound values, top-level
definitions), checks signatures, and picks the operand type of each
overloaded operator (Int or Float; Bool too for == and !=; an operator
whose type stays open is Int).

Scoping (LANGUAGE.md): a top-level definition sees the ones before it and
itself; a `mutrec` group sees all of its members; data types are visible
everywhere.
"""

import difflib

from . import ast as A
from .builtins import BUILTINS, IO_BUILTINS, PENDING, RESERVED
from .errors import CompileError
from .types import BOOL, FLOAT, INT, UNIT, Namer, Scheme, TCon, TVar, fn, mono, prune, show

NUMERIC = ("Int", "Float")
EQUALITY = ("Int", "Float", "Bool")
BUILTIN_TYPES = {"Int": 0, "Bool": 0, "Float": 0, "Channel": 1, "Event": 1}


# ---------------------------------------------------------------- bindings

class Local:
    """A variable that lives at run time: a parameter, a pattern variable,
    a let-bound value, a top-level constant (evaluated in main's frame)."""
    __slots__ = ("name", "pos", "scheme", "id", "is_caf")
    _next = 0

    def __init__(self, name, pos, scheme=None, is_caf=False):
        self.name, self.pos, self.scheme, self.is_caf = name, pos, scheme, is_caf
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
    __slots__ = ("name", "pos", "scheme", "arity", "clauses", "params", "fvs", "label", "id", "match_pos")
    _next = 0

    def __init__(self, name, pos, arity, clauses):
        self.name, self.pos, self.arity, self.clauses = name, pos, arity, clauses
        self.scheme = None
        self.params = [Local(f"{name}.arg{i}", pos) for i in range(arity)]
        self.fvs = None
        Known._next += 1
        self.id = Known._next
        self.label = None
        self.match_pos = pos


class Ctor:
    __slots__ = ("name", "pos", "scheme", "tag", "arity", "data")

    def __init__(self, name, pos, tag, arity, data):
        self.name, self.pos, self.tag, self.arity, self.data = name, pos, tag, arity, data
        self.scheme = None


class DataType:
    __slots__ = ("name", "params", "ctors")

    def __init__(self, name, params):
        self.name, self.params, self.ctors = name, params, []


class Program:
    """What the code generator needs."""

    def __init__(self, items, main, main_type, datatypes):
        self.items = items  # in order: ("caf", Local, expr) and ("fun", Known)
        self.main = main  # the Local of main
        self.main_type = main_type
        self.datatypes = datatypes


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


def a_type(t, namer=None):
    """`an Int`, `a List Bool`, `a value of type (Int, Bool)`."""
    text = show(t, namer)
    if text[:1].isupper():
        return ("an " if text[0] in "AEIOU" else "a ") + text
    return f"a value of type {text}"


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
        self.level = 0
        self.types = dict(BUILTIN_TYPES)  # type name -> arity
        self.datatypes = {}
        self.ctors = {}
        self.pending_ops = []  # (TVar or type, allowed, node, what)
        self.later = {}  # top-level names defined later: name -> line
        self.defining = []  # names of the `let` bindings whose right-hand sides are being inferred
        self.constant = None  # the top-level constant being checked

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

    def generalize(self, t):
        self.settle_ops(generalizing=True)
        found = {}

        def walk(t):
            t = prune(t)
            if isinstance(t, TVar):
                if t.level > self.level and not t.rigid and t.id not in found:
                    found[t.id] = t
            else:
                for a in t.args:
                    walk(a)

        walk(t)
        return Scheme(list(found.values()), t)

    def settle_ops(self, generalizing=False):
        """Check the operand types of overloaded operators; one that would be
        generalised (or stays open at the end) is Int."""
        keep = []
        for t, allowed, node, what in self.pending_ops:
            r = prune(t)
            if isinstance(r, TVar) and not r.rigid:
                if generalizing and r.level <= self.level:
                    keep.append((t, allowed, node, what))
                    continue
                r.ref = INT
                r = INT
            if isinstance(r, TVar) or r.name not in allowed:
                names = " or ".join(allowed)
                raise CompileError(node.pos if not hasattr(node, "op_pos") else node.op_pos,
                                   f"{what} works on {names} only", expected=names,
                                   found=show(r))
            node.ty = r.name
        self.pending_ops = keep

    def occurs(self, v, t):
        t = prune(t)
        if t is v:
            return True
        if isinstance(t, TVar):
            if t.level > v.level:
                t.level = v.level
            return False
        return any(self.occurs(v, a) for a in t.args)

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
        if self.occurs(v, t):
            namer = Namer()
            raise CompileError(pos, message + " (the type would be infinite)",
                               expected=show(expected, namer), found=show(found, namer),
                               notes=[f"`{show(v, namer)}` would have to contain itself: {show(t, namer)}"])
        v.ref = t

    def mismatch(self, expected, found, pos, message, a, b):
        namer = Namer()
        exp_s, found_s = show(expected, namer), show(found, namer)
        notes = []
        part_a, part_b = show(a, namer), show(b, namer)
        if (part_a, part_b) != (exp_s, found_s):
            notes.append(f"`{part_a}` does not match `{part_b}`")
        for t in (a, b):
            if isinstance(t, TVar) and t.rigid:
                notes.append(f"`{t.rigid}` is a type variable of the signature: the definition must work "
                             f"for every type `{t.rigid}`")
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
        if close:
            notes.append(f"did you mean `{close[0]}`?")
        what = "constructor" if name[:1].isupper() else "name"
        raise CompileError(node.pos, f"unknown {what} `{name}`",
                           expected=f"a {what} that is defined before this point", found=f"`{name}`",
                           notes=notes)

    def push_scope(self, bindings):
        saved = [(name, self.scope.get(name)) for name, _ in bindings]
        for name, b in bindings:
            self.scope[name] = b
        return saved

    def pop_scope(self, saved):
        for name, old in reversed(saved):
            if old is None:
                self.scope.pop(name, None)
            else:
                self.scope[name] = old

    # -------------------------------------------------------- patterns

    def infer_pat(self, p, t, out):
        """Type pattern p against t; append (name, Local) to out."""
        stack = [(p, t)]
        while stack:
            p, t = stack.pop()
            if isinstance(p, A.PVar):
                p.var = self.add_var(p.name, p.pos, t, out)
            elif isinstance(p, A.PWild):
                pass
            elif isinstance(p, A.PLit):
                lt = {"int": INT, "float": FLOAT, "bool": BOOL, "unit": UNIT}[p.kind]
                self.unify(t, lt, p.pos, "this pattern does not have the type of the value it matches")
            elif isinstance(p, A.PTuple):
                items = [self.fresh() for _ in p.items]
                self.unify(t, TCon(",", items), p.pos, "this tuple pattern does not have the type of the value it matches")
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
                self.unify(t, ct, p.pos, f"the constructor `{p.name}` does not build the type of the value it matches")
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
            b = self.lookup(e)
            if b is BUILTINS.get("port") or b is BUILTINS.get("device"):
                what = "a port" if b.name == "port" else "a device"
                raise CompileError(e.pos, f"`{b.name}` must be applied to the name of {what}",
                                   expected=f"`{b.name} NAME`", found=f"`{b.name}` alone")
            e.binding = b
            if b.scheme is None:
                b.scheme = self.builtin_scheme(b)
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
            self.pending_ops.append((t, NUMERIC, e, "negation `-`"))
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
        return TCon("Channel", [self.fresh()])

    def infer_app(self, e):
        if isinstance(e.fun, A.Name) and e.fun.name in IO_BUILTINS and e.fun.name not in self.scope:
            return self.port_app(e)
        ft = prune(self.infer(e.fun))
        at = self.infer(e.arg)
        if isinstance(ft, TCon) and ft.name == "->":
            what = self.describe_fun(e.fun)
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
        self.unify(ft, fn(at, r), e.pos, "this is applied as a function")
        return r

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
        self.unify(lt, rt, e.right.pos, f"the operands of `{op}` have different types (the right one must "
                   "match the left one)")
        if op in ("==", "!="):
            self.pending_ops.append((lt, EQUALITY, e, f"`{op}`"))
            return BOOL
        self.pending_ops.append((lt, NUMERIC, e, f"`{op}`"))
        if op in ("<", "<=", ">", ">="):
            return BOOL
        return lt

    def infer_let(self, e):
        generalize = isinstance(e.pat, A.PVar) and is_value(e.rhs)
        self.level += 1
        self.defining.append(e.pat.name if isinstance(e.pat, A.PVar) else None)
        t = self.infer(e.rhs)
        self.defining.pop()
        self.level -= 1
        out = []
        if generalize:
            scheme = self.generalize(t)
            e.pat.var = Local(e.pat.name, e.pat.pos, scheme)
            out.append((e.pat.name, e.pat.var))
        else:
            self.infer_pat(e.pat, t, out)
        saved = self.push_scope(out)
        body = self.infer(e.body)
        self.pop_scope(saved)
        return body

    def infer_letrec(self, e):
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
        t = self.infer(e.body)
        self.pop_scope(saved)
        return t

    def infer_group(self, funs, sigs):
        """Infer a group of mutually recursive Known functions."""
        self.level += 1
        assumed = {}
        for name, k in funs:
            if name in sigs:
                k.scheme = self.signature_scheme(sigs[name])
            else:
                assumed[name] = self.fresh()
                k.scheme = mono(assumed[name])
        saved = self.push_scope(funs)
        inferred = {}
        for name, k in funs:
            inferred[name] = self.infer_fun(k)
            if name in assumed:
                self.unify(assumed[name], inferred[name], k.pos,
                           f"the recursive uses of `{name}` do not match its definition")
        self.pop_scope(saved)
        self.level -= 1
        for name, k in funs:
            if name in sigs:
                self.check_signature(k, sigs[name], inferred[name])
            else:
                k.scheme = self.generalize(assumed[name])

    def check_signature(self, k, sig, inferred):
        """The definition must be at least as general as the signature."""
        self.level += 1
        vars_ = {}
        rigid_sig = self.convert_type(sig.type, vars_)
        for name, v in vars_.items():
            v.rigid = name
        self.level -= 1
        # The definition's own type, before unifying binds parts of it to the signature's.
        found = show(inferred, Namer(vars_))
        try:
            self.unify(rigid_sig, inferred, k.pos, f"the definition of `{k.name}` does not match its signature")
        except CompileError as e:
            e.found = found
            raise
        self.settle_ops(generalizing=True)

    def infer_fun(self, k):
        """The type of a Known function from its clauses."""
        params = [self.fresh() for _ in range(k.arity)]
        result = self.fresh()
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
                    self.scope[name] = k
                    items.append(("fun", k))
                continue
            fd = d
            # `main = \x -> ...` is a value (printed as <closure>), not a function.
            if fd.clauses[0].pats or isinstance(fd.clauses[0].body, A.Lam) and fd.name != "main":
                k = self.make_known(fd)
                self.infer_group([(fd.name, k)], {fd.name: fd.sig} if fd.sig else {})
                self.scope[fd.name] = k
                items.append(("fun", k))
            else:
                items.append(("caf", self.infer_caf(fd), fd.clauses[0].body))
                if fd.name == "main":
                    main = self.scope["main"]
        self.settle_ops()
        if main is None:
            k = self.scope.get("main")
            if isinstance(k, Known):
                raise CompileError(k.pos, "`main` must be a value, not a function",
                                   expected="`main = expression`", found="`main` with parameters")
            line = 1
            raise CompileError((line, 1), "the program has no `main`",
                               expected="a definition `main = expression`", found="none")
        return Program(items, main, prune(main.scheme.type), self.datatypes)

    def make_known(self, fd):
        if fd.clauses[0].pats:
            return Known(fd.name, fd.pos, len(fd.clauses[0].pats), [(c.pats, c.body) for c in fd.clauses])
        pats, body = peel_lambdas(fd.clauses[0].body)
        return Known(fd.name, fd.pos, len(pats), [(pats, body)])

    def infer_caf(self, fd):
        body = fd.clauses[0].body
        self.level += 1
        self.constant = fd.name
        t = self.infer(body)
        self.constant = None
        self.level -= 1
        if fd.sig:
            self.check_signature(Known(fd.name, fd.pos, 0, []), fd.sig, t)
            scheme = self.signature_scheme(fd.sig)
        elif is_value(body):
            scheme = self.generalize(t)
        else:
            scheme = mono(t)
        v = Local(fd.name, fd.pos, scheme, is_caf=True)
        self.scope[fd.name] = v
        return v


def check(decls, interface=None):
    return Checker(interface).check_program(decls)
