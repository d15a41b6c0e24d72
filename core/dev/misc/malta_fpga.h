// MIPS Malta board FPGA registers (the "board logic" at 0x1f000000 on malta),
// as QEMU 7.2's hw/mips/malta.c models them.
//
// Implemented: SWITCH (reads 0), STATUS (0x10 little-endian / 0x12 big-endian),
// JMPRS (0), LEDBAR, ASCIIWORD (shows the value as 8 hex digits), ASCIIPOS0-7,
// SOFTRES (writing 0x42 requests a board reset), BRKRES, GPOUT, GPINP (echoes
// I2COUT while I2CSEL is set, as QEMU), I2CINP/I2COE/I2COUT/I2CSEL stored with
// no device on the bus (SDA reads high: no SPD EEPROM).
// Not here: the CBUS UART at +0x900 (a separate Ns16550 with regshift 3), the
// REVISION register (it lives in the boot flash area at 0x1fc00010, board's).
//
// Interface:
//   MMIO  1 MB region (registers below 0x900 and from 0xa00; the board maps
//         the UART over 0x900-0x9ff).
//   host  display_text() (8 characters) and leds() for a front end;
//         on_display_change(), on_reset_request callbacks.
#pragma once

#include <array>
#include <functional>
#include <string>

#include "core/common/types.h"
#include "core/dev/device.h"
#include "core/dev/primecell.h"

namespace bw {

class MaltaFpga : public Device {
  public:
    struct State {
        u8 leds = 0;
        u8 brk = 0x0a;
        u8 gpout = 0;
        u8 i2cin = 0x3;
        u8 i2coe = 0;
        u8 i2cout = 0x3;
        u8 i2csel = 0x1;
        std::array<char, 8> text{' ', ' ', ' ', ' ', ' ', ' ', ' ', ' '};
    };

    explicit MaltaFpga(bool big_endian = false) : big_endian_(big_endian) {}

    const char* name() const override { return "malta-fpga"; }
    void reset() override;
    u32 read(u32 offset, unsigned size) override;
    void write(u32 offset, u32 value, unsigned size) override;

    std::string display_text() const { return std::string(s_.text.begin(), s_.text.end()); }
    u8 leds() const { return s_.leds; }
    const State& state() const { return s_; }

    std::function<void()> on_display_change;
    std::function<void()> on_reset_request;

  private:
    void display_changed() {
        if (on_display_change) on_display_change();
    }

    bool big_endian_;
    State s_;
    OffsetLog bad_;
};

}  // namespace bw
