// National Semiconductor NS16550A UART, as QEMU 7.2's hw/char/serial.c.
//
// Implemented: RBR/THR, IER, IIR/FCR, LCR (DLAB selects DLL/DLM), MCR (with
// loopback: THR bytes come back to the receiver and MSR reflects MCR), LSR,
// MSR (DCD/DSR/CTS asserted, no deltas from the host), SCR; 16-byte receive
// and transmit FIFOs with the 1/4/8/14 receive trigger levels and the FIFO
// reset bits; interrupt priorities (line status, character timeout, received
// data, THR empty, modem status) with QEMU's THRE semantics (pending after a
// transmit or FCR TX reset, re-armed when IER.ETBEI is turned on while THR is
// empty, cleared by reading IIR while it is the reported source or by writing
// THR); character timeout after 4 character times (from the divisor and LCR)
// of no FIFO read. Transmission is instantaneous, as QEMU: bytes go to the
// channel at once and THRE/TEMT stay set.
// Not implemented: break (never received; LCR break bit stored), parity and
// framing errors, DMA mode signals.
//
// Interface:
//   I/O or MMIO  eight registers, register n at offset n << regshift (ISA: 0;
//                the malta CBUS UART: 3). Byte access.
//   out   irq (INTR). MCR.OUT2 gating is the board's business (on a PC it
//         gates the ISA line; QEMU ignores it, so does this model).
//   chan  a CharChannel: bytes pulled while the receive FIFO has room.
#pragma once

#include <array>

#include "core/chardev.h"
#include "core/common/types.h"
#include "core/dev/device.h"
#include "core/dev/primecell.h"
#include "core/irq.h"
#include "core/sched/scheduler.h"

namespace bw {

class Ns16550 : public Device {
  public:
    static constexpr int kFifoDepth = 16;

    // IER
    static constexpr u8 IER_ERBFI = 0x01, IER_ETBEI = 0x02, IER_ELSI = 0x04, IER_EDSSI = 0x08;
    // IIR
    static constexpr u8 IIR_NO_INT = 0x01, IIR_MSI = 0x00, IIR_THRI = 0x02, IIR_RDI = 0x04,
                        IIR_RLSI = 0x06, IIR_CTI = 0x0c, IIR_FIFO = 0xc0;
    // FCR
    static constexpr u8 FCR_FE = 0x01, FCR_RFR = 0x02, FCR_XFR = 0x04;
    // LCR
    static constexpr u8 LCR_DLAB = 0x80;
    // MCR
    static constexpr u8 MCR_DTR = 0x01, MCR_RTS = 0x02, MCR_OUT1 = 0x04, MCR_OUT2 = 0x08,
                        MCR_LOOP = 0x10;
    // LSR
    static constexpr u8 LSR_DR = 0x01, LSR_OE = 0x02, LSR_PE = 0x04, LSR_FE = 0x08, LSR_BI = 0x10,
                        LSR_THRE = 0x20, LSR_TEMT = 0x40, LSR_ERR = 0x80;
    // MSR
    static constexpr u8 MSR_DCTS = 0x01, MSR_CTS = 0x10, MSR_DSR = 0x20, MSR_RI = 0x40,
                        MSR_DCD = 0x80;

    struct State {
        std::array<u8, kFifoDepth> rx{};
        int rx_pos = 0;
        int rx_count = 0;
        u8 rbr = 0;  // holding register with the FIFOs off
        u8 ier = 0;
        u8 iir = IIR_NO_INT;
        u8 fcr = 0;
        u8 lcr = 0;
        u8 mcr = MCR_OUT2;
        u8 lsr = LSR_TEMT | LSR_THRE;
        u8 msr = MSR_DCD | MSR_DSR | MSR_CTS;
        u8 scr = 0;
        u16 divisor = 12;  // 9600 baud from 1.8432 MHz
        bool thr_ipending = false;
        bool timeout_ipending = false;
    };

    // |baudbase| is the input clock / 16 (115200 for a 1.8432 MHz crystal).
    Ns16550(Scheduler& scheduler, CharChannel& channel, unsigned regshift = 0,
            u32 baudbase = 115200);
    ~Ns16550() override;

    const char* name() const override { return "ns16550"; }
    void reset() override;
    u32 read(u32 offset, unsigned size) override;
    void write(u32 offset, u32 value, unsigned size) override;

    // Time of one character frame at the current settings, in ns.
    u64 char_time_ns() const;
    const State& state() const { return s_; }

    IrqLine irq;

  private:
    int rx_trigger() const;
    void receive(u8 byte);
    void pull_input();
    u8 read_rbr();
    void update_irq();

    Scheduler& sched_;
    CharChannel& chan_;
    unsigned regshift_;
    u32 baudbase_;
    Timer timeout_timer_;
    State s_;
    OffsetLog bad_;
};

}  // namespace bw
