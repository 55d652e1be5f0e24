"""The parser: tokens -> top-level declarations, with the layout rule.

Layout (as Haskell's): the top level and the blocks after `where`, `of`,
`let`, `letrec` and `mutrec` may be written by indentation, or in braces
`{ item ; item }` (the top level too: `{ f x = x ; main = f 1 }`).  A block opened
without `{` takes the column of its first token; a line starting at that
column starts a new item (a virtual `;`), a line starting left of it closes
the block (a virtual `}`), and a token that cannot continue the block
(`in`, `)`, `then`, ...) closes an implicit block too.

The bindings of `let` and `letrec` are laid out more loosely, because
Sense-VM's layout has no let blocks (only the top level, `where`, `of` and
`mutrec`), so its programs continue a binding on lines at the binding's
column or left of it (`let fsm =` then `    wrap ...` under `fsm`): in a
let block, a line at its column starts a binding only if it reads as one
(a pattern, then `=`), and a line left of it but right of the enclosing
block continues the binding; only `in` ends the block.
"""

from . import ast as A
from .errors import CompileError, plural
from .lexer import DATA_FORM, FOLLOW_A_NAME, tokenize

# How deeply expressions, patterns and types may nest: parentheses, `let`
# chains, `if`/`else if` chains, the operands of an operator chain and the
# arguments of nested constructors each count a level.  A level costs a
# few bytes of code, so this is about what code that fits in an image
# (64 KiB) can use; the compiler runs on a thread with a stack for this
# depth (driver.py), and a deeper program is a clean error at its
# position (nest, check_depth).
MAX_NESTING = 20000

NESTING_NOTE = ("each pair of parentheses, `let ... in`, `if`, `case`, lambda and operator of a chain nests "
                "one level further: split the expression into functions")


def too_deep(pos):
    return CompileError(pos, "the program is nested too deeply",
                        expected=f"at most {MAX_NESTING} levels of nested expressions",
                        found=f"level {MAX_NESTING + 1} here", notes=[NESTING_NOTE])


class Context:
    __slots__ = ("col", "explicit", "keyword", "floor", "continued", "line")

    def __init__(self, col, explicit, keyword, floor=0, line=None):
        self.col, self.explicit, self.keyword = col, explicit, keyword
        self.floor = floor  # the column of the enclosing implicit block
        self.continued = None  # a let block: the first line that continued a binding
        self.line = line  # the line of the keyword that opened the block


# What a block's items are called, by the keyword that opens it (errors).
BLOCK_ITEMS = {
    "of": ("alternative", "the `case`"),
    "where": ("constructor", "the `data` declaration"),
    "let": ("binding", "the `let`"),
    "letrec": ("binding", "the `letrec`"),
    "mutrec": ("definition", "the `mutrec`"),
    "top level": ("declaration", "the top level"),
}


VSEMI = "virtual ;"
VCLOSE = "virtual }"

# Blocks whose lines may continue a binding at or left of their column.
LET_BLOCKS = ("let", "letrec")

# Tokens that start an argument of an application.
ATOM_START_KINDS = ("var", "con", "int", "float")


