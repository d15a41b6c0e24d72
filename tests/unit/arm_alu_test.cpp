// ARM926EJ-S data processing, shifter carry-out, multiplies and saturating
// arithmetic. Words produced with arm-linux-gnueabi-as -mcpu=arm926ej-s.
#include "tests/unit/arm_test_util.h"

namespace bw::arm {
namespace {

struct DpCase {
    u32 insn;
    const char* text;
    u32 r1, r2, r3, flags_in;
    u32 r0, flags_out;
};

// r0 starts as 0xdeadbeef, so compare/test rows show it unchanged.
const DpCase kDpCases[] = {
    {0xe0910002, "adds r0, r1, r2", 0x7fffffff, 1, 0, 0, 0x80000000, kN | kV},
    {0xe0910002, "adds r0, r1, r2", 0xffffffff, 1, 0, 0, 0, kZ | kC},
    {0xe0510002, "subs r0, r1, r2", 5, 7, 0, 0, 0xfffffffe, kN},
    {0xe0510002, "subs r0, r1, r2", 7, 5, 0, 0, 2, kC},
    {0xe0510002, "subs r0, r1, r2", 0x80000000, 1, 0, 0, 0x7fffffff, kC | kV},
    {0xe0710002, "rsbs r0, r1, r2", 7, 5, 0, 0, 0xfffffffe, kN},
    {0xe0b10002, "adcs r0, r1, r2", 1, 2, 0, kC, 4, 0},
    {0xe0b10002, "adcs r0, r1, r2", 0xffffffff, 0, 0, kC, 0, kZ | kC},
    {0xe0d10002, "sbcs r0, r1, r2", 5, 2, 0, 0, 2, kC},
    {0xe0d10002, "sbcs r0, r1, r2", 0, 0, 0, 0, 0xffffffff, kN},
    {0xe0f10002, "rscs r0, r1, r2", 3, 3, 0, kC, 0, kZ | kC},
    {0xe0110002, "ands r0, r1, r2", 0xf0, 0x0f, 0, kC | kV, 0, kZ | kC | kV},
    {0xe0310002, "eors r0, r1, r2", 0x80000000, 1, 0, 0, 0x80000001, kN},
    {0xe1910002, "orrs r0, r1, r2", 0, 0, 0, 0, 0, kZ},
    {0xe1d10002, "bics r0, r1, r2", 0xff, 0x0f, 0, 0, 0xf0, 0},
    {0xe1f00002, "mvns r0, r2", 0, 0, 0, 0, 0xffffffff, kN},
    {0xe1110002, "tst r1, r2", 1, 2, 0, 0, 0xdeadbeef, kZ},
    {0xe1310002, "teq r1, r2", 0x80000000, 0, 0, 0, 0xdeadbeef, kN},
    {0xe1510002, "cmp r1, r2", 3, 3, 0, 0, 0xdeadbeef, kZ | kC},
    {0xe1710002, "cmn r1, r2", 0xffffffff, 1, 0, 0, 0xdeadbeef, kZ | kC},
    // Immediate operand: a non-zero rotation sets C from bit 31.
    {0xe3b004ff, "movs r0, #0xff000000", 0, 0, 0, 0, 0xff000000, kN | kC},
    {0xe3b00005, "movs r0, #5", 0, 0, 0, kC, 5, kC},
    // Immediate shifts.
    {0xe1b00081, "lsls r0, r1, #1", 0x80000001, 0, 0, 0, 2, kC},
    {0xe1b00021, "lsrs r0, r1, #32", 0x80000000, 0, 0, 0, 0, kZ | kC},
    {0xe1b00041, "asrs r0, r1, #32", 0x80000000, 0, 0, 0, 0xffffffff, kN | kC},
    {0xe1b00061, "rrxs r0, r1", 3, 0, 0, kC, 0x80000001, kN | kC},
    {0xe1b00261, "rors r0, r1, #4", 0x18, 0, 0, 0, 0x80000001, kN | kC},
    // Register shifts: amounts 0, <32, 32, >32, and only the bottom byte counts.
    {0xe1b00311, "lsls r0, r1, r3", 5, 0, 0, kC, 5, kC},
    {0xe1b00311, "lsls r0, r1, r3", 3, 0, 31, 0, 0x80000000, kN | kC},
    {0xe1b00311, "lsls r0, r1, r3", 1, 0, 32, 0, 0, kZ | kC},
    {0xe1b00311, "lsls r0, r1, r3", 1, 0, 33, kC, 0, kZ},
    {0xe1b00331, "lsrs r0, r1, r3", 1, 0, 1, 0, 0, kZ | kC},
    {0xe1b00331, "lsrs r0, r1, r3", 3, 0, 0x101, 0, 1, kC},
    {0xe1b00331, "lsrs r0, r1, r3", 0x80000000, 0, 32, 0, 0, kZ | kC},
    {0xe1b00331, "lsrs r0, r1, r3", 0x80000000, 0, 33, kC, 0, kZ},
    {0xe1b00351, "asrs r0, r1, r3", 0x80000000, 0, 0, 0, 0x80000000, kN},
    {0xe1b00351, "asrs r0, r1, r3", 0x80000000, 0, 40, 0, 0xffffffff, kN | kC},
    {0xe1b00371, "rors r0, r1, r3", 0x80000001, 0, 32, 0, 0x80000001, kN | kC},
    {0xe1b00371, "rors r0, r1, r3", 0x10, 0, 36, kC, 1, 0},
};

TEST_F(ArmTest, DataProcessingResultsAndFlags) {
    for (const DpCase& t : kDpCases) {
        SCOPED_TRACE(t.text);
        cpu->reset();
        arm(0x100, {t.insn});
        set(0, 0xdeadbeef);
        set(1, t.r1);
        set(2, t.r2);
        set(3, t.r3);
        set_flags(t.flags_in);
        run(1);
        EXPECT_EQ(r(0), t.r0);
        EXPECT_EQ(flags(), t.flags_out);
        EXPECT_EQ(r(15), 0x104u);
    }
}

TEST_F(ArmTest, PcReadsAsPlus8OrPlus12WithRegisterShift) {
    arm(0x100, {
                   0xe08f0311,  // add r0, pc, r1, lsl r3
                   0xe28f4004,  // add r4, pc, #4
               });
    set(1, 0);
    set(3, 0);
    run(2);
    EXPECT_EQ(r(0), 0x10cu);
    EXPECT_EQ(r(4), 0x104u + 8 + 4);
}

TEST_F(ArmTest, ConditionCodesSkipInstructions) {
    arm(0x100, {
                   0x03a00001,  // moveq r0, #1
                   0x13a01001,  // movne r1, #1
                   0xc3a02001,  // movgt r2, #1
                   0xb3a03001,  // movlt r3, #1
               });
    set_flags(kN);  // N != V: lt passes, gt fails; Z clear: ne passes
    run(4);
    EXPECT_EQ(r(0), 0u);
    EXPECT_EQ(r(1), 1u);
    EXPECT_EQ(r(2), 0u);
    EXPECT_EQ(r(3), 1u);
}

TEST_F(ArmTest, MultiplyFlagsLeaveCAndVAlone) {
    arm(0x100, {0xe0100291});  // muls r0, r1, r2
    set(1, 0x10000);
    set(2, 0x10000);
    set_flags(kC | kV);
    run(1);
    EXPECT_EQ(r(0), 0u);
    EXPECT_EQ(flags(), kZ | kC | kV);

    arm(0x100, {0xe0203291});  // mla r0, r1, r2, r3
    set(1, 3);
    set(2, 4);
    set(3, 5);
    run(1);
    EXPECT_EQ(r(0), 17u);
}

TEST_F(ArmTest, LongMultiplies) {
    arm(0x100, {0xe0940291});  // umulls r0, r4, r1, r2
    set(1, 0xffffffff);
    set(2, 0xffffffff);
    set_flags(0);
    run(1);
    EXPECT_EQ(r(0), 1u);
    EXPECT_EQ(r(4), 0xfffffffeu);
    EXPECT_EQ(flags(), kN);

    arm(0x100, {0xe0c40291});  // smull r0, r4, r1, r2
    set(1, u32(-2));
    set(2, 3);
    run(1);
    EXPECT_EQ(r(0), 0xfffffffau);
    EXPECT_EQ(r(4), 0xffffffffu);

    arm(0x100, {0xe0a40291});  // umlal r0, r4, r1, r2
    set(0, 0xffffffff);
    set(4, 0);
    set(1, 1);
    set(2, 1);
    run(1);
    EXPECT_EQ(r(0), 0u);
    EXPECT_EQ(r(4), 1u);

    arm(0x100, {0xe0f40291});  // smlals r0, r4, r1, r2
    set(0, 6);
    set(4, 0);
    set(1, u32(-2));
    set(2, 3);
    set_flags(kC);
    run(1);
    EXPECT_EQ(r(0), 0u);
    EXPECT_EQ(r(4), 0u);
    EXPECT_EQ(flags(), kZ | kC);
}

struct QCase {
    u32 insn;
    const char* text;
    u32 r1, r2, r0;
    bool q;
};

TEST_F(ArmTest, SaturatingArithmeticSetsQ) {
    const QCase cases[] = {
        {0xe1020051, "qadd r0, r1, r2", 0x7fffffff, 1, 0x7fffffff, true},
        {0xe1020051, "qadd r0, r1, r2", 1, 2, 3, false},
        {0xe1220051, "qsub r0, r1, r2", 0x80000000, 1, 0x80000000, true},
        {0xe1420051, "qdadd r0, r1, r2", 0, 0x40000000, 0x7fffffff, true},
        {0xe1620051, "qdsub r0, r1, r2", 0, 0xc0000000, 0x7fffffff, true},
        {0xe1620051, "qdsub r0, r1, r2", 10, 3, 4, false},
    };
    for (const QCase& t : cases) {
        SCOPED_TRACE(t.text);
        cpu->set_cpsr(kModeSvc);
        arm(0x100, {t.insn});
        set(1, t.r1);
        set(2, t.r2);
        run(1);
        EXPECT_EQ(r(0), t.r0);
        EXPECT_EQ((cpu->cpsr() & kPsrQ) != 0, t.q);
    }
    // Q is sticky: a later non-saturating QADD leaves it set.
    arm(0x100, {0xe1020051});
    cpu->set_cpsr(kModeSvc | kPsrQ);
    set(1, 1);
    set(2, 1);
    run(1);
    EXPECT_EQ(cpu->cpsr() & kPsrQ, kPsrQ);
}

TEST_F(ArmTest, HalfwordMultiplies) {
    cpu->set_cpsr(kModeSvc);
    arm(0x100, {0xe1003281});  // smlabb r0, r1, r2, r3
    set(1, 0x12348000);
    set(2, 0x00008000);
    set(3, 0x40000000);
    run(1);
    EXPECT_EQ(r(0), 0x80000000u);
    EXPECT_EQ(cpu->cpsr() & kPsrQ, kPsrQ);

    cpu->set_cpsr(kModeSvc);
    arm(0x100, {0xe1003281});  // smlabb r0, r1, r2, r3
    set(1, 2);
    set(2, 0xffff0003);
    set(3, 10);
    run(1);
    EXPECT_EQ(r(0), 16u);
    EXPECT_EQ(cpu->cpsr() & kPsrQ, 0u);

    arm(0x100, {0xe10032a1});  // smlatb r0, r1, r2, r3
    set(1, 0xfffe0000);
    set(2, 5);
    set(3, 0);
    run(1);
    EXPECT_EQ(r(0), 0xfffffff6u);

    arm(0x100, {0xe10032c1});  // smlabt r0, r1, r2, r3
    set(1, 7);
    set(2, 0x00030000);
    set(3, 1);
    run(1);
    EXPECT_EQ(r(0), 22u);

    arm(0x100, {0xe12002a1});  // smulwb r0, r1, r2
    set(1, 0xffff0000);
    set(2, 3);
    run(1);
    EXPECT_EQ(r(0), 0xfffffffdu);

    arm(0x100, {0xe12032c1});  // smlawt r0, r1, r2, r3
    set(1, 0x00020000);
    set(2, 0x00050000);
    set(3, 1);
    run(1);
    EXPECT_EQ(r(0), 11u);

    arm(0x100, {0xe1440281});  // smlalbb r0, r4, r1, r2
    set(0, 0xffffffff);
    set(4, 0);
    set(1, 2);
    set(2, 3);
    run(1);
    EXPECT_EQ(r(0), 5u);
    EXPECT_EQ(r(4), 1u);

    arm(0x100, {0xe16002e1});  // smultt r0, r1, r2
    set(1, 0xffff0000);
    set(2, 0x7fff0000);
    run(1);
    EXPECT_EQ(r(0), 0xffff8001u);
}

TEST_F(ArmTest, CountLeadingZeros) {
    arm(0x100, {0xe16f0f11});  // clz r0, r1
    set(1, 0x00010000);
    run(1);
    EXPECT_EQ(r(0), 15u);
    arm(0x100, {0xe16f0f11});
    set(1, 0);
    run(1);
    EXPECT_EQ(r(0), 32u);
}

}  // namespace
}  // namespace bw::arm
