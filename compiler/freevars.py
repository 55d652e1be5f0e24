"""Free variables: which run-time variables (Locals) of enclosing scopes an
expression or a known function needs.  A known function's needs include
those of the known functions it calls (a fixpoint over recursive groups):
it receives them as extra leading arguments, so top-level constants and
the variables around a `letrec` reach it without building a closure."""

from . import ast as A
from .typecheck import Known, Local


class Scan:
    """Locals referenced and introduced by an expression, the Known
    functions it references, and the Known functions defined inside it."""
    __slots__ = ("refs", "introduced", "knowns", "defined")

    def __init__(self):
        self.refs, self.introduced, self.knowns, self.defined = set(), set(), set(), []


def pattern_vars(p, out, attr="var"):
    """Add what pattern p binds to out: its Locals (attr "var", after the
    checker) or its names (attr "name")."""
    stack = [p]
    while stack:
        p = stack.pop()
        if isinstance(p, (A.PVar,)):
            out.add(getattr(p, attr))
        elif isinstance(p, A.PAs):
            out.add(getattr(p, attr))
            stack.append(p.pat)
        elif isinstance(p, A.PTuple):
            stack.extend(p.items)
        elif isinstance(p, A.PCon):
            stack.extend(p.args)


def scan(expr, s=None):
    s = s or Scan()
    stack = [expr]
    while stack:
        e = stack.pop()
        if isinstance(e, A.Name):
            b = e.binding
            if isinstance(b, Local):
                s.refs.add(b)
            elif isinstance(b, Known):
                s.knowns.add(b)
        elif isinstance(e, A.App):
            stack += [e.fun, e.arg]
        elif isinstance(e, A.Lam):
            pattern_vars(e.pat, s.introduced)
            stack.append(e.body)
        elif isinstance(e, A.Let):
            if isinstance(e.pat, A.PVar):
                s.introduced.add(e.pat.var)
            else:
                pattern_vars(e.pat, s.introduced)
            stack += [e.rhs, e.body]
        elif isinstance(e, A.LetRec):
            for k in e.funs:
                s.defined.append(k)
                scan_known_into(k, s)
            stack.append(e.body)
        elif isinstance(e, A.If):
            stack += [e.cond, e.then, e.else_]
        elif isinstance(e, A.Case):
            stack.append(e.scrut)
            for p, body in e.alts:
                pattern_vars(p, s.introduced)
                stack.append(body)
        elif isinstance(e, A.Tuple):
            stack += e.items
        elif isinstance(e, A.BinOp):
            stack += [e.left, e.right]
        elif isinstance(e, A.UnOp):
            stack.append(e.operand)
    return s


def sub_exprs(e):
    """The expressions directly inside e (with the bodies of the local
    functions of a letrec), as scan walks them."""
    if isinstance(e, A.App):
        return (e.fun, e.arg)
    if isinstance(e, A.Lam):
        return (e.body,)
    if isinstance(e, A.Let):
        return (e.rhs, e.body)
    if isinstance(e, A.LetRec):
        if e.funs is None:  # not checked yet: its bindings' lambdas
            return [lam for _, _, lam in e.bindings] + [e.body]
        return [body for k in e.funs for _, body in k.clauses] + [e.body]
    if isinstance(e, A.If):
        return (e.cond, e.then, e.else_)
    if isinstance(e, A.Case):
        return [e.scrut] + [body for _, body in e.alts]
    if isinstance(e, A.Tuple):
        return e.items
    if isinstance(e, A.BinOp):
        return (e.left, e.right)
    if isinstance(e, A.UnOp):
        return (e.operand,)
    return ()


def mentions(e, k, memo):
    """k in scan(e).knowns, with the answer for every expression inside e
    kept in memo (a dict for this k): asking again about a part of e, as
    each `if` of an `else if` chain does about the rest of the chain, costs
    nothing, so the chain is scanned once, not once an `if`.  Iterative."""
    stack = [(e, False)]
    while stack:
        node, ready = stack.pop()
        if node in memo:
            continue
        if ready:
            memo[node] = isinstance(node, A.Name) and node.binding is k or any(memo[c] for c in sub_exprs(node))
        else:
            stack.append((node, True))
            stack.extend((c, False) for c in sub_exprs(node) if c not in memo)
    return memo[e]


def scan_known_into(k, s):
    s.introduced.update(k.params)
    for pats, body in k.clauses:
        for p in pats:
            pattern_vars(p, s.introduced)
        scan(body, s)


def roots(program):
    """The known functions code generation starts from: those the top-level
    constants use or define, and every top-level function (one no code
    calls is compiled too, to be checked)."""
    out = set()
    for item in program.items:
        if item[0] == "caf":
            s = scan(item[2])
            out |= s.knowns | set(s.defined)
        else:
            out.add(item[1])
    return out


class FreeVars:
    """Computes Known.fvs for every known function reachable from the roots."""

    def __init__(self):
        self.scans = {}

    def known_scan(self, k):
        if k not in self.scans:
            s = Scan()
            scan_known_into(k, s)
            self.scans[k] = s
        return self.scans[k]

    def solve(self, roots):
        """roots: Known functions; finds all reachable ones and sets .fvs."""
        todo, seen = list(roots), set()
        order = []
        while todo:
            k = todo.pop()
            if k in seen:
                continue
            seen.add(k)
            order.append(k)
            s = self.known_scan(k)
            todo.extend(s.knowns)
            todo.extend(s.defined)
        fvs = {k: set(self.known_scan(k).refs) - self.known_scan(k).introduced for k in order}
        changed = True
        while changed:
            changed = False
            for k in order:
                s = self.known_scan(k)
                new = set(fvs[k])
                for k2 in s.knowns:
                    new |= fvs.get(k2, set())
                new -= s.introduced
                if new != fvs[k]:
                    fvs[k] = new
                    changed = True
        for k in order:
            k.fvs = sorted(fvs[k], key=lambda v: v.id)
        return order

    def expr_free(self, expr, exclude=()):
        """Free Locals of an expression (a lambda body): its references and
        the needs of the known functions it uses, minus what it binds."""
        s = scan(expr)
        free = set(s.refs)
        for k in s.knowns:
            free |= set(k.fvs)
        for k in s.defined:
            free |= set(k.fvs)
        free -= s.introduced
        free -= set(exclude)
        return sorted(free, key=lambda v: v.id)