class Parser:
    def __init__(self, source):
        self.toks = tokenize(source)
        self.i = 0
        self.contexts = []
        self.pending = True  # the current token still needs its layout check
        self.depth = 0
        self.binding_lines = {}  # token index -> whether its line starts a binding
        self.arities = {}  # constructor -> its number of fields (declared so far)
        self.last_data = None  # the last data declaration: (name, line, constructors)

    # ---------------------------------------------------- layout stream

    def tok(self):
        return self.toks[self.i]

    def peek(self):
        """The next token, or VSEMI / VCLOSE from the layout rule."""
        t = self.toks[self.i]
        if self.pending and (t.first_on_line or t.kind == "eof") and self.contexts and not self.contexts[-1].explicit:
            col = 0 if t.kind == "eof" else t.pos[1]
            ctx = self.contexts[-1]
            top = ctx.col
            if ctx.keyword in LET_BLOCKS and t.kind != "eof" and (
                    ctx.floor < col < top or col == top and not self.starts_binding(self.i)):
                if ctx.continued is None:
                    ctx.continued = t.pos[0]
                return t  # continues the binding (see the module's docstring)
            if col < top:
                return VCLOSE
            if col == top:
                return VSEMI
        return t

    def advance(self):
        p = self.peek()
        if p is VCLOSE:
            self.contexts.pop()
            return p
        if p is VSEMI:
            self.pending = False
            return p
        if p.kind != "eof":
            self.i += 1
            self.pending = True
        return p

    def is_sym(self, text):
        p = self.peek()
        return not isinstance(p, str) and p.kind == "sym" and p.text == text

    def is_kw(self, text):
        p = self.peek()
        return not isinstance(p, str) and p.kind == "kw" and p.text == text

    def error_here(self, expected, message=None):
        p = self.peek()
        t = self.tok()
        notes = []
        if t.kind == "eof":
            found = "the end of the file"
        elif p is VSEMI or p is VCLOSE:
            # The token is where it is expected, but its column makes it
            # start a new item of a block, or end the block: say so.
            found, note = self.layout_found(t)
            if self.closes_block(t) or t.kind == "sym" and (
                    t.text in ("->", "=") or any(t.text in ops for ops in self.LEVELS)):
                # It can only continue an expression: it was meant to.
                notes.append(note)
                message = message or f"{t.describe()} is not expected at the start of this line"
        else:
            found = t.describe()
            before = self.toks[self.i - 1] if self.i > 0 else None
            if t.kind == "kw" and t.text in FOLLOW_A_NAME and before is not None and \
                    before.kind == "var" and before.text in ("port", "device"):
                notes.append(f"`{t.text}` after `{before.text}` is the keyword: a port or device the product "
                             f"names `{t.text}` cannot be named in a program (rename it in the product's "
                             "configuration)")
            if t.kind == "sym" and any(t.text in ops for ops in self.LEVELS) and before is not None and \
                    before.kind == "sym" and before.text == "(":
                # `(+ 1)`, `(+)`: Haskell's sections and operators as functions
                notes.append(f"the language has no operator sections (`({t.text} 1)`) and no operators as "
                             f"functions (`({t.text})`): write a lambda, `\\x -> x {t.text} 1`")
        msg = message or ("unexpected end of the file" if t.kind == "eof" else f"{t.describe()} is not expected here")
        return CompileError(t.pos, msg, expected=expected, found=found, notes=notes)

    def layout_found(self, t):
        """What the layout rule makes of t, first on its line: (found, note)."""
        col = t.pos[1]
        inner = None  # the innermost block whose items t would continue if indented more
        for ctx in reversed(self.contexts):
            if ctx.explicit:
                break
            if ctx.keyword in LET_BLOCKS:
                continue  # a let block's lines may be left of its column (see the module's docstring)
            if inner is None:
                inner = ctx
            if ctx.col <= col:
                break
        else:
            ctx = None
        shown = f"`{t.text}`" if t.kind in ("kw", "sym") else t.describe()
        if inner is None:  # not reached: only implicit blocks make virtual tokens
            return f"{shown} at column {col}, which ends the block above", "indent it further"
        item, block = BLOCK_ITEMS.get(inner.keyword, ("item", "the block"))
        owner = block + (f" of line {inner.line}" if inner.keyword != "top level" and inner.line else "")
        if ctx is not None and ctx.col == col and not ctx.explicit:
            c_item, c_owner = BLOCK_ITEMS.get(ctx.keyword, ("item", "the block"))
            if ctx.keyword == "top level":
                where = "the column of the top level's declarations"
            else:
                where = f"the column of the {c_item}s of {c_owner}" + \
                    (f" of line {ctx.line}" if ctx.line is not None else "")
            found = f"{shown} at column {col}, {where}, so it starts a new {c_item}"
        else:
            found = f"{shown} at column {col}, left of the {item}s of {owner} (column {inner.col}), " \
                    f"so it ends {block}"
        if t.kind == "kw" and t.text in ("then", "else"):
            what = "`then` and `else`"
        else:
            what = shown
        note = f"to continue the {item} above, indent {what} further right than column {inner.col}"
        return found, note

    def expect_sym(self, text, what=None):
        if not self.is_sym(text):
            raise self.error_here(what or f"`{text}`")
        return self.advance()

    def expect_kw(self, text, what=None):
        if not self.is_kw(text):
            raise self.error_here(what or f"the keyword `{text}`")
        return self.advance()

    def expect_kind(self, kind, what):
        p = self.peek()
        if isinstance(p, str) or p.kind != kind:
            raise self.error_here(what)
        return self.advance()

    def open_block(self, keyword):
        """After a layout keyword: `{` or an implicit block at the next token's column."""
        line = self.toks[self.i - 1].pos[0] if self.i > 0 else None
        if self.is_sym("{"):
            self.advance()
            self.contexts.append(Context(0, True, keyword, line=line))
            return
        t = self.tok()
        # A let block's lines may be left of its column: it does not count.
        enclosing = max((c.col for c in self.contexts if not c.explicit and c.keyword not in LET_BLOCKS),
                        default=0)
        col = t.pos[1] if t.kind != "eof" else 0
        if col <= enclosing:
            # Nothing indented after the keyword: an empty block.
            self.contexts.append(Context(col + 10**9, False, keyword, enclosing, line))  # closes at once
            return
        self.contexts.append(Context(col, False, keyword, enclosing, line))
        self.pending = False

    def starts_binding(self, index):
        """The line of toks[index] reads as the start of a binding: pattern
        tokens, then `=` (brackets, and lines indented more than it, may
        continue it: `y` then `= 2` on the next line)."""
        if index not in self.binding_lines:
            depth, i = 0, index
            col = self.toks[index].pos[1]
            while True:
                t = self.toks[i]
                if t.kind == "eof" or i > index and t.first_on_line and depth == 0 and t.pos[1] <= col:
                    result = False
                elif t.kind == "sym" and t.text == "=":
                    result = i > index and depth == 0
                elif t.kind == "sym" and t.text in ("(", ")"):
                    depth += 1 if t.text == "(" else -1
                    if depth >= 0:
                        i += 1
                        continue
                    result = False
                elif t.kind in ("var", "con", "int", "float") or t.kind == "sym" and t.text in ("_", ",", "-"):
                    i += 1
                    continue
                else:
                    result = False
                break
            self.binding_lines[index] = result
        return self.binding_lines[index]

    def block(self, keyword, item, what):
        """Items separated by `;`, closed by `}` (explicit or virtual);
        self.last_block is then its context."""
        self.open_block(keyword)
        ctx = self.contexts[-1]
        try:
            return self.block_items(ctx, item, what)
        finally:
            self.last_block = ctx

    def block_items(self, ctx, item, what):
        items = []
        after_item = False
        while True:
            p = self.peek()
            if ctx.explicit:
                if self.is_sym("}"):
                    self.advance()
                    self.contexts.pop()
                    return items
                if self.is_sym(";"):
                    self.advance()
                    after_item = False
                    continue
            else:
                if self.contexts[-1] is not ctx:
                    return items  # closed by a virtual } already
                if p is VCLOSE:
                    self.advance()
                    return items
                if p is VSEMI or self.is_sym(";"):
                    self.advance()
                    after_item = False
                    continue
                if after_item or self.closes_block(p):
                    # A token that cannot continue the block ends it (`in`, `)`).
                    self.contexts.pop()
                    return items
                if not isinstance(p, str) and p.kind == "eof":
                    self.contexts.pop()
                    return items
            t = self.tok()
            if not ctx.explicit and t.kind == "sym" and t.text != "-" and (
                    t.text in ("->", "=") or any(t.text in ops for ops in self.LEVELS)):
                # `+ 10` at the column of the block's items: it can only
                # continue an expression, but the layout starts an item
                found, note = self.layout_found(t)
                notes = [note] + ([f"to apply `{t.text}` to the whole `case`, start the line left of column "
                                   f"{ctx.col}, or put the `case` in parentheses"]
                                  if ctx.keyword == "of" else [])
                raise CompileError(t.pos, f"{t.describe()} is not expected at the start of this line",
                                   expected=f"a new {what} at this column", found=found, notes=notes)
            start_line = t.pos[0]
            items.append(item())
            after_item = True
            if ctx.explicit and not (self.is_sym(";") or self.is_sym("}")):
                raise self.error_here(f"`;` or `}}` after this {what}")
            if not ctx.explicit:
                self.check_continuation(start_line, ctx.col, what)

    def check_continuation(self, start_line, col, what):
        """After an item of an implicit block: `=` or `->` (which never end
        a block) on a later line means that line, indented more than the
        block's column, continued the item instead of starting one."""
        t = self.tok()
        ends = ("=", "->", ":") if what == "constructor" else ("=", "->")  # (a type has no `:`)
        if t.kind == "sym" and t.text in ends and t.pos[0] != start_line:
            j = self.i
            while j > 0 and not self.toks[j].first_on_line:
                j -= 1
            first = self.toks[j].pos[1]  # where t's line starts
            if first > col:
                where = f"which is indented more than column {col}"
            else:  # a let block's lines left of its column continue a binding (the module's docstring)
                where = f"which starts at column {first}, left of the {what}s (column {col})"
            raise CompileError(t.pos, f"{t.describe()} is not expected here",
                               expected=f"each {what} on a line of its own, starting in column {col}",
                               found=f"{t.describe()} in line {t.pos[0]}, {where}, "
                                     f"so it continues the {what} of line {start_line}")

    @staticmethod
    def closes_block(t):
        """A token that cannot start an item, so it ends an implicit block
        even at the block's column (`let` items, then `in` under them)."""
        return t.kind == "kw" and t.text in ("in", "then", "else", "of") or \
            t.kind == "sym" and t.text in (")", ",", "}")

    # ---------------------------------------------------------- program

    def program(self):
        if self.tok().kind == "eof":
            return []
        if self.is_sym("{"):
            return self.explicit_program()
        decls = []
        self.contexts.append(Context(self.tok().pos[1], False, "top level"))
        self.pending = False
        while True:
            p = self.peek()
            if p is VSEMI:
                self.advance()
                continue
            if p is VCLOSE:
                t = self.tok()
                if t.kind == "eof":
                    break
                raise CompileError(t.pos, "this line is indented less than the top level",
                                   expected=f"a declaration starting in column {self.contexts[0].col}",
                                   found=f"{t.describe()} in column {t.pos[1]}")
            if p.kind == "eof":
                break
            if self.is_sym(";"):
                self.advance()
                continue
            start_line = self.tok().pos[0]
            decls.append(self.top_decl())
            self.check_continuation(start_line, self.contexts[0].col, "declaration")
            p = self.peek()
            if not (p is VSEMI or p is VCLOSE or self.is_sym(";") or (not isinstance(p, str) and p.kind == "eof")):
                err = self.error_here("a new declaration on a new line (at the left margin)",
                                      f"{self.tok().describe()} is not expected after a declaration")
                if self.is_kw("where"):
                    err.notes.append("there are no `where` clauses (`where` only starts a `data` type's "
                                     "constructors): bind local values with `let ... in` before the body")
                raise err
        return group_equations(decls, self.arities)

    def explicit_program(self):
        """The top level in braces: `{ decl ; decl ; ... }` (then only the
        end of the file)."""
        decls = self.block("top level", self.top_decl, "declaration")
        t = self.tok()
        if t.kind != "eof":
            raise CompileError(t.pos, f"{t.describe()} is not expected after the `}}` that closes the top level",
                               expected="the end of the file",
                               found=t.describe(),
                               notes=["a program in braces `{ ... ; ... }` puts all its declarations inside them"])
        return group_equations(decls, self.arities)

    def top_decl(self):
        t = self.tok()
        if t.kind == "kw" and t.text == "data":
            return self.data_decl()
        if t.kind == "kw" and t.text == "mutrec":
            self.advance()
            items = self.block("mutrec", self.fun_item, "definition")
            if not items and self.last_block.explicit:
                raise CompileError(t.pos, "`mutrec` has no definitions", expected="its functions between `{` and `}`",
                                   found="`{}`")
            if not items:
                u = self.tok()
                raise CompileError(t.pos, "`mutrec` has no definitions",
                                   expected="its functions after it, each line indented further than `mutrec`",
                                   found="nothing indented" if u.kind != "eof" else "the end of the file",
                                   notes=[f"the line {u.pos[0]} starts at column {u.pos[1]}, so it is a definition "
                                          "of its own, not one of the group"] if u.kind != "eof" else [])
            p = self.peek()
            if not self.last_block.explicit and not (p is VSEMI or p is VCLOSE or self.is_sym(";")
                                                     or (not isinstance(p, str) and p.kind == "eof")):
                # a stray token ended the group: it is the error, not what the group lacks without it
                raise self.error_here("the end of the definition, then a new line",
                                      f"{self.tok().describe()} is not expected after a definition of the `mutrec`")
            return A.MutRec(t.pos, group_equations(items, self.arities))
        u = self.toks[self.i + 1]
        if t.kind == "var" and t.text == "foreign" and u.kind == "var" and u.text == "import":
            raise CompileError(t.pos, "`foreign import` is not supported",
                               expected="functions defined in the program, or the built-ins of the language",
                               found="a declaration of a C function (Sense-VM's foreign function interface)",
                               notes=["the VM cannot call C functions from a program; a device or a port "
                                      "(`device NAME`, `port NAME`) is its way to the outside"])
        return self.fun_item()

    def fun_item(self):
        t = self.tok()
        if t.kind != "var":
            err = self.error_here("a declaration: `name : Type`, `name args = expr`, `data` or `mutrec`")
            u = self.toks[self.i + 1]
            if t.kind == "con" and u.kind == "sym" and u.text == ":" and self.peek() is t:
                err.notes.append(self.ctor_outside_data_note(t))
            raise err
        self.advance()
        if self.is_sym(":"):
            self.advance()
            if self.is_sym(":"):
                err = self.error_here("a type")
                err.notes.append(f"a signature has one colon: `{t.text} : Type` (Haskell's `::` is `:` here)")
                raise err
            return A.Signature(t.pos, t.text, self.type_())
        pats = []
        while not self.is_sym("="):
            p = self.peek()
            if isinstance(p, str) or not self.starts_apat(p):
                raise self.error_here(f"a parameter pattern or `=` in the equation of `{t.text}`")
            pats.append(self.param())
        self.advance()
        body = self.expr()
        return ("eq", t, A.Clause(t.pos, pats, body))

    def ctor_outside_data_note(self, t):
        """The note for `C : Type` where a declaration starts."""
        if self.last_data is None:
            return "constructors go indented under the `data T where` line of their type"
        name, line, ctors = self.last_data
        if ctors:
            return (f"constructors go indented under `data {name} where` (line {line}), in the column of "
                    f"`{ctors[0].name}` (column {ctors[0].pos[1]})")
        return (f"constructors go indented under `data {name} where` (line {line}), e.g. `  {t.text} : ...`; "
                f"in column {t.pos[1]}, `{t.text}` starts a new declaration")

    def data_decl(self):
        start = self.advance()
        name = self.expect_kind("con", "the name of the type (starting with a capital letter)")
        params = []
        while not self.is_kw("where"):
            p = self.peek()
            if isinstance(p, str) or p.kind != "var":
                err = self.error_here("a type parameter or `where`")
                if not isinstance(p, str) and p.kind == "sym" and p.text == "=":
                    err.notes.append(DATA_FORM)
                raise err
            params.append(self.advance())

        self.advance()

        def ctor():
            c = self.expect_kind("con", "a constructor declaration `Name : Type`")
            self.expect_sym(":")
            return A.CtorDecl(c.pos, c.text, self.type_())

        ctors = self.block("where", ctor, "constructor")
        for c in ctors:
            self.arities[c.name] = ctor_arity(c.type)
        self.last_data = (name.text, start.pos[0], ctors)
        return A.DataDecl(start.pos, name.text, params, ctors)

    # ------------------------------------------------------------ types

    def type_(self):
        """btype (-> btype)*, right-associative; a loop, so a long arrow
        chain does not nest the parser (check_depth bounds the result)."""
        parts = [self.btype()]
        while self.is_sym("->"):
            self.advance()
            parts.append(self.btype())
        result = parts[-1]
        for left in reversed(parts[:-1]):
            result = A.TyCon(left.pos, "->", [left, result])
        return result

    def btype(self):
        p = self.peek()
        if not isinstance(p, str) and p.kind == "con":
            self.advance()
            args = []
            while True:
                q = self.peek()
                if isinstance(q, str) or not (q.kind in ("var", "con") or (q.kind == "sym" and q.text == "(")):
                    break
                args.append(self.atype())
            return A.TyCon(p.pos, p.text, args)
        return self.atype()

    def atype(self):
        p = self.peek()
        if isinstance(p, str):
            raise self.error_here("a type")
        if p.kind == "var":
            self.advance()
            return A.TyVar(p.pos, p.text)
        if p.kind == "con":
            self.advance()
            return A.TyCon(p.pos, p.text, [])
        if p.kind == "sym" and p.text == "(":
            self.nest()
            self.advance()
            if self.is_sym(")"):
                self.advance()
                self.unnest()
                return A.TyCon(p.pos, "()", [])
            items = [self.type_()]
            while self.is_sym(","):
                self.advance()
                items.append(self.type_())
            self.expect_sym(")", "`)` or `,`")
            self.unnest()
            return items[0] if len(items) == 1 else A.TyCon(p.pos, ",", items)
        raise self.error_here("a type")

    # --------------------------------------------------------- patterns

    def nest(self):
        """One level deeper (the parser recurses): bounded, so that the
        parser and the passes after it stay within the driver's stack."""
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise too_deep(self.tok().pos)

    def unnest(self):
        self.depth -= 1

    @staticmethod
    def starts_apat(t):
        return t.kind in ("var", "con", "int", "float") or (t.kind == "sym" and t.text in ("_", "(", "-"))

    def pattern(self):
        """pat := var `as` pat | Con apat* | apat"""
        self.nest()
        p = self.peek()
        if not isinstance(p, str) and p.kind == "var" and self.is_as(self.i + 1):
            self.advance()
            self.advance()
            result = A.PAs(p.pos, p.text, self.pattern())
        elif not isinstance(p, str) and p.kind == "con" and p.text not in ("True", "False"):
            self.advance()
            args = []
            while True:
                q = self.peek()
                if isinstance(q, str) or not self.starts_apat(q):
                    break
                args.append(self.apat())
            result = A.PCon(p.pos, p.text, args)
        else:
            result = self.apat()
        self.unnest()
        return result

    def is_as(self, index):
        """The token at index is the `as` of an as-pattern: `as` followed
        by a pattern (otherwise `as` is a variable)."""
        t = self.toks[index]
        if t.kind != "var" or t.text != "as" or index + 1 >= len(self.toks):
            return False  # (the file's last token is the eof, never `as`)
        u = self.toks[index + 1]
        return u.kind != "eof" and self.starts_apat(u)

    def param(self):
        """A parameter of an equation or a lambda: an atomic pattern, or
        `x as p` with p atomic, without parentheses (`f xs as (Cons x _)`),
        as Sense-VM's parser takes it."""
        p = self.peek()
        if not isinstance(p, str) and p.kind == "var" and self.is_as(self.i + 1):
            self.advance()
            self.advance()
            return A.PAs(p.pos, p.text, self.apat())
        return self.apat()

    def apat(self):
        p = self.peek()
        if isinstance(p, str):
            raise self.error_here("a pattern")
        if p.kind == "var":
            self.advance()
            return A.PVar(p.pos, p.text)
        if p.kind == "con":
            self.advance()
            if p.text in ("True", "False"):
                return A.PLit(p.pos, "bool", p.text == "True")
            return A.PCon(p.pos, p.text, [])
        if p.kind == "int":
            self.advance()
            if p.value > 2**31 - 1:
                raise CompileError(p.pos, "this integer literal does not fit in an Int (32-bit)",
                                   expected="a number from -2147483648 to 2147483647", found=f"`{p.text}`")
            return A.PLit(p.pos, "int", p.value)
        if p.kind == "float":
            self.advance()
            return A.PLit(p.pos, "float", p.value)
        if p.kind == "sym" and p.text == "-":
            self.advance()
            q = self.peek()
            if not isinstance(q, str) and q.kind == "int":
                self.advance()
                return A.PLit(p.pos, "int", -q.value)
            if not isinstance(q, str) and q.kind == "float":
                self.advance()
                return A.PLit(p.pos, "float", -q.value)
            raise self.error_here("a number after `-` in a pattern")
        if p.kind == "sym" and p.text == "_":
            self.advance()
            return A.PWild(p.pos)
        if p.kind == "sym" and p.text == "(":  # pattern() counts the level
            self.advance()
            if self.is_sym(")"):
                self.advance()
                return A.PLit(p.pos, "unit", None)
            items = [self.pattern()]
            while self.is_sym(","):
                self.advance()
                items.append(self.pattern())
            self.expect_sym(")", "`)` or `,` in a pattern")
            return items[0] if len(items) == 1 else A.PTuple(p.pos, items)
        raise self.error_here("a pattern")

    # ------------------------------------------------------ expressions

    def expr(self):
        self.nest()
        p = self.peek()
        if not isinstance(p, str) and p.kind == "kw" and p.text in ("let", "letrec", "if"):
            result = getattr(self, "expr_" + p.text)()
        elif self.is_sym("\\"):
            result = self.expr_lambda()
        else:
            result = self.binary(0)
        self.unnest()
        return result

    def expr_lambda(self):
        start = self.advance()
        pats = []
        while not self.is_sym("->"):
            p = self.peek()
            if isinstance(p, str) or not self.starts_apat(p):
                raise self.error_here("a parameter pattern or `->` in the lambda")
            pats.append(self.param())
        if not pats:
            raise self.error_here("a parameter after `\\`")
        self.advance()
        body = self.expr()
        for pat in reversed(pats):
            body = A.Lam(start.pos, pat, body)
        return body

    def expr_let(self):
        start = self.advance()

        def binding():
            pat = self.pattern()
            params = []
            if isinstance(pat, A.PVar):  # `let f x y = e`: `let f = \x -> \y -> e`, not recursive
                while not self.is_sym("="):
                    p = self.peek()
                    if isinstance(p, str) or not self.starts_apat(p):
                        break
                    params.append(self.apat())
            self.expect_sym("=", "`=` in the let binding")
            return (pat, params, self.expr())

        bindings = self.block("let", binding, "binding")
        if not bindings:
            raise self.error_here("a binding after `let`")
        self.expect_in(start, "let")
        body = self.expr()
        for pat, rhs in reversed(local_equations(bindings)):
            body = A.Let(start.pos, pat, rhs, body)
        return body

    def expr_letrec(self):
        start = self.advance()

        def binding():
            name = self.expect_kind("var", "the name of a recursive function")
            pats = []
            while not self.is_sym("="):
                p = self.peek()
                if isinstance(p, str) or not self.starts_apat(p):
                    raise self.error_here("a parameter pattern or `=` in the letrec binding")
                pats.append(self.param())
            self.advance()
            rhs = self.expr()
            if not pats and not isinstance(rhs, A.Lam):
                raise CompileError(rhs.pos, f"`letrec` binds functions only, `{name.text}` is not one",
                                   expected="a lambda `\\x -> ...` (or parameters before `=`)",
                                   found="an expression that is not a function")
            return (A.PVar(name.pos, name.text), pats, rhs)

        bindings = self.block("letrec", binding, "binding")
        if not bindings:
            raise self.error_here("a binding after `letrec`")
        self.expect_in(start, "letrec")
        return A.LetRec(start.pos, [(pat.pos, pat.name, rhs) for pat, rhs in local_equations(bindings)], self.expr())

    def expect_in(self, start, keyword):
        """The `in` after the bindings; missing, the error says which `let`
        lacks it, and that lines after it were taken as its binding's."""
        if self.is_kw("in"):
            self.advance()
            return
        err = self.error_here(f"`in` after the {keyword} bindings")
        line = self.last_block.continued
        if line is not None and line != err.pos[0]:
            err.notes.append(f"the `{keyword}` of line {start.pos[0]} has no `in`, so line {line} "
                             f"(indented less than its bindings, or not `pattern = ...`) was read as "
                             f"continuing its binding")
        raise err

    def expr_if(self):
        start = self.advance()
        cond = self.expr()
        self.expect_kw("then", "`then` after the condition")
        then = self.expr()
        self.expect_kw("else", "`else`: every `if` has one")
        return A.If(start.pos, cond, then, self.expr())

    def expr_case(self):
        start = self.advance()
        scrut = self.expr()
        self.expect_kw("of", "`of` after the expression of `case`")

        def alt():
            pat = self.pattern()
            self.expect_sym("->", "`->` after the pattern")
            return (pat, self.expr())

        alts = self.block("of", alt, "alternative")
        if not alts and self.last_block.explicit:
            raise CompileError(self.toks[self.i - 1].pos, "`case` has no alternatives",
                               expected="an alternative `pattern -> expression` between `{` and `}`", found="`}`")
        if not alts:
            raise self.error_here("an alternative `pattern -> expression` after `of`")
        return A.Case(start.pos, scrut, alts)

    # Binary operators, loosest first; comparisons do not chain.
    LEVELS = [("||",), ("&&",), ("<", "<=", ">", ">=", "==", "!="), ("+", "-"), ("*", "/", "%")]
    RIGHT_ASSOC = {"||", "&&"}

    def binary(self, level):
        if level == len(self.LEVELS):
            return self.unary()
        ops = self.LEVELS[level]
        left = self.binary(level + 1)
        if level == 2:
            if self.peek_op(ops):
                op = self.advance()
                right = self.binary(level + 1)
                left = A.BinOp(left.pos, op.text, left, right, op.pos)
                if self.peek_op(ops):
                    t = self.tok()
                    raise CompileError(t.pos, "comparisons do not chain",
                                       expected="parentheses, e.g. `(a < b) == c`, or `&&`",
                                       found=f"a second comparison `{t.text}`")
            return left
        if ops[0] in self.RIGHT_ASSOC:
            operands, positions = [left], []
            while self.peek_op(ops):
                positions.append(self.advance().pos)
                operands.append(self.binary(level + 1))
            result = operands[-1]
            for i in range(len(operands) - 2, -1, -1):
                result = A.BinOp(operands[i].pos, ops[0], operands[i], result, positions[i])
            return result
        while self.peek_op(ops):
            op = self.advance()
            right = self.binary(level + 1)
            left = A.BinOp(left.pos, op.text, left, right, op.pos)
        return left

    def peek_op(self, ops):
        p = self.peek()
        return not isinstance(p, str) and p.kind == "sym" and p.text in ops

    def unary(self):
        p = self.peek()
        if not isinstance(p, str) and p.kind == "sym" and p.text in ("-", "!"):
            self.nest()
            self.advance()
            q = self.peek()
            if p.text == "-" and not isinstance(q, str) and q.kind in ("int", "float") \
                    and not self.arg_follows(self.i + 1):
                self.advance()
                value = -q.value
                result = A.Lit(p.pos, q.kind, value)
            else:
                result = A.UnOp(p.pos, p.text, self.unary())
            self.unnest()
            return result
        if not isinstance(p, str) and (p.kind == "kw" and p.text in ("let", "letrec", "if")
                                       or p.kind == "sym" and p.text == "\\"):
            return self.expr()
        if not isinstance(p, str) and p.kind == "kw" and p.text == "case":
            # Its alternatives end with their block, so, as in Haskell, an
            # operator after the block applies to the whole `case`: `case x
            # of {..} + 1`, or a line `+ 1` left of the alternatives.
            return self.expr_case()
        return self.application()

    def arg_follows(self, index):
        t = self.toks[index]
        return t.kind in ATOM_START_KINDS or (t.kind == "sym" and t.text == "(")

    def application(self):
        fun = self.atom()
        while True:
            p = self.peek()
            if isinstance(p, str) or not (p.kind in ATOM_START_KINDS or (p.kind == "sym" and p.text == "(")):
                break
            arg = self.atom()
            fun = A.App(fun.pos, fun, arg)
        return fun

    def atom(self):
        p = self.peek()
        if isinstance(p, str):
            raise self.error_here("an expression")
        if p.kind == "var":
            self.advance()
            return A.Name(p.pos, p.text)
        if p.kind == "con":
            self.advance()
            if p.text in ("True", "False"):
                return A.Lit(p.pos, "bool", p.text == "True")
            return A.Name(p.pos, p.text)
        if p.kind == "int":
            self.advance()
            if p.value > 2**31 - 1:
                raise CompileError(p.pos, "this integer literal does not fit in an Int (32-bit)",
                                   expected="a number from -2147483648 to 2147483647", found=f"`{p.text}`")
            return A.Lit(p.pos, "int", p.value)
        if p.kind == "float":
            self.advance()
            return A.Lit(p.pos, "float", p.value)
        if p.kind == "sym" and p.text == "(":  # expr() counts the level
            self.advance()
            if self.is_sym(")"):
                self.advance()
                return A.Lit(p.pos, "unit", None)
            items = [self.expr()]
            while self.is_sym(","):
                self.advance()
                items.append(self.expr())
            self.expect_sym(")", "`)` or `,`")
            return items[0] if len(items) == 1 else A.Tuple(p.pos, items)
        raise self.error_here("an expression")


