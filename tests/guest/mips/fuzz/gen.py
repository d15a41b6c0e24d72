#!/usr/bin/env python3
"""Random-instruction differential test generator for malta's 24Kf (MIPS32r2, FPU).

The instructions come from boardwalk's encoding table, core/cpu/mips/decoder.cpp: every ROW
(and FMT_SD pair) is read with its bit pattern, and each field run of the pattern (s rs, t rt,
d rd, a sa, i immediate, f fs/fd/fr, g ft, ...) is filled by the operand rule of that mnemonic
below. Every row of the table is either generated (INT_RULES, FP_RULES) or listed in EXCLUDED
with a reason; gen.py stops if a row is in neither, so a new row cannot be forgotten.

Two kinds of programs (PROGRAMS, fixed seeds):
  ifuzz*: integer blocks. Each block loads HI, LO and r1-r31 (not k0, sp) from its record,
          runs a few random integer instructions (ALU, shifts, bit fields, HI/LO, loads and
          stores confined to the scratch buffer, LL/SC pairs, forward branches and jumps with
          their delay slots, traps, SYSCALL/BREAK, RDHWR, COP2 and reserved encodings), and
          the harness prints what changed: GPRs, HI/LO, the exceptions taken (handled by
          skipping the instruction) and a checksum of the scratch buffer.
  ffuzz*: FPU blocks. Each block sets Status.FR, FCSR (rounding mode, FS, flags, sometimes
          enables), the 32 FPRs (edge-biased values) and the GPRs, runs random CP1/COP1X
          instructions, and the harness prints FCSR, the FPRs, GPRs and exceptions.
The output is recorded from qemu-system-mipsel -M malta (tests/guest/record-fuzz-expected.sh) and compared
with boardwalk's (tests/mipsfuzz.cmake).

    gen.py OUTDIR [DECODER_CPP]   write OUTDIR/<prog>.S for every program
    gen.py --list                 print the program names

Standard library only, and its own PRNG, so the output never depends on the Python version.
Register conventions: k0 ($26) carries the jump into the block and is clobbered by the
exception vector; sp ($29) is the block's exception stack: neither is ever written by a
generated instruction, and k0 is never read.
"""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
import fuzz_rng  # noqa: E402  (tests/guest/fuzz_rng.py)

HERE = os.path.dirname(os.path.abspath(__file__))
DECODER = os.path.join(HERE, "..", "..", "..", "..", "core", "cpu", "mips", "decoder.cpp")

SCRATCH = 1024  # bytes of fuzz_scratch in harness.c
INT_BLOCKS = 400
FP_BLOCKS = 300
PROGRAMS = [("ifuzz%d" % i, "int", s) for i, s in enumerate(
    [0x3A1B2C3D, 0x5EED1001, 0x5EED1002, 0x0DEC0DE5, 0x600DCAFE, 0x12345678, 0x7A7A7A7A,
     0x0B0B0B0B])] + [("ffuzz%d" % i, "fp", s) for i, s in enumerate(
    [0x0F10A700, 0x0F10A701, 0x0F10A702, 0x0F10A703, 0x0F10A704, 0x0F10A705, 0x0F10A706,
     0x0F10A707])]

K0, SP, RA = 26, 29, 31
M32 = 0xffffffff
INTERESTING = [0, 1, 2, 0x7fffffff, 0x80000000, 0xffffffff, 0xfffffffe, 0x80000001, 0x7ffffffe,
               0xffff, 0x10000, 0x7fff, 0x8000, 0xffff8000, 0xff, 0x80, 0xffffff80, 31, 32, 33]


Rng = fuzz_rng.Rng


class Retry(Exception):
    """The drawn operands cannot form a valid instruction here; draw again."""


# ---------------------------------------------------------------------------
# The encoding table


class Row:
    def __init__(self, mnemonic, pattern):
        self.mnemonic = mnemonic
        self.pattern = pattern.replace(" ", "")
        assert len(self.pattern) == 32, mnemonic
        self.mask = self.value = 0
        for ch in self.pattern:
            self.mask = self.mask << 1 | (ch in "01")
            self.value = self.value << 1 | (ch == "1")
        # Field runs, most significant first: (letter, shift, width). Spaces separate fields
        # too ("fffff fffff" is fs then fd).
        self.fields = []
        pos = 32
        for group in pattern.split():
            i = 0
            while i < len(group):
                j = i
                while j < len(group) and group[j] == group[i]:
                    j += 1
                if group[i] not in "01":
                    self.fields.append((group[i], pos - j, j - i))
                i = j
            pos -= len(group)
        assert pos == 0

    def encode(self, values):
        """values: letter -> value, or letter -> list of values for repeated letters."""
        word = self.value
        seen = {}
        for ch, shift, width in self.fields:
            v = values.get(ch, 0)
            if isinstance(v, list):
                v = v[seen.get(ch, 0)]
                seen[ch] = seen.get(ch, 0) + 1
            assert 0 <= v < (1 << width), (self.mnemonic, ch, v)
            word |= v << shift
        assert word & self.mask == self.value
        return word


def read_table(path):
    text = open(path).read()
    table = text[text.index("const InsnRow kTable[]"):]
    table = table[:table.index("\n};")]
    rows = []
    for m in re.finditer(r'ROW\(\w+, "([^"]+)", "([01a-z ]+)"|FMT_SD\(\w+, "([^"]+)", "([01a-z]+)"\)',
                         table):
        if m.group(1):
            rows.append(Row(m.group(1), m.group(2)))
        else:
            for fmt, bits in (("S", "10000"), ("D", "10001")):
                rows.append(Row("%s.%s" % (m.group(3), fmt),
                                "010001 %s ggggg fffff fffff %s" % (bits, m.group(4))))
    return rows


