#include <gtest/gtest.h>

#include <vector>

#include "core/cpu/arm/mmu.h"

namespace bw::arm {
namespace {

// Page tables live in 1 MB of RAM at physical 0: L1 at 16 KB, a coarse table at
// 32 KB, a fine table at 36 KB. Descriptors set bit 4 (SBO on ARMv5) to be honest.
constexpr u32 kTtb = 0x4000;
constexpr u32 kCoarse = 0x8000;
constexpr u32 kFine = 0x9000;

u32 section(u32 pa, u32 ap, u32 domain) { return pa | ap << 10 | domain << 5 | 0x10 | 2; }
u32 coarse(u32 table, u32 domain) { return table | domain << 5 | 0x10 | 1; }
u32 fine(u32 table, u32 domain) { return table | domain << 5 | 0x10 | 3; }
// ap[i] is the permission of subpage i (AP0 covers the lowest quarter).
u32 aps(const u32 (&ap)[4]) { return ap[3] << 10 | ap[2] << 8 | ap[1] << 6 | ap[0] << 4; }
u32 large(u32 pa, const u32 (&ap)[4]) { return pa | aps(ap) | 1; }
u32 small(u32 pa, const u32 (&ap)[4]) { return pa | aps(ap) | 2; }
u32 tiny(u32 pa, u32 ap) { return pa | ap << 4 | 3; }

class ArmMmu : public ::testing::Test {
  protected:
    ArmMmu() : ram_(0x100000) {
        bus_.map_ram(0, u32(ram_.size()), ram_.data());
        cp15_.control |= Cp15::kM;
        cp15_.ttbr = kTtb;
        cp15_.dacr = 0x55555555;  // every domain client
    }
    void l1(u32 va, u32 desc) { bus_.write32(kTtb + (va >> 20) * 4, desc); }
    void l2_coarse(u32 va, u32 desc) { bus_.write32(kCoarse + ((va >> 12) & 0xff) * 4, desc); }
    void l2_fine(u32 va, u32 desc) { bus_.write32(kFine + ((va >> 10) & 0x3ff) * 4, desc); }
    void set_domain(u32 domain, u32 access) {
        cp15_.dacr = (cp15_.dacr & ~(3u << (domain * 2))) | access << (domain * 2);
    }
    // Translation that must succeed.
    WalkResult ok(u32 va, Access access = Access::Read, bool privileged = true) {
        WalkResult r;
        r.pa = 0xdeadbeef;
        EXPECT_EQ(mmu_translate(cp15_, bus_, va, access, privileged, &r), 0u)
            << std::hex << "va 0x" << va;
        return r;
    }
    u32 fsr(u32 va, Access access = Access::Read, bool privileged = true) {
        WalkResult r;
        return mmu_translate(cp15_, bus_, va, access, privileged, &r);
    }

