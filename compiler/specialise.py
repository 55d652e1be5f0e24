"""Specialisation of higher-order functions to the functions they are given.

A parameter of a top-level function is *static* when every equation
binds it to a plain variable (or `_`) and every recursive call passes that
variable on unchanged, as `f` in

    revmap f Nil acc = acc
    revmap f (Cons x xs) acc = revmap f xs (Cons (f x) acc)

A call that gives a static parameter a lambda or a named top-level
function, `revmap (\\x -> x * 2 + 1) xs Nil`, then calls a copy of the
function without that parameter, in which every use of `f` is the lambda
itself: applied to arguments that cannot have an effect, it becomes a
`let` of its parameter (so `f x` above is `let x' = x in x' * 2 + 1`: no
closure is built or entered); a named function becomes a known call.  A
lambda's free variables are the copy's free variables, which the code
generator passes as extra leading arguments, as for a `letrec` function.

This is the static argument transformation with specialisation of
OCaml's flambda and GHC.  It only copies code: evaluation order and
effects are those of the original (the arguments dropped are values, and
a lambda applied to arguments with an effect is left an application).
Bounded: at most MAX_COPIES copies a program, MAX_COPIED_NODES nodes in
all (a few kilobytes of code), of functions of at most MAX_FUNCTION_NODES
nodes, by lambdas of at most MAX_LAMBDA_NODES.
SVM_CAMC_NO_SPECIALISE=1 turns it off (to compare)."""

import os

from . import ast as A
from .freevars import sub_exprs
from .typecheck import Known, Local

MAX_COPIES = 64
MAX_COPIED_NODES = 4000
MAX_FUNCTION_NODES = 400
MAX_LAMBDA_NODES = 100


def app_chain(e):
    """(head, [arguments]) of an application chain."""
    args = []
    while isinstance(e, A.App):
        args.append(e.arg)
        e = e.fun
    args.reverse()
    return e, args


def apply(pos, head, args):
    for a in args:
        head = A.App(pos, head, a)
    return head


def nodes(e):
    """Every expression in e (iterative); None when e defines letrec functions."""
    out, stack = [], [e]
    while stack:
        x = stack.pop()
        if isinstance(x, A.LetRec):
            return None
        out.append(x)
        stack.extend(sub_exprs(x))
    return out


def is_effect_free(e):
    """Evaluating e has no effect and cannot fault: a variable (not a
    constant computed by a call), a literal or a lambda."""
    if isinstance(e, (A.Lit, A.Lam)):
        return True
    if isinstance(e, A.Name):
        return not (isinstance(e.binding, Known) and e.binding.arity == 0)
    return False


# ------------------------------------------------------------ the analysis

def static_params(k):
    """The parameter positions of known function k that are static (see
    the module's comment); [] when k cannot be copied."""
    if k.arity == 0 or not k.clauses:
        return []
    size = 0
    bodies = []
    for pats, body in k.clauses:
        ns = nodes(body)
        if ns is None:
            return []
        size += len(ns)
        bodies.append((pats, ns))
    if size > MAX_FUNCTION_NODES:
        return []
    out = []
    for i in range(k.arity):
        ok = True
        for pats, ns in bodies:
            p = pats[i]
            if isinstance(p, A.PVar):
                var = p.var
            elif isinstance(p, A.PWild):
                var = None
            else:
                ok = False
                break
            if calls_passing(ns, k, i, var) != sum(1 for x in ns if isinstance(x, A.Name) and x.binding is k):
                ok = False  # k used otherwise than called with var at i
                break
        if ok:
            out.append(i)
    return out


def calls_passing(ns, k, i, var):
    """How many calls in ns give k all its arguments, var (a Local, or
    None for none) at position i.  A call counts once, at its outermost
    application."""
    inner = {x.fun for x in ns if isinstance(x, A.App) and isinstance(x.fun, A.App)}
    n = 0
    for x in ns:
        if isinstance(x, A.App) and x not in inner:
            head, args = app_chain(x)
            if (isinstance(head, A.Name) and head.binding is k and len(args) >= k.arity and var is not None
                    and isinstance(args[i], A.Name) and args[i].binding is var):
                n += 1
    return n


# ------------------------------------------------------------ the copying

def fresh(v, m):
    w = Local(v.name, v.pos, v.scheme, v.is_caf)
    w.mono_note = v.mono_note
    m[v] = w
    return w


def clone_pat(p, m):
    if isinstance(p, A.PVar):
        q = A.PVar(p.pos, p.name)
        q.var = fresh(p.var, m) if p.var is not None else None
        return q
    if isinstance(p, A.PAs):
        q = A.PAs(p.pos, p.name, clone_pat(p.pat, m))
        q.var = fresh(p.var, m) if p.var is not None else None
        return q
    if isinstance(p, A.PTuple):
        return A.PTuple(p.pos, [clone_pat(x, m) for x in p.items])
    if isinstance(p, A.PCon):
        q = A.PCon(p.pos, p.name, [clone_pat(x, m) for x in p.args])
        q.ctor = p.ctor
        return q
    return p  # PWild, PLit: nothing bound