def ctor_arity(ty):
    """The number of fields of a constructor of type ty (its arrows)."""
    n = 0
    while isinstance(ty, A.TyCon) and ty.name == "->":
        n, ty = n + 1, ty.args[1]
    return n


def show_pat(p):
    """A pattern as source text, parenthesized as an argument."""
    if isinstance(p, A.PVar):
        return p.name
    if isinstance(p, A.PWild):
        return "_"
    if isinstance(p, A.PLit):
        if p.kind == "unit":
            return "()"
        if p.kind == "bool":
            return "True" if p.value else "False"
        return f"({p.value})" if p.value < 0 else str(p.value)
    if isinstance(p, A.PTuple):
        return "(" + ", ".join(show_pat(q) for q in p.items) + ")"
    if isinstance(p, A.PCon):
        return p.name if not p.args else "(" + " ".join([p.name] + [show_pat(q) for q in p.args]) + ")"
    if isinstance(p, A.PAs):
        return f"({p.name} as {show_pat(p.pat)})"
    return "_"


def unparenthesized_constructor(name, clause, arities):
    """A note when a parameter of the equation is a constructor that takes
    arguments, written without them and followed by more parameters
    (`len Cons x xs`): it needs parentheses, `len (Cons x xs)`."""
    pats = clause.pats
    for i, p in enumerate(pats[:-1]):
        n = arities.get(p.name, 0) if isinstance(p, A.PCon) and not p.args else 0
        if n > 0:
            args = pats[i + 1:i + 1 + n]
            shown = [show_pat(q) for q in args]
            full = list(args) + [A.PWild(p.pos)] * (n - len(args))
            fixed = pats[:i] + [A.PCon(p.pos, p.name, full)] + pats[i + 1 + n:]
            return (f"`{p.name}` takes {plural(n, 'argument')}, so its pattern goes in parentheses: "
                    f"`{' '.join([name] + [show_pat(q) for q in fixed])}` (line {clause.pos[0]}); without "
                    f"them, `{' '.join([p.name] + shown)}` is {plural(1 + len(args), 'parameter')}")
    return None


