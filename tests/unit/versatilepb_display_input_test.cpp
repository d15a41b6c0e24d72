// versatilepb's CLCD and KMIs: addresses, PrimeCell IDs, the VIC/SIC lines QEMU uses,
// the SYS_CLCD format mux, display() and the InputRouter wiring.
#include <gtest/gtest.h>

#include <string>

#include "boards/versatilepb/versatilepb.h"

namespace bw {
namespace {

constexpr u32 kClcd = 0x10120000, kKmi0 = 0x10006000, kKmi1 = 0x10007000, kSys = 0x10000000,
              kSic = 0x10003000, kVic = 0x10140000;

std::unique_ptr<VersatilePb> make() {
    MachineConfig config;
    std::string error;
    std::unique_ptr<Machine> m = VersatilePb::create(config, &error);
    EXPECT_TRUE(m) << error;
    return std::unique_ptr<VersatilePb>(static_cast<VersatilePb*>(m.release()));
}

TEST(VersatilePbDisplayInput, PciDevicesItHasNoBusForAreRefused) {
    std::string error;
    MachineConfig usb;
    usb.usb_devices = {"keyboard"};
    EXPECT_FALSE(VersatilePb::create(usb, &error));
    EXPECT_EQ(error,
              "versatilepb: USB device 'keyboard' needs a USB controller, which this board "
              "does not have");
    MachineConfig sound;
    sound.sound_cards = {"ac97"};
    EXPECT_FALSE(VersatilePb::create(sound, &error));
    EXPECT_EQ(error,
              "versatilepb: sound card 'ac97' is not supported (the board's own PL041 AACI "
              "is always there)");
    MachineConfig vga;
    vga.vga = "cirrus";
    EXPECT_FALSE(VersatilePb::create(vga, &error));
    vga.vga = "none";
    EXPECT_TRUE(VersatilePb::create(vga, &error)) << error;
}

TEST(VersatilePbDisplayInput, IdsAndDisplay) {
    auto m = make();
    const u32 clcd_id[8] = {0x10, 0x11, 0x04, 0x00, 0x0d, 0xf0, 0x05, 0xb1};
    const u32 kmi_id[8] = {0x50, 0x10, 0x04, 0x00, 0x0d, 0xf0, 0x05, 0xb1};
    for (int i = 0; i < 8; i++) {
        EXPECT_EQ(m->bus.read32(kClcd + 0xfe0 + 4 * i), clcd_id[i]) << i;
        EXPECT_EQ(m->bus.read32(kKmi0 + 0xfe0 + 4 * i), kmi_id[i]) << i;
        EXPECT_EQ(m->bus.read32(kKmi1 + 0xfe0 + 4 * i), kmi_id[i]) << i;
    }
    EXPECT_EQ(m->display(), static_cast<DisplaySource*>(&m->clcd()));
    // SYS_CLCD[1:0] is the 16-bit format mux; CLCDID reads 0x1f (VGA).
    m->bus.write32(kSys + 0x50, 0x1f03);
    EXPECT_EQ(m->clcd().state().mux, 3u);
    EXPECT_EQ(m->bus.read32(kSys + 0x50), 0x1f03u);
}

TEST(VersatilePbDisplayInput, InterruptLines) {
    auto m = make();
    auto vic_raw = [&] { return m->bus.read32(kVic + 0x08); };
    auto sic_raw = [&] { return m->bus.read32(kSic + 0x04); };
    // Keyboard on KMI0, SIC 3.
    m->bus.write32(kKmi0, 0x14);  // KMIEN | KMIRXINTREN
    m->input.key(30, true);
    EXPECT_EQ(m->bus.read32(kKmi0 + 4) & 0x10, 0x10u);  // RXFULL
    EXPECT_EQ(sic_raw() & (1u << 3), 1u << 3);
    EXPECT_EQ(m->bus.read32(kKmi0 + 8), 0x1cu);
    EXPECT_EQ(sic_raw() & (1u << 3), 0u);
    // Mouse on KMI1, SIC 4: enable reporting, then a motion packet.
    m->bus.write32(kKmi1, 0x14);
    m->bus.write32(kKmi1 + 8, 0xf4);
    EXPECT_EQ(sic_raw() & (1u << 4), 1u << 4);
    EXPECT_EQ(m->bus.read32(kKmi1 + 8), 0xfau);
    m->input.pointer_rel(2, 0, 0, PointerSink::kLeft);
    EXPECT_EQ(m->bus.read32(kKmi1 + 8), 0x09u);
    EXPECT_EQ(m->bus.read32(kKmi1 + 8), 0x02u);
    EXPECT_EQ(m->bus.read32(kKmi1 + 8), 0x00u);
    EXPECT_EQ(sic_raw() & (1u << 4), 0u);
    // CLCD vertical compare on VIC 16, 1/60 s after enabling.
    m->bus.write32(kClcd + 0x1c, 0x08);   // IMSC (Versatile offset): VCOMP
    m->bus.write32(kClcd + 0x18, 0x82b);  // Control: EN | 16 bpp | PWR
    EXPECT_EQ(vic_raw() & (1u << 16), 0u);
    m->advance_idle(Pl110::kFrameNs + 1000);
    EXPECT_EQ(vic_raw() & (1u << 16), 1u << 16);
    m->bus.write32(kClcd + 0x28, 0x0c);  // ICR
    EXPECT_EQ(vic_raw() & (1u << 16), 0u);
}

}  // namespace
}  // namespace bw