class Copier:
    """Clones one equation's body into the copy of a function: fresh
    Locals for what it binds, the static parameters replaced by their
    values, the recursive calls made calls of the copy."""

    def __init__(self, original, copy, keep, values):
        self.original, self.copy, self.keep = original, copy, keep
        self.values = values  # Local of a static parameter -> its value (an expression)

    def value(self, v, pos):
        """A fresh copy of the value of static parameter v."""
        e = self.values[v]
        if isinstance(e, A.Name):
            n = A.Name(pos, e.name)
            n.binding = e.binding
            return n
        if isinstance(e, A.Lit):
            return A.Lit(pos, e.kind, e.value)
        return Copier(None, None, None, {}).expr(e, {})

    def expr(self, e, m):
        if isinstance(e, A.Name):
            if e.binding in self.values:
                return self.value(e.binding, e.pos)
            n = A.Name(e.pos, e.name)
            n.binding = m.get(e.binding, e.binding)
            return n
        if isinstance(e, A.App):
            head, args = app_chain(e)
            b = head.binding if isinstance(head, A.Name) else None
            if self.original is not None and b is self.original and len(args) >= b.arity:
                n = A.Name(head.pos, head.name)
                n.binding = self.copy
                kept = [self.expr(args[i], m) for i in self.keep]
                return apply(e.pos, n, kept + [self.expr(a, m) for a in args[b.arity:]])
            if b is not None and b in self.values:
                return self.beta(self.value(b, head.pos), [self.expr(a, m) for a in args], e.pos)
            return A.App(e.pos, self.expr(e.fun, m), self.expr(e.arg, m))
        if isinstance(e, A.Lit):
            return e
        if isinstance(e, A.Lam):
            m = dict(m)
            pat = clone_pat(e.pat, m)
            return A.Lam(e.pos, pat, self.expr(e.body, m))
        if isinstance(e, A.Let):
            rhs = self.expr(e.rhs, m)
            m = dict(m)
            pat = clone_pat(e.pat, m)
            return A.Let(e.pos, pat, rhs, self.expr(e.body, m))
        if isinstance(e, A.If):
            return A.If(e.pos, self.expr(e.cond, m), self.expr(e.then, m), self.expr(e.else_, m))
        if isinstance(e, A.Case):
            alts = []
            for p, body in e.alts:
                m2 = dict(m)
                q = clone_pat(p, m2)
                alts.append((q, self.expr(body, m2)))
            return A.Case(e.pos, self.expr(e.scrut, m), alts)
        if isinstance(e, A.Tuple):
            return A.Tuple(e.pos, [self.expr(x, m) for x in e.items])
        if isinstance(e, A.BinOp):
            b = A.BinOp(e.pos, e.op, self.expr(e.left, m), self.expr(e.right, m), e.op_pos)
            b.ty = e.ty
            return b
        if isinstance(e, A.UnOp):
            u = A.UnOp(e.pos, e.op, self.expr(e.operand, m))
            u.ty = e.ty
            return u
        raise AssertionError(f"specialise: unexpected {type(e).__name__}")  # static_params excludes LetRec

    def beta(self, f, args, pos):
        """f (a copy of a lambda) applied to args.  When no argument has an
        effect (so the order in which they and the lambda's body run does
        not show), a parameter that is a variable is replaced by its
        argument when that is a variable or a literal, else bound to it by
        `let`; `_` drops its argument.  Else the application as it was."""
        if not all(is_effect_free(a) for a in args):
            return apply(pos, f, args)
        if args and isinstance(f, A.Lam) and isinstance(f.pat, A.PWild):
            return self.beta(f.body, args[1:], pos)
        if args and isinstance(f, A.Lam) and isinstance(f.pat, A.PVar):
            a = args[0]
            if isinstance(a, (A.Name, A.Lit)):
                return self.beta(Copier(None, None, None, {f.pat.var: a}).expr(f.body, {}), args[1:], pos)
            return A.Let(pos, f.pat, a, self.beta(f.body, args[1:], pos))
        return apply(pos, f, args)


# ------------------------------------------------------------ the pass

