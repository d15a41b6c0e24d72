#include "core/dev/rtc/pl031.h"

#include <gtest/gtest.h>

#include <cstdint>

namespace bw {
namespace {

constexpr u32 RTCDR = 0x00, RTCMR = 0x04, RTCLR = 0x08, RTCCR = 0x0c, RTCIMSC = 0x10, RTCRIS = 0x14,
              RTCMIS = 0x18, RTCICR = 0x1c;
constexpr u64 kSecond = 1000000000;
constexpr u32 kStart = 1700000000;

void advance_to(Scheduler& s, u64 t) {
    while (s.skip_to_next_event(t)) {
    }
}

class Pl031Test : public ::testing::Test {
  protected:
    Pl031Test() { sched.set_ns_per_instruction(4); }
    Scheduler sched;
    u64 host_time = kStart;
    Pl031 rtc{sched, [this] { return host_time; }};
};

TEST_F(Pl031Test, CountsWholeVirtualSeconds) {
    EXPECT_EQ(rtc.read(RTCDR, 4), kStart);
    EXPECT_EQ(rtc.read(RTCCR, 4), 1u);
    advance_to(sched, 2 * kSecond + kSecond / 2);
    EXPECT_EQ(rtc.read(RTCDR, 4), kStart + 2);
    advance_to(sched, 3 * kSecond - 1);
    EXPECT_EQ(rtc.read(RTCDR, 4), kStart + 2);
    advance_to(sched, 3 * kSecond);
    EXPECT_EQ(rtc.read(RTCDR, 4), kStart + 3);
    const u32 expect[8] = {0x31, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1};
    for (int i = 0; i < 8; i++) EXPECT_EQ(rtc.read(0xfe0 + 4 * i, 4), expect[i]) << i;
}

TEST_F(Pl031Test, MatchInterruptAtExactSecond) {
    advance_to(sched, kSecond / 2);
    rtc.write(RTCIMSC, 1, 4);
    rtc.write(RTCMR, kStart + 5, 4);
    EXPECT_EQ(rtc.read(RTCMR, 4), kStart + 5);
    EXPECT_EQ(sched.next_deadline(), 5 * kSecond);
    advance_to(sched, 5 * kSecond - 1);
    EXPECT_FALSE(rtc.irq.level());
    EXPECT_EQ(rtc.read(RTCRIS, 4), 0u);
    advance_to(sched, 5 * kSecond);
    EXPECT_TRUE(rtc.irq.level());
    EXPECT_EQ(rtc.read(RTCDR, 4), kStart + 5);
    EXPECT_EQ(rtc.read(RTCRIS, 4), 1u);
    EXPECT_EQ(rtc.read(RTCMIS, 4), 1u);
    rtc.write(RTCICR, 1, 4);
    EXPECT_FALSE(rtc.irq.level());
    EXPECT_EQ(rtc.read(RTCRIS, 4), 0u);
}

TEST_F(Pl031Test, MaskedMatchSetsRawOnly) {
    rtc.write(RTCMR, kStart + 1, 4);
    advance_to(sched, kSecond);
    EXPECT_EQ(rtc.read(RTCRIS, 4), 1u);
    EXPECT_EQ(rtc.read(RTCMIS, 4), 0u);
    EXPECT_FALSE(rtc.irq.level());
    rtc.write(RTCIMSC, 1, 4);
    EXPECT_TRUE(rtc.irq.level());
}

TEST_F(Pl031Test, MatchEqualToNowInterruptsImmediately) {
    rtc.write(RTCIMSC, 1, 4);
    rtc.write(RTCMR, kStart, 4);
    EXPECT_TRUE(rtc.irq.level());
}

TEST_F(Pl031Test, LoadSetsCount) {
    advance_to(sched, kSecond + kSecond / 5);
    rtc.write(RTCLR, 1000, 4);
    EXPECT_EQ(rtc.read(RTCDR, 4), 1000u);
    EXPECT_EQ(rtc.read(RTCLR, 4), 1000u);
    advance_to(sched, 2 * kSecond);
    EXPECT_EQ(rtc.read(RTCDR, 4), 1001u);
    // A pending match moves with the count.
    rtc.write(RTCIMSC, 1, 4);
    rtc.write(RTCMR, 1003, 4);
    EXPECT_EQ(sched.next_deadline(), 4 * kSecond);
    rtc.write(RTCLR, 1002, 4);
    EXPECT_EQ(sched.next_deadline(), 3 * kSecond);
}

TEST_F(Pl031Test, ResetRereadsHostTime) {
    advance_to(sched, 10 * kSecond);
    rtc.write(RTCIMSC, 1, 4);
    rtc.write(RTCMR, kStart + 20, 4);
    host_time = 2000000000;
    rtc.reset();
    EXPECT_EQ(rtc.read(RTCDR, 4), 2000000000u);
    EXPECT_EQ(rtc.read(RTCIMSC, 4), 0u);
    EXPECT_EQ(sched.next_deadline(), UINT64_MAX);
    advance_to(sched, 11 * kSecond);
    EXPECT_EQ(rtc.read(RTCDR, 4), 2000000001u);
}

}  // namespace
}  // namespace bw
