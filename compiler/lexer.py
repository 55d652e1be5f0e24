"""The lexer: source text -> tokens with 1-based (line, col) positions.

Comments are `-- to end of line` and nested `{- ... -}`.  Columns count a
tab as reaching the next multiple of 8 (as Haskell's layout rule does)."""

import struct

from .errors import CompileError

# `as` is not one: it is a name except between a variable and a pattern
# (parser.is_as), as in Sense-VM's parser, whose programs say `Cons a as`.
KEYWORDS = {
    "let", "letrec", "in", "if", "then", "else", "case", "of", "where", "data", "mutrec",
}
# The keywords that may follow a name (`let x = port in x`, `data Box port
# where`): after `port` or `device` they stay keywords.
FOLLOW_A_NAME = ("in", "then", "else", "of", "where")
# Longest first: the lexer takes the longest operator that matches.
SYMBOLS = [
    "->", "<=", ">=", "==", "!=", "&&", "||",
    "\\", "=", ":", ";", ",", "(", ")", "{", "}", "+", "-", "*", "/", "%", "<", ">", "!", "_",
]
MAX_INT = 2**31  # the magnitude of INT_MIN; only `-2147483648` reaches it
MAX_INT_DIGITS = 12


class Token:
    __slots__ = ("kind", "text", "value", "pos", "first_on_line")

    def __init__(self, kind, text, value, pos, first_on_line):
        self.kind = kind  # "var", "con", "int", "float", "kw", "sym", "eof"
        self.text = text
        self.value = value
        self.pos = pos
        self.first_on_line = first_on_line

    def __repr__(self):
        return f"Token({self.kind}, {self.text!r}, {self.pos})"

    def describe(self):
        if self.kind == "eof":
            return "the end of the file"
        if self.kind == "kw":
            return f"the keyword `{self.text}`"
        if self.kind in ("int", "float"):
            return f"the number `{self.text}`"
        if self.kind == "var":
            return f"the name `{self.text}`"
        if self.kind == "con":
            return f"the constructor `{self.text}`"
        return f"`{self.text}`"


def _is_ident_char(c):
    return c.isalnum() or c == "_" or c == "'"


def _is_digit(c):
    """An ASCII decimal digit (str.isdigit also takes `²` and `١`)."""
    return "0" <= c <= "9"


def _fits_binary32(value, text):
    """The literal text (value as a double) rounds (to nearest) to a finite
    binary32, nonzero unless it is 0.  Past a double's range float() has
    already made it an infinity or 0: the digits tell."""
    if value in (float("inf"), float("-inf")):
        return False
    mantissa = text.lower().split("e")[0]
    is_zero = all(c in "0." for c in mantissa)
    try:
        rounded = struct.unpack("<f", struct.pack("<f", value))[0]
    except OverflowError:
        return False
    return rounded != 0.0 or is_zero


