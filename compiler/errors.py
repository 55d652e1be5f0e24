"""Compile errors: FILE:LINE:COL: error: ..., the source line with a caret,
then what was expected and what was found (the style of Elm's and Rust's
messages)."""


class CompileError(Exception):
    """An error located at a 1-based (line, col) of the source.

    expected/found are short phrases; notes are extra lines of help."""

    def __init__(self, pos, message, expected=None, found=None, notes=()):
        super().__init__(message)
        self.pos = pos if pos is not None else (1, 1)
        self.message = message
        self.expected = expected
        self.found = found
        self.notes = list(notes)


class CompileWarning(CompileError):
    """Not an error: the program compiles, and the message is printed
    (FILE:LINE:COL: warning: ...) for what may fail when it runs."""


def expand_tabs(text):
    """Tabs to spaces at tab stops of 8, as the lexer counts columns."""
    return text.expandtabs(8)


# Characters a terminal shows in two columns (East Asian wide and
# fullwidth: CJK, Hangul, fullwidth forms, emoji) and in none (combining
# marks, zero-width spaces, variation selectors): the caret is placed by
# these widths (hal/posix/svm_run.c has the same table for a fault's line).
WIDE = ((0x1100, 0x115F), (0x2E80, 0x303E), (0x3041, 0x33FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF),
        (0xA000, 0xA4CF), (0xAC00, 0xD7A3), (0xF900, 0xFAFF), (0xFE30, 0xFE4F), (0xFF00, 0xFF60),
        (0xFFE0, 0xFFE6), (0x1F300, 0x1F64F), (0x1F900, 0x1F9FF), (0x20000, 0x2FFFD), (0x30000, 0x3FFFD))
ZERO_WIDTH = ((0x0300, 0x036F), (0x1AB0, 0x1AFF), (0x1DC0, 0x1DFF), (0x200B, 0x200F), (0x20D0, 0x20FF),
              (0xFE00, 0xFE0F), (0xFE20, 0xFE2F))


def char_width(ch):
    """The columns a terminal gives ch: 2, 0 or 1."""
    c = ord(ch)
    if c >= 0x1100 and any(lo <= c <= hi for lo, hi in WIDE):
        return 2
    if c >= 0x0300 and any(lo <= c <= hi for lo, hi in ZERO_WIDTH):
        return 0
    return 1


def render(err, filename, source):
    """The full text of an error, ending with a newline."""
    line, col = err.pos
    # the lexer's lines: only `\n` ends one (str.splitlines also splits at
    # U+2028, a form feed, ...), and a CR before it is not shown
    lines = [x[:-1] if x.endswith("\r") else x for x in source.split("\n")] if source else []
    if lines and lines[-1] == "" and source.endswith("\n"):
        lines.pop()
    if lines and line > len(lines):  # at the end of the file: point after the last line
        line, col = len(lines), len(expand_tabs(lines[-1])) + 1
    kind = "warning" if isinstance(err, CompileWarning) else "error"
    out = [f"{filename}:{line}:{col}: {kind}: {err.message}"]
    if 1 <= line <= len(lines):
        text = expand_tabs(lines[line - 1])
        if len(text) > 200:  # a very long line: show the part around the column
            start = max(0, col - 100)
            text = text[start:start + 200]
            col = col - start
        # a control character (a NUL the lexer refused) is shown as one visible one, not sent to the terminal
        text = "".join("\ufffd" if ord(ch) < 32 or 127 <= ord(ch) < 160 else ch for ch in text)
        gutter = str(line)
        pad = " " * len(gutter)
        out.append(f" {pad} |")
        out.append(f" {gutter} | {text}")
        before = text[:max(0, col - 1)]  # the caret goes under column col as a terminal shows the line
        out.append(f" {pad} | {' ' * (sum(map(char_width, before)) + max(0, col - 1 - len(text)))}^")
    if err.expected is not None:
        out.append(f"  expected: {err.expected}")
    if err.found is not None:
        out.append(f"     found: {err.found}")
    for note in err.notes:
        out.append(f"  note: {note}")
    return "\n".join(out) + "\n"


def plural(n, word):
    """`1 parameter`, `3 parameters`."""
    return f"{n} {word}{'s' * (n != 1)}"
