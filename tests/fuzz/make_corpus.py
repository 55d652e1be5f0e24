#!/usr/bin/python3
"""The fuzzer's seed corpus: programs assembled into fuzz_image's input format.

    make_corpus.py --out DIR PROGRAM.s|PROGRAM.svmb...

DIR is emptied, then gets, for each assembly program, three inputs that
run it through the three kinds of modes of tests/fuzz/fuzz_image.c:

    NAME.raw    mode 0: the image as it is
    NAME.wrap   mode 2: groups mask, entry and code, the harness writes the header
    NAME.fix    mode 4: the code through the harness's repair (a no-op on
                valid code), the entry as the index of its instruction

and for an image file (.svmb) the first two. The mode byte also selects
the heap and stack the harness gives the container: a program's
`; heap-cells: N` and `; stack-depth: N` comments pick the nearest of the
harness's sizes (heap 512, 64 or 16 cells; stack 64 or 8 values).
"""

import argparse
import os
import re
import struct
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
sys.path.insert(0, os.path.join(ROOT, "toolchain"))
import assembler  # noqa: E402

HEADER = 24
MODE_RAW, MODE_WRAP, MODE_FIX = 0, 2, 4


def limits_bits(text):
    """Bits 3-5 of the mode byte from the program's own heap and stack comments."""
    bits = 0
    m = re.search(r";\s*heap-cells:\s*(\d+)", text)
    if m:
        cells = int(m.group(1))
        bits |= (2 if cells <= 16 else 1 if cells <= 64 else 0) << 3
    m = re.search(r";\s*stack-depth:\s*(\d+)", text)
    if m and int(m.group(1)) <= 8:
        bits |= 1 << 5
    return bits


def wrap(bits, groups, entry, code):
    return bytes([MODE_WRAP | bits]) + struct.pack("<IH", groups, entry & 0xFFFF) + code


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, help="corpus directory (emptied first)")
    parser.add_argument("programs", nargs="+", help=".s or .svmb files")
    args = parser.parse_args(argv)

    os.makedirs(args.out, exist_ok=True)
    for name in os.listdir(args.out):
        os.remove(os.path.join(args.out, name))

    seeds = {}
    for path in sorted(args.programs):
        base = os.path.splitext(os.path.basename(path))[0]
        if path.endswith(".svmb"):
            with open(path, "rb") as f:
                image = f.read()
            seeds[base + ".svmb.raw"] = bytes([MODE_RAW]) + image
            if len(image) >= HEADER:
                groups, _size, entry = struct.unpack_from("<III", image, 8)
                seeds[base + ".svmb.wrap"] = wrap(0, groups, entry, image[HEADER:])
            continue
        try:
            text = assembler.read_source(path)
            program = assembler.assemble_program(text, path)
        except assembler.AsmError as e:
            print(f"make_corpus: {e}", file=sys.stderr)
            return 1
        bits = limits_bits(text)
        starts = [s.offset for s in program.statements]
        index = starts.index(program.entry) if program.entry in starts else 0
        seeds[base + ".raw"] = bytes([MODE_RAW | bits]) + program.image
        seeds[base + ".wrap"] = wrap(bits, program.groups_mask, program.entry, program.code)
        seeds[base + ".fix"] = bytes([MODE_FIX | bits, 0]) + struct.pack("<H", index) + program.code

    for name, data in seeds.items():
        with open(os.path.join(args.out, name), "wb") as f:
            f.write(data)
    print(f"make_corpus: {len(seeds)} inputs from {len(args.programs)} programs in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
