// MIPS32 JTLB and address translation: refill vs invalid vs modified exceptions with exact
// BadVAddr/Context/EntryHi/Cause and vector, ASID and global matching, page masks, TLBP/TLBR,
// the software TLB staying coherent with TLBWI and ASID changes, user-mode address errors and
// coprocessor checks, ERL's unmapped kuseg.
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "core/cpu/mips/mips_cpu.h"

namespace bw::mips {
namespace {

constexpr u32 V = 2, D = 4, G = 1;
constexpr u32 lo(u32 pfn, u32 flags) { return (pfn << 6) | flags; }

class MipsTlbTest : public ::testing::Test {
  protected:
    static constexpr u32 kRam = 1u << 20;

    MipsTlbTest() : ram_(kRam) {
        bus_.map_ram(0, kRam, ram_.data());
        cpu_ = std::make_unique<MipsCpu>(bus_, sched_, MipsConfig{});
        cpu_->write_cp0(12, 0, 0);          // kernel mode, EXL=ERL=BEV=0
        cpu_->write_cp0(10, 0, 5);          // ASID 5
        cpu_->write_cp0(4, 0, 0xc0000000);  // Context.PTEBase
    }
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
    // Write JTLB entry |index| through the CP0 registers and TLBWI.
    void tlb_entry(unsigned index, u32 entryhi, u32 pagemask, u32 lo0, u32 lo1) {
        u32 saved_hi = cp0(10);
        cpu_->write_cp0(0, 0, index);
        cpu_->write_cp0(10, 0, entryhi);
        cpu_->write_cp0(5, 0, pagemask);
        cpu_->write_cp0(2, 0, lo0);
        cpu_->write_cp0(3, 0, lo1);
        u32 pc = cpu_->pc();
        code(0x80000f00, {0x42000002});  // tlbwi
        run(1);
        cpu_->set_pc(pc);
        cpu_->write_cp0(10, 0, saved_hi);
    }

