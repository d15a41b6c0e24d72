// versatilepb's SMC91C111: address, MAC from the configuration, SIC 25 wiring,
// QEMU's NIC model rules, and the NetHub the front end attaches back ends to.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "boards/versatilepb/versatilepb.h"

namespace bw {
namespace {

constexpr u32 kSmc = 0x10010000, kSic = 0x10003000, kVic = 0x10140000;

std::unique_ptr<Machine> make(const std::vector<NicConfig>& nics, std::string* error) {
    MachineConfig config;
    config.nics = nics;
    return VersatilePb::create(config, error);
}

TEST(VersatilePbNic, DefaultNicWithDefaultMac) {
    std::string error;
    auto m = make({}, &error);
    ASSERT_TRUE(m) << error;
    EXPECT_EQ(m->net_hub_count(), 1u);
    ASSERT_NE(m->net_hub(0), nullptr);
    EXPECT_EQ(m->net_hub(0)->port_count(), 1u);
    EXPECT_EQ(m->bus.read(kSmc + 0xe, 2), 0x3300u);
    m->bus.write(kSmc + 0xe, 1, 2);
    EXPECT_EQ(m->bus.read(kSmc + 4, 4), 0x12005452u);
    EXPECT_EQ(m->bus.read(kSmc + 8, 2), 0x5634u);
}

TEST(VersatilePbNic, MacFromConfigAndInterruptOnSic25) {
    NicConfig nic;
    nic.model = "smc91c111";
    nic.mac = {0x02, 0x11, 0x22, 0x33, 0x44, 0x55};
    std::string error;
    auto m = make({nic}, &error);
    ASSERT_TRUE(m) << error;
    m->bus.write(kSmc + 0xe, 1, 2);
    EXPECT_EQ(m->bus.read(kSmc + 4, 4), 0x33221102u);
    // TX_EMPTY is set at reset: unmasking it raises the NIC's line.
    m->bus.write(kSmc + 0xe, 2, 2);
    m->bus.write(kSmc + 0xd, 0x04, 1);
    EXPECT_EQ(m->bus.read(kSic + 0x04, 4), 1u << 25);  // SIC RAWSTAT
    EXPECT_EQ(m->bus.read(kVic + 0x08, 4) & (1u << 25), 0u);
    m->bus.write(kSic + 0x20, 1u << 25, 4);  // PICENSET: pass through to VIC 25 (Linux's DT)
    EXPECT_EQ(m->bus.read(kVic + 0x08, 4) & (1u << 25), 1u << 25);
    m->bus.write(kSmc + 0xd, 0x00, 1);
    EXPECT_EQ(m->bus.read(kVic + 0x08, 4) & (1u << 25), 0u);
    EXPECT_EQ(m->bus.read(kSic + 0x04, 4), 0u);
}

TEST(VersatilePbNic, ModelRules) {
    std::string error;
    NicConfig none;
    none.model = "none";
    auto m = make({none}, &error);
    ASSERT_TRUE(m) << error;
    EXPECT_EQ(m->net_hub_count(), 0u);
    EXPECT_EQ(m->bus.read(kSmc + 0xe, 2), 0u);  // nothing mapped

    NicConfig e1000;
    e1000.model = "e1000";
    EXPECT_FALSE(make({e1000}, &error));
    EXPECT_NE(error.find("e1000"), std::string::npos) << error;
    error.clear();
    EXPECT_FALSE(make({NicConfig{}, NicConfig{}}, &error));  // a second would be PCI
    EXPECT_FALSE(error.empty());
}

}  // namespace
}  // namespace bw
