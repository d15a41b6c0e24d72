// malta's NICs: QEMU's default pcnet at 00:0b.0, further NICs from slot 18, MACs from the
// configuration, one NetHub each, -nic none, and the one-line error for unknown models.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "boards/malta/malta.h"
#include "tests/unit/malta_test_util.h"

namespace bw {
namespace {

class MaltaNicTest : public testing::Test {
  protected:
    std::unique_ptr<Malta> make(const std::vector<NicConfig>& nics, std::string* error) {
        MachineConfig c;
        c.nics = nics;
        return create_spinning_malta(c, error);
    }
    static NicConfig nic(const std::string& model) {
        NicConfig n;
        n.model = model;
        return n;
    }
};

TEST_F(MaltaNicTest, DefaultPcnetInSlot11) {
    std::string error;
    auto m = make({}, &error);
    ASSERT_TRUE(m) << error;
    EXPECT_EQ(m->pci().config_read(11 << 3, 0, 4), 0x20001022u);
    EXPECT_EQ(m->net_hub_count(), 1u);
    EXPECT_EQ(m->net_hub(0)->port_count(), 1u);
    // Its APROM holds the default MAC.
    PciBus& pci = m->pci();
    pci.config_write(11 << 3, PciDevice::BAR0, 0x1000, 4);
    pci.config_write(11 << 3, PciDevice::COMMAND, PciDevice::COMMAND_IO, 2);
    u32 v = 0;
    ASSERT_TRUE(pci.io_read(0x1000, 2, &v));
    EXPECT_EQ(v, 0x5452u);
    ASSERT_TRUE(pci.io_read(0x1004, 2, &v));
    EXPECT_EQ(v, 0x5634u);
}

TEST_F(MaltaNicTest, FurtherNicsFromSlot18WithTheirMacs) {
    NicConfig a = nic("pcnet"), b = nic("");
    b.mac = {0x52, 0x54, 0x00, 0x12, 0x34, 0x57};
    std::string error;
    auto m = make({a, b}, &error);
    ASSERT_TRUE(m) << error;
    EXPECT_EQ(m->pci().config_read(11 << 3, 0, 4), 0x20001022u);
    EXPECT_EQ(m->pci().config_read(18 << 3, 0, 4), 0x20001022u);
    EXPECT_EQ(m->pci().config_read(19 << 3, 0, 4), 0x00b81013u);  // the VGA, as in QEMU
    EXPECT_EQ(m->pci().config_read(20 << 3, 0, 4), 0xffffffffu);
    EXPECT_EQ(m->net_hub_count(), 2u);
    PciBus& pci = m->pci();
    pci.config_write(18 << 3, PciDevice::BAR0, 0x1100, 4);
    pci.config_write(18 << 3, PciDevice::COMMAND, PciDevice::COMMAND_IO, 2);
    u32 v = 0;
    ASSERT_TRUE(pci.io_read(0x1104, 2, &v));
    EXPECT_EQ(v, 0x5734u);
}

TEST_F(MaltaNicTest, NoneAndUnknownModels) {
    std::string error;
    auto m = make({nic("none")}, &error);
    ASSERT_TRUE(m) << error;
    EXPECT_EQ(m->net_hub_count(), 0u);
    EXPECT_EQ(m->pci().config_read(11 << 3, 0, 4), 0xffffffffu);
    m = make({nic("rtl8139")}, &error);
    EXPECT_FALSE(m);
    EXPECT_EQ(error, "malta: NIC model 'rtl8139' is not supported (models: pcnet, e1000)");
}

}  // namespace
}  // namespace bw
