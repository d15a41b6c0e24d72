#!/usr/bin/env python3
"""Records floating-point test vectors from QEMU user mode, the reference for both guest FPUs.

For each ISA it writes a freestanding guest program (no libc: raw syscalls) that loads a
register file, sets the FP control register, executes one instruction word, and prints the
result registers and the control register afterwards. The program runs under
qemu-mipsel-static -cpu 24Kf and qemu-arm-static -cpu arm926; the output becomes a C++ table
(tests/unit/fp_vectors_{mips,arm}.inc) that tests/unit/fp_qemu_vectors_test.cpp replays through
boardwalk's instruction layer, natively and in wasm.

Usage: tests/fp/qemu_vectors.py [--per-op N] [--seed S]   (from the repository root; needs
mipsel-linux-gnu-gcc, arm-linux-gnueabi-gcc, qemu-mipsel-static, qemu-arm-static)
"""
import argparse
import os
import random
import subprocess
import tempfile

# MIPS: fd=$f0 fs=$f2 ft=$f4 fr=$f6 (FR=0: doubles in even/odd pairs). (word, name, operands)
# with operands as (register pair index, kind): kind s/d/w = single, double, integer word.
MIPS_OPS = [
    (0x46041000, "add.s", [(1, "s"), (2, "s")]),
    (0x46241000, "add.d", [(1, "d"), (2, "d")]),
    (0x46041001, "sub.s", [(1, "s"), (2, "s")]),
    (0x46241001, "sub.d", [(1, "d"), (2, "d")]),
    (0x46041002, "mul.s", [(1, "s"), (2, "s")]),
    (0x46241002, "mul.d", [(1, "d"), (2, "d")]),
    (0x46041003, "div.s", [(1, "s"), (2, "s")]),
    (0x46241003, "div.d", [(1, "d"), (2, "d")]),
    (0x46001004, "sqrt.s", [(1, "s")]),
    (0x46201004, "sqrt.d", [(1, "d")]),
    (0x46001015, "recip.s", [(1, "s")]),
    (0x46201016, "rsqrt.d", [(1, "d")]),
    (0x46001021, "cvt.d.s", [(1, "s")]),
    (0x46201020, "cvt.s.d", [(1, "d")]),
    (0x46801020, "cvt.s.w", [(1, "w")]),
    (0x46801021, "cvt.d.w", [(1, "w")]),
    (0x46001024, "cvt.w.s", [(1, "s")]),
    (0x46201024, "cvt.w.d", [(1, "d")]),
    (0x4600100C, "round.w.s", [(1, "s")]),
    (0x4620100C, "round.w.d", [(1, "d")]),
    (0x4600100D, "trunc.w.s", [(1, "s")]),
    (0x4620100D, "trunc.w.d", [(1, "d")]),
    (0x4600100E, "ceil.w.s", [(1, "s")]),
    (0x4620100E, "ceil.w.d", [(1, "d")]),
    (0x4600100F, "floor.w.s", [(1, "s")]),
    (0x4620100F, "floor.w.d", [(1, "d")]),
    (0x46041032, "c.eq.s", [(1, "s"), (2, "s")]),
    (0x46041034, "c.olt.s", [(1, "s"), (2, "s")]),
    (0x46041037, "c.ule.s", [(1, "s"), (2, "s")]),
    (0x4604103F, "c.ngt.s", [(1, "s"), (2, "s")]),
    (0x46241031, "c.un.d", [(1, "d"), (2, "d")]),
    (0x4624103C, "c.lt.d", [(1, "d"), (2, "d")]),
    (0x4624103A, "c.seq.d", [(1, "d"), (2, "d")]),
    (0x4CC41020, "madd.s", [(1, "s"), (2, "s"), (3, "s")]),
    (0x4CC41028, "msub.s", [(1, "s"), (2, "s"), (3, "s")]),
    (0x4CC41030, "nmadd.s", [(1, "s"), (2, "s"), (3, "s")]),
    (0x4CC41038, "nmsub.s", [(1, "s"), (2, "s"), (3, "s")]),
    (0x4CC41021, "madd.d", [(1, "d"), (2, "d"), (3, "d")]),
    (0x4CC41029, "msub.d", [(1, "d"), (2, "d"), (3, "d")]),
    (0x4CC41031, "nmadd.d", [(1, "d"), (2, "d"), (3, "d")]),
    (0x4CC41039, "nmsub.d", [(1, "d"), (2, "d"), (3, "d")]),
]

