"""Types for Hindley-Milner inference: variables with levels (for
generalisation) and union-find links, constructors, schemes."""

import itertools

_ids = itertools.count()


class TVar:
    __slots__ = ("ref", "level", "id", "rigid")

    def __init__(self, level, rigid=None):
        self.ref = None  # the type this variable was unified with
        self.level = level
        self.id = next(_ids)
        self.rigid = rigid  # a signature's variable name: unifies only with itself


class TCon:
    __slots__ = ("name", "args")

    def __init__(self, name, args=()):
        self.name, self.args = name, list(args)


class Scheme:
    __slots__ = ("vars", "type")

    def __init__(self, vars_, type_):
        self.vars, self.type = vars_, type_


INT = TCon("Int")
FLOAT = TCon("Float")
BOOL = TCon("Bool")
UNIT = TCon("()")


def fn(a, b):
    return TCon("->", [a, b])


# While a trial runs (typecheck.Checker.trial), every change to a type
# variable is recorded here, (variable, attribute, old value), so that a
# failed trial leaves the types as they were; None otherwise.
_trail = None


def set_trail(trail):
    """Record changes into trail (a list, or None: not at all); returns the
    one in use before."""
    global _trail
    old, _trail = _trail, trail
    return old


def assign(obj, attr, value):
    """obj.attr = value, recorded on the trail when a trial runs."""
    if _trail is not None:
        _trail.append((obj, attr, getattr(obj, attr)))
    setattr(obj, attr, value)


def remember(d, key):
    """Record d[key] (or its absence) before d[key] changes in a trial."""
    if _trail is not None:
        _trail.append((d, key, d.get(key, _ABSENT)))


_ABSENT = object()


def undo(trail):
    """Undo what a trial recorded, latest first."""
    for obj, key, old in reversed(trail):
        if isinstance(obj, dict):
            if old is _ABSENT:
                obj.pop(key, None)
            else:
                obj[key] = old
        else:
            setattr(obj, key, old)
    trail.clear()


def prune(t):
    """Follow links to the representative type (with path compression)."""
    path = []
    while isinstance(t, TVar) and t.ref is not None:
        path.append(t)
        t = t.ref
    for v in path:
        if v.ref is not t:
            if _trail is not None:
                _trail.append((v, "ref", v.ref))
            v.ref = t
    return t


def mono(t):
    return Scheme([], t)


class Namer:
    """Names type variables a, b, c ... consistently within one message."""

    def __init__(self, taken=()):
        self.names = {}
        self.taken = set(taken)  # names not to give (a signature's variables)
        self.count = 0

    def name(self, v):
        if v.rigid:
            return v.rigid
        while v.id not in self.names:
            n = self.count
            self.count += 1
            name = chr(ord("a") + n % 26) + (str(n // 26) if n >= 26 else "")
            if name not in self.taken:
                self.names[v.id] = name
        return self.names[v.id]


def show(t, namer=None, prec=0):
    """A type in the language's syntax; prec 1: argument of ->, 2: argument of an application."""
    namer = namer or Namer()
    t = prune(t)
    if isinstance(t, TVar):
        return namer.name(t)
    if t.name == "->":
        s = f"{show(t.args[0], namer, 1)} -> {show(t.args[1], namer, 0)}"
        return f"({s})" if prec >= 1 else s
    if t.name == ",":
        return "(" + ", ".join(show(a, namer, 0) for a in t.args) + ")"
    if not t.args:
        return t.name
    s = t.name + " " + " ".join(show(a, namer, 2) for a in t.args)
    return f"({s})" if prec >= 2 else s
