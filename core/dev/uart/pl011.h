// ARM PrimeCell PL011 UART (DDI0183), as QEMU 7.2 models it.
//
// Implemented: a 16-entry receive FIFO (one entry with FEN clear), flushed when
// FEN changes; transmit straight to the host channel (the TX FIFO is always
// empty, so TXFE is set and TXFF/BUSY are clear); UARTFR, UARTRSR/ECR,
// UARTILPR, UARTIBRD/FBRD, UARTLCR_H, UARTCR, UARTIFLS, UARTIMSC/RIS/MIS/ICR,
// UARTDMACR (stored only), PrimeCell IDs.
// Interrupts: RXRIS is set when the FIFO level reaches the IFLS receive trigger
// (1 entry with FEN clear) and clears when a read takes it below; RTRIS (receive
// timeout) is set as soon as data arrives, since host bytes have no line timing
// (QEMU gets the same effect with a trigger level of 1), and clears when the
// FIFO empties; TXRIS is set by every UARTDR write, as in QEMU. All clear on ICR.
// Not implemented: baud-rate timing, loopback, UARTEN/TXE/RXE gating (ignored,
// like QEMU), modem status lines, break/parity/framing errors, DMA.
//
// Interface:
//   MMIO  one 4 KB region.
//   out   irq (UARTINTR, the combined interrupt).
//   chan  a CharChannel: guest bytes go to send(); host bytes are pulled when
//         the FIFO has room (the UART installs the channel's on_input_ready).
#pragma once

#include <array>

#include "core/chardev.h"
#include "core/common/types.h"
#include "core/dev/device.h"
#include "core/dev/primecell.h"
#include "core/irq.h"

namespace bw {

class Pl011 : public Device {
  public:
    static constexpr int kFifoDepth = 16;

    // UARTFR bits.
    static constexpr u32 FR_BUSY = 1u << 3;
    static constexpr u32 FR_RXFE = 1u << 4;
    static constexpr u32 FR_TXFF = 1u << 5;
    static constexpr u32 FR_RXFF = 1u << 6;
    static constexpr u32 FR_TXFE = 1u << 7;
    // Interrupt bits in UARTIMSC/RIS/MIS/ICR.
    static constexpr u32 INT_RX = 1u << 4;
    static constexpr u32 INT_TX = 1u << 5;
    static constexpr u32 INT_RT = 1u << 6;
    // UARTLCR_H.
    static constexpr u32 LCR_H_FEN = 1u << 4;

    struct State {
        std::array<u16, kFifoDepth> rx_fifo{};  // data in 7..0, error flags in 11..8
        int rx_pos = 0;                         // index of the oldest entry
        int rx_count = 0;
        u32 rsr = 0;      // UARTRSR
        u32 ilpr = 0;     // UARTILPR
        u32 ibrd = 0;     // UARTIBRD
        u32 fbrd = 0;     // UARTFBRD
        u32 lcr_h = 0;    // UARTLCR_H
        u32 cr = 0x300;   // UARTCR: TXE and RXE set at reset
        u32 ifls = 0x12;  // UARTIFLS: both triggers at 1/2
        u32 imsc = 0;     // UARTIMSC
        u32 ris = 0;      // UARTRIS
        u32 dmacr = 0;    // UARTDMACR
    };

    explicit Pl011(CharChannel& channel);
    ~Pl011() override;

    const char* name() const override { return "pl011"; }
    void reset() override;
    u32 read(u32 offset, unsigned size) override;
    void write(u32 offset, u32 value, unsigned size) override;

    const State& state() const { return s_; }

    IrqLine irq;

  private:
    int depth() const { return (s_.lcr_h & LCR_H_FEN) ? kFifoDepth : 1; }
    int rx_trigger() const;
    u32 flags() const;
    u32 read_data();
    void push_rx(u16 entry);
    void pull_input();
    void update_irq();

    CharChannel& chan_;
    State s_;
    OffsetLog bad_;
};

}  // namespace bw