# ARM VFPv2: the register file s0..s5 (d0..d2); operands as (single register or double
# register index, kind). Words from arm-linux-gnueabi-as -mfpu=vfp.
ARM_OPS = [
    (0xEE300A81, "fadds s0,s1,s2", [(1, "s"), (2, "s")]),
    (0xEE310B02, "faddd d0,d1,d2", [(1, "d"), (2, "d")]),
    (0xEE300AC1, "fsubs s0,s1,s2", [(1, "s"), (2, "s")]),
    (0xEE310B42, "fsubd d0,d1,d2", [(1, "d"), (2, "d")]),
    (0xEE200A81, "fmuls s0,s1,s2", [(1, "s"), (2, "s")]),
    (0xEE210B02, "fmuld d0,d1,d2", [(1, "d"), (2, "d")]),
    (0xEE200AC1, "fnmuls s0,s1,s2", [(1, "s"), (2, "s")]),
    (0xEE800A81, "fdivs s0,s1,s2", [(1, "s"), (2, "s")]),
    (0xEE810B02, "fdivd d0,d1,d2", [(1, "d"), (2, "d")]),
    (0xEE000A81, "fmacs s0,s1,s2", [(0, "s"), (1, "s"), (2, "s")]),
    (0xEE000AC1, "fnmacs s0,s1,s2", [(0, "s"), (1, "s"), (2, "s")]),
    (0xEE100A81, "fmscs s0,s1,s2", [(0, "s"), (1, "s"), (2, "s")]),
    (0xEE100AC1, "fnmscs s0,s1,s2", [(0, "s"), (1, "s"), (2, "s")]),
    (0xEE010B02, "fmacd d0,d1,d2", [(0, "d"), (1, "d"), (2, "d")]),
    (0xEE110B42, "fnmscd d0,d1,d2", [(0, "d"), (1, "d"), (2, "d")]),
    (0xEEB10AE0, "fsqrts s0,s1", [(1, "s")]),
    (0xEEB10BC1, "fsqrtd d0,d1", [(1, "d")]),
    (0xEEB40A60, "fcmps s0,s1", [(0, "s"), (1, "s")]),
    (0xEEB40AE0, "fcmpes s0,s1", [(0, "s"), (1, "s")]),
    (0xEEB50AC0, "fcmpezs s0", [(0, "s")]),
    (0xEEB40B41, "fcmpd d0,d1", [(0, "d"), (1, "d")]),
    (0xEEB40BC1, "fcmped d0,d1", [(0, "d"), (1, "d")]),
    (0xEEB70AC1, "fcvtds d0,s2", [(2, "s")]),
    (0xEEB70BC1, "fcvtsd s0,d1", [(1, "d")]),
    (0xEEB80A60, "fuitos s0,s1", [(1, "w")]),
    (0xEEB80AE0, "fsitos s0,s1", [(1, "w")]),
    (0xEEB80B41, "fuitod d0,s2", [(2, "w")]),
    (0xEEB80BC1, "fsitod d0,s2", [(2, "w")]),
    (0xEEBC0A60, "ftouis s0,s1", [(1, "s")]),
    (0xEEBC0AE0, "ftouizs s0,s1", [(1, "s")]),
    (0xEEBD0A60, "ftosis s0,s1", [(1, "s")]),
    (0xEEBD0AE0, "ftosizs s0,s1", [(1, "s")]),
    (0xEEBC0B41, "ftouid s0,d1", [(1, "d")]),
    (0xEEBC0BC1, "ftouizd s0,d1", [(1, "d")]),
    (0xEEBD0B41, "ftosid s0,d1", [(1, "d")]),
    (0xEEBD0BC1, "ftosizd s0,d1", [(1, "d")]),
]

F32_EDGES = [0x00000000, 0x80000000, 0x00000001, 0x807FFFFF, 0x00800000, 0x00800001,
             0x00FFFFFF, 0x3F800000, 0xBF800000, 0x3F800001, 0x3F7FFFFF, 0x40000000,
             0x3F000000, 0x7F7FFFFF, 0xFF7FFFFF, 0x7F800000, 0xFF800000, 0x7FC00000,
             0x7FBFFFFF, 0xFFC00001, 0x7F800001, 0x4F000000, 0xCF000000, 0x4EFFFFFF,
             0x4F800000, 0x3FC00000, 0x33800000, 0x40200000, 0xC0200000, 0x4F7FFFFF]
