#include "core/dev/intc/versatile_sic.h"

namespace bw {

namespace {

enum : u32 {
    SIC_STATUS = 0x00,
    SIC_RAWSTAT = 0x04,
    SIC_ENABLE = 0x08,  // read: ENABLE, write: ENSET
    SIC_ENCLR = 0x0c,
    SIC_SOFTINTSET = 0x10,  // read: the software interrupt status
    SIC_SOFTINTCLR = 0x14,
    SIC_PICENABLE = 0x20,  // read: PICENABLE, write: PICENSET
    SIC_PICENCLR = 0x24,
    // Not a SIC register: Linux's shared FPGA IRQ driver writes its
    // FIQ_ENABLE_CLEAR here at init. The SIC has no FIQ enables; ignored.
    FIQ_ENABLE_CLEAR = 0x2c,
};

}  // namespace

VersatileSic::VersatileSic() { reset(); }

void VersatileSic::reset() {
    u32 level = s_.level;
    s_ = State{};
    s_.level = level;
    update_irq();
}

void VersatileSic::set_input(int n, bool level) {
    if (n < 0 || n >= kSources) return;
    u32 bit = 1u << n;
    s_.level = level ? (s_.level | bit) : (s_.level & ~bit);
    update_irq();
}

IrqLine::Sink VersatileSic::input(int n) {
    return [this, n](bool level) { set_input(n, level); };
}

IrqLine& VersatileSic::pic_line(int n) {
    if (n < 0 || n >= kSources || !(kPassThroughMask & (1u << n))) return unused_;
    return pic_[n];
}

void VersatileSic::update_irq() {
    irq.set((raw() & s_.enable) != 0);
    for (int n = 21; n <= 30; n++) {
        u32 bit = 1u << n;
        pic_[n].set((s_.pic_enable & bit) && (s_.level & bit));
    }
}

u32 VersatileSic::read(u32 offset, unsigned) {
    switch (offset & ~3u) {
        case SIC_STATUS: return raw() & s_.enable;
        case SIC_RAWSTAT: return raw();
        case SIC_ENABLE: return s_.enable;
        case SIC_SOFTINTSET: return s_.soft;
        case SIC_PICENABLE: return s_.pic_enable;
        default: bad_.bad_read(name(), offset); return 0;
    }
}

void VersatileSic::write(u32 offset, u32 value, unsigned) {
    switch (offset & ~3u) {
        case SIC_ENABLE: s_.enable |= value; break;
        case SIC_ENCLR: s_.enable &= ~value; break;
        case SIC_SOFTINTSET: s_.soft |= value & 1; break;
        case SIC_SOFTINTCLR: s_.soft &= ~(value & 1); break;
        // Linux writes 0xffd00000; only 21..30 exist as pass-through lines.
        case SIC_PICENABLE: s_.pic_enable |= value & kPassThroughMask; break;
        case SIC_PICENCLR: s_.pic_enable &= ~value; break;
        case FIQ_ENABLE_CLEAR: return;
        default: bad_.bad_write(name(), offset); return;
    }
    update_irq();
}

}  // namespace bw
