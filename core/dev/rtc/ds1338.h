// Maxim DS1338 I2C real-time clock with 56 bytes of NVRAM, as QEMU 7.2's
// ds1338.c models it (datasheet 19-5325).
//
// Implemented: the register pointer (set by the first byte written after START,
// wrapping after 0x3f); the seven BCD time registers (seconds, minutes, hours in
// 24-hour or 12-hour AM/PM mode, day of week 1-7, date, month, year 00-99 =
// 2000-2099), captured from the clock into a read buffer at every START for a
// read and whenever the pointer wraps to 0, as the chip's secondary registers
// do; writing a time register moves the clock by the difference (a field at a
// time); the day of week is an independent counter kept as an offset. The
// control register (bits 2, 3 and 6 read 0; OSF can only be cleared) and the
// NVRAM at 0x08-0x3f are plain storage.
// The clock is the host's UNIX time at reset (UTC) plus the virtual time since.
// Not implemented: the CH (clock halt) bit, the SQW/OUT pin, power loss (OSF
// reads 0 after reset, as in QEMU).
// Deviations from QEMU, both toward the datasheet: the 12/24-hour mode bit
// written to the hours register is kept (QEMU drops it, so always 24 h); writing
// the date keeps the day of week as written (QEMU keeps the day's distance from
// the date's real weekday, so Linux setting date then day-of-week in one burst
// reads back a wrong day).
//
// Interface:
//   i2c   an I2cTarget (Linux: compatible "dallas,ds1338", address 0x68).
//   time  a function returning the UNIX time (seconds) to start from at reset.
#pragma once

#include <array>
#include <functional>

#include "core/common/types.h"
#include "core/dev/i2c/i2c_bus.h"
#include "core/sched/scheduler.h"

namespace bw {

class Ds1338 : public I2cTarget {
  public:
    static constexpr unsigned kRegisters = 64;  // 8 clock/control + 56 NVRAM

    struct State {
        i64 offset = 0;      // seconds added to the host-derived clock by guest writes
        u8 wday_offset = 0;  // day-of-week register minus the real weekday, mod 7
        std::array<u8, kRegisters> regs{};  // captured time, control, NVRAM
        u8 ptr = 0;                         // register pointer
        bool addr_byte = false;             // the next written byte sets the pointer
    };

    Ds1338(Scheduler& scheduler, std::function<u64()> initial_unix_time);

    void reset() override;
    bool start(bool read) override;
    bool send(u8 byte) override;
    u8 recv() override;
    void stop() override {}

    // The UNIX time the clock shows now.
    i64 unix_time() const;
    const State& state() const { return s_; }

  private:
    void capture();
    void advance_pointer();
    void write_time_register(u8 reg, u8 value);

    Scheduler& sched_;
    std::function<u64()> initial_time_;
    i64 base_ = 0;  // clock at virtual time 0, before guest writes
    State s_;
};

}  // namespace bw
