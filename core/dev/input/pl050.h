// ARM PrimeCell PL050 Keyboard/Mouse Interface (DDI0143), as QEMU 7.2
// models it, with its PS/2 device (a Ps2Keyboard or a Ps2Mouse) attached.
//
// Implemented: KMICR (stored; the interrupt enables act, the enable and
// force bits do not), KMISTAT (TXEMPTY always, RXFULL while the device has
// a byte, RXPARITY the odd parity of the last byte read), KMIDATA (a read
// takes the device's next byte, or repeats the last one; a write goes to the
// device at once), KMICLKDIV (stored), KMIIR (RXINTR while a byte waits;
// TXINTR always), PrimeCell IDs.
// Interrupt: KMIINTR = (RXINTREN and a byte waits) or TXINTREN (the
// transmitter is always empty).
// Not implemented: PS/2 line timing, KMICR enable and clock/data forcing, test
// registers. reset() clears KMICR/KMICLKDIV too (QEMU's PL050 keeps them; the
// PS/2 device behind it resets in both).
//
// Interface:
//   MMIO  one 4 KB region.
//   out   irq (KMIINTR).
#pragma once

#include "core/common/types.h"
#include "core/dev/device.h"
#include "core/dev/input/ps2_keyboard.h"
#include "core/dev/input/ps2_mouse.h"
#include "core/dev/primecell.h"
#include "core/irq.h"

namespace bw {

class Pl050 : public Device {
  public:
    // KMICR bits.
    static constexpr u32 CR_TXINTREN = 1u << 3;
    static constexpr u32 CR_RXINTREN = 1u << 4;
    // KMISTAT bits.
    static constexpr u32 STAT_RXPARITY = 1u << 2;
    static constexpr u32 STAT_RXFULL = 1u << 4;
    static constexpr u32 STAT_TXEMPTY = 1u << 6;

    struct State {
        u32 cr = 0;            // KMICR
        u32 clkdiv = 0;        // KMICLKDIV
        u8 last = 0;           // the byte KMIDATA last returned
        bool pending = false;  // the device's IRQ: a byte waits
    };

    explicit Pl050(Ps2Keyboard& keyboard);
    explicit Pl050(Ps2Mouse& mouse);

    const char* name() const override { return mouse_ ? "pl050-mouse" : "pl050-kbd"; }
    void reset() override;
    u32 read(u32 offset, unsigned size) override;
    void write(u32 offset, u32 value, unsigned size) override;

    const State& state() const { return s_; }

    IrqLine irq;

  private:
    Pl050(Ps2Port& port, Ps2Keyboard* keyboard, Ps2Mouse* mouse);
    void update_irq();

    Ps2Port& port_;
    Ps2Keyboard* keyboard_;
    Ps2Mouse* mouse_;
    State s_;
    OffsetLog bad_;
};

}  // namespace bw
