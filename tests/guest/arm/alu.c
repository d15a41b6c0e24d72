// alu: hello, then ARM data-processing, shifter, multiply and v5TE DSP results
// with flags, condition codes and loads/stores, printed as hex.
// Each line: op, flags-in (NZCV nibble), operand a, then result:flags for every
// operand b; flags out are CPSR[31:27] (N Z C V Q) as two hex digits.
#include "common/bm.h"

typedef void (*op_fn)(u32 fin, u32 a, u32 b, u32* r, u32* r2, u32* f);

// A two-input op: %[r] result, %[r2] high word (wide ops), %[a], %[b] inputs.
#define OP(name, insn)                                                         \
    static void op_##name(u32 fin, u32 a, u32 b, u32* rp, u32* r2p, u32* fp) { \
        u32 r = 0, r2 = 0, f;                                                  \
        asm volatile("msr cpsr_f, %[fin]\n\t" insn "\n\tmrs %[f], cpsr"        \
                     : [r] "+&r"(r), [r2] "+&r"(r2), [f] "=&r"(f)              \
                     : [a] "r"(a), [b] "r"(b), [fin] "r"(fin)                  \
                     : "cc");                                                  \
        *rp = r;                                                               \
        *r2p = r2;                                                             \
        *fp = f >> 27;                                                         \
    }

// Data processing, register operand.
OP(adds, "adds %[r], %[a], %[b]")
OP(adcs, "adcs %[r], %[a], %[b]")
OP(adc, "adc %[r], %[a], %[b]")
OP(subs, "subs %[r], %[a], %[b]")
OP(sbcs, "sbcs %[r], %[a], %[b]")
OP(rsbs, "rsbs %[r], %[a], %[b]")
OP(rscs, "rscs %[r], %[a], %[b]")
OP(ands, "ands %[r], %[a], %[b]")
OP(orrs, "orrs %[r], %[a], %[b]")
OP(eors, "eors %[r], %[a], %[b]")
OP(bics, "bics %[r], %[a], %[b]")
OP(mvns, "mvns %[r], %[b]")
OP(cmp, "cmp %[a], %[b]")
OP(cmn, "cmn %[a], %[b]")
OP(tst, "tst %[a], %[b]")
OP(teq, "teq %[a], %[b]")
// Register-specified shifts (b = amount, only its low byte counts).
OP(movs_lsl_r, "movs %[r], %[a], lsl %[b]")
OP(movs_lsr_r, "movs %[r], %[a], lsr %[b]")
OP(movs_asr_r, "movs %[r], %[a], asr %[b]")
OP(movs_ror_r, "movs %[r], %[a], ror %[b]")
OP(ands_ror_r, "ands %[r], %[a], %[a], ror %[b]")
OP(adds_lsl_r, "adds %[r], %[a], %[a], lsl %[b]")
// Immediate shifts and rotated immediates (b unused).
OP(movs_lsl0, "movs %[r], %[a], lsl #0")
OP(movs_lsl1, "movs %[r], %[a], lsl #1")
OP(movs_lsl31, "movs %[r], %[a], lsl #31")
OP(movs_lsr1, "movs %[r], %[a], lsr #1")
OP(movs_lsr32, "movs %[r], %[a], lsr #32")
OP(movs_asr1, "movs %[r], %[a], asr #1")
OP(movs_asr32, "movs %[r], %[a], asr #32")
OP(movs_ror1, "movs %[r], %[a], ror #1")
OP(movs_ror31, "movs %[r], %[a], ror #31")
OP(movs_rrx, "movs %[r], %[a], rrx")
OP(rsbs_lsr5, "rsbs %[r], %[a], %[a], lsr #5")
OP(ands_imm_rot, "ands %[r], %[a], #0xff000000")
OP(ands_imm, "ands %[r], %[a], #0xff")
OP(orrs_imm_rot, "orrs %[r], %[a], #0xf000000f")
OP(teq_imm_rot, "teq %[a], #0x80000000")
OP(cmp_imm, "cmp %[a], #1")
OP(adds_imm, "adds %[r], %[a], #0x80000000")
OP(clz, "clz %[r], %[a]")
// Multiplies.
OP(mul, "mul %[r], %[a], %[b]")
OP(muls, "muls %[r], %[a], %[b]")
OP(mlas, "mlas %[r], %[a], %[b], %[a]")
OP(umulls, "umulls %[r], %[r2], %[a], %[b]")
OP(smulls, "smulls %[r], %[r2], %[a], %[b]")
OP(umlal, "mov %[r], %[b]\n\tmov %[r2], %[a]\n\tumlal %[r], %[r2], %[a], %[b]")
OP(smlals, "mov %[r], %[b]\n\tmov %[r2], %[a]\n\tsmlals %[r], %[r2], %[a], %[b]")
// v5TE DSP.
OP(qadd, "qadd %[r], %[a], %[b]")
OP(qsub, "qsub %[r], %[a], %[b]")
OP(qdadd, "qdadd %[r], %[a], %[b]")
OP(qdsub, "qdsub %[r], %[a], %[b]")
OP(smulbb, "smulbb %[r], %[a], %[b]")
OP(smulbt, "smulbt %[r], %[a], %[b]")
OP(smultb, "smultb %[r], %[a], %[b]")
OP(smultt, "smultt %[r], %[a], %[b]")
OP(smlabb, "smlabb %[r], %[a], %[b], %[a]")
OP(smlatt, "smlatt %[r], %[a], %[b], %[b]")
OP(smlabt, "smlabt %[r], %[a], %[b], %[b]")
OP(smulwb, "smulwb %[r], %[a], %[b]")
OP(smulwt, "smulwt %[r], %[a], %[b]")
OP(smlawb, "smlawb %[r], %[a], %[b], %[a]")
OP(smlawt, "smlawt %[r], %[a], %[b], %[b]")
OP(smlalbb, "mov %[r], %[b]\n\tmov %[r2], %[a]\n\tsmlalbb %[r], %[r2], %[a], %[b]")
OP(smlaltb, "mov %[r], %[b]\n\tmov %[r2], %[a]\n\tsmlaltb %[r], %[r2], %[a], %[b]")