    std::vector<u8> ram_;
    Bus bus_;
    Cp15 cp15_;
};

TEST_F(ArmMmu, Section) {
    l1(0x12345678, section(0x80000000, 3, 0));
    WalkResult r = ok(0x12345678);
    EXPECT_EQ(r.pa, 0x80045678u);
    EXPECT_EQ(r.page_size, 0x100000u);
    EXPECT_EQ(ok(0x123fffff).pa, 0x800fffffu);
    EXPECT_EQ(ok(0x12300000).pa, 0x80000000u);
    // Only TTBR bits 31:14 locate the table.
    cp15_.ttbr = kTtb | 0x3fff;
    EXPECT_EQ(ok(0x12345678).pa, 0x80045678u);
}

TEST_F(ArmMmu, CoarseSmallAndLargePages) {
    l1(0x00400000, coarse(kCoarse, 0));
    l2_coarse(0x00401000, small(0x76543000, {3, 3, 3, 3}));
    WalkResult r = ok(0x00401abc);
    EXPECT_EQ(r.pa, 0x76543abcu);
    EXPECT_EQ(r.page_size, 0x1000u);

    // A large page occupies 16 consecutive coarse entries.
    for (u32 i = 0; i < 16; i++) {
        l2_coarse(0x00410000 + i * 0x1000, large(0xabcd0000, {3, 3, 3, 3}));
    }
    r = ok(0x00415abc);
    EXPECT_EQ(r.pa, 0xabcd5abcu);
    EXPECT_EQ(r.page_size, 0x10000u);
    EXPECT_EQ(ok(0x0041ffff).pa, 0xabcdffffu);
    // Neighbouring entry untouched: page translation fault, domain 0.
    EXPECT_EQ(fsr(0x00420000), 0x07u);
}

TEST_F(ArmMmu, FineTinySmallAndLargePages) {
    l1(0x00500000, fine(kFine, 0));
    l2_fine(0x00500c00, tiny(0x44444400, 3));
    WalkResult r = ok(0x00500c12);
    EXPECT_EQ(r.pa, 0x44444412u);
    EXPECT_EQ(r.page_size, 0x400u);
    EXPECT_EQ(fsr(0x00501012), 0x07u);  // next 1 KB entry is empty

    // A small page occupies 4 fine entries.
    for (u32 i = 0; i < 4; i++) l2_fine(0x00502000 + i * 0x400, small(0x11112000, {3, 3, 3, 3}));
    r = ok(0x00502345);
    EXPECT_EQ(r.pa, 0x11112345u);
    EXPECT_EQ(r.page_size, 0x1000u);

    // A large page occupies 64 fine entries.
    for (u32 i = 0; i < 64; i++) l2_fine(0x005a0000 + i * 0x400, large(0x22220000, {3, 3, 3, 3}));
    r = ok(0x005a3456);
    EXPECT_EQ(r.pa, 0x22223456u);
    EXPECT_EQ(r.page_size, 0x10000u);
}

TEST_F(ArmMmu, TinyPageInCoarseTableIsATranslationFault) {
    l1(0x00400000, coarse(kCoarse, 6));
    l2_coarse(0x00400000, tiny(0x44444400, 3));
    EXPECT_EQ(fsr(0x00400000), 0x67u);
}

TEST_F(ArmMmu, TranslationFaults) {
    EXPECT_EQ(fsr(0x30000000), 0x05u);  // empty L1: section fault, domain 0
    // QEMU reports the domain field of the invalid descriptor itself.
    l1(0x30000000, 0x1e0);
    EXPECT_EQ(fsr(0x30000000), 0xf5u);
    l1(0x00400000, coarse(kCoarse, 3));
    EXPECT_EQ(fsr(0x00400000, Access::Write), 0x37u);
    l1(0x00500000, fine(kFine, 12));
    EXPECT_EQ(fsr(0x00500000, Access::Fetch, false), 0xc7u);
}

TEST_F(ArmMmu, DomainFaults) {
    l1(0x20000000, section(0x20000000, 3, 2));
    l1(0x00400000, coarse(kCoarse, 4));
    l2_coarse(0x00400000, small(0x00400000, {3, 3, 3, 3}));
    set_domain(2, 0);  // no access
    EXPECT_EQ(fsr(0x20000000), 0x29u);
    set_domain(2, 2);  // reserved: no access as in QEMU
    EXPECT_EQ(fsr(0x20000000, Access::Write), 0x29u);
    set_domain(2, 3);
    EXPECT_EQ(ok(0x20000000).pa, 0x20000000u);

    set_domain(4, 0);
    EXPECT_EQ(fsr(0x00400000, Access::Read, false), 0x4bu);
    // Domain is checked before the second-level fetch (QEMU order): an invalid L2
    // entry in a no-access domain still gives the page domain fault.
    EXPECT_EQ(fsr(0x00401000), 0x4bu);
    set_domain(4, 1);
    EXPECT_EQ(fsr(0x00401000), 0x47u);

    // Domain 15 uses DACR bits 31:30.
    l1(0x40000000, section(0x40000000, 3, 15));
    cp15_.dacr = 0x3fffffff;
    EXPECT_EQ(fsr(0x40000000), 0xf9u);
    cp15_.dacr = 0x40000000;
    EXPECT_EQ(ok(0x40000000).pa, 0x40000000u);
}

struct ApCase {
    u32 ap;
    u32 sr;  // control S/R bits
    bool priv_read, priv_write, user_read, user_write;
};

// ARM ARM table B4-1 (and QEMU for S = R = 1).
const ApCase kApCases[] = {
    {0, 0, false, false, false, false},
    {0, Cp15::kS, true, false, false, false},
    {0, Cp15::kR, true, false, true, false},
    {0, Cp15::kS | Cp15::kR, false, false, false, false},
    {1, 0, true, true, false, false},
    {2, 0, true, true, true, false},
    {3, 0, true, true, true, true},
    // S and R only matter for AP = 0.
    {1, Cp15::kS | Cp15::kR, true, true, false, false},
    {2, Cp15::kR, true, true, true, false},
    {3, Cp15::kS, true, true, true, true},
};

TEST_F(ArmMmu, SectionAccessPermissionsClient) {
    const u32 va = 0x70000000;
    for (const ApCase& c : kApCases) {
        SCOPED_TRACE(testing::Message() << "AP " << c.ap << " SR 0x" << std::hex << c.sr);
        cp15_.control = (cp15_.control & ~(Cp15::kS | Cp15::kR)) | c.sr;
        l1(va, section(0x70000000, c.ap, 9));
        const u32 perm_fault = 0x9d;
        EXPECT_EQ(fsr(va, Access::Read, true), c.priv_read ? 0 : perm_fault);
        EXPECT_EQ(fsr(va, Access::Fetch, true), c.priv_read ? 0 : perm_fault);
        EXPECT_EQ(fsr(va, Access::Write, true), c.priv_write ? 0 : perm_fault);
        EXPECT_EQ(fsr(va, Access::Read, false), c.user_read ? 0 : perm_fault);
        EXPECT_EQ(fsr(va, Access::Fetch, false), c.user_read ? 0 : perm_fault);
        EXPECT_EQ(fsr(va, Access::Write, false), c.user_write ? 0 : perm_fault);
        // Any successful walk reports the full permission set.
        for (Access a : {Access::Read, Access::Write}) {
            for (bool priv : {true, false}) {
                WalkResult r{};
                if (mmu_translate(cp15_, bus_, va + 0x1234, a, priv, &r) != 0) continue;
                EXPECT_EQ(r.pa, 0x70001234u);
                EXPECT_EQ(r.priv_read, c.priv_read);
                EXPECT_EQ(r.priv_write, c.priv_write);
                EXPECT_EQ(r.user_read, c.user_read);
                EXPECT_EQ(r.user_write, c.user_write);
            }
        }
    }
}

TEST_F(ArmMmu, PageAccessPermissionsClient) {
    const u32 va = 0x00403000;
    l1(va, coarse(kCoarse, 5));
    for (const ApCase& c : kApCases) {
        SCOPED_TRACE(testing::Message() << "AP " << c.ap << " SR 0x" << std::hex << c.sr);
        cp15_.control = (cp15_.control & ~(Cp15::kS | Cp15::kR)) | c.sr;
        l2_coarse(va, small(0x12345000, {c.ap, c.ap, c.ap, c.ap}));
        const u32 perm_fault = 0x5f;
        EXPECT_EQ(fsr(va, Access::Read, true), c.priv_read ? 0 : perm_fault);
        EXPECT_EQ(fsr(va, Access::Write, true), c.priv_write ? 0 : perm_fault);
        EXPECT_EQ(fsr(va, Access::Read, false), c.user_read ? 0 : perm_fault);
        EXPECT_EQ(fsr(va, Access::Write, false), c.user_write ? 0 : perm_fault);
    }
}

TEST_F(ArmMmu, ManagerDomainSkipsPermissionChecks) {
    const u32 va = 0x70000000;
    set_domain(9, 3);
    for (const ApCase& c : kApCases) {
        SCOPED_TRACE(testing::Message() << "AP " << c.ap << " SR 0x" << std::hex << c.sr);
        cp15_.control = (cp15_.control & ~(Cp15::kS | Cp15::kR)) | c.sr;
        l1(va, section(0x70000000, c.ap, 9));
        WalkResult r = ok(va, Access::Write, false);
        EXPECT_EQ(r.pa, 0x70000000u);
        EXPECT_TRUE(r.priv_read);
        EXPECT_TRUE(r.priv_write);
        EXPECT_TRUE(r.user_read);
        EXPECT_TRUE(r.user_write);
    }
}

TEST_F(ArmMmu, SmallPageSubpagePermissions) {
    l1(0x00400000, coarse(kCoarse, 1));
    // Subpages (1 KB each): AP0 = 0 none, AP1 = 1 priv only, AP2 = 2 user RO, AP3 = 3 all.
    l2_coarse(0x00407000, small(0x00a07000, {0, 1, 2, 3}));
    EXPECT_EQ(fsr(0x00407010, Access::Read, true), 0x1fu);
    EXPECT_EQ(fsr(0x004073ff, Access::Read, true), 0x1fu);
    EXPECT_EQ(ok(0x00407400, Access::Write, true).pa, 0x00a07400u);
    EXPECT_EQ(fsr(0x004077ff, Access::Read, false), 0x1fu);
    WalkResult r = ok(0x00407800, Access::Read, false);
    EXPECT_EQ(r.pa, 0x00a07800u);
    EXPECT_FALSE(r.user_write);
    EXPECT_TRUE(r.user_read);
    EXPECT_EQ(fsr(0x00407bff, Access::Write, false), 0x1fu);
    r = ok(0x00407c00, Access::Write, false);
    EXPECT_EQ(r.pa, 0x00a07c00u);
    EXPECT_TRUE(r.user_write);
    EXPECT_EQ(r.page_size, 0x1000u);
}

TEST_F(ArmMmu, LargePageSubpagePermissions) {
    l1(0x00500000, fine(kFine, 7));
    // Subpages (16 KB each) in a large page from a fine table: AP3..AP0 = 2, 3, 1, 0.
    for (u32 i = 0; i < 64; i++) l2_fine(0x00510000 + i * 0x400, large(0x03330000, {0, 1, 3, 2}));
    EXPECT_EQ(fsr(0x00513fff, Access::Read, true), 0x7fu);
    EXPECT_EQ(ok(0x00514000, Access::Write, true).pa, 0x03334000u);
    EXPECT_EQ(fsr(0x00517fff, Access::Read, false), 0x7fu);
    EXPECT_EQ(ok(0x00518000, Access::Write, false).pa, 0x03338000u);
    EXPECT_EQ(ok(0x0051c000, Access::Read, false).pa, 0x0333c000u);
    EXPECT_EQ(fsr(0x0051ffff, Access::Write, false), 0x7fu);
}

TEST_F(ArmMmu, TinyPagePermissions) {
    l1(0x00500000, fine(kFine, 0));
    l2_fine(0x00500400, tiny(0x44444400, 2));
    WalkResult r = ok(0x00500400, Access::Read, false);
    EXPECT_TRUE(r.priv_write);
    EXPECT_FALSE(r.user_write);
    EXPECT_EQ(fsr(0x00500400, Access::Write, false), 0x0fu);
}

TEST_F(ArmMmu, FcseRemapsBeforeTheWalk) {
    l1(0x0a100000, section(0x30000000, 3, 0));
    l1(0x00100000, section(0x40000000, 3, 0));
    unsigned effects = 0;
    ASSERT_TRUE(cp15_.write(0, 13, 0, 0, 5u << 25, &effects));
    EXPECT_EQ(ok(cp15_.fcse(0x00123456)).pa, 0x30023456u);
    cp15_.fcse_pid = 0;
    EXPECT_EQ(ok(cp15_.fcse(0x00123456)).pa, 0x40023456u);
}

TEST_F(ArmMmu, MmuOffIsFlat) {
    cp15_.control &= ~Cp15::kM;
    WalkResult r = ok(0xfffff123, Access::Write, false);
    EXPECT_EQ(r.pa, 0xfffff123u);
    EXPECT_TRUE(r.priv_read && r.priv_write && r.user_read && r.user_write);
}

TEST_F(ArmMmu, UnmappedTableMemoryReadsAsFault) {
    cp15_.ttbr = 0x80000000;  // no RAM there: every descriptor reads 0
    EXPECT_EQ(fsr(0x00000000), 0x05u);
    cp15_.ttbr = kTtb;
    l1(0x00400000, coarse(0x90000000, 2));  // L2 table in unmapped space
    EXPECT_EQ(fsr(0x00400000), 0x27u);
}

}  // namespace
}  // namespace bw::arm
