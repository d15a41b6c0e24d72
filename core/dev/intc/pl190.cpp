#include "core/dev/intc/pl190.h"

#include "core/common/log.h"

namespace bw {

namespace {

// Register offsets (DDI0181 table 3-1).
enum : u32 {
    VICIRQSTATUS = 0x000,
    VICFIQSTATUS = 0x004,
    VICRAWINTR = 0x008,
    VICINTSELECT = 0x00c,
    VICINTENABLE = 0x010,
    VICINTENCLEAR = 0x014,
    VICSOFTINT = 0x018,
    VICSOFTINTCLEAR = 0x01c,
    VICPROTECTION = 0x020,
    VICVECTADDR = 0x030,
    VICDEFVECTADDR = 0x034,
    VICVECTADDR0 = 0x100,  // ..0x13c
    VICVECTCNTL0 = 0x200,  // ..0x23c
    VICITCR = 0x300,
    VICITIP1 = 0x304,
    VICITIP2 = 0x308,
    VICITOP1 = 0x30c,
    VICITOP2 = 0x310,
};

constexpr u8 kVectEnable = 0x20;
constexpr u8 kVectSource = 0x1f;

const PrimeCellId kId{{0x90, 0x11, 0x04, 0x00, 0x0d, 0xf0, 0x05, 0xb1}};

}  // namespace

Pl190::Pl190() { reset(); }

void Pl190::reset() {
    // The input wires are driven by the sources, which keep their levels.
    u32 level = s_.level;
    s_ = State{};
    s_.level = level;
    update_irq();
}

void Pl190::set_input(int n, bool level) {
    if (n < 0 || n >= kSources) return;
    u32 bit = 1u << n;
    s_.level = level ? (s_.level | bit) : (s_.level & ~bit);
    update_irq();
}

IrqLine::Sink Pl190::input(int n) {
    return [this, n](bool level) { set_input(n, level); };
}

u32 Pl190::preempt_mask(int level) const {
    if (level >= kIdleLevel) return ~0u;
    // Vectored slots above |level| in priority (lower index = higher priority).
    u32 mask = 0;
    for (int i = 0; i < level && i < kVectors; i++)
        if (s_.vect_cntl[i] & kVectEnable) mask |= 1u << (s_.vect_cntl[i] & kVectSource);
    return mask;
}

void Pl190::update_irq() {
    irq.set((irq_status() & preempt_mask(s_.priority)) != 0);
    fiq.set((raw() & s_.fiq_select) != 0);
}

// VICVECTADDR read: find the highest-priority pending IRQ above the current
// level, push the current level and return that slot's address. Like QEMU, the
// default address comes back when nothing is pending. Unlike QEMU (which scans
// raw inputs) only enabled, IRQ-routed sources count, as the TRM describes.
u32 Pl190::acknowledge() {
    u32 pending = irq_status();
    int level = 0;
    while (level < s_.priority && !(pending & preempt_mask(level + 1))) level++;
    if (level == kIdleLevel) return s_.vect_addr[kDefaultLevel];
    if (level < s_.priority) {
        s_.prev_priority[level] = s_.priority;
        s_.priority = level;
        update_irq();
    }
    return s_.vect_addr[s_.priority];
}

u32 Pl190::read(u32 offset, unsigned) {
    if (PrimeCellId::contains(offset)) return kId.read(offset);
    if (offset >= VICVECTADDR0 && offset < VICVECTADDR0 + 4 * kVectors)
        return s_.vect_addr[(offset - VICVECTADDR0) >> 2];
    if (offset >= VICVECTCNTL0 && offset < VICVECTCNTL0 + 4 * kVectors)
        return s_.vect_cntl[(offset - VICVECTCNTL0) >> 2];
    switch (offset & ~3u) {
        case VICIRQSTATUS: return irq_status();
        case VICFIQSTATUS: return raw() & s_.fiq_select;
        case VICRAWINTR: return raw();
        case VICINTSELECT: return s_.fiq_select;
        case VICINTENABLE: return s_.enable;
        case VICSOFTINT: return s_.soft_level;
        case VICPROTECTION: return s_.protection;
        case VICVECTADDR: return acknowledge();
        case VICDEFVECTADDR: return s_.vect_addr[kDefaultLevel];
        case VICITCR:
        case VICITIP1:
        case VICITIP2:
        case VICITOP1:
        case VICITOP2: return 0;
        default: bad_.bad_read(name(), offset); return 0;
    }
}

void Pl190::write(u32 offset, u32 value, unsigned) {
    if (offset >= VICVECTADDR0 && offset < VICVECTADDR0 + 4 * kVectors) {
        s_.vect_addr[(offset - VICVECTADDR0) >> 2] = value;
        return;
    }
    if (offset >= VICVECTCNTL0 && offset < VICVECTCNTL0 + 4 * kVectors) {
        s_.vect_cntl[(offset - VICVECTCNTL0) >> 2] = u8(value & (kVectEnable | kVectSource));
        update_irq();
        return;
    }
    switch (offset & ~3u) {
        // Linux writes the read-only status register at init; ignore it.
        case VICIRQSTATUS: break;
        case VICINTSELECT: s_.fiq_select = value; break;
        case VICINTENABLE: s_.enable |= value; break;
        case VICINTENCLEAR: s_.enable &= ~value; break;
        case VICSOFTINT: s_.soft_level |= value; break;
        case VICSOFTINTCLEAR: s_.soft_level &= ~value; break;
        case VICPROTECTION: s_.protection = value & 1; break;
        case VICVECTADDR:
            // End of interrupt: the value written is ignored.
            if (s_.priority < kIdleLevel) s_.priority = s_.prev_priority[s_.priority];
            break;
        case VICDEFVECTADDR: s_.vect_addr[kDefaultLevel] = value; break;
        case VICITCR:
            if (value & 1)
                log_message(LogCategory::Unimplemented, "pl190: test mode (VICITCR) not modelled");
            break;
        default: bad_.bad_write(name(), offset); return;
    }
    update_irq();
}

}  // namespace bw
