#!/usr/bin/env python3
"""Random-instruction differential test generator for the ARM926EJ-S (ARMv5TE).

Writes one assembly file per program (PROGRAMS below, each with a fixed seed).
Each case picks a privileged mode, sets its SPSR, the user-bank r8-r14, NZCVQ
and r0-r14 to random values, runs ONE random ARM or Thumb instruction, and
returns to harness.c (via entry.S), which prints the CPSR, the registers that
changed, and a checksum of the scratch buffer. The
same output is recorded from QEMU (tests/guest/record-fuzz-expected.sh) and compared with
boardwalk's (tests/armfuzz.cmake).

    gen.py OUTDIR        write OUTDIR/<prog>.S for every program
    gen.py --list        print the program names

Standard library only, and its own PRNG, so the output never depends on the
Python version.

Excluded encodings (UNPREDICTABLE on ARMv5TE per the ARM ARM, or a documented
deliberate difference from QEMU), one reason each:
  - PC as a destination (data processing, loads, MRS, LDM): it is a branch,
    not a data result; branches are covered by the hand-written programs.
  - PC as Rn/Rm/Rs of a register-shifted data-processing op: UNPREDICTABLE.
  - PC in any multiply, DSP multiply, saturating op or CLZ: UNPREDICTABLE.
  - MUL/MLA with Rd == Rm: UNPREDICTABLE before ARMv6.
  - UMULL/SMULL/UMLAL/SMLAL with RdHi == RdLo or either == Rm: UNPREDICTABLE.
  - SMLAL<x><y> with RdHi == RdLo: UNPREDICTABLE.
  - MSR writing non-zero bits 26:8 of a PSR: bit 24 is J on the ARM926EJ-S
    (boardwalk never lets MSR set J), the others are should-be-zero.
  - MSR of the CPSR into user mode, setting T, or clearing I/F: user mode
    cannot return to the harness, MSR setting T is UNPREDICTABLE, and the
    harness runs with interrupts masked.
  - MSR of the CPSR s/x fields: reserved on ARMv5; QEMU clears CPSR bit 8
    (its A bit), boardwalk keeps it at 1, and the harness never rewrites it.
  - MRS/MSR of SPSR in system mode: UNPREDICTABLE (no SPSR).
  - Cases run in every privileged mode but never in user mode (it could not
    switch back to the harness).
  - Load/store with writeback and Rn == Rd (or Rn == Rd+1 for LDRD/STRD):
    UNPREDICTABLE.
  - Register-offset load/store with Rm == PC, or Rm == Rn with writeback:
    UNPREDICTABLE.
  - Stores with Rn == PC (would overwrite the test code) and any store of PC:
    boardwalk stores address + 12 like the ARM9, QEMU + 8.
  - Unaligned word/halfword/doubleword accesses: QEMU's arm926 does not rotate
    unaligned LDR (see tests/guest/arm/alu.c); all addresses are aligned, and
    LDRD/STRD addresses are 8-byte aligned.
  - LDRD/STRD with odd Rd or Rd == r14: UNPREDICTABLE; with Rm == Rd or Rd+1
    (LDRD): UNPREDICTABLE.
  - LDM/STM with an empty list or PC in the list: UNPREDICTABLE / a branch
    (LDM ^ with PC is an exception return).
  - LDM/STM ^ (user bank) with writeback or in system mode: UNPREDICTABLE.
  - LDM with writeback and Rn in the list: UNPREDICTABLE; STM with writeback
    and Rn in the list but not the lowest: UNPREDICTABLE.
  - SWP/SWPB with Rn == Rd, Rn == Rm or any PC: UNPREDICTABLE.
  - Thumb MUL with Rd == Rm: UNPREDICTABLE before ARMv6.
  - Thumb hi-register ADD/MOV/CMP with two low registers: UNPREDICTABLE;
    with PC: a branch or address-dependent read, left to the hand tests.
  - Thumb LDMIA/STMIA with Rn in the list or an empty list, POP {pc}, BX,
    BLX, branches, SWI, BKPT: UNPREDICTABLE or control flow.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
import fuzz_rng  # noqa: E402  (tests/guest/fuzz_rng.py)

CASES = 500
SCRATCH = 1024  # bytes of fuzz_scratch in harness.c
PROGRAMS = [("fuzz%d" % i, seed) for i, seed in enumerate(
    [0x1F2E3D4C, 0x0BADF00D, 0x5EED0002, 0x5EED0003, 0x13579BDF, 0x2468ACE0, 0x7E57CA5E,
     0x0DDBA11])]

INTERESTING = [0, 1, 2, 0x7fffffff, 0x80000000, 0xffffffff, 0xfffffffe, 0x80000001, 0x7ffffffe,
               0xffff, 0x10000, 0x7fff, 0x8000, 0xffff8000, 0xff, 0x100, 31, 32, 33]
DP_OPS = ["and", "eor", "sub", "rsb", "add", "adc", "sbc", "rsc", "tst", "teq", "cmp", "cmn",
          "orr", "mov", "bic", "mvn"]
DP_COMPARE = {"tst", "teq", "cmp", "cmn"}
DP_MOVE = {"mov", "mvn"}
SHIFTS = ["lsl", "lsr", "asr", "ror"]
MODE_FIQ, MODE_SVC, MODE_SYS = 0xd1, 0xd3, 0xdf
PRIV_MODES = [MODE_FIQ, 0xd2, MODE_SVC, 0xd7, 0xdb, MODE_SYS]  # I and F set, ARM state
ALL_MODES = [0x10, 0x11, 0x12, 0x13, 0x17, 0x1b, 0x1f]
CONDS = ["eq", "ne", "cs", "cc", "mi", "pl", "vs", "vc", "hi", "ls", "ge", "lt", "gt", "le"]
M32 = 0xffffffff


class Rng(fuzz_rng.Rng):
    """The shared PRNG with weighted choices."""

    def weighted(self, table):
        total = sum(w for w, _ in table)
        x = self.below(total)
        for w, item in table:
            if x < w:
                return item
            x -= w
        raise AssertionError

    def distinct(self, pool, n):
        pool = list(pool)
        out = []
        for _ in range(n):
            out.append(pool.pop(self.below(len(pool))))
        return out


def psr_value(rng, modes):
    """A PSR with random NZCVQ, I, F, T and a valid mode; bits 26:8 zero
    (J and reserved bits)."""
    return (rng.bits(5) << 27) | (rng.bits(3) << 5) | rng.choice(modes)


class Retry(Exception):
    """The drawn operands cannot form a valid case; draw again."""


class Case:
    def __init__(self, rng):
        self.rng = rng
        self.regs = [self.value() for _ in range(15)]
        self.flags = rng.bits(5) << 27
        self.thumb = False
        self.unconditional = False
        self.text = ""
        # Half the cases run in supervisor mode, the rest in another
        # privileged one (user mode could not return to the harness).
        self.mode = MODE_SVC if rng.chance(50) else rng.choice(list(PRIV_MODES))
        self.spsr = 0 if self.mode == MODE_SYS else psr_value(rng, ALL_MODES)
        self.usr = [self.value() for _ in range(7)]  # user-bank r8-r14

    def finish(self):
        """Registers the current mode shares with the user bank must agree."""
        fiq, sys_ = self.mode == MODE_FIQ, self.mode == MODE_SYS
        for i in range(7):
            if (i < 5 and not fiq) or sys_:
                self.usr[i] = self.regs[8 + i]

    def value(self):
        rng = self.rng
        x = rng.below(100)
        if x < 35:
            return rng.choice(INTERESTING)
        if x < 45:
            return rng.range(0, 40)  # shift amounts around 32
        return rng.bits(32)

    def base(self, r, off):
        """Point register r at fuzz_scratch + off."""
        assert 0 <= off < SCRATCH
        self.regs[r] = ("S", off)


# ---------------------------------------------------------------------------
# Address helpers


def aligned_in(rng, lo, hi, align):
    """A multiple of align in [lo, hi], or Retry."""
    lo = (lo + align - 1) // align * align
    if lo > hi:
        raise Retry
    return lo + rng.below((hi - lo) // align + 1) * align


def invert_shift(rng, kind, amount, s, carry):
    """An Rm such that (Rm <kind> #amount) == s (mod 2^32), or Retry."""
    s &= M32
    junk = rng.bits(32)
    if kind == "rrx":
        if s >> 31 != carry:
            raise Retry
        return ((s << 1) | (junk & 1)) & M32
    if kind == "lsl":
        if s & ((1 << amount) - 1):
            raise Retry
        return ((s >> amount) | (junk << (32 - amount))) & M32 if amount else s
    if kind == "lsr":
        if s >> (32 - amount):
            raise Retry
        return ((s << amount) | (junk & ((1 << amount) - 1))) & M32
    if kind == "asr":
        top = s >> (31 - amount)
        if top not in (0, (1 << (amount + 1)) - 1):
            raise Retry
        return ((s << amount) | (junk & ((1 << amount) - 1))) & M32
    # ror
    return ((s << amount) | (s >> (32 - amount))) & M32


def any_reg(rng, exclude=()):
    return rng.choice([r for r in range(15) if r not in exclude])


def rname(r):
    return {13: "sp", 14: "lr", 15: "pc"}.get(r, "r%d" % r)


def reglist(regs):
    return "{" + ", ".join(rname(r) for r in sorted(regs)) + "}"


# ---------------------------------------------------------------------------
# ARM classes


def shifter_imm(rng, allow_pc=True):
    """A random operand-2 immediate-shift form: (text, rm)."""
    rm = rng.range(0, 15 if allow_pc and rng.chance(10) else 14)
    kind = rng.choice(SHIFTS + ["rrx"])
    if kind == "rrx":
        return "%s, rrx" % rname(rm), rm
    amount = {"lsl": rng.range(0, 31), "lsr": rng.range(1, 32), "asr": rng.range(1, 32),
              "ror": rng.range(1, 31)}[kind]
    if kind == "lsl" and amount == 0:
        return rname(rm), rm
    return "%s, %s #%d" % (rname(rm), kind, amount), rm


def arm_dp(c, form):
    rng = c.rng
    op = rng.choice(DP_OPS)
    s = "s" if op not in DP_COMPARE and rng.chance(50) else ""
    rd = any_reg(rng)
    rn = rng.range(0, 15 if form != "reg" and rng.chance(10) else 14)
    if form == "imm":
        # Any imm8/rotation pair; the "#imm8, rot" syntax keeps the exact
        # encoding (the rotation decides the shifter carry-out).
        op2 = "#%d, %d" % (rng.bits(8), 2 * rng.below(16))
    elif form == "shift":
        op2, _ = shifter_imm(rng)
    else:
        rm, rs = rng.range(0, 14), rng.range(0, 14)
        kind = rng.choice(SHIFTS)
        if rng.chance(60):
            c.regs[rs] = rng.choice([0, 1, 31, 32, 33, 255, 256, 0x1f01, rng.range(0, 40),
                                     rng.bits(32)])
        op2 = "%s, %s %s" % (rname(rm), kind, rname(rs))
    if op in DP_COMPARE:
        c.text = "%s %s, %s" % (op, rname(rn), op2)
    elif op in DP_MOVE:
        c.text = "%s%s %s, %s" % (op, s, rname(rd), op2)
    else:
        c.text = "%s%s %s, %s, %s" % (op, s, rname(rd), rname(rn), op2)


def arm_mul(c):
    rng = c.rng
    op = rng.choice(["mul", "mla", "umull", "smull", "umlal", "smlal"])
    s = "s" if rng.chance(50) else ""
    if op in ("mul", "mla"):
        rd, rm = rng.distinct(range(15), 2)  # Rd != Rm
        rs, rn = rng.range(0, 14), rng.range(0, 14)
        c.text = "%s%s %s, %s, %s" % (op, s, rname(rd), rname(rm), rname(rs))
        if op == "mla":
            c.text += ", " + rname(rn)
    else:
        lo, hi, rm = rng.distinct(range(15), 3)
        rs = rng.range(0, 14)
        c.text = "%s%s %s, %s, %s, %s" % (op, s, rname(lo), rname(hi), rname(rm), rname(rs))


def arm_dsp(c):
    rng = c.rng
    xy = rng.choice(["bb", "bt", "tb", "tt"])
    y = rng.choice("bt")
    r = [rng.range(0, 14) for _ in range(4)]
    kind = rng.choice(["smla", "smul", "smlaw", "smulw", "smlal", "q"])
    if kind == "smla":
        c.text = "smla%s %s, %s, %s, %s" % (xy, *map(rname, r))
    elif kind == "smul":
        c.text = "smul%s %s, %s, %s" % (xy, *map(rname, r[:3]))
    elif kind == "smlaw":
        c.text = "smlaw%s %s, %s, %s, %s" % (y, *map(rname, r))
    elif kind == "smulw":
        c.text = "smulw%s %s, %s, %s" % (y, *map(rname, r[:3]))
    elif kind == "smlal":
        lo, hi = rng.distinct(range(15), 2)
        c.text = "smlal%s %s, %s, %s, %s" % (xy, rname(lo), rname(hi), rname(r[2]), rname(r[3]))
    else:
        op = rng.choice(["qadd", "qsub", "qdadd", "qdsub"])
        c.text = "%s %s, %s, %s" % (op, *map(rname, r[:3]))
    # Operands near the saturation and overflow limits.
    for reg in r:
        if rng.chance(30):
            c.regs[reg] = rng.choice([0x7fffffff, 0x80000000, 0x40000000, 0xc0000000,
                                      0x7fff7fff, 0x80008000, 0x3fffffff, 0xbfffffff])


def arm_misc(c):
    rng = c.rng
    kind = rng.choice(["clz", "mrs", "msr_r", "msr_i"])
    if kind == "clz":
        rd, rm = rng.range(0, 14), rng.range(0, 14)
        if rng.chance(50):
            c.regs[rm] = (1 << rng.below(32)) | rng.bits(32) >> rng.range(1, 32)
        c.text = "clz %s, %s" % (rname(rd), rname(rm))
    elif kind == "mrs":
        c.text = "mrs %s, cpsr" % rname(rng.range(0, 14))
    elif kind == "msr_r":
        rm = rng.range(0, 14)
        c.regs[rm] = (c.regs[rm] & 0xf8ffffff) if isinstance(c.regs[rm], int) else 0
        c.text = "msr cpsr_f, %s" % rname(rm)
    else:
        c.text = "msr cpsr_f, #0x%08x" % (rng.bits(5) << 27)


def arm_ldst(c):
    """LDR/STR/LDRB/STRB (+T forms), immediate or scaled register offset."""
    rng = c.rng
    load = rng.chance(55)
    byte = rng.chance(40)
    size = 1 if byte else 4
    op = ("ldr" if load else "str") + ("b" if byte else "")
    mode = rng.choice(["pre", "pre!", "post", "post", "t"])
    reg_off = rng.chance(45)
    rd, rn = rng.distinct(range(15), 2)  # Rn == Rd excluded with writeback; here always
    rm = any_reg(rng, (rn,)) if reg_off else None
    if mode == "t":
        op += "t"
        mode = "post"
    # Literal load: LDR{B} Rd, [pc, #imm] reads the code around the case.
    if load and not reg_off and mode == "pre" and rng.chance(15):
        off = rng.range(-64, 64) * 4
        c.text = "%s %s, [pc, #%d]" % (op, rname(rd), off)
        return
    if reg_off:
        kind = rng.choice(SHIFTS + ["rrx"])
        amount = {"rrx": 0, "lsl": rng.range(0, 3), "lsr": rng.range(1, 31), "asr": rng.range(1, 31),
                  "ror": rng.range(1, 31)}[kind]
        if kind == "lsl" and rng.chance(20):
            amount = rng.range(0, 31)
        sign = rng.choice(["", "-"])
        shift = "" if kind == "lsl" and amount == 0 else ", %s #%d" % (kind, amount)
        if kind == "rrx":
            shift = ", rrx"
    addr_hi = SCRATCH - size
    if mode == "post":
        b = aligned_in(rng, 0, addr_hi, size)
        c.base(rn, b)
        if reg_off:
            c.text = "%s %s, [%s], %s%s%s" % (op, rname(rd), rname(rn), sign, rname(rm), shift)
        else:
            c.text = "%s %s, [%s], #%d" % (op, rname(rd), rname(rn), rng.range(-4095, 4095))
        return
    b = aligned_in(rng, 0, SCRATCH - 4, 4)
    target = aligned_in(rng, 0, addr_hi, size)
    c.base(rn, b)
    wb = "!" if mode == "pre!" else ""
    if reg_off:
        s = target - b if sign == "" else b - target
        c.regs[rm] = invert_shift(rng, kind, amount, s, c.flags >> 29 & 1)
        c.text = "%s %s, [%s, %s%s%s]%s" % (op, rname(rd), rname(rn), sign, rname(rm), shift, wb)
    else:
        if abs(target - b) > 4095:
            raise Retry
        c.text = "%s %s, [%s, #%d]%s" % (op, rname(rd), rname(rn), target - b, wb)


def arm_ldst_misc(c):
    """LDRH/STRH/LDRSH/LDRSB and LDRD/STRD: immediate or register offset."""
    rng = c.rng
    op = rng.choice(["ldrh", "strh", "ldrsh", "ldrsb", "ldrd", "strd"])
    size = {"ldrh": 2, "strh": 2, "ldrsh": 2, "ldrsb": 1, "ldrd": 8, "strd": 8}[op]
    mode = rng.choice(["pre", "pre!", "post"])
    reg_off = rng.chance(40)
    if size == 8:
        rd = 2 * rng.range(0, 6)  # even, not r14
        rn = any_reg(rng, (rd, rd + 1))
        dest = "%s, %s" % (rname(rd), rname(rd + 1))
        excl = (rn, rd, rd + 1)
    else:
        rd, rn = rng.distinct(range(15), 2)
        dest = rname(rd)
        excl = (rn,)
    rm = any_reg(rng, excl) if reg_off else None
    sign = rng.choice(["", "-"])
    if op in ("ldrh", "ldrsh", "ldrsb") and mode == "pre" and not reg_off and rng.chance(15):
        c.text = "%s %s, [pc, #%d]" % (op, rname(rd), rng.range(-100, 100) * 2)
        return
    if mode == "post":
        c.base(rn, aligned_in(rng, 0, SCRATCH - size, size))
        if reg_off:
            c.text = "%s %s, [%s], %s%s" % (op, dest, rname(rn), sign, rname(rm))
        else:
            c.text = "%s %s, [%s], #%d" % (op, dest, rname(rn), rng.range(-255, 255))
        return
    target = aligned_in(rng, 0, SCRATCH - size, size)
    b = aligned_in(rng, max(0, target - 255), min(SCRATCH - 4, target + 255), 4 if rng.chance(70) else 1)
    c.base(rn, b)
    wb = "!" if mode == "pre!" else ""
    if reg_off:
        c.regs[rm] = (target - b if sign == "" else b - target) & M32
        c.text = "%s %s, [%s, %s%s]%s" % (op, dest, rname(rn), sign, rname(rm), wb)
    else:
        c.text = "%s %s, [%s, #%d]%s" % (op, dest, rname(rn), target - b, wb)


def arm_ldm(c):
    rng = c.rng
    load = rng.chance(50)
    mode = rng.choice(["ia", "ib", "da", "db"])
    rn = rng.range(0, 14)
    wb = rng.chance(60)
    n = rng.range(1, 15 if rng.chance(20) else 6)
    regs = set(rng.distinct(range(15), n))
    if wb and rn in regs and (load or rn != min(regs)):
        regs.discard(rn)
        if not regs:
            raise Retry
    n = len(regs)
    lo_off = {"ia": 0, "ib": 4, "da": -4 * n + 4, "db": -4 * n}[mode]
    b = aligned_in(rng, max(0, -lo_off), min(SCRATCH - 4, SCRATCH - 4 * n - lo_off), 4)
    c.base(rn, b)
    c.text = "%s%s %s%s, %s" % ("ldm" if load else "stm", mode, rname(rn), "!" if wb else "",
                                reglist(regs))


def arm_pld(c):
    """PLD is a hint: no register or memory effect (cond 1111 space)."""
    rng = c.rng
    rn = rng.range(0, 14)
    c.base(rn, aligned_in(rng, 0, SCRATCH - 4, 4))
    c.text = "pld [%s, #%d]" % (rname(rn), rng.range(-4095, 4095))
    c.unconditional = True


def arm_psr(c):
    """MRS/MSR of SPSR (any field mask) and MSR of the CPSR control field
    (a switch to another privileged mode, I and F kept set, T kept clear)."""
    rng = c.rng
    kind = rng.choice(["mrs", "msr_spsr", "msr_spsr", "msr_cpsr"])
    if c.mode == MODE_SYS and kind != "msr_cpsr":
        raise Retry  # system mode has no SPSR
    if kind == "mrs":
        c.text = "mrs %s, spsr" % rname(rng.range(0, 14))
        return
    if kind == "msr_spsr":
        fields = "".join(f for f in "fsxc" if rng.chance(50)) or "f"
        value = psr_value(rng, ALL_MODES)
        target = "spsr_" + fields
    else:
        fields = rng.choice(["c", "fc"])
        value = (rng.bits(5) << 27) | rng.choice(PRIV_MODES)
        target = "cpsr_" + fields
    if len(fields) == 1 and rng.chance(50):
        byte = {"f": 24, "s": 16, "x": 8, "c": 0}[fields]
        c.text = "msr %s, #0x%x" % (target, value & (0xff << byte))
    else:
        rm = rng.range(0, 14)
        c.regs[rm] = value
        c.text = "msr %s, %s" % (target, rname(rm))


def arm_ldm_user(c):
    """LDM/STM of the user-bank registers (^, no PC, no writeback)."""
    rng = c.rng
    if c.mode == MODE_SYS:
        raise Retry  # UNPREDICTABLE in system mode
    load = rng.chance(50)
    mode = rng.choice(["ia", "ib", "da", "db"])
    rn = rng.range(0, 14)
    regs = set(rng.distinct(range(15), rng.range(1, 15 if rng.chance(20) else 8)))
    if rng.chance(50):
        regs |= {13, 14}
    n = len(regs)
    lo_off = {"ia": 0, "ib": 4, "da": -4 * n + 4, "db": -4 * n}[mode]
    c.base(rn, aligned_in(rng, max(0, -lo_off), min(SCRATCH - 4, SCRATCH - 4 * n - lo_off), 4))
    c.text = "%s%s %s, %s^" % ("ldm" if load else "stm", mode, rname(rn), reglist(regs))


def arm_swp(c):
    rng = c.rng
    rn = rng.range(0, 14)
    rd, rm = any_reg(rng, (rn,)), any_reg(rng, (rn,))
    byte = rng.chance(40)
    c.base(rn, aligned_in(rng, 0, SCRATCH - 4, 1 if byte else 4))
    c.text = "swp%s %s, %s, [%s]" % ("b" if byte else "", rname(rd), rname(rm), rname(rn))


# ---------------------------------------------------------------------------
# Thumb classes (low registers unless stated)


def low(rng, exclude=()):
    return rng.choice([r for r in range(8) if r not in exclude])


def thumb_shift_imm(c):
    rng = c.rng
    kind = rng.choice(["lsl", "lsr", "asr"])
    amount = rng.range(0, 31) if kind == "lsl" else rng.range(1, 32)
    c.text = "%ss %s, %s, #%d" % (kind, rname(low(rng)), rname(low(rng)), amount)


def thumb_addsub(c):
    rng = c.rng
    op = rng.choice(["adds", "subs"])
    rd, rn = low(rng), low(rng)
    if rng.chance(50):
        c.text = "%s %s, %s, %s" % (op, rname(rd), rname(rn), rname(low(rng)))
    else:
        c.text = "%s %s, %s, #%d" % (op, rname(rd), rname(rn), rng.range(0, 7))


def thumb_imm8(c):
    rng = c.rng
    op = rng.choice(["movs", "cmp", "adds", "subs"])
    c.text = "%s %s, #%d" % (op, rname(low(rng)), rng.bits(8))


def thumb_alu(c):
    rng = c.rng
    op = rng.choice(["ands", "eors", "lsls", "lsrs", "asrs", "adcs", "sbcs", "rors", "tst",
                     "negs", "cmp", "cmn", "orrs", "muls", "bics", "mvns"])
    rd = low(rng)
    rm = low(rng, (rd,) if op == "muls" else ())
    if op in ("lsls", "lsrs", "asrs", "rors") and rng.chance(60):
        c.regs[rm] = rng.choice([0, 1, 31, 32, 33, 255, 256, rng.range(0, 40)])
    if op == "muls":
        c.text = "muls %s, %s, %s" % (rname(rd), rname(rm), rname(rd))
    else:
        c.text = "%s %s, %s" % (op, rname(rd), rname(rm))


def thumb_hireg(c):
    rng = c.rng
    op = rng.choice(["add", "cmp", "mov"])
    while True:
        rd, rm = rng.range(0, 14), rng.range(0, 14)
        if rd >= 8 or rm >= 8:
            break
    c.text = "%s %s, %s" % (op, rname(rd), rname(rm))


def thumb_ldst(c):
    rng = c.rng
    form = rng.choice(["reg", "imm", "sp", "lit"])
    if form == "lit":
        c.text = "ldr %s, [pc, #%d]" % (rname(low(rng)), 4 * rng.range(0, 255))
        return
    if form == "sp":
        op = rng.choice(["ldr", "str"])
        target = aligned_in(rng, 0, SCRATCH - 4, 4)
        b = aligned_in(rng, max(0, target - 1020), target, 4)
        c.base(13, b)
        c.text = "%s %s, [sp, #%d]" % (op, rname(low(rng)), target - b)
        return
    if form == "reg":
        op = rng.choice(["str", "strh", "strb", "ldrsb", "ldr", "ldrh", "ldrb", "ldrsh"])
    else:
        op = rng.choice(["str", "strh", "strb", "ldr", "ldrh", "ldrb"])
    size = {"str": 4, "ldr": 4, "strh": 2, "ldrh": 2, "ldrsh": 2}.get(op, 1)
    rd = low(rng)
    rn = low(rng)
    target = aligned_in(rng, 0, SCRATCH - size, size)
    if form == "reg":
        rm = low(rng, (rn,))
        if rd == rn and op.startswith("str"):
            pass  # stores Rn's own value: defined
        b = aligned_in(rng, 0, SCRATCH - 1, 1)
        c.base(rn, b)
        c.regs[rm] = (target - b) & M32
        c.text = "%s %s, [%s, %s]" % (op, rname(rd), rname(rn), rname(rm))
    else:
        b = aligned_in(rng, max(0, target - 31 * size), target, size)
        c.base(rn, b)
        c.text = "%s %s, [%s, #%d]" % (op, rname(rd), rname(rn), target - b)


def thumb_addr(c):
    rng = c.rng
    kind = rng.choice(["adr", "addsp", "spadj"])
    if kind == "adr":
        c.text = "add %s, pc, #%d" % (rname(low(rng)), 4 * rng.bits(8))
    elif kind == "addsp":
        c.text = "add %s, sp, #%d" % (rname(low(rng)), 4 * rng.bits(8))
    else:
        c.text = "%s sp, #%d" % (rng.choice(["add", "sub"]), 4 * rng.range(0, 127))


def thumb_stack(c):
    rng = c.rng
    regs = set(rng.distinct(range(8), rng.range(0, 8)))
    if rng.chance(50):
        push = True
        if rng.chance(50) or not regs:
            regs.add(14)
    else:
        push = False
        if not regs:
            regs.add(rng.range(0, 7))
    n = len(regs)
    if push:
        b = aligned_in(rng, 4 * n, SCRATCH - 4, 4)
    else:
        b = aligned_in(rng, 0, SCRATCH - 4 * n, 4)
    c.base(13, b)
    c.text = "%s %s" % ("push" if push else "pop", reglist(regs))


def thumb_ldm(c):
    rng = c.rng
    rn = low(rng)
    regs = set(rng.distinct([r for r in range(8) if r != rn], rng.range(1, 7)))
    c.base(rn, aligned_in(rng, 0, SCRATCH - 4 * len(regs), 4))
    c.text = "%s %s!, %s" % (rng.choice(["ldmia", "stmia"]), rname(rn), reglist(regs))


CLASSES = [
    (14, ("arm", lambda c: arm_dp(c, "imm"))),
    (14, ("arm", lambda c: arm_dp(c, "shift"))),
    (12, ("arm", lambda c: arm_dp(c, "reg"))),
    (6, ("arm", arm_mul)),
    (8, ("arm", arm_dsp)),
    (4, ("arm", arm_misc)),
    (10, ("arm", arm_ldst)),
    (7, ("arm", arm_ldst_misc)),
    (6, ("arm", arm_ldm)),
    (2, ("arm", arm_swp)),
    (1, ("arm", arm_pld)),
    (3, ("arm", arm_psr)),
    (3, ("arm", arm_ldm_user)),
    (3, ("thumb", thumb_shift_imm)),
    (3, ("thumb", thumb_addsub)),
    (3, ("thumb", thumb_imm8)),
    (8, ("thumb", thumb_alu)),
    (3, ("thumb", thumb_hireg)),
    (6, ("thumb", thumb_ldst)),
    (2, ("thumb", thumb_addr)),
    (3, ("thumb", thumb_stack)),
    (3, ("thumb", thumb_ldm)),
]


def make_case(rng):
    while True:
        c = Case(rng)
        state, fn = rng.weighted(CLASSES)
        c.thumb = state == "thumb"
        try:
            fn(c)
        except Retry:
            continue
        # ARM: 30% of the cases get a random condition (AL excluded: it is the
        # default), so every class also runs with its condition failing.
        if not c.thumb and not c.unconditional and rng.chance(30):
            op, rest = c.text.split(" ", 1)
            c.text = "%s%s %s" % (op, rng.choice(CONDS), rest)
        # Thumb: half the instructions sit at an address = 2 (mod 4), after a
        # NOP, so PC-relative forms see both PC alignments.
        c.pad = c.thumb and rng.chance(50)
        c.finish()
        return c


def reg_word(v):
    if isinstance(v, tuple):
        return "fuzz_scratch + 0x%x" % v[1]
    return "0x%08x" % v


def program(name, seed):
    rng = Rng(seed)
    cases = [make_case(rng) for _ in range(CASES)]
    out = ["@ %s: generated by tests/guest/arm/fuzz/gen.py (seed 0x%x); do not edit." % (name, seed),
           "        .syntax unified", "        .text", "        .align 2"]
    for k, c in enumerate(cases):
        out.append("@ case %d" % k)
        if c.thumb:
            out += ["        .thumb", "case_%d:" % k] + (["        nop"] if c.pad else []) + [
                    "        " + c.text,
                    "        .align 2", "        bx pc", "        nop", "        .arm",
                    "        b fuzz_save"]
        else:
            out += ["        .arm", "case_%d:" % k, "        " + c.text, "        b fuzz_save"]
    out += ["        .section .rodata", "        .align 2", "        .global fuzz_cases, fuzz_ncases",
            "fuzz_ncases:", "        .word %d" % CASES, "fuzz_cases:"]
    for k, c in enumerate(cases):
        out.append("        .word 0x%08x  @ %d: %s%s" % (c.flags, k, "thumb: " if c.thumb else "",
                                                         c.text))
        for i in range(0, 15, 5):
            out.append("        .word " + ", ".join(reg_word(v) for v in c.regs[i:i + 5]))
        out.append("        .word case_%d%s, 0x%02x, 0x%08x" % (k, " + 1" if c.thumb else "", c.mode,
                                                            c.spsr))
        out.append("        .word " + ", ".join(reg_word(v) for v in c.usr))
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
