// Versatile secondary interrupt controller (SIC), Versatile/PB926EJ-S user
// guide section 4.9, as QEMU's versatilepb.c models it.
//
// Implemented: 32 level-sensitive sources, STATUS/RAWSTAT, ENABLE (set/clear),
// the software interrupt on source 0 (SOFTINTSET/SOFTINTCLR), and the PIC
// pass-through: sources 21..30 whose PICENABLE bit is set also drive the primary
// VIC input of the same number directly. The OR of enabled sources goes to one
// output (VIC input 31 on versatilepb).
// Differences from QEMU: SOFTINTSET/CLR drive a real software interrupt source
// (QEMU sets the enable mask instead); a line whose pass-through is disabled is
// driven low (QEMU leaves it where it was).
//
// Interface:
//   MMIO  one 4 KB region.
//   in    set_input(n, level) / input(n), n = 0..31.
//   out   irq (combined), pic_line(n) for n = 21..30 (pass-through).
#pragma once

#include <array>

#include "core/common/types.h"
#include "core/dev/device.h"
#include "core/dev/primecell.h"
#include "core/irq.h"

namespace bw {

class VersatileSic : public Device {
  public:
    static constexpr int kSources = 32;
    static constexpr u32 kPassThroughMask = 0x7fe00000;  // sources 21..30

    struct State {
        u32 level = 0;       // input wires (kept across a device reset)
        u32 soft = 0;        // software interrupt (bit 0 only)
        u32 enable = 0;      // SIC_ENABLE
        u32 pic_enable = 0;  // SIC_PICENABLE
    };

    VersatileSic();

    const char* name() const override { return "versatile-sic"; }
    void reset() override;
    u32 read(u32 offset, unsigned size) override;
    void write(u32 offset, u32 value, unsigned size) override;

    void set_input(int n, bool level);
    IrqLine::Sink input(int n);

    // Pass-through output for source n (21..30); other n get an unused line.
    IrqLine& pic_line(int n);

    const State& state() const { return s_; }

    IrqLine irq;

  private:
    u32 raw() const { return s_.level | s_.soft; }
    void update_irq();

    State s_;
    std::array<IrqLine, kSources> pic_{};
    IrqLine unused_;
    OffsetLog bad_;
};

}  // namespace bw
