#include "core/dev/input/i8042.h"

#include "core/common/log.h"

namespace bw {

namespace {

enum : u8 {
    KBD_CCMD_READ_MODE = 0x20,
    KBD_CCMD_WRITE_MODE = 0x60,
    KBD_CCMD_GET_VERSION = 0xa1,
    KBD_CCMD_MOUSE_DISABLE = 0xa7,
    KBD_CCMD_MOUSE_ENABLE = 0xa8,
    KBD_CCMD_TEST_MOUSE = 0xa9,
    KBD_CCMD_SELF_TEST = 0xaa,
    KBD_CCMD_KBD_TEST = 0xab,
    KBD_CCMD_KBD_DISABLE = 0xad,
    KBD_CCMD_KBD_ENABLE = 0xae,
    KBD_CCMD_READ_INPORT = 0xc0,
    KBD_CCMD_READ_OUTPORT = 0xd0,
    KBD_CCMD_WRITE_OUTPORT = 0xd1,
    KBD_CCMD_WRITE_OBUF = 0xd2,
    KBD_CCMD_WRITE_AUX_OBUF = 0xd3,
    KBD_CCMD_WRITE_MOUSE = 0xd4,
    KBD_CCMD_DISABLE_A20 = 0xdd,
    KBD_CCMD_ENABLE_A20 = 0xdf,
    KBD_CCMD_PULSE_BITS_3_0 = 0xf0,
    KBD_CCMD_RESET = 0xfe,
    KBD_CCMD_NO_OP = 0xff,
};

// Byte sources (State::pending). The keyboard and mouse bits equal the
// command byte's interface-disable bits, which hold them back.
enum : u8 {
    kPendingCtrlKbd = 0x04,
    kPendingCtrlAux = 0x08,
    kPendingKbd = I8042::MODE_DISABLE_KBD,
    kPendingAux = I8042::MODE_DISABLE_MOUSE,
};

// State::obsrc.
enum : u8 { kSrcKbd = 1, kSrcMouse = 2, kSrcCtrl = 4 };

}  // namespace

I8042::I8042() {
    kbd_.irq.connect([this](bool level) { set_pending(kPendingKbd, level); });
    mouse_.irq.connect([this](bool level) { set_pending(kPendingAux, level); });
    reset();
}

void I8042::reset() {
    kbd_.reset();
    mouse_.reset();
    s_ = State{};
    update_irq_lines();
}

u8 I8042::pending() const { return s_.pending & u8(~(s_.mode & (kPendingKbd | kPendingAux))); }

void I8042::update_irq_lines() {
    bool kbd = false, mouse = false;
    if (s_.status & STAT_OBF) {
        if (s_.status & STAT_MOUSE_OBF)
            mouse = s_.mode & MODE_MOUSE_INT;
        else
            kbd = (s_.mode & MODE_KBD_INT) && !(s_.mode & MODE_DISABLE_KBD);
    }
    irq_kbd.set(kbd);
    irq_mouse.set(mouse);
}

// Loads the output buffer from the first source with a byte: the controller,
// then the keyboard, then the mouse.
void I8042::update_irq() {
    u8 p = pending();
    s_.status &= u8(~(STAT_OBF | STAT_MOUSE_OBF));
    s_.outport &= u8(~(OUT_OBF | OUT_MOUSE_OBF));
    if (p) {
        s_.status |= STAT_OBF;
        s_.outport |= OUT_OBF;
        bool mouse_side = false;
        if (p & kPendingCtrlKbd) {
            s_.obsrc = kSrcCtrl;
        } else if (p & kPendingCtrlAux) {
            s_.obsrc = kSrcCtrl;
            mouse_side = true;
        } else if (p & kPendingKbd) {
            s_.obsrc = kSrcKbd;
        } else {
            s_.obsrc = kSrcMouse;
            mouse_side = true;
        }
        if (mouse_side) {
            s_.status |= STAT_MOUSE_OBF;
            s_.outport |= OUT_MOUSE_OBF;
        }
    }
    update_irq_lines();
}

// Only an empty output buffer takes the next byte (reading it refills it).
void I8042::safe_update_irq() {
    if (s_.status & STAT_OBF) return;
    if (pending()) update_irq();
}

void I8042::set_pending(u8 bit, bool level) {
    if (level)
        s_.pending |= bit;
    else
        s_.pending &= u8(~bit);
    safe_update_irq();
}

// A controller reply (or a 0xD2/0xD3 byte), as if from the keyboard or mouse.
void I8042::queue(u8 value, bool aux) {
    s_.cbdata = value;
    s_.pending &= u8(~(kPendingCtrlKbd | kPendingCtrlAux));
    s_.pending |= aux ? kPendingCtrlAux : kPendingCtrlKbd;
    safe_update_irq();
}

u8 I8042::read_data() {
    if (s_.status & STAT_OBF) {
        s_.status &= u8(~(STAT_OBF | STAT_MOUSE_OBF));
        s_.outport &= u8(~(OUT_OBF | OUT_MOUSE_OBF));
        update_irq_lines();
        if (s_.obsrc & kSrcKbd) {
            s_.obdata = kbd_.read_data();
        } else if (s_.obsrc & kSrcMouse) {
            s_.obdata = mouse_.read_data();
        } else if (s_.obsrc & kSrcCtrl) {
            s_.obdata = s_.cbdata;
            s_.pending &= u8(~(kPendingCtrlKbd | kPendingCtrlAux));
            if (pending()) update_irq();
        }
    }
    return s_.obdata;
}

void I8042::write_outport(u8 value) {
    s_.outport = value;
    if (!(value & OUT_RESET) && on_reset_request) on_reset_request();
}

void I8042::write_command(u8 value) {
    // 0xF0-0xFF pulse output port bits 3..0 low where the command's bit is
    // clear; only bit 0 (reset) does anything.
    if ((value & KBD_CCMD_PULSE_BITS_3_0) == KBD_CCMD_PULSE_BITS_3_0)
        value = (value & 1) ? KBD_CCMD_NO_OP : KBD_CCMD_RESET;
    switch (value) {
        case KBD_CCMD_READ_MODE: queue(s_.mode, false); break;
        case KBD_CCMD_WRITE_MODE:
        case KBD_CCMD_WRITE_OBUF:
        case KBD_CCMD_WRITE_AUX_OBUF:
        case KBD_CCMD_WRITE_MOUSE:
        case KBD_CCMD_WRITE_OUTPORT: s_.write_cmd = value; break;
        case KBD_CCMD_MOUSE_DISABLE: s_.mode |= MODE_DISABLE_MOUSE; break;
        case KBD_CCMD_MOUSE_ENABLE:
            s_.mode &= u8(~MODE_DISABLE_MOUSE);
            safe_update_irq();
            break;
        case KBD_CCMD_TEST_MOUSE: queue(0x00, false); break;
        case KBD_CCMD_SELF_TEST:
            s_.status |= STAT_SELFTEST;
            queue(0x55, false);
            break;
        case KBD_CCMD_KBD_TEST: queue(0x00, false); break;
        case KBD_CCMD_KBD_DISABLE: s_.mode |= MODE_DISABLE_KBD; break;
        case KBD_CCMD_KBD_ENABLE:
            s_.mode &= u8(~MODE_DISABLE_KBD);
            safe_update_irq();
            break;
        case KBD_CCMD_READ_INPORT: queue(0x80, false); break;
        case KBD_CCMD_READ_OUTPORT: queue(s_.outport, false); break;
        case KBD_CCMD_ENABLE_A20: s_.outport |= OUT_A20; break;
        case KBD_CCMD_DISABLE_A20: s_.outport &= u8(~OUT_A20); break;
        case KBD_CCMD_RESET:
            if (on_reset_request) on_reset_request();
            break;
        case KBD_CCMD_NO_OP: break;
        default:
            log_message(LogCategory::GuestError, "i8042: unsupported command 0x%02x", value);
            break;
    }
}

void I8042::write_data(u8 value) {
    switch (s_.write_cmd) {
        case 0:
            kbd_.write(value);
            // Talking to the keyboard re-enables its interface.
            s_.mode &= u8(~MODE_DISABLE_KBD);
            safe_update_irq();
            break;
        case KBD_CCMD_WRITE_MODE:
            s_.mode = value;
            kbd_.set_translation(value & MODE_KCC);
            update_irq_lines();
            safe_update_irq();
            break;
        case KBD_CCMD_WRITE_OBUF: queue(value, false); break;
        case KBD_CCMD_WRITE_AUX_OBUF: queue(value, true); break;
        case KBD_CCMD_WRITE_OUTPORT: write_outport(value); break;
        case KBD_CCMD_WRITE_MOUSE:
            mouse_.write(value);
            s_.mode &= u8(~MODE_DISABLE_MOUSE);
            safe_update_irq();
            break;
        default: break;
    }
    s_.write_cmd = 0;
}

u32 I8042::read(u32 offset, unsigned /*size*/) {
    if (offset == 0) return read_data();
    if (offset == 4) return s_.status;
    return 0xff;
}

void I8042::write(u32 offset, u32 value, unsigned /*size*/) {
    if (offset == 0)
        write_data(u8(value));
    else if (offset == 4)
        write_command(u8(value));
}

}  // namespace bw