enum { VALUES, SHIFTS, UNARY };

struct op {
    const char* name;
    op_fn fn;
    int bset;
    int wide;
};

#define V(n) \
    { #n, op_##n, VALUES, 0 }
#define S(n) \
    { #n, op_##n, SHIFTS, 0 }
#define U(n) \
    { #n, op_##n, UNARY, 0 }
#define W(n) \
    { #n, op_##n, VALUES, 1 }

static const struct op ops[] = {
    V(adds),        V(adcs),       V(adc),        V(subs),         V(sbcs),       V(rsbs),
    V(rscs),        V(ands),       V(orrs),       V(eors),         V(bics),       V(mvns),
    V(cmp),         V(cmn),        V(tst),        V(teq),          S(movs_lsl_r), S(movs_lsr_r),
    S(movs_asr_r),  S(movs_ror_r), S(ands_ror_r), S(adds_lsl_r),   U(movs_lsl0),  U(movs_lsl1),
    U(movs_lsl31),  U(movs_lsr1),  U(movs_lsr32), U(movs_asr1),    U(movs_asr32), U(movs_ror1),
    U(movs_ror31),  U(movs_rrx),   U(rsbs_lsr5),  U(ands_imm_rot), U(ands_imm),   U(orrs_imm_rot),
    U(teq_imm_rot), U(cmp_imm),    U(adds_imm),   U(clz),          V(mul),        V(muls),
    V(mlas),        W(umulls),     W(smulls),     W(umlal),        W(smlals),     V(qadd),
    V(qsub),        V(qdadd),      V(qdsub),      V(smulbb),       V(smulbt),     V(smultb),
    V(smultt),      V(smlabb),     V(smlatt),     V(smlabt),       V(smulwb),     V(smulwt),
    V(smlawb),      V(smlawt),     W(smlalbb),    W(smlaltb),
};

static const u32 values[] = {0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 0x89abcdef, 0x00018000};
static const u32 shifts[] = {0, 1, 4, 31, 32, 33, 0xff, 0x101};
static const u32 flags_in[] = {0x00000000, 0xf0000000, 0x20000000};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void run_ops(void) {
    for (unsigned i = 0; i < N(ops); i++) {
        const struct op* o = &ops[i];
        const u32* bs = o->bset == SHIFTS ? shifts : values;
        unsigned nb = o->bset == SHIFTS ? N(shifts) : o->bset == UNARY ? 1 : N(values);
        for (unsigned fi = 0; fi < N(flags_in); fi++) {
            for (unsigned ai = 0; ai < N(values); ai++) {
                print("%s %u %x:", o->name, flags_in[fi] >> 28, values[ai]);
                for (unsigned bi = 0; bi < nb; bi++) {
                    u32 r, r2, f;
                    o->fn(flags_in[fi], values[ai], bs[bi], &r, &r2, &f);
                    if (o->wide)
                        print(" %x%x:%c%c", r2, r, "0123456789abcdef"[f >> 4],
                              "0123456789abcdef"[f & 15]);
                    else
                        print(" %x:%c%c", r, "0123456789abcdef"[f >> 4],
                              "0123456789abcdef"[f & 15]);
                }
                uart_putc('\n');
            }
        }
    }
}

// Which of the 16 NZCV states pass each condition, as a 16-bit mask.
#define COND(cc)                                                                    \
    static u32 cond_##cc(void) {                                                    \
        u32 mask = 0;                                                               \
        for (u32 s = 0; s < 16; s++) {                                              \
            u32 hit = 0;                                                            \
            asm volatile("msr cpsr_f, %[fl]\n\tmov %[h], #0\n\tmov" #cc " %[h], #1" \
                         : [h] "=&r"(hit)                                           \
                         : [fl] "r"(s << 28)                                        \
                         : "cc");                                                   \
            mask |= hit << s;                                                       \
        }                                                                           \
        return mask;                                                                \
    }
COND(eq)
COND(ne) COND(cs) COND(cc) COND(mi) COND(pl) COND(vs) COND(vc) COND(hi) COND(ls) COND(ge) COND(lt)
    COND(gt) COND(le) COND(al)

        static void run_conditions(void) {
    print("cond eq %x ne %x cs %x cc %x\n", cond_eq(), cond_ne(), cond_cs(), cond_cc());
    print("cond mi %x pl %x vs %x vc %x\n", cond_mi(), cond_pl(), cond_vs(), cond_vc());
    print("cond hi %x ls %x ge %x lt %x\n", cond_hi(), cond_ls(), cond_ge(), cond_lt());
    print("cond gt %x le %x al %x\n", cond_gt(), cond_le(), cond_al());
}

static volatile u32 buf[16] __attribute__((aligned(8)));

static void run_memory(void) {
    for (u32 i = 0; i < 16; i++) buf[i] = 0x03020100u + i * 0x04040404u;
    buf[15] = 0x80ff7f8cu;  // negative bytes and halfwords for the sign extension
    const volatile unsigned char* b = (const volatile unsigned char*)buf;
    u32 v;
    for (u32 off = 0; off < 4; off++) {
        // Word loads are compared only when aligned: for an unaligned LDR, QEMU's
        // arm926 returns the four bytes at the address, while the ARMv5 hardware
        // (and boardwalk) rotates the aligned word; tests/unit/arm_mem_test.cpp
        // checks the rotation.
        asm volatile("ldr %0, [%1]" : "=r"(v) : "r"(b + 4 + off));
        print("ldr +%u %x", off, off ? 0 : v);
        asm volatile("ldrh %0, [%1]" : "=r"(v) : "r"(b + 6 + (off & 2)));
        print(" ldrh %x", v);
        asm volatile("ldrsh %0, [%1]" : "=r"(v) : "r"(b + 0x3e - (off & 2)));
        print(" ldrsh %x", v);
        asm volatile("ldrsb %0, [%1]" : "=r"(v) : "r"(b + 0x3c + off));
        print(" ldrsb %x", v);
        asm volatile("ldrb %0, [%1]" : "=r"(v) : "r"(b + 0x20 + off));
        print(" ldrb %x\n", v);
    }
    // Pre/post-indexed writeback.
    u32 base = (u32)&buf[4], lo, hi;
    asm volatile("ldr %0, [%1, #4]!" : "=r"(v), "+r"(base));
    print("ldr pre! %x base+%x\n", v, base - (u32)buf);
    asm volatile("ldr %0, [%1], #-8" : "=r"(v), "+r"(base));
    print("ldr post %x base+%x\n", v, base - (u32)buf);
    asm volatile("ldrd r4, r5, [%2, #8]\n\tmov %0, r4\n\tmov %1, r5"
                 : "=r"(lo), "=r"(hi)
                 : "r"(buf)
                 : "r4", "r5");
    print("ldrd %x %x\n", lo, hi);
    asm volatile("mov r4, %1\n\tmvn r5, %1\n\tstrd r4, r5, [%0, #16]" ::"r"(buf), "r"(0x5a5aa5a5u)
                 : "r4", "r5", "memory");
    print("strd %x %x\n", buf[4], buf[5]);
    u32 old;
    asm volatile("swp %0, %1, [%2]" : "=&r"(old) : "r"(0xcafef00du), "r"(&buf[7]) : "memory");
    print("swp %x %x\n", old, buf[7]);
    asm volatile("swpb %0, %1, [%2]" : "=&r"(old) : "r"(0x1234u), "r"((u32)&buf[8] + 1) : "memory");
    print("swpb %x %x\n", old, buf[8]);
    u32 r0, r1, r2, end;
    asm volatile(
        "mov r0, %4\n\tldmib r0!, {r1, r2, r3}\n\tmov %0, r1\n\tmov %1, r2\n\tmov %2, r3\n\tmov "
        "%3, r0"
        : "=r"(r0), "=r"(r1), "=r"(r2), "=r"(end)
        : "r"(&buf[8])
        : "r0", "r1", "r2", "r3");
    print("ldmib! %x %x %x base+%x\n", r0, r1, r2, end - (u32)buf);
    asm volatile(
        "mov r0, %0\n\tmov r1, #0x11\n\tmov r2, #0x22\n\tmov r3, #0x33\n\tstmdb r0!, {r1-r3}" ::"r"(
            &buf[16])
        : "r0", "r1", "r2", "r3", "memory");
    print("stmdb %x %x %x\n", buf[13], buf[14], buf[15]);
}

int main(void) {
    uart_puts("alu: hello from boardwalk bare-metal\n");
    run_ops();
    run_conditions();
    run_memory();
    return 0;
}
