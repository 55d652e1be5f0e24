"""Exhaustiveness of a pattern match (Maranget, "Warnings for pattern
matching", 2007): is some value matched by no row?  Returns a witness, a
pattern vector no row matches, written in the language's syntax."""

from . import ast as A

WILD = None  # a wildcard in the matrix


def _norm(p, literals=True):
    while isinstance(p, A.PAs):
        p = p.pat
    if isinstance(p, (A.PVar, A.PWild)) or (isinstance(p, A.PLit) and p.kind == "unit"):
        return WILD
    if not literals and isinstance(p, A.PLit) and p.kind in ("int", "float"):
        return WILD
    if not literals and isinstance(p, (A.PCon, A.PTuple)):
        return _Blind(p)
    return p


class _Blind:
    """A constructor or tuple pattern whose Int and Float literals, at any
    depth, count as wildcards (missing(..., literals=False))."""

    def __init__(self, p):
        self.p = p
        self.ctor = getattr(p, "ctor", None)
        self.items = getattr(p, "items", None)


def _head_key(p):
    """(key, arity, subpatterns) of a refutable pattern."""
    if isinstance(p, _Blind):
        k, a, subs = _head_key(p.p)
        return k, a, [_norm(s, literals=False) for s in subs]
    if isinstance(p, A.PCon):
        return ("con", p.ctor.name), p.ctor.arity, list(p.args)
    if isinstance(p, A.PTuple):
        return ("tuple", len(p.items)), len(p.items), list(p.items)
    return ("lit", p.kind, p.value), 0, []


def missing(rows, literals=True):
    """rows: lists of patterns of equal length.  None when exhaustive, else
    a list of strings (one per column) describing an unmatched value.
    literals=False: Int and Float literals match any value, so a witness is
    a value missed whatever the literals (a constructor or Bool no row
    has); None then means every missed value is an Int or Float no row
    lists."""
    rows = [[_norm(p, literals) for p in r] for r in rows]
    n = len(rows[0]) if rows else 0
    return _missing(rows, n)


def _specialize(rows, key, arity):
    out = []
    for r in rows:
        h = r[0]
        if h is WILD:
            out.append([WILD] * arity + r[1:])
        else:
            k, a, subs = _head_key(h)
            if k == key:
                out.append([s if isinstance(s, _Blind) or s is WILD else _norm(s) for s in subs] + r[1:])
    return out


def _missing(rows, n):
    if n == 0:
        return None if rows else []
    heads = [r[0] for r in rows if r[0] is not WILD]
    if not heads:
        w = _missing([r[1:] for r in rows], n - 1)
        return None if w is None else ["_"] + w
    first = heads[0]
    seen = {}
    for h in heads:
        k, a, _ = _head_key(h)
        seen.setdefault(k, (a, h))
    # The complete signature of the column's type, when finite.
    if isinstance(first, _Blind):
        first = first.p
    if isinstance(first, A.PCon):
        signature = [(("con", c.name), c.arity, c.name) for c in first.ctor.data.ctors]
    elif isinstance(first, A.PTuple):
        m = len(first.items)
        signature = [(("tuple", m), m, None)]
    elif first.kind == "bool":
        signature = [(("lit", "bool", True), 0, "True"), (("lit", "bool", False), 0, "False")]
    else:
        signature = None  # Int and Float: infinitely many values
    if signature is not None and all(k in seen for k, _, _ in signature):
        for key, arity, name in signature:
            w = _missing(_specialize(rows, key, arity), arity + n - 1)
            if w is not None:
                return [_build(key, name, w[:arity])] + w[arity:]
        return None
    w = _missing([r[1:] for r in rows if r[0] is WILD], n - 1)
    if w is None:
        return None
    if signature is None:
        kind = "Int" if first.kind == "int" else "Float"
        listed = sorted({h.value for h in heads})
        shown = ", ".join(str(v) for v in listed[:3]) + (", ..." if len(listed) > 3 else "")
        return [f"an {kind} other than {shown}" if kind == "Int" else f"a Float other than {shown}"] + w
    for key, arity, name in signature:
        if key not in seen:
            return [_build(key, name, ["_"] * arity)] + w
    raise AssertionError("unreachable")


def _build(key, name, args):
    if key[0] == "tuple":
        return "(" + ", ".join(args) + ")"
    if not args:
        return name
    # unparenthesized: a constructor's argument or a parameter is put in
    # parentheses where it is used, a tuple's item is not (`(True, J False)`)
    return name + " " + " ".join(a if " " not in a or a.startswith("(") else f"({a})" for a in args)
