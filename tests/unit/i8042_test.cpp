#include "core/dev/input/i8042.h"

#include <gtest/gtest.h>

namespace bw {
namespace {

constexpr u32 DATA = 0, CMD = 4;
constexpr u16 KEY_A = 30;

class I8042Test : public ::testing::Test {
  protected:
    u8 status() { return u8(kbc.read(CMD, 1)); }
    u8 data() { return u8(kbc.read(DATA, 1)); }
    void command(u8 c) { kbc.write(CMD, c, 1); }
    void put(u8 d) { kbc.write(DATA, d, 1); }
    I8042 kbc;
};

TEST_F(I8042Test, ResetStateAndSelfTest) {
    EXPECT_EQ(status(), I8042::STAT_CMD | I8042::STAT_UNLOCKED);
    command(0x20);
    EXPECT_EQ(status() & I8042::STAT_OBF, I8042::STAT_OBF);
    EXPECT_EQ(data(), 0x03);  // both interrupts enabled
    EXPECT_EQ(status() & I8042::STAT_OBF, 0);
    command(0xaa);
    EXPECT_EQ(data(), 0x55);
    EXPECT_TRUE(status() & I8042::STAT_SELFTEST);
    command(0xab);
    EXPECT_EQ(data(), 0x00);
    command(0xa9);
    EXPECT_EQ(data(), 0x00);
    command(0xd0);
    EXPECT_EQ(data(), 0xcf);
    command(0xc0);
    EXPECT_EQ(data(), 0x80);
}

TEST_F(I8042Test, KeyboardThroughTranslation) {
    // Linux's i8042 sets the command byte: interrupts, translation.
    command(0x60);
    put(0x47);
    EXPECT_TRUE(kbc.keyboard().state().translate);
    put(0xff);  // keyboard reset
    EXPECT_TRUE(kbc.irq_kbd.level());
    EXPECT_FALSE(kbc.irq_mouse.level());
    EXPECT_EQ(status() & (I8042::STAT_OBF | I8042::STAT_MOUSE_OBF), I8042::STAT_OBF);
    EXPECT_EQ(data(), 0xfa);
    EXPECT_TRUE(kbc.irq_kbd.level());
    EXPECT_EQ(data(), 0xaa);
    EXPECT_FALSE(kbc.irq_kbd.level());
    put(0xf2);
    EXPECT_EQ(data(), 0xfa);
    EXPECT_EQ(data(), 0xab);
    EXPECT_EQ(data(), 0x41);
    kbc.keyboard().key_event(KEY_A, true);
    kbc.keyboard().key_event(KEY_A, false);
    EXPECT_EQ(data(), 0x1e);
    EXPECT_EQ(data(), 0x9e);
    EXPECT_FALSE(kbc.irq_kbd.level());
}

TEST_F(I8042Test, MouseThroughD4) {
    command(0xd4);
    put(0xf2);
    EXPECT_TRUE(kbc.irq_mouse.level());
    EXPECT_FALSE(kbc.irq_kbd.level());
    EXPECT_EQ(status() & (I8042::STAT_OBF | I8042::STAT_MOUSE_OBF),
              I8042::STAT_OBF | I8042::STAT_MOUSE_OBF);
    EXPECT_EQ(data(), 0xfa);
    EXPECT_EQ(data(), 0x00);
    EXPECT_FALSE(kbc.irq_mouse.level());
    // 0xD3: a byte as if from the mouse; 0xD2 as if from the keyboard.
    command(0xd3);
    put(0x5a);
    EXPECT_TRUE(kbc.irq_mouse.level());
    EXPECT_EQ(data(), 0x5a);
    command(0xd2);
    put(0xa5);
    EXPECT_TRUE(kbc.irq_kbd.level());
    EXPECT_EQ(data(), 0xa5);
}

TEST_F(I8042Test, DisabledPortsHoldTheirBytes) {
    command(0xad);  // keyboard interface off
    kbc.keyboard().key_event(KEY_A, true);
    EXPECT_EQ(status() & I8042::STAT_OBF, 0);
    EXPECT_FALSE(kbc.irq_kbd.level());
    command(0xae);
    EXPECT_TRUE(kbc.irq_kbd.level());
    EXPECT_EQ(data(), 0x1c);
    // Interrupt enables: the byte waits, no IRQ.
    command(0x60);
    put(0x00);
    kbc.keyboard().key_event(KEY_A, false);
    EXPECT_TRUE(status() & I8042::STAT_OBF);
    EXPECT_FALSE(kbc.irq_kbd.level());
    EXPECT_EQ(data(), 0xf0);
}

TEST_F(I8042Test, ResetRequests) {
    int resets = 0;
    kbc.on_reset_request = [&] { resets++; };
    command(0xfe);
    EXPECT_EQ(resets, 1);
    command(0xff);  // pulse nothing
    command(0xf1);  // bit 0 not pulsed
    EXPECT_EQ(resets, 1);
    command(0xf0);  // pulse bits 3..0
    EXPECT_EQ(resets, 2);
    command(0xd1);
    put(0xce);  // output port with bit 0 clear
    EXPECT_EQ(resets, 3);
    command(0xdd);
    command(0xd0);
    EXPECT_EQ(data() & I8042::OUT_A20, 0);
}

}  // namespace
}  // namespace bw
