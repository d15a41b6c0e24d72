#include <gtest/gtest.h>

#include <vector>

#include "core/dev/input/ps2_keyboard.h"
#include "core/dev/input/ps2_mouse.h"

namespace bw {
namespace {

using Bytes = std::vector<u8>;

Bytes drain(Ps2Port& p) {
    Bytes out;
    while (!p.queue_empty()) out.push_back(p.read_data());
    return out;
}

// Linux key codes.
constexpr u16 KEY_ESC = 1, KEY_A = 30, KEY_LEFTCTRL = 29, KEY_LEFTSHIFT = 42, KEY_LEFTALT = 56,
              KEY_KPENTER = 96, KEY_RIGHTCTRL = 97, KEY_SYSRQ = 99, KEY_RIGHTALT = 100,
              KEY_HOME = 102, KEY_UP = 103, KEY_DELETE = 111, KEY_PAUSE = 119, KEY_LEFTMETA = 125,
              KEY_F7 = 65, KEY_102ND = 86;

TEST(Ps2Keyboard, ResetAndIdentify) {
    Ps2Keyboard kbd;
    kbd.write(0xff);
    EXPECT_EQ(drain(kbd), (Bytes{0xfa, 0xaa}));
    kbd.write(0xf2);
    EXPECT_EQ(drain(kbd), (Bytes{0xfa, 0xab, 0x83}));
    kbd.set_translation(true);
    kbd.write(0xf2);
    EXPECT_EQ(drain(kbd), (Bytes{0xfa, 0xab, 0x41}));
    kbd.write(0xee);
    EXPECT_EQ(drain(kbd), (Bytes{0xee}));
    kbd.write(0x05);
    EXPECT_EQ(drain(kbd), (Bytes{0xfe}));
    kbd.write(0x42);  // unknown
    EXPECT_EQ(drain(kbd), (Bytes{0xfe}));
    // An empty queue repeats the last byte.
    EXPECT_EQ(kbd.read_data(), 0xfe);
    EXPECT_FALSE(kbd.irq.level());
}

TEST(Ps2Keyboard, ScancodeSetAndLeds) {
    Ps2Keyboard kbd;
    u8 leds = 0xff;
    kbd.on_leds = [&](u8 l) { leds = l; };
    kbd.write(0xf0);
    EXPECT_EQ(drain(kbd), (Bytes{0xfa}));
    kbd.write(0x00);
    EXPECT_EQ(drain(kbd), (Bytes{0xfa, 0x02}));
    kbd.write(0xf0);
    kbd.write(0x04);  // no such set (and the unread ACK is dropped)
    EXPECT_EQ(drain(kbd), (Bytes{0xfe}));
    kbd.write(0xf0);
    kbd.write(0x01);
    EXPECT_EQ(drain(kbd), (Bytes{0xfa}));
    EXPECT_EQ(kbd.state().scancode_set, 1);
    kbd.set_translation(true);
    kbd.write(0xf0);
    kbd.write(0x00);
    EXPECT_EQ(drain(kbd), (Bytes{0xfa, 0x43}));  // set 1 as translated
    kbd.write(0xed);
    EXPECT_EQ(drain(kbd), (Bytes{0xfa}));
    kbd.write(0x05);
    EXPECT_EQ(drain(kbd), (Bytes{0xfa}));
    EXPECT_EQ(leds, 5);
    kbd.write(0xf3);
    kbd.write(0x20);
    EXPECT_EQ(drain(kbd), (Bytes{0xfa}));
}

TEST(Ps2Keyboard, Set2Keys) {
    Ps2Keyboard kbd;
    kbd.key_event(KEY_A, true);
    kbd.key_event(KEY_A, false);
    EXPECT_EQ(drain(kbd), (Bytes{0x1c, 0xf0, 0x1c}));
    kbd.key_event(KEY_UP, true);
    kbd.key_event(KEY_UP, false);
    EXPECT_EQ(drain(kbd), (Bytes{0xe0, 0x75, 0xe0, 0xf0, 0x75}));
    kbd.key_event(KEY_KPENTER, true);
    kbd.key_event(KEY_RIGHTALT, true);
    kbd.key_event(KEY_LEFTMETA, true);
    kbd.key_event(KEY_F7, true);
    kbd.key_event(KEY_ESC, true);
    EXPECT_EQ(drain(kbd), (Bytes{0xe0, 0x5a, 0xe0, 0x11, 0xe0, 0x1f, 0x83, 0x76}));
    EXPECT_EQ(Ps2Keyboard::scancode(KEY_DELETE, 2), 0xe071);
    EXPECT_EQ(Ps2Keyboard::scancode(KEY_HOME, 1), 0xe047);
    EXPECT_EQ(Ps2Keyboard::scancode(KEY_102ND, 2), 0x61);
    EXPECT_EQ(Ps2Keyboard::scancode(0x2ff, 2), 0);
}

TEST(Ps2Keyboard, PauseAndPrintScreen) {
    Ps2Keyboard kbd;
    kbd.key_event(KEY_PAUSE, true);
    kbd.key_event(KEY_PAUSE, false);  // no break code
    EXPECT_EQ(drain(kbd), (Bytes{0xe1, 0x14, 0x77, 0xe1, 0xf0, 0x14, 0xf0, 0x77}));
    kbd.key_event(KEY_SYSRQ, true);
    kbd.key_event(KEY_SYSRQ, false);
    EXPECT_EQ(drain(kbd), (Bytes{0xe0, 0x12, 0xe0, 0x7c, 0xe0, 0xf0, 0x7c, 0xe0, 0xf0, 0x12}));
    // Ctrl+Pause is Break.
    kbd.key_event(KEY_RIGHTCTRL, true);
    kbd.key_event(KEY_PAUSE, true);
    EXPECT_EQ(drain(kbd), (Bytes{0xe0, 0x14, 0xe0, 0x7e, 0xe0, 0xf0, 0x7e}));
    kbd.key_event(KEY_RIGHTCTRL, false);
    drain(kbd);
    // Alt+PrintScreen is SysRq.
    kbd.key_event(KEY_LEFTALT, true);
    kbd.key_event(KEY_SYSRQ, true);
    EXPECT_EQ(drain(kbd), (Bytes{0x11, 0xf0, 0x11, 0x11, 0x84}));
    kbd.key_event(KEY_LEFTALT, false);
    drain(kbd);

    // Set 1.
    kbd.write(0xf0);
    kbd.write(0x01);
    drain(kbd);
    kbd.key_event(KEY_PAUSE, true);
    EXPECT_EQ(drain(kbd), (Bytes{0xe1, 0x1d, 0x45, 0xe1, 0x9d, 0xc5}));
    kbd.key_event(KEY_LEFTSHIFT, true);
    kbd.key_event(KEY_SYSRQ, true);
    kbd.key_event(KEY_SYSRQ, false);
    EXPECT_EQ(drain(kbd), (Bytes{0x2a, 0xe0, 0x37, 0xe0, 0xb7}));
}

TEST(Ps2Keyboard, Sets1And3AndTranslation) {
    Ps2Keyboard kbd;
    kbd.write(0xf0);
    kbd.write(0x01);
    drain(kbd);
    kbd.key_event(KEY_A, true);
    kbd.key_event(KEY_A, false);
    kbd.key_event(KEY_UP, false);
    EXPECT_EQ(drain(kbd), (Bytes{0x1e, 0x9e, 0xe0, 0xc8}));
    kbd.write(0xf0);
    kbd.write(0x03);
    drain(kbd);
    kbd.key_event(KEY_A, true);
    kbd.key_event(KEY_A, false);
    kbd.key_event(KEY_UP, true);
    EXPECT_EQ(drain(kbd), (Bytes{0x1c, 0xf0, 0x1c, 0x63}));
    // Set 2 through the i8042's translation: set 1 codes come out.
    kbd.write(0xf0);
    kbd.write(0x02);
    drain(kbd);
    kbd.set_translation(true);
    kbd.key_event(KEY_A, true);
    kbd.key_event(KEY_A, false);
    kbd.key_event(KEY_UP, true);
    kbd.key_event(KEY_UP, false);
    EXPECT_EQ(drain(kbd), (Bytes{0x1e, 0x9e, 0xe0, 0x48, 0xe0, 0xc8}));
}

TEST(Ps2Keyboard, DisabledScanningAndQueueLimit) {
    Ps2Keyboard kbd;
    kbd.write(0xf5);
    EXPECT_EQ(drain(kbd), (Bytes{0xfa}));
    kbd.key_event(KEY_A, true);
    EXPECT_TRUE(kbd.queue_empty());
    kbd.write(0xf4);
    EXPECT_EQ(drain(kbd), (Bytes{0xfa}));
    for (int i = 0; i < 20; i++) kbd.key_event(KEY_A, true);
    EXPECT_EQ(kbd.queue_count(), 16);
    EXPECT_TRUE(kbd.irq.level());
    // A command reply jumps the queue.
    kbd.write(0xee);
    EXPECT_EQ(kbd.read_data(), 0xee);
    EXPECT_EQ(kbd.read_data(), 0x1c);
    // A new command drops the replies not yet read.
    kbd.write(0xf2);
    kbd.write(0xee);
    EXPECT_EQ(kbd.read_data(), 0xee);
    EXPECT_EQ(kbd.read_data(), 0x1c);
    // Reset empties the queue.
    kbd.write(0xff);
    EXPECT_EQ(drain(kbd), (Bytes{0xfa, 0xaa}));
}

TEST(Ps2Mouse, ResetIdAndIntelliMouse) {
    Ps2Mouse m;
    m.write(0xff);
    EXPECT_EQ(drain(m), (Bytes{0xfa, 0xaa, 0x00}));
    m.write(0xf2);
    EXPECT_EQ(drain(m), (Bytes{0xfa, 0x00}));
    for (u8 rate : {200, 100, 80}) {
        m.write(0xf3);
        m.write(rate);
    }
    EXPECT_EQ(drain(m), (Bytes{0xfa, 0xfa, 0xfa, 0xfa, 0xfa, 0xfa}));
    m.write(0xf2);
    EXPECT_EQ(drain(m), (Bytes{0xfa, 0x03}));
    for (u8 rate : {200, 200, 80}) {
        m.write(0xf3);
        m.write(rate);
    }
    drain(m);
    m.write(0xf2);
    EXPECT_EQ(drain(m), (Bytes{0xfa, 0x04}));
    m.write(0xf6);  // defaults keep the type
    m.write(0xe9);
    EXPECT_EQ(drain(m), (Bytes{0xfa, 0xfa, 0x00, 0x02, 100}));
    m.write(0x42);  // unknown: no answer
    EXPECT_TRUE(m.queue_empty());
}

TEST(Ps2Mouse, StreamPackets) {
    Ps2Mouse m;
    m.pointer_event(5, 5, 0, 0);  // reporting off: nothing
    EXPECT_TRUE(m.queue_empty());
    m.write(0xf4);
    EXPECT_EQ(drain(m), (Bytes{0xfa}));
    m.pointer_event(10, 3, 0, PointerSink::kLeft);
    EXPECT_EQ(drain(m), (Bytes{0x29, 10, 0xfd}));  // screen down is PS/2 negative
    m.pointer_event(-200, 0, 0, PointerSink::kRight | PointerSink::kMiddle);
    EXPECT_EQ(drain(m), (Bytes{0x1e, 0x81, 0, 0x1e, 0xb7, 0}));  // -127 then -73
    // Remote mode: only a poll sends.
    m.write(0xf0);
    drain(m);
    m.pointer_event(1, 0, 0, 0);
    EXPECT_TRUE(m.queue_empty());
    m.write(0xeb);
    EXPECT_EQ(drain(m), (Bytes{0xfa, 0x08, 1, 0}));
}

TEST(Ps2Mouse, WheelPacketsAndWrap) {
    Ps2Mouse m;
    for (u8 rate : {200, 100, 80}) {
        m.write(0xf3);
        m.write(rate);
    }
    m.write(0xf4);
    drain(m);
    m.pointer_event(0, 0, 1, 0);  // one step up
    EXPECT_EQ(drain(m), (Bytes{0x08, 0, 0, 0xff}));
    m.write(0xee);
    m.write(0x55);
    m.write(0xec);
    EXPECT_EQ(drain(m), (Bytes{0xfa, 0x55, 0xfa}));
    // A packet needs room for all of it.
    for (int i = 0; i < 5; i++) m.pointer_event(1, 0, 0, 0);
    EXPECT_EQ(m.queue_count(), 16);
}

}  // namespace
}  // namespace bw
