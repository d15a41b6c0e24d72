#include "core/dev/rtc/ds1338.h"

#include <gtest/gtest.h>

#include <vector>

namespace bw {
namespace {

constexpr u64 kSecond = 1000000000;
constexpr u8 SECONDS = 0, HOURS = 2, DAY = 3, CONTROL = 7;
constexpr i64 kLeapDayEve = 1709251198;  // 2024-02-29 23:59:58 UTC, a Thursday

void advance_to(Scheduler& s, u64 t) {
    while (s.skip_to_next_event(t)) {
    }
}

class Ds1338Test : public ::testing::Test {
  protected:
    Scheduler sched;
    u64 host_time = kLeapDayEve;
    Ds1338 rtc{sched, [this] { return host_time; }};

    // Set the pointer, then read |n| registers from a fresh START.
    std::vector<u8> read_regs(u8 ptr, int n) {
        EXPECT_TRUE(rtc.start(false));
        EXPECT_TRUE(rtc.send(ptr));
        EXPECT_TRUE(rtc.start(true));
        std::vector<u8> out;
        for (int i = 0; i < n; i++) out.push_back(rtc.recv());
        rtc.stop();
        return out;
    }
    void write_regs(u8 ptr, const std::vector<u8>& bytes) {
        EXPECT_TRUE(rtc.start(false));
        EXPECT_TRUE(rtc.send(ptr));
        for (u8 b : bytes) EXPECT_TRUE(rtc.send(b));
        rtc.stop();
    }
};

using Bytes = std::vector<u8>;

TEST_F(Ds1338Test, ReadsHostTimeInBcd) {
    // sec min hour day(Thu = 5) date month year, then control 0 and NVRAM 0.
    EXPECT_EQ(read_regs(SECONDS, 9), (Bytes{0x58, 0x59, 0x23, 0x05, 0x29, 0x02, 0x24, 0x00, 0x00}));
    EXPECT_EQ(rtc.unix_time(), kLeapDayEve);
}

TEST_F(Ds1338Test, RollsOverLeapDayWithVirtualTime) {
    advance_to(sched, kSecond + kSecond / 2);
    EXPECT_EQ(read_regs(SECONDS, 7), (Bytes{0x59, 0x59, 0x23, 0x05, 0x29, 0x02, 0x24}));
    advance_to(sched, 2 * kSecond);
    // Friday 2024-03-01 00:00:00.
    EXPECT_EQ(read_regs(SECONDS, 7), (Bytes{0x00, 0x00, 0x00, 0x06, 0x01, 0x03, 0x24}));
}

TEST_F(Ds1338Test, RollsOverNewYear) {
    host_time = 1704067199;  // 2023-12-31 23:59:59, Sunday
    rtc.reset();
    EXPECT_EQ(read_regs(SECONDS, 7), (Bytes{0x59, 0x59, 0x23, 0x01, 0x31, 0x12, 0x23}));
    advance_to(sched, kSecond);
    EXPECT_EQ(read_regs(SECONDS, 7), (Bytes{0x00, 0x00, 0x00, 0x02, 0x01, 0x01, 0x24}));
}

TEST_F(Ds1338Test, TimeLatchedAtStart) {
    rtc.start(false);
    rtc.send(SECONDS);
    rtc.start(true);
    advance_to(sched, 3 * kSecond);
    // The read still returns the time captured at the START.
    EXPECT_EQ(rtc.recv(), 0x58);
    EXPECT_EQ(rtc.recv(), 0x59);
    EXPECT_EQ(rtc.recv(), 0x23);
    rtc.stop();
    EXPECT_EQ(read_regs(SECONDS, 3), (Bytes{0x01, 0x00, 0x00}));
}

TEST_F(Ds1338Test, SettingTheTimeKeepsCounting) {
    // 2030-06-15 12:34:56, Saturday (7), as Linux writes it: all seven at once.
    write_regs(SECONDS, {0x56, 0x34, 0x12, 0x07, 0x15, 0x06, 0x30});
    EXPECT_EQ(rtc.unix_time(), 1907757296);
    EXPECT_EQ(read_regs(SECONDS, 7), (Bytes{0x56, 0x34, 0x12, 0x07, 0x15, 0x06, 0x30}));
    advance_to(sched, 5 * kSecond);
    EXPECT_EQ(rtc.unix_time(), 1907757301);
    EXPECT_EQ(read_regs(SECONDS, 7), (Bytes{0x01, 0x35, 0x12, 0x07, 0x15, 0x06, 0x30}));
    // The clock bit 7 of SECONDS (CH) does not stop the clock.
    write_regs(SECONDS, {0x80 | 0x10});
    EXPECT_EQ(rtc.unix_time(), 1907757310);
}

TEST_F(Ds1338Test, DayOfWeekCountsIndependently) {
    write_regs(DAY, {0x02});  // claim Monday on a Thursday
    EXPECT_EQ(rtc.unix_time(), kLeapDayEve);
    EXPECT_EQ(read_regs(DAY, 1), (Bytes{0x02}));
    advance_to(sched, 2 * kSecond);  // midnight: the day advances from the claimed one
    EXPECT_EQ(read_regs(DAY, 2), (Bytes{0x03, 0x01}));
    // Moving the date does not move the day of week.
    write_regs(DAY + 1, {0x10});
    EXPECT_EQ(read_regs(DAY, 2), (Bytes{0x03, 0x10}));
    EXPECT_EQ(rtc.unix_time(), kLeapDayEve + 2 + 9 * 86400);
}

TEST_F(Ds1338Test, TwelveHourMode) {
    write_regs(HOURS, {0x40 | 0x20 | 0x12});  // 12 PM
    EXPECT_EQ(read_regs(HOURS, 1), (Bytes{0x72}));
    EXPECT_EQ(rtc.unix_time(), kLeapDayEve - 11 * 3600);
    write_regs(HOURS, {0x40 | 0x12});  // 12 AM
    EXPECT_EQ(read_regs(HOURS, 1), (Bytes{0x52}));
    EXPECT_EQ(rtc.unix_time(), kLeapDayEve - 23 * 3600);
    write_regs(HOURS, {0x40 | 0x20 | 0x11});  // 11 PM, and the clock rolls to 12 AM
    advance_to(sched, 2 * kSecond);
    EXPECT_EQ(read_regs(HOURS, 1), (Bytes{0x52}));
    write_regs(HOURS, {0x40 | 0x20 | 0x01});  // 1 PM
    EXPECT_EQ(read_regs(HOURS, 1), (Bytes{0x61}));
    write_regs(HOURS, {0x13});  // back to 24-hour mode
    EXPECT_EQ(read_regs(HOURS, 1), (Bytes{0x13}));
}

TEST_F(Ds1338Test, ControlRegisterMaskAndOsf) {
    write_regs(CONTROL, {0xff});
    // Bits 2, 3, 6 read 0, and OSF (bit 5) cannot be set by a write.
    EXPECT_EQ(read_regs(CONTROL, 1), (Bytes{0x93}));
    write_regs(CONTROL, {0x00});
    EXPECT_EQ(read_regs(CONTROL, 1), (Bytes{0x00}));
}

TEST_F(Ds1338Test, NvramAndPointerWrap) {
    write_regs(0x3e, {0xaa, 0xbb, 0x30});  // 0x3e, 0x3f, then wraps to SECONDS
    EXPECT_EQ(rtc.unix_time(), kLeapDayEve - 28);
    // The wrap to 0 re-captures the clock.
    EXPECT_EQ(read_regs(0x3e, 4), (Bytes{0xaa, 0xbb, 0x30, 0x59}));
    // A pointer beyond 0x3f wraps.
    write_regs(0x48, {0x5a});
    EXPECT_EQ(read_regs(0x08, 1), (Bytes{0x5a}));
    rtc.reset();
    EXPECT_EQ(read_regs(0x08, 1), (Bytes{0x00}));
    EXPECT_EQ(rtc.unix_time(), kLeapDayEve);
}

}  // namespace
}  // namespace bw