# ---------------------------------------------------------------------------
# Blocks


class Block:
    """One block: initial registers, its instruction list, what has been written so far."""

    def __init__(self, rng, index, fp):
        self.rng = rng
        self.index = index
        self.fp = fp
        self.regs = [0] + [int_value(rng) for _ in range(31)]
        self.hi, self.lo = int_value(rng), int_value(rng)
        self.items = []        # (text or None, word or None, comment)
        self.written = set()   # GPRs written by an earlier instruction
        self.pinned = {}       # GPR -> its initial value is a scratch offset or a label
        self.no_target = set()  # item indices a branch may not land on (inside LL/SC)
        self.targets = set()  # item indices some branch lands on
        self.length = 0        # planned number of items

    def label(self, idx):
        return "b%d_%d" % (self.index, idx)

    def pin(self, r, value):
        """Give r a fixed initial value (scratch offset ('S', off) or label) unless already
        pinned; returns the pinned value. r must not have been written yet."""
        assert r not in self.written
        if r not in self.pinned:
            self.pinned[r] = value
            self.regs[r] = value
        return self.pinned[r]

    def pointer_reg(self, rng, exclude=()):
        """A GPR usable as a base address: not written so far, not $0/k0/sp, and either
        already pointing into the scratch buffer or free to be pinned there."""
        pool = [r for r in range(1, 32) if r not in (K0, SP) and r not in self.written
                and r not in exclude
                and (r not in self.pinned or isinstance(self.pinned[r], tuple))]
        if not pool:
            raise Retry
        r = rng.choice(pool)
        base = self.pin(r, ("S", rng.range(0, SCRATCH // 8 - 1) * 8))
        return r, base[1]


def int_value(rng):
    x = rng.below(100)
    if x < 35:
        return rng.choice(INTERESTING)
    if x < 45:
        return rng.range(0, 40)
    return rng.bits(32)


def src(rng, blk):
    """A source GPR (anything but k0)."""
    return rng.choice([r for r in range(32) if r != K0])


def dst(rng, blk):
    """A destination GPR (not k0 or sp; $0 now and then: the write must vanish)."""
    if rng.chance(4):
        return 0
    return rng.choice([r for r in range(1, 32) if r not in (K0, SP)])


# ---------------------------------------------------------------------------
# Integer operand rules: mnemonic -> (weight, fill(rng, blk, row) -> (values, dests, kind)).
# kind: "alu" (never faults), "mem" (may fault), "trap", "branch", "pair".


def r3(rng, blk, row):
    return {"s": src(rng, blk), "t": src(rng, blk), "d": dst(rng, blk)}, "alu"


def r3_ovf(rng, blk, row):
    v = {"s": src(rng, blk), "t": src(rng, blk), "d": dst(rng, blk)}
    return v, "trap"


def shift_imm(rng, blk, row):
    v = {"t": src(rng, blk), "d": dst(rng, blk), "a": rng.bits(5)}
    if rng.chance(3):
        v["x"] = rng.bits(5)  # SLL/SRA: the rs field is ignored
    return v, "alu"


def shift_var(rng, blk, row):
    v = {"s": src(rng, blk), "t": src(rng, blk), "d": dst(rng, blk)}
    if rng.chance(3):
        v["x"] = rng.bits(5)
    return v, "alu"


def imm16(rng, blk, row, signed_edges=True):
    v = {"s": src(rng, blk), "t": dst(rng, blk)}
    v["i"] = rng.choice([0, 1, 0x7fff, 0x8000, 0xffff, 0xfffe, rng.bits(16), rng.bits(16)])
    return v, "alu"


def imm16_ovf(rng, blk, row):
    v, _ = imm16(rng, blk, row)
    return v, "trap"


def lui(rng, blk, row):
    v = {"t": dst(rng, blk), "i": rng.bits(16)}
    if rng.chance(3):
        v["x"] = rng.bits(5)
    return v, "alu"


def hilo_op(rng, blk, row):
    return {"s": src(rng, blk), "t": src(rng, blk)}, "alu"


def mfhilo(rng, blk, row):
    return {"d": dst(rng, blk)}, "alu"


def mthilo(rng, blk, row):
    return {"s": src(rng, blk)}, "alu"


def mul(rng, blk, row):
    return r3(rng, blk, row)


def clz(rng, blk, row):
    # rt must equal rd (MIPS32 manual: otherwise UNPREDICTABLE).
    d = dst(rng, blk)
    return {"s": src(rng, blk), "t": d, "d": d}, "alu"


def rt_rd(rng, blk, row):
    return {"t": src(rng, blk), "d": dst(rng, blk)}, "alu"


def ext_ins(rng, blk, row):
    pos = rng.range(0, 31)
    size = rng.range(1, 32 - pos)
    if row.mnemonic == "EXT":
        m = size - 1  # msbd
    else:
        m = pos + size - 1  # msb
    return {"s": src(rng, blk), "t": dst(rng, blk), "m": m, "l": pos}, "alu"


def rdhwr(rng, blk, row):
    # $2 (CC) counts cycles: not comparable. $29 (UserLocal): see README (QEMU reads it in
    # kernel mode although the 24Kf has no Config3.ULRI).
    return {"t": dst(rng, blk), "d": rng.choice([0, 1, 3])}, "mem"


def pgpr(rng, blk, row):
    # SRSCtl.HSS = 0: the previous shadow set is the current one.
    return {"t": src(rng, blk), "d": dst(rng, blk)}, "alu"


def trap_reg(rng, blk, row):
    s, t = src(rng, blk), src(rng, blk)
    if rng.chance(30):
        t = s
    return {"s": s, "t": t, "c": rng.bits(10)}, "trap"


def trap_imm(rng, blk, row):
    return {"s": src(rng, blk), "i": rng.choice([0, 1, 0xffff, 0x8000, 0x7fff, rng.bits(16)])}, \
        "trap"


def sys_break(rng, blk, row):
    return {"c": rng.bits(20)}, "trap"


def cop2(rng, blk, row):
    return {"x": rng.bits(26), "s": src(rng, blk), "t": src(rng, blk), "i": rng.bits(16)}, "trap"


def sync(rng, blk, row):
    return {"a": rng.choice([0, 0, 4, 16, 17, 19])}, "alu"


LOAD_SIZE = {"LB": 1, "LBU": 1, "LH": 2, "LHU": 2, "LW": 4, "LWL": 1, "LWR": 1, "LL": 4,
             "SB": 1, "SH": 2, "SW": 4, "SWL": 1, "SWR": 1, "PREF": 1, "SYNCI": 1}


def mem_addr(rng, blk, size, misalign=0):
    """base register and 16-bit offset for an access of |size| inside the scratch buffer
    (misaligned by |misalign| bytes when asked)."""
    base_r, base = blk.pointer_reg(rng)
    target = rng.range(0, (SCRATCH - 4) // size) * size + misalign
    off = (target - base) & 0xffff
    return base_r, off


def load_store(rng, blk, row):
    size = LOAD_SIZE[row.mnemonic]
    mis = 0
    if size > 1 and rng.chance(5):
        mis = rng.range(1, size - 1)  # Address Error
    base_r, off = mem_addr(rng, blk, size, mis)
    load = row.mnemonic.startswith("L")
    t = dst(rng, blk) if load else src(rng, blk)
    kind = "mem" if mis else "alu"
    return {"s": base_r, "t": t, "i": off}, kind


def pref(rng, blk, row):
    base_r, off = mem_addr(rng, blk, 1)
    if row.mnemonic == "SYNCI":
        return {"s": base_r, "i": off}, "alu"
    return {"s": base_r, "h": rng.choice([0, 1, 4, 5, 25, 30]), "i": off}, "alu"


def llsc(rng, blk, row):
    return None, "pair"  # built by make_llsc


BR_SKIP = "branch"  # handled in make_branch

INT_RULES = {
    "SLL": (4, shift_imm), "SRL": (3, shift_imm), "SRA": (3, shift_imm), "ROTR": (3, shift_imm),
    "SLLV": (3, shift_var), "SRLV": (3, shift_var), "SRAV": (3, shift_var),
    "ROTRV": (3, shift_var),
    "MOVZ": (3, r3), "MOVN": (3, r3),
    "MFHI": (3, mfhilo), "MFLO": (3, mfhilo), "MTHI": (2, mthilo), "MTLO": (2, mthilo),
    "MULT": (3, hilo_op), "MULTU": (3, hilo_op), "DIV": (3, hilo_op), "DIVU": (3, hilo_op),
    "MADD": (2, hilo_op), "MADDU": (2, hilo_op), "MSUB": (2, hilo_op), "MSUBU": (2, hilo_op),
    "ADD": (3, r3_ovf), "ADDU": (4, r3), "SUB": (3, r3_ovf), "SUBU": (4, r3),
    "AND": (3, r3), "OR": (3, r3), "XOR": (3, r3), "NOR": (3, r3), "SLT": (3, r3),
    "SLTU": (3, r3), "MUL": (3, mul), "CLZ": (2, clz), "CLO": (2, clz),
    "ADDI": (3, imm16_ovf), "ADDIU": (4, imm16), "SLTI": (3, imm16), "SLTIU": (3, imm16),
    "ANDI": (3, imm16), "ORI": (3, imm16), "XORI": (3, imm16), "LUI": (3, lui),
    "EXT": (4, ext_ins), "INS": (4, ext_ins), "WSBH": (2, rt_rd), "SEB": (2, rt_rd),
    "SEH": (2, rt_rd), "RDHWR": (1, rdhwr), "RDPGPR": (1, pgpr), "WRPGPR": (1, pgpr),
    "TGE": (1, trap_reg), "TGEU": (1, trap_reg), "TLT": (1, trap_reg), "TLTU": (1, trap_reg),
    "TEQ": (1, trap_reg), "TNE": (1, trap_reg), "TGEI": (1, trap_imm), "TGEIU": (1, trap_imm),
    "TLTI": (1, trap_imm), "TLTIU": (1, trap_imm), "TEQI": (1, trap_imm), "TNEI": (1, trap_imm),
    "SYSCALL": (1, sys_break), "BREAK": (1, sys_break), "SYNC": (1, sync),
    "NOP": (1, lambda rng, blk, row: ({}, "alu")), "SSNOP": (1, lambda rng, blk, row: ({}, "alu")),
    "EHB": (1, lambda rng, blk, row: ({}, "alu")),
    "LB": (3, load_store), "LH": (3, load_store), "LWL": (3, load_store), "LW": (3, load_store),
    "LBU": (3, load_store), "LHU": (3, load_store), "LWR": (3, load_store),
    "SB": (3, load_store), "SH": (3, load_store), "SWL": (3, load_store), "SW": (3, load_store),
    "SWR": (3, load_store), "PREF": (1, pref), "SYNCI": (1, pref), "LL": (3, llsc),
    "LWC2": (1, cop2), "LDC2": (1, cop2), "SWC2": (1, cop2),
    "SDC2": (1, cop2),
    "BEQ": (2, BR_SKIP), "BNE": (2, BR_SKIP), "BLEZ": (2, BR_SKIP), "BGTZ": (2, BR_SKIP),
    "BLTZ": (2, BR_SKIP), "BGEZ": (2, BR_SKIP), "BLTZAL": (1, BR_SKIP), "BGEZAL": (1, BR_SKIP),
    "BEQL": (1, BR_SKIP), "BNEL": (1, BR_SKIP), "BLEZL": (1, BR_SKIP), "BGTZL": (1, BR_SKIP),
    "BLTZL": (1, BR_SKIP), "BGEZL": (1, BR_SKIP), "BLTZALL": (1, BR_SKIP),
    "BGEZALL": (1, BR_SKIP), "J": (1, BR_SKIP), "JAL": (1, BR_SKIP), "JR": (1, BR_SKIP),
    "JALR": (1, BR_SKIP),
}
# Generated as the second half of an LL/SC pair.
PAIRED = {"SC"}

# Rows never generated, with the reason.
EXCLUDED = {
    "MFC0": "privileged CP0 state (timer, Status) the harness depends on",
    "MTC0": "privileged CP0 state the harness depends on",
    "DI": "changes Status.IE (privileged control)", "EI": "changes Status.IE",
    "TLBR": "TLB maintenance (privileged)", "TLBWI": "TLB maintenance (privileged)",
    "TLBWR": "TLB maintenance (privileged)", "TLBP": "TLB maintenance (privileged)",
    "ERET": "exception return: leaves the block", "WAIT": "stops the CPU until an interrupt",
    "CACHE": "cache maintenance: several operations write CP0 tag state",
    "COP2": "QEMU raises Reserved Instruction instead of Coprocessor Unusable (README)",
}
# Conditional branches: mnemonic -> (takes rt, links).
BRANCH_FORMS = {"BEQ": (True, False), "BNE": (True, False), "BLEZ": (False, False),
                "BGTZ": (False, False), "BLTZ": (False, False), "BGEZ": (False, False),
                "BLTZAL": (False, True), "BGEZAL": (False, True), "BEQL": (True, False),
                "BNEL": (True, False), "BLEZL": (False, False), "BGTZL": (False, False),
                "BLTZL": (False, False), "BGEZL": (False, False), "BLTZALL": (False, True),
                "BGEZALL": (False, True), "BC1F": (False, False), "BC1T": (False, False),
                "BC1FL": (False, False), "BC1TL": (False, False)}


def word_item(row, values):
    return (None, row.encode(values), row.mnemonic)


def slot_instruction(rng, blk, rows, rules):
    """An instruction for a delay slot or the inside of an LL/SC pair: never faults, never
    branches, never touches memory."""
    while True:
        m = rng.choice(sorted(k for k, (w, f) in rules.items()
                              if callable(f) and f in SAFE_FILLS))
        try:
            values, kind = rules[m][1](rng, blk, rows[m])
        except Retry:
            continue
        if kind == "alu":
            return rows[m], values


SAFE_FILLS = {r3, shift_imm, shift_var, imm16, lui, hilo_op, mfhilo, mthilo, mul, clz, rt_rd,
              ext_ins}


def note_writes(blk, row, values):
    """Record GPRs the instruction writes (conservatively: every d/t destination field)."""
    m = row.mnemonic
    for ch in "dt":
        if ch in values and isinstance(values[ch], int):
            blk.written.add(values[ch])
    blk.written.add(RA) if m in ("BLTZAL", "BGEZAL", "BLTZALL", "BGEZALL", "JAL") else None


def make_branch(rng, blk, rows, rules, m, pos):
    """A branch at item |pos| with a delay slot and a forward target inside the block. Returns
    the items."""
    room = blk.length - (pos + 2)  # instructions between the slot and the block's end
    if room < 0:
        raise Retry
    skip = rng.range(0, min(room, 2))
    target = pos + 2 + skip
    if target in blk.no_target:
        raise Retry
    blk.targets.add(target)
    row = rows[m]
    items = []
    links = m in ("JAL", "JALR") or BRANCH_FORMS.get(m, (False, False))[1]
    if m in ("J", "JAL"):
        items.append(("%s %s" % (m.lower(), blk.label(target)), None, m))
        if m == "JAL":
            blk.written.add(RA)
    elif m in ("JR", "JALR"):
        pool = [r for r in range(1, 32) if r not in (K0, SP) and r not in blk.written
                and r not in blk.pinned]
        if not pool:
            raise Retry
        rs = rng.choice(pool)
        blk.pin(rs, blk.label(target))
        values = {"s": rs}
        if m == "JALR":
            rd = rng.choice([r for r in range(1, 32) if r not in (K0, SP, rs)])
            values["d"] = rd
            blk.written.add(rd)
        items.append(word_item(row, values))
    else:
        takes_rt = BRANCH_FORMS[m][0]
        values = {"i": skip + 1}
        if m.startswith("BC1"):
            values["n"] = rng.bits(3)
        else:
            rs = src(rng, blk)
            if links and rs == RA:
                raise Retry  # rs = 31 with link: UNPREDICTABLE
            values["s"] = rs
            if takes_rt:
                values["t"] = rs if rng.chance(20) else src(rng, blk)
        if links:
            blk.written.add(RA)
        items.append(word_item(row, values))
    srow, sv = slot_instruction(rng, blk, rows, rules)
    if links and ("d" in sv and sv["d"] == RA or "t" in sv and sv["t"] == RA and
                  "d" not in sv):
        raise Retry  # the slot must not rewrite the link register
    note_writes(blk, srow, sv)
    items.append(word_item(srow, sv))
    return items


def make_llsc(rng, blk, rows, rules, pos):
    """LL rt, off(base); 0-2 ALU instructions; SC rt2, off(base) (same address)."""
    n_mid = rng.range(0, 2)
    if pos + n_mid + 2 > blk.length:
        raise Retry
    base_r, base = blk.pointer_reg(rng)
    target = rng.range(0, SCRATCH // 4 - 1) * 4
    off = (target - base) & 0xffff
    lt = dst(rng, blk)
    if lt == base_r:
        raise Retry
    items = [word_item(rows["LL"], {"s": base_r, "t": lt, "i": off})]
    blk.written.add(lt)
    for _ in range(n_mid):
        while True:
            r, v = slot_instruction(rng, blk, rows, rules)
            if base_r not in (v.get("d"), v.get("t") if "d" not in v else None):
                break
        note_writes(blk, r, v)
        items.append(word_item(r, v))
    st = dst(rng, blk)
    items.append(word_item(rows["SC"], {"s": base_r, "t": st, "i": off}))
    blk.written.add(st)
    inside = set(range(pos + 1, pos + len(items)))
    if inside & blk.targets:
        raise Retry
    blk.no_target |= inside
    return items


def key_mask(op):
    """The opcode bits that select an instruction (not its should-be-zero fields)."""
    if op in (0x00, 0x1c, 0x1f, 0x13):
        return 0xfc00003f
    if op == 0x01:
        return 0xfc1f0000
    if op in (0x10, 0x11):
        return 0xffe0003f
    return 0xfc000000


def reserved_word(rng, rows):
    """A word whose opcode (and function) no row of the table (incl. CP1/COP1X) uses:
    Reserved Instruction. Encodings of a known instruction with non-zero should-be-zero
    fields are not generated (QEMU ignores those fields; see README)."""
    while True:
        # Not 0x1d: JALX, which enters MIPS16e mode on QEMU's 24Kf (boardwalk has no MIPS16e).
        # Not 0x1e: QEMU executes the MDMX/MSA opcode as a no-op on pre-R6 CPUs (README).
        # Not 0x10/0x11/0x12: coprocessor spaces.
        op = rng.choice([0, 0, 1, 0x1c, 0x1f, 0x1f, 0x18, 0x19, 0x1a, 0x1b, 0x27, 0x2c, 0x2d,
                         0x34, 0x37, 0x3b, 0x3c, 0x3f])
        w = (op << 26) | rng.bits(26)
        if op == 0x1c and w & 63 == 0x3f:
            continue  # SDBBP: QEMU enters EJTAG debug mode (not modelled by boardwalk)
        if not any(w & r.mask & key_mask(op) == r.value & key_mask(op) for r in rows.values()):
            return w


def int_block(rng, index, rows, rules, weights):
    blk = Block(rng, index, False)
    blk.length = rng.range(3, 9)
    while len(blk.items) < blk.length:
        pos = len(blk.items)
        if rng.chance(2):
            blk.items.append((None, reserved_word(rng, rows), "reserved"))
            continue
        m = pick(rng, weights)
        try:
            if rules[m][1] == BR_SKIP:
                items = make_branch(rng, blk, rows, rules, m, pos)
            elif rules[m][1] == llsc:
                items = make_llsc(rng, blk, rows, rules, pos)
            else:
                values, kind = rules[m][1](rng, blk, rows[m])
                note_writes(blk, rows[m], values)
                items = [word_item(rows[m], values)]
        except Retry:
            continue
        if pos + len(items) > blk.length:
            blk.length = pos + len(items)
        blk.items += items
    return blk


def pick(rng, weights):
    total = sum(w for w, _ in weights)
    x = rng.below(total)
    for w, m in weights:
        if x < w:
            return m
        x -= w
    raise AssertionError


# ---------------------------------------------------------------------------
# FPU

# Edge values (legacy MIPS NaNs: the most significant fraction bit set means signalling).
SINGLES = [0x00000000, 0x80000000, 0x00000001, 0x80000001, 0x007fffff, 0x807fffff, 0x00400000,
           0x00800000, 0x80800000, 0x00800001, 0x7f7fffff, 0xff7fffff, 0x7f800000, 0xff800000,
           0x7fbfffff, 0x7f800001, 0xffbfffff, 0x7fc00000, 0x7fffffff, 0xffc00001, 0x3f800000,
           0xbf800000, 0x3f800001, 0x3f7fffff, 0x33800000, 0x33800001, 0x34000000, 0x3fc00000,
           0xbfc00000, 0x40200000, 0xc0200000, 0x3f000000, 0xbf000000, 0x3effffff, 0x4b000000,
           0x4b000001, 0x4b7fffff, 0x4f000000, 0x4effffff, 0xcf000000, 0xcf000001, 0x5f000000,
           0xdf000000, 0x5effffff, 0x40490fdb, 0x3eaaaaab, 0x0d800000, 0x72000000, 0x1f800000,
           0x5f800000, 0x00000003, 0x00c00000]
DOUBLES = [0x0000000000000000, 0x8000000000000000, 0x0000000000000001, 0x800fffffffffffff,
           0x000fffffffffffff, 0x0010000000000000, 0x8010000000000000, 0x7fefffffffffffff,
           0xffefffffffffffff, 0x7ff0000000000000, 0xfff0000000000000, 0x7ff7ffffffffffff,
           0x7ff0000000000001, 0x7ff8000000000000, 0xfff8000000000001, 0x7fffffffffffffff,
           0x3ff0000000000000, 0xbff0000000000000, 0x3ff0000000000001, 0x3fefffffffffffff,
           0x3ca0000000000000, 0x3ca0000000000001, 0x3ff8000000000000, 0xbff8000000000000,
           0x4004000000000000, 0xc004000000000000, 0x3fe0000000000000, 0xbfe0000000000000,
           0x4330000000000000, 0x4330000000000001, 0x41dfffffffc00000, 0x41dfffffffe00000,
           0x41e0000000000000, 0xc1e0000000000000, 0xc1e0000000100000, 0xc1e0000000200000,
           0x43e0000000000000, 0xc3e0000000000000, 0x43dfffffffffffff, 0x47efffffe0000000,
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
    if x < 85:  # a random normal near 1 with a tie-prone low part
        return (rng.range(0x3e000000, 0x41000000) & ~0xff) | rng.choice([0, 0x80, 0x7f, 0x81, 1])
    return rng.bits(32)


def double_value(rng):
    x = rng.below(100)
    if x < 55:
        return rng.choice(DOUBLES)
    if x < 65:  # a 64-bit integer
        return rng.choice([0, 1, (1 << 64) - 1, 1 << 63, (1 << 63) - 1, 1 << 53, (1 << 53) + 1,
                           (1 << 24) + 1, 0xfffffffffffffffd, (1 << 31), 0xffffffff7fffffff])
    if x < 75:  # a single's value widened, so that cvt.s.d and compares meet equal values
        s = rng.choice(SINGLES)
        sign, exp, frac = s >> 31, (s >> 23) & 0xff, s & 0x7fffff
        if exp == 0 or exp == 255:
            return rng.choice(DOUBLES)
        return (sign << 63) | ((exp - 127 + 1023) << 52) | (frac << 29)
    if x < 88:  # near 1 with rounding-sensitive low bits
        return ((rng.range(0x3fc, 0x410) << 52) | (rng.bits(52) & ~0x1fffffff) |
                rng.choice([0x10000000, 0x0fffffff, 0x10000001, 0, 0x1fffffff]))
    return rng.bits(64)


FMT_S, FMT_D = "S", "D"


class FpBlock(Block):
    def __init__(self, rng, index):
        super().__init__(rng, index, True)
        self.fr = rng.chance(50)
        rm = rng.bits(2)
        fs = 1 << 24 if rng.chance(25) else 0
        flags = rng.bits(5) << 2 if rng.chance(30) else 0
        enables = 0
        if rng.chance(12):
            enables = rng.choice([1, 2, 4, 8, 16, 0x1f, 0x10, 0x04]) << 7
        fcc = rng.bits(8)
        self.fcsr = rm | fs | flags | enables | (fcc & 1) << 23 | (fcc >> 1) << 25
        # FPRs: 64 words (FR=1: 32 doubles, low word first; FR=0: words 0-31 are f0-f31).
        words = []
        if self.fr:
            for _ in range(32):
                v = double_value(rng) if rng.chance(60) else (
                    (rng.choice([0, 0xffffffff, rng.bits(32)]) << 32) | single_value(rng))
                words += [v & M32, v >> 32]
        else:
            for _ in range(16):
                if rng.chance(50):
                    v = double_value(rng)
                    words += [v & M32, v >> 32]
                else:
                    words += [single_value(rng), single_value(rng)]
            words += [0] * 32
        self.fpr = words
        # Some GPRs are zero or FP patterns (MOVZ/MOVN.fmt, MTC1, CTC1).
        for r in range(1, 32):
            if rng.chance(25):
                self.regs[r] = rng.choice([0, single_value(rng)])


def fpr_any(rng, blk):
    return rng.bits(5)


def fpr_for(rng, blk, fmt):
    """A register for a 64-bit operand: even when FR=0 (odd is Reserved Instruction there:
    now and then on purpose)."""
    r = rng.bits(5)
    if fmt in ("D", "L") and not blk.fr and not rng.chance(3):
        r &= ~1
    return r


def fmt_of(m):
    parts = m.split(".")
    return parts[-1]


def fp_arith(rng, blk, row):
    f = fmt_of(row.mnemonic)
    return {"g": fpr_for(rng, blk, f), "f": [fpr_for(rng, blk, f), fpr_for(rng, blk, f)]}, "fp"


def fp_unary(rng, blk, row):
    f = fmt_of(row.mnemonic)
    return {"g": 0, "f": [fpr_for(rng, blk, f), fpr_for(rng, blk, f)]}, "fp"


def fp_to_int(rng, blk, row):
    """ROUND/TRUNC/CEIL/FLOOR/CVT.W/L.fmt: fs in fmt, fd in W (32-bit) or L (64-bit)."""
    f = fmt_of(row.mnemonic)
    to_l = ".L." in row.mnemonic or row.mnemonic.startswith("CVT.L")
    fd = fpr_for(rng, blk, "L" if to_l else "W")
    return {"g": 0, "f": [fpr_for(rng, blk, f), fd]}, "fp"


def fp_cvt(rng, blk, row):
    """CVT.S.x / CVT.D.x: fd in the first format, fs in the second."""
    _, to, frm = row.mnemonic.split(".")
    return {"f": [fpr_for(rng, blk, frm), fpr_for(rng, blk, to)]}, "fp"


def fp_movcf(rng, blk, row):
    f = fmt_of(row.mnemonic)
    return {"g": rng.bits(3) << 2 | rng.bits(1), "f": [fpr_for(rng, blk, f),
                                                       fpr_for(rng, blk, f)]}, "fp"


def fp_movzn(rng, blk, row):
    f = fmt_of(row.mnemonic)
    return {"g": src(rng, blk), "f": [fpr_for(rng, blk, f), fpr_for(rng, blk, f)]}, "fp"


def fp_cmp(rng, blk, row):
    f = fmt_of(row.mnemonic)
    fs = fpr_for(rng, blk, f)
    ft = fs if rng.chance(10) else fpr_for(rng, blk, f)
    return {"g": ft, "f": [fs, rng.bits(3) << 2], "k": rng.bits(4)}, "fp"


def fp_madd(rng, blk, row):
    f = fmt_of(row.mnemonic)
    return {"f": [fpr_for(rng, blk, f), fpr_for(rng, blk, f), fpr_for(rng, blk, f)],
            "g": fpr_for(rng, blk, f)}, "fp"


def fp_movci(rng, blk, row):
    return {"s": src(rng, blk), "n": rng.bits(3), "d": dst(rng, blk)}, "fp"


def fp_move_gpr(rng, blk, row):
    m = row.mnemonic
    f = fpr_for(rng, blk, "D") if m in ("MFHC1", "MTHC1") else fpr_any(rng, blk)
    t = dst(rng, blk) if m.startswith("MF") else src(rng, blk)
    return {"t": t, "f": f}, "fp"


def fp_cfc1(rng, blk, row):
    return {"t": dst(rng, blk), "f": rng.choice([0, 25, 26, 28, 31, 31, 1])}, "fp"


def fp_ctc1(rng, blk, row):
    f = rng.choice([25, 26, 28, 31, 31, 31])
    # The source register gets a plausible value for that control register (enables rarely).
    pool = [r for r in range(1, 32) if r not in (K0, SP) and r not in blk.written
            and r not in blk.pinned]
    if not pool:
        raise Retry
    t = rng.choice(pool)
    if f == 25:
        v = rng.bits(8)
    elif f == 26:
        v = rng.bits(6) << 12 | rng.bits(5) << 2
    elif f == 28:
        v = rng.bits(2) | rng.bits(1) << 2 | (rng.bits(5) << 7 if rng.chance(10) else 0)
    else:
        v = (rng.bits(2) | (1 << 24 if rng.chance(30) else 0) | rng.bits(5) << 2 |
             (rng.bits(8) << 23 & 0xfe800000) | (rng.bits(5) << 7 if rng.chance(10) else 0))
    if rng.chance(5):
        v = rng.bits(32)
    blk.pin(t, v & M32)
    return {"t": t, "f": f}, "fp"


FP_SIZE = {"LWC1": 4, "SWC1": 4, "LDC1": 8, "SDC1": 8}


def fp_mem(rng, blk, row):
    m = row.mnemonic
    size = FP_SIZE[m]
    ft = fpr_for(rng, blk, "D" if size == 8 else "W")
    mis = 4 if size == 8 and rng.chance(5) else 0
    base_r, off = mem_addr(rng, blk, size, mis)
    return {"s": base_r, "f": ft, "i": off}, "fp"


def fp_memx(rng, blk, row):
    m = row.mnemonic
    size = 4 if m[1] == "W" else 8
    base_r, base = blk.pointer_reg(rng)
    pool = [r for r in range(1, 32) if r not in (K0, SP, base_r) and r not in blk.written
            and r not in blk.pinned]
    if not pool:
        raise Retry
    idx = rng.choice(pool)
    target = rng.range(0, (SCRATCH - 8) // size) * size
    if m[1] == "U":
        target += rng.range(0, 7)  # LUXC1/SUXC1 drop the low three bits
    blk.pin(idx, (target - base) & M32)
    return {"s": base_r, "t": idx, "f": fpr_for(rng, blk, "W" if size == 4 else "D")}, "fp"


def fp_prefx(rng, blk, row):
    base_r, base = blk.pointer_reg(rng)
    return {"s": base_r, "t": 0, "h": rng.bits(5)}, "fp"


FP_RULES = {}
for _m in ("ADD", "SUB", "MUL", "DIV"):
    for _f in "SD":
        FP_RULES["%s.%s" % (_m, _f)] = (6, fp_arith)
for _m in ("SQRT", "ABS", "MOV", "NEG", "RECIP", "RSQRT"):
    for _f in "SD":
        FP_RULES["%s.%s" % (_m, _f)] = (3, fp_unary)
for _m in ("ROUND.L", "TRUNC.L", "CEIL.L", "FLOOR.L", "ROUND.W", "TRUNC.W", "CEIL.W", "FLOOR.W",
           "CVT.W", "CVT.L"):
    for _f in "SD":
        FP_RULES["%s.%s" % (_m, _f)] = (2, fp_to_int)
for _f in "SD":
    FP_RULES["MOVCF.%s" % _f] = (2, fp_movcf)
    FP_RULES["MOVZ.%s" % _f] = (2, fp_movzn)
    FP_RULES["MOVN.%s" % _f] = (2, fp_movzn)
    FP_RULES["C.cond.%s" % _f] = (10, fp_cmp)
    for _m in ("MADD", "MSUB", "NMADD", "NMSUB"):
        FP_RULES["%s.%s" % (_m, _f)] = (3, fp_madd)
for _m in ("CVT.S.D", "CVT.S.W", "CVT.S.L", "CVT.D.S", "CVT.D.W", "CVT.D.L"):
    FP_RULES[_m] = (3, fp_cvt)
FP_RULES.update({
    "MOVF": (2, fp_movci), "MOVT": (2, fp_movci), "MFC1": (2, fp_move_gpr),
    "MTC1": (2, fp_move_gpr), "MFHC1": (1, fp_move_gpr), "MTHC1": (1, fp_move_gpr),
    "CFC1": (2, fp_cfc1), "CTC1": (2, fp_ctc1),
    "LWC1": (2, fp_mem), "SWC1": (2, fp_mem), "LDC1": (2, fp_mem), "SDC1": (2, fp_mem),
    "LWXC1": (1, fp_memx), "SWXC1": (1, fp_memx), "LDXC1": (1, fp_memx), "SDXC1": (1, fp_memx),
    "LUXC1": (1, fp_memx), "SUXC1": (1, fp_memx), "PREFX": (1, fp_prefx),
    "BC1F": (2, BR_SKIP), "BC1T": (2, BR_SKIP), "BC1FL": (1, BR_SKIP), "BC1TL": (1, BR_SKIP),
})


def fp_block(rng, index, rows, weights):
    blk = FpBlock(rng, index)
    blk.length = rng.range(3, 8)
    while len(blk.items) < blk.length:
        pos = len(blk.items)
        m = pick(rng, weights)
        try:
            if FP_RULES[m][1] == BR_SKIP:
                items = make_branch(rng, blk, rows, INT_RULES, m, pos)
            else:
                values, _ = FP_RULES[m][1](rng, blk, rows[m])
                if m in ("MOVF", "MOVT", "MFC1", "MFHC1", "CFC1"):
                    note_writes(blk, rows[m], values)
                items = [word_item(rows[m], values)]
        except Retry:
            continue
        blk.items += items
    blk.length = len(blk.items)
    return blk


# ---------------------------------------------------------------------------
# Output


def check_coverage(rows):
    for m in rows:
        known = m in INT_RULES or m in FP_RULES or m in EXCLUDED or m in PAIRED
        if not known:
            sys.exit("gen.py: decoder row %s is neither generated nor excluded" % m)
    for m in list(INT_RULES) + list(FP_RULES):
        if m not in rows:
            sys.exit("gen.py: %s is not a decoder row" % m)


def reg_word(v):
    if isinstance(v, tuple):
        return "fuzz_scratch + 0x%x" % v[1]
    if isinstance(v, str):
        return v
    return "0x%08x" % v


def program(name, kind, seed, rows):
    rng = Rng(seed)
    if kind == "int":
        weights = [(w, m) for m, (w, _) in sorted(INT_RULES.items())]
        blocks = [int_block(rng, k, rows, INT_RULES, weights) for k in range(INT_BLOCKS)]
    else:
        weights = [(w, m) for m, (w, _) in sorted(FP_RULES.items())]
        blocks = [fp_block(rng, k, rows, weights) for k in range(FP_BLOCKS)]
    out = ["# %s: generated by tests/guest/mips/fuzz/gen.py (seed 0x%x); do not edit." % (name, seed),
           "        .set noreorder", "        .set noat", "        .text", "        .align 2"]
    for blk in blocks:
        out.append("# block %d" % blk.index)
        out.append("code_%d:" % blk.index)
        for k, (text, word, comment) in enumerate(blk.items):
            line = "        " + (text if text else ".word 0x%08x" % word)
            out.append("%s:%s  # %s" % (blk.label(k), line, comment))
        out.append("%s:     j fuzz_save" % blk.label(len(blk.items)))
        out.append("        nop")
    out += ["        .section .rodata", "        .align 3", "        .globl fuzz_blocks, fuzz_nblocks",
            "fuzz_nblocks:", "        .word %d" % len(blocks), "fuzz_blocks:"]
    out.append("        .word " + ", ".join("rec_%d" % b.index for b in blocks))
    for blk in blocks:
        out.append("        .align 3")
        out.append("rec_%d:  # %s" % (blk.index, "; ".join(c for _, _, c in blk.items)))
        flags = 0
        if blk.fp:
            flags = 1 | (2 if blk.fr else 0)
        out.append("        .word code_%d, 0x%x, 0x%08x, 0x%08x" % (blk.index, flags, blk.hi, blk.lo))
        for i in range(0, 32, 8):
            out.append("        .word " + ", ".join(reg_word(v) for v in blk.regs[i:i + 8]))
        if blk.fp:
            out.append("        .word 0x%08x, 0" % blk.fcsr)
            for i in range(0, 64, 8):
                out.append("        .word " + ", ".join("0x%08x" % v for v in blk.fpr[i:i + 8]))
    return "\n".join(out) + "\n"


def main():
    if sys.argv[1:] == ["--list"]:
        print("\n".join(name for name, _, _ in PROGRAMS))
        return
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: gen.py OUTDIR [DECODER_CPP] | --list")
    rows = {r.mnemonic: r for r in read_table(sys.argv[2] if len(sys.argv) == 3 else DECODER)}
    check_coverage(rows)
    for name, kind, seed in PROGRAMS:
        with open(os.path.join(sys.argv[1], name + ".S"), "w") as f:
            f.write(program(name, kind, seed, rows))


if __name__ == "__main__":
    main()