def tokenize(source):
    tokens = []
    i, n = 0, len(source)
    line, col = 1, 1
    line_has_token = False

    def advance(k):
        nonlocal i, line, col, line_has_token
        for _ in range(k):
            c = source[i]
            i += 1
            if c == "\n":
                line += 1
                col = 1
                line_has_token = False
            elif c == "\t":
                col = ((col - 1) // 8 + 1) * 8 + 1
            else:
                col += 1

    def add(kind, text, value, pos):
        nonlocal line_has_token
        tokens.append(Token(kind, text, value, pos, not line_has_token))
        line_has_token = True

    while i < n:
        c = source[i]
        if c in " \t\r\n\f\v":
            advance(1)
            continue
        if source.startswith("--", i):
            while i < n and source[i] != "\n":
                advance(1)
            continue
        if source.startswith("{-", i):
            start = (line, col)
            depth = 0
            while True:
                if i >= n:
                    raise CompileError(start, "this comment is never closed",
                                       expected="`-}` to end the comment opened here", found="the end of the file")
                if source.startswith("{-", i):
                    depth += 1
                    advance(2)
                elif source.startswith("-}", i):
                    depth -= 1
                    advance(2)
                    if depth == 0:
                        break
                else:
                    advance(1)
            continue
        pos = (line, col)
        if _is_digit(c):
            j = i
            while j < n and _is_digit(source[j]):
                j += 1
            is_float = False
            if j + 1 < n and source[j] == "." and _is_digit(source[j + 1]):
                is_float = True
                j += 1
                while j < n and _is_digit(source[j]):
                    j += 1
            if j < n and source[j] in "eE":
                k = j + 1
                if k < n and source[k] in "+-":
                    k += 1
                if k < n and _is_digit(source[k]):
                    is_float = True
                    j = k
                    while j < n and _is_digit(source[j]):
                        j += 1
            text = source[i:j]
            if j < n and (source[j].isalpha() or source[j] == "_"):
                hexadecimal = text == "0" and source[j] in "xXbBoO"
                raise CompileError((line, col + (j - i)), f"a number runs into a name: `{source[i:j + 1]}`",
                                   expected="a blank between a number and a name", found=f"`{source[j]}`",
                                   notes=["numbers are written in decimal: there are no hexadecimal, binary or "
                                          "octal literals"] if hexadecimal else [])
            if is_float:
                if len(text) > 400:
                    raise CompileError(pos, "this float literal is too long", expected="at most 400 characters",
                                       found=f"{len(text)} characters")
                value = float(text)
                # binary32's range, subnormals included: the literal rounds
                # to a finite Float, and to 0 only when it is 0
                if not _fits_binary32(value, text):
                    raise CompileError(pos, "this float literal does not fit in a Float (IEEE binary32)",
                                       expected="a magnitude between 1.4e-45 and 3.4e38 (or 0)", found=_short(text))
                add("float", text, value, pos)
            else:
                digits = text.lstrip("0") or "0"
                if len(digits) > MAX_INT_DIGITS or int(digits) > MAX_INT:
                    raise CompileError(pos, "this integer literal does not fit in an Int (32-bit)",
                                       expected="a number from -2147483648 to 2147483647", found=_short(text))
                add("int", text, int(digits), pos)
            advance(j - i)
            continue
        if c.isalpha() or c == "_" and i + 1 < n and _is_ident_char(source[i + 1]):
            j = i + 1
            while j < n and _is_ident_char(source[j]):
                j += 1
            text = source[i:j]
            # `port data`: a port the product names like a keyword is the
            # name, on the line of `port` or `device`; not `in`, `then`,
            # `else`, `of` or `where`, which may follow a variable (or a
            # type parameter) of that name (`let x = port in x`)
            after_io = (tokens and tokens[-1].kind == "var" and tokens[-1].text in ("port", "device")
                        and line_has_token and text not in FOLLOW_A_NAME)
            if text in KEYWORDS and not after_io:
                add("kw", text, None, pos)
            elif c.isupper():
                add("con", text, None, pos)
            else:
                add("var", text, None, pos)
            advance(j - i)
            continue
        for sym in SYMBOLS:
            if source.startswith(sym, i):
                add("sym", sym, None, pos)
                advance(len(sym))
                break
        else:
            shown = c if c.isprintable() else f"U+{ord(c):04X}"
            notes = _bar_notes(tokens) if c == "|" else list(CHAR_NOTES.get(c, ()))
            if c == "." and tokens and tokens[-1].kind == "int" and tokens[-1].pos == (line, col - len(tokens[-1].text)):
                notes.append(f"a Float has digits after its point: `{tokens[-1].text}.0`")
            elif c == ".":
                notes.append(COMPOSE_NOTE)
            raise CompileError(pos, f"unexpected character `{shown}`",
                               expected="a name, a number, an operator or punctuation", found=f"`{shown}`",
                               notes=notes)
    tokens.append(Token("eof", "", None, (line, col), True))
    return tokens


DATA_FORM = ("write a data type's constructors after `where`, each `Name : Type` on a line of its own "
             "(`data List a where`, then `  Nil : List a` and `  Cons : a -> List a -> List a`)")


NO_TEXT = "the language has no strings or characters: `print` shows Ints, Floats, Bools, tuples and constructors"
NO_LISTS = ("the language has no list syntax: declare a list type (`data List a where`, then `  Nil : List a` "
            "and `  Cons : a -> List a -> List a`) and write `Cons 1 (Cons 2 Nil)`")
CHAR_NOTES = {'"': [NO_TEXT], "'": [NO_TEXT], "[": [NO_LISTS], "]": [NO_LISTS],
              "$": ["there is no `$`: put the argument in parentheses, `f (g x)`"]}
COMPOSE_NOTE = "there is no `.` composition: write a lambda, `\\x -> f (g x)`"


def _bar_notes(tokens):
    """Help for a lone `|`: Haskell's data declarations and guards."""
    line_start = len(tokens)
    while line_start > 0 and tokens[line_start - 1].pos[1] != 1:
        line_start -= 1
    if line_start > 0 and tokens[line_start - 1].kind == "kw" and tokens[line_start - 1].text == "data":
        return [DATA_FORM]
    return ["`||` is the boolean or; guards (`| condition = ...`) are not part of the language: use `if` or `case`"]


def _short(text):
    return f"`{text}`" if len(text) <= 24 else f"`{text[:12]}...{text[-6:]}` ({len(text)} characters)"
