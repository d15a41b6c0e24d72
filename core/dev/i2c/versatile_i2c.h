// ARM Versatile I2C controller (the SBCon two-wire interface), as QEMU 7.2's
// versatile_i2c.c models it; Linux drives it with i2c-versatile + i2c-algo-bit.
//
// The controller is two open-drain lines under software control, nothing more:
// I2C_CONTROLS (write 0x00) sets line bits, I2C_CONTROLC (write 0x04) clears
// them, I2C_CONTROL (read 0x00) returns SCL as driven and SDA as seen on the
// wire (the wired-AND with the target's output). A BitbangI2c decodes the line
// changes into transfers on the controller's I2cBus.
// Differences from QEMU: the lines come out of reset released (QEMU starts its
// register at 0 while its decoder assumes both lines high); an unknown offset
// reads 0 (QEMU: all ones).
//
// Interface:
//   MMIO  one 4 KB region.
//   bus   bus(): attach I2C targets (reset with the controller).
#pragma once

#include "core/common/types.h"
#include "core/dev/device.h"
#include "core/dev/i2c/bitbang_i2c.h"
#include "core/dev/i2c/i2c_bus.h"
#include "core/dev/primecell.h"

namespace bw {

class VersatileI2c : public Device {
  public:
    // I2C_CONTROL bits.
    static constexpr u32 SCL = 1u << 0;
    static constexpr u32 SDA = 1u << 1;

    struct State {
        u32 out = SCL | SDA;  // lines as the master drives them
    };

    VersatileI2c();

    const char* name() const override { return "versatile-i2c"; }
    void reset() override;
    u32 read(u32 offset, unsigned size) override;
    void write(u32 offset, u32 value, unsigned size) override;

    I2cBus& bus() { return bus_; }
    const State& state() const { return s_; }
    const BitbangI2c& decoder() const { return bitbang_; }

  private:
    I2cBus bus_;
    BitbangI2c bitbang_{bus_};
    State s_;
    OffsetLog bad_;
};

}  // namespace bw
