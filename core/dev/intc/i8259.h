// Intel 8259A programmable interrupt controller, as the cascaded pair in the
// PIIX4 (and every PC) has it, following QEMU 7.2's hw/intc/i8259.c.
//
// Implemented per chip: ICW1-ICW4 initialisation sequence (single/cascade,
// ICW4 present, vector base from ICW2, AEOI and special fully nested mode from
// ICW4), OCW1 (IMR), OCW2 (non-specific/specific EOI, rotate on non-specific
// EOI, set priority, rotate in automatic EOI mode), OCW3 (read IRR/ISR, poll,
// special mask mode), IRR/ISR/IMR, rotating priorities, edge or level
// triggering per line from the PIIX4 ELCR registers, interrupt acknowledge.
// As QEMU: ICW1 LTIM (global level mode) is ignored (logged), ICW3 is accepted
// but the cascade is fixed (slave on master line 2), buffered mode is ignored.
//
// Interface:
//   I8259       one chip; ports at offsets 0 (ICW1/OCW2/OCW3, IRR/ISR/poll)
//               and 1 (ICW2-4/OCW1, IMR). out: intr (the chip's INT pin).
//   I8259Pair   master + slave, cascade wired inside (slave INT -> master IR2).
//     master(), slave()   the two chips to map at 0x20 and 0xa0 (board's choice)
//     elcr()              the PIIX4 ELCR pair: offset 0 = ELCR1 (IRQ0-7),
//                         offset 1 = ELCR2 (IRQ8-15), to map at 0x4d0
//     set_irq(n, level)   ISA IRQ inputs 0..15
//     acknowledge()       the INTA cycle: returns the vector byte (the GT-64120
//                         interrupt-acknowledge register reads this)
//     intr()              the master's INT output, to the CPU (IP2 on malta)
#pragma once

#include "core/common/types.h"
#include "core/dev/device.h"
#include "core/dev/primecell.h"
#include "core/irq.h"

namespace bw {

class I8259 : public Device {
  public:
    struct State {
        u8 irr = 0;             // interrupt request register
        u8 isr = 0;             // in-service register
        u8 imr = 0;             // interrupt mask register
        u8 elcr = 0;            // edge (0) / level (1) per line; not cleared by ICW1
        u8 last_irr = 0;        // input levels, for edge detection
        u8 priority_add = 0;    // line with the highest priority (rotation)
        u8 irq_base = 0;        // ICW2 vector base (T7-T3)
        bool read_isr = false;  // OCW3 RR/RIS: reads of port 0 return ISR
        bool poll = false;      // OCW3 P: next read is a poll
        bool special_mask = false;
        int init_state = 0;   // 0 = operational, 1..3 = expecting ICW2..ICW4
        bool init4 = false;   // ICW1 IC4
        bool single = false;  // ICW1 SNGL
        bool auto_eoi = false;
        bool rotate_on_auto_eoi = false;
        bool special_fully_nested = false;
    };

    I8259(bool master, u8 elcr_mask);

    const char* name() const override { return master_ ? "i8259-master" : "i8259-slave"; }
    // Reset as at power-on: ELCR is cleared too (reinitialisation via ICW1 keeps it).
    void reset() override;
    u32 read(u32 offset, unsigned size) override;
    void write(u32 offset, u32 value, unsigned size) override;

    // Input line |line| (0..7) now at |level|.
    void set_input(int line, bool level);
    // Highest-priority line that would be delivered now, or -1.
    int pending() const;
    // INTA for |line|: sets ISR (unless AEOI), clears an edge request.
    void intack(int line);
    u8 irq_base() const { return s_.irq_base; }

    u8 elcr() const { return s_.elcr; }
    void set_elcr(u8 value) { s_.elcr = value & elcr_mask_; }

    const State& state() const { return s_; }

    IrqLine intr;

  private:
    int priority(u8 mask) const;
    void init_reset();
    void update_irq();

    bool master_;
    u8 elcr_mask_;
    State s_;
};

class I8259Pair {
  public:
    // The PIIX4 ELCR pair at 0x4d0/0x4d1.
    class Elcr : public Device {
      public:
        explicit Elcr(I8259Pair& pair) : pair_(pair) {}
        const char* name() const override { return "piix4-elcr"; }
        void reset() override {}  // the chips own the ELCR bits
        u32 read(u32 offset, unsigned size) override;
        void write(u32 offset, u32 value, unsigned size) override;

      private:
        I8259Pair& pair_;
        OffsetLog bad_;
    };

    I8259Pair();

    void reset();
    I8259& master() { return master_; }
    I8259& slave() { return slave_; }
    Elcr& elcr() { return elcr_; }

    // ISA interrupt request |irq| (0..15); IRQ2 is the cascade and ignored.
    void set_irq(int irq, bool level);
    // Interrupt acknowledge: the vector for the highest-priority request
    // (the spurious IRQ7/IRQ15 vector if none).
    u8 acknowledge();

    IrqLine& intr() { return master_.intr; }

  private:
    I8259 master_{true, 0xf8};  // IRQ0-2 are always edge triggered on PIIX4
    I8259 slave_{false, 0xde};  // IRQ8 and IRQ13 likewise
    Elcr elcr_{*this};
};

}  // namespace bw
