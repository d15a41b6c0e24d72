// thumb: Thumb (v5T) data processing with flags, loads/stores, and
// interworking: ARM->Thumb by BLX/BX/LDR pc/LDM pc, Thumb->ARM by BLX
// (immediate and register), BX and POP {pc}; SWI, undefined and BKPT taken
// from Thumb state (handlers read the Thumb encodings, return to Thumb).
#include "common/bm.h"

#define THUMB __attribute__((target("thumb"), noinline))
#define ARM __attribute__((target("arm"), noinline))

// thumb_call(fn, a, b, flags_in, &flags_out): ARM code sets NZCV, BLX to the
// Thumb stub fn (r0 = a, r1 = b), stores CPSR after it returns with BX LR.
u32 thumb_call(u32 fn, u32 a, u32 b, u32 fin, u32* fout);
asm(".arm\n"
    ".global thumb_call\n"
    "thumb_call:\n"
    "  push {r4, r5, lr}\n"
    "  ldr r5, [sp, #12]\n"
    "  mov r4, r0\n"
    "  mov r0, r1\n"
    "  mov r1, r2\n"
    "  msr cpsr_f, r3\n"
    "  blx r4\n"
    "  mrs r3, cpsr\n"
    "  str r3, [r5]\n"
    "  pop {r4, r5, pc}\n");

