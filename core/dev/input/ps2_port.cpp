#include "core/dev/input/ps2_port.h"

namespace bw {

namespace {
constexpr int kMask = Ps2Port::kBufferSize - 1;
}

bool Ps2Port::push(std::initializer_list<u8> bytes) {
    if (free_slots() < int(bytes.size())) return false;
    for (u8 b : bytes) {
        q_.data[q_.wptr] = b;
        q_.wptr = (q_.wptr + 1) & kMask;
        q_.count++;
    }
    irq.raise();
    return true;
}

// Replies are written just before the read pointer, which moves back to them:
// they come out first. QEMU does not bound them by the 16-byte limit (a
// reply is at most 3 bytes and drop_replies() runs before each command).
void Ps2Port::push_reply(std::initializer_list<u8> bytes) {
    q_.rptr = (q_.rptr - int(bytes.size())) & kMask;
    q_.cwptr = q_.rptr;
    for (u8 b : bytes) {
        q_.data[q_.cwptr] = b;
        q_.cwptr = (q_.cwptr + 1) & kMask;
        q_.count++;
    }
    irq.raise();
}

void Ps2Port::drop_replies() {
    if (q_.cwptr == -1) return;
    int n = (q_.cwptr - q_.rptr) & kMask;
    q_.count -= n;
    q_.rptr = q_.cwptr;
    q_.cwptr = -1;
}

void Ps2Port::clear_queue() {
    q_.rptr = q_.wptr = 0;
    q_.cwptr = -1;
    q_.count = 0;
}

u8 Ps2Port::read_data() {
    if (q_.count == 0) return q_.data[(q_.rptr - 1) & kMask];
    u8 v = q_.data[q_.rptr];
    q_.rptr = (q_.rptr + 1) & kMask;
    q_.count--;
    if (q_.rptr == q_.cwptr) q_.cwptr = -1;  // the replies are all read
    irq.lower();
    if (q_.count) irq.raise();
    return v;
}

}  // namespace bw
