// ARM PrimeCell PL031 real-time clock (DDI0224), as QEMU 7.2 models it.
//
// Implemented: RTCDR counting seconds (the host's UNIX time at reset plus the
// virtual time elapsed since), RTCMR with the match interrupt (a Timer armed for
// the exact virtual instant RTCDR becomes equal to RTCMR), RTCLR (sets the
// count; reads back the value last loaded), RTCCR (always reads 1: the counter
// always runs, as in QEMU), RTCIMSC/RIS/MIS/ICR, PrimeCell IDs.
// Not implemented: the integration test registers; RTC change notifications.
//
// Interface:
//   MMIO  one 4 KB region.
//   out   irq (RTCINTR).
//   time  a function returning the UNIX time (seconds) to start from at reset.
#pragma once

#include <functional>

#include "core/common/types.h"
#include "core/dev/device.h"
#include "core/dev/primecell.h"
#include "core/irq.h"
#include "core/sched/scheduler.h"

namespace bw {

class Pl031 : public Device {
  public:
    struct State {
        u32 tick_offset = 0;  // RTCDR = tick_offset + whole virtual seconds
        u32 mr = 0;           // RTCMR
        u32 lr = 0;           // RTCLR
        u32 imsc = 0;         // RTCIMSC
        u32 ris = 0;          // RTCRIS
    };

    Pl031(Scheduler& scheduler, std::function<u64()> initial_unix_time);

    const char* name() const override { return "pl031"; }
    void reset() override;
    u32 read(u32 offset, unsigned size) override;
    void write(u32 offset, u32 value, unsigned size) override;

    const State& state() const { return s_; }

    IrqLine irq;

  private:
    u32 count() const;
    void set_alarm();
    void alarm();
    void update_irq();

    Scheduler& sched_;
    std::function<u64()> initial_time_;
    State s_;
    Timer timer_;
    OffsetLog bad_;
};

}  // namespace bw