F64_EDGES = [0x0000000000000000, 0x8000000000000000, 0x0000000000000001, 0x000FFFFFFFFFFFFF,
             0x0010000000000000, 0x0010000000000001, 0x3FF0000000000000, 0xBFF0000000000000,
             0x3FF0000000000001, 0x3FEFFFFFFFFFFFFF, 0x4000000000000000, 0x3FE0000000000000,
             0x7FEFFFFFFFFFFFFF, 0xFFEFFFFFFFFFFFFF, 0x7FF0000000000000, 0xFFF0000000000000,
             0x7FF8000000000000, 0x7FF7FFFFFFFFFFFF, 0xFFF8000000000001, 0x7FF0000000000001,
             0x41DFFFFFFFE00000, 0xC1E0000000100000, 0x41EFFFFFFFF00000, 0x41F0000000000000,
             0x380FFFFFF0000000, 0x36A8000000000000, 0x47EFFFFFFFFFFFFF, 0x3690000000000000]
# Products tiny before rounding but not after: (1 - 2^-23)(1 + 2^-23) 2^-126 and the binary64
# twin; each multiplying operation gets them in each sign, rounding mode and flush mode.
TININESS_PAIRS = {"s": (0x3F7FFFFE, 0x00800001), "d": (0x3FEFFFFFFFFFFFFE, 0x0010000000000001)}
W_EDGES = [0, 1, 0xFFFFFFFF, 0x7FFFFFFF, 0x80000000, 0x01000001, 0xFEFFFFFF, 0x00FFFFFF]


def rand_float(rnd, kind, anchor=None, name=""):
    """Edge-biased operands; with |anchor| (the previous operand), an exponent near it, or one
    that puts a product or quotient at the underflow or overflow boundary."""
    frac_bits, exp_max = (23, 255) if kind == "s" else (52, 2047)
    bits = frac_bits + 1 + (8 if kind == "s" else 11)
    edges = F32_EDGES if kind == "s" else F64_EDGES
    bias = exp_max // 2
    choice = rnd.randrange(8)
    if choice == 0:
        return rnd.choice(edges)
    if choice == 1:
        return rnd.getrandbits(bits)
    if choice >= 6 and anchor is not None and ("mul" in name or "div" in name or "ma" in name
                                                or "ms" in name):
        ea = (anchor >> frac_bits) & exp_max
        target = rnd.choice([0, 1, 1, 2, exp_max - 1, exp_max])
        e = ea + bias - target if "div" in name else target + bias - ea
        e = max(0, min(exp_max - 1, e))
        frac = rnd.choice([(1 << frac_bits) - 1, (1 << frac_bits) - 2, 1, 0,
                           rnd.getrandbits(frac_bits)])
        return (rnd.randrange(2) << (bits - 1)) | (e << frac_bits) | frac
    if choice >= 6 and kind == "d" and (".s.d" in name or "fcvtsd" in name):
        # Doubles around the binary32 subnormal boundary and overflow threshold.
        e = rnd.choice([1023 - 126, 1023 - 127, 1023 - 128, 1023 - 150, 1023 + 127, 1023 + 128])
        frac = rnd.getrandbits(52) | (((1 << rnd.randrange(1, 30)) - 1) << 23)
        return (rnd.randrange(2) << 63) | (e << 52) | (frac & ((1 << 52) - 1))
    if choice == 2 and anchor is not None:
        e = (anchor >> frac_bits) & exp_max
        e = max(0, min(exp_max - 1, e + rnd.randrange(-2, 3)))
    elif choice == 3:
        e = rnd.choice([0, 1, 2, exp_max - 1, exp_max - 2, bias, bias - 1, bias + 1,
                        bias + 31, bias + 32])
    else:
        e = rnd.randrange(0, exp_max)
    frac = rnd.choice([rnd.getrandbits(frac_bits), (1 << frac_bits) - 1,
                       rnd.getrandbits(frac_bits) >> rnd.randrange(frac_bits) << 0,
                       rnd.getrandbits(frac_bits) & ~((1 << rnd.randrange(frac_bits)) - 1)])
    return (rnd.randrange(2) << (bits - 1)) | (e << frac_bits) | (frac & ((1 << frac_bits) - 1))


def rand_operand(rnd, kind, anchor, name):
    if kind == "w":
        return rnd.choice([rnd.choice(W_EDGES), rnd.getrandbits(32),
                           rnd.getrandbits(32) >> rnd.randrange(32)])
    return rand_float(rnd, kind, anchor, name)


