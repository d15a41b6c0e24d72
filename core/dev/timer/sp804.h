// ARM SP804 dual-input timer module (DDI0271), two independent down-counters.
//
// Implemented per channel: free-running, periodic and one-shot modes, 16/32-bit
// counters, prescale 1/16/256, interrupt enable, TimerRIS/MIS/IntClr, TimerLoad
// (reloads the counter now) and TimerBGLoad (used at the next reload),
// TimerValue computed from virtual time. Nothing ticks: each running channel
// arms one Timer at the moment its counter reaches zero. Both channels' masked
// interrupts are ORed onto one output, as QEMU's sp804 does (TIMINTC).
// Follows QEMU (not the TRM) in that a periodic/free-running counter reloads at
// the tick it reaches zero, so a period is Load ticks (the TRM has Load+1).
// Follows the TRM (not QEMU) in that enabling the timer continues from the
// current count, free-running mode starts from the loaded value, and 16-bit mode
// uses the low 16 bits of Load. A reload value of 0 in periodic mode raises the
// interrupt once and stops the counter (QEMU disables the timer).
// Not implemented: integration test registers (TimerITCR/ITOP read 0, logged).
//
// Interface:
//   MMIO  one 4 KB region: channel 1 at 0x00..0x1f, channel 2 at 0x20..0x3f.
//   out   irq (TIMINTC: TIMINT1 | TIMINT2).
//   clock TIMCLK in Hz (1 MHz on versatilepb), a constructor parameter.
#pragma once

#include <array>

#include "core/common/types.h"
#include "core/dev/device.h"
#include "core/dev/primecell.h"
#include "core/irq.h"
#include "core/sched/scheduler.h"

namespace bw {

class Sp804 : public Device {
  public:
    struct Channel {
        u32 load = 0;            // TimerXLoad / TimerXBGLoad
        u32 control = 0x20;      // TimerXControl (IE set at reset)
        u32 counter = ~0u;       // count at |anchor_ns| (or frozen value when stopped)
        u64 anchor_ns = 0;       // virtual time at which |counter| was valid
        bool halted = false;     // one-shot counter stopped at zero
        bool int_level = false;  // TimerXRIS
    };
    struct State {
        std::array<Channel, 2> ch{};
    };

    Sp804(Scheduler& scheduler, u64 clock_hz);

    const char* name() const override { return "sp804"; }
    void reset() override;
    u32 read(u32 offset, unsigned size) override;
    void write(u32 offset, u32 value, unsigned size) override;

    const State& state() const { return s_; }

    IrqLine irq;

  private:
    bool running(int n) const;
    u32 prescale(int n) const;
    u32 count_now(int n) const;
    void freeze(int n);
    void schedule(int n);
    void expire(int n);
    u32 read_channel(int n, u32 offset);
    void write_channel(int n, u32 offset, u32 value);
    void update_irq();

    Scheduler& sched_;
    u64 clock_hz_;
    State s_;
    std::array<Timer, 2> timers_;
    OffsetLog bad_;
};

}  // namespace bw
