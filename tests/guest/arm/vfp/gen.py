#!/usr/bin/env python3
"""Random-instruction differential test generator for the ARM926EJ-S VFPv2 (VFP9-S).

Writes one assembly file per program (PROGRAMS, fixed seeds). Each block sets FPSCR (rounding
mode, FZ, DN, cumulative flags, NZCV and now and then a short-vector LEN/STRIDE) and s0-s31
(edge-biased values) from its record, runs a few random VFP data-processing instructions in
single and double precision (fadd, fsub, fmul, fnmul, fdiv, fmac, fnmac, fmsc, fnmsc, fsqrt,
fabs, fneg, fcpy, fcmp{e}{z}, fcvtds/fcvtsd, fsito, fuito, ftosi{z}, ftoui{z}, fmstat), and
returns to harness.c, which prints FPSCR, the registers that changed and the CPSR flags. The
same output is recorded from qemu-system-arm (tests/guest/record-fuzz-expected.sh) and compared with
boardwalk's (tests/vfpfuzz.cmake).

    gen.py OUTDIR        write OUTDIR/<prog>.S for every program
    gen.py --list        print the program names

Standard library only, and its own PRNG. Not generated, with the reason:
  - Trap enable bits of FPSCR (IOE..IXE, IDE): the VFP9-S without support code never traps
    in QEMU; they stay 0.
  - Short vectors (VECTOR_PERCENT of the blocks): never with STRIDE 01/10 (UNPREDICTABLE), no
    two-operand double-precision op (fcpyd, fabsd, fnegd, fsqrtd: QEMU 7.2's do_vfp_2op_dp
    advances "vd = vfp_advance_dreg(vm, delta_m)" where it means vm, so it writes Fm's
    bank and never steps Fm; a QEMU bug, boardwalk follows the architecture), no single-precision
    op with STRIDE 11 (QEMU 7.2 steps single registers by vec_stride + 1 = 4, not 2; double
    precision uses (vec_stride >> 1) + 1 = 2, right), with a destination bank that
    overlaps a source bank in another register (UNPREDICTABLE), and for the conversions and
    compares (scalar only, LEN must be 0 for the block).
  - Loads/stores and register transfers: covered by tests/guest/arm and the ARM fuzz.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
import fuzz_rng  # noqa: E402  (tests/guest/fuzz_rng.py)

BLOCKS = 300
# Blocks run with FPSCR.LEN > 0 (short vectors).
VECTOR_PERCENT = 25
PROGRAMS = [("vfuzz%d" % i, seed) for i, seed in enumerate(
    [0x7F900000, 0x7F900001, 0x7F900002, 0x7F900003, 0x7F900004, 0x7F900005, 0x7F900006,
     0x7F900007])]
M32 = 0xffffffff


Rng = fuzz_rng.Rng


# IEEE 754 edge values (ARM NaNs: the most significant fraction bit set means quiet).
SINGLES = [0x00000000, 0x80000000, 0x00000001, 0x80000001, 0x007fffff, 0x807fffff, 0x00400000,
           0x00800000, 0x80800000, 0x00800001, 0x7f7fffff, 0xff7fffff, 0x7f800000, 0xff800000,
           0x7fc00000, 0xffc00000, 0x7fc00001, 0x7f800001, 0x7fbfffff, 0xff800001, 0x3f800000,
           0xbf800000, 0x3f800001, 0x3f7fffff, 0x33800000, 0x33800001, 0x34000000, 0x3fc00000,
           0xbfc00000, 0x40200000, 0xc0200000, 0x3f000000, 0xbf000000, 0x3effffff, 0x4b000000,
           0x4b000001, 0x4b7fffff, 0x4f000000, 0x4effffff, 0xcf000000, 0xcf000001, 0x4f800000,
           0x4f7fffff, 0xbf7fffff, 0x40490fdb, 0x3eaaaaab, 0x0d800000, 0x72000000, 0x1f800000,
           0x5f800000, 0x00000003, 0x00c00000, 0x00ffffff]
DOUBLES = [0x0000000000000000, 0x8000000000000000, 0x0000000000000001, 0x800fffffffffffff,
           0x000fffffffffffff, 0x0010000000000000, 0x8010000000000000, 0x7fefffffffffffff,
           0xffefffffffffffff, 0x7ff0000000000000, 0xfff0000000000000, 0x7ff8000000000000,
           0xfff8000000000000, 0x7ff8000000000001, 0x7ff0000000000001, 0x7ff7ffffffffffff,
           0x3ff0000000000000, 0xbff0000000000000, 0x3ff0000000000001, 0x3fefffffffffffff,
           0x3ca0000000000000, 0x3ca0000000000001, 0x3ff8000000000000, 0xbff8000000000000,
           0x4004000000000000, 0xc004000000000000, 0x3fe0000000000000, 0xbfe0000000000000,
           0x4330000000000000, 0x4330000000000001, 0x41dfffffffc00000, 0x41dfffffffe00000,
           0x41e0000000000000, 0xc1e0000000000000, 0xc1e0000000100000, 0xc1e0000000200000,
           0x41efffffffe00000, 0x41f0000000000000, 0xbfefffffffffffff, 0x47efffffe0000000,
           0x47efffffffffffff, 0x47effffff0000000, 0x3690000000000000, 0x36a0000000000000,
           0x36a8000000000000, 0x3810000000000000, 0x380fffffe0000000, 0x380ffffff0000000,
           0x3ff0000010000000, 0x3ff0000030000000, 0x400921fb54442d18, 0x3fd5555555555555,
           0x1ff0000000000000, 0x5ff0000000000000, 0x0000000000000003, 0x0018000000000000]
INT_WORDS = [0, 1, 0xffffffff, 0x7fffffff, 0x80000000, 0x01000001, 0x00ffffff, 0x7fffffc0,
             0x7fffffbf, 0x80000001, 3, 0xfffffffd]


def single_value(rng):
    x = rng.below(100)
    if x < 60:
        return rng.choice(SINGLES)
    if x < 70:
        return rng.choice(INT_WORDS)
    if x < 85:
        return (rng.range(0x3e000000, 0x41000000) & ~0xff) | rng.choice([0, 0x80, 0x7f, 0x81, 1])
    return rng.bits(32)


def double_value(rng):
    x = rng.below(100)
    if x < 60:
        return rng.choice(DOUBLES)
    if x < 72:  # a single's value widened, so that fcvtsd and compares meet equal values
        s = rng.choice(SINGLES)
        sign, exp, frac = s >> 31, (s >> 23) & 0xff, s & 0x7fffff
        if exp == 0 or exp == 255:
            return rng.choice(DOUBLES)
        return (sign << 63) | ((exp - 127 + 1023) << 52) | (frac << 29)
    if x < 88:
        return ((rng.range(0x3fc, 0x410) << 52) | (rng.bits(52) & ~0x1fffffff) |
                rng.choice([0x10000000, 0x0fffffff, 0x10000001, 0, 0x1fffffff]))
    return rng.bits(64)


OPS3 = ["fadd", "fsub", "fmul", "fnmul", "fdiv", "fmac", "fnmac", "fmsc", "fnmsc"]
OPS2 = ["fcpy", "fabs", "fneg", "fsqrt"]
SCALAR = ["fcmp", "fcmpe", "fcmpz", "fcmpez", "fcvt", "fsito", "fuito", "ftosi", "ftosiz",
          "ftoui", "ftouiz", "fmstat"]


def sreg(r):
    return "s%d" % r


def dreg(r):
    return "d%d" % r


def vector_operands(rng, double):
    """Fd, Fn, Fm for a short-vector operation: Fd outside the scalar bank, Fn and Fm in banks
    other than Fd's (Fm may be scalar)."""
    nbanks, size = (4, 4) if double else (4, 8)
    bd = rng.range(1, nbanks - 1)
    others = [b for b in range(nbanks) if b != bd]
    bn = rng.choice([b for b in others if b != 0] or others)
    bm = rng.choice(others)
    pick = lambda b: b * size + rng.below(size)
    return pick(bd), pick(bn), pick(bm)