// One Thumb stub per instruction under test: r0 = r0 op r1.
#define TOP(name, body)                                                                       \
    asm(".thumb\n.thumb_func\n.global t_" #name "\nt_" #name ":\n" body "\n  bx lr\n.arm\n"); \
    extern char t_##name[];

TOP(adds, "  adds r0, r0, r1")
TOP(adcs, "  adcs r0, r1")
TOP(subs, "  subs r0, r0, r1")
TOP(sbcs, "  sbcs r0, r1")
TOP(negs, "  rsbs r0, r1, #0")
TOP(muls, "  muls r0, r1")
TOP(ands, "  ands r0, r1")
TOP(orrs, "  orrs r0, r1")
TOP(eors, "  eors r0, r1")
TOP(bics, "  bics r0, r1")
TOP(mvns, "  mvns r0, r1")
TOP(cmp, "  cmp r0, r1")
TOP(cmn, "  cmn r0, r1")
TOP(tst, "  tst r0, r1")
TOP(lsls_r, "  lsls r0, r1")
TOP(lsrs_r, "  lsrs r0, r1")
TOP(asrs_r, "  asrs r0, r1")
TOP(rors_r, "  rors r0, r1")
TOP(lsls0, "  lsls r0, r0, #0")
TOP(lsls31, "  lsls r0, r0, #31")
TOP(lsrs32, "  lsrs r0, r0, #32")
TOP(asrs32, "  asrs r0, r0, #32")
TOP(asrs1, "  asrs r0, r0, #1")
TOP(adds_i8, "  adds r0, #255")
TOP(subs_i3, "  subs r0, r0, #7")
TOP(cmp_i8, "  cmp r0, #128")
TOP(movs_i8, "  movs r0, #0")
TOP(add_hi, "  mov r2, r8\n  mov r8, r1\n  add r0, r8\n  mov r8, r2")
TOP(cmp_hi, "  mov r2, r8\n  mov r8, r1\n  cmp r0, r8\n  mov r8, r2")
TOP(mov_hi, "  mov r2, r9\n  mov r9, r1\n  mov r0, r9\n  mov r9, r2")

struct top {
    const char* name;
    char* fn;
};
#define T(n) \
    { #n, t_##n }
static const struct top tops[] = {
    T(adds),    T(adcs),   T(subs),    T(sbcs),   T(negs),   T(muls),   T(ands),   T(orrs),
    T(eors),    T(bics),   T(mvns),    T(cmp),    T(cmn),    T(tst),    T(lsls_r), T(lsrs_r),
    T(asrs_r),  T(rors_r), T(lsls0),   T(lsls31), T(lsrs32), T(asrs32), T(asrs1),  T(adds_i8),
    T(subs_i3), T(cmp_i8), T(movs_i8), T(add_hi), T(cmp_hi), T(mov_hi),
};

static const u32 values[] = {0, 1, 7, 0x7fffffff, 0x80000000, 0xffffffff, 0x89abcdef, 0x00000021};
static const u32 flags_in[] = {0x00000000, 0xf0000000, 0x20000000};
#define N(a) (sizeof(a) / sizeof((a)[0]))

static void run_ops(void) {
    for (unsigned i = 0; i < N(tops); i++) {
        for (unsigned fi = 0; fi < N(flags_in); fi++) {
            for (unsigned ai = 0; ai < N(values); ai++) {
                print("%s %u %x:", tops[i].name, flags_in[fi] >> 28, values[ai]);
                for (unsigned bi = 0; bi < N(values); bi++) {
                    u32 f;
                    u32 r =
                        thumb_call((u32)tops[i].fn | 1, values[ai], values[bi], flags_in[fi], &f);
                    print(" %x:%c", r, "0123456789abcdef"[f >> 28]);
                }
                uart_putc('\n');
            }
        }
    }
}

// ---- Thumb C code and interworking ----
static volatile u32 mem[8] __attribute__((aligned(8)));

ARM u32 arm_leaf(u32 x) { return (x << 4) ^ get_cpsr(); }

THUMB u32 thumb_leaf(u32 x) { return x * 3 + 1; }

// Thumb code calling an ARM function (BL becomes BLX) and a Thumb one.
THUMB u32 thumb_caller(u32 x) {
    u32 a = arm_leaf(x);
    u32 b = thumb_leaf(x);
    return a + b;
}

// Thumb loads and stores: register/immediate offsets, sign extension, LDM/STM,
// PUSH/POP, SP- and PC-relative.
THUMB void thumb_memory(volatile u32* m, u32* out) {
    u32 r0, r1, r2, r3;
    asm volatile(
        "ldr %0, [%4, #4]\n\t"
        "ldrh %1, [%4, #6]\n\t"
        "movs %3, #5\n\t"
        "ldrsb %2, [%4, %3]\n\t"
        "movs %3, #2\n\t"
        "ldrsh %3, [%4, %3]\n\t"
        : "=&l"(r0), "=&l"(r1), "=&l"(r2), "=&l"(r3)
        : "l"(m)
        : "memory");
    out[0] = r0;
    out[1] = r1;
    out[2] = r2;
    out[3] = r3;
    asm volatile(
        "movs r1, #0xa1\n\t"
        "movs r2, #0xb2\n\t"
        "movs r3, #0xc3\n\t"
        "adds r0, %0, #0\n\t"
        "adds r0, #16\n\t"
        "stmia r0!, {r1, r2, r3}\n\t"
        "str r0, [%0, #0]\n\t"
        "strb r1, [%0, #29]\n\t"
        "strh r2, [%0, #30]\n\t"
        :
        : "l"(m)
        : "r0", "r1", "r2", "r3", "memory");
    asm volatile(
        "push {r4, r5}\n\t"
        "movs r4, #0x44\n\t"
        "movs r5, #0x55\n\t"
        "push {r4, r5}\n\t"
        "ldr %0, [sp, #4]\n\t"
        "pop {r4, r5}\n\t"
        "adds %0, r4\n\t"
        "pop {r4, r5}\n\t"
        "ldr %1, 1f\n\t"
        "b 2f\n\t"
        ".align 2\n"
        "1: .word 0x600dc0de\n"
        "2:\n\t"
        : "=&l"(r0), "=&l"(r1)
        :
        : "memory");
    out[4] = r0;
    out[5] = r1;
}

// ARM -> Thumb by BX, LDR pc and LDM pc; Thumb -> ARM by BX.
asm(".thumb\n.thumb_func\n"
    "t_ret42:\n"
    "  movs r0, #42\n"
    "  bx lr\n"
    ".thumb_func\n"
    "t_bx_arm:\n"  // r1 = ARM address: BX to it, it returns to our caller
    "  bx r1\n"
    ".arm\n"
    "a_ret7:\n"
    "  mov r0, #7\n"
    "  bx lr\n"
    ".global interwork_arm\n"
    "interwork_arm:\n"  // r0 = out[4]
    "  push {r4, lr}\n"
    "  mov r4, r0\n"
    "  adr r12, t_ret42 + 1\n"
    "  mov lr, pc\n"
    "  bx r12\n"
    "  str r0, [r4, #0]\n"
    "  adr lr, 1f\n"
    "  ldr pc, =t_ret42 + 1\n"
    "1: add r0, r0, #1\n"
    "  str r0, [r4, #4]\n"
    "  ldr r0, =t_ret42 + 1\n"
    "  adr lr, 2f\n"
    "  push {r0}\n"
    "  ldmia sp!, {pc}\n"
    "2: add r0, r0, #2\n"
    "  str r0, [r4, #8]\n"
    "  adr r1, a_ret7\n"
    "  adr r12, t_bx_arm + 1\n"
    "  mov lr, pc\n"
    "  bx r12\n"
    "  str r0, [r4, #12]\n"
    "  pop {r4, pc}\n"
    ".ltorg\n");
void interwork_arm(u32* out);

// ---- exceptions from Thumb state ----
void handle_swi(struct frame* f) {
    int thumb = (f->spsr >> 5) & 1;
    u32 imm = thumb ? *(volatile unsigned short*)(f->pc - 2) & 0xff
                    : *(volatile u32*)(f->pc - 4) & 0xffffff;
    print("swi %x thumb %u r0 %x\n", imm, thumb, f->r[0]);
    f->r[0] += imm;
}

void handle_undef(struct frame* f) {
    int thumb = (f->spsr >> 5) & 1;
    u32 insn = thumb ? *(volatile unsigned short*)(f->pc - 2) : *(volatile u32*)(f->pc - 4);
    print("undef %x thumb %u\n", insn, thumb);
    f->r[1] = insn;
}

void handle_pabt(struct frame* f) {
    int thumb = (f->spsr >> 5) & 1;
    print("pabt insn %x thumb %u\n", *(volatile unsigned short*)f->pc, thumb);
    f->pc += thumb ? 2 : 4;  // skip the BKPT
}

THUMB u32 thumb_exceptions(void) {
    register u32 r0 asm("r0") = 0x100;
    register u32 r1 asm("r1") = 0;
    asm volatile(
        "svc 0x42\n\t"
        ".short 0xde17\n\t"  // undefined in Thumb (B<cond> with cond 1110)
        "bkpt 0x5a\n\t"
        "adds r0, r0, r1\n\t"
        : "+l"(r0), "+l"(r1)
        :
        : "lr", "memory");
    return r0;
}

int main(void) {
    uart_puts("thumb: start\n");
    run_ops();

    print("thumb_caller %x\n", thumb_caller(0x1234));

    u32 out[8];
    for (u32 i = 0; i < 8; i++) mem[i] = 0x8070f0e0u + i * 0x01010101u;
    thumb_memory(mem, out);
    print("thumb ldr %x ldrh %x ldrsb %x ldrsh %x\n", out[0], out[1], out[2], out[3]);
    print("thumb stm: wb +%x %x %x %x %x %x\n", mem[0] - (u32)mem, mem[4], mem[5], mem[6], mem[7],
          mem[1]);
    print("thumb push/pop %x literal %x\n", out[4], out[5]);

    interwork_arm(out);
    print("interwork bx %x ldr-pc %x ldm-pc %x thumb-bx-arm %x\n", out[0], out[1], out[2], out[3]);

    print("thumb exceptions r0 %x\n", thumb_exceptions());
    print("back in arm, cpsr %x\n", get_cpsr());
    return 0;
}
