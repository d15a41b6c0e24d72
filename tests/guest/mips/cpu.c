// MIPS32r2 instructions as a 24Kf runs them: arithmetic, multiply/divide, bit-field and byte
// operations, unaligned loads/stores, LL/SC, branch-likely annulment, and exceptions
// (SYSCALL, BREAK, overflow, address error, trap, one in a branch delay slot: Cause.BD and
// EPC at the branch), printed as exact register values.
#include "common/bm.h"

static volatile u32 exc_code, exc_bd, exc_epc, exc_badvaddr;
static volatile u32 resume;

void handle_exception(struct frame* f) {
    exc_code = (f->cause >> 2) & 31;
    exc_bd = f->cause >> 31;
    exc_epc = f->epc;
    exc_badvaddr = f->badvaddr;
    f->epc = resume;
}

#define EXPECT_EXC(label, insns)                                                      \
    do {                                                                              \
        u32 at_;                                                                      \
        exc_code = 99;                                                                \
        asm volatile(                                                                 \
            ".set push; .set noreorder; la %0, 1f; la $t0, 2f; sw $t0, %1\n"          \
            "1: " insns "\n 2: .set pop"                                              \
            : "=&r"(at_), "=m"(resume)                                                \
            :                                                                         \
            : "t0", "t1", "memory");                                                  \
        print("%s: exc %u bd %u epc-start %x badvaddr %x\n", label, exc_code, exc_bd, \
              exc_epc - at_, exc_badvaddr);                                           \
    } while (0)

static u32 words[4] = {0x11223344, 0x55667788, 0x99aabbcc, 0xddeeff00};

int main(void) {
    u32 a = 0x87654321, b = 0x0000fff3, r, hi, lo;
    asm("mul %0, %1, %2" : "=r"(r) : "r"(a), "r"(b));
    print("mul %x\n", r);
    asm("mult %2, %3; mfhi %0; mflo %1" : "=r"(hi), "=r"(lo) : "r"(a), "r"(b) : "hi", "lo");
    print("mult %x %x\n", hi, lo);
    asm("multu %2, %3; madd %2, %3; mfhi %0; mflo %1"
        : "=r"(hi), "=r"(lo)
        : "r"(a), "r"(b)
        : "hi", "lo");
    print("multu+madd %x %x\n", hi, lo);
    asm("divu $zero, %2, %3; mfhi %0; mflo %1" : "=r"(hi), "=r"(lo) : "r"(a), "r"(b) : "hi", "lo");
    print("divu %x %x\n", hi, lo);
    asm("div $zero, %2, %3; mfhi %0; mflo %1" : "=r"(hi), "=r"(lo) : "r"(a), "r"(b) : "hi", "lo");
    print("div %x %x\n", hi, lo);
    asm("clz %0, %1" : "=r"(r) : "r"(b));
    print("clz %x ", r);
    asm("clo %0, %1" : "=r"(r) : "r"(a));
    print("clo %x\n", r);
    asm("ext %0, %1, 4, 12" : "=r"(r) : "r"(a));
    print("ext %x ", r);
    r = 0xffffffff;
    asm("ins %0, %1, 8, 8" : "+r"(r) : "r"(a));
    print("ins %x\n", r);
    asm("seb %0, %1" : "=r"(r) : "r"(0x1234u | 0x80));
    print("seb %x ", r);
    asm("seh %0, %1" : "=r"(r) : "r"(0x18765u));
    print("seh %x ", r);
    asm("wsbh %0, %1" : "=r"(r) : "r"(a));
    print("wsbh %x ", r);
    asm("rotr %0, %1, 12" : "=r"(r) : "r"(a));
    print("rotr %x\n", r);

    u8* p = (u8*)words;
    asm("lwl %0, 5(%1); lwr %0, 2(%1)" : "=&r"(r) : "r"(p) : "memory");
    print("lwl/lwr %x\n", r);
    r = 0xa1b2c3d4;
    asm volatile("swl %0, 9(%1); swr %0, 6(%1)" : : "r"(r), "r"(p) : "memory");
    print("swl/swr %x %x %x\n", words[1], words[2], words[0]);

    u32 ok, old;
    asm volatile("1: ll %1, 0(%2); addiu %0, %1, 5; sc %0, 0(%2)"
                 : "=&r"(ok), "=&r"(old)
                 : "r"(&words[3])
                 : "memory");
    print("ll/sc %u %x %x\n", ok, old, words[3]);

    r = 0;
    asm volatile(
        ".set push; .set noreorder\n"
        "li %0, 1\n"
        "beql $zero, %0, 1f\n"
        "addiu %0, %0, 10\n"  // annulled
        "addiu %0, %0, 100\n"
        "1: bnel $zero, %0, 2f\n"
        "addiu %0, %0, 1000\n"  // runs
        "addiu %0, %0, 10000\n"
        "2: .set pop"
        : "=&r"(r));
    print("branch-likely %u\n", r);

    EXPECT_EXC("syscall", "syscall");
    EXPECT_EXC("break", "break 7");
    EXPECT_EXC("overflow", "li $t0, 0x7fffffff; addi $t1, $t0, 1");
    EXPECT_EXC("teq", "teq $zero, $zero");
    EXPECT_EXC("lw unaligned", "la $t0, words; lw $t1, 2($t0)");
    EXPECT_EXC("sh unaligned", "la $t0, words; sh $t1, 1($t0)");
    EXPECT_EXC("lw unaligned kseg1", "li $t0, 0xbfc00011; lbu $t1, 0($t0); lw $t1, 1($t0)");
    EXPECT_EXC("delay slot", "beq $zero, $zero, 2f; syscall");
    EXPECT_EXC("delay slot lw", "la $t0, words; b 2f; lw $t1, 3($t0)");
    EXPECT_EXC("jr unaligned", "la $t0, 3f; addiu $t0, $t0, 2; jr $t0; nop; 3: nop");
    return 0;
}
