// ARM PrimeCell PL190 Vectored Interrupt Controller (DDI0181).
//
// Implemented: 32 level-sensitive sources plus software interrupts, IRQ/FIQ
// selection, enable set/clear, 16 vectored slots with their priority order,
// VICVECTADDR read = acknowledge (raises the current priority level to that of
// the interrupt returned) and write = end of interrupt (restores the previous
// level), the default vector for non-vectored IRQs, PrimeCell ID registers.
// Not implemented: the PROTECTION bit is stored but user-mode accesses are not
// refused (the bus does not tell devices the CPU mode); daisy-chained VICs; test
// registers (ITCR and friends read 0, a non-zero ITCR write logs as unimplemented).
//
// Interface:
//   MMIO  one 4 KB region (offsets 0x000..0xfff).
//   in    set_input(n, level) / input(n) for sources 0..31 (VICINTSOURCE[n]).
//   out   irq (nVICIRQ, active high here), fiq (nVICFIQ).
#pragma once

#include <array>

#include "core/common/types.h"
#include "core/dev/device.h"
#include "core/dev/primecell.h"
#include "core/irq.h"

namespace bw {

class Pl190 : public Device {
  public:
    static constexpr int kSources = 32;
    static constexpr int kVectors = 16;
    // Priority levels: 0..15 vectored slots, 16 the default (non-vectored) IRQ,
    // 17 "not servicing anything".
    static constexpr int kDefaultLevel = 16;
    static constexpr int kIdleLevel = 17;

    struct State {
        u32 level = 0;       // input wires (kept across a device reset: they belong to the sources)
        u32 soft_level = 0;  // VICSOFTINT
        u32 enable = 0;      // VICINTENABLE
        u32 fiq_select = 0;  // VICINTSELECT
        u32 protection = 0;  // VICPROTECTION
        std::array<u32, kVectors + 1> vect_addr{};    // VICVECTADDR0..15, [16] = VICDEFVECTADDR
        std::array<u8, kVectors> vect_cntl{};         // VICVECTCNTL0..15: bit 5 enable, 4..0 source
        int priority = kIdleLevel;                    // level currently being serviced
        std::array<int, kIdleLevel> prev_priority{};  // level to return to on EOI, per level
    };

    Pl190();

    const char* name() const override { return "pl190"; }
    void reset() override;
    u32 read(u32 offset, unsigned size) override;
    void write(u32 offset, u32 value, unsigned size) override;

    void set_input(int n, bool level);
    IrqLine::Sink input(int n);

    const State& state() const { return s_; }

    IrqLine irq;
    IrqLine fiq;

  private:
    u32 raw() const { return s_.level | s_.soft_level; }
    u32 irq_status() const { return raw() & s_.enable & ~s_.fiq_select; }
    // Sources that may interrupt while |level| is being serviced.
    u32 preempt_mask(int level) const;
    u32 acknowledge();
    void update_irq();

    State s_;
    OffsetLog bad_;
};

}  // namespace bw
