#include <gtest/gtest.h>

#include "core/cpu/arm/cp15.h"

namespace bw::arm {
namespace {

u32 rd(const Cp15& cp, unsigned opc1, unsigned crn, unsigned crm, unsigned opc2) {
    u32 v = 0xdeadbeef;
    EXPECT_TRUE(cp.read(opc1, crn, crm, opc2, &v))
        << "MRC p15, " << opc1 << ", c" << crn << ", c" << crm << ", " << opc2;
    return v;
}

unsigned wr(Cp15& cp, unsigned opc1, unsigned crn, unsigned crm, unsigned opc2, u32 value) {
    unsigned effects = 0xff;
    EXPECT_TRUE(cp.write(opc1, crn, crm, opc2, value, &effects))
        << "MCR p15, " << opc1 << ", c" << crn << ", c" << crm << ", " << opc2;
    return effects;
}

bool read_undefined(const Cp15& cp, unsigned opc1, unsigned crn, unsigned crm, unsigned opc2) {
    u32 v = 0x12345678;
    bool ok = cp.read(opc1, crn, crm, opc2, &v);
    EXPECT_EQ(v, 0x12345678u);  // an UNDEFINED read leaves Rd alone
    return !ok;
}

bool write_undefined(Cp15& cp, unsigned opc1, unsigned crn, unsigned crm, unsigned opc2) {
    unsigned effects = 0xff;
    bool ok = cp.write(opc1, crn, crm, opc2, 0xffffffff, &effects);
    EXPECT_EQ(effects, 0u);
    return !ok;
}

TEST(ArmCp15, IdRegisters) {
    Cp15 cp;
    EXPECT_EQ(rd(cp, 0, 0, 0, 0), 0x41069265u);  // main ID
    EXPECT_EQ(rd(cp, 0, 0, 0, 1), 0x01dd20d2u);  // cache type
    EXPECT_EQ(rd(cp, 0, 0, 0, 2), 0u);           // TCM status
    EXPECT_EQ(rd(cp, 0, 0, 0, 3), 0u);           // TLB type
    for (unsigned opc2 = 4; opc2 < 8; opc2++) EXPECT_EQ(rd(cp, 0, 0, 0, opc2), 0x41069265u);
    EXPECT_EQ(rd(cp, 0, 0, 3, 0), 0u);  // QEMU's RAZ v6 ID space
    EXPECT_EQ(rd(cp, 0, 0, 7, 7), 0u);
    EXPECT_EQ(rd(cp, 1, 0, 0, 0), 0u);  // CCSIDR/CLIDR dummies
    EXPECT_EQ(rd(cp, 1, 0, 0, 1), 0u);
    EXPECT_TRUE(read_undefined(cp, 0, 0, 1, 0));  // no v6 feature registers
    EXPECT_TRUE(read_undefined(cp, 0, 0, 2, 0));
    EXPECT_TRUE(read_undefined(cp, 2, 0, 0, 0));
    EXPECT_TRUE(read_undefined(cp, 1, 0, 1, 0));
    // c0 is read-only: writes are UNDEFINED, as QEMU (PL1_R) has them.
    EXPECT_TRUE(write_undefined(cp, 0, 0, 0, 0));
    EXPECT_TRUE(write_undefined(cp, 0, 0, 0, 1));
    EXPECT_EQ(rd(cp, 0, 0, 0, 0), 0x41069265u);
}

TEST(ArmCp15, ResetValues) {
    Cp15 cp;
    EXPECT_EQ(rd(cp, 0, 1, 0, 0), 0x00090078u);
    EXPECT_EQ(rd(cp, 0, 2, 0, 0), 0u);
    EXPECT_EQ(rd(cp, 0, 3, 0, 0), 0u);
    EXPECT_EQ(rd(cp, 0, 5, 0, 0), 0u);
    EXPECT_EQ(rd(cp, 0, 5, 0, 1), 0u);
    EXPECT_EQ(rd(cp, 0, 6, 0, 0), 0u);
    EXPECT_EQ(rd(cp, 0, 9, 0, 0), 0u);
    EXPECT_EQ(rd(cp, 0, 9, 0, 1), 0u);
    EXPECT_EQ(rd(cp, 0, 13, 0, 0), 0u);
    EXPECT_EQ(rd(cp, 0, 13, 0, 1), 0u);
    EXPECT_FALSE(cp.mmu_enabled());
    EXPECT_FALSE(cp.alignment_check());
    EXPECT_FALSE(cp.high_vectors());

    // reset() undoes every write.
    wr(cp, 0, 1, 0, 0, 0x2003);
    wr(cp, 0, 2, 0, 0, 0x4000);
    wr(cp, 0, 3, 0, 0, 0x55555555);
    wr(cp, 0, 5, 0, 0, 0xf5);
    wr(cp, 0, 5, 0, 1, 0x07);
    wr(cp, 0, 6, 0, 0, 0x1000);
    wr(cp, 0, 9, 0, 0, 0xf);
    wr(cp, 0, 13, 0, 0, 0x02000000);
    wr(cp, 0, 13, 0, 1, 0x42);
    cp.reset();
    EXPECT_EQ(cp.control, 0x00090078u);
    EXPECT_EQ(cp.ttbr, 0u);
    EXPECT_EQ(cp.dacr, 0u);
    EXPECT_EQ(cp.dfsr, 0u);
    EXPECT_EQ(cp.ifsr, 0u);
    EXPECT_EQ(cp.far, 0u);
    EXPECT_EQ(cp.dcache_lockdown, 0u);
    EXPECT_EQ(cp.fcse_pid, 0u);
    EXPECT_EQ(cp.context_id, 0u);
}

TEST(ArmCp15, ControlWritableBitsAndEffects) {
    Cp15 cp;
    // Only M A C B S R I V RR L4 move; SBO bits 6:3, 16, 19 stay set, the rest clear.
    EXPECT_EQ(wr(cp, 0, 1, 0, 0, 0xffffffff), Cp15::kControlChanged | Cp15::kFlushTlb);
    EXPECT_EQ(rd(cp, 0, 1, 0, 0), 0x0009f3ffu);
    EXPECT_TRUE(cp.mmu_enabled());
    EXPECT_TRUE(cp.alignment_check());
    EXPECT_TRUE(cp.high_vectors());
    EXPECT_EQ(wr(cp, 0, 1, 0, 0, 0), Cp15::kControlChanged | Cp15::kFlushTlb);
    EXPECT_EQ(rd(cp, 0, 1, 0, 0), 0x00090078u);

    // Rewriting the same value does nothing (Linux does this a lot).
    EXPECT_EQ(wr(cp, 0, 1, 0, 0, 0x00090078), 0u);
    // Bits that do not touch translation: changed, no flush.
    EXPECT_EQ(wr(cp, 0, 1, 0, 0, 0x00090078 | Cp15::kC | Cp15::kI), Cp15::kControlChanged);
    EXPECT_EQ(wr(cp, 0, 1, 0, 0, cp.control | Cp15::kA), Cp15::kControlChanged);
    EXPECT_TRUE(cp.alignment_check());
    EXPECT_EQ(wr(cp, 0, 1, 0, 0, cp.control | Cp15::kV), Cp15::kControlChanged);
    EXPECT_TRUE(cp.high_vectors());
    // M, S and R change translations.
    EXPECT_EQ(wr(cp, 0, 1, 0, 0, cp.control | Cp15::kM), Cp15::kControlChanged | Cp15::kFlushTlb);
    EXPECT_EQ(wr(cp, 0, 1, 0, 0, cp.control | Cp15::kS), Cp15::kControlChanged | Cp15::kFlushTlb);
    EXPECT_EQ(wr(cp, 0, 1, 0, 0, cp.control | Cp15::kR), Cp15::kControlChanged | Cp15::kFlushTlb);
    EXPECT_EQ(rd(cp, 0, 1, 0, 0), 0x0009337fu);
    // Clearing the fixed bits has no effect: the same writable bits change nothing.
    EXPECT_EQ(wr(cp, 0, 1, 0, 0, 0x00003307), 0u);
    EXPECT_EQ(rd(cp, 0, 1, 0, 0), 0x0009337fu);

    EXPECT_TRUE(read_undefined(cp, 0, 1, 0, 1));   // no auxiliary control on the 926
    EXPECT_TRUE(write_undefined(cp, 0, 1, 0, 2));  // no CPACR before v6
    EXPECT_TRUE(write_undefined(cp, 1, 1, 0, 0));
}

TEST(ArmCp15, TranslationRegistersFlushOnChange) {
    Cp15 cp;
    EXPECT_EQ(wr(cp, 0, 2, 0, 0, 0x00ab4000), unsigned(Cp15::kFlushTlb));
    EXPECT_EQ(wr(cp, 0, 2, 0, 0, 0x00ab4000), 0u);
    EXPECT_EQ(wr(cp, 0, 2, 0, 0, 0x00ab7fff), unsigned(Cp15::kFlushTlb));
    EXPECT_EQ(rd(cp, 0, 2, 0, 0), 0x00ab7fffu);    // stored as written; walk masks 13:0
    EXPECT_TRUE(write_undefined(cp, 0, 2, 0, 1));  // TTBR1/TTBCR are v6
    EXPECT_TRUE(read_undefined(cp, 0, 2, 0, 2));

    EXPECT_EQ(wr(cp, 0, 3, 0, 0, 0x55555555), unsigned(Cp15::kFlushTlb));
    EXPECT_EQ(wr(cp, 0, 3, 0, 0, 0x55555555), 0u);
    // QEMU decodes every c3 encoding as DACR.
    EXPECT_EQ(wr(cp, 3, 3, 5, 7, 0xc0000001), unsigned(Cp15::kFlushTlb));
    EXPECT_EQ(rd(cp, 0, 3, 0, 0), 0xc0000001u);
    EXPECT_EQ(rd(cp, 1, 3, 2, 3), 0xc0000001u);

    EXPECT_EQ(wr(cp, 0, 13, 0, 0, 0x12345678), unsigned(Cp15::kFlushTlb));
    EXPECT_EQ(rd(cp, 0, 13, 0, 0), 0x12000000u);     // PID is bits 31:25
    EXPECT_EQ(wr(cp, 0, 13, 0, 0, 0x13ffffff), 0u);  // same PID
    EXPECT_EQ(wr(cp, 0, 13, 0, 0, 0), unsigned(Cp15::kFlushTlb));
    EXPECT_EQ(wr(cp, 0, 13, 0, 1, 0xcafef00d), 0u);  // context ID: trace only
    EXPECT_EQ(rd(cp, 0, 13, 0, 1), 0xcafef00du);
    EXPECT_TRUE(write_undefined(cp, 0, 13, 0, 2));
    EXPECT_TRUE(read_undefined(cp, 0, 13, 1, 0));
}

TEST(ArmCp15, FcseRemapsTheLow32MB) {
    Cp15 cp;
    EXPECT_EQ(cp.fcse(0x01234567), 0x01234567u);  // PID 0: identity
    wr(cp, 0, 13, 0, 0, 5u << 25);
    EXPECT_EQ(cp.fcse(0x00000000), 0x0a000000u);
    EXPECT_EQ(cp.fcse(0x01ffffff), 0x0bffffffu);
    EXPECT_EQ(cp.fcse(0x02000000), 0x02000000u);  // 32 MB and above pass through
    EXPECT_EQ(cp.fcse(0xc0008000), 0xc0008000u);
}

TEST(ArmCp15, FaultRegisters) {
    Cp15 cp;
    EXPECT_EQ(wr(cp, 0, 5, 0, 0, 0x000000f5), 0u);
    EXPECT_EQ(wr(cp, 0, 5, 0, 1, 0x00000037), 0u);
    EXPECT_EQ(wr(cp, 0, 6, 0, 0, 0xc0123456), 0u);
    EXPECT_EQ(rd(cp, 0, 5, 0, 0), 0xf5u);
    EXPECT_EQ(rd(cp, 0, 5, 0, 1), 0x37u);
    EXPECT_EQ(rd(cp, 0, 6, 0, 0), 0xc0123456u);
    cp.dfsr = 0x1b;  // as the CPU does on a data abort
    EXPECT_EQ(rd(cp, 0, 5, 0, 0), 0x1bu);
    EXPECT_TRUE(read_undefined(cp, 0, 5, 0, 2));
    EXPECT_TRUE(read_undefined(cp, 0, 6, 0, 1));  // IFAR/WFAR are v6
    EXPECT_TRUE(read_undefined(cp, 0, 6, 0, 2));
    EXPECT_TRUE(write_undefined(cp, 0, 5, 1, 0));
}

TEST(ArmCp15, CacheOperations) {
    Cp15 cp;
    // Maintenance ops are write-only no-ops.
    EXPECT_EQ(wr(cp, 0, 7, 7, 0, 0), 0u);   // invalidate I+D
    EXPECT_EQ(wr(cp, 0, 7, 5, 0, 0), 0u);   // invalidate I
    EXPECT_EQ(wr(cp, 0, 7, 10, 4, 0), 0u);  // drain write buffer
    EXPECT_EQ(wr(cp, 0, 7, 14, 1, 0), 0u);  // clean+invalidate D line by MVA
    EXPECT_EQ(wr(cp, 0, 7, 13, 1, 0), 0u);  // prefetch I line
    EXPECT_EQ(wr(cp, 0, 7, 0, 4, 0), unsigned(Cp15::kWaitForInterrupt));
    EXPECT_EQ(wr(cp, 0, 7, 8, 2, 0), unsigned(Cp15::kWaitForInterrupt));  // QEMU's v5 WFI
    EXPECT_TRUE(read_undefined(cp, 0, 7, 5, 0));
    EXPECT_TRUE(read_undefined(cp, 0, 7, 10, 4));
    EXPECT_TRUE(write_undefined(cp, 1, 7, 5, 0));

    // Test-and-clean: Z (bit 30) set means "all clean" to MRC with Rd = PC.
    EXPECT_EQ(rd(cp, 0, 7, 10, 3), 0x40000000u);
    EXPECT_EQ(rd(cp, 0, 7, 14, 3), 0x40000000u);
    EXPECT_TRUE(write_undefined(cp, 0, 7, 10, 3));
    EXPECT_TRUE(write_undefined(cp, 0, 7, 14, 3));
}

TEST(ArmCp15, TlbOperationsFlush) {
    Cp15 cp;
    EXPECT_EQ(wr(cp, 0, 8, 7, 0, 0), unsigned(Cp15::kFlushTlb));           // all
    EXPECT_EQ(wr(cp, 0, 8, 5, 0, 0), unsigned(Cp15::kFlushTlb));           // I
    EXPECT_EQ(wr(cp, 0, 8, 6, 0, 0), unsigned(Cp15::kFlushTlb));           // D
    EXPECT_EQ(wr(cp, 0, 8, 7, 1, 0xc0001000), unsigned(Cp15::kFlushTlb));  // by MVA
    EXPECT_EQ(wr(cp, 0, 8, 5, 1, 0xc0001000), unsigned(Cp15::kFlushTlb));
    EXPECT_EQ(wr(cp, 0, 8, 6, 1, 0xc0001000), unsigned(Cp15::kFlushTlb));
    EXPECT_EQ(wr(cp, 0, 8, 7, 2, 0), unsigned(Cp15::kFlushTlb));
    EXPECT_EQ(wr(cp, 0, 8, 7, 3, 0), unsigned(Cp15::kFlushTlb));
    EXPECT_TRUE(write_undefined(cp, 0, 8, 7, 4));
    EXPECT_TRUE(read_undefined(cp, 0, 8, 7, 0));
}

TEST(ArmCp15, LockdownTcmAndDebug) {
    Cp15 cp;
    EXPECT_EQ(wr(cp, 0, 9, 0, 0, 0x0000000e), 0u);
    EXPECT_EQ(wr(cp, 0, 9, 0, 1, 0x0000000d), 0u);
    EXPECT_EQ(rd(cp, 0, 9, 0, 0), 0xeu);
    EXPECT_EQ(rd(cp, 0, 9, 0, 1), 0xdu);
    EXPECT_EQ(wr(cp, 0, 9, 1, 0, 0x00000015), 0u);  // DTCM region: no TCM, reads 0
    EXPECT_EQ(wr(cp, 0, 9, 1, 1, 0x10000015), 0u);
    EXPECT_EQ(rd(cp, 0, 9, 1, 0), 0u);
    EXPECT_EQ(rd(cp, 0, 9, 1, 1), 0u);
    EXPECT_TRUE(read_undefined(cp, 0, 9, 1, 2));
    EXPECT_TRUE(write_undefined(cp, 0, 9, 2, 0));  // no TCM DMA/selection registers

    EXPECT_EQ(wr(cp, 0, 10, 0, 0, 0x04000001), 0u);  // TLB lockdown: NOP like QEMU
    EXPECT_EQ(rd(cp, 0, 10, 0, 0), 0u);
    EXPECT_EQ(rd(cp, 0, 10, 8, 5), 0u);
    EXPECT_EQ(rd(cp, 0, 10, 2, 1), 0u);
    EXPECT_TRUE(read_undefined(cp, 0, 10, 3, 0));
    EXPECT_TRUE(read_undefined(cp, 0, 10, 2, 2));

    EXPECT_EQ(wr(cp, 0, 15, 1, 0, 0xffffffff), 0u);  // test/debug: accepted, RAZ
    EXPECT_EQ(rd(cp, 7, 15, 15, 7), 0u);
    EXPECT_EQ(rd(cp, 0, 15, 1, 0), 0u);
}

TEST(ArmCp15, NonexistentRegistersAreUndefined) {
    Cp15 cp;
    for (unsigned crn : {4u, 11u, 12u, 14u}) {
        EXPECT_TRUE(read_undefined(cp, 0, crn, 0, 0)) << crn;
        EXPECT_TRUE(write_undefined(cp, 0, crn, 0, 0)) << crn;
    }
    EXPECT_EQ(cp.control, 0x00090078u);
}

TEST(ArmCp15, UserModeAccess) {
    EXPECT_TRUE(Cp15::user_access_ok(true, 0, 7, 10, 3));
    EXPECT_TRUE(Cp15::user_access_ok(true, 0, 7, 14, 3));
    EXPECT_FALSE(Cp15::user_access_ok(false, 0, 7, 14, 3));
    EXPECT_FALSE(Cp15::user_access_ok(true, 0, 0, 0, 0));
    EXPECT_FALSE(Cp15::user_access_ok(false, 0, 7, 10, 4));
    EXPECT_FALSE(Cp15::user_access_ok(true, 0, 13, 0, 1));
}

}  // namespace
}  // namespace bw::arm
