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
        out.append(f" {pad} | {' ' * max(0, col - 1)}^")
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
