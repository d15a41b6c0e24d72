#include "core/dev/uart/pl011.h"

#include "core/common/log.h"

namespace bw {

namespace {

enum : u32 {
    UARTDR = 0x000,
    UARTRSR = 0x004,  // write: UARTECR
    UARTFR = 0x018,
    UARTILPR = 0x020,
    UARTIBRD = 0x024,
    UARTFBRD = 0x028,
    UARTLCR_H = 0x02c,
    UARTCR = 0x030,
    UARTIFLS = 0x034,
    UARTIMSC = 0x038,
    UARTRIS = 0x03c,
    UARTMIS = 0x040,
    UARTICR = 0x044,
    UARTDMACR = 0x048,
};

const PrimeCellId kId{{0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1}};

}  // namespace

Pl011::Pl011(CharChannel& channel) : chan_(channel) {
    chan_.on_input_ready = [this] { pull_input(); };
    reset();
}

Pl011::~Pl011() { chan_.on_input_ready = nullptr; }

void Pl011::reset() {
    s_ = State{};
    pull_input();
    update_irq();
}

// UARTIFLS RXIFLSEL: 1/8, 1/4, 1/2, 3/4, 7/8 of the FIFO; reserved codes act as 1/2.
int Pl011::rx_trigger() const {
    if (!(s_.lcr_h & LCR_H_FEN)) return 1;
    switch ((s_.ifls >> 3) & 7) {
        case 0: return kFifoDepth / 8;
        case 1: return kFifoDepth / 4;
        case 3: return kFifoDepth * 3 / 4;
        case 4: return kFifoDepth * 7 / 8;
        default: return kFifoDepth / 2;
    }
}

u32 Pl011::flags() const {
    u32 fr = FR_TXFE;
    if (s_.rx_count == 0) fr |= FR_RXFE;
    if (s_.rx_count >= depth()) fr |= FR_RXFF;
    return fr;
}

void Pl011::push_rx(u16 entry) {
    int slot = (s_.rx_pos + s_.rx_count) % kFifoDepth;
    s_.rx_fifo[slot] = entry;
    s_.rx_count++;
    if (s_.rx_count >= rx_trigger()) s_.ris |= INT_RX;
    s_.ris |= INT_RT;
}

// Take host bytes while the FIFO has room.
void Pl011::pull_input() {
    bool any = false;
    while (s_.rx_count < depth() && chan_.has_input()) {
        push_rx(chan_.take_input());
        any = true;
    }
    if (any) update_irq();
}

u32 Pl011::read_data() {
    // Reading an empty FIFO returns the last entry again, as QEMU does.
    u16 entry = s_.rx_fifo[s_.rx_pos];
    if (s_.rx_count > 0) {
        s_.rx_count--;
        s_.rx_pos = (s_.rx_pos + 1) % kFifoDepth;
    }
    s_.rsr = (entry >> 8) & 0xf;
    if (s_.rx_count < rx_trigger()) s_.ris &= ~INT_RX;
    if (s_.rx_count == 0) s_.ris &= ~INT_RT;
    pull_input();
    update_irq();
    return entry;
}

void Pl011::update_irq() { irq.set((s_.ris & s_.imsc) != 0); }

u32 Pl011::read(u32 offset, unsigned) {
    if (PrimeCellId::contains(offset)) return kId.read(offset);
    switch (offset & ~3u) {
        case UARTDR: return read_data();
        case UARTRSR: return s_.rsr;
        case UARTFR: return flags();
        case UARTILPR: return s_.ilpr;
        case UARTIBRD: return s_.ibrd;
        case UARTFBRD: return s_.fbrd;
        case UARTLCR_H: return s_.lcr_h;
        case UARTCR: return s_.cr;
        case UARTIFLS: return s_.ifls;
        case UARTIMSC: return s_.imsc;
        case UARTRIS: return s_.ris;
        case UARTMIS: return s_.ris & s_.imsc;
        case UARTDMACR: return s_.dmacr;
        default: bad_.bad_read(name(), offset); return 0;
    }
}

void Pl011::write(u32 offset, u32 value, unsigned) {
    switch (offset & ~3u) {
        case UARTDR:
            chan_.send(u8(value));
            s_.ris |= INT_TX;
            break;
        case UARTRSR: s_.rsr = 0; break;  // UARTECR: any write clears the errors
        case UARTFR: break;               // read-only
        case UARTILPR: s_.ilpr = value & 0xff; break;
        case UARTIBRD: s_.ibrd = value & 0xffff; break;
        case UARTFBRD: s_.fbrd = value & 0x3f; break;
        case UARTLCR_H:
            // Turning the FIFOs on or off empties them.
            if ((s_.lcr_h ^ value) & LCR_H_FEN) {
                s_.rx_count = 0;
                s_.rx_pos = 0;
                s_.ris &= ~(INT_RX | INT_RT);
            }
            s_.lcr_h = value & 0xff;
            pull_input();
            break;
        case UARTCR:
            if (value & (1u << 7))
                log_message(LogCategory::Unimplemented,
                            "pl011: loopback (UARTCR.LBE) not modelled");
            s_.cr = value & 0xffff;
            break;
        case UARTIFLS:
            s_.ifls = value & 0x3f;
            if (s_.rx_count > 0 && s_.rx_count >= rx_trigger()) s_.ris |= INT_RX;
            break;
        case UARTIMSC: s_.imsc = value & 0x7ff; break;
        case UARTICR: s_.ris &= ~value; break;
        case UARTDMACR:
            s_.dmacr = value & 7;
            if (value & 3) log_message(LogCategory::Unimplemented, "pl011: DMA not modelled");
            break;
        case UARTRIS:
        case UARTMIS: break;  // read-only
        default: bad_.bad_write(name(), offset); return;
    }
    update_irq();
}

}  // namespace bw
