// malta's NIC table for "e1000": -net nic,model=e1000 puts an 82540EM at the first free PCI
// slot from 18 (00:12.0, as QEMU), one NetHub per NIC; unknown models are refused.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "boards/malta/malta.h"
#include "tests/unit/malta_test_util.h"

namespace bw {
namespace {

constexpr u32 kGtCfgAddr = 0x14000cf8, kGtCfgData = 0x14000cfc;  // GT-64120 at power-on

u32 config_read(Machine& m, u32 slot, u32 reg) {
    m.bus.write32(kGtCfgAddr, 0x80000000u | slot << 11 | reg);
    return m.bus.read32(kGtCfgData);
}

std::unique_ptr<Machine> make(const std::vector<NicConfig>& nics, std::string* err) {
    MachineConfig c;
    c.nics = nics;
    return create_spinning_malta(c, err);
}

NicConfig e1000(u8 last = 0x56) {
    NicConfig n;
    n.model = "e1000";
    n.mac[5] = last;
    return n;
}

TEST(MaltaE1000, FirstFreeSlotFrom18) {
    std::string err;
    auto m = make({e1000(), e1000(0x57)}, &err);
    ASSERT_TRUE(m) << err;
    EXPECT_EQ(config_read(*m, 18, 0), 0x100e8086u);
    EXPECT_EQ(config_read(*m, 19, 0), 0x100e8086u);
    EXPECT_EQ(config_read(*m, 20, 0), 0x00b81013u);  // the Cirrus VGA after the NICs (QEMU)
    EXPECT_EQ(config_read(*m, 21, 0), 0xffffffffu);
    EXPECT_EQ(config_read(*m, 11, 0), 0xffffffffu);        // the pcnet's slot stays empty
    EXPECT_EQ(config_read(*m, 18, 0x3c) >> 8 & 0xff, 1u);  // INTA#
    EXPECT_EQ(m->net_hub_count(), 2u);
    ASSERT_TRUE(m->net_hub(0));
    EXPECT_EQ(m->net_hub(0)->port_count(), 1u);  // the NIC itself
    m->reset();
    EXPECT_EQ(config_read(*m, 18, 0), 0x100e8086u);
}

}  // namespace
}  // namespace bw
