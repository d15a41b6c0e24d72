// Random programs run by the interpreter and by the decode-once blocks from the
// same state must stay identical instruction for instruction. Every program
// fills 64 KB with encodings drawn from the decoder's own table (every row the
// 24Kf decodes: branches and their delay slots, branch-likely, loads and stores
// that fault or rewrite the code, CP0 and TLB writes, the FPU, WAIT...), with
// random fields; an exception handler skips the faulting instruction. The two
// CPUs run slices of random lengths (so slices end inside blocks) and are
// compared after each: every register, the delay-slot state, CP0, the FPU, the
// TLB, the instruction count, and at the end all of memory.
#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <vector>

#include "core/cpu/mips/decoder.h"
#include "core/cpu/mips/mips_cpu.h"
#include "core/mem/bus.h"
#include "core/sched/scheduler.h"

namespace bw::mips {
namespace {

constexpr u32 kRam = 1u << 20;
constexpr u32 kCode = 0x1000, kCodeSize = 0x10000;  // physical; run from kseg0

struct Rig {
    std::vector<u8> ram = std::vector<u8>(kRam);
    Bus bus;
    Scheduler sched;
    std::unique_ptr<MipsCpu> cpu;

    explicit Rig(bool blocks) {
        bus.map_ram(0, kRam, ram.data());
        cpu = std::make_unique<MipsCpu>(bus, sched, MipsConfig{});
        cpu->set_blocks(blocks);
    }
    void run(i64 n) {
        sched.begin_slice(n);
        cpu->execute();
        sched.end_slice();
    }
};

// Skips the instruction that raised the exception: EPC += 4, ERET.
constexpr u32 kSkipHandler[] = {0x401a7000, 0x275a0004, 0x409a7000, 0x42000018};

void load_program(Rig& rig, u32 seed) {
    std::mt19937 rng(seed);
    const auto rows = Decoder::table();
    std::vector<const InsnRow*> usable;
    for (const InsnRow& row : rows) {
        if (row.isa == Isa::MIPS32R1 || row.isa == Isa::MIPS32R2) usable.push_back(&row);
    }
    for (u32 a = kCode; a < kCode + kCodeSize; a += 4) {
        const InsnRow& row = *usable[rng() % usable.size()];
        u32 mask, value;
        ASSERT_TRUE(parse_pattern(row.pattern, &mask, &value));
        rig.bus.write32(a, value | (rng() & ~mask));
    }
    for (u32 vector : {0x000u, 0x180u, 0x200u}) {
        for (u32 i = 0; i < 4; i++) rig.bus.write32(vector + 4 * i, kSkipHandler[i]);
    }
    MipsCpu& cpu = *rig.cpu;
    cpu.write_cp0(12, 0, 0x20000000);  // Status: CU1 (the FPU usable), kernel mode
    for (unsigned r = 1; r < 32; r++) {
        // Most registers point into RAM, a quarter of them into the code, so
        // loads and stores mostly hit memory and often rewrite code.
        u32 v = rng();
        switch (rng() % 4) {
            case 0: v = 0x80000000u + kCode + 0x8000 + (v % (kCodeSize - 0x10000 + 0x8000)); break;
            case 1:
            case 2: v = 0x80000000u + 0x8000 + (v % (kRam - 0x10000)); break;
            default: break;
        }
        cpu.set_gpr(r, v);
    }
    for (unsigned f = 0; f < 32; f++) cpu.s.fpr[f] = (u64(rng()) << 32) | rng();
    cpu.set_pc(0x80000000u + kCode + 4 * (rng() % (kCodeSize / 4)));
}

#define EXPECT_SAME(field) ASSERT_EQ(a.field, b.field) << #field << " after slice " << slice
void expect_same_state(const MipsState& a, const MipsState& b, int slice) {
    for (unsigned r = 0; r < 32; r++) {
        ASSERT_EQ(a.gpr[r], b.gpr[r]) << "r" << r << " after slice " << slice;
        ASSERT_EQ(a.fpr[r], b.fpr[r]) << "f" << r << " after slice " << slice;
    }
    EXPECT_SAME(pc);
    EXPECT_SAME(hi);
    EXPECT_SAME(lo);
    EXPECT_SAME(insn_count);
    EXPECT_SAME(delay_next);
    EXPECT_SAME(branch_target);
    EXPECT_SAME(llbit);
    EXPECT_SAME(mode);
    EXPECT_SAME(Status);
    EXPECT_SAME(Cause);
    EXPECT_SAME(EPC);
    EXPECT_SAME(BadVAddr);
    EXPECT_SAME(EntryHi);
    EXPECT_SAME(Index);
    EXPECT_SAME(FCSR);
    for (unsigned t = 0; t < 16; t++) {
        ASSERT_EQ(a.tlb[t].EntryHi, b.tlb[t].EntryHi) << "tlb " << t;
        ASSERT_EQ(a.tlb[t].EntryLo0, b.tlb[t].EntryLo0) << "tlb " << t;
        ASSERT_EQ(a.tlb[t].EntryLo1, b.tlb[t].EntryLo1) << "tlb " << t;
        ASSERT_EQ(a.tlb[t].PageMask, b.tlb[t].PageMask) << "tlb " << t;
    }
}

TEST(MipsTiers, RandomProgramsRunAlikeInterpretedAndInBlocks) {
    u64 blocks_built = 0, invalidated = 0, instructions = 0;
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
            expect_same_state(interp.cpu->s, blocks.cpu->s, slice);
            if (::testing::Test::HasFatalFailure()) return;
        }
        ASSERT_EQ(std::memcmp(interp.ram.data(), blocks.ram.data(), kRam), 0) << "memory differs";
        blocks_built += blocks.cpu->block_stats().built;
        invalidated += blocks.cpu->block_stats().invalidated;
        instructions += blocks.cpu->s.insn_count;
    }
    // The programs exercised the tier: blocks were built, and code was rewritten.
    EXPECT_GT(blocks_built, 3000u);
    EXPECT_GT(invalidated, 0u);
    RecordProperty("instructions", std::to_string(instructions));
}

}  // namespace
}  // namespace bw::mips
