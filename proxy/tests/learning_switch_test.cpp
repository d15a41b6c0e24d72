#include "proxy/learning_switch.h"

#include <gtest/gtest.h>

#include <vector>

namespace bw::netd {
namespace {

using Ports = std::vector<LearningSwitch::PortId>;

std::vector<u8> frame(u8 dst_last, u8 src_last, bool dst_broadcast = false) {
    std::vector<u8> f(60, 0);
    const u8 dst[6] = {0x52, 0x54, 0x00, 0x12, 0x34, dst_last};
    const u8 src[6] = {0x52, 0x54, 0x00, 0x12, 0x34, src_last};
    for (int i = 0; i < 6; ++i) {
        f[size_t(i)] = dst_broadcast ? 0xff : dst[i];
        f[size_t(6 + i)] = src[i];
    }
    return f;
}

Ports fwd(LearningSwitch& sw, u32 from, const std::vector<u8>& f, u64 now = 0) {
    Ports out;
    sw.forward(from, f.data(), f.size(), now, &out);
    return out;
}

TEST(LearningSwitch, FloodsUnknownThenUnicastsLearned) {
    LearningSwitch sw;
    for (u32 p : {1u, 2u, 3u}) sw.add_port(p);
    // 0x02 unknown: flooded, never back to the sender.
    EXPECT_EQ(fwd(sw, 1, frame(0x02, 0x01)), (Ports{2, 3}));
    // 0x01 was learned behind port 1.
    EXPECT_EQ(fwd(sw, 2, frame(0x01, 0x02)), (Ports{1}));
    EXPECT_EQ(fwd(sw, 1, frame(0x02, 0x01)), (Ports{2}));
    EXPECT_EQ(sw.table_size(), 2u);
}

TEST(LearningSwitch, BroadcastAndMulticastFlood) {
    LearningSwitch sw;
    for (u32 p : {1u, 2u, 3u}) sw.add_port(p);
    fwd(sw, 2, frame(0x01, 0x02));
    EXPECT_EQ(fwd(sw, 1, frame(0, 0x01, true)), (Ports{2, 3}));
    std::vector<u8> mc = frame(0, 0x01);
    mc[0] = 0x01;  // 01:00:5e:...: group bit
    mc[1] = 0x00;
    mc[2] = 0x5e;
    EXPECT_EQ(fwd(sw, 1, mc), (Ports{2, 3}));
    // A group source is not learned.
    std::vector<u8> bad = frame(0x02, 0x07);
    bad[6] = 0x01;
    fwd(sw, 3, bad);
    EXPECT_EQ(sw.table_size(), 2u);
}

TEST(LearningSwitch, DestinationBehindTheSenderIsDropped) {
    LearningSwitch sw;
    for (u32 p : {1u, 2u}) sw.add_port(p);
    fwd(sw, 1, frame(0xff, 0x01));
    EXPECT_EQ(fwd(sw, 1, frame(0x01, 0x03)), Ports{});
}

TEST(LearningSwitch, MovesAgesAndForgets) {
    LearningSwitch sw(1000);
    for (u32 p : {1u, 2u, 3u}) sw.add_port(p);
    fwd(sw, 1, frame(0xff, 0x01), 0);
    EXPECT_EQ(fwd(sw, 2, frame(0x01, 0x02), 1000), (Ports{1}));
    // Past the aging time the entry is not used: flood.
    EXPECT_EQ(fwd(sw, 2, frame(0x01, 0x02), 1001), (Ports{1, 3}));
    // The MAC moves to port 3.
    fwd(sw, 3, frame(0x02, 0x01), 1002);
    EXPECT_EQ(fwd(sw, 2, frame(0x01, 0x02), 1003), (Ports{3}));
    // Removing the port forgets its MACs.
    sw.remove_port(3);
    EXPECT_EQ(fwd(sw, 2, frame(0x01, 0x02), 1004), (Ports{1}));
    LearningSwitch::PortId p;
    EXPECT_FALSE(sw.lookup(frame(0, 0x01).data() + 6, 1004, &p));
}

// A peer sending from a million invented MACs must not grow the table: past
// the cap new MACs are flooded to, until old entries age out and make room.
TEST(LearningSwitch, TableIsBoundedAndFullTableFloods) {
    LearningSwitch sw(1000, 64);
    for (u32 p : {1u, 2u, 3u}) sw.add_port(p);
    std::vector<u8> f = frame(0xff, 0x00, true);
    for (u32 i = 0; i < 1000000; ++i) {
        f[8] = u8(i >> 16), f[9] = u8(i >> 8), f[10] = u8(i);
        fwd(sw, 1, f, 0);
    }
    EXPECT_EQ(sw.table_size(), 64u);
    EXPECT_EQ(sw.refused_learns(), 1000000u - 64);
    fwd(sw, 2, frame(0xff, 0x02, true), 10);  // full: 52:54:00:12:34:02 is not learned
    EXPECT_EQ(fwd(sw, 3, frame(0x02, 0x03), 20), (Ports{1, 2}));
    // Once the old entries age out, a new MAC is learned again.
    fwd(sw, 2, frame(0xff, 0x02, true), 2000);
    EXPECT_EQ(fwd(sw, 3, frame(0x02, 0x03), 2001), (Ports{2}));
    EXPECT_LE(sw.table_size(), 64u);
}

TEST(LearningSwitch, RuntFramesGoNowhere) {
    LearningSwitch sw;
    sw.add_port(1);
    sw.add_port(2);
    std::vector<u8> f = frame(0xff, 0x01, true);
    Ports out{9};
    sw.forward(1, f.data(), 13, 0, &out);
    EXPECT_TRUE(out.empty());
    EXPECT_EQ(sw.table_size(), 0u);
}

}  // namespace
}  // namespace bw::netd
