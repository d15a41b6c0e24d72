#include "core/dev/intc/versatile_sic.h"

#include <gtest/gtest.h>

#include "core/common/log.h"
#include "core/dev/intc/pl190.h"

namespace bw {
namespace {

constexpr u32 SIC_STATUS = 0x00, SIC_RAWSTAT = 0x04, SIC_ENABLE = 0x08, SIC_ENCLR = 0x0c,
              SIC_SOFTINTSET = 0x10, SIC_SOFTINTCLR = 0x14, SIC_PICENABLE = 0x20,
              SIC_PICENCLR = 0x24;
constexpr u32 VICRAWINTR = 0x008;

// The versatilepb wiring: SIC output to VIC 31, pass-through lines 21..30.
class VersatileSicTest : public ::testing::Test {
  protected:
    void SetUp() override {
        sic.irq.connect(vic.input(31));
        for (int n = 21; n <= 30; n++) sic.pic_line(n).connect(vic.input(n));
    }
    Pl190 vic;
    VersatileSic sic;
};

TEST_F(VersatileSicTest, EnabledSourceReachesVic31) {
    sic.set_input(3, true);
    EXPECT_EQ(sic.read(SIC_RAWSTAT, 4), 8u);
    EXPECT_EQ(sic.read(SIC_STATUS, 4), 0u);
    EXPECT_EQ(vic.read(VICRAWINTR, 4), 0u);
    sic.write(SIC_ENABLE, 8, 4);
    EXPECT_EQ(sic.read(SIC_ENABLE, 4), 8u);
    EXPECT_EQ(sic.read(SIC_STATUS, 4), 8u);
    EXPECT_TRUE(sic.irq.level());
    EXPECT_EQ(vic.read(VICRAWINTR, 4), 0x80000000u);
    sic.write(SIC_ENCLR, 8, 4);
    EXPECT_EQ(vic.read(VICRAWINTR, 4), 0u);
    sic.write(SIC_ENABLE, 8, 4);
    sic.input(3)(false);
    EXPECT_EQ(vic.read(VICRAWINTR, 4), 0u);
}

TEST_F(VersatileSicTest, PassThroughDrivesPrimaryLines) {
    // What Linux writes: only 21..30 exist as pass-through bits.
    sic.write(SIC_PICENABLE, 0xffd00000, 4);
    EXPECT_EQ(sic.read(SIC_PICENABLE, 4), 0x7fc00000u);
    sic.set_input(22, true);
    sic.set_input(21, true);  // not enabled for pass-through
    EXPECT_EQ(vic.read(VICRAWINTR, 4), 1u << 22);
    EXPECT_FALSE(sic.irq.level());  // not in SIC_ENABLE
    sic.write(SIC_PICENABLE, 1u << 21, 4);
    EXPECT_EQ(vic.read(VICRAWINTR, 4), (1u << 22) | (1u << 21));
    sic.write(SIC_PICENCLR, 1u << 22, 4);
    EXPECT_EQ(vic.read(VICRAWINTR, 4), 1u << 21);
    sic.set_input(21, false);
    EXPECT_EQ(vic.read(VICRAWINTR, 4), 0u);
    // Lines outside 21..30 have no pass-through.
    EXPECT_EQ(&sic.pic_line(31), &sic.pic_line(0));
}

TEST_F(VersatileSicTest, SoftInterrupt) {
    sic.write(SIC_ENABLE, 1, 4);
    sic.write(SIC_SOFTINTSET, 0xffffffff, 4);
    EXPECT_EQ(sic.read(SIC_SOFTINTSET, 4), 1u);
    EXPECT_EQ(sic.read(SIC_RAWSTAT, 4), 1u);
    EXPECT_TRUE(sic.irq.level());
    sic.write(SIC_SOFTINTCLR, 1, 4);
    EXPECT_EQ(sic.read(SIC_RAWSTAT, 4), 0u);
    EXPECT_FALSE(sic.irq.level());
}

TEST_F(VersatileSicTest, ResetClearsEnablesKeepsInputs) {
    sic.write(SIC_ENABLE, 0x10, 4);
    sic.write(SIC_PICENABLE, 1u << 25, 4);
    sic.set_input(4, true);
    sic.set_input(25, true);
    EXPECT_TRUE(sic.irq.level());
    sic.reset();
    EXPECT_EQ(sic.read(SIC_ENABLE, 4), 0u);
    EXPECT_EQ(sic.read(SIC_PICENABLE, 4), 0u);
    EXPECT_EQ(sic.read(SIC_RAWSTAT, 4), (1u << 4) | (1u << 25));
    EXPECT_FALSE(sic.irq.level());
    EXPECT_EQ(vic.read(VICRAWINTR, 4), 0u);
}

TEST_F(VersatileSicTest, LinuxInitWritesAreAcceptedQuietly) {
    unsigned before = log_count(LogCategory::GuestError);
    sic.write(SIC_ENCLR, 0xffffffff, 4);
    sic.write(0x2c, 0xffffffff, 4);  // FIQ_ENABLE_CLEAR of the FPGA IRQ driver
    EXPECT_EQ(log_count(LogCategory::GuestError), before);
    sic.write(0x40, 1, 4);
    sic.write(0x40, 1, 4);
    EXPECT_EQ(log_count(LogCategory::GuestError), before + 1);
    EXPECT_EQ(sic.read(0x40, 4), 0u);
}

}  // namespace
}  // namespace bw
