// ARM PrimeCell PL110 Colour LCD Controller (DDI0161), as QEMU 7.2 models it,
// including the Versatile/PB variant ("pl110_versatile") and the PL111.
//
// Implemented: LCDTiming0-3 (PPL and LPP give the screen size: width
// 16 * (PPL + 1), height LPP + 1, both at most 1024), LCDUPBASE/LPBASE,
// LCDControl, LCDIMSC, LCDRIS/MIS/ICR, LCDUPCURR/LPCURR (read the base
// registers), the 256-entry palette (two 5:5:5+I entries per word, I ignored),
// PrimeCell IDs (the Versatile variant answers the stock PL110 ID, as the
// board does and Linux expects). The Versatile variant swaps the LCDIMSC and
// LCDControl offsets (0x018 is Control, 0x01c IMSC), as on that board.
// Interrupts: while the controller is enabled (LCDEN and LCDPWR) a 60 Hz
// virtual-time tick sets the vertical-compare and next-base bits (QEMU's
// vblank timer, re-armed by every LCDControl write); FUF and MBERROR never.
// Display: every bpp mode QEMU renders, 1/2/4/8 palettized, 16 (the PL110's
// 5:5:5+I, or 5:6:5 through the board's format mux: mux 3 is 5:6:5 with blue
// in the low bits, mux 1 5:5:5, anything else 5:6:5 honouring LCDControl BGR),
// 24 (32-bit words), and the PL111 codes 6 (5:6:5) and 7 (4:4:4), with the
// BEBO/BEPO byte and pixel orders of QEMU's draw functions. Channels widen
// by a shift (5 bits << 3, 6 bits << 2, 4 bits << 4), never by replicating
// the top bits, and the second pixel of a 5:5:5 word is taken from bit 15, so
// frames equal QEMU's screendumps bit for bit. The framebuffer is read through
// the bus and only while all of it is RAM (QEMU draws nothing otherwise); a
// copy of the source lines decides which lines to redraw.
// Not implemented: LCDTiming clock/porch effects (no real timing), the
// lower panel (dual-panel STN), grey-scale STN, the hardware cursor (PL111),
// DMA errors. Deviations: a change of the format mux redraws at once (QEMU
// waits for the next register write); reset() returns to the power-on state,
// as the hardware does (QEMU's model has no reset: its CLCD keeps scanning out
// across a board reset until the guest reprograms it).
//
// Interface:
//   MMIO  one 4 KB region.
//   out   irq (CLCDINTR, combined).
//   in    set_mux(mode): the board's 16-bit format mux (Versatile SYS_CLCD[1:0]).
//   host  DisplaySource: refresh() renders the framebuffer into frame().
#pragma once

#include <array>
#include <vector>

#include "core/common/types.h"
#include "core/dev/device.h"
#include "core/dev/primecell.h"
#include "core/irq.h"
#include "core/mem/bus.h"
#include "core/sched/scheduler.h"
#include "core/ui/display.h"

namespace bw {

class Pl110 : public Device, public DisplaySource {
  public:
    enum class Variant { Pl110, Versatile, Pl111 };

    // LCDControl bits.
    static constexpr u32 CR_EN = 1u << 0;
    static constexpr u32 CR_BGR = 1u << 8;
    static constexpr u32 CR_BEBO = 1u << 9;
    static constexpr u32 CR_BEPO = 1u << 10;
    static constexpr u32 CR_PWR = 1u << 11;
    // Interrupt bits (LCDIMSC/RIS/MIS/ICR).
    static constexpr u32 INT_FUF = 1u << 1;
    static constexpr u32 INT_LNBU = 1u << 2;
    static constexpr u32 INT_VCOMP = 1u << 3;
    static constexpr u32 INT_MBERROR = 1u << 4;

    static constexpr u64 kFrameNs = 1000000000ull / 60;

    struct State {
        std::array<u32, 4> timing{};     // LCDTiming0-3
        u32 upbase = 0;                  // LCDUPBASE
        u32 lpbase = 0;                  // LCDLPBASE
        u32 control = 0;                 // LCDControl
        u32 imsc = 0;                    // LCDIMSC
        u32 ris = 0;                     // LCDRIS
        int cols = 0, rows = 0;          // from LCDTiming0/1
        u32 mux = 0;                     // the board's format mux input
        std::array<u32, 128> palette{};  // raw palette words
    };

    Pl110(Bus& bus, Scheduler& scheduler, Variant variant);

    const char* name() const override { return "pl110"; }
    void reset() override;
    u32 read(u32 offset, unsigned size) override;
    void write(u32 offset, u32 value, unsigned size) override;

    void set_mux(unsigned mode);

    Rect refresh() override;
    double refresh_hz() const override { return enabled() ? 60.0 : 0.0; }

    bool enabled() const { return (s_.control & CR_EN) && (s_.control & CR_PWR); }
    unsigned bpp_code() const { return (s_.control >> 1) & 7; }
    const State& state() const { return s_; }

    IrqLine irq;

  private:
    // How one line of guest bytes turns into pixels.
    enum class Format { Pal1, Pal2, Pal4, Pal8, Rgb555, Rgb565, Rgb888, Rgb444 };
    struct Mode {
        Format format;
        bool low_is_red;   // the least significant channel is red (else blue)
        bool swap_words;   // BEBO: bytes of a 32-bit word in reverse order
        bool swap_pixels;  // BEPO: pixels within a byte from the top bits down
    };

    Mode mode() const;
    int line_bytes(Format f) const;
    void draw_line(const Mode& m, const u8* src, u8* dst) const;
    void write_control(u32 value);
    void write_imsc(u32 value);
    void vblank();
    void update_irq();
    bool all_ram(u32 base, u64 len) const;

    Bus& bus_;
    Timer vblank_;
    Variant variant_;
    State s_;
    OffsetLog bad_;

    // Host side: the palette as RGB, the source lines last drawn, and whether
    // the whole frame must be redrawn.
    std::array<std::array<u8, 3>, 256> rgb_palette_{};
    std::vector<u8> shadow_;
    std::vector<u8> line_;
    bool invalidate_ = true;
};

}  // namespace bw
