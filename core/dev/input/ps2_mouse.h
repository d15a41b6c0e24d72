// A PS/2 mouse with the IntelliMouse extensions, as QEMU 7.2's hw/input/ps2.c
// models it.
//
// Implemented: 0xFF reset (FA AA 00, defaults, queue flushed), 0xF6 set
// defaults, 0xF5/0xF4 disable/enable reporting, 0xF3 sample rate, 0xF2 get ID
// (0 for a plain PS/2 mouse, 3 after the sample rates 200, 100, 80 (IMPS/2,
// a wheel), 4 after 200, 200, 80 (IntelliMouse Explorer, wheel, two more
// buttons and a horizontal wheel)), 0xF0 remote and 0xEA stream mode, 0xEB
// poll, 0xE8 resolution, 0xE9 status (FA status resolution rate), 0xE6/0xE7
// scaling 1:1/2:1 (reported only), 0xEE/0xEC wrap mode (bytes echoed until
// 0xEC or 0xFF). Unknown commands are ignored (no reply), as in QEMU.
// Motion: deltas accumulate while reporting is enabled; in stream mode every
// host event sends packets (3 bytes, 4 with a wheel) until the deltas are
// used up, each axis clamped to +-127 per packet (the wheel to +-127 for
// IMPS/2, +-7 (or +-31 horizontally) for the Explorer), and only when the
// 16-byte queue has room for a whole packet.
// Not implemented: scaling of the deltas, rate or resolution effects.
//
// Interface:
//   in    pointer_event() (a relative PointerSink), write() (a host byte).
//   out   Ps2Port: irq, read_data().
#pragma once

#include "core/dev/input/ps2_port.h"
#include "core/ui/input.h"

namespace bw {

class Ps2Mouse : public Ps2Port, public PointerSink {
  public:
    // Status byte bits (0xE9).
    static constexpr u8 kStatusRemote = 0x40;
    static constexpr u8 kStatusEnabled = 0x20;
    static constexpr u8 kStatusScale21 = 0x10;

    struct State {
        u8 status = 0;
        u8 resolution = 0;
        u8 sample_rate = 0;
        bool wrap = false;
        u8 type = 0;           // 0 PS/2, 3 IMPS/2, 4 IMEX
        int detect_state = 0;  // progress through the IntelliMouse rate sequence
        int dx = 0, dy = 0, dz = 0, dw = 0;
        u8 buttons = 0;  // bit 0 left, 1 right, 2 middle, 3 side, 4 extra
    };

    Ps2Mouse() { reset(); }

    void reset();
    void write(u8 value);

    bool absolute() const override { return false; }
    void pointer_event(int dx, int dy, int wheel, u32 buttons) override;

    const State& state() const { return s_; }

  private:
    bool send_packet();
    void sync();
    void command(u8 value);
    void sample_rate(u8 value);

    State s_;
};

}  // namespace bw
