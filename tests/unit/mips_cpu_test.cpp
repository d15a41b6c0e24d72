// MIPS32r2 CPU: decoder, delay slots, branch-likely, exceptions, unaligned and atomic memory
// operations, multiply/divide, bit-field instructions, Count/Compare and WAIT, RDHWR.
// Encodings come from mipsel-linux-gnu-as -march=24kf (the assembly is beside each word).
#include "core/cpu/mips/mips_cpu.h"

#include <gtest/gtest.h>

#include <memory>
#include <vector>

namespace bw::mips {
namespace {

class MipsCpuTest : public ::testing::Test {
  protected:
    static constexpr u32 kRam = 1u << 20;

    MipsCpuTest() : ram_(kRam) {
        bus_.map_ram(0, kRam, ram_.data());
        make({});
    }
    // A CPU as a kernel leaves it after boot: kernel mode, BEV=0, ERL=0, vectors at 0x80000000.
    void make(const MipsConfig& cfg) {
        cpu_ = std::make_unique<MipsCpu>(bus_, sched_, cfg);
        cpu_->write_cp0(12, 0, 0);
    }
    // Place words at a kseg0 address and point the PC at the first.
    void code(u32 va, std::initializer_list<u32> words) {
        u32 pa = va & 0x1fffffff;
        for (u32 w : words) {
            bus_.write32(pa, w);
            pa += 4;
        }
        cpu_->set_pc(va);
    }
    void run(i64 n) {
        sched_.begin_slice(n);
        cpu_->execute();
        sched_.end_slice();
    }
    u32 cp0(unsigned reg, unsigned sel = 0) {
        u32 v = 0;
        EXPECT_TRUE(cpu_->read_cp0(reg, sel, &v));
        return v;
    }
    u32 exc_code() { return (cp0(13) >> 2) & 31; }

