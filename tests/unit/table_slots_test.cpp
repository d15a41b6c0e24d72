// The free list of function-table slots for generated code
// (core/jit/table_slots.h): first fit, merging on release, reuse before growth.
#include "core/jit/table_slots.h"

#include <gtest/gtest.h>

namespace bw::jit {
namespace {

TEST(TableSlots, EmptyListAsksForGrowth) {
    TableSlots s;
    EXPECT_FALSE(s.take(1).has_value());
    EXPECT_EQ(s.free_slots(), 0u);
}

TEST(TableSlots, ReleasedRunsAreReusedAndMerged) {
    TableSlots s;
    s.give_back({100, 4});
    s.give_back({108, 4});
    EXPECT_EQ(s.free_runs().size(), 2u);
    s.give_back({104, 4});  // joins both neighbours
    ASSERT_EQ(s.free_runs().size(), 1u);
    EXPECT_EQ(s.free_runs()[0].first, 100u);
    EXPECT_EQ(s.free_runs()[0].count, 12u);

    auto a = s.take(5);
    ASSERT_TRUE(a.has_value());
    EXPECT_EQ(a->first, 100u);
    auto b = s.take(7);
    ASSERT_TRUE(b.has_value());
    EXPECT_EQ(b->first, 105u);
    EXPECT_FALSE(s.take(1).has_value());
    s.give_back(*a);
    EXPECT_FALSE(s.take(6).has_value());  // too long for the run that came back
    EXPECT_EQ(s.take(5)->first, 100u);
}

TEST(TableSlots, DoubleReleaseIsIgnored) {
    TableSlots s;
    s.give_back({10, 4});
    s.give_back({10, 4});
    s.give_back({12, 4});  // overlaps a free run
    s.give_back({8, 4});   // overlaps from below
    EXPECT_EQ(s.free_slots(), 4u);
    s.give_back({0, 0});
    EXPECT_EQ(s.free_runs().size(), 1u);
}

}  // namespace
}  // namespace bw::jit
