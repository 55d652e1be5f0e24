"""Specialisation of higher-order functions to the functions they are given.

A parameter of a top-level function is *static* when every equation
binds it to a plain variable (or `_`) and every recursive call passes that
variable on unchanged, as `f` in

    revmap f Nil acc = acc
    revmap f (Cons x xs) acc = revmap f xs (Cons (f x) acc)

A call that gives a static parameter a lambda or a named top-level
function, `revmap (\\x -> x * 2 + 1) xs Nil`, then calls a copy of the
function without that parameter, in which every use of `f` is the lambda
itself: applied, its parameters are bound by `let` to the arguments (a
variable or a literal argument replaces the parameter), so `f x` above is
`x * 2 + 1`: no closure is built or entered; a named function becomes a
known call.  A lambda's free variables are the copy's free variables,
which the code generator passes as extra leading arguments, as for a
`letrec` function.

This is the static argument transformation with specialisation of
OCaml's flambda and GHC.  It only copies code: evaluation order and
effects are those of the original (the arguments dropped are values; a
lambda is a value, so applying it to e is `let x = e in` its body).
Copies are made from each function's equations as they were before any
call in them was rewritten, so a copy never shares a variable with
another.  A parameter is given its value only where it pays and costs
nothing: the function uses it (other than by passing it on), its
recursion is all tail calls or the value adds at most one variable to
each frame (a closure is one), and the copies stay small: at most
MAX_COPIES a program and MAX_COPIED_NODES nodes in all (a few kilobytes
of code), of functions of at most MAX_FUNCTION_NODES nodes, by lambdas of
at most MAX_LAMBDA_NODES.  A lambda and its copies (the same lambda, the
same free variables) share one copy of a function.
SVM_CAMC_NO_SPECIALISE=1 turns it off (to compare)."""

import os

from . import ast as A
from .freevars import FreeVars, roots, scan, sub_exprs
from .typecheck import Known, Local

MAX_COPIES = 64
MAX_COPIED_NODES = 3000
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

class Analysis:
    """What specialisation needs to know of a known function, from its
    equations as written: its static parameters, how many times each is
    used (not counting passing it on), its size, and whether its
    recursive calls are all tail calls."""
    __slots__ = ("static", "uses", "size", "tail_only")

    def __init__(self, k, clauses):
        self.static, self.uses, self.size, self.tail_only = [], {}, 0, True
        if k.arity == 0 or not clauses:
            return
        bodies = []
        for pats, body in clauses:
            ns = nodes(body)
            if ns is None:
                return
            self.size += len(ns)
            bodies.append((pats, body, ns))
        if self.size > MAX_FUNCTION_NODES:
            return
        for pats, body, ns in bodies:
            calls = sum(1 for x in ns if isinstance(x, A.Name) and x.binding is k)
            if tail_calls(body, k) != calls:
                self.tail_only = False
        for i in range(k.arity):
            uses = 0
            for pats, body, ns in bodies:
                p = pats[i]
                if isinstance(p, A.PVar):
                    var = p.var
                elif isinstance(p, A.PWild):
                    var = None
                else:
                    break
                passing = calls_passing(ns, k, i, var)
                if passing != sum(1 for x in ns if isinstance(x, A.Name) and x.binding is k):
                    break  # k used otherwise than called with var at i
                uses += sum(1 for x in ns if isinstance(x, A.Name) and x.binding is var) - passing
            else:
                if uses > 0:  # a parameter only passed on keeps its value (and its checks)
                    self.static.append(i)
                    self.uses[i] = uses


