#include "core/net/pcap_dump.h"

#include <gtest/gtest.h>

#include <vector>

namespace bw {
namespace {

class PcapDumpTest : public ::testing::Test {
  protected:
    Scheduler sched;
    std::vector<u8> out;
    PcapDump::Sink sink() {
        return [this](const u8* d, size_t n) { out.insert(out.end(), d, d + n); };
    }
};

TEST_F(PcapDumpTest, GlobalHeader) {
    PcapDump dump(sched, sink());
    const std::vector<u8> expect{0xd4, 0xc3, 0xb2, 0xa1, 0x02, 0x00, 0x04, 0x00,
                                 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                                 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00};
    EXPECT_EQ(out, expect);
}

TEST_F(PcapDumpTest, RecordsWithVirtualTimestamps) {
    NetHub hub;
    PcapDump dump(sched, sink(), 16, 1700000000);
    struct Sender : NetPort {
        void receive(const u8*, size_t) override {}
    } nic;
    hub.attach(&nic);
    hub.attach(&dump);
    out.clear();

    const u8 a[4] = {1, 2, 3, 4};
    sched.skip_to_next_event(2500001234);  // 2.500001234 s
    hub.send(&nic, a, sizeof a);
    std::vector<u8> b(20);
    for (size_t i = 0; i < b.size(); i++) b[i] = u8(0x80 + i);
    sched.skip_to_next_event(3000000999);  // 3.000000999 s
    hub.send(&nic, b.data(), b.size());

    std::vector<u8> expect{// 1700000002 s, 500001 us, caplen 4, len 4
                           0x02, 0xf1, 0x53, 0x65, 0x21, 0xa1, 0x07, 0x00, 0x04, 0x00, 0x00, 0x00,
                           0x04, 0x00, 0x00, 0x00, 1, 2, 3, 4,
                           // 1700000003 s, 0 us, caplen 16 (snaplen), len 20
                           0x03, 0xf1, 0x53, 0x65, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00,
                           0x14, 0x00, 0x00, 0x00};
    expect.insert(expect.end(), b.begin(), b.begin() + 16);
    EXPECT_EQ(out, expect);
    EXPECT_EQ(dump.frames(), 2u);
}

}  // namespace
}  // namespace bw
