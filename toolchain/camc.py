#!/usr/bin/python3
"""camc: the compiler of the source language, as a script beside the
assembler (the package is compiler/; see compiler/README.md).

    camc.py PROG.cam [-o PROG.svmb] [--asm OUT.s] [--listing] [--container NAME] [--build-dir DIR]
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from compiler.__main__ import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
