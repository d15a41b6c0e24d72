#include "core/dev/input/pl050.h"

#include <gtest/gtest.h>

namespace bw {
namespace {

constexpr u32 KMICR = 0x00, KMISTAT = 0x04, KMIDATA = 0x08, KMICLKDIV = 0x0c, KMIIR = 0x10;
constexpr u16 KEY_A = 30;

TEST(Pl050, IdsAndStatus) {
    Ps2Keyboard kbd;
    Pl050 kmi{kbd};
    const u32 id[8] = {0x50, 0x10, 0x04, 0x00, 0x0d, 0xf0, 0x05, 0xb1};
    for (int i = 0; i < 8; i++) EXPECT_EQ(kmi.read(0xfe0 + 4 * i, 4), id[i]) << i;
    EXPECT_EQ(kmi.read(KMISTAT, 4), Pl050::STAT_TXEMPTY);
    EXPECT_EQ(kmi.read(KMIIR, 4), 2u);  // TX always ready
    kmi.write(KMICLKDIV, 8, 4);
    EXPECT_EQ(kmi.read(KMICLKDIV, 4), 8u);
}

TEST(Pl050, KeyboardBytesAndInterrupts) {
    Ps2Keyboard kbd;
    Pl050 kmi{kbd};
    kmi.write(KMICR, Pl050::CR_RXINTREN | 0x04, 4);  // RX interrupt + KMIEN
    EXPECT_FALSE(kmi.irq.level());
    kmi.write(KMIDATA, 0xff, 4);  // reset
    EXPECT_TRUE(kmi.irq.level());
    EXPECT_EQ(kmi.read(KMISTAT, 4), Pl050::STAT_TXEMPTY | Pl050::STAT_RXFULL);
    EXPECT_EQ(kmi.read(KMIIR, 4), 3u);
    EXPECT_EQ(kmi.read(KMIDATA, 4), 0xfau);
    // 0xFA has even parity; 0xAA too; 0x1C odd.
    EXPECT_EQ(kmi.read(KMISTAT, 4), Pl050::STAT_TXEMPTY | Pl050::STAT_RXFULL);
    EXPECT_EQ(kmi.read(KMIDATA, 4), 0xaau);
    EXPECT_FALSE(kmi.irq.level());
    EXPECT_EQ(kmi.read(KMIDATA, 4), 0xaau);  // nothing new: the last byte again
    kbd.key_event(KEY_A, true);
    EXPECT_TRUE(kmi.irq.level());
    EXPECT_EQ(kmi.read(KMIDATA, 4), 0x1cu);
    EXPECT_EQ(kmi.read(KMISTAT, 4), Pl050::STAT_TXEMPTY | Pl050::STAT_RXPARITY);
    // TXINTREN holds the line up: the transmitter is always empty.
    kmi.write(KMICR, Pl050::CR_TXINTREN, 4);
    EXPECT_TRUE(kmi.irq.level());
    kmi.write(KMICR, 0, 4);
    EXPECT_FALSE(kmi.irq.level());
}

TEST(Pl050, MouseCommands) {
    Ps2Mouse mouse;
    Pl050 kmi{mouse};
    kmi.write(KMIDATA, 0xf2, 4);
    EXPECT_EQ(kmi.read(KMIDATA, 4), 0xfau);
    EXPECT_EQ(kmi.read(KMIDATA, 4), 0x00u);
    EXPECT_EQ(kmi.read(KMISTAT, 4), Pl050::STAT_TXEMPTY);
    kmi.write(KMIDATA, 0xf4, 4);
    EXPECT_EQ(kmi.read(KMIDATA, 4), 0xfau);
    mouse.pointer_event(1, 0, 0, 0);
    EXPECT_EQ(kmi.read(KMIDATA, 4), 0x08u);
    // Reset takes the mouse along.
    kmi.reset();
    EXPECT_EQ(mouse.state().status, 0);
    EXPECT_EQ(kmi.read(KMISTAT, 4), Pl050::STAT_TXEMPTY);
}

}  // namespace
}  // namespace bw
