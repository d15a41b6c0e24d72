#include "core/dev/rtc/mc146818.h"

#include <gtest/gtest.h>

namespace bw {
namespace {

void advance_to(Scheduler& s, u64 t) {
    while (s.skip_to_next_event(t)) {
    }
}

// 2024-02-29 23:59:58.500 UTC (a Thursday).
constexpr i64 kStart = 1709251198ll * 1000000000 + 500000000;

class RtcTest : public ::testing::Test {
  protected:
    u8 cmos(u8 index) {
        rtc.write(0, index, 1);
        return u8(rtc.read(1, 1));
    }
    void set_cmos(u8 index, u8 v) {
        rtc.write(0, index, 1);
        rtc.write(1, v, 1);
    }
    Scheduler sched;
    Mc146818 rtc{sched, [] { return kStart; }};
};

TEST_F(RtcTest, ResetValuesAndBcdTime) {
    EXPECT_EQ(cmos(0x0a), 0x26);
    EXPECT_EQ(cmos(0x0b), 0x02);
    EXPECT_EQ(cmos(0x0d), 0x80);
    EXPECT_EQ(cmos(0x00), 0x58);
    EXPECT_EQ(cmos(0x02), 0x59);
    EXPECT_EQ(cmos(0x04), 0x23);
    EXPECT_EQ(cmos(0x06), 0x05);  // Thursday
    EXPECT_EQ(cmos(0x07), 0x29);
    EXPECT_EQ(cmos(0x08), 0x02);
    EXPECT_EQ(cmos(0x09), 0x24);
    EXPECT_EQ(cmos(0x32), 0x20);
    EXPECT_EQ(rtc.read(0, 1), 0xffu);
}

TEST_F(RtcTest, UipWindowAndRollover) {
    // Next update at 0.5 s virtual; UIP from 0.5 s - 244.141 us.
    const u64 update = 500000000;
    advance_to(sched, update - Mc146818::kUipNs - 1);
    EXPECT_EQ(cmos(0x0a) & 0x80, 0);
    advance_to(sched, update - Mc146818::kUipNs);
    EXPECT_EQ(cmos(0x0a) & 0x80, 0x80);
    EXPECT_EQ(cmos(0x00), 0x58);
    advance_to(sched, update - 1);
    EXPECT_EQ(cmos(0x0a), 0xa6);
    advance_to(sched, update);
    EXPECT_EQ(cmos(0x0a), 0x26);
    EXPECT_EQ(cmos(0x00), 0x59);
    EXPECT_EQ(cmos(0x0c), 0x10);  // UF set (no IRQF: UIE clear), cleared on read
    EXPECT_EQ(cmos(0x0c), 0x00);
    // One more second: 2024-03-01 00:00:00, Friday.
    advance_to(sched, update + 1000000000);
    EXPECT_EQ(cmos(0x00), 0x00);
    EXPECT_EQ(cmos(0x02), 0x00);
    EXPECT_EQ(cmos(0x04), 0x00);
    EXPECT_EQ(cmos(0x06), 0x06);
    EXPECT_EQ(cmos(0x07), 0x01);
    EXPECT_EQ(cmos(0x08), 0x03);
}

TEST_F(RtcTest, BinaryTwelveHourAndUpdateInterrupt) {
    set_cmos(0x0b, 0x04 | 0x10);       // binary, 12-hour, UIE
    EXPECT_EQ(cmos(0x04), 0x80 | 11);  // 11 PM
    EXPECT_EQ(cmos(0x00), 58);
    EXPECT_FALSE(rtc.irq.level());
    advance_to(sched, 500000000);
    EXPECT_TRUE(rtc.irq.level());
    EXPECT_EQ(cmos(0x0c), 0x90);
    EXPECT_FALSE(rtc.irq.level());
}

TEST_F(RtcTest, SetModeTakesWrittenTime) {
    set_cmos(0x0b, 0x82);  // SET, 24h, BCD
    set_cmos(0x04, 0x12);
    set_cmos(0x02, 0x34);
    set_cmos(0x00, 0x56);
    advance_to(sched, 3000000000ull);  // frozen while SET
    EXPECT_EQ(cmos(0x00), 0x56);
    EXPECT_EQ(cmos(0x0a) & 0x80, 0);
    set_cmos(0x0b, 0x02);
    EXPECT_EQ(cmos(0x04), 0x12);
    EXPECT_EQ(cmos(0x02), 0x34);
    EXPECT_EQ(cmos(0x00), 0x56);
    advance_to(sched, 3500000000ull);  // the fraction (.5) was kept
    EXPECT_EQ(cmos(0x00), 0x57);
}

TEST_F(RtcTest, PeriodicInterruptAndCmosRam) {
    set_cmos(0x0a, 0x2f);  // 2 Hz
    set_cmos(0x0b, 0x42);  // PIE
    advance_to(sched, 499999999);
    EXPECT_FALSE(rtc.irq.level());
    advance_to(sched, 500000000);
    EXPECT_TRUE(rtc.irq.level());
    EXPECT_EQ(cmos(0x0c) & 0xc0, 0xc0);
    set_cmos(0x40, 0xa5);
    EXPECT_EQ(cmos(0x40), 0xa5);
    set_cmos(0x0d, 0x00);  // read-only
    EXPECT_EQ(cmos(0x0d), 0x80);
}

}  // namespace
}  // namespace bw
