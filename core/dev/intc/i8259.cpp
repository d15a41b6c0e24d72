#include "core/dev/intc/i8259.h"

#include "core/common/log.h"

namespace bw {

I8259::I8259(bool master, u8 elcr_mask) : master_(master), elcr_mask_(elcr_mask) { reset(); }

void I8259::reset() {
    s_ = State{};
    update_irq();
}

// ICW1 resets everything but the ELCR (and level-triggered requests stay).
void I8259::init_reset() {
    State fresh;
    fresh.elcr = s_.elcr;
    fresh.irr = s_.irr & s_.elcr;
    s_ = fresh;
    update_irq();
}

// Priority (0 = highest) of the best line in |mask| under the current rotation; 8 if none.
int I8259::priority(u8 mask) const {
    if (mask == 0) return 8;
    int p = 0;
    while (!(mask & (1u << ((p + s_.priority_add) & 7)))) p++;
    return p;
}

int I8259::pending() const {
    int p = priority(s_.irr & ~s_.imr);
    if (p == 8) return -1;
    u8 in_service = s_.isr;
    // Special mask mode: masked in-service levels do not block lower ones.
    if (s_.special_mask) in_service &= ~s_.imr;
    // Special fully nested mode: the slave may interrupt while its cascade line is in service.
    if (s_.special_fully_nested && master_) in_service &= ~(1u << 2);
    if (p < priority(in_service)) return (p + s_.priority_add) & 7;
    return -1;
}

void I8259::update_irq() { intr.set(pending() >= 0); }

void I8259::set_input(int line, bool level) {
    if (line < 0 || line > 7) return;
    u8 bit = u8(1u << line);
    if (s_.elcr & bit) {
        if (level) {
            s_.irr |= bit;
            s_.last_irr |= bit;
        } else {
            s_.irr &= ~bit;
            s_.last_irr &= ~bit;
        }
    } else {
        if (level) {
            if (!(s_.last_irr & bit)) s_.irr |= bit;  // rising edge
            s_.last_irr |= bit;
        } else {
            s_.last_irr &= ~bit;
        }
    }
    update_irq();
}

void I8259::intack(int line) {
    u8 bit = u8(1u << (line & 7));
    if (s_.auto_eoi) {
        if (s_.rotate_on_auto_eoi) s_.priority_add = u8((line + 1) & 7);
    } else {
        s_.isr |= bit;
    }
    // A level-triggered request stays until the device drops it.
    if (!(s_.elcr & bit)) s_.irr &= ~bit;
    update_irq();
}

u32 I8259::read(u32 offset, unsigned) {
    if (s_.poll) {
        // Poll command: the read acknowledges the best request (bit 7 = valid).
        s_.poll = false;
        int line = pending();
        if (line < 0) return 0;
        intack(line);
        return 0x80u | u32(line);
    }
    if ((offset & 1) == 0) return s_.read_isr ? s_.isr : s_.irr;
    return s_.imr;
}

void I8259::write(u32 offset, u32 value, unsigned) {
    u8 v = u8(value);
    if ((offset & 1) == 0) {
        if (v & 0x10) {  // ICW1
            init_reset();
            s_.init_state = 1;
            s_.init4 = v & 1;
            s_.single = v & 2;
            if (v & 0x08)
                log_message(LogCategory::Unimplemented,
                            "%s: ICW1 level-triggered mode (LTIM) not modelled", name());
        } else if (v & 0x08) {  // OCW3
            if (v & 0x04) s_.poll = true;
            if (v & 0x02) s_.read_isr = v & 1;
            if (v & 0x40) s_.special_mask = (v >> 5) & 1;
        } else {  // OCW2: R, SL, EOI in bits 7..5
            int cmd = v >> 5;
            switch (cmd) {
                case 0:  // rotate in automatic EOI mode: clear
                case 4:  // rotate in automatic EOI mode: set
                    s_.rotate_on_auto_eoi = cmd == 4;
                    break;
                case 1:    // non-specific EOI
                case 5: {  // rotate on non-specific EOI
                    int p = priority(s_.isr);
                    if (p != 8) {
                        int line = (p + s_.priority_add) & 7;
                        s_.isr &= ~(1u << line);
                        if (cmd == 5) s_.priority_add = u8((line + 1) & 7);
                        update_irq();
                    }
                    break;
                }
                case 3:  // specific EOI
                    s_.isr &= ~(1u << (v & 7));
                    update_irq();
                    break;
                case 6:  // set priority: line L becomes the lowest
                    s_.priority_add = u8((v + 1) & 7);
                    update_irq();
                    break;
                case 7:  // rotate on specific EOI
                    s_.isr &= ~(1u << (v & 7));
                    s_.priority_add = u8(((v & 7) + 1) & 7);
                    update_irq();
                    break;
                default: break;  // 2: no operation
            }
        }
        return;
    }
    switch (s_.init_state) {
        case 0:  // OCW1
            s_.imr = v;
            update_irq();
            break;
        case 1:  // ICW2
            s_.irq_base = v & 0xf8;
            s_.init_state = s_.single ? (s_.init4 ? 3 : 0) : 2;
            break;
        case 2:  // ICW3: cascade wiring is fixed
            s_.init_state = s_.init4 ? 3 : 0;
            break;
        case 3:  // ICW4
            s_.special_fully_nested = (v >> 4) & 1;
            s_.auto_eoi = (v >> 1) & 1;
            s_.init_state = 0;
            break;
        default: s_.init_state = 0; break;
    }
}

// ---------------------------------------------------------------------------

I8259Pair::I8259Pair() {
    slave_.intr.connect([this](bool level) { master_.set_input(2, level); });
}

void I8259Pair::reset() {
    slave_.reset();
    master_.reset();
}

void I8259Pair::set_irq(int irq, bool level) {
    if (irq < 0 || irq > 15 || irq == 2) return;
    if (irq < 8)
        master_.set_input(irq, level);
    else
        slave_.set_input(irq - 8, level);
}

u8 I8259Pair::acknowledge() {
    int line = master_.pending();
    if (line < 0) return u8(master_.irq_base() + 7);  // spurious IRQ7
    if (line != 2) {
        master_.intack(line);
        return u8(master_.irq_base() + line);
    }
    int sline = slave_.pending();
    u8 vector;
    if (sline >= 0) {
        slave_.intack(sline);
        vector = u8(slave_.irq_base() + sline);
    } else {
        vector = u8(slave_.irq_base() + 7);  // spurious IRQ15
    }
    master_.intack(2);
    return vector;
}

u32 I8259Pair::Elcr::read(u32 offset, unsigned) {
    switch (offset) {
        case 0: return pair_.master().elcr();  // ELCR1
        case 1: return pair_.slave().elcr();   // ELCR2
        default: bad_.bad_read(name(), offset); return 0xff;
    }
}

void I8259Pair::Elcr::write(u32 offset, u32 value, unsigned) {
    switch (offset) {
        case 0: pair_.master().set_elcr(u8(value)); break;
        case 1: pair_.slave().set_elcr(u8(value)); break;
        default: bad_.bad_write(name(), offset); break;
    }
}

}  // namespace bw