def tail_calls(body, k):
    """How many calls of k with all its arguments are in tail position in body."""
    n, stack = 0, [body]
    while stack:
        e = stack.pop()
        if isinstance(e, A.App):
            head, args = app_chain(e)
            n += isinstance(head, A.Name) and head.binding is k and len(args) == k.arity
        elif isinstance(e, A.If):
            stack += [e.then, e.else_]
        elif isinstance(e, A.Case):
            stack += [body for _, body in e.alts]
        elif isinstance(e, A.Let):
            stack.append(e.body)
    return n


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
    values, the recursive calls made calls of the copy.  With original
    None, just a clone (fresh Locals for what it binds)."""

    def __init__(self, spec, original=None, copy=None, keep=None, values=None):
        self.spec, self.original, self.copy, self.keep = spec, original, copy, keep
        self.values = values or {}  # Local of a static parameter -> its value (an expression)

    def value(self, v, pos):
        """A fresh copy of the value of static parameter v."""
        e = self.values[v]
        if isinstance(e, A.Name):
            n = A.Name(pos, e.name)
            n.binding = e.binding
            return n
        if isinstance(e, A.Lit):
            return A.Lit(pos, e.kind, e.value)
        clone = Copier(self.spec).expr(e, {})
        if isinstance(e, A.Lam):
            self.spec.origin[clone] = self.spec.origin.get(e, e)
        return clone

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
            return A.Case(e.pos, self.expr(e.scrut, m), alts, e.equations_of)
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
        raise AssertionError(f"specialise: unexpected {type(e).__name__}")  # Analysis excludes LetRec

    def beta(self, f, args, pos):
        """f (a copy of a lambda) applied to args, left to right: while f
        is a lambda whose parameter is a variable or `_`, the parameter is
        bound to its argument by `let` (a lambda is a value and its body
        runs after its argument, as the let's body does); a variable or a
        literal argument replaces the parameter instead, and `_` drops an
        argument that has no effect.  What is left is applied as before."""
        if args and isinstance(f, A.Lam) and isinstance(f.pat, A.PWild):
            if is_effect_free(args[0]):
                return self.beta(f.body, args[1:], pos)
            return A.Let(pos, f.pat, args[0], self.beta(f.body, args[1:], pos))
        if args and isinstance(f, A.Lam) and isinstance(f.pat, A.PVar):
            a = args[0]
            if isinstance(a, A.Lit) or (isinstance(a, A.Name) and is_effect_free(a)):
                body = Copier(self.spec, values={f.pat.var: a}).expr(f.body, {})
                return self.beta(body, args[1:], pos)
            return A.Let(pos, f.pat, a, self.beta(f.body, args[1:], pos))
        return apply(pos, f, args)


def clone_clauses(spec, clauses):
    out = []
    for pats, body in clauses:
        m = {}
        new_pats = [clone_pat(p, m) for p in pats]
        out.append((new_pats, Copier(spec).expr(body, m)))
    return out


# ------------------------------------------------------------ the pass

class Specialiser:
    def __init__(self, program):
        self.program = program
        self.pristine = {}  # Known -> its equations as written (a clone), what copies are made from
        self.analyses = {}  # Known -> Analysis (of its pristine equations)
        self.copies = {}  # (Known, what each static parameter is given) -> the copy
        self.origin = {}  # a lambda cloned into a copy -> the lambda of the call it came from
        self.count = 0
        self.copied = 0  # nodes in the copies' equations (an estimate)
        self.todo = []

    def keep_pristine(self, k):
        """Keep k's equations as written, when k can be copied (its
        equations define no letrec function)."""
        if k not in self.pristine and k.clauses and all(nodes(body) is not None for _, body in k.clauses):
            self.pristine[k] = clone_clauses(self, k.clauses)

    def analysis(self, k):
        if k not in self.analyses:
            self.analyses[k] = Analysis(k, self.pristine.get(k, ()))
        return self.analyses[k]

    def extra_vars(self, a):
        """How many variables value a adds to a frame of the copy (its
        free variables, with those of the known functions it calls); a
        large number when not known."""
        if isinstance(a, A.Name):
            fvs = a.binding.fvs
            return len(fvs) if fvs is not None else MAX_COPIES
        sc = scan(a)
        free = set(sc.refs)
        for k in sc.knowns:
            if k.fvs is None:
                return MAX_COPIES
            free |= set(k.fvs)
        return len(free - sc.introduced)

    def key_of(self, a):
        if isinstance(a, A.Name):
            return ("name", a.binding)
        sc = scan(a)
        return ("lambda", self.origin.get(a, a), frozenset(sc.refs - sc.introduced))

    def candidate(self, a, info):
        """a can be a static parameter's value: a lambda (small, not
        defining letrec functions) or a named function, adding at most one
        variable to each frame when the recursion keeps frames."""
        if isinstance(a, A.Name):
            ok = isinstance(a.binding, Known) and a.binding.arity > 0
        elif isinstance(a, A.Lam):
            ns = nodes(a)
            ok = ns is not None and len(ns) <= MAX_LAMBDA_NODES
        else:
            ok = False
        return ok and (info.tail_only or self.extra_vars(a) <= 1)

    def call(self, e):
        """e is an App: the call of a copy when it gives a static parameter
        a value; else None."""
        head, args = app_chain(e)
        k = head.binding if isinstance(head, A.Name) else None
        if not isinstance(k, Known) or len(args) < k.arity or self.count >= MAX_COPIES:
            return None
        info = self.analysis(k)
        given = {i: args[i] for i in info.static if self.candidate(args[i], info)}
        if not given or len(given) == k.arity:
            return None
        keep = [i for i in range(k.arity) if i not in given]
        key = (k, tuple((i, self.key_of(a)) for i, a in sorted(given.items())))
        copy = self.copies.get(key)
        if copy is None:
            size = info.size + sum(info.uses[i] * (len(nodes(a) or ()) if isinstance(a, A.Lam) else 1)
                                   for i, a in given.items())
            if self.copied + size > MAX_COPIED_NODES:
                return None
            self.copied += size
            copy = self.copies[key] = self.make_copy(k, given, keep)
        n = A.Name(head.pos, head.name)
        n.binding = copy
        return apply(e.pos, n, [args[i] for i in keep] + args[k.arity:])

    def make_copy(self, k, given, keep):
        self.count += 1
        copy = Known(k.name, k.pos, len(keep), None)
        copy.scheme, copy.mono_note, copy.match_pos = k.scheme, k.mono_note, k.match_pos
        copy.hidden = sorted(given)  # for the messages about its equations
        clauses = []
        for pats, body in self.pristine[k]:
            values = {pats[i].var: a for i, a in given.items() if isinstance(pats[i], A.PVar)}
            m = {}
            new_pats = [clone_pat(pats[i], m) for i in keep]
            clauses.append((new_pats, Copier(self, k, copy, keep, values).expr(body, m)))
        copy.clauses = clauses
        self.analyses[copy] = Analysis(copy, ())  # a copy is not copied again
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
                    self.keep_pristine(k)  # before any call in it is rewritten
                    self.todo.append(k)
        return root[0]

    def run(self):
        prog = self.program
        for item in prog.items:
            if item[0] == "fun":
                self.keep_pristine(item[1])
        FreeVars().solve(roots(prog))  # Known.fvs as they are now (extra_vars); the code generator solves again
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