class Specialiser:
    def __init__(self, program):
        self.program = program
        self.statics = {}  # Known -> static positions
        self.copies = {}  # (Known, ((i, Known), ...)) -> the copy, for named functions
        self.count = 0
        self.copied = 0  # nodes in the copies' equations
        self.sizes = {}  # Known -> nodes in its equations
        self.todo = []

    def static(self, k):
        if k not in self.statics:
            self.statics[k] = static_params(k)
        return self.statics[k]

    def size(self, k):
        if k not in self.sizes:
            self.sizes[k] = sum(len(nodes(body) or ()) for _, body in k.clauses)
        return self.sizes[k]

    def candidate(self, a):
        """a can be a static parameter's value: a lambda (small, not
        defining letrec functions) or a named function."""
        if isinstance(a, A.Name):
            b = a.binding
            return isinstance(b, Known) and b.arity > 0
        if isinstance(a, A.Lam):
            ns = nodes(a)
            return ns is not None and len(ns) <= MAX_LAMBDA_NODES
        return False

    def call(self, e):
        """e is an App: the call of a copy when it gives a static parameter
        a value; else None."""
        head, args = app_chain(e)
        k = head.binding if isinstance(head, A.Name) else None
        if not isinstance(k, Known) or len(args) < k.arity or self.count >= MAX_COPIES:
            return None
        if not self.static(k) or self.copied + self.size(k) > MAX_COPIED_NODES:
            return None
        given = {i: args[i] for i in self.static(k) if self.candidate(args[i])}
        if not given or len(given) == k.arity:
            return None
        keep = [i for i in range(k.arity) if i not in given]
        named = all(isinstance(a, A.Name) for a in given.values())
        key = (k, tuple((i, a.binding) for i, a in sorted(given.items()))) if named else None
        copy = self.copies.get(key) if key else None
        if copy is None:
            copy = self.make_copy(k, given, keep)
            if key:
                self.copies[key] = copy
        n = A.Name(head.pos, head.name)
        n.binding = copy
        return apply(e.pos, n, [args[i] for i in keep] + args[k.arity:])

    def make_copy(self, k, given, keep):
        self.count += 1
        self.copied += self.size(k)
        copy = Known(k.name, k.pos, len(keep), None)
        copy.scheme, copy.mono_note, copy.match_pos = k.scheme, k.mono_note, k.match_pos
        clauses = []
        for pats, body in k.clauses:
            values = {pats[i].var: a for i, a in given.items() if isinstance(pats[i], A.PVar)}
            m = {}
            new_pats = [clone_pat(pats[i], m) for i in keep]
            clauses.append((new_pats, Copier(k, copy, keep, values).expr(body, m)))
        copy.clauses = clauses
        self.statics[copy] = []  # a copy is not copied again
        self.todo.append(copy)
        return copy

    def rewrite(self, e):
        """e with its calls rewritten (in place where it can), iteratively
        over the tree."""
        root = [e]
        stack = [(root, 0)]
        while stack:
            holder, i = stack.pop()
            x = holder[i]
            if isinstance(x, A.App):
                y = self.call(x)
                if y is not None:
                    holder[i] = x = y
            for slot in slots(x):
                stack.append(slot)
            if isinstance(x, A.LetRec):
                for k in x.funs:
                    self.todo.append(k)
        return root[0]

    def run(self):
        prog = self.program
        items = []
        for item in prog.items:
            if item[0] == "caf":
                items.append(("caf", item[1], self.rewrite(item[2])))
            else:
                items.append(item)
                self.todo.append(item[1])
        prog.items = items
        seen = set()
        while self.todo:
            k = self.todo.pop()
            if k in seen:
                continue
            seen.add(k)
            k.clauses = [(pats, self.rewrite(body)) for pats, body in k.clauses]
        return prog


def slots(x):
    """(holder, index) pairs for the expressions directly inside x, where
    holder[index] = y replaces one."""
    out = []

    def field(obj, name):
        h = Holder(obj, name)
        out.append((h, 0))

    if isinstance(x, A.App):
        field(x, "fun")
        field(x, "arg")
    elif isinstance(x, A.Lam):
        field(x, "body")
    elif isinstance(x, A.Let):
        field(x, "rhs")
        field(x, "body")
    elif isinstance(x, A.LetRec):
        field(x, "body")
    elif isinstance(x, A.If):
        field(x, "cond")
        field(x, "then")
        field(x, "else_")
    elif isinstance(x, A.Case):
        field(x, "scrut")
        for j in range(len(x.alts)):
            out.append((AltHolder(x.alts, j), 0))
    elif isinstance(x, A.Tuple):
        for j in range(len(x.items)):
            out.append((x.items, j))
    elif isinstance(x, A.BinOp):
        field(x, "left")
        field(x, "right")
    elif isinstance(x, A.UnOp):
        field(x, "operand")
    return out


class Holder:
    """holder[0] reads and writes attribute name of obj."""
    __slots__ = ("obj", "name")

    def __init__(self, obj, name):
        self.obj, self.name = obj, name

    def __getitem__(self, i):
        return getattr(self.obj, self.name)

    def __setitem__(self, i, v):
        setattr(self.obj, self.name, v)


class AltHolder:
    """holder[0] reads and writes the body of alternative j of a case."""
    __slots__ = ("alts", "j")

    def __init__(self, alts, j):
        self.alts, self.j = alts, j

    def __getitem__(self, i):
        return self.alts[self.j][1]

    def __setitem__(self, i, v):
        self.alts[self.j] = (self.alts[self.j][0], v)


def specialise(program):
    if os.environ.get("SVM_CAMC_NO_SPECIALISE"):
        return program
    return Specialiser(program).run()
