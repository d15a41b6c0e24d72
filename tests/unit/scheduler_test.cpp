#include "core/sched/scheduler.h"

#include <gtest/gtest.h>

#include <vector>

namespace bw {
namespace {

TEST(Scheduler, SliceIsTrimmedToNextDeadline) {
    Scheduler s;
    s.set_ns_per_instruction(4);
    int fired = 0;
    Timer t(s, [&] { fired++; });
    t.arm_at(100);
    EXPECT_EQ(s.begin_slice(1000), 25);
    s.remaining = 0;  // the CPU ran all 25 instructions
    s.end_slice();
    EXPECT_EQ(s.now(), 100u);
    EXPECT_EQ(fired, 1);
    EXPECT_FALSE(t.armed());
}

TEST(Scheduler, NowIsExactMidSlice) {
    Scheduler s;
    s.set_ns_per_instruction(2);
    s.begin_slice(50);
    s.remaining -= 7;
    EXPECT_EQ(s.now(), 14u);
}

TEST(Scheduler, ArmingInsideSliceShortensIt) {
    Scheduler s;
    s.set_ns_per_instruction(1);
    Timer t(s, [] {});
    s.begin_slice(1000);
    s.remaining -= 10;  // now = 10
    t.arm_in(5);        // due at 15: only 5 more instructions
    EXPECT_EQ(s.remaining, 5);
    s.remaining = 0;
    s.end_slice();
    EXPECT_EQ(s.now(), 15u);
}

TEST(Scheduler, EndSliceCountsOnlyWhatRanWhenStoppedEarly) {
    Scheduler s;
    s.set_ns_per_instruction(2);
    s.begin_slice(100);
    s.remaining -= 30;
    s.stop_slice();  // e.g. WFI after 30 instructions
    EXPECT_EQ(s.end_slice(), 30);
    EXPECT_EQ(s.now(), 60u);
}

TEST(Scheduler, TimersFireInDeadlineOrderAndMayRearm) {
    Scheduler s;
    s.set_ns_per_instruction(1);
    std::vector<int> order;
    Timer a(s, [&] { order.push_back(1); });
    Timer b(s, [&] { order.push_back(2); });
    Timer periodic(s, [&] { order.push_back(3); });
    periodic.arm_at(30);
    b.arm_at(20);
    a.arm_at(10);
    EXPECT_TRUE(s.skip_to_next_event(1000));
    EXPECT_EQ(s.now(), 10u);
    EXPECT_TRUE(s.skip_to_next_event(1000));
    EXPECT_TRUE(s.skip_to_next_event(1000));
    EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
    EXPECT_FALSE(s.skip_to_next_event(1000));
    EXPECT_EQ(s.now(), 1000u);
}

TEST(Scheduler, CancelledTimerDoesNotFire) {
    Scheduler s;
    int fired = 0;
    Timer t(s, [&] { fired++; });
    t.arm_at(10);
    t.cancel();
    s.skip_to_next_event(100);
    EXPECT_EQ(fired, 0);
    EXPECT_EQ(s.next_deadline(), UINT64_MAX);
}

}  // namespace
}  // namespace bw