def cases(ops, ctrl_of, rnd, per_op, is_arm):
    out = []
    for word, name, operands in ops:
        kinds = [kind for _, kind in operands]
        if ("mul" in name or "ma" in name or "ms" in name) and len(set(kinds)) == 1 and \
                kinds[0] != "w" and len(kinds) >= 2:
            for ctrl_bits in range(16):
                regs = [0] * 8
                a, b = TININESS_PAIRS[kinds[0]]
                a |= (ctrl_bits & 1) << (31 if kinds[0] == "s" else 63)
                # The multiplicands are the last two operands (the first is the addend for
                # three-operand forms, left zero).
                for (index, kind), value in zip(operands[-2:], (a, b)):
                    if kind == "d":
                        regs[2 * index], regs[2 * index + 1] = value & 0xFFFFFFFF, value >> 32
                    else:
                        regs[index if is_arm else 2 * index] = value
                rm, flush = (ctrl_bits >> 1) & 3, ctrl_bits >> 3
                ctrl = (rm << 22 | flush << 24) if is_arm else (rm | flush << 24)
                out.append((word, ctrl, regs))
        for _ in range(per_op):
            regs = [0] * 8
            anchor = None
            for index, kind in operands:
                value = rand_operand(rnd, kind, anchor, name)
                anchor = value if kind != "w" else None
                if kind == "d":
                    pos = 2 * index
                    regs[pos] = value & 0xFFFFFFFF
                    regs[pos + 1] = value >> 32
                elif is_arm:
                    regs[index] = value
                else:
                    regs[2 * index] = value
            out.append((word, ctrl_of(rnd), regs))
    return out


def arm_ctrl(rnd):
    # RMode (23:22), FZ (24), DN (25); half the cases with the reset value.
    if rnd.randrange(2):
        return 0
    return (rnd.randrange(4) << 22) | (rnd.randrange(2) << 24) | (rnd.randrange(2) << 25)


def mips_ctrl(rnd):
    # RM (1:0), FS (24).
    if rnd.randrange(2):
        return 0
    return rnd.randrange(4) | (rnd.randrange(2) << 24)


COMMON_C = r"""
typedef unsigned int u32;
struct Case { u32 insn, ctrl, regs[8]; };
static char buf[8192];
static int len;
static void put(char c) { buf[len++] = c; if (len > 8000) { sys_write(buf, len); len = 0; } }
static void hex(u32 v) { for (int i = 7; i >= 0; i--) put("0123456789abcdef"[(v >> (4 * i)) & 15]); }
static u32 out[3];
static void run(const struct Case* c);
#include "cases.h"
void entry(void) {
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        run(&cases[i]);
        hex(out[0]); put(' '); hex(out[1]); put(' '); hex(out[2]); put('\n');
    }
    sys_write(buf, len);
    sys_exit(0);
}
"""

MIPS_C = r"""
static void sys_write(const char* p, int n) {
    register long a0 __asm__("$4") = 1; register long a1 __asm__("$5") = (long)p;
    register long a2 __asm__("$6") = n; register long v0 __asm__("$2") = 4004;
    __asm__ volatile("syscall" : "+r"(v0), "+r"(a0), "+r"(a1), "+r"(a2) : :
                     "$3", "$7", "$8", "$9", "$10", "$11", "$12", "$13", "$14", "$15", "$24",
                     "$25", "memory");
}
static void sys_exit(int c) {
    register long a0 __asm__("$4") = c; register long v0 __asm__("$2") = 4001;
    __asm__ volatile("syscall" : : "r"(v0), "r"(a0)); for (;;) {}
}
#define LOAD(n, off) "lw $8, " #off "(%0)\n mtc1 $8, $f" #n "\n"
#define RUN(word) __asm__ volatile(LOAD(0, 8) LOAD(1, 12) LOAD(2, 16) LOAD(3, 20) LOAD(4, 24) \
    LOAD(5, 28) LOAD(6, 32) LOAD(7, 36) "lw $8, 4(%0)\n ctc1 $8, $31\n .word " #word "\n" \
    "mfc1 $8, $f0\n sw $8, 0(%1)\n mfc1 $8, $f1\n sw $8, 4(%1)\n cfc1 $8, $31\n sw $8, 8(%1)\n" \
    : : "r"(c), "r"(out) : "$8", "memory", "$f0", "$f1", "$f2", "$f3", "$f4", "$f5", "$f6", "$f7")
void __start(void) { void entry(void); entry(); }
"""

