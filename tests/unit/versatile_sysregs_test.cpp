#include "core/dev/misc/versatile_sysregs.h"

#include <gtest/gtest.h>

#include <vector>

namespace bw {
namespace {

constexpr u32 SYS_ID = 0x00, SYS_LED = 0x08, SYS_OSC4 = 0x1c, SYS_LOCK = 0x20, SYS_100HZ = 0x24,
              SYS_FLAGS = 0x30, SYS_FLAGSCLR = 0x34, SYS_NVFLAGS = 0x38, SYS_NVFLAGSCLR = 0x3c,
              SYS_RESETCTL = 0x40, SYS_PCICTL = 0x44, SYS_MCI = 0x48, SYS_CLCD = 0x50,
              SYS_24MHZ = 0x5c, SYS_PROCID0 = 0x84, SYS_PROCID1 = 0x88;
constexpr u64 kSecond = 1000000000;

void advance_to(Scheduler& s, u64 t) {
    while (s.skip_to_next_event(t)) {
    }
}

class SysregsTest : public ::testing::Test {
  protected:
    SysregsTest() {
        sched.set_ns_per_instruction(4);
        regs.on_reset_request = [this] { resets++; };
        regs.on_clcd_mux = [this](unsigned m) { mux.push_back(m); };
    }
    Scheduler sched;
    VersatileSysregs regs{sched, 0x41007004, 0x02000000};
    int resets = 0;
    std::vector<unsigned> mux;
};

TEST_F(SysregsTest, Identification) {
    EXPECT_EQ(regs.read(SYS_ID, 4), 0x41007004u);
    EXPECT_EQ(regs.read(SYS_PROCID0, 4), 0x02000000u);
    EXPECT_EQ(regs.read(SYS_PROCID1, 4), 0xff000000u);
    EXPECT_EQ(regs.read(SYS_PCICTL, 4), 1u);
}

TEST_F(SysregsTest, Counter24MHzFromVirtualTime) {
    EXPECT_EQ(regs.read(SYS_24MHZ, 4), 0u);
    advance_to(sched, 1000000);  // 1 ms
    EXPECT_EQ(regs.read(SYS_24MHZ, 4), 24000u);
    advance_to(sched, kSecond + 125);
    EXPECT_EQ(regs.read(SYS_24MHZ, 4), 24000003u);
    // Exact also mid-slice: 10 instructions of 4 ns = 40 ns = 0.96 ticks.
    sched.begin_slice(100);
    sched.remaining -= 10;
    EXPECT_EQ(regs.read(SYS_24MHZ, 4), 24000003u + 0u);
    sched.remaining -= 1;  // +44 ns in total: 169 ns since the second -> 4 ticks
    EXPECT_EQ(regs.read(SYS_24MHZ, 4), 24000004u);
    sched.remaining = 0;
    sched.end_slice();
    // The 32-bit register wraps: 1000 s = 24e9 ticks.
    advance_to(sched, 1000 * kSecond);
    EXPECT_EQ(regs.read(SYS_24MHZ, 4), u32(24000000000ull & 0xffffffff));
    EXPECT_EQ(regs.read(SYS_100HZ, 4), 100000u);
}

TEST_F(SysregsTest, Counter100Hz) {
    advance_to(sched, 1234 * 1000000ull);
    EXPECT_EQ(regs.read(SYS_100HZ, 4), 123u);
}

TEST_F(SysregsTest, LockGuardsResetControl) {
    EXPECT_EQ(regs.read(SYS_LOCK, 4), 0x10000u);  // locked
    regs.write(SYS_RESETCTL, 0x105, 4);
    EXPECT_EQ(resets, 0);
    EXPECT_EQ(regs.read(SYS_RESETCTL, 4), 0u);
    regs.write(SYS_LOCK, 0xa05f, 4);
    EXPECT_EQ(regs.read(SYS_LOCK, 4), 0xa05fu);
    regs.write(SYS_RESETCTL, 0x005, 4);  // no reset bit
    EXPECT_EQ(resets, 0);
    EXPECT_EQ(regs.read(SYS_RESETCTL, 4), 5u);
    regs.write(SYS_RESETCTL, 0x105, 4);
    EXPECT_EQ(resets, 1);
    EXPECT_EQ(regs.read(SYS_RESETCTL, 4), 0x105u);
    regs.write(SYS_LOCK, 0xffff, 4);
    EXPECT_EQ(regs.read(SYS_LOCK, 4), 0x17fffu);
}

TEST_F(SysregsTest, OscillatorsWritableOnlyUnlocked) {
    regs.write(SYS_OSC4, 0x2c77, 4);
    EXPECT_EQ(regs.read(SYS_OSC4, 4), 0u);
    regs.write(SYS_LOCK, 0xa05f, 4);
    regs.write(SYS_OSC4, 0x2c77, 4);
    regs.write(SYS_LOCK, 0, 4);
    EXPECT_EQ(regs.read(SYS_OSC4, 4), 0x2c77u);
}

TEST_F(SysregsTest, FlagsAndNonVolatileFlags) {
    regs.write(SYS_FLAGS, 0x81, 4);
    regs.write(SYS_FLAGS, 0x10, 4);
    regs.write(SYS_FLAGSCLR, 0x01, 4);
    EXPECT_EQ(regs.read(SYS_FLAGS, 4), 0x90u);
    regs.write(SYS_NVFLAGS, 0x0f, 4);
    regs.write(SYS_NVFLAGSCLR, 0x01, 4);
    EXPECT_EQ(regs.read(SYS_NVFLAGS, 4), 0x0eu);
    regs.write(SYS_LED, 0xaa, 4);
    regs.reset();
    EXPECT_EQ(regs.read(SYS_FLAGS, 4), 0u);
    EXPECT_EQ(regs.read(SYS_LED, 4), 0u);
    EXPECT_EQ(regs.read(SYS_NVFLAGS, 4), 0x0eu);
}

TEST_F(SysregsTest, ClcdIdReadOnlyAndMux) {
    EXPECT_EQ(regs.read(SYS_CLCD, 4), 0x1f00u);
    regs.write(SYS_CLCD, 0xffff, 4);
    EXPECT_EQ(regs.read(SYS_CLCD, 4), 0xdfffu);
    regs.write(SYS_CLCD, 0x0002, 4);
    EXPECT_EQ(regs.read(SYS_CLCD, 4), 0x1f02u);
    EXPECT_EQ(mux, (std::vector<unsigned>{3, 2}));
}

TEST_F(SysregsTest, MciInputs) {
    regs.set_mmc_card_present(true);
    EXPECT_EQ(regs.read(SYS_MCI, 4), 1u);
    regs.set_mmc_write_protect(true);
    EXPECT_EQ(regs.read(SYS_MCI, 4), 5u);
    regs.set_mmc_card_present(false);
    EXPECT_EQ(regs.read(SYS_MCI, 4), 4u);
}

}  // namespace
}  // namespace bw
