#include "core/dev/input/ps2_mouse.h"

#include <algorithm>

namespace bw {

namespace {

enum : u8 {
    AUX_SET_SCALE11 = 0xe6,
    AUX_SET_SCALE21 = 0xe7,
    AUX_SET_RES = 0xe8,
    AUX_GET_SCALE = 0xe9,
    AUX_SET_STREAM = 0xea,
    AUX_POLL = 0xeb,
    AUX_RESET_WRAP = 0xec,
    AUX_SET_WRAP = 0xee,
    AUX_SET_REMOTE = 0xf0,
    AUX_GET_TYPE = 0xf2,
    AUX_SET_SAMPLE = 0xf3,
    AUX_ENABLE_DEV = 0xf4,
    AUX_DISABLE_DEV = 0xf5,
    AUX_SET_DEFAULT = 0xf6,
    AUX_RESET = 0xff,
    AUX_ACK = 0xfa,
};

int clamp(int v, int limit) { return std::clamp(v, -limit, limit); }

}  // namespace

void Ps2Mouse::reset() {
    clear_queue();
    write_cmd_ = kIdle;
    s_ = State{};
    irq.lower();
}

// One packet from the accumulated deltas; false if the queue has no room.
bool Ps2Mouse::send_packet() {
    int needed = s_.type ? 4 : 3;
    if (free_slots() < needed) return false;
    int dx = clamp(s_.dx, 127), dy = clamp(s_.dy, 127);
    u8 b0 = u8(0x08 | (dx < 0) << 4 | (dy < 0) << 5 | (s_.buttons & 7));
    u8 extra = 0;
    switch (s_.type) {
        case 3: {
            int dz = clamp(s_.dz, 127);
            extra = u8(dz);
            s_.dz -= dz;
            s_.dw = 0;
            break;
        }
        case 4:
            // Linux's exps/2 layout: a horizontal step in bits 5..0 with bit
            // 6 set, else the vertical wheel in 3..0 and buttons 4/5 in 5..4.
            if (s_.dw != 0) {
                int dw = clamp(s_.dw, 31);
                extra = u8((dw & 0x3f) | 0x40);
                s_.dw -= dw;
            } else {
                int dz = clamp(s_.dz, 7);
                extra = u8((dz & 0x0f) | ((s_.buttons & 0x18) << 1));
                s_.dz -= dz;
            }
            break;
        default:  // no wheel: forget it
            s_.dz = 0;
            s_.dw = 0;
            break;
    }
    if (s_.type)
        push({b0, u8(dx), u8(dy), extra});
    else
        push({b0, u8(dx), u8(dy)});
    s_.dx -= dx;
    s_.dy -= dy;
    return true;
}

void Ps2Mouse::sync() {
    if (s_.status & kStatusRemote) return;
    while (send_packet()) {
        if (s_.dx == 0 && s_.dy == 0 && s_.dz == 0 && s_.dw == 0) break;
    }
}

// A host event: screen y grows downwards, PS/2 y upwards; a wheel step up is
// a negative z.
void Ps2Mouse::pointer_event(int dx, int dy, int wheel, u32 buttons) {
    if (!(s_.status & kStatusEnabled)) return;
    s_.dx += dx;
    s_.dy -= dy;
    s_.dz -= wheel;
    u8 b = 0;
    if (buttons & kLeft) b |= 1;
    if (buttons & kRight) b |= 2;
    if (buttons & kMiddle) b |= 4;
    s_.buttons = b;
    sync();
}

void Ps2Mouse::sample_rate(u8 value) {
    s_.sample_rate = value;
    switch (s_.detect_state) {
        case 1: s_.detect_state = value == 100 ? 2 : value == 200 ? 3 : 0; break;
        case 2:
            if (value == 80) s_.type = 3;
            s_.detect_state = 0;
            break;
        case 3:
            if (value == 80) s_.type = 4;
            s_.detect_state = 0;
            break;
        default:
            if (value == 200) s_.detect_state = 1;
            break;
    }
}

void Ps2Mouse::write(u8 value) {
    int cmd = write_cmd_;
    switch (cmd) {
        case AUX_SET_SAMPLE:
            sample_rate(value);
            push({AUX_ACK});
            write_cmd_ = kIdle;
            return;
        case AUX_SET_RES:
            s_.resolution = value;
            push({AUX_ACK});
            write_cmd_ = kIdle;
            return;
        default: break;
    }
    if (s_.wrap) {
        if (value == AUX_RESET_WRAP) {
            s_.wrap = false;
            push({AUX_ACK});
            return;
        }
        if (value != AUX_RESET) {
            push({value});
            return;
        }
    }
    command(value);
}

void Ps2Mouse::command(u8 value) {
    switch (value) {
        case AUX_SET_SCALE11:
            s_.status &= u8(~kStatusScale21);
            push({AUX_ACK});
            break;
        case AUX_SET_SCALE21:
            s_.status |= kStatusScale21;
            push({AUX_ACK});
            break;
        case AUX_SET_STREAM:
            s_.status &= u8(~kStatusRemote);
            push({AUX_ACK});
            break;
        case AUX_SET_WRAP:
            s_.wrap = true;
            push({AUX_ACK});
            break;
        case AUX_SET_REMOTE:
            s_.status |= kStatusRemote;
            push({AUX_ACK});
            break;
        case AUX_GET_TYPE: push({AUX_ACK, s_.type}); break;
        case AUX_SET_RES:
        case AUX_SET_SAMPLE:
            write_cmd_ = value;
            push({AUX_ACK});
            break;
        case AUX_GET_SCALE: push({AUX_ACK, s_.status, s_.resolution, s_.sample_rate}); break;
        case AUX_POLL:
            push({AUX_ACK});
            send_packet();
            break;
        case AUX_ENABLE_DEV:
            s_.status |= kStatusEnabled;
            push({AUX_ACK});
            break;
        case AUX_DISABLE_DEV:
            s_.status &= u8(~kStatusEnabled);
            push({AUX_ACK});
            break;
        case AUX_SET_DEFAULT:
            s_.sample_rate = 100;
            s_.resolution = 2;
            s_.status = 0;
            push({AUX_ACK});
            break;
        case AUX_RESET:
            s_.sample_rate = 100;
            s_.resolution = 2;
            s_.status = 0;
            s_.type = 0;
            // Wrap mode survives a reset in QEMU.
            clear_queue();
            push({AUX_ACK, 0xaa, s_.type});
            break;
        default: break;  // QEMU neither acts nor answers
    }
}

}  // namespace bw