def instruction(rng, vector, stride2=False):
    """One instruction's text; in a vector block only the OPS3/OPS2 forms."""
    double = rng.chance(45) or stride2  # QEMU 7.2 bug (see the module comment)
    suffix = "d" if double else "s"
    reg = dreg if double else sreg
    nregs = 16 if double else 32
    if vector or rng.chance(65):
        op = rng.choice(OPS3 + OPS2) if rng.chance(80) else rng.choice(OPS2)
        if vector and double and op in OPS2:
            op = rng.choice(OPS3)  # QEMU 7.2 bug (see the module comment)
        if vector:
            d, n, m = vector_operands(rng, double)
        else:
            d, n, m = rng.below(nregs), rng.below(nregs), rng.below(nregs)
            if rng.chance(10):
                n = m
        if op in OPS2:
            return "%s%s %s, %s" % (op, suffix, reg(d), reg(m))
        return "%s%s %s, %s, %s" % (op, suffix, reg(d), reg(n), reg(m))
    op = rng.choice(SCALAR)
    if op == "fmstat":
        return "fmstat"
    if op in ("fcmp", "fcmpe"):
        return "%s%s %s, %s" % (op, suffix, reg(rng.below(nregs)), reg(rng.below(nregs)))
    if op in ("fcmpz", "fcmpez"):
        return "%s%s %s" % (op, suffix, reg(rng.below(nregs)))
    if op == "fcvt":
        if double:
            return "fcvtsd %s, %s" % (sreg(rng.below(32)), dreg(rng.below(16)))
        return "fcvtds %s, %s" % (dreg(rng.below(16)), sreg(rng.below(32)))
    if op in ("fsito", "fuito"):
        dst = dreg(rng.below(16)) if double else sreg(rng.below(32))
        return "%s%s %s, %s" % (op, suffix, dst, sreg(rng.below(32)))
    src = dreg(rng.below(16)) if double else sreg(rng.below(32))
    return "%s%s %s, %s" % (op, suffix, sreg(rng.below(32)), src)


