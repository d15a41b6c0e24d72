// ARM926EJ-S modes, banking, PSR transfers, every exception's return address
// and CPSR/SPSR, vectors, WFI, and coprocessor routing.
#include "tests/unit/arm_test_util.h"

namespace bw::arm {
namespace {

TEST_F(ArmTest, ResetState) {
    EXPECT_EQ(cpu->cpsr(), kPsrFixedOne | kModeSvc | kPsrI | kPsrF);
    EXPECT_EQ(r(15), 0u);
}

TEST_F(ArmTest, ModeSwitchRebanksRegisters) {
    set(8, 1);
    set(13, 0x13);
    set(14, 0x14);
    arm(0x100, {
                   0xe321f0d1,  // msr cpsr_c, #0xd1 (FIQ)
                   0xe3a08088,  // mov r8, #0x88
                   0xe3a0d0dd,  // mov sp, #0xdd
                   0xe321f0d3,  // msr cpsr_c, #0xd3 (SVC)
               });
    run(2);
    EXPECT_EQ(cpu->cpsr() & kPsrMode, kModeFiq);
    EXPECT_EQ(r(13), 0u);
    run(2);
    EXPECT_EQ(cpu->cpsr(), kPsrFixedOne | kModeSvc | kPsrI | kPsrF);
    EXPECT_EQ(r(8), 1u);
    EXPECT_EQ(r(13), 0x13u);
    EXPECT_EQ(r(14), 0x14u);
    EXPECT_EQ(cpu->banked_reg(kModeFiq, 8), 0x88u);
    EXPECT_EQ(cpu->banked_reg(kModeFiq, 13), 0xddu);
    EXPECT_EQ(cpu->banked_reg(kModeIrq, 8), 1u);  // only FIQ banks r8-r12
}

TEST_F(ArmTest, PsrTransfers) {
    arm(0x100, {
                   0xe16ff001,  // msr spsr_fsxc, r1
                   0xe14f0000,  // mrs r0, spsr
                   0xe10f2000,  // mrs r2, cpsr
                   0xe328f20f,  // msr cpsr_f, #0xf0000000
               });
    set(1, 0x600000d0);
    run(4);
    EXPECT_EQ(r(0), 0x600000d0u);
    EXPECT_EQ(r(2), kPsrFixedOne | kModeSvc | kPsrI | kPsrF);
    EXPECT_EQ(cpu->cpsr(), kPsrFixedOne | 0xf0000000u | kModeSvc | kPsrI | kPsrF);

    // User mode may only write the flags.
    cpu->set_cpsr(kModeUsr);
    arm(0x100, {0xe129f001});  // msr cpsr_fc, r1
    set(1, 0x800000d3);
    run(1);
    EXPECT_EQ(cpu->cpsr(), kPsrFixedOne | 0x80000000u | kModeUsr);
}

TEST_F(ArmTest, SwiEntersSvcWithNextInstructionInLr) {
    cpu->set_cpsr(kModeUsr | (kN << 28));
    arm(0x100, {0xef000012});  // swi #0x12
    run(1);
    EXPECT_EQ(cpu->cpsr(), kPsrFixedOne | 0x80000000u | kModeSvc | kPsrI);
    EXPECT_EQ(cpu->spsr(), kPsrFixedOne | 0x80000000u | kModeUsr);
    EXPECT_EQ(r(14), 0x104u);
    EXPECT_EQ(r(15), 0x08u);
}

TEST_F(ArmTest, UndefinedInstruction) {
    cpu->set_cpsr(kModeSvc);
    arm(0x100, {0xe7f000f0});  // udf (ARMv5 undefined space)
    run(1);
    EXPECT_EQ(cpu->cpsr(), kPsrFixedOne | kModeUnd | kPsrI);
    EXPECT_EQ(cpu->spsr(), kPsrFixedOne | u32(kModeSvc));
    EXPECT_EQ(r(14), 0x104u);
    EXPECT_EQ(r(15), 0x04u);
}

TEST_F(ArmTest, UnknownCoprocessorsAreUndefined) {
    const u32 words[] = {
        0xee100e10,  // mrc p14, 0, r0, c0, c0, 0
        0xee000300,  // cdp p3, 0, c0, c0, c0, 0
    };
    for (u32 w : words) {
        cpu->set_cpsr(kModeSvc);
        arm(0x100, {w});
        run(1);
        EXPECT_EQ(cpu->cpsr() & kPsrMode, kModeUnd) << std::hex << w;
        EXPECT_EQ(r(15), 0x04u);
    }
    // CP15 from user mode is undefined too.
    cpu->set_cpsr(kModeUsr);
    arm(0x100, {0xee110f10});  // mrc p15, 0, r0, c1, c0, 0
    run(1);
    EXPECT_EQ(cpu->cpsr() & kPsrMode, kModeUnd);
}

TEST_F(ArmTest, Cp15ReadsAndMrcToPcSetsFlags) {
    arm(0x100, {
                   0xee110f10,  // mrc p15, 0, r0, c1, c0, 0
                   0xee17ff7e,  // mrc p15, 0, APSR_nzcv, c7, c14, 3
               });
    set_flags(0);
    run(2);
    EXPECT_EQ(r(0), cpu->cp15().control);
    EXPECT_EQ(flags() & kZ, kZ);  // "test and clean": Z set when the cache is clean
    EXPECT_EQ(r(15), 0x108u);
}

TEST_F(ArmTest, BkptIsAPrefetchAbort) {
    cpu->set_cpsr(kModeSvc);
    arm(0x100, {0xe1200071});  // bkpt #1
    run(1);
    EXPECT_EQ(cpu->cpsr(), kPsrFixedOne | kModeAbt | kPsrI);
    EXPECT_EQ(r(14), 0x104u);
    EXPECT_EQ(r(15), 0x0cu);
}

TEST_F(ArmTest, IrqReturnAddressAndExceptionReturn) {
    cpu->set_cpsr(kModeSvc);
    put32(0x18, 0xe25ef004);  // subs pc, lr, #4
    arm(0x100, {0xe1a00000, 0xe1a00000});
    run(1);
    cpu->set_irq(true);
    run(1);  // taking the IRQ counts as one instruction
    EXPECT_EQ(cpu->cpsr(), kPsrFixedOne | kModeIrq | kPsrI);
    EXPECT_EQ(cpu->spsr(), kPsrFixedOne | u32(kModeSvc));
    EXPECT_EQ(r(14), 0x108u);  // next instruction (0x104) + 4
    EXPECT_EQ(r(15), 0x18u);
    cpu->set_irq(false);
    run(1);
    EXPECT_EQ(cpu->cpsr(), kPsrFixedOne | u32(kModeSvc));
    EXPECT_EQ(r(15), 0x104u);
}

TEST_F(ArmTest, MaskedIrqIsNotTaken) {
    cpu->set_cpsr(kModeSvc | kPsrI);
    arm(0x100, {0xe1a00000});
    cpu->set_irq(true);
    run(1);
    EXPECT_EQ(r(15), 0x104u);
    EXPECT_EQ(cpu->cpsr() & kPsrMode, kModeSvc);
}

TEST_F(ArmTest, FiqMasksBothAndWinsOverIrq) {
    cpu->set_cpsr(kModeSvc);
    arm(0x100, {0xe1a00000});
    cpu->set_irq(true);
    cpu->set_fiq(true);
    run(1);
    EXPECT_EQ(cpu->cpsr(), kPsrFixedOne | kModeFiq | kPsrI | kPsrF);
    EXPECT_EQ(r(14), 0x104u);
    EXPECT_EQ(r(15), 0x1cu);
}

TEST_F(ArmTest, IrqFromThumbClearsT) {
    cpu->set_cpsr(kModeSvc);
    thumb(0x200, {0x46c0, 0x46c0});  // nop; nop
    run(1);
    cpu->set_irq(true);
    run(1);
    EXPECT_EQ(cpu->cpsr(), kPsrFixedOne | kModeIrq | kPsrI);
    EXPECT_EQ(cpu->spsr(), kPsrFixedOne | kModeSvc | kPsrT);
    EXPECT_EQ(r(14), 0x206u);  // next instruction (0x202) + 4
}

TEST_F(ArmTest, ThumbSwiAndBkptReturnAddresses) {
    cpu->set_cpsr(kModeSvc);
    thumb(0x200, {0xdf05});  // swi #5
    run(1);
    EXPECT_EQ(r(14), 0x202u);
    EXPECT_EQ(cpu->spsr(), kPsrFixedOne | kModeSvc | kPsrT);
    EXPECT_EQ(cpu->cpsr(), kPsrFixedOne | kModeSvc | kPsrI);

    cpu->set_cpsr(kModeSvc);
    thumb(0x200, {0xbe02});  // bkpt #2
    run(1);
    EXPECT_EQ(r(14), 0x204u);
    EXPECT_EQ(r(15), 0x0cu);

    cpu->set_cpsr(kModeSvc);
    thumb(0x200, {0xde00});  // undefined (B<cond> with cond 1110)
    run(1);
    EXPECT_EQ(r(14), 0x202u);
    EXPECT_EQ(cpu->cpsr() & kPsrMode, kModeUnd);
}

TEST_F(ArmTest, ThumbDataAbortReturnAddress) {
    cpu->cp15().control |= 2;
    cpu->set_cpsr(kModeSvc);
    thumb(0x200, {0x6808});  // ldr r0, [r1]
    set(1, 0x1002);
    run(1);
    EXPECT_EQ(cpu->cpsr(), kPsrFixedOne | kModeAbt | kPsrI);
    EXPECT_EQ(r(14), 0x208u);
}

TEST_F(ArmTest, HighVectors) {
    cpu->cp15().control |= 1u << 13;
    arm(0x100, {0xef000000});  // swi #0
    run(1);
    EXPECT_EQ(r(15), 0xffff0008u);
}

TEST_F(ArmTest, WfiHaltsUntilAnInterruptLineRisesEvenIfMasked) {
    arm(0x100, {
                   0xee070f90,  // mcr p15, 0, r0, c7, c0, 4 (wait for interrupt)
                   0xe3a01001,  // mov r1, #1
               });
    cpu->set_cpsr(kModeSvc | kPsrI | kPsrF);
    run(10);
    EXPECT_TRUE(cpu->halted());
    EXPECT_EQ(r(15), 0x104u);
    run(10);
    EXPECT_TRUE(cpu->halted());
    EXPECT_EQ(r(1), 0u);
    cpu->set_irq(true);
    EXPECT_FALSE(cpu->halted());
    run(1);
    EXPECT_EQ(r(1), 1u);  // masked: execution simply continues
    EXPECT_EQ(cpu->cpsr() & kPsrMode, kModeSvc);
}

}  // namespace
}  // namespace bw::arm

namespace bw::arm {
namespace {

TEST_F(ArmTest, VfpRoutingThroughCp10) {
    arm(0x100, {
                   0xee001a10,  // fmsr s0, r1 (VFP disabled: undefined)
               });
    run(1);
    EXPECT_EQ(cpu->cpsr() & kPsrMode, kModeUnd);

    cpu->set_cpsr(kModeSvc | kPsrI | kPsrF);
    put32(0x1000, 0x3f800000);
    arm(0x100, {
                   0xeee80a10,  // fmxr fpexc, r0
                   0xee001a10,  // fmsr s0, r1
                   0xee102a10,  // fmrs r2, s0
                   0xedd30a00,  // flds s1, [r3]
               });
    set(0, 0x40000000);  // FPEXC.EN
    set(1, 0x12345678);
    set(3, 0x1000);
    run(4);
    EXPECT_EQ(r(2), 0x12345678u);
    EXPECT_EQ(cpu->vfp().state.s[1], 0x3f800000u);
    EXPECT_EQ(cpu->cpsr() & kPsrMode, kModeSvc);
}

}  // namespace
}  // namespace bw::arm
