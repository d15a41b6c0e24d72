#include "core/dev/uart/ns16550.h"

namespace bw {

namespace {

enum : u32 { RBR_THR = 0, IER = 1, IIR_FCR = 2, LCR = 3, MCR = 4, LSR = 5, MSR = 6, SCR = 7 };

}  // namespace

Ns16550::Ns16550(Scheduler& scheduler, CharChannel& channel, unsigned regshift, u32 baudbase)
    : sched_(scheduler),
      chan_(channel),
      regshift_(regshift),
      baudbase_(baudbase),
      timeout_timer_(scheduler, [this] {
          if (s_.rx_count > 0) {
              s_.timeout_ipending = true;
              update_irq();
          }
      }) {
    chan_.on_input_ready = [this] { pull_input(); };
    reset();
}

Ns16550::~Ns16550() { chan_.on_input_ready = nullptr; }

void Ns16550::reset() {
    s_ = State{};
    timeout_timer_.cancel();
    update_irq();
    pull_input();
}

u64 Ns16550::char_time_ns() const {
    unsigned bits = 1 + 5 + (s_.lcr & 3) + ((s_.lcr & 0x04) ? 2 : 1) + ((s_.lcr & 0x08) ? 1 : 0);
    // A zero divisor gives about 3500 baud, as QEMU.
    double baud = s_.divisor ? double(baudbase_) / s_.divisor : 3500.0;
    return u64(1e9 / baud * bits);
}

int Ns16550::rx_trigger() const {
    switch (s_.fcr & 0xc0) {
        case 0x00: return 1;
        case 0x40: return 4;
        case 0x80: return 8;
        default: return 14;
    }
}

void Ns16550::receive(u8 byte) {
    if (s_.fcr & FCR_FE) {
        if (s_.rx_count == kFifoDepth) {
            // Overrun: the new byte is lost and the line status says so.
            s_.lsr |= LSR_OE;
        } else {
            s_.rx[(s_.rx_pos + s_.rx_count) % kFifoDepth] = byte;
            s_.rx_count++;
        }
        s_.lsr |= LSR_DR;
        timeout_timer_.arm_in(char_time_ns() * 4);
    } else {
        if (s_.lsr & LSR_DR) s_.lsr |= LSR_OE;
        s_.rbr = byte;
        s_.lsr |= LSR_DR;
    }
}

// Take host bytes while there is room; loopback mode disconnects the input.
void Ns16550::pull_input() {
    if (s_.mcr & MCR_LOOP) return;
    bool any = false;
    while (chan_.has_input()) {
        if (s_.fcr & FCR_FE) {
            if (s_.rx_count >= kFifoDepth) break;
        } else if (s_.lsr & LSR_DR) {
            break;
        }
        receive(chan_.take_input());
        any = true;
    }
    if (any) update_irq();
}

u8 Ns16550::read_rbr() {
    u8 v;
    if (s_.fcr & FCR_FE) {
        if (s_.rx_count == 0) {
            v = 0;
        } else {
            v = s_.rx[s_.rx_pos];
            s_.rx_pos = (s_.rx_pos + 1) % kFifoDepth;
            s_.rx_count--;
        }
        if (s_.rx_count == 0) {
            s_.lsr &= ~(LSR_DR | LSR_BI);
            timeout_timer_.cancel();
        } else {
            timeout_timer_.arm_in(char_time_ns() * 4);
        }
        s_.timeout_ipending = false;
    } else {
        v = s_.rbr;
        s_.lsr &= ~(LSR_DR | LSR_BI);
    }
    update_irq();
    pull_input();
    return v;
}

void Ns16550::update_irq() {
    u8 id = IIR_NO_INT;
    if ((s_.ier & IER_ELSI) && (s_.lsr & (LSR_OE | LSR_PE | LSR_FE | LSR_BI))) {
        id = IIR_RLSI;
    } else if ((s_.ier & IER_ERBFI) && s_.timeout_ipending) {
        id = IIR_CTI;
    } else if ((s_.ier & IER_ERBFI) && (s_.lsr & LSR_DR) &&
               (!(s_.fcr & FCR_FE) || s_.rx_count >= rx_trigger())) {
        id = IIR_RDI;
    } else if ((s_.ier & IER_ETBEI) && s_.thr_ipending) {
        id = IIR_THRI;
    } else if ((s_.ier & IER_EDSSI) && (s_.msr & 0x0f)) {
        id = IIR_MSI;
    }
    s_.iir = u8(id | ((s_.fcr & FCR_FE) ? IIR_FIFO : 0));
    irq.set(id != IIR_NO_INT);
}

u32 Ns16550::read(u32 offset, unsigned) {
    u32 reg = offset >> regshift_;
    switch (reg) {
        case RBR_THR:
            if (s_.lcr & LCR_DLAB) return s_.divisor & 0xff;  // DLL
            return read_rbr();
        case IER:
            if (s_.lcr & LCR_DLAB) return s_.divisor >> 8;  // DLM
            return s_.ier;
        case IIR_FCR: {
            u8 v = s_.iir;
            // Reading IIR while it reports THRE acknowledges that interrupt.
            if ((v & 0x0f) == IIR_THRI) {
                s_.thr_ipending = false;
                update_irq();
            }
            return v;
        }
        case LCR: return s_.lcr;
        case MCR: return s_.mcr;
        case LSR: {
            u8 v = s_.lsr;
            if (s_.lsr & (LSR_BI | LSR_OE)) {
                s_.lsr &= ~(LSR_BI | LSR_OE);
                update_irq();
            }
            return v;
        }
        case MSR:
            if (s_.mcr & MCR_LOOP) {
                // Loopback: RTS->CTS, DTR->DSR, OUT1->RI, OUT2->DCD.
                return ((s_.mcr & MCR_RTS) ? MSR_CTS : 0) | ((s_.mcr & MCR_DTR) ? MSR_DSR : 0) |
                       ((s_.mcr & MCR_OUT1) ? MSR_RI : 0) | ((s_.mcr & MCR_OUT2) ? MSR_DCD : 0);
            } else {
                u8 v = s_.msr;
                if (s_.msr & 0x0f) {
                    s_.msr &= 0xf0;
                    update_irq();
                }
                return v;
            }
        case SCR: return s_.scr;
        default: bad_.bad_read(name(), offset); return 0xff;
    }
}

void Ns16550::write(u32 offset, u32 value, unsigned) {
    u32 reg = offset >> regshift_;
    u8 v = u8(value);
    switch (reg) {
        case RBR_THR:
            if (s_.lcr & LCR_DLAB) {
                s_.divisor = u16((s_.divisor & 0xff00) | v);  // DLL
                break;
            }
            s_.thr_ipending = false;
            if (s_.mcr & MCR_LOOP) {
                receive(v);
            } else {
                chan_.send(v);
            }
            // The byte left at once: THR is empty again.
            s_.lsr |= LSR_THRE | LSR_TEMT;
            s_.thr_ipending = true;
            update_irq();
            break;
        case IER:
            if (s_.lcr & LCR_DLAB) {
                s_.divisor = u16((s_.divisor & 0x00ff) | (v << 8));  // DLM
                break;
            } else {
                u8 changed = (s_.ier ^ v) & 0x0f;
                s_.ier = v & 0x0f;
                // Enabling ETBEI with THR empty raises THRE again (QEMU, Windows relies on it).
                if (changed & IER_ETBEI)
                    s_.thr_ipending = (s_.ier & IER_ETBEI) && (s_.lsr & LSR_THRE);
                if (changed) update_irq();
            }
            break;
        case IIR_FCR:
            // Switching the FIFOs on or off empties them.
            if ((v ^ s_.fcr) & FCR_FE) v |= FCR_RFR | FCR_XFR;
            if (v & FCR_RFR) {
                s_.lsr &= ~(LSR_DR | LSR_BI);
                timeout_timer_.cancel();
                s_.timeout_ipending = false;
                s_.rx_count = 0;
                s_.rx_pos = 0;
            }
            if (v & FCR_XFR) {
                s_.lsr |= LSR_THRE;
                s_.thr_ipending = true;
            }
            s_.fcr = v & 0xc9;
            update_irq();
            pull_input();
            break;
        case LCR: s_.lcr = v; break;
        case MCR: {
            bool was_loop = s_.mcr & MCR_LOOP;
            s_.mcr = v & 0x1f;
            if (was_loop && !(s_.mcr & MCR_LOOP)) pull_input();
            break;
        }
        case LSR:
        case MSR: break;  // read-only
        case SCR: s_.scr = v; break;
        default: bad_.bad_write(name(), offset); break;
    }
}

}  // namespace bw
