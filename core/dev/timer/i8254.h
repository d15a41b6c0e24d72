// Intel 8254 programmable interval timer, as QEMU 7.2's hw/timer/i8254.c.
//
// Implemented: three 16-bit counters clocked at 1.193182 MHz (a parameter),
// modes 0-5 with QEMU's output and count formulas, control word (counter
// select, access LSB/MSB/LSB-then-MSB, mode, BCD), counter latch command,
// read-back command (count and status latches), gate inputs (rising edge
// restarts modes 1, 2, 3, 5), BCD counting (the count is held in binary,
// converted on load and read). Counts come from virtual time; nothing ticks:
// counter 0 arms one Timer at its next output transition. As QEMU: the NULL
// COUNT status bit reads 0, gate low does not stop modes 0/4.
// Not here: the port 0x61 speaker/refresh register (Linux on malta never
// touches it; QEMU's malta has no device there).
//
// Interface:
//   I/O   four ports at offsets 0..3 (counters 0-2, control word), byte access.
//   out   out0: counter 0 OUT (ISA IRQ0).
//   in    set_gate(n, level) for counters' GATE pins (0 and 1 tied high, 2 low at reset).
#pragma once

#include <array>

#include "core/common/types.h"
#include "core/dev/device.h"
#include "core/dev/primecell.h"
#include "core/irq.h"
#include "core/sched/scheduler.h"

namespace bw {

class I8254 : public Device {
  public:
    static constexpr u64 kClockHz = 1193182;

    enum Access : u8 { LSB = 1, MSB = 2, WORD0 = 3, WORD1 = 4 };

    struct Counter {
        u32 count = 0x10000;  // initial count in binary, 1..0x10000
        u64 load_ns = 0;      // virtual time the count was loaded
        u8 mode = 3;
        bool bcd = false;
        u8 rw_mode = WORD0;  // access mode from the control word
        u8 read_state = WORD0;
        u8 write_state = WORD0;
        u8 write_latch = 0;  // LSB waiting for its MSB
        u16 latched_count = 0;
        u8 count_latched = 0;  // 0 or the Access state of the latch
        u8 status = 0;
        bool status_latched = false;
        bool gate = true;
    };
    struct State {
        std::array<Counter, 3> ch{};
    };

    I8254(Scheduler& scheduler, u64 clock_hz = kClockHz);

    const char* name() const override { return "i8254"; }
    void reset() override;
    u32 read(u32 offset, unsigned size) override;
    void write(u32 offset, u32 value, unsigned size) override;

    void set_gate(int n, bool level);
    // Counter |n|'s OUT pin and current count, now.
    bool output(int n) const;
    u32 count(int n) const;

    const State& state() const { return s_; }

    IrqLine out0;

  private:
    u64 ticks_since_load(const Counter& c, u64 t) const;
    bool out_at(const Counter& c, u64 t) const;
    u64 next_transition(const Counter& c, u64 t) const;  // UINT64_MAX if none
    u32 count_at(const Counter& c, u64 t) const;
    void load(int n, u32 value);
    void latch_count(Counter& c);
    // Drive OUT0 as of time |t| and arm the timer at the next transition.
    void update_irq(u64 t);

    Scheduler& sched_;
    u64 clock_hz_;
    Timer timer_;
    State s_;
    OffsetLog bad_;
};

}  // namespace bw