class Block:
    def __init__(self, rng):
        self.vector = rng.chance(VECTOR_PERCENT)
        fpscr = rng.bits(2) << 22  # RMode
        if rng.chance(30):
            fpscr |= 1 << 24  # FZ
        if rng.chance(30):
            fpscr |= 1 << 25  # DN
        if rng.chance(30):
            fpscr |= rng.bits(5) | rng.bits(1) << 7  # cumulative flags, IDC
        fpscr |= rng.bits(4) << 28
        if self.vector:
            fpscr |= rng.range(1, 3) << 16  # LEN
            if rng.chance(20):
                fpscr |= 3 << 20  # STRIDE 11: a stride of 2
        self.fpscr = fpscr
        words = []
        for _ in range(16):
            if rng.chance(50):
                v = double_value(rng)
                words += [v & M32, v >> 32]
            else:
                words += [single_value(rng), single_value(rng)]
        self.s = words
        self.flags = rng.bits(4) << 28
        stride2 = self.vector and (fpscr >> 20) & 3 == 3
        self.insns = [instruction(rng, self.vector, stride2) for _ in range(rng.range(2, 7))]


def program(name, seed):
    rng = Rng(seed)
    blocks = [Block(rng) for _ in range(BLOCKS)]
    out = ["@ %s: generated by tests/guest/arm/vfp/gen.py (seed 0x%x); do not edit." % (name, seed),
           "        .arm", "        .fpu vfpv2", "        .text", "        .align 2"]
    for k, b in enumerate(blocks):
        out.append("block_%d:" % k)
        out += ["        " + t for t in b.insns]
        out.append("        b vfuzz_save")
    out += ["        .section .rodata", "        .align 3", "        .global vfuzz_blocks, vfuzz_nblocks",
            "vfuzz_nblocks:", "        .word %d" % len(blocks), "vfuzz_blocks:"]
    for k, b in enumerate(blocks):
        out.append("        .word block_%d, 0x%08x, 0x%08x, 0  @ %d: %s" % (
            k, b.fpscr, b.flags, k, "; ".join(b.insns)))
        for i in range(0, 32, 8):
            out.append("        .word " + ", ".join("0x%08x" % v for v in b.s[i:i + 8]))
    return "\n".join(out) + "\n"


def main():
    if sys.argv[1:] == ["--list"]:
        print("\n".join(name for name, _ in PROGRAMS))
        return
    if len(sys.argv) != 2:
        sys.exit("usage: gen.py OUTDIR | --list")
    for name, seed in PROGRAMS:
        with open(os.path.join(sys.argv[1], name + ".S"), "w") as f:
            f.write(program(name, seed))


if __name__ == "__main__":
    main()
