// ARM926EJ-S loads and stores: unaligned ARMv5 rules, LDRD/STRD, halfwords,
// LDM/STM (all modes, writeback, ^), SWP, interworking loads, and the software
// TLB on RAM and MMIO with the MMU off.
#include "tests/unit/arm_test_util.h"

namespace bw::arm {
namespace {

TEST_F(ArmTest, UnalignedLdrRotatesTheWord) {
    put32(0x1000, 0x44332211);
    const u32 expect[4] = {0x44332211, 0x11443322, 0x22114433, 0x33221144};
    for (u32 i = 0; i < 4; ++i) {
        arm(0x100, {0xe5910000});  // ldr r0, [r1]
        set(1, 0x1000 + i);
        run(1);
        EXPECT_EQ(r(0), expect[i]) << i;
    }
}

TEST_F(ArmTest, UnalignedLdrFaultsWhenAlignmentCheckingIsOn) {
    cpu->cp15().control |= 2;  // A bit
    arm(0x100, {0xe5910000});  // ldr r0, [r1]
    set(0, 0x1234);
    set(1, 0x1001);
    u32 old_cpsr = cpu->cpsr();
    run(1);
    EXPECT_EQ(r(0), 0x1234u);
    EXPECT_EQ(cpu->cpsr() & kPsrMode, kModeAbt);
    EXPECT_EQ(r(15), 0x10u);
    EXPECT_EQ(r(14), 0x108u);  // data abort: instruction + 8
    EXPECT_EQ(cpu->spsr(), kPsrFixedOne | old_cpsr);
    EXPECT_EQ(cpu->cp15().dfsr, 1u);
    EXPECT_EQ(cpu->cp15().far, 0x1001u);
}

TEST_F(ArmTest, AbortedLdmLeavesBaseAndRegistersAlone) {
    cpu->cp15().control |= 2;
    arm(0x100, {0xe8b1000f});  // ldmia r1!, {r0, r1, r2, r3}
    set(0, 7);
    set(1, 0x1002);
    run(1);
    EXPECT_EQ(cpu->cpsr() & kPsrMode, kModeAbt);
    EXPECT_EQ(cpu->banked_reg(kModeSvc, 1), 0x1002u);
    EXPECT_EQ(r(0), 7u);
}

TEST_F(ArmTest, LdrdStrd) {
    put32(0x1008, 0xaaaa);
    put32(0x100c, 0xbbbb);
    arm(0x100, {0xe1e140d8});  // ldrd r4, r5, [r1, #8]!
    set(1, 0x1000);
    run(1);
    EXPECT_EQ(r(4), 0xaaaau);
    EXPECT_EQ(r(5), 0xbbbbu);
    EXPECT_EQ(r(1), 0x1008u);

    arm(0x100, {0xe04120f8});  // strd r2, r3, [r1], #-8
    set(1, 0x2000);
    set(2, 1);
    set(3, 2);
    run(1);
    EXPECT_EQ(get32(0x2000), 1u);
    EXPECT_EQ(get32(0x2004), 2u);
    EXPECT_EQ(r(1), 0x1ff8u);
}

TEST_F(ArmTest, HalfwordAndSignedByteLoads) {
    put16(0x1002, 0x8001);
    put8(0x1003 + 0x10, 0x80);
    arm(0x100, {0xe1d100b2});  // ldrh r0, [r1, #2]
    set(1, 0x1000);
    run(1);
    EXPECT_EQ(r(0), 0x8001u);

    arm(0x100, {0xe19100d2});  // ldrsb r0, [r1, r2]
    set(1, 0x1000);
    set(2, 0x13);
    run(1);
    EXPECT_EQ(r(0), 0xffffff80u);

    arm(0x100, {0xe17100f2});  // ldrsh r0, [r1, #-2]!
    set(1, 0x1004);
    run(1);
    EXPECT_EQ(r(0), 0xffff8001u);
    EXPECT_EQ(r(1), 0x1002u);

    put32(0x1004, 0);
    arm(0x100, {0xe1c120b6});  // strh r2, [r1, #6]
    set(1, 0x1000);
    set(2, 0x12345678);
    run(1);
    EXPECT_EQ(get16(0x1006), 0x5678u);
    EXPECT_EQ(get16(0x1004), 0u);
}

TEST_F(ArmTest, WordAndByteAddressingModes) {
    put32(0x1008, 0x55);
    put8(0x1001, 0x99);
    arm(0x100, {
                   0xe7910102,  // ldr r0, [r1, r2, lsl #2]
                   0xe5f13001,  // ldrb r3, [r1, #1]!
                   0xe4814004,  // str r4, [r1], #4
                   0xe581f000,  // str pc, [r1]
               });
    set(1, 0x1000);
    set(2, 2);
    set(4, 0xcafe);
    run(4);
    EXPECT_EQ(r(0), 0x55u);
    EXPECT_EQ(r(3), 0x99u);
    // Unaligned STR with alignment checking off ignores address bits 1:0.
    EXPECT_EQ(get32(0x1000), 0xcafeu);
    EXPECT_EQ(r(1), 0x1005u);
    EXPECT_EQ(get32(0x1004), 0x10cu + 12);  // ARM9 stores the STR's address + 12
}

TEST_F(ArmTest, PushPopAndInterworkingLoads) {
    arm(0x100, {0xe92d400f});  // push {r0, r1, r2, r3, lr}
    for (unsigned i = 0; i < 4; ++i) set(i, i + 1);
    set(14, 5);
    set(13, 0x3000);
    run(1);
    EXPECT_EQ(r(13), 0x2fecu);
    for (unsigned i = 0; i < 5; ++i) EXPECT_EQ(get32(0x2fec + 4 * i), i + 1);

    put32(0x2ffc, 0x201);
    arm(0x100, {0xe8bd80f0});  // pop {r4, r5, r6, r7, pc}
    run(1);
    EXPECT_EQ(r(4), 1u);
    EXPECT_EQ(r(7), 4u);
    EXPECT_EQ(r(13), 0x3000u);
    EXPECT_EQ(r(15), 0x200u);
    EXPECT_EQ(cpu->cpsr() & kPsrT, kPsrT);  // bit 0 of the loaded PC

    put32(0x1000, 0x400);
    arm(0x100, {0xe591f000});  // ldr pc, [r1]
    set(1, 0x1000);
    run(1);
    EXPECT_EQ(r(15), 0x400u);
    EXPECT_EQ(cpu->cpsr() & kPsrT, 0u);
    put32(0x1000, 0x401);
    arm(0x100, {0xe591f000});
    run(1);
    EXPECT_EQ(r(15), 0x400u);
    EXPECT_EQ(cpu->cpsr() & kPsrT, kPsrT);
}

TEST_F(ArmTest, BlockTransferModesAndWriteback) {
    arm(0x100, {0xe981000c});  // stmib r1, {r2, r3}
    set(1, 0x1000);
    set(2, 7);
    set(3, 8);
    run(1);
    EXPECT_EQ(get32(0x1004), 7u);
    EXPECT_EQ(get32(0x1008), 8u);
    EXPECT_EQ(r(1), 0x1000u);

    arm(0x100, {0xe8310030});  // ldmda r1!, {r4, r5}
    set(1, 0x1008);
    run(1);
    EXPECT_EQ(r(4), 7u);
    EXPECT_EQ(r(5), 8u);
    EXPECT_EQ(r(1), 0x1000u);

    // Thumb-like STM with the base first in the list: the original base is stored.
    arm(0x100, {0xe8a10006});  // stmia r1!, {r1, r2}
    set(1, 0x2000);
    run(1);
    EXPECT_EQ(get32(0x2000), 0x2000u);
    EXPECT_EQ(r(1), 0x2008u);
}

TEST_F(ArmTest, LdmStmUserBank) {
    for (unsigned i = 0; i < 7; ++i) put32(0x1000 + 4 * i, 0x80 + i);
    set(13, 0x5130);
    set(14, 0x5140);
    arm(0x100, {0xe8d17f00});  // ldmia r1, {r8-r14}^
    set(1, 0x1000);
    run(1);
    EXPECT_EQ(r(13), 0x5130u);  // SVC's own r13/r14 untouched
    EXPECT_EQ(r(14), 0x5140u);
    EXPECT_EQ(cpu->banked_reg(kModeUsr, 13), 0x85u);
    EXPECT_EQ(cpu->banked_reg(kModeUsr, 14), 0x86u);
    EXPECT_EQ(r(8), 0x80u);

    // In FIQ mode, STM^ stores the user r8-r14, not FIQ's.
    cpu->set_cpsr(kModeFiq | kPsrI | kPsrF);
    set(8, 0xf8);
    arm(0x100, {0xe8c17f00});  // stmia r1, {r8-r14}^
    set(1, 0x2000);
    run(1);
    EXPECT_EQ(get32(0x2000), 0x80u);
    EXPECT_EQ(get32(0x2018), 0x86u);
}

TEST_F(ArmTest, LdmWithPcAndCaretRestoresCpsr) {
    cpu->set_cpsr(kModeIrq | kPsrI);
    cpu->set_spsr(kModeUsr | kPsrT | (kZ << 28));
    put32(0x1000, 0x55);
    put32(0x1004, 0x301);
    arm(0x100, {0xe8d18001});  // ldmia r1, {r0, pc}^
    set(1, 0x1000);
    run(1);
    EXPECT_EQ(cpu->cpsr(), kPsrFixedOne | kModeUsr | kPsrT | (kZ << 28));
    EXPECT_EQ(r(15), 0x300u);
    EXPECT_EQ(r(0), 0x55u);
}

TEST_F(ArmTest, SwapWordAndByte) {
    put32(0x1000, 0x11);
    arm(0x100, {0xe1010092});  // swp r0, r2, [r1]
    set(1, 0x1000);
    set(2, 0x22);
    run(1);
    EXPECT_EQ(r(0), 0x11u);
    EXPECT_EQ(get32(0x1000), 0x22u);

    put32(0x1000, 0xaabbccdd);
    arm(0x100, {0xe1410092});  // swpb r0, r2, [r1]
    set(2, 0x123);
    run(1);
    EXPECT_EQ(r(0), 0xddu);
    EXPECT_EQ(get32(0x1000), 0xaabbcc23u);
}

// Counts accesses so tests can see that MMIO is never cached.
class CountingDevice : public Device {
  public:
    const char* name() const override { return "count"; }
    void reset() override {}
    u32 read(u32 offset, unsigned size) override {
        reads++;
        last_offset = offset;
        return 0xabcd0000 | offset;
    }
    void write(u32 offset, u32 value, unsigned size) override {
        writes++;
        last_offset = offset;
        last_value = value;
    }
    int reads = 0, writes = 0;
    u32 last_offset = 0, last_value = 0;
};

TEST_F(ArmTest, TlbCachesRamPagesWithMmuOff) {
    arm(0x100, {
                   0xe5910000,  // ldr r0, [r1]
                   0xe5812000,  // str r2, [r1]
               });
    set(1, 0x5004);
    set(2, 0x77);
    EXPECT_EQ(cpu->tlb_entry(false, ArmCpu::kRead, 0x5004).tag, ArmCpu::kTlbInvalid);
    run(1);
    EXPECT_EQ(cpu->tlb_entry(false, ArmCpu::kRead, 0x5004).tag, 0x5000u);
    EXPECT_EQ(cpu->tlb_entry(false, ArmCpu::kWrite, 0x5004).tag, ArmCpu::kTlbInvalid);
    EXPECT_EQ(cpu->tlb_entry(true, ArmCpu::kRead, 0x5004).tag, ArmCpu::kTlbInvalid);
    run(1);
    EXPECT_EQ(cpu->tlb_entry(false, ArmCpu::kWrite, 0x5004).tag, 0x5000u);
    EXPECT_EQ(get32(0x5004), 0x77u);
    // Code fetch filled the execute entry for the code page.
    EXPECT_EQ(cpu->tlb_entry(false, ArmCpu::kFetch, 0x100).tag, 0u);

    // A hit reads through the cached host pointer.
    put32(0x5008, 0x99);
    arm(0x100, {0xe5910004});  // ldr r0, [r1, #4]
    run(1);
    EXPECT_EQ(r(0), 0x99u);

    // Changing CP15 control flushes everything.
    arm(0x100, {0xee010f10});  // mcr p15, 0, r0, c1, c0, 0
    set(0, cpu->cp15().control ^ Cp15::kA);
    run(1);
    EXPECT_EQ(cpu->tlb_entry(false, ArmCpu::kRead, 0x5004).tag, ArmCpu::kTlbInvalid);
}

TEST_F(ArmTest, MmioIsNeverCached) {
    CountingDevice dev;
    bus.map_device(0x10000000, 0x1000, &dev);
    arm(0x100, {
                   0xe5910000,  // ldr r0, [r1]
                   0xe5910000,  // ldr r0, [r1]
                   0xe5812000,  // str r2, [r1]
               });
    set(1, 0x10000004);
    set(2, 0x5a);
    run(2);
    EXPECT_EQ(dev.reads, 2);
    EXPECT_EQ(r(0), 0xabcd0004u);
    EXPECT_EQ(cpu->tlb_entry(false, ArmCpu::kRead, 0x10000004).tag, ArmCpu::kTlbInvalid);
    run(1);
    EXPECT_EQ(dev.writes, 1);
    EXPECT_EQ(dev.last_value, 0x5au);
    EXPECT_EQ(cpu->tlb_entry(false, ArmCpu::kWrite, 0x10000004).tag, ArmCpu::kTlbInvalid);
}

// MMU on: section 0 maps VA 0 -> PA 0 (AP 11), section 1 faults, section 2
// maps PA 0 privileged-only (AP 01). Domain 0 is a client.
class ArmMmuTest : public ArmTest {
  protected:
    void enable_mmu() {
        put32(0x4000, 0x00000c12);
        put32(0x4004, 0);
        put32(0x4008, 0x00000412);
        cpu->cp15().ttbr = 0x4000;
        cpu->cp15().dacr = 1;
        arm(0x100, {0xee010f10});  // mcr p15, 0, r0, c1, c0, 0
        set(0, cpu->cp15().control | Cp15::kM);
        run(1);
        ASSERT_TRUE(cpu->cp15().mmu_enabled());
    }
};

TEST_F(ArmMmuTest, TranslationFaultMidLdmIsRestartable) {
    enable_mmu();
    put32(0xffffc, 0x11);
    arm(0x200, {0xe8b1000c});  // ldmia r1!, {r2, r3}
    set(1, 0xffffc);
    set(2, 0x22);
    run(1);
    EXPECT_EQ(cpu->cpsr() & kPsrMode, kModeAbt);
    EXPECT_EQ(r(14), 0x208u);
    EXPECT_EQ(cpu->cp15().dfsr, 0x5u);  // section translation fault, domain 0
    EXPECT_EQ(cpu->cp15().far, 0x100000u);
    EXPECT_EQ(cpu->banked_reg(kModeSvc, 1), 0xffffcu);  // base restored
    EXPECT_EQ(r(2), 0x22u);
}

TEST_F(ArmMmuTest, LdrtUsesUserPermissions) {
    enable_mmu();
    put32(0x10, 0x1234);
    arm(0x200, {
                   0xe5910000,  // ldr r0, [r1]
                   0xe4b13000,  // ldrt r3, [r1], #0
               });
    set(1, 0x200010);
    run(1);
    EXPECT_EQ(r(0), 0x1234u);
    EXPECT_EQ(cpu->tlb_entry(false, ArmCpu::kRead, 0x200010).tag, 0x200000u);
    run(1);
    EXPECT_EQ(cpu->cpsr() & kPsrMode, kModeAbt);
    EXPECT_EQ(cpu->cp15().dfsr, 0xdu);  // section permission fault
    EXPECT_EQ(cpu->tlb_entry(true, ArmCpu::kRead, 0x200010).tag, ArmCpu::kTlbInvalid);
}

TEST_F(ArmMmuTest, PrefetchAbortOnUnmappedCode) {
    enable_mmu();
    arm(0x200, {0xe12fff11});  // bx r1
    set(1, 0x100000);
    run(2);
    EXPECT_EQ(cpu->cpsr() & kPsrMode, kModeAbt);
    EXPECT_EQ(r(14), 0x100004u);
    EXPECT_EQ(r(15), 0x0cu);
    EXPECT_EQ(cpu->cp15().ifsr, 0x5u);
}

// A display watching a framebuffer page sees a store the CPU makes through a
// write pointer it cached before the display first looked (Bus::on_watch
// makes the CPU forget it), and every store after a look.
TEST_F(ArmTest, StoresReachAWatchedFramebuffer) {
    const u32 fb = 0x8000;
    arm(0x100, {0xe5801000,    // str r1, [r0]
                0xe5802004,    // str r2, [r0, #4]
                0xe5802008});  // str r2, [r0, #8]
    set(0, fb);
    set(1, 0x11);
    set(2, 0x22);
    run(1);  // caches a write pointer for the page
    EXPECT_TRUE(bus.take_written(fb, 4096, Bus::kWatchDisplay));
    EXPECT_FALSE(bus.take_written(fb, 4096, Bus::kWatchDisplay));
    run(1);
    EXPECT_EQ(get32(fb + 4), 0x22u);
    EXPECT_TRUE(bus.take_written(fb, 4096, Bus::kWatchDisplay));
    run(1);
    EXPECT_EQ(get32(fb + 8), 0x22u);
    EXPECT_TRUE(bus.take_written(fb, 4096, Bus::kWatchDisplay));
    EXPECT_FALSE(bus.take_written(fb, 4096, Bus::kWatchDisplay));
}

}  // namespace
}  // namespace bw::arm
