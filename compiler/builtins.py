"""The built-in functions: the one table of them.

Each entry: its type (in the language's syntax), its arity and the
instructions that compute it with its arguments laid out as a binary
instruction expects: arguments 1..n-1 pushed in order, the last in env,
the result in env (the instructions pop the pushed ones).  An operand
`{WRAP}` / `{SPAWN}` names a shared stub the code generator emits once:

* `wrap e f` wraps f in a stub closure (f, WRAP): the VM enters a wrap
  function as `app` enters a closure but without pushing a return address
  (a RET_APPLY mark or the sync's return address is on top), so the stub
  applies f with `app` and leaves through `return`, which accepts both.
* `spawn f` starts a context at a stub closure (f, SPAWN) that applies f
  to () and stops.

`port NAME` and `device NAME` are compiled by the code generator (a
channel bound to the container's IO entry NAME, checked against its
interface: a port for `port`, a device for `device`).
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
        Builtin("channel", "() -> Channel a", 1, ["channel"]),
        Builtin("send", "Channel a -> a -> Event ()", 2, ["sendevt"]),
        Builtin("recv", "Channel a -> Event a", 1, ["recvevt"]),
        Builtin("sync", "Event a -> a", 1, ["sync"]),
        Builtin("choose", "Event a -> Event a -> Event a", 2, ["choose"]),
        Builtin("wrap", "Event a -> (a -> b) -> Event b", 2, ["cur {WRAP}", "wrap"]),
        Builtin("after", "Int -> Event ()", 1, ["afterevt"]),
        Builtin("spawn", "(() -> ()) -> Int", 1, ["cur {SPAWN}", "spawn"]),
        Builtin("yield", "() -> ()", 1, ["yield", "clear"]),
        Builtin("sleep", "Int -> ()", 1, ["sleep"]),
        # stack [baseline, deadline], env = event -> [deadline, baseline (top)]
        # as synct expects, the arguments evaluated left to right.
        Builtin("syncT", "Int -> Int -> Event a -> a", 3,
                ["snoc", "swap", "snoc", "push", "snd", "snd", "swap", "push", "fst", "swap", "snd", "fst",
                 "synct"]),
        Builtin("spawnExternal", "Channel a -> Int -> ()", 2, ["bind"]),
        # `port NAME`: compiled specially (codegen.port), the type given here.
        Builtin("port", "Channel a", 0, None),
        # `device NAME`: the same, for a device of the container (LED0, BUTTON1).
        Builtin("device", "Channel a", 0, None),
    ]
}

# The built-ins of Sense-VM's CamIoT: a program cannot define these names.
# The others are new in this language, so a top-level definition may take
# their name (a program written for Sense-VM that defines `after` or
# `print` compiles unchanged): from that definition on, the name is the
# program's, before it the built-in.
RESERVED = {"channel", "send", "recv", "sync", "choose", "wrap", "spawn", "spawnExternal", "syncT"}

# The built-ins applied to the name of an IO entry, and the kinds of
# entry (an interface's last field) each takes.
IO_BUILTINS = {
    "port": ("queuing", "sampling"),
    "device": ("led", "button", "uart", "sensor"),
}

# name -> type: the built-ins of LANGUAGE.md whose instructions or
# runtime support are not there yet.
PENDING = {}
