// A PS/2 (MF2 AT) keyboard, as QEMU 7.2's hw/input/ps2.c models it.
//
// Implemented: the host commands 0xFF reset (FA AA), 0xF6/0xF5 reset and
// enable/disable scanning, 0xF4 enable, 0xF2 identify (FA AB 83, or FA AB 41
// when the controller translates), 0xEE echo, 0xED set LEDs, 0xF0 get/set
// scan code set (1, 2, 3; get answers the set, translated when the controller
// translates), 0xF3 typematic rate and 0xFC/0xFA make/break modes
// (acknowledged, no effect: keys do not repeat on their own), 0x00 (FA), 0x05
// (FE), anything else FE. Replies go in front of queued scan codes.
// Keys: Linux key codes through QEMU's key tables to sets 1, 2 and 3 (E0
// prefixes, and QEMU's special sequences for Pause and Print Screen that
// depend on the Ctrl/Shift/Alt keys held); while scanning is disabled key
// events are dropped. With translation on (the i8042's command byte bit 6)
// set 2 codes are turned into set 1 on their way into the queue, F0 break
// prefixes becoming the high bit of the next code.
// Not implemented: typematic repeat, per-key make/break modes of set 3.
//
// Interface:
//   in    key_event() (KeyboardSink), write() (a byte from the host),
//         set_translation() (the i8042's command byte).
//   out   Ps2Port: irq, read_data(); on_leds(mask) when the host sets the LEDs.
#pragma once

#include <functional>

#include "core/dev/input/ps2_port.h"
#include "core/ui/input.h"

namespace bw {

class Ps2Keyboard : public Ps2Port, public KeyboardSink {
  public:
    struct State {
        bool scan_enabled = true;
        bool translate = false;
        int scancode_set = 2;
        u8 leds = 0;
        u8 modifiers = 0;            // kModCtrlL ... held now
        bool need_high_bit = false;  // translation saw an F0
    };

    Ps2Keyboard() { reset(); }

    void reset();
    // A byte from the host (a command or a command's argument).
    void write(u8 value);
    void set_translation(bool on) { s_.translate = on; }
    void key_event(u16 code, bool down) override;

    const State& state() const { return s_; }
    // The scan codes of a Linux key code in set |set| (1..3): the code, with an
    // E0 prefix in bits 15..8 if it has one; 0 if the key has none.
    static u16 scancode(u16 key, int set);

    std::function<void(u8 leds)> on_leds;

  private:
    void put_code(u8 code);
    void put_codes(std::initializer_list<u8> codes);
    void reset_keyboard();
    void command(u8 value);
    void pause_key(bool down);
    void print_key(bool down);

    State s_;
};

}  // namespace bw
