#include "core/dev/timer/i8254.h"

#include <gtest/gtest.h>

namespace bw {
namespace {

void advance_to(Scheduler& s, u64 t) {
    while (s.skip_to_next_event(t)) {
    }
}

// First ns at which n ticks of 1.193182 MHz have elapsed.
u64 tick_ns(u64 n) { return (n * 1000000000ull + I8254::kClockHz - 1) / I8254::kClockHz; }

TEST(I8254Test, Mode2RateGenerator) {
    Scheduler sched;
    I8254 pit(sched);
    int rises = 0;
    pit.out0.connect([&](bool l) { rises += l; });
    rises = 0;
    pit.write(3, 0x34, 1);  // counter 0, LSB then MSB, mode 2
    pit.write(0, 100, 1);
    pit.write(0, 0, 1);
    EXPECT_FALSE(pit.out0.level());
    EXPECT_EQ(sched.next_deadline(), tick_ns(100));
    advance_to(sched, tick_ns(40));
    pit.write(3, 0x00, 1);  // latch counter 0
    EXPECT_EQ(pit.read(0, 1), 60u);
    EXPECT_EQ(pit.read(0, 1), 0u);
    advance_to(sched, tick_ns(100) - 1);
    EXPECT_FALSE(pit.out0.level());
    advance_to(sched, tick_ns(100));
    EXPECT_TRUE(pit.out0.level());
    EXPECT_EQ(rises, 1);
    advance_to(sched, tick_ns(101));
    EXPECT_FALSE(pit.out0.level());
    advance_to(sched, tick_ns(1000));
    EXPECT_EQ(rises, 10);
    EXPECT_TRUE(pit.out0.level());
}

TEST(I8254Test, Mode3SquareWaveAndReadBack) {
    Scheduler sched;
    I8254 pit(sched);
    pit.write(3, 0x36, 1);  // counter 0, LSB/MSB, mode 3
    pit.write(0, 11, 1);    // odd count: high 6 ticks, low 5
    pit.write(0, 0, 1);
    EXPECT_TRUE(pit.out0.level());
    EXPECT_EQ(sched.next_deadline(), tick_ns(6));
    advance_to(sched, tick_ns(6));
    EXPECT_FALSE(pit.out0.level());
    advance_to(sched, tick_ns(11));
    EXPECT_TRUE(pit.out0.level());
    advance_to(sched, tick_ns(13));
    // Mode 3 counts down by two (QEMU): 11 - (2*13 % 11) = 7.
    EXPECT_EQ(pit.count(0), 7u);
    // Read-back status of counter 0: OUT high, access 3, mode 3, binary.
    pit.write(3, 0xe2, 1);  // read-back: status only (COUNT bit set), counter 0
    EXPECT_EQ(pit.read(0, 1), 0x80u | (3u << 4) | (3u << 1));
    // Counter 2 in mode 0 with LSB only access.
    pit.write(3, 0x90, 1);
    pit.write(2, 50, 1);
    advance_to(sched, tick_ns(13) + tick_ns(10));
    u32 c = pit.read(2, 1);
    EXPECT_TRUE(c == 40u || c == 41u) << c;  // tick phase relative to the load
    EXPECT_FALSE(pit.output(2));
}

TEST(I8254Test, ResetStateRunsCounter0InMode3) {
    Scheduler sched;
    I8254 pit(sched);
    EXPECT_TRUE(pit.out0.level());
    EXPECT_EQ(sched.next_deadline(), tick_ns(32768));
    EXPECT_EQ(pit.read(3, 1), 0u);
}

}  // namespace
}  // namespace bw
