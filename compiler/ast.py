"""The abstract syntax.  Every node has `pos`, the (line, col) it starts at.

Expressions carry slots the type checker fills: `binding` on names (what
the name refers to), `ty` on operators (the operand type chosen)."""


class Node:
    __slots__ = ("pos",)


# ------------------------------------------------------------- expressions

class Lit(Node):
    """A literal: kind is "int", "float", "bool" or "unit"."""
    __slots__ = ("kind", "value")

    def __init__(self, pos, kind, value):
        self.pos, self.kind, self.value = pos, kind, value


class Name(Node):
    """A variable, function, constructor or built-in, resolved by the checker."""
    __slots__ = ("name", "binding", "version")

    def __init__(self, pos, name):
        self.pos, self.name, self.binding = pos, name, None
        self.version = None  # the checker's choice: a version of the function, for this use


class App(Node):
    __slots__ = ("fun", "arg")

    def __init__(self, pos, fun, arg):
        self.pos, self.fun, self.arg = pos, fun, arg


class Lam(Node):
    __slots__ = ("pat", "body")

    def __init__(self, pos, pat, body):
        self.pos, self.pat, self.body = pos, pat, body


class Let(Node):
    """let p = e1 in e2 (non-recursive)."""
    __slots__ = ("pat", "rhs", "body")

    def __init__(self, pos, pat, rhs, body):
        self.pos, self.pat, self.rhs, self.body = pos, pat, rhs, body


class LetRec(Node):
    """letrec f1 = \\x -> e1; f2 = ... in body: bindings are (pos, name, Lam)."""
    __slots__ = ("bindings", "body", "funs")

    def __init__(self, pos, bindings, body):
        self.pos, self.bindings, self.body, self.funs = pos, bindings, body, None


class If(Node):
    __slots__ = ("cond", "then", "else_")

    def __init__(self, pos, cond, then, else_):
        self.pos, self.cond, self.then, self.else_ = pos, cond, then, else_


class Case(Node):
    """case e of alts: alts are (pat, expr).  equations_of: the name of the
    local function whose equations it matches (parser.local_equations),
    else None."""
    __slots__ = ("scrut", "alts", "equations_of")

    def __init__(self, pos, scrut, alts, equations_of=None):
        self.pos, self.scrut, self.alts, self.equations_of = pos, scrut, alts, equations_of


class Tuple(Node):
    __slots__ = ("items",)

    def __init__(self, pos, items):
        self.pos, self.items = pos, items


class BinOp(Node):
    """op is the operator's text; ty is filled with "Int", "Float" or "Bool"."""
    __slots__ = ("op", "left", "right", "ty", "op_pos")

    def __init__(self, pos, op, left, right, op_pos):
        self.pos, self.op, self.left, self.right, self.ty, self.op_pos = pos, op, left, right, None, op_pos


class UnOp(Node):
    """op is "-" (negation) or "!" (boolean not)."""
    __slots__ = ("op", "operand", "ty")

    def __init__(self, pos, op, operand):
        self.pos, self.op, self.operand, self.ty = pos, op, operand, None


# ---------------------------------------------------------------- patterns

class PVar(Node):
    __slots__ = ("name", "var")

    def __init__(self, pos, name):
        self.pos, self.name, self.var = pos, name, None


class PWild(Node):
    __slots__ = ()

    def __init__(self, pos):
        self.pos = pos


class PLit(Node):
    __slots__ = ("kind", "value")

    def __init__(self, pos, kind, value):
        self.pos, self.kind, self.value = pos, kind, value


class PTuple(Node):
    __slots__ = ("items",)

    def __init__(self, pos, items):
        self.pos, self.items = pos, items


class PCon(Node):
    __slots__ = ("name", "args", "ctor")

    def __init__(self, pos, name, args):
        self.pos, self.name, self.args, self.ctor = pos, name, args, None


class PAs(Node):
    """x as p"""
    __slots__ = ("name", "pat", "var")

    def __init__(self, pos, name, pat):
        self.pos, self.name, self.pat, self.var = pos, name, pat, None


# ------------------------------------------------------------------- types

class TyVar(Node):
    __slots__ = ("name",)

    def __init__(self, pos, name):
        self.pos, self.name = pos, name


class TyCon(Node):
    """A named type applied to arguments; "->" and "," (tuples) and "()" too."""
    __slots__ = ("name", "args")

    def __init__(self, pos, name, args):
        self.pos, self.name, self.args = pos, name, args


# -------------------------------------------------------------- top level

class Signature(Node):
    __slots__ = ("name", "type")

    def __init__(self, pos, name, type_):
        self.pos, self.name, self.type = pos, name, type_


class Clause(Node):
    __slots__ = ("pats", "body")

    def __init__(self, pos, pats, body):
        self.pos, self.pats, self.body = pos, pats, body


class FunDef(Node):
    """All the equations of one name (consecutive), with its signature."""
    __slots__ = ("name", "clauses", "sig", "binding")

    def __init__(self, pos, name, clauses, sig):
        self.pos, self.name, self.clauses, self.sig, self.binding = pos, name, clauses, sig, None


class CtorDecl(Node):
    __slots__ = ("name", "type")

    def __init__(self, pos, name, type_):
        self.pos, self.name, self.type = pos, name, type_


class DataDecl(Node):
    __slots__ = ("name", "params", "ctors")

    def __init__(self, pos, name, params, ctors):
        self.pos, self.name, self.params, self.ctors = pos, name, params, ctors


class MutRec(Node):
    __slots__ = ("defs",)

    def __init__(self, pos, defs):
        self.pos, self.defs = pos, defs
