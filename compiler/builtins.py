"""The built-in functions: the one table of them.

Each entry: its type (in the language's syntax), its arity and the
instructions that compute it with its arguments laid out as a binary
instruction expects: arguments 1..n-1 pushed in order, the last in env,
the result in env (the instructions pop the pushed ones).

The concurrency and device built-ins of LANGUAGE.md (channel, send, recv,
sync, choose, wrap, spawn, spawnExternal, syncT, after, sleep, yield,
device, port) need the CONCURRENCY and IO instructions that are landing in
the runtime now; they are listed in PENDING, so a program that uses one
gets a clear error, and adding one is moving its row up with its code.
"""


class Builtin:
    __slots__ = ("name", "type_text", "arity", "code", "scheme")

    def __init__(self, name, type_text, arity, code):
        self.name, self.type_text, self.arity, self.code = name, type_text, arity, code
        self.scheme = None  # filled by the type checker


BUILTINS = {
    b.name: b
    for b in [
        Builtin("print", "a -> ()", 1, ["print", "clear"]),
        Builtin("itof", "Int -> Float", 1, ["itof"]),
        Builtin("ftoi", "Float -> Int", 1, ["ftoi"]),
    ]
}

# name -> type: the built-ins of LANGUAGE.md whose instructions are not in
# the ISA table yet.
PENDING = {
    "channel": "() -> Channel a",
    "send": "Channel a -> a -> Event ()",
    "recv": "Channel a -> Event a",
    "sync": "Event a -> a",
    "choose": "Event a -> Event a -> Event a",
    "wrap": "Event a -> (a -> b) -> Event b",
    "spawn": "(() -> ()) -> Int",
    "spawnExternal": "Channel a -> Int -> ()",
    "syncT": "Int -> Int -> Event a -> a",
    "after": "Int -> Event ()",
    "sleep": "Int -> ()",
    "yield": "() -> ()",
    "device": "Name -> Channel a",
    "port": "Name -> Channel a",
}