def can_miss(pat):
    """Whether a pattern can fail to match a value of its type (a
    constructor or a literal in it; not a variable, `_`, `()` or a tuple
    of such)."""
    todo = [pat]
    while todo:
        p = todo.pop()
        if isinstance(p, A.PAs):
            todo.append(p.pat)
        elif isinstance(p, A.PTuple):
            todo.extend(p.items)
        elif isinstance(p, A.PCon) or (isinstance(p, A.PLit) and p.kind != "unit"):
            return True
    return False


def local_equations(bindings):
    """The bindings of a `let` or `letrec` block, [(pattern, parameters,
    body)], as [(pattern, expression)]: a function's parameters become
    lambdas, and consecutive equations of one local function (`f 0 = 1`
    then `f n = n * 2`) are its clauses, as at the top level, matched in
    order: `f = \\a -> case a of 0 -> 1; n -> n * 2` (with several
    parameters, a case on their tuple, which the code generator matches
    without building it); so is one equation whose parameters can miss a
    value (`f (Just a) = a`: the equations of `f` do not cover `Nothing`,
    as at the top level).  A binding without parameters is a binding of its
    own, which may shadow an earlier one of the same name."""
    out = []
    functions = {}  # name -> line of the first equation of a local function of the block
    i = 0
    while i < len(bindings):
        pat, params, body = bindings[i]
        j = i + 1
        if params and pat.name in functions:
            raise CompileError(pat.pos, f"the equations of `{pat.name}` are not next to each other",
                               expected="the equations of one local function one after the other",
                               found=f"another binding between them (its first equation is on line "
                                     f"{functions[pat.name]})")
        if params:
            functions[pat.name] = pat.pos[0]
            while j < len(bindings) and bindings[j][1] and isinstance(bindings[j][0], A.PVar) \
                    and bindings[j][0].name == pat.name:
                if len(bindings[j][1]) != len(params):
                    raise CompileError(bindings[j][0].pos, f"the equations of `{pat.name}` have different "
                                       "numbers of parameters", expected=plural(len(params), "parameter"),
                                       found=plural(len(bindings[j][1]), "parameter"))
                j += 1
        if j == i + 1 and not any(map(can_miss, params)):
            rhs = body
            for param in reversed(params):
                rhs = A.Lam(pat.pos, param, rhs)
            out.append((pat, rhs))
            i = j
            continue
        args = [f"{pat.name}#{k + 1}" for k in range(len(params))]  # no name a program can write
        scrut = A.Name(pat.pos, args[0]) if len(args) == 1 else A.Tuple(pat.pos, [A.Name(pat.pos, a) for a in args])
        alts = [(ps[0] if len(ps) == 1 else A.PTuple(ps[0].pos, ps), b) for _, ps, b in bindings[i:j]]
        rhs = A.Case(pat.pos, scrut, alts, equations_of=pat.name)
        for a in reversed(args):
            rhs = A.Lam(pat.pos, A.PVar(pat.pos, a), rhs)
        out.append((pat, rhs))
        i = j
    return out


