#include "core/dev/intc/pl190.h"

#include <gtest/gtest.h>

#include "core/common/log.h"

namespace bw {
namespace {

constexpr u32 VICIRQSTATUS = 0x000, VICFIQSTATUS = 0x004, VICRAWINTR = 0x008, VICINTSELECT = 0x00c,
              VICINTENABLE = 0x010, VICINTENCLEAR = 0x014, VICSOFTINT = 0x018,
              VICSOFTINTCLEAR = 0x01c, VICPROTECTION = 0x020, VICVECTADDR = 0x030,
              VICDEFVECTADDR = 0x034;
constexpr u32 VICVECTADDR0 = 0x100, VICVECTCNTL0 = 0x200;

TEST(Pl190, PrimeCellIds) {
    Pl190 vic;
    const u32 expect[8] = {0x90, 0x11, 0x04, 0x00, 0x0d, 0xf0, 0x05, 0xb1};
    for (int i = 0; i < 8; i++) EXPECT_EQ(vic.read(0xfe0 + 4 * i, 4), expect[i]) << i;
}

TEST(Pl190, EnabledSourceRaisesIrq) {
    Pl190 vic;
    vic.set_input(5, true);
    EXPECT_EQ(vic.read(VICRAWINTR, 4), 0x20u);
    EXPECT_EQ(vic.read(VICIRQSTATUS, 4), 0u);
    EXPECT_FALSE(vic.irq.level());
    vic.write(VICINTENABLE, 0x20, 4);
    EXPECT_EQ(vic.read(VICINTENABLE, 4), 0x20u);
    EXPECT_EQ(vic.read(VICIRQSTATUS, 4), 0x20u);
    EXPECT_TRUE(vic.irq.level());
    EXPECT_FALSE(vic.fiq.level());
    // Enable is set-only; INTENCLEAR removes.
    vic.write(VICINTENABLE, 0x40, 4);
    EXPECT_EQ(vic.read(VICINTENABLE, 4), 0x60u);
    vic.write(VICINTENCLEAR, 0x20, 4);
    EXPECT_EQ(vic.read(VICINTENABLE, 4), 0x40u);
    EXPECT_FALSE(vic.irq.level());
    vic.write(VICINTENABLE, 0x20, 4);
    vic.input(5)(false);
    EXPECT_FALSE(vic.irq.level());
    EXPECT_EQ(vic.read(VICRAWINTR, 4), 0u);
}

TEST(Pl190, FiqSelectRoutesToFiq) {
    Pl190 vic;
    vic.write(VICINTSELECT, 1u << 3, 4);
    vic.write(VICINTENABLE, 1u << 3, 4);
    vic.set_input(3, true);
    EXPECT_TRUE(vic.fiq.level());
    EXPECT_FALSE(vic.irq.level());
    EXPECT_EQ(vic.read(VICFIQSTATUS, 4), 8u);
    EXPECT_EQ(vic.read(VICIRQSTATUS, 4), 0u);
    EXPECT_EQ(vic.read(VICINTSELECT, 4), 8u);
    vic.write(VICINTSELECT, 0, 4);
    EXPECT_FALSE(vic.fiq.level());
    EXPECT_TRUE(vic.irq.level());
}

TEST(Pl190, SoftInterrupts) {
    Pl190 vic;
    vic.write(VICINTENABLE, 0x100, 4);
    vic.write(VICSOFTINT, 0x101, 4);
    EXPECT_EQ(vic.read(VICSOFTINT, 4), 0x101u);
    EXPECT_EQ(vic.read(VICRAWINTR, 4), 0x101u);
    EXPECT_EQ(vic.read(VICIRQSTATUS, 4), 0x100u);
    EXPECT_TRUE(vic.irq.level());
    vic.write(VICSOFTINTCLEAR, 0x100, 4);
    EXPECT_EQ(vic.read(VICSOFTINT, 4), 0x1u);
    EXPECT_FALSE(vic.irq.level());
}

class Pl190Vectored : public ::testing::Test {
  protected:
    void SetUp() override {
        vic.write(VICVECTADDR0 + 0, 0x1000, 4);
        vic.write(VICVECTCNTL0 + 0, 0x20 | 7, 4);  // slot 0: source 7
        vic.write(VICVECTADDR0 + 4, 0x2000, 4);
        vic.write(VICVECTCNTL0 + 4, 0x20 | 3, 4);  // slot 1: source 3
        vic.write(VICVECTADDR0 + 8, 0x2800, 4);
        vic.write(VICVECTCNTL0 + 8, 11, 4);  // slot 2: source 11, slot disabled
        vic.write(VICDEFVECTADDR, 0x3000, 4);
        vic.write(VICINTENABLE, (1u << 3) | (1u << 7) | (1u << 9) | (1u << 11), 4);
    }
    Pl190 vic;
};

TEST_F(Pl190Vectored, RegistersReadBack) {
    EXPECT_EQ(vic.read(VICVECTADDR0 + 4, 4), 0x2000u);
    EXPECT_EQ(vic.read(VICVECTCNTL0 + 4, 4), 0x23u);
    EXPECT_EQ(vic.read(VICDEFVECTADDR, 4), 0x3000u);
    vic.write(VICVECTCNTL0 + 60, 0xffffffff, 4);
    EXPECT_EQ(vic.read(VICVECTCNTL0 + 60, 4), 0x3fu);
}

TEST_F(Pl190Vectored, PriorityAndNestedEoi) {
    vic.set_input(3, true);
    vic.set_input(9, true);
    EXPECT_TRUE(vic.irq.level());
    // Acknowledge: slot 1 (source 3) beats the non-vectored source 9.
    EXPECT_EQ(vic.read(VICVECTADDR, 4), 0x2000u);
    EXPECT_EQ(vic.state().priority, 1);
    // Only slot 0 may now interrupt.
    EXPECT_FALSE(vic.irq.level());
    vic.set_input(7, true);
    EXPECT_TRUE(vic.irq.level());
    EXPECT_EQ(vic.read(VICVECTADDR, 4), 0x1000u);
    EXPECT_EQ(vic.state().priority, 0);
    EXPECT_FALSE(vic.irq.level());
    // EOI for slot 0 returns to slot 1's level; 7 is still asserted and preempts.
    vic.write(VICVECTADDR, 0, 4);
    EXPECT_EQ(vic.state().priority, 1);
    EXPECT_TRUE(vic.irq.level());
    vic.set_input(7, false);
    EXPECT_FALSE(vic.irq.level());
    // EOI for slot 1: idle again, 3 and 9 pending.
    vic.write(VICVECTADDR, 0, 4);
    EXPECT_EQ(vic.state().priority, Pl190::kIdleLevel);
    EXPECT_TRUE(vic.irq.level());
    vic.set_input(3, false);
    // Only the non-vectored 9 remains: the default vector.
    EXPECT_EQ(vic.read(VICVECTADDR, 4), 0x3000u);
    EXPECT_EQ(vic.state().priority, Pl190::kDefaultLevel);
    EXPECT_FALSE(vic.irq.level());
    // A disabled slot's source (11) does not preempt the default level...
    vic.set_input(11, true);
    EXPECT_FALSE(vic.irq.level());
    // ...but an enabled vectored slot does.
    vic.set_input(3, true);
    EXPECT_TRUE(vic.irq.level());
    EXPECT_EQ(vic.read(VICVECTADDR, 4), 0x2000u);
    vic.write(VICVECTADDR, 0, 4);
    EXPECT_EQ(vic.state().priority, Pl190::kDefaultLevel);
    vic.write(VICVECTADDR, 0, 4);
    EXPECT_EQ(vic.state().priority, Pl190::kIdleLevel);
}

TEST_F(Pl190Vectored, AcknowledgeWithNothingPendingReturnsDefault) {
    EXPECT_EQ(vic.read(VICVECTADDR, 4), 0x3000u);
    EXPECT_EQ(vic.state().priority, Pl190::kIdleLevel);
    // A FIQ-routed or disabled source is not acknowledged as an IRQ.
    vic.write(VICINTSELECT, 1u << 7, 4);
    vic.set_input(7, true);
    vic.set_input(20, true);
    EXPECT_EQ(vic.read(VICVECTADDR, 4), 0x3000u);
    EXPECT_EQ(vic.state().priority, Pl190::kIdleLevel);
    EXPECT_TRUE(vic.fiq.level());
}

TEST_F(Pl190Vectored, ResetClearsRegistersButKeepsInputs) {
    vic.set_input(3, true);
    vic.read(VICVECTADDR, 4);
    vic.write(VICPROTECTION, 3, 4);
    EXPECT_EQ(vic.read(VICPROTECTION, 4), 1u);
    vic.reset();
    EXPECT_EQ(vic.read(VICVECTADDR0 + 4, 4), 0u);
    EXPECT_EQ(vic.read(VICINTENABLE, 4), 0u);
    EXPECT_EQ(vic.read(VICPROTECTION, 4), 0u);
    EXPECT_EQ(vic.state().priority, Pl190::kIdleLevel);
    EXPECT_EQ(vic.read(VICRAWINTR, 4), 8u);
    EXPECT_FALSE(vic.irq.level());
}

TEST(Pl190, UnknownOffsetLogsOnceAndReadsZero) {
    Pl190 vic;
    unsigned before = log_count(LogCategory::GuestError);
    EXPECT_EQ(vic.read(0x40, 4), 0u);
    EXPECT_EQ(vic.read(0x40, 4), 0u);
    EXPECT_EQ(log_count(LogCategory::GuestError), before + 1);
    vic.set_input(40, true);  // out of range: ignored
    vic.set_input(-1, true);
    EXPECT_EQ(vic.read(VICRAWINTR, 4), 0u);
}

}  // namespace
}  // namespace bw
