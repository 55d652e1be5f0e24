"""A reference evaluator of the source language (LANGUAGE.md), in Python,
for the differential test of the compiler: it evaluates the checked
syntax tree directly (strict, left to right) and prints main's value in
ISA.md's value format.  Built-ins: print, itof, ftoi."""

import math
import struct
import sys

from compiler import ast as A
from compiler.typecheck import Ctor, Known, Local
from compiler.types import TCon, prune


class Fault(Exception):
    pass


def i32(x):
    return (x + 2**31) % 2**32 - 2**31


def f32(x):
    """x rounded to binary32 as the VM holds it: beyond its range, an
    infinity (struct refuses to pack one that overflows)."""
    if x != x or abs(x) == float("inf"):
        return x
    try:
        return struct.unpack("<f", struct.pack("<f", x))[0]
    except OverflowError:
        # past FLT_MAX by more than half an ulp rounds to infinity
        return float("inf") if x > 0 else float("-inf")


class Con:
    __slots__ = ("tag", "payload")

    def __init__(self, tag, payload):
        self.tag, self.payload = tag, payload


def tuple_value(items):
    v = items[-1]
    for x in reversed(items[:-1]):
        v = (x, v)
    return v


def fields(payload, n):
    if n == 0:
        return []
    if n == 1:
        return [payload]
    out = []
    for _ in range(n - 1):
        out.append(payload[0])
        payload = payload[1]
    return out + [payload]


def show(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return "nan" if v != v else "%g" % v  # a NaN without its sign, as the VM prints it
    if v is None:
        return "()"
    if isinstance(v, tuple):
        return f"({show(v[0])}, {show(v[1])})"
    if isinstance(v, Con):
        return f"#{v.tag}({show(v.payload)})"
    return "<closure>"


class Evaluator:
    def __init__(self, out):
        self.out = out

    def match(self, p, v, env):
        while True:
            if isinstance(p, A.PVar):
                env[p.var] = v
                return True
            if isinstance(p, A.PWild):
                return True
            if isinstance(p, A.PAs):
                env[p.var] = v
                p = p.pat
                continue
            if isinstance(p, A.PLit):
                return p.kind == "unit" or v == p.value
            if isinstance(p, A.PTuple):
                return all(self.match(q, x, env) for q, x in zip(p.items, fields(v, len(p.items))))
            if isinstance(p, A.PCon):
                if v.tag != p.ctor.tag:
                    return False
                return all(self.match(q, x, env) for q, x in zip(p.args, fields(v.payload, p.ctor.arity)))
            raise AssertionError(p)

    def known(self, k, env):
        """The curried function value of a known function."""
        def apply_all(args):
            for pats, body in k.clauses:
                local = dict(env)
                if all(self.match(p, a, local) for p, a in zip(pats, args)):
                    local[k] = self.known(k, env)
                    return self.eval(body, local)
            raise Fault("no match")

        def curry(args):
            if len(args) == k.arity:
                return apply_all(args)
            return lambda x: curry(args + [x])

        return curry([])

    def ctor_value(self, c, args):
        if len(args) == c.arity:
            return Con(c.tag, None if c.arity == 0 else tuple_value(args))
        return lambda x: self.ctor_value(c, args + [x])

    def eval(self, e, env):
        if isinstance(e, A.Lit):
            if e.kind == "float":
                return f32(e.value)  # a literal is a binary32 in the image
            return e.value if e.kind != "unit" else None
        if isinstance(e, A.Name):
            b = e.binding
            if isinstance(b, Local):
                return env[b]
            if isinstance(b, Known):
                return env[b] if b in env else self.known(b, env)
            if isinstance(b, Ctor):
                return self.ctor_value(b, [])
            return self.builtin(b.name)
        if isinstance(e, A.App):
            f = self.eval(e.fun, env)
            return f(self.eval(e.arg, env))
        if isinstance(e, A.Lam):
            def lam(x, e=e, env=env):
                local = dict(env)
                if not self.match(e.pat, x, local):
                    raise Fault("no match")
                return self.eval(e.body, local)
            return lam
        if isinstance(e, A.Let):
            v = self.eval(e.rhs, env)
            local = dict(env)
            if not self.match(e.pat, v, local):
                raise Fault("no match")
            return self.eval(e.body, local)
        if isinstance(e, A.LetRec):
            local = dict(env)
            for k in e.funs:
                local[k] = None
            for k in e.funs:
                local[k] = self.known(k, local)
            return self.eval(e.body, local)
        if isinstance(e, A.If):
            return self.eval(e.then if self.eval(e.cond, env) else e.else_, env)
        if isinstance(e, A.Case):
            v = self.eval(e.scrut, env)
            for p, body in e.alts:
                local = dict(env)
                if self.match(p, v, local):
                    return self.eval(body, local)
            raise Fault("no match")
        if isinstance(e, A.Tuple):
            return tuple_value([self.eval(x, env) for x in e.items])
        if isinstance(e, A.UnOp):
            v = self.eval(e.operand, env)
            if e.op == "!":
                return not v
            return i32(-v) if e.ty == "Int" else -v
        if isinstance(e, A.BinOp):
            if e.op == "&&":
                return self.eval(e.left, env) and self.eval(e.right, env)
            if e.op == "||":
                return self.eval(e.left, env) or self.eval(e.right, env)
            a, b = self.eval(e.left, env), self.eval(e.right, env)
            return self.binop(e.op, e.ty, a, b)
        raise AssertionError(e)

    @staticmethod
    def binop(op, ty, a, b):
        if op in ("==", "!="):
            return (a == b) == (op == "==")
        if op in ("<", "<=", ">", ">="):
            return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]
        if ty == "Int":
            if op in ("/", "%"):
                if b == 0:
                    raise Fault("division by zero")
                q = abs(a) // abs(b) * (1 if (a >= 0) == (b >= 0) else -1)
                return i32(q) if op == "/" else i32(a - q * b)
            return i32({"+": a + b, "-": a - b, "*": a * b}[op])
        if op == "/" and b == 0:  # IEEE: x / 0 is an infinity signed by both, 0/0 and nan/0 are nan
            return math.nan if a == 0 or a != a else math.copysign(math.inf, a) * math.copysign(1.0, b)
        return f32({"+": a + b, "-": a - b, "*": a * b, "/": a / b if b else 0.0}[op])

    def builtin(self, name):
        if name == "print":
            def p(v):
                self.out.append(show(v))
                return None
            return p
        if name == "itof":
            return lambda v: f32(float(v))
        if name == "ftoi":
            return ftoi
        raise AssertionError(name)


def ftoi(v):
    """A float truncated toward zero; NaN and values outside the Int range
    fault, as the VM's ftoi does."""
    if not -2147483648.0 <= v < 2147483648.0:  # (False for NaN too)
        raise Fault("float out of range")
    return int(v)


def run(program):
    """Evaluate a checked program; returns its output lines."""
    out = []
    ev = Evaluator(out)
    env = {}
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old, 20000))
    try:
        for item in program.items:
            if item[0] != "caf":
                continue
            _, v, expr = item
            env[v] = ev.eval(expr, env)
            if v is program.main:
                t = prune(program.main_type)
                if not (isinstance(t, TCon) and t.name == "()"):
                    out.append(show(env[v]))
                break
    finally:
        sys.setrecursionlimit(old)
    return out