ARM_C = r"""
static void sys_write(const char* p, int n) {
    register long r0 __asm__("r0") = 1; register long r1 __asm__("r1") = (long)p;
    register long r2 __asm__("r2") = n; register long r7 __asm__("r7") = 4;
    __asm__ volatile("svc 0" : "+r"(r0) : "r"(r1), "r"(r2), "r"(r7) : "memory");
}
static void sys_exit(int c) {
    register long r0 __asm__("r0") = c; register long r7 __asm__("r7") = 1;
    __asm__ volatile("svc 0" : : "r"(r0), "r"(r7)); for (;;) {}
}
#define RUN(word) __asm__ volatile( \
    "ldr r2, [%0, #8]\n ldr r3, [%0, #12]\n vmov d0, r2, r3\n" \
    "ldr r2, [%0, #16]\n ldr r3, [%0, #20]\n vmov d1, r2, r3\n" \
    "ldr r2, [%0, #24]\n ldr r3, [%0, #28]\n vmov d2, r2, r3\n" \
    "ldr r2, [%0, #4]\n vmsr fpscr, r2\n .word " #word "\n" \
    "vmov r2, r3, d0\n str r2, [%1]\n str r3, [%1, #4]\n vmrs r2, fpscr\n str r2, [%1, #8]\n" \
    : : "r"(c), "r"(out) : "r2", "r3", "memory", "d0", "d1", "d2")
void _start(void) { void entry(void); entry(); }
"""


def build_and_run(isa, ops, case_list, tmp):
    with open(os.path.join(tmp, "cases.h"), "w") as f:
        f.write("static const struct Case cases[] = {\n")
        for word, ctrl, regs in case_list:
            f.write("{0x%08x, 0x%08x, {%s}},\n" % (word, ctrl, ", ".join("0x%08x" % r for r in regs)))
        f.write("};\n")
        f.write("static void run(const struct Case* c) {\n    switch (c->insn) {\n")
        for word, _, _ in ops:
            f.write("    case 0x%08xu: RUN(0x%08x); break;\n" % (word, word))
        f.write("    }\n}\n")
    src = os.path.join(tmp, "prog.c")
    with open(src, "w") as f:
        f.write((MIPS_C if isa == "mips" else ARM_C) + COMMON_C)
    exe = os.path.join(tmp, "prog")
    if isa == "mips":
        cc = ["mipsel-linux-gnu-gcc", "-march=24kf", "-mhard-float", "-mfp32", "-mno-abicalls",
              "-fno-pic"]
        qemu = ["qemu-mipsel-static", "-cpu", "24Kf"]
    else:
        cc = ["arm-linux-gnueabi-gcc", "-march=armv5te", "-marm", "-mfpu=vfp",
              "-mfloat-abi=softfp"]
        qemu = ["qemu-arm-static", "-cpu", "arm926"]
    subprocess.run(cc + ["-O1", "-static", "-nostdlib", "-ffreestanding", "-I", tmp, "-o", exe,
                         src], check=True)
    result = subprocess.run(qemu + [exe], check=True, capture_output=True, text=True).stdout
    lines = result.strip().split("\n")
    assert len(lines) == len(case_list), (len(lines), len(case_list))
    return [[int(x, 16) for x in line.split()] for line in lines]


def write_table(path, isa, ops, case_list, results):
    names = {word: name for word, name, _ in ops}
    qemu = "qemu-mipsel-static -cpu 24Kf" if isa == "mips" else "qemu-arm-static -cpu arm926"
    with open(path, "w") as f:
        f.write("// Generated by tests/fp/qemu_vectors.py from %s (QEMU 7.2): do not edit.\n" % qemu)
        f.write("// {instruction, control in, registers in (8 x 32 bits), result registers 0 and 1,\n")
        f.write("//  control out}\n")
        f.write("// clang-format off\n")
        for (word, ctrl, regs), (r0, r1, ctrl_out) in zip(case_list, results):
            f.write("{0x%08x, 0x%08x, {%s}, 0x%08x, 0x%08x, 0x%08x},  // %s\n" %
                    (word, ctrl, ",".join("0x%x" % r for r in regs), r0, r1, ctrl_out,
                     names[word]))
        f.write("// clang-format on\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--per-op", type=int, default=40)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rnd = random.Random(args.seed)
    top = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    for isa, ops, ctrl in (("mips", MIPS_OPS, mips_ctrl), ("arm", ARM_OPS, arm_ctrl)):
        case_list = cases(ops, ctrl, rnd, args.per_op, isa == "arm")
        with tempfile.TemporaryDirectory() as tmp:
            results = build_and_run(isa, ops, case_list, tmp)
        path = os.path.join(top, "tests", "unit", "fp_vectors_%s.inc" % isa)
        write_table(path, isa, ops, case_list, results)
        print("%s: %d vectors -> %s" % (isa, len(case_list), path))


if __name__ == "__main__":
    main()