    std::vector<u8> ram_;
    Bus bus_;
    Scheduler sched_;
    std::unique_ptr<MipsCpu> cpu_;
};

TEST_F(MipsTlbTest, RefillUsesOffsetZeroAndFillsContextAndEntryHi) {
    cpu_->set_gpr(2, 0x00400000);
    code(0x80001000, {
                         0x8c430010,  // lw $3,16($2)
                     });
    run(1);
    EXPECT_EQ(cpu_->pc(), 0x80000000u);
    EXPECT_EQ(exc_code(), u32(EXC_TLBL));
    EXPECT_EQ(cp0(8), 0x00400010u);
    EXPECT_EQ(cp0(4), 0xc0002000u);
    EXPECT_EQ(cp0(10), 0x00400005u);
    EXPECT_EQ(cp0(14), 0x80001000u);
}

TEST_F(MipsTlbTest, RefillWithExlSetUsesGeneralVectorAndKeepsEpc) {
    cpu_->write_cp0(12, 0, ST_EXL);
    cpu_->write_cp0(14, 0, 0x12345678);
    cpu_->set_gpr(2, 0x00400000);
    code(0x80001000, {
                         0xac430000,  // sw $3,0($2)
                     });
    run(1);
    EXPECT_EQ(cpu_->pc(), 0x80000180u);
    EXPECT_EQ(exc_code(), u32(EXC_TLBS));
    EXPECT_EQ(cp0(14), 0x12345678u);
    EXPECT_EQ(cp0(8), 0x00400000u);
}

TEST_F(MipsTlbTest, InvalidPageRaisesTlblAtGeneralVector) {
    tlb_entry(0, 0x00400005, 0, lo(0x10, D), lo(0x11, V | D));
    bus_.write32(0x11010, 0xcafef00d);
    cpu_->set_gpr(2, 0x00400000);
    code(0x80001000, {
                         0x8c431010,  // lw $3,4112($2)   (odd page: valid)
                         0x8c430010,  // lw $3,16($2)     (even page: invalid)
                     });
    run(2);
    EXPECT_EQ(cpu_->gpr(3), 0xcafef00du);
    EXPECT_EQ(cpu_->pc(), 0x80000180u);
    EXPECT_EQ(exc_code(), u32(EXC_TLBL));
    EXPECT_EQ(cp0(8), 0x00400010u);
    EXPECT_EQ(cp0(10), 0x00400005u);
    EXPECT_EQ(cp0(14), 0x80001004u);
}

TEST_F(MipsTlbTest, StoreToCleanPageRaisesModified) {
    tlb_entry(1, 0x00400005, 0, lo(0x10, V), lo(0x11, V));
    cpu_->set_gpr(2, 0x00401000);
    cpu_->set_gpr(3, 77);
    code(0x80001000, {
                         0x8c440000,  // lw $4,0($2)  (reads fine)
                         0xac430000,  // sw $3,0($2)  (D clear: Mod)
                     });
    run(2);
    EXPECT_EQ(cpu_->pc(), 0x80000180u);
    EXPECT_EQ(exc_code(), u32(EXC_Mod));
    EXPECT_EQ(cp0(8), 0x00401000u);
    EXPECT_EQ(cp0(4), 0xc0002000u);
    EXPECT_EQ(bus_.read32(0x11000), 0u);
}

TEST_F(MipsTlbTest, AsidMismatchMissesAndGlobalMatches) {
    tlb_entry(2, 0x00400007, 0, lo(0x10, V | D), lo(0x11, V | D));  // ASID 7, not global
    bus_.write32(0x10000, 0x11111111);
    cpu_->set_gpr(2, 0x00400000);
    code(0x80001000, {0x8c430000});  // lw $3,0($2)
    run(1);
    EXPECT_EQ(cpu_->pc(), 0x80000000u);  // refill: ASID 5 != 7
    tlb_entry(2, 0x00400007, 0, lo(0x10, V | D | G), lo(0x11, V | D | G));
    code(0x80001000, {0x8c430000});  // lw $3,0($2)
    run(1);
    EXPECT_EQ(cpu_->gpr(3), 0x11111111u);
    EXPECT_EQ(cpu_->pc(), 0x80001004u);
}

TEST_F(MipsTlbTest, SixteenKPagesSelectOddHalfByBit14) {
    tlb_entry(4, 0x00400005, 0x6000, lo(0x20, V | D), lo(0x40, V | D));
    bus_.write32(0x41004, 0xabcd0123);
    bus_.write32(0x23ffc, 0x55aa55aa);
    cpu_->set_gpr(2, 0x00405004);
    cpu_->set_gpr(5, 0x00403ffc);
    code(0x80001000, {
                         0x8c430000,  // lw $3,0($2)
                         0x8ca40000,  // lw $4,0($5)
                     });
    run(2);
    EXPECT_EQ(cpu_->gpr(3), 0xabcd0123u);
    EXPECT_EQ(cpu_->gpr(4), 0x55aa55aau);
}

TEST_F(MipsTlbTest, ProbeAndRead) {
    tlb_entry(3, 0x00802005, 0, lo(0x30, V | G), lo(0x31, D));  // G only on lo0: not global
    cpu_->write_cp0(10, 0, 0x00803005);
    code(0x80001000, {
                         0x42000008,  // tlbp
                     });
    run(1);
    EXPECT_EQ(cp0(0), 3u);
    cpu_->write_cp0(10, 0, 0x00a00005);
    code(0x80001000, {0x42000008});  // tlbp
    run(1);
    EXPECT_EQ(cp0(0) & 0x80000000u, 0x80000000u);
    cpu_->write_cp0(0, 0, 3);
    code(0x80001000, {0x42000001});  // tlbr
    run(1);
    EXPECT_EQ(cp0(10), 0x00802005u);
    EXPECT_EQ(cp0(2), lo(0x30, V));
    EXPECT_EQ(cp0(3), lo(0x31, D));
    EXPECT_EQ(cp0(5), 0u);
}

TEST_F(MipsTlbTest, SoftwareTlbFollowsTlbwiAndAsidChanges) {
    bus_.write32(0x10000, 0xaaaa0000);
    bus_.write32(0x20000, 0xbbbb0000);
    tlb_entry(0, 0x00400005, 0, lo(0x10, V | D), lo(0x11, V | D));
    cpu_->set_gpr(2, 0x00400000);
    code(0x80001000, {0x8c430000});  // lw $3,0($2)
    run(1);
    EXPECT_EQ(cpu_->gpr(3), 0xaaaa0000u);
    tlb_entry(0, 0x00400005, 0, lo(0x20, V | D), lo(0x11, V | D));
    code(0x80001000, {0x8c430000});  // lw $3,0($2)
    run(1);
    EXPECT_EQ(cpu_->gpr(3), 0xbbbb0000u);
    cpu_->write_cp0(10, 0, 6);       // another ASID: the cached page must not hit
    code(0x80001000, {0x8c430000});  // lw $3,0($2)
    run(1);
    EXPECT_EQ(cpu_->pc(), 0x80000000u);
    EXPECT_EQ(exc_code(), u32(EXC_TLBL));
}

TEST_F(MipsTlbTest, UserModeAddressErrorAndPrivilegeChecks) {
    // User code at 0x00400000 -> physical 0x10000, global.
    tlb_entry(0, 0x00400000, 0, lo(0x10, V | D | G), lo(0x11, V | D | G));
    for (u32 i = 0; i < 4; ++i) bus_.write32(0x10000 + 4 * i, 0);
    bus_.write32(0x10000, 0x8c440000);  // lw $4,0($2)
    cpu_->set_gpr(2, 0x80000000);
    cpu_->write_cp0(12, 0, ST_UM);
    cpu_->set_pc(0x00400000);
    run(1);
    EXPECT_EQ(exc_code(), u32(EXC_AdEL));
    EXPECT_EQ(cp0(8), 0x80000000u);
    EXPECT_EQ(cp0(14), 0x00400000u);
    EXPECT_EQ(cpu_->pc(), 0x80000180u);

    bus_.write32(0x10000, 0x40036000);  // mfc0 $3,$12
    cpu_->write_cp0(12, 0, ST_UM);
    cpu_->set_pc(0x00400000);
    run(1);
    EXPECT_EQ(exc_code(), u32(EXC_CpU));
    EXPECT_EQ(cp0(13) & CAUSE_CE, 0u);

    bus_.write32(0x10000, 0x7c03103b);  // rdhwr $3,$2 (CC)
    cpu_->write_cp0(12, 0, ST_UM);
    cpu_->set_pc(0x00400000);
    run(1);
    EXPECT_EQ(exc_code(), u32(EXC_RI));
    cpu_->write_cp0(7, 0, 1u << 2);  // HWREna.CC
    cpu_->write_cp0(12, 0, ST_UM);
    cpu_->set_pc(0x00400000);
    run(1);
    EXPECT_EQ(cpu_->pc(), 0x00400004u);
    EXPECT_EQ(cpu_->gpr(3), cp0(9));  // same virtual time, no tick in between
}

TEST_F(MipsTlbTest, UserFetchFromKernelSegmentIsAddressError) {
    cpu_->write_cp0(12, 0, ST_UM);
    cpu_->set_pc(0x80001000);
    run(1);
    EXPECT_EQ(exc_code(), u32(EXC_AdEL));
    EXPECT_EQ(cp0(8), 0x80001000u);
    EXPECT_EQ(cp0(14), 0x80001000u);
}

TEST_F(MipsTlbTest, SupervisorModeSeesOnlySuseg) {
    // Supervisor code at 0xc0000000 (sseg) -> physical 0x10000.
    tlb_entry(0, 0xc0000000, 0, lo(0x10, V | D | G), lo(0x11, V | D | G));
    bus_.write32(0x10000, 0x8c440000);  // lw $4,0($2)
    cpu_->set_gpr(2, 0xa0000000);
    cpu_->write_cp0(12, 0, 1u << 3);  // KSU = supervisor
    cpu_->set_pc(0xc0000000);
    run(1);
    EXPECT_EQ(exc_code(), u32(EXC_AdEL));
    EXPECT_EQ(cp0(8), 0xa0000000u);
    EXPECT_EQ(cp0(14), 0xc0000000u);
}

// A Linux-style refill handler (Context -> page table -> TLBWR -> ERET) serving a user program.
TEST_F(MipsTlbTest, RefillHandlerRoundTripFromUserMode) {
    cpu_->write_cp0(10, 0, 0);          // ASID 0
    cpu_->write_cp0(4, 0, 0x80000000);  // PTEBase: page table in kseg0 at physical 0
    code(0x80000000, {
                         0x401a2000,  // mfc0 $26,$4 (Context)
                         0x8f5b0004,  // lw $27,4($26)
                         0x8f5a0000,  // lw $26,0($26)
                         0x409a1000,  // mtc0 $26,$2 (EntryLo0)
                         0x409b1800,  // mtc0 $27,$3 (EntryLo1)
                         0x000000c0,  // ehb
                         0x42000006,  // tlbwr
                         0x42000018,  // eret
                     });
    // PTE pair for VPN2 0x00400000: Context offset (0x00400000 >> 9) = 0x2000.
    bus_.write32(0x2000, lo(0x10, V | D));
    bus_.write32(0x2004, lo(0x20, V | D));
    const u32 user[] = {
        0x3c020040,  // lui $2,0x40
        0x8c431004,  // lw $3,4100($2)
        0x24630001,  // addiu $3,$3,1
        0xac431004,  // sw $3,4100($2)
        0x0000000c,  // syscall
    };
    for (u32 i = 0; i < 5; ++i) bus_.write32(0x10000 + 4 * i, user[i]);
    bus_.write32(0x20004, 41);  // va 0x00401004: odd page, offset 4
    // Enter user mode through ERET.
    cpu_->write_cp0(14, 0, 0x00400000);
    cpu_->write_cp0(12, 0, ST_UM | ST_EXL);
    code(0x80001000, {0x42000018});  // eret
    run(1 + 1 + 8 + 5);              // eret, refill fault, handler, user program
    EXPECT_EQ(cpu_->pc(), 0x80000180u);
    EXPECT_EQ(exc_code(), u32(EXC_Sys));
    EXPECT_EQ(cp0(14), 0x00400010u);
    EXPECT_EQ(bus_.read32(0x20004), 42u);
    EXPECT_EQ(cpu_->gpr(3), 42u);
    EXPECT_EQ(cp0(8), 0x00400000u);  // the refill was for the first user fetch
}

TEST_F(MipsTlbTest, ErlMakesKusegUnmapped) {
    bus_.write32(0x2000, 0x13572468);
    cpu_->write_cp0(12, 0, ST_ERL);
    cpu_->set_gpr(2, 0x2000);
    code(0x80001000, {0x8c430000});  // lw $3,0($2)
    run(1);
    EXPECT_EQ(cpu_->gpr(3), 0x13572468u);
}

}  // namespace
}  // namespace bw::mips