def group_equations(items, arities=None):
    """Consecutive equations of one name become one FunDef, with the
    signature that precedes them.  arities: the fields of each constructor
    declared so far (for the hint of a constructor pattern without
    parentheses)."""
    arities = arities or {}
    out = []
    sigs = {}
    defined = {}
    for item in items:
        if isinstance(item, A.Signature):
            if item.name in sigs:
                raise CompileError(item.pos, f"a second signature for `{item.name}`",
                                   expected="one signature per name",
                                   found=f"another one (the first is on line {sigs[item.name].pos[0]})")
            sigs[item.name] = item
            continue
        if isinstance(item, tuple):
            _, tok, clause = item
            last = out[-1] if out else None
            if isinstance(last, A.FunDef) and last.name == tok.text:
                if not clause.pats and not last.clauses[0].pats:
                    raise CompileError(tok.pos, f"`{tok.text}` is defined twice",
                                       expected="one equation for a definition without parameters",
                                       found=f"another one (the first is on line {last.pos[0]})")
                if len(clause.pats) != len(last.clauses[0].pats):
                    notes = [n for n in (unparenthesized_constructor(tok.text, c, arities)
                                         for c in (clause, last.clauses[0])) if n]
                    raise CompileError(clause.pos, f"the equations of `{tok.text}` have different numbers "
                                       "of parameters", expected=plural(len(last.clauses[0].pats), "parameter"),
                                       found=plural(len(clause.pats), "parameter"), notes=notes[:1])
                last.clauses.append(clause)
                continue
            if tok.text in defined:
                raise CompileError(tok.pos, f"`{tok.text}` is defined twice",
                                   expected="the equations of one function next to each other",
                                   found=f"another definition (the first is on line {defined[tok.text]})")
            defined[tok.text] = tok.pos[0]
            out.append(A.FunDef(tok.pos, tok.text, [clause], None))
            continue
        out.append(item)
    for fd in out:
        if isinstance(fd, A.FunDef) and fd.name in sigs:
            fd.sig = sigs.pop(fd.name)
    for name, sig in sigs.items():
        raise CompileError(sig.pos, f"the signature of `{name}` has no definition",
                           expected=f"equations `{name} ... = ...` after the signature", found="none")
    return out


