// Motorola MC146818A real-time clock with 128 bytes of CMOS RAM, as the PIIX4
// (and QEMU 7.2's hw/rtc/mc146818rtc.c) provides it.
//
// Implemented: time of day kept as an offset from virtual time (read from a
// host clock function at reset, then advanced only by virtual time), seconds to
// year plus the century byte (0x32), BCD or binary (register B DM), 12 or 24
// hour (register B 24/12), register A UIP set during the last 244.14 us
// (8 cycles of 32.768 kHz) before each second update and clear after it, divider
// control (only DV=010 runs the clock; leaving reset starts the first update
// 500 ms later), register B SET (freezes updates; the guest's written time is
// taken when SET clears), PIE/AIE/UIE, register C IRQF/PF/AF/UF cleared on
// read, periodic interrupt at the register A rate (only while PIE is set, as
// QEMU), alarm with don't-care values (0xc0-0xff), register D VRT.
// Not implemented: daylight-saving (DSE) and square-wave output (SQWE) are
// stored only.
//
// Interface:
//   I/O   offset 0: index (bit 7, the PC NMI mask, is ignored); offset 1: data.
//   out   irq (IRQ8, active high: IRQF).
//   host  a function returning the host's Unix time in ns, called by reset().
#pragma once

#include <array>
#include <functional>

#include "core/common/types.h"
#include "core/dev/device.h"
#include "core/dev/primecell.h"
#include "core/irq.h"
#include "core/sched/scheduler.h"

namespace bw {

class Mc146818 : public Device {
  public:
    // CMOS indices.
    enum : u8 {
        SECONDS = 0x00,
        SECONDS_ALARM = 0x01,
        MINUTES = 0x02,
        MINUTES_ALARM = 0x03,
        HOURS = 0x04,
        HOURS_ALARM = 0x05,
        DAY_OF_WEEK = 0x06,
        DAY_OF_MONTH = 0x07,
        MONTH = 0x08,
        YEAR = 0x09,
        REG_A = 0x0a,
        REG_B = 0x0b,
        REG_C = 0x0c,
        REG_D = 0x0d,
        CENTURY = 0x32,
    };
    static constexpr u8 REG_A_UIP = 0x80;
    static constexpr u8 REG_B_SET = 0x80, REG_B_PIE = 0x40, REG_B_AIE = 0x20, REG_B_UIE = 0x10,
                        REG_B_DM = 0x04, REG_B_24H = 0x02;
    static constexpr u8 REG_C_IRQF = 0x80, REG_C_PF = 0x40, REG_C_AF = 0x20, REG_C_UF = 0x10;
    // UIP lead time before an update: 8 periods of 32.768 kHz, in ns (rounded up).
    static constexpr u64 kUipNs = 244141;

    struct State {
        std::array<u8, 128> cmos{};  // time bytes hold the guest's values while SET
        u8 index = 0;
        // Unix time (ns) = origin_ns + virtual now, while the clock runs.
        i64 origin_ns = 0;
        bool running = true;  // divider DV=010 and SET clear
        i64 frozen_ns = 0;    // Unix time (ns) at which the clock stopped
    };

    Mc146818(Scheduler& scheduler, std::function<i64()> host_unix_ns, int base_year = 2000);

    const char* name() const override { return "mc146818"; }
    void reset() override;
    u32 read(u32 offset, unsigned size) override;
    void write(u32 offset, u32 value, unsigned size) override;

    // Direct CMOS access for the board (NVRAM contents) and tests.
    u8 cmos_read(u8 index);
    void cmos_write(u8 index, u8 value);
    // Current Unix time in ns as the RTC sees it.
    i64 unix_ns() const;

    const State& state() const { return s_; }

    IrqLine irq;

  private:
    bool divider_runs() const;
    void latch_time();  // encode the current time into the time bytes
    void take_time();   // decode the time bytes into the clock
    u8 encode(int v) const;
    int decode(u8 v) const;
    void set_flags(u8 flags);
    void arm_update();
    void arm_periodic();
    void on_update();
    void on_periodic();
    void update_irq();

    Scheduler& sched_;
    std::function<i64()> host_ns_;
    int base_year_;
    Timer update_timer_;
    Timer periodic_timer_;
    State s_;
};

}  // namespace bw