    std::vector<u8> ram_;
    Bus bus_;
    Scheduler sched_;
    std::unique_ptr<MipsCpu> cpu_;
};

// ---- Decoder --------------------------------------------------------------------------------

TEST(MipsDecoder, EveryRowDecodesToItself) {
    const Decoder& d = Decoder::get(Isa::MIPS32R2);
    for (const InsnRow& row : Decoder::table()) {
        u32 mask, value;
        ASSERT_TRUE(parse_pattern(row.pattern, &mask, &value)) << row.mnemonic;
        for (u32 fill : {0x2a5a5a5au, 0x15a5a5a5u, 0xffffffffu}) {
            u32 insn = value | (~mask & fill);
            const InsnRow* got = d.lookup(insn);
            ASSERT_NE(got, nullptr) << row.mnemonic;
            EXPECT_EQ(got, &row) << row.mnemonic << " decoded as " << got->mnemonic;
        }
    }
}

TEST(MipsDecoder, OverlapsAndReleaseLevels) {
    const Decoder& r2 = Decoder::get(Isa::MIPS32R2);
    const Decoder& r1 = Decoder::get(Isa::MIPS32R1);
    EXPECT_STREQ(r2.lookup(0x00000000)->mnemonic, "NOP");    // sll $0,$0,0
    EXPECT_STREQ(r2.lookup(0x000000c0)->mnemonic, "EHB");    // sll $0,$0,3
    EXPECT_STREQ(r2.lookup(0x00021080)->mnemonic, "SLL");    // sll $2,$2,2
    EXPECT_STREQ(r2.lookup(0x00224202)->mnemonic, "ROTR");   // ror $8,$2,8
    EXPECT_EQ(r1.lookup(0x00224202), nullptr);               // no ROTR on MIPS32r1
    EXPECT_EQ(r1.lookup(0x7c433900), nullptr);               // ext $3,$2,4,8
    EXPECT_STREQ(r1.lookup(0x46062080)->mnemonic, "ADD.S");  // CP1 decodes (then CpU)
    EXPECT_EQ(r2.lookup(0x4200001f), nullptr);               // DERET: no EJTAG
    EXPECT_EQ(r2.lookup(0x7000003f), nullptr);               // SDBBP
    EXPECT_EQ(r2.lookup(0x74000000), nullptr);               // JALX: no MIPS16e
}

// ---- Reset state ----------------------------------------------------------------------------

TEST_F(MipsCpuTest, ResetValuesAs24Kf) {
    cpu_->reset();
    EXPECT_EQ(cpu_->pc(), 0xbfc00000u);
    EXPECT_EQ(cp0(15), 0x00019300u);
    EXPECT_EQ(cp0(16, 0), 0x80000482u);
    EXPECT_EQ(cp0(16, 1), 0x9e190c8fu);
    EXPECT_EQ(cp0(16, 2), 0x80000000u);
    EXPECT_EQ(cp0(16, 3), 0x00000000u);
    EXPECT_EQ(cp0(12), ST_BEV | ST_ERL);
    EXPECT_EQ(cp0(15, 1), 0x80000000u);  // EBase
    EXPECT_EQ(cp0(12, 1), 0xe0000000u);  // IntCtl: timer on IP7
    EXPECT_EQ(cp0(1), 15u);              // Random
    EXPECT_EQ(cp0(9), 1u);               // Count starts at 1 (QEMU)
    EXPECT_EQ(cpu_->s.FIR, 0x00739300u);
}

TEST_F(MipsCpuTest, ResetValuesAs4KcAndBigEndian) {
    MipsConfig cfg;
    cfg.model = MipsConfig::Model::k4Kc;
    cfg.big_endian = true;
    make(cfg);
    EXPECT_EQ(cp0(15), 0x00018000u);
    EXPECT_EQ(cp0(16, 0), 0x80008082u);  // BE set, AR=0 (release 1)
    EXPECT_EQ(cp0(16, 1), 0x9e190c8au);  // no FPU, no MIPS16
    u32 v;
    EXPECT_FALSE(cpu_->read_cp0(15, 1, &v));  // no EBase on release 1
}

// ---- Branches and delay slots ---------------------------------------------------------------

TEST_F(MipsCpuTest, TakenBranchRunsDelaySlotAndJalLinks) {
    code(0x80001000, {
                         0x24020001,  // addiu $2,$0,1
                         0x10420002,  // beq $2,$2,+2 (to 0x80001010)
                         0x24030007,  // addiu $3,$0,7   (delay slot)
                         0x24040009,  // addiu $4,$0,9   (skipped)
                         0x2405000b,  // addiu $5,$0,11
                         0x0c000440,  // jal 0x80001100
                         0x24060003,  // addiu $6,$0,3   (delay slot)
                     });
    run(6);
    EXPECT_EQ(cpu_->gpr(3), 7u);
    EXPECT_EQ(cpu_->gpr(4), 0u);
    EXPECT_EQ(cpu_->gpr(5), 11u);
    EXPECT_EQ(cpu_->gpr(6), 3u);
    EXPECT_EQ(cpu_->gpr(31), 0x8000101cu);
    EXPECT_EQ(cpu_->pc(), 0x80001100u);
}

TEST_F(MipsCpuTest, JalrLinksAndJumpsToOldRegister) {
    cpu_->set_gpr(2, 0x80001200);
    code(0x80001000, {
                         0x0040f809,  // jalr $2
                         0x00000000,  // nop
                     });
    run(2);
    EXPECT_EQ(cpu_->gpr(31), 0x80001008u);
    EXPECT_EQ(cpu_->pc(), 0x80001200u);
}

TEST_F(MipsCpuTest, BranchLikelyAnnulsSlotWhenNotTaken) {
    cpu_->set_gpr(2, 1);
    code(0x80001000, {
                         0x50020002,  // beql $0,$2,+2  (not taken: slot annulled)
                         0x24030007,  // addiu $3,$0,7
                         0x24040009,  // addiu $4,$0,9
                         0x54020002,  // bnel $0,$2,+2  (taken: slot runs)
                         0x24050005,  // addiu $5,$0,5
                         0x24060006,  // addiu $6,$0,6  (skipped)
                         0x00000000,  // nop
                     });
    run(4);
    EXPECT_EQ(cpu_->gpr(3), 0u);
    EXPECT_EQ(cpu_->gpr(4), 9u);
    EXPECT_EQ(cpu_->gpr(5), 5u);
    EXPECT_EQ(cpu_->gpr(6), 0u);
    EXPECT_EQ(cpu_->pc(), 0x80001018u);
}

TEST_F(MipsCpuTest, ExceptionInTakenDelaySlotSetsBdAndEpcAtBranch) {
    cpu_->set_gpr(2, 0x80002000);
    code(0x80001000, {
                         0x10000002,  // beq $0,$0,+2
                         0x8c430001,  // lw $3,1($2)  (unaligned: AdEL)
                     });
    run(2);
    EXPECT_EQ(cpu_->pc(), 0x80000180u);
    EXPECT_EQ(cp0(14), 0x80001000u);  // EPC = the branch
    EXPECT_EQ(cp0(13) & CAUSE_BD, CAUSE_BD);
    EXPECT_EQ(exc_code(), u32(EXC_AdEL));
    EXPECT_EQ(cp0(8), 0x80002001u);
    EXPECT_EQ(cp0(12) & ST_EXL, ST_EXL);
}

TEST_F(MipsCpuTest, ExceptionInNotTakenDelaySlotAlsoSetsBd) {
    cpu_->set_gpr(2, 0x80002000);
    code(0x80001000, {
                         0x00000000,  // nop
                         0x14000001,  // bne $0,$0,+1  (not taken)
                         0xac430002,  // sw $3,2($2)  (unaligned: AdES)
                     });
    run(3);
    EXPECT_EQ(cpu_->pc(), 0x80000180u);
    EXPECT_EQ(cp0(14), 0x80001004u);
    EXPECT_EQ(cp0(13) & CAUSE_BD, CAUSE_BD);
    EXPECT_EQ(exc_code(), u32(EXC_AdES));
    EXPECT_EQ(cp0(8), 0x80002002u);
}

TEST_F(MipsCpuTest, ExceptionOutsideDelaySlotClearsBdAndNestedKeepsEpc) {
    cpu_->write_cp0(13, 0, 0);
    code(0x80001000, {
                         0x0000000c,  // syscall
                     });
    run(1);
    EXPECT_EQ(exc_code(), u32(EXC_Sys));
    EXPECT_EQ(cp0(14), 0x80001000u);
    EXPECT_EQ(cp0(13) & CAUSE_BD, 0u);
    // A second exception with EXL set keeps EPC and goes to the general vector.
    code(0x80000180, {
                         0x0000000d,  // break
                     });
    run(1);
    EXPECT_EQ(exc_code(), u32(EXC_Bp));
    EXPECT_EQ(cp0(14), 0x80001000u);
    EXPECT_EQ(cpu_->pc(), 0x80000180u);
}

TEST_F(MipsCpuTest, BevVectorsAndEbase) {
    cpu_->write_cp0(12, 0, ST_BEV);
    code(0x80001000, {0x0000000c});  // syscall
    run(1);
    EXPECT_EQ(cpu_->pc(), 0xbfc00380u);
    cpu_->write_cp0(12, 0, 0);
    cpu_->write_cp0(15, 1, 0x80040000);
    code(0x80001000, {0x0000000c});  // syscall
    run(1);
    EXPECT_EQ(cpu_->pc(), 0x80040180u);
}

TEST_F(MipsCpuTest, AddOverflowTrapsAndLeavesDestination) {
    cpu_->set_gpr(2, 0x7fffffff);
    cpu_->set_gpr(3, 1);
    cpu_->set_gpr(15, 0x1234);
    code(0x80001000, {
                         0x00437820,  // add $15,$2,$3
                     });
    run(1);
    EXPECT_EQ(exc_code(), u32(EXC_Ov));
    EXPECT_EQ(cpu_->gpr(15), 0x1234u);
}

TEST_F(MipsCpuTest, TrapAndReservedInstruction) {
    cpu_->set_gpr(2, 5);
    cpu_->set_gpr(3, 5);
    code(0x80001000, {
                         0x00430034,  // teq $2,$3
                     });
    run(1);
    EXPECT_EQ(exc_code(), u32(EXC_Tr));
    cpu_->write_cp0(12, 0, 0);
    code(0x80001000, {
                         0x7000003f,  // sdbbp: not implemented -> RI
                     });
    run(1);
    EXPECT_EQ(exc_code(), u32(EXC_RI));
    EXPECT_EQ(cp0(14), 0x80001000u);
}

// ---- Memory ---------------------------------------------------------------------------------

TEST_F(MipsCpuTest, UnalignedLoadPairAndPartialLoads) {
    for (u32 i = 0; i < 8; ++i) bus_.write8(0x2000 + i, u8(i));  // 00 01 02 ... 07
    cpu_->set_gpr(2, 0x80002000);
    cpu_->set_gpr(3, 0xdeadbeef);
    cpu_->set_gpr(4, 0xaabbccdd);
    cpu_->set_gpr(5, 0xaabbccdd);
    code(0x80001000, {
                         0x98430001,  // lwr $3,1($2)
                         0x88430004,  // lwl $3,4($2)
                         0x88440001,  // lwl $4,1($2)
                         0x98450002,  // lwr $5,2($2)
                     });
    run(4);
    EXPECT_EQ(cpu_->gpr(3), 0x04030201u);  // bytes 01 02 03 04
    EXPECT_EQ(cpu_->gpr(4), 0x0100ccddu);  // bytes at 0x2001, 0x2000 into the top
    EXPECT_EQ(cpu_->gpr(5), 0xaabb0302u);  // bytes at 0x2002, 0x2003 into the bottom
}

TEST_F(MipsCpuTest, UnalignedPartialStores) {
    for (u32 i = 0; i < 8; ++i) bus_.write8(0x2000 + i, u8(i));
    cpu_->set_gpr(6, 0xaabbccdd);
    cpu_->set_gpr(7, 0x80002000);
    cpu_->set_gpr(8, 0x80002004);
    code(0x80001000, {
                         0xa8e60001,  // swl $6,1($7)
                         0xb9060002,  // swr $6,2($8)
                     });
    run(2);
    EXPECT_EQ(bus_.read32(0x2000), 0x0302aabbu);
    EXPECT_EQ(bus_.read32(0x2004), 0xccdd0504u);
}

TEST_F(MipsCpuTest, UnalignedLoadPairBigEndian) {
    MipsConfig cfg;
    cfg.big_endian = true;
    make(cfg);
    for (u32 i = 0; i < 8; ++i) bus_.write8(0x2000 + i, u8(i));
    cpu_->set_gpr(2, 0x80002000);
    // Big-endian instruction words are stored byte-swapped in the little-endian bus.
    auto be = [](u32 w) { return __builtin_bswap32(w); };
    code(0x80001000, {
                         be(0x88430001),  // lwl $3,1($2)
                         be(0x98430004),  // lwr $3,4($2)
                         be(0x8c440004),  // lw $4,4($2)
                     });
    run(3);
    EXPECT_EQ(cpu_->gpr(3), 0x01020304u);
    EXPECT_EQ(cpu_->gpr(4), 0x04050607u);
}

TEST_F(MipsCpuTest, LoadLinkedStoreConditional) {
    bus_.write32(0x3000, 41);
    cpu_->set_gpr(2, 0x80003000);
    cpu_->set_gpr(4, 99);
    code(0x80001000, {
                         0xc0430000,  // ll $3,0($2)
                         0x24630001,  // addiu $3,$3,1
                         0xe0430000,  // sc $3,0($2)    (succeeds: $3 = 1)
                         0xe0440000,  // sc $4,0($2)    (LLbit now clear: fails)
                     });
    run(4);
    EXPECT_EQ(bus_.read32(0x3000), 42u);
    EXPECT_EQ(cpu_->gpr(3), 1u);
    EXPECT_EQ(cpu_->gpr(4), 0u);
    EXPECT_EQ(cp0(17), 0x3000u >> 4);  // LLAddr
}

TEST_F(MipsCpuTest, EretClearsLlBit) {
    bus_.write32(0x3000, 41);
    cpu_->set_gpr(2, 0x80003000);
    cpu_->set_gpr(4, 7);
    cpu_->write_cp0(12, 0, ST_EXL);
    cpu_->write_cp0(14, 0, 0x80001008);
    code(0x80001000, {
                         0xc0430000,  // ll $3,0($2)
                         0x42000018,  // eret (to 0x80001008)
                         0xe0440000,  // sc $4,0($2)  (fails)
                     });
    run(3);
    EXPECT_EQ(cpu_->gpr(3), 41u);
    EXPECT_EQ(cpu_->gpr(4), 0u);
    EXPECT_EQ(bus_.read32(0x3000), 41u);
    EXPECT_EQ(cp0(12) & ST_EXL, 0u);
}

// ---- Arithmetic -----------------------------------------------------------------------------

TEST_F(MipsCpuTest, MultiplyDivide) {
    cpu_->set_gpr(2, 0xfffffffe);  // -2
    cpu_->set_gpr(3, 0x00000003);
    cpu_->set_gpr(8, 0xfffffff9);  // -7
    cpu_->set_gpr(9, 2);
    code(0x80001000, {
                         0x00430018,  // mult $2,$3
                         0x00002010,  // mfhi $4
                         0x00002812,  // mflo $5
                         0x00430019,  // multu $2,$3
                         0x00003010,  // mfhi $6
                         0x00003812,  // mflo $7
                         0x0109001a,  // div $0,$8,$9
                         0x00005010,  // mfhi $10
                         0x00005812,  // mflo $11
                         0x0100001a,  // div $0,$8,$0  (no trap)
                         0x00006010,  // mfhi $12
                         0x00006812,  // mflo $13
                         0x70437002,  // mul $14,$2,$3
                     });
    run(13);
    EXPECT_EQ(cpu_->gpr(4), 0xffffffffu);
    EXPECT_EQ(cpu_->gpr(5), 0xfffffffau);  // -6
    EXPECT_EQ(cpu_->gpr(6), 0x00000002u);  // 0xfffffffe * 3 = 0x2_fffffffa
    EXPECT_EQ(cpu_->gpr(7), 0xfffffffau);
    EXPECT_EQ(cpu_->gpr(10), 0xffffffffu);  // -7 % 2 = -1
    EXPECT_EQ(cpu_->gpr(11), 0xfffffffdu);  // -7 / 2 = -3
    EXPECT_EQ(cpu_->gpr(12), 0u);           // QEMU: divisor 1
    EXPECT_EQ(cpu_->gpr(13), 0xfffffff9u);
    EXPECT_EQ(cpu_->gpr(14), 0xfffffffau);
    EXPECT_EQ(exc_code(), 0u);
    EXPECT_EQ(cpu_->pc(), 0x80001034u);
}

TEST_F(MipsCpuTest, MultiplyAccumulate) {
    cpu_->set_gpr(2, 0x10000);
    cpu_->set_gpr(3, 0x30000);
    code(0x80001000, {
                         0x00400011,  // mthi $2   (HI = 0x10000)
                         0x00600013,  // mtlo $3   (LO = 0x30000)
                         0x70430000,  // madd $2,$3   += 0x3_00000000
                         0x70420004,  // msub $2,$2   -= 0x1_00000000
                     });
    run(4);
    EXPECT_EQ(cpu_->s.hi, 0x10002u);
    EXPECT_EQ(cpu_->s.lo, 0x30000u);
    cpu_->set_gpr(2, 0xffffffff);
    cpu_->set_gpr(3, 2);
    code(0x80001000, {
                         0x70430001,  // maddu $2,$3  += 0x1_fffffffe
                         0x70430005,  // msubu $2,$3
                         0x70430001,  // maddu $2,$3
                     });
    run(3);
    EXPECT_EQ(cpu_->s.hi, 0x10004u);
    EXPECT_EQ(cpu_->s.lo, 0x2fffeu);
}

TEST_F(MipsCpuTest, BitFieldAndByteOperations) {
    cpu_->set_gpr(2, 0x8765a3c1);
    cpu_->set_gpr(4, 0xffffffff);
    cpu_->set_gpr(10, 12);
    code(0x80001000, {
                         0x7c433900,  // ext $3,$2,4,8
                         0x7c449a04,  // ins $4,$2,8,12
                         0x7c0228a0,  // wsbh $5,$2
                         0x7c023420,  // seb $6,$2
                         0x7c023e20,  // seh $7,$2
                         0x00224202,  // rotr $8,$2,8
                         0x01424846,  // rotrv $9,$2,$10
                         0x704b5820,  // clz $11,$2
                         0x704c6021,  // clo $12,$2
                         0x7c4df800,  // ext $13,$2,0,32
                         0x7c4ef804,  // ins $14,$2,0,32
                     });
    run(11);
    EXPECT_EQ(cpu_->gpr(3), 0x3cu);
    EXPECT_EQ(cpu_->gpr(4), 0xfff3c1ffu);
    EXPECT_EQ(cpu_->gpr(5), 0x6587c1a3u);
    EXPECT_EQ(cpu_->gpr(6), 0xffffffc1u);
    EXPECT_EQ(cpu_->gpr(7), 0xffffa3c1u);
    EXPECT_EQ(cpu_->gpr(8), 0xc18765a3u);
    EXPECT_EQ(cpu_->gpr(9), 0x3c18765au);
    EXPECT_EQ(cpu_->gpr(11), 0u);
    EXPECT_EQ(cpu_->gpr(12), 1u);
    EXPECT_EQ(cpu_->gpr(13), 0x8765a3c1u);
    EXPECT_EQ(cpu_->gpr(14), 0x8765a3c1u);
}

// ---- Timer, interrupts, WAIT ----------------------------------------------------------------

TEST_F(MipsCpuTest, CompareInterruptWakesWaitAtTheRightTime) {
    // Count = 1 + now/6 ns; Compare = 101 matches at 600 ns.
    cpu_->write_cp0(11, 0, 101);
    cpu_->write_cp0(12, 0, ST_IE | (0x80u << 8));
    code(0x80001000, {
                         0x42000020,  // wait
                     });
    run(10);
    EXPECT_TRUE(cpu_->halted());
    EXPECT_EQ(cpu_->pc(), 0x80001004u);
    EXPECT_EQ(sched_.now(), 4u);  // one instruction of 4 ns
    EXPECT_TRUE(sched_.skip_to_next_event(UINT64_MAX));
    EXPECT_EQ(sched_.now(), 600u);
    EXPECT_EQ(cp0(9), 101u);
    EXPECT_EQ(cp0(13) & (CAUSE_TI | 0x8000u), CAUSE_TI | 0x8000u);
    EXPECT_FALSE(cpu_->halted());
    run(1);
    EXPECT_EQ(cpu_->pc(), 0x80000180u);
    EXPECT_EQ(exc_code(), u32(EXC_Int));
    EXPECT_EQ(cp0(14), 0x80001004u);  // returns after the WAIT
    // Writing Compare acknowledges the timer interrupt.
    cpu_->write_cp0(11, 0, 0);
    EXPECT_EQ(cp0(13) & (CAUSE_TI | 0x8000u), 0u);
}

TEST_F(MipsCpuTest, HardwareInterruptUsesIvOffsetAndRespectsMask) {
    cpu_->write_cp0(12, 0, ST_IE | (0x04u << 8));  // IM2 only
    code(0x80001000, {0, 0, 0, 0});
    cpu_->set_irq(1, true);  // IP3: masked
    run(1);
    EXPECT_EQ(cpu_->pc(), 0x80001004u);
    EXPECT_EQ(cp0(13) & 0xff00u, 0x0800u);
    cpu_->write_cp0(13, 0, CAUSE_IV);
    cpu_->set_irq(0, true);  // IP2
    run(1);
    EXPECT_EQ(cpu_->pc(), 0x80000200u);
    EXPECT_EQ(cp0(14), 0x80001004u);
    EXPECT_EQ(exc_code(), u32(EXC_Int));
}

TEST_F(MipsCpuTest, WaitWakesWithInterruptsDisabledAndContinues) {
    cpu_->write_cp0(12, 0, 0x04u << 8);  // IM2, IE=0
    cpu_->set_gpr(2, 0);
    code(0x80001000, {
                         0x42000020,  // wait
                         0x24020005,  // addiu $2,$0,5
                     });
    run(5);
    EXPECT_TRUE(cpu_->halted());
    EXPECT_EQ(cpu_->gpr(2), 0u);
    cpu_->set_irq(0, true);
    EXPECT_FALSE(cpu_->halted());
    run(1);
    EXPECT_EQ(cpu_->gpr(2), 5u);  // no exception: execution resumes after the WAIT
    EXPECT_EQ(cpu_->pc(), 0x80001008u);
}

TEST_F(MipsCpuTest, InterruptWaitsUntilAfterTheDelaySlot) {
    cpu_->write_cp0(12, 0, ST_IE | (0x04u << 8));
    code(0x80001000, {
                         0x10000002,  // beq $0,$0,+2
                         0x24030007,  // addiu $3,$0,7 (delay slot)
                     });
    run(1);                  // the branch
    cpu_->set_irq(0, true);  // arrives before the slot
    run(1);
    EXPECT_EQ(cpu_->gpr(3), 7u);
    EXPECT_EQ(cpu_->pc(), 0x8000100cu);
    run(1);
    EXPECT_EQ(cpu_->pc(), 0x80000180u);
    EXPECT_EQ(exc_code(), u32(EXC_Int));
    EXPECT_EQ(cp0(14), 0x8000100cu);
    EXPECT_EQ(cp0(13) & CAUSE_BD, 0u);
}

TEST_F(MipsCpuTest, WritingCountMovesTheCompareMatch) {
    cpu_->write_cp0(11, 0, 1000);
    cpu_->write_cp0(9, 0, 990);  // 10 ticks of 6 ns from now (t=0)
    EXPECT_TRUE(sched_.skip_to_next_event(UINT64_MAX));
    EXPECT_EQ(sched_.now(), 60u);
    EXPECT_EQ(cp0(9), 1000u);
    EXPECT_EQ(cp0(13) & CAUSE_TI, CAUSE_TI);
}

TEST_F(MipsCpuTest, RandomStartsAtFifteenThenStaysAboveWiredWithoutRepeats) {
    cpu_->write_cp0(6, 0, 13);  // Wired = 13: Random picks among 13, 14, 15
    EXPECT_EQ(cp0(1), 15u);
    u32 prev = 15;
    bool seen[16] = {};
    for (int i = 0; i < 60; i++) {
        u32 r = cp0(1);
        EXPECT_GE(r, 13u);
        EXPECT_LE(r, 15u);
        EXPECT_NE(r, prev);
        seen[r] = true;
        prev = r;
    }
    EXPECT_TRUE(seen[13] && seen[14] && seen[15]);
}

// ---- RDHWR ----------------------------------------------------------------------------------

TEST_F(MipsCpuTest, RdhwrInKernelModeAlwaysAllowed) {
    cpu_->set_gpr(3, 0xffff);
    code(0x80001000, {
                         0x7c03003b,  // rdhwr $3,$0   (CPUNum)
                         0x7c04083b,  // rdhwr $4,$1   (SYNCI_Step)
                         0x7c05183b,  // rdhwr $5,$3   (CCRes)
                     });
    run(3);
    EXPECT_EQ(cpu_->gpr(3), 0u);
    EXPECT_EQ(cpu_->gpr(4), 32u);
    EXPECT_EQ(cpu_->gpr(5), 2u);
    code(0x80001000, {
                         0x7c03e83b,  // rdhwr $3,$29: no UserLocal on QEMU's 24Kf
                     });
    run(1);
    EXPECT_EQ(exc_code(), u32(EXC_RI));
}

}  // namespace
// As StoresReachAWatchedFramebuffer for ARM: the software TLB's write
// entries are dropped when the bus starts watching a page.
TEST_F(MipsCpuTest, StoresReachAWatchedFramebuffer) {
    const u32 fb = 0x8000;
    code(0x80000100, {0xac850000,    // sw a1, 0(a0)
                      0xac860004,    // sw a2, 4(a0)
                      0xac860008});  // sw a2, 8(a0)
    cpu_->set_gpr(4, 0x80000000u | fb);
    cpu_->set_gpr(5, 0x11);
    cpu_->set_gpr(6, 0x22);
    run(1);  // caches a write entry for the page
    EXPECT_TRUE(bus_.take_written(fb, 4096, Bus::kWatchDisplay));
    EXPECT_FALSE(bus_.take_written(fb, 4096, Bus::kWatchDisplay));
    run(1);
    EXPECT_EQ(bus_.read32(fb + 4), 0x22u);
    EXPECT_TRUE(bus_.take_written(fb, 4096, Bus::kWatchDisplay));
    run(1);
    EXPECT_EQ(bus_.read32(fb + 8), 0x22u);
    EXPECT_TRUE(bus_.take_written(fb, 4096, Bus::kWatchDisplay));
    EXPECT_FALSE(bus_.take_written(fb, 4096, Bus::kWatchDisplay));
}

// ---- Decode-once blocks ----------------------------------------------------------------------

// A store over an instruction of the running block: the next pass runs the
// new instruction (the block is dropped after the store), with blocks on as off.
TEST_F(MipsCpuTest, BlocksRunCodeTheProgramRewrote) {
    for (bool blocks : {false, true}) {
        make({});
        cpu_->set_blocks(blocks);
        code(0x80000100, {0x24420001,    // addiu v0, v0, 1
                          0xac880000,    // sw t0, 0(a0): rewrites the addiu
                          0x1000fffd,    // b 0x80000100
                          0x00000000});  // nop
        cpu_->set_gpr(4, 0x80000100);
        cpu_->set_gpr(8, 0x24420002);  // addiu v0, v0, 2
        run(5);
        EXPECT_EQ(cpu_->gpr(2), 3u) << "blocks " << blocks;
        // Rewritten by DMA between slices (the store now goes elsewhere).
        cpu_->set_gpr(4, 0x80000200);
        const u32 by_dma = 0x24420010;  // addiu v0, v0, 16
        ASSERT_TRUE(bus_.dma_write(0x100, &by_dma, 4));
        run(4);  // sw, b, nop, addiu
        EXPECT_EQ(cpu_->gpr(2), 19u) << "blocks " << blocks;
    }
}

// A store over an instruction further on in the running block: the block is
// left after the store, and the new instruction runs.
TEST_F(MipsCpuTest, BlocksRunAnInstructionRewrittenAheadInTheSameBlock) {
    for (bool blocks : {false, true}) {
        make({});
        cpu_->set_blocks(blocks);
        code(0x80000100, {0x00000000,    // nop (its fetch maps the page: a block starts after it)
                          0xac88000c,    // sw t0, 12(a0): rewrites the addiu below
                          0x00000000,    // nop
                          0x24420001,    // addiu v0, v0, 1
                          0x1000ffff,    // b .
                          0x00000000});  // nop
        cpu_->set_gpr(4, 0x80000100);
        cpu_->set_gpr(8, 0x24420002);  // addiu v0, v0, 2
        run(4);
        EXPECT_EQ(cpu_->gpr(2), 2u) << "blocks " << blocks;
    }
}

// The same program on two CPUs, one with blocks: after every slice (of odd
// lengths, so slices end inside blocks) the registers, PC, delay-slot state
// and instruction counts agree, across branches, a branch-likely not taken,
// a load that faults (a TLB exception from kuseg) and its handler.
TEST_F(MipsCpuTest, BlocksMatchTheInterpreterSliceBySlice) {
    std::vector<u8> ram2(kRam);
    Bus bus2;
    bus2.map_ram(0, kRam, ram2.data());
    Scheduler sched2;
    MipsCpu other(bus2, sched2, MipsConfig{});
    other.write_cp0(12, 0, 0);
    cpu_->set_blocks(true);
    const std::vector<u32> program = {
        0x24030000,  // 0x100: addiu v1, zero, 0
        0x24040064,  // 0x104: addiu a0, zero, 100
        0x24630003,  // 0x108: loop: addiu v1, v1, 3
        0x30650004,  // 0x10c: andi a1, v1, 4
        0x50a00001,  // 0x110: beql a1, zero, +1 (to 0x118; slot annulled when not taken)
        0x24630001,  // 0x114: addiu v1, v1, 1 (the likely slot)
        0x2484ffff,  // 0x118: addiu a0, a0, -1
        0x1480fffa,  // 0x11c: bnez a0, loop
        0x00000000,  // 0x120: nop
        0x8c060000,  // 0x124: lw a2, 0(zero): kuseg, no TLB entry: refill exception
        0x1000ffff,  // 0x128: b . (not reached)
        0x00000000,
    };
    const std::vector<u32> handler = {
        0x24070007,  // at the exception vector: addiu a3, zero, 7
        0x1000ffff,  // b .
        0x00000000,
    };
    for (Bus* b : {&bus_, &bus2}) {
        for (size_t i = 0; i < program.size(); i++) b->write32(0x100 + 4 * u32(i), program[i]);
        for (u32 vector : {0x000u, 0x180u}) {  // refill, or TLB invalid from reset's entries
            for (size_t i = 0; i < handler.size(); i++) b->write32(vector + 4 * u32(i), handler[i]);
        }
    }
    cpu_->set_pc(0x80000100);
    other.set_pc(0x80000100);
    for (int slice = 0; slice < 200; slice++) {
        i64 n = 1 + (slice * 7) % 13;
        run(n);
        sched2.begin_slice(n);
        other.execute();
        sched2.end_slice();
        ASSERT_EQ(cpu_->pc(), other.pc()) << "slice " << slice;
        ASSERT_EQ(cpu_->s.insn_count, other.s.insn_count) << "slice " << slice;
        ASSERT_EQ(cpu_->s.delay_next, other.s.delay_next) << "slice " << slice;
        for (unsigned r = 0; r < 32; r++) ASSERT_EQ(cpu_->gpr(r), other.gpr(r)) << "r" << r;
    }
    EXPECT_EQ(cpu_->gpr(7), 7u);  // the exception handler ran
    EXPECT_EQ(cpu_->gpr(4), 0u);
    EXPECT_GT(cpu_->block_stats().built, 3u);
}

}  // namespace bw::mips