def children(node):
    """The nodes directly inside a node of the syntax tree (declarations,
    expressions, patterns, types)."""
    if isinstance(node, (A.Lit, A.Name, A.PVar, A.PWild, A.PLit, A.TyVar)):
        return ()
    if isinstance(node, A.App):
        return (node.fun, node.arg)
    if isinstance(node, A.BinOp):
        return (node.left, node.right)
    if isinstance(node, A.UnOp):
        return (node.operand,)
    if isinstance(node, A.Lam):
        return (node.pat, node.body)
    if isinstance(node, A.Let):
        return (node.pat, node.rhs, node.body)
    if isinstance(node, A.LetRec):
        return [rhs for _, _, rhs in node.bindings] + [node.body]
    if isinstance(node, A.If):
        return (node.cond, node.then, node.else_)
    if isinstance(node, A.Case):
        return [node.scrut] + [x for alt in node.alts for x in alt]
    if isinstance(node, (A.Tuple, A.PTuple)):
        return node.items
    if isinstance(node, (A.PCon, A.TyCon)):
        return node.args
    if isinstance(node, A.PAs):
        return (node.pat,)
    if isinstance(node, A.Signature):
        return (node.type,)
    if isinstance(node, A.FunDef):
        return ([node.sig] if node.sig is not None else []) + node.clauses
    if isinstance(node, A.Clause):
        return list(node.pats) + [node.body]
    if isinstance(node, A.DataDecl):
        return [c.type for c in node.ctors]
    if isinstance(node, A.MutRec):
        return node.defs
    return ()


def check_depth(decls):
    """Refuse a syntax tree deeper than MAX_NESTING levels below a
    declaration: the passes after the parser recurse on it.  Some deep
    trees are built without the parser recursing (an operator chain
    `1 + 2 + ...`, the bindings of one `let`, an arrow type), so the
    parser's own bound (nest) does not cover them.  Iterative."""
    for decl in decls:
        stack = [(decl, 0)]
        while stack:
            node, depth = stack.pop()
            if depth > MAX_NESTING:
                raise too_deep(node.op_pos if isinstance(node, A.BinOp) else node.pos)
            stack.extend((c, depth + 1) for c in reversed(children(node)))


def parse(source):
    decls = Parser(source).program()
    check_depth(decls)
    return decls
