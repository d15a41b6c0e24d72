// ARM and Thumb code run by the interpreter and by the decode-once blocks from
// the same state must stay identical instruction for instruction (as
// mips_tier_diff_test.cpp for MIPS). Random programs fill 64 KB with words
// drawn from the decoder's ARM rows (every row: data processing, loads and
// stores that fault or rewrite the code, LDM/STM, BX into Thumb, MSR, CP15,
// SWI, undefined), the vectors skip the instruction that trapped, and the two
// CPUs are compared after every slice of random length; memory at the end.
#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <vector>

#include "core/cpu/arm/arm_cpu.h"
#include "core/cpu/arm/arm_decode.h"
#include "core/mem/bus.h"
#include "core/sched/scheduler.h"

namespace bw::arm {
namespace {

constexpr u32 kRam = 1u << 20;
constexpr u32 kCode = 0x1000, kCodeSize = 0x10000;

struct Rig {
    std::vector<u8> ram = std::vector<u8>(kRam);
    Bus bus;
    Scheduler sched;
    std::unique_ptr<ArmCpu> cpu;

    explicit Rig(bool blocks) {
        bus.map_ram(0, kRam, ram.data());
        cpu = std::make_unique<ArmCpu>(bus, sched);
        cpu->set_blocks(blocks);
    }
    void run(i64 n) {
        sched.begin_slice(n);
        cpu->execute();
        sched.end_slice();
    }
};

// A pattern's fixed bits with random fields.
u32 random_word(const char* pattern, std::mt19937& rng) {
    u32 word = rng(), bit = 31;
    for (const char* p = pattern; *p; p++) {
        if (*p == ' ') continue;
        if (*p == '0') word &= ~(1u << bit);
        if (*p == '1') word |= 1u << bit;
        bit--;
    }
    return word;
}

void load_program(Rig& rig, u32 seed) {
    std::mt19937 rng(seed);
    const auto rows = arm_rows();
    for (u32 a = kCode; a < kCode + kCodeSize; a += 4) {
        u32 word = random_word(rows[rng() % rows.size()].pattern, rng);
        if ((word >> 28) == 0xf && (rng() & 3)) word = (word & 0x0fffffff) | 0xe0000000;
        rig.bus.write32(a, word);
    }
    // Vectors: undefined, SWI and prefetch abort return past the instruction
    // (movs pc, lr), a data abort too (subs pc, lr, #4); reset and IRQ/FIQ
    // (never raised here) spin.
    const u32 vectors[8] = {0xeafffffe, 0xe1b0f00e, 0xe1b0f00e, 0xe1b0f00e,
                            0xe25ef004, 0xeafffffe, 0xeafffffe, 0xeafffffe};
    for (u32 i = 0; i < 8; i++) rig.bus.write32(4 * i, vectors[i]);
    ArmCpu& cpu = *rig.cpu;
    for (unsigned r = 0; r < 15; r++) {
        u32 v = rng();
        switch (rng() % 4) {
            case 0: v = kCode + 0x8000 + (v % 0x8000); break;  // into the code
            case 1:
            case 2: v = 0x20000 + (v % (kRam - 0x30000)); break;
            default: break;
        }
        cpu.set_reg(r, v);
    }
    cpu.set_pc_interworking(kCode + 4 * (rng() % (kCodeSize / 4)));
}

void expect_same(const ArmCpu& a, const ArmCpu& b, int slice) {
    for (unsigned r = 0; r < 15; r++)
        ASSERT_EQ(a.reg(r), b.reg(r)) << "r" << r << " slice " << slice;
    ASSERT_EQ(a.pc(), b.pc()) << "slice " << slice;
    ASSERT_EQ(a.cpsr(), b.cpsr()) << "slice " << slice;
}

TEST(ArmTiers, RandomProgramsRunAlikeInterpretedAndInBlocks) {
    u64 built = 0, invalidated = 0;
    for (u32 seed = 1; seed <= 300; seed++) {
        SCOPED_TRACE("seed " + std::to_string(seed));
        Rig interp(false), blocks(true);
        load_program(interp, seed);
        load_program(blocks, seed);
        std::mt19937 slices(seed);
        for (int slice = 0; slice < 150; slice++) {
            i64 n = 1 + slices() % 97;
            interp.run(n);
            blocks.run(n);
            expect_same(*interp.cpu, *blocks.cpu, slice);
            if (::testing::Test::HasFatalFailure()) return;
            ASSERT_EQ(interp.sched.now(), blocks.sched.now());
        }
        ASSERT_EQ(std::memcmp(interp.ram.data(), blocks.ram.data(), kRam), 0) << "memory differs";
        built += blocks.cpu->block_stats().built;
        invalidated += blocks.cpu->block_stats().invalidated;
    }
    EXPECT_GT(built, 3000u);
    EXPECT_GT(invalidated, 0u);
}

// Short programs that hit what a block must notice, in both tiers: a BX to
// the very next address that switches to Thumb, and a store over an
// instruction further on in the running block.
TEST(ArmTiers, BlocksNoticeAThumbSwitchAndCodeRewrittenAhead) {
    for (bool blocks : {false, true}) {
        SCOPED_TRACE(blocks ? "blocks" : "interp");
        Rig bx(blocks);
        for (auto [a, w] : {std::pair<u32, u32>{0x1000, 0xe1a00000},  // mov r0, r0
                            {0x1004, 0xe12fff13},                     // bx r3 (0x1009)
                            {0x1008, 0x32013201}}) {                  // Thumb: adds r2, #1 (x2)
            bx.bus.write32(a, w);
        }
        bx.cpu->set_reg(3, 0x1009);
        bx.cpu->set_pc_interworking(0x1000);
        bx.run(4);
        EXPECT_EQ(bx.cpu->reg(2), 2u);
        EXPECT_TRUE(bx.cpu->cpsr() & kPsrT);

        Rig smc(blocks);
        for (auto [a, w] : {std::pair<u32, u32>{0x1000, 0xe1a00000},  // mov r0, r0
                            {0x1004, 0xe5801000},                     // str r1, [r0]
                            {0x1008, 0xe1a00000},                     // mov r0, r0
                            {0x100c, 0xe2822001}}) {                  // add r2, r2, #1
            smc.bus.write32(a, w);
        }
        smc.cpu->set_reg(0, 0x100c);
        smc.cpu->set_reg(1, 0xe2822002);  // add r2, r2, #2
        smc.cpu->set_pc_interworking(0x1000);
        smc.run(4);
        EXPECT_EQ(smc.cpu->reg(2), 2u);
    }
}

}  // namespace
}  // namespace bw::arm
