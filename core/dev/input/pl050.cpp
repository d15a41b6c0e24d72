#include "core/dev/input/pl050.h"

namespace bw {

namespace {

enum : u32 {
    KMICR = 0x00,
    KMISTAT = 0x04,
    KMIDATA = 0x08,
    KMICLKDIV = 0x0c,
    KMIIR = 0x10,
};

const PrimeCellId kId{{0x50, 0x10, 0x04, 0x00, 0x0d, 0xf0, 0x05, 0xb1}};

bool odd_parity(u8 v) {
    v ^= v >> 4;
    v ^= v >> 2;
    v ^= v >> 1;
    return v & 1;
}

}  // namespace

Pl050::Pl050(Ps2Port& port, Ps2Keyboard* keyboard, Ps2Mouse* mouse)
    : port_(port), keyboard_(keyboard), mouse_(mouse) {
    port_.irq.connect([this](bool level) {
        s_.pending = level;
        update_irq();
    });
}

Pl050::Pl050(Ps2Keyboard& keyboard) : Pl050(keyboard, &keyboard, nullptr) {}
Pl050::Pl050(Ps2Mouse& mouse) : Pl050(mouse, nullptr, &mouse) {}

// The PS/2 device is part of the interface: a reset resets both.
void Pl050::reset() {
    if (keyboard_) keyboard_->reset();
    if (mouse_) mouse_->reset();
    s_ = State{};
    s_.pending = port_.irq.level();
    update_irq();
}

void Pl050::update_irq() {
    irq.set((s_.pending && (s_.cr & CR_RXINTREN)) || (s_.cr & CR_TXINTREN));
}

u32 Pl050::read(u32 offset, unsigned /*size*/) {
    if (PrimeCellId::contains(offset)) return kId.read(offset);
    switch (offset & ~3u) {
        case KMICR: return s_.cr;
        case KMISTAT: {
            u32 stat = STAT_TXEMPTY;
            if (odd_parity(s_.last)) stat |= STAT_RXPARITY;
            if (s_.pending) stat |= STAT_RXFULL;
            return stat;
        }
        case KMIDATA:
            if (s_.pending) s_.last = port_.read_data();
            return s_.last;
        case KMICLKDIV: return s_.clkdiv;
        case KMIIR: return (s_.pending ? 1u : 0u) | 2u;
        default: bad_.bad_read(name(), offset); return 0;
    }
}

void Pl050::write(u32 offset, u32 value, unsigned /*size*/) {
    switch (offset & ~3u) {
        case KMICR:
            s_.cr = value;
            update_irq();
            break;
        case KMIDATA:
            if (mouse_)
                mouse_->write(u8(value));
            else
                keyboard_->write(u8(value));
            break;
        case KMICLKDIV: s_.clkdiv = value; break;
        default: bad_.bad_write(name(), offset); break;
    }
}

}  // namespace bw
