"""One copy of a function per numeric type it is used at.

An operator is compiled for one type (`mul` or `mulf`), so a function
whose definition leaves an operator's operand type open, `square x = x *
x`, is not polymorphic: its first use settles the type (typecheck.py's
held operators).  When a later use needs the other type, `(square 2,
square 1.5)`, the checker's error names that use (CompileError.op_uses:
the top-level definition it is in, its position, the function); here the
program is then checked again with a copy of the function's definition
(`square` again, under another internal name, placed right after it)
given that use.  Uses at a third type, or a copy's own uses of another
such function (`sumsq a b = square a + square b` at Float), get copies
the same way, one error at a time: a use tries the copies made so far
before a new one is made, and the program is checked at most
MAX_ATTEMPTS + 1 times.  When a copy
cannot be made (the function is in a `mutrec` group, or is used at
another type by itself) or the error has
another cause, the error reported is the first one, or, when the copies
made so far leave another error, that one (the program is wrong anyway).

Only programs the checker would reject change: a program that checks
without copies is checked once, as before."""

import copy
import re

from . import ast as A
from .errors import CompileError
from .freevars import pattern_vars, sub_exprs

MAX_ATTEMPTS = 64  # uses given another function (a copy made or tried), at most
MARK = "#"  # internal names of copies: NAME#2, NAME#3 .. (no source name has it)


def check_with_copies(source, interface, parse, check):
    """parse(source) checked by check(decls, interface); on an error that a
    copy per type removes, checked again with the copies.  Returns the
    checked program; raises the first error."""
    plan = []  # (enclosing definition, use position, the name it uses, the name it is to use,
    #           the functions held to one type then), in order
    tried = {}  # (enclosing definition, use position) -> names tried there
    fresh = set()  # (enclosing definition, use position) given a new copy
    first = None
    for _ in range(MAX_ATTEMPTS + 1):
        decls = parse(source)
        if not apply_plan(decls, plan):
            raise first
        try:
            program = check(decls, interface)
        except CompileError as e:
            first = first or e
            uses = getattr(e, "op_uses", None)
            if not uses and plan:
                raise unmarked(e) from None  # another error, in the program with its copies
            if not uses or len(plan) >= MAX_ATTEMPTS:
                raise first from None
            if any((top, pos) in fresh for top, pos, _ in uses):
                raise unmarked(e) from None  # a new copy did not help: the use is wrong
            held = getattr(e, "op_held", frozenset())
            for top, pos, name in uses:
                base = name.split(MARK)[0]
                names = [base] + sorted({p[3] for p in plan if p[3].split(MARK)[0] == base},
                                        key=lambda t: int(t.split(MARK)[1].split(".")[0]))
                seen = tried.setdefault((top, pos), {name})
                target = next((t for t in names if t not in seen), None)
                if target is None:
                    target = f"{base}{MARK}{len(names) + 1}"
                    fresh.add((top, pos))
                seen.add(target)
                plan.append((top, pos, name, target, held))
            continue
        for item in program.items:
            if item[0] == "fun" and MARK in item[1].name:
                item[1].name = item[1].name.split(MARK)[0]  # messages and listings name the function
        return program
    raise first


def unmarked(e):
    """e with the copies' internal names shown as their functions' names,
    without the notes that a function has one type (it gets copies)."""
    def clean(text):
        return re.sub(rf"(\w+){MARK}[\w.]+", r"\1", text) if isinstance(text, str) else text
    e.message, e.expected, e.found = clean(e.message), clean(e.expected), clean(e.found)
    e.notes = [clean(n) for n in e.notes if "is not polymorphic: it uses" not in n]
    return e


def apply_plan(decls, plan):
    """Make each copy the plan names, with copies of the functions held to
    one type that it calls (they share its type: `sumsq`'s copy calls a
    copy of `square`), each after its function's definition and copies,
    references renamed; give each use its function.  False when one
    cannot be made."""
    made = 0
    for top, pos, name, target, held in plan:
        if not defined(decls, target):
            group = held_callees(decls, name, held)
            names = {name: target}
            for g in group:
                made += 1
                names[g] = f"{g.split(MARK)[0]}{MARK}{target.split(MARK)[0]}.{target.split(MARK)[1]}.{made}"
            for old in [g for g in group] + [name]:  # callees first: they are defined before their users
                i = next((j for j, d in enumerate(decls) if isinstance(d, A.FunDef) and d.name == old), None)
                if i is None or top == old:
                    return False
                dup = copy.deepcopy(decls[i])
                dup.name = names[old]
                for clause in dup.clauses:
                    rename_free(clause, names)
                j = i + 1
                while j < len(decls) and isinstance(decls[j], A.FunDef) and \
                        decls[j].name.split(MARK)[0] == old.split(MARK)[0]:
                    j += 1
                decls.insert(j, dup)
        user = next((d for d in decls if isinstance(d, A.FunDef) and d.name == top), None)
        if user is None or not any(rename(c.body, name, target, pos) for c in user.clauses):
            return False
    return True


def defined(decls, name):
    return any(isinstance(d, A.FunDef) and d.name == name for d in decls)


def held_callees(decls, name, held):
    """The top-level functions held to one type that `name` calls, directly
    or through each other, in the order they are defined."""
    funs = {d.name: d for d in decls if isinstance(d, A.FunDef)}
    found, todo = set(), [name]
    while todo:
        fd = funs.get(todo.pop())
        if fd is None:
            continue
        for clause in fd.clauses:
            for x in walk(clause.body):
                if isinstance(x, A.Name) and x.name in held and x.name in funs and x.name != name \
                        and x.name not in found:
                    found.add(x.name)
                    todo.append(x.name)
    return [d.name for d in decls if isinstance(d, A.FunDef) and d.name in found]


def walk(e):
    stack = [e]
    while stack:
        x = stack.pop()
        yield x
        stack.extend(sub_exprs(x))


def rename(body, name, new, pos):
    """The name `name` at pos in body becomes `new`; whether it did."""
    for e in walk(body):
        if isinstance(e, A.Name) and e.name == name and e.pos == pos:
            e.name = new
            return True
    return False


def rename_free(clause, names):
    """In a copied equation, the free occurrences of the names in `names`
    (old -> new) become the new names: a parameter, `let`, lambda or
    `case` variable of the same name hides the top-level one."""
    bound = set()
    for p in clause.pats:
        pattern_vars(p, bound, "name")
    stack = [(clause.body, frozenset(bound))]
    while stack:
        e, bound = stack.pop()
        if isinstance(e, A.Name):
            if e.name in names and e.name not in bound:
                e.name = names[e.name]
        elif isinstance(e, A.Lam):
            stack.append((e.body, bound | binders(e.pat)))
        elif isinstance(e, A.Let):
            stack.append((e.rhs, bound))
            stack.append((e.body, bound | binders(e.pat)))
        elif isinstance(e, A.LetRec):
            inner = bound | {n for _, n, _ in e.bindings}
            stack.extend((x, inner) for x in sub_exprs(e))
        elif isinstance(e, A.Case):
            stack.append((e.scrut, bound))
            stack.extend((body, bound | binders(p)) for p, body in e.alts)
        else:
            stack.extend((x, bound) for x in sub_exprs(e))


def binders(p):
    out = set()
    pattern_vars(p, out, "name")
    return frozenset(out)

