#include "core/dev/timer/sp804.h"

#include <gtest/gtest.h>

#include <cstdint>

namespace bw {
namespace {

// Channel 1 registers; channel 2 is at +0x20.
constexpr u32 Load = 0x00, Value = 0x04, Control = 0x08, IntClr = 0x0c, RIS = 0x10, MIS = 0x14,
              BGLoad = 0x18;
constexpr u32 T2 = 0x20;
// TimerXControl bits.
constexpr u32 OneShot = 1, Size32 = 2, Div16 = 1 << 2, Div256 = 2 << 2, IE = 1 << 5,
              Periodic = 1 << 6, Enable = 1 << 7;

// Advance virtual time to |t|, firing every timer due on the way.
void advance_to(Scheduler& s, u64 t) {
    while (s.skip_to_next_event(t)) {
    }
}

class Sp804Test : public ::testing::Test {
  protected:
    Sp804Test() { sched.set_ns_per_instruction(4); }
    Scheduler sched;
    Sp804 timer{sched, 1000000};  // 1 MHz: one tick per 1000 ns
};

TEST_F(Sp804Test, ResetValuesAndIds) {
    EXPECT_EQ(timer.read(Load, 4), 0u);
    EXPECT_EQ(timer.read(Value, 4), 0xffffffffu);
    EXPECT_EQ(timer.read(Control, 4), 0x20u);
    EXPECT_EQ(timer.read(T2 + Control, 4), 0x20u);
    EXPECT_EQ(timer.read(RIS, 4), 0u);
    const u32 expect[8] = {0x04, 0x18, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1};
    for (int i = 0; i < 8; i++) EXPECT_EQ(timer.read(0xfe0 + 4 * i, 4), expect[i]) << i;
    EXPECT_EQ(sched.next_deadline(), UINT64_MAX);
}

TEST_F(Sp804Test, PeriodicValuesAndInterrupt) {
    timer.write(Load, 100, 4);
    timer.write(Control, Enable | Periodic | Size32 | IE, 4);
    EXPECT_EQ(timer.read(Value, 4), 100u);
    EXPECT_EQ(sched.next_deadline(), 100000u);
    advance_to(sched, 50000);
    EXPECT_EQ(timer.read(Value, 4), 50u);
    advance_to(sched, 50999);
    EXPECT_EQ(timer.read(Value, 4), 50u);
    advance_to(sched, 99999);
    EXPECT_EQ(timer.read(Value, 4), 1u);
    EXPECT_FALSE(timer.irq.level());
    advance_to(sched, 100000);
    EXPECT_TRUE(timer.irq.level());
    EXPECT_EQ(timer.read(RIS, 4), 1u);
    EXPECT_EQ(timer.read(MIS, 4), 1u);
    EXPECT_EQ(timer.read(Value, 4), 100u);  // reloaded
    timer.write(IntClr, 0, 4);
    EXPECT_FALSE(timer.irq.level());
    EXPECT_EQ(timer.read(RIS, 4), 0u);
    advance_to(sched, 150000);
    EXPECT_EQ(timer.read(Value, 4), 50u);
    advance_to(sched, 200000);
    EXPECT_TRUE(timer.irq.level());
    EXPECT_EQ(sched.next_deadline(), 300000u);
}

TEST_F(Sp804Test, ValueIsExactMidSlice) {
    timer.write(Load, 100, 4);
    timer.write(Control, Enable | Periodic | Size32, 4);
    EXPECT_EQ(sched.begin_slice(1000000), 25000);  // trimmed to the expiry at 100 us
    sched.remaining -= 250;                        // 250 instructions * 4 ns = 1000 ns
    EXPECT_EQ(timer.read(Value, 4), 99u);
    sched.remaining -= 1;
    EXPECT_EQ(timer.read(Value, 4), 99u);
    sched.remaining -= 249;
    EXPECT_EQ(timer.read(Value, 4), 98u);
    sched.remaining = 0;
    sched.end_slice();
    EXPECT_EQ(sched.now(), 100000u);
    EXPECT_EQ(timer.read(RIS, 4), 1u);
}

TEST_F(Sp804Test, OneShotStopsAtZeroUntilReloaded) {
    timer.write(Control, OneShot | Size32 | IE, 4);
    timer.write(Load, 10, 4);
    advance_to(sched, 5000);
    EXPECT_EQ(timer.read(Value, 4), 10u);  // not enabled yet
    timer.write(Control, Enable | OneShot | Size32 | IE, 4);
    advance_to(sched, 14999);
    EXPECT_EQ(timer.read(Value, 4), 1u);
    EXPECT_FALSE(timer.irq.level());
    advance_to(sched, 15000);
    EXPECT_TRUE(timer.irq.level());
    EXPECT_EQ(timer.read(Value, 4), 0u);
    EXPECT_EQ(sched.next_deadline(), UINT64_MAX);
    advance_to(sched, 100000);
    EXPECT_EQ(timer.read(Value, 4), 0u);
    timer.write(IntClr, 1, 4);
    // Writing Load restarts it.
    timer.write(Load, 5, 4);
    EXPECT_EQ(sched.next_deadline(), 105000u);
    advance_to(sched, 105000);
    EXPECT_TRUE(timer.irq.level());
}

TEST_F(Sp804Test, FreeRunning16BitWrapsToFfff) {
    timer.write(Load, 3, 4);
    timer.write(Control, Enable | IE, 4);  // free-running, 16-bit
    advance_to(sched, 3000);
    EXPECT_TRUE(timer.irq.level());
    EXPECT_EQ(timer.read(Value, 4), 0xffffu);
    advance_to(sched, 4000);
    EXPECT_EQ(timer.read(Value, 4), 0xfffeu);
    EXPECT_EQ(sched.next_deadline(), 3000u + 0xffffu * 1000u);
}

TEST_F(Sp804Test, FreeRunning32BitWrapsToFfffffff) {
    timer.write(Load, 2, 4);
    timer.write(Control, Enable | Size32, 4);
    advance_to(sched, 2000);
    EXPECT_EQ(timer.read(RIS, 4), 1u);
    EXPECT_FALSE(timer.irq.level());  // IE clear
    EXPECT_EQ(timer.read(MIS, 4), 0u);
    EXPECT_EQ(timer.read(Value, 4), 0xffffffffu);
}

TEST_F(Sp804Test, SixteenBitModeUsesLowHalfOfLoad) {
    timer.write(Control, Periodic | IE, 4);
    timer.write(Load, 0x12345, 4);
    EXPECT_EQ(timer.read(Load, 4), 0x12345u);
    EXPECT_EQ(timer.read(Value, 4), 0x2345u);
    timer.write(Control, Enable | Periodic | IE, 4);
    advance_to(sched, 0x2345 * 1000);
    EXPECT_TRUE(timer.irq.level());
    EXPECT_EQ(timer.read(Value, 4), 0x2345u);
}

TEST_F(Sp804Test, Prescalers) {
    timer.write(Load, 10, 4);
    timer.write(Control, Enable | Periodic | Size32 | Div16 | IE, 4);
    advance_to(sched, 16000);
    EXPECT_EQ(timer.read(Value, 4), 9u);
    advance_to(sched, 159999);
    EXPECT_EQ(timer.read(Value, 4), 1u);
    EXPECT_FALSE(timer.irq.level());
    advance_to(sched, 160000);
    EXPECT_TRUE(timer.irq.level());
    // Channel 2 at divide-by-256.
    timer.write(T2 + Load, 4, 4);
    timer.write(T2 + Control, Enable | Periodic | Size32 | Div256, 4);
    advance_to(sched, 160000 + 256000);
    EXPECT_EQ(timer.read(T2 + Value, 4), 3u);
    advance_to(sched, 160000 + 4 * 256000);
    EXPECT_EQ(timer.read(T2 + RIS, 4), 1u);
}

TEST_F(Sp804Test, BackgroundLoadAppliesAtNextReload) {
    timer.write(Load, 100, 4);
    timer.write(Control, Enable | Periodic | Size32 | IE, 4);
    advance_to(sched, 30000);
    timer.write(BGLoad, 50, 4);
    EXPECT_EQ(timer.read(Value, 4), 70u);
    EXPECT_EQ(timer.read(Load, 4), 50u);
    EXPECT_EQ(timer.read(BGLoad, 4), 50u);
    advance_to(sched, 100000);
    EXPECT_TRUE(timer.irq.level());
    EXPECT_EQ(timer.read(Value, 4), 50u);
    EXPECT_EQ(sched.next_deadline(), 150000u);
}

TEST_F(Sp804Test, DisableFreezesCountEnableContinues) {
    timer.write(Load, 100, 4);
    timer.write(Control, Enable | Periodic | Size32 | IE, 4);
    advance_to(sched, 30500);
    timer.write(Control, Periodic | Size32 | IE, 4);
    EXPECT_EQ(timer.read(Value, 4), 70u);
    EXPECT_EQ(sched.next_deadline(), UINT64_MAX);
    advance_to(sched, 80000);
    EXPECT_EQ(timer.read(Value, 4), 70u);
    timer.write(Control, Enable | Periodic | Size32 | IE, 4);
    EXPECT_EQ(sched.next_deadline(), 150000u);
    // Rewriting Control with the same settings keeps the phase.
    advance_to(sched, 80500);
    timer.write(Control, Enable | Periodic | Size32 | IE, 4);
    EXPECT_EQ(sched.next_deadline(), 150000u);
}

TEST_F(Sp804Test, ChannelsShareOneOutput) {
    timer.write(Load, 10, 4);
    timer.write(T2 + Load, 20, 4);
    timer.write(Control, Enable | OneShot | Size32 | IE, 4);
    timer.write(T2 + Control, Enable | OneShot | Size32 | IE, 4);
    advance_to(sched, 10000);
    EXPECT_TRUE(timer.irq.level());
    EXPECT_EQ(timer.read(T2 + RIS, 4), 0u);
    timer.write(IntClr, 1, 4);
    EXPECT_FALSE(timer.irq.level());
    advance_to(sched, 20000);
    EXPECT_TRUE(timer.irq.level());
    EXPECT_EQ(timer.read(RIS, 4), 0u);
    EXPECT_EQ(timer.read(T2 + MIS, 4), 1u);
    // Masking channel 2 drops the output while RIS stays.
    timer.write(T2 + Control, OneShot | Size32, 4);
    EXPECT_FALSE(timer.irq.level());
    EXPECT_EQ(timer.read(T2 + RIS, 4), 1u);
}

TEST_F(Sp804Test, PeriodicZeroLoadInterruptsOnceAndStops) {
    timer.write(Load, 0, 4);
    timer.write(Control, Enable | Periodic | Size32 | IE, 4);
    advance_to(sched, 1000);
    EXPECT_TRUE(timer.irq.level());
    EXPECT_EQ(sched.next_deadline(), UINT64_MAX);
}

TEST_F(Sp804Test, ResetStopsTimers) {
    timer.write(Load, 10, 4);
    timer.write(Control, Enable | Periodic | Size32 | IE, 4);
    advance_to(sched, 10000);
    EXPECT_TRUE(timer.irq.level());
    timer.reset();
    EXPECT_FALSE(timer.irq.level());
    EXPECT_EQ(sched.next_deadline(), UINT64_MAX);
    EXPECT_EQ(timer.read(Value, 4), 0xffffffffu);
}

}  // namespace
}  // namespace bw
