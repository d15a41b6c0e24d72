// ARM926EJ-S Thumb state: BL/BLX pairs, BX/BLX, high-register operations,
// shifts, arithmetic flags, PC-relative addressing, PUSH/POP, LDMIA/STMIA.
// Words produced with arm-linux-gnueabi-as -mcpu=arm926ej-s (Thumb).
#include "tests/unit/arm_test_util.h"

namespace bw::arm {
namespace {

TEST_F(ArmTest, ThumbBlPair) {
    thumb(0x200, {0xf000, 0xf822});  // bl .+0x48
    run(2);
    EXPECT_EQ(r(15), 0x248u);
    EXPECT_EQ(r(14), 0x205u);
    EXPECT_EQ(cpu->cpsr() & kPsrT, kPsrT);
}

TEST_F(ArmTest, ThumbBlxPairSwitchesToArm) {
    thumb(0x206, {0xf000, 0xe822});  // blx (prefix at 0x206, target word-aligned)
    run(2);
    // Prefix: LR = 0x20a; suffix: (0x20a + 0x44) & ~3 = 0x24c.
    EXPECT_EQ(r(15), 0x24cu);
    EXPECT_EQ(r(14), 0x20bu);
    EXPECT_EQ(cpu->cpsr() & kPsrT, 0u);
}

TEST_F(ArmTest, ArmBlxImmediateSwitchesToThumb) {
    arm(0x100, {0xfb000000});  // blx .+10 (H = 1)
    run(1);
    EXPECT_EQ(r(15), 0x10au);
    EXPECT_EQ(r(14), 0x104u);
    EXPECT_EQ(cpu->cpsr() & kPsrT, kPsrT);
}

TEST_F(ArmTest, ArmBxAndBlxRegister) {
    arm(0x100, {0xe12fff31});  // blx r1
    set(1, 0x301);
    run(1);
    EXPECT_EQ(r(15), 0x300u);
    EXPECT_EQ(r(14), 0x104u);
    EXPECT_EQ(cpu->cpsr() & kPsrT, kPsrT);
    thumb(0x300, {0x4710});  // bx r2
    set(2, 0x400);
    run(1);
    EXPECT_EQ(r(15), 0x400u);
    EXPECT_EQ(cpu->cpsr() & kPsrT, 0u);
}

TEST_F(ArmTest, ThumbHighRegisterOps) {
    thumb(0x200, {
                     0x44c8,  // add r8, r9
                     0x4588,  // cmp r8, r1
                     0x468f,  // mov pc, r1
                 });
    set(8, 1);
    set(9, 2);
    set(1, 3);
    set_flags(0);
    run(2);
    EXPECT_EQ(r(8), 3u);
    EXPECT_EQ(flags(), kZ | kC);
    set(1, 0x301);
    run(1);
    EXPECT_EQ(r(15), 0x300u);  // MOV to PC does not interwork
    EXPECT_EQ(cpu->cpsr() & kPsrT, kPsrT);

    thumb(0x200, {0x4790});  // blx r2
    set(2, 0x400);
    run(1);
    EXPECT_EQ(r(15), 0x400u);
    EXPECT_EQ(r(14), 0x203u);
    EXPECT_EQ(cpu->cpsr() & kPsrT, 0u);
}

struct ThumbCase {
    u16 insn;
    const char* text;
    u32 r0, r1, r2, flags_in;
    u32 out_r0, flags_out;
};

TEST_F(ArmTest, ThumbArithmeticAndShifts) {
    const ThumbCase cases[] = {
        {0x0008, "lsls r0, r1, #0", 0, 0x80000000, 0, kC, 0x80000000, kN | kC},
        {0x0808, "lsrs r0, r1, #32", 0, 0x80000000, 0, 0, 0, kZ | kC},
        {0x1008, "asrs r0, r1, #32", 0, 0x80000000, 0, 0, 0xffffffff, kN | kC},
        {0x4088, "lsls r0, r1", 1, 32, 0, 0, 0, kZ | kC},
        {0x41c8, "rors r0, r1", 0x10, 4, 0, kC, 1, 0},
        {0x1cc8, "adds r0, r1, #3", 0, 0xfffffffe, 0, 0, 1, kC},
        {0x1a88, "subs r0, r1, r2", 0, 1, 2, 0, 0xffffffff, kN},
        {0x20c8, "movs r0, #200", 0, 0, 0, kC | kV, 200, kC | kV},
        {0x28c8, "cmp r0, #200", 200, 0, 0, 0, 200, kZ | kC},
        {0x4348, "muls r0, r1", 3, 5, 0, kC, 15, kC},
        {0x4248, "negs r0, r1", 0, 1, 0, 0, 0xffffffff, kN},
        {0x4148, "adcs r0, r1", 1, 1, 0, kC, 3, 0},
        {0x4288, "cmp r0, r1", 5, 5, 0, 0, 5, kZ | kC},
        {0x42c8, "cmn r0, r1", 0xffffffff, 1, 0, 0, 0xffffffff, kZ | kC},
    };
    for (const ThumbCase& t : cases) {
        SCOPED_TRACE(t.text);
        thumb(0x200, {t.insn});
        set(0, t.r0);
        set(1, t.r1);
        set(2, t.r2);
        set_flags(t.flags_in);
        run(1);
        EXPECT_EQ(r(0), t.out_r0);
        EXPECT_EQ(flags(), t.flags_out);
        EXPECT_EQ(r(15), 0x202u);
    }
}

TEST_F(ArmTest, ThumbPcAndSpRelative) {
    put32(0x208, 0x12345678);
    thumb(0x202, {
                     0x4801,  // ldr r0, [pc, #4]
                     0xa002,  // add r0... (placed at 0x204: add r1, pc, #8)
                 });
    put16(0x204, 0xa102);  // add r1, pc, #8
    run(2);
    EXPECT_EQ(r(0), 0x12345678u);          // (0x206 & ~3) + 4
    EXPECT_EQ(r(1), (0x208u & ~3u) + 8u);  // (0x208 & ~3) + 8

    thumb(0x200, {
                     0xa802,  // add r0, sp, #8
                     0xb084,  // sub sp, #16
                     0x9001,  // str r0, [sp, #4]
                 });
    set(13, 0x3000);
    run(3);
    EXPECT_EQ(r(0), 0x3008u);
    EXPECT_EQ(r(13), 0x2ff0u);
    EXPECT_EQ(get32(0x2ff4), 0x3008u);
}

TEST_F(ArmTest, ThumbPushPopInterworks) {
    thumb(0x200, {
                     0xb501,  // push {r0, lr}
                     0xbd02,  // pop {r1, pc}
                 });
    set(0, 0x11);
    set(14, 0x400);
    set(13, 0x3000);
    run(1);
    EXPECT_EQ(r(13), 0x2ff8u);
    EXPECT_EQ(get32(0x2ff8), 0x11u);
    EXPECT_EQ(get32(0x2ffc), 0x400u);
    run(1);
    EXPECT_EQ(r(1), 0x11u);
    EXPECT_EQ(r(13), 0x3000u);
    EXPECT_EQ(r(15), 0x400u);
    EXPECT_EQ(cpu->cpsr() & kPsrT, 0u);  // bit 0 clear: back to ARM
}

TEST_F(ArmTest, ThumbBlockTransfersAndLoads) {
    put32(0x1000, 7);
    put32(0x1004, 8);
    put16(0x1102, 0x8001);
    thumb(0x200, {
                     0xc905,  // ldmia r1!, {r0, r2}
                     0xc318,  // stmia r3!, {r3, r4}
                     0x5e20,  // ldrsh r0, [r4, r0]
                 });
    set(1, 0x1000);
    set(3, 0x2000);
    set(4, 0x10fb);
    run(3);
    EXPECT_EQ(r(2), 8u);
    EXPECT_EQ(r(1), 0x1008u);
    EXPECT_EQ(get32(0x2000), 0x2000u);  // base stored first: original value
    EXPECT_EQ(get32(0x2004), 0x10fbu);
    EXPECT_EQ(r(3), 0x2008u);
    EXPECT_EQ(r(0), 0xffff8001u);  // [0x10fb + 7]
}

TEST_F(ArmTest, ThumbConditionalBranch) {
    thumb(0x200, {0xd003});  // beq .+10
    set_flags(kZ);
    run(1);
    EXPECT_EQ(r(15), 0x20au);
    thumb(0x200, {0xd003});
    set_flags(0);
    run(1);
    EXPECT_EQ(r(15), 0x202u);
}

}  // namespace
}  // namespace bw::arm
